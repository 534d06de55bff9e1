//! Cursors, as journalctl has them: where the last read stopped, so that the next one hands
//! out only what came after. A cursor names the last frame read (an entry, or lines that are
//! not one): the file by its content (its first line's hash, so a renamed or gzipped file is
//! still found), the frame's offset and length, its stamp, and a hash of its bytes.
//!
//! Reading is at least once: the caller saves the new cursor after its output is out, so a
//! run killed in between hands out its last output again next time, and never skips an entry.

use std::fs;
use std::io::{self, Read};
use std::ops::ControlFlow;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Event;
use crate::query::Query;
use crate::reference::RefCounter;
use crate::safe::safe_path;
use crate::scan::follow::{Followed, Follower};
use crate::scan::frame::MAX_ENTRY_BYTES;
use crate::scan::{Found, Hit, Input, Keep, Scan, file_id, open_log};
use crate::seal::hex;
use crate::stamp::Stamp;

/// Where a read stopped: the last frame it read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cursor {
    /// The file, by its content: the first 16 hexadecimal digits of SHA-256 of its first line.
    pub file: String,
    /// Its inode number: a file cut and written again keeps it, a rotated one does not.
    pub ino: u64,
    /// The frame's first byte.
    pub offset: u64,
    /// Its length in bytes.
    pub len: u64,
    /// Its stamp as written, when it is an entry.
    pub stamp: Option<String>,
    /// The first 32 hexadecimal digits of SHA-256 of its bytes.
    pub hash: String,
}

/// What a reader should hear about the cursor it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The frame the cursor names is not where it was: the file was cut or rewritten, and is
    /// read again from its start.
    Changed(PathBuf),
    /// No file holds the frame the cursor names (rotated away without `--rotated`, or deleted):
    /// every file is read from its start.
    Lost,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::Changed(path) => write!(
                f,
                "the entry the cursor names is no longer where it was in {}: it was truncated, rewritten or replaced, and is read again from its start",
                safe_path(path)
            ),
            Note::Lost => write!(
                f,
                "no log holds the entry the cursor names (rotated away, or deleted; --rotated reads rotated files): every log is read from its start"
            ),
        }
    }
}

/// Why a cursor file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CursorError {
    /// It could not be read or written.
    #[error("cursor file {}: {error}", safe_path(path))]
    Io {
        /// The cursor file.
        path: PathBuf,
        /// What the system said.
        error: io::Error,
    },
    /// It does not hold a cursor.
    #[error("cursor file {} does not hold a cursor: {why}", safe_path(path))]
    Invalid {
        /// The cursor file.
        path: PathBuf,
        /// Why.
        why: String,
    },
}

/// The most bytes a cursor file may hold; a cursor takes a few hundred.
const MAX_CURSOR_BYTES: u64 = 64 * 1024;

impl Cursor {
    /// The cursor saved at `path`; `None` when there is none yet (no file, or an empty one).
    pub fn load(path: &Path) -> Result<Option<Cursor>, CursorError> {
        // It is written again afterwards: what cannot be written (a link, a device, a FIFO) is
        // refused before anything is read or printed.
        let read = crate::durable::ensure_regular_or_absent(path)
            .and_then(|()| crate::durable::read_small(path, MAX_CURSOR_BYTES))
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        // A cursor that could not be saved would send everything again on the next run: its
        // directory is checked before anything is printed.
        let dir = path
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let flags = nix::unistd::AccessFlags::W_OK | nix::unistd::AccessFlags::X_OK;
        nix::unistd::access(dir, flags).map_err(|errno| CursorError::Io {
            path: path.to_owned(),
            error: io::Error::from(errno),
        })?;
        let text = match read {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(CursorError::Io {
                    path: path.to_owned(),
                    error,
                });
            }
        };
        if text.trim().is_empty() {
            return Ok(None);
        }
        serde_json::from_str(text.trim())
            .map(Some)
            .map_err(|e| CursorError::Invalid {
                path: path.to_owned(),
                why: e.to_string(),
            })
    }

    /// Saves the cursor at `path` as a whole (see [`crate::durable::replace`]).
    pub fn save(&self, path: &Path) -> Result<(), CursorError> {
        let err = |error| CursorError::Io {
            path: path.to_owned(),
            error,
        };
        crate::durable::replace(path, format!("{self}\n").as_bytes(), 0o600).map_err(err)
    }

    /// The cursor of a frame of the file whose identity is `file` and inode `ino`.
    pub fn of_frame(file: String, ino: u64, offset: u64, bytes: &[u8]) -> Cursor {
        Cursor {
            file,
            ino,
            offset,
            len: bytes.len() as u64,
            stamp: Stamp::parse_prefix(bytes)
                .map(|(_, len)| String::from_utf8_lossy(&bytes[..len]).into_owned()),
            hash: hex(&Sha256::digest(bytes)[..16]),
        }
    }

    /// The cursor of the last frame `follower` handed out, of the file it has open: the name
    /// may already hold another file (a rotation) or none (between a rename and the new file),
    /// and the file may have been cut short since. `None` before it handed one out.
    pub fn following(follower: &Follower) -> Option<Cursor> {
        let (id, ino, offset, bytes) = follower.last_frame()?;
        Some(Cursor::of_frame(id.to_owned(), ino, offset, bytes))
    }

    /// Whether `bytes` are the frame this cursor names.
    fn names(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.len && hex(&Sha256::digest(bytes)[..16]) == self.hash
    }
}

/// One line of JSON.
impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&serde_json::to_string(self).map_err(|_| std::fmt::Error)?)
    }
}

/// Where reading starts: the file (an index into the files) and the byte.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Start {
    /// The file.
    pub file: usize,
    /// The byte.
    pub offset: u64,
}

/// Where reading after `cursor` starts among `files` (a log's rotated files oldest first, the
/// log last), and what to say about the cursor.
pub fn resume(files: &[PathBuf], cursor: Option<&Cursor>) -> io::Result<(Start, Option<Note>)> {
    let from_top = Start { file: 0, offset: 0 };
    let Some(cursor) = cursor else {
        return Ok((from_top, None));
    };
    for (i, path) in files.iter().enumerate() {
        if file_id(path).ok().flatten().as_deref() != Some(cursor.file.as_str()) {
            continue;
        }
        let mut src =
            crate::scan::open(path).map_err(|e| io::Error::new(e.error.kind(), e.to_string()))?;
        let skipped = io::copy(&mut (&mut src).take(cursor.offset), &mut io::sink())?;
        let mut frame = Vec::new();
        // No frame is longer than an entry is held: a longer length names nothing.
        let most = cursor.len.min(MAX_ENTRY_BYTES as u64 + 1);
        src.take(most).read_to_end(&mut frame)?;
        let ends = skipped + frame.len() as u64;
        return Ok(if skipped == cursor.offset && cursor.names(&frame) {
            let start = Start {
                file: i,
                offset: cursor.offset + cursor.len,
            };
            (start, None)
        } else if ends <= cursor.offset {
            // It ends where the cursor's frame begins: a copy of the log taken before that
            // frame was written (logrotate's copytruncate). It holds nothing after the cursor.
            (
                Start {
                    file: i,
                    offset: ends,
                },
                None,
            )
        } else {
            let start = Start { file: i, offset: 0 };
            (start, Some(Note::Changed(path.clone())))
        });
    }
    // The log cut and written again keeps its inode but not its first line.
    if let Some(log) = files.last()
        && fs::metadata(log).is_ok_and(|meta| meta.ino() == cursor.ino)
    {
        let start = Start {
            file: files.len() - 1,
            offset: 0,
        };
        return Ok((start, Some(Note::Changed(log.clone()))));
    }
    Ok((from_top, Some(Note::Lost)))
}

/// Reads `files` from `start` on: every frame of the rotated files to their end, then the whole
/// entries of the log (the last file), handing `each` every matching entry and every line that
/// is not an entry. Returns how it ended, the cursor of the last frame read (`None` when
/// nothing was read), and the log's follower, which goes on from there.
pub fn read_after<B>(
    files: &[PathBuf],
    start: Start,
    query: &Query,
    keep: Keep,
    each: &mut dyn FnMut(Event) -> ControlFlow<B>,
) -> io::Result<(ControlFlow<B>, Option<Cursor>, Option<Follower>)> {
    let Some((log, rotated)) = files.split_last() else {
        return Ok((ControlFlow::Continue(()), None, None));
    };
    let mut last = None;
    let mut clock = None;
    if start.file < rotated.len() {
        let flow = read_rotated(
            &rotated[start.file..],
            start.offset,
            query,
            keep,
            each,
            (&mut last, &mut clock),
        )?;
        if flow.is_break() {
            return Ok((flow, last, None));
        }
    }
    let offset = if start.file == rotated.len() {
        start.offset
    } else {
        0
    };
    let (line, mut refs) = match open_log(log) {
        Ok(Input::File(file)) => (
            file.lines_before(offset)? + 1,
            file.refs_before(offset, query.zone)?,
        ),
        Ok(Input::Stream(_)) => {
            return Err(io::Error::other(format!(
                "{} is not a plain file: a cursor follows plain logs",
                safe_path(log)
            )));
        }
        Err(e) if e.error.kind() == io::ErrorKind::NotFound => {
            let follower = Follower::new(log, 0, 1, RefCounter::new(query.zone));
            return Ok((ControlFlow::Continue(()), last, Some(follower)));
        }
        // The error names its file.
        Err(e) => return Err(io::Error::new(e.error.kind(), e.to_string())),
    };
    // From the log's top, time goes on from where the rotated files ended (a log rotated in
    // the repeated hour, still empty, goes on in the pass they were in).
    if let (0, Some(state)) = (offset, clock) {
        refs.follow_on(state);
    }
    let mut follower = Follower::new(log, offset, line, refs);
    let flow = follower.poll(query, keep, &mut |followed| match followed {
        Followed::Hit(Hit::Found(found)) => each(Event::Found(*found)),
        Followed::Hit(Hit::Malformed(m)) => each(Event::Malformed(m)),
        Followed::Rotated | Followed::Truncated => ControlFlow::Continue(()),
    })?;
    if let Some(cursor) = Cursor::following(&follower) {
        last = Some(cursor);
    }
    Ok((flow, last, Some(follower)))
}

/// Reads rotated files to their end, the first from `offset` on.
fn read_rotated<B>(
    files: &[PathBuf],
    offset: u64,
    query: &Query,
    keep: Keep,
    each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    (last, clock): (&mut Option<Cursor>, &mut Option<(DateTime<Utc>, bool)>),
) -> io::Result<ControlFlow<B>> {
    let ids: Vec<Option<(String, u64)>> = files
        .iter()
        .map(|p| Some((file_id(p).ok().flatten()?, fs::metadata(p).ok()?.ino())))
        .collect();
    let mut scan = Scan::new(files.to_vec()).read_in(query.zone);
    loop {
        let event = match scan.next_event() {
            Ok(Some(event)) => event,
            Ok(None) => {
                *clock = scan.clock_state();
                return Ok(ControlFlow::Continue(()));
            }
            Err(error) => {
                if let ControlFlow::Break(b) = each(Event::Failed(error)) {
                    return Ok(ControlFlow::Break(b));
                }
                continue;
            }
        };
        let event = match event {
            crate::scan::Scanned::Entry {
                entry,
                reference,
                instant,
                raw,
            } => {
                let before = entry
                    .origin
                    .as_ref()
                    .is_some_and(|o| o.file.as_ref() == files[0].as_path() && o.offset < offset);
                if before {
                    continue;
                }
                query
                    .matches_at(&entry.view(), raw, Some(instant))
                    .then(|| {
                        Event::Found(Found {
                            entry,
                            reference,
                            instant,
                            raw: if keep.raw { raw.to_vec() } else { Vec::new() },
                        })
                    })
            }
            crate::scan::Scanned::Malformed(m) => {
                let first = m.origin.file.as_ref() == files[0].as_path();
                if first && m.origin.offset < offset {
                    continue;
                }
                Some(Event::Malformed(m))
            }
        };
        if let Some((path, span, bytes)) = scan.last_frame() {
            let at = files.iter().position(|p| p.as_path() == path);
            if let Some(Some((id, ino))) = at.map(|i| ids[i].clone()) {
                *last = Some(Cursor::of_frame(id, ino, span.offset, bytes));
            }
        }
        if let Some(event) = event
            && let ControlFlow::Break(b) = each(event)
        {
            return Ok(ControlFlow::Break(b));
        }
    }
}
