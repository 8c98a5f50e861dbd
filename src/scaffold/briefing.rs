//! `briefing new briefing`: a day's digest, listing the articles dated that day.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, code};
use crate::load::{self, placeholder};

use super::{refuse_existing, require_site, today, write_new};

/// Writes `content/briefings/<date>.md` for a new digest and returns that path (relative
/// to `root`).
///
/// - `date` must be `YYYY-MM-DD`; without it the digest is for today in the site's
///   timezone (from `site.yaml`, UTC by default).
/// - `articles:` lists the published (non-draft) articles dated that day in the site's
///   timezone, newest first, as the site lists them; the title, summary and body are
///   placeholders that `check` reports (`placeholder-text`) until replaced.
/// - An existing digest for that day is never overwritten.
pub fn new_briefing(root: &Path, date: Option<&str>) -> Result<PathBuf, Diagnostic> {
    require_site(root)?;
    let day = match date {
        Some(date) => date.trim().to_string(),
        None => today(root)?,
    };
    let file = Path::new("content/briefings").join(format!("{day}.md"));
    let day = checked_day(&day, &file)?;
    refuse_existing(root, "briefings", &day.to_string(), &file)?;
    let text = briefing_text(&articles_of_day(root, day));
    write_new(root, &file, &text)?;
    Ok(file)
}

/// A digest's day: `YYYY-MM-DD` exactly, a real date.
fn checked_day(date: &str, file: &Path) -> Result<NaiveDate, Diagnostic> {
    let shaped = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(day) if shaped => Ok(day),
        _ => Err(
            Diagnostic::error(code::BAD_DATE, file, format!("`{date}` is not a day"))
                .with_hint("give the digest's day as YYYY-MM-DD, e.g. `--date 2025-03-11`"),
        ),
    }
}

/// The slugs of the published articles dated `day` in the site's timezone, newest first.
fn articles_of_day(root: &Path, day: NaiveDate) -> Vec<String> {
    let corpus = load::load(root);
    let mut articles: Vec<_> = corpus
        .articles
        .iter()
        .filter(|a| !a.front.draft && a.date.date_naive() == day)
        .collect();
    articles.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.origin.slug.cmp(&b.origin.slug))
    });
    articles.iter().map(|a| a.origin.slug.clone()).collect()
}

fn briefing_text(articles: &[String]) -> String {
    let listed = if articles.is_empty() {
        " []".to_string()
    } else {
        articles
            .iter()
            .map(|slug| format!("\n  - {slug}"))
            .collect()
    };
    format!(
        "---
title: \"{todo}\"
summary: \"{todo}\"
# The articles this digest points to (file names in content/articles/), in the order
# its page shows them: the day's articles, to reorder, cut or add to.
articles:{listed}
---
{replace} the day's digest, in Markdown. Actors and topics named here are linked as in articles.
",
        todo = placeholder::VALUES[0],
        replace = placeholder::REPLACE_LINE,
    )
}
