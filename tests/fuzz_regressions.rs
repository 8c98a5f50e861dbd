//! Inputs the fuzz targets in `fuzz/` found problems with, minimised, each fed through the
//! same public API the target uses. See `fuzz/README.md`.

use std::fs;
use std::path::Path;

use briefing::pipeline::{self, SiteOptions};
use briefing::render::Page;

/// The tiny site `fuzz/fuzz_targets/render_article.rs` builds: one actor, one office, one
/// topic, and the article `a` given in full (front matter and body).
fn tiny_site(root: &Path, article: &str) {
    for sub in [
        "content/articles",
        "content/actors",
        "content/topics",
        "static",
    ] {
        fs::create_dir_all(root.join(sub)).unwrap();
    }
    fs::write(root.join("static/pic.png"), b"\x89PNG\r\n").unwrap();
    fs::write(
        root.join("content/actors/alpha.md"),
        "---\nname: \"Alpha Person\"\nkind: person\nroles:\n  - office: office\n    from: 2020-01-01\n---\nA person.\n",
    )
    .unwrap();
    fs::write(
        root.join("content/actors/office.md"),
        "---\nname: \"The Office\"\nkind: office\naliases: [the Chair]\n---\nAn office.\n",
    )
    .unwrap();
    fs::write(
        root.join("content/topics/gamma.md"),
        "---\nname: \"Gamma Topic\"\n---\nA topic.\n",
    )
    .unwrap();
    fs::write(
        root.join("content/articles/other.md"),
        "---\ntitle: \"Another article\"\ndate: 2025-02-26\nactors: [alpha]\ntopics: [gamma]\n---\nAlpha Person met the Chair.\n",
    )
    .unwrap();
    fs::write(root.join("content/articles/a.md"), article).unwrap();
}

/// Renders the tiny site; `Err` carries the problems, printed.
fn render(article: &str) -> Result<Vec<Page>, String> {
    let dir = tempfile::tempdir().unwrap();
    tiny_site(dir.path(), article);
    match pipeline::render_site(dir.path(), &SiteOptions::default()) {
        Ok((_, pages)) => Ok(pages),
        Err(problems) => Err(problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

fn page<'a>(pages: &'a [Page], path: &str) -> &'a str {
    let page = pages
        .iter()
        .find(|p| p.path == path)
        .unwrap_or_else(|| panic!("no page {path}"));
    std::str::from_utf8(&page.bytes).unwrap()
}

/// render_article: an annotation note is front matter, and its links must be limited to
/// http, https, mailto, relative and fragment links like the body's (issue 4, "Safe by
/// default"). The note's `[x](javascript:alert(1))` was rendered as a live link.
#[test]
fn annotation_note_links_are_limited_to_safe_schemes() {
    let article = "---\ntitle: \"T\"\ndate: 2025-02-27T07:00:00Z\nannotations:\n  - quote: \"Alpha\"\n    note: \"see [x](javascript:alert(1)) and <javascript:alert(2)>\"\n---\nAlpha spoke.\n";
    let pages = render(article).expect("the site renders");
    let html = page(&pages, "articles/a/index.html");
    assert!(
        !html.to_ascii_lowercase().contains("href=\"javascript:"),
        "a javascript: link in an annotation note is live:\n{html}"
    );
}

/// render_article: a statement or annotation anchored in an image's alt text was rendered
/// as `<mark …>` markup escaped into the `alt` attribute (`alt="… &lt;mark class=…"`), and
/// the passage was not highlighted. Either refuse such a quote with a problem, or keep the
/// alt text plain.
#[test]
fn quotes_in_image_alt_text_do_not_leak_markup() {
    let article = "---\ntitle: \"T\"\ndate: 2025-02-27T07:00:00Z\nquotes:\n  - by: alpha\n    text: \"important\"\n---\nIntro text.\n\n![Alpha Person said something important](/pic.png)\n";
    match render(article) {
        Ok(pages) => {
            let html = page(&pages, "articles/a/index.html");
            assert!(
                !html.contains("&lt;mark"),
                "mark markup escaped into the page:\n{html}"
            );
        }
        Err(problems) => assert!(
            problems.contains("important"),
            "refused, but not for the quote: {problems}"
        ),
    }
}
