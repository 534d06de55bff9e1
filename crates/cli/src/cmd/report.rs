//! `auditlog report`: entries or job executions grouped and added up, with trends; or the
//! entries not ready to bill (`--gaps`).

use std::io::Write;
use std::ops::ControlFlow;

use anyhow::{Result, anyhow, bail};
use auditlog::report::executions::report as job_report;
use auditlog::report::{DateRange, Key, MAX_PERIODS, Period, Report, SortBy, Spec};
use auditlog::safe::safe_path;
use auditlog::scan::{Plan, members, tally_path};
use auditlog::search::{Event, Search, executions};
use serde_json::Value as Json;

use crate::cli::{ReportArgs, ReportFormat, ReportSort};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::report::{self, Laid, entries_json, jobs_json, layout};
use crate::output::{EntryRow, Format, Pace, Warnings, export, sink, stdout};

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
    let keys = args
        .by
        .iter()
        .map(|k| Key::parse(k))
        .collect::<Result<Vec<Key>, _>>()?;
    for key in &keys {
        let fits = key.is_time() || (*key == Key::Job) == args.executions;
        if !fits {
            bail!(match args.executions {
                true => format!(
                    "--by {}: executions are grouped by job, day, week, month, hour or weekday",
                    key.name()
                ),
                false => "--by job: give --executions to report job executions".to_owned(),
            });
        }
    }
    let spec = Spec {
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
    let wall = |t| ctx.zone.wall_time(t).date();
    let window = DateRange(
        query.since.map(wall),
        query
            .until
            .map(wall)
            .or(query.since.map(|_| ctx.now.wall.date())),
    );
    args.trend.map(|p| bounded(window, p, None)).transpose()?;
    let made = if args.executions {
        by_executions(args, ctx, &query, &spec, sort, window)?
    } else {
        by_entries(ctx, &query, &spec, args.top, sort, window)?
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

/// A report made: laid out for the table, plain, CSV and workbook forms, as JSON, and what
/// the search met.
struct Made {
    laid: Laid,
    json: Json,
    warnings: Warnings,
    matched: bool,
}

/// Entries, added up in one pass over every log.
fn by_entries(
    ctx: &Context,
    query: &auditlog::query::Query,
    spec: &Spec,
    top: Option<usize>,
    sort: SortBy,
    window: DateRange,
) -> Result<Made> {
    let streams = ctx.streams()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let mut tally = Report::new(spec.clone());
    let plan = Plan {
        cache: ctx.cache.clone(),
        ..Plan::default()
    };
    // Only the members that can hold a match are read (see `members::to_read`).
    let read = streams
        .iter()
        .flat_map(|files| members::to_read(files, query, ctx.cache()));
    for path in read {
        let tallied = tally_path(&path, query, &plan, &mut tally, &mut |m| {
            warnings.note(Event::Malformed(m));
        });
        if let Err(error) = tallied {
            warnings.note(Event::Failed(error));
        }
    }
    if let Some(period) = spec.trend {
        bounded(window, period, tally.span())?;
    }
    let groups = tally.groups(sort, top, window);
    Ok(Made {
        laid: layout::entries(&tally, &groups, window),
        json: entries_json(spec, &groups),
        matched: tally.total().entries > 0,
        warnings,
    })
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

/// Refuses a trend with more periods than a report shows, saying what to do instead.
fn bounded(window: DateRange, period: Period, span: Option<(i64, i64)>) -> Result<()> {
    window
        .bounded(period, span)
        .map_err(|count| too_long(period, count))
}

/// A trend of `count` periods, more than a report shows.
fn too_long(period: Period, count: i64) -> anyhow::Error {
    anyhow!(
        "a trend by {} over this window would show {count} periods, more than the {MAX_PERIODS} it may: give a later --since, or a coarser --trend (week, month)",
        period.name()
    )
}
