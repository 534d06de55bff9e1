//! `auditlog export OUTPUT`: what `list` shows, with the same filters and in the same order,
//! as an Excel workbook, CSV or NDJSON. The file appears whole or not at all.

mod dataset;

use std::cell::RefCell;
use std::fs;
use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Result, bail};
use auditlog::safe::safe_path;
use auditlog::scan::Plan;
use auditlog::scan::SMALL_CHUNK;
use auditlog::search::{Keep, Search, Source};
use indicatif::ProgressBar;

use crate::cli::{ExportArgs, ExportFormat};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::export::{self, ExportAs, Exporting, human_size, thousands};
use crate::output::xlsx::Provenance;
use crate::output::{CsvFor, Warnings, shell_word, warn};
use crate::resume::Resume;
use auditlog::execution::Liveness;

pub fn run(args: &ExportArgs, ctx: &Context) -> Result<Exit> {
    if args.format == Some(ExportFormat::Parquet) {
        return dataset::run(args, ctx);
    }
    if args.partition.is_some() {
        bail!("--partition is for --format parquet");
    }
    one_file(args, ctx)
}

/// A workbook, CSV or NDJSON: to a file, or to standard output.
fn one_file(args: &ExportArgs, ctx: &Context) -> Result<Exit> {
    let to_stdout = args.output.as_os_str() == "-";
    let kind = form(args, to_stdout)?;
    let query = ctx.query(&args.filters)?;
    ctx.logs_exist()?;
    let target = safe_path(&args.output);
    if !to_stdout {
        export::may_replace(&args.output, args.force, "export")?;
    }
    let stop = crate::output::stop_flag()?;
    let streams = ctx.streams()?;
    let mut resume = Resume::new(&args.cursor, ctx)?;
    let warnings = Warnings::new(streams.iter().flatten());
    let limit = args.order.limit;
    let source = match &resume {
        Some(resume) => {
            Source::After(resume.after(&query, Keep::default(), limit.map(|n| n as u64)))
        }
        None => Source::Search(Search {
            oldest_first: args.order.oldest_first,
            read: Plan {
                limit,
                keep: kind.keep(),
                chunk: SMALL_CHUNK,
                cache: ctx.cache.clone(),
                ..Plan::default()
            },
            ..Search::new(&streams, &query)
        }),
    };
    let progress = export::progress(args.quiet);
    let started = std::time::Instant::now();
    let (written, reached) = {
        let job = Export {
            args,
            ctx,
            kind,
            source: RefCell::new(source),
            stop: &stop,
            progress: &progress,
            warnings: &warnings,
        };
        let written = if to_stdout {
            job.to_stdout()
        } else {
            job.to_file()
        };
        (written, job.source.into_inner().done().0)
    };
    progress.finish_and_clear();
    // The cursor moves on once the export is in place.
    if let Some(resume) = resume.as_mut()
        && written.is_ok()
    {
        resume.moved_to(reached);
        resume.save()?;
        resume.show()?;
    }
    let count = match written {
        Ok(count) => count,
        Err(_) if stop.load(Ordering::SeqCst) => {
            warn(format!("export interrupted; {target} was not written"))?;
            return Ok(Exit::Interrupted);
        }
        Err(err) if to_stdout => return Err(err),
        Err(err) => return Err(err.context(format!("cannot export to {target}"))),
    };
    if count == 0 {
        warn(format!("no entries matched; {target} holds none"))?;
    } else if !args.quiet && !to_stdout && io::stderr().is_terminal() {
        let size = fs::metadata(&args.output).map_or(0, |m| m.len());
        warn(format!(
            "exported {} entries to {target} ({}) in {:.1} s",
            thousands(count),
            human_size(size),
            started.elapsed().as_secs_f64()
        ))?;
    }
    warnings.exit(count > 0)
}

/// The kind of the export: `--format`, else OUTPUT's extension.
fn form(args: &ExportArgs, to_stdout: bool) -> Result<ExportAs> {
    Ok(
        match (args.format.and_then(ExportFormat::file), to_stdout) {
            (Some(ExportAs::Workbook), true) => bail!(
                "a workbook is not written to standard output: name a file, or give --format csv or ndjson"
            ),
            (Some(kind), _) => kind,
            (None, true) => {
                bail!("give --format csv or --format ndjson to export to standard output")
            }
            (None, false) => form_of(&args.output)?,
        },
    )
}

/// What an export needs on its way.
struct Export<'a> {
    args: &'a ExportArgs,
    ctx: &'a Context,
    kind: ExportAs,
    source: RefCell<Source<'a>>,
    stop: &'a AtomicBool,
    progress: &'a ProgressBar,
    warnings: &'a Warnings,
}

impl Export<'_> {
    /// CSV or NDJSON to standard output.
    fn to_stdout(&self) -> Result<u64> {
        let to = match io::stdout().is_terminal() {
            true => CsvFor::Terminal,
            false => CsvFor::Program,
        };
        let live = self.ctx.liveness(std::time::Duration::from_secs(86_400));
        let mut source = self.source.borrow_mut();
        self.exporting(&live)
            .to_stream(&mut source, io::stdout(), to)
    }

    /// A file beside the target, synced and renamed into place.
    fn to_file(&self) -> Result<u64> {
        let tmp = export::beside(&self.args.output)?;
        let live = self.ctx.liveness(std::time::Duration::from_secs(86_400));
        let mut source = self.source.borrow_mut();
        let written = self
            .exporting(&live)
            .to_file(&mut source, &tmp)
            .and_then(|count| {
                export::into_place(&tmp, &self.args.output)?;
                Ok(count)
            });
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    }

    /// How the export is written.
    fn exporting<'l>(&'l self, live: &'l Liveness<'l>) -> Exporting<'l> {
        Exporting {
            kind: self.kind,
            with_params: self.args.with_params,
            stop: self.stop,
            progress: self.progress,
            warnings: self.warnings,
            provenance: Provenance {
                command: std::env::args()
                    .map(|a| shell_word(&a))
                    .collect::<Vec<_>>()
                    .join(" "),
                made: self.ctx.now.wall,
                files: self.ctx.files.clone(),
            },
            live,
            zone: self.ctx.zone,
        }
    }
}

fn form_of(path: &Path) -> Result<ExportAs> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "xlsx" => ExportAs::Workbook,
        "csv" => ExportAs::Csv,
        "ndjson" | "jsonl" => ExportAs::Ndjson,
        _ => bail!(
            "cannot tell the form of {} from its name: name it .xlsx, .csv or .ndjson, or give --format",
            safe_path(path)
        ),
    })
}
