//! `auditlog report`: entries or job executions grouped and added up, with trends; or the
//! entries not ready to bill (`--gaps`).

use std::io::Write;
use std::ops::ControlFlow;

use anyhow::Result;
use auditlog::report::executions::report as job_report;
use auditlog::report::{DateRange, SortBy, Spec};
use auditlog::safe::safe_path;
use auditlog::scan::Plan;
use auditlog::search::{Search, executions};

use crate::cli::{ReportArgs, ReportFormat, ReportSort};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::report::{self, jobs_json, layout};
use crate::output::{EntryRow, Format, Pace, Warnings, export, sink, stdout};
use crate::views::{self, Made, bounded, too_long};

pub fn run(args: &ReportArgs, ctx: &Context) -> Result<Exit> {
    let query = ctx.query(&args.filters)?;
    ctx.logs_exist()?;
    let format = args.output.unwrap_or(if ctx.screen.terminal {
        ReportFormat::Table
    } else {
        ReportFormat::Plain
    });
    if args.gaps {
        return gaps(ctx, &query, format);
    }
    let keys = views::keys(&args.by, args.executions)?;
    let spec = Spec {
        objects: ctx.objects_by_id(&keys)?,
        keys,
        depth: args.depth,
        zone: ctx.zone,
        trend: args.trend,
    };
    let sort = match args.sort {
        ReportSort::Entries => SortBy::Entries,
        ReportSort::Time => SortBy::Time,
        ReportSort::Key => SortBy::Key,
    };
    // The window runs from --since to --until (or now), when a start is given.
    let window = views::window(ctx, &query);
    args.trend.map(|p| bounded(window, p, None)).transpose()?;
    let made = if args.executions {
        by_executions(args, ctx, &query, &spec, sort, window)?
    } else {
        views::entries_report(ctx, &query, &spec, args.top, sort, window)?
    };
    let Made {
        laid,
        json,
        warnings,
        matched,
    } = made;
    if let Some(path) = &args.xlsx {
        let title = format!("By {}", args.by.join(", "));
        export::may_replace(path, args.force, "report")?;
        export::write_whole(path, &report::xlsx(&laid, &title)?)
            .map_err(|e| e.context(format!("cannot write {}", safe_path(path))))?;
    }
    let pager = ctx.pager()?;
    let mut out = stdout();
    match format {
        ReportFormat::Table => out.write_all(report::table(&laid, ctx.palette).as_bytes())?,
        ReportFormat::Plain => out.write_all(report::plain(&laid).as_bytes())?,
        ReportFormat::Csv => out.write_all(&report::csv(&laid, ctx.screen.terminal)?)?,
        ReportFormat::Json => writeln!(out, "{}", auditlog::json::safe_json(&json))?,
    }
    out.flush()?;
    drop(out);
    drop(pager);
    warnings.exit(matched)
}

/// Job executions, each with where it stands.
fn by_executions(
    args: &ReportArgs,
    ctx: &Context,
    query: &auditlog::query::Query,
    spec: &Spec,
    sort: SortBy,
    window: DateRange,
) -> Result<Made> {
    let streams = ctx.streams_all()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let found = executions(&streams, query.since, query, ctx.cache(), &mut |e| {
        warnings.note(e);
    })?;
    let live = ctx.liveness_after(&args.stale)?;
    let pairs: Vec<_> = found
        .into_iter()
        .map(|e| {
            let status = e.status(&live);
            (e, status)
        })
        .collect();
    let groups = job_report(spec, &pairs, sort, args.top, window)
        .map_err(|count| too_long(spec.trend.expect("only a trend is refused"), count))?;
    Ok(Made {
        laid: layout::executions(spec, &groups),
        json: jobs_json(spec, &groups),
        matched: !pairs.is_empty(),
        warnings,
    })
}

/// `--gaps`: the entries with time spent and no ticket, or a ticket and no time spent, oldest
/// first, as list shows them.
fn gaps(ctx: &Context, query: &auditlog::query::Query, format: ReportFormat) -> Result<Exit> {
    let streams = ctx.streams()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let form = Format::from(format);
    let search = Search {
        oldest_first: true,
        read: Plan {
            keep: form.keep(),
            cache: ctx.cache.clone(),
            ..Plan::default()
        },
        ..Search::new(&streams, query)
    };
    let pager = ctx.pager()?;
    let mut out = sink::<EntryRow, _>(form, stdout(), ctx.screen, Pace::EachRow);
    let mut count = 0u64;
    let flow = search.run(&mut |event| match warnings.note(event) {
        Some(found) if found.entry.time_spent.is_some() != found.entry.ticket.is_some() => {
            count += 1;
            match out.write(EntryRow::new(found)) {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => ControlFlow::Break(e),
            }
        }
        _ => ControlFlow::Continue(()),
    })?;
    if let ControlFlow::Break(error) = flow {
        return Err(error.into());
    }
    out.finish()?;
    drop(pager);
    warnings.exit(count > 0)
}
