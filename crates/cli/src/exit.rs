//! How `auditlog` ends: every exit code it uses, named once; `main` turns them into numbers.

use std::process::ExitCode;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: done, or something was found.
    Done,
    /// 1: nothing was found, or `check` found problems.
    NothingFound,
    /// 2: an error, said on standard error; also when a log could not be read to its end
    /// although the others were.
    Failed,
    /// `run`: the command's own exit code, 128 + the signal that killed it, 127 when it was not
    /// found, 126 when it could not be run.
    Command(u8),
    /// 75 (EX_TEMPFAIL): `run` refused, as the job was already running.
    AlreadyRunning,
    /// 124: `run`'s command ran, but its end could not be recorded.
    NotRecorded,
    /// 125: `run`'s command did not start, because `auditlog run` failed first.
    NotStarted,
    /// 130: interrupted by Ctrl-C before it was done.
    Interrupted,
}

impl Exit {
    /// 0 when something was found, 1 when nothing was.
    pub fn found(anything: bool) -> Exit {
        if anything {
            Exit::Done
        } else {
            Exit::NothingFound
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Done => 0,
            Exit::NothingFound => 1,
            Exit::Failed => 2,
            Exit::Command(code) => code,
            Exit::AlreadyRunning => 75,
            Exit::NotRecorded => 124,
            Exit::NotStarted => 125,
            Exit::Interrupted => 130,
        })
    }
}
