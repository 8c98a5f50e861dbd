//! `briefing`: a static site generator for annotated news briefings.
//!
//! The pipeline runs one way, one module per stage:
//! [`load`] → [`resolve`] → [`render`] → [`write`], driven by [`pipeline`].

pub mod config;
pub mod diagnostics;
pub mod filters;
pub mod load;
pub mod markdown;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod theme;
pub mod urls;
pub mod write;
pub mod yaml;
