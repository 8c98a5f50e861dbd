//! All YAML reading: front matter splitting and typed parsing with positions.
//!
//! The rest of the program sees only `Spanned<T>` and `Diagnostic`, so the YAML
//! library stays a detail of this one file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{self, Diagnostic, code};

pub use serde_saphyr::Spanned;

/// A content file cut into its YAML front matter and its Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the file on which the body starts.
    pub body_line: usize,
}

/// Splits `---\n<yaml>\n---\n<body>`; `None` when the file does not open with `---`.
pub fn split_front_matter(text: &str) -> Option<FrontMatter<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (line, raw_line) in (2..).zip(rest.split_inclusive('\n')) {
        if raw_line.trim_end_matches(['\r', '\n']) == "---" {
            let body = &rest[offset + raw_line.len()..];
            return Some(FrontMatter {
                yaml: &rest[..offset],
                yaml_line: 2,
                body,
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    None
}

/// Where a value was written, as (line, column) in the whole file.
pub fn position<T>(value: &Spanned<T>, yaml_line: usize) -> (usize, usize) {
    let line = value.referenced.line() as usize;
    let column = value.referenced.column() as usize;
    (line + yaml_line - 1, column.max(1))
}

/// A value that is not there (a required field left out): empty, at no place.
pub(crate) fn absent() -> Spanned<String> {
    let nowhere = serde_saphyr::Location::UNKNOWN;
    Spanned::new(String::new(), nowhere, nowhere)
}

/// Whether `value` is [`absent`]: not written anywhere.
pub fn is_absent<T>(value: &Spanned<T>) -> bool {
    value.referenced.line() == 0
}

/// How many characters the value spans in the file, for underlining.
pub fn length<T>(value: &Spanned<T>) -> usize {
    (value.referenced.span().len() as usize).max(1)
}

/// Parses YAML text that begins on `first_line` of `file` into `T`.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    yaml: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping, so "only defaults" files still load.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_saphyr::from_str(yaml).map_err(|error| diagnostic(file, &error, first_line))
}

/// A YAML library error as a problem of `file`, whose YAML begins on `first_line`.
pub(crate) fn diagnostic(
    file: &Path,
    error: &serde_saphyr::Error,
    first_line: usize,
) -> Diagnostic {
    let message = error.without_snippet().to_string();
    let message = tidy_message(&message);
    let (code, hint) = classify(&message);
    let mut diagnostic = Diagnostic::error(code, file, plain_message(code, &message));
    if let Some(hint) = hint {
        diagnostic = diagnostic.with_hint(hint);
    }
    match error.location() {
        Some(location) if location.line() > 0 => diagnostic.at(
            location.line() as usize + first_line - 1,
            (location.column() as usize).max(1),
        ),
        _ => diagnostic,
    }
}

/// The problem code of a YAML error, and a hint where one helps.
pub(crate) fn classify(message: &str) -> (&'static str, Option<String>) {
    if let Some(at) = message.find("unknown field `") {
        let rest = &message[at + "unknown field `".len()..];
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split_once("expected one of ")
            .map(|(_, list)| {
                list.split(',')
                    .map(|k| k.trim().trim_matches('`'))
                    .filter(|k| !k.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let hint =
            diagnostics::did_you_mean(field, expected.iter().copied()).unwrap_or_else(|| {
                format!(
                    "allowed keys: {}; put free data under `extra:`",
                    expected.join(", ")
                )
            });
        return (code::UNKNOWN_KEY, Some(hint));
    }
    if let Some(at) = message.find("missing field `") {
        let field = message[at + "missing field `".len()..]
            .split('`')
            .next()
            .unwrap_or("");
        return (
            code::MISSING_FIELD,
            Some(format!("add `{field}:` to the front matter")),
        );
    }
    let lower = message.to_lowercase();
    let wrong_type = [
        "invalid type",
        "invalid value",
        "unknown variant",
        "invalid boolean",
        "invalid integer",
        "invalid float",
        "invalid number",
        "expected sequence",
        "expected mapping",
        "expected string",
        "expected scalar",
    ];
    if wrong_type.iter().any(|w| lower.contains(w)) {
        return (code::WRONG_TYPE, Some("check the value's type: a list is `[a, b]`, text is quoted, a flag is true or false".to_string()));
    }
    if lower.contains("duplicate") {
        return (
            code::DUPLICATE_KEY,
            Some("remove one of the two entries".to_string()),
        );
    }
    if lower.contains("budget")
        || lower.contains("alias")
        || lower.contains("depth")
        || lower.contains("recursion")
    {
        return (
            code::YAML_LIMIT,
            Some("simplify the YAML: no deep nesting or alias expansion".to_string()),
        );
    }
    (code::YAML_SYNTAX, None)
}

/// The message in the words of this program rather than the YAML library's.
pub(crate) fn plain_message(code: &str, message: &str) -> String {
    let lower = message.to_lowercase();
    match code {
        code::WRONG_TYPE if lower.contains("expected sequence") => {
            "wrong type: expected a list, such as `[a, b]`".to_string()
        }
        code::WRONG_TYPE if lower.contains("expected mapping") => {
            "wrong type: expected fields, such as `{key: value}`".to_string()
        }
        code::WRONG_TYPE
            if lower.contains("expected string") || lower.contains("expected scalar") =>
        {
            "wrong type: expected text".to_string()
        }
        code::WRONG_TYPE if lower.contains("boolean") => {
            "wrong type: expected `true` or `false`".to_string()
        }
        code::WRONG_TYPE => format!("wrong type: {message}"),
        code::DUPLICATE_KEY => {
            let key = message
                .split_once("key:")
                .map_or("", |(_, rest)| rest.split(',').next().unwrap_or("").trim());
            format!("the key `{key}` is given twice")
        }
        code::YAML_LIMIT => {
            "the front matter nests too deeply or expands too many aliases".to_string()
        }
        _ => message.to_string(),
    }
}

/// The library's message without any trailing position it prints itself.
fn tidy_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    match first.find(" at line ") {
        Some(cut) => first[..cut].to_string(),
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        title: Spanned<String>,
        #[serde(default)]
        tags: Vec<Spanned<String>>,
    }

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let parts = split_front_matter("---\ntitle: x\n---\nBody\n").unwrap();
        assert_eq!(parts.yaml, "title: x\n");
        assert_eq!(parts.body, "Body\n");
        assert_eq!(parts.body_line, 4);
    }

    #[test]
    fn no_front_matter_is_none() {
        assert_eq!(split_front_matter("title: x\n"), None);
        assert_eq!(split_front_matter("---\ntitle: x\n"), None);
    }

    #[test]
    fn values_carry_their_file_position() {
        let sample: Sample =
            parse(Path::new("a.md"), "title: x\ntags:\n  - one\n  - two\n", 2).unwrap();
        assert_eq!(sample.title.value, "x");
        assert_eq!(position(&sample.tags[1], 2), (5, 5));
    }

    #[test]
    fn errors_name_file_and_line() {
        let error = parse::<Sample>(Path::new("a.md"), "title: x\nnope: 1\n", 2).unwrap_err();
        assert_eq!(error.line, Some(3));
        assert_eq!(error.code, code::UNKNOWN_KEY);
        assert!(error.message.contains("nope"), "{}", error.message);
        let error = parse::<Sample>(Path::new("a.md"), "title: x\ntgas: []\n", 2).unwrap_err();
        assert_eq!(error.hint.as_deref(), Some("did you mean `tags`?"));
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        let error = parse::<Sample>(Path::new("a.md"), "title: x\ntitle: y\n", 2).unwrap_err();
        assert_eq!(error.line, Some(3));
    }
}
