//! Atom feeds (RFC 4287) and the sitemap: plain context values for their templates.

use serde::Serialize;

/// How many entries a feed carries.
pub const FEED_ENTRIES: usize = 50;

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

#[derive(Serialize)]
pub struct FeedEntry {
    pub id: String,
    pub title: String,
    pub url: String,
    pub published: String,
    pub updated: String,
    pub author: String,
    pub source_url: Option<String>,
    pub summary: String,
    /// The article body as HTML (escaped once more by the template).
    pub content: String,
    pub categories: Vec<FeedCategory>,
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
    if base_url.starts_with("http://") || base_url.starts_with("https://") {
        format!("{base_url}articles/{slug}/")
    } else {
        format!("urn:briefing:article:{slug}")
    }
}

/// A stable id for a feed: its address under an absolute base, or a URN.
pub fn feed_id(base_url: &str, path: &str) -> String {
    if base_url.starts_with("http://") || base_url.starts_with("https://") {
        format!("{base_url}{path}")
    } else {
        format!("urn:briefing:feed:{path}")
    }
}

/// Text with the characters XML 1.0 forbids removed, so hostile input cannot break a feed.
pub fn xml_text(text: &str) -> String {
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

/// The text with every character [`allowed`] forbids removed; returned as it is (not
/// copied) when there is none.
pub fn without_forbidden_chars(text: String) -> String {
    if text.chars().all(allowed) {
        return text;
    }
    text.chars().filter(|&c| allowed(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
