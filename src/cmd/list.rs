//! `auditlog list`: the entries a query matches, newest first, in the form asked for.

use std::io::Write;
use std::ops::ControlFlow;

use anyhow::Result;
use auditlog::scan::CHUNK;
use auditlog::search::Search;

use crate::cli::{ListArgs, OutputFormat};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::{EntryRow, Pace, Warnings, sink, stdout, warn};

pub fn run(args: &ListArgs, ctx: &Context) -> Result<Exit> {
    let query = ctx.query(&args.filters)?;
    ctx.logs_exist()?;
    let terminal = ctx.screen.terminal;
    let format = args.listing.output.unwrap_or(if terminal {
        OutputFormat::Table
    } else {
        OutputFormat::Raw
    });
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
