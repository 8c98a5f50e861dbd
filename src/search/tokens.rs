//! The tokeniser: text to indexed words.
//!
//! # Tokeniser (`static/search.js` does exactly the same to the query)
//!
//! 1. Lower-case the whole text with Unicode rules (`str::to_lowercase`, JS `toLowerCase()`).
//! 2. Words are maximal runs of letters and digits: characters that are `Alphabetic` or of
//!    general category `N` (Rust `char::is_alphanumeric`, JS `/[\p{Alphabetic}\p{N}]+/gu`).
//!    Everything else separates words: `Putin's` is `putin` and `s`, `north-korea` is
//!    `north` and `korea`. Combining diacritical marks (U+0300–U+036F) are dropped first:
//!    they neither end a word nor belong to it, so decomposed `é` reads as `e`.
//!    Chinese, Japanese and Korean are written without spaces between words, so Han, Kana
//!    and Hangul characters (the ranges of [`is_cjk`]) are read apart: a run of them ends
//!    any other word and gives its overlapping pairs of characters (bigrams: `市议会` is
//!    `市议` and `议会`), or its one character when it has only one, as Lucene's
//!    `CJKBigramFilter` does. A query is read the same way, so `交通` finds `交通预算`, and
//!    `市议会` needs both its pairs. Steps 3–4 leave these words as they are (a lone
//!    character is kept, though shorter than `min`).
//! 3. Each character is folded through the `fold` table (`é` → `e`, `ß` → `ss`, `ł` → `l`:
//!    Latin letters with diacritics and ligatures), shipped in the index.
//! 4. Words are cut to `max` (24) characters, and words shorter than `min` (2) characters
//!    are dropped; characters are Unicode scalar values.
//! 5. Words in the `stop` list (also shipped in the index) are dropped.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// Words shorter than this many characters are not indexed.
pub const MIN_WORD_CHARS: usize = 2;
/// Longer words are cut to this many characters.
pub const MAX_WORD_CHARS: usize = 24;

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
pub(super) const FOLDS: &[(char, &str)] = &[
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

/// Whether `c` is a Han, Kana or Hangul character: indexed in pairs (step 2). The same
/// ranges as `CJK` in `static/search.js`.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        // Han: ideographic iteration mark and numerals, CJK Unified Ideographs, Extension A,
        // Compatibility Ideographs, Extensions B and on (with the compatibility supplement).
        0x3005 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF
        // Kana: Hiragana, Katakana (with the prolonged sound mark), phonetic extensions,
        // halfwidth Katakana, Kana Supplement and Extended-A, Small Kana Extension.
        | 0x3041..=0x309F | 0x30A1..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F
        | 0x1B000..=0x1B16F
        // Hangul: Jamo, compatibility Jamo, Jamo Extended-A and -B, syllables, halfwidth.
        | 0x1100..=0x11FF | 0x3131..=0x318E | 0xA960..=0xA97F | 0xAC00..=0xD7A3
        | 0xD7B0..=0xD7FF | 0xFFA0..=0xFFDC)
}

/// Calls `found` with each word of `text` (steps 1–4 of the tokeniser; stop words included).
///
/// ASCII white space ends every word and run of CJK characters, and no lower-casing rule
/// looks across it: so each stretch between two white spaces that holds a non-ASCII
/// character is read character by character, and the ASCII text around it byte by byte.
pub fn for_each_word(text: &str, mut found: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|b| !b.is_ascii()) {
        let at = from + offset;
        let start = (bytes[from..at].iter())
            .rposition(u8::is_ascii_whitespace)
            .map_or(from, |p| from + p + 1);
        let end = (bytes[at..].iter())
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |p| at + p);
        for_each_ascii_word(&bytes[from..start], &mut found);
        for_each_unicode_word(&text[start..end], &mut found);
        from = end;
    }
    for_each_ascii_word(&bytes[from..], found);
}

/// [`for_each_word`] of ASCII text, byte by byte: a word is a run of ASCII letters and
/// digits, lower-cased; nothing else folds, and no character is Chinese, Japanese or Korean.
pub(super) fn for_each_ascii_word(text: &[u8], mut found: impl FnMut(&str)) {
    let mut word = [0u8; MAX_WORD_CHARS];
    let mut chars = 0usize;
    for &b in text.iter().chain([b' '].iter()) {
        if b.is_ascii_alphanumeric() {
            if chars < MAX_WORD_CHARS {
                word[chars] = b.to_ascii_lowercase();
            }
            chars += 1;
        } else {
            if chars >= MIN_WORD_CHARS {
                let length = chars.min(MAX_WORD_CHARS);
                // Letters and digits only: always UTF-8.
                if let Ok(text) = std::str::from_utf8(&word[..length]) {
                    found(text);
                }
            }
            chars = 0;
        }
    }
}

/// [`for_each_word`] of any text, character by character.
pub(super) fn for_each_unicode_word(text: &str, mut found: impl FnMut(&str)) {
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
    // The run of CJK characters being read: its last character, and its length.
    let mut previous = '\0';
    let mut run = 0usize;
    let mut pair = String::new();
    for c in text.chars() {
        if ('\u{300}'..='\u{36F}').contains(&c) {
            // A combining mark (decomposed text, or the dot `İ` lower-cases to): dropped.
            continue;
        }
        let letter = c.is_alphanumeric();
        if letter && is_cjk(c) {
            if chars >= MIN_WORD_CHARS {
                found(&word);
            }
            word.clear();
            chars = 0;
            if run > 0 {
                pair.clear();
                pair.push(previous);
                pair.push(c);
                found(&pair);
            }
            previous = c;
            run += 1;
            continue;
        }
        if run == 1 {
            found(previous.encode_utf8(&mut [0; 4]));
        }
        run = 0;
        if !letter {
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
    if run == 1 {
        found(previous.encode_utf8(&mut [0; 4]));
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

/// Whether `word` is one of the [`STOP_WORDS`].
pub fn is_stop_word(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect())
        .contains(word)
}
