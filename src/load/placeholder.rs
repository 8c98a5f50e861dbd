//! Text `briefing new` and `briefing init` write for the user to replace, found where the
//! user never replaced it: a `placeholder-text` warning, so a placeholder is not published
//! by mistake. `scaffold` writes its files with these same marks (its tests hold it to
//! them), so what it writes and what is found here cannot drift apart.

use crate::diagnostics::{Diagnostic, code};
use crate::load::briefing::BriefingFront;
use crate::load::content::{ActorFront, ArticleFront, Origin, TopicFront};
use crate::load::yaml::Spanned;

/// How the body line `briefing new` writes begins: "Replace this line with …".
pub const REPLACE_LINE: &str = "Replace this line with";

/// In the text of each example `briefing init` writes (article, actor, topic).
pub const INIT_EXAMPLE: &str = "fictional example made by `briefing init`";

/// Values the commented-out keys `briefing new` writes suggest (`links: ["https://..."]`,
/// `wikidata: Q00000`, `text: "..."`), for a key uncommented but never filled in. (A bare
/// `https://` is no URL at all: `link_target` refuses it already.)
pub const VALUES: [&str; 3] = ["...", "https://...", "Q00000"];

const HINT_BODY: &str = "write your own text in its place";
const HINT_EXAMPLE: &str =
    "the example shows how a file is put together: replace it with your own, or delete the file";

/// The placeholders of an article: its body, its front matter's values, and an empty
/// summary (`summary` is optional, but written empty it shows nothing where lists and
/// feeds show it).
pub(crate) fn article(origin: &Origin, front: &ArticleFront, body: &str) -> Vec<Diagnostic> {
    let mut found = in_body(origin, body);
    values(origin, [Some(&front.title)], &mut found);
    if let Some(source) = &front.source {
        values(origin, [source.url.as_ref()], &mut found);
    }
    for quote in &front.quotes {
        values(origin, [Some(&quote.text)], &mut found);
    }
    for annotation in &front.annotations {
        values(origin, [Some(&annotation.quote)], &mut found);
        if VALUES.contains(&annotation.note.trim()) {
            found.push(
                origin
                    .error_at(
                        code::PLACEHOLDER_TEXT,
                        &annotation.quote,
                        format!(
                            "this annotation's note is the placeholder `{}`",
                            annotation.note.trim()
                        ),
                    )
                    .with_hint("write the note")
                    .into_warning(),
            );
        }
    }
    found
}

/// A `summary: ""` written in the front matter, at its place.
pub(crate) fn empty_summary(origin: &Origin, summary: &Spanned<String>) -> Diagnostic {
    origin
        .error_at(code::PLACEHOLDER_TEXT, summary, "the summary is empty")
        .with_hint(
            "write one or two sentences for lists and feeds, or leave `summary` out to use the start of the text",
        )
        .into_warning()
}

pub(crate) fn actor(origin: &Origin, front: &ActorFront, body: &str) -> Vec<Diagnostic> {
    let mut found = in_body(origin, body);
    values(
        origin,
        [Some(&front.name), front.wikidata.as_ref()],
        &mut found,
    );
    values(origin, front.links.iter().map(Some), &mut found);
    found
}

pub(crate) fn topic(origin: &Origin, front: &TopicFront, body: &str) -> Vec<Diagnostic> {
    let mut found = in_body(origin, body);
    values(origin, [Some(&front.name)], &mut found);
    found
}

/// The placeholders of a digest: the body line, and the title and summary `briefing new
/// briefing` writes as `...`.
pub(crate) fn briefing(origin: &Origin, front: &BriefingFront, body: &str) -> Vec<Diagnostic> {
    let mut found = in_body(origin, body);
    values(
        origin,
        [Some(&front.title), front.summary.as_ref()],
        &mut found,
    );
    found
}

/// The body's first line `briefing new` wrote, or the mark of an `init` example.
fn in_body(origin: &Origin, body: &str) -> Vec<Diagnostic> {
    for (index, line) in body.lines().enumerate() {
        let at = origin.body_line + index;
        if line.trim_start().starts_with(REPLACE_LINE) {
            let problem = Diagnostic::warning(
                code::PLACEHOLDER_TEXT,
                &origin.file,
                "this is the placeholder `briefing new` wrote, never replaced",
            );
            return vec![problem.at_line(at).with_hint(HINT_BODY)];
        }
        if line.contains(INIT_EXAMPLE) {
            let problem = Diagnostic::warning(
                code::PLACEHOLDER_TEXT,
                &origin.file,
                "this is the fictional example `briefing init` wrote",
            );
            return vec![problem.at_line(at).with_hint(HINT_EXAMPLE)];
        }
    }
    Vec::new()
}

/// Front-matter values that are one of [`VALUES`], each at its place.
fn values<'a>(
    origin: &Origin,
    written: impl IntoIterator<Item = Option<&'a Spanned<String>>>,
    found: &mut Vec<Diagnostic>,
) {
    for value in written.into_iter().flatten() {
        let text = value.value.trim();
        if VALUES.contains(&text) {
            found.push(
                origin
                    .error_at(
                        code::PLACEHOLDER_TEXT,
                        value,
                        format!("`{text}` is a placeholder `briefing new` suggests"),
                    )
                    .with_hint("fill it in, or leave the key out")
                    .into_warning(),
            );
        }
    }
}
