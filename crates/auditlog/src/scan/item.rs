//! What reading a log gives: an entry found (with its reference and, when asked for, its
//! bytes), or a report of lines that are not an entry, with file and line; and the one rule
//! that turns a frame into one or the other.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use super::frame::{Frame, Kind, MAX_ENTRY_BYTES};
use crate::entry::{Entry, Origin};
use crate::format::{self, ParseError};
use crate::reference::Ref;
use crate::safe::one_line;
use crate::stamp::looks_like_stamp;

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

/// An entry found by a search, with its reference and, when asked for, its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The entry.
    pub entry: Entry,
    /// Its reference (its stamp alone, as if no other entry shared it, when the search was told
    /// that references are not needed: see [`super::Keep::refs`]).
    pub reference: Ref,
    /// The instant its stamp stands for: in the hour repeated when daylight saving ends, as
    /// the entries before it in its file decide (see [`crate::time::Clock`]).
    pub instant: chrono::DateTime<chrono::Utc>,
    /// Its lines as they stand in the file; empty unless they were asked for.
    pub raw: Vec<u8>,
}

/// A frame as [`super::LogFile::walk`] reads it: an entry known to read, by its stamp and
/// bytes, or the report of a frame that is not an entry.
#[derive(Debug)]
pub enum Walked<'a> {
    /// An entry.
    Entry {
        /// Its stamp.
        stamp: crate::stamp::Stamp,
        /// Its lines as they stand in the file.
        raw: &'a [u8],
        /// Its first line's number.
        line: u64,
    },
    /// Lines that are not an entry.
    Malformed(Malformed),
}

/// Reads one frame as an entry, or says why it is not one.
pub fn read_frame(frame: &Frame<'_>, file: &Arc<Path>) -> Result<Entry, Malformed> {
    if frame.kind != Kind::Entry {
        return Err(malformed(frame, file, None));
    }
    match format::parse(&format::entry_text(frame.bytes)) {
        Ok(mut entry) => {
            entry.origin = Some(Origin {
                file: Arc::clone(file),
                line: frame.line,
                offset: frame.offset,
            });
            Ok(entry)
        }
        Err(error) => Err(malformed(frame, file, Some(error))),
    }
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

/// The report that an entry, read as one, may be part of the entry before it: that entry
/// left its reason open (see [`format::left_open`]), and no body says where it ends. It spans
/// no lines: the entry is read, and both readings are said.
pub fn doubt(file: &Arc<Path>, line: u64, offset: u64, bytes: &[u8]) -> Malformed {
    Malformed {
        origin: Origin {
            file: Arc::clone(file),
            line,
            offset,
        },
        lines: 0,
        why: format!(
            "read as an entry, but the entry before it has no ' - TIMESPENT: … - TICKET: …': \
             either that entry was cut short, or its reason goes on and this line is part of it: {}",
            preview(bytes)
        ),
        head: bytes[..bytes.len().min(HEAD_BYTES)].to_vec(),
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
