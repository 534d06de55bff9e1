//! `auditlog check`: lints logs, every line of them (see [`auditlog::lint`]), and prints each
//! finding as FILE:LINE: WHY and a summary per file. It reads what `list` reads: gzip members,
//! rotated sets with `--rotated`, standard input and pipes.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use anyhow::Result;
use auditlog::lint::{Linted, lint, lint_file};
use auditlog::query::Query;
use auditlog::safe::safe_path;
use auditlog::scan::objects::{Unjoined, join};
use auditlog::scan::{Input, Keep, Plan, Scan, open_log};
use auditlog::search::{Event, Search, Source};

use crate::cli::CheckArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::output::{check, stdout, warn};

pub fn run(args: &CheckArgs, ctx: &Context) -> Result<Exit> {
    ctx.logs_exist()?;
    let pager = ctx.pager()?;
    let mut out = stdout();
    let (mut clean, mut failed) = (true, false);
    let streams = ctx.streams()?;
    for file in streams.iter().flatten() {
        let linted = check_file(file, args, ctx, &mut out)?;
        failed |= linted.failed.is_some();
        clean &= linted.clean();
    }
    clean &= joins(&streams, ctx, &mut out)?;
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

/// Checks that each log's entries and its objects log join by ID, where it has one and
/// entries with IDs: prints each join that cannot be made and a summary; whether every one
/// can.
fn joins(streams: &[Vec<PathBuf>], ctx: &Context, out: &mut impl Write) -> Result<bool> {
    let mut clean = true;
    for stream in streams {
        let Some(log) = stream.last() else { continue };
        let files: Vec<PathBuf> = ctx
            .objects_files_for(log)?
            .into_iter()
            .filter(|f| f.exists())
            .collect();
        if let Some(name) = files.last() {
            clean &= join_one(stream, &files, (name, ctx), out)?;
        }
    }
    Ok(clean)
}

/// Joins one log's entries (`stream`, its rotated files and itself) and its objects logs
/// `files`, named after `name`.
fn join_one(
    stream: &[PathBuf],
    files: &[PathBuf],
    (name, ctx): (&Path, &Context),
    out: &mut impl Write,
) -> Result<bool> {
    let query = Query::all(ctx.zone);
    let streams = [stream.to_vec()];
    let search = Search {
        oldest_first: true,
        read: Plan {
            keep: Keep {
                lines: true,
                ..Keep::default()
            },
            ..Plan::default()
        },
        ..Search::new(&streams, &query)
    };
    let mut entries = Vec::new();
    // What cannot be read was said above, file by file.
    let _read = Source::Search(search).each(&mut |event| {
        if let Event::Found(found) = event
            && let (Some(id), Some(origin)) = (found.entry.id, found.entry.origin)
        {
            entries.push((id, origin));
        }
        ControlFlow::<()>::Continue(())
    })?;
    let mut unreadable = Vec::new();
    let joins = join(entries, files, &mut |m| unreadable.push(m))?;
    for m in &unreadable {
        writeln!(out, "{m}")?;
    }
    for u in &joins.unjoined {
        writeln!(out, "{u}")?;
    }
    let no_entry = joins
        .unjoined
        .iter()
        .filter(|u| matches!(u, Unjoined::NoEntry { .. }))
        .count();
    let counts = (unreadable.len(), no_entry, joins.unjoined.len() - no_entry);
    let name = safe_path(name);
    writeln!(
        out,
        "{}",
        check::joins_summary(&name, counts, joins.outside, ctx.palette)
    )?;
    Ok(joins.unjoined.is_empty() && unreadable.is_empty())
}
