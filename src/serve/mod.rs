//! `briefing serve`: builds into memory, serves over HTTP on loopback, rebuilds on every
//! change and reloads open pages through server-sent events.
//!
//! Threads, no async runtime, and a bounded number of them: the main thread accepts
//! connections into a queue of [`QUEUE`], [`WORKERS`] threads answer one request per
//! connection, each live-reload stream (long-lived) has its own thread up to
//! [`EVENT_STREAMS`], and the watcher has its own. Past a bound the answer is 503 with
//! `Retry-After`; a client has [`HEAD_TIMEOUT`] to send its request and [`ANSWER_TIMEOUT`]
//! to take the answer, so a stalled one cannot keep a worker. tiny_http's request and
//! response types are used, but not its `Server`: that starts a thread for every
//! connection, with no limit and no timeout.
//!
//! In: a site folder. Out: pages over HTTP, from memory (nothing is written to disk).
//! Everything incremental lives in [`session`]; requests are answered in `http`, `watch`
//! turns file-system events into rebuilds, and `refresh` renders, in the background, the
//! pages a rebuild left stale because no browser had them open.

mod http;
mod refresh;
pub mod session;
#[cfg(test)]
mod tests;
mod watch;

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TrySendError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use tiny_http::Method;

use crate::diagnostics::{self, Diagnostic, Format, code};
use crate::pipeline::{SiteOptions, counted, html_pages};
use crate::resolve::paths::PathSet;
pub use http::site_path;
use http::{AllowedHosts, Answer, Head, NoHead, Reply};
pub use session::{Rebuilt, Session};

/// Where live-reload events are streamed; never a page of the site.
const EVENTS_PATH: &str = "/__briefing/events";

/// Threads answering requests: pages come from memory in well under a millisecond, and 8
/// outnumber the 6 connections a browser opens to one server.
pub const WORKERS: usize = 8;

/// Connections waiting for a worker: a few tabs reloading at once; past this, 503 at once.
pub const QUEUE: usize = 64;

/// Live-reload streams open at once, one per open tab, each on its own thread.
pub const EVENT_STREAMS: usize = 32;

/// How long a client has to send its request head from when it connected (browsers send it
/// at once): a stalled client frees its worker after this, and one that waited that long in
/// the queue takes no more than a glance, so a queue full of them clears at once.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a client has to take its whole answer, so a stalled one frees its worker.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a 503 asks the client to wait (the live script waits as long before asking again).
const RETRY_AFTER: Duration = Duration::from_secs(5);

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
    /// Pages whose bytes here are behind the last good build (see
    /// [`Session::stale_pages`]): a request for one waits until it is rendered.
    stale: PathSet,
    /// Stale pages requests are waiting for: rendered before the other stale pages.
    waited_for: Vec<String>,
    /// Pages open in a browser (by their live-reload streams), with how many streams each:
    /// a rebuild renders these at once.
    open: HashMap<String, usize>,
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

/// The session, for one rebuild or one batch of stale pages (a poisoned lock is taken
/// over, as in [`lock`]).
fn lock_session(builds: &Builds) -> MutexGuard<'_, Session> {
    builds
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
    let listener = TcpListener::bind((bind, options.port)).map_err(|error| {
        let problem = Diagnostic::error(
            code::IO,
            "--port",
            format!("cannot listen on {bind}:{}: {error}", options.port),
        );
        if error.kind() == io::ErrorKind::AddrInUse {
            problem.with_hint(format!(
                "port {} is in use; choose another with --port",
                options.port
            ))
        } else {
            problem.with_hint("choose another address with --bind or port with --port")
        }
    })?;
    let shared: Shared = Arc::new((Mutex::new(Live::default()), Condvar::new()));
    let builds: Builds = Arc::new(Mutex::new(Session::default()));
    rebuild(&builds, &options.root, options.drafts, &shared, None);
    refresh::start(builds.clone(), shared.clone(), options.root.clone()).map_err(|error| {
        Diagnostic::error(
            code::IO,
            "serve",
            format!("cannot start the thread that renders stale pages: {error}"),
        )
    })?;
    watch::watch(options, builds, shared.clone())?;
    let allowed = AllowedHosts {
        bind,
        port: options.port,
    };
    let (queue, waiting) = mpsc::sync_channel::<Waiting>(QUEUE);
    start_workers(waiting, &shared, allowed).map_err(|error| {
        Diagnostic::error(
            code::IO,
            "serve",
            format!("cannot start the threads that answer requests: {error}"),
        )
    })?;
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
    for connection in listener.incoming() {
        match connection {
            Ok(stream) => match queue.try_send((stream, Instant::now())) {
                Ok(()) => {}
                // Disconnected cannot happen: the workers catch their panics and never stop.
                Err(TrySendError::Full((stream, _)) | TrySendError::Disconnected((stream, _))) => {
                    turn_away(&stream);
                }
            },
            Err(error) => {
                // Out of file descriptors, say: wait a moment rather than spin.
                eprintln!("serve: {error}");
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
    Ok(())
}

/// A connection accepted, and when.
type Waiting = (TcpStream, Instant);

/// Starts the [`WORKERS`], which take connections from `waiting` one at a time.
fn start_workers(
    waiting: Receiver<Waiting>,
    shared: &Shared,
    allowed: AllowedHosts,
) -> io::Result<()> {
    let waiting = Arc::new(Mutex::new(waiting));
    let streams = Arc::new(Streams::new(EVENT_STREAMS));
    for n in 0..WORKERS {
        let (waiting, shared, streams) = (waiting.clone(), shared.clone(), streams.clone());
        thread::Builder::new()
            .name(format!("serve-{n}"))
            .spawn(move || {
                loop {
                    let next = waiting
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .recv();
                    let Ok((stream, accepted)) = next else { return };
                    // A panic is printed by the hook; the worker stays for the next one.
                    let _ = panic::catch_unwind(AssertUnwindSafe(|| {
                        connection(stream, accepted, &shared, &allowed, &streams);
                    }));
                }
            })?;
    }
    Ok(())
}

/// Answers the one request of a connection, or hands it to an event stream.
fn connection(
    stream: TcpStream,
    accepted: Instant,
    shared: &Shared,
    allowed: &AllowedHosts,
    streams: &Arc<Streams>,
) {
    let _ = stream.set_nodelay(true);
    let mut reading = Timed {
        stream: &stream,
        deadline: accepted + HEAD_TIMEOUT,
        glance: true,
    };
    let head = match http::read_head(&mut reading) {
        Ok(head) => head,
        Err(NoHead::Closed) => return,
        Err(NoHead::TimedOut) => {
            return reply(&stream, None, http::text(408, "Request Timeout.\n"));
        }
        Err(NoHead::TooLarge) => {
            return reply(&stream, None, http::text(431, "Request head too large.\n"));
        }
        Err(NoHead::Malformed) => return reply(&stream, None, http::text(400, "Bad Request.\n")),
    };
    match http::answer(&head, shared, allowed) {
        Answer::Reply(response) => reply(&stream, Some(&head), response),
        Answer::Events(page) => {
            let Some(place) = streams.take() else {
                let refusal = http::busy(&format!(
                    "Too many live-reload streams open (at most {EVENT_STREAMS}); close some tabs.\n"
                ));
                return reply(&stream, Some(&head), refusal);
            };
            let shared = shared.clone();
            let started = thread::Builder::new()
                .name("serve-events".to_string())
                .spawn(move || {
                    let _place = place;
                    // A client that stops reading is dropped once a write has waited this long.
                    if stream.set_write_timeout(Some(ANSWER_TIMEOUT)).is_ok() {
                        let _ = http::stream_events(&stream, &shared, page);
                    }
                });
            if let Err(error) = started {
                eprintln!("serve: cannot start a live-reload stream: {error}");
            }
        }
    }
}

/// Sends `response` within [`ANSWER_TIMEOUT`] and closes the connection.
fn reply(stream: &TcpStream, head: Option<&Head>, response: Reply) {
    let head_only = head.is_some_and(|head| head.method == Method::Head);
    let mut writing = Timed {
        stream,
        deadline: Instant::now() + ANSWER_TIMEOUT,
        glance: false,
    };
    let _ = http::write_reply(&mut writing, response, head_only);
    close(stream);
}

/// Answers 503 from the accepting thread, without ever waiting on the client: the queue is
/// full, so no worker will take this connection soon.
fn turn_away(stream: &TcpStream) {
    let mut bytes = Vec::new();
    let refusal = http::busy("Too many requests waiting; try again shortly.\n");
    if http::write_reply(&mut bytes, refusal, false).is_err()
        || stream.set_nonblocking(true).is_err()
    {
        return;
    }
    // A fresh connection's send buffer is empty, so this short answer fits at once.
    let _ = (&*stream).write(&bytes);
    close(stream);
}

/// Ends a connection: what the client sent and nobody read is discarded first, so that
/// closing does not reset the connection before the client has read the answer.
fn close(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    if stream.set_nonblocking(true).is_ok() {
        let mut chunk = [0u8; 4096];
        for _ in 0..16 {
            match (&*stream).read(&mut chunk) {
                Ok(n) if n > 0 => {}
                _ => break,
            }
        }
    }
}

/// A connection's reads and writes, each bounded by the time left until a deadline.
struct Timed<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
    /// Whether one more read may still pick up what has already arrived once the deadline
    /// has passed (a connection that waited in the queue past its time).
    glance: bool,
}

/// How long a read past the deadline waits: enough for what has already arrived.
const GLANCE: Duration = Duration::from_millis(1);

impl Timed<'_> {
    fn left(&mut self) -> io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if !left.is_zero() {
            Ok(left)
        } else if std::mem::take(&mut self.glance) {
            Ok(GLANCE)
        } else {
            Err(io::ErrorKind::TimedOut.into())
        }
    }
}

impl Read for Timed<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.stream.set_read_timeout(Some(left))?;
        (&*self.stream).read(buffer)
    }
}

impl Write for Timed<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.stream.set_write_timeout(Some(left))?;
        (&*self.stream).write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The open live-reload streams, counted against a cap.
struct Streams {
    open: AtomicUsize,
    cap: usize,
}

/// One open stream's place; given back when dropped, however its thread ends.
struct StreamPlace(Arc<Streams>);

impl Streams {
    fn new(cap: usize) -> Self {
        Streams {
            open: AtomicUsize::new(0),
            cap,
        }
    }

    /// A place, or `None` when every place is taken.
    fn take(self: &Arc<Self>) -> Option<StreamPlace> {
        self.open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                (open < self.cap).then_some(open + 1)
            })
            .ok()
            .map(|_| StreamPlace(self.clone()))
    }
}

impl Drop for StreamPlace {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::AcqRel);
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
    let mut session = lock_session(builds);
    session.expect_changes(changed);
    let open: PathSet = lock(shared).open.keys().cloned().collect();
    let started = Instant::now();
    let options = SiteOptions {
        base_url: Some("/".to_string()),
        relative_urls: false,
        drafts,
    };
    let result = session.rebuild_open(root, &options, &|path| open.contains(path));
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
            live.stale = session.stale_pages().clone();
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
            } else if rebuilt.stale > 0 {
                println!(
                    "  {rendered} files rendered now, the pages open in a browser among them; {} more render in the background ({})",
                    rebuilt.stale,
                    stages.join(", ")
                );
            } else {
                println!(
                    "  only the {rendered} pages that show the changed articles were rendered again ({})",
                    stages.join(", ")
                );
            }
        }
        Err(problems) => {
            failed(&mut live, problems, root, |errors| {
                format!(
                    "Rebuild failed with {errors} error(s) in {elapsed} ms; still serving the last good site"
                )
            });
        }
    }
    live.version += 1;
    shared.1.notify_all();
}

/// Reports the problems of a failed build or render, then `message` (given the count of
/// errors), and keeps the errors for the pages' overlay.
fn failed(
    live: &mut Live,
    problems: Vec<Diagnostic>,
    root: &Path,
    message: impl FnOnce(usize) -> String,
) {
    diagnostics::report(&problems, root, Format::Human);
    let errors: Vec<Diagnostic> = problems.into_iter().filter(Diagnostic::is_error).collect();
    eprintln!("{}", message(errors.len()));
    live.problems = errors;
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
