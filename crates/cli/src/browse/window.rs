//! The entries around the view, newest first, fetched by the search engine as the view moves:
//! a page older than the last row held, or newer than the first, each found by seeking to its
//! time. Only a few pages are held, however long the log.

use anyhow::Result;
use auditlog::query::Query;
use auditlog::reference::Ref;
use auditlog::scan::Found;
use auditlog::search::{Keep, Paged, Pages, SAME_STAMP};
use chrono::{DateTime, Utc};
use regex::Regex;

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
}

/// What the view keeps of each entry: its reference, and its line as written, which the detail
/// shows.
pub const KEEP: Keep = Keep {
    raw: true,
    lines: false,
    refs: true,
};

fn reference(row: &EntryRow) -> Ref {
    row.found.reference
}

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
        self.let_go(page);
        Ok(())
    }

    /// The page older than the last row held.
    fn fetch_older(&mut self, src: &Pages, query: &Query, page: usize) -> Result<()> {
        let Some(edge) = self.rows.last().map(reference) else {
            self.at_oldest = true;
            return Ok(());
        };
        let older = src.older(query, edge, page)?;
        self.rows.extend(rows(older.entries));
        self.at_oldest = older.at_oldest;
        Ok(())
    }

    /// The page newer than the first row held.
    fn fetch_newer(&mut self, src: &Pages, query: &Query, page: usize) -> Result<()> {
        let Some(edge) = self.rows.first().map(reference) else {
            self.at_newest = true;
            return Ok(());
        };
        let newer = src.newer(query, edge, page)?;
        self.at_newest = newer.at_newest;
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
        let Some(from) = self.rows.get(self.selected).map(reference) else {
            return Ok(None);
        };
        let mut q = query.clone();
        q.grep = vec![search.clone()];
        // The filter's own --grep must hold too: the search's pattern took its place.
        let found = src
            .past(&q, from, older, SAME_STAMP + 1)?
            .into_iter()
            .find(|f| {
                query.grep.is_empty() || query.matches_at(&f.entry.view(), &f.raw, Some(f.instant))
            });
        match found {
            Some(found) => Window::at(src, query, found.reference, page).map(Some),
            None => Ok(None),
        }
    }

    /// The window that opens on the newest entries at or before `at`.
    pub fn before(src: &Pages, query: &Query, at: DateTime<Utc>, page: usize) -> Result<Window> {
        Ok(Window::on_top(src.before(query, at, page)?))
    }

    /// The window that opens on the entry `at`, selected at the top.
    pub fn at(src: &Pages, query: &Query, at: Ref, page: usize) -> Result<Window> {
        Ok(Window::on_top(src.at(query, at, page)?))
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
