//! Which members of a rotated set a query must open. A member's span runs from its first
//! entry to the first entry of the member after it (the first entry is one short read, even of
//! a gzip file); a query bounded in time opens only the members whose span, widened by
//! [`DISORDER`] for writers racing and the repeated daylight-saving hour, can meet its bounds.
//! Where a member's summary is kept (see [`super::summary`]), it decides instead, exactly, by
//! time and by every field a query filters on.
//!
//! The log itself, the last of its set, is always read: it changes.
//!
//! [`summarize`] makes a member's summary ahead of time (`auditlog index`).

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::chunks::in_parallel;
use super::files::{Input, ReadError, open_member};
use super::files::{first_entry, is_gzip};
use super::seek::DISORDER;
use super::stream::{Scan, Scanned};
use super::summary::{MemberKey, MemberSummary, Summaries, Summarizer};
use crate::query::Query;
use crate::stamp::Stamp;

/// What is known of a member before it is read.
#[derive(Default)]
struct Known {
    /// The earliest and latest instant its first entry's stamp can stand for.
    first: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Its summary, when one is kept.
    summary: Option<MemberSummary>,
}

/// The files of a log's set (oldest first, the log itself last) that `query` must read, in
/// the same order; with `cache`, the summaries kept there decide where they can.
pub fn to_read(files: &[PathBuf], query: &Query, cache: Option<&Path>) -> Vec<PathBuf> {
    let Some((log, members)) = files.split_last() else {
        return Vec::new();
    };
    let timed = query.since.is_some() || query.until.is_some();
    if members.is_empty() || !(timed || cache.is_some() && by_fields(query)) {
        return files.to_vec();
    }
    let summaries = cache.map(Summaries::under);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let heads: Vec<Known> = in_parallel(members, threads, &|path| {
        head(path, query, summaries.as_ref())
    })
    .into_iter()
    // A member whose thread stopped is read.
    .map(|head| head.unwrap_or_default())
    .collect();
    let log_first = std::cell::OnceCell::new();
    let mut read: Vec<PathBuf> = Vec::new();
    for (k, (path, head)) in members.iter().zip(&heads).enumerate() {
        let wanted = match &head.summary {
            Some(summary) => summary.may_match(query),
            None if !timed => true,
            None => {
                // The first entry of the next member that has one; the log's own when none.
                let next = heads[k + 1..].iter().find_map(|h| h.first).or_else(|| {
                    *log_first.get_or_init(|| {
                        first_entry(log)
                            .ok()
                            .flatten()
                            .map(|e| query.zone.instants(e.created))
                    })
                });
                in_span(head.first, next, query)
            }
        };
        if wanted {
            read.push(path.clone());
        }
    }
    read.push(log.clone());
    read
}

/// Whether a query filters on a field a summary knows.
fn by_fields(query: &Query) -> bool {
    !query.user.is_any()
        || !query.request.is_any()
        || !query.reason.is_any()
        || !query.ticket.is_any()
        || !query.controller.is_any()
        || !query.workflow.is_any()
        || !query.categories.is_empty()
        || !query.ids.is_empty()
        || query.has_reason
}

/// What is known of a member before it is read: for a gzip file its summary when one is kept,
/// else, for a query bounded in time, its first entry.
fn head(path: &Path, query: &Query, summaries: Option<&Summaries>) -> Known {
    let summary = summaries.and_then(|summaries| {
        let file = File::open(path).ok()?;
        if !file.metadata().ok()?.is_file() || !is_gzip(&file).ok()? {
            return None;
        }
        summaries.load(&MemberKey::of(&file).ok()??)
    });
    let first = match &summary {
        Some(summary) => summary.first.as_deref().and_then(Stamp::parse),
        None if query.since.is_none() && query.until.is_none() => None,
        None => first_entry(path).ok().flatten().map(|e| e.created),
    };
    Known {
        first: first.map(|stamp| query.zone.instants(stamp)),
        summary,
    }
}

/// Whether a member whose first entry is `first`, followed by a member whose first entry is
/// `next`, can hold an entry in the query's time bounds. A member whose first entry cannot be
/// read is read, and says why.
fn in_span(
    first: Option<(DateTime<Utc>, DateTime<Utc>)>,
    next: Option<(DateTime<Utc>, DateTime<Utc>)>,
    query: &Query,
) -> bool {
    let Some((earliest, _)) = first else {
        return true;
    };
    let too_late = query.until.is_some_and(|until| earliest - DISORDER > until);
    let too_early = match (query.since, next) {
        (Some(since), Some((_, latest))) => latest + DISORDER < since,
        _ => false,
    };
    !(too_late || too_early)
}

/// What [`summarize`] did with a file of a rotated set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Summarized {
    /// Read whole; its summary is kept now.
    Made,
    /// Its summary was kept already.
    Kept,
    /// Not a gzip file: a plain file is searched by offset and needs none.
    Plain,
    /// A gzip file without a whole first line yet: nothing names it.
    Unnamed,
}

/// Reads a gzip member whole and keeps its summary under `cache`, unless one is kept already
/// (`auditlog index`). An error names the file, or the summary that could not be kept.
pub fn summarize(path: &Path, cache: &Path) -> Result<Summarized, ReadError> {
    let err = |error| ReadError::new(path, error);
    let (Input::Stream(src), Some(file)) = open_member(path)? else {
        return Ok(Summarized::Plain);
    };
    let Some(key) = MemberKey::of(&file).map_err(err)? else {
        return Ok(Summarized::Unnamed);
    };
    let summaries = Summaries::under(cache);
    if summaries.load(&key).is_some() {
        return Ok(Summarized::Kept);
    }
    let mut summarizer = Summarizer::new(key.clone());
    let mut scan = Scan::of_source(src, path);
    while let Some(event) = scan.next_event()? {
        match event {
            Scanned::Entry { entry, .. } => summarizer.entry(&entry),
            Scanned::Malformed(_) => summarizer.malformed(),
        }
    }
    if MemberKey::of(&file).map_err(err)?.as_ref() != Some(&key) {
        return Err(err(io::Error::other(
            "it changed while it was read; run again",
        )));
    }
    summaries.save(&summarizer.finish()).map_err(|error| {
        ReadError::new(
            summaries.dir(),
            io::Error::new(error.kind(), format!("cannot keep a summary: {error}")),
        )
    })?;
    Ok(Summarized::Made)
}

#[cfg(test)]
mod tests;
