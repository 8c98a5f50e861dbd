//! Problems found in a user's site, as values every stage collects, and how they are
//! printed (human, with the source line underlined, or JSON).
//!
//! Every stage imports this module; it imports none of them.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// Stable problem codes: shown as `error[code]`, in JSON output, and tested one by one.
pub mod code {
    pub const IO: &str = "io";
    pub const FILE_TOO_LARGE: &str = "file-too-large";
    pub const INVALID_UTF8: &str = "invalid-utf8";
    pub const MISSING_FRONT_MATTER: &str = "missing-front-matter";
    pub const YAML_SYNTAX: &str = "yaml-syntax";
    pub const MISSING_FIELD: &str = "missing-field";
    pub const WRONG_TYPE: &str = "wrong-type";
    pub const UNKNOWN_KEY: &str = "unknown-key";
    pub const DUPLICATE_KEY: &str = "duplicate-key";
    pub const YAML_LIMIT: &str = "yaml-limit";
    pub const BAD_DATE: &str = "bad-date";
    pub const BAD_SLUG: &str = "bad-slug";
    pub const DUPLICATE_SLUG: &str = "duplicate-slug";
    pub const UNKNOWN_SLUG: &str = "unknown-slug";
    pub const NOT_AN_OFFICE: &str = "not-an-office";
    pub const EMPTY_BODY: &str = "empty-body";
    pub const DUPLICATE_FOOTNOTE: &str = "duplicate-footnote";
    pub const UNDEFINED_FOOTNOTE: &str = "undefined-footnote";
    pub const UNUSED_FOOTNOTE: &str = "unused-footnote";
    pub const TABLE_CELLS: &str = "table-cells";
    pub const QUOTE_NOT_FOUND: &str = "quote-not-found";
    pub const QUOTE_AMBIGUOUS: &str = "quote-ambiguous";
    pub const ALIAS_COLLISION: &str = "alias-collision";
    pub const TOPIC_CYCLE: &str = "topic-cycle";
    pub const ROLE_DATES: &str = "role-dates";
    pub const UPDATED_BEFORE_DATE: &str = "updated-before-date";
    pub const CORRECTION_BEFORE_DATE: &str = "correction-before-date";
    pub const EMPTY_CORRECTION: &str = "empty-correction";
    pub const VERDICT_WITHOUT_CLAIM: &str = "verdict-without-claim";
    pub const BAD_SOURCE_URL: &str = "bad-source-url";
    pub const UNSAFE_LINK: &str = "unsafe-link";
    pub const BROKEN_LINK: &str = "broken-link";
    pub const TEMPLATE: &str = "template";
    pub const FUTURE_ARTICLE: &str = "future-article";
    pub const ARTICLE_AFTER_BRIEFING: &str = "article-after-briefing";
    pub const ARTICLE_NOT_PUBLISHED: &str = "article-not-published";
    pub const UNUSED_ENTITY: &str = "unused-entity";
    pub const OFFICE_WITHOUT_HOLDER: &str = "office-without-holder";
    pub const PLACEHOLDER_TEXT: &str = "placeholder-text";
    pub const SKIPPED_FILE: &str = "skipped-file";
    pub const BAD_CONFIG: &str = "bad-config";
    pub const NO_SITE: &str = "no-site";
    pub const UNSAFE_OUTPUT: &str = "unsafe-output";
    pub const NO_BASE_URL: &str = "no-base-url";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem: where it is, what it is, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// One of [`code`]'s constants.
    pub code: &'static str,
    /// Path relative to the site root, as the user would type it.
    pub file: PathBuf,
    /// 1-based line and column; `None` when the problem concerns the whole file.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// How many characters from `column` to underline.
    pub length: u32,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            length: 1,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(code: &'static str, file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(small(line));
        self.column = Some(small(column));
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(small(line));
        self
    }

    /// Underlines `length` characters from the column.
    pub fn spanning(mut self, length: usize) -> Self {
        self.length = small(length.max(1));
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn into_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as far as known.
    pub fn location(&self) -> String {
        let mut location = self.file.display().to_string();
        if let Some(line) = self.line {
            location.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                location.push_str(&format!(":{column}"));
            }
        }
        location
    }

    /// One JSON object: file, line, column, severity, code, message, hint.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "file": self.file.to_string_lossy(),
            "line": self.line,
            "column": self.column,
            "severity": self.severity.name(),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        })
        .to_string()
    }

    /// Like rustc: the header, the source line with the span underlined, and the hint.
    /// `source` is the text of `file`, when it can be read.
    pub fn render(&self, source: Option<&str>, styled: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()).id(self.code));
        let file = self.file.display().to_string();
        let line = self.line.map(|l| l as usize);
        let line_text = line
            .zip(source)
            .and_then(|(line, text)| text.lines().nth(line.saturating_sub(1)));
        match (line_text, line) {
            (Some(text), Some(line)) => {
                let column = self.column.map_or(0, |c| (c as usize).saturating_sub(1));
                let start = char_to_byte(text, column);
                let end = char_to_byte(text, column + self.length as usize).max(start);
                let span = if self.column.is_some() {
                    start..end
                } else {
                    0..text.len()
                };
                group = group.element(
                    Snippet::source(text)
                        .line_start(line)
                        .path(file.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                );
            }
            _ => {
                group = group.element(Origin::path(self.location()));
            }
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

/// Positions past four billion lines are not worth a wider type.
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {}: {}",
            self.severity.name(),
            self.code,
            self.location(),
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// How `check` and `build` print problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-style snippets on standard error.
    #[default]
    Human,
    /// One JSON object per line on standard output.
    Json,
}

/// Prints `problems`, reading each file under `root` once for its snippets.
pub fn report(problems: &[Diagnostic], root: &Path, format: Format) {
    use std::io::IsTerminal;
    let styled = std::io::stderr().is_terminal();
    let mut sources: std::collections::HashMap<&Path, Option<String>> =
        std::collections::HashMap::new();
    for problem in problems {
        match format {
            Format::Json => println!("{}", problem.to_json()),
            Format::Human => {
                let source = sources
                    .entry(problem.file.as_path())
                    .or_insert_with(|| snippet_source(&root.join(&problem.file)));
                eprintln!("{}", problem.render(source.as_deref(), styled));
            }
        }
    }
}

/// The text of a file to quote lines from: only a regular file, never through a link
/// (it may point outside the site) nor a pipe (reading it could block forever), and not
/// one larger than a content file may be (10 MiB).
fn snippet_source(path: &Path) -> Option<String> {
    const LARGEST: u64 = 10 * 1024 * 1024;
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > LARGEST {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// Sorts problems by file, then line, so a report reads top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}

/// The closest candidate to `wanted`, for "did you mean" hints.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= (wanted.len().max(c.len()) / 3).max(2))
        .min()
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_slug() {
        let hint = did_you_mean("keir-starmr", ["donald-trump", "keir-starmer"]);
        assert_eq!(hint.as_deref(), Some("did you mean `keir-starmer`?"));
    }

    #[test]
    fn suggests_nothing_when_far_off() {
        assert_eq!(did_you_mean("zzz", ["keir-starmer"]), None);
    }

    #[test]
    fn displays_code_file_line_and_hint() {
        let d = Diagnostic::error(code::IO, "content/a.md", "bad")
            .at(3, 7)
            .with_hint("fix it");
        assert_eq!(
            d.to_string(),
            "error[io]: content/a.md:3:7: bad\n  hint: fix it"
        );
    }

    #[test]
    fn renders_a_snippet_with_the_span_underlined() {
        let d = Diagnostic::error(
            code::UNKNOWN_SLUG,
            "content/articles/a.md",
            "unknown actor `keir-starmr`",
        )
        .at(2, 10)
        .spanning(11)
        .with_hint("did you mean `keir-starmer`?");
        let text = d.render(Some("---\nactors: [keir-starmr]\n---\n"), false);
        assert!(
            text.contains("error[unknown-slug]: unknown actor `keir-starmr`"),
            "{text}"
        );
        assert!(text.contains("--> content/articles/a.md:2:10"), "{text}");
        assert!(text.contains("actors: [keir-starmr]"), "{text}");
        assert!(text.contains("^^^^^^^^^^^"), "{text}");
        assert!(
            text.contains("help: did you mean `keir-starmer`?"),
            "{text}"
        );
    }

    #[test]
    fn json_has_every_field() {
        let d =
            Diagnostic::warning(code::UNUSED_ENTITY, "content/topics/t.md", "unused").at_line(1);
        let value: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
        assert_eq!(value["code"], "unused-entity");
        assert_eq!(value["severity"], "warning");
        assert_eq!(value["line"], 1);
        assert!(value["column"].is_null() && value["hint"].is_null());
    }
}
