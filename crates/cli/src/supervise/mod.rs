//! Running a command as a job execution: the job's lock on this host, the entries that record
//! its start and its end, and the command itself, in a process group of its own, its output
//! passed through and its end kept, its metrics read. Whatever the command comes to, its end is
//! recorded, or said on standard error when it cannot be.

mod execute;
mod guard;
mod job;
mod process;

pub use execute::{Control, execute};
pub use guard::guard;
pub use job::{Launch, create_dir, default_output_dir};
pub use process::NOTE;

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use anyhow::{Context as _, Result};
use auditlog::Entry;
use auditlog::Stamp;
use auditlog::execution::{FINISH, Finished, START, Started, Status, new_id};
use auditlog::json::iso8601;
use auditlog::record::{Body, NewEntry};
use auditlog::safe::safe_path;
use chrono::NaiveDateTime;

use crate::context::Context;
use crate::output::warn;
use crate::recording::{after_append, append_stamped};

/// What one execution came to.
pub struct Ended {
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
pub fn take_lock(job: &Launch, wait: bool, cancelled: &AtomicBool) -> Result<Lock> {
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
fn after_written(ctx: &Context, job: &Launch, entry: &Entry, at: u64) {
    if let Err(error) = after_append(ctx, &job.log, (entry, at), job.mirror.as_ref()) {
        let _ = warn(format!("{error:#}"));
    }
}

/// Appends one entry of an execution, and seals and mirrors it.
fn record(job: &Launch, ctx: &Context, request: &str, body: Body, at: NaiveDateTime) -> Result<()> {
    let mut entry = entry_of(job, request, body, at)?;
    let at = append_stamped(ctx, &job.log, &mut entry, job.sync)?;
    after_written(ctx, job, &entry, at);
    Ok(())
}

/// One entry of an execution.
fn entry_of(job: &Launch, request: &str, body: Body, at: NaiveDateTime) -> Result<Entry> {
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

fn started_fields(job: &Launch, id: String, retry_of: Option<String>) -> Started {
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
pub fn refuse(job: &Launch, ctx: &Context, running: &str) -> Result<()> {
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
