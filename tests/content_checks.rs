//! `briefing check` on content it used to get wrong: each section is one kind of fault,
//! with the case it was found by and further inputs of the same kind, run through the
//! real binary (`check --format json`, `build`) in temporary folders.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// One problem as `check --format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    file: String,
    line: Option<u64>,
    column: Option<u64>,
    severity: String,
    code: String,
    message: String,
    hint: Option<String>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}[{}] {}:{}:{}: {}",
            self.severity,
            self.code,
            self.file,
            self.line.map_or("-".into(), |l| l.to_string()),
            self.column.map_or("-".into(), |c| c.to_string()),
            self.message
        )
    }
}

fn check_in(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--root", root.to_str().expect("UTF-8 path")];
    args.extend_from_slice(extra);
    run_in(root, &args)
}

/// `check --format json`: the exit code and every problem printed.
fn check_json(root: &Path) -> (Option<i32>, Vec<Problem>) {
    let output = check_in(root, &["--format", "json"]);
    let problems = stdout(&output)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {line}\n{}", stderr(&output)));
            let text = |key: &str| value[key].as_str().map(str::to_string);
            Problem {
                file: text("file").expect("file"),
                line: value["line"].as_u64(),
                column: value["column"].as_u64(),
                severity: text("severity").expect("severity"),
                code: text("code").expect("code"),
                message: text("message").expect("message"),
                hint: text("hint"),
            }
        })
        .collect();
    (output.status.code(), problems)
}

fn listing(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The problems with this code in this file.
fn with_code<'a>(problems: &'a [Problem], code: &str, file: &str) -> Vec<&'a Problem> {
    problems
        .iter()
        .filter(|p| p.code == code && p.file == file)
        .collect()
}

fn site_yaml() -> &'static str {
    "title: \"Test Briefing\"\ntimezone: UTC\n"
}

// ---------------------------------------------------------------------------------------
// bad-slug-hint-unicode: the rename hint uses `briefing new`'s slug rule
// ---------------------------------------------------------------------------------------

/// Each name as a file name (a bad slug) and as `briefing new`'s name: the rename hint
/// must name the very file `new` writes.
#[test]
fn bad_slug_hints_name_the_file_briefing_new_would_write() {
    let names = [
        ("articles", "Zürich-café"),
        ("topics", "Ελλάδα Crisis"),
        ("actors", "Trump's Ministry"),
        ("actors", "Łódź City Hall"),
    ];
    let site = SiteBuilder::with_files(&[("site.yaml", site_yaml())]);
    for (folder, name) in names {
        let text = match folder {
            "articles" => format!("---\ntitle: \"{name}\"\ndate: 2025-03-04\n---\nText.\n"),
            _ => format!("---\nname: \"{name}\"\n---\nText.\n"),
        };
        site.write(&format!("content/{folder}/{name}.md"), &text);
    }
    let (_, problems) = check_json(&site.root());
    let fresh = SiteBuilder::with_files(&[("site.yaml", site_yaml())]);
    let root = fresh.root();
    for (folder, name) in names {
        let kind = folder.trim_end_matches('s');
        let mut args = vec!["new", kind, name];
        if kind == "article" {
            args.extend(["--date", "2025-03-04"]);
        }
        let written = run_in(&root, &args);
        assert_success(&written);
        let path = stdout(&written).trim().to_string();
        let new_name = Path::new(&path).file_name().unwrap().to_string_lossy();
        let file = format!("content/{folder}/{name}.md");
        let bad = with_code(&problems, "bad-slug", &file);
        assert_eq!(bad.len(), 1, "{file}:\n{}", listing(&problems));
        assert_eq!(
            bad[0].hint.as_deref(),
            Some(format!("rename the file to `{new_name}`").as_str()),
            "{file}"
        );
    }
    let case = with_code(&problems, "bad-slug", "content/articles/Zürich-café.md");
    assert_eq!(
        case[0].hint.as_deref(),
        Some("rename the file to `zurich-cafe.md`")
    );
}

// ---------------------------------------------------------------------------------------
// updated-before-date: an article updated before it was published
// ---------------------------------------------------------------------------------------

fn dated_article(date: &str, updated: &str) -> String {
    format!(
        "---\ntitle: \"Council approves budget\"\ndate: {date}\nupdated: {updated}\n---\nThe council approved the budget.\n"
    )
}

#[test]
fn updated_before_date_is_an_error_at_the_updated_line() {
    // (date, updated, whether that is an error)
    let cases = [
        // The case: a typo three days before publication.
        ("2025-03-04T10:00:00Z", "2025-03-01", true),
        // A year typo, both bare dates.
        ("2025-03-04", "2024-03-04", true),
        // Two timestamps an hour apart, in different offsets.
        ("2025-03-04T10:00:00Z", "2025-03-04T10:30:00+01:00", true),
        // The same instant written in two offsets, and a later update: fine.
        ("2025-03-04T10:00:00Z", "2025-03-04T11:00:00+01:00", false),
        ("2025-03-04", "2025-03-05", false),
        // A bare `updated` on the day of a timed `date` names that day: fine.
        ("2025-03-04T10:00:00Z", "2025-03-04", false),
    ];
    let site = SiteBuilder::with_files(&[("site.yaml", site_yaml())]);
    for (i, (date, updated, _)) in cases.iter().enumerate() {
        site.write(
            &format!("content/articles/case-{i}.md"),
            &dated_article(date, updated),
        );
    }
    let (code, problems) = check_json(&site.root());
    assert_eq!(code, Some(1), "{}", listing(&problems));
    for (i, (date, updated, error)) in cases.iter().enumerate() {
        let file = format!("content/articles/case-{i}.md");
        let found = with_code(&problems, "updated-before-date", &file);
        if *error {
            assert_eq!(
                found.len(),
                1,
                "{date} / {updated}:\n{}",
                listing(&problems)
            );
            assert_eq!(found[0].severity, "error");
            assert_eq!((found[0].line, found[0].column), (Some(4), Some(10)));
        } else {
            assert!(
                found.is_empty(),
                "{date} / {updated}:\n{}",
                listing(&problems)
            );
        }
    }
    let others: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.code != "updated-before-date")
        .collect();
    assert!(others.is_empty(), "{others:?}");
}

/// A bare `updated` on the day of publication never puts a change before publication in
/// the feed, the page's JSON-LD or the sitemap.
#[test]
fn an_update_on_the_day_of_publication_is_never_before_it() {
    let site = SiteBuilder::with_files(&[
        (
            "site.yaml",
            "title: \"Test Briefing\"\nbase_url: \"https://example.org/brief/\"\ntimezone: UTC\n",
        ),
        (
            "content/articles/budget.md",
            &dated_article("2025-03-04T10:00:00Z", "2025-03-04"),
        ),
    ]);
    site.build_ok(&[]);
    let feed = std::fs::read_to_string(site.out().join("atom.xml")).unwrap();
    let times = |tag: &str| -> Vec<String> {
        feed.split(&format!("<{tag}>"))
            .skip(1)
            .map(|rest| rest.split('<').next().unwrap().to_string())
            .collect()
    };
    let published = times("published");
    assert_eq!(published, ["2025-03-04T10:00:00+00:00"], "{feed}");
    for updated in times("updated") {
        assert!(updated >= published[0], "<updated>{updated} in\n{feed}");
    }
    let page = std::fs::read_to_string(site.out().join("articles/budget/index.html")).unwrap();
    assert!(
        page.contains(r#""dateModified":"2025-03-04T10:00:00+00:00""#),
        "{page}"
    );
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("2025-03-04T00:00:00"), "{sitemap}");
}
