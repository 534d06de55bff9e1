//! The `auditlog` binary: parses the command line, runs one command, and turns the outcome into
//! an exit code. 0: done, or something found; 1: nothing found, or `check` found problems;
//! 2: an error, printed as `auditlog: <what>: <why>`. A closed pipe is a success.

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
            eprintln!("auditlog: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
