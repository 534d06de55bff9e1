//! The Excel form of an export: "Audit Log" (continued on "Audit Log (2)" and on past Excel's
//! row limit), "Job Executions" when the range holds any, and "Summary". The audit sheets are
//! written in constant-memory mode, row by row, so memory stays flat however large the range.
//! Text is always stored as text, never as a formula.

use std::collections::{BTreeMap, HashMap};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::Result;
use auditlog::execution::{Execution, Executions, Metric};
use auditlog::record::is_ticket_link;
use chrono::NaiveDate;
use rust_xlsxwriter::{Chart, ChartType, Format, Formula, Workbook as Book};

use super::{About, Row};
use crate::cmd::executions::{HEADERS, status};
use crate::output::csv::{BODY, COLUMNS};

/// Excel's rows: one for the header, the rest for entries.
const MAX_ROWS: u32 = 1_048_576;
/// Excel's limit for the text of a cell.
const MAX_CHARS: usize = 32_767;
/// The widest a column is made, in characters.
const MAX_WIDTH: usize = 60;
/// The longest text a formula may quote: longer ticket links are written as text.
const MAX_LINK: usize = 255;

pub struct Workbook {
    book: Book,
    path: PathBuf,
    with_params: bool,
    /// The index of the audit sheet being written, its next row, and how many there are.
    sheet: usize,
    row: u32,
    sheets: usize,
    bold: Format,
    when: Format,
    link: Format,
    host: String,
    now: chrono::DateTime<chrono::Utc>,
    zone: auditlog::time::Zone,
    /// Rows a sheet takes, its header included.
    max_rows: u32,
}

/// What the exported entries hold, for the summary and the widths of the columns: counted
/// on the search's side, so that the writer only writes.
pub struct Tally {
    count: u64,
    per_day: BTreeMap<NaiveDate, u64>,
    per_account: HashMap<String, u64>,
    per_request: HashMap<String, u64>,
    per_category: HashMap<&'static str, u64>,
    executions: Executions,
    /// The widest line of each audit column, in characters.
    widths: Vec<usize>,
}

impl Tally {
    pub fn new(with_params: bool) -> Tally {
        let mut widths: Vec<usize> = headers(with_params).iter().map(|h| h.len()).collect();
        widths[1] = 23;
        Tally {
            count: 0,
            per_day: BTreeMap::new(),
            per_account: HashMap::new(),
            per_request: HashMap::new(),
            per_category: HashMap::new(),
            executions: Executions::default(),
            widths,
        }
    }

    pub fn add(&mut self, row: &Row) {
        let e = &row.found.entry;
        self.executions.add(e);
        self.count += 1;
        *self.per_day.entry(e.created.local.date()).or_default() += 1;
        count_in(&mut self.per_account, &e.user);
        count_in(&mut self.per_request, &e.request);
        *self.per_category.entry(row.category.name()).or_default() += 1;
        let texts = [
            (0, row.controller.as_deref()),
            (2, Some(e.user.as_str())),
            (3, Some(e.request.as_str())),
            (4, Some(row.category.name())),
            (5, e.comment.as_deref()),
            (7, e.ticket.as_deref()),
            (8, e.params.as_deref()),
        ];
        for (col, text) in texts {
            if let (Some(width), Some(text)) = (self.widths.get_mut(col), text) {
                let widest = text.lines().map(|l| l.chars().count()).max();
                *width = (*width).max(widest.unwrap_or(0));
            }
        }
    }
}

/// The audit sheets' headers.
fn headers(with_params: bool) -> Vec<&'static str> {
    let mut headers = COLUMNS.to_vec();
    if with_params {
        headers.push(BODY);
    }
    headers
}

impl Workbook {
    /// A workbook to be saved at `path`; `now` and `zone` tell which executions still run.
    pub fn new(
        path: &Path,
        with_params: bool,
        now: chrono::DateTime<chrono::Utc>,
        zone: auditlog::time::Zone,
    ) -> Result<Workbook> {
        let mut book = Book::new();
        // zlib-rs at level 2: faster than C zlib at level 1, and a smaller file; level 1 would
        // save a twentieth of the time for a quarter more bytes.
        book.set_zip_compression_level(2);
        let mut workbook = Workbook {
            book,
            path: path.to_owned(),
            with_params,
            sheet: 0,
            row: 0,
            sheets: 0,
            bold: Format::new().set_bold(),
            when: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss.000"),
            link: Format::new()
                .set_font_color(rust_xlsxwriter::Color::Blue)
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            host: nix::unistd::gethostname()
                .map_or_else(|_| String::new(), |h| h.to_string_lossy().into_owned()),
            now,
            zone,
            max_rows: MAX_ROWS,
        };
        workbook.start_sheet()?;
        Ok(workbook)
    }

    /// Starts the next audit sheet with its header.
    fn start_sheet(&mut self) -> Result<()> {
        if self.sheets > 0 {
            self.close_sheet()?;
        }
        self.sheets += 1;
        let name = match self.sheets {
            1 => "Audit Log".to_owned(),
            n => format!("Audit Log ({n})"),
        };
        let bold = self.bold.clone();
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        // Created takes its format from its column, which costs nothing per cell.
        sheet.set_column_format(1, &self.when)?;
        for (col, header) in headers(self.with_params).iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *header, &bold)?;
        }
        self.sheet = self.sheets - 1;
        self.row = 1;
        Ok(())
    }

    /// Freezes the header of the audit sheet being written and filters it.
    fn close_sheet(&mut self) -> Result<()> {
        let rows = self.row;
        let cols = headers(self.with_params).len() as u16;
        let sheet = self.book.worksheet_from_index(self.sheet)?;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, rows.saturating_sub(1).max(1), cols - 1)?;
        Ok(())
    }
}

/// A writer that keeps its first error to itself and takes everything after it unwritten:
/// the zip writer inside the workbook prints to standard error when it is dropped unfinished,
/// so it must finish, and the error is told once it has.
struct Deferred<W> {
    inner: W,
    failed: Option<std::io::Error>,
}

impl<W: std::io::Write> Deferred<W> {
    fn new(inner: W) -> Deferred<W> {
        Deferred {
            inner,
            failed: None,
        }
    }

    /// What was written to, once everything reached it; else the first error.
    fn finish(mut self) -> std::io::Result<W> {
        if self.failed.is_none()
            && let Err(error) = self.inner.flush()
        {
            self.failed = Some(error);
        }
        match self.failed {
            Some(error) => Err(error),
            None => Ok(self.inner),
        }
    }
}

impl<W: std::io::Write> std::io::Write for Deferred<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed.is_none()
            && let Err(error) = self.inner.write_all(buf)
        {
            self.failed = Some(error);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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

/// Text as a cell can hold it: cut, with a visible mark, past Excel's limit, which counts
/// UTF-16 units (a character outside the Basic Multilingual Plane takes two).
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    // A UTF-8 string has at least as many bytes as UTF-16 units.
    if text.len() <= MAX_CHARS || text.encode_utf16().count() <= MAX_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    // Room for the mark, whose number has at most ten digits.
    let room = MAX_CHARS - 40;
    let mut units = 0;
    let mut end = text.len();
    for (at, c) in text.char_indices() {
        if units + c.len_utf16() > room {
            end = at;
            break;
        }
        units += c.len_utf16();
    }
    let more = text[end..].chars().count();
    std::borrow::Cow::Owned(format!("{} […cut: {more} more characters]", &text[..end]))
}

impl super::Export for Workbook {
    fn entry(&mut self, row: &Row) -> Result<()> {
        if self.row >= self.max_rows {
            self.start_sheet()?;
        }
        let e = &row.found.entry;
        let texts: [(u16, Option<&str>); 5] = [
            (0, row.controller.as_deref()),
            (2, Some(&e.user)),
            (3, Some(&e.request)),
            (4, Some(row.category.name())),
            (5, e.comment.as_deref()),
        ];
        let at = self.row;
        let sheet = self.book.worksheet_from_index(self.sheet)?;
        for (col, text) in texts {
            if let Some(text) = text {
                sheet.write_string(at, col, fit(text))?;
            }
        }
        sheet.write_datetime(at, 1, e.created.local)?;
        if let Some(minutes) = e.time_spent {
            sheet.write_number(at, 6, minutes)?;
        }
        if let Some(ticket) = &e.ticket {
            // A link is a HYPERLINK formula of a checked http(s) link, its quotes doubled: a
            // worksheet's links would all be held in memory until it is saved, and Excel takes
            // at most 65,530 of them.
            if is_ticket_link(ticket) && ticket.chars().count() <= MAX_LINK {
                let quoted = ticket.replace('"', "\"\"");
                let formula =
                    Formula::new(format!("=HYPERLINK(\"{quoted}\")")).set_result(ticket.as_str());
                sheet.write_formula_with_format(at, 7, formula, &self.link)?;
            } else {
                sheet.write_string(at, 7, fit(ticket))?;
            }
        }
        if self.with_params
            && let Some(params) = &e.params
        {
            sheet.write_string(at, 8, fit(params))?;
        }
        self.row += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>, about: &About) -> Result<()> {
        self.close_sheet()?;
        // Every audit sheet gets the same widths, fitted to all the rows.
        for sheet in 0..self.sheets {
            let sheet = self.book.worksheet_from_index(sheet)?;
            for (col, width) in about.tally.widths.iter().enumerate() {
                sheet.set_column_width(col as u16, (*width + 2).min(MAX_WIDTH) as f64)?;
            }
        }
        // In the order their starts were exported: the order of the audit sheet.
        let executions = about.tally.executions.list();
        if !executions.is_empty() {
            self.executions_sheet(executions)?;
        }
        self.summary(about)?;
        let path = self.path.clone();
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o640)
            .open(&path)?;
        let mut out = Deferred::new(std::io::BufWriter::with_capacity(256 << 10, file));
        self.book.save_to_writer(&mut out)?;
        let file = out.finish()?.into_inner().map_err(|e| e.into_error())?;
        // On disk before it is renamed into place, as the other forms are.
        file.sync_all()?;
        Ok(())
    }
}

impl Workbook {
    /// "Job Executions": the job audit log's table, Duration as an Excel duration, a column
    /// per metric.
    fn executions_sheet(&mut self, executions: &[Execution]) -> Result<()> {
        let mut metrics: Vec<String> = executions
            .iter()
            .filter_map(|e| e.finished.as_ref())
            .flat_map(|(f, _)| f.metrics.iter().map(|(name, _)| name.clone()))
            .collect();
        metrics.sort();
        metrics.dedup();
        let (bold, when) = (self.bold.clone(), self.when.clone());
        let duration = Format::new().set_num_format("[h]:mm:ss.000");
        let statuses: Vec<&'static str> = executions
            .iter()
            .map(|e| {
                status(
                    e,
                    &self.host,
                    self.now,
                    std::time::Duration::from_secs(86_400),
                    self.zone,
                )
                .name()
            })
            .collect();
        let sheet = self.book.add_worksheet();
        sheet.set_name("Job Executions")?;
        let headers = HEADERS;
        for (col, header) in headers
            .iter()
            .map(|h| h.to_string())
            .chain(metrics.iter().cloned())
            .enumerate()
        {
            sheet.write_string_with_format(0, col as u16, header, &bold)?;
        }
        for (i, (e, status)) in executions.iter().zip(statuses).enumerate() {
            let row = i as u32 + 1;
            sheet.write_string(row, 0, e.started.id.as_str())?;
            sheet.write_string(row, 1, fit(&e.started.job))?;
            sheet.write_string(row, 2, e.started.space.as_deref().unwrap_or("(multiple)"))?;
            sheet.write_string(row, 3, status)?;
            sheet.write_string(row, 4, fit(&e.executed_by))?;
            sheet.write_datetime_with_format(row, 5, e.created.local, &when)?;
            if let Some((finished, ended)) = &e.finished {
                sheet.write_datetime_with_format(row, 6, ended.local, &when)?;
                sheet.write_number_with_format(
                    row,
                    7,
                    finished.duration_ms as f64 / 86_400_000.0,
                    &duration,
                )?;
                for (j, name) in metrics.iter().enumerate() {
                    let col = (8 + j) as u16;
                    match finished.metrics.iter().find(|(n, _)| n == name) {
                        Some((_, Metric::Number(n))) => match n.parse::<f64>() {
                            Ok(number) if number.is_finite() => {
                                sheet.write_number(row, col, number)?;
                            }
                            _ => {
                                sheet.write_string(row, col, n.as_str())?;
                            }
                        },
                        Some((_, Metric::Text(text))) => {
                            sheet.write_string(row, col, fit(text))?;
                        }
                        None => {}
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(
            0,
            0,
            executions.len().max(1) as u32,
            (headers.len() + metrics.len() - 1) as u16,
        )?;
        sheet.set_column_width(0, 24)?;
        for col in [1u16, 2, 3, 4] {
            sheet.set_column_width(col, 20)?;
        }
        for col in [5u16, 6] {
            sheet.set_column_width(col, 25)?;
        }
        sheet.set_column_width(7, 14)?;
        Ok(())
    }

    /// "Summary": what was exported, from where, by which filters; entries per day with a
    /// line chart; counts per account, request and category.
    fn summary(&mut self, about: &About) -> Result<()> {
        let (bold, when) = (self.bold.clone(), self.when.clone());
        let day = Format::new().set_num_format("yyyy-mm-dd");
        let tally = &about.tally;
        let per_day: Vec<(NaiveDate, u64)> = tally.per_day.iter().map(|(d, n)| (*d, *n)).collect();
        let ranked = |counts: &HashMap<String, u64>| {
            let mut v: Vec<(String, u64)> = counts.iter().map(|(k, n)| (k.clone(), *n)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        let accounts = ranked(&tally.per_account);
        let requests = ranked(&tally.per_request);
        let categories = ranked(
            &tally
                .per_category
                .iter()
                .map(|(k, n)| (k.to_string(), *n))
                .collect(),
        );
        let count = tally.count;
        let sheet = self.book.add_worksheet();
        sheet.set_name("Summary")?;
        sheet.write_string_with_format(0, 0, "Audit log export", &bold)?;
        sheet.write_string(1, 0, "Made")?;
        sheet.write_datetime_with_format(1, 1, about.made, &when)?;
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
        if !per_day.is_empty() {
            let last = top + per_day.len() as u32;
            let mut chart = Chart::new(ChartType::Line);
            chart
                .add_series()
                .set_name("Entries per day")
                .set_categories(("Summary", top + 1, 0, last, 0))
                .set_values(("Summary", top + 1, 1, last, 1));
            chart.title().set_name("Entries per day");
            chart.legend().set_hidden();
            sheet.insert_chart(1, 12, &chart)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Export;
    use super::*;
    use auditlog::reference::Ref;
    use auditlog::scan::Found;
    use calamine::{Data, Reader, Xlsx, open_workbook};

    fn row(line: &str) -> Row {
        let entry = auditlog::format::parse(line).unwrap();
        Row::new(Found {
            reference: Ref {
                stamp: entry.created,
                nth: 1,
            },
            entry,
            raw: Vec::new(),
        })
    }

    /// A workbook of these entries, `max_rows` rows a sheet, as export writes it; read back.
    fn exported(
        dir: &Path,
        lines: &[String],
        max_rows: u32,
    ) -> Xlsx<std::io::BufReader<std::fs::File>> {
        let path = dir.join("export.xlsx");
        let now = chrono::Utc::now();
        let mut book = Workbook::new(&path, false, now, auditlog::time::Zone::System).unwrap();
        book.max_rows = max_rows;
        let mut book: Box<dyn Export> = Box::new(book);
        let mut tally = Tally::new(false);
        for line in lines {
            let row = row(line);
            tally.add(&row);
            book.entry(&row).unwrap();
        }
        let about = About {
            command: "auditlog export export.xlsx".into(),
            made: now.naive_utc(),
            files: vec![],
            tally,
        };
        book.finish(&about).unwrap();
        open_workbook(&path).unwrap()
    }

    #[test]
    fn rows_past_a_sheet_continue_on_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let lines: Vec<String> = (0..7)
            .map(|i| format!(
                "2026-11-23T10:00:0{i},000 INFO  REQUEST: ./login - USER: u{i} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -"
            ))
            .collect();
        let mut xlsx = exported(dir.path(), &lines, 4);
        assert_eq!(
            xlsx.sheet_names(),
            ["Audit Log", "Audit Log (2)", "Audit Log (3)", "Summary"]
        );
        let accounts = |name: &str, xlsx: &mut Xlsx<_>| -> Vec<Data> {
            xlsx.worksheet_range(name)
                .unwrap()
                .rows()
                .map(|r| r[2].clone())
                .collect()
        };
        let s = |t: &str| Data::String(t.to_owned());
        assert_eq!(
            accounts("Audit Log", &mut xlsx),
            [s("User Account"), s("u0"), s("u1"), s("u2")]
        );
        assert_eq!(
            accounts("Audit Log (2)", &mut xlsx),
            [s("User Account"), s("u3"), s("u4"), s("u5")]
        );
        assert_eq!(
            accounts("Audit Log (3)", &mut xlsx),
            [s("User Account"), s("u6")]
        );
    }

    #[test]
    fn text_too_long_for_a_cell_is_cut_with_a_mark() {
        let long = "x".repeat(40_000);
        let cut = fit(&long);
        assert_eq!(
            cut.chars().count(),
            MAX_CHARS - 40 + " […cut: 7273 more characters]".chars().count()
        );
        assert!(cut.ends_with(" […cut: 7273 more characters]"));
        assert!(cut.chars().count() <= MAX_CHARS);
        assert_eq!(fit("short"), "short");
    }

    /// Excel counts a cell's text in UTF-16 units: 20,000 emoji are 40,000 of them, too many
    /// for a cell though fewer than 32,767 characters. Such a reason once failed the export.
    #[test]
    fn text_is_measured_as_excel_measures_it() {
        let emoji = "\u{1F600}".repeat(20_000);
        let kept = (MAX_CHARS - 40) / 2;
        let mark = format!(" […cut: {} more characters]", 20_000 - kept);
        assert_eq!(*fit(&emoji), format!("{}{mark}", "\u{1F600}".repeat(kept)));
        assert!(fit(&emoji).encode_utf16().count() <= MAX_CHARS);
        let fits = "\u{1F600}".repeat(MAX_CHARS / 2);
        assert_eq!(fit(&fits), fits);

        let dir = tempfile::tempdir().unwrap();
        let line = format!(
            "2026-11-23T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: {emoji} - TIMESPENT: - - TICKET: -"
        );
        let mut xlsx = exported(dir.path(), &[line], MAX_ROWS);
        let sheet = xlsx.worksheet_range("Audit Log").unwrap();
        assert_eq!(
            sheet.get_value((1, 5)),
            Some(&Data::String(format!("{}{mark}", "\u{1F600}".repeat(kept))))
        );
    }
}
