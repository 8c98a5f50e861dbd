//! Stage 4, write: pages into a staging folder beside the output, then swapped in whole.
//!
//! In: the `Page`s render made and the output folder. Out: that folder, replaced at once.
//! Write touches only the output folder and its staging sibling; it reads no site file.
//! A failed build never touches the previous output.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use std::collections::HashSet;

use rayon::prelude::*;
use walkdir::WalkDir;

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
pub fn write_site(output: &Path, pages: &[Page], clean: bool) -> Result<(), Diagnostic> {
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
    let old = output.is_dir().then_some(output);
    let written = write_pages(&staging, pages, old, clean);
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

/// Writes every page into `folder`. A page whose bytes equal the old output's file is
/// hard-linked from it instead, so it keeps its modification time; without `clean`, old files
/// that are no longer produced are kept too.
fn write_pages(
    folder: &Path,
    pages: &[Page],
    old: Option<&Path>,
    clean: bool,
) -> Result<(), Diagnostic> {
    let io_error = |path: &Path, what: &str, e: io::Error| {
        Diagnostic::error(code::IO, path, format!("cannot {what}: {e}"))
    };
    fs::create_dir_all(folder).map_err(|e| io_error(folder, "create folder", e))?;
    let marker = "This folder is written by briefing and replaced on every build.\n";
    let new_marker = folder.join(MARKER);
    match old.map(|o| o.join(MARKER)) {
        Some(previous) if same_bytes(&previous, marker.as_bytes()) => keep(&previous, &new_marker),
        _ => fs::write(&new_marker, marker),
    }
    .map_err(|e| io_error(folder, "write", e))?;
    pages.par_iter().try_for_each(|page| {
        let path = folder.join(&page.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, "create folder", e))?;
        }
        let previous = old.map(|o| o.join(&page.path));
        match previous {
            Some(previous) if same_bytes(&previous, &page.bytes) => keep(&previous, &path),
            _ => fs::write(&path, &page.bytes),
        }
        .map_err(|e| io_error(&path, "write", e))
    })?;
    if let (Some(old), false) = (old, clean) {
        let produced: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        for entry in WalkDir::new(old)
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
        {
            let Ok(inside) = entry.path().strip_prefix(old) else {
                continue;
            };
            let name = inside.to_string_lossy().replace('\\', "/");
            if !entry.file_type().is_file() || name == MARKER || produced.contains(name.as_str()) {
                continue;
            }
            let target = folder.join(inside);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(|e| io_error(dir, "create folder", e))?;
            }
            keep(entry.path(), &target).map_err(|e| io_error(&target, "keep", e))?;
        }
    }
    Ok(())
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let same_size = fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Carries an old file into the new output unchanged: a hard link, else a copy with its time.
fn keep(old: &Path, new: &Path) -> io::Result<()> {
    if fs::hard_link(old, new).is_ok() {
        return Ok(());
    }
    fs::copy(old, new)?;
    let modified = fs::metadata(old)?.modified()?;
    fs::File::options()
        .write(true)
        .open(new)?
        .set_modified(modified)
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
        write_site(&output, &[page("old/index.html", "old")], true).unwrap();
        write_site(&output, &[page("index.html", "new")], true).unwrap();
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
    fn unchanged_files_keep_their_time_and_stale_ones_stay_unless_clean() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(
            &output,
            &[
                page("a.html", "same"),
                page("b.html", "old"),
                page("gone.html", "x"),
            ],
            false,
        )
        .unwrap();
        let stamp = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for name in ["a.html", "b.html"] {
            fs::File::options()
                .write(true)
                .open(output.join(name))
                .unwrap()
                .set_modified(stamp)
                .unwrap();
        }
        write_site(
            &output,
            &[page("a.html", "same"), page("b.html", "new")],
            false,
        )
        .unwrap();
        let modified = |name: &str| fs::metadata(output.join(name)).unwrap().modified().unwrap();
        assert_eq!(modified("a.html"), stamp, "unchanged file was rewritten");
        assert_ne!(modified("b.html"), stamp);
        assert_eq!(fs::read_to_string(output.join("b.html")).unwrap(), "new");
        assert!(output.join("gone.html").exists(), "kept without --clean");
        write_site(
            &output,
            &[page("a.html", "same"), page("b.html", "new")],
            true,
        )
        .unwrap();
        assert!(!output.join("gone.html").exists(), "removed with --clean");
        assert_eq!(modified("a.html"), stamp);
    }

    #[test]
    fn never_removes_a_staging_name_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join(".public.staging");
        fs::create_dir_all(&theirs).unwrap();
        fs::write(theirs.join("keep.txt"), "mine").unwrap();
        assert!(
            write_site(
                &dir.path().join("public"),
                &[page("index.html", "x")],
                false
            )
            .is_err()
        );
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
