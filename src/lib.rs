//! `briefing`: a static site generator for annotated news briefings.
//!
//! The pipeline runs one way, one module per stage:
//! [`load`] → [`resolve`] → [`render`] → [`write`], driven by [`pipeline`].

pub mod check;
pub mod diagnostics;
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
