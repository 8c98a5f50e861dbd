//! Checks that need the whole built site: every link written in a body, profile or
//! description against the pages the build plans to write.
//!
//! In: a resolved `Site` and the planned output paths (from render's `planned_paths`).
//! Out: `Diagnostic`s. It reads no files and renders nothing. Problems found while
//! loading, reading a body or resolving are reported by those stages themselves.

pub mod links;

use crate::diagnostics::Diagnostic;
use crate::resolve::Site;
use crate::resolve::paths::PathSet;
use rayon::prelude::*;

/// Every link problem of the site: profiles and descriptions first, then each article's.
pub fn site_links(site: &Site, planned: &PathSet) -> Vec<Diagnostic> {
    let mut problems = links::check_profiles(site, planned);
    let found: Vec<Vec<Diagnostic>> = site
        .articles
        .par_iter()
        .map(|node| links::check_article(node, planned))
        .collect();
    problems.extend(found.into_iter().flatten());
    problems
}
