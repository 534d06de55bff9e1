//! A pager for what a command prints on a terminal, as git and journalctl have:
//! `$AUDITLOG_PAGER`, else `$PAGER`, else `less -FRSX` (quit when it fits on one screen, keep
//! colors, chop long lines, leave the screen as it is). Never when output is not a terminal.
//!
//! Standard output (and standard error, when it is the terminal too) go into the pager for as
//! long as the command runs. Ctrl-C goes to the pager, which uses it; when the pager quits, the
//! command ends quietly, as it does on a closed pipe.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use nix::unistd::{dup2_stderr, dup2_stdout};

use super::warnings::warn;

/// The pager when neither `$AUDITLOG_PAGER` nor `$PAGER` names one.
const DEFAULT: &str = "less -FRSX";

/// A pager that standard output goes into until it is dropped.
pub struct Pager {
    finished: Arc<AtomicBool>,
    watcher: Option<JoinHandle<()>>,
    stdout: OwnedFd,
    stderr: Option<OwnedFd>,
}

/// The pager command the environment asks for; none for `cat` or an empty one.
pub fn command() -> Option<String> {
    let chosen = std::env::var("AUDITLOG_PAGER")
        .or_else(|_| std::env::var("PAGER"))
        .unwrap_or_else(|_| DEFAULT.to_owned());
    let chosen = chosen.trim();
    (!chosen.is_empty() && chosen != "cat").then(|| chosen.to_owned())
}

impl Pager {
    /// Starts the pager when output is a terminal and it is not turned off; standard output
    /// goes into it from here on. A pager that cannot be started is said, and output goes to
    /// the terminal.
    pub fn start(terminal: bool, off: bool) -> io::Result<Option<Pager>> {
        if off || !terminal || !io::stdout().is_terminal() {
            return Ok(None);
        }
        let Some(command) = command() else {
            return Ok(None);
        };
        let child = match spawn(&command) {
            Ok(child) => child,
            Err(error) => {
                warn(format!(
                    "cannot start the pager `{command}`: {error}; set AUDITLOG_PAGER, or give --no-pager"
                ))?;
                return Ok(None);
            }
        };
        Pager::attach(child)
    }

    fn attach(mut child: Child) -> io::Result<Option<Pager>> {
        let Some(input) = child.stdin.take() else {
            return Ok(None);
        };
        io::stdout().flush()?;
        let stdout = io::stdout().as_fd().try_clone_to_owned()?;
        dup2_stdout(&input)?;
        let stderr = if io::stderr().is_terminal() {
            let saved = io::stderr().as_fd().try_clone_to_owned()?;
            dup2_stderr(&input)?;
            Some(saved)
        } else {
            None
        };
        drop(input);
        // Ctrl-C is the pager's: it stops what it is doing there, and `q` quits.
        signal_hook::flag::register(
            signal_hook::consts::SIGINT,
            Arc::new(AtomicBool::new(false)),
        )?;
        let finished = Arc::new(AtomicBool::new(false));
        let watcher = {
            let finished = Arc::clone(&finished);
            std::thread::spawn(move || {
                let _ = child.wait();
                // The pager quit before the output ended: nobody reads on.
                if !finished.load(Ordering::SeqCst) {
                    std::process::exit(0);
                }
            })
        };
        Ok(Some(Pager {
            finished,
            watcher: Some(watcher),
            stdout,
            stderr,
        }))
    }
}

/// Runs the pager command: through the shell when it holds anything but words.
fn spawn(command: &str) -> io::Result<Child> {
    let plain = command
        .chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || "-_./=+,:@%".contains(c));
    let mut process = if plain {
        let mut words = command.split_whitespace();
        let mut process = Command::new(words.next().unwrap_or(DEFAULT));
        process.args(words);
        process
    } else {
        let mut process = Command::new("/bin/sh");
        process.arg("-c").arg(command);
        process
    };
    for (name, value) in [("LESS", "FRSX"), ("LV", "-c")] {
        if std::env::var_os(name).is_none() {
            process.env(name, OsString::from(value));
        }
    }
    process.stdin(Stdio::piped()).spawn()
}

impl Drop for Pager {
    /// Ends the output: the pager reads to its end, and is waited for.
    fn drop(&mut self) {
        self.finished.store(true, Ordering::SeqCst);
        let _ = io::stdout().flush();
        let _ = dup2_stdout(&self.stdout);
        if let Some(stderr) = &self.stderr {
            let _ = dup2_stderr(stderr);
        }
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
    }
}
