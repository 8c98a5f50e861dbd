use super::*;

#[test]
fn the_tokeniser_lowercases_folds_splits_and_drops() {
    assert_eq!(
        tokens("Putin's north-korea ZÜRICH Łódź straße a 7 42 the Œuvre"),
        [
            "putin", "north", "korea", "zurich", "lodz", "strasse", "42", "oeuvre"
        ]
    );
    assert_eq!(tokens("ΟΔΥΣΣΕΥΣ"), ["οδυσσευς"]);
    // `İ` lower-cases to `i` and a combining dot; decomposed accents are dropped too.
    assert_eq!(
        tokens("İstanbul Cafe\u{301} naı\u{308}ve"),
        ["istanbul", "cafe", "naive"]
    );
    assert_eq!(
        tokens("abcdefghijklmnopqrstuvwxyzabc"),
        ["abcdefghijklmnopqrstuvwx"]
    );
    assert!(tokens("The and of, to: it!").is_empty());
}

#[test]
fn tables_are_sorted_for_binary_search() {
    assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    assert!(FOLDS.windows(2).all(|w| w[0].0 < w[1].0));
    // Folding to lower case first means only lower-case letters need folding.
    assert!(FOLDS.iter().all(|(c, _)| c.to_lowercase().eq([*c])));
    assert!(
        STOP_WORDS
            .iter()
            .all(|w| tokens(w).is_empty() && for_each_word_vec(w) == [*w])
    );
    let digits: BTreeSet<u8> = DIGITS.iter().copied().collect();
    assert_eq!(digits.len(), DIGITS.len());
    assert!(!DIGITS.contains(&b',') && !DIGITS.contains(&b'\\') && !DIGITS.contains(&b'"'));
    assert!(!DIGITS.contains(&b'!') && !DIGITS.contains(&b' '));
}

fn for_each_word_vec(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(text, |w| words.push(w.to_string()));
    words
}
