//! Paths, hosts, sources and the live script.

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
    assert!(text.contains("EventSource(\"/__briefing/events\")"));
    assert!(text.ends_with("</script>\n</body></html>"));
}
