//! One body's text, read as a reader sees it: Markdown events and the visible text
//! ([`body`]), its footnote labels ([`footnotes`]), links written in it ([`links`]), its
//! tables ([`tables`]), passages anchored by quote ([`anchor`]), names found
//! ([`mentions`]), and all of these for one article against the site's lexicon
//! ([`analysis`]).
//!
//! In: an article (from load) and a `Lexicon` of names and aliases. Out: an
//! `ArticleText`. Text reads one body at a time: it knows nothing of other articles'
//! text, renders no HTML and reads no files.

pub mod analysis;
pub mod anchor;
pub mod body;
pub mod fold;
pub mod footnotes;
pub mod links;
pub mod mentions;
mod names;
pub mod sentence;
pub mod tables;
