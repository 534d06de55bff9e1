//! What is known of each [`STEP`] bytes (a block) of a plain log: how many lines came before its
//! end, the earliest and latest stamp of the lines that begin in it, and whether those stamps
//! run in order. Line numbers come from
//! the first; a search by time that stays exact where stamps run out of order comes from the
//! second (see [`LogFile::ranges`]).
//!
//! Whole blocks are remembered between runs in a cache directory the caller names, one small
//! text file per log (by device and inode), with the bytes just before each block's end to tell
//! whether the file is still the same. A log is append-only, so what was read once stays true
//! while it grows; a file that was replaced, rotated or truncated fails the check and is read
//! afresh. The index is only ever a shortcut: any doubt, and the blocks are read again.

use std::fs::{self, File};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::chunks::on_threads;
use super::seek::{LogFile, read_up_to};
use crate::stamp::{Stamp, looks_like_stamp};

/// The size of a block.
pub const STEP: u64 = 8 << 20;

/// How many bytes before a block's end are kept to recognise the file.
const PRINT: usize = 32;

const HEADER: &str = "auditlog block index 4";

/// What one stretch of a log holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sum {
    /// Line ends in it.
    pub lines: u64,
    /// The earliest and latest wall-clock time of the stamps that begin its lines. A stamp
    /// with an offset counts as its UTC time a day either way, which holds it in any zone.
    pub stamps: Option<(NaiveDateTime, NaiveDateTime)>,
    /// Whether a stamp in it lies more than [`IN_ORDER`] before one above it, or has an offset:
    /// where not, a search by time that finds its place in the block finds every line of the
    /// block on the right side of it (see [`LogFile::ranges`]).
    pub disordered: bool,
    /// Whether its stamps were read: a count of its lines alone does not.
    pub stamped: bool,
}

/// How far back from the latest stamp above it a stamp may lie in a block whose stamps run in
/// order: the repeated daylight-saving hour, and writers that race.
pub const IN_ORDER: chrono::Duration = chrono::Duration::hours(1);

impl Sum {
    fn see(&mut self, line: &[u8]) {
        let Some((stamp, _)) = Stamp::parse_prefix(line) else {
            return;
        };
        if stamp.offset.is_some()
            || self
                .stamps
                .is_some_and(|(_, max)| stamp.local < max - IN_ORDER)
        {
            self.disordered = true;
        }
        let (early, late) = match stamp.offset {
            None => (stamp.local, stamp.local),
            Some(secs) => {
                let utc = stamp.local - chrono::Duration::seconds(i64::from(secs));
                (
                    utc - chrono::Duration::days(1),
                    utc + chrono::Duration::days(1),
                )
            }
        };
        self.stamps = Some(match self.stamps {
            Some((min, max)) => (min.min(early), max.max(late)),
            None => (early, late),
        });
    }
}

/// A stretch of a log, `[start, end)`, and what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// Where it begins.
    pub start: u64,
    /// Where it ends.
    pub end: u64,
    /// What it holds.
    pub sum: Sum,
}

/// The remembered whole blocks of one log, in order from the first.
struct Index {
    path: PathBuf,
    blocks: Vec<(Sum, String)>,
    /// The log as it was when the index was loaded: it is saved as of then.
    file: fs::Metadata,
}

/// When a file was last written, and when its inode last changed (which no one can set
/// back, as `touch -d` does the first), to the nanosecond, as text.
fn modified(meta: &fs::Metadata) -> String {
    format!(
        "{}.{:09}/{}.{:09}",
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ctime(),
        meta.ctime_nsec()
    )
}

impl Index {
    /// The index for `file` in `dir`, with the blocks that still hold for it.
    fn load(dir: &Path, file: &File) -> io::Result<Index> {
        let meta = file.metadata()?;
        let path = dir.join(format!("{}-{}", meta.dev(), meta.ino()));
        let bytes = crate::durable::read_small(&path, 16 << 20).unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        let mut lines = text.lines();
        let mut blocks = Vec::new();
        // Written at this size and time: the same size at another time is the file written
        // again in place (a backup restored with cp, an edit), and a smaller one was cut.
        let seen = (lines.next() == Some(HEADER))
            .then(|| lines.next())
            .flatten()
            .and_then(|line| line.strip_prefix("as of "))
            .and_then(|rest| rest.split_once(' '))
            .and_then(|(len, time)| Some((len.parse::<u64>().ok()?, time.to_owned())));
        let still = |(len, time): &(u64, String)| {
            *len < meta.len() || (*len == meta.len() && *time == modified(&meta))
        };
        if seen.as_ref().is_some_and(still) {
            for line in lines {
                let end = (blocks.len() as u64 + 1) * STEP;
                match parse_block(line) {
                    Some((at, sum, print))
                        if at == end && fingerprint(file, end)?.as_deref() == Some(print) =>
                    {
                        blocks.push((sum, print.to_owned()));
                    }
                    _ => break,
                }
            }
        }
        Ok(Index {
            path,
            blocks,
            file: meta,
        })
    }

    /// Writes the index whole, through a file renamed into place.
    fn save(&self) -> io::Result<()> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir)?;
        }
        let mut text = format!(
            "{HEADER}\nas of {} {}\n",
            self.file.len(),
            modified(&self.file)
        );
        for (k, (sum, print)) in self.blocks.iter().enumerate() {
            let end = (k as u64 + 1) * STEP;
            let stamps = match (sum.stamped, sum.stamps) {
                (false, _) => "unread".to_owned(),
                (true, None) => "- - ordered".to_owned(),
                (true, Some((min, max))) => format!(
                    "{} {} {}",
                    millis(min),
                    millis(max),
                    if sum.disordered {
                        "disordered"
                    } else {
                        "ordered"
                    }
                ),
            };
            text.push_str(&format!("{end} {} {print} {stamps}\n", sum.lines));
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

fn millis(t: NaiveDateTime) -> String {
    t.and_utc().timestamp_millis().to_string()
}

/// One line of an index: a block's end, its lines, its fingerprint; then `unread`, or its
/// earliest and latest stamps (`-` for none) and whether they run in order.
fn parse_block(line: &str) -> Option<(u64, Sum, &str)> {
    let mut parts = line.split(' ');
    let end = parts.next()?.parse().ok()?;
    let lines = parts.next()?.parse().ok()?;
    let print = parts.next()?;
    let time = |text: &str| {
        chrono::DateTime::from_timestamp_millis(text.parse().ok()?).map(|t| t.naive_utc())
    };
    let mut sum = Sum {
        lines,
        ..Sum::default()
    };
    match parts.next()? {
        "unread" => {}
        min => {
            sum.stamped = true;
            sum.stamps = match (min, parts.next()?) {
                ("-", "-") => None,
                (min, max) => Some((time(min)?, time(max)?)),
            };
            sum.disordered = match parts.next()? {
                "ordered" => false,
                "disordered" => true,
                _ => return None,
            };
        }
    }
    Some((end, sum, print))
}

impl LogFile {
    /// Remembers what blocks hold in this directory between runs.
    pub fn with_cache(mut self, dir: Option<PathBuf>) -> LogFile {
        self.cache = dir;
        self
    }

    /// The first `count` whole blocks of the file, with their stamps when `stamps` says so:
    /// from the index where it holds them, read on every core where not. Whole blocks read are
    /// remembered.
    pub fn whole_blocks(&self, count: u64, stamps: bool) -> io::Result<Vec<Block>> {
        let count = count.min(self.len / STEP);
        let mut index = match self.cache.as_deref() {
            Some(dir) if count > 0 => Index::load(&dir.join("lines"), &self.file).ok(),
            _ => None,
        };
        let known: Vec<Sum> = index.as_ref().map_or(Vec::new(), |i| {
            i.blocks.iter().take(count as usize).map(|b| b.0).collect()
        });
        let unread: Vec<u64> = (0..count)
            .filter(|&k| {
                known
                    .get(k as usize)
                    .is_none_or(|sum| stamps && !sum.stamped)
            })
            .collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let ranges: Vec<(u64, u64)> = unread.iter().map(|&k| (k * STEP, (k + 1) * STEP)).collect();
        let sums = on_threads(&ranges, threads, &|(from, to)| match stamps {
            true => self.sum(from, to),
            false => Ok(Sum {
                lines: self.count_newlines(from, to)?,
                ..Sum::default()
            }),
        });
        let mut blocks: Vec<Sum> = known;
        for (&k, sum) in unread.iter().zip(sums) {
            let sum = sum?;
            match blocks.get_mut(k as usize) {
                Some(known) => *known = sum,
                None => blocks.push(sum),
            }
            if let Some(index) = index.as_mut() {
                let print = fingerprint(&self.file, (k + 1) * STEP)?.unwrap_or_default();
                match index.blocks.get_mut(k as usize) {
                    Some(known) => *known = (sum, print),
                    None => index.blocks.push((sum, print)),
                }
            }
        }
        if let Some(index) = index.filter(|_| !unread.is_empty()) {
            // A cache: when it cannot be written, the next run reads again.
            let _ = index.save();
        }
        Ok(blocks
            .into_iter()
            .enumerate()
            .map(|(k, sum)| Block {
                start: k as u64 * STEP,
                end: (k as u64 + 1) * STEP,
                sum,
            })
            .collect())
    }

    /// The number of lines before `offset`: whole blocks from [`LogFile::blocks`] when a cache
    /// remembers them, the rest counted on every core.
    pub fn lines_before(&self, offset: u64) -> io::Result<u64> {
        let offset = offset.min(self.len);
        let whole = match self.cache {
            Some(_) => offset / STEP * STEP,
            None => 0,
        };
        let before: u64 = match whole {
            0 => 0,
            _ => self
                .whole_blocks(whole / STEP, false)?
                .iter()
                .map(|b| b.sum.lines)
                .sum(),
        };
        Ok(before + self.count_lines(whole, offset)?)
    }

    /// The lines in `[from, to)`, the work shared among the cores.
    fn count_lines(&self, from: u64, to: u64) -> io::Result<u64> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let part = (to.saturating_sub(from)).div_ceil(threads as u64).max(1);
        let parts: Vec<(u64, u64)> = (0..threads as u64)
            .map(|i| (from + i * part, (from + (i + 1) * part).min(to)))
            .filter(|(a, b)| a < b)
            .collect();
        on_threads(&parts, threads, &|(from, to)| self.count_newlines(from, to))
            .into_iter()
            .sum()
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

    /// What `[from, to)` holds: its line ends, and the stamps of the lines that begin in it.
    pub fn sum(&self, from: u64, to: u64) -> io::Result<Sum> {
        let mut seen = Seen::default();
        let lines = self.read_lines(from, to, &mut |line| seen.see(line))?;
        match seen.finish(lines) {
            Some(sum) => Ok(sum),
            // An extreme kept as bytes was no time (a 13th month): every stamp is read.
            None => {
                let mut sum = Sum {
                    stamped: true,
                    ..Sum::default()
                };
                let lines = self.read_lines(from, to, &mut |line| sum.see(line))?;
                Ok(Sum { lines, ..sum })
            }
        }
    }

    /// Hands the start of every line that begins in `[from, to)` to `each`, with at least the
    /// bytes of a stamp after it where the file has them; returns the number of line ends.
    fn read_lines(&self, from: u64, to: u64, each: &mut dyn FnMut(&[u8])) -> io::Result<u64> {
        // Past each piece, enough bytes to read a stamp that begins in it.
        const AHEAD: usize = 64;
        let mut buf = vec![0u8; (1 << 20) + AHEAD];
        let mut lines = 0;
        let mut begins = from == 0 || {
            let mut before = [0u8];
            read_up_to(&self.file, &mut before, from - 1)? == 1 && before[0] == b'\n'
        };
        let mut at = from;
        while at < to {
            let want = ((to - at) as usize).min(buf.len() - AHEAD);
            let n = read_up_to(&self.file, &mut buf[..want + AHEAD], at)?;
            let piece = n.min(want);
            if piece == 0 {
                break;
            }
            if begins {
                each(&buf[..n]);
            }
            for i in memchr::memchr_iter(b'\n', &buf[..piece]) {
                lines += 1;
                if i + 1 < piece {
                    each(&buf[i + 1..n]);
                }
            }
            begins = buf[piece - 1] == b'\n';
            at += piece as u64;
        }
        Ok(lines)
    }
}

/// The length of a stamp in JOC's own form, `2026-11-23T10:00:00,000`.
const JOC_STAMP: usize = 23;

/// The stamps of a stretch as they are seen. Those in JOC's own form are kept as their bytes,
/// which sort as their times do: most need no reading at all, the extremes are read at the end,
/// and one that goes back is read to tell how far. Any other form is read as it comes.
#[derive(Default)]
struct Seen {
    sum: Sum,
    low: Option<[u8; JOC_STAMP]>,
    high: Option<[u8; JOC_STAMP]>,
}

impl Seen {
    fn see(&mut self, line: &[u8]) {
        let Some(key) = joc_form(line) else {
            self.sum.see(line);
            return;
        };
        match self.high {
            Some(high) if key < high => {
                if !self.sum.disordered && goes_back_too_far(&key, &high) {
                    self.sum.disordered = true;
                }
            }
            _ => self.high = Some(key),
        }
        if self.low.is_none_or(|low| key < low) {
            self.low = Some(key);
        }
    }

    /// What was seen; `None` when an extreme kept as bytes is no time.
    fn finish(self, lines: u64) -> Option<Sum> {
        let mut sum = Sum {
            lines,
            stamped: true,
            ..self.sum
        };
        let (Some(low), Some(high)) = (self.low, self.high) else {
            return Some(sum);
        };
        let read = |key: &[u8]| Stamp::parse_prefix(key).map(|(stamp, _)| stamp.local);
        let (low, high) = (read(&low)?, read(&high)?);
        sum.stamps = Some(match sum.stamps {
            // Stamps of two forms in one block: their order is not looked into.
            Some((min, max)) => {
                sum.disordered = true;
                (min.min(low), max.max(high))
            }
            None => (low, high),
        });
        Some(sum)
    }
}

/// The stamp at the start of a line when it is in JOC's own form, followed by a space.
fn joc_form(line: &[u8]) -> Option<[u8; JOC_STAMP]> {
    let stamp = line.get(..=JOC_STAMP)?;
    let shaped = stamp[10] == b'T'
        && stamp[19] == b','
        && stamp[JOC_STAMP] == b' '
        && stamp[20..JOC_STAMP].iter().all(u8::is_ascii_digit)
        && looks_like_stamp(stamp);
    shaped.then(|| stamp[..JOC_STAMP].try_into().ok()).flatten()
}

/// Whether a stamp lies more than [`IN_ORDER`] before a later one, both in JOC's own form; a
/// stamp that is no time goes back too far.
fn goes_back_too_far(stamp: &[u8], later: &[u8]) -> bool {
    let read = |key: &[u8]| Stamp::parse_prefix(key).map(|(stamp, _)| stamp.local);
    match (read(stamp), read(later)) {
        (Some(stamp), Some(later)) => stamp < later - IN_ORDER,
        _ => true,
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

#[cfg(test)]
mod tests;
