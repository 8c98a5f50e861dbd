//! Quote anchoring: `text \0 exact [\0 prefix [\0 suffix]]`.
//!
//! A found range lies within the text on character boundaries, folds to the same text as the
//! quote, fits the prefix and suffix it was given, and can be found again from the W3C
//! selector (`exact`, `prefix`, `suffix`) that `context_around` builds for it.
#![no_main]

use briefing::text::anchor::{self, AnchorError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = input.split('\0');
    let text = parts.next().unwrap_or("");
    let exact = parts.next().unwrap_or("");
    let prefix = parts.next();
    let suffix = parts.next();

    let result = anchor::find(text, exact, prefix, suffix);
    let range = match result {
        Ok(range) => range,
        Err(AnchorError::Empty) => {
            assert!(
                anchor::fold_str(exact).is_empty(),
                "Empty for a non-blank quote"
            );
            return;
        }
        Err(AnchorError::Ambiguous { candidates }) => {
            assert!(
                candidates.len() >= 2,
                "ambiguous with {} candidates",
                candidates.len()
            );
            return;
        }
        Err(AnchorError::ContextMismatch { count }) => {
            assert!(count >= 1);
            assert!(
                prefix.is_some() || suffix.is_some(),
                "context mismatch without any context"
            );
            return;
        }
        Err(AnchorError::NotFound { .. }) => {
            // Whatever matches as written must be found.
            let needle = exact.trim();
            if !needle.is_empty() && text.contains(needle) && prefix.is_none() && suffix.is_none() {
                // `needle` may fold differently from the text around it only through
                // white space runs, which folding treats alike on both sides.
                panic!("{needle:?} is in the text but was not found");
            }
            return;
        }
    };

    assert!(range.start <= range.end, "backwards range {range:?}");
    assert!(
        range.end <= text.len(),
        "range {range:?} past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "range {range:?} splits a character"
    );
    let found = &text[range.clone()];
    assert_eq!(
        anchor::fold_str(found),
        anchor::fold_str(exact),
        "found {found:?} for {exact:?}"
    );
    // The passage is trimmed: it neither starts nor ends with white space.
    assert_eq!(
        found.trim(),
        found,
        "passage {found:?} has untrimmed white space"
    );

    // The prefix and suffix that chose it really are around it.
    let before = anchor::fold_str(&text[..range.start]);
    let after = anchor::fold_str(&text[range.end..]);
    if let Some(p) = prefix.map(anchor::fold_str).filter(|p| !p.is_empty()) {
        assert!(before.ends_with(&p), "prefix {p:?} is not before {found:?}");
    }
    if let Some(s) = suffix.map(anchor::fold_str).filter(|s| !s.is_empty()) {
        assert!(after.starts_with(&s), "suffix {s:?} is not after {found:?}");
    }

    // The W3C selector published for the passage leads back to it (or, with too little
    // context to decide, to an ambiguity), never to another passage.
    for count in [1, 5, 32] {
        let (p, s) = anchor::context_around(text, range.clone(), count);
        assert!(p.chars().count() <= count && s.chars().count() <= count);
        match anchor::find(text, found, Some(&p), Some(&s)) {
            Ok(again) => assert_eq!(again, range, "selector {p:?}/{found:?}/{s:?} moved"),
            Err(AnchorError::Ambiguous { .. }) => {}
            Err(other) => panic!("selector {p:?}/{found:?}/{s:?} for {range:?}: {other:?}"),
        }
    }
});
