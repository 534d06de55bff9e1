//! `auditlog tail`: the last entries, oldest first, and with `-f` every matching entry as it
//! is appended, flushed at once.

use std::io::{self, IsTerminal};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use auditlog::format::safe_path;
use auditlog::query::Query;
use auditlog::reference::RefCounter;
use auditlog::scan::engine::{Direction, Hit, LogFile, Plan, search_path};
use auditlog::scan::follow::{Followed, Follower};
use auditlog::scan::frame::{Cut, cut};
use auditlog::scan::{Found, Input, MAX_ENTRY_BYTES, ReadError, open_log, rotated_set};
use auditlog::stamp::looks_like_stamp;
use notify::Watcher;

use super::{Context, filters};
use crate::cli::{OutputFormat, TailArgs};
use crate::output::{Sink, Warnings, sink, stdout, warn};

/// How long to wait for a change before looking anyway.
const LOOK_EVERY: Duration = Duration::from_millis(100);

pub fn run(args: &TailArgs, ctx: &Context) -> Result<ExitCode> {
    let now = ctx.now()?;
    let query = filters::query(&args.filters, now, ctx.zone)?;
    let terminal = io::stdout().is_terminal();
    let format = args.output.unwrap_or(if terminal {
        OutputFormat::Plain
    } else {
        OutputFormat::Raw
    });
    if args.follow && format == OutputFormat::Table {
        bail!("-o table cannot follow, as its columns are sized to all of its rows: use -o plain");
    }
    let path = ctx.single_file("follows")?;
    if !args.follow {
        ctx.logs_exist()?;
    }
    // Ctrl-C and kill end following quietly; they are checked between looks.
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let plan = Plan {
        direction: Direction::Backward,
        // `-n 0` prints nothing, and still says by its exit code whether anything matched.
        limit: Some(args.lines.max(1)),
        keep_raw: format == OutputFormat::Raw,
        need_lines: matches!(format, OutputFormat::Json | OutputFormat::Ndjson),
        need_refs: format != OutputFormat::Raw,
        line_cache: ctx.line_cache.clone(),
        ..Plan::default()
    };
    let mut out = sink(format, stdout(), terminal);
    let max = args.max.unwrap_or(u64::MAX);
    let members = if ctx.rotated {
        rotated_set(path)?
    } else {
        vec![path.clone()]
    };
    let warnings = Warnings::new(&members);

    let (last, start) = match open_log(path) {
        Ok(Input::File(log)) => {
            let whole = whole_part(&log)?;
            let older = &members[..members.len() - 1];
            let last = last_entries(&log, whole, older, &query, &plan, &warnings)?;
            (last, Some((log, whole)))
        }
        Ok(Input::Stream(_)) if args.follow => bail!(
            "cannot follow {}: it is not a regular file (without -f, tail prints the last entries of a stream)",
            safe_path(path)
        ),
        Ok(Input::Stream(src)) => {
            let mut last = Vec::new();
            let scan = auditlog::scan::Scan::of_source(src, path);
            search_stream_last(scan, &query, &plan, &warnings, &mut last)?;
            (last, None)
        }
        Err(ReadError { error, .. }) if error.kind() == io::ErrorKind::NotFound && args.follow => {
            (Vec::new(), None)
        }
        Err(error) => return Err(error.into()),
    };
    let matched = !last.is_empty();
    let mut printed = 0u64;
    let shown = (args.lines as u64).min(max) as usize;
    for found in last[..last.len().min(shown)].iter().rev() {
        out.write(found)?;
        printed += 1;
    }
    out.flush()?;
    let failed = warnings.finish()?;
    if !args.follow || printed >= max {
        out.finish()?;
        return Ok(if failed {
            ExitCode::from(2)
        } else if matched {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let (follow_from, line, refs) = match &start {
        Some((log, whole)) => (
            *whole,
            if plan.need_lines {
                log.lines_before(*whole)? + 1
            } else {
                0
            },
            if plan.need_refs {
                log.refs_before(*whole)?
            } else {
                RefCounter::default()
            },
        ),
        None => (0, 1, RefCounter::default()),
    };
    follow(
        path,
        Follower::new(path, follow_from, line, refs),
        &query,
        &plan,
        &mut out,
        printed,
        max,
        (now.instant, Instant::now()),
        &stop,
    )?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Prints every matching entry appended from now on, until `max` in all are printed, the
/// query's `--until` passes, a signal comes, or standard output is closed.
#[allow(clippy::too_many_arguments)]
fn follow(
    path: &Path,
    mut follower: Follower,
    query: &Query,
    plan: &Plan,
    out: &mut Box<dyn Sink + '_>,
    mut printed: u64,
    max: u64,
    (now, started): (chrono::DateTime<chrono::Utc>, Instant),
    stop: &AtomicBool,
) -> Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |_| {
        let _ = tx.send(());
    })?;
    // Without a watch on the directory (none on this system, or no directory yet), looking
    // every LOOK_EVERY still follows.
    let _ = watcher.watch(watched_dir(path), notify::RecursiveMode::NonRecursive);
    let shown = safe_path(path);
    loop {
        let mut write_error = None;
        let looked = follower.poll(query, plan.keep_raw, &mut |followed| {
            let said = match followed {
                Followed::Found(found) if printed < max => {
                    if let Err(e) = out.write(&found).and_then(|()| out.flush()) {
                        write_error = Some(e);
                        return Err(io::Error::other("output failed"));
                    }
                    printed += 1;
                    Ok(())
                }
                Followed::Found(_) => Ok(()),
                Followed::Malformed(m) => warn(&m),
                Followed::Rotated => warn(format!("{shown} was replaced: following the new file")),
                Followed::Truncated => {
                    warn(format!("{shown} was truncated: reading it from the top"))
                }
            };
            said.map_err(|e| {
                write_error = Some(e);
                io::Error::other("output failed")
            })
        });
        if let Some(e) = write_error {
            return Err(e.into());
        }
        looked.map_err(|error| ReadError::new(path, error))?;
        // "Now" moves on from the now the query was resolved with (AUDITLOG_NOW or the clock).
        let passed = query
            .until
            .is_some_and(|until| now + started.elapsed() > until);
        if printed >= max || passed || stop.load(Ordering::Relaxed) || stdout_closed() {
            return Ok(());
        }
        match rx.recv_timeout(LOOK_EVERY) {
            Ok(()) => while rx.try_recv().is_ok() {},
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => std::thread::sleep(LOOK_EVERY),
        }
    }
}

/// Whether whoever read standard output has gone (`tail -f | head -1`): a pipe whose reader
/// closed it reports an error condition without a write.
fn stdout_closed() -> bool {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    let stdout = io::stdout();
    let mut fds = [PollFd::new(stdout.as_fd(), PollFlags::empty())];
    poll(&mut fds, PollTimeout::ZERO).is_ok_and(|n| {
        n > 0
            && fds[0]
                .revents()
                .is_some_and(|r| r.intersects(PollFlags::POLLERR | PollFlags::POLLHUP))
    })
}

/// The directory to watch for a log's changes and replacement.
fn watched_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The newest matching entries in `[0, end)` of the live log, and on into its rotated
/// members (`older`, oldest first) while there are fewer than the plan's limit; newest first.
fn last_entries(
    log: &LogFile,
    end: u64,
    older: &[PathBuf],
    query: &Query,
    plan: &Plan,
    warnings: &Warnings,
) -> Result<Vec<Found>> {
    let limit = plan.limit.unwrap_or(usize::MAX);
    let (start, stop) = log.range(query.zone, query.since, query.until)?;
    let mut found = Vec::new();
    let keep = |hit: Hit, found: &mut Vec<Found>| {
        match hit {
            Hit::Found(f) => found.push(*f),
            Hit::Malformed(m) => warnings.malformed(&m),
        }
        Ok(())
    };
    log.search((start, stop.min(end)), query, plan, &mut |hit| {
        keep(hit, &mut found)
    })
    .map_err(|error| ReadError::new(log.path(), error))?;
    for member in older.iter().rev() {
        if found.len() >= limit {
            break;
        }
        let plan = Plan {
            limit: Some(limit - found.len()),
            ..plan.clone()
        };
        let searched = search_path(member, query, &plan, &mut |hit| keep(hit, &mut found));
        if let Err(error) = searched {
            warnings.failed(error);
        }
    }
    Ok(found)
}

/// The newest matching entries of a stream, newest first, as many as the plan's limit.
fn search_stream_last(
    mut scan: auditlog::scan::Scan,
    query: &Query,
    plan: &Plan,
    warnings: &Warnings,
    last: &mut Vec<Found>,
) -> Result<()> {
    let limit = plan.limit.unwrap_or(usize::MAX);
    let mut ring = std::collections::VecDeque::with_capacity(limit.min(1 << 16));
    loop {
        match scan.next_event() {
            Ok(Some(auditlog::scan::Event::Entry {
                entry,
                reference,
                raw,
            })) => {
                if query.matches(&entry.view(), raw) {
                    if ring.len() == limit {
                        ring.pop_front();
                    }
                    let raw = if plan.keep_raw {
                        raw.to_vec()
                    } else {
                        Vec::new()
                    };
                    ring.push_back(Found {
                        entry,
                        reference,
                        raw,
                    });
                }
            }
            Ok(Some(auditlog::scan::Event::Malformed(m))) => warnings.malformed(&m),
            Ok(None) => break,
            Err(error) => {
                warnings.failed(error);
                break;
            }
        }
    }
    last.extend(ring.into_iter().rev());
    Ok(())
}

/// Where the whole entries of a log end: before a last line still being written, or a last
/// entry whose reason may still go on.
fn whole_part(log: &LogFile) -> Result<u64> {
    let len = log.len();
    let from = len.saturating_sub(MAX_ENTRY_BYTES as u64);
    let mut tail = vec![0u8; (len - from) as usize];
    std::os::unix::fs::FileExt::read_exact_at(log.file(), &mut tail, from)
        .map_err(|error| ReadError::new(log.path(), error))?;
    // Whole lines end at the last newline; a line after it is still being written.
    let whole_lines = from + tail.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) as u64;
    // The last entry starts at the last line that begins with a stamp.
    let last_entry = memchr::memrchr_iter(b'\n', &tail)
        .map(|nl| nl + 1)
        .chain((from == 0).then_some(0))
        .find(|&at| looks_like_stamp(&tail[at..]));
    Ok(match last_entry {
        Some(at) if !matches!(cut(&tail[at..], false, MAX_ENTRY_BYTES), Cut::Frame { .. }) => {
            from + at as u64
        }
        _ => whole_lines,
    })
}
