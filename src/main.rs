//! The `auditlog` binary: parses the command line, runs one command, and turns the outcome into
//! an exit code. 0: done, or something found; 1: nothing found, or `check` found problems;
//! 2: an error, printed as `auditlog: <what>: <why>`. A closed pipe, on standard output or
//! standard error, is a success.

mod cli;
mod cmd;
mod output;

use std::io;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Nothing more to say when standard error is closed too.
            let _ = output::warn(format!("{err:#}"));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
