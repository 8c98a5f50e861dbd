//! `briefing serve` over real HTTP: the binary is started on a free port and spoken to with
//! raw requests on a `TcpStream`, so attack paths reach the server byte for byte.
//!
//! Every wait is bounded; the bounds are generous because the machine may be loaded, and
//! nothing here asserts on speed. A `Serve` guard kills its server when dropped, so no server
//! outlives its test, even a failing one.

mod common;

use std::fs;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use briefing::serve::{EVENT_STREAMS, WORKERS};
use common::*;

/// How long a server may take to build the site and start listening.
const START: Duration = Duration::from_secs(40);
/// How long a rebuild, its event, or a process exit may take.
const WAIT: Duration = Duration::from_secs(30);
/// How long one HTTP exchange may take.
const EXCHANGE: Duration = Duration::from_secs(20);

const SITE_TITLE: &str = "Serve Test Briefing";
const EVENTS: &str = "/__briefing/events";

// ---------------------------------------------------------------------------------------
// The fixture site
// ---------------------------------------------------------------------------------------

fn a1_md(title: &str, extra_yaml: &str) -> String {
    article_md(
        title,
        "2025-01-10",
        &["alice", "bob"],
        &["trade"],
        extra_yaml,
        "The first article's text.",
    )
}

/// A small good site: two actors, one topic, two articles.
fn serve_site() -> SiteBuilder {
    let site = SiteBuilder::new();
    site.write("site.yaml", &format!("title: {SITE_TITLE}\n"))
        .write("content/actors/alice.md", &actor_md("Alice Ames", "person"))
        .write("content/actors/bob.md", &actor_md("Bob Brown", "person"))
        .write("content/topics/trade.md", &topic_md("Trade"))
        .write("content/articles/a1.md", &a1_md("Article A1", ""))
        .write(
            "content/articles/a2.md",
            &article_md(
                "Article A2",
                "2025-02-05",
                &["alice"],
                &["trade"],
                "",
                "The second article's text.",
            ),
        );
    site
}

/// `a1.md` with an unknown front-matter key on line 6.
fn broken_a1() -> String {
    let text = a1_md("Article A1", "colour: blue\n");
    assert_eq!(
        text.lines().nth(5),
        Some("colour: blue"),
        "the fixture's bad key should be on line 6"
    );
    text
}

// ---------------------------------------------------------------------------------------
// The server process
// ---------------------------------------------------------------------------------------

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

type Buffer = Arc<Mutex<Vec<u8>>>;

/// Reads a pipe to its end on a thread, so the child never blocks on a full pipe.
fn drain(mut pipe: impl Read + Send + 'static) -> Buffer {
    let buffer = Buffer::default();
    let sink = buffer.clone();
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        loop {
            match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => sink.lock().unwrap().extend_from_slice(&chunk[..n]),
            }
        }
    });
    buffer
}

/// A running `briefing serve`; killed when dropped.
struct Serve {
    child: Child,
    port: u16,
    stdout: Buffer,
    stderr: Buffer,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// Starts `briefing serve --root ROOT --port PORT ARGS...` in `cwd`, without waiting.
    fn spawn(root: &Path, cwd: &Path, port: u16, args: &[&str]) -> Serve {
        let mut child = Command::new(binary())
            .current_dir(cwd)
            .arg("serve")
            .arg("--root")
            .arg(root)
            .arg("--port")
            .arg(port.to_string())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start briefing serve");
        let stdout = drain(child.stdout.take().expect("piped stdout"));
        let stderr = drain(child.stderr.take().expect("piped stderr"));
        Serve {
            child,
            port,
            stdout,
            stderr,
        }
    }

    /// Serves `site` on a free port (run from the folder holding the site) and waits until ready.
    fn start(site: &SiteBuilder, args: &[&str]) -> Serve {
        let mut server = Serve::spawn(&site.root(), site.tmp(), free_port(), args);
        server.wait_ready();
        server
    }

    /// Waits for the `Serving ROOT at URL` line (printed once the watcher runs) and for the
    /// port to accept connections.
    fn wait_ready(&mut self) {
        let deadline = Instant::now() + START;
        while !self.stdout().contains("Serving ") {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("serve exited ({status}) before serving\n{}", self.output());
            }
            if Instant::now() > deadline {
                panic!(
                    "serve did not print `Serving ...` within {START:?}\n{}",
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        while TcpStream::connect_timeout(&self.addr(), Duration::from_secs(1)).is_err() {
            if Instant::now() > deadline {
                panic!(
                    "port {} accepted no connection within {START:?}\n{}",
                    self.port,
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout.lock().unwrap()).into_owned()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Both streams, for failure messages.
    fn output(&self) -> String {
        format!(
            "--- serve stdout\n{}\n--- serve stderr\n{}",
            self.stdout(),
            self.stderr()
        )
    }

    /// Waits for the process to exit by itself.
    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                // Let the drain threads catch the last output.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            if Instant::now() > deadline {
                panic!("serve did not exit within {WAIT:?}\n{}", self.output());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls `check` until it returns `Some`, failing with `what` and the server's output.
    fn eventually<T>(&self, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(found) = check() {
                return found;
            }
            if Instant::now() > deadline {
                panic!("{what}: not seen within {WAIT:?}\n{}", self.output());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The `Host` a browser pointed at the server sends.
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `GET path` with a good Host.
    fn get(&self, path: &str) -> Response {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host()
        ))
    }

    /// Sends `raw` verbatim and parses the answer; panics when there is none.
    fn request(&self, raw: &str) -> Response {
        let bytes = exchange(self.addr(), raw.as_bytes());
        parse_response(&bytes).unwrap_or_else(|| {
            panic!(
                "no HTTP response to {raw:?}; got {:?}\n{}",
                String::from_utf8_lossy(&bytes),
                self.output()
            )
        })
    }

    /// An event stream, read up to and including its first event.
    fn events(&self) -> (Events, Event) {
        let mut events = Events::connect(self);
        let first = events.next(WAIT).unwrap_or_else(|| {
            panic!(
                "the event stream sent no first event within {WAIT:?}; got {:?}\n{}",
                String::from_utf8_lossy(&events.buffer),
                self.output()
            )
        });
        (events, first)
    }

    /// How many times the site was built (good builds only), from stdout.
    fn good_builds(&self) -> usize {
        self.stdout()
            .lines()
            .filter(|l| l.starts_with("Built "))
            .count()
    }
}

// ---------------------------------------------------------------------------------------
// HTTP by hand
// ---------------------------------------------------------------------------------------

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Everything the server sent, undecoded.
    raw: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Sends `request` and reads until the response is complete or the server closes.
fn exchange(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    stream.write_all(request).expect("send the request");
    let deadline = Instant::now() + EXCHANGE;
    let mut received = Vec::new();
    let mut chunk = [0u8; 16384];
    loop {
        if response_complete(&received) {
            return received;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return received,
            Ok(n) => received.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if Instant::now() > deadline {
                    panic!(
                        "no complete response to {:?} within {EXCHANGE:?}; got {:?}",
                        String::from_utf8_lossy(request),
                        String::from_utf8_lossy(&received)
                    );
                }
            }
            // A reset after the response (or instead of one) ends the exchange.
            Err(_) => return received,
        }
    }
}

/// The head's lines and where the body starts.
fn split_head(raw: &[u8]) -> Option<(Vec<String>, usize)> {
    let end = find(raw, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    Some((head.split("\r\n").map(str::to_string).collect(), end + 4))
}

fn content_length(lines: &[String]) -> Option<usize> {
    lines.iter().skip(1).find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    })
}

fn is_chunked(lines: &[String]) -> bool {
    lines.iter().skip(1).any(|l| {
        l.split_once(':').is_some_and(|(n, v)| {
            n.trim().eq_ignore_ascii_case("transfer-encoding")
                && v.to_ascii_lowercase().contains("chunked")
        })
    })
}

fn response_complete(raw: &[u8]) -> bool {
    let Some((lines, body_start)) = split_head(raw) else {
        return false;
    };
    let body = &raw[body_start..];
    if is_chunked(&lines) {
        return decode_chunked(body).is_some();
    }
    content_length(&lines).is_some_and(|length| body.len() >= length)
}

/// The body of a complete chunked message; `None` while incomplete.
fn decode_chunked(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = find(body, b"\r\n")?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if body.len() < size + 2 {
            return None;
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size + 2..];
    }
}

fn parse_response(raw: &[u8]) -> Option<Response> {
    let (lines, body_start) = split_head(raw)?;
    let status = lines.first()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .iter()
        .skip(1)
        .filter_map(|l| {
            let (n, v) = l.split_once(':')?;
            Some((n.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    let rest = &raw[body_start..];
    let body = if is_chunked(&lines) {
        decode_chunked(rest).unwrap_or_else(|| rest.to_vec())
    } else {
        match content_length(&lines) {
            Some(length) => rest[..length.min(rest.len())].to_vec(),
            None => rest.to_vec(),
        }
    };
    Some(Response {
        status,
        headers,
        body,
        raw: raw.to_vec(),
    })
}

// ---------------------------------------------------------------------------------------
// Server-sent events by hand
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Event {
    name: String,
    data: String,
}

/// An open `/__briefing/events` connection.
struct Events {
    stream: TcpStream,
    buffer: Vec<u8>,
    /// Whether the HTTP head has been read and checked.
    head_read: bool,
    /// Every event read so far, for failure messages.
    seen: Vec<Event>,
}

impl Events {
    fn connect(server: &Serve) -> Events {
        let mut stream = TcpStream::connect_timeout(&server.addr(), Duration::from_secs(5))
            .expect("connect for events");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            stream,
            "GET {EVENTS} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            server.host()
        )
        .expect("ask for events");
        Events {
            stream,
            buffer: Vec::new(),
            head_read: false,
            seen: Vec::new(),
        }
    }

    /// The next named event (comments and `retry:` blocks skipped), or `None` after `timeout`.
    fn next(&mut self, timeout: Duration) -> Option<Event> {
        let deadline = Instant::now() + timeout;
        let mut chunk = [0u8; 8192];
        loop {
            if !self.head_read
                && let Some((lines, body_start)) = split_head(&self.buffer)
            {
                assert!(
                    lines[0].contains(" 200"),
                    "the event stream answered {:?}",
                    lines[0]
                );
                assert!(
                    lines
                        .iter()
                        .any(|l| l.to_ascii_lowercase().contains("text/event-stream")),
                    "the event stream is not text/event-stream: {lines:?}"
                );
                self.buffer.drain(..body_start);
                self.head_read = true;
            }
            while self.head_read
                && let Some(end) = find(&self.buffer, b"\n\n")
            {
                let block: Vec<u8> = self.buffer.drain(..end + 2).collect();
                let block = String::from_utf8_lossy(&block).into_owned();
                let mut name = None;
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        name = Some(value.trim().to_string());
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push(value.strip_prefix(' ').unwrap_or(value).to_string());
                    }
                }
                if name.is_none() && data.is_empty() {
                    continue; // `retry:` or a keep-alive comment
                }
                let event = Event {
                    name: name.unwrap_or_else(|| "message".to_string()),
                    data: data.join("\n"),
                };
                self.seen.push(event.clone());
                return Some(event);
            }
            if Instant::now() > deadline {
                return None;
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(_) => return None,
            }
        }
    }

    /// Reads events until one satisfies `wanted`, failing after [`WAIT`].
    fn wait_for(&mut self, server: &Serve, what: &str, wanted: impl Fn(&Event) -> bool) -> Event {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next(left) {
                Some(event) if wanted(&event) => return event,
                Some(_) => {}
                None => panic!(
                    "{what}: not received within {WAIT:?}; events so far: {:?}\n{}",
                    self.seen,
                    server.output()
                ),
            }
        }
    }
}

/// The problems of a `problems` event.
fn problems_of(event: &Event) -> Vec<serde_json::Value> {
    assert_eq!(event.name, "problems", "{event:?}");
    let value: serde_json::Value = serde_json::from_str(&event.data)
        .unwrap_or_else(|e| panic!("problems data is not JSON ({e}): {:?}", event.data));
    value
        .as_array()
        .unwrap_or_else(|| panic!("problems data is not an array: {value}"))
        .clone()
}

/// Whether a `problems` event names `file` at `line`.
fn names_file_and_line(event: &Event, file: &str, line: u64) -> bool {
    event.name == "problems"
        && problems_of(event).iter().any(|p| {
            p["file"]
                .as_str()
                .is_some_and(|f| f.replace('\\', "/") == file)
                && p["line"].as_u64() == Some(line)
        })
}

// ---------------------------------------------------------------------------------------
// Fetching pages
// ---------------------------------------------------------------------------------------

#[test]
fn serves_pages_over_http_without_touching_the_site_folder() {
    let site = serve_site();
    let before = snapshot(site.tmp());
    let server = Serve::start(&site, &[]);

    let first = server
        .stdout()
        .lines()
        .find(|l| l.starts_with("Built "))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no `Built ...` line\n{}", server.output()));
    assert!(
        first.starts_with("Built 2 articles, ")
            && first.contains(" pages in ")
            && first.ends_with(" ms"),
        "unexpected build line {first:?}"
    );
    let serving = server
        .stdout()
        .lines()
        .find(|l| l.starts_with("Serving "))
        .map(str::to_string)
        .unwrap();
    assert!(
        serving.contains(&format!("http://127.0.0.1:{}/", server.port)),
        "the Serving line should give the URL: {serving:?}"
    );

    // Home: HTML with the site title and the live-reload script.
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.raw_text());
    assert!(
        home.header("Content-Type")
            .is_some_and(|t| t.starts_with("text/html")),
        "{:?}",
        home.headers
    );
    let text = home.text();
    assert!(
        text.contains(SITE_TITLE),
        "home lacks the site title:\n{text}"
    );
    assert!(
        text.contains(EVENTS),
        "home lacks the live-reload script:\n{text}"
    );
    assert!(
        text.contains("Article A1") && text.contains("Article A2"),
        "{text}"
    );
    assert!(
        text.find(EVENTS) < text.rfind("</body>"),
        "the script should sit inside the body"
    );
    assert_eq!(
        server.get("/?utm=x").text(),
        text,
        "a query string names the same page"
    );
    assert_eq!(server.get("/index.html").status, 200);

    // An article page, with and without the trailing slash.
    let article = server.get("/articles/a1/");
    assert_eq!(article.status, 200, "{}", article.raw_text());
    assert!(article.text().contains("Article A1"), "{}", article.text());
    assert!(
        article.text().contains("The first article"),
        "{}",
        article.text()
    );
    assert!(article.text().contains(EVENTS));
    let moved = server.get("/articles/a1");
    assert_eq!(moved.status, 301, "{}", moved.raw_text());
    assert_eq!(moved.header("Location"), Some("/articles/a1/"));

    // A folder without its slash is redirected.
    let actors = server.get("/actors");
    assert_eq!(actors.status, 301, "{}", actors.raw_text());
    assert_eq!(actors.header("Location"), Some("/actors/"));
    let actors = server.get("/actors/");
    assert_eq!(actors.status, 200);
    assert!(actors.text().contains("Alice Ames"), "{}", actors.text());
    let alice = server.get("/actors/alice/");
    assert_eq!(alice.status, 200);
    assert!(alice.text().contains("Article A1"), "{}", alice.text());

    // A missing page gets the site's 404 page, with the script too.
    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404, "{}", missing.raw_text());
    assert!(
        missing.text().contains("Page not found"),
        "the 404 page body was not served:\n{}",
        missing.text()
    );
    assert!(
        missing
            .header("Content-Type")
            .is_some_and(|t| t.starts_with("text/html"))
    );
    assert!(missing.text().contains(EVENTS));
    assert_eq!(server.get("/articles/zzz/").status, 404);

    // Static files, untouched by the script.
    let css = server.get("/style.css");
    assert_eq!(css.status, 200, "{}", css.raw_text());
    assert!(
        css.header("Content-Type")
            .is_some_and(|t| t.starts_with("text/css")),
        "{:?}",
        css.headers
    );
    assert!(!css.body.is_empty());
    assert!(
        !css.text().contains("__briefing"),
        "script injected into CSS"
    );
    let feed = server.get("/atom.xml");
    assert_eq!(feed.status, 200);
    assert!(
        !feed.text().contains("__briefing"),
        "script injected into the feed"
    );
    assert!(
        !feed.text().contains("<script"),
        "script injected into the feed"
    );

    // Only GET and HEAD.
    let post = server.request(&format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        server.host()
    ));
    assert_eq!(post.status, 405, "{}", post.raw_text());

    // The first event on a stream of a good site is `ok`.
    let (_events, first) = server.events();
    assert_eq!(first.name, "ok", "{first:?}");

    // Built in memory: no public/, nothing written anywhere in the temporary folder.
    assert!(
        !site.root().join("public").exists(),
        "serve created public/ in the site folder"
    );
    assert_same_snapshot(&before, &snapshot(site.tmp()), "the site folder");
    drop(server);
    assert_same_snapshot(&before, &snapshot(site.tmp()), "the site folder");
}

#[test]
fn serve_leaves_an_existing_public_folder_alone() {
    let site = serve_site();
    site.write("public/index.html", "<p>stale build</p>\n");
    let before = snapshot(site.tmp());
    let server = Serve::start(&site, &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(
        !home.text().contains("stale build"),
        "served public/ from disk"
    );
    site.write(
        "content/articles/a2.md",
        &article_md(
            "Article A2 again",
            "2025-02-05",
            &["alice"],
            &["trade"],
            "",
            "Edited.",
        ),
    );
    server.eventually("the edited title on home", || {
        server
            .get("/")
            .text()
            .contains("Article A2 again")
            .then_some(())
    });
    let mut after = snapshot(site.tmp());
    let mut expected = before.clone();
    for snap in [&mut after, &mut expected] {
        snap.remove("site/content/articles/a2.md");
    }
    assert_same_snapshot(&expected, &after, "the site folder (but the edited file)");
}

// ---------------------------------------------------------------------------------------
// Rebuilds and reloads
// ---------------------------------------------------------------------------------------

#[test]
fn editing_an_article_shows_the_new_title_and_sends_reload() {
    let site = serve_site();
    let server = Serve::start(&site, &[]);
    assert!(server.get("/articles/a1/").text().contains("Article A1"));
    let (mut events, first) = server.events();
    assert_eq!(first.name, "ok", "{first:?}");

    site.write("content/articles/a1.md", &a1_md("Retitled Zebra Story", ""));

    events.wait_for(&server, "`event: reload` after the edit", |e| {
        e.name == "reload"
    });
    server.eventually("the new title on the article page", || {
        let page = server.get("/articles/a1/");
        (page.status == 200 && page.text().contains("Retitled Zebra Story")).then_some(())
    });
    let page = server.get("/articles/a1/");
    assert!(
        !page.text().contains("Article A1<"),
        "old title left:\n{}",
        page.text()
    );
    assert!(page.text().contains(EVENTS));
    assert!(server.get("/").text().contains("Retitled Zebra Story"));
    assert!(
        server
            .get("/actors/alice/")
            .text()
            .contains("Retitled Zebra Story"),
        "the actor page still shows the old title"
    );
    server.eventually("a second `Built ...` line on stdout", || {
        (server.good_builds() >= 2).then_some(())
    });
    let rebuild = server
        .stdout()
        .lines()
        .rfind(|l| l.starts_with("Built "))
        .unwrap()
        .to_string();
    assert!(
        rebuild.starts_with("Built 2 articles, ") && rebuild.ends_with(" ms"),
        "{rebuild:?}"
    );

    // A second stream opened now starts with `ok`.
    let (_late, first) = server.events();
    assert_eq!(first.name, "ok", "{first:?}");
}

#[test]
fn an_editor_style_save_by_rename_triggers_a_rebuild() {
    let site = serve_site();
    let server = Serve::start(&site, &[]);
    let (mut events, first) = server.events();
    assert_eq!(first.name, "ok", "{first:?}");

    // Write a hidden temporary file beside the original, then rename it over the original.
    let folder = site.root().join("content/articles");
    let temporary = folder.join(".a1.md.briefing-tmp");
    fs::write(&temporary, a1_md("Renamed Into Place", "")).unwrap();
    fs::rename(&temporary, folder.join("a1.md")).unwrap();

    events.wait_for(&server, "`event: reload` after the rename", |e| {
        e.name == "reload"
    });
    server.eventually("the renamed-in title on the article page", || {
        server
            .get("/articles/a1/")
            .text()
            .contains("Renamed Into Place")
            .then_some(())
    });

    // Again, the other way editors swap files: move the original aside, move the new one in.
    let backup = folder.join(".a1.md~");
    fs::rename(folder.join("a1.md"), &backup).unwrap();
    fs::write(&temporary, a1_md("Swapped Into Place", "")).unwrap();
    fs::rename(&temporary, folder.join("a1.md")).unwrap();
    fs::remove_file(&backup).unwrap();
    server.eventually("the swapped-in title on the article page", || {
        server
            .get("/articles/a1/")
            .text()
            .contains("Swapped Into Place")
            .then_some(())
    });
    events.wait_for(&server, "`event: reload` after the swap", |e| {
        e.name == "reload"
    });
}

#[test]
fn a_new_article_file_is_picked_up() {
    let site = serve_site();
    let server = Serve::start(&site, &[]);
    assert_eq!(server.get("/articles/a3/").status, 404);
    site.write(
        "content/articles/a3.md",
        &article_md(
            "Brand New Article",
            "2025-03-01",
            &["bob"],
            &["trade"],
            "",
            "New.",
        ),
    );
    server.eventually("the new article's page", || {
        let page = server.get("/articles/a3/");
        (page.status == 200 && page.text().contains("Brand New Article")).then_some(())
    });
    site.remove("content/articles/a3.md");
    server.eventually("the removed article's page to be gone", || {
        (server.get("/articles/a3/").status == 404).then_some(())
    });
}

#[test]
fn new_folders_static_files_and_templates_are_watched() {
    let site = serve_site();
    let server = Serve::start(&site, &[]);

    // A folder made after the server started, holding a new article.
    site.write(
        "content/articles/2025/a4.md",
        &article_md(
            "Nested Folder Article",
            "2025-03-02",
            &["bob"],
            &["trade"],
            "",
            "Nested.",
        ),
    );
    server.eventually("the article from a new folder", || {
        let page = server.get("/articles/a4/");
        (page.status == 200 && page.text().contains("Nested Folder Article")).then_some(())
    });
    // And a later edit inside that new folder.
    site.write(
        "content/articles/2025/a4.md",
        &article_md(
            "Nested Folder Article Edited",
            "2025-03-02",
            &["bob"],
            &["trade"],
            "",
            "Nested.",
        ),
    );
    server.eventually("the edit inside the new folder", || {
        server
            .get("/articles/a4/")
            .text()
            .contains("Nested Folder Article Edited")
            .then_some(())
    });

    // A new static file.
    site.write("static/extra.css", "body { color: rebeccapurple; }\n");
    server.eventually("the new static file", || {
        let css = server.get("/extra.css");
        (css.status == 200 && css.text().contains("rebeccapurple")).then_some(css)
    });
    assert!(
        server
            .get("/extra.css")
            .header("Content-Type")
            .is_some_and(|t| t.starts_with("text/css"))
    );

    // A template override.
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Overridden missing page</h1>{% endblock content %}\n",
    );
    server.eventually("the overridden 404 template", || {
        let page = server.get("/nowhere/");
        (page.status == 404 && page.text().contains("Overridden missing page")).then_some(())
    });
}

#[test]
fn drafts_are_served_only_with_the_drafts_flag() {
    let site = serve_site();
    site.write(
        "content/articles/d1.md",
        &article_md(
            "Secret Draft Story",
            "2025-01-20",
            &["alice"],
            &["trade"],
            "draft: true\n",
            "Draft.",
        ),
    );
    {
        let server = Serve::start(&site, &[]);
        assert_eq!(server.get("/articles/d1/").status, 404);
        assert!(!server.get("/").text().contains("Secret Draft Story"));
    }
    let server = Serve::start(&site, &["--drafts"]);
    let page = server.get("/articles/d1/");
    assert_eq!(page.status, 200, "{}", server.output());
    assert!(page.text().contains("Secret Draft Story"));
}

/// Changes outside the sources (here a folder another tool keeps writing to, like `public/`
/// during `briefing build` or `target/` during `cargo build` in the example site) must
/// neither rebuild the site nor hold back the rebuild a real edit asks for.
#[test]
fn writes_outside_the_sources_neither_rebuild_nor_delay_rebuilds() {
    use std::sync::atomic::{AtomicBool, Ordering};

    let site = serve_site();
    let server = Serve::start(&site, &[]);
    let (mut events, first) = server.events();
    assert_eq!(first.name, "ok", "{first:?}");

    let stop = Arc::new(AtomicBool::new(false));
    let noise = {
        let stop = stop.clone();
        let folder = site.root().join("public");
        let readme = site.root().join("NOTES.txt");
        std::thread::spawn(move || {
            fs::create_dir_all(&folder).unwrap();
            let cap = Instant::now() + Duration::from_secs(90);
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) && Instant::now() < cap {
                let _ = fs::write(folder.join("noise.html"), format!("<p>{n}</p>"));
                let _ = fs::write(&readme, format!("note {n}\n"));
                n += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    struct StopNoise(Arc<AtomicBool>);
    impl Drop for StopNoise {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    let _stop_noise = StopNoise(stop.clone());

    // No rebuild for the noise.
    let spurious = events.next(Duration::from_secs(2));
    assert!(
        spurious.is_none(),
        "writes outside the sources caused {spurious:?}\n{}",
        server.output()
    );
    assert_eq!(server.good_builds(), 1, "{}", server.output());

    // A real edit while the noise goes on.
    site.write("content/articles/a1.md", &a1_md("Edited During Noise", ""));
    let reload_during_noise = wait_for_reload(&mut events, WAIT);
    stop.store(true, Ordering::Relaxed);
    noise.join().unwrap();
    if !reload_during_noise {
        // Say whether the rebuild was only held back (it comes once the noise stops) or lost.
        let after_noise = wait_for_reload(&mut events, WAIT);
        panic!(
            "no `event: reload` within {WAIT:?} for an edit made while files outside the \
             sources kept changing; once they stopped changing, {}\nevents: {:?}\n{}",
            if after_noise {
                "the reload came: the debounce waits for quiet among ALL events, not only source ones"
            } else {
                "no reload came either"
            },
            events.seen,
            server.output()
        );
    }
    assert!(
        server
            .get("/articles/a1/")
            .text()
            .contains("Edited During Noise")
    );
}

/// Whether a `reload` arrives within `timeout` (other events are skipped).
fn wait_for_reload(events: &mut Events, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.next(left) {
            Some(event) if event.name == "reload" => return true,
            Some(_) => {}
            None => return false,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Failed rebuilds
// ---------------------------------------------------------------------------------------

#[test]
fn a_broken_file_sends_problems_and_keeps_serving_the_last_good_site() {
    let site = serve_site();
    let server = Serve::start(&site, &[]);
    let (mut events, first) = server.events();
    assert_eq!(first.name, "ok", "{first:?}");

    site.write("content/articles/a1.md", &broken_a1());

    let event = events.wait_for(
        &server,
        "`event: problems` naming content/articles/a1.md line 6",
        |e| names_file_and_line(e, "content/articles/a1.md", 6),
    );
    let problems = problems_of(&event);
    let problem = problems
        .iter()
        .find(|p| p["line"].as_u64() == Some(6))
        .unwrap();
    for key in [
        "file", "line", "column", "message", "hint", "code", "severity",
    ] {
        assert!(
            problem.get(key).is_some(),
            "problem lacks `{key}`: {problem}"
        );
    }
    assert_eq!(problem["severity"], "error", "{problem}");
    assert!(
        problem["message"]
            .as_str()
            .is_some_and(|m| m.contains("colour")),
        "the message should name the key: {problem}"
    );
    assert!(
        problem["code"].as_str().is_some_and(|c| !c.is_empty()),
        "{problem}"
    );
    assert!(problem["column"].as_u64().is_some(), "{problem}");

    server.eventually("the failed-rebuild line on stderr", || {
        server
            .stderr()
            .contains("still serving the last good site")
            .then_some(())
    });
    let failed = server
        .stderr()
        .lines()
        .find(|l| l.starts_with("Rebuild failed with "))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no `Rebuild failed` line\n{}", server.output()));
    assert!(
        failed.contains(" error(s) in ") && failed.contains(" ms"),
        "{failed:?}"
    );
    assert!(
        server.stderr().contains("content/articles/a1.md:6"),
        "the terminal should show file:line\n{}",
        server.output()
    );

    // A stream opened now learns of the problems at once.
    let (mut late, first) = server.events();
    assert!(
        names_file_and_line(&first, "content/articles/a1.md", 6),
        "a new stream should start with the problems: {first:?}"
    );

    // The last good site is still served, with the script that shows the overlay.
    let page = server.get("/articles/a1/");
    assert_eq!(page.status, 200, "{}", page.raw_text());
    assert!(page.text().contains("Article A1"), "{}", page.text());
    assert!(page.text().contains(EVENTS));
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/articles/a2/").status, 200);
    assert_eq!(server.get("/style.css").status, 200);

    // Fixed: both streams get `reload`, and a new one starts with `ok`.
    site.write("content/articles/a1.md", &a1_md("Article A1 Fixed", ""));
    events.wait_for(&server, "`event: reload` after the fix", |e| {
        e.name == "reload"
    });
    late.wait_for(
        &server,
        "`event: reload` after the fix (second stream)",
        |e| e.name == "reload",
    );
    let (_fresh, first) = server.events();
    assert_eq!(
        first.name, "ok",
        "the overlay should go once fixed: {first:?}"
    );
    assert!(
        server
            .get("/articles/a1/")
            .text()
            .contains("Article A1 Fixed"),
        "{}",
        server.output()
    );
}

#[test]
fn a_broken_site_yaml_is_reported_too() {
    let site = serve_site();
    let server = Serve::start(&site, &[]);
    let (mut events, _) = server.events();
    site.write(
        "site.yaml",
        &format!("title: {SITE_TITLE}\ntimezone: Mars/Olympus\n"),
    );
    events.wait_for(&server, "`event: problems` naming site.yaml line 2", |e| {
        names_file_and_line(e, "site.yaml", 2)
    });
    assert!(server.get("/").text().contains(SITE_TITLE));
    site.write("site.yaml", "title: Renamed Briefing\n");
    events.wait_for(&server, "`event: reload` after fixing site.yaml", |e| {
        e.name == "reload"
    });
    server.eventually("the new site title", || {
        server
            .get("/")
            .text()
            .contains("Renamed Briefing")
            .then_some(())
    });
}

#[test]
fn starting_with_a_broken_site_reports_it_and_recovers_once_fixed() {
    let site = serve_site();
    site.write("content/articles/a1.md", &broken_a1());
    let server = Serve::start(&site, &[]);
    assert!(
        server.stderr().contains("Rebuild failed") || server.stderr().contains("a1.md"),
        "the first build's problems should be printed\n{}",
        server.output()
    );
    let (mut events, first) = server.events();
    assert!(
        names_file_and_line(&first, "content/articles/a1.md", 6),
        "a stream should start with the problems: {first:?}"
    );
    site.write("content/articles/a1.md", &a1_md("Article A1", ""));
    events.wait_for(&server, "`event: reload` after the fix", |e| {
        e.name == "reload"
    });
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.raw_text());
    assert!(home.text().contains(SITE_TITLE));
    let (_fresh, first) = server.events();
    assert_eq!(first.name, "ok", "{first:?}");
}

/// When the very first build fails there is no last good site; whatever a browser gets
/// must still carry the live script, or the overlay never shows and the page never reloads
/// once the file is fixed.
#[test]
fn pages_served_before_any_good_build_still_carry_the_live_script() {
    let site = serve_site();
    site.write("content/articles/a1.md", &broken_a1());
    let server = Serve::start(&site, &[]);
    let home = server.get("/");
    assert!(
        home.header("Content-Type")
            .is_some_and(|t| t.starts_with("text/html"))
            && home.text().contains(EVENTS),
        "`/` with no good build yet answers {} {:?} with {:?}: no live script, so the \
         browser shows no overlay and never reloads once the file is fixed",
        home.status,
        home.header("Content-Type"),
        home.text()
    );
}

// ---------------------------------------------------------------------------------------
// Security
// ---------------------------------------------------------------------------------------

#[test]
fn traversal_attacks_are_refused() {
    let site = serve_site();
    let marker = "SECRET-MARKER-6c1f0a9e-do-not-serve";
    write_file(&site.tmp().join("secret.txt"), marker.as_bytes());
    write_file(&site.root().join("secret.md"), marker.as_bytes());
    let server = Serve::start(&site, &[]);
    let port = server.port;

    let paths = [
        "/../secret.txt".to_string(),
        "/%2e%2e/secret.txt".into(),
        "/%2E%2E/secret.txt".into(),
        "/%2E%2E%2Fsecret.txt".into(),
        "/..%2fsecret.txt".into(),
        "/..%2Fsecret.txt".into(),
        "/..%5csecret.txt".into(),
        "/..%5Csecret.txt".into(),
        "/..\\secret.txt".into(),
        "/.%2e/secret.txt".into(),
        "/articles/../../secret.txt".into(),
        "/articles/%2e%2e/%2e%2e/secret.txt".into(),
        "/../../../../../../../../etc/passwd".into(),
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd".into(),
        "//etc/passwd".into(),
        "/etc/passwd".into(),
        "/%2Fetc/passwd".into(),
        "/%00".into(),
        "/secret.txt%00.html".into(),
        "/%".into(),
        "/%zz".into(),
        "/%252e%252e/secret.txt".into(),
        "/C:/Windows/win.ini".into(),
        "/..".into(),
        "..".into(),
        "../secret.txt".into(),
        "*".into(),
        format!("http://127.0.0.1:{port}/../secret.txt"),
        format!("http://127.0.0.1:{port}/%2e%2e/secret.txt"),
        // Sources are not served: only built output.
        "/content/articles/a1.md".into(),
        "/content/actors/alice.md".into(),
        "/site.yaml".into(),
        "/secret.md".into(),
        "/templates/base.html".into(),
    ];
    let mut failures = Vec::new();
    for path in &paths {
        let raw =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        let bytes = exchange(server.addr(), raw.as_bytes());
        let text = String::from_utf8_lossy(&bytes);
        if text.contains(marker) || text.contains("root:") || text.contains("title: \"Article A1\"")
        {
            failures.push(format!("{path:?} LEAKED a file: {text:?}"));
            continue;
        }
        match parse_response(&bytes) {
            Some(response) if matches!(response.status, 400 | 404) => {}
            Some(response) => failures.push(format!(
                "{path:?} answered {} (want 404 or 400): {:?}",
                response.status,
                response.raw_text()
            )),
            None => failures.push(format!("{path:?} got no HTTP response: {text:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "traversal attacks not refused:\n  {}\n{}",
        failures.join("\n  "),
        server.output()
    );

    // The server survived them all.
    assert_eq!(server.get("/").status, 200, "{}", server.output());
}

#[test]
fn host_attacks_are_refused() {
    let site = serve_site();
    let server = Serve::start(&site, &[]);
    let port = server.port;

    let refused = |request: String| {
        let bytes = exchange(server.addr(), request.as_bytes());
        match parse_response(&bytes) {
            // Refused: 403 (or 400), and never the page.
            Some(response) => {
                assert!(
                    matches!(response.status, 403 | 400),
                    "{request:?} answered {}:\n{}",
                    response.status,
                    response.raw_text()
                );
                assert!(
                    !response.text().contains(SITE_TITLE),
                    "{request:?} got the page"
                );
            }
            None => panic!(
                "{request:?} got no HTTP response: {:?}",
                String::from_utf8_lossy(&bytes)
            ),
        }
    };
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        "localhost.evil.example".into(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        format!("192.168.1.5:{port}"),
        String::new(),
    ] {
        refused(format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        // The event stream is guarded too.
        refused(format!(
            "GET {EVENTS} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
    }
    // No Host at all.
    refused("GET / HTTP/1.0\r\n\r\n".to_string());
    refused("GET / HTTP/1.1\r\nConnection: close\r\n\r\n".to_string());
    // An absolute-form target does not replace the Host check.
    refused(format!(
        "GET http://127.0.0.1:{port}/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    ));

    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("LocalHost:{port}"),
    ] {
        let response = server.request(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(response.status, 200, "Host {host}: {}", response.raw_text());
        assert!(response.text().contains(SITE_TITLE));
    }
}

#[test]
fn a_port_in_use_fails_with_a_hint_to_use_port() {
    let site = serve_site();
    let holder = TcpListener::bind("127.0.0.1:0").expect("hold a port");
    let port = holder.local_addr().unwrap().port();
    let mut server = Serve::spawn(&site.root(), site.tmp(), port, &[]);
    let status = server.wait_exit();
    assert!(
        !status.success(),
        "serve should fail on a busy port\n{}",
        server.output()
    );
    let stderr = server.stderr();
    assert!(
        stderr.contains("--port"),
        "the error should suggest --port\n{}",
        server.output()
    );
    assert!(
        stderr.contains("in use"),
        "the error should say the port is in use\n{}",
        server.output()
    );
    assert!(stderr.contains(&port.to_string()), "{}", server.output());
    assert!(!server.stdout().contains("Serving "), "{}", server.output());
    drop(holder);
}

#[test]
fn binding_every_interface_prints_a_warning() {
    let site = serve_site();
    let port = free_port();
    let mut server = Serve::spawn(&site.root(), site.tmp(), port, &["--bind", "0.0.0.0"]);
    let deadline = Instant::now() + START;
    while !server.stderr().contains("warning") && !server.stdout().contains("Serving ") {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("serve exited ({status})\n{}", server.output());
        }
        assert!(
            Instant::now() < deadline,
            "neither a warning nor `Serving` within {START:?}\n{}",
            server.output()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let stderr = server.stderr();
    let warning = stderr
        .lines()
        .find(|l| l.contains("warning"))
        .unwrap_or_else(|| panic!("no warning on stderr\n{}", server.output()));
    assert!(
        warning.contains("0.0.0.0") || warning.contains("every") || warning.contains("network"),
        "the warning should say the site is exposed: {warning:?}"
    );

    // Exposed, but the Host check still stops DNS rebinding.
    server.wait_ready();
    let evil = server.request(&format!(
        "GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(evil.status, 403, "{}", evil.raw_text());
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn bad_bind_address_is_a_clear_error() {
    let site = serve_site();
    let mut server = Serve::spawn(
        &site.root(),
        site.tmp(),
        free_port(),
        &["--bind", "localhost.evil"],
    );
    let status = server.wait_exit();
    assert!(!status.success(), "{}", server.output());
    assert!(server.stderr().contains("--bind"), "{}", server.output());
}

// ---------------------------------------------------------------------------------------
// Bounded connections
// ---------------------------------------------------------------------------------------

/// The server's thread count, from `/proc/PID/status`.
#[cfg(target_os = "linux")]
fn threads_of(server: &Serve) -> usize {
    let status = fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .expect("read the server's /proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Threads: line in {status}"))
}

/// The status of the answer to `GET /__briefing/events`, read from its first line only
/// (an accepted stream never ends), or `None` when the server sent no head within [`WAIT`].
fn events_status(server: &Serve) -> Option<u16> {
    let mut events = Events::connect(server);
    let deadline = Instant::now() + WAIT;
    let mut chunk = [0u8; 4096];
    while Instant::now() < deadline {
        if let Some((lines, _)) = split_head(&events.buffer) {
            return lines.first()?.split_whitespace().nth(1)?.parse().ok();
        }
        match events.stream.read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => events.buffer.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return None,
        }
    }
    None
}

#[test]
fn live_reload_streams_past_the_cap_get_503_and_pages_still_answer() {
    let site = serve_site();
    let server = Serve::start(&site, &[]);
    #[cfg(target_os = "linux")]
    let idle = threads_of(&server);

    // Every stream the cap allows, each read to its first event so it surely holds its place.
    let mut open = Vec::new();
    for _ in 0..EVENT_STREAMS {
        let (events, first) = server.events();
        assert_eq!(first.name, "ok", "{first:?}");
        open.push(events);
    }
    // With every stream open, pages still answer: more requests than there are workers, so
    // a stream holding a worker would show.
    for path in ["/", "/articles/a1/", "/style.css"].repeat(WORKERS) {
        let page = server.get(path);
        assert_eq!(page.status, 200, "{path}: {}", page.raw_text());
    }
    // One thread per open stream, a fixed pool for pages and nothing per connection.
    #[cfg(target_os = "linux")]
    {
        let busy = threads_of(&server);
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        assert!(
            busy <= idle + EVENT_STREAMS + 2,
            "{busy} threads with {EVENT_STREAMS} streams open, {idle} when idle\n{}",
            server.output()
        );
        // Workers, streams, the main, watcher and build threads, and a margin.
        let bound = WORKERS + EVENT_STREAMS + cores + 8;
        assert!(
            busy <= bound,
            "{busy} threads (want at most {bound})\n{}",
            server.output()
        );
    }
    // Past the cap: refused at once with 503, a short text and when to try again.
    for _ in 0..4 {
        let refused = server.request(&format!(
            "GET {EVENTS} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            server.host()
        ));
        assert_eq!(refused.status, 503, "{}", refused.raw_text());
        assert!(
            refused
                .header("Retry-After")
                .is_some_and(|s| s.parse::<u32>().is_ok()),
            "no Retry-After seconds: {:?}",
            refused.headers
        );
        assert!(
            refused
                .header("Content-Type")
                .is_some_and(|t| t.starts_with("text/plain")),
            "{:?}",
            refused.headers
        );
        assert!(!refused.body.is_empty() && refused.body.len() < 200);
    }
    // The open streams are still alive and told of a rebuild.
    site.write("content/articles/a1.md", &a1_md("Article A1 edited", ""));
    for events in open.iter_mut().take(2) {
        assert!(
            wait_for_reload(events, WAIT),
            "an open stream got no reload\n{}",
            server.output()
        );
    }
    // Closed streams give their places back.
    drop(open);
    server.eventually("an event stream accepted after the others closed", || {
        (events_status(&server) == Some(200)).then_some(())
    });
}

#[test]
fn a_stalled_client_is_closed_and_pages_keep_answering() {
    let site = serve_site();
    let server = Serve::start(&site, &[]);
    // More stalled clients than there are workers: each sends half a request head, then
    // nothing.
    let stalled: Vec<TcpStream> = (0..WORKERS + 2)
        .map(|_| {
            let mut stream = TcpStream::connect_timeout(&server.addr(), Duration::from_secs(5))
                .expect("connect");
            write!(stream, "GET / HTTP/1.1\r\nHost: {}\r\n", server.host()).expect("send");
            stream
                .set_read_timeout(Some(Duration::from_millis(200)))
                .unwrap();
            stream
        })
        .collect();
    // A page still answers (at worst once the stalled clients' time is up).
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.raw_text());
    // Every stalled client is closed by the server, after a 408 or without a word.
    for mut stream in stalled {
        let deadline = Instant::now() + WAIT;
        let mut received = Vec::new();
        let mut chunk = [0u8; 1024];
        loop {
            match stream.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    assert!(
                        Instant::now() < deadline,
                        "a stalled client was not closed within {WAIT:?}\n{}",
                        server.output()
                    );
                }
                Err(_) => break,
            }
        }
        let text = String::from_utf8_lossy(&received);
        assert!(
            received.is_empty() || text.starts_with("HTTP/1.1 408"),
            "a stalled client got {text:?}"
        );
    }
    assert_eq!(server.get("/").status, 200, "{}", server.output());
}
