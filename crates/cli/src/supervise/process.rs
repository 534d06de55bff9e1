//! The command of an execution as a process: waiting for it (and stopping its group on a
//! timeout or a signal), passing its output through and keeping its end, and reading the
//! metrics it reported.

use std::collections::VecDeque;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use auditlog::execution::Metric;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use super::job::{Launch, MAX_METRICS_BYTES, create_file};

/// Waits for the command, ending its group on timeout (TERM, then KILL after the grace
/// period), and killing the group when it outlives a cancel by the grace period. Once the
/// command is stopped so, what it started is given the rest of the grace period and then
/// killed too, so nothing of it outlives the execution. Returns its status and whether it
/// timed out.
pub fn wait(
    child: &mut std::process::Child,
    job: &Launch,
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
pub struct OutputTail {
    bytes: VecDeque<u8>,
    max: usize,
    dropped: u64,
}

impl OutputTail {
    pub fn new(max: usize) -> OutputTail {
        OutputTail {
            bytes: VecDeque::new(),
            max,
            dropped: 0,
        }
    }

    pub fn push(&mut self, data: &[u8]) {
        self.bytes.extend(data);
        let over = self.bytes.len().saturating_sub(self.max);
        self.bytes.drain(..over);
        self.dropped += over as u64;
    }

    /// Writes what was kept to `path`, readable by no more people than the log at `log`.
    pub fn save(&self, path: &Path, log: &Path) -> io::Result<()> {
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
        let written = create_file(&tmp, log).and_then(|mut file| file.write_all(&text));
        if let Err(error) = written {
            let _ = fs::remove_file(&tmp);
            return Err(error);
        }
        fs::rename(&tmp, path)
    }
}

/// Passes a stream through to ours, keeping its end.
pub fn pump(
    mut from: impl Read + Send + 'static,
    mut to: impl Write + Send + 'static,
    kept: Arc<Mutex<OutputTail>>,
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

/// The metrics the command reported: `name=value` lines (any other line is noted, not
/// recorded), the last value of a name winning in
/// the place of its first. A value that is a JSON number is kept as the number it was written
/// (`1e2`, `-0`, `12345678901234567890`), any other as text. At most [`MAX_METRICS_BYTES`]
/// are read.
pub fn read_metrics(path: &Path) -> (Vec<(String, Metric)>, Vec<String>) {
    let mut bytes = Vec::new();
    let mut notes = Vec::new();
    let read = File::open(path).and_then(|f| f.take(MAX_METRICS_BYTES + 1).read_to_end(&mut bytes));
    if read.is_ok() && bytes.len() as u64 > MAX_METRICS_BYTES {
        bytes.truncate(MAX_METRICS_BYTES as usize);
        notes.push(format!(
            "the metrics past their first {MAX_METRICS_BYTES} bytes were not recorded"
        ));
    }
    let text = String::from_utf8_lossy(&bytes);
    let mut metrics: Vec<(String, Metric)> = Vec::new();
    for line in text.lines() {
        // `auditlog metric` notes a metric it refused on a line of its own.
        if let Some(note) = line.strip_prefix(NOTE) {
            notes.push(auditlog::safe::one_line(note).into_owned());
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let shown =
            || auditlog::safe::one_line(&line.chars().take(256).collect::<String>()).into_owned();
        let Some((name, value)) = line.split_once('=') else {
            notes.push(format!(
                "the metrics line {:?} was not recorded: it holds no '='",
                shown()
            ));
            continue;
        };
        let (name, value) = (name.trim(), Metric::parse(value.trim()));
        if !auditlog::execution::is_metric_name(name) {
            notes.push(format!(
                "the metrics line {:?} was not recorded: {}",
                shown(),
                auditlog::execution::METRIC_NAME_RULE
            ));
            continue;
        }
        match metrics.iter_mut().find(|(n, _)| n == name) {
            Some(kept) => kept.1 = value,
            None => metrics.push((name.to_owned(), value)),
        }
    }
    (metrics, notes)
}

/// How a line of the metrics file begins that notes a metric `auditlog metric` refused; no
/// metric's name begins so.
pub const NOTE: &str = "!";

/// How long the output may stay open after the command has ended (or been stopped): a process
/// it started that still holds the output past this is left running, and said to be.
pub const OUTPUT_GRACE: Duration = Duration::from_secs(2);

/// The identity of a pipe, as `/proc/PID/fd/N` names it: `pipe:[INODE]`.
pub fn pipe_name(end: &impl std::os::fd::AsFd) -> Option<String> {
    nix::sys::stat::fstat(end)
        .ok()
        .map(|stat| format!("pipe:[{}]", stat.st_ino))
}

/// Waits at most [`OUTPUT_GRACE`] for the pumps to reach the end of the command's output; the
/// processes that still hold it open then, other than this one, as `PID (NAME)`.
pub fn drain(pumps: &[thread::JoinHandle<()>], pipes: &[String]) -> Vec<String> {
    let start = Instant::now();
    while start.elapsed() < OUTPUT_GRACE {
        if pumps.iter().all(thread::JoinHandle::is_finished) {
            return Vec::new();
        }
        thread::sleep(Duration::from_millis(20));
    }
    holders(pipes)
}

/// The processes other than this one that hold any of `pipes` open, as `PID (NAME)`.
fn holders(pipes: &[String]) -> Vec<String> {
    let me = std::process::id().to_string();
    let Ok(procs) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for proc in procs.flatten() {
        let pid = proc.file_name().to_string_lossy().into_owned();
        if pid == me || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(fds) = fs::read_dir(proc.path().join("fd")) else {
            continue;
        };
        let holds = fds.flatten().any(|fd| {
            fs::read_link(fd.path())
                .is_ok_and(|to| pipes.iter().any(|p| to.as_os_str() == p.as_str()))
        });
        if holds {
            let name = fs::read_to_string(proc.path().join("comm")).unwrap_or_default();
            found.push(format!("{pid} ({})", auditlog::safe::one_line(name.trim())));
        }
    }
    found
}
