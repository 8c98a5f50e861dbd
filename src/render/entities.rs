//! Actor and topic pages, each list paged by [`ENTITY_PAGE_ITEMS`](super::ENTITY_PAGE_ITEMS).

use crate::link_target::Use;
use crate::render::{markdown, urls};
use crate::resolve::paths;
use chrono::NaiveDate;

use crate::resolve::{ActorNode, Backlink, Statement, TopicNode};

use super::context::{
    ActorView, BacklinkView, LinkView, MentionView, Pagination, RoleView, StatementGroup,
    StatementView, TopicView, Totals, entity_article,
};
use super::fragments::EntityTallies;
use super::{
    Diagnostic, Page, Renderer, actor_lists, entity_pages, kind_name, page_slice, topic_lists,
};

impl Renderer<'_> {
    /// Page `number` (from 1) of the actor at `index`, with its `tallies`.
    pub(super) fn actor(
        &self,
        index: usize,
        number: usize,
        tallies: &EntityTallies,
    ) -> Result<Page, Diagnostic> {
        let ActorNode {
            actor,
            articles,
            holders,
            backlinks,
            statements,
            ..
        } = &self.site.actors[index];
        let front = &actor.front;
        let path = paths::actor_path(&actor.origin.slug);
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
                .map(|a| shown_alias(a.value.text()))
                .collect(),
            wikidata: front.wikidata.as_ref().map(|w| w.value.as_str()),
            wikidata_url: front
                .wikidata
                .as_ref()
                .and_then(|w| urls::wikidata(&w.value)),
            // A link `check` warned about (unsafe-link) is left off the page.
            links: front
                .links
                .iter()
                .filter_map(|l| urls::from_user(&l.value, Use::Link))
                .map(|url| LinkView {
                    url,
                    host: host_of(url),
                })
                .collect(),
            roles: actor
                .roles
                .iter()
                .filter_map(|role| {
                    Some(RoleView {
                        office: self.actor_link(actor_index(&role.office.value)?, 0),
                        from: role.from.map(|d| d.to_string()),
                        to: role.to.map(|d| d.to_string()),
                        period: period(role.from, role.to),
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
        let own = paths::numbered_page(&path, number);
        let mut page = self.page_context("actor", &front.name.value, &summary, &own);
        page.title = page_title(&front.name.value, number);
        page.feed_url = Some(self.urls.file(&format!("{path}atom.xml")));
        let totals = Totals {
            articles: articles.len(),
            backlinks: backlinks.len(),
            also_mentioned: backlinks.iter().filter(|b| !b.listed).count(),
            statements: statements.len(),
        };
        // The pictures are on the first page only: later pages continue its lists.
        let first = number == 1;
        let timeline = first
            .then(|| self.timeline_figure(&front.name.value, "actor", articles))
            .flatten();
        let network = first.then(|| self.actor_network(index)).flatten();
        self.page("actor.html", &own, page, |c| {
            c.insert("actor", &view);
            c.insert("timeline", &timeline);
            c.insert("network", &network);
            let shown = page_slice(articles, number);
            c.insert("articles", &self.entity_articles(shown, backlinks));
            c.insert(tallies.name, &tallies.own);
            c.insert("alongside", &tallies.alongside);
            c.insert("tallies_html", &tallies.html);
            c.insert(
                "backlinks",
                &self.backlink_views(page_slice(backlinks, number)),
            );
            let views = self.statement_views(page_slice(statements, number));
            c.insert("statement_groups", &self.statement_groups(&views));
            let ledger: Vec<&StatementView> = views.iter().map(|(_, view)| view).collect();
            c.insert("statements", &ledger);
            c.insert("totals", &totals);
            c.insert("pagination", &self.pagination(&path, number, pages));
        })
    }

    /// Page `number` (from 1) of the topic at `index`, with its `tallies`.
    pub(super) fn topic(
        &self,
        index: usize,
        number: usize,
        tallies: &EntityTallies,
    ) -> Result<Page, Diagnostic> {
        let TopicNode {
            topic,
            parent,
            children,
            articles,
            backlinks,
            ..
        } = &self.site.topics[index];
        let front = &topic.front;
        let path = paths::topic_path(&topic.origin.slug);
        let view = TopicView {
            slug: &topic.origin.slug,
            name: &front.name.value,
            url: self.urls.page(&path),
            aliases: front
                .aliases
                .iter()
                .map(|a| shown_alias(a.value.text()))
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
        let own = paths::numbered_page(&path, number);
        let mut page = self.page_context("topic", &front.name.value, &summary, &own);
        page.title = page_title(&front.name.value, number);
        page.feed_url = Some(self.urls.file(&format!("{path}atom.xml")));
        let totals = Totals {
            articles: articles.len(),
            backlinks: backlinks.len(),
            also_mentioned: backlinks.iter().filter(|b| !b.listed).count(),
            statements: 0,
        };
        let timeline = (number == 1)
            .then(|| self.timeline_figure(&front.name.value, "topic", articles))
            .flatten();
        self.page("topic.html", &own, page, |c| {
            c.insert("topic", &view);
            c.insert("timeline", &timeline);
            let shown = page_slice(articles, number);
            c.insert("articles", &self.entity_articles(shown, backlinks));
            c.insert(tallies.name, &tallies.own);
            c.insert("alongside", &tallies.alongside);
            c.insert("tallies_html", &tallies.html);
            c.insert(
                "backlinks",
                &self.backlink_views(page_slice(backlinks, number)),
            );
            c.insert("totals", &totals);
            c.insert("pagination", &self.pagination(&path, number, pages));
        })
    }

    /// Links between the pages of an actor or topic in `folder`.
    pub(super) fn pagination(&self, folder: &str, page: usize, pages: usize) -> Pagination {
        let url = |page: usize| self.urls.page(&paths::numbered_page(folder, page));
        Pagination {
            page,
            pages,
            newer_url: (page > 1).then(|| url(page - 1)),
            older_url: (page < pages).then(|| url(page + 1)),
        }
    }

    /// The articles at `shown`, each with its mention of the entity from `backlinks`
    /// (ordered by article), so an article listed here is not listed again as a mention.
    fn entity_articles(&self, shown: &[usize], backlinks: &[Backlink]) -> Vec<tera::Value> {
        shown
            .iter()
            .map(|&index| {
                let mention =
                    (backlinks.binary_search_by_key(&index, |b| b.article).ok()).map(|at| {
                        MentionView {
                            count: backlinks[at].count,
                            sentence: backlinks[at].sentence.to_string(),
                        }
                    });
                entity_article(self.summary_value(index), mention)
            })
            .collect()
    }

    /// Each of `statements` that can be shown, with the article it is in.
    pub(super) fn statement_views(&self, statements: &[Statement]) -> Vec<(usize, StatementView)> {
        (statements.iter())
            .filter_map(|s| Some((s.article, self.statement_view(s.article, s.quote)?)))
            .collect()
    }

    /// An actor's statement `views` by article (they come article by article): each
    /// article once.
    pub(super) fn statement_groups<'v>(
        &self,
        views: &'v [(usize, StatementView)],
    ) -> Vec<StatementGroup<'v>> {
        let mut groups: Vec<StatementGroup> = Vec::new();
        let mut last_article = None;
        for (article, view) in views {
            match groups.last_mut() {
                Some(group) if last_article == Some(*article) => group.statements.push(view),
                _ => groups.push(StatementGroup {
                    article: self.summary_value(*article),
                    statements: vec![view],
                }),
            }
            last_article = Some(*article);
        }
        groups
    }

    /// The `backlinks` from articles that mention the entity without listing it: those
    /// listing it are in the articles list already, with their mention.
    fn backlink_views(&self, backlinks: &[Backlink]) -> Vec<BacklinkView> {
        let unlisted: Vec<&Backlink> = backlinks.iter().filter(|b| !b.listed).collect();
        self.mention_views(unlisted)
    }

    /// Every one of `backlinks` as templates show it (on pair pages, where the articles
    /// list carries no sentences).
    pub(super) fn mention_views<'b>(
        &self,
        backlinks: impl IntoIterator<Item = &'b Backlink>,
    ) -> Vec<BacklinkView> {
        backlinks
            .into_iter()
            .map(|b| BacklinkView {
                article: self.summary_value(b.article),
                count: b.count,
                sentence: b.sentence.to_string(),
                listed: b.listed,
            })
            .collect()
    }
}

/// A role's dates as readers read them (`From 5 July 2024`, `1 March 2025 – 4 July 2025`).
fn period(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    let long = |date: NaiveDate| date.format("%-d %B %Y").to_string();
    match (from, to) {
        (Some(from), Some(to)) => format!("{} – {}", long(from), long(to)),
        (Some(from), None) => format!("From {}", long(from)),
        (None, Some(to)) => format!("Until {}", long(to)),
        (None, None) => String::new(),
    }
}

/// A link's host as its text (`en.wikipedia.org`), without `www.`; the URL when it has none.
fn host_of(url: &str) -> String {
    match url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
    {
        Some(host) => host.strip_prefix("www.").unwrap_or(&host).to_string(),
        None => url.to_string(),
    }
}

/// A page's title: the name, and the page number after the first.
fn page_title(name: &str, page: usize) -> String {
    if page > 1 {
        format!("{name} (page {page})")
    } else {
        name.to_string()
    }
}

/// The first sentence of a Markdown profile, as plain text for meta descriptions (never
/// an HTML comment: those are editors' notes).
fn first_sentence(markdown_text: &str) -> String {
    let shown = crate::text::body::without_comments(markdown_text);
    let line = shown
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

/// An alias as readers see it, without the `(?i)` matching marker.
fn shown_alias(written: &str) -> &str {
    written
        .strip_prefix(crate::text::mentions::IGNORE_CASE_PREFIX)
        .unwrap_or(written)
        .trim()
}
