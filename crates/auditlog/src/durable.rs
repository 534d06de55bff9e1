//! Files that are ours: the sealing state, cursors, an archive's intent and parts, locks,
//! exports and job outputs. Each is created new (`O_CREAT|O_EXCL|O_NOFOLLOW`), so nothing is
//! ever created, truncated or replaced through a symbolic link, a device or a FIFO, and a crash
//! leaves either the old file or the new one, whole. Never used for a log, which only `append`
//! writes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// `path` with `suffix` added to its file name: `audit.log` → `audit.log.seal`.
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The permission bits of a file written for the log at `log`: `wanted`, less what the log
/// does not grant, so that nothing we write is readable by more people than the log is.
pub fn no_wider_than(log: &Path, wanted: u32) -> u32 {
    match fs::metadata(log) {
        Ok(meta) => wanted & meta.permissions().mode() & 0o666,
        Err(_) => wanted & 0o600,
    }
}

/// Opens `path` as a new, empty regular file of ours, with `mode`: refused when anything is
/// there already, a symbolic link included (even one that points nowhere).
pub fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_CLOEXEC)
        .open(path)?;
    file.set_permissions(fs::Permissions::from_mode(mode))?;
    Ok(file)
}

/// Writes `bytes` to `path` as a new file with `mode`, synced; a write that fails (a full
/// disk) leaves no file behind.
pub fn create(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let mut out = create_new(path, mode)?;
    let written = out.write_all(bytes).and_then(|()| out.sync_all());
    if let Err(error) = written {
        let _ = fs::remove_file(path);
        return Err(error);
    }
    Ok(())
}

/// Replaces `path` by `bytes` whole: written to `<path>.new`, synced, renamed over it, and the
/// rename made durable. Refused when `path` is there and is not a regular file (a device, a
/// FIFO, a directory, a symbolic link), so `/dev/null` stays a device. A `<path>.new` left by
/// a crash is removed first (a link is removed, never followed).
pub fn replace(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    ensure_regular_or_absent(path)?;
    let new = beside(path, ".new");
    match fs::symlink_metadata(&new) {
        Ok(meta) if meta.is_dir() => return Err(not_regular(&new)),
        Ok(_) => fs::remove_file(&new)?,
        Err(_) => {}
    }
    create(&new, bytes, mode)?;
    if let Err(error) = fs::rename(&new, path) {
        let _ = fs::remove_file(&new);
        return Err(error);
    }
    sync_dir(path)
}

/// Refuses a path that holds something other than a regular file; nothing there is fine.
pub fn ensure_regular_or_absent(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() => Err(not_regular(path)),
        Ok(_) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error),
    }
}

/// Opens (or creates, with `mode`) a regular file of ours to lock or rewrite in place: never
/// through a symbolic link, never a device or a FIFO (opening one does not block).
pub fn open_own(path: &Path, mode: u32) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .mode(mode)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK | nix::libc::O_CLOEXEC)
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            Some(nix::libc::ELOOP) => not_regular(path),
            _ => error,
        })?;
    let meta = file.metadata()?;
    if !meta.is_file() || meta.nlink() > 1 {
        return Err(not_regular(path));
    }
    Ok(file)
}

/// The error for a path that holds what we will not write to.
pub fn not_regular(path: &Path) -> io::Error {
    let what = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => "a symbolic link",
        Ok(meta) if meta.is_dir() => "a directory",
        Ok(meta) if meta.nlink() > 1 && meta.is_file() => "a file with other hard links",
        _ => "not a regular file",
    };
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{what}: refusing to write through it"),
    )
}

/// Reads a small file that is not a log (a configuration, a key, a zone file) whole: only a
/// regular file, and only up to `max` bytes, so that `/dev/zero` or a FIFO named where a
/// file is expected is refused rather than read until memory runs out, or waited on.
pub fn read_small(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_CLOEXEC)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut bytes = Vec::new();
    if meta.len() <= max {
        io::Read::read_to_end(&mut io::Read::take(file, max + 1), &mut bytes)?;
    }
    if meta.len() > max || bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("larger than the {max} bytes such a file may hold"),
        ));
    }
    Ok(bytes)
}

/// Makes a rename or a new file in the directory of `path` durable.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => File::open(dir)?.sync_all(),
        _ => File::open(".")?.sync_all(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_written_through_a_link_a_device_or_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, "keep\n").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        for path in [&link, &dangling, &fifo, &PathBuf::from("/dev/null")] {
            assert!(replace(path, b"x\n", 0o600).is_err(), "{path:?}");
            assert!(create(path, b"x\n", 0o600).is_err(), "{path:?}");
            assert!(open_own(path, 0o600).is_err(), "{path:?}");
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep\n");
        assert!(!dir.path().join("nowhere").exists());
        use std::os::unix::fs::FileTypeExt;
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        // A `.new` planted as a link is removed, not written through.
        let state = dir.path().join("state");
        std::os::unix::fs::symlink(&target, beside(&state, ".new")).unwrap();
        replace(&state, b"new\n", 0o600).unwrap();
        assert_eq!(fs::read_to_string(&state).unwrap(), "new\n");
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep\n");
    }

    #[test]
    fn a_file_is_no_wider_than_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.log");
        fs::write(&log, "").unwrap();
        fs::set_permissions(&log, fs::Permissions::from_mode(0o640)).unwrap();
        assert_eq!(no_wider_than(&log, 0o644), 0o640);
        assert_eq!(no_wider_than(&dir.path().join("none"), 0o644), 0o600);
    }
}
