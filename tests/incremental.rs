//! A rebuild within a session renders only what changed, and the merged result is exactly
//! what a full build of the same input writes.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use briefing::pipeline::{self, SiteOptions};
use briefing::serve::Session;

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn article(title: &str, date: &str, actors: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nactors: [{actors}]\ntopics: [trade]\nquotes:\n  - by: alice\n    text: \"We will\"\n---\n{body}\n"
    )
}

fn site(root: &Path) {
    write(
        root,
        "content/actors/alice.md",
        "---\nname: Alice Adams\nkind: person\naliases: [Alice]\n---\nA minister.\n",
    );
    write(
        root,
        "content/actors/bob.md",
        "---\nname: Bob Brown\nkind: person\n---\nAn envoy.\n",
    );
    write(
        root,
        "content/topics/trade.md",
        "---\nname: Trade\n---\nTrade talks.\n",
    );
    write(
        root,
        "content/articles/a1.md",
        &article(
            "First",
            "2025-01-01",
            "alice",
            "Alice said: We will talk. Bob Brown agreed.",
        ),
    );
    write(
        root,
        "content/articles/a2.md",
        &article(
            "Second",
            "2025-01-02",
            "alice, bob",
            "We will see, said Alice. See [[a1]].",
        ),
    );
    write(
        root,
        "content/articles/a3.md",
        &article(
            "Third",
            "2025-01-03",
            "bob",
            "Bob Brown: We will wait. Alice nodded.",
        ),
    );
}

fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let (_, pages) = pipeline::render_site(root, &SiteOptions::default()).unwrap();
    pages.into_iter().map(|p| (p.path, p.bytes)).collect()
}

/// Rebuilds in `session` and applies the result to `served`, as `serve` does.
fn rebuild(
    session: &mut Session,
    root: &Path,
    served: &mut BTreeMap<String, Vec<u8>>,
) -> (bool, usize) {
    rebuild_telling(session, root, served).0
}

/// Like `rebuild`, also telling whether the last site was patched in place.
fn rebuild_telling(
    session: &mut Session,
    root: &Path,
    served: &mut BTreeMap<String, Vec<u8>>,
) -> ((bool, usize), bool) {
    let rebuilt = session.rebuild(root, &SiteOptions::default()).unwrap();
    let patched = rebuilt.patched;
    if rebuilt.whole {
        served.clear();
    }
    for path in &rebuilt.removed {
        served.remove(path);
    }
    let count = rebuilt.pages.len();
    for page in rebuilt.pages {
        served.insert(page.path, page.bytes);
    }
    ((rebuilt.whole, count), patched)
}

/// Fails naming the pages that differ, not printing their bytes.
fn assert_same(served: &BTreeMap<String, Vec<u8>>, full: &BTreeMap<String, Vec<u8>>, what: &str) {
    let differing: Vec<&String> = full
        .keys()
        .chain(served.keys())
        .filter(|path| served.get(*path) != full.get(*path))
        .collect();
    assert!(differing.is_empty(), "{what}: {differing:?} differ");
}

fn bump_mtime(root: &Path, path: &str) {
    // File times can be coarse: make the edit visible whatever the clock's resolution.
    let file = fs::File::options()
        .write(true)
        .open(root.join(path))
        .unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    file.set_modified(later).unwrap();
}

#[test]
fn editing_adding_and_removing_articles_matches_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root);
    let mut session = Session::default();
    let mut served = BTreeMap::new();
    let (whole, everything) = rebuild(&mut session, root, &mut served);
    assert!(whole);
    assert_same(&served, &full_build(root), "after the fix");

    // An edit to one article's title and text.
    write(
        root,
        "content/articles/a1.md",
        &article(
            "First, edited",
            "2025-01-01",
            "alice, bob",
            "Alice said: We will talk now.",
        ),
    );
    bump_mtime(root, "content/articles/a1.md");
    let (whole, rendered) = rebuild(&mut session, root, &mut served);
    assert!(!whole, "one article changed: a partial rebuild");
    assert!(
        rendered < everything,
        "{rendered} of {everything} pages rendered"
    );
    assert_same(&served, &full_build(root), "after an edit");

    // A new article, then a removed one.
    write(
        root,
        "content/articles/a4.md",
        &article("Fourth", "2025-01-04", "alice", "We will go, Alice said."),
    );
    let _ = rebuild(&mut session, root, &mut served);
    assert_same(&served, &full_build(root), "after adding");
    fs::remove_file(root.join("content/articles/a2.md")).unwrap();
    let (whole, _) = rebuild(&mut session, root, &mut served);
    assert!(!whole);
    assert!(!served.contains_key("articles/a2/index.html"));
    assert_same(&served, &full_build(root), "after removing");

    // An actor changes: everything is rendered again.
    write(
        root,
        "content/actors/bob.md",
        "---\nname: Robert Brown\nkind: person\naliases: [Bob Brown]\n---\nAn envoy.\n",
    );
    bump_mtime(root, "content/actors/bob.md");
    let (whole, _) = rebuild(&mut session, root, &mut served);
    assert!(whole);
    assert_same(&served, &full_build(root), "after an actor change");
}

#[test]
fn a_failed_rebuild_keeps_its_changes_for_the_next_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root);
    let mut session = Session::default();
    let mut served = BTreeMap::new();
    rebuild(&mut session, root, &mut served);
    // a1 changes while a3 is broken: the failed build renders nothing.
    write(
        root,
        "content/articles/a1.md",
        &article(
            "First, again",
            "2025-01-01",
            "alice",
            "Alice said: We will talk.",
        ),
    );
    bump_mtime(root, "content/articles/a1.md");
    write(
        root,
        "content/articles/a3.md",
        "---\ntitle: Third\ndate: 2025-01-03\ncolour: red\n---\nText.\n",
    );
    bump_mtime(root, "content/articles/a3.md");
    assert!(session.rebuild(root, &SiteOptions::default()).is_err());
    // Fixing a3 alone must still bring a1's edit.
    write(
        root,
        "content/articles/a3.md",
        &article("Third", "2025-01-03", "bob", "Bob Brown: We will wait."),
    );
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(10);
    fs::File::options()
        .write(true)
        .open(root.join("content/articles/a3.md"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    rebuild(&mut session, root, &mut served);
    assert_same(&served, &full_build(root), "after the fix");
}

/// One edit to the site, and the files it touched (relative to the root).
struct Edit {
    what: &'static str,
    apply: fn(&Path),
    files: &'static [&'static str],
    /// Nothing moves: the last site can be patched in place.
    in_place: bool,
}

const EDITS: &[Edit] = &[
    Edit {
        what: "a title only",
        apply: |root| {
            let text = article(
                "First, retitled",
                "2025-01-01",
                "alice",
                "Alice said: We will talk. Bob Brown agreed.",
            );
            write(root, "content/articles/a1.md", &text);
        },
        files: &["content/articles/a1.md"],
        in_place: true,
    },
    Edit {
        what: "a body only, the same people mentioned",
        apply: |root| {
            let text = article(
                "Third",
                "2025-01-03",
                "bob",
                "Bob Brown: We will wait, he said. Alice nodded.",
            );
            write(root, "content/articles/a3.md", &text);
        },
        files: &["content/articles/a3.md"],
        in_place: true,
    },
    Edit {
        what: "a body only, the same people mentioned more often",
        apply: |root| {
            let text = article(
                "Third",
                "2025-01-03",
                "bob",
                "Bob Brown: We will wait. Alice nodded. Alice Adams left.",
            );
            write(root, "content/articles/a3.md", &text);
        },
        files: &["content/articles/a3.md"],
        in_place: true,
    },
    Edit {
        what: "a body only, long enough to take two minutes to read (lists show it)",
        apply: |root| {
            let words = "and so the talks went on ".repeat(50);
            let body = format!("Bob Brown: We will wait. Alice nodded. Alice Adams left. {words}");
            write(
                root,
                "content/articles/a3.md",
                &article("Third", "2025-01-03", "bob", &body),
            );
        },
        files: &["content/articles/a3.md"],
        in_place: true,
    },
    Edit {
        what: "a body mentioning a listed actor for the first time",
        apply: |root| {
            let text = article(
                "Second",
                "2025-01-02",
                "alice, bob",
                "We will see, said Alice. See [[a1]]. Bob Brown agreed.",
            );
            write(root, "content/articles/a2.md", &text);
        },
        files: &["content/articles/a2.md"],
        in_place: false,
    },
    Edit {
        what: "a date, moving the article to another month",
        apply: |root| {
            let text = article(
                "First, retitled",
                "2025-02-10",
                "alice",
                "Alice said: We will talk. Bob Brown agreed.",
            );
            write(root, "content/articles/a1.md", &text);
        },
        files: &["content/articles/a1.md"],
        in_place: false,
    },
    Edit {
        what: "a date two days later, in the same month (counts and months stay)",
        apply: |root| {
            let text = article(
                "First, retitled",
                "2025-02-12",
                "alice",
                "Alice said: We will talk. Bob Brown agreed.",
            );
            write(root, "content/articles/a1.md", &text);
        },
        files: &["content/articles/a1.md"],
        in_place: false,
    },
    Edit {
        what: "the actors an article lists",
        apply: |root| {
            let text = article(
                "Second",
                "2025-01-02",
                "bob",
                "We will see, said Alice. See [[a1]].",
            );
            write(root, "content/articles/a2.md", &text);
        },
        files: &["content/articles/a2.md"],
        in_place: false,
    },
    Edit {
        what: "a new article in a new month",
        apply: |root| {
            let text = article(
                "Fifth",
                "2024-12-30",
                "alice, bob",
                "We will start, said Bob Brown.",
            );
            write(root, "content/articles/a5.md", &text);
        },
        files: &["content/articles/a5.md"],
        in_place: false,
    },
    Edit {
        what: "a new article a month later, extending the site's weeks for every timeline",
        apply: |root| {
            // Only Bob: Alice's and the topic's timelines change all the same.
            let text = "---\ntitle: Later\ndate: 2025-03-20\nactors: [bob]\n---\nBob Brown went.\n";
            write(root, "content/articles/a6.md", text);
        },
        files: &["content/articles/a6.md"],
        in_place: false,
    },
    Edit {
        what: "an article removed",
        apply: |root| fs::remove_file(root.join("content/articles/a3.md")).unwrap(),
        files: &["content/articles/a3.md"],
        in_place: false,
    },
    Edit {
        what: "a temporary file written and deleted beside the articles",
        apply: |root| {
            write(root, "content/articles/4913", "");
            fs::remove_file(root.join("content/articles/4913")).unwrap();
            write(root, "content/articles/.a1.md.swp", "");
        },
        files: &["content/articles/4913", "content/articles/.a1.md.swp"],
        in_place: true,
    },
    Edit {
        what: "a correction added (the article's updated date moves)",
        apply: |root| {
            write(
                root,
                "content/articles/a2.md",
                &corrected("Second", &[("2025-01-05", "It was *Tuesday*.")]),
            )
        },
        files: &["content/articles/a2.md"],
        in_place: false,
    },
    Edit {
        what: "a corrected article's title",
        apply: |root| {
            write(
                root,
                "content/articles/a2.md",
                &corrected("Second, retitled", &[("2025-01-05", "It was *Tuesday*.")]),
            )
        },
        files: &["content/articles/a2.md"],
        in_place: true,
    },
    Edit {
        what: "a correction's note",
        apply: |root| {
            write(
                root,
                "content/articles/a2.md",
                &corrected("Second, retitled", &[("2025-01-05", "It was Wednesday.")]),
            )
        },
        files: &["content/articles/a2.md"],
        in_place: false,
    },
    Edit {
        what: "a correction's date, and a second correction",
        apply: |root| {
            let corrections = [
                ("2025-01-09", "It was Wednesday."),
                ("2025-01-04", "Bob spoke first."),
            ];
            write(
                root,
                "content/articles/a2.md",
                &corrected("Second, retitled", &corrections),
            );
        },
        files: &["content/articles/a2.md"],
        in_place: false,
    },
    Edit {
        what: "every correction removed",
        apply: |root| {
            write(
                root,
                "content/articles/a2.md",
                &corrected("Second, retitled", &[]),
            )
        },
        files: &["content/articles/a2.md"],
        in_place: false,
    },
];

/// The second article (as the edits before left it), with these corrections (date, note).
fn corrected(title: &str, corrections: &[(&str, &str)]) -> String {
    let text = article(
        title,
        "2025-01-02",
        "bob",
        "We will see, said Alice. See [[a1]].",
    );
    if corrections.is_empty() {
        return text;
    }
    let list: String = corrections
        .iter()
        .map(|(date, note)| format!("  - date: {date}\n    note: \"{note}\"\n"))
        .collect();
    text.replacen("\n---\n", &format!("\ncorrections:\n{list}---\n"), 1)
}

#[test]
fn every_kind_of_article_edit_matches_a_full_build_with_and_without_events() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root);
    // `told` is told each edit's files, as serve's file events tell it; `looks` finds them.
    let (mut told, mut looks) = (Session::default(), Session::default());
    let (mut told_pages, mut looked_pages) = (BTreeMap::new(), BTreeMap::new());
    rebuild(&mut told, root, &mut told_pages);
    rebuild(&mut looks, root, &mut looked_pages);
    for edit in EDITS {
        (edit.apply)(root);
        for file in edit.files {
            if root.join(file).exists() {
                bump_mtime(root, file);
            }
        }
        told.expect_changes(Some(edit.files.iter().map(Into::into).collect()));
        let ((whole, _), patched) = rebuild_telling(&mut told, root, &mut told_pages);
        assert!(!whole, "{}: only articles changed", edit.what);
        assert_eq!(patched, edit.in_place, "{}: patched in place", edit.what);
        let (_, patched) = rebuild_telling(&mut looks, root, &mut looked_pages);
        assert_eq!(patched, edit.in_place, "{}: patched in place", edit.what);
        let full = full_build(root);
        for (served, how) in [
            (&told_pages, "told of the change"),
            (&looked_pages, "finding it"),
        ] {
            let differing: Vec<&String> = full
                .keys()
                .chain(served.keys())
                .filter(|path| served.get(*path) != full.get(*path))
                .collect();
            assert!(
                differing.is_empty(),
                "{}, {how}: {differing:?} differ",
                edit.what
            );
        }
    }
}

/// Many articles about one actor: lists run over several pages and feeds are full.
fn long_site(root: &Path) {
    site(root);
    for n in 0..130 {
        let day = chrono_day(n);
        let text = article(
            &format!("Story {n}"),
            &day,
            "alice",
            &format!("Alice said: We will meet on day {n}. Bob Brown waited."),
        );
        write(root, &format!("content/articles/s{n:03}.md"), &text);
    }
}

/// A date `n` days after 1 March 2024, as `YYYY-MM-DD`.
fn chrono_day(n: u32) -> String {
    let start = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_709_251_200);
    let day = start + std::time::Duration::from_secs(u64::from(n) * 86_400);
    let days = day.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 86_400;
    // Civil date from days since 1970 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn edits_on_long_lists_and_full_feeds_match_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    long_site(root);
    let mut session = Session::default();
    let mut served = BTreeMap::new();
    rebuild(&mut session, root, &mut served);
    assert!(served.contains_key("actors/alice/page/3/index.html"));
    let edits: [(&str, &str, String); 6] = [
        (
            "the newest, retitled",
            "s129",
            article(
                "Story 129, retitled",
                &chrono_day(129),
                "alice",
                "Alice said: We will meet. Bob Brown waited.",
            ),
        ),
        (
            "one on page 2, new text",
            "s070",
            article(
                "Story 70",
                &chrono_day(70),
                "alice",
                "Alice said: We will meet again. Alice Adams left.",
            ),
        ),
        (
            "an old one, only its date moved, across three pages",
            "s015",
            article(
                "Story 15",
                &chrono_day(126),
                "alice",
                "Alice said: We will meet on day 15. Bob Brown waited.",
            ),
        ),
        (
            "an old one, now the newest",
            "s005",
            article(
                "Story 5",
                &chrono_day(200),
                "alice",
                "Alice said: We will meet on day 5.",
            ),
        ),
        (
            "one more, at the start of the list",
            "s200",
            article(
                "Story 200",
                &chrono_day(10),
                "alice, bob",
                "Alice said: We will start.",
            ),
        ),
        (
            "an old one, now listing no one",
            "s010",
            article(
                "Story 10",
                &chrono_day(10),
                "bob",
                "Bob Brown: We will wait.",
            ),
        ),
    ];
    for (what, slug, text) in edits {
        let file = format!("content/articles/{slug}.md");
        write(root, &file, &text);
        bump_mtime(root, &file);
        session.expect_changes(Some(vec![file.into()]));
        let (whole, _) = rebuild(&mut session, root, &mut served);
        assert!(!whole, "{what}: only an article changed");
        assert_same(&served, &full_build(root), what);
    }
    fs::remove_file(root.join("content/articles/s100.md")).unwrap();
    session.expect_changes(Some(vec!["content/articles/s100.md".into()]));
    rebuild(&mut session, root, &mut served);
    assert_same(&served, &full_build(root), "an article removed");
}

#[test]
fn a_page_that_comes_back_mends_the_links_a_failed_build_found_broken() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root);
    let linking = article(
        "Second",
        "2025-01-02",
        "alice, bob",
        "We will see, said Alice. See [the third](/articles/a3/).",
    );
    write(root, "content/articles/a2.md", &linking);
    let mut session = Session::default();
    let mut served = BTreeMap::new();
    rebuild(&mut session, root, &mut served);
    remove_and_put_back(&mut session, root, &mut served, "content/articles/a3.md");
}

/// Removes `file`, which another page links to: the rebuild fails with a broken link.
/// Put back, the served site is again what a fresh build makes.
fn remove_and_put_back(
    session: &mut Session,
    root: &Path,
    served: &mut BTreeMap<String, Vec<u8>>,
    file: &str,
) {
    let text = fs::read_to_string(root.join(file)).unwrap();
    fs::remove_file(root.join(file)).unwrap();
    session.expect_changes(Some(vec![file.into()]));
    let problems = session
        .rebuild(root, &SiteOptions::default())
        .err()
        .unwrap_or_else(|| panic!("a page links to the removed {file}"));
    assert!(
        problems.iter().any(|p| p.code == "broken-link"),
        "{problems:?}"
    );
    write(root, file, &text);
    session.expect_changes(Some(vec![file.into()]));
    rebuild(session, root, served);
    assert_same(served, &full_build(root), &format!("{file} back"));
}

/// The newest digest page served (`briefings/<day>/index.html`), if any.
fn latest_digest(served: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    served
        .keys()
        .filter(|p| p.starts_with("briefings/2"))
        .max()
        .cloned()
}

fn digest(title: &str, articles: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nsummary: \"What the day held.\"\narticles: [{articles}]\n---\n{body}\n"
    )
}

/// Digests come, change and go, and the articles they list change: the served site stays
/// the fresh build's, page for page.
#[test]
fn digest_edits_match_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root);
    let mut session = Session::default();
    let mut served = BTreeMap::new();
    rebuild(&mut session, root, &mut served);
    type Step = (&'static str, fn(&Path), &'static str);
    let steps: &[Step] = &[
        (
            "a digest added",
            |root| {
                let text = digest("Talks", "a2, a1", "Alice Adams spoke. See [[a1]].");
                write(root, "content/briefings/2025-01-02.md", &text);
            },
            "content/briefings/2025-01-02.md",
        ),
        (
            "a second, later digest added",
            |root| {
                let text = digest("Waiting", "a3", "Bob Brown waited.");
                write(root, "content/briefings/2025-01-03.md", &text);
            },
            "content/briefings/2025-01-03.md",
        ),
        (
            "a digest edited",
            |root| {
                let text = digest("Talks, again", "a1", "Bob Brown spoke.");
                write(root, "content/briefings/2025-01-02.md", &text);
            },
            "content/briefings/2025-01-02.md",
        ),
        (
            "an article the latest digest lists retitled",
            |root| {
                let text = article(
                    "Third, retitled",
                    "2025-01-03",
                    "bob",
                    "Bob Brown: We will wait. Alice nodded.",
                );
                write(root, "content/articles/a3.md", &text);
            },
            "content/articles/a3.md",
        ),
        (
            "a digest linking to an article",
            |root| {
                let text = digest("Talks, again", "a1", "Bob Brown spoke of [[a1]].");
                write(root, "content/briefings/2025-01-02.md", &text);
            },
            "content/briefings/2025-01-02.md",
        ),
        (
            "an article a digest lists and links to retitled",
            |root| {
                let text = article(
                    "First, retitled",
                    "2025-01-01",
                    "alice",
                    "Alice said: We will talk. Bob Brown agreed.",
                );
                write(root, "content/articles/a1.md", &text);
            },
            "content/articles/a1.md",
        ),
        (
            "an article a digest lists moved to another day",
            |root| {
                let text = article(
                    "First, retitled",
                    "2025-01-02",
                    "alice",
                    "Alice said: We will talk. Bob Brown agreed.",
                );
                write(root, "content/articles/a1.md", &text);
            },
            "content/articles/a1.md",
        ),
        (
            "an article a digest lists made a draft",
            |root| {
                let text = article("Third", "2025-01-03", "bob", "Bob Brown: We will wait.");
                let text = text.replacen("---\n", "---\ndraft: true\n", 1);
                write(root, "content/articles/a3.md", &text);
            },
            "content/articles/a3.md",
        ),
        (
            "a digest deleted",
            |root| fs::remove_file(root.join("content/briefings/2025-01-03.md")).unwrap(),
            "content/briefings/2025-01-03.md",
        ),
        (
            "the last digest deleted",
            |root| fs::remove_file(root.join("content/briefings/2025-01-02.md")).unwrap(),
            "content/briefings/2025-01-02.md",
        ),
    ];
    for (what, apply, file) in steps {
        apply(root);
        if root.join(file).exists() {
            bump_mtime(root, file);
        }
        let had_digests = served.contains_key("briefings/index.html");
        let latest_before = latest_digest(&served);
        let ((whole, _), patched) = rebuild_telling(&mut session, root, &mut served);
        let same_latest = latest_before == latest_digest(&served);
        if had_digests
            && served.contains_key("briefings/index.html")
            && file.contains("briefings")
            && same_latest
        {
            // Digests beside digests, the latest the same (every masthead names it): the last
            // site patched, only the digests' pages rendered.
            assert!(
                patched && !whole,
                "{what}: only the digests' pages rendered"
            );
        }
        if what.starts_with("an article the latest digest lists retitled") {
            // Only the article changed and nothing moved: patched, and only its pages rendered.
            assert!(patched && !whole, "{what}: patched in place");
        }
        let full = full_build(root);
        assert_same(&served, &full, what);
        let briefings = served.keys().any(|p| p.starts_with("briefings/"));
        assert_eq!(
            briefings,
            root.join("content/briefings")
                .read_dir()
                .unwrap()
                .next()
                .is_some(),
            "{what}: the digests' pages are served while there are digests"
        );
    }
}

/// An article on the `energy` topic as well as `trade`, listing `actors`.
fn energy_article(title: &str, date: &str, actors: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nactors: [{actors}]\ntopics: [trade, energy]\n---\n{body}\n"
    )
}

#[test]
fn pair_pages_come_change_and_go_with_edits_as_in_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root);
    write(
        root,
        "content/topics/energy.md",
        "---\nname: Energy\n---\nPower and fuel.\n",
    );
    let text = energy_article("Grid", "2025-01-05", "bob", "Bob Brown: We will wait.");
    write(root, "content/articles/e1.md", &text);
    let mut session = Session::default();
    let mut served = BTreeMap::new();
    rebuild(&mut session, root, &mut served);
    assert_same(&served, &full_build(root), "the first build");
    let bob_energy = "actors/bob/topics/energy/index.html";
    let alice_trade = "actors/alice/topics/trade/index.html";
    assert!(served.contains_key(alice_trade), "alice and trade share 3");
    assert!(!served.contains_key(bob_energy), "bob and energy share 1");

    // (what, file, text, whether bob's energy page is there after)
    let edits: [(&str, &str, String, bool); 5] = [
        (
            "a body that mentions the topic: the pair page appears",
            "a3",
            article(
                "Third",
                "2025-01-03",
                "bob",
                "Bob Brown: We will wait. Energy.",
            ),
            true,
        ),
        (
            "a title shown on the pair page",
            "e1",
            energy_article(
                "Grid, retitled",
                "2025-01-05",
                "bob",
                "Bob Brown: We will wait.",
            ),
            true,
        ),
        (
            "a sentence on the pair page, read again in place",
            "a3",
            article(
                "Third",
                "2025-01-03",
                "bob",
                "Bob Brown: We will wait long. Energy.",
            ),
            true,
        ),
        (
            "a date moving an article within the pair's list",
            "e1",
            energy_article(
                "Grid, retitled",
                "2025-01-02",
                "bob",
                "Bob Brown: We will wait.",
            ),
            true,
        ),
        (
            "the topic no longer mentioned: the pair page goes",
            "a3",
            article(
                "Third",
                "2025-01-03",
                "bob",
                "Bob Brown: We will wait long.",
            ),
            false,
        ),
    ];
    for (what, slug, text, present) in edits {
        let file = format!("content/articles/{slug}.md");
        write(root, &file, &text);
        bump_mtime(root, &file);
        session.expect_changes(Some(vec![file.into()]));
        let (whole, _) = rebuild(&mut session, root, &mut served);
        assert!(!whole, "{what}: only an article changed");
        assert_eq!(served.contains_key(bob_energy), present, "{what}");
        assert_eq!(
            served.contains_key("actors/bob/topics/energy/atom.xml"),
            present,
            "{what}: the pair's feed"
        );
        assert_same(&served, &full_build(root), what);
    }
}

/// A digest deleted while an article links to its page: the rebuild that renders only the
/// digests' pages still finds the link broken; the digest back, the site is whole again.
#[test]
fn a_digest_deleted_breaks_the_links_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root);
    let linking = article(
        "Second",
        "2025-01-02",
        "alice, bob",
        "We will see, said Alice. See [the day](/briefings/2025-01-03/).",
    );
    write(root, "content/articles/a2.md", &linking);
    write(
        root,
        "content/briefings/2025-01-02.md",
        &digest("Talks", "a1", "Talks."),
    );
    let waiting = digest("Waiting", "a3", "Bob Brown waited.");
    write(root, "content/briefings/2025-01-03.md", &waiting);
    let mut session = Session::default();
    let mut served = BTreeMap::new();
    rebuild(&mut session, root, &mut served);
    remove_and_put_back(
        &mut session,
        root,
        &mut served,
        "content/briefings/2025-01-03.md",
    );
}
