//! Stage 1, load: `site.yaml` and every `content/**/*.md` file → a [`Corpus`] of typed,
//! positioned values (front matter parsed, dates read in the site's timezone).
//!
//! In: a site folder. Out: a `Corpus`, with every problem found as a `Diagnostic`
//! (never fatal here). Load reads files and nothing else: no cross-checking between
//! files (that is resolve's), no output.

mod briefing;
pub mod config;
mod content;
mod files;
mod front_matter;
pub mod placeholder;
mod slug;
mod survey;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostics::{Diagnostic, code};
use crate::load::config::{SiteConfig, SiteTimezone};

pub(crate) use briefing::read_briefing;
pub use briefing::{Briefing, BriefingFront};
pub use content::{
    Actor, ActorFront, ActorKind, AliasEntry, Annotation, AnnotationKind, Article, ArticleFront,
    Corpus, Correction, CorrectionEntry, Origin, Quote, Role, RoleEntry, ScopedAlias, Source,
    Topic, TopicFront,
};
pub use files::{MAX_FILE_BYTES, linked, regular_files};
pub(crate) use files::{list_markdown, relative, slugs_differing_by_case};
pub use slug::{MAX_SLUG_CHARS, slug_for};

/// Reads the site at `root`. Problems are collected, never fatal here.
pub fn load(root: &Path) -> Corpus {
    let mut diagnostics = Vec::new();
    let config = load_config(root).unwrap_or_else(|problem| {
        diagnostics.push(problem);
        SiteConfig::default()
    });
    let zone = config.timezone;
    let articles = load_kind(root, "articles", &mut diagnostics, |path| {
        read_article(root, path, &zone)
    });
    let actors = load_kind(root, "actors", &mut diagnostics, |path| {
        read_actor(root, path, &zone)
    });
    let topics = load_kind(root, "topics", &mut diagnostics, |path| {
        read_topic(root, path)
    });
    let briefings = load_kind(root, "briefings", &mut diagnostics, |path| {
        read_briefing(root, path, &zone)
    });
    let named_by_unloaded = named_by_unloaded(root, &articles, &diagnostics);
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

/// The words that could be actor or topic slugs (`[a-z0-9-]+`) in the front matter of
/// articles that failed to load: what they list cannot be read for sure, so anything
/// they might name counts as used.
pub(crate) fn named_by_unloaded(
    root: &Path,
    articles: &[Arc<Article>],
    diagnostics: &[Diagnostic],
) -> BTreeSet<String> {
    let failed = |d: &&Diagnostic| d.is_error() && d.file.starts_with("content/articles");
    if !diagnostics.iter().any(|d| failed(&d)) {
        return BTreeSet::new();
    }
    let loaded: FxHashSet<&Path> = articles.iter().map(|a| a.origin.file.as_path()).collect();
    let unloaded: BTreeSet<&Path> = diagnostics
        .iter()
        .filter(failed)
        .map(|d| d.file.as_path())
        .filter(|file| !loaded.contains(file))
        .collect();
    let mut names = BTreeSet::new();
    for file in unloaded {
        let Ok(text) = files::read_text(root, &root.join(file)) else {
            continue;
        };
        let front = yaml::split_front_matter(&text).map_or(text.as_str(), |parts| parts.yaml);
        let is_slug_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        names.extend(
            front
                .split(|c: char| !is_slug_char(c))
                .filter(|word| !word.is_empty())
                .map(str::to_string),
        );
    }
    names
}

/// Every `content/<folder>/**/*.md`, read in parallel, in file-name order; the listing's
/// and each file's problems go to `diagnostics` in that order.
fn load_kind<T: Send + Sync>(
    root: &Path,
    folder: &str,
    diagnostics: &mut Vec<Diagnostic>,
    read: impl Fn(&Path) -> (Option<T>, Vec<Diagnostic>) + Sync,
) -> Vec<Arc<T>> {
    let (mut paths, listing) = list_markdown(root, &root.join("content").join(folder));
    paths.sort();
    diagnostics.extend(listing);
    diagnostics.extend(slugs_differing_by_case(
        root,
        &paths.iter().collect::<Vec<_>>(),
    ));
    let read: Vec<_> = paths.par_iter().map(|path| read(path)).collect();
    let mut loaded = Vec::with_capacity(read.len());
    for (value, found) in read {
        loaded.extend(value.map(Arc::new));
        diagnostics.extend(found);
    }
    loaded
}

/// `site.yaml` parsed; the defaults when there is none.
pub(crate) fn load_config(root: &Path) -> Result<SiteConfig, Diagnostic> {
    let path = root.join("site.yaml");
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => {}
        // Links are never followed, nor special files read: both are reported, not used.
        Ok(meta) if meta.is_symlink() => return Err(linked(PathBuf::from("site.yaml"))),
        Ok(_) => {
            return Err(Diagnostic::warning(
                code::SKIPPED_FILE,
                "site.yaml",
                "not a regular file, skipped",
            )
            .with_hint("make site.yaml a regular file"));
        }
        Err(_) => return Ok(SiteConfig::default()),
    }
    let text = files::read_text(root, &path)?;
    config::parse_site_file(Path::new("site.yaml"), &text)
}

/// One article file read: the article (when its date reads) and the problems found.
pub(crate) fn read_article(
    root: &Path,
    path: &Path,
    zone: &SiteTimezone,
) -> (Option<Article>, Vec<Diagnostic>) {
    match files::read_entry(root, path) {
        Ok(entry) => front_matter::article(entry, zone),
        Err(problems) => (None, problems),
    }
}

/// One actor file read, with the problems found.
pub(crate) fn read_actor(
    root: &Path,
    path: &Path,
    zone: &SiteTimezone,
) -> (Option<Actor>, Vec<Diagnostic>) {
    match files::read_entry(root, path) {
        Ok(entry) => front_matter::actor(entry, zone),
        Err(problems) => (None, problems),
    }
}

/// One topic file read, with the problems found.
pub(crate) fn read_topic(root: &Path, path: &Path) -> (Option<Topic>, Vec<Diagnostic>) {
    match files::read_entry(root, path) {
        Ok(entry) => front_matter::topic(entry),
        Err(problems) => (None, problems),
    }
}

/// Two files of one kind that give the same slug (in different sub-folders).
pub fn duplicate_slugs<'a>(origins: impl Iterator<Item = &'a Origin>) -> Vec<Diagnostic> {
    let mut first_seen: FxHashMap<&str, &Path> = FxHashMap::default();
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
