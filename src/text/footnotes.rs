//! Footnote labels in one body: a label defined twice, a reference with no definition,
//! a definition nothing cites.
//!
//! Labels match as the Markdown parser matches them, in any letter case. A reference with
//! no definition is not a footnote to the parser, only the text `[^label]`, which readers
//! would see as written: it is found in the source of the body's text.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, code};
use crate::load::Origin;
use crate::text::body::{self, SourceEvent};

/// The footnote problems of a body, each at its file, line and column.
pub fn check(origin: &Origin, text: &str) -> Vec<Diagnostic> {
    if !text.contains("[^") {
        return Vec::new();
    }
    check_parsed(origin, text, &body::parse(text))
}

/// [`check`] of a body already parsed: `events` are [`body::parse`] of `text`.
pub fn check_parsed(origin: &Origin, text: &str, events: &[SourceEvent]) -> Vec<Diagnostic> {
    if !text.contains("[^") {
        return Vec::new();
    }
    let place = |offset: usize| {
        let line = origin.body_line + body::line_of(text, offset) - 1;
        let column = text[..offset]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        (line, column)
    };
    let mut problems = Vec::new();
    // Each label (folded) → where its first definition is.
    let mut defined: HashMap<String, (usize, usize)> = HashMap::new();
    let mut definitions: Vec<(String, &str, usize)> = Vec::new();
    let mut cited: Vec<String> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let folded = label.to_lowercase();
                let at = place(range.start);
                match defined.get(&folded) {
                    Some(&(first, _)) => problems.push(
                        Diagnostic::error(
                            code::DUPLICATE_FOOTNOTE,
                            &origin.file,
                            format!("footnote `[^{label}]` is defined twice"),
                        )
                        .at(at.0, at.1)
                        .spanning(label.chars().count() + 3)
                        .with_hint(format!(
                            "it is first defined on line {first}: keep one definition, or give this one its own label"
                        )),
                    ),
                    None => {
                        defined.insert(folded.clone(), at);
                        definitions.push((folded, label, range.start));
                    }
                }
            }
            Event::FootnoteReference(label) => cited.push(label.to_lowercase()),
            _ => {}
        }
    }
    for (label, offset) in undefined_references(text, events) {
        let at = place(offset);
        problems.push(
            Diagnostic::error(
                code::UNDEFINED_FOOTNOTE,
                &origin.file,
                format!("footnote `[^{label}]` has no definition: readers see the text `[^{label}]`"),
            )
            .at(at.0, at.1)
            .spanning(label.chars().count() + 3)
            .with_hint(format!(
                "define it on a line of its own, `[^{label}]: The note.`, or write `\\[^{label}]` for the text"
            )),
        );
    }
    for (folded, label, offset) in definitions {
        if !cited.contains(&folded) {
            let at = place(offset);
            problems.push(
                Diagnostic::warning(
                    code::UNUSED_FOOTNOTE,
                    &origin.file,
                    format!("footnote `[^{label}]` is defined but never cited: it is not shown"),
                )
                .at(at.0, at.1)
                .spanning(label.chars().count() + 3)
                .with_hint(format!(
                    "cite it with `[^{label}]` in the text, or delete it"
                )),
            );
        }
    }
    problems
}

/// `[^label]` written in the body's text (outside code): what the parser left as text
/// because no definition has the label. Each with the label and its byte offset.
fn undefined_references<'a>(text: &'a str, events: &[SourceEvent]) -> Vec<(&'a str, usize)> {
    let mut found = Vec::new();
    let mut code_depth = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => code_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                code_depth = code_depth.saturating_sub(1)
            }
            Event::Text(_) if code_depth == 0 => {
                let source = &text[range.clone()];
                let mut from = 0;
                while let Some(at) = source[from..].find("[^") {
                    let start = from + at;
                    from = start + 2;
                    let escaped = source[..start].ends_with('\\');
                    let label = source[start + 2..]
                        .split(']')
                        .next()
                        .filter(|label| source[start + 2 + label.len()..].starts_with(']'));
                    let usable = label.is_some_and(|label| {
                        !label.is_empty()
                            && label.chars().count() <= 999
                            && !label
                                .chars()
                                .any(|c| c.is_whitespace() || c == '[' || c == '\\')
                    });
                    if let (false, true, Some(label)) = (escaped, usable, label) {
                        found.push((label, range.start + start));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn origin() -> Origin {
        Origin {
            slug: "a".into(),
            file: PathBuf::from("content/articles/a.md"),
            yaml_line: 2,
            body_line: 5,
        }
    }

    fn found(text: &str) -> Vec<(&'static str, Option<u32>, Option<u32>)> {
        check(&origin(), text)
            .into_iter()
            .map(|d| (d.code, d.line, d.column))
            .collect()
    }

    #[test]
    fn cited_and_defined_labels_are_fine_in_any_letter_case() {
        assert!(found("A.[^One] B.[^one]\n\n[^ONE]: The note.\n").is_empty());
        assert!(found("No notes at all, only [brackets] and ^carets.\n").is_empty());
    }

    #[test]
    fn escaped_and_code_references_are_text_on_purpose() {
        assert!(found("Write \\[^x] or `[^x]`.\n\n```\n[^y]\n```\n").is_empty());
    }

    #[test]
    fn duplicates_undefined_and_unused_are_each_found_where_written() {
        let text = "A.[^vote]\n\nB.[^ferry] and [^two words] stay text.\n\n[^vote]: First.\n[^Vote]: Second.\n[^unused]: Nobody.\n";
        assert_eq!(
            found(text),
            [
                (code::DUPLICATE_FOOTNOTE, Some(10), Some(1)),
                (code::UNDEFINED_FOOTNOTE, Some(7), Some(3)),
                (code::UNUSED_FOOTNOTE, Some(11), Some(1)),
            ]
        );
    }
}
