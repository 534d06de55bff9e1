//! Reading logs front to back, every entry: what cannot be read by offset (gzip members, pipes,
//! FIFOs, standard input), and what must see every line (`check`).

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::{ByteStream, ReadError, open};
use super::frame::{Framer, Kind, Span};
use super::item::{self, Found, Malformed, read_frame};
use super::judge::worth_reporting;
use super::plan::{Direction, Hit, Outcome, Plan, hand_out};
use super::summary::Pending;
use crate::entry::Entry;
use crate::format;
use crate::query::Query;
use chrono::{DateTime, Utc};

use crate::reference::{Ref, RefCounter};
use crate::stamp::Stamp;
use crate::time::Zone;

/// What a [`Scan`] reads next.
#[derive(Debug)]
pub enum Scanned<'a> {
    /// An entry, its reference, and its bytes as they stand in the file.
    Entry {
        /// The entry.
        entry: Entry,
        /// Its reference.
        reference: Ref,
        /// The instant its stamp stands for, in the zone of the search (see
        /// [`crate::reference::RefCounter`]).
        instant: DateTime<Utc>,
        /// Its physical lines, with their line ends.
        raw: &'a [u8],
    },
    /// A line, or lines, that are not an entry.
    Malformed(Malformed),
}

/// Reads several files, one after the other, as one stream. A file that cannot be read, or
/// breaks off, is an error once the entries before it are handed out; the next call goes on
/// with the next file.
pub struct Scan {
    files: std::vec::IntoIter<PathBuf>,
    current: Option<Current>,
    refs: RefCounter,
    /// A summary of the member being read, kept once it is read to its end.
    summary: Option<Box<Pending>>,
}

/// The file a [`Scan`] is reading, how many entries it has read from it, and where the frame
/// last handed out lies.
struct Current {
    framer: Framer<ByteStream>,
    file: Arc<Path>,
    entries: u64,
    last: Option<Span>,
}

impl Scan {
    /// A scan of these files, in this order.
    pub fn new(files: Vec<PathBuf>) -> Scan {
        Scan {
            files: files.into_iter(),
            current: None,
            refs: RefCounter::new(Zone::System),
            summary: None,
        }
    }

    /// A scan of one log already open, named `path` in origins and reports.
    pub fn of_source(src: ByteStream, path: &Path) -> Scan {
        Scan {
            files: Vec::new().into_iter(),
            current: Some(Current {
                framer: Framer::new(src),
                file: Arc::from(path),
                entries: 0,
                last: None,
            }),
            refs: RefCounter::new(Zone::System),
            summary: None,
        }
    }

    /// The same scan of one member, making its summary as it reads (see [`Pending`]); kept
    /// only if the member is read to its end without an error.
    pub(super) fn summarizing(mut self, summary: Option<Pending>) -> Scan {
        self.summary = summary.map(Box::new);
        self
    }

    /// The same scan, reading stamps as instants in `zone` (see [`Scanned::Entry`]).
    pub fn read_in(mut self, zone: Zone) -> Scan {
        self.refs.read_in(zone);
        self
    }

    /// Where the clock stands after the last entry read (see [`crate::time::Clock::state`]).
    pub fn clock_state(&self) -> Option<(DateTime<Utc>, bool)> {
        self.refs.clock_state()
    }

    /// The file and bytes of the frame last handed out (for a frame too long to hold, its
    /// start), while its file is being read.
    pub fn last_frame(&self) -> Option<(&Path, &Span, &[u8])> {
        let current = self.current.as_ref()?;
        let span = current.last.as_ref()?;
        Some((&current.file, span, current.framer.bytes(span)))
    }

    /// The file of the frame last handed out, when it is an entry that leaves its reason open
    /// (see [`format::left_open`]): an entry after it in the same file may be part of it.
    pub fn left_open(&self) -> Option<Arc<Path>> {
        let current = self.current.as_ref()?;
        let span = current.last.as_ref()?;
        (span.kind == Kind::Entry && format::left_open(current.framer.bytes(span)))
            .then(|| Arc::clone(&current.file))
    }

    /// The next entry or report, or `None` after the last file.
    pub fn next_event(&mut self) -> Result<Option<Scanned<'_>>, ReadError> {
        let span = loop {
            let current = match &mut self.current {
                Some(current) => current,
                None => {
                    let Some(path) = self.files.next() else {
                        return Ok(None);
                    };
                    let src = open(&path)?;
                    // The next file of a rotated set goes on in time from this one.
                    self.refs.new_file();
                    self.current.insert(Current {
                        framer: Framer::new(src),
                        file: Arc::from(path.as_path()),
                        entries: 0,
                        last: None,
                    })
                }
            };
            match current.framer.next_span() {
                Ok(Some(span)) => break span,
                Ok(None) => {
                    self.current = None;
                    if let Some(summary) = self.summary.take() {
                        summary.finish();
                    }
                }
                Err(error) => {
                    self.summary = None;
                    let failed = ReadError {
                        path: current.file.to_path_buf(),
                        error,
                        entries: current.entries,
                        matched: 0,
                    };
                    self.current = None;
                    return Err(failed);
                }
            }
        };
        let Some(current) = &mut self.current else {
            unreachable!("a span was just read from the current file")
        };
        current.last = Some(span);
        let frame = current.framer.frame(span);
        let stamp = match frame.kind {
            Kind::Entry => Stamp::parse_prefix(frame.bytes).map(|(stamp, _)| stamp),
            _ => None,
        };
        if let Some(first) = stamp.filter(|_| self.refs.clock_state().is_none()) {
            // The first entry of a scan: a file that begins inside the repeated hour goes on in
            // the pass the file before it had reached.
            if let Some(state) = super::before::state_before(&current.file, first, self.refs.zone())
            {
                self.refs.follow_on(state);
            }
        }
        let counted = stamp.map(|stamp| self.refs.count(stamp));
        let read = read_frame(&frame, &current.file);
        if let Some(summary) = self.summary.as_mut() {
            match &read {
                Ok(entry) => summary.summarizer().entry(entry),
                Err(_) => summary.summarizer().malformed(),
            }
        }
        Ok(Some(match (read, counted) {
            (Ok(entry), Some((reference, instant))) => {
                current.entries += 1;
                Scanned::Entry {
                    reference,
                    instant,
                    entry,
                    raw: frame.bytes,
                }
            }
            (Ok(entry), None) => unreachable!("an entry always has a stamp: {entry:?}"),
            (Err(m), _) => Scanned::Malformed(m),
        }))
    }
}

impl Scan {
    /// Searches what this scan reads, front to back: the same hits as [`LogFile::search`] of
    /// the same log, for what cannot be read by offset. Backwards, the matches are kept and
    /// handed out reversed. A file that breaks off is an error after what was read before it.
    ///
    /// [`LogFile::search`]: super::LogFile::search
    pub fn search<B>(
        mut self,
        query: &Query,
        plan: &Plan,
        hit: &mut dyn FnMut(Hit) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B, Outcome>, ReadError> {
        let prefilter = query.prefilter();
        self.refs.read_in(query.zone);
        let mut outcome = Outcome::default();
        let mut kept = Vec::new();
        let mut failed = None;
        loop {
            let open_before = self.left_open();
            let event = match self.next_event() {
                Ok(Some(event)) => event,
                Ok(None) => break,
                // What was read before is handed out first.
                Err(error) => {
                    failed = Some(error);
                    break;
                }
            };
            match event {
                Scanned::Entry {
                    entry,
                    reference,
                    instant,
                    raw,
                } => {
                    let offset = entry.origin.as_ref().map_or(0, |o| o.offset);
                    if !plan.holds(offset) || !query.matches_at(&entry.view(), raw, Some(instant)) {
                        continue;
                    }
                    let origin = entry.origin.as_ref();
                    if let Some(origin) = origin.filter(|o| open_before.as_deref() == Some(&o.file))
                    {
                        let doubt = item::doubt(&origin.file, origin.line, origin.offset, raw);
                        hand_out!(hit, Hit::Malformed(doubt));
                    }
                    let found = (entry, reference, instant, raw);
                    match take(found, plan, &mut outcome, &mut kept, hit) {
                        ControlFlow::Continue(()) => {}
                        ControlFlow::Break(Some(b)) => return Ok(ControlFlow::Break(b)),
                        ControlFlow::Break(None) => return Ok(ControlFlow::Continue(outcome)),
                    }
                }
                Scanned::Malformed(m) => {
                    if plan.holds(m.origin.offset) && worth_reporting(prefilter.as_ref(), &m.head) {
                        hand_out!(hit, Hit::Malformed(m));
                    }
                }
            }
        }
        if let ControlFlow::Break(b) = hand_out_newest_first(kept, plan, &mut outcome, hit) {
            return Ok(ControlFlow::Break(b));
        }
        match failed {
            Some(mut error) => {
                // A count hands nothing out: what it counted before the break goes with the
                // error, so that it agrees with a listing of the same entries.
                if plan.count_only {
                    error.matched = outcome.count;
                }
                Err(error)
            }
            None => Ok(ControlFlow::Continue(outcome)),
        }
    }
}

/// Takes an entry found (with its reference, instant and bytes): a count counts it; going
/// forward, hands it out (`Break(None)` once the limit is reached: the search is over);
/// going backward, keeps it.
fn take<B>(
    (entry, reference, instant, raw): (Entry, Ref, DateTime<Utc>, &[u8]),
    plan: &Plan,
    outcome: &mut Outcome,
    kept: &mut Vec<Found>,
    hit: &mut dyn FnMut(Hit) -> ControlFlow<B>,
) -> ControlFlow<Option<B>> {
    if plan.count_only {
        outcome.count += 1;
        return ControlFlow::Continue(());
    }
    let raw = if plan.keep.raw {
        raw.to_vec()
    } else {
        Vec::new()
    };
    let found = Found {
        entry,
        reference,
        instant,
        raw,
    };
    match plan.direction {
        Direction::Forward => {
            if plan.limit.is_some_and(|n| outcome.count >= n as u64) {
                outcome.stopped = true;
                return ControlFlow::Break(None);
            }
            outcome.count += 1;
            hit(Hit::Found(Box::new(found))).map_break(Some)
        }
        Direction::Backward => {
            kept.push(found);
            ControlFlow::Continue(())
        }
    }
}

/// Hands out what a search backward kept, newest first, up to its limit.
fn hand_out_newest_first<B>(
    kept: Vec<Found>,
    plan: &Plan,
    outcome: &mut Outcome,
    hit: &mut dyn FnMut(Hit) -> ControlFlow<B>,
) -> ControlFlow<B> {
    for found in kept.into_iter().rev() {
        if plan.limit.is_some_and(|n| outcome.count >= n as u64) {
            outcome.stopped = true;
            break;
        }
        outcome.count += 1;
        hit(Hit::Found(Box::new(found)))?;
    }
    ControlFlow::Continue(())
}

/// One thing read from a log: an entry, or lines that are not one.
#[derive(Debug, PartialEq, Eq)]
pub enum Item {
    /// An entry.
    Entry(Entry),
    /// A line, or lines, that are not an entry.
    Malformed(Malformed),
}

/// The entries of a log front to back, owned, without their references or bytes: the simplest
/// reader, for scripts and tests. It is a [`Scan`] of one log.
pub struct Reader {
    scan: Scan,
}

impl Reader {
    /// Opens a log, whatever it is (see [`super::open`]).
    pub fn open(path: &Path) -> Result<Reader, ReadError> {
        Ok(Reader {
            scan: Scan::of_source(open(path)?, path),
        })
    }
}

impl Iterator for Reader {
    type Item = Result<Item, ReadError>;

    fn next(&mut self) -> Option<Result<Item, ReadError>> {
        match self.scan.next_event() {
            Ok(Some(Scanned::Entry { entry, .. })) => Some(Ok(Item::Entry(entry))),
            Ok(Some(Scanned::Malformed(m))) => Some(Ok(Item::Malformed(m))),
            Ok(None) => None,
            Err(error) => Some(Err(error)),
        }
    }
}
