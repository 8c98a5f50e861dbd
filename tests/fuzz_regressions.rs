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

/// front_matter (crash-f0e0bf8da74c182c8a5f64117f2f58ffa31463b1, 5 bytes, already minimal,
/// and crash-1ead7f114cf54d2800a0007d2fe88cb5954ea6e3): a UTC offset of four bytes whose
/// second byte is inside a character panicked in `config::parse_offset`
/// (`digits.split_at(2)`, src/config.rs): "end byte index 2 is not a char boundary; it is
/// inside 'ɍ' (bytes 1..3) of `2ɍi`". Reachable from `site.yaml`.
#[test]
fn utc_offset_with_multibyte_characters_is_an_error_not_a_panic() {
    use briefing::load::config::{self, SiteTimezone};
    use std::str::FromStr;

    for zone in ["-2ɍi", "\r-\u{feff}/\r\r\r\r\r\r", "+1€", "+é1", "-ÿÿ"] {
        assert!(SiteTimezone::from_str(zone).is_err(), "{zone:?} accepted");
    }
    let problem = config::parse_site_file(Path::new("site.yaml"), "timezone: \"-2ɍi\"\n")
        .expect_err("a bad zone is refused");
    assert_eq!(problem.line, Some(1));
}

/// render_article (seen in a page's meta description built from the visible text): the end
/// of a heading does not read as white space, so the heading runs into the next block
/// ("Talks in WashingtonAlpha Person met…"). In `body::visible_text` the `ends_blocking` arm
/// matches `End(Heading)` before the arm that pushes `'\n'` for block ends. Backlink
/// sentences and anchoring see the joined words.
#[test]
fn a_heading_ends_with_white_space_in_the_visible_text() {
    use briefing::text::body;

    let mut wrong = Vec::new();
    for (markdown, joined) in [
        ("# Talks\n\nAlpha spoke.\n", "TalksAlpha"),
        ("## Talks {#t}\nAlpha spoke.\n", "TalksAlpha"),
        ("Talks\n=====\nAlpha spoke.\n", "TalksAlpha"),
        ("# One\n# Two\n", "OneTwo"),
    ] {
        let text = body::visible_text(&body::parse(markdown)).text;
        if text.contains(joined) {
            wrong.push(format!("{markdown:?} reads as {text:?}"));
        }
    }

    // As readers meet it: the backlink sentence on the actor's page.
    let article = "---\ntitle: \"T\"\ndate: 2025-02-27T07:00:00Z\nactors: [alpha]\n---\n# Talks\n\nAlpha Person spoke.\n";
    let pages = render(article).expect("the site renders");
    let actor = page(&pages, "actors/alpha/index.html");
    if let Some(at) = actor.find("TalksAlpha") {
        let line = actor[..at].rsplit('\n').next().unwrap_or("");
        wrong.push(format!(
            "the actor page's backlink joins the heading: {line}TalksAlpha…"
        ));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_wikilink_in_a_footnote_leads_to_its_target_and_leaves_the_spans_balanced() {
    // render_article found `[[alpha]]` in a footnote taking the body's next text as its
    // mention (a stray `</span>`), and the footnote's link left as `href="alpha"`.
    let pages = render(
        "---\ntitle: \"Note\"\ndate: 2025-02-27\nactors: [alpha]\n---\n\
         [^1]: Note one with [[alpha]].\n\nAlpha Person met [[alpha]] and more.[^1]\n",
    )
    .unwrap();
    let html = page(&pages, "articles/a/index.html");
    let body = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    assert_eq!(
        body.matches("<span").count(),
        body.matches("</span>").count(),
        "{body}"
    );
    assert!(!body.contains("href=\"alpha\""), "{body}");
    let note = &body[body.find("sidenote-footnote").unwrap()..];
    assert!(
        note.contains("href=\"/actors/alpha/\">Alpha Person</a>"),
        "{note}"
    );
}
