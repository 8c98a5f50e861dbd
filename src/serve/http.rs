//! Answering requests: pages from memory (never a path outside the site), the Host
//! check, live reload by server-sent events, and the error overlay.

use std::io::{self, Write};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Request, Response, StatusCode};

use crate::diagnostics::Diagnostic;

use super::{EVENTS_PATH, Live, Shared, lock};

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

pub(super) fn handle(request: Request, shared: &Shared, allowed: &AllowedHosts) -> io::Result<()> {
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

pub(super) fn with_live_script(page: &[u8]) -> Vec<u8> {
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
