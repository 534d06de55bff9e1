//! Where the seal chain stands and how it moves on: which ranges of which files to seal now,
//! following the log across rotation, and the records that seal them.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

use memchr::memchr;

use super::digest::Digester;
use super::key::SealKey;
use super::record::Record;
use super::{SealError, hex, unhex};
use crate::safe::safe_path;
use crate::scan::frame::{Cut, cut};
use crate::scan::{file_id, open, rotated_set, stream_len};
use crate::stamp::looks_like_stamp;

/// Where the chain stands: the next record's number, the bytes and running hash so far, the
/// last record's MAC, and which file it ended in and where.
pub(super) struct Chain {
    pub(super) seq: u64,
    pub(super) bytes: u64,
    pub(super) sha: [u8; 32],
    pub(super) prev: [u8; 32],
    pub(super) at: Option<At>,
}

/// Where the chain ended: the file (its identity, inode and name) and the byte after the range.
pub(super) struct At {
    file: String,
    ino: u64,
    name: String,
    to: u64,
}

/// A range of one file to seal.
pub(super) struct Range {
    path: PathBuf,
    file: String,
    from: u64,
    /// The byte after the range; `None` for everything to the end (a rotated file).
    to: Option<u64>,
    ino: u64,
}

impl Chain {
    pub(super) fn after(record: &Record, mac: [u8; 32]) -> Chain {
        let sha = unhex(&record.sha256)
            .and_then(|s| <[u8; 32]>::try_from(s).ok())
            .unwrap_or([0; 32]);
        Chain {
            seq: record.seq + 1,
            bytes: record.bytes,
            sha,
            prev: mac,
            at: Some(At {
                file: record.file.clone(),
                ino: record.ino,
                name: record.name.clone(),
                to: record.to,
            }),
        }
    }

    /// The ranges to seal now: the rest of the file the chain ended in, when the log was
    /// rotated away from it, then the whole entries of the log not sealed yet.
    pub(super) fn ranges(
        &self,
        log: &Path,
        notes: &mut Vec<String>,
    ) -> Result<Vec<Range>, SealError> {
        let log_err = |error| SealError::io(log, error);
        // A log not there (yet, or between a rotation's rename and JOC's next line) is empty.
        let (id, len, ino) = match fs::metadata(log) {
            Ok(meta) if !meta.is_file() => {
                return Err(log_err(io::Error::other(
                    "not a regular file: only a log file can be sealed",
                )));
            }
            Ok(meta) => (file_id(log).map_err(log_err)?, meta.len(), meta.ino()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => (None, 0, 0),
            Err(e) => return Err(log_err(e)),
        };
        let mut ranges = Vec::new();
        let from = match &self.at {
            Some(at) if id.as_ref() == Some(&at.file) => {
                if len < at.to {
                    return Err(SealError::Shorter {
                        log: log.to_owned(),
                        len,
                        sealed: at.to,
                    });
                }
                at.to
            }
            Some(at) => Self::rotated_from(at, log, (id.is_some(), len, ino), &mut ranges, notes)?,
            None => 0,
        };
        if let Some(id) = id {
            let to = whole_end(log, from, len).map_err(log_err)?;
            if to > from {
                ranges.push(Range {
                    path: log.to_owned(),
                    file: id,
                    from,
                    to: Some(to),
                    ino,
                });
            }
        }
        Ok(ranges)
    }

    /// Where sealing goes on in the log when the file last sealed is no longer the log: it
    /// was rotated away (the rest of it is sealed first, then the log from its start), or
    /// archived part way (the log from where what was carried into it ends), or it is gone
    /// (said in `notes`). `log` is the log's identity being known, its length and inode.
    fn rotated_from(
        at: &At,
        log: &Path,
        (known, len, ino): (bool, u64, u64),
        ranges: &mut Vec<Range>,
        notes: &mut Vec<String>,
    ) -> Result<u64, SealError> {
        let log_err = |error| SealError::io(log, error);
        Ok(match rotated_away(log, &at.file, at.to).map_err(log_err)? {
            // Archived part way (`auditlog archive`): the file holds less than was
            // sealed of it, and the rest begins the log.
            Some((_, _, kept)) if kept < at.to => {
                let carried = at.to - kept;
                if len < carried {
                    return Err(SealError::Shorter {
                        log: log.to_owned(),
                        len,
                        sealed: carried,
                    });
                }
                carried
            }
            Some((path, ino, _)) => {
                ranges.push(Range {
                    path,
                    file: at.file.clone(),
                    from: at.to,
                    to: None,
                    ino,
                });
                0
            }
            None if at.ino == ino && known && len >= at.to => {
                return Err(SealError::FirstLine {
                    log: log.to_owned(),
                });
            }
            None => {
                notes.push(format!(
                    "the file last sealed as {} is not beside {} any more: what was written to it after its byte {} could not be sealed",
                    safe_path(Path::new(&at.name)),
                    safe_path(log),
                    at.to
                ));
                0
            }
        })
    }

    /// Digests one range into records of about `limit` bytes at most, each cut after a line,
    /// signed with `key`; moves the chain on. Each record comes with its line.
    pub(super) fn seal(
        &mut self,
        range: &Range,
        epoch: u64,
        sealed_at: &str,
        key: &SealKey,
        limit: u64,
    ) -> Result<Vec<(Record, String)>, SealError> {
        let err = |error| SealError::io(&range.path, error);
        let mut src = open(&range.path).map_err(|e| SealError::io(&range.path, e.error))?;
        let skipped = io::copy(&mut (&mut src).take(range.from), &mut io::sink()).map_err(err)?;
        if skipped < range.from {
            return Err(SealError::Shorter {
                log: range.path.clone(),
                len: skipped,
                sealed: range.from,
            });
        }
        let mut made = Vec::new();
        let mut digester = Digester::new(&self.sha, None);
        let mut buf = vec![0; 1 << 20];
        let (mut start, mut at) = (range.from, range.from);
        loop {
            let want = match range.to {
                Some(to) => usize::try_from(to - at)
                    .unwrap_or(usize::MAX)
                    .min(buf.len()),
                None => buf.len(),
            };
            if want == 0 {
                break;
            }
            let n = match src.read(&mut buf[..want]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(err(e)),
            };
            let mut chunk = &buf[..n];
            while !chunk.is_empty() {
                let room = usize::try_from(limit.saturating_sub(at - start)).unwrap_or(usize::MAX);
                let Some(end) = chunk.get(room..).and_then(|rest| memchr(b'\n', rest)) else {
                    digester.update(chunk);
                    at += chunk.len() as u64;
                    break;
                };
                // The record is full once this line ends.
                let cut = room + end + 1;
                digester.update(&chunk[..cut]);
                at += cut as u64;
                chunk = &chunk[cut..];
                let full = std::mem::replace(&mut digester, Digester::new(&[0; 32], None));
                made.push(self.record(full, range, (start, at), epoch, sealed_at, key));
                digester = Digester::new(&self.sha, None);
                start = at;
            }
        }
        if range.to.is_some_and(|to| at < to) {
            return Err(err(io::Error::from(io::ErrorKind::UnexpectedEof)));
        }
        if at > start {
            made.push(self.record(digester, range, (start, at), epoch, sealed_at, key));
        }
        Ok(made)
    }

    /// The record of the bytes `span` of `range`, signed; the chain moves on past it.
    fn record(
        &mut self,
        digester: Digester,
        range: &Range,
        (from, to): (u64, u64),
        epoch: u64,
        sealed_at: &str,
        key: &SealKey,
    ) -> (Record, String) {
        let digest = digester.finish();
        let record = Record {
            seq: self.seq,
            epoch,
            sealed: sealed_at.to_owned(),
            name: range
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            file: range.file.clone(),
            ino: range.ino,
            from,
            to,
            bytes: self.bytes + (to - from),
            entries: digest.entries,
            lines: digest.crcs.len() as u64,
            first: digest.first,
            last: digest.last,
            sha256: hex(&digest.sha256),
            prev: hex(&self.prev),
            crc32: Record::crc_text(&digest.crcs),
        };
        let (line, mac) = record.sign(key);
        self.seq += 1;
        self.bytes = record.bytes;
        self.sha = digest.sha256;
        self.prev = mac;
        self.at = Some(At {
            file: record.file.clone(),
            ino: record.ino,
            name: record.name.clone(),
            to: record.to,
        });
        (record, line)
    }
}

/// The log's rotated sibling whose identity is `id`: its path, inode and length (decompressed).
fn rotated_away(log: &Path, id: &str, sealed: u64) -> io::Result<Option<(PathBuf, u64, u64)>> {
    let set = rotated_set(log).map_err(|e| e.error)?;
    let rotated = &set[..set.len() - 1];
    for (i, path) in rotated.iter().enumerate() {
        if file_id(path).ok().flatten().as_deref() == Some(id) {
            let ino = fs::metadata(path)?.ino();
            // Archived part way, perhaps more than once: each `archive` moved the front of
            // what was left to a file of its own, so the files after it hold more of it.
            let mut kept = stream_len(path)?;
            for later in &rotated[i + 1..] {
                let len = stream_len(later)?;
                if kept + len > sealed {
                    break;
                }
                kept += len;
            }
            return Ok(Some((path.clone(), ino, kept)));
        }
    }
    Ok(None)
}

/// Where the whole entries of a growing log end, from `from` (a boundary) up to `len`: a
/// writer may still be adding lines to the last entry, so that one counts once a later entry
/// starts or its last line closes it.
fn whole_end(log: &Path, from: u64, len: u64) -> io::Result<u64> {
    let file = File::open(log)?;
    let mut window = 64 * 1024u64;
    loop {
        let start = len.saturating_sub(window).max(from);
        let mut data = vec![0; usize::try_from(len - start).unwrap_or(usize::MAX)];
        file.read_exact_at(&mut data, start)?;
        // The last line that begins with a stamp is a boundary; so is `from`.
        let mut boundary = None;
        let mut pos = data.len();
        while let Some(at) = memchr::memrchr(b'\n', &data[..pos]) {
            if looks_like_stamp(&data[at + 1..]) {
                boundary = Some(at + 1);
                break;
            }
            pos = at;
        }
        if boundary.is_none() && start == from {
            boundary = Some(0);
        }
        if let Some(mut end) = boundary {
            while let Cut::Frame { len, .. } = cut(&data[end..], false, usize::MAX) {
                end += len;
            }
            return Ok(start + end as u64);
        }
        window *= 4;
    }
}
