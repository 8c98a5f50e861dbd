//! `serve`'s incremental session: what one site's builds keep between them, and how a
//! rebuild uses it. It reads only changed files (`files`), reads again only changed
//! articles and patches the last site in place when nothing moved (`readings`), puts
//! edited digests into the last site (`digests`), and renders only the pages that show
//! what changed (`pages`, `digests`).
//!
//! In: a site folder, the paths file-system events named, and which pages a browser has
//! open. Out: a [`Rebuilt`], the pages to serve. Of the pages an edit changes, those open
//! are rendered at once and the rest are left stale, for [`Session::render_stale`] to
//! render next (`serve` does so in the background, and makes a request for a stale page
//! wait for it). `build` never comes here: its path is `pipeline`'s, and a session's
//! output must equal that path's, page for page.

mod digests;
mod files;
mod pages;
mod readings;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::check::links;
use crate::diagnostics::{self, Diagnostic};
use crate::load;
use crate::pipeline::{self, SiteOptions};
use crate::render::theme;
use crate::render::{self, FeedBodies, Page, SEARCH_INDEX};
use crate::resolve::Site;
use crate::resolve::paths::PathSet;
use crate::search::SearchIndex;
use files::{Changes, FileStamp, LoadCache};
use pages::ArticleChange;
use rayon::prelude::*;
use readings::AnalysisCache;

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
    /// The search index the last good build wrote, patched per edit.
    search: Option<SearchIndex>,
    /// Feed bodies made by earlier builds, reused while their article is unchanged.
    feed_bodies: FeedBodies,
    /// Articles read again since the last good build (a failed build's wait here).
    reread: Vec<String>,
    /// Every file the last good build wrote.
    planned: PathSet,
    /// The last good build's link problems, by article.
    link_problems: LinkProblems,
    /// The options of the last good build.
    options: Option<SiteOptions>,
    /// Pages the last good build changed but did not render (no browser had them open):
    /// what is served for them is older until [`Session::render_stale`] renders them.
    stale: PathSet,
    /// The last good build's theme, to render stale pages with.
    theme: Option<Arc<theme::Theme>>,
    /// Articles (by slug) changed since `search` was last brought up to date: the search
    /// index is left stale like a page (only the search page reads it).
    search_pending: Vec<String>,
}

/// What [`Session::render_stale`] did: the paths it tried, and the pages made or the
/// problems met.
pub type StaleRender = (Vec<String>, Result<Vec<Page>, Vec<Diagnostic>>);

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
    /// Builds the site at `root`: checks everything, but when only articles changed since
    /// the last good build, renders only the pages that show them. Every page due is
    /// rendered (none is left stale).
    pub fn rebuild(
        &mut self,
        root: &Path,
        options: &SiteOptions,
    ) -> Result<Rebuilt, Vec<Diagnostic>> {
        rebuild(self, root, options, &|_| true)
    }

    /// As [`Session::rebuild`], but of the pages due (changed by the edits, or stale from
    /// before) only those `open` accepts (output paths, `articles/x/index.html`), the search
    /// index and static files are rendered now; the rest become [`Session::stale_pages`].
    /// The first build renders every page.
    pub fn rebuild_open(
        &mut self,
        root: &Path,
        options: &SiteOptions,
        open: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<Rebuilt, Vec<Diagnostic>> {
        rebuild(self, root, options, open)
    }

    /// Output paths whose served bytes are behind the last good build.
    pub fn stale_pages(&self) -> &PathSet {
        &self.stale
    }

    /// Renders up to `limit` stale pages against the last good build, the stale ones among
    /// `first` before any other. Returns the paths tried, which are no longer stale, and
    /// the pages made; none when no page is stale.
    ///
    /// Errors: the problems rendering met (a template failing on some page); the caller
    /// keeps serving the older bytes of the pages tried.
    pub fn render_stale(&mut self, first: &[String], limit: usize) -> StaleRender {
        let (Some(site), Some(theme)) = (self.previous.clone(), self.theme.clone()) else {
            let tried = self.stale.drain().collect();
            return (tried, Ok(Vec::new()));
        };
        let mut batch: PathSet = first
            .iter()
            .filter(|path| self.stale.contains(*path))
            .take(limit)
            .cloned()
            .collect();
        let room = limit.saturating_sub(batch.len());
        batch.extend(self.stale.iter().take(room).cloned());
        self.stale.retain(|path| !batch.contains(path));
        let script = match batch.contains(SEARCH_INDEX) {
            true => search_script(self, &site, Some(&[])),
            false => String::new(),
        };
        let rendered = render::render_selected(
            &site,
            &theme,
            &|path| batch.contains(path),
            script,
            &self.feed_bodies,
        );
        let tried = batch.into_iter().collect();
        match rendered {
            Ok((pages, made)) => {
                self.feed_bodies.keep(made);
                (tried, Ok(pages))
            }
            Err(problems) => (tried, Err(problems)),
        }
    }

    /// Tells the next build which files (relative to the root) changed, as file-system
    /// events reported them, so it looks at no other; `None` makes it check every file.
    pub fn expect_changes(&mut self, files: Option<Vec<PathBuf>>) {
        self.files.expect_changes(files);
    }
}

/// Reads the site's files (those changed since the session's last load), with the
/// command line's overrides applied.
fn load_site(
    session: &mut Session,
    root: &Path,
    options: &SiteOptions,
) -> Result<load::Corpus, Vec<Diagnostic>> {
    pipeline::require_site(root)?;
    let mut corpus = files::load_cached(root, &mut session.files);
    pipeline::apply_options(&mut corpus, options);
    Ok(corpus)
}

/// A build made within a [`Session`]: the site and the pages it (re)rendered.
pub struct Rebuilt {
    pub site: Arc<Site>,
    pub pages: Vec<Page>,
    /// Whether `pages` is the whole site; else only the pages the changes touched.
    pub whole: bool,
    /// How many pages the changes touched were left stale, for
    /// [`Session::render_stale`] (see [`Session::stale_pages`]).
    pub stale: usize,
    /// Output paths of the previous build that no longer exist (removed articles).
    pub removed: Vec<String>,
    /// The changed articles were put into the last site in place (none moved), rather
    /// than the site resolved whole.
    pub patched: bool,
    /// How long each stage took, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// [`Session::rebuild`].
fn rebuild(
    session: &mut Session,
    root: &Path,
    options: &SiteOptions,
    open: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Rebuilt, Vec<Diagnostic>> {
    let mut clock = StageClock::start();
    let corpus = load_site(session, root, options)?;
    session.pending.everything |= session.files.changes.everything;
    session
        .pending
        .files
        .extend(session.files.changes.files.iter().cloned());
    let theme_files = files::theme_stamps(root);
    let changed = match changed_content(session, &theme_files, options) {
        Some(Changed::Digests) => {
            let clock = clock.clone();
            if let Some(rebuilt) =
                digests::rebuild(session, root, &corpus, options, &theme_files, clock, open)
            {
                return rebuilt;
            }
            None
        }
        Some(Changed::Articles(slugs)) => Some(slugs),
        None => None,
    };
    let (mut site, patched) = resolve_or_patch(session, corpus, changed.as_deref(), options);
    // As `build` does: the feeds of a site without articles are dated by its sources.
    if site.articles.is_empty() {
        site.sources_changed = pipeline::sources_changed(root);
    }
    let reread = std::mem::take(&mut session.readings.redone);
    session.reread.extend(reread);
    session.reread.sort_unstable();
    session.reread.dedup();
    clock.lap("load and resolve");
    // Only articles changed (see `changed_content`): the theme files are as they were.
    let theme = kept_or_loaded_theme(session, root, changed.is_some());
    let changes = article_changes(
        patched.as_deref(),
        changed.as_deref(),
        session.previous.as_deref(),
        &site,
    );
    // A patched site is the last one, changed in place.
    let before = session.previous.as_deref().unwrap_or(&site);
    // Every page of the site, and the pages the changes touch: found together, as
    // neither needs the other. Nothing moved in a patch: the same pages as last time.
    let (planned, wanted) = rayon::join(
        || (patched.is_none()).then(|| render::planned_set(&site, &pipeline::static_paths(&theme))),
        || (changes.as_ref()).map(|changes| pages::pages_to_render(before, &site, changes)),
    );
    let planned = planned.unwrap_or_else(|| std::mem::take(&mut session.planned));
    clock.lap("listing and choosing pages");
    // With the same pages as last time, only the changed articles' links can break.
    let recheck: Option<Vec<usize>> = match (&patched, &changed) {
        (Some(patched), _) => Some(patched.iter().map(|p| p.index).collect()),
        // No page went: only the changed articles' links can break, and a page come can
        // only mend links found broken (in articles, or in profiles and digests).
        (None, Some(slugs))
            if session.previous.is_some() && session.planned.is_subset(&planned) =>
        {
            let grew = planned.len() != session.planned.len();
            if grew && session.link_problems.valid {
                session.link_problems.profiles = links::check_profiles(&site, &planned);
            }
            let broken = session.link_problems.articles.keys().filter(|_| grew);
            let slugs = slugs.iter().chain(&session.reread).chain(broken);
            let mut indexes: Vec<usize> =
                slugs.filter_map(|slug| site.article_index(slug)).collect();
            indexes.sort_unstable();
            indexes.dedup();
            Some(indexes)
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
    let theme = match pipeline::ready_to_render(&mut site, theme) {
        Ok(theme) => theme,
        Err(problems) => return Err(fail(session, problems)),
    };
    let (wanted, removed) = match (wanted, &changes) {
        (Some(mut wanted), Some(changes)) => {
            // Only an article that moved can take pages away (its own, a month, a page of
            // a long actor or topic list).
            let removed: Vec<String> = if changes.iter().any(|c| c.moved) {
                let before: &PathSet = &session.planned;
                before.difference(&planned).cloned().collect()
            } else {
                Vec::new()
            };
            wanted.retain(|page| !removed.contains(page));
            (Some(wanted), removed)
        }
        _ => (None, Vec::new()),
    };
    clock.lap("pages gone");
    // The articles whose pages may differ from the last build: changed, or read again.
    let redone: Option<Vec<String>> = changed.map(|mut slugs| {
        slugs.extend(session.reread.iter().cloned());
        slugs
    });
    let redone: Option<Vec<&str>> = redone
        .as_ref()
        .map(|slugs| slugs.iter().map(String::as_str).collect());
    let changed = redone.as_deref().filter(|_| wanted.is_some());
    let chosen = Chosen {
        wanted,
        removed,
        patched: patched.is_some(),
        planned,
        theme_files,
    };
    render_and_keep(session, site, theme, chosen, changed, options, clock, open)
}

/// How each changed article changed, as the page choice needs it: those `patched` in
/// place, else each of the `changed` slugs between the site `before` and `site`; `None`
/// when there is no site before, or the changed files are not known (every page renders).
fn article_changes(
    patched: Option<&[readings::Patched]>,
    changed: Option<&[String]>,
    before: Option<&Site>,
    site: &Site,
) -> Option<Vec<ArticleChange>> {
    match (patched, changed, before) {
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
                    let moved = !pages::same_place(before, old, site, new);
                    let same_entities = match (old, new) {
                        (Some(old), Some(new)) => {
                            readings::same_entities(&before.articles[old], &site.articles[new])
                        }
                        _ => false,
                    };
                    ArticleChange {
                        old,
                        new,
                        moved,
                        relisted: moved || !pages::same_listing(before, old, site, new),
                        same_entities,
                    }
                })
                .collect(),
        ),
        _ => None,
    }
}

/// The pages a rebuild chose, and what it keeps when they render.
struct Chosen {
    /// The pages to render; `None` for every page.
    wanted: Option<PathSet>,
    removed: Vec<String>,
    patched: bool,
    planned: PathSet,
    theme_files: Vec<(PathBuf, FileStamp)>,
}

/// Renders the chosen pages of `site` that are open (the search index patched for the
/// `changed` articles), leaves the rest of them stale and, when that works, keeps the
/// site as the last good build.
#[allow(clippy::too_many_arguments)]
fn render_and_keep(
    session: &mut Session,
    mut site: Site,
    theme: Arc<theme::Theme>,
    chosen: Chosen,
    changed: Option<&[&str]>,
    options: &SiteOptions,
    mut clock: StageClock,
    open: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Rebuilt, Vec<Diagnostic>> {
    let wanted = chosen.wanted;
    // With nothing served yet (no good build, so no theme kept), every page is made now.
    let serving = session.theme.is_some();
    if changed.is_none() {
        // Nothing known of what changed: what rendering kept is dropped.
        session.search = None;
        session.search_pending.clear();
        session.feed_bodies = FeedBodies::default();
    }
    // Unless asked for, the search index is left stale like a page no browser shows
    // once a build is served (the search page that reads it waits for it).
    let index_now = !serving || open(SEARCH_INDEX);
    let search_script = match index_now {
        true => search_script(session, &site, changed),
        false => {
            let changed = changed.into_iter().flatten().map(|slug| slug.to_string());
            session.search_pending.extend(changed);
            String::new()
        }
    };
    clock.lap("search index");
    let due = |path: &str| {
        wanted.as_ref().is_none_or(|w| w.contains(path)) || session.stale.contains(path)
    };
    // Static files ("") are copies, never left stale.
    let now = |path: &str| !serving || path.is_empty() || open(path);
    let rendered = render::render_selected(
        &site,
        &theme,
        &|path| due(path) && now(path),
        search_script,
        &session.feed_bodies,
    );
    clock.lap("render");
    match rendered {
        Ok((pages, made)) => {
            let mut stale: PathSet = match &wanted {
                Some(wanted) => wanted.union(&session.stale).cloned().collect(),
                None => chosen.planned.clone(),
            };
            stale.retain(|path| {
                !now(path)
                    && chosen.planned.contains(path)
                    && !theme.static_files.contains_key(path)
            });
            if !index_now {
                stale.insert(SEARCH_INDEX.to_string());
            }
            // A whole build that leaves pages stale keeps serving their older bytes, so
            // only the pages gone are taken away.
            let whole = wanted.is_none() && stale.is_empty();
            let removed = match wanted.is_none() && !whole {
                true => session
                    .planned
                    .difference(&chosen.planned)
                    .cloned()
                    .collect(),
                false => chosen.removed,
            };
            session.stale = stale;
            session.theme = Some(theme);
            session.feed_bodies.keep(made);
            diagnostics::sort(&mut site.diagnostics);
            let site = Arc::new(site);
            // Freeing the last site's many small parts need not hold up this build.
            if let Some(last) = session.previous.replace(Arc::clone(&site)) {
                std::thread::spawn(move || drop(last));
            }
            session.planned = chosen.planned;
            session.theme_files = Some(chosen.theme_files);
            session.options = Some(options.clone());
            session.pending = Changes::default();
            session.reread.clear();
            Ok(Rebuilt {
                site,
                pages,
                whole,
                stale: session.stale.len(),
                removed,
                patched: chosen.patched,
                stages: clock.laps,
            })
        }
        Err(problems) => {
            // What was kept for rendering may now be ahead of the last good build.
            session.search = None;
            session.search_pending.clear();
            session.feed_bodies = FeedBodies::default();
            session.link_problems.valid = false;
            site.diagnostics.extend(problems);
            let mut problems = site.diagnostics;
            diagnostics::sort(&mut problems);
            Err(problems)
        }
    }
}

/// The search index script of `site`: the session's index patched for the `changed`
/// articles and those pending since it was last brought up to date, or made afresh (and
/// kept) when none is kept or nothing `changed` is known.
fn search_script(session: &mut Session, site: &Site, changed: Option<&[&str]>) -> String {
    let pending = std::mem::take(&mut session.search_pending);
    let changed: Option<Vec<&str>> = changed.map(|changed| {
        changed
            .iter()
            .copied()
            .chain(pending.iter().map(String::as_str))
            .collect()
    });
    let search = &mut session.search;
    match (search.as_mut(), changed.as_deref()) {
        (Some(index), Some(changed)) => {
            index.update(site, changed);
            index.script()
        }
        _ => search.insert(SearchIndex::new(site)).script(),
    }
}

/// The site as it is now: the last one with the changed articles put in place, when only
/// articles changed and none moved (see [`resolve::patch`]), else resolved whole.
fn resolve_or_patch(
    session: &mut Session,
    corpus: load::Corpus,
    changed: Option<&[String]>,
    options: &SiteOptions,
) -> (Site, Option<Vec<readings::Patched>>) {
    let resolve_options = pipeline::resolve_options(options);
    if let (Some(changed), Some(previous)) = (changed, session.previous.take()) {
        // Only the session holds the last site (a caller may keep its own copy).
        match Arc::try_unwrap(previous) {
            Ok(mut site) => {
                let patched = readings::patch(
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
    let last = session.previous.as_deref();
    let site = readings::resolve_cached(corpus, resolve_options, &mut session.readings, last);
    (site, None)
}

/// The theme the session kept when `unchanged` (its files are as they were loaded from),
/// else the theme at `root` loaded afresh.
fn kept_or_loaded_theme(
    session: &Session,
    root: &Path,
    unchanged: bool,
) -> Result<Arc<theme::Theme>, Vec<Diagnostic>> {
    match (&session.theme, unchanged) {
        (Some(kept), true) => Ok(Arc::clone(kept)),
        _ => theme::load(root).map(Arc::new),
    }
}

/// The body links' problems: every article's checked afresh, or, when the site has the
/// same pages as before and only the articles at `recheck` changed, theirs with the rest
/// as before.
fn check_links(
    session: &mut Session,
    site: &Site,
    planned: &PathSet,
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
                .par_iter()
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

/// Times the stages of one build.
#[derive(Clone)]
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

/// What changed since the last good build, when only content files did.
enum Changed {
    /// Only these articles (by slug).
    Articles(Vec<String>),
    /// Only daily digests.
    Digests,
}

/// What content changed since the last good build: only articles (their slugs), only
/// digests, or `None` when anything else changed (an actor, a topic, both articles and
/// digests, `site.yaml`, a template or a static file).
fn changed_content(
    session: &Session,
    theme_files: &[(PathBuf, FileStamp)],
    options: &SiteOptions,
) -> Option<Changed> {
    let pending = &session.pending;
    let theme_same = session.theme_files.as_deref() == Some(theme_files);
    let options_same = session.options.as_ref() == Some(options);
    if pending.everything || !theme_same || !options_same || session.previous.is_none() {
        return None;
    }
    let content = Path::new("content");
    let (articles, briefings) = (content.join("articles"), content.join("briefings"));
    if !pending.files.is_empty() && pending.files.iter().all(|f| f.starts_with(&briefings)) {
        return Some(Changed::Digests);
    }
    let slugs = pending.files.iter().map(|file| {
        file.starts_with(&articles)
            .then(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .flatten()
    });
    slugs
        .collect::<Option<Vec<String>>>()
        .map(Changed::Articles)
}
