//! Finding actor and topic names in text: whole words, leftmost-longest, with aho-corasick.
//!
//! An alias may be scoped: to articles from certain publishers, or to one article (which
//! names it in its own front matter). Where aliases of the same text apply, the narrowest
//! scope wins: article, then publisher, then site-wide. An alias may also be a label that
//! matches only at the start of a paragraph ("President. –", "The Prime Minister:").

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::text::fold::{fold, fold_str, folds};

/// An alias written `(?i)text` matches ASCII letters in any case.
pub const IGNORE_CASE_PREFIX: &str = "(?i)";

/// A name to look for, and the entity (an opaque number) it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub text: String,
    pub ignore_case: bool,
    pub entity: usize,
    /// Where the alias means its entity.
    pub scope: AliasScope,
    /// It matches only at the start of a paragraph, as a speaker's label does.
    pub line_start: bool,
}

/// Where an alias applies, narrowest last (the order is the precedence).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AliasScope {
    /// In every article.
    Site,
    /// In articles whose `source.publisher` is one of these (ignoring case), or whose
    /// `source.url` host is one of them or under one (`europarl.europa.eu`).
    Publishers(Vec<String>),
    /// In the one article whose front matter gives it.
    Article,
}

/// What a search needs to know of where the text comes from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The article's `source.publisher`.
    pub publisher: Option<&'a str>,
    /// The host of the article's `source.url`, lower case.
    pub host: Option<&'a str>,
    /// The text searched starts a paragraph (so line-start labels may match at 0).
    pub block_start: bool,
}

impl AliasScope {
    /// Whether an alias of this scope applies in `context`.
    pub fn applies(&self, context: &Context) -> bool {
        match self {
            AliasScope::Site | AliasScope::Article => true,
            AliasScope::Publishers(names) => names.iter().any(|name| {
                let name = name.trim();
                context
                    .publisher
                    .is_some_and(|p| p.trim().eq_ignore_ascii_case(name))
                    || context.host.is_some_and(|host| {
                        let name = name.to_ascii_lowercase();
                        host == name || host.ends_with(&format!(".{name}"))
                    })
            }),
        }
    }
}

impl Alias {
    /// Reads an alias as written in front matter, with its optional `(?i)` marker.
    pub fn parse(written: &str, entity: usize) -> Alias {
        match written.strip_prefix(IGNORE_CASE_PREFIX) {
            Some(rest) => Alias {
                text: rest.trim().to_string(),
                ignore_case: true,
                entity,
                scope: AliasScope::Site,
                line_start: false,
            },
            None => Alias {
                text: written.trim().to_string(),
                ignore_case: false,
                entity,
                scope: AliasScope::Site,
                line_start: false,
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
    exact: Option<(AhoCorasick, Vec<Alias>)>,
    any_case: Option<(AhoCorasick, Vec<Alias>)>,
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
            // A DFA: built once per site, then searched through every article's text.
            let automaton = AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(ignore_case)
                .build(chosen.iter().map(|a| fold_str(&a.text)))
                .ok()?;
            Some((automaton, chosen.into_iter().cloned().collect()))
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
        let context = Context {
            block_start: true,
            ..Context::default()
        };
        choose(self.candidates(text, &context))
    }

    /// Every alias of this finder that applies in `context` and matches in `text`, with
    /// its scope; [`choose`] picks the mentions among these and other finders' candidates.
    pub fn candidates(&self, text: &str, context: &Context) -> Vec<Candidate> {
        if !folds(text) {
            return self.candidates_folded(text, context);
        }
        let folded = fold(text);
        let mut found = self.candidates_folded(&folded.text, context);
        for candidate in &mut found {
            candidate.found.range = folded.source_range(candidate.found.range.clone());
        }
        found
    }

    /// [`MentionFinder::candidates`] in text already folded.
    fn candidates_folded(&self, text: &str, context: &Context) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        for (automaton, aliases) in [&self.exact, &self.any_case].into_iter().flatten() {
            for hit in automaton.find_overlapping_iter(text) {
                let range = hit.start()..hit.end();
                let alias = &aliases[hit.pattern().as_usize()];
                let placed = !alias.line_start
                    || (context.block_start && text[..range.start].trim().is_empty());
                if placed && alias.scope.applies(context) && is_whole_word(text, &range) {
                    candidates.push(Candidate {
                        found: Found {
                            range,
                            entity: alias.entity,
                        },
                        scope: alias.scope.clone(),
                    });
                }
            }
        }
        candidates
    }
}

/// A match before the choice between overlapping ones, with its alias's scope.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub found: Found,
    pub scope: AliasScope,
}

/// The mentions among `candidates`: where several aliases match the same text, the one of
/// narrowest scope; then leftmost first, longest among those starting together.
pub fn choose(mut candidates: Vec<Candidate>) -> Vec<Found> {
    let rank = |scope: &AliasScope| match scope {
        AliasScope::Site => 0,
        AliasScope::Publishers(_) => 1,
        AliasScope::Article => 2,
    };
    candidates.sort_by(|a, b| {
        let (a_range, b_range) = (&a.found.range, &b.found.range);
        a_range
            .start
            .cmp(&b_range.start)
            .then(b_range.end.cmp(&a_range.end))
            .then(rank(&b.scope).cmp(&rank(&a.scope)))
    });
    let mut chosen: Vec<Found> = Vec::new();
    for candidate in candidates {
        if chosen
            .last()
            .is_none_or(|last| candidate.found.range.start >= last.range.end)
        {
            chosen.push(candidate.found);
        }
    }
    chosen
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
