//! The article page, its body's decorations (statements, notes, mentions, wikilinks),
//! its schema.org JSON-LD and its W3C Web Annotation export (`annotations.jsonld`).

use std::borrow::Cow;

use crate::link_target::Use;
use crate::load::{ActorKind, Annotation, AnnotationKind, ArticleFront};
use crate::render::markdown::{self, Decorations, Mark, MentionSpan, SideNote, WikiLink};
use crate::render::urls;
use crate::resolve::ArticleNode;
use crate::resolve::paths;
use crate::text::analysis::{ArticleText, EntityRef};
use crate::text::body;

use super::context::{
    AnnotationView, ArticleView, EntityLink, LicenceView, SourceView, StatementView,
};
use super::metadata::{self, ArticleFacts, ClaimFacts, CorrectionFacts, Thing};
use super::{Diagnostic, Page, Renderer, timestamp};

impl Renderer<'_> {
    pub(super) fn article(&self, index: usize) -> Result<Vec<Page>, Diagnostic> {
        let node = &self.site.articles[index];
        let article = &node.article;
        let front = &article.front;
        let path = paths::article_path(&article.origin.slug);
        let source = source_view(front);
        let mentions_of = |entity: EntityRef| {
            node.text
                .summaries
                .iter()
                .find(|s| s.entity == entity)
                .map_or(0, |s| s.count)
        };
        let annotations = self.annotation_views(node, &path);
        let annotations_url =
            (!annotations.is_empty()).then(|| self.urls.file(&format!("{path}annotations.jsonld")));
        let view = ArticleView {
            slug: &article.origin.slug,
            title: &front.title.value,
            url: self.urls.page(&path),
            date: timestamp(&article.date),
            updated: article.updated.as_ref().map(timestamp),
            summary: &front.summary,
            reading_minutes: super::reading_minutes(node.text.words),
            source,
            actors: node
                .actors
                .iter()
                .map(|&a| self.actor_link(a, mentions_of(EntityRef::Actor(a))))
                .collect(),
            topics: node
                .topics
                .iter()
                .map(|&t| self.topic_link(t, mentions_of(EntityRef::Topic(t))))
                .collect(),
            also_actors: self.tallies(&node.also_actors, Self::actor_link),
            also_topics: self.tallies(&node.also_topics, Self::topic_link),
            statements: (0..front.quotes.len())
                .filter_map(|q| self.statement_view(index, q))
                .collect(),
            annotations_url: annotations_url.clone(),
            annotations,
            corrections: self.correction_views(index),
            body: self.article_body(index),
            extra: &front.extra,
        };
        let related = self.summaries_of(&node.related);
        let mut page = self.page_context("article", &front.title.value, &front.summary, &path);
        page.json_ld = Some(self.json_ld(node, &path));
        let html = self.page("article.html", &path, page, |c| {
            c.insert("article", &view);
            c.insert("related", &related);
        })?;
        let mut pages = vec![html];
        if annotations_url.is_some() {
            pages.push(Page {
                path: format!("{path}annotations.jsonld"),
                bytes: self.web_annotations(node, &path).into_bytes(),
            });
        }
        Ok(pages)
    }

    /// Marks, side notes, mentions and wikilinks for an article body.
    pub(super) fn decorations(&self, node: &ArticleNode) -> Decorations {
        let front = &node.article.front;
        let mut marks = Vec::new();
        for (i, (quote, passage)) in front.quotes.iter().zip(&node.text.quotes).enumerate() {
            let Some(passage) = passage else { continue };
            let speaker = node.speaker(i);
            let name = speaker.map_or(quote.by.value.clone(), |s| self.actor_link(s, 0).name);
            marks.push(Mark {
                range: passage.range.clone(),
                id: format!("statement-{}", i + 1),
                class: "statement".to_string(),
                attributes: vec![
                    ("data-speaker".to_string(), quote.by.value.clone()),
                    ("title".to_string(), name),
                ],
                note: None,
            });
        }
        for (i, (annotation, passage)) in front
            .annotations
            .iter()
            .zip(&node.text.annotations)
            .enumerate()
        {
            let Some(passage) = passage else { continue };
            let kind = kind_of_annotation(annotation.kind);
            let verdict = verdict_class(annotation);
            marks.push(Mark {
                range: passage.range.clone(),
                id: format!("annotation-{}", i + 1),
                class: format!("annotation annotation-{kind}{verdict}"),
                attributes: vec![("data-annotation".to_string(), (i + 1).to_string())],
                note: Some(SideNote {
                    label: annotation_label(annotation),
                    class: format!("sidenote-{kind}{verdict}"),
                    annotation: Some(i + 1),
                    html: markdown::inline_html(
                        &annotation.note,
                        self.site.config.raw_html,
                        &self.urls.site_root(),
                    ),
                }),
            });
        }
        let (mentions, wikilinks) = self.mentions_and_links(&node.text);
        Decorations {
            marks,
            mentions,
            wikilinks,
            raw_html: self.site.config.raw_html,
            root: self.urls.site_root(),
        }
    }

    /// The links a body's mentions and `[[…]]` links carry (articles' and digests').
    pub(super) fn mentions_and_links(
        &self,
        text: &ArticleText,
    ) -> (Vec<MentionSpan>, Vec<WikiLink>) {
        let mentions = text
            .mentions
            .iter()
            .filter_map(|mention| {
                let link = self.entity_link(mention.entity)?;
                Some(MentionSpan {
                    range: mention.range.clone(),
                    slug: link.slug,
                    url: mention.linked.then_some(link.url),
                })
            })
            .collect();
        let wikilinks = text
            .wikilinks
            .iter()
            .filter_map(|w| {
                let link = self.entity_link(w.entity)?;
                Some(WikiLink {
                    event: w.event,
                    slug: link.slug,
                    url: link.url,
                    name: link.name,
                })
            })
            .collect();
        (mentions, wikilinks)
    }

    /// An annotation's note as Markdown, for the JSON files that carry it as written:
    /// without its HTML comments (editors' notes) unless raw HTML is allowed.
    fn note_source<'n>(&self, note: &'n str) -> Cow<'n, str> {
        if self.site.config.raw_html {
            Cow::Borrowed(note)
        } else {
            body::without_comments(note)
        }
    }

    /// A link to any entity a mention or wikilink can name.
    fn entity_link(&self, entity: EntityRef) -> Option<EntityLink> {
        match entity {
            EntityRef::Actor(a) => Some(self.actor_link(a, 0)),
            EntityRef::Topic(t) => Some(self.topic_link(t, 0)),
            EntityRef::Article(a) => {
                if a >= self.site.articles.len() {
                    return None;
                }
                let summary = &self.summary_at(a).fields;
                Some(EntityLink {
                    slug: summary.slug.clone(),
                    name: summary.title.clone(),
                    url: summary.url.clone(),
                    kind: "article",
                    count: 0,
                })
            }
        }
    }

    pub(super) fn statement_view(&self, article: usize, quote: usize) -> Option<StatementView> {
        let node = &self.site.articles[article];
        let passage = node.text.quotes.get(quote)?.as_ref()?;
        let summary = &self.summary_at(article).fields;
        Some(StatementView {
            text: nested_quotes(&passage.exact),
            speaker: self.actor_link(node.speaker(quote)?, 0),
            url: format!("{}#statement-{}", summary.url, quote + 1),
            article_title: summary.title.clone(),
            article_url: summary.url.clone(),
            date: summary.date.clone(),
        })
    }

    fn annotation_views(&self, node: &ArticleNode, path: &str) -> Vec<AnnotationView> {
        let url = self.urls.page(path);
        node.article
            .front
            .annotations
            .iter()
            .zip(&node.text.annotations)
            .enumerate()
            .filter_map(|(i, (annotation, passage))| {
                Some(AnnotationView {
                    number: i + 1,
                    kind: annotation.kind,
                    label: kind_label_of_annotation(annotation.kind),
                    verdict: annotation.verdict.as_ref().map(|v| v.value.clone()),
                    quote: passage.as_ref()?.exact.clone(),
                    note: markdown::to_html(
                        &annotation.note,
                        self.site.config.raw_html,
                        &self.urls.site_root(),
                    ),
                    url: format!("{url}#annotation-{}", i + 1),
                })
            })
            .collect()
    }

    /// The article's annotations as a W3C Web Annotation collection (JSON-LD).
    fn web_annotations(&self, node: &ArticleNode, path: &str) -> String {
        let article_url = self.urls.absolute_page(path);
        let collection_url = self
            .urls
            .absolute_file(&format!("{path}annotations.jsonld"));
        let created = timestamp(&node.article.updated.unwrap_or(node.article.date));
        let items: Vec<serde_json::Value> = node
            .article
            .front
            .annotations
            .iter()
            .zip(&node.text.annotations)
            .enumerate()
            .filter_map(|(i, (annotation, passage))| {
                let passage = passage.as_ref()?;
                let mut body = vec![serde_json::json!({
                    "type": "TextualBody",
                    "value": self.note_source(&annotation.note),
                    "format": "text/markdown",
                    "purpose": motivation(annotation.kind),
                })];
                if let Some(verdict) = &annotation.verdict {
                    body.push(serde_json::json!({
                        "type": "TextualBody",
                        "value": verdict.value,
                        "purpose": "assessing",
                    }));
                }
                Some(serde_json::json!({
                    "id": format!("{article_url}#annotation-{}", i + 1),
                    "type": "Annotation",
                    "motivation": motivation(annotation.kind),
                    "created": created,
                    "body": body,
                    "target": {
                        "source": article_url,
                        "type": "Text",
                        "format": "text/html",
                        "selector": {
                            "type": "TextQuoteSelector",
                            "exact": passage.exact,
                            "prefix": passage.prefix,
                            "suffix": passage.suffix,
                        },
                    },
                }))
            })
            .collect();
        let collection = serde_json::json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": collection_url,
            "type": "AnnotationCollection",
            "label": format!("Annotations on “{}”", node.article.front.title.value),
            "total": items.len(),
            "first": {
                "id": format!("{collection_url}#page-1"),
                "type": "AnnotationPage",
                "startIndex": 0,
                "items": items,
            },
        });
        let mut text = serde_json::to_string_pretty(&collection).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The article's schema.org `NewsArticle`, with a `ClaimReview` per judged claim.
    fn json_ld(&self, node: &ArticleNode, path: &str) -> String {
        let article = &node.article;
        let front = &article.front;
        let source = front.source.as_ref();
        let url = self.urls.absolute_page(path);
        let actor_things: Vec<(String, String, &'static str, Option<String>)> = node
            .actors
            .iter()
            .chain(node.also_actors.iter().map(|t| &t.index))
            .map(|&a| {
                let actor = &self.site.actors[a].actor;
                let same_as = actor
                    .front
                    .wikidata
                    .as_ref()
                    .and_then(|w| urls::wikidata(&w.value));
                let url = self
                    .urls
                    .absolute_page(&paths::actor_path(&actor.origin.slug));
                (
                    actor.front.name.value.clone(),
                    url,
                    schema_type(actor.front.kind),
                    same_as,
                )
            })
            .collect();
        let topic_things: Vec<(String, String)> = node
            .topics
            .iter()
            .chain(node.also_topics.iter().map(|t| &t.index))
            .map(|&t| {
                let topic = &self.site.topics[t].topic;
                (
                    topic.front.name.value.clone(),
                    self.urls
                        .absolute_page(&paths::topic_path(&topic.origin.slug)),
                )
            })
            .collect();
        let notes: Vec<Cow<str>> = front
            .annotations
            .iter()
            .map(|a| self.note_source(&a.note))
            .collect();
        let claims: Vec<ClaimFacts> = front
            .annotations
            .iter()
            .zip(&node.text.annotations)
            .enumerate()
            .filter_map(|(i, (annotation, passage))| {
                let verdict = annotation.verdict.as_ref()?;
                (annotation.kind == AnnotationKind::Claim).then(|| ClaimFacts {
                    url: format!("{url}#annotation-{}", i + 1),
                    claim: passage
                        .as_ref()
                        .map_or(annotation.quote.value.as_str(), |p| p.exact.as_str()),
                    verdict: &verdict.value,
                    note: &notes[i],
                })
            })
            .collect();
        let corrections: Vec<Cow<str>> = article
            .corrections
            .iter()
            .map(|c| self.note_source(&c.note))
            .collect();
        let published = timestamp(&article.date);
        let modified = timestamp(&article.updated.unwrap_or(article.date));
        let facts = ArticleFacts {
            url: &url,
            headline: &front.title.value,
            description: &front.summary,
            published: &published,
            modified: &modified,
            language: &self.site.config.language,
            source_url: source
                .and_then(|s| s.url.as_ref())
                .and_then(|u| urls::from_user(&u.value, Use::WebPage)),
            source_publisher: source.and_then(|s| s.publisher.as_deref()),
            source_author: source.and_then(|s| s.author.as_deref()),
            mentions: actor_things
                .iter()
                .map(|(name, url, schema_type, same_as)| Thing {
                    schema_type,
                    name,
                    url,
                    same_as: same_as.clone(),
                })
                .collect(),
            about: topic_things
                .iter()
                .map(|(name, url)| Thing {
                    schema_type: "Thing",
                    name,
                    url,
                    same_as: None,
                })
                .collect(),
            claims,
            corrections: article
                .corrections
                .iter()
                .zip(&corrections)
                .map(|(c, text)| CorrectionFacts {
                    url: format!("{url}#correction-{}", c.number),
                    date: timestamp(&c.date),
                    text,
                })
                .collect(),
            site_name: &self.site.config.title,
        };
        metadata::article_json_ld(&facts)
    }
}

/// Where an article's text came from, as its page and the digests show it.
pub(super) fn source_view(front: &ArticleFront) -> Option<SourceView<'_>> {
    front.source.as_ref().map(|s| SourceView {
        publisher: s.publisher.as_deref(),
        url: s
            .url
            .as_ref()
            .and_then(|u| urls::from_user(&u.value, Use::WebPage)),
        author: s.author.as_deref(),
        published: s.published.as_ref().map(|p| p.value.as_str()),
        licence: s.licence.as_ref().map(|l| LicenceView {
            name: &l.name,
            url: l.url.as_ref().map(|u| u.value.as_str()),
        }),
    })
}

fn kind_of_annotation(kind: AnnotationKind) -> &'static str {
    match kind {
        AnnotationKind::Context => "context",
        AnnotationKind::Analysis => "analysis",
        AnnotationKind::Claim => "claim",
        AnnotationKind::Correction => "correction",
    }
}

fn kind_label_of_annotation(kind: AnnotationKind) -> &'static str {
    match kind {
        AnnotationKind::Context => "Context",
        AnnotationKind::Analysis => "Analysis",
        AnnotationKind::Claim => "Claim",
        AnnotationKind::Correction => "Correction",
    }
}

/// The side note's label: the kind, and a claim's verdict in words (`Claim, rated: false`).
fn annotation_label(annotation: &Annotation) -> String {
    let label = kind_label_of_annotation(annotation.kind);
    match (&annotation.verdict, annotation.kind) {
        (Some(verdict), AnnotationKind::Claim) => {
            format!("{label}, rated: {}", verdict.value.trim())
        }
        _ => label.to_string(),
    }
}

/// ` verdict-<slug>` for a claim with a verdict (`mostly accurate` → ` verdict-mostly-accurate`),
/// so the theme colours each verdict; empty otherwise.
fn verdict_class(annotation: &Annotation) -> String {
    let Some(verdict) = annotation
        .verdict
        .as_ref()
        .filter(|_| annotation.kind == AnnotationKind::Claim)
    else {
        return String::new();
    };
    let mut slug = String::new();
    for c in verdict.value.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    match slug.trim_end_matches('-') {
        "" => String::new(),
        slug => format!(" verdict-{slug}"),
    }
}

/// The W3C motivation each kind of note stands for.
fn motivation(kind: AnnotationKind) -> &'static str {
    match kind {
        AnnotationKind::Context => "describing",
        AnnotationKind::Analysis => "commenting",
        AnnotationKind::Claim => "assessing",
        AnnotationKind::Correction => "editing",
    }
}

/// The schema.org type an actor kind stands for.
fn schema_type(kind: Option<ActorKind>) -> &'static str {
    match kind {
        Some(ActorKind::Person) => "Person",
        Some(ActorKind::Government) => "GovernmentOrganization",
        Some(ActorKind::Organisation) | Some(ActorKind::Group) => "Organization",
        Some(ActorKind::Country) => "Country",
        Some(ActorKind::Office) | None => "Thing",
    }
}

/// A statement's text as it reads inside the double quotation marks templates put around
/// it: its own double quotation marks become single ones (“… ‘…’ …”), curly or straight.
pub(super) fn nested_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut before: Option<char> = None;
    for c in text.chars() {
        let opens = before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[' | '—' | '–'));
        out.push(match c {
            '\u{201C}' => '\u{2018}',
            '\u{201D}' => '\u{2019}',
            '"' if opens => '\u{2018}',
            '"' => '\u{2019}',
            c => c,
        });
        before = Some(c);
    }
    out
}
