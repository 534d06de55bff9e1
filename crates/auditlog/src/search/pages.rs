//! Pages of the entries a query matches, newest first as JOC shows them, each found by seeking
//! to its time rather than by reading the logs from an end: the newest page, the page older or
//! newer than an entry, the page that starts at an entry or at an instant. A view that pages
//! through millions of entries holds only the pages it shows.
//!
//! Entries are told apart by their references: entries that share a stamp are numbered, so a
//! page's edge is fetched with up to [`SAME_STAMP`] entries of its stamp beyond the page, and
//! those on the near side of the edge are dropped.

use std::ops::ControlFlow;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::{Event, Search, SearchError};
use crate::query::Query;
use crate::reference::{Ref, WINDOW};
use crate::scan::{Found, Keep, Plan, SMALL_CHUNK};

/// Entries that share a stamp with a page's edge, fetched beyond the page so that none is
/// lost at the edge (references number at most this many alike).
pub const SAME_STAMP: usize = WINDOW;

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

/// A page: entries newest first, and whether they reach the newest and the oldest that match.
#[derive(Debug, Default)]
pub struct Paged {
    /// Newest first.
    pub entries: Vec<Found>,
    /// Whether the newest entry here is the newest that matches.
    pub at_newest: bool,
    /// Whether the oldest entry here is the oldest that matches.
    pub at_oldest: bool,
}

impl Pages<'_> {
    /// Up to `limit` matching entries: the newest, newest first; or with `oldest_first` the
    /// first from the query's start on, oldest first (the search stops once it has them).
    fn fetch(
        &self,
        query: &Query,
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

    /// The newest `n` entries that match.
    pub fn newest(&self, query: &Query, n: usize) -> Result<Paged, SearchError> {
        let entries = self.fetch(query, false, n)?;
        Ok(Paged {
            at_oldest: entries.len() < n,
            entries,
            at_newest: true,
        })
    }

    /// The oldest `n` entries that match.
    pub fn oldest(&self, query: &Query, n: usize) -> Result<Paged, SearchError> {
        let mut entries = self.fetch(query, true, n)?;
        entries.reverse();
        Ok(Paged {
            at_newest: entries.len() < n,
            entries,
            at_oldest: true,
        })
    }

    /// The entries older than `edge`, newest first: `n` of them, and those of the last one's
    /// stamp beyond (up to [`SAME_STAMP`] more).
    pub fn older(&self, query: &Query, edge: Ref, n: usize) -> Result<Paged, SearchError> {
        let fetched = self.fetch(&toward(query, edge, true), false, n + SAME_STAMP)?;
        Ok(Paged {
            at_oldest: fetched.len() < n + SAME_STAMP,
            entries: beyond(fetched, edge, true),
            at_newest: false,
        })
    }

    /// The entries newer than `edge`, newest first: `n` of them, and those of the newest one's
    /// stamp beyond (up to [`SAME_STAMP`] more).
    pub fn newer(&self, query: &Query, edge: Ref, n: usize) -> Result<Paged, SearchError> {
        let fetched = self.fetch(&toward(query, edge, false), true, n + SAME_STAMP)?;
        let at_newest = fetched.len() < n + SAME_STAMP;
        let mut entries = beyond(fetched, edge, false);
        entries.reverse();
        Ok(Paged {
            at_newest,
            entries,
            at_oldest: false,
        })
    }

    /// The first entries past `from`, nearest first, older with `older` and else newer: of the
    /// `limit` nearest that match, those that are not `from`'s own or nearer.
    pub fn past(
        &self,
        query: &Query,
        from: Ref,
        older: bool,
        limit: usize,
    ) -> Result<Vec<Found>, SearchError> {
        let fetched = self.fetch(&toward(query, from, older), !older, limit)?;
        Ok(beyond(fetched, from, older))
    }

    /// The entries from `at` on, older: `at` first; `n` of them, and those of the oldest one's
    /// stamp beyond.
    pub fn at(&self, query: &Query, at: Ref, n: usize) -> Result<Paged, SearchError> {
        let entries: Vec<Found> = self
            .fetch(&toward(query, at, true), false, n + SAME_STAMP)?
            .into_iter()
            // What shares its stamp but came after it is newer: the page starts at `at`.
            .filter(|f| f.reference.stamp != at.stamp || f.reference.nth <= at.nth)
            .collect();
        Ok(Paged {
            at_oldest: entries.len() < n,
            entries,
            at_newest: false,
        })
    }

    /// The newest `n` entries at or before `at`.
    pub fn before(&self, query: &Query, at: DateTime<Utc>, n: usize) -> Result<Paged, SearchError> {
        let entries = self.fetch(&until(query, at), false, n)?;
        Ok(Paged {
            at_oldest: entries.len() < n,
            entries,
            at_newest: false,
        })
    }
}

/// Of `fetched`, those past `edge`: older than it (`older`), or newer.
fn beyond(fetched: Vec<Found>, edge: Ref, older: bool) -> Vec<Found> {
    fetched
        .into_iter()
        .filter(|f| past(&f.reference, &edge, older))
        .collect()
}

/// `query` narrowed to the entries at or before `at`.
fn until(query: &Query, at: DateTime<Utc>) -> Query {
    let mut q = query.clone();
    q.until = Some(q.until.map_or(at, |u| u.min(at)));
    q
}

/// `query` narrowed to the time of `edge` and older (`older`), or that time and newer: the
/// entries sharing the edge's stamp on both sides are in, for [`past`] to tell apart.
fn toward(query: &Query, edge: Ref, older: bool) -> Query {
    let (earliest, latest) = query.zone.instants(edge.stamp);
    if older {
        return until(query, latest);
    }
    let mut q = query.clone();
    q.since = Some(q.since.map_or(earliest, |s| s.max(earliest)));
    q
}

/// Whether `r` lies past `edge`: older than it (`older`), or newer.
fn past(r: &Ref, edge: &Ref, older: bool) -> bool {
    if r.stamp != edge.stamp {
        return true;
    }
    if older {
        r.nth < edge.nth
    } else {
        r.nth > edge.nth
    }
}
