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
use auditlog::entry::Category;
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

/// How many entries cross from the search to the writer at a time.
const BATCH: usize = 256;

/// How much text the CSV and NDJSON forms gather before writing: large writes cost the system
/// much less than many small ones.
const WRITE_BUFFER: usize = 256 << 10;

/// The column `--with-params` adds.
pub const BODY: &str = "Request Body";

/// Where the entries go, one form each. An export is written on a thread of its own while
/// the search reads on and prepares the rows.
trait Export: Send {
    fn entry(&mut self, row: &Row) -> Result<()>;
    fn finish(self: Box<Self>, about: &About) -> Result<()>;
}

/// An entry with the cells that take work to find, found on the search's side of the
/// export.
pub struct Row {
    pub found: Found,
    /// The controller its body names.
    pub controller: Option<String>,
    /// The category of its request.
    pub category: Category,
}

impl Row {
    fn new(found: Found) -> Row {
        Row {
            controller: found.entry.controller(),
            category: found.entry.category(),
            found,
        }
    }
}

/// What the summary says of an export.
pub struct About {
    /// The command line, for the filters used.
    pub command: String,
    /// When it was made.
    pub made: chrono::NaiveDateTime,
    /// The logs read.
    pub files: Vec<PathBuf>,
    /// What the exported entries hold, counted as they go by (for workbooks only).
    pub tally: xlsx::Tally,
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
        tally: xlsx::Tally::new(args.with_params),
    };
    let written = write(args, ctx, format, &query, &tmp, &stop, &progress, about);
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
    mut about: About,
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
        ExportFormat::Ndjson => Box::new(Ndjson(BufWriter::with_capacity(WRITE_BUFFER, file))),
    };
    let shown = Shown {
        oldest_first: args.oldest_first,
        limit: args.limit,
        strict: false,
        keep_raw: false,
        need_lines: format == ExportFormat::Ndjson,
        need_refs: format == ExportFormat::Ndjson,
        steady: true,
    };
    // Entries cross to the writer in batches: one hand-over per entry would cost more in
    // waking threads than the entry costs to write.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(8);
    // Written batches come back to be emptied on this side, where their rows were made, so
    // that the writer does not contend with the search for the allocator's lock.
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Vec<Row>>();
    let tally = format == ExportFormat::Xlsx;
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Box<dyn Export>> {
            for batch in rx {
                for row in &batch {
                    export.entry(row)?;
                }
                progress.inc(batch.len() as u64);
                let _ = done_tx.send(batch);
            }
            Ok(export)
        });
        let mut batch = Vec::with_capacity(BATCH);
        // The writer hangs up only when it failed; its error is the one to report.
        let failed = |_| io::Error::other("export failed");
        let count = in_list_order(ctx, query, &shown, &mut |found| {
            if stop.load(Ordering::SeqCst) {
                return Err(io::Error::other("interrupted"));
            }
            let row = Row::new(found);
            if tally {
                about.tally.add(&row);
            }
            batch.push(row);
            if batch.len() == BATCH {
                let mut next = done_rx.try_recv().unwrap_or_default();
                next.clear();
                next.reserve(BATCH);
                tx.send(std::mem::replace(&mut batch, next))
                    .map_err(failed)?;
            }
            Ok(())
        })
        .and_then(|count| {
            if !batch.is_empty() {
                tx.send(batch).map_err(failed)?;
            }
            Ok(count)
        });
        drop(tx);
        let export = writer
            .join()
            .map_err(|_| anyhow!("the export thread stopped"))??;
        let count = count?;
        export.finish(&about)?;
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
fn cells(row: &Row, with_params: bool) -> Vec<String> {
    let e = &row.found.entry;
    let mut cells = vec![
        row.controller.clone().unwrap_or_default(),
        created(e.created),
        e.user.clone(),
        e.request.clone(),
        row.category.name().to_owned(),
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
        let mut out = csv::WriterBuilder::new()
            .buffer_capacity(WRITE_BUFFER)
            .from_writer(file);
        let mut header: Vec<&str> = COLUMNS.to_vec();
        if with_params {
            header.push(BODY);
        }
        out.write_record(&header)?;
        Ok(Csv { out, with_params })
    }
}

impl Export for Csv {
    fn entry(&mut self, row: &Row) -> Result<()> {
        let cells = cells(row, self.with_params);
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
    fn entry(&mut self, row: &Row) -> Result<()> {
        let (entry, reference) = (&row.found.entry, &row.found.reference);
        let json = EntryJson::with_controller(entry, reference, row.controller.clone());
        writeln!(self.0, "{}", safe_json(&json))?;
        Ok(())
    }

    fn finish(mut self: Box<Self>, _: &About) -> Result<()> {
        self.0.flush()?;
        self.0.get_ref().sync_all()?;
        Ok(())
    }
}
