//! Unit tests of the write stage: the swap, the lock, recovery and the output-folder guard.

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

// ---------------------------------------------------------------------------------------
// The swap, step by step
// ---------------------------------------------------------------------------------------

thread_local! {
    /// Each step the swap took on this thread, and whether the output was a whole site
    /// right after it.
    static STEPS: std::cell::RefCell<Vec<(Step, bool)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A whole site, as these tests write them: the marker and `index.html`.
fn whole(output: &Path) -> bool {
    output.join(MARKER).is_file() && output.join("index.html").is_file()
}

fn record(output: &Path, step: Step) {
    STEPS.with(|steps| steps.borrow_mut().push((step, whole(output))));
}

fn steps() -> Vec<(Step, bool)> {
    STEPS.with(|steps| steps.take())
}

fn hooks(exchange: bool) -> Hooks {
    Hooks {
        exchange,
        after_step: record,
        ..Hooks::default()
    }
}

fn lock(output: &Path, hooks: Hooks) -> OutputLock {
    lock_output_with(output, hooks, &mut || panic!("no other build holds it")).unwrap()
}

/// The names beside `output` in its parent, but the output itself.
fn beside(output: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(output.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name) != output.file_name().unwrap())
        .collect();
    names.sort();
    names
}

#[cfg(target_os = "linux")]
#[test]
fn the_exchange_leaves_a_whole_output_after_every_step() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    lock(&output, hooks(true))
        .write(&[page("index.html", "one")], true)
        .unwrap();
    assert_eq!(
        steps(),
        [(Step::MoveIn, true)],
        "the first build: one rename"
    );
    for text in ["two", "three"] {
        let warnings = lock(&output, hooks(true))
            .write(&[page("index.html", text)], true)
            .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            steps(),
            [(Step::Exchange, true)],
            "one step, never without output"
        );
        assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), text);
        assert!(beside(&output).is_empty(), "left: {:?}", beside(&output));
    }
}

#[test]
fn without_the_exchange_the_old_copy_stays_until_the_new_one_is_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    lock(&output, hooks(false))
        .write(&[page("index.html", "old")], true)
        .unwrap();
    steps();
    lock(&output, hooks(false))
        .write(&[page("index.html", "new")], true)
        .unwrap();
    assert_eq!(steps(), [(Step::MoveAside, false), (Step::MoveIn, true)]);
    assert_eq!(
        fs::read_to_string(output.join("index.html")).unwrap(),
        "new"
    );
    assert!(beside(&output).is_empty(), "left: {:?}", beside(&output));
}

#[test]
fn a_new_site_that_cannot_move_in_puts_the_old_one_back() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    write_site(&output, &[page("index.html", "old")], true).unwrap();
    for exchange in [false, true] {
        let held = lock(&output, hooks(exchange));
        // A staging folder that is not there cannot move in.
        let missing = dir.path().join(".public.staging");
        let problem = held.swap(&missing).unwrap_err();
        assert!(
            problem.is_error() && problem.code == code::IO,
            "{problem:?}"
        );
        let expected: &[(Step, bool)] = if exchange {
            &[]
        } else {
            &[(Step::MoveAside, false), (Step::PutBack, true)]
        };
        assert_eq!(steps(), expected);
        drop(held);
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "old"
        );
        assert!(beside(&output).is_empty(), "left: {:?}", beside(&output));
    }
}

// ---------------------------------------------------------------------------------------
// Recovery
// ---------------------------------------------------------------------------------------

/// A folder briefing wrote holding `index.html` with `text`.
fn written_folder(path: &Path, text: &str) {
    fs::create_dir_all(path).unwrap();
    fs::write(path.join(MARKER), "written by briefing\n").unwrap();
    fs::write(path.join("index.html"), text).unwrap();
}

#[test]
fn recovers_the_last_whole_site_after_a_kill_between_the_two_moves() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    // What a kill between "move the old site aside" and "move the new one in" leaves.
    written_folder(&dir.path().join(".public.previous"), "old");
    written_folder(&dir.path().join(".public.staging"), "new");

    let held = lock(&output, hooks(false));
    assert_eq!(
        steps(),
        [(Step::Restore, true)],
        "put back before anything else"
    );
    assert_eq!(
        fs::read_to_string(output.join("index.html")).unwrap(),
        "old"
    );
    assert!(held.warnings().is_empty());
    assert_eq!(beside(&output), [".public.lock"], "staging removed");

    held.write(
        &[page("index.html", "old"), page("more.html", "more")],
        false,
    )
    .unwrap();
    assert!(output.join("more.html").is_file());
    assert!(beside(&output).is_empty(), "left: {:?}", beside(&output));
}

#[test]
fn restores_the_newest_whole_site_of_several_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let stale = dir.path().join(".public.previous");
    written_folder(&stale, "stale");
    let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    fs::File::open(&stale)
        .unwrap()
        .set_modified(day_ago)
        .unwrap();
    written_folder(&dir.path().join(".public.previous-4242"), "last");
    drop(lock(&output, hooks(false)));
    assert_eq!(
        fs::read_to_string(output.join("index.html")).unwrap(),
        "last"
    );
    assert!(beside(&output).is_empty(), "left: {:?}", beside(&output));
}

#[test]
fn only_its_own_names_count_as_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let held = lock(&dir.path().join("public"), hooks(false));
    for (name, kind) in [
        (".public.staging", Some((Kind::Staging, true))),
        (".public.previous", Some((Kind::Previous, true))),
        (".public.staging-123", Some((Kind::Staging, false))),
        (".public.previous-123-2", Some((Kind::Previous, false))),
        (".public.staging-", None),
        (".public.staging-x", None),
        (".public.stagingx", None),
        (".public.staging.staging", None),
        (".public.staging-1.staging", None),
        (".public.lock", None),
        (".other.staging", None),
    ] {
        assert_eq!(held.kind_of(name), kind, "{name}");
    }
}

#[test]
fn an_empty_folder_of_its_name_is_removed_and_one_with_files_refused() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    fs::create_dir_all(dir.path().join(".public.staging")).unwrap();
    write_site(&output, &[page("index.html", "x")], false).unwrap();
    assert!(beside(&output).is_empty(), "left: {:?}", beside(&output));
    let theirs = dir.path().join(".public.previous");
    fs::create_dir_all(&theirs).unwrap();
    fs::write(theirs.join("notes.txt"), "mine").unwrap();
    let problem = write_site(&output, &[page("index.html", "y")], false).unwrap_err();
    assert_eq!(problem.code, code::UNSAFE_OUTPUT);
    assert_eq!(
        fs::read_to_string(theirs.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), "x");
}

// ---------------------------------------------------------------------------------------
// An old copy that cannot be removed
// ---------------------------------------------------------------------------------------

/// Removes like briefing does, but fails on a folder holding a file called `stubborn`, as
/// a folder the user may not delete does (for root, permissions never stop it).
fn stubborn_remove(folder: &Path) -> io::Result<()> {
    if folder.join("stubborn").exists() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "Permission denied (injected)",
        ));
    }
    remove_written_folder(folder)
}

#[test]
fn an_old_copy_it_cannot_remove_is_a_warning_naming_it_and_never_blocks_the_next_build() {
    for exchange in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let stuck = Hooks {
            remove: stubborn_remove,
            ..hooks(exchange)
        };
        let first = [page("index.html", "old"), page("stubborn", "")];
        lock(&output, stuck).write(&first, true).unwrap();

        let warnings = lock(&output, stuck)
            .write(&[page("index.html", "new")], true)
            .expect("the new site is in place: the build succeeds");
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "new"
        );
        assert!(!output.join("stubborn").exists());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let warning = &warnings[0];
        assert!(!warning.is_error());
        assert_eq!(warning.code, code::IO);
        assert!(
            warning.message.contains("the new site is in place"),
            "{warning:?}"
        );
        assert!(
            warning.message.contains("could not be removed"),
            "{warning:?}"
        );
        assert!(warning.message.contains("Permission denied"), "{warning:?}");
        let old_copy = warning.file.clone();
        assert_eq!(old_copy.parent(), Some(dir.path()));
        assert!(old_copy.join("stubborn").is_file(), "it names the old copy");
        let hint = warning.hint.as_deref().unwrap();
        assert!(hint.contains(&old_copy.display().to_string()), "{hint}");

        // The leftover stays, and the next build goes on beside it, naming it again.
        let warnings = lock(&output, stuck)
            .write(&[page("index.html", "newer")], true)
            .expect("a leftover never blocks a build");
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "newer"
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].file, old_copy);
        assert!(warnings[0].message.contains("leftover"), "{warnings:?}");
        let left = beside(&output);
        assert_eq!(left.len(), 1, "only the old copy is left: {left:?}");

        // Once it can go, the next build removes it.
        fs::remove_file(old_copy.join("stubborn")).unwrap();
        let warnings = write_site(&output, &[page("index.html", "last")], true).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(beside(&output).is_empty(), "left: {:?}", beside(&output));
    }
}

// ---------------------------------------------------------------------------------------
// One build at a time
// ---------------------------------------------------------------------------------------

#[test]
fn a_second_build_waits_for_the_first_and_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let lock_file = dir.path().join(".public.lock");
    let first = lock(&output, Hooks::default());
    assert!(lock_file.is_file(), "the lock sits beside the output");
    assert!(!output.join(".public.lock").exists());

    let (told, waiting) = std::sync::mpsc::channel();
    let got_it = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let second = {
        let (output, got_it) = (output.clone(), got_it.clone());
        std::thread::spawn(move || {
            let held = lock_output_with(&output, Hooks::default(), &mut || told.send(()).unwrap())
                .unwrap();
            got_it.store(true, std::sync::atomic::Ordering::SeqCst);
            held.write(&[page("index.html", "second")], true).unwrap()
        })
    };
    waiting
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the second build says it is waiting");
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(
        !got_it.load(std::sync::atomic::Ordering::SeqCst),
        "it waits"
    );
    first.write(&[page("index.html", "first")], true).unwrap();
    second.join().unwrap();
    assert_eq!(
        fs::read_to_string(output.join("index.html")).unwrap(),
        "second"
    );
    assert!(beside(&output).is_empty(), "left: {:?}", beside(&output));
}
