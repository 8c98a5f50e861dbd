//! Links written in bodies, checked against the pages a build produces.

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{Event, Tag};

use crate::body;
use crate::diagnostics::{Diagnostic, code};
use crate::markdown;
use crate::resolve::{ArticleNode, Site};
use crate::urls;

/// A link or image written in a body, where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    pub target: String,
    pub line: usize,
    pub column: usize,
    /// How many characters to underline.
    pub length: usize,
}

/// The links and images of a parsed body (wikilinks are checked when read, not here).
pub fn links_in(events: &[body::SourceEvent], body: &str, body_line: usize) -> Vec<BodyLink> {
    let mut links = Vec::new();
    for (event, range) in events {
        let target = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(link_type, pulldown_cmark::LinkType::WikiLink { .. }) => dest_url,
            Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let column = body[..range.start]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        let length = body[range.clone()]
            .lines()
            .next()
            .map_or(1, |l| l.chars().count());
        links.push(BodyLink {
            target: target.to_string(),
            line: body_line + body::line_of(body, range.start) - 1,
            column,
            length,
        });
    }
    links
}

/// An article body's unsafe links (warnings) and internal links to missing pages
/// (errors), from the links gathered when it was read; `written` is every output path.
pub fn check_article(node: &ArticleNode, written: &HashSet<String>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let page = urls::article_path(&node.article.origin.slug);
    let file = &node.article.origin.file;
    check_links(file, &node.text.links, &page, written, &mut problems);
    problems
}

/// The same for every actor's profile and topic's description.
pub fn check_profiles(site: &Site, written: &HashSet<String>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let profiles = site
        .actors
        .iter()
        .map(|n| {
            (
                &n.actor.origin,
                &n.actor.profile,
                urls::actor_path(&n.actor.origin.slug),
            )
        })
        .chain(site.topics.iter().map(|n| {
            (
                &n.topic.origin,
                &n.topic.description,
                urls::topic_path(&n.topic.origin.slug),
            )
        }));
    for (origin, text, page) in profiles {
        let links = links_in(&body::parse(text), text, origin.body_line);
        check_links(&origin.file, &links, &page, written, &mut problems);
    }
    problems
}

fn check_links(
    file: &Path,
    links: &[BodyLink],
    page: &str,
    written: &HashSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    for link in links {
        let target = &link.target;
        if !markdown::is_safe_url(target) {
            problems.push(
                Diagnostic::warning(
                    code::UNSAFE_LINK,
                    file,
                    format!("link to `{target}` is not allowed; it is shown as plain text"),
                )
                .at(link.line, link.column)
                .spanning(link.length)
                .with_hint("links may be http(s), mailto, relative or #fragment"),
            );
            continue;
        }
        if let Some(path) = site_path(page, target)
            && !exists(&path, written)
        {
            problems.push(
                Diagnostic::error(
                    code::BROKEN_LINK,
                    file,
                    format!("link to `{target}`: no such page in this site"),
                )
                .at(link.line, link.column)
                .spanning(link.length)
                .with_hint(format!(
                    "the build writes no `{path}`; check the slug or path"
                )),
            );
        }
    }
}

/// The output path an internal link points to; `None` for external links and fragments.
pub fn site_path(page: &str, target: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap_or("");
    if target.is_empty() || target.contains(':') || target.starts_with("//") {
        return None;
    }
    let joined = match target.strip_prefix('/') {
        Some(rooted) => rooted.to_string(),
        None => format!("{page}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if target.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn exists(path: &str, written: &HashSet<String>) -> bool {
    written.contains(path) || written.contains(format!("{path}/index.html").as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_rooted_links() {
        assert_eq!(
            site_path("articles/a/", "../b/").as_deref(),
            Some("articles/b/index.html")
        );
        assert_eq!(
            site_path("articles/a/", "/actors/x/#top").as_deref(),
            Some("actors/x/index.html")
        );
        assert_eq!(site_path("articles/a/", "/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("articles/a/", "img.png").as_deref(),
            Some("articles/a/img.png")
        );
        assert_eq!(site_path("articles/a/", "https://x.org/"), None);
        assert_eq!(site_path("articles/a/", "#notes"), None);
    }
}
