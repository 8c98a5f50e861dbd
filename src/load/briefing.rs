//! Daily digests: `content/briefings/<YYYY-MM-DD>.md`, an editor's note on one day with
//! the articles it points to. The date is the file name; the front matter holds the
//! title, the articles (by slug, in the editor's order) and an optional summary.

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, code};
use crate::load::config::SiteTimezone;
use crate::load::content::{Front, Origin};
use crate::load::files::{self, relative};
use crate::load::placeholder;
use crate::load::survey::{Field, Parts, Shape};
use crate::load::yaml::Spanned;

/// One digest as read: its day, its front matter and its Markdown body.
#[derive(Debug, Clone)]
pub struct Briefing {
    /// `slug` is the file name without `.md`: the date, `YYYY-MM-DD`.
    pub origin: Origin,
    pub front: BriefingFront,
    /// The day the file name gives.
    pub day: NaiveDate,
    /// The start of that day in the site's timezone (for feeds, and for reading offices'
    /// holders in the body as of that day).
    pub date: DateTime<FixedOffset>,
    pub body: String,
}

/// A digest's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingFront {
    pub title: Spanned<String>,
    /// Article slugs, in the order the digest shows them.
    #[serde(default)]
    pub articles: Vec<Spanned<String>>,
    /// One or two sentences for lists, the home page and the feed.
    pub summary: Option<Spanned<String>>,
}

const TEXT: Shape = Shape::whole::<Spanned<String>>();
static BRIEFING_FIELDS: [Field; 3] = [
    Field::required("title", TEXT),
    Field::optional(
        "articles",
        Shape::of::<Vec<Spanned<String>>>(Parts::Items(&TEXT)),
    ),
    Field::optional("summary", Shape::whole::<Option<Spanned<String>>>()),
];
static BRIEFING: Shape = Shape::of::<BriefingFront>(Parts::Fields(&BRIEFING_FIELDS));

impl Front for BriefingFront {
    fn shape() -> &'static Shape {
        &BRIEFING
    }
}

/// The day a digest's file name gives: exactly `YYYY-MM-DD`, a real date.
pub(crate) fn day_of(file: &Path) -> Result<NaiveDate, Diagnostic> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shaped = stem.len() == 10
        && stem.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    match NaiveDate::parse_from_str(&stem, "%Y-%m-%d") {
        Ok(day) if shaped => Ok(day),
        _ => Err(Diagnostic::error(
            code::BAD_DATE,
            file,
            format!("`{stem}` is not a date: a digest's file name is the day it covers"),
        )
        .with_hint("rename the file to a real day as YYYY-MM-DD.md, e.g. `2025-03-11.md`")),
    }
}

/// One digest file read, with the problems found; `None` when its name is not a date or
/// its front matter does not read.
pub(crate) fn read_briefing(
    root: &Path,
    path: &Path,
    zone: &SiteTimezone,
) -> (Option<Briefing>, Vec<Diagnostic>) {
    let day = match day_of(&relative(root, path)) {
        Ok(day) => day,
        Err(problem) => return (None, vec![problem]),
    };
    let entry = match files::read_entry::<BriefingFront>(root, path) {
        Ok(entry) => entry,
        Err(problems) => return (None, problems),
    };
    let mut problems = entry.problems;
    if entry.body.trim().is_empty() {
        problems.push(
            Diagnostic::error(
                code::EMPTY_BODY,
                &entry.origin.file,
                "the digest has no text below the front matter",
            )
            .at_line(entry.origin.body_line)
            .with_hint("write the day's digest below the closing `---` line"),
        );
    }
    problems.extend(placeholder::briefing(
        &entry.origin,
        &entry.front,
        &entry.body,
    ));
    let briefing = Briefing {
        date: zone.start_of(day),
        day,
        origin: entry.origin,
        front: entry.front,
        body: entry.body,
    };
    (Some(briefing), problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::survey::serde_fields;

    #[test]
    fn the_shape_lists_the_structs_fields() {
        let mut from_serde = serde_fields::<BriefingFront>();
        let mut from_shape: Vec<String> = BRIEFING
            .field_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
        from_serde.sort();
        from_shape.sort();
        assert_eq!(from_shape, from_serde);
        assert!(serde_saphyr::from_str::<BriefingFront>("title: x").is_ok());
        assert!(serde_saphyr::from_str::<BriefingFront>("summary: x").is_err());
    }

    #[test]
    fn file_names_must_be_real_days() {
        let day = |name: &str| day_of(Path::new(name));
        assert_eq!(
            day("content/briefings/2025-03-11.md").ok(),
            NaiveDate::from_ymd_opt(2025, 3, 11)
        );
        for bad in ["2025-02-30.md", "monday.md", "2025-3-11.md", "20250311.md"] {
            let problem = day(&format!("content/briefings/{bad}")).unwrap_err();
            assert_eq!(problem.code, code::BAD_DATE, "{bad}");
            assert!(problem.hint.unwrap().contains("YYYY-MM-DD"), "{bad}");
        }
    }
}
