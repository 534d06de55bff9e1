//! The one row model: a [`Record`] (an entry, a job execution) has [`Column`]s, each a header
//! and the [`Cell`] it takes from a row; each form of output is a [`Sink`] that takes rows.

use std::borrow::Cow;
use std::io;

use auditlog::Stamp;
use auditlog::safe::one_line;

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
}

impl Cell<'_> {
    /// The cell as people read it on a line of their own: safe for a terminal, `None` when
    /// empty.
    pub fn shown(&self) -> Option<Cow<'_, str>> {
        match self {
            Cell::Empty => None,
            Cell::Text(text) => Some(one_line(text)),
            Cell::Time(stamp) => Some(Cow::Owned(created(*stamp))),
            Cell::Minutes(m) => Some(Cow::Owned(format!("{m}m"))),
            Cell::Duration(ms) => Some(Cow::Owned(human(*ms))),
            Cell::Link(link) => Some(one_line(link)),
        }
    }
}

/// A column of what is listed: its header, and how to take its cell from a row.
pub struct Column<R> {
    /// The header, as JOC names it.
    pub header: &'static str,
    /// The header where a table shows a shorter one.
    pub short: Option<&'static str>,
    /// The cell of a row.
    pub cell: for<'r> fn(&'r R) -> Cell<'r>,
    /// A table leaves it out when every row has the same value in it (the Controller ID when
    /// there is one controller).
    pub hide_when_same: bool,
}

impl<R> Column<R> {
    /// A column with this header.
    pub const fn new(header: &'static str, cell: for<'r> fn(&'r R) -> Cell<'r>) -> Column<R> {
        Column {
            header,
            short: None,
            cell,
            hide_when_same: false,
        }
    }
}

/// A kind of row: what columns it has, and its JSON and raw forms.
pub trait Record: Sized + 'static {
    /// How plain output shows an empty cell.
    const EMPTY: &'static str;
    /// The columns the listing forms show (table, plain, csv).
    fn columns() -> &'static [Column<Self>];
    /// The row's JSON object, in its documented schema, every unsafe character escaped.
    fn json(&self) -> String;
    /// The row as it stands in the log, when it has such a form.
    fn raw(&self) -> Option<&[u8]> {
        None
    }
}

/// Where rows go, one form of output each.
pub trait Sink<R> {
    /// Takes the next row.
    fn write(&mut self, row: &R) -> io::Result<()>;
    /// Sends out what was written so far, when the form allows (a table waits for all rows).
    fn flush(&mut self) -> io::Result<()>;
    /// Writes what is left and flushes.
    fn finish(self: Box<Self>) -> io::Result<()>;
}
