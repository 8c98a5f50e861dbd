//! Which pages a rebuild renders again: those that show an edited article (its own page,
//! the actor, topic and pair pages and feeds listing it, the lists that carry its title), and,
//! when it moved, the pages counting articles and the months beside it, and its
//! entities' first pages (their pictures); when the site's first or last week changed,
//! every actor's and topic's first page (every timeline spans those weeks).

use std::collections::BTreeSet;

use crate::render;
use crate::render::feeds::FEED_ENTRIES;
use crate::resolve::Site;
use crate::resolve::paths;
use crate::resolve::paths::PathSet;
use crate::serve::session::readings;

/// Pages that count articles: rendered again when an article comes, goes or moves.
const PAGES_COUNTING_ARTICLES: [&str; 5] = [
    "index.html",
    "actors/index.html",
    "topics/index.html",
    "archive/index.html",
    "sitemap.xml",
];

/// One article changed since the last good build, as the page choice sees it.
pub(super) struct ArticleChange {
    /// Where it was in the last site's articles, and where it is now.
    pub old: Option<usize>,
    pub new: Option<usize>,
    /// It came, went, or changed its place in lists (see [`same_place`]).
    pub moved: bool,
    /// What lists show of it (title, summary) changed, or it moved.
    pub relisted: bool,
    /// It lists and mentions the same entities (and speakers) as before.
    pub same_entities: bool,
}

/// The pages that show what `changes` changed, drawn from the site before (for where
/// articles were) and after.
pub(super) fn pages_to_render(before: &Site, after: &Site, changes: &[ArticleChange]) -> PathSet {
    let mut wanted: PathSet = PathSet::from_iter(["search-index.js".to_string()]);
    // A month came, went or changed its count: the months beside it show it.
    let months_changed = changes.iter().any(|c| c.moved) && months(before) != months(after);
    for change in changes {
        // Moved only in time: the actor and topic pages between its old and new places.
        let shifted = match (change.moved, change.old, change.new) {
            (true, Some(old), Some(new)) if change.same_entities => {
                wanted.extend(pages_between(before, old, after, new));
                // Its week may have changed: the timelines on its entities' first pages.
                let places = entity_places(before, old).into_iter();
                let places = places.chain(entity_places(after, new));
                wanted.extend(places.map(|place| format!("{}index.html", place.folder)));
                true
            }
            _ => false,
        };
        for (site, index) in [(before, change.old), (after, change.new)] {
            let Some(index) = index else { continue };
            wanted.extend(pages_showing(site, index, change.moved && !shifted));
            if change.relisted {
                wanted.extend(pages_listing(site, index));
            }
            if months_changed {
                wanted.extend(months_beside(site, index));
            }
        }
        if change.moved && shifted {
            // The same entities, so the same counts: only what shows dates or months.
            wanted.extend(["index.html", "sitemap.xml"].map(String::from));
            if months_changed {
                wanted.insert("archive/index.html".to_string());
            }
        } else if change.moved {
            wanted.extend(PAGES_COUNTING_ARTICLES.iter().map(|p| p.to_string()));
        }
        wanted.extend(corrections_pages(before, after, change));
    }
    // Every timeline spans the site's weeks: when they change, every first page shows it.
    if render::pictures::site_period(before) != render::pictures::site_period(after) {
        wanted.extend(first_entity_pages(after));
    }
    wanted
}

/// The corrections page and feed, and the sitemap (which dates the page), when the
/// article had or has corrections; the feed alone when the site has none, as its
/// `<updated>` then follows the newest article.
fn corrections_pages(before: &Site, after: &Site, change: &ArticleChange) -> Vec<String> {
    let corrected = |site: &Site, index: Option<usize>| {
        index.is_some_and(|i| !site.articles[i].article.corrections.is_empty())
    };
    let feed = render::corrections::CORRECTIONS_FEED.to_string();
    if corrected(before, change.old) || corrected(after, change.new) {
        let page = format!("{}index.html", paths::corrections_path());
        return vec![page, feed, "sitemap.xml".to_string()];
    }
    let none = after
        .articles
        .iter()
        .all(|n| n.article.corrections.is_empty());
    if none { vec![feed] } else { Vec::new() }
}

/// The first page of every actor and topic, where their pictures are.
fn first_entity_pages(site: &Site) -> impl Iterator<Item = String> + '_ {
    let actors = site
        .actors
        .iter()
        .map(|n| paths::actor_path(&n.actor.origin.slug));
    let topics = site
        .topics
        .iter()
        .map(|n| paths::topic_path(&n.topic.origin.slug));
    actors
        .chain(topics)
        .map(|folder| format!("{folder}index.html"))
}

/// The output files that show the article at `index`: its own, the pages of its actors
/// and topics (and speakers) that list it, or all their pages when it `moved`, their
/// feeds when it is among the newest there, the site feed when it is among the newest,
/// and the digests that list or link to it (they show its title, summary and source).
fn pages_showing(site: &Site, index: usize, moved: bool) -> Vec<String> {
    let node = &site.articles[index];
    let folder = paths::article_path(&node.article.origin.slug);
    let mut pages = vec![
        format!("{folder}index.html"),
        format!("{folder}annotations.jsonld"),
    ];
    if index < FEED_ENTRIES {
        pages.push("atom.xml".to_string());
    }
    for place in entity_places(site, index) {
        let count = render::entity_pages(&place.lengths);
        pages.extend(entity_pages_showing(
            &place.folder,
            &place.positions,
            count,
            moved,
        ));
        if place.in_feed {
            pages.push(format!("{}atom.xml", place.folder));
        }
    }
    pages.extend(briefing_pages_showing(site, index));
    pages
}

/// The digests' pages that show the article at `index`: each digest listing or linking
/// to it, their index, their feed when it carries them, and home when the latest does.
fn briefing_pages_showing(site: &Site, index: usize) -> Vec<String> {
    let mut pages = Vec::new();
    for at in site.briefings_showing(index) {
        let slug = &site.briefings[at].briefing.origin.slug;
        pages.push(format!("{}index.html", paths::briefing_path(slug)));
        pages.push(format!("{}index.html", paths::BRIEFINGS));
        if at < FEED_ENTRIES {
            pages.push(paths::BRIEFINGS_FEED.to_string());
        }
        if at == 0 {
            pages.push("index.html".to_string());
        }
    }
    pages
}

/// Where an article is in one actor's or topic's paged lists.
struct EntityPlace {
    folder: String,
    /// Its position in each list (articles, mentions, and for actors statements).
    positions: Vec<Option<usize>>,
    /// How long each list is.
    lengths: Vec<usize>,
    /// Whether the entity's feed carries it.
    in_feed: bool,
}

/// The article's place with each actor and topic it lists or mentions, each speaker, and
/// each pair page of those actors and topics.
fn entity_places(site: &Site, index: usize) -> Vec<EntityPlace> {
    let node = &site.articles[index];
    let speakers = node.speakers.iter().flatten().copied();
    let actors: BTreeSet<usize> = node
        .actors
        .iter()
        .copied()
        .chain(node.also_actors.iter().map(|t| t.index))
        .chain(speakers)
        .collect();
    let topics: BTreeSet<usize> = node
        .topics
        .iter()
        .copied()
        .chain(node.also_topics.iter().map(|t| t.index))
        .collect();
    let pair_places = pair_places(site, index, &actors, &topics);
    let actor_places = actors.into_iter().map(|actor| {
        let entity = &site.actors[actor];
        let statements = entity.statements.iter().map(|s| s.article);
        EntityPlace {
            folder: paths::actor_path(&entity.actor.origin.slug),
            positions: vec![
                position_in(entity.articles.iter().copied(), index),
                position_in(entity.backlinks.iter().map(|b| b.article), index),
                position_in(statements, index),
            ],
            lengths: render::actor_lists(entity).to_vec(),
            in_feed: render::in_feed(&entity.articles, &entity.backlinks, index),
        }
    });
    let topic_places = topics.into_iter().map(|topic| {
        let entity = &site.topics[topic];
        EntityPlace {
            folder: paths::topic_path(&entity.topic.origin.slug),
            positions: vec![
                position_in(entity.articles.iter().copied(), index),
                position_in(entity.backlinks.iter().map(|b| b.article), index),
            ],
            lengths: render::topic_lists(entity).to_vec(),
            in_feed: render::in_feed(&entity.articles, &entity.backlinks, index),
        }
    });
    actor_places
        .chain(topic_places)
        .chain(pair_places)
        .collect()
}

/// The article's place on each pair page of an actor and a topic among these (a speaker
/// that is neither listed nor mentioned finds no pair holding the article).
fn pair_places(
    site: &Site,
    index: usize,
    actors: &BTreeSet<usize>,
    topics: &BTreeSet<usize>,
) -> Vec<EntityPlace> {
    let pairs = actors.iter().flat_map(|&actor| {
        let pair = move |topic: usize| site.pair_index(actor, topic);
        topics.iter().filter_map(move |&topic| pair(topic))
    });
    pairs
        .map(|at| &site.pairs[at])
        .filter(|pair| pair.articles.binary_search(&index).is_ok())
        .map(|pair| EntityPlace {
            folder: render::pair_folder(site, pair),
            positions: vec![
                position_in(pair.articles.iter().copied(), index),
                position_in(pair.backlinks.iter().map(|b| b.article), index),
                position_in(pair.statements.iter().map(|s| s.article), index),
            ],
            lengths: render::pair_lists(pair).to_vec(),
            in_feed: pair.articles.iter().take(FEED_ENTRIES).any(|&a| a == index),
        })
        .collect()
}

/// The actor and topic pages between an article's old and new places, when it only
/// moved within the same lists (its date changed): the items between shift by one. Where
/// a list's length changed, every page (each shows the totals).
fn pages_between(before: &Site, old: usize, after: &Site, new: usize) -> Vec<String> {
    let mut pages = Vec::new();
    let places = entity_places(before, old)
        .into_iter()
        .zip(entity_places(after, new));
    for (was, is) in places {
        let count = render::entity_pages(&is.lengths);
        if was.folder != is.folder || was.lengths != is.lengths {
            let all = render::entity_pages(&was.lengths).max(count);
            pages.extend(entity_pages_showing(&is.folder, &[], all, true));
            continue;
        }
        let spans = was.positions.iter().zip(&is.positions);
        for (from, to) in spans.filter_map(|(a, b)| a.zip(*b)) {
            let (low, high) = (from.min(to), from.max(to));
            let numbers = render::entity_page_of(low)..=render::entity_page_of(high);
            pages.extend(
                numbers.map(|page| format!("{}index.html", paths::numbered_page(&is.folder, page))),
            );
        }
    }
    pages
}

/// The pages that list the article at `index` (title, summary, date) but not its text:
/// its archive month, home when it is among the newest, the articles that relate or
/// link to it.
fn pages_listing(site: &Site, index: usize) -> Vec<String> {
    let month = paths::archive_month_path(&site.articles[index].article.date);
    let mut pages = vec![format!("{month}index.html")];
    if index < render::HOME_ARTICLES {
        pages.push("index.html".to_string());
    }
    for (other, node) in site.articles.iter().enumerate() {
        if other != index && (node.related.contains(&index) || node.links_to_article(index)) {
            let folder = paths::article_path(&node.article.origin.slug);
            pages.push(format!("{folder}index.html"));
        }
    }
    pages
}

/// Whether an article that kept its place shows the same in lists of articles.
pub(super) fn same_listing(
    before: &Site,
    old: Option<usize>,
    after: &Site,
    new: Option<usize>,
) -> bool {
    let (Some(old), Some(new)) = (old, new) else {
        return false;
    };
    readings::same_listing(&before.articles[old], &after.articles[new])
}

/// Where the article at `index` first is in a list of article indexes, newest first.
fn position_in(list: impl Iterator<Item = usize>, index: usize) -> Option<usize> {
    list.take_while(|&article| article <= index)
        .position(|article| article == index)
}

/// The pages of an actor or topic in `folder` (of `count`) that show an article found at
/// these list positions; every page when the article moved, as the lists shift.
fn entity_pages_showing(
    folder: &str,
    positions: &[Option<usize>],
    count: usize,
    moved: bool,
) -> Vec<String> {
    let numbers: BTreeSet<usize> = if moved {
        (1..=count).collect()
    } else {
        positions
            .iter()
            .flatten()
            .map(|&p| render::entity_page_of(p))
            .collect()
    };
    numbers
        .into_iter()
        .map(|page| format!("{}index.html", paths::numbered_page(folder, page)))
        .collect()
}

/// The archive months of the site, newest first, each with its count of articles (a
/// month's page may show its neighbours' counts as well as their links).
fn months(site: &Site) -> Vec<(String, usize)> {
    // Compared as numbers: a path is written once per month, not once per article.
    let mut months: Vec<((i32, u32), usize, usize)> = Vec::new();
    for index in 0..site.articles.len() {
        let month = month_of(site, index);
        match months.last_mut() {
            Some((last, _, count)) if *last == month => *count += 1,
            _ => months.push((month, index, 1)),
        }
    }
    (months.into_iter())
        .map(|(_, first, count)| (month_path(site, first), count))
        .collect()
}

/// The year and month of the article at `index`, as its archive page has it.
fn month_of(site: &Site, index: usize) -> (i32, u32) {
    paths::archive_month(&site.articles[index].article.date)
}

/// The archive page folder of the article at `index`'s month.
fn month_path(site: &Site, index: usize) -> String {
    paths::archive_month_path(&site.articles[index].article.date)
}

/// The archive pages of the months just newer and just older than the article's.
fn months_beside(site: &Site, index: usize) -> Vec<String> {
    let own = month_of(site, index);
    let newer = (0..index).rev().find(|&i| month_of(site, i) != own);
    let older = (index + 1..site.articles.len()).find(|&i| month_of(site, i) != own);
    newer
        .into_iter()
        .chain(older)
        .map(|i| format!("{}index.html", month_path(site, i)))
        .collect()
}

/// Whether an article keeps its place in the lists every page draws on (see
/// [`readings::same_place`]), so only pages showing it need rendering again.
pub(super) fn same_place(
    before: &Site,
    old: Option<usize>,
    after: &Site,
    new: Option<usize>,
) -> bool {
    let (Some(old), Some(new)) = (old, new) else {
        return false;
    };
    old == new
        && before.articles.len() == after.articles.len()
        && readings::same_place(&before.articles[old], &after.articles[new])
}
