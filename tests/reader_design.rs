//! The example site as a reader meets it: rankings by count then name, actor pages that
//! name each article once, link hosts and long-form role dates, the masthead, the topics
//! index nested by parent, and reading times. Expectations are read from `content/`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scraper::{ElementRef, Html};

/// The example built once into a temporary folder (kept alive by the returned guard).
fn build() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("public");
    assert_success(&run_build(
        &repo_root(),
        &["--output", out.to_str().expect("utf-8 path")],
    ));
    (tmp, out)
}

fn page(out: &Path, path: &str) -> Html {
    read_html(&out.join(path))
}

/// Every `(name, count)` row of a `ul.tallies`.
fn ranking(list: ElementRef) -> Vec<(String, usize)> {
    list.select(&selector("li"))
        .map(|row| {
            let name = text_of(row.select(&selector("a")).next().expect("a link"));
            let count = text_of(row.select(&selector(".count")).next().expect("a count"));
            (name, count.parse().expect("a number"))
        })
        .collect()
}

fn assert_ranked(rows: &[(String, usize)], what: &str) {
    let mut sorted = rows.to_vec();
    sorted.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(a.0.to_lowercase().cmp(&b.0.to_lowercase()))
    });
    assert_eq!(rows, sorted, "{what}: not by count, then name");
}

/// The example's actor and topic page folders.
fn entity_pages(kind: &str) -> Vec<String> {
    content_files(&repo_root(), kind)
        .into_iter()
        .map(|(slug, _)| format!("{kind}/{slug}/index.html"))
        .collect()
}

#[test]
fn rankings_are_by_count_then_name_with_a_bar_and_a_quiet_count() {
    let (_tmp, out) = build();
    let home = page(&out, "index.html");
    let lists: Vec<ElementRef> = home.select(&selector(".rankings ul.tallies")).collect();
    assert_eq!(lists.len(), 2, "actors and topics ranked on the home page");
    for list in lists {
        let rows = ranking(list);
        assert!(rows.len() > 3);
        assert_ranked(&rows, "home page");
        let bars = list.select(&selector("li > .bar")).count();
        assert_eq!(bars, rows.len(), "each row has its bar");
    }
    let mut ties = 0;
    for path in entity_pages("actors").iter().chain(&entity_pages("topics")) {
        let html = page(&out, path);
        for list in html.select(&selector(".entity-sections aside ul.tallies")) {
            let rows = ranking(list);
            ties += rows.windows(2).filter(|w| w[0].1 == w[1].1).count();
            assert_ranked(&rows, path);
        }
    }
    assert!(ties > 10, "the example has equal counts to order by name");
}

#[test]
fn actor_pages_name_each_article_once_and_group_statements_by_article() {
    let (_tmp, out) = build();
    let mut grouped = 0;
    for path in entity_pages("actors").iter().chain(&entity_pages("topics")) {
        let html = page(&out, path);
        let headings = hrefs(&html, ".ledger > li > h3 a");
        let unique: BTreeSet<&String> = headings.iter().collect();
        assert_eq!(
            unique.len(),
            headings.len(),
            "{path}: an article heads two groups"
        );
        for group in html.select(&selector(".ledger > li")) {
            let quotes = group.select(&selector(".quotes > li blockquote")).count();
            assert!(quotes >= 1, "{path}: a group without quotes");
            grouped += usize::from(quotes > 1);
            assert!(
                group.select(&selector(".quotes time")).next().is_none(),
                "{path}: the date repeats under a quote"
            );
        }
        let listed = hrefs(&html, ".article-list h3 a, ol.backlinks > li > a");
        let unique: BTreeSet<&String> = listed.iter().collect();
        assert_eq!(
            unique.len(),
            listed.len(),
            "{path}: an article listed twice"
        );
    }
    assert!(
        grouped > 0,
        "some actor has several statements in one article"
    );
    // The articles listing Keir Starmer that mention him show the sentence there, once.
    let starmer = page(&out, "actors/keir-starmer/index.html");
    for item in starmer.select(&selector(".article-list > li")) {
        assert!(item.select(&selector("blockquote.context")).count() <= 1);
    }
    let sentence = selector(".article-list blockquote.context");
    assert!(starmer.select(&sentence).count() >= 3);
}

#[test]
fn actor_links_show_their_host_and_roles_their_dates_in_words() {
    let (_tmp, out) = build();
    let mut roles_seen = 0;
    for (slug, text) in content_files(&repo_root(), "actors") {
        let html = page(&out, &format!("actors/{slug}/index.html"));
        for link in front_list(front_matter(&text), "links") {
            let host = url::Url::parse(&link).expect("a URL");
            let host = host.host_str().expect("a host");
            let host = host.strip_prefix("www.").unwrap_or(host);
            let shown: Vec<String> = html
                .select(&selector(".links a"))
                .filter(|a| a.value().attr("href") == Some(link.as_str()))
                .map(text_of)
                .collect();
            assert_eq!(shown, [host.to_string()], "{slug}: {link}");
        }
        let periods = texts(&html, ".roles .period");
        let expected = role_periods(front_matter(&text));
        assert_eq!(periods, expected, "{slug}");
        roles_seen += periods.len();
    }
    assert!(roles_seen >= 5);
    let trump = page(&out, "actors/donald-trump/index.html");
    assert!(texts(&trump, ".roles .period").contains(&"20 January 2017 – 20 January 2021".into()));
}

/// Each `roles:` entry's dates as the page should write them (only entries with a date).
fn role_periods(front: &str) -> Vec<String> {
    let long = |d: &str| {
        let date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").expect("a date");
        date.format("%-d %B %Y").to_string()
    };
    let mut entries: Vec<(Option<String>, Option<String>)> = Vec::new();
    let mut in_roles = false;
    for line in front.lines() {
        if !line.starts_with(' ') && !line.starts_with('-') {
            in_roles = line.starts_with("roles:");
            continue;
        }
        let item = line.trim_start();
        if !in_roles {
            continue;
        }
        if item.starts_with("- ") {
            entries.push((None, None));
        }
        let item = item.trim_start_matches("- ");
        if let (Some(entry), Some(date)) = (entries.last_mut(), item.strip_prefix("from:")) {
            entry.0 = Some(long(date));
        }
        if let (Some(entry), Some(date)) = (entries.last_mut(), item.strip_prefix("to:")) {
            entry.1 = Some(long(date));
        }
    }
    entries
        .into_iter()
        .filter_map(|entry| match entry {
            (Some(from), Some(to)) => Some(format!("{from} – {to}")),
            (Some(from), None) => Some(format!("From {from}")),
            (None, Some(to)) => Some(format!("Until {to}")),
            (None, None) => None,
        })
        .collect()
}

#[test]
fn the_masthead_has_the_latest_digests_date_and_a_search_form() {
    let (_tmp, out) = build();
    let latest = content_files(&repo_root(), "briefings")
        .into_iter()
        .map(|(slug, _)| slug)
        .max()
        .expect("the example has digests");
    let search_url = |html: &Html| hrefs(html, ".site-header nav a")[5].clone();
    for path in [
        "index.html",
        "articles/starmer-washington-backstop/index.html",
        "actors/keir-starmer/index.html",
        "topics/index.html",
    ] {
        let html = page(&out, path);
        let date = attrs(&html, ".site-header .masthead-date time", "datetime");
        assert_eq!(date, std::slice::from_ref(&latest), "{path}");
        let when = NaiveDate::parse_from_str(&latest, "%Y-%m-%d").expect("a date");
        let shown = texts(&html, ".site-header .masthead-date time");
        assert_eq!(shown, [when.format("%A %-d %B %Y").to_string()], "{path}");
        let form = html
            .select(&selector(".site-header form[role=search]"))
            .next()
            .expect("a search form in the masthead");
        assert_eq!(
            form.value().attr("action"),
            Some(search_url(&html).as_str())
        );
        assert!(form.value().attr("action").unwrap().ends_with("search/"));
        assert_eq!(form.value().attr("method"), Some("get"));
        assert_eq!(
            form.select(&selector("input[type=search][name=q]")).count(),
            1
        );
    }
}

#[test]
fn the_masthead_search_reaches_the_search_page_in_a_relative_build() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("public");
    let args = ["--output", out.to_str().unwrap(), "--relative-urls"];
    assert_success(&run_build(&repo_root(), &args));
    let html = page(&out, "actors/keir-starmer/index.html");
    let action = attrs(&html, ".site-header form[role=search]", "action");
    assert_eq!(action, ["../../search/index.html"]);
    assert!(out.join("actors/keir-starmer").join(&action[0]).is_file());
}

#[test]
fn the_topics_index_nests_each_topic_under_its_parent() {
    let (_tmp, out) = build();
    let html = page(&out, "topics/index.html");
    let top = html
        .select(&selector("main > ul.topic-tree"))
        .next()
        .expect("the topic tree");
    let mut nested = 0;
    for (slug, text) in content_files(&repo_root(), "topics") {
        let href = format!("/topics/{slug}/");
        let link = top
            .select(&selector(&format!("a[href=\"{href}\"]")))
            .next()
            .unwrap_or_else(|| panic!("{slug} is not in the index"));
        // The link's item, its list, and the item holding that list.
        let item = ElementRef::wrap(link.parent().unwrap()).unwrap();
        let list = ElementRef::wrap(item.parent().unwrap()).unwrap();
        let holder = list.parent().and_then(ElementRef::wrap);
        let holder_link = holder
            .filter(|h| h.value().name() == "li")
            .and_then(|h| h.select(&selector(":scope > a")).next())
            .and_then(|a| a.value().attr("href"))
            .map(str::to_string);
        let parent = front_scalar(front_matter(&text), "parent");
        assert_eq!(
            holder_link,
            parent.as_ref().map(|p| format!("/topics/{p}/")),
            "{slug}"
        );
        nested += usize::from(parent.is_some());
    }
    assert!(nested >= 5);
    // Each level is by name.
    for list in html.select(&selector("ul.topic-tree")) {
        let names: Vec<String> = list
            .select(&selector(":scope > li > a"))
            .map(|a| text_of(a).to_lowercase())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }
}

/// The words a reader reads in a Markdown body: its text and code, footnotes and image
/// descriptions left out; a word holds a letter or digit.
fn visible_words(body: &str) -> usize {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut text = String::new();
    let (mut footnote, mut image) = (false, 0usize);
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => footnote = true,
            Event::End(TagEnd::FootnoteDefinition) => footnote = false,
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image -= 1,
            _ if footnote || image > 0 => {}
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {}
            Event::End(TagEnd::Link) => {}
            Event::End(_) => text.push('\n'),
            _ => {}
        }
    }
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The body of a content file: what follows the front matter.
fn body_of(text: &str) -> &str {
    let front = front_matter(text);
    let after = &text[text.find(front).unwrap() + front.len()..];
    after.split_once("---").map_or("", |(_, body)| body)
}

#[test]
fn articles_show_their_reading_time_on_their_page_and_in_lists() {
    let (_tmp, out) = build();
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for (slug, text) in content_files(&repo_root(), "articles") {
        if front_scalar(front_matter(&text), "draft").as_deref() == Some("true") {
            continue;
        }
        let minutes = visible_words(body_of(&text)).div_ceil(200).max(1);
        expected.insert(slug, format!("{minutes} min read"));
    }
    assert!(
        expected.values().any(|t| t != "1 min read"),
        "some take longer"
    );
    for (slug, reading) in &expected {
        let html = page(&out, &format!("articles/{slug}/index.html"));
        assert_eq!(
            texts(&html, ".dateline .reading-time"),
            std::slice::from_ref(reading),
            "{slug}"
        );
    }
    let mut seen = 0;
    for list_page in [
        "index.html",
        "archive/2025/03/index.html",
        "actors/keir-starmer/index.html",
    ] {
        let html = page(&out, list_page);
        for item in html.select(&selector(".article-list > li")) {
            let href = item
                .select(&selector("h3 a"))
                .next()
                .and_then(|a| a.value().attr("href"))
                .expect("a title link");
            let slug = href.trim_end_matches('/').rsplit('/').next().unwrap();
            let shown: Vec<String> = item
                .select(&selector(".meta .reading-time"))
                .map(text_of)
                .collect();
            assert_eq!(shown, [expected[slug].clone()], "{list_page}: {slug}");
            seen += 1;
        }
    }
    assert!(seen > expected.len());
}
