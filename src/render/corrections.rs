//! Corrections: the dated notices at the top of an article, the site's corrections page
//! (`corrections/`, newest first) and its Atom feed (`corrections/atom.xml`, RFC 4287),
//! one entry per correction.

use chrono::{DateTime, FixedOffset};
use tera::Context;

use crate::load::Correction;
use crate::render::markdown;
use crate::render::urls;
use crate::resolve::paths;

use super::context::CorrectionView;
use super::feeds::{
    EntryHead, Feed, FeedEntry, entry_id, escaped_once, feed_content, feed_id, xml_text,
};
use super::{Diagnostic, Page, Renderer, timestamp};

/// The corrections feed, beside its page.
pub const CORRECTIONS_FEED: &str = "corrections/atom.xml";

/// A correction's date as notices write it: `1 March 2025`.
pub fn day(date: &DateTime<FixedOffset>) -> String {
    date.format("%-d %B %Y").to_string()
}

/// The id of one correction's feed entry: its notice's address under an absolute base,
/// or a URN.
pub fn correction_id(base_url: &str, slug: &str, number: usize) -> String {
    if urls::has_host(base_url) {
        format!("{}#correction-{number}", entry_id(base_url, slug))
    } else {
        format!("urn:briefing:article:{slug}:correction:{number}")
    }
}

impl Renderer<'_> {
    /// Every correction of the site, newest first: (article index, correction). Ties go
    /// to the newer article, then to the later-numbered correction.
    fn site_corrections(&self) -> Vec<(usize, &Correction)> {
        let mut all: Vec<(usize, &Correction)> = self
            .site
            .articles
            .iter()
            .enumerate()
            .flat_map(|(i, node)| node.article.corrections.iter().map(move |c| (i, c)))
            .collect();
        all.sort_by(|(a, x), (b, y)| {
            y.date
                .cmp(&x.date)
                .then(a.cmp(b))
                .then(y.number.cmp(&x.number))
        });
        all
    }

    /// The newest correction's date on the site, if it has any.
    pub(super) fn latest_correction(&self) -> Option<String> {
        let (_, newest) = self.site_corrections().into_iter().next()?;
        Some(timestamp(&newest.date))
    }

    /// A correction's note as inline HTML, links under the site root.
    fn correction_note(&self, correction: &Correction) -> String {
        markdown::inline_html(
            &correction.note,
            self.site.config.raw_html,
            &self.urls.site_root(),
        )
    }

    /// The article's corrections as templates show them, oldest first.
    pub(super) fn correction_views(&self, index: usize) -> Vec<CorrectionView> {
        let article = &self.site.articles[index].article;
        article
            .corrections
            .iter()
            .map(|c| self.correction_view(index, c))
            .collect()
    }

    /// One correction of the article at `index`, as templates show it.
    fn correction_view(&self, index: usize, correction: &Correction) -> CorrectionView {
        let summary = &self.summary_at(index).fields;
        CorrectionView {
            number: correction.number,
            id: format!("correction-{}", correction.number),
            date: timestamp(&correction.date),
            note: self.correction_note(correction),
            url: format!("{}#correction-{}", summary.url, correction.number),
            article_title: summary.title.clone(),
            article_url: summary.url.clone(),
        }
    }

    /// The article's correction notices as its feed entries carry them, before the body
    /// (empty when it has none): a re-issued entry says what changed.
    pub(super) fn corrections_for_feed(&self, index: usize) -> String {
        let corrections = &self.site.articles[index].article.corrections;
        if corrections.is_empty() {
            return String::new();
        }
        let notices: String = corrections
            .iter()
            .map(|c| {
                format!(
                    "<p><strong>Correction, {}:</strong> {}</p>",
                    day(&c.date),
                    self.correction_note(c)
                )
            })
            .collect();
        format!("<aside class=\"corrections\">{notices}</aside>\n")
    }

    /// `corrections/index.html` and `corrections/atom.xml`, as `wanted`.
    pub(super) fn corrections_pages(
        &self,
        wanted: &(dyn Fn(&str) -> bool + Sync),
    ) -> Vec<Result<Page, Diagnostic>> {
        let mut pages = Vec::new();
        if wanted("corrections/index.html") {
            pages.push(self.corrections_page());
        }
        if wanted(CORRECTIONS_FEED) {
            pages.push(self.corrections_feed());
        }
        pages
    }

    fn corrections_page(&self) -> Result<Page, Diagnostic> {
        let corrections: Vec<CorrectionView> = self
            .site_corrections()
            .into_iter()
            .map(|(index, correction)| self.correction_view(index, correction))
            .collect();
        let path = paths::corrections_path();
        let mut page = self.page_context(
            "corrections",
            "Corrections",
            "Every correction published on this site, newest first.",
            &path,
        );
        page.feed_url = Some(self.urls.file(CORRECTIONS_FEED));
        self.page("corrections.html", &path, page, |c| {
            c.insert("corrections", &corrections);
        })
    }

    /// One entry per correction, newest first; the feed's `<updated>` is the newest's
    /// date (with none, what an empty feed of articles says).
    fn corrections_feed(&self) -> Result<Page, Diagnostic> {
        let base = self.urls.base();
        let entries: Vec<FeedEntry> = self
            .site_corrections()
            .into_iter()
            .take(super::FEED_ENTRIES)
            .map(|(index, correction)| self.correction_entry(index, correction))
            .collect();
        let updated = entries
            .first()
            .map_or_else(|| self.empty_feed_date(), |e| e.head.updated.clone());
        let feed = Feed {
            title: xml_text(&format!("{}: corrections", self.site.config.title)),
            subtitle: xml_text("Every correction published on this site, newest first."),
            id: feed_id(base, CORRECTIONS_FEED),
            url: self.urls.absolute_file(CORRECTIONS_FEED),
            page_url: self.urls.absolute_page(&paths::corrections_path()),
            updated,
            entries,
        };
        let mut context = Context::new();
        context.insert("site", self.site_value());
        context.insert("feed", &feed);
        self.render_file("atom.xml", CORRECTIONS_FEED, &context)
    }

    fn correction_entry(&self, index: usize, correction: &Correction) -> FeedEntry {
        let base = self.urls.base();
        let article = &self.site.articles[index].article;
        let slug = &article.origin.slug;
        let title = &article.front.title.value;
        let url = format!(
            "{}#correction-{}",
            self.urls.absolute_page(&paths::article_path(slug)),
            correction.number
        );
        let note = markdown::to_html(
            &correction.note,
            self.site.config.raw_html,
            &self.urls.site_root(),
        );
        let date = timestamp(&correction.date);
        FeedEntry {
            head: EntryHead {
                id: correction_id(base, slug, correction.number),
                title: xml_text(&format!("Correction: {title}")),
                url: url.clone(),
                published: date.clone(),
                updated: date,
                author: xml_text(&self.site.config.title),
                source_url: None,
                licence: None,
                summary: xml_text(&format!(
                    "Correction of {} to “{title}”, first published {}.",
                    day(&correction.date),
                    day(&article.date)
                )),
            },
            content: escaped_once(&xml_text(&feed_content(&note, base, &url))),
            categories: Vec::new(),
        }
    }
}
