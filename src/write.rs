//! Stage 4, write: pages into a staging folder beside the output, then swapped in whole.
//!
//! In: the `Page`s render made and the output folder. Out: that folder, replaced at once.
//! Write touches only the output folder and the names beside it that it keeps for itself
//! (`.NAME.lock`, `.NAME.staging`, `.NAME.previous`); it reads no site file.
//!
//! The rules for the output folder:
//! - One build writes it at a time: [`lock_output`] takes a lock beside it, and a second
//!   build waits for the first (saying so) rather than failing or mixing the two.
//! - It is a whole site at every instant: on Linux staging and output change places in one
//!   step; elsewhere the old output is kept aside until the new one is in place.
//! - A build that finds what an interrupted one left recovers: a missing output comes back
//!   from the last whole site set aside, and staging leftovers are removed.
//! - A failed build leaves the output as it was. An old copy that cannot be removed once the
//!   new site is in place is a warning naming it; it never fails or blocks a build.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, code};
use crate::render::Page;

mod staging;

pub use staging::Staging;

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

/// The path made absolute, with every symbolic link on its way resolved, also when its
/// last parts do not exist yet.
fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<std::path::Component> = joined.components().collect();
    // The longest leading part that exists, its links resolved; the rest (not there yet,
    // so no link) applied by name. A link anywhere on the way is seen through.
    for split in (1..=parts.len()).rev() {
        let head: PathBuf = parts[..split].iter().collect();
        if let Ok(mut real) = fs::canonicalize(&head) {
            for part in &parts[split..] {
                match part {
                    std::path::Component::ParentDir => {
                        real.pop();
                    }
                    std::path::Component::CurDir => {}
                    other => real.push(other),
                }
            }
            return real;
        }
    }
    joined
}

/// The output folder, held by one build until its pages are in place (or it gives up).
///
/// Holding it is an exclusive lock on `.NAME.lock` beside the output, never inside it; a
/// second build asking for the same folder waits until the first lets go. While it is
/// held, the folders `.NAME.staging` and `.NAME.previous` beside the output (and, when one
/// of those cannot be removed, `.NAME.staging-PID` and `.NAME.previous-PID`) belong to this
/// build alone.
pub struct OutputLock {
    output: PathBuf,
    parent: PathBuf,
    name: String,
    /// The locked file and its path; `None` where the file system cannot lock.
    lock: Option<(fs::File, PathBuf)>,
    warnings: Vec<Diagnostic>,
    hooks: Hooks,
}

/// How the swap touches the disk, replaceable in tests: how a folder briefing wrote is
/// removed, whether to try the atomic exchange, and a look at the output after each step.
#[derive(Clone, Copy)]
struct Hooks {
    remove: fn(&Path) -> io::Result<()>,
    exchange: bool,
    after_step: fn(&Path, Step),
}

impl Default for Hooks {
    fn default() -> Self {
        Hooks {
            remove: remove_written_folder,
            exchange: cfg!(target_os = "linux"),
            after_step: |_, _| {},
        }
    }
}

/// One change of the folders beside the output, in the order they can happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The last whole site an interrupted build left aside became the output again.
    Restore,
    /// Staging and output changed places in one step (Linux).
    Exchange,
    /// Elsewhere: the old output moved aside...
    MoveAside,
    /// ...and the staging folder became the output (also the first build's only step).
    MoveIn,
    /// The staging folder could not move in, so the old output came back.
    PutBack,
}

/// The two kinds of folder briefing keeps beside the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Staging,
    Previous,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Staging => "staging",
            Kind::Previous => "previous",
        }
    }
}

/// A folder beside the output with one of briefing's names.
struct Leftover {
    path: PathBuf,
    kind: Kind,
    /// `.NAME.staging` or `.NAME.previous` itself, rather than a name with a process id.
    plain: bool,
    /// A real folder holding the marker: briefing wrote it.
    marked: bool,
}

/// Takes the output folder for this build, then tidies what an interrupted build left.
///
/// While another build holds it, this says on stderr that it is waiting for that build and
/// blocks until it is done: two builds of one site in a row give the later one's site. Then
/// a missing output comes back from the last whole site briefing had moved aside, and
/// staging leftovers are removed; one that cannot be removed is a warning, not a failure.
pub fn lock_output(output: &Path) -> Result<OutputLock, Diagnostic> {
    lock_output_with(output, Hooks::default(), &mut || {
        eprintln!(
            "waiting for the other build writing {} to finish...",
            output.display()
        )
    })
}

fn lock_output_with(
    output: &Path,
    hooks: Hooks,
    on_wait: &mut dyn FnMut(),
) -> Result<OutputLock, Diagnostic> {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    fs::create_dir_all(&parent).map_err(|e| fail("create folder", &parent, e))?;
    let lock_path = parent.join(format!(".{name}.lock"));
    let mut warnings = Vec::new();
    let lock = match acquire(&lock_path, on_wait) {
        Ok(file) => Some((file, lock_path)),
        Err(e) if e.kind() == io::ErrorKind::Unsupported => {
            let problem = format!("cannot lock the output folder: {e}");
            warnings.push(
                Diagnostic::warning(code::IO, &lock_path, problem)
                    .with_hint("make sure no other build writes to the same output at once"),
            );
            None
        }
        Err(e) => return Err(fail("lock the output folder", &lock_path, e)),
    };
    let mut held = OutputLock {
        output: output.to_path_buf(),
        parent,
        name,
        lock,
        warnings,
        hooks,
    };
    held.recover()?;
    Ok(held)
}

/// Locks the file at `path`, calling `on_wait` once if another process holds it.
fn acquire(path: &Path, on_wait: &mut dyn FnMut()) -> io::Result<fs::File> {
    let mut told = false;
    loop {
        let file = match fs::File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
        {
            // Left by a build run by someone else: locking needs only reading.
            Err(denied) if denied.kind() == io::ErrorKind::PermissionDenied => {
                fs::File::open(path).map_err(|_| denied)?
            }
            other => other?,
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                if !told {
                    on_wait();
                    told = true;
                }
                file.lock()?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        // The holder removes the file before letting go; then lock the file there now.
        if still_at(path, &file) {
            return Ok(file);
        }
    }
}

/// Whether `file` is still the file at `path`.
#[cfg(unix)]
fn still_at(path: &Path, file: &fs::File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(path), file.metadata()) {
        (Ok(there), Ok(held)) => there.dev() == held.dev() && there.ino() == held.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_path: &Path, _file: &fs::File) -> bool {
    true
}

impl Drop for OutputLock {
    /// Lets go of the output. On Unix the lock file is removed first, while still locked,
    /// so nothing is left beside the output; a build waiting on it then locks a new one.
    fn drop(&mut self) {
        if cfg!(unix)
            && let Some((file, path)) = &self.lock
            && still_at(path, file)
        {
            let _ = fs::remove_file(path);
        }
    }
}

impl OutputLock {
    /// Problems met so far that do not stop the build: leftovers that could not be removed.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Writes `pages` into a staging folder and swaps it in as the output, whole: see
    /// [`OutputLock::write_streamed`], which this calls with the pages already made.
    pub fn write(self, pages: &[Page], clean: bool) -> Result<Vec<Diagnostic>, Diagnostic> {
        let put_all = |staging: &Staging| {
            pages
                .iter()
                .try_for_each(|page| staging.put(page))
                .map_err(|problem| vec![problem])
        };
        match self.write_streamed(clean, put_all) {
            Ok(((), warnings)) => Ok(warnings),
            Err(mut problems) => Err(problems.remove(0)),
        }
    }

    /// Hands `produce` a staging folder to put pages into (from any thread, as they are
    /// made, so no build holds its whole site in memory), then swaps it in as the output,
    /// whole: on Linux in one step (`renameat2` with `RENAME_EXCHANGE`), elsewhere by
    /// moving the old output aside, then the new one in (and the old one back if that
    /// fails). Returns what `produce` returned and the warnings, such as an old copy that
    /// could not be removed once the new site was in place, named by its path.
    ///
    /// When `produce` fails, or a page cannot be written, the staging folder is removed
    /// and the output stays as it was. One case says so in its message: when the new site
    /// could not be moved in nor the old one back (then the next build puts it back).
    pub fn write_streamed<T>(
        mut self,
        clean: bool,
        produce: impl FnOnce(&Staging) -> Result<T, Vec<Diagnostic>>,
    ) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
        let folder = self.claim_staging().map_err(|d| vec![d])?;
        let old = self.output.is_dir().then(|| self.output.clone());
        let staged = Staging::open(folder.clone(), old)
            .map_err(|d| vec![d])
            .and_then(|staging| {
                let made = produce(&staging)?;
                staging.finish(clean).map_err(|d| vec![d])?;
                Ok(made)
            });
        let made = match staged {
            Ok(made) => made,
            Err(problems) => {
                let _ = (self.hooks.remove)(&folder);
                return Err(problems);
            }
        };
        if let Some(old_copy) = self.swap(&folder).map_err(|d| vec![d])?
            && let Err(error) = (self.hooks.remove)(&old_copy)
        {
            let message =
                format!("the new site is in place, but the old copy could not be removed: {error}");
            let hint = format!(
                "remove {} yourself (it may need the rights of whoever built it); \
                 builds go on beside it",
                old_copy.display()
            );
            self.warnings
                .push(Diagnostic::warning(code::IO, &old_copy, message).with_hint(hint));
        }
        Ok((made, std::mem::take(&mut self.warnings)))
    }

    /// Puts back a missing output and removes leftovers, refusing a folder in the way that
    /// briefing did not write.
    fn recover(&mut self) -> Result<(), Diagnostic> {
        let leftovers = self.leftovers()?;
        for leftover in &leftovers {
            if leftover.plain && !leftover.marked && !is_empty_folder(&leftover.path) {
                return Err(Diagnostic::error(
                    code::UNSAFE_OUTPUT,
                    &leftover.path,
                    "a folder of this name is in the way and briefing did not write it",
                )
                .with_hint("move or rename it; briefing uses it while swapping in a new build"));
            }
        }
        if !exists(&self.output) {
            // A build stopped between its two moves: the last whole site is aside.
            let modified = |path: &Path| fs::metadata(path).and_then(|m| m.modified()).ok();
            let last = leftovers
                .iter()
                .filter(|l| l.kind == Kind::Previous && l.marked)
                .max_by_key(|l| modified(&l.path));
            if let Some(last) = last {
                fs::rename(&last.path, &self.output)
                    .map_err(|e| fail("put the last whole site back", &last.path, e))?;
                (self.hooks.after_step)(&self.output, Step::Restore);
            }
        }
        for leftover in leftovers.iter().filter(|l| exists(&l.path)) {
            let removed = if leftover.marked {
                (self.hooks.remove)(&leftover.path)
            } else {
                fs::remove_dir(&leftover.path)
            };
            if let Err(error) = removed {
                let message =
                    format!("a leftover of an earlier build could not be removed: {error}");
                let hint = format!(
                    "remove {} yourself; until then builds stage the site under another name",
                    leftover.path.display()
                );
                self.warnings
                    .push(Diagnostic::warning(code::IO, &leftover.path, message).with_hint(hint));
            }
        }
        Ok(())
    }

    /// The folders beside the output with briefing's names: the plain names whatever they
    /// hold, the names with a process id only when briefing wrote them.
    fn leftovers(&self) -> Result<Vec<Leftover>, Diagnostic> {
        let entries =
            fs::read_dir(&self.parent).map_err(|e| fail("read folder", &self.parent, e))?;
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some((kind, plain)) = file_name.to_str().and_then(|n| self.kind_of(n)) else {
                continue;
            };
            let path = entry.path();
            let marked = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
                && path.join(MARKER).is_file();
            if plain || marked {
                found.push(Leftover {
                    path,
                    kind,
                    plain,
                    marked,
                });
            }
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(found)
    }

    /// `.NAME.staging`, `.NAME.previous`, or either with `-` and digits after it.
    fn kind_of(&self, file_name: &str) -> Option<(Kind, bool)> {
        [Kind::Staging, Kind::Previous]
            .into_iter()
            .find_map(|kind| {
                let plain = format!(".{}.{}", self.name, kind.word());
                if file_name == plain {
                    return Some((kind, true));
                }
                let suffix = file_name.strip_prefix(&plain)?.strip_prefix('-')?;
                let numbered =
                    !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_digit() || b == b'-');
                numbered.then_some((kind, false))
            })
    }

    /// The `attempt`th name for a folder of `kind`: the plain one, then with the process id.
    fn name_for(&self, kind: Kind, attempt: usize) -> PathBuf {
        let plain = format!(".{}.{}", self.name, kind.word());
        let pid = std::process::id();
        self.parent.join(match attempt {
            0 => plain,
            1 => format!("{plain}-{pid}"),
            n => format!("{plain}-{pid}-{n}"),
        })
    }

    /// Creates the staging folder under the first free name (a leftover that could not be
    /// removed keeps its own).
    fn claim_staging(&self) -> Result<PathBuf, Diagnostic> {
        let mut tried = self.name_for(Kind::Staging, 0);
        for attempt in 0..100 {
            tried = self.name_for(Kind::Staging, attempt);
            match fs::create_dir(&tried) {
                Ok(()) => return Ok(tried),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(fail("create folder", &tried, e)),
            }
        }
        let taken = io::Error::from(io::ErrorKind::AlreadyExists);
        Err(fail("create folder", &tried, taken))
    }

    /// Puts `staging` in place of the output. Returns where the old output is now, if any.
    fn swap(&self, staging: &Path) -> Result<Option<PathBuf>, Diagnostic> {
        let (output, step) = (self.output.as_path(), self.hooks.after_step);
        let give_up = |problem: Diagnostic| {
            let _ = (self.hooks.remove)(staging);
            problem
        };
        if !exists(output) {
            fs::rename(staging, output)
                .map_err(|e| give_up(fail("move the new site into place", output, e)))?;
            step(output, Step::MoveIn);
            return Ok(None);
        }
        if self.hooks.exchange {
            match exchange(staging, output) {
                Ok(()) => {
                    step(output, Step::Exchange);
                    return Ok(Some(staging.to_path_buf()));
                }
                Err(e) if e.kind() != io::ErrorKind::Unsupported => {
                    return Err(give_up(fail("swap the new site into place", output, e)));
                }
                Err(_) => {} // This file system cannot: move aside, then in.
            }
        }
        let previous = (0..100)
            .map(|attempt| self.name_for(Kind::Previous, attempt))
            .find(|path| !exists(path))
            .ok_or_else(|| {
                let taken = io::Error::from(io::ErrorKind::AlreadyExists);
                give_up(fail("find a free name beside", output, taken))
            })?;
        fs::rename(output, &previous)
            .map_err(|e| give_up(fail("move the old site aside", output, e)))?;
        step(output, Step::MoveAside);
        if let Err(error) = fs::rename(staging, output) {
            return Err(give_up(match fs::rename(&previous, output) {
                Ok(()) => {
                    step(output, Step::PutBack);
                    fail("move the new site into place", output, error)
                }
                Err(back) => Diagnostic::error(
                    code::IO,
                    output,
                    format!("cannot move the new site into place ({error}) nor put the old one back ({back})"),
                )
                .with_hint(format!(
                    "the last whole site is {}; the next build puts it back",
                    previous.display()
                )),
            }));
        }
        step(output, Step::MoveIn);
        Ok(Some(previous))
    }
}

/// Writes `pages` as the new content of `output`: [`lock_output`], then
/// [`OutputLock::write`]. Returns the warnings.
pub fn write_site(
    output: &Path,
    pages: &[Page],
    clean: bool,
) -> Result<Vec<Diagnostic>, Diagnostic> {
    lock_output(output)?.write(pages, clean)
}

/// Exchanges two paths in one step, so the output is never missing.
#[cfg(target_os = "linux")]
fn exchange(staging: &Path, output: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // An old kernel, or a file system that cannot exchange.
        Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP].contains(&e) => Err(
            io::Error::new(io::ErrorKind::Unsupported, io::Error::from(e)),
        ),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_staging: &Path, _output: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Removes a folder briefing wrote, its marker last: a folder it could not empty keeps the
/// marker, so a later build still knows it for its own.
fn remove_written_folder(folder: &Path) -> io::Result<()> {
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(&path)?;
        } else {
            fs::remove_file(&path)?;
        }
    }
    match fs::remove_file(folder.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(folder)
}

/// Whether anything (even a broken link) is at `path`.
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

fn is_empty_folder(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
        && fs::read_dir(path).is_ok_and(|mut d| d.next().is_none())
}

fn fail(what: &str, path: &Path, error: io::Error) -> Diagnostic {
    Diagnostic::error(code::IO, path, format!("cannot {what}: {error}"))
        .with_hint("check the folder's permissions and free space")
}

#[cfg(test)]
mod tests;
