//! Tables and `[[slug|text]]` links: a table row is cut into cells at each `|` before its
//! links are read, so the `|` of a link's text would cut the link in two. Here such pipes
//! are escaped first (`\|`, which keeps a `|` in a cell), so `[[slug|text]]` works in a
//! table as it does elsewhere, as `[[slug\|text]]` does (GFM's own escape); and a row
//! that still has more cells than its table has columns, whose last cells would silently
//! not be shown, is an error.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, code};
use crate::load::Origin;
use crate::text::body;
use crate::text::body::SourceEvent;

/// How many times the tables are looked for again after escaping: a header row's link
/// can hide a whole table, whose rows may then hold more links.
const ROUNDS: usize = 4;

/// The byte offsets of the `|` inside `[[…]]` links in the body's table rows, each to be
/// escaped; empty when there is none (as in nearly every body).
pub(crate) fn link_pipes(text: &str) -> Vec<usize> {
    let mut escaped: Vec<usize> = Vec::new();
    // Most bodies have no table, or no link with a `|` in it: no parse is spent on them.
    let has_table = text.lines().any(is_delimiter_row);
    if !has_table
        || text
            .lines()
            .all(|line| pipes_in_links(line).next().is_none())
    {
        return escaped;
    }
    for _ in 0..ROUNDS {
        let tables = table_ranges(text, &escaped);
        let lines = text_lines(text);
        let mut wanted: Vec<usize> = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let in_table = tables
                .iter()
                .any(|t| t.start <= line.start && line.start < t.end);
            // A header row whose link pipes hide its table: the next line is a delimiter row.
            let header = lines
                .get(index + 1)
                .is_some_and(|next| is_delimiter_row(&text[next.clone()]));
            if in_table || header {
                wanted.extend(pipes_in_links(&text[line.clone()]).map(|at| line.start + at));
            }
        }
        // Only escapes that land in a table: elsewhere `\|` is no escape.
        if !wanted.is_empty() {
            let tables = table_ranges(text, &wanted);
            wanted.retain(|at| tables.iter().any(|t| t.contains(at)));
        }
        if wanted == escaped {
            break;
        }
        escaped = wanted;
    }
    escaped
}

/// `text` with a `\` before each offset of `pipes`.
pub(crate) fn with_escapes(text: &str, pipes: &[usize]) -> String {
    let mut out = String::with_capacity(text.len() + pipes.len());
    let mut from = 0;
    for &at in pipes {
        out.push_str(&text[from..at]);
        out.push('\\');
        from = at;
    }
    out.push_str(&text[from..]);
    out
}

/// The offset in the original text of `offset` in [`with_escapes`]' text.
pub(crate) fn original_offset(offset: usize, pipes: &[usize]) -> usize {
    let inserted = pipes
        .iter()
        .enumerate()
        .take_while(|(k, at)| **at + k < offset)
        .count();
    offset - inserted
}

/// The byte ranges of the tables (in `text`'s offsets) once `pipes` are escaped.
fn table_ranges(text: &str, pipes: &[usize]) -> Vec<Range<usize>> {
    let escaped = with_escapes(text, pipes);
    body::parse_unescaped(&escaped)
        .into_iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::Table(_))))
        .map(|(_, range)| original_offset(range.start, pipes)..original_offset(range.end, pipes))
        .collect()
}

/// Each line's byte range, without its line break.
fn text_lines(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        lines.push(start..start + content.len());
        start += line.len();
    }
    lines
}

/// A table's delimiter row (`| --- | :-: |`), inside block quotes too.
fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t', '>']).trim();
    line.contains('|')
        && line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The offsets in `line` of the unescaped `|` inside each `[[…]]`.
fn pipes_in_links(line: &str) -> impl Iterator<Item = usize> + '_ {
    let mut pipes = Vec::new();
    let mut from = 0;
    while let Some(open) = line[from..].find("[[").map(|at| from + at) {
        let Some(close) = line[open + 2..].find("]]").map(|at| open + 2 + at) else {
            break;
        };
        let inside = &line[open + 2..close];
        pipes.extend(
            inside
                .match_indices('|')
                .map(|(at, _)| at)
                .filter(|&at| !inside[..at].ends_with('\\'))
                .map(|at| open + 2 + at),
        );
        from = close + 2;
    }
    pipes.into_iter()
}

/// Rows with more cells than their table has columns: those past the last column are not
/// shown. Each an error at the row's line. `wikilinks`: the text is an article body, whose
/// `[[…]]` links are read whole in a cell (profiles and descriptions have no such links).
pub fn check(origin: &Origin, text: &str, wikilinks: bool) -> Vec<Diagnostic> {
    if !text.contains('|') {
        return Vec::new();
    }
    let events = if wikilinks {
        body::parse(text)
    } else {
        body::parse_unescaped(text)
    };
    check_events(origin, text, wikilinks, &events)
}

/// [`check`] of an article body already parsed: `events` are [`body::parse`] of `text`.
pub fn check_parsed(origin: &Origin, text: &str, events: &[SourceEvent]) -> Vec<Diagnostic> {
    if !text.contains('|') {
        return Vec::new();
    }
    check_events(origin, text, true, events)
}

fn check_events(
    origin: &Origin,
    text: &str,
    wikilinks: bool,
    events: &[SourceEvent],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut columns = 0;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Table(alignments)) => columns = alignments.len(),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                let row = &text[range.clone()];
                let row = row.lines().next().unwrap_or(row);
                let kept: Vec<usize> = match wikilinks {
                    true => pipes_in_links(row).collect(),
                    false => Vec::new(),
                };
                let cells = cells_in(row, &kept);
                if cells > columns {
                    let line = origin.body_line + body::line_of(text, range.start) - 1;
                    problems.push(
                        Diagnostic::error(
                            code::TABLE_CELLS,
                            &origin.file,
                            format!(
                                "this table row has {cells} cells but the table has {columns} columns: the cells after the last column are not shown"
                            ),
                        )
                        .at_line(line)
                        .with_hint("write `\\|` for a `|` inside a cell, or add the column to the header and delimiter rows"),
                    );
                }
            }
            Event::End(TagEnd::Table) => columns = 0,
            _ => {}
        }
    }
    problems
}

/// How many cells a table row's source has: its unescaped `|` cut it (inside code too),
/// leading and trailing ones aside, and those at `kept` (offsets in `row`) do not.
fn cells_in(row: &str, kept: &[usize]) -> usize {
    let trimmed = row.trim_start();
    let shift = row.len() - trimmed.len();
    let row = trimmed.trim_end();
    let pipes: Vec<usize> = row
        .match_indices('|')
        .map(|(at, _)| at)
        .filter(|&at| !row[..at].ends_with('\\') && !kept.contains(&(at + shift)))
        .collect();
    let mut cells = pipes.len() + 1;
    if pipes.first() == Some(&0) {
        cells -= 1;
    }
    if pipes.last().is_some_and(|&at| at + 1 == row.len()) && row.len() > 1 {
        cells -= 1;
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_link_pipes_in_tables_are_escaped() {
        let text = "See [[a|b]].\n\n| [[a|b]] | x `[[c|d]]` |\n| --- | --- |\n| [[e|f]] | [[g\\|h]] |\n\nAfter [[i|j]].\n";
        let pipes = link_pipes(text);
        let escaped = with_escapes(text, &pipes);
        assert_eq!(
            escaped,
            "See [[a|b]].\n\n| [[a\\|b]] | x `[[c\\|d]]` |\n| --- | --- |\n| [[e\\|f]] | [[g\\|h]] |\n\nAfter [[i|j]].\n"
        );
        for (k, &at) in pipes.iter().enumerate() {
            assert_eq!(original_offset(at + k, &pipes), at, "the backslash");
            assert_eq!(original_offset(at + k + 1, &pipes), at, "the pipe");
        }
        assert_eq!(original_offset(escaped.len(), &pipes), text.len());
    }

    #[test]
    fn cells_are_counted_from_the_source() {
        assert_eq!(cells_in("| a | b |", &[]), 2);
        assert_eq!(cells_in("a | b", &[]), 2);
        assert_eq!(cells_in("| a \\| b | `c|d` |", &[]), 3);
        assert_eq!(cells_in("|", &[]), 1);
        let row = "  | [[a|b]] | c |";
        let kept: Vec<usize> = pipes_in_links(row).collect();
        assert_eq!((cells_in(row, &[]), cells_in(row, &kept)), (3, 2));
    }
}
