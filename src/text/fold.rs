//! Typographic folding: the characters a reader does not tell apart, made equal for
//! matching. Quotes, annotations and aliases all match through [`fold`], so a passage or
//! name typed one way is found however the text (or smart punctuation) wrote it.
//!
//! - straight and curly quotes and apostrophes (and primes, guillemets, backtick);
//! - every white space character (line breaks, no-break and narrow no-break spaces
//!   included), a run of them being one space;
//! - hyphens and dashes: U+2010 hyphen, U+2011 non-breaking hyphen, figure, en and em
//!   dashes, the minus sign and `-`, a run of them being one `-` (so Markdown's `--` and
//!   `---`, which smart punctuation renders as `–` and `—`, match either way);
//! - `…` and `...`.

use std::ops::Range;

/// Text with typography folded, and each byte traced to the source bytes it came from.
pub struct Folded {
    pub text: String,
    /// For each byte of `text`, the source range of the character (or run) it came from.
    pub source: Vec<Range<usize>>,
}

impl Folded {
    /// The source range of the folded bytes `range` (non-empty, inside `text`).
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        self.source[range.start].start..self.source[range.end - 1].end
    }
}

/// What `c` folds to, when not itself.
fn folded(c: char) -> Option<&'static str> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => Some("'"),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Some("\""),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some("-"),
        '\u{2026}' => Some("..."),
        c if c.is_whitespace() && c != ' ' => Some(" "),
        _ => None,
    }
}

/// Whether folding can change `text` at all (most ASCII text it cannot).
pub fn folds(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .any(|&b| b >= 0x80 || b == b'`' || (b.is_ascii_whitespace() && b != b' '))
        || text.contains("  ")
        || text.contains("--")
}

/// Whether byte `b` is an ASCII character that folds to itself and never joins a run:
/// copied as it is, a whole stretch at a time.
fn plain(b: u8) -> bool {
    b.is_ascii() && b != b'`' && b != b'-' && !(b as char).is_whitespace()
}

/// Folds `source` (see the module's rules), tracing every byte back.
pub fn fold(source: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(source.len()),
        source: Vec::with_capacity(source.len()),
    };
    let bytes = source.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let stretch = bytes[at..].iter().take_while(|&&b| plain(b)).count();
        if stretch > 0 {
            out.text.push_str(&source[at..at + stretch]);
            out.source.extend((at..at + stretch).map(|i| i..i + 1));
            at += stretch;
            continue;
        }
        let Some(c) = source[at..].chars().next() else {
            break;
        };
        fold_char(&mut out, at, c);
        at += c.len_utf8();
    }
    out
}

/// Folds the character `c` at byte `at` of the source onto `out`.
fn fold_char(out: &mut Folded, at: usize, c: char) {
    let end = at + c.len_utf8();
    let mut buffer = [0u8; 4];
    let piece = folded(c).unwrap_or_else(|| c.encode_utf8(&mut buffer));
    // A run of spaces, or of hyphens and dashes, is one.
    if (piece == " " || piece == "-") && out.text.ends_with(piece) {
        if let Some(last) = out.source.last_mut() {
            last.end = end;
        }
        return;
    }
    out.text.push_str(piece);
    out.source.extend(std::iter::repeat_n(at..end, piece.len()));
}

/// The folded form of a search string, trimmed.
pub fn fold_str(text: &str) -> String {
    fold(text).text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stretches of plain ASCII are copied whole: the result is what folding each
    /// character in turn gives, for every kind of character next to every other.
    #[test]
    fn stretches_fold_as_characters_do() {
        let by_char = |source: &str| {
            let mut out = Folded {
                text: String::new(),
                source: Vec::new(),
            };
            for (at, c) in source.char_indices() {
                fold_char(&mut out, at, c);
            }
            out
        };
        let pieces = [
            "a", "Ab1", " ", "  ", "-", "--", "\u{2014}", "`", "\t", "\n", "\u{b}", "\u{a0}",
            "\u{2019}", "\u{201c}", "\u{2026}", "...", "é", "市", "x.y", "",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let source = format!("{a}{b}{c}{b}");
                    let (whole, each) = (fold(&source), by_char(&source));
                    assert_eq!(whole.text, each.text, "{source:?}");
                    assert_eq!(whole.source, each.source, "{source:?}");
                }
            }
        }
    }

    #[test]
    fn each_variant_folds_to_its_plain_form() {
        let pairs = [
            ("People\u{2019}s", "People's"),
            ("\u{2018}a\u{2019}", "'a'"),
            ("\u{201C}a\u{201D}", "\"a\""),
            ("\u{00AB}a\u{00BB}", "\"a\""),
            ("cease\u{2011}fire", "cease-fire"),
            ("cease\u{2010}fire", "cease-fire"),
            ("\u{2212}5", "-5"),
            ("a \u{2013} b", "a - b"),
            ("a -- b", "a - b"),
            ("a\u{2014}b", "a-b"),
            ("a---b", "a-b"),
            ("wait\u{2026}", "wait..."),
            ("Prime\u{00A0}Minister", "Prime Minister"),
            ("Prime\u{202F}Minister", "Prime Minister"),
            ("Prime\n  Minister", "Prime Minister"),
        ];
        for (written, plain) in pairs {
            assert_eq!(fold(written).text, fold(plain).text, "{written:?}");
            assert_eq!(
                fold(plain).text,
                plain.replace("--", "-").replace("---", "-")
            );
        }
    }

    #[test]
    fn every_folded_byte_traces_to_its_source() {
        let text = "a\u{2026} b\u{2014}\u{2014}c  d";
        let folded = fold(text);
        assert_eq!(folded.text, "a... b-c d");
        assert_eq!(folded.source.len(), folded.text.len());
        let at = folded.text.find("b-c").unwrap();
        assert_eq!(&text[folded.source_range(at..at + 3)], "b\u{2014}\u{2014}c");
        let dots = folded.text.find("...").unwrap();
        assert_eq!(&text[folded.source_range(dots..dots + 3)], "\u{2026}");
    }

    #[test]
    fn plain_ascii_needs_no_folding() {
        assert!(!folds("Sir Keir Starmer said - once."));
        assert!(folds("Sir Keir\nStarmer"));
        assert!(folds("a -- b"));
        assert!(folds("People\u{2019}s"));
    }
}
