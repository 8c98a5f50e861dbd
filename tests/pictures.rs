//! The pictures (inline SVG timelines and networks) on real builds: on a generated corpus
//! of 1,000 articles no two labels overlap and every label lies inside its viewBox; on the
//! example site each picture is accessible and its table holds the site's numbers; two
//! builds write the same bytes.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use common::*;
use scraper::{ElementRef, Html};

/// The label box estimate the renderer uses: characters × 0.6 × font size wide, from
/// one font size above the baseline to 0.3 below.
const CHAR_WIDTH_EM: f64 = 0.6;
const ASCENT_EM: f64 = 1.0;
const DESCENT_EM: f64 = 0.3;

#[derive(Debug, Clone, Copy)]
struct Box2 {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Box2 {
    fn overlaps(&self, other: &Box2) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    fn inside(&self, outer: &Box2) -> bool {
        self.left >= outer.left
            && self.right <= outer.right
            && self.top >= outer.top
            && self.bottom <= outer.bottom
    }
}

fn number(element: ElementRef, name: &str) -> f64 {
    let value = element
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("<{}> without {name}", element.value().name()));
    value.parse().unwrap_or_else(|_| panic!("{name}={value:?}"))
}

/// A `<text>`'s box, from its x, y, font-size, text-anchor and text.
fn text_box(text: ElementRef) -> Box2 {
    let (x, y, size) = (
        number(text, "x"),
        number(text, "y"),
        number(text, "font-size"),
    );
    let width = text_of(text).chars().count() as f64 * CHAR_WIDTH_EM * size;
    let left = match text.value().attr("text-anchor") {
        Some("middle") => x - width / 2.0,
        Some("end") => x - width,
        Some("start") => x,
        other => panic!("text-anchor {other:?}"),
    };
    Box2 {
        left,
        top: y - ASCENT_EM * size,
        right: left + width,
        bottom: y + DESCENT_EM * size,
    }
}

fn view_box(svg: ElementRef) -> Box2 {
    let attribute = svg
        .value()
        .attr("viewBox")
        .or_else(|| svg.value().attr("viewbox"))
        .expect("a viewBox");
    let n: Vec<f64> = attribute
        .split_whitespace()
        .map(|v| v.parse().expect("a number"))
        .collect();
    Box2 {
        left: n[0],
        top: n[1],
        right: n[0] + n[2],
        bottom: n[1] + n[3],
    }
}

/// Checks every picture of a page; returns how many labels it checked.
fn assert_labels_apart(html: &Html, page: &str) -> usize {
    let mut checked = 0;
    for svg in html.select(&selector("figure.picture svg")) {
        let frame = view_box(svg);
        let boxes: Vec<(String, Box2)> = svg
            .select(&selector("text"))
            .map(|t| (text_of(t), text_box(t)))
            .collect();
        for (n, (text, bounds)) in boxes.iter().enumerate() {
            assert!(
                bounds.inside(&frame),
                "{page}: {text:?} {bounds:?} outside {frame:?}"
            );
            for (other, other_bounds) in &boxes[n + 1..] {
                assert!(
                    !bounds.overlaps(other_bounds),
                    "{page}: {text:?} overlaps {other:?}"
                );
            }
        }
        checked += boxes.len();
    }
    checked
}

/// The actor, topic and home pages of a build, relative to `out`.
fn picture_pages(out: &Path) -> Vec<String> {
    html_files(out)
        .into_iter()
        .filter(|p| {
            p == "index.html"
                || ((p.starts_with("actors/") || p.starts_with("topics/"))
                    && p.matches('/').count() == 2)
        })
        .collect()
}

#[test]
fn on_a_thousand_generated_articles_no_labels_overlap_and_two_builds_are_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let script = repo_root().join("bench/gen_corpus.py");
    let generated = Command::new("python3")
        .arg(&script)
        .args(["--articles", "1000", "--format", "native", "--out"])
        .arg(&site)
        .output()
        .expect("python3 runs bench/gen_corpus.py");
    assert!(generated.status.success(), "{generated:?}");
    let out = tmp.path().join("out");
    assert_success(&run_build(&site, &["--output", out.to_str().unwrap()]));
    let pages = picture_pages(&out);
    assert!(pages.len() > 300, "{} pages", pages.len());
    let (mut pictures, mut labels) = (0, 0);
    for page in &pages {
        let html = read_html(&out.join(page));
        pictures += html.select(&selector("figure.picture svg")).count();
        labels += assert_labels_apart(&html, page);
    }
    // A timeline on every actor and topic page, a network on most actor pages and home.
    assert!(
        pictures > pages.len(),
        "{pictures} pictures on {} pages",
        pages.len()
    );
    assert!(labels > 5 * pictures, "{labels} labels");

    let again = tmp.path().join("again");
    assert_success(&run_build(&site, &["--output", again.to_str().unwrap()]));
    assert_same_snapshot(&snapshot(&out), &snapshot(&again), "a second build");
}

/// An example article's listed actors and topics (published articles only).
struct Listing {
    actors: Vec<String>,
    topics: Vec<String>,
}

fn example_listings() -> Vec<Listing> {
    content_files(&repo_root(), "articles")
        .into_iter()
        .filter_map(|(_, text)| {
            let front = front_matter(&text);
            (front_scalar(front, "draft").as_deref() != Some("true")).then(|| Listing {
                actors: front_list(front, "actors"),
                topics: front_list(front, "topics"),
            })
        })
        .collect()
}

fn names(kind: &str) -> BTreeMap<String, String> {
    content_files(&repo_root(), kind)
        .into_iter()
        .map(|(slug, text)| {
            let name = front_scalar(front_matter(&text), "name").expect("a name");
            (slug, name)
        })
        .collect()
}

/// The rows of the tables in a picture's figure, each as its cells' text.
fn table_rows(figure: ElementRef) -> Vec<Vec<String>> {
    figure
        .select(&selector("tbody tr"))
        .map(|row| row.select(&selector("td")).map(text_of).collect())
        .collect()
}

/// The figure of class `class` on a page, checked accessible: `<svg role="img">` named
/// by its `<title>` and `<desc>` through `aria-labelledby`, with nothing focusable in it,
/// and a caption.
fn accessible_figure<'a>(html: &'a Html, class: &str, page: &str) -> Option<ElementRef<'a>> {
    let figure = html.select(&selector(&format!("figure.{class}"))).next()?;
    let svg = figure
        .select(&selector("svg[role=img]"))
        .next()
        .unwrap_or_else(|| panic!("{page}: no <svg role=img> in {class}"));
    let named: Vec<&str> = svg
        .value()
        .attr("aria-labelledby")
        .expect("aria-labelledby")
        .split_whitespace()
        .collect();
    let title = svg.select(&selector("title")).next().expect("a <title>");
    let desc = svg.select(&selector("desc")).next().expect("a <desc>");
    assert_eq!(
        named,
        [title.value().id().unwrap(), desc.value().id().unwrap()]
    );
    assert!(
        !text_of(title).is_empty() && !text_of(desc).is_empty(),
        "{page}"
    );
    // An image holds nothing focusable (axe: nested-interactive); the tables link.
    assert!(
        svg.select(&selector("a, [tabindex]")).next().is_none(),
        "{page}: a link inside the picture"
    );
    assert!(
        figure.select(&selector("figcaption")).next().is_some(),
        "{page}"
    );
    Some(figure)
}

/// Companions of `slug`: (name, shared articles), most first, then by name; at most 12.
fn companions(
    slug: &str,
    listings: &[Listing],
    names: &BTreeMap<String, String>,
) -> Vec<Vec<String>> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for listing in listings
        .iter()
        .filter(|l| l.actors.iter().any(|a| a == slug))
    {
        let others: BTreeSet<&str> = listing.actors.iter().map(String::as_str).collect();
        for other in others.into_iter().filter(|o| *o != slug) {
            *counts.entry(other).or_insert(0) += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    let folded = |slug: &str| (names[slug].to_lowercase(), names[slug].clone());
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(folded(a.0).cmp(&folded(b.0))));
    ranked
        .into_iter()
        .take(12)
        .map(|(other, count)| vec![names[other].clone(), count.to_string()])
        .collect()
}

#[test]
fn the_example_site_pictures_are_accessible_and_their_tables_hold_the_sites_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert_success(&run_build(
        &repo_root(),
        &["--output", out.to_str().unwrap()],
    ));
    let listings = example_listings();
    let actor_names = names("actors");
    let listing_count = |slug: &str, of: fn(&Listing) -> &Vec<String>| {
        listings
            .iter()
            .filter(|l| of(l).iter().any(|s| s == slug))
            .count()
    };
    for (kind, names) in [("actors", &actor_names), ("topics", &names("topics"))] {
        for slug in names.keys() {
            let page = format!("{kind}/{slug}/index.html");
            let html = read_html(&out.join(&page));
            let timeline = accessible_figure(&html, "picture-timeline", &page)
                .unwrap_or_else(|| panic!("{page}: no timeline"));
            let sum: usize = table_rows(timeline)
                .iter()
                .map(|row| row[1].parse::<usize>().expect("a count"))
                .sum();
            let listed = if kind == "actors" {
                listing_count(slug, |l| &l.actors)
            } else {
                listing_count(slug, |l| &l.topics)
            };
            assert_eq!(
                sum, listed,
                "{page}: the weeks' counts add up to its articles"
            );
            if kind == "actors" {
                let expected = companions(slug, &listings, &actor_names);
                let network = accessible_figure(&html, "picture-network", &page);
                match network {
                    Some(figure) => assert_eq!(table_rows(figure), expected, "{page}"),
                    None => assert!(expected.is_empty(), "{page}: no network"),
                }
            }
        }
    }

    let html = read_html(&out.join("index.html"));
    let figure = accessible_figure(&html, "picture-network", "index.html").expect("a network");
    let mut ranked: Vec<(&String, usize)> = actor_names
        .keys()
        .map(|slug| (slug, listing_count(slug, |l| &l.actors)))
        .filter(|(_, count)| *count > 0)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(12);
    let tables: Vec<ElementRef> = figure.select(&selector("table")).collect();
    let members: Vec<Vec<String>> = tables[0]
        .select(&selector("tbody tr"))
        .map(|row| row.select(&selector("td")).map(text_of).collect())
        .collect();
    let expected: Vec<Vec<String>> = ranked
        .iter()
        .map(|(slug, count)| vec![actor_names[*slug].clone(), count.to_string()])
        .collect();
    assert_eq!(members, expected, "the home network's actors");
    for row in tables[1].select(&selector("tbody tr")) {
        let links: Vec<String> = row
            .select(&selector("a"))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        let slug = |href: &str| {
            href.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        };
        let (a, b) = (slug(&links[0]), slug(&links[1]));
        let both = listings
            .iter()
            .filter(|l| l.actors.contains(&a) && l.actors.contains(&b))
            .count();
        let cells: Vec<String> = row.select(&selector("td")).map(text_of).collect();
        assert_eq!(cells[1], both.to_string(), "{a} and {b}");
    }
    assert_labels_apart(&html, "index.html");
}
