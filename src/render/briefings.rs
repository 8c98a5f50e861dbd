//! The daily digests: each digest's page (`briefings/<date>/`), their index
//! (`briefings/`, newest first) and their Atom feed (`briefings/atom.xml`, RFC 4287).
//! A site without digests has none of these pages.

use tera::Context;

use crate::render::markdown::{self, Decorations, escape_attribute, escape_text};
use crate::resolve::paths;
use crate::resolve::{BriefingNode, Site};

use super::article::source_view;
use super::context::{BriefingItem, BriefingView};
use super::feeds::{
    EntryHead, FEED_ENTRIES, Feed, FeedEntry, escaped_once, feed_content, feed_id, xml_text,
};
use super::{Diagnostic, Page, Renderer, timestamp};

/// The files the digests add to a site: each page, the index and the feed.
pub(super) fn planned_paths(site: &Site) -> Vec<String> {
    if site.briefings.is_empty() {
        return Vec::new();
    }
    let mut planned = vec![
        format!("{}index.html", paths::BRIEFINGS),
        paths::BRIEFINGS_FEED.to_string(),
    ];
    planned.extend(site.briefings.iter().map(|node| {
        format!(
            "{}index.html",
            paths::briefing_path(&node.briefing.origin.slug)
        )
    }));
    planned
}

/// A stable id for a digest's feed entry: its address under an absolute base, or a URN.
pub fn briefing_entry_id(base_url: &str, slug: &str) -> String {
    if super::urls::has_host(base_url) {
        format!("{base_url}{}", paths::briefing_path(slug))
    } else {
        format!("urn:briefing:briefing:{slug}")
    }
}

impl Renderer<'_> {
    /// The digests' pages, index and feed that `wanted` accepts.
    pub(super) fn briefing_pages(
        &self,
        wanted: &(dyn Fn(&str) -> bool + Sync),
    ) -> Vec<Result<Page, Diagnostic>> {
        if self.site.briefings.is_empty() {
            return Vec::new();
        }
        let mut pages = Vec::new();
        for at in 0..self.site.briefings.len() {
            let path = paths::briefing_path(&self.site.briefings[at].briefing.origin.slug);
            if wanted(&format!("{path}index.html")) {
                pages.push(self.briefing(at, &path));
            }
        }
        if wanted(&format!("{}index.html", paths::BRIEFINGS)) {
            pages.push(self.briefings_index());
        }
        if wanted(paths::BRIEFINGS_FEED) {
            pages.push(self.briefings_feed());
        }
        pages
    }

    /// The digest at `at` (in `Site::briefings`) as templates see it.
    pub(super) fn briefing_view(&self, at: usize) -> BriefingView<'_> {
        let node = &self.site.briefings[at];
        let briefing = &node.briefing;
        let (mentions, wikilinks) = self.mentions_and_links(&node.text);
        let decorations = Decorations {
            marks: Vec::new(),
            mentions,
            wikilinks,
            raw_html: self.site.config.raw_html,
            root: self.urls.site_root(),
        };
        BriefingView {
            slug: &briefing.origin.slug,
            title: &briefing.front.title.value,
            date: timestamp(&briefing.date),
            url: self.urls.page(&paths::briefing_path(&briefing.origin.slug)),
            summary: briefing
                .front
                .summary
                .as_ref()
                .map_or("", |s| s.value.as_str()),
            body: markdown::article_html(&briefing.body, &decorations),
            articles: self.briefing_items(node),
        }
    }

    fn briefing_items(&self, node: &BriefingNode) -> Vec<BriefingItem<'_>> {
        node.articles
            .iter()
            .map(|&index| BriefingItem {
                fields: &self.summary_at(index).fields,
                article: self.summary_value(index),
                source: source_view(&self.site.articles[index].article.front),
            })
            .collect()
    }

    fn briefing(&self, at: usize, path: &str) -> Result<Page, Diagnostic> {
        let view = self.briefing_view(at);
        let page = self.page_context("briefing", view.title, view.summary, path);
        self.page("briefing.html", path, page, |c| c.insert("briefing", &view))
    }

    fn briefings_index(&self) -> Result<Page, Diagnostic> {
        let briefings: Vec<BriefingView> = (0..self.site.briefings.len())
            .map(|at| self.briefing_view(at))
            .collect();
        let page = self.page_context(
            "briefings",
            "Briefings",
            "Every daily briefing, newest first.",
            paths::BRIEFINGS,
        );
        self.page("briefings.html", paths::BRIEFINGS, page, |c| {
            c.insert("briefings", &briefings)
        })
    }

    /// The newest [`FEED_ENTRIES`] digests, each with its text and its list of articles.
    fn briefings_feed(&self) -> Result<Page, Diagnostic> {
        let base = self.urls.base();
        let entries: Vec<FeedEntry> = (0..self.site.briefings.len().min(FEED_ENTRIES))
            .map(|at| {
                let view = self.briefing_view(at);
                let url = self.urls.absolute_page(&paths::briefing_path(view.slug));
                let content = format!("{}{}", view.body, article_list_html(&view));
                FeedEntry {
                    head: EntryHead {
                        id: briefing_entry_id(base, view.slug),
                        title: xml_text(view.title),
                        url: url.clone(),
                        published: view.date.clone(),
                        updated: view.date.clone(),
                        author: xml_text(&self.site.config.title),
                        source_url: None,
                        licence: None,
                        summary: xml_text(view.summary),
                    },
                    content: escaped_once(&xml_text(&feed_content(&content, base, &url))),
                    categories: Vec::new(),
                }
            })
            .collect();
        let updated = entries
            .iter()
            .map(|e| e.head.updated.clone())
            .max()
            .unwrap_or_default();
        let feed = Feed {
            title: xml_text(&format!("{}: briefings", self.site.config.title)),
            subtitle: xml_text(&self.site.config.description),
            id: feed_id(base, paths::BRIEFINGS_FEED),
            url: self.urls.absolute_file(paths::BRIEFINGS_FEED),
            page_url: self.urls.absolute_page(paths::BRIEFINGS),
            updated,
            entries,
        };
        let mut context = Context::new();
        context.insert("site", self.site_value());
        context.insert("feed", &feed);
        self.render_file("atom.xml", paths::BRIEFINGS_FEED, &context)
    }
}

/// The digest's articles as an HTML list for its feed entry: title (linked), source and
/// summary, as its page shows them.
fn article_list_html(view: &BriefingView) -> String {
    if view.articles.is_empty() {
        return String::new();
    }
    let mut html = String::from("<ol>");
    for item in &view.articles {
        let article = item.fields;
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            escape_attribute(&article.url),
            escape_text(&article.title)
        ));
        if let Some(publisher) = item.source.as_ref().and_then(|s| s.publisher) {
            html.push_str(&format!(" ({})", escape_text(publisher)));
        }
        if !article.summary.is_empty() {
            html.push_str(&format!(": {}", escape_text(&article.summary)));
        }
        html.push_str("</li>");
    }
    html.push_str("</ol>");
    html
}
