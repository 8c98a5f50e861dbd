use super::encoding::{
    DIGITS, LIST_SEPARATOR, STRONG_SEPARATOR, decode_postings, decode_terms, encode_postings,
    front_code, js_order, patch_terms,
};
use super::index::{FORMAT_VERSION, GLOBAL, IndexedArticle, SearchIndex};
use super::read::{
    ArticleWords, article_row, article_words, entity_rows, json, page_rows, truncate,
};
use super::table::{Postings, Word};
use super::tokens::{
    FOLDS, MAX_WORD_CHARS, MIN_WORD_CHARS, STOP_WORDS, for_each_word, is_cjk, tokens,
};
use crate::load;
use crate::resolve::{self, ResolveOptions, Site};
use crate::testing::write;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Words by text, as the reference index gathers them.
type WordMap<V> = rustc_hash::FxHashMap<String, V>;

mod encoding;
mod tokens;
mod updates;

fn site_of(files: &[(&str, &str)]) -> Site {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    read_site(dir.path())
}

fn example() -> Site {
    site_of(EXAMPLE)
}

const EXAMPLE: &[(&str, &str)] = &[
    (
        "content/actors/keir-starmer.md",
        "---\nname: Keir Starmer\nkind: person\naliases: [Sir Keir, \"(?i)the PM\"]\n---\nPrime Minister.\n",
    ),
    (
        "content/actors/donald-trump.md",
        "---\nname: Donald Trump\nkind: person\n---\nPresident.\n",
    ),
    (
        "content/topics/security-guarantees.md",
        "---\nname: Security guarantees\n---\nWho defends whom.\n",
    ),
    (
        "content/articles/backstop.md",
        "---\ntitle: \"Starmer presses Trump for a US 'backstop'\"\ndate: 2025-02-27\n\
             summary: \"Sir Keir arrived in Washington.\"\nactors: [keir-starmer]\n\
             topics: [security-guarantees]\n---\n\
             Sir Keir met Donald Trump in the Oval Office to discuss the backstop.\n\n\
             The *Zürich* delegation was not there.\n",
    ),
    (
        "content/articles/tariffs.md",
        "---\ntitle: \"Trump announces tariffs\"\ndate: 2025-03-04\n\
             actors: [donald-trump]\n---\n\
             The tariffs hit steel. Starmer said little about the tariffs.\n",
    ),
];

fn json_of(script: &str) -> serde_json::Value {
    let json = script
        .split_once(&format!("{GLOBAL} = "))
        .expect("the assignment")
        .1
        .trim_end()
        .strip_suffix(';')
        .expect("a final semicolon");
    serde_json::from_str(json).expect("valid JSON")
}

/// Word → (all, strong) article numbers, decoded from the index as search.js does.
fn decoded(index: &serde_json::Value) -> BTreeMap<String, (Vec<u32>, Vec<u32>)> {
    let terms = decode_terms(index["terms"].as_str().unwrap());
    let postings: Vec<&str> = index["postings"].as_str().unwrap().split(',').collect();
    assert_eq!(terms.len(), postings.len());
    terms
        .into_iter()
        .zip(postings)
        .map(|(term, entry)| {
            let (all, strong) = match entry.split_once(' ') {
                None => (decode_postings(entry).unwrap(), Vec::new()),
                Some((all, "")) => {
                    let all = decode_postings(all).unwrap();
                    (all.clone(), all)
                }
                Some((all, strong)) => (
                    decode_postings(all).unwrap(),
                    decode_postings(strong).unwrap(),
                ),
            };
            (term, (all, strong))
        })
        .collect()
}

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    min: usize,
    max: usize,
    fold: BTreeMap<String, &'static str>,
    stop: &'static [&'static str],
    /// Title, date, summary, path.
    articles: Vec<(&'a str, String, String, String)>,
    /// Name, path, aliases joined by `|`.
    entities: Vec<(&'a str, String, String)>,
    /// Title, path, more words.
    pages: Vec<(String, String, String)>,
    terms: String,
    postings: String,
}

/// The index as built before `SearchIndex`, in one go: what `script()` must reproduce.
fn reference_script(site: &Site) -> String {
    // Strings, numbers and lists only: serialising cannot fail, but never panic if it did.
    let json = serde_json::to_string(&build_index(site)).unwrap_or_else(|_| "{}".to_string());
    format!(
        "/* The search index of this site, read by search.js (format {FORMAT_VERSION}). */\n\
         {GLOBAL} = {json};\n"
    )
}

fn build_index(site: &Site) -> Index<'_> {
    let per_article: Vec<ArticleWords> = (0..site.articles.len())
        .into_par_iter()
        .map(|index| article_words(site, index))
        .collect();
    // Articles in order, so every list comes out sorted.
    let mut lists: WordMap<Postings> = WordMap::default();
    for (number, words) in per_article.into_iter().enumerate() {
        let number = number as u32;
        for (word, strong) in words.iter() {
            let entry = lists.entry(word.to_string()).or_default();
            entry.all.push(number);
            if strong {
                entry.strong.push(number);
            }
        }
    }
    let mut lists: Vec<(String, Postings)> = lists.into_iter().collect();
    lists.sort_unstable_by(|a, b| js_order(&a.0, &b.0));

    let terms = front_code(lists.iter().map(|(w, _)| w.as_str()));
    let mut postings = String::new();
    for (i, (_, Postings { all, strong })) in lists.iter().enumerate() {
        if i > 0 {
            postings.push(LIST_SEPARATOR);
        }
        postings.push_str(&encode_postings(all));
        if strong.len() == all.len() {
            postings.push(STRONG_SEPARATOR);
        } else if !strong.is_empty() {
            postings.push(STRONG_SEPARATOR);
            postings.push_str(&encode_postings(strong));
        }
    }

    // Rows and entities as `script()` writes them: the postings above are what is checked.
    let articles = (0..site.articles.len())
        .map(|number| article_row(site, number))
        .collect();
    Index {
        version: FORMAT_VERSION,
        min: MIN_WORD_CHARS,
        max: MAX_WORD_CHARS,
        fold: FOLDS.iter().map(|(c, s)| (c.to_string(), *s)).collect(),
        stop: STOP_WORDS,
        articles,
        entities: entity_rows(site),
        pages: page_rows(site),
        terms,
        postings,
    }
}

fn read_site(root: &Path) -> Site {
    let site = resolve::resolve(load::load(root), ResolveOptions::default());
    assert!(!site.has_errors(), "{:#?}", site.diagnostics);
    site
}

/// The text of one of the example's files.
fn example_file(path: &str) -> &'static str {
    EXAMPLE.iter().find(|(p, _)| *p == path).unwrap().1
}

const BACKSTOP: &str = "content/articles/backstop.md";
const TARIFFS: &str = "content/articles/tariffs.md";

/// A site in a folder that tests edit, and the index following it through updates.
struct Edited {
    dir: tempfile::TempDir,
    index: SearchIndex,
}

impl Edited {
    fn new(files: &[(&str, &str)]) -> Edited {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            write(dir.path(), path, text);
        }
        let site = read_site(dir.path());
        let index = SearchIndex::new(&site);
        assert_eq!(index.script(), reference_script(&site));
        Edited { dir, index }
    }

    fn write(&self, path: &str, text: &str) {
        write(self.dir.path(), path, text);
    }

    fn remove(&self, path: &str) {
        fs::remove_file(self.dir.path().join(path)).unwrap();
    }

    /// Reads the site again and updates the index, which must then match a fresh build.
    fn update(&mut self, changed: &[&str]) -> serde_json::Value {
        let site = read_site(self.dir.path());
        self.index.update(&site, changed);
        let script = self.index.script();
        assert_eq!(script, SearchIndex::new(&site).script());
        assert_eq!(script, reference_script(&site));
        json_of(&script)
    }
}

#[test]
fn a_new_index_writes_what_the_one_go_build_wrote() {
    let site = example();
    assert_eq!(SearchIndex::new(&site).script(), reference_script(&site));
    let empty = site_of(&[]);
    assert_eq!(SearchIndex::new(&empty).script(), reference_script(&empty));
}

#[test]
fn the_index_finds_words_and_ranks_strong_hits() {
    let site = example();
    let index = json_of(&SearchIndex::new(&site).script());
    assert_eq!(index["version"], FORMAT_VERSION);
    // Newest first: the tariffs article (4 March) is number 0.
    assert_eq!(index["articles"][0][0], "Trump announces tariffs");
    assert_eq!(index["articles"][0][1], "2025-03-04");
    // No summary: the start of the body stands in.
    assert_eq!(
        index["articles"][0][2],
        "The tariffs hit steel. Starmer said little about the tariffs."
    );
    assert_eq!(index["articles"][1][2], "Sir Keir arrived in Washington.");
    assert_eq!(index["articles"][1][3], "articles/backstop/");
    let words = decoded(&index);
    // In both titles: strong in both.
    assert_eq!(words["trump"], (vec![0, 1], vec![0, 1]));
    // Listed actor and topic names are strong hits.
    assert_eq!(words["starmer"], (vec![0, 1], vec![1]));
    assert_eq!(words["guarantees"], (vec![1], vec![1]));
    // Body text, folded, and a mentioned actor's full name.
    assert_eq!(words["zurich"], (vec![1], vec![]));
    assert_eq!(words["keir"], (vec![1], vec![1]));
    assert_eq!(words["steel"], (vec![0], vec![]));
    assert_eq!(words["washington"], (vec![1], vec![]));
    // Stop words and one-letter words are not indexed.
    for dropped in ["the", "to", "a", "us", "s"] {
        if dropped == "us" {
            continue; // two letters: indexed ("US")
        }
        assert!(!words.contains_key(dropped), "{dropped}");
    }
    assert!(words.contains_key("us"));
    let entities = index["entities"].as_array().unwrap();
    assert_eq!(entities[1][0], "Keir Starmer");
    assert_eq!(entities[1][1], "actors/keir-starmer/");
    assert_eq!(entities[1][2], "Sir Keir|the PM");
    assert_eq!(entities[2][1], "topics/security-guarantees/");
}

#[test]
fn words_inside_chinese_text_are_indexed() {
    let site = site_of(&[
        (
            "content/articles/budget.md",
            "---\ntitle: \"市议会批准交通预算\"\ndate: 2025-03-04\n---\n\
             市议会周二批准了交通预算，公交车将每十分钟一班。\n",
        ),
        (
            "content/articles/budget-ru.md",
            "---\ntitle: \"Совет утвердил бюджет\"\ndate: 2025-03-03\n---\n\
             Городской совет утвердил транспортный бюджет во вторник.\n",
        ),
    ]);
    let words = decoded(&json_of(&SearchIndex::new(&site).script()));
    // Pairs from the middle of the title (strong) and of the body.
    for pair in ["交通", "预算", "议会"] {
        assert_eq!(words[pair], (vec![0], vec![0]), "{pair}");
    }
    assert_eq!(words["交车"], (vec![0], vec![]));
    assert!(!words.contains_key("市议会批准交通预算"));
    assert_eq!(words["бюджет"], (vec![1], vec![1]));
}

#[test]
fn the_script_is_deterministic_and_valid() {
    let first = SearchIndex::new(&example()).script();
    let second = SearchIndex::new(&example()).script();
    assert_eq!(first, second);
    assert!(first.starts_with("/* "));
    assert!(first.ends_with("};\n"));
    let index = json_of(&first);
    assert!(index["terms"].as_str().unwrap().starts_with('A'));
    assert_eq!(index["stop"].as_array().unwrap().len(), STOP_WORDS.len());
    assert_eq!(index["fold"]["é"], "e");
}

#[test]
fn summaries_are_cut_at_a_word() {
    assert_eq!(truncate("short", 10), "short");
    assert_eq!(
        truncate("one two three four five, six", 20),
        "one two three four…"
    );
    assert_eq!(
        truncate(&"x".repeat(30), 10),
        format!("{}…", "x".repeat(10))
    );
}

/// Measures the index at 10,000 articles:
/// `python3 bench/gen_corpus.py --articles 10000 --out /tmp/corpus10k --format native`
/// then `BRIEFING_CORPUS=/tmp/corpus10k cargo test --release --lib search::tests::size -- --ignored --nocapture`.
#[test]
#[ignore]
fn size_per_article() {
    let root = std::env::var("BRIEFING_CORPUS").unwrap_or("/tmp/corpus10k".into());
    let site = resolve::resolve(load::load(Path::new(&root)), ResolveOptions::default());
    let started = std::time::Instant::now();
    let script = SearchIndex::new(&site).script();
    let elapsed = started.elapsed();
    let index = json_of(&script);
    let part = |key: &str| serde_json::to_string(&index[key]).unwrap().len();
    let n = site.articles.len().max(1);
    println!(
        "{} articles, {} terms: {} bytes, {:.1} bytes/article (articles {:.1}, terms {:.1}, \
         postings {:.1}, entities {:.1}) in {} ms",
        site.articles.len(),
        decode_terms(index["terms"].as_str().unwrap()).len(),
        script.len(),
        script.len() as f64 / n as f64,
        part("articles") as f64 / n as f64,
        part("terms") as f64 / n as f64,
        part("postings") as f64 / n as f64,
        part("entities") as f64 / n as f64,
        elapsed.as_millis()
    );
    if let Ok(out) = std::env::var("BRIEFING_INDEX_OUT") {
        fs::write(out, &script).unwrap();
    }
}
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// About how much memory `index` holds, in bytes (allocator overhead left out).
fn size_of(index: &SearchIndex) -> usize {
    use std::mem::size_of;
    let articles: usize = index
        .articles
        .iter()
        .map(|a| size_of::<IndexedArticle>() + a.slug.len() + a.hits.len() * 4 + a.row.len())
        .sum();
    let numbers = index.numbers.capacity() * (size_of::<(Box<str>, u32)>() + 1)
        + index.numbers.keys().map(|k| k.len()).sum::<usize>();
    let table = &index.table;
    let words: usize = table
        .words
        .iter()
        .map(|w| {
            let lists = w.postings.all.capacity() + w.postings.strong.capacity();
            size_of::<Word>() + w.text.len() + w.entry.len() + lists * 4
        })
        .sum();
    articles
        + numbers
        + words
        + (table.order.capacity() + table.free.capacity()) * 4
        + table.terms.capacity()
        + index.entities_json.capacity()
}

fn ms(elapsed: std::time::Duration) -> f64 {
    elapsed.as_secs_f64() * 1000.0
}

/// Times updates of the index after one article is edited, at 10,000 articles:
/// `BRIEFING_CORPUS=/tmp/c10k cargo test --release --lib search::tests::update_time -- --ignored --nocapture`.
/// The corpus is copied to a temporary folder and edited there. For each kind of edit the
/// site is read with and without it, and the index updated from one to the other and
/// back, many times: the best and median times stand out of the noise of a busy machine.
#[test]
#[ignore]
fn update_time() {
    let source = std::env::var("BRIEFING_CORPUS").unwrap_or("/tmp/c10k".into());
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(&source), dir.path());
    let site = read_site(dir.path());
    let started = std::time::Instant::now();
    let mut index = SearchIndex::new(&site);
    let built = started.elapsed();
    let started = std::time::Instant::now();
    let script = index.script();
    let scripted = started.elapsed();
    let started = std::time::Instant::now();
    assert_eq!(script, reference_script(&site));
    println!(
        "{} articles, {} terms, {} bytes, index of about {:.1} MB: SearchIndex::new {:.1} ms, \
         script {:.1} ms (one-go build before: {:.1} ms)",
        site.articles.len(),
        index.table.order.len(),
        script.len(),
        size_of(&index) as f64 / 1e6,
        ms(built),
        ms(scripted),
        ms(started.elapsed())
    );

    // What the edit does, the text it changes in the article, and what that becomes.
    let edits = [
        ("title, a new word", "title: \"", "title: \"Quokka "),
        ("title, known words", "title: \"", "title: \"Summit talks "),
        ("body, a new word", "\n---\n", "\n---\nWombat "),
        ("date, reordering", "date: 20", "date: 19"),
    ];
    for (round, (what, from, to)) in edits.into_iter().enumerate() {
        let node = &site.articles[site.articles.len() * (round + 1) / 5];
        let slug = node.article.origin.slug.as_str();
        let file = dir.path().join(&node.article.origin.file);
        let original = fs::read_to_string(&file).unwrap();
        assert!(original.contains(from), "{what}: {file:?}");
        fs::write(&file, original.replacen(from, to, 1)).unwrap();
        let edited = read_site(dir.path());
        fs::write(&file, &original).unwrap();
        // No bare links to articles in the corpus: else those linking to it change too.
        let (mut updates, mut scripts) = (Vec::new(), Vec::new());
        for _ in 0..10 {
            for to in [&edited, &site] {
                let started = std::time::Instant::now();
                index.update(to, &[slug]);
                updates.push(ms(started.elapsed()));
                let started = std::time::Instant::now();
                std::hint::black_box(index.script());
                scripts.push(ms(started.elapsed()));
            }
        }
        index.update(&edited, &[slug]);
        assert_eq!(index.script(), SearchIndex::new(&edited).script());
        index.update(&site, &[slug]);
        let best_median = |mut times: Vec<f64>| {
            times.sort_by(f64::total_cmp);
            (times[0], times[times.len() / 2])
        };
        let (update_best, update_median) = best_median(updates);
        let (script_best, script_median) = best_median(scripts);
        println!(
            "{what:<18}: update {update_best:.2} ms best, {update_median:.2} median; \
             script {script_best:.2} ms best, {script_median:.2} median"
        );
    }
}
