//! `auditlog report`: entries or job executions grouped and added up, with trends; or the
//! entries not ready to bill (`--gaps`).

use std::io::Write;
use std::ops::ControlFlow;

use anyhow::{Result, anyhow, bail};
use auditlog::report::executions::{JobGroup, report as job_report};
use auditlog::report::{Group, Key, MAX_PERIODS, Period, Report, SortBy, Spec, Window};
use auditlog::safe::safe_path;
use auditlog::scan::{Plan, tally_path};
use auditlog::search::{Event, Search, executions};
use serde_json::Value as Json;

use crate::cli::{ReportArgs, ReportFormat, ReportSort};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::report::{self, Laid, Value, entries_json, jobs_json};
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
    let window = Window(
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
    window: Window,
) -> Result<Made> {
    let streams = ctx.streams()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let mut tally = Report::new(spec.clone());
    let plan = Plan {
        line_cache: ctx.line_cache.clone(),
        ..Plan::default()
    };
    for path in streams.iter().flatten() {
        let tallied = tally_path(path, query, &plan, &mut tally, &mut |m| {
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
        laid: lay_out(&tally, &groups, window),
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
    window: Window,
) -> Result<Made> {
    let streams = ctx.streams_all()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let found = executions(&streams, query.since, query, ctx.line_cache(), &mut |e| {
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
        laid: lay_out_jobs(spec, &groups),
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
            line_cache: ctx.line_cache.clone(),
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

fn title(key: &Key) -> String {
    let name = key.name();
    name[..1].to_ascii_uppercase() + &name[1..]
}

fn keys_of(spec: &Spec, keys: &[Option<String>], other: bool) -> Vec<Value> {
    (0..spec.keys.len())
        .map(|i| match (other, i) {
            (true, 0) => Value::Key(Some("(other)".to_owned())),
            (true, _) => Value::Key(Some(String::new())),
            (false, _) => Value::Key(keys[i].clone()),
        })
        .collect()
}

/// An entries report as columns: keys, entries, share, time spent, entries with time spent,
/// tickets, trend; and the totals.
fn lay_out(tally: &Report, groups: &[Group], window: Window) -> Laid {
    let spec = tally.spec();
    let mut headers: Vec<String> = spec.keys.iter().map(title).collect();
    headers.extend(["Entries", "Share", "Time spent", "With time", "Tickets"].map(String::from));
    if spec.trend.is_some() {
        headers.push("Trend".to_owned());
    }
    let row = |keys: Vec<Value>, g: &Group| {
        let m = &g.measures;
        let mut row = keys;
        row.extend([
            Value::Number(m.entries as f64),
            Value::Share(g.share),
            Value::Minutes(m.time_spent),
            Value::Number(m.with_time_spent as f64),
            Value::Number(m.tickets.len() as f64),
        ]);
        if let Some(trend) = &g.trend {
            row.push(Value::Trend(trend.clone()));
        }
        row
    };
    let rows = groups
        .iter()
        .map(|g| row(keys_of(spec, &g.keys, g.other), g))
        .collect();
    let total = tally.totals(window);
    let mut total_keys = vec![Value::Key(Some(String::new())); spec.keys.len()];
    if let Some(first) = total_keys.first_mut() {
        *first = Value::Key(Some("Total".to_owned()));
    }
    Laid {
        headers,
        rows,
        total: Some(row(total_keys, &total)),
        measure: spec.keys.len(),
        bars: true,
        notes: Vec::new(),
    }
}

/// An executions report as columns.
fn lay_out_jobs(spec: &Spec, groups: &[JobGroup]) -> Laid {
    let mut metrics: Vec<String> = Vec::new();
    for g in groups {
        for (name, _, _) in &g.metrics {
            if !metrics.contains(name) {
                metrics.push(name.clone());
            }
        }
    }
    let mut headers: Vec<String> = spec.keys.iter().map(title).collect();
    headers.extend(
        [
            "Executions",
            "Share",
            "Successful",
            "Failed",
            "Cancelled",
            "Running",
            "Abandoned",
            "Success rate",
            "p50",
            "p95",
            "Longest",
        ]
        .map(String::from),
    );
    headers.extend(metrics.iter().cloned());
    if spec.trend.is_some() {
        headers.push("Trend".to_owned());
    }
    let rows = groups
        .iter()
        .map(|g| {
            let mut row = keys_of(spec, &g.keys, g.other);
            let of = |s| g.statuses.get(&s).copied().unwrap_or(0) as f64;
            use auditlog::execution::Status;
            row.extend([
                Value::Number(g.executions as f64),
                Value::Share(g.share),
                Value::Number(of(Status::Successful)),
                Value::Number(of(Status::Failed)),
                Value::Number(of(Status::Cancelled)),
                Value::Number(of(Status::Running)),
                Value::Number(of(Status::Abandoned)),
                Value::Rate(g.success_rate),
                Value::Millis(g.duration_ms.map(|d| d[0])),
                Value::Millis(g.duration_ms.map(|d| d[1])),
                Value::Millis(g.duration_ms.map(|d| d[2])),
            ]);
            for name in &metrics {
                let sum = g
                    .metrics
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map_or(0.0, |m| m.1);
                row.push(Value::Number(sum));
            }
            if let Some(trend) = &g.trend {
                row.push(Value::Trend(trend.clone()));
            }
            row
        })
        .collect();
    let notes = metric_notes(groups);
    Laid {
        headers,
        rows,
        total: None,
        measure: spec.keys.len(),
        bars: true,
        notes,
    }
}

/// Each metric's trend, as a line of its own: "backup: Files per week ▁▁█ rising".
fn metric_notes(groups: &[JobGroup]) -> Vec<String> {
    // Each metric's trend, as a line of its own: "backup: Files per week ▁▁█ rising".
    let mut notes = Vec::new();
    for g in groups {
        for (name, _, trend) in &g.metrics {
            if let Some(t) = trend {
                let group: Vec<&str> = match g.other {
                    true => vec!["(other)"],
                    false => g
                        .keys
                        .iter()
                        .map(|k| k.as_deref().unwrap_or("(none)"))
                        .collect(),
                };
                notes.push(format!(
                    "{}: {name} per {} {} {}",
                    group.join(", "),
                    t.period.name(),
                    report::sparkline(&t.counts),
                    t.direction.name()
                ));
            }
        }
    }
    notes
}

/// Refuses a trend with more periods than a report shows, saying what to do instead.
fn bounded(window: Window, period: Period, span: Option<(i64, i64)>) -> Result<()> {
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
