//! Following a log as a source of entries: every matching entry appended from now on, look
//! after look, until the one who waits between looks says to stop. The waiting is the
//! caller's (a watch on the directory, a signal, a deadline); the reading is here.
//!
//! With a cursor, where reading stands is kept as a cursor after every look; and with the
//! log's rotated files (`--rotated`), a rotation or a truncation reads on from that cursor
//! across them, so that nothing written to the log before it was moved away is missed.

use std::error::Error;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

use super::cursor::{Cursor, Note, resume};
use super::{After, Event, SearchError, Source};
use crate::query::Query;
use crate::safe::safe_path;
use crate::scan::follow::{Followed, Follower};
use crate::scan::{Hit, Keep, ReadError, rotated_set};

/// What the caller does between looks: given where reading stands (with a cursor), it waits
/// until there may be more, and says whether to look again.
pub type Wait<'a> = dyn FnMut(Option<&Cursor>) -> Result<bool, Box<dyn Error + Send + Sync>> + 'a;

/// What happened to the log followed, or that everything written so far was handed out.
#[derive(Debug)]
pub enum Turn {
    /// The log was renamed away and a new one is read from its start.
    Replaced(Arc<Path>),
    /// The log shrank and is read again from its start.
    Truncated(Arc<Path>),
    /// Reading on from the cursor after a rotation found the cursor's entry changed or gone.
    Resumed(Note),
    /// Every entry written so far was handed out: what was written can be flushed.
    CaughtUp,
}

impl std::fmt::Display for Turn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Turn::Replaced(path) => write!(
                f,
                "{} was replaced: following the new file",
                safe_path(path)
            ),
            Turn::Truncated(path) => write!(
                f,
                "{} was truncated: reading it from the top",
                safe_path(path)
            ),
            Turn::Resumed(note) => note.fmt(f),
            Turn::CaughtUp => f.write_str("caught up"),
        }
    }
}

/// A log followed.
pub struct Follow<'a> {
    follower: Box<Follower>,
    query: &'a Query,
    keep: Keep,
    /// At most this many entries.
    pub limit: Option<u64>,
    /// With a cursor: where reading stands, and whether a rotation reads on across the log's
    /// rotated files.
    tracked: Option<Tracked>,
    wait: Option<Box<Wait<'a>>>,
}

struct Tracked {
    cursor: Option<Cursor>,
    across: bool,
}

impl<'a> Follow<'a> {
    /// Follows with `follower`: without a wait, a source that hands out what one look finds.
    pub fn new(follower: Follower, query: &'a Query, keep: Keep) -> Follow<'a> {
        Follow {
            follower: Box::new(follower),
            query,
            keep,
            limit: None,
            tracked: None,
            wait: None,
        }
    }

    /// Looks again after each `wait`, for as long as it says to.
    pub fn waiting(mut self, wait: Box<Wait<'a>>) -> Follow<'a> {
        self.wait = Some(wait);
        self
    }

    /// Keeps where reading stands as a cursor, starting from `cursor`; with `across`, a
    /// rotation or a truncation reads on from it across the log's rotated files.
    pub fn with_cursor(mut self, cursor: Option<Cursor>, across: bool) -> Follow<'a> {
        self.tracked = Some(Tracked { cursor, across });
        self
    }

    /// Where reading stands, with a cursor; and the follower, which goes on from there.
    pub fn done(self) -> (Option<Cursor>, Follower) {
        (self.tracked.and_then(|t| t.cursor), *self.follower)
    }

    /// Looks, and waits, until the wait says to stop, the limit is reached, or `each` says to
    /// stop; how many entries it handed out.
    pub(super) fn run<B>(
        &mut self,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B, u64>, SearchError> {
        let limit = self.limit.unwrap_or(u64::MAX);
        let mut count = 0;
        loop {
            if count >= limit {
                return Ok(ControlFlow::Continue(count));
            }
            if let ControlFlow::Break(b) = self.look(&mut count, limit, each)? {
                return Ok(ControlFlow::Break(b));
            }
            let Some(wait) = self.wait.as_mut() else {
                return Ok(ControlFlow::Continue(count));
            };
            let cursor = self.tracked.as_ref().and_then(|t| t.cursor.as_ref());
            if count >= limit || !wait(cursor).map_err(SearchError::Waiting)? {
                return Ok(ControlFlow::Continue(count));
            }
        }
    }

    /// One look: what was appended since the last, and after a rotation read on across the
    /// rotated files when the cursor says; then [`Turn::CaughtUp`].
    fn look<B>(
        &mut self,
        count: &mut u64,
        limit: u64,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B>, SearchError> {
        let across = self.tracked.as_ref().is_some_and(|t| t.across);
        let path: Arc<Path> = Arc::from(self.follower.position().0);
        let mut turned = false;
        let flow = self
            .follower
            .poll(self.query, self.keep, &mut |followed| {
                let event = match followed {
                    Followed::Hit(Hit::Found(found)) => {
                        *count += 1;
                        Event::Found(*found)
                    }
                    Followed::Hit(Hit::Malformed(m)) => Event::Malformed(m),
                    Followed::Rotated | Followed::Truncated if across => {
                        turned = true;
                        return ControlFlow::Break(None);
                    }
                    Followed::Rotated => Event::Followed(Turn::Replaced(path.clone())),
                    Followed::Truncated => Event::Followed(Turn::Truncated(path.clone())),
                };
                each(event).map_break(Some)?;
                match *count >= limit {
                    true => ControlFlow::Break(None),
                    false => ControlFlow::Continue(()),
                }
            })
            .map_err(|error| SearchError::Read(ReadError::new(&path, error)))?;
        if let Some(tracked) = self.tracked.as_mut()
            && let Some(cursor) = Cursor::following(&self.follower)
        {
            tracked.cursor = Some(cursor);
        }
        if let ControlFlow::Break(Some(b)) = flow {
            return Ok(ControlFlow::Break(b));
        }
        if turned && let ControlFlow::Break(b) = self.read_on(&path, count, limit, each)? {
            return Ok(ControlFlow::Break(b));
        }
        Ok(each(Event::Followed(Turn::CaughtUp)))
    }

    /// After a rotation or a truncation: every entry after the cursor, read across the log's
    /// rotated files and the log; the follower goes on from where that ends.
    fn read_on<B>(
        &mut self,
        log: &Path,
        count: &mut u64,
        limit: u64,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B>, SearchError> {
        let Some(tracked) = self.tracked.as_mut() else {
            return Ok(ControlFlow::Continue(()));
        };
        let files = rotated_set(log)?;
        let (start, note) = resume(&files, tracked.cursor.as_ref()).map_err(SearchError::Cursor)?;
        if let Some(note) = note
            && let ControlFlow::Break(b) = each(Event::Followed(Turn::Resumed(note)))
        {
            return Ok(ControlFlow::Break(b));
        }
        let mut after = After::new(&files, start, self.query, self.keep);
        after.limit = Some(limit - *count);
        let mut source = Source::After(after);
        let flow = source.each(each)?;
        let (reached, follower) = source.done();
        if reached.is_some() {
            tracked.cursor = reached;
        }
        if let Some(follower) = follower {
            *self.follower = follower;
        }
        Ok(match flow {
            ControlFlow::Continue(n) => {
                *count += n;
                ControlFlow::Continue(())
            }
            ControlFlow::Break(b) => ControlFlow::Break(b),
        })
    }
}
