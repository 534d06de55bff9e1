//! `auditlog list`: the entries a query matches, newest first, in the form asked for.

use std::io::Write;
use std::ops::ControlFlow;

use anyhow::Result;
use auditlog::query::Query;
use auditlog::scan::{CHUNK, Plan};
use auditlog::search::{Keep, Search, Source};

use crate::cli::ListArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::output::{EntryRow, Format, Pace, Warnings, Watch, pump, sink, stdout, warn};
use crate::resume::Resume;

pub fn run(args: &ListArgs, ctx: &Context) -> Result<Exit> {
    let query = ctx.query(&args.filters)?;
    ctx.logs_exist()?;
    let terminal = ctx.screen.terminal;
    let format = args.listing.output.map_or(
        if terminal { Format::Table } else { Format::Raw },
        Format::from,
    );
    if let Some(resume) = Resume::new(&args.cursor, ctx)? {
        return after_cursor(args, ctx, &query, resume, format);
    }
    let streams = ctx.streams()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let search = Search {
        oldest_first: args.listing.order.oldest_first,
        strict: args.strict,
        read: Plan {
            limit: args.listing.order.limit,
            keep: format.keep(),
            chunk: CHUNK,
            cache: ctx.cache.clone(),
            ..Plan::default()
        },
        ..Search::new(&streams, &query)
    };
    // `-n 0` shows nothing, and still says by its exit code whether anything matched.
    let limit = search.read.limit;
    if args.count || limit == Some(0) {
        let count = search.count(&mut |event| {
            warnings.note(event);
            ControlFlow::<()>::Continue(())
        })?;
        let count = count.continue_value().unwrap_or_default();
        if args.count {
            let mut out = stdout();
            writeln!(out, "{}", limit.map_or(count, |n| count.min(n as u64)))?;
            out.flush()?;
        }
        by_body(&query)?;
        return warnings.exit(count > 0);
    }
    let pager = ctx.pager()?;
    let mut out = sink::<EntryRow, _>(format, stdout(), ctx.screen, Pace::AllCores);
    let source = &mut Source::Search(search);
    let count = pump(source, out.as_mut(), &warnings, Watch::default())?;
    out.finish()?;
    if count == 0 && terminal {
        warn("no entries matched")?;
    }
    by_body(&query)?;
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
    format: Format,
) -> Result<Exit> {
    let warnings = Warnings::new(resume.files().iter());
    let limit = args.listing.order.limit.map(|n| n as u64);
    let keep = if args.count {
        Keep::default()
    } else {
        format.keep()
    };
    let mut source = Source::After(resume.after(query, keep, limit));
    let count = if args.count {
        let counted = source.each(&mut |event| {
            warnings.note(event);
            ControlFlow::<()>::Continue(())
        })?;
        let count = counted.continue_value().unwrap_or_default();
        let mut out = stdout();
        writeln!(out, "{count}")?;
        out.flush()?;
        count
    } else if limit != Some(0) {
        let pager = ctx.pager()?;
        let mut out = sink::<EntryRow, _>(format, stdout(), ctx.screen, Pace::AllCores);
        let count = pump(&mut source, out.as_mut(), &warnings, Watch::default())?;
        out.finish()?;
        drop(pager);
        count
    } else {
        0
    };
    let (reached, _) = source.done();
    resume.moved_to(reached);
    resume.save()?;
    resume.show()?;
    warnings.exit(count > 0)
}

/// Says how many entries `--object` matched by their request body, as the objects log said
/// nothing of them.
fn by_body(query: &Query) -> Result<()> {
    let n = query
        .objects
        .as_ref()
        .map_or(0, |f| f.by_body.load(std::sync::atomic::Ordering::Relaxed));
    if n > 0 {
        warn(format!(
            "{} no line in the objects log: matched by the workflow paths {}",
            match n {
                1 => "1 entry had".to_owned(),
                n => format!("{n} entries had"),
            },
            match n {
                1 => "its request body names",
                _ => "their request bodies name",
            },
        ))?;
    }
    Ok(())
}
