//! Small fixture sites built with the real binary, one behaviour at a time.

mod common;

use std::collections::BTreeMap;
use std::fs;

use common::*;
use scraper::{ElementRef, Html};

// ---------------------------------------------------------------------------------------
// Helpers for this file
// ---------------------------------------------------------------------------------------

/// The nearest `section` (or other block) around the heading whose text is `heading`,
/// perhaps followed by a count.
fn section<'a>(html: &'a Html, heading: &str) -> ElementRef<'a> {
    let found = html
        .select(&selector("h1, h2, h3"))
        .find(|h| {
            text_of(*h)
                .strip_prefix(heading)
                .is_some_and(|rest| rest.is_empty() || rest.trim().parse::<usize>().is_ok())
        })
        .unwrap_or_else(|| {
            panic!(
                "no heading {heading:?}; headings: {:?}",
                texts(html, "h1, h2, h3")
            )
        });
    found
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| matches!(e.value().name(), "section" | "nav" | "aside" | "article"))
        .unwrap_or_else(|| panic!("heading {heading:?} is in no section"))
}

/// Like [`section`], for the heading whose text starts with `prefix` (headings with counts).
fn section_starting<'a>(html: &'a Html, prefix: &str) -> ElementRef<'a> {
    let found = html
        .select(&selector("h1, h2, h3"))
        .find(|h| text_of(*h).starts_with(prefix))
        .unwrap_or_else(|| {
            panic!(
                "no heading starting {prefix:?}; headings: {:?}",
                texts(html, "h1, h2, h3")
            )
        });
    found
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| matches!(e.value().name(), "section" | "nav" | "aside" | "article"))
        .unwrap_or_else(|| panic!("heading {prefix:?} is in no section"))
}

fn has_heading(html: &Html, heading: &str) -> bool {
    html.select(&selector("h1, h2, h3"))
        .any(|h| text_of(h) == heading)
}

/// The output files the links inside `element` point at, in order, without repeats in a row.
fn targets_in(element: ElementRef<'_>, page: &str, base: &str) -> Vec<String> {
    let base = Base::new(base);
    let mut found: Vec<String> = Vec::new();
    for a in element.select(&selector("a[href]")) {
        if let Ok(Target::Internal { file, .. }) =
            resolve_link(page, a.value().attr("href").unwrap(), &base)
            && found.last() != Some(&file)
        {
            found.push(file);
        }
    }
    found
}

/// The article slugs linked inside `element`, in order.
fn article_slugs_in(element: ElementRef<'_>, page: &str) -> Vec<String> {
    targets_in(element, page, "/")
        .into_iter()
        .filter_map(|f| {
            f.strip_prefix("articles/")
                .and_then(|f| f.strip_suffix("/index.html"))
                .map(str::to_string)
        })
        .collect()
}

/// A ranked list as (link text, count) pairs: each `li` reads "Name N".
fn tallies_in(element: ElementRef<'_>) -> Vec<(String, usize)> {
    element
        .select(&selector("li"))
        .map(|li| {
            let text = text_of(li);
            let (name, count) = text
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("tally {text:?} has no count"));
            let count = count
                .parse()
                .unwrap_or_else(|_| panic!("tally {text:?} does not end with a count"));
            (name.to_string(), count)
        })
        .collect()
}

/// Every internal link target of every page of the output.
fn all_targets(out: &std::path::Path, base: &str) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for page in html_files(out) {
        let html = read_html(&out.join(&page));
        for target in internal_targets(&page, &html, base) {
            all.push((page.clone(), target));
        }
    }
    all
}

/// Each error in stderr as one line, `error: FILE:LINE:COL: MESSAGE`, read from the
/// rustc-style blocks (`error[code]: MESSAGE` then ` --> FILE:LINE:COL`).
fn error_lines(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("error[") else {
            continue;
        };
        let message = rest.split_once("]: ").map_or(rest, |(_, m)| m);
        let location = lines
            .get(i + 1)
            .and_then(|l| l.trim_start().strip_prefix("--> "))
            .unwrap_or("");
        found.push(format!("error: {location}: {message}"));
    }
    found
}

/// The error line about `file:line:`, or a panic showing stderr.
fn error_at(stderr: &str, location: &str) -> String {
    let prefix = format!("error: {location}");
    error_lines(stderr)
        .into_iter()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no `{prefix}...` line in stderr:\n{stderr}"))
}

/// Builds `site` once, breaks it with `break_it`, and checks that the second build fails
/// with exit code 1, leaving the first output byte-identical and nothing new beside it.
/// Returns the failed build's stderr.
fn assert_failed_build_keeps_output(
    site: &SiteBuilder,
    break_it: impl FnOnce(&SiteBuilder),
) -> String {
    site.build_ok(&[]);
    let before = snapshot(&site.out());
    let beside = entries_of(site.tmp());
    assert!(before.contains_key("index.html"));
    break_it(site);
    let stderr = site.build_err(&[]);
    assert_same_snapshot(&before, &snapshot(&site.out()), "the previous output");
    assert_eq!(
        entries_of(site.tmp()),
        beside,
        "a failed build left something beside the output"
    );
    assert!(
        !error_lines(&stderr).is_empty(),
        "no `error:` line in stderr:\n{stderr}"
    );
    stderr
}

/// The base site most tests start from: four actors, three topics, five articles.
///
/// | article | date       | actors       | topics          |
/// |---------|------------|--------------|-----------------|
/// | a5      | 2024-12-01 | alice        | trade           |
/// | a1      | 2025-01-10 | alice, bob   | trade           |
/// | a2      | 2025-02-05 | alice, carol | trade, climate  |
/// | a4      | 2025-02-20 | bob          | energy          |
/// | a3      | 2025-03-01 | alice, bob   | climate         |
fn entity_site() -> SiteBuilder {
    let site = SiteBuilder::new();
    site.write("content/actors/alice.md", &actor_md("Alice Ames", "person"))
        .write("content/actors/bob.md", &actor_md("Bob Brown", "person"))
        .write(
            "content/actors/carol.md",
            &actor_md("Carol Corp", "organisation"),
        )
        .write("content/actors/dave.md", &actor_md("Daveland", "country"))
        .write("content/topics/trade.md", &topic_md("Trade"))
        .write("content/topics/climate.md", &topic_md("Climate"))
        .write("content/topics/energy.md", &topic_md("Energy"));
    for (slug, date, actors, topics) in [
        ("a5", "2024-12-01", &["alice"][..], &["trade"][..]),
        ("a1", "2025-01-10", &["alice", "bob"], &["trade"]),
        (
            "a2",
            "2025-02-05",
            &["alice", "carol"],
            &["trade", "climate"],
        ),
        ("a4", "2025-02-20", &["bob"], &["energy"]),
        ("a3", "2025-03-01", &["alice", "bob"], &["climate"]),
    ] {
        let title = format!("Article {}", slug.to_uppercase());
        site.write(
            &format!("content/articles/{slug}.md"),
            &article_md(&title, date, actors, topics, "", "Some text."),
        );
    }
    site
}

// ---------------------------------------------------------------------------------------
// Actor and topic pages
// ---------------------------------------------------------------------------------------

#[test]
fn actor_page_lists_articles_newest_first_with_topic_and_alongside_counts() {
    let site = entity_site();
    let summary = parse_summary(&site.build_ok(&[]));
    assert_eq!(
        (summary.articles, summary.actors, summary.topics),
        (5, 4, 3)
    );
    let page = "actors/alice/index.html";
    let html = site.page(page);
    assert_eq!(
        article_slugs_in(section(&html, "Articles"), page),
        ["a3", "a2", "a1", "a5"],
        "alice's articles, newest first"
    );
    assert_eq!(
        tallies_in(section(&html, "Topics")),
        [("Trade".to_string(), 3), ("Climate".to_string(), 2)]
    );
    assert_eq!(
        tallies_in(section(&html, "Seen alongside")),
        [("Bob Brown".to_string(), 2), ("Carol Corp".to_string(), 1)]
    );
}

#[test]
fn actor_without_articles_has_an_empty_timeline() {
    let site = entity_site();
    site.build_ok(&[]);
    let page = "actors/dave/index.html";
    let html = site.page(page);
    assert!(article_slugs_in(section(&html, "Articles"), page).is_empty());
    assert!(tallies_in(section(&html, "Seen alongside")).is_empty());
}

#[test]
fn topic_page_lists_articles_newest_first_with_actor_counts() {
    let site = entity_site();
    site.build_ok(&[]);
    let page = "topics/trade/index.html";
    let html = site.page(page);
    assert_eq!(
        article_slugs_in(section(&html, "Articles"), page),
        ["a2", "a1", "a5"]
    );
    assert_eq!(
        tallies_in(section(&html, "Actors")),
        [
            ("Alice Ames".to_string(), 3),
            ("Bob Brown".to_string(), 1),
            ("Carol Corp".to_string(), 1)
        ]
    );
    assert_eq!(
        tallies_in(section(&html, "Related topics")),
        [("Climate".to_string(), 1)]
    );
}

#[test]
fn actor_and_topic_indexes_link_every_entity_with_its_article_count() {
    let site = entity_site();
    site.build_ok(&[]);
    let html = site.page("actors/index.html");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for list in html.select(&selector("main ul")) {
        counts.extend(tallies_in(list));
    }
    let expected: BTreeMap<String, usize> = [
        ("Alice Ames", 4),
        ("Bob Brown", 3),
        ("Carol Corp", 1),
        ("Daveland", 0),
    ]
    .into_iter()
    .map(|(n, c)| (n.to_string(), c))
    .collect();
    assert_eq!(counts, expected);
    let targets = internal_targets("actors/index.html", &html, "/");
    for slug in ["alice", "bob", "carol", "dave"] {
        assert!(
            targets.contains(&format!("actors/{slug}/index.html")),
            "actors/ misses {slug}"
        );
    }

    let html = site.page("topics/index.html");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for list in html.select(&selector("main ul")) {
        counts.extend(tallies_in(list));
    }
    let expected: BTreeMap<String, usize> = [("Trade", 3), ("Climate", 2), ("Energy", 1)]
        .into_iter()
        .map(|(n, c)| (n.to_string(), c))
        .collect();
    assert_eq!(counts, expected);
    check_links(&site.out(), "/");
}

#[test]
fn summary_line_counts_match_the_output() {
    let site = entity_site();
    let summary = parse_summary(&site.build_ok(&[]));
    // home, 3 indexes, search, corrections, 404, 5 articles, 4 actors, 3 topics, 4 archive
    // months, and 2 pair pages (Alice shares 3 articles with trade and 2 with climate; the
    // default `pages.min_articles` is 2)
    assert_eq!(summary.pages, 25);
    assert_eq!(summary.pages, html_files(&site.out()).len());
    assert_eq!(std::path::Path::new(&summary.output), site.out());
    assert!(site.out().join("style.css").is_file());
}

// ---------------------------------------------------------------------------------------
// Related articles
// ---------------------------------------------------------------------------------------

fn related_site() -> SiteBuilder {
    let site = SiteBuilder::new();
    for actor in ["a", "b", "c"] {
        site.write(
            &format!("content/actors/{actor}.md"),
            &actor_md(&format!("Actor {actor}"), "person"),
        );
    }
    for topic in ["t", "u"] {
        site.write(
            &format!("content/topics/{topic}.md"),
            &topic_md(&format!("Topic {topic}")),
        );
    }
    // (slug, date, actors, topics); shared with `main` in the comment.
    for (slug, date, actors, topics) in [
        ("main", "2025-06-01", &["a", "b"][..], &["t"][..]),
        ("r1", "2025-01-01", &["a", "b"], &["t"]),   // 3
        ("r2", "2025-03-01", &["a"], &["t"]),        // 2
        ("r3", "2025-02-01", &["b"], &["t"]),        // 2
        ("r4", "2025-04-01", &["a"], &[]),           // 1
        ("r5", "2025-05-01", &[], &["t"]),           // 1
        ("r6", "2025-01-15", &["b"], &[]),           // 1, oldest of the ones: dropped
        ("unrelated", "2025-05-15", &["c"], &["u"]), // 0
    ] {
        site.write(
            &format!("content/articles/{slug}.md"),
            &article_md(&format!("Story {slug}"), date, actors, topics, "", "Text."),
        );
    }
    site
}

#[test]
fn related_articles_are_the_five_sharing_most_newest_first_among_equals() {
    let site = related_site();
    site.build_ok(&[]);
    let page = "articles/main/index.html";
    let html = site.page(page);
    assert_eq!(
        article_slugs_in(section(&html, "Related articles"), page),
        ["r1", "r2", "r3", "r5", "r4"]
    );
}

#[test]
fn an_article_sharing_nothing_has_no_related_articles() {
    let site = related_site();
    site.build_ok(&[]);
    let html = site.page("articles/unrelated/index.html");
    assert!(
        !has_heading(&html, "Related articles"),
        "an article sharing no actor or topic lists related articles"
    );
    let page = "articles/r6/index.html";
    let related = article_slugs_in(section(&site.page(page), "Related articles"), page);
    assert!(
        !related.contains(&"r6".to_string()),
        "an article is related to itself"
    );
    assert!(!related.contains(&"unrelated".to_string()));
}

// ---------------------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------------------

fn draft_site() -> SiteBuilder {
    let site = entity_site();
    site.write(
        "content/articles/secret.md",
        &article_md(
            "Secret draft story",
            "2025-04-01",
            &["alice", "dave"],
            &["energy"],
            "draft: true\n",
            "Not yet.",
        ),
    );
    site
}

#[test]
fn drafts_are_left_out_by_default() {
    let site = draft_site();
    let summary = parse_summary(&site.build_ok(&[]));
    assert_eq!(summary.articles, 5);
    assert!(
        !site.out().join("articles/secret").exists(),
        "the draft has a page"
    );
    for (page, target) in all_targets(&site.out(), "/") {
        assert!(
            !target.contains("secret"),
            "{page} links to the draft: {target}"
        );
    }
    for page in html_files(&site.out()) {
        let text = page_text(&site.page(&page));
        assert!(
            !text.contains("Secret draft story"),
            "{page} shows the draft's title"
        );
    }
    let page = "actors/dave/index.html";
    assert!(article_slugs_in(section(&site.page(page), "Articles"), page).is_empty());
    let alice = tallies_in(section(&site.page("actors/alice/index.html"), "Topics"));
    assert!(
        !alice.iter().any(|(name, _)| name == "Energy"),
        "the draft's topic counts on the actor page: {alice:?}"
    );
    check_links(&site.out(), "/");
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = draft_site();
    let summary = parse_summary(&site.build_ok(&["--drafts"]));
    assert_eq!(summary.articles, 6);
    assert!(site.has_page("articles/secret/index.html"));
    let home = site.page("index.html");
    assert!(
        internal_targets("index.html", &home, "/")
            .contains(&"articles/secret/index.html".to_string())
    );
    let page = "actors/alice/index.html";
    assert_eq!(
        article_slugs_in(section(&site.page(page), "Articles"), page),
        ["secret", "a3", "a2", "a1", "a5"]
    );
    let page = "actors/dave/index.html";
    assert_eq!(
        article_slugs_in(section(&site.page(page), "Articles"), page),
        ["secret"]
    );
    check_links(&site.out(), "/");
}

// ---------------------------------------------------------------------------------------
// Base URLs
// ---------------------------------------------------------------------------------------

/// Links of the output that neither start with `prefix` nor are external or `#fragment`s.
fn links_outside(out: &std::path::Path, prefix: &str) -> Vec<String> {
    let mut outside = Vec::new();
    for page in html_files(out) {
        for (element, url) in page_links(&site_page(out, &page)) {
            let external = (url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
                || url.starts_with("data:"))
                && !url.starts_with(prefix)
                && !url.starts_with("https://example.org/");
            if url.starts_with('#') || external || url.starts_with(prefix) {
                continue;
            }
            outside.push(format!("{page}: <{element}> {url}"));
        }
    }
    outside
}

fn site_page(out: &std::path::Path, page: &str) -> Html {
    read_html(&out.join(page))
}

/// A site whose pages hold every kind of link: chips, lists, footnotes, external sources.
fn linked_site() -> SiteBuilder {
    let site = entity_site();
    site.write(
        "content/articles/a3.md",
        &article_md(
            "Article A3",
            "2025-03-01",
            &["alice", "bob"],
            &["climate"],
            "source: { publisher: Wire, url: \"https://news.invalid/a3\" }\n",
            "## Heading\n\nText with a note.[^1]\n\n[^1]: The note.\n",
        ),
    );
    site
}

#[test]
fn absolute_sub_path_base_url_from_the_command_line() {
    let site = linked_site();
    site.build_ok(&["--base-url", "https://example.org/brief/"]);
    let outside = links_outside(&site.out(), "https://example.org/brief/");
    assert!(
        outside.is_empty(),
        "links not under the base URL:\n{}",
        outside.join("\n")
    );
    let checked = check_links(&site.out(), "https://example.org/brief/");
    assert!(checked > 50, "only {checked} links checked");
    let stylesheets = attrs(
        &site.page("actors/alice/index.html"),
        "link[rel=stylesheet]",
        "href",
    );
    assert_eq!(stylesheets, ["https://example.org/brief/style.css"]);
}

#[test]
fn base_url_without_trailing_slash_is_normalised() {
    let site = linked_site();
    site.build_ok(&["--base-url", "https://example.org/brief"]);
    let outside = links_outside(&site.out(), "https://example.org/brief/");
    assert!(
        outside.is_empty(),
        "links not under the base URL:\n{}",
        outside.join("\n")
    );
    check_links(&site.out(), "https://example.org/brief/");
}

#[test]
fn sub_path_base_url_from_site_yaml() {
    let site = linked_site();
    site.write("site.yaml", "title: Sub-path briefing\nbase_url: /brief/\n");
    site.build_ok(&[]);
    let outside = links_outside(&site.out(), "/brief/");
    assert!(
        outside.is_empty(),
        "links not under /brief/:\n{}",
        outside.join("\n")
    );
    let checked = check_links(&site.out(), "/brief/");
    assert!(checked > 50, "only {checked} links checked");
    let home = attrs(&site.page("articles/a3/index.html"), "a", "href");
    assert!(
        home.contains(&"/brief/".to_string()),
        "no link home to /brief/: {home:?}"
    );
}

#[test]
fn command_line_base_url_overrides_site_yaml() {
    let site = linked_site();
    site.write("site.yaml", "base_url: /brief/\n");
    site.build_ok(&["--base-url", "https://example.org/other/"]);
    let outside = links_outside(&site.out(), "https://example.org/other/");
    assert!(
        outside.is_empty(),
        "links not under the override:\n{}",
        outside.join("\n")
    );
    check_links(&site.out(), "https://example.org/other/");
}

#[test]
fn file_base_url_spells_out_index_html() {
    let site = linked_site();
    let base = format!("file://{}/", site.out().display());
    site.build_ok(&["--base-url", &base]);
    let html = site.page("actors/alice/index.html");
    let links = hrefs(&html, "a");
    assert!(links.contains(&format!("{base}index.html")), "{links:?}");
    assert!(
        links.contains(&format!("{base}articles/a3/index.html")),
        "{links:?}"
    );
    check_links(&site.out(), &base);
}

#[test]
fn invalid_base_url_is_an_error() {
    let site = linked_site();
    let stderr = site.build_err(&["--base-url", "example.org/brief"]);
    assert!(stderr.contains("base_url"), "{stderr}");
    assert!(!site.out().exists(), "a failed build wrote output");

    let site = linked_site();
    site.write("site.yaml", "title: x\nbase_url: example.org\n");
    let stderr = site.build_err(&[]);
    error_at(&stderr, "site.yaml:2:");
}

// ---------------------------------------------------------------------------------------
// Failed builds
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_front_matter_key_fails_naming_key_file_and_line() {
    let site = entity_site();
    let stderr = assert_failed_build_keeps_output(&site, |site| {
        site.write(
            "content/articles/a1.md",
            &article_md(
                "Article A1",
                "2025-01-10",
                &["alice"],
                &["trade"],
                "colour: blue\n",
                "Text.",
            ),
        );
    });
    let line = error_at(&stderr, "content/articles/a1.md:6:1: ");
    assert!(
        line.contains("`colour`"),
        "the error should name the key: {line}"
    );
    assert!(stderr.contains("Build failed"), "{stderr}");
}

#[test]
fn unknown_actor_slug_fails_with_a_did_you_mean_hint() {
    let site = entity_site();
    let stderr = assert_failed_build_keeps_output(&site, |site| {
        site.write(
            "content/articles/a1.md",
            &article_md(
                "Article A1",
                "2025-01-10",
                &["alice", "bbo"],
                &["trade"],
                "",
                "Text.",
            ),
        );
    });
    let line = error_at(&stderr, "content/articles/a1.md:4:17: ");
    assert!(line.contains("`bbo`"), "{line}");
    let block = stderr
        .split("error[")
        .find(|block| block.contains("`bbo`"))
        .unwrap_or_default();
    assert!(
        block.contains("= help: did you mean `bob`?"),
        "stderr:\n{stderr}"
    );
}

#[test]
fn unknown_slugs_far_from_any_get_a_create_hint() {
    let site = entity_site();
    site.write(
        "content/articles/a1.md",
        &article_md(
            "Article A1",
            "2025-01-10",
            &["alice"],
            &["zzzzzzzz-unheard-of"],
            "",
            "Text.",
        ),
    );
    let stderr = site.build_err(&[]);
    let line = error_at(&stderr, "content/articles/a1.md:5:");
    assert!(
        line.contains("unknown topic `zzzzzzzz-unheard-of`"),
        "{line}"
    );
    assert!(!stderr.contains("did you mean"), "{stderr}");
    assert!(
        stderr.contains("= help: create `content/topics/zzzzzzzz-unheard-of.md`"),
        "{stderr}"
    );
}

#[test]
fn every_unknown_slug_is_reported() {
    let site = entity_site();
    site.write(
        "content/articles/a1.md",
        &article_md(
            "Article A1",
            "2025-01-10",
            &["alyce", "bob"],
            &["trade", "nothing-like-it"],
            "",
            "Text.",
        ),
    );
    site.write(
        "content/articles/a2.md",
        &article_md(
            "Article A2",
            "2025-02-05",
            &["carl"],
            &["trade"],
            "",
            "Text.",
        ),
    );
    let stderr = site.build_err(&[]);
    assert_eq!(error_lines(&stderr).len(), 3, "{stderr}");
    error_at(&stderr, "content/articles/a1.md:4:");
    error_at(&stderr, "content/articles/a1.md:5:");
    error_at(&stderr, "content/articles/a2.md:4:");
}

#[test]
fn bad_yaml_fails_naming_file_and_line() {
    let site = entity_site();
    let stderr = assert_failed_build_keeps_output(&site, |site| {
        site.write(
            "content/articles/a2.md",
            "---\ntitle: \"Article A2\"\ndate: 2025-02-05\nactors: [alice, carol\n---\nText.\n",
        );
    });
    error_at(&stderr, "content/articles/a2.md:4:");
}

#[test]
fn missing_front_matter_fails_naming_the_file() {
    let site = entity_site();
    let stderr = assert_failed_build_keeps_output(&site, |site| {
        site.write("content/actors/bob.md", "name: Bob Brown\n");
    });
    error_at(&stderr, "content/actors/bob.md:1:");
}

#[test]
fn impossible_date_fails_naming_file_and_line() {
    let site = entity_site();
    let stderr = assert_failed_build_keeps_output(&site, |site| {
        site.write(
            "content/articles/a4.md",
            &article_md(
                "Article A4",
                "2025-02-30",
                &["bob"],
                &["energy"],
                "",
                "Text.",
            ),
        );
    });
    let line = error_at(&stderr, "content/articles/a4.md:3:");
    assert!(line.contains("2025-02-30"), "{line}");
}

#[test]
fn missing_title_fails_naming_the_file() {
    let site = entity_site();
    let stderr = assert_failed_build_keeps_output(&site, |site| {
        site.write(
            "content/articles/a4.md",
            "---\ndate: 2025-02-20\n---\nText.\n",
        );
    });
    let line = error_at(&stderr, "content/articles/a4.md");
    assert!(line.contains("title"), "{line}");
}

#[test]
fn template_error_fails_naming_the_template_and_line() {
    let site = entity_site();
    let stderr = assert_failed_build_keeps_output(&site, |site| {
        site.write(
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
        );
    });
    error_at(&stderr, "templates/article.html:3:");
}

// ---------------------------------------------------------------------------------------
// Raw HTML and Markdown
// ---------------------------------------------------------------------------------------

const RAW_BODY: &str = "Before <script>alert(42)</script> after.\n\n<div class=\"raw-block\"><b>bold</b></div>\n\n<img src=\"x.png\" onerror=\"alert(1)\">\n";

fn raw_site() -> SiteBuilder {
    let site = entity_site();
    site.write(
        "content/articles/a1.md",
        &article_md(
            "Raw <em>title</em>",
            "2025-01-10",
            &["alice"],
            &["trade"],
            "summary: \"A <b>bold</b> summary\"\n",
            RAW_BODY,
        ),
    );
    site
}

fn scripts_with(html: &Html, text: &str) -> usize {
    html.select(&selector("script"))
        .filter(|s| s.text().collect::<String>().contains(text))
        .count()
}

#[test]
fn raw_html_in_bodies_is_escaped_by_default() {
    let site = raw_site();
    site.build_ok(&[]);
    let html = site.page("articles/a1/index.html");
    assert_eq!(
        scripts_with(&html, "alert(42)"),
        0,
        "the body's <script> became an element"
    );
    assert_eq!(html.select(&selector("div.raw-block")).count(), 0);
    assert_eq!(html.select(&selector("img[onerror]")).count(), 0);
    let text = page_text(&html);
    assert!(
        text.contains("<script>alert(42)</script>"),
        "the raw HTML should show as text: {text}"
    );
    assert!(text.contains("<div class=\"raw-block\">"), "{text}");
}

#[test]
fn raw_html_passes_through_with_raw_html_allow() {
    let site = raw_site();
    site.write("site.yaml", "markdown: {raw_html: allow}\n");
    site.build_ok(&[]);
    let html = site.page("articles/a1/index.html");
    assert_eq!(scripts_with(&html, "alert(42)"), 1);
    assert_eq!(texts(&html, "div.raw-block b"), ["bold"]);
    assert_eq!(html.select(&selector("img[onerror]")).count(), 1);
}

#[test]
fn raw_html_escape_can_be_spelled_out() {
    let site = raw_site();
    site.write("site.yaml", "markdown:\n  raw_html: escape\n");
    site.build_ok(&[]);
    let html = site.page("articles/a1/index.html");
    assert_eq!(scripts_with(&html, "alert(42)"), 0);
    assert_eq!(html.select(&selector("div.raw-block")).count(), 0);
}

#[test]
fn titles_and_summaries_are_always_escaped() {
    let site = entity_site();
    site.write("site.yaml", "markdown: {raw_html: allow}\n");
    site.write(
        "content/articles/a1.md",
        &article_md(
            "Raw <em>title</em>",
            "2025-01-10",
            &["alice"],
            &["trade"],
            "summary: \"A <b>bold</b> summary\"\n",
            "Plain.",
        ),
    );
    site.build_ok(&[]);
    for page in [
        "articles/a1/index.html",
        "index.html",
        "actors/alice/index.html",
        "archive/2025/01/index.html",
    ] {
        let html = site.page(page);
        assert!(
            !texts(&html, "em").contains(&"title".to_string()),
            "{page}: the title's <em> became an element"
        );
        assert!(
            !texts(&html, "b").contains(&"bold".to_string()),
            "{page}: the summary's <b> became an element"
        );
        let text = page_text(&html);
        assert!(
            text.contains("Raw <em>title</em>"),
            "{page} should show the title as text: {text}"
        );
        assert!(
            text.contains("A <b>bold</b> summary"),
            "{page} should show the summary as text: {text}"
        );
    }
}

#[test]
fn escaped_bodies_never_get_script_urls() {
    // With `raw_html: escape` (the default) a body copied from an untrusted source must not
    // be able to run script: Markdown links and autolinks with a `javascript:` URL are as
    // dangerous as a <script> element.
    let site = entity_site();
    site.write(
        "content/articles/a1.md",
        &article_md(
            "Article A1",
            "2025-01-10",
            &["alice"],
            &["trade"],
            "",
            "A [link](javascript:alert(1)), an autolink <javascript:alert(2)> and [another](JavaScript:alert(3)).",
        ),
    );
    site.build_ok(&[]);
    let html = site.page("articles/a1/index.html");
    let script_urls: Vec<String> = hrefs(&html, "a")
        .into_iter()
        .filter(|h| h.trim().to_ascii_lowercase().starts_with("javascript:"))
        .collect();
    assert!(
        script_urls.is_empty(),
        "escaped body produced script links: {script_urls:?}"
    );
}

const MARKDOWN_BODY: &str = "\
## Talks in Washington

\"Quoted\" -- with ~~struck~~ words and a note.[^src]

| Side | Offer  |
|------|--------|
| UK   | troops |

## Talks in Washington

### Own anchor {#own-anchor}

[^src]: The footnote text.
";

#[test]
fn markdown_extensions_are_on() {
    let site = entity_site();
    site.write(
        "content/articles/a1.md",
        &article_md(
            "Article A1",
            "2025-01-10",
            &["alice"],
            &["trade"],
            "",
            MARKDOWN_BODY,
        ),
    );
    site.build_ok(&[]);
    let html = site.page("articles/a1/index.html");

    // Strikethrough and tables.
    assert_eq!(texts(&html, "del"), ["struck"]);
    assert_eq!(texts(&html, "table th"), ["Side", "Offer"]);
    assert_eq!(texts(&html, "table td"), ["UK", "troops"]);
    // Smart punctuation.
    let text = page_text(&html);
    assert!(
        text.contains("“Quoted” – with"),
        "no smart quotes or dash: {text}"
    );
    // Footnotes: the note's text is shown (as a side note or at the end), the Markdown
    // syntax is not; any link between reference and note is checked by check_links below.
    assert!(
        text.contains("The footnote text."),
        "the footnote is missing: {text}"
    );
    assert!(
        !text.contains("[^src]"),
        "the footnote syntax shows as text: {text}"
    );
    check_links(&site.out(), "/");
}

#[test]
fn headings_in_bodies_and_profiles_get_ids() {
    let site = entity_site();
    site.write(
        "content/articles/a1.md",
        &article_md(
            "Article A1",
            "2025-01-10",
            &["alice"],
            &["trade"],
            "",
            MARKDOWN_BODY,
        ),
    );
    site.write(
        "content/actors/bob.md",
        "---\nname: Bob Brown\nkind: person\n---\n## Early life\n\nBorn.\n",
    );
    site.build_ok(&[]);
    let html = site.page("articles/a1/index.html");
    // Heading ids: generated, de-duplicated, and explicit.
    assert_eq!(
        texts(&html, "h2#talks-in-washington"),
        ["Talks in Washington"],
        "article body headings should get ids made from their text; headings: {:?}",
        html.select(&selector("h2, h3"))
            .map(|h| h.html())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        texts(&html, "h2#talks-in-washington-1"),
        ["Talks in Washington"]
    );
    assert_eq!(texts(&html, "h3#own-anchor"), ["Own anchor"]);
    // Profiles are Markdown too.
    assert_eq!(
        texts(&site.page("actors/bob/index.html"), "h2#early-life"),
        ["Early life"]
    );
}

#[test]
fn body_ids_do_not_collide_with_each_other_or_the_page() {
    // A heading "Note" and a footnote `[^note]` both want id `note`; a heading "Main"
    // wants the id of the page's <main>, "Articles heading" that of the actor page's
    // heading. Every id on a page must stay unique, or the footnote link and the skip
    // link jump to the wrong place.
    let site = entity_site();
    site.write(
        "content/articles/a1.md",
        &article_md(
            "Article A1",
            "2025-01-10",
            &["alice"],
            &["trade"],
            "",
            "## Main\n\nText.[^note]\n\n## Note\n\nMore.\n\n[^note]: The note.\n",
        ),
    );
    site.write(
        "content/actors/bob.md",
        "---\nname: Bob Brown\nkind: person\n---\n## Main\n\nA profile.\n\n## Articles heading\n\nMore.\n",
    );
    site.build_ok(&[]);
    let mut problems = Vec::new();
    for page in html_files(&site.out()) {
        let duplicates = duplicate_ids(&site.page(&page));
        if !duplicates.is_empty() {
            problems.push(format!("{page}: {duplicates:?}"));
        }
    }
    assert!(problems.is_empty(), "ids used twice: {problems:?}");
}

// ---------------------------------------------------------------------------------------
// Theme: templates and static files
// ---------------------------------------------------------------------------------------

#[test]
fn a_site_with_only_content_builds_with_the_default_theme() {
    let site = entity_site();
    assert_eq!(entries_of(&site.root()), ["content"]);
    site.build_ok(&[]);
    let css = fs::read_to_string(site.out().join("style.css")).expect("style.css is written");
    // The embedded copy of static/style.css (not compared byte for byte with the file, which
    // may be edited while the tests run).
    assert!(
        css.contains("body") && css.contains('{'),
        "style.css is not the default stylesheet: {css:.200}"
    );
    assert!(has_heading(
        &site.page("actors/alice/index.html"),
        "Seen alongside"
    ));
    check_links(&site.out(), "/");
}

#[test]
fn an_empty_content_folder_builds_an_empty_site() {
    let site = SiteBuilder::new();
    fs::create_dir_all(site.root().join("content")).unwrap();
    let summary = parse_summary(&site.build_ok(&[]));
    assert_eq!(
        (summary.articles, summary.actors, summary.topics),
        (0, 0, 0)
    );
    assert!(site.has_page("index.html"));
    assert!(site.has_page("archive/index.html"));
    check_links(&site.out(), "/");
}

#[test]
fn a_site_template_overrides_only_that_template() {
    let site = entity_site();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}<div id=\"custom-article\">Custom: {{ article.title }}</div>{% endblock content %}\n",
    );
    site.build_ok(&[]);
    let html = site.page("articles/a1/index.html");
    assert_eq!(texts(&html, "#custom-article"), ["Custom: Article A1"]);
    assert!(
        !has_heading(&html, "Related articles"),
        "the default article template was used"
    );
    // base.html is still the default one.
    assert_eq!(attrs(&html, "link[rel=stylesheet]", "href"), ["/style.css"]);
    // Other pages keep their default templates.
    let actor = site.page("actors/alice/index.html");
    assert!(has_heading(&actor, "Seen alongside"));
    assert_eq!(actor.select(&selector("#custom-article")).count(), 0);
    check_links(&site.out(), "/");
}

#[test]
fn a_site_base_template_changes_every_page() {
    let site = entity_site();
    site.write(
        "templates/base.html",
        "<!DOCTYPE html><html><head><title>{{ page.title }}</title>{% block head %}{% endblock head %}</head><body><p id=\"custom-base\">{{ site.title }}</p>{% block content %}{% endblock content %}</body></html>\n",
    );
    site.build_ok(&[]);
    for page in html_files(&site.out()) {
        let html = site.page(&page);
        assert_eq!(texts(&html, "#custom-base"), ["Briefing"], "{page}");
    }
}

#[test]
fn site_static_files_are_copied_beside_the_default_stylesheet() {
    let site = entity_site();
    site.write("static/extra.css", "body { color: teal; }\n");
    site.write_bytes(
        "static/img/logo.png",
        &[0x89, b'P', b'N', b'G', 0, 1, 2, 255],
    );
    site.build_ok(&[]);
    assert_eq!(
        fs::read_to_string(site.out().join("extra.css")).unwrap(),
        "body { color: teal; }\n"
    );
    assert_eq!(
        fs::read(site.out().join("img/logo.png")).unwrap(),
        [0x89, b'P', b'N', b'G', 0, 1, 2, 255]
    );
    assert!(
        fs::read(site.out().join("style.css")).unwrap() == default_stylesheet(),
        "adding static files changed the default style.css"
    );
}

/// The style.css a site without static/ gets.
fn default_stylesheet() -> Vec<u8> {
    let site = SiteBuilder::new();
    fs::create_dir_all(site.root().join("content")).unwrap();
    site.build_ok(&[]);
    fs::read(site.out().join("style.css")).expect("style.css is written")
}

#[test]
fn a_site_stylesheet_overrides_the_default() {
    let site = entity_site();
    site.write("static/style.css", "/* mine */\n");
    site.build_ok(&[]);
    assert_eq!(
        fs::read_to_string(site.out().join("style.css")).unwrap(),
        "/* mine */\n"
    );
}

// ---------------------------------------------------------------------------------------
// Dates and time zones
// ---------------------------------------------------------------------------------------

/// (day, article slugs) of each day group on the home page, in order.
fn home_days(site: &SiteBuilder) -> Vec<(String, Vec<String>)> {
    let html = site.page("index.html");
    html.select(&selector("h2 > time[datetime]"))
        .map(|time| {
            let day = time.value().attr("datetime").unwrap().to_string();
            let group = time
                .ancestors()
                .filter_map(ElementRef::wrap)
                .nth(1)
                .expect("the day heading is inside a group");
            (day, article_slugs_in(group, "index.html"))
        })
        .collect()
}

fn dated_site() -> SiteBuilder {
    let site = SiteBuilder::new();
    for (slug, date) in [
        // 03:30 UTC on 1 March is 22:30 on 28 February in New York.
        ("late", "2025-03-01T03:30:00Z"),
        ("bare", "2025-02-28"),
        // 12:00 UTC on 1 March is 07:00 on 1 March in New York.
        ("early", "2025-03-01T12:00:00Z"),
    ] {
        site.write(
            &format!("content/articles/{slug}.md"),
            &article_md(&format!("Story {slug}"), date, &[], &[], "", "Text."),
        );
    }
    site
}

#[test]
fn home_page_groups_articles_by_day_in_utc_by_default() {
    let site = dated_site();
    site.build_ok(&[]);
    assert_eq!(
        home_days(&site),
        [
            (
                "2025-03-01".to_string(),
                vec!["early".to_string(), "late".to_string()]
            ),
            ("2025-02-28".to_string(), vec!["bare".to_string()]),
        ]
    );
    let html = site.page("articles/late/index.html");
    assert_eq!(
        attrs(&html, "article time", "datetime")[0],
        "2025-03-01T03:30:00+00:00"
    );
}

#[test]
fn home_page_groups_articles_by_day_in_the_site_timezone() {
    let site = dated_site();
    site.write("site.yaml", "timezone: America/New_York\n");
    site.build_ok(&[]);
    assert_eq!(
        home_days(&site),
        [
            ("2025-03-01".to_string(), vec!["early".to_string()]),
            (
                "2025-02-28".to_string(),
                vec!["late".to_string(), "bare".to_string()]
            ),
        ]
    );
    // Bare dates are midnight in the site's zone; timestamps are shown in it.
    let late = site.page("articles/late/index.html");
    assert_eq!(
        attrs(&late, "article time", "datetime")[0],
        "2025-02-28T22:30:00-05:00"
    );
    assert!(page_text(&late).contains("28 February 2025"));
    let bare = site.page("articles/bare/index.html");
    assert_eq!(
        attrs(&bare, "article time", "datetime")[0],
        "2025-02-28T00:00:00-05:00"
    );
    // The archive files `late` under February in the site's zone.
    let archive = site.page("archive/index.html");
    let months = targets_in(
        section_starting(&archive, "2025"),
        "archive/index.html",
        "/",
    );
    assert_eq!(
        months,
        ["archive/2025/03/index.html", "archive/2025/02/index.html"]
    );
    let february = site.page("archive/2025/02/index.html");
    assert_eq!(
        article_slugs_in(february.root_element(), "archive/2025/02/index.html"),
        ["late", "bare"]
    );
}

#[test]
fn unknown_timezone_is_an_error_naming_the_line() {
    let site = dated_site();
    site.write("site.yaml", "title: Dated\ntimezone: Mars/Olympus\n");
    let stderr = site.build_err(&[]);
    let line = error_at(&stderr, "site.yaml:2:");
    assert!(line.contains("Mars/Olympus"), "{line}");
}

// ---------------------------------------------------------------------------------------
// Where the output goes
// ---------------------------------------------------------------------------------------

#[test]
fn refuses_a_non_empty_folder_briefing_did_not_write() {
    let site = entity_site();
    let mine = site.tmp().join("mine");
    write_file(&mine.join("notes.txt"), b"keep me");
    write_file(&mine.join("sub/data.csv"), b"1,2,3");
    let before = snapshot(&mine);
    let beside = entries_of(site.tmp());
    let output = run_build(&site.root(), &["--output", mine.to_str().unwrap()]);
    assert_failure(&output);
    let stderr = stderr(&output);
    assert!(stderr.contains("refusing"), "{stderr}");
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_same_snapshot(&before, &snapshot(&mine), "the user's folder");
    assert_eq!(
        entries_of(site.tmp()),
        beside,
        "something was left beside the folder"
    );
}

#[test]
fn writes_into_an_existing_empty_folder() {
    let site = entity_site();
    fs::create_dir_all(site.out()).unwrap();
    site.build_ok(&[]);
    assert!(site.has_page("index.html"));
}

#[test]
fn refuses_to_write_into_the_site_root() {
    let site = entity_site();
    site.write("site.yaml", "title: Mine\n");
    let before = snapshot(site.tmp());

    let output = run_build(&site.root(), &["--output", site.root().to_str().unwrap()]);
    assert_failure(&output);
    assert!(stderr(&output).contains("refusing"), "{}", stderr(&output));
    assert_same_snapshot(&before, &snapshot(site.tmp()), "the site");

    let output = run_in(&site.root(), &["build", "--output", "."]);
    assert_failure(&output);
    assert_same_snapshot(&before, &snapshot(site.tmp()), "the site");

    let output = run_in(
        &site.root(),
        &["build", "--root", ".", "--output", "../site/"],
    );
    assert_failure(&output);
    assert_same_snapshot(&before, &snapshot(site.tmp()), "the site");

    // The folder holding the site root.
    let output = run_build(&site.root(), &["--output", site.tmp().to_str().unwrap()]);
    assert_failure(&output);
    assert_same_snapshot(&before, &snapshot(site.tmp()), "the site");
}

#[test]
fn refuses_a_folder_holding_content() {
    let site = entity_site();
    let other = site.tmp().join("other-site");
    write_file(
        &other.join("content/articles/x.md"),
        b"---\ntitle: x\ndate: 2025-01-01\n---\n",
    );
    write_file(&other.join(".briefing-output"), b"");
    let before = snapshot(&other);
    let output = run_build(&site.root(), &["--output", other.to_str().unwrap()]);
    assert_failure(&output);
    assert_same_snapshot(&before, &snapshot(&other), "the other site");
}

#[test]
fn refuses_an_output_path_that_is_a_file() {
    let site = entity_site();
    let notes = site.tmp().join("notes.txt");
    write_file(&notes, b"my notes");
    let before = snapshot(site.tmp());
    let output = run_build(&site.root(), &["--output", notes.to_str().unwrap()]);
    assert_failure(&output);
    assert_same_snapshot(
        &before,
        &snapshot(site.tmp()),
        "the folder holding notes.txt",
    );
}

#[test]
fn rebuilding_with_clean_removes_what_is_no_longer_produced() {
    let site = entity_site();
    site.build_ok(&[]);
    assert!(site.has_page("articles/a4/index.html"));
    site.remove("content/articles/a4.md");
    site.build_ok(&[]);
    assert!(
        site.out().join("articles/a4/index.html").exists(),
        "without --clean, files no longer produced stay"
    );
    site.build_ok(&["--clean"]);
    assert!(
        !site.out().join("articles/a4").exists(),
        "a removed article's page survived"
    );
    assert_eq!(
        entries_of(site.tmp()),
        ["out", "site"],
        "staging folders were left behind"
    );
    check_links(&site.out(), "/");
}

#[test]
fn root_defaults_to_the_current_folder_and_output_to_root_public() {
    let site = entity_site();
    let output = run_in(&site.root(), &["build"]);
    assert_success(&output);
    parse_summary(&stdout(&output));
    assert!(site.root().join("public/index.html").is_file());
    check_links(&site.root().join("public"), "/");

    // --root alone also writes to ROOT/public; the second build replaces the first.
    let output = run_build(&site.root(), &[]);
    assert_success(&output);
    let summary = parse_summary(&stdout(&output));
    assert_eq!(
        std::path::Path::new(&summary.output),
        site.root().join("public"),
        "{}",
        stdout(&output)
    );
    assert_eq!(entries_of(&site.root()), ["content", "public"]);
}

#[test]
fn a_root_without_content_is_an_error_not_an_empty_site() {
    // `briefing build --root typo` should say there is no site there, not build an empty
    // one into a new `typo/public`.
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-site");
    let output = run_build(&missing, &[]);
    assert_failure(&output);
    assert!(!missing.exists(), "briefing created {}", missing.display());
}

#[test]
fn output_inside_static_is_not_copied_into_itself() {
    // Static files are copied into the output; an output folder inside static/ must not
    // be swallowed by the next build (each build would nest another copy of the site).
    let site = entity_site();
    site.write("static/extra.css", "body {}\n");
    let out = site.root().join("static/site");
    let out_arg = out.to_str().unwrap();
    let first = run_build(&site.root(), &["--output", out_arg]);
    if !first.status.success() {
        // Refusing such an output is as good as handling it.
        return;
    }
    let second = run_build(&site.root(), &["--output", out_arg]);
    if !second.status.success() {
        return;
    }
    let nested: Vec<String> = files_under(&out)
        .into_iter()
        .filter(|f| f.starts_with("site/"))
        .collect();
    assert!(
        nested.is_empty(),
        "the second build copied the first into itself: {:?}",
        &nested[..nested.len().min(5)]
    );
}
