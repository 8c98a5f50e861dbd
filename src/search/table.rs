//! The word table: every indexed word with its postings, kept and patched between updates.

use std::cmp::Ordering;

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::encoding::{STRONG_SEPARATOR, encode_postings, front_code, js_order, patch_terms};
use super::read::{ArticleWords, map_in_parallel};

/// The articles holding one word, and those where it is a strong hit. Both sorted.
#[derive(Default, PartialEq)]
pub(super) struct Postings {
    pub(super) all: Vec<u32>,
    pub(super) strong: Vec<u32>,
}

impl Postings {
    fn add(&mut self, number: u32, strong: bool) {
        insert_sorted(&mut self.all, number);
        if strong {
            insert_sorted(&mut self.strong, number);
        }
    }

    fn remove(&mut self, number: u32) {
        remove_sorted(&mut self.all, number);
        remove_sorted(&mut self.strong, number);
    }

    fn set_strong(&mut self, number: u32, strong: bool) {
        if strong {
            insert_sorted(&mut self.strong, number);
        } else {
            remove_sorted(&mut self.strong, number);
        }
    }

    /// Renumbers the articles: `moved[n]` is the new number of article `n`, `None` to drop
    /// it. Returns whether anything changed.
    pub(super) fn remap(&mut self, moved: &[Option<u32>]) -> bool {
        let all = remap_list(&mut self.all, moved);
        let strong = remap_list(&mut self.strong, moved);
        all || strong
    }

    /// This word's entry in `postings`: all, then the strong hits after a space.
    fn encode(&self) -> Box<str> {
        let mut entry = encode_postings(&self.all);
        if self.strong.len() == self.all.len() {
            entry.push(STRONG_SEPARATOR);
        } else if !self.strong.is_empty() {
            entry.push(STRONG_SEPARATOR);
            entry.push_str(&encode_postings(&self.strong));
        }
        entry.into_boxed_str()
    }
}

fn insert_sorted(list: &mut Vec<u32>, number: u32) {
    match list.last() {
        // Articles added in number order (a whole build) go at the end.
        Some(&last) if last >= number => {
            if let Err(at) = list.binary_search(&number) {
                list.insert(at, number);
            }
        }
        _ => list.push(number),
    }
}

fn remove_sorted(list: &mut Vec<u32>, number: u32) {
    if let Ok(at) = list.binary_search(&number) {
        list.remove(at);
    }
}

/// [`Postings::remap`] for one list, sorted again only if the new numbers are out of order.
fn remap_list(list: &mut Vec<u32>, moved: &[Option<u32>]) -> bool {
    let mut changed = false;
    let mut sorted = true;
    let mut previous: Option<u32> = None;
    list.retain_mut(|number| {
        let Some(new) = moved.get(*number as usize).copied().flatten() else {
            changed = true;
            return false;
        };
        changed |= new != *number;
        sorted &= previous.is_none_or(|p| p < new);
        previous = Some(new);
        *number = new;
        true
    });
    if !sorted {
        list.sort_unstable();
    }
    changed
}

/// One indexed word.
#[derive(Default)]
pub(super) struct Word {
    pub(super) text: Box<str>,
    pub(super) postings: Postings,
    /// `postings` encoded, kept so that only words whose lists changed are encoded again.
    pub(super) entry: Box<str>,
}

/// A word of one article: its id in the [`WordTable`], and whether it is a strong hit.
/// Packed in one `u32` (id, then the flag in the lowest bit), so hits sort by word id.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Hit(u32);

impl Hit {
    fn new(word: u32, strong: bool) -> Hit {
        Hit(word << 1 | u32::from(strong))
    }

    fn word(self) -> u32 {
        self.0 >> 1
    }

    fn strong(self) -> bool {
        self.0 & 1 == 1
    }
}

/// Every indexed word, by id, with its postings, and the `terms` string they make.
#[derive(Default)]
pub(super) struct WordTable {
    /// By id. A word no article has any more keeps its slot, emptied, until reused.
    pub(super) words: Vec<Word>,
    /// Ids of the emptied slots.
    pub(super) free: Vec<u32>,
    /// Ids of the words in use, in [`js_order`] of their text: the order of `terms`.
    pub(super) order: Vec<u32>,
    /// The id of each word in use, by its text: a hash lookup per word read, where a
    /// binary search through `order` compared strings some sixteen times.
    ids: FxHashMap<Box<str>, u32>,
    /// The `terms` string, patched when the set of words changes.
    pub(super) terms: String,
    /// Words put in `order` and taken out of it since `terms` was last brought up to date.
    added: Vec<u32>,
    removed: Vec<Box<str>>,
    /// The length of all the words' entries, to size the script without visiting them.
    pub(super) entries_len: usize,
}

impl WordTable {
    pub(super) fn word(&self, id: u32) -> &Word {
        &self.words[id as usize]
    }

    fn postings(&mut self, id: u32) -> &mut Postings {
        &mut self.words[id as usize].postings
    }

    fn find(&self, text: &str) -> Option<u32> {
        self.ids.get(text).copied()
    }

    /// The hits of freshly read articles, sorted by word id; words new to the table added.
    pub(super) fn intern(&mut self, fresh: Vec<ArticleWords>) -> Vec<Box<[Hit]>> {
        // Words new to the table get provisional ids from `base` up until all are known.
        let base = self.words.len() as u32;
        let mut added: FxHashMap<String, u32> = FxHashMap::default();
        let mut all_hits: Vec<Vec<Hit>> = Vec::with_capacity(fresh.len());
        for article in fresh {
            let mut hits = Vec::with_capacity(article.len());
            for (text, strong) in article.iter() {
                let id = match self.find(text) {
                    Some(id) => id,
                    None => {
                        let provisional = base + added.len() as u32;
                        *added.entry(text.to_string()).or_insert(provisional)
                    }
                };
                hits.push(Hit::new(id, strong));
            }
            all_hits.push(hits);
        }
        let ids = self.add_words(added, base);
        all_hits
            .into_iter()
            .map(|mut hits| {
                for hit in &mut hits {
                    if let Some(provisional) = hit.word().checked_sub(base) {
                        *hit = Hit::new(ids[provisional as usize], hit.strong());
                    }
                }
                hits.sort_unstable();
                hits.into_boxed_slice()
            })
            .collect()
    }

    /// Gives the `added` words (text → provisional id from `base` up) their ids, which it
    /// returns by provisional id, and their place in `order`.
    fn add_words(&mut self, added: FxHashMap<String, u32>, base: u32) -> Vec<u32> {
        let mut added: Vec<(String, u32)> = added.into_iter().collect();
        // Allocated in `terms` order, the words of a whole build lie in memory in the order
        // the script reads them.
        added.sort_unstable_by(|a, b| js_order(&a.0, &b.0));
        let mut ids = vec![0; added.len()];
        let mut sorted = Vec::with_capacity(added.len());
        for (text, provisional) in added {
            let id = self.allocate(&text);
            ids[(provisional - base) as usize] = id;
            sorted.push(id);
        }
        self.insert_in_order(sorted);
        ids
    }

    /// A slot for a new word, with no postings yet.
    fn allocate(&mut self, text: &str) -> u32 {
        let word = Word {
            text: text.into(),
            ..Word::default()
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.words[id as usize] = word;
                id
            }
            None => {
                self.words.push(word);
                (self.words.len() - 1) as u32
            }
        };
        self.ids.insert(text.into(), id);
        id
    }

    /// Merges new words, sorted in [`js_order`], into `order`: a binary search for each, the
    /// runs between copied.
    fn insert_in_order(&mut self, added: Vec<u32>) {
        if added.is_empty() {
            return;
        }
        let text = |id: u32| &*self.words[id as usize].text;
        let mut merged = Vec::with_capacity(self.order.len() + added.len());
        let mut rest = self.order.as_slice();
        for &id in &added {
            let at = rest.partition_point(|&old| js_order(text(old), text(id)) == Ordering::Less);
            merged.extend_from_slice(&rest[..at]);
            merged.push(id);
            rest = &rest[at..];
        }
        merged.extend_from_slice(rest);
        self.order = merged;
        self.added.extend(added);
    }

    /// Moves article `number` from the postings of its `old` hits to those of its `new` ones
    /// (both sorted by word id), noting in `touched` every word whose postings changed.
    pub(super) fn patch(&mut self, number: u32, old: &[Hit], new: &[Hit], touched: &mut Vec<u32>) {
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            let side = match (old.get(i), new.get(j)) {
                (Some(o), Some(n)) => o.word().cmp(&n.word()),
                (Some(_), None) => Ordering::Less,
                _ => Ordering::Greater,
            };
            match side {
                Ordering::Less => {
                    self.postings(old[i].word()).remove(number);
                    touched.push(old[i].word());
                    i += 1;
                }
                Ordering::Greater => {
                    self.postings(new[j].word()).add(number, new[j].strong());
                    touched.push(new[j].word());
                    j += 1;
                }
                Ordering::Equal => {
                    if old[i].strong() != new[j].strong() {
                        self.postings(new[j].word())
                            .set_strong(number, new[j].strong());
                        touched.push(new[j].word());
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
    }

    /// Renumbers every word's postings, in parallel (see [`Postings::remap`]); returns, by
    /// word id, whether they changed.
    pub(super) fn remap(&mut self, moved: &[Option<u32>]) -> Vec<bool> {
        self.words
            .par_iter_mut()
            .map(|word| word.postings.remap(moved))
            .collect()
    }

    /// Adds article `number` to the postings of its `hits`, marking them in `touched`.
    pub(super) fn add_article(&mut self, number: u32, hits: &[Hit], touched: &mut Vec<bool>) {
        touched.resize(self.words.len(), false);
        for hit in hits {
            self.postings(hit.word()).add(number, hit.strong());
            touched[hit.word() as usize] = true;
        }
    }

    /// Frees the room lists grew into while built, as they live on in a long-running server.
    pub(super) fn shrink(&mut self, ids: &[u32]) {
        for &id in ids {
            let postings = self.postings(id);
            postings.all.shrink_to_fit();
            postings.strong.shrink_to_fit();
        }
    }

    /// Brings the `touched` words (sorted, no repeats) up to date after their postings
    /// changed: dropped when no article has them any more, else encoded again.
    pub(super) fn settle(&mut self, touched: &[u32]) {
        let (unused, used): (Vec<u32>, Vec<u32>) = touched
            .iter()
            .partition(|&&id| self.word(id).postings.all.is_empty());
        self.drop_words(&unused);
        self.encode(&used);
        self.refresh_terms();
    }

    fn drop_words(&mut self, unused: &[u32]) {
        if unused.is_empty() {
            return;
        }
        for &id in unused {
            let word = std::mem::take(&mut self.words[id as usize]);
            self.ids.remove(&word.text);
            self.entries_len -= word.entry.len();
            self.removed.push(word.text);
            self.free.push(id);
        }
        let words = &self.words;
        self.order
            .retain(|&id| !words[id as usize].postings.all.is_empty());
    }

    /// Encodes the postings of `ids` again.
    fn encode(&mut self, ids: &[u32]) {
        let entries = map_in_parallel(ids, |&id| self.word(id).postings.encode());
        for (&id, entry) in ids.iter().zip(entries) {
            let word = &mut self.words[id as usize];
            self.entries_len = self.entries_len + entry.len() - word.entry.len();
            word.entry = entry;
        }
    }

    fn refresh_terms(&mut self) {
        let changes = self.added.len() + self.removed.len();
        if changes == 0 {
            return;
        }
        if changes > self.order.len() / 4 {
            // Most of the words are new (a whole build): written out in order.
            self.terms = front_code(self.order.iter().map(|&id| &*self.word(id).text));
        } else {
            let mut added: Vec<&str> = self.added.iter().map(|&id| &*self.word(id).text).collect();
            let mut removed: Vec<&str> = self.removed.iter().map(|word| &**word).collect();
            added.sort_unstable_by(|a, b| js_order(a, b));
            removed.sort_unstable_by(|a, b| js_order(a, b));
            self.terms = patch_terms(&self.terms, &added, &removed);
        }
        self.added.clear();
        self.removed.clear();
    }
}
