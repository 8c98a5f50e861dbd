//! Finding actor and topic names in text: whole words, leftmost-longest, with aho-corasick.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::text::fold::{fold, fold_str, folds};

/// An alias written `(?i)text` matches ASCII letters in any case.
pub const IGNORE_CASE_PREFIX: &str = "(?i)";

/// A name to look for, and the entity (an opaque number) it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub text: String,
    pub ignore_case: bool,
    pub entity: usize,
}

impl Alias {
    /// Reads an alias as written in front matter, with its optional `(?i)` marker.
    pub fn parse(written: &str, entity: usize) -> Alias {
        match written.strip_prefix(IGNORE_CASE_PREFIX) {
            Some(rest) => Alias {
                text: rest.trim().to_string(),
                ignore_case: true,
                entity,
            },
            None => Alias {
                text: written.trim().to_string(),
                ignore_case: false,
                entity,
            },
        }
    }
}

/// A match of an alias: its byte range in the searched text, and its entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub entity: usize,
}

/// All aliases of a site, compiled once and searched in every article.
pub struct MentionFinder {
    exact: Option<(AhoCorasick, Vec<usize>)>,
    any_case: Option<(AhoCorasick, Vec<usize>)>,
}

impl MentionFinder {
    pub fn new(aliases: &[Alias]) -> MentionFinder {
        let build = |ignore_case: bool| {
            let chosen: Vec<&Alias> = aliases
                .iter()
                .filter(|a| a.ignore_case == ignore_case && !a.text.is_empty())
                .collect();
            if chosen.is_empty() {
                return None;
            }
            let automaton = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(ignore_case)
                .build(chosen.iter().map(|a| fold_str(&a.text)))
                .ok()?;
            Some((automaton, chosen.iter().map(|a| a.entity).collect()))
        };
        MentionFinder {
            exact: build(false),
            any_case: build(true),
        }
    }

    /// Whole-word matches in `text`, leftmost first, longest among those starting together.
    /// Aliases and text are compared folded ([`crate::text::fold`]): an alias matches
    /// across a line break, a no-break space, curly apostrophes or a non-breaking hyphen.
    pub fn find(&self, text: &str) -> Vec<Found> {
        if !folds(text) {
            return self.find_folded(text);
        }
        let folded = fold(text);
        let mut found = self.find_folded(&folded.text);
        for hit in &mut found {
            hit.range = folded.source_range(hit.range.clone());
        }
        found
    }

    /// [`MentionFinder::find`] in text already folded.
    fn find_folded(&self, text: &str) -> Vec<Found> {
        let mut candidates: Vec<Found> = Vec::new();
        for (automaton, entities) in [&self.exact, &self.any_case].into_iter().flatten() {
            for hit in automaton.find_overlapping_iter(text) {
                let range = hit.start()..hit.end();
                if is_whole_word(text, &range) {
                    candidates.push(Found {
                        range,
                        entity: entities[hit.pattern().as_usize()],
                    });
                }
            }
        }
        candidates.sort_by(|a, b| {
            a.range
                .start
                .cmp(&b.range.start)
                .then(b.range.end.cmp(&a.range.end))
        });
        let mut chosen: Vec<Found> = Vec::new();
        for candidate in candidates {
            if chosen
                .last()
                .is_none_or(|last| candidate.range.start >= last.range.end)
            {
                chosen.push(candidate);
            }
        }
        chosen
    }
}

/// No letter or digit touches either end; so `Putin’s` and `Putin's` still count.
fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !joins(before) && !joins(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder(aliases: &[(&str, usize)]) -> MentionFinder {
        let aliases: Vec<Alias> = aliases.iter().map(|(t, e)| Alias::parse(t, *e)).collect();
        MentionFinder::new(&aliases)
    }

    fn texts<'a>(text: &'a str, found: &[Found]) -> Vec<(&'a str, usize)> {
        found
            .iter()
            .map(|f| (&text[f.range.clone()], f.entity))
            .collect()
    }

    #[test]
    fn longest_match_wins() {
        let f = finder(&[("Keir", 1), ("Sir Keir", 1), ("Keir Starmer", 1), ("UK", 2)]);
        let text = "Sir Keir Starmer met UK officials.";
        assert_eq!(texts(text, &f.find(text)), [("Sir Keir", 1), ("UK", 2)]);
    }

    #[test]
    fn whole_words_and_possessives() {
        let f = finder(&[("Putin", 1), ("US", 2), ("US President", 3)]);
        let text = "Putin’s war, Putin's aims, USB sticks, the US Presidential race, Putinism.";
        assert_eq!(
            texts(text, &f.find(text)),
            [("Putin", 1), ("Putin", 1), ("US", 2)]
        );
    }

    #[test]
    fn case_sensitive_unless_marked() {
        let f = finder(&[("Nato", 1), ("(?i)kremlin", 2)]);
        let text = "NATO and Nato; the KREMLIN and the Kremlin.";
        assert_eq!(
            texts(text, &f.find(text)),
            [("Nato", 1), ("KREMLIN", 2), ("Kremlin", 2)]
        );
    }
}
