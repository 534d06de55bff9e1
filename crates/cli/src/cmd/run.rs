//! `auditlog run -- COMMAND`: runs a command as a job execution and records its start and its
//! finish in the log, however it ends. `auditlog metric` reports a metric from inside it.

use std::fs::OpenOptions;
use std::io::{self, IsTerminal, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::execution::{SCHEDULED, Status};
use auditlog::safe::safe_path;
use auditlog::time::parse_duration;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::cli::{MetricArgs, RunArgs};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::warn;
use crate::recording::{default_account, mirror_target, reason_fields};
use crate::supervise::{
    Control, Launch, Lock, create_dir, default_output_dir, execute, refuse, take_lock,
};

pub fn run(args: RunArgs, ctx: &Context) -> Result<Exit> {
    match run_job(&args, ctx) {
        Ok(exit) => Ok(exit),
        Err(err) => {
            warn(format!("{err:#}"))?;
            Ok(Exit::NotStarted)
        }
    }
}

/// Runs the job, again while it fails and retries are left; an error means the command did
/// not start.
fn run_job(args: &RunArgs, ctx: &Context) -> Result<Exit> {
    let job = resolve(args, ctx)?;
    let retry_delay = duration(&args.retry_delay, "--retry-delay")?;
    create_dir(&job.dir)?;
    let cancelled = Arc::new(AtomicBool::new(false));
    let child = Arc::new(AtomicI32::new(0));
    forward_signals(&cancelled, &child)?;
    let lock = match take_lock(&job, args.wait, &cancelled)? {
        Lock::Taken(lock) => lock,
        Lock::Busy(running) => {
            refuse(&job, ctx, &running)?;
            warn(format!(
                "the job {:?} is already running: {running}",
                job.name
            ))?;
            return Ok(Exit::AlreadyRunning);
        }
    };
    let mut retry_of = None;
    let mut attempt = 0;
    loop {
        let watch = Control {
            cancelled: &cancelled,
            child_pid: &child,
        };
        let outcome = execute(&job, ctx, &lock, retry_of.take(), &watch)?;
        if !outcome.recorded {
            return Ok(Exit::NotRecorded);
        }
        let retry = outcome.status == Status::Failed
            && attempt < args.retries
            && !cancelled.load(Ordering::SeqCst);
        if !retry {
            return Ok(Exit::Command(outcome.exit));
        }
        attempt += 1;
        warn(format!(
            "execution {} failed; retry {attempt} of {} in {}",
            outcome.id, args.retries, args.retry_delay
        ))?;
        let until = Instant::now() + retry_delay;
        while Instant::now() < until {
            if cancelled.load(Ordering::SeqCst) {
                return Ok(Exit::Command(outcome.exit));
            }
            thread::sleep(Duration::from_millis(50));
        }
        retry_of = Some(outcome.id);
    }
}

/// Signals to `auditlog run` go on to the command's group, and make the execution Cancelled.
fn forward_signals(cancelled: &Arc<AtomicBool>, child: &Arc<AtomicI32>) -> Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    let (cancel, target) = (Arc::clone(cancelled), Arc::clone(child));
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
    Ok(())
}

/// `auditlog metric NAME VALUE`: one line for the running execution's finish entry.
///
/// A metric it cannot record is an error (exit 2), and, where the file can be written, a note
/// that the execution's finish entry carries.
pub fn metric(args: &MetricArgs) -> Result<Exit> {
    let path = std::env::var_os("AUDITLOG_METRICS")
        .ok_or_else(|| anyhow!("AUDITLOG_METRICS is not set: `auditlog metric` reports to the execution `auditlog run` is running"))?;
    let context = || {
        format!(
            "cannot report the metric to {}",
            safe_path(Path::new(&path))
        )
    };
    let mut file = OpenOptions::new()
        .append(true)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK)
        .open(&path)
        .and_then(|file| match file.metadata()?.is_file() {
            true => Ok(file),
            false => Err(auditlog::durable::not_regular(Path::new(&path))),
        })
        .with_context(context)?;
    let name = &args.name;
    let invalid = if !auditlog::execution::is_metric_name(name) {
        Some(format!(
            "invalid metric name {:?}: {}",
            name.chars().take(256).collect::<String>(),
            auditlog::execution::METRIC_NAME_RULE,
        ))
    } else if args.value.contains(['\n', '\r']) || args.value.len() > 4096 {
        Some(format!(
            "invalid value for the metric {name:?}: a value is at most 4096 bytes, with no line breaks"
        ))
    } else {
        None
    };
    if let Some(why) = invalid {
        let note = format!(
            "{}the metric was not recorded: {why}\n",
            crate::supervise::NOTE
        );
        file.write_all(note.as_bytes()).with_context(context)?;
        bail!(why);
    }
    file.write_all(format!("{}={}\n", args.name, args.value).as_bytes())
        .with_context(context)?;
    Ok(Exit::Done)
}

fn resolve(args: &RunArgs, ctx: &Context) -> Result<Launch> {
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
    shown_name("job name", &name)?;
    if let Some(space) = &args.space {
        shown_name("space", space)?;
    }
    let scheduled = args.scheduled || (!args.manual && !io::stdin().is_terminal());
    let dir = args
        .output_dir
        .clone()
        .unwrap_or_else(|| default_output_dir(&log));
    // The finish entry says where the output is, from anywhere.
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    Ok(Launch {
        dir,
        name,
        space: args.space.clone(),
        trigger: if scheduled { "scheduled" } else { "manual" },
        executed_by: if scheduled {
            SCHEDULED.to_owned()
        } else {
            default_account()?
        },
        host: ctx.host.clone(),
        command: args.command.clone(),
        reason,
        time_spent,
        ticket,
        rules,
        max_output: size(&args.max_output)?,
        keep_outputs: args.keep_outputs as usize,
        timeout: args
            .timeout
            .as_deref()
            .map(|t| duration(t, "--timeout"))
            .transpose()?,
        kill_after: duration(&args.kill_after, "--kill-after")?,
        sync: !args.no_sync,
        mirror: mirror_target(args.mirror.as_deref(), ctx)?,
        log,
    })
}

/// Refuses a job's name or space that would not show as itself: empty, with a space at either
/// end, or holding a control or invisible character (`ro\u{200b}ot` shows as `root`; a
/// variation selector, `var\u{fe0f}x`, as `varx`).
fn shown_name(what: &str, text: &str) -> Result<()> {
    if text.trim().is_empty()
        || text.trim() != text
        || auditlog::safe::find_unsafe(text).is_some()
        || text.chars().any(auditlog::safe::is_variation_selector)
    {
        bail!(
            "invalid {what} {text:?}: it must not be empty, begin or end with a space, or hold a control or invisible character"
        );
    }
    Ok(())
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
