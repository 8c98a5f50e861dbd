//! `link_target::check`: the one decision whether a URL from a user's file may be an
//! `href` or `src`. The input (UTF-8) is the URL as written.
//!
//! Besides "no panic": a value accepted as an absolute URL has an allowed scheme after
//! WHATWG parsing; every accepted value, written into an `href` of a page at
//! `https://example.org/a/b/` (or `http://`), resolves to an http, https or mailto URL
//! (http or https for a web page), and so does whatever still parses after an HTML
//! parser's own changes to attribute text (NUL to U+FFFD, CR LF and CR to LF); whatever
//! `Use::WebPage` accepts `Use::Link` accepts too.
#![no_main]

use briefing::link_target::{self, Use};
use libfuzzer_sys::fuzz_target;
use url::{ParseError, Url};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let bases = [
        Url::parse("https://example.org/a/b/").unwrap(),
        Url::parse("http://example.org/a/b/index.html").unwrap(),
    ];
    for use_ in [Use::Link, Use::WebPage] {
        if link_target::check(value, use_).is_err() {
            continue;
        }
        let allowed = use_.schemes();
        match Url::parse(value) {
            Ok(url) => assert!(
                allowed.contains(&url.scheme()),
                "{use_:?} accepted {value:?}, a {}: URL",
                url.scheme()
            ),
            Err(ParseError::RelativeUrlWithoutBase) => {
                assert_eq!(use_, Use::Link, "a web page may not be relative: {value:?}");
            }
            Err(error) => panic!("{use_:?} accepted {value:?}, which does not parse: {error}"),
        }
        for base in &bases {
            let url = base.join(value).unwrap_or_else(|error| {
                panic!("{use_:?} accepted {value:?}, which fails against {base}: {error}")
            });
            assert!(
                allowed.contains(&url.scheme()),
                "{use_:?} accepted {value:?}: against {base} it is {url}"
            );
            // What the HTML parser made of it may fail to parse (NUL is stripped at the
            // end of a URL, U+FFFD is not: `//host\0`); a URL that fails is no link.
            let read = as_html_reads_it(value);
            if let Ok(url) = base.join(&read) {
                assert!(
                    allowed.contains(&url.scheme()),
                    "{use_:?} accepted {value:?}: read as {read:?} against {base} it is {url}"
                );
            }
        }
    }
    if link_target::check(value, Use::WebPage).is_ok() {
        assert!(
            link_target::check(value, Use::Link).is_ok(),
            "a web page address that is no link: {value:?}"
        );
    }
});

/// An attribute value as an HTML parser hands it on: the input stream's newlines
/// normalised and NUL replaced. (Escaping by the templates round-trips exactly.)
fn as_html_reads_it(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "\u{FFFD}")
}
