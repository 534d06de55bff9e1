//! Searching a plain log file at the speed of the machine: a binary search by time for where
//! to start and stop, chunks cut at entry starts and read on every core, forwards or backwards,
//! and the results put back in order. The results are exactly those of a front-to-back read of
//! the same range: chunk boundaries fall on lines that begin with a stamp, which always start
//! an entry, and each chunk learns the stamps before it to number shared stamps (`~2`) alike.
//!
//! Memory does not grow with the file: chunks are streamed through a bounded buffer, and only
//! a few chunks' results wait for their turn at a time.

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Duration, Utc};

use regex::bytes::Regex;

use super::frame::{Cut, cut};
use super::lines::{LineIndex, STEP};
use super::{Found, Framer, Kind, MAX_ENTRY_BYTES, Malformed, Span};
use crate::format::{self, ParseError, parse_head};
use crate::query::Query;
use crate::reference::RefCounter;
use crate::stamp::{MIN_LEN, Stamp, looks_like_stamp};
use crate::time::Zone;

/// How far stamps may run out of order (writers racing, the repeated daylight-saving hour)
/// without a binary search by time missing an entry.
pub const DISORDER: Duration = Duration::hours(2);

/// The size of the chunks a long range is cut into.
pub const CHUNK: u64 = 2 << 20;

/// The largest chunk a count reads into memory whole; a larger one (a huge entry makes its
/// chunk huge) is framed in bounded steps.
const MAX_COUNT_READ: u64 = 4 * CHUNK;

/// How much smaller than a chunk the first chunk read backwards for a limited search is; each
/// next one is four times larger, up to a whole chunk.
const FIRST_CHUNK_SHARE: u64 = 32;

/// In which order entries are searched and handed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Oldest first.
    Forward,
    /// Newest first.
    Backward,
}

/// What a search hands out, in order.
#[derive(Debug)]
pub enum Hit {
    /// A matching entry.
    Found(Box<Found>),
    /// A line, or lines, that are not an entry.
    Malformed(Malformed),
}

/// How to search a file.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Oldest or newest first.
    pub direction: Direction,
    /// Stop after this many matching entries.
    pub limit: Option<usize>,
    /// Keep each entry's bytes as read (for raw output).
    pub keep_raw: bool,
    /// Give each entry its line number, which costs a count of the lines before the range.
    pub need_lines: bool,
    /// Number shared stamps (`~2`) exactly, which costs reading the entries before each
    /// chunk. Without it, references count only from the start of their chunk: an output
    /// that shows no references (raw) need not pay for them.
    pub need_refs: bool,
    /// Only count: keep no entries.
    pub count_only: bool,
    /// Worker threads.
    pub threads: usize,
    /// Where to remember line numbers between runs (see [`super::lines`]).
    pub line_cache: Option<PathBuf>,
    /// The size of the chunks a long range is cut into.
    pub chunk: u64,
}

impl Default for Plan {
    /// Oldest first, everything, on every core.
    fn default() -> Plan {
        Plan {
            direction: Direction::Forward,
            limit: None,
            keep_raw: false,
            need_lines: false,
            need_refs: true,
            count_only: false,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            line_cache: None,
            chunk: CHUNK,
        }
    }
}

/// What a search of one file found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Matching entries.
    pub count: u64,
    /// Whether a limit ended the search early.
    pub stopped: bool,
}

/// A file that is being searched.
pub struct LogFile {
    file: File,
    len: u64,
    path: Arc<Path>,
    line_cache: Option<PathBuf>,
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
            line_cache: None,
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

    /// The range of bytes that can hold entries between `since` and `until`, found by binary
    /// search with a margin of [`DISORDER`]; the whole file without bounds.
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
        while at < limit {
            at = self.entry_start_from(at)?;
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

    /// The first offset at or after `pos` where an entry may start: the start of the file, or
    /// a line that begins with the shape of a stamp; the end of the file when there is none.
    pub fn entry_start_from(&self, pos: u64) -> io::Result<u64> {
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

    /// Remembers line numbers in this directory between runs (see [`super::lines`]).
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

    /// Searches `[start, end)` with a query; hands every hit to `hit` in the plan's order.
    pub fn search(
        &self,
        (start, end): (u64, u64),
        query: &Query,
        plan: &Plan,
        hit: &mut dyn FnMut(Hit) -> io::Result<()>,
    ) -> io::Result<Outcome> {
        let mut cutter = Cutter::new(self, start, end, plan);
        // Counting needs no references nor line numbers, so it may jump between the places a
        // literal search finds; every search reports the lines that are not entries and hold
        // that literal (see `worth_reporting`).
        let prefilter = query.prefilter();
        let mut outcome = Outcome::default();
        // The line number at the start of the next chunk handed out, when known.
        let mut base_line: Option<u64> =
            (plan.direction == Direction::Forward && start == 0).then_some(1);
        // Found entries wait in memory until their chunk's turn, so only a few chunks run ahead;
        // counts take no room, so counting runs every chunk at once.
        let wave = if plan.count_only {
            usize::MAX
        } else {
            plan.threads.max(1) * 2
        };
        loop {
            let chunks = cutter.next_wave(if cutter.size < plan.chunk { 1 } else { wave })?;
            if chunks.is_empty() {
                break;
            }
            let results = self.run_wave(&chunks, query, plan, prefilter.as_ref())?;
            for (chunk, mut out) in chunks.into_iter().zip(results) {
                let wants_lines =
                    !out.malformed.is_empty() || (plan.need_lines && !out.found.is_empty());
                let first_line = match (plan.direction, base_line) {
                    (Direction::Forward, Some(line)) => Some(line),
                    (Direction::Backward, Some(line_after)) => Some(line_after - out.lines),
                    (_, None) if wants_lines => Some(self.lines_before(chunk.0)? + 1),
                    (_, None) => None,
                };
                base_line = match plan.direction {
                    _ if out.lines_unknown => None,
                    Direction::Forward => first_line.map(|l| l + out.lines),
                    Direction::Backward => first_line,
                };
                let shift = |line: u64| first_line.map_or(0, |first| first + line - 1);
                for m in &mut out.malformed {
                    m.origin.line = shift(m.origin.line);
                }
                for f in &mut out.found {
                    if let Some(origin) = f.entry.origin.as_mut() {
                        origin.line = shift(origin.line);
                    }
                }
                // Reports stay in file order within a chunk, in either direction.
                if plan.direction == Direction::Backward {
                    out.found.reverse();
                }
                for m in out.malformed {
                    hit(Hit::Malformed(m))?;
                }
                for f in out.found {
                    if plan.limit.is_some_and(|n| outcome.count >= n as u64) {
                        outcome.stopped = true;
                        return Ok(outcome);
                    }
                    outcome.count += 1;
                    hit(Hit::Found(Box::new(f)))?;
                }
                if !plan.count_only && plan.limit.is_some_and(|n| outcome.count >= n as u64) {
                    outcome.stopped = true;
                    return Ok(outcome);
                }
                outcome.count += out.counted;
            }
        }
        Ok(outcome)
    }

    /// Searches chunks on the plan's threads; the results come back in the chunks' order.
    fn run_wave(
        &self,
        chunks: &[(u64, u64)],
        query: &Query,
        plan: &Plan,
        prefilter: Option<&Regex>,
    ) -> io::Result<Vec<ChunkOut>> {
        let one = |chunk: (u64, u64)| match prefilter {
            // A chunk is read whole to count in it; one that a huge entry made huge is framed
            // in bounded steps instead.
            Some(re) if plan.count_only && chunk.1 - chunk.0 <= MAX_COUNT_READ => {
                self.count_found(chunk, query, re)
            }
            _ => self.search_chunk(chunk, query, plan, prefilter),
        };
        if chunks.len() == 1 || plan.threads <= 1 {
            return chunks.iter().map(|&c| one(c)).collect();
        }
        let next = AtomicUsize::new(0);
        let mut results: Vec<Option<io::Result<ChunkOut>>> = chunks.iter().map(|_| None).collect();
        let done = std::sync::Mutex::new(&mut results);
        std::thread::scope(|scope| {
            for _ in 0..plan.threads.min(chunks.len()) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&chunk) = chunks.get(i) else { break };
                        let out = one(chunk);
                        if let Ok(mut done) = done.lock() {
                            done[i] = Some(out);
                        }
                    }
                });
            }
        });
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(io::Error::other("a search thread stopped"))))
            .collect()
    }

    /// Searches one chunk front to back. Line numbers in the result count from 1 at the
    /// chunk's start; the caller shifts them.
    fn search_chunk(
        &self,
        (start, end): (u64, u64),
        query: &Query,
        plan: &Plan,
        prefilter: Option<&Regex>,
    ) -> io::Result<ChunkOut> {
        let mut refs = if plan.count_only || !plan.need_refs {
            RefCounter::default()
        } else {
            self.refs_before(start)?
        };
        let reader = RangeReader {
            file: &self.file,
            pos: start,
            end,
        };
        let mut framer = Framer::starting_at(reader, 1, start);
        let mut out = ChunkOut::default();
        while let Some(span) = framer.next_span()? {
            out.lines += span.lines;
            let bytes = framer.bytes(&span);
            if span.kind != Kind::Entry {
                if worth_reporting(prefilter, bytes) {
                    out.malformed
                        .push(malformed(&span, bytes, &self.path, None));
                }
                continue;
            }
            let refs = (!plan.count_only).then_some(&mut refs);
            match judge(bytes, query, refs, !plan.count_only) {
                Judged::NoMatch => {}
                Judged::Malformed(error) => {
                    if worth_reporting(prefilter, bytes) {
                        out.malformed
                            .push(malformed(&span, bytes, &self.path, Some(error)));
                    }
                }
                Judged::Match(None, _) => out.counted += 1,
                Judged::Match(Some(mut entry), reference) => {
                    entry.origin = Some(crate::entry::Origin {
                        file: Arc::clone(&self.path),
                        line: span.line,
                        offset: span.offset,
                    });
                    out.found.push(Found {
                        entry: *entry,
                        reference: reference.expect("references are kept unless only counting"),
                        raw: if plan.keep_raw {
                            bytes.to_vec()
                        } else {
                            Vec::new()
                        },
                    });
                }
            }
        }
        Ok(out)
    }

    /// Counts the matches in one chunk by reading only the entries around the places where
    /// `re` (see [`Query::prefilter`]) matches; every entry the query matches holds one.
    fn count_found(
        &self,
        (start, end): (u64, u64),
        query: &Query,
        re: &Regex,
    ) -> io::Result<ChunkOut> {
        thread_local! {
            static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUF.with_borrow_mut(|buf| {
            buf.resize((end - start) as usize, 0);
            let n = read_up_to(&self.file, buf, start)?;
            buf.truncate(n);
            self.count_in(buf, start, query, re)
        })
    }

    fn count_in(&self, buf: &[u8], start: u64, query: &Query, re: &Regex) -> io::Result<ChunkOut> {
        let mut out = ChunkOut {
            lines_unknown: true,
            ..ChunkOut::default()
        };
        let mut pos = 0;
        // Where a match ends is enough: the literal lies on one line.
        while let Some(end) = re.shortest_match_at(buf, pos) {
            let hit = end - 1;
            // The frame a match lies in: from the last line with a stamp before it (the chunk
            // itself starts at an entry), frame by frame up to the one that holds it.
            let mut at = line_start(buf, hit);
            while at > 0 && !looks_like_stamp(&buf[at..]) {
                at = line_start(buf, at - 1);
            }
            let (kind, len) = loop {
                let (kind, len) = match cut(&buf[at..], true, MAX_ENTRY_BYTES) {
                    Cut::Frame { kind, len, .. } => (kind, len),
                    Cut::Long { .. } => (Kind::TooLong, long_len(&buf[at..])),
                    Cut::More => unreachable!("the whole chunk is at hand"),
                };
                if at + len > hit {
                    break (kind, len);
                }
                at += len;
            };
            pos = at + len;
            let bytes = &buf[at..at + len];
            let error = match kind {
                Kind::Entry => match judge(bytes, query, None, false) {
                    Judged::NoMatch => continue,
                    Judged::Match(..) => {
                        out.counted += 1;
                        continue;
                    }
                    Judged::Malformed(error) => Some(error),
                },
                _ => None,
            };
            let line = 1 + bytecount::count(&buf[..at], b'\n') as u64;
            let lines = bytecount::count(bytes, b'\n') as u64 + u64::from(!bytes.ends_with(b"\n"));
            let span = Span {
                kind,
                line,
                lines,
                offset: start + at as u64,
                len: len as u64,
                at: 0,
                held: len.min(super::HEAD_BYTES),
            };
            let shown = if kind == Kind::TooLong {
                &bytes[..span.held]
            } else {
                bytes
            };
            out.malformed
                .push(malformed(&span, shown, &self.path, error));
        }
        Ok(out)
    }

    /// A reference counter as it stands at `offset`, rebuilt from the entries just before it
    /// (see [`RefCounter::after`]).
    pub fn refs_before(&self, offset: u64) -> io::Result<RefCounter> {
        let mut back = 32u64 << 10;
        loop {
            let from = self
                .entry_start_from(offset.saturating_sub(back))?
                .min(offset);
            let mut stamps = Vec::new();
            let reader = RangeReader {
                file: &self.file,
                pos: from,
                end: offset,
            };
            let mut framer = Framer::new(reader);
            while let Some(span) = framer.next_span()? {
                if span.kind == Kind::Entry
                    && let Some((stamp, _)) = Stamp::parse_prefix(framer.bytes(&span))
                {
                    stamps.push(stamp);
                }
            }
            if let Some(refs) = RefCounter::after(&stamps, from == 0) {
                return Ok(refs);
            }
            back *= 4;
        }
    }
}

/// How an entry fares against a query.
enum Judged {
    /// It does not match.
    NoMatch,
    /// It is not an entry after all.
    Malformed(ParseError),
    /// It matches: the entry when it was asked for, and its reference when counted.
    Match(Option<Box<crate::Entry>>, Option<crate::reference::Ref>),
}

/// Judges one entry's bytes, head first: the body is read only when time, account, request,
/// category and ID match. `refs`, when given, counts the entry's stamp.
fn judge(bytes: &[u8], query: &Query, refs: Option<&mut RefCounter>, keep: bool) -> Judged {
    let text;
    let head = match head_text(bytes) {
        Some(head_text) => parse_head(head_text),
        None => {
            text = format::entry_text(bytes);
            parse_head(&text)
        }
    };
    let head = match head {
        Ok(head) => head,
        Err(error) => {
            if let (Some(refs), Some((stamp, _))) = (refs, Stamp::parse_prefix(bytes)) {
                refs.next(stamp);
            }
            return Judged::Malformed(error);
        }
    };
    let reference = refs.map(|refs| refs.next(head.created));
    if !query.matches_head(head.created, head.request, head.id, head.user) {
        return Judged::NoMatch;
    }
    let full = format::entry_text(bytes);
    let view = match format::parse_view(&full) {
        Ok(view) => view,
        Err(error) => return Judged::Malformed(error),
    };
    if !query.matches_rest(&view, bytes) {
        return Judged::NoMatch;
    }
    Judged::Match(keep.then(|| Box::new(view.to_entry())), reference)
}

/// The text of an entry up to and with its ` - PARAMS: `, when it is plain UTF-8 on one
/// line; a head read from it is the head of the whole entry.
fn head_text(bytes: &[u8]) -> Option<&str> {
    let prefix = &bytes[..format::params_marker(bytes)?];
    if memchr::memchr2(b'\n', b'\r', prefix).is_some() {
        return None;
    }
    std::str::from_utf8(prefix).ok()
}

fn malformed(span: &Span, bytes: &[u8], file: &Arc<Path>, error: Option<ParseError>) -> Malformed {
    super::malformed(&super::Frame::of(span, bytes), file, error)
}

/// What one chunk held.
#[derive(Default)]
struct ChunkOut {
    found: Vec<Found>,
    malformed: Vec<Malformed>,
    counted: u64,
    /// The lines in the chunk, unless `lines_unknown`.
    lines: u64,
    lines_unknown: bool,
}

/// The length of a frame longer than the cap at the start of `buf`, as the framer skips it:
/// its first line, then every line up to the next one with a stamp.
fn long_len(buf: &[u8]) -> usize {
    let mut len = memchr::memchr(b'\n', buf).map_or(buf.len(), |i| i + 1);
    while len < buf.len() && !looks_like_stamp(&buf[len..]) {
        len = memchr::memchr(b'\n', &buf[len..]).map_or(buf.len(), |i| len + i + 1);
    }
    len
}

/// The start of the line that holds `at`.
fn line_start(buf: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &buf[..at]).map_or(0, |i| i + 1)
}

/// Cuts a range into chunks at entry starts, in the plan's direction. Backwards with a limit,
/// the first chunks are small, so that the newest entries come back at once.
struct Cutter<'a> {
    log: &'a LogFile,
    start: u64,
    end: u64,
    direction: Direction,
    size: u64,
    chunk: u64,
}

impl<'a> Cutter<'a> {
    fn new(log: &'a LogFile, start: u64, end: u64, plan: &Plan) -> Cutter<'a> {
        let size = if plan.limit.is_some() && plan.direction == Direction::Backward {
            (plan.chunk / FIRST_CHUNK_SHARE).max(1)
        } else {
            plan.chunk.max(1)
        };
        Cutter {
            log,
            start,
            end,
            direction: plan.direction,
            size,
            chunk: plan.chunk.max(1),
        }
    }

    /// Up to `n` next chunks, in order.
    fn next_wave(&mut self, n: usize) -> io::Result<Vec<(u64, u64)>> {
        let mut chunks = Vec::new();
        while chunks.len() < n && self.start < self.end {
            let chunk = match self.direction {
                Direction::Forward => {
                    let cut = self.cut_at(self.start + self.size)?;
                    let chunk = (self.start, cut);
                    self.start = cut;
                    chunk
                }
                Direction::Backward => {
                    // Grow the step when one entry is longer than it, so that the cut moves.
                    let mut size = self.size;
                    let cut = loop {
                        let target = self.end.saturating_sub(size).max(self.start);
                        let cut = self.cut_at(target)?;
                        if cut < self.end {
                            break cut;
                        }
                        if target == self.start {
                            break self.start;
                        }
                        size = size.saturating_mul(4);
                    };
                    let chunk = (cut, self.end);
                    self.end = cut;
                    chunk
                }
            };
            if chunk.0 < chunk.1 {
                chunks.push(chunk);
            }
            self.size = (self.size * 4).min(self.chunk);
        }
        Ok(chunks)
    }

    /// The entry start at or after `pos`, kept within the range.
    fn cut_at(&self, pos: u64) -> io::Result<u64> {
        if pos <= self.start {
            return Ok(self.start);
        }
        if pos >= self.end {
            return Ok(self.end);
        }
        Ok(self.log.entry_start_from(pos)?.min(self.end))
    }
}

/// Reads a range of a file by offset, so that threads share one handle.
struct RangeReader<'a> {
    file: &'a File,
    pos: u64,
    end: u64,
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
fn read_up_to(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
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

/// Searches one log of any kind, opened once (see [`super::open_log`]): a plain file with
/// [`LogFile::search`] over the range the query's time bounds allow, anything else front to
/// back.
pub fn search_path(
    path: &Path,
    query: &Query,
    plan: &Plan,
    hit: &mut dyn FnMut(Hit) -> io::Result<()>,
) -> Result<Outcome, super::ReadError> {
    match super::open_log(path)? {
        super::Input::File(log) => {
            let log = log.with_line_cache(plan.line_cache.clone());
            let err = |error| super::ReadError::new(path, error);
            let range = log
                .range(query.zone, query.since, query.until)
                .map_err(err)?;
            log.search(range, query, plan, hit).map_err(err)
        }
        super::Input::Stream(src) => {
            search_stream(super::Scan::of_source(src, path), query, plan, hit)
        }
    }
}

/// Reads a log front to back, for what cannot be read by offset (gzip, pipes); backwards, the
/// matches are kept and handed out reversed.
fn search_stream(
    mut scan: super::Scan,
    query: &Query,
    plan: &Plan,
    hit: &mut dyn FnMut(Hit) -> io::Result<()>,
) -> Result<Outcome, super::ReadError> {
    let prefilter = query.prefilter();
    let mut outcome = Outcome::default();
    let mut kept = Vec::new();
    let mut failed = None;
    let mut handed_out =
        |h: Hit, path: &Path| hit(h).map_err(|error| super::ReadError::new(path, error));
    loop {
        let event = match scan.next_event() {
            Ok(Some(event)) => event,
            Ok(None) => break,
            // What was read before is handed out first.
            Err(error) => {
                failed = Some(error);
                break;
            }
        };
        match event {
            super::Event::Entry {
                entry,
                reference,
                raw,
            } => {
                if !query.matches(&entry.view(), raw) {
                    continue;
                }
                if plan.count_only {
                    outcome.count += 1;
                    continue;
                }
                let path = entry
                    .origin
                    .as_ref()
                    .map(|o| o.file.to_path_buf())
                    .unwrap_or_default();
                let found = Found {
                    entry,
                    reference,
                    raw: if plan.keep_raw {
                        raw.to_vec()
                    } else {
                        Vec::new()
                    },
                };
                match plan.direction {
                    Direction::Forward => {
                        if plan.limit.is_some_and(|n| outcome.count >= n as u64) {
                            outcome.stopped = true;
                            return Ok(outcome);
                        }
                        outcome.count += 1;
                        handed_out(Hit::Found(Box::new(found)), &path)?;
                    }
                    Direction::Backward => kept.push(found),
                }
            }
            super::Event::Malformed(m) => {
                if worth_reporting(prefilter.as_ref(), &m.head) {
                    let path = m.origin.file.to_path_buf();
                    handed_out(Hit::Malformed(m), &path)?;
                }
            }
        }
    }
    for found in kept.into_iter().rev() {
        if plan.limit.is_some_and(|n| outcome.count >= n as u64) {
            outcome.stopped = true;
            break;
        }
        outcome.count += 1;
        let path = found
            .entry
            .origin
            .as_ref()
            .map(|o| o.file.to_path_buf())
            .unwrap_or_default();
        handed_out(Hit::Found(Box::new(found)), &path)?;
    }
    match failed {
        Some(error) => Err(error),
        None => Ok(outcome),
    }
}

/// Whether a search reports a line that is not an entry: when it could have been an entry the
/// query matches, that is when it holds the literal the query's matches all hold (see
/// [`Query::prefilter`]), or there is no such literal. A count, which looks only around that
/// literal, and a listing report the same lines; `check` reports them all.
fn worth_reporting(prefilter: Option<&Regex>, bytes: &[u8]) -> bool {
    prefilter.is_none_or(|re| re.is_match(bytes))
}

#[cfg(test)]
mod tests;
