//! Times `serve`'s rebuild after every kind of edit, stage by stage, with the edited
//! page open in a browser (as serve renders open pages at once), then how long the other
//! pages the edit changed take to render after it (serve does that in the background):
//!   python3 bench/gen_corpus.py --articles 10000 --out /tmp/site --format native
//!   cargo bench --bench rebuild -- /tmp/site [--reps 3] [--only WORDS]
//! Each edit is made, rebuilt (timed), then undone and rebuilt again (not timed), `reps`
//! times; the median is printed with its run's stages. Article edits are made to two
//! articles: the first file by name (of no particular date) and the newest, which every
//! feed it belongs to carries. A few daily digests are written for the newest days first
//! (and taken away at the end) so that digest edits have digests beside them.
//! The peak memory (the process's high-water mark, `VmHWM`) is printed last, whole and
//! without the bytes of a whole build's pages (which serve holds to serve them).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use briefing::pipeline::SiteOptions;
use briefing::resolve::Site;
use briefing::serve::Session;

// As the `briefing` binary does: the allocator changes what a rebuild costs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How many digests the bench writes before the first build.
const DIGESTS: usize = 10;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().filter(|a| !a.starts_with('-')) else {
        eprintln!("usage: cargo bench --bench rebuild -- SITE_FOLDER [--reps N] [--only WORDS]");
        std::process::exit(2);
    };
    let reps = args
        .iter()
        .position(|a| a == "--reps")
        .and_then(|at| args.get(at + 1)?.parse().ok())
        .unwrap_or(3usize);
    // Only the edits whose name holds these words (for profiling one kind).
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|at| args.get(at + 1).cloned());
    let mut bench = Bench::new(PathBuf::from(root), reps.max(1));
    bench.only = only;
    bench.run();
    bench.clean_up();
    if let Some(peak) = memory_kib("VmHWM:") {
        let per_article = |kib: u64| kib / bench.articles.max(1) as u64;
        // Serve holds the pages it serves; the rest is the session's (and a build's, at its peak).
        let session = peak.saturating_sub(bench.page_kib);
        println!(
            "peak memory: {} MiB ({} KiB per article); without the pages: {} MiB ({} KiB per article)",
            peak / 1024,
            per_article(peak),
            session / 1024,
            per_article(session)
        );
    }
}

/// The site, the session serving it, and the digests the bench wrote.
struct Bench {
    root: PathBuf,
    options: SiteOptions,
    session: Session,
    reps: usize,
    written_digests: Vec<PathBuf>,
    articles: usize,
    only: Option<String>,
    /// The bytes of a whole build's pages, in KiB.
    page_kib: u64,
}

/// One edit: the files to write (path, text; `None` deletes), and how to undo it.
struct Edit {
    what: String,
    /// The page the author watches: the edited article's, the new digest's.
    open: String,
    apply: Vec<(PathBuf, Option<String>)>,
    undo: Vec<(PathBuf, Option<String>)>,
}

impl Bench {
    fn new(root: PathBuf, reps: usize) -> Bench {
        let options = SiteOptions {
            base_url: Some("https://example.org/".to_string()),
            ..SiteOptions::default()
        };
        Bench {
            root,
            options,
            session: Session::default(),
            reps,
            written_digests: Vec::new(),
            articles: 0,
            only: None,
            page_kib: 0,
        }
    }

    fn run(&mut self) {
        let days = self.newest_days();
        // The newest day is left for the "new digest" edit.
        for day in days.iter().skip(1).take(DIGESTS) {
            let path = self.root.join(format!("content/briefings/{day}.md"));
            write(
                &path,
                Some(&digest_text(day, "The day", &self.slugs_of_day(day))),
            );
            self.written_digests.push(path);
        }
        let started = Instant::now();
        let first = match self.session.rebuild(&self.root, &self.options) {
            Ok(first) => first,
            Err(problems) => {
                eprintln!(
                    "the site does not build ({} problems): run `briefing check --root {}`",
                    problems.len(),
                    self.root.display()
                );
                self.clean_up();
                std::process::exit(1);
            }
        };
        self.articles = first.site.articles.len();
        println!(
            "first build: {} articles, {} pages in {} ms",
            first.site.articles.len(),
            first.pages.len(),
            started.elapsed().as_millis()
        );
        let edits = self.edits(&first.site, days.first().map(String::as_str));
        let page_bytes: usize = first.pages.iter().map(|p| p.bytes.len()).sum();
        // Serve keeps no copy of a build's site; holding one would stop rebuilds patching it.
        drop(first);
        self.page_kib = (page_bytes / 1024) as u64;
        println!(
            "pages of a whole build: {} MiB ({} KiB per article)",
            page_bytes / (1 << 20),
            self.page_kib / self.articles.max(1) as u64
        );
        println!("median of {} runs per edit (ms):", self.reps);
        let only = self.only.clone().unwrap_or_default();
        for edit in edits.iter().filter(|e| e.what.contains(&only)) {
            self.time(edit);
        }
    }

    /// Every kind of edit, to the first article by name and the newest.
    fn edits(&self, site: &Site, newest_day: Option<&str>) -> Vec<Edit> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.root.join("content/articles"))
            .map(|dir| dir.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        let mut edits = Vec::new();
        let targets = [
            ("old", files.first().cloned()),
            ("newest", newest_file(site, &self.root)),
        ];
        for (which, file) in targets {
            let Some(file) = file else { continue };
            edits.extend(article_edits(site, which, &file));
        }
        if let Some(file) = files.first() {
            let text = fs::read_to_string(file).ok();
            edits.push(Edit {
                what: "article removed".into(),
                open: "index.html".into(),
                apply: vec![(file.clone(), None)],
                undo: vec![(file.clone(), text.clone())],
            });
            edits.push(Edit {
                what: "new article".into(),
                open: "articles/zz-bench-new/index.html".into(),
                apply: vec![(file.with_file_name("zz-bench-new.md"), text)],
                undo: vec![(file.with_file_name("zz-bench-new.md"), None)],
            });
        }
        if let Some(day) = newest_day {
            let path = self.root.join(format!("content/briefings/{day}.md"));
            let slugs = self.slugs_of_day(day);
            let text = digest_text(day, "The day", &slugs);
            edits.push(Edit {
                what: "new digest (the latest)".into(),
                open: format!("briefings/{day}/index.html"),
                apply: vec![(path.clone(), Some(text.clone()))],
                undo: vec![(path.clone(), None)],
            });
            let older = self.written_digests.first().cloned();
            if let Some(older) = older {
                let old_text = fs::read_to_string(&older).ok();
                let edited = old_text
                    .as_ref()
                    .map(|t| t.replacen("The day", "The edited day", 1));
                let open = older
                    .file_stem()
                    .map(|day| format!("briefings/{}/index.html", day.to_string_lossy()));
                edits.push(Edit {
                    what: "digest edited".into(),
                    open: open.unwrap_or_default(),
                    apply: vec![(older.clone(), edited)],
                    undo: vec![(older, old_text)],
                });
            }
        }
        edits
    }

    /// Makes the edit `reps` times, timing each rebuild, and undoes it after each.
    fn time(&mut self, edit: &Edit) {
        let mut runs: Vec<(Duration, String)> = Vec::new();
        for _ in 0..self.reps {
            let Some(run) = self.rebuild_after(&edit.apply, &edit.open) else {
                println!("{:<40} rebuild failed", edit.what);
                self.rebuild_after(&edit.undo, &edit.open);
                return;
            };
            runs.push(run);
            self.rebuild_after(&edit.undo, &edit.open);
        }
        runs.sort_by_key(|(time, _)| *time);
        let (median, stages) = &runs[runs.len() / 2];
        println!(
            "{:<40} {:7.1}  [{stages}]",
            edit.what,
            median.as_secs_f64() * 1e3
        );
    }

    /// Writes the files, tells the session as serve's file events would, and rebuilds with
    /// the page `open` open: how long it took, with the pages rendered, the time of each
    /// stage, and how long the pages left stale then took.
    fn rebuild_after(
        &mut self,
        files: &[(PathBuf, Option<String>)],
        open: &str,
    ) -> Option<(Duration, String)> {
        for (path, text) in files {
            write(path, text.as_deref());
        }
        let relative = files
            .iter()
            .map(|(path, _)| path.strip_prefix(&self.root).unwrap_or(path).to_path_buf());
        self.session.expect_changes(Some(relative.collect()));
        let started = Instant::now();
        let rebuilt = self
            .session
            .rebuild_open(&self.root, &self.options, &|path| path == open)
            .ok()?;
        let elapsed = started.elapsed();
        let stages: Vec<String> = rebuilt
            .stages
            .iter()
            .map(|(stage, time)| format!("{stage} {:.1}", time.as_secs_f64() * 1e3))
            .collect();
        let pages = rebuilt.pages.len();
        drop(rebuilt);
        let (stale, stale_time) = self.render_stale();
        Some((
            elapsed,
            format!(
                "{pages} files; {}; then {stale} stale pages in {:.1}",
                stages.join(", "),
                stale_time.as_secs_f64() * 1e3
            ),
        ))
    }

    /// Renders every stale page as serve's refresher does: how many, and how long.
    fn render_stale(&mut self) -> (usize, Duration) {
        let started = Instant::now();
        let mut count = 0;
        while !self.session.stale_pages().is_empty() {
            let (tried, _) = self.session.render_stale(&[], 256);
            count += tried.len();
        }
        (count, started.elapsed())
    }

    /// The days of the newest articles, newest first, each once, read from the files.
    fn newest_days(&mut self) -> Vec<String> {
        let mut days: Vec<String> = self.dated().into_iter().map(|(day, _)| day).collect();
        days.sort_unstable_by(|a, b| b.cmp(a));
        days.dedup();
        days.truncate(DIGESTS + 1);
        days
    }

    /// The slugs of up to three articles of `day`.
    fn slugs_of_day(&self, day: &str) -> Vec<String> {
        let dated = self.dated().into_iter().filter(|(d, _)| d == day);
        dated.map(|(_, slug)| slug).take(3).collect()
    }

    /// Each article's day (as its `date:` line writes it) and slug.
    fn dated(&self) -> Vec<(String, String)> {
        let dir = fs::read_dir(self.root.join("content/articles"))
            .into_iter()
            .flatten();
        let mut dated = Vec::new();
        for path in dir.flatten().map(|e| e.path()) {
            let text = fs::read_to_string(&path).unwrap_or_default();
            let day = text
                .lines()
                .find_map(|l| l.strip_prefix("date: ")?.get(..10));
            if let (Some(day), Some(stem)) = (day, path.file_stem()) {
                dated.push((day.to_string(), stem.to_string_lossy().into_owned()));
            }
        }
        dated.sort();
        dated
    }

    fn clean_up(&self) {
        for path in &self.written_digests {
            let _ = fs::remove_file(path);
        }
        let _ = fs::remove_dir(self.root.join("content/briefings"));
    }
}

/// The newest article's file.
fn newest_file(site: &Site, root: &Path) -> Option<PathBuf> {
    site.articles
        .first()
        .map(|n| root.join(&n.article.origin.file))
}

/// The edits of one article: title, body, date, an actor listed, an actor first
/// mentioned, a correction.
fn article_edits(site: &Site, which: &str, file: &Path) -> Vec<Edit> {
    let Ok(original) = fs::read_to_string(file) else {
        return Vec::new();
    };
    let slug = file.file_stem().map(|s| s.to_string_lossy().into_owned());
    let node = site
        .articles
        .iter()
        .find(|n| Some(&n.article.origin.slug) == slug.as_ref());
    // An actor the article neither lists nor mentions.
    let stranger = node.and_then(|node| {
        let known =
            |i: &usize| node.actors.contains(i) || node.also_actors.iter().any(|t| t.index == *i);
        (0..site.actors.len())
            .find(|i| !known(i))
            .map(|i| &site.actors[i].actor)
    });
    let mut kinds: Vec<(&str, String)> = vec![
        (
            "title",
            original.replacen("title: \"", "title: \"Edited ", 1),
        ),
        ("body", format!("{original}\nOne more sentence.\n")),
        ("date a day earlier", a_day_earlier(&original)),
        ("correction added", with_correction(&original)),
    ];
    if let Some(actor) = stranger {
        let listed = original.replacen(
            "actors: [",
            &format!("actors: [\"{}\", ", actor.origin.slug),
            1,
        );
        kinds.push(("actor added to front matter", listed));
        let name = &actor.front.name.value;
        kinds.push((
            "actor first mentioned in body",
            format!("{original}\n{name} declined to comment.\n"),
        ));
    }
    kinds
        .into_iter()
        .map(|(what, text)| Edit {
            what: format!("{which} article: {what}"),
            open: format!(
                "articles/{}/index.html",
                slug.as_deref().unwrap_or_default()
            ),
            apply: vec![(file.to_path_buf(), Some(text))],
            undo: vec![(file.to_path_buf(), Some(original.clone()))],
        })
        .collect()
}

/// The article with its `date:` a day earlier (unchanged if it has none in RFC 3339).
fn a_day_earlier(text: &str) -> String {
    let lines = text.lines().map(|line| {
        let date = line
            .strip_prefix("date: ")
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d.trim()).ok());
        match date {
            Some(date) => format!("date: {}", (date - chrono::Duration::days(1)).to_rfc3339()),
            None => line.to_string(),
        }
    });
    lines.collect::<Vec<_>>().join("\n") + "\n"
}

/// The article with a correction dated a day after it.
fn with_correction(text: &str) -> String {
    let date = text.lines().find_map(|line| {
        let date = line.strip_prefix("date: ")?;
        chrono::DateTime::parse_from_rfc3339(date.trim()).ok()
    });
    let Some(date) = date else {
        return text.to_string();
    };
    let day = (date + chrono::Duration::days(1)).date_naive();
    let correction = format!("corrections:\n  - date: {day}\n    note: \"A name was misspelt.\"\n");
    text.replacen("\n---\n", &format!("\n{correction}---\n"), 1)
}

/// A digest listing these articles.
fn digest_text(day: &str, title: &str, slugs: &[String]) -> String {
    format!(
        "---\ntitle: \"{title} {day}\"\nsummary: \"What the day held.\"\narticles: [{}]\n---\nThe news of the day, in brief.\n",
        slugs.join(", ")
    )
}

/// Writes `text` to `path`, or deletes it for `None`.
fn write(path: &Path, text: Option<&str>) {
    let done = match text {
        Some(text) => path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(path, text)),
        None => fs::remove_file(path),
    };
    if let Err(e) = done {
        eprintln!("cannot write {}: {e}", path.display());
    }
}

/// One of this process's memory figures in KiB (Linux), from /proc/self/status: `VmHWM:`
/// (peak resident) or `VmRSS:` (resident now).
fn memory_kib(field: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
