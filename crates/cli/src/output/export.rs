//! Writing an export: what a search finds, written on a thread of its own while the search
//! reads on and prepares the rows, to a file that appears whole or not at all (written beside
//! its target, synced and renamed into place), or to standard output.

use std::fs::{self, File};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::safe::safe_path;
use auditlog::search::{Keep, Source};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::ExecutionRow;
use super::columns::{BODY, EntryRow};
use super::row::Column;
use super::warnings::Warnings;
use super::xlsx::{Provenance, Summary, Workbook};
use super::{CsvFor, Format, Pace, PumpError, Screen, Sink, Watch, csv_sink, pump, sink};
use auditlog::execution::Liveness;
use auditlog::time::Zone;

/// How many rows cross from the search to the writer at a time: one hand-over per row would
/// cost more in waking threads than the row costs to write.
const BATCH: usize = 256;

/// How much text the CSV and NDJSON forms gather before writing: large writes cost the system
/// much less than many small ones.
const WRITE_BUFFER: usize = 256 << 10;

/// The kinds of export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportAs {
    /// An Excel workbook.
    Workbook,
    /// Comma-separated values.
    Csv,
    /// One JSON object a line.
    Ndjson,
}

impl ExportAs {
    /// What an export of this kind keeps of each entry: CSV and NDJSON what `list` keeps for
    /// them; a workbook shows no references.
    pub fn keep(self) -> Keep {
        match self {
            ExportAs::Workbook => Keep {
                refs: false,
                ..Format::Csv.keep()
            },
            ExportAs::Csv => Format::Csv.keep(),
            ExportAs::Ndjson => Format::Ndjson.keep(),
        }
    }
}

/// What an export writes.
pub enum Output {
    /// A workbook, which also counts what it holds for its summary.
    Workbook(Box<Workbook>, Box<Summary>),
    /// CSV or NDJSON, through the sinks `list` uses, rendered on every core.
    Rows(Box<dyn Sink<EntryRow>>),
}

impl Output {
    /// CSV to `out` for `to`, with the request body with `with_params`.
    pub fn csv<W: Write + 'static>(out: W, with_params: bool, to: CsvFor) -> Output {
        let extra: &[&'static Column<EntryRow>] = if with_params { &[&BODY] } else { &[] };
        let out = BufWriter::with_capacity(WRITE_BUFFER, out);
        Output::Rows(csv_sink(out, extra, to, Pace::AllCores))
    }

    /// NDJSON to `out`.
    pub fn ndjson<W: Write + 'static>(out: W) -> Output {
        let out = BufWriter::with_capacity(WRITE_BUFFER, out);
        Output::Rows(sink(Format::Ndjson, out, Screen::file(), Pace::AllCores))
    }
}

/// What an export came to: how many entries it wrote, and the workbook still to be closed.
pub struct Exported {
    /// Entries written.
    pub count: u64,
    /// The workbook and its summary, when the form was one.
    pub workbook: Option<(Workbook, Summary)>,
}

/// Hands what `source` hands out to the form; lines that are not entries go to `warnings`.
/// `stop` set (by a signal) ends it with an error.
pub fn write(
    source: &mut Source,
    form: Output,
    stop: &AtomicBool,
    progress: &ProgressBar,
    warnings: &Warnings,
) -> Result<Exported> {
    let watch = Watch {
        stop: Some(stop),
        progress: Some(progress),
    };
    match form {
        Output::Workbook(book, summary) => to_workbook(source, *book, *summary, watch, warnings),
        Output::Rows(mut sink) => {
            let count = pump(source, sink.as_mut(), warnings, watch)?;
            sink.finish()?;
            Ok(Exported {
                count,
                workbook: None,
            })
        }
    }
}

/// Writes a workbook on a thread of its own, in batches, while the search reads on and
/// prepares the rows.
fn to_workbook(
    source: &mut Source,
    mut book: Workbook,
    mut summary: Summary,
    watch: Watch,
    warnings: &Warnings,
) -> Result<Exported> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<EntryRow>>(8);
    // Exported batches come back to be emptied on this side, where their rows were made, so
    // that the writer does not contend with the search for the allocator's lock.
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Vec<EntryRow>>();
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Workbook> {
            for batch in rx {
                for row in &batch {
                    book.write(row)?;
                }
                if let Some(progress) = watch.progress {
                    progress.inc(batch.len() as u64);
                }
                let _ = done_tx.send(batch);
            }
            Ok(book)
        });
        let mut batch = Vec::with_capacity(BATCH);
        // `Break(None)`: the writer hung up, which it does only when it failed; its error is
        // the one to report.
        let searched = source.each(&mut |event| {
            let Some(found) = warnings.note(event) else {
                return ControlFlow::Continue(());
            };
            if watch.stopped() {
                return ControlFlow::Break(Some(PumpError::Interrupted));
            }
            let row = EntryRow::new(found);
            // The controller is read here, and the summary counted, so that the writer only
            // writes.
            let _ = row.controller();
            summary.add(&row);
            batch.push(row);
            if batch.len() == BATCH {
                let mut next = done_rx.try_recv().unwrap_or_default();
                next.clear();
                next.reserve(BATCH);
                if tx.send(std::mem::replace(&mut batch, next)).is_err() {
                    return ControlFlow::Break(None);
                }
            }
            ControlFlow::Continue(())
        });
        let searched: Result<u64> = match searched {
            Ok(ControlFlow::Continue(count)) => {
                if !batch.is_empty() {
                    let _ = tx.send(batch);
                }
                Ok(count)
            }
            Ok(ControlFlow::Break(None)) => Ok(0),
            Ok(ControlFlow::Break(Some(error))) => Err(error.into()),
            Err(error) => Err(error.into()),
        };
        drop(tx);
        let book = writer
            .join()
            .map_err(|_| anyhow!("the export thread stopped"))??;
        let count = searched?;
        Ok(Exported {
            count,
            workbook: Some((book, summary)),
        })
    })
}

/// How an export is written: its kind, whether it has the request bodies, what watches it,
/// and what a workbook's summary says of where it came from.
pub struct Exporting<'a> {
    /// The kind.
    pub kind: ExportAs,
    /// With the request bodies.
    pub with_params: bool,
    /// Set by a signal: the export ends with an error.
    pub stop: &'a AtomicBool,
    /// Counts what was written.
    pub progress: &'a ProgressBar,
    /// Where lines that are not entries are said.
    pub warnings: &'a Warnings,
    /// What the summary says of the export.
    pub provenance: Provenance,
    /// How the job executions it holds are judged.
    pub live: &'a Liveness<'a>,
    /// The logs' zone.
    pub zone: Zone,
}

impl Exporting<'_> {
    /// Into the file `path`, which is not yet in its place: how many entries.
    pub fn to_file(&self, source: &mut Source, path: &Path) -> Result<u64> {
        let form = match self.kind {
            ExportAs::Workbook => Output::Workbook(
                Box::new(Workbook::new(path, self.with_params)?),
                Box::new(Summary::new(self.with_params)),
            ),
            ExportAs::Csv => Output::csv(create(path)?, self.with_params, CsvFor::Spreadsheet),
            ExportAs::Ndjson => Output::ndjson(create(path)?),
        };
        self.write(source, form)
    }

    /// CSV (for `to`) or NDJSON into `out`: how many entries.
    pub fn to_stream<W: Write + 'static>(
        &self,
        source: &mut Source,
        out: W,
        to: CsvFor,
    ) -> Result<u64> {
        let form = match self.kind {
            ExportAs::Csv => Output::csv(out, self.with_params, to),
            _ => Output::ndjson(out),
        };
        self.write(source, form)
    }

    fn write(&self, source: &mut Source, form: Output) -> Result<u64> {
        let Exported { count, workbook } =
            write(source, form, self.stop, self.progress, self.warnings)?;
        if let Some((book, summary)) = workbook {
            let executions: Vec<ExecutionRow> = summary
                .executions()
                .iter()
                .map(|e| ExecutionRow {
                    status: e.status(self.live),
                    execution: e.clone(),
                    zone: self.zone,
                })
                .collect();
            book.close(&self.provenance, &summary, &executions)?;
        }
        Ok(count)
    }
}

/// A file written for an export: synced to disk when it is flushed, so that it is on disk
/// before it is renamed into place.
pub struct Durable(File);

impl Write for Durable {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.sync_all()
    }
}

/// Where an export is written before it is renamed into place: beside its target, named for
/// this process.
pub fn beside(target: &Path) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| anyhow!("it is not a file name"))?;
    remove_stale(target);
    Ok(target.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// A file created new for an export, readable by its owner and group as the logs are.
pub fn create(path: &Path) -> Result<Durable> {
    Ok(Durable(auditlog::durable::create_new(path, 0o640)?))
}

/// Refuses to replace `target` when it is not a regular file (a link, a directory, a device),
/// or when it exists and `force` was not given; `command` names who would replace it.
pub fn may_replace(target: &Path, force: bool, command: &str) -> Result<()> {
    let name = safe_path(target);
    match fs::symlink_metadata(target) {
        Ok(meta) if !meta.file_type().is_file() => bail!(
            "{name} is not a regular file: {command} replaces only regular files, never a link, a directory or a device"
        ),
        Ok(_) if !force => bail!("{name} exists: give --force to replace it"),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `target` whole or not at all: beside it, synced, renamed into place.
pub fn write_whole(target: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = beside(target)?;
    let written = create(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.flush()?;
        into_place(&tmp, target)
    });
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Moves a finished export into place.
pub fn into_place(tmp: &Path, target: &Path) -> Result<()> {
    fs::rename(tmp, target).context("cannot move it into place")
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

/// The progress line on a terminal: entries so far, their rate, the time.
pub fn progress(quiet: bool) -> ProgressBar {
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

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
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
pub fn human_size(bytes: u64) -> String {
    match bytes {
        0..1000 => format!("{bytes} bytes"),
        1000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.1} GB", bytes as f64 / 1e9),
    }
}
