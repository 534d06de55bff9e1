//! One module per subcommand, each wiring its arguments to a search and a sink, or to what it
//! writes. No command imports another: what two share lives in the library, in `context`,
//! `output`, `recording` or `supervise`.

mod archive;
mod browse;
mod check;
mod executions;
mod export;
mod generate;
mod index;
mod jobs;
mod list;
mod reasons;
mod reconcile;
mod record;
mod report;
mod retention;
mod run;
mod seal;
mod serve;
mod show;
mod tail;
mod verify;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::exit::Exit;

/// Runs the command the command line names.
pub fn run(cli: Cli) -> Result<Exit> {
    if let Command::Generate(args) = &cli.command {
        return generate::run(args);
    }
    if let Command::Guard(args) = &cli.command {
        return crate::supervise::guard(args);
    }
    let ctx = Context::new(&cli)?;
    match cli.command {
        Command::Record(args) => record::run(args, &ctx),
        Command::Check(args) => check::run(&args, &ctx),
        Command::Index(args) => index::run(&args, &ctx),
        Command::Reasons => reasons::run(&ctx),
        Command::List(args) => list::run(&args, &ctx),
        // `history OBJECT` is `list --object OBJECT`.
        Command::History(args) => list::run(&args.into(), &ctx),
        Command::Browse(args) => browse::run(&args, &ctx),
        Command::Serve(args) => serve::run(&args, ctx),
        Command::Show(args) => show::run(&args, &ctx),
        Command::Tail(args) => tail::run(&args, &ctx),
        Command::Run(args) => run::run(args, &ctx),
        Command::Metric(args) => run::metric(&args),
        Command::Executions(args) => executions::run(&args, &ctx),
        Command::Export(args) => export::run(&args, &ctx),
        Command::Seal(args) => seal::run(args, &ctx),
        Command::Archive(args) => archive::run(&args, &ctx),
        Command::Retention(args) => retention::run(&args, &ctx),
        Command::Verify(args) => verify::run(&args, &ctx),
        Command::Report(args) => report::run(&args, &ctx),
        Command::Reconcile(args) => reconcile::run(&args, &ctx),
        Command::Jobs(args) => jobs::run(&args, &ctx),
        Command::Generate(_) | Command::Guard(_) => unreachable!("handled above"),
    }
}
