//! What `serve` keeps of the files it read: each content file's parsed value with the
//! time and size it was read at, so a rebuild reads only files that changed, and, told
//! the file-system events' paths, does not even walk the content folders.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::config::SiteConfig;
use crate::load::{self, Corpus, list_markdown, relative, slugs_differing_by_case};
use crate::load::{Actor, Article, Briefing, Topic};

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
    briefings: Cached<Briefing>,
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

/// Like [`load::load`], reusing every file whose time and size are unchanged since `cache` saw it.
pub fn load_cached(root: &Path, cache: &mut LoadCache) -> Corpus {
    let mut diagnostics = Vec::new();
    let config = load::load_config(root).unwrap_or_else(|problem| {
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
        |path| load::read_article(root, path, &zone),
    );
    let actors = load_kind(
        root,
        "actors",
        expected,
        &mut diagnostics,
        &mut cache.actors,
        &mut cache.changes.files,
        |path| load::read_actor(root, path, &zone),
    );
    let topics = load_kind(
        root,
        "topics",
        expected,
        &mut diagnostics,
        &mut cache.topics,
        &mut cache.changes.files,
        |path| load::read_topic(root, path),
    );
    let briefings = load_kind(
        root,
        "briefings",
        expected,
        &mut diagnostics,
        &mut cache.briefings,
        &mut cache.changes.files,
        |path| load::read_briefing(root, path, &zone),
    );
    let named_by_unloaded = load::named_by_unloaded(root, &articles, &diagnostics);
    Corpus {
        config,
        articles,
        actors,
        topics,
        briefings,
        diagnostics,
        named_by_unloaded,
    }
}

fn stamp(path: &Path) -> FileStamp {
    fs::metadata(path).map_or((None, 0), |m| (m.modified().ok(), m.len()))
}

/// Like `load::load` for one content folder, reading again only the files whose time or
/// size changed (or, told the changes, only those), keeping file-name order.
fn load_kind<T>(
    root: &Path,
    folder: &str,
    expected: Option<&[PathBuf]>,
    diagnostics: &mut Vec<Diagnostic>,
    cache: &mut Cached<T>,
    changes: &mut Vec<PathBuf>,
    read: impl Fn(&Path) -> (Option<T>, Vec<Diagnostic>) + Sync,
) -> Vec<Arc<T>>
where
    T: Send + Sync,
{
    let dir = root.join("content").join(folder);
    let read = |path: &PathBuf| {
        let (value, found) = read(path);
        (stamp(path), value.map(Arc::new), found)
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
        // A folder moved or deleted is one event: the files it held go with it.
        let held_files = || {
            cache
                .files
                .keys()
                .any(|p| p.starts_with(&file) && *p != file)
        };
        match fs::symlink_metadata(&file) {
            Err(_) if held_files() => return None,
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

/// When and how big each template and static file of the site is.
pub(super) fn theme_stamps(root: &Path) -> Vec<(PathBuf, FileStamp)> {
    let mut stamps = Vec::new();
    for folder in ["templates", "static"] {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let stamp = entry
                .metadata()
                .map_or((None, 0), |m| (m.modified().ok(), m.len()));
            stamps.push((entry.into_path(), stamp));
        }
    }
    stamps
}
