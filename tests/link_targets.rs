//! Every URL from a user's file that reaches an `href` or `src` is checked in one place
//! (`briefing::link_target::check`): an actor's `links:` holding script URLs in the forms
//! browsers accept (`javascript:`, any letter case, a leading space, a TAB inside the
//! scheme, `data:`, `vbscript:`) are each reported and written as no link at all.

mod common;

use std::process::Output;

use common::*;
use url::Url;

/// The actor of the security report, line for line: the six hostile links are on lines
/// 5 to 10 and the good one on line 11. (`\t` is YAML's escape: a real TAB in the value.)
const ACTOR: &str = r#"---
name: "X"
kind: person
links:
  - "javascript:alert(1)"
  - "JAVASCRIPT:alert(2)"
  - " javascript:alert(3)"
  - "java\tscript:alert(4)"
  - "data:text/html,<script>alert(5)</script>"
  - "vbscript:msgbox(6)"
  - "https://example.org/ok"
wikidata: "Q1"
---
Profile.
"#;

const ARTICLE: &str = "---\ntitle: \"A\"\ndate: 2025-01-01\nactors: [x]\n---\nText.\n";

const ACTOR_FILE: &str = "content/actors/x.md";

fn hostile_site() -> SiteBuilder {
    SiteBuilder::with_files(&[(ACTOR_FILE, ACTOR), ("content/articles/a.md", ARTICLE)])
}

fn check_json(site: &SiteBuilder, extra: &[&str]) -> Output {
    let root = site.root();
    let mut args = vec![
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    run_in(site.tmp(), &args)
}

fn problems(output: &Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .filter(|line| line.trim_start().starts_with('{'))
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn each_hostile_actor_link_is_an_unsafe_link_warning_at_its_line() {
    let site = hostile_site();
    let output = check_json(&site, &[]);
    let found = problems(&output);
    let unsafe_links: Vec<&serde_json::Value> = found
        .iter()
        .filter(|p| p["code"] == "unsafe-link")
        .collect();
    let lines: Vec<u64> = unsafe_links
        .iter()
        .map(|p| p["line"].as_u64().expect("a line"))
        .collect();
    assert_eq!(lines, [5, 6, 7, 8, 9, 10], "{found:#?}");
    for problem in &unsafe_links {
        assert_eq!(problem["file"], ACTOR_FILE, "{problem}");
        assert_eq!(problem["severity"], "warning", "{problem}");
        // The value starts after `  - `, at its opening quote.
        assert_eq!(problem["column"], 5, "{problem}");
        let hint = problem["hint"].as_str().expect("a hint");
        assert!(
            hint.contains("http(s)") && hint.contains("mailto"),
            "the hint names the allowed schemes: {problem}"
        );
    }
    let tab = unsafe_links[3]["message"].as_str().unwrap();
    assert!(
        tab.contains("`java\\tscript:alert(4)`") && tab.contains("`javascript:`"),
        "the TAB form is shown escaped, and named as the javascript: URL it is: {tab}"
    );
    // Warnings only: check passes, and fails with --deny-warnings.
    assert!(output.status.success(), "{}", stderr(&output));
    let denied = check_json(&site, &["--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
}

#[test]
fn the_actor_page_links_only_to_web_and_mail_addresses() {
    let site = hostile_site();
    site.build_ok(&[]);
    let page = site.page("actors/x/index.html");
    // As a reader's browser resolves them, with the site served over https.
    let page_url = Url::parse("https://example.org/actors/x/index.html").unwrap();
    let mut targets = Vec::new();
    for (css, attr) in [("a[href]", "href"), ("[src]", "src")] {
        for value in attrs(&page, css, attr) {
            let url = page_url
                .join(&value)
                .unwrap_or_else(|e| panic!("{attr}={value:?} does not parse: {e}"));
            assert!(
                matches!(url.scheme(), "http" | "https" | "mailto"),
                "{attr}={value:?} is a {}: URL",
                url.scheme()
            );
            targets.push(url.to_string());
        }
    }
    assert!(
        targets.contains(&"https://example.org/ok".to_string()),
        "the good link stays: {targets:#?}"
    );
    assert!(
        targets.contains(&"https://www.wikidata.org/wiki/Q1".to_string()),
        "the Wikidata link stays: {targets:#?}"
    );
    // Refused links are left off the page, not shown as text.
    let html = std::fs::read_to_string(site.out().join("actors/x/index.html")).unwrap();
    for gone in ["alert(", "msgbox("] {
        assert!(!html.contains(gone), "{gone} is still on the page");
    }
}

#[test]
fn a_source_url_that_does_not_parse_is_a_bad_source_url() {
    for url in ["https://", "https://exa mple.org/", " javascript:alert(1)"] {
        let article = format!(
            "---\ntitle: \"A\"\ndate: 2025-01-01\nactors: [x]\nsource:\n  url: \"{url}\"\n---\nText.\n"
        );
        let site = SiteBuilder::with_files(&[
            (ACTOR_FILE, &actor_md("X", "person")),
            ("content/articles/a.md", &article),
        ]);
        let found = problems(&check_json(&site, &[]));
        let bad: Vec<_> = found
            .iter()
            .filter(|p| p["code"] == "bad-source-url")
            .collect();
        assert_eq!(bad.len(), 1, "{url:?}: {found:#?}");
        assert_eq!(bad[0]["line"], 6, "{url:?}: {}", bad[0]);
        assert_eq!(bad[0]["severity"], "error", "{url:?}: {}", bad[0]);
    }
}
