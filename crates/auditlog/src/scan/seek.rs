//! Where in a plain log a time begins: the open file, a binary search by time over byte
//! offsets, and the line starts where entries may begin. Stamps mostly rise, but writers race
//! and the repeated daylight-saving hour goes back, so every search keeps a margin
//! ([`DISORDER`]) and is then filtered exactly.

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::format::{Reach, body_reach};
use crate::stamp::{MIN_LEN, Stamp, looks_like_stamp};
use crate::time::Zone;

/// How far stamps may run out of order (writers racing, the repeated daylight-saving hour)
/// without a binary search by time missing an entry.
pub const DISORDER: Duration = Duration::hours(2);

/// How far back from a line with a stamp an entry that takes it into its reason may begin.
pub(super) const REACH_BACK: u64 = 32 << 10;

/// A file that is being searched.
pub struct LogFile {
    pub(super) file: File,
    pub(super) len: u64,
    pub(super) path: Arc<Path>,
    pub(super) cache: Option<PathBuf>,
}

impl LogFile {
    /// Opens a plain (not compressed) log.
    pub fn open(path: &Path) -> io::Result<LogFile> {
        LogFile::from_file(File::open(path)?, path)
    }

    /// A plain log already open, named `path` in origins and reports.
    pub fn from_file(file: File, path: &Path) -> io::Result<LogFile> {
        let len = file.metadata()?.len();
        Ok(LogFile {
            file,
            len,
            path: Arc::from(path),
            cache: None,
        })
    }

    /// The open file, to read on front to back from where it stands (its start).
    pub fn into_file(self) -> File {
        self.file
    }

    /// The name it was opened by.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The size when it was opened.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file was empty when it was opened.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The range of bytes where entries between `since` and `until` are when stamps rise,
    /// found by binary search with a margin of [`DISORDER`]; the whole file without bounds.
    pub fn range(
        &self,
        zone: Zone,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
    ) -> io::Result<(u64, u64)> {
        let start = match since {
            Some(t) => self.entry_start_from(self.seek(zone, t - DISORDER)?.0)?,
            None => 0,
        };
        let end = match until {
            Some(t) => self.entry_start_from(self.seek(zone, t + DISORDER)?.1)?,
            None => self.len,
        };
        Ok((start, end.max(start)))
    }

    /// Narrows down, by binary search, where the entries at `target` begin, assuming stamps
    /// rise (within [`DISORDER`]): every entry before `lo` is earlier than `target`, and every
    /// entry from the first entry start at or after `hi` on is not.
    pub fn seek(&self, zone: Zone, target: DateTime<Utc>) -> io::Result<(u64, u64)> {
        let (mut lo, mut hi) = (0, self.len);
        while hi - lo > 64 << 10 {
            let mid = lo + (hi - lo) / 2;
            match self.next_stamp(mid, hi)? {
                Some((at, stamp)) if zone.instants(stamp).1 < target => lo = at,
                _ => hi = mid,
            }
        }
        Ok((lo, hi))
    }

    /// The first line at or after `pos` (and before `limit`) that begins with a readable stamp.
    fn next_stamp(&self, pos: u64, limit: u64) -> io::Result<Option<(u64, Stamp)>> {
        let mut at = pos;
        // Probing needs only a line with a stamp: `range` makes its ends entry starts.
        while at < limit {
            at = self.stamp_line_from(at)?;
            if at >= limit {
                break;
            }
            let mut head = [0u8; 40];
            let n = read_up_to(&self.file, &mut head, at)?;
            if let Some((stamp, _)) = Stamp::parse_prefix(&head[..n]) {
                return Ok(Some((at, stamp)));
            }
            at += 1;
        }
        Ok(None)
    }

    /// The first offset at or after `pos` where an entry starts: the start of the file, or a
    /// line that begins with the shape of a stamp and is not part of an entry before it (see
    /// [`crate::format::body_reach`]); the end of the file when there is none.
    pub fn entry_start_from(&self, pos: u64) -> io::Result<u64> {
        let at = self.stamp_line_from(pos)?;
        self.past_reach(at)
    }

    /// `at`, a line with a stamp; or, when an entry that begins before it takes it into its
    /// reason (its body says so), where that entry ends. Such entries are JOC's, whose bodies
    /// are cut at 4,096 characters and reasons at 2,000, so [`REACH_BACK`] bytes before `at`
    /// hold their first line. Only a first line with a stamp, an escaped line break in its body
    /// and no tail can reach on; each one in reach is asked, nested ones too.
    fn past_reach(&self, at: u64) -> io::Result<u64> {
        if at == 0 || at >= self.len {
            return Ok(at);
        }
        let from = at.saturating_sub(REACH_BACK);
        let mut before = vec![0u8; (at - from) as usize];
        let n = read_up_to(&self.file, &mut before, from)?;
        before.truncate(n);
        // The lines that hold an escaped line break, each once, oldest first.
        let mut open: Vec<usize> = Vec::new();
        for escaped in memchr::memmem::find_iter(&before, b"\\n") {
            let start = memchr::memrchr(b'\n', &before[..escaped]).map_or(0, |nl| nl + 1);
            if open.last() == Some(&start) || (start == 0 && from > 0) {
                continue;
            }
            let line = &before[start..];
            let line = &line[..memchr::memchr(b'\n', line).map_or(line.len(), |i| i + 1)];
            if looks_like_stamp(line) && !crate::format::has_tail(line) {
                open.push(start);
            }
        }
        let Some(&first) = open.first() else {
            return Ok(at);
        };
        let base = from + first as u64;
        let mut data = vec![0u8; (at - base + REACH_BACK) as usize];
        let n = read_up_to(&self.file, &mut data, base)?;
        let data = &data[..n];
        let eof = base + n as u64 >= self.len;
        let mut end = at;
        for start in open {
            let start = start - first;
            let line = memchr::memchr(b'\n', &data[start..]).map_or(0, |i| i + 1);
            if let Reach::Ends(len) = body_reach(&data[start..], line, eof) {
                end = end.max(base + (start + len) as u64);
            }
        }
        Ok(end)
    }

    /// The first offset at or after `pos` where a line begins with the shape of a stamp.
    fn stamp_line_from(&self, pos: u64) -> io::Result<u64> {
        if pos == 0 {
            return Ok(0);
        }
        // Entries are short: look at a few KiB first, more when that holds no entry start.
        let mut buf = vec![0u8; 4 << 10];
        // Each window starts one byte early, so that a newline there marks `pos` as a line start.
        let mut from = pos - 1;
        while from < self.len {
            let n = read_up_to(&self.file, &mut buf, from)?;
            let window = &buf[..n];
            let at_end = from + n as u64 >= self.len;
            for nl in memchr::memchr_iter(b'\n', window) {
                let rest = &window[nl + 1..];
                if rest.len() < MIN_LEN && !at_end {
                    break;
                }
                if looks_like_stamp(rest) {
                    return Ok(from + nl as u64 + 1);
                }
            }
            if at_end {
                break;
            }
            // The next window overlaps this one, to judge the lines that began near its end.
            from += (n - MIN_LEN) as u64;
            if buf.len() < 64 << 10 {
                buf.resize(buf.len() * 4, 0);
            }
        }
        Ok(self.len)
    }
}

/// Reads a range of a file by offset, so that threads share one handle.
pub(super) struct RangeReader<'a> {
    pub(super) file: &'a File,
    pub(super) pos: u64,
    pub(super) end: u64,
}

impl Read for RangeReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = buf.len().min((self.end - self.pos) as usize);
        if want == 0 {
            return Ok(0);
        }
        let n = self.file.read_at(&mut buf[..want], self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// Reads as much as there is into `buf` from `offset`.
pub(super) fn read_up_to(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read_at(&mut buf[n..], offset + n as u64) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
