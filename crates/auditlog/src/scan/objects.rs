//! Reading objects logs (plain or gzip, see [`crate::objects`]): every line, or the report of
//! one that cannot be read; the objects given entries touched.

pub mod streamed;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use super::files::{ReadError, open};
use super::{HEAD_BYTES, Malformed};
use crate::entry::Origin;
use crate::objects::{ById, MAX_LINE, ObjectsLine, parse_line};

/// What reading an objects log hands out: a line read, or the report of one that is not.
pub enum ObjectsRead {
    /// A line, and where it stands.
    Line(ObjectsLine, Origin),
    /// A line that cannot be read.
    Unreadable(Malformed),
}

/// Reads every line of the objects logs `paths`, in order, handing each to `each`.
pub fn read_objects(
    paths: &[impl AsRef<Path>],
    each: &mut dyn FnMut(ObjectsRead),
) -> Result<(), ReadError> {
    for path in paths {
        let path = path.as_ref();
        let file: Arc<Path> = Arc::from(path);
        let mut reader = BufReader::new(open(path)?);
        let mut buf = Vec::new();
        let (mut line, mut offset) = (0u64, 0u64);
        let failed = |e| ReadError::new(path, e);
        loop {
            buf.clear();
            // A line is read up to its bound, never whole however long it is.
            let n = (&mut reader)
                .take(MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut buf)
                .map_err(failed)?;
            if n == 0 {
                break;
            }
            line += 1;
            let origin = Origin {
                file: Arc::clone(&file),
                line,
                offset,
            };
            offset += n as u64;
            if n > MAX_LINE && !buf.ends_with(b"\n") {
                offset += skip_line(&mut reader).map_err(failed)?;
                each(ObjectsRead::Unreadable(Malformed {
                    origin,
                    lines: 1,
                    why: format!("a line longer than {} MiB: not read", MAX_LINE >> 20),
                    head: buf[..HEAD_BYTES].to_vec(),
                }));
                continue;
            }
            let text = buf.strip_suffix(b"\n").unwrap_or(&buf);
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match std::str::from_utf8(text)
                .map_err(|_| None)
                .and_then(|t| parse_line(t).map_err(Some))
            {
                Ok(read) => each(ObjectsRead::Line(read, origin)),
                Err(why) => each(ObjectsRead::Unreadable(Malformed {
                    origin,
                    lines: 1,
                    why: why.map_or_else(|| "not UTF-8".to_owned(), |w| w.to_string()),
                    head: text[..text.len().min(HEAD_BYTES)].to_vec(),
                })),
            }
        }
    }
    Ok(())
}

/// The IDs of `side` within `span` (the other side's first and last) that `other` does not
/// hold; those before and after `span` counted in `outside`.
fn compare(
    side: &[(u64, Origin)],
    other: &[(u64, Origin)],
    span: (u64, u64),
    outside: &mut (usize, usize),
) -> Vec<(u64, Origin)> {
    let mut missing = Vec::new();
    for (id, origin) in side {
        if *id < span.0 {
            outside.0 += 1;
        } else if *id > span.1 {
            outside.1 += 1;
        } else if other.binary_search_by_key(id, |(i, _)| *i).is_err() {
            missing.push((*id, origin.clone()));
        }
    }
    missing
}

/// Reads on past the rest of a line; how many bytes that was.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<u64> {
    let mut skipped = 0;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(skipped);
        }
        let (used, done) = match memchr::memchr(b'\n', chunk) {
            Some(at) => (at + 1, true),
            None => (chunk.len(), false),
        };
        reader.consume(used);
        skipped += used as u64;
        if done {
            return Ok(skipped);
        }
    }
}

/// The objects each of `ids` touched (every entry's, for `None`), from the objects logs
/// `paths` (lines that cannot be read go to `unreadable`).
pub fn objects_of(
    ids: Option<&[u64]>,
    paths: &[impl AsRef<Path>],
    unreadable: &mut dyn FnMut(Malformed),
) -> Result<ById, ReadError> {
    let mut found = ById::new();
    read_objects(paths, &mut |read| match read {
        ObjectsRead::Line(line, _) if ids.is_none_or(|ids| ids.contains(&line.id)) => {
            found.entry(line.id).or_default().extend(line.objects);
        }
        ObjectsRead::Line(..) => {}
        ObjectsRead::Unreadable(m) => unreadable(m),
    })?;
    Ok(found)
}

/// A join that cannot be made between the entries and the objects log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unjoined {
    /// A line of the objects log whose ID no entry has.
    NoEntry {
        /// The ID.
        id: u64,
        /// Where the line stands.
        origin: Origin,
    },
    /// An entry whose ID has no line in the objects log.
    NoLine {
        /// The ID.
        id: u64,
        /// Where the entry stands.
        origin: Origin,
    },
}

impl std::fmt::Display for Unjoined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unjoined::NoEntry { id, origin } => {
                write!(f, "{origin}: ID {id}: no entry of the log has this ID")
            }
            Unjoined::NoLine { id, origin } => {
                write!(
                    f,
                    "{origin}: ID {id}: the entry has no line in the objects log"
                )
            }
        }
    }
}

/// What joining the entries and the objects log found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Joins {
    /// The joins that cannot be made, in the order of their IDs.
    pub unjoined: Vec<Unjoined>,
    /// What lies outside the IDs the other side holds, and is not compared (a log rotated
    /// apart from its objects log, an objects log configured later, a rotated file read
    /// alone, but also an appender that stopped): how many.
    pub outside: Outside,
}

/// How many lines and entries lie outside the IDs the other side holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outside {
    /// Lines of the objects log before the first entry's ID, and after the last's.
    pub lines: (usize, usize),
    /// Entries before the objects log's first ID, and after its last.
    pub entries: (usize, usize),
}

/// Joins `entries` (each entry's ID and where it stands) and the objects logs `paths`. An ID
/// outside the first and last the other side holds lies where that side does not reach, and
/// is counted apart; within, a line whose ID no entry has (the log's appender stopped a
/// while, or the log was edited) and an entry whose ID has no line (the objects logger
/// stopped a while) are each a join that cannot be made.
pub fn join(
    mut entries: Vec<(u64, Origin)>,
    paths: &[impl AsRef<Path>],
    unreadable: &mut dyn FnMut(Malformed),
) -> Result<Joins, ReadError> {
    let mut lines: Vec<(u64, Origin)> = Vec::new();
    read_objects(paths, &mut |read| match read {
        ObjectsRead::Line(line, origin) => lines.push((line.id, origin)),
        ObjectsRead::Unreadable(m) => unreadable(m),
    })?;
    entries.sort_by_key(|(id, _)| *id);
    lines.sort_by_key(|(id, _)| *id);
    // Each side's first and last ID; none for a side without IDs, which reaches nowhere.
    let span = |side: &[(u64, Origin)]| {
        side.first()
            .zip(side.last())
            .map_or((u64::MAX, 0), |(a, b)| (a.0, b.0))
    };
    let (entry_span, line_span) = (span(&entries), span(&lines));
    let mut joins = Joins::default();
    for (id, origin) in compare(&lines, &entries, entry_span, &mut joins.outside.lines) {
        joins.unjoined.push(Unjoined::NoEntry { id, origin });
    }
    for (id, origin) in compare(&entries, &lines, line_span, &mut joins.outside.entries) {
        joins.unjoined.push(Unjoined::NoLine { id, origin });
    }
    joins.unjoined.sort_by_key(|u| match u {
        Unjoined::NoEntry { id, .. } | Unjoined::NoLine { id, .. } => *id,
    });
    Ok(joins)
}
