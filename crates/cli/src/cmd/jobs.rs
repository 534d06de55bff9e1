//! `auditlog jobs`: is each job executing at all? Its state, last run, next expected start and
//! missed starts; `jobs NAME` for one job's history; `--check` for monitoring.

use std::io::Write;

use anyhow::Result;

use crate::cli::{JobsArgs, JobsFormat};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::jobs as form;
use crate::output::report::{self, Laid};
use crate::output::stdout;
use crate::views::job_views;

pub fn run(args: &JobsArgs, ctx: &Context) -> Result<Exit> {
    let query = ctx.query(&args.filters)?;
    ctx.logs_exist()?;
    let live = ctx.liveness_after(&args.stale)?;
    let (mut views, warnings) = job_views(ctx, &query, &live, args.name.as_deref())?;
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
