//! A content file: front matter split, then parsed as article, actor and topic front matter
//! and as `site.yaml`, with every date and zone read the way `load` reads them, and every
//! problem rendered against the file as `briefing check` prints it.
#![no_main]

use std::path::Path;
use std::str::FromStr;

use briefing::load::config::{self, SiteTimezone};
use briefing::diagnostics::Diagnostic;
use briefing::load::{ActorFront, ArticleFront, TopicFront};
use briefing::load::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Path::new("content/articles/fuzz.md");

    // site.yaml is a whole file of YAML, read from line 1.
    match config::parse_site_file(Path::new("site.yaml"), text) {
        Ok(site) => {
            let _ = site.timezone.parse_date("2025-02-27");
            let _ = site.timezone.parse_date("2025-02-27T07:00:00Z");
        }
        Err(problem) => check_problem(&problem, text),
    }
    // Zones and base URLs are also read from the command line.
    let _ = SiteTimezone::from_str(text);
    let _ = config::normalise_base_url(text);

    let Some(parts) = yaml::split_front_matter(text) else {
        return;
    };
    // The two parts are pieces of the file, and the body starts where the line count says.
    assert!(text.ends_with(parts.body), "body is not the file's tail");
    assert!(text.contains(parts.yaml), "yaml is not part of the file");
    assert_eq!(parts.yaml_line, 2);
    assert_eq!(
        parts.body_line,
        parts.yaml_line + parts.yaml.matches('\n').count() + 1,
        "body_line does not follow the yaml's lines"
    );
    let zone = SiteTimezone::from_str("Europe/London").unwrap();

    match yaml::parse::<ArticleFront>(file, parts.yaml, parts.yaml_line) {
        Ok(front) => {
            let _ = zone.parse_date(&front.date.value);
            if let Some(updated) = &front.updated {
                let _ = zone.parse_date(&updated.value);
            }
            if let Some(published) = front.source.as_ref().and_then(|s| s.published.as_ref()) {
                let _ = zone.parse_date(&published.value);
            }
            let _ = yaml::position(&front.title, parts.yaml_line);
            let _ = yaml::length(&front.title);
        }
        Err(problem) => check_problem(&problem, text),
    }
    match yaml::parse::<ActorFront>(file, parts.yaml, parts.yaml_line) {
        Ok(front) => {
            for role in &front.roles {
                for day in [&role.from, &role.to].into_iter().flatten() {
                    let _ = zone.parse_date(&day.value);
                }
            }
        }
        Err(problem) => check_problem(&problem, text),
    }
    match yaml::parse::<TopicFront>(file, parts.yaml, parts.yaml_line) {
        Ok(_) => {}
        Err(problem) => check_problem(&problem, text),
    }
});

/// A problem points inside the file, and prints (as text and JSON) without panicking.
fn check_problem(problem: &Diagnostic, text: &str) {
    if let Some(line) = problem.line {
        // YAML also ends a line at a lone `\r`.
        let lines = text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 1;
        assert!(
            line >= 1 && line as usize <= lines + 1,
            "problem on line {line} of a {lines}-line file: {problem}"
        );
    }
    let _ = problem.render(Some(text), false);
    let _ = problem.render(Some(text), true);
    let _ = problem.render(None, false);
    let json = problem.to_json();
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
}
