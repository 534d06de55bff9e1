//! Making seals: `init` creates the state and an empty seal file; `seal` appends one record per
//! file for the whole entries written since the last record, following the log across
//! rotation. Everything happens under an exclusive lock on the seal file, so sealers queue.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};

use super::chain::Chain;
use super::key::{Epochs, HostState, SealKey, VerificationKey};
use super::record::{Record, SealHead, Signed};
use super::{SealError, SealFiles};
use crate::safe::safe_path;

/// The most bytes one record covers (give or take a line), so that no record grows without
/// bound when a large log is first sealed.
pub const RECORD_BYTES: u64 = 64 << 20;

/// What a `seal` did.
#[derive(Clone, Debug, Default)]
pub struct Sealed {
    /// The records it appended, oldest first; none when nothing new was whole.
    pub records: Vec<Record>,
    /// What the caller should hear: a torn record cut, a rotated file not found.
    pub notes: Vec<String>,
}

/// A new verification key: a fresh key 0 and epochs of `seconds` from `now`. Nothing is
/// written: the caller hands the key out first, and only then calls [`init`], so that a key
/// that could not be handed out leaves nothing behind.
pub fn new_key(seconds: u64, now: DateTime<Utc>) -> Result<VerificationKey, SealError> {
    Ok(VerificationKey {
        key: SealKey::random().map_err(|e| SealError::io(Path::new("/dev/urandom"), e))?,
        epochs: Epochs {
            start: now.timestamp(),
            seconds: seconds.max(1),
        },
    })
}

/// Starts sealing the log at `log` with `key`: the state in `<log>.seal-key` (mode 0600) and
/// an empty `<log>.seal`. Refuses when either exists, unless `force`, which first moves an
/// existing seal file aside (to `<log>.seal.replaced-…`, returned) and then replaces the key.
/// Should the state not be written, the new seal file is removed again.
pub fn init(
    log: &Path,
    key: &VerificationKey,
    now: DateTime<Utc>,
    force: bool,
) -> Result<Option<PathBuf>, SealError> {
    let files = SealFiles::of(log);
    let mut moved = None;
    if force && fs::symlink_metadata(&files.seal).is_ok() {
        let mut aside = files.seal.as_os_str().to_owned();
        aside.push(format!(".replaced-{}", now.format("%Y%m%dT%H%M%SZ")));
        let aside = PathBuf::from(aside);
        if fs::symlink_metadata(&aside).is_ok() {
            return Err(SealError::Exists { path: aside });
        }
        fs::rename(&files.seal, &aside).map_err(|e| SealError::io(&files.seal, e))?;
        moved = Some(aside);
    }
    if !force && fs::symlink_metadata(&files.key).is_ok() {
        return Err(SealError::Exists { path: files.key });
    }
    crate::durable::create(&files.seal, b"", 0o600).map_err(|error| match error.kind() {
        io::ErrorKind::AlreadyExists => SealError::Exists {
            path: files.seal.clone(),
        },
        _ => SealError::io(&files.seal, error),
    })?;
    if let Err(error) = HostState::new(key).store(&files.key) {
        let _ = fs::remove_file(&files.seal);
        return Err(error);
    }
    Ok(moved)
}

/// The head of the log's seal chain: its newest record; `None` before the first seal.
pub fn head(log: &Path) -> Result<Option<SealHead>, SealError> {
    let files = SealFiles::of(log);
    let file = open_seal(log, &files, false)?;
    file.lock_shared()
        .map_err(|e| SealError::io(&files.seal, e))?;
    let last = last_record(&file, &files.seal)?;
    Ok(last.map(|signed| signed.record.head()))
}

/// Seals what was written to the log at `log` since the last seal, at `now`.
pub fn seal(log: &Path, now: DateTime<Utc>) -> Result<Sealed, SealError> {
    seal_in(log, now, RECORD_BYTES)
}

/// Seals, in records of about `limit` bytes at most (whole lines).
pub(crate) fn seal_in(log: &Path, now: DateTime<Utc>, limit: u64) -> Result<Sealed, SealError> {
    let files = SealFiles::of(log);
    let file = open_seal(log, &files, true)?;
    let seal_err = |error| SealError::io(&files.seal, error);
    file.lock().map_err(seal_err)?;
    let mut sealed = Sealed::default();
    let len = file.metadata().map_err(seal_err)?.len();
    let whole = match rfind_newline(&file, len).map_err(seal_err)? {
        Some(at) => at + 1,
        None => 0,
    };
    if whole < len {
        file.set_len(whole)
            .and_then(|()| file.sync_data())
            .map_err(seal_err)?;
        sealed.notes.push(format!(
            "cut {} bytes of a seal record left unfinished by an interrupted seal from the end of {}",
            len - whole,
            safe_path(&files.seal)
        ));
    }
    let mut state = HostState::load(&files.key)?;
    let last = last_record(&file, &files.seal)?;
    let mut chain = match (&last, state.genesis) {
        (None, None) => {
            return Err(SealError::Emptied {
                seal: files.seal.clone(),
                key: files.key.clone(),
                epoch: state.epoch,
            });
        }
        (None, Some(genesis)) => Chain {
            seq: 0,
            bytes: 0,
            sha: [0; 32],
            prev: genesis,
            at: None,
        },
        (Some(signed), _) => Chain::after(&signed.record, signed.mac),
    };
    let epoch = state.epochs.at(now).max(state.epoch);
    // Once a record exists, the genesis value has done its work and leaves the host.
    let chained = last.is_some() && state.genesis.is_some();
    if epoch > state.epoch || chained {
        state.advance(epoch);
        if chained {
            state.genesis = None;
        }
        state.store(&files.key)?;
    }
    let ranges = chain.ranges(log, &mut sealed.notes)?;
    let sealed_at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut lines = String::new();
    for range in ranges {
        for (record, line) in chain.seal(&range, state.epoch, &sealed_at, &state.key, limit)? {
            lines.push_str(&line);
            lines.push('\n');
            sealed.records.push(record);
        }
    }
    if !lines.is_empty() {
        append_whole(&file, whole, lines.as_bytes()).map_err(seal_err)?;
        if state.genesis.take().is_some() {
            state.store(&files.key)?;
        }
    }
    Ok(sealed)
}

/// The seal file, to read, or to append to: then only a regular file of its own, never through
/// a symbolic link or a second hard link.
fn open_seal(log: &Path, files: &SealFiles, write: bool) -> Result<File, SealError> {
    let flags = match write {
        true => nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK,
        false => 0,
    };
    let file = OpenOptions::new()
        .read(true)
        .write(write)
        .custom_flags(flags)
        .open(&files.seal)
        .map_err(|error| match (error.kind(), error.raw_os_error()) {
            (io::ErrorKind::NotFound, _) => SealError::NotInitialized {
                log: log.to_owned(),
                seal: files.seal.clone(),
            },
            (_, Some(nix::libc::ELOOP)) => {
                SealError::io(&files.seal, crate::durable::not_regular(&files.seal))
            }
            _ => SealError::io(&files.seal, error),
        })?;
    // A hard link to it would write the seal into another name too.
    let regular = file
        .metadata()
        .is_ok_and(|meta| meta.is_file() && (!write || meta.nlink() == 1));
    if write && !regular {
        return Err(SealError::io(
            &files.seal,
            crate::durable::not_regular(&files.seal),
        ));
    }
    Ok(file)
}

/// The last whole record of the seal file.
fn last_record(file: &File, path: &Path) -> Result<Option<Signed>, SealError> {
    let err = |error| SealError::io(path, error);
    let len = file.metadata().map_err(err)?.len();
    let Some(end) = rfind_newline(file, len).map_err(err)? else {
        return Ok(None);
    };
    let start = rfind_newline(file, end)
        .map_err(err)?
        .map_or(0, |at| at + 1);
    let mut line = vec![0; usize::try_from(end - start).unwrap_or(usize::MAX)];
    file.read_exact_at(&mut line, start).map_err(err)?;
    let parsed = String::from_utf8(line)
        .map_err(|_| "it is not UTF-8".to_owned())
        .and_then(|text| Signed::parse(&text));
    match parsed {
        Ok(signed) => Ok(Some(signed)),
        Err(why) => Err(SealError::Record {
            path: path.to_owned(),
            line: count_lines(file, start).map_err(err)? + 1,
            why,
        }),
    }
}

/// The offset of the last line end before `before`.
fn rfind_newline(file: &File, before: u64) -> io::Result<Option<u64>> {
    let mut end = before;
    let mut buf = vec![0; 64 * 1024];
    while end > 0 {
        let start = end.saturating_sub(buf.len() as u64);
        let chunk = &mut buf[..(end - start) as usize];
        file.read_exact_at(chunk, start)?;
        if let Some(at) = memchr::memrchr(b'\n', chunk) {
            return Ok(Some(start + at as u64));
        }
        end = start;
    }
    Ok(None)
}

fn count_lines(file: &File, upto: u64) -> io::Result<u64> {
    let mut count = 0;
    let mut at = 0;
    let mut buf = vec![0; 1 << 20];
    while at < upto {
        let n = usize::try_from(upto - at)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        file.read_exact_at(&mut buf[..n], at)?;
        count += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
        at += n as u64;
    }
    Ok(count)
}

/// Appends `bytes` at `len` in one write and syncs; a failed write is cut back.
fn append_whole(file: &File, len: u64, bytes: &[u8]) -> io::Result<()> {
    let written = file
        .write_all_at(bytes, len)
        .and_then(|()| file.sync_data());
    if let Err(error) = written {
        let _ = file.set_len(len).and_then(|()| file.sync_data());
        return Err(error);
    }
    Ok(())
}
