//! Helpers shared by the integration tests: fixture sites in temporary folders, running the
//! real `briefing` binary, reading its HTML, and checking every link it wrote.
//!
//! Each `tests/*.rs` file compiles this module on its own, so not every helper is used by
//! every file.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output};

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// An address the example could be published at.
pub const PUBLISHED: &str = "https://example.org/brief/";

/// The repository's example site built at [`PUBLISHED`] into a temporary folder: the
/// folder (kept while the first is held) and the output in it.
pub fn build_example() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("public");
    let output = run_build(
        &repo_root(),
        &["--output", out.to_str().unwrap(), "--base-url", PUBLISHED],
    );
    assert_success(&output);
    (tmp, out)
}

/// The compiled `briefing` binary.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_briefing")
}

/// The repository root, which is itself the example site.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------
// Fixture sites
// ---------------------------------------------------------------------------------------

/// A site written into a fresh temporary folder.
///
/// Layout: `TMP/site` is the site root and `TMP/out` the default output, so the output's
/// parent (`TMP`) holds nothing else and leftover staging folders are easy to spot.
pub struct SiteBuilder {
    tmp: TempDir,
}

impl SiteBuilder {
    /// An empty site (no files at all, not even `content/`).
    pub fn new() -> Self {
        let tmp = tempfile::Builder::new()
            .prefix("briefing-test-")
            .tempdir()
            .expect("create a temporary folder");
        fs::create_dir_all(tmp.path().join("site")).expect("create the site root");
        SiteBuilder { tmp }
    }

    /// A site holding `files`, each a (path relative to the root, text) pair.
    pub fn with_files(files: &[(&str, &str)]) -> Self {
        let site = SiteBuilder::new();
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    /// Adds or replaces one file (parent folders are created).
    pub fn write(&self, path: &str, text: &str) -> &Self {
        write_file(&self.root().join(path), text.as_bytes());
        self
    }

    /// Adds or replaces one file with raw bytes.
    pub fn write_bytes(&self, path: &str, bytes: &[u8]) -> &Self {
        write_file(&self.root().join(path), bytes);
        self
    }

    pub fn remove(&self, path: &str) -> &Self {
        fs::remove_file(self.root().join(path)).expect("remove a fixture file");
        self
    }

    /// The temporary folder holding the site root and the output.
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// The site root (`TMP/site`).
    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    /// The output folder the `build*` methods write to (`TMP/out`).
    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    /// `briefing build --root ROOT --output OUT ARGS...`.
    pub fn build(&self, args: &[&str]) -> Output {
        let out = self.out();
        let mut all: Vec<&str> = vec!["--output", out.to_str().expect("UTF-8 temp path")];
        all.extend_from_slice(args);
        run_build(&self.root(), &all)
    }

    /// Like [`SiteBuilder::build`], asserting success; returns stdout.
    pub fn build_ok(&self, args: &[&str]) -> String {
        let output = self.build(args);
        assert_success(&output);
        stdout(&output)
    }

    /// Like [`SiteBuilder::build`], asserting failure with exit code 1; returns stderr.
    pub fn build_err(&self, args: &[&str]) -> String {
        let output = self.build(args);
        assert_failure(&output);
        stderr(&output)
    }

    /// A page of the output, by path relative to it (`"actors/x/index.html"`).
    pub fn page(&self, path: &str) -> Html {
        read_html(&self.out().join(path))
    }

    pub fn has_page(&self, path: &str) -> bool {
        self.out().join(path).is_file()
    }
}

impl Default for SiteBuilder {
    fn default() -> Self {
        SiteBuilder::new()
    }
}

pub fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent folders");
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Front matter plus body for an article. `extra_yaml` is appended to the front matter
/// verbatim (one `key: value` per line).
pub fn article_md(
    title: &str,
    date: &str,
    actors: &[&str],
    topics: &[&str],
    extra_yaml: &str,
    body: &str,
) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nactors: [{}]\ntopics: [{}]\n{extra_yaml}---\n{body}\n",
        actors.join(", "),
        topics.join(", ")
    )
}

/// An actor file.
pub fn actor_md(name: &str, kind: &str) -> String {
    format!("---\nname: \"{name}\"\nkind: {kind}\n---\n{name} is an actor in the tests.\n")
}

/// A topic file.
pub fn topic_md(name: &str) -> String {
    format!("---\nname: \"{name}\"\n---\n{name} is a topic in the tests.\n")
}

// ---------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------

/// `briefing build --root ROOT ARGS...`, from the current directory of the test process.
pub fn run_build(root: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(binary());
    command.arg("build").arg("--root").arg(root).args(args);
    command.output().expect("run the briefing binary")
}

/// `briefing ARGS...` run inside `cwd` (for tests of the defaults).
pub fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run the briefing binary")
}

/// The problems of `check --format json` output: one JSON object a line.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// Every problem `check` finds in the site at `root`, checked at a published address
/// (`https://example.org/`), as JSON values.
pub fn check_problems(root: &Path) -> Vec<serde_json::Value> {
    let output = run_in(
        root,
        &[
            "check",
            "--root",
            ".",
            "--format",
            "json",
            "--base-url",
            "https://example.org/",
        ],
    );
    json_lines(&String::from_utf8_lossy(&output.stdout))
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "briefing failed ({:?})\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
}

pub fn assert_failure(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(1),
        "briefing should have failed with exit code 1\n--- stdout\n{}\n--- stderr\n{}",
        stdout(output),
        stderr(output)
    );
}

/// The numbers of the `Built N articles, N actors, N topics: N pages written to DIR in N ms` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub articles: usize,
    pub actors: usize,
    pub topics: usize,
    pub pages: usize,
    pub output: String,
}

/// Parses the summary line; panics (with the text) when stdout is not exactly that one line.
pub fn parse_summary(stdout: &str) -> Summary {
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "stdout should be one summary line:\n{stdout}"
    );
    let line = lines[0];
    let fail = || -> ! { panic!("not a summary line: {line:?}") };
    let number = |text: &str| text.parse::<usize>().unwrap_or_else(|_| fail());
    // "1 article", "2 articles": the noun agrees with its count.
    let counted = |text: &str, noun: &str, after: &str| -> (usize, String) {
        let (count, tail) = text.split_once(' ').unwrap_or_else(|| fail());
        let count = number(count);
        let noun = if count == 1 {
            noun.to_string()
        } else {
            format!("{noun}s")
        };
        let tail = tail
            .strip_prefix(&format!("{noun}{after}"))
            .unwrap_or_else(|| fail());
        (count, tail.to_string())
    };
    let rest = line.strip_prefix("Built ").unwrap_or_else(|| fail());
    let (articles, rest) = counted(rest, "article", ", ");
    let (actors, rest) = counted(&rest, "actor", ", ");
    let (topics, rest) = counted(&rest, "topic", ": ");
    let (pages, rest) = counted(&rest, "page", " written to ");
    let (output, millis) = rest.rsplit_once(" in ").unwrap_or_else(|| fail());
    let millis = millis.strip_suffix(" ms").unwrap_or_else(|| fail());
    number(millis);
    Summary {
        articles,
        actors,
        topics,
        pages,
        output: output.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Reading output
// ---------------------------------------------------------------------------------------

pub fn read_html(path: &Path) -> Html {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// The `attr` values of every element matching `css`, in document order.
pub fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    html.select(&selector(css))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// The `href` of every element matching `css` (`"a"`, `"nav.entities a"`...).
pub fn hrefs(html: &Html, css: &str) -> Vec<String> {
    attrs(html, css, "href")
}

/// The whitespace-normalised text of an element.
pub fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of every element matching `css`.
pub fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&selector(css)).map(text_of).collect()
}

/// The whole document as normalised text.
pub fn page_text(html: &Html) -> String {
    text_of(html.root_element())
}

/// Every file under `dir`, relative to it, with `/` separators, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, found: &mut Vec<String>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
            .map(|e| e.expect("folder entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(base, &path, found);
            } else {
                let relative = path.strip_prefix(base).expect("under base");
                found.push(slash_path(relative));
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort();
    found
}

/// Every `.html` file under `dir`, relative to it.
pub fn html_files(dir: &Path) -> Vec<String> {
    files_under(dir)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// One entry of a folder snapshot: a file's bytes, or a folder (`None`).
pub type Snapshot = BTreeMap<String, Option<Vec<u8>>>;

/// Every file (with its bytes) and folder under `dir`, for byte-identical comparisons.
pub fn snapshot(dir: &Path) -> Snapshot {
    fn walk(base: &Path, dir: &Path, found: &mut Snapshot) {
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
            let path = entry.expect("folder entry").path();
            let relative = slash_path(path.strip_prefix(base).expect("under base"));
            let meta = fs::symlink_metadata(&path).expect("metadata");
            if meta.is_dir() {
                found.insert(format!("{relative}/"), None);
                walk(base, &path, found);
            } else {
                found.insert(relative, Some(fs::read(&path).expect("read file")));
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(dir, dir, &mut found);
    found
}

/// Asserts two snapshots are identical, naming the first differences.
pub fn assert_same_snapshot(before: &Snapshot, after: &Snapshot, what: &str) {
    if before == after {
        return;
    }
    let mut differences = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => differences.push(format!("removed: {path}")),
            Some(other) if other != bytes => differences.push(format!("changed: {path}")),
            _ => {}
        }
    }
    for path in after.keys() {
        if !before.contains_key(path) {
            differences.push(format!("added: {path}"));
        }
    }
    differences.truncate(30);
    panic!("{what} changed:\n  {}", differences.join("\n  "));
}

/// The names directly inside `dir`, sorted (hidden ones included).
pub fn entries_of(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------

/// The elements and attributes whose URLs the link checker follows.
const LINK_ATTRIBUTES: &[(&str, &str)] = &[
    ("a[href]", "href"),
    ("area[href]", "href"),
    ("link[href]", "href"),
    ("script[src]", "src"),
    ("img[src]", "src"),
    ("iframe[src]", "src"),
    ("source[src]", "src"),
];

/// Every (element name, URL) pair of a page, in document order.
pub fn page_links(html: &Html) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for (css, attr) in LINK_ATTRIBUTES {
        for element in html.select(&selector(css)) {
            if let Some(url) = element.value().attr(attr) {
                links.push((element.value().name().to_string(), url.to_string()));
            }
        }
    }
    links
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another site, `mailto:` and the like: not checked.
    External,
    /// A file of the output (relative path with `/`), and the fragment if any.
    Internal {
        file: String,
        fragment: Option<String>,
    },
}

/// A site's base URL, split into what links may start with.
#[derive(Debug, Clone)]
pub struct Base {
    /// `https://example.org/brief/` or `file:///x/`; `None` for a path-only base.
    absolute: Option<String>,
    /// The path root-relative links must start with (`/`, `/brief/`); `None` for `file://`.
    path: Option<String>,
}

impl Base {
    pub fn new(base_url: &str) -> Self {
        let base = if base_url.ends_with('/') {
            base_url.to_string()
        } else {
            format!("{base_url}/")
        };
        if let Some((scheme, rest)) = base.split_once("://") {
            let path = match scheme {
                "http" | "https" => Some(
                    rest.find('/')
                        .map_or("/".to_string(), |i| rest[i..].to_string()),
                ),
                _ => None,
            };
            Base {
                absolute: Some(base),
                path,
            }
        } else {
            assert!(
                base.starts_with('/'),
                "base URL {base_url:?} is neither absolute nor /-rooted"
            );
            Base {
                absolute: None,
                path: Some(base),
            }
        }
    }

    /// The `scheme://host` of an absolute http(s) base.
    fn origin(&self) -> Option<&str> {
        let absolute = self.absolute.as_deref()?;
        let (scheme, rest) = absolute.split_once("://")?;
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let end = rest.find('/').unwrap_or(rest.len());
        Some(&absolute[..scheme.len() + 3 + end])
    }
}

fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let valid = !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `url`, found on the page at `page` (relative to the output, e.g.
/// `actors/x/index.html`), to what it points at. `Err` explains a link that cannot be right
/// whatever the output holds (outside the base, above the site root, `javascript:`...).
pub fn resolve_link(page: &str, url: &str, base: &Base) -> Result<Target, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("empty URL".into());
    }
    // Split off the fragment and the query first.
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(percent_decode(fragment))),
        None => (url, None),
    };
    let location = before_fragment.split('?').next().unwrap_or("");
    let page_dir = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    };

    // The path relative to the output root, still to be normalised.
    let joined: String = if location.is_empty() {
        // `#fragment` or `?query` alone: this very page.
        page.to_string()
    } else if let Some(rest) = base
        .absolute
        .as_deref()
        .and_then(|b| location.strip_prefix(b))
    {
        rest.to_string()
    } else if base
        .absolute
        .as_deref()
        .is_some_and(|b| location == b.trim_end_matches('/'))
    {
        return Err(format!(
            "`{url}` is the base URL without its trailing slash"
        ));
    } else if location.starts_with("//") {
        return Ok(Target::External);
    } else if let Some(scheme) = scheme_of(location) {
        match scheme.to_ascii_lowercase().as_str() {
            "javascript" | "vbscript" => return Err(format!("`{url}` is a script URL")),
            "http" | "https" => {
                if let Some(origin) = base.origin() {
                    let same_host = location
                        .strip_prefix(origin)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
                    if same_host {
                        return Err(format!(
                            "`{url}` is on the site's host but outside its base URL"
                        ));
                    }
                }
                return Ok(Target::External);
            }
            "file"
                if base
                    .absolute
                    .as_deref()
                    .is_some_and(|b| b.starts_with("file:")) =>
            {
                return Err(format!("`{url}` is a file: URL outside the base URL"));
            }
            _ => return Ok(Target::External),
        }
    } else if location.starts_with('/') {
        match base.path.as_deref() {
            Some(path) => match location.strip_prefix(path) {
                Some(rest) => rest.to_string(),
                None if format!("{location}/") == path => {
                    return Err(format!(
                        "`{url}` is the base path without its trailing slash"
                    ));
                }
                None => return Err(format!("`{url}` is outside the base path `{path}`")),
            },
            None => {
                return Err(format!(
                    "`{url}` is root-relative but the site is opened from a file: base"
                ));
            }
        }
    } else {
        format!("{page_dir}{location}")
    };

    // Normalise `.` and `..`, refusing to climb above the output root.
    let mut parts: Vec<String> = Vec::new();
    let ends_with_slash = joined.is_empty() || joined.ends_with('/');
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("`{url}` climbs above the site root"));
                }
            }
            other => parts.push(percent_decode(other)),
        }
    }
    if ends_with_slash || joined.ends_with("/.") || joined.ends_with("/..") {
        parts.push("index.html".into());
    }
    Ok(Target::Internal {
        file: parts.join("/"),
        fragment: fragment.filter(|f| !f.is_empty()),
    })
}

/// Caches the ids of each page a fragment points into.
#[derive(Default)]
struct Ids {
    pages: HashMap<String, BTreeSet<String>>,
}

impl Ids {
    fn of(&mut self, output: &Path, file: &str) -> &BTreeSet<String> {
        self.pages.entry(file.to_string()).or_insert_with(|| {
            let html = read_html(&output.join(file));
            ids_of(&html)
        })
    }
}

/// Every `id` in a page, plus the `name` of every `<a name>`.
pub fn ids_of(html: &Html) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = attrs(html, "[id]", "id").into_iter().collect();
    ids.extend(attrs(html, "a[name]", "name"));
    ids
}

/// Ids used more than once in a page.
pub fn duplicate_ids(html: &Html) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for id in attrs(html, "[id]", "id") {
        *seen.entry(id).or_default() += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect()
}

/// Checks that a resolved internal target exists; `Err` says why not.
fn check_target(output: &Path, target: &Target, ids: &mut Ids) -> Result<(), String> {
    let Target::Internal { file, fragment } = target else {
        return Ok(());
    };
    let path = output.join(file);
    if path.is_dir() {
        return Err(format!(
            "`{file}` is a folder (link needs a trailing slash)"
        ));
    }
    if !path.is_file() {
        return Err(format!("`{file}` does not exist"));
    }
    if let Some(fragment) = fragment {
        if !file.ends_with(".html") {
            return Err(format!(
                "fragment `#{fragment}` into non-HTML file `{file}`"
            ));
        }
        if !ids.of(output, file).contains(fragment) {
            return Err(format!("`{file}` has no element with id `{fragment}`"));
        }
    }
    Ok(())
}

/// Checks every `href`/`src` of every HTML page under `output`: internal links (under
/// `base_url`, root-relative, or relative) must name a file that exists, and a `#fragment`
/// an element id in that file. External links are skipped. Panics listing every broken
/// link; returns how many internal links were checked.
pub fn check_links(output: &Path, base_url: &str) -> usize {
    let base = Base::new(base_url);
    let mut ids = Ids::default();
    let mut problems = Vec::new();
    let mut checked = 0;
    let pages = html_files(output);
    assert!(
        !pages.is_empty(),
        "no HTML pages under {}",
        output.display()
    );
    for page in &pages {
        let html = read_html(&output.join(page));
        for (element, url) in page_links(&html) {
            let result = resolve_link(page, &url, &base).and_then(|target| {
                if matches!(target, Target::Internal { .. }) {
                    checked += 1;
                }
                check_target(output, &target, &mut ids)
            });
            if let Err(why) = result {
                problems.push(format!("{page}: <{element}> {url:?}: {why}"));
            }
        }
    }
    if !problems.is_empty() {
        let total = problems.len();
        problems.truncate(40);
        panic!(
            "{total} broken link(s) in {} (base {base_url}):\n  {}",
            output.display(),
            problems.join("\n  ")
        );
    }
    checked
}

/// The HTML pages reachable from `index.html` by following internal links (BFS).
pub fn reachable_pages(output: &Path, base_url: &str) -> BTreeSet<String> {
    let base = Base::new(base_url);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    seen.insert("index.html".into());
    queue.push_back("index.html".into());
    while let Some(page) = queue.pop_front() {
        let html = read_html(&output.join(&page));
        for (_, url) in page_links(&html) {
            if let Ok(Target::Internal { file, .. }) = resolve_link(&page, &url, &base)
                && file.ends_with(".html")
                && output.join(&file).is_file()
                && seen.insert(file.clone())
            {
                queue.push_back(file);
            }
        }
    }
    seen
}

/// The internal links of one page, resolved to output files (fragments dropped).
pub fn internal_targets(page: &str, html: &Html, base_url: &str) -> Vec<String> {
    let base = Base::new(base_url);
    page_links(html)
        .into_iter()
        .filter_map(|(_, url)| match resolve_link(page, &url, &base) {
            Ok(Target::Internal { file, .. }) => Some(file),
            _ => None,
        })
        .collect()
}

/// Makes a path relative-to-output string for a page folder (`"actors/x/"` → `"actors/x/index.html"`).
pub fn page_file(folder: &str) -> String {
    if folder.is_empty() || folder.ends_with('/') {
        format!("{folder}index.html")
    } else {
        folder.to_string()
    }
}

/// Tidies `path` of `.` and `..` without touching the disk.
pub fn clean_path(path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

// ---------------------------------------------------------------------------------------
// Content front matter (a tiny reader for the example site's files)
// ---------------------------------------------------------------------------------------

/// The front matter of a content file, as text.
pub fn front_matter(text: &str) -> &str {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .expect("content file starts with ---");
    let end = rest
        .find("\n---\n")
        .or_else(|| rest.find("\n---\r\n"))
        .or_else(|| rest.strip_suffix("\n---").map(str::len))
        .expect("front matter ends with ---");
    &rest[..end]
}

fn unquote(text: &str) -> String {
    let text = text.trim();
    let text = text.split(" #").next().unwrap_or(text).trim();
    text.trim_matches(|c| c == '"' || c == '\'').to_string()
}

/// A top-level scalar of the front matter (`date`, `title`...), unquoted.
pub fn front_scalar(front: &str, key: &str) -> Option<String> {
    front.lines().find_map(|line| {
        let value = line.strip_prefix(key)?.strip_prefix(':')?;
        Some(unquote(value))
    })
}

/// A top-level list of plain scalars, written `key: [a, b]` or as `- a` lines below `key:`.
pub fn front_list(front: &str, key: &str) -> Vec<String> {
    let lines: Vec<&str> = front.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
    else {
        return Vec::new();
    };
    let inline = lines[start][key.len() + 1..].trim();
    if let Some(inner) = inline.strip_prefix('[') {
        let inner = inner.split(']').next().unwrap_or("");
        return inner
            .split(',')
            .map(unquote)
            .filter(|s| !s.is_empty())
            .collect();
    }
    let mut items = Vec::new();
    for line in &lines[start + 1..] {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match trimmed.strip_prefix("- ") {
            Some(item) => items.push(unquote(item)),
            None => break,
        }
    }
    items
}

/// The `.md` files of `content/<kind>/` under `root`, as (slug, text), sorted by slug.
pub fn content_files(root: &Path, kind: &str) -> Vec<(String, String)> {
    let dir = root.join("content").join(kind);
    let mut files: Vec<(String, String)> = files_under(&dir)
        .into_iter()
        .filter(|f| f.ends_with(".md") && !f.rsplit('/').next().unwrap_or("").starts_with('.'))
        .map(|f| {
            let slug = f
                .rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".md")
                .to_string();
            let text = fs::read_to_string(dir.join(&f)).expect("read content file");
            (slug, text)
        })
        .collect();
    files.sort();
    files
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
