//! The workbook of a reconciliation: a sheet of mismatches, a row for each field that differs,
//! and a sheet of the counts.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use auditlog::reconcile::{Mismatch, Pairing};
use auditlog::time::Zone;
use rust_xlsxwriter::{Format, Workbook};

use crate::output::xlsx::fit;

const HEADERS: [&str; 10] = [
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

/// The workbook, written as the mismatches come.
pub struct Sheets {
    book: Workbook,
    path: PathBuf,
    row: u32,
}

impl Sheets {
    /// A workbook to be saved at `path`: refused now, before anything is read, when `path`
    /// holds something other than a regular file.
    pub fn new(path: &Path) -> Result<Sheets> {
        auditlog::durable::ensure_regular_or_absent(path)
            .with_context(|| format!("--xlsx {}", auditlog::safe::safe_path(path)))?;
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name("Mismatches")?;
        for (col, (header, width)) in HEADERS.iter().zip(WIDTHS).enumerate() {
            sheet.write_string_with_format(0, col as u16, *header, &bold)?;
            sheet.set_column_width(col as u16, width)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(Sheets {
            book,
            path: path.to_owned(),
            row: 1,
        })
    }

    /// One mismatch: a row, or a row per field that differs.
    pub fn mismatch(&mut self, m: &Mismatch, zone: Zone) -> Result<()> {
        let sheet = self.book.worksheet_from_index(0)?;
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
        for cells in rows {
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
        let last = self.row.saturating_sub(1).max(1);
        self.book
            .worksheet_from_index(0)?
            .autofilter(0, 0, last, HEADERS.len() as u16 - 1)?;
        let sheet = self.book.add_worksheet();
        sheet.set_name("Summary")?;
        sheet.set_column_width(0, 100.0)?;
        for (row, line) in summary.iter().enumerate() {
            sheet.write_string(row as u32, 0, line.trim_start())?;
        }
        let bytes = self.book.save_to_buffer()?;
        auditlog::durable::replace(&self.path, &bytes, 0o640)
            .with_context(|| format!("--xlsx {}", auditlog::safe::safe_path(&self.path)))?;
        Ok(())
    }
}
