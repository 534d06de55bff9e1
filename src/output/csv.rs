//! CSV (RFC 4180) with a header: the one CSV writer, for every record. `list -o csv`,
//! `tail -o csv`, `executions -o csv` and `export x.csv` write their columns through it.
//!
//! Cells hold the exact values (a reason keeps its line breaks, quoted), with two exceptions: a
//! cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` before it,
//! so that no spreadsheet takes text from a log for a formula; and on a terminal, every cell is
//! made safe to show (see [`one_line`]).

use std::borrow::Cow;
use std::io::{self, Write};

use auditlog::safe::one_line;

use super::row::{Cell, Column, Record, Sink};
use super::text::{created, human};

pub struct Csv<W: Write, R: 'static> {
    out: csv::Writer<W>,
    columns: Vec<&'static Column<R>>,
    terminal: bool,
    header: bool,
}

impl<W: Write, R: Record> Csv<W, R> {
    /// A CSV writer of the record's columns to `out`, and of `extra` columns after them;
    /// every cell made safe to show when `terminal`.
    pub fn new(out: W, extra: &[&'static Column<R>], terminal: bool) -> Csv<W, R> {
        Csv {
            out: csv::WriterBuilder::new()
                .buffer_capacity(256 << 10)
                .from_writer(out),
            columns: R::columns().iter().chain(extra.iter().copied()).collect(),
            terminal,
            header: false,
        }
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header {
            self.header = true;
            self.out
                .write_record(self.columns.iter().map(|c| c.header))?;
        }
        Ok(())
    }

    /// Writes the header when no row did, flushes, and gives back what was written to.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.header()?;
        self.out.flush()?;
        self.out
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// A cell's text in CSV: the exact value.
fn text<'a>(cell: &'a Cell<'a>) -> Cow<'a, str> {
    match cell {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(text) => Cow::Borrowed(text),
        Cell::Time(stamp) => Cow::Owned(created(*stamp)),
        Cell::Minutes(m) => Cow::Owned(m.to_string()),
        Cell::Duration(ms) => Cow::Owned(human(*ms)),
        Cell::Link(link) => Cow::Borrowed(link),
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

impl<W: Write, R: Record> Sink<R> for Csv<W, R> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        self.header()?;
        for column in &self.columns {
            let cell = (column.cell)(row);
            let text = text(&cell);
            let cell = defused(&text);
            if self.terminal {
                self.out.write_field(one_line(&cell).as_bytes())?;
            } else {
                self.out.write_field(cell.as_bytes())?;
            }
        }
        self.out.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        self.into_inner().map(drop)
    }
}
