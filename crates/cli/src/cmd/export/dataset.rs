//! `auditlog export DIR --format parquet`: the entries `list` selects, with the same filters,
//! oldest first, as a Parquet dataset in DIR (see [`crate::output::parquet`]). With
//! `--cursor-file`, each run adds parts for the entries since the last run; a run that fails
//! or is interrupted takes its own parts away again, so that the next run, from the same
//! cursor, adds them once.

use std::io::{self, IsTerminal};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use anyhow::{Result, bail};
use auditlog::query::Query;
use auditlog::safe::safe_path;
use auditlog::scan::{Plan, SMALL_CHUNK};
use auditlog::search::cursor::Cursor;
use auditlog::search::{Keep, Search, Source};

use crate::cli::ExportArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::output::export::{self, thousands};
use crate::output::parquet::{Behind, Dataset, EntryRows, Partition};
use crate::output::{Warnings, warn};
use crate::resume::Resume;

pub fn run(args: &ExportArgs, ctx: &Context) -> Result<Exit> {
    if args.with_params {
        bail!(
            "--with-params is for xlsx and csv: a parquet dataset always holds the request body (params)"
        );
    }
    if args.output.as_os_str() == "-" {
        bail!("a parquet dataset is a directory: name one, not standard output");
    }
    let query = ctx.query(&args.filters)?;
    ctx.logs_exist()?;
    let stop = crate::output::stop_flag()?;
    let streams = ctx.streams()?;
    let mut resume = Resume::new(&args.cursor, ctx)?;
    let warnings = Warnings::new(streams.iter().flatten());
    let mut source = source(args, ctx, &streams, &query, resume.as_ref());
    let adding = args.cursor.cursor_file.is_some() || args.force;
    let how_to_add = "give --cursor-file to add the entries since the last run, or --force to add these beside what is there";
    let partition = args.partition.map_or(Partition::Day, Partition::from);
    let only_new = (!adding).then_some(how_to_add);
    let dataset = Dataset::<EntryRows>::open(&args.output, partition, ctx.zone, only_new)?;
    let mut behind = Behind::new(dataset);
    let progress = export::progress(args.quiet);
    let started = std::time::Instant::now();
    let mut count = 0u64;
    let read = source.each(&mut |event| {
        let Some(found) = warnings.note(event) else {
            return ControlFlow::Continue(());
        };
        if stop.load(Ordering::SeqCst) {
            return ControlFlow::Break(Stopped::Interrupted);
        }
        if !behind.push(found) {
            return ControlFlow::Break(Stopped::Writer);
        }
        count += 1;
        progress.inc(1);
        ControlFlow::Continue(())
    });
    progress.finish_and_clear();
    let reached = source.done().0;
    let target = safe_path(&args.output);
    let (mut dataset, pushed) = behind.done();
    let written = match read {
        Ok(ControlFlow::Break(Stopped::Interrupted)) => {
            dataset.abandon();
            warn(format!("export interrupted; nothing was added to {target}"))?;
            return Ok(Exit::Interrupted);
        }
        Ok(_) => pushed.and_then(|()| dataset.finish()),
        Err(error) => Err(error.into()),
    };
    if let Err(error) = written {
        dataset.abandon();
        return Err(error.context(format!("cannot export to {target}; nothing was added")));
    }
    conclude(&mut dataset, resume.as_mut(), reached, &target)?;
    if count == 0 {
        warn(format!("no entries matched; nothing was added to {target}"))?;
    } else if !args.quiet && io::stderr().is_terminal() {
        warn(format!(
            "exported {} entries to {target} ({} parts) in {:.1} s",
            thousands(count),
            dataset.finished.len(),
            started.elapsed().as_secs_f64()
        ))?;
    }
    warnings.exit(count > 0)
}

/// Saves the cursor where reading came to, or takes the parts away when it cannot be saved
/// (the next run would add them again); and says how many entries a column could not hold.
fn conclude(
    dataset: &mut Dataset<EntryRows>,
    resume: Option<&mut Resume>,
    reached: Option<Cursor>,
    target: &str,
) -> Result<()> {
    if let Some(resume) = resume {
        resume.moved_to(reached);
        if let Err(error) = resume.save() {
            dataset.abandon();
            return Err(error.context(format!("nothing was added to {target}")));
        }
        resume.show()?;
    }
    if dataset.too_large > 0 {
        warn(format!(
            "{} entries have an ID past INT64 or a time spent past INT32 minutes: null in those columns (list -o json shows them)",
            thousands(dataset.too_large)
        ))?;
    }
    Ok(())
}

/// Why reading stopped before its end.
enum Stopped {
    /// Ctrl-C, or a signal to end.
    Interrupted,
    /// The dataset's writer failed: it says why.
    Writer,
}

/// Where the entries come from: those after the cursor, or a search, oldest first.
fn source<'a>(
    args: &ExportArgs,
    ctx: &Context,
    streams: &'a [Vec<PathBuf>],
    query: &'a Query,
    resume: Option<&'a Resume>,
) -> Source<'a> {
    let limit = args.order.limit;
    // Each entry's file and line are columns.
    let keep = Keep {
        lines: true,
        ..Keep::default()
    };
    match resume {
        Some(resume) => Source::After(resume.after(query, keep, limit.map(|n| n as u64))),
        None => Source::Search(Search {
            oldest_first: true,
            read: Plan {
                limit,
                keep,
                chunk: SMALL_CHUNK,
                cache: ctx.cache.clone(),
                ..Plan::default()
            },
            ..Search::new(streams, query)
        }),
    }
}
