//! A tiny writer for the few SVG and HTML elements the pictures need: numbers always with
//! one decimal, every attribute and text escaped, elements closed in order.

use crate::render::markdown::{escape_attribute, escape_text};

/// A number as the pictures write it: one decimal, never `-0.0`, so rebuilds are
/// byte-identical and coordinates compare exactly.
pub fn num(value: f64) -> String {
    let text = format!("{value:.1}");
    if text == "-0.0" {
        "0.0".to_string()
    } else {
        text
    }
}

/// An SVG or HTML fragment being written, element by element.
#[derive(Default)]
pub struct Writer {
    out: String,
    open: Vec<&'static str>,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    /// Opens `<tag …>` with these (name, value) attributes; values are escaped.
    pub fn open(&mut self, tag: &'static str, attributes: &[(&str, &str)]) -> &mut Self {
        self.start_tag(tag, attributes);
        self.out.push('>');
        self.open.push(tag);
        self
    }

    /// Writes `<tag … />`, an element without content.
    pub fn empty(&mut self, tag: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.start_tag(tag, attributes);
        self.out.push_str("/>");
        self
    }

    /// Writes `<tag …>text</tag>` with `text` escaped.
    pub fn text(
        &mut self,
        tag: &'static str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> &mut Self {
        self.open(tag, attributes);
        self.out.push_str(&escape_text(text));
        self.close()
    }

    /// Writes markup made elsewhere (already escaped), as it is.
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) -> &mut Self {
        if let Some(tag) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
        self
    }

    /// The fragment, with any element still open closed.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }

    fn start_tag(&mut self, tag: &str, attributes: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attributes {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&escape_attribute(value));
            self.out.push('"');
        }
    }
}
