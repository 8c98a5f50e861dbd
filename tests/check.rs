//! `briefing check`: the bad-input corpus and the safety rules of issue 4.
//!
//! `tests/fixtures/bad-site/` is one site in which every problem code that content can carry
//! is planted once; `tests/fixtures/bad-site/EXPECTED` lists each (code, severity, file,
//! line). One `check --format json` run over it must report exactly that list, sorted.
//! The other tests build small sites in temporary folders: they never write into
//! `tests/fixtures/`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::*;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The bad-input corpus.
fn bad_site() -> PathBuf {
    repo_root().join("tests/fixtures/bad-site")
}

/// A hang guard, not a timing assertion: a run still going after this long is stuck.
const HANG_GUARD: Duration = Duration::from_secs(600);

/// Runs `briefing ARGS...` (with extra environment variables), failing the test if the process
/// never finishes instead of hanging the whole suite.
fn briefing(args: &[&str], env: &[(&str, &Path)]) -> Output {
    briefing_within(args, env, HANG_GUARD)
}

/// [`briefing`] with another hang guard.
fn briefing_within(args: &[&str], env: &[(&str, &Path)], guard: Duration) -> Output {
    let mut command = Command::new(binary());
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("run the briefing binary");
    let mut out = child.stdout.take().expect("stdout pipe");
    let mut err = child.stderr.take().expect("stderr pipe");
    let out_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = out.read_to_end(&mut bytes);
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = err.read_to_end(&mut bytes);
        bytes
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for briefing") {
            break status;
        }
        if started.elapsed() > guard {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`briefing {}` did not finish within {} s: it hangs (or does unbounded work)",
                args.join(" "),
                guard.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    }
}

fn check(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--root", root.to_str().expect("UTF-8 path")];
    args.extend_from_slice(extra);
    briefing(&args, &[])
}

fn check_json(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    check(root, &args)
}

fn build(root: &Path, output: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().expect("UTF-8 path"),
        "--output",
        output.to_str().expect("UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    briefing(&args, &[])
}

/// Describes a run for assertion messages.
fn describe(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        truncate(&stdout(output), 6000),
        truncate(&stderr(output), 6000)
    )
}

fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

/// Exit code 0 or 1, never a crash (a signal gives no code; a panic exits 101).
fn assert_exits_cleanly(output: &Output, what: &str) {
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{what}: briefing should finish with exit 0 or 1, not crash\n{}",
        describe(output)
    );
    assert!(
        !stderr(output).contains("panicked"),
        "{what}: briefing panicked\n{}",
        describe(output)
    );
}

fn assert_exit(output: &Output, expected: i32, what: &str) {
    assert_eq!(
        output.status.code(),
        Some(expected),
        "{what}: expected exit {expected}\n{}",
        describe(output)
    );
}

/// One problem as `--format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Problem {
    file: String,
    line: Option<u64>,
    column: Option<u64>,
    severity: String,
    code: String,
    message: String,
    hint: Option<String>,
}

impl Problem {
    /// The part the corpus pins down: (code, severity, file, line).
    fn key(&self) -> Key {
        Key {
            code: self.code.clone(),
            severity: self.severity.clone(),
            file: self.file.clone(),
            line: self.line,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    code: String,
    severity: String,
    file: String,
    line: Option<u64>,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = self.line.map_or("-".to_string(), |l| l.to_string());
        write!(f, "{} {} {}:{}", self.code, self.severity, self.file, line)
    }
}

/// Every line of stdout, each of which must be one JSON problem with all seven fields.
fn parse_problems(output: &Output) -> Vec<Problem> {
    stdout(output)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| parse_problem(line).unwrap_or_else(|why| panic!("{why}: {line}")))
        .collect()
}

/// The JSON problems among stdout's lines (`build` also prints a summary line).
fn json_problems_in(output: &Output) -> Vec<Problem> {
    stdout(output)
        .lines()
        .filter(|line| line.trim_start().starts_with('{'))
        .map(|line| parse_problem(line).unwrap_or_else(|why| panic!("{why}: {line}")))
        .collect()
}

fn parse_problem(line: &str) -> Result<Problem, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not JSON ({e})"))?;
    let object = value.as_object().ok_or("not a JSON object")?;
    for key in [
        "file", "line", "column", "severity", "code", "message", "hint",
    ] {
        if !object.contains_key(key) {
            return Err(format!("no `{key}` field"));
        }
    }
    let text = |key: &str| -> Result<String, String> {
        object[key]
            .as_str()
            .map(str::to_string)
            .ok_or(format!("`{key}` is not a string"))
    };
    let number = |key: &str| -> Result<Option<u64>, String> {
        match &object[key] {
            serde_json::Value::Null => Ok(None),
            v => v
                .as_u64()
                .filter(|n| *n >= 1)
                .map(Some)
                .ok_or(format!("`{key}` is not a 1-based number")),
        }
    };
    let hint = match &object["hint"] {
        serde_json::Value::Null => None,
        v => Some(v.as_str().ok_or("`hint` is not a string")?.to_string()),
    };
    let problem = Problem {
        file: text("file")?,
        line: number("line")?,
        column: number("column")?,
        severity: text("severity")?,
        code: text("code")?,
        message: text("message")?,
        hint,
    };
    if !matches!(problem.severity.as_str(), "error" | "warning") {
        return Err(format!("severity `{}`", problem.severity));
    }
    if problem.message.trim().is_empty() {
        return Err("empty message".into());
    }
    Ok(problem)
}

/// `tests/fixtures/bad-site/EXPECTED`: `code severity file line` per line, `-` for no line.
fn expected_problems() -> Vec<Key> {
    let text = fs::read_to_string(bad_site().join("EXPECTED")).expect("read EXPECTED");
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(fields.len(), 4, "EXPECTED line needs 4 fields: {line:?}");
            Key {
                code: fields[0].to_string(),
                severity: fields[1].to_string(),
                file: fields[2].to_string(),
                line: match fields[3] {
                    "-" => None,
                    n => Some(n.parse().unwrap_or_else(|_| panic!("bad line in {line:?}"))),
                },
            }
        })
        .collect()
}

/// The one `check --format json` run over the corpus, shared by the tests that read it.
fn corpus_run() -> &'static (Output, Vec<Problem>) {
    static RUN: OnceLock<(Output, Vec<Problem>)> = OnceLock::new();
    RUN.get_or_init(|| {
        let output = check_json(&bad_site(), &[]);
        let problems = parse_problems(&output);
        (output, problems)
    })
}

fn find<'a>(problems: &'a [Problem], code: &str, file: &str) -> &'a Problem {
    problems
        .iter()
        .find(|p| p.code == code && p.file == file)
        .unwrap_or_else(|| panic!("no {code} problem in {file}; got:\n{problems:#?}"))
}

/// Copies a folder tree (files and folders only).
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A small valid site: one article, one actor, one topic, all used.
fn good_site_files() -> Vec<(&'static str, String)> {
    vec![
        (
            "content/articles/harbour-reopens.md",
            article_md(
                "Harbour reopens",
                "2025-01-10",
                &["jane-doe"],
                &["shipping"],
                "",
                "Jane Doe said the harbour reopens on Monday.",
            ),
        ),
        ("content/actors/jane-doe.md", actor_md("Jane Doe", "person")),
        ("content/topics/shipping.md", topic_md("Shipping")),
    ]
}

/// A site with no problem at all: its `base_url` has a host, so there is a sitemap.
fn good_site() -> SiteBuilder {
    let site = SiteBuilder::new();
    for (path, text) in good_site_files() {
        site.write(path, &text);
    }
    site.write("site.yaml", "base_url: \"https://example.org/brief/\"\n");
    site
}

/// The codes of `problems`, for messages.
fn codes(problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| format!("{}@{}:{:?}", p.code, p.file, p.line))
        .collect()
}

// ---------------------------------------------------------------------------------------
// The bad-input corpus: one run, every planted problem
// ---------------------------------------------------------------------------------------

/// The codes issue 4 asks for, each of which must be planted in the corpus.
const REQUIRED_CODES: &[&str] = &[
    "yaml-syntax",
    "missing-front-matter",
    "missing-field",
    "wrong-type",
    "unknown-key",
    "duplicate-key",
    "yaml-limit",
    "bad-date",
    "unknown-slug",
    "not-an-office",
    "duplicate-slug",
    "bad-slug",
    "invalid-utf8",
    "empty-body",
    "quote-not-found",
    "quote-ambiguous",
    "alias-collision",
    "topic-cycle",
    "role-dates",
    "verdict-without-claim",
    "bad-source-url",
    "unsafe-link",
    "broken-link",
    "template",
    "future-article",
    "unused-entity",
    "skipped-file",
    "bad-config",
];

#[test]
fn corpus_lists_every_required_code() {
    let expected = expected_problems();
    for code in REQUIRED_CODES {
        assert!(
            expected.iter().any(|k| k.code == *code),
            "EXPECTED plants no `{code}` problem"
        );
    }
    // Every expected file exists in the fixture.
    for key in &expected {
        assert!(
            bad_site().join(&key.file).is_file(),
            "EXPECTED names {} but the fixture has no such file",
            key.file
        );
    }
    // One of each kind of unknown slug: actors:, topics:, roles: office, by:, parent, [[...]].
    let unknown: Vec<&str> = expected
        .iter()
        .filter(|k| k.code == "unknown-slug")
        .map(|k| k.file.as_str())
        .collect();
    assert_eq!(unknown.len(), 6, "{unknown:?}");
}

#[test]
fn invalid_utf8_fixture_kept_its_bytes() {
    // Guards against version control or an editor "fixing" the binary fixture.
    let bytes = fs::read(bad_site().join("content/articles/invalid-utf8.md")).unwrap();
    let error = String::from_utf8(bytes).expect_err("the fixture must hold invalid UTF-8");
    assert_eq!(error.utf8_error().valid_up_to(), 87);
}

#[test]
fn corpus_check_fails_with_exit_1() {
    let (output, problems) = corpus_run();
    assert_exit(output, 1, "check on the bad site");
    assert!(problems.iter().any(|p| p.severity == "error"));
}

#[test]
fn corpus_reports_exactly_the_planted_problems() {
    let (output, problems) = corpus_run();
    let mut expected = expected_problems();
    let mut found: Vec<Key> = problems.iter().map(Problem::key).collect();
    expected.sort();
    found.sort();
    let mut missing: Vec<String> = Vec::new();
    let mut remaining = found.clone();
    for key in &expected {
        match remaining.iter().position(|k| k == key) {
            Some(at) => {
                remaining.remove(at);
            }
            None => missing.push(key.to_string()),
        }
    }
    let unexpected: Vec<String> = remaining.iter().map(Key::to_string).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "check on tests/fixtures/bad-site did not report exactly EXPECTED\n\
         missing (planted but not reported as code/severity/file:line):\n  {}\n\
         unexpected (reported but not planted):\n  {}\n{}",
        missing.join("\n  "),
        unexpected.join("\n  "),
        describe(output)
    );
}

#[test]
fn corpus_problems_are_sorted_by_file_then_line() {
    let (_, problems) = corpus_run();
    assert!(problems.len() > 1);
    for pair in problems.windows(2) {
        let a = (PathBuf::from(&pair[0].file), pair[0].line);
        let b = (PathBuf::from(&pair[1].file), pair[1].line);
        assert!(
            a <= b,
            "not sorted by file then line: {:?} before {:?}",
            a,
            b
        );
    }
}

#[test]
fn corpus_problems_carry_columns_and_helpful_hints() {
    let (_, problems) = corpus_run();
    // Problems about a value in the front matter point at its column.
    for (code, file, column) in [
        ("unknown-slug", "content/articles/unknown-actor.md", 10),
        ("bad-date", "content/articles/bad-date.md", 7),
        ("bad-source-url", "content/articles/bad-source-url.md", 8),
        ("not-an-office", "content/actors/not-an-office.md", 13),
    ] {
        assert_eq!(
            find(problems, code, file).column,
            Some(column),
            "{code} in {file}"
        );
    }
    let hint = |code: &str, file: &str| find(problems, code, file).hint.clone().unwrap_or_default();
    assert!(
        hint("unknown-key", "content/articles/unknown-key.md").contains("did you mean `summary`"),
        "unknown key `sumary` should suggest `summary`"
    );
    for (file, suggestion) in [
        ("content/articles/unknown-actor.md", "alice-adams"),
        ("content/articles/unknown-topic.md", "budget"),
        ("content/articles/unknown-speaker.md", "testland"),
        ("content/articles/unknown-wikilink.md", "alice-adams"),
        ("content/actors/unknown-office.md", "chief-minister"),
        ("content/topics/unknown-parent.md", "budget"),
    ] {
        let hint = hint("unknown-slug", file);
        assert!(
            hint.contains(&format!("did you mean `{suggestion}`")),
            "unknown slug in {file} should suggest `{suggestion}`, hint: {hint:?}"
        );
    }
    // Invalid UTF-8 names the byte offset.
    let utf8 = find(problems, "invalid-utf8", "content/articles/invalid-utf8.md");
    assert!(utf8.message.contains("87"), "{}", utf8.message);
    // The template error names the template file (not a built-in) and its line.
    let template = find(problems, "template", "templates/broken.html");
    assert_eq!(template.line, Some(2));
    // Both case twins are named in the duplicate-slug message.
    let twin = find(problems, "duplicate-slug", "content/actors/case-twin.md");
    assert!(twin.message.contains("Case-Twin.md"), "{}", twin.message);
    // A quote not found quotes its text.
    let quote = find(
        problems,
        "quote-not-found",
        "content/articles/quote-not-found.md",
    );
    assert!(
        quote.message.contains("Words nobody wrote."),
        "{}",
        quote.message
    );
}

#[test]
fn corpus_in_human_format_shows_location_source_and_underline() {
    let output = check(&bad_site(), &[]);
    assert_exit(&output, 1, "human check on the bad site");
    assert!(
        stdout(&output).trim().is_empty(),
        "human format writes to stderr only\n{}",
        describe(&output)
    );
    let text = stderr(&output);
    let block = text
        .split("error[")
        .find(|b| b.starts_with("unknown-slug]: unknown actor `alice-adam`"))
        .unwrap_or_else(|| panic!("no unknown-slug block for alice-adam\n{text}"));
    assert!(
        block.contains("--> content/articles/unknown-actor.md:4:10"),
        "{block}"
    );
    assert!(block.contains("actors: [alice-adam]"), "{block}");
    let underline = block
        .lines()
        .find(|l| l.contains('^'))
        .unwrap_or_else(|| panic!("no ^ underline\n{block}"));
    assert!(
        underline.contains("^^^^^^^^^^"),
        "the slug is underlined: {underline:?}"
    );
    assert!(
        block.contains("help: did you mean `alice-adams`?"),
        "{block}"
    );
    // Warnings print as warnings, and the totals match the corpus.
    assert!(text.contains("warning[unused-entity]"), "{text}");
    let expected = expected_problems();
    let errors = expected.iter().filter(|k| k.severity == "error").count();
    let warnings = expected.len() - errors;
    assert!(
        text.contains(&format!("{errors} error(s), {warnings} warning(s)")),
        "expected {errors} error(s), {warnings} warning(s) in the summary\n{}",
        truncate(&text, 2000)
    );
}

// ---------------------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------------------

#[test]
fn deny_warnings_fails_a_site_with_only_warnings() {
    let site = good_site();
    // An unused topic and a stray file: warnings only.
    site.write("content/topics/forgotten.md", &topic_md("Forgotten Matter"));
    site.write("content/articles/README.txt", "notes\n");
    let output = check_json(&site.root(), &[]);
    assert_exit(&output, 0, "warnings alone");
    let problems = parse_problems(&output);
    assert!(
        !problems.is_empty() && problems.iter().all(|p| p.severity == "warning"),
        "{problems:#?}"
    );
    let mut found: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.code.as_str(), p.file.as_str()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("skipped-file", "content/articles/README.txt"),
            ("unused-entity", "content/topics/forgotten.md"),
        ]
    );
    let denied = check_json(&site.root(), &["--deny-warnings"]);
    assert_exit(&denied, 1, "--deny-warnings with warnings");
    assert_eq!(parse_problems(&denied), problems);
}

#[test]
fn a_clean_site_checks_with_exit_0_and_no_problems() {
    let site = good_site();
    let output = check_json(&site.root(), &["--deny-warnings"]);
    assert_exit(&output, 0, "clean site");
    assert_eq!(parse_problems(&output), Vec::<Problem>::new());
    let human = check(&site.root(), &["--deny-warnings"]);
    assert_exit(&human, 0, "clean site, human format");
    assert!(
        stderr(&human).contains("0 error(s), 0 warning(s)"),
        "{}",
        describe(&human)
    );
    assert!(!stderr(&human).contains("error["), "{}", describe(&human));
}

/// The example site has no `base_url` (where it is published is given with `--base-url`,
/// as CI does): that is its only warning.
#[test]
fn the_example_site_passes_check_with_deny_warnings() {
    let output = check_json(&repo_root(), &[]);
    assert_eq!(
        codes(&parse_problems(&output)),
        ["no-base-url@site.yaml:None"],
        "{}",
        describe(&output)
    );
    let output = check_json(
        &repo_root(),
        &[
            "--deny-warnings",
            "--base-url",
            "https://example.org/brief/",
        ],
    );
    let problems = parse_problems(&output);
    assert!(
        problems.is_empty(),
        "the example site has problems:\n{}",
        problems
            .iter()
            .map(|p| format!(
                "{}[{}] {}:{:?}: {}",
                p.severity, p.code, p.file, p.line, p.message
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_exit(&output, 0, "check --deny-warnings on the example site");
}

#[test]
fn a_licence_address_is_checked_like_the_source_address() {
    let site = good_site();
    site.write(
        "content/articles/licensed.md",
        &article_md(
            "Licensed text",
            "2025-01-11",
            &["jane-doe"],
            &["shipping"],
            "source:\n  publisher: \"Harbour Office\"\n  url: \"https://harbour.example/notice\"\n  licence:\n    name: \"Harbour Licence\"\n    url: \"ftp://harbour.example/licence\"\n",
            "Jane Doe said the harbour reopens on Monday.",
        ),
    );
    let output = check_json(&site.root(), &[]);
    assert_exit(&output, 1, "a licence url that is not http(s)");
    let problems = parse_problems(&output);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let problem = find(&problems, "bad-source-url", "content/articles/licensed.md");
    assert_eq!(problem.line, Some(11), "the line of the licence's url");
    assert!(
        problem
            .message
            .contains("licence url `ftp://harbour.example/licence`"),
        "{problem:#?}"
    );

    // A licence with an http(s) address, or with only a name, is fine; so is none at all.
    for licence in [
        "  licence: { name: \"Harbour Licence\", url: \"https://harbour.example/licence\" }\n",
        "  licence: { name: \"Harbour Licence\" }\n",
        "",
    ] {
        site.write(
            "content/articles/licensed.md",
            &article_md(
                "Licensed text",
                "2025-01-11",
                &["jane-doe"],
                &["shipping"],
                &format!("source:\n  publisher: \"Harbour Office\"\n{licence}"),
                "Jane Doe said the harbour reopens on Monday.",
            ),
        );
        let output = check_json(&site.root(), &["--deny-warnings"]);
        assert_exit(&output, 0, licence);
    }
}

#[test]
fn a_folder_without_content_is_no_site() {
    let site = SiteBuilder::new();
    let output = check_json(&site.root(), &[]);
    assert_exit(&output, 1, "check on an empty folder");
    let problems = parse_problems(&output);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].code, "no-site");
}

#[test]
fn future_articles_warn_and_are_left_out_unless_drafts() {
    let site = good_site();
    site.write(
        "content/articles/next-century.md",
        &article_md("Next century", "2999-01-01", &[], &[], "", "Not yet."),
    );
    let output = check_json(&site.root(), &[]);
    assert_exit(&output, 0, "future article is only a warning");
    let problems = parse_problems(&output);
    let future = find(
        &problems,
        "future-article",
        "content/articles/next-century.md",
    );
    assert_eq!(
        (future.severity.as_str(), future.line),
        ("warning", Some(3))
    );
    let with_drafts = check_json(&site.root(), &["--drafts", "--deny-warnings"]);
    assert_exit(&with_drafts, 0, "check --drafts");
    assert!(
        parse_problems(&with_drafts).is_empty(),
        "{}",
        describe(&with_drafts)
    );

    let output = site.build(&[]);
    assert_exit(&output, 0, "build with a future article");
    assert!(!site.has_page("articles/next-century/index.html"));
    let output = site.build(&["--drafts"]);
    assert_exit(&output, 0, "build --drafts");
    assert!(site.has_page("articles/next-century/index.html"));
}

#[test]
fn duplicate_slugs_in_sub_folders_are_reported() {
    let site = good_site();
    let body = "Jane Doe spoke.";
    site.write(
        "content/articles/2024/summit.md",
        &article_md("Summit 2024", "2024-05-01", &[], &[], "", body),
    );
    site.write(
        "content/articles/2025/summit.md",
        &article_md("Summit 2025", "2025-05-01", &[], &[], "", body),
    );
    let output = check_json(&site.root(), &[]);
    assert_exit(&output, 1, "two articles with one slug");
    let problems = parse_problems(&output);
    let duplicates: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.code == "duplicate-slug")
        .collect();
    assert_eq!(duplicates.len(), 1, "{problems:#?}");
    assert!(
        duplicates[0].file.ends_with("/summit.md"),
        "{:?}",
        duplicates[0]
    );
}

// ---------------------------------------------------------------------------------------
// Precise YAML classification
// ---------------------------------------------------------------------------------------

#[test]
fn a_field_of_the_wrong_type_is_wrong_type_at_its_line() {
    // (front matter line 4, what the user wrote)
    let cases = [
        ("actors: alice-adams", "a slug where a list is expected"),
        ("draft: maybe", "a word where true/false is expected"),
        ("summary: [one, two]", "a list where text is expected"),
        ("topics: {a: 1}", "a mapping where a list is expected"),
        ("quotes: \"They said so.\"", "text where a list is expected"),
        (
            "annotations:\n  - quote: \"x\"\n    kind: opinion\n    note: n",
            "an unknown annotation kind",
        ),
    ];
    let site = good_site();
    for (i, (yaml, _)) in cases.iter().enumerate() {
        site.write(
            &format!("content/articles/case-{i}.md"),
            &format!("---\ntitle: \"Case {i}\"\ndate: 2025-01-02\n{yaml}\n---\nBody.\n"),
        );
    }
    let output = check_json(&site.root(), &[]);
    assert_exit(&output, 1, "wrong types");
    let problems = parse_problems(&output);
    let mut wrong = Vec::new();
    for (i, (yaml, what)) in cases.iter().enumerate() {
        let file = format!("content/articles/case-{i}.md");
        let found: Vec<&Problem> = problems.iter().filter(|p| p.file == file).collect();
        let line = 4 + yaml.lines().count() as u64 - 1;
        let first_line = 4;
        let right = found.len() == 1
            && found[0].code == "wrong-type"
            && (first_line..=line).contains(&found[0].line.unwrap_or(0));
        if !right {
            wrong.push(format!(
                "{what} (`{}`): got {:?}",
                yaml.replace('\n', "⏎"),
                found
                    .iter()
                    .map(|p| format!("{} at line {:?}: {}", p.code, p.line, p.message))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "a field of the wrong type should be `wrong-type` (issue 4), at the value's line:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn yaml_messages_do_not_leak_library_internals() {
    let site = good_site();
    site.write(
        "content/articles/twice.md",
        "---\ntitle: \"Twice\"\ndate: 2025-01-02\ntitle: \"Again\"\n---\nBody.\n",
    );
    site.write("content/articles/bomb.md", &alias_bomb_article());
    let output = check_json(&site.root(), &[]);
    assert_exit(&output, 1, "duplicate key and alias bomb");
    let problems = parse_problems(&output);
    let mut leaks = Vec::new();
    for problem in &problems {
        let text = format!(
            "{} {}",
            problem.message,
            problem.hint.clone().unwrap_or_default()
        );
        let leaked = ["DuplicateKeyPolicy", "Options", "{ ", " }", "(used"]
            .iter()
            .any(|internal| text.contains(internal));
        if leaked {
            leaks.push(format!(
                "{} in {}: {:?}",
                problem.code, problem.file, problem.message
            ));
        }
    }
    assert!(
        leaks.is_empty(),
        "messages should speak the user's language, not the YAML library's \
         (no API names, Rust debug output or cut-off text):\n  {}",
        leaks.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------
// check writes nothing
// ---------------------------------------------------------------------------------------

#[test]
fn check_writes_nothing() {
    // The fixture itself (read-only use) ...
    let before = snapshot(&bad_site());
    let output = check(&bad_site(), &[]);
    assert_exit(&output, 1, "check on the bad site");
    let json = check_json(&bad_site(), &["--drafts"]);
    assert_exit(&json, 1, "check --drafts on the bad site");
    assert!(!bad_site().join("public").exists(), "check created public/");
    assert_same_snapshot(&before, &snapshot(&bad_site()), "tests/fixtures/bad-site");

    // ... and a valid site, whose check would render every page in memory.
    let site = good_site();
    let tmp_before = snapshot(site.tmp());
    let output = check(&site.root(), &["--deny-warnings"]);
    assert_exit(&output, 0, "check on a good site");
    assert!(
        !site.root().join("public").exists(),
        "check created public/"
    );
    assert_same_snapshot(&tmp_before, &snapshot(site.tmp()), "the site's folder");
}

// ---------------------------------------------------------------------------------------
// A failed build keeps the previous output
// ---------------------------------------------------------------------------------------

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = good_site();
    let first = site.build(&[]);
    assert_exit(&first, 0, "first build of a good site");
    let out = site.out();
    assert!(out.join("index.html").is_file());
    let before = snapshot(&out);
    let around_before = entries_of(site.tmp());

    // Break the site: replace it with a copy of the bad-input corpus.
    fs::remove_dir_all(site.root()).unwrap();
    copy_tree(&bad_site(), &site.root());
    let failed = build(&site.root(), &out, &["--format", "json"]);
    assert_exit(&failed, 1, "build of the bad site");
    assert!(
        stderr(&failed).contains("previous output was left"),
        "{}",
        describe(&failed)
    );
    assert_same_snapshot(&before, &snapshot(&out), "the previous output");
    assert_eq!(
        entries_of(site.tmp()),
        around_before,
        "a failed build leaves nothing beside the output"
    );
    assert!(!site.root().join("public").exists());

    // build runs the same checks as check, and reports the same problems.
    let build_problems = json_problems_in(&failed);
    let check_problems = parse_problems(&check_json(&site.root(), &[]));
    assert_eq!(
        codes(&build_problems),
        codes(&check_problems),
        "build and check should report the same problems"
    );

    // The default output (ROOT/public) is not created either.
    let default = briefing(&["build", "--root", site.root().to_str().unwrap()], &[]);
    assert_exit(&default, 1, "build of the bad site to its default output");
    assert!(!site.root().join("public").exists());
}

#[test]
fn building_the_fixture_writes_nothing_into_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let before = snapshot(&bad_site());
    let output = build(&bad_site(), &out, &[]);
    assert_exit(&output, 1, "build of the bad site");
    assert!(!out.exists(), "a failed first build creates no output");
    assert_eq!(entries_of(tmp.path()), Vec::<String>::new());
    assert_same_snapshot(&before, &snapshot(&bad_site()), "tests/fixtures/bad-site");
}

// ---------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------

/// Nine levels of nine aliases: 9^9 nodes if expanded.
fn alias_bomb_article() -> String {
    let mut yaml = String::from("title: \"Laughs\"\ndate: 2025-01-02\nextra:\n");
    yaml.push_str(
        "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        yaml.push_str(&format!("  {}: &{} [{}]\n", pair[1], pair[1], refs));
    }
    format!("---\n{yaml}---\nBody.\n")
}

/// Checks a site holding the good files plus `file` = `text`; returns the run and the
/// problems in `file`.
fn check_with(file: &str, text: &[u8]) -> (Output, Vec<Problem>) {
    let site = good_site();
    site.write_bytes(file, text);
    let output = check_json(&site.root(), &[]);
    assert_exits_cleanly(&output, file);
    let problems = parse_problems(&output);
    let in_file = problems.into_iter().filter(|p| p.file == file).collect();
    (output, in_file)
}

#[test]
fn a_file_over_10_mib_is_refused() {
    let mut text = b"---\ntitle: \"Huge\"\ndate: 2025-01-02\n---\n".to_vec();
    let line = b"All work and no play makes a very large file.\n";
    while text.len() <= 10 * 1024 * 1024 {
        text.extend_from_slice(line);
    }
    let (output, problems) = check_with("content/articles/huge.md", &text);
    assert_exit(&output, 1, "a file over 10 MiB");
    assert_eq!(
        problems.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(),
        ["file-too-large"],
        "{problems:#?}"
    );
    assert!(
        problems[0].message.contains("10 MiB"),
        "{}",
        problems[0].message
    );
}

#[test]
fn a_yaml_alias_bomb_is_an_error() {
    let (output, problems) =
        check_with("content/articles/bomb.md", alias_bomb_article().as_bytes());
    assert_exit(&output, 1, "alias bomb");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        matches!(problems[0].code.as_str(), "yaml-limit" | "yaml-syntax"),
        "{problems:#?}"
    );
}

#[test]
fn deeply_nested_yaml_is_an_error() {
    for (name, nested) in [
        (
            "seq",
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        ("unclosed", "[".repeat(10_000)),
        (
            "map",
            format!("{}1{}", "{a: ".repeat(10_000), "}".repeat(10_000)),
        ),
        ("block", {
            let mut block = String::new();
            for depth in 0..2_000 {
                block.push_str(&format!("\n{}k{depth}:", "  ".repeat(depth + 1)));
            }
            block.push_str(" end");
            block
        }),
    ] {
        let file = format!("content/articles/deep-{name}.md");
        let text =
            format!("---\ntitle: \"Deep\"\ndate: 2025-01-02\nextra:\n  x: {nested}\n---\nBody.\n");
        let (output, problems) = check_with(&file, text.as_bytes());
        assert_exit(&output, 1, &file);
        assert_eq!(problems.len(), 1, "{file}: {problems:#?}");
        assert!(
            matches!(problems[0].code.as_str(), "yaml-limit" | "yaml-syntax"),
            "{file}: {problems:#?}"
        );
    }
}

/// Builds a site whose one article has `body`; it must build or fail cleanly.
fn build_pathological(name: &str, body: &str) {
    let site = good_site();
    site.write(
        &format!("content/articles/{name}.md"),
        &format!("---\ntitle: \"{name}\"\ndate: 2025-01-03\n---\n{body}\n"),
    );
    let output = build(&site.root(), &site.out(), &["--format", "json"]);
    assert_exits_cleanly(&output, name);
    if output.status.code() == Some(1) {
        assert!(
            !json_problems_in(&output).is_empty(),
            "{name}: a failed build names its problems\n{}",
            describe(&output)
        );
    } else {
        assert!(
            site.has_page(&format!("articles/{name}/index.html")),
            "{name}"
        );
    }
}

#[test]
fn deeply_nested_blockquotes_do_not_crash() {
    build_pathological("quotes", &format!("{} deep", ">".repeat(100_000)));
}

#[test]
fn unclosed_emphasis_does_not_crash() {
    build_pathological("emphasis", &"*a ".repeat(50_000));
}

#[test]
fn unclosed_brackets_do_not_crash() {
    build_pathological("brackets", &format!("{}a", "[".repeat(100_000)));
}

#[test]
fn nested_lists_do_not_crash() {
    let mut body = String::new();
    for depth in 0..5_000 {
        body.push_str(&format!("{}- item\n", "  ".repeat(depth)));
    }
    build_pathological("lists", &body);
}

#[test]
fn a_5_mb_line_does_not_crash() {
    // Five million bytes on one line, with a mention of an actor every 50,000 or so.
    let mut line = String::with_capacity(5_000_100);
    while line.len() < 5_000_000 {
        line.push_str(&"word ".repeat(10_000));
        line.push_str("Jane Doe ");
    }
    build_pathological("long-line", &line);
}

#[test]
fn dense_mentions_take_bounded_work() {
    // 100,000 separate mentions of one actor in one paragraph (1.3 MB). The work must stay
    // about linear: a check still running after two minutes is stuck, not slow (the same
    // text without mentions checks in well under a second, even in a debug build). The
    // mentions are kept apart by a word, since adjacent ones merge into one.
    let site = good_site();
    site.write(
        "content/articles/dense.md",
        &format!(
            "---\ntitle: \"Dense\"\ndate: 2025-01-03\n---\n{}\n",
            "and Jane Doe ".repeat(100_000)
        ),
    );
    let root = site.root();
    let output = briefing_within(
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ],
        &[],
        Duration::from_secs(120),
    );
    assert_exit(&output, 0, "check of an article with 100,000 mentions");
}

// ---------------------------------------------------------------------------------------
// The output folder
// ---------------------------------------------------------------------------------------

/// A build to `output` must be refused with `unsafe-output`, before writing anything.
fn assert_refused(site: &SiteBuilder, output: &Path, env: &[(&str, &Path)], what: &str) {
    let watched = site.tmp().to_path_buf();
    let before = snapshot(&watched);
    let out = output.to_str().unwrap();
    let run = briefing(
        &[
            "build",
            "--root",
            site.root().to_str().unwrap(),
            "--output",
            out,
            "--format",
            "json",
        ],
        env,
    );
    assert_exit(&run, 1, what);
    let problems = json_problems_in(&run);
    assert!(
        problems.iter().any(|p| p.code == "unsafe-output"),
        "{what}: expected an unsafe-output problem\n{}",
        describe(&run)
    );
    assert!(
        problems.iter().all(|p| !p.message.trim().is_empty()),
        "{what}: the refusal explains itself"
    );
    assert_same_snapshot(&before, &snapshot(&watched), what);
}

#[test]
fn build_refuses_the_site_root_as_output() {
    let site = good_site();
    assert_refused(&site, &site.root(), &[], "--output ROOT");
    let dotted = site.root().join("content/..");
    assert_refused(&site, &dotted, &[], "--output ROOT/content/..");
}

#[test]
fn build_refuses_a_parent_of_the_root() {
    let site = good_site();
    assert_refused(&site, site.tmp(), &[], "--output PARENT");
}

#[test]
fn build_refuses_the_file_system_root() {
    // Refused before anything is written, so this never touches `/`.
    let site = good_site();
    assert_refused(&site, Path::new("/"), &[], "--output /");
}

#[test]
fn build_refuses_the_home_folder() {
    let site = good_site();
    let home = site.tmp().join("home");
    fs::create_dir_all(&home).unwrap();
    assert_refused(&site, &home, &[("HOME", home.as_path())], "--output $HOME");
}

#[test]
fn build_refuses_folders_holding_content_or_templates() {
    let site = good_site();
    let other = site.tmp().join("other-site");
    write_file(&other.join("content/articles/mine.md"), b"mine\n");
    assert_refused(&site, &other, &[], "--output a folder holding content/");
    let themed = site.tmp().join("themed");
    write_file(&themed.join("templates/base.html"), b"mine\n");
    assert_refused(&site, &themed, &[], "--output a folder holding templates/");
    // Or inside the site's own sources.
    let inside = site.root().join("content/public");
    assert_refused(&site, &inside, &[], "--output inside content/");
}

#[test]
fn build_refuses_a_non_empty_folder_it_did_not_write() {
    let site = good_site();
    let theirs = site.tmp().join("theirs");
    write_file(&theirs.join("notes.txt"), b"keep me\n");
    assert_refused(&site, &theirs, &[], "--output a non-empty folder");
    assert_eq!(fs::read(theirs.join("notes.txt")).unwrap(), b"keep me\n");
    // A folder briefing wrote (with its marker) is written again, and an empty one is used.
    let output = site.build(&[]);
    assert_exit(&output, 0, "first build");
    assert!(
        site.out().join(".briefing-output").is_file(),
        "the output has its marker"
    );
    let again = site.build(&[]);
    assert_exit(&again, 0, "rebuild over briefing's own output");
    assert!(site.out().join(".briefing-output").is_file());
    let empty = site.tmp().join("empty");
    fs::create_dir_all(&empty).unwrap();
    assert_exit(
        &build(&site.root(), &empty, &[]),
        0,
        "build into an empty folder",
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_not_followed() {
    use std::os::unix::fs::symlink;
    let site = good_site();
    let outside = site.tmp().join("outside");
    let canary = "SECRET-CANARY-7f3a";
    write_file(
        &outside.join("secret.md"),
        article_md("Leaked", "2025-01-05", &[], &[], "", canary).as_bytes(),
    );
    write_file(
        &outside.join("folder/hidden.md"),
        article_md("Hidden", "2025-01-05", &[], &[], "", canary).as_bytes(),
    );
    write_file(
        &outside.join("leak.css"),
        format!("/* {canary} */").as_bytes(),
    );
    write_file(&outside.join("leak.html"), canary.as_bytes());
    let root = site.root();
    symlink(
        outside.join("secret.md"),
        root.join("content/articles/leak.md"),
    )
    .unwrap();
    symlink(outside.join("folder"), root.join("content/articles/linked")).unwrap();
    fs::create_dir_all(root.join("static")).unwrap();
    symlink(outside.join("leak.css"), root.join("static/leak.css")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    symlink(outside.join("leak.html"), root.join("templates/leak.html")).unwrap();

    let output = check_json(&root, &[]);
    assert_exit(&output, 0, "symbolic links are only warnings");
    let problems = parse_problems(&output);
    let unreported: Vec<&str> = [
        "content/articles/leak.md",
        "content/articles/linked",
        "static/leak.css",
        "templates/leak.html",
    ]
    .into_iter()
    .filter(|file| {
        problems
            .iter()
            .filter(|p| p.code == "skipped-file" && p.severity == "warning" && p.file == *file)
            .count()
            != 1
    })
    .collect();

    let built = site.build(&[]);
    assert_exit(&built, 0, "build with symbolic links");
    let leaked: Vec<String> = files_under(&site.out())
        .into_iter()
        .filter(|f| {
            fs::read(site.out().join(f))
                .map(|bytes| String::from_utf8_lossy(&bytes).contains(canary))
                .unwrap_or(false)
        })
        .collect();
    assert!(leaked.is_empty(), "content read through a link: {leaked:?}");
    assert!(!site.has_page("articles/leak/index.html"));
    assert!(!site.has_page("articles/hidden/index.html"));
    assert!(!site.has_page("leak.css"));
    // The targets are untouched.
    assert!(outside.join("secret.md").is_file());
    assert!(
        unreported.is_empty(),
        "each skipped symbolic link should be one skipped-file warning; not so for {unreported:?}\n{}",
        describe(&output)
    );
}

// ---------------------------------------------------------------------------------------
// The corpus's shape
// ---------------------------------------------------------------------------------------

#[test]
fn corpus_files_each_hold_one_planted_problem() {
    // Each planted file carries one problem (the case twins and the alias pair are two files).
    let expected = expected_problems();
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    for key in &expected {
        *per_file.entry(key.file.as_str()).or_default() += 1;
    }
    let crowded: Vec<(&&str, &usize)> = per_file.iter().filter(|(_, n)| **n > 1).collect();
    assert!(crowded.is_empty(), "one problem per file: {crowded:?}");
}

// ---------------------------------------------------------------------------------------
// A base URL with a host, for the sitemap and robots.txt
// ---------------------------------------------------------------------------------------

/// The sitemap and robots.txt's `Sitemap:` line need full URLs: `check` warns when
/// `base_url` has no host (unset as `briefing init` leaves it, a path, or `file://`), names
/// the files and says what to set, so `--deny-warnings` catches it; `--base-url` on
/// `check` (as on `build`) or a full address in site.yaml clears it.
#[test]
fn no_base_url_with_a_host_is_a_warning_saying_what_to_set() {
    let site = good_site();
    let cases = [
        (
            "title: \"Test Briefing\"\ntimezone: UTC\n",
            &[][..],
            "site.yaml",
        ),
        ("base_url: /brief/\n", &[][..], "site.yaml"),
        ("base_url: \"file:///tmp/brief/\"\n", &[][..], "site.yaml"),
        (
            "title: Briefing\n",
            &["--base-url", "/brief/"][..],
            "--base-url",
        ),
    ];
    for (yaml, args, file) in cases {
        site.write("site.yaml", yaml);
        let output = check_json(&site.root(), args);
        assert_exit(&output, 0, "a warning alone");
        let problems = parse_problems(&output);
        assert_eq!(
            codes(&problems),
            [format!("no-base-url@{file}:None")],
            "{yaml} {args:?}"
        );
        let warning = &problems[0];
        assert_eq!(warning.severity, "warning");
        assert!(
            warning.message.contains("sitemap.xml") && warning.message.contains("robots.txt"),
            "{}",
            warning.message
        );
        let hint = warning.hint.as_deref().unwrap_or("");
        assert!(
            hint.contains("base_url") && hint.contains("https://"),
            "{hint}"
        );
        let mut denied = args.to_vec();
        denied.push("--deny-warnings");
        assert_exit(
            &check_json(&site.root(), &denied),
            1,
            "--deny-warnings without a base URL with a host",
        );
        let built = build(&site.root(), &site.out(), args);
        assert_exit(&built, 0, "build warns but builds");
        assert!(
            stderr(&built).contains("warning[no-base-url]"),
            "{}",
            describe(&built)
        );
    }
    // A full address clears it, from site.yaml or from `check --base-url`.
    let output = check_json(
        &site.root(),
        &[
            "--deny-warnings",
            "--base-url",
            "https://example.org/brief/",
        ],
    );
    assert_exit(&output, 0, "check --base-url with a host");
    site.write("site.yaml", "base_url: \"http://example.org\"\n");
    assert_exit(
        &check_json(&site.root(), &["--deny-warnings"]),
        0,
        "base_url with a host in site.yaml",
    );
}

// ---------------------------------------------------------------------------------------
// Corrections: `corrections: [{date, note}]` in an article's front matter
// ---------------------------------------------------------------------------------------

/// The good site's article with these `corrections:` lines (front matter from line 6).
fn corrected_site(corrections: &str) -> SiteBuilder {
    let site = good_site();
    let text = article_md(
        "Harbour reopens",
        "2025-01-10",
        &["jane-doe"],
        &["shipping"],
        &format!("corrections:\n{corrections}"),
        "Jane Doe said the harbour reopens on Monday.",
    );
    site.write("content/articles/harbour-reopens.md", &text);
    site
}

#[test]
fn a_correction_dated_before_its_article_is_an_error_at_its_date() {
    let site = corrected_site(
        "  - date: 2025-01-09\n    note: \"The harbour reopens on Tuesday.\"\n  - date: 2025-01-10\n    note: \"Same day: fine.\"\n",
    );
    let output = check_json(&site.root(), &[]);
    assert_exit(&output, 1, "a correction before the article");
    let problems = parse_problems(&output);
    assert_eq!(codes(&problems).len(), 1, "{}", describe(&output));
    let problem = find(
        &problems,
        "correction-before-date",
        "content/articles/harbour-reopens.md",
    );
    assert_eq!(problem.severity, "error");
    assert_eq!((problem.line, problem.column), (Some(7), Some(11)));
    assert!(
        problem.message.contains("2025-01-09"),
        "{}",
        problem.message
    );
    assert!(
        problem.message.contains("2025-01-10"),
        "{}",
        problem.message
    );
    let hint = problem.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("on or after 2025-01-10"), "{hint}");
}

#[test]
fn a_correction_with_a_bad_date_or_an_empty_note_is_an_error_at_its_place() {
    let site = corrected_site(
        "  - date: 2025-02-30\n    note: \"The harbour reopens on Tuesday.\"\n  - date: 2025-01-12\n    note: \"  \"\n",
    );
    let output = check_json(&site.root(), &[]);
    assert_exit(&output, 1, "bad corrections");
    let problems = parse_problems(&output);
    let file = "content/articles/harbour-reopens.md";
    let bad_date = find(&problems, "bad-date", file);
    assert_eq!((bad_date.line, bad_date.column), (Some(7), Some(11)));
    let empty = find(&problems, "empty-correction", file);
    assert_eq!(empty.severity, "error");
    assert_eq!(empty.line, Some(10));
    assert_eq!(problems.len(), 2, "{}", describe(&output));
}

#[test]
fn a_correction_missing_its_note_or_with_an_unknown_key_is_reported_at_its_line() {
    let site = corrected_site("  - date: 2025-01-12\n    text: \"A note under the wrong key.\"\n");
    let output = check_json(&site.root(), &[]);
    assert_exit(&output, 1, "a mistyped correction");
    let problems = parse_problems(&output);
    let file = "content/articles/harbour-reopens.md";
    let unknown = find(&problems, "unknown-key", file);
    assert_eq!(unknown.line, Some(8));
    assert!(
        unknown.hint.as_deref().unwrap_or_default().contains("note"),
        "{unknown:?}"
    );
    find(&problems, "missing-field", file);
}

#[test]
fn a_site_with_a_correction_checks_clean_and_builds_its_corrections_pages() {
    let site =
        corrected_site("  - date: 2025-01-12\n    note: \"The harbour reopens on *Tuesday*.\"\n");
    let output = check_json(&site.root(), &["--deny-warnings"]);
    assert_exit(&output, 0, "a good correction");
    let out = site.tmp().join("out");
    assert_exit(&build(&site.root(), &out, &[]), 0, "build");
    let page = read_html(&out.join("articles/harbour-reopens/index.html"));
    assert_eq!(texts(&page, "#correction-1 time"), ["12 January 2025"]);
    assert!(out.join("corrections/index.html").is_file());
    assert!(out.join("corrections/atom.xml").is_file());
}
