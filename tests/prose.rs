//! Text as real prose is written: hard-wrapped lines, abbreviations, smart punctuation,
//! repeated statements, quotations inside quotations, offices nobody holds, and what
//! counts as using an actor or topic. Each builds a real site and reads what it wrote.

mod common;

use common::*;

fn codes(problems: &[serde_json::Value]) -> Vec<String> {
    problems
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p["code"].as_str().unwrap_or(""),
                p["file"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// The entity slug and text of each mention (linked or not) in each paragraph of an
/// article page that has any.
fn mentions_by_paragraph(site: &SiteBuilder, slug: &str) -> Vec<Vec<(String, String)>> {
    let page = site.page(&format!("articles/{slug}/index.html"));
    let paragraphs = selector("article p");
    let mentions = selector(".mention");
    page.select(&paragraphs)
        .map(|p| {
            p.select(&mentions)
                .map(|m| {
                    let entity = m.value().attr("data-entity").unwrap_or("").to_string();
                    let text: String = m.text().collect();
                    (
                        entity,
                        text.split_whitespace().collect::<Vec<_>>().join(" "),
                    )
                })
                .collect()
        })
        .filter(|found: &Vec<(String, String)>| !found.is_empty())
        .collect()
}

const STARMER: &str = "---\nname: Keir Starmer\nkind: person\naliases: [\"Sir Keir Starmer\", \"Sir Keir\", \"Starmer\"]\nroles:\n  - { office: uk-prime-minister, from: 2024-07-05 }\n---\nPrime Minister.\n";
const PM: &str = "---\nname: UK Prime Minister\nkind: office\naliases: [\"the Prime Minister\"]\n---\nThe office.\n";

#[test]
fn names_wrapped_over_lines_or_spaced_oddly_are_one_mention() {
    let body = "On Sunday the Prime\nMinister spoke, and Sir Keir\n   Starmer said more.\n\n\
                On Sunday the Prime\u{00A0}Minister spoke, and Sir Keir  Starmer said more.\n\n\
                On Sunday the Prime Minister spoke, and Sir Keir Starmer said more.\n";
    let site = SiteBuilder::with_files(&[
        ("content/actors/keir-starmer.md", STARMER),
        ("content/actors/uk-prime-minister.md", PM),
        (
            "content/articles/a.md",
            &format!("---\ntitle: A\ndate: 2025-03-01\n---\n{body}"),
        ),
    ]);
    assert_success(&site.build(&[]));
    let found = mentions_by_paragraph(&site, "a");
    assert_eq!(found.len(), 3, "{found:?}");
    let one_line = &found[2];
    assert_eq!(one_line.len(), 2, "{one_line:?}");
    for paragraph in &found {
        let entities: Vec<&str> = paragraph.iter().map(|(e, _)| e.as_str()).collect();
        assert_eq!(entities, ["keir-starmer", "keir-starmer"], "{found:?}");
        assert_eq!(paragraph[1].1, "Sir Keir Starmer", "{found:?}");
    }
}

#[test]
fn backlink_sentences_run_past_abbreviations_and_initials() {
    let sentences = [
        "Trump wants a deal that would allow the U.S. access to minerals to recoup aid given against Russia.",
        "Mr. Starmer met Mr. Macron at No. 10 at 9 a.m. on Monday with Russia on the agenda.",
        "The envoy, J. D. Vance, spoke on Feb. 18 about Russia in Munich.",
    ];
    let body = sentences
        .iter()
        .map(|s| format!("First words here. {s} Last words there."))
        .collect::<Vec<_>>()
        .join("\n\n");
    for (n, sentence) in sentences.iter().enumerate() {
        let site = SiteBuilder::with_files(&[
            (
                "content/actors/russia.md",
                "---\nname: Russia\nkind: country\n---\nA country.\n",
            ),
            (
                "content/articles/a.md",
                &format!(
                    "---\ntitle: A\ndate: 2025-03-01\n---\n{}\n",
                    body.split("\n\n").nth(n).unwrap_or("")
                ),
            ),
        ]);
        assert_success(&site.build(&[]));
        let page = site.page("actors/russia/index.html");
        let shown = texts(&page, "blockquote.context");
        assert_eq!(shown, [sentence.to_string()], "sentence {n}");
    }
}

#[test]
fn quotes_typed_as_in_the_source_match_smart_punctuation_both_ways() {
    // The body is typed with ASCII punctuation (rendered as … – —) or with the typographic
    // characters themselves; the statements are typed the other way.
    let cases = [
        (
            "We will wait... and then act -- firmly --- now.",
            "We will wait… and then act – firmly — now.",
        ),
        (
            "We will wait… and then act – firmly — now.",
            "We will wait... and then act -- firmly --- now.",
        ),
        (
            "A cease\u{2011}fire, the Prime Minister’s plan.",
            "A cease-fire, the Prime Minister's plan.",
        ),
        ("The 2024 - 2025 budget", "The 2024 – 2025 budget"),
    ];
    for (body, quote) in cases {
        let site = SiteBuilder::with_files(&[
            ("content/actors/x.md", &actor_md("X", "person")),
            (
                "content/articles/a.md",
                &format!(
                    "---\ntitle: A\ndate: 2025-03-01\nactors: [x]\nquotes:\n  - by: x\n    text: {}\n---\nHe said: {body}\n",
                    serde_json::to_string(quote).unwrap()
                ),
            ),
        ]);
        let problems = check_problems(&site.root());
        assert!(problems.is_empty(), "{body:?} / {quote:?}: {problems:?}");
        assert_success(&site.build(&[]));
        let page = site.page("articles/a/index.html");
        assert!(
            !texts(&page, "mark.statement").is_empty(),
            "{quote:?} is marked"
        );
    }
}

#[test]
fn a_repeated_statement_takes_a_prefix_or_suffix() {
    let body = "First he asked: are we ready? Nobody answered.\n\nLater he asked: are we ready? Everyone cheered.\n";
    for (context, paragraph) in [
        ("prefix: \"Later he asked: \"", "Later"),
        ("suffix: \" Nobody\"", "First"),
    ] {
        let site = SiteBuilder::with_files(&[
            ("content/actors/x.md", &actor_md("X", "person")),
            (
                "content/articles/a.md",
                &format!(
                    "---\ntitle: A\ndate: 2025-03-01\nactors: [x]\nquotes:\n  - by: x\n    text: \"are we ready?\"\n    {context}\n---\n{body}"
                ),
            ),
        ]);
        let problems = check_problems(&site.root());
        assert!(problems.is_empty(), "{context}: {problems:?}");
        assert_success(&site.build(&[]));
        let page = site.page("articles/a/index.html");
        let paragraphs = selector("article p");
        let marks = selector("mark.statement");
        let marked: Vec<String> = page
            .select(&paragraphs)
            .filter(|p| p.select(&marks).next().is_some())
            .map(|p| p.text().collect())
            .collect();
        assert_eq!(marked.len(), 1, "{context}: {marked:?}");
        assert!(marked[0].starts_with(paragraph), "{context}: {marked:?}");
    }
    // Without either, the repeat is still an error whose help names prefix and suffix.
    let site = SiteBuilder::with_files(&[
        ("content/actors/x.md", &actor_md("X", "person")),
        (
            "content/articles/a.md",
            &format!(
                "---\ntitle: A\ndate: 2025-03-01\nactors: [x]\nquotes:\n  - by: x\n    text: \"are we ready?\"\n---\n{body}"
            ),
        ),
    ]);
    let problems = check_problems(&site.root());
    assert!(
        codes(&problems)
            .iter()
            .any(|c| c.starts_with("quote-ambiguous")),
        "{problems:?}"
    );
}

#[test]
fn quotations_inside_statements_take_single_marks() {
    let cases = [
        ("we have to “win the peace.”", "we have to ‘win the peace.’"),
        (
            "the plan is \"peace through strength\" now",
            "the plan is ‘peace through strength’ now",
        ),
    ];
    for (quote, shown) in cases {
        let site = SiteBuilder::with_files(&[
            ("content/actors/x.md", &actor_md("X", "person")),
            (
                "content/articles/a.md",
                &format!(
                    "---\ntitle: A\ndate: 2025-03-01\nactors: [x]\nquotes:\n  - by: x\n    text: {}\n---\nHe said {quote} today.\n",
                    serde_json::to_string(quote).unwrap()
                ),
            ),
        ]);
        assert_success(&site.build(&[]));
        let ledger = texts(&site.page("actors/x/index.html"), "blockquote");
        assert!(ledger.contains(&format!("“{shown}”")), "{ledger:?}");
        let article = page_text(&site.page("articles/a/index.html"));
        assert!(article.contains(&format!("“{shown}”")), "{article}");
    }
}

#[test]
fn an_office_no_role_covers_is_a_warning_at_the_mention() {
    let johnson = "---\nname: Boris Johnson\nkind: person\nroles:\n  - { office: uk-prime-minister, from: 2019-07-24, to: 2022-09-06 }\n---\nA former PM.\n";
    let site = SiteBuilder::with_files(&[
        ("content/actors/boris-johnson.md", johnson),
        ("content/actors/uk-prime-minister.md", PM),
        (
            "content/articles/gap.md",
            "---\ntitle: Gap\ndate: 2022-09-06\n---\nA first line.\n\nOn that day the Prime Minister spoke.\n",
        ),
        (
            "content/articles/held.md",
            "---\ntitle: Held\ndate: 2022-09-05\n---\nThen the Prime Minister spoke.\n",
        ),
    ]);
    let problems = check_problems(&site.root());
    let warnings: Vec<&serde_json::Value> = problems
        .iter()
        .filter(|p| p["code"] == "office-without-holder")
        .collect();
    assert_eq!(warnings.len(), 1, "{problems:?}");
    let warning = warnings[0];
    assert_eq!(warning["file"], "content/articles/gap.md");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["line"], 7, "{warning}");
    let message = warning["message"].as_str().unwrap_or("");
    assert!(
        message.contains("uk-prime-minister") && message.contains("2022-09-06"),
        "{message}"
    );
    assert_success(&site.build(&[]));
    // The day before `to`, the holder gets the mention; on `to` itself, the office.
    let held = mentions_by_paragraph(&site, "held");
    assert_eq!(held[0][0].0, "boris-johnson");
    let gap = mentions_by_paragraph(&site, "gap");
    assert_eq!(gap[0][0].0, "uk-prime-minister");
}

#[test]
fn every_kind_of_use_counts_and_a_failed_file_hides_nothing() {
    let site = SiteBuilder::with_files(&[
        (
            "content/actors/speaker.md",
            &actor_md("Speaker Only", "person"),
        ),
        (
            "content/actors/linked.md",
            &actor_md("Linked Only", "person"),
        ),
        (
            "content/actors/office.md",
            "---\nname: Some Office\nkind: office\n---\nAn office.\n",
        ),
        (
            "content/actors/holder.md",
            "---\nname: Holder\nkind: person\nroles:\n  - { office: office, from: 2020-01-01 }\n---\nHolds it.\n",
        ),
        (
            "content/actors/listed-by-broken.md",
            &actor_md("Listed By Broken", "person"),
        ),
        (
            "content/actors/nobody.md",
            &actor_md("Nobody Uses", "person"),
        ),
        ("content/topics/parent.md", &topic_md("Parent Only")),
        (
            "content/topics/child.md",
            "---\nname: Child\nparent: parent\n---\nA child.\n",
        ),
        (
            "content/articles/a.md",
            "---\ntitle: A\ndate: 2025-03-01\ntopics: [child]\nactors: [holder]\nquotes:\n  - by: speaker\n    text: \"Hello there.\"\n---\nHello there. See [[linked|them]].\n",
        ),
        (
            "content/articles/broken.md",
            "---\ntitle: Broken\ndate: 2025-03-01\nactors: [listed-by-broken]\nno_such_key: 1\n---\nText.\n",
        ),
    ]);
    let problems = check_problems(&site.root());
    let unused: Vec<String> = problems
        .iter()
        .filter(|p| p["code"] == "unused-entity")
        .map(|p| p["file"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(unused, ["content/actors/nobody.md"], "{problems:?}");
}
