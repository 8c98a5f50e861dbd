//! Where each page of a site lives in the output, relative to the site root: folders
//! ending in `/`, whose page is the folder's `index.html`. Every stage after resolve
//! (render, search, link checking, serve's page choice) names pages through these.

/// A set of output paths (`articles/x/index.html`), hashed with FxHash: sets of every
/// page of a site are made and looked up on every serve rebuild.
pub type PathSet = rustc_hash::FxHashSet<String>;

/// An article's page folder, e.g. `articles/some-slug/`.
pub fn article_path(slug: &str) -> String {
    format!("articles/{slug}/")
}

/// Page `page` (from 1) of an actor's or topic's pages in `folder`: the first is the
/// folder itself, the next `page/2/` and on.
pub fn numbered_page(folder: &str, page: usize) -> String {
    if page <= 1 {
        folder.to_string()
    } else {
        format!("{folder}page/{page}/")
    }
}

/// The archive page of the month `date` falls in (in the site's zone).
pub fn archive_month_path(date: &chrono::DateTime<chrono::FixedOffset>) -> String {
    let (year, month) = archive_month(date);
    format!("archive/{year:04}/{month:02}/")
}

/// The year and month of `date`'s archive page: articles with the same share a page.
pub fn archive_month(date: &chrono::DateTime<chrono::FixedOffset>) -> (i32, u32) {
    use chrono::Datelike;
    (date.year(), date.month())
}

/// An actor's page folder, e.g. `actors/nato/`.
pub fn actor_path(slug: &str) -> String {
    format!("actors/{slug}/")
}

/// A topic's page folder, e.g. `topics/ukraine/`.
pub fn topic_path(slug: &str) -> String {
    format!("topics/{slug}/")
}

/// The corrections page's folder: every correction on the site, newest first.
pub fn corrections_path() -> String {
    "corrections/".to_string()
}

/// The digests' index folder.
pub const BRIEFINGS: &str = "briefings/";

/// A daily digest's page folder, e.g. `briefings/2025-03-11/` (its slug is its date).
pub fn briefing_path(slug: &str) -> String {
    format!("{BRIEFINGS}{slug}/")
}

/// The digests' Atom feed.
pub const BRIEFINGS_FEED: &str = "briefings/atom.xml";

/// The page folder of an actor and a topic together, e.g. `actors/nato/topics/ukraine/`.
pub fn pair_path(actor: &str, topic: &str) -> String {
    format!("actors/{actor}/topics/{topic}/")
}
