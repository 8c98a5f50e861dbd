//! Networks of actors: one actor at the centre with the actors most often listed with it
//! around it (a star), and the site's most-covered actors with the articles they share.
//!
//! Layout: the nodes sit on an ellipse, alternately on its right and left half, spaced
//! evenly in height rather than in angle, each slot as tall as the tallest label (two
//! lines at most) so labels on one side never touch; labels sit outside the ellipse,
//! left-aligned on the right half and right-aligned on the left, so the two sides never
//! meet. The ellipse grows taller with more nodes (any number fits), never wider; long
//! names are wrapped and cut, with the full name in the node's `<title>`. The graph
//! itself is a `petgraph` undirected graph, its edges weighted by shared articles.

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use super::svg::{self, Writer};
use super::{
    ASCENT_EM, Anchor, DESCENT_EM, FONT_SIZE, LABEL_LINE_CHARS, LINE_HEIGHT, Label, Rect, Role,
    figure, open_svg, table, wrap_name,
};

/// How many companions an actor's network shows (the most frequent).
pub const STAR_COMPANIONS: usize = 12;
/// How many actors the home page's network shows (those listed by most articles).
pub const SITE_ACTORS: usize = 12;
/// The ellipse's half-width for a star, wider for the site's network (its chords need
/// room), and its least half-height, in viewBox units.
const STAR_RX: f64 = 50.0;
const SITE_RX: f64 = 85.0;
const MIN_RY: f64 = 60.0;
/// The largest node radius, the gap from a node to its label, and the picture's margin.
const MAX_RADIUS: f64 = 9.0;
const LABEL_OFFSET: f64 = 4.0;
const MARGIN: f64 = 4.0;
/// The least space between two slots' labels.
const SLOT_GAP: f64 = 6.0;
/// The centre node's radius, and the companions'.
const CENTRE_RADIUS: f64 = 8.0;
const COMPANION_RADIUS: f64 = 5.0;

/// The picture's width for an ellipse `rx` wide, the same for every network of a kind:
/// room for the ellipse, the widest node and the longest label line on both sides.
pub fn width(rx: f64) -> f64 {
    let line = LABEL_LINE_CHARS as f64 * super::CHAR_WIDTH_EM * FONT_SIZE;
    2.0 * (rx + MAX_RADIUS + LABEL_OFFSET + line + MARGIN)
}

/// One node as placed, in coordinates centred on the ellipse's centre.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub x: f64,
    pub y: f64,
    pub radius: f64,
    pub labels: Vec<Label>,
}

/// A network laid out: its nodes (for a star, the centre first), and the shift from
/// centred coordinates into the viewBox `0 0 width height`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub nodes: Vec<Placed>,
    pub shift: (f64, f64),
    pub width: f64,
    pub height: f64,
}

impl Layout {
    /// The viewBox, in the centred coordinates of the nodes.
    pub fn view_box(&self) -> Rect {
        Rect {
            left: -self.shift.0,
            top: -self.shift.1,
            right: self.width - self.shift.0,
            bottom: self.height - self.shift.1,
        }
    }

    /// Every label of every node.
    pub fn labels(&self) -> impl Iterator<Item = &Label> {
        self.nodes.iter().flat_map(|n| n.labels.iter())
    }
}

/// How far a label of `lines` lines reaches above and below its node's centre.
fn half_height(lines: usize) -> f64 {
    (lines.saturating_sub(1) as f64 * LINE_HEIGHT + (ASCENT_EM + DESCENT_EM) * FONT_SIZE) / 2.0
}

/// Label lines centred on `y`, starting at `x` with `anchor`.
fn label_lines(lines: &[String], x: f64, y: f64, anchor: Anchor) -> Vec<Label> {
    // The baseline that centres a line's box on `y`.
    let centring = (ASCENT_EM - DESCENT_EM) / 2.0 * FONT_SIZE;
    let middle = (lines.len().saturating_sub(1)) as f64 / 2.0;
    lines
        .iter()
        .enumerate()
        .map(|(n, text)| Label {
            text: text.clone(),
            x,
            y: y + (n as f64 - middle) * LINE_HEIGHT + centring,
            anchor,
        })
        .collect()
}

/// Nodes (label lines, radius) on the ellipse: alternately right and left, top to bottom.
pub fn ring(nodes: &[(Vec<String>, f64)], rx: f64) -> Vec<Placed> {
    let tallest = nodes
        .iter()
        .map(|(lines, radius)| (2.0 * half_height(lines.len())).max(2.0 * radius))
        .fold(0.0, f64::max);
    let slot = tallest + SLOT_GAP;
    let per_side = [nodes.len().div_ceil(2), nodes.len() / 2];
    let ry = (per_side[0] as f64 * slot / 2.0).max(MIN_RY);
    nodes
        .iter()
        .enumerate()
        .map(|(n, (lines, radius))| {
            let (side, place) = (n % 2, n / 2);
            let spacing = 2.0 * ry / per_side[side] as f64;
            let y = -ry + (place as f64 + 0.5) * spacing;
            let reach = rx * (1.0 - (y / ry).powi(2)).max(0.0).sqrt();
            let (x, label_x, anchor) = if side == 0 {
                (reach, reach + radius + LABEL_OFFSET, Anchor::Start)
            } else {
                (-reach, -reach - radius - LABEL_OFFSET, Anchor::End)
            };
            Placed {
                x,
                y,
                radius: *radius,
                labels: label_lines(lines, label_x, y, anchor),
            }
        })
        .collect()
}

/// Fits the viewBox around `nodes` on an ellipse `rx` wide: the width for `rx`, and
/// the height they need.
fn framed(nodes: Vec<Placed>, rx: f64) -> Layout {
    let width = width(rx);
    let mut top = 0.0_f64;
    let mut bottom = 0.0_f64;
    for node in &nodes {
        top = top.min(node.y - node.radius);
        bottom = bottom.max(node.y + node.radius);
        for label in &node.labels {
            let bounds = label.bounds();
            top = top.min(bounds.top);
            bottom = bottom.max(bounds.bottom);
        }
    }
    Layout {
        shift: (width / 2.0, MARGIN - top),
        width,
        height: bottom - top + 2.0 * MARGIN,
        nodes,
    }
}

/// An actor's network: `centre` with `companions` (names, most frequent first) around it.
pub fn star_layout(centre: &str, companions: &[&str]) -> Layout {
    let around: Vec<(Vec<String>, f64)> = companions
        .iter()
        .map(|name| (wrap_name(name, LABEL_LINE_CHARS), COMPANION_RADIUS))
        .collect();
    let ring = ring(&around, STAR_RX);
    let centre_lines = centre_label(centre, &ring);
    let mut nodes = vec![Placed {
        x: 0.0,
        y: 0.0,
        radius: CENTRE_RADIUS,
        labels: centre_lines,
    }];
    nodes.extend(ring);
    framed(nodes, STAR_RX)
}

/// The centre's label, under its node, cut to the room the ring's labels leave it.
fn centre_label(name: &str, ring: &[Placed]) -> Vec<Label> {
    let top = CENTRE_RADIUS + LABEL_OFFSET;
    let place = |lines: &[String]| {
        let middle = top + half_height(lines.len());
        label_lines(lines, 0.0, middle, Anchor::Middle)
    };
    let mut width = LABEL_LINE_CHARS;
    while width >= 4 {
        let labels = place(&wrap_name(name, width));
        let clear = labels.iter().all(|label| {
            let bounds = label.bounds();
            let padded = Rect {
                left: bounds.left - SLOT_GAP,
                right: bounds.right + SLOT_GAP,
                ..bounds
            };
            let clear_of_labels = ring
                .iter()
                .flat_map(|node| node.labels.iter())
                .all(|other| !padded.overlaps(&other.bounds()));
            clear_of_labels && ring.iter().all(|node| !padded.overlaps(&disc(node)))
        });
        if clear {
            return labels;
        }
        width -= 1;
    }
    Vec::new()
}

/// The square around a node's circle.
fn disc(node: &Placed) -> Rect {
    Rect {
        left: node.x - node.radius,
        top: node.y - node.radius,
        right: node.x + node.radius,
        bottom: node.y + node.radius,
    }
}

/// An actor seen alongside another: its name, its page, and the articles listing both.
pub struct Companion<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub count: usize,
}

/// The `<figure>` of an actor's network: `centre` and the first [`STAR_COMPANIONS`] of
/// `companions` (most frequent first), of `all` companions it has.
pub fn star_figure(centre: &str, companions: &[Companion], all: usize) -> String {
    let shown = &companions[..companions.len().min(STAR_COMPANIONS)];
    let mut graph: UnGraph<usize, usize> = UnGraph::new_undirected();
    let hub = graph.add_node(0);
    for (n, companion) in shown.iter().enumerate() {
        let node = graph.add_node(n + 1);
        graph.add_edge(hub, node, companion.count);
    }
    let names: Vec<&str> = shown.iter().map(|c| c.name).collect();
    let layout = star_layout(centre, &names);
    let title = format!("{centre} and the actors most often listed with them");
    let desc = format!(
        "A network with {centre} at the centre and {} around: {}.",
        plural(
            shown.len(),
            "one other actor",
            &format!("{} other actors", shown.len())
        ),
        shown
            .iter()
            .map(|c| format!("{} ({})", c.name, c.count))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut out = Writer::new();
    open_svg(
        &mut out,
        "network",
        Role::Group,
        (layout.width, layout.height),
        (&title, &desc),
    );
    let link = |n: usize| {
        let companion = &shown[n - 1];
        let articles = plural(companion.count, "article", "articles");
        let tip = format!("{}: {} shared {articles}", companion.name, companion.count);
        (companion.url.to_string(), tip)
    };
    draw(&mut out, &graph, &layout, &|n| (n > 0).then(|| link(n)));
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|c| vec![link_cell(c.name, c.url), c.count.to_string()])
        .collect();
    let mut caption = format!(
        "Actors listed in the same articles as {centre}; the thicker the line, the more articles they share."
    );
    if all > shown.len() {
        caption.push_str(&format!(
            " The {} most frequent of {all} are shown; all are listed below.",
            shown.len()
        ));
    }
    let table = table(
        &format!("Actors listed with {centre}"),
        &["Actor", "Shared articles"],
        &rows,
    );
    figure("picture-network", out.finish(), &caption, table)
}

/// An actor of the site's network: its name, its page, and how many articles list it.
pub struct Member<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub articles: usize,
}

/// The radius of a node listed by `articles` of the most-listed node's `most`: its area
/// grows with the count.
fn member_radius(articles: usize, most: usize) -> f64 {
    3.0 + (MAX_RADIUS - 3.0) * (articles as f64 / most.max(1) as f64).sqrt()
}

/// The site's network laid out: the `members` (with their article counts) on the ring.
pub fn site_layout(members: &[(&str, usize)]) -> Layout {
    let most = members.iter().map(|m| m.1).max().unwrap_or(1);
    let nodes: Vec<(Vec<String>, f64)> = members
        .iter()
        .map(|(name, articles)| {
            let radius = member_radius(*articles, most);
            (wrap_name(name, LABEL_LINE_CHARS), radius)
        })
        .collect();
    framed(ring(&nodes, SITE_RX), SITE_RX)
}

/// The `<figure>` of the site's network: `members` (most articles first) and `shared`,
/// (member, member, articles listing both) for each pair that shares any.
pub fn site_figure(members: &[Member], shared: &[(usize, usize, usize)]) -> String {
    let mut graph: UnGraph<usize, usize> = UnGraph::new_undirected();
    let nodes: Vec<NodeIndex> = (0..members.len()).map(|n| graph.add_node(n)).collect();
    for &(a, b, count) in shared {
        graph.add_edge(nodes[a], nodes[b], count);
    }
    let sizes: Vec<(&str, usize)> = members.iter().map(|m| (m.name, m.articles)).collect();
    let layout = site_layout(&sizes);
    let title = "The most-covered actors and the articles they share";
    let desc = format!(
        "A network of the {} actors listed by the most articles: {}. {} pairs of them share articles.",
        members.len(),
        members
            .iter()
            .map(|m| format!("{} ({})", m.name, m.articles))
            .collect::<Vec<_>>()
            .join(", "),
        shared.len()
    );
    let mut out = Writer::new();
    open_svg(
        &mut out,
        "network",
        Role::Group,
        (layout.width, layout.height),
        (title, &desc),
    );
    let link = |n: usize| {
        let member = &members[n];
        let articles = plural(member.articles, "article", "articles");
        let tip = format!("{}: {} {articles}", member.name, member.articles);
        (member.url.to_string(), tip)
    };
    draw(&mut out, &graph, &layout, &|n| Some(link(n)));
    let member_rows: Vec<Vec<String>> = members
        .iter()
        .map(|m| vec![link_cell(m.name, m.url), m.articles.to_string()])
        .collect();
    let pair_rows: Vec<Vec<String>> = shared
        .iter()
        .map(|&(a, b, count)| {
            let pair = format!(
                "{} and {}",
                link_cell(members[a].name, members[a].url),
                link_cell(members[b].name, members[b].url)
            );
            vec![pair, count.to_string()]
        })
        .collect();
    let caption = format!(
        "The {} actors listed by the most articles; a node's size is its articles, a line's thickness the articles listing both.",
        members.len()
    );
    let mut tables = table("The actors", &["Actor", "Articles"], &member_rows);
    tables.push_str(&table(
        "Articles listing both",
        &["Actors", "Shared articles"],
        &pair_rows,
    ));
    figure("picture-network", out.finish(), &caption, tables)
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// A link in a table cell, escaped.
fn link_cell(name: &str, url: &str) -> String {
    let mut out = Writer::new();
    out.text("a", &[("href", url)], name);
    out.finish()
}

/// Draws the edges (thinnest first, so strong ties lie on top) and the nodes; `link`
/// gives a node's page and tooltip, or `None` for the centre, which is this page.
fn draw(
    out: &mut Writer,
    graph: &UnGraph<usize, usize>,
    layout: &Layout,
    link: &dyn Fn(usize) -> Option<(String, String)>,
) {
    let (dx, dy) = layout.shift;
    let heaviest = graph.edge_weights().copied().max().unwrap_or(1).max(1);
    let mut edges: Vec<_> = graph.edge_references().collect();
    edges.sort_by_key(|edge| *edge.weight());
    out.open("g", &[("class", "edges")]);
    for edge in edges {
        let (a, b) = (
            &layout.nodes[graph[edge.source()]],
            &layout.nodes[graph[edge.target()]],
        );
        let share = *edge.weight() as f64 / heaviest as f64;
        // Weak ties thin and faint, so a dense network still shows its strong ones.
        let (width, opacity) = (0.75 + 4.25 * share, 0.2 + 0.7 * share);
        out.empty(
            "line",
            &[
                ("x1", &svg::num(a.x + dx)),
                ("y1", &svg::num(a.y + dy)),
                ("x2", &svg::num(b.x + dx)),
                ("y2", &svg::num(b.y + dy)),
                ("stroke-width", &svg::num(width)),
                ("stroke-opacity", &svg::num(opacity)),
            ],
        );
    }
    out.close();
    out.open("g", &[("class", "nodes")]);
    for index in graph.node_indices() {
        let n = graph[index];
        let node = &layout.nodes[n];
        match link(n) {
            Some((url, tip)) => {
                out.open("a", &[("href", &url)]);
                out.text("title", &[], &tip);
            }
            None => {
                out.open("g", &[("class", "centre")]);
            }
        }
        out.empty(
            "circle",
            &[
                ("cx", &svg::num(node.x + dx)),
                ("cy", &svg::num(node.y + dy)),
                ("r", &svg::num(node.radius)),
            ],
        );
        for label in &node.labels {
            label.write(out, dx, dy);
        }
        out.close();
    }
    out.close();
}
