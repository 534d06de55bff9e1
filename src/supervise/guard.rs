//! The guard `auditlog run` starts beside its command: should `run` die, even by SIGKILL, which
//! it cannot catch, the kernel tells the guard (the parent-death signal, set on itself), and the
//! guard stops the command's process group, TERM and then KILL after the grace, so that no
//! command outlives a run that can no longer record it. `run` ends the guard once the command
//! has ended.

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

/// Starts the guard of the process group `group` (the command's), outside it and holding none
/// of its output; `None` when it cannot be started, which only loses the guard.
pub fn start(group: u32, kill_after: Duration) -> Option<Child> {
    let me = std::env::current_exe().ok()?;
    Command::new(me)
        .arg("guard")
        .args(["--group", &group.to_string()])
        .args(["--parent", &std::process::id().to_string()])
        .args(["--kill-after", &kill_after.as_millis().to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // A group of its own: a signal to the terminal's group reaches `run`, which decides.
        .process_group(0)
        .spawn()
        .ok()
}

/// Ends the guard once the command has ended.
pub fn stop(guard: Option<Child>) {
    if let Some(mut guard) = guard {
        let _ = guard.kill();
        let _ = guard.wait();
    }
}

/// The guard itself: waits while `run` lives and the command's group has processes.
pub fn guard(args: &GuardArgs) -> Result<Exit> {
    let (group, parent) = (Pid::from_raw(args.group), Pid::from_raw(args.parent));
    let told = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&told))?;
    }
    nix::sys::prctl::set_pdeathsig(Signal::SIGTERM).context("cannot ask to hear of run's end")?;
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
