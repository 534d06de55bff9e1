//! The database's copy of the record against the file: JOC writes each entry twice, as a row of
//! `JOC_AUDIT_LOG` and as a line of `audit.log`, and this module pairs the two and says where
//! they disagree.
//!
//! Both sides come as streams in about the order of time: the file's entries in file order,
//! the rows by ID (the database hands them out in pages). A [`Reconciler`] merges them holding
//! only what a window of time around the two fronts holds, so memory stays flat whatever the
//! size of either. A line pairs with the row of its ID where it has one (JS7 2.7 and later
//! with the objects logger on); else with a row of the same account and request stamped within
//! the clock difference allowed. What stays unpaired when both fronts have passed it is a
//! [`Mismatch`]: a row with no line, a line with no row, or a pair whose fields differ.

mod compare;
mod waiting;

use chrono::{DateTime, Duration, Utc};

pub use compare::{Difference, Field, detail_object, differences};
use waiting::Waiting;

use crate::entry::Entry;
use crate::objects::{ById, Touched};
use crate::scan::Found;
use crate::stamp::Stamp;
use crate::time::Zone;

/// A row of `JOC_AUDIT_LOG`, its fields as the database holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// `ID`.
    pub id: u64,
    /// `CREATED`, which JOC writes in UTC.
    pub created: DateTime<Utc>,
    /// `CONTROLLER_ID`; JOC writes `-` for none.
    pub controller: Option<String>,
    /// `ACCOUNT`.
    pub account: String,
    /// `REQUEST`.
    pub request: String,
    /// `PARAMETERS`, cut by JOC past 4,096 characters to 4,093 and `...`.
    pub params: Option<String>,
    /// `COMMENT`.
    pub comment: Option<String>,
    /// `TICKET_LINK`.
    pub ticket: Option<String>,
    /// `TIME_SPENT`, in minutes.
    pub time_spent: Option<i64>,
    /// The objects its rows of `JOC_AUDIT_LOG_DETAILS` name, as the objects log names them
    /// (see [`detail_object`]); `None` when that table was not read.
    pub objects: Option<Vec<Touched>>,
}

impl Stored {
    /// The entry the row stands for, stamped with its instant's wall-clock time in `zone`, as
    /// JOC would have written it; filters and outputs take it as they take a line's.
    pub fn entry(&self, zone: Zone) -> Entry {
        Entry {
            created: Stamp::local(zone.wall_time(self.created)),
            level: "INFO".to_owned(),
            request: self.request.clone(),
            id: Some(self.id),
            user: self.account.clone(),
            params: self.params.clone(),
            comment: self.comment.clone(),
            time_spent: self.time_spent.and_then(|m| u32::try_from(m).ok()),
            ticket: self.ticket.clone(),
            origin: None,
        }
    }
}

/// How a line and a row were paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pairing {
    /// By the ID the line carries.
    Id,
    /// By stamp, account and request: the line carries no ID.
    Stamp,
}

/// Where the file and the database disagree.
#[derive(Debug)]
pub enum Mismatch {
    /// A row with no line in the file: the file appender was not writing, or the file was
    /// edited.
    NoLine(Stored),
    /// A line with no row in the database, at or after the age that purges rows: the row
    /// was deleted.
    NoRow(Box<Found>),
    /// A line and its row whose fields differ.
    Differs {
        /// The line.
        line: Box<Found>,
        /// The row.
        row: Stored,
        /// How the two were paired.
        pairing: Pairing,
        /// Each field that differs.
        differences: Vec<Difference>,
    },
}

/// What a reconciliation saw, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Entries of the file compared.
    pub lines: u64,
    /// Rows of the database compared.
    pub rows: u64,
    /// Pairs whose fields agree.
    pub agree: u64,
    /// Pairs whose fields differ.
    pub differ: u64,
    /// Pairs made by the line's ID; the others by stamp.
    pub by_id: u64,
    /// Rows with no line.
    pub no_line: u64,
    /// Lines with no row, at or after the purge age.
    pub no_row: u64,
    /// Lines with no row, older than the purge age: the Cleanup Service removed them.
    pub purged: u64,
    /// Rows stamped before the window both sides hold (before the file's first entry).
    pub before: u64,
    /// Rows stamped after the window (written after the reconciliation began).
    pub after: u64,
    /// Pairs whose objects were compared: the row's details against the objects log's line.
    pub objects: u64,
    /// Where the window began: `--since`, else the file's first entry; `None` when neither
    /// was there.
    pub start: Option<DateTime<Utc>>,
}

impl Reconciled {
    /// Whether the two sides agree: every line and row paired, no pair differing (purged
    /// lines are expected to have no row).
    pub fn agree(&self) -> bool {
        self.differ == 0 && self.no_line == 0 && self.no_row == 0
    }
}

/// How the two sides are compared.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// The largest difference between a line's stamp and its row's `CREATED` that still pairs
    /// them by stamp, and that is not reported for a pair made by ID.
    pub skew: Duration,
    /// How far out of time order either stream may come (rows by ID are about in time order,
    /// as JOC takes IDs from a sequence as it writes); an item waits this long past the other
    /// side's front for its partner.
    pub window: Duration,
    /// Where the window both sides should hold begins: `--since`, else the file's first entry.
    pub start: Option<DateTime<Utc>>,
    /// Where it ends: `--until`, or when the reconciliation began.
    pub end: DateTime<Utc>,
    /// Lines older than this have no row by design: the Cleanup Service purged them.
    pub purged_before: Option<DateTime<Utc>>,
}

/// Pairs a file's entries with a database's rows as both stream in (see the module's text).
pub struct Reconciler<I> {
    rows: I,
    bounds: Bounds,
    /// The latest `CREATED` taken from the rows, and whether they are all taken.
    row_front: Option<DateTime<Utc>>,
    rows_done: bool,
    waiting_rows: Waiting<Stored>,
    waiting_lines: Waiting<Box<Found>>,
    /// The objects log's objects by ID, to compare with the rows' details.
    objects: Option<ById>,
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
            row_front: None,
            rows_done: false,
            waiting_rows: Waiting::default(),
            waiting_lines: Waiting::default(),
            objects: None,
            seen: Reconciled::default(),
        }
    }

    /// Compares, besides, each pair's objects: the row's details against what `objects` (the
    /// objects log, by ID) says the line's ID touched, where both say something.
    pub fn with_objects(mut self, objects: ById) -> Reconciler<I> {
        self.objects = Some(objects);
        self
    }

    /// Takes the file's next entry (they come in file order): pairs it with its row when it
    /// can, and hands `out` each mismatch that can no longer be undone.
    pub fn line(&mut self, line: Found, out: &mut dyn FnMut(Mismatch)) -> Result<(), E> {
        let at = line.instant;
        self.bounds.start.get_or_insert(at);
        // Every row that could pair with this line, or come before it, is taken first.
        while !self.rows_done && self.row_front.is_none_or(|f| f <= at + self.bounds.window) {
            self.take_row(out)?;
        }
        self.seen.lines += 1;
        let line = Box::new(line);
        let row = match line.entry.id {
            Some(id) => self.waiting_rows.take_id(id),
            None => self.waiting_rows.take_near(
                (&line.entry.user, &line.entry.request),
                at,
                self.bounds.skew,
            ),
        };
        match row {
            Some(row) => self.pair(line, row, out),
            None => self.waiting_lines.put(line),
        }
        for row in self.waiting_rows.expire(at - self.bounds.window) {
            self.no_line(row, out);
        }
        self.expire_lines(out);
        Ok(())
    }

    /// Takes the rows left and ends: everything still waiting is a mismatch.
    pub fn finish(mut self, out: &mut dyn FnMut(Mismatch)) -> Result<Reconciled, E> {
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
        self.row_front = Some(self.row_front.map_or(at, |f| f.max(at)));
        // Without a start (no entry, no --since), no row lies in the window.
        if self
            .bounds
            .start
            .is_none_or(|start| at < start - self.bounds.skew)
        {
            self.seen.before += 1;
            return Ok(());
        }
        if at > self.bounds.end {
            self.seen.after += 1;
            return Ok(());
        }
        self.seen.rows += 1;
        let line = self.waiting_lines.take_id(row.id).or_else(|| {
            self.waiting_lines
                .take_near((&row.account, &row.request), at, self.bounds.skew)
        });
        match line {
            Some(line) => self.pair(line, row, out),
            None => self.waiting_rows.put(row),
        }
        self.expire_lines(out);
        Ok(())
    }

    /// Lines the rows' front has passed by the window have no row.
    fn expire_lines(&mut self, out: &mut dyn FnMut(Mismatch)) {
        if let Some(front) = self.row_front {
            for line in self.waiting_lines.expire(front - self.bounds.window) {
                self.no_row(line, out);
            }
        }
    }

    fn pair(&mut self, line: Box<Found>, row: Stored, out: &mut dyn FnMut(Mismatch)) {
        let pairing = if line.entry.id == Some(row.id) {
            self.seen.by_id += 1;
            Pairing::Id
        } else {
            Pairing::Stamp
        };
        let mut differences = differences(&line.entry, line.instant, &row, self.bounds.skew);
        let logged = line.entry.id.and_then(|id| self.objects.as_ref()?.get(&id));
        if let (Some(file), Some(database)) = (logged, &row.objects) {
            self.seen.objects += 1;
            differences.extend(compare::objects(file, database));
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
        if self.bounds.purged_before.is_some_and(|p| line.instant < p) {
            self.seen.purged += 1;
        } else {
            self.seen.no_row += 1;
            out(Mismatch::NoRow(line));
        }
    }

    fn no_line(&mut self, row: Stored, out: &mut dyn FnMut(Mismatch)) {
        self.seen.no_line += 1;
        out(Mismatch::NoLine(row));
    }
}

/// What either side's items tell the waiting room: the ID, when they carry one, the account
/// and request, and the instant.
trait Partner {
    fn id(&self) -> Option<u64>;
    fn key(&self) -> (&str, &str);
    fn at(&self) -> DateTime<Utc>;
    /// Whether a partner without an ID may pair with it by stamp: a row may, a line only
    /// when it has no ID of its own.
    fn pairs_by_stamp(&self) -> bool;
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
    fn pairs_by_stamp(&self) -> bool {
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
    fn pairs_by_stamp(&self) -> bool {
        self.entry.id.is_none()
    }
}

#[cfg(test)]
mod tests;
