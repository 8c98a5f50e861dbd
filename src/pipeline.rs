//! The commands' shared pipeline: load → resolve → render → write.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::article_text::EntityRef;
use crate::config;
use crate::diagnostics::{self, Diagnostic, code};
use crate::links;
use crate::load::{self, Changes, FileStamp, LoadCache};
use crate::render::{self, Page};
use crate::resolve::{self, AnalysisCache, ResolveOptions, Site};
use crate::theme;
use crate::urls;
use crate::write;

/// Command-line choices that apply on top of `site.yaml`.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Links between pages are relative (as `relative_urls: true` in site.yaml does).
    pub relative_urls: bool,
    /// Include drafts and future-dated articles.
    pub drafts: bool,
}

/// What `briefing build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    pub site: SiteOptions,
    /// Remove output files this build no longer produces.
    pub clean: bool,
}

/// What a successful build reports.
#[derive(Debug)]
pub struct BuildSummary {
    pub articles: usize,
    pub actors: usize,
    pub topics: usize,
    /// HTML pages written (static files not counted).
    pub pages: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Built {} articles, {} actors, {} topics: {} pages written to {} in {} ms",
            self.articles,
            self.actors,
            self.topics,
            self.pages,
            self.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Loads and resolves the site, applying command-line overrides. Problems are in the site;
/// only a folder that is no site at all is an `Err`.
pub fn resolve_site(root: &Path, options: &SiteOptions) -> Result<Site, Vec<Diagnostic>> {
    resolve_site_in(&mut Session::default(), root, options)
}

/// What one site's builds keep between them (`serve` keeps one), so a rebuild re-reads
/// only the files that changed and re-analyses only the articles that did.
#[derive(Default)]
pub struct Session {
    files: LoadCache,
    readings: AnalysisCache,
    /// What changed since the last good build (a failed build's changes wait here).
    pending: Changes,
    /// The last good build's pages of each article (see `dependent_pages`).
    dependents: Option<HashMap<String, Vec<String>>>,
    /// The last good build's templates and static files.
    theme_files: Option<Vec<(PathBuf, FileStamp)>>,
}

fn resolve_site_in(
    session: &mut Session,
    root: &Path,
    options: &SiteOptions,
) -> Result<Site, Vec<Diagnostic>> {
    if !root.join("content").is_dir() {
        let problem = Diagnostic::error(
            code::NO_SITE,
            root.join("content"),
            "no content folder: this is not a briefing site",
        )
        .with_hint("pass the site folder with --root, or create content/articles/ in it");
        return Err(vec![problem]);
    }
    let mut corpus = load::load_cached(root, &mut session.files);
    if let Some(url) = &options.base_url {
        match config::normalise_base_url(url) {
            Ok(url) => corpus.config.base_url = url,
            Err(message) => {
                corpus
                    .diagnostics
                    .push(Diagnostic::error(code::BAD_CONFIG, "--base-url", message))
            }
        }
    }
    corpus.config.relative_urls |= options.relative_urls;
    let resolve_options = ResolveOptions {
        include_drafts: options.drafts,
        now: Some(chrono::Utc::now().fixed_offset()),
    };
    Ok(resolve::resolve_cached(
        corpus,
        resolve_options,
        &mut session.readings,
    ))
}

/// Renders the site at `root` into pages, without writing anything. Every check runs,
/// and every problem found comes back, sorted, if any of them is an error.
pub fn render_site(
    root: &Path,
    options: &SiteOptions,
) -> Result<(Site, Vec<Page>), Vec<Diagnostic>> {
    render_site_in(&mut Session::default(), root, options)
}

/// A build made within a [`Session`]: the site and the pages it (re)rendered.
pub struct Rebuilt {
    pub site: Site,
    pub pages: Vec<Page>,
    /// Whether `pages` is the whole site; else only the pages the changes touched.
    pub whole: bool,
    /// Output paths of the previous build that no longer exist (removed articles).
    pub removed: Vec<String>,
    /// How long each stage took, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Pages that show every article's title or date, so any article change re-renders them.
const PAGES_OF_EVERY_ARTICLE: [&str; 7] = [
    "index.html",
    "actors/index.html",
    "topics/index.html",
    "archive/index.html",
    "atom.xml",
    "sitemap.xml",
    "search-index.js",
];

/// Builds within `session`: checks everything, but when only articles changed since its
/// last good build, renders only the pages that show them.
pub fn rebuild_site(
    session: &mut Session,
    root: &Path,
    options: &SiteOptions,
) -> Result<Rebuilt, Vec<Diagnostic>> {
    let mut clock = StageClock::start();
    let mut site = resolve_site_in(session, root, options)?;
    clock.lap("load+resolve");
    session.pending.everything |= session.files.changes.everything;
    session
        .pending
        .files
        .extend(session.files.changes.files.iter().cloned());
    let theme = theme::load(root);
    let static_files: Vec<String> = match &theme {
        Ok(theme) => theme.static_files.keys().cloned().collect(),
        Err(_) => theme::DEFAULT_STATIC
            .iter()
            .map(|f| f.path.to_string())
            .collect(),
    };
    let planned = render::planned_paths(&site, &static_files);
    let link_problems = links::check(&site, &planned);
    site.diagnostics.extend(link_problems);
    clock.lap("links");
    let fail = |mut problems: Vec<Diagnostic>| {
        diagnostics::sort(&mut problems);
        problems
    };
    let theme = match theme {
        Ok(theme) => {
            site.diagnostics.extend(theme.warnings.iter().cloned());
            theme
        }
        Err(problems) => {
            site.diagnostics.extend(problems);
            return Err(fail(site.diagnostics));
        }
    };
    if site.has_errors() {
        return Err(fail(site.diagnostics));
    }
    let theme_files = theme_stamps(root);
    let changed = changed_articles(session, &theme_files);
    let dependents = dependent_pages(&site);
    clock.lap("dependents");
    let (wanted, removed) = match (&changed, &session.dependents) {
        (Some(slugs), Some(before)) => {
            let mut wanted: HashSet<String> = PAGES_OF_EVERY_ARTICLE
                .iter()
                .map(|p| p.to_string())
                .collect();
            let mut removed = Vec::new();
            for slug in slugs {
                wanted.extend(before.get(slug).into_iter().flatten().cloned());
                wanted.extend(dependents.get(slug).into_iter().flatten().cloned());
                if !dependents.contains_key(slug) {
                    let folder = urls::article_path(slug);
                    removed.extend([
                        format!("{folder}index.html"),
                        format!("{folder}annotations.jsonld"),
                    ]);
                }
            }
            wanted.retain(|page| !removed.contains(page));
            (Some(wanted), removed)
        }
        _ => (None, Vec::new()),
    };
    let rendered = match &wanted {
        Some(wanted) => render::render_selected(&site, &theme, &|path| wanted.contains(path)),
        None => render::render(&site, &theme),
    };
    clock.lap("render");
    match rendered {
        Ok(pages) => {
            diagnostics::sort(&mut site.diagnostics);
            session.dependents = Some(dependents);
            session.theme_files = Some(theme_files);
            session.pending = Changes::default();
            Ok(Rebuilt {
                site,
                pages,
                whole: wanted.is_none(),
                removed,
                stages: clock.laps,
            })
        }
        Err(problems) => {
            site.diagnostics.extend(problems);
            Err(fail(site.diagnostics))
        }
    }
}

/// Times the stages of one build.
struct StageClock {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl StageClock {
    fn start() -> Self {
        StageClock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// The slugs of the articles changed since the last good build, or `None` when anything
/// else changed (an actor, a topic, `site.yaml`, a template or a static file).
fn changed_articles(
    session: &Session,
    theme_files: &[(PathBuf, FileStamp)],
) -> Option<Vec<String>> {
    let pending = &session.pending;
    let theme_same = session.theme_files.as_deref() == Some(theme_files);
    if pending.everything || !theme_same || session.dependents.is_none() {
        return None;
    }
    let articles = Path::new("content").join("articles");
    pending
        .files
        .iter()
        .map(|file| {
            file.starts_with(&articles)
                .then(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .flatten()
        })
        .collect()
}

/// When and how big each template and static file of the site is.
fn theme_stamps(root: &Path) -> Vec<(PathBuf, FileStamp)> {
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

/// For each article, the output files that show it: its own, its actors' and topics'
/// pages and feeds, its speakers' ledgers, and the articles that relate or link to it.
fn dependent_pages(site: &Site) -> HashMap<String, Vec<String>> {
    let mut pages: Vec<Vec<String>> = site
        .articles
        .iter()
        .map(|node| {
            let folder = urls::article_path(&node.article.origin.slug);
            let mut own = vec![
                format!("{folder}index.html"),
                format!("{folder}annotations.jsonld"),
            ];
            let actors = node
                .actors
                .iter()
                .chain(node.also_actors.iter().map(|t| &t.index));
            for &actor in actors {
                let folder = urls::actor_path(&site.actors[actor].actor.origin.slug);
                own.extend([format!("{folder}index.html"), format!("{folder}atom.xml")]);
            }
            let topics = node
                .topics
                .iter()
                .chain(node.also_topics.iter().map(|t| &t.index));
            for &topic in topics {
                let folder = urls::topic_path(&site.topics[topic].topic.origin.slug);
                own.extend([format!("{folder}index.html"), format!("{folder}atom.xml")]);
            }
            for quote in &node.article.front.quotes {
                own.push(format!("{}index.html", urls::actor_path(&quote.by.value)));
            }
            own
        })
        .collect();
    for (index, node) in site.articles.iter().enumerate() {
        let page = format!(
            "{}index.html",
            urls::article_path(&node.article.origin.slug)
        );
        let linked = node.text.wikilinks.iter().filter_map(|w| match w.entity {
            EntityRef::Article(other) => Some(other),
            _ => None,
        });
        for other in node.related.iter().copied().chain(linked) {
            if other != index {
                pages[other].push(page.clone());
            }
        }
    }
    site.articles
        .iter()
        .zip(pages)
        .map(|(node, pages)| (node.article.origin.slug.clone(), pages))
        .collect()
}

/// Like [`render_site`], reusing what `session` kept from the previous build.
pub fn render_site_in(
    session: &mut Session,
    root: &Path,
    options: &SiteOptions,
) -> Result<(Site, Vec<Page>), Vec<Diagnostic>> {
    let rebuilt = rebuild_site(session, root, options)?;
    Ok((rebuilt.site, rebuilt.pages))
}

/// Everything `build` checks, without writing: every problem found, sorted by file and line.
pub fn check(root: &Path, options: &SiteOptions) -> Vec<Diagnostic> {
    match render_site(root, options) {
        Ok((site, _)) => site.diagnostics,
        Err(mut problems) => {
            diagnostics::sort(&mut problems);
            problems
        }
    }
}

/// Builds the site into its output folder; the old output survives any failure.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Vec<Diagnostic>> {
    let started = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    write::check_output(&options.root, &output).map_err(|d| vec![d])?;
    let (site, pages) = render_site(&options.root, &options.site)?;
    write::write_site(&output, &pages, options.clean).map_err(|d| vec![d])?;
    Ok(BuildSummary {
        articles: site.articles.len(),
        actors: site.actors.len(),
        topics: site.topics.len(),
        pages: pages.iter().filter(|p| p.path.ends_with(".html")).count(),
        output,
        elapsed: started.elapsed(),
        warnings: site.diagnostics,
    })
}
