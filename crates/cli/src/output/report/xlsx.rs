//! A report as a workbook of one sheet, with a native chart.

use anyhow::Result;
use auditlog::report::Trend;
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet};

use super::{Laid, NONE, Value};

/// The widest text of each column of a sheet, to set its widths by: each column as wide as
/// what it shows (autofit measures a percentage as its bare fraction, and `100.0%` then shows
/// as `###`).
#[derive(Default)]
struct Widths(Vec<usize>);

impl Widths {
    fn fit(&mut self, col: u16, text: &str) {
        let col = usize::from(col);
        if self.0.len() <= col {
            self.0.resize(col + 1, 0);
        }
        self.0[col] = self.0[col].max(text.chars().count());
    }

    fn set(&self, sheet: &mut rust_xlsxwriter::Worksheet) -> Result<()> {
        for (col, width) in self.0.iter().enumerate() {
            sheet.set_column_width(
                col as u16,
                (*width + 2).min(crate::output::xlsx::MAX_WIDTH) as f64,
            )?;
        }
        Ok(())
    }
}

/// The report as a workbook of one sheet, "Report", with a native chart: bars of the measure
/// per group, or with a trend, a line per group (the first ten) over the periods.
pub fn xlsx(laid: &Laid, title: &str) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Report")?;
    let trend_at = laid
        .rows
        .first()
        .and_then(|r| r.iter().position(|v| matches!(v, Value::Trend(_))));
    let mut widths = Widths::default();
    let values_end = xlsx_headers(sheet, laid, trend_at, &mut widths)?;
    let percent = Format::new().set_num_format("0.0%");
    for (r, row) in laid.rows.iter().chain(laid.total.iter()).enumerate() {
        let r = r as u32 + 1;
        let mut col = 0u16;
        for value in row {
            if let Value::Trend(t) = value {
                xlsx_trend(sheet, r, values_end, t, &mut widths)?;
                continue;
            }
            xlsx_value(sheet, (r, col), value, &percent, &mut widths)?;
            col += 1;
        }
    }
    widths.set(sheet)?;
    let rows = laid.rows.len() as u32;
    if rows > 0 {
        let chart = xlsx_chart(laid, trend_at, values_end, title);
        sheet.insert_chart(rows + 3, 0, &chart)?;
    }
    crate::output::xlsx::print_setup(sheet, 0)?;
    Ok(book.save_to_buffer()?)
}

/// The header row: the values' headers, then the trend's direction and periods. Gives the
/// column the trend begins at.
fn xlsx_headers(
    sheet: &mut Worksheet,
    laid: &Laid,
    trend_at: Option<usize>,
    widths: &mut Widths,
) -> Result<u16> {
    let bold = Format::new().set_bold();
    let mut col = 0u16;
    for (i, h) in laid.headers.iter().enumerate() {
        if Some(i) == trend_at {
            continue;
        }
        sheet.write_string_with_format(0, col, h, &bold)?;
        col += 1;
    }
    let values_end = col;
    if let Some(Value::Trend(t)) = trend_at.and_then(|at| laid.rows.first().map(|r| &r[at])) {
        sheet.write_string_with_format(0, col, "Direction", &bold)?;
        for (k, start) in t.starts.iter().enumerate() {
            sheet.write_string_with_format(0, col + 1 + k as u16, start, &bold)?;
        }
    }
    for (i, h) in laid.headers.iter().enumerate() {
        let at = i - usize::from(trend_at.is_some_and(|t| t < i));
        if Some(i) != trend_at {
            widths.fit(at as u16, h);
        }
    }
    Ok(values_end)
}

/// A row's trend: its direction and its count in each period, from column `at`.
fn xlsx_trend(
    sheet: &mut Worksheet,
    r: u32,
    at: u16,
    t: &Trend,
    widths: &mut Widths,
) -> Result<()> {
    sheet.write_string(r, at, t.direction.name())?;
    widths.fit(at, "Direction");
    widths.fit(at, t.direction.name());
    for (k, c) in t.counts.iter().enumerate() {
        sheet.write_number(r, at + 1 + k as u16, *c)?;
        widths.fit(at + 1 + k as u16, &t.starts[k]);
        widths.fit(at + 1 + k as u16, &c.to_string());
    }
    Ok(())
}

/// One value of a row, as a number where it is one.
fn xlsx_value(
    sheet: &mut Worksheet,
    (r, col): (u32, u16),
    value: &Value,
    percent: &Format,
    widths: &mut Widths,
) -> Result<()> {
    match value {
        Value::Key(text) => {
            let text = crate::output::xlsx::fit(text.as_deref().unwrap_or(NONE));
            sheet.write_string(r, col, text.as_ref())?;
            widths.fit(col, &text);
        }
        Value::Number(n) => {
            sheet.write_number(r, col, *n)?;
            widths.fit(col, &n.to_string());
        }
        Value::Minutes(m) => {
            sheet.write_number(r, col, *m as f64)?;
            widths.fit(col, &m.to_string());
        }
        Value::Share(s) | Value::Rate(Some(s)) => {
            sheet.write_number_with_format(r, col, *s, percent)?;
            widths.fit(col, &format!("{:.1}%", s * 100.0));
        }
        Value::Millis(Some(ms)) => {
            sheet.write_number(r, col, *ms as f64)?;
            widths.fit(col, &ms.to_string());
        }
        Value::Rate(None) | Value::Millis(None) | Value::Trend(_) => {}
    }
    Ok(())
}

/// The report's chart: each of the first ten groups' counts over the periods with a trend,
/// else the measure of every group as bars.
fn xlsx_chart(laid: &Laid, trend_at: Option<usize>, values_end: u16, title: &str) -> Chart {
    let rows = laid.rows.len() as u32;
    let name_col = 0u16;
    let mut chart = match trend_at {
        Some(_) => Chart::new(ChartType::Line),
        None => Chart::new(ChartType::Bar),
    };
    chart.title().set_name(title);
    match (trend_at, laid.rows.first()) {
        (Some(at), Some(first)) => {
            let Value::Trend(t) = &first[at] else {
                unreachable!("a trend column holds trends")
            };
            let periods = t.starts.len() as u16;
            for r in 1..=rows.min(10) {
                chart
                    .add_series()
                    .set_name(("Report", r, name_col))
                    .set_categories(("Report", 0, values_end + 1, 0, values_end + periods))
                    .set_values(("Report", r, values_end + 1, r, values_end + periods));
            }
        }
        _ => {
            let measure =
                laid.measure as u16 - trend_at.map_or(0, |at| u16::from(at < laid.measure));
            chart
                .add_series()
                .set_name(("Report", 0, measure))
                .set_categories(("Report", 1, name_col, rows, name_col))
                .set_values(("Report", 1, measure, rows, measure));
        }
    }
    chart
}
