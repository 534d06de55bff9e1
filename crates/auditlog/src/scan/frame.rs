//! Cutting a byte stream into entries, without reading their fields.
//!
//! An entry starts on a line that begins with a stamp and takes the lines after it while its
//! reason is still open (no ` - TIMESPENT: … - TICKET: …` tail yet). A line outside any entry is
//! a stray line. Every byte of the input belongs to exactly one frame: nothing is dropped.
//! Memory is bounded: an entry longer than the cap is reported, not held.

use std::io::{self, Read};

use memchr::memchr;

use crate::format::{Reach, body_reach, has_tail, left_open};
use crate::stamp::{MIN_LEN, looks_like_stamp};

/// The longest entry held in memory; a longer one is reported as [`Kind::TooLong`].
pub const MAX_ENTRY_BYTES: usize = 1 << 20;

const CHUNK: usize = 64 * 1024;

/// What a frame holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A line that begins with a stamp, and the lines that continue its reason.
    Entry,
    /// A line that does not begin with a stamp and continues no entry.
    Stray,
    /// An entry longer than the cap: its bytes were skipped, up to the next line with a stamp.
    TooLong,
}

/// A run of whole physical lines, with their line ends.
#[derive(Debug, PartialEq, Eq)]
pub struct Frame<'a> {
    /// What the lines are.
    pub kind: Kind,
    /// The bytes; for [`Kind::TooLong`], only the start of them.
    pub bytes: &'a [u8],
    /// The number of the first line, counting from 1.
    pub line: u64,
    /// How many physical lines the frame spans.
    pub lines: u64,
    /// The byte offset of the first byte.
    pub offset: u64,
    /// How many bytes the frame spans.
    pub len: u64,
}

impl<'a> Frame<'a> {
    /// The frame of a span, with its bytes.
    pub fn of(span: &Span, bytes: &'a [u8]) -> Frame<'a> {
        Frame {
            kind: span.kind,
            bytes,
            line: span.line,
            lines: span.lines,
            offset: span.offset,
            len: span.len,
        }
    }
}

/// Where a frame lies, without borrowing its bytes: get them with [`Framer::bytes`] before
/// reading on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// What the lines are.
    pub kind: Kind,
    /// The number of the first line, counting from 1.
    pub line: u64,
    /// How many physical lines the frame spans.
    pub lines: u64,
    /// The byte offset of the first byte.
    pub offset: u64,
    /// How many bytes the frame spans.
    pub len: u64,
    pub(crate) at: usize,
    pub(crate) held: usize,
}

/// Where the first frame of some data ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// A whole frame: its kind, length and number of lines.
    Frame {
        /// What it holds.
        kind: Kind,
        /// Its length in bytes.
        len: usize,
        /// How many physical lines it spans.
        lines: u64,
    },
    /// The frame is longer than the cap: `held` bytes of it, spanning `lines` lines so far.
    Long {
        /// How many bytes of it the data holds.
        held: usize,
        /// How many lines those bytes start.
        lines: u64,
    },
    /// The data ends before the frame does.
    More,
}

/// The first frame of `data`, which starts at a frame boundary; `eof` says nothing follows
/// the data. This is the whole rule of where entries end:
/// - a line that begins with a stamp starts an entry, which takes the lines after it while
///   its last line has no ` - TIMESPENT: … - TICKET: …` tail and the next line has no stamp;
/// - unless its request body holds a reason with line breaks that the lines after it spell
///   out (see [`body_reach`]): then the entry takes those lines, stamps or not;
/// - a line that does not begin with a stamp starts a run of stray lines, which takes every line
///   up to the next one with a stamp, so that ten million empty lines are one report.
pub fn cut(data: &[u8], eof: bool, max: usize) -> Cut {
    let Some(first) = line_end(data, 0, eof) else {
        return if data.len() > max {
            Cut::Long {
                held: data.len(),
                lines: 1,
            }
        } else {
            Cut::More
        };
    };
    if first > max {
        return Cut::Long {
            held: first,
            lines: 1,
        };
    }
    let kind = if looks_like_stamp(&data[..first]) {
        Kind::Entry
    } else {
        Kind::Stray
    };
    // Only an entry whose first line has no tail can reach on: most lines end with an empty
    // ticket, which settles it at once; the others are looked at from their end.
    let line = &data[..first];
    let ends_plainly = line.ends_with(b" - TICKET: -\n") || line.ends_with(b" - TICKET: -\r\n");
    if kind == Kind::Entry
        && !ends_plainly
        && !has_tail(line)
        && let Some(cut) = cut_by_body(data, first, eof, max)
    {
        return cut;
    }
    cut_by_lines(data, first, kind, eof, max)
}

/// Where the line that starts at `from` ends (just past its line end, or at the end of the
/// data when nothing more comes), or `None` while it is still being written.
#[inline]
fn line_end(data: &[u8], from: usize, eof: bool) -> Option<usize> {
    match memchr(b'\n', &data[from..]) {
        Some(i) => Some(from + i + 1),
        None if eof && data.len() > from => Some(data.len()),
        None => None,
    }
}

/// The entry whose first line ends at `first` cut where its body says its reason ends; `None`
/// when the body does not say.
fn cut_by_body(data: &[u8], first: usize, eof: bool, max: usize) -> Option<Cut> {
    match body_reach(data, first, eof) {
        Reach::Ends(end) if end > max => Some(Cut::Long {
            held: end,
            lines: 1,
        }),
        Reach::Ends(end) => {
            let ends = memchr::memchr_iter(b'\n', &data[..end]).count() as u64;
            let lines = ends + u64::from(data[end - 1] != b'\n');
            Some(Cut::Frame {
                kind: Kind::Entry,
                len: end,
                lines,
            })
        }
        Reach::More if data.len() <= max => Some(Cut::More),
        Reach::More | Reach::Unknown => None,
    }
}

/// The frame whose first line ends at `first` cut line by line: at the next line with a
/// stamp, or after an entry's line with a tail.
fn cut_by_lines(data: &[u8], first: usize, kind: Kind, eof: bool, max: usize) -> Cut {
    let (mut len, mut lines, mut last) = (first, 1, 0);
    loop {
        if len > max {
            return Cut::Long { held: len, lines };
        }
        // A line with a stamp always ends the frame: when the start of the next line is here,
        // it decides without looking for the tail.
        if data.len() >= len + MIN_LEN && looks_like_stamp(&data[len..len + MIN_LEN]) {
            break;
        }
        if kind == Kind::Entry && has_tail(&data[last..len]) {
            break;
        }
        match line_end(data, len, eof) {
            Some(end) => {
                if looks_like_stamp(&data[len..end]) {
                    break;
                }
                last = len;
                len = end;
                lines += 1;
            }
            None if eof => break,
            None if data.len() > max => {
                return Cut::Long {
                    held: data.len(),
                    lines: lines + 1,
                };
            }
            None => return Cut::More,
        }
    }
    Cut::Frame { kind, len, lines }
}

/// Whether the frame that ends where `before` ends (just past a line end) is an entry that
/// leaves its reason open (see [`crate::format::left_open`]); `None` when `before` does not
/// reach back to where that frame begins.
pub fn follows_open(before: &[u8]) -> Option<bool> {
    let body = before.strip_suffix(b"\n")?;
    let last = &body[memchr::memrchr(b'\n', body).map_or(0, |i| i + 1)..];
    if last.ends_with(b" - TICKET: -") || last.ends_with(b" - TICKET: -\r") || has_tail(last) {
        return Some(false);
    }
    // The frame begins on the last line with a stamp, if it reaches from there.
    let mut end = body.len();
    loop {
        let start = memchr::memrchr(b'\n', &body[..end]).map_or(0, |i| i + 1);
        if looks_like_stamp(&body[start..]) {
            let rest = &before[start..];
            return Some(match cut(rest, true, MAX_ENTRY_BYTES) {
                Cut::Frame {
                    kind: Kind::Entry,
                    len,
                    ..
                } if len == rest.len() => left_open(rest),
                _ => false,
            });
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// Reads frames from any byte source, front to back.
pub struct Framer<R> {
    src: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    line: u64,
    offset: u64,
    max_entry: usize,
    head: Vec<u8>,
    /// Why the source broke off, to be said once the whole lines before it are handed out.
    failed: Option<io::Error>,
}

impl<R: Read> Framer<R> {
    /// A framer over `src`, whose first byte is line 1 at offset 0.
    pub fn new(src: R) -> Framer<R> {
        Framer::starting_at(src, 1, 0)
    }

    /// A framer over `src`, whose first byte is the start of line `line` at byte `offset`.
    pub fn starting_at(src: R, line: u64, offset: u64) -> Framer<R> {
        Framer {
            src,
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            eof: false,
            line,
            offset,
            max_entry: MAX_ENTRY_BYTES,
            head: Vec::new(),
            failed: None,
        }
    }

    /// Reads a few KiB at a time at first, and more only as an entry needs, for a reader that
    /// wants only the first entries (of a gzip file: decompressed no further).
    pub fn reading_little(mut self) -> Framer<R> {
        self.buf = vec![0; 4096];
        self
    }

    /// Sets the longest entry held in memory.
    pub fn with_max_entry(mut self, max_entry: usize) -> Framer<R> {
        self.max_entry = max_entry.max(1);
        self
    }

    /// The next frame, or `None` at the end of the input.
    pub fn next_frame(&mut self) -> io::Result<Option<Frame<'_>>> {
        Ok(self.next_span()?.map(|span| self.frame(span)))
    }

    /// The bytes of the span last returned: for [`Kind::TooLong`], only their start.
    pub fn bytes(&self, span: &Span) -> &[u8] {
        match span.kind {
            Kind::TooLong => &self.head,
            _ => &self.buf[span.at..span.at + span.held],
        }
    }

    /// The frame of the span last returned.
    pub fn frame(&self, span: Span) -> Frame<'_> {
        Frame::of(&span, self.bytes(&span))
    }

    /// Where the next frame lies, or `None` at the end of the input.
    pub fn next_span(&mut self) -> io::Result<Option<Span>> {
        loop {
            let data = &self.buf[self.start..self.end];
            if data.is_empty() {
                if self.eof {
                    return match self.failed.take() {
                        Some(error) => Err(error),
                        None => Ok(None),
                    };
                }
                self.fill()?;
                continue;
            }
            match cut(data, self.eof, self.max_entry) {
                Cut::Frame { kind, len, lines } => return Ok(Some(self.take(kind, len, lines))),
                Cut::Long { held, lines } => return self.skip_long(held, lines),
                Cut::More => self.fill()?,
            }
        }
    }

    /// The byte offset of the next frame.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    fn data(&self, from: usize, to: usize) -> &[u8] {
        &self.buf[self.start + from..self.start + to]
    }

    /// The end (after its `\n`, or at the end of the input) of the line that starts `from`
    /// bytes into the unread data; `None` when no line starts there. Reads more as needed, and
    /// stops early (returning the data so far) once a line passes the cap.
    fn line_end(&mut self, from: usize) -> io::Result<Option<usize>> {
        let mut searched = from;
        loop {
            let avail = self.end - self.start;
            if let Some(i) = memchr(b'\n', &self.buf[self.start + searched..self.end]) {
                return Ok(Some(searched + i + 1));
            }
            searched = avail;
            if self.eof || avail > self.max_entry {
                return Ok((avail > from).then_some(avail));
            }
            self.fill()?;
        }
    }

    /// Reads more input after the unread data, moving it to the front or growing the buffer.
    ///
    /// When the source fails (a damaged gzip member, a disk error), the whole lines read before
    /// are still handed out as if the input ended there; the line it broke off in is not, and
    /// the error, saying where, comes after them.
    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let unread = &self.buf[self.start..self.end];
                    let whole = memchr::memrchr(b'\n', unread).map_or(0, |i| i + 1);
                    let at = self.offset + whole as u64;
                    let torn = unread.len() - whole;
                    let torn = if torn > 0 {
                        format!(
                            ", in the middle of line {} ({torn} bytes of it read)",
                            self.line + bytecount::count(&unread[..whole], b'\n') as u64
                        )
                    } else {
                        String::new()
                    };
                    self.end = self.start + whole;
                    self.eof = true;
                    self.failed = Some(io::Error::new(
                        e.kind(),
                        format!("{e}: it breaks off after byte {at}{torn}"),
                    ));
                }
            }
            return Ok(());
        }
    }

    /// Skips an entry (or a stray line) that passed the cap: the rest of its last line, then
    /// every line up to the next one with a stamp, in bounded steps. Only its start is kept,
    /// for the report. `held` bytes of it are in the buffer, spanning `lines` lines.
    fn skip_long(&mut self, held: usize, mut lines: u64) -> io::Result<Option<Span>> {
        let (line, offset) = (self.line, self.offset);
        self.head.clear();
        let start = self.start;
        self.head
            .extend_from_slice(&self.buf[start..start + held.min(super::HEAD_BYTES)]);
        let mut partial = !self.data(0, held).ends_with(b"\n");
        let mut skipped = held;
        self.start += held;
        while let Some(end) = self.line_end(0)? {
            if !partial {
                if looks_like_stamp(self.data(0, end)) {
                    break;
                }
                lines += 1;
            }
            partial = !self.data(0, end).ends_with(b"\n");
            skipped += end;
            self.start += end;
        }
        self.line = line + lines;
        self.offset = offset + skipped as u64;
        Ok(Some(Span {
            kind: Kind::TooLong,
            line,
            lines,
            offset,
            len: skipped as u64,
            at: 0,
            held: self.head.len(),
        }))
    }

    fn take(&mut self, kind: Kind, len: usize, lines: u64) -> Span {
        let span = Span {
            kind,
            line: self.line,
            lines,
            offset: self.offset,
            len: len as u64,
            at: self.start,
            held: len,
        };
        self.start += len;
        self.line += lines;
        self.offset += len as u64;
        span
    }
}

#[cfg(test)]
mod tests;
