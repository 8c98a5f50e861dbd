//! Stage 2: check every cross-reference and build the graph of articles, actors and topics.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::article_text::{self, ArticleText, EntityRef, Lexicon};
use crate::config::SiteConfig;
use crate::diagnostics::{self, Diagnostic, code};
use crate::load::{self, Actor, ActorKind, AnnotationKind, Article, Corpus, Origin, Topic};
use crate::yaml::Spanned;
use chrono::{DateTime, FixedOffset};

/// How many related articles an article page lists.
const RELATED_LIMIT: usize = 5;

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
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
pub struct ArticleNode {
    pub article: Arc<Article>,
    /// Listed in front matter, in the order written.
    pub actors: Vec<usize>,
    pub topics: Vec<usize>,
    /// Anchored passages, mentions and wikilinks found in the body.
    pub text: Arc<ArticleText>,
    /// Mentioned in the body but not listed in front matter, most mentioned first.
    pub also_actors: Vec<Tally>,
    pub also_topics: Vec<Tally>,
    /// Articles sharing the most actors and topics, newest first among equals.
    pub related: Vec<usize>,
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
    /// Topics of those articles, most frequent first.
    pub topics: Vec<Tally>,
    /// Other actors listed in those articles, most frequent first.
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

/// How often the entity at `index` occurs alongside another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub index: usize,
    pub count: usize,
}

impl ArticleNode {
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

    /// Where the article with this slug is in `articles`.
    pub fn article_index(&self, slug: &str) -> Option<usize> {
        self.articles
            .iter()
            .position(|n| n.article.origin.slug == slug)
    }
}

pub fn resolve(corpus: Corpus, options: ResolveOptions) -> Site {
    resolve_cached(corpus, options, &mut AnalysisCache::default())
}

/// Each article's reading, kept between builds with what it was read from.
#[derive(Default)]
pub struct AnalysisCache {
    /// The actors' and topics' names, aliases and offices the readings were made against.
    lexicon: u64,
    /// Article slug → its last reading.
    readings: HashMap<String, Reading>,
    /// The articles the last resolve read afresh (all of them when nothing was cached).
    pub redone: Vec<String>,
    /// Each article's listed actors and topics, and the related lists worked out from them.
    related: Option<RelatedLists>,
    /// What the last whole resolve made, for [`patch`]: its lexicon, its problems, the
    /// options it ran with, and when the first article it left out as future is due.
    lexicon_made: Option<Lexicon>,
    diagnostics: Vec<Diagnostic>,
    include_drafts: bool,
    next_due: Option<DateTime<FixedOffset>>,
}

/// The last site's articles (newest first), what each listed, and its related articles.
struct RelatedLists {
    articles: Vec<Arc<Article>>,
    listed: Vec<(Vec<usize>, Vec<usize>)>,
    related: Vec<Vec<usize>>,
}

/// One article's reading, and the file contents it was made from.
struct Reading {
    article: Arc<Article>,
    text: Arc<ArticleText>,
    problems: Vec<Diagnostic>,
}

impl Reading {
    /// Whether this reading still holds for `article` read against `lexicon`. A reading
    /// with errors is always redone, so its hints see the latest slugs.
    fn holds_for(&self, article: &Arc<Article>, lexicon: &Lexicon) -> bool {
        Arc::ptr_eq(&self.article, article)
            && !self.problems.iter().any(Diagnostic::is_error)
            && self
                .text
                .wikilinks
                .iter()
                .all(|link| lexicon.still_resolves(link))
    }
}

/// Like [`resolve`], re-reading only articles whose text, passages or lexicon changed.
pub fn resolve_cached(corpus: Corpus, options: ResolveOptions, cache: &mut AnalysisCache) -> Site {
    let Corpus {
        config,
        mut articles,
        mut actors,
        mut topics,
        mut diagnostics,
    } = corpus;
    articles.retain(|a| options.include_drafts || !a.front.draft);
    cache.include_drafts = options.include_drafts;
    cache.next_due = None;
    if let (Some(now), false) = (options.now, options.include_drafts) {
        articles.retain(|a| {
            let future = a.date > now;
            if future {
                cache.next_due = Some(cache.next_due.map_or(a.date, |due| due.min(a.date)));
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
    diagnostics.extend(load::duplicate_slugs(articles.iter().map(|a| &a.origin)));
    diagnostics.extend(load::duplicate_slugs(actors.iter().map(|a| &a.origin)));
    diagnostics.extend(load::duplicate_slugs(topics.iter().map(|t| &t.origin)));

    let actor_index = SlugIndex::new("actor", actors.iter().map(|a| &a.origin));
    let topic_index = SlugIndex::new("topic", topics.iter().map(|t| &t.origin));

    let (lexicon, alias_problems) = {
        let actor_refs: Vec<&Actor> = actors.iter().map(|a| &**a).collect();
        let topic_refs: Vec<&Topic> = topics.iter().map(|t| &**t).collect();
        let article_refs: Vec<&Article> = articles.iter().map(|a| &**a).collect();
        Lexicon::new(&actor_refs, &topic_refs, &article_refs)
    };
    diagnostics.extend(alias_problems);
    let texts = read_articles(
        &articles,
        &lexicon,
        lexicon_fingerprint(&actors, &topics),
        cache,
    );

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
    actor_nodes
        .par_iter_mut()
        .enumerate()
        .for_each(|(index, actor)| {
            actor.topics = tally(&actor.articles, |a| &article_nodes[a].topics, None);
            actor.alongside = tally(&actor.articles, |a| &article_nodes[a].actors, Some(index));
        });
    topic_nodes
        .par_iter_mut()
        .enumerate()
        .for_each(|(index, topic)| {
            topic.actors = tally(&topic.articles, |a| &article_nodes[a].actors, None);
            topic.alongside = tally(&topic.articles, |a| &article_nodes[a].topics, Some(index));
        });
    let related = related_lists(&article_nodes, &actor_nodes, &topic_nodes, cache);
    for (node, related) in article_nodes.iter_mut().zip(related) {
        node.related = related;
    }

    report_unused(&article_nodes, &actor_nodes, &topic_nodes, &mut diagnostics);
    diagnostics::sort(&mut diagnostics);
    cache.lexicon_made = Some(lexicon);
    cache.diagnostics = diagnostics.clone();
    Site {
        config,
        articles: article_nodes,
        actors: actor_nodes,
        topics: topic_nodes,
        diagnostics,
    }
}

/// An article [`patch`] put in place of its last version.
#[derive(Debug)]
pub struct Patched {
    pub slug: String,
    /// Where it is in `Site::articles`, as before.
    pub index: usize,
    /// Its title or summary changed: pages listing it show something new.
    pub relisted: bool,
}

/// Puts the new versions of the `changed` articles (by slug) from `corpus` into `site` in
/// place, when the last resolve made `site` and none of them moves: each keeps its date,
/// its actors and topics, the entities it mentions, its statements' speakers and whether
/// it has annotations, so every list, count and related article stays as it was. Articles
/// linking to one whose title changed are read again too. Returns `None`, with `site`
/// untouched, when that is not so; then only a whole resolve will do.
pub fn patch(
    site: &mut Site,
    corpus: &Corpus,
    changed: &[String],
    options: ResolveOptions,
    cache: &mut AnalysisCache,
) -> Option<Vec<Patched>> {
    let due = cache
        .next_due
        .zip(options.now)
        .is_some_and(|(due, now)| due <= now);
    let same_options = cache.include_drafts == options.include_drafts;
    let duplicates = cache
        .diagnostics
        .iter()
        .any(|d| d.code == code::DUPLICATE_SLUG);
    if !same_options
        || due
        || duplicates
        || lexicon_fingerprint(&corpus.actors, &corpus.topics) != cache.lexicon
    {
        return None;
    }
    let mut edits: Vec<(usize, Arc<Article>)> = Vec::new();
    for slug in changed {
        let index = site.article_index(slug)?;
        let article = corpus.articles.iter().find(|a| a.origin.slug == *slug)?;
        let included = options.include_drafts
            || (!article.front.draft && options.now.is_none_or(|now| article.date <= now));
        let old = &site.articles[index].article;
        if !included || article.date != old.date || article.updated != old.updated {
            return None;
        }
        edits.push((index, Arc::clone(article)));
    }
    let lexicon = cache.lexicon_made.as_mut()?;
    // A new title shows in the articles linking to it by `[[slug]]`: read them again.
    let mut linkers: Vec<usize> = Vec::new();
    for (index, article) in &edits {
        let title = &article.front.title.value;
        if *title != site.articles[*index].article.front.title.value {
            lexicon.retitle_article(*index, title);
            linkers.extend(linking_to(site, *index));
        }
    }
    for linker in linkers {
        if edits.iter().all(|(index, _)| *index != linker) {
            edits.push((linker, Arc::clone(&site.articles[linker].article)));
        }
    }
    let lexicon = cache.lexicon_made.as_ref()?;
    let actor_index = SlugIndex::new("actor", site.actors.iter().map(|n| &n.actor.origin));
    let topic_index = SlugIndex::new("topic", site.topics.iter().map(|n| &n.topic.origin));
    let mut fresh = Vec::with_capacity(edits.len());
    for (index, article) in edits {
        let (text, problems) = article_text::analyse(&article, lexicon);
        let text = Arc::new(text);
        let reading = Reading {
            article: Arc::clone(&article),
            text: Arc::clone(&text),
            problems: problems.clone(),
        };
        let (node, problems) = article_node(article, text, problems, &actor_index, &topic_index);
        if !same_place(&site.articles[index], &node) {
            return None;
        }
        fresh.push((index, node, problems, reading));
    }
    // Nothing moves: put each in place, with its mentions' counts and sentences.
    let mut patched = Vec::with_capacity(fresh.len());
    let mut diagnostics = std::mem::take(&mut cache.diagnostics);
    cache.redone.clear();
    for (index, node, problems, reading) in fresh {
        let old = &site.articles[index];
        let file = node.article.origin.file.clone();
        patched.push(Patched {
            slug: node.article.origin.slug.clone(),
            index,
            relisted: !same_listing(&old.article, &node.article),
        });
        diagnostics.retain(|d| d.file != file);
        diagnostics.extend(
            corpus
                .diagnostics
                .iter()
                .filter(|d| d.file == file)
                .cloned(),
        );
        diagnostics.extend(problems);
        set_backlinks(site, index, &node);
        cache.redone.push(node.article.origin.slug.clone());
        cache
            .readings
            .insert(node.article.origin.slug.clone(), reading);
        let related = std::mem::take(&mut site.articles[index].related);
        site.articles[index] = ArticleNode { related, ..node };
    }
    diagnostics::sort(&mut diagnostics);
    cache.diagnostics = diagnostics.clone();
    site.diagnostics = diagnostics;
    Some(patched)
}

/// The articles whose body links to the article at `index` with `[[…]]`.
fn linking_to(site: &Site, index: usize) -> Vec<usize> {
    (0..site.articles.len())
        .filter(|&other| other != index && site.articles[other].links_to_article(index))
        .collect()
}

/// Whether two versions of an article show the same in lists of articles: its title and
/// summary (its dates, actors and topics are part of its place).
pub fn same_listing(old: &Article, new: &Article) -> bool {
    old.front.title.value == new.front.title.value && old.front.summary == new.front.summary
}

/// Whether a new version of an article takes the same place in every list as the old:
/// the same date, actors and topics, entities mentioned, statements' speakers, and
/// annotations or none.
pub fn same_place(old: &ArticleNode, new: &ArticleNode) -> bool {
    old.article.date == new.article.date
        && old.article.updated == new.article.updated
        && same_entities(old, new)
}

/// Whether a new version of an article lists and mentions the same entities, quotes the
/// same speakers, and has annotations or none, as the old.
pub fn same_entities(old: &ArticleNode, new: &ArticleNode) -> bool {
    let mentioned = |node: &ArticleNode| {
        let entities = node.text.summaries.iter().map(|s| s.entity);
        entities.collect::<Vec<_>>()
    };
    let speakers = |node: &ArticleNode| {
        let quotes = node.article.front.quotes.iter().zip(&node.text.quotes);
        quotes
            .filter(|(_, anchored)| anchored.is_some())
            .map(|(quote, _)| quote.by.value.clone())
            .collect::<Vec<_>>()
    };
    let annotated = |node: &ArticleNode| node.text.annotations.iter().any(Option::is_some);
    let order = |tallies: &[Tally]| tallies.iter().map(|t| t.index).collect::<Vec<_>>();
    old.article.origin.slug == new.article.origin.slug
        && old.actors == new.actors
        && old.topics == new.topics
        && order(&old.also_actors) == order(&new.also_actors)
        && order(&old.also_topics) == order(&new.also_topics)
        && mentioned(old) == mentioned(new)
        && speakers(old) == speakers(new)
        && annotated(old) == annotated(new)
}

/// The article at `index` as its entities' backlinks show it: how often it mentions each,
/// and the sentence around the first time.
fn set_backlinks(site: &mut Site, index: usize, node: &ArticleNode) {
    for summary in &node.text.summaries {
        let backlinks = match summary.entity {
            EntityRef::Actor(a) => &mut site.actors[a].backlinks,
            EntityRef::Topic(t) => &mut site.topics[t].backlinks,
            EntityRef::Article(_) => continue,
        };
        if let Ok(at) = backlinks.binary_search_by_key(&index, |b| b.article) {
            backlinks[at].count = summary.count;
            backlinks[at].sentence = Arc::clone(&summary.sentence);
        }
    }
}

/// One article's place in the graph (its related articles come later), and its problems.
fn article_node(
    article: Arc<Article>,
    text: Arc<ArticleText>,
    mut problems: Vec<Diagnostic>,
    actor_index: &SlugIndex,
    topic_index: &SlugIndex,
) -> (ArticleNode, Vec<Diagnostic>) {
    check_verdicts(&article, &mut problems);
    let actors = actor_index.lookup_all(&article.origin, &article.front.actors, &mut problems);
    let topics = topic_index.lookup_all(&article.origin, &article.front.topics, &mut problems);
    for quote in &article.front.quotes {
        actor_index.lookup(&article.origin, &quote.by, &mut problems);
    }
    let also = |wanted: fn(EntityRef) -> Option<usize>, listed: &[usize]| {
        let mut tallies: Vec<Tally> = text
            .summaries
            .iter()
            .filter_map(|s| {
                wanted(s.entity).map(|index| Tally {
                    index,
                    count: s.count,
                })
            })
            .filter(|t| !listed.contains(&t.index))
            .collect();
        tallies.sort_by(|a, b| b.count.cmp(&a.count).then(a.index.cmp(&b.index)));
        tallies
    };
    let also_actors = also(actor_of, &actors);
    let also_topics = also(topic_of, &topics);
    let node = ArticleNode {
        article,
        actors,
        topics,
        text,
        also_actors,
        also_topics,
        related: Vec::new(),
    };
    (node, problems)
}

fn actor_of(entity: EntityRef) -> Option<usize> {
    match entity {
        EntityRef::Actor(index) => Some(index),
        _ => None,
    }
}

fn topic_of(entity: EntityRef) -> Option<usize> {
    match entity {
        EntityRef::Topic(index) => Some(index),
        _ => None,
    }
}

/// Fills each entity's backlinks from article mentions, and each actor's statements.
fn link_mentions(articles: &[ArticleNode], actors: &mut [ActorNode], topics: &mut [TopicNode]) {
    for (index, node) in articles.iter().enumerate() {
        for summary in &node.text.summaries {
            let backlink = |listed: &[usize], entity: usize| Backlink {
                article: index,
                count: summary.count,
                sentence: summary.sentence.clone(),
                listed: listed.contains(&entity),
            };
            match summary.entity {
                EntityRef::Actor(a) => actors[a].backlinks.push(backlink(&node.actors, a)),
                EntityRef::Topic(t) => topics[t].backlinks.push(backlink(&node.topics, t)),
                EntityRef::Article(_) => {}
            }
        }
        for (quote, entry) in node.article.front.quotes.iter().enumerate() {
            let anchored = node.text.quotes.get(quote).is_some_and(Option::is_some);
            let speaker =
                actors.binary_search_by(|a| a.actor.origin.slug.as_str().cmp(&entry.by.value));
            if let (true, Ok(speaker)) = (anchored, speaker) {
                actors[speaker].statements.push(Statement {
                    article: index,
                    quote,
                });
            }
        }
    }
}

/// A `verdict` belongs to a claim; elsewhere it would be silently dropped.
fn check_verdicts(article: &Article, problems: &mut Vec<Diagnostic>) {
    for annotation in &article.front.annotations {
        if let Some(verdict) = &annotation.verdict
            && annotation.kind != AnnotationKind::Claim
        {
            problems.push(
                article
                    .origin
                    .error_at(
                        code::VERDICT_WITHOUT_CLAIM,
                        verdict,
                        "`verdict` is only for annotations of kind `claim`",
                    )
                    .with_hint("set `kind: claim`, or remove the verdict"),
            );
        }
    }
}

/// Each article's reading: the cached one where it still holds, else read afresh.
fn read_articles(
    articles: &[Arc<Article>],
    lexicon: &Lexicon,
    lexicon_key: u64,
    cache: &mut AnalysisCache,
) -> Vec<(Arc<ArticleText>, Vec<Diagnostic>)> {
    if cache.lexicon != lexicon_key {
        cache.lexicon = lexicon_key;
        cache.readings.clear();
    }
    let fresh: Vec<Option<Reading>> = articles
        .par_iter()
        .map(|article| match cache.readings.get(&article.origin.slug) {
            Some(reading) if reading.holds_for(article, lexicon) => None,
            _ => {
                let (text, problems) = article_text::analyse(article, lexicon);
                Some(Reading {
                    article: Arc::clone(article),
                    text: Arc::new(text),
                    problems,
                })
            }
        })
        .collect();
    let listed: HashSet<&str> = articles.iter().map(|a| a.origin.slug.as_str()).collect();
    cache
        .readings
        .retain(|slug, _| listed.contains(slug.as_str()));
    cache.redone.clear();
    let mut texts = Vec::with_capacity(articles.len());
    for (article, fresh) in articles.iter().zip(fresh) {
        if let Some(reading) = fresh {
            cache.redone.push(article.origin.slug.clone());
            cache.readings.insert(article.origin.slug.clone(), reading);
        }
        if let Some(reading) = cache.readings.get(&article.origin.slug) {
            texts.push((Arc::clone(&reading.text), reading.problems.clone()));
        }
    }
    texts
}

/// Everything of the actors and topics an article's reading depends on. (The articles a
/// reading links to are checked link by link: see `Reading::holds_for`.)
fn lexicon_fingerprint(actors: &[Arc<Actor>], topics: &[Arc<Topic>]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for actor in actors {
        let front = &actor.front;
        (&actor.origin.slug, &front.name.value, front.kind).hash(&mut hasher);
        front.aliases.iter().for_each(|a| a.value.hash(&mut hasher));
        for role in &actor.roles {
            (&role.office.value, role.from, role.to).hash(&mut hasher);
        }
    }
    for topic in topics {
        (&topic.origin.slug, &topic.front.name.value).hash(&mut hasher);
        topic
            .front
            .aliases
            .iter()
            .for_each(|a| a.value.hash(&mut hasher));
    }
    hasher.finish()
}

/// Slug → position in a sorted list, with "did you mean" on a miss.
struct SlugIndex {
    what: &'static str,
    positions: HashMap<String, usize>,
}

impl SlugIndex {
    fn new<'a>(what: &'static str, origins: impl Iterator<Item = &'a Origin>) -> Self {
        let mut positions = HashMap::new();
        for (index, origin) in origins.enumerate() {
            positions.entry(origin.slug.clone()).or_insert(index);
        }
        SlugIndex { what, positions }
    }

    fn get(&self, slug: &str) -> Option<usize> {
        self.positions.get(slug).copied()
    }

    fn lookup(
        &self,
        origin: &Origin,
        slug: &Spanned<String>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        let found = self.get(&slug.value);
        if found.is_none() {
            let mut problem = origin.error_at(
                code::UNKNOWN_SLUG,
                slug,
                format!("unknown {} `{}`", self.what, slug.value),
            );
            let mut known: Vec<&str> = self.positions.keys().map(String::as_str).collect();
            known.sort_unstable();
            problem = match diagnostics::did_you_mean(&slug.value, known) {
                Some(hint) => problem.with_hint(hint),
                None => problem.with_hint(format!(
                    "create `content/{}s/{}.md`, or fix the slug",
                    self.what, slug.value
                )),
            };
            problems.push(problem);
        }
        found
    }

    /// Every slug that resolves, each once, in the order written.
    fn lookup_all(
        &self,
        origin: &Origin,
        slugs: &[Spanned<String>],
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<usize> {
        let mut found = Vec::new();
        for slug in slugs {
            if let Some(index) = self.lookup(origin, slug, problems)
                && !found.contains(&index)
            {
                found.push(index);
            }
        }
        found
    }
}

/// Checks role offices and affiliations, and lists each office's holders.
fn link_offices(actors: &mut [ActorNode], index: &SlugIndex, problems: &mut Vec<Diagnostic>) {
    let mut holders: Vec<(usize, usize)> = Vec::new();
    for (position, node) in actors.iter().enumerate() {
        let actor = &node.actor;
        for role in &actor.roles {
            let Some(office) = index.lookup(&actor.origin, &role.office, problems) else {
                continue;
            };
            if actors[office].actor.front.kind != Some(ActorKind::Office) {
                problems.push(
                    actor
                        .origin
                        .error_at(
                            code::NOT_AN_OFFICE,
                            &role.office,
                            format!("`{}` is not an office", role.office.value),
                        )
                        .with_hint(format!(
                            "set `kind: office` in content/actors/{}.md",
                            role.office.value
                        )),
                );
            } else if !holders.contains(&(office, position)) {
                holders.push((office, position));
            }
            if let (Some(from), Some(to)) = (role.from, role.to)
                && to < from
            {
                problems.push(
                    actor
                        .origin
                        .error_at(
                            code::ROLE_DATES,
                            &role.office,
                            format!("role in `{}` ends before it starts", role.office.value),
                        )
                        .with_hint("swap `from` and `to`"),
                );
            }
        }
        for affiliation in &actor.front.affiliations {
            index.lookup(&actor.origin, affiliation, problems);
        }
    }
    for (office, holder) in holders {
        actors[office].holders.push(holder);
    }
}

fn link_parents(topics: &mut [TopicNode], index: &SlugIndex, problems: &mut Vec<Diagnostic>) {
    for position in 0..topics.len() {
        let topic = &topics[position].topic;
        let Some(parent) = &topic.front.parent else {
            continue;
        };
        if let Some(parent) = index.lookup(&topic.origin, parent, problems) {
            topics[position].parent = Some(parent);
            topics[parent].children.push(position);
        }
    }
    report_cycles(topics, problems);
}

/// A topic that is its own ancestor; each cycle is reported once, and broken there.
fn report_cycles(topics: &mut [TopicNode], problems: &mut Vec<Diagnostic>) {
    for start in 0..topics.len() {
        let mut path = vec![start];
        let mut current = topics[start].parent;
        while let Some(next) = current {
            if next == start {
                // Report at the smallest member only, so one cycle gives one error.
                if path.iter().all(|&p| p >= start) {
                    let names: Vec<&str> = path
                        .iter()
                        .map(|&p| topics[p].topic.origin.slug.as_str())
                        .collect();
                    let topic = &topics[start].topic;
                    if let Some(parent) = &topic.front.parent {
                        problems.push(
                            topic
                                .origin
                                .error_at(
                                    code::TOPIC_CYCLE,
                                    parent,
                                    format!(
                                        "topic parents form a cycle: {} → {}",
                                        names.join(" → "),
                                        names[0]
                                    ),
                                )
                                .with_hint("remove `parent` from one of these topics"),
                        );
                    }
                }
                break;
            }
            if path.contains(&next) || path.len() > topics.len() {
                break;
            }
            path.push(next);
            current = topics[next].parent;
        }
    }
}

/// Actor and topic files that nothing uses, and those with no profile text.
fn report_unused(
    articles: &[ArticleNode],
    actors: &[ActorNode],
    topics: &[TopicNode],
    problems: &mut Vec<Diagnostic>,
) {
    let mut used_actors = vec![false; actors.len()];
    let mut used_topics = vec![false; topics.len()];
    for article in articles {
        article.actors.iter().for_each(|&a| used_actors[a] = true);
        article.topics.iter().for_each(|&t| used_topics[t] = true);
        for summary in &article.text.summaries {
            match summary.entity {
                EntityRef::Actor(a) => used_actors[a] = true,
                EntityRef::Topic(t) => used_topics[t] = true,
                EntityRef::Article(_) => {}
            }
        }
    }
    // An office is used when a holder is; a parent topic when a child is.
    for (office, node) in actors.iter().enumerate() {
        if node.holders.iter().any(|&h| used_actors[h]) {
            used_actors[office] = true;
        }
    }
    for (index, node) in topics.iter().enumerate() {
        let mut ancestor = node.parent;
        let mut steps = 0;
        while let (Some(parent), true) = (ancestor, used_topics[index] && steps < topics.len()) {
            used_topics[parent] = true;
            ancestor = topics[parent].parent;
            steps += 1;
        }
    }
    let unused = |origin: &Origin, what: &str| {
        Diagnostic::warning(
            code::UNUSED_ENTITY,
            &origin.file,
            format!("no article lists or mentions this {what}"),
        )
        .with_hint("list it in an article's front matter, mention it by name, or delete the file")
    };
    let empty = |origin: &Origin, what: &str| {
        Diagnostic::warning(
            code::EMPTY_BODY,
            &origin.file,
            format!("the {what} has no text below the front matter"),
        )
        .at_line(origin.body_line)
        .with_hint("write a short profile or description")
    };
    for (node, used) in actors.iter().zip(used_actors) {
        if !used {
            problems.push(unused(&node.actor.origin, "actor"));
        }
        if node.actor.profile.trim().is_empty() {
            problems.push(empty(&node.actor.origin, "actor"));
        }
    }
    for (node, used) in topics.iter().zip(used_topics) {
        if !used {
            problems.push(unused(&node.topic.origin, "topic"));
        }
        if node.topic.description.trim().is_empty() {
            problems.push(empty(&node.topic.origin, "topic"));
        }
    }
}

/// Counts the entities of `articles`, leaving out `own`; most frequent first, then by slug.
pub fn tally<'a>(
    articles: &[usize],
    entities_of: impl Fn(usize) -> &'a Vec<usize>,
    own: Option<usize>,
) -> Vec<Tally> {
    // Entities are few (hundreds) and articles many: count in a dense table.
    let mut counts: Vec<usize> = Vec::new();
    for &article in articles {
        for &entity in entities_of(article) {
            if Some(entity) != own {
                if entity >= counts.len() {
                    counts.resize(entity + 1, 0);
                }
                counts[entity] += 1;
            }
        }
    }
    let mut tallies: Vec<Tally> = counts
        .into_iter()
        .enumerate()
        .filter(|&(_, count)| count > 0)
        .map(|(index, count)| Tally { index, count })
        .collect();
    tallies.sort_by(|a, b| b.count.cmp(&a.count).then(a.index.cmp(&b.index)));
    tallies
}

/// The articles sharing the most actors and topics with `index`; newest first among equals.
/// Every article's related articles: the last build's when no article moved and none
/// changed its actors or topics, else worked out afresh.
fn related_lists(
    articles: &[ArticleNode],
    actors: &[ActorNode],
    topics: &[TopicNode],
    cache: &mut AnalysisCache,
) -> Vec<Vec<usize>> {
    let listed: Vec<(Vec<usize>, Vec<usize>)> = articles
        .iter()
        .map(|node| (node.actors.clone(), node.topics.clone()))
        .collect();
    let kept = cache.related.take();
    let related = match kept
        .as_ref()
        .and_then(|kept| carried_over(articles, &listed, kept))
    {
        Some(carried) => carried,
        None => vec![None; articles.len()],
    };
    let related: Vec<Vec<usize>> = related
        .into_par_iter()
        .enumerate()
        .map_init(
            || vec![0u32; articles.len()],
            |shared, (index, carried)| {
                carried.unwrap_or_else(|| related_articles(index, articles, actors, topics, shared))
            },
        )
        .collect();
    cache.related = Some(RelatedLists {
        articles: articles.iter().map(|n| Arc::clone(&n.article)).collect(),
        listed,
        related: related.clone(),
    });
    related
}

/// The related lists that stay as they were (renumbered), by article; `None` for those to
/// work out again. An article's list can change only if it shares an actor or topic with
/// an article that came, went, changed (its date perhaps) or listed other entities; the
/// rest keep their order among themselves, so their lists carry over.
fn carried_over(
    articles: &[ArticleNode],
    listed: &[(Vec<usize>, Vec<usize>)],
    kept: &RelatedLists,
) -> Option<Vec<Option<Vec<usize>>>> {
    let was: HashMap<&str, usize> = kept
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.origin.slug.as_str(), i))
        .collect();
    let now: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, n)| (n.article.origin.slug.as_str(), i))
        .collect();
    if was.len() != kept.articles.len() || now.len() != articles.len() {
        return None;
    }
    // Actors (odd) and topics (even) of every article that changed, before and after.
    let mut touched: HashSet<usize> = HashSet::new();
    let mut touch = |(actors, topics): &(Vec<usize>, Vec<usize>)| {
        touched.extend(actors.iter().map(|a| a * 2 + 1));
        touched.extend(topics.iter().map(|t| t * 2));
    };
    let mut changed = vec![false; articles.len()];
    for (index, node) in articles.iter().enumerate() {
        let before = was.get(node.article.origin.slug.as_str()).copied();
        let same = before.is_some_and(|b| {
            Arc::ptr_eq(&kept.articles[b], &node.article) && kept.listed[b] == listed[index]
        });
        if !same {
            changed[index] = true;
            touch(&listed[index]);
            if let Some(b) = before {
                touch(&kept.listed[b]);
            }
        }
    }
    for (b, article) in kept.articles.iter().enumerate() {
        if !now.contains_key(article.origin.slug.as_str()) {
            touch(&kept.listed[b]);
        }
    }
    let shares_touched = |(actors, topics): &(Vec<usize>, Vec<usize>)| {
        actors.iter().any(|a| touched.contains(&(a * 2 + 1)))
            || topics.iter().any(|t| touched.contains(&(t * 2)))
    };
    let carried = articles
        .iter()
        .enumerate()
        .map(|(index, node)| {
            if changed[index] || shares_touched(&listed[index]) {
                return None;
            }
            let before = was.get(node.article.origin.slug.as_str())?;
            kept.related[*before]
                .iter()
                .map(|&r| now.get(kept.articles[r].origin.slug.as_str()).copied())
                .collect()
        })
        .collect();
    Some(carried)
}

/// `shared` is a zeroed tally as long as `articles`, and is left zeroed.
fn related_articles(
    index: usize,
    articles: &[ArticleNode],
    actors: &[ActorNode],
    topics: &[TopicNode],
    shared: &mut [u32],
) -> Vec<usize> {
    let node = &articles[index];
    // A dense tally: popular actors share thousands of articles, and hashing each is slow.
    let mut touched = Vec::new();
    let neighbours = node
        .actors
        .iter()
        .map(|&a| &actors[a].articles)
        .chain(node.topics.iter().map(|&t| &topics[t].articles));
    for list in neighbours {
        for &other in list {
            if other != index {
                if shared[other] == 0 {
                    touched.push(other);
                }
                shared[other] += 1;
            }
        }
    }
    // Articles are stored newest first, so a lower index is newer.
    let rank = |&other: &usize| (std::cmp::Reverse(shared[other]), other);
    let mut related = touched.clone();
    if related.len() > RELATED_LIMIT {
        related.select_nth_unstable_by_key(RELATED_LIMIT, rank);
        related.truncate(RELATED_LIMIT);
    }
    related.sort_by_key(rank);
    for other in touched {
        shared[other] = 0;
    }
    related
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::write;
    use std::collections::BTreeMap;
    use std::fs;
    use std::path::Path;

    fn article(root: &Path, n: usize, day: usize, actors: &[usize], topics: &[usize]) {
        let list = |prefix: &str, items: &[usize]| {
            let slugs: Vec<String> = items.iter().map(|i| format!("{prefix}{i}")).collect();
            slugs.join(", ")
        };
        let text = format!(
            "---\ntitle: Story {n}\ndate: 2025-01-{day:02}\nactors: [{}]\ntopics: [{}]\n---\nText {n}.\n",
            list("a", actors),
            list("t", topics)
        );
        // A later modification time, so the load sees the change whatever the clock.
        write(root, &format!("content/articles/s{n:02}.md"), &text);
        let file = fs::File::options()
            .write(true)
            .open(root.join(format!("content/articles/s{n:02}.md")))
            .unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(n as u64 + 5);
        file.set_modified(later).unwrap();
    }

    /// Each article's related articles, by slug.
    fn related_by_slug(site: &Site) -> BTreeMap<String, Vec<String>> {
        let slug = |i: usize| site.articles[i].article.origin.slug.clone();
        (0..site.articles.len())
            .map(|i| {
                (
                    slug(i),
                    site.articles[i].related.iter().map(|&r| slug(r)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn related_lists_carried_over_match_lists_worked_out_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for a in 0..6 {
            write(
                root,
                &format!("content/actors/a{a}.md"),
                &format!("---\nname: Actor {a}\n---\nA.\n"),
            );
        }
        for t in 0..3 {
            write(
                root,
                &format!("content/topics/t{t}.md"),
                &format!("---\nname: Topic {t}\n---\nT.\n"),
            );
        }
        for n in 0..40 {
            article(root, n, 1 + n % 28, &[n % 6, (n * 7 + 1) % 6], &[n % 3]);
        }
        let options = ResolveOptions::default();
        // As serve does: files read once stay the same values, so unchanged articles are known.
        let mut files = load::LoadCache::default();
        let mut cache = AnalysisCache::default();
        resolve_cached(load::load_cached(root, &mut files), options, &mut cache);
        let edits: [&dyn Fn(); 5] = [
            &|| article(root, 3, 27, &[3, 4], &[0]),
            &|| article(root, 10, 10, &[5], &[1, 2]),
            &|| article(root, 40, 15, &[0, 1], &[2]),
            &|| fs::remove_file(root.join("content/articles/s21.md")).unwrap(),
            &|| article(root, 7, 2, &[2], &[]),
        ];
        for (step, edit) in edits.iter().enumerate() {
            edit();
            let carried = resolve_cached(load::load_cached(root, &mut files), options, &mut cache);
            let fresh = resolve(load::load(root), options);
            assert_eq!(
                related_by_slug(&carried),
                related_by_slug(&fresh),
                "after edit {step}"
            );
        }
    }
}
