//! Pages of the entries a query matches, newest first as JOC shows them, each found by seeking
//! rather than by reading the logs from an end: the newest page, the page older or newer than
//! another, the page that starts at an entry or at an instant. A view that pages through
//! millions of entries holds only the pages it shows.
//!
//! A page ends, in each log, between two of its entries ([`Boundary`]): the page beyond it reads
//! that log from there on, in file order, and merges the logs in time order as a listing does.
//! So the pages of a log whose stamps go backwards (a clock set back, the hour repeated when
//! daylight saving ends) hold every entry once, in the order `list` shows them: an edge is a
//! place in the file, not a time. A cut names the entry beside it by its reference, which
//! stays valid as the log grows and rotates; each page finds it again.

use std::ops::ControlFlow;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

mod landmark;

pub use landmark::{Boundary, Landmark};

use super::{Event, Search, SearchError};
use crate::query::Query;
use crate::scan::{Found, Keep, Plan, SMALL_CHUNK};

/// A place in a log: the index of one of its files, and a byte offset in that file.
pub type Place = (usize, u64);

/// What a search reads of one log: the entries that begin at `from` or later, and before `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Between {
    /// The first place read.
    pub from: Place,
    /// The first place not read.
    pub to: Place,
}

impl Between {
    /// The bytes of the `nth` file read: all of them (`Some(None)`), those between two
    /// offsets, or none (`None`).
    pub fn of_file(&self, nth: usize) -> Option<Option<(u64, u64)>> {
        if nth < self.from.0 || nth > self.to.0 || (nth == self.to.0 && self.to.1 == 0) {
            return None;
        }
        let from = if nth == self.from.0 { self.from.1 } else { 0 };
        let to = if nth == self.to.0 {
            self.to.1
        } else {
            u64::MAX
        };
        Some((from > 0 || to < u64::MAX).then_some((from, to)))
    }
}

/// Where pages come from: the logs, and what is kept of each entry.
#[derive(Clone, Debug)]
pub struct Pages<'a> {
    /// The logs, each with its rotated files when asked.
    pub streams: &'a [Vec<PathBuf>],
    /// Where line numbers and summaries are remembered.
    pub cache: Option<PathBuf>,
    /// What is kept of each entry.
    pub keep: Keep,
}

/// A page: entries newest first, where it ends in each log, and whether it reaches the newest
/// and the oldest entries that match.
#[derive(Debug, Default)]
pub struct Paged {
    /// Newest first.
    pub entries: Vec<Found>,
    /// Where the newer entries begin, one cut for each log.
    pub newer: Vec<Boundary>,
    /// Where the older entries end, one cut for each log.
    pub older: Vec<Boundary>,
    /// Whether the newest entry here is the newest that matches.
    pub at_newest: bool,
    /// Whether the oldest entry here is the oldest that matches.
    pub at_oldest: bool,
}

impl Pages<'_> {
    /// The newest `n` entries that match.
    pub fn newest(&self, query: &Query, n: usize) -> Result<Paged, SearchError> {
        self.older(query, &vec![Boundary::End; self.streams.len()], n)
    }

    /// The oldest `n` entries that match.
    pub fn oldest(&self, query: &Query, n: usize) -> Result<Paged, SearchError> {
        self.newer(query, &vec![Boundary::Start; self.streams.len()], n)
    }

    /// The `n` entries that match before `cuts` (one for each log), newest first.
    pub fn older(&self, query: &Query, cuts: &[Boundary], n: usize) -> Result<Paged, SearchError> {
        let (entries, more) = self.beyond(query, cuts, true, n)?;
        Ok(Paged {
            older: self.moved(cuts, entries.iter(), true),
            newer: cuts.to_vec(),
            at_newest: cuts.iter().all(|c| *c == Boundary::End),
            at_oldest: !more,
            entries,
        })
    }

    /// The `n` entries that match after `cuts` (one for each log), newest first.
    pub fn newer(&self, query: &Query, cuts: &[Boundary], n: usize) -> Result<Paged, SearchError> {
        let (mut entries, more) = self.beyond(query, cuts, false, n)?;
        entries.reverse();
        Ok(Paged {
            older: cuts.to_vec(),
            newer: self.moved(cuts, entries.iter(), false),
            at_newest: !more,
            at_oldest: cuts.iter().all(|c| *c == Boundary::Start),
            entries,
        })
    }

    /// The page that starts at the entry `at`, and goes on to older ones.
    pub fn at(&self, query: &Query, at: Landmark, n: usize) -> Result<Paged, SearchError> {
        let cuts = self.around(query, at, false)?;
        self.older(query, &cuts, n)
    }

    /// The newest `n` entries at or before `at`: each log read older from its last entry
    /// stamped at or before it.
    pub fn before(&self, query: &Query, at: DateTime<Utc>, n: usize) -> Result<Paged, SearchError> {
        let cuts = (0..self.streams.len())
            .map(|log| self.last_until(query, log, at))
            .collect::<Result<Vec<Boundary>, SearchError>>()?;
        self.older(query, &cuts, n)
    }

    /// The first `limit` entries past `from`, nearest first: older with `older`, else newer.
    pub fn past(
        &self,
        query: &Query,
        from: Landmark,
        older: bool,
        limit: usize,
    ) -> Result<Vec<Found>, SearchError> {
        let cuts = self.around(query, from, older)?;
        Ok(self.beyond(query, &cuts, older, limit)?.0)
    }

    /// Moves `cuts` past `entries` (newest first), each log's to the far side of its entries
    /// there: before the oldest (`older`), or after the newest. A view that lets go of rows
    /// so keeps its edges.
    pub fn moved<'f>(
        &self,
        cuts: &[Boundary],
        entries: impl DoubleEndedIterator<Item = &'f Found>,
        older: bool,
    ) -> Vec<Boundary> {
        let mut moved = cuts.to_vec();
        let mut put = |found: &Found, cut: Boundary| {
            if let Some(log) = self.log_of(found) {
                moved[log] = cut;
            }
        };
        if older {
            entries.for_each(|f| put(f, Boundary::Before(self.landmark(f))));
        } else {
            entries
                .rev()
                .for_each(|f| put(f, Boundary::After(self.landmark(f))));
        }
        moved
    }

    /// The landmark of an entry read from these logs: its reference, where it begins, and in
    /// which of its log's files.
    pub fn landmark(&self, found: &Found) -> Landmark {
        let origin = found.entry.origin.as_ref();
        let age = self.log_of(found).and_then(|log| {
            let files = &self.streams[log];
            let nth = files
                .iter()
                .position(|f| Some(f.as_path()) == origin.map(|o| &*o.file))?;
            Some(files.len() - 1 - nth)
        });
        Landmark {
            reference: found.reference,
            offset: origin.map(|o| o.offset),
            age,
        }
    }

    /// Which log an entry was read from.
    fn log_of(&self, found: &Found) -> Option<usize> {
        if self.streams.len() == 1 {
            return Some(0);
        }
        let file = found.entry.origin.as_ref()?.file.clone();
        self.streams
            .iter()
            .position(|files| files.iter().any(|f| f.as_path() == &*file))
    }

    /// Up to `n` entries past `cuts`, nearest first, older (`older`) or newer; and whether
    /// there are more.
    fn beyond(
        &self,
        query: &Query,
        cuts: &[Boundary],
        older: bool,
        n: usize,
    ) -> Result<(Vec<Found>, bool), SearchError> {
        let within = cuts
            .iter()
            .enumerate()
            .map(|(log, cut)| {
                let place = self.place(query, log, *cut)?;
                Ok(if older {
                    Between {
                        from: (0, 0),
                        to: place,
                    }
                } else {
                    Between {
                        from: place,
                        to: (usize::MAX, 0),
                    }
                })
            })
            .collect::<Result<Vec<Between>, SearchError>>()?;
        let mut entries = self.fetch(query, within, !older, n + 1)?;
        let more = entries.len() > n;
        entries.truncate(n);
        Ok((entries, more))
    }

    /// Up to `limit` matching entries among `within`: the newest, newest first; or with
    /// `oldest_first` the oldest, oldest first (the search stops once it has them).
    fn fetch(
        &self,
        query: &Query,
        within: Vec<Between>,
        oldest_first: bool,
        limit: usize,
    ) -> Result<Vec<Found>, SearchError> {
        let search = Search {
            oldest_first,
            read: Plan {
                // Newest first, the search takes the N newest; oldest first it is stopped
                // instead, reading ahead no more than a small chunk.
                limit: (!oldest_first).then_some(limit),
                keep: self.keep,
                chunk: SMALL_CHUNK,
                cache: self.cache.clone(),
                ..Plan::default()
            },
            within,
            ..Search::new(self.streams, query)
        };
        let mut entries = Vec::new();
        let _enough = search.run(&mut |event| {
            if let Event::Found(found) = event {
                entries.push(found);
                if entries.len() >= limit {
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        })?;
        Ok(entries)
    }

    /// Where `cut` stands in the `log`th log.
    fn place(&self, query: &Query, log: usize, cut: Boundary) -> Result<Place, SearchError> {
        let (at, after) = match cut {
            Boundary::Start => return Ok((0, 0)),
            Boundary::End => return Ok((usize::MAX, 0)),
            Boundary::Before(at) => (at, false),
            Boundary::After(at) => (at, true),
        };
        let gone = SearchError::Gone(at.reference);
        let files = &self.streams[log];
        let found = self.beside(query, log, at)?.ok_or(gone)?;
        let origin = found.entry.origin.as_ref();
        let nth = origin.and_then(|o| files.iter().position(|f| f.as_path() == &*o.file));
        let (Some(origin), Some(nth)) = (origin, nth) else {
            return Err(SearchError::Gone(at.reference));
        };
        let end = origin.offset + found.raw.len() as u64;
        Ok((nth, if after { end } else { origin.offset }))
    }

    /// The entry `at` names in the `log`th log: of those with its reference, the one that
    /// begins where it says, or else the only one.
    fn beside(
        &self,
        query: &Query,
        log: usize,
        at: Landmark,
    ) -> Result<Option<Found>, SearchError> {
        let mut stamped = Query::all(query.zone);
        let (earliest, latest) = query.zone.instants(at.reference.stamp);
        (stamped.since, stamped.until) = (Some(earliest), Some(latest));
        let search = Search {
            oldest_first: true,
            strict: false,
            read: Plan {
                // Its bytes, which say where the entry after it begins.
                keep: Keep {
                    raw: true,
                    ..Keep::default()
                },
                cache: self.cache.clone(),
                ..Plan::default()
            },
            ..Search::new(std::slice::from_ref(&self.streams[log]), &stamped)
        };
        let (mut alike, mut failed) = (Vec::new(), None);
        let _all = search.run(&mut |event| {
            match event {
                Event::Found(found) if found.reference == at.reference => alike.push(found),
                Event::Failed(error) => {
                    failed.get_or_insert(error);
                }
                _ => {}
            }
            ControlFlow::<()>::Continue(())
        })?;
        // Where it begins tells it apart; and where a file holds a copy of another's entries
        // (a rotation that copied), which file.
        let offset = |f: &Found| f.entry.origin.as_ref().map(|o| o.offset);
        if at.offset.is_some() && alike.iter().any(|f| offset(f) == at.offset) {
            alike.retain(|f| offset(f) == at.offset);
            let age = alike.iter().position(|f| self.landmark(f).age == at.age);
            return Ok(Some(alike.swap_remove(age.unwrap_or(alike.len() - 1))));
        }
        match (alike.len(), failed) {
            // Else the only one with the reference; or, given no place, the newest.
            (1, _) => Ok(alike.pop()),
            (2.., _) if at.offset.is_none() => Ok(alike.pop()),
            (_, Some(error)) => Err(SearchError::Read(error)),
            _ => Ok(None),
        }
    }

    /// The cuts beside the entry `at`: in its log, on its far side (older than it with
    /// `older`, else newer), so that it is in the page toward the near side; in the others,
    /// after their last entry stamped at or before it.
    fn around(
        &self,
        query: &Query,
        at: Landmark,
        older: bool,
    ) -> Result<Vec<Boundary>, SearchError> {
        let mine = self.log_holding(query, at)?;
        let instant = query.zone.instants(at.reference.stamp).1;
        (0..self.streams.len())
            .map(|log| match (log == mine, older) {
                (true, true) => Ok(Boundary::Before(at)),
                (true, false) => Ok(Boundary::After(at)),
                (false, _) => self.last_until(query, log, instant),
            })
            .collect()
    }

    /// The log that holds the entry `at`.
    fn log_holding(&self, query: &Query, at: Landmark) -> Result<usize, SearchError> {
        if self.streams.len() == 1 {
            return Ok(0);
        }
        for log in 0..self.streams.len() {
            match self.place(query, log, Boundary::Before(at)) {
                Ok(_) => return Ok(log),
                Err(SearchError::Gone(_)) => {}
                Err(error) => return Err(error),
            }
        }
        Err(SearchError::Gone(at.reference))
    }

    /// The cut after the `log`th log's last entry (in file order) stamped at or before `at`,
    /// whatever it holds: its start when there is none.
    fn last_until(
        &self,
        query: &Query,
        log: usize,
        at: DateTime<Utc>,
    ) -> Result<Boundary, SearchError> {
        let mut until = Query::all(query.zone);
        until.until = Some(at);
        let streams = std::slice::from_ref(&self.streams[log]);
        let pages = Pages {
            streams,
            cache: self.cache.clone(),
            keep: Keep::default(),
        };
        let last = pages.fetch(&until, Vec::new(), false, 1)?;
        Ok(last
            .first()
            .map_or(Boundary::Start, |f| Boundary::After(pages.landmark(f))))
    }
}

#[cfg(test)]
mod tests;
