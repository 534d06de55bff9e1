//! `auditlog tail`: the last entries, oldest first, and with `-f` every matching entry as it
//! is appended, flushed at once.

use std::io;
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use auditlog::query::Query;
use auditlog::reference::RefCounter;
use auditlog::safe::safe_path;
use auditlog::scan::follow::{Follower, whole_entries_end};
use auditlog::scan::{Direction, Found, Input, Keep, LogFile, Plan, ReadError, Scan};
use auditlog::scan::{open_log, rotated_set};
use auditlog::search::cursor::Cursor;
use auditlog::search::{Follow, Source, last_entries, last_of_stream};
use auditlog::time::Zone;
use notify::Watcher;

use crate::cli::TailArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::output::{EntryRow, Format, Pace, Sink, Warnings, Watch, pump, sink, stdout};
use crate::resume::Resume;

/// How long to wait for a change before looking anyway.
const LOOK_EVERY: Duration = Duration::from_millis(100);

pub fn run(args: &TailArgs, ctx: &Context) -> Result<Exit> {
    let query = ctx.query(&args.filters)?;
    let format = args.output.map_or(
        if ctx.screen.terminal {
            Format::Plain
        } else {
            Format::Raw
        },
        Format::from,
    );
    let path = ctx.single_file("follows")?;
    if !args.follow {
        ctx.logs_exist()?;
    }
    // Ctrl-C and kill end following quietly; they are checked between looks.
    let stop = crate::output::stop_flag()?;
    let plan = Plan {
        direction: Direction::Backward,
        // `-n 0` prints nothing, and still says by its exit code whether anything matched.
        limit: Some(args.lines.max(1)),
        keep: format.keep(),
        cache: ctx.cache.clone(),
        ..Plan::default()
    };
    let mut out = sink::<EntryRow, _>(format, stdout(), ctx.screen, Pace::EachRow);
    let max = args.max.unwrap_or(u64::MAX);
    let members = if ctx.rotated {
        rotated_set(path)?
    } else {
        vec![path.clone()]
    };
    let warnings = Warnings::new(&members);
    if let Some(resume) = Resume::new(&args.cursor, ctx)? {
        return after_cursor(args, ctx, &query, resume, out, warnings, (plan.keep, &stop));
    }
    let (mut last, start) = last(path, &members, &query, &plan, args.follow, &warnings)?;
    let found = !last.is_empty();
    last.truncate((args.lines as u64).min(max) as usize);
    let mut printed = 0u64;
    for found in last.into_iter().rev() {
        out.write(EntryRow::new(found))?;
        printed += 1;
    }
    out.flush()?;
    if !args.follow || printed >= max {
        out.finish()?;
        return warnings.exit(found);
    }
    warnings.finish()?;
    let follower = follower(path, start.as_ref(), &plan, query.zone)?;
    let until = query
        .until
        .map(|until| (until, ctx.now.instant, Instant::now()));
    let mut following = Following {
        out: &mut out,
        printed,
        max,
        keep: plan.keep,
        stop: &stop,
        resume: None,
    };
    following.follow(follower, &query, until)?;
    out.finish()?;
    Ok(Exit::Done)
}

/// `tail --cursor-file`: what came after the cursor, and with -f on from there.
fn after_cursor(
    args: &TailArgs,
    ctx: &Context,
    query: &Query,
    resume: Resume,
    mut out: Box<dyn Sink<EntryRow> + '_>,
    warnings: Warnings,
    (keep, stop): (Keep, &AtomicBool),
) -> Result<Exit> {
    let mut following = Following {
        out: &mut out,
        printed: 0,
        max: args.max.unwrap_or(u64::MAX),
        keep,
        stop,
        resume: Some(resume),
    };
    let found = following.after_cursor(args.follow, ctx, query, &warnings)?;
    following.show_cursor()?;
    out.finish()?;
    if args.follow {
        Ok(Exit::Done)
    } else {
        warnings.exit(found)
    }
}

/// A log opened to be followed, and where its whole entries end.
type FollowFrom = (LogFile, u64);

/// The last entries of the log, newest first, and the log opened when it is a plain file;
/// none when it is to be followed and is not there yet.
fn last(
    path: &Path,
    members: &[PathBuf],
    query: &Query,
    plan: &Plan,
    follow: bool,
    warnings: &Warnings,
) -> Result<(Vec<Found>, Option<FollowFrom>)> {
    let mut problems = |event| {
        warnings.note(event);
    };
    Ok(match open_log(path) {
        Ok(Input::File(log)) => {
            // Following starts where the whole entries end; without it, the last entries are
            // those `list` reads, to the end of the file.
            let end = match follow {
                true => whole_entries_end(&log).map_err(|e| ReadError::new(path, e))?,
                false => log.len(),
            };
            let older = &members[..members.len() - 1];
            let last = last_entries(&log, end, older, query, plan, &mut problems);
            (last, Some((log, end)))
        }
        Ok(Input::Stream(_)) if follow => bail!(
            "cannot follow {}: it is not a regular file (without -f, tail prints the last entries of a stream)",
            safe_path(path)
        ),
        Ok(Input::Stream(src)) => {
            let limit = plan.limit.unwrap_or(usize::MAX);
            let scan = Scan::of_source(src, path);
            (
                last_of_stream(scan, query, limit, plan.keep, &mut problems),
                None,
            )
        }
        Err(ReadError { error, .. }) if error.kind() == io::ErrorKind::NotFound && follow => {
            (Vec::new(), None)
        }
        Err(error) => return Err(error.into()),
    })
}

/// A follower that starts where the whole entries end, knowing the line numbers and the
/// references of the entries before.
fn follower(path: &Path, start: Option<&FollowFrom>, plan: &Plan, zone: Zone) -> Result<Follower> {
    let Some((log, end)) = start else {
        return Ok(Follower::new(path, 0, 1, RefCounter::new(zone)));
    };
    let line = if plan.keep.lines {
        log.lines_before(*end)? + 1
    } else {
        0
    };
    let refs = if plan.keep.refs {
        log.refs_before(*end, zone)?
    } else {
        RefCounter::new(zone)
    };
    Ok(Follower::new(path, *end, line, refs))
}

/// Printing entries as they are appended.
struct Following<'a, 'o> {
    out: &'a mut Box<dyn Sink<EntryRow> + 'o>,
    printed: u64,
    max: u64,
    keep: Keep,
    stop: &'a AtomicBool,
    /// With --cursor-file: the cursor, moved on and saved after each look that printed.
    resume: Option<Resume>,
}

impl Following<'_, '_> {
    /// `tail --cursor-file`: every matching entry after the cursor (not the last N), the
    /// cursor saved once they are out, and with -f on from there. Whether any matched.
    fn after_cursor(
        &mut self,
        follow: bool,
        ctx: &Context,
        query: &Query,
        warnings: &Warnings,
    ) -> Result<bool> {
        let Some(resume) = self.resume.as_mut() else {
            unreachable!("called with a cursor")
        };
        let mut source = Source::After(resume.after(query, self.keep, Some(self.max)));
        let pumped = pump(&mut source, &mut **self.out, warnings, Watch::default());
        let (reached, follower) = source.done();
        resume.moved_to(reached);
        self.printed = pumped?;
        self.out.flush()?;
        resume.save()?;
        let found = self.printed > 0;
        if let Some(follower) = follower.filter(|_| follow && self.printed < self.max) {
            let until = query
                .until
                .map(|until| (until, ctx.now.instant, Instant::now()));
            self.follow(follower, query, until)?;
        }
        Ok(found)
    }

    /// Prints the cursor on standard error, when --show-cursor asks.
    fn show_cursor(&self) -> Result<()> {
        match &self.resume {
            Some(resume) => resume.show(),
            None => Ok(()),
        }
    }

    /// Prints every matching entry appended from now on, until `max` in all are printed,
    /// `until` (with the now it was resolved against, and when) has passed, a signal comes,
    /// or standard output is closed. With a cursor, it is saved after each look that moved it.
    fn follow(&mut self, follower: Follower, query: &Query, until: Option<Until>) -> Result<()> {
        let path = follower.position().0.to_owned();
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |_| {
            let _ = tx.send(());
        })?;
        // Without a watch on the directory (none on this system, or no directory yet), looking
        // every LOOK_EVERY still follows.
        let _ = watcher.watch(watched_dir(&path), notify::RecursiveMode::NonRecursive);
        let stop = self.stop;
        let mut follow = Follow::new(follower, query, self.keep);
        follow.limit = Some(self.max - self.printed);
        if let Some(resume) = &self.resume {
            follow = follow.with_cursor(resume.cursor().cloned(), resume.rotated());
        }
        let mut resume = self.resume.as_mut();
        let wait = move |cursor: Option<&Cursor>| {
            if let Some(resume) = resume.as_mut() {
                resume.follows(cursor)?;
            }
            // "Now" moves on from the now the query was resolved with (AUDITLOG_NOW or the
            // clock).
            let passed = until.is_some_and(|(until, now, started)| now + started.elapsed() > until);
            if passed || stop.load(Ordering::Relaxed) || stdout_closed() {
                return Ok(false);
            }
            match rx.recv_timeout(LOOK_EVERY) {
                Ok(()) => while rx.try_recv().is_ok() {},
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => std::thread::sleep(LOOK_EVERY),
            }
            Ok(true)
        };
        let mut source = Source::Follow(follow.waiting(Box::new(wait)));
        let pumped = pump(
            &mut source,
            &mut **self.out,
            &Warnings::live(),
            Watch::default(),
        );
        let (cursor, _) = source.done();
        self.printed += pumped?;
        match self.resume.as_mut() {
            Some(resume) => resume.follows(cursor.as_ref()),
            None => Ok(()),
        }
    }
}

/// The instant `--until` names, the now it was resolved against, and when that was.
type Until = (
    chrono::DateTime<chrono::Utc>,
    chrono::DateTime<chrono::Utc>,
    Instant,
);

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
