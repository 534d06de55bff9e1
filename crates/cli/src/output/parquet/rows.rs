//! A row group's values, column by column in the schema's order, and writing them out.

use std::fs::File;

use anyhow::Result;
use auditlog::json::iso8601;
use auditlog::scan::Found;
use parquet::column::writer::ColumnWriter;
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};

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
pub struct Rows {
    pub count: usize,
    pub bytes: usize,
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
    /// Adds an entry's values; `false` when its ID or time spent does not fit its column and
    /// is null there.
    pub fn push(&mut self, found: &Found) -> bool {
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

    /// Writes the rows as a row group, and starts the next.
    pub fn write(&mut self, writer: &mut SerializedFileWriter<File>) -> Result<()> {
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
                ColumnWriter::ByteArrayColumnWriter(_) => {
                    let (s, optional) = strings.next().expect("a string column");
                    s.write(&mut column, optional)?;
                }
                ColumnWriter::Int64ColumnWriter(_) => {
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
