//! `auditlog tail`: the last entries, oldest first, and with `-f` every matching entry as it
//! is appended, flushed at once.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use auditlog::query::Query;
use auditlog::reference::RefCounter;
use auditlog::scan::engine::{Direction, Hit, LogFile, Plan};
use auditlog::scan::follow::{Followed, Follower};
use auditlog::scan::frame::{Cut, cut};
use auditlog::scan::{Found, MAX_ENTRY_BYTES};
use auditlog::stamp::looks_like_stamp;
use notify::Watcher;

use super::{Context, filters};
use crate::cli::{OutputFormat, TailArgs};
use crate::output::{Sink, sink, stdout};

/// How long to wait for a change before looking anyway.
const LOOK_EVERY: Duration = Duration::from_millis(100);

pub fn run(args: &TailArgs, ctx: &Context) -> Result<ExitCode> {
    let now = ctx.now()?;
    let query = filters::query(&args.filters, now, ctx.zone)?;
    let format = args.output.unwrap_or(if io::stdout().is_terminal() {
        OutputFormat::Plain
    } else {
        OutputFormat::Raw
    });
    if args.follow && format == OutputFormat::Table {
        bail!("-o table cannot follow, as its columns are sized to all of its rows: use -o plain");
    }
    let path = ctx.single_file()?;
    // Ctrl-C and kill end following quietly; they are checked between looks.
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let plan = Plan {
        direction: Direction::Backward,
        limit: Some(args.lines),
        keep_raw: format == OutputFormat::Raw,
        need_lines: matches!(format, OutputFormat::Json | OutputFormat::Ndjson),
        need_refs: format != OutputFormat::Raw,
        line_cache: ctx.line_cache.clone(),
        ..Plan::default()
    };
    let mut out = sink(format, stdout());
    let mut printed = 0u64;
    let max = args.max.unwrap_or(u64::MAX);

    let (follow_from, line, refs) = match LogFile::open(path) {
        Ok(log) => {
            let whole = whole_part(&log)?;
            let mut last = last_entries(&log, whole, &query, &plan)?;
            last.truncate(max.min(usize::MAX as u64) as usize);
            for found in last.iter().rev() {
                out.write(found)?;
                printed += 1;
            }
            out.flush()?;
            let line = if plan.need_lines {
                log.lines_before(whole)? + 1
            } else {
                0
            };
            let refs = if plan.need_refs {
                log.refs_before(whole)?
            } else {
                RefCounter::default()
            };
            (whole, line, refs)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound && args.follow => {
            (0, 1, RefCounter::default())
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    if !args.follow || printed >= max {
        out.finish()?;
        return Ok(if printed == 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |_| {
        let _ = tx.send(());
    })?;
    // Without a watch on the directory (none on this system, or no directory yet), looking
    // every LOOK_EVERY still follows.
    let _ = watcher.watch(watched_dir(path), notify::RecursiveMode::NonRecursive);
    let started = Instant::now();
    let mut follower = Follower::new(path, follow_from, line, refs);
    let shown = path.display();
    loop {
        let mut write_error = None;
        let looked = follower.poll(&query, plan.keep_raw, &mut |followed| {
            match followed {
                Followed::Found(found) if printed < max => {
                    if let Err(e) = write(&mut out, &found) {
                        write_error = Some(e);
                        return Err(io::Error::other("output failed"));
                    }
                    printed += 1;
                }
                Followed::Found(_) => {}
                Followed::Malformed(m) => eprintln!("auditlog: {m}"),
                Followed::Rotated => {
                    eprintln!("auditlog: {shown} was replaced: following the new file")
                }
                Followed::Truncated => {
                    eprintln!("auditlog: {shown} was truncated: reading it from the top")
                }
            }
            Ok(())
        });
        if let Some(e) = write_error {
            return Err(e.into());
        }
        looked.with_context(|| format!("cannot read {shown}"))?;
        // "Now" moves on from the now the query was resolved with (AUDITLOG_NOW or the clock).
        let passed = query
            .until
            .is_some_and(|until| now.instant + started.elapsed() > until);
        if printed >= max || passed || stop.load(Ordering::Relaxed) {
            break;
        }
        match rx.recv_timeout(LOOK_EVERY) {
            Ok(()) => while rx.try_recv().is_ok() {},
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => std::thread::sleep(LOOK_EVERY),
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn write(out: &mut Box<dyn Sink + '_>, found: &Found) -> io::Result<()> {
    out.write(found)?;
    out.flush()
}

/// The directory to watch for a log's changes and replacement.
fn watched_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The newest matching entries in `[0, end)`, newest first, as many as the plan's limit.
fn last_entries(log: &LogFile, end: u64, query: &Query, plan: &Plan) -> Result<Vec<Found>> {
    if plan.limit == Some(0) {
        return Ok(Vec::new());
    }
    let (start, stop) = log.range(query.zone, query.since, query.until)?;
    let mut found = Vec::new();
    log.search((start, stop.min(end)), query, plan, &mut |hit| {
        match hit {
            Hit::Found(f) => found.push(*f),
            Hit::Malformed(m) => eprintln!("auditlog: {m}"),
        }
        Ok(())
    })?;
    Ok(found)
}

/// Where the whole entries of a log end: before a last line still being written, or a last
/// entry whose reason may still go on.
fn whole_part(log: &LogFile) -> io::Result<u64> {
    let len = log.len();
    let from = len.saturating_sub(MAX_ENTRY_BYTES as u64);
    let mut tail = vec![0u8; (len - from) as usize];
    std::os::unix::fs::FileExt::read_exact_at(log.file(), &mut tail, from)?;
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
