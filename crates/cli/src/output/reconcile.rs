//! How `reconcile` says what it found: each mismatch as it is found (FILE:LINE: WHY, or a
//! JSON object), then the counts; and the same in a workbook for the compliance officer.
//! Every text from the log or the database is made safe for a terminal first.

mod table;
mod xlsx;

use std::io::Write;

use anyhow::Result;
use auditlog::json::{safe_json, utc};
use auditlog::reconcile::{Difference, Mismatch, Pairing, Reconciled, Stored};
use auditlog::safe::{one_line, safe_path};
use auditlog::scan::Found;
use auditlog::time::Zone;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{Format, Pace, Palette, Screen, Sink, sink, stdout};

use table::MismatchRow;
pub use xlsx::Sheets;

/// How the mismatches and counts are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Printed {
    /// Each mismatch as FILE:LINE: WHY, then the counts in words.
    Text,
    /// The mismatches as a table, a row per field that differs, then the counts in words.
    Table,
    /// One JSON document.
    Json,
}

/// What was compared: for the counts' heading.
pub struct Compared {
    /// The log (its newest file).
    pub log: String,
    /// The table, as the catalog names it.
    pub table: String,
    /// Where the window began and ended.
    pub start: Option<DateTime<Utc>>,
    /// Where it ends.
    pub end: DateTime<Utc>,
    /// Lines without a row before this were purged.
    pub purged_before: Option<DateTime<Utc>>,
    /// Whether the objects log was compared with the details: then how many of its lines
    /// could not be read (their objects not compared, and a difference).
    pub objects: Option<u64>,
    /// The zone times are shown in.
    pub zone: Zone,
}

/// Writes the mismatches as they come, and the counts at the end.
pub struct Reconciliation<W: Write> {
    out: W,
    format: Printed,
    palette: Palette,
    zone: Zone,
    table: String,
    sheets: Option<Sheets>,
    /// The rows of `-o table`, on their own standard output.
    rows: Option<Box<dyn Sink<MismatchRow>>>,
    said: u64,
    /// Standard output was closed (`| head`): the comparison goes on, for its exit code and
    /// the workbook, with nothing more printed.
    closed: bool,
    failed: Option<anyhow::Error>,
}

impl<W: Write> Reconciliation<W> {
    /// A report to `out` in `format`, and to `sheets` when given.
    pub fn new(
        out: W,
        format: Printed,
        (screen, zone): (Screen, Zone),
        table: &str,
        sheets: Option<Sheets>,
    ) -> Reconciliation<W> {
        let palette = screen.palette;
        let rows = (format == Printed::Table)
            .then(|| sink::<MismatchRow, _>(Format::Table, stdout(), screen, Pace::EachRow));
        Reconciliation {
            rows,
            out,
            format,
            palette,
            zone,
            table: table.to_owned(),
            sheets,
            said: 0,
            closed: false,
            failed: None,
        }
    }

    /// Says one mismatch; a failure to write is kept, and [`Reconciliation::failure`] hands it out.
    pub fn mismatch(&mut self, m: &Mismatch) {
        if self.failed.is_some() {
            return;
        }
        let written = self.write_mismatch(m);
        if let Err(error) = written {
            if closed_pipe(&error) {
                self.closed = true;
            } else {
                self.failed = Some(error);
            }
        }
    }

    /// The first failure to write, once.
    pub fn failure(&mut self) -> Option<anyhow::Error> {
        self.failed.take()
    }

    fn write_mismatch(&mut self, m: &Mismatch) -> Result<()> {
        if let Some(sheets) = &mut self.sheets {
            sheets.mismatch(m, self.zone)?;
        }
        if self.closed {
            return Ok(());
        }
        match self.format {
            Printed::Text => writeln!(self.out, "{}", self.text(m))?,
            Printed::Table => {
                if let Some(rows) = &mut self.rows {
                    for cells in xlsx::cells_of(m, self.zone) {
                        rows.write(MismatchRow(cells))?;
                    }
                }
            }
            Printed::Json => {
                let sep = if self.said == 0 {
                    "{\"mismatches\":[\n"
                } else {
                    ",\n"
                };
                write!(self.out, "{sep}{}", safe_json(&mismatch_json(m)))?;
            }
        }
        self.said += 1;
        Ok(())
    }

    /// The counts, after the mismatches; the workbook saved.
    pub fn finish(mut self, seen: &Reconciled, about: &Compared) -> Result<()> {
        if let Some(error) = self.failed.take() {
            return Err(error);
        }
        if let Some(sheets) = self.sheets.take() {
            sheets.close(&summary_lines(seen, about))?;
        }
        match self.print_summary(seen, about) {
            Err(error) if closed_pipe(&error) => Ok(()),
            other => other,
        }
    }

    fn print_summary(&mut self, seen: &Reconciled, about: &Compared) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.format {
            Printed::Text | Printed::Table => {
                if let Some(rows) = self.rows.take() {
                    rows.finish()?;
                }
                for line in summary_lines(seen, about) {
                    writeln!(self.out, "{line}")?;
                }
            }
            Printed::Json => {
                let open = if self.said == 0 {
                    "{\"mismatches\":[]"
                } else {
                    "\n]"
                };
                writeln!(
                    self.out,
                    "{open},\"summary\":{}}}",
                    safe_json(&summary_json(seen, about))
                )?;
            }
        }
        self.out.flush()?;
        Ok(())
    }

    fn text(&self, m: &Mismatch) -> String {
        let p = self.palette;
        let shown = |row: &Stored| {
            format!(
                "{} {} {}",
                self.zone.rfc3339(row.created),
                one_line(&row.account),
                one_line(&row.request)
            )
        };
        match m {
            Mismatch::NoRow(line) => format!(
                "{}: {}{}: {}",
                place(line, p),
                p.bad("no row in the database"),
                line.entry
                    .id
                    .map_or_else(String::new, |id| format!(" for ID {id}")),
                shown_line(line),
            ),
            Mismatch::NoLine(row) => format!(
                "{} row {}: {}: {}",
                p.path(one_line(&self.table)),
                p.line(row.id),
                p.bad("no line in the file"),
                shown(row),
            ),
            Mismatch::Differs {
                line,
                row,
                pairing,
                differences,
            } => format!(
                "{}: {} row {}{}: {}",
                place(line, p),
                p.bad("differs from"),
                row.id,
                match pairing {
                    Pairing::Id => "",
                    Pairing::Stamp => " (paired by stamp, account and request)",
                },
                differences
                    .iter()
                    .map(difference_text)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        }
    }
}

/// Whether writing failed because the reader of standard output went away.
fn closed_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// FILE:LINE of a line.
fn place(line: &Found, p: Palette) -> String {
    match &line.entry.origin {
        Some(o) => format!("{}:{}", p.path(safe_path(&o.file)), p.line(o.line)),
        None => p.path("-").to_string(),
    }
}

fn shown_line(line: &Found) -> String {
    format!(
        "{} {} {}",
        line.entry.created,
        one_line(&line.entry.user),
        one_line(&line.entry.request)
    )
}

/// How long a value is shown in text before it is cut; JSON and the workbook have it whole.
const SHOWN: usize = 120;

fn difference_text(d: &Difference) -> String {
    // Long values are shown from a little before where they first differ.
    let from = match (&d.file, &d.database) {
        (Some(a), Some(b)) => a
            .chars()
            .zip(b.chars())
            .take_while(|(x, y)| x == y)
            .count()
            .saturating_sub(SHOWN / 3),
        _ => 0,
    };
    let value = |v: &Option<String>| match v {
        None => "none".to_owned(),
        Some(v) => {
            let start = if from > 0 { "…" } else { "" };
            let shown: String = v.chars().skip(from).take(SHOWN).collect();
            let end = if v.chars().count() > from + SHOWN {
                "…"
            } else {
                ""
            };
            format!("\"{start}{}{end}\"", one_line(&shown))
        }
    };
    format!(
        "{}: {} in the file, {} in the database",
        d.field,
        value(&d.file),
        value(&d.database)
    )
}

fn mismatch_json(m: &Mismatch) -> Value {
    let line_json = |line: &Found| {
        json!({
            "file": line.entry.origin.as_ref().map(|o| o.file.to_string_lossy().into_owned()),
            "line": line.entry.origin.as_ref().map(|o| o.line),
            "id": line.entry.id,
            "instant": utc(line.instant),
            "account": line.entry.user,
            "request": line.entry.request,
        })
    };
    let row_json = |row: &Stored| {
        json!({
            "id": row.id,
            "created": utc(row.created),
            "account": row.account,
            "request": row.request,
        })
    };
    match m {
        Mismatch::NoRow(line) => json!({"kind": "no_row", "line": line_json(line)}),
        Mismatch::NoLine(row) => json!({"kind": "no_line", "row": row_json(row)}),
        Mismatch::Differs {
            line,
            row,
            pairing,
            differences,
        } => json!({
            "kind": "differs",
            "pairing": match pairing { Pairing::Id => "id", Pairing::Stamp => "stamp" },
            "line": line_json(line),
            "row": row_json(row),
            "differences": differences.iter().map(|d| json!({
                "field": d.field.name(),
                "file": d.file,
                "database": d.database,
            })).collect::<Vec<_>>(),
        }),
    }
}

fn summary_json(seen: &Reconciled, about: &Compared) -> Value {
    json!({
        "log": about.log,
        "table": about.table,
        "start": about.start.map(utc),
        "end": utc(about.end),
        "purged_before": about.purged_before.map(utc),
        "agree": seen.agree() && about.objects.unwrap_or(0) == 0,
        "lines": seen.lines,
        "rows": seen.rows,
        "pairs_agreeing": seen.agree,
        "pairs_differing": seen.differ,
        "paired_by_id": seen.by_id,
        "rows_without_line": seen.no_line,
        "lines_without_row": seen.no_row,
        "lines_purged": seen.purged,
        "rows_before_window": seen.before,
        "rows_after_window": seen.after,
        "rows_unplaced": seen.unplaced,
        "objects_compared": about.objects.map(|_| seen.objects),
        "objects_lines_unreadable": about.objects,
    })
}

/// The counts in words, a line each.
fn summary_lines(seen: &Reconciled, about: &Compared) -> Vec<String> {
    let n = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let when = |t: DateTime<Utc>| about.zone.rfc3339(t);
    let mut lines = vec![
        format!(
            "{} against {}, {} to {}:",
            one_line(&about.log),
            one_line(&about.table),
            about.start.map_or_else(|| "the start".to_owned(), when),
            when(about.end)
        ),
        format!(
            "  {} and {} compared: {}, {} ({} by ID, {} by stamp)",
            n(seen.lines, "line", "lines"),
            n(seen.rows, "row", "rows"),
            n(seen.agree, "pair agrees", "pairs agree"),
            n(seen.differ, "pair differs", "pairs differ"),
            seen.by_id,
            (seen.agree + seen.differ) - seen.by_id,
        ),
        format!(
            "  {} without a row, {} without a line",
            n(seen.no_row, "line", "lines"),
            n(seen.no_line, "row", "rows"),
        ),
    ];
    if let Some(p) = about.purged_before {
        lines.push(format!(
            "  {} without a row from before {} (purged: not a difference)",
            n(seen.purged, "line", "lines"),
            when(p)
        ));
    }
    lines.push(format!(
        "  {} before the file's first entry, {} after the window (not compared)",
        n(seen.before, "row", "rows"),
        seen.after
    ));
    if let Some(unreadable) = about.objects {
        lines.push(format!(
            "  {} compared with the objects log",
            n(seen.objects, "pair's objects", "pairs' objects")
        ));
        if unreadable > 0 {
            lines.push(format!(
                "  {} of the objects log could not be read (said above): not compared",
                n(unreadable, "line", "lines")
            ));
        }
    }
    if seen.unplaced > 0 {
        lines.push(format!(
            "  {} without CREATED or a whole ID from 0, which cannot be compared",
            n(seen.unplaced, "row", "rows")
        ));
    }
    lines.push(
        if seen.agree() && about.objects.unwrap_or(0) == 0 {
            "  the file and the database agree"
        } else {
            "  the file and the database DIFFER"
        }
        .to_owned(),
    );
    lines
}
