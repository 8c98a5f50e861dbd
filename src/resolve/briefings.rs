//! Daily digests in the graph: each listed article found by slug (unknown ones reported
//! with "did you mean", those after the digest's day or left out of the build warned
//! about), and the body read for mentions and `[[…]]` links as an article's is.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::diagnostics::{self, Diagnostic, code};
use crate::load::yaml::{self, Spanned};
use crate::load::{Article, ArticleFront, Briefing};
use crate::resolve::{ArticleNode, BriefingNode};
use crate::text::analysis::{self, Lexicon};

/// The digests, newest first, with their listed articles found and their bodies read.
pub(super) fn link_briefings(
    briefings: Vec<Arc<Briefing>>,
    articles: &[ArticleNode],
    left_out: &[Arc<Article>],
    lexicon: &Lexicon,
    problems: &mut Vec<Diagnostic>,
) -> Vec<BriefingNode> {
    let in_build: FxHashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, n)| (n.article.origin.slug.as_str(), i))
        .collect();
    let outside: FxHashMap<&str, &Article> = left_out
        .iter()
        .map(|a| (a.origin.slug.as_str(), &**a))
        .collect();
    // Every slug, sorted, for "did you mean": made only when a digest names an unknown one.
    let known = std::cell::OnceCell::new();
    let known = || {
        known.get_or_init(|| {
            let mut known: Vec<&str> = in_build.keys().chain(outside.keys()).copied().collect();
            known.sort_unstable();
            known
        })
    };
    let mut nodes: Vec<BriefingNode> = briefings
        .into_iter()
        .map(|briefing| {
            let mut listed = Vec::new();
            for slug in &briefing.front.articles {
                let found = match (
                    in_build.get(slug.value.as_str()),
                    outside.get(slug.value.as_str()),
                ) {
                    (Some(&index), _) => Some((&*articles[index].article, Some(index))),
                    (None, Some(article)) => {
                        problems.push(left_out_of_build(&briefing, slug, article));
                        Some((*article, None))
                    }
                    (None, None) => {
                        problems.push(unknown_article(&briefing, slug, known()));
                        None
                    }
                };
                let Some((article, index)) = found else {
                    continue;
                };
                if article.date.date_naive() > briefing.day {
                    problems.push(after_the_digest(&briefing, slug, article));
                }
                if let Some(index) = index.filter(|i| !listed.contains(i)) {
                    listed.push(index);
                }
            }
            let (text, found) = analysis::analyse(&as_article(&briefing), lexicon);
            problems.extend(found);
            BriefingNode {
                briefing,
                articles: listed,
                text: Arc::new(text),
            }
        })
        .collect();
    nodes.sort_by_key(|node| std::cmp::Reverse(node.briefing.day));
    nodes
}

/// The digest as an article without a source, quotes or notes, for reading its body with
/// the lexicon: its title, its day's start as its date (which office holder a title means).
pub(crate) fn as_article(briefing: &Briefing) -> Article {
    let front = ArticleFront {
        title: briefing.front.title.clone(),
        date: yaml::absent(),
        updated: None,
        summary: String::new(),
        source: None,
        actors: Vec::new(),
        topics: Vec::new(),
        draft: false,
        quotes: Vec::new(),
        annotations: Vec::new(),
        corrections: Vec::new(),
        aliases: BTreeMap::new(),
        extra: BTreeMap::new(),
    };
    Article {
        origin: briefing.origin.clone(),
        front,
        date: briefing.date,
        updated: None,
        corrections: Vec::new(),
        body: briefing.body.clone(),
    }
}

fn unknown_article(briefing: &Briefing, slug: &Spanned<String>, known: &[&str]) -> Diagnostic {
    let problem = briefing.origin.error_at(
        code::UNKNOWN_SLUG,
        slug,
        format!("unknown article `{}`", slug.value),
    );
    match diagnostics::did_you_mean(&slug.value, known.iter().copied()) {
        Some(hint) => problem.with_hint(hint),
        None => problem.with_hint(format!(
            "list articles by their file name in content/articles/ (`{}` has no `content/articles/{}.md`)",
            slug.value, slug.value
        )),
    }
}

fn after_the_digest(briefing: &Briefing, slug: &Spanned<String>, article: &Article) -> Diagnostic {
    briefing
        .origin
        .error_at(
            code::ARTICLE_AFTER_BRIEFING,
            slug,
            format!(
                "article `{}` is dated {}, after this digest's day ({})",
                slug.value,
                article.date.date_naive(),
                briefing.day
            ),
        )
        .with_hint("a digest covers articles up to its day: check the article's date, or list it in a later digest")
        .into_warning()
}

fn left_out_of_build(briefing: &Briefing, slug: &Spanned<String>, article: &Article) -> Diagnostic {
    let why = if article.front.draft {
        "a draft"
    } else {
        "dated in the future"
    };
    briefing
        .origin
        .error_at(
            code::ARTICLE_NOT_PUBLISHED,
            slug,
            format!(
                "article `{}` is {why}, left out of the build: this digest does not show it",
                slug.value
            ),
        )
        .with_hint("publish the article (or build with `--drafts`), or take it off the list")
        .into_warning()
}
