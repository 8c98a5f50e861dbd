//! The typed values a site folder is read into: the `Corpus` and its articles, actors
//! and topics, each with the `Origin` (file and lines) diagnostics point back to.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::load::briefing::Briefing;
use crate::load::config::SiteConfig;
use crate::load::placeholder;
use crate::load::survey::{Field, Parts, Shape, Step, Survey};
use crate::load::yaml::{self, Spanned};

/// Everything read from a site folder, before any cross-checking.
#[derive(Debug)]
pub struct Corpus {
    pub config: SiteConfig,
    /// Shared with the load cache: a file read once is one value however many builds use it.
    pub articles: Vec<Arc<Article>>,
    pub actors: Vec<Arc<Actor>>,
    pub topics: Vec<Arc<Topic>>,
    /// Daily digests, in file-name (date) order.
    pub briefings: Vec<Arc<Briefing>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Actor and topic slugs named in the front matter of articles that failed to load
    /// (as far as their YAML reads), so nothing they use is called unused.
    pub named_by_unloaded: BTreeSet<String>,
}

/// Where an entry came from, for diagnostics and for shifting YAML positions to file lines.
#[derive(Debug, Clone)]
pub struct Origin {
    pub slug: String,
    /// Relative to the site root, e.g. `content/articles/x.md`.
    pub file: PathBuf,
    pub yaml_line: usize,
    pub body_line: usize,
}

impl Origin {
    /// A diagnostic pointing at the place `value` was written in this file's front matter.
    pub fn error_at<T>(
        &self,
        code: &'static str,
        value: &Spanned<T>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = yaml::position(value, self.yaml_line);
        Diagnostic::error(code, &self.file, message)
            .at(line, column)
            .spanning(yaml::length(value))
    }
}

#[derive(Debug, Clone)]
pub struct Article {
    pub origin: Origin,
    pub front: ArticleFront,
    pub date: DateTime<FixedOffset>,
    /// When it last changed: the later of front matter's `updated` and its latest
    /// correction's date (none when it has neither). Pages, JSON-LD `dateModified`, feed
    /// entries' `<updated>` (RFC 4287 §4.2.15) and the sitemap all show this one.
    pub updated: Option<DateTime<FixedOffset>>,
    /// Its corrections whose dates read, oldest first (numbered in that order).
    pub corrections: Vec<Correction>,
    pub body: String,
}

/// A correction published after the article: when, and what it corrects.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    /// From 1, oldest first: the notice's id on the article page is `correction-<number>`.
    pub number: usize,
    pub date: DateTime<FixedOffset>,
    /// Markdown, as written.
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFront {
    pub title: Spanned<String>,
    pub date: Spanned<String>,
    pub updated: Option<Spanned<String>>,
    #[serde(default)]
    pub summary: String,
    pub source: Option<Source>,
    #[serde(default)]
    pub actors: Vec<Spanned<String>>,
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    /// Names that mean an entity in this article only (text → actor or topic slug,
    /// `topics/<slug>` to pick a topic): "here, *the President* means `president-of-russia`".
    #[serde(default)]
    pub aliases: BTreeMap<String, Spanned<String>>,
    /// Corrections published after the article, in any order.
    #[serde(default)]
    pub corrections: Vec<CorrectionEntry>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A correction as front matter writes it: `{ date: 2025-03-01, note: "Markdown" }`, the
/// date read like the article's own.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionEntry {
    pub date: Spanned<String>,
    pub note: Spanned<String>,
}

/// Where an article's text came from.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub publisher: Option<String>,
    pub url: Option<Spanned<String>>,
    pub author: Option<String>,
    pub published: Option<Spanned<String>>,
    /// The licence the text is published under, when known.
    #[serde(default)]
    pub licence: Option<Licence>,
}

/// A licence: its short name and, optionally, the address of its text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub name: String,
    pub url: Option<Spanned<String>>,
}

/// A statement attributed to an actor; its text must occur in the body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub by: Spanned<String>,
    pub text: Spanned<String>,
    /// Text just before the passage, to say which of several occurrences is meant.
    pub prefix: Option<String>,
    /// Text just after the passage, likewise.
    pub suffix: Option<String>,
}

/// An analyst's note anchored to a passage of the body (a W3C TextQuoteSelector).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub quote: Spanned<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    #[serde(default)]
    pub kind: AnnotationKind,
    pub verdict: Option<Spanned<String>>,
    pub note: String,
}

#[derive(Debug, Deserialize, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationKind {
    #[default]
    Context,
    Analysis,
    Claim,
    Correction,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub origin: Origin,
    pub front: ActorFront,
    pub roles: Vec<Role>,
    pub profile: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorFront {
    pub name: Spanned<String>,
    pub kind: Option<ActorKind>,
    #[serde(default)]
    pub aliases: Vec<Spanned<AliasEntry>>,
    pub wikidata: Option<Spanned<String>>,
    #[serde(default)]
    pub roles: Vec<RoleEntry>,
    #[serde(default)]
    pub affiliations: Vec<Spanned<String>>,
    #[serde(default)]
    pub links: Vec<Spanned<String>>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(
    Debug, Deserialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    Office,
    Government,
    Organisation,
    Country,
    Group,
}

impl ActorKind {
    /// Every kind, in the order actor lists group them.
    pub const ALL: [ActorKind; 6] = [
        ActorKind::Person,
        ActorKind::Office,
        ActorKind::Government,
        ActorKind::Country,
        ActorKind::Organisation,
        ActorKind::Group,
    ];
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleEntry {
    pub office: Spanned<String>,
    pub from: Option<Spanned<String>>,
    pub to: Option<Spanned<String>>,
}

/// A period in which an actor held an office; open ends are `None`.
#[derive(Debug, Clone)]
pub struct Role {
    pub office: Spanned<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub origin: Origin,
    pub front: TopicFront,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicFront {
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<AliasEntry>>,
    pub parent: Option<Spanned<String>>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// An alias as an actor or topic file writes it: a name (`"Sir Keir"`, `"(?i)nato"`), or a
/// name with a scope (`{ text: "Mr President", publishers: ["European Parliament"] }`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(untagged)]
pub enum AliasEntry {
    Name(String),
    Scoped(ScopedAlias),
}

/// A scoped alias: it means its entity only in articles from these publishers (matched
/// against `source.publisher`, ignoring case, or the host of `source.url`), and, with
/// `line_start`, only as a label at the start of a paragraph.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct ScopedAlias {
    pub text: String,
    #[serde(default)]
    pub publishers: Vec<String>,
    #[serde(default)]
    pub line_start: bool,
}

impl AliasEntry {
    /// The name as written (with a `(?i)` marker, if any).
    pub fn text(&self) -> &str {
        match self {
            AliasEntry::Name(text) => text,
            AliasEntry::Scoped(scoped) => &scoped.text,
        }
    }

    /// The publishers it is limited to; empty for every article.
    pub fn publishers(&self) -> &[String] {
        match self {
            AliasEntry::Name(_) => &[],
            AliasEntry::Scoped(scoped) => &scoped.publishers,
        }
    }

    /// Whether it matches only at the start of a paragraph.
    pub fn line_start(&self) -> bool {
        matches!(self, AliasEntry::Scoped(scoped) if scoped.line_start)
    }
}

// ---------------------------------------------------------------------------------------
// The shapes of the front matter, for reporting every problem of one that does not read
// (`load::survey`). Each lists its struct's fields as serde names them; the tests below
// hold the two equal.
// ---------------------------------------------------------------------------------------

/// A front-matter struct: its shape, and what can be kept of it when it does not read whole.
pub(crate) trait Front: serde::de::DeserializeOwned {
    fn shape() -> &'static Shape;

    /// What can be read of a front matter with problems, for the checks that come after
    /// (none by default: the file is left out).
    fn salvage(_survey: &Survey) -> Option<Self> {
        None
    }

    /// Checks of a front matter that reads whole but that need its YAML again, to tell a
    /// value written empty from one left out (none by default).
    fn second_look(&self, _origin: &Origin, _yaml: &str) -> Vec<Diagnostic> {
        Vec::new()
    }
}

const TEXT: Shape = Shape::whole::<Spanned<String>>();
const MAYBE_TEXT: Shape = Shape::whole::<Option<Spanned<String>>>();
const PLAIN: Shape = Shape::whole::<Option<String>>();
const SLUGS: Shape = Shape::of::<Vec<Spanned<String>>>(Parts::Items(&TEXT));
const EXTRA: Shape = Shape::whole::<BTreeMap<String, serde_json::Value>>();
const ALIAS: Shape = Shape::whole::<Spanned<AliasEntry>>();
const ALIASES: Shape = Shape::of::<Vec<Spanned<AliasEntry>>>(Parts::Items(&ALIAS));

static LICENCE_FIELDS: [Field; 2] = [
    Field::required("name", Shape::whole::<String>()),
    Field::optional("url", MAYBE_TEXT),
];
static SOURCE_FIELDS: [Field; 5] = [
    Field::optional("publisher", PLAIN),
    Field::optional("url", MAYBE_TEXT),
    Field::optional("author", PLAIN),
    Field::optional("published", MAYBE_TEXT),
    Field::optional(
        "licence",
        Shape::of::<Option<Licence>>(Parts::Fields(&LICENCE_FIELDS)),
    ),
];
static QUOTE_FIELDS: [Field; 4] = [
    Field::required("by", TEXT),
    Field::required("text", TEXT),
    Field::optional("prefix", PLAIN),
    Field::optional("suffix", PLAIN),
];
static QUOTE: Shape = Shape::of::<Quote>(Parts::Fields(&QUOTE_FIELDS));
static ANNOTATION_FIELDS: [Field; 6] = [
    Field::required("quote", TEXT),
    Field::optional("prefix", PLAIN),
    Field::optional("suffix", PLAIN),
    Field::optional("kind", Shape::whole::<AnnotationKind>()),
    Field::optional("verdict", MAYBE_TEXT),
    Field::required("note", Shape::whole::<String>()),
];
static ANNOTATION: Shape = Shape::of::<Annotation>(Parts::Fields(&ANNOTATION_FIELDS));
static CORRECTION_FIELDS: [Field; 2] =
    [Field::required("date", TEXT), Field::required("note", TEXT)];
static CORRECTION: Shape = Shape::of::<CorrectionEntry>(Parts::Fields(&CORRECTION_FIELDS));
static ARTICLE_FIELDS: [Field; 13] = [
    Field::required("title", TEXT),
    Field::required("date", TEXT),
    Field::optional("updated", MAYBE_TEXT),
    Field::optional("summary", Shape::whole::<String>()),
    Field::optional(
        "source",
        Shape::of::<Option<Source>>(Parts::Fields(&SOURCE_FIELDS)),
    ),
    Field::optional("actors", SLUGS),
    Field::optional("topics", SLUGS),
    Field::optional("draft", Shape::whole::<bool>()),
    Field::optional("quotes", Shape::of::<Vec<Quote>>(Parts::Items(&QUOTE))),
    Field::optional(
        "annotations",
        Shape::of::<Vec<Annotation>>(Parts::Items(&ANNOTATION)),
    ),
    Field::optional(
        "aliases",
        Shape::whole::<BTreeMap<String, Spanned<String>>>(),
    ),
    Field::optional(
        "corrections",
        Shape::of::<Vec<CorrectionEntry>>(Parts::Items(&CORRECTION)),
    ),
    Field::optional("extra", EXTRA),
];
static ARTICLE: Shape = Shape::of::<ArticleFront>(Parts::Fields(&ARTICLE_FIELDS));

static ROLE_FIELDS: [Field; 3] = [
    Field::required("office", TEXT),
    Field::optional("from", MAYBE_TEXT),
    Field::optional("to", MAYBE_TEXT),
];
static ROLE: Shape = Shape::of::<RoleEntry>(Parts::Fields(&ROLE_FIELDS));
static ACTOR_FIELDS: [Field; 8] = [
    Field::required("name", TEXT),
    Field::optional("kind", Shape::whole::<Option<ActorKind>>()),
    Field::optional("aliases", ALIASES),
    Field::optional("wikidata", MAYBE_TEXT),
    Field::optional("roles", Shape::of::<Vec<RoleEntry>>(Parts::Items(&ROLE))),
    Field::optional("affiliations", SLUGS),
    Field::optional("links", SLUGS),
    Field::optional("extra", EXTRA),
];
static ACTOR: Shape = Shape::of::<ActorFront>(Parts::Fields(&ACTOR_FIELDS));

static TOPIC_FIELDS: [Field; 4] = [
    Field::required("name", TEXT),
    Field::optional("aliases", ALIASES),
    Field::optional("parent", MAYBE_TEXT),
    Field::optional("extra", EXTRA),
];
static TOPIC: Shape = Shape::of::<TopicFront>(Parts::Fields(&TOPIC_FIELDS));

impl Front for ArticleFront {
    fn shape() -> &'static Shape {
        &ARTICLE
    }

    /// Every field that reads, the items of each list that read, and the defaults for the
    /// rest (a missing title or date is empty, at no place): so an article with a bad date
    /// or a mistyped field still has its slugs, quotes and links checked, and what it
    /// lists counts as used.
    fn salvage(survey: &Survey) -> Option<Self> {
        Some(ArticleFront {
            title: survey.field("title").unwrap_or_else(yaml::absent),
            date: survey.field("date").unwrap_or_else(yaml::absent),
            updated: survey.field("updated").flatten(),
            summary: survey.field("summary").unwrap_or_default(),
            source: survey.field("source").flatten().or_else(|| {
                // Each field of a source that does not read whole, for its own checks.
                let part = |name| [Step::Key("source"), Step::Key(name)];
                survey.is_mapping(&[Step::Key("source")]).then(|| Source {
                    publisher: survey.value(&part("publisher")).flatten(),
                    url: survey.value(&part("url")).flatten(),
                    author: survey.value(&part("author")).flatten(),
                    published: survey.value(&part("published")).flatten(),
                    licence: survey.value(&part("licence")).flatten(),
                })
            }),
            actors: survey.items("actors"),
            topics: survey.items("topics"),
            draft: survey.field("draft").unwrap_or_default(),
            quotes: survey.items("quotes"),
            annotations: survey.items("annotations"),
            aliases: survey.field("aliases").unwrap_or_default(),
            corrections: survey.items("corrections"),
            extra: survey.field("extra").unwrap_or_default(),
        })
    }

    fn second_look(&self, origin: &Origin, yaml: &str) -> Vec<Diagnostic> {
        self.written_empty_summary(origin, yaml)
            .into_iter()
            .collect()
    }
}

impl ArticleFront {
    /// A `summary: ""` (as `briefing new` writes it), told apart from no summary at all.
    fn written_empty_summary(&self, origin: &Origin, yaml: &str) -> Option<Diagnostic> {
        if !self.summary.trim().is_empty() || !yaml.contains("summary") {
            return None;
        }
        let survey = Survey::new(&origin.file, yaml, origin.yaml_line)?;
        let summary: Spanned<String> = survey.field("summary")?;
        Some(placeholder::empty_summary(origin, &summary))
    }
}

impl Front for ActorFront {
    fn shape() -> &'static Shape {
        &ACTOR
    }
}

impl Front for TopicFront {
    fn shape() -> &'static Shape {
        &TOPIC
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::survey::serde_fields;

    fn same_fields<T: serde::de::DeserializeOwned>(shape: &Shape) {
        let mut from_serde = serde_fields::<T>();
        let mut from_shape: Vec<String> =
            shape.field_names().iter().map(|s| s.to_string()).collect();
        from_serde.sort();
        from_shape.sort();
        assert_eq!(from_shape, from_serde, "{}", std::any::type_name::<T>());
    }

    #[test]
    fn every_shape_lists_its_structs_fields() {
        same_fields::<ArticleFront>(&ARTICLE);
        same_fields::<Source>(&Shape::of::<Source>(Parts::Fields(&SOURCE_FIELDS)));
        same_fields::<Licence>(&Shape::of::<Licence>(Parts::Fields(&LICENCE_FIELDS)));
        same_fields::<Quote>(&QUOTE);
        same_fields::<Annotation>(&ANNOTATION);
        same_fields::<CorrectionEntry>(&CORRECTION);
        same_fields::<ActorFront>(&ACTOR);
        same_fields::<RoleEntry>(&ROLE);
        same_fields::<TopicFront>(&TOPIC);
    }

    /// Exactly the fields a shape calls required are: with only those the struct reads,
    /// and without any one of them it does not.
    fn same_required<T: serde::de::DeserializeOwned>(fields: &[Field]) {
        let required: Vec<&str> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect();
        let yaml = |names: &[&str]| -> String {
            let lines: Vec<String> = names.iter().map(|n| format!("{n}: x")).collect();
            if lines.is_empty() {
                "{}".to_string()
            } else {
                lines.join("\n")
            }
        };
        let name = std::any::type_name::<T>();
        assert!(
            serde_saphyr::from_str::<T>(&yaml(&required)).is_ok(),
            "{name}"
        );
        for left_out in &required {
            let others: Vec<&str> = required.iter().copied().filter(|n| n != left_out).collect();
            assert!(
                serde_saphyr::from_str::<T>(&yaml(&others)).is_err(),
                "{name} reads without `{left_out}`"
            );
        }
    }

    #[test]
    fn every_shape_requires_what_its_struct_requires() {
        same_required::<ArticleFront>(&ARTICLE_FIELDS);
        same_required::<Source>(&SOURCE_FIELDS);
        same_required::<Quote>(&QUOTE_FIELDS);
        same_required::<Annotation>(&ANNOTATION_FIELDS);
        same_required::<CorrectionEntry>(&CORRECTION_FIELDS);
        same_required::<ActorFront>(&ACTOR_FIELDS);
        same_required::<RoleEntry>(&ROLE_FIELDS);
        same_required::<TopicFront>(&TOPIC_FIELDS);
    }
}
