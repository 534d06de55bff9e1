//! Entries as a Parquet dataset that Spark, Trino, Athena and DuckDB read: Hive partitions by
//! day or month (`DIR/date=2026-11-23/part-<first ref>.parquet`), typed columns, zstd, row
//! groups of at most 48 MiB of values or a million rows. Each part is written under a temporary name,
//! synced, and linked into place only when whole and only where no part is: a reader never sees
//! half a file, and no part is ever rewritten. Memory holds one row group.
//!
//! The columns are the JSON schema's (`schemas/entry.schema.json`,
//! `schemas/execution.schema.json`), typed: see `schemas/entry.parquet.md` and
//! `schemas/execution.parquet.md`.

mod executions;
mod rows;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::durable;
use auditlog::safe::safe_path;
use auditlog::time::Zone;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
pub use executions::ExecutionRows;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::{ColumnPath, Type};
pub use rows::EntryRows;

/// A row group holds at most this many entries…
const GROUP_ROWS: usize = 1_000_000;

/// …and at most about this many bytes of their values: writing a row group holds about three
/// times its values (the values, the encoded and the compressed pages), and an export stays
/// under 200 MiB whatever its entries hold.
const GROUP_BYTES: usize = 48 << 20;

/// The rows of a row group, column by column: what a dataset of one kind of row is made of.
pub trait Rows: Default + Send + 'static {
    /// One row, as read.
    type Row: Send + 'static;
    /// The schema of a part.
    const SCHEMA: &'static str;
    /// The columns whose values are all different: no dictionary for them.
    const UNIQUE: &'static [&'static str];
    /// The instant that decides a row's partition.
    fn instant(row: &Self::Row) -> DateTime<Utc>;
    /// What a part whose first row is `row` is named after: `part-NAME.parquet`. Never text
    /// from a log, which could name another directory.
    fn name(row: &Self::Row) -> String;
    /// About how many bytes a row holds.
    fn weight(row: &Self::Row) -> usize;
    /// Adds a row's values; `false` when a number does not fit its column and is null there.
    fn push(&mut self, row: &Self::Row) -> bool;
    /// How many rows there are, and about how many bytes of values.
    fn size(&self) -> (usize, usize);
    /// Writes the rows as a row group, and starts the next.
    fn write(&mut self, writer: &mut SerializedFileWriter<File>) -> Result<()>;
}

/// How entries are split into directories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Partition {
    /// `date=YYYY-MM-DD`.
    Day,
    /// `month=YYYY-MM`.
    Month,
    /// Every part in the dataset's directory.
    None,
}

/// A dataset being written: the part open now, and the parts finished.
pub struct Dataset<R: Rows> {
    dir: PathBuf,
    partition: Partition,
    zone: Zone,
    schema: Arc<Type>,
    props: Arc<WriterProperties>,
    part: Option<Part<R>>,
    /// The parts this run put in place.
    pub finished: Vec<PathBuf>,
    /// The partitions' directories this run made.
    made: Vec<PathBuf>,
    /// Rows with a number that does not fit its column, written as null there.
    pub too_large: u64,
    _lock: File,
}

/// The file a run holds locked while it writes into the dataset; hidden from the engines.
const LOCK: &str = ".auditlog-export.lock";

/// Refuses to add parts partitioned otherwise than those in `dir`: engines read a dataset
/// whose parts are partitioned alike, or none of it.
fn laid_out(dir: &Path, partition: Partition) -> Result<()> {
    let mut names = fs::read_dir(dir)?
        .map(|entry| Ok(entry?.file_name().to_string_lossy().into_owned()))
        .collect::<io::Result<Vec<String>>>()?;
    names.sort();
    for name in names {
        let found = if name.starts_with("date=") {
            Partition::Day
        } else if name.starts_with("month=") {
            Partition::Month
        } else if name.ends_with(".parquet") {
            Partition::None
        } else {
            continue;
        };
        if found != partition {
            let by = match found {
                Partition::Day => "day",
                Partition::Month => "month",
                Partition::None => "none",
            };
            bail!(
                "{} holds parts partitioned by {by} ({name}): give --partition {by} to add to it",
                safe_path(dir)
            );
        }
    }
    Ok(())
}

/// Removes the temporary parts a run killed outright left (SIGKILL, a power cut): under the
/// lock, no other run is writing one. Only files named as ours, in the dataset's directory
/// and its partitions' (never through a link).
fn sweep(dir: &Path) -> io::Result<()> {
    let mut dirs = vec![dir.to_owned()];
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if (name.starts_with("date=") || name.starts_with("month=")) && entry.file_type()?.is_dir()
        {
            dirs.push(entry.path());
        }
    }
    for dir in dirs {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            if entry.file_type()?.is_file() && is_temporary(&entry.file_name().to_string_lossy()) {
                fs::remove_file(entry.path())?;
            }
        }
    }
    Ok(())
}

/// Whether `name` is a part's temporary name: `.part-NAME.PID.parquet.tmp`.
fn is_temporary(name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(".part-")
        .and_then(|n| n.strip_suffix(".parquet.tmp"))
    else {
        return false;
    };
    rest.rsplit_once('.')
        .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// A dataset written on a thread of its own, fed entries in batches, so that reading the log
/// and encoding and compressing the parts run side by side.
pub struct Behind<R: Rows> {
    batch: Vec<R::Row>,
    bytes: usize,
    to: Option<SyncSender<Vec<R::Row>>>,
    thread: JoinHandle<(Dataset<R>, Result<()>)>,
}

/// How many rows go to the writer at a time, at most…
const BATCH: usize = 512;

/// …and about how many bytes of them: long bodies go in smaller batches.
const BATCH_BYTES: usize = 1 << 20;

impl<R: Rows> Behind<R> {
    /// Writes `dataset` on a thread of its own.
    pub fn new(mut dataset: Dataset<R>) -> Behind<R> {
        let (to, from) = sync_channel::<Vec<R::Row>>(4);
        let thread = std::thread::spawn(move || {
            for batch in from {
                for row in &batch {
                    if let Err(error) = dataset.push(row) {
                        return (dataset, Err(error));
                    }
                }
            }
            (dataset, Ok(()))
        });
        Behind {
            batch: Vec::with_capacity(BATCH),
            bytes: 0,
            to: Some(to),
            thread,
        }
    }

    /// Adds a row; `false` when the writer has stopped, on an error [`Behind::done`] gives.
    pub fn push(&mut self, row: R::Row) -> bool {
        self.bytes += R::weight(&row);
        self.batch.push(row);
        (self.batch.len() < BATCH && self.bytes < BATCH_BYTES) || self.send()
    }

    fn send(&mut self) -> bool {
        self.bytes = 0;
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.to.as_ref().is_some_and(|to| to.send(batch).is_ok())
    }

    /// The dataset once every row pushed is in it (its last part still open), or the error
    /// that stopped the writer.
    pub fn done(mut self) -> (Dataset<R>, Result<()>) {
        self.send();
        self.to = None;
        match self.thread.join() {
            Ok(done) => done,
            Err(_) => panic!("the dataset's writer panicked"),
        }
    }
}

/// A part being written: where it goes, its writer, and the rows of its next row group.
struct Part<R> {
    key: Option<NaiveDate>,
    tmp: PathBuf,
    path: PathBuf,
    writer: SerializedFileWriter<File>,
    rows: R,
}

impl<R: Rows> Dataset<R> {
    /// A dataset in `dir`, made when missing, written by this run alone (others wait for
    /// nothing: they are refused), partitioned as the parts already there are.
    fn new(dir: &Path, partition: Partition, zone: Zone) -> Result<Dataset<R>> {
        let name = safe_path(dir);
        fs::create_dir_all(dir).with_context(|| format!("cannot make {name}"))?;
        let lock = durable::open_own(&dir.join(LOCK), 0o640)
            .with_context(|| format!("cannot lock {name}"))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                bail!("another export is writing into {name}: wait for it, and run again")
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {name}"));
            }
        }
        laid_out(dir, partition)?;
        sweep(dir).with_context(|| format!("cannot clear what an earlier run left in {name}"))?;
        let level = ZstdLevel::try_new(1).map_err(|e| anyhow!("{e}"))?;
        Ok(Dataset {
            dir: dir.to_owned(),
            partition,
            zone,
            schema: Arc::new(parse_message_type(R::SCHEMA)?),
            props: Arc::new(properties(level, R::UNIQUE)),
            part: None,
            finished: Vec::new(),
            made: Vec::new(),
            too_large: 0,
            _lock: lock,
        })
    }

    /// The dataset in `dir` (a directory or nothing, never a link or a file), made when
    /// missing. With `only_new`, it must hold nothing yet: the error says what else to do.
    pub fn open(
        dir: &Path,
        partition: Partition,
        zone: Zone,
        only_new: Option<&str>,
    ) -> Result<Dataset<R>> {
        if fs::symlink_metadata(dir).is_ok_and(|meta| !meta.is_dir()) {
            bail!(
                "{} is not a directory: a parquet dataset is written into a directory",
                safe_path(dir)
            );
        }
        let dataset = Dataset::new(dir, partition, zone)?;
        if let Some(how) = only_new
            && !dataset.is_empty()?
        {
            bail!(
                "{} is not empty: export a dataset into a new directory, {how}",
                safe_path(dir)
            );
        }
        Ok(dataset)
    }

    /// Whether the dataset holds nothing yet.
    pub fn is_empty(&self) -> Result<bool> {
        let mut names = fs::read_dir(&self.dir)?;
        Ok(names.all(|e| e.is_ok_and(|e| e.file_name() == LOCK)))
    }

    /// Adds a row: to the part open, or to a new one when its partition is another.
    pub fn push(&mut self, row: &R::Row) -> Result<()> {
        let key = self.key(R::instant(row));
        if self.part.as_ref().is_some_and(|p| p.key != key) {
            self.finish()?;
        }
        if self.part.is_none() {
            self.part = Some(self.open_part(key, &R::name(row))?);
        }
        let part = self.part.as_mut().expect("a part is open");
        if !part.rows.push(row) {
            self.too_large += 1;
        }
        let (count, bytes) = part.rows.size();
        if count >= GROUP_ROWS || bytes >= GROUP_BYTES {
            part.rows.write(&mut part.writer)?;
        }
        Ok(())
    }

    /// Puts the part open in place.
    pub fn finish(&mut self) -> Result<()> {
        let Some(mut part) = self.part.take() else {
            return Ok(());
        };
        let placed = (|| -> Result<PathBuf> {
            part.rows.write(&mut part.writer)?;
            let file = part.writer.into_inner()?;
            file.sync_all()?;
            drop(file);
            place(&part.tmp, &part.path)
        })();
        let _ = fs::remove_file(&part.tmp);
        let path = placed.with_context(|| format!("cannot write {}", safe_path(&part.path)))?;
        self.finished.push(path);
        Ok(())
    }

    /// Leaves the dataset as it was: the part open is dropped, and the parts this run put in
    /// place are taken away again.
    pub fn abandon(&mut self) {
        if let Some(part) = self.part.take() {
            let _ = fs::remove_file(&part.tmp);
        }
        for path in self.finished.drain(..) {
            let _ = fs::remove_file(path);
        }
        // The partitions it made, when nothing else is in them.
        for dir in self.made.drain(..) {
            let _ = fs::remove_dir(dir);
        }
    }

    /// The partition of a row at `instant`: the day, or the first of the month, in the zone
    /// of the query.
    fn key(&self, instant: DateTime<Utc>) -> Option<NaiveDate> {
        let day = self.zone.wall_time(instant).date();
        match self.partition {
            Partition::Day => Some(day),
            Partition::Month => day.with_day(1),
            Partition::None => None,
        }
    }

    /// A new part named after its first row, under a temporary name in its partition.
    fn open_part(&mut self, key: Option<NaiveDate>, name: &str) -> Result<Part<R>> {
        let dir = match (key, self.partition) {
            (Some(day), Partition::Day) => self.dir.join(format!("date={day}")),
            (Some(month), _) => self.dir.join(format!("month={}", month.format("%Y-%m"))),
            (None, _) => self.dir.clone(),
        };
        if !dir.exists() {
            fs::create_dir_all(&dir).with_context(|| format!("cannot make {}", safe_path(&dir)))?;
            self.made.push(dir.clone());
        }
        // A partition is a directory of the dataset's own, never a link to elsewhere.
        if !fs::symlink_metadata(&dir)?.is_dir() {
            bail!(
                "{} is not a directory: a partition is written only into a directory of its own",
                safe_path(&dir)
            );
        }
        let path = dir.join(format!("part-{name}.parquet"));
        let tmp = dir.join(format!(".part-{name}.{}.parquet.tmp", std::process::id()));
        let file = durable::create_new(&tmp, 0o640)
            .with_context(|| format!("cannot create {}", safe_path(&tmp)))?;
        let writer = SerializedFileWriter::new(file, self.schema.clone(), self.props.clone())?;
        Ok(Part {
            key,
            tmp,
            path,
            writer,
            rows: R::default(),
        })
    }
}

/// How parts are written: zstd; a dictionary for the columns whose values repeat (accounts,
/// requests, categories), none for those that are all different (stamps, references, bodies),
/// where building one costs time and saves nothing.
fn properties(level: ZstdLevel, unique: &[&str]) -> WriterProperties {
    let mut props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_created_by(format!("auditlog {}", env!("CARGO_PKG_VERSION")));
    for &unique in unique {
        props = props.set_column_dictionary_enabled(ColumnPath::from(unique), false);
    }
    props.build()
}

/// Links `tmp` in at `path`, or beside it (`~2`, `~3`…) where a part already is: never over
/// one. Returns where it went.
fn place(tmp: &Path, path: &Path) -> Result<PathBuf> {
    let stem = path.with_extension("");
    for n in 1.. {
        let target = match n {
            1 => path.to_owned(),
            n => PathBuf::from(format!("{}~{n}.parquet", stem.display())),
        };
        match fs::hard_link(tmp, &target) {
            Ok(()) => {
                // The partition's directory, which now names the part.
                durable::sync_dir(&target)?;
                return Ok(target);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.into()),
        }
    }
    unreachable!("some name is free")
}
