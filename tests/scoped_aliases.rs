//! Mentions as a reader resolves them: a title whose holder depends on who is writing
//! (publisher scope, article scope, site-wide), speaker labels at the start of a
//! paragraph, and aliases that match whatever typography the text uses.

mod common;

use common::*;

/// Each mention (linked or not) on an article page: (entity slug, text as shown).
fn mentions(site: &SiteBuilder, slug: &str) -> Vec<(String, String)> {
    let page = site.page(&format!("articles/{slug}/index.html"));
    let found = selector("article .mention");
    page.select(&found)
        .map(|m| {
            let entity = m.value().attr("data-entity").unwrap_or("").to_string();
            let text: String = m.text().collect();
            (
                entity,
                text.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

fn article(title: &str, date: &str, source: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\nsource: {source}\n{extra}---\n{body}\n")
}

/// Three publishers, and "Mr President" / "the President" meaning three people.
fn mixed_briefing() -> SiteBuilder {
    SiteBuilder::with_files(&[
        (
            "content/actors/roberta-metsola.md",
            "---\nname: Roberta Metsola\nkind: person\naliases:\n  - { text: \"Mr President\", publishers: [European Parliament] }\n  - { text: \"Madam President\", publishers: [europarl.europa.eu] }\n  - { text: \"The President.\", line_start: true, publishers: [European Parliament] }\n---\nPresident of the European Parliament.\n",
        ),
        (
            "content/actors/us-president.md",
            "---\nname: President of the United States\nkind: office\naliases:\n  - \"the President\"\n  - { text: \"Mr President\", publishers: [\"The White House\", whitehouse.gov] }\n---\nThe office.\n",
        ),
        (
            "content/actors/donald-trump.md",
            "---\nname: Donald Trump\nkind: person\nroles:\n  - { office: us-president, from: 2025-01-20 }\n---\nThe 47th president.\n",
        ),
        (
            "content/actors/vladimir-putin.md",
            "---\nname: Vladimir Putin\nkind: person\naliases:\n  - { text: \"the President\", publishers: [kremlin.ru] }\n---\nPresident of Russia.\n",
        ),
        (
            "content/actors/volodymyr-zelenskyy.md",
            "---\nname: Volodymyr Zelenskyy\nkind: person\n---\nPresident of Ukraine.\n",
        ),
        (
            "content/articles/ep-debate.md",
            &article(
                "Debate",
                "2025-03-11",
                "{ publisher: European Parliament, url: \"https://www.europarl.europa.eu/doceo/x.html\" }",
                "",
                "Mr President, colleagues, we debate Ukraine today.\n\nThe President. – The debate is closed, said the President.\n\nMadam President, thank you.",
            ),
        ),
        (
            "content/articles/wh-remarks.md",
            &article(
                "Remarks",
                "2025-03-12",
                "{ publisher: The White House, url: \"https://www.whitehouse.gov/remarks/x/\" }",
                "",
                "Thank you, Mr President. Later the President spoke again.",
            ),
        ),
        (
            "content/articles/kremlin-readout.md",
            &article(
                "Readout",
                "2025-03-13",
                "{ publisher: President of Russia, url: \"http://en.kremlin.ru/events/president/news/1\" }",
                "",
                "Today the President held a telephone conversation.",
            ),
        ),
        (
            "content/articles/kyiv-report.md",
            &article(
                "Report",
                "2025-03-14",
                "{ publisher: Wire, url: \"https://wire.example/kyiv\" }",
                "aliases:\n  \"the President\": volodymyr-zelenskyy\n",
                "In Kyiv, the President met envoys.",
            ),
        ),
    ])
}

#[test]
fn one_title_means_whoever_the_publisher_or_article_says() {
    let site = mixed_briefing();
    let problems = check_problems(&site.root());
    let warnings: Vec<&serde_json::Value> = problems
        .iter()
        .filter(|p| p["code"] != "unused-entity")
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_success(&site.build(&[]));
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    // The European Parliament's chair; the label only at a paragraph's start; no site-wide
    // "the President" inside its own text would mean the US office, which is site-wide.
    assert_eq!(
        mentions(&site, "ep-debate"),
        pairs(&[
            ("roberta-metsola", "Mr President"),
            ("roberta-metsola", "The President."),
            ("donald-trump", "the President"),
            ("roberta-metsola", "Madam President"),
        ])
    );
    // The White House's "Mr President" is the office, resolved to its holder by date.
    assert_eq!(
        mentions(&site, "wh-remarks"),
        pairs(&[
            ("donald-trump", "Mr President"),
            ("donald-trump", "the President")
        ])
    );
    // The Kremlin's host scope beats the site-wide alias.
    assert_eq!(
        mentions(&site, "kremlin-readout"),
        pairs(&[("vladimir-putin", "the President")])
    );
    // The article's own scope beats every other.
    assert_eq!(
        mentions(&site, "kyiv-report"),
        pairs(&[("volodymyr-zelenskyy", "the President")])
    );
}

#[test]
fn an_article_alias_naming_no_entity_is_an_unknown_slug_at_its_line() {
    let site = SiteBuilder::with_files(&[
        (
            "content/actors/volodymyr-zelenskyy.md",
            &actor_md("Volodymyr Zelenskyy", "person"),
        ),
        (
            "content/articles/a.md",
            "---\ntitle: A\ndate: 2025-03-14\naliases:\n  \"the President\": volodymyr-zelensky\n---\nThe President spoke.\n",
        ),
    ]);
    let problems = check_problems(&site.root());
    let unknown: Vec<&serde_json::Value> = problems
        .iter()
        .filter(|p| p["code"] == "unknown-slug")
        .collect();
    assert_eq!(unknown.len(), 1, "{problems:?}");
    assert_eq!(unknown[0]["line"], 5);
    assert!(
        unknown[0]["hint"]
            .as_str()
            .unwrap_or("")
            .contains("volodymyr-zelenskyy")
    );
}

#[test]
fn a_true_collision_is_one_warning_per_alias_naming_each_claimant() {
    let site = SiteBuilder::with_files(&[
        (
            "content/actors/a.md",
            "---\nname: A\nkind: person\naliases: [\"the Chair\", \"the Envoy\"]\n---\nA.\n",
        ),
        (
            "content/actors/b.md",
            "---\nname: B\nkind: person\naliases: [\"the Chair\"]\n---\nB.\n",
        ),
        (
            "content/actors/c.md",
            "---\nname: C\nkind: person\naliases:\n  - \"the Chair\"\n  - { text: \"the Envoy\", publishers: [Wire] }\n---\nC.\n",
        ),
        (
            "content/articles/x.md",
            "---\ntitle: X\ndate: 2025-03-01\nactors: [a, b, c]\n---\nthe Chair met the Envoy.\n",
        ),
    ]);
    let problems = check_problems(&site.root());
    let collisions: Vec<&serde_json::Value> = problems
        .iter()
        .filter(|p| p["code"] == "alias-collision")
        .collect();
    assert_eq!(
        collisions.len(),
        1,
        "one warning for `the Chair`, none for the scoped Envoy: {problems:?}"
    );
    let message = collisions[0]["message"].as_str().unwrap_or("");
    for claimant in [
        "content/actors/a.md:4",
        "content/actors/b.md:4",
        "content/actors/c.md:5",
    ] {
        assert!(message.contains(claimant), "{claimant} in {message}");
    }
    assert!(
        collisions[0]["hint"]
            .as_str()
            .unwrap_or("")
            .contains("publishers")
    );
    assert_success(&site.build(&[]));
    let found = mentions(&site, "x");
    assert_eq!(
        found,
        [("a".to_string(), "the Envoy".to_string())],
        "the Chair is linked for no one"
    );
}

#[test]
fn aliases_match_whatever_typography_the_text_uses() {
    // Every character the fold covers, typed one way in the alias and the other in the text.
    let pairs = [
        ("People's Party", "People\u{2019}s Party"),
        ("People\u{2019}s Party", "People's Party"),
        ("People\u{2018}s Party", "People\u{201B}s Party"),
        ("the \"Coalition\"", "the \u{201C}Coalition\u{201D}"),
        ("the \u{00AB}Coalition\u{00BB}", "the \"Coalition\""),
        ("the \u{201E}Coalition\u{201F}", "the \"Coalition\""),
        ("cease-fire line", "cease\u{2011}fire line"),
        ("cease\u{2010}fire line", "cease-fire line"),
        ("Figure-Dash", "Figure\u{2012}Dash"),
        ("north\u{2013}south", "north--south"),
        ("north\u{2014}south", "north---south"),
        ("north\u{2015}south", "north-south"),
        ("minus\u{2212}one", "minus-one"),
        ("wait\u{2026} no", "wait... no"),
        ("Prime Minister", "Prime\u{00A0}Minister"),
        ("Prime\u{202F}Minister", "Prime Minister"),
        ("Prime Minister", "Prime\u{2007}Minister"),
        ("Prime Minister", "Prime\n   Minister"),
        ("Sir Keir's  team", "Sir Keir\u{2032}s team"),
        ("the `Group`", "the 'Group'"),
        ("the \u{201A}Group'", "the 'Group'"),
        ("the \u{2033}Group\"", "the \"Group\""),
    ];
    for (alias, written) in pairs {
        let site = SiteBuilder::with_files(&[
            (
                "content/actors/x.md",
                &format!(
                    "---\nname: Someone Else\nkind: person\naliases: [{}]\n---\nX.\n",
                    serde_json::to_string(alias).unwrap()
                ),
            ),
            (
                "content/articles/a.md",
                &format!("---\ntitle: A\ndate: 2025-03-01\n---\nToday {written} spoke.\n"),
            ),
        ]);
        assert_success(&site.build(&[]));
        let found = mentions(&site, "a");
        assert_eq!(
            found.len(),
            1,
            "alias {alias:?} in text {written:?}: {found:?}"
        );
        assert_eq!(found[0].0, "x");
    }
}
