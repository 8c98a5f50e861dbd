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
    "archive.html",
    "archive_month.html",
    "partials/article_list.html",
    "partials/chips.html",
    "partials/tallies.html",
    "partials/backlinks.html",
    "partials/pagination.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "search.html",
);

/// The default static files (every file of `static/`).
pub const DEFAULT_STATIC: &[EmbeddedFile] = embed!("static", "style.css", "search.js");

/// Compiled templates plus the static files to copy, both after overrides.
pub struct Theme {
    pub tera: Tera,
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Template name → the file it came from, for diagnostics.
    pub template_files: BTreeMap<String, PathBuf>,
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
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml", ".htm"]);
    filters::register(&mut tera);
    let templates = sources
        .iter()
        .map(|(name, (_, text))| (name.as_str(), text.as_str()));
    if let Err(error) = tera.add_raw_templates(templates) {
        problems.push(template_diagnostic(&error, &template_files));
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok(Theme {
        tera,
        static_files,
        template_files,
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

/// A Tera error as a diagnostic naming the template file and line.
pub fn template_diagnostic(error: &tera::Error, files: &BTreeMap<String, PathBuf>) -> Diagnostic {
    use tera::ErrorKind;
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let file = files
                .get(report.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(format!("templates/{}", report.filename())));
            let span = report.span();
            Diagnostic::error(
                code::TEMPLATE,
                file,
                format!("template error: {}", report.message()),
            )
            .at(span.start_line, span.start_col + 1)
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Diagnostic::error(
                code::TEMPLATE,
                "templates",
                format!("template error: {message}"),
            )
        }
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
