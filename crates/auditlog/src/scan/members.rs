//! Which members of a rotated set a query must open: a member whose summary is kept (see
//! [`super::summary`]) and shows that nothing in it can match, by time or by any field a query
//! filters on, is not opened. A member without one is read, whatever its name or its first
//! entry say: an entry written far out of order can be anywhere, and a search by time finds it
//! in a gzip member as in a plain file. Reading it whole leaves its summary, so each member is
//! read once for that; `auditlog index` makes them ahead of time ([`summarize`]).
//!
//! The log itself, the last of its set, is always read: it changes.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use super::chunks::in_parallel;
use super::files::{Input, ReadError, is_gzip, open_member};
use super::stream::{Scan, Scanned};
use super::summary::{MemberKey, MemberSummary, Summaries, Summarizer};
use crate::query::Query;
use crate::safe::safe_path;

/// The files of a log's set (oldest first, the log itself last) that `query` must read, in
/// the same order: all but the members whose summary, kept in `cache`, rules them out.
pub fn to_read(files: &[PathBuf], query: &Query, cache: Option<&Path>) -> Vec<PathBuf> {
    let (Some((log, members)), Some(cache)) = (files.split_last(), cache) else {
        return files.to_vec();
    };
    if members.is_empty() || !narrows(query) {
        return files.to_vec();
    }
    let summaries = Summaries::under(cache);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ruled_out = in_parallel(members, threads, &|path| {
        summary_of(path, &summaries).is_some_and(|summary| !summary.may_match(query))
    });
    let mut read: Vec<PathBuf> = members
        .iter()
        .zip(ruled_out)
        // A member whose thread stopped is read.
        .filter(|(_, out)| *out != Some(true))
        .map(|(path, _)| path.clone())
        .collect();
    read.push(log.clone());
    read
}

/// Whether a query can rule out a member: it is bounded in time, or filters on a field a
/// summary knows.
fn narrows(query: &Query) -> bool {
    query.since.is_some()
        || query.until.is_some()
        || !query.user.is_any()
        || !query.request.is_any()
        || !query.reason.is_any()
        || !query.ticket.is_any()
        || !query.controller.is_any()
        || !query.workflow.is_any()
        || !query.categories.is_empty()
        || !query.ids.is_empty()
        || query.has_reason
}

/// The summary kept of a gzip member, when there is one made from it.
fn summary_of(path: &Path, summaries: &Summaries) -> Option<MemberSummary> {
    let file = File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() || !is_gzip(&file).ok()? {
        return None;
    }
    summaries.load(&MemberKey::of(&file).ok()??)
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

/// Why a member was not summarized.
#[derive(Debug, thiserror::Error)]
pub enum SummarizeError {
    /// It could not be read to its end.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// Its summary could not be written where summaries are kept.
    #[error(
        "cannot keep the summary of {} in {}: {error}",
        safe_path(member),
        safe_path(dir)
    )]
    Keep {
        /// The member.
        member: PathBuf,
        /// Where summaries are kept.
        dir: PathBuf,
        /// What the system said.
        error: io::Error,
    },
}

/// Reads a gzip member whole and keeps its summary under `cache`, unless one is kept already
/// (`auditlog index`).
pub fn summarize(path: &Path, cache: &Path) -> Result<Summarized, SummarizeError> {
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
        let changed = io::Error::other("it changed while it was read; run again");
        return Err(err(changed).into());
    }
    summaries
        .save(&summarizer.finish())
        .map_err(|error| SummarizeError::Keep {
            member: path.to_owned(),
            dir: summaries.dir().to_owned(),
            error,
        })?;
    Ok(Summarized::Made)
}

#[cfg(test)]
mod tests;
