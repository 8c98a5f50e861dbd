//! Builds the repository's own example site (`content/` at the crate root) with the real
//! binary, into a temporary folder, and checks the pages and links it produces.
//!
//! The expectations are read from the content files themselves, so they keep holding as
//! the example grows.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use tempfile::TempDir;

/// A build of the example site into a fresh temporary folder.
struct ExampleBuild {
    _tmp: TempDir,
    out: std::path::PathBuf,
    stdout: String,
}

fn build_example() -> ExampleBuild {
    let tmp = tempfile::Builder::new()
        .prefix("briefing-example-")
        .tempdir()
        .expect("temporary folder");
    let out = tmp.path().join("public");
    let output = run_build(&repo_root(), &["--output", out.to_str().unwrap()]);
    assert_success(&output);
    ExampleBuild {
        _tmp: tmp,
        out,
        stdout: stdout(&output),
    }
}

/// An article of the example site, read from its front matter.
struct ExampleArticle {
    slug: String,
    title: String,
    date: String,
    actors: Vec<String>,
    topics: Vec<String>,
}

/// The published (non-draft) articles of the example site.
fn example_articles() -> Vec<ExampleArticle> {
    let articles: Vec<ExampleArticle> = content_files(&repo_root(), "articles")
        .into_iter()
        .filter_map(|(slug, text)| {
            let front = front_matter(&text);
            if front_scalar(front, "draft").as_deref() == Some("true") {
                return None;
            }
            Some(ExampleArticle {
                title: front_scalar(front, "title").expect("article title"),
                date: front_scalar(front, "date").expect("article date"),
                actors: front_list(front, "actors"),
                topics: front_list(front, "topics"),
                slug,
            })
        })
        .collect();
    assert!(
        !articles.is_empty(),
        "the example site has no published article"
    );
    articles
}

fn slugs(kind: &str) -> Vec<String> {
    content_files(&repo_root(), kind)
        .into_iter()
        .map(|(slug, _)| slug)
        .collect()
}

fn name_of(kind: &str, slug: &str) -> String {
    let text = std::fs::read_to_string(repo_root().join(format!("content/{kind}/{slug}.md")))
        .expect("read content file");
    front_scalar(front_matter(&text), "name").expect("entity name")
}

#[test]
fn example_builds_and_prints_the_summary_line() {
    let build = build_example();
    let summary = parse_summary(&build.stdout);
    assert_eq!(
        summary.articles,
        example_articles().len(),
        "{}",
        build.stdout
    );
    assert_eq!(summary.actors, slugs("actors").len(), "{}", build.stdout);
    assert_eq!(summary.topics, slugs("topics").len(), "{}", build.stdout);
    assert_eq!(
        summary.pages,
        html_files(&build.out).len(),
        "the page count should be the number of HTML files written"
    );
    assert_eq!(Path::new(&summary.output), build.out.as_path());
    assert!(build.out.join("style.css").is_file(), "style.css is copied");
}

#[test]
fn example_every_internal_link_resolves() {
    let build = build_example();
    let checked = check_links(&build.out, "/");
    // Each actor and topic page links at least to the site navigation and its articles.
    assert!(
        checked > slugs("actors").len() + slugs("topics").len(),
        "only {checked} internal links checked"
    );
}

#[test]
fn example_every_actor_and_topic_has_a_page() {
    let build = build_example();
    for slug in slugs("actors") {
        assert!(
            build
                .out
                .join(format!("actors/{slug}/index.html"))
                .is_file(),
            "no page for actor `{slug}`"
        );
    }
    for slug in slugs("topics") {
        assert!(
            build
                .out
                .join(format!("topics/{slug}/index.html"))
                .is_file(),
            "no page for topic `{slug}`"
        );
    }
    for index in [
        "index.html",
        "actors/index.html",
        "topics/index.html",
        "archive/index.html",
    ] {
        assert!(build.out.join(index).is_file(), "no {index}");
    }
}

/// The names of the links on `html` that point at `target`.
fn link_texts_to(html: &scraper::Html, page: &str, target: &str) -> Vec<String> {
    let base = Base::new("/");
    html.select(&selector("a[href]"))
        .filter(|a| {
            matches!(
                resolve_link(page, a.value().attr("href").unwrap(), &base),
                Ok(Target::Internal { file, .. }) if file == target
            )
        })
        .map(text_of)
        .collect()
}

/// Whether a link's text is `name`, possibly followed by a count or other detail.
fn names(text: &str, name: &str) -> bool {
    text == name || text.starts_with(&format!("{name} "))
}

#[test]
fn example_article_links_to_each_of_its_actors_and_topics() {
    let build = build_example();
    for article in example_articles() {
        let page = format!("articles/{}/index.html", article.slug);
        let html = read_html(&build.out.join(&page));
        assert!(!article.actors.is_empty() && !article.topics.is_empty());
        for (kind, list) in [("actors", &article.actors), ("topics", &article.topics)] {
            for slug in list {
                let target = format!("{kind}/{slug}/index.html");
                let texts = link_texts_to(&html, &page, &target);
                let name = name_of(kind, slug);
                assert!(
                    texts.iter().any(|t| names(t, &name)),
                    "{page} should link to {target} with the text {name:?}; links found: {texts:?}"
                );
            }
        }
    }
}

#[test]
fn example_actors_and_topics_link_back_to_their_articles() {
    let build = build_example();
    for article in example_articles() {
        let target = format!("articles/{}/index.html", article.slug);
        for (kind, list) in [("actors", &article.actors), ("topics", &article.topics)] {
            for slug in list {
                let page = format!("{kind}/{slug}/index.html");
                let html = read_html(&build.out.join(&page));
                let texts = link_texts_to(&html, &page, &target);
                assert!(
                    texts.iter().any(|t| names(t, &article.title)),
                    "{page} should link back to {target} titled {:?}; links found: {texts:?}",
                    article.title
                );
            }
        }
    }
}

#[test]
fn example_home_page_links_to_the_articles() {
    let build = build_example();
    let html = read_html(&build.out.join("index.html"));
    let mut articles = example_articles();
    articles.sort_by(|a, b| b.date.cmp(&a.date));
    // The home page shows the latest articles; the example has few enough for all of them.
    for article in articles.iter().take(30) {
        let target = format!("articles/{}/index.html", article.slug);
        let texts = link_texts_to(&html, "index.html", &target);
        assert!(
            texts.iter().any(|t| names(t, &article.title)),
            "index.html should link to {target}; links found: {texts:?}"
        );
    }
}

#[test]
fn example_archive_lists_articles_by_year_and_month() {
    let build = build_example();
    let html = read_html(&build.out.join("archive/index.html"));
    let internal = |page: &str, href: &str| match resolve_link(page, href, &Base::new("/")) {
        Ok(Target::Internal { file, .. }) => Some(file),
        _ => None,
    };
    for article in example_articles() {
        // Bare dates (as in the example) are read in the site's zone, so the year and month
        // are the ones written.
        let year = &article.date[..4];
        let month: usize = article.date[5..7].parse().expect("month");
        let month_name = format!("{} {year}", MONTHS[month - 1]);
        let target = format!("articles/{}/index.html", article.slug);

        let year_section = html
            .select(&selector("section"))
            .find(|s| {
                s.select(&selector("h2"))
                    .next()
                    .is_some_and(|h| text_of(h).starts_with(year))
            })
            .unwrap_or_else(|| panic!("archive has no section headed {year}"));
        let month_link = year_section
            .select(&selector("a[href]"))
            .find(|a| text_of(*a).starts_with(&month_name))
            .unwrap_or_else(|| panic!("archive year {year} has no link to {month_name}"));
        let month_page = internal(
            "archive/index.html",
            month_link.value().attr("href").unwrap(),
        )
        .expect("the month link is internal");
        assert_eq!(month_page, format!("archive/{year}/{month:02}/index.html"));
        let month_html = read_html(&build.out.join(&month_page));
        let heading = month_html.select(&selector("h1")).next().map(text_of);
        assert!(
            heading
                .as_deref()
                .is_some_and(|h| h.starts_with(&month_name)),
            "{month_page} is headed {heading:?}"
        );
        let links: Vec<String> = month_html
            .select(&selector("main a[href]"))
            .filter_map(|a| a.value().attr("href"))
            .filter_map(|href| internal(&month_page, href))
            .collect();
        assert!(
            links.contains(&target),
            "{month_page} should link to {target}; it links to {links:?}"
        );
    }
}

#[test]
fn example_every_page_is_reachable_from_the_home_page() {
    let build = build_example();
    let reachable = reachable_pages(&build.out, "/");
    // A 404 page, once there is one, is by nature linked from nowhere.
    let all: BTreeSet<String> = html_files(&build.out)
        .into_iter()
        .filter(|p| p != "404.html")
        .collect();
    let unreachable: Vec<&String> = all.difference(&reachable).collect();
    assert!(
        unreachable.is_empty(),
        "pages not reachable by clicking from index.html: {unreachable:?}"
    );
    assert!(reachable.len() > 1);
}

#[test]
fn example_pages_have_unique_ids() {
    let build = build_example();
    for page in html_files(&build.out) {
        let html = read_html(&build.out.join(&page));
        let duplicates = duplicate_ids(&html);
        assert!(duplicates.is_empty(), "{page} repeats ids {duplicates:?}");
    }
}

#[test]
fn example_two_builds_are_byte_identical() {
    let first = build_example();
    let second = build_example();
    assert_same_snapshot(
        &snapshot(&first.out),
        &snapshot(&second.out),
        "the second build of the same input",
    );
}

/// The Markdown body of a content file: what follows its front matter.
fn body_of(text: &str) -> &str {
    let front = front_matter(text);
    &text["---\n".len() + front.len() + "\n---\n".len()..]
}

/// The value of `key: { name: "..." ...}` in a front matter's `source:`, if any.
fn licence_name(front: &str) -> Option<String> {
    let line = front
        .lines()
        .find(|l| l.trim_start().starts_with("licence:"))?;
    let rest = line.split_once("name:")?.1.trim_start().strip_prefix('"')?;
    Some(rest.split('"').next()?.to_string())
}

#[test]
fn example_bodies_keep_their_paragraphs_and_show_their_source_and_licence() {
    let build = build_example();
    for (slug, text) in content_files(&repo_root(), "articles") {
        let front = front_matter(&text);
        let blocks = body_of(&text)
            .split("\n\n")
            .filter(|b| !b.trim().is_empty())
            .count();
        assert!(blocks > 1, "{slug}: the body is a single paragraph");
        let page = read_html(&build.out.join(format!("articles/{slug}/index.html")));
        assert_eq!(
            page.select(&selector("div.body > p")).count(),
            blocks,
            "{slug}: one <p> per paragraph of the source, and no lists or headings made of it"
        );

        let source = page
            .select(&selector("p.source"))
            .next()
            .map(text_of)
            .unwrap_or_else(|| panic!("{slug}: no source line"));
        let publisher = front_scalar(front, "  publisher").expect("every example has a publisher");
        assert!(source.contains(&publisher), "{slug}: {source:?}");
        match licence_name(front) {
            Some(name) => assert!(
                source.contains(&format!("Licence: {name}")),
                "{slug}: the licence beside the source: {source:?}"
            ),
            None => assert!(
                !source.contains("Licence") && publisher.contains("not recorded"),
                "{slug}: a source without a licence says what is not known: {source:?}"
            ),
        }
    }
}

#[test]
fn example_footer_carries_the_attributions_of_site_yaml() {
    let build = build_example();
    let site_yaml = std::fs::read_to_string(repo_root().join("site.yaml")).expect("site.yaml");
    let attributions: Vec<String> = site_yaml
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- text:"))
        .map(|t| t.trim().trim_matches('"').to_string())
        .collect();
    assert_eq!(attributions.len(), 3, "OGL, EU and US Government credits");
    for page in html_files(&build.out) {
        let html = read_html(&build.out.join(&page));
        let footer: Vec<String> = html
            .select(&selector("footer .attributions li"))
            .map(text_of)
            .collect();
        assert_eq!(footer, attributions, "{page}: the footer's attributions");
    }
}
