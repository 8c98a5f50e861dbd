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
        self.base.starts_with("http://") || self.base.starts_with("https://")
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
}
