use chrono::NaiveDate;

use super::network::{self, Companion, Layout};
use super::timeline;
use super::{LABEL_LINE_CHARS, Label, Rect, shorten, svg, wrap_name};

/// Names of every length, some long enough to wrap and be cut.
fn names(count: usize) -> Vec<String> {
    let pool = [
        "Ukraine",
        "Prime Minister of the United Kingdom",
        "Organization for Security and Co-operation in Europe",
        "Li",
        "Volodymyr Zelensky",
        "Supercalifragilisticexpialidocious Ministry",
        "United Nations",
    ];
    (0..count)
        .map(|n| format!("{} {n}", pool[n % pool.len()]))
        .collect()
}

fn assert_apart(labels: &[&Label], frame: &Rect, what: &str) {
    for (n, label) in labels.iter().enumerate() {
        let bounds = label.bounds();
        assert!(bounds.inside(frame), "{what}: {label:?} outside {frame:?}");
        for other in &labels[n + 1..] {
            assert!(
                !bounds.overlaps(&other.bounds()),
                "{what}: {label:?} overlaps {other:?}"
            );
        }
    }
}

fn assert_nodes_inside(layout: &Layout, what: &str) {
    let frame = layout.view_box();
    for node in &layout.nodes {
        let disc = Rect {
            left: node.x - node.radius,
            top: node.y - node.radius,
            right: node.x + node.radius,
            bottom: node.y + node.radius,
        };
        assert!(
            disc.inside(&frame),
            "{what}: node at {disc:?} outside {frame:?}"
        );
    }
}

#[test]
fn a_star_with_one_to_forty_companions_keeps_labels_apart_and_inside() {
    for count in [1, 2, 3, 12, 13, 40] {
        let names = names(count);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let centre = "Organization for Security and Co-operation in Europe";
        let layout = network::star_layout(centre, &refs);
        assert_eq!(layout.nodes.len(), count + 1);
        assert!(
            !layout.nodes[0].labels.is_empty(),
            "{count}: the centre has a label"
        );
        let labels: Vec<&Label> = layout.labels().collect();
        assert_apart(&labels, &layout.view_box(), &format!("star of {count}"));
        assert_nodes_inside(&layout, &format!("star of {count}"));
    }
}

#[test]
fn the_site_network_with_two_to_forty_actors_keeps_labels_apart_and_inside() {
    for count in [2, 12, 15, 40] {
        let names = names(count);
        let members: Vec<(&str, usize)> = names
            .iter()
            .enumerate()
            .map(|(n, name)| (name.as_str(), 100 - n))
            .collect();
        let layout = network::site_layout(&members);
        let labels: Vec<&Label> = layout.labels().collect();
        assert_apart(&labels, &layout.view_box(), &format!("site of {count}"));
        assert_nodes_inside(&layout, &format!("site of {count}"));
    }
}

#[test]
fn long_names_wrap_on_two_lines_at_most_and_are_cut_with_an_ellipsis() {
    assert_eq!(wrap_name("Ukraine", LABEL_LINE_CHARS), ["Ukraine"]);
    assert_eq!(
        wrap_name("Prime Minister of the United Kingdom", 14),
        ["Prime Minister", "of the United…"]
    );
    assert_eq!(
        wrap_name("Supercalifragilisticexpialidocious", 14),
        ["Supercalifrag…"]
    );
    assert_eq!(shorten("abc", 3), "abc");
    for name in names(30) {
        let lines = wrap_name(&name, LABEL_LINE_CHARS);
        assert!((1..=2).contains(&lines.len()), "{name}: {lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= LABEL_LINE_CHARS));
    }
}

#[test]
fn the_star_figure_caps_its_companions_and_says_so() {
    let names = names(30);
    let urls: Vec<String> = (0..30).map(|n| format!("/actors/a{n}/")).collect();
    let companions: Vec<Companion> = names
        .iter()
        .zip(&urls)
        .enumerate()
        .map(|(n, (name, url))| Companion {
            name,
            url,
            count: 40 - n,
        })
        .collect();
    let html = network::star_figure("Centre & Co", &companions, 30);
    assert_eq!(
        html.matches("<circle").count(),
        network::STAR_COMPANIONS + 1
    );
    assert!(
        html.contains("The 12 most frequent of 30 are shown"),
        "{html}"
    );
    assert!(html.contains("Centre &amp; Co"));
    assert!(html.contains(r#"role="group""#));
    assert_eq!(html, network::star_figure("Centre & Co", &companions, 30));
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn weeks_start_on_monday_and_every_date_in_the_period_is_counted_once() {
    assert_eq!(timeline::week_start(date("2025-03-02")), date("2025-02-24"));
    assert_eq!(timeline::week_start(date("2025-03-03")), date("2025-03-03"));
    let dates = [date("2025-02-11"), date("2025-02-16"), date("2025-04-03")];
    let counts = timeline::weekly_counts(date("2025-02-10"), date("2025-03-31"), &dates);
    assert_eq!(counts, [2, 0, 0, 0, 0, 0, 0, 1]);
}

#[test]
fn timeline_labels_fit_from_one_week_to_twenty_years() {
    for weeks in [1_usize, 2, 8, 30, 150, 520, 1040] {
        let first = date("2023-01-02");
        let counts: Vec<usize> = (0..weeks).map(|w| (w * 7919) % 13).collect();
        let layout = timeline::layout(first, &counts);
        let labels: Vec<&Label> = layout.labels.iter().collect();
        assert!(
            labels.len() >= 2,
            "{weeks} weeks: a month and the top count"
        );
        assert_apart(&labels, &timeline::view_box(), &format!("{weeks} weeks"));
        let frame = timeline::view_box();
        for bar in &layout.bars {
            assert!(bar.x >= 0.0 && bar.x + bar.width <= frame.right, "{bar:?}");
        }
    }
}

#[test]
fn numbers_have_one_decimal_and_no_negative_zero() {
    assert_eq!(svg::num(-0.01), "0.0");
    assert_eq!(svg::num(2.0), "2.0");
    assert_eq!(svg::num(1.25), "1.2");
    assert_eq!(svg::num(-3.46), "-3.5");
}
