//! Links written in bodies: where each is. Whether a target may be followed is
//! [`link_target::check`](crate::link_target::check)'s to say.

use pulldown_cmark::{Event, Tag};

use crate::text::body;

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
