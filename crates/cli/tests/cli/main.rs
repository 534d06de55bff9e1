//! The binary as people and scripts use it: whole outputs and exit codes on real-looking logs.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use auditlog::scan::{Item, Reader};

/// A scratch directory with the binary set up to run in it, isolated from the machine: no
/// AUDITLOG_* variables, no NO_COLOR, no TZ, no SUDO_USER, no configuration, a fixed "now".
struct Env {
    dir: tempfile::TempDir,
}

/// What a run of the binary left behind.
#[derive(Debug, PartialEq, Eq)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Env {
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        fs::create_dir(env.path("config")).unwrap();
        env
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Copies a fixture into the directory under its own file name.
    fn fixture(&self, name: &str) -> PathBuf {
        let from = root().join("fixtures").join(name);
        let to = self.path(from.file_name().unwrap().to_str().unwrap());
        fs::copy(&from, &to).unwrap();
        to
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, text).unwrap();
        path
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.path(name)).unwrap()
    }

    fn cmd(&self) -> Command {
        // AUDITLOG_TEST_BINARY runs the tests against another build, an installed one say.
        let binary = std::env::var_os("AUDITLOG_TEST_BINARY")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_auditlog").into());
        let mut cmd = Command::new(binary);
        cmd.current_dir(self.dir.path());
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            if key.starts_with("AUDITLOG_")
                || ["NO_COLOR", "TZ", "SUDO_USER", "COLUMNS", "PAGER", "LESS"].contains(&&*key)
            {
                cmd.env_remove(&*key);
            }
        }
        // As git's tests set GIT_PAGER: a test of the pager sets its own.
        cmd.env("AUDITLOG_NOW", "2026-11-23T12:00:00,000")
            .env("AUDITLOG_PAGER", "cat")
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Out {
        output(self.cmd().args(args))
    }

    fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Out {
        let mut child = self
            .cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        Out {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }
}

/// What a run on a terminal left: its exit code, and what the terminal showed (its standard
/// output, and its standard error when `stderr_too`), line ends as `\n`; and its standard
/// error when that went to a pipe.
#[derive(Debug, PartialEq, Eq)]
struct Shown {
    code: i32,
    screen: String,
    stderr: String,
}

impl Env {
    /// Runs the binary with its standard output on a terminal (a pty of 50 rows and `columns`
    /// columns), and its standard error there too when `stderr_too`.
    fn run_on_terminal(&self, args: &[&str], columns: u16, stderr_too: bool) -> Shown {
        self.run_on_terminal_with(args, columns, stderr_too, &[])
    }

    /// The same, with environment variables set (or, with a value of `None`, removed).
    fn run_on_terminal_with(
        &self,
        args: &[&str],
        columns: u16,
        stderr_too: bool,
        vars: &[(&str, Option<&str>)],
    ) -> Shown {
        use nix::pty::{Winsize, openpty};
        let size = Winsize {
            ws_row: 50,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = openpty(Some(&size), None).unwrap();
        let terminal = fs::File::from(pty.slave);
        let mut cmd = self.cmd();
        for (name, value) in vars {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            };
        }
        cmd.args(args).stdout(terminal.try_clone().unwrap());
        if stderr_too {
            cmd.stderr(terminal.try_clone().unwrap());
        } else {
            cmd.stderr(Stdio::piped());
        }
        let mut child = cmd.spawn().unwrap();
        drop(cmd);
        drop(terminal);
        let mut stderr = child.stderr.take();
        let errors = std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(stderr) = stderr.as_mut() {
                std::io::Read::read_to_string(stderr, &mut text).unwrap();
            }
            text
        });
        let mut screen = Vec::new();
        let mut master = fs::File::from(pty.master);
        // Reading the terminal ends with EIO once every writer to it has gone.
        let _ = std::io::Read::read_to_end(&mut master, &mut screen);
        let code = child.wait().unwrap().code().unwrap();
        Shown {
            code,
            screen: String::from_utf8(screen).unwrap().replace("\r\n", "\n"),
            stderr: errors.join().unwrap(),
        }
    }
}

/// The repository's root: the fixtures, schemas, docs and contrib files are there.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn output(cmd: &mut Command) -> Out {
    let out = cmd.output().unwrap();
    Out {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Whether a process runs: one that has ended but was not reaped yet (an orphan whose new
/// parent reaps late) is not running.
fn alive(pid: i32) -> bool {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(") ")
        .is_some_and(|(_, rest)| !rest.starts_with('Z') && !rest.starts_with('X'))
}

fn ok(stdout: &str) -> Out {
    Out {
        code: 0,
        stdout: stdout.to_owned(),
        stderr: String::new(),
    }
}

fn failed(stderr: &str) -> Out {
    Out {
        code: 2,
        stdout: String::new(),
        stderr: stderr.to_owned(),
    }
}

fn found(code: i32, stdout: &str) -> Out {
    Out {
        code,
        stdout: stdout.to_owned(),
        stderr: String::new(),
    }
}

mod archives;
mod browse;
mod browser;
mod check;
mod contrib;
mod crash;
mod cursor;
mod databases;
mod export;
mod faults;
mod generated;
mod house;
mod jobs;
mod keep;
mod lake;
mod list;
mod mirror;
mod objects;
mod office;
mod pager;
mod printing;
mod prometheus;
mod reconcile;
mod reconcile_attack;
mod record;
mod report;
mod rotation;
mod run;
mod schemas;
mod seal;
mod serve;
mod shipping;
mod show;
mod tail;
mod tmux;
mod trust;
