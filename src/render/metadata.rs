//! Machine-readable descriptions of an article: schema.org JSON-LD and W3C Web Annotations.

use serde::Serialize;

/// What the metadata of one article says, in plain values.
pub struct ArticleFacts<'a> {
    pub url: &'a str,
    pub headline: &'a str,
    pub description: &'a str,
    pub published: &'a str,
    pub modified: &'a str,
    pub language: &'a str,
    pub source_url: Option<&'a str>,
    pub source_publisher: Option<&'a str>,
    pub source_author: Option<&'a str>,
    /// Actors the article concerns.
    pub mentions: Vec<Thing<'a>>,
    /// Topics the article is about.
    pub about: Vec<Thing<'a>>,
    pub claims: Vec<ClaimFacts<'a>>,
    /// Its corrections, oldest first.
    pub corrections: Vec<CorrectionFacts<'a>>,
    /// Who reviews claims: the site.
    pub site_name: &'a str,
}

/// An actor or topic as schema.org sees it.
pub struct Thing<'a> {
    /// `Person`, `Organization`, `Country`, `GovernmentOrganization` or `Thing`.
    pub schema_type: &'static str,
    pub name: &'a str,
    pub url: &'a str,
    pub same_as: Option<String>,
}

/// A claim annotation with a verdict.
pub struct ClaimFacts<'a> {
    pub url: String,
    pub claim: &'a str,
    pub verdict: &'a str,
    pub note: &'a str,
}

/// A correction of the article, for schema.org `correction` (a `CorrectionComment`).
pub struct CorrectionFacts<'a> {
    /// The notice on the article page (`…#correction-1`).
    pub url: String,
    /// RFC 3339.
    pub date: String,
    /// The note as written (Markdown).
    pub text: &'a str,
}

/// A `NewsArticle`, and a `ClaimReview` per judged claim, as one JSON-LD `@graph`.
/// Every object's keys are written in byte order (as a JSON object map sorts them), so the
/// text is the same for the same facts.
pub fn article_json_ld(facts: &ArticleFacts) -> String {
    let thing = schema_thing;
    let article = NewsArticle {
        id: facts.url,
        kind: "NewsArticle",
        about: facts.about.iter().map(thing).collect(),
        author: facts.source_author.map(|name| Named {
            kind: "Person",
            name,
        }),
        correction: (facts.corrections.iter())
            .map(|c| CorrectionComment {
                kind: "CorrectionComment",
                date_published: &c.date,
                text: c.text,
                url: &c.url,
            })
            .collect(),
        date_modified: facts.modified,
        date_published: facts.published,
        description: facts.description,
        headline: facts.headline,
        in_language: facts.language,
        is_based_on: facts.source_url,
        main_entity_of_page: facts.url,
        mentions: facts.mentions.iter().map(thing).collect(),
        publisher: (facts.source_publisher).map(|name| Named {
            kind: "Organization",
            name,
        }),
        url: facts.url,
    };
    let mut graph = vec![GraphNode::Article(article)];
    graph.extend(facts.claims.iter().map(|claim| {
        GraphNode::Claim(ClaimReview {
            kind: "ClaimReview",
            author: Named {
                kind: "Organization",
                name: facts.site_name,
            },
            claim_reviewed: claim.claim,
            date_published: facts.modified,
            item_reviewed: ItemReviewed {
                kind: "Claim",
                appearance: Appearance {
                    kind: "CreativeWork",
                    url: facts.source_url.unwrap_or(facts.url),
                },
            },
            review_body: claim.note,
            review_rating: Rating {
                kind: "Rating",
                alternate_name: claim.verdict,
            },
            url: &claim.url,
        })
    }));
    let document = Document {
        context: "https://schema.org",
        graph,
    };
    script_safe(&serde_json::to_string(&document).unwrap_or_default())
}

fn schema_thing<'a>(t: &'a Thing<'_>) -> SchemaThing<'a> {
    SchemaThing {
        kind: t.schema_type,
        name: t.name,
        same_as: t.same_as.as_deref(),
        url: t.url,
    }
}

// The schema.org objects, their fields in the byte order of their JSON keys.

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<GraphNode<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum GraphNode<'a> {
    Article(NewsArticle<'a>),
    Claim(ClaimReview<'a>),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    about: Vec<SchemaThing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Named<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<CorrectionComment<'a>>,
    date_modified: &'a str,
    date_published: &'a str,
    description: &'a str,
    headline: &'a str,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    main_entity_of_page: &'a str,
    mentions: Vec<SchemaThing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Named<'a>>,
    url: &'a str,
}

#[derive(Serialize)]
struct SchemaThing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
    url: &'a str,
}

#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CorrectionComment<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    date_published: &'a str,
    text: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimReview<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Named<'a>,
    claim_reviewed: &'a str,
    date_published: &'a str,
    item_reviewed: ItemReviewed<'a>,
    review_body: &'a str,
    review_rating: Rating<'a>,
    url: &'a str,
}

#[derive(Serialize)]
struct ItemReviewed<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    appearance: Appearance<'a>,
}

#[derive(Serialize)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    alternate_name: &'a str,
}

/// JSON that cannot close the `<script>` element it sits in: every `<` is escaped.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn json_ld_is_valid_and_cannot_escape_its_script() {
        let facts = ArticleFacts {
            url: "https://x.org/articles/a/",
            headline: "</script><script>alert(1)</script>",
            description: "d",
            published: "2025-02-27T00:00:00+00:00",
            modified: "2025-02-27T00:00:00+00:00",
            language: "en",
            source_url: Some("https://news.example/a"),
            source_publisher: Some("News"),
            source_author: None,
            mentions: vec![Thing {
                schema_type: "Person",
                name: "Keir Starmer",
                url: "https://x.org/actors/keir-starmer/",
                same_as: Some("https://www.wikidata.org/wiki/Q6383714".to_string()),
            }],
            about: vec![],
            claims: vec![ClaimFacts {
                url: "https://x.org/articles/a/#annotation-1".to_string(),
                claim: "c",
                verdict: "false",
                note: "n",
            }],
            corrections: vec![CorrectionFacts {
                url: "https://x.org/articles/a/#correction-1".to_string(),
                date: "2025-03-01T00:00:00+00:00".to_string(),
                text: "It was not signed.",
            }],
            site_name: "Briefing",
        };
        let text = article_json_ld(&facts);
        assert!(!text.contains("</script"));
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["@graph"][0]["@type"], "NewsArticle");
        assert_eq!(
            value["@graph"][0]["headline"],
            "</script><script>alert(1)</script>"
        );
        assert_eq!(value["@graph"][0]["isBasedOn"], "https://news.example/a");
        assert_eq!(
            value["@graph"][0]["mentions"][0]["sameAs"],
            "https://www.wikidata.org/wiki/Q6383714"
        );
        assert_eq!(value["@graph"][1]["reviewRating"]["alternateName"], "false");
        let correction = &value["@graph"][0]["correction"][0];
        assert_eq!(correction["@type"], "CorrectionComment");
        assert_eq!(correction["datePublished"], "2025-03-01T00:00:00+00:00");
    }
}
