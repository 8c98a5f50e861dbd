//! What `serve` keeps of each article's reading between builds, and the in-place patch:
//! a rebuild reads again only the articles whose text or lexicon changed, carries over
//! related lists that cannot have changed, and, when no edited article moves in any list,
//! puts the new versions into the last site instead of resolving it whole.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diagnostics::{self, Diagnostic, code};
use crate::load::{Actor, Article, Corpus, Topic};
use crate::resolve::{
    self, ArticleNode, Linked, ResolveOptions, Site, SlugIndex, Tally, article_node,
};
use crate::text::analysis::{self, ArticleText, EntityRef, Lexicon};

/// Each article's reading, kept between builds with what it was read from.
#[derive(Default)]
pub struct AnalysisCache {
    /// The actors' and topics' names, aliases and offices the readings were made against.
    lexicon: u64,
    /// Each article's last reading, by the article's address (see [`address`]).
    readings: FxHashMap<usize, Reading>,
    /// The articles the last resolve read afresh (all of them when nothing was cached).
    pub redone: Vec<String>,
    /// What the last whole resolve made, for [`patch`]: its lexicon, its problems, the
    /// options it ran with, and when the first article it left out as future is due.
    lexicon_made: Option<Lexicon>,
    diagnostics: Vec<Diagnostic>,
    include_drafts: bool,
    next_due: Option<DateTime<FixedOffset>>,
    /// The articles the last whole resolve left out (drafts, future), for digests' checks.
    left_out: Vec<Arc<Article>>,
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

/// Like [`resolve::resolve`], re-reading only articles whose text, passages or lexicon
/// changed, and carrying over from the `last` site the related lists that cannot have
/// changed.
pub fn resolve_cached(
    corpus: Corpus,
    options: ResolveOptions,
    cache: &mut AnalysisCache,
    last: Option<&Site>,
) -> Site {
    let prepared = resolve::prepare(corpus, options);
    cache.include_drafts = options.include_drafts;
    cache.next_due = prepared.next_due;
    cache.left_out = prepared.left_out.clone();
    let key = lexicon_fingerprint(&prepared.actors, &prepared.topics);
    let texts = read_articles(&prepared.articles, &prepared.lexicon, key, cache);
    let linked = resolve::link(prepared, texts);
    let related = related_lists(&linked, last);
    let (site, lexicon) = resolve::finish(linked, related);
    cache.lexicon_made = Some(lexicon);
    cache.diagnostics = site.diagnostics.clone();
    site
}

/// An article [`patch`] put in place of its last version.
#[derive(Debug)]
pub struct Patched {
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
        // Corrections show on a page of their own: the page choice needs the site before.
        let corrections_changed = article.corrections != old.corrections;
        if !included
            || article.date != old.date
            || article.updated != old.updated
            || corrections_changed
        {
            return None;
        }
        edits.push((index, Arc::clone(article)));
    }
    // A digest linking to a retitled article by `[[slug]]` shows the new title in its
    // text, which shifts its mentions: only a whole resolve reads it again.
    for (index, article) in &edits {
        let retitled = article.front.title.value != site.articles[*index].article.front.title.value;
        let linked_from_digest = site.briefings.iter().any(|b| {
            b.text
                .wikilinks
                .iter()
                .any(|w| w.entity == EntityRef::Article(*index))
        });
        if retitled && linked_from_digest {
            return None;
        }
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
        let (text, problems) = analysis::analyse(&article, lexicon);
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
            index,
            relisted: !same_listing(old, &node),
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
        crate::resolve::refresh_backlinks(&mut site.pairs, &site.actors, index);
        cache.redone.push(node.article.origin.slug.clone());
        cache.readings.insert(address(&node.article), reading);
        let related = std::mem::take(&mut site.articles[index].related);
        site.articles[index] = ArticleNode { related, ..node };
    }
    diagnostics::sort(&mut diagnostics);
    cache.diagnostics = diagnostics.clone();
    site.diagnostics = diagnostics;
    Some(patched)
}

/// Puts the digests of `corpus` into `site` in place of the last ones, when only digests
/// changed since the last resolve made `site` (the articles, actors and topics stand):
/// their listed articles are found and their bodies read again, and the problems of the
/// digests' files replaced. `None`, with `site` untouched, when a whole resolve is needed.
pub fn patch_briefings(
    site: &mut Site,
    corpus: &Corpus,
    options: ResolveOptions,
    cache: &mut AnalysisCache,
) -> Option<()> {
    let due = cache
        .next_due
        .zip(options.now)
        .is_some_and(|(due, now)| due <= now);
    if cache.include_drafts != options.include_drafts
        || due
        || lexicon_fingerprint(&corpus.actors, &corpus.topics) != cache.lexicon
    {
        return None;
    }
    let lexicon = cache.lexicon_made.as_ref()?;
    let mut briefings = corpus.briefings.clone();
    briefings.sort_by(|a, b| a.origin.file.cmp(&b.origin.file));
    let problems = resolve::relink_briefings(site, briefings, &cache.left_out, lexicon);
    let folder = std::path::Path::new("content").join("briefings");
    let mut diagnostics = std::mem::take(&mut cache.diagnostics);
    diagnostics.retain(|d| !d.file.starts_with(&folder));
    let loaded = corpus
        .diagnostics
        .iter()
        .filter(|d| d.file.starts_with(&folder));
    diagnostics.extend(loaded.cloned());
    diagnostics.extend(problems);
    diagnostics::sort(&mut diagnostics);
    cache.redone.clear();
    cache.diagnostics = diagnostics.clone();
    site.diagnostics = diagnostics;
    Some(())
}

/// The articles whose body links to the article at `index` with `[[…]]`.
fn linking_to(site: &Site, index: usize) -> Vec<usize> {
    (0..site.articles.len())
        .filter(|&other| other != index && site.articles[other].links_to_article(index))
        .collect()
}

/// Whether two versions of an article show the same in lists of articles: its title,
/// summary, publisher and reading time (its dates, actors and topics are part of its place).
pub fn same_listing(old: &ArticleNode, new: &ArticleNode) -> bool {
    let publisher = |node: &ArticleNode| {
        let source = node.article.front.source.as_ref();
        source.and_then(|s| s.publisher.clone())
    };
    let (was, is) = (&old.article.front, &new.article.front);
    was.title.value == is.title.value
        && was.summary == is.summary
        && publisher(old) == publisher(new)
        && crate::render::reading_minutes(old.text.words)
            == crate::render::reading_minutes(new.text.words)
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
    let mut kept = std::mem::take(&mut cache.readings);
    let fresh: Vec<Option<Reading>> = articles
        .par_iter()
        .map(|article| match kept.get(&address(article)) {
            Some(reading) if reading.holds_for(article, lexicon) => None,
            _ => Some(read(article, lexicon)),
        })
        .collect();
    cache.redone.clear();
    let mut readings = FxHashMap::with_capacity_and_hasher(articles.len(), Default::default());
    let mut texts = Vec::with_capacity(articles.len());
    for (article, fresh) in articles.iter().zip(fresh) {
        let unchanged = match fresh {
            None => kept.remove(&address(article)),
            Some(_) => None,
        };
        let reading = match unchanged {
            Some(reading) => reading,
            None => {
                cache.redone.push(article.origin.slug.clone());
                fresh.unwrap_or_else(|| read(article, lexicon))
            }
        };
        texts.push((Arc::clone(&reading.text), reading.problems.clone()));
        readings.insert(address(article), reading);
    }
    cache.readings = readings;
    texts
}

/// One article read against the lexicon.
fn read(article: &Arc<Article>, lexicon: &Lexicon) -> Reading {
    let (text, problems) = analysis::analyse(article, lexicon);
    Reading {
        article: Arc::clone(article),
        text: Arc::new(text),
        problems,
    }
}

/// The key of an article's reading: its address. Serve keeps an unchanged file's
/// `Arc<Article>`, and the reading holds that `Arc`, so no other article can take it.
fn address(article: &Arc<Article>) -> usize {
    Arc::as_ptr(article) as usize
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

/// Every article's related articles: the last site's where they cannot have changed
/// (see [`carried_over`]), else worked out afresh.
fn related_lists(linked: &Linked, last: Option<&Site>) -> Vec<Vec<usize>> {
    let articles = &linked.articles;
    let carried = match last.and_then(|last| carried_over(articles, &last.articles)) {
        Some(carried) => carried,
        None => vec![None; articles.len()],
    };
    resolve::related_lists(articles, &linked.actors, &linked.topics, carried)
}

/// The related lists that stay as they were in the `last` site, by article; `None` for
/// those to work out again. Only the changed articles (come, gone, edited, or listing
/// other entities) change how they rank against an unchanged article: the others keep
/// their shared counts and their order among themselves. So an unchanged article whose
/// last list held no changed article keeps that list, with each changed article that now
/// shares an entity with it ranked in (by shared count, then newest first); one whose
/// list held a changed article is worked out again, as the next best is not known.
pub(super) fn carried_over(
    articles: &[ArticleNode],
    last: &[ArticleNode],
) -> Option<Vec<Option<Vec<usize>>>> {
    // By address: an unchanged file keeps its `Arc<Article>` (see [`address`]).
    let was: FxHashMap<usize, usize> = last
        .iter()
        .enumerate()
        .map(|(b, node)| (address(&node.article), b))
        .collect();
    if was.len() != last.len() {
        return None;
    }
    // Each unchanged article's place before, and each last article's place now (`None`
    // when it changed or went).
    let mut before = vec![None; articles.len()];
    let mut renumbered = vec![None; last.len()];
    for (index, node) in articles.iter().enumerate() {
        let Some(&b) = was.get(&address(&node.article)) else {
            continue;
        };
        let listed_alike = last[b].actors == node.actors && last[b].topics == node.topics;
        if listed_alike && renumbered[b].is_none() {
            renumbered[b] = Some(index);
            before[index] = Some(b);
        }
    }
    let changed: Vec<usize> = (0..articles.len())
        .filter(|&i| before[i].is_none())
        .collect();
    let carried = articles
        .par_iter()
        .enumerate()
        .map(|(index, node)| {
            let last_list = &last[before[index]?].related;
            // Any article it listed that changed or went: `?` gives up on the list.
            let mut list: Vec<usize> = last_list
                .iter()
                .map(|&r| renumbered[r])
                .collect::<Option<_>>()?;
            let joining = changed.iter().filter(|&&c| shared(node, &articles[c]) > 0);
            if joining.clone().next().is_none() {
                return Some(list);
            }
            list.extend(joining);
            let rank = |&other: &usize| (std::cmp::Reverse(shared(node, &articles[other])), other);
            list.sort_by_key(rank);
            list.truncate(resolve::RELATED_LIMIT);
            Some(list)
        })
        .collect();
    Some(carried)
}

/// How many (actor, topic) listings two articles share, counted as the related lists
/// count them: each listing of one against each equal listing of the other.
fn shared(one: &ArticleNode, other: &ArticleNode) -> u32 {
    let count = |a: &[usize], b: &[usize]| {
        a.iter()
            .map(|x| b.iter().filter(|y| *y == x).count() as u32)
            .sum::<u32>()
    };
    count(&one.actors, &other.actors) + count(&one.topics, &other.topics)
}
