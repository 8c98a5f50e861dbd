//! Paths, hosts, sources, the live script, request heads, answers and the stream cap.

use std::io::{self, Read};

use tiny_http::Method;

use super::http::*;
use super::watch::*;
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
    assert!(text.contains(
        "EventSource(\"/__briefing/events?page=\" + encodeURIComponent(location.pathname))"
    ));
    assert!(text.ends_with("</script>\n</body></html>"));
}

/// Gives its bytes one at a time, then says what `then` says.
struct Trickle {
    bytes: Vec<u8>,
    at: usize,
    then: Option<io::ErrorKind>,
}

impl Trickle {
    fn new(bytes: &[u8], then: Option<io::ErrorKind>) -> Self {
        Trickle {
            bytes: bytes.to_vec(),
            at: 0,
            then,
        }
    }
}

impl Read for Trickle {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if let Some(&byte) = self.bytes.get(self.at) {
            self.at += 1;
            buffer[0] = byte;
            return Ok(1);
        }
        match self.then {
            Some(kind) => Err(kind.into()),
            None => Ok(0),
        }
    }
}

fn head_of(bytes: &[u8]) -> Result<Head, NoHead> {
    read_head(&mut &bytes[..])
}

#[test]
fn a_request_head_is_read_up_to_the_blank_line() {
    let raw = b"GET /a/?x=1 HTTP/1.1\r\nHost: localhost:1111\r\nAccept: */*\r\n\r\nbody, unread";
    for head in [
        head_of(raw).unwrap(),
        read_head(&mut Trickle::new(raw, Some(io::ErrorKind::WouldBlock))).unwrap(),
    ] {
        assert_eq!(head.method, Method::Get);
        assert_eq!(head.target, "/a/?x=1");
        let headers: Vec<String> = head.headers.iter().map(ToString::to_string).collect();
        assert_eq!(headers, ["Host: localhost:1111", "Accept: */*"]);
    }
    let old = head_of(b"HEAD / HTTP/1.0\r\n\r\n").unwrap();
    assert_eq!((old.method, old.headers.len()), (Method::Head, 0));
}

#[test]
fn bad_request_heads_are_refused() {
    for malformed in [
        &b"GET /\r\n\r\n"[..],
        b"GET / HTTP/2.0\r\n\r\n",
        b"GET  / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1 x\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"GET / HTTP/1.1\r\n folded: header\r\n\r\n",
        b"GET /\xff HTTP/1.1\r\n\r\n",
        b"\r\n\r\n",
    ] {
        assert_eq!(
            head_of(malformed).err(),
            Some(NoHead::Malformed),
            "{:?}",
            String::from_utf8_lossy(malformed)
        );
    }
    // Cut short: the client left, or stalled.
    let half = b"GET / HTTP/1.1\r\nHost: localhost\r\n";
    assert_eq!(head_of(half).err(), Some(NoHead::Closed));
    assert_eq!(head_of(b"").err(), Some(NoHead::Closed));
    for kind in [io::ErrorKind::WouldBlock, io::ErrorKind::TimedOut] {
        let stalled = read_head(&mut Trickle::new(half, Some(kind)));
        assert_eq!(stalled.err(), Some(NoHead::TimedOut));
    }
    // Too long, whether it ends or not.
    let mut long = b"GET / HTTP/1.1\r\nX-Long: ".to_vec();
    long.extend(std::iter::repeat_n(b'a', MAX_HEAD));
    assert_eq!(head_of(&long).err(), Some(NoHead::TooLarge));
    long.extend_from_slice(b"\r\n\r\n");
    assert_eq!(head_of(&long).err(), Some(NoHead::TooLarge));
}

fn answer_to(raw: &str, shared: &Shared) -> Answer {
    let allowed = AllowedHosts {
        bind: "127.0.0.1".parse().unwrap(),
        port: 1111,
    };
    answer(&head_of(raw.as_bytes()).unwrap(), shared, &allowed)
}

fn status_of(answer: Answer) -> Option<u16> {
    match answer {
        Answer::Reply(reply) => Some(reply.status_code().0),
        Answer::Events(_) => None,
    }
}

#[test]
fn the_event_stream_is_answered_only_after_the_host_and_method_checks() {
    let shared: Shared = Arc::new((Mutex::new(Live::default()), Condvar::new()));
    let events = |method: &str, host: &str| {
        status_of(answer_to(
            &format!("{method} {EVENTS_PATH} HTTP/1.1\r\nHost: {host}\r\n\r\n"),
            &shared,
        ))
    };
    assert_eq!(events("GET", "localhost:1111"), None);
    assert_eq!(events("GET", "evil.example:1111"), Some(403));
    assert_eq!(events("POST", "localhost:1111"), Some(405));
    // HEAD opens no stream; there is no such page.
    assert_eq!(events("HEAD", "localhost:1111"), Some(404));
    let Answer::Reply(post) = answer_to("POST / HTTP/1.1\r\nHost: localhost:1111\r\n\r\n", &shared)
    else {
        panic!("POST opened an event stream");
    };
    assert!(
        post.headers()
            .iter()
            .any(|h| h.to_string() == "Allow: GET, HEAD")
    );
}

#[test]
fn busy_answers_say_when_to_try_again_and_close() {
    let mut bytes = Vec::new();
    write_reply(&mut bytes, busy("Too many.\n"), false).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let lines: Vec<&str> = head.split("\r\n").collect();
    assert_eq!(lines[0], "HTTP/1.1 503 Service Unavailable");
    for wanted in [
        format!("Retry-After: {}", RETRY_AFTER.as_secs()),
        "Content-Type: text/plain; charset=utf-8".to_string(),
        "Content-Length: 10".to_string(),
        "Connection: close".to_string(),
    ] {
        assert!(
            lines.contains(&wanted.as_str()),
            "{wanted} not in {lines:?}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Date: ") && l.ends_with(" GMT"))
    );
    assert_eq!(body, "Too many.\n");

    // HEAD: the same head, no body.
    let mut bytes = Vec::new();
    write_reply(&mut bytes, busy("Too many.\n"), true).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("Connection: close\r\n\r\n") && text.contains("Content-Length: 10"));
}

#[test]
fn event_streams_are_capped_and_give_their_place_back() {
    let streams = Arc::new(Streams::new(2));
    let first = streams.take().expect("a first place");
    let second = streams.take().expect("a second place");
    assert!(streams.take().is_none(), "a third place past a cap of 2");
    drop(first);
    let third = streams.take().expect("the place given back");
    assert!(streams.take().is_none());
    drop((second, third));
    // A stream's thread that panics still gives its place back.
    let place = streams.take().unwrap();
    let _ = std::thread::spawn(move || {
        let _place = place;
        panic!("a stream's thread fails");
    })
    .join();
    assert_eq!(streams.open.load(std::sync::atomic::Ordering::Acquire), 0);
}

#[test]
fn an_event_stream_names_the_page_it_shows() {
    let shared: Shared = Arc::new((Mutex::new(Live::default()), Condvar::new()));
    let page_of = |target: &str| match answer_to(
        &format!("GET {target} HTTP/1.1\r\nHost: localhost:1111\r\n\r\n"),
        &shared,
    ) {
        Answer::Events(page) => page,
        Answer::Reply(_) => panic!("{target} was not an event stream"),
    };
    assert_eq!(
        page_of("/__briefing/events?page=%2Factors%2Fnato%2F").as_deref(),
        Some("actors/nato/index.html")
    );
    assert_eq!(
        page_of("/__briefing/events?x=1&page=/").as_deref(),
        Some("index.html")
    );
    assert_eq!(page_of("/__briefing/events?page=%2F..%2Fetc"), None);
    assert_eq!(page_of("/__briefing/events"), None);
}

#[test]
fn a_stale_page_is_waited_for_and_asked_for_first() {
    let shared: Shared = Arc::new((Mutex::new(Live::default()), Condvar::new()));
    {
        let mut live = lock(&shared);
        let old = Arc::new(b"<p>old</p>".to_vec());
        live.pages.insert("a/index.html".to_string(), old);
        live.stale.insert("a/index.html".to_string());
    }
    // A refresher: waits to be asked, then renders the page.
    let refresher = {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let live = lock(&shared);
            let mut live = shared
                .1
                .wait_while(live, |live| live.waited_for.is_empty())
                .unwrap();
            assert_eq!(live.waited_for, ["a/index.html"]);
            live.pages
                .insert("a/index.html".to_string(), Arc::new(b"<p>new</p>".to_vec()));
            live.stale.remove("a/index.html");
            shared.1.notify_all();
        })
    };
    let Answer::Reply(reply) =
        answer_to("GET /a/ HTTP/1.1\r\nHost: localhost:1111\r\n\r\n", &shared)
    else {
        panic!("not a page");
    };
    refresher.join().unwrap();
    let mut body = String::new();
    reply.into_reader().read_to_string(&mut body).unwrap();
    assert!(body.starts_with("<p>new</p>"), "{body}");
}
