//! Linting a log, every line of it: the lines that are not entries, the places where time
//! goes back by more than a tolerance (as instants in the log's zone, so that the hour repeated
//! when daylight saving ends is not a step back), and what a write cut short leaves: a last line
//! without a line end, and an entry in JS7's form without TIMESPENT and TICKET among entries
//! that have them (it would read as a JobScheduler 1.x line). `check` prints what this finds.

use std::io;
use std::ops::ControlFlow;

use crate::format::has_tail;
use crate::scan::{LogFile, Malformed, Plan, ReadError, Scan, Scanned, Walked};
use crate::stamp::Stamp;
use crate::time::{Clock, Zone};

/// What linting finds.
#[derive(Debug)]
pub enum Flag {
    /// A line, or lines, that are not an entry.
    Malformed(Malformed),
    /// An entry whose time lies before the one before it.
    Backwards {
        /// The entry's line.
        line: u64,
        /// Its stamp.
        stamp: Stamp,
        /// The stamp of the entry before it, and that entry's line.
        before: (Stamp, u64),
        /// How far it goes back, in milliseconds.
        millis: u64,
    },
    /// An entry in JS7's form without the TIMESPENT and TICKET the entries before it have.
    NoTail {
        /// Its line.
        line: u64,
    },
    /// The last line has no line end.
    Unended {
        /// Its line.
        line: u64,
    },
}

/// What a file came to.
#[derive(Debug, Default)]
pub struct Linted {
    /// Entries read.
    pub entries: u64,
    /// Lines that are not entries.
    pub malformed: u64,
    /// Steps back in time.
    pub backwards: u64,
    /// Signs of a write cut short.
    pub cut_short: u64,
    /// Why the file could not be read to its end, when it could not.
    pub failed: Option<ReadError>,
}

impl Linted {
    /// Whether anything was found, or the file could not be read.
    pub fn clean(&self) -> bool {
        self.malformed == 0 && self.backwards == 0 && self.cut_short == 0 && self.failed.is_none()
    }
}

/// Lints what `scan` reads, stamps in `zone`, time going back by up to `tolerance_ms` allowed;
/// hands each finding to `each` in file order, until it says to stop.
pub fn lint<B>(
    mut scan: Scan,
    zone: Zone,
    tolerance_ms: u64,
    each: &mut dyn FnMut(Flag) -> ControlFlow<B>,
) -> ControlFlow<B, Linted> {
    let mut linted = Linted::default();
    let mut linter = Linter::new(zone, tolerance_ms);
    loop {
        match scan.next_event() {
            Ok(Some(Scanned::Entry { entry, raw, .. })) => {
                let line = entry.origin.as_ref().map_or(0, |o| o.line);
                linter.entry(entry.created, raw, line, &mut linted, each)?;
            }
            Ok(Some(Scanned::Malformed(m))) => linter.malformed(m, &mut linted, each)?,
            Ok(None) => break,
            Err(error) => {
                linted.failed = Some(error);
                break;
            }
        }
    }
    linter.finish(&mut linted, each)?;
    ControlFlow::Continue(linted)
}

/// Lints a plain file as [`lint`] does, with the same findings in the same order, on the
/// plan's threads: each chunk is linted on its own, as if the file began there, and is read
/// again in turn in the rare case that what came before would have changed what it found
/// (a step back in time or the repeated hour right at its start, or an entry cut short
/// before its first whole one).
pub fn lint_file<B>(
    log: &LogFile,
    plan: &Plan,
    zone: Zone,
    tolerance_ms: u64,
    each: &mut dyn FnMut(Flag) -> ControlFlow<B>,
) -> ControlFlow<B, Linted> {
    let fresh = Linter::new(zone, tolerance_ms);
    let work = |chunk| Chunk::lint(log, chunk, 1, fresh.clone());
    let mut linted = Linted::default();
    // The state after the chunks handed out so far, and the lines they hold.
    let (mut state, mut lines) = (fresh.clone(), 0u64);
    let mut stop = None;
    let read = log.in_chunks((0, log.len()), plan, &work, &mut |range, chunk| {
        let chunk = match chunk {
            Ok(chunk) if state.agrees(&chunk) => chunk.after(lines),
            Ok(_) => match Chunk::lint(log, range, lines + 1, state.clone()) {
                Ok(chunk) => chunk,
                Err(error) => return ControlFlow::Break(Err(error)),
            },
            Err(error) => return ControlFlow::Break(Err(error)),
        };
        lines += chunk.lines;
        linted.entries += chunk.counts.entries;
        linted.malformed += chunk.counts.malformed;
        linted.backwards += chunk.counts.backwards;
        linted.cut_short += chunk.counts.cut_short;
        state.follow(chunk.end);
        for finding in chunk.findings {
            if let ControlFlow::Break(b) = each(finding) {
                stop = Some(b);
                return ControlFlow::Break(Ok(()));
            }
        }
        ControlFlow::Continue(())
    });
    if let Some(b) = stop {
        return ControlFlow::Break(b);
    }
    let error = match read {
        Ok(ControlFlow::Break(Err(error))) | Err(error) => Some(error),
        _ => None,
    };
    if let Some(error) = error {
        linted.failed = Some(ReadError {
            path: log.path().to_owned(),
            error,
            entries: linted.entries,
            matched: 0,
        });
    }
    state.finish(&mut linted, each)?;
    ControlFlow::Continue(linted)
}

/// What one chunk came to, linted from a given state.
struct Chunk {
    findings: Vec<Flag>,
    counts: Linted,
    lines: u64,
    /// The state after it.
    end: Linter,
}

impl Chunk {
    fn lint(
        log: &LogFile,
        range: (u64, u64),
        first_line: u64,
        mut linter: Linter,
    ) -> io::Result<Chunk> {
        (linter.read, linter.first, linter.cut_early) = (false, None, false);
        let (mut findings, mut counts) = (Vec::new(), Linted::default());
        let mut keep = |finding| {
            findings.push(finding);
            ControlFlow::<()>::Continue(())
        };
        let lines = log.walk(range, first_line, &mut |step| {
            let _ = match step {
                Walked::Entry { stamp, raw, line } => {
                    linter.entry(stamp, raw, line, &mut counts, &mut keep)
                }
                Walked::Malformed(m) => linter.malformed(m, &mut counts, &mut keep),
            };
        })?;
        Ok(Chunk {
            findings,
            counts,
            lines,
            end: linter,
        })
    }

    /// This chunk, linted from the start of the file, as it stands after `lines` lines.
    fn after(mut self, lines: u64) -> Chunk {
        for finding in &mut self.findings {
            match finding {
                Flag::Malformed(m) => m.origin.line += lines,
                Flag::Backwards { line, before, .. } => {
                    *line += lines;
                    before.1 += lines;
                }
                Flag::NoTail { line } | Flag::Unended { line } => *line += lines,
            }
        }
        if let Some(last) = self.end.last.as_mut() {
            last.1 += lines;
        }
        self.end.last_line += lines;
        self
    }
}

/// Where linting stands between entries: what the findings of the next ones depend on.
#[derive(Clone)]
struct Linter {
    clock: Clock,
    /// The last entry's stamp and line.
    last: Option<(Stamp, u64)>,
    /// Whether an entry has had the tail JS7 writes.
    tails: bool,
    /// Whether the last frame ended with a line end, and its last line.
    line_end: bool,
    last_line: u64,
    /// Since this state was made or taken over: whether a frame was read, the first entry's
    /// stamp, and whether an entry without the tail came before any with one.
    read: bool,
    first: Option<Stamp>,
    cut_early: bool,
}

impl Linter {
    fn new(zone: Zone, tolerance_ms: u64) -> Linter {
        Linter {
            clock: Clock::new(zone, tolerance_ms),
            last: None,
            tails: false,
            line_end: true,
            last_line: 0,
            read: false,
            first: None,
            cut_early: false,
        }
    }

    fn entry<B>(
        &mut self,
        stamp: Stamp,
        raw: &[u8],
        line: u64,
        linted: &mut Linted,
        each: &mut dyn FnMut(Flag) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        linted.entries += 1;
        self.read = true;
        self.first.get_or_insert(stamp);
        self.last_line = line + (bytecount::count(raw, b'\n') as u64).saturating_sub(1);
        self.line_end = raw.ends_with(b"\n");
        let (_, back) = self.clock.step(stamp);
        let before = self.last.replace((stamp, line));
        if let (Some(before), Some(millis)) = (before, back) {
            linted.backwards += 1;
            each(Flag::Backwards {
                line,
                stamp,
                before,
                millis,
            })?;
        }
        // JobScheduler 1.x wrote entries without the tail, with a space in the stamp; JS7
        // writes the `T` and always the tail.
        if closed(raw) {
            self.tails = true;
        } else if raw.get(10) == Some(&b'T') {
            // One in JS7's form with a reason and no tail is flagged wherever it stands, the
            // first entry of a file too: what follows it may be the rest of its reason.
            if self.tails || crate::format::left_open(raw) {
                linted.cut_short += 1;
                each(Flag::NoTail { line })?;
            } else {
                self.cut_early = true;
            }
        }
        ControlFlow::Continue(())
    }

    fn malformed<B>(
        &mut self,
        m: Malformed,
        linted: &mut Linted,
        each: &mut dyn FnMut(Flag) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        linted.malformed += m.lines;
        self.read = true;
        // Reported as it is, line end or not.
        self.line_end = true;
        each(Flag::Malformed(m))
    }

    /// What the end of the file shows.
    fn finish<B>(
        &self,
        linted: &mut Linted,
        each: &mut dyn FnMut(Flag) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        if !self.line_end {
            linted.cut_short += 1;
            each(Flag::Unended {
                line: self.last_line,
            })?;
        }
        ControlFlow::Continue(())
    }

    /// Whether a chunk linted from a fresh state found what it would have found from this one:
    /// its first entry is read as the same instant and is no step back, and no entry without
    /// the tail came before its first one with it while this state has seen the tail.
    fn agrees(&self, chunk: &Chunk) -> bool {
        let Some(first) = chunk.end.first else {
            return true;
        };
        let mut clock = self.clock.clone();
        let fresh = self.clock.zone().instants(first).0;
        clock.step(first) == (fresh, None) && !(self.tails && chunk.end.cut_early)
    }

    /// Takes on the state after a chunk that [`Linter::agrees`] with this one, or was linted
    /// from it.
    fn follow(&mut self, after: Linter) {
        self.tails |= after.tails;
        if after.first.is_some() {
            self.clock = after.clock;
            self.last = after.last;
        }
        if after.read {
            self.line_end = after.line_end;
            self.last_line = after.last_line;
        }
    }
}

/// Whether an entry's last line holds the ` - TIMESPENT: … - TICKET: …` tail.
fn closed(raw: &[u8]) -> bool {
    let body = raw.strip_suffix(b"\n").unwrap_or(raw);
    let last = memchr::memrchr(b'\n', body).map_or(body, |i| &body[i + 1..]);
    has_tail(last)
}

#[cfg(test)]
mod tests;
