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
use std::sync::atomic::{AtomicUsize, Ordering};

use super::seek::{LogFile, read_up_to};

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
        let saved = crate::durable::create(&tmp, text.as_bytes(), 0o600)
            .and_then(|()| fs::rename(&tmp, &self.path));
        if saved.is_err() {
            // A full disk leaves no half-written index behind.
            let _ = fs::remove_file(&tmp);
        }
        saved
    }
}

impl LogFile {
    /// Remembers line numbers in this directory between runs.
    pub fn with_line_cache(mut self, dir: Option<PathBuf>) -> LogFile {
        self.line_cache = dir;
        self
    }

    /// The number of lines before `offset`: counted on every core, from the last point a line
    /// cache remembers when there is one.
    pub fn lines_before(&self, offset: u64) -> io::Result<u64> {
        let offset = offset.min(self.len);
        let Some(dir) = self.line_cache.as_deref().filter(|_| offset >= STEP) else {
            return self.count_lines(&[(0, offset)]).map(|c| c.iter().sum());
        };
        let Ok(mut index) = LineIndex::load(dir, &self.file) else {
            return self.count_lines(&[(0, offset)]).map(|c| c.iter().sum());
        };
        let (mut at, mut lines) = index.before(offset);
        let last = offset / STEP * STEP;
        if at < last {
            let steps: Vec<(u64, u64)> = (at / STEP..last / STEP)
                .map(|k| (k * STEP, (k + 1) * STEP))
                .collect();
            for (&(_, end), count) in steps.iter().zip(self.count_lines(&steps)?) {
                lines += count;
                index.add(&self.file, end, lines)?;
            }
            at = last;
            // A cache: when it cannot be written, the next run counts again.
            let _ = index.save();
        }
        Ok(lines + self.count_lines(&[(at, offset)])?[0])
    }

    /// The lines in each range, the work shared among the cores: a single range is cut in
    /// as many parts.
    fn count_lines(&self, ranges: &[(u64, u64)]) -> io::Result<Vec<u64>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let parts: Vec<(u64, u64)> = match ranges {
            [(from, to)] => {
                let part = (to - from).div_ceil(threads as u64).max(1);
                (0..threads as u64)
                    .map(|i| (from + i * part, (from + (i + 1) * part).min(*to)))
                    .filter(|(a, b)| a < b)
                    .collect()
            }
            _ => ranges.to_vec(),
        };
        let next = AtomicUsize::new(0);
        let counts: Vec<std::sync::Mutex<Option<io::Result<u64>>>> =
            parts.iter().map(|_| std::sync::Mutex::new(None)).collect();
        std::thread::scope(|scope| {
            for _ in 0..threads.min(parts.len()) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&(from, to)) = parts.get(i) else {
                            break;
                        };
                        let count = self.count_newlines(from, to);
                        if let Ok(mut slot) = counts[i].lock() {
                            *slot = Some(count);
                        }
                    }
                });
            }
        });
        let counts: Vec<u64> = counts
            .into_iter()
            .map(|c| {
                c.into_inner()
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| Err(io::Error::other("a counting thread stopped")))
            })
            .collect::<io::Result<_>>()?;
        Ok(match ranges {
            [_] => vec![counts.iter().sum()],
            _ => counts,
        })
    }

    fn count_newlines(&self, from: u64, to: u64) -> io::Result<u64> {
        let mut buf = vec![0u8; 1 << 20];
        let (mut at, mut lines) = (from, 0u64);
        while at < to {
            let want = ((to - at) as usize).min(buf.len());
            let n = read_up_to(&self.file, &mut buf[..want], at)?;
            if n == 0 {
                break;
            }
            lines += bytecount::count(&buf[..n], b'\n') as u64;
            at += n as u64;
        }
        Ok(lines)
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
