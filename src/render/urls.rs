//! Every internal address, built from the site's base URL; and the external ones taken
//! from front matter, each let through [`link_target::check`] first.
//!
//! Pages link to each other either under the base URL (the default) or, with
//! `relative_urls`, relatively: then links are first written against [`ROOT_MARK`] and
//! [`relativize`] turns the mark into the right `../` for each page.

use crate::link_target::{self, Use};

/// Stands for "the site root, seen from this page" until a page's path is known.
pub const ROOT_MARK: &str = "\u{E000}site-root\u{E001}";
/// [`ROOT_MARK`] as a Markdown link target carries it, percent-encoded.
const ROOT_MARK_ENCODED: &str = "%EE%80%80site-root%EE%80%81";

/// Builds page and asset URLs under one base.
#[derive(Debug, Clone)]
pub struct Urls {
    /// Ends with `/`.
    base: String,
    /// Links spell out `index.html`: for pages opened from disk.
    name_index: bool,
    relative: bool,
}

impl Urls {
    pub fn new(base_url: &str, relative: bool) -> Self {
        Urls {
            base: base_url.to_string(),
            name_index: relative || base_url.starts_with("file://"),
            relative,
        }
    }

    /// Whether links are written against [`ROOT_MARK`], to be made relative per page.
    pub fn relative(&self) -> bool {
        self.relative
    }

    /// The base URL itself, ending in `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn link_base(&self) -> &str {
        if self.relative { ROOT_MARK } else { &self.base }
    }

    /// A link from one page to the page whose folder is `path` (`""` for home, `"actors/x/"`).
    pub fn page(&self, path: &str) -> String {
        if self.name_index {
            format!("{}{path}index.html", self.link_base())
        } else {
            format!("{}{path}", self.link_base())
        }
    }

    /// A link from a page to a file such as `style.css`.
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.link_base())
    }

    /// The site root as linked from a page, ending in `/`.
    pub fn root(&self) -> String {
        self.link_base().to_string()
    }

    /// Root-relative links written in bodies point here.
    pub fn site_root(&self) -> crate::render::markdown::SiteRoot {
        crate::render::markdown::SiteRoot {
            url: self.link_base().to_string(),
            name_index: self.name_index,
        }
    }

    /// Whether the base URL names a host, so addresses under it work from anywhere.
    pub fn is_absolute(&self) -> bool {
        has_host(&self.base)
    }

    /// The canonical address of a page, unless a relative site has no absolute base to give.
    pub fn canonical_page(&self, path: &str) -> Option<String> {
        (self.is_absolute() || !self.relative).then(|| self.absolute_page(path))
    }

    /// The page's address under the base URL, for canonical links, feeds and metadata.
    pub fn absolute_page(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A file's address under the base URL.
    pub fn absolute_file(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// Whether `base_url` is an `http://` or `https://` address, so addresses under it are full
/// URLs, as sitemaps, robots.txt and feed ids need.
pub fn has_host(base_url: &str) -> bool {
    base_url.starts_with("http://") || base_url.starts_with("https://")
}

/// Replaces [`ROOT_MARK`] in a page written at `page_path` (e.g. `actors/x/index.html`)
/// with the relative path back to the site root.
pub fn relativize(text: String, page_path: &str) -> String {
    if !text.contains(ROOT_MARK) && !text.contains(ROOT_MARK_ENCODED) {
        return text;
    }
    let depth = page_path.matches('/').count();
    let up = if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    };
    with_root(&text, &up)
}

/// Replaces [`ROOT_MARK`] with `root`, also where a link target percent-encoded it.
pub fn with_root(text: &str, root: &str) -> String {
    if !text.contains(ROOT_MARK) && !text.contains(ROOT_MARK_ENCODED) {
        return text.to_string();
    }
    text.replace(ROOT_MARK, root)
        .replace(ROOT_MARK_ENCODED, root)
}

/// A URL from a user's file, when [`link_target::check`] lets it be an `href` for `use_`;
/// `None` otherwise. Every front-matter URL a template writes into a link comes through here.
pub fn from_user(value: &str, use_: Use) -> Option<&str> {
    link_target::check(value, use_).is_ok().then_some(value)
}

/// The Wikidata page of an actor's item id (`Q…`), checked like any other link.
pub fn wikidata(id: &str) -> Option<String> {
    let url = format!("https://www.wikidata.org/wiki/{id}");
    link_target::check(&url, Use::WebPage)
        .is_ok()
        .then_some(url)
}

/// `html` with the target of every `href` and `src` attribute resolved against `page`, the
/// address it was written for (`https://example.org/brief/articles/a/`, or `/articles/a/`
/// under a base without a host): for copies of a page's HTML read elsewhere, such as feed
/// entries, whose relative links a reader resolves against the feed's own address.
/// Targets with a scheme or a host (`https:`, `mailto:`, `//host/`) are left as they are.
pub fn resolve_links(html: &str, page: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = resolve_tag(rest, page, &mut out);
            rest = &rest[end..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Copies the start tag at the beginning of `html` into `out`, its `href` and `src` values
/// resolved against `page`; returns the tag's length.
fn resolve_tag(html: &str, page: &str, out: &mut String) -> usize {
    let bytes = html.as_bytes();
    let mut at = 1;
    while at < bytes.len() && !matches!(bytes[at], b'>' | b'/') && !bytes[at].is_ascii_whitespace()
    {
        at += 1;
    }
    out.push_str(&html[..at]);
    while at < bytes.len() {
        let start = at;
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        out.push_str(&html[start..at]);
        if at >= bytes.len() || bytes[at] == b'>' {
            break;
        }
        let name_start = at;
        while at < bytes.len()
            && !matches!(bytes[at], b'>' | b'/' | b'=')
            && !bytes[at].is_ascii_whitespace()
        {
            at += 1;
        }
        let name = &html[name_start..at];
        out.push_str(name);
        let before_equals = at;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] != b'=' {
            at = before_equals;
            continue;
        }
        at += 1;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        out.push_str(&html[before_equals..at]);
        let (value_start, value_end, after) = match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = html[at + 1..]
                    .find(quote as char)
                    .map_or(html.len(), |e| at + 1 + e);
                (at + 1, end, (end + 1).min(html.len()))
            }
            _ => {
                let end = html[at..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |e| at + e);
                (at, end, end)
            }
        };
        out.push_str(&html[at..value_start]);
        let value = &html[value_start..value_end];
        if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
            out.push_str(&resolve(value, page));
        } else {
            out.push_str(value);
        }
        out.push_str(&html[value_end..after]);
        at = after;
    }
    let end = (at + 1).min(html.len());
    out.push_str(&html[at..end]);
    end
}

/// The URL reference `reference` (as written in HTML) resolved against the address `page`
/// (RFC 3986, section 5.2): unchanged when it has a scheme or a host.
pub fn resolve(reference: &str, page: &str) -> String {
    let reference = reference.trim_matches(|c: char| c.is_ascii_whitespace());
    let scheme = reference
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .is_some_and(|end| end > 0 && reference[end..].starts_with(':'));
    if scheme || reference.starts_with("//") {
        return reference.to_string();
    }
    // The page's address as origin (scheme and host, if any), path and query.
    let (page, _) = page.split_once('#').unwrap_or((page, ""));
    let path_start = match page.find("://") {
        Some(i) => page[i + 3..].find('/').map_or(page.len(), |p| i + 3 + p),
        None => 0,
    };
    let (origin, page_path) = page.split_at(path_start);
    let (page_path, page_query) = match page_path.find('?') {
        Some(q) => page_path.split_at(q),
        None => (page_path, ""),
    };
    let page_path = if page_path.is_empty() { "/" } else { page_path };
    let cut = reference.find(['?', '#']).unwrap_or(reference.len());
    let (path, tail) = reference.split_at(cut);
    let path = if path.is_empty() {
        if tail.starts_with('#') {
            return format!("{origin}{page_path}{page_query}{tail}");
        }
        page_path.to_string()
    } else if path.starts_with('/') {
        remove_dot_segments(path)
    } else {
        let folder = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
        remove_dot_segments(&format!("{folder}{path}"))
    };
    format!("{origin}{path}{tail}")
}

/// An absolute path with its `.` and `..` segments applied (RFC 3986, section 5.2.4; `%2e`
/// counts as `.`, as browsers read it).
fn remove_dot_segments(path: &str) -> String {
    let dot = |s: &str| s == "." || s.eq_ignore_ascii_case("%2e");
    let dots = |s: &str| {
        let s = s.to_ascii_lowercase();
        matches!(s.as_str(), ".." | ".%2e" | "%2e." | "%2e%2e")
    };
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let last = segments.len() - 1;
    let mut kept: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.into_iter().enumerate() {
        if dots(segment) {
            kept.pop();
        } else if !dot(segment) {
            kept.push(segment);
            continue;
        }
        if i == last {
            kept.push("");
        }
    }
    format!("/{}", kept.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::paths::actor_path;

    #[test]
    fn pages_live_under_the_base() {
        let urls = Urls::new("https://example.org/brief/", false);
        assert_eq!(
            urls.page(&actor_path("nato")),
            "https://example.org/brief/actors/nato/"
        );
        assert_eq!(
            urls.file("style.css"),
            "https://example.org/brief/style.css"
        );
    }

    #[test]
    fn pages_on_disk_name_their_index() {
        let urls = Urls::new("file:///tmp/site/", false);
        assert_eq!(urls.page(""), "file:///tmp/site/index.html");
    }

    #[test]
    fn relative_links_climb_to_the_root() {
        let urls = Urls::new("https://example.org/brief/", true);
        let link = urls.page(&actor_path("nato"));
        assert_eq!(
            relativize(link.clone(), "articles/a/index.html"),
            "../../actors/nato/index.html"
        );
        assert_eq!(
            relativize(urls.file("style.css"), "index.html"),
            "./style.css"
        );
        assert_eq!(
            urls.absolute_page("actors/nato/"),
            "https://example.org/brief/actors/nato/"
        );
    }

    #[test]
    fn user_urls_pass_only_when_safe() {
        assert_eq!(
            from_user("https://x.org/", Use::Link),
            Some("https://x.org/")
        );
        assert_eq!(from_user(" javascript:x", Use::Link), None);
        assert_eq!(from_user("/a", Use::WebPage), None);
        assert_eq!(
            wikidata("Q42").as_deref(),
            Some("https://www.wikidata.org/wiki/Q42")
        );
        // The id is only ever a path under Wikidata's own https address.
        assert_eq!(
            wikidata("javascript:alert(1)").as_deref(),
            Some("https://www.wikidata.org/wiki/javascript:alert(1)")
        );
    }

    #[test]
    fn references_resolve_against_the_page_address() {
        let page = "https://example.org/brief/articles/a/";
        let cases = [
            ("../b/", "https://example.org/brief/articles/b/"),
            ("img.png", "https://example.org/brief/articles/a/img.png"),
            (
                "./x/../y?q=1#f",
                "https://example.org/brief/articles/a/y?q=1#f",
            ),
            ("../../../../up", "https://example.org/up"),
            ("/actors/x/", "https://example.org/actors/x/"),
            ("#note", "https://example.org/brief/articles/a/#note"),
            ("", "https://example.org/brief/articles/a/"),
            ("?page=2", "https://example.org/brief/articles/a/?page=2"),
            ("%2e%2e/c/", "https://example.org/brief/articles/c/"),
            ("..", "https://example.org/brief/articles/"),
            ("https://other.org/x", "https://other.org/x"),
            ("mailto:a@b.org", "mailto:a@b.org"),
            ("//cdn.org/x", "//cdn.org/x"),
        ];
        for (reference, expected) in cases {
            assert_eq!(resolve(reference, page), expected, "{reference}");
        }
        assert_eq!(resolve("../b/", "/articles/a/"), "/articles/b/");
        assert_eq!(
            resolve("../b/", "file:///tmp/site/articles/a/"),
            "file:///tmp/site/articles/b/"
        );
    }

    #[test]
    fn every_href_and_src_of_the_html_is_resolved() {
        let html = concat!(
            r#"<p><a href="../b/">b</a> <img src="i.png" alt="../no"> "#,
            r#"<A HREF='x'>x</A> <img src=y.png> <span title="href=z">t</span> "#,
            r#"&lt;a href="../escaped/"&gt; <!-- <a href="c"> --> 1 < 2</p>"#
        );
        assert_eq!(
            resolve_links(html, "/s/articles/a/"),
            concat!(
                r#"<p><a href="/s/articles/b/">b</a> <img src="/s/articles/a/i.png" alt="../no"> "#,
                r#"<A HREF='/s/articles/a/x'>x</A> <img src=/s/articles/a/y.png> <span title="href=z">t</span> "#,
                r#"&lt;a href="../escaped/"&gt; <!-- <a href="c"> --> 1 < 2</p>"#
            )
        );
    }
}
