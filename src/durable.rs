//! Small files written so that a crash leaves either the old file or the new one, whole: the
//! sealing state, cursors, an archive's intent and parts. Never used for a log, which only
//! `append` writes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// `path` with `suffix` added to its file name: `audit.log` → `audit.log.seal`.
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes `bytes` to `path` as a new file (replacing one there), with `mode`, synced. The file
/// is created private and opened up to `mode` only once written.
pub fn create(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let mut out = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    out.write_all(bytes)?;
    out.set_permissions(fs::Permissions::from_mode(mode))?;
    out.sync_all()
}

/// Replaces `path` by `bytes` whole: written to `<path>.new`, synced, renamed over it, and the
/// rename made durable.
pub fn replace(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let new = beside(path, ".new");
    create(&new, bytes, mode)?;
    fs::rename(&new, path)?;
    sync_dir(path)
}

/// Makes a rename or a new file in the directory of `path` durable.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => File::open(dir)?.sync_all(),
        _ => File::open(".")?.sync_all(),
    }
}
