//! Every annotation of the repository's example site, read from its front matter, against
//! the built article: the passage's kind and verdict classes, the side note's label in
//! words ("Claim, rated: false"), the colour the stylesheet gives that verdict, and the note's
//! own words, which must open with the verdict they carry.

mod common;

use std::fs;

use common::*;
use scraper::{CaseSensitivity, ElementRef};

/// One entry of an article's `annotations:`, as written.
#[derive(Debug, Default)]
struct Written {
    kind: String,
    verdict: Option<String>,
    note: String,
}

/// The `annotations:` list of a front matter, read line by line (the example writes each
/// entry as `- quote:`, then `kind:`, `verdict:` and a folded `note: >-` block).
fn written_annotations(front: &str) -> Vec<Written> {
    let mut entries: Vec<Written> = Vec::new();
    let mut inside = false;
    let mut in_note = false;
    for line in front.lines() {
        if !line.starts_with(' ') && !line.starts_with('-') {
            inside = line.trim_end() == "annotations:";
            in_note = false;
            continue;
        }
        if !inside {
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("- ") {
            entries.push(Written::default());
            in_note = false;
        }
        let Some(entry) = entries.last_mut() else {
            continue;
        };
        let field = trimmed.trim_start_matches("- ");
        if let Some(kind) = field.strip_prefix("kind:") {
            entry.kind = unquote(kind);
            in_note = false;
        } else if let Some(verdict) = field.strip_prefix("verdict:") {
            entry.verdict = Some(unquote(verdict));
            in_note = false;
        } else if let Some(note) = field.strip_prefix("note:") {
            let note = note.trim();
            in_note = note.starts_with('>') || note.starts_with('|');
            if !in_note {
                entry.note = unquote(note);
            }
        } else if in_note {
            entry.note.push_str(trimmed);
            entry.note.push(' ');
        }
    }
    entries
}

fn unquote(value: &str) -> String {
    value.trim().trim_matches('"').to_string()
}

/// `mostly accurate` → `mostly-accurate`, as the class `verdict-<slug>`.
fn slug(verdict: &str) -> String {
    verdict
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The colour the verdict stands for in the stylesheet: what a reader should take from it.
fn expected_colour(verdict: &str) -> &'static str {
    match slug(verdict).as_str() {
        "accurate" | "true" | "correct" => "--verdict-true",
        "mostly-accurate" | "mostly-true" | "half-true" | "misleading" | "mostly-false" => {
            "--verdict-mixed"
        }
        "false" | "inaccurate" => "--verdict-false",
        "unverified" | "unproven" => "--verdict-unknown",
        other => panic!("the example uses a verdict the theme does not colour: {other:?}"),
    }
}

/// The colour variable the rule for `.verdict-<slug> > .sidenote-label` sets, if any.
fn stylesheet_colour(css: &str, class: &str) -> Option<String> {
    let subject = format!(".{class} > .sidenote-label");
    css.split('}').find_map(|rule| {
        let (selectors, declarations) = rule.rsplit_once('{')?;
        selectors
            .split(',')
            .any(|s| s.trim() == subject)
            .then_some(())?;
        let colour = declarations
            .split(';')
            .find_map(|d| d.trim().strip_prefix("color:"))?;
        let colour = colour.trim();
        let name = colour.strip_prefix("var(")?.strip_suffix(')')?;
        Some(name.to_string())
    })
}

fn has_class(element: ElementRef<'_>, class: &str) -> bool {
    element
        .value()
        .has_class(class, CaseSensitivity::CaseSensitive)
}

fn verdict_classes(element: ElementRef<'_>) -> Vec<String> {
    element
        .value()
        .classes()
        .filter(|c| c.starts_with("verdict-"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_example_verdict_agrees_in_label_class_colour_and_note() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("public");
    assert_success(&run_build(
        &repo_root(),
        &["--output", out.to_str().unwrap()],
    ));
    let css = fs::read_to_string(out.join("style.css")).expect("style.css");
    let mut claims = 0;
    let mut checked = 0;
    for (slug_of_article, text) in content_files(&repo_root(), "articles") {
        let page = read_html(&out.join(format!("articles/{slug_of_article}/index.html")));
        for (i, written) in written_annotations(front_matter(&text)).iter().enumerate() {
            let n = i + 1;
            let at = format!("{slug_of_article}, annotation {n}");
            let mark = page
                .select(&selector(&format!("#annotation-{n}")))
                .next()
                .unwrap_or_else(|| panic!("{at}: no #annotation-{n} passage"));
            let note = page
                .select(&selector(&format!(".sidenote[data-annotation=\"{n}\"]")))
                .next()
                .unwrap_or_else(|| panic!("{at}: no side note"));
            let kind = &written.kind;
            assert!(
                has_class(mark, &format!("annotation-{kind}")),
                "{at}: {}",
                mark.html()
            );
            assert!(
                has_class(note, &format!("sidenote-{kind}")),
                "{at}: {}",
                note.html()
            );
            let label: String = note
                .select(&selector(".sidenote-label"))
                .next()
                .map(|l| l.text().collect())
                .unwrap_or_default();
            match (kind.as_str(), &written.verdict) {
                ("claim", Some(verdict)) => {
                    claims += 1;
                    assert_eq!(label, format!("Claim, rated: {verdict}"), "{at}");
                    let class = format!("verdict-{}", slug(verdict));
                    assert_eq!(
                        verdict_classes(mark),
                        vec![class.clone()],
                        "{at}: the passage"
                    );
                    assert_eq!(verdict_classes(note), vec![class.clone()], "{at}: the note");
                    assert_eq!(
                        stylesheet_colour(&css, &class).as_deref(),
                        Some(expected_colour(verdict)),
                        "{at}: the colour of {class}"
                    );
                    let opening = written.note.trim().to_lowercase();
                    assert!(
                        opening.starts_with(&verdict.to_lowercase()),
                        "{at}: the note does not open with its verdict {verdict:?}: {:?}",
                        written.note
                    );
                }
                (kind, _) => {
                    let mut word = kind.to_string();
                    word[..1].make_ascii_uppercase();
                    assert_eq!(label, word, "{at}");
                    assert!(verdict_classes(mark).is_empty(), "{at}: {}", mark.html());
                    assert!(verdict_classes(note).is_empty(), "{at}: {}", note.html());
                }
            }
            checked += 1;
        }
    }
    assert!(
        claims >= 5,
        "the example rates at least five claims: {claims}"
    );
    assert!(checked >= 30, "annotations checked: {checked}");
}
