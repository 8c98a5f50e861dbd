//! `briefing new` and `briefing init`: writing new content files and new site folders
//! (`new briefing`, a day's digest, in `briefing`).
//!
//! Every function here writes files and never overwrites one: a file that already exists
//! (or any file of the same kind with the same slug, which would be a `duplicate-slug`
//! error) is refused with a [`Diagnostic`] naming it. Files are opened with `create_new`,
//! so even a file appearing between the check and the write is not replaced.
//!
//! Paths returned by the `new_*` functions, and the `file` of their diagnostics, are
//! relative to the site root (`content/actors/keir-starmer.md`), like every other
//! diagnostic of the program; [`display_path`] joins them to the root for printing.
//! [`init`] returns paths relative to the new folder, and its diagnostics name paths
//! joined to the folder as given (relative to the working directory).

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use walkdir::WalkDir;

use crate::diagnostics::{self, Diagnostic, code};

mod briefing;
use crate::load::{config, placeholder};
pub use briefing::new_briefing;

/// The values `kind:` may take in an actor's front matter.
pub const ACTOR_KINDS: [&str; 6] = [
    "person",
    "office",
    "government",
    "organisation",
    "country",
    "group",
];

/// The one slug rule, shared with `check`'s rename hints (it lives in `load`, the
/// earliest stage both use).
pub use crate::load::{MAX_SLUG_CHARS, slug_for};

/// How to print a path returned by a `new_*` function: joined to `root`, unless the
/// root is the working directory.
pub fn display_path(root: &Path, relative: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        relative.to_path_buf()
    } else {
        root.join(relative)
    }
}

/// Writes `content/articles/<slug>.md` for a new article and returns that path
/// (relative to `root`).
///
/// - `date` must be `YYYY-MM-DD` or an RFC 3339 timestamp; without it the article is dated
///   today in the site's timezone (from `site.yaml`, UTC by default), so it is never
///   "in the future" for the build.
/// - Each of `actors` and `topics` must name an existing actor or topic, by slug or by
///   name (`"Keir Starmer"` finds `keir-starmer`); unknown ones are refused with a
///   "did you mean" hint, so the new file passes `briefing check`.
pub fn new_article(
    root: &Path,
    title: &str,
    date: Option<&str>,
    actors: &[String],
    topics: &[String],
) -> Result<PathBuf, Diagnostic> {
    require_site(root)?;
    let title = one_line(title);
    let slug = usable_slug(&title, "title", "articles")?;
    let file = Path::new("content/articles").join(format!("{slug}.md"));
    let date = match date {
        Some(date) => checked_date(date, &file)?,
        None => today(root)?,
    };
    let actors = references(root, "actors", "actor", actors)?;
    let topics = references(root, "topics", "topic", topics)?;
    refuse_existing(root, "articles", &slug, &file)?;
    let text = article_text(&title, &date, &actors, &topics);
    write_new(root, &file, &text)?;
    Ok(file)
}

/// Writes `content/actors/<slug>.md` for a new actor and returns that path (relative to
/// `root`). `kind`, when given, must be one of [`ACTOR_KINDS`] (any letter case).
pub fn new_actor(root: &Path, name: &str, kind: Option<&str>) -> Result<PathBuf, Diagnostic> {
    require_site(root)?;
    let name = one_line(name);
    let slug = usable_slug(&name, "name", "actors")?;
    let file = Path::new("content/actors").join(format!("{slug}.md"));
    let kind = kind.map(|k| checked_kind(k, &file)).transpose()?;
    refuse_existing(root, "actors", &slug, &file)?;
    write_new(root, &file, &actor_text(&name, kind))?;
    Ok(file)
}

/// Writes `content/topics/<slug>.md` for a new topic and returns that path (relative to
/// `root`).
pub fn new_topic(root: &Path, name: &str) -> Result<PathBuf, Diagnostic> {
    require_site(root)?;
    let name = one_line(name);
    let slug = usable_slug(&name, "name", "topics")?;
    let file = Path::new("content/topics").join(format!("{slug}.md"));
    refuse_existing(root, "topics", &slug, &file)?;
    write_new(root, &file, &topic_text(&name))?;
    Ok(file)
}

/// Makes a new site in `dir` (created if missing; refused if it exists and is not an
/// empty folder) that builds and passes `briefing check` at once: `site.yaml`,
/// `.gitignore`, a fictional example article with its actor and topic, and `templates/`
/// and `static/` holding only a README on overriding the defaults. `check` warns until
/// `base_url` is set (`no-base-url`) and the examples are replaced (`placeholder-text`),
/// so `check --deny-warnings` fails until then.
///
/// Returns the files written, relative to `dir`, in the order written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    refuse_non_empty(dir)?;
    fs::create_dir_all(dir).map_err(|e| io_error(dir, "cannot create the folder", &e))?;
    let title = title_from_folder(dir);
    let files: Vec<(&str, String)> = vec![
        ("site.yaml", site_yaml(&title)),
        (
            ".gitignore",
            "# The built site: `briefing build` writes it.\n/public/\n".into(),
        ),
        (EXAMPLE_ARTICLE_PATH, EXAMPLE_ARTICLE.to_string()),
        (EXAMPLE_ACTOR_PATH, EXAMPLE_ACTOR.to_string()),
        (EXAMPLE_TOPIC_PATH, EXAMPLE_TOPIC.to_string()),
        ("templates/README.md", templates_readme()),
        ("static/README.md", static_readme()),
    ];
    let mut written = Vec::with_capacity(files.len());
    for (path, text) in files {
        let path = PathBuf::from(path);
        write_new(dir, &path, &text).map_err(|mut problem| {
            problem.file = dir.join(&problem.file);
            problem
        })?;
        written.push(path);
    }
    Ok(written)
}

// ---------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------

/// `new` writes into an existing site: a folder with `content/` or `site.yaml`. Missing
/// `content/<kind>/` folders are then created; a missing or unrelated folder is refused,
/// so a forgotten `--root` does not scatter `content/` folders around.
fn require_site(root: &Path) -> Result<(), Diagnostic> {
    if root.join("content").is_dir() || root.join("site.yaml").is_file() {
        return Ok(());
    }
    let shown = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let message = if root.is_dir() {
        "not a site: this folder has no `content/` folder or `site.yaml`"
    } else {
        "no such folder"
    };
    Err(Diagnostic::error(code::NO_SITE, shown, message).with_hint(
        "run this inside a site folder, pass `--root DIR`, or make a site with `briefing init DIR`",
    ))
}

/// Titles and names are one line: runs of white space (line breaks included) become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn usable_slug(name: &str, what: &str, folder: &str) -> Result<String, Diagnostic> {
    let slug = slug_for(name);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            code::BAD_SLUG,
            Path::new("content").join(folder),
            format!("the {what} `{name}` gives no usable slug"),
        )
        .with_hint("use a name with letters or digits; file names are made of a-z, 0-9 and -"));
    }
    Ok(slug)
}

/// `YYYY-MM-DD` or RFC 3339, as the loader reads them; returned trimmed.
fn checked_date(date: &str, file: &Path) -> Result<String, Diagnostic> {
    let date = date.trim();
    let bare = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok();
    if bare || DateTime::parse_from_rfc3339(date).is_ok() {
        return Ok(date.to_string());
    }
    Err(
        Diagnostic::error(code::BAD_DATE, file, format!("`{date}` is not a date"))
            .with_hint("write YYYY-MM-DD (e.g. 2025-02-27) or an RFC 3339 timestamp (e.g. 2025-02-27T07:00:00Z)"),
    )
}

/// Today's date in the site's timezone, so a bare date is never after "now" for the build.
fn today(root: &Path) -> Result<String, Diagnostic> {
    let path = root.join("site.yaml");
    let config = if path.is_file() {
        let text = fs::read_to_string(&path)
            .map_err(|e| io_error(Path::new("site.yaml"), "cannot read", &e))?;
        config::parse_site_file(Path::new("site.yaml"), &text).map_err(|problem| {
            problem.with_hint("fix site.yaml, or give the date with `--date YYYY-MM-DD`")
        })?
    } else {
        config::SiteConfig::default()
    };
    let now = config.timezone.localise(Utc::now().fixed_offset());
    Ok(now.date_naive().format("%Y-%m-%d").to_string())
}

fn checked_kind(kind: &str, file: &Path) -> Result<&'static str, Diagnostic> {
    let wanted = kind.trim().to_ascii_lowercase();
    if let Some(known) = ACTOR_KINDS.iter().find(|k| **k == wanted) {
        return Ok(known);
    }
    let hint = diagnostics::did_you_mean(&wanted, ACTOR_KINDS)
        .unwrap_or_else(|| format!("use one of: {}", ACTOR_KINDS.join(", ")));
    Err(Diagnostic::error(
        code::BAD_CONFIG,
        file,
        format!("`{kind}` is not an actor kind"),
    )
    .with_hint(hint))
}

/// Every `*.md` under `content/<folder>/` (sub-folders included, as the loader reads
/// them), as (slug, path relative to `root`), sorted by path.
fn existing(root: &Path, folder: &str) -> Vec<(String, PathBuf)> {
    let dir = root.join("content").join(folder);
    let mut found = Vec::new();
    if !dir.is_dir() {
        return found;
    }
    for entry in WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name.starts_with('.') {
            continue;
        }
        if let Some(stem) = name.strip_suffix(".md") {
            let file = entry.path().strip_prefix(root).unwrap_or(entry.path());
            found.push((stem.to_string(), file.to_path_buf()));
        }
    }
    found
}

/// Refuses `file` when it, or another file of the kind with the same slug in any letter
/// case (a `duplicate-slug` to be), already exists.
fn refuse_existing(root: &Path, folder: &str, slug: &str, file: &Path) -> Result<(), Diagnostic> {
    let clash = existing(root, folder)
        .into_iter()
        .find(|(other, _)| other.eq_ignore_ascii_case(slug))
        .map(|(_, path)| path)
        .or_else(|| root.join(file).exists().then(|| file.to_path_buf()));
    match clash {
        Some(path) => Err(already_exists(&path, file)),
        None => Ok(()),
    }
}

fn already_exists(existing: &Path, wanted: &Path) -> Diagnostic {
    // The diagnostic's location names `existing`; the message need not repeat it.
    let message = if existing == wanted {
        "this file already exists; briefing never overwrites a file".to_string()
    } else {
        format!(
            "this file already has the slug of {}; briefing never overwrites a file",
            wanted.display()
        )
    };
    Diagnostic::error(code::UNSAFE_OUTPUT, existing, message)
        .with_hint("edit the existing file, or choose another title or name")
}

/// Resolves `--actor`/`--topic` values to slugs of existing files: a slug as written, or a
/// name whose slug exists. Duplicates are dropped, the order is kept.
fn references(
    root: &Path,
    folder: &str,
    what: &str,
    wanted: &[String],
) -> Result<Vec<String>, Diagnostic> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let known = existing(root, folder);
    let is_known = |slug: &str| known.iter().any(|(s, _)| s == slug);
    let mut slugs: Vec<String> = Vec::new();
    for value in wanted {
        let value = value.trim();
        let slug = if is_known(value) {
            value.to_string()
        } else {
            let slug = slug_for(value);
            if slug.is_empty() || !is_known(&slug) {
                let hint = diagnostics::did_you_mean(
                    if slug.is_empty() { value } else { &slug },
                    known.iter().map(|(s, _)| s.as_str()),
                )
                .unwrap_or_else(|| {
                    format!("create it first with `briefing new {what} \"{value}\"`")
                });
                return Err(Diagnostic::error(
                    code::UNKNOWN_SLUG,
                    Path::new("content").join(folder),
                    format!("unknown {what} `{value}`: no content/{folder}/{slug}.md"),
                )
                .with_hint(hint));
            }
            slug
        };
        if !slugs.contains(&slug) {
            slugs.push(slug);
        }
    }
    Ok(slugs)
}

/// `init` fills only a new or empty folder.
fn refuse_non_empty(dir: &Path) -> Result<(), Diagnostic> {
    let metadata = match fs::symlink_metadata(dir) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(dir, "cannot read", &e)),
    };
    if !metadata.is_dir() {
        return Err(
            Diagnostic::error(code::UNSAFE_OUTPUT, dir, "this exists and is not a folder")
                .with_hint("choose a new folder name, e.g. `briefing init my-briefing`"),
        );
    }
    let mut entries = fs::read_dir(dir).map_err(|e| io_error(dir, "cannot read", &e))?;
    if entries.next().is_some() {
        return Err(Diagnostic::error(
            code::UNSAFE_OUTPUT,
            dir,
            "this folder is not empty; briefing init only fills a new or empty folder",
        )
        .with_hint("choose a new folder name, e.g. `briefing init my-briefing`"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

/// Creates `root/file` (and its missing folders) with `text`; never replaces a file.
fn write_new(root: &Path, file: &Path, text: &str) -> Result<(), Diagnostic> {
    let path = root.join(file);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| {
            io_error(
                file.parent().unwrap_or(file),
                "cannot create the folder",
                &e,
            )
        })?;
    }
    let mut out = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => already_exists(file, file),
            _ => io_error(file, "cannot create", &e),
        })?;
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.sync_all()) {
        drop(out);
        let _ = fs::remove_file(&path); // leave no half-written file behind
        return Err(io_error(file, "cannot write", &e));
    }
    Ok(())
}

fn io_error(file: &Path, what: &str, error: &io::Error) -> Diagnostic {
    Diagnostic::error(code::IO, file, format!("{what}: {error}"))
}

/// A YAML double-quoted string: `\` and `"` escaped, and control characters too.
fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML flow list of slugs (which need no quoting: `[a-z0-9-]`).
fn slug_list(slugs: &[String]) -> String {
    format!("[{}]", slugs.join(", "))
}

fn article_text(title: &str, date: &str, actors: &[String], topics: &[String]) -> String {
    format!(
        "---
title: {title}
date: {date}
summary: \"\"
# Slugs of the actors and topics this article concerns: file names in content/actors/
# and content/topics/. Those the text mentions by name or alias are found as well.
actors: {actors}
topics: {topics}
# Optional (the README lists every key):
# source: {{ publisher: \"\", url: \"https://\", author: \"\", published: {date} }}
# quotes:              # statements; each text must occur word for word in the article
#   - by: actor-slug
#     text: \"...\"
# annotations:         # your notes, anchored to a passage of the article
#   - quote: \"...\"
#     kind: context    # context | analysis | claim | correction
#     note: \"...\"
---
{replace} the article's text, in Markdown.
",
        replace = placeholder::REPLACE_LINE,
        title = yaml_string(title),
        actors = slug_list(actors),
        topics = slug_list(topics),
    )
}

fn actor_text(name: &str, kind: Option<&str>) -> String {
    let kind_line = match kind {
        Some(kind) => format!("kind: {kind}"),
        None => "# kind: person".to_string(),
    };
    format!(
        "---
name: {quoted}
# One of: {kinds}.
{kind_line}
# Other names that count as a mention in an article; \"(?i)\" matches in any letter
# case, e.g. [\"Sir Keir\", \"(?i)the prime minister\"].
aliases: []
# Optional: wikidata: Q00000, links: [\"https://...\"], affiliations: [actor-slug],
# roles: [{{ office: office-slug, from: YYYY-MM-DD, to: YYYY-MM-DD }}]
---
{replace} a short profile of {name}: who they are and why they matter here.
",
        replace = placeholder::REPLACE_LINE,
        quoted = yaml_string(name),
        kinds = ACTOR_KINDS.join(", "),
    )
}

fn topic_text(name: &str) -> String {
    format!(
        "---
name: {quoted}
# Other words that count as a mention in an article; \"(?i)\" matches in any letter
# case, e.g. [\"(?i)defence budget\"].
aliases: []
# Optional: the slug of a broader topic.
# parent: topic-slug
---
{replace} a short description of {name}: what it covers and why it matters here.
",
        replace = placeholder::REPLACE_LINE,
        quoted = yaml_string(name),
    )
}

// ---------------------------------------------------------------------------------------
// What `init` writes
// ---------------------------------------------------------------------------------------

/// "my-briefing" → "My briefing"; "My briefing" when the folder name gives nothing.
fn title_from_folder(dir: &Path) -> String {
    let name = fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words = one_line(&name.replace(['-', '_', '.'], " "));
    let mut chars = words.chars();
    match chars.next() {
        Some(first) if words.chars().any(char::is_alphanumeric) => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => "My briefing".to_string(),
    }
}

fn site_yaml(title: &str) -> String {
    format!(
        "# Settings of this briefing site. Every key is optional.
title: {title}
description: \"What happened, and who said what.\"
language: en
timezone: UTC                  # an IANA name such as Europe/London, UTC, or an offset such as +01:00

# Where the site will be published; every internal link gets its path. `--base-url`
# overrides it, e.g. in CI. Until it is a full http(s) address there is no sitemap.xml,
# and `briefing check` warns (no-base-url):
# base_url: \"https://example.org/brief/\"

# Link pages relatively, so the built site opens straight from disk (a zip, a share)
# and works under any sub-path without rebuilding:
# relative_urls: true

# Raw HTML in Markdown bodies is escaped; `allow` passes it through:
# markdown: {{ raw_html: escape }}
",
        title = yaml_string(title)
    )
}

const EXAMPLE_ARTICLE_PATH: &str = "content/articles/example-bay-night-ferry.md";
const EXAMPLE_ACTOR_PATH: &str = "content/actors/tamsin-brightwater.md";
const EXAMPLE_TOPIC_PATH: &str = "content/topics/night-ferry.md";

const EXAMPLE_ARTICLE: &str = r#"---
# A FICTIONAL EXAMPLE written by `briefing init`: Example Bay, its council and its mayor
# do not exist, and none of this happened. Read it to see how an article is put together,
# then delete it (with the example actor and topic) and write your own:
#   briefing new article "Title" --actor SLUG --topic SLUG
title: "Example Bay to study a night ferry (fictional example)"
date: 2025-01-14                 # YYYY-MM-DD in the site's timezone, or RFC 3339
summary: "A made-up news item showing how an article links to its actors and topics, highlights a statement and carries an annotation."
source: { publisher: "The Example Bay Gazette (fictional)" }
actors: [tamsin-brightwater]     # actor slugs: the file names in content/actors/
topics: [night-ferry]            # topic slugs: the file names in content/topics/
quotes:                          # statements: each text must occur word for word below
  - by: tamsin-brightwater
    text: "People who finish work after midnight deserve a way home"
annotations:                     # your notes, anchored to a passage of the text below
  - quote: "report back by the summer"
    kind: analysis               # context | analysis | claim | correction
    note: "An annotation is shown beside its passage. `briefing check` fails if the passage is not in the text, so notes never drift from what they comment on."
---
*This is a fictional example made by `briefing init`. None of it happened.*

The council of Example Bay voted on Tuesday to study a night ferry across the bay, after
a year of complaints from hospital and harbour staff that the last bus leaves at eleven.

Mayor Tamsin Brightwater, who proposed the study, said officials would report back by the summer on the cost of two late crossings a night.

"People who finish work after midnight deserve a way home," Brightwater told the
meeting. "We will look at what it costs before we promise anything."

Two councillors voted against, saying the money would be better spent on a later bus.
"#;

const EXAMPLE_ACTOR: &str = r#"---
# A FICTIONAL EXAMPLE written by `briefing init`: this person does not exist.
name: "Tamsin Brightwater"
kind: person                     # person | office | government | organisation | country | group
aliases: ["Brightwater", "(?i)the mayor"]   # "(?i)" matches in any letter case
---
*A fictional example made by `briefing init`.*

Tamsin Brightwater is the invented mayor of Example Bay, a fictional town used to show how
an actor's page collects the articles, statements and mentions that concern them.
"#;

const EXAMPLE_TOPIC: &str = r#"---
# A FICTIONAL EXAMPLE written by `briefing init`.
name: "Night ferry"
aliases: ["(?i)night ferry", "(?i)late crossings"]
---
*A fictional example made by `briefing init`.*

Plans for a late-night ferry across Example Bay, a fictional town. A topic page gathers every
article that lists or mentions the topic.
"#;

fn templates_readme() -> String {
    let defaults: Vec<String> = crate::render::theme::DEFAULT_TEMPLATES
        .iter()
        .map(|f| format!("- `{}`", f.path))
        .collect();
    format!(
        "# Templates

This folder holds only this README on purpose: the site uses briefing's built-in
templates, which are compiled into the `briefing` program. Put a file here only to change
one of them.

Overriding works file by file. A file here with the same path as a built-in template
replaces that one template; every other template stays the built-in one. To change how
article pages look, for example, copy the default `article.html` into this folder as
`templates/article.html` and edit it; to change only the actor and topic chips, copy
`partials/chips.html` to `templates/partials/chips.html`.

The defaults, and a reference of every variable each template receives, are in the
`templates/` folder of the briefing source (its `README.md`). The built-in templates are:

{defaults}

Notes:

- Templates are [Tera](https://keats.github.io/tera/) templates. Files ending `.html`,
  `.xml`, `.txt`, `.json` or `.js` are loaded; others (like this README) are ignored.
- You may add templates of your own and `include` or `extend` them.
- A template error stops the build and names the file and line; `briefing check` shows it
  without building.
",
        defaults = defaults.join("\n")
    )
}

fn static_readme() -> String {
    let defaults: Vec<String> = crate::render::theme::DEFAULT_STATIC
        .iter()
        .map(|f| format!("- `{}`", f.path))
        .collect();
    format!(
        "# Static files

Every file in this folder (sub-folders included) is copied into the built site at the same
path: `static/logo.png` becomes `logo.png` at the site's root, `static/img/map.svg`
becomes `img/map.svg`. This README is not copied.

Overriding works file by file: a file here with the same path as one of briefing's
built-in static files replaces it, and the others stay in use. The built-in files, compiled
into the `briefing` program (their sources are in the `static/` folder of the briefing
source), are:

{defaults}

So `static/style.css` here replaces the default stylesheet. Start from a copy of the
default one if you only want to adjust it.
",
        defaults = defaults.join("\n")
    )
}

#[cfg(test)]
mod tests;
