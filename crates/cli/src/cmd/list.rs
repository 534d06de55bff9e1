//! `auditlog list`: the entries a query matches, newest first, in the form asked for.

use std::io::Write;
use std::ops::ControlFlow;

use anyhow::Result;
use auditlog::query::Query;
use auditlog::scan::CHUNK;
use auditlog::search::Search;

use crate::cli::{ListArgs, OutputFormat};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::{EntryRow, Pace, Warnings, sink, stdout, warn};
use crate::resume::Resume;

pub fn run(args: &ListArgs, ctx: &Context) -> Result<Exit> {
    let query = ctx.query(&args.filters)?;
    ctx.logs_exist()?;
    let terminal = ctx.screen.terminal;
    let format = args.listing.output.unwrap_or(if terminal {
        OutputFormat::Table
    } else {
        OutputFormat::Raw
    });
    if let Some(resume) = Resume::new(&args.cursor, ctx)? {
        return after_cursor(args, ctx, &query, resume, format);
    }
    let streams = ctx.streams()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let search = Search {
        oldest_first: args.listing.order.oldest_first,
        limit: args.listing.order.limit,
        strict: args.strict,
        keep_raw: format == OutputFormat::Raw,
        need_lines: matches!(format, OutputFormat::Json | OutputFormat::Ndjson),
        need_refs: format != OutputFormat::Raw,
        chunk: CHUNK,
        line_cache: ctx.line_cache.clone(),
        ..Search::new(&streams, &query)
    };
    // `-n 0` shows nothing, and still says by its exit code whether anything matched.
    if args.count || search.limit == Some(0) {
        let count = search.count(&mut |event| {
            warnings.note(event);
            ControlFlow::<()>::Continue(())
        })?;
        let count = count.continue_value().unwrap_or_default();
        if args.count {
            let mut out = stdout();
            writeln!(
                out,
                "{}",
                search.limit.map_or(count, |n| count.min(n as u64))
            )?;
            out.flush()?;
        }
        return warnings.exit(count > 0);
    }
    let pager = ctx.pager()?;
    let mut out = sink::<EntryRow, _>(format, stdout(), ctx.screen, Pace::AllCores);
    let flow = search.run(&mut |event| match warnings.note(event) {
        Some(found) => match out.write(EntryRow::new(found)) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => ControlFlow::Break(e),
        },
        None => ControlFlow::Continue(()),
    })?;
    let count = match flow {
        ControlFlow::Continue(count) => count,
        ControlFlow::Break(error) => return Err(error.into()),
    };
    out.finish()?;
    if count == 0 && terminal {
        warn("no entries matched")?;
    }
    let exit = warnings.exit(count > 0);
    drop(pager);
    exit
}

/// `list --cursor-file`: the entries after the cursor, in file order, then the cursor saved.
fn after_cursor(
    args: &ListArgs,
    ctx: &Context,
    query: &Query,
    mut resume: Resume,
    format: OutputFormat,
) -> Result<Exit> {
    let warnings = Warnings::new(resume.files().iter());
    let limit = args.listing.order.limit.unwrap_or(usize::MAX) as u64;
    let mut count = 0u64;
    if args.count {
        let _stopped = resume.read(query, false, &mut |event| match warnings.note(event) {
            Some(_) => {
                count += 1;
                if count == limit {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            }
            None => ControlFlow::Continue(()),
        })?;
        let mut out = stdout();
        writeln!(out, "{count}")?;
        out.flush()?;
    } else if limit > 0 {
        let pager = ctx.pager()?;
        let mut out = sink::<EntryRow, _>(format, stdout(), ctx.screen, Pace::AllCores);
        let (flow, _) = resume.read(query, format == OutputFormat::Raw, &mut |event| {
            let Some(found) = warnings.note(event) else {
                return ControlFlow::Continue(());
            };
            if let Err(e) = out.write(EntryRow::new(found)) {
                return ControlFlow::Break(Some(e));
            }
            count += 1;
            if count == limit {
                ControlFlow::Break(None)
            } else {
                ControlFlow::Continue(())
            }
        })?;
        if let ControlFlow::Break(Some(error)) = flow {
            return Err(error.into());
        }
        out.finish()?;
        drop(pager);
    }
    resume.save()?;
    resume.show()?;
    warnings.exit(count > 0)
}
