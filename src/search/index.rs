//! [`SearchIndex`]: the index of the last build, and its script.
//!
//! # Incremental builds
//!
//! [`SearchIndex`] keeps every piece of the script between builds (each article's words and
//! row, each word's encoded entry, `terms`), so that after an edit only the changed articles
//! are read again and only the words whose postings changed are encoded again. Whatever the
//! updates, its script is the same, byte for byte, as that of an index built whole.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use serde::Serialize;

use super::encoding::LIST_SEPARATOR;
use super::read::{entities_json, json, pages_json, read};
use super::table::{Hit, WordTable};
use super::tokens::{FOLDS, MAX_WORD_CHARS, MIN_WORD_CHARS, STOP_WORDS};
use crate::resolve::Site;

/// The version of the format (described in `encoding.rs`); `search.js` refuses other versions.
/// It changes with the structure, not with which words the tokeniser makes: Chinese,
/// Japanese and Korean pairs came within version 1, and an older `search.js` still reads
/// the index (it only misses what it does not read alike).
pub const FORMAT_VERSION: u32 = 1;
/// What the index script assigns to.
pub const GLOBAL: &str = "window.BRIEFING_SEARCH";

/// How many articles are read at a time before their words are interned.
const READ_BATCH: usize = 64;

/// What the index keeps of one article.
pub(super) struct IndexedArticle {
    pub(super) slug: Box<str>,
    /// Its words, sorted by word id.
    pub(super) hits: Box<[Hit]>,
    /// `[title, date, summary, path]` as JSON: its row of `articles`.
    pub(super) row: Box<str>,
}

/// The search index of the last build, kept so a rebuild patches it instead of starting over.
///
/// It holds every piece of `search-index.js` ready to be joined: each article's row and
/// words, each word's encoded postings, the `terms` string. An update reads again only the
/// articles it is told changed, and encodes again only the words whose postings changed.
pub struct SearchIndex {
    /// In the order of `site.articles`, newest first: an article's number is its position.
    pub(super) articles: Vec<IndexedArticle>,
    /// Article numbers by slug.
    pub(super) numbers: HashMap<Box<str>, u32>,
    pub(super) table: WordTable,
    /// The `entities` list as JSON: actors and topics do not change between updates.
    pub(super) entities_json: String,
    /// The `pages` list as JSON: digests and the like, made again on every update.
    pub(super) pages_json: String,
}

impl SearchIndex {
    /// The index of `site`, built whole.
    pub fn new(site: &Site) -> SearchIndex {
        let mut index = SearchIndex {
            articles: Vec::new(),
            numbers: HashMap::new(),
            table: WordTable::default(),
            entities_json: entities_json(site),
            pages_json: pages_json(site),
        };
        // With nothing kept, every article is read.
        index.renumber(site, &[]);
        index
    }

    /// Brings the index up to date with `site`, when only the articles whose slugs are in
    /// `changed` may differ since the site this index was made from or last updated with
    /// (their text, title, summary, actors/topics lists, date, or they were added/removed).
    /// Actors, topics and config are the same as before (the caller guarantees this; it
    /// builds a new index otherwise).
    pub fn update(&mut self, site: &Site, changed: &[&str]) {
        self.pages_json = pages_json(site);
        if self.same_order(site) {
            self.patch(site, changed);
        } else {
            self.renumber(site, changed);
        }
    }

    /// The contents of `search-index.js`.
    pub fn script(&self) -> String {
        let words = &self.table;
        let rows: usize = self.articles.iter().map(|a| a.row.len() + 1).sum();
        let postings = words.entries_len + words.order.len();
        let mut out = String::with_capacity(
            script_head().len()
                + rows
                + self.entities_json.len()
                + self.pages_json.len()
                + words.terms.len()
                + postings
                + 100,
        );
        out.push_str(script_head());
        out.push_str(",\"articles\":[");
        for (i, article) in self.articles.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&article.row);
        }
        out.push_str("],\"entities\":");
        out.push_str(&self.entities_json);
        out.push_str(",\"pages\":");
        out.push_str(&self.pages_json);
        // Words are letters and digits, marked by `A`–`Z`: nothing in `terms` needs escaping.
        out.push_str(",\"terms\":\"");
        out.push_str(&words.terms);
        out.push('"');
        // DIGITS, `!`, ` ` and `,` need no escaping in JSON: the entries go in as they are.
        out.push_str(",\"postings\":\"");
        for (i, &id) in words.order.iter().enumerate() {
            if i > 0 {
                out.push(LIST_SEPARATOR);
            }
            out.push_str(&words.word(id).entry);
        }
        out.push_str("\"};\n");
        out
    }

    fn same_order(&self, site: &Site) -> bool {
        self.articles.len() == site.articles.len()
            && self
                .articles
                .iter()
                .zip(&site.articles)
                .all(|(kept, node)| *kept.slug == *node.article.origin.slug)
    }

    /// The fast path: numbers are unchanged, so only the changed articles' postings move.
    fn patch(&mut self, site: &Site, changed: &[&str]) {
        let mut numbers: Vec<u32> = changed
            .iter()
            .filter_map(|slug| self.numbers.get(*slug).copied())
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let (words, rows) = read(site, &numbers);
        let hits = self.table.intern(words);
        let mut touched = Vec::new();
        for ((number, hits), row) in numbers.into_iter().zip(hits).zip(rows) {
            let article = &mut self.articles[number as usize];
            let old = std::mem::replace(&mut article.hits, hits);
            self.table.patch(number, &old, &article.hits, &mut touched);
            article.row = row;
        }
        touched.sort_unstable();
        touched.dedup();
        self.table.settle(&touched);
    }

    /// The slow path: articles were added, removed or reordered. Unchanged articles keep
    /// their words and rows (found by slug); every list is renumbered.
    fn renumber(&mut self, site: &Site, changed: &[&str]) {
        let changed: HashSet<&str> = changed.iter().copied().collect();
        let mut old_numbers = std::mem::take(&mut self.numbers);
        let mut old: Vec<Option<IndexedArticle>> = std::mem::take(&mut self.articles)
            .into_iter()
            .map(Some)
            .collect();
        // The new number of each old article; `None` for those removed or read again.
        let mut moved: Vec<Option<u32>> = vec![None; old.len()];
        let mut articles: Vec<Option<IndexedArticle>> = Vec::with_capacity(site.articles.len());
        self.numbers.reserve(site.articles.len());
        for (number, node) in site.articles.iter().enumerate() {
            let slug = node.article.origin.slug.as_str();
            // The slug's key moves to the new map: no allocation for the articles kept.
            let (key, kept) = match old_numbers.remove_entry(slug) {
                Some((key, was)) if !changed.contains(slug) => {
                    moved[was as usize] = Some(number as u32);
                    (key, old[was as usize].take())
                }
                Some((key, _)) => (key, None),
                None => (slug.into(), None),
            };
            self.numbers.insert(key, number as u32);
            articles.push(kept);
        }
        drop(old);
        let mut touched = self.table.remap(&moved);
        let unread: Vec<u32> = (0..articles.len() as u32)
            .filter(|&number| articles[number as usize].is_none())
            .collect();
        // In batches: an article's words as read take far more memory than its hits.
        for batch in unread.chunks(READ_BATCH) {
            let (words, rows) = read(site, batch);
            let hits = self.table.intern(words);
            for ((&number, hits), row) in batch.iter().zip(hits).zip(rows) {
                self.table.add_article(number, &hits, &mut touched);
                let slug = site.articles[number as usize].article.origin.slug.as_str();
                articles[number as usize] = Some(IndexedArticle {
                    slug: slug.into(),
                    hits,
                    row,
                });
            }
        }
        self.articles = articles.into_iter().flatten().collect();
        let touched: Vec<u32> = (0..touched.len() as u32)
            .filter(|&id| touched[id as usize])
            .collect();
        self.table.shrink(&touched);
        self.table.settle(&touched);
    }
}

/// The fixed fields at the start of the index.
#[derive(Serialize)]
struct Head {
    version: u32,
    min: usize,
    max: usize,
    fold: BTreeMap<String, &'static str>,
    stop: &'static [&'static str],
}

/// The script up to the end of `stop`, the JSON object left open for the other fields.
fn script_head() -> &'static str {
    static HEAD: OnceLock<String> = OnceLock::new();
    HEAD.get_or_init(|| {
        let head = Head {
            version: FORMAT_VERSION,
            min: MIN_WORD_CHARS,
            max: MAX_WORD_CHARS,
            fold: FOLDS.iter().map(|(c, s)| (c.to_string(), *s)).collect(),
            stop: STOP_WORDS,
        };
        let mut json = json(&head);
        json.pop(); // the closing `}`
        format!(
            "/* The search index of this site, read by search.js (format {FORMAT_VERSION}). */\n\
             {GLOBAL} = {json}"
        )
    })
}
