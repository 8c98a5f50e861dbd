//! Watching the sources: bursts of file-system events become one rebuild, told which
//! files changed when the events named them all.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::sync::mpsc;

use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::diagnostics::{Diagnostic, code};

use super::{Builds, ServeOptions, Shared, rebuild};

/// How long the sources must be quiet before a rebuild: editors save in bursts.
const QUIET: Duration = Duration::from_millis(80);

/// The folders a site is built from, watched with all they hold.
const SOURCE_FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// Watches the sources and rebuilds after each burst of changes. Reads (which the
/// build itself causes) are ignored; renames and swaps count, so every editor works.
/// Only the root itself (for `site.yaml` and new source folders) and the source folders
/// are watched, so `public/` or `target/` churning never delays a rebuild.
pub(super) fn watch(
    options: &ServeOptions,
    builds: Builds,
    shared: Shared,
) -> Result<(), Diagnostic> {
    let root = options.root.clone();
    let drafts = options.drafts;
    let cannot = |e: notify::Error| {
        Diagnostic::error(
            code::IO,
            &options.root,
            format!("cannot watch for changes: {e}"),
        )
    };
    // Watching the canonical path makes every event's path start with it.
    let watched_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
    let (sender, changes) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(sender).map_err(cannot)?;
    watcher
        .watch(&watched_root, RecursiveMode::NonRecursive)
        .map_err(cannot)?;
    for folder in SOURCE_FOLDERS {
        let path = watched_root.join(folder);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(cannot)?;
        }
    }
    std::thread::spawn(move || {
        let relevant = |event: &notify::Result<Event>| match event {
            Ok(event) => {
                !matches!(event.kind, EventKind::Access(_))
                    && event.paths.iter().any(|p| is_source(&watched_root, p))
            }
            Err(_) => false,
        };
        while let Ok(event) = changes.recv() {
            if !relevant(&event) {
                continue;
            }
            let mut changed = ChangedFiles::default();
            changed.add(&watched_root, &event);
            // Debounce: wait until no relevant change has come for a moment.
            let mut quiet_from = Instant::now() + QUIET;
            loop {
                let now = Instant::now();
                if now >= quiet_from {
                    break;
                }
                match changes.recv_timeout(quiet_from - now) {
                    Ok(event) if relevant(&event) => {
                        changed.add(&watched_root, &event);
                        quiet_from = Instant::now() + QUIET;
                    }
                    Ok(_) => {}
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            // A source folder made while serving is watched from now on.
            for folder in SOURCE_FOLDERS {
                let path = watched_root.join(folder);
                if path.is_dir() {
                    let _ = watcher.watch(&path, RecursiveMode::Recursive);
                }
            }
            rebuild(&builds, &root, drafts, &shared, changed.files());
        }
    });
    Ok(())
}

/// The files a burst of events names, relative to the root.
#[derive(Default)]
struct ChangedFiles {
    files: Vec<PathBuf>,
    /// An event named no file, or lost some: every file must be looked at.
    unknown: bool,
}

impl ChangedFiles {
    fn add(&mut self, root: &Path, event: &notify::Result<Event>) {
        let Ok(event) = event else {
            self.unknown = true;
            return;
        };
        if event.need_rescan() || event.paths.is_empty() {
            self.unknown = true;
        }
        for path in &event.paths {
            match path.strip_prefix(root) {
                Ok(inside) => self.files.push(inside.to_path_buf()),
                Err(_) => self.unknown = true,
            }
        }
    }

    fn files(self) -> Option<Vec<PathBuf>> {
        (!self.unknown).then_some(self.files)
    }
}

/// Whether a changed path is one the site is built from.
pub(super) fn is_source(root: &Path, changed: &Path) -> bool {
    let Ok(inside) = changed.strip_prefix(root) else {
        return false;
    };
    let mut parts = inside.components();
    match parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
    {
        Some(first) => {
            matches!(first.as_str(), "content" | "templates" | "static")
                || (first == "site.yaml" && parts.next().is_none())
        }
        None => false,
    }
}
