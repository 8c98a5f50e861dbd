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

/// A `site.yaml` with a base URL (without one, `check` warns `no-base-url`).
fn site_yaml() -> &'static str {
    "title: \"Test Briefing\"\nbase_url: \"https://example.org/\"\ntimezone: UTC\n"
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

// ---------------------------------------------------------------------------------------
// check-first-error-hides-rest: one problem in a front matter hides none of the others
// ---------------------------------------------------------------------------------------

/// (code, file, line) of each problem, sorted.
fn keys(problems: &[Problem]) -> Vec<(String, String, Option<u64>)> {
    let mut keys: Vec<_> = problems
        .iter()
        .map(|p| (p.code.clone(), p.file.clone(), p.line))
        .collect();
    keys.sort();
    keys
}

fn key(code: &str, file: &str, line: u64) -> (String, String, Option<u64>) {
    (code.to_string(), file.to_string(), Some(line))
}

const CITY_COUNCIL: &str =
    "---\nname: \"City Council\"\nkind: government\n---\nA fictional council.\n";

#[test]
fn every_problem_of_a_front_matter_is_reported_at_once() {
    // The case: two missing fields; a bad date beside two unknown slugs.
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        ("content/actors/city-council.md", CITY_COUNCIL),
        (
            "content/topics/transport.md",
            "---\nname: \"Transport\"\n---\nGetting around.\n",
        ),
        (
            "content/articles/a.md",
            "---\nsummary: \"Both title and date are missing.\"\nactors: [city-council]\ntopics: [transport]\n---\nThe council met.\n",
        ),
        (
            "content/articles/b.md",
            "---\ntitle: \"Bad date and two misspelled slugs\"\ndate: 2025-13-45\nactors: [city-councl]\ntopics: [transprt]\n---\nThe council met.\n",
        ),
    ]);
    let (code, problems) = check_json(&site.root());
    assert_eq!(code, Some(1));
    let a = "content/articles/a.md";
    let b = "content/articles/b.md";
    assert_eq!(
        keys(&problems),
        [
            key("bad-date", b, 3),
            key("missing-field", a, 2),
            key("missing-field", a, 2),
            key("unknown-slug", b, 4),
            key("unknown-slug", b, 5),
        ],
        "\n{}",
        listing(&problems)
    );
    let missing: Vec<&str> = with_code(&problems, "missing-field", a)
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert!(missing.contains(&"missing field `title`"), "{missing:?}");
    assert!(missing.contains(&"missing field `date`"), "{missing:?}");
    let slugs = with_code(&problems, "unknown-slug", b);
    assert_eq!(slugs[0].message, "unknown actor `city-councl`");
    assert_eq!(slugs[0].column, Some(10));
    assert_eq!(
        slugs[0].hint.as_deref(),
        Some("did you mean `city-council`?")
    );
    assert_eq!(slugs[1].message, "unknown topic `transprt`");
}

#[test]
fn wrong_types_unknown_keys_and_nested_missing_fields_are_all_reported() {
    let article = "---
title: [not, text]
date: 2025-03-04
draft: maybe
sumary: \"typo\"
actors: [city-council, {a: 1}, city-councl]
quotes:
  - by: city-council
  - text: \"The council met.\"
annotations:
  - quote: \"met\"
    kind: opinion
source: {publisher: [x], url: \"ftp://x\", author: \"A\", where: 1}
---
The council met.
";
    let actor = "---
kind: robot
roles:
  - from: 2020-01-01
  - office: city-council
alias: [x]
---
Beep.
";
    let topic = "---\nparnt: transport\naliases: \"one\"\n---\nText.\n";
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        ("content/actors/city-council.md", CITY_COUNCIL),
        ("content/actors/robot.md", actor),
        ("content/topics/bad.md", topic),
        ("content/articles/c.md", article),
    ]);
    let (code, problems) = check_json(&site.root());
    assert_eq!(code, Some(1));
    let (c, robot, bad) = (
        "content/articles/c.md",
        "content/actors/robot.md",
        "content/topics/bad.md",
    );
    assert_eq!(
        keys(&problems),
        [
            key("bad-source-url", c, 13),
            key("missing-field", robot, 2), // name
            key("missing-field", robot, 4), // the first role's office
            key("missing-field", c, 8),     // the first quote's text
            key("missing-field", c, 9),     // the second quote's speaker
            key("missing-field", c, 11),    // the annotation's note
            key("missing-field", bad, 2),   // name
            key("unknown-key", robot, 6),   // alias
            key("unknown-key", c, 5),       // sumary
            key("unknown-key", c, 13),      // source.where
            key("unknown-key", bad, 2),     // parnt
            key("unknown-slug", c, 6),      // city-councl
            key("wrong-type", robot, 2),    // kind: robot
            key("wrong-type", c, 2),        // title
            key("wrong-type", c, 4),        // draft
            key("wrong-type", c, 6),        // {a: 1} in actors
            key("wrong-type", c, 12),       // kind: opinion
            key("wrong-type", c, 13),       // publisher
            key("wrong-type", bad, 3),      // aliases
        ],
        "\n{}",
        listing(&problems)
    );
    let hints: Vec<Option<&str>> = ["sumary", "alias", "parnt"]
        .iter()
        .map(|k| {
            problems
                .iter()
                .find(|p| p.message.starts_with(&format!("unknown field `{k}`")))
                .and_then(|p| p.hint.as_deref())
        })
        .collect();
    assert_eq!(
        hints,
        [
            Some("did you mean `summary`?"),
            Some("did you mean `aliases`?"),
            Some("did you mean `parent`?")
        ]
    );
}

/// A broken article still counts as listing what it lists: no `unused-entity` warning
/// points at the wrong file.
#[test]
fn what_a_broken_article_lists_is_not_unused() {
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        ("content/actors/city-council.md", CITY_COUNCIL),
        (
            "content/topics/transport.md",
            "---\nname: \"Transport\"\n---\nGetting around.\n",
        ),
        (
            "content/articles/a.md",
            "---\ntitle: \"Bad date\"\ndate: 2025-02-30\ndraft: sometimes\nactors: [city-council]\ntopics: [transport]\n---\nText.\n",
        ),
    ]);
    let (_, problems) = check_json(&site.root());
    assert_eq!(
        keys(&problems),
        [
            key("bad-date", "content/articles/a.md", 3),
            key("wrong-type", "content/articles/a.md", 4),
        ],
        "\n{}",
        listing(&problems)
    );
}

/// YAML that does not read at all is still one problem, at its line.
#[test]
fn yaml_that_does_not_parse_is_one_problem() {
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        (
            "content/articles/a.md",
            "---\ntitle: \"A\" and more\ndate: [\n---\nText.\n",
        ),
        (
            "content/articles/b.md",
            "---\n- a list\n- not fields\n---\nText.\n",
        ),
    ]);
    let (_, problems) = check_json(&site.root());
    assert_eq!(problems.len(), 2, "{}", listing(&problems));
    assert!(
        problems.iter().all(|p| p.line.is_some()),
        "{}",
        listing(&problems)
    );
}

/// A long list does not use up the reading: the fields after it are still reported, and
/// the list's own problem is at its item.
#[test]
fn a_long_list_does_not_hide_the_fields_after_it() {
    let slugs: Vec<String> = (0..3000).map(|i| format!("a{i}")).collect();
    let article = format!(
        "---\ntitle: \"A\"\ndate: 2025-01-01\nactors: [{}, {{x: 1}}, {}]\ndraft: maybe\n---\nText.\n",
        slugs[..1500].join(", "),
        slugs[1500..].join(", ")
    );
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        ("content/articles/a.md", &article),
    ]);
    let (_, problems) = check_json(&site.root());
    let wrong = with_code(&problems, "wrong-type", "content/articles/a.md");
    let lines: Vec<Option<u64>> = wrong.iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(4), Some(5)], "\n{}", listing(&problems));
    let column = article.lines().nth(3).unwrap().find("{x").unwrap() as u64 + 1;
    assert_eq!(wrong[0].column, Some(column));
}

// ---------------------------------------------------------------------------------------
// template-error-location: every template error names its file, line and column
// ---------------------------------------------------------------------------------------

/// A site with one article and these templates (name, text).
fn site_with_templates(templates: &[(&str, &str)]) -> SiteBuilder {
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        (
            "content/articles/budget.md",
            "---\ntitle: \"Council approves budget\"\ndate: 2025-03-04\n---\nThe council approved the budget.\n",
        ),
    ]);
    for (name, text) in templates {
        site.write(&format!("templates/{name}"), text);
    }
    site
}

/// Templates of a site: (name, text).
type Templates<'a> = Vec<(&'a str, String)>;
/// A template error expected: file, line, column, words of its message.
type Expected<'a> = (&'a str, u64, u64, &'a str);

#[test]
fn every_template_error_names_its_file_line_and_column() {
    let page = |inner: &str| {
        format!(
            "{{% extends \"base.html\" %}}\n{{% block content %}}\n<h1>Page not found</h1>\n{inner}\n{{% endblock content %}}\n"
        )
    };
    // (templates, then each expected error: file, line, column, words of the message)
    let cases: Vec<(Templates, Vec<Expected>)> = vec![
        // The case: an unknown filter.
        (
            vec![("404.html", page("<p>{{ \"Nothing here\" | shout }}</p>"))],
            vec![("templates/404.html", 4, 24, "Unknown filter `shout`")],
        ),
        (
            vec![("404.html", page("<p>{{ no_such_function() }}</p>"))],
            vec![("templates/404.html", 4, 7, "Unknown function `no_such_function`")],
        ),
        (
            vec![("404.html", page("  {% include \"partials/nope.html\" %}"))],
            vec![("templates/404.html", 4, 14, "Unknown template `partials/nope.html`")],
        ),
        // Two problems in one file and one in another: each reported.
        (
            vec![
                ("404.html", page("<p>{{ \"x\" | shout }} {% if 1 is weird %}x{% endif %}</p>")),
                ("partials/extra.html", "\n\n{{ nope() }}\n".to_string()),
            ],
            vec![
                ("templates/404.html", 4, 13, "Unknown filter `shout`"),
                ("templates/404.html", 4, 33, "Unknown test `weird`"),
                ("templates/partials/extra.html", 3, 4, "Unknown function `nope`"),
            ],
        ),
        // An article's card is rendered once, outside any page: its problems name it.
        (
            vec![("partials/article_card.html", "\n  {{ item.title | shout }}\n".to_string())],
            vec![("templates/partials/article_card.html", 2, 19, "Unknown filter `shout`")],
        ),
        (
            vec![("partials/article_chips.html", "{{ page.title }}\n".to_string())],
            vec![("templates/partials/article_chips.html", 1, 4, "`page` is not defined")],
        ),
        (
            vec![("404.html", page("<p>{{ page_title }</p>"))],
            vec![("templates/404.html", 4, 18, "expected }}")],
        ),
        (
            vec![("404.html", page("<p>{{ page_title.missing }}</p>"))],
            vec![("templates/404.html", 4, 7, "`page_title` is not defined")],
        ),
        (
            vec![(
                "404.html",
                "{% extends \"nobase.html\" %}\n{% block content %}x{% endblock content %}\n".to_string(),
            )],
            vec![("templates/404.html", 1, 13, "nobase.html")],
        ),
        (
            vec![
                ("a.html", "{% extends \"b.html\" %}\n".to_string()),
                ("b.html", "{% extends \"a.html\" %}\n".to_string()),
            ],
            vec![("templates/a.html", 1, 4, "Circular extend")],
        ),
        (
            vec![
                ("a.html", "\n{% include \"b.html\" %}\n".to_string()),
                ("b.html", "{% include \"a.html\" %}\n".to_string()),
            ],
            vec![("templates/a.html", 2, 4, "Circular include")],
        ),
        (
            vec![(
                "404.html",
                "{% extends \"base.html\" %}\n{% block nosuchblock %}\nx\n{% endblock nosuchblock %}\n".to_string(),
            )],
            vec![("templates/404.html", 2, 10, "nosuchblock")],
        ),
    ];
    for (templates, expected) in cases {
        let named: Vec<(&str, &str)> = templates.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let site = site_with_templates(&named);
        let (code, problems) = check_json(&site.root());
        assert_eq!(code, Some(1), "{named:?}");
        let got: Vec<(&str, Option<u64>, Option<u64>)> = problems
            .iter()
            .map(|p| (p.file.as_str(), p.line, p.column))
            .collect();
        let wanted: Vec<(&str, Option<u64>, Option<u64>)> = expected
            .iter()
            .map(|(f, l, c, _)| (*f, Some(*l), Some(*c)))
            .collect();
        assert_eq!(got, wanted, "{named:?}\n{}", listing(&problems));
        for (problem, (_, _, _, words)) in problems.iter().zip(&expected) {
            assert_eq!(problem.code, "template");
            assert!(problem.message.contains(words), "{problem}");
            // One message, not Tera's own report (with its position) inside it.
            assert!(!problem.message.contains("-->"), "{problem}");
            assert!(!problem.message.contains('\n'), "{problem}");
        }
        // The human format: one rustc-style block per problem, at the same place.
        let human = stderr(&check_in(&site.root(), &[]));
        for (file, line, column, _) in &expected {
            assert!(
                human.contains(&format!("--> {file}:{line}:{column}\n")),
                "{human}"
            );
        }
        assert!(!human.contains("--> templates\n"), "{human}");
        assert_eq!(
            human.matches("-->").count(),
            expected.len(),
            "one location per problem:\n{human}"
        );
    }
}

/// The case in the human format: one rustc-style block whose underline covers the name.
#[test]
fn a_template_error_underlines_the_unknown_name() {
    let site = site_with_templates(&[(
        "404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>Page not found</h1>\n<p>{{ \"Nothing here\" | shout }}</p>\n{% endblock content %}\n",
    )]);
    let human = stderr(&check_in(&site.root(), &[]));
    let block = format!(
        " --> templates/404.html:4:24\n  |\n4 | <p>{{{{ \"Nothing here\" | shout }}}}</p>\n  |{}^^^^^\n",
        " ".repeat(24)
    );
    assert!(human.contains(&block), "{human}");
}

// ---------------------------------------------------------------------------------------
// footnote-labels-unchecked: duplicate, undefined and unused footnote labels
// ---------------------------------------------------------------------------------------

/// code, severity, file, line, column.
type FootnoteProblem<'a> = (&'a str, &'a str, &'a str, Option<u64>, Option<u64>);

#[test]
fn footnote_labels_are_checked_at_their_lines() {
    let case = "---
title: \"Council approves budget\"
date: 2025-03-04
---
The council approved the budget.[^vote]

Buses will run every ten minutes.[^other]

Trams too.[^vote] And ferries.[^ferry]

[^vote]: The vote was 7 to 2.
[^other]: Other note.
[^vote]: Correction: the vote was 6 to 3.
[^unused]: A note nobody cites.
";
    // Further inputs: labels in other letter cases, in a table, a list and a note;
    // text that only looks like a reference; an actor's profile.
    let more = "---
title: \"More notes\"
date: 2025-03-05
---
| Body | Vote |
| --- | --- |
| Council[^Tally] | 7–2[^missing] |

- Item one.[^list]
- Escaped \\[^not-a-note] and `[^code]` and [^two words].

[^tally]: Counted twice.[^inner]
[^LIST]: From the list.
[^inner]: Cited from a note.
[^Tally]: Again, in another case.
";
    let profile = "---\nname: \"City Council\"\nkind: government\n---\nThe council.[^seat]\n\n[^spare]: Never cited.\n";
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        ("content/articles/budget.md", case),
        ("content/articles/more.md", more),
        ("content/actors/city-council.md", profile),
    ]);
    let (code, problems) = check_json(&site.root());
    assert_eq!(code, Some(1));
    let (budget, more, council) = (
        "content/articles/budget.md",
        "content/articles/more.md",
        "content/actors/city-council.md",
    );
    let footnotes: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.code.ends_with("-footnote"))
        .collect();
    let got: Vec<FootnoteProblem> = footnotes
        .iter()
        .map(|p| {
            (
                p.code.as_str(),
                p.severity.as_str(),
                p.file.as_str(),
                p.line,
                p.column,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("undefined-footnote", "error", council, Some(5), Some(13)),
            ("unused-footnote", "warning", council, Some(7), Some(1)),
            ("undefined-footnote", "error", budget, Some(9), Some(31)),
            ("duplicate-footnote", "error", budget, Some(13), Some(1)),
            ("unused-footnote", "warning", budget, Some(14), Some(1)),
            ("undefined-footnote", "error", more, Some(7), Some(24)),
            ("duplicate-footnote", "error", more, Some(15), Some(1)),
        ],
        "\n{}",
        listing(&problems)
    );
    assert!(
        footnotes[2].message.contains("[^ferry]"),
        "{}",
        footnotes[2]
    );
    assert!(footnotes[3].message.contains("[^vote]"), "{}", footnotes[3]);
    assert_eq!(
        footnotes[3].hint.as_deref(),
        Some("it is first defined on line 11: keep one definition, or give this one its own label")
    );
    assert!(
        footnotes[4].message.contains("[^unused]"),
        "{}",
        footnotes[4]
    );
}

/// Footnotes as they should be pass, and build.
#[test]
fn footnotes_cited_once_and_defined_once_pass() {
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        (
            "content/articles/budget.md",
            "---\ntitle: \"Budget\"\ndate: 2025-03-04\n---\nApproved.[^vote] Again.[^Vote]\n\n[^vote]: The vote was 7 to 2.\n",
        ),
    ]);
    let (code, problems) = check_json(&site.root());
    assert_eq!((code, problems), (Some(0), Vec::new()));
    site.build_ok(&[]);
    let page = std::fs::read_to_string(site.out().join("articles/budget/index.html")).unwrap();
    assert!(page.contains("The vote was 7 to 2."), "{page}");
    assert!(!page.contains("[^"), "{page}");
}

// ---------------------------------------------------------------------------------------
// wikilink-alias-in-table: `[[slug|text]]` and `[[slug\|text]]` in a table cell
// ---------------------------------------------------------------------------------------

const TRANSPORT: &str = "---\nname: \"Transport\"\n---\nGetting around.\n";

fn table_article(body: &str) -> String {
    format!(
        "---\ntitle: \"Council approves budget\"\ndate: 2025-03-04\nactors: [city-council]\ntopics: [transport]\n---\n{body}"
    )
}

/// The cells of each row of the first table of a built page.
fn table_cells(site: &SiteBuilder, page: &str, css: &str) -> Vec<Vec<(String, Option<String>)>> {
    let html = site.page(page);
    let table = html
        .select(&selector(css))
        .next()
        .unwrap_or_else(|| panic!("no {css} in {page}"));
    table
        .select(&selector("tr"))
        .map(|row| {
            row.select(&selector("th, td"))
                .map(|cell| {
                    let link = cell
                        .select(&selector("a"))
                        .next()
                        .and_then(|a| a.value().attr("href").map(str::to_string));
                    (text_of(cell), link)
                })
                .collect()
        })
        .collect()
}

#[test]
fn an_aliased_wikilink_works_in_a_table_cell_escaped_or_not() {
    for pipe in ["|", "\\|"] {
        let body = format!(
            "The vote, by body:\n\n| Body | Vote | Topic |\n| --- | --- | --- |\n| [[city-council{pipe}The council]] | 7–2 | [[topics/transport]] |\n\nOutside a table the same link works: [[city-council|the councillors]].\n"
        );
        let site = SiteBuilder::with_files(&[
            ("site.yaml", site_yaml()),
            ("content/actors/city-council.md", CITY_COUNCIL),
            ("content/topics/transport.md", TRANSPORT),
            ("content/articles/budget.md", &table_article(&body)),
        ]);
        let (code, problems) = check_json(&site.root());
        assert_eq!(
            (code, listing(&problems)),
            (Some(0), String::new()),
            "{pipe}"
        );
        site.build_ok(&[]);
        let rows = table_cells(&site, "articles/budget/index.html", "table");
        let link = |text: &str, to: &str| (text.to_string(), Some(to.to_string()));
        assert_eq!(
            rows[1],
            [
                link("The council", "https://example.org/actors/city-council/"),
                ("7–2".to_string(), None),
                link("Transport", "https://example.org/topics/transport/"),
            ],
            "{pipe}"
        );
        let page = std::fs::read_to_string(site.out().join("articles/budget/index.html")).unwrap();
        assert!(!page.contains("[["), "{pipe}: a link left as text");
    }
}

/// A link in the header row (which would hide the whole table), a table in a block quote,
/// several links in one row, and a link whose target does not exist, reported at its place.
#[test]
fn aliased_wikilinks_in_headers_quotes_and_rows_keep_their_places() {
    let body = "Intro.

| [[city-council|Council]] | [[transport|Getting about]] |
| --- | --- |
| [[city-council|yes]] and [[transport|roads]] | `code\\|pipe` |

> | Quoted | Table |
> | --- | --- |
> | [[city-council|The council]] | [[nowhere|lost]] |

After the tables, [[city-council|the councillors]] and [[nowhere-else]].
";
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        ("content/actors/city-council.md", CITY_COUNCIL),
        ("content/topics/transport.md", TRANSPORT),
        ("content/articles/budget.md", &table_article(body)),
    ]);
    let (code, problems) = check_json(&site.root());
    assert_eq!(code, Some(1));
    let unknown = with_code(&problems, "unknown-slug", "content/articles/budget.md");
    let places: Vec<(Option<u64>, Option<u64>, &str)> = unknown
        .iter()
        .map(|p| (p.line, p.column, p.message.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            (Some(15), Some(36), "unknown link target `[[nowhere]]`"),
            (Some(17), Some(56), "unknown link target `[[nowhere-else]]`"),
        ],
        "\n{}",
        listing(&problems)
    );
    assert_eq!(problems.len(), 2, "\n{}", listing(&problems));
    site.write(
        "content/articles/budget.md",
        &table_article(
            &body
                .replace("nowhere-else", "transport")
                .replace("nowhere", "transport"),
        ),
    );
    let (code, problems) = check_json(&site.root());
    assert_eq!((code, listing(&problems)), (Some(0), String::new()));
    site.build_ok(&[]);
    let first = table_cells(&site, "articles/budget/index.html", "table");
    assert_eq!(
        first[0][0],
        (
            "Council".to_string(),
            Some("https://example.org/actors/city-council/".to_string())
        )
    );
    assert_eq!(first[0][1].0, "Getting about");
    assert_eq!(first[1].len(), 2);
    assert_eq!(first[1][0].0, "yes and roads");
    assert_eq!(first[1][1].0, "code|pipe");
    let quoted = table_cells(&site, "articles/budget/index.html", "blockquote table");
    assert_eq!(quoted[1][0].0, "The council");
    assert_eq!(quoted[1][1].0, "lost");
}

/// A row with more cells than its table has columns loses the last ones: an error.
#[test]
fn a_table_row_with_cells_past_the_last_column_is_an_error() {
    // A `|` in text, and one in code (which cuts a cell too, unless written `\|`).
    let body =
        "| Body | Vote |\n| --- | --- |\n| Council | 7 | 2 |\n| Mayor | yes |\n| Clerk | `a|b` |\n";
    let profile = "---\nname: \"City Council\"\nkind: government\n---\n| Seat | Holder |\n| --- | --- |\n| 1 | A | B |\n";
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        ("content/actors/city-council.md", profile),
        ("content/topics/transport.md", TRANSPORT),
        ("content/articles/budget.md", &table_article(body)),
    ]);
    let (code, problems) = check_json(&site.root());
    assert_eq!(code, Some(1));
    let cells: Vec<(&str, Option<u64>)> = problems
        .iter()
        .filter(|p| p.code == "table-cells")
        .map(|p| (p.file.as_str(), p.line))
        .collect();
    assert_eq!(
        cells,
        [
            ("content/actors/city-council.md", Some(7)),
            ("content/articles/budget.md", Some(9)),
            ("content/articles/budget.md", Some(11)),
        ],
        "\n{}",
        listing(&problems)
    );
}

// ---------------------------------------------------------------------------------------
// html-comment-published: editors' HTML comments are never shown
// ---------------------------------------------------------------------------------------

/// Every file under `dir` whose text holds `word` (in any escaping of the comment).
fn files_holding(dir: &Path, word: &str) -> Vec<String> {
    files_under(dir)
        .into_iter()
        .filter(|file| {
            let text =
                String::from_utf8_lossy(&std::fs::read(dir.join(file)).unwrap()).into_owned();
            text.contains(word) || text.contains("&lt;!--") || text.contains("\\u003c!--")
        })
        .collect()
}

#[test]
fn html_comments_are_left_out_of_every_output() {
    let article = "---
title: \"Council approves budget\"
date: 2025-03-04
actors: [city-council]
annotations:
  - quote: \"approved the budget\"
    kind: claim
    verdict: accurate
    note: \"Checked with the clerk. <!-- SECRET-note: ask again -->\"
---
The council approved the budget. <!-- TODO SECRET-inline: confirm the vote count -->

<!--
Editor's note: SECRET-block, source says 7-2, unverified.
-->

Buses will run every ten minutes.[^n] <!-- SECRET-a --> Trams <!-- SECRET-b --> too.

<!-- SECRET-c --> After a comment.

[^n]: The timetable. <!-- SECRET-footnote -->
";
    let profile = "---\nname: \"City Council\"\nkind: government\n---\nA fictional council. <!-- SECRET-profile -->\n";
    let topic = "---\nname: \"Transport\"\n---\n<!-- SECRET-topic -->\nGetting around.\n";
    let site = SiteBuilder::with_files(&[
        (
            "site.yaml",
            "title: \"Test Briefing\"\nbase_url: \"https://example.org/\"\ntimezone: UTC\n",
        ),
        ("content/articles/budget.md", article),
        ("content/actors/city-council.md", profile),
        ("content/topics/transport.md", topic),
        (
            "content/articles/other.md",
            "---\ntitle: \"Transport news\"\ndate: 2025-03-03\ntopics: [transport]\n---\nNothing more.\n",
        ),
    ]);
    let (code, problems) = check_json(&site.root());
    assert_eq!((code, listing(&problems)), (Some(0), String::new()));
    site.build_ok(&[]);
    let leaks = files_holding(&site.out(), "SECRET");
    assert!(leaks.is_empty(), "comments published in {leaks:?}");
    // What is not a comment is all there, in the page, the feed and the search index.
    let page = site.page("articles/budget/index.html");
    let text = page_text(&page);
    // The passage reads whole once its side note (placed before it) is left out.
    let note = page
        .select(&selector(".sidenote"))
        .next()
        .map(|n| format!("{} ", text_of(n)))
        .unwrap_or_default();
    let reading = text.replace(&note, "");
    assert!(
        reading.contains("The council 1 approved the budget"),
        "{reading}"
    );
    for shown in [
        "The council",
        "approved the budget",
        "Buses will run every ten minutes.",
        "Trams too.",
        "After a comment.",
        "The timetable.",
        "Checked with the clerk.",
    ] {
        assert!(text.contains(shown), "{shown:?} missing:\n{text}");
    }
    let feed = std::fs::read_to_string(site.out().join("atom.xml")).unwrap();
    assert!(feed.contains("Buses will run every ten minutes."), "{feed}");
    let index = std::fs::read_to_string(site.out().join("search-index.js")).unwrap();
    assert!(
        index.contains("Buses will run every ten minutes."),
        "{index}"
    );
    let json_ld: String = texts(&page, "script[type='application/ld+json']").join("\n");
    assert!(json_ld.contains("Checked with the clerk."), "{json_ld}");
    let annotations =
        std::fs::read_to_string(site.out().join("articles/budget/annotations.jsonld")).unwrap();
    assert!(
        annotations.contains("Checked with the clerk."),
        "{annotations}"
    );
    assert!(
        page_text(&site.page("actors/city-council/index.html")).contains("A fictional council.")
    );
}

/// A quote must be in the text readers see: not inside a comment.
#[test]
fn a_quote_from_inside_a_comment_is_not_found() {
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        ("content/actors/city-council.md", CITY_COUNCIL),
        (
            "content/articles/budget.md",
            "---\ntitle: \"Budget\"\ndate: 2025-03-04\nquotes:\n  - by: city-council\n    text: \"the vote was seven to two\"\n---\nThe City Council approved it. <!-- the vote was seven to two -->\n",
        ),
    ]);
    let (code, problems) = check_json(&site.root());
    assert_eq!(code, Some(1));
    let missing = with_code(&problems, "quote-not-found", "content/articles/budget.md");
    assert_eq!(missing.len(), 1, "{}", listing(&problems));
}

// ---------------------------------------------------------------------------------------
// placeholder-text: what `briefing new` and `init` wrote, never replaced
// ---------------------------------------------------------------------------------------

#[test]
fn placeholder_text_left_in_is_a_warning_at_its_place() {
    // What `briefing new article` writes, with two suggested keys uncommented as written.
    let article = "---
title: \"Harbour reopens\"
date: 2025-03-04
summary: \"\"
source: { publisher: \"Gazette\", url: \"https://...\" }
quotes:
  - by: city-council
    text: \"...\"
---
Replace this line with the article's text, in Markdown.
";
    let actor = "---
name: \"City Council\"
kind: government
wikidata: Q00000
links: [\"https://...\"]
---
Replace this line with a short profile of City Council: who they are and why they matter here.
";
    let topic = "---\nname: \"Transport\"\naliases: []\n---\n  Replace this line with a short description of Transport.\n";
    let example = "---\nname: \"Night ferry\"\n---\n*A fictional example made by `briefing init`.*\n\nPlans for a ferry.\n";
    // Neither an empty summary left out nor text that merely mentions the words.
    let fine = "---\ntitle: \"Fine\"\ndate: 2025-03-05\nactors: [city-council]\ntopics: [transport, night-ferry]\n---\nThe council said it would not replace this line with anything... See https://example.org.\n";
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml()),
        ("content/articles/harbour-reopens.md", article),
        ("content/articles/fine.md", fine),
        ("content/actors/city-council.md", actor),
        ("content/topics/transport.md", topic),
        ("content/topics/night-ferry.md", example),
    ]);
    let (code, problems) = check_json(&site.root());
    let placeholders: Vec<(&str, Option<u64>, Option<u64>)> = problems
        .iter()
        .filter(|p| p.code == "placeholder-text")
        .map(|p| {
            assert_eq!(p.severity, "warning", "{p}");
            (p.file.as_str(), p.line, p.column)
        })
        .collect();
    let (harbour, council) = (
        "content/articles/harbour-reopens.md",
        "content/actors/city-council.md",
    );
    assert_eq!(
        placeholders,
        [
            (council, Some(4), Some(11)), // wikidata
            (council, Some(5), Some(9)),  // links
            (council, Some(7), None),     // the profile
            (harbour, Some(4), Some(10)), // summary: ""
            (harbour, Some(5), Some(38)), // url: "https://..."
            (harbour, Some(8), Some(11)), // text: "..."
            (harbour, Some(10), None),    // the body
            ("content/topics/night-ferry.md", Some(4), None),
            ("content/topics/transport.md", Some(5), None),
        ],
        "\n{}",
        listing(&problems)
    );
    // The quote "..." is not in the text: that is an error of its own.
    assert_eq!(code, Some(1), "\n{}", listing(&problems));
    let others: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.code != "placeholder-text")
        .collect();
    assert_eq!(others.len(), 1, "{others:?}");
    assert_eq!(others[0].code, "quote-not-found");
}
