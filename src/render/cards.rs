//! Each article's card, the entry every list shows for it, rendered once from the theme's
//! `partials/article_card.html` and `partials/article_chips.html`; lists paste the HTML
//! (`item.card`, `item.chips`) instead of running the same template for each page.

use tera::Context;

use super::Renderer;

/// The card's heading, date line and summary.
pub(super) const CARD_TEMPLATE: &str = "partials/article_card.html";
/// The card's actor and topic chips.
pub(super) const CHIPS_TEMPLATE: &str = "partials/article_chips.html";

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
        let Some(mut fields) = summary.clone().into_map() else {
            return summary;
        };
        fields.insert("card".into(), tera::Value::safe_string(&card));
        fields.insert("chips".into(), tera::Value::safe_string(&chips));
        tera::Value::from(fields)
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
