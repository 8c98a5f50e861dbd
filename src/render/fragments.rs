//! Parts of pages rendered once and pasted wherever they appear, instead of running the
//! same template for each page: each article's card, the entry every list shows for it
//! (`partials/article_card.html` and `partials/article_chips.html`, as `item.card` and
//! `item.chips`), and each actor's and topic's tallies, the same on all its pages
//! (`partials/tallies.html`, as `tallies_html`).

use tera::Context;

use super::Renderer;
use super::context::{EntityLink, PairTally, with_fields};

/// The card's heading, date line and summary.
pub(super) const CARD_TEMPLATE: &str = "partials/article_card.html";
/// The card's actor and topic chips.
pub(super) const CHIPS_TEMPLATE: &str = "partials/article_chips.html";
/// A ranked list of actors or topics.
const TALLIES_TEMPLATE: &str = "partials/tallies.html";

/// An actor's or topic's two tallies, the same on each of its pages.
pub(super) struct EntityTallies {
    /// `topics` (for an actor) or `actors` (for a topic).
    pub(super) name: &'static str,
    /// That list: [PairTally].
    pub(super) own: tera::Value,
    /// [EntityLink].
    pub(super) alongside: tera::Value,
    /// `{name: HTML, alongside: HTML}`, each list through `partials/tallies.html`.
    pub(super) html: tera::Value,
}

impl Renderer<'_> {
    /// `summary` (an ArticleSummary as a template value) with its rendered `card` and
    /// `chips` added as safe strings. A template problem is kept for the build's report,
    /// and the part is left empty: the build fails, so the page is never written.
    pub(super) fn with_card(&self, summary: tera::Value) -> tera::Value {
        let mut context = Context::new();
        context.insert("site", self.site_value());
        context.insert("item", &summary);
        let card = self.render_part(CARD_TEMPLATE, &context);
        let chips = self.render_part(CHIPS_TEMPLATE, &context);
        let card = tera::Value::safe_string(&card);
        let chips = tera::Value::safe_string(&chips);
        with_fields(summary, &[("card", card), ("chips", chips)])
    }

    /// The actor at `index`'s tallies, for all its pages: its `topics` (with their pair
    /// pages) and the actors `alongside` it, as template values and as HTML.
    pub(super) fn actor_tallies(&self, index: usize) -> EntityTallies {
        let node = &self.site.actors[index];
        let topics = self.actor_topics(index, &node.topics);
        let alongside = self.tallies(&node.alongside, Self::actor_link);
        self.entity_tallies(("topics", &topics), &alongside)
    }

    /// The topic at `index`'s tallies, for all its pages: its `actors` (with their pair
    /// pages) and the topics `alongside` it, as template values and as HTML.
    pub(super) fn topic_tallies(&self, index: usize) -> EntityTallies {
        let node = &self.site.topics[index];
        let actors = self.topic_actors(index, &node.actors);
        let alongside = self.tallies(&node.alongside, Self::topic_link);
        self.entity_tallies(("actors", &actors), &alongside)
    }

    /// Both lists as values, each rendered through `partials/tallies.html` once.
    fn entity_tallies(
        &self,
        (name, own): (&'static str, &[PairTally]),
        alongside: &[EntityLink],
    ) -> EntityTallies {
        let own = tera::Value::from_serializable(own);
        let alongside = tera::Value::from_serializable(alongside);
        let html = |tallies: &tera::Value| {
            let mut context = Context::new();
            context.insert("site", self.site_value());
            context.insert("tallies", tallies);
            tera::Value::safe_string(&self.render_part(TALLIES_TEMPLATE, &context))
        };
        let mut map = tera::Map::default();
        map.insert(name.into(), html(&own));
        map.insert("alongside".into(), html(&alongside));
        EntityTallies {
            name,
            own,
            alongside,
            html: tera::Value::from(map),
        }
    }

    /// `template` rendered with `context` (the page it lands in is cleaned and made
    /// relative as a whole); empty after a problem, which is kept.
    fn render_part(&self, template: &str, context: &Context) -> String {
        match self.theme.tera.render(template, context) {
            Ok(text) => text,
            Err(error) => {
                let problem = self.theme.render_problem(&error, template);
                if let Ok(mut problems) = self.problems.lock() {
                    problems.push(problem);
                }
                String::new()
            }
        }
    }
}
