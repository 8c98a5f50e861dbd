//! The search index: `search-index.js`, read by `static/search.js` on the `/search/` page.
//!
//! In: a resolved `Site`. Out: the script, from a [`SearchIndex`] built whole or brought up to
//! date by [`SearchIndex::update`] after an edit. This folder only reads the site: it renders
//! no page and reads no file. The tokeniser is specified in `tokens.rs`, the script's format
//! in `encoding.rs`, and how updates keep it whole in `index.rs`.

mod encoding;
mod index;
mod read;
mod table;
mod tokens;

#[cfg(test)]
mod tests;

pub use encoding::{DIGITS, decode_postings, decode_terms, encode_postings};
pub use index::{FORMAT_VERSION, GLOBAL, SearchIndex};
pub use read::SUMMARY_CHARS;
pub use tokens::{
    MAX_WORD_CHARS, MIN_WORD_CHARS, STOP_WORDS, for_each_word, is_cjk, is_stop_word, tokens,
};
