//! Archiving the old entries of a log that auditlog itself writes (a cron job's log, say): the
//! entries before a date move, under the log's lock, into `<stem>-YYYY-MM-DD-N.log.gz`, the name
//! JOC's log4j2 rotation gives, and the live file keeps the rest.
//!
//! No line is ever lost: the archive is written, synced, renamed into place and read back
//! before the live file is replaced (a new file, renamed over it). An intent file beside the
//! log says what is under way; a run killed at any step leaves either the log as it was, or the
//! archive in place with the log still whole (the next run finishes the job), or both done.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::append::{AppendError, locked};
use crate::durable::{self, beside};
use crate::safe::safe_path;
use crate::scan::frame::{Cut, cut};
use crate::seal::hex;
use crate::stamp::{Stamp, looks_like_stamp};
use crate::time::Zone;

/// The steps of an archive, in order; the caller hears of each as it is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The intent file is written.
    Intent,
    /// The archive is written to a temporary file and synced.
    Written,
    /// The archive is renamed into place.
    Placed,
    /// The archive is read back and matches.
    Checked,
    /// The rest of the log is written to a new file and synced.
    Rest,
    /// The new file is renamed over the log.
    Replaced,
    /// The intent file is gone: done.
    Done,
}

impl Step {
    /// The step's name, as `AUDITLOG_FAILPOINT=archive:NAME` names it.
    pub fn name(self) -> &'static str {
        match self {
            Step::Intent => "intent",
            Step::Written => "written",
            Step::Placed => "placed",
            Step::Checked => "checked",
            Step::Rest => "rest",
            Step::Replaced => "replaced",
            Step::Done => "done",
        }
    }
}

/// What an archive did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Archived {
    /// The archive.
    pub path: PathBuf,
    /// The entries it holds.
    pub entries: u64,
    /// The lines it holds.
    pub lines: u64,
    /// The bytes it holds (uncompressed).
    pub bytes: u64,
    /// Whether this finished an archive a killed run had begun.
    pub finished_earlier: bool,
}

/// Why archiving failed. Whatever the failure, the log holds every line it held.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The log could not be locked.
    #[error(transparent)]
    Lock(#[from] AppendError),
    /// A file could not be read or written.
    #[error("{}: {error}", safe_path(path))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: io::Error,
    },
    /// An intent file beside the log that this program did not write.
    #[error(
        "refusing the intent file {}: {why}; nothing was changed. Remove it if no archive of this log is under way",
        safe_path(path)
    )]
    Planted {
        /// The intent file.
        path: PathBuf,
        /// What is wrong with it.
        why: &'static str,
    },
    /// The log is a symbolic link, and archiving replaces the file at its path.
    #[error(
        "refusing to archive {}: it is a symbolic link, and archiving replaces the file at its path; archive the file it points to (--file {})",
        safe_path(path),
        safe_path(target)
    )]
    Link {
        /// The log.
        path: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// The archive read back is not what was written.
    #[error(
        "{} does not read back as what was written: the log was left as it was",
        safe_path(path)
    )]
    Mismatch {
        /// The archive.
        path: PathBuf,
    },
}

fn io_at(path: &Path) -> impl Fn(io::Error) -> ArchiveError + '_ {
    move |error| ArchiveError::Io {
        path: path.to_owned(),
        error,
    }
}

/// What is under way, kept beside the log until the live file is replaced. The archive is
/// named by its file name alone: it lies beside the log, whatever directory a run starts in.
#[derive(Debug, Serialize, Deserialize)]
struct Intent {
    archive: PathBuf,
    split: u64,
    sha256: String,
    entries: u64,
    lines: u64,
}

/// The most bytes an intent file may hold; ours hold a few hundred.
const INTENT_BYTES: u64 = 64 * 1024;

impl Intent {
    /// The intent a killed run left beside `log`, when there is one and it is ours: a regular
    /// file we own, naming an archive beside the log by a name `archive` gives. Anything else
    /// is refused, so that a planted intent cannot make a run remove or cut another file.
    fn load(log: &Path) -> Result<Option<Intent>, ArchiveError> {
        let path = intent_path(log);
        let meta = match fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(ArchiveError::Io { path, error }),
        };
        let euid = nix::unistd::geteuid().as_raw();
        if !meta.file_type().is_file() || meta.uid() != euid || meta.len() > INTENT_BYTES {
            return Err(ArchiveError::Planted {
                path,
                why: "it is not a file this program wrote",
            });
        }
        let text = fs::read(&path).map_err(io_at(&path))?;
        let Ok(mut intent) = serde_json::from_slice::<Intent>(&text) else {
            // Cut short while written: nothing was done after it.
            fs::remove_file(&path).map_err(io_at(&path))?;
            return Ok(None);
        };
        let name = intent.archive.file_name().map(PathBuf::from);
        match name.filter(|name| is_archive_name(log, name)) {
            Some(name) => intent.archive = log.with_file_name(name),
            None => {
                return Err(ArchiveError::Planted {
                    path,
                    why: "it names a file that is not an archive of this log",
                });
            }
        }
        Ok(Some(intent))
    }
}

fn intent_path(log: &Path) -> PathBuf {
    beside(log, ".archive-intent")
}

/// Moves the entries of `log` stamped before `before` (in `zone`) into an archive beside it;
/// `None` when there are none. First finishes an archive a killed run left half done.
/// `step` hears of each step once it is done.
pub fn archive(
    log: &Path,
    before: DateTime<Utc>,
    zone: Zone,
    step: &mut dyn FnMut(Step),
) -> Result<Option<Archived>, ArchiveError> {
    if let Ok(target) = fs::read_link(log) {
        return Err(ArchiveError::Link {
            path: log.to_owned(),
            target,
        });
    }
    let file = locked(log)?;
    if let Some(done) = finish_earlier(log, &file, step)? {
        return Ok(Some(done));
    }
    let len = file.metadata().map_err(io_at(log))?.len();
    let mut data = vec![0; usize::try_from(len).unwrap_or(usize::MAX)];
    file.read_exact_at(&mut data, 0).map_err(io_at(log))?;
    let Some((split, last)) = split_before(&data, before, zone) else {
        return Ok(None);
    };
    let prefix = &data[..split];
    let archive = free_name(log, last).map_err(io_at(log))?;
    let intent = Intent {
        archive: archive.file_name().map(PathBuf::from).unwrap_or_default(),
        split: split as u64,
        sha256: hex(&Sha256::digest(prefix)),
        entries: prefix
            .split_inclusive(|&b| b == b'\n')
            .filter(|l| looks_like_stamp(l))
            .count() as u64,
        lines: memchr::memchr_iter(b'\n', prefix).count() as u64,
    };
    write_whole(
        &intent_path(log),
        serde_json::to_string(&intent)
            .expect("serializes")
            .as_bytes(),
        0o600,
    )?;
    let intent = Intent {
        archive: archive.clone(),
        ..intent
    };
    step(Step::Intent);
    let mode = file.metadata().map_err(io_at(log))?.mode() & 0o777;
    let tmp = beside(&archive, ".tmp");
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(prefix).map_err(io_at(&tmp))?;
    write_whole(&tmp, &gz.finish().map_err(io_at(&tmp))?, mode)?;
    step(Step::Written);
    fs::rename(&tmp, &archive).map_err(io_at(&archive))?;
    sync_dir(&archive)?;
    step(Step::Placed);
    complete(log, &file, &intent, &data, step)?;
    Ok(Some(Archived {
        path: archive,
        entries: intent.entries,
        lines: intent.lines,
        bytes: intent.split,
        finished_earlier: false,
    }))
}

/// From a placed archive on: read it back, replace the log with the rest, drop the intent.
fn complete(
    log: &Path,
    file: &File,
    intent: &Intent,
    data: &[u8],
    step: &mut dyn FnMut(Step),
) -> Result<(), ArchiveError> {
    if !reads_back(&intent.archive, &intent.sha256)? {
        return Err(ArchiveError::Mismatch {
            path: intent.archive.clone(),
        });
    }
    step(Step::Checked);
    let meta = file.metadata().map_err(io_at(log))?;
    let new = beside(log, ".archive-new");
    write_whole(&new, &data[intent.split as usize..], meta.mode() & 0o777)?;
    if nix::unistd::geteuid().is_root() {
        std::os::unix::fs::chown(&new, Some(meta.uid()), Some(meta.gid())).map_err(io_at(&new))?;
    }
    step(Step::Rest);
    fs::rename(&new, log).map_err(io_at(log))?;
    sync_dir(log)?;
    step(Step::Replaced);
    fs::remove_file(intent_path(log)).map_err(io_at(&intent_path(log)))?;
    sync_dir(log)?;
    step(Step::Done);
    Ok(())
}

/// Finishes what a killed run left: when the intent's archive is in place and reads back, and
/// the log still begins with what it holds, the log is replaced with the rest. Otherwise the
/// half-made files are removed and nothing else changes.
fn finish_earlier(
    log: &Path,
    file: &File,
    step: &mut dyn FnMut(Step),
) -> Result<Option<Archived>, ArchiveError> {
    let path = intent_path(log);
    let Some(intent) = Intent::load(log)? else {
        return Ok(None);
    };
    let _ = fs::remove_file(beside(&intent.archive, ".tmp"));
    let _ = fs::remove_file(beside(log, ".archive-new"));
    let len = file.metadata().map_err(io_at(log))?.len();
    let mut data = vec![0; usize::try_from(len).unwrap_or(usize::MAX)];
    file.read_exact_at(&mut data, 0).map_err(io_at(log))?;
    let still_whole = data.len() as u64 >= intent.split
        && hex(&Sha256::digest(&data[..intent.split as usize])) == intent.sha256;
    let placed = intent.archive.exists() && reads_back(&intent.archive, &intent.sha256)?;
    if still_whole && placed {
        complete(log, file, &intent, &data, step)?;
        return Ok(Some(Archived {
            path: intent.archive.clone(),
            entries: intent.entries,
            lines: intent.lines,
            bytes: intent.split,
            finished_earlier: true,
        }));
    }
    // An archive that is there but does not read back is left as it is: the log still holds
    // every line, and a file is never removed on an intent's word alone.
    fs::remove_file(&path).map_err(io_at(&path))?;
    sync_dir(log)?;
    Ok(None)
}

/// Whether the archive decompresses to bytes whose SHA-256 is `sha256`.
fn reads_back(archive: &Path, sha256: &str) -> Result<bool, ArchiveError> {
    let mut back = Vec::new();
    let read = File::open(archive)
        .and_then(|f| MultiGzDecoder::new(io::BufReader::new(f)).read_to_end(&mut back));
    Ok(read.is_ok() && hex(&Sha256::digest(&back)) == sha256)
}

/// Where the entries before `before` end (a frame boundary), and the date of the last of them;
/// `None` when the log does not begin with any.
fn split_before(data: &[u8], before: DateTime<Utc>, zone: Zone) -> Option<(usize, NaiveDate)> {
    let mut at = 0;
    let mut last = None;
    while at < data.len() {
        let Cut::Frame { len, .. } = cut(&data[at..], true, usize::MAX) else {
            break;
        };
        if let Some((stamp, _)) = Stamp::parse_prefix(&data[at..]) {
            if zone.instants(stamp).1 >= before {
                break;
            }
            last = Some(zone.wall_of(stamp).date());
        }
        at += len;
    }
    // Only whole lines move: a last line still being written stays.
    let at = data[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Some((at, last?)).filter(|(at, _)| *at > 0)
}

/// The log's file name as stem and extension: `audit.log` → (`audit`, `.log`).
fn stem_and_ext(log: &Path) -> io::Result<(String, String)> {
    let name = log
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::other("the log has no file name"))?;
    Ok(match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem.to_owned(), format!(".{ext}")),
        _ => (name.clone(), String::new()),
    })
}

/// Whether `name` is one `free_name` gives for `log`: `<stem>-YYYY-MM-DD-N<ext>.gz`.
fn is_archive_name(log: &Path, name: &Path) -> bool {
    let (Ok((stem, ext)), Some(name)) = (stem_and_ext(log), name.to_str()) else {
        return false;
    };
    let middle = name
        .strip_prefix(&format!("{stem}-"))
        .and_then(|rest| rest.strip_suffix(&format!("{ext}.gz")));
    let Some((date, n)) = middle.and_then(|m| m.rsplit_once('-')) else {
        return false;
    };
    NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
}

/// `<stem>-YYYY-MM-DD-N.<ext>.gz` beside the log, with the first N not taken.
fn free_name(log: &Path, date: NaiveDate) -> io::Result<PathBuf> {
    let (stem, ext) = stem_and_ext(log)?;
    for n in 1.. {
        let path = log.with_file_name(format!("{stem}-{}-{n}{ext}.gz", date.format("%Y-%m-%d")));
        if fs::symlink_metadata(&path).is_err() {
            return Ok(path);
        }
    }
    unreachable!("a free number is found")
}

/// Writes a new file whole (mode `mode`), synced.
fn write_whole(path: &Path, bytes: &[u8], mode: u32) -> Result<(), ArchiveError> {
    durable::create(path, bytes, mode.max(0o400)).map_err(io_at(path))
}

fn sync_dir(path: &Path) -> Result<(), ArchiveError> {
    durable::sync_dir(path).map_err(io_at(path))
}
