//! Digest edits: when only daily digests changed (one written, edited or deleted), the
//! last site takes the new digests in place and only the pages that show digests are
//! rendered again: each changed digest's page, their index and feed, home (which shows
//! the latest), the sitemap and the search index (which lists them).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::FileStamp;
use super::{
    Chosen, Rebuilt, Session, StageClock, check_links, kept_or_loaded_theme, readings,
    render_and_keep,
};
use crate::check::links;
use crate::diagnostics::Diagnostic;
use crate::load::{Briefing, Corpus};
use crate::pipeline::{self, SiteOptions};
use crate::resolve::paths::PathSet;
use crate::resolve::{Site, paths};

/// Rebuilds after digests alone changed, patching the last site; `None` when that cannot
/// be done (the last site is shared or gone, the site's digests came or all went: every
/// page's menu links to them), and a whole rebuild must. When the latest digest's day
/// changed, every page is due (every masthead names it); of those, only `open` ones are
/// rendered now.
pub(super) fn rebuild(
    session: &mut Session,
    root: &Path,
    corpus: &Corpus,
    options: &SiteOptions,
    theme_files: &[(PathBuf, FileStamp)],
    mut clock: StageClock,
    open: &(dyn Fn(&str) -> bool + Sync),
) -> Option<Result<Rebuilt, Vec<Diagnostic>>> {
    let previous = session.previous.take()?;
    let latest_before = previous.briefings.first().map(|n| n.briefing.day);
    let latest_after = corpus.briefings.iter().map(|b| b.day).max();
    if previous.briefings.is_empty() || corpus.briefings.is_empty() {
        session.previous = Some(previous);
        return None;
    }
    // Only the session holds the last site (a caller may keep its own copy).
    let mut site = match Arc::try_unwrap(previous) {
        Ok(site) => site,
        Err(shared) => {
            session.previous = Some(shared);
            return None;
        }
    };
    let before: Vec<Arc<Briefing>> = site
        .briefings
        .iter()
        .map(|n| Arc::clone(&n.briefing))
        .collect();
    let resolve_options = pipeline::resolve_options(options);
    if readings::patch_briefings(&mut site, corpus, resolve_options, &mut session.readings)
        .is_none()
    {
        session.previous = Some(Arc::new(site));
        return None;
    }
    if site.articles.is_empty() {
        site.sources_changed = pipeline::sources_changed(root);
    }
    clock.lap("load and resolve");
    let mut planned = std::mem::take(&mut session.planned);
    let (mut pages, removed) = digest_pages(&before, &site);
    for page in &removed {
        planned.remove(page);
    }
    planned.extend(site.briefings.iter().map(|n| page_of(&n.briefing)));
    if latest_before != latest_after {
        pages.extend(planned.iter().cloned());
    }
    // Digests' links are checked with the profiles; a page gone may break an article's
    // link, a page come mend one.
    let recheck: Option<Vec<usize>> = removed.is_empty().then(|| {
        let kept = session.link_problems.articles.keys();
        kept.filter_map(|slug| site.article_index(slug)).collect()
    });
    if session.link_problems.valid {
        session.link_problems.profiles = links::check_profiles(&site, &planned);
    }
    let link_problems = check_links(session, &site, &planned, recheck.as_deref());
    site.diagnostics.extend(link_problems);
    clock.lap("link check");
    // Only digests changed: the theme files are as they were.
    let theme = kept_or_loaded_theme(session, root, true);
    let theme = match pipeline::ready_to_render(&mut site, theme) {
        Ok(theme) => theme,
        Err(problems) => {
            session.link_problems.valid = false;
            return Some(Err(problems));
        }
    };
    clock.lap("choosing pages");
    let chosen = Chosen {
        wanted: Some(pages),
        removed,
        patched: true,
        planned,
        theme_files: theme_files.to_vec(),
    };
    Some(render_and_keep(
        session,
        site,
        theme,
        chosen,
        Some(&[]),
        options,
        clock,
        open,
    ))
}

/// A digest's page.
fn page_of(briefing: &Briefing) -> String {
    format!("{}index.html", paths::briefing_path(&briefing.origin.slug))
}

/// The pages to render after the digests `before` became those of `site`, and the pages
/// of digests gone.
fn digest_pages(before: &[Arc<Briefing>], site: &Site) -> (PathSet, Vec<String>) {
    let was: HashSet<*const Briefing> = before.iter().map(Arc::as_ptr).collect();
    let mut pages: PathSet = [
        format!("{}index.html", paths::BRIEFINGS),
        paths::BRIEFINGS_FEED.to_string(),
        "index.html".to_string(),
        "sitemap.xml".to_string(),
        "search-index.js".to_string(),
    ]
    .into_iter()
    .collect();
    // A digest read again from its file is a new value: its page shows something new.
    let changed = site
        .briefings
        .iter()
        .filter(|n| !was.contains(&Arc::as_ptr(&n.briefing)));
    pages.extend(changed.map(|n| page_of(&n.briefing)));
    let now: PathSet = site
        .briefings
        .iter()
        .map(|n| page_of(&n.briefing))
        .collect();
    let removed: Vec<String> = before
        .iter()
        .map(|b| page_of(b))
        .filter(|page| !now.contains(page))
        .collect();
    (pages, removed)
}
