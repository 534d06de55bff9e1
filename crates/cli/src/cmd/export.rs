//! `auditlog export OUTPUT`: what `list` shows, with the same filters and in the same order,
//! as an Excel workbook, CSV or NDJSON. The file appears whole or not at all.

use std::cell::RefCell;
use std::fs;
use std::io::{self, IsTerminal};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Result, bail};
use auditlog::query::Query;
use auditlog::safe::safe_path;
use auditlog::scan::SMALL_CHUNK;
use auditlog::search::{Event, Search};
use indicatif::ProgressBar;

use crate::cli::{ExportArgs, ExportFormat};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::export::{self, Entries, Form, Stop, Written, human_size, thousands};
use crate::output::xlsx::{Provenance, Summary, Workbook};
use crate::output::{CsvFor, ExecutionRow, Warnings, shell_word, warn};
use crate::resume::Resume;

pub fn run(args: &ExportArgs, ctx: &Context) -> Result<Exit> {
    let to_stdout = args.output.as_os_str() == "-";
    let format = form(args, to_stdout)?;
    let query = ctx.query(&args.filters)?;
    ctx.logs_exist()?;
    let target = safe_path(&args.output);
    if !to_stdout {
        export::may_replace(&args.output, args.force, "export")?;
    }
    let stop = crate::output::stop_flag()?;
    let streams = ctx.streams()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let search = Search {
        oldest_first: args.order.oldest_first,
        limit: args.order.limit,
        need_lines: format == ExportFormat::Ndjson,
        need_refs: format != ExportFormat::Xlsx,
        chunk: SMALL_CHUNK,
        line_cache: ctx.line_cache.clone(),
        ..Search::new(&streams, &query)
    };
    let progress = export::progress(args.quiet);
    let started = std::time::Instant::now();
    let resume = Resume::new(&args.cursor, ctx)?;
    let entries: Box<dyn Entries + '_> = match resume {
        Some(resume) => Box::new(AfterCursor {
            resume,
            query: &query,
            limit: args.order.limit.map_or(u64::MAX, |n| n as u64),
        }),
        None => Box::new(&search),
    };
    let job = Job {
        args,
        ctx,
        format,
        entries: RefCell::new(entries),
        stop: &stop,
        progress: &progress,
        warnings: &warnings,
    };
    let written = if to_stdout {
        job.to_stdout()
    } else {
        job.to_file()
    };
    progress.finish_and_clear();
    // The cursor moves on once the export is in place.
    if written.is_ok() {
        job.entries.borrow_mut().saved()?;
    }
    drop(job);
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

/// The form of the export: `--format`, else OUTPUT's extension.
fn form(args: &ExportArgs, to_stdout: bool) -> Result<ExportFormat> {
    Ok(match (args.format, to_stdout) {
        (Some(ExportFormat::Xlsx), true) => bail!(
            "a workbook is not written to standard output: name a file, or give --format csv or ndjson"
        ),
        (Some(format), _) => format,
        (None, true) => bail!("give --format csv or --format ndjson to export to standard output"),
        (None, false) => form_of(&args.output)?,
    })
}

/// What an export needs on its way.
struct Job<'a> {
    args: &'a ExportArgs,
    ctx: &'a Context,
    format: ExportFormat,
    entries: RefCell<Box<dyn Entries + 'a>>,
    stop: &'a AtomicBool,
    progress: &'a ProgressBar,
    warnings: &'a Warnings,
}

impl Job<'_> {
    /// CSV or NDJSON to standard output.
    fn to_stdout(&self) -> Result<u64> {
        let form = match self.format {
            ExportFormat::Csv => Form::csv(
                io::stdout(),
                self.args.with_params,
                match io::stdout().is_terminal() {
                    true => CsvFor::Terminal,
                    false => CsvFor::Program,
                },
            ),
            _ => Form::ndjson(io::stdout()),
        };
        self.write(form)
    }

    /// A file beside the target, synced and renamed into place.
    fn to_file(&self) -> Result<u64> {
        let tmp = export::beside(&self.args.output)?;
        let written = self.write_file(&tmp).and_then(|count| {
            export::into_place(&tmp, &self.args.output)?;
            Ok(count)
        });
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    }

    fn write_file(&self, tmp: &Path) -> Result<u64> {
        let form = match self.format {
            ExportFormat::Xlsx => Form::Workbook(
                Box::new(Workbook::new(tmp, self.args.with_params)?),
                Box::new(Summary::new(self.args.with_params)),
            ),
            ExportFormat::Csv => Form::csv(
                export::create(tmp)?,
                self.args.with_params,
                CsvFor::Spreadsheet,
            ),
            ExportFormat::Ndjson => Form::ndjson(export::create(tmp)?),
        };
        self.write(form)
    }

    fn write(&self, form: Form) -> Result<u64> {
        let mut entries = self.entries.borrow_mut();
        let Written { count, workbook } = export::write(
            entries.as_mut(),
            form,
            self.stop,
            self.progress,
            self.warnings,
        )?;
        if let Some((book, summary)) = workbook {
            let live = self.ctx.liveness(std::time::Duration::from_secs(86_400));
            let executions: Vec<ExecutionRow> = summary
                .executions()
                .iter()
                .map(|e| ExecutionRow {
                    status: e.status(&live),
                    execution: e.clone(),
                    zone: self.ctx.zone,
                })
                .collect();
            book.close(&self.provenance(), &summary, &executions)?;
        }
        Ok(count)
    }

    /// What the summary says of the export.
    fn provenance(&self) -> Provenance {
        Provenance {
            command: std::env::args()
                .map(|a| shell_word(&a))
                .collect::<Vec<_>>()
                .join(" "),
            made: self.ctx.now.wall,
            files: self.ctx.files.clone(),
        }
    }
}

/// Reading on from a cursor, for an export.
struct AfterCursor<'a> {
    resume: Resume,
    query: &'a Query,
    /// At most this many entries (`-n`).
    limit: u64,
}

impl Entries for AfterCursor<'_> {
    fn each(
        &mut self,
        each: &mut dyn FnMut(Event) -> ControlFlow<Stop>,
    ) -> Result<ControlFlow<Stop, u64>> {
        let (mut count, limit) = (0, self.limit);
        if limit == 0 {
            return Ok(ControlFlow::Continue(0));
        }
        let (flow, _) = self.resume.read(self.query, false, &mut |event| {
            let found = matches!(event, Event::Found(_));
            each(event).map_break(Some)?;
            count += u64::from(found);
            if count == limit {
                ControlFlow::Break(None)
            } else {
                ControlFlow::Continue(())
            }
        })?;
        Ok(match flow {
            ControlFlow::Break(Some(stop)) => ControlFlow::Break(stop),
            _ => ControlFlow::Continue(count),
        })
    }

    fn saved(&mut self) -> Result<()> {
        self.resume.save()?;
        self.resume.show()
    }
}

fn form_of(path: &Path) -> Result<ExportFormat> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "xlsx" => ExportFormat::Xlsx,
        "csv" => ExportFormat::Csv,
        "ndjson" | "jsonl" => ExportFormat::Ndjson,
        _ => bail!(
            "cannot tell the form of {} from its name: name it .xlsx, .csv or .ndjson, or give --format",
            safe_path(path)
        ),
    })
}
