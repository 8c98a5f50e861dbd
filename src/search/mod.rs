//! The search index: `search-index.js`, read by `static/search.js` on the `/search/` page.
//!
//! The index is a JavaScript file that assigns one object to `window.BRIEFING_SEARCH`, so a
//! `<script src>` tag loads it from file:// too, where `fetch()` of JSON is blocked. The
//! object is plain JSON (everything after `window.BRIEFING_SEARCH = ` up to the final `;`).
//!
//! # Tokeniser (`static/search.js` does exactly the same to the query)
//!
//! 1. Lower-case the whole text with Unicode rules (`str::to_lowercase`, JS `toLowerCase()`).
//! 2. Words are maximal runs of letters and digits: characters that are `Alphabetic` or of
//!    general category `N` (Rust `char::is_alphanumeric`, JS `/[\p{Alphabetic}\p{N}]+/gu`).
//!    Everything else separates words: `Putin's` is `putin` and `s`, `north-korea` is
//!    `north` and `korea`. Combining diacritical marks (U+0300–U+036F) are dropped first:
//!    they neither end a word nor belong to it, so decomposed `é` reads as `e`.
//! 3. Each character is folded through the `fold` table (`é` → `e`, `ß` → `ss`, `ł` → `l`:
//!    Latin letters with diacritics and ligatures), shipped in the index.
//! 4. Words are cut to `max` (24) characters, and words shorter than `min` (2) characters
//!    are dropped; characters are Unicode scalar values.
//! 5. Words in the `stop` list (also shipped in the index) are dropped.
//!
//! # Format (version 1)
//!
//! ```text
//! { "version": 1, "min": 2, "max": 24,
//!   "fold": {"à": "a", …}, "stop": ["about", "above", …],
//!   "articles": [[title, "YYYY-MM-DD", summary, "articles/<slug>/"], …],   newest first
//!   "entities": [[name, "actors/<slug>/", "alias|alias"], …],               actors, then topics
//!   "terms": "…", "postings": "…" }
//! ```
//!
//! An article's *number* is its position in `articles` (0 = newest), so lower numbers are
//! newer. Its summary is cut to about [`SUMMARY_CHARS`] characters at a word (the start of
//! the body when it has none). Paths are relative to the site root; the page gives the
//! root URL, and search.js adds `index.html` where pages must name it (from disk).
//!
//! `terms` lists every indexed word, sorted by UTF-16 code units (the order of JavaScript's
//! `<`), front-coded: each entry is one character `A`–`Z` giving how many UTF-16 units it
//! shares with the previous word (0–25), then the rest of the word. Words never contain
//! ASCII capitals, so the entries need no separator.
//!
//! `postings` holds one entry per word, in the same order, separated by `,`. An entry is the
//! list of articles containing the word anywhere, optionally followed by a space and the
//! list of articles where it is in the title or in the name of a listed actor or topic (a
//! *strong* hit). A space followed by nothing means every article of the first list is a
//! strong hit; no space means none is. Each list is encoded as one of:
//!
//! - **deltas**: the first article number, then for each next one the gap minus one, each
//!   as a number in base 45 over [`DIGITS`]: most significant digit first, every digit but
//!   the last from the second half of `DIGITS` (value + 45), the last from the first half.
//! - **bitmap**, when shorter: `!` then one character per six articles, `DIGITS[bits]`,
//!   where bit `j` (value `1 << j`) of character `c` stands for article `6c + j`.
//!
//! Dense words therefore cost at most one character per six articles, which is why very
//! common words need not be dropped to keep the index small: only the stop words are.
//!
//! # Incremental builds
//!
//! [`SearchIndex`] keeps every piece of the script between builds (each article's words and
//! row, each word's encoded entry, `terms`), so that after an edit only the changed articles
//! are read again and only the words whose postings changed are encoded again. Whatever the
//! updates, its script is the same, byte for byte, as that of an index built whole.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;

use crate::article_text::EntityRef;
use crate::body;
use crate::mentions::IGNORE_CASE_PREFIX;
use crate::resolve::{ArticleNode, Site};
use crate::urls;

/// The version of the format above; `search.js` refuses other versions.
pub const FORMAT_VERSION: u32 = 1;
/// Words shorter than this many characters are not indexed.
pub const MIN_WORD_CHARS: usize = 2;
/// Longer words are cut to this many characters.
pub const MAX_WORD_CHARS: usize = 24;
/// Summaries in the index are cut to about this many characters.
pub const SUMMARY_CHARS: usize = 160;
/// What the index script assigns to.
pub const GLOBAL: &str = "window.BRIEFING_SEARCH";

/// The digits of posting lists: printable ASCII from `#` to `~` without `,` and `\`.
/// Values 0–44 end a number, 45–89 continue it; bitmaps use values 0–63.
pub const DIGITS: &[u8; 90] =
    b"#$%&'()*+-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
const BASE: u32 = 45;
const BITMAP_MARK: char = '!';
const LIST_SEPARATOR: char = ',';
const STRONG_SEPARATOR: char = ' ';

/// Words too common to help a search: never indexed, ignored in queries. Sorted.
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
    "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "if", "in", "into", "is", "it", "its", "itself",
    "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "of", "off", "on", "once",
    "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "said", "same",
    "says", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
    "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
    "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
    "yourself", "yourselves",
];

/// Lower-case letters folded to plain Latin letters (step 3 of the tokeniser).
#[rustfmt::skip]
const FOLDS: &[(char, &str)] = &[
    ('ß', "ss"), ('à', "a"), ('á', "a"), ('â', "a"), ('ã', "a"), ('ä', "a"), ('å', "a"),
    ('æ', "ae"), ('ç', "c"), ('è', "e"), ('é', "e"), ('ê', "e"), ('ë', "e"), ('ì', "i"),
    ('í', "i"), ('î', "i"), ('ï', "i"), ('ð', "d"), ('ñ', "n"), ('ò', "o"), ('ó', "o"),
    ('ô', "o"), ('õ', "o"), ('ö', "o"), ('ø', "o"), ('ù', "u"), ('ú', "u"), ('û', "u"),
    ('ü', "u"), ('ý', "y"), ('þ', "th"), ('ÿ', "y"), ('ā', "a"), ('ă', "a"), ('ą', "a"),
    ('ć', "c"), ('ĉ', "c"), ('ċ', "c"), ('č', "c"), ('ď', "d"), ('đ', "d"), ('ē', "e"),
    ('ĕ', "e"), ('ė', "e"), ('ę', "e"), ('ě', "e"), ('ĝ', "g"), ('ğ', "g"), ('ġ', "g"),
    ('ģ', "g"), ('ĥ', "h"), ('ħ', "h"), ('ĩ', "i"), ('ī', "i"), ('ĭ', "i"), ('į', "i"),
    ('ı', "i"), ('ĳ', "ij"), ('ĵ', "j"), ('ķ', "k"), ('ĺ', "l"), ('ļ', "l"), ('ľ', "l"),
    ('ŀ', "l"), ('ł', "l"), ('ń', "n"), ('ņ', "n"), ('ň', "n"), ('ŉ', "n"), ('ō', "o"),
    ('ŏ', "o"), ('ő', "o"), ('œ', "oe"), ('ŕ', "r"), ('ŗ', "r"), ('ř', "r"), ('ś', "s"),
    ('ŝ', "s"), ('ş', "s"), ('š', "s"), ('ţ', "t"), ('ť', "t"), ('ŧ', "t"), ('ũ', "u"),
    ('ū', "u"), ('ŭ', "u"), ('ů', "u"), ('ű', "u"), ('ų', "u"), ('ŵ', "w"), ('ŷ', "y"),
    ('ź', "z"), ('ż', "z"), ('ž', "z"), ('ſ', "s"), ('ș', "s"), ('ț', "t"),
];

fn fold(c: char) -> Option<&'static str> {
    FOLDS
        .binary_search_by(|(from, _)| from.cmp(&c))
        .ok()
        .map(|i| FOLDS[i].1)
}

/// Calls `found` with each word of `text` (steps 1–4 of the tokeniser; stop words included).
pub fn for_each_word(text: &str, mut found: impl FnMut(&str)) {
    let lower;
    let text = if text
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        lower = text.to_lowercase();
        lower.as_str()
    } else {
        text
    };
    let mut word = String::new();
    let mut chars = 0usize;
    for c in text.chars() {
        if ('\u{300}'..='\u{36F}').contains(&c) {
            // A combining mark (decomposed text, or the dot `İ` lower-cases to): dropped.
            continue;
        }
        if !c.is_alphanumeric() {
            if chars >= MIN_WORD_CHARS {
                found(&word);
            }
            word.clear();
            chars = 0;
            continue;
        }
        let mut push = |c: char| {
            if chars < MAX_WORD_CHARS {
                word.push(c);
                chars += 1;
            }
        };
        match if c.is_ascii() { None } else { fold(c) } {
            Some(plain) => plain.chars().for_each(&mut push),
            None => push(c),
        }
    }
    if chars >= MIN_WORD_CHARS {
        found(&word);
    }
}

/// The indexed words of `text`, in order, stop words left out (the whole tokeniser).
pub fn tokens(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(text, |w| {
        if !is_stop_word(w) {
            words.push(w.to_string());
        }
    });
    words
}

pub fn is_stop_word(word: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect())
        .contains(word)
}

type WordMap<V> = HashMap<String, V>;

/// The words of one article, each with whether it is a strong hit: in the title or in the
/// name of a listed actor or topic.
#[derive(Debug)]
struct ArticleWords {
    words: WordMap<bool>,
}

impl ArticleWords {
    fn add(&mut self, text: &str, strong: bool) {
        for_each_word(text, |w| match self.words.get_mut(w) {
            Some(hit) => *hit |= strong,
            None if is_stop_word(w) => {}
            None => {
                self.words.insert(w.to_string(), strong);
            }
        });
    }
}

fn article_words(site: &Site, index: usize) -> ArticleWords {
    let node = &site.articles[index];
    let front = &node.article.front;
    let mut words = ArticleWords {
        words: WordMap::with_capacity(1024),
    };
    words.add(&front.title.value, true);
    for &actor in &node.actors {
        words.add(&site.actors[actor].actor.front.name.value, true);
    }
    for &topic in &node.topics {
        words.add(&site.topics[topic].topic.front.name.value, true);
    }
    words.add(&front.summary, false);
    for summary in &node.text.summaries {
        if let Some(name) = entity_name(site, summary.entity) {
            words.add(name, false);
        }
    }
    if let Some(source) = &front.source {
        for text in [&source.publisher, &source.author].into_iter().flatten() {
            words.add(text, false);
        }
    }
    words.add(&body_text(site, node), false);
    for annotation in &front.annotations {
        words.add(&markdown_text(&annotation.note), false);
    }
    words
}

fn entity_name(site: &Site, entity: EntityRef) -> Option<&str> {
    match entity {
        EntityRef::Actor(a) => site
            .actors
            .get(a)
            .map(|n| n.actor.front.name.value.as_str()),
        EntityRef::Topic(t) => site
            .topics
            .get(t)
            .map(|n| n.topic.front.name.value.as_str()),
        EntityRef::Article(a) => site
            .articles
            .get(a)
            .map(|n| n.article.front.title.value.as_str()),
    }
}

/// The text a reader sees in an article body, bare `[[slug]]` links shown by name.
fn body_text(site: &Site, node: &ArticleNode) -> String {
    let mut events = body::parse(&node.article.body);
    let names: BTreeMap<usize, EntityRef> = node
        .text
        .wikilinks
        .iter()
        .map(|w| (w.event, w.entity))
        .collect();
    body::name_bare_wikilinks(&mut events, |event| {
        names
            .get(&event)
            .and_then(|&e| entity_name(site, e))
            .map(str::to_string)
    });
    body::visible_text(&events).text
}

fn markdown_text(markdown: &str) -> String {
    body::visible_text(&body::parse(markdown)).text
}

/// The summary shown in results: the article's own, else the start of its body.
fn summary_of(site: &Site, node: &ArticleNode) -> String {
    let summary = node.article.front.summary.trim();
    if !summary.is_empty() {
        return truncate(summary, SUMMARY_CHARS);
    }
    let body = body_text(site, node);
    let words: Vec<&str> = body.split_whitespace().take(SUMMARY_CHARS).collect();
    truncate(&words.join(" "), SUMMARY_CHARS)
}

/// `text` cut at a word boundary to about `limit` characters, with `…` when cut.
fn truncate(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let end = text
        .char_indices()
        .nth(limit)
        .map_or(text.len(), |(i, _)| i);
    let cut = &text[..end];
    let cut = match cut.rfind(char::is_whitespace) {
        Some(space) if space > end / 2 => &cut[..space],
        _ => cut,
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:.-–—".contains(c))
    )
}

/// JavaScript's string order: by UTF-16 code units.
fn js_order(a: &str, b: &str) -> Ordering {
    // Byte order is code point order, which is UTF-16 order unless a character from U+E000
    // up is involved (surrogate pairs sort below U+E000–U+FFFF); those start with byte 0xEE+.
    if a.bytes().chain(b.bytes()).all(|byte| byte < 0xEE) {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

fn push_number(out: &mut String, mut value: u32) {
    let mut digits = [0u8; 8];
    let mut count = 0;
    loop {
        digits[count] = (value % BASE) as u8;
        count += 1;
        value /= BASE;
        if value == 0 {
            break;
        }
    }
    for &digit in digits[1..count].iter().rev() {
        out.push(DIGITS[(BASE as u8 + digit) as usize] as char);
    }
    out.push(DIGITS[digits[0] as usize] as char);
}

/// A sorted list of article numbers, as deltas or as a bitmap, whichever is shorter.
pub fn encode_postings(articles: &[u32]) -> String {
    // Both lengths are known before either is written, so only the shorter one is.
    let deltas_len: usize = gaps(articles).map(number_len).sum();
    let bitmap_len = articles.last().map_or(0, |&last| last as usize / 6 + 1) + 1;
    if bitmap_len >= deltas_len {
        let mut deltas = String::with_capacity(deltas_len);
        gaps(articles).for_each(|gap| push_number(&mut deltas, gap));
        return deltas;
    }
    let mut cells = vec![0u8; bitmap_len - 1];
    for &article in articles {
        cells[article as usize / 6] |= 1 << (article % 6);
    }
    let mut bitmap = String::with_capacity(bitmap_len);
    bitmap.push(BITMAP_MARK);
    bitmap.extend(cells.iter().map(|&c| DIGITS[c as usize] as char));
    bitmap
}

/// The numbers a deltas list writes: the first article, then each gap minus one.
fn gaps(articles: &[u32]) -> impl Iterator<Item = u32> + '_ {
    let mut previous: Option<u32> = None;
    articles.iter().map(move |&article| {
        let gap = previous.map_or(article, |p| article - p - 1);
        previous = Some(article);
        gap
    })
}

/// How many digits [`push_number`] writes for `value`.
fn number_len(mut value: u32) -> usize {
    let mut len = 1;
    while value >= BASE {
        value /= BASE;
        len += 1;
    }
    len
}

/// The inverse of [`encode_postings`], as `search.js` does it.
pub fn decode_postings(text: &str) -> Result<Vec<u32>, String> {
    let value = |b: u8| {
        DIGITS
            .iter()
            .position(|&d| d == b)
            .ok_or_else(|| format!("`{}` is not a digit", b as char))
    };
    let mut articles = Vec::new();
    if let Some(cells) = text.strip_prefix(BITMAP_MARK) {
        for (cell, b) in cells.bytes().enumerate() {
            let bits = value(b)?;
            for bit in 0..6 {
                if bits & (1 << bit) != 0 {
                    articles.push((cell * 6 + bit) as u32);
                }
            }
        }
        return Ok(articles);
    }
    let mut accumulated = 0u32;
    for b in text.bytes() {
        let digit = value(b)? as u32;
        if digit >= BASE {
            accumulated = accumulated * BASE + (digit - BASE);
            continue;
        }
        let number = accumulated * BASE + digit;
        accumulated = 0;
        let article = match articles.last() {
            None => number,
            Some(&last) => last + number + 1,
        };
        articles.push(article);
    }
    Ok(articles)
}

/// The front-coded `terms` string of words sorted in [`js_order`].
fn front_code<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut coder = FrontCoder::default();
    words.into_iter().for_each(|word| coder.push(word));
    coder.out
}

/// Writes words sorted in [`js_order`] as a front-coded `terms` string.
#[derive(Default)]
struct FrontCoder {
    out: String,
    previous: String,
}

impl FrontCoder {
    fn push(&mut self, word: &str) {
        let mut shared_units = 0usize;
        let mut shared_bytes = 0usize;
        for (a, b) in word.chars().zip(self.previous.chars()) {
            if a != b || shared_units + a.len_utf16() > 25 {
                break;
            }
            shared_units += a.len_utf16();
            shared_bytes += a.len_utf8();
        }
        self.out.push((b'A' + shared_units as u8) as char);
        self.out.push_str(&word[shared_bytes..]);
        self.previous.clear();
        self.previous.push_str(word);
    }

    /// Adds `word` as its entry was already `written`, after the same previous word.
    fn push_written(&mut self, written: &str, word: &str) {
        self.out.push_str(written);
        self.previous.clear();
        self.previous.push_str(word);
    }
}

/// One entry of a front-coded `terms` string, with the word it stands for.
struct TermEntry<'a> {
    /// The mark and the rest of the word, as written.
    written: &'a str,
    /// The rest of the string.
    rest: &'a str,
}

/// Splits the first entry off `terms` and makes `word` (the previous word) its word.
fn next_term<'a>(terms: &'a str, word: &mut String) -> TermEntry<'a> {
    // The mark is one of `A`–`Z`, which no word contains: it starts each entry.
    let end = terms
        .bytes()
        .skip(1)
        .position(|b| b.is_ascii_uppercase())
        .map_or(terms.len(), |at| at + 1);
    let (written, rest) = terms.split_at(end);
    let shared = usize::from(written.as_bytes()[0].saturating_sub(b'A'));
    word.truncate(utf16_prefix_bytes(word, shared));
    word.push_str(&written[1..]);
    TermEntry { written, rest }
}

/// How many bytes the first `units` UTF-16 code units of `word` take.
fn utf16_prefix_bytes(word: &str, units: usize) -> usize {
    let mut seen = 0;
    for (at, c) in word.char_indices() {
        if seen >= units {
            return at;
        }
        seen += c.len_utf16();
    }
    word.len()
}

/// `terms` with the words `added` put in and the words `removed` taken out (both sorted in
/// [`js_order`]), without visiting every word of the table: the entries between changes are
/// copied as written, whole runs of them where the words start with other characters.
fn patch_terms(terms: &str, added: &[&str], removed: &[&str]) -> String {
    let extra: usize = added.iter().map(|w| w.len() + 1).sum();
    let mut coder = FrontCoder {
        out: String::with_capacity(terms.len() + extra),
        previous: String::new(),
    };
    let mut added = added.iter().peekable();
    let mut removed = removed.iter().peekable();
    let mut word = String::new();
    let mut rest = terms;
    // Whether the word written last is the one before `word` in `terms` too, so that the
    // entry of `word` can be copied as it is.
    let mut in_step = true;
    while !rest.is_empty() {
        if in_step {
            let next = match (added.peek(), removed.peek()) {
                (Some(a), Some(r)) => Some(std::cmp::min_by(a, r, |x, y| js_order(x, y))),
                (a, r) => a.or(r),
            };
            let Some(first) = next.and_then(|next| next.chars().next()) else {
                break; // no more changes: the rest is copied as it is
            };
            let skip = match word.chars().next() {
                Some(current) if current == first => 0,
                _ => bytes_before(rest, first),
            };
            if skip > 0 {
                coder.out.push_str(&rest[..skip]);
                rest = &rest[skip..];
                // What follows starts with another character: it shares nothing with these.
                word.clear();
                coder.previous.clear();
                continue;
            }
        }
        let entry = next_term(rest, &mut word);
        rest = entry.rest;
        while let Some(new) = added.next_if(|new| js_order(new, &word) == Ordering::Less) {
            coder.push(new);
            in_step = false;
        }
        if removed.next_if(|gone| **gone == word).is_some() {
            in_step = false;
        } else if in_step {
            coder.push_written(entry.written, &word);
        } else {
            coder.push(&word);
            in_step = true;
        }
    }
    added.for_each(|new| coder.push(new));
    coder.out.push_str(rest);
    coder.out
}

/// How far into `terms` (from the start of an entry) the words starting with `first` or a
/// later character begin. A word starts with another character than the one before it
/// only at an entry marked `A` (nothing shared), and `A` marks nothing else.
fn bytes_before(terms: &str, first: char) -> usize {
    let mut buffer = [0; 4];
    let first: &str = first.encode_utf8(&mut buffer);
    terms
        .match_indices('A')
        .map(|(at, _)| at)
        .find(|&at| {
            let starts = terms[at + 1..].chars().next();
            starts.is_some_and(|c| js_order(c.encode_utf8(&mut [0; 4]), first).is_ge())
        })
        .unwrap_or(terms.len())
}

/// Decodes the `terms` string of the index, as `search.js` does.
pub fn decode_terms(text: &str) -> Vec<String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut terms: Vec<Vec<u16>> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let shared = (units[i] - u16::from(b'A')) as usize;
        let mut term: Vec<u16> = terms.last().map_or(Vec::new(), |t| t[..shared].to_vec());
        i += 1;
        while i < units.len() && !(u16::from(b'A')..=u16::from(b'Z')).contains(&units[i]) {
            term.push(units[i]);
            i += 1;
        }
        terms.push(term);
    }
    terms.iter().map(|t| String::from_utf16_lossy(t)).collect()
}

/// The articles holding one word, and those where it is a strong hit. Both sorted.
#[derive(Default, PartialEq)]
struct Postings {
    all: Vec<u32>,
    strong: Vec<u32>,
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
    fn remap(&mut self, moved: &[Option<u32>]) -> bool {
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
struct Word {
    text: Box<str>,
    postings: Postings,
    /// `postings` encoded, kept so that only words whose lists changed are encoded again.
    entry: Box<str>,
}

/// A word of one article: its id in the [`WordTable`], and whether it is a strong hit.
/// Packed in one `u32` (id, then the flag in the lowest bit), so hits sort by word id.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Hit(u32);

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
struct WordTable {
    /// By id. A word no article has any more keeps its slot, emptied, until reused.
    words: Vec<Word>,
    /// Ids of the emptied slots.
    free: Vec<u32>,
    /// Ids of the words in use, in [`js_order`] of their text: the order of `terms`.
    order: Vec<u32>,
    /// The `terms` string, patched when the set of words changes.
    terms: String,
    /// Words put in `order` and taken out of it since `terms` was last brought up to date.
    added: Vec<u32>,
    removed: Vec<Box<str>>,
    /// The length of all the words' entries, to size the script without visiting them.
    entries_len: usize,
}

impl WordTable {
    fn word(&self, id: u32) -> &Word {
        &self.words[id as usize]
    }

    fn postings(&mut self, id: u32) -> &mut Postings {
        &mut self.words[id as usize].postings
    }

    fn find(&self, text: &str) -> Option<u32> {
        self.order
            .binary_search_by(|&id| js_order(&self.word(id).text, text))
            .ok()
            .map(|at| self.order[at])
    }

    /// The hits of freshly read articles, sorted by word id; words new to the table added.
    fn intern(&mut self, fresh: Vec<ArticleWords>) -> Vec<Box<[Hit]>> {
        // Words new to the table get provisional ids from `base` up until all are known.
        let base = self.words.len() as u32;
        let mut added: HashMap<String, u32> = HashMap::new();
        let mut all_hits: Vec<Vec<Hit>> = Vec::with_capacity(fresh.len());
        for article in fresh {
            let mut hits = Vec::with_capacity(article.words.len());
            for (text, strong) in article.words {
                let id = match self.find(&text) {
                    Some(id) => id,
                    None => {
                        let provisional = base + added.len() as u32;
                        *added.entry(text).or_insert(provisional)
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
    fn add_words(&mut self, added: HashMap<String, u32>, base: u32) -> Vec<u32> {
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
        match self.free.pop() {
            Some(id) => {
                self.words[id as usize] = word;
                id
            }
            None => {
                self.words.push(word);
                (self.words.len() - 1) as u32
            }
        }
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
    fn patch(&mut self, number: u32, old: &[Hit], new: &[Hit], touched: &mut Vec<u32>) {
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
    fn remap(&mut self, moved: &[Option<u32>]) -> Vec<bool> {
        self.words
            .par_iter_mut()
            .map(|word| word.postings.remap(moved))
            .collect()
    }

    /// Adds article `number` to the postings of its `hits`, marking them in `touched`.
    fn add_article(&mut self, number: u32, hits: &[Hit], touched: &mut Vec<bool>) {
        touched.resize(self.words.len(), false);
        for hit in hits {
            self.postings(hit.word()).add(number, hit.strong());
            touched[hit.word() as usize] = true;
        }
    }

    /// Frees the room lists grew into while built, as they live on in a long-running server.
    fn shrink(&mut self, ids: &[u32]) {
        for &id in ids {
            let postings = self.postings(id);
            postings.all.shrink_to_fit();
            postings.strong.shrink_to_fit();
        }
    }

    /// Brings the `touched` words (sorted, no repeats) up to date after their postings
    /// changed: dropped when no article has them any more, else encoded again.
    fn settle(&mut self, touched: &[u32]) {
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

/// What the index keeps of one article.
struct IndexedArticle {
    slug: Box<str>,
    /// Its words, sorted by word id.
    hits: Box<[Hit]>,
    /// `[title, date, summary, path]` as JSON: its row of `articles`.
    row: Box<str>,
}

/// The search index of the last build, kept so a rebuild patches it instead of starting over.
///
/// It holds every piece of `search-index.js` ready to be joined: each article's row and
/// words, each word's encoded postings, the `terms` string. An update reads again only the
/// articles it is told changed, and encodes again only the words whose postings changed.
pub struct SearchIndex {
    /// In the order of `site.articles`, newest first: an article's number is its position.
    articles: Vec<IndexedArticle>,
    /// Article numbers by slug.
    numbers: HashMap<Box<str>, u32>,
    table: WordTable,
    /// The `entities` list as JSON: actors and topics do not change between updates.
    entities_json: String,
}

impl SearchIndex {
    /// The index of `site`, built whole.
    pub fn new(site: &Site) -> SearchIndex {
        let mut index = SearchIndex {
            articles: Vec::new(),
            numbers: HashMap::new(),
            table: WordTable::default(),
            entities_json: entities_json(site),
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
        let (words, rows) = read(site, &unread);
        let hits = self.table.intern(words);
        for ((number, hits), row) in unread.into_iter().zip(hits).zip(rows) {
            self.table.add_article(number, &hits, &mut touched);
            let slug = site.articles[number as usize].article.origin.slug.as_str();
            articles[number as usize] = Some(IndexedArticle {
                slug: slug.into(),
                hits,
                row,
            });
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

/// `value` as JSON. Only strings, numbers and lists are serialised: this cannot fail,
/// but an empty string is better than a panic if it did.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The words and rows of the articles at `numbers`.
fn read(site: &Site, numbers: &[u32]) -> (Vec<ArticleWords>, Vec<Box<str>>) {
    let read = map_in_parallel(numbers, |&number| {
        let number = number as usize;
        (article_words(site, number), row_json(site, number))
    });
    read.into_iter().unzip()
}

/// Below this many items, [`map_in_parallel`] works on the calling thread.
const PARALLEL_FROM: usize = 16;

/// `f` of each item, in order: in parallel when there are enough items to be worth it,
/// since waking the pool's threads costs more than an update's few items (a lot more when
/// other processes keep the cores busy).
fn map_in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < PARALLEL_FROM {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}

/// An article's row of `articles`: `[title, date, summary, path]`.
fn row_json(site: &Site, number: usize) -> Box<str> {
    json(&article_row(site, number)).into_boxed_str()
}

fn article_row(site: &Site, number: usize) -> (&str, String, String, String) {
    let node = &site.articles[number];
    let article = &node.article;
    (
        article.front.title.value.as_str(),
        article.date.format("%Y-%m-%d").to_string(),
        summary_of(site, node),
        urls::article_path(&article.origin.slug),
    )
}

/// The `entities` list: `[name, path, aliases joined by |]`, actors then topics.
fn entities_json(site: &Site) -> String {
    json(&entity_rows(site))
}

fn entity_rows(site: &Site) -> Vec<(&str, String, String)> {
    let aliases = |written: &[crate::yaml::Spanned<String>]| {
        written
            .iter()
            .map(|a| {
                a.value
                    .strip_prefix(IGNORE_CASE_PREFIX)
                    .unwrap_or(&a.value)
                    .trim()
                    .replace('|', " ")
            })
            .collect::<Vec<_>>()
            .join("|")
    };
    let actors = site.actors.iter().map(|node| {
        let actor = &node.actor;
        (
            actor.front.name.value.as_str(),
            urls::actor_path(&actor.origin.slug),
            aliases(&actor.front.aliases),
        )
    });
    let topics = site.topics.iter().map(|node| {
        let topic = &node.topic;
        (
            topic.front.name.value.as_str(),
            urls::topic_path(&topic.origin.slug),
            aliases(&topic.front.aliases),
        )
    });
    actors.chain(topics).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;
    use crate::resolve::{self, ResolveOptions};
    use crate::testing::write;
    use std::collections::BTreeSet;
    use std::fs;
    use std::path::Path;

    fn site_of(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            write(dir.path(), path, text);
        }
        read_site(dir.path())
    }

    fn example() -> Site {
        site_of(EXAMPLE)
    }

    const EXAMPLE: &[(&str, &str)] = &[
        (
            "content/actors/keir-starmer.md",
            "---\nname: Keir Starmer\nkind: person\naliases: [Sir Keir, \"(?i)the PM\"]\n---\nPrime Minister.\n",
        ),
        (
            "content/actors/donald-trump.md",
            "---\nname: Donald Trump\nkind: person\n---\nPresident.\n",
        ),
        (
            "content/topics/security-guarantees.md",
            "---\nname: Security guarantees\n---\nWho defends whom.\n",
        ),
        (
            "content/articles/backstop.md",
            "---\ntitle: \"Starmer presses Trump for a US 'backstop'\"\ndate: 2025-02-27\n\
                 summary: \"Sir Keir arrived in Washington.\"\nactors: [keir-starmer]\n\
                 topics: [security-guarantees]\n---\n\
                 Sir Keir met Donald Trump in the Oval Office to discuss the backstop.\n\n\
                 The *Zürich* delegation was not there.\n",
        ),
        (
            "content/articles/tariffs.md",
            "---\ntitle: \"Trump announces tariffs\"\ndate: 2025-03-04\n\
                 actors: [donald-trump]\n---\n\
                 The tariffs hit steel. Starmer said little about the tariffs.\n",
        ),
    ];

    fn json_of(script: &str) -> serde_json::Value {
        let json = script
            .split_once(&format!("{GLOBAL} = "))
            .expect("the assignment")
            .1
            .trim_end()
            .strip_suffix(';')
            .expect("a final semicolon");
        serde_json::from_str(json).expect("valid JSON")
    }

    /// Word → (all, strong) article numbers, decoded from the index as search.js does.
    fn decoded(index: &serde_json::Value) -> BTreeMap<String, (Vec<u32>, Vec<u32>)> {
        let terms = decode_terms(index["terms"].as_str().unwrap());
        let postings: Vec<&str> = index["postings"].as_str().unwrap().split(',').collect();
        assert_eq!(terms.len(), postings.len());
        terms
            .into_iter()
            .zip(postings)
            .map(|(term, entry)| {
                let (all, strong) = match entry.split_once(' ') {
                    None => (decode_postings(entry).unwrap(), Vec::new()),
                    Some((all, "")) => {
                        let all = decode_postings(all).unwrap();
                        (all.clone(), all)
                    }
                    Some((all, strong)) => (
                        decode_postings(all).unwrap(),
                        decode_postings(strong).unwrap(),
                    ),
                };
                (term, (all, strong))
            })
            .collect()
    }

    #[derive(Serialize)]
    struct Index<'a> {
        version: u32,
        min: usize,
        max: usize,
        fold: BTreeMap<String, &'static str>,
        stop: &'static [&'static str],
        /// Title, date, summary, path.
        articles: Vec<(&'a str, String, String, String)>,
        /// Name, path, aliases joined by `|`.
        entities: Vec<(&'a str, String, String)>,
        terms: String,
        postings: String,
    }

    /// The index as built before `SearchIndex`, in one go: what `script()` must reproduce.
    fn reference_script(site: &Site) -> String {
        // Strings, numbers and lists only: serialising cannot fail, but never panic if it did.
        let json = serde_json::to_string(&build_index(site)).unwrap_or_else(|_| "{}".to_string());
        format!(
            "/* The search index of this site, read by search.js (format {FORMAT_VERSION}). */\n\
             {GLOBAL} = {json};\n"
        )
    }

    fn build_index(site: &Site) -> Index<'_> {
        let per_article: Vec<ArticleWords> = (0..site.articles.len())
            .into_par_iter()
            .map(|index| article_words(site, index))
            .collect();
        // Articles in order, so every list comes out sorted.
        let mut lists: WordMap<Postings> = WordMap::default();
        for (number, words) in per_article.into_iter().enumerate() {
            let number = number as u32;
            for (word, strong) in words.words {
                let entry = lists.entry(word).or_default();
                entry.all.push(number);
                if strong {
                    entry.strong.push(number);
                }
            }
        }
        let mut lists: Vec<(String, Postings)> = lists.into_iter().collect();
        lists.sort_unstable_by(|a, b| js_order(&a.0, &b.0));

        let terms = front_code(lists.iter().map(|(w, _)| w.as_str()));
        let mut postings = String::new();
        for (i, (_, Postings { all, strong })) in lists.iter().enumerate() {
            if i > 0 {
                postings.push(LIST_SEPARATOR);
            }
            postings.push_str(&encode_postings(all));
            if strong.len() == all.len() {
                postings.push(STRONG_SEPARATOR);
            } else if !strong.is_empty() {
                postings.push(STRONG_SEPARATOR);
                postings.push_str(&encode_postings(strong));
            }
        }

        // Rows and entities as `script()` writes them: the postings above are what is checked.
        let articles = (0..site.articles.len())
            .map(|number| article_row(site, number))
            .collect();
        Index {
            version: FORMAT_VERSION,
            min: MIN_WORD_CHARS,
            max: MAX_WORD_CHARS,
            fold: FOLDS.iter().map(|(c, s)| (c.to_string(), *s)).collect(),
            stop: STOP_WORDS,
            articles,
            entities: entity_rows(site),
            terms,
            postings,
        }
    }

    fn read_site(root: &Path) -> Site {
        let site = resolve::resolve(load::load(root), ResolveOptions::default());
        assert!(!site.has_errors(), "{:#?}", site.diagnostics);
        site
    }

    /// The text of one of the example's files.
    fn example_file(path: &str) -> &'static str {
        EXAMPLE.iter().find(|(p, _)| *p == path).unwrap().1
    }

    const BACKSTOP: &str = "content/articles/backstop.md";
    const TARIFFS: &str = "content/articles/tariffs.md";

    /// A site in a folder that tests edit, and the index following it through updates.
    struct Edited {
        dir: tempfile::TempDir,
        index: SearchIndex,
    }

    impl Edited {
        fn new(files: &[(&str, &str)]) -> Edited {
            let dir = tempfile::tempdir().unwrap();
            for (path, text) in files {
                write(dir.path(), path, text);
            }
            let site = read_site(dir.path());
            let index = SearchIndex::new(&site);
            assert_eq!(index.script(), reference_script(&site));
            Edited { dir, index }
        }

        fn write(&self, path: &str, text: &str) {
            write(self.dir.path(), path, text);
        }

        fn remove(&self, path: &str) {
            fs::remove_file(self.dir.path().join(path)).unwrap();
        }

        /// Reads the site again and updates the index, which must then match a fresh build.
        fn update(&mut self, changed: &[&str]) -> serde_json::Value {
            let site = read_site(self.dir.path());
            self.index.update(&site, changed);
            let script = self.index.script();
            assert_eq!(script, SearchIndex::new(&site).script());
            assert_eq!(script, reference_script(&site));
            json_of(&script)
        }
    }

    #[test]
    fn a_new_index_writes_what_the_one_go_build_wrote() {
        let site = example();
        assert_eq!(SearchIndex::new(&site).script(), reference_script(&site));
        let empty = site_of(&[]);
        assert_eq!(SearchIndex::new(&empty).script(), reference_script(&empty));
    }

    #[test]
    fn an_update_follows_an_edited_title() {
        let mut site = Edited::new(EXAMPLE);
        let title = "Starmer presses Trump for a US 'backstop'";
        site.write(
            BACKSTOP,
            &example_file(BACKSTOP).replace(title, "Starmer seeks a backstop"),
        );
        let index = site.update(&["backstop"]);
        assert_eq!(index["articles"][1][0], "Starmer seeks a backstop");
        let words = decoded(&index);
        // Still in the body ("Donald Trump"), no longer in the title.
        assert_eq!(words["trump"], (vec![0, 1], vec![0]));
        assert_eq!(words["seeks"], (vec![1], vec![1]));
        assert!(!words.contains_key("presses") && !words.contains_key("us"));
    }

    #[test]
    fn an_update_follows_words_added_to_and_removed_from_a_body() {
        let mut site = Edited::new(EXAMPLE);
        let body = "The tariffs hit steel. Starmer said little about the tariffs.";
        site.write(
            TARIFFS,
            &example_file(TARIFFS).replace(body, "The tariffs hit aluminium from Washington."),
        );
        let index = site.update(&["tariffs"]);
        // The body stands in for the missing summary.
        assert_eq!(
            index["articles"][0][2],
            "The tariffs hit aluminium from Washington."
        );
        let words = decoded(&index);
        assert!(!words.contains_key("steel") && !words.contains_key("little"));
        assert_eq!(words["aluminium"], (vec![0], vec![]));
        assert_eq!(words["washington"], (vec![0, 1], vec![]));
        assert_eq!(words["starmer"], (vec![1], vec![1]));

        // Words that went come back, new ones go: freed slots are reused.
        site.write(
            TARIFFS,
            &example_file(TARIFFS).replace(body, "Steel and copper, said Starmer."),
        );
        let words = decoded(&site.update(&["tariffs"]));
        assert_eq!(words["steel"], (vec![0], vec![]));
        assert_eq!(words["copper"], (vec![0], vec![]));
        assert!(!words.contains_key("aluminium"));
        // Unchanged since: nothing to do.
        site.update(&["tariffs"]);
        site.update(&[]);
    }

    #[test]
    fn an_update_follows_a_date_that_reorders_articles() {
        let mut site = Edited::new(EXAMPLE);
        site.write(
            BACKSTOP,
            &example_file(BACKSTOP).replace("2025-02-27", "2025-03-10"),
        );
        let index = site.update(&["backstop"]);
        assert_eq!(index["articles"][0][3], "articles/backstop/");
        assert_eq!(index["articles"][0][1], "2025-03-10");
        let words = decoded(&index);
        assert_eq!(words["backstop"], (vec![0], vec![0]));
        assert_eq!(words["tariffs"], (vec![1], vec![1]));
        // The numbers are the new ones for the next, fast, update.
        site.write(
            TARIFFS,
            &example_file(TARIFFS).replace("announces tariffs", "announces levies"),
        );
        let words = decoded(&site.update(&["tariffs"]));
        assert_eq!(words["levies"], (vec![1], vec![1]));
    }

    #[test]
    fn an_update_follows_an_added_article_and_titles_it_links_to() {
        let mut site = Edited::new(EXAMPLE);
        site.write(
            "content/articles/ceasefire.md",
            "---\ntitle: Ceasefire talks\ndate: 2025-03-01\n---\n\
             Sir Keir pressed for a ceasefire after [[backstop]].\n",
        );
        let index = site.update(&["ceasefire"]);
        assert_eq!(index["articles"][1][3], "articles/ceasefire/");
        let words = decoded(&index);
        assert_eq!(words["ceasefire"], (vec![1], vec![1]));
        // The bare link reads as the linked article's title; the alias as the actor's name.
        assert_eq!(words["presses"], (vec![1, 2], vec![2]));
        assert_eq!(words["starmer"], (vec![0, 1, 2], vec![2]));
        assert_eq!(words["steel"], (vec![0], vec![]));

        // A new title reaches the article linking to it: the caller names both.
        site.write(
            BACKSTOP,
            &example_file(BACKSTOP).replace("presses", "urges"),
        );
        let words = decoded(&site.update(&["backstop", "ceasefire"]));
        assert_eq!(words["urges"], (vec![1, 2], vec![2]));
        assert!(!words.contains_key("presses"));
    }

    #[test]
    fn an_update_follows_removed_articles() {
        let mut site = Edited::new(EXAMPLE);
        site.remove(TARIFFS);
        let index = site.update(&["tariffs"]);
        assert_eq!(index["articles"].as_array().unwrap().len(), 1);
        let words = decoded(&index);
        assert!(!words.contains_key("steel") && !words.contains_key("tariffs"));
        assert_eq!(words["trump"], (vec![0], vec![0]));
        site.remove(BACKSTOP);
        let index = site.update(&["backstop"]);
        assert_eq!(index["terms"], "");
        assert_eq!(index["postings"], "");
    }

    #[test]
    fn an_update_follows_the_actors_an_article_lists() {
        let mut site = Edited::new(EXAMPLE);
        let listed = "actors: [donald-trump]";
        site.write(
            TARIFFS,
            &example_file(TARIFFS).replace(listed, "actors: [donald-trump, keir-starmer]"),
        );
        let words = decoded(&site.update(&["tariffs"]));
        // In the body before; now a listed actor's name too: a strong hit.
        assert_eq!(words["starmer"], (vec![0, 1], vec![0, 1]));
        assert_eq!(words["keir"], (vec![0, 1], vec![0, 1]));
        site.write(
            TARIFFS,
            &example_file(TARIFFS).replace(listed, "actors: []"),
        );
        let words = decoded(&site.update(&["tariffs"]));
        assert_eq!(words["starmer"], (vec![0, 1], vec![1]));
        assert_eq!(words["keir"], (vec![1], vec![1]));
        // "Donald" was only the listed actor's name here: strong, now gone.
        assert_eq!(words["donald"], (vec![1], vec![]));
    }

    /// A small deterministic generator, so the edits below are the same on every run.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }

        fn words(&mut self, count: usize) -> String {
            const VOCABULARY: &[&str] = &[
                "tariff",
                "steel",
                "Starmer",
                "Sir Keir",
                "Trump",
                "ceasefire",
                "grain",
                "port",
                "Zürich",
                "vote",
                "budget",
                "tanker",
                "the",
                "of",
                "Łódź",
                "x",
                "quota",
                "levy",
                "drone",
                "pact",
                "summit",
                "yield",
                "bond",
                "ferry",
                "wheat",
                "rift",
                "talks",
                "veto",
                "envoy",
                "embargo",
                "quorum",
                "oath",
            ];
            let words: Vec<&str> = (0..count)
                .map(|_| VOCABULARY[self.below(VOCABULARY.len())])
                .collect();
            words.join(" ")
        }

        /// An article of `number`, dated by it (so rewriting it keeps the order) or at random.
        fn article(&mut self, number: usize) -> String {
            let actors = ["[]", "[keir-starmer]", "[donald-trump, keir-starmer]"];
            let title_words = 1 + self.below(3);
            let title = self.words(title_words);
            let day = if self.below(8) == 0 {
                self.below(28)
            } else {
                number
            };
            let listed = actors[self.below(actors.len())];
            let body_words = self.below(12);
            let body = self.words(body_words);
            format!(
                "---\ntitle: \"{title}\"\ndate: 2025-03-{:02}\nactors: {listed}\n---\n{body}.\n",
                1 + day
            )
        }
    }

    #[test]
    fn updates_match_a_fresh_build_through_random_edits() {
        let mut random = Lcg(7);
        let mut files: Vec<(String, String)> = EXAMPLE
            .iter()
            .filter(|(path, _)| path.contains("/actors/"))
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        for n in 0..12 {
            files.push((format!("content/articles/a{n}.md"), random.article(n)));
        }
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let mut site = Edited::new(&borrowed);
        let mut previous = String::new();
        let (mut fast, mut slow) = (0, 0);
        for _ in 0..100 {
            // Up to three articles written or removed among sixteen slugs.
            let mut changed = Vec::new();
            for _ in 0..1 + random.below(3) {
                let number = random.below(16);
                let path = format!("content/articles/a{number}.md");
                if random.below(10) == 0 {
                    let _ = fs::remove_file(site.dir.path().join(&path));
                } else {
                    site.write(&path, &random.article(number));
                }
                changed.push(format!("a{number}"));
            }
            let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
            let index = site.update(&changed);
            let order: Vec<&serde_json::Value> = index["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| &row[3])
                .collect();
            let order = format!("{order:?}");
            if order == previous {
                fast += 1
            } else {
                slow += 1
            }
            previous = order;
        }
        // Both paths were taken, many times.
        assert!(fast > 20 && slow > 20, "{fast} fast, {slow} slow");
    }

    #[test]
    fn the_tokeniser_lowercases_folds_splits_and_drops() {
        assert_eq!(
            tokens("Putin's north-korea ZÜRICH Łódź straße a 7 42 the Œuvre"),
            [
                "putin", "north", "korea", "zurich", "lodz", "strasse", "42", "oeuvre"
            ]
        );
        assert_eq!(tokens("ΟΔΥΣΣΕΥΣ"), ["οδυσσευς"]);
        // `İ` lower-cases to `i` and a combining dot; decomposed accents are dropped too.
        assert_eq!(
            tokens("İstanbul Cafe\u{301} naı\u{308}ve"),
            ["istanbul", "cafe", "naive"]
        );
        assert_eq!(
            tokens("abcdefghijklmnopqrstuvwxyzabc"),
            ["abcdefghijklmnopqrstuvwx"]
        );
        assert!(tokens("The and of, to: it!").is_empty());
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(FOLDS.windows(2).all(|w| w[0].0 < w[1].0));
        // Folding to lower case first means only lower-case letters need folding.
        assert!(FOLDS.iter().all(|(c, _)| c.to_lowercase().eq([*c])));
        assert!(
            STOP_WORDS
                .iter()
                .all(|w| tokens(w).is_empty() && for_each_word_vec(w) == [*w])
        );
        let digits: BTreeSet<u8> = DIGITS.iter().copied().collect();
        assert_eq!(digits.len(), DIGITS.len());
        assert!(!DIGITS.contains(&b',') && !DIGITS.contains(&b'\\') && !DIGITS.contains(&b'"'));
        assert!(!DIGITS.contains(&b'!') && !DIGITS.contains(&b' '));
    }

    fn for_each_word_vec(text: &str) -> Vec<String> {
        let mut words = Vec::new();
        for_each_word(text, |w| words.push(w.to_string()));
        words
    }

    #[test]
    fn postings_decode_back() {
        let cases: Vec<Vec<u32>> = vec![
            vec![],
            vec![0],
            vec![44],
            vec![45],
            vec![9_999],
            vec![0, 1, 2, 3],
            vec![3, 50, 2_024, 2_025, 91_124, 1_000_000],
            (0..10_000).collect(),
            (0..10_000).filter(|n| n % 3 == 0).collect(),
            (0..10_000).step_by(97).collect(),
        ];
        for case in cases {
            let encoded = encode_postings(&case);
            assert_eq!(decode_postings(&encoded).unwrap(), case, "{encoded}");
            assert!(!encoded.contains(',') && !encoded.contains(' '));
        }
        // Dense lists become bitmaps: one character per six articles.
        let all: Vec<u32> = (0..600).collect();
        assert_eq!(encode_postings(&all).len(), 101);
        assert!(encode_postings(&all).starts_with('!'));
        // Sparse ones stay deltas: 0, then gaps minus one (99 = 2 × 45 + 9,
        // 4899 = 2 × 45² + 18 × 45 + 39; continuation digits are DIGITS[45 + d]).
        assert_eq!(encode_postings(&[0, 100, 5_000]), "#S-SdK");
    }

    #[test]
    fn remapped_lists_stay_sorted() {
        // Kept articles keep their order in practice; a list is still sorted if not.
        let mut postings = Postings {
            all: vec![0, 1, 2, 3],
            strong: vec![1, 3],
        };
        assert!(postings.remap(&[Some(3), Some(0), None, Some(1)]));
        assert_eq!(postings.all, [0, 1, 3]);
        assert_eq!(postings.strong, [0, 1]);
        assert!(!postings.remap(&[Some(0), Some(1), None, Some(3)]));
    }

    #[test]
    fn patched_terms_are_the_terms_written_out() {
        let mut all = vec![
            "back",
            "backstop",
            "backstops",
            "ba",
            "zürich",
            "zz",
            "ωmega",
            "ωmegas",
            "\u{1F600}x",
            "\u{1F600}y",
            "\u{FF21}b",
            "abcdefghijklmnopqrstuvwxyz1",
            "abcdefghijklmnopqrstuvwxyz2",
            "abcdefghijklmnopqrstuvwxy\u{1F600}",
            "abcdefghijklmnopqrstuvwxy\u{1F601}",
            "ab",
        ];
        all.sort_by(|a, b| js_order(a, b));
        // Every split of the words into those kept, those added and those removed.
        for pattern in 0..3usize.pow(6) {
            let mut before = Vec::new();
            let mut after = Vec::new();
            let (mut added, mut removed) = (Vec::new(), Vec::new());
            for (i, &word) in all.iter().enumerate() {
                match (pattern / 3usize.pow((i % 6) as u32) + i / 6) % 3 {
                    0 => {
                        before.push(word);
                        after.push(word);
                    }
                    1 => {
                        added.push(word);
                        after.push(word);
                    }
                    _ => {
                        removed.push(word);
                        before.push(word);
                    }
                }
            }
            let patched = patch_terms(&front_code(before.iter().copied()), &added, &removed);
            assert_eq!(patched, front_code(after.iter().copied()), "{pattern}");
        }
        // Nothing JSON escapes: the script writes the string between quotes as it is.
        let terms = front_code(all.iter().copied());
        assert_eq!(json(&terms), format!("\"{terms}\""));
    }

    #[test]
    fn js_order_is_utf16_order() {
        let words = [
            "a",
            "ab",
            "b",
            "zürich",
            "zz",
            "ωmega",
            "\u{E000}",
            "\u{FF21}b",
            "\u{1F600}x",
            "\u{10000}",
            "a\u{FFFF}",
            "a\u{1F600}",
            "",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    js_order(a, b),
                    a.encode_utf16().cmp(b.encode_utf16()),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn terms_decode_back() {
        let mut words = vec![
            "back",
            "backstop",
            "backstops",
            "ba",
            "zürich",
            "z",
            "ωmega",
            "\u{1F600}x",
            "\u{1F600}y",
            "\u{FF21}b",
            "abcdefghijklmnopqrstuvwxyz1",
            "abcdefghijklmnopqrstuvwxyz2",
        ];
        words.sort_by(|a, b| js_order(a, b));
        let coded = front_code(words.iter().copied());
        assert_eq!(decode_terms(&coded), words);
    }

    #[test]
    fn the_index_finds_words_and_ranks_strong_hits() {
        let site = example();
        let index = json_of(&SearchIndex::new(&site).script());
        assert_eq!(index["version"], FORMAT_VERSION);
        // Newest first: the tariffs article (4 March) is number 0.
        assert_eq!(index["articles"][0][0], "Trump announces tariffs");
        assert_eq!(index["articles"][0][1], "2025-03-04");
        // No summary: the start of the body stands in.
        assert_eq!(
            index["articles"][0][2],
            "The tariffs hit steel. Starmer said little about the tariffs."
        );
        assert_eq!(index["articles"][1][2], "Sir Keir arrived in Washington.");
        assert_eq!(index["articles"][1][3], "articles/backstop/");
        let words = decoded(&index);
        // In both titles: strong in both.
        assert_eq!(words["trump"], (vec![0, 1], vec![0, 1]));
        // Listed actor and topic names are strong hits.
        assert_eq!(words["starmer"], (vec![0, 1], vec![1]));
        assert_eq!(words["guarantees"], (vec![1], vec![1]));
        // Body text, folded, and a mentioned actor's full name.
        assert_eq!(words["zurich"], (vec![1], vec![]));
        assert_eq!(words["keir"], (vec![1], vec![1]));
        assert_eq!(words["steel"], (vec![0], vec![]));
        assert_eq!(words["washington"], (vec![1], vec![]));
        // Stop words and one-letter words are not indexed.
        for dropped in ["the", "to", "a", "us", "s"] {
            if dropped == "us" {
                continue; // two letters: indexed ("US")
            }
            assert!(!words.contains_key(dropped), "{dropped}");
        }
        assert!(words.contains_key("us"));
        let entities = index["entities"].as_array().unwrap();
        assert_eq!(entities[1][0], "Keir Starmer");
        assert_eq!(entities[1][1], "actors/keir-starmer/");
        assert_eq!(entities[1][2], "Sir Keir|the PM");
        assert_eq!(entities[2][1], "topics/security-guarantees/");
    }

    #[test]
    fn the_script_is_deterministic_and_valid() {
        let first = SearchIndex::new(&example()).script();
        let second = SearchIndex::new(&example()).script();
        assert_eq!(first, second);
        assert!(first.starts_with("/* "));
        assert!(first.ends_with("};\n"));
        let index = json_of(&first);
        assert!(index["terms"].as_str().unwrap().starts_with('A'));
        assert_eq!(index["stop"].as_array().unwrap().len(), STOP_WORDS.len());
        assert_eq!(index["fold"]["é"], "e");
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(
            truncate("one two three four five, six", 20),
            "one two three four…"
        );
        assert_eq!(
            truncate(&"x".repeat(30), 10),
            format!("{}…", "x".repeat(10))
        );
    }

    /// Measures the index at 10,000 articles:
    /// `python3 ../shared/corpus/gen_corpus.py --articles 10000 --out /tmp/corpus10k --format native`
    /// then `BRIEFING_CORPUS=/tmp/corpus10k cargo test --release --lib search::tests::size -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn size_per_article() {
        let root = std::env::var("BRIEFING_CORPUS").unwrap_or("/tmp/corpus10k".into());
        let site = resolve::resolve(load::load(Path::new(&root)), ResolveOptions::default());
        let started = std::time::Instant::now();
        let script = SearchIndex::new(&site).script();
        let elapsed = started.elapsed();
        let index = json_of(&script);
        let part = |key: &str| serde_json::to_string(&index[key]).unwrap().len();
        let n = site.articles.len().max(1);
        println!(
            "{} articles, {} terms: {} bytes, {:.1} bytes/article (articles {:.1}, terms {:.1}, \
             postings {:.1}, entities {:.1}) in {} ms",
            site.articles.len(),
            decode_terms(index["terms"].as_str().unwrap()).len(),
            script.len(),
            script.len() as f64 / n as f64,
            part("articles") as f64 / n as f64,
            part("terms") as f64 / n as f64,
            part("postings") as f64 / n as f64,
            part("entities") as f64 / n as f64,
            elapsed.as_millis()
        );
        if let Ok(out) = std::env::var("BRIEFING_INDEX_OUT") {
            fs::write(out, &script).unwrap();
        }
    }
    fn copy_tree(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).unwrap();
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// About how much memory `index` holds, in bytes (allocator overhead left out).
    fn size_of(index: &SearchIndex) -> usize {
        use std::mem::size_of;
        let articles: usize = index
            .articles
            .iter()
            .map(|a| size_of::<IndexedArticle>() + a.slug.len() + a.hits.len() * 4 + a.row.len())
            .sum();
        let numbers = index.numbers.capacity() * (size_of::<(Box<str>, u32)>() + 1)
            + index.numbers.keys().map(|k| k.len()).sum::<usize>();
        let table = &index.table;
        let words: usize = table
            .words
            .iter()
            .map(|w| {
                let lists = w.postings.all.capacity() + w.postings.strong.capacity();
                size_of::<Word>() + w.text.len() + w.entry.len() + lists * 4
            })
            .sum();
        articles
            + numbers
            + words
            + (table.order.capacity() + table.free.capacity()) * 4
            + table.terms.capacity()
            + index.entities_json.capacity()
    }

    fn ms(elapsed: std::time::Duration) -> f64 {
        elapsed.as_secs_f64() * 1000.0
    }

    /// Times updates of the index after one article is edited, at 10,000 articles:
    /// `BRIEFING_CORPUS=/tmp/c10k cargo test --release --lib search::tests::update_time -- --ignored --nocapture`.
    /// The corpus is copied to a temporary folder and edited there. For each kind of edit the
    /// site is read with and without it, and the index updated from one to the other and
    /// back, many times: the best and median times stand out of the noise of a busy machine.
    #[test]
    #[ignore]
    fn update_time() {
        let source = std::env::var("BRIEFING_CORPUS").unwrap_or("/tmp/c10k".into());
        let dir = tempfile::tempdir().unwrap();
        copy_tree(Path::new(&source), dir.path());
        let site = read_site(dir.path());
        let started = std::time::Instant::now();
        let mut index = SearchIndex::new(&site);
        let built = started.elapsed();
        let started = std::time::Instant::now();
        let script = index.script();
        let scripted = started.elapsed();
        let started = std::time::Instant::now();
        assert_eq!(script, reference_script(&site));
        println!(
            "{} articles, {} terms, {} bytes, index of about {:.1} MB: SearchIndex::new {:.1} ms, \
             script {:.1} ms (one-go build before: {:.1} ms)",
            site.articles.len(),
            index.table.order.len(),
            script.len(),
            size_of(&index) as f64 / 1e6,
            ms(built),
            ms(scripted),
            ms(started.elapsed())
        );

        // What the edit does, the text it changes in the article, and what that becomes.
        let edits = [
            ("title, a new word", "title: \"", "title: \"Quokka "),
            ("title, known words", "title: \"", "title: \"Summit talks "),
            ("body, a new word", "\n---\n", "\n---\nWombat "),
            ("date, reordering", "date: 20", "date: 19"),
        ];
        for (round, (what, from, to)) in edits.into_iter().enumerate() {
            let node = &site.articles[site.articles.len() * (round + 1) / 5];
            let slug = node.article.origin.slug.as_str();
            let file = dir.path().join(&node.article.origin.file);
            let original = fs::read_to_string(&file).unwrap();
            assert!(original.contains(from), "{what}: {file:?}");
            fs::write(&file, original.replacen(from, to, 1)).unwrap();
            let edited = read_site(dir.path());
            fs::write(&file, &original).unwrap();
            // No bare links to articles in the corpus: else those linking to it change too.
            let (mut updates, mut scripts) = (Vec::new(), Vec::new());
            for _ in 0..10 {
                for to in [&edited, &site] {
                    let started = std::time::Instant::now();
                    index.update(to, &[slug]);
                    updates.push(ms(started.elapsed()));
                    let started = std::time::Instant::now();
                    std::hint::black_box(index.script());
                    scripts.push(ms(started.elapsed()));
                }
            }
            index.update(&edited, &[slug]);
            assert_eq!(index.script(), SearchIndex::new(&edited).script());
            index.update(&site, &[slug]);
            let best_median = |mut times: Vec<f64>| {
                times.sort_by(f64::total_cmp);
                (times[0], times[times.len() / 2])
            };
            let (update_best, update_median) = best_median(updates);
            let (script_best, script_median) = best_median(scripts);
            println!(
                "{what:<18}: update {update_best:.2} ms best, {update_median:.2} median; \
                 script {script_best:.2} ms best, {script_median:.2} median"
            );
        }
    }
}
