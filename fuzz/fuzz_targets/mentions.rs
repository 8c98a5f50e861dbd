//! Mention matching: `alias\nalias\n...\0text` (without a `\0`, the whole input is text
//! searched for a fixed set of aliases). Entities are the alias's line number modulo 4.
//!
//! Every match lies within the text on character boundaries, matches are sorted and do not
//! overlap, each is a whole-word occurrence of an alias of its entity, and the set of
//! matches equals a slow, obvious leftmost-longest search over the folded text
//! (`briefing::text::fold`), mapped back.
#![no_main]

use std::ops::Range;

use briefing::text::fold::{fold, fold_str};
use briefing::text::mentions::{Alias, MentionFinder};
use libfuzzer_sys::fuzz_target;

const DEFAULT_ALIASES: &[&str] = &[
    "Putin",
    "(?i)kremlin",
    "Sir Keir",
    "Keir Starmer",
    "US",
    "US President",
    "Zelensky’s",
];

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (written, text): (Vec<&str>, &str) = match input.split_once('\0') {
        Some((aliases, text)) => (aliases.split('\n').take(64).collect(), text),
        None => (DEFAULT_ALIASES.to_vec(), input),
    };
    let aliases: Vec<Alias> = written
        .iter()
        .enumerate()
        .map(|(i, w)| Alias::parse(w, i % 4))
        .collect();
    let finder = MentionFinder::new(&aliases);
    let found = finder.find(text);

    let mut last_end = 0;
    for f in &found {
        let r = &f.range;
        assert!(r.start < r.end, "empty or backwards match {r:?}");
        assert!(
            r.end <= text.len(),
            "match {r:?} past the end ({})",
            text.len()
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "match {r:?} splits a character"
        );
        assert!(
            r.start >= last_end,
            "match {r:?} overlaps or precedes the one before"
        );
        last_end = r.end;
        assert!(
            whole_word(text, r),
            "match {r:?} ({:?}) is inside a word",
            &text[r.clone()]
        );
        assert!(
            aliases
                .iter()
                .any(|a| a.entity == f.entity && same_folded(a, &text[r.clone()])),
            "match {r:?} ({:?}) is no alias of entity {}",
            &text[r.clone()],
            f.entity
        );
    }

    // The obvious search, run on the folded text with folded aliases, mapped back.
    let folded = fold(text);
    let folded_aliases: Vec<Alias> = aliases
        .iter()
        .map(|a| Alias {
            text: fold_str(&a.text),
            ..a.clone()
        })
        .collect();
    let expected: Vec<Range<usize>> = slow_find(&folded_aliases, &folded.text)
        .into_iter()
        .map(|r| folded.source_range(r))
        .collect();
    let got: Vec<Range<usize>> = found.iter().map(|f| f.range.clone()).collect();
    assert_eq!(got, expected, "fast and slow searches differ");
});

/// Whether `written` is `alias` once both are folded (in any case, for `(?i)` aliases).
fn same_folded(alias: &Alias, written: &str) -> bool {
    let (a, b) = (fold_str(&alias.text), fold_str(written));
    if alias.ignore_case {
        a.eq_ignore_ascii_case(&b)
    } else {
        a == b
    }
}

/// Where an occurrence of `alias` starting at `at` ends, if there is one.
fn matches_at(alias: &Alias, text: &str, at: usize) -> Option<usize> {
    let pattern = alias.text.as_bytes();
    if pattern.is_empty() || !text.is_char_boundary(at) {
        return None;
    }
    let candidate = text.as_bytes().get(at..at + pattern.len())?;
    let same = if alias.ignore_case {
        candidate.eq_ignore_ascii_case(pattern)
    } else {
        candidate == pattern
    };
    (same && text.is_char_boundary(at + pattern.len())).then_some(at + pattern.len())
}

fn whole_word(text: &str, range: &Range<usize>) -> bool {
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !joins(text[..range.start].chars().next_back()) && !joins(text[range.end..].chars().next())
}

/// Every whole-word occurrence, then leftmost first and longest among those starting together.
fn slow_find(aliases: &[Alias], text: &str) -> Vec<Range<usize>> {
    let mut candidates: Vec<Range<usize>> = Vec::new();
    for at in 0..=text.len() {
        for alias in aliases {
            if let Some(end) = matches_at(alias, text, at)
                && whole_word(text, &(at..end))
            {
                candidates.push(at..end);
            }
        }
    }
    candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut chosen: Vec<Range<usize>> = Vec::new();
    for c in candidates {
        if chosen.last().is_none_or(|last| c.start >= last.end) {
            chosen.push(c);
        }
    }
    chosen
}
