//! Atom feeds (RFC 4287), the sitemap and the other site files (`robots.txt`, `404.html`,
//! the search page): the plain context values for their templates, the `Renderer`'s
//! feeds and site files, and the feed bodies kept from one render to the next.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::link_target::Use;
use crate::load::Article;
use crate::render::urls::{self, Urls};
use crate::resolve::paths;
use crate::resolve::{ArticleNode, Backlink, PairNode};
use crate::text::analysis::ArticleText;

use super::context::PageContext;
use super::{Diagnostic, Output, Page, Renderer, timestamp};

/// How many entries a feed carries.
pub const FEED_ENTRIES: usize = 50;

/// What a feed's entries carry as their `content`.
#[derive(Clone, Copy)]
pub(super) enum EntryContent<'a> {
    /// The article body (the site's, actors' and topics' feeds).
    Body,
    /// What the article holds of the pair: its summary, the actor's statements and the
    /// sentence mentioning the actor. Pair feeds are many and overlap the others, so
    /// they do not carry whole bodies.
    Pair(&'a PairNode),
}

/// `feed` in `atom.xml`.
#[derive(Serialize)]
pub struct Feed {
    pub title: String,
    pub subtitle: String,
    /// A stable IRI: the feed's own address.
    pub id: String,
    pub url: String,
    /// The HTML page the feed follows.
    pub page_url: String,
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

/// One `<entry>` of `atom.xml`: its [`EntryHead`] fields, its content and its categories.
#[derive(Serialize)]
pub struct FeedEntry {
    #[serde(flatten)]
    pub head: EntryHead,
    /// The article body as HTML, escaped once for XML and marked safe (see [`escaped_once`]).
    pub content: tera::Value,
    pub categories: Vec<FeedCategory>,
}

/// What an entry says of itself: an article's are the same in every feed carrying it.
#[derive(Serialize, Clone)]
pub struct EntryHead {
    pub id: String,
    pub title: String,
    pub url: String,
    pub published: String,
    pub updated: String,
    pub author: String,
    pub source_url: Option<String>,
    /// The source's licence, for `<rights>` and `<link rel="license">`.
    pub licence: Option<FeedLicence>,
    pub summary: String,
}

#[derive(Serialize, Clone)]
pub struct FeedLicence {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct FeedCategory {
    pub term: String,
    pub label: String,
}

/// One `<url>` of `sitemap.xml`.
#[derive(Serialize)]
pub struct SitemapEntry {
    pub url: String,
    pub lastmod: Option<String>,
}

/// A stable id for an article's entry: its address under an absolute base, or a URN.
pub fn entry_id(base_url: &str, slug: &str) -> String {
    if urls::has_host(base_url) {
        format!("{base_url}articles/{slug}/")
    } else {
        format!("urn:briefing:article:{slug}")
    }
}

/// A stable id for a feed: its address under an absolute base, or a URN.
pub fn feed_id(base_url: &str, path: &str) -> String {
    if urls::has_host(base_url) {
        format!("{base_url}{path}")
    } else {
        format!("urn:briefing:feed:{path}")
    }
}

/// Text with the characters XML 1.0 forbids removed, so hostile input cannot break a feed.
pub fn xml_text(text: &str) -> String {
    if !may_hold_forbidden(text) {
        return text.to_string();
    }
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .collect()
}

/// Whether a character may appear in HTML and XML text: no controls but tab and line
/// breaks, no noncharacters.
fn allowed(c: char) -> bool {
    let controls =
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7F}'..='\u{9F}').contains(&c);
    let nonchar = ('\u{FDD0}'..='\u{FDEF}').contains(&c) || (c as u32 & 0xFFFE) == 0xFFFE;
    !controls && !nonchar
}

/// Whether a byte may start a character [`allowed`] or [`xml_text`] removes: a C0 control,
/// DEL or a C1 control's lead byte (0xC2), or a noncharacter's lead bytes (0xEF, 0xF0–0xF4).
/// Ordinary text has none of these but 0xC2 (`·`, no-break space) and 0xEF; every one is
/// a character's first byte.
fn suspicious(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F || b == 0xC2 || b >= 0xEF
}

/// Whether `text` may hold a character [`allowed`] or [`xml_text`] removes, looking at
/// bytes in blocks without stopping early inside one, so the scan runs in vector registers.
fn may_hold_forbidden(text: &str) -> bool {
    text.as_bytes()
        .chunks(64)
        .any(|block| block.iter().fold(false, |seen, &b| seen | suspicious(b)))
}

/// Whether every character of `text` is [`allowed`]: only the characters that start at a
/// [`suspicious`] byte are decoded and tested.
fn all_allowed(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    for block in bytes.chunks(64) {
        if block.iter().fold(false, |seen, &b| seen | suspicious(b)) {
            for (offset, &b) in block.iter().enumerate() {
                let start = at + offset;
                if suspicious(b) && text[start..].chars().next().is_some_and(|c| !allowed(c)) {
                    return false;
                }
            }
        }
        at += block.len();
    }
    true
}

/// The text with every character [`allowed`] forbids removed; returned as it is (not
/// copied) when there is none.
pub fn without_forbidden_chars(text: String) -> String {
    if all_allowed(&text) {
        return text;
    }
    text.chars().filter(|&c| allowed(c)).collect()
}

/// `text` escaped for XML as autoescaping would escape it ([`tera::escape_html`]), and
/// marked safe, so no template escapes it again: an article body is escaped once, however
/// many feeds carry it. Unescaped (for the template to escape) if escaping ever failed.
pub fn escaped_once(text: &str) -> tera::Value {
    let mut escaped = Vec::with_capacity(text.len() + text.len() / 4);
    let escaped = tera::escape_html(text, &mut escaped)
        .ok()
        .and_then(|()| String::from_utf8(escaped).ok());
    match escaped {
        Some(escaped) => tera::Value::safe_string(&escaped),
        None => tera::Value::from(text),
    }
}

/// Articles' bodies as feeds carry them, kept between builds of one site (`serve` keeps
/// them): a feed holds fifty bodies, and an edit touches one.
#[derive(Default)]
pub struct FeedBodies {
    /// By slug, with the article and reading each was made from.
    by_slug: HashMap<String, FeedBody>,
}

impl FeedBodies {
    /// Keeps the feed bodies a render made afresh (by slug, replacing older ones).
    pub fn keep(&mut self, made: FeedBodyEntries) {
        self.by_slug.extend(made);
    }

    fn get(&self, node: &ArticleNode) -> Option<&tera::Value> {
        let (article, text, body) = self.by_slug.get(&node.article.origin.slug)?;
        let same = Arc::ptr_eq(article, &node.article) && Arc::ptr_eq(text, &node.text);
        same.then_some(body)
    }
}

/// A feed body (as [`escaped_once`] makes it), with the article and reading it was made from.
pub type FeedBody = (Arc<Article>, Arc<ArticleText>, tera::Value);
/// Feed bodies by slug, as a render made them.
pub type FeedBodyEntries = Vec<(String, FeedBody)>;

impl Renderer<'_> {
    /// The feed bodies this build made afresh, to keep for the next.
    pub(super) fn feed_bodies_made(&self) -> FeedBodyEntries {
        self.site
            .articles
            .iter()
            .zip(&self.feed_bodies)
            .filter_map(|(node, body)| Some((node, body.get()?)))
            .filter(|(node, _)| self.kept.get(node).is_none())
            .map(|(node, body)| {
                let kept = (
                    Arc::clone(&node.article),
                    Arc::clone(&node.text),
                    body.clone(),
                );
                (node.article.origin.slug.clone(), kept)
            })
            .collect()
    }

    /// The article's body as its feed entries carry it: absolute links, escaped for XML.
    fn feed_body(&self, index: usize) -> &tera::Value {
        match self.feed_bodies[index].get() {
            Some(body) => body,
            None => self.feed_body_from(index, &self.body_html(index)),
        }
    }

    /// The feed body of the article whose page HTML is `html` (the one kept from an
    /// earlier build when its article and reading are the same).
    pub(super) fn feed_body_from(&self, index: usize, html: &str) -> &tera::Value {
        self.feed_bodies[index].get_or_init(|| match self.kept.get(&self.site.articles[index]) {
            Some(body) => body.clone(),
            None => {
                let slug = &self.site.articles[index].article.origin.slug;
                let url = self.urls.absolute_page(&paths::article_path(slug));
                let html = self.corrections_for_feed(index) + html;
                escaped_once(&xml_text(&feed_content(&html, self.urls.base(), &url)))
            }
        })
    }

    /// Whether any feed (the site's, or an actor's or topic's) carries the article.
    pub(super) fn in_some_feed(&self, index: usize) -> bool {
        let in_feeds = self.in_feeds.get_or_init(|| {
            let mut carried = vec![false; self.site.articles.len()];
            let newest = 0..self.site.articles.len().min(FEED_ENTRIES);
            let entities = self
                .site
                .actors
                .iter()
                .map(|n| Self::articles_concerning(&n.articles, &n.backlinks))
                .chain(
                    self.site
                        .topics
                        .iter()
                        .map(|n| Self::articles_concerning(&n.articles, &n.backlinks)),
                );
            for article in newest.chain(entities.flat_map(|a| a.into_iter().take(FEED_ENTRIES))) {
                carried[article] = true;
            }
            carried
        });
        in_feeds.get(index).copied().unwrap_or(false)
    }

    /// An Atom feed at `path` of the newest of `articles` (indices, newest first), its
    /// entries carrying `content`.
    pub(super) fn feed(
        &self,
        path: &str,
        title: &str,
        page_path: &str,
        articles: &[usize],
        content: EntryContent<'_>,
    ) -> Result<Page, Diagnostic> {
        let base = self.urls.base();
        let entries: Vec<FeedEntry> = articles
            .iter()
            .take(FEED_ENTRIES)
            .map(|&index| {
                let node = &self.site.articles[index];
                // A pair feed's entries are all in the pair's two categories: only those.
                let (actors, topics) = match content {
                    EntryContent::Body => (&node.actors[..], &node.topics[..]),
                    EntryContent::Pair(pair) => (
                        std::slice::from_ref(&pair.actor),
                        std::slice::from_ref(&pair.topic),
                    ),
                };
                let actors = actors.iter().map(|&a| &self.site.actors[a].actor);
                let topics = topics.iter().map(|&t| &self.site.topics[t].topic);
                let categories = (actors.map(|a| (&a.origin.slug, &a.front.name.value)))
                    .chain(topics.map(|t| (&t.origin.slug, &t.front.name.value)))
                    .map(|(slug, name)| FeedCategory {
                        term: slug.clone(),
                        label: xml_text(name),
                    })
                    .collect();
                FeedEntry {
                    head: self.entry_head(index).clone(),
                    content: match content {
                        EntryContent::Body => self.feed_body(index).clone(),
                        EntryContent::Pair(pair) => {
                            escaped_once(&xml_text(&self.pair_entry(pair, index)))
                        }
                    },
                    categories,
                }
            })
            .collect();
        let updated = entries
            .iter()
            .map(|e| e.head.updated.as_str())
            .max()
            .map_or_else(|| self.empty_feed_date(), str::to_string);
        let feed = Feed {
            title: xml_text(title),
            subtitle: xml_text(&self.site.config.description),
            id: feed_id(base, path),
            url: self.urls.absolute_file(path),
            page_url: self.urls.absolute_page(page_path),
            updated,
            entries,
        };
        let mut context = Context::new();
        context.insert("site", self.site_value());
        context.insert("feed", &feed);
        self.render_file("atom.xml", path, &context)
    }

    /// The article at `index`'s entry as every feed carries it, but for its categories
    /// and content: made once, however many feeds carry it.
    fn entry_head(&self, index: usize) -> &EntryHead {
        self.entry_heads[index].get_or_init(|| {
            let article = &self.site.articles[index].article;
            let front = &article.front;
            let source = front.source.as_ref();
            let author = source
                .and_then(|s| s.author.as_ref().or(s.publisher.as_ref()))
                .unwrap_or(&self.site.config.title);
            EntryHead {
                id: entry_id(self.urls.base(), &article.origin.slug),
                title: xml_text(&front.title.value),
                url: (self.urls).absolute_page(&paths::article_path(&article.origin.slug)),
                published: timestamp(&article.date),
                updated: timestamp(&article.updated.unwrap_or(article.date)),
                author: xml_text(author),
                source_url: (source.and_then(|s| s.url.as_ref()))
                    .and_then(|u| urls::from_user(&u.value, Use::WebPage))
                    .map(str::to_string),
                licence: source
                    .and_then(|s| s.licence.as_ref())
                    .map(|l| FeedLicence {
                        name: xml_text(&l.name),
                        url: (l.url.as_ref())
                            .and_then(|u| urls::from_user(&u.value, Use::WebPage))
                            .map(xml_text),
                    }),
                summary: xml_text(&front.summary),
            }
        })
    }

    /// The newest article's `updated` (or `date`); none on a site without articles.
    fn latest_date(&self) -> Option<String> {
        let node = self.site.articles.first()?;
        Some(timestamp(
            &node.article.updated.unwrap_or(node.article.date),
        ))
    }

    /// A feed's `updated` when it has no entries: the newest article's date; on a site
    /// without articles, when its sources last changed (`build` and `serve` look; a caller
    /// that does not says now). Never a made-up date such as the epoch.
    pub(super) fn empty_feed_date(&self) -> String {
        self.latest_date().unwrap_or_else(|| {
            let changed = self.site.sources_changed;
            timestamp(&changed.unwrap_or_else(|| chrono::Utc::now().fixed_offset()))
        })
    }

    /// Articles that list or mention an entity, newest first.
    pub(super) fn articles_concerning(listed: &[usize], backlinks: &[Backlink]) -> Vec<usize> {
        let mut all: Vec<usize> = listed
            .iter()
            .copied()
            .chain(backlinks.iter().map(|b| b.article))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    pub(super) fn feeds(&self, wanted: &(dyn Fn(&str) -> bool + Sync), output: &Output) {
        if wanted("atom.xml") {
            let all: Vec<usize> = (0..self.site.articles.len()).collect();
            output.take(self.feed(
                "atom.xml",
                &self.site.config.title,
                "",
                &all,
                EntryContent::Body,
            ));
        }
        // Every actor and topic: (its page folder, its name, the articles that concern it).
        let entities: Vec<(String, &str, Vec<usize>)> = self
            .site
            .actors
            .iter()
            .map(|n| {
                (
                    paths::actor_path(&n.actor.origin.slug),
                    n.actor.front.name.value.as_str(),
                    Self::articles_concerning(&n.articles, &n.backlinks),
                )
            })
            .chain(self.site.topics.iter().map(|n| {
                (
                    paths::topic_path(&n.topic.origin.slug),
                    n.topic.front.name.value.as_str(),
                    Self::articles_concerning(&n.articles, &n.backlinks),
                )
            }))
            .collect();
        entities
            .par_iter()
            .filter(|(folder, _, _)| wanted(&format!("{folder}atom.xml")))
            .for_each(|(folder, name, articles)| {
                let title = format!("{}: {name}", self.site.config.title);
                let path = format!("{folder}atom.xml");
                output.take(self.feed(&path, &title, folder, articles, EntryContent::Body));
            });
    }

    /// `sitemap.xml`, `robots.txt`, `404.html`, the search page and its index.
    pub(super) fn site_files(
        &self,
        wanted: &(dyn Fn(&str) -> bool + Sync),
    ) -> Vec<Result<Page, Diagnostic>> {
        let mut pages = Vec::new();
        if wanted("sitemap.xml") || wanted("robots.txt") {
            pages.extend(self.sitemap_and_robots(wanted));
        }
        if wanted("404.html") {
            pages.push(self.not_found_page());
        }
        if wanted("search/index.html") {
            let search = self.page_context("search", "Search", "Search every article.", "search/");
            pages.push(self.page("search.html", "search/", search, |_| {}));
        }
        pages
    }

    /// `404.html`. Hosts answer any missing address with it, at any depth, so its links
    /// are never relative: they are under `base_url` even in a relative build, as in a
    /// build without relative URLs (root-relative when `base_url` has no host).
    fn not_found_page(&self) -> Result<Page, Diagnostic> {
        let urls = Urls::new(self.urls.base(), false);
        let page = PageContext {
            title: "Page not found".to_string(),
            description: String::new(),
            url: urls.page(""),
            canonical_url: self.urls.canonical_page(""),
            kind: "404",
            feed_url: None,
            json_ld: None,
        };
        let mut context = Context::new();
        context.insert("site", &self.site_context_with(&urls));
        context.insert("page", &page);
        self.render_file("404.html", "404.html", &context)
    }

    fn sitemap_and_robots(
        &self,
        wanted: &(dyn Fn(&str) -> bool + Sync),
    ) -> Vec<Result<Page, Diagnostic>> {
        // With no articles, the home page and the archive have no date: none is made up.
        let latest = self.latest_date();
        let mut entries = vec![
            SitemapEntry {
                url: self.urls.absolute_page(""),
                lastmod: latest.clone(),
            },
            SitemapEntry {
                url: self.urls.absolute_page("archive/"),
                lastmod: latest,
            },
            SitemapEntry {
                url: self.urls.absolute_page("actors/"),
                lastmod: None,
            },
            SitemapEntry {
                url: self.urls.absolute_page("topics/"),
                lastmod: None,
            },
            SitemapEntry {
                url: self.urls.absolute_page("search/"),
                lastmod: None,
            },
            SitemapEntry {
                url: self.urls.absolute_page(&paths::corrections_path()),
                lastmod: self.latest_correction(),
            },
        ];
        let newest_of = |articles: &[usize]| {
            articles.iter().min().map(|&i| {
                let a = &self.site.articles[i].article;
                timestamp(&a.updated.unwrap_or(a.date))
            })
        };
        for node in &self.site.articles {
            let a = &node.article;
            entries.push(SitemapEntry {
                url: self
                    .urls
                    .absolute_page(&paths::article_path(&a.origin.slug)),
                lastmod: Some(timestamp(&a.updated.unwrap_or(a.date))),
            });
        }
        for node in &self.site.actors {
            entries.push(SitemapEntry {
                url: self
                    .urls
                    .absolute_page(&paths::actor_path(&node.actor.origin.slug)),
                lastmod: newest_of(&Self::articles_concerning(&node.articles, &node.backlinks)),
            });
        }
        for node in &self.site.topics {
            entries.push(SitemapEntry {
                url: self
                    .urls
                    .absolute_page(&paths::topic_path(&node.topic.origin.slug)),
                lastmod: newest_of(&Self::articles_concerning(&node.articles, &node.backlinks)),
            });
        }
        for node in &self.site.pairs {
            entries.push(SitemapEntry {
                url: self
                    .urls
                    .absolute_page(&super::pair_folder(self.site, node)),
                lastmod: newest_of(&node.articles),
            });
        }
        for month in self.archive_months() {
            entries.push(SitemapEntry {
                url: self.urls.absolute_page(&month.path),
                lastmod: newest_of(&month.articles),
            });
        }
        if let Some(newest) = self.site.briefings.first() {
            entries.push(SitemapEntry {
                url: self.urls.absolute_page(paths::BRIEFINGS),
                lastmod: Some(timestamp(&newest.briefing.date)),
            });
        }
        for node in &self.site.briefings {
            entries.push(SitemapEntry {
                url: self
                    .urls
                    .absolute_page(&paths::briefing_path(&node.briefing.origin.slug)),
                lastmod: Some(timestamp(&node.briefing.date)),
            });
        }
        // A sitemap and its `Sitemap:` line need full URLs: with no base URL that has a
        // host there is no sitemap (`check` warns with `no-base-url`).
        let sitemap_url = self
            .urls
            .is_absolute()
            .then(|| self.urls.absolute_file("sitemap.xml"));
        let mut context = Context::new();
        context.insert("site", self.site_value());
        context.insert("entries", &entries);
        context.insert("sitemap_url", &sitemap_url);
        ["sitemap.xml", "robots.txt"]
            .into_iter()
            .filter(|file| wanted(file) && (sitemap_url.is_some() || *file != "sitemap.xml"))
            .map(|file| self.render_file(file, file, &context))
            .collect()
    }
}

/// An article body for a feed: links under the base URL, and every other relative link
/// (`img.png`, `../other/`, `#note`) resolved against the article's address, since a feed
/// reader resolves them against the feed's.
pub(super) fn feed_content(body: &str, base: &str, article_url: &str) -> String {
    urls::resolve_links(&urls::with_root(body, base), article_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body escaped once prints as autoescaping prints the body itself, and is not
    /// escaped again.
    #[test]
    fn escaped_once_prints_as_autoescaping_would() {
        let mut tera = tera::Tera::default();
        tera.autoescape_on([".xml"]);
        tera.add_raw_template("t.xml", "{{ x }}|{{ x | safe }}")
            .unwrap();
        let body = "<p class=\"a\">Tom & 'Jerry' <a href=\"/x?a=1&b=2\">é</a></p>";
        let render = |value: tera::Value| {
            let mut context = Context::new();
            context.insert("x", &value);
            tera.render("t.xml", &context).unwrap()
        };
        let autoescaped = render(tera::Value::from(body));
        let (plain, _) = autoescaped.split_once('|').unwrap();
        assert!(
            plain.contains("&lt;p class=&quot;a&quot;&gt;Tom &amp;"),
            "{plain}"
        );
        assert_eq!(render(escaped_once(body)), format!("{plain}|{plain}"));
    }

    #[test]
    fn ids_are_stable_addresses_or_urns() {
        assert_eq!(
            entry_id("https://x.org/b/", "a"),
            "https://x.org/b/articles/a/"
        );
        assert_eq!(entry_id("/", "a"), "urn:briefing:article:a");
    }

    #[test]
    fn forbidden_characters_are_dropped() {
        assert_eq!(xml_text("a\u{1}b\u{FFFE}c\td"), "abc\td");
        assert_eq!(
            without_forbidden_chars("a\u{1}\u{85}\u{FDD0}\u{1FFFF}b\u{E000}".to_string()),
            "ab\u{E000}"
        );
    }

    #[test]
    fn the_block_scan_agrees_with_a_character_scan() {
        // Forbidden characters at every offset of a 64-byte block, and beside allowed
        // characters that share their lead bytes (· and ’ start with 0xC2 and 0xE2).
        let forbidden = [
            '\u{1}',
            '\u{7F}',
            '\u{85}',
            '\u{FDD0}',
            '\u{FFFF}',
            '\u{1FFFE}',
        ];
        let fine = ['·', '\u{A0}', '\u{FB01}', '😀', '\u{10FFFD}'];
        for offset in 0..130 {
            for &c in forbidden.iter().chain(&fine) {
                let text = format!("{}{c}·x", "a".repeat(offset));
                let by_char = text.chars().all(allowed);
                assert_eq!(all_allowed(&text), by_char, "{c:?} at {offset}");
                assert_eq!(without_forbidden_chars(text.clone()) == text, by_char);
            }
        }
    }
}
