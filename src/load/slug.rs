//! Slugs made from names: the one rule `briefing new` names files by and `check`'s
//! rename hints follow, so both give a name the same address.

/// Slugs longer than this are cut at the last word boundary before it.
pub const MAX_SLUG_CHARS: usize = 80;

/// The file name (without `.md`) for a title or name: transliterated to ASCII, lower case,
/// every run of other characters turned into one `-`, no `-` at either end, and at most
/// [`MAX_SLUG_CHARS`] long (cut between words). Apostrophes are dropped, so
/// "Trump's" gives `trumps`.
///
/// `"Volodymyr Zelensky"` → `volodymyr-zelensky`, `"Zürich Café"` → `zurich-cafe`,
/// `"Ελλάδα"` → `ellada`. The result is empty when the name has nothing usable
/// (e.g. only punctuation); callers refuse such names.
pub fn slug_for(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' {
            // "Trump's" is one word, not two.
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    shorten(slug.trim_end_matches('-')).to_string()
}

/// Cuts an over-long slug at the last `-` within the limit (or at the limit, if one word).
fn shorten(slug: &str) -> &str {
    if slug.len() <= MAX_SLUG_CHARS {
        return slug;
    }
    let head = &slug[..MAX_SLUG_CHARS]; // ASCII only, so any index is a boundary
    if slug.as_bytes()[MAX_SLUG_CHARS] == b'-' {
        return head;
    }
    match head.rfind('-') {
        Some(cut) if cut > 0 => &head[..cut],
        _ => head,
    }
}
