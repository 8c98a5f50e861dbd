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
    let mut deltas = String::new();
    let mut previous: Option<u32> = None;
    for &article in articles {
        match previous {
            None => push_number(&mut deltas, article),
            Some(p) => push_number(&mut deltas, article - p - 1),
        }
        previous = Some(article);
    }
    let bitmap_len = previous.map_or(0, |last| last as usize / 6 + 1) + 1;
    if bitmap_len >= deltas.len() {
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
    let mut out = String::new();
    let mut previous = "";
    for word in words {
        let mut shared_units = 0usize;
        let mut shared_bytes = 0usize;
        for (a, b) in word.chars().zip(previous.chars()) {
            if a != b || shared_units + a.len_utf16() > 25 {
                break;
            }
            shared_units += a.len_utf16();
            shared_bytes += a.len_utf8();
        }
        out.push((b'A' + shared_units as u8) as char);
        out.push_str(&word[shared_bytes..]);
        previous = word;
    }
    out
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

/// The articles holding one word, and those where it is a strong hit.
#[derive(Default)]
struct Postings {
    all: Vec<u32>,
    strong: Vec<u32>,
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

/// The contents of `search-index.js` for `site`. The same site gives the same bytes.
pub fn index_script(site: &Site) -> String {
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

    let articles = site
        .articles
        .iter()
        .map(|node| {
            let article = &node.article;
            (
                article.front.title.value.as_str(),
                article.date.format("%Y-%m-%d").to_string(),
                summary_of(site, node),
                urls::article_path(&article.origin.slug),
            )
        })
        .collect();
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
    Index {
        version: FORMAT_VERSION,
        min: MIN_WORD_CHARS,
        max: MAX_WORD_CHARS,
        fold: FOLDS.iter().map(|(c, s)| (c.to_string(), *s)).collect(),
        stop: STOP_WORDS,
        articles,
        entities: actors.chain(topics).collect(),
        terms,
        postings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;
    use crate::resolve::{self, ResolveOptions};
    use std::collections::BTreeSet;
    use std::fs;
    use std::path::Path;

    fn write(root: &Path, path: &str, text: &str) {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }

    fn site_of(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            write(dir.path(), path, text);
        }
        let site = resolve::resolve(load::load(dir.path()), ResolveOptions::default());
        assert!(!site.has_errors(), "{:#?}", site.diagnostics);
        site
    }

    fn example() -> Site {
        site_of(&[
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
        ])
    }

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
        let index = json_of(&index_script(&site));
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
        let first = index_script(&example());
        let second = index_script(&example());
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
        let script = index_script(&site);
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
}
