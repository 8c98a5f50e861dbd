//! Actor × topic pair pages (`actors/<actor>/topics/<topic>/`): built from the repository's
//! example site with the real binary, with the expectations read from the content's front
//! matter and the mentions marked in the article pages; and the `pages.min_articles`
//! threshold on small sites.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;

const BASE: &str = PUBLISHED;

/// A published article of the example: slug, date, the actors and topics it lists or
/// mentions, and the actors its quotes are by.
struct Appearance {
    slug: String,
    date: String,
    actors: BTreeSet<String>,
    topics: BTreeSet<String>,
    mentioned_actors: BTreeSet<String>,
    speakers: Vec<String>,
}

/// Every published article of the built example, newest first (by date, then slug).
fn appearances(out: &std::path::Path) -> Vec<Appearance> {
    let actor_slugs: BTreeSet<String> = content_files(&repo_root(), "actors")
        .into_iter()
        .map(|(slug, _)| slug)
        .collect();
    let topic_slugs: BTreeSet<String> = content_files(&repo_root(), "topics")
        .into_iter()
        .map(|(slug, _)| slug)
        .collect();
    assert!(
        actor_slugs.is_disjoint(&topic_slugs),
        "a mention's data-entity must tell actors from topics"
    );
    let mut articles: Vec<Appearance> = content_files(&repo_root(), "articles")
        .into_iter()
        .filter_map(|(slug, text)| {
            let front = front_matter(&text);
            if front_scalar(front, "draft").as_deref() == Some("true") {
                return None;
            }
            let page = read_html(&out.join(format!("articles/{slug}/index.html")));
            let mentioned: BTreeSet<String> = attrs(&page, ".mention", "data-entity")
                .into_iter()
                .collect();
            let mentioned_actors: BTreeSet<String> =
                mentioned.intersection(&actor_slugs).cloned().collect();
            let mut actors: BTreeSet<String> = front_list(front, "actors").into_iter().collect();
            actors.extend(mentioned_actors.iter().cloned());
            let mut topics: BTreeSet<String> = front_list(front, "topics").into_iter().collect();
            topics.extend(mentioned.intersection(&topic_slugs).cloned());
            let speakers = text
                .lines()
                .filter_map(|l| {
                    l.trim()
                        .strip_prefix("- by:")
                        .or(l.trim().strip_prefix("by:"))
                })
                .map(|by| by.trim().trim_matches('"').to_string())
                .collect();
            Some(Appearance {
                date: front_scalar(front, "date").expect("article date"),
                slug,
                actors,
                topics,
                mentioned_actors,
                speakers,
            })
        })
        .collect();
    articles.sort_by(|a, b| b.date.cmp(&a.date).then(a.slug.cmp(&b.slug)));
    articles
}

/// Every (actor, topic) that shares an article, with those articles newest first.
fn expected_pairs(articles: &[Appearance]) -> BTreeMap<(String, String), Vec<&Appearance>> {
    let mut pairs: BTreeMap<(String, String), Vec<&Appearance>> = BTreeMap::new();
    for article in articles {
        for actor in &article.actors {
            for topic in &article.topics {
                let key = (actor.clone(), topic.clone());
                pairs.entry(key).or_default().push(article);
            }
        }
    }
    pairs
}

fn article_slugs_linked(html: &scraper::Html, css: &str) -> Vec<String> {
    hrefs(html, css)
        .iter()
        .map(|href| {
            let path = href.strip_prefix(BASE).unwrap_or(href);
            let path = path.trim_start_matches('/').trim_start_matches("brief/");
            path.trim_start_matches("articles/")
                .trim_end_matches('/')
                .to_string()
        })
        .collect()
}

#[test]
fn the_example_has_a_page_feed_and_sitemap_entry_for_every_pair_it_shares() {
    let (_tmp, out) = build_example();
    let articles = appearances(&out);
    let pairs = expected_pairs(&articles);
    assert!(pairs.len() > 10, "the example should share many pairs");

    // Exactly these pair pages (the example sets `pages: { min_articles: 1 }`).
    let written: BTreeSet<(String, String)> = html_files(&out)
        .iter()
        .filter_map(|path| {
            let parts: Vec<&str> = path.split('/').collect();
            match parts.as_slice() {
                ["actors", actor, "topics", topic, "index.html"] => {
                    Some((actor.to_string(), topic.to_string()))
                }
                _ => None,
            }
        })
        .collect();
    let expected: BTreeSet<(String, String)> = pairs.keys().cloned().collect();
    assert_eq!(written, expected, "pair pages written");

    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    let sitemap = roxmltree::Document::parse(&sitemap).expect("the sitemap is XML");
    let listed: BTreeSet<String> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect();

    for ((actor, topic), shared) in &pairs {
        let folder = format!("actors/{actor}/topics/{topic}/");
        let page = read_html(&out.join(format!("{folder}index.html")));
        let want: Vec<&str> = shared.iter().map(|a| a.slug.as_str()).collect();
        let got = article_slugs_linked(&page, "section[aria-labelledby=articles-heading] h3 a");
        assert_eq!(got, want, "{folder}: the shared articles, newest first");

        // The sentences: the shared articles whose body mentions the actor.
        let mentioning: Vec<&str> = shared
            .iter()
            .filter(|a| a.mentioned_actors.contains(actor))
            .map(|a| a.slug.as_str())
            .collect();
        let got = article_slugs_linked(&page, "ol.backlinks > li > a");
        assert_eq!(
            got, mentioning,
            "{folder}: the sentences mentioning {actor}"
        );
        assert_eq!(
            texts(&page, "ol.backlinks blockquote.context").len(),
            mentioning.len()
        );

        // The statements: the actor's quotes in the shared articles (all are anchored:
        // the example checks without warnings).
        let quoted = shared
            .iter()
            .map(|a| a.speakers.iter().filter(|s| *s == actor).count())
            .sum::<usize>();
        // Grouped by article: each group's quotes in its `ul.quotes`.
        assert_eq!(
            texts(&page, "ol.ledger ul.quotes > li").len(),
            quoted,
            "{folder}: statements by {actor}"
        );

        // Its own feed: linked from the head, well-formed, one entry per article.
        let feed_links = attrs(
            &page,
            "link[rel=alternate][type='application/atom+xml']",
            "href",
        );
        let feed_url = format!("{BASE}{folder}atom.xml");
        assert!(feed_links.contains(&feed_url), "{folder}: {feed_links:?}");
        let feed = std::fs::read_to_string(out.join(format!("{folder}atom.xml"))).expect("feed");
        let feed = roxmltree::Document::parse(&feed).expect("the pair feed is XML");
        let entries: Vec<String> = feed
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|entry| {
                let link = entry.children().find(|n| n.has_tag_name("link"))?;
                link.attribute("href").map(str::to_string)
            })
            .collect();
        let want_entries: Vec<String> = want
            .iter()
            .take(50)
            .map(|slug| format!("{BASE}articles/{slug}/"))
            .collect();
        assert_eq!(entries, want_entries, "{folder}atom.xml entries");

        assert!(
            listed.contains(&format!("{BASE}{folder}")),
            "{folder} in the sitemap"
        );
    }
}

#[test]
fn actor_and_topic_pages_link_their_pairs_with_counts() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("public");
    assert_success(&run_build(
        &repo_root(),
        &["--output", out.to_str().unwrap()],
    ));
    let articles = appearances(&out);
    let pairs = expected_pairs(&articles);
    let link_counts = |page: &str| -> BTreeMap<String, String> {
        let html = read_html(&out.join(page));
        let links = selector("ul.tallies a.pair-link");
        html.select(&links)
            .map(|a| {
                let href = a.value().attr("href").unwrap_or("").to_string();
                (href, text_of(a))
            })
            .collect()
    };
    for ((actor, topic), shared) in &pairs {
        let url = format!("/actors/{actor}/topics/{topic}/");
        let count = shared.len().to_string();
        let on_actor = link_counts(&format!("actors/{actor}/index.html"));
        assert_eq!(
            on_actor.get(&url),
            Some(&count),
            "actor page of {actor}: {url}"
        );
        let on_topic = link_counts(&format!("topics/{topic}/index.html"));
        assert_eq!(
            on_topic.get(&url),
            Some(&count),
            "topic page of {topic}: {url}"
        );
    }
}

/// Two actors and one topic: Alice shares two articles with trade, Bob one.
fn threshold_site(site_yaml: &str) -> SiteBuilder {
    let site = SiteBuilder::with_files(&[
        ("site.yaml", site_yaml),
        (
            "content/actors/alice.md",
            &actor_md("Alice Adams", "person"),
        ),
        ("content/actors/bob.md", &actor_md("Bob Brown", "person")),
        ("content/topics/trade.md", &topic_md("Trade")),
    ]);
    let first = article_md(
        "One",
        "2025-01-01",
        &["alice", "bob"],
        &["trade"],
        "",
        "Talks.",
    );
    let second = article_md("Two", "2025-01-02", &["alice"], &["trade"], "", "More.");
    site.write("content/articles/one.md", &first);
    site.write("content/articles/two.md", &second);
    site
}

#[test]
fn a_pair_page_needs_min_articles_shared_articles() {
    let site = threshold_site("title: T\n");
    site.build_ok(&[]);
    assert!(
        site.has_page("actors/alice/topics/trade/index.html"),
        "2 shared, default 2"
    );
    assert!(site.has_page("actors/alice/topics/trade/atom.xml"));
    assert!(
        !site.has_page("actors/bob/topics/trade/index.html"),
        "1 shared"
    );
    assert!(!site.has_page("actors/bob/topics/trade/atom.xml"));
    // Below the threshold the tally keeps its plain count, with no pair link.
    let bob = site.page("actors/bob/index.html");
    assert!(hrefs(&bob, "a.pair-link").is_empty());
    let topics = "section[aria-labelledby=topics-heading] .count";
    assert_eq!(texts(&bob, topics), vec!["1"]);
    let alice = site.page("actors/alice/index.html");
    assert_eq!(
        hrefs(&alice, "a.pair-link"),
        vec!["/actors/alice/topics/trade/"]
    );

    let site = threshold_site("title: T\npages: { min_articles: 1 }\n");
    site.build_ok(&[]);
    assert!(site.has_page("actors/bob/topics/trade/index.html"));

    let site = threshold_site("title: T\npages: { min_articles: 3 }\n");
    site.build_ok(&[]);
    assert!(!site.has_page("actors/alice/topics/trade/index.html"));
}

#[test]
fn a_bad_min_articles_is_an_error_at_its_line() {
    for bad in ["0", "-2", "two", "1.5"] {
        let site = threshold_site(&format!("title: T\npages:\n  min_articles: {bad}\n"));
        let stderr = site.build_err(&[]);
        assert!(stderr.contains("bad-config"), "{bad}: {stderr}");
        assert!(stderr.contains("min_articles"), "{bad}: {stderr}");
        assert!(stderr.contains("site.yaml:3"), "{bad}: {stderr}");
    }
}
