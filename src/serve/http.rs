//! Answering requests: reading a request head (bounded in size), pages from memory (never
//! a path outside the site), the Host check, live reload by server-sent events, and the
//! error overlay. Requests and responses are tiny_http's types; connections and threads
//! are `mod.rs`'s.

use std::io::{self, Read, Write};
use std::net::{IpAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Response, StatusCode};

use crate::diagnostics::Diagnostic;

use super::{ANSWER_TIMEOUT, EVENTS_PATH, Live, RETRY_AFTER, Shared, lock};

/// The longest request head read, in bytes: a browser's is under 2 KiB; past this, 431.
pub(super) const MAX_HEAD: usize = 16 * 1024;

/// How often an open event stream checks that its client is still there, so a closed tab
/// gives its place back within about this long.
const STILL_THERE_EVERY: Duration = Duration::from_secs(1);

/// How long an event stream may stay silent before it sends a comment to keep it open.
const KEEP_OPEN_EVERY: Duration = Duration::from_secs(15);

/// Addresses a request's Host may name: loopback names, and the bound address.
#[derive(Clone, Copy)]
pub(super) struct AllowedHosts {
    pub bind: IpAddr,
    pub port: u16,
}

impl AllowedHosts {
    /// Refuses names a DNS-rebinding page would use; IP literals and localhost pass.
    pub(super) fn allows(&self, host: &str) -> bool {
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

/// A request's first line and headers. Its body, if any, is never read: only GET and
/// HEAD are answered.
pub(super) struct Head {
    pub method: Method,
    pub target: String,
    pub headers: Vec<Header>,
}

/// Why no request head could be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum NoHead {
    /// The client closed or reset the connection first: nothing to answer.
    Closed,
    /// The client took longer than its time (answered 408).
    TimedOut,
    /// The head is longer than [`MAX_HEAD`] (answered 431).
    TooLarge,
    /// Not an HTTP/1.0 or 1.1 request (answered 400).
    Malformed,
}

/// Reads one request head, up to the blank line; what follows it is left unread.
pub(super) fn read_head(source: &mut impl Read) -> Result<Head, NoHead> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let end = loop {
        let searched_to = buffer.len().saturating_sub(3);
        let read = match source.read(&mut chunk) {
            Ok(0) => return Err(NoHead::Closed),
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(NoHead::TimedOut);
            }
            Err(_) => return Err(NoHead::Closed),
        };
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(at) = buffer[searched_to..]
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
        {
            break searched_to + at;
        }
        if buffer.len() > MAX_HEAD {
            return Err(NoHead::TooLarge);
        }
    };
    if end > MAX_HEAD {
        return Err(NoHead::TooLarge);
    }
    let text = std::str::from_utf8(&buffer[..end]).map_err(|_| NoHead::Malformed)?;
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(NoHead::Malformed);
    };
    // Answered as HTTP/1.1 either way, which an HTTP/1.0 client reads too.
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(NoHead::Malformed);
    }
    let method: Method = method.parse().map_err(|()| NoHead::Malformed)?;
    if target.is_empty() {
        return Err(NoHead::Malformed);
    }
    let headers = lines
        .map(|line| line.parse::<Header>())
        .collect::<Result<Vec<_>, ()>>()
        .map_err(|()| NoHead::Malformed)?;
    Ok(Head {
        method,
        target: target.to_string(),
        headers,
    })
}

/// A complete response, as every answer but the event stream is.
pub(super) type Reply = Response<io::Cursor<Vec<u8>>>;

/// What to do with a request.
pub(super) enum Answer {
    /// Send this and close the connection.
    Reply(Reply),
    /// Hand the connection to a live-reload stream (the Host was checked), for the page
    /// (output path) named by `?page=`, when it names one.
    Events(Option<String>),
}

pub(super) fn answer(head: &Head, shared: &Shared, allowed: &AllowedHosts) -> Answer {
    let host = head
        .headers
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str());
    if !host.is_some_and(|h| allowed.allows(h)) {
        return Answer::Reply(text(403, "Forbidden: unknown Host.\n"));
    }
    if !matches!(head.method, Method::Get | Method::Head) {
        return Answer::Reply(with_headers(
            text(405, "Only GET and HEAD.\n"),
            &[("Allow", "GET, HEAD")],
        ));
    }
    let path = head.target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH && head.method == Method::Get {
        return Answer::Events(open_page(&head.target));
    }
    Answer::Reply(page(path, shared))
}

/// The output path of the page an event stream's `?page=/articles/x/` names: the page the
/// browser shows.
fn open_page(target: &str) -> Option<String> {
    let query = target.split_once('?')?.1.split('#').next()?;
    let value = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))?;
    site_path(value)
}

/// The page a request path names, a redirect to its folder, or the 404 page. A page the
/// last build left stale is waited for (the refresher renders it first), up to
/// [`ANSWER_TIMEOUT`].
fn page(path: &str, shared: &Shared) -> Reply {
    let Some(key) = site_path(path) else {
        return not_found(shared);
    };
    let mut live = lock(shared);
    if live.stale.contains(&key) {
        live.waited_for.push(key.clone());
        shared.1.notify_all();
        live = shared
            .1
            .wait_timeout_while(live, ANSWER_TIMEOUT, |live| live.stale.contains(&key))
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .0;
    }
    if let Some(bytes) = live.pages.get(&key).cloned() {
        drop(live);
        return file_response(&key, &bytes);
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
            return Response::from_data(Vec::new())
                .with_status_code(301)
                .with_header(header);
        }
    }
    not_found(shared)
}

/// A 503 for when every place is taken: a short text and when to try again.
pub(super) fn busy(body: &str) -> Reply {
    let seconds = RETRY_AFTER.as_secs().to_string();
    with_headers(text(503, body), &[("Retry-After", &seconds)])
}

/// Writes `reply` as HTTP/1.1 with its length, and `Connection: close`: every connection
/// carries one request, so no idle connection keeps a worker. (tiny_http's own writer
/// refuses a `Connection` header.) HEAD gets the head alone.
pub(super) fn write_reply(out: &mut impl Write, reply: Reply, head_only: bool) -> io::Result<()> {
    let status = reply.status_code();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        status.0,
        status.default_reason_phrase()
    );
    for header in reply.headers() {
        head.push_str(&format!("{header}\r\n"));
    }
    let body = reply.into_reader().into_inner();
    let date = chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT");
    head.push_str(&format!(
        "Date: {date}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(&body)?;
    }
    Ok(())
}

/// A short plain-text answer, used for refusals and errors.
pub(super) fn text(status: u16, body: &str) -> Reply {
    with_headers(
        Response::from_string(body).with_status_code(StatusCode(status)),
        &[("Content-Type", "text/plain; charset=utf-8")],
    )
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

fn not_found(shared: &Shared) -> Reply {
    let page = lock(shared).pages.get("404.html").cloned();
    // Before any good build there is no 404 page, but the overlay must still show.
    let bytes = page.unwrap_or_else(|| Arc::new(NO_SITE_YET.as_bytes().to_vec()));
    file_response("404.html", &bytes).with_status_code(404)
}

/// Served until the first good build: enough page for the live script to report errors.
const NO_SITE_YET: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\n<body><p>The site has not built yet. Fix the errors shown below; this page reloads by itself.</p></body></html>\n";

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
fn file_response(path: &str, bytes: &[u8]) -> Reply {
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
  function listen() {
    var source = new EventSource("/__briefing/events?page=" + encodeURIComponent(location.pathname));
    source.addEventListener("reload", function () { location.reload(); });
    source.addEventListener("problems", function (event) { show(JSON.parse(event.data)); });
    source.addEventListener("ok", hide);
    // Refused (503: too many tabs listening), EventSource gives up: ask again later.
    source.onerror = function () { if (source.readyState === 2) setTimeout(listen, 5000); };
  }
  listen();
})();
</script>
"#;

pub(super) fn with_live_script(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    match text.rfind("</body>") {
        Some(at) => format!("{}{LIVE_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{LIVE_SCRIPT}").into_bytes(),
    }
}

/// Server-sent events: `ok` or `problems` at once, then `reload` or `problems` after each
/// rebuild, until the client goes away or stops taking them for longer than the stream's
/// write timeout.
pub(super) fn stream_events(
    mut stream: &TcpStream,
    shared: &Shared,
    page: Option<String>,
) -> io::Result<()> {
    let _open = page.map(|page| OpenPage::new(shared, page));
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n",
    )?;
    let (mut seen, first) = {
        let live = lock(shared);
        (live.version, status_event(&live, "ok"))
    };
    stream.write_all(first.as_bytes())?;
    let mut silent = Duration::ZERO;
    loop {
        let event = {
            let live = lock(shared);
            let (live, wait) = shared
                .1
                .wait_timeout_while(live, STILL_THERE_EVERY, |live| live.version == seen)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            (!wait.timed_out()).then(|| {
                seen = live.version;
                status_event(&live, "reload")
            })
        };
        if let Some(event) = event {
            stream.write_all(event.as_bytes())?;
            silent = Duration::ZERO;
            continue;
        }
        if client_left(stream) {
            return Ok(());
        }
        silent += STILL_THERE_EVERY;
        if silent >= KEEP_OPEN_EVERY {
            stream.write_all(b": still here\n\n")?;
            silent = Duration::ZERO;
        }
    }
}

/// A page a browser shows, counted in [`Live::open`] while its event stream lasts.
struct OpenPage<'s> {
    shared: &'s Shared,
    page: String,
}

impl<'s> OpenPage<'s> {
    fn new(shared: &'s Shared, page: String) -> Self {
        *lock(shared).open.entry(page.clone()).or_default() += 1;
        OpenPage { shared, page }
    }
}

impl Drop for OpenPage<'_> {
    fn drop(&mut self) {
        let mut live = lock(self.shared);
        if let Some(count) = live.open.get_mut(&self.page) {
            *count -= 1;
            if *count == 0 {
                live.open.remove(&self.page);
            }
        }
    }
}

/// Whether the client closed its end (a read would say end of file at once).
fn client_left(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let left = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != io::ErrorKind::WouldBlock,
    };
    stream.set_nonblocking(false).is_err() || left
}

/// `problems` with the errors as JSON when the last build failed, else `when_good`.
fn status_event(live: &Live, when_good: &str) -> String {
    if live.problems.is_empty() {
        return format!("event: {when_good}\ndata: {{}}\n\n");
    }
    let problems: Vec<String> = live.problems.iter().map(Diagnostic::to_json).collect();
    format!("event: problems\ndata: [{}]\n\n", problems.join(","))
}
