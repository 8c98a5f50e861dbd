//! A property of `serve`'s rebuilds: after any sequence of file operations, each told to
//! the session as Linux's file-system events name them, the served site equals a fresh
//! build of the same files. Operations: create, edit (text and date), rename a file, rename
//! a folder, move a folder out of `content/` and back in, delete, and an editor's save
//! through a temporary file. Sequences come from a fixed-seed generator, so a failure
//! names the seed and step that reproduce it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use briefing::pipeline::{self, SiteOptions};
use briefing::serve::{Rebuilt, Session};

/// A small deterministic generator (xorshift64*), so runs are repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn article(n: usize, day: usize, actor: &str) -> String {
    format!(
        "---\ntitle: \"Story {n}\"\ndate: 2025-02-{day:02}\nactors: [{actor}]\n---\nAlice Adams and Bob Brown met (version {n}).\n"
    )
}

/// What a full build makes of the folder: its pages, or that it failed.
fn full_build(root: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    let (_, pages) = pipeline::render_site(root, &SiteOptions::default()).ok()?;
    Some(pages.into_iter().map(|p| (p.path, p.bytes)).collect())
}

/// The Markdown files under `content/articles`, relative to the root.
fn articles(root: &Path) -> Vec<PathBuf> {
    walk(&root.join("content/articles"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
        .collect()
}

/// The folders directly under `content/articles`, relative to the root.
fn folders(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(root.join("content/articles"))
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Applies one random operation under `root` (with `outside` beside the site), returning
/// what it did and the paths the file-system events would name, relative to the root.
fn operate(
    rng: &mut Rng,
    root: &Path,
    outside: &Path,
    counter: &mut usize,
) -> (String, Vec<PathBuf>) {
    *counter += 1;
    let n = *counter;
    let files = articles(root);
    let subfolders = folders(root);
    let pick = |rng: &mut Rng, list: &[PathBuf]| list[rng.below(list.len())].clone();
    let actor = ["alice", "bob"][rng.below(2)];
    let day = 1 + rng.below(27);
    match rng.below(9) {
        0 | 1 => {
            let mut folder = PathBuf::from("content/articles");
            if !subfolders.is_empty() && rng.below(2) == 0 {
                folder = pick(rng, &subfolders);
            }
            let file = folder.join(format!("n{n}.md"));
            write(&root.join(&file), &article(n, day, actor));
            (format!("create {}", file.display()), vec![file])
        }
        2 if !files.is_empty() => {
            let file = pick(rng, &files);
            write(&root.join(&file), &article(n, day, actor));
            (format!("edit {}", file.display()), vec![file])
        }
        3 if !files.is_empty() => {
            let from = pick(rng, &files);
            let to = from.with_file_name(format!("r{n}.md"));
            fs::rename(root.join(&from), root.join(&to)).unwrap();
            (
                format!("rename {} to {}", from.display(), to.display()),
                vec![from, to],
            )
        }
        4 if !subfolders.is_empty() => {
            let from = pick(rng, &subfolders);
            let to = from.with_file_name(format!("folder{n}"));
            fs::rename(root.join(&from), root.join(&to)).unwrap();
            (
                format!("rename folder {} to {}", from.display(), to.display()),
                vec![from, to],
            )
        }
        5 if !subfolders.is_empty() => {
            let from = pick(rng, &subfolders);
            fs::rename(root.join(&from), outside.join(format!("away{n}"))).unwrap();
            (format!("move folder {} out", from.display()), vec![from])
        }
        6 => {
            // A folder of articles made outside the site, then moved in whole.
            let made = outside.join(format!("made{n}"));
            write(&made.join(format!("m{n}a.md")), &article(n, day, actor));
            write(
                &made.join(format!("m{n}b.md")),
                &article(n + 1000, 28 - day, "bob"),
            );
            let to = PathBuf::from(format!("content/articles/in{n}"));
            fs::rename(&made, root.join(&to)).unwrap();
            (format!("move folder {} in", to.display()), vec![to])
        }
        7 if !files.is_empty() => {
            let file = pick(rng, &files);
            fs::remove_file(root.join(&file)).unwrap();
            (format!("delete {}", file.display()), vec![file])
        }
        8 if !files.is_empty() => {
            // An editor's save: a swap file, a temporary file renamed over the original.
            let file = pick(rng, &files);
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let swap = file.with_file_name(format!(".{name}.swp"));
            let temp = file.with_file_name("4913");
            write(&root.join(&swap), "swap");
            write(&root.join(&temp), &article(n, day, actor));
            fs::rename(root.join(&temp), root.join(&file)).unwrap();
            fs::remove_file(root.join(&swap)).unwrap();
            (
                format!("editor save of {}", file.display()),
                vec![swap, temp, file],
            )
        }
        _ => {
            let folder = PathBuf::from(format!("content/articles/sub{n}"));
            let file = folder.join(format!("s{n}.md"));
            write(&root.join(&file), &article(n, day, actor));
            (
                format!("new folder {}", folder.display()),
                vec![folder, file],
            )
        }
    }
}

/// A small site in `dir/site`, and a folder beside it to move things out to.
fn small_site(dir: &Path) -> (PathBuf, PathBuf) {
    let root = dir.join("site");
    let outside = dir.join("outside");
    fs::create_dir_all(&outside).unwrap();
    write(
        &root.join("content/actors/alice.md"),
        "---\nname: Alice Adams\nkind: person\n---\nA minister.\n",
    );
    write(
        &root.join("content/actors/bob.md"),
        "---\nname: Bob Brown\nkind: person\n---\nAn envoy.\n",
    );
    write(&root.join("content/articles/a.md"), &article(0, 1, "alice"));
    write(
        &root.join("content/articles/sub/b.md"),
        &article(1, 2, "bob"),
    );
    (root, outside)
}

/// A random walk of file operations on a small site, from a seed.
struct Walk {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
    rng: Rng,
    counter: usize,
    /// What each step did, for failure messages.
    history: Vec<String>,
}

impl Walk {
    fn new(seed: u64) -> Walk {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = small_site(dir.path());
        Walk {
            _dir: dir,
            root,
            outside,
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            counter: 10,
            history: Vec::new(),
        }
    }

    /// Makes step `step`'s operation (none before the first build) and tells `session`
    /// the files it touched, as Linux's file-system events name them.
    fn step(&mut self, step: usize, session: &mut Session) {
        if step == 0 {
            self.history.push("first build".to_string());
            return;
        }
        let (what, events) = operate(&mut self.rng, &self.root, &self.outside, &mut self.counter);
        self.history.push(what);
        session.expect_changes(Some(events));
    }
}

/// Puts a rebuild's pages into `served`, as `serve` does.
fn serve_pages(served: &mut BTreeMap<String, Vec<u8>>, rebuilt: Rebuilt) {
    if rebuilt.whole {
        served.clear();
    }
    for path in &rebuilt.removed {
        served.remove(path);
    }
    for page in rebuilt.pages {
        served.insert(page.path, page.bytes);
    }
}

/// The pages of `full` and `served` that differ, leaving out those `behind` accepts.
fn differing<'a>(
    served: &'a BTreeMap<String, Vec<u8>>,
    full: &'a BTreeMap<String, Vec<u8>>,
    behind: impl Fn(&str) -> bool,
) -> Vec<&'a String> {
    full.keys()
        .chain(served.keys())
        .filter(|path| served.get(*path) != full.get(*path) && !behind(path))
        .collect()
}

#[test]
fn any_sequence_of_file_operations_serves_what_a_fresh_build_makes() {
    for seed in [1u64, 7, 42, 2025] {
        let mut walk = Walk::new(seed);
        let mut session = Session::default();
        let mut served: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for step in 0..40 {
            walk.step(step, &mut session);
            let (root, history) = (&walk.root, &walk.history);
            let rebuilt = session.rebuild(root, &SiteOptions::default());
            let full = full_build(root);
            match (rebuilt, &full) {
                (Ok(rebuilt), Some(full)) => {
                    serve_pages(&mut served, rebuilt);
                    let differing = differing(&served, full, |_| false);
                    assert!(
                        differing.is_empty(),
                        "seed {seed}, step {step}: {differing:?} differ after {history:?}"
                    );
                }
                (Err(_), None) => {}
                (rebuilt, full) => panic!(
                    "seed {seed}, step {step}: serve {} but a fresh build {} after {history:?}",
                    if rebuilt.is_ok() { "built" } else { "failed" },
                    if full.is_some() { "builds" } else { "fails" },
                ),
            }
        }
    }
}

/// Renders every stale page into `served`, as serve's refresher does.
fn render_stale(session: &mut Session, served: &mut BTreeMap<String, Vec<u8>>) -> usize {
    let mut count = 0;
    while !session.stale_pages().is_empty() {
        let (tried, pages) = session.render_stale(&[], 3);
        count += tried.len();
        for page in pages.unwrap() {
            served.insert(page.path, page.bytes);
        }
    }
    count
}

/// Serve renders at once only the pages a browser has open, and leaves the rest stale
/// until its refresher renders them, sometimes over several edits: at every step every
/// page that is not stale is what a fresh build makes, the open page is never stale, and
/// once the stale pages are rendered the whole site is what a fresh build makes.
#[test]
fn only_stale_pages_lag_and_rendered_they_are_what_a_fresh_build_makes() {
    let opens = [
        "index.html",
        "articles/a/index.html",
        "actors/alice/index.html",
        "topics/index.html",
    ];
    let mut ever_stale = 0;
    for seed in [3u64, 11, 99] {
        let mut walk = Walk::new(seed);
        let mut session = Session::default();
        let mut served: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for step in 0..40 {
            walk.step(step, &mut session);
            let open = opens[walk.rng.below(opens.len())];
            let (root, history) = (&walk.root, &walk.history);
            let rebuilt = session.rebuild_open(root, &SiteOptions::default(), &|p| p == open);
            let Some(full) = full_build(root) else {
                assert!(rebuilt.is_err(), "seed {seed}, step {step}: {history:?}");
                continue;
            };
            serve_pages(&mut served, rebuilt.unwrap());
            let stale = session.stale_pages().clone();
            ever_stale += stale.len();
            assert!(
                !stale.contains(open),
                "seed {seed}, step {step}: {open} left stale"
            );
            assert!(
                stale.iter().all(|path| full.contains_key(path)),
                "seed {seed}, step {step}: a stale path is no page: {stale:?}"
            );
            let lagging = differing(&served, &full, |path| stale.contains(path));
            assert!(
                lagging.is_empty(),
                "seed {seed}, step {step}: {lagging:?} differ and are not stale, after {history:?}"
            );
            // The refresher sometimes falls behind by several edits.
            if walk.rng.below(3) == 0 {
                render_stale(&mut session, &mut served);
                let differing = differing(&served, &full, |_| false);
                assert!(
                    differing.is_empty(),
                    "seed {seed}, step {step}: {differing:?} differ once rendered, after {history:?}"
                );
            }
        }
    }
    assert!(
        ever_stale > 0,
        "no edit left a page stale: the test shows nothing"
    );
}
