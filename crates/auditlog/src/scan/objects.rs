//! Reading objects logs (plain or gzip, see [`crate::objects`]): every line, or the report of
//! one that cannot be read; the objects given entries touched.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

use super::files::{ReadError, open};
use super::{HEAD_BYTES, Malformed};
use crate::entry::Origin;
use crate::objects::{ById, ObjectsLine, parse_line};

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
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| ReadError::new(path, e))?;
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

/// The joins that cannot be made between `entries` (each entry's ID and where it stands) and
/// the objects logs `paths`, in the order of their IDs. Only within the IDs both hold: an ID
/// before the first or after the last the other side holds lies outside what it covers (an
/// objects log configured later, a log rotated apart), and is no failure.
pub fn unjoined(
    mut entries: Vec<(u64, Origin)>,
    paths: &[impl AsRef<Path>],
    unreadable: &mut dyn FnMut(Malformed),
) -> Result<Vec<Unjoined>, ReadError> {
    let mut lines: Vec<(u64, Origin)> = Vec::new();
    read_objects(paths, &mut |read| match read {
        ObjectsRead::Line(line, origin) => lines.push((line.id, origin)),
        ObjectsRead::Unreadable(m) => unreadable(m),
    })?;
    entries.sort_by_key(|(id, _)| *id);
    lines.sort_by_key(|(id, _)| *id);
    let span = |side: &[(u64, Origin)]| side.first().zip(side.last()).map(|(a, b)| a.0..=b.0);
    let (Some(entry_ids), Some(line_ids)) = (span(&entries), span(&lines)) else {
        return Ok(Vec::new());
    };
    let has = |side: &[(u64, Origin)], id: u64| side.binary_search_by_key(&id, |(i, _)| *i).is_ok();
    let mut found: Vec<Unjoined> = lines
        .iter()
        .filter(|(id, _)| entry_ids.contains(id) && !has(&entries, *id))
        .map(|(id, origin)| Unjoined::NoEntry {
            id: *id,
            origin: origin.clone(),
        })
        .collect();
    found.extend(
        entries
            .iter()
            .filter(|(id, _)| line_ids.contains(id) && !has(&lines, *id))
            .map(|(id, origin)| Unjoined::NoLine {
                id: *id,
                origin: origin.clone(),
            }),
    );
    found.sort_by_key(|u| match u {
        Unjoined::NoEntry { id, .. } | Unjoined::NoLine { id, .. } => *id,
    });
    Ok(found)
}
