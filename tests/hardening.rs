//! Hostile and clumsy sites: links at every level of the site are never followed, only
//! regular files are read, dates a page cannot write are errors at their line, and text
//! shown to readers as escaped raw HTML can be quoted.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

const CANARY: &str = "OUTSIDE-SECRET-51c2";

/// A small good site, with a folder beside it (outside the site) full of secrets.
fn site_with_secrets() -> SiteBuilder {
    let site = SiteBuilder::with_files(&[
        ("content/actors/x.md", &actor_md("X", "person")),
        (
            "content/articles/a.md",
            &article_md("A", "2025-01-01", &["x"], &[], "", "X said hello."),
        ),
    ]);
    let outside = site.tmp().join("outside");
    write_file(&outside.join("secret.txt"), CANARY.as_bytes());
    write_file(&outside.join("sub/id_rsa"), CANARY.as_bytes());
    write_file(&outside.join("base.html"), CANARY.as_bytes());
    write_file(&outside.join("style.css"), CANARY.as_bytes());
    write_file(
        &outside.join("site.yaml"),
        format!("title: {CANARY}\n").as_bytes(),
    );
    site
}

/// The problems `check --format json` reports, as (code, severity, file).
fn problems(root: &Path, args: &[&str]) -> (Output, Vec<(String, String, String)>) {
    let output = run_in(
        root,
        &[&["check", "--root", ".", "--format", "json"][..], args].concat(),
    );
    let found = json_lines(&String::from_utf8_lossy(&output.stdout))
        .iter()
        .map(|p| {
            let field = |name: &str| p[name].as_str().unwrap_or("").to_string();
            (field("code"), field("severity"), field("file"))
        })
        .collect();
    (output, found)
}

/// Every output file that holds the canary.
fn leaked(out: &Path) -> Vec<String> {
    files_under(out)
        .into_iter()
        .filter(|f| {
            fs::read(out.join(f))
                .map(|bytes| String::from_utf8_lossy(&bytes).contains(CANARY))
                .unwrap_or(false)
        })
        .collect()
}

#[test]
fn linked_static_templates_and_site_yaml_are_skipped_and_nothing_outside_is_read() {
    let site = site_with_secrets();
    let root = site.root();
    let outside = site.tmp().join("outside");
    symlink(&outside, root.join("static")).unwrap();
    symlink(&outside, root.join("templates")).unwrap();
    symlink(outside.join("site.yaml"), root.join("site.yaml")).unwrap();

    let (output, found) = problems(&root, &[]);
    assert_success(&output);
    for file in ["static", "templates", "site.yaml"] {
        let warned = found
            .iter()
            .filter(|(code, severity, f)| {
                code == "skipped-file" && severity == "warning" && f == file
            })
            .count();
        assert_eq!(warned, 1, "one skipped-file warning for {file}: {found:?}");
    }
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains(CANARY),
        "check read through a link"
    );

    let built = site.build(&[]);
    assert_success(&built);
    let leaks = leaked(&site.out());
    assert!(
        leaks.is_empty(),
        "published from outside the site: {leaks:?}"
    );
    assert!(!site.has_page("secret.txt") && !site.has_page("sub/id_rsa"));
    // The built-in stylesheet stands in for the linked one.
    assert!(site.has_page("style.css"));
}

#[test]
fn a_linked_content_folder_is_refused_not_followed() {
    let site = site_with_secrets();
    let root = site.root();
    let elsewhere = site.tmp().join("elsewhere");
    fs::rename(root.join("content"), &elsewhere).unwrap();
    write_file(
        &elsewhere.join("articles/leak.md"),
        article_md("Leak", "2025-01-02", &[], &[], "", CANARY).as_bytes(),
    );
    symlink(&elsewhere, root.join("content")).unwrap();

    let built = site.build(&[]);
    assert_failure(&built);
    let message = stderr(&built);
    assert!(message.contains("no-site"), "{message}");
    assert!(message.contains("symbolic link"), "{message}");
    assert!(!site.out().exists() || leaked(&site.out()).is_empty());
}

/// A running `briefing serve`, killed when dropped.
struct Served {
    child: Child,
    port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start(root: &Path) -> Served {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let mut child = Command::new(binary())
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (ready, serving) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("Serving") {
                    let _ = ready.send(());
                }
            }
        });
        let served = Served { child, port };
        serving
            .recv_timeout(Duration::from_secs(60))
            .expect("serve printed `Serving` in time");
        served
    }

    /// The status code of `GET path`.
    fn status(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, answer)
    }
}

#[test]
fn serve_never_serves_a_file_from_outside_the_site() {
    let site = site_with_secrets();
    let root = site.root();
    symlink(site.tmp().join("outside"), root.join("static")).unwrap();
    let served = Served::start(&root);
    let (home, _) = served.status("/");
    assert_eq!(home, 200, "the site itself is served");
    for path in ["/secret.txt", "/sub/id_rsa", "/static/secret.txt"] {
        let (status, answer) = served.status(path);
        assert_eq!(status, 404, "{path} must not be served");
        assert!(!answer.contains(CANARY), "{path} leaked the secret");
    }
    let (_, stylesheet) = served.status("/style.css");
    assert!(!stylesheet.contains(CANARY));
}

/// Runs briefing with `args` in `root`, failing the test if it has not ended in 60 s.
fn run_bounded(root: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(binary())
        .current_dir(root)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("briefing {args:?} hung (a special file was read?)");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn named_pipes_anywhere_in_the_site_are_skipped_with_a_warning() {
    let site = site_with_secrets();
    let root = site.root();
    fs::create_dir_all(root.join("static")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    let pipes = [
        "content/articles/pipe.md",
        "content/actors/pipe.md",
        "static/pipe.css",
        "templates/pipe.html",
        "site.yaml",
    ];
    for pipe in pipes {
        mkfifo(&root.join(pipe));
    }
    let checked = run_bounded(&root, &["check", "--root", ".", "--format", "json"]);
    let report = String::from_utf8_lossy(&checked.stdout).into_owned();
    assert!(checked.status.success(), "{report}");
    let list = json_lines(&report);
    for pipe in pipes {
        let warned = list
            .iter()
            .filter(|p| p["code"] == "skipped-file" && p["file"] == pipe)
            .count();
        assert_eq!(warned, 1, "{pipe}: {report}");
    }
    let built = run_bounded(&root, &["build", "--root", ".", "--output", "../out"]);
    assert_success(&built);
    assert!(site.has_page("articles/a/index.html"));
}

#[test]
fn dates_a_page_cannot_write_are_errors_at_their_line() {
    // Each is a date the parser reads, but one that falls before year 0 or after 9999 in
    // UTC or in the site's timezone.
    let cases = [
        ("0000-01-01T00:00:00+01:00", ""),
        ("9999-12-31T23:59:59-12:00", ""),
        ("9999-12-31T23:00:00Z", "timezone: \"+03:00\"\n"),
        ("0000-01-01", "timezone: Asia/Tokyo\n"),
    ];
    for (date, config) in cases {
        let site = SiteBuilder::with_files(&[
            ("site.yaml", config),
            (
                "content/articles/y.md",
                &format!("---\ntitle: Y\ndate: {date}\n---\nText.\n"),
            ),
        ]);
        let output = run_in(
            &site.root(),
            &["check", "--root", ".", "--drafts", "--format", "json"],
        );
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(!output.status.success(), "{date} {config}: {text}");
        let list = json_lines(&text);
        let at_line: Vec<_> = list
            .iter()
            .filter(|p| {
                p["code"] == "bad-date" && p["file"] == "content/articles/y.md" && p["line"] == 3
            })
            .collect();
        assert_eq!(at_line.len(), 1, "{date} {config}: {text}");
        assert!(
            !text.contains("\"template\""),
            "a template error instead of the article: {text}"
        );
        let built = site.build(&["--drafts"]);
        assert_failure(&built);
    }
    // The edges themselves still build.
    for date in ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z"] {
        let site = SiteBuilder::with_files(&[(
            "content/articles/y.md",
            &format!("---\ntitle: Y\ndate: {date}\n---\nText.\n"),
        )]);
        assert_success(&site.build(&["--drafts"]));
    }
}

#[test]
fn quotes_of_raw_html_shown_as_text_are_found_and_marked() {
    let bodies = [
        ("use <b>bold</b> here", "He said: use <b>bold</b> here."),
        (
            "<script>alert(1)</script> is text",
            "Then: <script>alert(1)</script> is text, shown as written.",
        ),
        ("the <div> stays", "Inline, the <div> stays as written."),
    ];
    for (quote, body) in bodies {
        let site = SiteBuilder::with_files(&[
            ("content/actors/x.md", &actor_md("X", "person")),
            (
                "content/articles/a.md",
                &format!(
                    "---\ntitle: A\ndate: 2025-01-01\nactors: [x]\nquotes:\n  - by: x\n    text: {}\n---\n{body}\n",
                    serde_json::to_string(quote).unwrap()
                ),
            ),
        ]);
        let built = site.build(&[]);
        assert_success(&built);
        let page = site.page("articles/a/index.html");
        let marks = selector("mark.statement");
        let marked: String = page.select(&marks).flat_map(|m| m.text()).collect();
        assert_eq!(marked, quote, "the marked passage is the quote");
        let html = page.html();
        assert!(!html.contains("<script>alert"), "raw HTML stays escaped");
        assert!(!html.contains("<b>bold"), "raw HTML stays escaped");
    }
}

#[test]
fn an_output_inside_the_sources_is_refused_however_the_path_is_spelled() {
    let site = site_with_secrets();
    let root = site.root();
    fs::create_dir_all(root.join("static")).unwrap();
    let link = site.tmp().join("link");
    symlink(&root, &link).unwrap();
    let static_link = site.tmp().join("assets");
    symlink(root.join("static"), &static_link).unwrap();
    let link_text = link.display().to_string();
    let outputs = [
        // Not there yet, spelled through a link to the site.
        (link_text.clone(), format!("{link_text}/content/out")),
        // Through a link to the site, with `..` on the way.
        (
            root.display().to_string(),
            format!("{link_text}/content/articles/../new"),
        ),
        // Through a link to static/.
        (
            root.display().to_string(),
            format!("{}/built", static_link.display()),
        ),
    ];
    for (root_arg, output) in outputs {
        let built = run_in(
            site.tmp(),
            &["build", "--root", &root_arg, "--output", &output],
        );
        assert_failure(&built);
        assert!(
            stderr(&built).contains("unsafe-output"),
            "{output}: {}",
            stderr(&built)
        );
        let inside: Vec<String> = files_under(&root.join("content"))
            .into_iter()
            .chain(files_under(&root.join("static")))
            .filter(|f| !f.ends_with(".md"))
            .collect();
        assert!(
            inside.is_empty(),
            "{output}: wrote {inside:?} into the sources"
        );
    }
}
