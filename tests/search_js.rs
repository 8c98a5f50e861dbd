//! The search page's script (`static/search.js`) on a built site, run in Node: queries in
//! Chinese, Japanese and Korean (written without spaces between words) find words in the
//! middle of the text, other scripts keep working, and search.js reads text into exactly
//! the words the Rust tokeniser (`src/search/tokens.rs`) indexes.
//!
//! These tests need `node` on the PATH. Without it they are skipped with a note, unless
//! `BRIEFING_REQUIRE_NODE` is set (as CI does), when they fail.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::*;
use serde_json::{Value, json};

/// Runs `tests/js/search_harness.js` on the built site `out`; `None` when there is no Node.
fn run_harness(out: &std::path::Path, queries: &[&str], texts: &[&str]) -> Option<Value> {
    let harness = repo_root().join("tests/js/search_harness.js");
    let child = Command::new("node")
        .arg(&harness)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) if std::env::var_os("BRIEFING_REQUIRE_NODE").is_none() => {
            eprintln!("note: search.js not tested: cannot run node ({error})");
            return None;
        }
        Err(error) => panic!("BRIEFING_REQUIRE_NODE is set but node cannot run: {error}"),
    };
    let request = json!({ "site": out, "queries": queries, "texts": texts });
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(request.to_string().as_bytes())
        .expect("write the request");
    let output = child.wait_with_output().expect("node runs");
    assert!(
        output.status.success(),
        "the search harness failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("the harness writes JSON"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

const ZH_TITLE: &str = "市议会批准交通预算";
const RU_TITLE: &str = "Совет утвердил бюджет";
const JA_TITLE: &str = "東京都が予算案を発表";
const KO_TITLE: &str = "서울시 예산 발표";
const EL_TITLE: &str = "Ο Οδυσσέας στην Αθήνα";

/// The reported site (a Chinese and a Russian article), with Japanese, Korean and Greek
/// articles of its own.
fn site() -> SiteBuilder {
    let article = |title: &str, date: &str, body: &str| {
        format!("---\ntitle: \"{title}\"\ndate: {date}\n---\n{body}\n")
    };
    SiteBuilder::with_files(&[
        (
            "site.yaml",
            "title: \"Test Briefing\"\nbase_url: \"https://example.org/brief/\"\nlanguage: zh\ntimezone: UTC\n",
        ),
        (
            "content/articles/budget.md",
            &article(
                ZH_TITLE,
                "2025-03-04",
                "市议会周二批准了交通预算，公交车将每十分钟一班。",
            ),
        ),
        (
            "content/articles/budget-ru.md",
            &article(
                RU_TITLE,
                "2025-03-03",
                "Городской совет утвердил транспортный бюджет во вторник.",
            ),
        ),
        (
            "content/articles/tokyo.md",
            &article(
                JA_TITLE,
                "2025-03-02",
                "東京都は来年度のバス路線の予算を発表した。コーヒー店も増える。",
            ),
        ),
        (
            "content/articles/seoul.md",
            &article(
                KO_TITLE,
                "2025-03-01",
                "서울시는 버스 예산을 늘린다고 밝혔다.",
            ),
        ),
        (
            "content/articles/athens.md",
            &article(
                EL_TITLE,
                "2025-02-28",
                "Straße und İstanbul: ΟΔΥΣΣΕΥΣ kam nach Zürich.",
            ),
        ),
    ])
}

/// Queries on the built site find the articles that hold their words, wherever those
/// words are in a line of Chinese, Japanese or Korean, and mark them in the titles.
#[test]
fn search_js_finds_words_inside_cjk_text_in_the_built_site() {
    let site = site();
    site.build_ok(&[]);
    let queries = [
        "市议会",
        "交通",
        "预算",
        "公交车",
        "每十分钟",
        "交",
        "бюджет",
        "транспортный",
        "予算",
        "東京",
        "コーヒー",
        "バス",
        "예산",
        "서울",
        "버스",
        "οδυσσευς",
        "strasse",
        "istanbul",
        "zurich",
        "交通 бюджет",
    ];
    let Some(answer) = run_harness(&site.out(), &queries, &[]) else {
        return;
    };
    let expected: [&[&str]; 20] = [
        &[ZH_TITLE],
        &[ZH_TITLE],
        &[ZH_TITLE],
        &[ZH_TITLE],
        &[ZH_TITLE],
        &[ZH_TITLE],
        &[RU_TITLE],
        &[RU_TITLE],
        &[JA_TITLE],
        &[JA_TITLE],
        &[JA_TITLE],
        &[JA_TITLE],
        &[KO_TITLE],
        &[KO_TITLE],
        &[KO_TITLE],
        &[EL_TITLE],
        &[EL_TITLE],
        &[EL_TITLE],
        &[EL_TITLE],
        &[],
    ];
    let results = answer["queries"].as_array().expect("queries");
    for (result, titles) in results.iter().zip(expected) {
        assert_eq!(
            strings(&result["titles"]),
            titles,
            "query {} (read as {})",
            result["query"],
            result["words"]
        );
    }
    let highlighted = |query: usize| strings(&results[query]["highlighted"]);
    assert_eq!(highlighted(0), ["<mark>市议会</mark>批准交通预算"]);
    assert_eq!(highlighted(1), ["市议会批准<mark>交通</mark>预算"]);
    assert_eq!(highlighted(5), ["市议会批准<mark>交</mark>通预算"]);
    assert_eq!(highlighted(8), ["東京都が<mark>予算</mark>案を発表"]);
    assert_eq!(highlighted(12), ["서울시 <mark>예산</mark> 발표"]);
    assert_eq!(highlighted(6), ["Совет утвердил <mark>бюджет</mark>"]);
}

/// search.js reads any text into the words the index holds: the same words, in the same
/// order, as the Rust tokeniser, stop words apart.
#[test]
fn search_js_reads_text_into_the_words_the_rust_tokeniser_indexes() {
    let site = site();
    site.build_ok(&[]);
    let texts = [
        "市议会周二批准了交通预算，公交车将每十分钟一班。",
        "中 国, GDP增长3% in Zürich; a市b",
        "東京都のコーヒー、人々、ｺｰﾋｰ",
        "서울시 예산 — 𠀋𠀍 交\u{301}通",
        "「交通」　预算・ＡＢ",
        "Putin's north-korea ZÜRICH Łódź straße a 7 42 the Œuvre",
        "ΟΔΥΣΣΕΥΣ İstanbul Cafe\u{301} naı\u{308}ve",
        "The and of, to: it! abcdefghijklmnopqrstuvwxyzabc",
        "Городской совет утвердил транспортный бюджет",
    ];
    let Some(answer) = run_harness(&site.out(), &[], &texts) else {
        return;
    };
    for (text, read) in texts.iter().zip(answer["texts"].as_array().expect("texts")) {
        let mut words: Vec<String> = Vec::new();
        let mut ignored: Vec<String> = Vec::new();
        briefing::search::for_each_word(text, |word| {
            let list = if briefing::search::is_stop_word(word) {
                &mut ignored
            } else {
                &mut words
            };
            if !list.iter().any(|w| w == word) {
                list.push(word.to_string());
            }
        });
        assert_eq!(strings(&read["words"]), words, "words of {text:?}");
        assert_eq!(strings(&read["ignored"]), ignored, "stop words of {text:?}");
    }
}

/// The example site, built into a temporary folder: (the folder, its output).
fn built_example() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let output = run_in(
        &repo_root(),
        &["build", "--output", out.to_str().expect("utf-8 path")],
    );
    assert_success(&output);
    (tmp, out)
}

#[test]
fn search_js_finds_the_digests_pair_pages_and_corrections_page_of_the_example() {
    let (_tmp, out) = built_example();
    let digests: Vec<String> = std::fs::read_dir(repo_root().join("content/briefings"))
        .expect("the example has digests")
        .map(|e| {
            e.expect("entry")
                .file_name()
                .to_string_lossy()
                .replace(".md", "")
        })
        .collect();
    assert!(digests.len() >= 3, "{digests:?}");
    // A word of each digest's title, read from its page, finds that digest.
    let mut queries = Vec::new();
    for day in &digests {
        let page = read_html(&out.join(format!("briefings/{day}/index.html")));
        let title: String = page
            .select(&selector("h1"))
            .next()
            .expect("a digest page has a title")
            .text()
            .collect();
        let word = title
            .split_whitespace()
            .filter(|w| w.chars().all(char::is_alphabetic))
            .max_by_key(|w| w.len())
            .expect("a title word")
            .to_string();
        queries.push((word, format!("briefings/{day}/")));
    }
    queries.push(("corrections".to_string(), "corrections/".to_string()));
    // An actor × topic page, found by both names.
    queries.push((
        "starmer defence".to_string(),
        "actors/keir-starmer/topics/defence-spending/".to_string(),
    ));
    let asked: Vec<&str> = queries.iter().map(|(q, _)| q.as_str()).collect();
    let Some(answer) = run_harness(&out, &asked, &[]) else {
        return;
    };
    for ((query, path), found) in queries.iter().zip(answer["queries"].as_array().unwrap()) {
        let pages = strings(&found["pages"]);
        assert!(
            pages.contains(path),
            "{query:?} should find {path}: {pages:?}"
        );
    }
    // Every page the index names exists in the build.
    let index = std::fs::read_to_string(out.join("search-index.js")).unwrap();
    for (_, path) in &queries {
        assert!(
            index.contains(&format!("\"{path}\"")),
            "{path} not in the index"
        );
        assert!(out.join(path).join("index.html").is_file(), "{path}");
    }
}

/// Every page of the kinds beside articles, actors and topics (digests, actor × topic
/// pages, the corrections page and the digests' index) is in the sitemap, and every one a
/// reader would look for is in the search index's `pages` list.
#[test]
fn every_new_page_of_the_example_is_in_the_sitemap_and_the_search_index() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let output = run_in(
        &repo_root(),
        &[
            "build",
            "--output",
            out.to_str().expect("utf-8 path"),
            "--base-url",
            "https://example.org/brief/",
        ],
    );
    assert_success(&output);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("a sitemap");
    let script = std::fs::read_to_string(out.join("search-index.js")).expect("an index");
    let json = script
        .split_once(" = ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .expect("the index assigns one object");
    let index: Value = serde_json::from_str(json).expect("the index is JSON");
    let indexed: Vec<String> = index["pages"]
        .as_array()
        .expect("a pages list")
        .iter()
        .map(|row| row[1].as_str().expect("a path").to_string())
        .collect();
    let mut pages = vec!["corrections/".to_string()];
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let Some(folder) = rel.strip_suffix("index.html") else {
            continue;
        };
        let digest = folder.starts_with("briefings/") && folder.len() > "briefings/".len();
        let pair = folder.starts_with("actors/") && folder.contains("/topics/");
        if (digest || pair) && !folder.contains("/page/") {
            pages.push(folder.to_string());
        }
    }
    assert!(
        pages.iter().any(|p| p.starts_with("briefings/")),
        "{pages:?}"
    );
    assert!(pages.iter().any(|p| p.contains("/topics/")), "{pages:?}");
    for page in &pages {
        let address = format!("<loc>https://example.org/brief/{page}</loc>");
        assert!(sitemap.contains(&address), "{page} not in the sitemap");
        assert!(indexed.contains(page), "{page} not in the search index");
    }
    assert!(sitemap.contains("<loc>https://example.org/brief/briefings/</loc>"));
    assert_eq!(indexed.len(), pages.len(), "the index names no other page");
}
