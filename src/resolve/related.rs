//! Related articles: for each article, those sharing the most actors and topics with it,
//! newest first among equals.

use rayon::prelude::*;

use crate::resolve::{ActorNode, ArticleNode, TopicNode};

/// How many related articles an article page lists.
pub const RELATED_LIMIT: usize = 5;

/// Every article's related articles: `carried[i]` where it is `Some` (a list known to
/// stand, as serve carries over), else worked out afresh. `carried` is as long as `articles`.
pub fn related_lists(
    articles: &[ArticleNode],
    actors: &[ActorNode],
    topics: &[TopicNode],
    carried: Vec<Option<Vec<usize>>>,
) -> Vec<Vec<usize>> {
    carried
        .into_par_iter()
        .enumerate()
        .map_init(
            || vec![0u32; articles.len()],
            |shared, (index, carried)| {
                carried.unwrap_or_else(|| related_articles(index, articles, actors, topics, shared))
            },
        )
        .collect()
}

/// The articles sharing the most actors and topics with `index`; newest first among equals.
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
        // Kept for the whole build: give back the room the candidates took.
        related.shrink_to_fit();
    }
    related.sort_by_key(rank);
    for other in touched {
        shared[other] = 0;
    }
    related
}
