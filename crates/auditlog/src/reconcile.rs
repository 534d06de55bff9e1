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
mod merge;
mod waiting;

use chrono::{DateTime, Duration, Utc};

pub use compare::{Difference, Field, detail_object, differences};
pub use merge::Reconciler;

use crate::entry::Entry;
use crate::objects::Touched;
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

/// How far past a line's stamp the rows are read to find the row of its ID, when the rows'
/// IDs run out of the order of their `CREATED`.
pub const REACH: Duration = Duration::hours(1);

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
    /// Rows that cannot be placed: without `CREATED`, or with an ID that is not a whole
    /// number from 0; counted by the caller that reads them.
    pub unplaced: u64,
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
        self.differ == 0 && self.no_line == 0 && self.no_row == 0 && self.unplaced == 0
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
    /// side's front for its partner. A line with an ID waits for the rows to reach its ID,
    /// as long as they are within [`REACH`] of its stamp.
    pub window: Duration,
    /// Where the window both sides should hold begins: `--since`, else the file's first entry.
    pub start: Option<DateTime<Utc>>,
    /// Where it ends: `--until`, or when the reconciliation began.
    pub end: DateTime<Utc>,
    /// Lines older than this have no row by design: the Cleanup Service purged them.
    pub purged_before: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests;
