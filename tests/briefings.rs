//! Daily digests: the example site's digests built with the real binary and read back
//! (each page, the index, the home page's lead, the feed, the sitemap), the checks of a
//! digest's file name and list, and `new briefing`.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use scraper::Html;

const BASE: &str = PUBLISHED;

/// A digest of the example site, read from its file.
struct ExampleDigest {
    date: String,
    title: String,
    summary: String,
    articles: Vec<String>,
}

fn example_digests() -> Vec<ExampleDigest> {
    let digests: Vec<ExampleDigest> = content_files(&repo_root(), "briefings")
        .into_iter()
        .map(|(date, text)| {
            let front = front_matter(&text);
            ExampleDigest {
                title: front_scalar(front, "title").expect("digest title"),
                summary: front_scalar(front, "summary").expect("digest summary"),
                articles: front_list(front, "articles"),
                date,
            }
        })
        .collect();
    assert!(digests.len() >= 3, "the example site has three digests");
    digests
}

/// (title, summary, source publisher, source url) of an example article.
fn example_article(slug: &str) -> (String, String, String, Option<String>) {
    let path = repo_root().join(format!("content/articles/{slug}.md"));
    let text = fs::read_to_string(path).expect("read article");
    let front = front_matter(&text);
    (
        front_scalar(front, "title").expect("title"),
        front_scalar(front, "summary").expect("summary"),
        front_scalar(front, "  publisher").expect("publisher"),
        front_scalar(front, "  url"),
    )
}

#[test]
fn the_example_digests_are_built_listed_fed_and_lead_the_home_page() {
    let (_tmp, out) = build_example();
    let mut digests = example_digests();
    for digest in &digests {
        let page = read_html(&out.join(format!("briefings/{}/index.html", digest.date)));
        assert_eq!(texts(&page, "h1"), vec![digest.title.clone()]);
        assert_eq!(
            texts(&page, ".briefing header time"),
            vec![long_date(&digest.date)]
        );
        assert_eq!(
            texts(&page, ".briefing .standfirst"),
            vec![digest.summary.clone()]
        );
        assert!(
            !texts(&page, ".briefing .body p").is_empty(),
            "{}: the body",
            digest.date
        );
        let titles = texts(&page, ".briefing-items h3 a");
        let links = hrefs(&page, ".briefing-items h3 a");
        let sources = texts(&page, ".briefing-items .source");
        let source_links = hrefs(&page, ".briefing-items .source a");
        let summaries = texts(&page, ".briefing-items .summary");
        assert_eq!(titles.len(), digest.articles.len(), "{}", digest.date);
        for (at, slug) in digest.articles.iter().enumerate() {
            let (title, summary, publisher, url) = example_article(slug);
            assert_eq!(titles[at], title, "{}: article {at} in order", digest.date);
            assert_eq!(links[at], format!("{BASE}articles/{slug}/"));
            assert_eq!(sources[at], publisher);
            assert_eq!(summaries[at], summary);
            if let Some(url) = url {
                assert!(
                    source_links.contains(&url),
                    "{}: {slug}'s source",
                    digest.date
                );
            }
        }
    }

    // Newest first on the index, the home page and in the feed.
    digests.sort_by(|a, b| b.date.cmp(&a.date));
    let titles: Vec<String> = digests.iter().map(|d| d.title.clone()).collect();
    let index = read_html(&out.join("briefings/index.html"));
    assert_eq!(texts(&index, ".briefing-list h2 a"), titles);

    let latest = &digests[0];
    let home_text = fs::read_to_string(out.join("index.html")).unwrap();
    let home = Html::parse_document(&home_text);
    assert_eq!(
        texts(&home, ".lead-briefing h2 a"),
        vec![latest.title.clone()]
    );
    assert_eq!(
        hrefs(&home, ".lead-briefing h2 a"),
        vec![format!("{BASE}briefings/{}/", latest.date)]
    );
    assert_eq!(
        texts(&home, ".lead-briefing .standfirst"),
        vec![latest.summary.clone()]
    );
    let brief: Vec<String> = latest
        .articles
        .iter()
        .map(|s| example_article(s).0)
        .collect();
    assert_eq!(texts(&home, ".briefing-brief li > a"), brief);
    let lead = home_text
        .find("class=\"lead-briefing\"")
        .expect("the lead digest");
    let articles = home_text
        .find("id=\"latest-heading\"")
        .expect("the latest articles");
    assert!(
        lead < articles,
        "the digest leads, above the latest articles"
    );
    assert_eq!(
        attrs(
            &home,
            "link[rel=alternate][href$=\"briefings/atom.xml\"]",
            "type"
        ),
        vec!["application/atom+xml".to_string()]
    );
    assert!(hrefs(&home, "header nav a").contains(&format!("{BASE}briefings/")));

    let feed = Html::parse_document(&fs::read_to_string(out.join("briefings/atom.xml")).unwrap());
    assert_eq!(texts(&feed, "entry > title"), titles);
    let ids: Vec<String> = digests
        .iter()
        .map(|d| format!("{BASE}briefings/{}/", d.date))
        .collect();
    assert_eq!(texts(&feed, "entry > id"), ids);
    assert_eq!(
        texts(&feed, "feed > id"),
        vec![format!("{BASE}briefings/atom.xml")]
    );

    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!("<loc>{BASE}briefings/</loc>")));
    for id in &ids {
        assert!(
            sitemap.contains(&format!("<loc>{id}</loc>")),
            "{id} in the sitemap"
        );
    }
    assert!(
        check_links(&out, BASE) > 0,
        "every internal link checked (it panics on a broken one)"
    );
}

/// `2025-03-25` → `Tuesday 25 March 2025`, as the pages write a digest's day.
fn long_date(date: &str) -> String {
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date");
    day.format("%A %-d %B %Y").to_string()
}

/// A small site: two actors, articles on 10 and 12 March (one a draft), and `digests`.
fn digest_site(digests: &[(&str, &str)]) -> SiteBuilder {
    let site = SiteBuilder::with_files(&[
        (
            "content/actors/alice-adams.md",
            &actor_md("Alice Adams", "person"),
        ),
        ("content/topics/trade.md", &topic_md("Trade")),
        (
            "content/articles/trade-talks.md",
            &article_md(
                "Trade talks",
                "2025-03-10",
                &["alice-adams"],
                &["trade"],
                "summary: \"Talks.\"\n",
                "Alice Adams talked.",
            ),
        ),
        (
            "content/articles/trade-deal.md",
            &article_md(
                "Trade deal",
                "2025-03-12T09:00:00Z",
                &["alice-adams"],
                &["trade"],
                "summary: \"A deal.\"\n",
                "Alice Adams signed.",
            ),
        ),
        (
            "content/articles/secret-plan.md",
            &article_md(
                "Secret plan",
                "2025-03-10",
                &["alice-adams"],
                &["trade"],
                "draft: true\n",
                "Alice Adams planned.",
            ),
        ),
    ]);
    for (file, text) in digests {
        site.write(&format!("content/briefings/{file}"), text);
    }
    site
}

fn digest_md(articles: &str) -> String {
    format!(
        "---\ntitle: \"The day\"\nsummary: \"What happened.\"\narticles: [{articles}]\n---\nAlice Adams was busy.\n"
    )
}

fn problems_with(problems: &[serde_json::Value], code: &str) -> Vec<serde_json::Value> {
    problems
        .iter()
        .filter(|p| p["code"] == code)
        .cloned()
        .collect()
}

#[test]
fn a_digest_file_name_must_be_a_day() {
    let site = digest_site(&[
        ("monday.md", &digest_md("trade-talks")),
        ("2025-02-30.md", &digest_md("trade-talks")),
    ]);
    let problems = check_problems(&site.root());
    let bad = problems_with(&problems, "bad-date");
    let files: Vec<&str> = bad.iter().filter_map(|p| p["file"].as_str()).collect();
    assert_eq!(
        files,
        vec![
            "content/briefings/2025-02-30.md",
            "content/briefings/monday.md"
        ]
    );
    for problem in &bad {
        assert_eq!(problem["severity"], "error");
        assert!(problem["hint"].as_str().unwrap().contains("YYYY-MM-DD.md"));
    }
    assert!(!site.build(&[]).status.success(), "the build refuses it");
}

#[test]
fn an_unknown_article_in_a_digest_is_an_error_with_did_you_mean_at_its_line() {
    let site = digest_site(&[(
        "2025-03-12.md",
        "---\ntitle: \"The day\"\narticles:\n  - trade-deal\n  - trade-tlks\n---\nText.\n",
    )]);
    let problems = check_problems(&site.root());
    let unknown = problems_with(&problems, "unknown-slug");
    assert_eq!(unknown.len(), 1, "{problems:?}");
    let problem = &unknown[0];
    assert_eq!(problem["file"], "content/briefings/2025-03-12.md");
    assert_eq!(
        (problem["line"].as_u64(), problem["column"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(problem["severity"], "error");
    assert_eq!(problem["hint"], "did you mean `trade-talks`?");
}

#[test]
fn an_article_after_the_digest_warns_and_a_draft_is_left_off_the_page() {
    let site = digest_site(&[(
        "2025-03-11.md",
        &digest_md("trade-deal, secret-plan, trade-talks"),
    )]);
    let problems = check_problems(&site.root());
    let after = problems_with(&problems, "article-after-briefing");
    assert_eq!(after.len(), 1, "{problems:?}");
    assert_eq!(after[0]["severity"], "warning");
    assert_eq!(
        (after[0]["line"].as_u64(), after[0]["column"].as_u64()),
        (Some(4), Some(12))
    );
    assert!(after[0]["message"].as_str().unwrap().contains("trade-deal"));
    let unpublished = problems_with(&problems, "article-not-published");
    assert_eq!(unpublished.len(), 1, "{problems:?}");
    assert!(
        unpublished[0]["message"]
            .as_str()
            .unwrap()
            .contains("draft")
    );

    // Warnings only: it builds, and the draft is not linked (its page is not written).
    site.build_ok(&[]);
    let page = site.page("briefings/2025-03-11/index.html");
    assert_eq!(
        texts(&page, ".briefing-items h3 a"),
        vec!["Trade deal", "Trade talks"]
    );
    assert!(!site.has_page("articles/secret-plan/index.html"));
    // With drafts it is shown, in its place.
    site.build_ok(&["--drafts"]);
    let page = site.page("briefings/2025-03-11/index.html");
    assert_eq!(
        texts(&page, ".briefing-items h3 a"),
        vec!["Trade deal", "Secret plan", "Trade talks"]
    );
}

#[test]
fn a_site_without_digests_has_no_digest_pages_or_link() {
    let site = digest_site(&[]);
    site.build_ok(&[]);
    assert!(!site.has_page("briefings/index.html"));
    assert!(!site.out().join("briefings").exists());
    let home = site.page("index.html");
    assert!(texts(&home, ".lead-briefing").is_empty());
    assert!(!texts(&home, "header nav a").contains(&"Briefings".to_string()));
}

#[test]
fn new_briefing_lists_the_days_articles_and_never_overwrites() {
    let site = digest_site(&[]);
    let root = site.root();
    let output = run_in(&root, &["new", "briefing", "--date", "2025-03-10"]);
    assert_success(&output);
    assert_eq!(stdout(&output).trim(), "content/briefings/2025-03-10.md");
    let file = root.join("content/briefings/2025-03-10.md");
    let written = fs::read_to_string(&file).unwrap();
    // The published article of that day; not the draft, not the 12th's.
    assert_eq!(
        front_list(front_matter(&written), "articles"),
        vec!["trade-talks"]
    );
    let placeholders = problems_with(&check_problems(&root), "placeholder-text");
    let lines: Vec<u64> = placeholders
        .iter()
        .filter(|p| p["file"] == "content/briefings/2025-03-10.md")
        .filter_map(|p| p["line"].as_u64())
        .collect();
    assert_eq!(lines.len(), 3, "title, summary and body: {placeholders:?}");

    fs::write(&file, "mine").unwrap();
    let again = run_in(&root, &["new", "briefing", "--date", "2025-03-10"]);
    assert_failure(&again);
    assert!(
        stderr(&again).contains("never overwrites"),
        "{}",
        stderr(&again)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");

    let bad = run_in(&root, &["new", "briefing", "--date", "2025-02-30"]);
    assert_failure(&bad);
    assert!(stderr(&bad).contains("YYYY-MM-DD"));
    assert!(!Path::new(&root.join("content/briefings/2025-02-30.md")).exists());
}

#[test]
fn new_briefing_takes_the_day_in_the_sites_timezone() {
    let site = digest_site(&[]);
    site.write("site.yaml", "title: T\ntimezone: Asia/Tokyo\n");
    // 2025-03-12T09:00Z is the 12th in Tokyo too; 2025-03-11T20:00Z is the 12th only there.
    site.write(
        "content/articles/late-news.md",
        &article_md(
            "Late news",
            "2025-03-11T20:00:00Z",
            &["alice-adams"],
            &["trade"],
            "",
            "Alice Adams spoke late.",
        ),
    );
    let output = run_in(&site.root(), &["new", "briefing", "--date", "2025-03-12"]);
    assert_success(&output);
    let written = fs::read_to_string(site.root().join("content/briefings/2025-03-12.md")).unwrap();
    assert_eq!(
        front_list(front_matter(&written), "articles"),
        vec!["trade-deal", "late-news"]
    );
}
