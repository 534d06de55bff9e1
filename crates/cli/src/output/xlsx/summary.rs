//! What the exported entries hold, for the "Summary" sheet and the widths of the audit sheets'
//! columns: counted on the search's side as the rows go by, so that the writer only writes.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use anyhow::Result;
use auditlog::execution::{Execution, Executions};
use chrono::NaiveDate;
use rust_xlsxwriter::{Chart, ChartMarker, ChartType, Format, Workbook as Book, Worksheet};

use super::{Cell, Column, EntryRow, audit_columns, fit};

/// Where an export came from: what the "Summary" sheet says of it.
pub struct Provenance {
    /// The command line, for the filters used.
    pub command: String,
    /// When it was made.
    pub made: chrono::NaiveDateTime,
    /// The logs read.
    pub files: Vec<PathBuf>,
}

/// Counts of the exported entries, and the widest text of each audit column.
pub struct Summary {
    count: u64,
    per_day: BTreeMap<NaiveDate, u64>,
    per_account: HashMap<String, u64>,
    per_request: HashMap<String, u64>,
    per_category: HashMap<&'static str, u64>,
    executions: Executions,
    /// The audit sheets' columns, and the widest line of each, in characters.
    columns: Vec<&'static Column<EntryRow>>,
    widths: Vec<usize>,
}

impl Summary {
    /// Nothing counted yet.
    pub fn new(with_params: bool) -> Summary {
        let columns = audit_columns(with_params);
        let widths = columns
            .iter()
            .map(|c| match c.header {
                "Created" => 23,
                header => header.len(),
            })
            .collect();
        Summary {
            count: 0,
            per_day: BTreeMap::new(),
            per_account: HashMap::new(),
            per_request: HashMap::new(),
            per_category: HashMap::new(),
            executions: Executions::default(),
            columns,
            widths,
        }
    }

    /// Counts one more exported entry.
    pub fn add(&mut self, row: &EntryRow) {
        let e = &row.found.entry;
        self.executions.add_at(e, Some(row.found.instant));
        self.count += 1;
        *self.per_day.entry(e.created.local.date()).or_default() += 1;
        count_in(&mut self.per_account, &e.user);
        count_in(&mut self.per_request, &e.request);
        *self.per_category.entry(row.category().name()).or_default() += 1;
        for (width, column) in self.widths.iter_mut().zip(&self.columns) {
            let cell = (column.cell)(row);
            let text = match &cell {
                Cell::Text(text) => text.as_ref(),
                Cell::Link(link) => link,
                Cell::Category(category) => category.name(),
                // A time shows 23 characters, and its offset after them when it has one.
                Cell::Time(stamp) => {
                    let offset = stamp
                        .offset
                        .map_or(0, |secs| super::offset_text(secs).len());
                    *width = (*width).max(23 + offset);
                    continue;
                }
                _ => continue,
            };
            let widest = text.lines().map(|l| l.chars().count()).max();
            *width = (*width).max(widest.unwrap_or(0));
        }
    }

    /// The widest text of each audit column, in characters.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// The job executions among the exported entries, in the order their starts were exported.
    pub fn executions(&self) -> &[Execution] {
        self.executions.list()
    }

    /// "Summary": what was exported, from where, by which filters; entries per day with a
    /// line chart; counts per account, request and category.
    pub(super) fn sheet(
        &self,
        book: &mut Book,
        about: &Provenance,
        bold: &Format,
        when: &Format,
    ) -> Result<()> {
        let (bold, when) = (bold.clone(), when.clone());
        let day = Format::new().set_num_format("yyyy-mm-dd");
        let per_day: Vec<(NaiveDate, u64)> = self.per_day.iter().map(|(d, n)| (*d, *n)).collect();
        let ranked = |counts: &HashMap<String, u64>| {
            let mut v: Vec<(String, u64)> = counts.iter().map(|(k, n)| (k.clone(), *n)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        let accounts = ranked(&self.per_account);
        let requests = ranked(&self.per_request);
        let categories = ranked(
            &self
                .per_category
                .iter()
                .map(|(k, n)| (k.to_string(), *n))
                .collect(),
        );
        let sheet = book.add_worksheet();
        sheet.set_name("Summary")?;
        write_about(sheet, about, self.count, (&bold, &when))?;
        let top = 6;
        let tables: [(u16, &str, &str); 4] = [
            (0, "Day", "Entries"),
            (3, "Account", "Entries"),
            (6, "Request", "Entries"),
            (9, "Category", "Entries"),
        ];
        for (col, a, b) in tables {
            sheet.write_string_with_format(top, col, a, &bold)?;
            sheet.write_string_with_format(top, col + 1, b, &bold)?;
        }
        for (i, (date, n)) in per_day.iter().enumerate() {
            let row = top + 1 + i as u32;
            sheet.write_date_with_format(row, 0, *date, &day)?;
            sheet.write_number(row, 1, *n as f64)?;
        }
        for (col, list) in [(3u16, &accounts), (6, &requests), (9, &categories)] {
            for (i, (name, n)) in list.iter().enumerate() {
                let row = top + 1 + i as u32;
                sheet.write_string(row, col, fit(name))?;
                sheet.write_number(row, col + 1, *n as f64)?;
            }
        }
        for (col, width) in [(0u16, 14), (1, 40), (3, 22), (6, 32), (9, 16)] {
            sheet.set_column_width(col, width)?;
        }
        super::print_setup(sheet, top)?;
        if !per_day.is_empty() {
            sheet.insert_chart(1, 12, &per_day_chart(top, per_day.len() as u32))?;
        }
        Ok(())
    }
}

/// What the export is: when and how it was made, of which files, how many entries.
fn write_about(
    sheet: &mut Worksheet,
    about: &Provenance,
    count: u64,
    (bold, when): (&Format, &Format),
) -> Result<()> {
    sheet.write_string_with_format(0, 0, "Audit log export", bold)?;
    sheet.write_string(1, 0, "Made")?;
    sheet.write_datetime_with_format(1, 1, about.made, when)?;
    sheet.write_string(2, 0, "Command")?;
    sheet.write_string(2, 1, fit(&about.command))?;
    sheet.write_string(3, 0, "Files")?;
    let files: Vec<String> = about
        .files
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    sheet.write_string(3, 1, fit(&files.join(", ")))?;
    sheet.write_string(4, 0, "Entries")?;
    sheet.write_number(4, 1, count as f64)?;
    Ok(())
}

/// The entries per day as a line, each day a point (so that a single day shows as one), from
/// the days under row `top` to row `last`.
fn per_day_chart(top: u32, days: u32) -> Chart {
    let last = top + days;
    let mut chart = Chart::new(ChartType::Line);
    chart
        .add_series()
        .set_name("Entries per day")
        .set_categories(("Summary", top + 1, 0, last, 0))
        .set_values(("Summary", top + 1, 1, last, 1))
        .set_marker(ChartMarker::new().set_automatic());
    chart.title().set_name("Entries per day");
    chart.legend().set_hidden();
    // The days are dates: the axis says so, or it shows their serial numbers. A date axis of
    // one day has no span to scale to, and shows a day of its own.
    chart
        .x_axis()
        .set_date_axis(days > 1)
        .set_num_format("yyyy-mm-dd");
    chart
}

/// Counts one more of `key`, copying it only the first time.
fn count_in(counts: &mut HashMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_owned(), 1);
        }
    }
}
