//! The ranges of a plain log that a search by time reads: the window a binary search finds
//! where stamps rise (see [`LogFile::range`]), and every block outside it whose stamps reach
//! into the window, however far out of order they were written (see [`super::index`]). A
//! search by time is so exact on any file, as a front-to-back read is.
//!
//! Why the window's own edges hold: where the search begins, inside a block whose stamps run in
//! order, it stood on a line stamped more than [`DISORDER`] before `since`; no line before it
//! in the block is stamped more than [`IN_ORDER`] after that line in wall-clock time, which is
//! at most two hours later in any zone (an hour of daylight saving), so none reaches `since`.
//! Where it ends, it stood on a line stamped at least four hours after `until`; no line after it
//! in the block lies more than [`IN_ORDER`] before it in wall-clock time, at most three hours
//! in any zone, so none reaches back to `until`.

use std::io;
use std::ops::ControlFlow;

use chrono::{DateTime, Utc};

use super::index::{Block, IN_ORDER, STEP};
use super::plan::{Direction, Hit, Outcome, Plan};
use super::seek::{DISORDER, LogFile};
use crate::query::Query;
use crate::stamp::Stamp;
use crate::time::Zone;

impl LogFile {
    /// The ranges of bytes, in file order, that hold every entry between `since` and `until`:
    /// the window a binary search by time finds (see [`LogFile::range`]), and every block
    /// outside it whose stamps reach into the window, however far out of order they were
    /// written (see [`super::index`]). The whole file without bounds.
    pub fn ranges(
        &self,
        zone: Zone,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
    ) -> io::Result<Vec<(u64, u64)>> {
        if since.is_none() && until.is_none() {
            return Ok(vec![(0, self.len)]);
        }
        // The window ends where a block whose stamps run in order holds nothing earlier than
        // `until` after it: [`DISORDER`], [`IN_ORDER`], and an hour of daylight saving.
        let end_margin = DISORDER + IN_ORDER + chrono::Duration::hours(1);
        let window = self.range(zone, since, until.map(|t| t + end_margin - DISORDER))?;
        let mut ranges = vec![window];
        // Whole blocks are remembered; of the rest, only what lies outside the window is read.
        let whole = self.len / STEP * STEP;
        let mut blocks = self.whole_blocks(self.len / STEP, true)?;
        for (start, end) in [
            (whole, window.0.max(whole)),
            (window.1.max(whole), self.len),
        ] {
            if start < end {
                let sum = self.sum(start, end)?;
                blocks.push(Block { start, end, sum });
            }
        }
        for block in blocks {
            let Some((min, max)) = block.sum.stamps else {
                continue;
            };
            let inside = window.0 <= block.start && block.end <= window.1;
            // Where the window begins or ends inside a block whose stamps run in order, the
            // search found the block's lines on the right side of it.
            let edge = block.start < window.1 && window.0 < block.end;
            if inside || (edge && !block.sum.disordered) {
                continue;
            }
            let reaches = since.is_none_or(|t| zone.instants(Stamp::local(max)).1 + DISORDER >= t)
                && until.is_none_or(|t| zone.instants(Stamp::local(min)).0 - DISORDER <= t);
            if reaches {
                let start = self.entry_start_from(block.start)?;
                ranges.push((start, self.entry_start_from(block.end)?.max(start)));
            }
        }
        ranges.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
        for (start, end) in ranges {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Ok(merged)
    }

    /// Searches each of `ranges` (see [`LogFile::ranges`]) in the plan's direction, as one
    /// search: the plan's limit counts across them, and a `Break` ends them all.
    pub fn search_ranges<B>(
        &self,
        ranges: &[(u64, u64)],
        query: &Query,
        plan: &Plan,
        hit: &mut dyn FnMut(Hit) -> ControlFlow<B>,
    ) -> io::Result<ControlFlow<B, Outcome>> {
        let mut outcome = Outcome::default();
        let mut ordered: Vec<(u64, u64)> = ranges.to_vec();
        if plan.direction == Direction::Backward {
            ordered.reverse();
        }
        for range in ordered {
            let left = plan.limit.map(|n| n.saturating_sub(outcome.count as usize));
            if left == Some(0) {
                outcome.stopped = true;
                break;
            }
            let plan = Plan {
                limit: left,
                ..plan.clone()
            };
            let done = match self.search(range, query, &plan, hit)? {
                ControlFlow::Break(b) => return Ok(ControlFlow::Break(b)),
                ControlFlow::Continue(done) => done,
            };
            outcome.count += done.count;
            if done.stopped {
                outcome.stopped = true;
                break;
            }
        }
        Ok(ControlFlow::Continue(outcome))
    }
}

#[cfg(test)]
mod tests;
