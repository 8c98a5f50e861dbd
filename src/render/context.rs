//! The values templates see: one plain, serialisable struct per context object, made by
//! the `Renderer`; `templates/README.md` documents them.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use tera::Value;

use crate::load::AnnotationKind;

/// `site`, available in every template.
#[derive(Serialize)]
pub(super) struct SiteContext<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) base_url: &'a str,
    pub(super) home_url: String,
    pub(super) actors_url: String,
    pub(super) topics_url: String,
    pub(super) archive_url: String,
    pub(super) search_url: String,
    /// The corrections page (every correction on the site).
    pub(super) corrections_url: String,
    pub(super) stylesheet_url: String,
    pub(super) search_index_url: String,
    pub(super) search_script_url: String,
    /// The site-wide Atom feed.
    pub(super) feed_url: String,
    /// The digests' index and Atom feed; `None` on a site without digests.
    pub(super) briefings_url: Option<String>,
    pub(super) briefings_feed_url: Option<String>,
    /// The site root as linked from this page (`../../` with relative URLs), ending in `/`.
    pub(super) root_url: String,
    /// The newest digest, for the masthead; `None` on a site without digests.
    pub(super) latest_briefing: Option<LatestBriefing>,
    pub(super) extra: &'a BTreeMap<String, serde_json::Value>,
}

/// The newest digest as the masthead names it.
#[derive(Serialize)]
pub(super) struct LatestBriefing {
    pub(super) title: String,
    /// The start of its day (RFC 3339), for the `date` filter.
    pub(super) date: String,
    pub(super) url: String,
}

/// `page`, available in every template: what this page is and where it lives.
#[derive(Serialize)]
pub(super) struct PageContext {
    pub(super) title: String,
    pub(super) description: String,
    /// How other pages link here.
    pub(super) url: String,
    /// The address under the base URL, for `<link rel="canonical">` and OpenGraph.
    pub(super) canonical_url: Option<String>,
    /// `home`, `article`, `actors`, `actor`, `topics`, `topic`, `pair`, `archive`, `briefings`,
    /// `briefing`, `search`, `corrections` or `404`.
    pub(super) kind: &'static str,
    /// This page's own Atom feed (actor, topic, pair and corrections pages).
    pub(super) feed_url: Option<String>,
    /// schema.org JSON-LD, safe to put inside `<script type="application/ld+json">`.
    pub(super) json_ld: Option<String>,
}

/// Where a page is among an actor's or topic's pages.
#[derive(Serialize)]
pub(super) struct Pagination {
    /// From 1.
    pub(super) page: usize,
    pub(super) pages: usize,
    /// The page before (newer items); none on the first.
    pub(super) newer_url: Option<String>,
    /// The page after (older items); none on the last.
    pub(super) older_url: Option<String>,
}

/// How long each of an actor's or topic's lists is, over all its pages.
#[derive(Serialize)]
pub(super) struct Totals {
    pub(super) articles: usize,
    pub(super) backlinks: usize,
    /// Backlinks from articles that mention the entity without listing it.
    pub(super) also_mentioned: usize,
    pub(super) statements: usize,
}

/// An article as it appears in lists.
#[derive(Serialize, Clone)]
pub(super) struct ArticleSummary {
    pub(super) slug: String,
    pub(super) title: String,
    pub(super) url: String,
    pub(super) date: String,
    pub(super) summary: String,
    /// The source's publisher, when the front matter names one.
    pub(super) publisher: Option<String>,
    /// Minutes to read the body at 200 words a minute, rounded up (at least 1).
    pub(super) reading_minutes: usize,
    pub(super) actors: Vec<EntityLink>,
    pub(super) topics: Vec<EntityLink>,
}

/// An article in an actor's or topic's list (EntityArticle in the templates' README): its
/// [`ArticleSummary`] value, made once, with `mention`, how its body mentions the entity
/// (none if it does not). The summary's fields are shared, not copied.
pub(super) fn entity_article(summary: Value, mention: Option<MentionView>) -> Value {
    with_fields(summary, &[("mention", Value::from_serializable(&mention))])
}

/// The map `value` with `fields` added: its own fields are shared, not copied. A value
/// that is not a map comes back as it is.
pub(super) fn with_fields(value: Value, fields: &[(&'static str, Value)]) -> Value {
    let Some(map) = value.as_map() else {
        return value;
    };
    let mut map = map.clone();
    for (key, field) in fields {
        map.insert((*key).into(), field.clone());
    }
    Value::from(map)
}

/// Writes the fields of a template value that is a map into `map`, each value passed
/// through without being serialized again.
fn serialize_fields<M: SerializeMap>(value: &Value, map: &mut M) -> Result<(), M::Error> {
    for (key, field) in value.as_map().into_iter().flatten() {
        map.serialize_entry(key, field)?;
    }
    Ok(())
}

/// How often an article mentions an entity, and the sentence around the first time.
#[derive(Serialize)]
pub(super) struct MentionView {
    pub(super) count: usize,
    pub(super) sentence: String,
}

/// An actor's statements from one article: the article once, then its quotes in order.
#[derive(Serialize)]
pub(super) struct StatementGroup<'a> {
    /// An [`ArticleSummary`] as a template value.
    pub(super) article: Value,
    pub(super) statements: Vec<&'a StatementView>,
}

/// A topic in the topics index, with its narrower topics beneath it (by name).
#[derive(Serialize)]
pub(super) struct TopicTree {
    pub(super) topic: EntityLink,
    pub(super) children: Vec<TopicTree>,
}

/// A link to an actor or topic, with a count where the list ranks them.
#[derive(Serialize, Clone)]
pub(super) struct EntityLink {
    pub(super) slug: String,
    pub(super) name: String,
    pub(super) url: String,
    pub(super) kind: &'static str,
    pub(super) count: usize,
}

/// An entry of an actor's `topics` or a topic's `actors`: the entity with its count, and
/// the pair page of the two where there is one.
#[derive(Serialize)]
pub(super) struct PairTally {
    #[serde(flatten)]
    pub(super) link: EntityLink,
    /// The pair page (`actors/<actor>/topics/<topic>/`); none below `pages.min_articles`.
    pub(super) pair_url: Option<String>,
    /// Articles on the pair page (listing or mentioning both); 0 without a pair page.
    pub(super) pair_count: usize,
}

#[derive(Serialize)]
pub(super) struct ArticleView<'a> {
    pub(super) slug: &'a str,
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) date: String,
    pub(super) updated: Option<String>,
    pub(super) summary: &'a str,
    /// Minutes to read the body at 200 words a minute, rounded up (at least 1).
    pub(super) reading_minutes: usize,
    pub(super) source: Option<SourceView<'a>>,
    /// Listed in front matter; `count` is how often the body mentions each.
    pub(super) actors: Vec<EntityLink>,
    pub(super) topics: Vec<EntityLink>,
    /// Mentioned in the body but not listed.
    pub(super) also_actors: Vec<EntityLink>,
    pub(super) also_topics: Vec<EntityLink>,
    pub(super) statements: Vec<StatementView>,
    pub(super) annotations: Vec<AnnotationView>,
    /// Its corrections, oldest first: the dated notices above its text.
    pub(super) corrections: Vec<CorrectionView>,
    /// The W3C Web Annotation export, when the article has annotations.
    pub(super) annotations_url: Option<String>,
    pub(super) body: String,
    pub(super) extra: &'a BTreeMap<String, serde_json::Value>,
}

/// A statement: on the article page and in an actor's ledger.
#[derive(Serialize)]
pub(super) struct StatementView {
    pub(super) text: String,
    pub(super) speaker: EntityLink,
    /// The highlighted passage on the article page.
    pub(super) url: String,
    pub(super) article_title: String,
    pub(super) article_url: String,
    pub(super) date: String,
}

/// A correction: in its article's notices and on the corrections page.
#[derive(Serialize)]
pub(super) struct CorrectionView {
    /// From 1, oldest first within its article.
    pub(super) number: usize,
    /// `correction-<number>`: the notice's id on its article page.
    pub(super) id: String,
    /// RFC 3339.
    pub(super) date: String,
    /// The note as inline HTML.
    pub(super) note: String,
    /// The notice on its article page (`…/#correction-1`).
    pub(super) url: String,
    pub(super) article_title: String,
    pub(super) article_url: String,
}

#[derive(Serialize)]
pub(super) struct AnnotationView {
    /// Position in front matter, from 1; the passage's id is `annotation-<number>`.
    pub(super) number: usize,
    pub(super) kind: AnnotationKind,
    /// `Context`, `Analysis`, `Claim` or `Correction`.
    pub(super) label: &'static str,
    pub(super) verdict: Option<String>,
    pub(super) quote: String,
    pub(super) note: String,
    pub(super) url: String,
}

/// An article that mentions an entity, with the sentence around the first mention.
#[derive(Serialize)]
pub(super) struct BacklinkView {
    /// An [`ArticleSummary`] as a template value.
    pub(super) article: Value,
    pub(super) count: usize,
    pub(super) sentence: String,
    /// False when the article mentions the entity without listing it ("also mentioned in").
    pub(super) listed: bool,
}

#[derive(Serialize)]
pub(super) struct SourceView<'a> {
    pub(super) publisher: Option<&'a str>,
    pub(super) url: Option<&'a str>,
    pub(super) author: Option<&'a str>,
    pub(super) published: Option<&'a str>,
    pub(super) licence: Option<LicenceView<'a>>,
}

#[derive(Serialize)]
pub(super) struct LicenceView<'a> {
    pub(super) name: &'a str,
    pub(super) url: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct ActorView<'a> {
    pub(super) slug: &'a str,
    pub(super) name: &'a str,
    pub(super) kind: &'static str,
    pub(super) url: String,
    pub(super) aliases: Vec<&'a str>,
    pub(super) wikidata: Option<&'a str>,
    pub(super) wikidata_url: Option<String>,
    pub(super) links: Vec<LinkView<'a>>,
    pub(super) roles: Vec<RoleView>,
    pub(super) holders: Vec<EntityLink>,
    pub(super) affiliations: Vec<EntityLink>,
    pub(super) profile: String,
    pub(super) extra: &'a BTreeMap<String, serde_json::Value>,
}

/// An actor's outside link, shown by its host (`en.wikipedia.org`), not its whole URL.
#[derive(Serialize)]
pub(super) struct LinkView<'a> {
    pub(super) url: &'a str,
    /// The host without a leading `www.`; the URL itself when it has none.
    pub(super) host: String,
}

#[derive(Serialize)]
pub(super) struct RoleView {
    pub(super) office: EntityLink,
    /// `YYYY-MM-DD`.
    pub(super) from: Option<String>,
    pub(super) to: Option<String>,
    /// The dates as readers read them: `From 5 July 2024`, `1 March 2025 – 4 July 2025`,
    /// `Until 4 July 2025`; empty without dates.
    pub(super) period: String,
}

#[derive(Serialize)]
pub(super) struct TopicView<'a> {
    pub(super) slug: &'a str,
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) aliases: Vec<&'a str>,
    pub(super) parent: Option<EntityLink>,
    pub(super) children: Vec<EntityLink>,
    pub(super) description: String,
    pub(super) extra: &'a BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize)]
pub(super) struct Day {
    pub(super) date: String,
    /// [`ArticleSummary`] template values.
    pub(super) articles: Vec<Value>,
}

#[derive(Serialize)]
pub(super) struct ActorGroup {
    pub(super) kind: &'static str,
    pub(super) label: &'static str,
    pub(super) actors: Vec<EntityLink>,
}

#[derive(Serialize)]
pub(super) struct ArchiveYear {
    pub(super) year: i32,
    pub(super) count: usize,
    pub(super) months: Vec<ArchiveMonth>,
}

#[derive(Serialize, Clone)]
pub(super) struct ArchiveMonth {
    /// `YYYY-MM`, also the anchor id.
    pub(super) id: String,
    /// The first day of the month, for the `date` filter.
    pub(super) date: String,
    pub(super) count: usize,
    /// The month's own archive page.
    pub(super) url: String,
}

/// A daily digest: on its page, on the digests' index and, the latest, on the home page.
#[derive(Serialize)]
pub(super) struct BriefingView<'a> {
    /// The date, `YYYY-MM-DD` (the file name).
    pub(super) slug: &'a str,
    pub(super) title: &'a str,
    /// The start of the day in the site's timezone (RFC 3339), for the `date` filter.
    pub(super) date: String,
    pub(super) url: String,
    /// Empty when the front matter has none.
    pub(super) summary: &'a str,
    /// The editor's text as HTML, with mentions linked.
    pub(super) body: String,
    /// The listed articles in the build, in the order written.
    pub(super) articles: Vec<BriefingItem<'a>>,
}

/// An article a digest lists: the summary lists show (the template value made once), and
/// where its text came from.
pub(super) struct BriefingItem<'a> {
    /// The summary's fields, for Rust to read.
    pub(super) fields: &'a ArticleSummary,
    pub(super) article: Value,
    pub(super) source: Option<SourceView<'a>>,
}

impl Serialize for BriefingItem<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        serialize_fields(&self.article, &mut map)?;
        map.serialize_entry("source", &self.source)?;
        map.end()
    }
}
