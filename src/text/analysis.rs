//! What resolve learns from one article's text: anchored quotes and annotations,
//! mentions of actors and topics, and explicit `[[slug]]` links.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostics::{self, Diagnostic, code};
use crate::load::yaml;
use crate::load::yaml::Spanned;
use crate::load::{Actor, ActorKind, AliasEntry, Article, Origin, Topic};
use crate::text::anchor::{self, AnchorError};
use crate::text::body::{self, VisibleText};
use crate::text::fold::fold_str;
use crate::text::links;
use crate::text::mentions::{Alias, AliasScope, MentionFinder};
use crate::text::names::ArticleNames;
use crate::text::sentence::Sentences;
pub use crate::text::sentence::sentence_around;
use crate::text::{footnotes, tables};

/// How many characters of context a W3C selector keeps on each side.
const SELECTOR_CONTEXT: usize = 32;

/// An actor, topic or article, by its position in the resolved site's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityRef {
    Actor(usize),
    Topic(usize),
    Article(usize),
}

/// A passage found in the visible text, with the context W3C selectors carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub range: Range<usize>,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// One mention in the visible text; `linked` for the one that carries the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    pub entity: EntityRef,
    pub linked: bool,
}

/// How an article mentions one entity: how often, and the sentence around the first time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionSummary {
    pub entity: EntityRef,
    pub count: usize,
    pub sentence: std::sync::Arc<str>,
}

/// An explicit `[[slug]]` link and what it resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedWikiLink {
    pub event: usize,
    pub entity: EntityRef,
    /// As written between `[[` and `]]` (before any `|`).
    pub target: String,
    /// The name a bare `[[target]]` shows.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ArticleText {
    /// One per `quotes` entry, `None` where it could not be anchored.
    pub quotes: Vec<Option<Passage>>,
    /// One per `annotations` entry.
    pub annotations: Vec<Option<Passage>>,
    /// In reading order.
    pub mentions: Vec<Mention>,
    /// Ordered by entity.
    pub summaries: Vec<MentionSummary>,
    pub wikilinks: Vec<ResolvedWikiLink>,
    /// Links and images, for the link check.
    pub links: Vec<links::BodyLink>,
    /// Words in the visible text (footnotes left out), for the reading time.
    pub words: usize,
}

/// A period in which `holder` held an office; open ends are `None`.
struct OfficeTerm {
    holder: usize,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// One entity's claim to an alias, as written in its file.
struct Claim<'a> {
    entity: EntityRef,
    origin: &'a Origin,
    /// Line, column and length of the alias in the file.
    at: (usize, usize, usize),
    alias: Alias,
}

impl Claim<'_> {
    /// Two entities claim the same text (a case-insensitive alias clashes with any
    /// spelling) where both apply: site-wide, or for a publisher both name.
    fn clashes_with(&self, other: &Claim) -> bool {
        let same_text = self.alias.ignore_case
            || other.alias.ignore_case
            || self.alias.text == other.alias.text;
        let same_scope = match (&self.alias.scope, &other.alias.scope) {
            (AliasScope::Publishers(a), AliasScope::Publishers(b)) => a
                .iter()
                .any(|x| b.iter().any(|y| x.eq_ignore_ascii_case(y))),
            (a, b) => a == b,
        };
        self.entity != other.entity
            && same_text
            && same_scope
            && self.alias.line_start == other.alias.line_start
    }

    fn place(&self) -> String {
        format!("{}:{}", self.origin.file.display(), self.at.0)
    }
}

/// A claim to a name or alias written at `value` in `origin`'s front matter.
fn claim<'a, T>(
    entity: EntityRef,
    origin: &'a Origin,
    value: &Spanned<T>,
    alias: Alias,
) -> Claim<'a> {
    let (line, column) = yaml::position(value, origin.yaml_line);
    Claim {
        entity,
        origin,
        at: (line, column, yaml::length(value)),
        alias,
    }
}

/// The alias an actor or topic file writes, with its scope.
fn written_alias(entry: &AliasEntry) -> Alias {
    let mut alias = Alias::parse(entry.text(), 0);
    if !entry.publishers().is_empty() {
        alias.scope = AliasScope::Publishers(entry.publishers().to_vec());
    }
    alias.line_start = entry.line_start();
    alias
}

/// The names, aliases, offices and slugs every article is read against.
pub struct Lexicon {
    finder: MentionFinder,
    /// The entity behind each alias number given to the finder.
    alias_entities: Vec<EntityRef>,
    /// For each office actor, who held it when.
    office_terms: FxHashMap<usize, Vec<OfficeTerm>>,
    /// Every actor of kind `office`, held or not.
    offices: FxHashSet<usize>,
    actor_slugs: FxHashMap<String, usize>,
    topic_slugs: FxHashMap<String, usize>,
    article_slugs: FxHashMap<String, usize>,
    /// What a bare `[[slug]]` shows: the entity's name, or the article's title.
    names: FxHashMap<EntityRef, String>,
    /// Raw HTML in bodies is kept as HTML (`markdown.raw_html: allow`), not shown as text.
    raw_html: bool,
}

impl Lexicon {
    /// Builds the lexicon; aliases claimed by two entities are dropped with a warning.
    pub fn new(
        actors: &[&Actor],
        topics: &[&Topic],
        articles: &[&Article],
    ) -> (Lexicon, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut written: Vec<Claim> = Vec::new();
        for (i, actor) in actors.iter().enumerate() {
            let (entity, origin, front) = (EntityRef::Actor(i), &actor.origin, &actor.front);
            let name = Alias::parse(&front.name.value, 0);
            written.push(claim(entity, origin, &front.name, name));
            for alias in &front.aliases {
                written.push(claim(entity, origin, alias, written_alias(&alias.value)));
            }
        }
        for (i, topic) in topics.iter().enumerate() {
            let (entity, origin, front) = (EntityRef::Topic(i), &topic.origin, &topic.front);
            let name = Alias::parse(&front.name.value, 0);
            written.push(claim(entity, origin, &front.name, name));
            for alias in &front.aliases {
                written.push(claim(entity, origin, alias, written_alias(&alias.value)));
            }
        }
        // Grouped by lower-case text, since a case-insensitive alias clashes with any spelling.
        let mut claims: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
        for claim in written {
            if claim.alias.text.is_empty() {
                continue;
            }
            let group = claims
                .entry(fold_str(&claim.alias.text).to_ascii_lowercase())
                .or_default();
            if !group
                .iter()
                .any(|c| c.entity == claim.entity && c.alias == claim.alias)
            {
                group.push(claim);
            }
        }
        let mut aliases = Vec::new();
        let mut alias_entities = Vec::new();
        for group in claims.into_values() {
            let clashing: Vec<bool> = group
                .iter()
                .map(|c| group.iter().any(|other| c.clashes_with(other)))
                .collect();
            for (claim, clashes) in group.iter().zip(&clashing) {
                if !clashes {
                    aliases.push(Alias {
                        entity: alias_entities.len(),
                        ..claim.alias.clone()
                    });
                    alias_entities.push(claim.entity);
                }
            }
            // One warning per alias, at its first claimant, naming every claimant.
            let claimants: Vec<&Claim> = group
                .iter()
                .zip(&clashing)
                .filter(|(_, clashes)| **clashes)
                .map(|(claim, _)| claim)
                .collect();
            if let Some(first) = claimants.first() {
                let places: Vec<String> = claimants.iter().map(|c| c.place()).collect();
                let (line, column, length) = first.at;
                problems.push(
                    Diagnostic::warning(
                        code::ALIAS_COLLISION,
                        &first.origin.file,
                        format!(
                            "alias `{}` is claimed by {}; it is not linked",
                            first.alias.text,
                            places.join(" and ")
                        ),
                    )
                    .at(line, column)
                    .spanning(length)
                    .with_hint(
                        "give the alias to one entity only; or scope it to the publishers where it means each one, `{ text: \"...\", publishers: [\"...\"] }`, or name it in the articles that need it (`aliases:` in an article's front matter)",
                    ),
                );
            }
        }
        let mut office_terms: FxHashMap<usize, Vec<OfficeTerm>> = FxHashMap::default();
        let actor_slugs: FxHashMap<String, usize> = actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.origin.slug.clone(), i))
            .collect();
        for (holder, actor) in actors.iter().enumerate() {
            for role in &actor.roles {
                if let Some(&office) = actor_slugs.get(&role.office.value)
                    && actors[office].front.kind == Some(ActorKind::Office)
                {
                    office_terms.entry(office).or_default().push(OfficeTerm {
                        holder,
                        from: role.from,
                        to: role.to,
                    });
                }
            }
        }
        let lexicon = Lexicon {
            finder: MentionFinder::new(&aliases),
            alias_entities,
            office_terms,
            offices: actors
                .iter()
                .enumerate()
                .filter(|(_, a)| a.front.kind == Some(ActorKind::Office))
                .map(|(i, _)| i)
                .collect(),
            actor_slugs,
            topic_slugs: topics
                .iter()
                .enumerate()
                .map(|(i, t)| (t.origin.slug.clone(), i))
                .collect(),
            article_slugs: articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.origin.slug.clone(), i))
                .collect(),
            names: actors
                .iter()
                .enumerate()
                .map(|(i, a)| (EntityRef::Actor(i), a.front.name.value.clone()))
                .chain(
                    topics
                        .iter()
                        .enumerate()
                        .map(|(i, t)| (EntityRef::Topic(i), t.front.name.value.clone())),
                )
                .chain(
                    articles
                        .iter()
                        .enumerate()
                        .map(|(i, a)| (EntityRef::Article(i), a.front.title.value.clone())),
                )
                .collect(),
            raw_html: false,
        };
        (lexicon, problems)
    }

    /// The same lexicon, reading bodies whose raw HTML is kept as HTML when `allowed`
    /// (`markdown.raw_html: allow`), else shown as text (see [`body::parse_shown`]).
    pub fn with_raw_html(mut self, allowed: bool) -> Lexicon {
        self.raw_html = allowed;
        self
    }

    /// An office resolves to whoever held it on `day`; the latest to take it up wins.
    fn holder(&self, entity: EntityRef, day: NaiveDate) -> EntityRef {
        let EntityRef::Actor(office) = entity else {
            return entity;
        };
        let Some(terms) = self.office_terms.get(&office) else {
            return entity;
        };
        terms
            .iter()
            .filter(|term| term.from.is_none_or(|f| f <= day) && term.to.is_none_or(|t| day < t))
            .max_by_key(|term| term.from)
            .map_or(entity, |term| EntityRef::Actor(term.holder))
    }

    /// The article at `index` (in the site's order) now has this title.
    pub fn retitle_article(&mut self, index: usize, title: &str) {
        self.names
            .insert(EntityRef::Article(index), title.to_string());
    }

    /// Whether `link` still leads where it did, showing the same name.
    pub fn still_resolves(&self, link: &ResolvedWikiLink) -> bool {
        self.wikilink_target(&link.target) == Some(link.entity)
            && self.names.get(&link.entity) == link.name.as_ref()
    }

    fn wikilink_target(&self, target: &str) -> Option<EntityRef> {
        let (kind, slug) = target.split_once('/').unwrap_or(("", target));
        let slug = slug.trim();
        let actor = || self.actor_slugs.get(slug).map(|&i| EntityRef::Actor(i));
        let topic = || self.topic_slugs.get(slug).map(|&i| EntityRef::Topic(i));
        let article = || self.article_slugs.get(slug).map(|&i| EntityRef::Article(i));
        match kind {
            "actors" => actor(),
            "topics" => topic(),
            "articles" => article(),
            "" => actor().or_else(topic).or_else(article),
            _ => None,
        }
    }

    /// The finder of the site's aliases.
    pub(crate) fn finder(&self) -> &MentionFinder {
        &self.finder
    }

    /// How many aliases the finder holds (their numbers run from 0).
    pub(crate) fn alias_count(&self) -> usize {
        self.alias_entities.len()
    }

    /// The entity behind alias number `alias`.
    pub(crate) fn alias_entity(&self, alias: usize) -> Option<EntityRef> {
        self.alias_entities.get(alias).copied()
    }

    /// The actor or topic a slug names (`topics/<slug>` or `actors/<slug>` to pick a kind).
    pub(crate) fn entity_target(&self, target: &str) -> Option<EntityRef> {
        self.wikilink_target(target)
            .filter(|entity| !matches!(entity, EntityRef::Article(_)))
    }

    /// Every actor and topic slug, sorted, for "did you mean".
    pub(crate) fn entity_slugs(&self) -> Vec<&str> {
        let mut slugs: Vec<&str> = self
            .actor_slugs
            .keys()
            .chain(self.topic_slugs.keys())
            .map(String::as_str)
            .collect();
        slugs.sort_unstable();
        slugs
    }

    fn all_slugs(&self) -> Vec<&str> {
        let mut slugs: Vec<&str> = self
            .actor_slugs
            .keys()
            .chain(self.topic_slugs.keys())
            .chain(self.article_slugs.keys())
            .map(String::as_str)
            .collect();
        slugs.sort_unstable();
        slugs
    }
}

/// Reads one article against the lexicon. Problems name the article's file and line.
pub fn analyse(article: &Article, lexicon: &Lexicon) -> (ArticleText, Vec<Diagnostic>) {
    // Parsed once: the footnote and table checks read the events before raw HTML becomes text.
    let parsed = body::parse(&article.body);
    let mut problems = footnotes::check_parsed(&article.origin, &article.body, &parsed);
    problems.extend(tables::check_parsed(
        &article.origin,
        &article.body,
        &parsed,
    ));
    let mut events = body::shown(parsed, lexicon.raw_html);
    let links = links::links_in(&events, &article.body, article.origin.body_line);
    let wikilinks = resolve_wikilinks(article, &events, lexicon, &mut problems);
    body::name_bare_wikilinks(&mut events, |event| {
        let at = wikilinks.binary_search_by_key(&event, |w| w.event).ok()?;
        wikilinks[at].name.clone()
    });
    let visible = body::visible_text(&events);
    let text = BodyText {
        origin: &article.origin,
        text: &visible.text,
        haystack: anchor::Haystack::new(&visible.text),
    };
    let quotes = article
        .front
        .quotes
        .iter()
        .map(|q| {
            let (prefix, suffix) = (q.prefix.as_deref(), q.suffix.as_deref());
            text.anchor(&q.text, prefix, suffix, "quote", &mut problems)
        })
        .collect();
    let annotations = article
        .front
        .annotations
        .iter()
        .map(|a| {
            text.anchor(
                &a.quote,
                a.prefix.as_deref(),
                a.suffix.as_deref(),
                "annotation",
                &mut problems,
            )
        })
        .collect();
    let day = article.date.date_naive();
    let names = ArticleNames::new(article, lexicon, &mut problems);
    let (mentions, unheld) = find_mentions(&visible, &wikilinks, &events, &names, lexicon, day);
    for (range, office) in unheld {
        problems.push(office_without_holder(
            article, lexicon, &visible, &events, range, office,
        ));
    }
    let summaries = summarise(&mentions, &visible.text);
    let reading = ArticleText {
        quotes,
        annotations,
        mentions,
        summaries,
        wikilinks,
        links,
        words: visible.words(),
    };
    (reading, problems)
}

/// An article's visible text, folded once for all its quotes and annotations.
struct BodyText<'a> {
    origin: &'a Origin,
    text: &'a str,
    haystack: anchor::Haystack,
}

impl BodyText<'_> {
    fn anchor(
        &self,
        exact: &Spanned<String>,
        prefix: Option<&str>,
        suffix: Option<&str>,
        what: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Passage> {
        anchor_passage(
            self.origin,
            self.text,
            self.haystack.find(&exact.value, prefix, suffix),
            exact,
            what,
            problems,
        )
    }
}

fn anchor_passage(
    origin: &Origin,
    text: &str,
    found: Result<Range<usize>, AnchorError>,
    exact: &Spanned<String>,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Passage> {
    match found {
        Ok(range) => {
            let (prefix, suffix) = anchor::context_around(text, range.clone(), SELECTOR_CONTEXT);
            Some(Passage {
                exact: text[range.clone()].to_string(),
                range,
                prefix,
                suffix,
            })
        }
        Err(error) => {
            let quoted = shorten(&exact.value, 80);
            let problem = match error {
                AnchorError::NotFound { closest } => {
                    let problem = origin.error_at(code::QUOTE_NOT_FOUND, exact, format!("{what} not found in the text: “{quoted}”"));
                    match closest {
                        Some(closest) => problem.with_hint(format!("the closest passage is “{closest}”")),
                        None => problem.with_hint("copy the passage from the article body"),
                    }
                }
                AnchorError::ContextMismatch { count } => origin
                    .error_at(code::QUOTE_NOT_FOUND, exact, format!("{what} “{quoted}” occurs {count} times, but never with the given prefix/suffix"))
                    .with_hint("make `prefix`/`suffix` the exact text just before/after the passage"),
                AnchorError::Ambiguous { candidates } => origin
                    .error_at(code::QUOTE_AMBIGUOUS, exact, format!("{what} “{quoted}” occurs {} times: {}", candidates.len(), candidates.join("; ")))
                    .with_hint("add `prefix` or `suffix` with the text just before or after the one you mean"),
                AnchorError::Empty => origin.error_at(code::QUOTE_NOT_FOUND, exact, format!("{what} text is empty")),
            };
            problems.push(problem);
            None
        }
    }
}

fn shorten(text: &str, limit: usize) -> String {
    let folded = anchor::fold_str(text);
    if folded.chars().count() <= limit {
        folded
    } else {
        format!("{}…", folded.chars().take(limit).collect::<String>())
    }
}

fn resolve_wikilinks(
    article: &Article,
    events: &[body::SourceEvent],
    lexicon: &Lexicon,
    problems: &mut Vec<Diagnostic>,
) -> Vec<ResolvedWikiLink> {
    let mut links = Vec::new();
    for (index, (event, range)) in events.iter().enumerate() {
        let Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { .. },
            dest_url,
            ..
        }) = event
        else {
            continue;
        };
        match lexicon.wikilink_target(dest_url) {
            Some(entity) => links.push(ResolvedWikiLink {
                event: index,
                entity,
                target: dest_url.to_string(),
                name: lexicon.names.get(&entity).cloned(),
            }),
            None => {
                let line = article.origin.body_line + body::line_of(&article.body, range.start) - 1;
                let column = article.body[..range.start]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |l| l.chars().count())
                    + 1;
                let mut problem = Diagnostic::error(
                    code::UNKNOWN_SLUG,
                    &article.origin.file,
                    format!("unknown link target `[[{dest_url}]]`"),
                )
                .at(line, column);
                let wanted = dest_url.rsplit('/').next().unwrap_or(dest_url);
                problem = match diagnostics::did_you_mean(wanted, lexicon.all_slugs()) {
                    Some(hint) => problem.with_hint(hint),
                    None => problem.with_hint(
                        "link to an actor, topic or article slug, e.g. [[keir-starmer]]",
                    ),
                };
                problems.push(problem);
            }
        }
    }
    links
}

/// Mentions in reading order; the first of each entity links unless a wikilink came first.
/// Also the first mention of each office no role covers on `day` (it names no one).
fn find_mentions(
    visible: &VisibleText,
    wikilinks: &[ResolvedWikiLink],
    events: &[body::SourceEvent],
    names: &ArticleNames,
    lexicon: &Lexicon,
    day: NaiveDate,
) -> (Vec<Mention>, Vec<(Range<usize>, usize)>) {
    let mut found: Vec<(Range<usize>, EntityRef, bool)> = Vec::new();
    let mut unheld: Vec<(Range<usize>, usize)> = Vec::new();
    for segment in visible.segments.iter().filter(|s| s.linkable) {
        let text = &visible.text[segment.range()];
        let block_start = visible.text[..segment.start]
            .trim_end_matches(' ')
            .ends_with('\n')
            || visible.text[..segment.start].trim().is_empty();
        let mut previous: Option<(Range<usize>, EntityRef)> = None;
        for (range, entity) in names.find(text, block_start) {
            let entity = lexicon.holder(entity, day);
            let range = segment.start + range.start..segment.start + range.end;
            if let EntityRef::Actor(office) = entity
                && lexicon.offices.contains(&office)
                && unheld.iter().all(|(_, o)| *o != office)
            {
                unheld.push((range.clone(), office));
            }
            // "Sir Keir" then "Starmer" with only space between is one mention.
            if let Some((last, last_entity)) = previous.as_mut()
                && *last_entity == entity
                && visible.text[last.end..range.start].trim().is_empty()
            {
                last.end = range.end;
                if let Some(entry) = found.last_mut() {
                    entry.0.end = range.end;
                }
                continue;
            }
            found.push((range.clone(), entity, false));
            previous = Some((range, entity));
        }
    }
    for link in wikilinks {
        // The link's own text; a link outside the visible text (in a footnote) has none.
        let inside = events[link.event + 1..]
            .iter()
            .take_while(|(event, _)| !matches!(event, Event::End(TagEnd::Link)))
            .count();
        let text_range = (link.event + 1..link.event + 1 + inside)
            .find_map(|event| visible.segment_of(event))
            .map(|s| s.range());
        if let Some(text_range) = text_range {
            found.push((text_range, link.entity, true));
        }
    }
    found.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(a.0.end.cmp(&b.0.end)));
    let mut linked: Vec<EntityRef> = Vec::new();
    let mentions = found
        .into_iter()
        .map(|(range, entity, explicit)| {
            let first = !linked.contains(&entity);
            if first {
                linked.push(entity);
            }
            Mention {
                range,
                entity,
                linked: first && !explicit,
            }
        })
        .collect();
    (mentions, unheld)
}

/// The warning for a mention of an office that no role covers on the article's date.
fn office_without_holder(
    article: &Article,
    lexicon: &Lexicon,
    visible: &VisibleText,
    events: &[body::SourceEvent],
    range: Range<usize>,
    office: usize,
) -> Diagnostic {
    let slug = lexicon
        .actor_slugs
        .iter()
        .find_map(|(slug, &i)| (i == office).then_some(slug.as_str()))
        .unwrap_or("");
    let written = &visible.text[range.clone()];
    let day = article.date.date_naive();
    let mut problem = Diagnostic::warning(
        code::OFFICE_WITHOUT_HOLDER,
        &article.origin.file,
        format!(
            "“{written}” names the office `{slug}`, but no role covers {day}: it links to the office, not a person"
        ),
    )
    .with_hint(format!(
        "give the holder's actor file a role with `office: {slug}` whose dates cover {day} (a role's `to` date is exclusive)"
    ));
    if let Some(segment) = visible
        .segments
        .iter()
        .find(|s| s.range().contains(&range.start))
    {
        let source = &events[segment.event].1;
        let offset = (range.start - segment.start).min(source.len());
        let at = source.start + offset;
        let line = article.origin.body_line + body::line_of(&article.body, at) - 1;
        let column = article.body[..at]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        problem = problem.at(line, column).spanning(written.chars().count());
    }
    problem
}

fn summarise(mentions: &[Mention], text: &str) -> Vec<MentionSummary> {
    let mut by_entity: BTreeMap<EntityRef, MentionSummary> = BTreeMap::new();
    let mut sentences = Sentences::new(text);
    for mention in mentions {
        by_entity
            .entry(mention.entity)
            .and_modify(|s| s.count += 1)
            .or_insert_with(|| MentionSummary {
                entity: mention.entity,
                count: 1,
                sentence: sentences.around(&mention.range).into(),
            });
    }
    by_entity.into_values().collect()
}

#[cfg(test)]
mod tests;
