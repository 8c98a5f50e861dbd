//! Stage 4: write pages into a staging folder beside the output, then swap it in whole.
//!
//! A failed build never touches the previous output.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, code};
use crate::render::Page;

/// Marks a folder as written by briefing, so it may be replaced.
pub const MARKER: &str = ".briefing-output";

/// Refuses output folders that would destroy the user's own files.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            code::UNSAFE_OUTPUT,
            output,
            format!("refusing to write the site here: {why}"),
        )
        .with_hint("choose an empty or new folder with --output, such as `public`"))
    };
    let root = absolute(root);
    let target = absolute(output);
    if target == root {
        return refuse("it is the site root");
    }
    if root.starts_with(&target) {
        return refuse("it contains the site root");
    }
    if target.parent().is_none() {
        return refuse("it is the file-system root");
    }
    if std::env::var_os("HOME").is_some_and(|home| absolute(Path::new(&home)) == target) {
        return refuse("it is your home folder");
    }
    if target.is_file() {
        return refuse("it is a file");
    }
    let inside_sources = ["content", "templates", "static"]
        .iter()
        .any(|folder| target.starts_with(root.join(folder)));
    if inside_sources {
        return refuse("it is inside the site's content/, templates/ or static/ folder");
    }
    if target.join("content").exists() || target.join("templates").exists() {
        return refuse("it holds a `content/` or `templates/` folder");
    }
    let has_files = fs::read_dir(&target)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if has_files && !target.join(MARKER).exists() {
        return refuse("it is not empty and briefing did not write it");
    }
    Ok(())
}

/// The path made absolute and tidied of `.` and `..`, without touching the disk.
fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    fs::canonicalize(&clean).unwrap_or(clean)
}

/// Writes `pages` as the new content of `output`, atomically from a reader's view.
pub fn write_site(output: &Path, pages: &[Page]) -> Result<(), Diagnostic> {
    let fail = |what: &str, path: &Path, error: io::Error| {
        Diagnostic::error(code::IO, path, format!("cannot {what}: {error}"))
            .with_hint("check the folder's permissions and free space")
    };
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| fail("create folder", parent, e))?;
    let staging = parent.join(format!(".{name}.staging"));
    let previous = parent.join(format!(".{name}.previous"));
    for leftover in [&staging, &previous] {
        if !leftover.exists() {
            continue;
        }
        // Only a folder briefing wrote itself is removed; anything else is the user's.
        if !leftover.join(MARKER).is_file() {
            return Err(Diagnostic::error(
                code::UNSAFE_OUTPUT,
                leftover,
                "a folder of this name is in the way and briefing did not write it",
            )
            .with_hint("move or rename it; briefing uses it while swapping in a new build"));
        }
        fs::remove_dir_all(leftover).map_err(|e| fail("remove leftover folder", leftover, e))?;
    }
    let written = write_pages(&staging, pages);
    if let Err(problem) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(problem);
    }
    if output.exists() {
        fs::rename(output, &previous).map_err(|e| fail("move the old site aside", output, e))?;
    }
    if let Err(error) = fs::rename(&staging, output) {
        if previous.exists() {
            let _ = fs::rename(&previous, output);
        }
        return Err(fail("move the new site into place", output, error));
    }
    if previous.exists() {
        fs::remove_dir_all(&previous).map_err(|e| fail("remove the old site", &previous, e))?;
    }
    Ok(())
}

fn write_pages(folder: &Path, pages: &[Page]) -> Result<(), Diagnostic> {
    fs::create_dir_all(folder)
        .map_err(|e| Diagnostic::error(code::IO, folder, format!("cannot create folder: {e}")))?;
    fs::write(
        folder.join(MARKER),
        "This folder is written by briefing and replaced on every build.\n",
    )
    .map_err(|e| Diagnostic::error(code::IO, folder, format!("cannot write: {e}")))?;
    pages.par_iter().try_for_each(|page| {
        let path = folder.join(&page.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| {
                Diagnostic::error(code::IO, dir, format!("cannot create folder: {e}"))
            })?;
        }
        fs::write(&path, &page.bytes)
            .map_err(|e| Diagnostic::error(code::IO, &path, format!("cannot write: {e}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Page {
        Page {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_the_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(&output, &[page("old/index.html", "old")]).unwrap();
        write_site(&output, &[page("index.html", "new")]).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "new"
        );
        assert!(!output.join("old").exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging left behind"
        );
    }

    #[test]
    fn never_removes_a_staging_name_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join(".public.staging");
        fs::create_dir_all(&theirs).unwrap();
        fs::write(theirs.join("keep.txt"), "mine").unwrap();
        assert!(write_site(&dir.path().join("public"), &[page("index.html", "x")]).is_err());
        assert_eq!(fs::read_to_string(theirs.join("keep.txt")).unwrap(), "mine");
    }

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output(root, root).is_err());
        assert!(check_output(root, &root.join("..")).is_err());
        fs::create_dir_all(root.join("mine")).unwrap();
        fs::write(root.join("mine/notes.txt"), "keep").unwrap();
        assert!(check_output(root, &root.join("mine")).is_err());
        assert!(check_output(root, &root.join("public")).is_ok());
    }
}
