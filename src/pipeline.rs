//! The commands' shared pipeline: load → resolve → render → write.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::article_text::EntityRef;
use crate::config;
use crate::diagnostics::{self, Diagnostic, code};
use crate::feeds::FEED_ENTRIES;
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
    /// The last good build's site, to tell which pages showed a changed article.
    previous: Option<Arc<Site>>,
    /// The last good build's templates and static files.
    theme_files: Option<Vec<(PathBuf, FileStamp)>>,
    rendering: render::RenderCache,
    /// Articles read again since the last good build (a failed build's wait here).
    reread: Vec<String>,
    /// Every file the last good build wrote.
    planned: Vec<String>,
}

impl Session {
    /// Tells the next build which files (relative to the root) changed, as file-system
    /// events reported them, so it looks at no other; `None` makes it check every file.
    pub fn expect_changes(&mut self, files: Option<Vec<PathBuf>>) {
        self.files.expect_changes(files);
    }
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
) -> Result<(Arc<Site>, Vec<Page>), Vec<Diagnostic>> {
    render_site_in(&mut Session::default(), root, options)
}

/// A build made within a [`Session`]: the site and the pages it (re)rendered.
pub struct Rebuilt {
    pub site: Arc<Site>,
    pub pages: Vec<Page>,
    /// Whether `pages` is the whole site; else only the pages the changes touched.
    pub whole: bool,
    /// Output paths of the previous build that no longer exist (removed articles).
    pub removed: Vec<String>,
    /// How long each stage took, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Pages re-rendered after any article change: they are cheap, and show counts or the
/// newest articles.
const PAGES_OF_ANY_CHANGE: [&str; 5] = [
    "index.html",
    "actors/index.html",
    "topics/index.html",
    "archive/index.html",
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
    let reread = std::mem::take(&mut session.readings.redone);
    session.reread.extend(reread);
    session.reread.sort_unstable();
    session.reread.dedup();
    clock.lap("load and resolve");
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
    clock.lap("link check");
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
    let (wanted, removed) = match (&changed, &session.previous) {
        (Some(slugs), Some(before)) => {
            let mut wanted: HashSet<String> =
                PAGES_OF_ANY_CHANGE.iter().map(|p| p.to_string()).collect();
            let mut moved_any = false;
            for slug in slugs {
                let old = before.article_index(slug);
                let new = site.article_index(slug);
                let moved = !same_place(before, old, &site, new);
                let listed = !moved && same_listing(before, old, &site, new);
                for (site, index) in [(before.as_ref(), old), (&site, new)] {
                    if let Some(index) = index {
                        wanted.extend(pages_showing(site, index, moved));
                        if !listed {
                            wanted.extend(pages_listing(site, index));
                        }
                    }
                }
                if moved {
                    // Lists and counts change; a month may appear or go, changing its
                    // neighbours' links.
                    wanted.insert("sitemap.xml".to_string());
                    wanted.extend(old.map(|i| months_beside(before, i)).unwrap_or_default());
                    wanted.extend(new.map(|i| months_beside(&site, i)).unwrap_or_default());
                    moved_any = true;
                }
            }
            // Only an article that moved can take pages away (its own, a month, a page of
            // a long actor or topic list).
            let removed: Vec<String> = if moved_any {
                let now: HashSet<&str> = planned.iter().map(String::as_str).collect();
                session
                    .planned
                    .iter()
                    .filter(|path| !now.contains(path.as_str()))
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            wanted.retain(|page| !removed.contains(page));
            (Some(wanted), removed)
        }
        _ => (None, Vec::new()),
    };
    clock.lap("choosing pages");
    // The articles whose pages may differ from the last build: changed, or read again.
    let redone: Option<Vec<&str>> = changed.as_ref().map(|slugs| {
        let mut redone: Vec<&str> = slugs.iter().map(String::as_str).collect();
        redone.extend(session.reread.iter().map(String::as_str));
        redone
    });
    let rendered = render::render_selected(
        &site,
        &theme,
        &|path| wanted.as_ref().is_none_or(|w| w.contains(path)),
        &mut session.rendering,
        redone.as_deref().filter(|_| wanted.is_some()),
    );
    clock.lap("render");
    match rendered {
        Ok(pages) => {
            diagnostics::sort(&mut site.diagnostics);
            let site = Arc::new(site);
            // Freeing the last site's many small parts need not hold up this build.
            if let Some(last) = session.previous.replace(Arc::clone(&site)) {
                std::thread::spawn(move || drop(last));
            }
            session.planned = planned;
            session.theme_files = Some(theme_files);
            session.pending = Changes::default();
            session.reread.clear();
            Ok(Rebuilt {
                site,
                pages,
                whole: wanted.is_none(),
                removed,
                stages: clock.laps,
            })
        }
        Err(problems) => {
            // What was kept for rendering may now be ahead of the last good build.
            session.rendering = render::RenderCache::default();
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
    if pending.everything || !theme_same || session.previous.is_none() {
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

/// The output files that show the article at `index`: its own, the pages of its actors
/// and topics (and speakers) that list it, or all their pages when it `moved`, their
/// feeds when it is among the newest there, its archive month, and the site feed when it
/// is among the newest.
fn pages_showing(site: &Site, index: usize, moved: bool) -> Vec<String> {
    let node = &site.articles[index];
    let folder = urls::article_path(&node.article.origin.slug);
    let mut pages = vec![
        format!("{folder}index.html"),
        format!("{folder}annotations.jsonld"),
        format!("{}index.html", urls::archive_month_path(&node.article.date)),
    ];
    if index < FEED_ENTRIES {
        pages.push("atom.xml".to_string());
    }
    let speakers = node
        .article
        .front
        .quotes
        .iter()
        .filter_map(|q| site.actor_index(&q.by.value));
    let actors: BTreeSet<usize> = node
        .actors
        .iter()
        .copied()
        .chain(node.also_actors.iter().map(|t| t.index))
        .chain(speakers)
        .collect();
    for actor in actors {
        let entity = &site.actors[actor];
        let folder = urls::actor_path(&entity.actor.origin.slug);
        let statements = entity.statements.iter().map(|s| s.article);
        let lists = [
            position_in(entity.articles.iter().copied(), index),
            position_in(entity.backlinks.iter().map(|b| b.article), index),
            position_in(statements, index),
        ];
        let count = render::entity_pages(&render::actor_lists(entity));
        pages.extend(entity_pages_showing(&folder, &lists, count, moved));
        if render::in_feed(&entity.articles, &entity.backlinks, index) {
            pages.push(format!("{folder}atom.xml"));
        }
    }
    let topics: BTreeSet<usize> = node
        .topics
        .iter()
        .copied()
        .chain(node.also_topics.iter().map(|t| t.index))
        .collect();
    for topic in topics {
        let entity = &site.topics[topic];
        let folder = urls::topic_path(&entity.topic.origin.slug);
        let lists = [
            position_in(entity.articles.iter().copied(), index),
            position_in(entity.backlinks.iter().map(|b| b.article), index),
        ];
        let count = render::entity_pages(&render::topic_lists(entity));
        pages.extend(entity_pages_showing(&folder, &lists, count, moved));
        if render::in_feed(&entity.articles, &entity.backlinks, index) {
            pages.push(format!("{folder}atom.xml"));
        }
    }
    pages
}

/// The pages of the articles that relate or link to the article at `index`: they show
/// its title (and more), not its text.
fn pages_listing(site: &Site, index: usize) -> Vec<String> {
    let mut pages = Vec::new();
    for (other, node) in site.articles.iter().enumerate() {
        let links_here = node.text.wikilinks.iter().any(|w| match w.entity {
            EntityRef::Article(target) => target == index,
            _ => false,
        });
        if other != index && (node.related.contains(&index) || links_here) {
            let folder = urls::article_path(&node.article.origin.slug);
            pages.push(format!("{folder}index.html"));
        }
    }
    pages
}

/// Whether an article that kept its place also shows the same in lists of articles:
/// its title and summary (its dates, actors and topics are part of its place).
fn same_listing(before: &Site, old: Option<usize>, after: &Site, new: Option<usize>) -> bool {
    let (Some(old), Some(new)) = (old, new) else {
        return false;
    };
    let (a, b) = (&before.articles[old].article, &after.articles[new].article);
    a.front.title.value == b.front.title.value && a.front.summary == b.front.summary
}

/// Where the article at `index` first is in a list of article indexes, newest first.
fn position_in(list: impl Iterator<Item = usize>, index: usize) -> Option<usize> {
    list.take_while(|&article| article <= index)
        .position(|article| article == index)
}

/// The pages of an actor or topic in `folder` (of `count`) that show an article found at
/// these list positions; every page when the article moved, as the lists shift.
fn entity_pages_showing(
    folder: &str,
    positions: &[Option<usize>],
    count: usize,
    moved: bool,
) -> Vec<String> {
    let numbers: BTreeSet<usize> = if moved {
        (1..=count).collect()
    } else {
        positions
            .iter()
            .flatten()
            .map(|&p| render::entity_page_of(p))
            .collect()
    };
    numbers
        .into_iter()
        .map(|page| format!("{}index.html", urls::numbered_page(folder, page)))
        .collect()
}

/// The archive pages of the months just newer and just older than the article's.
fn months_beside(site: &Site, index: usize) -> Vec<String> {
    let month_of = |i: usize| urls::archive_month_path(&site.articles[i].article.date);
    let own = month_of(index);
    let newer = (0..index).rev().map(month_of).find(|m| *m != own);
    let older = (index + 1..site.articles.len())
        .map(month_of)
        .find(|m| *m != own);
    newer
        .into_iter()
        .chain(older)
        .map(|month| format!("{month}index.html"))
        .collect()
}

/// Whether an article keeps its place in the lists every page draws on (its position,
/// dates, actors, topics and statements), so only pages showing it need rendering again.
fn same_place(before: &Site, old: Option<usize>, after: &Site, new: Option<usize>) -> bool {
    let (Some(old), Some(new)) = (old, new) else {
        return false;
    };
    let (a, b) = (&before.articles[old], &after.articles[new]);
    let indexes = |tallies: &[resolve::Tally]| tallies.iter().map(|t| t.index).collect::<Vec<_>>();
    // Who each quote is by, where anchored: the statements ledgers list these.
    let statements = |node: &resolve::ArticleNode| {
        let quotes = node.article.front.quotes.iter().zip(&node.text.quotes);
        quotes
            .filter(|(_, anchored)| anchored.is_some())
            .map(|(quote, _)| quote.by.value.clone())
            .collect::<Vec<_>>()
    };
    old == new
        && before.articles.len() == after.articles.len()
        && a.article.date == b.article.date
        && a.article.updated == b.article.updated
        && a.actors == b.actors
        && a.topics == b.topics
        && indexes(&a.also_actors) == indexes(&b.also_actors)
        && indexes(&a.also_topics) == indexes(&b.also_topics)
        && statements(a) == statements(b)
}

/// Like [`render_site`], reusing what `session` kept from the previous build.
pub fn render_site_in(
    session: &mut Session,
    root: &Path,
    options: &SiteOptions,
) -> Result<(Arc<Site>, Vec<Page>), Vec<Diagnostic>> {
    let rebuilt = rebuild_site(session, root, options)?;
    Ok((rebuilt.site, rebuilt.pages))
}

/// Everything `build` checks, without writing: every problem found, sorted by file and line.
pub fn check(root: &Path, options: &SiteOptions) -> Vec<Diagnostic> {
    match render_site(root, options) {
        Ok((site, _)) => site.diagnostics.clone(),
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
        warnings: site.diagnostics.clone(),
    })
}
