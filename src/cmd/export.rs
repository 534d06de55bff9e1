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
use auditlog::format::safe_path;
use auditlog::json::{EntryJson, safe_json};
use auditlog::scan::Found;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::list::{Shown, in_list_order};
use super::{Context, filters};
use crate::cli::{ExportArgs, ExportFormat};
use crate::output::csv::Csv as CsvWriter;
use crate::output::{Warnings, shell_word, warn};

/// How many entries cross from the search to the writer at a time.
const BATCH: usize = 256;

/// How much text the CSV and NDJSON forms gather before writing: large writes cost the system
/// much less than many small ones.
const WRITE_BUFFER: usize = 256 << 10;

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
    let to_stdout = args.output.as_os_str() == "-";
    let format = match (args.format, to_stdout) {
        (Some(ExportFormat::Xlsx), true) => {
            bail!(
                "a workbook is not written to standard output: name a file, or give --format csv or ndjson"
            )
        }
        (Some(format), _) => format,
        (None, true) => bail!("give --format csv or --format ndjson to export to standard output"),
        (None, false) => form_of(&args.output)?,
    };
    let now = ctx.now()?;
    let query = filters::query(&args.filters, now, ctx.zone)?;
    ctx.logs_exist()?;
    let target = safe_path(&args.output);
    if !to_stdout {
        match fs::symlink_metadata(&args.output) {
            Ok(meta) if !meta.file_type().is_file() => bail!(
                "{target} is not a regular file: export replaces only regular files, never a link, a directory or a device"
            ),
            Ok(_) if !args.force => bail!("{target} exists: give --force to replace it"),
            _ => {}
        }
    }
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
    let warnings = Warnings::new(ctx.streams()?.iter().flatten());
    let started = std::time::Instant::now();
    let written = if to_stdout {
        let out = io::stdout();
        let terminal = io::stdout().is_terminal();
        let export: Box<dyn Export> = match format {
            ExportFormat::Csv => Box::new(Csv(CsvWriter::new(out, args.with_params, terminal))),
            _ => Box::new(Ndjson(BufWriter::with_capacity(WRITE_BUFFER, out))),
        };
        write(
            args, ctx, export, format, &query, &stop, &progress, about, &warnings,
        )
    } else {
        export_file(
            args, ctx, format, &query, &stop, &progress, about, &warnings,
        )
    };
    progress.finish_and_clear();
    let count = match written {
        Ok(count) => count,
        Err(_) if stop.load(Ordering::SeqCst) => {
            warn(format!("export interrupted; {target} was not written"))?;
            return Ok(ExitCode::from(130));
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
    super::list::finish(warnings, count > 0)
}

/// Exports to a file beside the target, synced and renamed into place: the target appears
/// whole or not at all.
#[allow(clippy::too_many_arguments)]
fn export_file(
    args: &ExportArgs,
    ctx: &Context,
    format: ExportFormat,
    query: &auditlog::query::Query,
    stop: &AtomicBool,
    progress: &ProgressBar,
    about: About,
    warnings: &Warnings,
) -> Result<u64> {
    let name = args
        .output
        .file_name()
        .ok_or_else(|| anyhow!("it is not a file name"))?;
    let tmp = args.output.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    remove_stale(&args.output);
    let export: Result<Box<dyn Export>> = match format {
        ExportFormat::Xlsx => {
            xlsx::Workbook::new(&tmp, args.with_params, ctx.now()?.instant, ctx.zone)
                .map(|book| Box::new(book) as Box<dyn Export>)
        }
        ExportFormat::Csv => created(&tmp).map(|file| {
            Box::new(Csv(CsvWriter::new(file, args.with_params, false))) as Box<dyn Export>
        }),
        ExportFormat::Ndjson => created(&tmp).map(|file| {
            Box::new(Ndjson(BufWriter::with_capacity(WRITE_BUFFER, file))) as Box<dyn Export>
        }),
    };
    let written = export
        .and_then(|export| {
            write(
                args, ctx, export, format, query, stop, progress, about, warnings,
            )
        })
        .and_then(|count| {
            fs::rename(&tmp, &args.output).context("cannot move it into place")?;
            Ok(count)
        });
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Removes what exports to `target` that were killed left beside it: `.NAME.PID.tmp` files
/// whose process is gone. Only ever a cleanup: what cannot be removed stays.
fn remove_stale(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(items) = fs::read_dir(dir) else {
        return;
    };
    for item in items.flatten() {
        let file = item.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|f| f.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<i32>().ok())
        else {
            continue;
        };
        let gone = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None)
            .is_err_and(|e| e == nix::errno::Errno::ESRCH);
        if gone {
            let _ = fs::remove_file(item.path());
        }
    }
}

/// A file created new for an export, readable by its owner and group as the logs are.
fn created(path: &Path) -> Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    Ok(fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o640)
        .open(path)?)
}

#[allow(clippy::too_many_arguments)]
fn write(
    args: &ExportArgs,
    ctx: &Context,
    mut export: Box<dyn Export>,
    format: ExportFormat,
    query: &auditlog::query::Query,
    stop: &AtomicBool,
    progress: &ProgressBar,
    mut about: About,
    warnings: &Warnings,
) -> Result<u64> {
    let shown = Shown {
        oldest_first: args.oldest_first,
        limit: args.limit,
        strict: false,
        keep_raw: false,
        need_lines: format == ExportFormat::Ndjson,
        need_refs: format != ExportFormat::Xlsx,
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
        let count = in_list_order(ctx, query, &shown, warnings, &mut |found| {
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

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A size as people read it: `812 bytes`, `7.9 MB`.
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1000 => format!("{bytes} bytes"),
        1000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.1} GB", bytes as f64 / 1e9),
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
        ProgressStyle::with_template("{spinner} exporting: {pos} entries ({rate}, {elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}/s", thousands(state.per_sec() as u64));
                },
            ),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// CSV through the one CSV writer (see [`crate::output::csv`]), synced when it is a file.
struct Csv<W: Write>(CsvWriter<W>);

impl<W: Write + Send + Finish> Export for Csv<W> {
    fn entry(&mut self, row: &Row) -> Result<()> {
        self.0.row(&row.found, row.controller.as_deref())?;
        Ok(())
    }

    fn finish(self: Box<Self>, _: &About) -> Result<()> {
        self.0.finish()?.done()
    }
}

struct Ndjson<W: Write>(BufWriter<W>);

impl<W: Write + Send + Finish> Export for Ndjson<W> {
    fn entry(&mut self, row: &Row) -> Result<()> {
        let (entry, reference) = (&row.found.entry, &row.found.reference);
        let json = EntryJson::with_controller(entry, reference, row.controller.clone());
        writeln!(self.0, "{}", safe_json(&json))?;
        Ok(())
    }

    fn finish(self: Box<Self>, _: &About) -> Result<()> {
        self.0
            .into_inner()
            .map_err(|e| anyhow!("{}", e.error()))?
            .done()
    }
}

/// What an export's destination does once everything is written: a file is synced to disk
/// before it is renamed into place; standard output is flushed.
trait Finish {
    fn done(self) -> Result<()>;
}

impl Finish for File {
    fn done(self) -> Result<()> {
        self.sync_all()?;
        Ok(())
    }
}

impl Finish for io::Stdout {
    fn done(mut self) -> Result<()> {
        self.flush()?;
        Ok(())
    }
}
