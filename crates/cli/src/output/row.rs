//! The one row model: a [`Row`] (an entry, a job execution) has [`Column`]s, each a header
//! and the [`Cell`] it takes from a row, and how a table fits it to a terminal.

use std::borrow::Cow;

use auditlog::execution::Status;
use auditlog::safe::one_line;
use auditlog::{Category, Stamp};

use super::text::{created, human};

/// A value as a column gives it, so that each form writes it as it should.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    /// No value.
    Empty,
    /// Text, which may come from a log: made safe on a terminal, kept exact elsewhere.
    Text(Cow<'a, str>),
    /// A point in time (Created, Started, Ended).
    Time(Stamp),
    /// Whole minutes (Time Spent): `15m` to read, `15` to compute with.
    Minutes(u32),
    /// Milliseconds (an execution's duration): `3.5s` to read.
    Duration(u64),
    /// A ticket link: text, and a working link where the form has them.
    Link(&'a str),
    /// An entry's category, in its color on a terminal.
    Category(Category),
    /// An execution's status, in its color on a terminal.
    Status(Status),
}

impl Cell<'_> {
    /// The exact value, as files (CSV, a workbook's text) hold it; empty when there is none.
    pub fn exact(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) => Cow::Borrowed(text),
            Cell::Time(stamp) => Cow::Owned(created(*stamp)),
            Cell::Minutes(m) => Cow::Owned(m.to_string()),
            Cell::Duration(ms) => Cow::Owned(human(*ms)),
            Cell::Link(link) => Cow::Borrowed(link),
            Cell::Category(category) => Cow::Borrowed(category.name()),
            Cell::Status(status) => Cow::Borrowed(status.name()),
        }
    }

    /// The cell as people read it on a line of their own: safe for a terminal, `None` when
    /// empty.
    pub fn shown(&self) -> Option<Cow<'_, str>> {
        match self {
            Cell::Empty => None,
            Cell::Text(text) => Some(one_line(text)),
            Cell::Link(link) => Some(one_line(link)),
            Cell::Minutes(m) => Some(Cow::Owned(format!("{m}m"))),
            other => Some(other.exact()),
        }
    }

    /// How the cell is colored on a terminal.
    pub fn tone(&self) -> Tone {
        match self {
            Cell::Empty => Tone::Dim,
            Cell::Category(category) => Tone::Category(*category),
            Cell::Status(status) => Tone::Status(*status),
            _ => Tone::Plain,
        }
    }
}

/// What a color says about a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Nothing: the terminal's own color.
    Plain,
    /// A value that is not there, or matters less.
    Dim,
    /// A header.
    Header,
    /// An entry's category.
    Category(Category),
    /// An execution's status.
    Status(Status),
}

/// How a table fits a column to a terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// As wide as its widest value: stamps, references. Never cut.
    Fixed,
    /// A word from a short list (a category, a status): as wide as the widest of them.
    Words(usize),
    /// At least `min` and at most `cap` wide; on a narrow terminal cut (with `…`) down to
    /// `min`, the columns with a lower `order` first.
    Capped { cap: usize, min: usize, order: u8 },
}

/// A column of what is listed: its header, how to take its cell from a row, and how a table
/// fits it.
pub struct Column<R> {
    /// The header, as JOC names it.
    pub header: &'static str,
    /// The header where a table shows a shorter one.
    pub short: Option<&'static str>,
    /// The cell of a row.
    pub cell: for<'r> fn(&'r R) -> Cell<'r>,
    /// A table leaves it out when the rows it is laid out from have the same value in it (the
    /// Controller ID when there is one controller).
    pub hide_when_same: bool,
    /// How wide a table makes it.
    pub width: Width,
    /// On a terminal too narrow for every column, the columns with the highest `drop` go
    /// first; 0 is never dropped.
    pub drop: u8,
    /// What `drop` is in a full-screen view, where the status line says the same (the
    /// selected entry's reference); `None` when the same.
    pub screen_drop: Option<u8>,
}

impl<R> Column<R> {
    /// A column with this header, never cut and never dropped.
    pub const fn new(header: &'static str, cell: for<'r> fn(&'r R) -> Cell<'r>) -> Column<R> {
        Column {
            header,
            short: None,
            cell,
            hide_when_same: false,
            width: Width::Fixed,
            drop: 0,
            screen_drop: None,
        }
    }

    /// The header a table shows.
    pub fn table_header(&self) -> &'static str {
        self.short.unwrap_or(self.header)
    }
}

/// A kind of row: what columns it has, and its JSON and raw forms.
pub trait Row: Sized + Send + 'static {
    /// How plain output shows an empty cell.
    const EMPTY: &'static str;
    /// The columns the listing forms show (table, plain, csv).
    fn columns() -> &'static [Column<Self>];
    /// Writes the row's JSON object, in its documented schema, every unsafe character escaped.
    fn json(&self, out: &mut Vec<u8>);
    /// The row as it stands in the log, when it has such a form.
    fn raw(&self) -> Option<&[u8]> {
        None
    }
}
