//! Searching a plain log at the speed of the machine: the range a query's times allow is cut
//! into chunks at entry starts, read on every core, forwards or backwards, and the results put
//! back in order. They are exactly those of a front-to-back read of the same range: chunk
//! boundaries fall on lines that begin with a stamp, which always start an entry, and each
//! chunk learns the stamps before it to number shared stamps (`~2`) alike.
//!
//! Memory does not grow with the file: chunks are streamed through a bounded buffer, and only
//! a few chunks' results wait for their turn at a time. A search stops when the one it hands
//! its hits to says so.

use std::io;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex::bytes::Regex;

use super::frame::{Framer, Kind};
use super::item::{self, Walked};
use super::judge::{ChunkOut, Judged, judge, malformed, worth_reporting};
use super::plan::{CHUNK, Direction, Hit, Outcome, Plan, hand_out};
use super::seek::{LogFile, RangeReader, read_up_to};
use crate::format;
use crate::query::Query;
use crate::reference::RefCounter;
use crate::stamp::Stamp;
use crate::time::Zone;

/// The largest chunk read into memory whole to search around a prefilter's matches; a larger
/// one (a huge entry makes its chunk huge) is framed in bounded steps.
pub(super) const MAX_READ: u64 = 4 * CHUNK;

/// How much smaller than a chunk the first chunk read backwards for a limited search is; each
/// next one is four times larger, up to a whole chunk.
const FIRST_CHUNK_SHARE: u64 = 32;

impl LogFile {
    /// Searches `[start, end)` with a query; hands every hit to `hit` in the plan's order, until
    /// it says to stop (`Break`, whose value comes back) or the plan's limit is met.
    pub fn search<B>(
        &self,
        (start, end): (u64, u64),
        query: &Query,
        plan: &Plan,
        hit: &mut dyn FnMut(Hit) -> ControlFlow<B>,
    ) -> io::Result<ControlFlow<B, Outcome>> {
        let mut cutter = Cutter::new(self, start, end, plan);
        // A search with a literal its matches all hold reads only the entries around the places
        // it occurs; every search reports the lines that are not entries and hold that literal
        // (see `worth_reporting`).
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
                    !out.malformed.is_empty() || (plan.keep.lines && !out.found.is_empty());
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
                    hand_out!(hit, Hit::Malformed(m));
                }
                for f in out.found {
                    if plan.limit.is_some_and(|n| outcome.count >= n as u64) {
                        outcome.stopped = true;
                        return Ok(ControlFlow::Continue(outcome));
                    }
                    outcome.count += 1;
                    hand_out!(hit, Hit::Found(Box::new(f)));
                }
                if !plan.count_only && plan.limit.is_some_and(|n| outcome.count >= n as u64) {
                    outcome.stopped = true;
                    return Ok(ControlFlow::Continue(outcome));
                }
                outcome.count += out.counted;
            }
        }
        Ok(ControlFlow::Continue(outcome))
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
            // A chunk is read whole to search around the prefilter's matches; one that a huge
            // entry made huge is framed in bounded steps instead.
            Some(re) if chunk.1 - chunk.0 <= MAX_READ => self.search_around(chunk, query, plan, re),
            _ => self.search_chunk(chunk, query, plan, prefilter),
        };
        on_threads(chunks, plan.threads, &one).into_iter().collect()
    }

    /// Reads `[start, end)` in chunks cut at entry starts, `work` on the plan's threads, and
    /// hands each chunk with what `work` made of it to `each` in file order, until it says to
    /// stop. Only a few chunks' results wait for their turn at a time.
    pub fn in_chunks<T: Send, B>(
        &self,
        (start, end): (u64, u64),
        plan: &Plan,
        work: &(dyn Fn((u64, u64)) -> io::Result<T> + Sync),
        each: &mut dyn FnMut((u64, u64), io::Result<T>) -> ControlFlow<B>,
    ) -> io::Result<ControlFlow<B>> {
        let forward = Plan {
            direction: Direction::Forward,
            limit: None,
            ..plan.clone()
        };
        let mut cutter = Cutter::new(self, start, end, &forward);
        loop {
            let chunks = cutter.next_wave(forward.threads.max(1) * 2)?;
            if chunks.is_empty() {
                return Ok(ControlFlow::Continue(()));
            }
            let results = on_threads(&chunks, forward.threads, work);
            for (chunk, result) in chunks.into_iter().zip(results) {
                if let ControlFlow::Break(b) = each(chunk, result) {
                    return Ok(ControlFlow::Break(b));
                }
            }
        }
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
        let mut refs = self.chunk_refs(start, plan, query)?;
        let reader = RangeReader {
            file: &self.file,
            pos: start,
            end,
        };
        let mut framer = Framer::starting_at(reader, 1, start);
        let mut out = ChunkOut::default();
        // Whether the frame before leaves its reason open; the file says for the first.
        let mut open_before = None;
        while let Some(span) = framer.next_span()? {
            out.lines += span.lines;
            let bytes = framer.bytes(&span);
            let open = open_before.replace(span.kind == Kind::Entry && format::left_open(bytes));
            if span.kind != Kind::Entry {
                if worth_reporting(prefilter, bytes) {
                    out.malformed
                        .push(malformed(&span, bytes, &self.path, None));
                }
                continue;
            }
            match judge(bytes, query, refs.as_mut(), !plan.count_only) {
                Judged::NoMatch => {}
                Judged::Malformed(error) => {
                    if worth_reporting(prefilter, bytes) {
                        out.malformed
                            .push(malformed(&span, bytes, &self.path, Some(error)));
                    }
                }
                Judged::Match(entry, reference) => {
                    let open = match open {
                        Some(open) => open,
                        None => self.follows_open(&[], span.offset)?,
                    };
                    if open {
                        out.malformed
                            .push(item::doubt(&self.path, span.line, span.offset, bytes));
                    }
                    match entry {
                        None => out.counted += 1,
                        Some(entry) => {
                            let place = (span.line, span.offset);
                            out.found.push(self.found(
                                entry,
                                reference,
                                place,
                                bytes,
                                (plan, query),
                            ));
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// Reads every frame of `[start, end)`, which starts at an entry, numbering lines from
    /// `first_line`: each entry that reads is handed to `each` by its stamp and bytes, without
    /// building it; each frame that is not an entry, as its report. What `check` needs, on
    /// every core (see [`LogFile::in_chunks`]). Returns the number of lines read.
    pub fn walk(
        &self,
        (start, end): (u64, u64),
        first_line: u64,
        each: &mut dyn FnMut(Walked<'_>),
    ) -> io::Result<u64> {
        // No filter: the zone is never asked.
        let all = Query::all(crate::time::Zone::System);
        let reader = RangeReader {
            file: &self.file,
            pos: start,
            end,
        };
        let mut framer = Framer::starting_at(reader, first_line, start);
        let mut lines = 0;
        while let Some(span) = framer.next_span()? {
            lines += span.lines;
            let bytes = framer.bytes(&span);
            let error = match span.kind {
                Kind::Entry => match judge(bytes, &all, None, false) {
                    Judged::Malformed(error) => Some(error),
                    _ => match Stamp::parse_prefix(bytes) {
                        Some((stamp, _)) => {
                            each(Walked::Entry {
                                stamp,
                                raw: bytes,
                                line: span.line,
                            });
                            continue;
                        }
                        None => unreachable!("an entry that reads starts with a stamp"),
                    },
                },
                _ => None,
            };
            each(Walked::Malformed(malformed(
                &span, bytes, &self.path, error,
            )));
        }
        Ok(lines)
    }

    /// A reference counter as it stands at `offset`, rebuilt from the entries just before it
    /// (see [`RefCounter::after`]); from the file's start, following on from its rotated
    /// sibling when it begins inside the repeated hour (see [`super::before`]).
    pub fn refs_before(&self, offset: u64, zone: Zone) -> io::Result<RefCounter> {
        let before = || {
            let mut head = [0u8; 64];
            let n = read_up_to(&self.file, &mut head, 0).ok()?;
            let (first, _) = Stamp::parse_prefix(&head[..n])?;
            super::before::state_before(&self.path, first, zone)
        };
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
            let start = (from == 0).then(before).flatten();
            if let Some(refs) = RefCounter::after(zone, &stamps, from == 0, start) {
                return Ok(refs);
            }
            back *= 4;
        }
    }
}

/// Runs `one` on each chunk on `threads` threads (see [`in_parallel`]); a chunk whose thread
/// stopped is an error.
pub(super) fn on_threads<T: Send>(
    chunks: &[(u64, u64)],
    threads: usize,
    one: &(dyn Fn((u64, u64)) -> io::Result<T> + Sync),
) -> Vec<io::Result<T>> {
    in_parallel(chunks, threads, &|&chunk| one(chunk))
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(io::Error::other("a search thread stopped"))))
        .collect()
}

/// Runs `one` on each item on up to `threads` threads, each taking the next item as it is
/// free; the results in the items' order (`None` for an item whose thread stopped).
pub fn in_parallel<I: Sync, T: Send>(
    items: &[I],
    threads: usize,
    one: &(dyn Fn(&I) -> T + Sync),
) -> Vec<Option<T>> {
    if items.len() <= 1 || threads <= 1 {
        return items.iter().map(|item| Some(one(item))).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<T>> = items.iter().map(|_| None).collect();
    let done = std::sync::Mutex::new(&mut results);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(items.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let out = one(item);
                    if let Ok(mut done) = done.lock() {
                        done[i] = Some(out);
                    }
                }
            });
        }
    });
    results
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

#[cfg(test)]
pub(super) mod tests;
