//! Entries as a Parquet dataset that Spark, Trino, Athena and DuckDB read: Hive partitions by
//! day or month (`DIR/date=2026-11-23/part-<first ref>.parquet`), typed columns, zstd, row
//! groups of about 128 MiB or a million rows. Each part is written under a temporary name,
//! synced, and linked into place only when whole and only where no part is: a reader never sees
//! half a file, and no part is ever rewritten. Memory holds one row group.
//!
//! The columns are the entry's JSON schema's (`schemas/entry.schema.json`), typed: see
//! `schemas/entry.parquet.md`.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::durable;
use auditlog::json::iso8601;
use auditlog::safe::safe_path;
use auditlog::scan::Found;
use auditlog::time::Zone;
use chrono::{Datelike, NaiveDate};
use parquet::basic::{Compression, ZstdLevel};
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::{ColumnPath, Type};

/// The schema of a part: the entry's JSON keys, typed.
const SCHEMA: &str = "message audit_entry {
    required int64 instant (TIMESTAMP(MILLIS, true));
    required binary created (STRING);
    required binary ref (STRING);
    required binary level (STRING);
    required binary request (STRING);
    optional int64 id;
    required binary user (STRING);
    optional binary params (STRING);
    optional binary comment (STRING);
    optional int32 time_spent;
    optional binary ticket (STRING);
    required binary category (STRING);
    optional binary controller (STRING);
    optional binary file (STRING);
    optional int64 line;
}";

/// A row group holds at most this many entries…
const GROUP_ROWS: usize = 1_000_000;

/// …and at most about this many bytes of their values.
const GROUP_BYTES: usize = 128 << 20;

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
pub struct Dataset {
    dir: PathBuf,
    partition: Partition,
    zone: Zone,
    schema: Arc<Type>,
    props: Arc<WriterProperties>,
    part: Option<Part>,
    /// The parts this run put in place.
    pub finished: Vec<PathBuf>,
}

/// A dataset written on a thread of its own, fed entries in batches, so that reading the log
/// and encoding and compressing the parts run side by side.
pub struct Behind {
    batch: Vec<Found>,
    to: Option<SyncSender<Vec<Found>>>,
    thread: JoinHandle<(Dataset, Result<()>)>,
}

/// How many entries go to the writer at a time.
const BATCH: usize = 512;

impl Behind {
    /// Writes `dataset` on a thread of its own.
    pub fn new(mut dataset: Dataset) -> Behind {
        let (to, from) = sync_channel::<Vec<Found>>(4);
        let thread = std::thread::spawn(move || {
            for batch in from {
                for found in &batch {
                    if let Err(error) = dataset.push(found) {
                        return (dataset, Err(error));
                    }
                }
            }
            (dataset, Ok(()))
        });
        Behind {
            batch: Vec::with_capacity(BATCH),
            to: Some(to),
            thread,
        }
    }

    /// Adds an entry; `false` when the writer has stopped, on an error [`Behind::done`] gives.
    pub fn push(&mut self, found: Found) -> bool {
        self.batch.push(found);
        self.batch.len() < BATCH || self.send()
    }

    fn send(&mut self) -> bool {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.to.as_ref().is_some_and(|to| to.send(batch).is_ok())
    }

    /// The dataset once every entry pushed is in it (its last part still open), or the error
    /// that stopped the writer.
    pub fn done(mut self) -> (Dataset, Result<()>) {
        self.send();
        self.to = None;
        match self.thread.join() {
            Ok(done) => done,
            Err(_) => panic!("the dataset's writer panicked"),
        }
    }
}

/// A part being written: where it goes, its writer, and the rows of its next row group.
struct Part {
    key: Option<NaiveDate>,
    tmp: PathBuf,
    path: PathBuf,
    writer: SerializedFileWriter<File>,
    rows: Rows,
}

impl Dataset {
    /// A dataset in `dir`, made when missing.
    pub fn new(dir: &Path, partition: Partition, zone: Zone) -> Result<Dataset> {
        fs::create_dir_all(dir).with_context(|| format!("cannot make {}", safe_path(dir)))?;
        let level = ZstdLevel::try_new(1).map_err(|e| anyhow!("{e}"))?;
        Ok(Dataset {
            dir: dir.to_owned(),
            partition,
            zone,
            schema: Arc::new(parse_message_type(SCHEMA)?),
            props: Arc::new(properties(level)),
            part: None,
            finished: Vec::new(),
        })
    }

    /// Adds an entry: to the part open, or to a new one when its partition is another.
    pub fn push(&mut self, found: &Found) -> Result<()> {
        let key = self.key(found);
        if self.part.as_ref().is_some_and(|p| p.key != key) {
            self.finish()?;
        }
        if self.part.is_none() {
            self.part = Some(self.open(key, found)?);
        }
        let part = self.part.as_mut().expect("a part is open");
        part.rows.push(found);
        if part.rows.count >= GROUP_ROWS || part.rows.bytes >= GROUP_BYTES {
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
    }

    /// The partition of an entry: the day, or the first of the month, of its instant in the
    /// zone of the query.
    fn key(&self, found: &Found) -> Option<NaiveDate> {
        let day = self.zone.wall_time(found.instant).date();
        match self.partition {
            Partition::Day => Some(day),
            Partition::Month => day.with_day(1),
            Partition::None => None,
        }
    }

    /// A new part for entries from `first` on, under a temporary name in its partition.
    fn open(&self, key: Option<NaiveDate>, first: &Found) -> Result<Part> {
        let dir = match (key, self.partition) {
            (Some(day), Partition::Day) => self.dir.join(format!("date={day}")),
            (Some(month), _) => self.dir.join(format!("month={}", month.format("%Y-%m"))),
            (None, _) => self.dir.clone(),
        };
        fs::create_dir_all(&dir).with_context(|| format!("cannot make {}", safe_path(&dir)))?;
        // A partition is a directory of the dataset's own, never a link to elsewhere.
        if !fs::symlink_metadata(&dir)?.is_dir() {
            bail!(
                "{} is not a directory: a partition is written only into a directory of its own",
                safe_path(&dir)
            );
        }
        let path = dir.join(format!("part-{}.parquet", first.reference));
        let tmp = dir.join(format!(
            ".part-{}.{}.parquet.tmp",
            first.reference,
            std::process::id()
        ));
        let file = durable::create_new(&tmp, 0o640)
            .with_context(|| format!("cannot create {}", safe_path(&tmp)))?;
        let writer = SerializedFileWriter::new(file, self.schema.clone(), self.props.clone())?;
        Ok(Part {
            key,
            tmp,
            path,
            writer,
            rows: Rows::default(),
        })
    }
}

/// How parts are written: zstd; a dictionary for the columns whose values repeat (accounts,
/// requests, categories), none for those that are all different (stamps, references, bodies),
/// where building one costs time and saves nothing.
fn properties(level: ZstdLevel) -> WriterProperties {
    let mut props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_created_by(format!("auditlog {}", env!("CARGO_PKG_VERSION")));
    for unique in ["instant", "created", "ref", "params", "line"] {
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
                if let Some(dir) = target.parent() {
                    durable::sync_dir(dir)?;
                }
                return Ok(target);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.into()),
        }
    }
    unreachable!("some name is free")
}

/// Strings of one column: their bytes end to end, where each ends, and which are present.
#[derive(Default)]
struct Strings {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    present: Vec<i16>,
}

impl Strings {
    fn push(&mut self, text: Option<&str>) {
        if let Some(text) = text {
            self.bytes.extend_from_slice(text.as_bytes());
            self.ends.push(self.bytes.len());
        }
        self.present.push(i16::from(text.is_some()));
    }

    /// Writes the column: its values, and where it is optional, which rows have one.
    fn write(self, column: &mut SerializedColumnWriter<'_>, optional: bool) -> Result<()> {
        let all = bytes::Bytes::from(self.bytes);
        let mut start = 0;
        let values: Vec<ByteArray> = self
            .ends
            .iter()
            .map(|&end| {
                let value = ByteArray::from(all.slice(start..end));
                start = end;
                value
            })
            .collect();
        let levels = optional.then_some(&self.present[..]);
        column
            .typed::<ByteArrayType>()
            .write_batch(&values, levels, None)?;
        Ok(())
    }
}

/// Numbers of one column, and which rows have one.
#[derive(Default)]
struct Numbers<T> {
    values: Vec<T>,
    present: Vec<i16>,
}

impl<T> Numbers<T> {
    fn push(&mut self, value: Option<T>) {
        self.present.push(i16::from(value.is_some()));
        self.values.extend(value);
    }
}

/// The rows of a row group, column by column, in the schema's order.
#[derive(Default)]
struct Rows {
    count: usize,
    bytes: usize,
    instant: Numbers<i64>,
    created: Strings,
    reference: Strings,
    level: Strings,
    request: Strings,
    id: Numbers<i64>,
    user: Strings,
    params: Strings,
    comment: Strings,
    time_spent: Numbers<i32>,
    ticket: Strings,
    category: Strings,
    controller: Strings,
    file: Strings,
    line: Numbers<i64>,
}

impl Rows {
    fn push(&mut self, found: &Found) {
        let e = &found.entry;
        self.count += 1;
        self.instant.push(Some(found.instant.timestamp_millis()));
        self.created.push(Some(&iso8601(e.created)));
        self.reference.push(Some(&found.reference.to_string()));
        self.level.push(Some(&e.level));
        self.request.push(Some(&e.request));
        self.id.push(e.id.and_then(|id| i64::try_from(id).ok()));
        self.user.push(Some(&e.user));
        self.params.push(e.params.as_deref());
        self.comment.push(e.comment.as_deref());
        self.time_spent
            .push(e.time_spent.and_then(|t| i32::try_from(t).ok()));
        self.ticket.push(e.ticket.as_deref());
        self.category.push(Some(e.category().name()));
        self.controller.push(e.controller().as_deref());
        let origin = e.origin.as_ref();
        let file = origin.map(|o| o.file.display().to_string());
        self.file.push(file.as_deref());
        self.line
            .push(origin.and_then(|o| i64::try_from(o.line).ok()));
        self.bytes = [
            &self.created,
            &self.reference,
            &self.level,
            &self.request,
            &self.user,
            &self.params,
            &self.comment,
            &self.ticket,
            &self.category,
            &self.controller,
            &self.file,
        ]
        .iter()
        .map(|s| s.bytes.len())
        .sum::<usize>()
            + self.count * 40;
    }

    /// Writes the rows as a row group, and starts the next.
    fn write(&mut self, writer: &mut SerializedFileWriter<File>) -> Result<()> {
        if self.count == 0 {
            return Ok(());
        }
        let rows = std::mem::take(self);
        let mut group = writer.next_row_group()?;
        let mut strings = [
            (rows.created, false),
            (rows.reference, false),
            (rows.level, false),
            (rows.request, false),
            (rows.user, false),
            (rows.params, true),
            (rows.comment, true),
            (rows.ticket, true),
            (rows.category, false),
            (rows.controller, true),
            (rows.file, true),
        ]
        .into_iter();
        let mut numbers64 = [(rows.instant, false), (rows.id, true), (rows.line, true)].into_iter();
        let mut numbers32 = [(rows.time_spent, true)].into_iter();
        while let Some(mut column) = group.next_column()? {
            match column.untyped() {
                parquet::column::writer::ColumnWriter::ByteArrayColumnWriter(_) => {
                    let (s, optional) = strings.next().expect("a string column");
                    s.write(&mut column, optional)?;
                }
                parquet::column::writer::ColumnWriter::Int64ColumnWriter(_) => {
                    let (n, optional) = numbers64.next().expect("an int64 column");
                    let levels = optional.then_some(&n.present[..]);
                    column
                        .typed::<Int64Type>()
                        .write_batch(&n.values, levels, None)?;
                }
                _ => {
                    let (n, optional) = numbers32.next().expect("an int32 column");
                    let levels = optional.then_some(&n.present[..]);
                    column
                        .typed::<Int32Type>()
                        .write_batch(&n.values, levels, None)?;
                }
            }
            column.close()?;
        }
        group.close()?;
        Ok(())
    }
}
