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
fn chinese_japanese_and_korean_are_read_in_pairs_of_characters() {
    assert_eq!(
        tokens("市议会周二批准了交通预算，公交车将每十分钟一班。"),
        [
            "市议", "议会", "会周", "周二", "二批", "批准", "准了", "了交", "交通", "通预", "预算",
            "公交", "交车", "车将", "将每", "每十", "十分", "分钟", "钟一", "一班"
        ]
    );
    // A lone character is a word; other scripts end a run and are read as before.
    assert_eq!(
        tokens("中 国, GDP增长3% in Zürich"),
        ["中", "国", "gdp", "增长", "zurich"]
    );
    assert_eq!(tokens("a市b"), ["市"]);
    // Kana with the prolonged sound mark and iteration marks; Hangul; halfwidth Katakana.
    assert_eq!(
        tokens("東京都のコーヒー"),
        ["東京", "京都", "都の", "のコ", "コー", "ーヒ", "ヒー"]
    );
    assert_eq!(tokens("人々"), ["人々"]);
    assert_eq!(tokens("서울시 예산"), ["서울", "울시", "예산"]);
    assert_eq!(tokens("ｺｰﾋｰ"), ["ｺｰ", "ｰﾋ", "ﾋｰ"]);
    // Beyond the Basic Multilingual Plane (Extension B), and a combining mark inside a run.
    assert_eq!(tokens("𠀋𠀍"), ["𠀋𠀍"]);
    assert_eq!(tokens("交\u{301}通"), ["交通"]);
    // Punctuation, ideographic space and full-width Latin letters are not CJK words.
    assert_eq!(tokens("「交通」　预算・ＡＢ"), ["交通", "预算", "ａｂ"]);
    for c in ['市', 'の', 'コ', 'ー', '서', 'ｺ', '𠀋', '々', '〇'] {
        assert!(is_cjk(c) && c.is_alphanumeric(), "{c}");
    }
    for c in ['a', 'é', 'ж', 'Ａ', '。', '・', '　', '゠'] {
        assert!(!is_cjk(c) || !c.is_alphanumeric(), "{c}");
    }
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

/// Every text made of three of `pieces` (repeats allowed) laid out as `{a}{b}{c}{b}{a}`
/// and then ` {c}{a}` when `tail`.
fn mixes<'a>(pieces: &'a [&'a str], tail: bool) -> impl Iterator<Item = String> + 'a {
    let triples = pieces.iter().flat_map(move |a| {
        (pieces.iter()).flat_map(move |b| pieces.iter().map(move |c| (a, b, c)))
    });
    triples.map(move |(a, b, c)| match tail {
        true => format!("{a}{b}{c}{b}{a} {c}{a}"),
        false => format!("{a}{b}{c}{b}{a}"),
    })
}

/// The words `read` finds in `text`.
fn words_by(text: &str, read: impl Fn(&str, &mut dyn FnMut(&str))) -> Vec<String> {
    let mut words = Vec::new();
    read(text, &mut |w| words.push(w.to_string()));
    words
}

/// ASCII text is read byte by byte; the words are those the character-by-character
/// reading gives, for every mix of letters, digits, cases, punctuation and lengths.
#[test]
fn ascii_text_reads_as_any_text_does() {
    use crate::search::tokens::{for_each_ascii_word, for_each_unicode_word};
    let pieces = [
        "a",
        "Ab",
        "Z9",
        "42",
        "x",
        " ",
        "-",
        "'",
        "\n",
        "\u{b}",
        "_",
        "abcdefghijklmnopqrstuvwxyzABC",
        "",
    ];
    for text in mixes(&pieces, false) {
        let bytes = words_by(&text, |t, found| for_each_ascii_word(t.as_bytes(), found));
        let chars = words_by(&text, |t, found| for_each_unicode_word(t, found));
        assert_eq!(bytes, chars, "{text:?}");
    }
}

/// Mixed text is read in stretches, ASCII ones byte by byte: the words are those the
/// character-by-character reading of the whole text gives, whatever stands around the
/// non-ASCII characters (CJK runs, combining marks, Greek final sigma, curly quotes).
#[test]
fn mixed_text_reads_as_the_whole_text_does() {
    use crate::search::tokens::{for_each_unicode_word, for_each_word};
    let pieces = [
        "ab",
        "Z9",
        " ",
        "\n",
        "\t",
        "-",
        "“",
        "”",
        "é",
        "E\u{301}",
        "ΟΔΟΣ",
        "Σ",
        "市议会",
        "한국",
        "ﬁ",
        "İ",
        "ß",
        "x",
        "",
    ];
    for text in mixes(&pieces, true) {
        let stretches = words_by(&text, |t, found| for_each_word(t, found));
        let whole = words_by(&text, |t, found| for_each_unicode_word(t, found));
        assert_eq!(stretches, whole, "{text:?}");
    }
}
