//! `site.yaml`: the site's title, address, language, timezone and options.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, TimeZone};
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, code};
use crate::load::yaml::{self, Spanned};

/// The site settings every later stage reads.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Always ends with `/`; `/` when the site lives at the root of its host.
    pub base_url: String,
    pub language: String,
    pub timezone: SiteTimezone,
    pub raw_html: bool,
    /// Link pages to each other relatively, so the output works from disk and any sub-path.
    pub relative_urls: bool,
    /// `pages.min_articles`: how many articles an actor and a topic must share for their
    /// pair page (`actors/<actor>/topics/<topic>/`) to exist; at least 1.
    pub pair_min_articles: usize,
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The default of `pages.min_articles`.
pub const DEFAULT_PAIR_MIN_ARTICLES: usize = 2;

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Briefing".to_string(),
            description: String::new(),
            base_url: "/".to_string(),
            language: "en".to_string(),
            timezone: SiteTimezone::Fixed(utc()),
            raw_html: false,
            relative_urls: false,
            pair_min_articles: DEFAULT_PAIR_MIN_ARTICLES,
            extra: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<Spanned<String>>,
    language: Option<String>,
    timezone: Option<Spanned<String>>,
    markdown: Option<MarkdownOptions>,
    pages: Option<PageOptions>,
    #[serde(default)]
    relative_urls: bool,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkdownOptions {
    raw_html: Option<RawHtml>,
}

/// `pages:`: which optional pages exist.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageOptions {
    /// Read as any value, so a wrong one gets its own message (see [`min_articles`]).
    min_articles: Option<Spanned<serde_json::Value>>,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RawHtml {
    Allow,
    Escape,
}

/// Reads `site.yaml` text; `file` names it in diagnostics.
pub fn parse_site_file(file: &Path, text: &str) -> Result<SiteConfig, Diagnostic> {
    let raw: SiteFile = yaml::parse(file, text, 1)?;
    let mut config = SiteConfig::default();
    if let Some(title) = raw.title {
        config.title = title;
    }
    if let Some(description) = raw.description {
        config.description = description;
    }
    if let Some(language) = raw.language {
        config.language = language;
    }
    if let Some(base_url) = raw.base_url {
        config.base_url = normalise_base_url(&base_url.value).map_err(|message| {
            let (line, column) = yaml::position(&base_url, 1);
            Diagnostic::error(code::BAD_CONFIG, file, message).at(line, column)
        })?;
    }
    if let Some(timezone) = raw.timezone {
        config.timezone = SiteTimezone::from_str(&timezone.value).map_err(|message| {
            let (line, column) = yaml::position(&timezone, 1);
            Diagnostic::error(code::BAD_CONFIG, file, message).at(line, column).with_hint(
                "use an IANA name such as `Europe/London`, `UTC`, or an offset such as `+01:00`",
            )
        })?;
    }
    config.raw_html = raw.markdown.and_then(|m| m.raw_html) == Some(RawHtml::Allow);
    config.relative_urls = raw.relative_urls;
    if let Some(written) = raw.pages.and_then(|p| p.min_articles) {
        config.pair_min_articles = min_articles(&written).map_err(|message| {
            let (line, column) = yaml::position(&written, 1);
            Diagnostic::error(code::BAD_CONFIG, file, message)
                .at(line, column)
                .with_hint(format!(
                    "write a whole number of at least 1, e.g. `pages: {{ min_articles: {DEFAULT_PAIR_MIN_ARTICLES} }}` (the default)"
                ))
        })?;
    }
    config.extra = raw.extra;
    Ok(config)
}

/// `pages.min_articles` as written: a whole number, at least 1.
fn min_articles(written: &Spanned<serde_json::Value>) -> Result<usize, String> {
    let shown = match &written.value {
        serde_json::Value::String(text) => format!("`{text}`"),
        other => format!("`{other}`"),
    };
    match written.value.as_u64() {
        Some(0) => {
            Err("`pages.min_articles` is 0: a pair page needs at least one article".to_string())
        }
        Some(n) => usize::try_from(n).map_err(|_| format!("`pages.min_articles` {n} is too large")),
        None => Err(format!(
            "`pages.min_articles` must be a whole number of articles, not {shown}"
        )),
    }
}

/// Makes a base URL end in `/`, and rejects what cannot be a URL prefix.
pub fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let looks_valid = url.starts_with('/')
        || url.starts_with("http://")
        || url.starts_with("https://")
        || url.starts_with("file://");
    if !looks_valid {
        return Err(format!(
            "base_url `{url}` must start with `/`, `http://`, `https://` or `file://`"
        ));
    }
    if url.contains(['"', '<', '>', ' ', '\'']) {
        return Err(format!(
            "base_url `{url}` contains characters a URL cannot hold"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// The zone in which bare dates are read and days are counted.
#[derive(Debug, Clone, Copy)]
pub enum SiteTimezone {
    Named(chrono_tz::Tz),
    Fixed(FixedOffset),
}

fn utc() -> FixedOffset {
    chrono::Utc.fix()
}

impl FromStr for SiteTimezone {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("utc") || text == "Z" {
            return Ok(SiteTimezone::Fixed(utc()));
        }
        if text.starts_with(['+', '-']) {
            return parse_offset(text)
                .map(SiteTimezone::Fixed)
                .ok_or_else(|| format!("`{text}` is not a UTC offset like `+01:00`"));
        }
        chrono_tz::Tz::from_str(text)
            .map(SiteTimezone::Named)
            .map_err(|_| format!("unknown timezone `{text}`"))
    }
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let digits = text.get(1..)?;
    // Only ASCII digits and one colon, so every split below falls between characters.
    if !digits.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return None;
    }
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let hours: i32 = hours.parse().ok()?;
    let minutes: i32 = minutes.parse().ok()?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

impl SiteTimezone {
    /// The instant `when` expressed in this zone.
    pub fn localise(&self, when: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self {
            SiteTimezone::Named(tz) => when.with_timezone(tz).fixed_offset(),
            SiteTimezone::Fixed(offset) => when.with_timezone(offset),
        }
    }

    /// Midnight at the start of `date` in this zone.
    pub fn start_of(&self, date: NaiveDate) -> DateTime<FixedOffset> {
        let midnight = date.and_time(chrono::NaiveTime::MIN);
        match self {
            SiteTimezone::Named(tz) => tz
                .from_local_datetime(&midnight)
                .earliest()
                .map(|t| t.fixed_offset())
                .unwrap_or_else(|| tz.from_utc_datetime(&midnight).fixed_offset()),
            SiteTimezone::Fixed(offset) => offset
                .from_local_datetime(&midnight)
                .single()
                .unwrap_or_else(|| offset.from_utc_datetime(&midnight)),
        }
    }

    /// Reads an RFC 3339 timestamp, or a bare `YYYY-MM-DD` date at midnight in this zone.
    /// The instant must fall in the years 0000–9999 both in UTC and in this zone, the
    /// range RFC 3339 (section 5.6) and every page and feed can write.
    pub fn parse_date(&self, text: &str) -> Result<DateTime<FixedOffset>, String> {
        let text = text.trim();
        let when = match DateTime::parse_from_rfc3339(text) {
            Ok(when) => self.localise(when),
            Err(_) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|date| self.start_of(date))
                .map_err(|_| format!("`{text}` is not a date"))?,
        };
        let writable = |year: i32| (0..=9999).contains(&year);
        if !writable(when.naive_utc().year()) || !writable(when.year()) {
            return Err(format!(
                "`{text}` falls outside the years 0000-9999 once read in UTC or in the site's timezone"
            ));
        }
        Ok(when)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_dates_are_midnight_in_the_site_zone() {
        let zone = SiteTimezone::from_str("Europe/London").unwrap();
        let summer = zone.parse_date("2025-07-01").unwrap();
        assert_eq!(summer.to_rfc3339(), "2025-07-01T00:00:00+01:00");
        let winter = zone.parse_date("2025-02-27").unwrap();
        assert_eq!(winter.to_rfc3339(), "2025-02-27T00:00:00+00:00");
    }

    #[test]
    fn timestamps_are_shown_in_the_site_zone() {
        let zone = SiteTimezone::from_str("+05:30").unwrap();
        let when = zone.parse_date("2025-02-27T20:00:00Z").unwrap();
        assert_eq!(when.to_rfc3339(), "2025-02-28T01:30:00+05:30");
    }

    #[test]
    fn offsets_with_other_characters_are_refused_not_split() {
        for found_by_fuzzing in ["-2\u{24d}i", "\r-\u{feff}/\r\r\r\r\r\r", "+1\u{e9}3"] {
            assert!(SiteTimezone::from_str(found_by_fuzzing).is_err());
        }
    }

    #[test]
    fn rejects_bad_dates_and_zones() {
        assert!(SiteTimezone::Fixed(utc()).parse_date("27/02/2025").is_err());
        assert!(SiteTimezone::from_str("Mars/Olympus").is_err());
        assert!(SiteTimezone::from_str("+25:00").is_err());
    }

    #[test]
    fn base_urls_end_with_a_slash() {
        assert_eq!(
            normalise_base_url("https://example.org/brief").unwrap(),
            "https://example.org/brief/"
        );
        assert!(normalise_base_url("example.org").is_err());
    }

    #[test]
    fn reads_site_file() {
        let text = "title: Daily\nbase_url: /brief\ntimezone: Europe/Paris\nmarkdown: { raw_html: allow }\n";
        let config = parse_site_file(Path::new("site.yaml"), text).unwrap();
        assert_eq!(config.title, "Daily");
        assert_eq!(config.base_url, "/brief/");
        assert!(config.raw_html);
    }

    #[test]
    fn min_articles_defaults_to_two_and_reads_a_whole_number() {
        let site = |text: &str| parse_site_file(Path::new("site.yaml"), text);
        assert_eq!(site("title: x\n").unwrap().pair_min_articles, 2);
        let one = site("title: x\npages: { min_articles: 1 }\n").unwrap();
        assert_eq!(one.pair_min_articles, 1);
    }

    #[test]
    fn bad_min_articles_are_errors_at_their_line() {
        for bad in ["0", "-1", "two", "1.5", "[1]", "\"\""] {
            let text = format!("title: x\npages:\n  min_articles: {bad}\n");
            let error = parse_site_file(Path::new("site.yaml"), &text).unwrap_err();
            assert_eq!(error.code, code::BAD_CONFIG, "{bad}");
            assert_eq!(error.line, Some(3), "{bad}");
            assert!(
                error.message.contains("min_articles"),
                "{bad}: {}",
                error.message
            );
        }
    }

    #[test]
    fn bad_timezone_names_its_line() {
        let error =
            parse_site_file(Path::new("site.yaml"), "title: x\ntimezone: Nowhere\n").unwrap_err();
        assert_eq!(error.line, Some(2));
    }
}
