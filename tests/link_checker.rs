//! Tests of the shared test helpers themselves (tests/common), on hand-written folders, so a
//! passing `check_links` means something.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use tempfile::TempDir;

fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"/style.css\"></head><body id=\"top\">{body}</body></html>"
    )
}

/// An output folder with `files` (path, text).
fn output(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write_file(&dir.path().join(path), text.as_bytes());
    }
    dir
}

fn good_site(base: &str) -> TempDir {
    let index = page(&format!(
        "<a href=\"{base}a/\">a</a> <a href=\"{base}a/#x\">x</a> <a href=\"a/index.html#x\">rel</a> \
         <a href=\"#top\">top</a> <a href=\"https://other.invalid/\">ext</a> <a href=\"mailto:me@x.invalid\">m</a> \
         <a href=\"{base}a/?q=1\">q</a> <img src=\"{base}img/p.png\">"
    ));
    let a = page(&format!(
        "<h2 id=\"x\">X</h2><a href=\"../\">up</a> <a href=\"{base}\">home</a>"
    ));
    let index = index.replace("href=\"/style.css\"", &format!("href=\"{base}style.css\""));
    let a = a.replace("href=\"/style.css\"", &format!("href=\"{base}style.css\""));
    output(&[
        ("index.html", &index),
        ("a/index.html", &a),
        ("style.css", ""),
        ("img/p.png", ""),
    ])
}

#[test]
fn passes_a_good_site_and_counts_internal_links() {
    let site = good_site("/");
    // index: style, a/, a/#x, a/index.html#x, #top, a/?q=1, img = 7; a: style, ../, / = 3
    assert_eq!(check_links(site.path(), "/"), 10);
}

#[test]
fn passes_a_good_site_under_sub_paths() {
    assert_eq!(check_links(good_site("/brief/").path(), "/brief/"), 10);
    let base = "https://example.org/brief/";
    assert_eq!(check_links(good_site(base).path(), base), 10);
}

fn broken(body: &str, base: &str) {
    let site = output(&[
        ("index.html", &page(body)),
        ("a/index.html", &page("<p id=\"x\">x</p>")),
        ("style.css", ""),
    ]);
    check_links(site.path(), base);
}

#[test]
#[should_panic(expected = "`missing/index.html` does not exist")]
fn fails_on_a_missing_page() {
    broken("<a href=\"/missing/\">x</a>", "/");
}

#[test]
#[should_panic(expected = "has no element with id `nope`")]
fn fails_on_a_missing_fragment() {
    broken("<a href=\"/a/#nope\">x</a>", "/");
}

#[test]
#[should_panic(expected = "has no element with id `gone`")]
fn fails_on_a_missing_fragment_in_the_same_page() {
    broken("<a href=\"#gone\">x</a>", "/");
}

#[test]
#[should_panic(expected = "is a folder")]
fn fails_on_a_folder_link_without_slash() {
    broken("<a href=\"/a\">x</a>", "/");
}

#[test]
#[should_panic(expected = "outside the base path")]
fn fails_on_root_relative_links_outside_the_base() {
    broken("<a href=\"/a/\">x</a>", "/brief/");
}

#[test]
#[should_panic(expected = "outside its base URL")]
fn fails_on_same_host_links_outside_an_absolute_base() {
    broken(
        "<a href=\"https://example.org/a/\">x</a>",
        "https://example.org/brief/",
    );
}

#[test]
#[should_panic(expected = "climbs above the site root")]
fn fails_on_links_above_the_root() {
    broken("<a href=\"../../a/\">x</a>", "/");
}

#[test]
#[should_panic(expected = "script URL")]
fn fails_on_javascript_links() {
    broken("<a href=\"javascript:alert(1)\">x</a>", "/");
}

#[test]
#[should_panic(expected = "does not exist")]
fn checks_script_and_image_sources() {
    broken("<script src=\"/app.js\"></script>", "/");
}

#[test]
fn resolves_links_like_a_browser() {
    let base = Base::new("/brief/");
    let internal = |file: &str, fragment: Option<&str>| Target::Internal {
        file: file.into(),
        fragment: fragment.map(str::to_string),
    };
    let page = "actors/x/index.html";
    assert_eq!(
        resolve_link(page, "/brief/", &base),
        Ok(internal("index.html", None))
    );
    assert_eq!(
        resolve_link(page, "../y/#f", &base),
        Ok(internal("actors/y/index.html", Some("f")))
    );
    assert_eq!(
        resolve_link(page, "./", &base),
        Ok(internal("actors/x/index.html", None))
    );
    assert_eq!(
        resolve_link(page, "#f", &base),
        Ok(internal(page, Some("f")))
    );
    assert_eq!(
        resolve_link(page, "/brief/a%20b.css?v=2", &base),
        Ok(internal("a b.css", None))
    );
    assert_eq!(
        resolve_link(page, "https://elsewhere.invalid/x", &base),
        Ok(Target::External)
    );
    assert_eq!(
        resolve_link(page, "//cdn.invalid/x.js", &base),
        Ok(Target::External)
    );
    assert!(resolve_link(page, "/brief", &base).is_err());
    assert!(resolve_link(page, "", &base).is_err());
}

#[test]
fn finds_pages_unreachable_from_the_home_page() {
    let site = output(&[
        ("index.html", &page("<a href=\"/a/\">a</a>")),
        ("a/index.html", &page("<a href=\"/\">home</a>")),
        ("orphan/index.html", &page("<a href=\"/\">home</a>")),
        ("style.css", ""),
    ]);
    let reachable = reachable_pages(site.path(), "/");
    let expected: BTreeSet<String> = ["index.html", "a/index.html"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(reachable, expected);
}

#[test]
fn finds_duplicate_ids() {
    let html =
        scraper::Html::parse_document(&page("<p id=\"a\"></p><p id=\"a\"></p><p id=\"b\"></p>"));
    assert_eq!(duplicate_ids(&html), ["a"]);
}

#[test]
fn reads_front_matter_lists_both_ways() {
    let text = "---\ntitle: \"T\"\ndate: 2025-02-27 # comment\nactors:\n  - a-b\n  - \"c\"\ntopics: [x, 'y']\nquotes:\n  - by: a-b\n    text: z\n---\nBody\n";
    let front = front_matter(text);
    assert_eq!(front_scalar(front, "title").as_deref(), Some("T"));
    assert_eq!(front_scalar(front, "date").as_deref(), Some("2025-02-27"));
    assert_eq!(front_list(front, "actors"), ["a-b", "c"]);
    assert_eq!(front_list(front, "topics"), ["x", "y"]);
    assert!(front_list(front, "missing").is_empty());
}

#[test]
fn parses_the_summary_line() {
    let summary = parse_summary(
        "Built 1 article, 20 actors, 8 topics: 33 pages written to /tmp/x y in 12 ms\n",
    );
    assert_eq!(
        summary,
        Summary {
            articles: 1,
            actors: 20,
            topics: 8,
            pages: 33,
            output: "/tmp/x y".into()
        }
    );
}

#[test]
#[should_panic(expected = "not a summary line")]
fn rejects_other_summary_lines() {
    parse_summary("Built 1 article: 3 pages in 2 ms\n");
}

#[test]
fn snapshots_see_every_byte() {
    let dir = output(&[("a.txt", "one"), ("sub/b.txt", "two")]);
    let before = snapshot(dir.path());
    assert_eq!(before.len(), 3, "{:?}", before.keys().collect::<Vec<_>>());
    write_file(&dir.path().join("sub/b.txt"), b"twO");
    let after = snapshot(dir.path());
    assert_ne!(before, after);
    let result = std::panic::catch_unwind(|| assert_same_snapshot(&before, &after, "dir"));
    assert!(result.is_err());
    assert!(Path::new(&dir.path().join("a.txt")).is_file());
}
