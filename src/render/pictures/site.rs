//! The pictures' data taken from the resolved `Site`: weekly counts are worked out here,
//! at render time, from the articles' dates (resolve keeps no weeks); the networks use
//! resolve's `alongside` tallies and the articles' listed actors.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::resolve::{Site, paths};

use super::network::{self, Companion, Member, SITE_ACTORS};
use super::timeline::{self, Subject};
use crate::render::Renderer;

/// The Mondays of the site's first and last articles' weeks (by each article's own
/// date, in the offset it was written with); `None` without articles. Every timeline
/// spans this period, so when it changes every timeline does.
pub fn site_period(site: &Site) -> Option<(NaiveDate, NaiveDate)> {
    let dates = site.articles.iter().map(|n| n.article.date.date_naive());
    let first = dates.clone().min()?;
    let last = dates.max()?;
    Some((timeline::week_start(first), timeline::week_start(last)))
}

impl Renderer<'_> {
    /// The timeline of the articles (indexes) that list an actor or topic named `name`.
    pub(in crate::render) fn timeline_figure(
        &self,
        name: &str,
        kind: &str,
        articles: &[usize],
    ) -> Option<String> {
        let (first, last) = (*self.period.get_or_init(|| site_period(self.site)))?;
        let dates: Vec<NaiveDate> = articles
            .iter()
            .map(|&a| self.site.articles[a].article.date.date_naive())
            .collect();
        let counts = timeline::weekly_counts(first, last, &dates);
        Some(timeline::figure_html(
            &Subject { name, kind },
            first,
            &counts,
        ))
    }

    /// The network of the actor at `index` and the actors most often listed with it;
    /// `None` when no article lists it with another.
    pub(in crate::render) fn actor_network(&self, index: usize) -> Option<String> {
        let node = &self.site.actors[index];
        if node.alongside.is_empty() {
            return None;
        }
        let urls: Vec<String> = node
            .alongside
            .iter()
            .take(network::STAR_COMPANIONS)
            .map(|t| {
                let slug = &self.site.actors[t.index].actor.origin.slug;
                self.urls.page(&paths::actor_path(slug))
            })
            .collect();
        let companions: Vec<Companion> = node
            .alongside
            .iter()
            .zip(&urls)
            .map(|(t, url)| Companion {
                name: &self.site.actors[t.index].actor.front.name.value,
                url,
                count: t.count,
            })
            .collect();
        let centre = &node.actor.front.name.value;
        Some(network::star_figure(
            centre,
            &companions,
            node.alongside.len(),
        ))
    }

    /// The network of the actors listed by the most articles, with the articles each
    /// pair shares; `None` with fewer than two such actors.
    pub(in crate::render) fn site_network(&self) -> Option<String> {
        let actors = &self.site.actors;
        let mut ranked: Vec<usize> = (0..actors.len())
            .filter(|&a| !actors[a].articles.is_empty())
            .collect();
        ranked.sort_by(|&a, &b| {
            let count = |i: usize| actors[i].articles.len();
            count(b).cmp(&count(a)).then(a.cmp(&b))
        });
        ranked.truncate(SITE_ACTORS);
        if ranked.len() < 2 {
            return None;
        }
        let mut member_of: Vec<Option<usize>> = vec![None; actors.len()];
        for (member, &actor) in ranked.iter().enumerate() {
            member_of[actor] = Some(member);
        }
        let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for article in &self.site.articles {
            let mut present: Vec<usize> = article
                .actors
                .iter()
                .filter_map(|&a| member_of[a])
                .collect();
            present.sort_unstable();
            present.dedup();
            for (n, &a) in present.iter().enumerate() {
                for &b in &present[n + 1..] {
                    *shared.entry((a, b)).or_insert(0) += 1;
                }
            }
        }
        let urls: Vec<String> = ranked
            .iter()
            .map(|&a| {
                self.urls
                    .page(&paths::actor_path(&actors[a].actor.origin.slug))
            })
            .collect();
        let members: Vec<Member> = ranked
            .iter()
            .zip(&urls)
            .map(|(&a, url)| Member {
                name: &actors[a].actor.front.name.value,
                url,
                articles: actors[a].articles.len(),
            })
            .collect();
        let pairs: Vec<(usize, usize, usize)> =
            shared.into_iter().map(|((a, b), n)| (a, b, n)).collect();
        Some(network::site_figure(&members, &pairs))
    }
}
