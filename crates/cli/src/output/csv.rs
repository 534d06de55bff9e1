//! CSV (RFC 4180) with a header: the one CSV writer, for every record. `list -o csv`,
//! `tail -o csv`, `executions -o csv` and `export x.csv` write their columns through it.
//!
//! Cells hold the exact values (a reason keeps its line breaks, quoted), with two exceptions: a
//! cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` before it,
//! so that no spreadsheet takes text from a log for a formula; and on a terminal, every cell is
//! made safe to show (see [`one_line`]).

use std::borrow::Cow;

use auditlog::safe::one_line;

use super::row::{Column, Row};
use super::sink::{Form, Framing};

/// Where CSV goes, which decides its line ends, its byte order mark and its safety.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvFor {
    /// A pipe or a file another program reads: exact cells, LF line ends, no byte order mark.
    Program,
    /// A terminal: every cell made safe to show.
    Terminal,
    /// A `.csv` file a spreadsheet opens: exact cells, CRLF line ends as RFC 4180 writes them,
    /// and a UTF-8 byte order mark, without which Excel reads the file in the system's code
    /// page (`m.müller` as `m.mÃ¼ller`).
    Spreadsheet,
}

pub struct Csv<R: 'static> {
    columns: Vec<&'static Column<R>>,
    to: CsvFor,
}

impl<R: Row> Csv<R> {
    /// CSV of the record's columns, and of `extra` columns after them, for `to`.
    pub fn new(extra: &[&'static Column<R>], to: CsvFor) -> Csv<R> {
        Csv {
            columns: R::columns().iter().chain(extra.iter().copied()).collect(),
            to,
        }
    }

    /// The header, written before the rows, or alone when there are none; for a spreadsheet,
    /// after the byte order mark.
    pub fn framing(&self) -> Framing {
        let mut header = match self.to {
            CsvFor::Spreadsheet => "\u{feff}".as_bytes().to_vec(),
            _ => Vec::new(),
        };
        header.extend(self.records(|w| w.write_record(self.columns.iter().map(|c| c.header))));
        Framing {
            open: header.clone(),
            empty: header,
            ..Framing::default()
        }
    }

    /// The bytes a CSV writer writes.
    fn records(
        &self,
        write: impl FnOnce(&mut csv::Writer<&mut Vec<u8>>) -> csv::Result<()>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let terminator = match self.to {
                CsvFor::Spreadsheet => csv::Terminator::CRLF,
                _ => csv::Terminator::Any(b'\n'),
            };
            let mut writer = csv::WriterBuilder::new()
                .terminator(terminator)
                .from_writer(&mut out);
            // Writing to memory fails only when memory does.
            write(&mut writer).expect("CSV is written to memory");
            writer.flush().expect("CSV is written to memory");
        }
        out
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

impl<R: Row> Form<R> for Csv<R> {
    type Rendered = Vec<u8>;

    fn render(&self, rows: &[R]) -> Vec<u8> {
        self.records(|writer| {
            for row in rows {
                for column in &self.columns {
                    let cell = (column.cell)(row);
                    let text = cell.exact();
                    let cell = defused(&text);
                    if self.to == CsvFor::Terminal {
                        writer.write_field(one_line(&cell).as_bytes())?;
                    } else {
                        writer.write_field(cell.as_bytes())?;
                    }
                }
                writer.write_record(None::<&[u8]>)?;
            }
            Ok(())
        })
    }
}
