//! The `auditlog` binary: parses the command line, runs one command, and turns how it ended
//! (an [`exit::Exit`]) into an exit code. An error is printed as `auditlog: <what>: <why>` and
//! ends with 2; a closed pipe, on standard output or standard error, is a success.

mod browse;
mod cli;
mod cmd;
mod context;
mod database;
mod exit;
mod output;
mod recording;
mod resume;
mod serve;
mod supervise;
mod views;

use std::io;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::exit::Exit;

fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(error) => return refused(&error),
    };
    match cmd::run(cli) {
        Ok(exit) => exit.into(),
        Err(err) if is_broken_pipe(&err) => Exit::Done.into(),
        Err(err) => {
            // Nothing more to say when standard error is closed too.
            let _ = output::warn(format!("{err:#}"));
            Exit::Failed.into()
        }
    }
}

/// The command line, read with the environment's defaults; a variable set but empty
/// (`AUDITLOG_FILE= auditlog …`) is read as unset, as `AUDITLOG_NOW` is.
fn parse() -> Result<cli::Cli, clap::Error> {
    let mut command = cli::Cli::command();
    for (arg, var) in [("file", "AUDITLOG_FILE"), ("config", "AUDITLOG_CONFIG")] {
        if std::env::var_os(var).is_some_and(|v| v.is_empty()) {
            command = command.mut_arg(arg, |a| a.env(None));
        }
    }
    let matches = command.try_get_matches()?;
    <cli::Cli as clap::FromArgMatches>::from_arg_matches(&matches)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let written = |cause: &(dyn std::error::Error + 'static)| match cause.downcast_ref() {
        Some(output::PumpError::Write(error)) => Some(error.kind()),
        _ => cause.downcast_ref::<io::Error>().map(io::Error::kind),
    };
    err.chain()
        .filter_map(written)
        .any(|kind| kind == io::ErrorKind::BrokenPipe)
}

/// A command line clap refused: its message, and 2; or 125 for `run`, whose own codes must
/// not be mistaken for its command's (help and the version are a success).
fn refused(error: &clap::Error) -> ExitCode {
    let _ = error.print();
    if !error.use_stderr() {
        return ExitCode::SUCCESS;
    }
    let run = cli::Cli::command()
        .ignore_errors(true)
        .try_get_matches()
        .is_ok_and(|m| m.subcommand_name() == Some("run"));
    if run { Exit::NotStarted } else { Exit::Failed }.into()
}
