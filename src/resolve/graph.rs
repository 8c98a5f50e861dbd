//! The cross-links of the graph: each article's node, offices and their holders, parent
//! topics (and cycles), mentions into backlinks and statements, tallies, unused entities.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;
use std::sync::Arc;

use crate::diagnostics::{self, Diagnostic, code};
use crate::load::yaml::Spanned;
use crate::load::{ActorKind, AnnotationKind, Article, Origin};
use crate::resolve::{ActorNode, ArticleNode, Backlink, Statement, Tally, TopicNode};
use crate::text::analysis::{ArticleText, EntityRef};
use crate::text::{footnotes, tables};

/// One article's place in the graph (its related articles come later), and its problems.
pub(crate) fn article_node(
    article: Arc<Article>,
    text: Arc<ArticleText>,
    mut problems: Vec<Diagnostic>,
    actor_index: &SlugIndex,
    topic_index: &SlugIndex,
) -> (ArticleNode, Vec<Diagnostic>) {
    check_verdicts(&article, &mut problems);
    let actors = actor_index.lookup_all(&article.origin, &article.front.actors, &mut problems);
    let topics = topic_index.lookup_all(&article.origin, &article.front.topics, &mut problems);
    let speakers = article
        .front
        .quotes
        .iter()
        .map(|quote| actor_index.lookup(&article.origin, &quote.by, &mut problems))
        .collect();
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
        speakers,
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

/// Fills each entity's backlinks from article mentions, and each actor's statements:
/// actors' and topics' backlinks on two threads, as each walks every article's mentions.
pub(super) fn link_mentions(
    articles: &[ArticleNode],
    actors: &mut [ActorNode],
    topics: &mut [TopicNode],
) {
    let (by_actor, by_topic) = rayon::join(
        || backlinks_by_entity(articles, actors.len(), actor_of, |n| &n.actors),
        || backlinks_by_entity(articles, topics.len(), topic_of, |n| &n.topics),
    );
    for (actor, backlinks) in actors.iter_mut().zip(by_actor) {
        actor.backlinks = backlinks;
    }
    for (topic, backlinks) in topics.iter_mut().zip(by_topic) {
        topic.backlinks = backlinks;
    }
    link_statements(articles, actors);
}

/// The backlinks of each of `count` entities of one kind (`entity_of` picks them out of
/// the mentions, `listed` gives an article's listed ones), in article order.
fn backlinks_by_entity(
    articles: &[ArticleNode],
    count: usize,
    entity_of: fn(EntityRef) -> Option<usize>,
    listed: fn(&ArticleNode) -> &[usize],
) -> Vec<Vec<Backlink>> {
    let mut backlinks = vec![Vec::new(); count];
    for (index, node) in articles.iter().enumerate() {
        for summary in &node.text.summaries {
            if let Some(entity) = entity_of(summary.entity) {
                backlinks[entity].push(Backlink {
                    article: index,
                    count: summary.count,
                    sentence: summary.sentence.clone(),
                    listed: listed(node).contains(&entity),
                });
            }
        }
    }
    backlinks
}

/// Each actor's statements: the anchored quotes attributed to it, in article order.
fn link_statements(articles: &[ArticleNode], actors: &mut [ActorNode]) {
    for (index, node) in articles.iter().enumerate() {
        for (quote, &speaker) in node.speakers.iter().enumerate() {
            let anchored = node.text.quotes.get(quote).is_some_and(Option::is_some);
            if let (true, Some(speaker)) = (anchored, speaker) {
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

/// Slug → position in a sorted list, with "did you mean" on a miss.
pub(crate) struct SlugIndex {
    what: &'static str,
    /// FxHash: slugs are the site's own file names, looked up for every article.
    positions: FxHashMap<String, usize>,
}

impl SlugIndex {
    pub(crate) fn new<'a>(what: &'static str, origins: impl Iterator<Item = &'a Origin>) -> Self {
        let mut positions = FxHashMap::default();
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
pub(super) fn link_offices(
    actors: &mut [ActorNode],
    index: &SlugIndex,
    problems: &mut Vec<Diagnostic>,
) {
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

pub(super) fn link_parents(
    topics: &mut [TopicNode],
    index: &SlugIndex,
    problems: &mut Vec<Diagnostic>,
) {
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

/// Which entities something uses, by index, and how many are not used yet.
struct Used {
    actors: Vec<bool>,
    topics: Vec<bool>,
    left: usize,
}

impl Used {
    fn mark(&mut self, entity: EntityRef) {
        let used = match entity {
            EntityRef::Actor(a) => &mut self.actors[a],
            EntityRef::Topic(t) => &mut self.topics[t],
            EntityRef::Article(_) => return,
        };
        self.left -= usize::from(!*used);
        *used = true;
    }
}

/// Actor and topic files that nothing uses, those with no profile text, and the footnote
/// and table problems of their text.
pub(super) fn report_unused(
    articles: &[ArticleNode],
    actors: &[ActorNode],
    topics: &[TopicNode],
    named_by_unloaded: &BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut used = Used {
        actors: vec![false; actors.len()],
        topics: vec![false; topics.len()],
        left: actors.len() + topics.len(),
    };
    for article in articles {
        article
            .actors
            .iter()
            .for_each(|&a| used.mark(EntityRef::Actor(a)));
        article
            .topics
            .iter()
            .for_each(|&t| used.mark(EntityRef::Topic(t)));
        article
            .text
            .summaries
            .iter()
            .for_each(|s| used.mark(s.entity));
        article
            .text
            .wikilinks
            .iter()
            .for_each(|w| used.mark(w.entity));
        // A speaker is used by its statements, anchored or not.
        for &speaker in article.speakers.iter().flatten() {
            used.mark(EntityRef::Actor(speaker));
        }
        // In a large site every entity is used early on: the rest can change nothing.
        if used.left == 0 {
            break;
        }
    }
    let Used {
        actors: mut used_actors,
        topics: mut used_topics,
        ..
    } = used;
    // An office is used when a role names it; a parent topic when a topic names it.
    for (office, node) in actors.iter().enumerate() {
        if !node.holders.is_empty() {
            used_actors[office] = true;
        }
    }
    for node in topics {
        if let Some(parent) = node.parent {
            used_topics[parent] = true;
        }
    }
    // What an article that failed to load may name is not called unused.
    for (used, node) in used_actors.iter_mut().zip(actors) {
        *used |= named_by_unloaded.contains(&node.actor.origin.slug);
    }
    for (used, node) in used_topics.iter_mut().zip(topics) {
        *used |= named_by_unloaded.contains(&node.topic.origin.slug);
    }
    let unused = |origin: &Origin, what: &str| {
        Diagnostic::warning(
            code::UNUSED_ENTITY,
            &origin.file,
            format!("nothing uses this {what}: no article lists, mentions or quotes it, and no role, parent or [[link]] names it"),
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
        problems.extend(footnotes::check(&node.actor.origin, &node.actor.profile));
        problems.extend(tables::check(
            &node.actor.origin,
            &node.actor.profile,
            false,
        ));
    }
    for (node, used) in topics.iter().zip(used_topics) {
        if !used {
            problems.push(unused(&node.topic.origin, "topic"));
        }
        if node.topic.description.trim().is_empty() {
            problems.push(empty(&node.topic.origin, "topic"));
        }
        problems.extend(footnotes::check(
            &node.topic.origin,
            &node.topic.description,
        ));
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

/// Each entity's place in name order (case folded, then as written), by entity index:
/// equal counts rank by it, so lists read by name rather than by file name.
pub fn name_ranks<'a>(names: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut order: Vec<(String, &str, usize)> = names
        .enumerate()
        .map(|(index, name)| (name.to_lowercase(), name, index))
        .collect();
    order.sort_unstable();
    let mut ranks = vec![0; order.len()];
    for (rank, (_, _, index)) in order.into_iter().enumerate() {
        ranks[index] = rank;
    }
    ranks
}

/// Orders `tallies` most frequent first, then by name (`ranks` from [`name_ranks`]).
pub fn rank_by_name(tallies: &mut [Tally], ranks: &[usize]) {
    tallies.sort_by_key(|t| (std::cmp::Reverse(t.count), ranks.get(t.index).copied()));
}
