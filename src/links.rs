//! Links written in bodies, checked against the pages a build produces.

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{Event, Tag};

use crate::body;
use crate::diagnostics::{Diagnostic, code};
use crate::markdown;
use crate::resolve::Site;
use crate::urls;

/// Every body's unsafe links (warnings) and internal links to missing pages (errors).
pub fn check(site: &Site, planned: &[String]) -> Vec<Diagnostic> {
    let written: HashSet<&str> = planned.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    let bodies = site
        .articles
        .iter()
        .map(|n| {
            (
                &n.article.origin,
                &n.article.body,
                urls::article_path(&n.article.origin.slug),
            )
        })
        .chain(site.actors.iter().map(|n| {
            (
                &n.actor.origin,
                &n.actor.profile,
                urls::actor_path(&n.actor.origin.slug),
            )
        }))
        .chain(site.topics.iter().map(|n| {
            (
                &n.topic.origin,
                &n.topic.description,
                urls::topic_path(&n.topic.origin.slug),
            )
        }));
    for (origin, body, page) in bodies {
        check_body(
            &origin.file,
            origin.body_line,
            body,
            &page,
            &written,
            &mut problems,
        );
    }
    problems
}

fn check_body(
    file: &Path,
    body_line: usize,
    body: &str,
    page: &str,
    written: &HashSet<&str>,
    problems: &mut Vec<Diagnostic>,
) {
    for (event, range) in body::parse(body) {
        let target = match &event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(link_type, pulldown_cmark::LinkType::WikiLink { .. }) => dest_url,
            Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let line = body_line + body::line_of(body, range.start) - 1;
        let column = body[..range.start]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        let length = body[range.clone()]
            .lines()
            .next()
            .map_or(1, |l| l.chars().count());
        if !markdown::is_safe_url(target) {
            problems.push(
                Diagnostic::warning(
                    code::UNSAFE_LINK,
                    file,
                    format!("link to `{target}` is not allowed; it is shown as plain text"),
                )
                .at(line, column)
                .spanning(length)
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
                .at(line, column)
                .spanning(length)
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

fn exists(path: &str, written: &HashSet<&str>) -> bool {
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
