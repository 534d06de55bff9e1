//! `auditlog jobs`: is each job executing at all? Its state, last run, next expected start and
//! missed starts; `jobs NAME` for one job's history; `--check` for monitoring.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use auditlog::execution::{Execution, Status};
use auditlog::jobs::jobs;
use auditlog::search::executions;

use crate::cli::{JobsArgs, JobsFormat};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::jobs as form;
use crate::output::report::{self, Laid};
use crate::output::{Warnings, stdout};

/// The most expected starts of one job a window may hold: a year of starts every five minutes.
const MAX_STARTS: usize = 105_120;

/// The window when no time is given: the last seven days.
const WINDOW: chrono::Duration = chrono::Duration::days(7);

pub fn run(args: &JobsArgs, ctx: &Context) -> Result<Exit> {
    let query = ctx.query(&args.filters)?;
    ctx.logs_exist()?;
    let mut configured = ctx
        .config
        .jobs(ctx.zone)
        .map_err(|e| anyhow!("invalid configuration: {e}"))?;
    let now = ctx.now.instant;
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
    let live = ctx.liveness_after(&args.stale)?;
    let mut pairs: Vec<(Execution, Status)> = found
        .into_iter()
        .map(|e| {
            let status = e.status(&live);
            (e, status)
        })
        .collect();
    if let Some(name) = &args.name {
        configured.retain(|j| &j.name == name);
        pairs.retain(|(e, _)| &e.started.job == name);
        if configured.is_empty() && pairs.is_empty() {
            bail!(
                "no job {:?}: it is neither in the configuration nor in the log",
                auditlog::safe::one_line(name)
            );
        }
    }
    let mut views = jobs(&configured, &pairs, window, now, ctx.zone);
    if args.check {
        views.retain(|v| v.state.needs_attention());
    }
    let format = args.output.unwrap_or(if ctx.screen.terminal {
        JobsFormat::Table
    } else {
        JobsFormat::Plain
    });
    let pager = ctx.pager()?;
    let mut out = stdout();
    let text = match (format, &args.name) {
        (JobsFormat::Json, _) => auditlog::json::safe_json(&form::json(&views, ctx.zone)) + "\n",
        (JobsFormat::Prometheus, _) => form::prometheus(&views),
        (format, Some(_)) if !args.check => shown(&form::history(&views[0], ctx.zone), format, ctx),
        (format, _) => shown(&form::laid(&views, ctx.zone), format, ctx),
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    drop(out);
    drop(pager);
    let attention = views.iter().any(|v| v.state.needs_attention());
    let exit = warnings.exit(!views.is_empty())?;
    // As `check` does for a log: 1 when something needs attention, 0 when all is well.
    Ok(match exit {
        Exit::Failed => Exit::Failed,
        _ if args.check && attention => Exit::NothingFound,
        _ if args.check => Exit::Done,
        other => other,
    })
}

fn shown(laid: &Laid, format: JobsFormat, ctx: &Context) -> String {
    match format {
        JobsFormat::Table => report::table(laid, ctx.palette),
        _ => report::plain(laid),
    }
}
