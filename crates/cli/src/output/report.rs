//! How a report is shown: laid out once as columns of values ([`Laid`]), then written as a
//! table with bars and sparklines, plain lines, CSV or a workbook sheet with a chart (`xlsx`);
//! and its JSON (`json`).

use std::borrow::Cow;

use anyhow::Result;
use auditlog::report::Trend;
use auditlog::safe::one_line;

mod json;
pub mod layout;
mod xlsx;

pub use json::{entries_json, four_places, jobs_json};
pub use xlsx::xlsx;

use super::csv::defused;
use super::row::Tone;
use super::term::Palette;

/// A value of a report's cell.
#[derive(Clone, Debug)]
pub enum Value {
    /// A key's value; `None` when the entry has none.
    Key(Option<String>),
    /// A count or a sum.
    Number(f64),
    /// A share, 0 to 1.
    Share(f64),
    /// Minutes.
    Minutes(u64),
    /// A rate, 0 to 1; `None` when there is none.
    Rate(Option<f64>),
    /// Milliseconds; `None` when there are none.
    Millis(Option<u64>),
    /// A trend.
    Trend(Trend),
}

/// A report laid out: headers, rows, and the totals row.
pub struct Laid {
    /// The headers, one per value of a row.
    pub headers: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Value>>,
    /// The totals, when there are.
    pub total: Option<Vec<Value>>,
    /// The column whose values a table draws bars for, and the chart of a workbook shows.
    pub measure: usize,
    /// Whether a table draws the bars.
    pub bars: bool,
    /// Lines a table and plain lines print after the rows: the trends of metrics.
    pub notes: Vec<String>,
}

const NONE: &str = "(none)";
const BAR: usize = 16;

/// A number as people read it: whole numbers without a point, others with two decimals.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n:.2}")
    }
}

/// Minutes as h:mm.
pub fn hours(minutes: u64) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

impl Value {
    /// The value as a table or plain line shows it; safe for a terminal.
    pub fn shown(&self) -> Cow<'_, str> {
        match self {
            Value::Key(Some(text)) => one_line(text),
            Value::Key(None) => Cow::Borrowed(NONE),
            Value::Number(n) => Cow::Owned(number(*n)),
            Value::Share(s) => Cow::Owned(format!("{:.1}%", s * 100.0)),
            Value::Minutes(m) => Cow::Owned(hours(*m)),
            Value::Rate(Some(r)) => Cow::Owned(format!("{:.1}%", r * 100.0)),
            Value::Millis(Some(ms)) => Cow::Owned(super::text::human(*ms)),
            Value::Rate(None) | Value::Millis(None) => Cow::Borrowed("–"),
            Value::Trend(t) => {
                Cow::Owned(format!("{} {}", sparkline(&t.counts), t.direction.name()))
            }
        }
    }

    /// The value as a file holds it: exact, minutes as minutes, shares as fractions.
    fn exact(&self) -> String {
        match self {
            Value::Key(text) => text.clone().unwrap_or_default(),
            Value::Number(n) => number(*n),
            Value::Share(s) | Value::Rate(Some(s)) => format!("{s:.4}"),
            Value::Minutes(m) => m.to_string(),
            Value::Millis(Some(ms)) => ms.to_string(),
            Value::Rate(None) | Value::Millis(None) => String::new(),
            Value::Trend(t) => t.direction.name().to_owned(),
        }
    }

    pub fn magnitude(&self) -> f64 {
        match self {
            Value::Number(n) => *n,
            Value::Minutes(m) => *m as f64,
            _ => 0.0,
        }
    }
}

/// Counts as a sparkline, each scaled to the largest.
pub fn sparkline(counts: &[f64]) -> String {
    const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = counts.iter().copied().fold(0.0, f64::max);
    counts
        .iter()
        .map(|&c| {
            if max <= 0.0 {
                TICKS[0]
            } else {
                TICKS[((c / max) * 7.0).round() as usize]
            }
        })
        .collect()
}

/// A bar of `BAR` cells at most, scaled so that `max` fills it.
fn bar(value: f64, max: f64) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max) * (BAR * 8) as f64).round().max(1.0) as usize;
    format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8])
}

/// The report as a table: a bar after the measure, numbers to the right, the totals last.
pub fn table(laid: &Laid, p: Palette) -> String {
    // Every row has a value per header: the layout is made so, and the widths read it so.
    debug_assert!(
        laid.rows
            .iter()
            .chain(&laid.total)
            .all(|row| row.len() == laid.headers.len()),
        "a row of the layout does not match its headers"
    );
    // The column the bars stand in, after the measure.
    let bar_at = laid.bars.then_some(laid.measure + 1);
    let (headers, lines) = shown(laid, bar_at);
    let width = |text: &String| unicode_width::UnicodeWidthStr::width(text.as_str());
    let grid = Grid {
        widths: (0..headers.len())
            .map(|i| {
                let cells = lines.iter().map(|(c, _)| width(&c[i]));
                cells.chain([width(&headers[i])]).max().unwrap_or(0)
            })
            .collect(),
        right: (0..headers.len())
            .map(|i| right_aligned(laid, bar_at, i))
            .collect(),
    };
    let mut out = grid.join(
        headers
            .iter()
            .enumerate()
            .map(|(i, h)| p.tone(Tone::Header, grid.pad(h, i)))
            .collect(),
    );
    for (cells, total) in lines {
        if total {
            let rule: Vec<String> = grid.widths.iter().map(|w| "─".repeat(*w)).collect();
            out.push_str(&p.tone(Tone::Dim, grid.join(rule).trim_end()));
            out.push('\n');
        }
        let toned = cells.iter().enumerate().map(|(i, c)| {
            let text = grid.pad(c, i);
            if c == NONE || c == "–" {
                p.tone(Tone::Dim, text)
            } else if Some(i) == bar_at {
                p.tone(Tone::Header, text)
            } else {
                text
            }
        });
        out.push_str(&grid.join(toned.collect()));
    }
    for note in &laid.notes {
        out.push_str(&one_line(note));
        out.push('\n');
    }
    out
}

/// The headers and each row's cells (the total's last, said so) as shown, with the bars'
/// column at `bar_at`.
fn shown(laid: &Laid, bar_at: Option<usize>) -> (Vec<String>, Vec<(Vec<String>, bool)>) {
    let max = laid
        .rows
        .iter()
        .map(|r| r[laid.measure].magnitude())
        .fold(0.0, f64::max);
    // Headers may come from a log too (the metrics of job executions).
    let mut headers: Vec<String> = laid
        .headers
        .iter()
        .map(|h| one_line(h).into_owned())
        .collect();
    if let Some(at) = bar_at {
        headers.insert(at, String::new());
    }
    let mut lines: Vec<(Vec<String>, bool)> = Vec::new();
    let rows = laid.rows.iter().map(|r| (r, false));
    for (row, total) in rows.chain(laid.total.iter().map(|r| (r, true))) {
        let mut cells: Vec<String> = row.iter().map(|v| v.shown().into_owned()).collect();
        if let Some(at) = bar_at {
            let drawn = if total {
                String::new()
            } else {
                bar(row[laid.measure].magnitude(), max)
            };
            cells.insert(at, drawn);
        }
        lines.push((cells, total));
    }
    (headers, lines)
}

/// Whether column `i` of the table (the bars' column at `bar_at`) is aligned right: numbers
/// are, keys, trends and bars are not.
fn right_aligned(laid: &Laid, bar_at: Option<usize>, i: usize) -> bool {
    if Some(i) == bar_at {
        return false;
    }
    let at = match bar_at {
        Some(b) if i > b => i - 1,
        _ => i,
    };
    laid.rows
        .first()
        .is_some_and(|r| !matches!(r[at], Value::Key(_) | Value::Trend(_)))
}

/// The table's columns: their widths, and which are aligned right.
struct Grid {
    widths: Vec<usize>,
    right: Vec<bool>,
}

impl Grid {
    /// A cell's text padded to its column's width.
    fn pad(&self, text: &str, i: usize) -> String {
        let fill = " ".repeat(self.widths[i] - unicode_width::UnicodeWidthStr::width(text));
        if self.right[i] {
            format!("{fill}{text}")
        } else {
            format!("{text}{fill}")
        }
    }

    /// A line of padded cells.
    fn join(&self, cells: Vec<String>) -> String {
        cells.join("  ").trim_end().to_owned() + "\n"
    }
}

/// The report as plain lines: tab-separated, as shown, the totals last.
pub fn plain(laid: &Laid) -> String {
    let mut out = String::new();
    for row in laid.rows.iter().chain(laid.total.iter()) {
        let cells: Vec<Cow<str>> = row.iter().map(Value::shown).collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    for note in &laid.notes {
        out.push_str(&one_line(note));
        out.push('\n');
    }
    out
}

/// The report as CSV: a header, exact values, a trend's count per period in columns of its
/// own; no totals row (a spreadsheet sums). Cells are safe from formulas, and safe for a
/// terminal when written to one.
pub fn csv(laid: &Laid, terminal: bool) -> Result<Vec<u8>> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = Vec::new();
    for (i, h) in laid.headers.iter().enumerate() {
        match laid.rows.first().map(|r| &r[i]) {
            Some(Value::Trend(t)) => {
                header.push(format!("{h} direction"));
                header.push(format!("{h} slope ratio"));
                header.extend(t.starts.iter().cloned());
            }
            _ => header.push(h.clone()),
        }
    }
    let cell = |text: &str| {
        let text = defused(text).into_owned();
        if terminal {
            one_line(&text).into_owned()
        } else {
            text
        }
    };
    writer.write_record(header.iter().map(|h| cell(h)))?;
    for row in &laid.rows {
        let mut record: Vec<String> = Vec::new();
        for value in row {
            match value {
                Value::Trend(t) => {
                    record.push(t.direction.name().to_owned());
                    record.push(t.slope_ratio.map(|r| format!("{r:.4}")).unwrap_or_default());
                    record.extend(t.counts.iter().map(|c| number(*c)));
                }
                other => record.push(cell(&other.exact())),
            }
        }
        writer.write_record(&record)?;
    }
    Ok(writer.into_inner().map_err(|e| e.into_error())?)
}
