//! Judging entries against a query: head first, the body only for entries whose head
//! matches; and counting by jumping between the places where the query's literal occurs,
//! reading only the entries around them.

use std::io;
use std::path::Path;
use std::sync::Arc;

use regex::bytes::Regex;

use super::frame::{self, Cut, Frame, Kind, MAX_ENTRY_BYTES, Span, cut};
use super::item::{self, Found, HEAD_BYTES, Malformed};
use super::plan::Plan;
use super::seek::{LogFile, REACH_BACK, read_up_to};
use crate::format::{self, ParseError, parse_head};
use crate::query::Query;
use crate::reference::{Counted, Ref, RefCounter};
use crate::stamp::{Stamp, looks_like_stamp};

impl LogFile {
    /// Searches one chunk by reading only the entries that hold a place where `re` (see
    /// [`Query::prefilter`]) matches; every entry the query matches holds one. A search that
    /// needs references still walks every frame between them, to count their stamps.
    pub(super) fn search_around(
        &self,
        (start, end): (u64, u64),
        query: &Query,
        plan: &Plan,
        re: &Regex,
    ) -> io::Result<ChunkOut> {
        let refs = self.chunk_refs(start, plan, query)?;
        self.read_whole((start, end), |buf| {
            self.search_in(buf, start, query, plan, re, refs)
        })?
    }

    /// Reads `[start, end)` into a buffer of this thread's and hands it to `then`.
    pub(super) fn read_whole<T>(
        &self,
        (start, end): (u64, u64),
        then: impl FnOnce(&[u8]) -> T,
    ) -> io::Result<T> {
        thread_local! {
            static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUF.with_borrow_mut(|buf| {
            buf.resize((end - start) as usize, 0);
            let n = read_up_to(&self.file, buf, start)?;
            buf.truncate(n);
            Ok(then(buf))
        })
    }

    /// The report of a frame of a chunk read whole that is not an entry: its kind, bytes,
    /// `(line, offset)`, and why, when it looked like one.
    pub(super) fn malformed_in(
        &self,
        kind: Kind,
        bytes: &[u8],
        (line, offset): (u64, u64),
        error: Option<ParseError>,
    ) -> Malformed {
        let span = Span {
            kind,
            line,
            lines: bytecount::count(bytes, b'\n') as u64 + u64::from(!bytes.ends_with(b"\n")),
            offset,
            len: bytes.len() as u64,
            at: 0,
            held: bytes.len().min(HEAD_BYTES),
        };
        let shown = if kind == Kind::TooLong {
            &bytes[..span.held]
        } else {
            bytes
        };
        malformed(&span, shown, &self.path, error)
    }

    /// Whether the entry that ends at `offset` leaves its reason open (see
    /// [`format::left_open`]): from `near`, the bytes just before `offset` the caller has,
    /// and from the file when they do not reach back to where that entry begins.
    pub(super) fn follows_open(&self, near: &[u8], offset: u64) -> io::Result<bool> {
        if let Some(open) = frame::follows_open(near) {
            return Ok(open);
        }
        if near.len() as u64 >= offset {
            return Ok(false);
        }
        let from = offset.saturating_sub(REACH_BACK);
        let mut before = vec![0u8; (offset - from) as usize];
        let n = read_up_to(&self.file, &mut before, from)?;
        Ok(frame::follows_open(&before[..n]).unwrap_or(false))
    }

    fn search_in(
        &self,
        buf: &[u8],
        start: u64,
        query: &Query,
        plan: &Plan,
        re: &Regex,
        mut refs: Option<RefCounter>,
    ) -> io::Result<ChunkOut> {
        let mut out = ChunkOut {
            lines_unknown: plan.count_only,
            ..ChunkOut::default()
        };
        if !plan.count_only {
            out.lines = bytecount::count(buf, b'\n') as u64
                + u64::from(!buf.is_empty() && !buf.ends_with(b"\n"));
        }
        let mut lines = LineAt::new(buf);
        let mut failed = None;
        around_matches(buf, re, refs.as_mut(), &mut |kind, at, len, refs| {
            let bytes = &buf[at..at + len];
            let error = match kind {
                Kind::Entry => match judge(bytes, query, refs, !plan.count_only) {
                    Judged::NoMatch => return,
                    Judged::Malformed(error) => Some(error),
                    Judged::Match(entry, reference) => {
                        let offset = start + at as u64;
                        match self.follows_open(&buf[..at], offset) {
                            Ok(false) => {}
                            Ok(true) => out.malformed.push(item::doubt(
                                &self.path,
                                lines.at(at),
                                offset,
                                bytes,
                            )),
                            Err(error) => failed = Some(error),
                        }
                        match entry {
                            None => out.counted += 1,
                            Some(entry) => {
                                let place = (lines.at(at), offset);
                                out.found.push(self.found(
                                    entry,
                                    reference,
                                    place,
                                    bytes,
                                    (plan, query),
                                ));
                            }
                        }
                        return;
                    }
                },
                _ => None,
            };
            let place = (lines.at(at), start + at as u64);
            out.malformed
                .push(self.malformed_in(kind, bytes, place, error));
        });
        failed.map_or(Ok(out), Err)
    }
}

impl LogFile {
    /// The reference counter a search of the chunk from `start` keeps: none when it only
    /// counts, or shows no references, unless a time bound lies near the repeated hour (see
    /// [`Query::near_fold`]), where the instants it decides are needed even to count.
    pub(super) fn chunk_refs(
        &self,
        start: u64,
        plan: &Plan,
        query: &Query,
    ) -> io::Result<Option<RefCounter>> {
        if (plan.keep.refs && !plan.count_only) || query.near_fold() {
            self.refs_before(start, query.zone).map(Some)
        } else {
            Ok(None)
        }
    }

    /// A matching entry as a search hands it out, from its `(line, offset)` and bytes; without
    /// a counted reference, its reference is its stamp and its instant the earliest its stamp
    /// may stand for (see [`Keep::refs`]).
    pub(super) fn found(
        &self,
        mut entry: Box<crate::Entry>,
        counted: Option<Counted>,
        (line, offset): (u64, u64),
        bytes: &[u8],
        (plan, query): (&Plan, &Query),
    ) -> Found {
        entry.origin = Some(crate::entry::Origin {
            file: Arc::clone(&self.path),
            line,
            offset,
        });
        let (reference, instant) = counted.unwrap_or_else(|| {
            let stamp = entry.created;
            (Ref { stamp, nth: 1 }, query.zone.instants(stamp).0)
        });
        Found {
            reference,
            instant,
            raw: if plan.keep.raw {
                bytes.to_vec()
            } else {
                Vec::new()
            },
            entry: *entry,
        }
    }
}

/// Line numbers of places in a chunk read whole, counted on from the last place asked about
/// (places are asked about in order).
pub(super) struct LineAt<'a> {
    buf: &'a [u8],
    counted_to: usize,
    line: u64,
}

impl<'a> LineAt<'a> {
    pub(super) fn new(buf: &'a [u8]) -> LineAt<'a> {
        LineAt {
            buf,
            counted_to: 0,
            line: 1,
        }
    }

    /// The number of the line that holds `at`, counting the chunk's first as 1.
    pub(super) fn at(&mut self, at: usize) -> u64 {
        self.line += bytecount::count(&self.buf[self.counted_to..at], b'\n') as u64;
        self.counted_to = at;
        self.line
    }
}

/// What [`around_matches`] hands each frame to: its kind, start and length, and the reference
/// counter as it stands for it.
pub(super) type FrameVisit<'a> = dyn FnMut(Kind, usize, usize, Option<&mut RefCounter>) + 'a;

/// Walks the frames of `buf` (a whole chunk, which starts at an entry) that hold a place where
/// `re` matches, each once, handing its kind, start and length to `each`. With `refs`, every
/// frame before each of them is walked too and its stamp counted, so that `refs` stands right
/// for the frame handed out; without, the walk starts from the last line with a stamp before a
/// match.
pub(super) fn around_matches(
    buf: &[u8],
    re: &Regex,
    mut refs: Option<&mut RefCounter>,
    each: &mut FrameVisit<'_>,
) {
    let mut pos = 0;
    // Where a match ends is enough: the literal lies on one line.
    while let Some(end) = re.shortest_match_at(buf, pos) {
        let hit = end - 1;
        // The frame a match lies in. Counting references, every frame from the last one on
        // is walked; otherwise the search starts from the last line with a stamp before it
        // (the chunk itself starts at an entry).
        let mut at = pos;
        if refs.is_none() {
            at = at.max(line_start(buf, hit));
            while at > pos && !looks_like_stamp(&buf[at..]) {
                at = line_start(buf, at - 1).max(pos);
            }
        }
        let (kind, len) = loop {
            let (kind, len) = frame_at(&buf[at..]);
            if at + len > hit {
                break (kind, len);
            }
            if let (Some(refs), Kind::Entry) = (refs.as_mut(), kind)
                && let Some((stamp, _)) = Stamp::parse_prefix(&buf[at..])
            {
                refs.next(stamp);
            }
            at += len;
        };
        pos = at + len;
        each(kind, at, len, refs.as_deref_mut());
    }
}

/// The kind and length of the frame at the start of `buf`, which holds the whole chunk.
fn frame_at(buf: &[u8]) -> (Kind, usize) {
    match cut(buf, true, MAX_ENTRY_BYTES) {
        Cut::Frame { kind, len, .. } => (kind, len),
        Cut::Long { .. } => (Kind::TooLong, long_len(buf)),
        Cut::More => unreachable!("the whole chunk is at hand"),
    }
}

/// How an entry fares against a query.
pub(super) enum Judged<T = Option<Box<crate::Entry>>> {
    /// It does not match.
    NoMatch,
    /// It is not an entry after all.
    Malformed(ParseError),
    /// It matches: what was made of it (the entry when it was asked for), and its reference
    /// and instant when counted.
    Match(T, Option<Counted>),
}

/// Judges one entry's bytes, head first: the body is read only when time, account, request,
/// category and ID match. `refs`, when given, counts the entry's stamp.
pub(super) fn judge(
    bytes: &[u8],
    query: &Query,
    refs: Option<&mut RefCounter>,
    keep: bool,
) -> Judged {
    judge_with(bytes, query, refs, |view| {
        keep.then(|| Box::new(view.to_entry()))
    })
}

/// Judges one entry's bytes as [`judge`] does, and hands a matching entry's view to `matched`.
pub(super) fn judge_with<T>(
    bytes: &[u8],
    query: &Query,
    refs: Option<&mut RefCounter>,
    matched: impl FnOnce(&format::View<'_>) -> T,
) -> Judged<T> {
    let text;
    let head_len = format::params_marker(bytes);
    let plain_head = head_len.and_then(|len| head_text(&bytes[..len]));
    let head = match plain_head {
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
    let reference = refs.map(|refs| refs.count(head.created));
    let instant = reference.map(|(_, at)| at);
    if !query.matches_head(head.created, instant, head.request, head.id, head.user) {
        return Judged::NoMatch;
    }
    // The rest of a head read from plain text is read on from where it ended; anything else
    // (a line end inside, bytes that are not UTF-8) is read from the whole entry's text.
    let full;
    let rest = head_len.and_then(|len| rest_text(&bytes[len..]));
    let view = match (plain_head, rest) {
        (Some(_), Some(rest)) => head.with_rest(rest).finish(),
        _ => {
            full = format::entry_text(bytes);
            format::parse_view(&full)
        }
    };
    let view = match view {
        Ok(view) => view,
        Err(error) => return Judged::Malformed(error),
    };
    if !query.matches_rest(&view, bytes) {
        return Judged::NoMatch;
    }
    Judged::Match(matched(&view), reference)
}

/// An entry's head (its text up to and with its ` - PARAMS: `), when it is plain UTF-8 on one
/// line; a head read from it is the head of the whole entry.
fn head_text(prefix: &[u8]) -> Option<&str> {
    if memchr::memchr2(b'\n', b'\r', prefix).is_some() {
        return None;
    }
    std::str::from_utf8(prefix).ok()
}

/// The text of an entry after its head, when it is plain UTF-8 with no carriage return: what
/// [`format::entry_text`] would make of it, without its line end.
fn rest_text(rest: &[u8]) -> Option<&str> {
    let rest = rest.strip_suffix(b"\n").unwrap_or(rest);
    if memchr::memchr(b'\r', rest).is_some() {
        return None;
    }
    std::str::from_utf8(rest).ok()
}

pub(super) fn malformed(
    span: &Span,
    bytes: &[u8],
    file: &Arc<Path>,
    error: Option<ParseError>,
) -> Malformed {
    item::malformed(&Frame::of(span, bytes), file, error)
}

/// What one chunk held.
#[derive(Default)]
pub(super) struct ChunkOut {
    pub(super) found: Vec<Found>,
    pub(super) malformed: Vec<Malformed>,
    pub(super) counted: u64,
    /// The lines in the chunk, unless `lines_unknown`.
    pub(super) lines: u64,
    pub(super) lines_unknown: bool,
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

/// Whether a search reports a line that is not an entry: when it could have been an entry the
/// query matches, that is when it holds the literal the query's matches all hold (see
/// [`Query::prefilter`]), or there is no such literal. A count, which looks only around that
/// literal, and a listing report the same lines; `check` reports them all.
pub(super) fn worth_reporting(prefilter: Option<&Regex>, bytes: &[u8]) -> bool {
    prefilter.is_none_or(|re| re.is_match(bytes))
}
