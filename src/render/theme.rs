//! Templates and static files: the embedded defaults, overridden file by file by the site's own.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tera::Tera;

use super::filters;
use crate::diagnostics::{Diagnostic, code};
use crate::load::regular_files;

/// A default file compiled into the binary.
pub struct EmbeddedFile {
    pub path: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! embed {
    ($dir:literal, $($path:literal),+ $(,)?) => {
        &[$(EmbeddedFile {
            path: $path,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $dir, "/", $path)),
        }),+]
    };
}

/// The default templates (every file of `templates/` but its README).
pub const DEFAULT_TEMPLATES: &[EmbeddedFile] = embed!(
    "templates",
    "base.html",
    "index.html",
    "article.html",
    "actors.html",
    "actor.html",
    "topics.html",
    "topic.html",
    "pair.html",
    "archive.html",
    "archive_month.html",
    "briefing.html",
    "briefings.html",
    "partials/article_list.html",
    "partials/article_card.html",
    "partials/article_chips.html",
    "partials/briefing_articles.html",
    "partials/chips.html",
    "partials/tallies.html",
    "partials/statement_groups.html",
    "partials/backlinks.html",
    "partials/pagination.html",
    "partials/timeline.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "search.html",
    "corrections.html",
);

/// The default static files (every file of `static/`).
pub const DEFAULT_STATIC: &[EmbeddedFile] = embed!("static", "style.css", "search.js");

/// Compiled templates plus the static files to copy, both after overrides.
pub struct Theme {
    pub tera: Tera,
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Template name → the file it came from, for diagnostics.
    pub template_files: BTreeMap<String, PathBuf>,
    /// Template name → its text, for placing errors Tera gives no position for.
    pub template_sources: BTreeMap<String, String>,
    /// Files skipped while loading, such as symbolic links.
    pub warnings: Vec<Diagnostic>,
}

/// Loads the theme of the site at `root`.
pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    for file in DEFAULT_TEMPLATES {
        let text = String::from_utf8_lossy(file.bytes).into_owned();
        sources.insert(file.path.to_string(), (builtin_path(file.path), text));
    }
    for (name, path) in site_files(root, "templates", &mut problems) {
        if !is_template(&name) {
            continue;
        }
        match fs::read_to_string(root.join(&path)) {
            Ok(text) => {
                sources.insert(name, (path, text));
            }
            Err(error) => problems.push(Diagnostic::error(
                code::IO,
                &path,
                format!("cannot read template: {error}"),
            )),
        }
    }
    let mut static_files: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
        .iter()
        .map(|f| (f.path.to_string(), f.bytes.to_vec()))
        .collect();
    for (name, path) in site_files(root, "static", &mut problems) {
        if name == "README.md" {
            continue;
        }
        match fs::read(root.join(&path)) {
            Ok(bytes) => {
                static_files.insert(name, bytes);
            }
            Err(error) => problems.push(Diagnostic::error(
                code::IO,
                &path,
                format!("cannot read: {error}"),
            )),
        }
    }
    let template_files: BTreeMap<String, PathBuf> = sources
        .iter()
        .map(|(name, (path, _))| (name.clone(), path.clone()))
        .collect();
    let template_sources: BTreeMap<String, String> = sources
        .iter()
        .map(|(name, (_, text))| (name.clone(), text.clone()))
        .collect();
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml", ".htm"]);
    filters::register(&mut tera);
    let templates = sources
        .iter()
        .map(|(name, (_, text))| (name.as_str(), text.as_str()));
    if let Err(error) = tera.add_raw_templates(templates) {
        let located = Located {
            files: &template_files,
            sources: &template_sources,
        };
        problems.extend(located.problems(&error, None));
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok(Theme {
        tera,
        static_files,
        template_files,
        template_sources,
        warnings: problems,
    })
}

/// Where a default template is reported from: the name a user would copy it to.
fn builtin_path(name: &str) -> PathBuf {
    PathBuf::from(format!("templates/{name} (built-in)"))
}

fn is_template(name: &str) -> bool {
    [".html", ".xml", ".txt", ".json", ".js"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Regular files under `root/<folder>`, as (name relative to that folder with `/`, path
/// relative to root). Links, even `<folder>` itself as one, are skipped and reported.
fn site_files(root: &Path, folder: &str, problems: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let dir = root.join(folder);
    let (files, skipped) = regular_files(root, &dir);
    problems.extend(skipped);
    let mut found = Vec::new();
    for file in files {
        let Ok(inside) = file.strip_prefix(&dir) else {
            continue;
        };
        let name: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        found.push((name.join("/"), Path::new(folder).join(inside)));
    }
    found
}

impl Theme {
    /// The error Tera gave rendering the template `rendering`, as a diagnostic naming the
    /// template file, line and column.
    pub fn render_problem(&self, error: &tera::Error, rendering: &str) -> Diagnostic {
        let located = Located {
            files: &self.template_files,
            sources: &self.template_sources,
        };
        let mut problems = located.problems(error, Some(rendering));
        problems.truncate(1);
        problems
            .pop()
            .unwrap_or_else(|| located.at_start(rendering, format!("template error: {error}")))
    }
}

/// The templates by name, their files and texts: where a Tera error is.
struct Located<'a> {
    files: &'a BTreeMap<String, PathBuf>,
    sources: &'a BTreeMap<String, String>,
}

impl Located<'_> {
    /// A Tera error as diagnostics, each naming the template's file, line and column: one
    /// per problem Tera found (it reports every unknown filter, function, test and
    /// include at once). `rendering` is the template being rendered, if any.
    ///
    /// Tera 2 gives a position with syntax and rendering errors; it reports unknown names
    /// as text ("error: …\n --> name:line:col"), which is read back here; errors of the
    /// inheritance chain name the template only, and are placed at the tag that names the
    /// other template. Whatever is left is placed at the start of the template concerned.
    fn problems(&self, error: &tera::Error, rendering: Option<&str>) -> Vec<Diagnostic> {
        use tera::ErrorKind;
        match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let name = Some(report.filename())
                    .filter(|name| !name.is_empty())
                    .or(rendering);
                let span = report.span();
                let message = format!("template error: {}", report.message());
                let width = match span.end_line == span.start_line {
                    true => span.end_col.saturating_sub(span.start_col),
                    false => 1,
                };
                match name {
                    Some(name) if span.start_line > 0 => vec![
                        self.at(name, span.start_line, span.start_col + 1, message)
                            .spanning(width),
                    ],
                    _ => vec![self.at_start(self.guess(name, &message), message)],
                }
            }
            ErrorKind::CircularExtend { tpl, .. } => {
                vec![self.at_word(tpl, "extends", format!("template error: {error}"))]
            }
            ErrorKind::CircularInclude { tpl, .. } => {
                vec![self.at_word(tpl, "include", format!("template error: {error}"))]
            }
            ErrorKind::MissingParent { current, parent } => {
                vec![self.at_word(current, parent, format!("template error: {error}"))]
            }
            ErrorKind::TemplateNotFound(missing) => {
                let within = self.guess(rendering, missing);
                vec![self.at_word(within, missing, format!("template error: {error}"))]
            }
            _ => {
                let mut text = error.to_string();
                let mut source = std::error::Error::source(error);
                while let Some(cause) = source {
                    text.push_str(&format!("\n{cause}"));
                    source = cause.source();
                }
                let reported = self.reports_in(&text);
                if !reported.is_empty() {
                    return reported;
                }
                let message = format!("template error: {}", text.replace('\n', ": "));
                vec![self.at_start(self.guess(rendering, &text), message)]
            }
        }
    }

    /// The `error: MESSAGE` / `--> name:line:col` blocks of Tera's text reports.
    fn reports_in(&self, text: &str) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            let Some(message) = line.trim_start().strip_prefix("error: ") else {
                continue;
            };
            let Some(place) = lines
                .peek()
                .and_then(|next| next.trim_start().strip_prefix("--> "))
            else {
                continue;
            };
            let mut parts = place.trim().rsplitn(3, ':');
            let (Some(column), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            // The underline, a few lines below: as wide as the name it marks.
            let width = lines
                .clone()
                .take(4)
                .filter_map(|l| l.split_once('|').map(|(_, marks)| marks.trim()))
                .find(|marks| !marks.is_empty() && marks.chars().all(|c| c == '^'))
                .map_or(1, |marks| marks.chars().count());
            if let (Ok(line), Ok(column)) = (line.parse::<usize>(), column.parse::<usize>())
                && self.files.contains_key(name)
            {
                let message = format!("template error: {message}");
                found.push(self.at(name, line, column, message).spanning(width));
            }
        }
        found
    }

    /// The template a message is about: `name` when known, else one the message names,
    /// else the first of the site's own (the built-in ones compile on their own, so a
    /// problem in the set is one of the site's).
    fn guess<'n>(&'n self, name: Option<&'n str>, message: &str) -> &'n str {
        if let Some(name) = name.filter(|name| self.files.contains_key(*name)) {
            return name;
        }
        let named = self.files.keys().find(|known| {
            ["`", "'", "\""]
                .iter()
                .any(|q| message.contains(&format!("{q}{known}{q}")))
        });
        let own = || {
            self.files
                .iter()
                .find(|(_, path)| !path.to_string_lossy().ends_with("(built-in)"))
                .map(|(name, _)| name)
        };
        named
            .or_else(own)
            .or_else(|| self.files.keys().next())
            .map_or("index.html", String::as_str)
    }

    fn file(&self, name: &str) -> PathBuf {
        self.files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    }

    fn at(&self, name: &str, line: usize, column: usize, message: String) -> Diagnostic {
        Diagnostic::error(code::TEMPLATE, self.file(name), message).at(line.max(1), column.max(1))
    }

    fn at_start(&self, name: &str, message: String) -> Diagnostic {
        self.at(name, 1, 1, message)
    }

    /// At the first place `word` is written in template `name` (its start if nowhere).
    fn at_word(&self, name: &str, word: &str, message: String) -> Diagnostic {
        let source = self.sources.get(name).map_or("", String::as_str);
        let place = source.lines().enumerate().find_map(|(index, text)| {
            text.find(word)
                .map(|at| (index + 1, text[..at].chars().count() + 1))
        });
        let (line, column) = place.unwrap_or((1, 1));
        self.at(name, line, column, message)
            .spanning(word.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut problems = Vec::new();
        let on_disk: Vec<String> = site_files(root, "templates", &mut problems)
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| is_template(name))
            .collect();
        let embedded: Vec<&str> = DEFAULT_TEMPLATES.iter().map(|f| f.path).collect();
        for name in &on_disk {
            assert!(
                embedded.contains(&name.as_str()),
                "templates/{name} is not embedded"
            );
        }
        let statics: Vec<String> = site_files(root, "static", &mut problems)
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| name != "README.md")
            .collect();
        assert_eq!(
            statics.len(),
            DEFAULT_STATIC.len(),
            "static/ and DEFAULT_STATIC differ"
        );
    }

    #[test]
    fn defaults_compile() {
        let empty = tempfile::tempdir().unwrap();
        assert!(load(empty.path()).is_ok());
    }

    #[test]
    fn a_site_template_overrides_and_errors_name_it() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir_all(site.path().join("templates")).unwrap();
        fs::write(
            site.path().join("templates/index.html"),
            "line one\n{% if %}\n",
        )
        .unwrap();
        let problems = load(site.path()).err().unwrap();
        assert_eq!(problems[0].file, PathBuf::from("templates/index.html"));
        assert_eq!(problems[0].line, Some(2));
    }
}
