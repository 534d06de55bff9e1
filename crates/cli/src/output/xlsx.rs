//! The Excel form of an export: "Audit Log" (continued on "Audit Log (2)" and on past Excel's
//! row limit), "Job Executions" when the range holds any, and "Summary". The audit sheets are
//! written in constant-memory mode, row by row, so memory stays flat however large the range.
//! Cells are written as the columns give them: text always as text, never as a formula;
//! times as Excel date-times; minutes as numbers; ticket links as working links.

mod summary;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use anyhow::Result;
use auditlog::execution::Metric;
use auditlog::record::is_ticket_link;
use rust_xlsxwriter::{Format, Formula, Workbook as Book, Worksheet};

pub use summary::{Provenance, Summary};

use super::columns::{BODY, ENTRY_COLUMNS, EXECUTION_COLUMNS, EntryRow, ExecutionRow};
use super::row::{Cell, Column};

/// Excel's rows: one for the header, the rest for entries.
const MAX_ROWS: u32 = 1_048_576;
/// Excel's limit for the text of a cell.
const MAX_CHARS: usize = 32_767;
/// The widest a column is made, in characters.
pub(super) const MAX_WIDTH: usize = 60;
/// The longest text a formula may quote: longer ticket links are written as text.
const MAX_LINK: usize = 255;

/// The columns of the audit sheets: JOC's export columns, and the request body with
/// `--with-params`.
pub fn audit_columns(with_params: bool) -> Vec<&'static Column<EntryRow>> {
    let mut columns: Vec<_> = ENTRY_COLUMNS.iter().filter(|c| c.header != "Ref").collect();
    if with_params {
        columns.push(&BODY);
    }
    columns
}

pub struct Workbook {
    book: Book,
    path: PathBuf,
    columns: Vec<&'static Column<EntryRow>>,
    /// The index of the audit sheet being written, its next row, and how many there are.
    sheet: usize,
    row: u32,
    sheets: usize,
    formats: Formats,
    /// Rows a sheet takes, its header included.
    max_rows: u32,
}

/// The cell formats of a workbook.
struct Formats {
    bold: Format,
    when: Format,
    link: Format,
    duration: Format,
    /// Text whose line breaks show as lines: a reason, a request body.
    lines: Format,
}

impl Workbook {
    /// A workbook to be saved at `path`.
    pub fn new(path: &Path, with_params: bool) -> Result<Workbook> {
        let mut book = Book::new();
        // zlib-rs at level 2: faster than C zlib at level 1, and a smaller file; level 1 would
        // save a twentieth of the time for a quarter more bytes.
        book.set_zip_compression_level(2);
        let mut workbook = Workbook {
            book,
            path: path.to_owned(),
            columns: audit_columns(with_params),
            sheet: 0,
            row: 0,
            sheets: 0,
            formats: Formats {
                bold: Format::new().set_bold(),
                when: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss.000"),
                link: Format::new()
                    .set_font_color(rust_xlsxwriter::Color::Blue)
                    .set_underline(rust_xlsxwriter::FormatUnderline::Single),
                duration: Format::new().set_num_format("[h]:mm:ss.000"),
                lines: Format::new()
                    .set_text_wrap()
                    .set_align(rust_xlsxwriter::FormatAlign::Top),
            },
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
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        for (col, column) in self.columns.iter().enumerate() {
            // A time takes its format from its column, which costs nothing per cell.
            match column.header {
                "Created" => {
                    sheet.set_column_format(col as u16, &self.formats.when)?;
                }
                // A reason's second line is a line of its own, not drawn over the next row.
                "Reason" | "Request Body" => {
                    sheet.set_column_format(col as u16, &self.formats.lines)?;
                }
                _ => {}
            }
            sheet.write_string_with_format(0, col as u16, column.header, &self.formats.bold)?;
        }
        self.sheet = self.sheets - 1;
        self.row = 1;
        Ok(())
    }

    /// Freezes the header of the audit sheet being written and filters it.
    fn close_sheet(&mut self) -> Result<()> {
        let rows = self.row;
        let cols = self.columns.len() as u16;
        let sheet = self.book.worksheet_from_index(self.sheet)?;
        print_setup(sheet, 0)?;
        sheet.autofilter(0, 0, rows.saturating_sub(1).max(1), cols - 1)?;
        Ok(())
    }

    /// Writes an entry on the audit sheet, and starts the next sheet when one is full.
    pub fn write(&mut self, row: &EntryRow) -> Result<()> {
        if self.row >= self.max_rows {
            self.start_sheet()?;
        }
        let at = self.row;
        let sheet = self.book.worksheet_from_index(self.sheet)?;
        // A reason of several lines gets a row of that many lines: a spreadsheet does not
        // grow a row for wrapped text on its own.
        let lines = self
            .columns
            .iter()
            .filter(|c| matches!(c.header, "Reason" | "Request Body"))
            .map(|c| match (c.cell)(row) {
                Cell::Text(text) => wrapped_lines(&text),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(at, (15 * lines).min(409) as f64)?;
        }
        for (col, column) in self.columns.iter().enumerate() {
            write_cell(
                sheet,
                at,
                col as u16,
                &(column.cell)(row),
                &self.formats,
                false,
            )?;
        }
        self.row += 1;
        Ok(())
    }

    /// Writes the sheets after the audit sheets and saves the workbook, synced to disk: the
    /// executions in the export (with where they stand), and the summary.
    pub fn close(
        mut self,
        about: &Provenance,
        summary: &Summary,
        executions: &[ExecutionRow],
    ) -> Result<()> {
        self.close_sheet()?;
        // Every audit sheet gets the same widths, fitted to all the rows.
        for sheet in 0..self.sheets {
            let sheet = self.book.worksheet_from_index(sheet)?;
            for (col, width) in summary.widths().iter().enumerate() {
                sheet.set_column_width(col as u16, (*width + 2).min(MAX_WIDTH) as f64)?;
            }
        }
        if !executions.is_empty() {
            self.executions_sheet(executions)?;
        }
        summary.sheet(
            &mut self.book,
            about,
            &self.formats.bold,
            &self.formats.when,
        )?;
        let file = auditlog::durable::create_new(&self.path, 0o640)?;
        let mut out = Deferred::new(std::io::BufWriter::with_capacity(256 << 10, file));
        self.book.save_to_writer(&mut out)?;
        let file = out.finish()?.into_inner().map_err(|e| e.into_error())?;
        // On disk before it is renamed into place, as the other forms are.
        file.sync_all()?;
        Ok(())
    }

    /// "Job Executions": the job audit log's table, Duration as an Excel duration, a column
    /// per metric.
    fn executions_sheet(&mut self, executions: &[ExecutionRow]) -> Result<()> {
        let mut metrics: Vec<String> = executions
            .iter()
            .filter_map(|r| r.execution.finished.as_ref())
            .flat_map(|(f, _)| f.metrics.iter().map(|(name, _)| name.clone()))
            .collect();
        metrics.sort();
        metrics.dedup();
        let sheet = self.book.add_worksheet();
        sheet.set_name("Job Executions")?;
        let headers = EXECUTION_COLUMNS.iter().map(|c| c.header.to_owned());
        for (col, header) in headers.chain(metrics.iter().cloned()).enumerate() {
            sheet.write_string_with_format(0, col as u16, header, &self.formats.bold)?;
        }
        for (i, row) in executions.iter().enumerate() {
            let at = i as u32 + 1;
            for (col, column) in EXECUTION_COLUMNS.iter().enumerate() {
                write_cell(
                    sheet,
                    at,
                    col as u16,
                    &(column.cell)(row),
                    &self.formats,
                    true,
                )?;
            }
            let Some((finished, _)) = &row.execution.finished else {
                continue;
            };
            for (j, name) in metrics.iter().enumerate() {
                let col = (EXECUTION_COLUMNS.len() + j) as u16;
                match finished.metrics.iter().find(|(n, _)| n == name) {
                    Some((_, Metric::Number(n))) => match n.parse::<f64>() {
                        Ok(number) if number.is_finite() => {
                            sheet.write_number(at, col, number)?;
                        }
                        _ => {
                            sheet.write_string(at, col, n.as_str())?;
                        }
                    },
                    Some((_, Metric::Text(text))) => {
                        sheet.write_string(at, col, fit(text))?;
                    }
                    None => {}
                }
            }
        }
        print_setup(sheet, 0)?;
        sheet.autofilter(
            0,
            0,
            executions.len().max(1) as u32,
            (EXECUTION_COLUMNS.len() + metrics.len() - 1) as u16,
        )?;
        sheet.set_column_width(0, 24)?;
        for col in [1u16, 2, 3, 4] {
            sheet.set_column_width(col, 20)?;
        }
        // Started and Ended: 23 characters, and the longest offset a stamp was written with.
        let offset = executions
            .iter()
            .flat_map(|r| {
                let e = &r.execution;
                std::iter::once(e.created.offset).chain(e.finished.as_ref().map(|(_, t)| t.offset))
            })
            .flatten()
            .map(|secs| offset_text(secs).len())
            .max()
            .unwrap_or(0);
        for col in [5u16, 6] {
            sheet.set_column_width(col, (25 + offset) as f64)?;
        }
        sheet.set_column_width(7, 14)?;
        Ok(())
    }
}

/// How many lines a text takes in a wrapped cell of the widest column: each of its lines, one
/// more for each `MAX_WIDTH` characters past the first.
fn wrapped_lines(text: &str) -> usize {
    text.split('\n')
        .map(|line| line.chars().count().div_ceil(MAX_WIDTH).max(1))
        .sum()
}

/// How every sheet prints and scrolls: landscape, as wide as one page, the header row (at
/// `header`) repeated on each page, and the panes frozen under it.
pub(super) fn print_setup(sheet: &mut Worksheet, header: u32) -> Result<()> {
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header, header)?;
    sheet.set_freeze_panes(header + 1, 0)?;
    Ok(())
}

/// The number format of a time written with an offset of `secs` east of UTC: the time, then
/// the offset as the stamp wrote it (`Z`, `+02:00`).
fn offset_format(secs: Option<i32>) -> String {
    let offset = offset_text(secs.unwrap_or_default());
    format!("yyyy-mm-dd hh:mm:ss.000\"{offset}\"")
}

/// An offset of `secs` east of UTC as a stamp writes it: `Z`, `+02:00`, `-00:30`.
pub(super) fn offset_text(secs: i32) -> String {
    match secs {
        0 => "Z".to_owned(),
        _ => {
            let sign = if secs < 0 { '-' } else { '+' };
            let minutes = secs.unsigned_abs() / 60;
            format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
    }
}

/// Writes a cell as its kind asks; `format_times` gives a time its format in the cell (a sheet
/// not written in constant memory has no cheaper way).
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell<'_>,
    formats: &Formats,
    format_times: bool,
) -> Result<()> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => {
            sheet.write_string(row, col, fit(text))?;
        }
        // A stamp written with its offset keeps it in sight: its wall-clock time as written,
        // and the offset after it in the cell's format.
        Cell::Time(stamp) if stamp.offset.is_some() => {
            let with_offset = Format::new().set_num_format(offset_format(stamp.offset));
            sheet.write_datetime_with_format(row, col, stamp.local, &with_offset)?;
        }
        Cell::Time(stamp) if format_times => {
            sheet.write_datetime_with_format(row, col, stamp.local, &formats.when)?;
        }
        Cell::Time(stamp) => {
            sheet.write_datetime(row, col, stamp.local)?;
        }
        Cell::Minutes(minutes) => {
            sheet.write_number(row, col, *minutes)?;
        }
        Cell::Duration(ms) => {
            sheet.write_number_with_format(
                row,
                col,
                *ms as f64 / 86_400_000.0,
                &formats.duration,
            )?;
        }
        // A link is a HYPERLINK formula of a checked http(s) link, its quotes doubled: a
        // worksheet's links would all be held in memory until it is saved, and Excel takes at
        // most 65,530 of them.
        Cell::Link(link) if is_ticket_link(link) && link.chars().count() <= MAX_LINK => {
            let quoted = link.replace('"', "\"\"");
            let formula = Formula::new(format!("=HYPERLINK(\"{quoted}\")")).set_result(*link);
            sheet.write_formula_with_format(row, col, formula, &formats.link)?;
        }
        Cell::Link(link) => {
            sheet.write_string(row, col, fit(link))?;
        }
        Cell::Category(_) | Cell::Status(_) => {
            sheet.write_string(row, col, cell.exact())?;
        }
    }
    Ok(())
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

/// Text as a cell can hold it: cut, with a visible mark, past Excel's limit, which counts
/// UTF-16 units (a character outside the Basic Multilingual Plane takes two).
pub fn fit(text: &str) -> Cow<'_, str> {
    // A UTF-8 string has at least as many bytes as UTF-16 units.
    if text.len() <= MAX_CHARS || text.encode_utf16().count() <= MAX_CHARS {
        return Cow::Borrowed(text);
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
    Cow::Owned(format!("{} […cut: {more} more characters]", &text[..end]))
}

#[cfg(test)]
mod tests;
