//! A row group's values, column by column in the schema's order, and writing them out: the
//! columns every kind of row shares, and the entries' own.

use std::fs::File;

use anyhow::Result;
use auditlog::json::iso8601;
use auditlog::scan::Found;
use chrono::{DateTime, Utc};
use parquet::data_type::{ByteArray, ByteArrayType, DataType, DoubleType, Int32Type, Int64Type};
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};

use super::Rows;

/// Strings of one column: their bytes end to end, where each ends, and which are present.
#[derive(Default)]
pub(super) struct Strings {
    pub(super) bytes: Vec<u8>,
    ends: Vec<usize>,
    present: Vec<i16>,
}

impl Strings {
    pub(super) fn push(&mut self, text: Option<&str>) {
        if let Some(text) = text {
            self.bytes.extend_from_slice(text.as_bytes());
            self.ends.push(self.bytes.len());
        }
        self.present.push(i16::from(text.is_some()));
    }

    /// Writes the column: its values, and where it is optional, which rows have one.
    pub(super) fn write(
        self,
        column: &mut SerializedColumnWriter<'_>,
        optional: bool,
    ) -> Result<()> {
        let (values, present) = self.values();
        let levels = optional.then_some(&present[..]);
        column
            .typed::<ByteArrayType>()
            .write_batch(&values, levels, None)?;
        Ok(())
    }

    /// The values, each a slice of the bytes, and which rows have one.
    pub(super) fn values(self) -> (Vec<ByteArray>, Vec<i16>) {
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
        (values, self.present)
    }
}

/// Numbers of one column, and which rows have one.
#[derive(Default)]
pub(super) struct Numbers<T> {
    values: Vec<T>,
    present: Vec<i16>,
}

impl<T> Numbers<T> {
    pub(super) fn push(&mut self, value: Option<T>) {
        self.present.push(i16::from(value.is_some()));
        self.values.extend(value);
    }
}

impl<T> Numbers<T> {
    /// Writes the column as Parquet's `D`: its values, and where it is optional, which rows
    /// have one.
    pub(super) fn write<D: DataType<T = T>>(
        &self,
        column: &mut SerializedColumnWriter<'_>,
        optional: bool,
    ) -> Result<()> {
        let levels = optional.then_some(&self.present[..]);
        column
            .typed::<D>()
            .write_batch(&self.values, levels, None)?;
        Ok(())
    }
}

/// The entries of a row group, column by column, in the schema's order.
#[derive(Default)]
pub struct EntryRows {
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

impl Rows for EntryRows {
    type Row = Found;
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
    const UNIQUE: &[&str] = &["instant", "created", "ref", "params", "line"];

    fn instant(found: &Found) -> DateTime<Utc> {
        found.instant
    }

    /// The first entry's reference: digits and signs.
    fn name(found: &Found) -> String {
        found.reference.to_string()
    }

    fn weight(found: &Found) -> usize {
        found.entry.params.as_ref().map_or(0, String::len) + 256
    }

    fn size(&self) -> (usize, usize) {
        (self.count, self.bytes)
    }

    /// An ID or a time spent that does not fit its column is null there.
    fn push(&mut self, found: &Found) -> bool {
        let e = &found.entry;
        let id = e.id.map(i64::try_from);
        let time_spent = e.time_spent.map(i32::try_from);
        let fits = !matches!(id, Some(Err(_))) && !matches!(time_spent, Some(Err(_)));
        self.count += 1;
        self.instant.push(Some(found.instant.timestamp_millis()));
        self.created.push(Some(&iso8601(e.created)));
        self.reference.push(Some(&found.reference.to_string()));
        self.level.push(Some(&e.level));
        self.request.push(Some(&e.request));
        self.id.push(id.and_then(Result::ok));
        self.user.push(Some(&e.user));
        self.params.push(e.params.as_deref());
        self.comment.push(e.comment.as_deref());
        self.time_spent.push(time_spent.and_then(Result::ok));
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
        fits
    }

    fn write(&mut self, writer: &mut SerializedFileWriter<File>) -> Result<()> {
        if self.count == 0 {
            return Ok(());
        }
        let rows = std::mem::take(self);
        write_group(
            writer,
            vec![
                Leaf::Int64(rows.instant, false),
                Leaf::Text(rows.created, false),
                Leaf::Text(rows.reference, false),
                Leaf::Text(rows.level, false),
                Leaf::Text(rows.request, false),
                Leaf::Int64(rows.id, true),
                Leaf::Text(rows.user, false),
                Leaf::Text(rows.params, true),
                Leaf::Text(rows.comment, true),
                Leaf::Int32(rows.time_spent, true),
                Leaf::Text(rows.ticket, true),
                Leaf::Text(rows.category, false),
                Leaf::Text(rows.controller, true),
                Leaf::Text(rows.file, true),
                Leaf::Int64(rows.line, true),
            ],
        )
    }
}

/// The values of one leaf column of a row group.
pub(super) enum Leaf {
    /// Strings; whether the column is optional.
    Text(Strings, bool),
    /// 64-bit numbers; whether the column is optional.
    Int64(Numbers<i64>, bool),
    /// 32-bit numbers; whether the column is optional.
    Int32(Numbers<i32>, bool),
    /// A map's keys or values, with their definition and repetition levels.
    Nested(Nested),
}

/// A leaf inside a map: its values, and for each value or missing one its levels.
pub(super) enum Nested {
    /// Strings.
    Text(Vec<ByteArray>, Levels),
    /// Floating-point numbers.
    Double(Vec<f64>, Levels),
}

/// Definition and repetition levels, one of each per value or missing value.
#[derive(Clone, Default)]
pub(super) struct Levels {
    pub(super) definition: Vec<i16>,
    pub(super) repetition: Vec<i16>,
}

/// Writes one row group of `leaves`, in the schema's order of its leaf columns.
pub(super) fn write_group(
    writer: &mut SerializedFileWriter<File>,
    leaves: Vec<Leaf>,
) -> Result<()> {
    let mut group = writer.next_row_group()?;
    let mut leaves = leaves.into_iter();
    while let Some(mut column) = group.next_column()? {
        let leaf = leaves.next().expect("a leaf for each column");
        match leaf {
            Leaf::Text(s, optional) => s.write(&mut column, optional)?,
            Leaf::Int64(n, optional) => n.write::<Int64Type>(&mut column, optional)?,
            Leaf::Int32(n, optional) => n.write::<Int32Type>(&mut column, optional)?,
            Leaf::Nested(Nested::Text(values, l)) => {
                column.typed::<ByteArrayType>().write_batch(
                    &values,
                    Some(&l.definition),
                    Some(&l.repetition),
                )?;
            }
            Leaf::Nested(Nested::Double(values, l)) => {
                column.typed::<DoubleType>().write_batch(
                    &values,
                    Some(&l.definition),
                    Some(&l.repetition),
                )?;
            }
        }
        column.close()?;
    }
    group.close()?;
    Ok(())
}
