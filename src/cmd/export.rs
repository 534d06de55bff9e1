//! `auditlog export OUTPUT`: what `list` shows, with the same filters and in the same order,
//! as an Excel workbook, CSV or NDJSON. The file appears whole or not at all.

mod xlsx;

use std::fs::{self, File};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::json::{EntryJson, safe_json};
use auditlog::scan::Found;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::list::{Shown, in_list_order};
use super::{Context, filters};
use crate::cli::{ExportArgs, ExportFormat};
use crate::output::{created, shell_word};

/// JOC's export columns.
pub const COLUMNS: [&str; 8] = [
    "Controller ID",
    "Created",
    "User Account",
    "Request",
    "Category",
    "Reason",
    "Time Spent",
    "Ticket Link",
];

/// The column `--with-params` adds.
pub const BODY: &str = "Request Body";

/// Where the entries go, one form each. An export is written on a thread of its own while
/// the search reads on.
trait Export: Send {
    fn entry(&mut self, found: &Found) -> Result<()>;
    fn finish(self: Box<Self>, about: &About) -> Result<()>;
}

/// What the summary says of an export.
pub struct About {
    /// The command line, for the filters used.
    pub command: String,
    /// When it was made.
    pub made: chrono::NaiveDateTime,
    /// The logs read.
    pub files: Vec<PathBuf>,
}

pub fn run(args: &ExportArgs, ctx: &Context) -> Result<ExitCode> {
    let format = match args.format {
        Some(format) => format,
        None => form_of(&args.output)?,
    };
    let now = ctx.now()?;
    let query = filters::query(&args.filters, now, ctx.zone)?;
    if !args.force && fs::symlink_metadata(&args.output).is_ok() {
        bail!(
            "{} exists: give --force to replace it",
            args.output.display()
        );
    }
    let name = args
        .output
        .file_name()
        .ok_or_else(|| anyhow!("{} is not a file name", args.output.display()))?;
    let tmp = args.output.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let progress = progress(args.quiet);
    let about = About {
        command: std::env::args()
            .map(|a| shell_word(&a))
            .collect::<Vec<_>>()
            .join(" "),
        made: now.wall,
        files: ctx.files.clone(),
    };
    let written = write(args, ctx, format, &query, &tmp, &stop, &progress, &about);
    progress.finish_and_clear();
    match written {
        Ok(count) => {
            fs::rename(&tmp, &args.output).with_context(|| {
                format!(
                    "cannot move the export into place at {}",
                    args.output.display()
                )
            })?;
            if count == 0 {
                eprintln!(
                    "auditlog: no entries matched; {} holds none",
                    args.output.display()
                );
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            let _ = fs::remove_file(&tmp);
            if stop.load(Ordering::SeqCst) {
                eprintln!(
                    "auditlog: export interrupted; {} was not written",
                    args.output.display()
                );
                return Ok(ExitCode::from(130));
            }
            Err(err)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn write(
    args: &ExportArgs,
    ctx: &Context,
    format: ExportFormat,
    query: &auditlog::query::Query,
    tmp: &Path,
    stop: &AtomicBool,
    progress: &ProgressBar,
    about: &About,
) -> Result<u64> {
    let file = File::create(tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    let mut export: Box<dyn Export> = match format {
        ExportFormat::Xlsx => {
            drop(file);
            Box::new(xlsx::Workbook::new(
                tmp,
                args.with_params,
                ctx.now()?.instant,
                ctx.zone,
            )?)
        }
        ExportFormat::Csv => Box::new(Csv::new(file, args.with_params)?),
        ExportFormat::Ndjson => Box::new(Ndjson(BufWriter::new(file))),
    };
    let shown = Shown {
        oldest_first: args.oldest_first,
        limit: args.limit,
        strict: false,
        keep_raw: false,
        need_lines: format == ExportFormat::Ndjson,
        need_refs: format == ExportFormat::Ndjson,
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Found>(1024);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Box<dyn Export>> {
            for found in rx {
                export.entry(&found)?;
                progress.inc(1);
            }
            Ok(export)
        });
        let count = in_list_order(ctx, query, &shown, &mut |found| {
            if stop.load(Ordering::SeqCst) {
                return Err(io::Error::other("interrupted"));
            }
            // The writer hangs up only when it failed; its error is the one to report.
            tx.send(found)
                .map_err(|_| io::Error::other("export failed"))
        });
        drop(tx);
        let export = writer
            .join()
            .map_err(|_| anyhow!("the export thread stopped"))??;
        let count = count?;
        export.finish(about)?;
        Ok(count)
    })
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
            path.display()
        ),
    })
}

fn progress(quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} exporting: {pos} entries ({per_sec}, {elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// The cells of JOC's export columns (and the body, with `--with-params`), as text.
fn cells(found: &Found, with_params: bool) -> Vec<String> {
    let e = &found.entry;
    let mut cells = vec![
        e.controller().unwrap_or_default(),
        created(e.created),
        e.user.clone(),
        e.request.clone(),
        e.category().name().to_owned(),
        e.comment.clone().unwrap_or_default(),
        e.time_spent.map_or_else(String::new, |m| m.to_string()),
        e.ticket.clone().unwrap_or_default(),
    ];
    if with_params {
        cells.push(e.params.clone().unwrap_or_default());
    }
    cells
}

/// A cell a spreadsheet reads as text, never as a formula: one that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a `'` before it.
pub fn harmless(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

struct Csv {
    out: csv::Writer<File>,
    with_params: bool,
}

impl Csv {
    fn new(file: File, with_params: bool) -> Result<Csv> {
        let mut out = csv::Writer::from_writer(file);
        let mut header: Vec<&str> = COLUMNS.to_vec();
        if with_params {
            header.push(BODY);
        }
        out.write_record(&header)?;
        Ok(Csv { out, with_params })
    }
}

impl Export for Csv {
    fn entry(&mut self, found: &Found) -> Result<()> {
        let cells = cells(found, self.with_params);
        self.out
            .write_record(cells.iter().map(|c| harmless(c).into_owned()))?;
        Ok(())
    }

    fn finish(mut self: Box<Self>, _: &About) -> Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_all()?;
        Ok(())
    }
}

struct Ndjson(BufWriter<File>);

impl Export for Ndjson {
    fn entry(&mut self, found: &Found) -> Result<()> {
        writeln!(
            self.0,
            "{}",
            safe_json(&EntryJson::new(&found.entry, &found.reference))
        )?;
        Ok(())
    }

    fn finish(mut self: Box<Self>, _: &About) -> Result<()> {
        self.0.flush()?;
        self.0.get_ref().sync_all()?;
        Ok(())
    }
}
