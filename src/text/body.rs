//! An article body as Markdown events, and the plain text a reader sees in it.
//!
//! Anchors and mentions are found in the visible text; rendering maps them back onto
//! the same events, so both stages parse a body the same way.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset};

use crate::text::tables;

/// A Markdown event and the byte range of the source it came from.
pub type SourceEvent<'a> = (Event<'a>, Range<usize>);

/// Parses a body with every extension on, adjacent text merged. A line break inside a
/// paragraph (a soft break, as hard-wrapped Markdown has) between two pieces of text is
/// merged into one text event holding `\n`: it renders the same, and a name or quote
/// wrapped over two lines is one piece of text, as the reader sees it. In a table cell a
/// `[[slug|text]]` link is read whole, as elsewhere (its `|` does not cut the cell; see
/// [`tables`]), and so is GFM's escaped `[[slug\|text]]`.
pub fn parse(body: &str) -> Vec<SourceEvent<'_>> {
    let pipes = tables::link_pipes(body);
    let events = if pipes.is_empty() {
        parse_unescaped(body)
    } else {
        let escaped = tables::with_escapes(body, &pipes);
        parse_unescaped(&escaped)
            .into_iter()
            .map(|(event, range)| {
                let start = tables::original_offset(range.start, &pipes);
                let end = tables::original_offset(range.end, &pipes);
                (event.into_static(), start..end)
            })
            .collect()
    };
    links_whole_in_cells(events)
}

/// [`parse`] as the Markdown parser alone reads the body.
pub(crate) fn parse_unescaped(body: &str) -> Vec<SourceEvent<'_>> {
    let options = parser_options() | Options::ENABLE_WIKILINKS;
    let merged = TextMergeWithOffset::new(Parser::new_ext(body, options).into_offset_iter());
    let mut events: Vec<SourceEvent> = Vec::new();
    let mut soft_break: Option<Range<usize>> = None;
    for (event, range) in merged {
        match (event, events.last_mut(), soft_break.take()) {
            (Event::SoftBreak, Some((Event::Text(_), _)), None) => soft_break = Some(range),
            (Event::Text(next), Some((Event::Text(text), at)), Some(_)) => {
                *text = CowStr::from(format!("{text}\n{next}"));
                at.end = range.end;
            }
            (event, _, waiting) => {
                if let Some(waiting) = waiting {
                    events.push((Event::SoftBreak, waiting));
                }
                events.push((event, range));
            }
        }
    }
    if let Some(waiting) = soft_break {
        events.push((Event::SoftBreak, waiting));
    }
    events
}

/// In a table cell `\|` keeps a `|` in the cell, so `[[slug\|text]]` links to `slug`; the
/// parser leaves the `\` on the target.
fn links_whole_in_cells(mut events: Vec<SourceEvent<'_>>) -> Vec<SourceEvent<'_>> {
    let mut in_cell = false;
    for (event, _) in &mut events {
        match event {
            Event::Start(Tag::TableCell) => in_cell = true,
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole: true },
                dest_url,
                ..
            }) if in_cell && dest_url.ends_with('\\') => {
                let target = dest_url.trim_end_matches('\\').to_string();
                *dest_url = CowStr::from(target);
            }
            _ => {}
        }
    }
    events
}

/// Parses a body as a reader will see it. With raw HTML escaped (`raw_html` false, the
/// default), its tags are shown on the page as text, so here they are text events too:
/// quotes, mentions and sentences see exactly what the reader sees. HTML comments are
/// editors' notes, never shown: they are left out (see [`Comments`]).
pub fn parse_shown(body: &str, raw_html: bool) -> Vec<SourceEvent<'_>> {
    shown(parse(body), raw_html)
}

/// [`parse_shown`] of a body already parsed: `events` are [`parse`] of it.
pub fn shown(mut events: Vec<SourceEvent<'_>>, raw_html: bool) -> Vec<SourceEvent<'_>> {
    if !raw_html {
        let mut comments = Comments::default();
        for (event, _) in &mut events {
            match event {
                Event::Html(code) | Event::InlineHtml(code) => {
                    let code = std::mem::replace(code, CowStr::Borrowed(""));
                    *event = Event::Text(comments.leave_out(code));
                }
                Event::End(TagEnd::HtmlBlock) => comments.end_block(),
                _ => {}
            }
        }
    }
    events
}

/// Raw HTML shown as text (raw HTML escaped), without its HTML comments: `<!-- … -->` is
/// how editors leave a note in Markdown, and every renderer that passes HTML hides it.
/// Fed each raw HTML event in order, since a comment may span the lines of an HTML block.
#[derive(Debug, Default)]
pub struct Comments {
    /// Inside a comment that began in an earlier event of this HTML block.
    open: bool,
}

impl Comments {
    /// `code` without the comments in it (or the part of one it holds).
    pub fn leave_out<'a>(&mut self, code: CowStr<'a>) -> CowStr<'a> {
        if !self.open && !code.contains("<!--") {
            return code;
        }
        let mut shown = String::new();
        for (range, comment) in self.pieces(&code) {
            if !comment {
                shown.push_str(&code[range]);
            }
        }
        CowStr::from(shown)
    }

    /// An HTML block ended: a comment left open in it ends with it.
    pub fn end_block(&mut self) {
        self.open = false;
    }

    /// `code` cut into pieces, each a comment (its part in `code`) or not.
    fn pieces(&mut self, code: &str) -> Vec<(Range<usize>, bool)> {
        let mut pieces = Vec::new();
        let mut at = 0;
        while at < code.len() {
            if self.open {
                let end = match code[at..].find("-->") {
                    Some(close) => {
                        self.open = false;
                        at + close + 3
                    }
                    None => code.len(),
                };
                pieces.push((at..end, true));
                at = end;
            } else {
                let Some(start) = code[at..].find("<!--").map(|s| at + s) else {
                    pieces.push((at..code.len(), false));
                    break;
                };
                pieces.push((at..start, false));
                // `<!-->` and `<!--->` are whole (empty) comments too.
                let after = start + 4;
                let end = if code[after..].starts_with('>') {
                    Some(after + 1)
                } else if code[after..].starts_with("->") {
                    Some(after + 2)
                } else {
                    code[after..].find("-->").map(|e| after + e + 3)
                };
                self.open = end.is_none();
                let end = end.unwrap_or(code.len());
                pieces.push((start..end, true));
                at = end;
            }
        }
        pieces
    }
}

/// Markdown text without its HTML comments (outside code, where they are text), for
/// places that carry the Markdown itself rather than HTML made from it.
pub fn without_comments(markdown: &str) -> std::borrow::Cow<'_, str> {
    if !markdown.contains("<!--") {
        return markdown.into();
    }
    let mut comments = Comments::default();
    let mut cut: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            Event::Html(code) | Event::InlineHtml(code) => {
                // The event's text is its source, bar block quote markers: find it there.
                let source = &markdown[range.clone()];
                let offset = source
                    .find(code.as_ref())
                    .map_or(range.start, |o| range.start + o);
                for (piece, comment) in comments.pieces(&code) {
                    if comment {
                        cut.push(offset + piece.start..offset + piece.end);
                    }
                }
            }
            Event::End(TagEnd::HtmlBlock) => comments.end_block(),
            _ => {}
        }
    }
    // A comment's line breaks stay, so the lines around it keep their Markdown meaning.
    let mut kept = String::with_capacity(markdown.len());
    let mut from = 0;
    for range in cut {
        let start = range.start.max(from);
        kept.push_str(&markdown[from..start]);
        let end = range.end.max(start);
        kept.extend(markdown[start..end].chars().filter(|c| *c == '\n'));
        from = end;
    }
    kept.push_str(&markdown[from..]);
    kept.into()
}

/// One text or code event's share of the visible text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Index of the event in the parsed body.
    pub event: usize,
    /// Byte offset of its text in [`VisibleText::text`].
    pub start: usize,
    pub len: usize,
    /// Mentions may be linked here: not in code, links, headings, images or raw HTML.
    pub linkable: bool,
}

impl Segment {
    pub fn range(&self) -> Range<usize> {
        self.start..self.start + self.len
    }
}

/// The body's reading text, with each piece traced to its event.
#[derive(Debug, Clone, Default)]
pub struct VisibleText {
    pub text: String,
    pub segments: Vec<Segment>,
}

impl VisibleText {
    /// How many words a reader reads: runs of non-space characters holding a letter or
    /// digit (a dash or a lone symbol is no word).
    pub fn words(&self) -> usize {
        word_count(&self.text)
    }

    /// The segment of event `event`, if it carries text.
    pub fn segment_of(&self, event: usize) -> Option<&Segment> {
        self.segments
            .binary_search_by_key(&event, |s| s.event)
            .ok()
            .map(|i| &self.segments[i])
    }
}

/// How many runs of non-space characters in `text` hold a letter or digit, in one pass:
/// ASCII stretches byte by byte without branches, other characters decoded.
fn word_count(text: &str) -> usize {
    let (mut count, mut counted) = (0, false);
    let mut step = |space: bool, alphanumeric: bool| {
        count += usize::from(alphanumeric && !counted);
        counted = (counted || alphanumeric) && !space;
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let ascii = bytes[at..].iter().position(|b| !b.is_ascii());
        let end = ascii.map_or(bytes.len(), |offset| at + offset);
        for &b in &bytes[at..end] {
            step(matches!(b, b'\t'..=b'\r' | b' '), b.is_ascii_alphanumeric());
        }
        at = end;
        if let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) {
            step(c.is_whitespace(), c.is_alphanumeric());
            at += c.len_utf8();
        }
    }
    count
}

/// Shows each bare `[[slug]]` as the name `name_of` gives for its start event, as readers see it.
pub fn name_bare_wikilinks(events: &mut [SourceEvent], name_of: impl Fn(usize) -> Option<String>) {
    for index in 0..events.len() {
        let bare = matches!(
            events[index].0,
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole: false },
                ..
            })
        );
        if let (true, Some(name)) = (bare, name_of(index))
            && let Some((Event::Text(text), _)) = events.get_mut(index + 1)
        {
            *text = CowStr::from(name);
        }
    }
}

/// Collects the text a reader sees; line breaks and block ends read as white space.
/// Footnote definitions are left out: they are shown apart, as side notes.
pub fn visible_text(events: &[SourceEvent]) -> VisibleText {
    let mut visible = VisibleText::default();
    let mut unlinkable_depth = 0usize;
    let mut raw_depth = 0usize;
    let mut in_footnote = false;
    let mut image_depth = 0usize;
    for (index, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_footnote = true,
            Event::End(TagEnd::FootnoteDefinition) => in_footnote = false,
            // An image's alt text is an attribute, not text in the flow: nothing anchors there.
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if in_footnote || image_depth > 0 => {}
            Event::InlineHtml(code) => {
                raw_depth = raw_depth.saturating_add_signed(raw_tag_balance(code))
            }
            Event::Start(tag) if blocks_mentions(tag) => unlinkable_depth += 1,
            Event::End(tag) if ends_blocking(tag) => {
                unlinkable_depth = unlinkable_depth.saturating_sub(1);
                // A heading or code block ends a block like any other: it reads as a break.
                if !is_inline_end(tag) {
                    visible.text.push('\n');
                }
            }
            Event::Text(text) | Event::Code(text) => {
                visible.segments.push(Segment {
                    event: index,
                    start: visible.text.len(),
                    len: text.len(),
                    linkable: unlinkable_depth == 0
                        && raw_depth == 0
                        && matches!(event, Event::Text(_)),
                });
                // A merged soft break reads as a space (same length, so offsets hold).
                match text.contains('\n') {
                    true => visible.text.push_str(&text.replace('\n', " ")),
                    false => visible.text.push_str(text),
                }
            }
            Event::SoftBreak | Event::HardBreak => visible.text.push(' '),
            Event::End(tag) if !is_inline_end(tag) => visible.text.push('\n'),
            _ => {}
        }
    }
    visible
}

/// Raw HTML elements whose text must not get mention links: +1 per opening tag, -1 per closing.
fn raw_tag_balance(code: &str) -> isize {
    const GUARDED: [&str; 10] = [
        "a", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5",
    ];
    let mut balance = 0;
    for tag in code.split('<').skip(1) {
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if GUARDED.contains(&name.as_str()) || name == "h6" {
            balance += if closing { -1 } else { 1 };
        }
    }
    balance
}

fn blocks_mentions(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Heading { .. }
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::MetadataBlock(_)
    )
}

fn ends_blocking(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Link
            | TagEnd::Image
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
    )
}

/// The 1-based line of the body on which byte `offset` lies.
pub fn line_of(body: &str, offset: usize) -> usize {
    body.as_bytes()[..offset.min(body.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The Markdown extensions every body is read with.
pub fn parser_options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Whether `tag` closes an inline element (text flows on across it).
pub fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass counts what splitting at white space and keeping the words that hold a
    /// letter or digit counts.
    #[test]
    fn word_count_is_the_words_holding_a_letter_or_digit() {
        let pieces = [
            "a", "–", " ", "\n\t", "\u{a0}", "\u{b}", "é1", "—x", "!?", "市", "Z", "",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}{a}{c}");
                    let split = text
                        .split_whitespace()
                        .filter(|w| w.chars().any(char::is_alphanumeric))
                        .count();
                    assert_eq!(word_count(&text), split, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn reads_across_inline_formatting() {
        let events = parse("We need a *US* [backstop](https://x.org).\nNext line.\n\n# Head\n");
        let visible = visible_text(&events);
        assert!(
            visible
                .text
                .starts_with("We need a US backstop. Next line."),
            "{:?}",
            visible.text
        );
        let link_text = visible
            .segments
            .iter()
            .find(|s| &visible.text[s.range()] == "backstop")
            .unwrap();
        assert!(!link_text.linkable);
        let heading = visible
            .segments
            .iter()
            .find(|s| &visible.text[s.range()] == "Head")
            .unwrap();
        assert!(!heading.linkable);
    }

    #[test]
    fn words_are_what_a_reader_reads() {
        let body = "Two *bold* words — and 2025.\n\nA note.[^1]\n\n[^1]: Not counted here.\n";
        assert_eq!(visible_text(&parse(body)).words(), 7);
    }

    #[test]
    fn comments_are_never_shown_text() {
        let body = "A <!-- x\ny --> b.<!---->c <!--> d\n\n<!--\nnote\n--> e\n\n`<!-- code -->`\n";
        let visible = visible_text(&parse_shown(body, false));
        assert_eq!(
            anchor_text(&visible.text),
            "A  b.c  d e <!-- code -->",
            "{:?}",
            visible.text
        );
        assert_eq!(
            without_comments("Note <!-- a --> here, `<!-- b -->` kept.\n> <!-- c\n> d -->\n"),
            "Note  here, `<!-- b -->` kept.\n> \n> \n"
        );
        assert_eq!(without_comments("No comment."), "No comment.");
    }

    fn anchor_text(text: &str) -> String {
        text.split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn code_is_visible_but_not_linkable() {
        let visible = visible_text(&parse("Say `Putin` here.\n"));
        assert!(visible.text.contains("Say Putin here."));
        assert!(
            visible
                .segments
                .iter()
                .any(|s| !s.linkable && &visible.text[s.range()] == "Putin")
        );
    }
}
