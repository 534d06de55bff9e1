//! Finding particular entries: the one a reference or a JOC ID names (`show`), the job
//! executions of a time range and the one an ID names, and the last entries of a log
//! (`tail`). Problems met on the way, lines that are not entries and logs that cannot be read,
//! go to the caller as [`Event`]s.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::Event;
use crate::execution::{Execution, Executions, FINISH, START, id_time};
use crate::query::{Matcher, Query, QueryError};
use crate::reference::Ref;
use crate::scan::{
    DISORDER, Direction, Found, Hit, Input, Keep, LogFile, Malformed, Plan, ReadError, Scan,
    Scanned, members, open_log, search_path,
};
use crate::stamp::Stamp;
use crate::time::Zone;

/// What `show` looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// An entry by its reference or stamp.
    Ref(Ref),
    /// An entry by the JOC ID its line carries.
    Id(u64),
}

impl Wanted {
    /// Reads a target: digits are a JOC ID, anything else a reference or a stamp.
    pub fn parse(text: &str) -> Option<Wanted> {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse().ok().map(Wanted::Id);
        }
        Ref::parse(text).map(Wanted::Ref)
    }
}

impl Wanted {
    /// What finds the target: its stamp's instants, or its ID.
    fn query(&self, zone: Zone) -> Query {
        let mut query = Query::all(zone);
        match self {
            Wanted::Ref(r) => {
                let (earliest, latest) = zone.instants(r.stamp);
                query.since = Some(earliest);
                query.until = Some(latest);
            }
            Wanted::Id(id) => query.ids = vec![*id],
        }
        query
    }
}

/// What looking for one entry came to.
#[derive(Debug)]
pub enum Lookup {
    /// The entry, with its line number; and the doubt about reading it as an entry, when it
    /// follows an entry that left its reason open (see [`crate::scan::item::doubt`]).
    Found(Box<Found>, Option<Malformed>),
    /// Lines at the target's stamp that cannot be read as an entry (one too long, say).
    Unreadable(Malformed),
    /// Nothing at all.
    Missing,
}

/// The entry a target names, in the first file that holds it, numbered by line: each log's
/// newest member first (a reference is most often to a recent entry), among the members that
/// can hold it (see [`members::to_read`]). A stamp is found by binary search on time; an ID
/// takes a full search. Logs that cannot be read go to `failed`, and the others are searched.
pub fn find_entry(
    streams: &[Vec<PathBuf>],
    target: &Wanted,
    zone: Zone,
    cache: Option<&Path>,
    failed: &mut dyn FnMut(ReadError),
) -> Lookup {
    let query = target.query(zone);
    let plan = Plan {
        cache: cache.map(Path::to_owned),
        ..Plan::default()
    };
    // Several entries can share a stamp; the reference says which.
    let wanted = |f: &Found| match target {
        Wanted::Ref(r) => f.reference == *r,
        Wanted::Id(_) => true,
    };
    let at_stamp = |m: &Malformed| match target {
        Wanted::Ref(r) => Stamp::parse_prefix(&m.head).is_some_and(|(s, _)| s == r.stamp),
        Wanted::Id(_) => false,
    };
    let files = streams
        .iter()
        .flat_map(|files| members::to_read(files, &query, cache).into_iter().rev());
    let (mut unreadable, mut doubts) = (None, Vec::new());
    for path in files {
        let path = path.as_path();
        let searched = search_path(path, &query, &plan, &mut |hit| match hit {
            Hit::Found(f) if wanted(&f) => ControlFlow::Break(f),
            // A report of no lines is a doubt about an entry that was read.
            Hit::Malformed(m) if m.lines == 0 => {
                doubts.push(m);
                ControlFlow::Continue(())
            }
            Hit::Malformed(m) if at_stamp(&m) => {
                unreadable.get_or_insert(m);
                ControlFlow::Continue(())
            }
            _ => ControlFlow::Continue(()),
        });
        match searched {
            Ok(ControlFlow::Break(mut found)) => {
                let mut doubt = doubts.into_iter().find(|d| {
                    found
                        .entry
                        .origin
                        .as_ref()
                        .is_some_and(|o| o.offset == d.origin.offset && o.file == d.origin.file)
                });
                if let Some(origin) = found.entry.origin.as_mut()
                    && origin.line == 0
                {
                    match line_of(path, origin.offset, cache) {
                        Ok(line) => origin.line = line,
                        Err(error) => failed(error),
                    }
                }
                if let (Some(doubt), Some(origin)) = (doubt.as_mut(), found.entry.origin.as_ref()) {
                    doubt.origin.line = origin.line;
                }
                return Lookup::Found(found, doubt);
            }
            Ok(ControlFlow::Continue(_)) => {}
            Err(error) => failed(error),
        }
    }
    match unreadable {
        Some(m) => Lookup::Unreadable(m),
        None => Lookup::Missing,
    }
}

/// The line number of the entry at `offset` of a plain log: the lines before it, plus one.
fn line_of(path: &Path, offset: u64, cache: Option<&Path>) -> Result<u64, ReadError> {
    let err = |error| ReadError::new(path, error);
    match open_log(path)? {
        Input::File(log) => Ok(log
            .with_cache(cache.map(Path::to_owned))
            .lines_before(offset)
            .map_err(err)?
            + 1),
        // The entries of a stream are numbered as they are read.
        Input::Stream(_) => Ok(0),
    }
}

/// The executions whose start entries `wanted` matches, with their finishes, from `since`
/// on, in the order they started. Every log's every member is read: a finish may be in a later
/// one than its start.
pub fn executions(
    streams: &[Vec<PathBuf>],
    since: Option<DateTime<Utc>>,
    wanted: &Query,
    cache: Option<&Path>,
    problems: &mut dyn FnMut(Event),
) -> Result<Vec<Execution>, QueryError> {
    let mut starts = wanted.clone();
    starts.request = Matcher::new(&[START.to_owned()])?;
    // Finishes come after the time bounds of their starts: read on to the end.
    let mut search = Query::all(wanted.zone);
    search.since = since;
    search.request = Matcher::new(&[START.to_owned(), FINISH.to_owned()])?;
    let plan = Plan {
        keep: Keep {
            lines: true,
            ..Keep::default()
        },
        cache: cache.map(Path::to_owned),
        ..Plan::default()
    };
    let mut executions = Executions::default();
    let read = streams
        .iter()
        .flat_map(|files| members::to_read(files, &search, cache));
    for path in read {
        let searched = search_path(&path, &search, &plan, &mut |hit| {
            match hit {
                Hit::Found(f) => {
                    let start = f.entry.request == START;
                    if !start || starts.matches_at(&f.entry.view(), &f.raw, Some(f.instant)) {
                        executions.add_at(&f.entry, Some(f.instant));
                    }
                }
                Hit::Malformed(m) => problems(Event::Malformed(m)),
            }
            ControlFlow::<()>::Continue(())
        });
        if let Err(error) = searched {
            problems(Event::Failed(error));
        }
    }
    Ok(executions.into_vec())
}

/// Why an execution cannot be told by the ID given.
#[derive(Debug, thiserror::Error)]
pub enum Ambiguous {
    /// An ID, or the start of one, that names more than one execution.
    #[error("{prefix} names {} executions: {}; give more of the ID", ids.len(), ids.join(", "))]
    Several {
        /// What was given.
        prefix: String,
        /// The IDs it names.
        ids: Vec<String>,
    },
    /// The search for it could not be built.
    #[error(transparent)]
    Query(#[from] QueryError),
}

/// The execution an ID, or the start of one, names.
pub fn find_execution(
    streams: &[Vec<PathBuf>],
    prefix: &str,
    zone: Zone,
    cache: Option<&Path>,
    problems: &mut dyn FnMut(Event),
) -> Result<Option<Execution>, Ambiguous> {
    let since = id_time(prefix).map(|t| zone.resolve(t).0 - DISORDER);
    let all = Query::all(zone);
    let mut found: Vec<Execution> = executions(streams, since, &all, cache, problems)?
        .into_iter()
        .filter(|e| e.started.id.starts_with(prefix))
        .collect();
    match found.len() {
        0 | 1 => Ok(found.pop()),
        _ => Err(Ambiguous::Several {
            prefix: prefix.to_owned(),
            ids: found.into_iter().map(|e| e.started.id).collect(),
        }),
    }
}

/// The newest matching entries, as many as the plan's limit, newest first: of a plain log up
/// to `end` (where its whole entries end), then of its rotated members (`older`, oldest first)
/// while there are fewer. Problems go to `problems`.
pub fn last_entries(
    log: &LogFile,
    end: u64,
    older: &[PathBuf],
    query: &Query,
    plan: &Plan,
    problems: &mut dyn FnMut(Event),
) -> Vec<Found> {
    let limit = plan.limit.unwrap_or(usize::MAX);
    let plan = Plan {
        direction: Direction::Backward,
        ..plan.clone()
    };
    let mut found = Vec::new();
    let searched = log
        .ranges(query.zone, query.since, query.until)
        .and_then(|ranges| {
            let ranges: Vec<(u64, u64)> = ranges
                .into_iter()
                .filter(|r| r.0 < end)
                .map(|(start, stop)| (start, stop.min(end)))
                .collect();
            log.search_ranges(&ranges, query, &plan, &mut |hit| {
                take(hit, &mut found, problems)
            })
        });
    if let Err(error) = searched {
        problems(Event::Failed(ReadError::new(log.path(), error)));
    }
    for member in older.iter().rev() {
        if found.len() >= limit {
            break;
        }
        let plan = Plan {
            limit: Some(limit - found.len()),
            ..plan.clone()
        };
        let searched = search_path(member, query, &plan, &mut |hit| {
            take(hit, &mut found, problems)
        });
        if let Err(error) = searched {
            problems(Event::Failed(error));
        }
    }
    found
}

/// The newest matching entries of a stream read front to back, as many as `limit`, newest
/// first.
pub fn last_of_stream(
    scan: Scan,
    query: &Query,
    limit: usize,
    keep: Keep,
    problems: &mut dyn FnMut(Event),
) -> Vec<Found> {
    let mut ring = VecDeque::with_capacity(limit.min(1 << 16));
    let mut scan = scan.read_in(query.zone);
    loop {
        match scan.next_event() {
            Ok(Some(Scanned::Entry {
                entry,
                reference,
                instant,
                raw,
            })) => {
                if limit > 0 && query.matches_at(&entry.view(), raw, Some(instant)) {
                    if ring.len() == limit {
                        ring.pop_front();
                    }
                    let raw = if keep.raw { raw.to_vec() } else { Vec::new() };
                    ring.push_back(Found {
                        entry,
                        reference,
                        instant,
                        raw,
                    });
                }
            }
            Ok(Some(Scanned::Malformed(m))) => problems(Event::Malformed(m)),
            Ok(None) => break,
            Err(error) => problems(Event::Failed(error)),
        }
    }
    ring.into_iter().rev().collect()
}

/// Keeps a found entry, and passes a problem on.
fn take(hit: Hit, found: &mut Vec<Found>, problems: &mut dyn FnMut(Event)) -> ControlFlow<()> {
    match hit {
        Hit::Found(f) => found.push(*f),
        Hit::Malformed(m) => problems(Event::Malformed(m)),
    }
    ControlFlow::Continue(())
}
