//! Job executions as rows of a dataset: the columns of `executions -o json`, typed, with the
//! metrics as maps (see `schemas/execution.parquet.md`).

use std::fs::File;

use anyhow::Result;
use auditlog::execution::Metric;
use auditlog::json::iso8601;
use chrono::{DateTime, Utc};
use parquet::data_type::ByteArray;
use parquet::file::writer::SerializedFileWriter;

use super::Rows;
use super::rows::{Leaf, Levels, Nested, Numbers, Strings, write_group};
use crate::output::ExecutionRow;

/// The executions of a row group, column by column, in the schema's order.
#[derive(Default)]
pub struct ExecutionRows {
    count: usize,
    execution_id: Strings,
    job: Strings,
    space: Strings,
    status: Strings,
    executed_by: Strings,
    started: Strings,
    started_instant: Numbers<i64>,
    ended: Strings,
    ended_instant: Numbers<i64>,
    duration_ms: Numbers<i64>,
    exit_code: Numbers<i32>,
    signal: Numbers<i32>,
    metrics: Metrics<f64>,
    metrics_text: Metrics<ByteArray>,
    host: Strings,
    output: Strings,
    file: Strings,
    line: Numbers<i64>,
}

/// A map column: each row's keys and values, end to end, with their levels. A row without
/// the map (an execution with no finish) is null; one whose command reported nothing is an
/// empty map.
struct Metrics<V> {
    keys: Vec<ByteArray>,
    values: Vec<V>,
    levels: Levels,
}

impl<V> Default for Metrics<V> {
    fn default() -> Metrics<V> {
        Metrics {
            keys: Vec::new(),
            values: Vec::new(),
            levels: Levels::default(),
        }
    }
}

impl<V> Metrics<V> {
    /// Adds a row's pairs, or a null map.
    fn push(&mut self, pairs: Option<Vec<(&str, V)>>) {
        let Some(pairs) = pairs else {
            self.levels.definition.push(0);
            self.levels.repetition.push(0);
            return;
        };
        if pairs.is_empty() {
            self.levels.definition.push(1);
            self.levels.repetition.push(0);
        }
        for (i, (key, value)) in pairs.into_iter().enumerate() {
            self.keys.push(ByteArray::from(key.as_bytes().to_vec()));
            self.values.push(value);
            self.levels.definition.push(2);
            self.levels.repetition.push(i16::from(i > 0));
        }
    }

    /// The key leaf and the value leaf: a required key and a required value share the levels.
    fn leaves(self, value: fn(Vec<V>, Levels) -> Nested) -> [Leaf; 2] {
        let keys = Nested::Text(self.keys, self.levels.clone());
        [
            Leaf::Nested(keys),
            Leaf::Nested(value(self.values, self.levels)),
        ]
    }
}

impl Rows for ExecutionRows {
    type Row = ExecutionRow;
    const SCHEMA: &str = "message job_execution {
        required binary execution_id (STRING);
        required binary job (STRING);
        optional binary space (STRING);
        required binary status (STRING);
        required binary executed_by (STRING);
        required binary started (STRING);
        required int64 started_instant (TIMESTAMP(MILLIS, true));
        optional binary ended (STRING);
        optional int64 ended_instant (TIMESTAMP(MILLIS, true));
        optional int64 duration_ms;
        optional int32 exit_code;
        optional int32 signal;
        optional group metrics (MAP) {
            repeated group key_value {
                required binary key (STRING);
                required double value;
            }
        }
        optional group metrics_text (MAP) {
            repeated group key_value {
                required binary key (STRING);
                required binary value (STRING);
            }
        }
        required binary host (STRING);
        optional binary output (STRING);
        optional binary file (STRING);
        optional int64 line;
    }";
    const UNIQUE: &[&str] = &[
        "execution_id",
        "started",
        "started_instant",
        "ended",
        "ended_instant",
        "output",
        "line",
    ];

    fn instant(row: &ExecutionRow) -> DateTime<Utc> {
        row.execution.started_instant(row.zone)
    }

    /// When the first execution started, in UTC: `20261123T020000.000Z`. Not its ID, which
    /// is text from the log.
    fn name(row: &ExecutionRow) -> String {
        Self::instant(row).format("%Y%m%dT%H%M%S%.3fZ").to_string()
    }

    fn weight(row: &ExecutionRow) -> usize {
        let command: usize = row.execution.started.command.iter().map(String::len).sum();
        command + 512
    }

    fn size(&self) -> (usize, usize) {
        let strings = [
            &self.execution_id,
            &self.job,
            &self.executed_by,
            &self.host,
            &self.output,
            &self.file,
        ];
        let bytes: usize = strings.iter().map(|s| s.bytes.len()).sum();
        (self.count, bytes + self.count * 128)
    }

    /// A duration past INT64 milliseconds is null there.
    fn push(&mut self, row: &ExecutionRow) -> bool {
        let e = &row.execution;
        let finished = e.finished.as_ref().map(|(f, _)| f);
        let duration = finished.map(|f| i64::try_from(f.duration_ms));
        self.count += 1;
        self.execution_id.push(Some(&e.started.id));
        self.job.push(Some(&e.started.job));
        self.space.push(e.started.space.as_deref());
        self.status.push(Some(row.status.name()));
        self.executed_by.push(Some(&e.executed_by));
        self.started.push(Some(&iso8601(e.created)));
        self.started_instant
            .push(Some(e.started_instant(row.zone).timestamp_millis()));
        let ended = e.finished.as_ref().map(|(_, at)| iso8601(*at));
        self.ended.push(ended.as_deref());
        self.ended_instant
            .push(e.ended_instant(row.zone).map(|t| t.timestamp_millis()));
        self.duration_ms.push(duration.and_then(Result::ok));
        self.exit_code.push(finished.and_then(|f| f.exit_code));
        self.signal.push(finished.and_then(|f| f.signal));
        // Each metric is named once (see `Metric`): the engines refuse a map with a key twice.
        let numbers = finished.map(|f| {
            f.metrics
                .iter()
                .filter_map(|(name, metric)| match metric {
                    Metric::Number(n) => Some((name.as_str(), n.parse().unwrap_or(f64::NAN))),
                    Metric::Text(_) => None,
                })
                .collect()
        });
        self.metrics.push(numbers);
        let texts = finished.map(|f| {
            f.metrics
                .iter()
                .filter_map(|(name, metric)| match metric {
                    Metric::Text(t) => Some((name.as_str(), ByteArray::from(t.as_str()))),
                    Metric::Number(_) => None,
                })
                .collect()
        });
        self.metrics_text.push(texts);
        self.host.push(Some(&e.started.host));
        self.output.push(finished.and_then(|f| f.output.as_deref()));
        let origin = e.origin.as_ref();
        let file = origin.map(|o| o.file.display().to_string());
        self.file.push(file.as_deref());
        self.line
            .push(origin.and_then(|o| i64::try_from(o.line).ok()));
        !matches!(duration, Some(Err(_)))
    }

    fn write(&mut self, writer: &mut SerializedFileWriter<File>) -> Result<()> {
        if self.count == 0 {
            return Ok(());
        }
        let rows = std::mem::take(self);
        let mut leaves = vec![
            Leaf::Text(rows.execution_id, false),
            Leaf::Text(rows.job, false),
            Leaf::Text(rows.space, true),
            Leaf::Text(rows.status, false),
            Leaf::Text(rows.executed_by, false),
            Leaf::Text(rows.started, false),
            Leaf::Int64(rows.started_instant, false),
            Leaf::Text(rows.ended, true),
            Leaf::Int64(rows.ended_instant, true),
            Leaf::Int64(rows.duration_ms, true),
            Leaf::Int32(rows.exit_code, true),
            Leaf::Int32(rows.signal, true),
        ];
        leaves.extend(rows.metrics.leaves(Nested::Double));
        leaves.extend(rows.metrics_text.leaves(Nested::Text));
        leaves.extend([
            Leaf::Text(rows.host, false),
            Leaf::Text(rows.output, true),
            Leaf::Text(rows.file, true),
            Leaf::Int64(rows.line, true),
        ]);
        write_group(writer, leaves)
    }
}
