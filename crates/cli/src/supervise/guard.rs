//! The guard `auditlog run` starts beside its command: should `run` die, even by SIGKILL, which
//! it cannot catch, the kernel tells the guard (the parent-death signal, set on itself), and the
//! guard stops the command's process group, TERM and then KILL after the grace, so that no
//! command outlives a run that can no longer record it. `run` ends the guard once the command
//! has ended.
//!
//! The guard starts before the command, and `run` tells it the command's group at once. Should
//! `run` die in the moment between, the guard finds the command by the execution's ID in its
//! environment.

use std::io::{BufRead, Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::{Pid, getppid};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::cli::GuardArgs;
use crate::exit::Exit;

/// A guard started, waiting to be told the command's process group.
pub struct Guard {
    child: Child,
}

/// Starts a guard, outside the command's group and holding none of its output, before the
/// command starts: so a `run` killed at any moment after the command starts leaves a guard
/// that will stop it; `None` when it cannot be started, which only loses the guard.
pub fn start(kill_after: Duration, execution: &str) -> Option<Guard> {
    let me = std::env::current_exe().ok()?;
    let child = Command::new(me)
        .arg("guard")
        .args(["--parent", &std::process::id().to_string()])
        .args(["--execution", execution])
        .args(["--kill-after", &kill_after.as_millis().to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // A group of its own: a signal to the terminal's group reaches `run`, which decides.
        .process_group(0)
        .spawn()
        .ok()?;
    Some(Guard { child })
}

impl Guard {
    /// Tells the guard the command's process group, which it guards from then on.
    pub fn watch(&mut self, group: u32) {
        if let Some(stdin) = self.child.stdin.as_mut() {
            let _ = writeln!(stdin, "{group}");
            let _ = stdin.flush();
        }
    }
}

/// Ends the guard once the command has ended.
pub fn stop(guard: Option<Guard>) {
    if let Some(mut guard) = guard {
        let _ = guard.child.kill();
        let _ = guard.child.wait();
    }
}

/// The guard itself: hears which group to guard on its standard input, then waits while `run`
/// lives and the group has processes. When `run` dies before it tells, the input ends: there
/// is nothing to guard.
pub fn guard(args: &GuardArgs) -> Result<Exit> {
    let parent = Pid::from_raw(args.parent);
    let told = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&told))?;
    }
    nix::sys::prctl::set_pdeathsig(Signal::SIGTERM).context("cannot ask to hear of run's end")?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(32)
        .read_line(&mut line)
        .context("cannot hear the command's group")?;
    let group = match line.trim().parse::<i32>() {
        Ok(group) => Pid::from_raw(group),
        Err(_) => match find_group(&args.execution) {
            Some(group) => group,
            None => return Ok(Exit::Done),
        },
    };
    loop {
        // Checked after the signal was set, too: `run` may have died before.
        if told.load(Ordering::SeqCst) || getppid() != parent {
            stop_group(group, Duration::from_millis(args.kill_after));
            return Ok(Exit::Done);
        }
        if killpg(group, None).is_err() {
            return Ok(Exit::Done);
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// TERM to the group, and KILL after `grace` to whatever is left of it.
fn stop_group(group: Pid, grace: Duration) {
    let _ = killpg(group, Signal::SIGTERM);
    let start = Instant::now();
    while start.elapsed() < grace && killpg(group, None).is_ok() {
        thread::sleep(Duration::from_millis(50));
    }
    let _ = killpg(group, Signal::SIGKILL);
}

/// The process group of the command of `execution`, found by the ID `run` put in its
/// environment: for a `run` that died before it could say. A command that `run` had started
/// to start execs within moments, so it is looked for a while.
fn find_group(execution: &str) -> Option<Pid> {
    let wanted = format!("AUDITLOG_EXECUTION_ID={execution}");
    for _ in 0..20 {
        let found = std::fs::read_dir("/proc").ok()?.flatten().find_map(|dir| {
            let pid: i32 = dir.file_name().to_str()?.parse().ok()?;
            let environ = std::fs::read(dir.path().join("environ")).ok()?;
            environ
                .split(|&b| b == 0)
                .any(|var| var == wanted.as_bytes())
                .then(|| nix::unistd::getpgid(Some(Pid::from_raw(pid))).ok())
                .flatten()
        });
        if found.is_some() {
            return found;
        }
        thread::sleep(Duration::from_millis(50));
    }
    None
}
