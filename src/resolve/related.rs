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
    let related = best_ranked(&touched, |&other| (std::cmp::Reverse(shared[other]), other));
    for other in touched {
        shared[other] = 0;
    }
    related
}

/// The [`RELATED_LIMIT`] candidates of lowest `rank` (keys all distinct), in rank order,
/// kept sorted in one pass: most candidates lose to the last one kept.
fn best_ranked<K: Ord>(candidates: &[usize], rank: impl Fn(&usize) -> K) -> Vec<usize> {
    let mut best: Vec<usize> = Vec::with_capacity(RELATED_LIMIT + 1);
    for candidate in candidates {
        let key = rank(candidate);
        if best.len() == RELATED_LIMIT && best.last().is_some_and(|last| key >= rank(last)) {
            continue;
        }
        let at = best.partition_point(|kept| rank(kept) < key);
        best.insert(at, *candidate);
        best.truncate(RELATED_LIMIT);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one pass keeps what sorting every candidate and taking the first few keeps.
    #[test]
    fn best_ranked_is_the_head_of_the_sorted_candidates() {
        let mut seed = 7u64;
        let mut next = move |below: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % below
        };
        for round in 0..500 {
            let count = next(40) as usize;
            let mut candidates: Vec<usize> = (0..count * 2).collect();
            candidates.retain(|_| next(2) == 0);
            for at in (1..candidates.len()).rev() {
                candidates.swap(at, next(at as u64 + 1) as usize);
            }
            let shared: Vec<u64> = (0..count * 2).map(|_| next(1 + round % 6)).collect();
            let rank = |&c: &usize| (std::cmp::Reverse(shared[c]), c);
            let mut sorted = candidates.clone();
            sorted.sort_by_key(rank);
            sorted.truncate(RELATED_LIMIT);
            assert_eq!(
                best_ranked(&candidates, rank),
                sorted,
                "{candidates:?} {shared:?}"
            );
        }
    }
}
