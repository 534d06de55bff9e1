//! `auditlog check`: lints logs, every line of them (see [`auditlog::lint`]), and prints each
//! finding as FILE:LINE: WHY and a summary per file. It reads what `list` reads: gzip members,
//! rotated sets with `--rotated`, standard input and pipes.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;

use anyhow::Result;
use auditlog::lint::{Finding, Linted, lint, lint_file};
use auditlog::safe::safe_path;
use auditlog::scan::{Input, Plan, Scan, open_log};

use crate::cli::CheckArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::output::{Palette, stdout, warn};

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
    let mut print = |finding| match writeln!(out, "{}", said(&finding, &name, p)) {
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
    writeln!(out, "{}", summary(&linted, &name, p))?;
    Ok(linted)
}

/// A finding as `check` says it: FILE:LINE: WHY.
fn said(finding: &Finding, name: &str, p: Palette) -> String {
    let (line, why) = match finding {
        Finding::Malformed(m) => (m.origin.line, m.why.clone()),
        Finding::Backwards {
            line,
            stamp,
            before: (before, before_line),
            millis,
        } => (
            *line,
            format!(
                "{} by {}: {stamp} after {before} at line {before_line}",
                p.bad("time goes back"),
                human_millis(*millis)
            ),
        ),
        Finding::NoTail { line } => (
            *line,
            format!(
                "{}: the entry has no ' - TIMESPENT: … - TICKET: …', which JS7 writes (a write cut short, or a reason that goes on in what reads as the next entry)",
                p.bad("cut short?")
            ),
        ),
        Finding::Unended { line } => (
            *line,
            format!(
                "{}: the last line has no line end (a write cut short, or one still going on)",
                p.bad("cut short?")
            ),
        ),
    };
    format!("{}:{}: {why}", p.path(name), p.line(line))
}

/// The summary line of a file.
fn summary(linted: &Linted, name: &str, p: Palette) -> String {
    format!(
        "{}: {} {}, {} malformed {}, {} {} back in time{}{}",
        p.path(name),
        linted.entries,
        plural(linted.entries, "entry", "entries"),
        linted.malformed,
        plural(linted.malformed, "line", "lines"),
        linted.backwards,
        plural(linted.backwards, "step", "steps"),
        match linted.cut_short {
            0 => String::new(),
            1 => ", 1 sign of a write cut short".to_owned(),
            n => format!(", {n} signs of a write cut short"),
        },
        if linted.failed.is_some() {
            ", and it could not be read to its end"
        } else {
            ""
        },
    )
}

fn human_millis(ms: u64) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms % 60_000);
    let secs = format!("{}.{:03}s", s / 1000, s % 1000);
    match (h, m) {
        (0, 0) => secs,
        (0, m) => format!("{m}m {secs}"),
        (h, m) => format!("{h}h {m}m {secs}"),
    }
}

fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
