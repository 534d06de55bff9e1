//! Where output goes and how it looks. One row model serves every form: a [`Record`] (an entry,
//! a job execution) has [`Column`]s, each a header and the [`Cell`] it takes from a row; each
//! form of output is a [`Sink`] that takes rows and writes cells as its form writes them. Text
//! from a log passes through [`one_line`] or an escaping format before it reaches a terminal.

pub mod columns;
pub mod csv;
pub mod detail;
pub mod export;
mod json;
mod plain;
mod raw;
mod row;
mod table;
mod term;
mod text;
mod warnings;
pub mod xlsx;

use std::io::Write;

pub use columns::{EntryRow, ExecutionRow};
pub use row::{Record, Sink};
pub use term::{Palette, stdout, use_color};
pub use text::shell_word;
pub use warnings::{Warnings, warn};

use crate::cli::OutputFormat;

/// The sink for a form of output, writing to `out`; `terminal` says `out` is a terminal, where
/// the forms that are exact elsewhere (csv, raw) are made safe to show.
pub fn sink<'a, R: Record, W: Write + 'a>(
    format: OutputFormat,
    out: W,
    terminal: bool,
) -> Box<dyn Sink<R> + 'a> {
    match format {
        OutputFormat::Table => Box::new(table::Table::new(out)),
        OutputFormat::Plain => Box::new(plain::Plain::new(out)),
        OutputFormat::Json => Box::new(json::Json::array(out)),
        OutputFormat::Ndjson => Box::new(json::Json::lines(out)),
        OutputFormat::Csv => Box::new(csv::Csv::new(out, &[], terminal)),
        OutputFormat::Raw => Box::new(raw::Raw::new(out, terminal)),
    }
}
