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
    Sentences::new(text).around(range)
}

/// The sentences of one text, found a block (paragraph) at a time and only as far as
/// passages ask: passages asked in reading order segment each stretch of text once,
/// however many fall in it.
pub struct Sentences<'a> {
    text: &'a str,
    /// The block being read, when it is one paragraph.
    block: Option<Block<'a>>,
}

/// A paragraph's sentence starts (byte offsets in it, the first 0), found so far.
struct Block<'a> {
    range: Range<usize>,
    /// No block end inside: a passage across one makes a block that is not a paragraph.
    paragraph: bool,
    starts: Vec<usize>,
    rest: Box<dyn Iterator<Item = usize> + 'a>,
}

impl<'a> Block<'a> {
    fn new(text: &'a str, range: Range<usize>) -> Self {
        let rest = sentence_starts(&text[range.clone()]).map(|(at, _)| at);
        Block {
            paragraph: !text[range.clone()].contains('\n'),
            range,
            starts: Vec::new(),
            rest: Box::new(rest),
        }
    }

    /// The bounds (in the block) of the sentence holding `from..to`, reading on only as
    /// far as its end.
    fn sentence(&mut self, from: usize, to: usize) -> Range<usize> {
        while self.starts.last().is_none_or(|&at| at <= from || at < to) {
            match self.rest.next() {
                Some(at) => self.starts.push(at),
                None => break,
            }
        }
        let start = self.starts.iter().rev().find(|&&at| at <= from).copied();
        let end = self
            .starts
            .iter()
            .find(|&&at| at > from && at >= to)
            .copied();
        start.unwrap_or(0)..end.unwrap_or(self.range.len())
    }
}

impl<'a> Sentences<'a> {
    pub fn new(text: &'a str) -> Self {
        Sentences { text, block: None }
    }

    /// As [`sentence_around`] for this text.
    pub fn around(&mut self, range: &Range<usize>) -> String {
        let text = self.text;
        let start = range.start.min(text.len());
        let end = range.end.clamp(start, text.len());
        // Sentences never cross a block: segment only the paragraph that holds the passage.
        let mut block = match self.block.take() {
            Some(block) if block.range.start <= start && end <= block.range.end => block,
            _ => {
                let block_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
                let block_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
                Block::new(text, block_start..block_end)
            }
        };
        let offset = block.range.start;
        let bounds = block.sentence(start - offset, end - offset);
        let sentence = &text[offset + bounds.start..offset + bounds.end];
        let sentence = anchor::collapse_whitespace(sentence.trim());
        if block.paragraph {
            self.block = Some(block);
        }
        if sentence.chars().count() > SENTENCE_LIMIT {
            format!(
                "{}…",
                sentence.chars().take(SENTENCE_LIMIT).collect::<String>()
            )
        } else {
            sentence
        }
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

    /// Passages asked one after another, in and across paragraphs and backwards, get the
    /// sentence each would get alone.
    #[test]
    fn one_segmentation_serves_every_passage_of_a_paragraph() {
        let text = "Mr. Starmer met Macron. Then Vance spoke.\nA new block: Macron again! And Kyiv.\nLast.";
        let words = [
            "Starmer", "Macron", "Vance", "block", "Kyiv", "Macron", "Last", "Then",
        ];
        let mut sentences = Sentences::new(text);
        let mut from = 0;
        for word in words {
            let at = text[from..]
                .find(word)
                .map_or_else(|| text.find(word).unwrap(), |at| at + from);
            from = at;
            let range = at..at + word.len();
            assert_eq!(
                sentences.around(&range),
                sentence_around(text, &range),
                "{word}"
            );
        }
        let across = text.find("spoke").unwrap()..text.find("block").unwrap();
        assert_eq!(sentences.around(&across), sentence_around(text, &across));
        assert_eq!(sentences.around(&(2..4)), "Mr. Starmer met Macron.");
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
