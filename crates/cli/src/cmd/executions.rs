//! `auditlog executions`: the job audit log's table of executions, in site or space scope.

use std::path::Path;
use std::sync::atomic::Ordering;

use anyhow::{Result, bail};
use auditlog::query::Matcher;
use auditlog::safe::safe_path;
use auditlog::search::executions;

use crate::cli::ExecutionsArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::output::columns::Chosen;
use crate::output::parquet::{Behind, Dataset, ExecutionRows, Partition};
use crate::output::{ExecutionRow, Format, Pace, Warnings, sink, stdout, warn};

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
    if let Some(dir) = &args.export {
        return dataset(rows, dir, (args, ctx), warnings);
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

/// Writes `rows` into the dataset in `dir`, ordered by their start. A run that fails or is
/// interrupted takes the parts it put in place away again.
fn dataset(
    mut rows: Vec<ExecutionRow>,
    dir: &Path,
    (args, ctx): (&ExecutionsArgs, &Context),
    warnings: Warnings,
) -> Result<Exit> {
    let stop = crate::output::stop_flag()?;
    let how_to_add = "or give --force to add these beside what is there";
    let only_new = (!args.force).then_some(how_to_add);
    let partition = args.partition.map_or(Partition::Day, Partition::from);
    let dataset = Dataset::<ExecutionRows>::open(dir, partition, ctx.zone, only_new)?;
    rows.sort_by_key(|row| row.execution.started_instant(row.zone));
    let count = rows.len();
    let mut behind = Behind::new(dataset);
    let mut interrupted = false;
    for row in rows {
        if stop.load(Ordering::SeqCst) {
            interrupted = true;
            break;
        }
        if !behind.push(row) {
            break;
        }
    }
    let target = safe_path(dir);
    let (mut dataset, pushed) = behind.done();
    if interrupted {
        dataset.abandon();
        warn(format!("export interrupted; nothing was added to {target}"))?;
        return Ok(Exit::Interrupted);
    }
    if let Err(error) = pushed.and_then(|()| dataset.finish()) {
        dataset.abandon();
        return Err(error.context(format!("cannot export to {target}; nothing was added")));
    }
    if count == 0 {
        warn(format!(
            "no executions matched; nothing was added to {target}"
        ))?;
    }
    if dataset.too_large > 0 {
        warn(format!(
            "{} executions have a duration past INT64 milliseconds: null in duration_ms (-o json shows them)",
            dataset.too_large
        ))?;
    }
    warnings.exit(count > 0)
}
