//! Markdown to HTML: heading ids, decorations, links made safe.

use super::*;

#[test]
fn raw_html_is_escaped_by_default() {
    let out = to_html(
        "Hi <script>alert(1)</script>\n\n<div>x</div>\n",
        false,
        &SiteRoot::at("/"),
    );
    assert!(!out.contains("<script>"), "{out}");
    assert!(out.contains("&lt;script&gt;"), "{out}");
    assert!(!out.contains("<div>"), "{out}");
}

#[test]
fn raw_html_passes_when_allowed() {
    assert!(to_html("<div>x</div>\n", true, &SiteRoot::at("/")).contains("<div>x</div>"));
}

#[test]
fn headings_get_unique_ids() {
    let out = to_html(
        "# Talks in *Washington*\n\n## Talks in Washington\n\n## Own {#mine}\n",
        false,
        &SiteRoot::at("/"),
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
        &SiteRoot::at("/"),
    );
    assert!(out.contains("“Quote”"), "{out}");
    assert!(out.contains("<del>gone</del>"), "{out}");
    assert!(out.contains("<table>"), "{out}");
    assert!(out.contains("footnote-definition"), "{out}");
}

#[test]
fn root_relative_links_get_the_base_path_and_heading_attributes_go() {
    let out = to_html(
        "# T {#t .c onclick=x}\n\n[a](/actors/x/) [b](//cdn.org/y) [c](rel/)\n",
        false,
        &SiteRoot::at("/brief/"),
    );
    assert!(out.contains(r#"href="/brief/actors/x/""#), "{out}");
    assert!(out.contains(r#"href="//cdn.org/y""#), "{out}");
    assert!(out.contains(r#"href="rel/""#), "{out}");
    assert!(out.contains(r#"<h1 id="t" class="c">"#), "{out}");
    assert!(!out.contains("onclick"), "{out}");
}

#[test]
fn only_safe_schemes_link() {
    for safe in [
        "https://x.org",
        "http://x",
        "mailto:a@b.c",
        "/a/b",
        "../c",
        "#top",
        "page/",
        "?q=1",
    ] {
        assert!(link_target::check(safe, Use::Link).is_ok(), "{safe}");
    }
    for unsafe_url in [
        "javascript:alert(1)",
        "JavaScript:x",
        " data:text/html,x",
        "vbscript:x",
        "file:///etc",
    ] {
        assert!(
            link_target::check(unsafe_url, Use::Link).is_err(),
            "{unsafe_url}"
        );
    }
}

#[test]
fn unsafe_links_become_text() {
    let out = to_html(
        "[x](javascript:alert(1)) and <javascript:alert(2)>\n",
        false,
        &SiteRoot::at("/"),
    );
    assert!(!out.contains("href=\"javascript"), "{out}");
    assert!(out.contains(">x</span>"), "{out}");
    let out = article_html("[x](javascript:alert(1))\n", &Decorations::default());
    assert!(!out.contains("href"), "{out}");
}
