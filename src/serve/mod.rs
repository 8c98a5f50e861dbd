//! `briefing serve`: builds into memory, serves over HTTP on loopback, rebuilds on every
//! change and reloads open pages through server-sent events.
//!
//! Threads, no async runtime: one per request (event streams are long-lived), one watcher.
//!
//! In: a site folder. Out: pages over HTTP, from memory (nothing is written to disk).
//! Everything incremental lives in [`session`]; requests are answered in `http`, and
//! `watch` turns file-system events into rebuilds.

mod http;
pub mod session;
#[cfg(test)]
mod tests;
mod watch;

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

use tiny_http::Server;

use crate::diagnostics::{self, Diagnostic, Format, code};
use crate::pipeline::{SiteOptions, counted, html_pages};
pub use http::site_path;
use http::{AllowedHosts, handle};
pub use session::{Rebuilt, Session};

/// Where live-reload events are streamed; never a page of the site.
const EVENTS_PATH: &str = "/__briefing/events";

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub drafts: bool,
    pub open: bool,
}

/// The site as last built, shared by the watcher and every request.
#[derive(Default)]
struct Live {
    /// The last good build: output path → bytes.
    pages: HashMap<String, Arc<Vec<u8>>>,
    /// The errors of the last build; empty when it succeeded.
    problems: Vec<Diagnostic>,
    /// Bumped by every rebuild, good or bad.
    version: u64,
}

type Shared = Arc<(Mutex<Live>, Condvar)>;

/// The build caches, used by one rebuild at a time.
type Builds = Arc<Mutex<Session>>;

fn lock(shared: &Shared) -> MutexGuard<'_, Live> {
    // A panicking request thread must not take the server down with a poisoned lock.
    shared
        .0
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Serves the site until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), Diagnostic> {
    let bind: IpAddr = options.bind.parse().map_err(|_| {
        Diagnostic::error(
            code::BAD_CONFIG,
            "--bind",
            format!("`{}` is not an IP address", options.bind),
        )
        .with_hint("use 127.0.0.1 (the default), ::1, or 0.0.0.0 to listen on every interface")
    })?;
    if bind.is_unspecified() {
        eprintln!(
            "warning: listening on every network interface ({bind}): anyone on your network can read the site"
        );
    }
    let server = Server::http((bind, options.port)).map_err(|error| {
        let in_use = error
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::AddrInUse);
        let problem = Diagnostic::error(
            code::IO,
            "--port",
            format!("cannot listen on {bind}:{}: {error}", options.port),
        );
        if in_use {
            problem.with_hint(format!(
                "port {} is in use; choose another with --port",
                options.port
            ))
        } else {
            problem.with_hint("choose another address with --bind or port with --port")
        }
    })?;
    let server = Arc::new(server);
    let shared: Shared = Arc::new((Mutex::new(Live::default()), Condvar::new()));
    let builds: Builds = Arc::new(Mutex::new(Session::default()));
    rebuild(&builds, &options.root, options.drafts, &shared, None);
    watch::watch(options, builds, shared.clone())?;
    let url = match bind {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", options.port),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", options.port),
    };
    println!(
        "Serving {} at {url} (Ctrl-C to stop)",
        options.root.display()
    );
    if options.open {
        open_browser(&url);
    }
    let allowed = AllowedHosts {
        bind,
        port: options.port,
    };
    loop {
        let request = match server.recv() {
            Ok(request) => request,
            Err(error) => {
                eprintln!("serve: {error}");
                continue;
            }
        };
        let shared = shared.clone();
        std::thread::spawn(move || {
            let _ = handle(request, &shared, &allowed);
        });
    }
}

/// Rebuilds the site into memory; on failure keeps the last good pages. `changed` lists
/// the files that changed (relative to the root) when the events told them all.
fn rebuild(
    builds: &Builds,
    root: &Path,
    drafts: bool,
    shared: &Shared,
    changed: Option<Vec<PathBuf>>,
) {
    let mut session = builds
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    session.expect_changes(changed);
    let started = Instant::now();
    let options = SiteOptions {
        base_url: Some("/".to_string()),
        relative_urls: false,
        drafts,
    };
    let result = session.rebuild(root, &options);
    let elapsed = started.elapsed().as_millis();
    let mut live = lock(shared);
    match result {
        Ok(rebuilt) => {
            diagnostics::report(&rebuilt.site.diagnostics, root, Format::Human);
            let rendered = rebuilt.pages.len();
            if rebuilt.whole {
                live.pages.clear();
            }
            for path in &rebuilt.removed {
                live.pages.remove(path);
            }
            for page in rebuilt.pages {
                live.pages.insert(page.path, Arc::new(page.bytes));
            }
            live.problems.clear();
            println!(
                "Built {}, {} in {elapsed} ms",
                counted(rebuilt.site.articles.len(), "article"),
                counted(html_pages(live.pages.keys().map(String::as_str)), "page")
            );
            let stages: Vec<String> = rebuilt
                .stages
                .iter()
                .map(|(stage, time)| format!("{stage} {} ms", time.as_millis()))
                .collect();
            if rebuilt.whole {
                println!("  ({})", stages.join(", "));
            } else {
                println!(
                    "  only the {rendered} pages that show the changed articles were rendered again ({})",
                    stages.join(", ")
                );
            }
        }
        Err(problems) => {
            diagnostics::report(&problems, root, Format::Human);
            let errors: Vec<Diagnostic> =
                problems.into_iter().filter(Diagnostic::is_error).collect();
            eprintln!(
                "Rebuild failed with {} error(s) in {elapsed} ms; still serving the last good site",
                errors.len()
            );
            live.problems = errors;
        }
    }
    live.version += 1;
    shared.1.notify_all();
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}
