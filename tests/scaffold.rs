//! `briefing init` and `briefing new`, through the real binary, in temporary folders.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use briefing::load::yaml;
use briefing::load::{ActorFront, ActorKind, ArticleFront, TopicFront};
use common::*;
use serde::de::DeserializeOwned;
use tempfile::TempDir;

fn temp() -> TempDir {
    tempfile::Builder::new()
        .prefix("briefing-scaffold-")
        .tempdir()
        .expect("create a temporary folder")
}

/// A site made by `briefing init site` in a fresh temporary folder; returns (tmp, root).
fn initialised_site() -> (TempDir, PathBuf) {
    let tmp = temp();
    let output = run_in(tmp.path(), &["init", "site"]);
    assert_success(&output);
    let root = tmp.path().join("site");
    (tmp, root)
}

/// `briefing ARGS...` run inside `root`, asserting success; returns stdout.
fn ok_in(root: &Path, args: &[&str]) -> String {
    let output = run_in(root, args);
    assert_success(&output);
    stdout(&output)
}

/// Asserts the command failed (a refusal is exit 1, an argument clap rejects exit 2).
fn assert_refused(output: &Output) {
    assert!(
        !output.status.success(),
        "briefing should have refused\n--- stdout\n{}\n--- stderr\n{}",
        stdout(output),
        stderr(output)
    );
}

/// The front matter of `root/file`, parsed as the loader parses it.
fn front<F: DeserializeOwned>(root: &Path, file: &str) -> (F, String) {
    let text = fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("read {file}: {e}"));
    let parts = yaml::split_front_matter(&text).unwrap_or_else(|| panic!("{file}:\n{text}"));
    let parsed = yaml::parse(Path::new(file), parts.yaml, parts.yaml_line)
        .unwrap_or_else(|problem| panic!("{problem}\n{text}"));
    (parsed, parts.body.to_string())
}

/// The stems of the `.md` files in `root/content/<folder>`, sorted.
fn slugs_in(root: &Path, folder: &str) -> Vec<String> {
    let mut slugs: Vec<String> = entries_of(&root.join("content").join(folder))
        .into_iter()
        .filter_map(|name| name.strip_suffix(".md").map(str::to_string))
        .collect();
    slugs.sort();
    slugs
}

/// `check` passes once the site is given the address it is published at (`init` leaves
/// `base_url` for the user to set), its only problems the `placeholder-text` warnings of
/// what `init` and `new` wrote for the user to replace; returns the files they name (one
/// per problem), sorted.
fn check_passes(root: &Path) -> Vec<String> {
    let output = run_in(
        root,
        &[
            "check",
            "--format",
            "json",
            "--base-url",
            "https://example.org/brief/",
        ],
    );
    assert_success(&output);
    let mut files = Vec::new();
    for line in stdout(&output).lines().filter(|l| !l.trim().is_empty()) {
        let problem: serde_json::Value = serde_json::from_str(line).expect("a JSON problem");
        assert_eq!(
            (problem["code"].as_str(), problem["severity"].as_str()),
            (Some("placeholder-text"), Some("warning")),
            "{line}"
        );
        files.push(problem["file"].as_str().unwrap().to_string());
    }
    files.sort();
    files
}

/// The files `init` wrote as examples, which `check` warns about until replaced.
const EXAMPLES: [&str; 3] = [
    "content/actors/tamsin-brightwater.md",
    "content/articles/example-bay-night-ferry.md",
    "content/topics/night-ferry.md",
];

// ---------------------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------------------

#[test]
fn init_makes_a_site_that_builds_and_passes_check() {
    let tmp = temp();
    let printed = ok_in(tmp.path(), &["init", "my-briefing"]);
    let root = tmp.path().join("my-briefing");
    assert!(
        printed.contains("site.yaml"),
        "init should list what it wrote:\n{printed}"
    );

    for file in ["site.yaml", "templates/README.md", "static/README.md"] {
        assert!(root.join(file).is_file(), "{file} is missing");
    }
    assert_eq!(entries_of(&root.join("templates")), ["README.md"]);
    assert_eq!(entries_of(&root.join("static")), ["README.md"]);
    let templates_readme = fs::read_to_string(root.join("templates/README.md")).unwrap();
    assert!(
        templates_readme.contains("article.html"),
        "{templates_readme}"
    );
    let site_yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    for key in [
        "title:",
        "description:",
        "language:",
        "timezone:",
        "base_url",
        "relative_urls",
    ] {
        assert!(
            site_yaml.contains(key),
            "site.yaml lacks {key}:\n{site_yaml}"
        );
    }

    let articles = slugs_in(&root, "articles");
    let actors = slugs_in(&root, "actors");
    let topics = slugs_in(&root, "topics");
    assert_eq!((articles.len(), actors.len(), topics.len()), (1, 1, 1));
    let (article, body) =
        front::<ArticleFront>(&root, &format!("content/articles/{}.md", articles[0]));
    let listed = |list: &[yaml::Spanned<String>]| -> Vec<String> {
        list.iter().map(|s| s.value.clone()).collect()
    };
    assert_eq!(listed(&article.actors), actors);
    assert_eq!(listed(&article.topics), topics);
    assert_eq!(article.quotes.len(), 1);
    assert_eq!(article.annotations.len(), 1);
    let (actor, _) = front::<ActorFront>(&root, &format!("content/actors/{}.md", actors[0]));
    assert!(
        body.contains(&actor.name.value),
        "the body should mention the actor"
    );
    assert!(
        body.to_lowercase().contains("fictional")
            && article.title.value.to_lowercase().contains("example"),
        "the example must say it is one"
    );

    // The examples are placeholders: `check` passes and says so for each, so
    // `--deny-warnings` fails until they are replaced, and the site builds meanwhile.
    assert_eq!(check_passes(&root), EXAMPLES);
    let published = [
        "check",
        "--deny-warnings",
        "--base-url",
        "https://example.org/brief/",
    ];
    assert_failure(&run_in(&root, &published));
    // Until `base_url` is set, its absence is one more warning.
    let unset = run_in(&root, &["check", "--deny-warnings"]);
    assert_eq!(unset.status.code(), Some(1), "{}", stderr(&unset));
    assert!(
        stderr(&unset).contains("warning[no-base-url]")
            && stderr(&unset).contains("0 error(s), 4 warning(s)"),
        "{}",
        stderr(&unset)
    );
    let built = ok_in(&root, &["build"]);
    let summary = parse_summary(&built);
    assert_eq!(
        (summary.articles, summary.actors, summary.topics),
        (1, 1, 1)
    );

    let page = read_html(&root.join(format!("public/articles/{}/index.html", articles[0])));
    let links = hrefs(&page, "a");
    let actor_url = format!("/actors/{}/", actors[0]);
    let topic_url = format!("/topics/{}/", topics[0]);
    assert!(
        links.contains(&actor_url),
        "no link to {actor_url}: {links:?}"
    );
    assert!(
        links.contains(&topic_url),
        "no link to {topic_url}: {links:?}"
    );
    assert_eq!(page.select(&selector("mark.statement")).count(), 1);
    assert_eq!(page.select(&selector("mark.annotation")).count(), 1);
    let actor_page = read_html(&root.join(format!("public/actors/{}/index.html", actors[0])));
    let article_url = format!("/articles/{}/", articles[0]);
    assert!(hrefs(&actor_page, "a").contains(&article_url));
}

#[test]
fn init_fills_an_existing_empty_folder() {
    let tmp = temp();
    fs::create_dir(tmp.path().join("empty")).unwrap();
    ok_in(tmp.path(), &["init", "empty"]);
    assert_eq!(check_passes(&tmp.path().join("empty")), EXAMPLES);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = temp();
    let dir = tmp.path().join("taken");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    let before = snapshot(tmp.path());
    let output = run_in(tmp.path(), &["init", "taken"]);
    assert_failure(&output);
    assert!(stderr(&output).contains("not empty"), "{}", stderr(&output));
    assert_same_snapshot(&before, &snapshot(tmp.path()), "the folder");

    fs::write(tmp.path().join("a-file"), "x").unwrap();
    assert_failure(&run_in(tmp.path(), &["init", "a-file"]));
}

// ---------------------------------------------------------------------------------------
// new
// ---------------------------------------------------------------------------------------

#[test]
fn new_actor_writes_a_transliterated_slug_and_its_front_matter() {
    let (_tmp, root) = initialised_site();
    let printed = ok_in(
        &root,
        &["new", "actor", "Zürich Café", "--kind", "organisation"],
    );
    assert!(
        printed.contains("content/actors/zurich-cafe.md"),
        "{printed}"
    );
    let (actor, body) = front::<ActorFront>(&root, "content/actors/zurich-cafe.md");
    assert_eq!(actor.name.value, "Zürich Café");
    assert_eq!(actor.kind, Some(ActorKind::Organisation));
    assert!(actor.aliases.is_empty());
    assert!(!body.trim().is_empty(), "the profile needs a placeholder");

    ok_in(&root, &["new", "actor", "Volodymyr Zelensky"]);
    let (actor, _) = front::<ActorFront>(&root, "content/actors/volodymyr-zelensky.md");
    assert_eq!(actor.name.value, "Volodymyr Zelensky");
}

#[test]
fn new_topic_writes_a_transliterated_slug_and_its_front_matter() {
    let (tmp, root) = initialised_site();
    let root_arg = root.to_str().expect("UTF-8 temp path");
    let printed = ok_in(tmp.path(), &["new", "topic", "Ελλάδα", "--root", root_arg]);
    assert!(printed.contains("content/topics/ellada.md"), "{printed}");
    let (topic, body) = front::<TopicFront>(&root, "content/topics/ellada.md");
    assert_eq!(topic.name.value, "Ελλάδα");
    assert!(topic.aliases.is_empty() && topic.parent.is_none());
    assert!(
        !body.trim().is_empty(),
        "the description needs a placeholder"
    );
}

#[test]
fn new_article_writes_its_front_matter_and_passes_check_with_its_entities() {
    let (_tmp, root) = initialised_site();
    ok_in(&root, &["new", "actor", "Jane Roe", "--kind", "person"]);
    ok_in(&root, &["new", "topic", "Harbour dues"]);
    let title = r#"Roe's "harbour" plan \ explained"#;
    let printed = ok_in(
        &root,
        &[
            "new",
            "article",
            title,
            "--date",
            "2025-02-27",
            "--actor",
            "jane-roe",
            "--topic",
            "harbour-dues",
        ],
    );
    let file = "content/articles/roes-harbour-plan-explained.md";
    assert!(printed.contains(file), "{printed}");
    let (article, body) = front::<ArticleFront>(&root, file);
    assert_eq!(article.title.value, title);
    assert_eq!(article.date.value, "2025-02-27");
    assert_eq!(article.summary, "");
    let actors: Vec<&str> = article.actors.iter().map(|s| s.value.as_str()).collect();
    let topics: Vec<&str> = article.topics.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(actors, ["jane-roe"]);
    assert_eq!(topics, ["harbour-dues"]);
    assert!(!body.trim().is_empty());

    // The new files' placeholder text (and the article's empty summary) are warned about.
    let mut expected: Vec<String> = EXAMPLES.iter().map(|e| e.to_string()).collect();
    expected.extend([
        "content/actors/jane-roe.md".to_string(),
        file.to_string(),
        file.to_string(),
        "content/topics/harbour-dues.md".to_string(),
    ]);
    expected.sort();
    assert_eq!(check_passes(&root), expected);
    ok_in(&root, &["build"]);
    let page = read_html(&root.join("public/articles/roes-harbour-plan-explained/index.html"));
    let links = hrefs(&page, "a");
    assert!(
        links.contains(&"/actors/jane-roe/".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"/topics/harbour-dues/".to_string()),
        "{links:?}"
    );
}

#[test]
fn new_article_without_a_date_is_dated_today_and_not_left_out() {
    let (_tmp, root) = initialised_site();
    ok_in(&root, &["new", "article", "Today's news"]);
    let (article, _) = front::<ArticleFront>(&root, "content/articles/todays-news.md");
    let date = &article.date.value;
    assert!(
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
        "not a date: {date}"
    );
    check_passes(&root);
    // Its text written, with a summary, it is warned about no more.
    let path = root.join("content/articles/todays-news.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace("summary: \"\"", "summary: \"What happened today.\"")
        .replace(
            "Replace this line with the article's text, in Markdown.",
            "The harbour reopened today.",
        );
    std::fs::write(&path, text).unwrap();
    assert_eq!(check_passes(&root), EXAMPLES);
    let summary = parse_summary(&ok_in(&root, &["build"]));
    assert_eq!(
        summary.articles, 2,
        "today's article must not count as future"
    );
}

#[test]
fn new_refuses_to_overwrite_and_leaves_the_file_as_it_was() {
    let (_tmp, root) = initialised_site();
    ok_in(&root, &["new", "actor", "Jane Roe"]);
    ok_in(&root, &["new", "topic", "Harbour dues"]);
    ok_in(
        &root,
        &["new", "article", "Same title", "--date", "2025-02-27"],
    );
    let files = [
        "content/actors/jane-roe.md",
        "content/topics/harbour-dues.md",
        "content/articles/same-title.md",
    ];
    for file in files {
        fs::write(root.join(file), "edited by the writer\n").unwrap();
    }
    let before = snapshot(&root);
    for args in [
        &["new", "actor", "Jane  Roe", "--kind", "person"][..],
        &["new", "topic", "Harbour Dues"][..],
        &["new", "article", "Same title", "--date", "2025-03-01"][..],
    ] {
        let output = run_in(&root, args);
        assert_failure(&output);
        let message = stderr(&output);
        assert!(message.contains("already exists"), "{args:?}: {message}");
    }
    assert_same_snapshot(&before, &snapshot(&root), "the site");
}

#[test]
fn new_refuses_bad_dates_kinds_and_unknown_entities() {
    let (_tmp, root) = initialised_site();
    let before = snapshot(&root);
    for args in [
        &["new", "article", "Dated", "--date", "27/02/2025"][..],
        &["new", "article", "Dated", "--date", "2025-02-30"][..],
        &["new", "actor", "Someone", "--kind", "wizard"][..],
        &["new", "article", "Tagged", "--actor", "tamsin-brightwatr"][..],
        &["new", "article", "Tagged", "--topic", "no-such-topic"][..],
        &["new", "topic", "???"][..],
    ] {
        assert_refused(&run_in(&root, args));
    }
    assert_same_snapshot(&before, &snapshot(&root), "the site");
    let output = run_in(
        &root,
        &["new", "article", "Tagged", "--actor", "tamsin-brightwatr"],
    );
    assert!(
        stderr(&output).contains("did you mean `tamsin-brightwater`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn new_refuses_a_folder_that_is_not_a_site() {
    let tmp = temp();
    let before = snapshot(tmp.path());
    assert_failure(&run_in(tmp.path(), &["new", "topic", "Anything"]));
    assert_same_snapshot(&before, &snapshot(tmp.path()), "the folder");
}
