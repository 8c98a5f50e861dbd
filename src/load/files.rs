//! Finding and reading content files: the walk, UTF-8 and size limits, front matter
//! split and parsed, slugs from file names.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, code};
use crate::load::content::{Front, Origin};
use crate::load::slug::slug_for;
use crate::load::survey::Survey;
use crate::load::yaml;

/// Files larger than this are refused rather than read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// A content file split and its front matter parsed into `F`.
pub(crate) struct Entry<F> {
    pub origin: Origin,
    pub front: F,
    pub body: String,
    /// The front matter's problems, when it did not read whole and `front` is what could
    /// be kept of it ([`Front::salvage`]).
    pub problems: Vec<Diagnostic>,
}

/// The regular files under `dir` of the site at `root`, in walk order (sorted by name),
/// with the problems met. Links are never followed, not even when `dir` itself is one;
/// each is reported as a `skipped-file` warning, and so is anything that is not a
/// regular file (a named pipe, a socket, a device), which could hang or leak a read.
/// Names starting with `.` are left out silently; `dir` missing gives nothing.
pub fn regular_files(root: &Path, dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_symlink() => {
            problems.push(linked(relative(root, dir)));
            return (files, problems);
        }
        Ok(meta) if meta.is_dir() => {}
        _ => return (files, problems),
    }
    let walk = WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name();
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let file = error.path().map(|p| relative(root, p)).unwrap_or_default();
                problems.push(Diagnostic::error(
                    code::IO,
                    file,
                    format!("cannot read: {error}"),
                ));
                continue;
            }
        };
        let kind = entry.file_type();
        if entry.file_name().to_string_lossy().starts_with('.') || kind.is_dir() {
            continue;
        }
        let file = relative(root, entry.path());
        if kind.is_symlink() {
            problems.push(linked(file));
        } else if kind.is_file() {
            files.push(entry.into_path());
        } else {
            problems.push(
                Diagnostic::warning(
                    code::SKIPPED_FILE,
                    file,
                    "not a regular file (a pipe, socket or device), skipped",
                )
                .with_hint("only regular files are read; remove it or replace it with a file"),
            );
        }
    }
    (files, problems)
}

/// The warning for a symbolic link met where a site file or folder was expected.
pub fn linked(file: PathBuf) -> Diagnostic {
    Diagnostic::warning(code::SKIPPED_FILE, file, "symbolic link skipped").with_hint(
        "briefing never reads through links; copy the file or folder into the site instead",
    )
}

/// Markdown files under `dir`, sorted; other files, links and special files are reported.
pub(crate) fn list_markdown(root: &Path, dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let (files, mut problems) = regular_files(root, dir);
    let mut paths = Vec::new();
    for path in files {
        if path.extension().is_some_and(|e| e == "md") {
            paths.push(path);
        } else {
            problems.push(
                Diagnostic::warning(
                    code::SKIPPED_FILE,
                    relative(root, &path),
                    "not a Markdown file, skipped",
                )
                .with_hint("content files end in `.md`"),
            );
        }
    }
    (paths, problems)
}

pub(crate) fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads a file as UTF-8, refusing oversized files and naming the first bad byte.
pub(crate) fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let file = relative(root, path);
    let meta = fs::symlink_metadata(path)
        .map_err(|e| Diagnostic::error(code::IO, &file, format!("cannot read: {e}")))?;
    // A pipe would block the read forever, and a link could lead outside the site.
    if !meta.is_file() {
        return Err(
            Diagnostic::error(code::IO, &file, "not a regular file: not read")
                .with_hint("only regular files are read; replace it with a file"),
        );
    }
    let size = meta.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            code::FILE_TOO_LARGE,
            &file,
            format!("file is {size} bytes, over the 10 MiB limit"),
        )
        .with_hint("split it into smaller files"));
    }
    let bytes = fs::read(path)
        .map_err(|e| Diagnostic::error(code::IO, &file, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Diagnostic::error(
            code::INVALID_UTF8,
            &file,
            format!("invalid UTF-8 at byte offset {offset}"),
        )
        .at_line(line)
        .with_hint("save the file as UTF-8")
    })
}

/// Reads and splits a content file and parses its front matter. A front matter that does
/// not read whole is read again field by field ([`Survey`]) for every problem it has, not
/// only the first; what can be kept of it is kept (articles), else the file is left out.
pub(crate) fn read_entry<F: Front>(root: &Path, path: &Path) -> Result<Entry<F>, Vec<Diagnostic>> {
    let file = relative(root, path);
    let slug = slug_of(&file).map_err(|problem| vec![problem])?;
    let text = read_text(root, path).map_err(|problem| vec![problem])?;
    let parts = yaml::split_front_matter(&text).ok_or_else(|| {
        vec![
            Diagnostic::error(code::MISSING_FRONT_MATTER, &file, "missing front matter")
                .at_line(1)
                .with_hint("start the file with a `---` line, YAML fields, and another `---` line"),
        ]
    })?;
    let (front, mut problems) = match yaml::parse(&file, parts.yaml, parts.yaml_line) {
        Ok(front) => (front, Vec::new()),
        Err(first) => {
            let Some(survey) = Survey::new(&file, parts.yaml, parts.yaml_line) else {
                return Err(vec![first]);
            };
            let mut problems = survey.problems(F::shape());
            if problems.is_empty() {
                problems.push(first);
            }
            match F::salvage(&survey) {
                Some(front) => (front, problems),
                None => return Err(problems),
            }
        }
    };
    let origin = Origin {
        slug,
        file,
        yaml_line: parts.yaml_line,
        body_line: parts.body_line,
    };
    if problems.is_empty() {
        problems = front.second_look(&origin, parts.yaml);
    }
    Ok(Entry {
        origin,
        front,
        body: parts.body.to_string(),
        problems,
    })
}

/// The slug is the file name without `.md`, limited to `[a-z0-9-]`.
pub(crate) fn slug_of(file: &Path) -> Result<String, Diagnostic> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let valid = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        return Ok(stem);
    }
    // The hint names the file `briefing new` would have written for this name.
    let hint = match slug_for(&stem) {
        slug if slug.is_empty() => {
            "rename the file with letters or digits: a-z, 0-9 and -".to_string()
        }
        slug => format!("rename the file to `{slug}.md`"),
    };
    Err(Diagnostic::error(
        code::BAD_SLUG,
        file,
        format!("`{stem}` is not a valid slug: use only a-z, 0-9 and -"),
    )
    .with_hint(hint))
}

/// File names of one kind that are equal but for letter case (`Nato.md`, `nato.md`).
pub(crate) fn slugs_differing_by_case(root: &Path, paths: &[&PathBuf]) -> Vec<Diagnostic> {
    let mut seen: HashMap<String, &Path> = HashMap::new();
    let mut problems = Vec::new();
    for path in paths {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let exact = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(first) = seen.insert(stem.clone(), path)
            && first
                .file_stem()
                .is_some_and(|f| f.to_string_lossy() != exact)
        {
            problems.push(
                Diagnostic::error(
                    code::DUPLICATE_SLUG,
                    relative(root, path),
                    format!(
                        "slug `{stem}` is also used by {}, but for letter case",
                        relative(root, first).display()
                    ),
                )
                .with_hint("slugs are lower case: keep one of the two files"),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_file_names() {
        assert_eq!(
            slug_of(Path::new("content/actors/keir-starmer.md")).unwrap(),
            "keir-starmer"
        );
        let error = slug_of(Path::new("content/actors/Keir Starmer.md")).unwrap_err();
        assert_eq!(
            error.hint.as_deref(),
            Some("rename the file to `keir-starmer.md`")
        );
    }

    #[test]
    fn rename_hints_transliterate_as_briefing_new_does() {
        let hint = |name: &str| slug_of(Path::new(name)).unwrap_err().hint.unwrap();
        assert_eq!(
            hint("content/articles/Zürich-café.md"),
            "rename the file to `zurich-cafe.md`"
        );
        assert_eq!(
            hint("content/topics/Ελλάδα.md"),
            "rename the file to `ellada.md`"
        );
        assert_eq!(
            hint("content/actors/Trump's Plan.md"),
            "rename the file to `trumps-plan.md`"
        );
        assert!(!hint("content/actors/!!!.md").contains("`.md`"));
    }
}
