//! The entries around the view, newest first, fetched by the search engine as the view moves:
//! a page older than the last row held, or newer than the first, each found by seeking to its
//! time. Only a few pages are held, however long the log.

use std::ops::ControlFlow;
use std::path::PathBuf;

use anyhow::Result;
use auditlog::query::Query;
use auditlog::reference::Ref;
use auditlog::scan::{Plan, SMALL_CHUNK};
use auditlog::search::{Event, Keep, Search};
use chrono::{DateTime, Utc};
use regex::Regex;

use crate::output::EntryRow;

/// The most rows held, in pages of the view's height.
const PAGES_HELD: usize = 4;

/// Entries that share a stamp with a page's edge, fetched beyond the page so that none is
/// lost at the edge (references number at most this many alike).
const SAME_STAMP: usize = auditlog::reference::WINDOW;

/// The rows held and where the view is among them.
pub struct Window {
    /// Newest first.
    pub rows: Vec<EntryRow>,
    /// The selected row, an index into `rows`.
    pub selected: usize,
    /// The first row on screen.
    pub top: usize,
    /// Whether the newest row held is the newest that matches.
    pub at_newest: bool,
    /// Whether the oldest row held is the oldest that matches.
    pub at_oldest: bool,
}

/// What the view keeps of each entry: its reference, and its line as written, which the detail
/// shows.
pub const KEEP: Keep = Keep {
    raw: true,
    lines: false,
    refs: true,
};

/// Where the rows come from.
pub struct Logs<'a> {
    /// The logs, each with its rotated files when asked.
    pub streams: &'a [Vec<PathBuf>],
    /// Where line numbers are remembered.
    pub cache: Option<PathBuf>,
}

impl Logs<'_> {
    /// Up to `limit` matching entries: the newest, newest first; or with `oldest_first` the
    /// first from the query's start on, oldest first (the search stops once it has them).
    fn fetch(&self, query: &Query, oldest_first: bool, limit: usize) -> Result<Vec<EntryRow>> {
        let search = Search {
            oldest_first,
            read: Plan {
                // Newest first, the search takes the N newest; oldest first it is stopped
                // instead, reading ahead no more than a small chunk.
                limit: (!oldest_first).then_some(limit),
                keep: KEEP,
                chunk: SMALL_CHUNK,
                cache: self.cache.clone(),
                ..Plan::default()
            },
            ..Search::new(self.streams, query)
        };
        let mut rows = Vec::new();
        let _enough = search.run(&mut |event| {
            if let Event::Found(found) = event {
                rows.push(EntryRow::new(found));
                if rows.len() >= limit {
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        })?;
        Ok(rows)
    }
}

fn reference(row: &EntryRow) -> Ref {
    row.found.reference
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

impl Window {
    /// The newest `page` rows that match.
    pub fn newest(src: &Logs, query: &Query, page: usize) -> Result<Window> {
        let rows = src.fetch(query, false, page)?;
        Ok(Window {
            at_oldest: rows.len() < page,
            rows,
            selected: 0,
            top: 0,
            at_newest: true,
        })
    }

    /// The oldest `page` rows that match, the oldest selected.
    pub fn oldest(src: &Logs, query: &Query, page: usize) -> Result<Window> {
        let mut rows = src.fetch(query, true, page)?;
        rows.reverse();
        let last = rows.len().saturating_sub(1);
        Ok(Window {
            at_newest: rows.len() < page,
            rows,
            selected: last,
            top: last.saturating_sub(page.saturating_sub(1)),
            at_oldest: true,
        })
    }

    /// Moves the selection `by` rows (down, to older, when positive), fetching what the view
    /// needs and letting go of what is far from it; `page` is the view's height.
    pub fn step(&mut self, by: isize, src: &Logs, query: &Query, page: usize) -> Result<()> {
        if by > 0 {
            let want = self.selected + by as usize + page;
            if want >= self.rows.len() && !self.at_oldest {
                self.fetch_older(src, query, page)?;
            }
        } else if by < 0 && self.selected < by.unsigned_abs() + page && !self.at_newest {
            self.fetch_newer(src, query, page)?;
        }
        let last = self.rows.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + by).clamp(0, last.max(0)) as usize;
        // A page moves the view with the selection, as a pager does.
        if by.unsigned_abs() >= page {
            let top = (self.top as isize + by).clamp(0, (last + 1 - page as isize).max(0));
            self.top = top as usize;
        }
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + page {
            self.top = self.selected + 1 - page;
        }
        self.let_go(page);
        Ok(())
    }

    /// The page older than the last row held.
    fn fetch_older(&mut self, src: &Logs, query: &Query, page: usize) -> Result<()> {
        let Some(edge) = self.rows.last().map(reference) else {
            self.at_oldest = true;
            return Ok(());
        };
        let fetched = src.fetch(&toward(query, edge, true), false, page + SAME_STAMP)?;
        let before = fetched.len();
        let fresh = fetched
            .into_iter()
            .filter(|r| past(&r.found.reference, &edge, true));
        self.rows.extend(fresh);
        self.at_oldest = before < page + SAME_STAMP;
        Ok(())
    }

    /// The page newer than the first row held.
    fn fetch_newer(&mut self, src: &Logs, query: &Query, page: usize) -> Result<()> {
        let Some(edge) = self.rows.first().map(reference) else {
            self.at_newest = true;
            return Ok(());
        };
        let fetched = src.fetch(&toward(query, edge, false), true, page + SAME_STAMP)?;
        self.at_newest = fetched.len() < page + SAME_STAMP;
        let mut fresh: Vec<EntryRow> = fetched
            .into_iter()
            .filter(|r| past(&r.found.reference, &edge, false))
            .collect();
        fresh.reverse();
        let added = fresh.len();
        fresh.append(&mut self.rows);
        self.rows = fresh;
        self.selected += added;
        self.top += added;
        Ok(())
    }

    /// The window that opens on the next entry after the selected one that `search` finds in
    /// its text: older with `older`, else newer; `None` when there is none. The search engine
    /// looks, on every core, from the selected entry's time on.
    pub fn find(
        &self,
        src: &Logs,
        query: &Query,
        search: &Regex,
        older: bool,
        page: usize,
    ) -> Result<Option<Window>> {
        let Some(from) = self.rows.get(self.selected).map(reference) else {
            return Ok(None);
        };
        let mut q = toward(query, from, older);
        q.grep = vec![search.clone()];
        // The filter's own --grep must hold too: the search's pattern took its place.
        let found = src
            .fetch(&q, !older, SAME_STAMP + 1)?
            .into_iter()
            .filter(|r| {
                query.grep.is_empty()
                    || query.matches_at(&r.found.entry.view(), &r.found.raw, Some(r.found.instant))
            })
            .find(|r| past(&r.found.reference, &from, older));
        match found {
            Some(row) => Window::at(src, query, row.found.reference, page).map(Some),
            None => Ok(None),
        }
    }

    /// The window that opens on the newest entries at or before `at`.
    pub fn before(src: &Logs, query: &Query, at: DateTime<Utc>, page: usize) -> Result<Window> {
        let rows = src.fetch(&until(query, at), false, page)?;
        Ok(Window {
            at_oldest: rows.len() < page,
            rows,
            selected: 0,
            top: 0,
            at_newest: false,
        })
    }

    /// The window that opens on the entry `at`, selected at the top.
    pub fn at(src: &Logs, query: &Query, at: Ref, page: usize) -> Result<Window> {
        let rows: Vec<EntryRow> = src
            .fetch(&toward(query, at, true), false, page + SAME_STAMP)?
            .into_iter()
            // What shares its stamp but came after it is newer: the window starts at `at`.
            .filter(|r| r.found.reference.stamp != at.stamp || r.found.reference.nth <= at.nth)
            .collect();
        Ok(Window {
            at_oldest: rows.len() < page,
            rows,
            selected: 0,
            top: 0,
            at_newest: false,
        })
    }

    /// Puts entries just appended (oldest first) on top; the view stays on the newest when it
    /// was there.
    pub fn put_on_top(&mut self, appended: Vec<EntryRow>, page: usize) {
        if appended.is_empty() {
            return;
        }
        let added = appended.len();
        let mut rows: Vec<EntryRow> = appended.into_iter().rev().collect();
        rows.append(&mut self.rows);
        self.rows = rows;
        if self.selected > 0 {
            self.selected += added;
            self.top += added;
        }
        self.let_go(page);
    }

    /// Lets go of rows far from the view, so that memory stays flat.
    fn let_go(&mut self, page: usize) {
        let held = PAGES_HELD * page.max(1);
        if self.rows.len() <= held {
            return;
        }
        let keep_from = self.top.saturating_sub(page);
        if keep_from > 0 {
            self.rows.drain(..keep_from);
            self.selected -= keep_from;
            self.top -= keep_from;
            self.at_newest = false;
        }
        let keep_to = (self.top + 2 * page).max(held.min(self.rows.len()));
        if self.rows.len() > keep_to {
            self.rows.truncate(keep_to);
            self.at_oldest = false;
        }
    }
}
