//! Pictures drawn at build time as inline SVG: each actor's and topic's articles per week
//! (`timeline`), the actors seen alongside one actor and the most-covered actors of the
//! site as networks (`network`). Each picture is a `<figure>` holding the `<svg
//! role="img">` (`role="group"` for networks, whose names are links; with `<title>` and
//! `<desc>`), a caption, and the same numbers as a
//! table for screen readers and for copying.
//!
//! In: plain data (names, addresses, counts, dates) that `render` takes from the `Site`.
//! Out: HTML strings. No JavaScript; colours come from the stylesheet's custom
//! properties (`static/style.css`), so the pictures follow light and dark mode. Output is
//! deterministic: no hash-map order, numbers written with one decimal ([`svg::num`]).
//!
//! Labels never overlap: every label's box is worked out from its font size with
//! [`text_width`], and layouts place labels by those boxes.

pub mod network;
mod site;
pub mod svg;
#[cfg(test)]
mod tests;
pub mod timeline;

pub use site::site_period;

/// The font size of every label, in viewBox units.
pub const FONT_SIZE: f64 = 12.0;

/// How wide one character is estimated, in ems: conservative for the sans-serif system
/// fonts of the stylesheet (most letters are narrower).
pub const CHAR_WIDTH_EM: f64 = 0.6;

/// How far above its baseline a text's box reaches, in ems.
pub const ASCENT_EM: f64 = 1.0;

/// How far below its baseline a text's box reaches, in ems.
pub const DESCENT_EM: f64 = 0.3;

/// The distance between the baselines of a wrapped label's lines, in viewBox units: the
/// lines' estimated boxes, a unit apart.
pub const LINE_HEIGHT: f64 = (ASCENT_EM + DESCENT_EM) * FONT_SIZE + 1.0;

/// The estimated width of `text` at `font_size`: characters × 0.6 × font size.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH_EM * font_size
}

/// How a label's `x` is read: SVG's `text-anchor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub fn name(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// One line of text placed in a picture: `y` is its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub anchor: Anchor,
}

/// A rectangle in viewBox units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    /// Whether the two rectangles share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    /// Whether `self` lies wholly inside `outer`.
    pub fn inside(&self, outer: &Rect) -> bool {
        self.left >= outer.left
            && self.right <= outer.right
            && self.top >= outer.top
            && self.bottom <= outer.bottom
    }
}

impl Label {
    /// The box the label's text is estimated to cover at [`FONT_SIZE`].
    pub fn bounds(&self) -> Rect {
        let width = text_width(&self.text, FONT_SIZE);
        let left = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - width / 2.0,
            Anchor::End => self.x - width,
        };
        Rect {
            left,
            top: self.y - ASCENT_EM * FONT_SIZE,
            right: left + width,
            bottom: self.y + DESCENT_EM * FONT_SIZE,
        }
    }

    /// Writes the label as a `<text>`, shifted by (`dx`, `dy`).
    pub fn write(&self, out: &mut svg::Writer, dx: f64, dy: f64) {
        let (x, y) = (svg::num(self.x + dx), svg::num(self.y + dy));
        let size = svg::num(FONT_SIZE);
        let attributes = [
            ("x", x.as_str()),
            ("y", y.as_str()),
            ("font-size", size.as_str()),
            ("text-anchor", self.anchor.name()),
        ];
        out.text("text", &attributes, &self.text);
    }
}

/// The most characters one line of a node's label holds.
pub const LABEL_LINE_CHARS: usize = 14;

/// A name as a node's label: up to two lines of at most `width` characters, broken
/// between words; what does not fit is cut with "…" (the full name goes in the node's
/// `<title>`).
pub fn wrap_name(name: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut words = name.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let fits = lines
            .last()
            .is_some_and(|line| line.chars().count() + 1 + word.chars().count() <= width);
        if fits {
            if let Some(line) = lines.last_mut() {
                line.push(' ');
                line.push_str(word);
            }
        } else if lines.len() == 2 {
            let rest: Vec<&str> = std::iter::once(word).chain(words.by_ref()).collect();
            let last = lines.pop().unwrap_or_default();
            lines.push(shorten(&format!("{last} {}", rest.join(" ")), width));
        } else {
            lines.push(shorten(word, width));
        }
    }
    lines
}

/// `text` cut to at most `width` characters, ending in "…" when cut.
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// A picture's `<figure>`: the SVG, and a caption with the table of its numbers folded in
/// a `<details>` (the table is in the HTML for screen readers whether open or not).
pub fn figure(class: &str, svg: String, caption: &str, table: String) -> String {
    let mut out = svg::Writer::new();
    out.open("figure", &[("class", &format!("picture {class}"))]);
    out.raw(&svg);
    // The table sits in the caption: a figure's caption must be its first or last child.
    out.open("figcaption", &[]);
    out.text("p", &[], caption);
    out.open("details", &[("class", "picture-data")]);
    out.text("summary", &[], "The numbers");
    out.raw(&table);
    out.finish()
}

/// A `<table>` with a caption, a header row and rows of cells (already HTML, escaped).
pub fn table(caption: &str, header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = svg::Writer::new();
    out.open("table", &[]);
    out.text("caption", &[], caption);
    out.open("thead", &[]).open("tr", &[]);
    for cell in header {
        out.text("th", &[("scope", "col")], cell);
    }
    out.close().close().open("tbody", &[]);
    for row in rows {
        out.open("tr", &[]);
        for cell in row {
            out.open("td", &[]).raw(cell).close();
        }
        out.close();
    }
    out.finish()
}

/// How a picture presents itself to assistive technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `role="img"`: one image, nothing inside it to reach (a timeline).
    Image,
    /// `role="group"`: a picture whose names are links (a network); an image may hold no
    /// links (axe-core's nested-interactive), a group may.
    Group,
}

/// The opening of a picture's `<svg>`: its viewBox, its `role`, and its `<title>` and
/// `<desc>` named by `aria-labelledby` (ids made from `id`, unique on the page).
pub fn open_svg(out: &mut svg::Writer, id: &str, role: Role, size: (f64, f64), text: (&str, &str)) {
    let (title, desc) = text;
    let view_box = format!("0 0 {} {}", svg::num(size.0), svg::num(size.1));
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    out.open(
        "svg",
        &[
            ("class", id),
            ("viewBox", &view_box),
            ("role", if role == Role::Image { "img" } else { "group" }),
            ("aria-labelledby", &format!("{title_id} {desc_id}")),
        ],
    );
    out.text("title", &[("id", &title_id)], title);
    out.text("desc", &[("id", &desc_id)], desc);
}
