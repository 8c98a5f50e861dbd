//! What the index reads of a `Site`: each article's words and its row of `articles`, and the
//! `entities` list.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::tokens::{for_each_word, is_stop_word};
use crate::resolve::paths;
use crate::resolve::{ArticleNode, Site};
use crate::text::analysis::EntityRef;
use crate::text::body;
use crate::text::mentions::IGNORE_CASE_PREFIX;

/// Summaries in the index are cut to about this many characters.
pub const SUMMARY_CHARS: usize = 160;

/// The distinct words of one article, each with whether it is a strong hit: in the title or
/// in the name of a listed actor or topic. The words lie end to end in one string, so an
/// article read costs two allocations, not one per word.
#[derive(Debug, Default)]
pub(super) struct ArticleWords {
    text: String,
    /// Each word's byte range in `text` and whether it is strong; distinct, in no order.
    spans: Vec<(u32, u32, bool)>,
}

impl ArticleWords {
    /// Its words and whether each is strong, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, bool)> {
        self.spans
            .iter()
            .map(|&(start, end, strong)| (&self.text[start as usize..end as usize], strong))
    }

    /// How many distinct words it has.
    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }
}

/// Gathers an article's distinct words as they are read: `seen` holds the index in
/// `spans` of each word met, found by hashing the word itself.
#[derive(Default)]
struct WordsRead {
    words: ArticleWords,
    /// Whether each span's word is a stop word: kept while reading, so it is found again,
    /// and left out at the end.
    stop: Vec<bool>,
    seen: hashbrown::HashTable<u32>,
}

impl WordsRead {
    fn add(&mut self, text: &str, strong: bool) {
        for_each_word(text, |w| self.add_word(w, strong));
    }

    fn add_word(&mut self, word: &str, strong: bool) {
        let WordsRead { words, stop, seen } = self;
        let hash = hash_of(word);
        let text_of = |at: &u32| {
            let (start, end, _) = words.spans[*at as usize];
            &words.text[start as usize..end as usize]
        };
        if let Some(&at) = seen.find(hash, |at| text_of(at) == word) {
            words.spans[at as usize].2 |= strong;
            return;
        }
        let at = words.spans.len() as u32;
        seen.insert_unique(hash, at, |at| hash_of(text_of(at)));
        let start = words.text.len() as u32;
        words.text.push_str(word);
        words.spans.push((start, words.text.len() as u32, strong));
        stop.push(is_stop_word(word));
    }

    /// Each word once, stop words left out.
    fn finish(self) -> ArticleWords {
        let WordsRead {
            mut words, stop, ..
        } = self;
        words.spans = words
            .spans
            .into_iter()
            .zip(stop)
            .filter_map(|(span, stop)| (!stop).then_some(span))
            .collect();
        words
    }
}

fn hash_of(word: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

pub(super) fn article_words(site: &Site, index: usize) -> ArticleWords {
    let node = &site.articles[index];
    let front = &node.article.front;
    let mut words = WordsRead::default();
    words.add(&front.title.value, true);
    for &actor in &node.actors {
        words.add(&site.actors[actor].actor.front.name.value, true);
    }
    for &topic in &node.topics {
        words.add(&site.topics[topic].topic.front.name.value, true);
    }
    words.add(&front.summary, false);
    for summary in &node.text.summaries {
        if let Some(name) = entity_name(site, summary.entity) {
            words.add(name, false);
        }
    }
    if let Some(source) = &front.source {
        for text in [&source.publisher, &source.author].into_iter().flatten() {
            words.add(text, false);
        }
    }
    words.add(&body_text(site, node), false);
    for annotation in &front.annotations {
        words.add(&markdown_text(&annotation.note), false);
    }
    words.finish()
}

fn entity_name(site: &Site, entity: EntityRef) -> Option<&str> {
    match entity {
        EntityRef::Actor(a) => site
            .actors
            .get(a)
            .map(|n| n.actor.front.name.value.as_str()),
        EntityRef::Topic(t) => site
            .topics
            .get(t)
            .map(|n| n.topic.front.name.value.as_str()),
        EntityRef::Article(a) => site
            .articles
            .get(a)
            .map(|n| n.article.front.title.value.as_str()),
    }
}

/// The text a reader sees in an article body, bare `[[slug]]` links shown by name.
fn body_text(site: &Site, node: &ArticleNode) -> String {
    let mut events = body::parse(&node.article.body);
    let names: BTreeMap<usize, EntityRef> = node
        .text
        .wikilinks
        .iter()
        .map(|w| (w.event, w.entity))
        .collect();
    body::name_bare_wikilinks(&mut events, |event| {
        names
            .get(&event)
            .and_then(|&e| entity_name(site, e))
            .map(str::to_string)
    });
    body::visible_text(&events).text
}

fn markdown_text(markdown: &str) -> String {
    body::visible_text(&body::parse(markdown)).text
}

/// The summary shown in results: the article's own, else the start of its body.
fn summary_of(site: &Site, node: &ArticleNode) -> String {
    let summary = node.article.front.summary.trim();
    if !summary.is_empty() {
        return truncate(summary, SUMMARY_CHARS);
    }
    let body = body_text(site, node);
    let words: Vec<&str> = body.split_whitespace().take(SUMMARY_CHARS).collect();
    truncate(&words.join(" "), SUMMARY_CHARS)
}

/// `text` cut at a word boundary to about `limit` characters, with `…` when cut.
pub(super) fn truncate(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let end = text
        .char_indices()
        .nth(limit)
        .map_or(text.len(), |(i, _)| i);
    let cut = &text[..end];
    let cut = match cut.rfind(char::is_whitespace) {
        Some(space) if space > end / 2 => &cut[..space],
        _ => cut,
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:.-–—".contains(c))
    )
}

/// `value` as JSON. Only strings, numbers and lists are serialised: this cannot fail,
/// but an empty string is better than a panic if it did.
pub(super) fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The words and rows of the articles at `numbers`.
pub(super) fn read(site: &Site, numbers: &[u32]) -> (Vec<ArticleWords>, Vec<Box<str>>) {
    let read = map_in_parallel(numbers, |&number| {
        let number = number as usize;
        (article_words(site, number), row_json(site, number))
    });
    read.into_iter().unzip()
}

/// Below this many items, [`map_in_parallel`] works on the calling thread.
const PARALLEL_FROM: usize = 16;

/// `f` of each item, in order: in parallel when there are enough items to be worth it,
/// since waking the pool's threads costs more than an update's few items (a lot more when
/// other processes keep the cores busy).
pub(super) fn map_in_parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    if items.len() < PARALLEL_FROM {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}

/// An article's row of `articles`: `[title, date, summary, path]`.
fn row_json(site: &Site, number: usize) -> Box<str> {
    json(&article_row(site, number)).into_boxed_str()
}

pub(super) fn article_row(site: &Site, number: usize) -> (&str, String, String, String) {
    let node = &site.articles[number];
    let article = &node.article;
    (
        article.front.title.value.as_str(),
        article.date.format("%Y-%m-%d").to_string(),
        summary_of(site, node),
        paths::article_path(&article.origin.slug),
    )
}

/// The `pages` list: `[title, path, more words]` for the pages other than articles, actors
/// and topics that a reader may look for: each daily digest (newest first; its summary
/// and its listed articles' titles as more words), each actor × topic pair page (by
/// actor, then topic), then the corrections page (the corrected articles' titles).
pub(super) fn pages_json(site: &Site) -> String {
    json(&page_rows(site))
}

pub(super) fn page_rows(site: &Site) -> Vec<(String, String, String)> {
    let title_of = |index: &usize| site.articles[*index].article.front.title.value.as_str();
    let mut rows: Vec<(String, String, String)> = site
        .briefings
        .iter()
        .map(|node| {
            let briefing = &node.briefing;
            let day = briefing.day.format("%-d %B %Y");
            let listed: Vec<&str> = node.articles.iter().map(title_of).collect();
            (
                format!("{} ({day})", briefing.front.title.value),
                paths::briefing_path(&briefing.origin.slug),
                format!(
                    "briefing {} {}",
                    briefing
                        .front
                        .summary
                        .as_ref()
                        .map_or("", |s| s.value.as_str()),
                    listed.join(" ")
                ),
            )
        })
        .collect();
    rows.extend(site.pairs.iter().map(|pair| {
        let actor = &site.actors[pair.actor].actor;
        let topic = &site.topics[pair.topic].topic;
        (
            format!("{} on {}", actor.front.name.value, topic.front.name.value),
            paths::pair_path(&actor.origin.slug, &topic.origin.slug),
            String::new(),
        )
    }));
    let corrected: Vec<&str> = site
        .articles
        .iter()
        .filter(|node| !node.article.corrections.is_empty())
        .map(|node| node.article.front.title.value.as_str())
        .collect();
    rows.push((
        "Corrections".to_string(),
        paths::corrections_path(),
        corrected.join(" "),
    ));
    rows
}

/// The `entities` list: `[name, path, aliases joined by |]`, actors then topics.
pub(super) fn entities_json(site: &Site) -> String {
    json(&entity_rows(site))
}

pub(super) fn entity_rows(site: &Site) -> Vec<(&str, String, String)> {
    let aliases = |written: &[crate::load::yaml::Spanned<crate::load::AliasEntry>]| {
        written
            .iter()
            .map(|a| {
                a.value
                    .text()
                    .strip_prefix(IGNORE_CASE_PREFIX)
                    .unwrap_or(a.value.text())
                    .trim()
                    .replace('|', " ")
            })
            .collect::<Vec<_>>()
            .join("|")
    };
    let actors = site.actors.iter().map(|node| {
        let actor = &node.actor;
        (
            actor.front.name.value.as_str(),
            paths::actor_path(&actor.origin.slug),
            aliases(&actor.front.aliases),
        )
    });
    let topics = site.topics.iter().map(|node| {
        let topic = &node.topic;
        (
            topic.front.name.value.as_str(),
            paths::topic_path(&topic.origin.slug),
            aliases(&topic.front.aliases),
        )
    });
    actors.chain(topics).collect()
}
