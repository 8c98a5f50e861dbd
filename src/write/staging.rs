//! The staging folder a build writes its pages into, one page at a time and from any
//! thread, before the whole folder is swapped in as the output.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashSet;
use walkdir::WalkDir;

use super::MARKER;
use crate::diagnostics::{Diagnostic, code};
use crate::render::Page;

/// A staging folder being filled: [`Staging::put`] writes one page, and may be called from
/// many threads at once. A page whose bytes equal the old output's file is hard-linked from
/// it instead, so it keeps its modification time.
pub struct Staging {
    folder: PathBuf,
    /// The output as it was before this build, if any.
    old: Option<PathBuf>,
    /// Every path put so far, relative to the folder (`/`-separated).
    produced: Mutex<FxHashSet<String>>,
    /// The folders made so far, relative to the folder: a page beside another needs none.
    folders: Mutex<FxHashSet<String>>,
    /// How many of them are HTML pages.
    html_pages: AtomicUsize,
}

impl Staging {
    /// Opens `folder` (already created) for pages, with the marker that says briefing wrote
    /// it. `old` is the current output, whose unchanged files are linked rather than written.
    pub(super) fn open(folder: PathBuf, old: Option<PathBuf>) -> Result<Staging, Diagnostic> {
        let marker = "This folder is written by briefing and replaced on every build.\n";
        let new_marker = folder.join(MARKER);
        match old.as_ref().map(|o| o.join(MARKER)) {
            Some(previous) if same_bytes(&previous, marker.as_bytes()) => {
                keep(&previous, &new_marker)
            }
            _ => fs::write(&new_marker, marker),
        }
        .map_err(|e| io_error(&folder, "write", e))?;
        Ok(Staging {
            folder,
            old,
            produced: Mutex::new(FxHashSet::default()),
            folders: Mutex::new(FxHashSet::default()),
            html_pages: AtomicUsize::new(0),
        })
    }

    /// Writes one page (its path is relative to the site's root, `/`-separated).
    ///
    /// Errors: the folder or file could not be created or written (`io`, naming the path).
    pub fn put(&self, page: &Page) -> Result<(), Diagnostic> {
        let path = self.folder.join(&page.path);
        if let (Some(dir), Some((relative, _))) = (path.parent(), page.path.rsplit_once('/')) {
            let made = self.folders.lock().is_ok_and(|f| f.contains(relative));
            if !made {
                fs::create_dir_all(dir).map_err(|e| io_error(dir, "create folder", e))?;
                if let Ok(mut folders) = self.folders.lock() {
                    folders.insert(relative.to_string());
                }
            }
        }
        let previous = self.old.as_ref().map(|o| o.join(&page.path));
        match previous {
            Some(previous) if same_bytes(&previous, &page.bytes) => keep(&previous, &path),
            _ => fs::write(&path, &page.bytes),
        }
        .map_err(|e| io_error(&path, "write", e))?;
        if page.path.ends_with(".html") {
            self.html_pages.fetch_add(1, Ordering::Relaxed);
        }
        if let Ok(mut produced) = self.produced.lock() {
            produced.insert(page.path.clone());
        }
        Ok(())
    }

    /// How many HTML pages have been put so far.
    pub fn html_pages(&self) -> usize {
        self.html_pages.load(Ordering::Relaxed)
    }

    /// Completes the folder: without `clean`, the old output's files that this build did
    /// not produce are carried over unchanged.
    pub(super) fn finish(self, clean: bool) -> Result<(), Diagnostic> {
        let (Some(old), false) = (&self.old, clean) else {
            return Ok(());
        };
        let produced = self
            .produced
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        for entry in WalkDir::new(old)
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
        {
            let Ok(inside) = entry.path().strip_prefix(old) else {
                continue;
            };
            let name = inside.to_string_lossy().replace('\\', "/");
            if !entry.file_type().is_file() || name == MARKER || produced.contains(&name) {
                continue;
            }
            let target = self.folder.join(inside);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(|e| io_error(dir, "create folder", e))?;
            }
            keep(entry.path(), &target).map_err(|e| io_error(&target, "keep", e))?;
        }
        Ok(())
    }
}

fn io_error(path: &Path, what: &str, e: io::Error) -> Diagnostic {
    Diagnostic::error(code::IO, path, format!("cannot {what}: {e}"))
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
