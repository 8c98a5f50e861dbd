//! `briefing`: a static site generator for annotated news briefings.
//!
//! The pipeline runs one way, one module per stage:
//! [`load`] → [`resolve`] → [`render`] → [`write`], driven by [`pipeline`].

pub mod anchor;
pub mod article_text;
pub mod body;
pub mod config;
pub mod diagnostics;
pub mod feeds;
pub mod filters;
pub mod links;
pub mod load;
pub mod markdown;
pub mod mentions;
pub mod metadata;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod theme;
pub mod urls;
pub mod write;
pub mod yaml;
