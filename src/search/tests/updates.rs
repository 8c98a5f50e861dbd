use super::*;

#[test]
fn an_update_follows_an_edited_title() {
    let mut site = Edited::new(EXAMPLE);
    let title = "Starmer presses Trump for a US 'backstop'";
    site.write(
        BACKSTOP,
        &example_file(BACKSTOP).replace(title, "Starmer seeks a backstop"),
    );
    let index = site.update(&["backstop"]);
    assert_eq!(index["articles"][1][0], "Starmer seeks a backstop");
    let words = decoded(&index);
    // Still in the body ("Donald Trump"), no longer in the title.
    assert_eq!(words["trump"], (vec![0, 1], vec![0]));
    assert_eq!(words["seeks"], (vec![1], vec![1]));
    assert!(!words.contains_key("presses") && !words.contains_key("us"));
}

#[test]
fn an_update_follows_words_added_to_and_removed_from_a_body() {
    let mut site = Edited::new(EXAMPLE);
    let body = "The tariffs hit steel. Starmer said little about the tariffs.";
    site.write(
        TARIFFS,
        &example_file(TARIFFS).replace(body, "The tariffs hit aluminium from Washington."),
    );
    let index = site.update(&["tariffs"]);
    // The body stands in for the missing summary.
    assert_eq!(
        index["articles"][0][2],
        "The tariffs hit aluminium from Washington."
    );
    let words = decoded(&index);
    assert!(!words.contains_key("steel") && !words.contains_key("little"));
    assert_eq!(words["aluminium"], (vec![0], vec![]));
    assert_eq!(words["washington"], (vec![0, 1], vec![]));
    assert_eq!(words["starmer"], (vec![1], vec![1]));

    // Words that went come back, new ones go: freed slots are reused.
    site.write(
        TARIFFS,
        &example_file(TARIFFS).replace(body, "Steel and copper, said Starmer."),
    );
    let words = decoded(&site.update(&["tariffs"]));
    assert_eq!(words["steel"], (vec![0], vec![]));
    assert_eq!(words["copper"], (vec![0], vec![]));
    assert!(!words.contains_key("aluminium"));
    // Unchanged since: nothing to do.
    site.update(&["tariffs"]);
    site.update(&[]);
}

#[test]
fn an_update_follows_a_date_that_reorders_articles() {
    let mut site = Edited::new(EXAMPLE);
    site.write(
        BACKSTOP,
        &example_file(BACKSTOP).replace("2025-02-27", "2025-03-10"),
    );
    let index = site.update(&["backstop"]);
    assert_eq!(index["articles"][0][3], "articles/backstop/");
    assert_eq!(index["articles"][0][1], "2025-03-10");
    let words = decoded(&index);
    assert_eq!(words["backstop"], (vec![0], vec![0]));
    assert_eq!(words["tariffs"], (vec![1], vec![1]));
    // The numbers are the new ones for the next, fast, update.
    site.write(
        TARIFFS,
        &example_file(TARIFFS).replace("announces tariffs", "announces levies"),
    );
    let words = decoded(&site.update(&["tariffs"]));
    assert_eq!(words["levies"], (vec![1], vec![1]));
}

#[test]
fn an_update_follows_an_added_article_and_titles_it_links_to() {
    let mut site = Edited::new(EXAMPLE);
    site.write(
        "content/articles/ceasefire.md",
        "---\ntitle: Ceasefire talks\ndate: 2025-03-01\n---\n\
         Sir Keir pressed for a ceasefire after [[backstop]].\n",
    );
    let index = site.update(&["ceasefire"]);
    assert_eq!(index["articles"][1][3], "articles/ceasefire/");
    let words = decoded(&index);
    assert_eq!(words["ceasefire"], (vec![1], vec![1]));
    // The bare link reads as the linked article's title; the alias as the actor's name.
    assert_eq!(words["presses"], (vec![1, 2], vec![2]));
    assert_eq!(words["starmer"], (vec![0, 1, 2], vec![2]));
    assert_eq!(words["steel"], (vec![0], vec![]));

    // A new title reaches the article linking to it: the caller names both.
    site.write(
        BACKSTOP,
        &example_file(BACKSTOP).replace("presses", "urges"),
    );
    let words = decoded(&site.update(&["backstop", "ceasefire"]));
    assert_eq!(words["urges"], (vec![1, 2], vec![2]));
    assert!(!words.contains_key("presses"));
}

#[test]
fn an_update_follows_removed_articles() {
    let mut site = Edited::new(EXAMPLE);
    site.remove(TARIFFS);
    let index = site.update(&["tariffs"]);
    assert_eq!(index["articles"].as_array().unwrap().len(), 1);
    let words = decoded(&index);
    assert!(!words.contains_key("steel") && !words.contains_key("tariffs"));
    assert_eq!(words["trump"], (vec![0], vec![0]));
    site.remove(BACKSTOP);
    let index = site.update(&["backstop"]);
    assert_eq!(index["terms"], "");
    assert_eq!(index["postings"], "");
}

#[test]
fn an_update_follows_the_actors_an_article_lists() {
    let mut site = Edited::new(EXAMPLE);
    let listed = "actors: [donald-trump]";
    site.write(
        TARIFFS,
        &example_file(TARIFFS).replace(listed, "actors: [donald-trump, keir-starmer]"),
    );
    let words = decoded(&site.update(&["tariffs"]));
    // In the body before; now a listed actor's name too: a strong hit.
    assert_eq!(words["starmer"], (vec![0, 1], vec![0, 1]));
    assert_eq!(words["keir"], (vec![0, 1], vec![0, 1]));
    site.write(
        TARIFFS,
        &example_file(TARIFFS).replace(listed, "actors: []"),
    );
    let words = decoded(&site.update(&["tariffs"]));
    assert_eq!(words["starmer"], (vec![0, 1], vec![1]));
    assert_eq!(words["keir"], (vec![1], vec![1]));
    // "Donald" was only the listed actor's name here: strong, now gone.
    assert_eq!(words["donald"], (vec![1], vec![]));
}

/// A small deterministic generator, so the edits below are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn words(&mut self, count: usize) -> String {
        const VOCABULARY: &[&str] = &[
            "tariff",
            "steel",
            "Starmer",
            "Sir Keir",
            "Trump",
            "ceasefire",
            "grain",
            "port",
            "Zürich",
            "vote",
            "budget",
            "tanker",
            "the",
            "of",
            "Łódź",
            "x",
            "quota",
            "levy",
            "drone",
            "pact",
            "summit",
            "yield",
            "bond",
            "ferry",
            "wheat",
            "rift",
            "talks",
            "veto",
            "envoy",
            "embargo",
            "quorum",
            "oath",
        ];
        let words: Vec<&str> = (0..count)
            .map(|_| VOCABULARY[self.below(VOCABULARY.len())])
            .collect();
        words.join(" ")
    }

    /// An article of `number`, dated by it (so rewriting it keeps the order) or at random.
    fn article(&mut self, number: usize) -> String {
        let actors = ["[]", "[keir-starmer]", "[donald-trump, keir-starmer]"];
        let title_words = 1 + self.below(3);
        let title = self.words(title_words);
        let day = if self.below(8) == 0 {
            self.below(28)
        } else {
            number
        };
        let listed = actors[self.below(actors.len())];
        let body_words = self.below(12);
        let body = self.words(body_words);
        format!(
            "---\ntitle: \"{title}\"\ndate: 2025-03-{:02}\nactors: {listed}\n---\n{body}.\n",
            1 + day
        )
    }
}

#[test]
fn updates_match_a_fresh_build_through_random_edits() {
    let mut random = Lcg(7);
    let mut files: Vec<(String, String)> = EXAMPLE
        .iter()
        .filter(|(path, _)| path.contains("/actors/"))
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    for n in 0..12 {
        files.push((format!("content/articles/a{n}.md"), random.article(n)));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let mut site = Edited::new(&borrowed);
    let mut previous = String::new();
    let (mut fast, mut slow) = (0, 0);
    for _ in 0..100 {
        // Up to three articles written or removed among sixteen slugs.
        let mut changed = Vec::new();
        for _ in 0..1 + random.below(3) {
            let number = random.below(16);
            let path = format!("content/articles/a{number}.md");
            if random.below(10) == 0 {
                let _ = fs::remove_file(site.dir.path().join(&path));
            } else {
                site.write(&path, &random.article(number));
            }
            changed.push(format!("a{number}"));
        }
        let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
        let index = site.update(&changed);
        let order: Vec<&serde_json::Value> = index["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| &row[3])
            .collect();
        let order = format!("{order:?}");
        if order == previous {
            fast += 1
        } else {
            slow += 1
        }
        previous = order;
    }
    // Both paths were taken, many times.
    assert!(fast > 20 && slow > 20, "{fast} fast, {slow} slow");
}
