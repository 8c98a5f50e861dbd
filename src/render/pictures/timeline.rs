//! Articles per ISO week (weeks from Monday) over the whole period of the site, as bars,
//! with the months marked below at an interval their labels fit.

use chrono::{Datelike, Duration, NaiveDate};

use super::svg::{self, Writer};
use super::{Anchor, FONT_SIZE, Label, Rect, Role, figure, open_svg, table, text_width};

/// The picture's width and height, in viewBox units.
pub const WIDTH: f64 = 320.0;
pub const HEIGHT: f64 = 88.0;
const PLOT_TOP: f64 = 10.0;
const PLOT_BOTTOM: f64 = 66.0;
const TICK: f64 = 4.0;
/// The least space between two month labels.
const LABEL_GAP: f64 = 6.0;
/// The widest a bar is drawn, however few the weeks.
const MAX_BAR: f64 = 24.0;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Month intervals tried for the axis labels, smallest first.
const STEPS: [u32; 9] = [1, 2, 3, 6, 12, 24, 60, 120, 240];

/// The Monday of the ISO week `date` is in.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// How many of `dates` fall in each week from the Monday `first` to the Monday `last`
/// (both included); dates outside are not counted.
pub fn weekly_counts(first: NaiveDate, last: NaiveDate, dates: &[NaiveDate]) -> Vec<usize> {
    let weeks = ((last - first).num_days() / 7 + 1).max(1) as usize;
    let mut counts = vec![0; weeks];
    for date in dates {
        let week = (week_start(*date) - first).num_days() / 7;
        if let Some(count) = usize::try_from(week).ok().and_then(|w| counts.get_mut(w)) {
            *count += 1;
        }
    }
    counts
}

/// One week's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Where everything of a timeline goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub bars: Vec<Bar>,
    /// The x of each month tick that has a label.
    pub ticks: Vec<f64>,
    /// The month labels, then the label of the highest count.
    pub labels: Vec<Label>,
    pub plot_left: f64,
}

/// Lays out `counts` (one per week from the Monday `first`).
pub fn layout(first: NaiveDate, counts: &[usize]) -> Layout {
    let highest = counts.iter().copied().max().unwrap_or(0);
    let top_label = highest.to_string();
    let plot_left = text_width(&top_label, FONT_SIZE) + 8.0;
    let plot_width = WIDTH - plot_left - 2.0;
    let weeks = counts.len().max(1);
    let slot = plot_width / weeks as f64;
    let bar_width = (slot * 0.8).min(MAX_BAR).max(slot.min(1.0));
    let bars = counts
        .iter()
        .enumerate()
        .filter(|&(_, &count)| count > 0)
        .map(|(week, &count)| {
            let height = count as f64 / highest.max(1) as f64 * (PLOT_BOTTOM - PLOT_TOP);
            Bar {
                x: plot_left + week as f64 * slot + (slot - bar_width) / 2.0,
                y: PLOT_BOTTOM - height,
                width: bar_width,
                height,
            }
        })
        .collect();
    let days = weeks as f64 * 7.0;
    let x_of = |date: NaiveDate| plot_left + (date - first).num_days() as f64 / days * plot_width;
    let end = first + Duration::days(weeks as i64 * 7);
    let (ticks, mut labels) = month_labels(first, end, &x_of);
    labels.push(Label {
        text: top_label,
        x: plot_left - 4.0,
        y: PLOT_TOP + 4.0,
        anchor: Anchor::End,
    });
    Layout {
        bars,
        ticks,
        labels,
        plot_left,
    }
}

/// The month starts in [`first`, `end`) at the smallest interval whose labels fit side
/// by side; the first week's date when no month starts in the period.
fn month_labels(
    first: NaiveDate,
    end: NaiveDate,
    x_of: &dyn Fn(NaiveDate) -> f64,
) -> (Vec<f64>, Vec<Label>) {
    let starts = month_starts(first, end);
    for step in STEPS {
        let chosen: Vec<NaiveDate> = starts
            .iter()
            .copied()
            .filter(|d| (d.year() * 12 + d.month0() as i32) % step as i32 == 0)
            .collect();
        if chosen.is_empty() {
            continue;
        }
        let labels: Vec<Label> = chosen
            .iter()
            .enumerate()
            .map(|(n, &date)| axis_label(month_text(date, n == 0, step), x_of(date)))
            .collect();
        let fits = labels.windows(2).all(|pair| {
            let (a, b) = (pair[0].bounds(), pair[1].bounds());
            a.right + LABEL_GAP <= b.left
        });
        if fits {
            return (labels.iter().map(|l| l.x).collect(), labels);
        }
    }
    let text = format!(
        "week of {} {}",
        first.day(),
        MONTHS[first.month0() as usize]
    );
    let label = axis_label(format!("{text} {}", first.year()), x_of(first));
    (vec![label.x], vec![label])
}

/// The first day of each month in [`first`, `end`).
fn month_starts(first: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let mut starts = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1);
    while let Some(date) = month.filter(|d| *d < end) {
        if date >= first {
            starts.push(date);
        }
        month = date.checked_add_months(chrono::Months::new(1));
    }
    starts
}

/// A month's label: its year alone at yearly intervals; else its name, with the year
/// on the first label and on January.
fn month_text(date: NaiveDate, first: bool, step: u32) -> String {
    let name = MONTHS[date.month0() as usize];
    if step >= 12 {
        date.year().to_string()
    } else if first || date.month() == 1 {
        format!("{name} {}", date.year())
    } else {
        name.to_string()
    }
}

/// A label under the axis at `x`, centred, or kept inside the picture at its edges.
fn axis_label(text: String, x: f64) -> Label {
    let width = text_width(&text, FONT_SIZE);
    let anchor = if x - width / 2.0 < 0.0 {
        Anchor::Start
    } else if x + width / 2.0 > WIDTH {
        Anchor::End
    } else {
        Anchor::Middle
    };
    Label {
        text,
        x,
        y: PLOT_BOTTOM + TICK + FONT_SIZE,
        anchor,
    }
}

/// The whole picture's box.
pub fn view_box() -> Rect {
    Rect {
        left: 0.0,
        top: 0.0,
        right: WIDTH,
        bottom: HEIGHT,
    }
}

/// What the timeline shows: whose articles, and how they were chosen.
pub struct Subject<'a> {
    /// The actor's or topic's name.
    pub name: &'a str,
    /// "actor" or "topic", for the texts.
    pub kind: &'a str,
}

/// The timeline's `<figure>`: articles listing `subject` per week from the Monday `first`.
pub fn figure_html(subject: &Subject, first: NaiveDate, counts: &[usize]) -> String {
    let total: usize = counts.iter().sum();
    let last = first + Duration::days(7 * (counts.len().max(1) as i64 - 1));
    let busiest = counts
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
        .filter(|(_, count)| **count > 0);
    let title = format!("Articles listing {} per week", subject.name);
    let mut desc = format!(
        "{total} {} from the week of {first} to the week of {last}",
        plural(total, "article", "articles")
    );
    if let Some((week, count)) = busiest {
        let monday = first + Duration::days(7 * week as i64);
        desc.push_str(&format!("; the most, {count}, in the week of {monday}"));
    }
    desc.push('.');
    let mut out = Writer::new();
    let text = (title.as_str(), desc.as_str());
    open_svg(&mut out, "timeline", Role::Image, (WIDTH, HEIGHT), text);
    draw(&mut out, &layout(first, counts));
    let svg = out.finish();
    let rows: Vec<Vec<String>> = counts
        .iter()
        .enumerate()
        .filter(|&(_, &count)| count > 0)
        .map(|(week, count)| {
            let monday = first + Duration::days(7 * week as i64);
            vec![monday.to_string(), count.to_string()]
        })
        .collect();
    let caption = format!(
        "Articles listing this {} per week (weeks from Monday), over the whole briefing: {desc}",
        subject.kind
    );
    let table = table(
        "Weeks with articles listing it",
        &["Week of", "Articles"],
        &rows,
    );
    figure("picture-timeline", svg, &caption, table)
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

fn draw(out: &mut Writer, layout: &Layout) {
    let (left, right) = (svg::num(layout.plot_left), svg::num(WIDTH - 2.0));
    let (top, bottom) = (svg::num(PLOT_TOP), svg::num(PLOT_BOTTOM));
    out.empty(
        "line",
        &[
            ("class", "grid"),
            ("x1", &left),
            ("y1", &top),
            ("x2", &right),
            ("y2", &top),
        ],
    );
    out.open("g", &[("class", "bars")]);
    for bar in &layout.bars {
        out.empty(
            "rect",
            &[
                ("x", &svg::num(bar.x)),
                ("y", &svg::num(bar.y)),
                ("width", &svg::num(bar.width)),
                ("height", &svg::num(bar.height)),
            ],
        );
    }
    out.close();
    out.empty(
        "line",
        &[
            ("class", "axis"),
            ("x1", &left),
            ("y1", &bottom),
            ("x2", &right),
            ("y2", &bottom),
        ],
    );
    for x in &layout.ticks {
        let x = svg::num(*x);
        let tick_end = svg::num(PLOT_BOTTOM + TICK);
        out.empty(
            "line",
            &[
                ("class", "axis"),
                ("x1", &x),
                ("y1", &bottom),
                ("x2", &x),
                ("y2", &tick_end),
            ],
        );
    }
    out.open("g", &[("class", "labels")]);
    for label in &layout.labels {
        label.write(out, 0.0, 0.0);
    }
    out.close();
}
