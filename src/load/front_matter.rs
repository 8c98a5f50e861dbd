//! Front matter into values: dates read in the site's timezone, roles, and the URLs that
//! become links (`source.url`, its licence's `url`, actor `links:`) checked by [`link_target`].
//! An article is kept even when its front matter or its date has problems, so the checks
//! that come after (slugs, quotes, links, unused entities) still see what it lists.

use chrono::{DateTime, FixedOffset};

use crate::diagnostics::{Diagnostic, code};
use crate::link_target::{self, Refusal, Use};
use crate::load::config::SiteTimezone;
use crate::load::content::{
    Actor, ActorFront, Article, ArticleFront, Correction, CorrectionEntry, Origin, Role, Topic,
    TopicFront,
};
use crate::load::files::Entry;
use crate::load::placeholder;
use crate::load::yaml::{self, Spanned};

fn date_at(
    origin: &Origin,
    value: &Spanned<String>,
    zone: &SiteTimezone,
) -> Result<DateTime<FixedOffset>, Diagnostic> {
    zone.parse_date(&value.value).map_err(|message| {
        origin.error_at(code::BAD_DATE, value, message).with_hint(
            "write an RFC 3339 timestamp (2025-02-27T07:00:00Z) or a bare date (2025-02-27), between the years 0000 and 9999",
        )
    })
}

/// An article, kept even when its front matter had problems (they are errors, so it is
/// never published): with a date that does not read it stands at the Unix epoch.
pub(crate) fn article(
    entry: Entry<ArticleFront>,
    zone: &SiteTimezone,
) -> (Option<Article>, Vec<Diagnostic>) {
    let Entry {
        origin,
        front,
        body,
        mut problems,
    } = entry;
    // A date left out is already a `missing-field` problem.
    let date = (!yaml::is_absent(&front.date))
        .then(|| {
            date_at(&origin, &front.date, zone)
                .map_err(|d| problems.push(d))
                .ok()
        })
        .flatten();
    let mut updated = front
        .updated
        .as_ref()
        .and_then(|u| date_at(&origin, u, zone).map_err(|d| problems.push(d)).ok());
    if let (Some(published), Some(changed), Some(written)) = (date, updated, front.updated.as_ref())
    {
        match updated_after(&front.date, published, written, changed) {
            Ok(changed) => updated = Some(changed),
            Err(()) => problems.push(
                origin
                    .error_at(
                        code::UPDATED_BEFORE_DATE,
                        written,
                        format!(
                            "`updated` ({}) is earlier than `date` ({})",
                            written.value.trim(),
                            front.date.value.trim()
                        ),
                    )
                    .with_hint("an article is updated after it is published: check the year and month, or swap the two"),
            ),
        }
    }
    let corrections = corrections(&origin, &front, date, zone, &mut problems);
    // A correction changes the article: its date is the article's last change when later.
    updated = updated.max(corrections.iter().map(|c| c.date).max());
    if let Some(published) = front.source.as_ref().and_then(|s| s.published.as_ref())
        && let Err(problem) = date_at(&origin, published, zone)
    {
        problems.push(problem);
    }
    if let Some(source) = &front.source {
        let licence_url = source.licence.as_ref().and_then(|l| l.url.as_ref());
        for (what, url) in [
            ("source url", source.url.as_ref()),
            ("licence url", licence_url),
        ] {
            if let Some(problem) = url.and_then(|url| not_http(&origin, what, url)) {
                problems.push(problem);
            }
        }
    }
    if body.trim().is_empty() {
        problems.push(empty_body(&origin));
    }
    problems.extend(placeholder::article(&origin, &front, &body));
    let article = Article {
        origin,
        front,
        date: date.unwrap_or(DateTime::UNIX_EPOCH.fixed_offset()),
        updated,
        corrections,
        body,
    };
    (Some(article), problems)
}

/// The corrections whose dates read, oldest first and numbered so (a tie keeps the written
/// order); a bad date, an empty note, or a date before the article's `date` (`published`,
/// when it read) is an error at its place.
fn corrections(
    origin: &Origin,
    front: &ArticleFront,
    published: Option<DateTime<FixedOffset>>,
    zone: &SiteTimezone,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Correction> {
    let mut read = Vec::new();
    for entry in &front.corrections {
        if entry.note.value.trim().is_empty() {
            problems.push(empty_correction(origin, entry));
        }
        let Some(date) = date_at(origin, &entry.date, zone)
            .map_err(|d| problems.push(d))
            .ok()
        else {
            continue;
        };
        let date = match published {
            Some(published) => match updated_after(&front.date, published, &entry.date, date) {
                Ok(date) => date,
                Err(()) => {
                    problems.push(correction_before_date(origin, front, entry));
                    date
                }
            },
            None => date,
        };
        read.push((date, entry.note.value.clone()));
    }
    read.sort_by_key(|(date, _)| *date);
    read.into_iter()
        .enumerate()
        .map(|(i, (date, note))| Correction {
            number: i + 1,
            date,
            note,
        })
        .collect()
}

fn empty_correction(origin: &Origin, entry: &CorrectionEntry) -> Diagnostic {
    origin
        .error_at(
            code::EMPTY_CORRECTION,
            &entry.note,
            "this correction's `note` is empty",
        )
        .with_hint("say what the article got wrong and what is right, in Markdown, citing a source")
}

fn correction_before_date(
    origin: &Origin,
    front: &ArticleFront,
    entry: &CorrectionEntry,
) -> Diagnostic {
    origin
        .error_at(
            code::CORRECTION_BEFORE_DATE,
            &entry.date,
            format!(
                "correction dated {} is earlier than the article's `date` ({})",
                entry.date.value.trim(),
                front.date.value.trim()
            ),
        )
        .with_hint(format!(
            "date the correction on the day it was published, on or after {}: check the year and month",
            front.date.value.trim()
        ))
}

/// `updated` (or a correction's date) as the article's last change: an error when it is
/// earlier than `date`.
/// A bare date names a day, so when either is one the two are compared by day (in the
/// site's timezone), and a bare `updated` on the day of publication is read as the
/// publication time: no page, feed or sitemap then shows a change before publication.
fn updated_after(
    date: &Spanned<String>,
    published: DateTime<FixedOffset>,
    updated: &Spanned<String>,
    changed: DateTime<FixedOffset>,
) -> Result<DateTime<FixedOffset>, ()> {
    let bare = |text: &Spanned<String>| DateTime::parse_from_rfc3339(text.value.trim()).is_err();
    if bare(date) || bare(updated) {
        if changed.date_naive() < published.date_naive() {
            return Err(());
        }
        return Ok(changed.max(published));
    }
    if changed < published {
        return Err(());
    }
    Ok(changed)
}

pub(crate) fn actor(
    entry: Entry<ActorFront>,
    zone: &SiteTimezone,
) -> (Option<Actor>, Vec<Diagnostic>) {
    let Entry {
        origin,
        front,
        body,
        mut problems,
    } = entry;
    let mut day = |value: &Option<Spanned<String>>| {
        value.as_ref().and_then(|v| {
            date_at(&origin, v, zone)
                .map(|d| d.date_naive())
                .map_err(|d| problems.push(d))
                .ok()
        })
    };
    let roles = front
        .roles
        .iter()
        .map(|role| Role {
            office: role.office.clone(),
            from: day(&role.from),
            to: day(&role.to),
        })
        .collect();
    problems.extend(unsafe_links(&origin, &front.links));
    problems.extend(placeholder::actor(&origin, &front, &body));
    let actor = Actor {
        origin,
        front,
        roles,
        profile: body,
    };
    (Some(actor), problems)
}

/// A warning for each of an actor's `links:` that may not be a link target; render leaves
/// those off the page.
fn unsafe_links(origin: &Origin, links: &[Spanned<String>]) -> Vec<Diagnostic> {
    links
        .iter()
        .filter_map(|link| {
            let refusal = link_target::check(&link.value, Use::Link).err()?;
            Some(
                origin
                    .error_at(
                        code::UNSAFE_LINK,
                        link,
                        format!(
                            "link `{}` is not allowed ({refusal}); it is left off the actor's page",
                            link_target::shown(&link.value)
                        ),
                    )
                    .into_warning()
                    .with_hint(Use::Link.hint()),
            )
        })
        .collect()
}

pub(crate) fn topic(entry: Entry<TopicFront>) -> (Option<Topic>, Vec<Diagnostic>) {
    let mut problems = entry.problems;
    problems.extend(placeholder::topic(&entry.origin, &entry.front, &entry.body));
    let topic = Topic {
        origin: entry.origin,
        front: entry.front,
        description: entry.body,
    };
    (Some(topic), problems)
}

/// A `bad-source-url` error when `url` (the source's or its licence's) is not http(s).
/// The `bad-source-url` error for an address (`what`: "source url", "licence url") that
/// may not be a web page's, as [`link_target::check`] decides.
fn not_http(origin: &Origin, what: &str, url: &Spanned<String>) -> Option<Diagnostic> {
    let refusal = link_target::check(&url.value, Use::WebPage).err()?;
    let why = match refusal {
        Refusal::Malformed(_) => format!(" ({refusal})"),
        Refusal::Scheme(_) | Refusal::Relative => String::new(),
    };
    Some(
        origin
            .error_at(
                code::BAD_SOURCE_URL,
                url,
                format!(
                    "{what} `{}` is not an http(s) address{why}",
                    link_target::shown(&url.value)
                ),
            )
            .with_hint(Use::WebPage.hint()),
    )
}

fn empty_body(origin: &Origin) -> Diagnostic {
    Diagnostic::error(
        code::EMPTY_BODY,
        &origin.file,
        "the body after the front matter is empty",
    )
    .at_line(origin.body_line)
    .with_hint("write the text below the closing `---` line")
}
