//! `auditlog run -- COMMAND`: runs a command as a job execution and records its start and its
//! finish in the log, however it ends. `auditlog metric` reports a metric from inside it.

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::Stamp;
use auditlog::append::append_line;
use auditlog::execution::{FINISH, Finished, Metric, SCHEDULED, START, Started, Status, new_id};
use auditlog::format::render;
use auditlog::format::safe_path;
use auditlog::json::iso8601;
use auditlog::record::{Body, MAX_LINE_BYTES, NewEntry, ReasonRules};
use auditlog::time::parse_duration;
use chrono::NaiveDateTime;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::Context;
use super::record::{default_account, reason_fields};
use crate::cli::{MetricArgs, RunArgs};
use crate::output::warn;

/// The exit code when the job was already running (EX_TEMPFAIL: try again later).
const ALREADY_RUNNING: u8 = 75;

/// The exit code when `auditlog run` failed before the command started, so that it did not
/// run: the log could not be written, say. As `env`, `nice` and `timeout` use it.
const NOT_STARTED: u8 = 125;

/// The exit code when the command ran but its finish entry could not be written; what it came
/// to is said on standard error.
const NOT_RECORDED: u8 = 124;

/// The most bytes of metrics an execution records.
const MAX_METRICS_BYTES: u64 = 64 << 10;

/// Room kept in an entry for what a finish entry adds to the start's fields: metrics, the
/// output's path, the reason.
const FINISH_ROOM: usize = MAX_METRICS_BYTES as usize + (16 << 10);

/// Everything an execution of this run needs, resolved before anything is written.
struct Job {
    log: PathBuf,
    dir: PathBuf,
    name: String,
    space: Option<String>,
    trigger: &'static str,
    executed_by: String,
    host: String,
    command: Vec<String>,
    reason: Option<String>,
    time_spent: Option<u64>,
    ticket: Option<String>,
    rules: ReasonRules,
    max_output: usize,
    timeout: Option<Duration>,
    kill_after: Duration,
    sync: bool,
}

/// What one execution came to.
struct Outcome {
    id: String,
    status: Status,
    exit: u8,
    /// Whether its finish entry was written.
    recorded: bool,
}

pub fn run(args: RunArgs, ctx: &Context) -> Result<ExitCode> {
    match run_job(&args, ctx) {
        Ok(code) => Ok(code),
        Err(err) => {
            warn(format!("{err:#}"))?;
            Ok(ExitCode::from(NOT_STARTED))
        }
    }
}

/// Runs the job; an error means the command did not start.
fn run_job(args: &RunArgs, ctx: &Context) -> Result<ExitCode> {
    let job = resolve(args, ctx)?;
    let retry_delay = duration(&args.retry_delay, "--retry-delay")?;
    create_dir(&job.dir)?;

    // Signals to `auditlog run` go on to the command, and make the execution Cancelled.
    let cancelled = Arc::new(AtomicBool::new(false));
    let child = Arc::new(AtomicI32::new(0));
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    let (cancel, target) = (Arc::clone(&cancelled), Arc::clone(&child));
    thread::spawn(move || {
        for signal in signals.forever() {
            cancel.store(true, Ordering::SeqCst);
            let pid = target.load(Ordering::SeqCst);
            if pid > 0
                && let Ok(signal) = Signal::try_from(signal)
            {
                let _ = killpg(Pid::from_raw(pid), signal);
            }
        }
    });

    let lock = match take_lock(&job, args.wait, &cancelled)? {
        Lock::Taken(lock) => lock,
        Lock::Busy(running) => {
            refuse(&job, ctx, &running)?;
            warn(format!(
                "the job {:?} is already running: {running}",
                job.name
            ))?;
            return Ok(ExitCode::from(ALREADY_RUNNING));
        }
    };
    let mut retry_of = None;
    let mut attempt = 0;
    loop {
        let outcome = execute(&job, ctx, &lock, retry_of.take(), &cancelled, &child)?;
        if !outcome.recorded {
            return Ok(ExitCode::from(NOT_RECORDED));
        }
        let retry = outcome.status == Status::Failed
            && attempt < args.retries
            && !cancelled.load(Ordering::SeqCst);
        if !retry {
            return Ok(ExitCode::from(outcome.exit));
        }
        attempt += 1;
        warn(format!(
            "execution {} failed; retry {attempt} of {} in {}",
            outcome.id, args.retries, args.retry_delay
        ))?;
        let until = Instant::now() + retry_delay;
        while Instant::now() < until {
            if cancelled.load(Ordering::SeqCst) {
                return Ok(ExitCode::from(outcome.exit));
            }
            thread::sleep(Duration::from_millis(50));
        }
        retry_of = Some(outcome.id);
    }
}

/// `auditlog metric NAME VALUE`: one line for the running execution's finish entry.
pub fn metric(args: &MetricArgs) -> Result<ExitCode> {
    let path = std::env::var_os("AUDITLOG_METRICS")
        .ok_or_else(|| anyhow!("AUDITLOG_METRICS is not set: `auditlog metric` reports to the execution `auditlog run` is running"))?;
    if args.name.is_empty()
        || args.name.contains(['=', '\n', '\r'])
        || args.value.contains(['\n', '\r'])
        || args.name.len() > 256
        || args.value.len() > 4096
    {
        bail!(
            "invalid metric {:?}={:?}: the name must hold 1 to 256 bytes and no '=' or line breaks, the value at most 4096 bytes and no line breaks",
            args.name,
            args.value
        );
    }
    let mut file = OpenOptions::new()
        .append(true)
        .open(&path)
        .with_context(|| format!("cannot report the metric to {}", Path::new(&path).display()))?;
    file.write_all(format!("{}={}\n", args.name, args.value).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn resolve(args: &RunArgs, ctx: &Context) -> Result<Job> {
    let rules = ctx.config.reason_rules();
    let (reason, time_spent, ticket) = reason_fields(args.reason.clone(), &rules)?;
    let log = ctx.single_file("writes to")?.clone();
    let program = args
        .command
        .first()
        .ok_or_else(|| anyhow!("no command to run"))?;
    let name = match &args.job {
        Some(name) => name.clone(),
        None => Path::new(program)
            .file_name()
            .map_or_else(|| program.clone(), |n| n.to_string_lossy().into_owned()),
    };
    if name.trim().is_empty() || name.chars().any(char::is_control) {
        bail!("invalid job name {name:?}: it must not be empty or hold control characters");
    }
    let scheduled = args.scheduled || (!args.manual && !io::stdin().is_terminal());
    let dir = args.output_dir.clone().unwrap_or_else(|| {
        log.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join("auditlog-executions")
    });
    // The finish entry says where the output is, from anywhere.
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    Ok(Job {
        dir,
        name,
        space: args.space.clone(),
        trigger: if scheduled { "scheduled" } else { "manual" },
        executed_by: if scheduled {
            SCHEDULED.to_owned()
        } else {
            default_account()?
        },
        host: nix::unistd::gethostname()?.to_string_lossy().into_owned(),
        command: args.command.clone(),
        reason,
        time_spent,
        ticket,
        rules,
        max_output: size(&args.max_output)?,
        timeout: args
            .timeout
            .as_deref()
            .map(|t| duration(t, "--timeout"))
            .transpose()?,
        kill_after: duration(&args.kill_after, "--kill-after")?,
        sync: !args.no_sync,
        log,
    })
}

fn duration(text: &str, flag: &str) -> Result<Duration> {
    parse_duration(text).ok_or_else(|| {
        anyhow!("{flag}: invalid duration {text:?}: write seconds (90 or 90s), minutes (5m), hours (2h), days (1d) or several (1h30m)")
    })
}

fn size(text: &str) -> Result<usize> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let unit = match &text[split..] {
        "" | "B" => 1,
        "K" | "KiB" => 1 << 10,
        "M" | "MiB" => 1 << 20,
        "G" | "GiB" => 1 << 30,
        _ => 0,
    };
    text[..split]
        .parse::<usize>()
        .ok()
        .filter(|_| unit > 0)
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| {
            anyhow!(
                "--max-output: invalid size {text:?}: write bytes (4096), KiB, MiB or GiB (10MiB)"
            )
        })
}

enum Lock {
    Taken(File),
    Busy(String),
}

/// Creates a directory for kept output and locks, readable by the log's group only (0750, as
/// the log is 0640).
fn create_dir(dir: &Path) -> Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o750)
        .create(dir)
        .with_context(|| format!("cannot create the directory {}", safe_path(dir)))
}

/// Creates a file for the execution (mode 0640, as the log).
fn create_file(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o640)
        .open(path)
}

/// The job's lock on this host: a file locked while an execution runs, holding its ID.
fn take_lock(job: &Job, wait: bool, cancelled: &AtomicBool) -> Result<Lock> {
    let dir = job.dir.join(".locks");
    create_dir(&dir)?;
    let name: String = job
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c.to_string()
            } else {
                format!("%{:02X}", c as u32)
            }
        })
        .collect();
    let path = dir.join(format!("{name}.lock"));
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o640)
        .open(&path)
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
    Ok(Stamp::local(ctx.now()?.wall).to_millis().local)
}

fn random() -> Result<u32> {
    let mut bytes = [0u8; 4];
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("cannot read /dev/urandom for an execution ID")?;
    Ok(u32::from_le_bytes(bytes))
}

/// Appends one entry of an execution.
fn record(job: &Job, request: &str, body: Body, at: NaiveDateTime) -> Result<()> {
    let line = entry_line(job, request, body, at)?;
    append_line(&job.log, &line, job.sync)?;
    Ok(())
}

/// The line of one entry of an execution.
fn entry_line(job: &Job, request: &str, body: Body, at: NaiveDateTime) -> Result<String> {
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
    Ok(render(&entry))
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
fn refuse(job: &Job, ctx: &Context, running: &str) -> Result<()> {
    let at = started_now(ctx)?;
    let started = started_fields(job, new_id(at, random()?), None);
    record(job, START, Body::of_map(&started.body())?, at)?;
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
    record(job, FINISH, finished.body(&started)?, at)
}

/// Runs the command once: start entry, command, finish entry. An error means the command did
/// not start; once it has, its finish is recorded however it ends, or said on standard error
/// when it cannot be.
fn execute(
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
    let start = entry_line(job, START, Body::of_map(&started.body())?, at)?;
    if start.len() + FINISH_ROOM > MAX_LINE_BYTES {
        bail!(
            "the command is too long to record: its start entry would take {} bytes, and an execution's entries may take at most {}",
            start.len() + 1,
            MAX_LINE_BYTES - FINISH_ROOM
        );
    }
    let metrics_path = job.dir.join(format!(".{id}.metrics"));
    create_file(&metrics_path)
        .with_context(|| format!("cannot create {}", safe_path(&metrics_path)))?;
    if let Err(error) = append_line(&job.log, &start, job.sync) {
        let _ = fs::remove_file(&metrics_path);
        return Err(error.into());
    }

    let output_path = job.dir.join(format!("{id}.log"));
    let clock = Instant::now();
    let mut command = Command::new(&job.command[0]);
    command
        .args(&job.command[1..])
        .env("AUDITLOG_METRICS", &metrics_path)
        .env("AUDITLOG_EXECUTION_ID", &id)
        .env("AUDITLOG_FILE", &job.log)
        // A group of its own, so that a timeout or a signal reaches whatever it starts.
        .process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if io::stdin().is_terminal() {
        // Outside the terminal's foreground group, reading it would stop the command.
        command.stdin(Stdio::null());
    }
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
            let _ = warn(format!("cannot run {}: {error}", job.command[0]));
            finished.reason = Some(format!("cannot run {}: {error}", job.command[0]));
            if error.kind() == io::ErrorKind::NotFound {
                127
            } else {
                126
            }
        }
        Ok(mut child) => {
            child_pid.store(child.id() as i32, Ordering::SeqCst);
            if cancelled.load(Ordering::SeqCst) {
                let _ = killpg(Pid::from_raw(child.id() as i32), Signal::SIGTERM);
            }
            let kept = Arc::new(Mutex::new(Kept::new(job.max_output)));
            let pumps = [
                child
                    .stdout
                    .take()
                    .map(|out| pump(out, io::stdout(), Arc::clone(&kept))),
                child
                    .stderr
                    .take()
                    .map(|err| pump(err, io::stderr(), Arc::clone(&kept))),
            ];
            let (status, timed_out) = wait(&mut child, job, cancelled);
            child_pid.store(0, Ordering::SeqCst);
            for handle in pumps.into_iter().flatten() {
                let _ = handle.join();
            }
            finished.exit_code = status.code();
            finished.signal = status.signal();
            finished.status = if timed_out {
                finished.reason = Some("timed out".to_owned());
                Status::Failed
            } else if cancelled.load(Ordering::SeqCst) {
                Status::Cancelled
            } else if status.success() {
                Status::Successful
            } else {
                Status::Failed
            };
            let saved = match kept.lock() {
                Ok(kept) => kept.save(&output_path),
                Err(_) => Err(io::Error::other("the output was lost")),
            };
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
    finished.metrics = read_metrics(&metrics_path);
    let _ = fs::remove_file(&metrics_path);
    let recorded = finished
        .body(&started)
        .map_err(anyhow::Error::from)
        .and_then(|body| entry_line(job, FINISH, body, ended))
        .and_then(|line| Ok(append_line(&job.log, &line, job.sync)?));
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

/// Waits for the command, ending its group on timeout (TERM, then KILL after the grace
/// period), and killing the group when it outlives a cancel by the grace period. Once the
/// command is stopped so, what it started is given the rest of the grace period and then
/// killed too, so nothing of it outlives the execution. Returns its status and whether it
/// timed out.
fn wait(
    child: &mut std::process::Child,
    job: &Job,
    cancelled: &AtomicBool,
) -> (std::process::ExitStatus, bool) {
    let group = Pid::from_raw(child.id() as i32);
    let start = Instant::now();
    let mut timed_out = false;
    let mut terminated: Option<Instant> = None;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            // Not ours to wait for any more: nothing to do but to wait for it blocking.
            Err(_) => match child.wait() {
                Ok(status) => break status,
                Err(_) => break std::process::ExitStatus::from_raw(1 << 8),
            },
        }
        if !timed_out && job.timeout.is_some_and(|limit| start.elapsed() >= limit) {
            timed_out = true;
            let _ = killpg(group, Signal::SIGTERM);
            terminated = Some(Instant::now());
        }
        if terminated.is_none() && cancelled.load(Ordering::SeqCst) {
            terminated = Some(Instant::now());
        }
        if terminated.is_some_and(|t| t.elapsed() >= job.kill_after) {
            let _ = killpg(group, Signal::SIGKILL);
        }
        thread::sleep(Duration::from_millis(20));
    };
    if let Some(t) = terminated {
        while killpg(group, None).is_ok() && t.elapsed() < job.kill_after {
            thread::sleep(Duration::from_millis(20));
        }
        let _ = killpg(group, Signal::SIGKILL);
    }
    (status, timed_out)
}

/// The end of the command's output, at most `max` bytes of it.
struct Kept {
    bytes: VecDeque<u8>,
    max: usize,
    dropped: u64,
}

impl Kept {
    fn new(max: usize) -> Kept {
        Kept {
            bytes: VecDeque::new(),
            max,
            dropped: 0,
        }
    }

    fn push(&mut self, data: &[u8]) {
        self.bytes.extend(data);
        let over = self.bytes.len().saturating_sub(self.max);
        self.bytes.drain(..over);
        self.dropped += over as u64;
    }

    fn save(&self, path: &Path) -> io::Result<()> {
        let mut text = Vec::with_capacity(self.bytes.len() + 64);
        if self.dropped > 0 {
            text.extend_from_slice(
                format!(
                    "[auditlog: the first {} bytes of output were not kept]\n",
                    self.dropped
                )
                .as_bytes(),
            );
        }
        text.extend(self.bytes.iter());
        let tmp = path.with_extension("log.tmp");
        let written = create_file(&tmp).and_then(|mut file| file.write_all(&text));
        if let Err(error) = written {
            let _ = fs::remove_file(&tmp);
            return Err(error);
        }
        fs::rename(&tmp, path)
    }
}

/// Passes a stream through to ours, keeping its end.
fn pump(
    mut from: impl Read + Send + 'static,
    mut to: impl Write + Send + 'static,
    kept: Arc<Mutex<Kept>>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            // Our own output may be closed; the command's output is still kept.
            let _ = to.write_all(&buf[..n]).and_then(|()| to.flush());
            if let Ok(mut kept) = kept.lock() {
                kept.push(&buf[..n]);
            }
        }
    })
}

/// The metrics the command reported: `name=value` lines, the last value of a name winning in
/// the place of its first. A value that is a JSON number is kept as the number it was written
/// (`1e2`, `-0`, `12345678901234567890`), any other as text. At most [`MAX_METRICS_BYTES`]
/// are read.
fn read_metrics(path: &Path) -> Vec<(String, Metric)> {
    let mut bytes = Vec::new();
    let read = File::open(path).and_then(|f| f.take(MAX_METRICS_BYTES + 1).read_to_end(&mut bytes));
    if read.is_ok() && bytes.len() as u64 > MAX_METRICS_BYTES {
        bytes.truncate(MAX_METRICS_BYTES as usize);
        let _ = warn(format!(
            "the metrics past their first {MAX_METRICS_BYTES} bytes were not recorded"
        ));
    }
    let text = String::from_utf8_lossy(&bytes);
    let mut metrics: Vec<(String, Metric)> = Vec::new();
    for line in text.lines() {
        if let Some((name, value)) = line.split_once('=') {
            let (name, value) = (name.trim(), Metric::parse(value.trim()));
            match metrics.iter_mut().find(|(n, _)| n == name) {
                Some(kept) => kept.1 = value,
                None => metrics.push((name.to_owned(), value)),
            }
        }
    }
    metrics
}
