//! The commands' shared pipeline: load → resolve → render → write.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config;
use crate::diagnostics::{self, Diagnostic, code};
use crate::links;
use crate::load::{self, Changes, FileStamp, LoadCache};
use crate::render::theme;
use crate::render::{self, FEED_ENTRIES, Page};
use crate::resolve::{self, AnalysisCache, ResolveOptions, Site};
use crate::search::SearchIndex;
use crate::urls;
use crate::write;

/// Command-line choices that apply on top of `site.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// What one site's builds keep between them (`serve` keeps one), so a rebuild reads only
/// the files that changed, analyses only the articles that did, patches the last site in
/// place when it can, and renders only the pages that show what changed.
#[derive(Default)]
pub struct Session {
    files: LoadCache,
    readings: AnalysisCache,
    /// What changed since the last good build (a failed build's changes wait here).
    pending: Changes,
    /// The last good build's site: the next build patches it, or compares against it.
    previous: Option<Arc<Site>>,
    /// The last good build's templates and static files.
    theme_files: Option<Vec<(PathBuf, FileStamp)>>,
    /// The search index of the last build, to patch.
    search: Option<SearchIndex>,
    /// Articles' bodies as feeds carry them, made by earlier builds.
    feed_bodies: render::FeedBodies,
    /// Articles read again since the last good build (a failed build's wait here).
    reread: Vec<String>,
    /// Every file the last good build wrote.
    planned: HashSet<String>,
    /// The last good build's link problems, by article.
    link_problems: LinkProblems,
    /// The options of the last good build.
    options: Option<SiteOptions>,
}

/// Problems with links in bodies, kept so a rebuild checks only the changed articles'.
#[derive(Default)]
struct LinkProblems {
    /// Made against the last good build's pages (a failed build leaves them in doubt).
    valid: bool,
    profiles: Vec<Diagnostic>,
    /// Only articles with problems.
    articles: HashMap<String, Vec<Diagnostic>>,
}

impl Session {
    /// Tells the next build which files (relative to the root) changed, as file-system
    /// events reported them, so it looks at no other; `None` makes it check every file.
    pub fn expect_changes(&mut self, files: Option<Vec<PathBuf>>) {
        self.files.expect_changes(files);
    }
}

/// How to resolve under these options: drafts or not, and future articles as of now.
fn resolve_options(options: &SiteOptions) -> ResolveOptions {
    ResolveOptions {
        include_drafts: options.drafts,
        now: Some(chrono::Utc::now().fixed_offset()),
    }
}

/// Reads the site's files (those changed since the session's last load), with the
/// command line's overrides applied.
fn load_site(
    session: &mut Session,
    root: &Path,
    options: &SiteOptions,
) -> Result<load::Corpus, Vec<Diagnostic>> {
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
    Ok(corpus)
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
    /// The changed articles were put into the last site in place (none moved), rather
    /// than the site resolved whole.
    pub patched: bool,
    /// How long each stage took, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Pages that count articles: rendered again when an article comes, goes or moves.
const PAGES_COUNTING_ARTICLES: [&str; 5] = [
    "index.html",
    "actors/index.html",
    "topics/index.html",
    "archive/index.html",
    "sitemap.xml",
];

/// One article changed since the last good build, as the page choice sees it.
struct ArticleChange {
    /// Where it was in the last site's articles, and where it is now.
    old: Option<usize>,
    new: Option<usize>,
    /// It came, went, or changed its place in lists (see [`same_place`]).
    moved: bool,
    /// What lists show of it (title, summary) changed, or it moved.
    relisted: bool,
    /// It lists and mentions the same entities (and speakers) as before.
    same_entities: bool,
}

/// Builds within `session`: checks everything, but when only articles changed since its
/// last good build, renders only the pages that show them.
pub fn rebuild_site(
    session: &mut Session,
    root: &Path,
    options: &SiteOptions,
) -> Result<Rebuilt, Vec<Diagnostic>> {
    let mut clock = StageClock::start();
    let corpus = load_site(session, root, options)?;
    session.pending.everything |= session.files.changes.everything;
    session
        .pending
        .files
        .extend(session.files.changes.files.iter().cloned());
    let theme_files = theme_stamps(root);
    let changed = changed_articles(session, &theme_files, options);
    let (mut site, patched) = resolve_or_patch(session, corpus, changed.as_deref(), options);
    let reread = std::mem::take(&mut session.readings.redone);
    session.reread.extend(reread);
    session.reread.sort_unstable();
    session.reread.dedup();
    clock.lap("load and resolve");
    let theme = theme::load(root);
    let planned = match &patched {
        // Nothing moved: the same files as last time.
        Some(_) => std::mem::take(&mut session.planned),
        None => {
            let static_files: Vec<String> = match &theme {
                Ok(theme) => theme.static_files.keys().cloned().collect(),
                Err(_) => theme::DEFAULT_STATIC
                    .iter()
                    .map(|f| f.path.to_string())
                    .collect(),
            };
            render::planned_paths(&site, &static_files)
                .into_iter()
                .collect()
        }
    };
    // With the same pages as last time, only the changed articles' links can break.
    let recheck: Option<Vec<usize>> = match (&patched, &changed) {
        (Some(patched), _) => Some(patched.iter().map(|p| p.index).collect()),
        (None, Some(slugs)) if session.previous.is_some() && planned == session.planned => {
            let slugs = slugs.iter().chain(&session.reread);
            Some(slugs.filter_map(|slug| site.article_index(slug)).collect())
        }
        _ => None,
    };
    let link_problems = check_links(session, &site, &planned, recheck.as_deref());
    site.diagnostics.extend(link_problems);
    clock.lap("link check");
    let fail = |session: &mut Session, mut problems: Vec<Diagnostic>| {
        session.link_problems.valid = false;
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
            return Err(fail(session, site.diagnostics));
        }
    };
    if site.has_errors() {
        return Err(fail(session, site.diagnostics));
    }
    let changes: Option<Vec<ArticleChange>> = match (&patched, &changed, &session.previous) {
        (Some(patched), _, _) => Some(
            patched
                .iter()
                .map(|p| ArticleChange {
                    old: Some(p.index),
                    new: Some(p.index),
                    moved: false,
                    relisted: p.relisted,
                    same_entities: true,
                })
                .collect(),
        ),
        (None, Some(slugs), Some(before)) => Some(
            slugs
                .iter()
                .map(|slug| {
                    let old = before.article_index(slug);
                    let new = site.article_index(slug);
                    let moved = !same_place(before, old, &site, new);
                    let same_entities = match (old, new) {
                        (Some(old), Some(new)) => {
                            resolve::same_entities(&before.articles[old], &site.articles[new])
                        }
                        _ => false,
                    };
                    ArticleChange {
                        old,
                        new,
                        moved,
                        relisted: moved || !same_listing(before, old, &site, new),
                        same_entities,
                    }
                })
                .collect(),
        ),
        _ => None,
    };
    // A patched site is the last one, changed in place.
    let before = session.previous.as_deref().unwrap_or(&site);
    let (wanted, removed) = match &changes {
        Some(changes) => {
            let mut wanted = pages_to_render(before, &site, changes);
            // Only an article that moved can take pages away (its own, a month, a page of
            // a long actor or topic list).
            let removed: Vec<String> = if changes.iter().any(|c| c.moved) {
                let before: &HashSet<String> = &session.planned;
                before.difference(&planned).cloned().collect()
            } else {
                Vec::new()
            };
            wanted.retain(|page| !removed.contains(page));
            (Some(wanted), removed)
        }
        None => (None, Vec::new()),
    };
    clock.lap("choosing pages");
    // The articles whose pages may differ from the last build: changed, or read again.
    let redone: Option<Vec<&str>> = changed.as_ref().map(|slugs| {
        let mut redone: Vec<&str> = slugs.iter().map(String::as_str).collect();
        redone.extend(session.reread.iter().map(String::as_str));
        redone
    });
    let redone = redone.as_deref().filter(|_| wanted.is_some());
    // Without the list of what may differ, nothing kept for rendering can be trusted.
    if redone.is_none() {
        session.search = None;
        session.feed_bodies = render::FeedBodies::default();
    }
    let search = match (session.search.as_mut(), redone) {
        (Some(index), Some(redone)) => {
            index.update(&site, redone);
            index
        }
        _ => session.search.insert(SearchIndex::new(&site)),
    };
    let rendered = render::render_selected(
        &site,
        &theme,
        &|path| wanted.as_ref().is_none_or(|w| w.contains(path)),
        search.script(),
        &session.feed_bodies,
    );
    clock.lap("render");
    match rendered {
        Ok((pages, made)) => {
            session.feed_bodies.keep(made);
            diagnostics::sort(&mut site.diagnostics);
            let site = Arc::new(site);
            // Freeing the last site's many small parts need not hold up this build.
            if let Some(last) = session.previous.replace(Arc::clone(&site)) {
                std::thread::spawn(move || drop(last));
            }
            session.planned = planned;
            session.theme_files = Some(theme_files);
            session.options = Some(options.clone());
            session.pending = Changes::default();
            session.reread.clear();
            Ok(Rebuilt {
                site,
                pages,
                whole: wanted.is_none(),
                removed,
                patched: patched.is_some(),
                stages: clock.laps,
            })
        }
        Err(problems) => {
            // What was kept for rendering may now be ahead of the last good build.
            session.search = None;
            session.feed_bodies = render::FeedBodies::default();
            site.diagnostics.extend(problems);
            Err(fail(session, site.diagnostics))
        }
    }
}

/// The site as it is now: the last one with the changed articles put in place, when only
/// articles changed and none moved (see [`resolve::patch`]), else resolved whole.
fn resolve_or_patch(
    session: &mut Session,
    corpus: load::Corpus,
    changed: Option<&[String]>,
    options: &SiteOptions,
) -> (Site, Option<Vec<resolve::Patched>>) {
    let resolve_options = resolve_options(options);
    if let (Some(changed), Some(previous)) = (changed, session.previous.take()) {
        // Only the session holds the last site (a caller may keep its own copy).
        match Arc::try_unwrap(previous) {
            Ok(mut site) => {
                let patched = resolve::patch(
                    &mut site,
                    &corpus,
                    changed,
                    resolve_options,
                    &mut session.readings,
                );
                match patched {
                    Some(patched) => return (site, Some(patched)),
                    None => session.previous = Some(Arc::new(site)),
                }
            }
            Err(shared) => session.previous = Some(shared),
        }
    }
    let site = resolve::resolve_cached(corpus, resolve_options, &mut session.readings);
    (site, None)
}

/// The body links' problems: every article's checked afresh, or, when the site has the
/// same pages as before and only the articles at `recheck` changed, theirs with the rest
/// as before.
fn check_links(
    session: &mut Session,
    site: &Site,
    planned: &HashSet<String>,
    recheck: Option<&[usize]>,
) -> Vec<Diagnostic> {
    let kept = &mut session.link_problems;
    match recheck.filter(|_| kept.valid) {
        Some(articles) => {
            for &index in articles {
                let node = &site.articles[index];
                let found = links::check_article(node, planned);
                kept.articles
                    .insert(node.article.origin.slug.clone(), found);
            }
        }
        None => {
            kept.valid = true;
            kept.profiles = links::check_profiles(site, planned);
            kept.articles = site
                .articles
                .iter()
                .map(|node| {
                    let slug = node.article.origin.slug.clone();
                    (slug, links::check_article(node, planned))
                })
                .filter(|(_, found)| !found.is_empty())
                .collect();
        }
    }
    kept.articles.retain(|_, found| !found.is_empty());
    let mut problems = kept.profiles.clone();
    problems.extend(kept.articles.values().flatten().cloned());
    problems
}

/// The pages that show what `changes` changed, drawn from the site before (for where
/// articles were) and after.
fn pages_to_render(before: &Site, after: &Site, changes: &[ArticleChange]) -> HashSet<String> {
    let mut wanted: HashSet<String> = HashSet::from(["search-index.js".to_string()]);
    for change in changes {
        // Moved only in time: the actor and topic pages between its old and new places.
        let shifted = match (change.moved, change.old, change.new) {
            (true, Some(old), Some(new)) if change.same_entities => {
                wanted.extend(pages_between(before, old, after, new));
                true
            }
            _ => false,
        };
        for (site, index) in [(before, change.old), (after, change.new)] {
            let Some(index) = index else { continue };
            wanted.extend(pages_showing(site, index, change.moved && !shifted));
            if change.relisted {
                wanted.extend(pages_listing(site, index));
            }
            if change.moved {
                // A month may appear or go, changing its neighbours' links.
                wanted.extend(months_beside(site, index));
            }
        }
        if change.moved {
            wanted.extend(PAGES_COUNTING_ARTICLES.iter().map(|p| p.to_string()));
        }
    }
    wanted
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
    options: &SiteOptions,
) -> Option<Vec<String>> {
    let pending = &session.pending;
    let theme_same = session.theme_files.as_deref() == Some(theme_files);
    let options_same = session.options.as_ref() == Some(options);
    if pending.everything || !theme_same || !options_same || session.previous.is_none() {
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
/// feeds when it is among the newest there, and the site feed when it is among the newest.
fn pages_showing(site: &Site, index: usize, moved: bool) -> Vec<String> {
    let node = &site.articles[index];
    let folder = urls::article_path(&node.article.origin.slug);
    let mut pages = vec![
        format!("{folder}index.html"),
        format!("{folder}annotations.jsonld"),
    ];
    if index < FEED_ENTRIES {
        pages.push("atom.xml".to_string());
    }
    for place in entity_places(site, index) {
        let count = render::entity_pages(&place.lengths);
        pages.extend(entity_pages_showing(
            &place.folder,
            &place.positions,
            count,
            moved,
        ));
        if place.in_feed {
            pages.push(format!("{}atom.xml", place.folder));
        }
    }
    pages
}

/// Where an article is in one actor's or topic's paged lists.
struct EntityPlace {
    folder: String,
    /// Its position in each list (articles, mentions, and for actors statements).
    positions: Vec<Option<usize>>,
    /// How long each list is.
    lengths: Vec<usize>,
    /// Whether the entity's feed carries it.
    in_feed: bool,
}

/// The article's place with each actor and topic it lists or mentions, and each speaker.
fn entity_places(site: &Site, index: usize) -> Vec<EntityPlace> {
    let node = &site.articles[index];
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
    let topics: BTreeSet<usize> = node
        .topics
        .iter()
        .copied()
        .chain(node.also_topics.iter().map(|t| t.index))
        .collect();
    let actor_places = actors.into_iter().map(|actor| {
        let entity = &site.actors[actor];
        let statements = entity.statements.iter().map(|s| s.article);
        EntityPlace {
            folder: urls::actor_path(&entity.actor.origin.slug),
            positions: vec![
                position_in(entity.articles.iter().copied(), index),
                position_in(entity.backlinks.iter().map(|b| b.article), index),
                position_in(statements, index),
            ],
            lengths: render::actor_lists(entity).to_vec(),
            in_feed: render::in_feed(&entity.articles, &entity.backlinks, index),
        }
    });
    let topic_places = topics.into_iter().map(|topic| {
        let entity = &site.topics[topic];
        EntityPlace {
            folder: urls::topic_path(&entity.topic.origin.slug),
            positions: vec![
                position_in(entity.articles.iter().copied(), index),
                position_in(entity.backlinks.iter().map(|b| b.article), index),
            ],
            lengths: render::topic_lists(entity).to_vec(),
            in_feed: render::in_feed(&entity.articles, &entity.backlinks, index),
        }
    });
    actor_places.chain(topic_places).collect()
}

/// The actor and topic pages between an article's old and new places, when it only
/// moved within the same lists (its date changed): the items between shift by one. Where
/// a list's length changed, every page (each shows the totals).
fn pages_between(before: &Site, old: usize, after: &Site, new: usize) -> Vec<String> {
    let mut pages = Vec::new();
    let places = entity_places(before, old)
        .into_iter()
        .zip(entity_places(after, new));
    for (was, is) in places {
        let count = render::entity_pages(&is.lengths);
        if was.folder != is.folder || was.lengths != is.lengths {
            let all = render::entity_pages(&was.lengths).max(count);
            pages.extend(entity_pages_showing(&is.folder, &[], all, true));
            continue;
        }
        let spans = was.positions.iter().zip(&is.positions);
        for (from, to) in spans.filter_map(|(a, b)| a.zip(*b)) {
            let (low, high) = (from.min(to), from.max(to));
            let numbers = render::entity_page_of(low)..=render::entity_page_of(high);
            pages.extend(
                numbers.map(|page| format!("{}index.html", urls::numbered_page(&is.folder, page))),
            );
        }
    }
    pages
}

/// The pages that list the article at `index` (title, summary, date) but not its text:
/// its archive month, home when it is among the newest, and the articles that relate or
/// link to it.
fn pages_listing(site: &Site, index: usize) -> Vec<String> {
    let month = urls::archive_month_path(&site.articles[index].article.date);
    let mut pages = vec![format!("{month}index.html")];
    if index < render::HOME_ARTICLES {
        pages.push("index.html".to_string());
    }
    for (other, node) in site.articles.iter().enumerate() {
        if other != index && (node.related.contains(&index) || node.links_to_article(index)) {
            let folder = urls::article_path(&node.article.origin.slug);
            pages.push(format!("{folder}index.html"));
        }
    }
    pages
}

/// Whether an article that kept its place shows the same in lists of articles.
fn same_listing(before: &Site, old: Option<usize>, after: &Site, new: Option<usize>) -> bool {
    let (Some(old), Some(new)) = (old, new) else {
        return false;
    };
    resolve::same_listing(&before.articles[old].article, &after.articles[new].article)
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

/// Whether an article keeps its place in the lists every page draws on (see
/// [`resolve::same_place`]), so only pages showing it need rendering again.
fn same_place(before: &Site, old: Option<usize>, after: &Site, new: Option<usize>) -> bool {
    let (Some(old), Some(new)) = (old, new) else {
        return false;
    };
    old == new
        && before.articles.len() == after.articles.len()
        && resolve::same_place(&before.articles[old], &after.articles[new])
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
