//! The one place that decides whether a URL written in a user's file may become a link
//! target (an `href` or `src`): body links and images, actor `links:`, `source.url`, and
//! the Wikidata address built from an actor's id.
//!
//! The value is read as a browser reads it, by the WHATWG parser (the `url` crate), not by
//! matching prefixes: leading and trailing control characters and spaces are stripped and
//! tabs and newlines removed anywhere, so ` javascript:…` and `java<TAB>script:…` are
//! `javascript:` URLs, as they are to a browser. A value the parser reads as an absolute
//! URL is absolute; one it reads as needing a base (`/x`, `x/`, `#f`, `?q`, `../a`) is a
//! relative reference.
//!
//! Every stage imports this module; it imports none of them (load checks `source.url`
//! and actor links with it, so it cannot live in `text` or later).

use std::fmt;
use std::sync::LazyLock;

use url::{ParseError, Url};

/// What a URL is for, and so which URLs it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A link or image a reader follows: an absolute `http`, `https` or `mailto` URL, or a
    /// relative reference (a path, `?query` or `#fragment`).
    Link,
    /// The address of a page elsewhere on the web (`source.url`): an absolute `http` or
    /// `https` URL only.
    WebPage,
}

impl Use {
    /// The schemes an absolute URL may have.
    pub fn schemes(self) -> &'static [&'static str] {
        match self {
            Use::Link => &["http", "https", "mailto"],
            Use::WebPage => &["http", "https"],
        }
    }

    /// What a refused value may be instead, for a diagnostic's hint.
    pub fn hint(self) -> &'static str {
        match self {
            Use::Link => "links may be http(s), mailto, relative or #fragment",
            Use::WebPage => "give the full address, starting with https://",
        }
    }
}

/// Why a value may not be a link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// An absolute URL whose scheme (lowercase, as parsed) is not allowed.
    Scheme(String),
    /// A relative reference where a full address is needed.
    Relative,
    /// Neither a valid absolute URL nor a valid relative reference (a browser would not
    /// follow it either), e.g. `https://exa mple.org` or `//[::1`.
    Malformed(ParseError),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Scheme(scheme) => write!(f, "its scheme is `{scheme}:`"),
            Refusal::Relative => write!(f, "it is not a full address"),
            Refusal::Malformed(error) => write!(f, "it is not a valid URL: {error}"),
        }
    }
}

/// `value` for a message: control characters (a TAB inside a scheme) escaped, as `\t`.
pub fn shown(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A base that relative references are tried against: any page of an http(s) site.
static BASE: LazyLock<Url> =
    LazyLock::new(|| Url::parse("https://example.invalid/a/b/").expect("a valid base"));

/// Whether `value`, written in a user's file, may be a link target for `use_`.
///
/// Accepted values are written out as they were given; whatever a browser makes of them
/// against an http(s) page is an http, https or mailto URL.
pub fn check(value: &str, use_: Use) -> Result<(), Refusal> {
    match Url::parse(value) {
        Ok(url) if use_.schemes().contains(&url.scheme()) => Ok(()),
        Ok(url) => Err(Refusal::Scheme(url.scheme().to_string())),
        Err(ParseError::RelativeUrlWithoutBase) => match use_ {
            Use::WebPage => Err(Refusal::Relative),
            // No scheme: the page's own (http or https). Only a `//host` part can fail.
            Use::Link => BASE.join(value).map(drop).map_err(Refusal::Malformed),
        },
        Err(error) => Err(Refusal::Malformed(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(value: &str) -> Result<(), Refusal> {
        check(value, Use::Link)
    }

    fn scheme(name: &str) -> Result<(), Refusal> {
        Err(Refusal::Scheme(name.to_string()))
    }

    #[test]
    fn web_mail_and_relative_links_are_allowed() {
        for good in [
            "https://x.org",
            "http://x",
            "HTTPS://Example.org/a?b#c",
            "https://bücher.example/",
            "mailto:a@b.c",
            "/a/b",
            "../c",
            "./d:e",
            "a/b:c",
            "#top",
            "page/",
            "?q=1",
            "",
            "//cdn.example.org/x.png",
        ] {
            assert_eq!(link(good), Ok(()), "{good:?}");
        }
    }

    #[test]
    fn javascript_is_refused() {
        assert_eq!(link("javascript:alert(1)"), scheme("javascript"));
    }

    #[test]
    fn uppercase_javascript_is_refused() {
        assert_eq!(link("JAVASCRIPT:alert(2)"), scheme("javascript"));
        assert_eq!(link("JavaScript:x"), scheme("javascript"));
    }

    #[test]
    fn leading_space_and_control_characters_are_stripped_then_refused() {
        assert_eq!(link(" javascript:alert(3)"), scheme("javascript"));
        assert_eq!(link("\u{1}\u{1f} javascript:x "), scheme("javascript"));
        assert_eq!(link("\njavascript:x"), scheme("javascript"));
    }

    #[test]
    fn a_tab_or_newline_inside_the_scheme_is_removed_then_refused() {
        assert_eq!(link("java\tscript:alert(4)"), scheme("javascript"));
        assert_eq!(link("java\nscr\ript:x"), scheme("javascript"));
    }

    #[test]
    fn data_is_refused() {
        assert_eq!(
            link("data:text/html,<script>alert(5)</script>"),
            scheme("data")
        );
    }

    #[test]
    fn vbscript_and_other_schemes_are_refused() {
        assert_eq!(link("vbscript:msgbox(6)"), scheme("vbscript"));
        assert_eq!(link("file:///etc/passwd"), scheme("file"));
        assert_eq!(link("tel:+123"), scheme("tel"));
    }

    #[test]
    fn malformed_urls_are_refused() {
        assert!(matches!(
            link("https://exa mple.org/"),
            Err(Refusal::Malformed(_))
        ));
        assert!(matches!(link("http://"), Err(Refusal::Malformed(_))));
        assert!(matches!(link("//[::1"), Err(Refusal::Malformed(_))));
    }

    #[test]
    fn web_pages_are_absolute_http_or_https() {
        let page = |value| check(value, Use::WebPage);
        assert_eq!(page("https://news.example/a"), Ok(()));
        assert_eq!(page("HTTP://news.example"), Ok(()));
        assert_eq!(page("mailto:a@b.c"), scheme("mailto"));
        assert_eq!(page("ftp://x.org/"), scheme("ftp"));
        assert_eq!(page(" javascript:x"), scheme("javascript"));
        assert_eq!(page("/a"), Err(Refusal::Relative));
        assert_eq!(page("news.example/a"), Err(Refusal::Relative));
        assert!(matches!(page("https://"), Err(Refusal::Malformed(_))));
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(
            scheme("data").unwrap_err().to_string(),
            "its scheme is `data:`"
        );
        assert_eq!(shown("java\tscript:x\u{1}"), "java\\tscript:x\\u{1}");
        assert!(
            link("http://")
                .unwrap_err()
                .to_string()
                .starts_with("it is not a valid URL: ")
        );
    }
}
