//! `briefing`: a static site generator for annotated news briefings.
//!
//! 1. [`load`] reads `site.yaml` and `content/` into a `Corpus` of typed front matter and bodies.
//! 2. [`resolve`] checks every cross-reference and builds the `Site` graph, reading each
//!    body with [`text`] (visible text, anchored passages, mentions).
//! 3. [`check`] tests every link against the planned pages; [`render`] makes the `Page`s
//!    (with [`search`]'s index).
//! 4. [`write`](mod@write) stages the pages and swaps them in whole.
//! 5. [`pipeline`] runs these for `build` and `check`; [`serve`] reruns them incrementally.
//!
//! Beside the stages: [`diagnostics`] (problems, printed) and [`link_target`] (whether a
//! URL from a user's file may be an `href` or `src`), which every stage may use.

pub mod check;
pub mod diagnostics;
pub mod link_target;
pub mod load;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod text;
pub mod write;

/// Helpers for the unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::fs;
    use std::path::Path;

    /// Writes `text` to `path` under `root`, making its folders.
    pub fn write(root: &Path, path: &str, text: &str) {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
}
