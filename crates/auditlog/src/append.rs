//! The one way anything is written to a log: one whole line, appended under a lock.
//!
//! The log is a compliance record. This module never truncates, never seeks to write, and
//! never writes to anything but a regular file; a write either lands whole (and, by default,
//! durably) or fails with the file's name and the reason.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::record::MAX_LINE_BYTES;
use crate::safe::safe_path;

/// Why an append failed.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// The file could not be opened, locked, written or synced.
    #[error("cannot append to {}: {error}", safe_path(path))]
    Io {
        /// The log.
        path: PathBuf,
        /// What the system said.
        error: io::Error,
    },
    /// The directory the file should be in does not exist.
    #[error(
        "cannot append to {}: the directory {} does not exist",
        safe_path(path),
        safe_path(dir)
    )]
    NoDirectory {
        /// The log.
        path: PathBuf,
        /// The missing directory.
        dir: PathBuf,
    },
    /// The path is a directory, a device, a pipe or a socket.
    #[error("cannot append to {}: not a regular file", safe_path(path))]
    NotRegular {
        /// The log.
        path: PathBuf,
    },
    /// The path is a symbolic link we will not write through.
    #[error(
        "cannot append to {}: it is a symbolic link, and {why}",
        safe_path(path)
    )]
    Link {
        /// The log.
        path: PathBuf,
        /// Why the link is refused.
        why: &'static str,
    },
    /// The line holds a line break, so it would not be one entry.
    #[error(
        "refusing to append to {}: the entry is not a single line",
        safe_path(path)
    )]
    NotOneLine {
        /// The log.
        path: PathBuf,
    },
    /// The line is longer than a reader takes whole.
    #[error(
        "refusing to append to {}: the entry takes {len} bytes, more than the {MAX_LINE_BYTES} a reader takes whole",
        safe_path(path)
    )]
    TooLong {
        /// The log.
        path: PathBuf,
        /// The line's length with its line end.
        len: usize,
    },
}

/// Appends `line` and a line end to the log at `path`, creating the file (mode 0640) when it
/// does not exist. See [`append_made`].
pub fn append_line(path: &Path, line: &str, sync: bool) -> Result<(), AppendError> {
    one_whole_line(path, line)?;
    append_made(path, sync, || line.to_owned()).map(drop)
}

/// Refuses a line that would not be one entry a reader takes whole.
fn one_whole_line(path: &Path, line: &str) -> Result<(), AppendError> {
    if line.contains(['\n', '\r']) {
        return Err(AppendError::NotOneLine {
            path: path.to_owned(),
        });
    }
    if line.len() + 1 > MAX_LINE_BYTES {
        return Err(AppendError::TooLong {
            path: path.to_owned(),
            len: line.len() + 1,
        });
    }
    Ok(())
}

/// Appends the line `make` returns, made once the log is locked, so that a line stamped in
/// `make` is never stamped earlier than a line another writer appended before it.
///
/// The file is locked exclusively while writing; the line goes out in one write. When the file
/// does not end with a line end (a torn tail after a crash), the entry starts on a fresh line.
/// With `sync`, the data is flushed to disk before returning and a failed flush is an error.
/// A write that fails or lands only in part (a full disk) is undone under the lock: the file is
/// cut back to the size it had, so it is byte for byte what it was. Returns the offset the
/// line begins at.
pub fn append_made(
    path: &Path,
    sync: bool,
    make: impl FnOnce() -> String,
) -> Result<u64, AppendError> {
    let io_err = |error: io::Error| AppendError::Io {
        path: path.to_owned(),
        error,
    };
    let file = locked(path)?;
    let line = make();
    one_whole_line(path, &line)?;
    let len = file.metadata().map_err(io_err)?.len();
    let mut buf = Vec::with_capacity(line.len() + 2);
    if len > 0 && !ends_with_newline(&file, len).map_err(io_err)? {
        buf.push(b'\n');
    }
    buf.extend_from_slice(line.as_bytes());
    buf.push(b'\n');
    let mut landed = 0;
    let written = write_all(&file, &buf, &mut landed)
        .and_then(|()| if sync { file.sync_data() } else { Ok(()) });
    if let Err(error) = written {
        // Cut back what landed, when it is still the end of the file (another writer that
        // takes no lock, JOC itself, may have appended since), and make the cut durable.
        // Should that fail too, the error that stopped the write is still the one to report.
        if file
            .metadata()
            .is_ok_and(|meta| meta.len() == len + landed as u64)
        {
            let _ = file.set_len(len).and_then(|()| file.sync_data());
        }
        return Err(io_err(error));
    }
    file.unlock().map_err(io_err)?;
    // Where the line begins: after the line end put before it, if one was.
    Ok(len + (buf.len() - line.len() - 1) as u64)
}

/// The log opened and locked exclusively. A file replaced at its path while the lock was
/// awaited (`auditlog archive` renames a new file into place under the lock) is let go, and
/// the file now at the path is opened instead, so no line goes to a file no longer there.
pub fn locked(path: &Path) -> Result<File, AppendError> {
    let io_err = |error: io::Error| AppendError::Io {
        path: path.to_owned(),
        error,
    };
    loop {
        let file = open(path)?;
        file.lock().map_err(io_err)?;
        let held = file.metadata().map_err(io_err)?;
        match std::fs::metadata(path) {
            Ok(now) if (now.dev(), now.ino()) == (held.dev(), held.ino()) => return Ok(file),
            Ok(_) => continue,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(io_err(error)),
        }
    }
}

/// Writes all of `buf`, counting in `landed` the bytes that reached the file.
fn write_all(mut file: &File, buf: &[u8], landed: &mut usize) -> io::Result<()> {
    while *landed < buf.len() {
        match file.write(&buf[*landed..]) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => *landed += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Opens for appending. A log that is not there is created new (`O_EXCL`, mode 0640), never
/// through a symbolic link; a link an admin made to an existing log is appended through, but
/// only when whoever owns the link (root, or the log's owner) could have written the log: a
/// link planted by someone else is refused. Opening does not block on a FIFO, and the type is
/// checked on the open handle.
fn open(path: &Path) -> Result<File, AppendError> {
    let io_err = |error: io::Error| AppendError::Io {
        path: path.to_owned(),
        error,
    };
    let existing = OpenOptions::new()
        .read(true)
        .append(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_CLOEXEC)
        .open(path);
    let file = match existing {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            match std::fs::symlink_metadata(path) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(AppendError::Link {
                        path: path.to_owned(),
                        why: "it points to nothing, and a log is never created through a link",
                    });
                }
                // Made in the meantime (a rotation's new file): opened as it is.
                Ok(_) => return open(path),
                Err(_) => {}
            }
            if rotated_beside(path) && appears(path) {
                return open(path);
            }
            match create(path) {
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => return open(path),
                created => created.map_err(|error| opening(path, error))?,
            }
        }
        Err(error) => return Err(opening(path, error)),
    };
    let meta = file.metadata().map_err(io_err)?;
    if !meta.is_file() {
        return Err(AppendError::NotRegular {
            path: path.to_owned(),
        });
    }
    let link = std::fs::symlink_metadata(path).map_err(io_err)?;
    if link.file_type().is_symlink() && link.uid() != 0 && link.uid() != meta.uid() {
        return Err(AppendError::Link {
            path: path.to_owned(),
            why: "the link belongs neither to root nor to the log's owner",
        });
    }
    Ok(file)
}

/// How long a log that is not there, with rotated files beside it, is waited for before it is
/// created: a rotation renames the log, then creates the new one (logrotate's `create`), and a
/// log a writer made in between is moved aside by the rotation
/// (`<log>-YYYYMMDDHH.backup`), out of the log's files.
const ROTATION_GAP: std::time::Duration = std::time::Duration::from_millis(200);

/// Whether files named as rotations of the log (`audit.log.1`, `audit.log-20261207`) lie
/// beside it.
fn rotated_beside(path: &Path) -> bool {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return false;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = name.as_encoded_bytes();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let other = entry.file_name();
        let other = other.as_encoded_bytes();
        other.len() > name.len() + 1
            && other.starts_with(name)
            && matches!(other[name.len()], b'.' | b'-')
    })
}

/// Waits up to [`ROTATION_GAP`] for the log to appear; whether it did.
fn appears(path: &Path) -> bool {
    let step = std::time::Duration::from_millis(5);
    for _ in 0..ROTATION_GAP.as_millis() / step.as_millis() {
        std::thread::sleep(step);
        if std::fs::symlink_metadata(path).is_ok() {
            return true;
        }
    }
    false
}

fn create(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .append(true)
        .create_new(true)
        .mode(0o640)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_CLOEXEC)
        .open(path)
}

/// What failing to open `path` means.
fn opening(path: &Path, error: io::Error) -> AppendError {
    match path.parent() {
        Some(dir)
            if error.kind() == io::ErrorKind::NotFound
                && !dir.as_os_str().is_empty()
                && !dir.is_dir() =>
        {
            AppendError::NoDirectory {
                path: path.to_owned(),
                dir: dir.to_owned(),
            }
        }
        _ if error.kind() == io::ErrorKind::IsADirectory => AppendError::NotRegular {
            path: path.to_owned(),
        },
        _ => AppendError::Io {
            path: path.to_owned(),
            error,
        },
    }
}

fn ends_with_newline(file: &File, len: u64) -> io::Result<bool> {
    let mut last = [0u8; 1];
    file.read_exact_at(&mut last, len - 1)?;
    Ok(last[0] == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_whole_lines_and_mends_a_torn_tail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        append_line(&path, "one", true).unwrap();
        append_line(&path, "two", false).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"torn")
            .unwrap();
        append_line(&path, "three", true).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "one\ntwo\ntorn\nthree\n"
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        // 0640 at most: the umask may take bits away, never add them.
        assert_eq!(mode & 0o777 & !0o640, 0, "{mode:o}");
    }

    #[test]
    fn refuses_what_is_not_a_regular_file_or_not_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let err = append_line(dir.path(), "x", true).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "cannot append to {}: not a regular file",
                dir.path().display()
            )
        );
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        let err = append_line(&fifo, "x", true).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("cannot append to {}: not a regular file", fifo.display())
        );
        let path = dir.path().join("audit.log");
        let err = append_line(&path, "x\ny", true).unwrap_err();
        assert!(matches!(err, AppendError::NotOneLine { .. }));
        assert!(!path.exists());
        let missing = dir.path().join("nope/audit.log");
        let err = append_line(&missing, "x", true).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "cannot append to {}: the directory {} does not exist",
                missing.display(),
                dir.path().join("nope").display()
            )
        );
    }

    #[test]
    fn a_log_between_a_rotations_rename_and_its_new_file_is_waited_for_not_made() {
        // logrotate's `create` renames the log, then creates the new one with O_EXCL; a log a
        // writer made in between is moved aside to `<log>-YYYYMMDDHH.backup`.
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.log");
        std::fs::write(dir.path().join("audit.log.1"), "before\n").unwrap();
        let rotator = {
            let log = log.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(40));
                OpenOptions::new().write(true).create_new(true).open(&log)
            })
        };
        append_line(&log, "after", false).unwrap();
        let made = rotator.join().unwrap();
        assert!(
            made.is_ok(),
            "the rotation could not create the new log: {made:?}"
        );
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "after\n");
    }

    #[test]
    fn a_writer_waiting_while_the_file_is_replaced_writes_to_the_new_one() {
        // `auditlog archive` renames a new file over the log while it holds the old one's lock;
        // a writer that opened the old file meanwhile must not write to it once it gets the lock.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        std::fs::write(&path, "old\n").unwrap();
        let old = File::open(&path).unwrap();
        old.lock().unwrap();
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || append_line(&path, "new", false))
        };
        // Let the writer open the old file and wait for its lock.
        std::thread::sleep(std::time::Duration::from_millis(100));
        let replacement = dir.path().join("audit.log.new");
        std::fs::write(&replacement, "kept\n").unwrap();
        std::fs::rename(&replacement, &path).unwrap();
        old.unlock().unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "kept\nnew\n");
    }
}
