//! Checks that need the whole built site: every link written in a body, profile or
//! description against the pages the build plans to write.
//!
//! In: a resolved `Site` and the planned output paths (from render's `planned_paths`).
//! Out: `Diagnostic`s. It reads no files and renders nothing. Problems found while
//! loading, reading a body or resolving are reported by those stages themselves.

pub mod links;

use std::collections::HashSet;

use crate::diagnostics::Diagnostic;
use crate::resolve::Site;

/// Every link problem of the site: profiles and descriptions first, then each article's.
pub fn site_links(site: &Site, planned: &HashSet<String>) -> Vec<Diagnostic> {
    let mut problems = links::check_profiles(site, planned);
    for node in &site.articles {
        problems.extend(links::check_article(node, planned));
    }
    problems
}
