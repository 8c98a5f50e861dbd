//! Publishing (issue 5): Atom feeds, the sitemap and the other site files, schema.org and
//! OpenGraph metadata, sub-path and relative builds, and reproducible output.
//!
//! Everything is checked on the real binary's output: fixture sites in temporary folders,
//! and the repository's own example site built with `--output` into a temporary folder.
//!
//! There is no XML crate among the dev-dependencies, so this file carries a small XML 1.0
//! well-formedness checker ([`xml`]) that also builds a tree to assert the feeds' structure.
//! It is strict where it matters here: only XML characters, every `&` a valid reference, no
//! `<` in attribute values, no `]]>` in text, tags nested and closed, one root element.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, FixedOffset};
use common::*;
use scraper::Html;
use serde_json::Value;
use tempfile::TempDir;

const BASE: &str = "https://example.org/brief/";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const ATOM_TYPE: &str = "application/atom+xml";

// =======================================================================================
// A small XML 1.0 well-formedness checker that builds a tree
// =======================================================================================

mod xml {
    use std::fmt::Display;

    #[derive(Debug, Clone, PartialEq)]
    pub enum Node {
        Element(Element),
        Text(String),
    }

    #[derive(Debug, Clone, PartialEq)]
    pub struct Element {
        pub name: String,
        pub attrs: Vec<(String, String)>,
        pub children: Vec<Node>,
    }

    impl Element {
        pub fn attr(&self, name: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        }

        pub fn elements(&self) -> impl Iterator<Item = &Element> {
            self.children.iter().filter_map(|n| match n {
                Node::Element(e) => Some(e),
                Node::Text(_) => None,
            })
        }

        /// The child elements called `name`.
        pub fn all(&self, name: &str) -> Vec<&Element> {
            self.elements().filter(|e| e.name == name).collect()
        }

        /// The one child element called `name`; panics when there are none or several.
        pub fn one(&self, name: &str) -> &Element {
            let found = self.all(name);
            assert_eq!(
                found.len(),
                1,
                "<{}> should have exactly one <{name}>, has {}",
                self.name,
                found.len()
            );
            found[0]
        }

        /// The text of `one(name)`.
        pub fn text_of(&self, name: &str) -> String {
            self.one(name).text()
        }

        /// All text inside, references decoded.
        pub fn text(&self) -> String {
            let mut out = String::new();
            for child in &self.children {
                match child {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(e) => out.push_str(&e.text()),
                }
            }
            out
        }
    }

    /// The characters XML 1.0 allows in a document.
    pub fn is_xml_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    }

    fn is_name_start(c: char) -> bool {
        c.is_alphabetic() || c == '_' || c == ':' || (c as u32) > 0x7F
    }

    fn is_name_char(c: char) -> bool {
        is_name_start(c) || c.is_ascii_digit() || c == '-' || c == '.'
    }

    /// Parses a whole document, returning its root element or why it is not well-formed.
    pub fn parse(text: &str) -> Result<Element, String> {
        if let Some((i, c)) = text.char_indices().find(|&(_, c)| !is_xml_char(c)) {
            let line = text[..i].matches('\n').count() + 1;
            return Err(format!(
                "line {line}: character U+{:04X} is not allowed in XML",
                c as u32
            ));
        }
        let mut parser = Parser { text, pos: 0 };
        parser.declaration()?;
        parser.misc()?;
        if parser.rest().starts_with("<!") {
            return parser.error("unexpected markup declaration before the root element");
        }
        let root = parser.element()?;
        parser.misc()?;
        if !parser.rest().is_empty() {
            return parser.error("content after the root element");
        }
        check_namespaces(&root, &mut Vec::new())?;
        Ok(root)
    }

    /// Every prefix used (other than `xml` and `xmlns`) is declared on the element or above.
    fn check_namespaces(element: &Element, declared: &mut Vec<String>) -> Result<(), String> {
        let before = declared.len();
        for (name, _) in &element.attrs {
            if let Some(prefix) = name.strip_prefix("xmlns:") {
                declared.push(prefix.to_string());
            }
        }
        let names = std::iter::once(&element.name).chain(element.attrs.iter().map(|(n, _)| n));
        for name in names {
            if let Some((prefix, _)) = name.split_once(':')
                && prefix != "xml"
                && prefix != "xmlns"
                && !declared.iter().any(|d| d == prefix)
            {
                return Err(format!(
                    "namespace prefix `{prefix}` of `{name}` is not declared"
                ));
            }
        }
        for child in element.elements() {
            check_namespaces(child, declared)?;
        }
        declared.truncate(before);
        Ok(())
    }

    struct Parser<'a> {
        text: &'a str,
        pos: usize,
    }

    impl<'a> Parser<'a> {
        fn rest(&self) -> &'a str {
            &self.text[self.pos..]
        }

        fn error<T>(&self, message: impl Display) -> Result<T, String> {
            let before = &self.text[..self.pos];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            let context: String = self.rest().chars().take(50).collect();
            Err(format!("{line}:{column}: {message} (at {context:?})"))
        }

        fn eat(&mut self, s: &str) -> bool {
            if self.rest().starts_with(s) {
                self.pos += s.len();
                true
            } else {
                false
            }
        }

        fn expect(&mut self, s: &str) -> Result<(), String> {
            if self.eat(s) {
                Ok(())
            } else {
                self.error(format!("expected {s:?}"))
            }
        }

        fn skip_space(&mut self) -> bool {
            let start = self.pos;
            while self.rest().starts_with([' ', '\t', '\n', '\r']) {
                self.pos += 1;
            }
            self.pos > start
        }

        fn name(&mut self) -> Result<String, String> {
            match self.rest().chars().next() {
                Some(c) if is_name_start(c) => {}
                _ => return self.error("expected a name"),
            }
            let end = self
                .rest()
                .char_indices()
                .find(|&(_, c)| !is_name_char(c))
                .map_or(self.rest().len(), |(i, _)| i);
            let name = self.rest()[..end].to_string();
            self.pos += end;
            Ok(name)
        }

        fn until(&mut self, end: &str, what: &str) -> Result<&'a str, String> {
            match self.rest().find(end) {
                Some(i) => {
                    let inside = &self.rest()[..i];
                    self.pos += i + end.len();
                    Ok(inside)
                }
                None => self.error(format!("unterminated {what}")),
            }
        }

        /// `<?xml version="1.0" encoding="utf-8"?>`, only at the very start.
        fn declaration(&mut self) -> Result<(), String> {
            if !self.eat("<?xml") {
                return Ok(());
            }
            if !self.rest().starts_with([' ', '\t', '\n', '\r']) {
                return self.error("`<?xml` must be followed by white space");
            }
            let inside = self.until("?>", "XML declaration")?;
            if !inside.contains("version=\"1.0\"") && !inside.contains("version='1.0'") {
                return self.error("the XML declaration should say version 1.0");
            }
            if let Some((_, encoding)) = inside.split_once("encoding=") {
                let encoding = encoding.trim_matches(|c| c == '"' || c == '\'' || c == ' ');
                let encoding = encoding
                    .split(['"', '\''])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if encoding != "utf-8" {
                    return self.error(format!("encoding {encoding:?} but the bytes are UTF-8"));
                }
            }
            Ok(())
        }

        /// After `<!--`.
        fn comment(&mut self) -> Result<(), String> {
            let start = self.pos;
            let inside = self.until("-->", "comment")?;
            if inside.contains("--") || inside.ends_with('-') {
                self.pos = start;
                return self.error("`--` inside a comment");
            }
            Ok(())
        }

        /// After `<?`.
        fn processing_instruction(&mut self) -> Result<(), String> {
            let target = self.name()?;
            if target.eq_ignore_ascii_case("xml") {
                return self.error("XML declaration not at the start of the document");
            }
            self.until("?>", "processing instruction")?;
            Ok(())
        }

        /// White space, comments and processing instructions outside the root.
        fn misc(&mut self) -> Result<(), String> {
            loop {
                self.skip_space();
                if self.eat("<!--") {
                    self.comment()?;
                } else if self.eat("<?") {
                    self.processing_instruction()?;
                } else {
                    return Ok(());
                }
            }
        }

        /// After `&`: one of the five entities or a character reference to an XML character.
        fn reference(&mut self) -> Result<char, String> {
            let end = match self.rest().find(';') {
                Some(i) if i <= 10 => i,
                _ => return self.error("`&` that starts no entity or character reference"),
            };
            let name = &self.rest()[..end];
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let code = if let Some(hex) = name.strip_prefix("#x") {
                        (!hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()))
                            .then(|| u32::from_str_radix(hex, 16).ok())
                            .flatten()
                    } else if let Some(decimal) = name.strip_prefix('#') {
                        (!decimal.is_empty() && decimal.chars().all(|c| c.is_ascii_digit()))
                            .then(|| decimal.parse::<u32>().ok())
                            .flatten()
                    } else {
                        None
                    };
                    match code.and_then(char::from_u32) {
                        Some(c) if is_xml_char(c) => c,
                        _ => return self.error(format!("bad reference `&{name};`")),
                    }
                }
            };
            self.pos += end + 1;
            Ok(c)
        }

        fn text_content(&mut self) -> Result<String, String> {
            let mut out = String::new();
            loop {
                let Some(c) = self.rest().chars().next() else {
                    return Ok(out);
                };
                match c {
                    '<' => return Ok(out),
                    '&' => {
                        self.pos += 1;
                        out.push(self.reference()?);
                    }
                    ']' if self.rest().starts_with("]]>") => {
                        return self.error("`]]>` in text");
                    }
                    c => {
                        out.push(c);
                        self.pos += c.len_utf8();
                    }
                }
            }
        }

        fn attribute_value(&mut self) -> Result<String, String> {
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return self.error("expected a quoted attribute value"),
            };
            self.pos += 1;
            let mut out = String::new();
            loop {
                let Some(c) = self.rest().chars().next() else {
                    return self.error("unterminated attribute value");
                };
                if c == '<' {
                    return self.error("`<` in an attribute value");
                }
                self.pos += c.len_utf8();
                match c {
                    c if c == quote => return Ok(out),
                    '&' => out.push(self.reference()?),
                    '\t' | '\n' | '\r' => out.push(' '),
                    c => out.push(c),
                }
            }
        }

        fn element(&mut self) -> Result<Element, String> {
            self.expect("<")?;
            let name = self.name()?;
            let mut attrs: Vec<(String, String)> = Vec::new();
            loop {
                let spaced = self.skip_space();
                if self.eat("/>") {
                    return Ok(Element {
                        name,
                        attrs,
                        children: Vec::new(),
                    });
                }
                if self.eat(">") {
                    break;
                }
                if !spaced {
                    return self.error("expected white space, `>` or `/>`");
                }
                let attr = self.name()?;
                self.skip_space();
                self.expect("=")?;
                self.skip_space();
                let value = self.attribute_value()?;
                if attrs.iter().any(|(n, _)| *n == attr) {
                    return self.error(format!("attribute `{attr}` given twice"));
                }
                attrs.push((attr, value));
            }
            let mut children = Vec::new();
            loop {
                if self.eat("</") {
                    let close = self.name()?;
                    self.skip_space();
                    self.expect(">")?;
                    if close != name {
                        return self.error(format!("`</{close}>` closes `<{name}>`"));
                    }
                    return Ok(Element {
                        name,
                        attrs,
                        children,
                    });
                } else if self.eat("<!--") {
                    self.comment()?;
                } else if self.eat("<![CDATA[") {
                    let inside = self.until("]]>", "CDATA section")?;
                    children.push(Node::Text(inside.to_string()));
                } else if self.eat("<?") {
                    self.processing_instruction()?;
                } else if self.rest().starts_with("<!") {
                    return self.error("markup declaration inside an element");
                } else if self.rest().starts_with('<') {
                    children.push(Node::Element(self.element()?));
                } else if self.rest().is_empty() {
                    return self.error(format!("`<{name}>` is never closed"));
                } else {
                    children.push(Node::Text(self.text_content()?));
                }
            }
        }
    }
}

#[test]
fn xml_checker_accepts_good_documents_and_rejects_broken_ones() {
    let good = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- c -->\n<a xmlns=\"urn:x\" \
                b='1 &amp; 2'><c d=\"&lt;&#x41;&#66;&quot;\"/>t&amp;u<![CDATA[<raw> & ]]>\
                <e>&gt; ]] &apos;</e></a>\n";
    let root = xml::parse(good).expect("well-formed");
    assert_eq!(root.attr("b"), Some("1 & 2"));
    assert_eq!(root.one("c").attr("d"), Some("<AB\""));
    assert_eq!(root.text(), "t&u<raw> & > ]] '");
    for bad in [
        "<a>",
        "<a></b>",
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a>&nbsp;</a>",
        "<a>&#1;</a>",
        "<a>&#xFFFE;</a>",
        "<a>]]></a>",
        "<a>\u{1}</a>",
        "<a>\u{FFFF}</a>",
        "<a b=\"<\"/>",
        "<a b=\"1\" b=\"2\"/>",
        "<a b=1/>",
        "<a/><b/>",
        "text<a/>",
        "<a><!-- -- --></a>",
        "<a>\n<?xml version=\"1.0\"?></a>",
        "<?xml version=\"1.0\" encoding=\"latin1\"?><a/>",
        "<x:a/>",
        "<a b=\"1\"c=\"2\"/>",
    ] {
        assert!(xml::parse(bad).is_err(), "accepted broken XML: {bad:?}");
    }
}

// =======================================================================================
// Helpers for this file
// =======================================================================================

/// Text as a well-behaved feed or page can show it: without the characters XML cannot
/// hold (and U+FFFD, in case they are replaced rather than dropped), white space collapsed.
fn shown(text: &str) -> String {
    text.chars()
        .filter(|&c| xml::is_xml_char(c) && c != '\u{FFFD}')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn instant(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text.trim())
        .unwrap_or_else(|e| panic!("{text:?} is not an RFC 3339 date-time: {e}"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Parses an XML file, failing with the file and the reason when it is not well-formed.
fn read_xml(path: &Path) -> xml::Element {
    let text = read(path);
    xml::parse(&text)
        .unwrap_or_else(|e| panic!("{} is not well-formed XML: {e}\n{text}", path.display()))
}

/// Every `.xml` file of an output, parsed.
fn all_xml(out: &Path) -> BTreeMap<String, xml::Element> {
    let files: Vec<String> = files_under(out)
        .into_iter()
        .filter(|f| f.ends_with(".xml"))
        .collect();
    assert!(!files.is_empty(), "no XML files under {}", out.display());
    files
        .into_iter()
        .map(|f| {
            let root = read_xml(&out.join(&f));
            (f, root)
        })
        .collect()
}

/// `scheme:` of a URL, lowercased, if it has one.
fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// The `scheme://host` of an http(s) URL.
fn origin(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = rest.find('/').unwrap_or(rest.len());
    Some(&url[..scheme.len() + 3 + end])
}

/// A copy of the folder `from` at `to` (files only; folders are recreated).
fn copy_tree(from: &Path, to: &Path) {
    for file in files_under(from) {
        let target = to.join(&file);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(from.join(&file), &target).unwrap_or_else(|e| panic!("copy {file}: {e}"));
    }
}

/// `file:///abs/path/`, the base a browser gives a folder opened from disk.
fn file_base(dir: &Path) -> String {
    let dir = dir.canonicalize().expect("canonical path");
    format!("file://{}/", dir.display())
}

/// The page's own address under `base` (`articles/a/index.html` → `BASE/articles/a/`).
fn address_of(base: &str, page: &str) -> String {
    format!("{base}{}", page.strip_suffix("index.html").unwrap_or(page))
}

/// A fresh temporary folder for outputs of the example site.
fn temp(prefix: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("temporary folder")
}

/// Builds the repository's example site into `out`, with `args`.
fn build_example_to(out: &Path, args: &[&str]) {
    let mut all = vec!["--output", out.to_str().expect("UTF-8 path")];
    all.extend_from_slice(args);
    let output = run_build(&repo_root(), &all);
    assert_success(&output);
}

/// The URL-bearing attributes of a page, beyond what `check_links` follows: also form
/// actions and the OpenGraph addresses.
const URL_ATTRIBUTES: &[(&str, &str)] = &[
    ("a[href]", "href"),
    ("area[href]", "href"),
    ("link[href]", "href"),
    ("script[src]", "src"),
    ("img[src]", "src"),
    ("iframe[src]", "src"),
    ("source[src]", "src"),
    ("video[src]", "src"),
    ("audio[src]", "src"),
    ("form[action]", "action"),
    ("meta[property='og:url']", "content"),
    ("meta[property='og:image']", "content"),
];

/// One URL found in a page.
#[derive(Debug)]
struct FoundUrl {
    /// `a`, `link rel=canonical`, `meta og:url`...
    what: String,
    url: String,
    /// Canonical and OpenGraph addresses name the public address: absolute by design.
    absolute_by_design: bool,
}

fn urls_of(html: &Html) -> Vec<FoundUrl> {
    let mut found = Vec::new();
    for (css, attr) in URL_ATTRIBUTES {
        for element in html.select(&selector(css)) {
            let Some(url) = element.value().attr(attr) else {
                continue;
            };
            let name = element.value().name();
            let rel = element.value().attr("rel").unwrap_or("");
            let property = element.value().attr("property").unwrap_or("");
            let what = match name {
                "link" => format!("link rel={rel}"),
                "meta" => format!("meta {property}"),
                other => other.to_string(),
            };
            let absolute_by_design = (name == "link" && rel == "canonical") || name == "meta";
            found.push(FoundUrl {
                what,
                url: url.to_string(),
                absolute_by_design,
            });
        }
    }
    found
}

// ---------------------------------------------------------------------------------------
// Atom
// ---------------------------------------------------------------------------------------

/// One `<entry>` of a feed, read into plain values.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    title: String,
    /// `rel="alternate"` (or no rel) links.
    alternate: Vec<String>,
    via: Vec<String>,
    published: Option<String>,
    updated: String,
    authors: Vec<String>,
    summary: Option<String>,
    content: Option<String>,
    content_type: Option<String>,
    categories: Vec<(String, Option<String>)>,
}

fn links(element: &xml::Element, rel: &str) -> Vec<String> {
    element
        .all("link")
        .into_iter()
        .filter(|l| l.attr("rel").unwrap_or("alternate") == rel)
        .map(|l| l.attr("href").expect("<link> has href").to_string())
        .collect()
}

fn is_iri(id: &str) -> bool {
    scheme(id).is_some() && !id.contains(char::is_whitespace)
}

/// Checks what RFC 4287 requires of a feed and returns its entries.
fn atom_entries(feed: &xml::Element, name: &str) -> Vec<Entry> {
    assert_eq!(feed.name, "feed", "{name}: root element");
    assert_eq!(feed.attr("xmlns"), Some(ATOM_NS), "{name}: Atom namespace");
    let feed_id = feed.text_of("id");
    assert!(
        is_iri(&feed_id),
        "{name}: feed id {feed_id:?} is not an IRI"
    );
    feed.one("title");
    instant(&feed.text_of("updated"));
    assert_eq!(links(feed, "self").len(), 1, "{name}: one rel=self link");
    let feed_has_author = !feed.all("author").is_empty();
    let mut ids = BTreeSet::new();
    let entries: Vec<Entry> = feed
        .all("entry")
        .into_iter()
        .map(|e| {
            let id = e.text_of("id");
            assert!(is_iri(&id), "{name}: entry id {id:?} is not an IRI");
            assert!(ids.insert(id.clone()), "{name}: entry id {id:?} repeated");
            let updated = e.text_of("updated");
            instant(&updated);
            let published = match e.all("published").as_slice() {
                [] => None,
                [p] => Some(p.text()),
                _ => panic!("{name}: entry {id} has several <published>"),
            };
            if let Some(p) = &published {
                instant(p);
            }
            let authors: Vec<String> = e
                .all("author")
                .into_iter()
                .map(|a| a.text_of("name"))
                .collect();
            assert!(
                feed_has_author || !authors.is_empty(),
                "{name}: entry {id} has no author and neither has the feed"
            );
            let content = e.all("content");
            assert!(
                content.len() <= 1,
                "{name}: entry {id} has several <content>"
            );
            let summary = e.all("summary");
            assert!(
                summary.len() <= 1,
                "{name}: entry {id} has several <summary>"
            );
            let alternate = links(e, "alternate");
            assert!(
                alternate.len() <= 1,
                "{name}: entry {id} has several rel=alternate links"
            );
            assert!(
                !content.is_empty() || !alternate.is_empty(),
                "{name}: entry {id} has neither content nor an alternate link"
            );
            Entry {
                title: e.text_of("title"),
                alternate,
                via: links(e, "via"),
                published,
                updated,
                authors,
                summary: summary.first().map(|s| s.text()),
                content_type: content
                    .first()
                    .and_then(|c| c.attr("type").map(str::to_string)),
                content: content.first().map(|c| c.text()),
                categories: e
                    .all("category")
                    .into_iter()
                    .map(|c| {
                        (
                            c.attr("term").expect("category term").to_string(),
                            c.attr("label").map(str::to_string),
                        )
                    })
                    .collect(),
                id,
            }
        })
        .collect();
    entries
}

/// Reads and checks the feed at `path` under `out`.
fn feed_at(out: &Path, path: &str) -> (xml::Element, Vec<Entry>) {
    let file = out.join(path);
    assert!(file.is_file(), "no feed at {path}");
    let feed = read_xml(&file);
    let entries = atom_entries(&feed, path);
    (feed, entries)
}

// ---------------------------------------------------------------------------------------
// JSON-LD
// ---------------------------------------------------------------------------------------

/// Every `<script type="application/ld+json">` of a page's raw text, parsed. The element ends
/// at the first `</script` whatever its case, so the whole JSON must come before it.
fn json_ld_blocks(text: &str, page: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        let end = after
            .to_ascii_lowercase()
            .find("</script")
            .unwrap_or_else(|| panic!("{page}: JSON-LD script is never closed"));
        let json = &after[..end];
        assert!(
            !json.contains("<!--"),
            "{page}: `<!--` inside a script changes how HTML parsers find its end"
        );
        let value: Value = serde_json::from_str(json).unwrap_or_else(|e| {
            panic!("{page}: JSON-LD is not valid JSON up to the first `</script` ({e}):\n{json}")
        });
        found.push(value);
        rest = &after[end..];
    }
    found
}

/// The objects of JSON-LD blocks, `@graph`s and arrays flattened.
fn json_ld_items(blocks: &[Value]) -> Vec<Value> {
    fn add(value: &Value, items: &mut Vec<Value>) {
        match value {
            Value::Array(values) => values.iter().for_each(|v| add(v, items)),
            Value::Object(map) if map.contains_key("@graph") => add(&map["@graph"], items),
            other => items.push(other.clone()),
        }
    }
    let mut items = Vec::new();
    blocks.iter().for_each(|b| add(b, &mut items));
    items
}

fn has_type(item: &Value, wanted: &str) -> bool {
    match &item["@type"] {
        Value::String(t) => t == wanted,
        Value::Array(ts) => ts.iter().any(|t| t == wanted),
        _ => false,
    }
}

fn of_type<'a>(items: &'a [Value], wanted: &str) -> Vec<&'a Value> {
    items.iter().filter(|i| has_type(i, wanted)).collect()
}

/// Names in a value that may be a name, an object with `name`, or a list of either.
fn names_in(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(values) => values.iter().flat_map(names_in).collect(),
        Value::Object(map) => map
            .get("name")
            .and_then(Value::as_str)
            .map(|s| vec![s.to_string()])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// URLs in a value that may be a URL, an object with `url`/`@id`, or a list of either.
fn urls_in(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(values) => values.iter().flat_map(urls_in).collect(),
        Value::Object(map) => ["url", "@id"]
            .iter()
            .filter_map(|k| map.get(*k).and_then(Value::as_str))
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The schema.org items of an article page.
fn page_json_ld(out: &Path, page: &str) -> Vec<Value> {
    let text = read(&out.join(page));
    json_ld_items(&json_ld_blocks(&text, page))
}

// =======================================================================================
// Fixture sites
// =======================================================================================

const ITEMS: usize = 55;

fn item_slug(i: usize) -> String {
    format!("item-{i:02}")
}

/// Hours after 2025-01-01T00:00Z: a permutation of 0..55, so date order is not slug order.
fn item_hour(i: usize) -> usize {
    (i * 17) % ITEMS
}

fn item_date(i: usize) -> String {
    let h = item_hour(i);
    format!("2025-01-{:02}T{:02}:00:00Z", 1 + h / 24, h % 24)
}

fn item_actors(i: usize) -> Vec<&'static str> {
    let mut actors = Vec::new();
    if i.is_multiple_of(3) {
        actors.push("alice-smith");
    }
    if i.is_multiple_of(4) {
        actors.push("bob-jones");
    }
    actors
}

fn item_topics(i: usize) -> Vec<&'static str> {
    let mut topics = Vec::new();
    if i.is_multiple_of(5) {
        topics.push("trade");
    }
    if i.is_multiple_of(2) {
        topics.push("energy");
    }
    topics
}

/// Entities an item's body mentions (by alias) without necessarily listing them.
fn item_mentions(i: usize) -> Vec<(&'static str, &'static str)> {
    let mut mentions = Vec::new();
    if i.is_multiple_of(7) {
        mentions.push(("alice-smith", "Smith said so."));
    }
    if i == 10 {
        mentions.push(("acme", "Acme was there."));
    }
    if i.is_multiple_of(9) {
        mentions.push(("energy", "The power grid held."));
    }
    mentions
}

/// Items, newest first.
fn items_newest_first() -> Vec<usize> {
    let mut items: Vec<usize> = (1..=ITEMS).collect();
    items.sort_by_key(|&i| std::cmp::Reverse(item_hour(i)));
    items
}

/// 55 articles over three days, three actors (one only mentioned, one in nothing) and
/// three topics (one in nothing).
fn feed_site() -> SiteBuilder {
    let site = SiteBuilder::with_files(&[
        (
            "site.yaml",
            "title: \"Feed Desk\"\ndescription: \"Fifty-five items.\"\nlanguage: en-GB\n",
        ),
        (
            "content/actors/alice-smith.md",
            "---\nname: \"Alice Smith\"\nkind: person\naliases: [\"Smith\"]\nwikidata: Q42\n---\nAlice is a person.\n",
        ),
        (
            "content/actors/bob-jones.md",
            &actor_md("Bob Jones", "person"),
        ),
        ("content/actors/acme.md", &actor_md("Acme", "organisation")),
        (
            "content/actors/nobody.md",
            &actor_md("Nobody Atall", "person"),
        ),
        ("content/topics/trade.md", &topic_md("Trade")),
        (
            "content/topics/energy.md",
            "---\nname: \"Energy\"\naliases: [\"power grid\"]\n---\nEnergy is a topic.\n",
        ),
        ("content/topics/climate.md", &topic_md("Climate")),
    ]);
    for i in 1..=ITEMS {
        let mentions: String = item_mentions(i)
            .iter()
            .map(|(_, sentence)| format!(" {sentence}"))
            .collect();
        let body = format!(
            "Opening paragraph for item {i}.{mentions}\n\nClosing paragraph for item {i} with *emphasis*."
        );
        site.write(
            &format!("content/articles/{}.md", item_slug(i)),
            &article_md(
                &format!("Item {i}"),
                &item_date(i),
                &item_actors(i),
                &item_topics(i),
                &format!("summary: \"Summary of item {i}.\"\n"),
                &body,
            ),
        );
    }
    site
}

/// The items an entity's feed must hold: those that list or mention it, newest first.
fn items_concerning(slug: &str) -> Vec<usize> {
    items_newest_first()
        .into_iter()
        .filter(|&i| {
            item_actors(i).contains(&slug)
                || item_topics(i).contains(&slug)
                || item_mentions(i).iter().any(|(s, _)| *s == slug)
        })
        .take(50)
        .collect()
}

fn entry_id_of(entries: &[Entry], slug: &str) -> String {
    let url = format!("{BASE}articles/{slug}/");
    entries
        .iter()
        .find(|e| e.alternate.first() == Some(&url))
        .unwrap_or_else(|| panic!("no entry links to {url}"))
        .id
        .clone()
}

const FULL_SOURCE: &str = r#"---
title: "Deal talks resume in Geneva"
date: 2025-02-01T08:00:00Z
updated: 2025-02-03T09:30:00Z
summary: "Talks resumed; a claim about the deal is judged."
source: { publisher: "The Paper", url: "https://news.example/one", author: "Jane Reporter", published: 2025-01-31 }
actors: [alice-smith]
topics: [trade]
annotations:
  - quote: "the deal is done"
    kind: claim
    verdict: "false"
    note: "No text was signed."
  - quote: "prices will fall"
    kind: claim
    note: "Too early to judge."
  - quote: "talks resumed"
    kind: context
    note: "After a month."
---
In Geneva, talks resumed on Monday. Smith said the deal is done.

Acme said prices will fall.

The very last paragraph of the deal story.
"#;

/// Four articles whose sources differ, for entry authors, `via` links and JSON-LD.
fn source_site() -> SiteBuilder {
    SiteBuilder::with_files(&[
        (
            "site.yaml",
            "title: \"Source Desk\"\nlanguage: en-GB\nbase_url: https://example.org/brief/\n",
        ),
        (
            "content/actors/alice-smith.md",
            "---\nname: \"Alice Smith\"\nkind: person\naliases: [\"Smith\"]\nwikidata: Q42\n---\nAlice is a person.\n",
        ),
        (
            "content/actors/bob-jones.md",
            &actor_md("Bob Jones", "person"),
        ),
        ("content/actors/acme.md", &actor_md("Acme", "organisation")),
        ("content/topics/trade.md", &topic_md("Trade")),
        ("content/topics/energy.md", &topic_md("Energy")),
        ("content/articles/full-source.md", FULL_SOURCE),
        (
            "content/articles/publisher-only.md",
            &article_md(
                "Wire report",
                "2025-02-02",
                &["bob-jones"],
                &["energy"],
                "summary: \"From the wire.\"\nsource: { publisher: \"Wire Service\" }\n",
                "A wire report about supply.",
            ),
        ),
        (
            "content/articles/no-source.md",
            &article_md(
                "Desk note",
                "2025-02-03T12:00:00+02:00",
                &["bob-jones"],
                &[],
                "summary: \"Our own note.\"\n",
                "A note written at the desk.",
            ),
        ),
        (
            "content/articles/url-only.md",
            &article_md(
                "Linked report",
                "2025-02-04T00:00:00Z",
                &["alice-smith"],
                &["trade"],
                "summary: \"Only a link.\"\nsource: { url: \"https://news.example/four\" }\n",
                "A report known only by its link.",
            ),
        ),
    ])
}

/// Plain values of the hostile fixture, as the front matter means them once YAML is read.
const HOSTILE_SITE_TITLE: &str = "Brief <&> \"Q\" ]]> </script> \u{1}";
const HOSTILE_TITLE: &str = "A <b>bold</b> & \"quoted\" 'single' ]]> </script> </SCRIPT> \
                             <!-- x --> \u{1} ctrl \u{1F} 🦀 עברית \u{202E}evil";
const HOSTILE_SUMMARY: &str =
    "Summary <tags> & &amp; ]]> </script><script>alert(1)</script> \u{1} 🦀 مرحبا";
const HOSTILE_PUBLISHER: &str = "Pub & <Co> ]]>";
const HOSTILE_AUTHOR: &str = "Jo \"J\" <Doe> </script>";
const HOSTILE_ACTOR: &str = "Odd & <Actor> \"Q\" ]]> \u{1} 🦀 שלום";
const HOSTILE_TOPIC: &str = "Q&A <Topic> ]]> \u{1}";

/// Titles, summaries, names and body text full of markup, `]]>`, quotes, `</script>`,
/// control characters, emoji and right-to-left text.
fn hostile_site() -> SiteBuilder {
    let front = r#"---
title: "A <b>bold</b> & \"quoted\" 'single' ]]> </script> </SCRIPT> <!-- x --> \x01 ctrl \x1F 🦀 עברית \u202Eevil"
date: 2025-03-01T10:00:00Z
updated: 2025-03-02T11:00:00Z
summary: "Summary <tags> & &amp; ]]> </script><script>alert(1)</script> \x01 🦀 مرحبا"
source: { publisher: "Pub & <Co> ]]>", url: "https://news.example/a?x=1&y=2", author: "Jo \"J\" <Doe> </script>" }
actors: [odd-actor]
topics: [odd-topic]
annotations:
  - quote: "claims that"
    kind: claim
    verdict: "false <&> ]]>"
    note: "Wrong & <bad> ]]> </script> \x01"
---
"#;
    let body = "Body with <angle> & ampersand ]]> and </script> and <!-- c --> and \u{1} ctrl \
                and \u{FFFF} nonchar and emoji 🦀 and RTL עברית \u{202E}. It claims that this \
                is fine &amp; &#0; &lt;x&gt;.\n\n<script>alert(1)</script>\n\n```\ncode ]]> \
                </script> & <\n```\n\nThe last hostile paragraph.\n";
    SiteBuilder::with_files(&[
        (
            "site.yaml",
            "title: \"Brief <&> \\\"Q\\\" ]]> </script> \\x01\"\ndescription: \"Desc & <d> ]]>\"\nlanguage: he\n",
        ),
        (
            "content/actors/odd-actor.md",
            "---\nname: \"Odd & <Actor> \\\"Q\\\" ]]> \\x01 🦀 שלום\"\nkind: organisation\nwikidata: Q1\n---\nProfile with <b> & ]]> </script>.\n",
        ),
        (
            "content/topics/odd-topic.md",
            "---\nname: \"Q&A <Topic> ]]> \\x01\"\n---\nAbout <i> & ]]>.\n",
        ),
        ("content/articles/hostile.md", &format!("{front}{body}")),
        (
            "content/articles/plain.md",
            "---\ntitle: \"It's \\\"fine\\\" & <ok>\"\ndate: 2025-02-01\nsummary: \"Plain ' \\\" summary.\"\nactors: [odd-actor]\n---\nPlain body.\n",
        ),
    ])
}

// =======================================================================================
// Atom feeds
// =======================================================================================

#[test]
fn site_feed_holds_the_newest_50_articles_newest_first() {
    let site = feed_site();
    let summary = parse_summary(&site.build_ok(&["--base-url", BASE]));
    assert_eq!(summary.articles, ITEMS);
    let out = site.out();
    let (feed, entries) = feed_at(&out, "atom.xml");

    let expected: Vec<String> = items_newest_first()
        .into_iter()
        .take(50)
        .map(|i| format!("{BASE}articles/{}/", item_slug(i)))
        .collect();
    let got: Vec<String> = entries
        .iter()
        .map(|e| e.alternate.first().cloned().unwrap_or_default())
        .collect();
    assert_eq!(
        got, expected,
        "the site feed: newest 50 articles, newest first"
    );

    let titles: Vec<String> = entries.iter().map(|e| e.title.clone()).collect();
    let expected_titles: Vec<String> = items_newest_first()
        .into_iter()
        .take(50)
        .map(|i| format!("Item {i}"))
        .collect();
    assert_eq!(titles, expected_titles);

    // The feed's own `updated` is its newest entry's, not the build time.
    let newest = items_newest_first()[0];
    assert_eq!(
        instant(&feed.text_of("updated")),
        instant(&item_date(newest)),
        "feed <updated> should be the newest article's date"
    );
    assert_eq!(links(&feed, "self"), vec![format!("{BASE}atom.xml")]);
    assert_eq!(links(&feed, "alternate"), vec![BASE.to_string()]);
    assert_eq!(feed.text_of("title"), "Feed Desk");
}

#[test]
fn each_actor_and_topic_feed_holds_exactly_the_articles_that_list_or_mention_it() {
    let site = feed_site();
    site.build_ok(&["--base-url", BASE]);
    let out = site.out();
    for (kind, slug, name) in [
        ("actors", "alice-smith", "Alice Smith"),
        ("actors", "bob-jones", "Bob Jones"),
        ("actors", "acme", "Acme"),
        ("actors", "nobody", "Nobody Atall"),
        ("topics", "trade", "Trade"),
        ("topics", "energy", "Energy"),
        ("topics", "climate", "Climate"),
    ] {
        let path = format!("{kind}/{slug}/atom.xml");
        let (feed, entries) = feed_at(&out, &path);
        let got: Vec<String> = entries
            .iter()
            .map(|e| e.alternate.first().cloned().unwrap_or_default())
            .collect();
        let expected: Vec<String> = items_concerning(slug)
            .into_iter()
            .map(|i| format!("{BASE}articles/{}/", item_slug(i)))
            .collect();
        assert_eq!(
            got, expected,
            "{path}: the articles listing or mentioning {slug}, newest first"
        );
        assert_eq!(
            links(&feed, "self"),
            vec![format!("{BASE}{path}")],
            "{path}: rel=self"
        );
        assert_eq!(
            links(&feed, "alternate"),
            vec![format!("{BASE}{kind}/{slug}/")],
            "{path}: rel=alternate is the entity's page"
        );
        assert!(
            feed.text_of("title").contains(name),
            "{path}: the feed title names {name}: {:?}",
            feed.text_of("title")
        );
        // Even an empty feed is dated by the content, never by the clock.
        let newest = instant(&item_date(items_newest_first()[0]));
        assert!(
            instant(&feed.text_of("updated")) <= newest,
            "{path}: <updated> is later than every article"
        );
        if let Some(first) = items_concerning(slug).first() {
            assert_eq!(
                instant(&feed.text_of("updated")),
                instant(&item_date(*first))
            );
        }
    }
}

#[test]
fn every_feed_is_linked_from_its_page_and_the_site_feed_from_every_page() {
    let site = feed_site();
    site.build_ok(&["--base-url", BASE]);
    let out = site.out();
    let base = Base::new(BASE);
    let feed_targets = |page: &str| -> Vec<String> {
        let html = site.page(page);
        hrefs(&html, &format!("link[rel='alternate'][type='{ATOM_TYPE}']"))
            .into_iter()
            .map(|href| match resolve_link(page, &href, &base) {
                Ok(Target::Internal { file, .. }) => file,
                other => panic!("{page}: feed link {href:?} resolves to {other:?}"),
            })
            .collect()
    };
    for page in html_files(&out) {
        let targets = feed_targets(&page);
        assert!(
            targets.iter().any(|t| t == "atom.xml"),
            "{page} does not link the site feed: {targets:?}"
        );
        for target in &targets {
            assert!(
                out.join(target).is_file(),
                "{page} links a missing feed {target}"
            );
        }
    }
    for (kind, slugs) in [
        (
            "actors",
            &["alice-smith", "bob-jones", "acme", "nobody"][..],
        ),
        ("topics", &["trade", "energy", "climate"][..]),
    ] {
        for slug in slugs {
            let page = format!("{kind}/{slug}/index.html");
            let targets = feed_targets(&page);
            assert!(
                targets.contains(&format!("{kind}/{slug}/atom.xml")),
                "{page} does not link its own feed: {targets:?}"
            );
        }
    }
}

#[test]
fn entry_ids_are_stable_across_builds_and_content_edits() {
    let site = source_site();
    site.build_ok(&[]);
    let (_, first) = feed_at(&site.out(), "atom.xml");
    let id_before = entry_id_of(&first, "full-source");
    let all_before: Vec<String> = first.iter().map(|e| e.id.clone()).collect();

    site.build_ok(&[]);
    let (_, second) = feed_at(&site.out(), "atom.xml");
    let all_again: Vec<String> = second.iter().map(|e| e.id.clone()).collect();
    assert_eq!(all_before, all_again, "ids changed between two builds");

    // Edit the article: new title, summary, updated date and body.
    let edited = FULL_SOURCE
        .replace(
            "Deal talks resume in Geneva",
            "Deal talks resume in Geneva (corrected)",
        )
        .replace("Talks resumed;", "Talks resumed again;")
        .replace("2025-02-03T09:30:00Z", "2025-02-05T10:00:00Z")
        .replace("The very last paragraph", "The rewritten last paragraph");
    site.write("content/articles/full-source.md", &edited);
    site.build_ok(&[]);
    let (_, third) = feed_at(&site.out(), "atom.xml");
    assert_eq!(
        entry_id_of(&third, "full-source"),
        id_before,
        "editing an article must not change its entry id"
    );
    let entry = third.iter().find(|e| e.id == id_before).unwrap();
    assert_eq!(entry.title, "Deal talks resume in Geneva (corrected)");
    assert_eq!(instant(&entry.updated), instant("2025-02-05T10:00:00Z"));
    // The same id in the actor's and topic's feeds.
    for path in ["actors/alice-smith/atom.xml", "topics/trade/atom.xml"] {
        let (_, entries) = feed_at(&site.out(), path);
        assert_eq!(entry_id_of(&entries, "full-source"), id_before, "{path}");
    }
}

#[test]
fn entries_carry_updated_summary_full_content_author_and_source() {
    let site = source_site();
    site.build_ok(&[]);
    let out = site.out();
    let (_, entries) = feed_at(&out, "atom.xml");
    let entry = |slug: &str| -> Entry {
        let url = format!("{BASE}articles/{slug}/");
        entries
            .iter()
            .find(|e| e.alternate.first() == Some(&url))
            .unwrap_or_else(|| panic!("no entry for {slug}"))
            .clone()
    };

    // (slug, updated, published, author, via)
    let expectations = [
        (
            "full-source",
            "2025-02-03T09:30:00Z",
            "2025-02-01T08:00:00Z",
            "Jane Reporter",
            Some("https://news.example/one"),
        ),
        (
            "publisher-only",
            "2025-02-02T00:00:00Z",
            "2025-02-02T00:00:00Z",
            "Wire Service",
            None,
        ),
        (
            "no-source",
            "2025-02-03T12:00:00+02:00",
            "2025-02-03T12:00:00+02:00",
            "Source Desk",
            None,
        ),
        (
            "url-only",
            "2025-02-04T00:00:00Z",
            "2025-02-04T00:00:00Z",
            "Source Desk",
            Some("https://news.example/four"),
        ),
    ];
    for (slug, updated, published, author, via) in expectations {
        let e = entry(slug);
        assert_eq!(
            instant(&e.updated),
            instant(updated),
            "{slug}: <updated> comes from `updated`, else `date`"
        );
        let p = e
            .published
            .as_deref()
            .unwrap_or_else(|| panic!("{slug}: no <published>"));
        assert_eq!(
            instant(p),
            instant(published),
            "{slug}: <published> is `date`"
        );
        assert_eq!(e.authors, vec![author.to_string()], "{slug}: author");
        assert_eq!(
            e.via,
            via.map(|v| vec![v.to_string()]).unwrap_or_default(),
            "{slug}: rel=via link to the source"
        );
        assert!(
            e.summary.as_deref().is_some_and(|s| !s.trim().is_empty()),
            "{slug}: no summary"
        );
        assert_eq!(
            e.content_type.as_deref(),
            Some("html"),
            "{slug}: content type"
        );

        // The content is the article's whole body: the same text as the page's body.
        let content = e.content.as_deref().expect("content");
        let from_feed = page_text(&Html::parse_fragment(content));
        let page = site.page(&format!("articles/{slug}/index.html"));
        let body = page
            .select(&selector("div.body"))
            .next()
            .unwrap_or_else(|| panic!("{slug}: no div.body on the page"));
        assert_eq!(
            from_feed,
            text_of(body),
            "{slug}: feed content should be the full body"
        );
    }
    let full = entry("full-source");
    assert_eq!(
        full.summary.as_deref(),
        Some("Talks resumed; a claim about the deal is judged.")
    );
    let content = full.content.unwrap();
    assert!(content.contains("<p>"), "content is HTML: {content}");
    assert!(
        content.contains("The very last paragraph of the deal story."),
        "content is not cut short: {content}"
    );
    let categories: BTreeSet<String> = full.categories.iter().map(|(t, _)| t.clone()).collect();
    assert!(
        categories.contains("alice-smith") && categories.contains("trade"),
        "categories: {categories:?}"
    );
}

/// A source's `licence`: on the article page beside the source, and in every feed entry as
/// `<rights>` (RFC 4287 4.2.10), with a `rel="license"` link when the licence has an address.
#[test]
fn a_licence_shows_beside_the_source_and_as_the_entry_rights() {
    let with_source = |licence: &str| {
        format!(
            "source:\n  publisher: \"Records Office\"\n  url: \"https://records.example/a\"\n{licence}"
        )
    };
    let site = SiteBuilder::with_files(&[
        (
            "site.yaml",
            &format!("title: \"Licence Desk\"\nbase_url: {BASE}\n"),
        ),
        ("content/topics/trade.md", &topic_md("Trade")),
        (
            "content/articles/linked-licence.md",
            &article_md(
                "Open record",
                "2025-03-01",
                &[],
                &["trade"],
                &with_source(
                    "  licence: { name: \"Open Government Licence v3.0\", url: \"https://licence.example/ogl/\" }\n",
                ),
                "An open record about trade.",
            ),
        ),
        (
            "content/articles/named-licence.md",
            &article_md(
                "Public record",
                "2025-03-02",
                &[],
                &["trade"],
                &with_source("  licence: { name: \"Public domain\" }\n"),
                "A public record about trade.",
            ),
        ),
        (
            "content/articles/no-licence.md",
            &article_md(
                "Wire record",
                "2025-03-03",
                &[],
                &["trade"],
                &with_source(""),
                "A wire record about trade.",
            ),
        ),
    ]);
    site.build_ok(&[]);
    let out = site.out();

    // (slug, licence name, licence address)
    let expectations = [
        (
            "linked-licence",
            Some("Open Government Licence v3.0"),
            Some("https://licence.example/ogl/"),
        ),
        ("named-licence", Some("Public domain"), None),
        ("no-licence", None, None),
    ];
    for feed_path in ["atom.xml", "topics/trade/atom.xml"] {
        let (feed, _) = feed_at(&out, feed_path);
        for (slug, name, url) in expectations {
            let alternate = format!("{BASE}articles/{slug}/");
            let entry = feed
                .all("entry")
                .into_iter()
                .find(|e| links(e, "alternate").first() == Some(&alternate))
                .unwrap_or_else(|| panic!("{feed_path}: no entry for {slug}"));
            let rights: Vec<String> = entry.all("rights").iter().map(|r| r.text()).collect();
            assert_eq!(
                rights,
                name.map(|n| vec![n.to_string()]).unwrap_or_default(),
                "{feed_path}: {slug}: <rights> is the licence's name"
            );
            assert_eq!(
                links(entry, "license"),
                url.map(|u| vec![u.to_string()]).unwrap_or_default(),
                "{feed_path}: {slug}: rel=license links the licence's address"
            );
        }
    }
    for (slug, name, url) in expectations {
        let page = site.page(&format!("articles/{slug}/index.html"));
        let source = page
            .select(&selector("p.source"))
            .next()
            .map(text_of)
            .unwrap_or_else(|| panic!("{slug}: no p.source"));
        assert!(source.contains("Records Office"), "{slug}: {source:?}");
        match name {
            Some(name) => assert!(
                source.contains(&format!("Licence: {name}")),
                "{slug}: the licence beside the source: {source:?}"
            ),
            None => assert!(!source.contains("Licence"), "{slug}: {source:?}"),
        }
        assert_eq!(
            hrefs(&page, "p.source a[rel~='license']"),
            url.map(|u| vec![u.to_string()]).unwrap_or_default(),
            "{slug}: the licence links its address"
        );
    }
}

#[test]
fn feed_links_are_absolute_under_a_sub_path_base() {
    let site = feed_site();
    site.build_ok(&["--base-url", BASE]);
    let out = site.out();
    let feeds: Vec<String> = files_under(&out)
        .into_iter()
        .filter(|f| f.ends_with("atom.xml"))
        .collect();
    // Pair feeds (`actors/<actor>/topics/<topic>/atom.xml`) are checked too.
    let entity_feeds = feeds
        .iter()
        .filter(|f| !f.contains("/topics/") || f.starts_with("topics/"));
    assert_eq!(
        entity_feeds.count(),
        1 + 4 + 3 + 1,
        "site, actor, topic and corrections feeds: {feeds:?}"
    );
    let mut problems = Vec::new();
    for path in &feeds {
        let (feed, entries) = feed_at(&out, path);
        let mut urls: Vec<(String, String)> = Vec::new();
        for rel in ["self", "alternate"] {
            urls.extend(
                links(&feed, rel)
                    .into_iter()
                    .map(|u| (format!("feed rel={rel}"), u)),
            );
        }
        urls.push(("feed id".into(), feed.text_of("id")));
        for entry in &entries {
            urls.extend(
                entry
                    .alternate
                    .iter()
                    .map(|u| ("entry link".to_string(), u.clone())),
            );
            let content = Html::parse_fragment(entry.content.as_deref().unwrap_or(""));
            for url in hrefs(&content, "a[href]")
                .into_iter()
                .chain(attrs(&content, "img[src]", "src"))
            {
                urls.push((format!("content of {}", entry.id), url));
            }
        }
        for (what, url) in urls {
            let internal = match scheme(&url).as_deref() {
                None => true,
                Some("http" | "https") => origin(&url) == origin(BASE),
                Some(_) => false,
            };
            if internal && !url.starts_with(BASE) && !url.starts_with("urn:") {
                problems.push(format!("{path}: {what}: {url}"));
            }
        }
        // Entry links point at pages that exist.
        for entry in &entries {
            for url in &entry.alternate {
                let file = page_file(url.strip_prefix(BASE).unwrap_or(url));
                assert!(
                    out.join(&file).is_file(),
                    "{path}: entry link {url} has no page"
                );
            }
        }
    }
    assert!(
        problems.is_empty(),
        "feed URLs not absolute under {BASE}:\n  {}",
        problems.join("\n  ")
    );
    // Mentions inside the content are links, and they are absolute.
    let (_, entries) = feed_at(&out, "atom.xml");
    let with_mention = entries
        .iter()
        .find(|e| e.title == "Item 10")
        .expect("item 10 is in the site feed");
    assert!(
        with_mention
            .content
            .as_deref()
            .unwrap()
            .contains(&format!("href=\"{BASE}actors/acme/")),
        "the mention of Acme should link absolutely: {:?}",
        with_mention.content
    );
}

// =======================================================================================
// Hostile input
// =======================================================================================

#[test]
fn hostile_text_gives_well_formed_feeds_and_sitemap() {
    let site = hostile_site();
    for args in [
        &["--base-url", BASE][..],
        &[][..],
        &["--relative-urls", "--base-url", BASE][..],
    ] {
        site.build_ok(args);
        let out = site.out();
        let documents = all_xml(&out);
        for name in [
            "atom.xml",
            "actors/odd-actor/atom.xml",
            "topics/odd-topic/atom.xml",
            "sitemap.xml",
        ] {
            assert!(documents.contains_key(name), "{args:?}: no {name}");
        }
        assert_eq!(documents["sitemap.xml"].name, "urlset");

        let (feed, entries) = feed_at(&out, "atom.xml");
        assert_eq!(
            shown(&feed.text_of("title")),
            shown(HOSTILE_SITE_TITLE),
            "{args:?}"
        );
        let entry = entries
            .iter()
            .find(|e| e.id.contains("hostile"))
            .unwrap_or_else(|| panic!("{args:?}: no entry for the hostile article"));
        assert_eq!(
            shown(&entry.title),
            shown(HOSTILE_TITLE),
            "{args:?}: title survives escaping"
        );
        assert_eq!(
            shown(entry.summary.as_deref().unwrap_or("")),
            shown(HOSTILE_SUMMARY),
            "{args:?}: summary survives escaping"
        );
        assert_eq!(
            entry.authors,
            vec![shown(HOSTILE_AUTHOR)],
            "{args:?}: author"
        );
        assert_eq!(
            entry.via,
            vec!["https://news.example/a?x=1&y=2".to_string()]
        );
        let labels: Vec<String> = entry
            .categories
            .iter()
            .filter_map(|(_, l)| l.as_deref().map(shown))
            .collect();
        assert!(
            labels.contains(&shown(HOSTILE_ACTOR)) && labels.contains(&shown(HOSTILE_TOPIC)),
            "{args:?}: category labels {labels:?}"
        );
        // The content is HTML whose text is the body: markup in the source stays text.
        let content = entry.content.as_deref().expect("content");
        let fragment = Html::parse_fragment(content);
        assert!(
            fragment.select(&selector("script")).next().is_none(),
            "{args:?}: a <script> element got into the feed content: {content}"
        );
        let text = page_text(&fragment);
        assert!(!text.contains("<!--"), "{args:?}: a comment shown: {text}");
        for expected in [
            // An HTML comment is an editor's note: left out, not shown as text.
            "Body with <angle> & ampersand ]]> and </script> and and",
            "emoji 🦀 and RTL עברית",
            "<script>alert(1)</script>",
            "code ]]> </script> & <",
            "The last hostile paragraph.",
        ] {
            assert!(
                text.contains(expected),
                "{args:?}: content lacks {expected:?}: {text}"
            );
        }
        let (_, actor_entries) = feed_at(&out, "actors/odd-actor/atom.xml");
        assert_eq!(
            actor_entries.len(),
            2,
            "{args:?}: both articles list the odd actor"
        );
    }
}

#[test]
fn hostile_text_gives_valid_json_ld_that_cannot_close_its_script() {
    let site = hostile_site();
    site.build_ok(&["--base-url", BASE]);
    let out = site.out();
    for page in html_files(&out) {
        // Every JSON-LD block of every page parses and stays inside its script.
        page_json_ld(&out, &page);
    }
    let items = page_json_ld(&out, "articles/hostile/index.html");
    let article = of_type(&items, "NewsArticle");
    assert_eq!(article.len(), 1, "one NewsArticle: {items:?}");
    let article = article[0];
    assert_eq!(
        shown(article["headline"].as_str().unwrap_or("")),
        shown(HOSTILE_TITLE)
    );
    assert_eq!(
        shown(article["description"].as_str().unwrap_or("")),
        shown(HOSTILE_SUMMARY)
    );
    assert_eq!(
        names_in(&article["publisher"]),
        vec![HOSTILE_PUBLISHER.to_string()]
    );
    assert_eq!(
        names_in(&article["author"]),
        vec![HOSTILE_AUTHOR.to_string()]
    );
    assert_eq!(
        urls_in(&article["isBasedOn"]),
        vec!["https://news.example/a?x=1&y=2".to_string()]
    );
    assert_eq!(
        names_in(&article["mentions"])
            .iter()
            .map(|n| shown(n))
            .collect::<Vec<_>>(),
        vec![shown(HOSTILE_ACTOR)]
    );
    let reviews = of_type(&items, "ClaimReview");
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["reviewRating"]["alternateName"], "false <&> ]]>");

    // The annotation export is valid JSON too.
    let export = read(&out.join("articles/hostile/annotations.jsonld"));
    serde_json::from_str::<Value>(&export).expect("annotations.jsonld is JSON");

    // OpenGraph and the title element carry the text, escaped once.
    let html = site.page("articles/hostile/index.html");
    let og_title = attrs(&html, "meta[property='og:title']", "content");
    assert_eq!(og_title.len(), 1);
    assert_eq!(shown(&og_title[0]), shown(HOSTILE_TITLE));
    assert_eq!(
        texts(&html, "article h1").first().map(|t| shown(t)),
        Some(shown(HOSTILE_TITLE))
    );
}

/// HTML forbids C0/C1 control characters (other than white space) and noncharacters in a
/// document (parse errors "control-character-in-input-stream" and
/// "noncharacter-in-input-stream"; the Nu HTML Checker reports them as errors). Content
/// that holds them must not pass them through to the pages.
#[test]
fn hostile_text_leaves_no_control_characters_in_html_pages() {
    let site = hostile_site();
    site.build_ok(&["--base-url", BASE]);
    let out = site.out();
    let mut problems = Vec::new();
    for page in html_files(&out) {
        let text = read(&out.join(&page));
        let mut seen = BTreeSet::new();
        for (i, c) in text.char_indices() {
            let control = (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{C}'))
                || ('\u{7F}'..='\u{9F}').contains(&c);
            let code = c as u32;
            let nonchar = (0xFDD0..=0xFDEF).contains(&code) || (code & 0xFFFE) == 0xFFFE;
            if (control || nonchar) && seen.insert(c) {
                let line = text[..i].matches('\n').count() + 1;
                problems.push(format!("{page}:{line}: U+{code:04X}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "control characters or noncharacters written into HTML pages:\n  {}",
        problems.join("\n  ")
    );
}

// =======================================================================================
// Sitemap, robots.txt, 404
// =======================================================================================

/// Checks `sitemap.xml` of `out` against the HTML pages written there; returns loc → lastmod.
fn check_sitemap(out: &Path, base: &str) -> BTreeMap<String, Option<String>> {
    let sitemap = read_xml(&out.join("sitemap.xml"));
    assert_eq!(sitemap.name, "urlset");
    assert_eq!(sitemap.attr("xmlns"), Some(SITEMAP_NS));
    let mut listed: BTreeMap<String, Option<String>> = BTreeMap::new();
    for url in sitemap.all("url") {
        let loc = url.text_of("loc");
        let lastmod = match url.all("lastmod").as_slice() {
            [] => None,
            [l] => Some(l.text()),
            _ => panic!("{loc}: several <lastmod>"),
        };
        if let Some(l) = &lastmod {
            instant(l);
        }
        assert!(
            listed.insert(loc.clone(), lastmod).is_none(),
            "{loc} listed twice"
        );
    }
    let expected: BTreeSet<String> = html_files(out)
        .into_iter()
        .filter(|p| p != "404.html")
        .map(|p| address_of(base, &p))
        .collect();
    let got: BTreeSet<String> = listed.keys().cloned().collect();
    let missing: Vec<_> = expected.difference(&got).collect();
    let extra: Vec<_> = got.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "sitemap.xml should list every HTML page but 404.html under {base}\n  missing: {missing:?}\n  not a page: {extra:?}"
    );
    listed
}

#[test]
fn sitemap_lists_every_page_but_404_under_the_base_with_lastmod() {
    let site = source_site();
    site.build_ok(&[]);
    let out = site.out();
    let listed = check_sitemap(&out, BASE);
    for (slug, lastmod) in [
        ("full-source", "2025-02-03T09:30:00Z"),
        ("publisher-only", "2025-02-02T00:00:00Z"),
        ("no-source", "2025-02-03T10:00:00Z"),
        ("url-only", "2025-02-04T00:00:00Z"),
    ] {
        let loc = format!("{BASE}articles/{slug}/");
        let got = listed[&loc]
            .as_deref()
            .unwrap_or_else(|| panic!("{loc}: no lastmod"));
        assert_eq!(
            instant(got),
            instant(lastmod),
            "{loc}: lastmod is `updated`, else `date`"
        );
    }
    // 55 articles: the sitemap is not capped like the feed.
    let big = feed_site();
    big.build_ok(&["--base-url", BASE]);
    let listed = check_sitemap(&big.out(), BASE);
    for i in 1..=ITEMS {
        let loc = format!("{BASE}articles/{}/", item_slug(i));
        let lastmod = listed
            .get(&loc)
            .unwrap_or_else(|| panic!("{loc} not in the sitemap"))
            .as_deref()
            .unwrap_or_else(|| panic!("{loc}: no lastmod"));
        assert_eq!(instant(lastmod), instant(&item_date(i)), "{loc}");
    }
}

#[test]
fn robots_txt_points_to_the_sitemap_and_404_exists() {
    let site = source_site();
    site.build_ok(&[]);
    let out = site.out();
    let robots = read(&out.join("robots.txt"));
    let sitemaps: Vec<&str> = robots
        .lines()
        .filter_map(|l| l.strip_prefix("Sitemap:"))
        .map(str::trim)
        .collect();
    assert_eq!(
        sitemaps,
        vec![format!("{BASE}sitemap.xml").as_str()],
        "robots.txt:\n{robots}"
    );
    assert!(
        robots
            .lines()
            .any(|l| l.trim().eq_ignore_ascii_case("User-agent: *"))
    );
    assert!(
        !robots
            .lines()
            .any(|l| l.trim().eq_ignore_ascii_case("Disallow: /")),
        "robots.txt must not shut out crawlers:\n{robots}"
    );
    assert!(out.join("404.html").is_file(), "no 404.html");
    let not_found = site.page("404.html");
    // Served for any missing address, so its links must not depend on where it is served.
    for url in urls_of(&not_found) {
        if url.url.starts_with('#') {
            continue;
        }
        assert!(
            url.url.starts_with(BASE) || scheme(&url.url).is_some(),
            "404.html: {} {:?} is relative, so breaks when served at a deeper address",
            url.what,
            url.url
        );
    }
    assert!(
        hrefs(&not_found, "a").iter().any(|h| h == BASE),
        "404.html links home"
    );
}

// =======================================================================================
// Metadata: JSON-LD, OpenGraph, canonical, lang
// =======================================================================================

#[test]
fn article_json_ld_is_a_news_article_with_source_mentions_and_topics() {
    let site = source_site();
    site.build_ok(&[]);
    let out = site.out();
    let items = page_json_ld(&out, "articles/full-source/index.html");
    let articles = of_type(&items, "NewsArticle");
    assert_eq!(articles.len(), 1, "one NewsArticle: {items:#?}");
    let a = articles[0];
    assert_eq!(a["headline"], "Deal talks resume in Geneva");
    assert_eq!(
        a["description"],
        "Talks resumed; a claim about the deal is judged."
    );
    assert_eq!(
        instant(a["datePublished"].as_str().unwrap()),
        instant("2025-02-01T08:00:00Z")
    );
    assert_eq!(
        instant(a["dateModified"].as_str().unwrap()),
        instant("2025-02-03T09:30:00Z")
    );
    assert_eq!(
        urls_in(&a["isBasedOn"]),
        vec!["https://news.example/one".to_string()]
    );
    assert_eq!(names_in(&a["publisher"]), vec!["The Paper".to_string()]);
    assert_eq!(names_in(&a["author"]), vec!["Jane Reporter".to_string()]);
    let url = format!("{BASE}articles/full-source/");
    assert!(
        urls_in(&a["url"]).contains(&url) || a["@id"] == url.as_str(),
        "url: {a}"
    );

    // mentions: the listed actor and the one only mentioned; sameAs from `wikidata:`.
    let mentions = a["mentions"].as_array().expect("mentions is a list");
    let by_name: BTreeMap<String, &Value> = mentions
        .iter()
        .map(|m| (m["name"].as_str().unwrap_or("").to_string(), m))
        .collect();
    assert_eq!(
        by_name.keys().cloned().collect::<Vec<_>>(),
        vec!["Acme".to_string(), "Alice Smith".to_string()],
        "mentions: {mentions:?}"
    );
    assert_eq!(
        urls_in(&by_name["Alice Smith"]["sameAs"]),
        vec!["https://www.wikidata.org/wiki/Q42".to_string()]
    );
    assert!(
        by_name["Acme"].get("sameAs").is_none(),
        "no wikidata, no sameAs"
    );
    assert_eq!(
        by_name["Alice Smith"]["url"],
        format!("{BASE}actors/alice-smith/")
    );
    assert!(has_type(by_name["Alice Smith"], "Person"));
    assert!(has_type(by_name["Acme"], "Organization"));
    // about: the topics.
    assert_eq!(names_in(&a["about"]), vec!["Trade".to_string()]);

    // An article without a source says nothing about one.
    let items = page_json_ld(&out, "articles/no-source/index.html");
    let a = of_type(&items, "NewsArticle")[0];
    assert!(a.get("isBasedOn").is_none_or(Value::is_null), "{a}");
    assert_eq!(
        instant(a["dateModified"].as_str().unwrap()),
        instant("2025-02-03T12:00:00+02:00"),
        "dateModified falls back to date"
    );
}

#[test]
fn a_claim_review_for_each_claim_annotation_with_a_verdict() {
    let site = source_site();
    site.build_ok(&[]);
    let out = site.out();
    let items = page_json_ld(&out, "articles/full-source/index.html");
    let reviews = of_type(&items, "ClaimReview");
    assert_eq!(
        reviews.len(),
        1,
        "one judged claim; the unjudged claim and the context note get none: {reviews:#?}"
    );
    let review = reviews[0];
    assert_eq!(review["claimReviewed"], "the deal is done");
    assert_eq!(review["reviewRating"]["alternateName"], "false");
    let url = review["url"].as_str().expect("review url");
    let fragment = url
        .strip_prefix(&format!("{BASE}articles/full-source/#"))
        .unwrap_or_else(|| panic!("review url {url} is not on the article page"));
    let ids = ids_of(&site.page("articles/full-source/index.html"));
    assert!(ids.contains(fragment), "the page has no #{fragment}");
    for page in [
        "articles/publisher-only/index.html",
        "articles/url-only/index.html",
    ] {
        assert!(
            of_type(&page_json_ld(&out, page), "ClaimReview").is_empty(),
            "{page}"
        );
    }
}

#[test]
fn canonical_and_opengraph_are_absolute_under_the_base_and_lang_comes_from_site_yaml() {
    let site = source_site();
    site.build_ok(&[]);
    let out = site.out();
    for page in html_files(&out) {
        let html = site.page(&page);
        assert_eq!(
            attrs(&html, "html", "lang"),
            vec!["en-GB".to_string()],
            "{page}: <html lang> from site.yaml"
        );
        if page == "404.html" {
            continue;
        }
        let address = address_of(BASE, &page);
        assert_eq!(
            hrefs(&html, "link[rel='canonical']"),
            vec![address.clone()],
            "{page}: canonical"
        );
        assert_eq!(
            attrs(&html, "meta[property='og:url']", "content"),
            vec![address.clone()],
            "{page}: og:url"
        );
        let og_title = attrs(&html, "meta[property='og:title']", "content");
        assert!(
            og_title.len() == 1 && !og_title[0].trim().is_empty(),
            "{page}: og:title {og_title:?}"
        );
        let og_type = attrs(&html, "meta[property='og:type']", "content");
        let expected = if page.starts_with("articles/") {
            "article"
        } else {
            "website"
        };
        assert_eq!(og_type, vec![expected.to_string()], "{page}: og:type");
    }
    let html = site.page("articles/full-source/index.html");
    assert_eq!(
        attrs(&html, "meta[property='og:title']", "content"),
        vec!["Deal talks resume in Geneva".to_string()]
    );
}

#[test]
fn example_site_feeds_sitemap_and_metadata() {
    let tmp = temp("briefing-publish-example-");
    let out = tmp.path().join("public");
    build_example_to(&out, &["--base-url", BASE]);
    all_xml(&out);
    check_sitemap(&out, BASE);
    let articles = content_files(&repo_root(), "articles");
    let (_, site_entries) = feed_at(&out, "atom.xml");
    assert_eq!(site_entries.len(), articles.len().min(50));
    for (kind, entity) in [("actors", "actor"), ("topics", "topic")] {
        for (slug, _) in content_files(&repo_root(), kind) {
            let path = format!("{kind}/{slug}/atom.xml");
            let (_, entries) = feed_at(&out, &path);
            // Every example article lists all its actors and topics in front matter.
            for (article, text) in &articles {
                if front_list(front_matter(text), kind).contains(&slug) {
                    entry_id_of(&entries, article);
                }
            }
            let page = format!("{kind}/{slug}/index.html");
            let html = read_html(&out.join(&page));
            assert!(
                hrefs(&html, &format!("link[rel='alternate'][type='{ATOM_TYPE}']"))
                    .contains(&format!("{BASE}{path}")),
                "{page} does not link its {entity} feed"
            );
        }
    }
    for (slug, text) in &articles {
        let front = front_matter(text);
        let items = page_json_ld(&out, &format!("articles/{slug}/index.html"));
        let article = of_type(&items, "NewsArticle");
        assert_eq!(article.len(), 1, "{slug}: one NewsArticle");
        let a = article[0];
        assert_eq!(
            a["headline"].as_str(),
            front_scalar(front, "title").as_deref()
        );
        let mentioned: BTreeMap<String, &Value> = a["mentions"]
            .as_array()
            .expect("mentions")
            .iter()
            .map(|m| (m["url"].as_str().unwrap_or("").to_string(), m))
            .collect();
        for actor in front_list(front, "actors") {
            let url = format!("{BASE}actors/{actor}/");
            let m = mentioned
                .get(&url)
                .unwrap_or_else(|| panic!("{slug}: {actor} not in mentions"));
            let actor_text = read(&repo_root().join(format!("content/actors/{actor}.md")));
            let same_as = urls_in(&m["sameAs"]);
            match front_scalar(front_matter(&actor_text), "wikidata") {
                Some(q) => assert_eq!(
                    same_as,
                    vec![format!("https://www.wikidata.org/wiki/{q}")],
                    "{slug}: sameAs of {actor}"
                ),
                None => assert!(same_as.is_empty(), "{slug}: {actor} has no wikidata"),
            }
        }
        let about: BTreeSet<String> = urls_in(&a["about"]).into_iter().collect();
        for topic in front_list(front, "topics") {
            assert!(
                about.contains(&format!("{BASE}topics/{topic}/")),
                "{slug}: {topic} not in about: {about:?}"
            );
        }
    }
}

// =======================================================================================
// Sub-path builds
// =======================================================================================

/// Every internal URL of every page starts with `base`; returns how many were seen.
fn assert_all_under(out: &Path, base: &str) -> usize {
    let mut problems = Vec::new();
    let mut seen = 0;
    for page in html_files(out) {
        let html = read_html(&out.join(&page));
        for found in urls_of(&html) {
            let url = found.url.trim();
            if url.starts_with('#') {
                continue;
            }
            let internal = match scheme(url).as_deref() {
                None => true,
                Some("http" | "https") => origin(url) == origin(base),
                Some(_) => false,
            };
            if internal {
                seen += 1;
                if !url.starts_with(base) {
                    problems.push(format!("{page}: {} {url:?}", found.what));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} internal URL(s) not under {base}:\n  {}",
        problems.len(),
        problems
            .into_iter()
            .take(40)
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    seen
}

#[test]
fn sub_path_build_puts_every_internal_link_under_the_base() {
    // A fixture site with the base in site.yaml, and with mentions, wikilinks, Markdown
    // links written root-relative and a static image.
    let site = source_site();
    site.write_bytes("static/img/dot.gif", b"GIF89a").write(
        "content/articles/links.md",
        &article_md(
            "Links",
            "2025-02-05",
            &[],
            &[],
            "",
            "See [[alice-smith]], [all actors](/actors/) and ![a dot](/img/dot.gif). Acme too.",
        ),
    );
    site.build_ok(&[]);
    let out = site.out();
    assert!(assert_all_under(&out, BASE) > 50);
    check_links(&out, BASE);
    let html = site.page("articles/links/index.html");
    let body = hrefs(&html, "div.body a[href]");
    assert!(body.contains(&format!("{BASE}actors/")), "{body:?}");
    assert!(
        body.contains(&format!("{BASE}actors/alice-smith/")),
        "{body:?}"
    );
    assert_eq!(
        attrs(&html, "div.body img", "src"),
        vec![format!("{BASE}img/dot.gif")]
    );

    // The example site, with the base given on the command line without its final slash.
    let tmp = temp("briefing-publish-subpath-");
    let out = tmp.path().join("public");
    build_example_to(&out, &["--base-url", "https://example.org/brief"]);
    assert!(assert_all_under(&out, BASE) > 100);
    check_links(&out, BASE);
    let reachable = reachable_pages(&out, BASE);
    let unreachable: Vec<String> = html_files(&out)
        .into_iter()
        .filter(|p| p != "404.html" && !reachable.contains(p))
        .collect();
    assert!(
        unreachable.is_empty(),
        "pages not reachable from home: {unreachable:?}"
    );
}

// =======================================================================================
// Relative builds
// =======================================================================================

/// Checks a relative build: no internal URL is root-relative or absolute on the site's host
/// (but canonical and OpenGraph addresses, which name the public address by design: see
/// [`urls_of`]), page links name their `index.html`, and every link resolves as a file
/// path — in place, after moving the folder, and under other sub-paths.
///
/// `404.html` is left out: hosts serve it at any address, so its links are under the base
/// URL on purpose and do not move with the site (see
/// [`the_404_page_links_work_at_any_depth_in_every_kind_of_build`]).
fn assert_relative_site(out: &Path, site_base: &str) {
    let mut problems = Vec::new();
    let site_origin = origin(site_base);
    for page in html_files(out) {
        if page == "404.html" {
            continue;
        }
        let html = read_html(&out.join(&page));
        for found in urls_of(&html) {
            let url = found.url.trim();
            if url.starts_with('#') {
                continue;
            }
            match scheme(url).as_deref() {
                Some("http" | "https") if site_origin.is_some() && origin(url) == site_origin => {
                    if !found.absolute_by_design {
                        problems.push(format!("{page}: {} {url:?} is absolute", found.what));
                    }
                }
                Some("file") => problems.push(format!("{page}: {} {url:?}", found.what)),
                Some(_) => {}
                None if found.absolute_by_design => {
                    // A canonical or og:url that is not absolute is a site path: wrong
                    // under any sub-path and from disk.
                    problems.push(format!("{page}: {} {url:?} is not absolute", found.what));
                }
                None => {
                    let path = url.split(['#', '?']).next().unwrap_or("");
                    let last = path.rsplit('/').next().unwrap_or("");
                    if url.starts_with('/') {
                        problems.push(format!("{page}: {} {url:?} is root-relative", found.what));
                    } else if path.is_empty() || matches!(last, "" | "." | "..") {
                        problems.push(format!(
                            "{page}: {} {url:?} names a folder, which does not open from disk",
                            found.what
                        ));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} URL(s) break a relative build:\n  {}",
        problems.len(),
        problems
            .into_iter()
            .take(40)
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    // Every link resolves as a file path from the page's folder, opened from disk.
    let moved = temp("briefing-moved-");
    let in_place = moved.path().join("public");
    copy_tree(out, &in_place);
    fs::remove_file(in_place.join("404.html")).expect("a 404.html");
    assert!(check_links(&in_place, &file_base(&in_place)) > 0);
    // Moved elsewhere, it still works; and served under other sub-paths.
    let copy = moved.path().join("some").join("deeper folder");
    copy_tree(&in_place, &copy);
    check_links(&copy, &file_base(&copy));
    check_links(&copy, "/mirror/x/");
    check_links(&copy, "https://mirror.example/a/b/c/");
}

#[test]
fn relative_urls_in_site_yaml_make_every_link_relative_and_the_site_movable() {
    let site = source_site();
    let yaml = read(&site.root().join("site.yaml"));
    site.write("site.yaml", &format!("{yaml}relative_urls: true\n"));
    site.build_ok(&[]);
    let out = site.out();
    assert_relative_site(&out, BASE);
    // Canonical links stay absolute, and the feeds and sitemap are unchanged by the option.
    let html = site.page("actors/alice-smith/index.html");
    assert_eq!(
        hrefs(&html, "link[rel='canonical']"),
        vec![format!("{BASE}actors/alice-smith/")]
    );
    let feed_links = hrefs(&html, &format!("link[rel='alternate'][type='{ATOM_TYPE}']"));
    assert_eq!(
        feed_links,
        vec!["../../atom.xml", "../../actors/alice-smith/atom.xml"]
    );
    check_sitemap(&out, BASE);
    let (_, entries) = feed_at(&out, "atom.xml");
    assert!(
        entries
            .iter()
            .all(|e| e.alternate.iter().all(|u| u.starts_with(BASE)))
    );
}

#[test]
fn relative_urls_flag_and_site_yaml_option_give_the_same_site() {
    let with_flag = source_site();
    with_flag.build_ok(&["--relative-urls"]);
    let with_yaml = source_site();
    let yaml = read(&with_yaml.root().join("site.yaml"));
    with_yaml.write("site.yaml", &format!("{yaml}relative_urls: true\n"));
    with_yaml.build_ok(&[]);
    assert_same_snapshot(
        &snapshot(&with_flag.out()),
        &snapshot(&with_yaml.out()),
        "`--relative-urls` vs `relative_urls: true`",
    );
}

#[test]
fn relative_example_site_works_from_disk_and_when_moved() {
    let tmp = temp("briefing-publish-relative-");
    let out = tmp.path().join("public");
    build_example_to(&out, &["--relative-urls", "--base-url", BASE]);
    assert_relative_site(&out, BASE);
    let reachable = reachable_pages(&out, &file_base(&out));
    let unreachable: Vec<String> = html_files(&out)
        .into_iter()
        .filter(|p| p != "404.html" && !reachable.contains(p))
        .collect();
    assert!(
        unreachable.is_empty(),
        "pages not reachable from home: {unreachable:?}"
    );
}

/// With `--relative-urls` and no absolute base_url (the example site has none), nothing
/// should link by site path: a `/…` canonical or og:url points outside the site as soon as
/// it is opened from disk or served under a sub-path.
#[test]
fn relative_build_without_an_absolute_base_has_no_root_relative_urls() {
    let tmp = temp("briefing-publish-relative-nobase-");
    let out = tmp.path().join("public");
    build_example_to(&out, &["--relative-urls"]);
    assert_relative_site(&out, "/");
}

/// Links written root-relative in Markdown (`/actors/`, `/img/x.gif`) are internal links:
/// with relative URLs they must become relative like every generated link.
#[test]
fn relative_build_makes_root_relative_markdown_links_relative() {
    let site = source_site();
    site.write_bytes("static/img/dot.gif", b"GIF89a").write(
        "content/articles/links.md",
        &article_md(
            "Links",
            "2025-02-05",
            &[],
            &[],
            "",
            "See [all actors](/actors/) and ![a dot](/img/dot.gif).",
        ),
    );
    site.build_ok(&["--relative-urls"]);
    let html = site.page("articles/links/index.html");
    assert_eq!(
        hrefs(&html, "div.body a[href]"),
        vec!["../../actors/index.html".to_string()],
        "a root-relative Markdown link in a relative build"
    );
    assert_eq!(
        attrs(&html, "div.body img", "src"),
        vec!["../../img/dot.gif".to_string()],
        "a root-relative Markdown image in a relative build"
    );
    assert_relative_site(&site.out(), BASE);
}

// =======================================================================================
// Reproducible output
// =======================================================================================

#[test]
fn two_builds_into_different_folders_are_byte_identical() {
    let tmp = temp("briefing-publish-twice-");
    for (name, args) in [
        ("example", &["--base-url", BASE][..]),
        ("example-relative", &["--relative-urls"][..]),
    ] {
        let a = tmp.path().join(format!("{name}-a/public"));
        let b = tmp.path().join(format!("{name}-b/elsewhere/out"));
        build_example_to(&a, args);
        build_example_to(&b, args);
        assert_same_snapshot(
            &snapshot(&a),
            &snapshot(&b),
            &format!("{name}: second build"),
        );
    }
    for (name, site) in [("feeds", feed_site()), ("hostile", hostile_site())] {
        let a = site.tmp().join("first");
        let b = site.tmp().join("second/nested");
        for out in [&a, &b] {
            let output = run_build(
                &site.root(),
                &["--output", out.to_str().unwrap(), "--base-url", BASE],
            );
            assert_success(&output);
        }
        assert_same_snapshot(
            &snapshot(&a),
            &snapshot(&b),
            &format!("{name}: second build"),
        );
    }
}

fn set_all_modified(dir: &Path, stamp: SystemTime) {
    for file in files_under(dir) {
        fs::File::options()
            .write(true)
            .open(dir.join(&file))
            .and_then(|f| f.set_modified(stamp))
            .unwrap_or_else(|e| panic!("set the time of {file}: {e}"));
    }
}

fn modified(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_rebuild_leaves_unchanged_files_alone_and_rewrites_changed_ones() {
    let site = source_site();
    site.build_ok(&[]);
    let out = site.out();
    let stamp = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    set_all_modified(&out, stamp);
    let before = snapshot(&out);

    // Nothing changed: nothing is rewritten.
    site.build_ok(&[]);
    assert_same_snapshot(&before, &snapshot(&out), "a rebuild of the same input");
    let rewritten: Vec<String> = files_under(&out)
        .into_iter()
        .filter(|f| f != ".briefing-output" && modified(&out.join(f)) != stamp)
        .collect();
    assert!(
        rewritten.is_empty(),
        "unchanged files rewritten: {rewritten:?}"
    );

    // One article's body changes.
    site.write(
        "content/articles/full-source.md",
        &FULL_SOURCE.replace("The very last paragraph", "The amended last paragraph"),
    );
    site.build_ok(&[]);
    let after = snapshot(&out);
    let mut kept = Vec::new();
    let mut problems = Vec::new();
    for (path, bytes) in &after {
        let Some(bytes) = bytes else { continue };
        if path == ".briefing-output" {
            continue;
        }
        let time = modified(&out.join(path));
        match before.get(path) {
            Some(Some(old)) if old == bytes => {
                if time != stamp {
                    problems.push(format!("unchanged but rewritten: {path}"));
                }
                kept.push(path.clone());
            }
            _ => {
                if time == stamp {
                    problems.push(format!("changed but kept the old time: {path}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let edited = "articles/full-source/index.html";
    assert_ne!(
        before[edited], after[edited],
        "the edited article's page changed"
    );
    assert_ne!(modified(&out.join(edited)), stamp);
    for path in [
        "articles/no-source/index.html",
        "articles/url-only/index.html",
        "actors/bob-jones/index.html",
        "actors/bob-jones/atom.xml",
        "style.css",
        "robots.txt",
        "sitemap.xml",
    ] {
        assert!(
            kept.contains(&path.to_string()),
            "{path} should be unchanged and kept"
        );
    }
}

/// `.briefing-output` is uploaded with the rest by rsync and sync tools: it too should keep
/// its time when its bytes do not change.
#[test]
fn a_rebuild_keeps_the_time_of_the_output_marker() {
    let site = source_site();
    site.build_ok(&[]);
    let out = site.out();
    let stamp = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    set_all_modified(&out, stamp);
    site.build_ok(&[]);
    assert_eq!(
        modified(&out.join(".briefing-output")),
        stamp,
        "the unchanged marker file was rewritten"
    );
}

#[test]
fn stale_pages_stay_without_clean_and_go_with_it() {
    let site = source_site();
    site.build_ok(&[]);
    let out = site.out();
    let stale = "articles/url-only/index.html";
    assert!(out.join(stale).is_file());

    site.remove("content/articles/url-only.md");
    site.build_ok(&[]);
    assert!(
        out.join(stale).is_file(),
        "without --clean the old page stays"
    );
    let home = hrefs(&site.page("index.html"), "a[href]");
    assert!(
        !home.contains(&format!("{BASE}articles/url-only/")),
        "the removed article is not linked any more"
    );
    check_links(&out, BASE);

    site.build_ok(&["--clean"]);
    assert!(!out.join(stale).exists(), "--clean removes the old page");
    assert!(
        !out.join("articles/url-only").exists(),
        "--clean leaves no empty folder"
    );
    assert!(out.join("articles/no-source/index.html").is_file());
    let stamp = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    set_all_modified(&out, stamp);
    site.build_ok(&["--clean"]);
    assert_eq!(
        modified(&out.join("articles/no-source/index.html")),
        stamp,
        "--clean still keeps unchanged files' times"
    );
    check_links(&out, BASE);
}

// =======================================================================================
// Drafts stay unpublished
// =======================================================================================

#[test]
fn drafts_stay_out_of_feeds_and_the_sitemap_unless_asked_for() {
    let site = source_site();
    site.write(
        "content/articles/secret.md",
        &article_md(
            "Secret draft",
            "2025-02-06",
            &["alice-smith"],
            &["trade"],
            "draft: true\n",
            "Not for publication yet.",
        ),
    );
    let draft_url = format!("{BASE}articles/secret/");
    let in_feeds_and_sitemap = |out: &Path| -> Vec<String> {
        let mut found = Vec::new();
        for path in [
            "atom.xml",
            "actors/alice-smith/atom.xml",
            "topics/trade/atom.xml",
        ] {
            let (_, entries) = feed_at(out, path);
            if entries.iter().any(|e| e.alternate.contains(&draft_url)) {
                found.push(path.to_string());
            }
        }
        if check_sitemap(out, BASE).contains_key(&draft_url) {
            found.push("sitemap.xml".to_string());
        }
        found
    };
    site.build_ok(&[]);
    assert!(!site.has_page("articles/secret/index.html"));
    assert_eq!(
        in_feeds_and_sitemap(&site.out()),
        Vec::<String>::new(),
        "the draft leaked"
    );
    site.build_ok(&["--drafts", "--clean"]);
    assert!(site.has_page("articles/secret/index.html"));
    assert_eq!(
        in_feeds_and_sitemap(&site.out()).len(),
        4,
        "with --drafts the draft is published everywhere"
    );
}

/// Feed readers resolve links in entry content against the feed, not the article page: a
/// `#fragment` link written in the body must reach the article page from the feed.
#[test]
fn fragment_links_in_feed_content_point_at_the_article_page() {
    let site = source_site();
    site.write(
        "content/articles/sections.md",
        &article_md(
            "Sections",
            "2025-02-07",
            &[],
            &[],
            "",
            "Read [the details](#details) first.\n\n## Details\n\nThey follow.",
        ),
    );
    site.build_ok(&[]);
    let out = site.out();
    assert!(
        ids_of(&site.page("articles/sections/index.html")).contains("details"),
        "the heading has the id the link names"
    );
    let (_, entries) = feed_at(&out, "atom.xml");
    let entry = entries
        .iter()
        .find(|e| e.title == "Sections")
        .expect("entry for the article");
    let content = Html::parse_fragment(entry.content.as_deref().unwrap_or(""));
    assert_eq!(
        hrefs(&content, "a[href]"),
        vec![format!("{BASE}articles/sections/#details")],
        "the fragment link inside the feed entry"
    );
}

// =======================================================================================
// Relative links in feed content
// =======================================================================================

/// A site whose article body links document-relatively (`../older/`, `chart.png`,
/// `../../img/logo.png`, `./`), root-relatively and with raw HTML (single-quoted too).
fn relative_links_site() -> SiteBuilder {
    SiteBuilder::with_files(&[
        (
            "site.yaml",
            "title: \"Test Briefing\"\ntimezone: UTC\nmarkdown: { raw_html: allow }\n",
        ),
        (
            "content/actors/city-council.md",
            &actor_md("City Council", "government"),
        ),
        (
            "content/articles/older.md",
            &article_md(
                "Council proposes budget",
                "2025-03-01",
                &["city-council"],
                &[],
                "",
                "The council proposed a transport budget.",
            ),
        ),
        (
            "content/articles/budget.md",
            &article_md(
                "Council approves budget",
                "2025-03-04",
                &["city-council"],
                &[],
                "",
                "The council approved the budget it [proposed last week](../older/).\n\n\
                 ![The chart](chart.png) ![The logo](../../img/logo.png)\n\n\
                 See [the council](/actors/city-council/), [this page](./) and \
                 [the older page's main text](../older/#main).\n\n\
                 <p><a href='../older/'>Older (raw HTML)</a> <img src=\"chart.png\" alt=\"\"></p>",
            ),
        ),
        ("static/articles/budget/chart.png", "not really a PNG"),
        ("static/img/logo.png", "not really a PNG either"),
    ])
}

/// `url` with a trailing `index.html` dropped: the same page as its folder.
fn same_page(url: url::Url) -> String {
    let text = url.to_string();
    match text.strip_suffix("index.html") {
        Some(folder) => folder.to_string(),
        None => text,
    }
}

/// Every `href` and `src` in `html` under `scope` (document order), resolved against `base`.
fn resolved_links(html: &Html, scope: &str, base: &str) -> Vec<String> {
    let base = url::Url::parse(base).unwrap_or_else(|e| panic!("{base}: {e}"));
    let css = format!("{scope}a[href], {scope}img[src]");
    html.select(&selector(&css))
        .map(|e| {
            let link = e.value().attr("href").or(e.value().attr("src")).unwrap();
            same_page(base.join(link).unwrap_or_else(|e| panic!("{link}: {e}")))
        })
        .collect()
}

/// Feed readers resolve relative links in entry content against the feed's own address
/// (RFC 4287, section 2), so every link in a feed entry must reach what the same link
/// reaches on the article page: document-relative and root-relative, `href` and `src`, in
/// the site feed and an actor's, with or without relative URLs or a host in the base.
#[test]
fn feed_content_links_resolve_to_the_same_targets_as_on_the_article_page() {
    let site = relative_links_site();
    // (build arguments, where the site is served)
    let builds: [(&[&str], &str); 4] = [
        (&["--base-url", BASE], BASE),
        (&["--base-url", BASE, "--relative-urls"], BASE),
        (&["--base-url", "/brief/"], "https://host.invalid/brief/"),
        (&[], "https://host.invalid/"),
    ];
    for (args, served_at) in builds {
        site.build_ok(args);
        let out = site.out();
        let page = site.page("articles/budget/index.html");
        let on_page = resolved_links(&page, "div.body ", &format!("{served_at}articles/budget/"));
        assert!(
            on_page.len() >= 8,
            "{args:?}: the body's links on the page: {on_page:?}"
        );
        assert!(
            on_page.contains(&format!("{served_at}articles/older/"))
                && on_page.contains(&format!("{served_at}articles/budget/chart.png"))
                && on_page.contains(&format!("{served_at}img/logo.png")),
            "{args:?}: the page's own links reach the pages and images: {on_page:?}"
        );
        for feed in ["atom.xml", "actors/city-council/atom.xml"] {
            let (_, entries) = feed_at(&out, feed);
            let entry = entries
                .iter()
                .find(|e| e.title == "Council approves budget")
                .unwrap_or_else(|| panic!("{args:?}: {feed} has the article"));
            let content = Html::parse_fragment(entry.content.as_deref().unwrap_or(""));
            let in_feed = resolved_links(&content, "", &format!("{served_at}{feed}"));
            assert_eq!(
                in_feed, on_page,
                "{args:?}: {feed}: links in the entry, resolved against the feed's address, \
                 reach other targets than on the article page"
            );
        }
    }
}

// =======================================================================================
// The 404 page, served at any address
// =======================================================================================

/// Every `href` and `src` of the built `404.html` (but `data:` URLs and links into the page
/// itself, `#main`) as a browser resolves it when a host answers the missing address `at`
/// with the page.
fn not_found_links_at(out: &Path, at: &str) -> Vec<String> {
    let at = url::Url::parse(at).expect("an address");
    let html = read_html(&out.join("404.html"));
    page_links(&html)
        .into_iter()
        .filter(|(_, link)| !link.starts_with("data:") && !link.starts_with('#'))
        .map(|(_, link)| same_page(at.join(&link).expect("a URL")))
        .collect()
}

/// Hosts (Netlify, GitHub Pages, `briefing serve`) answer any missing address with
/// `404.html`, at that address: its stylesheet and links must work at any depth, in a
/// relative build too, whatever the base URL (with a host, a path only, or none).
#[test]
fn the_404_page_links_work_at_any_depth_in_every_kind_of_build() {
    let site = SiteBuilder::with_files(&[(
        "content/articles/budget.md",
        &article_md(
            "Council approves budget",
            "2025-03-04",
            &[],
            &[],
            "",
            "The council approved it.",
        ),
    )]);
    // (site.yaml, where the site is served)
    let builds = [
        // The reported case: a relative build under a sub-path with a host.
        (
            format!(
                "title: \"Test Briefing\"\nbase_url: \"{BASE}\"\nrelative_urls: true\ntimezone: UTC\n"
            ),
            BASE,
        ),
        (
            "base_url: /brief/\nrelative_urls: true\n".to_string(),
            "https://host.invalid/brief/",
        ),
        ("relative_urls: true\n".to_string(), "https://host.invalid/"),
        (format!("base_url: \"{BASE}\"\n"), BASE),
        ("title: No base\n".to_string(), "https://host.invalid/"),
    ];
    for (yaml, served_at) in builds {
        site.write("site.yaml", &yaml);
        site.build_ok(&[]);
        let out = site.out();
        let html = read_html(&out.join("404.html"));
        assert_eq!(
            attrs(&html, "link[rel='stylesheet']", "href").len(),
            1,
            "{yaml}: 404.html has its stylesheet"
        );
        let at_root = not_found_links_at(&out, &format!("{served_at}typo"));
        assert!(at_root.len() >= 8, "{yaml}: {at_root:?}");
        for missing in ["typo.html", "articles/typo/", "a/b/c/d", "actors/x/page/9/"] {
            let deeper = not_found_links_at(&out, &format!("{served_at}{missing}"));
            assert_eq!(
                deeper, at_root,
                "{yaml}: 404.html served at {served_at}{missing} links elsewhere than at the root"
            );
        }
        for link in &at_root {
            let file = link
                .strip_prefix(served_at)
                .map(|path| page_file(path.split('#').next().unwrap_or(path)))
                .unwrap_or_else(|| panic!("{yaml}: 404.html links outside the site: {link}"));
            assert!(
                out.join(&file).is_file(),
                "{yaml}: 404.html links to {link}, which is not a file of the site"
            );
        }
    }
}

// =======================================================================================
// No base URL with a host: no invalid sitemap
// =======================================================================================

/// The sitemap protocol and robots.txt's `Sitemap:` line need full URLs. Without a
/// `base_url` that has a host, `build` leaves out `sitemap.xml` and the `Sitemap:` line,
/// and the feeds keep ids that are absolute IRIs (`urn:`); with one, both are written with
/// full URLs.
#[test]
fn without_a_base_url_with_a_host_no_sitemap_or_relative_sitemap_line_is_written() {
    let site = SiteBuilder::with_files(&[
        ("site.yaml", "title: \"Test Briefing\"\ntimezone: UTC\n"),
        (
            "content/articles/budget.md",
            &article_md(
                "Council approves budget",
                "2025-03-04",
                &[],
                &[],
                "",
                "The council approved it.",
            ),
        ),
    ]);
    for args in [
        &[][..],
        &["--base-url", "/brief/"],
        &["--relative-urls"],
        &["--base-url", "file:///tmp/brief/"],
    ] {
        site.build_ok(args);
        let out = site.out();
        assert!(
            !out.join("sitemap.xml").exists(),
            "{args:?}: a sitemap without full URLs is invalid"
        );
        let robots = read(&out.join("robots.txt"));
        assert!(
            robots.lines().any(|l| l.trim() == "User-agent: *")
                && !robots.to_ascii_lowercase().contains("sitemap"),
            "{args:?}: robots.txt:\n{robots}"
        );
        // Feeds stay valid: atom_entries checks that every id is an absolute IRI.
        let (feed, entries) = feed_at(&out, "atom.xml");
        assert!(feed.text_of("id").starts_with("urn:"), "{args:?}");
        assert_eq!(entries.len(), 1);
        assert!(entries[0].id.starts_with("urn:"), "{args:?}");
    }
    site.build_ok(&["--base-url", BASE]);
    let out = site.out();
    check_sitemap(&out, BASE);
    let robots = read(&out.join("robots.txt"));
    let sitemaps: Vec<&str> = robots
        .lines()
        .filter_map(|l| l.strip_prefix("Sitemap:"))
        .map(str::trim)
        .collect();
    assert_eq!(sitemaps, [format!("{BASE}sitemap.xml")], "{robots}");
}

// =======================================================================================
// No made-up dates on a site without articles
// =======================================================================================

/// Sets the modification time of every file and folder of the site (`site.yaml`,
/// `content/` and what is in it) to `old`, then that of `newest` (relative to the root) to
/// `new`.
fn set_source_times(site: &SiteBuilder, old: SystemTime, newest: &str, new: SystemTime) {
    let root = site.root();
    let mut paths: Vec<std::path::PathBuf> = files_under(&root)
        .into_iter()
        .map(|f| root.join(f))
        .collect();
    for folder in [
        "content",
        "content/articles",
        "content/actors",
        "content/topics",
    ] {
        if root.join(folder).is_dir() {
            paths.push(root.join(folder));
        }
    }
    for path in paths {
        let when = if path == root.join(newest) { new } else { old };
        fs::File::open(&path)
            .and_then(|file| file.set_modified(when))
            .unwrap_or_else(|e| panic!("set the time of {}: {e}", path.display()));
    }
}

/// Before its first article a site has nothing dated: no output file may show the epoch
/// (or any made-up date). The sitemap leaves out `<lastmod>` for the home page and the
/// archive, as for `/actors/`; every feed's required `<updated>` is when the sources last
/// changed; the build stays byte-identical while they do not change.
#[test]
fn a_site_without_articles_shows_no_made_up_date_in_any_file() {
    let epoch_seconds = |s: u64| SystemTime::UNIX_EPOCH + Duration::from_secs(s);
    let old = epoch_seconds(1_714_979_289); // 2024-05-06T07:08:09Z
    let new = epoch_seconds(1_717_747_750); // 2024-06-07T08:09:10Z
    let sites = [
        // The reported case: a base URL and an empty articles folder.
        (
            SiteBuilder::with_files(&[
                (
                    "site.yaml",
                    "title: \"Test Briefing\"\nbase_url: \"https://example.org/brief/\"\ntimezone: UTC\n",
                ),
                ("content/articles/.keep", ""),
            ]),
            "site.yaml",
        ),
        // Actors and a topic (each with its own feed) but only a draft, left out; a zone
        // other than UTC, and no base URL.
        (
            SiteBuilder::with_files(&[
                ("site.yaml", "title: Drafts only\ntimezone: Europe/Berlin\n"),
                (
                    "content/actors/city-council.md",
                    &actor_md("City Council", "government"),
                ),
                ("content/topics/budget.md", &topic_md("Budget")),
                (
                    "content/articles/next.md",
                    &article_md(
                        "Not yet",
                        "2025-03-04",
                        &["city-council"],
                        &["budget"],
                        "draft: true\n",
                        "Soon.",
                    ),
                ),
            ]),
            "content/actors/city-council.md",
        ),
    ];
    for (site, newest) in &sites {
        set_source_times(site, old, newest, new);
        site.build_ok(&[]);
        let out = site.out();
        let first = snapshot(&out);
        for (file, bytes) in &first {
            let Some(bytes) = bytes else { continue };
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains("1970"),
                "{newest}: {file} shows 1970:\n{text}"
            );
        }
        let feeds: Vec<String> = files_under(&out)
            .into_iter()
            .filter(|f| f.ends_with("atom.xml"))
            .collect();
        assert!(!feeds.is_empty());
        for path in &feeds {
            let (feed, entries) = feed_at(&out, path);
            assert!(entries.is_empty(), "{path}");
            assert_eq!(
                feed.text_of("updated"),
                "2024-06-07T08:09:10+00:00",
                "{path}: an empty feed is updated when its sources last changed"
            );
        }
        if out.join("sitemap.xml").exists() {
            let lastmods = check_sitemap(&out, BASE);
            for page in ["", "archive/", "actors/", "topics/", "search/"] {
                assert_eq!(lastmods[&format!("{BASE}{page}")], None, "{page}");
            }
        }
        site.build_ok(&[]);
        assert_same_snapshot(
            &first,
            &snapshot(&out),
            "a second build of the same sources",
        );
    }
}

// ---------------------------------------------------------------------------------------
// Corrections
// ---------------------------------------------------------------------------------------

/// The example's corrected article, and the date its first correction gives.
fn example_correction() -> (&'static str, String) {
    let slug = "starmer-washington-backstop";
    let text = read(&repo_root().join(format!("content/articles/{slug}.md")));
    let date = text
        .split("\ncorrections:\n")
        .nth(1)
        .and_then(|list| list.lines().find_map(|l| l.trim().strip_prefix("- date:")))
        .map(|d| d.trim().to_string())
        .expect("the example's corrected article lists a correction");
    (slug, date)
}

/// The `<updated>` of the entry with `id` in the feed at `path`, if the feed carries it.
fn entry_updated(out: &Path, path: &str, id: &str) -> Option<String> {
    let (_, entries) = feed_at(out, path);
    entries.into_iter().find(|e| e.id == id).map(|e| e.updated)
}

#[test]
fn the_example_shows_its_correction_on_the_article_its_feeds_and_the_corrections_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let output = run_build(
        &repo_root(),
        &["--output", out.to_str().unwrap(), "--base-url", BASE],
    );
    assert_success(&output);
    let (slug, date) = example_correction();
    // The example's dates are bare, read in Europe/London: 1 March is GMT.
    let corrected = instant(&format!("{date}T00:00:00+00:00"));

    // The article: a dated notice above the text, and the page's updated date.
    let page_path = out.join(format!("articles/{slug}/index.html"));
    let raw = read(&page_path);
    let page = read_html(&page_path);
    // `texts` puts a space between an element's text nodes: "… 2025 :" is "… 2025:".
    let notice: Vec<String> = texts(&page, ".corrections #correction-1")
        .iter()
        .map(|t| t.replace(" :", ":"))
        .collect();
    assert_eq!(notice.len(), 1, "one notice, id correction-1");
    assert!(
        notice[0].starts_with("Correction, 1 March 2025:"),
        "{}",
        notice[0]
    );
    assert!(
        notice[0].contains("was not signed that day"),
        "{}",
        notice[0]
    );
    let at = |needle: &str| raw.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    assert!(
        at("id=\"correction-1\"") < at("<div class=\"body\">"),
        "the notice comes before the text"
    );
    assert!(
        at("</header>") < at("id=\"correction-1\""),
        "the notice comes after the header"
    );
    let times = attrs(&page, ".article header .dateline time", "datetime");
    assert_eq!(times.len(), 2, "published and updated: {times:?}");
    assert_eq!(instant(&times[1]), corrected, "the page's updated date");
    let json = json_ld_blocks(&raw, slug);
    assert_eq!(
        instant(json[0]["@graph"][0]["dateModified"].as_str().unwrap()),
        corrected
    );
    assert_eq!(
        json[0]["@graph"][0]["correction"][0]["@type"],
        "CorrectionComment"
    );

    // Every feed that carries the article re-issues its entry, dated by the correction.
    let id = format!("{BASE}articles/{slug}/");
    let carrying: Vec<String> = files_under(&out)
        .into_iter()
        .filter(|f| f.ends_with("atom.xml") && f != "corrections/atom.xml")
        .filter(|f| read(&out.join(f)).contains(&format!("<id>{id}</id>")))
        .collect();
    assert!(carrying.contains(&"atom.xml".to_string()), "{carrying:?}");
    assert!(
        carrying.contains(&"topics/minerals-deal/atom.xml".to_string()),
        "{carrying:?}"
    );
    for feed in &carrying {
        let updated = entry_updated(&out, feed, &id).expect("the entry");
        assert_eq!(
            instant(&updated),
            corrected,
            "{feed}: the entry's <updated>"
        );
    }
    let (_, site_entries) = feed_at(&out, "atom.xml");
    let entry = site_entries.iter().find(|e| e.id == id).unwrap();
    assert!(
        entry
            .content
            .as_deref()
            .unwrap()
            .contains("Correction, 1 March 2025:")
    );

    // The corrections page lists it, linked to the notice, and links its feed.
    let list = read_html(&out.join("corrections/index.html"));
    let anchor = format!("{BASE}articles/{slug}/#correction-1");
    assert_eq!(
        hrefs(&list, ".corrections-list h2 a"),
        std::slice::from_ref(&anchor)
    );
    assert_eq!(
        attrs(
            &list,
            "link[rel=alternate][type='application/atom+xml']",
            "href"
        )
        .last()
        .map(String::as_str),
        Some(format!("{BASE}corrections/atom.xml").as_str())
    );
    let listed = texts(&list, ".corrections-list li");
    assert!(
        listed[0].contains("1 March 2025") && listed[0].contains("was not signed"),
        "{listed:?}"
    );

    // The corrections feed parses, with the entry.
    let (feed, entries) = feed_at(&out, "corrections/atom.xml");
    assert_eq!(instant(&feed.text_of("updated")), corrected);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].alternate, [anchor]);
    assert_eq!(instant(&entries[0].updated), corrected);
    assert!(
        entries[0]
            .content
            .as_deref()
            .unwrap()
            .contains("was not signed")
    );
    assert!(read(&out.join("sitemap.xml")).contains(&format!("<loc>{BASE}corrections/</loc>")));
    // Every page links the corrections page from its footer.
    let home = read_html(&out.join("index.html"));
    assert!(hrefs(&home, ".site-footer a").contains(&format!("{BASE}corrections/")));
}

/// Two articles, three corrections: `a` corrected on 3 and 5 January (and `updated` on the
/// 4th), `b` on the 4th (and `updated` on the 9th).
fn corrections_site() -> SiteBuilder {
    let site = SiteBuilder::with_files(&[("content/topics/trade.md", &topic_md("Trade"))]);
    let a = "updated: 2025-01-04\ncorrections:\n  - date: 2025-01-05\n    note: \"A, the later.\"\n  - date: 2025-01-03\n    note: \"A, the earlier.\"\n";
    let b = "updated: 2025-01-09\ncorrections:\n  - date: 2025-01-04\n    note: \"B, the only one, see [the other](/articles/a/).\"\n";
    site.write(
        "content/articles/a.md",
        &article_md(
            "Article A",
            "2025-01-01",
            &[],
            &["trade"],
            a,
            "Trade text A.",
        ),
    );
    site.write(
        "content/articles/b.md",
        &article_md(
            "Article B",
            "2025-01-02",
            &[],
            &["trade"],
            b,
            "Trade text B.",
        ),
    );
    site
}

#[test]
fn corrections_are_listed_newest_first_on_their_page_and_feed_and_oldest_first_on_the_article() {
    let site = corrections_site();
    site.build_ok(&["--base-url", BASE]);
    let out = site.out();
    let expected = [
        ("a", 2, "2025-01-05", "A, the later."),
        ("b", 1, "2025-01-04", "B, the only one"),
        ("a", 1, "2025-01-03", "A, the earlier."),
    ];
    let anchors: Vec<String> = expected
        .iter()
        .map(|(slug, n, _, _)| format!("{BASE}articles/{slug}/#correction-{n}"))
        .collect();
    let list = site.page("corrections/index.html");
    assert_eq!(hrefs(&list, ".corrections-list h2 a"), anchors);
    let days = attrs(&list, ".corrections-list time", "datetime");
    let notes = texts(&list, ".corrections-list .correction-note");
    for (i, (_, _, day, note)) in expected.iter().enumerate() {
        assert!(days[i].starts_with(day), "{days:?}");
        assert!(notes[i].starts_with(note), "{notes:?}");
    }
    let (feed, entries) = feed_at(&out, "corrections/atom.xml");
    let alternates: Vec<String> = entries.iter().map(|e| e.alternate[0].clone()).collect();
    assert_eq!(alternates, anchors);
    assert!(feed.text_of("updated").starts_with("2025-01-05"));
    let ids: BTreeSet<&String> = entries.iter().map(|e| &e.id).collect();
    assert_eq!(ids.len(), 3, "each correction its own entry id");

    // On the article, oldest first, numbered so.
    let a = site.page("articles/a/index.html");
    assert_eq!(
        attrs(&a, ".corrections .correction", "id"),
        ["correction-1", "correction-2"]
    );
    let shown: Vec<String> = texts(&a, ".corrections .correction")
        .iter()
        .map(|t| t.replace(" :", ":"))
        .collect();
    assert!(
        shown[0].starts_with("Correction, 3 January 2025: A, the earlier."),
        "{shown:?}"
    );
    assert!(
        shown[1].starts_with("Correction, 5 January 2025: A, the later."),
        "{shown:?}"
    );

    // The effective `updated` is the later of front matter's and the latest correction's.
    let (_, site_entries) = feed_at(&out, "atom.xml");
    let updated = |slug: &str| {
        let id = format!("{BASE}articles/{slug}/");
        site_entries
            .iter()
            .find(|e| e.id == id)
            .unwrap()
            .updated
            .clone()
    };
    assert!(updated("a").starts_with("2025-01-05"), "{}", updated("a"));
    assert!(updated("b").starts_with("2025-01-09"), "{}", updated("b"));
}

#[test]
fn a_site_without_corrections_still_has_the_page_saying_so_and_an_empty_feed() {
    let site = SiteBuilder::with_files(&[("content/topics/trade.md", &topic_md("Trade"))]);
    site.write(
        "content/articles/a.md",
        &article_md(
            "Article A",
            "2025-01-01",
            &[],
            &["trade"],
            "",
            "Trade text.",
        ),
    );
    site.build_ok(&["--base-url", BASE]);
    let list = site.page("corrections/index.html");
    assert_eq!(
        texts(&list, ".empty"),
        ["No corrections have been published."]
    );
    let (_, entries) = feed_at(&site.out(), "corrections/atom.xml");
    assert!(entries.is_empty());
    let a = site.page("articles/a/index.html");
    assert!(texts(&a, ".corrections").is_empty());
}
