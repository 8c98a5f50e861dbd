//! Times `serve`'s rebuild after one article is edited, stage by stage:
//!   python3 bench/gen_corpus.py --articles 10000 --out /tmp/site --format native
//!   cargo bench --bench rebuild -- /tmp/site
//! Two articles are edited in place and restored: the first file by name (an article of no
//! particular date) and the newest article, which every feed it belongs to carries.

use std::path::{Path, PathBuf};
use std::time::Instant;

use briefing::pipeline::SiteOptions;
use briefing::serve::Session;

fn main() {
    let Some(root) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: cargo bench --bench rebuild -- SITE_FOLDER");
        std::process::exit(2);
    };
    let root = PathBuf::from(root);
    let options = SiteOptions {
        base_url: Some("/".to_string()),
        ..SiteOptions::default()
    };
    let mut session = Session::default();
    let started = Instant::now();
    let Ok(first) = session.rebuild(&root, &options) else {
        eprintln!(
            "the site does not build: run `briefing check --root {}`",
            root.display()
        );
        std::process::exit(1);
    };
    println!(
        "first build: {} articles, {} pages in {} ms",
        first.site.articles.len(),
        first.pages.len(),
        started.elapsed().as_millis()
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content/articles"))
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let newest = first
        .site
        .articles
        .first()
        .map(|n| root.join(&n.article.origin.file));
    // Serve keeps no copy of a build's site; holding one would stop rebuilds patching it.
    drop(first);
    let articles = [
        ("first by name", files.first().cloned()),
        ("newest", newest),
    ];
    for (which, article) in articles {
        let Some(article) = article else {
            eprintln!("no articles to edit");
            std::process::exit(1);
        };
        edit(&mut session, &root, &options, which, &article);
    }
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

/// Edits `article` four times (title, body, title, date a day earlier), timing each
/// rebuild, then restores it.
fn edit(session: &mut Session, root: &Path, options: &SiteOptions, which: &str, article: &Path) {
    let original = std::fs::read_to_string(article).unwrap_or_default();
    // Each edit builds on the one before, so each changes only what it names.
    let retitled = original.replacen("title: \"", "title: \"Edited ", 1);
    let lengthened = format!("{retitled}\nOne more sentence.\n");
    let twice = lengthened.replacen("title: \"Edited ", "title: \"Twice ", 1);
    // A day earlier: the article moves in every list, so the site is resolved whole.
    let moved = a_day_earlier(&twice);
    let edits = [
        ("title", retitled),
        ("body", lengthened.clone()),
        ("title again", twice),
        ("date, moving it", moved),
    ];
    for (what, text) in edits {
        if let Err(e) = std::fs::write(article, text) {
            eprintln!("cannot edit {}: {e}", article.display());
            std::process::exit(1);
        }
        // As serve does: the file-system event names the file.
        let relative = article.strip_prefix(root).unwrap_or(article).to_path_buf();
        session.expect_changes(Some(vec![relative]));
        let started = Instant::now();
        let result = session.rebuild(root, options);
        let elapsed = started.elapsed();
        match result {
            Ok(rebuilt) => {
                let stages: Vec<String> = rebuilt
                    .stages
                    .iter()
                    .map(|(stage, time)| format!("{stage} {:.1}", time.as_secs_f64() * 1e3))
                    .collect();
                println!(
                    "{which} article edited ({what}): {} pages in {:.1} ms  [{} ms]",
                    rebuilt.pages.len(),
                    elapsed.as_secs_f64() * 1e3,
                    stages.join(", ")
                );
            }
            Err(problems) => println!("rebuild failed: {} problems", problems.len()),
        }
    }
    let _ = std::fs::write(article, original);
}
