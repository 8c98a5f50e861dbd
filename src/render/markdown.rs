//! Markdown bodies to HTML: CommonMark plus footnotes, tables, smart punctuation, heading ids.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};

use crate::link_target::{self, Use};
use crate::text::body::{self, Comments, VisibleText, is_inline_end, parser_options};

/// Renders `text` to HTML; raw HTML is shown as text unless `raw_html` is allowed.
pub fn to_html(text: &str, raw_html: bool, root: &SiteRoot) -> String {
    let mut comments = Comments::default();
    let mut events: Vec<Event> = Parser::new_ext(text, parser_options())
        .map(|event| match event {
            Event::Html(code) | Event::InlineHtml(code) if !raw_html => {
                Event::Text(comments.leave_out(code))
            }
            Event::End(TagEnd::HtmlBlock) => {
                comments.end_block();
                event
            }
            other => other,
        })
        .collect();
    add_heading_ids(&mut events);
    let events = tidy_links(events, root);
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Ids the default templates and article rendering use themselves; headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "latest-heading",
    "top-actors",
    "top-topics",
    "related-heading",
    "statements-heading",
    "articles-heading",
    "topics-heading",
    "actors-heading",
    "alongside-heading",
    "mentions-heading",
];

/// Gives every heading without an explicit `{#id}` a unique id made from its text.
fn add_heading_ids(events: &mut [Event]) {
    let mut taken: HashSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .chain(RESERVED_IDS.iter().map(|id| id.to_string()))
        .collect();
    for start in 0..events.len() {
        if !matches!(events[start], Event::Start(Tag::Heading { id: None, .. })) {
            continue;
        }
        let mut text = String::new();
        for event in &events[start + 1..] {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
        }
        let id = unique_id(&text, &mut taken);
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
            *slot = Some(CowStr::from(id));
        }
    }
}

fn unique_id(text: &str, taken: &mut HashSet<String>) -> String {
    let mut base = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            base.push(c);
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
    }
    // Generated ids such as `annotation-1` belong to marks and notes, so such headings get a suffix.
    let generated = ["statement-", "annotation-", "sidenote-", "correction-"]
        .iter()
        .any(|p| base.starts_with(p));
    let base = match base.trim_end_matches('-') {
        "" => "section".to_string(),
        trimmed if generated => format!("{trimmed}-heading"),
        trimmed => trimmed.to_string(),
    };
    let mut id = base.clone();
    let mut n = 1;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// A passage to highlight: a statement or an annotation.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Byte range in the body's visible text.
    pub range: Range<usize>,
    /// The id of the first element, the target of links to this passage.
    pub id: String,
    pub class: String,
    /// Extra `data-*` and `title` attributes, unescaped.
    pub attributes: Vec<(String, String)>,
    pub note: Option<SideNote>,
}

/// A note shown in the margin beside its passage, or inline behind a toggle.
#[derive(Debug, Clone)]
pub struct SideNote {
    /// Shown before the note, e.g. `Claim, rated: false`; may be empty.
    pub label: String,
    /// Classes of the note, e.g. `sidenote-claim verdict-false`.
    pub class: String,
    /// Inline HTML.
    pub html: String,
    /// The annotation's position in `annotations:`, from 1; none for a footnote.
    pub annotation: Option<usize>,
}

/// A mention of an entity in the visible text; `url` is set on the one that links.
#[derive(Debug, Clone)]
pub struct MentionSpan {
    pub range: Range<usize>,
    pub slug: String,
    pub url: Option<String>,
}

/// Where an explicit `[[slug]]` link goes.
#[derive(Debug, Clone)]
pub struct WikiLink {
    /// Index of the link's start event in the parsed body.
    pub event: usize,
    pub slug: String,
    pub url: String,
    /// Shown as the link text when the link has no `|text`.
    pub name: String,
}

/// Everything laid over an article's text when it is rendered.
#[derive(Debug, Clone, Default)]
pub struct Decorations {
    pub marks: Vec<Mark>,
    /// Sorted by start, not overlapping.
    pub mentions: Vec<MentionSpan>,
    /// Sorted by event.
    pub wikilinks: Vec<WikiLink>,
    pub raw_html: bool,
    /// Where root-relative links (`/actors/x/`) point.
    pub root: SiteRoot,
}

/// Renders an article body with marks, side notes, mentions and resolved wikilinks.
pub fn article_html(body: &str, decorations: &Decorations) -> String {
    let mut events = body::parse_shown(body, decorations.raw_html);
    body::name_bare_wikilinks(&mut events, |event| {
        let links = &decorations.wikilinks;
        let at = links.binary_search_by_key(&event, |w| w.event).ok()?;
        Some(links[at].name.clone())
    });
    let visible = body::visible_text(&events);
    let footnotes = footnote_notes(&events, decorations);
    let mut events: Vec<Event> = events.into_iter().map(|(event, _)| event).collect();
    add_heading_ids(&mut events);
    let events = tidy_links(events, &decorations.root);
    let mut writer = DecoratedBody {
        decorations,
        visible: &visible,
        out: Vec::with_capacity(events.len()),
        pending: Vec::new(),
        notes_shown: 0,
        marks_opened: vec![false; decorations.marks.len()],
        marks_noted: vec![false; decorations.marks.len()],
        note_numbers: vec![None; decorations.marks.len()],
        inline_depth: 0,
        inline_root: 0,
        in_footnote: false,
        link_stack: Vec::new(),
    };
    for (index, event) in events.into_iter().enumerate() {
        writer.push(index, event, &footnotes);
    }
    writer.flush_unplaced_notes();
    let mut html = String::with_capacity(body.len() * 2);
    html::push_html(&mut html, writer.out.into_iter());
    html
}

struct DecoratedBody<'a> {
    decorations: &'a Decorations,
    visible: &'a VisibleText,
    out: Vec<Event<'a>>,
    /// Side notes waiting for the end of the inline element their passage ends in.
    pending: Vec<SideNote>,
    notes_shown: usize,
    marks_opened: Vec<bool>,
    marks_noted: Vec<bool>,
    /// The number of each mark's side note, once placed.
    note_numbers: Vec<Option<usize>>,
    inline_depth: usize,
    /// Where in `out` the outermost open inline element (emphasis, link) starts.
    inline_root: usize,
    in_footnote: bool,
    /// Whether each open link is a wikilink.
    link_stack: Vec<bool>,
}

impl<'a> DecoratedBody<'a> {
    fn push(&mut self, index: usize, event: Event<'a>, footnotes: &BTreeMap<String, String>) {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => self.in_footnote = true,
            Event::End(TagEnd::FootnoteDefinition) => self.in_footnote = false,
            _ if self.in_footnote => {}
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let wikilink = self.wikilink(index).cloned();
                self.enter_inline();
                self.link_stack.push(wikilink.is_some());
                match wikilink {
                    Some(link) => {
                        self.out.push(Event::InlineHtml(
                            format!(
                                r#"<a class="mention wikilink" data-entity="{}" href="{}">"#,
                                escape_attribute(&link.slug),
                                escape_attribute(&link.url)
                            )
                            .into(),
                        ));
                    }
                    None => self.out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })),
                }
            }
            Event::Start(tag) => {
                if is_inline(&tag) {
                    self.enter_inline();
                }
                self.out.push(Event::Start(tag));
            }
            Event::End(TagEnd::Link) => {
                if self.link_stack.pop() == Some(true) {
                    self.out.push(Event::InlineHtml("</a>".into()));
                } else {
                    self.out.push(Event::End(TagEnd::Link));
                }
                self.leave_inline();
            }
            Event::End(tag) => {
                if is_inline_end(&tag) {
                    self.out.push(Event::End(tag));
                    self.leave_inline();
                } else {
                    self.flush_notes();
                    self.out.push(Event::End(tag));
                }
            }
            Event::Text(text) => self.decorated_text(index, &text, false),
            Event::Code(code) => self.decorated_text(index, &code, true),
            Event::FootnoteReference(label) => {
                let note = SideNote {
                    label: String::new(),
                    class: "sidenote-footnote".to_string(),
                    annotation: None,
                    html: footnotes.get(label.as_ref()).cloned().unwrap_or_else(|| {
                        format!("Footnote {} has no text.", escape_text(&label))
                    }),
                };
                self.pending.push(note);
                if self.inline_depth == 0 {
                    self.flush_notes();
                }
            }
            Event::Html(code) | Event::InlineHtml(code) if !self.decorations.raw_html => {
                self.out.push(Event::Text(code));
            }
            other => self.out.push(other),
        }
    }

    fn wikilink(&self, event: usize) -> Option<&WikiLink> {
        let links = &self.decorations.wikilinks;
        links
            .binary_search_by_key(&event, |w| w.event)
            .ok()
            .map(|i| &links[i])
    }

    fn enter_inline(&mut self) {
        if self.inline_depth == 0 {
            self.inline_root = self.out.len();
        }
        self.inline_depth += 1;
    }

    fn leave_inline(&mut self) {
        self.inline_depth = self.inline_depth.saturating_sub(1);
        if self.inline_depth == 0 {
            self.flush_notes();
        }
    }

    /// Writes one text or code event, split where marks and mentions begin and end.
    fn decorated_text(&mut self, index: usize, text: &str, is_code: bool) {
        let Some(segment) = self.visible.segment_of(index).copied() else {
            self.out.push(Event::Text(text.to_string().into()));
            return;
        };
        let span = segment.range();
        let marks: Vec<usize> = (0..self.decorations.marks.len())
            .filter(|&m| overlaps(&self.decorations.marks[m].range, &span))
            .collect();
        let mentions: &[MentionSpan] = if is_code || !segment.linkable || text.len() != segment.len
        {
            &[]
        } else {
            // Mentions are sorted and never overlap: this segment's are one run of them.
            let all = &self.decorations.mentions;
            let first = all.partition_point(|m| m.range.start < span.start);
            let last = all.partition_point(|m| m.range.start < span.end);
            let run = &all[first..last.max(first)];
            &run[..run.partition_point(|m| m.range.end <= span.end)]
        };
        if (marks.is_empty() && mentions.is_empty()) || text.len() != segment.len {
            self.out.push(if is_code {
                Event::Code(text.to_string().into())
            } else {
                Event::Text(text.to_string().into())
            });
            self.queue_notes_ending_in(&marks, &span);
            return;
        }
        let mut cuts = vec![span.start, span.end];
        for &m in &marks {
            let range = &self.decorations.marks[m].range;
            cuts.extend([range.start.max(span.start), range.end.min(span.end)]);
        }
        for mention in mentions {
            cuts.extend([mention.range.start, mention.range.end]);
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut html = String::new();
        if is_code {
            html.push_str("<code>");
        }
        // The mention that starts at or after the current piece; pieces never split one.
        let mut next_mention = 0;
        // Where a note of a passage starting inside the open `<code>` or mention goes.
        let mut wrapper_at = 0;
        for piece in cuts.windows(2) {
            let (from, to) = (piece[0], piece[1]);
            let mention = mentions.get(next_mention);
            if let Some(mention) = mention.filter(|m| m.range.start == from) {
                if !is_code {
                    wrapper_at = html.len();
                }
                html.push_str(&open_mention(mention));
            }
            let in_mention = mention.filter(|m| m.range.start <= from && m.range.end >= to);
            let covering: Vec<usize> = marks
                .iter()
                .copied()
                .filter(|&m| {
                    let r = &self.decorations.marks[m].range;
                    r.start <= from && r.end >= to
                })
                .collect();
            // A passage's note goes before it, outside any inline element, so it sits level
            // with the passage's first line.
            for &m in &covering {
                let Some(note) = self.note_due(m) else {
                    continue;
                };
                if self.inline_depth > 0 {
                    self.out
                        .insert(self.inline_root, Event::InlineHtml(note.into()));
                    self.inline_root += 1;
                } else if is_code || in_mention.is_some() {
                    html.insert_str(wrapper_at, &note);
                    wrapper_at += note.len();
                } else {
                    html.push_str(&note);
                }
            }
            // The passage opens its note too, unless it is inside a link (no label in an `a`).
            let in_link =
                !self.link_stack.is_empty() || in_mention.is_some_and(|m| m.url.is_some());
            let mut labelled = in_link;
            let mut closing: Vec<&str> = Vec::new();
            for &m in &covering {
                if let (false, Some(number)) = (labelled, self.note_numbers[m]) {
                    labelled = true;
                    html.push_str(&format!(
                        r#"<label for="sidenote-toggle-{number}" class="sidenote-passage">"#
                    ));
                    closing.push("</label>");
                }
                html.push_str(&self.open_mark(m));
                closing.push("</mark>");
            }
            html.push_str(&escape_text(&text[from - span.start..to - span.start]));
            for tag in closing.iter().rev() {
                html.push_str(tag);
            }
            if let Some(mention) = mention.filter(|m| m.range.end == to) {
                html.push_str(if mention.url.is_some() {
                    "</a>"
                } else {
                    "</span>"
                });
                next_mention += 1;
            }
        }
        if is_code {
            html.push_str("</code>");
        }
        self.out.push(Event::InlineHtml(html.into()));
        self.queue_notes_ending_in(&marks, &span);
    }

    /// The side note of mark `m`, numbered, if it has one not yet placed.
    fn note_due(&mut self, m: usize) -> Option<String> {
        if self.marks_noted[m] {
            return None;
        }
        let note = self.decorations.marks[m].note.as_ref()?;
        self.marks_noted[m] = true;
        self.notes_shown += 1;
        self.note_numbers[m] = Some(self.notes_shown);
        Some(side_note_html(self.notes_shown, note))
    }

    fn open_mark(&mut self, index: usize) -> String {
        let mark = &self.decorations.marks[index];
        let mut tag = format!(r#"<mark class="{}""#, escape_attribute(&mark.class));
        if !self.marks_opened[index] {
            self.marks_opened[index] = true;
            tag.push_str(&format!(r#" id="{}""#, escape_attribute(&mark.id)));
        }
        for (name, value) in &mark.attributes {
            tag.push_str(&format!(r#" {}="{}""#, name, escape_attribute(value)));
        }
        tag.push('>');
        tag
    }

    /// Queues the notes of marks whose passage ends within `span`.
    fn queue_notes_ending_in(&mut self, marks: &[usize], span: &Range<usize>) {
        for &m in marks {
            let mark = &self.decorations.marks[m];
            if mark.range.end <= span.end && !self.marks_noted[m] {
                self.marks_noted[m] = true;
                if let Some(note) = &mark.note {
                    self.pending.push(note.clone());
                }
            }
        }
        if self.inline_depth == 0 {
            self.flush_notes();
        }
    }

    fn flush_notes(&mut self) {
        for note in std::mem::take(&mut self.pending) {
            self.notes_shown += 1;
            let html = side_note_html(self.notes_shown, &note);
            self.out.push(Event::InlineHtml(html.into()));
        }
    }

    /// Notes of passages that end outside any text (which anchoring prevents) still show.
    fn flush_unplaced_notes(&mut self) {
        for m in 0..self.decorations.marks.len() {
            if !self.marks_noted[m] {
                self.marks_noted[m] = true;
                if let Some(note) = &self.decorations.marks[m].note {
                    self.pending.push(note.clone());
                }
            }
        }
        if !self.pending.is_empty() {
            self.out.push(Event::Start(Tag::Paragraph));
            self.flush_notes();
            self.out.push(Event::End(TagEnd::Paragraph));
        }
    }
}

/// Makes links safe: unsafe targets are dropped (their text stays), root-relative targets
/// get the site's base path, and headings keep only their id and classes.
fn tidy_links<'a>(events: Vec<Event<'a>>, root: &SiteRoot) -> Vec<Event<'a>> {
    let mut open: Vec<bool> = Vec::new();
    let mut kept = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::Link { ref dest_url, .. })
            | Event::Start(Tag::Image { ref dest_url, .. }) => {
                let safe = link_target::check(dest_url, Use::Link).is_ok();
                open.push(safe);
                kept.push(match event {
                    Event::Start(tag) if safe => Event::Start(with_base_in(tag, root)),
                    _ => Event::InlineHtml("<span class=\"unsafe-link\">".into()),
                });
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                let safe = open.pop().unwrap_or(true);
                kept.push(if safe {
                    event
                } else {
                    Event::InlineHtml("</span>".into())
                });
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => kept.push(Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: Vec::new(),
            })),
            other => kept.push(other),
        }
    }
    kept
}

/// A link or image tag with its target given the base path.
fn with_base_in<'a>(tag: Tag<'a>, root: &SiteRoot) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: with_base(dest_url, root),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: with_base(dest_url, root),
            title,
            id,
        },
        other => other,
    }
}

/// `/actors/x/` in a body means the site's own page, wherever the site is hosted.
fn with_base<'a>(url: CowStr<'a>, root: &SiteRoot) -> CowStr<'a> {
    let Some(rest) = url.strip_prefix('/').filter(|rest| !rest.starts_with('/')) else {
        return url;
    };
    let cut = rest.find(['#', '?']).unwrap_or(rest.len());
    let (path, tail) = rest.split_at(cut);
    let index = if root.name_index && (path.is_empty() || path.ends_with('/')) {
        "index.html"
    } else {
        ""
    };
    CowStr::from(format!("{}{path}{index}{tail}", root.url))
}

/// The site root as pages link to it, for root-relative links written in bodies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteRoot {
    /// Ends with `/`: the base URL, or a placeholder that becomes `../` per page.
    pub url: String,
    /// Folder links spell out `index.html` (relative sites, sites opened from disk).
    pub name_index: bool,
}

impl SiteRoot {
    pub fn at(url: &str) -> SiteRoot {
        SiteRoot {
            url: url.to_string(),
            name_index: false,
        }
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn open_mention(mention: &MentionSpan) -> String {
    let slug = escape_attribute(&mention.slug);
    match &mention.url {
        Some(url) => format!(
            r#"<a class="mention" data-entity="{slug}" href="{}">"#,
            escape_attribute(url)
        ),
        None => format!(r#"<span class="mention" data-entity="{slug}">"#),
    }
}

/// The numbered marker, its keyboard-usable toggle, and the note itself: phrasing content only.
fn side_note_html(number: usize, note: &SideNote) -> String {
    let label = if note.label.is_empty() {
        String::new()
    } else {
        format!(
            r#"<span class="sidenote-label">{}</span> "#,
            escape_text(&note.label)
        )
    };
    let annotation = note
        .annotation
        .map_or(String::new(), |a| format!(r#" data-annotation="{a}""#));
    format!(
        r#"<input type="checkbox" id="sidenote-toggle-{number}" class="sidenote-toggle" aria-label="Note {number}"><label for="sidenote-toggle-{number}" class="sidenote-number" title="Show or hide note {number}">{number}</label><span class="sidenote {class}" id="sidenote-{number}" role="note"{annotation}><span class="sidenote-marker">{number}</span> {label}{html}</span>"#,
        class = escape_attribute(&note.class),
        html = note.html,
    )
}

pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, text);
    out
}

pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Renders Markdown as phrasing content, for notes inside a paragraph.
pub fn inline_html(text: &str, raw_html: bool, root: &SiteRoot) -> String {
    let events: Vec<Event> = Parser::new_ext(text, parser_options()).collect();
    inline_events_html(tidy_links(events, root), raw_html)
}

/// Block structure flattened: paragraphs become line breaks, other blocks keep only their content.
fn inline_events_html<'a>(events: impl IntoIterator<Item = Event<'a>>, raw_html: bool) -> String {
    let mut paragraphs = 0;
    let mut kept: Vec<Event> = Vec::new();
    let mut comments = Comments::default();
    for event in events {
        match event {
            Event::End(TagEnd::HtmlBlock) => comments.end_block(),
            Event::Start(Tag::Paragraph) => {
                if paragraphs > 0 {
                    kept.push(Event::InlineHtml("<br>".into()));
                }
                paragraphs += 1;
            }
            Event::Start(Tag::Item) if paragraphs > 0 || !kept.is_empty() => {
                kept.push(Event::InlineHtml("<br>• ".into()));
            }
            Event::Start(Tag::Item) => kept.push(Event::Text("• ".into())),
            Event::Start(tag) if is_inline(&tag) => kept.push(Event::Start(tag)),
            Event::End(tag) if is_inline_end(&tag) => kept.push(Event::End(tag)),
            Event::Start(_) | Event::End(_) => {}
            Event::SoftBreak => kept.push(Event::SoftBreak),
            Event::Html(code) | Event::InlineHtml(code) if !raw_html => {
                kept.push(Event::Text(comments.leave_out(code)))
            }
            Event::Html(code) => kept.push(Event::InlineHtml(code)),
            Event::FootnoteReference(label) => kept.push(Event::Text(format!("[^{label}]").into())),
            Event::TaskListMarker(_) | Event::Rule => {}
            other => kept.push(other),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, kept.into_iter());
    out.trim().to_string()
}

/// Each footnote definition's content as inline HTML, by label; its `[[…]]` links lead
/// where the article's do.
fn footnote_notes(
    events: &[body::SourceEvent],
    decorations: &Decorations,
) -> BTreeMap<String, String> {
    let mut notes = BTreeMap::new();
    let mut current: Option<(String, Vec<Event>)> = None;
    // The footnote's wikilinks' targets, in order.
    let mut targets: Vec<Option<String>> = Vec::new();
    for (index, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current = Some((label.to_string(), Vec::new()));
                targets.clear();
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, inner)) = current.take() {
                    let inner = tidy_links(inner, &decorations.root);
                    let inner = with_wikilink_targets(inner, &mut targets.drain(..));
                    notes.insert(label, inline_events_html(inner, decorations.raw_html));
                }
            }
            other => {
                if let Some((_, inner)) = current.as_mut() {
                    if let Event::Start(Tag::Link {
                        link_type: LinkType::WikiLink { .. },
                        ..
                    }) = other
                    {
                        let links = &decorations.wikilinks;
                        let found = links.binary_search_by_key(&index, |w| w.event).ok();
                        targets.push(found.map(|at| links[at].url.clone()));
                    }
                    inner.push(other.clone());
                }
            }
        }
    }
    notes
}

/// The events with each wikilink pointed at its target (already a full URL), in order.
fn with_wikilink_targets<'a>(
    events: Vec<Event<'a>>,
    targets: &mut impl Iterator<Item = Option<String>>,
) -> Vec<Event<'a>> {
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: targets.next().flatten().map_or(dest_url, Into::into),
                title,
                id,
            }),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests;
