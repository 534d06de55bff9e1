//! Running a command as a job execution: the job's lock on this host, the entries that record
//! its start and its end, and the command itself, in a process group of its own, its output
//! passed through and its end kept, its metrics read. Whatever the command comes to, its end is
//! recorded, or said on standard error when it cannot be.

mod guard;
mod job;
mod process;

pub use guard::guard;
pub use job::{Job, create_dir, default_output_dir, outputs_of, prune_outputs};
pub use process::NOTE;

use std::fs::{self, File};
use std::io::Read;
use std::io::{self, IsTerminal, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use auditlog::Entry;
use auditlog::Stamp;
use auditlog::execution::{FINISH, Finished, START, Started, Status, new_id};
use auditlog::format::render;
use auditlog::json::iso8601;
use auditlog::record::{Body, MAX_LINE_BYTES, NewEntry};
use auditlog::safe::safe_path;
use chrono::NaiveDateTime;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use self::job::{FINISH_ROOM, create_file};
use self::process::{OutputTail, drain, pipe_name, pump, read_metrics, wait};
use crate::context::Context;
use crate::output::warn;
use crate::recording::{after_append, append_stamped};

/// What one execution came to.
pub struct Outcome {
    pub id: String,
    pub status: Status,
    pub exit: u8,
    /// Whether its finish entry was written.
    pub recorded: bool,
}

/// The job's lock: taken, or held by a running execution, whose ID it holds.
pub enum Lock {
    Taken(File),
    Busy(String),
}

/// The job's lock on this host: a file locked while an execution runs, holding its ID.
pub fn take_lock(job: &Job, wait: bool, cancelled: &AtomicBool) -> Result<Lock> {
    let dir = job.dir.join(".locks");
    create_dir(&dir)?;
    let name = job::file_name_of(&job.name);
    let path = dir.join(format!("{name}.lock"));
    let file = auditlog::durable::open_own(&path, 0o640)
        .with_context(|| format!("cannot open the job's lock {}", safe_path(&path)))?;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock::Taken(file)),
            Err(fs::TryLockError::WouldBlock) if wait && !cancelled.load(Ordering::SeqCst) => {
                thread::sleep(Duration::from_millis(200));
            }
            Err(fs::TryLockError::WouldBlock) => {
                let running = fs::read_to_string(&path).unwrap_or_default();
                return Ok(Lock::Busy(running.trim().to_owned()));
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", safe_path(&path)));
            }
        }
    }
}

/// Now, to the millisecond, as entries are stamped.
fn started_now(ctx: &Context) -> Result<NaiveDateTime> {
    Ok(Stamp::local(ctx.now_again()?.wall).to_millis().local)
}

fn random() -> Result<u32> {
    let mut bytes = [0u8; 4];
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("cannot read /dev/urandom for an execution ID")?;
    Ok(u32::from_le_bytes(bytes))
}

/// Seals and mirrors an entry of an execution once it is in the log, as the configuration
/// and flags say; a failure is said, and changes nothing about the execution.
fn after_written(ctx: &Context, job: &Job, entry: &Entry, at: u64) {
    if let Err(error) = after_append(ctx, &job.log, (entry, at), job.mirror.as_ref()) {
        let _ = warn(format!("{error:#}"));
    }
}

/// Appends one entry of an execution, and seals and mirrors it.
fn record(job: &Job, ctx: &Context, request: &str, body: Body, at: NaiveDateTime) -> Result<()> {
    let mut entry = entry_of(job, request, body, at)?;
    let at = append_stamped(ctx, &job.log, &mut entry, job.sync)?;
    after_written(ctx, job, &entry, at);
    Ok(())
}

/// One entry of an execution.
fn entry_of(job: &Job, request: &str, body: Body, at: NaiveDateTime) -> Result<Entry> {
    let entry = NewEntry {
        request: request.to_owned(),
        user: job.executed_by.clone(),
        params: Some(body),
        reason: job.reason.clone(),
        time_spent: job.time_spent,
        ticket: job.ticket.clone(),
        id: None,
    }
    .into_entry(Stamp::local(at), &job.rules)?;
    Ok(entry)
}

fn started_fields(job: &Job, id: String, retry_of: Option<String>) -> Started {
    Started {
        id,
        job: job.name.clone(),
        space: job.space.clone(),
        trigger: job.trigger.to_owned(),
        host: job.host.clone(),
        pid: std::process::id(),
        command: job.command.clone(),
        retry_of,
    }
}

/// Records an execution that was refused because the job was running.
pub fn refuse(job: &Job, ctx: &Context, running: &str) -> Result<()> {
    let at = started_now(ctx)?;
    let started = started_fields(job, new_id(at, random()?), None);
    record(job, ctx, START, Body::of_map(&started.body())?, at)?;
    let stamp = iso8601(Stamp::local(at));
    let finished = Finished {
        status: Status::Cancelled,
        exit_code: None,
        signal: None,
        reason: Some(format!("already running: {running}")),
        started: stamp.clone(),
        ended: stamp,
        duration_ms: 0,
        metrics: Vec::new(),
        output: None,
    };
    record(job, ctx, FINISH, finished.body(&started)?, at)
}

/// Runs the command once: start entry, command, finish entry. An error means the command did
/// not start; once it has, its finish is recorded however it ends, or said on standard error
/// when it cannot be.
pub fn execute(
    job: &Job,
    ctx: &Context,
    lock: &File,
    retry_of: Option<String>,
    cancelled: &AtomicBool,
    child_pid: &AtomicI32,
) -> Result<Outcome> {
    let at = started_now(ctx)?;
    let id = new_id(at, random()?);
    let mut lock_text = lock;
    let _ = lock.set_len(0);
    let _ = lock_text.write_all(id.as_bytes());
    let started = started_fields(job, id.clone(), retry_of);
    let mut start_entry = entry_of(job, START, Body::of_map(&started.body())?, at)?;
    let start = render(&start_entry);
    if start.len() + FINISH_ROOM > MAX_LINE_BYTES {
        bail!(
            "the command is too long to record: its start entry would take {} bytes, and an execution's entries may take at most {}",
            start.len() + 1,
            MAX_LINE_BYTES - FINISH_ROOM
        );
    }
    let metrics_path = job.dir.join(format!(".{id}.metrics"));
    create_file(&metrics_path, &job.log)
        .with_context(|| format!("cannot create {}", safe_path(&metrics_path)))?;
    let offset = match append_stamped(ctx, &job.log, &mut start_entry, job.sync) {
        Ok(offset) => offset,
        Err(error) => {
            let _ = fs::remove_file(&metrics_path);
            return Err(error);
        }
    };
    after_written(ctx, job, &start_entry, offset);

    let outputs = outputs_of(&job.dir, &job.name);
    let output_path = outputs.join(format!("{id}.log"));
    let clock = Instant::now();
    let mut command = Command::new(&job.command[0]);
    command
        .args(&job.command[1..])
        .env("AUDITLOG_METRICS", &metrics_path)
        .env("AUDITLOG_EXECUTION_ID", &id)
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
    let mut guarded = guard::start(job.kill_after, &id);
    let spawned = command.spawn();
    let mut finished = Finished {
        status: Status::Failed,
        exit_code: None,
        signal: None,
        reason: None,
        started: iso8601(Stamp::local(at)),
        ended: String::new(),
        duration_ms: 0,
        metrics: Vec::new(),
        output: None,
    };
    let exit = match spawned {
        Err(error) => {
            guard::stop(guarded);
            let _ = warn(format!("cannot run {}: {error}", job.command[0]));
            finished.reason = Some(format!("cannot run {}: {error}", job.command[0]));
            if error.kind() == io::ErrorKind::NotFound {
                127
            } else {
                126
            }
        }
        Ok(mut child) => {
            if let Some(guard) = guarded.as_mut() {
                guard.watch(child.id());
            }
            child_pid.store(child.id() as i32, Ordering::SeqCst);
            if cancelled.load(Ordering::SeqCst) {
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
                child
                    .stdout
                    .take()
                    .map(|out| pump(out, io::stdout(), Arc::clone(&kept))),
                child
                    .stderr
                    .take()
                    .map(|err| pump(err, io::stderr(), Arc::clone(&kept))),
            ]
            .into_iter()
            .flatten()
            .collect();
            let (status, timed_out) = wait(&mut child, job, cancelled);
            child_pid.store(0, Ordering::SeqCst);
            guard::stop(guarded);
            // A process that left the job's group (setsid) may hold the output open for ever:
            // the run ends all the same, and says what it left running.
            let left = drain(&pumps, &pipes);
            if !left.is_empty() {
                let why = format!("left running, holding the output open: {}", left.join(", "));
                let _ = warn(&why);
                finished.reason = Some(why);
            }
            finished.exit_code = status.code();
            finished.signal = status.signal();
            finished.status = if timed_out {
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
            };
            let saved = match kept.lock() {
                Ok(kept) => create_dir(&outputs)
                    .map_err(io::Error::other)
                    .and_then(|()| kept.save(&output_path, &job.log)),
                Err(_) => Err(io::Error::other("the output was lost")),
            };
            // The job's oldest outputs beyond --keep-outputs go; one that cannot is said.
            if saved.is_ok()
                && let Err(error) = prune_outputs(&outputs, job.keep_outputs)
            {
                let _ = warn(format!(
                    "cannot remove old outputs in {}: {error}",
                    safe_path(&outputs)
                ));
            }
            match saved {
                Ok(()) => finished.output = Some(output_path.display().to_string()),
                Err(error) => {
                    let why = format!(
                        "the output could not be kept in {}: {error}",
                        safe_path(&output_path)
                    );
                    let _ = warn(&why);
                    finished.reason.get_or_insert(why);
                }
            }
            match (status.code(), status.signal()) {
                (Some(code), _) => code.clamp(0, 255) as u8,
                (None, Some(signal)) => (128 + signal).clamp(0, 255) as u8,
                (None, None) => 1,
            }
        }
    };
    finished.duration_ms = clock.elapsed().as_millis() as u64;
    let ended = at + chrono::Duration::milliseconds(finished.duration_ms as i64);
    finished.ended = iso8601(Stamp::local(ended).to_millis());
    let (metrics, notes) = read_metrics(&metrics_path);
    finished.metrics = metrics;
    let _ = fs::remove_file(&metrics_path);
    if !notes.is_empty() {
        let notes = notes.join("; ");
        let _ = warn(&notes);
        finished.reason = Some(match finished.reason.take() {
            Some(reason) => format!("{reason}; {notes}"),
            None => notes,
        });
    }
    let recorded = finished
        .body(&started)
        .map_err(anyhow::Error::from)
        .and_then(|body| entry_of(job, FINISH, body, ended))
        .and_then(|mut entry| {
            let at = append_stamped(ctx, &job.log, &mut entry, job.sync)?;
            Ok((entry, at))
        });
    if let Ok((entry, at)) = &recorded {
        after_written(ctx, job, entry, *at);
    }
    if let Err(error) = &recorded {
        let how = match (finished.exit_code, finished.signal) {
            (Some(code), _) => format!(" (exit code {code})"),
            (None, Some(signal)) => format!(" (signal {signal})"),
            (None, None) => String::new(),
        };
        let _ = warn(format!(
            "execution {id} of the job {:?} ended {}{how}, but its end could not be recorded: {error:#}",
            job.name,
            finished.status.name()
        ));
    }
    Ok(Outcome {
        id,
        status: finished.status,
        exit,
        recorded: recorded.is_ok(),
    })
}

/// `AUDITLOG_BIN`, this binary, and a `PATH` that begins with the directory it was started
/// from (where a link named `auditlog` may point at a file named otherwise) and then its own:
/// for the command, whose environment (cron's) may not find it.
fn own_binary() -> Vec<(&'static str, std::ffi::OsString)> {
    let Ok(me) = std::env::current_exe() else {
        return Vec::new();
    };
    let invoked = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .filter(|p| p.components().count() > 1)
        .and_then(|p| std::path::absolute(p).ok())
        .and_then(|p| p.parent().map(Path::to_owned));
    let mut dirs: Vec<std::path::PathBuf> = invoked.into_iter().collect();
    dirs.extend(me.parent().map(Path::to_owned));
    dirs.dedup();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let mut vars = vec![("AUDITLOG_BIN", me.into_os_string())];
    if let Ok(path) = std::env::join_paths(dirs.into_iter().chain(std::env::split_paths(&rest))) {
        vars.push(("PATH", path));
    }
    vars
}
