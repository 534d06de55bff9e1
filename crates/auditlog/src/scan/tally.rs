//! Adding up the entries a query matches without building them: a plain file's chunks are
//! read on every core, each into a tally of its own, and the tallies are merged in file order;
//! anything else is read front to back. Memory grows with what a tally keeps, not with the
//! entries.

use std::io;
use std::ops::ControlFlow;
use std::path::Path;

use super::frame::{Framer, Kind};
use regex::bytes::Regex;

use super::chunks::MAX_READ;
use super::item;
use super::judge::{Judged, LineAt, around_matches, judge_with, malformed, worth_reporting};
use super::plan::{Hit, Plan};
use super::seek::{LogFile, RangeReader};
use super::{Malformed, Opened, ReadError, open_for};
use crate::format::{self, View};
use crate::query::Query;
use crate::reference::RefCounter;

/// What adds up entries.
pub trait Tally: Send + Sync + Sized {
    /// An empty tally that adds up as this one does.
    fn fresh(&self) -> Self;
    /// Adds an entry the query matched.
    fn add(&mut self, entry: &View<'_>);
    /// Adds what another tally added up.
    fn merge(&mut self, other: Self);
}

/// Adds every entry of the log at `path` that `query` matches to `tally`; the lines that are
/// not entries and could have held a match go to `problem`, in file order. A log that cannot
/// be read to its end is an error, after what was read before the damage was added.
pub fn tally_path<T: Tally>(
    path: &Path,
    query: &Query,
    plan: &Plan,
    tally: &mut T,
    problem: &mut dyn FnMut(Malformed),
) -> Result<(), ReadError> {
    match open_for(path, query, plan)? {
        Opened::File(log, ranges) => ranges
            .into_iter()
            .try_for_each(|range| log.tally(range, query, plan, tally, problem))
            .map_err(|error| ReadError::new(path, error)),
        Opened::Stream(scan) => {
            let searched = scan.search(query, plan, &mut |hit| {
                match hit {
                    Hit::Found(found) => tally.add(&found.entry.view()),
                    Hit::Malformed(m) => problem(m),
                }
                ControlFlow::<()>::Continue(())
            });
            searched.map(drop)
        }
    }
}

/// What one chunk came to.
struct Tallied<T> {
    tally: T,
    malformed: Vec<Malformed>,
    lines: u64,
}

impl LogFile {
    /// Adds up the entries of `[start, end)` that `query` matches, on the plan's threads.
    fn tally<T: Tally>(
        &self,
        range: (u64, u64),
        query: &Query,
        plan: &Plan,
        tally: &mut T,
        problem: &mut dyn FnMut(Malformed),
    ) -> io::Result<()> {
        let template = tally.fresh();
        let prefilter = query.prefilter();
        // A chunk is read whole to add up only the entries around the prefilter's matches, as
        // a search does (see `LogFile::search`); one that a huge entry made huge is framed.
        let work = |chunk: (u64, u64)| match prefilter.as_ref() {
            Some(re) if chunk.1 - chunk.0 <= MAX_READ => self.read_whole(chunk, |buf| {
                self.tally_around(buf, chunk.0, query, re, template.fresh())
            })?,
            _ => self.tally_chunk(chunk, query, prefilter.as_ref(), template.fresh()),
        };
        // The line number at the start of the next chunk, when known.
        let mut base_line = (range.0 == 0).then_some(1);
        let mut failed = None;
        // A chunk that could not be read stops the tally; `failed` says why.
        let _stopped = self.in_chunks(range, plan, &work, &mut |(start, _), counted| {
            let counted = match counted {
                Ok(counted) => counted,
                Err(error) => {
                    failed = Some(error);
                    return ControlFlow::Break(());
                }
            };
            tally.merge(counted.tally);
            if !counted.malformed.is_empty() && base_line.is_none() {
                match self.lines_before(start) {
                    Ok(lines) => base_line = Some(lines + 1),
                    Err(error) => {
                        failed = Some(error);
                        return ControlFlow::Break(());
                    }
                }
            }
            for mut m in counted.malformed {
                m.origin.line += base_line.unwrap_or(1) - 1;
                problem(m);
            }
            base_line = base_line.map(|line| line + counted.lines);
            ControlFlow::Continue(())
        })?;
        failed.map_or(Ok(()), Err)
    }

    /// The instants of the entries from `start`, when a time bound lies near the repeated
    /// hour (see [`Query::near_fold`]); a tally needs no references otherwise.
    fn bound_refs(&self, start: u64, query: &Query) -> io::Result<Option<RefCounter>> {
        match query.near_fold() {
            true => self.refs_before(start, query.zone).map(Some),
            false => Ok(None),
        }
    }

    /// Adds up the entries of a chunk that `query` matches, every frame read.
    fn tally_chunk<T: Tally>(
        &self,
        (start, end): (u64, u64),
        query: &Query,
        prefilter: Option<&Regex>,
        tally: T,
    ) -> io::Result<Tallied<T>> {
        let reader = RangeReader {
            file: &self.file,
            pos: start,
            end,
        };
        let mut framer = Framer::starting_at(reader, 1, start);
        let mut refs = self.bound_refs(start, query)?;
        let mut counted = Tallied {
            tally,
            malformed: Vec::new(),
            lines: 0,
        };
        // Whether the frame before leaves its reason open; the file says for the first.
        let mut open_before = None;
        while let Some(span) = framer.next_span()? {
            counted.lines += span.lines;
            let bytes = framer.bytes(&span);
            let open = open_before.replace(span.kind == Kind::Entry && format::left_open(bytes));
            let error = match span.kind {
                Kind::Entry => {
                    match judge_with(bytes, query, refs.as_mut(), |view| counted.tally.add(view)) {
                        Judged::Malformed(error) => Some(error),
                        Judged::NoMatch => continue,
                        Judged::Match(..) => {
                            let open = match open {
                                Some(open) => open,
                                None => self.follows_open(&[], span.offset)?,
                            };
                            if open {
                                let doubt = item::doubt(&self.path, span.line, span.offset, bytes);
                                counted.malformed.push(doubt);
                            }
                            continue;
                        }
                    }
                }
                _ => None,
            };
            if worth_reporting(prefilter, bytes) {
                counted
                    .malformed
                    .push(malformed(&span, bytes, &self.path, error));
            }
        }
        Ok(counted)
    }

    /// Adds up the entries of a chunk read whole that hold a place where `re` matches.
    fn tally_around<T: Tally>(
        &self,
        buf: &[u8],
        start: u64,
        query: &Query,
        re: &Regex,
        tally: T,
    ) -> io::Result<Tallied<T>> {
        let mut counted = Tallied {
            tally,
            malformed: Vec::new(),
            lines: bytecount::count(buf, b'\n') as u64
                + u64::from(!buf.is_empty() && !buf.ends_with(b"\n")),
        };
        let mut lines = LineAt::new(buf);
        let mut failed = None;
        let mut refs = self.bound_refs(start, query)?;
        around_matches(buf, re, refs.as_mut(), &mut |kind, at, len, refs| {
            let bytes = &buf[at..at + len];
            let error = match kind {
                Kind::Entry => match judge_with(bytes, query, refs, |view| counted.tally.add(view))
                {
                    Judged::Malformed(error) => Some(error),
                    Judged::NoMatch => return,
                    Judged::Match(..) => {
                        let offset = start + at as u64;
                        match self.follows_open(&buf[..at], offset) {
                            Ok(false) => {}
                            Ok(true) => counted.malformed.push(item::doubt(
                                &self.path,
                                lines.at(at),
                                offset,
                                bytes,
                            )),
                            Err(error) => failed = Some(error),
                        }
                        return;
                    }
                },
                _ => None,
            };
            let place = (lines.at(at), start + at as u64);
            counted
                .malformed
                .push(self.malformed_in(kind, bytes, place, error));
        });
        failed.map_or(Ok(counted), Err)
    }
}
