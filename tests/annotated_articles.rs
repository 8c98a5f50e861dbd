//! Annotated articles (issue 3): anchored annotations and statements, side notes, mention
//! linking, offices, wikilinks, statements ledgers, backlinks and the W3C Web Annotation
//! export. Every test builds a small fixture site (or the repository's example site) with
//! the real binary and reads what it wrote.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::*;
use scraper::{CaseSensitivity, ElementRef, Html, Node};
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Fixture content
// ---------------------------------------------------------------------------------------

/// An actor file with aliases and any further front matter (`roles:` and the like).
fn actor_file(name: &str, kind: &str, aliases: &[&str], extra_yaml: &str) -> String {
    let aliases: Vec<String> = aliases.iter().map(|a| format!("{a:?}")).collect();
    format!(
        "---\nname: {name:?}\nkind: {kind}\naliases: [{}]\n{extra_yaml}---\n{name} is an actor in the tests.\n",
        aliases.join(", ")
    )
}

/// A topic file with aliases.
fn topic_file(name: &str, aliases: &[&str]) -> String {
    let aliases: Vec<String> = aliases.iter().map(|a| format!("{a:?}")).collect();
    format!(
        "---\nname: {name:?}\naliases: [{}]\n---\n{name} is a topic in the tests.\n",
        aliases.join(", ")
    )
}

/// The actors and topics most tests share.
fn cast(site: &SiteBuilder) {
    site.write(
        "content/actors/keir-starmer.md",
        &actor_file(
            "Keir Starmer",
            "person",
            &["Sir Keir Starmer", "Sir Keir", "Starmer"],
            "roles:\n  - office: uk-prime-minister\n    from: 2024-07-05\n",
        ),
    );
    site.write(
        "content/actors/rishi-sunak.md",
        &actor_file(
            "Rishi Sunak",
            "person",
            &["Sunak"],
            "roles:\n  - office: uk-prime-minister\n    from: 2022-10-25\n    to: 2024-07-05\n",
        ),
    );
    site.write(
        "content/actors/uk-prime-minister.md",
        &actor_file(
            "Prime Minister of the United Kingdom",
            "office",
            &["Prime Minister", "UK Prime Minister"],
            "",
        ),
    );
    site.write(
        "content/actors/vladimir-putin.md",
        &actor_file("Vladimir Putin", "person", &["Putin", "Mr Putin"], ""),
    );
    site.write(
        "content/actors/donald-trump.md",
        &actor_file("Donald Trump", "person", &["Trump", "Mr Trump"], ""),
    );
    site.write(
        "content/actors/united-states.md",
        &actor_file("United States", "country", &["US"], ""),
    );
    site.write(
        "content/topics/security-guarantees.md",
        &topic_file(
            "Security guarantees",
            &["security guarantees", "security guarantee"],
        ),
    );
    site.write(
        "content/topics/us-tariffs.md",
        &topic_file("US tariffs", &[]),
    );
}

/// Writes `content/articles/<slug>.md` and returns its text.
fn article(
    site: &SiteBuilder,
    slug: &str,
    date: &str,
    actors: &[&str],
    topics: &[&str],
    extra_yaml: &str,
    body: &str,
) -> String {
    let text = article_md(
        &format!("Article {slug}"),
        date,
        actors,
        topics,
        extra_yaml,
        body,
    );
    site.write(&format!("content/articles/{slug}.md"), &text);
    text
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?} in:\n{text}"))
        + 1
}

/// `briefing build` must succeed; returns (stdout, stderr).
fn build_with_output(site: &SiteBuilder, args: &[&str]) -> (String, String) {
    let output = site.build(args);
    assert_success(&output);
    (stdout(&output), stderr(&output))
}

fn article_page(site: &SiteBuilder, slug: &str) -> Html {
    site.page(&format!("articles/{slug}/index.html"))
}

fn actor_page(site: &SiteBuilder, slug: &str) -> Html {
    site.page(&format!("actors/{slug}/index.html"))
}

fn topic_page(site: &SiteBuilder, slug: &str) -> Html {
    site.page(&format!("topics/{slug}/index.html"))
}

// ---------------------------------------------------------------------------------------
// Reading pages
// ---------------------------------------------------------------------------------------

/// The article body.
fn body(html: &Html) -> ElementRef<'_> {
    html.select(&selector("div.body"))
        .next()
        .expect("the article page has a div.body")
}

fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found: Vec<ElementRef> = html.select(&selector(css)).collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {css:?}, found {}",
        found.len()
    );
    found[0]
}

/// Every run of white space as one space; ends kept (a trailing space stays one space).
fn collapse(text: &str) -> String {
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

/// Curly quotes and apostrophes as straight ones, white space collapsed and trimmed.
fn fold(text: &str) -> String {
    let straight: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        })
        .collect();
    collapse(&straight).trim().to_string()
}

/// Whether `element` (the parent of a text node) is, or is inside, a side note's marker,
/// toggle label or note: not part of the text being read.
fn in_side_note(element: Option<ElementRef<'_>>) -> bool {
    let Some(element) = element else { return false };
    std::iter::once(element)
        .chain(element.ancestors().filter_map(ElementRef::wrap))
        .any(|e| {
            e.value()
                .has_class("sidenote", CaseSensitivity::CaseSensitive)
                || e.value()
                    .has_class("sidenote-number", CaseSensitivity::CaseSensitive)
        })
}

/// The text a reader reads in `container`, side notes left out, white space collapsed.
fn reading_text(container: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in container.descendants() {
        if let Node::Text(t) = node.value()
            && !in_side_note(node.parent().and_then(ElementRef::wrap))
        {
            text.push_str(t);
        }
    }
    collapse(&text)
}

/// The reading text of `container` before `target` (which must be inside it).
fn reading_text_before(container: ElementRef<'_>, target: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in container.descendants() {
        if node.id() == target.id() {
            return collapse(&text);
        }
        if let Node::Text(t) = node.value()
            && !in_side_note(node.parent().and_then(ElementRef::wrap))
        {
            text.push_str(t);
        }
    }
    panic!("target element is not inside the container")
}

/// The concatenated text of every element matching `css` in `container`.
fn joined_text(container: ElementRef<'_>, css: &str) -> String {
    container
        .select(&selector(css))
        .map(|e| e.text().collect::<String>())
        .collect()
}

/// (element name, text, data-entity) of every mention in the body, in reading order.
fn mentions(html: &Html) -> Vec<(String, String, String)> {
    body(html)
        .select(&selector(".mention"))
        .map(|e| {
            (
                e.value().name().to_string(),
                e.text().collect::<String>(),
                e.value().attr("data-entity").unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn mention_entities(html: &Html) -> Vec<String> {
    mentions(html).into_iter().map(|(_, _, e)| e).collect()
}

/// The side note (`span.sidenote`) of an annotation's `mark`: the one whose
/// `data-annotation` is the mark's, placed before the passage.
fn note_of<'a>(html: &'a Html, mark: ElementRef<'a>) -> ElementRef<'a> {
    let number = mark
        .value()
        .attr("data-annotation")
        .expect("an annotation mark");
    let note = one(html, &format!(".sidenote[data-annotation=\"{number}\"]"));
    let mut note_first = false;
    for node in html.root_element().descendants() {
        if node.id() == note.id() {
            note_first = true;
        }
        if node.id() == mark.id() {
            break;
        }
    }
    assert!(
        note_first,
        "the note comes before its passage: {}",
        note.html()
    );
    note
}

/// The element right before `element` among its siblings, skipping white-space text.
fn previous_element<'a>(element: ElementRef<'a>) -> Option<ElementRef<'a>> {
    let mut node = element.prev_sibling();
    while let Some(n) = node {
        if let Some(e) = ElementRef::wrap(n) {
            return Some(e);
        }
        match n.value() {
            Node::Text(t) if t.trim().is_empty() => node = n.prev_sibling(),
            _ => return None,
        }
    }
    None
}

/// Every side note of a page must follow its numbered label, which follows its checkbox
/// toggle (`label[for]` = the checkbox's id); labels number the notes 1, 2, 3... in order.
fn side_note_problems(html: &Html) -> Vec<String> {
    let mut problems = Vec::new();
    let notes: Vec<ElementRef> = html.select(&selector(".sidenote")).collect();
    for (i, note) in notes.iter().enumerate() {
        let number = (i + 1).to_string();
        let text = text_of(*note);
        let Some(label) = previous_element(*note) else {
            problems.push(format!(
                "side note {number} ({text:?}) has no element before it"
            ));
            continue;
        };
        if label.value().name() != "label"
            || !label
                .value()
                .has_class("sidenote-number", CaseSensitivity::CaseSensitive)
        {
            problems.push(format!(
                "side note {number} ({text:?}) follows <{}>, not label.sidenote-number",
                label.value().name()
            ));
            continue;
        }
        if text_of(label) != number {
            problems.push(format!(
                "side note {number} has the label {:?}",
                text_of(label)
            ));
        }
        let Some(toggle) = previous_element(label) else {
            problems.push(format!(
                "label of side note {number} has no toggle before it"
            ));
            continue;
        };
        let toggle_ok = toggle.value().name() == "input"
            && toggle.value().attr("type") == Some("checkbox")
            && toggle
                .value()
                .has_class("sidenote-toggle", CaseSensitivity::CaseSensitive);
        if !toggle_ok {
            problems.push(format!(
                "side note {number}: the element before its label is {}",
                toggle.html()
            ));
            continue;
        }
        match (toggle.value().attr("id"), label.value().attr("for")) {
            (Some(id), Some(target)) if id == target && !id.is_empty() => {}
            (id, target) => problems.push(format!(
                "side note {number}: toggle id {id:?} does not match label for {target:?}"
            )),
        }
        if toggle.value().attr("hidden").is_some()
            || toggle
                .value()
                .attr("style")
                .is_some_and(|s| s.replace(' ', "").contains("display:none"))
        {
            problems.push(format!("side note {number}: its toggle is hidden"));
        }
    }
    let ids = attrs(html, ".sidenote-toggle", "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    if unique.len() != ids.len() {
        problems.push(format!("side note toggle ids repeat: {ids:?}"));
    }
    problems
}

/// Links (`<a>`) that hold another interactive element (`a`, `input`, `label`, `button`...).
/// Read from the HTML text, since an HTML parser silently un-nests `<a>` in `<a>`.
fn interactive_in_links(html: &str) -> Vec<String> {
    const INTERACTIVE: &[&str] = &[
        "a", "input", "label", "button", "select", "textarea", "details", "iframe", "embed",
    ];
    let mut problems = Vec::new();
    let mut open_links: Vec<usize> = Vec::new();
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        let rest = &html[start + 1..];
        if rest.starts_with("!--") {
            at = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        at = start + 1 + end + 1;
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !closing && (name == "script" || name == "style") {
            let close = format!("</{name}");
            at = html[at..].find(&close).map_or(html.len(), |e| at + e);
            continue;
        }
        if closing {
            if name == "a" {
                open_links.pop();
            }
            continue;
        }
        if INTERACTIVE.contains(&name.as_str())
            && let Some(&link) = open_links.last()
        {
            let snippet_end = (at + 80).min(html.len());
            let snippet_end = (snippet_end..html.len())
                .find(|&i| html.is_char_boundary(i))
                .unwrap_or(html.len());
            problems.push(format!(
                "<{name}> inside the <a> at byte {link}: {}",
                &html[link..snippet_end]
            ));
        }
        if name == "a" {
            open_links.push(start);
        }
    }
    problems
}

/// `interactive_in_links` over every HTML page under `output`.
fn interactive_in_links_under(output: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for page in html_files(output) {
        let text = fs::read_to_string(output.join(&page)).expect("read page");
        problems.extend(
            interactive_in_links(&text)
                .into_iter()
                .map(|p| format!("{page}: {p}")),
        );
    }
    problems
}

/// CSS rules whose subject is the side note toggle must not take it out of the
/// accessibility tree or the tab order (`display: none`, `visibility: hidden`), except on
/// wide screens (`@media (min-width: ...)`) and in print, where every note is shown without it.
fn hidden_toggle_rules(css: &str) -> Vec<String> {
    let mut css_text = String::new();
    let mut rest = css;
    while let Some(open) = rest.find("/*") {
        css_text.push_str(&rest[..open]);
        rest = rest[open..]
            .find("*/")
            .map_or("", |e| &rest[open + e + 2..]);
    }
    css_text.push_str(rest);
    let mut problems = Vec::new();
    // The preludes of the open blocks (`@media print`, a selector list), innermost last.
    let mut open: Vec<String> = Vec::new();
    let mut text = String::new();
    for c in css_text.chars() {
        match c {
            '{' => open.push(std::mem::take(&mut text).trim().to_string()),
            '}' => {
                let declarations = std::mem::take(&mut text).replace(char::is_whitespace, "");
                let Some(selectors) = open.pop() else {
                    continue;
                };
                let hides = declarations.contains("display:none")
                    || declarations.contains("visibility:hidden");
                let shown_without_toggle = open.iter().any(|m| {
                    m.starts_with("@media") && (m.contains("min-width") || m.contains("print"))
                });
                if !hides || selectors.starts_with('@') || shown_without_toggle {
                    continue;
                }
                for selector_text in selectors.split(',') {
                    let subject = selector_text
                        .trim()
                        .rsplit([' ', '>', '+', '~'])
                        .next()
                        .unwrap_or("");
                    if subject.contains("sidenote-toggle") {
                        problems.push(format!("{} {{{declarations}}}", selector_text.trim()));
                    }
                }
            }
            c => text.push(c),
        }
    }
    problems
}

/// The diagnostics of a run's stderr, each with the lines that belong to it (location,
/// source excerpt, hint): a diagnostic starts at an unindented `error`/`warning` line.
fn diagnostics(stderr: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in stderr.lines() {
        let starts = line.starts_with("error")
            || line.starts_with("warning")
            || line.starts_with("Build failed");
        match blocks.last_mut() {
            Some(last) if !starts => {
                last.push('\n');
                last.push_str(line);
            }
            _ => blocks.push(line.to_string()),
        }
    }
    blocks
}

/// Whether a diagnostic line only quotes the source (`12 | text`, `   | ^^^`).
fn is_excerpt(line: &str) -> bool {
    let trimmed = line.trim_start();
    let after_number = trimmed.trim_start_matches(|c: char| c.is_ascii_digit());
    after_number.trim_start().starts_with('|')
}

/// The first diagnostic that mentions `needle` in its message, location or hint (not in
/// a quoted source line, which may hold other problems' text).
fn diagnostic(stderr: &str, needle: &str) -> String {
    diagnostics(stderr)
        .into_iter()
        .find(|d| d.lines().any(|l| !is_excerpt(l) && l.contains(needle)))
        .unwrap_or_else(|| panic!("no diagnostic mentions {needle:?}:\n{stderr}"))
}

/// Resolves a link found on `page` (with base `/`) to (output file, fragment).
fn target_of(page: &str, url: &str) -> (String, Option<String>) {
    match resolve_link(page, url, &Base::new("/")) {
        Ok(Target::Internal { file, fragment }) => (file, fragment),
        other => panic!("{url:?} on {page} is not an internal link: {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Anchoring
// ---------------------------------------------------------------------------------------

#[test]
fn passages_are_anchored_across_emphasis_and_links() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "backstop",
        "2025-02-27",
        &["keir-starmer"],
        &[],
        "quotes:\n  - by: keir-starmer\n    text: \"we need a US backstop to deter him\"\n\
         annotations:\n  - quote: \"a US backstop to deter\"\n    kind: analysis\n    note: \"The backstop is air cover.\"\n",
        "Officials said *we need* a [US **backstop**](https://example.org/backstop) to deter him, he added.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "backstop");
    let body = body(&html);

    // The statement: several mark elements, the first with the id, together the passage.
    let first = one(&html, "#statement-1");
    assert_eq!(first.value().name(), "mark");
    assert!(
        first
            .value()
            .has_class("statement", CaseSensitivity::CaseSensitive)
    );
    assert_eq!(first.value().attr("data-speaker"), Some("keir-starmer"));
    assert_eq!(
        text_of(first),
        "we need",
        "the first piece is inside the emphasis"
    );
    assert!(
        first
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|e| e.value().name() == "em"),
        "the first piece of the statement is inside <em>"
    );
    let pieces: Vec<ElementRef> = body.select(&selector("mark.statement")).collect();
    assert!(
        pieces.len() >= 3,
        "the passage crosses <em> and <a>: {} pieces",
        pieces.len()
    );
    assert!(
        pieces
            .iter()
            .skip(1)
            .all(|p| p.value().attr("id").is_none()),
        "only the first piece carries the id"
    );
    assert_eq!(
        collapse(&joined_text(body, "mark.statement")),
        "we need a US backstop to deter him"
    );
    // A piece of it is inside the link, and inside the <strong> inside the link.
    let link = one(&html, "div.body a[href=\"https://example.org/backstop\"]");
    assert!(link.select(&selector("mark.statement")).next().is_some());
    assert!(
        link.select(&selector("strong mark.statement"))
            .next()
            .is_some()
    );

    // The annotation over the same passage.
    let mark = one(&html, "#annotation-1");
    assert_eq!(mark.value().name(), "mark");
    assert!(
        mark.value()
            .has_class("annotation", CaseSensitivity::CaseSensitive)
    );
    assert!(
        mark.value()
            .has_class("annotation-analysis", CaseSensitivity::CaseSensitive)
    );
    assert_eq!(
        collapse(&joined_text(body, "mark.annotation")),
        "a US backstop to deter"
    );
    assert!(
        reading_text(body).contains("Officials said we need a US backstop to deter him, he added.")
    );
    // The note is not inside the link.
    let note = note_of(&html, mark);
    assert!(text_of(note).contains("The backstop is air cover."));
    assert!(
        !note
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|e| e.value().name() == "a"),
        "the side note must not be inside a link"
    );
    let problems = interactive_in_links_under(&site.out());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn passages_are_anchored_when_emphasis_touches_punctuation() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "hyphen",
        "2025-02-27",
        &[],
        &[],
        "quotes:\n  - by: keir-starmer\n    text: \"a US-backed deal\"\n\
         annotations:\n  - quote: \"the aggressor.\"\n    kind: context\n    note: \"Said twice.\"\n",
        "They wanted a *US*-backed deal. They are the **aggressor**.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "hyphen");
    assert_eq!(
        collapse(&joined_text(body(&html), "mark.statement")),
        "a US-backed deal"
    );
    assert_eq!(
        collapse(&joined_text(body(&html), "mark.annotation")),
        "the aggressor."
    );
}

#[test]
fn straight_and_curly_quotes_and_white_space_runs_match() {
    let site = SiteBuilder::new();
    cast(&site);
    let extra = concat!(
        "quotes:\n",
        // Straight in front matter, straight in the body (which smart punctuation curls).
        "  - by: keir-starmer\n    text: \"\\\"They're the aggressor\\\"\"\n",
        // Straight in front matter, curly in the body.
        "  - by: keir-starmer\n    text: \"\\\"We are ready,\\\" he said in London\"\n",
        // Curly in front matter, straight in the body.
        "  - by: donald-trump\n    text: \"“it’s over” in Paris\"\n",
        // A run of spaces and a line break against single spaces and a soft break.
        "  - by: donald-trump\n    text: \"met  in the\\n   Oval  Office\"\n",
    );
    article(
        &site,
        "quotes",
        "2025-02-27",
        &[],
        &[],
        extra,
        "He said \"They're the aggressor\" on Monday.\n\n\
         “We are ready,” he said in London.\n\n\
         She said \"it's over\" in Paris.\n\n\
         They met in\nthe Oval Office.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "quotes");
    let expected = [
        "\"They're the aggressor\"",
        "\"We are ready,\" he said in London",
        "\"it's over\" in Paris",
        "met in the Oval Office",
    ];
    let body = body(&html);
    let without_space = |t: &str| -> String { fold(t).split_whitespace().collect() };
    for (i, expected) in expected.iter().enumerate() {
        let n = i + 1;
        let mark = one(&html, &format!("#statement-{n}"));
        let paragraph = mark
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "p")
            .expect("in a paragraph");
        // The passage starts at the first mark and every piece of it is marked.
        let text = reading_text(body);
        let from_mark = &text[reading_text_before(body, mark).len()..];
        assert!(
            fold(from_mark).starts_with(expected),
            "statement {n}: {from_mark:?} starts with {expected:?}"
        );
        assert_eq!(
            without_space(&joined_text(paragraph, "mark.statement")),
            without_space(expected),
            "statement {n}"
        );
    }
    // The page keeps the article's own typography.
    assert!(text_of(one(&html, "#statement-1")).contains('’'));
    assert!(text_of(one(&html, "#statement-2")).starts_with('“'));
}

#[test]
fn repeated_text_without_prefix_or_suffix_is_an_error_listing_the_candidates() {
    let site = SiteBuilder::new();
    cast(&site);
    let text = article(
        &site,
        "twice",
        "2025-02-27",
        &[],
        &[],
        "annotations:\n  - quote: \"named the aggressor\"\n    kind: context\n    note: \"Which one?\"\n",
        "In March officials named the aggressor at a long and tiring meeting in Geneva, Switzerland. \
         Months later, in June, diplomats named the aggressor again.",
    );
    let stderr = site.build_err(&[]);
    let line = line_of(&text, "quote: \"named the aggressor\"");
    let located = format!("content/articles/twice.md:{line}:");
    assert!(
        stderr.contains(&located),
        "expected {located:?} in:\n{stderr}"
    );
    let problem = diagnostic(&stderr, &located);
    assert!(problem.contains("named the aggressor"), "{problem}");
    assert!(problem.contains('2'), "the count of occurrences: {problem}");
    // The occurrences are far apart, so each word below is only in one candidate's context.
    assert!(
        problem.contains("officials") && problem.contains("diplomats"),
        "both candidates, each with its context: {problem}"
    );
    assert!(
        problem.contains("prefix") || problem.contains("suffix"),
        "how to decide: {problem}"
    );
    assert!(!site.out().exists(), "a failed build writes nothing");
}

#[test]
fn a_prefix_or_suffix_picks_the_occurrence() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "picked",
        "2025-02-27",
        &[],
        &[],
        concat!(
            "annotations:\n",
            "  - quote: \"named the aggressor\"\n    prefix: \"diplomats \"\n    kind: context\n    note: \"The second.\"\n",
            "  - quote: \"named the aggressor\"\n    suffix: \" in Geneva\"\n    kind: analysis\n    note: \"The first.\"\n",
        ),
        "In March officials named the aggressor in Geneva. By June diplomats named the aggressor again.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "picked");
    let body = body(&html);
    let second = one(&html, "#annotation-1");
    assert_eq!(text_of(second), "named the aggressor");
    assert!(
        reading_text_before(body, second).ends_with("By June diplomats "),
        "annotation 1 (prefix \"diplomats \") marks the second occurrence; text before it: {:?}",
        reading_text_before(body, second)
    );
    let first = one(&html, "#annotation-2");
    assert_eq!(text_of(first), "named the aggressor");
    assert!(
        reading_text_before(body, first).ends_with("In March officials "),
        "annotation 2 (suffix \" in Geneva\") marks the first occurrence; text before it: {:?}",
        reading_text_before(body, first)
    );
    assert_eq!(body.select(&selector("mark.annotation")).count(), 2);
}

#[test]
fn a_prefix_that_matches_no_occurrence_is_an_error() {
    let site = SiteBuilder::new();
    cast(&site);
    let text = article(
        &site,
        "mismatch",
        "2025-02-27",
        &[],
        &[],
        "annotations:\n  - quote: \"named the aggressor\"\n    prefix: \"nobody \"\n    kind: context\n    note: \"None.\"\n",
        "In March officials named the aggressor. By June diplomats named the aggressor again.",
    );
    let stderr = site.build_err(&[]);
    let located = format!(
        "content/articles/mismatch.md:{}:",
        line_of(&text, "quote: \"named the aggressor\"")
    );
    let problem = diagnostic(&stderr, &located);
    assert!(problem.contains("named the aggressor"), "{problem}");
}

#[test]
fn text_not_found_is_an_error_with_file_line_and_the_closest_passage() {
    let site = SiteBuilder::new();
    cast(&site);
    let extra = concat!(
        "quotes:\n",
        "  - by: keir-starmer\n    text: \"We stand with Ukraine.\"\n",
        "  - by: keir-starmer\n    text: \"They are the agressors\"\n",
        "annotations:\n",
        "  - quote: \"stand with Ukraine\"\n    kind: context\n    note: \"Fine.\"\n",
        "  - quote: \"a backstop from the Americans\"\n    kind: analysis\n    note: \"Missing.\"\n",
    );
    let text = article(
        &site,
        "missing",
        "2025-02-27",
        &[],
        &[],
        extra,
        "We stand with Ukraine. They are the aggressor, he said, and we need a US backstop.",
    );
    let stderr = site.build_err(&[]);

    let quote_line = line_of(&text, "text: \"They are the agressors\"");
    let located = format!("content/articles/missing.md:{quote_line}:");
    let problem = diagnostic(&stderr, &located);
    assert!(problem.contains("not found"), "{problem}");
    assert!(
        problem.contains("They are the agressors"),
        "names the quote: {problem}"
    );
    assert!(
        problem.contains("closest") && problem.contains("They are the aggressor"),
        "hints at the closest passage: {problem}"
    );

    let annotation_line = line_of(&text, "quote: \"a backstop from the Americans\"");
    let located = format!("content/articles/missing.md:{annotation_line}:");
    let problem = diagnostic(&stderr, &located);
    assert!(problem.contains("not found"), "{problem}");
    assert!(
        problem.contains("a backstop from the Americans"),
        "{problem}"
    );

    // The entries that were found are not reported.
    for fine in [
        "text: \"We stand with Ukraine.\"",
        "quote: \"stand with Ukraine\"",
    ] {
        let line = line_of(&text, fine);
        assert!(
            !stderr.contains(&format!("content/articles/missing.md:{line}:")),
            "line {line} ({fine}) is fine but was reported:\n{stderr}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Mentions
// ---------------------------------------------------------------------------------------

#[test]
fn possessives_count_and_the_longest_match_wins() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "mentions",
        "2025-02-27",
        &[],
        &[],
        "",
        "Putin’s war and Putin's aims. Sir Keir Starmer met Vladimir Putin never. \
         Putinism is no mention, nor is the USB port. The US tariffs hurt; the US agreed.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "mentions");
    let found = mentions(&html);
    let summary: Vec<(&str, &str)> = found
        .iter()
        .map(|(_, text, entity)| (text.as_str(), entity.as_str()))
        .collect();
    assert_eq!(found.len(), 6, "{summary:#?}");
    for i in 0..2 {
        assert!(
            ["Putin", "Putin’s", "Putin's"].contains(&summary[i].0),
            "possessive mention {i}: {summary:?}"
        );
        assert_eq!(summary[i].1, "vladimir-putin");
    }
    assert_eq!(
        summary[2],
        ("Sir Keir Starmer", "keir-starmer"),
        "longest alias"
    );
    assert_eq!(
        summary[3],
        ("Vladimir Putin", "vladimir-putin"),
        "name over alias"
    );
    assert_eq!(
        summary[4],
        ("US tariffs", "us-tariffs"),
        "longest across entities"
    );
    assert_eq!(summary[5], ("US", "united-states"));
    let text = reading_text(body(&html));
    assert!(text.contains("Putinism is no mention, nor is the USB port."));
    // The first mention of each entity is the link; the others are spans.
    let names: Vec<&str> = found.iter().map(|(name, _, _)| name.as_str()).collect();
    assert_eq!(names, ["a", "span", "a", "span", "a", "a"]);
}

#[test]
fn first_mention_links_and_every_mention_is_marked() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "counted",
        "2025-02-27",
        &["vladimir-putin"],
        &[],
        "",
        "Putin spoke. Later Putin spoke again, and Mr Putin left.\n\nTrump listened.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "counted");
    let found = mentions(&html);
    let putin: Vec<&(String, String, String)> =
        found.iter().filter(|m| m.2 == "vladimir-putin").collect();
    assert_eq!(putin.len(), 3, "{found:?}");
    assert_eq!(putin[0].0, "a");
    assert_eq!(putin[1].0, "span");
    assert_eq!(putin[2].0, "span");
    assert_eq!(putin[2].1, "Mr Putin");
    let link = body(&html).select(&selector("a.mention")).next().unwrap();
    let (file, _) = target_of(
        "articles/counted/index.html",
        link.value().attr("href").unwrap(),
    );
    assert_eq!(file, "actors/vladimir-putin/index.html");
    assert!(site.out().join(&file).is_file());
    // Mention counts are kept per article: the chip shows 3 for Putin.
    let chip = one(&html, "nav.entities a[href=\"/actors/vladimir-putin/\"]");
    assert!(
        text_of(chip).ends_with('3'),
        "the chip counts three mentions: {:?}",
        text_of(chip)
    );
}

#[test]
fn no_mentions_inside_code_links_or_headings() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "unlinked",
        "2025-02-27",
        &[],
        &[],
        "",
        "## Putin in Moscow\n\n\
         Use `Putin` in code and read [Putin and Trump](https://example.org/p) in a link.\n\n\
         ```\nPutin in a code block\n```\n\n\
         Then Putin spoke.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "unlinked");
    let found = mentions(&html);
    assert_eq!(
        found,
        [(
            "a".to_string(),
            "Putin".to_string(),
            "vladimir-putin".to_string()
        )],
        "only the mention in plain text, which is the first and so the link"
    );
    let body = body(&html);
    for css in [
        "h2 .mention",
        "code .mention",
        "pre .mention",
        "a[href^=\"https:\"] .mention",
    ] {
        assert!(body.select(&selector(css)).next().is_none(), "{css}");
    }
    assert!(reading_text(body).contains("Putin in a code block"));
    let problems = interactive_in_links_under(&site.out());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn no_mentions_inside_raw_html() {
    let site = SiteBuilder::new();
    cast(&site);
    site.write("site.yaml", "title: Raw\nmarkdown: { raw_html: allow }\n");
    article(
        &site,
        "raw",
        "2025-02-27",
        &[],
        &[],
        "",
        "See <a href=\"https://example.org/x\">Putin here</a> today.\n\n\
         <div class=\"box\">\nTrump in a block\n</div>\n\nFinally Putin spoke.",
    );
    site.build_ok(&[]);
    let problems = interactive_in_links_under(&site.out());
    assert!(
        problems.is_empty(),
        "a mention link was put inside a raw HTML link: {problems:#?}"
    );
    let html = article_page(&site, "raw");
    assert!(
        body(&html)
            .select(&selector("div.box .mention"))
            .next()
            .is_none(),
        "no mention inside a raw HTML block"
    );
    assert_eq!(mention_entities(&html), ["vladimir-putin"]);
}

#[test]
fn adjacent_matches_of_one_entity_are_one_mention() {
    let site = SiteBuilder::new();
    cast(&site);
    // Without the "Sir Keir Starmer" alias, the full name is "Sir Keir" then "Starmer".
    site.write(
        "content/actors/keir-starmer.md",
        &actor_file("Keir Starmer", "person", &["Sir Keir", "Starmer"], ""),
    );
    article(
        &site,
        "adjacent",
        "2025-02-27",
        &["keir-starmer"],
        &[],
        "",
        "Sir Keir Starmer arrived. Sir Keir, and then Starmer, spoke.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "adjacent");
    let found = mentions(&html);
    let texts: Vec<&str> = found.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["Sir Keir Starmer", "Sir Keir", "Starmer"],
        "{found:?}"
    );
    assert!(found.iter().all(|(_, _, e)| e == "keir-starmer"));
    assert_eq!(found[0].0, "a");
    let chip = one(&html, "nav.entities a[href=\"/actors/keir-starmer/\"]");
    assert!(
        text_of(chip).ends_with('3'),
        "three mentions: {:?}",
        text_of(chip)
    );
}

#[test]
fn an_alias_can_match_in_any_case() {
    let site = SiteBuilder::new();
    cast(&site);
    site.write(
        "content/actors/russian-government.md",
        &actor_file("Russian government", "government", &["(?i)kremlin"], ""),
    );
    article(
        &site,
        "kremlin",
        "2025-02-27",
        &[],
        &[],
        "",
        "The Kremlin said no. The KREMLIN denied it. A kremlin insider spoke. \
         Kremlinology is no mention. The Kremlin’s allies met. But putin and PUTIN are not Putin.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "kremlin");
    let found = mentions(&html);
    let kremlin: Vec<&str> = found
        .iter()
        .filter(|m| m.2 == "russian-government")
        .map(|m| m.1.as_str())
        .collect();
    assert_eq!(
        kremlin,
        ["Kremlin", "KREMLIN", "kremlin", "Kremlin"],
        "{found:?}"
    );
    let putin: Vec<&str> = found
        .iter()
        .filter(|m| m.2 == "vladimir-putin")
        .map(|m| m.1.as_str())
        .collect();
    assert_eq!(putin, ["Putin"], "aliases are case-sensitive by default");
}

#[test]
fn the_any_case_marker_is_not_shown_as_part_of_the_alias() {
    let site = SiteBuilder::new();
    cast(&site);
    site.write(
        "content/actors/russian-government.md",
        &actor_file(
            "Russian government",
            "government",
            &["(?i)kremlin", "Moscow"],
            "",
        ),
    );
    site.build_ok(&[]);
    let page = actor_page(&site, "russian-government");
    assert!(page_text(&page).contains("Moscow"), "aliases are listed");
    assert!(
        !page_text(&page).contains("(?i)"),
        "the (?i) marker is syntax, not part of the alias: {}",
        page_text(&page)
    );
}

#[test]
fn an_alias_claimed_twice_is_reported_and_not_linked() {
    let site = SiteBuilder::new();
    cast(&site);
    site.write(
        "content/actors/nato.md",
        &actor_file("NATO", "organisation", &["the Alliance"], ""),
    );
    site.write(
        "content/topics/alliance-politics.md",
        &topic_file("Alliance politics", &["the Alliance"]),
    );
    // A case-insensitive alias clashes with any spelling of the same text.
    site.write(
        "content/actors/russian-government.md",
        &actor_file("Russian government", "government", &["(?i)kremlin"], ""),
    );
    site.write(
        "content/topics/kremlin-watch.md",
        &topic_file("Kremlin watch", &["Kremlin"]),
    );
    article(
        &site,
        "clash",
        "2025-02-27",
        &[],
        &[],
        "",
        "NATO met, and the Alliance said no. Alliance politics matter. The Kremlin objected.",
    );
    let (stdout, stderr) = build_with_output(&site, &[]);
    parse_summary(&stdout);

    let warning = diagnostic(&stderr, "the Alliance");
    assert!(warning.contains("warning"), "{warning}");
    assert!(
        warning.contains("content/actors/nato.md")
            && warning.contains("content/topics/alliance-politics.md"),
        "the warning names both files: {warning}"
    );
    let warning = diagnostic(&stderr, "content/topics/kremlin-watch.md");
    assert!(warning.contains("warning"), "{warning}");
    assert!(
        warning.contains("content/actors/russian-government.md"),
        "{warning}"
    );

    let html = article_page(&site, "clash");
    let found = mentions(&html);
    let texts: Vec<&str> = found.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["NATO", "Alliance politics"],
        "the other names still link; the contested ones do not: {found:?}"
    );
    assert_eq!(mention_entities(&html), ["nato", "alliance-politics"]);
}

// ---------------------------------------------------------------------------------------
// Offices
// ---------------------------------------------------------------------------------------

#[test]
fn an_office_resolves_to_its_holder_on_the_article_date() {
    let site = SiteBuilder::new();
    cast(&site);
    let body = "The Prime Minister spoke in Downing Street.";
    article(&site, "under-sunak", "2023-03-01", &[], &[], "", body);
    article(&site, "under-starmer", "2025-02-27", &[], &[], "", body);
    article(&site, "handover-day", "2024-07-05", &[], &[], "", body);
    article(&site, "before-records", "2019-06-01", &[], &[], "", body);
    site.build_ok(&[]);

    for (slug, holder) in [
        ("under-sunak", "rishi-sunak"),
        ("under-starmer", "keir-starmer"),
        ("handover-day", "keir-starmer"),
        ("before-records", "uk-prime-minister"),
    ] {
        let html = article_page(&site, slug);
        let found = mentions(&html);
        assert_eq!(
            found,
            [(
                "a".to_string(),
                "Prime Minister".to_string(),
                holder.to_string()
            )],
            "{slug}"
        );
        let href = body_link(&html, "a.mention");
        let (file, _) = target_of(&format!("articles/{slug}/index.html"), &href);
        assert_eq!(file, format!("actors/{holder}/index.html"), "{slug}");
        // The holder is "also mentioned" on the article, and the article is on their page.
        let holder_page = actor_page(&site, holder);
        let backlinks: Vec<String> = hrefs(&holder_page, "ol.backlinks a");
        assert!(
            backlinks.contains(&format!("/articles/{slug}/")),
            "{holder}'s page lists {slug}: {backlinks:?}"
        );
    }
    let sunak = actor_page(&site, "rishi-sunak");
    assert_eq!(hrefs(&sunak, "ol.backlinks a"), ["/articles/under-sunak/"]);
    let office = actor_page(&site, "uk-prime-minister");
    assert_eq!(
        hrefs(&office, "ol.backlinks a"),
        ["/articles/before-records/"]
    );
}

fn body_link(html: &Html, css: &str) -> String {
    body(html)
        .select(&selector(css))
        .next()
        .and_then(|a| a.value().attr("href"))
        .unwrap_or_else(|| panic!("no {css} with an href in the body"))
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Wikilinks
// ---------------------------------------------------------------------------------------

#[test]
fn wikilinks_link_actors_topics_and_articles() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "earlier",
        "2025-02-20",
        &[],
        &[],
        "",
        "An earlier report.",
    );
    article(
        &site,
        "linked",
        "2025-02-27",
        &[],
        &[],
        "",
        "[[keir-starmer]] met [[donald-trump|the President]] about [[security-guarantees]], \
         after [[earlier]] and [[actors/vladimir-putin|him]].",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "linked");
    let page = "articles/linked/index.html";
    let links: Vec<ElementRef> = body(&html).select(&selector("a.wikilink")).collect();
    let seen: Vec<(String, String, String)> = links
        .iter()
        .map(|a| {
            assert!(
                a.value()
                    .has_class("mention", CaseSensitivity::CaseSensitive),
                "a wikilink is a mention: {}",
                a.html()
            );
            let (file, _) = target_of(page, a.value().attr("href").expect("href"));
            assert!(site.out().join(&file).is_file(), "{file} exists");
            (
                text_of(*a),
                a.value().attr("data-entity").unwrap_or("").to_string(),
                file,
            )
        })
        .collect();
    let expected = [
        (
            "Keir Starmer",
            "keir-starmer",
            "actors/keir-starmer/index.html",
        ),
        (
            "the President",
            "donald-trump",
            "actors/donald-trump/index.html",
        ),
        (
            "Security guarantees",
            "security-guarantees",
            "topics/security-guarantees/index.html",
        ),
        ("Article earlier", "earlier", "articles/earlier/index.html"),
        ("him", "vladimir-putin", "actors/vladimir-putin/index.html"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(seen, expected);
    // No raw [[...]] left in the page.
    assert!(!reading_text(body(&html)).contains("[["));
    check_links(&site.out(), "/");
}

#[test]
fn an_unknown_wikilink_is_an_error_with_did_you_mean() {
    let site = SiteBuilder::new();
    cast(&site);
    let text = article(
        &site,
        "typo",
        "2025-02-27",
        &[],
        &[],
        "",
        "A first line.\n\nThen [[keir-starmr]] spoke, and [[zzzz-qqqq|someone]] too.",
    );
    let stderr = site.build_err(&[]);
    let line = line_of(&text, "[[keir-starmr]]");
    let located = format!("content/articles/typo.md:{line}:");
    let problem = diagnostic(&stderr, "keir-starmr]]");
    assert!(
        problem.contains(&located),
        "names file and line {located:?}: {problem}"
    );
    assert!(
        problem.contains("did you mean") && problem.contains("`keir-starmer`"),
        "{problem}"
    );
    let problem = diagnostic(&stderr, "zzzz-qqqq");
    assert!(problem.contains(&located), "{problem}");
    assert!(!site.out().exists());
}

#[test]
fn anchoring_reads_a_wikilink_as_the_text_shown() {
    // `[[keir-starmer]]` shows "Keir Starmer"; that is the text a reader sees and quotes.
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "shown",
        "2025-02-27",
        &[],
        &[],
        "annotations:\n  - quote: \"Keir Starmer said so\"\n    kind: context\n    note: \"Shown text.\"\n",
        "[[keir-starmer]] said so.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "shown");
    assert_eq!(
        collapse(&joined_text(body(&html), "mark.annotation")),
        "Keir Starmer said so"
    );
}

// ---------------------------------------------------------------------------------------
// Side notes and footnotes
// ---------------------------------------------------------------------------------------

#[test]
fn annotations_become_numbered_side_notes_with_kind_labels() {
    let site = SiteBuilder::new();
    cast(&site);
    // Front matter order differs from text order: ids follow the front matter, numbers the text.
    let extra = concat!(
        "annotations:\n",
        "  - quote: \"the talks ended\"\n    kind: correction\n    note: \"They ended *later*.\"\n",
        "  - quote: \"tariffs are paid by exporters\"\n    kind: claim\n    verdict: false\n    note: \"Importers pay them.\"\n",
        "  - quote: \"The summit opened\"\n    kind: context\n    note: \"In Washington.\"\n",
        "  - quote: \"a turning point\"\n    kind: analysis\n    note: \"Or not.\"\n",
    );
    article(
        &site,
        "noted",
        "2025-02-27",
        &[],
        &[],
        extra,
        "The summit opened on Monday. Trump said tariffs are paid by exporters.\n\n\
         It was called a turning point. Then the talks ended.[^late]\n\n\
         [^late]: Reported the *next* day.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "noted");
    let problems = side_note_problems(&html);
    assert!(problems.is_empty(), "{problems:#?}");

    // (annotation id, kind, side note number, label)
    let expected = [
        (3, "context", 1, "Context"),
        (2, "claim", 2, "Claim, rated: false"),
        (4, "analysis", 3, "Analysis"),
        (1, "correction", 4, "Correction"),
    ];
    for (id, kind, number, label) in expected {
        let mark = one(&html, &format!("#annotation-{id}"));
        assert!(
            mark.value().has_class(
                &format!("annotation-{kind}"),
                CaseSensitivity::CaseSensitive
            ),
            "annotation {id} is a {kind}: {}",
            mark.html()
        );
        let note = note_of(&html, mark);
        assert!(
            note.value()
                .has_class(&format!("sidenote-{kind}"), CaseSensitivity::CaseSensitive),
            "{}",
            note.html()
        );
        assert_eq!(note.value().attr("role"), Some("note"));
        let label_el = previous_element(note).expect("label");
        assert_eq!(text_of(label_el), number.to_string(), "annotation {id}");
        let shown = note
            .select(&selector(".sidenote-label"))
            .next()
            .map(text_of)
            .unwrap_or_default();
        assert_eq!(shown, label, "annotation {id}");
    }
    // Notes are Markdown.
    let correction = note_of(&html, one(&html, "#annotation-1"));
    assert_eq!(
        correction
            .select(&selector("em"))
            .map(text_of)
            .collect::<Vec<_>>(),
        ["later"]
    );
    // The footnote is the fifth side note, after the correction.
    let notes: Vec<ElementRef> = html.select(&selector(".sidenote")).collect();
    assert_eq!(notes.len(), 5);
    assert!(
        notes[4]
            .value()
            .has_class("sidenote-footnote", CaseSensitivity::CaseSensitive)
    );
}

#[test]
fn footnotes_become_side_notes() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "footnoted",
        "2025-02-27",
        &[],
        &[],
        "",
        "The first claim.[^one] The second claim, in *emphasis[^two]*.\n\n\
         [^one]: First *source* note.\n\n\
         [^two]: Second source note.",
    );
    site.build_ok(&[]);
    let html = article_page(&site, "footnoted");
    let problems = side_note_problems(&html);
    assert!(problems.is_empty(), "{problems:#?}");
    let notes: Vec<ElementRef> = body(&html).select(&selector(".sidenote")).collect();
    assert_eq!(notes.len(), 2);
    for note in &notes {
        assert!(
            note.value()
                .has_class("sidenote-footnote", CaseSensitivity::CaseSensitive)
        );
    }
    assert!(
        text_of(notes[0]).contains("First source note."),
        "{}",
        text_of(notes[0])
    );
    assert_eq!(
        notes[0]
            .select(&selector("em"))
            .map(text_of)
            .collect::<Vec<_>>(),
        ["source"]
    );
    assert!(text_of(notes[1]).contains("Second source note."));
    // Each note follows its reference, and the definitions section is gone.
    let text = reading_text(body(&html));
    assert!(
        text.contains("The first claim. The second claim, in emphasis."),
        "{text:?}"
    );
    assert!(
        !text.contains("source note"),
        "footnote text only in side notes: {text:?}"
    );
    for css in [
        ".footnote-definition",
        "sup.footnote-reference",
        "section.footnotes",
        "div.footnotes",
    ] {
        assert!(
            html.select(&selector(css)).next().is_none(),
            "{css} is left"
        );
    }
    let problems = interactive_in_links_under(&site.out());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn an_annotation_on_footnote_text_is_marked_or_refused() {
    // Footnote text is shown (as a side note). A passage anchored there must be marked
    // where it is shown, or refused; never accepted and then left without its mark.
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "in-footnote",
        "2025-02-27",
        &[],
        &[],
        "annotations:\n  - quote: \"said by officials\"\n    kind: context\n    note: \"Which officials?\"\n",
        "A claim was made.[^1]\n\n[^1]: It was said by officials to be agreed.",
    );
    let output = site.build(&[]);
    if !output.status.success() {
        let stderr = stderr(&output);
        let problem = diagnostic(&stderr, "said by officials");
        assert!(
            problem.contains("content/articles/in-footnote.md:"),
            "{problem}"
        );
        return;
    }
    let html = article_page(&site, "in-footnote");
    let marks: Vec<ElementRef> = html.select(&selector("#annotation-1")).collect();
    assert_eq!(
        marks.len(),
        1,
        "the build accepted the annotation, so its passage must be marked; the body is:\n{}",
        body(&html).inner_html()
    );
    assert_eq!(text_of(marks[0]), "said by officials");
}

#[test]
fn a_mention_counted_in_a_footnote_is_shown() {
    // If a mention inside footnote text counts (backlink, "Also mentioned"), the page must
    // show it as a mention element like every other.
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "footnote-mention",
        "2025-02-27",
        &[],
        &[],
        "",
        "A claim was made.[^1]\n\n[^1]: Putin was said to agree.",
    );
    site.build_ok(&[]);
    let putin = actor_page(&site, "vladimir-putin");
    let counted =
        hrefs(&putin, "ol.backlinks a").contains(&"/articles/footnote-mention/".to_string());
    let html = article_page(&site, "footnote-mention");
    let shown = html
        .select(&selector(".mention[data-entity=\"vladimir-putin\"]"))
        .count();
    assert_eq!(
        counted,
        shown > 0,
        "counted as a mention on Putin's page: {counted}; mention elements on the article: {shown}; body:\n{}",
        body(&html).inner_html()
    );
}

#[test]
fn no_link_holds_a_side_note_toggle_or_another_link() {
    let site = SiteBuilder::new();
    cast(&site);
    let extra = concat!(
        "annotations:\n",
        // Ends inside an external link.
        "  - quote: \"read the US report\"\n    kind: context\n    note: \"Published [online](https://example.org/n).\"\n",
        // Ends inside a mention link.
        "  - quote: \"meant to deter Putin\"\n    kind: analysis\n    note: \"Deterrence.\"\n",
        // Ends inside a wikilink.
        "  - quote: \"spoke to Donald Trump\"\n    kind: claim\n    verdict: accurate\n    note: \"He did.\"\n",
        // Inside emphasis inside a link.
        "  - quote: \"strong words\"\n    kind: correction\n    note: \"Milder.\"\n",
    );
    article(
        &site,
        "nested",
        "2025-02-27",
        &[],
        &[],
        extra,
        "Officials read the [US report](https://example.org/r) today. It was meant to deter Putin.\n\n\
         Sir Keir spoke to [[donald-trump|Donald Trump]] twice, with [*strong words*](https://example.org/w).\n\n\
         See [the record[^r]](https://example.org/record) too.\n\n\
         [^r]: The record.",
    );
    site.build_ok(&[]);
    let problems = interactive_in_links_under(&site.out());
    assert!(problems.is_empty(), "{problems:#?}");
    let html = article_page(&site, "nested");
    let problems = side_note_problems(&html);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(html.select(&selector("mark.annotation[id]")).count(), 4);
    // Every side note sits outside every link (parsed DOM).
    for note in html.select(&selector(".sidenote, .sidenote-toggle, .sidenote-number")) {
        assert!(
            !note
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|e| e.value().name() == "a"),
            "inside a link: {}",
            note.html()
        );
    }
}

#[test]
fn the_side_note_toggle_is_not_hidden_from_the_keyboard() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "plain",
        "2025-02-27",
        &[],
        &[],
        "",
        "Text.[^1]\n\n[^1]: Note.",
    );
    site.build_ok(&[]);
    let css = fs::read_to_string(site.out().join("style.css")).expect("style.css");
    assert!(
        css.contains("sidenote-toggle"),
        "the stylesheet styles the toggle"
    );
    let problems = hidden_toggle_rules(&css);
    assert!(
        problems.is_empty(),
        "rules hiding the toggle: {problems:#?}"
    );
}

// ---------------------------------------------------------------------------------------
// Statements ledger and backlinks
// ---------------------------------------------------------------------------------------

#[test]
fn statements_ledger_lists_each_actors_statements_newest_first() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "january",
        "2025-01-10",
        &["keir-starmer"],
        &[],
        "quotes:\n  - by: keir-starmer\n    text: \"We stand with Ukraine.\"\n",
        "Sir Keir said: “We stand with Ukraine.” Nobody disagreed.",
    );
    article(
        &site,
        "february",
        "2025-02-20",
        &["keir-starmer", "donald-trump"],
        &[],
        concat!(
            "quotes:\n",
            "  - by: keir-starmer\n    text: \"They are the aggressor.\"\n",
            "  - by: donald-trump\n    text: \"I’m not going to make guarantees.\"\n",
            "  - by: keir-starmer\n    text: \"We need a US backstop.\"\n",
        ),
        "Sir Keir said: “They are the aggressor.” Trump said: “I’m not going to make guarantees.” \
         Sir Keir replied: “We need a US backstop.”",
    );
    site.build_ok(&[]);

    let page = "actors/keir-starmer/index.html";
    let keir = actor_page(&site, "keir-starmer");
    // Grouped by article: each article's title and date once, its statements beneath.
    let groups: Vec<ElementRef> = keir.select(&selector("ol.ledger > li")).collect();
    assert_eq!(groups.len(), 2, "{}", page_text(&keir));
    let quote_items = selector(".quotes > li");
    let items: Vec<(ElementRef, ElementRef)> = groups
        .iter()
        .flat_map(|g| g.select(&quote_items).map(move |q| (*g, q)))
        .collect();
    assert_eq!(items.len(), 3, "{}", page_text(&keir));
    let mut entries = Vec::new();
    for (group, item) in &items {
        let quote = item
            .select(&selector("blockquote"))
            .next()
            .map(text_of)
            .expect("the statement's text");
        let date = group
            .select(&selector("time"))
            .next()
            .and_then(|t| t.value().attr("datetime"))
            .expect("the statement's date")
            .to_string();
        let links: Vec<String> = group
            .select(&selector("h3 a[href]"))
            .chain(item.select(&selector("a[href]")))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        let anchor = links
            .iter()
            .find(|l| l.contains("#statement-"))
            .unwrap_or_else(|| panic!("no link to the passage in {links:?}"))
            .clone();
        let (file, fragment) = target_of(page, &anchor);
        let fragment = fragment.expect("a fragment");
        // The anchor exists in the article and is the statement, by this speaker.
        let article = site.page(&file);
        let mark = one(&article, &format!("[id=\"{fragment}\"]"));
        assert_eq!(mark.value().name(), "mark", "{anchor}");
        assert_eq!(
            mark.value().attr("data-speaker"),
            Some("keir-starmer"),
            "{anchor}"
        );
        let text = reading_text(body(&article));
        let from_mark = fold(&text[reading_text_before(body(&article), mark).len()..]);
        let said = fold(&quote);
        let said = said.trim_start_matches('"').trim_end_matches('"');
        assert!(
            from_mark.starts_with(said),
            "{anchor}: the passage {from_mark:?} starts with the statement {said:?}"
        );
        // The entry links the article itself too.
        let article_dir = file.trim_end_matches("index.html");
        assert!(
            links.iter().any(|l| l == &format!("/{article_dir}")),
            "{links:?} links the article"
        );
        entries.push((date, file, fragment, fold(&quote)));
    }
    let order: Vec<(&str, &str)> = entries
        .iter()
        .map(|(d, f, _, _)| (&d[..10], f.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("2025-02-20", "articles/february/index.html"),
            ("2025-02-20", "articles/february/index.html"),
            ("2025-01-10", "articles/january/index.html"),
        ],
        "newest first"
    );
    let feb: BTreeSet<&str> = entries[..2].iter().map(|e| e.3.as_str()).collect();
    assert_eq!(
        feb,
        BTreeSet::from(["\"They are the aggressor.\"", "\"We need a US backstop.\""])
    );
    assert_eq!(entries[2].3, "\"We stand with Ukraine.\"");
    assert_eq!(entries[2].2, "statement-1");

    let trump = actor_page(&site, "donald-trump");
    let items: Vec<String> = trump
        .select(&selector("ol.ledger > li blockquote"))
        .map(text_of)
        .collect();
    assert_eq!(items, ["“I’m not going to make guarantees.”"]);
    assert_eq!(
        hrefs(&trump, "ol.ledger a[href*=\"#statement-\"]"),
        ["/articles/february/#statement-2"]
    );
    check_links(&site.out(), "/");
    // Someone who said nothing has no ledger.
    assert!(
        actor_page(&site, "vladimir-putin")
            .select(&selector("ol.ledger"))
            .next()
            .is_none()
    );

    // On the article, statements are highlighted with their speaker.
    let feb = article_page(&site, "february");
    let speakers = attrs(&feb, "mark.statement[id]", "data-speaker");
    assert_eq!(speakers, ["keir-starmer", "donald-trump", "keir-starmer"]);
    assert_eq!(
        attrs(&feb, "mark.statement[id]", "id"),
        ["statement-1", "statement-2", "statement-3"]
    );
}

#[test]
fn backlinks_show_the_sentence_and_unlisted_mentions() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "listed",
        "2025-02-20",
        &["vladimir-putin"],
        &[],
        "",
        "Talks began early. Officials said *Putin* must be deterred from coming again. \
         Later, Sir Keir agreed that security guarantees matter.\n\nPutin did not reply.",
    );
    article(
        &site,
        "unrelated",
        "2025-02-21",
        &["vladimir-putin"],
        &[],
        "",
        "Nothing to see.",
    );
    site.build_ok(&[]);

    // Listed and mentioned: the article list shows the sentence; no second listing.
    let putin = actor_page(&site, "vladimir-putin");
    assert!(putin.select(&selector("ol.backlinks")).next().is_none());
    let items: Vec<ElementRef> = putin
        .select(&selector(".article-list > li"))
        .filter(|li| li.select(&selector("blockquote.context")).next().is_some())
        .collect();
    assert_eq!(items.len(), 1, "only the article that mentions Putin");
    let item = items[0];
    assert_eq!(hrefs_in(item)[0], "/articles/listed/");
    let sentence = item
        .select(&selector("blockquote.context"))
        .next()
        .expect("the sentence");
    assert_eq!(
        text_of(sentence),
        "Officials said Putin must be deterred from coming again."
    );
    assert_eq!(sentence.value().attr("title"), Some("mentioned 2 times"));
    // The article list still holds both listed articles.
    let listed = hrefs(&putin, "section ul a, section ol a");
    assert!(
        listed.contains(&"/articles/unrelated/".to_string()),
        "{listed:?}"
    );

    // Mentioned but not listed: an actor and a topic.
    let keir = actor_page(&site, "keir-starmer");
    let item = keir
        .select(&selector("ol.backlinks > li"))
        .next()
        .expect("a backlink");
    assert_eq!(hrefs_in(item)[0], "/articles/listed/");
    assert!(text_of(item).contains("1 mention"), "{}", text_of(item));
    assert!(texts(&keir, "#mentions-heading")[0].starts_with("Also mentioned in"));
    assert_eq!(
        text_of(item.select(&selector("blockquote.context")).next().unwrap()),
        "Later, Sir Keir agreed that security guarantees matter."
    );
    let topic = topic_page(&site, "security-guarantees");
    let item = topic
        .select(&selector("ol.backlinks > li"))
        .next()
        .expect("a backlink");
    assert_eq!(hrefs_in(item)[0], "/articles/listed/");
    assert!(texts(&topic, "#mentions-heading")[0].starts_with("Also mentioned in"));

    // The article shows them under "Also mentioned", and linked in the body.
    let html = article_page(&site, "listed");
    let heading = html
        .select(&selector("nav.entities h2"))
        .find(|h| text_of(*h) == "Also mentioned")
        .expect("an Also mentioned heading");
    let chips = heading
        .next_siblings()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "ul")
        .expect("the chips after it");
    let chip_links = hrefs_in(chips);
    assert_eq!(
        chip_links.into_iter().collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "/actors/keir-starmer/".to_string(),
            "/topics/security-guarantees/".to_string()
        ])
    );
    let linked: Vec<String> = hrefs(&html, "div.body a.mention");
    for url in [
        "/actors/vladimir-putin/",
        "/actors/keir-starmer/",
        "/topics/security-guarantees/",
    ] {
        assert!(linked.contains(&url.to_string()), "{url} in {linked:?}");
    }
    // The unrelated article has nothing "also mentioned".
    let unrelated = article_page(&site, "unrelated");
    assert!(!page_text(&unrelated).contains("Also mentioned"));
}

#[test]
fn backlink_sentence_keeps_the_articles_typography() {
    let site = SiteBuilder::new();
    cast(&site);
    article(
        &site,
        "typography",
        "2025-02-20",
        &["vladimir-putin"],
        &[],
        "",
        "Sir Keir said “Putin’s war” must end.",
    );
    site.build_ok(&[]);
    let putin = actor_page(&site, "vladimir-putin");
    let sentence = putin
        .select(&selector(".article-list blockquote.context"))
        .next()
        .map(text_of)
        .expect("the sentence that mentions Putin, in the article list");
    let article = article_page(&site, "typography");
    assert!(reading_text(body(&article)).contains("Sir Keir said “Putin’s war” must end."));
    assert_eq!(
        sentence, "Sir Keir said “Putin’s war” must end.",
        "the sentence is quoted as the article prints it"
    );
}

fn hrefs_in(element: ElementRef<'_>) -> Vec<String> {
    element
        .select(&selector("a[href]"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------
// W3C Web Annotation export
// ---------------------------------------------------------------------------------------

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}\n{text}", path.display()))
}

fn motivation(kind: &str) -> &'static str {
    match kind {
        "context" => "describing",
        "analysis" => "commenting",
        "claim" => "assessing",
        "correction" => "editing",
        other => panic!("unknown kind {other}"),
    }
}

#[test]
fn web_annotation_export_is_a_w3c_annotation_collection() {
    let site = SiteBuilder::new();
    cast(&site);
    let annotations = [
        ("context", "The summit opened", None, "In *Washington*."),
        ("analysis", "a turning point", None, "Or not."),
        (
            "claim",
            "tariffs are paid by exporters",
            Some("false"),
            "Importers pay them.",
        ),
        ("correction", "the talks ended", None, "They ended later."),
    ];
    let mut extra = String::from("annotations:\n");
    for (kind, quote, verdict, note) in &annotations {
        extra.push_str(&format!("  - quote: {quote:?}\n    kind: {kind}\n"));
        if let Some(verdict) = verdict {
            extra.push_str(&format!("    verdict: {verdict}\n"));
        }
        extra.push_str(&format!("    note: {note:?}\n"));
    }
    article(
        &site,
        "exported",
        "2025-02-27",
        &[],
        &[],
        &extra,
        "The summit opened on Monday and was called a turning point by some. \
         Trump said tariffs are paid by exporters. Then the talks ended abruptly.",
    );
    article(
        &site,
        "bare",
        "2025-02-26",
        &[],
        &[],
        "",
        "No annotations here.",
    );
    let base = "https://example.org/brief/";
    build_with_output(&site, &["--base-url", base]);

    let article_url = format!("{base}articles/exported/");
    let collection_url = format!("{article_url}annotations.jsonld");
    let json = read_json(&site.out().join("articles/exported/annotations.jsonld"));
    let html = article_page(&site, "exported");
    let body = body(&html);

    assert_eq!(json["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(json["type"], "AnnotationCollection");
    assert_eq!(json["id"], collection_url.as_str());
    assert_eq!(json["total"], 4);
    let first = &json["first"];
    assert_eq!(first["type"], "AnnotationPage");
    let items = first["items"].as_array().expect("first.items is an array");
    assert_eq!(items.len(), 4);

    for (i, (item, (kind, quote, verdict, note))) in items.iter().zip(&annotations).enumerate() {
        let n = i + 1;
        assert_eq!(
            item["id"],
            format!("{article_url}#annotation-{n}").as_str(),
            "{item:#}"
        );
        assert_eq!(item["type"], "Annotation");
        assert_eq!(item["motivation"], motivation(kind), "{kind}");

        let bodies: Vec<&Value> = match &item["body"] {
            Value::Array(list) => list.iter().collect(),
            single @ Value::Object(_) => vec![single],
            other => panic!("body is {other}"),
        };
        let textual = bodies[0];
        assert_eq!(textual["type"], "TextualBody", "{item:#}");
        assert_eq!(textual["value"], *note, "the note is the body");
        if let Some(format) = textual.get("format") {
            assert!(
                format == "text/markdown" || format == "text/html" || format == "text/plain",
                "{format}"
            );
        }
        for b in &bodies {
            assert_eq!(b["type"], "TextualBody");
            assert!(b["value"].is_string());
        }
        if let Some(verdict) = verdict {
            assert!(
                bodies.iter().any(|b| b["value"] == *verdict),
                "the claim's verdict is exported: {item:#}"
            );
        }

        let target = &item["target"];
        assert_eq!(target["source"], article_url.as_str());
        let selector_json = &target["selector"];
        assert_eq!(selector_json["type"], "TextQuoteSelector");
        let exact = selector_json["exact"].as_str().expect("exact");
        let prefix = selector_json["prefix"].as_str().expect("prefix");
        let suffix = selector_json["suffix"].as_str().expect("suffix");
        assert_eq!(exact, *quote);
        // `exact` is the text of the marked passage on the page.
        let mark = one(&html, &format!("#annotation-{n}"));
        assert_eq!(mark.text().collect::<String>(), exact);
        assert!(mark.value().has_class(
            &format!("annotation-{kind}"),
            CaseSensitivity::CaseSensitive
        ));
        // prefix and suffix are the text right around it.
        let before = reading_text_before(body, mark);
        assert!(
            before.ends_with(&collapse(prefix)),
            "{prefix:?} ends {before:?}"
        );
        assert_eq!(
            prefix.is_empty(),
            before.trim().is_empty(),
            "{prefix:?}: context when there is some"
        );
        let text = reading_text(body);
        let after = &text[before.len() + collapse(exact).len()..];
        assert!(
            !suffix.is_empty() && after.starts_with(&collapse(suffix)),
            "{suffix:?} starts {after:?}"
        );
        assert!(prefix.chars().count() <= 64 && suffix.chars().count() <= 64);
    }

    // The article page points at the export; an article without annotations has none.
    let alternate = hrefs(
        &html,
        "link[rel=\"alternate\"][type=\"application/ld+json\"]",
    );
    assert_eq!(alternate, std::slice::from_ref(&collection_url));
    assert!(hrefs(&html, "a").contains(&collection_url));
    assert!(!site.has_page("articles/bare/annotations.jsonld"));
    let bare = article_page(&site, "bare");
    assert!(hrefs(&bare, "link[type=\"application/ld+json\"]").is_empty());
}

#[test]
fn web_annotation_selectors_match_the_page_text() {
    // Quotes, apostrophes and emphasis around and inside the passages: the selector's
    // prefix, exact and suffix must be the page's own text, so that other tools find it.
    let site = SiteBuilder::new();
    cast(&site);
    let extra = concat!(
        "annotations:\n",
        "  - quote: \"the aggressor\"\n    kind: context\n    note: \"Russia.\"\n",
        "  - quote: \"we need a US backstop\"\n    kind: analysis\n    note: \"Air cover.\"\n",
    );
    article(
        &site,
        "typed",
        "2025-02-27",
        &[],
        &[],
        extra,
        "He said: “They’re the aggressor,” and Putin’s aides disagreed.\n\n\
         Sir Keir said *we need* a **US** backstop, he said.",
    );
    site.build_ok(&[]);
    let json = read_json(&site.out().join("articles/typed/annotations.jsonld"));
    let html = article_page(&site, "typed");
    let body = body(&html);
    let text = reading_text(body);
    let items = json["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    for (i, item) in items.iter().enumerate() {
        let selector_json = &item["target"]["selector"];
        let exact = selector_json["exact"].as_str().unwrap();
        let prefix = selector_json["prefix"].as_str().unwrap();
        let suffix = selector_json["suffix"].as_str().unwrap();
        let kind = if i == 0 { "context" } else { "analysis" };
        let marked = joined_text(body, &format!("mark.annotation-{kind}"));
        assert_eq!(exact, marked, "exact is the marked text, verbatim");
        let whole = collapse(&format!("{prefix}{exact}{suffix}"));
        assert!(
            text.contains(&whole),
            "prefix + exact + suffix {whole:?} is not in the page text {text:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The example site
// ---------------------------------------------------------------------------------------

const EXAMPLE_ARTICLE: &str = "starmer-washington-backstop";

/// Builds the repository's example site into a fresh temporary folder.
fn build_example() -> tempfile::TempDir {
    let tmp = tempfile::Builder::new()
        .prefix("briefing-example-")
        .tempdir()
        .expect("temporary folder");
    let out = tmp.path().join("out");
    let output = run_build(&repo_root(), &["--output", out.to_str().unwrap()]);
    assert_success(&output);
    tmp
}

/// (speaker, statement number) for every `quotes` entry of the example article.
fn example_quotes() -> Vec<(String, usize)> {
    let text =
        fs::read_to_string(repo_root().join(format!("content/articles/{EXAMPLE_ARTICLE}.md")))
            .expect("the example article");
    front_matter(&text)
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- by:"))
        .enumerate()
        .map(|(i, by)| (by.trim().trim_matches('"').to_string(), i + 1))
        .collect()
}

#[test]
fn example_article_shows_statements_annotations_and_side_notes() {
    let tmp = build_example();
    let out = tmp.path().join("out");
    let html = read_html(&out.join(format!("articles/{EXAMPLE_ARTICLE}/index.html")));
    let body = body(&html);

    let quotes = example_quotes();
    let statements = attrs(&html, "mark.statement[id]", "id");
    assert!(
        statements.len() >= 6,
        "at least 6 statements: {statements:?}"
    );
    assert_eq!(statements.len(), quotes.len(), "every quote is highlighted");
    for (speaker, n) in &quotes {
        let mark = one(&html, &format!("#statement-{n}"));
        assert_eq!(mark.value().attr("data-speaker"), Some(speaker.as_str()));
    }

    let marks: Vec<ElementRef> = html.select(&selector("mark.annotation[id]")).collect();
    assert!(marks.len() >= 5, "at least 5 annotations: {}", marks.len());
    let kinds: BTreeSet<String> = marks
        .iter()
        .flat_map(|m| m.value().classes())
        .filter_map(|c| c.strip_prefix("annotation-").map(str::to_string))
        .collect();
    assert!(kinds.len() >= 4, "at least 4 kinds: {kinds:?}");
    let notes: Vec<ElementRef> = body
        .select(&selector(".sidenote:not(.sidenote-footnote)"))
        .collect();
    assert_eq!(notes.len(), marks.len(), "one side note per annotation");
    let problems = side_note_problems(&html);
    assert!(problems.is_empty(), "{problems:#?}");
    for note in &notes {
        let label = note
            .select(&selector(".sidenote-label"))
            .next()
            .map(text_of)
            .unwrap_or_default();
        assert!(
            ["Context", "Analysis", "Claim", "Correction"]
                .iter()
                .any(|k| label.starts_with(k)),
            "side note label {label:?}"
        );
        if label.starts_with("Claim") {
            assert!(
                label.starts_with("Claim, rated: "),
                "a claim shows its verdict: {label:?}"
            );
        }
    }

    // The export matches the page.
    let json = read_json(&out.join(format!("articles/{EXAMPLE_ARTICLE}/annotations.jsonld")));
    assert_eq!(json["type"], "AnnotationCollection");
    assert_eq!(json["total"], marks.len());
    let items = json["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), marks.len());
    let text = reading_text(body);
    for item in items {
        let id = item["id"].as_str().unwrap();
        let fragment = id.rsplit_once('#').expect("an id with a fragment").1;
        let mark = one(&html, &format!("#{fragment}"));
        let exact = item["target"]["selector"]["exact"].as_str().unwrap();
        let before = reading_text_before(body, mark);
        assert!(
            text[before.len()..].starts_with(&collapse(exact)),
            "{fragment}: the page text at the mark starts with exact {exact:?}"
        );
        assert_eq!(item["target"]["selector"]["type"], "TextQuoteSelector");
    }

    // Offices resolve to their holders on 27 February 2025.
    let found = mentions(&html);
    let pm: Vec<&String> = found
        .iter()
        .filter(|m| m.1 == "Prime Minister")
        .map(|m| &m.2)
        .collect();
    assert!(!pm.is_empty(), "the article mentions the Prime Minister");
    assert!(pm.iter().all(|e| *e == "keir-starmer"), "{pm:?}");
    let president: Vec<&String> = found
        .iter()
        .filter(|m| m.1.eq_ignore_ascii_case("US President"))
        .map(|m| &m.2)
        .collect();
    assert!(
        !president.is_empty(),
        "the article mentions the US President"
    );
    assert!(
        president.iter().all(|e| *e == "donald-trump"),
        "{president:?}"
    );

    // First mention per entity links; the rest are spans.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, _, entity) in &found {
        let count = seen.entry(entity.as_str()).or_default();
        if *count == 0 {
            assert_eq!(name, "a", "first mention of {entity}");
        } else if name == "a" {
            panic!("a second linked mention of {entity}");
        }
        *count += 1;
    }
}

#[test]
fn example_actor_pages_show_statements_and_backlinks() {
    let tmp = build_example();
    let out = tmp.path().join("out");
    let article_file = format!("articles/{EXAMPLE_ARTICLE}/index.html");
    let article = read_html(&out.join(&article_file));
    let ids = ids_of(&article);

    let mut by_speaker: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (speaker, n) in example_quotes() {
        by_speaker
            .entry(speaker)
            .or_default()
            .insert(format!("statement-{n}"));
    }
    assert!(
        by_speaker.len() >= 2,
        "statements by more than one speaker: {by_speaker:?}"
    );
    for (speaker, expected) in &by_speaker {
        let page = format!("actors/{speaker}/index.html");
        let html = read_html(&out.join(&page));
        let mut found = BTreeSet::new();
        for li in html.select(&selector("ol.ledger > li")) {
            assert!(
                li.select(&selector("blockquote"))
                    .next()
                    .is_some_and(|q| !text_of(q).is_empty()),
                "{page}: a ledger entry without its text"
            );
            for a in li.select(&selector("a[href*=\"#statement-\"]")) {
                let (file, fragment) = target_of(&page, a.value().attr("href").unwrap());
                if file == article_file {
                    let fragment = fragment.unwrap();
                    assert!(
                        ids.contains(&fragment),
                        "{page}: #{fragment} is not on the article"
                    );
                    found.insert(fragment);
                }
            }
        }
        assert_eq!(
            &found, expected,
            "{page}: the ledger lists each statement of {speaker}"
        );
        let backlinks: Vec<String> = hrefs(&html, ".article-list h3 a, ol.backlinks > li > a");
        assert!(
            backlinks.contains(&format!("/articles/{EXAMPLE_ARTICLE}/")),
            "{page}: backlinks {backlinks:?}"
        );
    }

    // Every actor and topic mentioned in the body lists the article among its backlinks,
    // with a sentence.
    let mentioned: BTreeSet<String> = mentions(&article)
        .into_iter()
        .map(|(_, _, entity)| entity)
        .collect();
    assert!(mentioned.len() >= 5, "{mentioned:?}");
    for entity in &mentioned {
        let page = ["actors", "topics"]
            .iter()
            .map(|kind| format!("{kind}/{entity}/index.html"))
            .find(|p| out.join(p).is_file())
            .unwrap_or_else(|| panic!("no page for the mentioned entity {entity}"));
        let html = read_html(&out.join(&page));
        let item = html
            .select(&selector(".article-list > li, ol.backlinks > li"))
            .find(|li| hrefs_in(*li).contains(&format!("/articles/{EXAMPLE_ARTICLE}/")))
            .unwrap_or_else(|| panic!("{page} has no backlink to the example article"));
        let sentence = item
            .select(&selector("blockquote.context"))
            .next()
            .map(text_of)
            .unwrap_or_default();
        assert!(
            sentence.len() > 10,
            "{page}: backlink sentence {sentence:?}"
        );
    }
}

#[test]
fn example_site_links_hold_no_interactive_elements() {
    let tmp = build_example();
    let out = tmp.path().join("out");
    let problems = interactive_in_links_under(&out);
    assert!(problems.is_empty(), "{problems:#?}");
    let css = fs::read_to_string(out.join("style.css")).expect("style.css");
    let problems = hidden_toggle_rules(&css);
    assert!(problems.is_empty(), "{problems:#?}");
}
