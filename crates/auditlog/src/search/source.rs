//! Where a reading command takes its entries from: a search of the logs, the entries written
//! after a cursor, or the entries appended to a log followed. Each hands out the same events in
//! the order they are shown, and says how many entries it handed out; following a log as it
//! grows goes on from where reading after a cursor ends ([`After::done`]).

use std::ops::ControlFlow;
use std::path::PathBuf;

use super::cursor::{Cursor, Start, read_after};
use super::follow::Follow;
use super::{Event, Search, SearchError};
use crate::query::Query;
use crate::scan::Keep;
use crate::scan::follow::Follower;

/// Where a reading command's entries come from.
pub enum Source<'a> {
    /// The logs searched: ordered, merged, limited.
    Search(Search<'a>),
    /// The entries written after a cursor, in file order.
    After(After<'a>),
    /// The entries appended to a log followed, look after look.
    Follow(Follow<'a>),
}

impl Source<'_> {
    /// Where reading came to: the cursor of the last frame read, and the follower that goes on
    /// from there (see [`After::done`] and [`Follow::done`]); nothing for a search.
    pub fn done(self) -> (Option<Cursor>, Option<Follower>) {
        match self {
            Source::Search(_) => (None, None),
            Source::After(after) => after.done(),
            Source::Follow(follow) => {
                let (cursor, follower) = follow.done();
                (cursor, Some(follower))
            }
        }
    }

    /// Hands every entry and every problem to `each`, in the order shown, until `each` says to
    /// stop; how many entries it handed out.
    pub fn each<B>(
        &mut self,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B, u64>, SearchError> {
        match self {
            Source::Search(search) => search.run(each),
            Source::After(after) => after.read(each),
            Source::Follow(follow) => follow.run(each),
        }
    }
}

/// The entries written after a cursor: every frame of the log's files from `start` on (the
/// rotated files to their end, then the log's whole entries), at most `limit` entries.
pub struct After<'a> {
    /// The log's files: its rotated files oldest first, the log last.
    pub files: &'a [PathBuf],
    /// Where the cursor stands among them.
    pub start: Start,
    /// What the entries must match.
    pub query: &'a Query,
    /// What is kept of each entry.
    pub keep: Keep,
    /// At most this many entries.
    pub limit: Option<u64>,
    reached: Option<Cursor>,
    follower: Option<Box<Follower>>,
}

impl<'a> After<'a> {
    /// Every entry after `start` among `files` that matches `query`, keeping the raw bytes
    /// when `keep` says.
    pub fn new(files: &'a [PathBuf], start: Start, query: &'a Query, keep: Keep) -> After<'a> {
        After {
            files,
            start,
            query,
            keep,
            limit: None,
            reached: None,
            follower: None,
        }
    }

    fn read<B>(
        &mut self,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B, u64>, SearchError> {
        let limit = self.limit.unwrap_or(u64::MAX);
        if limit == 0 {
            return Ok(ControlFlow::Continue(0));
        }
        let mut count = 0;
        let read = read_after(
            self.files,
            self.start,
            self.query,
            self.keep,
            &mut |event| {
                let found = matches!(event, Event::Found(_));
                each(event).map_break(Some)?;
                count += u64::from(found);
                if count == limit {
                    ControlFlow::Break(None)
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        let (flow, reached, follower) = read.map_err(SearchError::Cursor)?;
        self.reached = reached;
        self.follower = follower.map(Box::new);
        Ok(match flow {
            ControlFlow::Break(Some(b)) => ControlFlow::Break(b),
            _ => ControlFlow::Continue(count),
        })
    }

    /// What reading came to: the cursor of the last frame read (`None` when nothing was), and
    /// the follower of the log, which goes on from there (`None` when reading stopped early).
    pub fn done(self) -> (Option<Cursor>, Option<Follower>) {
        (self.reached, self.follower.map(|f| *f))
    }
}
