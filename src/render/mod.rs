//! Stage 3, render: a resolved [`Site`] and a loaded [`Theme`] come in; [`Page`]s go out,
//! each an output path and its bytes, made through plain context objects and Tera.
//! Rendering reads no files (the theme is loaded before, by [`theme::load`]) and writes
//! nothing ([`crate::write`] does); it reads the `Site` and leaves it as it was.
//! One file per page family: articles, actors and topics, lists, feeds and site files.

use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use tera::Context;

use crate::diagnostics::{Diagnostic, code};
use crate::load::ActorKind;
use crate::resolve::paths::{self, PathSet};
use crate::resolve::{ActorNode, ArticleNode, Backlink, Site, Tally, TopicNode};
use crate::search::SearchIndex;
use urls::Urls;

use context::{ArticleSummary, EntityLink, LatestBriefing, PageContext, SiteContext};
use lists::MonthArticles;
use theme::Theme;

mod article;
mod briefings;
mod context;
pub(crate) mod corrections;
mod entities;
pub(crate) mod feeds;
pub(crate) mod filters;
mod fragments;
mod lists;
pub mod markdown;
pub(crate) mod metadata;
mod pairs;
pub mod pictures;
pub mod theme;
pub mod urls;

pub use feeds::{FEED_ENTRIES, FeedBodies, FeedBody, FeedBodyEntries};
pub use pairs::{pair_folder, pair_lists};

/// The search index script's path.
pub const SEARCH_INDEX: &str = "search-index.js";

/// How many of the newest articles the home page shows.
pub const HOME_ARTICLES: usize = 30;

/// Reading speed for the reading time shown with each article (a common estimate for
/// adults reading prose on screen).
pub const WORDS_PER_MINUTE: usize = 200;

/// Minutes to read `words`, rounded up: at least 1.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

/// How many items of each list (articles, mentions, statements) one actor or topic page
/// shows; the rest continue on `page/2/` and on.
pub const ENTITY_PAGE_ITEMS: usize = 50;

/// How many pages an actor or topic with lists this long has.
pub fn entity_pages(lists: &[usize]) -> usize {
    lists
        .iter()
        .map(|len| len.div_ceil(ENTITY_PAGE_ITEMS))
        .max()
        .unwrap_or(0)
        .max(1)
}

/// The page (from 1) of an actor or topic that shows the item at `position` of a list.
pub fn entity_page_of(position: usize) -> usize {
    position / ENTITY_PAGE_ITEMS + 1
}

/// The lengths of an actor's paged lists.
pub fn actor_lists(node: &ActorNode) -> [usize; 3] {
    [
        node.articles.len(),
        node.backlinks.len(),
        node.statements.len(),
    ]
}

/// The lengths of a topic's paged lists.
pub fn topic_lists(node: &TopicNode) -> [usize; 2] {
    [node.articles.len(), node.backlinks.len()]
}

/// The items of `list` that page `page` (from 1) shows.
fn page_slice<T>(list: &[T], page: usize) -> &[T] {
    let start = ((page - 1) * ENTITY_PAGE_ITEMS).min(list.len());
    let end = (start + ENTITY_PAGE_ITEMS).min(list.len());
    &list[start..end]
}

/// One output file: its path under the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The path of every file `render` writes, without rendering: for checking links early.
pub fn planned_paths(site: &Site, static_files: &[String]) -> Vec<String> {
    let mut paths: Vec<String> = [
        "index.html",
        "actors/index.html",
        "topics/index.html",
        "archive/index.html",
        "search/index.html",
        "search-index.js",
        "atom.xml",
        "corrections/index.html",
        corrections::CORRECTIONS_FEED,
        "robots.txt",
        "404.html",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    if urls::has_host(&site.config.base_url) {
        paths.push("sitemap.xml".to_string());
    }
    paths.extend(briefings::planned_paths(site));
    let mut month = None;
    for node in &site.articles {
        let date = &node.article.date;
        let this_month = Some(paths::archive_month(date));
        if this_month != month {
            paths.push(format!("{}index.html", paths::archive_month_path(date)));
            month = this_month;
        }
    }
    // Tens of thousands of paths on a large site, made while a serve edit waits: the
    // articles' and the entities' on two threads.
    let (articles, entities) = rayon::join(
        || article_paths(site),
        || {
            let entities = actor_folders(site).chain(topic_folders(site));
            let folders: Vec<(String, usize)> = entities.chain(pairs::pair_folders(site)).collect();
            folders
                .par_iter()
                .flat_map_iter(|(folder, pages)| {
                    let numbered = (1..=*pages)
                        .map(|page| format!("{}index.html", paths::numbered_page(folder, page)));
                    numbered.chain([format!("{folder}atom.xml")])
                })
                .collect::<Vec<String>>()
        },
    );
    paths.extend(articles);
    paths.extend(entities);
    paths.extend(static_files.iter().cloned());
    paths
}

/// Each article's page, and its annotations when it has any.
fn article_paths(site: &Site) -> Vec<String> {
    site.articles
        .par_iter()
        .flat_map_iter(|node| {
            let folder = paths::article_path(&node.article.origin.slug);
            let annotated = node.text.annotations.iter().any(Option::is_some);
            let annotations = annotated.then(|| format!("{folder}annotations.jsonld"));
            [format!("{folder}index.html")]
                .into_iter()
                .chain(annotations)
        })
        .collect()
}

/// [`planned_paths`] as a set, made at its full size at once.
pub fn planned_set(site: &Site, static_files: &[String]) -> PathSet {
    let paths = planned_paths(site, static_files);
    let mut set = PathSet::with_capacity_and_hasher(paths.len(), Default::default());
    set.extend(paths);
    set
}

/// Each actor's page folder and how many pages it has.
fn actor_folders(site: &Site) -> impl Iterator<Item = (String, usize)> + '_ {
    let folder = |n: &ActorNode| paths::actor_path(&n.actor.origin.slug);
    site.actors
        .iter()
        .map(move |n| (folder(n), entity_pages(&actor_lists(n))))
}

/// Each topic's page folder and how many pages it has.
fn topic_folders(site: &Site) -> impl Iterator<Item = (String, usize)> + '_ {
    let folder = |n: &TopicNode| paths::topic_path(&n.topic.origin.slug);
    site.topics
        .iter()
        .map(move |n| (folder(n), entity_pages(&topic_lists(n))))
}

/// `(entity, page)` pairs, in entity order, as each entity with its pages.
fn by_entity(pages: Vec<(usize, usize)>) -> Vec<(usize, Vec<usize>)> {
    let mut grouped: Vec<(usize, Vec<usize>)> = Vec::new();
    for (entity, page) in pages {
        match grouped.last_mut() {
            Some((last, pages)) if *last == entity => pages.push(page),
            _ => grouped.push((entity, vec![page])),
        }
    }
    grouped
}

/// The (entity, page number) pairs among `folders` (in order, with their page counts)
/// whose pages `wanted` accepts.
fn wanted_entity_pages(
    folders: impl Iterator<Item = (String, usize)>,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<(usize, usize)> {
    let mut pages = Vec::new();
    for (entity, (folder, count)) in folders.enumerate() {
        for page in 1..=count {
            if wanted(&format!(
                "{}index.html",
                paths::numbered_page(&folder, page)
            )) {
                pages.push((entity, page));
            }
        }
    }
    pages
}

/// Whether the article at `index` is in the feed of an entity that these articles list
/// or mention: feeds carry the newest [`FEED_ENTRIES`].
pub fn in_feed(listed: &[usize], backlinks: &[Backlink], index: usize) -> bool {
    let concerning = Renderer::articles_concerning(listed, backlinks);
    concerning
        .iter()
        .take(FEED_ENTRIES)
        .any(|&article| article == index)
}

/// Renders every page of `site` (static files included), made whole.
///
/// Errors: every problem met, each once (a template that fails, say).
pub fn render(site: &Site, theme: &Theme) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let search_script = SearchIndex::new(site).script();
    render_selected(
        site,
        theme,
        &|_| true,
        search_script,
        &FeedBodies::default(),
    )
    .map(|(pages, _)| pages)
}

/// Renders every page of `site` (static files included), handing each to `sink` as soon as
/// it is made, from rayon's threads, so the whole site is never held in memory.
///
/// Errors: every problem met, each once, whether rendering or `sink` raised it. Pages are
/// still handed over after a problem; the caller throws the output away.
pub fn render_to(
    site: &Site,
    theme: &Theme,
    sink: &(dyn Fn(Page) -> Result<(), Diagnostic> + Sync),
) -> Result<(), Vec<Diagnostic>> {
    let kept = FeedBodies::default();
    let output = Output::new(sink);
    // The index is read while pages render: its word table is built on one thread.
    let all_but_index = |path: &str| path != SEARCH_INDEX;
    let (search_script, ()) = rayon::join(
        || SearchIndex::new(site).script(),
        || {
            let script = String::new();
            render_pages(site, theme, &all_but_index, script, &kept, &output, false);
        },
    );
    output.take(Ok(Page {
        path: SEARCH_INDEX.to_string(),
        bytes: search_script.into_bytes(),
    }));
    output.finish().map(|_| ())
}

/// Renders only the pages whose output path `wanted` accepts (static files only when
/// `wanted("")`), writing `search_script` as search-index.js when wanted, and reusing
/// the feed bodies in `kept` whose article and reading are the same (Arc::ptr_eq).
/// Returns the pages and the feed bodies this render made afresh.
pub fn render_selected(
    site: &Site,
    theme: &Theme,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    search_script: String,
    kept: &FeedBodies,
) -> Result<(Vec<Page>, FeedBodyEntries), Vec<Diagnostic>> {
    let pages = PageCollector::default();
    let collect = |page: Page| pages.put(page);
    let output = Output::new(&collect);
    let made = render_pages(site, theme, wanted, search_script, kept, &output, true);
    output.finish()?;
    let pages = pages.into_sorted();
    Ok((pages, made))
}

/// Pages gathered from rayon's threads, for callers that want them all (`serve`, tests).
#[derive(Default)]
pub struct PageCollector(Mutex<Vec<Page>>);

impl PageCollector {
    /// Keeps one page; a sink for [`render_to`].
    pub fn put(&self, page: Page) -> Result<(), Diagnostic> {
        if let Ok(mut pages) = self.0.lock() {
            pages.push(page);
        }
        Ok(())
    }

    /// The pages in path order: threads finish in any order.
    pub fn into_sorted(self) -> Vec<Page> {
        let mut pages = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        pages
    }
}

/// Where rendered pages go: each to `sink` at once; the problems met are gathered, each once.
struct Output<'s> {
    sink: &'s (dyn Fn(Page) -> Result<(), Diagnostic> + Sync),
    problems: Mutex<Vec<Diagnostic>>,
}

impl<'s> Output<'s> {
    fn new(sink: &'s (dyn Fn(Page) -> Result<(), Diagnostic> + Sync)) -> Self {
        Output {
            sink,
            problems: Mutex::new(Vec::new()),
        }
    }

    /// Hands a made page to the sink, or keeps the problem.
    fn take(&self, result: Result<Page, Diagnostic>) {
        if let Err(problem) = result.and_then(|page| (self.sink)(page))
            && let Ok(mut problems) = self.problems.lock()
            && !problems.contains(&problem)
        {
            problems.push(problem);
        }
    }

    fn take_all(&self, results: impl IntoIterator<Item = Result<Page, Diagnostic>>) {
        results.into_iter().for_each(|result| self.take(result));
    }

    fn finish(self) -> Result<(), Vec<Diagnostic>> {
        let problems = self
            .problems
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Renders the wanted pages into `output`; returns the feed bodies made afresh when
/// `keep_feed_bodies` (for the next render in a session), else none.
fn render_pages(
    site: &Site,
    theme: &Theme,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    search_script: String,
    kept: &FeedBodies,
    output: &Output,
    keep_feed_bodies: bool,
) -> FeedBodyEntries {
    let renderer = Renderer::new(site, theme, kept);
    let indexes = [
        "index.html",
        "actors/index.html",
        "topics/index.html",
        "archive/index.html",
    ];
    for path in indexes.into_iter().filter(|path| wanted(path)) {
        output.take(match path {
            "index.html" => renderer.home(),
            "actors/index.html" => renderer.actors_index(),
            "topics/index.html" => renderer.topics_index(),
            _ => renderer.archive(),
        });
    }
    output.take_all(renderer.briefing_pages(wanted));
    let months = renderer.archive_months();
    (0..months.len())
        .into_par_iter()
        .filter(|&at| wanted(&format!("{}index.html", months[at].path)))
        .for_each(|at| output.take(renderer.archive_month(months, at)));
    (0..site.articles.len())
        .into_par_iter()
        .filter(|&i| {
            wanted(&format!(
                "{}index.html",
                paths::article_path(&site.articles[i].article.origin.slug)
            ))
        })
        .for_each(|i| match renderer.article(i) {
            Ok(pages) => output.take_all(pages.into_iter().map(Ok)),
            Err(problem) => output.take(Err(problem)),
        });
    let actor_pages = wanted_entity_pages(actor_folders(site), wanted);
    let topic_pages = wanted_entity_pages(topic_folders(site), wanted);
    // An entity's pages on one thread: its tallies are made once for all of them.
    by_entity(actor_pages)
        .into_par_iter()
        .for_each(|(i, pages)| {
            let tallies = renderer.actor_tallies(i);
            for page in pages {
                output.take(renderer.actor(i, page, &tallies));
            }
        });
    by_entity(topic_pages)
        .into_par_iter()
        .for_each(|(i, pages)| {
            let tallies = renderer.topic_tallies(i);
            for page in pages {
                output.take(renderer.topic(i, page, &tallies));
            }
        });
    wanted_entity_pages(pairs::pair_folders(site), wanted)
        .into_par_iter()
        .for_each(|(i, page)| output.take(renderer.pair(i, page)));
    renderer.feeds(wanted, output);
    renderer.pair_feeds(wanted, output);
    output.take_all(renderer.corrections_pages(wanted));
    output.take_all(renderer.site_files(wanted));
    if wanted(SEARCH_INDEX) {
        output.take(Ok(Page {
            path: SEARCH_INDEX.to_string(),
            bytes: search_script.into_bytes(),
        }));
    }
    if wanted("") {
        for (path, bytes) in &theme.static_files {
            output.take(Ok(Page {
                path: path.clone(),
                bytes: bytes.clone(),
            }));
        }
    }
    let problems =
        std::mem::take(&mut *renderer.problems.lock().unwrap_or_else(|e| e.into_inner()));
    output.take_all(problems.into_iter().map(Err));
    if keep_feed_bodies {
        renderer.feed_bodies_made()
    } else {
        FeedBodyEntries::default()
    }
}

/// An article as lists show it, made once: the fields Rust reads, and the same as the
/// template value every page that lists it clones (sharing its parts) instead of
/// serializing it again.
struct Summary {
    fields: ArticleSummary,
    value: tera::Value,
}

/// Renders the pages of one site with one theme; the page families' methods live in the
/// child modules, and each article's summary and bodies are made once, whichever asks first.
struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    urls: Urls,
    /// Article summaries, by article index.
    summaries: Vec<OnceLock<Summary>>,
    /// The largest page each template has made so far, in bytes.
    page_sizes: Mutex<rustc_hash::FxHashMap<String, usize>>,
    /// Problems met outside a page's own render (in a card's or tallies' partial), for the
    /// build's report.
    problems: Mutex<Vec<Diagnostic>>,
    /// `site` as a template value, made once for every page.
    site_value: OnceLock<tera::Value>,
    /// Whether some feed carries each article, by article index (made when first needed).
    in_feeds: OnceLock<Vec<bool>>,
    /// Each article's body as feeds carry it, made once however many feeds hold it.
    feed_bodies: Vec<OnceLock<tera::Value>>,
    /// Each article's feed entry but for categories and content, made once.
    entry_heads: Vec<OnceLock<feeds::EntryHead>>,
    /// Feed bodies of earlier builds.
    kept: &'a FeedBodies,
    months: OnceLock<Vec<MonthArticles>>,
    /// The site's first and last weeks (see [`pictures::site_period`]), made once: every
    /// timeline spans them.
    period: OnceLock<Option<(chrono::NaiveDate, chrono::NaiveDate)>>,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme, kept: &'a FeedBodies) -> Self {
        let urls = Urls::new(&site.config.base_url, site.config.relative_urls);
        Renderer {
            site,
            theme,
            urls,
            summaries: site.articles.iter().map(|_| OnceLock::new()).collect(),
            problems: Mutex::new(Vec::new()),
            page_sizes: Mutex::new(Default::default()),
            site_value: OnceLock::new(),
            in_feeds: OnceLock::new(),
            feed_bodies: site.articles.iter().map(|_| OnceLock::new()).collect(),
            entry_heads: site.articles.iter().map(|_| OnceLock::new()).collect(),
            kept,
            months: OnceLock::new(),
            period: OnceLock::new(),
        }
    }

    /// The article at `index` as lists show it, made when first needed.
    fn summary_at(&self, index: usize) -> &Summary {
        self.summaries[index].get_or_init(|| {
            let fields = self.summary(&self.site.articles[index]);
            let value = self.with_card(tera::Value::from_serializable(&fields));
            Summary { fields, value }
        })
    }

    /// The article at `index` as a template value: an [`ArticleSummary`].
    fn summary_value(&self, index: usize) -> tera::Value {
        self.summary_at(index).value.clone()
    }

    /// The article's body as HTML, with its marks, notes and mentions.
    /// The article's body as HTML, made afresh: each article's page needs it once, and
    /// its feeds keep their own form of it (see `feed_body`).
    fn body_html(&self, index: usize) -> String {
        let node = &self.site.articles[index];
        markdown::article_html(&node.article.body, &self.decorations(node))
    }

    /// The body for the article's own page; its feed form is made from the same HTML now
    /// when a feed will carry it, so the Markdown is rendered once and no HTML is kept.
    fn article_body(&self, index: usize) -> String {
        let html = self.body_html(index);
        if self.in_some_feed(index) {
            self.feed_body_from(index, &html);
        }
        html
    }

    fn summary(&self, node: &ArticleNode) -> ArticleSummary {
        let article = &node.article;
        ArticleSummary {
            slug: article.origin.slug.clone(),
            title: article.front.title.value.clone(),
            url: self.urls.page(&paths::article_path(&article.origin.slug)),
            date: timestamp(&article.date),
            summary: article.front.summary.clone(),
            publisher: article
                .front
                .source
                .as_ref()
                .and_then(|s| s.publisher.clone()),
            reading_minutes: reading_minutes(node.text.words),
            actors: node.actors.iter().map(|&a| self.actor_link(a, 0)).collect(),
            topics: node.topics.iter().map(|&t| self.topic_link(t, 0)).collect(),
        }
    }

    fn actor_link(&self, index: usize, count: usize) -> EntityLink {
        let actor = &self.site.actors[index].actor;
        EntityLink {
            slug: actor.origin.slug.clone(),
            name: actor.front.name.value.clone(),
            url: self.urls.page(&paths::actor_path(&actor.origin.slug)),
            kind: kind_name(actor.front.kind),
            count,
        }
    }

    fn topic_link(&self, index: usize, count: usize) -> EntityLink {
        let topic = &self.site.topics[index].topic;
        EntityLink {
            slug: topic.origin.slug.clone(),
            name: topic.front.name.value.clone(),
            url: self.urls.page(&paths::topic_path(&topic.origin.slug)),
            kind: "topic",
            count,
        }
    }

    fn summaries_of(&self, articles: &[usize]) -> Vec<tera::Value> {
        articles.iter().map(|&i| self.summary_value(i)).collect()
    }

    fn tallies(
        &self,
        tallies: &[Tally],
        link: fn(&Self, usize, usize) -> EntityLink,
    ) -> Vec<EntityLink> {
        tallies
            .iter()
            .map(|t| link(self, t.index, t.count))
            .collect()
    }

    /// Renders `template` at the page folder `path` with `page` and `values`.
    fn page(
        &self,
        template: &str,
        path: &str,
        page: PageContext,
        values: impl FnOnce(&mut Context),
    ) -> Result<Page, Diagnostic> {
        self.page_file(template, &format!("{path}index.html"), page, values)
    }

    /// Renders `template` with `page` and `values` into the file at `file`.
    fn page_file(
        &self,
        template: &str,
        file: &str,
        page: PageContext,
        values: impl FnOnce(&mut Context),
    ) -> Result<Page, Diagnostic> {
        let mut context = Context::new();
        context.insert("site", self.site_value());
        context.insert("page", &page);
        values(&mut context);
        self.render_file(template, file, &context)
    }

    /// Renders `template` into the file at `path`; links are made relative when asked.
    fn render_file(
        &self,
        template: &str,
        path: &str,
        context: &Context,
    ) -> Result<Page, Diagnostic> {
        // Sized as the largest page of this template so far: the page is not copied as it grows.
        let hint = self
            .page_sizes
            .lock()
            .map_or(0, |sizes| sizes.get(template).copied().unwrap_or(0));
        let mut bytes = Vec::with_capacity(hint);
        (self.theme.tera)
            .render_to(template, context, &mut bytes)
            .map_err(|error| self.theme.render_problem(&error, template))?;
        if bytes.len() > hint
            && let Ok(mut sizes) = self.page_sizes.lock()
        {
            let size = sizes.entry(template.to_string()).or_default();
            *size = (*size).max(bytes.len());
        }
        let text = String::from_utf8(bytes).map_err(|error| {
            Diagnostic::error(
                code::TEMPLATE,
                template,
                format!("rendered invalid UTF-8: {error}"),
            )
        })?;
        let text = feeds::without_forbidden_chars(text);
        // Only a relative build writes links against the root mark.
        let text = if self.urls.relative() {
            urls::relativize(text, path)
        } else {
            text
        };
        Ok(Page {
            path: path.to_string(),
            bytes: text.into_bytes(),
        })
    }

    /// `site` as a template value, made on first use.
    fn site_value(&self) -> &tera::Value {
        self.site_value
            .get_or_init(|| tera::Value::from_serializable(&self.site_context_with(&self.urls)))
    }

    /// `site` with its links made by `urls`.
    fn site_context_with(&self, urls: &Urls) -> SiteContext<'_> {
        let config = &self.site.config;
        let has_briefings = !self.site.briefings.is_empty();
        SiteContext {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: self.urls.base(),
            home_url: urls.page(""),
            actors_url: urls.page("actors/"),
            topics_url: urls.page("topics/"),
            archive_url: urls.page("archive/"),
            search_url: urls.page("search/"),
            corrections_url: urls.page(&paths::corrections_path()),
            stylesheet_url: urls.file("style.css"),
            search_index_url: urls.file("search-index.js"),
            search_script_url: urls.file("search.js"),
            feed_url: urls.file("atom.xml"),
            briefings_url: has_briefings.then(|| urls.page(paths::BRIEFINGS)),
            briefings_feed_url: has_briefings.then(|| urls.file(paths::BRIEFINGS_FEED)),
            root_url: urls.root(),
            latest_briefing: self.site.briefings.first().map(|node| {
                let briefing = &node.briefing;
                LatestBriefing {
                    title: briefing.front.title.value.clone(),
                    date: timestamp(&briefing.date),
                    url: urls.page(&paths::briefing_path(&briefing.origin.slug)),
                }
            }),
            extra: &config.extra,
        }
    }

    fn page_context(
        &self,
        kind: &'static str,
        title: &str,
        description: &str,
        path: &str,
    ) -> PageContext {
        PageContext {
            title: title.to_string(),
            description: description.to_string(),
            url: self.urls.page(path),
            canonical_url: self.urls.canonical_page(path),
            kind,
            feed_url: None,
            json_ld: None,
        }
    }
}

fn timestamp(when: &DateTime<FixedOffset>) -> String {
    when.to_rfc3339()
}

fn kind_name(kind: Option<ActorKind>) -> &'static str {
    match kind {
        Some(ActorKind::Person) => "person",
        Some(ActorKind::Office) => "office",
        Some(ActorKind::Government) => "government",
        Some(ActorKind::Organisation) => "organisation",
        Some(ActorKind::Country) => "country",
        Some(ActorKind::Group) => "group",
        None => "actor",
    }
}
