use super::*;

#[test]
fn postings_decode_back() {
    let cases: Vec<Vec<u32>> = vec![
        vec![],
        vec![0],
        vec![44],
        vec![45],
        vec![9_999],
        vec![0, 1, 2, 3],
        vec![3, 50, 2_024, 2_025, 91_124, 1_000_000],
        (0..10_000).collect(),
        (0..10_000).filter(|n| n % 3 == 0).collect(),
        (0..10_000).step_by(97).collect(),
    ];
    for case in cases {
        let encoded = encode_postings(&case);
        assert_eq!(decode_postings(&encoded).unwrap(), case, "{encoded}");
        assert!(!encoded.contains(',') && !encoded.contains(' '));
    }
    // Dense lists become bitmaps: one character per six articles.
    let all: Vec<u32> = (0..600).collect();
    assert_eq!(encode_postings(&all).len(), 101);
    assert!(encode_postings(&all).starts_with('!'));
    // Sparse ones stay deltas: 0, then gaps minus one (99 = 2 × 45 + 9,
    // 4899 = 2 × 45² + 18 × 45 + 39; continuation digits are DIGITS[45 + d]).
    assert_eq!(encode_postings(&[0, 100, 5_000]), "#S-SdK");
}

#[test]
fn remapped_lists_stay_sorted() {
    // Kept articles keep their order in practice; a list is still sorted if not.
    let mut postings = Postings {
        all: vec![0, 1, 2, 3],
        strong: vec![1, 3],
    };
    assert!(postings.remap(&[Some(3), Some(0), None, Some(1)]));
    assert_eq!(postings.all, [0, 1, 3]);
    assert_eq!(postings.strong, [0, 1]);
    assert!(!postings.remap(&[Some(0), Some(1), None, Some(3)]));
}

#[test]
fn patched_terms_are_the_terms_written_out() {
    let mut all = vec![
        "back",
        "backstop",
        "backstops",
        "ba",
        "zürich",
        "zz",
        "ωmega",
        "ωmegas",
        "\u{1F600}x",
        "\u{1F600}y",
        "\u{FF21}b",
        "abcdefghijklmnopqrstuvwxyz1",
        "abcdefghijklmnopqrstuvwxyz2",
        "abcdefghijklmnopqrstuvwxy\u{1F600}",
        "abcdefghijklmnopqrstuvwxy\u{1F601}",
        "ab",
    ];
    all.sort_by(|a, b| js_order(a, b));
    // Every split of the words into those kept, those added and those removed.
    for pattern in 0..3usize.pow(6) {
        let mut before = Vec::new();
        let mut after = Vec::new();
        let (mut added, mut removed) = (Vec::new(), Vec::new());
        for (i, &word) in all.iter().enumerate() {
            match (pattern / 3usize.pow((i % 6) as u32) + i / 6) % 3 {
                0 => {
                    before.push(word);
                    after.push(word);
                }
                1 => {
                    added.push(word);
                    after.push(word);
                }
                _ => {
                    removed.push(word);
                    before.push(word);
                }
            }
        }
        let patched = patch_terms(&front_code(before.iter().copied()), &added, &removed);
        assert_eq!(patched, front_code(after.iter().copied()), "{pattern}");
    }
    // Nothing JSON escapes: the script writes the string between quotes as it is.
    let terms = front_code(all.iter().copied());
    assert_eq!(json(&terms), format!("\"{terms}\""));
}

#[test]
fn js_order_is_utf16_order() {
    let words = [
        "a",
        "ab",
        "b",
        "zürich",
        "zz",
        "ωmega",
        "\u{E000}",
        "\u{FF21}b",
        "\u{1F600}x",
        "\u{10000}",
        "a\u{FFFF}",
        "a\u{1F600}",
        "",
    ];
    for a in words {
        for b in words {
            assert_eq!(
                js_order(a, b),
                a.encode_utf16().cmp(b.encode_utf16()),
                "{a} {b}"
            );
        }
    }
}

#[test]
fn terms_decode_back() {
    let mut words = vec![
        "back",
        "backstop",
        "backstops",
        "ba",
        "zürich",
        "z",
        "ωmega",
        "\u{1F600}x",
        "\u{1F600}y",
        "\u{FF21}b",
        "abcdefghijklmnopqrstuvwxyz1",
        "abcdefghijklmnopqrstuvwxyz2",
    ];
    words.sort_by(|a, b| js_order(a, b));
    let coded = front_code(words.iter().copied());
    assert_eq!(decode_terms(&coded), words);
}
