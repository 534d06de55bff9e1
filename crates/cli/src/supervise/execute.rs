//! One execution, in its three phases: the start entry, the command spawned and waited for,
//! the finish entry.

use std::fs::{self, File};
use std::io::{self, IsTerminal, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use auditlog::Stamp;
use auditlog::execution::{FINISH, Finished, START, Started, Status, new_id};
use auditlog::format::render;
use auditlog::json::iso8601;
use auditlog::record::{Body, MAX_LINE_BYTES};
use auditlog::safe::safe_path;
use chrono::NaiveDateTime;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use super::guard::{self, Guard};
use super::job::{FINISH_ROOM, Launch, create_dir, create_file, outputs_of, prune_outputs};
use super::process::{OutputTail, drain, pipe_name, pump, read_metrics, wait};
use super::{Ended, after_written, entry_of, own_binary, random, started_fields, started_now};
use crate::context::Context;
use crate::output::warn;
use crate::recording::append_stamped;

/// An execution whose start entry is in the log.
struct Begun {
    /// When it started, as its entries are stamped.
    at: NaiveDateTime,
    fields: Started,
    /// The file the command writes its metrics to.
    metrics: PathBuf,
}

/// How the command of an execution is watched while it runs.
pub struct Control<'a> {
    /// Set when `run` was asked to stop: the command is sent SIGTERM.
    pub cancelled: &'a AtomicBool,
    /// The command's process ID while it runs, 0 otherwise.
    pub child_pid: &'a AtomicI32,
}

/// Runs the command once: start entry, command, finish entry. An error means the command did
/// not start; once it has, its finish is recorded however it ends, or said on standard error
/// when it cannot be.
pub fn execute(
    job: &Launch,
    ctx: &Context,
    lock: &File,
    retry_of: Option<String>,
    watch: &Control,
) -> Result<Ended> {
    let begun = record_start(job, ctx, lock, retry_of)?;
    let (mut finished, exit) = run_command(job, &begun, watch);
    take_metrics(&begun, &mut finished);
    let recorded = record_finish(job, ctx, &begun, &finished);
    Ok(Ended {
        id: begun.fields.id,
        status: finished.status,
        exit,
        recorded,
    })
}

/// The start entry, written once it is known to leave room for the finish entry; the lock
/// holds the execution's ID, and the metrics file is there for the command.
fn record_start(
    job: &Launch,
    ctx: &Context,
    lock: &File,
    retry_of: Option<String>,
) -> Result<Begun> {
    let at = started_now(ctx)?;
    let id = new_id(at, random()?);
    let mut lock_text = lock;
    let _ = lock.set_len(0);
    let _ = lock_text.write_all(id.as_bytes());
    let fields = started_fields(job, id.clone(), retry_of);
    let mut entry = entry_of(job, START, Body::of_map(&fields.body())?, at)?;
    let start = render(&entry);
    if start.len() + FINISH_ROOM > MAX_LINE_BYTES {
        bail!(
            "the command is too long to record: its start entry would take {} bytes, and an execution's entries may take at most {}",
            start.len() + 1,
            MAX_LINE_BYTES - FINISH_ROOM
        );
    }
    let metrics = job.dir.join(format!(".{id}.metrics"));
    create_file(&metrics, &job.log)
        .with_context(|| format!("cannot create {}", safe_path(&metrics)))?;
    let offset = match append_stamped(ctx, &job.log, &mut entry, job.sync) {
        Ok(offset) => offset,
        Err(error) => {
            let _ = fs::remove_file(&metrics);
            return Err(error);
        }
    };
    after_written(ctx, job, &entry, offset);
    Ok(Begun {
        at,
        fields,
        metrics,
    })
}

/// The command spawned and waited for: how it finished, but for its metrics, and the exit
/// code `run` passes on.
fn run_command(job: &Launch, begun: &Begun, watch: &Control) -> (Finished, u8) {
    let clock = Instant::now();
    let mut command = command_of(job, begun);
    let mut finished = Finished {
        status: Status::Failed,
        exit_code: None,
        signal: None,
        reason: None,
        started: iso8601(Stamp::local(begun.at)),
        ended: String::new(),
        duration_ms: 0,
        metrics: Vec::new(),
        output: None,
    };
    let guarded = guard::start(job.kill_after, &begun.fields.id);
    let exit = match command.spawn() {
        Err(error) => {
            guard::stop(guarded);
            let why = format!("cannot run {}: {error}", job.command[0]);
            let _ = warn(&why);
            finished.reason = Some(why);
            if error.kind() == io::ErrorKind::NotFound {
                127
            } else {
                126
            }
        }
        Ok(child) => supervise(job, begun, child, guarded, watch, &mut finished),
    };
    finished.duration_ms = clock.elapsed().as_millis() as u64;
    finished.ended = iso8601(Stamp::local(ended(begun, &finished)).to_millis());
    (finished, exit)
}

/// When an execution ended, as its finish entry is stamped.
fn ended(begun: &Begun, finished: &Finished) -> NaiveDateTime {
    begun.at + chrono::Duration::milliseconds(finished.duration_ms as i64)
}

/// The command, in a process group of its own, with the execution's variables.
fn command_of(job: &Launch, begun: &Begun) -> Command {
    let mut command = Command::new(&job.command[0]);
    command
        .args(&job.command[1..])
        .env("AUDITLOG_METRICS", &begun.metrics)
        .env("AUDITLOG_EXECUTION_ID", &begun.fields.id)
        .env("AUDITLOG_FILE", &job.log)
        // cron's PATH (/usr/bin:/bin) may not hold this binary: the command finds
        // `auditlog metric` all the same.
        .envs(own_binary())
        // A group of its own, so that a timeout or a signal reaches whatever it starts.
        .process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if io::stdin().is_terminal() {
        // Outside the terminal's foreground group, reading it would stop the command.
        command.stdin(Stdio::null());
    }
    command
}

/// The command, once started: its output passed through and its end kept, waited for until
/// it ends, times out or is cancelled. Gives the exit code `run` passes on.
fn supervise(
    job: &Launch,
    begun: &Begun,
    mut child: Child,
    mut guarded: Option<Guard>,
    watch: &Control,
    finished: &mut Finished,
) -> u8 {
    if let Some(guard) = guarded.as_mut() {
        guard.watch(child.id());
    }
    watch.child_pid.store(child.id() as i32, Ordering::SeqCst);
    if watch.cancelled.load(Ordering::SeqCst) {
        let _ = killpg(Pid::from_raw(child.id() as i32), Signal::SIGTERM);
    }
    let kept = Arc::new(Mutex::new(OutputTail::new(job.max_output)));
    let pipes: Vec<String> = [
        child.stdout.as_ref().and_then(pipe_name),
        child.stderr.as_ref().and_then(pipe_name),
    ]
    .into_iter()
    .flatten()
    .collect();
    let pumps: Vec<_> = [
        (child.stdout.take()).map(|out| pump(out, io::stdout(), Arc::clone(&kept))),
        (child.stderr.take()).map(|err| pump(err, io::stderr(), Arc::clone(&kept))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (status, timed_out) = wait(&mut child, job, watch.cancelled);
    watch.child_pid.store(0, Ordering::SeqCst);
    guard::stop(guarded);
    // A process that left the job's group (setsid) may hold the output open for ever: the
    // run ends all the same, and says what it left running.
    let left = drain(&pumps, &pipes);
    if !left.is_empty() {
        let why = format!("left running, holding the output open: {}", left.join(", "));
        let _ = warn(&why);
        finished.reason = Some(why);
    }
    finished.exit_code = status.code();
    finished.signal = status.signal();
    finished.status = status_of(status, timed_out, watch.cancelled, finished);
    keep_output(job, begun, &kept, finished);
    match (status.code(), status.signal()) {
        (Some(code), _) => code.clamp(0, 255) as u8,
        (None, Some(signal)) => (128 + signal).clamp(0, 255) as u8,
        (None, None) => 1,
    }
}

/// How an execution that ran ended; a timeout is said first in its reason.
fn status_of(
    status: ExitStatus,
    timed_out: bool,
    cancelled: &AtomicBool,
    finished: &mut Finished,
) -> Status {
    if timed_out {
        let why = finished
            .reason
            .take()
            .map_or(String::new(), |r| format!("; {r}"));
        finished.reason = Some(format!("timed out{why}"));
        Status::Failed
    } else if cancelled.load(Ordering::SeqCst) {
        Status::Cancelled
    } else if status.success() {
        Status::Successful
    } else {
        Status::Failed
    }
}

/// Keeps the end of the command's output among the job's outputs, and lets the oldest
/// beyond `--keep-outputs` go; what cannot be done is said, and put in the reason.
fn keep_output(job: &Launch, begun: &Begun, kept: &Mutex<OutputTail>, finished: &mut Finished) {
    let outputs = outputs_of(&job.dir, &job.name);
    let path = outputs.join(format!("{}.log", begun.fields.id));
    let saved = match kept.lock() {
        Ok(kept) => create_dir(&outputs)
            .map_err(io::Error::other)
            .and_then(|()| kept.save(&path, &job.log)),
        Err(_) => Err(io::Error::other("the output was lost")),
    };
    if saved.is_ok()
        && let Err(error) = prune_outputs(&outputs, job.keep_outputs)
    {
        let _ = warn(format!(
            "cannot remove old outputs in {}: {error}",
            safe_path(&outputs)
        ));
    }
    match saved {
        Ok(()) => finished.output = Some(path.display().to_string()),
        Err(error) => {
            let why = format!(
                "the output could not be kept in {}: {error}",
                safe_path(&path)
            );
            let _ = warn(&why);
            finished.reason.get_or_insert(why);
        }
    }
}

/// The metrics the command reported; what was wrong with them is said, and put in the
/// reason.
fn take_metrics(begun: &Begun, finished: &mut Finished) {
    let (metrics, notes) = read_metrics(&begun.metrics);
    finished.metrics = metrics;
    let _ = fs::remove_file(&begun.metrics);
    if !notes.is_empty() {
        let notes = notes.join("; ");
        let _ = warn(&notes);
        finished.reason = Some(match finished.reason.take() {
            Some(reason) => format!("{reason}; {notes}"),
            None => notes,
        });
    }
}

/// The finish entry; whether it was written. When it cannot be, how the execution ended is
/// said on standard error.
fn record_finish(job: &Launch, ctx: &Context, begun: &Begun, finished: &Finished) -> bool {
    let recorded = finished
        .body(&begun.fields)
        .map_err(anyhow::Error::from)
        .and_then(|body| entry_of(job, FINISH, body, ended(begun, finished)))
        .and_then(|mut entry| {
            let at = append_stamped(ctx, &job.log, &mut entry, job.sync)?;
            Ok((entry, at))
        });
    match &recorded {
        Ok((entry, at)) => after_written(ctx, job, entry, *at),
        Err(error) => {
            let how = match (finished.exit_code, finished.signal) {
                (Some(code), _) => format!(" (exit code {code})"),
                (None, Some(signal)) => format!(" (signal {signal})"),
                (None, None) => String::new(),
            };
            let _ = warn(format!(
                "execution {} of the job {:?} ended {}{how}, but its end could not be recorded: {error:#}",
                begun.fields.id,
                job.name,
                finished.status.name()
            ));
        }
    }
    recorded.is_ok()
}
