//! Stage 3: turn the resolved site into pages, through plain context objects and Tera.
//!
//! Each context type below is what one template sees; `templates/README.md` documents them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, FixedOffset};
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::article_text::{ArticleText, EntityRef};
use crate::diagnostics::Diagnostic;
use crate::feeds::{self, FEED_ENTRIES, Feed, FeedCategory, FeedEntry, SitemapEntry};
use crate::load::{ActorKind, Annotation, AnnotationKind, Article};
use crate::markdown::{self, Decorations, Mark, MentionSpan, SideNote, WikiLink};
use crate::metadata::{self, ArticleFacts, ClaimFacts, Thing};
use crate::resolve::{self, ActorNode, ArticleNode, Backlink, Site, Tally, TopicNode};
use crate::search::SearchIndex;
use crate::theme::{self, Theme};
use crate::urls::{self, Urls};

/// How many of the newest articles the home page shows.
pub const HOME_ARTICLES: usize = 30;
/// How many actors and topics the home page ranks.
const HOME_TOP: usize = 10;
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

/// `site`, available in every template.
#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    home_url: String,
    actors_url: String,
    topics_url: String,
    archive_url: String,
    search_url: String,
    stylesheet_url: String,
    search_index_url: String,
    search_script_url: String,
    /// The site-wide Atom feed.
    feed_url: String,
    /// The site root as linked from this page (`../../` with relative URLs), ending in `/`.
    root_url: String,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

/// `page`, available in every template: what this page is and where it lives.
#[derive(Serialize)]
struct PageContext {
    title: String,
    description: String,
    /// How other pages link here.
    url: String,
    /// The address under the base URL, for `<link rel="canonical">` and OpenGraph.
    canonical_url: Option<String>,
    /// `home`, `article`, `actors`, `actor`, `topics`, `topic`, `archive`, `search` or `404`.
    kind: &'static str,
    /// This page's own Atom feed (actor and topic pages).
    feed_url: Option<String>,
    /// schema.org JSON-LD, safe to put inside `<script type="application/ld+json">`.
    json_ld: Option<String>,
}

/// Where a page is among an actor's or topic's pages.
#[derive(Serialize)]
struct Pagination {
    /// From 1.
    page: usize,
    pages: usize,
    /// The page before (newer items); none on the first.
    newer_url: Option<String>,
    /// The page after (older items); none on the last.
    older_url: Option<String>,
}

/// How long each of an actor's or topic's lists is, over all its pages.
#[derive(Serialize)]
struct Totals {
    articles: usize,
    backlinks: usize,
    statements: usize,
}

/// An article as it appears in lists.
#[derive(Serialize, Clone)]
struct ArticleSummary {
    slug: String,
    title: String,
    url: String,
    date: String,
    summary: String,
    actors: Vec<EntityLink>,
    topics: Vec<EntityLink>,
}

/// A link to an actor or topic, with a count where the list ranks them.
#[derive(Serialize, Clone)]
struct EntityLink {
    slug: String,
    name: String,
    url: String,
    kind: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct ArticleView<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    date: String,
    updated: Option<String>,
    summary: &'a str,
    source: Option<SourceView<'a>>,
    /// Listed in front matter; `count` is how often the body mentions each.
    actors: Vec<EntityLink>,
    topics: Vec<EntityLink>,
    /// Mentioned in the body but not listed.
    also_actors: Vec<EntityLink>,
    also_topics: Vec<EntityLink>,
    statements: Vec<StatementView>,
    annotations: Vec<AnnotationView>,
    /// The W3C Web Annotation export, when the article has annotations.
    annotations_url: Option<String>,
    body: String,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

/// A statement: on the article page and in an actor's ledger.
#[derive(Serialize)]
struct StatementView {
    text: String,
    speaker: EntityLink,
    /// The highlighted passage on the article page.
    url: String,
    article_title: String,
    article_url: String,
    date: String,
}

#[derive(Serialize)]
struct AnnotationView {
    /// Position in front matter, from 1; the passage's id is `annotation-<number>`.
    number: usize,
    kind: AnnotationKind,
    /// `Context`, `Analysis`, `Claim` or `Correction`.
    label: &'static str,
    verdict: Option<String>,
    quote: String,
    note: String,
    url: String,
}

/// An article that mentions an entity, with the sentence around the first mention.
#[derive(Serialize)]
struct BacklinkView {
    article: ArticleSummary,
    count: usize,
    sentence: String,
    /// False when the article mentions the entity without listing it ("also mentioned in").
    listed: bool,
}

#[derive(Serialize)]
struct SourceView<'a> {
    publisher: Option<&'a str>,
    url: Option<&'a str>,
    author: Option<&'a str>,
    published: Option<&'a str>,
}

#[derive(Serialize)]
struct ActorView<'a> {
    slug: &'a str,
    name: &'a str,
    kind: &'static str,
    url: String,
    aliases: Vec<&'a str>,
    wikidata: Option<&'a str>,
    wikidata_url: Option<String>,
    links: Vec<&'a str>,
    roles: Vec<RoleView>,
    holders: Vec<EntityLink>,
    affiliations: Vec<EntityLink>,
    profile: String,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize)]
struct RoleView {
    office: EntityLink,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct TopicView<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    aliases: Vec<&'a str>,
    parent: Option<EntityLink>,
    children: Vec<EntityLink>,
    description: String,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize)]
struct Day {
    date: String,
    articles: Vec<ArticleSummary>,
}

#[derive(Serialize)]
struct ActorGroup {
    kind: &'static str,
    label: &'static str,
    actors: Vec<EntityLink>,
}

#[derive(Serialize)]
struct ArchiveYear {
    year: i32,
    count: usize,
    months: Vec<ArchiveMonth>,
}

#[derive(Serialize, Clone)]
struct ArchiveMonth {
    /// `YYYY-MM`, also the anchor id.
    id: String,
    /// The first day of the month, for the `date` filter.
    date: String,
    count: usize,
    /// The month's own archive page.
    url: String,
}

/// A month of the archive and its articles (by index, newest first).
struct MonthArticles {
    month: ArchiveMonth,
    /// The page's folder, `archive/YYYY/MM/`.
    path: String,
    year: i32,
    articles: Vec<usize>,
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
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    let mut month = String::new();
    for node in &site.articles {
        let month_path = urls::archive_month_path(&node.article.date);
        if month_path != month {
            paths.push(format!("{month_path}index.html"));
            month = month_path;
        }
        let folder = urls::article_path(&node.article.origin.slug);
        paths.push(format!("{folder}index.html"));
        if node.text.annotations.iter().any(Option::is_some) {
            paths.push(format!("{folder}annotations.jsonld"));
        }
    }
    for (folder, pages) in actor_folders(site).chain(topic_folders(site)) {
        for page in 1..=pages {
            paths.push(format!("{}index.html", urls::numbered_page(&folder, page)));
        }
        paths.push(format!("{folder}atom.xml"));
    }
    paths.extend(static_files.iter().cloned());
    paths
}

/// Each actor's page folder and how many pages it has.
fn actor_folders(site: &Site) -> impl Iterator<Item = (String, usize)> + '_ {
    let folder = |n: &ActorNode| urls::actor_path(&n.actor.origin.slug);
    site.actors
        .iter()
        .map(move |n| (folder(n), entity_pages(&actor_lists(n))))
}

/// Each topic's page folder and how many pages it has.
fn topic_folders(site: &Site) -> impl Iterator<Item = (String, usize)> + '_ {
    let folder = |n: &TopicNode| urls::topic_path(&n.topic.origin.slug);
    site.topics
        .iter()
        .map(move |n| (folder(n), entity_pages(&topic_lists(n))))
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
            if wanted(&format!("{}index.html", urls::numbered_page(&folder, page))) {
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

/// The search index script of `site`: the kept index patched for the `changed` articles,
/// or made afresh.
fn search_index(site: &Site, kept: &mut Option<SearchIndex>, changed: Option<&[&str]>) -> String {
    let index = match (kept.as_mut(), changed) {
        (Some(index), Some(changed)) => {
            index.update(site, changed);
            index
        }
        _ => kept.insert(SearchIndex::new(site)),
    };
    index.script()
}

/// Articles' bodies as feeds carry them, kept between builds of one site (`serve` keeps
/// them): a feed holds fifty bodies, and an edit touches one.
#[derive(Default)]
pub struct FeedBodies {
    /// By slug, with the article and reading each was made from.
    by_slug: HashMap<String, FeedBody>,
}

impl FeedBodies {
    fn get(&self, node: &ArticleNode) -> Option<&str> {
        let (article, text, body) = self.by_slug.get(&node.article.origin.slug)?;
        let same = Arc::ptr_eq(article, &node.article) && Arc::ptr_eq(text, &node.text);
        same.then_some(&**body)
    }
}

/// A feed body, with the article and reading it was made from.
type FeedBody = (Arc<Article>, Arc<ArticleText>, Arc<str>);
type FeedBodyEntries = Vec<(String, FeedBody)>;

/// What rendering keeps between builds of one site (`serve` keeps one): feed bodies, and
/// the search index to patch.
#[derive(Default)]
pub struct RenderCache {
    feed_bodies: FeedBodies,
    search: Option<SearchIndex>,
}

/// Renders the pages whose output path `wanted` accepts (static files only when all are
/// wanted): a rebuild after one article changed renders only what shows that article.
/// `changed` names the articles that may differ from the site `cache` last rendered (read
/// or analysed again); `None` renders from scratch.
pub fn render_selected(
    site: &Site,
    theme: &Theme,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    cache: &mut RenderCache,
    changed: Option<&[&str]>,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    if changed.is_none() {
        *cache = RenderCache::default();
    }
    let search_index = search_index(site, &mut cache.search, changed);
    let renderer = Renderer::new(site, theme, &cache.feed_bodies);
    let mut results: Vec<Result<Page, Diagnostic>> = Vec::new();
    let indexes = [
        "index.html",
        "actors/index.html",
        "topics/index.html",
        "archive/index.html",
    ];
    for path in indexes.into_iter().filter(|path| wanted(path)) {
        results.push(match path {
            "index.html" => renderer.home(),
            "actors/index.html" => renderer.actors_index(),
            "topics/index.html" => renderer.topics_index(),
            _ => renderer.archive(),
        });
    }
    let months = renderer.archive_months();
    let month_pages: Vec<Result<Page, Diagnostic>> = (0..months.len())
        .into_par_iter()
        .filter(|&at| wanted(&format!("{}index.html", months[at].path)))
        .map(|at| renderer.archive_month(months, at))
        .collect();
    results.extend(month_pages);
    let articles: Vec<Result<Vec<Page>, Diagnostic>> = (0..site.articles.len())
        .into_par_iter()
        .filter(|&i| {
            wanted(&format!(
                "{}index.html",
                urls::article_path(&site.articles[i].article.origin.slug)
            ))
        })
        .map(|i| renderer.article(i))
        .collect();
    for result in articles {
        match result {
            Ok(pages) => results.extend(pages.into_iter().map(Ok)),
            Err(problem) => results.push(Err(problem)),
        }
    }
    let actor_pages = wanted_entity_pages(actor_folders(site), wanted);
    let topic_pages = wanted_entity_pages(topic_folders(site), wanted);
    let actors: Vec<_> = actor_pages
        .into_par_iter()
        .map(|(i, page)| renderer.actor(i, page))
        .collect();
    let topics: Vec<_> = topic_pages
        .into_par_iter()
        .map(|(i, page)| renderer.topic(i, page))
        .collect();
    results.extend(actors);
    results.extend(topics);
    results.extend(renderer.feeds(wanted));
    results.extend(renderer.site_files(wanted));
    if wanted("search-index.js") {
        results.push(Ok(Page {
            path: "search-index.js".to_string(),
            bytes: search_index.into_bytes(),
        }));
    }
    let made = renderer.feed_bodies_made();
    cache.feed_bodies.by_slug.extend(made);
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(problem) if !problems.contains(&problem) => problems.push(problem),
            Err(_) => {}
        }
    }
    if wanted("") {
        for (path, bytes) in &theme.static_files {
            pages.push(Page {
                path: path.clone(),
                bytes: bytes.clone(),
            });
        }
    }
    if problems.is_empty() {
        Ok(pages)
    } else {
        Err(problems)
    }
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    urls: Urls,
    /// Rendered article summaries, by article index.
    summaries: Vec<OnceLock<ArticleSummary>>,
    /// Each article's body as HTML, rendered once (when first needed) for its page and feeds.
    bodies: Vec<OnceLock<String>>,
    /// Each article's body as feeds carry it, made once however many feeds hold it.
    feed_bodies: Vec<OnceLock<String>>,
    /// Feed bodies of earlier builds.
    kept: &'a FeedBodies,
    months: OnceLock<Vec<MonthArticles>>,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme, kept: &'a FeedBodies) -> Self {
        let urls = Urls::new(&site.config.base_url, site.config.relative_urls);
        Renderer {
            site,
            theme,
            urls,
            summaries: site.articles.iter().map(|_| OnceLock::new()).collect(),
            bodies: site.articles.iter().map(|_| OnceLock::new()).collect(),
            feed_bodies: site.articles.iter().map(|_| OnceLock::new()).collect(),
            kept,
            months: OnceLock::new(),
        }
    }

    /// The feed bodies this build made afresh, to keep for the next.
    fn feed_bodies_made(&self) -> FeedBodyEntries {
        self.site
            .articles
            .iter()
            .zip(&self.feed_bodies)
            .filter_map(|(node, body)| Some((node, body.get()?)))
            .filter(|(node, _)| self.kept.get(node).is_none())
            .map(|(node, body)| {
                let kept = (
                    Arc::clone(&node.article),
                    Arc::clone(&node.text),
                    Arc::from(body.as_str()),
                );
                (node.article.origin.slug.clone(), kept)
            })
            .collect()
    }

    /// The article's body as its feed entries carry it: absolute links, escaped for XML.
    fn feed_body(&self, index: usize, base: &str, url: &str) -> &str {
        self.feed_bodies[index].get_or_init(|| match self.kept.get(&self.site.articles[index]) {
            Some(body) => body.to_string(),
            None => feeds::xml_text(&feed_content(self.body(index), base, url)),
        })
    }

    /// The article at `index` as lists show it, made when first needed.
    fn summary_at(&self, index: usize) -> &ArticleSummary {
        self.summaries[index].get_or_init(|| self.summary(&self.site.articles[index]))
    }

    /// The article's body as HTML, with its marks, notes and mentions.
    fn body(&self, index: usize) -> &str {
        self.bodies[index].get_or_init(|| {
            let node = &self.site.articles[index];
            markdown::article_html(&node.article.body, &self.decorations(node))
        })
    }

    fn summary(&self, node: &ArticleNode) -> ArticleSummary {
        let article = &node.article;
        ArticleSummary {
            slug: article.origin.slug.clone(),
            title: article.front.title.value.clone(),
            url: self.urls.page(&urls::article_path(&article.origin.slug)),
            date: timestamp(&article.date),
            summary: article.front.summary.clone(),
            actors: node.actors.iter().map(|&a| self.actor_link(a, 0)).collect(),
            topics: node.topics.iter().map(|&t| self.topic_link(t, 0)).collect(),
        }
    }

    fn actor_link(&self, index: usize, count: usize) -> EntityLink {
        let actor = &self.site.actors[index].actor;
        EntityLink {
            slug: actor.origin.slug.clone(),
            name: actor.front.name.value.clone(),
            url: self.urls.page(&urls::actor_path(&actor.origin.slug)),
            kind: kind_name(actor.front.kind),
            count,
        }
    }

    fn topic_link(&self, index: usize, count: usize) -> EntityLink {
        let topic = &self.site.topics[index].topic;
        EntityLink {
            slug: topic.origin.slug.clone(),
            name: topic.front.name.value.clone(),
            url: self.urls.page(&urls::topic_path(&topic.origin.slug)),
            kind: "topic",
            count,
        }
    }

    fn summaries_of(&self, articles: &[usize]) -> Vec<ArticleSummary> {
        articles
            .iter()
            .map(|&i| self.summary_at(i).clone())
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
        context.insert("site", &self.site_context());
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
        let text = self
            .theme
            .tera
            .render(template, context)
            .map_err(|error| theme::template_diagnostic(&error, &self.theme.template_files))?;
        let text = feeds::without_forbidden_chars(text);
        let text = urls::relativize(text, path);
        Ok(Page {
            path: path.to_string(),
            bytes: text.into_bytes(),
        })
    }

    fn site_context(&self) -> SiteContext<'_> {
        let config = &self.site.config;
        SiteContext {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: self.urls.base(),
            home_url: self.urls.page(""),
            actors_url: self.urls.page("actors/"),
            topics_url: self.urls.page("topics/"),
            archive_url: self.urls.page("archive/"),
            search_url: self.urls.page("search/"),
            stylesheet_url: self.urls.file("style.css"),
            search_index_url: self.urls.file("search-index.js"),
            search_script_url: self.urls.file("search.js"),
            feed_url: self.urls.file("atom.xml"),
            root_url: self.urls.root(),
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

    fn home(&self) -> Result<Page, Diagnostic> {
        let latest: Vec<usize> = (0..self.site.articles.len().min(HOME_ARTICLES)).collect();
        let mut days: Vec<Day> = Vec::new();
        for &index in &latest {
            let date = timestamp(&self.site.articles[index].article.date);
            let summary = self.summary_at(index).clone();
            match days.last_mut() {
                Some(day) if day.date[..10] == date[..10] => day.articles.push(summary),
                _ => days.push(Day {
                    date,
                    articles: vec![summary],
                }),
            }
        }
        let site = self.site;
        let top_actors: Vec<EntityLink> =
            resolve::tally(&latest, |i| &site.articles[i].actors, None)
                .iter()
                .take(HOME_TOP)
                .map(|t| self.actor_link(t.index, t.count))
                .collect();
        let top_topics: Vec<EntityLink> =
            resolve::tally(&latest, |i| &site.articles[i].topics, None)
                .iter()
                .take(HOME_TOP)
                .map(|t| self.topic_link(t.index, t.count))
                .collect();
        let config = &self.site.config;
        let page = self.page_context("home", &config.title, &config.description, "");
        self.page("index.html", "", page, |c| {
            c.insert("days", &days);
            c.insert("top_actors", &top_actors);
            c.insert("top_topics", &top_topics);
        })
    }

    fn article(&self, index: usize) -> Result<Vec<Page>, Diagnostic> {
        let node = &self.site.articles[index];
        let article = &node.article;
        let front = &article.front;
        let path = urls::article_path(&article.origin.slug);
        let source = front.source.as_ref().map(|s| SourceView {
            publisher: s.publisher.as_deref(),
            url: s.url.as_ref().map(|u| u.value.as_str()),
            author: s.author.as_deref(),
            published: s.published.as_ref().map(|p| p.value.as_str()),
        });
        let mentions_of = |entity: EntityRef| {
            node.text
                .summaries
                .iter()
                .find(|s| s.entity == entity)
                .map_or(0, |s| s.count)
        };
        let annotations = self.annotation_views(node, &path);
        let annotations_url =
            (!annotations.is_empty()).then(|| self.urls.file(&format!("{path}annotations.jsonld")));
        let view = ArticleView {
            slug: &article.origin.slug,
            title: &front.title.value,
            url: self.urls.page(&path),
            date: timestamp(&article.date),
            updated: article.updated.as_ref().map(timestamp),
            summary: &front.summary,
            source,
            actors: node
                .actors
                .iter()
                .map(|&a| self.actor_link(a, mentions_of(EntityRef::Actor(a))))
                .collect(),
            topics: node
                .topics
                .iter()
                .map(|&t| self.topic_link(t, mentions_of(EntityRef::Topic(t))))
                .collect(),
            also_actors: self.tallies(&node.also_actors, Self::actor_link),
            also_topics: self.tallies(&node.also_topics, Self::topic_link),
            statements: (0..front.quotes.len())
                .filter_map(|q| self.statement_view(index, q))
                .collect(),
            annotations_url: annotations_url.clone(),
            annotations,
            body: self.body(index).to_string(),
            extra: &front.extra,
        };
        let related = self.summaries_of(&node.related);
        let mut page = self.page_context("article", &front.title.value, &front.summary, &path);
        page.json_ld = Some(self.json_ld(node, &path));
        let html = self.page("article.html", &path, page, |c| {
            c.insert("article", &view);
            c.insert("related", &related);
        })?;
        let mut pages = vec![html];
        if annotations_url.is_some() {
            pages.push(Page {
                path: format!("{path}annotations.jsonld"),
                bytes: self.web_annotations(node, &path).into_bytes(),
            });
        }
        Ok(pages)
    }

    /// Marks, side notes, mentions and wikilinks for an article body.
    fn decorations(&self, node: &ArticleNode) -> Decorations {
        let front = &node.article.front;
        let mut marks = Vec::new();
        for (i, (quote, passage)) in front.quotes.iter().zip(&node.text.quotes).enumerate() {
            let Some(passage) = passage else { continue };
            let speaker = self.actor_by_slug(&quote.by.value);
            let name = speaker.map_or(quote.by.value.clone(), |s| self.actor_link(s, 0).name);
            marks.push(Mark {
                range: passage.range.clone(),
                id: format!("statement-{}", i + 1),
                class: "statement".to_string(),
                attributes: vec![
                    ("data-speaker".to_string(), quote.by.value.clone()),
                    ("title".to_string(), name),
                ],
                note: None,
            });
        }
        for (i, (annotation, passage)) in front
            .annotations
            .iter()
            .zip(&node.text.annotations)
            .enumerate()
        {
            let Some(passage) = passage else { continue };
            let kind = kind_of_annotation(annotation.kind);
            marks.push(Mark {
                range: passage.range.clone(),
                id: format!("annotation-{}", i + 1),
                class: format!("annotation annotation-{kind}"),
                attributes: vec![("data-annotation".to_string(), (i + 1).to_string())],
                note: Some(SideNote {
                    label: annotation_label(annotation),
                    class: format!("sidenote-{kind}"),
                    html: markdown::inline_html(
                        &annotation.note,
                        self.site.config.raw_html,
                        &self.urls.site_root(),
                    ),
                }),
            });
        }
        let mentions = node
            .text
            .mentions
            .iter()
            .filter_map(|mention| {
                let link = self.entity_link(mention.entity)?;
                Some(MentionSpan {
                    range: mention.range.clone(),
                    slug: link.slug,
                    url: mention.linked.then_some(link.url),
                })
            })
            .collect();
        let wikilinks = node
            .text
            .wikilinks
            .iter()
            .filter_map(|w| {
                let link = self.entity_link(w.entity)?;
                Some(WikiLink {
                    event: w.event,
                    slug: link.slug,
                    url: link.url,
                    name: link.name,
                })
            })
            .collect();
        Decorations {
            marks,
            mentions,
            wikilinks,
            raw_html: self.site.config.raw_html,
            root: self.urls.site_root(),
        }
    }

    /// A link to any entity a mention or wikilink can name.
    fn entity_link(&self, entity: EntityRef) -> Option<EntityLink> {
        match entity {
            EntityRef::Actor(a) => Some(self.actor_link(a, 0)),
            EntityRef::Topic(t) => Some(self.topic_link(t, 0)),
            EntityRef::Article(a) => {
                if a >= self.site.articles.len() {
                    return None;
                }
                let summary = self.summary_at(a);
                Some(EntityLink {
                    slug: summary.slug.clone(),
                    name: summary.title.clone(),
                    url: summary.url.clone(),
                    kind: "article",
                    count: 0,
                })
            }
        }
    }

    fn actor_by_slug(&self, slug: &str) -> Option<usize> {
        self.site
            .actors
            .binary_search_by(|a| a.actor.origin.slug.as_str().cmp(slug))
            .ok()
    }

    fn statement_view(&self, article: usize, quote: usize) -> Option<StatementView> {
        let node = &self.site.articles[article];
        let passage = node.text.quotes.get(quote)?.as_ref()?;
        let entry = node.article.front.quotes.get(quote)?;
        let summary = self.summary_at(article);
        Some(StatementView {
            text: passage.exact.clone(),
            speaker: self.actor_link(self.actor_by_slug(&entry.by.value)?, 0),
            url: format!("{}#statement-{}", summary.url, quote + 1),
            article_title: summary.title.clone(),
            article_url: summary.url.clone(),
            date: summary.date.clone(),
        })
    }

    fn annotation_views(&self, node: &ArticleNode, path: &str) -> Vec<AnnotationView> {
        let url = self.urls.page(path);
        node.article
            .front
            .annotations
            .iter()
            .zip(&node.text.annotations)
            .enumerate()
            .filter_map(|(i, (annotation, passage))| {
                Some(AnnotationView {
                    number: i + 1,
                    kind: annotation.kind,
                    label: kind_label_of_annotation(annotation.kind),
                    verdict: annotation.verdict.as_ref().map(|v| v.value.clone()),
                    quote: passage.as_ref()?.exact.clone(),
                    note: markdown::to_html(
                        &annotation.note,
                        self.site.config.raw_html,
                        &self.urls.site_root(),
                    ),
                    url: format!("{url}#annotation-{}", i + 1),
                })
            })
            .collect()
    }

    /// The article's annotations as a W3C Web Annotation collection (JSON-LD).
    fn web_annotations(&self, node: &ArticleNode, path: &str) -> String {
        let article_url = self.urls.absolute_page(path);
        let collection_url = self
            .urls
            .absolute_file(&format!("{path}annotations.jsonld"));
        let created = timestamp(&node.article.updated.unwrap_or(node.article.date));
        let items: Vec<serde_json::Value> = node
            .article
            .front
            .annotations
            .iter()
            .zip(&node.text.annotations)
            .enumerate()
            .filter_map(|(i, (annotation, passage))| {
                let passage = passage.as_ref()?;
                let mut body = vec![serde_json::json!({
                    "type": "TextualBody",
                    "value": annotation.note,
                    "format": "text/markdown",
                    "purpose": motivation(annotation.kind),
                })];
                if let Some(verdict) = &annotation.verdict {
                    body.push(serde_json::json!({
                        "type": "TextualBody",
                        "value": verdict.value,
                        "purpose": "assessing",
                    }));
                }
                Some(serde_json::json!({
                    "id": format!("{article_url}#annotation-{}", i + 1),
                    "type": "Annotation",
                    "motivation": motivation(annotation.kind),
                    "created": created,
                    "body": body,
                    "target": {
                        "source": article_url,
                        "type": "Text",
                        "format": "text/html",
                        "selector": {
                            "type": "TextQuoteSelector",
                            "exact": passage.exact,
                            "prefix": passage.prefix,
                            "suffix": passage.suffix,
                        },
                    },
                }))
            })
            .collect();
        let collection = serde_json::json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": collection_url,
            "type": "AnnotationCollection",
            "label": format!("Annotations on “{}”", node.article.front.title.value),
            "total": items.len(),
            "first": {
                "id": format!("{collection_url}#page-1"),
                "type": "AnnotationPage",
                "startIndex": 0,
                "items": items,
            },
        });
        let mut text = serde_json::to_string_pretty(&collection).unwrap_or_default();
        text.push('\n');
        text
    }

    fn backlink_views(&self, backlinks: &[Backlink]) -> Vec<BacklinkView> {
        backlinks
            .iter()
            .map(|b| BacklinkView {
                article: self.summary_at(b.article).clone(),
                count: b.count,
                sentence: b.sentence.to_string(),
                listed: b.listed,
            })
            .collect()
    }

    fn actors_index(&self) -> Result<Page, Diagnostic> {
        let mut groups: Vec<ActorGroup> = Vec::new();
        for kind in ActorKind::ALL.iter().copied().map(Some).chain([None]) {
            let mut actors: Vec<EntityLink> = self
                .site
                .actors
                .iter()
                .enumerate()
                .filter(|(_, node)| node.actor.front.kind == kind)
                .map(|(i, node)| self.actor_link(i, node.articles.len()))
                .collect();
            if actors.is_empty() {
                continue;
            }
            actors.sort_by_key(|a| a.name.to_lowercase());
            groups.push(ActorGroup {
                kind: kind_name(kind),
                label: kind_label(kind),
                actors,
            });
        }
        let page = self.page_context(
            "actors",
            "Actors",
            "Every actor in this briefing.",
            "actors/",
        );
        self.page("actors.html", "actors/", page, |c| {
            c.insert("groups", &groups)
        })
    }

    fn actor(&self, index: usize, number: usize) -> Result<Page, Diagnostic> {
        let ActorNode {
            actor,
            articles,
            topics,
            alongside,
            holders,
            backlinks,
            statements,
        } = &self.site.actors[index];
        let front = &actor.front;
        let path = urls::actor_path(&actor.origin.slug);
        let actor_index = |slug: &str| {
            self.site
                .actors
                .iter()
                .position(|n| n.actor.origin.slug == slug)
        };
        let view = ActorView {
            slug: &actor.origin.slug,
            name: &front.name.value,
            kind: kind_name(front.kind),
            url: self.urls.page(&path),
            aliases: front
                .aliases
                .iter()
                .map(|a| shown_alias(&a.value))
                .collect(),
            wikidata: front.wikidata.as_ref().map(|w| w.value.as_str()),
            wikidata_url: front
                .wikidata
                .as_ref()
                .map(|w| format!("https://www.wikidata.org/wiki/{}", w.value)),
            links: front.links.iter().map(|l| l.value.as_str()).collect(),
            roles: actor
                .roles
                .iter()
                .filter_map(|role| {
                    Some(RoleView {
                        office: self.actor_link(actor_index(&role.office.value)?, 0),
                        from: role.from.map(|d| d.to_string()),
                        to: role.to.map(|d| d.to_string()),
                    })
                })
                .collect(),
            holders: holders.iter().map(|&h| self.actor_link(h, 0)).collect(),
            affiliations: front
                .affiliations
                .iter()
                .filter_map(|a| actor_index(&a.value))
                .map(|a| self.actor_link(a, 0))
                .collect(),
            profile: markdown::to_html(
                &actor.profile,
                self.site.config.raw_html,
                &self.urls.site_root(),
            ),
            extra: &front.extra,
        };
        let summary = first_sentence(&actor.profile);
        let pages = entity_pages(&actor_lists(&self.site.actors[index]));
        let own = urls::numbered_page(&path, number);
        let mut page = self.page_context("actor", &front.name.value, &summary, &own);
        page.title = page_title(&front.name.value, number);
        page.feed_url = Some(self.urls.file(&format!("{path}atom.xml")));
        let totals = Totals {
            articles: articles.len(),
            backlinks: backlinks.len(),
            statements: statements.len(),
        };
        self.page("actor.html", &own, page, |c| {
            c.insert("actor", &view);
            c.insert("articles", &self.summaries_of(page_slice(articles, number)));
            c.insert("topics", &self.tallies(topics, Self::topic_link));
            c.insert("alongside", &self.tallies(alongside, Self::actor_link));
            c.insert(
                "backlinks",
                &self.backlink_views(page_slice(backlinks, number)),
            );
            let ledger: Vec<StatementView> = page_slice(statements, number)
                .iter()
                .filter_map(|s| self.statement_view(s.article, s.quote))
                .collect();
            c.insert("statements", &ledger);
            c.insert("totals", &totals);
            c.insert("pagination", &self.pagination(&path, number, pages));
        })
    }

    /// Links between the pages of an actor or topic in `folder`.
    fn pagination(&self, folder: &str, page: usize, pages: usize) -> Pagination {
        let url = |page: usize| self.urls.page(&urls::numbered_page(folder, page));
        Pagination {
            page,
            pages,
            newer_url: (page > 1).then(|| url(page - 1)),
            older_url: (page < pages).then(|| url(page + 1)),
        }
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

    fn topics_index(&self) -> Result<Page, Diagnostic> {
        let mut topics: Vec<EntityLink> = self
            .site
            .topics
            .iter()
            .enumerate()
            .map(|(i, node)| self.topic_link(i, node.articles.len()))
            .collect();
        topics.sort_by_key(|a| a.name.to_lowercase());
        let page = self.page_context(
            "topics",
            "Topics",
            "Every topic in this briefing.",
            "topics/",
        );
        self.page("topics.html", "topics/", page, |c| {
            c.insert("topics", &topics)
        })
    }

    fn topic(&self, index: usize, number: usize) -> Result<Page, Diagnostic> {
        let TopicNode {
            topic,
            parent,
            children,
            articles,
            actors,
            alongside,
            backlinks,
        } = &self.site.topics[index];
        let front = &topic.front;
        let path = urls::topic_path(&topic.origin.slug);
        let view = TopicView {
            slug: &topic.origin.slug,
            name: &front.name.value,
            url: self.urls.page(&path),
            aliases: front
                .aliases
                .iter()
                .map(|a| shown_alias(&a.value))
                .collect(),
            parent: parent.map(|p| self.topic_link(p, 0)),
            children: children.iter().map(|&c| self.topic_link(c, 0)).collect(),
            description: markdown::to_html(
                &topic.description,
                self.site.config.raw_html,
                &self.urls.site_root(),
            ),
            extra: &front.extra,
        };
        let summary = first_sentence(&topic.description);
        let pages = entity_pages(&topic_lists(&self.site.topics[index]));
        let own = urls::numbered_page(&path, number);
        let mut page = self.page_context("topic", &front.name.value, &summary, &own);
        page.title = page_title(&front.name.value, number);
        page.feed_url = Some(self.urls.file(&format!("{path}atom.xml")));
        let totals = Totals {
            articles: articles.len(),
            backlinks: backlinks.len(),
            statements: 0,
        };
        self.page("topic.html", &own, page, |c| {
            c.insert("topic", &view);
            c.insert("articles", &self.summaries_of(page_slice(articles, number)));
            c.insert("actors", &self.tallies(actors, Self::actor_link));
            c.insert("alongside", &self.tallies(alongside, Self::topic_link));
            c.insert(
                "backlinks",
                &self.backlink_views(page_slice(backlinks, number)),
            );
            c.insert("totals", &totals);
            c.insert("pagination", &self.pagination(&path, number, pages));
        })
    }

    /// The article's schema.org `NewsArticle`, with a `ClaimReview` per judged claim.
    fn json_ld(&self, node: &ArticleNode, path: &str) -> String {
        let article = &node.article;
        let front = &article.front;
        let source = front.source.as_ref();
        let url = self.urls.absolute_page(path);
        let actor_things: Vec<(String, String, &'static str, Option<String>)> = node
            .actors
            .iter()
            .chain(node.also_actors.iter().map(|t| &t.index))
            .map(|&a| {
                let actor = &self.site.actors[a].actor;
                let same_as = actor
                    .front
                    .wikidata
                    .as_ref()
                    .map(|w| format!("https://www.wikidata.org/wiki/{}", w.value));
                let url = self
                    .urls
                    .absolute_page(&urls::actor_path(&actor.origin.slug));
                (
                    actor.front.name.value.clone(),
                    url,
                    schema_type(actor.front.kind),
                    same_as,
                )
            })
            .collect();
        let topic_things: Vec<(String, String)> = node
            .topics
            .iter()
            .chain(node.also_topics.iter().map(|t| &t.index))
            .map(|&t| {
                let topic = &self.site.topics[t].topic;
                (
                    topic.front.name.value.clone(),
                    self.urls
                        .absolute_page(&urls::topic_path(&topic.origin.slug)),
                )
            })
            .collect();
        let claims: Vec<ClaimFacts> = front
            .annotations
            .iter()
            .zip(&node.text.annotations)
            .enumerate()
            .filter_map(|(i, (annotation, passage))| {
                let verdict = annotation.verdict.as_ref()?;
                (annotation.kind == AnnotationKind::Claim).then(|| ClaimFacts {
                    url: format!("{url}#annotation-{}", i + 1),
                    claim: passage
                        .as_ref()
                        .map_or(annotation.quote.value.as_str(), |p| p.exact.as_str()),
                    verdict: &verdict.value,
                    note: &annotation.note,
                })
            })
            .collect();
        let published = timestamp(&article.date);
        let modified = timestamp(&article.updated.unwrap_or(article.date));
        let facts = ArticleFacts {
            url: &url,
            headline: &front.title.value,
            description: &front.summary,
            published: &published,
            modified: &modified,
            language: &self.site.config.language,
            source_url: source
                .and_then(|s| s.url.as_ref())
                .map(|u| u.value.as_str()),
            source_publisher: source.and_then(|s| s.publisher.as_deref()),
            source_author: source.and_then(|s| s.author.as_deref()),
            mentions: actor_things
                .iter()
                .map(|(name, url, schema_type, same_as)| Thing {
                    schema_type,
                    name,
                    url,
                    same_as: same_as.clone(),
                })
                .collect(),
            about: topic_things
                .iter()
                .map(|(name, url)| Thing {
                    schema_type: "Thing",
                    name,
                    url,
                    same_as: None,
                })
                .collect(),
            claims,
            site_name: &self.site.config.title,
        };
        metadata::article_json_ld(&facts)
    }

    /// An Atom feed at `path` of the newest of `articles` (indices, newest first).
    fn feed(
        &self,
        path: &str,
        title: &str,
        page_path: &str,
        articles: &[usize],
    ) -> Result<Page, Diagnostic> {
        let base = self.urls.base();
        let entries: Vec<FeedEntry> = articles
            .iter()
            .take(FEED_ENTRIES)
            .map(|&index| {
                let node = &self.site.articles[index];
                let article = &node.article;
                let front = &article.front;
                let source = front.source.as_ref();
                let url = self
                    .urls
                    .absolute_page(&urls::article_path(&article.origin.slug));
                let author = source
                    .and_then(|s| s.author.clone().or_else(|| s.publisher.clone()))
                    .unwrap_or_else(|| self.site.config.title.clone());
                let categories = node
                    .actors
                    .iter()
                    .map(|&a| self.actor_link(a, 0))
                    .chain(node.topics.iter().map(|&t| self.topic_link(t, 0)))
                    .map(|link| FeedCategory {
                        term: link.slug,
                        label: feeds::xml_text(&link.name),
                    })
                    .collect();
                FeedEntry {
                    id: feeds::entry_id(base, &article.origin.slug),
                    title: feeds::xml_text(&front.title.value),
                    url: url.clone(),
                    published: timestamp(&article.date),
                    updated: timestamp(&article.updated.unwrap_or(article.date)),
                    author: feeds::xml_text(&author),
                    source_url: source.and_then(|s| s.url.as_ref()).map(|u| u.value.clone()),
                    summary: feeds::xml_text(&front.summary),
                    content: self.feed_body(index, base, &url).to_string(),
                    categories,
                }
            })
            .collect();
        let updated = entries
            .iter()
            .map(|e| e.updated.as_str())
            .max()
            .map_or_else(|| self.latest_date(), str::to_string);
        let feed = Feed {
            title: feeds::xml_text(title),
            subtitle: feeds::xml_text(&self.site.config.description),
            id: feeds::feed_id(base, path),
            url: self.urls.absolute_file(path),
            page_url: self.urls.absolute_page(page_path),
            updated,
            entries,
        };
        let mut context = Context::new();
        context.insert("site", &self.site_context());
        context.insert("feed", &feed);
        self.render_file("atom.xml", path, &context)
    }

    /// The newest article date, or the epoch for an empty site: never the build time.
    fn latest_date(&self) -> String {
        self.site.articles.first().map_or_else(
            || "1970-01-01T00:00:00+00:00".to_string(),
            |n| timestamp(&n.article.updated.unwrap_or(n.article.date)),
        )
    }

    /// Articles that list or mention an entity, newest first.
    fn articles_concerning(listed: &[usize], backlinks: &[Backlink]) -> Vec<usize> {
        let mut all: Vec<usize> = listed
            .iter()
            .copied()
            .chain(backlinks.iter().map(|b| b.article))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    fn feeds(&self, wanted: &(dyn Fn(&str) -> bool + Sync)) -> Vec<Result<Page, Diagnostic>> {
        let mut pages = Vec::new();
        if wanted("atom.xml") {
            let all: Vec<usize> = (0..self.site.articles.len()).collect();
            pages.push(self.feed("atom.xml", &self.site.config.title, "", &all));
        }
        // Every actor and topic: (its page folder, its name, the articles that concern it).
        let entities: Vec<(String, &str, Vec<usize>)> = self
            .site
            .actors
            .iter()
            .map(|n| {
                (
                    urls::actor_path(&n.actor.origin.slug),
                    n.actor.front.name.value.as_str(),
                    Self::articles_concerning(&n.articles, &n.backlinks),
                )
            })
            .chain(self.site.topics.iter().map(|n| {
                (
                    urls::topic_path(&n.topic.origin.slug),
                    n.topic.front.name.value.as_str(),
                    Self::articles_concerning(&n.articles, &n.backlinks),
                )
            }))
            .collect();
        let entity_feeds = entities
            .par_iter()
            .filter(|(folder, _, _)| wanted(&format!("{folder}atom.xml")))
            .map(|(folder, name, articles)| {
                let title = format!("{}: {name}", self.site.config.title);
                self.feed(&format!("{folder}atom.xml"), &title, folder, articles)
            });
        pages.extend(entity_feeds.collect::<Vec<_>>());
        pages
    }

    /// `sitemap.xml`, `robots.txt`, `404.html`, the search page and its index.
    fn site_files(&self, wanted: &(dyn Fn(&str) -> bool + Sync)) -> Vec<Result<Page, Diagnostic>> {
        let mut pages = Vec::new();
        if wanted("sitemap.xml") || wanted("robots.txt") {
            pages.extend(self.sitemap_and_robots(wanted));
        }
        if wanted("404.html") {
            let not_found = self.page_context("404", "Page not found", "", "");
            pages.push(self.page_file("404.html", "404.html", not_found, |_| {}));
        }
        if wanted("search/index.html") {
            let search = self.page_context("search", "Search", "Search every article.", "search/");
            pages.push(self.page("search.html", "search/", search, |_| {}));
        }
        pages
    }

    fn sitemap_and_robots(
        &self,
        wanted: &(dyn Fn(&str) -> bool + Sync),
    ) -> Vec<Result<Page, Diagnostic>> {
        let latest = self.latest_date();
        let mut entries = vec![
            SitemapEntry {
                url: self.urls.absolute_page(""),
                lastmod: Some(latest.clone()),
            },
            SitemapEntry {
                url: self.urls.absolute_page("archive/"),
                lastmod: Some(latest.clone()),
            },
            SitemapEntry {
                url: self.urls.absolute_page("actors/"),
                lastmod: None,
            },
            SitemapEntry {
                url: self.urls.absolute_page("topics/"),
                lastmod: None,
            },
            SitemapEntry {
                url: self.urls.absolute_page("search/"),
                lastmod: None,
            },
        ];
        let newest_of = |articles: &[usize]| {
            articles.iter().min().map(|&i| {
                let a = &self.site.articles[i].article;
                timestamp(&a.updated.unwrap_or(a.date))
            })
        };
        for node in &self.site.articles {
            let a = &node.article;
            entries.push(SitemapEntry {
                url: self.urls.absolute_page(&urls::article_path(&a.origin.slug)),
                lastmod: Some(timestamp(&a.updated.unwrap_or(a.date))),
            });
        }
        for node in &self.site.actors {
            entries.push(SitemapEntry {
                url: self
                    .urls
                    .absolute_page(&urls::actor_path(&node.actor.origin.slug)),
                lastmod: newest_of(&Self::articles_concerning(&node.articles, &node.backlinks)),
            });
        }
        for node in &self.site.topics {
            entries.push(SitemapEntry {
                url: self
                    .urls
                    .absolute_page(&urls::topic_path(&node.topic.origin.slug)),
                lastmod: newest_of(&Self::articles_concerning(&node.articles, &node.backlinks)),
            });
        }
        for month in self.archive_months() {
            entries.push(SitemapEntry {
                url: self.urls.absolute_page(&month.path),
                lastmod: newest_of(&month.articles),
            });
        }
        let mut context = Context::new();
        context.insert("site", &self.site_context());
        context.insert("entries", &entries);
        context.insert("sitemap_url", &self.urls.absolute_file("sitemap.xml"));
        ["sitemap.xml", "robots.txt"]
            .into_iter()
            .filter(|file| wanted(file))
            .map(|file| self.render_file(file, file, &context))
            .collect()
    }

    /// The articles by month, newest first.
    fn archive_months(&self) -> &[MonthArticles] {
        self.months.get_or_init(|| self.group_by_month())
    }

    fn group_by_month(&self) -> Vec<MonthArticles> {
        let mut months: Vec<MonthArticles> = Vec::new();
        let mut current = None;
        for (index, node) in self.site.articles.iter().enumerate() {
            let date = node.article.date;
            let month_of = Some((date.year(), date.month()));
            match months.last_mut() {
                Some(month) if current == month_of => {
                    month.month.count += 1;
                    month.articles.push(index);
                }
                _ => {
                    current = month_of;
                    let path = urls::archive_month_path(&date);
                    let id = format!("{:04}-{:02}", date.year(), date.month());
                    months.push(MonthArticles {
                        month: ArchiveMonth {
                            date: format!("{id}-01T00:00:00+00:00"),
                            id,
                            count: 1,
                            url: self.urls.page(&path),
                        },
                        path,
                        year: date.year(),
                        articles: vec![index],
                    });
                }
            }
        }
        months
    }

    fn archive(&self) -> Result<Page, Diagnostic> {
        let mut years: Vec<ArchiveYear> = Vec::new();
        for month in self.archive_months() {
            if years.last().is_none_or(|y| y.year != month.year) {
                years.push(ArchiveYear {
                    year: month.year,
                    count: 0,
                    months: Vec::new(),
                });
            }
            if let Some(year) = years.last_mut() {
                year.count += month.month.count;
                year.months.push(month.month.clone());
            }
        }
        let page = self.page_context(
            "archive",
            "Archive",
            "Every article by year and month.",
            "archive/",
        );
        self.page("archive.html", "archive/", page, |c| {
            c.insert("years", &years)
        })
    }

    /// The page of the month at `at` in `months`, linking to the months either side.
    fn archive_month(&self, months: &[MonthArticles], at: usize) -> Result<Page, Diagnostic> {
        let month = &months[at];
        let name = month
            .articles
            .first()
            .map(|&i| {
                self.site.articles[i]
                    .article
                    .date
                    .format("%B %Y")
                    .to_string()
            })
            .unwrap_or_default();
        let articles: Vec<ArticleSummary> = month
            .articles
            .iter()
            .map(|&i| self.summary_at(i).clone())
            .collect();
        let page = self.page_context(
            "archive",
            &format!("Archive: {name}"),
            &format!("Every article of {name}."),
            &month.path,
        );
        let newer = at.checked_sub(1).map(|i| &months[i].month);
        let older = months.get(at + 1).map(|m| &m.month);
        self.page("archive_month.html", &month.path, page, |c| {
            c.insert("month", &month.month);
            c.insert("articles", &articles);
            c.insert("newer", &newer);
            c.insert("older", &older);
        })
    }
}

fn timestamp(when: &DateTime<FixedOffset>) -> String {
    when.to_rfc3339()
}

/// A page's title: the name, and the page number after the first.
fn page_title(name: &str, page: usize) -> String {
    if page > 1 {
        format!("{name} (page {page})")
    } else {
        name.to_string()
    }
}

/// The first sentence of a Markdown profile, as plain text for meta descriptions.
fn first_sentence(markdown_text: &str) -> String {
    let line = markdown_text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let plain: String = line
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']' | '#'))
        .collect();
    match plain.find(". ") {
        Some(end) => plain[..=end].to_string(),
        None => plain,
    }
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

fn kind_label(kind: Option<ActorKind>) -> &'static str {
    match kind {
        Some(ActorKind::Person) => "People",
        Some(ActorKind::Office) => "Offices",
        Some(ActorKind::Government) => "Governments",
        Some(ActorKind::Organisation) => "Organisations",
        Some(ActorKind::Country) => "Countries",
        Some(ActorKind::Group) => "Groups",
        None => "Other actors",
    }
}

fn kind_of_annotation(kind: AnnotationKind) -> &'static str {
    match kind {
        AnnotationKind::Context => "context",
        AnnotationKind::Analysis => "analysis",
        AnnotationKind::Claim => "claim",
        AnnotationKind::Correction => "correction",
    }
}

fn kind_label_of_annotation(kind: AnnotationKind) -> &'static str {
    match kind {
        AnnotationKind::Context => "Context",
        AnnotationKind::Analysis => "Analysis",
        AnnotationKind::Claim => "Claim",
        AnnotationKind::Correction => "Correction",
    }
}

/// The side note's label: the kind, and a claim's verdict.
fn annotation_label(annotation: &Annotation) -> String {
    let label = kind_label_of_annotation(annotation.kind);
    match (&annotation.verdict, annotation.kind) {
        (Some(verdict), AnnotationKind::Claim) => format!("{label} · {}", verdict.value),
        _ => label.to_string(),
    }
}

/// The W3C motivation each kind of note stands for.
fn motivation(kind: AnnotationKind) -> &'static str {
    match kind {
        AnnotationKind::Context => "describing",
        AnnotationKind::Analysis => "commenting",
        AnnotationKind::Claim => "assessing",
        AnnotationKind::Correction => "editing",
    }
}

/// An alias as readers see it, without the `(?i)` matching marker.
fn shown_alias(written: &str) -> &str {
    written
        .strip_prefix(crate::mentions::IGNORE_CASE_PREFIX)
        .unwrap_or(written)
        .trim()
}

/// The schema.org type an actor kind stands for.
fn schema_type(kind: Option<ActorKind>) -> &'static str {
    match kind {
        Some(ActorKind::Person) => "Person",
        Some(ActorKind::Government) => "GovernmentOrganization",
        Some(ActorKind::Organisation) | Some(ActorKind::Group) => "Organization",
        Some(ActorKind::Country) => "Country",
        Some(ActorKind::Office) | None => "Thing",
    }
}

/// An article body for a feed: links absolute, and `#fragment` links aimed at the article page.
fn feed_content(body: &str, base: &str, article_url: &str) -> String {
    urls::with_root(body, base).replace("href=\"#", &format!("href=\"{article_url}#"))
}
