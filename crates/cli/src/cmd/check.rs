//! `auditlog check`: lints logs, every line of them (see [`auditlog::lint`]), and prints each
//! finding as FILE:LINE: WHY and a summary per file. It reads what `list` reads: gzip members,
//! rotated sets with `--rotated`, standard input and pipes.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;

use anyhow::Result;
use auditlog::lint::{Linted, lint, lint_file};
use auditlog::safe::safe_path;
use auditlog::scan::{Input, Plan, Scan, open_log};

use crate::cli::CheckArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::output::{check, stdout, warn};

pub fn run(args: &CheckArgs, ctx: &Context) -> Result<Exit> {
    ctx.logs_exist()?;
    let pager = ctx.pager()?;
    let mut out = stdout();
    let (mut clean, mut failed) = (true, false);
    for file in ctx.streams()?.iter().flatten() {
        let linted = check_file(file, args, ctx, &mut out)?;
        failed |= linted.failed.is_some();
        clean &= linted.clean();
    }
    out.flush()?;
    drop(out);
    drop(pager);
    Ok(if failed {
        Exit::Failed
    } else if clean {
        Exit::Done
    } else {
        Exit::NothingFound
    })
}

/// Lints one file, printing what it finds and a summary.
fn check_file(
    file: &Path,
    args: &CheckArgs,
    ctx: &Context,
    out: &mut impl Write,
) -> Result<Linted> {
    let (name, p) = (safe_path(file), ctx.palette);
    let mut print = |finding| match writeln!(out, "{}", check::finding(&finding, &name, p)) {
        Ok(()) => ControlFlow::Continue(()),
        Err(error) => ControlFlow::Break(error),
    };
    let tolerance = args.backwards_tolerance;
    let linted = match open_log(file) {
        // A plain file is linted on every core.
        Ok(Input::File(log)) => lint_file(&log, &Plan::default(), ctx.zone, tolerance, &mut print),
        Ok(Input::Stream(src)) => lint(Scan::of_source(src, file), ctx.zone, tolerance, &mut print),
        Err(error) => ControlFlow::Continue(Linted {
            failed: Some(error),
            ..Linted::default()
        }),
    };
    let linted = match linted {
        ControlFlow::Continue(linted) => linted,
        ControlFlow::Break(error) => return Err(error.into()),
    };
    if let Some(error) = &linted.failed {
        warn(error)?;
    }
    writeln!(out, "{}", check::summary(&linted, &name, p))?;
    Ok(linted)
}
