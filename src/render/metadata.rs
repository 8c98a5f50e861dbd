//! Machine-readable descriptions of an article: schema.org JSON-LD and W3C Web Annotations.

use serde_json::{Value, json};

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
pub fn article_json_ld(facts: &ArticleFacts) -> String {
    let thing = |t: &Thing| {
        let mut value = json!({ "@type": t.schema_type, "name": t.name, "url": t.url });
        if let Some(same_as) = &t.same_as {
            value["sameAs"] = json!(same_as);
        }
        value
    };
    let mut article = json!({
        "@type": "NewsArticle",
        "@id": facts.url,
        "url": facts.url,
        "mainEntityOfPage": facts.url,
        "headline": facts.headline,
        "description": facts.description,
        "datePublished": facts.published,
        "dateModified": facts.modified,
        "inLanguage": facts.language,
        "mentions": facts.mentions.iter().map(thing).collect::<Vec<Value>>(),
        "about": facts.about.iter().map(thing).collect::<Vec<Value>>(),
    });
    if let Some(url) = facts.source_url {
        article["isBasedOn"] = json!(url);
    }
    if let Some(publisher) = facts.source_publisher {
        article["publisher"] = json!({ "@type": "Organization", "name": publisher });
    }
    if let Some(author) = facts.source_author {
        article["author"] = json!({ "@type": "Person", "name": author });
    }
    if !facts.corrections.is_empty() {
        let corrections: Vec<Value> = facts
            .corrections
            .iter()
            .map(|c| json!({ "@type": "CorrectionComment", "url": c.url, "datePublished": c.date, "text": c.text }))
            .collect();
        article["correction"] = json!(corrections);
    }
    let mut graph = vec![article];
    for claim in &facts.claims {
        graph.push(json!({
            "@type": "ClaimReview",
            "url": claim.url,
            "claimReviewed": claim.claim,
            "datePublished": facts.modified,
            "author": { "@type": "Organization", "name": facts.site_name },
            "reviewRating": { "@type": "Rating", "alternateName": claim.verdict },
            "reviewBody": claim.note,
            "itemReviewed": {
                "@type": "Claim",
                "appearance": { "@type": "CreativeWork", "url": facts.source_url.unwrap_or(facts.url) },
            },
        }));
    }
    script_safe(&json!({ "@context": "https://schema.org", "@graph": graph }).to_string())
}

/// JSON that cannot close the `<script>` element it sits in: every `<` is escaped.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

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
