//! Several logs merged in time order as they are read: each searched on a thread of its own in
//! the plan's direction, keeping its own order, handing its events over in batches, so memory
//! holds only a few batches of each. Reading forwards the earliest entry goes first (the first
//! log's, when two are at the same time); reading backwards the latest (the last log's): the
//! same order turned round, whenever each log is in time order.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread::ScopedJoinHandle;

use chrono::{DateTime, Utc};

use super::{Event, Search, SearchError};
use crate::scan::{Direction, Found, Plan};
use crate::time::Zone;

/// How many events a log's thread hands over at a time.
const BATCH: usize = 256;

/// One log of a merge: what its thread has handed over and not yet been taken.
struct Merging<'scope> {
    next: VecDeque<Event>,
    from: Option<Receiver<Vec<Event>>>,
    search: Option<ScopedJoinHandle<'scope, Result<(), SearchError>>>,
}

impl Merging<'_> {
    /// Hands the problems at its front to `each`, and takes batches until an entry is at its
    /// front or the log is done.
    fn fill<B>(
        &mut self,
        each: &mut dyn FnMut(Event) -> ControlFlow<B>,
    ) -> Result<ControlFlow<B>, SearchError> {
        loop {
            while let Some(event) = self.next.pop_front() {
                if let Event::Found(found) = event {
                    self.next.push_front(Event::Found(found));
                    return Ok(ControlFlow::Continue(()));
                }
                if let ControlFlow::Break(b) = each(event) {
                    return Ok(ControlFlow::Break(b));
                }
            }
            let Some(from) = &self.from else {
                return Ok(ControlFlow::Continue(()));
            };
            match from.recv() {
                Ok(batch) => self.next.extend(batch),
                Err(_) => {
                    // The log is done: a search that failed ends the merge.
                    self.from = None;
                    if let Some(search) = self.search.take() {
                        search.join().map_err(|_| SearchError::Thread)??;
                    }
                }
            }
        }
    }

    fn head(&self) -> Option<&Found> {
        match self.next.front() {
            Some(Event::Found(found)) => Some(found),
            _ => None,
        }
    }
}

/// Merges the search's logs as they are read.
pub(super) fn merged<B>(
    search: &Search<'_>,
    plan: &Plan,
    each: &mut dyn FnMut(Event) -> ControlFlow<B>,
) -> Result<ControlFlow<B, u64>, SearchError> {
    let backward = plan.direction == Direction::Backward;
    let zone = search.query.zone;
    std::thread::scope(|scope| {
        let mut merging: Vec<Merging> = (0..search.streams.len())
            .map(|log| {
                let (tx, rx) = sync_channel::<Vec<Event>>(2);
                let thread = scope.spawn(move || {
                    let mut batch = Vec::with_capacity(BATCH);
                    // The merge hangs up when it has what it needs, or has stopped.
                    let flow = search.stream(log, plan, &mut |event| {
                        batch.push(event);
                        if batch.len() == BATCH && tx.send(std::mem::take(&mut batch)).is_err() {
                            return ControlFlow::Break(());
                        }
                        ControlFlow::Continue(())
                    })?;
                    if flow.is_continue() && !batch.is_empty() {
                        let _ = tx.send(batch);
                    }
                    Ok(())
                });
                Merging {
                    next: VecDeque::new(),
                    from: Some(rx),
                    search: Some(thread),
                }
            })
            .collect();
        let mut count = 0;
        loop {
            for log in &mut merging {
                if let ControlFlow::Break(b) = log.fill(each)? {
                    return Ok(ControlFlow::Break(b));
                }
            }
            if plan.limit.is_some_and(|n| count >= n as u64) {
                break;
            }
            let heads = merging
                .iter()
                .enumerate()
                .filter_map(|(i, log)| Some((key(log.head()?, zone), i)));
            let first = if backward { heads.max() } else { heads.min() };
            let Some((_, i)) = first else { break };
            if let Some(event) = merging[i].next.pop_front() {
                count += 1;
                if let ControlFlow::Break(b) = each(event) {
                    return Ok(ControlFlow::Break(b));
                }
            }
        }
        Ok(ControlFlow::Continue(count))
    })
}

/// What merges order entries by: the instant their stamp names (the earlier reading of a
/// repeated hour).
fn key(found: &Found, zone: Zone) -> DateTime<Utc> {
    zone.instants(found.entry.created).0
}

/// Several logs' entries as one, in time order; each keeps its own order.
pub(super) fn by_time(logs: Vec<Vec<Found>>, zone: Zone) -> Vec<Found> {
    let total = logs.iter().map(Vec::len).sum();
    let mut heads: Vec<std::iter::Peekable<std::vec::IntoIter<Found>>> =
        logs.into_iter().map(|s| s.into_iter().peekable()).collect();
    let mut merged = Vec::with_capacity(total);
    loop {
        let next = heads
            .iter_mut()
            .enumerate()
            .filter_map(|(i, h)| h.peek().map(|f| (key(f, zone), i)))
            .min();
        let Some((_, i)) = next else { break };
        merged.extend(heads[i].next());
    }
    merged
}
