//! The floor under a build: each article's Markdown body (its front matter skipped) parsed
//! with pulldown-cmark, rendered to HTML and written to a file of its own, on one thread,
//! with no templates, links, feeds or index. `bench/run.sh` times it beside a full build:
//!   cargo bench --bench floor -- SITE_FOLDER OUTPUT_FOLDER

use std::fs;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(site), Some(out)) = (args.first(), args.get(1).filter(|a| !a.starts_with('-')))
    else {
        eprintln!("usage: cargo bench --bench floor -- SITE_FOLDER OUTPUT_FOLDER");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    let started = Instant::now();
    let mut files: Vec<PathBuf> = fs::read_dir(PathBuf::from(site).join("content/articles"))
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut written = 0usize;
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
    {
        let Ok(text) = fs::read_to_string(file) else {
            continue;
        };
        let mut html = String::with_capacity(text.len() * 3 / 2);
        let parser =
            pulldown_cmark::Parser::new_ext(body_of(&text), pulldown_cmark::Options::all());
        pulldown_cmark::html::push_html(&mut html, parser);
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = out.join(stem);
        if fs::create_dir_all(&folder)
            .and_then(|()| fs::write(folder.join("index.html"), html))
            .is_err()
        {
            eprintln!("cannot write under {}", out.display());
            std::process::exit(1);
        }
        written += 1;
    }
    println!(
        "floor: {written} articles parsed, rendered and written in {:.2} s",
        started.elapsed().as_secs_f64()
    );
}

/// The text after the front matter (`---` … `---`), or all of it when there is none.
fn body_of(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}
