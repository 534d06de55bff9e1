//! Reading a log: byte streams to entries, and to reports of the lines that are not entries.
//!
//! A reader never stops at a bad line and never drops one: every physical line ends up in an
//! entry or in a [`Malformed`] report with its file and line number.

pub mod engine;
pub mod files;
pub mod follow;
pub mod frame;
pub mod lines;

use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use crate::entry::{Entry, Origin};
use crate::format::{self, ParseError, one_line};
use crate::reference::Ref;
use crate::stamp::looks_like_stamp;

pub use files::{
    Event, Input, ReadError, STDIN, Scan, Source, first_entry, open, open_log, rotated_set,
};
pub use frame::{Frame, Framer, Kind, MAX_ENTRY_BYTES, Span};

/// One thing read from a log.
#[derive(Debug, PartialEq, Eq)]
pub enum Item {
    /// An entry.
    Entry(Entry),
    /// A line, or run of lines, that is not an entry.
    Malformed(Malformed),
}

/// A line, or a run of lines, that could not be read as an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    /// Where it starts.
    pub origin: Origin,
    /// How many physical lines it spans.
    pub lines: u64,
    /// Why it is not an entry.
    pub why: String,
    /// Its first bytes (up to [`HEAD_BYTES`]), as they stand in the file.
    pub head: Vec<u8>,
}

/// How many of its first bytes a [`Malformed`] report keeps.
pub const HEAD_BYTES: usize = 256;

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.why)
    }
}

/// Reads entries from a byte stream, front to back.
pub struct Reader<R> {
    framer: Framer<R>,
    file: Arc<Path>,
}

impl Reader<Source> {
    /// Opens a log, whatever it is (see [`open`]): gzip decompressed, a pipe read as it comes.
    pub fn open(path: &Path) -> Result<Reader<Source>, ReadError> {
        Ok(Reader::new(open(path)?, path))
    }
}

impl<R: Read> Reader<R> {
    /// Reads from `src`, naming `file` in origins and reports.
    pub fn new(src: R, file: &Path) -> Reader<R> {
        Reader::from_framer(Framer::new(src), file)
    }

    /// Reads the frames of `framer`, naming `file` in origins and reports.
    pub fn from_framer(framer: Framer<R>, file: &Path) -> Reader<R> {
        Reader {
            framer,
            file: Arc::from(file),
        }
    }

    /// The next entry or report, or `None` at the end.
    pub fn next_item(&mut self) -> io::Result<Option<Item>> {
        let file = &self.file;
        let Some(frame) = self.framer.next_frame()? else {
            return Ok(None);
        };
        Ok(Some(read_frame(&frame, file)))
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = io::Result<Item>;

    fn next(&mut self) -> Option<io::Result<Item>> {
        self.next_item().transpose()
    }
}

/// An entry found by a search, with its reference and, when asked for, its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The entry.
    pub entry: Entry,
    /// Its reference (counted only from the start of its chunk when the search was told that
    /// references are not needed: see [`engine::Plan::need_refs`]).
    pub reference: Ref,
    /// Its lines as they stand in the file; empty unless they were asked for.
    pub raw: Vec<u8>,
}

/// Reads one frame as an entry, or says why it is not one.
pub fn read_frame(frame: &Frame<'_>, file: &Arc<Path>) -> Item {
    if frame.kind == Kind::Entry {
        match format::parse(&format::entry_text(frame.bytes)) {
            Ok(mut entry) => {
                entry.origin = Some(Origin {
                    file: Arc::clone(file),
                    line: frame.line,
                    offset: frame.offset,
                });
                return Item::Entry(entry);
            }
            Err(error) => return Item::Malformed(malformed(frame, file, Some(error))),
        }
    }
    Item::Malformed(malformed(frame, file, None))
}

/// The report for a frame that is not an entry: a stray or overlong frame, or an entry that
/// did not read for `error`.
pub fn malformed(frame: &Frame<'_>, file: &Arc<Path>, error: Option<ParseError>) -> Malformed {
    let stray = !looks_like_stamp(frame.bytes);
    let why = match (frame.kind, error) {
        (_, Some(error)) => error.to_string(),
        (Kind::TooLong, None) if stray => format!(
            "not entries: {} lines ({} bytes) that do not start with a timestamp",
            frame.lines, frame.len
        ),
        (Kind::TooLong, None) => format!(
            "an entry of {} bytes, longer than the limit of {MAX_ENTRY_BYTES}; skipped",
            frame.len
        ),
        (_, None) if frame.lines > 1 => format!(
            "not entries: {} lines that do not start with a timestamp",
            frame.lines
        ),
        (_, None) => "not an entry: the line does not start with a timestamp".to_owned(),
    };
    Malformed {
        origin: Origin {
            file: Arc::clone(file),
            line: frame.line,
            offset: frame.offset,
        },
        lines: frame.lines,
        why: format!("{why}: {}", preview(frame.bytes)),
        head: frame.bytes[..frame.bytes.len().min(HEAD_BYTES)].to_vec(),
    }
}

/// The start of a line, quoted and safe to print.
fn preview(bytes: &[u8]) -> String {
    let text = format::entry_text(bytes);
    if text.is_empty() {
        return "an empty line".to_owned();
    }
    let mut shown: String = text.chars().take(60).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    format!("\"{}\"", one_line(&shown))
}
