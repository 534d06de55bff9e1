//! `auditlog executions`: the job audit log's table of executions, in site or space scope.

use anyhow::{Result, bail};
use auditlog::query::Matcher;
use auditlog::search::executions;

use crate::cli::ExecutionsArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::output::columns::Chosen;
use crate::output::{ExecutionRow, Format, Pace, Warnings, sink, stdout};

pub fn run(args: &ExecutionsArgs, ctx: &Context) -> Result<Exit> {
    if !args.filters.request.is_empty() {
        bail!(
            "--request: executions are the requests ./job_executions/start and ./job_executions/finish; filter them with --job, --space and --status"
        );
    }
    let query = ctx.query(&args.filters)?;
    let jobs = Matcher::new(&args.job)?;
    let format = args.listing.output.map_or(
        if ctx.screen.terminal {
            Format::Table
        } else {
            Format::Plain
        },
        Format::from,
    );
    if format == Format::Raw {
        bail!(
            "executions have no raw form: list --request './job_executions/*' -o raw prints their entries"
        );
    }
    ctx.logs_exist()?;
    let streams = ctx.streams_all()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let live = ctx.liveness_after(&args.stale)?;
    let found = executions(&streams, query.since, &query, ctx.cache(), &mut |event| {
        warnings.note(event);
    })?;
    let chosen = Chosen {
        jobs: &jobs,
        spaces: &args.space,
        statuses: &args.status,
    };
    let mut rows = ExecutionRow::chosen(found, &live, ctx.zone, &chosen);
    let order = &args.listing.order;
    if !order.oldest_first {
        rows.reverse();
    }
    if let Some(n) = order.limit {
        if order.oldest_first {
            rows.drain(..rows.len().saturating_sub(n));
        } else {
            rows.truncate(n);
        }
    }
    let matched = !rows.is_empty();
    let pager = ctx.pager()?;
    let mut out = sink::<ExecutionRow, _>(format, stdout(), ctx.screen, Pace::EachRow);
    for row in rows {
        out.write(row)?;
    }
    out.finish()?;
    let exit = warnings.exit(matched);
    drop(pager);
    exit
}
