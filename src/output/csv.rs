//! CSV (RFC 4180) with a header: JOC's export columns, the reference, and with `--with-params`
//! the request body. The one CSV writer: `list -o csv`, `tail -o csv` and `export x.csv` write
//! the same cells.
//!
//! Cells hold the exact values (a reason keeps its line breaks, quoted), with two exceptions: a
//! cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` before it,
//! so that no spreadsheet takes text from a log for a formula; and on a terminal, every cell is
//! made safe to show (see [`one_line`]).

use std::borrow::Cow;
use std::io::{self, Write};

use auditlog::format::one_line;

use super::{Found, Sink, created};

/// JOC's export columns.
pub const COLUMNS: [&str; 8] = [
    "Controller ID",
    "Created",
    "User Account",
    "Request",
    "Category",
    "Reason",
    "Time Spent",
    "Ticket Link",
];

/// The column `--with-params` adds.
pub const BODY: &str = "Request Body";

pub struct Csv<W: Write> {
    out: csv::Writer<W>,
    with_params: bool,
    terminal: bool,
    header: bool,
}

impl<W: Write> Csv<W> {
    /// A CSV writer to `out`: with the request body as a last column when `with_params`, and
    /// every cell made safe to show when `terminal`.
    pub fn new(out: W, with_params: bool, terminal: bool) -> Csv<W> {
        Csv {
            out: csv::WriterBuilder::new()
                .buffer_capacity(256 << 10)
                .from_writer(out),
            with_params,
            terminal,
            header: false,
        }
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header {
            self.header = true;
            let mut header: Vec<&str> = COLUMNS.to_vec();
            header.push("Ref");
            if self.with_params {
                header.push(BODY);
            }
            self.out.write_record(header)?;
        }
        Ok(())
    }

    /// Writes an entry whose body names `controller`.
    pub fn row(&mut self, found: &Found, controller: Option<&str>) -> io::Result<()> {
        self.header()?;
        let e = &found.entry;
        let minutes = e.time_spent.map(|m| m.to_string());
        let reference = found.reference.to_string();
        let mut cells: Vec<Cow<str>> = vec![
            Cow::Borrowed(controller.unwrap_or_default()),
            Cow::Owned(created(e.created)),
            Cow::Borrowed(&e.user),
            Cow::Borrowed(&e.request),
            Cow::Borrowed(e.category().name()),
            Cow::Borrowed(e.comment.as_deref().unwrap_or_default()),
            Cow::Borrowed(minutes.as_deref().unwrap_or_default()),
            Cow::Borrowed(e.ticket.as_deref().unwrap_or_default()),
            Cow::Borrowed(&reference),
        ];
        if self.with_params {
            cells.push(Cow::Borrowed(e.params.as_deref().unwrap_or_default()));
        }
        for cell in &cells {
            let cell = defused(cell);
            if self.terminal {
                self.out.write_field(one_line(&cell).as_bytes())?;
            } else {
                self.out.write_field(cell.as_bytes())?;
            }
        }
        self.out.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// Writes the header when no row did, flushes, and gives back what was written to.
    pub fn finish(mut self) -> io::Result<W> {
        self.header()?;
        self.out.flush()?;
        self.out
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// A cell a spreadsheet reads as text, never as a formula: one that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a `'` before it.
pub fn defused(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

impl<W: Write> Sink for Csv<W> {
    fn write(&mut self, found: &Found) -> io::Result<()> {
        self.row(found, found.entry.controller().as_deref())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        Csv::finish(*self).map(drop)
    }
}
