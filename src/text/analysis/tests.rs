//! One article read against a lexicon: passages, mentions, offices, wikilinks, sentences.

use super::*;
use crate::load::config::SiteTimezone;
use crate::load::yaml;
use crate::load::{ActorFront, ArticleFront, Role, TopicFront};
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn origin(kind: &str, slug: &str) -> Origin {
    Origin {
        slug: slug.to_string(),
        file: PathBuf::from(format!("content/{kind}/{slug}.md")),
        yaml_line: 2,
        body_line: 5,
    }
}

fn actor(slug: &str, yaml_text: &str) -> Actor {
    let front: ActorFront = yaml::parse(Path::new("a.md"), yaml_text, 2).unwrap();
    let zone = SiteTimezone::from_str("UTC").unwrap();
    let day = |v: &Option<Spanned<String>>| {
        v.as_ref()
            .map(|v| zone.parse_date(&v.value).unwrap().date_naive())
    };
    let roles = front
        .roles
        .iter()
        .map(|r| Role {
            office: r.office.clone(),
            from: day(&r.from),
            to: day(&r.to),
        })
        .collect();
    Actor {
        origin: origin("actors", slug),
        front,
        roles,
        profile: String::new(),
    }
}

fn topic(slug: &str, yaml_text: &str) -> Topic {
    let front: TopicFront = yaml::parse(Path::new("t.md"), yaml_text, 2).unwrap();
    Topic {
        origin: origin("topics", slug),
        front,
        description: String::new(),
    }
}

fn article(date: &str, body: &str) -> Article {
    let front: ArticleFront =
        yaml::parse(Path::new("x.md"), &format!("title: T\ndate: {date}\n"), 2).unwrap();
    Article {
        origin: origin("articles", "x"),
        front,
        date: SiteTimezone::from_str("UTC")
            .unwrap()
            .parse_date(date)
            .unwrap(),
        updated: None,
        corrections: Vec::new(),
        body: body.to_string(),
    }
}

fn people() -> Vec<Actor> {
    vec![
        actor(
            "boris-johnson",
            "name: Boris Johnson\nkind: person\naliases: [Johnson]\nroles: [{office: uk-prime-minister, from: 2019-07-24, to: 2022-09-06}]\n",
        ),
        actor(
            "keir-starmer",
            "name: Keir Starmer\nkind: person\naliases: [Sir Keir, Starmer]\nroles: [{office: uk-prime-minister, from: 2024-07-05}]\n",
        ),
        actor(
            "uk-prime-minister",
            "name: Prime Minister of the United Kingdom\nkind: office\naliases: [Prime Minister]\n",
        ),
    ]
}

fn read(
    actors: &[Actor],
    topics: &[Topic],
    date: &str,
    body: &str,
) -> (ArticleText, Vec<Diagnostic>) {
    let actor_refs: Vec<&Actor> = actors.iter().collect();
    let topic_refs: Vec<&Topic> = topics.iter().collect();
    let a = article(date, body);
    let (lexicon, _) = Lexicon::new(&actor_refs, &topic_refs, &[&a]);
    analyse(&a, &lexicon)
}

fn entities(text: &ArticleText) -> Vec<EntityRef> {
    text.mentions.iter().map(|m| m.entity).collect()
}

#[test]
fn offices_resolve_to_the_holder_on_the_article_date() {
    let actors = people();
    let (text, _) = read(&actors, &[], "2021-03-01", "The Prime Minister spoke.");
    assert_eq!(entities(&text), [EntityRef::Actor(0)]);
    let (text, _) = read(&actors, &[], "2025-02-27", "The Prime Minister spoke.");
    assert_eq!(entities(&text), [EntityRef::Actor(1)]);
    let (text, _) = read(&actors, &[], "2023-06-01", "The Prime Minister spoke.");
    assert_eq!(
        entities(&text),
        [EntityRef::Actor(2)],
        "nobody in these files held it then"
    );
}

#[test]
fn adjacent_mentions_of_one_entity_merge_and_only_the_first_links() {
    let actors = people();
    let (text, _) = read(
        &actors,
        &[],
        "2025-02-27",
        "Sir Keir Starmer arrived. Starmer's plan.",
    );
    assert_eq!(text.mentions.len(), 2);
    assert!(text.mentions[0].linked && !text.mentions[1].linked);
    assert_eq!(text.summaries[0].count, 2);
    assert_eq!(&*text.summaries[0].sentence, "Sir Keir Starmer arrived.");
}

#[test]
fn colliding_aliases_warn_once_naming_every_claimant_and_are_not_matched() {
    let actors = [
        actor("nato", "name: NATO\naliases: [the Alliance]\n"),
        actor("aukus", "name: AUKUS\naliases: [the Alliance]\n"),
    ];
    let refs: Vec<&Actor> = actors.iter().collect();
    let (lexicon, problems) = Lexicon::new(&refs, &[], &[]);
    assert_eq!(problems.len(), 1, "one warning per alias: {problems:?}");
    let names_both = |p: &Diagnostic| {
        p.message.contains("content/actors/nato.md:")
            && p.message.contains("content/actors/aukus.md:")
    };
    assert!(problems.iter().all(|p| !p.is_error() && names_both(p)));
    assert!(lexicon.finder.find("the Alliance met").is_empty());
}

#[test]
fn topics_mentions_and_wikilinks() {
    let actors = people();
    let topics = vec![topic(
        "defence-spending",
        "name: Defence spending\naliases: [\"(?i)defence budget\"]\n",
    )];
    let body = "The Defence Budget rises. See [[keir-starmer]] and [[defense-spending|this]].\n";
    let (text, problems) = read(&actors, &topics, "2025-02-27", body);
    assert_eq!(text.wikilinks.len(), 1);
    assert_eq!(text.wikilinks[0].entity, EntityRef::Actor(1));
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(5));
    assert_eq!(
        problems[0].hint.as_deref(),
        Some("did you mean `defence-spending`?")
    );
    assert!(entities(&text).contains(&EntityRef::Topic(0)));
}

#[test]
fn sentences_are_cut_at_their_ends() {
    let text = "First one. Second has Putin in it! Third.";
    let at = text.find("Putin").unwrap();
    assert_eq!(
        sentence_around(text, &(at..at + 5)),
        "Second has Putin in it!"
    );
}
