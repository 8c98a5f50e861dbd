//! The names that apply in one article: the site's aliases (those scoped to the article's
//! publisher among them) and the article's own (`aliases:` in its front matter), searched
//! together so the narrowest scope wins where two mean different entities.

use std::ops::Range;

use crate::diagnostics::{self, Diagnostic, code};
use crate::load::Article;
use crate::text::analysis::{EntityRef, Lexicon};
use crate::text::mentions::{Alias, AliasScope, Context, MentionFinder, choose};

/// One article's view of the site's names.
pub(crate) struct ArticleNames<'a> {
    lexicon: &'a Lexicon,
    /// The article's own aliases, and the entity behind each.
    own: Option<(MentionFinder, Vec<EntityRef>)>,
    publisher: Option<&'a str>,
    host: Option<String>,
}

impl<'a> ArticleNames<'a> {
    /// The names of `article`; its own aliases naming no actor or topic are reported.
    pub(crate) fn new(
        article: &'a Article,
        lexicon: &'a Lexicon,
        problems: &mut Vec<Diagnostic>,
    ) -> ArticleNames<'a> {
        let source = article.front.source.as_ref();
        let mut aliases = Vec::new();
        let mut entities = Vec::new();
        for (text, slug) in &article.front.aliases {
            match lexicon.entity_target(&slug.value) {
                Some(entity) => {
                    let mut alias = Alias::parse(text, entities.len());
                    alias.scope = AliasScope::Article;
                    aliases.push(alias);
                    entities.push(entity);
                }
                None => {
                    let wanted = slug.value.rsplit('/').next().unwrap_or("");
                    let problem = article.origin.error_at(
                        code::UNKNOWN_SLUG,
                        slug,
                        format!("alias “{text}” names `{}`, no actor or topic", slug.value),
                    );
                    problems.push(
                        match diagnostics::did_you_mean(wanted, lexicon.entity_slugs()) {
                            Some(hint) => problem.with_hint(hint),
                            None => problem.with_hint(
                                "name an actor or topic slug, e.g. `president-of-russia`",
                            ),
                        },
                    );
                }
            }
        }
        ArticleNames {
            lexicon,
            own: (!aliases.is_empty()).then(|| (MentionFinder::new(&aliases), entities)),
            publisher: source.and_then(|s| s.publisher.as_deref()),
            host: source
                .and_then(|s| s.url.as_ref())
                .and_then(|url| url::Url::parse(&url.value).ok())
                .and_then(|url| url.host_str().map(str::to_ascii_lowercase)),
        }
    }

    /// The names found in `text` (one piece of visible text; `block_start` when it starts
    /// a paragraph), each with its entity before offices resolve to their holders.
    pub(crate) fn find(&self, text: &str, block_start: bool) -> Vec<(Range<usize>, EntityRef)> {
        let context = Context {
            publisher: self.publisher,
            host: self.host.as_deref(),
            block_start,
        };
        let mut candidates = self.lexicon.finder().candidates(text, &context);
        let mut own_entities: &[EntityRef] = &[];
        if let Some((finder, entities)) = &self.own {
            own_entities = entities;
            // Told apart from the site's by their number, past the site's aliases.
            let offset = self.lexicon.alias_count();
            candidates.extend(finder.candidates(text, &context).into_iter().map(|mut c| {
                c.found.entity += offset;
                c
            }));
        }
        choose(candidates)
            .into_iter()
            .filter_map(|found| {
                let entity = match found.entity.checked_sub(self.lexicon.alias_count()) {
                    Some(own) => *own_entities.get(own)?,
                    None => self.lexicon.alias_entity(found.entity)?,
                };
                Some((found.range, entity))
            })
            .collect()
    }
}
