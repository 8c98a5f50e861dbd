//! The lists: the home page, the actors and topics indexes, the archive and its months.

use chrono::Datelike;

use crate::load::ActorKind;
use crate::resolve;
use crate::resolve::paths;

use super::context::{ActorGroup, ArchiveMonth, ArchiveYear, Day, EntityLink, TopicTree};
use super::{Diagnostic, HOME_ARTICLES, Page, Renderer, kind_name, timestamp};

/// How many actors and topics the home page ranks.
const HOME_TOP: usize = 10;

/// A month of the archive and its articles (by index, newest first).
pub(super) struct MonthArticles {
    pub(super) month: ArchiveMonth,
    /// The page's folder, `archive/YYYY/MM/`.
    pub(super) path: String,
    pub(super) year: i32,
    pub(super) articles: Vec<usize>,
}

impl Renderer<'_> {
    pub(super) fn home(&self) -> Result<Page, Diagnostic> {
        let latest: Vec<usize> = (0..self.site.articles.len().min(HOME_ARTICLES)).collect();
        let mut days: Vec<Day> = Vec::new();
        for &index in &latest {
            let date = timestamp(&self.site.articles[index].article.date);
            let summary = self.summary_value(index);
            match days.last_mut() {
                Some(day) if day.date[..10] == date[..10] => day.articles.push(summary),
                _ => days.push(Day {
                    date,
                    articles: vec![summary],
                }),
            }
        }
        let site = self.site;
        let mut actors = resolve::tally(&latest, |i| &site.articles[i].actors, None);
        let mut topics = resolve::tally(&latest, |i| &site.articles[i].topics, None);
        let actor_names = site
            .actors
            .iter()
            .map(|n| n.actor.front.name.value.as_str());
        let topic_names = site
            .topics
            .iter()
            .map(|n| n.topic.front.name.value.as_str());
        resolve::rank_by_name(&mut actors, &resolve::name_ranks(actor_names));
        resolve::rank_by_name(&mut topics, &resolve::name_ranks(topic_names));
        let top_actors = self.tallies(&actors[..actors.len().min(HOME_TOP)], Self::actor_link);
        let top_topics = self.tallies(&topics[..topics.len().min(HOME_TOP)], Self::topic_link);
        let config = &self.site.config;
        let page = self.page_context("home", &config.title, &config.description, "");
        // The latest digest leads the page; a site without digests has none.
        let briefing = (!self.site.briefings.is_empty()).then(|| self.briefing_view(0));
        let network = self.site_network();
        self.page("index.html", "", page, |c| {
            c.insert("briefing", &briefing);
            c.insert("days", &days);
            c.insert("network", &network);
            c.insert("top_actors", &top_actors);
            c.insert("top_topics", &top_topics);
        })
    }

    pub(super) fn actors_index(&self) -> Result<Page, Diagnostic> {
        let mut groups: Vec<ActorGroup> = Vec::new();
        for kind in ActorKind::ALL.iter().copied().map(Some).chain([None]) {
            let mut actors: Vec<EntityLink> = self
                .site
                .actors
                .iter()
                .enumerate()
                .filter(|(_, node)| node.actor.front.kind == kind)
                .map(|(i, node)| self.actor_link(i, node.articles.len()))
                .collect();
            if actors.is_empty() {
                continue;
            }
            actors.sort_by_key(|a| a.name.to_lowercase());
            groups.push(ActorGroup {
                kind: kind_name(kind),
                label: kind_label(kind),
                actors,
            });
        }
        let page = self.page_context(
            "actors",
            "Actors",
            "Every actor in this briefing.",
            "actors/",
        );
        self.page("actors.html", "actors/", page, |c| {
            c.insert("groups", &groups)
        })
    }

    pub(super) fn topics_index(&self) -> Result<Page, Diagnostic> {
        let topics = self.topic_trees();
        let page = self.page_context(
            "topics",
            "Topics",
            "Every topic in this briefing.",
            "topics/",
        );
        self.page("topics.html", "topics/", page, |c| {
            c.insert("topics", &topics)
        })
    }

    /// Every topic under its parent, each level by name; a topic whose parents loop (an
    /// error `check` reports) stands at the top, so none is left out.
    fn topic_trees(&self) -> Vec<TopicTree> {
        let topics = &self.site.topics;
        let mut placed = vec![false; topics.len()];
        let roots: Vec<usize> = (0..topics.len())
            .filter(|&i| topics[i].parent.is_none())
            .collect();
        let mut trees = self.topic_branches(&roots, &mut placed);
        let unplaced: Vec<usize> = (0..topics.len()).filter(|&i| !placed[i]).collect();
        trees.extend(self.topic_branches(&unplaced, &mut placed));
        trees.sort_by_key(|t| t.topic.name.to_lowercase());
        trees
    }

    /// The topics at `indexes` not yet `placed`, each with its children beneath, by name.
    fn topic_branches(&self, indexes: &[usize], placed: &mut [bool]) -> Vec<TopicTree> {
        let mut trees = Vec::new();
        for &index in indexes {
            if std::mem::replace(&mut placed[index], true) {
                continue;
            }
            let node = &self.site.topics[index];
            trees.push(TopicTree {
                topic: self.topic_link(index, node.articles.len()),
                children: self.topic_branches(&node.children, placed),
            });
        }
        trees.sort_by_key(|t| t.topic.name.to_lowercase());
        trees
    }

    pub(super) fn archive(&self) -> Result<Page, Diagnostic> {
        let mut years: Vec<ArchiveYear> = Vec::new();
        for month in self.archive_months() {
            if years.last().is_none_or(|y| y.year != month.year) {
                years.push(ArchiveYear {
                    year: month.year,
                    count: 0,
                    months: Vec::new(),
                });
            }
            if let Some(year) = years.last_mut() {
                year.count += month.month.count;
                year.months.push(month.month.clone());
            }
        }
        let page = self.page_context(
            "archive",
            "Archive",
            "Every article by year and month.",
            "archive/",
        );
        self.page("archive.html", "archive/", page, |c| {
            c.insert("years", &years)
        })
    }

    /// The articles by month, newest first.
    pub(super) fn archive_months(&self) -> &[MonthArticles] {
        self.months.get_or_init(|| self.group_by_month())
    }

    fn group_by_month(&self) -> Vec<MonthArticles> {
        let mut months: Vec<MonthArticles> = Vec::new();
        let mut current = None;
        for (index, node) in self.site.articles.iter().enumerate() {
            let date = node.article.date;
            let month_of = Some(paths::archive_month(&date));
            match months.last_mut() {
                Some(month) if current == month_of => {
                    month.month.count += 1;
                    month.articles.push(index);
                }
                _ => {
                    current = month_of;
                    let path = paths::archive_month_path(&date);
                    let id = format!("{:04}-{:02}", date.year(), date.month());
                    months.push(MonthArticles {
                        month: ArchiveMonth {
                            date: format!("{id}-01T00:00:00+00:00"),
                            id,
                            count: 1,
                            url: self.urls.page(&path),
                        },
                        path,
                        year: date.year(),
                        articles: vec![index],
                    });
                }
            }
        }
        months
    }

    /// The page of the month at `at` in `months`, linking to the months either side.
    pub(super) fn archive_month(
        &self,
        months: &[MonthArticles],
        at: usize,
    ) -> Result<Page, Diagnostic> {
        let month = &months[at];
        let name = month
            .articles
            .first()
            .map(|&i| {
                self.site.articles[i]
                    .article
                    .date
                    .format("%B %Y")
                    .to_string()
            })
            .unwrap_or_default();
        let articles = self.summaries_of(&month.articles);
        let page = self.page_context(
            "archive",
            &format!("Archive: {name}"),
            &format!("Every article of {name}."),
            &month.path,
        );
        let newer = at.checked_sub(1).map(|i| &months[i].month);
        let older = months.get(at + 1).map(|m| &m.month);
        self.page("archive_month.html", &month.path, page, |c| {
            c.insert("month", &month.month);
            c.insert("articles", &articles);
            c.insert("newer", &newer);
            c.insert("older", &older);
        })
    }
}

fn kind_label(kind: Option<ActorKind>) -> &'static str {
    match kind {
        Some(ActorKind::Person) => "People",
        Some(ActorKind::Office) => "Offices",
        Some(ActorKind::Government) => "Governments",
        Some(ActorKind::Organisation) => "Organisations",
        Some(ActorKind::Country) => "Countries",
        Some(ActorKind::Group) => "Groups",
        None => "Other actors",
    }
}
