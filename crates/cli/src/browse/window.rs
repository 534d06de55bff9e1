//! The entries around the view, newest first, fetched by the search engine as the view moves:
//! a page older than the last row held, or newer than the first, each found by seeking to its
//! time. Only a few pages are held, however long the log.

use std::path::PathBuf;

use anyhow::Result;
use auditlog::query::Query;
use auditlog::scan::Found;
use auditlog::search::{Boundary, Keep, Landmark, Paged, Pages, SearchError};
use chrono::{DateTime, Utc};
use regex::Regex;

use crate::context::Context;
use crate::output::EntryRow;

/// The most rows held, in pages of the view's height.
const PAGES_HELD: usize = 4;

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
    /// Where the entries newer than those held begin, in each log.
    newer: Vec<Boundary>,
    /// Where the entries older than those held end, in each log.
    older: Vec<Boundary>,
}

/// What the view keeps of each entry: its reference, and its line as written, which the detail
/// shows.
pub const KEEP: Keep = Keep {
    raw: true,
    lines: false,
    refs: true,
};

/// Rows of entries.
fn rows(entries: Vec<Found>) -> Vec<EntryRow> {
    entries.into_iter().map(EntryRow::new).collect()
}

impl Window {
    /// The newest `page` rows that match.
    pub fn newest(src: &Pages, query: &Query, page: usize) -> Result<Window> {
        Ok(Window::on_top(src.newest(query, page)?))
    }

    /// A window on `page`, its newest row selected at the top.
    fn on_top(page: Paged) -> Window {
        Window {
            rows: rows(page.entries),
            selected: 0,
            top: 0,
            at_newest: page.at_newest,
            at_oldest: page.at_oldest,
            newer: page.newer,
            older: page.older,
        }
    }

    /// The oldest `page` rows that match, the oldest selected.
    pub fn oldest(src: &Pages, query: &Query, page: usize) -> Result<Window> {
        let oldest = src.oldest(query, page)?;
        let last = oldest.entries.len().saturating_sub(1);
        Ok(Window {
            selected: last,
            top: last.saturating_sub(page.saturating_sub(1)),
            ..Window::on_top(oldest)
        })
    }

    /// Moves the selection `by` rows (down, to older, when positive), fetching what the view
    /// needs and letting go of what is far from it; `page` is the view's height.
    pub fn step(&mut self, by: isize, src: &Pages, query: &Query, page: usize) -> Result<()> {
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
        self.let_go(src, page);
        Ok(())
    }

    /// The page older than the last row held.
    fn fetch_older(&mut self, src: &Pages, query: &Query, page: usize) -> Result<()> {
        let older = src.older(query, &self.older, page)?;
        self.rows.extend(rows(older.entries));
        self.at_oldest = older.at_oldest;
        self.older = older.older;
        Ok(())
    }

    /// The page newer than the first row held.
    fn fetch_newer(&mut self, src: &Pages, query: &Query, page: usize) -> Result<()> {
        let newer = src.newer(query, &self.newer, page)?;
        self.at_newest = newer.at_newest;
        self.newer = newer.newer;
        let mut fresh = rows(newer.entries);
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
        src: &Pages,
        query: &Query,
        search: &Regex,
        older: bool,
        page: usize,
    ) -> Result<Option<Window>> {
        let Some(from) = self
            .rows
            .get(self.selected)
            .map(|row| src.landmark(&row.found))
        else {
            return Ok(None);
        };
        let mut q = query.clone();
        q.grep = vec![search.clone()];
        // The filter's own --grep must hold too: the search's pattern took its place.
        let found = src.past(&q, from, older, 1)?.into_iter().find(|f| {
            query.grep.is_empty() || query.matches_at(&f.entry.view(), &f.raw, Some(f.instant))
        });
        match found {
            Some(found) => Window::at(src, query, src.landmark(&found), page).map(Some),
            None => Ok(None),
        }
    }

    /// The window that opens on the newest entries at or before `at`.
    pub fn before(src: &Pages, query: &Query, at: DateTime<Utc>, page: usize) -> Result<Window> {
        Ok(Window::on_top(src.before(query, at, page)?))
    }

    /// The window that opens on the entry `at`, selected at the top.
    pub fn at(src: &Pages, query: &Query, at: Landmark, page: usize) -> Result<Window> {
        Ok(Window::on_top(src.at(query, at, page)?))
    }

    /// The window that opens again on the selected entry, after the log's files changed under
    /// the view, or on the newest entries when it has left the logs; and what to say of it.
    pub fn reopen(&mut self, src: &Pages, query: &Query, page: usize) -> Result<String> {
        let selected = self
            .rows
            .get(self.selected)
            .map(|row| src.landmark(&row.found));
        let again = selected.map(|at| Window::at(src, query, at, page));
        if let Some(Ok(window)) = again {
            *self = window;
            return Ok("the log was rotated: reading on across its files".to_owned());
        }
        *self = Window::newest(src, query, page)?;
        Ok("the entries shown have left the log (rotated?): back to the newest".to_owned())
    }

    /// Puts entries just appended (oldest first) on top when the view holds the newest; else
    /// they are among the newer entries it fetches as it moves up.
    pub fn put_on_top(&mut self, appended: Vec<EntryRow>, src: &Pages, page: usize) {
        if appended.is_empty() || !self.at_newest {
            return;
        }
        let added = appended.len();
        let mut rows: Vec<EntryRow> = appended.into_iter().rev().collect();
        self.newer = src.moved(&self.newer, rows.iter().map(|r| &r.found), false);
        rows.append(&mut self.rows);
        self.rows = rows;
        if self.selected > 0 {
            self.selected += added;
            self.top += added;
        }
        self.let_go(src, page);
    }

    /// Lets go of rows far from the view, so that memory stays flat; the edges move past them.
    fn let_go(&mut self, src: &Pages, page: usize) {
        let held = PAGES_HELD * page.max(1);
        if self.rows.len() <= held {
            return;
        }
        let keep_from = self.top.saturating_sub(page);
        if keep_from > 0 {
            let gone: Vec<EntryRow> = self.rows.drain(..keep_from).collect();
            self.newer = src.moved(&self.newer, gone.iter().map(|r| &r.found), true);
            self.selected -= keep_from;
            self.top -= keep_from;
            self.at_newest = false;
        }
        let keep_to = (self.top + 2 * page).max(held.min(self.rows.len()));
        if self.rows.len() > keep_to {
            let gone = self.rows.split_off(keep_to);
            self.older = src.moved(&self.older, gone.iter().map(|r| &r.found), false);
            self.at_oldest = false;
        }
    }
}

/// Where the view's pages come from.
pub fn pages<'a>(streams: &'a [Vec<PathBuf>], ctx: &Context) -> Pages<'a> {
    Pages {
        streams,
        cache: ctx.cache.clone(),
        keep: KEEP,
    }
}

/// Whether an error says that an entry the view stood beside is no longer in the log.
pub fn is_gone(error: &anyhow::Error) -> bool {
    matches!(
        error.downcast_ref::<SearchError>(),
        Some(SearchError::Gone(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use auditlog::search::{Event, Search};
    use auditlog::time::Zone;
    use std::ops::ControlFlow;

    /// Forty entries whose clock is set back twice, some sharing a stamp.
    fn log() -> String {
        let minutes = (0..20).chain(5..15).chain(10..20);
        minutes
            .enumerate()
            .map(|(i, m)| {
                let second = if i % 7 == 0 { 0 } else { i % 3 };
                format!(
                    "2026-11-23T10:{m:02}:{second:02},000 INFO  REQUEST: ./orders/add - USER: u{i} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
                )
            })
            .collect()
    }

    #[test]
    fn stepping_row_by_row_either_way_meets_every_entry_once_where_the_clock_went_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        std::fs::write(&path, log()).unwrap();
        let streams = vec![vec![path]];
        let query = Query::all(Zone::parse("UTC").unwrap());
        let mut want = Vec::new();
        let _all = Search::new(&streams, &query)
            .run(&mut |event| {
                if let Event::Found(found) = event {
                    want.push(found.entry.user);
                }
                ControlFlow::<()>::Continue(())
            })
            .unwrap();
        assert_eq!(want.len(), 40);
        let src = Pages {
            streams: &streams,
            cache: None,
            keep: KEEP,
        };
        let user = |w: &Window| w.rows[w.selected].found.entry.user.clone();
        for page in [2, 3, 5] {
            let mut window = Window::newest(&src, &query, page).unwrap();
            let mut down = vec![user(&window)];
            while !(window.at_oldest && window.selected + 1 == window.rows.len()) {
                window.step(1, &src, &query, page).unwrap();
                down.push(user(&window));
                assert!(window.rows.len() <= PAGES_HELD * page + page);
            }
            assert_eq!(down, want, "down, a view of {page}");
            let mut up = vec![user(&window)];
            while !(window.at_newest && window.selected == 0) {
                window.step(-1, &src, &query, page).unwrap();
                up.push(user(&window));
            }
            up.reverse();
            assert_eq!(up, want, "up, a view of {page}");
        }
    }
}
