//! The merge of the two streams: rows are taken as the lines need them, each side's items wait
//! for their partner, and what can no longer pair is let go as a mismatch.
//!
//! - A line waits for its row while the rows read so far could still hold it: one with an ID
//!   until the rows' IDs pass its ID (rows come by ID, whatever the order of their `CREATED`);
//!   one without until the rows' `CREATED` passes its stamp by the window.
//! - A row waits until the lines' stamps pass its `CREATED` by the window (lines come in file
//!   order, which is the order of time).
//! - The filters decide what is counted and said, not what pairs: every line and row in the
//!   window takes part, and a pair or an unpaired item is kept when its line or its row
//!   matches, so that a filter can neither hide a change nor invent a missing partner.

use chrono::{DateTime, Utc};

use super::compare::{differences, objects};
use super::waiting::{Partner, Waiting};
use super::{Bounds, Mismatch, Pairing, REACH, Reconciled, Stored};
use crate::objects::Touched;
use crate::scan::Found;

type Takes<T> = Box<dyn Fn(&T) -> bool>;
type ObjectsOf = Box<dyn FnMut(u64) -> Option<Vec<Touched>>>;

/// Pairs a file's entries with a database's rows as both stream in (see the module's text).
pub struct Reconciler<I> {
    rows: I,
    bounds: Bounds,
    /// The `CREATED` of the last rows taken, the largest ID taken, and whether all are taken.
    row_times: Recent,
    last_id: Option<u64>,
    rows_done: bool,
    /// The stamps of the last lines taken, and whether all are taken.
    line_times: Recent,
    lines_done: bool,
    waiting_rows: Waiting<Stored>,
    waiting_lines: Waiting<Box<Found>>,
    /// The objects log's objects of an ID, to compare with the rows' details.
    objects: Option<ObjectsOf>,
    /// Which lines and rows the filters take.
    keep_line: Takes<Found>,
    keep_row: Takes<Stored>,
    seen: Reconciled,
}

impl<I, E> Reconciler<I>
where
    I: Iterator<Item = Result<Stored, E>>,
{
    /// A reconciler that takes the rows from `rows`, in the order of their IDs, as the
    /// entries handed to [`Reconciler::line`] need them.
    pub fn new(rows: I, bounds: Bounds) -> Reconciler<I> {
        Reconciler {
            rows,
            bounds,
            row_times: Recent::default(),
            last_id: None,
            rows_done: false,
            line_times: Recent::default(),
            lines_done: false,
            waiting_rows: Waiting::default(),
            waiting_lines: Waiting::default(),
            objects: None,
            keep_line: Box::new(|_| true),
            keep_row: Box::new(|_| true),
            seen: Reconciled::default(),
        }
    }

    /// Compares, besides, each pair's objects: the row's details against what `objects` (the
    /// objects log, asked by ID) says the line's ID touched, where both say something.
    pub fn with_objects(
        mut self,
        objects: impl FnMut(u64) -> Option<Vec<Touched>> + 'static,
    ) -> Reconciler<I> {
        self.objects = Some(Box::new(objects));
        self
    }

    /// Counts and says only what the filters take: a line `line` takes, a row `row` takes,
    /// and a pair of which either side is taken.
    pub fn with_filter(
        mut self,
        line: impl Fn(&Found) -> bool + 'static,
        row: impl Fn(&Stored) -> bool + 'static,
    ) -> Reconciler<I> {
        self.keep_line = Box::new(line);
        self.keep_row = Box::new(row);
        self
    }

    /// Takes the file's next entry (they come in file order): pairs it with its row when it
    /// can, and hands `out` each mismatch that can no longer be undone.
    pub fn line(&mut self, line: Found, out: &mut dyn FnMut(Mismatch)) -> Result<(), E> {
        let at = line.instant;
        self.bounds.start.get_or_insert(at);
        let window = self.bounds.window;
        // Every row that could pair with this line, or come before it, is taken first: by
        // time, and for a line with an ID, up to its ID within reach.
        loop {
            let front = self.row_times.front();
            let by_time = front.is_none_or(|c| c <= at + window);
            let by_id = line
                .entry
                .id
                .is_some_and(|id| self.last_id.is_none_or(|l| l < id))
                && front.is_none_or(|c| c <= at + REACH.max(window));
            if self.rows_done || !(by_time || by_id) {
                break;
            }
            self.take_row(out)?;
        }
        self.line_times.push(at);
        if (self.keep_line)(&line) {
            self.seen.lines += 1;
        }
        let line = Box::new(line);
        let row = match line.entry.id {
            Some(id) => self.waiting_rows.take_id(id),
            None => {
                let (entry, skew) = (&line.entry, self.bounds.skew);
                self.waiting_rows
                    .take_near((&entry.user, &entry.request), at, skew, &|row| {
                        differences(entry, at, row, skew).len()
                    })
            }
        };
        match row {
            Some(row) => self.pair(line, row, out),
            // No row can come any more.
            None if self.rows_done => self.no_row(line, out),
            None => self.waiting_lines.put(line),
        }
        if let Some(front) = self.line_times.front() {
            for row in self.waiting_rows.expire(front - window) {
                self.no_line(row, out);
            }
        }
        self.expire_lines(out);
        Ok(())
    }

    /// How many lines and rows wait for their partner.
    #[cfg(test)]
    pub(super) fn waiting(&self) -> usize {
        self.waiting_rows.len() + self.waiting_lines.len()
    }

    /// Takes the rows left and ends: everything still waiting is a mismatch.
    pub fn finish(mut self, out: &mut dyn FnMut(Mismatch)) -> Result<Reconciled, E> {
        // No line can come any more: the rows left are said as they are taken.
        self.lines_done = true;
        for row in self.waiting_rows.drain() {
            self.no_line(row, out);
        }
        while !self.rows_done {
            self.take_row(out)?;
        }
        for line in self.waiting_lines.drain() {
            self.no_row(line, out);
        }
        for row in self.waiting_rows.drain() {
            self.no_line(row, out);
        }
        self.seen.start = self.bounds.start;
        Ok(self.seen)
    }

    /// Takes one row from the database, pairing it with a waiting line where one is its.
    fn take_row(&mut self, out: &mut dyn FnMut(Mismatch)) -> Result<(), E> {
        let Some(row) = self.rows.next().transpose()? else {
            self.rows_done = true;
            return Ok(());
        };
        let at = row.created;
        self.row_times.push(at);
        self.last_id = Some(self.last_id.map_or(row.id, |l| l.max(row.id)));
        let (skew, keep) = (self.bounds.skew, (self.keep_row)(&row));
        // Without a start (no entry, no --since), no row lies in the window.
        if self.bounds.start.is_none_or(|start| at < start - skew) {
            self.seen.before += u64::from(keep);
        } else if at > self.bounds.end && at <= self.bounds.end + REACH {
            // Written while the reconciliation ran, or after --until.
            self.seen.after += u64::from(keep);
        } else if self.lines_done && self.waiting_lines.is_empty() {
            self.seen.rows += u64::from(keep);
            self.no_line(row, out);
        } else {
            self.seen.rows += u64::from(keep);
            let line = self.waiting_lines.take_id(row.id).or_else(|| {
                self.waiting_lines
                    .take_near((&row.account, &row.request), at, skew, &|line| {
                        differences(&line.entry, line.instant, &row, skew).len()
                    })
            });
            match line {
                Some(line) => self.pair(line, row, out),
                None => self.waiting_rows.put(row),
            }
        }
        self.expire_lines(out);
        Ok(())
    }

    /// Lines whose row can no longer come have none: with an ID, once the rows' IDs are past
    /// it; without, once the rows' `CREATED` is past its stamp by the window.
    fn expire_lines(&mut self, out: &mut dyn FnMut(Mismatch)) {
        let mut gone = Vec::new();
        if let Some(last) = self.last_id {
            gone.extend(self.waiting_lines.expire_ids(last));
        }
        if let Some(front) = self.row_times.front() {
            gone.extend(self.waiting_lines.expire(front - self.bounds.window));
        }
        for line in gone {
            self.no_row(line, out);
        }
    }

    fn pair(&mut self, line: Box<Found>, row: Stored, out: &mut dyn FnMut(Mismatch)) {
        if !(self.keep_line)(&line) && !(self.keep_row)(&row) {
            return;
        }
        let pairing = if line.entry.id == Some(row.id) {
            self.seen.by_id += 1;
            Pairing::Id
        } else {
            Pairing::Stamp
        };
        let mut differences = differences(&line.entry, line.instant, &row, self.bounds.skew);
        let logged = match (line.entry.id, &mut self.objects, &row.objects) {
            (Some(id), Some(objects), Some(_)) => objects(id),
            _ => None,
        };
        if let (Some(file), Some(database)) = (&logged, &row.objects) {
            self.seen.objects += 1;
            differences.extend(objects(file, database));
        }
        if differences.is_empty() {
            self.seen.agree += 1;
        } else {
            self.seen.differ += 1;
            out(Mismatch::Differs {
                line,
                row,
                pairing,
                differences,
            });
        }
    }

    fn no_row(&mut self, line: Box<Found>, out: &mut dyn FnMut(Mismatch)) {
        if !(self.keep_line)(&line) {
            return;
        }
        if self.bounds.purged_before.is_some_and(|p| line.instant < p) {
            self.seen.purged += 1;
        } else {
            self.seen.no_row += 1;
            out(Mismatch::NoRow(line));
        }
    }

    fn no_line(&mut self, row: Stored, out: &mut dyn FnMut(Mismatch)) {
        if !(self.keep_row)(&row) {
            return;
        }
        self.seen.no_line += 1;
        out(Mismatch::NoLine(row));
    }
}

impl Partner for Stored {
    fn id(&self) -> Option<u64> {
        Some(self.id)
    }
    fn key(&self) -> (&str, &str) {
        (&self.account, &self.request)
    }
    fn at(&self) -> DateTime<Utc> {
        self.created
    }
    fn by_stamp(&self) -> bool {
        true
    }
}

impl Partner for Box<Found> {
    fn id(&self) -> Option<u64> {
        self.entry.id
    }
    fn key(&self) -> (&str, &str) {
        (&self.entry.user, &self.entry.request)
    }
    fn at(&self) -> DateTime<Utc> {
        self.instant
    }
    fn by_stamp(&self) -> bool {
        self.entry.id.is_none()
    }
}

/// How many of the last times of a side make its front.
const RECENT: usize = 16;

/// The last times taken of one side: its front is the earliest of the last [`RECENT`], so
/// that one item far out of time order neither lets the other side's items go early nor
/// stops the rows being read; `None` until that many are taken.
#[derive(Default)]
struct Recent {
    times: std::collections::VecDeque<DateTime<Utc>>,
}

impl Recent {
    fn push(&mut self, at: DateTime<Utc>) {
        if self.times.len() == RECENT {
            self.times.pop_front();
        }
        self.times.push_back(at);
    }

    fn front(&self) -> Option<DateTime<Utc>> {
        if self.times.len() < RECENT {
            return None;
        }
        self.times.iter().min().copied()
    }
}
