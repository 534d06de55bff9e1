//! What a rotated member holds, in a few KiB: its first and last entry, how many entries, the
//! span of its stamps, and the values every field filter reads (exactly, while there are few).
//! A member never changes once rotated, so the summary made the first time it is read whole
//! is kept in the cache directory and lets a later query skip it when nothing in it can match.
//!
//! A summary is trusted only for the very file it was made from: it is found by the member's
//! identity (its first line, see [`super::file_id`]) together with its size, modification and
//! change time, inode and device, as git's index tells a file; an edit anywhere changes one of
//! them. A summary
//! that cannot be read whole (cut, damaged, another version) is ignored, and the member read.
//! What a summary lets a query skip never changes an answer: a member with lines that are not
//! entries is skipped only by time, as a plain file's search never reads them either, and its
//! time is the span of all its stamps, however far out of order they were written.

use std::fs::File;
use std::io;
use std::os::unix::fs::MetadataExt;

use chrono::{DateTime, NaiveDateTime, Utc};
use foldhash::HashSet;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::files::gzip_id_of;
use crate::entry::{Category, Entry, controller_of, workflows_of};
use crate::query::{Matcher, Query};
use crate::stamp::Stamp;
use crate::time::Zone;

/// What tells a member: its identity by content, and its size, modification time, change time,
/// inode and device when it was read. The change time is what no one can set back: a member
/// written again in place at the same size with its modification time restored (`touch -r`)
/// still changes it; so does a rename (logrotate's numbered shift), after which the member is
/// summarized again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberKey {
    /// Its first line's hash (see [`super::file_id`]).
    pub id: String,
    /// Its size in bytes, compressed.
    pub size: u64,
    /// Its modification time, in nanoseconds since 1970.
    pub modified: i128,
    /// Its change time (of its inode), in nanoseconds since 1970.
    pub changed: i128,
    /// Its inode.
    pub inode: u64,
    /// Its device.
    pub device: u64,
}

impl MemberKey {
    /// The key of a gzip member open now; `None` while it holds no whole first line.
    pub fn of(file: &File) -> io::Result<Option<MemberKey>> {
        let meta = file.metadata()?;
        let Some(id) = gzip_id_of(file)? else {
            return Ok(None);
        };
        Ok(Some(MemberKey {
            id,
            size: meta.len(),
            modified: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            changed: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            inode: meta.ino(),
            device: meta.dev(),
        }))
    }

    /// The name of its summary's file.
    pub(super) fn file_name(&self) -> String {
        let key = format!(
            "{} {} {} {} {} {}",
            self.id, self.size, self.modified, self.changed, self.inode, self.device
        );
        let digest = Sha256::digest(key.as_bytes());
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!("{hex}.json.gz")
    }
}

/// The values of one field that the entries of a member hold: all of them while they are few
/// ([`MAX_VALUES`], [`MAX_BYTES`]), else only that there are many.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Values(Option<Vec<String>>);

/// The most values of a field a summary lists.
pub const MAX_VALUES: usize = 8192;

/// The most bytes of the values of a field a summary lists.
pub const MAX_BYTES: usize = 256 << 10;

impl Values {
    /// Whether an entry of the member may match `matcher` by this field: `false` only when
    /// the values are all known and none matches.
    fn may_match(&self, matcher: &Matcher) -> bool {
        match &self.0 {
            _ if matcher.is_any() => true,
            None => true,
            Some(values) => values.iter().any(|v| matcher.matches(Some(v))),
        }
    }

    /// The values, sorted, when they are all known.
    pub fn known(&self) -> Option<&[String]> {
        self.0.as_deref()
    }
}

/// A member read whole, in brief.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSummary {
    /// The member it was made from.
    pub key: MemberKey,
    /// Its entries.
    pub entries: u64,
    /// Its frames that are not entries.
    pub malformed: u64,
    /// The stamp of its first entry, as written.
    pub first: Option<String>,
    /// The stamp of its last entry, as written.
    pub last: Option<String>,
    /// The earliest and latest wall-clock time of its stamps without an offset, in
    /// nanoseconds since 1970 read as UTC.
    pub wall: Option<(i64, i64)>,
    /// The earliest and latest instant of its stamps with an offset, in nanoseconds since 1970.
    pub offset: Option<(i64, i64)>,
    /// Whether a stamp lies where nanoseconds since 1970 cannot say (before 1677, after 2262):
    /// then its time is not known.
    pub time_unknown: bool,
    /// The accounts.
    pub accounts: Values,
    /// The requests.
    pub requests: Values,
    /// The controllers named in the bodies.
    pub controllers: Values,
    /// The workflows named in the bodies.
    pub workflows: Values,
    /// The tickets.
    pub tickets: Values,
    /// The reasons.
    pub reasons: Values,
    /// How many entries carry a reason.
    pub with_reason: u64,
    /// The smallest and largest JOC ID.
    pub ids: Option<(u64, u64)>,
}

impl MemberSummary {
    /// Whether an entry of the member may match `query`: `false` only when the summary shows
    /// that none can.
    pub fn may_match(&self, query: &Query) -> bool {
        if !self.may_be_in_time(query) {
            return false;
        }
        if self.malformed > 0 {
            // A line that is not an entry is reported whenever the member is read.
            return true;
        }
        let categories = || match self.requests.known() {
            _ if query.categories.is_empty() => true,
            None => true,
            Some(requests) => requests
                .iter()
                .any(|r| query.categories.contains(&Category::of_request(r))),
        };
        let ids = || match self.ids {
            _ if query.ids.is_empty() => true,
            None => false,
            Some((low, high)) => query.ids.iter().any(|id| (low..=high).contains(id)),
        };
        self.entries > 0
            && !(query.has_reason && self.with_reason == 0)
            && self.accounts.may_match(&query.user)
            && self.requests.may_match(&query.request)
            && self.reasons.may_match(&query.reason)
            && self.tickets.may_match(&query.ticket)
            && self.controllers.may_match(&query.controller)
            && self.workflows.may_match(&query.workflow)
            && categories()
            && ids()
    }

    /// Whether the member's stamps reach into the query's time bounds.
    fn may_be_in_time(&self, query: &Query) -> bool {
        if query.since.is_none() && query.until.is_none() || self.time_unknown {
            return true;
        }
        let Some((earliest, latest)) = self.span(query.zone) else {
            // No entry at all.
            return self.malformed > 0;
        };
        !(query.since.is_some_and(|since| latest < since)
            || query.until.is_some_and(|until| earliest > until))
    }

    /// The earliest and latest instant its stamps can stand for in `zone`.
    pub fn span(&self, zone: Zone) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let wall = self.wall.map(|(low, high)| {
            let at = |n: i64| zone.instants(Stamp::local(naive(n)));
            (at(low).0, at(high).1)
        });
        let offset = self.offset.map(|(low, high)| {
            let at = DateTime::from_timestamp_nanos;
            (at(low), at(high))
        });
        match (wall, offset) {
            (Some(w), Some(o)) => Some((w.0.min(o.0), w.1.max(o.1))),
            (one, other) => one.or(other),
        }
    }
}

fn naive(nanos: i64) -> NaiveDateTime {
    DateTime::from_timestamp_nanos(nanos).naive_utc()
}

/// The values of one field, gathered as entries are read.
#[derive(Default)]
struct Collecting {
    values: HashSet<String>,
    bytes: usize,
    many: bool,
}

impl Collecting {
    fn add(&mut self, value: &str) {
        if self.many || self.values.contains(value) {
            return;
        }
        self.bytes += value.len();
        if self.values.len() >= MAX_VALUES || self.bytes > MAX_BYTES {
            self.many = true;
            self.values = HashSet::default();
            return;
        }
        self.values.insert(value.to_owned());
    }

    fn into_values(self) -> Values {
        Values((!self.many).then(|| {
            let mut values: Vec<String> = self.values.into_iter().collect();
            values.sort_unstable();
            values
        }))
    }
}

/// A summary in the making, fed every frame of a member as it is read.
pub struct Summarizer {
    key: MemberKey,
    entries: u64,
    malformed: u64,
    first: Option<Stamp>,
    last: Option<Stamp>,
    wall: Option<(i64, i64)>,
    offset: Option<(i64, i64)>,
    time_unknown: bool,
    accounts: Collecting,
    requests: Collecting,
    controllers: Collecting,
    workflows: Collecting,
    tickets: Collecting,
    reasons: Collecting,
    with_reason: u64,
    ids: Option<(u64, u64)>,
}

impl Summarizer {
    /// A summary of the member `key` tells, with nothing read yet.
    pub fn new(key: MemberKey) -> Summarizer {
        Summarizer {
            key,
            entries: 0,
            malformed: 0,
            first: None,
            last: None,
            wall: None,
            offset: None,
            time_unknown: false,
            accounts: Collecting::default(),
            requests: Collecting::default(),
            controllers: Collecting::default(),
            workflows: Collecting::default(),
            tickets: Collecting::default(),
            reasons: Collecting::default(),
            with_reason: 0,
            ids: None,
        }
    }

    /// Takes in a frame that is not an entry.
    pub fn malformed(&mut self) {
        self.malformed += 1;
    }

    /// Takes in an entry, its fields as a query reads them (see [`Query::matches_at`]).
    pub fn entry(&mut self, entry: &Entry) {
        let view = entry.view();
        self.entries += 1;
        self.first.get_or_insert(view.created);
        self.last = Some(view.created);
        self.stamp(view.created);
        self.accounts.add(view.user);
        self.requests.add(view.request);
        if let Some(ticket) = view.ticket {
            self.tickets.add(ticket);
        }
        if let Some(reason) = view.comment.as_deref() {
            self.with_reason += 1;
            self.reasons.add(reason);
        }
        if let Some(id) = view.id {
            let (low, high) = self.ids.get_or_insert((id, id));
            (*low, *high) = ((*low).min(id), (*high).max(id));
        }
        if let Some(body) = view.params {
            self.names(body);
        }
    }

    /// Takes in the controllers and workflows a body names: every value written under their
    /// keys where the body holds no escape, which is all a query can find there and perhaps
    /// more; else what a query reads of the parsed body.
    fn names(&mut self, body: &str) {
        if memchr::memchr(b'\\', body.as_bytes()).is_none() {
            let (controllers, workflows) = (&mut self.controllers, &mut self.workflows);
            named_in(body, &mut |v| controllers.add(v), &mut |v| workflows.add(v));
            return;
        }
        let body = serde_json::from_str::<serde_json::Value>(body).ok();
        if let Some(controller) = body.as_ref().and_then(controller_of) {
            self.controllers.add(&controller);
        }
        for workflow in body.as_ref().map(workflows_of).unwrap_or_default() {
            self.workflows.add(&workflow);
        }
    }

    fn stamp(&mut self, stamp: Stamp) {
        let (range, nanos) = match stamp.offset {
            None => (&mut self.wall, stamp.local.and_utc().timestamp_nanos_opt()),
            Some(_) => (
                &mut self.offset,
                Zone::System.instants(stamp).0.timestamp_nanos_opt(),
            ),
        };
        match nanos {
            Some(n) => {
                let (low, high) = range.get_or_insert((n, n));
                (*low, *high) = ((*low).min(n), (*high).max(n));
            }
            None => self.time_unknown = true,
        }
    }

    /// The summary of what was taken in.
    pub fn finish(self) -> MemberSummary {
        MemberSummary {
            key: self.key,
            entries: self.entries,
            malformed: self.malformed,
            first: self.first.map(|s| s.to_string()),
            last: self.last.map(|s| s.to_string()),
            wall: self.wall,
            offset: self.offset,
            time_unknown: self.time_unknown,
            accounts: self.accounts.into_values(),
            requests: self.requests.into_values(),
            controllers: self.controllers.into_values(),
            workflows: self.workflows.into_values(),
            tickets: self.tickets.into_values(),
            reasons: self.reasons.into_values(),
            with_reason: self.with_reason,
            ids: self.ids,
        }
    }
}

/// The keys under which a body names its controller (the second holding a list), each with its
/// quotes.
const CONTROLLER_KEYS: [(&str, bool); 3] = [
    ("\"controllerId\"", false),
    ("\"controllerIds\"", true),
    ("\"jobschedulerId\"", false),
];

/// The key under which a body names a workflow.
const WORKFLOW_KEY: &str = "\"workflowPath\"";

/// Hands out the controllers and the workflows a body without escapes names: every string
/// written as `"key":"value"` under their keys, or for a list the first of
/// `"key":["value",…]`, whitespace allowed where JSON allows it, at any depth. Without a
/// backslash a string's text is its value, and every key stands before a colon, so what
/// `controller_of` and `workflows_of` read of the parsed body is among what this hands out.
fn named_in<'a>(
    body: &'a str,
    controller: &mut dyn FnMut(&'a str),
    workflow: &mut dyn FnMut(&'a str),
) {
    let json_space: &[char] = &[' ', '\t', '\n', '\r'];
    for at in memchr::memchr_iter(b':', body.as_bytes()) {
        let key = body[..at].trim_end_matches(json_space);
        let (list, names_workflow) = if key.ends_with(WORKFLOW_KEY) {
            (false, true)
        } else if let Some((_, list)) = CONTROLLER_KEYS.iter().find(|(k, _)| key.ends_with(k)) {
            (*list, false)
        } else {
            continue;
        };
        let mut rest = body[at + 1..].trim_start_matches(json_space);
        if list {
            let Some(inner) = rest.strip_prefix('[') else {
                continue;
            };
            rest = inner.trim_start_matches(json_space);
        }
        if let Some((value, _)) = rest.strip_prefix('"').and_then(|s| s.split_once('"')) {
            match names_workflow {
                true => workflow(value),
                false => controller(value),
            }
        }
    }
}

mod kept;

pub use kept::{CAP, Pending, Summaries};

#[cfg(test)]
mod tests;
