//! Pair pages: an actor and a topic together, at `actors/<actor>/topics/<topic>/` (each
//! list paged by [`ENTITY_PAGE_ITEMS`](super::ENTITY_PAGE_ITEMS)), with the pair's own
//! Atom feed beside it; and the actor's topics and the topic's actors with links to them.

use rayon::prelude::*;

use crate::resolve::paths;
use crate::resolve::{PairNode, Site, Tally};

use super::context::{EntityLink, PairTally, StatementView, Totals};
use super::feeds::EntryContent;
use super::{Diagnostic, Output, Page, Renderer, entity_pages, markdown, page_slice};

/// The lengths of a pair's paged lists: articles, mentions, statements.
pub fn pair_lists(node: &PairNode) -> [usize; 3] {
    [
        node.articles.len(),
        node.backlinks.len(),
        node.statements.len(),
    ]
}

/// A pair's page folder, e.g. `actors/nato/topics/ukraine/`.
pub fn pair_folder(site: &Site, node: &PairNode) -> String {
    paths::pair_path(
        &site.actors[node.actor].actor.origin.slug,
        &site.topics[node.topic].topic.origin.slug,
    )
}

/// Each pair's page folder and how many pages it has, in `site.pairs` order.
pub(super) fn pair_folders(site: &Site) -> impl Iterator<Item = (String, usize)> + '_ {
    site.pairs
        .iter()
        .map(move |n| (pair_folder(site, n), entity_pages(&pair_lists(n))))
}

impl Renderer<'_> {
    /// Page `number` (from 1) of the pair at `index` in `site.pairs`.
    pub(super) fn pair(&self, index: usize, number: usize) -> Result<Page, Diagnostic> {
        let node = &self.site.pairs[index];
        let actor = self.actor_link(node.actor, 0);
        let topic = self.topic_link(node.topic, 0);
        let path = pair_folder(self.site, node);
        let own = paths::numbered_page(&path, number);
        let title = pair_title(&actor.name, &topic.name);
        let description = format!(
            "Articles where {} and {} appear together.",
            actor.name, topic.name
        );
        let mut page = self.page_context("pair", &title, &description, &own);
        if number > 1 {
            page.title = format!("{title} (page {number})");
        }
        page.feed_url = Some(self.urls.file(&format!("{path}atom.xml")));
        let totals = Totals {
            articles: node.articles.len(),
            backlinks: node.backlinks.len(),
            also_mentioned: node.backlinks.len(),
            statements: node.statements.len(),
        };
        let pages = entity_pages(&pair_lists(node));
        self.page("pair.html", &own, page, |c| {
            c.insert("actor", &actor);
            c.insert("topic", &topic);
            let articles = page_slice(&node.articles, number);
            c.insert("articles", &self.summaries_of(articles));
            let views = self.statement_views(page_slice(&node.statements, number));
            let statements: Vec<&StatementView> = views.iter().map(|(_, view)| view).collect();
            c.insert("statements", &statements);
            c.insert("statement_groups", &self.statement_groups(&views));
            let backlinks = page_slice(&node.backlinks, number);
            c.insert("backlinks", &self.mention_views(backlinks));
            c.insert("totals", &totals);
            c.insert("pagination", &self.pagination(&path, number, pages));
        })
    }

    /// The Atom feeds of the pairs whose feed path `wanted` accepts.
    pub(super) fn pair_feeds(&self, wanted: &(dyn Fn(&str) -> bool + Sync), output: &Output) {
        self.site.pairs.par_iter().for_each(|node| {
            let folder = pair_folder(self.site, node);
            let path = format!("{folder}atom.xml");
            if !wanted(&path) {
                return;
            }
            let actor = &self.site.actors[node.actor].actor.front.name.value;
            let topic = &self.site.topics[node.topic].topic.front.name.value;
            let title = format!("{}: {}", self.site.config.title, pair_title(actor, topic));
            let articles = &node.articles;
            output.take(self.feed(&path, &title, &folder, articles, EntryContent::Pair(node)));
        });
    }

    /// A pair feed's entry content for the article at `index`, as HTML: the actor's
    /// statements in it and the sentence around its first mention; the article's summary
    /// when it has neither (else the entry's `summary` already carries it).
    pub(super) fn pair_entry(&self, pair: &PairNode, index: usize) -> String {
        let actor = markdown::escape_text(&self.site.actors[pair.actor].actor.front.name.value);
        let mut html = String::new();
        let statements = pair.statements.iter().filter(|s| s.article == index);
        for statement in statements.filter_map(|s| self.statement_view(s.article, s.quote)) {
            let text = markdown::escape_text(&statement.text);
            html.push_str(&format!(
                "<p>{actor} said:</p><blockquote><p>“{text}”</p></blockquote>"
            ));
        }
        if let Ok(at) = pair.backlinks.binary_search_by_key(&index, |b| b.article) {
            let sentence = markdown::escape_text(&pair.backlinks[at].sentence);
            html.push_str(&format!(
                "<p>Where it mentions {actor}:</p><blockquote><p>{sentence}</p></blockquote>"
            ));
        }
        let summary = &self.site.articles[index].article.front.summary;
        if html.is_empty() && !summary.trim().is_empty() {
            html = format!("<p>{}</p>", markdown::escape_text(summary));
        }
        html
    }

    /// An actor's topics: its tallies (topics of the articles listing it, with counts),
    /// each with the pair page where there is one, then the topics it has a pair page
    /// with that the tallies lack (only mentioned), most shared articles first.
    pub(super) fn actor_topics(&self, actor: usize, tallies: &[Tally]) -> Vec<PairTally> {
        let start = self.site.pairs.partition_point(|p| p.actor < actor);
        let end = self.site.pairs.partition_point(|p| p.actor <= actor);
        let pairs: Vec<(usize, usize)> = (start..end)
            .map(|at| (self.site.pairs[at].topic, at))
            .collect();
        self.with_pairs(tallies, &pairs, Self::topic_link)
    }

    /// A topic's actors, as [`Self::actor_topics`] lists an actor's topics.
    pub(super) fn topic_actors(&self, topic: usize, tallies: &[Tally]) -> Vec<PairTally> {
        let pairs: Vec<(usize, usize)> = (self.site.pairs.iter().enumerate())
            .filter(|(_, p)| p.topic == topic)
            .map(|(at, p)| (p.actor, at))
            .collect();
        self.with_pairs(tallies, &pairs, Self::actor_link)
    }

    /// `tallies` with their pair pages from `pairs` ((other entity, pair index), by
    /// entity), then the pairs that no tally names.
    fn with_pairs(
        &self,
        tallies: &[Tally],
        pairs: &[(usize, usize)],
        link: fn(&Self, usize, usize) -> EntityLink,
    ) -> Vec<PairTally> {
        let pair_of = |entity: usize| {
            let at = pairs.binary_search_by_key(&entity, |&(e, _)| e).ok()?;
            Some(&self.site.pairs[pairs[at].1])
        };
        let mut entries: Vec<PairTally> = tallies
            .iter()
            .map(|t| self.pair_tally(link(self, t.index, t.count), pair_of(t.index)))
            .collect();
        let mut untallied: Vec<(usize, &PairNode)> = pairs
            .iter()
            .filter(|(entity, _)| tallies.iter().all(|t| t.index != *entity))
            .map(|&(entity, at)| (entity, &self.site.pairs[at]))
            .collect();
        untallied.sort_by(|a, b| {
            (b.1.articles.len())
                .cmp(&a.1.articles.len())
                .then(a.0.cmp(&b.0))
        });
        entries.extend(
            untallied
                .into_iter()
                .map(|(entity, pair)| self.pair_tally(link(self, entity, 0), Some(pair))),
        );
        // By the number each row shows (its pair page's articles where it has one), then name.
        let shown = |t: &PairTally| match t.pair_url {
            Some(_) => t.pair_count,
            None => t.link.count,
        };
        entries.sort_by_cached_key(|t| {
            let name = &t.link.name;
            (
                std::cmp::Reverse(shown(t)),
                name.to_lowercase(),
                name.clone(),
            )
        });
        entries
    }

    fn pair_tally(&self, link: EntityLink, pair: Option<&PairNode>) -> PairTally {
        PairTally {
            link,
            pair_url: pair.map(|p| self.urls.page(&pair_folder(self.site, p))),
            pair_count: pair.map_or(0, |p| p.articles.len()),
        }
    }
}

/// How a pair is named in titles: `Alice Adams on Trade`.
fn pair_title(actor: &str, topic: &str) -> String {
    format!("{actor} on {topic}")
}
