//! The typed values a site folder is read into: the `Corpus` and its articles, actors
//! and topics, each with the `Origin` (file and lines) diagnostics point back to.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::load::config::SiteConfig;
use crate::load::yaml::{self, Spanned};

/// Everything read from a site folder, before any cross-checking.
#[derive(Debug)]
pub struct Corpus {
    pub config: SiteConfig,
    /// Shared with the load cache: a file read once is one value however many builds use it.
    pub articles: Vec<Arc<Article>>,
    pub actors: Vec<Arc<Actor>>,
    pub topics: Vec<Arc<Topic>>,
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
    pub updated: Option<DateTime<FixedOffset>>,
    pub body: String,
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
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
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
