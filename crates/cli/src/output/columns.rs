//! The rows of what is listed, and their columns, named once: an entry's (JOC's Audit Log
//! columns and the reference `show` takes) and a job execution's (the job audit log's).

use std::borrow::Cow;
use std::cell::OnceCell;

use auditlog::Category;
use auditlog::execution::{Execution, Liveness, Metric, Status, serialize_metrics};
use auditlog::json::{iso8601, utc, write_entry, write_safe_json};
use auditlog::query::Matcher;
use auditlog::scan::Found;
use auditlog::time::Zone;
use serde::Serialize;

use super::row::{Cell, Column, Row, Width};

/// An entry as it is listed.
pub struct EntryRow {
    /// The entry, its reference and its bytes.
    pub found: Found,
    /// The controller its body names, read once when a column or the JSON first asks.
    controller: OnceCell<Option<String>>,
}

impl EntryRow {
    /// The row of an entry found.
    pub fn new(found: Found) -> EntryRow {
        EntryRow {
            found,
            controller: OnceCell::new(),
        }
    }

    /// The controller the entry's body names.
    pub fn controller(&self) -> Option<&str> {
        self.controller
            .get_or_init(|| self.found.entry.controller())
            .as_deref()
    }

    /// The category of the entry's request.
    pub fn category(&self) -> Category {
        self.found.entry.category()
    }
}

fn text(value: Option<&str>) -> Cell<'_> {
    value.map_or(Cell::Empty, |t| Cell::Text(Cow::Borrowed(t)))
}

/// JOC's columns of the Audit Log, and the reference.
pub static ENTRY_COLUMNS: [Column<EntryRow>; 9] = [
    Column {
        header: "Controller ID",
        short: Some("Controller"),
        cell: |r| text(r.controller()),
        hide_when_same: true,
        width: Width::Capped {
            cap: 20,
            min: 8,
            order: 2,
        },
        drop: 9,
        screen_drop: None,
    },
    Column::new("Created", |r| Cell::Time(r.found.entry.created)),
    Column {
        header: "User Account",
        short: Some("Account"),
        cell: |r| text(Some(&r.found.entry.user)),
        hide_when_same: false,
        width: Width::Capped {
            cap: 20,
            min: 8,
            order: 4,
        },
        drop: 3,
        screen_drop: None,
    },
    Column {
        width: Width::Capped {
            cap: 48,
            min: 16,
            order: 3,
        },
        ..Column::new("Request", |r| text(Some(&r.found.entry.request)))
    },
    Column {
        width: Width::Words(12),
        drop: 7,
        ..Column::new("Category", |r| Cell::Category(r.category()))
    },
    Column {
        width: Width::Capped {
            cap: 48,
            min: 10,
            order: 0,
        },
        drop: 4,
        ..Column::new("Reason", |r| text(r.found.entry.comment.as_deref()))
    },
    Column {
        short: Some("Spent"),
        drop: 8,
        ..Column::new("Time Spent", |r| {
            r.found.entry.time_spent.map_or(Cell::Empty, Cell::Minutes)
        })
    },
    Column {
        short: Some("Ticket"),
        width: Width::Capped {
            cap: 48,
            min: 8,
            order: 1,
        },
        drop: 6,
        ..Column::new("Ticket Link", |r| {
            r.found
                .entry
                .ticket
                .as_deref()
                .map_or(Cell::Empty, Cell::Link)
        })
    },
    Column {
        // On a full screen the status line names the selected entry's reference: the Reason
        // stays when there is room for one of them.
        screen_drop: Some(5),
        ..Column::new("Ref", |r| {
            Cell::Text(Cow::Owned(r.found.reference.to_string()))
        })
    },
];

/// The column `--with-params` adds: the request body as written.
pub static BODY: Column<EntryRow> =
    Column::new("Request Body", |r| text(r.found.entry.params.as_deref()));

impl Row for EntryRow {
    const EMPTY: &'static str = "-";

    fn columns() -> &'static [Column<EntryRow>] {
        &ENTRY_COLUMNS
    }

    fn json(&self, out: &mut Vec<u8>) {
        let found = &self.found;
        write_entry(
            &found.entry,
            (&found.reference, found.instant),
            self.controller(),
            out,
        );
    }

    fn raw(&self) -> Option<&[u8]> {
        Some(&self.found.raw)
    }
}

/// A job execution as it is listed, with where it stands.
pub struct ExecutionRow {
    /// The execution.
    pub execution: Execution,
    /// Where it stands.
    pub status: Status,
    /// The zone of the log's stamps, for the instants of an execution read without them.
    pub zone: Zone,
}

/// Which executions: by job (patterns), space and status; any, where empty.
pub struct Chosen<'a> {
    /// The jobs' names, as patterns.
    pub jobs: &'a Matcher,
    /// The spaces.
    pub spaces: &'a [String],
    /// The statuses.
    pub statuses: &'a [Status],
}

impl ExecutionRow {
    /// The rows of the executions `found` that `chosen` selects, in the order found, each with
    /// its status as `live` judges it.
    pub fn chosen(
        found: Vec<Execution>,
        live: &Liveness,
        zone: Zone,
        chosen: &Chosen,
    ) -> Vec<ExecutionRow> {
        found
            .into_iter()
            .map(|execution| ExecutionRow {
                status: execution.status(live),
                execution,
                zone,
            })
            .filter(|row| {
                let started = &row.execution.started;
                chosen.jobs.matches(Some(&started.job))
                    && (chosen.spaces.is_empty()
                        || started
                            .space
                            .as_ref()
                            .is_some_and(|s| chosen.spaces.contains(s)))
                    && (chosen.statuses.is_empty() || chosen.statuses.contains(&row.status))
            })
            .collect()
    }
}

/// The columns of the job audit log.
pub static EXECUTION_COLUMNS: [Column<ExecutionRow>; 8] = [
    Column::new("Execution ID", |r| text(Some(&r.execution.started.id))),
    Column {
        width: Width::Capped {
            cap: 32,
            min: 10,
            order: 2,
        },
        ..Column::new("Job", |r| text(Some(&r.execution.started.job)))
    },
    Column {
        width: Width::Capped {
            cap: 20,
            min: 8,
            order: 0,
        },
        drop: 3,
        ..Column::new("Space", |r| {
            text(Some(
                r.execution.started.space.as_deref().unwrap_or("(multiple)"),
            ))
        })
    },
    Column {
        width: Width::Words(10),
        ..Column::new("Status", |r| Cell::Status(r.status))
    },
    Column {
        width: Width::Capped {
            cap: 20,
            min: 8,
            order: 1,
        },
        drop: 4,
        ..Column::new("Executed by", |r| text(Some(&r.execution.executed_by)))
    },
    Column::new("Started", |r| Cell::Time(r.execution.created)),
    Column {
        drop: 5,
        ..Column::new("Ended", |r| {
            r.execution
                .finished
                .as_ref()
                .map_or(Cell::Empty, |(_, at)| Cell::Time(*at))
        })
    },
    Column::new("Duration", |r| {
        r.execution
            .finished
            .as_ref()
            .map_or(Cell::Empty, |(f, _)| Cell::Duration(f.duration_ms))
    }),
];

impl Row for ExecutionRow {
    const EMPTY: &'static str = "";

    fn columns() -> &'static [Column<ExecutionRow>] {
        &EXECUTION_COLUMNS
    }

    fn json(&self, out: &mut Vec<u8>) {
        write_safe_json(
            &ExecutionJson::new(&self.execution, self.status, self.zone),
            out,
        );
    }
}

/// An execution as `executions -o json` writes it.
#[derive(Serialize)]
struct ExecutionJson<'a> {
    execution_id: &'a str,
    job: &'a str,
    space: Option<&'a str>,
    status: &'static str,
    executed_by: &'a str,
    started: String,
    started_instant: String,
    ended: Option<String>,
    ended_instant: Option<String>,
    duration_ms: Option<u64>,
    exit_code: Option<i32>,
    signal: Option<i32>,
    #[serde(serialize_with = "serialize_metrics")]
    metrics: &'a [(String, Metric)],
    host: &'a str,
    output: Option<&'a str>,
}

impl<'a> ExecutionJson<'a> {
    fn new(e: &'a Execution, status: Status, zone: Zone) -> ExecutionJson<'a> {
        let f = e.finished.as_ref().map(|(f, _)| f);
        ExecutionJson {
            execution_id: &e.started.id,
            job: &e.started.job,
            space: e.started.space.as_deref(),
            status: status.name(),
            executed_by: &e.executed_by,
            started: iso8601(e.created),
            started_instant: utc(e.started_instant(zone)),
            ended: e.finished.as_ref().map(|(_, at)| iso8601(*at)),
            ended_instant: e.ended_instant(zone).map(utc),
            duration_ms: f.map(|f| f.duration_ms),
            exit_code: f.and_then(|f| f.exit_code),
            signal: f.and_then(|f| f.signal),
            metrics: f.map_or(&[], |f| &f.metrics),
            host: &e.started.host,
            output: f.and_then(|f| f.output.as_deref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::row::Width;

    /// The word columns are as wide as their widest word.
    #[test]
    fn word_columns_fit_their_widest_word() {
        let widest_category = Category::ALL.iter().map(|c| c.name().len()).max();
        let statuses = [
            Status::Running,
            Status::Successful,
            Status::Failed,
            Status::Cancelled,
            Status::Abandoned,
        ];
        let widest_status = statuses.iter().map(|s| s.name().len()).max();
        fn width<R>(columns: &[Column<R>], header: &str) -> Option<Width> {
            columns.iter().find(|c| c.header == header).map(|c| c.width)
        }
        assert_eq!(
            width(&ENTRY_COLUMNS, "Category"),
            widest_category.map(Width::Words)
        );
        assert_eq!(
            width(&EXECUTION_COLUMNS, "Status"),
            widest_status.map(Width::Words)
        );
    }
}
