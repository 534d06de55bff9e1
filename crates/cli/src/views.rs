//! What a command and a page of `serve` both make from the logs before they present it: the
//! jobs' views (`jobs`, the Jobs page) and a report of entries (`report`, the Reports page).

use anyhow::{Result, anyhow, bail};
use auditlog::execution::{Execution, Liveness, Status};
use auditlog::jobs::{JobView, jobs};
use auditlog::query::Query;
use auditlog::report::{DateRange, Key, MAX_PERIODS, Period, Report, SortBy, Spec};
use auditlog::scan::{Plan, members, tally_path};
use auditlog::search::{Event, executions};
use serde_json::Value as Json;

use crate::context::Context;
use crate::output::Warnings;
use crate::output::report::{Laid, entries_json, layout};

/// The most expected starts of one job a window may hold: a year of starts every five minutes.
const MAX_STARTS: usize = 105_120;

/// The window of the jobs' views when no time is given: the last seven days.
const WINDOW: chrono::Duration = chrono::Duration::days(7);

/// Each job's view over the window `query` gives (the last seven days when it gives none):
/// the configured jobs and those seen in the log, or only the one `name`d.
pub fn job_views(
    ctx: &Context,
    query: &Query,
    live: &Liveness,
    name: Option<&str>,
) -> Result<(Vec<JobView>, Warnings)> {
    let mut configured = ctx
        .config
        .jobs(ctx.zone)
        .map_err(|e| anyhow!("invalid configuration: {e}"))?;
    let now = live.now;
    let window = (
        query.since.unwrap_or(now - WINDOW),
        query.until.unwrap_or(now),
    );
    for job in &configured {
        if let Some(schedule) = &job.schedule
            && schedule.more_than(MAX_STARTS, window.0, window.1.min(now))
        {
            bail!(
                "the window holds more than {MAX_STARTS} expected starts of job {:?} ({}): give a shorter --since",
                auditlog::safe::one_line(&job.name),
                schedule.text()
            );
        }
    }
    // The last execution counts whenever it started: executions are read whatever the time.
    let mut wanted = query.clone();
    (wanted.since, wanted.until) = (None, None);
    let streams = ctx.streams_all()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let found = executions(&streams, None, &wanted, ctx.cache(), &mut |e| {
        warnings.note(e);
    })?;
    let mut pairs: Vec<(Execution, Status)> = found
        .into_iter()
        .map(|e| {
            let status = e.status(live);
            (e, status)
        })
        .collect();
    if let Some(name) = name {
        configured.retain(|j| j.name == name);
        pairs.retain(|(e, _)| e.started.job == name);
        if configured.is_empty() && pairs.is_empty() {
            bail!(
                "no job {:?}: it is neither in the configuration nor in the log",
                auditlog::safe::one_line(name)
            );
        }
    }
    Ok((jobs(&configured, &pairs, window, now, ctx.zone), warnings))
}

/// A report made: laid out for the table, plain, CSV, workbook and web forms, as JSON, and
/// what the search met.
pub struct Made {
    /// Laid out.
    pub laid: Laid,
    /// As JSON.
    pub json: Json,
    /// What the search met.
    pub warnings: Warnings,
    /// Whether anything matched.
    pub matched: bool,
}

/// Entries, added up in one pass over every log.
pub fn entries_report(
    ctx: &Context,
    query: &Query,
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

/// The keys `--by` names, each checked against what is reported: entries, or job executions.
pub fn keys(by: &[String], executions: bool) -> Result<Vec<Key>> {
    let keys = by
        .iter()
        .map(|k| Key::parse(k))
        .collect::<Result<Vec<Key>, _>>()?;
    for key in &keys {
        let fits = key.is_time() || (*key == Key::Job) == executions;
        if !fits {
            bail!(match executions {
                true => format!(
                    "--by {}: executions are grouped by job, day, week, month, hour or weekday",
                    key.name()
                ),
                false => "--by job: give --executions to report job executions".to_owned(),
            });
        }
    }
    Ok(keys)
}

/// The window of a report: from the query's start to its end (or now), when it has a start.
pub fn window(ctx: &Context, query: &Query) -> DateRange {
    let wall = |t| ctx.zone.wall_time(t).date();
    DateRange(
        query.since.map(wall),
        query
            .until
            .map(wall)
            .or(query.since.map(|_| ctx.now.wall.date())),
    )
}

/// Refuses a trend with more periods than a report shows, saying what to do instead.
pub fn bounded(window: DateRange, period: Period, span: Option<(i64, i64)>) -> Result<()> {
    window
        .bounded(period, span)
        .map_err(|count| too_long(period, count))
}

/// A trend of `count` periods, more than a report shows.
pub fn too_long(period: Period, count: i64) -> anyhow::Error {
    anyhow!(
        "a trend by {} over this window would show {count} periods, more than the {MAX_PERIODS} it may: give a later --since, or a coarser --trend (week, month)",
        period.name()
    )
}
