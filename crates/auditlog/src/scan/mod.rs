//! Reading a log: byte streams to entries, and to reports of the lines that are not entries.
//!
//! A reader never stops at a bad line and never drops one: every physical line ends up in an
//! entry or in a [`Malformed`] report with its file and line number.
//!
//! # Which reader, when
//!
//! | to… | use | hands out |
//! | --- | --- | --- |
//! | open a log once, whatever it is | [`open_log`] | an [`Input`]: a seekable [`LogFile`], or a [`ByteStream`] stream |
//! | search a plain file fast (time ranges, newest first, every core) | [`LogFile::search`], or [`search_path`] for any log | [`Hit`]s, owned, in the [`Plan`]'s order |
//! | read any log front to back, every entry (lint, gzip, pipes) | [`Scan`] | [`Scanned`]s that borrow the entry's bytes |
//! | add up the entries a query matches, without building them (report) | [`tally_path`] | a [`Tally`] of one's own, merged |
//! | read every frame of a plain file on every core, entries unbuilt (lint) | [`LogFile::in_chunks`] with [`LogFile::walk`] | [`Walked`]s: a stamp and bytes, or a report |
//! | just iterate over a log's entries (scripts, tests) | [`Reader`] | [`Item`]s, owned, no references |
//! | follow a log as it grows | [`follow::Follower`] | [`follow::Followed`]: hits, and rotation or truncation |
//! | cut bytes into entries without reading them | [`Framer`] or [`frame::cut`] | [`Frame`]s |
//!
//! An entry, or why a frame is not one, is [`read_frame`]'s `Result<Entry, Malformed>`.
//! Searching several logs merged in time order, in the order a listing shows them, is
//! [`crate::search`]'s, built on these.
//!
//! The parts: [`frame`] cuts bytes into entries and [`item`] reads them; [`files`] opens logs
//! and finds rotated siblings; [`seek`] finds where a time begins in a plain file, and
//! [`ranges`] every range that holds a window of time; [`index`] numbers lines and knows the
//! stamps of each block, and remembers both; [`plan`] says how to search and what comes of
//! it; [`chunks`] searches chunks on every core; [`judge`] matches one entry against a query,
//! head first; [`stream`] reads front to back; [`follow`] follows.

mod before;
pub mod chunks;
pub mod files;
pub mod follow;
pub mod frame;
pub mod index;
pub mod item;
pub mod judge;
pub mod members;
pub mod objects;
pub mod plan;
#[cfg(test)]
pub(crate) mod quirky;
pub mod ranges;
pub mod seek;
pub mod stream;
pub mod summary;
pub mod tally;

use std::ops::ControlFlow;
use std::path::Path;

pub use chunks::in_parallel;
pub use files::{
    ByteStream, Input, ReadError, STDIN, file_id, file_id_of, first_entry, open, open_log,
    rotated_set, stream_len,
};
pub use frame::{Frame, Framer, Kind, MAX_ENTRY_BYTES, Span};
pub use item::{Found, HEAD_BYTES, Malformed, Walked, malformed, read_frame};
pub use members::{SummarizeError, Summarized, summarize};
pub use plan::{CHUNK, Direction, Hit, Keep, Outcome, Plan, SMALL_CHUNK};
pub use seek::{DISORDER, LogFile};
pub use stream::{Item, Reader, Scan, Scanned};
pub use summary::{MemberKey, MemberSummary, Summaries};
pub use tally::{Tally, tally_path};

use summary::Pending;

use crate::query::Query;

/// Searches one log of any kind, opened once (see [`super::open_log`]): a plain file with
/// [`LogFile::search`] over the range the query's time bounds allow, anything else front to
/// back (see [`Scan::search`]).
pub fn search_path<B>(
    path: &Path,
    query: &Query,
    plan: &Plan,
    hit: &mut dyn FnMut(Hit) -> ControlFlow<B>,
) -> Result<ControlFlow<B, Outcome>, ReadError> {
    match open_for(path, query, plan)? {
        Opened::File(log, ranges) => log
            .search_ranges(&ranges, query, plan, hit)
            .map_err(|error| ReadError::new(path, error)),
        Opened::Stream(scan) => scan.search(query, plan, hit),
    }
}

/// A log opened for a query.
enum Opened {
    /// A plain file, with the byte ranges the query's time bounds allow.
    File(LogFile, Vec<(u64, u64)>),
    /// Anything else, to read front to back.
    Stream(Box<Scan>),
}

fn open_for(path: &Path, query: &Query, plan: &Plan) -> Result<Opened, ReadError> {
    let (input, gzip) = files::open_member(path)?;
    Ok(match input {
        Input::File(log) => {
            let log = log.with_cache(plan.cache.clone());
            let mut ranges = log
                .ranges(query.zone, query.since, query.until)
                .map_err(|error| ReadError::new(path, error))?;
            if let Some((from, to)) = plan.within {
                // Both ends are where entries begin: each range is cut at them.
                ranges = ranges
                    .into_iter()
                    .map(|(start, end)| (start.max(from), end.min(to)))
                    .filter(|(start, end)| start < end)
                    .collect();
            }
            Opened::File(log, ranges)
        }
        Input::Stream(src) => {
            // A gzip member read whole leaves a summary of itself in the cache.
            let summary = gzip
                .zip(plan.cache.as_deref())
                .and_then(|(file, cache)| Pending::start(file, cache));
            Opened::Stream(Box::new(Scan::of_source(src, path).summarizing(summary)))
        }
    })
}
