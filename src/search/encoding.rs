//! The format of `search-index.js`, and the encoding of its `terms` and `postings`.
//!
//! The index is a JavaScript file that assigns one object to `window.BRIEFING_SEARCH`, so a
//! `<script src>` tag loads it from file:// too, where `fetch()` of JSON is blocked. The
//! object is plain JSON (everything after `window.BRIEFING_SEARCH = ` up to the final `;`).
//!
//! # Format (version 1)
//!
//! ```text
//! { "version": 1, "min": 2, "max": 24,
//!   "fold": {"à": "a", …}, "stop": ["about", "above", …],
//!   "articles": [[title, "YYYY-MM-DD", summary, "articles/<slug>/"], …],   newest first
//!   "entities": [[name, "actors/<slug>/", "alias|alias"], …],               actors, then topics
//!   "pages": [[title, "briefings/<date>/", "more words"], …],     digests, pairs, corrections
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
//! [`SUMMARY_CHARS`]: super::SUMMARY_CHARS

use std::cmp::Ordering;

/// The digits of posting lists: printable ASCII from `#` to `~` without `,` and `\`.
/// Values 0–44 end a number, 45–89 continue it; bitmaps use values 0–63.
pub const DIGITS: &[u8; 90] =
    b"#$%&'()*+-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
const BASE: u32 = 45;
const BITMAP_MARK: char = '!';
pub(super) const LIST_SEPARATOR: char = ',';
pub(super) const STRONG_SEPARATOR: char = ' ';

/// JavaScript's string order: by UTF-16 code units.
pub(super) fn js_order(a: &str, b: &str) -> Ordering {
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
pub(super) fn front_code<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
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
pub(super) fn patch_terms(terms: &str, added: &[&str], removed: &[&str]) -> String {
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
