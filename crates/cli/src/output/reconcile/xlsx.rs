//! The workbook of a reconciliation: a sheet of mismatches, a row for each field that differs,
//! and a sheet of the counts.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use auditlog::reconcile::{Mismatch, Pairing};
use auditlog::time::Zone;
use rust_xlsxwriter::{Format, Workbook};

use crate::output::xlsx::fit;

pub const HEADERS: [&str; 10] = [
    "Mismatch",
    "File",
    "Line",
    "ID",
    "Time",
    "Account",
    "Request",
    "Field",
    "In the file",
    "In the database",
];
const WIDTHS: [f64; 10] = [18.0, 24.0, 8.0, 10.0, 26.0, 16.0, 32.0, 12.0, 48.0, 48.0];

/// The rows of a sheet, the header's among them (Excel's limit).
const MAX_ROWS: u32 = 1_048_576;

/// The workbook, written as the mismatches come.
pub struct Sheets {
    book: Workbook,
    path: PathBuf,
    /// The sheets of mismatches so far, and the next row of the last.
    sheets: u16,
    row: u32,
}

impl Sheets {
    /// A workbook to be saved at `path`: refused now, before anything is read, when `path`
    /// holds something other than a regular file.
    pub fn new(path: &Path) -> Result<Sheets> {
        auditlog::durable::ensure_regular_or_absent(path)
            .with_context(|| format!("--xlsx {}", auditlog::safe::safe_path(path)))?;
        let mut sheets = Sheets {
            book: Workbook::new(),
            path: path.to_owned(),
            sheets: 0,
            row: 0,
        };
        sheets.start_sheet()?;
        Ok(sheets)
    }

    /// Starts the next sheet of mismatches, "Mismatches (2)" and on past the first.
    fn start_sheet(&mut self) -> Result<()> {
        if self.sheets > 0 {
            self.close_sheet()?;
        }
        self.sheets += 1;
        let name = match self.sheets {
            1 => "Mismatches".to_owned(),
            n => format!("Mismatches ({n})"),
        };
        let bold = Format::new().set_bold();
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        for (col, (header, width)) in HEADERS.iter().zip(WIDTHS).enumerate() {
            sheet.write_string_with_format(0, col as u16, *header, &bold)?;
            sheet.set_column_width(col as u16, width)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        self.row = 1;
        Ok(())
    }

    /// Filters the sheet of mismatches being written.
    fn close_sheet(&mut self) -> Result<()> {
        let last = self.row.saturating_sub(1).max(1);
        self.book
            .worksheet_from_index(usize::from(self.sheets - 1))?
            .autofilter(0, 0, last, HEADERS.len() as u16 - 1)?;
        Ok(())
    }

    /// One mismatch: a row, or a row per field that differs.
    pub fn mismatch(&mut self, m: &Mismatch, zone: Zone) -> Result<()> {
        let rows = cells_of(m, zone);
        for cells in rows {
            if self.row == MAX_ROWS {
                self.start_sheet()?;
            }
            let sheet = self
                .book
                .worksheet_from_index(usize::from(self.sheets - 1))?;
            for (col, cell) in cells.iter().enumerate() {
                if let Some(text) = cell {
                    sheet.write_string(self.row, col as u16, fit(text))?;
                }
            }
            self.row += 1;
        }
        Ok(())
    }

    /// Adds the counts' sheet and saves the workbook whole: written beside, synced, renamed
    /// into place.
    pub fn close(mut self, summary: &[String]) -> Result<()> {
        self.close_sheet()?;
        let sheet = self.book.add_worksheet();
        sheet.set_name("Summary")?;
        sheet.set_column_width(0, 100.0)?;
        for (row, line) in summary.iter().enumerate() {
            sheet.write_string(row as u32, 0, line.trim_start())?;
        }
        // Written beside it and renamed into place: never half a workbook, and never the whole
        // of it in memory.
        let shown = || format!("--xlsx {}", auditlog::safe::safe_path(&self.path));
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut file = tempfile::NamedTempFile::new_in(dir).with_context(shown)?;
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        self.book.save_to_writer(&mut out)?;
        std::io::Write::flush(&mut out).with_context(shown)?;
        drop(out);
        file.as_file().sync_all().with_context(shown)?;
        file.persist(&self.path)
            .map_err(|e| e.error)
            .with_context(shown)?;
        auditlog::durable::sync_dir(&self.path).with_context(shown)?;
        Ok(())
    }
}

/// A mismatch as rows of cells under [`HEADERS`]: one row, or one per field that differs.
pub fn cells_of(m: &Mismatch, zone: Zone) -> Vec<[Option<String>; 10]> {
    let mut rows: Vec<[Option<String>; 10]> = Vec::new();
    let file = |line: &auditlog::scan::Found| {
        let origin = line.entry.origin.as_ref();
        (
            origin.map(|o| o.file.to_string_lossy().into_owned()),
            origin.map(|o| o.line.to_string()),
        )
    };
    match m {
        Mismatch::NoRow(line) => {
            let (name, n) = file(line);
            rows.push([
                Some("no row".into()),
                name,
                n,
                line.entry.id.map(|id| id.to_string()),
                Some(zone.rfc3339(line.instant)),
                Some(line.entry.user.clone()),
                Some(line.entry.request.clone()),
                None,
                None,
                None,
            ]);
        }
        Mismatch::NoLine(row) => rows.push([
            Some("no line".into()),
            None,
            None,
            Some(row.id.to_string()),
            Some(zone.rfc3339(row.created)),
            Some(row.account.clone()),
            Some(row.request.clone()),
            None,
            None,
            None,
        ]),
        Mismatch::Differs {
            line,
            row,
            pairing,
            differences,
        } => {
            let (name, n) = file(line);
            let kind = match pairing {
                Pairing::Id => "differs",
                Pairing::Stamp => "differs (by stamp)",
            };
            for d in differences {
                rows.push([
                    Some(kind.into()),
                    name.clone(),
                    n.clone(),
                    Some(row.id.to_string()),
                    Some(zone.rfc3339(line.instant)),
                    Some(line.entry.user.clone()),
                    Some(line.entry.request.clone()),
                    Some(d.field.name().into()),
                    d.file.clone(),
                    d.database.clone(),
                ]);
            }
        }
    }
    rows
}
