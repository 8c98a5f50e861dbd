//! One article through the whole pipeline: a tiny site is written to a temp folder and
//! rendered with `pipeline::render_site`, as `briefing build` does (without writing pages).
//!
//! Input: `flags, 8 selector bytes, body [\0 annotation note]`. The selectors pick passages
//! of the body's visible text for a statement, an annotation and two aliases, so marks,
//! side notes and mentions land on real text and the render is not refused.
//!
//! Checked on every page: no tag, attribute or URL scheme a Markdown body could not have
//! produced (unless `raw_html: allow`), tags nest and close, no link inside a link, no block
//! inside phrasing content, unique ids, JSON-LD that parses; and the statement and
//! annotation are highlighted.
#![no_main]

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use briefing::text::anchor;
use briefing::text::body;
use briefing::pipeline;
use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, LinkType, Tag};

fn site() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in [
            "content/articles",
            "content/actors",
            "content/topics",
            "static",
        ] {
            fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        // Something for `![..](/pic.png)` to show.
        fs::write(dir.path().join("static/pic.png"), b"\x89PNG\r\n").unwrap();
        dir
    })
    .path()
}

const ALPHA: &str = "Alpha Person";
const OFFICE: &str = "The Office";
const GAMMA: &str = "Gamma Topic";
const OTHER: &str = "Another article";

fuzz_target!(|data: &[u8]| {
    if data.len() < 9 {
        return;
    }
    let flags = data[0];
    let sel = &data[1..9];
    let Ok(rest) = std::str::from_utf8(&data[9..]) else {
        return;
    };
    let (body, note) = rest
        .split_once('\0')
        .unwrap_or((rest, "A *note* with [a link](https://example.org)."));
    let raw_html = flags & 1 != 0;

    // What readers see, as resolve computes it (bare wikilinks show the entity's name).
    let mut events = body::parse(body);
    let names: Vec<Option<&str>> = events
        .iter()
        .map(|(event, _)| match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => {
                let slug = dest_url.rsplit('/').next().unwrap_or("").trim();
                match slug {
                    "alpha" => Some(ALPHA),
                    "office" => Some(OFFICE),
                    "gamma" => Some(GAMMA),
                    "other" => Some(OTHER),
                    "a" => Some("Fuzzed"),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect();
    body::name_bare_wikilinks(&mut events, |i| names[i].map(str::to_string));
    let visible = body::visible_text(&events).text;

    // A statement, with its text as written in the body.
    let quote = pick(&visible, sel[0], sel[1], 80)
        .filter(|q| anchor::find(&visible, q, None, None).is_ok());
    // An annotation, with the W3C prefix and suffix that decide between repeats.
    let annotation = pick(&visible, sel[2], sel[3], 120).and_then(|a| {
        let range = anchor::find(&visible, a, None, None).ok().or_else(|| {
            let start = visible.find(a)?;
            Some(start..start + a.len())
        })?;
        let (prefix, suffix) = anchor::context_around(&visible, range, 32);
        anchor::find(&visible, a, Some(&prefix), Some(&suffix))
            .ok()
            .map(|_| (a, prefix, suffix))
    });
    let alias1 = pick(&visible, sel[4], sel[5], 24).filter(|a| a.trim().chars().count() > 1);
    let alias2 = pick(&visible, sel[6], sel[7], 24).filter(|a| a.trim().chars().count() > 1);

    let root = site();
    let mut site_yaml = String::new();
    if raw_html {
        site_yaml.push_str("markdown: { raw_html: allow }\n");
    }
    if flags & 2 != 0 {
        site_yaml.push_str("base_url: /sub/path\n");
    }
    if flags & 4 != 0 {
        site_yaml.push_str("relative_urls: true\n");
    }
    if flags & 8 != 0 {
        site_yaml.push_str("timezone: America/New_York\n");
    }
    fs::write(root.join("site.yaml"), site_yaml).unwrap();

    let mut actor = format!("---\nname: {}\nkind: person\n", yaml_str(ALPHA));
    if let Some(alias) = alias1 {
        actor.push_str(&format!("aliases: [{}]\n", yaml_str(alias)));
    }
    actor.push_str("roles:\n  - office: office\n    from: 2020-01-01\n---\nA person.\n");
    fs::write(root.join("content/actors/alpha.md"), actor).unwrap();
    fs::write(
        root.join("content/actors/office.md"),
        format!(
            "---\nname: {}\nkind: office\naliases: [the Chair]\n---\nAn office.\n",
            yaml_str(OFFICE)
        ),
    )
    .unwrap();
    let mut topic = format!("---\nname: {}\n", yaml_str(GAMMA));
    if let Some(alias) = alias2 {
        let alias = if flags & 16 != 0 {
            format!("(?i){alias}")
        } else {
            alias.to_string()
        };
        topic.push_str(&format!("aliases: [{}]\n", yaml_str(&alias)));
    }
    topic.push_str("---\nA topic.\n");
    fs::write(root.join("content/topics/gamma.md"), topic).unwrap();
    fs::write(
        root.join("content/articles/other.md"),
        format!(
            "---\ntitle: {}\ndate: 2025-02-26\nactors: [alpha]\ntopics: [gamma]\n---\n{ALPHA} met the Chair.\n",
            yaml_str(OTHER)
        ),
    )
    .unwrap();

    let title: String = visible
        .split('\n')
        .next()
        .unwrap_or("")
        .chars()
        .take(60)
        .collect();
    let title = if title.trim().is_empty() {
        "Untitled".to_string()
    } else {
        title
    };
    let mut article = format!(
        "---\ntitle: {}\ndate: 2025-02-27T07:00:00Z\nsummary: {}\nsource: {{ publisher: {}, url: \"https://example.org/a?b=1&c=2\", published: 2025-02-26 }}\nactors: [alpha, office]\ntopics: [gamma]\n",
        yaml_str(&title),
        yaml_str(&visible.chars().take(200).collect::<String>()),
        yaml_str(&title),
    );
    if let Some(q) = quote {
        article.push_str(&format!(
            "quotes:\n  - by: alpha\n    text: {}\n",
            yaml_str(q)
        ));
    }
    if let Some((a, prefix, suffix)) = &annotation {
        article.push_str(&format!(
            "annotations:\n  - quote: {}\n    prefix: {}\n    suffix: {}\n    kind: claim\n    verdict: {}\n    note: {}\n",
            yaml_str(a),
            yaml_str(prefix),
            yaml_str(suffix),
            yaml_str(&title),
            yaml_str(note),
        ));
    }
    article.push_str("---\n");
    article.push_str(body);
    fs::write(root.join("content/articles/a.md"), &article).unwrap();

    let (_, pages) = match pipeline::render_site(root, &pipeline::SiteOptions::default()) {
        Ok(rendered) => rendered,
        Err(problems) => {
            if debug() {
                eprintln!("refused: {problems:#?}");
            }
            for problem in &problems {
                let source = if problem.file.ends_with("a.md") {
                    Some(article.as_str())
                } else {
                    None
                };
                let _ = problem.render(source, false);
                let _ = problem.to_json();
            }
            return;
        }
    };

    if debug() {
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        eprintln!(
            "quote {quote:?}\nannotation {annotation:?}\naliases {alias1:?} {alias2:?}\npages {paths:?}"
        );
    }
    let page = pages
        .iter()
        .find(|p| p.path == "articles/a/index.html")
        .expect("the article has a page");
    let html = std::str::from_utf8(&page.bytes).expect("pages are UTF-8");
    if debug() {
        let _ = fs::write("/tmp/render_article_debug.html", html);
    }
    if quote.is_some() {
        assert!(
            html.contains(r#"id="statement-1""#),
            "statement {quote:?} not highlighted"
        );
    }
    if annotation.is_some() {
        assert!(
            html.contains(r#"id="annotation-1""#),
            "annotation {annotation:?} not highlighted"
        );
    }
    let explicit_ids = body.contains("{#") || body.contains("{ #") || body.contains("id=");
    for page in &pages {
        if (page.path.ends_with(".json") || page.path.ends_with(".jsonld"))
            && let Err(error) = serde_json::from_slice::<serde_json::Value>(&page.bytes)
        {
            panic!("{} is not JSON: {error}", page.path);
        }
        if page.path.ends_with(".xml") {
            let xml = std::str::from_utf8(&page.bytes).expect("feeds are UTF-8");
            if let Err(error) = roxmltree::Document::parse(xml) {
                panic!("{} is not well-formed XML: {error}", page.path);
            }
        }
        if page.path.ends_with(".js") && !page.path.contains('/') && page.path != "search.js" {
            // `search-index.js`: `/* comment */ GLOBAL = {json};`
            let script = std::str::from_utf8(&page.bytes).expect("scripts are UTF-8");
            let json = script
                .split_once(" = ")
                .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
                .unwrap_or_else(|| panic!("{}: not `NAME = JSON;`", page.path));
            if let Err(error) = serde_json::from_str::<serde_json::Value>(json) {
                panic!("{}: the index is not JSON: {error}", page.path);
            }
        }
        if page.path.ends_with(".html") {
            let html = std::str::from_utf8(&page.bytes).expect("pages are UTF-8");
            check_html(&page.path, html, raw_html, !explicit_ids);
        }
    }
});

/// `BRIEFING_FUZZ_DEBUG=1` prints what each input became, for writing seeds.
fn debug() -> bool {
    static DEBUG: OnceLock<bool> = OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var_os("BRIEFING_FUZZ_DEBUG").is_some())
}

/// A passage of up to `max` characters of `text`, trimmed, from two selector bytes.
fn pick(text: &str, at: u8, len: u8, max: usize) -> Option<&str> {
    let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    if chars.is_empty() {
        return None;
    }
    let start = chars[at as usize * chars.len() / 256];
    let count = 1 + len as usize % max;
    let end = text[start..]
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(i, _)| start + i);
    let passage = text[start..end].trim();
    (!passage.is_empty()).then_some(passage)
}

/// A YAML double-quoted scalar holding exactly `text`.
fn yaml_str(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x20'..='\x7e' => out.push(c),
            c if (c as u32) < 0xA0
                || (0xD800..0xE000).contains(&(c as u32))
                || c == '\u{FEFF}'
                || (c as u32) >= 0xFFFE && (c as u32) <= 0xFFFF =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
/// Elements that may hold only phrasing content.
const PHRASING: &[&str] = &[
    "p", "span", "mark", "a", "em", "strong", "code", "del", "label", "sup", "sub", "time", "h1",
    "h2", "h3", "h4", "h5", "h6", "th", "summary",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "hr",
    "section",
    "article",
    "nav",
    "header",
    "footer",
    "aside",
    "figure",
    "dl",
    "dt",
    "dd",
    "main",
    "details",
];
/// Every element the templates and Markdown (with raw HTML escaped) produce.
const ALLOWED: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "link",
    "script",
    "body",
    "header",
    "nav",
    "main",
    "footer",
    "section",
    "article",
    "aside",
    "div",
    "span",
    "a",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "time",
    "code",
    "pre",
    "blockquote",
    "em",
    "strong",
    "del",
    "mark",
    "input",
    "label",
    "hr",
    "br",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "dl",
    "dt",
    "dd",
    "details",
    "summary",
    "figure",
    "small",
    "abbr",
    "button",
    "svg",
    "path",
    "form",
    "ins",
    "s",
    "style",
    "output",
    "noscript",
];

/// Structure and safety checks on one HTML page.
fn check_html(path: &str, html: &str, raw_html: bool, unique_ids: bool) {
    let mut stack: Vec<String> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let at = i + offset;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = at + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<!") {
            i = at + rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = at + if closing { 2 } else { 1 };
        let name_len = html[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(html.len() - name_start);
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if name.is_empty() || !bytes[name_start].is_ascii_alphabetic() {
            if !raw_html {
                let context: String = html[at..].chars().take(60).collect();
                panic!("{path}: unescaped `<` in text: {context:?}");
            }
            i = at + 1;
            continue;
        }
        if !raw_html && !ALLOWED.contains(&name.as_str()) {
            let context: String = html[at..].chars().take(80).collect();
            panic!("{path}: unexpected element <{name}>: {context:?}");
        }
        // Attributes, honouring quotes, up to the end of the tag.
        let mut j = name_start + name_len;
        let mut attributes: Vec<(String, String)> = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j] as char).is_ascii_whitespace() {
                j += 1;
            }
            if j >= bytes.len() {
                panic!("{path}: tag <{name}> never ends");
            }
            if bytes[j] == b'>' {
                j += 1;
                break;
            }
            if bytes[j] == b'/' {
                j += 1;
                continue;
            }
            let attr_start = j;
            while j < bytes.len()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
                && !(bytes[j] as char).is_ascii_whitespace()
            {
                j += 1;
            }
            let attr = html[attr_start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j] as char;
                    let end = html[j + 1..].find(quote).map_or(html.len(), |e| j + 1 + e);
                    value = html[j + 1..end.min(html.len())].to_string();
                    j = (end + 1).min(html.len());
                } else {
                    let start = j;
                    while j < bytes.len()
                        && bytes[j] != b'>'
                        && !(bytes[j] as char).is_ascii_whitespace()
                    {
                        j += 1;
                    }
                    value = html[start..j].to_string();
                }
            }
            attributes.push((attr, value));
        }
        i = j;
        if closing {
            if raw_html {
                // Raw HTML may leave elements open or close others; browsers cope.
                if let Some(open) = stack.iter().rposition(|t| *t == name) {
                    stack.truncate(open);
                }
                continue;
            }
            match stack.pop() {
                Some(open) if open == name => {}
                other => {
                    let context: String = html[at.saturating_sub(200)..at].chars().collect();
                    panic!("{path}: </{name}> closes {other:?}; before it: {context:?}");
                }
            }
            continue;
        }
        for (attr, value) in &attributes {
            let value = decode_entities(value);
            if !raw_html {
                assert!(
                    !attr.starts_with("on"),
                    "{path}: event handler {attr}={value:?} on <{name}>"
                );
                assert!(
                    attr != "style" && attr != "srcdoc" && attr != "formaction",
                    "{path}: {attr} on <{name}>"
                );
                // The templates' empty favicon, `<link rel="icon" href="data:,">`, is allowed.
                let empty_icon = name == "link" && value == "data:,";
                if matches!(attr.as_str(), "href" | "src" | "action" | "poster" | "cite")
                    && !empty_icon
                {
                    assert!(safe_url(&value), "{path}: <{name} {attr}={value:?}>");
                }
            }
            if attr == "id" && unique_ids && !raw_html {
                assert!(ids.insert(value.clone()), "{path}: duplicate id {value:?}");
            }
        }
        if name == "script" || name == "style" {
            // Raw text, up to the first end tag, as a browser reads it.
            let end = html[i..]
                .to_ascii_lowercase()
                .find(&format!("</{name}"))
                .map_or(html.len(), |e| i + e);
            let content = &html[i..end];
            if !raw_html && name == "style" {
                assert_eq!(path, "search/index.html", "{path}: a <style> element");
            }
            if !raw_html && name == "script" {
                let attr = |n: &str| {
                    attributes
                        .iter()
                        .find(|(a, _)| a == n)
                        .map(|(_, v)| v.as_str())
                };
                if attr("src").is_some() {
                    assert!(
                        content.trim().is_empty(),
                        "{path}: a script with src and content"
                    );
                } else {
                    assert_eq!(
                        attr("type"),
                        Some("application/ld+json"),
                        "{path}: an inline script that is not JSON-LD"
                    );
                    assert!(!content.contains("<!--"), "{path}: `<!--` in a script");
                    if let Err(error) = serde_json::from_str::<serde_json::Value>(content) {
                        panic!("{path}: JSON-LD does not parse ({error}): {content:?}");
                    }
                }
            }
            i = end;
            stack.push(name);
            continue;
        }
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if !raw_html {
            if name == "a" {
                assert!(
                    !stack.iter().any(|t| t == "a"),
                    "{path}: a link inside a link"
                );
            }
            if BLOCK.contains(&name.as_str())
                && let Some(inline) = stack.iter().rev().find(|t| PHRASING.contains(&t.as_str()))
            {
                let context: String = html[at.saturating_sub(200)..at].chars().collect();
                panic!("{path}: <{name}> inside <{inline}>; before it: {context:?}");
            }
        }
        stack.push(name);
    }
    assert!(
        raw_html || stack.is_empty(),
        "{path}: never closed: {stack:?}"
    );
}

/// The few character references an attribute value can hold, decoded.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL as a browser reads it: no scheme but http, https and mailto.
fn safe_url(url: &str) -> bool {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme_end =
        url.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')));
    match scheme_end {
        Some(end)
            if end > 0
                && url[end..].starts_with(':')
                && url.as_bytes()[0].is_ascii_alphabetic() =>
        {
            matches!(
                url[..end].to_ascii_lowercase().as_str(),
                "http" | "https" | "mailto"
            )
        }
        _ => true,
    }
}
