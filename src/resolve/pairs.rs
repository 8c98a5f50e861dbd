//! Actor × topic pairs: the articles where an actor and a topic both appear (listed in
//! front matter or mentioned in the body), with the actor's statements and the sentences
//! mentioning the actor there. Only pairs sharing `pages.min_articles` articles are kept.

use rayon::prelude::*;

use crate::resolve::{ActorNode, ArticleNode, Backlink, PairNode, Statement};

/// Every pair sharing at least `min_articles` articles, sorted by actor, then topic.
pub(super) fn find_pairs(
    articles: &[ArticleNode],
    actors: &[ActorNode],
    topic_count: usize,
    min_articles: usize,
) -> Vec<PairNode> {
    let per_actor: Vec<Vec<PairNode>> = actors
        .par_iter()
        .enumerate()
        .map(|(actor, node)| pairs_of(actor, node, articles, topic_count, min_articles))
        .collect();
    per_actor.into_iter().flatten().collect()
}

/// The pairs of one actor, by topic.
fn pairs_of(
    actor: usize,
    node: &ActorNode,
    articles: &[ArticleNode],
    topic_count: usize,
    min_articles: usize,
) -> Vec<PairNode> {
    // Topics are few (hundreds): gather each one's shared articles, statements and
    // backlinks in dense tables, one pass over each list, keeping its order.
    let of_actor = articles_of_actor(node);
    let mut shared: Vec<Vec<usize>> = vec![Vec::new(); topic_count];
    for &article in &of_actor {
        for topic in topics_in(&articles[article]) {
            shared[topic].push(article);
        }
    }
    let mut statements: Vec<Vec<Statement>> = vec![Vec::new(); topic_count];
    let shown = node
        .statements
        .iter()
        .filter(|s| of_actor.binary_search(&s.article).is_ok());
    for statement in shown {
        for topic in topics_in(&articles[statement.article]) {
            statements[topic].push(*statement);
        }
    }
    let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); topic_count];
    for backlink in &node.backlinks {
        for topic in topics_in(&articles[backlink.article]) {
            backlinks[topic].push(backlink.clone());
        }
    }
    shared
        .into_iter()
        .zip(statements)
        .zip(backlinks)
        .enumerate()
        .filter(|(_, ((articles, _), _))| articles.len() >= min_articles.max(1))
        .map(|(topic, ((articles, statements), backlinks))| PairNode {
            actor,
            topic,
            statements,
            backlinks,
            articles,
        })
        .collect()
}

/// The articles that list or mention the actor, newest first (ascending index), each once.
fn articles_of_actor(node: &ActorNode) -> Vec<usize> {
    let mut all: Vec<usize> = node
        .articles
        .iter()
        .copied()
        .chain(node.backlinks.iter().map(|b| b.article))
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The topics an article lists or mentions, each once.
fn topics_in(node: &ArticleNode) -> impl Iterator<Item = usize> + '_ {
    let mentioned = node.also_topics.iter().map(|t| t.index);
    node.topics.iter().copied().chain(mentioned)
}

/// Puts the actor's backlink for the article at `index` (its count and sentence, read
/// again) into every pair showing it: serve's in-place patch, where nothing else moves.
pub(crate) fn refresh_backlinks(pairs: &mut [PairNode], actors: &[ActorNode], index: usize) {
    for pair in pairs {
        let Ok(at) = pair.backlinks.binary_search_by_key(&index, |b| b.article) else {
            continue;
        };
        let backlinks = &actors[pair.actor].backlinks;
        if let Ok(found) = backlinks.binary_search_by_key(&index, |b| b.article) {
            pair.backlinks[at] = backlinks[found].clone();
        }
    }
}
