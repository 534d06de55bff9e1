//! A report laid out (`output::report::Laid`: the jobs view, a report's groups) as an HTML
//! table, with its charts drawn here as SVG, so that a page needs no script to show them: a
//! bar for each group's measure, and each trend as a line over its periods.

use std::fmt::Write as _;

use maud::{Markup, html};

use crate::output::report::{Laid, Value};

/// The widest a bar chart draws, and a row's height, in pixels.
const CHART: (f64, f64) = (480.0, 22.0);

/// A trend's line: its width and height in pixels.
const LINE: (f64, f64) = (120.0, 22.0);

/// The table: headers, rows, totals.
pub fn table(laid: &Laid) -> Markup {
    html! {
        table.rows.report {
            thead { tr { @for header in &laid.headers { th { (header) } } } }
            tbody {
                @for row in &laid.rows {
                    tr { @for (i, value) in row.iter().enumerate() { (value_cell(laid, i, value)) } }
                }
            }
            @if let Some(total) = &laid.total {
                tfoot { tr { @for (i, value) in total.iter().enumerate() { (value_cell(laid, i, value)) } } }
            }
        }
    }
}

fn value_cell(laid: &Laid, i: usize, value: &Value) -> Markup {
    let label = laid.headers.get(i).map_or("", String::as_str);
    html! {
        td data-label=(label) {
            @match value {
                Value::Trend(trend) => {
                    (line(&trend.counts, &trend.starts))
                    " " (trend.direction.name())
                }
                _ => (value.shown()),
            }
        }
    }
}

/// A trend as a line over its periods, each period titled with its label and count.
fn line(counts: &[f64], starts: &[String]) -> Markup {
    let max = counts.iter().copied().fold(0.0, f64::max).max(1.0);
    let step = LINE.0 / (counts.len().max(2) - 1) as f64;
    let point = |i: usize, c: f64| (i as f64 * step, LINE.1 - 2.0 - c / max * (LINE.1 - 4.0));
    let mut points = String::new();
    for (i, &c) in counts.iter().enumerate() {
        let (x, y) = point(i, c);
        let _ = write!(points, "{x:.1},{y:.1} ");
    }
    let title = counts
        .iter()
        .zip(starts)
        .map(|(c, s)| format!("{s}: {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        svg.trend width=(LINE.0) height=(LINE.1) viewBox=(format!("0 0 {} {}", LINE.0, LINE.1)) role="img" aria-label=(title) {
            title { (title) }
            polyline points=(points.trim_end()) fill="none" stroke="currentColor" stroke-width="1.5" {}
        }
    }
}

/// The groups' measure as bars, largest first as the table orders them.
pub fn chart(laid: &Laid) -> Markup {
    let Some(header) = laid.headers.get(laid.measure) else {
        return html! {};
    };
    let rows: Vec<(String, f64, String)> = laid
        .rows
        .iter()
        .map(|row| {
            let key = row
                .first()
                .map(|v| v.shown().into_owned())
                .unwrap_or_default();
            let value = row.get(laid.measure);
            let shown = value.map(|v| v.shown().into_owned()).unwrap_or_default();
            (key, value.map_or(0.0, Value::magnitude), shown)
        })
        .collect();
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1.0);
    let height = CHART.1 * rows.len() as f64;
    let width = CHART.0 + 260.0;
    html! {
        figure.chart {
            svg width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) role="img" aria-label=(format!("{header} per group")) {
                @for (i, (key, value, shown)) in rows.iter().enumerate() {
                    @let y = i as f64 * CHART.1;
                    text x="0" y=(y + 15.0) { (clip(key)) }
                    rect x="180" y=(y + 4.0) width=(format!("{:.1}", value / max * CHART.0)) height=(CHART.1 - 8.0) {}
                    text x=(format!("{:.1}", 186.0 + value / max * CHART.0)) y=(y + 15.0) { (shown) }
                }
            }
            figcaption { (header) " per group" }
        }
    }
}

/// A key short enough for the chart's margin.
fn clip(key: &str) -> String {
    match key.char_indices().nth(26) {
        Some((at, _)) => format!("{}…", &key[..at]),
        None => key.to_owned(),
    }
}
