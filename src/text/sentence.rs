//! The sentence around a passage, as a reader would cut it: Unicode sentence boundaries
//! (UAX #29, through `unicode-segmentation`), with no break after an abbreviation or an
//! initial (`Mr.`, `No. 10`, `Jan.`, `J. D. Vance`), which UAX #29 alone would cut.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::anchor;

/// Backlink sentences longer than this (in characters) are cut, with `…`.
const SENTENCE_LIMIT: usize = 320;

/// Words that end with a full stop without ending a sentence, lower case, without the
/// stop: titles, "number", months, and common Latin and English short forms.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "lt", "col", "capt", "sgt", "adm",
    "gov", "sen", "rep", "pres", "amb", "hon", "rev", "no", "nos", "vol", "art", "para", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "etc", "vs", "cf", "e.g", "i.e", "inc", "ltd", "co", "corp", "dept", "est",
];

/// The sentence of `text` that holds `range` (byte offsets), with white space folded.
/// Block ends in `text` (`\n`) always end a sentence.
pub fn sentence_around(text: &str, range: &Range<usize>) -> String {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    // Sentences never cross a block: segment only the paragraph that holds the passage.
    let block_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let block_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
    let block = &text[block_start..block_end];
    let (from, to) = (start - block_start, end - block_start);
    let mut sentence_start = 0;
    let mut sentence_end = block.len();
    for (at, _) in sentence_starts(block) {
        if at <= from {
            sentence_start = at;
        } else if at >= to {
            sentence_end = at;
            break;
        }
    }
    let sentence = anchor::collapse_whitespace(block[sentence_start..sentence_end].trim());
    if sentence.chars().count() > SENTENCE_LIMIT {
        format!(
            "{}…",
            sentence.chars().take(SENTENCE_LIMIT).collect::<String>()
        )
    } else {
        sentence
    }
}

/// Where each sentence of `block` starts (byte offset), the first at 0: UAX #29
/// boundaries, less those right after an abbreviation or an initial.
fn sentence_starts(block: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut previous: Option<&str> = None;
    block
        .split_sentence_bound_indices()
        .filter(move |&(_, sentence)| {
            let starts = previous.is_none_or(|before| !ends_in_abbreviation(before));
            previous = Some(sentence);
            starts
        })
}

/// Whether a UAX #29 sentence ends with a full stop that belongs to a short form rather
/// than ending the sentence.
fn ends_in_abbreviation(sentence: &str) -> bool {
    let trimmed = sentence.trim_end();
    let Some(before_stop) = trimmed.strip_suffix('.') else {
        return false;
    };
    let word = before_stop
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘'))
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // An initial ("J."), or a dotted short form ("U.S.", "a.m."): letters and stops only.
    let dotted = word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.');
    let initial = letters == 1 && word.chars().all(char::is_alphabetic);
    initial || dotted || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around(text: &str, word: &str) -> String {
        let at = text.find(word).unwrap();
        sentence_around(text, &(at..at + word.len()))
    }

    #[test]
    fn sentences_end_where_readers_end_them() {
        let text = "First one. Second has Putin in it! Third.";
        assert_eq!(around(text, "Putin"), "Second has Putin in it!");
        let text = "Trump wants a deal that would allow the U.S. access to minerals to recoup aid given against Russia. Next.";
        let whole = "Trump wants a deal that would allow the U.S. access to minerals to recoup aid given against Russia.";
        assert_eq!(around(text, "Trump"), whole);
        assert_eq!(around(text, "Russia"), whole);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_a_sentence() {
        let cases = [
            ("Mr. Starmer met Mr. Macron in Washington. Later.", "Macron"),
            (
                "He spoke at No. 10 Downing Street on Monday. Then left.",
                "Downing",
            ),
            (
                "At 9 a.m. Monday the talks began in Riyadh. Then more.",
                "Riyadh",
            ),
            (
                "The vice president, J. D. Vance, spoke in Munich. Then more.",
                "Munich",
            ),
            (
                "Talks resumed on Feb. 18 in Riyadh with the U.S. Secretary. Then.",
                "Secretary",
            ),
            (
                "Dr. Smith, of the U.K. Foreign Office, said so. Then.",
                "Office",
            ),
        ];
        for (text, word) in cases {
            let sentence = around(text, word);
            let first = text.split(". Then").next().unwrap_or(text);
            let first = first.split(". Later").next().unwrap_or(first);
            assert_eq!(sentence, format!("{first}."), "{text}");
        }
    }

    #[test]
    fn block_ends_always_end_a_sentence() {
        let text = "A heading\nPutin spoke today";
        assert_eq!(around(text, "Putin"), "Putin spoke today");
    }

    #[test]
    fn long_sentences_are_cut() {
        let text = format!("{} Putin.", "word ".repeat(100));
        assert!(around(&text, "Putin").ends_with('…'));
    }
}
