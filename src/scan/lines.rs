//! Line numbers of large logs, remembered between runs: every [`STEP`] bytes, how many lines
//! came before, with the bytes just before that point to tell whether the file is still the
//! same. A log is append-only, so what was counted once stays true while it grows; a file that
//! was replaced, rotated or truncated fails the check and is counted afresh.
//!
//! The index lives in a cache directory the caller names, one small text file per log (by
//! device and inode). It is only ever a shortcut: any doubt, and the lines are counted.

use std::fs::{self, File};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The distance between remembered points.
pub const STEP: u64 = 8 << 20;

/// How many bytes before a point are kept to recognise the file.
const PRINT: usize = 32;

const HEADER: &str = "auditlog line index 1";

/// Remembered points of one log: (offset, lines before it, the bytes before it in hex).
pub struct LineIndex {
    path: PathBuf,
    points: Vec<(u64, u64, String)>,
}

impl LineIndex {
    /// The index for `file` in `dir`, with the points that still hold for it.
    pub fn load(dir: &Path, file: &File) -> io::Result<LineIndex> {
        let meta = file.metadata()?;
        let path = dir.join(format!("{}-{}", meta.dev(), meta.ino()));
        let text = fs::read_to_string(&path).unwrap_or_default();
        let mut lines = text.lines();
        let mut points = Vec::new();
        if lines.next() == Some(HEADER) {
            for line in lines {
                let mut parts = line.split(' ');
                let (Some(offset), Some(count), Some(print)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    break;
                };
                let (Ok(offset), Ok(count)) = (offset.parse::<u64>(), count.parse::<u64>()) else {
                    break;
                };
                if fingerprint(file, offset)?.as_deref() != Some(print) {
                    break;
                }
                points.push((offset, count, print.to_owned()));
            }
        }
        Ok(LineIndex { path, points })
    }

    /// The last remembered point at or before `offset`: (offset, lines before it).
    pub fn before(&self, offset: u64) -> (u64, u64) {
        self.points
            .iter()
            .rev()
            .find(|p| p.0 <= offset)
            .map_or((0, 0), |p| (p.0, p.1))
    }

    /// Remembers that `lines` lines come before `offset`, a multiple of [`STEP`].
    pub fn add(&mut self, file: &File, offset: u64, lines: u64) -> io::Result<()> {
        if self.points.last().is_some_and(|p| p.0 >= offset) {
            return Ok(());
        }
        if let Some(print) = fingerprint(file, offset)? {
            self.points.push((offset, lines, print));
        }
        Ok(())
    }

    /// Writes the index whole, through a file renamed into place.
    pub fn save(&self) -> io::Result<()> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir)?;
        }
        let mut text = format!("{HEADER}\n");
        for (offset, lines, print) in &self.points {
            text.push_str(&format!("{offset} {lines} {print}\n"));
        }
        let tmp = self
            .path
            .with_extension(format!("tmp{}", std::process::id()));
        let saved = fs::write(&tmp, text).and_then(|()| fs::rename(&tmp, &self.path));
        if saved.is_err() {
            // A full disk leaves no half-written index behind.
            let _ = fs::remove_file(&tmp);
        }
        saved
    }
}

/// The bytes just before `offset`, in hex; `None` when the file is shorter.
fn fingerprint(file: &File, offset: u64) -> io::Result<Option<String>> {
    use std::os::unix::fs::FileExt;
    if offset < PRINT as u64 {
        return Ok(None);
    }
    let mut bytes = [0u8; PRINT];
    match file.read_exact_at(&mut bytes, offset - PRINT as u64) {
        Ok(()) => Ok(Some(bytes.iter().map(|b| format!("{b:02x}")).collect())),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}
