//! Finding a quoted passage in a body's visible text (a W3C TextQuoteSelector).
//!
//! Typography a reader does not tell apart is folded first (see [`crate::text::fold`]):
//! quotes, white space, hyphens and dashes, ellipses.

use std::ops::Range;

/// Why a quote could not be anchored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorError {
    /// Not in the text; `closest` is the most similar passage, if any is close.
    NotFound { closest: Option<String> },
    /// In the text `count` times, but the prefix or suffix given matches none of them.
    ContextMismatch { count: usize },
    /// In the text more than once with nothing to decide; each candidate with context.
    Ambiguous { candidates: Vec<String> },
    /// Nothing but white space to look for.
    Empty,
}

pub use crate::text::fold::fold_str;
use crate::text::fold::{Folded, fold};

/// A text folded once, to find any number of passages in it.
pub struct Haystack {
    folded: Folded,
}

impl Haystack {
    pub fn new(text: &str) -> Haystack {
        Haystack { folded: fold(text) }
    }

    /// Finds `exact`, using `prefix`/`suffix` to choose between repeats; the byte range
    /// of the passage in the text given to [`Haystack::new`].
    pub fn find(
        &self,
        exact: &str,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> Result<Range<usize>, AnchorError> {
        let haystack = &self.folded;
        let needle = fold_str(exact);
        if needle.is_empty() {
            return Err(AnchorError::Empty);
        }
        let all: Vec<usize> = haystack
            .text
            .match_indices(&needle)
            .map(|(at, _)| at)
            .collect();
        if all.is_empty() {
            return Err(AnchorError::NotFound {
                closest: closest_passage(&haystack.text, &needle),
            });
        }
        let prefix = prefix.map(fold_str).filter(|p| !p.is_empty());
        let suffix = suffix.map(fold_str).filter(|s| !s.is_empty());
        let fits = |at: &usize| {
            let before = haystack.text[..*at].trim_end();
            let after = haystack.text[at + needle.len()..].trim_start();
            prefix.as_deref().is_none_or(|p| before.ends_with(p))
                && suffix.as_deref().is_none_or(|s| after.starts_with(s))
        };
        let chosen: Vec<usize> = all.iter().copied().filter(fits).collect();
        match chosen.as_slice() {
            [] => Err(AnchorError::ContextMismatch { count: all.len() }),
            [at] => Ok(haystack.source_range(*at..at + needle.len())),
            many => Err(AnchorError::Ambiguous {
                candidates: many
                    .iter()
                    .map(|&at| in_context(&haystack.text, at, needle.len()))
                    .collect(),
            }),
        }
    }
}

/// Finds `exact` in `text`, using `prefix`/`suffix` to choose between repeats.
/// Returns the byte range of the passage in `text`.
pub fn find(
    text: &str,
    exact: &str,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Result<Range<usize>, AnchorError> {
    Haystack::new(text).find(exact, prefix, suffix)
}

/// `…before [passage] after…`, for listing candidates.
fn in_context(text: &str, at: usize, len: usize) -> String {
    let before = tail_chars(&text[..at], 30);
    let after: String = text[at + len..].chars().take(30).collect();
    format!("…{before}[{}]{after}…", &text[at..at + len])
}

fn tail_chars(text: &str, count: usize) -> &str {
    let start = text
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &text[start..]
}

/// The passage of `text` most like `needle`, when it is reasonably alike.
fn closest_passage(text: &str, needle: &str) -> Option<String> {
    // Bound the work: compare a needle of at most 80 characters at up to 20,000 word starts.
    let needle: String = needle.chars().take(80).collect();
    let width = needle.chars().count();
    let starts = text
        .char_indices()
        .filter(|(i, _)| *i == 0 || text[..*i].ends_with(' '))
        .map(|(i, _)| i)
        .take(20_000);
    let mut best: Option<(f64, Range<usize>)> = None;
    for start in starts {
        let end = text[start..]
            .char_indices()
            .nth(width)
            .map_or(text.len(), |(i, _)| start + i);
        let score = strsim::normalized_levenshtein(&needle, &text[start..end]);
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, start..end));
        }
    }
    let (score, window) = best?;
    // End the passage at a word boundary, so the hint reads as text.
    let end = text[window.end..]
        .find(' ')
        .map_or(text.len(), |i| window.end + i);
    (score >= 0.5).then(|| text[window.start..end].trim().to_string())
}

/// Up to `count` characters before and after `range`, as written but with white space
/// collapsed, for W3C selectors that other tools match against the page.
pub fn context_around(text: &str, range: Range<usize>, count: usize) -> (String, String) {
    let before = collapse_whitespace(tail_chars(&text[..range.start], count * 2));
    let after = collapse_whitespace(
        &text[range.end..]
            .chars()
            .take(count * 2)
            .collect::<String>(),
    );
    (
        tail_chars(&before, count).to_string(),
        after.chars().take(count).collect(),
    )
}

/// Runs of white space become one space; everything else stays as written.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "He said: “They are  the aggressor.” Then he said “we need a US backstop” and others but we need a US backstop again.";

    #[test]
    fn straight_quotes_match_curly_ones_and_space_runs_fold() {
        let range = find(TEXT, "\"They are the aggressor.\"", None, None).unwrap();
        assert_eq!(&TEXT[range], "“They are  the aggressor.”");
    }

    #[test]
    fn repeats_need_a_prefix() {
        match find(TEXT, "we need a US backstop", None, None) {
            Err(AnchorError::Ambiguous { candidates }) => assert_eq!(candidates.len(), 2),
            other => panic!("{other:?}"),
        }
        let range = find(TEXT, "we need a US backstop", Some("others but "), None).unwrap();
        assert!(TEXT[range.end..].starts_with(" again"));
        let range = find(TEXT, "we need a US backstop", None, Some("” and")).unwrap();
        assert!(TEXT[range.end..].starts_with("” and"));
    }

    #[test]
    fn a_wrong_prefix_is_reported() {
        assert_eq!(
            find(TEXT, "we need a US backstop", Some("nobody "), None),
            Err(AnchorError::ContextMismatch { count: 2 })
        );
    }

    #[test]
    fn not_found_suggests_the_closest_passage() {
        match find(TEXT, "They are the agressors", None, None) {
            Err(AnchorError::NotFound { closest }) => {
                assert_eq!(closest.as_deref(), Some("\"They are the aggressor.\""))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_quotes_are_refused() {
        assert_eq!(find(TEXT, "  ", None, None), Err(AnchorError::Empty));
    }

    #[test]
    fn context_keeps_the_typography() {
        let range = find(TEXT, "the aggressor", None, None).unwrap();
        let (before, after) = context_around(TEXT, range, 10);
        assert_eq!(before, "“They are ");
        assert_eq!(after, ".” Then he");
    }
}
