//! Where output goes and how it looks. One row model serves every form: a [`Row`] (an entry,
//! a job execution) has [`Column`]s, each a header and the [`Cell`] it takes from a row; each
//! form of output renders rows (on every core, when a listing is long) and a printer writes
//! what was rendered in order (see [`sink`]). Text from a log passes through
//! [`auditlog::safe::one_line`] or an escaping format before it reaches a terminal.

pub mod check;
pub mod columns;
pub mod csv;
pub mod detail;
pub mod export;
pub mod jobs;
mod json;
pub mod pager;
pub mod parquet;
mod plain;
mod pump;
mod raw;
pub mod reconcile;
pub mod report;
pub mod row;
mod sink;
mod stop;
pub mod table;
mod term;
mod text;
mod warnings;
pub mod xlsx;

use std::io::Write;

pub use columns::{ENTRY_COLUMNS, EntryRow, ExecutionRow};
pub use csv::CsvFor;
pub use pump::{PumpError, Watch, pump};
pub use row::{Cell, Column, Row};
pub use sink::Sink;
pub use stop::stop_flag;
pub use term::{Color, Palette, stdout, use_color, width};
pub use text::shell_word;
pub use warnings::{Warnings, warn};

use auditlog::search::Keep;
use sink::{Bytes, Form, Framing, Inline, Pooled, Printer};

/// The forms rows are shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Columns fitted to the terminal.
    Table,
    /// One row a line, fields separated by tabs.
    Plain,
    /// A JSON array.
    Json,
    /// One JSON object a line.
    Ndjson,
    /// Comma-separated values with a header (RFC 4180).
    Csv,
    /// The original lines, byte for byte.
    Raw,
}

impl Format {
    /// What must be kept of each entry to show it in this form: its bytes for raw, its line
    /// number for JSON, its exact reference wherever one is shown. Every reading command asks
    /// here, so that no form pays for what it does not show.
    pub fn keep(self) -> Keep {
        Keep {
            raw: self == Format::Raw,
            lines: matches!(self, Format::Json | Format::Ndjson),
            refs: self != Format::Raw,
        }
    }
}

/// What output is shown on.
#[derive(Clone, Copy, Debug)]
pub struct Screen {
    /// Standard output is a terminal (and was, before any pager took it).
    pub terminal: bool,
    /// How many columns it has, when known (see [`width`]).
    pub width: Option<usize>,
    /// Its colors.
    pub palette: Palette,
}

impl Screen {
    /// A file: no terminal, no width, no colors.
    pub fn file() -> Screen {
        Screen {
            terminal: false,
            width: None,
            palette: Palette::new(false),
        }
    }
}

/// How a sink renders: row by row as they come, or in batches on every core.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// Each row is printed as it comes (following a log; a few rows).
    EachRow,
    /// Rows are rendered on every core while the search reads on (listings, exports).
    AllCores,
}

/// The sink for a form of output, writing to `out`. On a terminal the forms that are exact
/// elsewhere (csv, raw) are made safe to show.
pub fn sink<'a, R: Row, W: Write + 'a>(
    format: Format,
    out: W,
    screen: Screen,
    pace: Pace,
) -> Box<dyn Sink<R> + 'a> {
    match format {
        Format::Table => {
            let printer =
                table::Table::<W, R>::new(out, screen.palette, screen.width, screen.terminal);
            paced(table::Cells::new(), printer, pace)
        }
        Format::Plain => bytes(
            plain::Plain::new(screen.palette),
            Framing::default(),
            out,
            pace,
        ),
        Format::Json => {
            let form = json::Json::array();
            let framing = form.framing();
            bytes(form, framing, out, pace)
        }
        Format::Ndjson => bytes(json::Json::lines(), Framing::default(), out, pace),
        Format::Csv => {
            let to = match screen.terminal {
                true => CsvFor::Terminal,
                false => CsvFor::Program,
            };
            csv_sink(out, &[], to, pace)
        }
        Format::Raw => bytes(
            raw::Raw::new(screen.terminal),
            Framing::default(),
            out,
            pace,
        ),
    }
}

/// A CSV sink with `extra` columns after the record's.
pub fn csv_sink<'a, R: Row, W: Write + 'a>(
    out: W,
    extra: &[&'static Column<R>],
    to: CsvFor,
    pace: Pace,
) -> Box<dyn Sink<R> + 'a> {
    let form = csv::Csv::new(extra, to);
    let framing = form.framing();
    bytes(form, framing, out, pace)
}

fn bytes<'a, R: Row, F: Form<R, Rendered = Vec<u8>>, W: Write + 'a>(
    form: F,
    framing: Framing,
    out: W,
    pace: Pace,
) -> Box<dyn Sink<R> + 'a> {
    paced(form, Bytes::new(out, framing), pace)
}

fn paced<'a, R: Row, F: Form<R>, P: Printer<F::Rendered> + 'a>(
    form: F,
    printer: P,
    pace: Pace,
) -> Box<dyn Sink<R> + 'a> {
    match pace {
        Pace::EachRow => Box::new(Inline::new(form, printer)),
        Pace::AllCores => Box::new(Pooled::new(form, printer)),
    }
}
