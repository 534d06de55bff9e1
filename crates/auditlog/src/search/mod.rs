//! Searching logs in the order a listing shows them: the entries a query matches, of one log
//! or of several merged in time order as they are read, newest first or oldest first, the N
//! newest, strictly or not; and along the way the lines that are not entries and the logs that
//! cannot be read to their end. `list`, `export`, `tail`, `show` and `report` search through
//! here; [`crate::scan`] reads the files.
//!
//! A search stops when the one it hands its events to says so (`ControlFlow::Break`, whose
//! value comes back); an error means something went wrong.

pub mod cursor;
mod find;
mod follow;
mod merge;
mod pages;
mod source;

use std::ops::ControlFlow;
use std::path::PathBuf;

pub use crate::scan::Keep;
pub use find::{
    Ambiguous, Lookup, Wanted, executions, find_entry, find_execution, last_entries, last_of_stream,
};
pub use follow::{Follow, Turn, Wait};
pub use pages::{Between, Boundary, Landmark, Paged, Pages};
pub use source::{After, Source};

use crate::query::Query;
use crate::scan::{Direction, Found, Hit, Malformed, Plan, ReadError, members, search_path};

/// What a search hands out. Entries come in the order shown; problems as they are met, those
/// of a part of a log (a chunk) before its entries.
#[derive(Debug)]
pub enum Event {
    /// A matching entry, in the order shown.
    Found(Found),
    /// A line, or lines, that are not an entry and could have held a match.
    Malformed(Malformed),
    /// A log, or a member of a rotated set, that could not be read to its end; the entries
    /// read before the damage were handed out, and the search goes on with the others.
    Failed(ReadError),
    /// Following: what happened to the log followed, or that all written so far was handed out.
    Followed(Turn),
}

/// Why a search ended before its end.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// A strict search met a line that is not an entry.
    #[error("{0}")]
    Malformed(Malformed),
    /// A strict search met a log it could not read to its end.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A thread of the search stopped without a word (a bug).
    #[error("a search thread stopped")]
    Thread,
    /// Reading after a cursor failed (the error names its file).
    #[error(transparent)]
    Cursor(std::io::Error),
    /// The entry a page ends beside is no longer in the logs (rotated away, or the log was
    /// replaced).
    #[error("the entry {0} that the page ends beside is no longer in the log")]
    Gone(crate::reference::Ref),
    /// Waiting between the looks of a log followed failed.
    #[error(transparent)]
    Waiting(Box<dyn std::error::Error + Send + Sync>),
}

/// A search of logs, as a listing shows them.
#[derive(Clone, Debug)]
pub struct Search<'a> {
    /// The logs: each one alone, or with its rotated members, oldest first.
    pub streams: &'a [Vec<PathBuf>],
    /// What the entries must match.
    pub query: &'a Query,
    /// Oldest first, instead of newest first as JOC shows them.
    pub oldest_first: bool,
    /// Stop with an error at the first line that is not an entry, before anything is shown.
    pub strict: bool,
    /// How the logs are read: only the N newest entries (`limit`, shown in either order),
    /// what is kept of each, the chunks, the line cache. The search decides the direction
    /// from `oldest_first` and the limit, and whether it only counts.
    pub read: Plan,
    /// Of each log, only the entries between two places (a page's edges); every entry when
    /// empty.
    pub within: Vec<Between>,
}

impl<'a> Search<'a> {
    /// A search of `streams` for `query`: newest first, every entry, references numbered, in
    /// large chunks.
    pub fn new(streams: &'a [Vec<PathBuf>], query: &'a Query) -> Search<'a> {
        Search {
            streams,
            query,
            oldest_first: false,
            strict: false,
            read: Plan::default(),
            within: Vec::new(),
        }
    }

    /// Hands every entry out in the order shown, and every problem as it is met, until `each`
    /// says to stop; returns how many entries were handed out.
    pub fn run<B>(
        &self,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B, u64>, SearchError> {
        if self.strict {
            return self.strictly(each);
        }
        let plan = self.plan(false);
        if plan.direction == Direction::Backward && self.oldest_first {
            // The newest N, found newest first, shown oldest first.
            let mut kept = Vec::new();
            let flow = self.in_order(&plan, &mut |event| match event {
                Event::Found(found) => {
                    kept.push(found);
                    ControlFlow::Continue(())
                }
                other => each(other),
            })?;
            if let ControlFlow::Break(b) = flow {
                return Ok(ControlFlow::Break(b));
            }
            let count = kept.len() as u64;
            for found in kept.into_iter().rev() {
                if let ControlFlow::Break(b) = each(Event::Found(found)) {
                    return Ok(ControlFlow::Break(b));
                }
            }
            return Ok(ControlFlow::Continue(count));
        }
        self.in_order(&plan, each)
    }

    /// How many entries match, whatever the limit; problems are handed to `each` as they are
    /// met (a strict search stops at the first with an error).
    pub fn count<B>(
        &self,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B, u64>, SearchError> {
        let plan = Plan {
            count_only: true,
            limit: None,
            ..self.plan(false)
        };
        let mut total = 0;
        for log in 0..self.streams.len() {
            let flow = self.stream(log, &plan, &mut |event| match event {
                Event::Malformed(m) if self.strict => {
                    ControlFlow::Break(Err(SearchError::Malformed(m)))
                }
                Event::Failed(e) if self.strict => ControlFlow::Break(Err(SearchError::Read(e))),
                other => each(other).map_break(Ok),
            })?;
            match flow {
                ControlFlow::Continue(n) => total += n,
                ControlFlow::Break(Ok(b)) => return Ok(ControlFlow::Break(b)),
                ControlFlow::Break(Err(error)) => return Err(error),
            }
        }
        Ok(ControlFlow::Continue(total))
    }

    /// How to search one stream: in the order shown, stopping at the limit; or front to back,
    /// everything (`whole`), for a strict search.
    fn plan(&self, whole: bool) -> Plan {
        let limit = self.read.limit;
        Plan {
            // A limit keeps the newest entries, as tail does; oldest first only turns them round.
            direction: if whole || (self.oldest_first && limit.is_none()) {
                Direction::Forward
            } else {
                Direction::Backward
            },
            limit: if whole { None } else { limit },
            count_only: false,
            ..self.read.clone()
        }
    }

    fn in_order<B>(
        &self,
        plan: &Plan,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B, u64>, SearchError> {
        match self.streams {
            [_] => self.stream(0, plan, each),
            _ => merge::merged(self, plan, each),
        }
    }

    /// Searches the files of the `log`th stream in the plan's order; a file that cannot be
    /// read to its end is an event, and the next file is searched. Returns how many entries
    /// matched.
    fn stream<B>(
        &self,
        log: usize,
        plan: &Plan,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B, u64>, SearchError> {
        let mut plan = plan.clone();
        let mut total = 0;
        let all = &self.streams[log];
        let between = self.within.get(log);
        let files = members::to_read(all, self.query, plan.cache.as_deref());
        let ordered: Box<dyn Iterator<Item = &PathBuf>> = match plan.direction {
            Direction::Forward => Box::new(files.iter()),
            Direction::Backward => Box::new(files.iter().rev()),
        };
        for file in ordered {
            if let Some(between) = between {
                let nth = all.iter().position(|f| f == file).unwrap_or(usize::MAX);
                match between.of_file(nth) {
                    Some(within) => plan.within = within,
                    None => continue,
                }
            }
            let mut matched = 0;
            let searched = search_path(file, self.query, &plan, &mut |hit| match hit {
                Hit::Found(found) => {
                    matched += 1;
                    each(Event::Found(*found))
                }
                Hit::Malformed(m) => each(Event::Malformed(m)),
            });
            let count = match searched {
                Ok(ControlFlow::Continue(outcome)) => outcome.count,
                Ok(ControlFlow::Break(b)) => return Ok(ControlFlow::Break(b)),
                Err(error) => {
                    // A count hands nothing out; the error says what it counted.
                    let counted = if plan.count_only {
                        error.matched
                    } else {
                        matched
                    };
                    match each(Event::Failed(error)) {
                        ControlFlow::Continue(()) => counted,
                        ControlFlow::Break(b) => return Ok(ControlFlow::Break(b)),
                    }
                }
            };
            total += count;
            if let Some(n) = plan.limit.as_mut() {
                *n -= (count as usize).min(*n);
                if *n == 0 {
                    break;
                }
            }
        }
        Ok(ControlFlow::Continue(total))
    }

    /// A strict search stops at the first problem of any log, before anything is shown: every
    /// stream is read front to back and kept, then merged.
    fn strictly<B>(
        &self,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B, u64>, SearchError> {
        let plan = self.plan(true);
        let mut found: Vec<Vec<Found>> = Vec::new();
        for log in 0..self.streams.len() {
            let mut kept = Vec::new();
            let flow = self.stream(log, &plan, &mut |event| match event {
                Event::Found(f) => {
                    kept.push(f);
                    ControlFlow::Continue(())
                }
                Event::Malformed(m) => ControlFlow::Break(SearchError::Malformed(m)),
                Event::Failed(e) => ControlFlow::Break(SearchError::Read(e)),
                Event::Followed(_) => ControlFlow::Continue(()),
            })?;
            if let ControlFlow::Break(error) = flow {
                return Err(error);
            }
            found.push(kept);
        }
        let mut found = merge::by_time(found, self.query.zone);
        let n = self.read.limit.unwrap_or(usize::MAX).min(found.len());
        let keep = found.split_off(found.len() - n);
        let count = keep.len() as u64;
        let ordered: Box<dyn Iterator<Item = Found>> = if self.oldest_first {
            Box::new(keep.into_iter())
        } else {
            Box::new(keep.into_iter().rev())
        };
        for found in ordered {
            if let ControlFlow::Break(b) = each(Event::Found(found)) {
                return Ok(ControlFlow::Break(b));
            }
        }
        Ok(ControlFlow::Continue(count))
    }
}

#[cfg(test)]
mod tests;
