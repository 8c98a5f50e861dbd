//! Markdown bodies to HTML: CommonMark plus footnotes, tables, smart punctuation, heading ids.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The Markdown extensions every body is read with.
pub fn parser_options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `text` to HTML; raw HTML is shown as text unless `raw_html` is allowed.
pub fn to_html(text: &str, raw_html: bool) -> String {
    let mut events: Vec<Event> = Parser::new_ext(text, parser_options())
        .map(|event| match event {
            Event::Html(code) | Event::InlineHtml(code) if !raw_html => Event::Text(code),
            other => other,
        })
        .collect();
    add_heading_ids(&mut events);
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Gives every heading without an explicit `{#id}` a unique id made from its text.
fn add_heading_ids(events: &mut [Event]) {
    let mut taken: HashSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    for start in 0..events.len() {
        if !matches!(events[start], Event::Start(Tag::Heading { id: None, .. })) {
            continue;
        }
        let mut text = String::new();
        for event in &events[start + 1..] {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
        }
        let id = unique_id(&text, &mut taken);
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
            *slot = Some(CowStr::from(id));
        }
    }
}

fn unique_id(text: &str, taken: &mut HashSet<String>) -> String {
    let mut base = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            base.push(c);
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
    }
    let base = match base.trim_end_matches('-') {
        "" => "section".to_string(),
        trimmed => trimmed.to_string(),
    };
    let mut id = base.clone();
    let mut n = 1;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped_by_default() {
        let out = to_html("Hi <script>alert(1)</script>\n\n<div>x</div>\n", false);
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(!out.contains("<div>"), "{out}");
    }

    #[test]
    fn raw_html_passes_when_allowed() {
        assert!(to_html("<div>x</div>\n", true).contains("<div>x</div>"));
    }

    #[test]
    fn headings_get_unique_ids() {
        let out = to_html(
            "# Talks in *Washington*\n\n## Talks in Washington\n\n## Own {#mine}\n",
            false,
        );
        assert!(out.contains(r#"<h1 id="talks-in-washington">"#), "{out}");
        assert!(out.contains(r#"<h2 id="talks-in-washington-1">"#), "{out}");
        assert!(out.contains(r#"<h2 id="mine">"#), "{out}");
    }

    #[test]
    fn extensions_are_on() {
        let out = to_html(
            "\"Quote\" -- ~~gone~~[^1]\n\n| a |\n|---|\n| b |\n\n[^1]: Note.\n",
            false,
        );
        assert!(out.contains("“Quote”"), "{out}");
        assert!(out.contains("<del>gone</del>"), "{out}");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("footnote-definition"), "{out}");
    }
}
