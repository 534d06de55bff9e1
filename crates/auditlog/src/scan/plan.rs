//! The vocabulary of searching a log: how to search it ([`Plan`]), what a search hands out
//! ([`Hit`]), and what it came to ([`Outcome`]). A search stops when the one it hands its hits to
//! says so.

use std::path::PathBuf;

use super::item::{Found, Malformed};

/// The size of the chunks a long range is cut into.
pub const CHUNK: u64 = 2 << 20;

/// In which order entries are searched and handed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Oldest first.
    Forward,
    /// Newest first.
    Backward,
}

/// What a search hands out, in order.
#[derive(Debug)]
pub enum Hit {
    /// A matching entry.
    Found(Box<Found>),
    /// A line, or lines, that are not an entry.
    Malformed(Malformed),
}

/// What a reader keeps of each entry beyond its fields, as the form it is shown in needs:
/// worked out once, from the output form, by whoever shows the entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keep {
    /// Its bytes as they stand in the file (for raw output).
    pub raw: bool,
    /// Its line number, which costs a count of the lines before the range.
    pub lines: bool,
    /// Its reference numbered exactly among entries of one stamp (`~2`), which costs reading
    /// the entries before each chunk. Without it, a reference is its entry's stamp alone: an
    /// output that shows no references (raw) need not pay for them.
    pub refs: bool,
}

impl Default for Keep {
    /// References, and nothing more.
    fn default() -> Keep {
        Keep {
            raw: false,
            lines: false,
            refs: true,
        }
    }
}

/// How to search a file.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Oldest or newest first.
    pub direction: Direction,
    /// Stop after this many matching entries.
    pub limit: Option<usize>,
    /// What is kept of each entry beyond its fields.
    pub keep: Keep,
    /// Only count: keep no entries.
    pub count_only: bool,
    /// Worker threads.
    pub threads: usize,
    /// The directory where reading remembers what it learnt between runs: the line numbers
    /// and stamps of plain logs in its `lines` (see [`super::index`]), the summaries of gzip
    /// members in its `members` (see [`super::summary`]).
    pub cache: Option<PathBuf>,
    /// The size of the chunks a long range is cut into.
    pub chunk: u64,
    /// Only the entries that begin between these byte offsets of the file (the first in, the
    /// second out): a page of a log that ends between two of its entries. The whole file
    /// without it.
    pub within: Option<(u64, u64)>,
}

impl Default for Plan {
    /// Oldest first, everything, on every core.
    fn default() -> Plan {
        Plan {
            direction: Direction::Forward,
            limit: None,
            keep: Keep::default(),
            count_only: false,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cache: None,
            chunk: CHUNK,
            within: None,
        }
    }
}

impl Plan {
    /// Whether an entry or lines beginning at `offset` are among those searched.
    pub fn holds(&self, offset: u64) -> bool {
        self.within
            .is_none_or(|(from, to)| from <= offset && offset < to)
    }
}

/// The size of chunks for a consumer slower than the search (an export's writer): several
/// hundred entries, a millisecond or two of reading, so that it never waits long and never has
/// much waiting for it.
pub const SMALL_CHUNK: u64 = 256 << 10;

/// What a search of one file found, when it ran to its end or its limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Matching entries.
    pub count: u64,
    /// Whether a limit ended the search early.
    pub stopped: bool,
}

/// Hands a hit out; returns from the search when the one it goes to says to stop.
macro_rules! hand_out {
    ($hit:expr, $what:expr) => {
        if let ControlFlow::Break(b) = $hit($what) {
            return Ok(ControlFlow::Break(b));
        }
    };
}
pub(super) use hand_out;
