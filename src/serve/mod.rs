//! `briefing serve`: builds into memory, serves over HTTP on loopback, rebuilds on every
//! change and reloads open pages through server-sent events.
//!
//! Threads, no async runtime: one per request (event streams are long-lived), one watcher.
//!
//! In: a site folder. Out: pages over HTTP, from memory (nothing is written to disk).
//! Everything incremental lives in [`session`]; this file is HTTP and watching.

pub mod session;

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use std::sync::mpsc;

use notify::{Event, EventKind, RecursiveMode, Watcher};
use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::diagnostics::{self, Diagnostic, Format, code};
use crate::pipeline::SiteOptions;
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
    watch(options, builds, shared.clone())?;
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
                "Built {} articles, {} pages in {elapsed} ms",
                rebuilt.site.articles.len(),
                live.pages.len()
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

/// How long the sources must be quiet before a rebuild: editors save in bursts.
const QUIET: Duration = Duration::from_millis(80);

/// The folders a site is built from, watched with all they hold.
const SOURCE_FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// Watches the sources and rebuilds after each burst of changes. Reads (which the
/// build itself causes) are ignored; renames and swaps count, so every editor works.
/// Only the root itself (for `site.yaml` and new source folders) and the source folders
/// are watched, so `public/` or `target/` churning never delays a rebuild.
fn watch(options: &ServeOptions, builds: Builds, shared: Shared) -> Result<(), Diagnostic> {
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
fn is_source(root: &Path, changed: &Path) -> bool {
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

/// Addresses a request's Host may name: loopback names, and the bound address.
#[derive(Clone, Copy)]
struct AllowedHosts {
    bind: IpAddr,
    port: u16,
}

impl AllowedHosts {
    /// Refuses names a DNS-rebinding page would use; IP literals and localhost pass.
    fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let name = match host.rsplit_once(':') {
            Some((name, port))
                if !name.ends_with(':') && port.chars().all(|c| c.is_ascii_digit()) =>
            {
                if port.parse() != Ok(self.port) {
                    return false;
                }
                name.to_string()
            }
            _ => host.clone(),
        };
        let name = name.trim_start_matches('[').trim_end_matches(']');
        if name == "localhost" {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || ip == self.bind || (self.bind.is_unspecified()),
            Err(_) => false,
        }
    }
}

fn handle(request: Request, shared: &Shared, allowed: &AllowedHosts) -> io::Result<()> {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if !host.as_deref().is_some_and(|h| allowed.allows(h)) {
        return request.respond(text(403, "Forbidden: unknown Host.\n"));
    }
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return request.respond(text(405, "Only GET and HEAD.\n"));
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH && matches!(request.method(), tiny_http::Method::Get) {
        return stream_events(request, shared);
    }
    let Some(key) = site_path(path) else {
        return not_found(request, shared);
    };
    let live = lock(shared);
    if let Some(bytes) = live.pages.get(&key).cloned() {
        drop(live);
        return request.respond(file_response(&key, &bytes));
    }
    let folder_index = format!("{key}/index.html");
    let is_folder =
        !key.is_empty() && !key.ends_with(".html") && live.pages.contains_key(&folder_index);
    drop(live);
    if is_folder {
        let location = format!(
            "/{}/",
            key.trim_end_matches("/index.html").trim_end_matches('/')
        );
        if let Ok(header) = Header::from_bytes("Location", location.as_bytes()) {
            return request.respond(Response::empty(301).with_header(header));
        }
    }
    not_found(request, shared)
}

/// The output path a request path names, or `None` when it tries to leave the site:
/// percent-decoded, with `.` and empty segments dropped and `..`, `\` and NUL refused.
pub fn site_path(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            part if part.contains(':') => return None,
            part => parts.push(part),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()))?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn not_found(request: Request, shared: &Shared) -> io::Result<()> {
    let page = lock(shared).pages.get("404.html").cloned();
    // Before any good build there is no 404 page, but the overlay must still show.
    let bytes = page.unwrap_or_else(|| Arc::new(NO_SITE_YET.as_bytes().to_vec()));
    request.respond(file_response("404.html", &bytes).with_status_code(404))
}

/// Served until the first good build: enough page for the live script to report errors.
const NO_SITE_YET: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\n<body><p>The site has not built yet. Fix the errors shown below; this page reloads by itself.</p></body></html>\n";

fn text(status: u16, body: &str) -> Response<io::Cursor<Vec<u8>>> {
    with_headers(
        Response::from_string(body).with_status_code(StatusCode(status)),
        &[("Content-Type", "text/plain; charset=utf-8")],
    )
}

/// Adds headers; one that is not valid ASCII is left out rather than sent broken.
fn with_headers<R: io::Read>(mut response: Response<R>, headers: &[(&str, &str)]) -> Response<R> {
    for (name, value) in headers {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}

/// A page or file; HTML pages get the live-reload script.
fn file_response(path: &str, bytes: &[u8]) -> Response<io::Cursor<Vec<u8>>> {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        with_live_script(bytes)
    } else {
        bytes.to_vec()
    };
    with_headers(
        Response::from_data(body),
        &[("Content-Type", kind), ("Cache-Control", "no-store")],
    )
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" if path.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "jsonld" => "application/ld+json; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Reloads the page after a good rebuild and shows an overlay of errors after a bad one.
const LIVE_SCRIPT: &str = r#"<script>/* briefing serve: live reload */
(function () {
  var overlay = null;
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(problems) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "briefing-errors";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#2b0b0b;color:#ffe9e9;font:14px/1.45 ui-monospace,monospace;padding:12px 16px;border-top:3px solid #ff6b6b";
    var title = document.createElement("strong");
    title.textContent = "The site does not build; showing the last good version.";
    overlay.appendChild(title);
    var list = document.createElement("ul");
    problems.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p.file + (p.line ? ":" + p.line : "") + (p.column ? ":" + p.column : "") + " " + p.message +
        (p.hint ? " (" + p.hint + ")" : "");
      list.appendChild(item);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }
  var source = new EventSource("/__briefing/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("problems", function (event) { show(JSON.parse(event.data)); });
  source.addEventListener("ok", hide);
})();
</script>
"#;

fn with_live_script(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    match text.rfind("</body>") {
        Some(at) => format!("{}{LIVE_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{LIVE_SCRIPT}").into_bytes(),
    }
}

/// Server-sent events: `ok` or `problems` at once, then `reload` or `problems` after each rebuild.
fn stream_events(request: Request, shared: &Shared) -> io::Result<()> {
    let mut writer = request.into_writer();
    writer.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n",
    )?;
    let (mut seen, first) = {
        let live = lock(shared);
        (live.version, status_event(&live, "ok"))
    };
    writer.write_all(first.as_bytes())?;
    writer.flush()?;
    loop {
        let event = {
            let live = lock(shared);
            let (live, timeout) = shared
                .1
                .wait_timeout_while(live, Duration::from_secs(15), |live| live.version == seen)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if timeout.timed_out() {
                ": still here\n\n".to_string()
            } else {
                seen = live.version;
                status_event(&live, "reload")
            }
        };
        writer.write_all(event.as_bytes())?;
        writer.flush()?;
    }
}

/// `problems` with the errors as JSON when the last build failed, else `when_good`.
fn status_event(live: &Live, when_good: &str) -> String {
    if live.problems.is_empty() {
        return format!("event: {when_good}\ndata: {{}}\n\n");
    }
    let problems: Vec<String> = live.problems.iter().map(Diagnostic::to_json).collect();
    format!("event: problems\ndata: [{}]\n\n", problems.join(","))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/actors/nato/").as_deref(),
            Some("actors/nato/index.html")
        );
        assert_eq!(site_path("/a%20b/./x.css").as_deref(), Some("a b/x.css"));
        for attack in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/..%5c..%5cwin.ini",
            "/a\\b",
            "//etc/passwd/..",
            "/C:/x",
            "/%00",
            "/%zz",
            "etc/passwd",
        ] {
            assert_eq!(site_path(attack), None, "{attack}");
        }
    }

    #[test]
    fn hosts_are_loopback_or_the_bound_address() {
        let allowed = AllowedHosts {
            bind: "127.0.0.1".parse().unwrap(),
            port: 1111,
        };
        for good in [
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LOCALHOST:1111",
            "localhost",
        ] {
            assert!(allowed.allows(good), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example:1111",
            "127.0.0.1:2222",
            "192.168.1.5:1111",
        ] {
            assert!(!allowed.allows(bad), "{bad}");
        }
    }

    #[test]
    fn only_sources_trigger_rebuilds() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/content/articles/a.md")));
        assert!(is_source(root, Path::new("/site/site.yaml")));
        assert!(!is_source(root, Path::new("/site/public/index.html")));
        assert!(!is_source(root, Path::new("/site/.git/index")));
    }

    #[test]
    fn the_live_script_goes_before_the_body_end() {
        let page = with_live_script(b"<html><body><p>x</p></body></html>");
        let text = String::from_utf8(page).unwrap();
        assert!(text.contains("EventSource(\"/__briefing/events\")"));
        assert!(text.ends_with("</script>\n</body></html>"));
    }
}
