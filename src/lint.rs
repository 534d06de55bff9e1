//! Linting a log, every line of it: the lines that are not entries, the places where time
//! goes back by more than a tolerance (as instants in the log's zone, so that the hour repeated
//! when daylight saving ends is not a step back), and what a write cut short leaves: a last line
//! without a line end, and an entry in JS7's form without TIMESPENT and TICKET among entries
//! that have them (it would read as a JobScheduler 1.x line). `check` prints what this finds.

use std::ops::ControlFlow;

use crate::format::has_tail;
use crate::scan::{Event, Malformed, ReadError, Scan};
use crate::stamp::Stamp;
use crate::time::Zone;

/// What linting finds.
#[derive(Debug)]
pub enum Finding {
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
    each: &mut dyn FnMut(Finding) -> ControlFlow<B>,
) -> ControlFlow<B, Linted> {
    let mut linted = Linted::default();
    let mut clock = Clock::new(zone, tolerance_ms);
    let mut last: Option<(Stamp, u64)> = None;
    // Whether an entry has had the tail JS7 writes; whether the last frame ended with a line
    // end, and its last line.
    let (mut tails, mut line_end, mut last_line) = (false, true, 0);
    loop {
        let event = match scan.next_event() {
            Ok(Some(event)) => event,
            Ok(None) => break,
            Err(error) => {
                linted.failed = Some(error);
                break;
            }
        };
        let finding = match event {
            Event::Entry { entry, raw, .. } => {
                linted.entries += 1;
                let line = entry.origin.as_ref().map_or(0, |o| o.line);
                last_line = line + (bytecount::count(raw, b'\n') as u64).saturating_sub(1);
                line_end = raw.ends_with(b"\n");
                let back = clock.step(entry.created);
                let before = last.replace((entry.created, line));
                if let (Some(before), Some(millis)) = (before, back) {
                    linted.backwards += 1;
                    each(Finding::Backwards {
                        line,
                        stamp: entry.created,
                        before,
                        millis,
                    })?;
                }
                // JobScheduler 1.x wrote entries without the tail, with a space in the stamp;
                // JS7 writes the `T` and always the tail.
                if closed(raw) {
                    tails = true;
                    None
                } else if tails && raw.get(10) == Some(&b'T') {
                    linted.cut_short += 1;
                    Some(Finding::NoTail { line })
                } else {
                    None
                }
            }
            Event::Malformed(m) => {
                linted.malformed += m.lines;
                // Reported as it is, line end or not.
                line_end = true;
                Some(Finding::Malformed(m))
            }
        };
        if let Some(finding) = finding {
            each(finding)?;
        }
    }
    if !line_end {
        linted.cut_short += 1;
        each(Finding::Unended { line: last_line })?;
    }
    ControlFlow::Continue(linted)
}

/// Whether an entry's last line holds the ` - TIMESPENT: … - TICKET: …` tail.
fn closed(raw: &[u8]) -> bool {
    let body = raw.strip_suffix(b"\n").unwrap_or(raw);
    let last = memchr::memrchr(b'\n', body).map_or(body, |i| &body[i + 1..]);
    has_tail(last)
}

/// Time as a log's entries tell it, entry by entry: each stamp is read as the instant that
/// follows on from the one before, so that in the hour repeated when daylight saving ends the
/// second pass reads as the later instants, and only a real step back is one.
struct Clock {
    zone: Zone,
    tolerance: chrono::Duration,
    /// The last entry's stamp, and the instant it was read as.
    last: Option<(Stamp, chrono::DateTime<chrono::Utc>)>,
}

impl Clock {
    fn new(zone: Zone, tolerance_ms: u64) -> Clock {
        Clock {
            zone,
            tolerance: chrono::Duration::milliseconds(tolerance_ms.min(i64::MAX as u64) as i64),
            last: None,
        }
    }

    /// Takes the next entry's stamp; how many milliseconds it goes back, when more than the
    /// tolerance.
    fn step(&mut self, next: Stamp) -> Option<u64> {
        let (earliest, latest) = self.zone.instants(next);
        let Some((before, at)) = self.last else {
            self.last = Some((next, earliest));
            return None;
        };
        let (read, back) = if before.offset.is_some() != next.offset.is_some() {
            // One stamp has an offset and one not: the writers disagree on the zone, and the
            // wall-clock times as written are what compare.
            (earliest, before.local - next.local)
        } else if earliest >= at - self.tolerance {
            (earliest, chrono::Duration::zero())
        } else if latest >= at - self.tolerance {
            (latest, chrono::Duration::zero())
        } else {
            (latest, at - latest)
        };
        self.last = Some((next, read));
        u64::try_from(back.num_milliseconds())
            .ok()
            .filter(|&ms| ms > 0 && back > self.tolerance)
    }
}
