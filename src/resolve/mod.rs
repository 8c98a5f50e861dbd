//! Stage 2, resolve: a [`Corpus`] → a [`Site`], the checked graph of articles, actors
//! and topics. Every cross-reference is checked here: slugs, offices and their holders,
//! parent topics, mentions and backlinks, statements, related articles, unused entities.
//!
//! In: a `Corpus` from load. Out: a `Site` whose indexes point into its three lists, with
//! every problem found as a `Diagnostic`. Resolve reads no files and renders nothing; one
//! body's text is read by [`crate::text`].

mod briefings;
mod graph;
mod pairs;
pub mod paths;
mod related;

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic, code};
use crate::load::config::SiteConfig;
use crate::load::{self, Actor, Article, Briefing, Corpus, Topic};
use crate::text::analysis::{self, ArticleText, EntityRef, Lexicon};
use graph::{link_mentions, link_offices, link_parents, report_unused};

pub(crate) use graph::{SlugIndex, article_node};
pub use graph::{name_ranks, rank_by_name, tally};
pub(crate) use pairs::refresh_backlinks;
pub use related::{RELATED_LIMIT, related_lists};

#[derive(Debug, Clone, Copy, Default)]
pub struct ResolveOptions {
    /// Also include drafts and articles dated after `now`.
    pub include_drafts: bool,
    /// Articles dated later are left out (with a warning) unless drafts are included.
    pub now: Option<DateTime<FixedOffset>>,
}

/// The checked site: every index points into one of the three lists.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// Newest first.
    pub articles: Vec<ArticleNode>,
    /// Sorted by slug.
    pub actors: Vec<ActorNode>,
    /// Sorted by slug.
    pub topics: Vec<TopicNode>,
    /// Daily digests, newest first.
    pub briefings: Vec<BriefingNode>,
    /// Actor × topic pairs sharing at least `pages.min_articles` articles, sorted by
    /// actor, then topic (indexes, so by slugs).
    pub pairs: Vec<PairNode>,
    pub diagnostics: Vec<Diagnostic>,
    /// When the site's sources (`site.yaml`, `content/`) last changed: the date of feeds
    /// on a site without articles, which have no entry to take one from. `build` and
    /// `check` set it for such a site; `None` otherwise.
    pub sources_changed: Option<DateTime<FixedOffset>>,
}

#[derive(Debug)]
pub struct ArticleNode {
    pub article: Arc<Article>,
    /// Listed in front matter, in the order written.
    pub actors: Vec<usize>,
    pub topics: Vec<usize>,
    /// Each of the front matter's `quotes`, in order: its speaker (an index into
    /// `Site::actors`), or `None` when its `by` names no actor.
    pub speakers: Vec<Option<usize>>,
    /// Anchored passages, mentions and wikilinks found in the body.
    pub text: Arc<ArticleText>,
    /// Mentioned in the body but not listed in front matter, most mentioned first.
    pub also_actors: Vec<Tally>,
    pub also_topics: Vec<Tally>,
    /// Articles sharing the most actors and topics, newest first among equals.
    pub related: Vec<usize>,
}

/// A daily digest in the graph.
#[derive(Debug)]
pub struct BriefingNode {
    pub briefing: Arc<Briefing>,
    /// The articles it lists that are in this build (indexes into `Site::articles`), in
    /// the order written; drafts and future articles left out of the build are skipped.
    pub articles: Vec<usize>,
    /// Mentions and `[[…]]` links found in its body, read as an article's are.
    pub text: Arc<ArticleText>,
}

/// An article that mentions an entity, with the sentence around its first mention.
#[derive(Debug, Clone)]
pub struct Backlink {
    pub article: usize,
    pub count: usize,
    pub sentence: Arc<str>,
    /// Whether the article also lists the entity in its front matter.
    pub listed: bool,
}

/// A statement by an actor: `quote` indexes the article's `quotes`.
#[derive(Debug, Clone, Copy)]
pub struct Statement {
    pub article: usize,
    pub quote: usize,
}

#[derive(Debug)]
pub struct ActorNode {
    pub actor: Arc<Actor>,
    /// Articles that list this actor, newest first.
    pub articles: Vec<usize>,
    /// Topics of those articles, most frequent first, then by name.
    pub topics: Vec<Tally>,
    /// Other actors listed in those articles, most frequent first, then by name.
    pub alongside: Vec<Tally>,
    /// For an office: the actors whose roles name it.
    pub holders: Vec<usize>,
    /// Articles whose body mentions this actor, newest first.
    pub backlinks: Vec<Backlink>,
    /// Statements attributed to this actor, newest first.
    pub statements: Vec<Statement>,
}

#[derive(Debug)]
pub struct TopicNode {
    pub topic: Arc<Topic>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub articles: Vec<usize>,
    pub actors: Vec<Tally>,
    pub alongside: Vec<Tally>,
    /// Articles whose body mentions this topic, newest first.
    pub backlinks: Vec<Backlink>,
}

/// An actor and a topic that appear together (each listed in front matter or mentioned
/// in the body) in at least `pages.min_articles` articles: the pair page's data.
#[derive(Debug)]
pub struct PairNode {
    /// Index into `Site::actors`.
    pub actor: usize,
    /// Index into `Site::topics`.
    pub topic: usize,
    /// The articles where both appear, newest first.
    pub articles: Vec<usize>,
    /// The actor's statements in those articles, newest first.
    pub statements: Vec<Statement>,
    /// The actor's backlinks (the sentence around its first mention) in those articles
    /// whose body mentions it, newest first.
    pub backlinks: Vec<Backlink>,
}

/// How often the entity at `index` occurs alongside another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub index: usize,
    pub count: usize,
}

impl ArticleNode {
    /// The speaker of the front matter's quote at `quote`: an index into `Site::actors`.
    pub fn speaker(&self, quote: usize) -> Option<usize> {
        self.speakers.get(quote).copied().flatten()
    }

    /// Whether the body links to the article at `index` with `[[…]]`.
    pub fn links_to_article(&self, index: usize) -> bool {
        self.text
            .wikilinks
            .iter()
            .any(|w| w.entity == EntityRef::Article(index))
    }
}

impl Site {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Where the actor with this slug is in `actors`.
    pub fn actor_index(&self, slug: &str) -> Option<usize> {
        self.actors
            .binary_search_by(|n| n.actor.origin.slug.as_str().cmp(slug))
            .ok()
    }

    /// The digests that list the article at `index` or link to it with `[[…]]`.
    pub fn briefings_showing(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        self.briefings
            .iter()
            .enumerate()
            .filter_map(move |(at, node)| {
                let links = node
                    .text
                    .wikilinks
                    .iter()
                    .any(|w| w.entity == EntityRef::Article(index));
                (node.articles.contains(&index) || links).then_some(at)
            })
    }

    /// Where the pair of the actor and topic at these indexes is in `pairs`, if it has a page.
    pub fn pair_index(&self, actor: usize, topic: usize) -> Option<usize> {
        self.pairs
            .binary_search_by(|p| (p.actor, p.topic).cmp(&(actor, topic)))
            .ok()
    }

    /// Where the article with this slug is in `articles`.
    pub fn article_index(&self, slug: &str) -> Option<usize> {
        self.articles
            .iter()
            .position(|n| n.article.origin.slug == slug)
    }
}

/// Resolves a corpus into the checked site: the plain path a full build takes.
pub fn resolve(corpus: Corpus, options: ResolveOptions) -> Site {
    let prepared = prepare(corpus, options);
    let texts = analyse_all(&prepared.articles, &prepared.lexicon);
    let linked = link(prepared, texts);
    let carried = vec![None; linked.articles.len()];
    let related = related_lists(&linked.articles, &linked.actors, &linked.topics, carried);
    finish(linked, related).0
}

/// What [`prepare`] makes: the entries in site order, with the lexicon to read bodies by.
pub(crate) struct Prepared {
    pub config: SiteConfig,
    /// Newest first, drafts and future articles left out as the options say.
    pub articles: Vec<Arc<Article>>,
    /// Sorted by slug.
    pub actors: Vec<Arc<Actor>>,
    pub topics: Vec<Arc<Topic>>,
    pub diagnostics: Vec<Diagnostic>,
    pub lexicon: Lexicon,
    /// When the first article left out as future is due.
    pub next_due: Option<DateTime<FixedOffset>>,
    /// Slugs articles that failed to load may name (see [`load::named_by_unloaded`]).
    pub named_by_unloaded: BTreeSet<String>,
    /// Daily digests, in file-name order.
    pub briefings: Vec<Arc<Briefing>>,
    /// Articles left out of this build (drafts, future articles), for the digests' checks.
    pub left_out: Vec<Arc<Article>>,
    actor_index: SlugIndex,
    topic_index: SlugIndex,
}

/// What [`link`] makes: the graph without related lists or the unused check.
pub(crate) struct Linked {
    pub config: SiteConfig,
    pub articles: Vec<ArticleNode>,
    pub actors: Vec<ActorNode>,
    pub topics: Vec<TopicNode>,
    pub diagnostics: Vec<Diagnostic>,
    pub lexicon: Lexicon,
    pub named_by_unloaded: BTreeSet<String>,
    pub briefings: Vec<Arc<Briefing>>,
    pub left_out: Vec<Arc<Article>>,
}

/// Step 1: drafts and future articles left out, everything in site order, duplicate
/// slugs and alias collisions reported, the lexicon of names and aliases made.
pub(crate) fn prepare(corpus: Corpus, options: ResolveOptions) -> Prepared {
    let Corpus {
        config,
        mut articles,
        mut actors,
        mut topics,
        briefings,
        mut diagnostics,
        named_by_unloaded,
    } = corpus;
    let mut left_out = Vec::new();
    articles.retain(|a| {
        let kept = options.include_drafts || !a.front.draft;
        if !kept {
            left_out.push(Arc::clone(a));
        }
        kept
    });
    let mut next_due: Option<DateTime<FixedOffset>> = None;
    if let (Some(now), false) = (options.now, options.include_drafts) {
        articles.retain(|a| {
            let future = a.date > now;
            if future {
                next_due = Some(next_due.map_or(a.date, |due| due.min(a.date)));
                diagnostics.push(
                    a.origin
                        .error_at(
                            code::FUTURE_ARTICLE,
                            &a.front.date,
                            "dated in the future: left out of the build",
                        )
                        .with_hint(
                            "it is published once its date has passed; `--drafts` shows it now",
                        )
                        .into_warning(),
                );
                left_out.push(Arc::clone(a));
            }
            !future
        });
    }
    articles.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.origin.slug.cmp(&b.origin.slug))
    });
    actors.sort_by(|a, b| a.origin.slug.cmp(&b.origin.slug));
    topics.sort_by(|a, b| a.origin.slug.cmp(&b.origin.slug));
    // The lexicon (its automaton) is made while the slugs are checked and indexed.
    let ((lexicon, alias_problems), (duplicates, actor_index, topic_index)) = rayon::join(
        || {
            let actor_refs: Vec<&Actor> = actors.iter().map(|a| &**a).collect();
            let topic_refs: Vec<&Topic> = topics.iter().map(|t| &**t).collect();
            let article_refs: Vec<&Article> = articles.iter().map(|a| &**a).collect();
            Lexicon::new(&actor_refs, &topic_refs, &article_refs)
        },
        || {
            let mut duplicates = load::duplicate_slugs(articles.iter().map(|a| &a.origin));
            duplicates.extend(load::duplicate_slugs(actors.iter().map(|a| &a.origin)));
            duplicates.extend(load::duplicate_slugs(topics.iter().map(|t| &t.origin)));
            duplicates.extend(load::duplicate_slugs(briefings.iter().map(|b| &b.origin)));
            let actor_index = SlugIndex::new("actor", actors.iter().map(|a| &a.origin));
            let topic_index = SlugIndex::new("topic", topics.iter().map(|t| &t.origin));
            (duplicates, actor_index, topic_index)
        },
    );
    diagnostics.extend(duplicates);
    diagnostics.extend(alias_problems);
    let lexicon = lexicon.with_raw_html(config.raw_html);
    Prepared {
        config,
        articles,
        actors,
        topics,
        diagnostics,
        lexicon,
        next_due,
        named_by_unloaded,
        briefings,
        left_out,
        actor_index,
        topic_index,
    }
}

/// Step 2: every article's body read against the lexicon, in parallel.
fn analyse_all(
    articles: &[Arc<Article>],
    lexicon: &Lexicon,
) -> Vec<(Arc<ArticleText>, Vec<Diagnostic>)> {
    articles
        .par_iter()
        .map(|article| {
            let (text, problems) = analysis::analyse(article, lexicon);
            (Arc::new(text), problems)
        })
        .collect()
}

/// Step 3: the graph: each article's node (its listed and mentioned entities), offices
/// linked to holders, topics to parents, backlinks, statements and tallies.
pub(crate) fn link(prepared: Prepared, texts: Vec<(Arc<ArticleText>, Vec<Diagnostic>)>) -> Linked {
    let Prepared {
        config,
        articles,
        actors,
        topics,
        mut diagnostics,
        lexicon,
        actor_index,
        topic_index,
        named_by_unloaded,
        briefings,
        left_out,
        ..
    } = prepared;
    // Each article on its own, in parallel: its problems are gathered in order after.
    let built: Vec<(ArticleNode, Vec<Diagnostic>)> = articles
        .into_par_iter()
        .zip(texts)
        .map(|(article, (text, problems))| {
            article_node(article, text, problems, &actor_index, &topic_index)
        })
        .collect();
    let mut article_nodes = Vec::with_capacity(built.len());
    for (node, problems) in built {
        diagnostics.extend(problems);
        article_nodes.push(node);
    }

    let mut actor_nodes: Vec<ActorNode> = actors
        .into_iter()
        .map(|actor| ActorNode {
            actor,
            articles: Vec::new(),
            topics: Vec::new(),
            alongside: Vec::new(),
            holders: Vec::new(),
            backlinks: Vec::new(),
            statements: Vec::new(),
        })
        .collect();
    link_offices(&mut actor_nodes, &actor_index, &mut diagnostics);

    let mut topic_nodes: Vec<TopicNode> = topics
        .into_iter()
        .map(|topic| TopicNode {
            topic,
            parent: None,
            children: Vec::new(),
            articles: Vec::new(),
            actors: Vec::new(),
            alongside: Vec::new(),
            backlinks: Vec::new(),
        })
        .collect();
    link_parents(&mut topic_nodes, &topic_index, &mut diagnostics);

    for (index, node) in article_nodes.iter().enumerate() {
        for &actor in &node.actors {
            actor_nodes[actor].articles.push(index);
        }
        for &topic in &node.topics {
            topic_nodes[topic].articles.push(index);
        }
    }
    link_mentions(&article_nodes, &mut actor_nodes, &mut topic_nodes);
    let actor_ranks = name_ranks(
        actor_nodes
            .iter()
            .map(|n| n.actor.front.name.value.as_str()),
    );
    let topic_ranks = name_ranks(
        topic_nodes
            .iter()
            .map(|n| n.topic.front.name.value.as_str()),
    );
    actor_nodes
        .par_iter_mut()
        .enumerate()
        .for_each(|(index, actor)| {
            actor.topics = tally(&actor.articles, |a| &article_nodes[a].topics, None);
            actor.alongside = tally(&actor.articles, |a| &article_nodes[a].actors, Some(index));
            rank_by_name(&mut actor.topics, &topic_ranks);
            rank_by_name(&mut actor.alongside, &actor_ranks);
        });
    topic_nodes
        .par_iter_mut()
        .enumerate()
        .for_each(|(index, topic)| {
            topic.actors = tally(&topic.articles, |a| &article_nodes[a].actors, None);
            topic.alongside = tally(&topic.articles, |a| &article_nodes[a].topics, Some(index));
            rank_by_name(&mut topic.actors, &actor_ranks);
            rank_by_name(&mut topic.alongside, &topic_ranks);
        });
    Linked {
        config,
        articles: article_nodes,
        actors: actor_nodes,
        topics: topic_nodes,
        diagnostics,
        lexicon,
        named_by_unloaded,
        briefings,
        left_out,
    }
}

/// The digests linked again into a site whose articles stand (serve, when only digests
/// changed): their listed articles found, their bodies read; their problems are returned.
pub(crate) fn relink_briefings(
    site: &mut Site,
    briefings: Vec<Arc<Briefing>>,
    left_out: &[Arc<Article>],
    lexicon: &Lexicon,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    site.briefings =
        briefings::link_briefings(briefings, &site.articles, left_out, lexicon, &mut problems);
    problems
}

/// Step 4: related articles put in, unused entities reported, problems sorted. The
/// lexicon comes back for whoever keeps it (serve patches with it).
pub(crate) fn finish(linked: Linked, related: Vec<Vec<usize>>) -> (Site, Lexicon) {
    let Linked {
        config,
        mut articles,
        actors,
        topics,
        mut diagnostics,
        lexicon,
        named_by_unloaded,
        briefings,
        left_out,
    } = linked;
    for (node, related) in articles.iter_mut().zip(related) {
        node.related = related;
    }
    let briefings =
        briefings::link_briefings(briefings, &articles, &left_out, &lexicon, &mut diagnostics);
    // Pairs are found while the entities are checked for use.
    let (pairs, ()) = rayon::join(
        || pairs::find_pairs(&articles, &actors, topics.len(), config.pair_min_articles),
        || {
            report_unused(
                &articles,
                &actors,
                &topics,
                &named_by_unloaded,
                &mut diagnostics,
            );
            diagnostics::sort(&mut diagnostics);
        },
    );
    let site = Site {
        config,
        articles,
        actors,
        topics,
        briefings,
        pairs,
        diagnostics,
        sources_changed: None,
    };
    (site, lexicon)
}
