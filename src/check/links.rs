//! Link checking: every link written in a body, profile or description against the
//! pages the build plans to write.
//!
//! In: a resolved `Site` and the planned output paths. Out: `Diagnostic`s (unsafe links
//! as warnings, internal links to missing pages as errors). Reads no files, renders nothing.

use std::path::Path;

use crate::diagnostics::{Diagnostic, code};
use crate::link_target::{self, Use};
use crate::resolve::paths;
use crate::resolve::paths::PathSet;
use crate::resolve::{ArticleNode, Site};
use crate::text::body;
use crate::text::links::{BodyLink, links_in};

/// An article body's unsafe links (warnings) and internal links to missing pages
/// (errors), from the links gathered when it was read; `written` is every output path.
pub fn check_article(node: &ArticleNode, written: &PathSet) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let page = paths::article_path(&node.article.origin.slug);
    let file = &node.article.origin.file;
    check_links(file, &node.text.links, &page, written, &mut problems);
    problems
}

/// The same for every actor's profile, topic's description and digest's text.
pub fn check_profiles(site: &Site, written: &PathSet) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let profiles = site
        .actors
        .iter()
        .map(|n| {
            (
                &n.actor.origin,
                &n.actor.profile,
                paths::actor_path(&n.actor.origin.slug),
            )
        })
        .chain(site.topics.iter().map(|n| {
            (
                &n.topic.origin,
                &n.topic.description,
                paths::topic_path(&n.topic.origin.slug),
            )
        }));
    for (origin, text, page) in profiles {
        let links = links_in(&body::parse(text), text, origin.body_line);
        check_links(&origin.file, &links, &page, written, &mut problems);
    }
    for node in &site.briefings {
        let origin = &node.briefing.origin;
        let page = paths::briefing_path(&origin.slug);
        check_links(
            &origin.file,
            &node.text.links,
            &page,
            written,
            &mut problems,
        );
    }
    problems
}

fn check_links(
    file: &Path,
    links: &[BodyLink],
    page: &str,
    written: &PathSet,
    problems: &mut Vec<Diagnostic>,
) {
    for link in links {
        let target = &link.target;
        if let Err(refusal) = link_target::check(target, Use::Link) {
            problems.push(
                Diagnostic::warning(
                    code::UNSAFE_LINK,
                    file,
                    format!(
                        "link to `{}` is not allowed ({refusal}); it is shown as plain text",
                        link_target::shown(target)
                    ),
                )
                .at(link.line, link.column)
                .spanning(link.length)
                .with_hint(Use::Link.hint()),
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

fn exists(path: &str, written: &PathSet) -> bool {
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
