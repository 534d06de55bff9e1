//! Where output goes and how it looks: the buffered standard output, the colors, and one sink
//! per form of output. Everything from a log passes through [`one_line`] or an escaping
//! format before it reaches a terminal.

pub mod csv;
mod json;
mod plain;
mod raw;
mod table;
mod warnings;

pub use warnings::{Warnings, warn};

use std::fmt::Display;
use std::io::{self, BufWriter, IsTerminal, StdoutLock, Write};

use auditlog::Stamp;
use auditlog::format::one_line;
use auditlog::json::iso8601;
pub use auditlog::scan::Found;

use crate::cli::{ColorChoice, OutputFormat};

/// Standard output, locked and buffered.
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Whether to color what goes to standard output.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Paints text, or leaves it plain.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    color: bool,
}

impl Palette {
    /// A palette that colors when `color` is true.
    pub fn new(color: bool) -> Palette {
        Palette { color }
    }

    /// A file name.
    pub fn path(self, text: impl Display) -> String {
        self.paint("35", text)
    }

    /// A line number.
    pub fn line(self, text: impl Display) -> String {
        self.paint("32", text)
    }

    /// Something wrong.
    pub fn bad(self, text: impl Display) -> String {
        self.paint("1;31", text)
    }

    fn paint(self, code: &str, text: impl Display) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Where found entries go, one form of output each.
pub trait Sink {
    /// Takes the next entry.
    fn write(&mut self, found: &Found) -> io::Result<()>;
    /// Sends out what was written so far, when the form allows (a table waits for all rows).
    fn flush(&mut self) -> io::Result<()>;
    /// Writes what is left and flushes.
    fn finish(self: Box<Self>) -> io::Result<()>;
}

/// The sink for a form of output, writing to `out`; `terminal` says `out` is a terminal, where
/// the forms that are exact elsewhere (csv, raw) are made safe to show.
pub fn sink<'a, W: Write + 'a>(format: OutputFormat, out: W, terminal: bool) -> Box<dyn Sink + 'a> {
    match format {
        OutputFormat::Table => Box::new(table::Table::new(out)),
        OutputFormat::Plain => Box::new(plain::Plain::new(out)),
        OutputFormat::Json => Box::new(json::Json::array(out)),
        OutputFormat::Ndjson => Box::new(json::Json::lines(out)),
        OutputFormat::Csv => Box::new(csv::Csv::new(out, false, terminal)),
        OutputFormat::Raw => Box::new(raw::Raw::new(out, terminal)),
    }
}

/// JOC's columns of an entry, as text safe for a terminal: Controller ID, Created, Account,
/// Request, Category, Reason, Time Spent, Ticket Link, Ref. Missing values are empty.
pub fn columns(found: &Found) -> [String; 9] {
    let e = &found.entry;
    let safe = |text: Option<&str>| text.map_or_else(String::new, |t| one_line(t).into_owned());
    [
        safe(e.controller().as_deref()),
        created(e.created),
        safe(Some(&e.user)),
        safe(Some(&e.request)),
        e.category().name().to_owned(),
        safe(e.comment.as_deref()),
        e.time_spent.map_or_else(String::new, |m| m.to_string()),
        safe(e.ticket.as_deref()),
        found.reference.to_string(),
    ]
}

/// The headers of [`columns`].
pub const HEADERS: [&str; 9] = [
    "Controller ID",
    "Created",
    "Account",
    "Request",
    "Category",
    "Reason",
    "Time Spent",
    "Ticket Link",
    "Ref",
];

/// `2021-08-03 02:54:43.440`, with the offset when the stamp had one.
pub fn created(stamp: Stamp) -> String {
    iso8601(stamp).replacen('T', " ", 1)
}

/// A word a shell reads as it is: quoted when it holds anything but plain characters.
pub fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
