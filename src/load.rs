//! Stage 1: read `site.yaml` and every content file into typed, positioned values.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::config::{self, SiteConfig, SiteTimezone};
use crate::diagnostics::{Diagnostic, code};
use crate::yaml::{self, Spanned};

/// Files larger than this are refused rather than read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Everything read from a site folder, before any cross-checking.
#[derive(Debug)]
pub struct Corpus {
    pub config: SiteConfig,
    /// Shared with the load cache: a file read once is one value however many builds use it.
    pub articles: Vec<Arc<Article>>,
    pub actors: Vec<Arc<Actor>>,
    pub topics: Vec<Arc<Topic>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where an entry came from, for diagnostics and for shifting YAML positions to file lines.
#[derive(Debug, Clone)]
pub struct Origin {
    pub slug: String,
    /// Relative to the site root, e.g. `content/articles/x.md`.
    pub file: PathBuf,
    pub yaml_line: usize,
    pub body_line: usize,
}

impl Origin {
    /// A diagnostic pointing at the place `value` was written in this file's front matter.
    pub fn error_at<T>(
        &self,
        code: &'static str,
        value: &Spanned<T>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = yaml::position(value, self.yaml_line);
        Diagnostic::error(code, &self.file, message)
            .at(line, column)
            .spanning(yaml::length(value))
    }
}

#[derive(Debug, Clone)]
pub struct Article {
    pub origin: Origin,
    pub front: ArticleFront,
    pub date: DateTime<FixedOffset>,
    pub updated: Option<DateTime<FixedOffset>>,
    pub body: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFront {
    pub title: Spanned<String>,
    pub date: Spanned<String>,
    pub updated: Option<Spanned<String>>,
    #[serde(default)]
    pub summary: String,
    pub source: Option<Source>,
    #[serde(default)]
    pub actors: Vec<Spanned<String>>,
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Where an article's text came from.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub publisher: Option<String>,
    pub url: Option<Spanned<String>>,
    pub author: Option<String>,
    pub published: Option<Spanned<String>>,
}

/// A statement attributed to an actor; its text must occur in the body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub by: Spanned<String>,
    pub text: Spanned<String>,
}

/// An analyst's note anchored to a passage of the body (a W3C TextQuoteSelector).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub quote: Spanned<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    #[serde(default)]
    pub kind: AnnotationKind,
    pub verdict: Option<Spanned<String>>,
    pub note: String,
}

#[derive(Debug, Deserialize, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationKind {
    #[default]
    Context,
    Analysis,
    Claim,
    Correction,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub origin: Origin,
    pub front: ActorFront,
    pub roles: Vec<Role>,
    pub profile: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorFront {
    pub name: Spanned<String>,
    pub kind: Option<ActorKind>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub wikidata: Option<Spanned<String>>,
    #[serde(default)]
    pub roles: Vec<RoleEntry>,
    #[serde(default)]
    pub affiliations: Vec<Spanned<String>>,
    #[serde(default)]
    pub links: Vec<Spanned<String>>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(
    Debug, Deserialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    Office,
    Government,
    Organisation,
    Country,
    Group,
}

impl ActorKind {
    /// Every kind, in the order actor lists group them.
    pub const ALL: [ActorKind; 6] = [
        ActorKind::Person,
        ActorKind::Office,
        ActorKind::Government,
        ActorKind::Country,
        ActorKind::Organisation,
        ActorKind::Group,
    ];
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleEntry {
    pub office: Spanned<String>,
    pub from: Option<Spanned<String>>,
    pub to: Option<Spanned<String>>,
}

/// A period in which an actor held an office; open ends are `None`.
#[derive(Debug, Clone)]
pub struct Role {
    pub office: Spanned<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub origin: Origin,
    pub front: TopicFront,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicFront {
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub parent: Option<Spanned<String>>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Reads the site at `root`. Problems are collected, never fatal here.
pub fn load(root: &Path) -> Corpus {
    load_cached(root, &mut LoadCache::default())
}

/// What a file parsed into, and the problems found, as of one modification time and size.
type Cached<T> = Folder<(FileStamp, Option<Arc<T>>, Vec<Diagnostic>)>;

/// One content folder as last read: each file (in walk order) and what listing it found.
struct Folder<V> {
    files: BTreeMap<PathBuf, V>,
    /// Skipped files and unreadable entries, from the last time the folder was walked.
    listing: Vec<Diagnostic>,
    /// File names that differ only by letter case.
    case_problems: Vec<Diagnostic>,
}

impl<V> Default for Folder<V> {
    fn default() -> Self {
        Folder {
            files: BTreeMap::new(),
            listing: Vec::new(),
            case_problems: Vec::new(),
        }
    }
}

/// When and how big a file was when it was read.
pub type FileStamp = (Option<std::time::SystemTime>, u64);

/// Parsed files kept between builds (`serve` keeps one), so only changed files are read again.
#[derive(Default)]
pub struct LoadCache {
    /// `site.yaml` as last read: when it changes, every date may read differently.
    config: Option<FileStamp>,
    articles: Cached<Article>,
    actors: Cached<Actor>,
    topics: Cached<Topic>,
    /// What the last load found changed: files read again, added or gone.
    pub changes: Changes,
    /// Files known to have changed since the last load (see [`LoadCache::expect_changes`]).
    expected: Option<Vec<PathBuf>>,
}

impl LoadCache {
    /// Tells the next load that only these files (relative to the root) may have changed,
    /// as file-system events reported them: it then neither walks the content folders nor
    /// looks at any other file. `None` (the default) walks and checks every file.
    pub fn expect_changes(&mut self, files: Option<Vec<PathBuf>>) {
        self.expected = files;
    }
}

/// The files a load did not take from its cache.
#[derive(Default, Debug, Clone)]
pub struct Changes {
    /// Everything was read afresh (first load, or `site.yaml` changed).
    pub everything: bool,
    /// Content files read again, added or removed, relative to the root.
    pub files: Vec<PathBuf>,
}

/// Like [`load`], reusing every file whose time and size are unchanged since `cache` saw it.
pub fn load_cached(root: &Path, cache: &mut LoadCache) -> Corpus {
    let mut diagnostics = Vec::new();
    let config = load_config(root).unwrap_or_else(|problem| {
        diagnostics.push(problem);
        SiteConfig::default()
    });
    let config_stamp = Some(stamp(&root.join("site.yaml")));
    let everything = cache.config != config_stamp;
    if everything {
        *cache = LoadCache {
            config: config_stamp,
            ..LoadCache::default()
        };
    }
    cache.changes = Changes {
        everything,
        files: Vec::new(),
    };
    let zone = config.timezone;
    let expected = cache.expected.take();
    let expected = expected.as_deref();
    let articles = load_kind(
        root,
        "articles",
        expected,
        &mut diagnostics,
        &mut cache.articles,
        &mut cache.changes.files,
        |entry| article(entry, &zone),
    );
    let actors = load_kind(
        root,
        "actors",
        expected,
        &mut diagnostics,
        &mut cache.actors,
        &mut cache.changes.files,
        |entry| actor(entry, &zone),
    );
    let topics = load_kind(
        root,
        "topics",
        expected,
        &mut diagnostics,
        &mut cache.topics,
        &mut cache.changes.files,
        topic,
    );
    Corpus {
        config,
        articles,
        actors,
        topics,
        diagnostics,
    }
}

fn stamp(path: &Path) -> FileStamp {
    fs::metadata(path).map_or((None, 0), |m| (m.modified().ok(), m.len()))
}

fn load_config(root: &Path) -> Result<SiteConfig, Diagnostic> {
    let path = root.join("site.yaml");
    if !path.exists() {
        return Ok(SiteConfig::default());
    }
    let text = read_text(root, &path)?;
    config::parse_site_file(Path::new("site.yaml"), &text)
}

/// A content file split and its front matter parsed into `F`.
struct Entry<F> {
    origin: Origin,
    front: F,
    body: String,
}

/// Loads every `content/<folder>/**/*.md` in parallel, keeping file-name order.
fn load_kind<F, T>(
    root: &Path,
    folder: &str,
    expected: Option<&[PathBuf]>,
    diagnostics: &mut Vec<Diagnostic>,
    cache: &mut Cached<T>,
    changes: &mut Vec<PathBuf>,
    build: impl Fn(Entry<F>) -> (Option<T>, Vec<Diagnostic>) + Sync,
) -> Vec<Arc<T>>
where
    F: DeserializeOwned + Send,
    T: Send + Sync,
{
    let dir = root.join("content").join(folder);
    let read = |path: &PathBuf| match read_entry(root, path) {
        Ok(entry) => {
            let (value, found) = build(entry);
            (stamp(path), value.map(Arc::new), found)
        }
        Err(problem) => (stamp(path), None, vec![problem]),
    };
    match expected.and_then(|files| known_changes(root, &dir, files, cache)) {
        Some(known) => {
            let fresh: Vec<_> = known
                .par_iter()
                .map(|(path, here)| here.then(|| read(path)))
                .collect();
            let mut added_or_gone = false;
            for ((path, _), fresh) in known.into_iter().zip(fresh) {
                changes.push(relative(root, &path));
                match fresh {
                    Some(entry) => added_or_gone |= cache.files.insert(path, entry).is_none(),
                    None => added_or_gone |= cache.files.remove(&path).is_some(),
                }
            }
            if added_or_gone {
                let paths: Vec<&PathBuf> = cache.files.keys().collect();
                cache.case_problems = slugs_differing_by_case(root, &paths);
            }
        }
        None => {
            let (paths, listing) = list_markdown(root, &dir);
            cache.listing = listing;
            cache.case_problems = slugs_differing_by_case(root, &paths.iter().collect::<Vec<_>>());
            // Only files whose time or size changed are read again (`None`: the cached one stands).
            let fresh: Vec<_> = paths
                .par_iter()
                .map(|path| match cache.files.get(path) {
                    Some((seen, _, _)) if seen.0.is_some() && *seen == stamp(path) => None,
                    _ => Some(read(path)),
                })
                .collect();
            let listed: HashSet<&PathBuf> = paths.iter().collect();
            let gone: Vec<PathBuf> = cache
                .files
                .keys()
                .filter(|p| !listed.contains(p))
                .cloned()
                .collect();
            for path in gone {
                changes.push(relative(root, &path));
                cache.files.remove(&path);
            }
            for (path, fresh) in paths.iter().zip(fresh) {
                if let Some(entry) = fresh {
                    changes.push(relative(root, path));
                    cache.files.insert(path.clone(), entry);
                }
            }
        }
    }
    diagnostics.extend(cache.listing.iter().cloned());
    diagnostics.extend(cache.case_problems.iter().cloned());
    let mut loaded = Vec::with_capacity(cache.files.len());
    for (_, value, found) in cache.files.values() {
        loaded.extend(value.iter().cloned());
        diagnostics.extend(found.iter().cloned());
    }
    loaded
}

/// The Markdown files of `dir` that changed, each with whether it is still there, when
/// `expected` (relative to the root) names all the changes: then the folder need not be
/// walked. `None` when a change is more than a Markdown file written or deleted (a
/// folder, a link, another kind of file), or the folder was never walked.
fn known_changes<V>(
    root: &Path,
    dir: &Path,
    expected: &[PathBuf],
    cache: &Folder<V>,
) -> Option<Vec<(PathBuf, bool)>> {
    if cache.files.is_empty() {
        return None;
    }
    let mut changed: BTreeMap<PathBuf, bool> = BTreeMap::new();
    for file in expected.iter().map(|f| root.join(f)) {
        let Ok(inside) = file.strip_prefix(dir) else {
            continue;
        };
        let is_hidden = |part: &std::ffi::OsStr| part.to_string_lossy().starts_with('.');
        let hidden = inside.file_name().is_some_and(is_hidden);
        // Walking does not skip hidden folders' files: only a walk tells what they hold.
        if inside.parent().is_some_and(|p| p.iter().any(is_hidden)) {
            return None;
        }
        let markdown = file.extension().is_some_and(|e| e == "md");
        match fs::symlink_metadata(&file) {
            Ok(meta) if meta.is_file() && markdown && !hidden => {
                changed.insert(file, true);
            }
            Ok(_) if hidden => {}
            Ok(_) => return None,
            Err(_) if markdown && !hidden => {
                changed.insert(file, false);
            }
            // A deleted temporary file; a deleted file that was warned about needs a walk.
            Err(_) if cache.listing.is_empty() || hidden => {}
            Err(_) => return None,
        }
    }
    Some(changed.into_iter().collect())
}

/// Markdown files under `dir`, sorted; other files and symlinks are reported.
fn list_markdown(root: &Path, dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (paths, problems);
    }
    for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let file = error.path().map(|p| relative(root, p)).unwrap_or_default();
                problems.push(Diagnostic::error(
                    code::IO,
                    file,
                    format!("cannot read: {error}"),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || entry.file_type().is_dir() {
            continue;
        }
        let file = relative(root, entry.path());
        if entry.path_is_symlink() {
            problems.push(
                Diagnostic::warning(code::SKIPPED_FILE, file, "symbolic link skipped")
                    .with_hint("content files are never read through links; copy the file instead"),
            );
        } else if name.ends_with(".md") {
            paths.push(entry.into_path());
        } else {
            problems.push(
                Diagnostic::warning(code::SKIPPED_FILE, file, "not a Markdown file, skipped")
                    .with_hint("content files end in `.md`"),
            );
        }
    }
    (paths, problems)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads a file as UTF-8, refusing oversized files and naming the first bad byte.
fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let file = relative(root, path);
    let size = fs::metadata(path)
        .map_err(|e| Diagnostic::error(code::IO, &file, format!("cannot read: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            code::FILE_TOO_LARGE,
            &file,
            format!("file is {size} bytes, over the 10 MiB limit"),
        )
        .with_hint("split it into smaller files"));
    }
    let bytes = fs::read(path)
        .map_err(|e| Diagnostic::error(code::IO, &file, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Diagnostic::error(
            code::INVALID_UTF8,
            &file,
            format!("invalid UTF-8 at byte offset {offset}"),
        )
        .at_line(line)
        .with_hint("save the file as UTF-8")
    })
}

fn read_entry<F: DeserializeOwned>(root: &Path, path: &Path) -> Result<Entry<F>, Diagnostic> {
    let file = relative(root, path);
    let slug = slug_of(&file)?;
    let text = read_text(root, path)?;
    let parts = yaml::split_front_matter(&text).ok_or_else(|| {
        Diagnostic::error(code::MISSING_FRONT_MATTER, &file, "missing front matter")
            .at_line(1)
            .with_hint("start the file with a `---` line, YAML fields, and another `---` line")
    })?;
    let front = yaml::parse(&file, parts.yaml, parts.yaml_line)?;
    Ok(Entry {
        origin: Origin {
            slug,
            file,
            yaml_line: parts.yaml_line,
            body_line: parts.body_line,
        },
        front,
        body: parts.body.to_string(),
    })
}

/// The slug is the file name without `.md`, limited to `[a-z0-9-]`.
fn slug_of(file: &Path) -> Result<String, Diagnostic> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let valid = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        return Ok(stem);
    }
    Err(Diagnostic::error(
        code::BAD_SLUG,
        file,
        format!("`{stem}` is not a valid slug: use only a-z, 0-9 and -"),
    )
    .with_hint(format!("rename the file to `{}.md`", suggest_slug(&stem))))
}

/// Lower-case ASCII words joined by `-`, for suggestions.
pub fn suggest_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

fn date_at(
    origin: &Origin,
    value: &Spanned<String>,
    zone: &SiteTimezone,
) -> Result<DateTime<FixedOffset>, Diagnostic> {
    zone.parse_date(&value.value).map_err(|message| {
        origin.error_at(code::BAD_DATE, value, message).with_hint(
            "write an RFC 3339 timestamp (2025-02-27T07:00:00Z) or a bare date (2025-02-27)",
        )
    })
}

/// An article, kept whenever its date reads, so later checks still see it.
fn article(entry: Entry<ArticleFront>, zone: &SiteTimezone) -> (Option<Article>, Vec<Diagnostic>) {
    let Entry {
        origin,
        front,
        body,
    } = entry;
    let mut problems = Vec::new();
    let date = date_at(&origin, &front.date, zone)
        .map_err(|d| problems.push(d))
        .ok();
    let updated = front
        .updated
        .as_ref()
        .and_then(|u| date_at(&origin, u, zone).map_err(|d| problems.push(d)).ok());
    if let Some(published) = front.source.as_ref().and_then(|s| s.published.as_ref())
        && let Err(problem) = date_at(&origin, published, zone)
    {
        problems.push(problem);
    }
    if let Some(url) = front.source.as_ref().and_then(|s| s.url.as_ref()) {
        let scheme = url
            .value
            .split_once(':')
            .map(|(s, _)| s.to_ascii_lowercase());
        if !matches!(scheme.as_deref(), Some("http" | "https")) {
            problems.push(
                origin
                    .error_at(
                        code::BAD_SOURCE_URL,
                        url,
                        format!("source url `{}` is not an http(s) address", url.value),
                    )
                    .with_hint("give the full address, starting with https://"),
            );
        }
    }
    if body.trim().is_empty() {
        problems.push(empty_body(&origin));
    }
    let article = date.map(|date| Article {
        origin,
        front,
        date,
        updated,
        body,
    });
    (article, problems)
}

fn actor(entry: Entry<ActorFront>, zone: &SiteTimezone) -> (Option<Actor>, Vec<Diagnostic>) {
    let Entry {
        origin,
        front,
        body,
    } = entry;
    let mut problems = Vec::new();
    let mut day = |value: &Option<Spanned<String>>| {
        value.as_ref().and_then(|v| {
            date_at(&origin, v, zone)
                .map(|d| d.date_naive())
                .map_err(|d| problems.push(d))
                .ok()
        })
    };
    let roles = front
        .roles
        .iter()
        .map(|role| Role {
            office: role.office.clone(),
            from: day(&role.from),
            to: day(&role.to),
        })
        .collect();
    let actor = Actor {
        origin,
        front,
        roles,
        profile: body,
    };
    (Some(actor), problems)
}

fn topic(entry: Entry<TopicFront>) -> (Option<Topic>, Vec<Diagnostic>) {
    let topic = Topic {
        origin: entry.origin,
        front: entry.front,
        description: entry.body,
    };
    (Some(topic), Vec::new())
}

fn empty_body(origin: &Origin) -> Diagnostic {
    Diagnostic::error(
        code::EMPTY_BODY,
        &origin.file,
        "the body after the front matter is empty",
    )
    .at_line(origin.body_line)
    .with_hint("write the text below the closing `---` line")
}

/// File names of one kind that are equal but for letter case (`Nato.md`, `nato.md`).
fn slugs_differing_by_case(root: &Path, paths: &[&PathBuf]) -> Vec<Diagnostic> {
    let mut seen: HashMap<String, &Path> = HashMap::new();
    let mut problems = Vec::new();
    for path in paths {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let exact = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(first) = seen.insert(stem.clone(), path)
            && first
                .file_stem()
                .is_some_and(|f| f.to_string_lossy() != exact)
        {
            problems.push(
                Diagnostic::error(
                    code::DUPLICATE_SLUG,
                    relative(root, path),
                    format!(
                        "slug `{stem}` is also used by {}, but for letter case",
                        relative(root, first).display()
                    ),
                )
                .with_hint("slugs are lower case: keep one of the two files"),
            );
        }
    }
    problems
}

/// Two files of one kind that give the same slug (in different sub-folders).
pub fn duplicate_slugs<'a>(origins: impl Iterator<Item = &'a Origin>) -> Vec<Diagnostic> {
    let mut first_seen: HashMap<&str, &Path> = HashMap::new();
    let mut problems = Vec::new();
    for origin in origins {
        if let Some(first) = first_seen.insert(&origin.slug, &origin.file) {
            problems.push(
                Diagnostic::error(
                    code::DUPLICATE_SLUG,
                    &origin.file,
                    format!("slug `{}` is already used", origin.slug),
                )
                .with_hint(format!(
                    "`{}` has the same file name; rename one",
                    first.display()
                )),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_file_names() {
        assert_eq!(
            slug_of(Path::new("content/actors/keir-starmer.md")).unwrap(),
            "keir-starmer"
        );
        let error = slug_of(Path::new("content/actors/Keir Starmer.md")).unwrap_err();
        assert_eq!(
            error.hint.as_deref(),
            Some("rename the file to `keir-starmer.md`")
        );
    }

    #[test]
    fn suggests_ascii_slugs() {
        assert_eq!(suggest_slug("  Hello, World! "), "hello-world");
    }
}
