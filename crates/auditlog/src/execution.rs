//! Job executions, as the job audit log knows them, kept in the audit log itself: a start
//! entry when a command starts and a finish entry when it ends, both ordinary JOC-layout lines
//! (`./job_executions/start`, `./job_executions/finish`) whose request bodies say which
//! execution they belong to. This module builds those bodies and pairs them up again; it never
//! runs anything and never reads the clock.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{Map, Value};

use crate::entry::{Entry, Origin};
use crate::json::safe_json;
use crate::record::{Body, Invalid};
use crate::stamp::Stamp;
use crate::time::Zone;

/// The request of a start entry.
pub const START: &str = "./job_executions/start";
/// The request of a finish entry.
pub const FINISH: &str = "./job_executions/finish";
/// The account of an execution started by a scheduler rather than a person.
pub const SCHEDULED: &str = "Scheduled execution";

/// An execution ID: the start's wall-clock time and six random hex digits,
/// `20261123-020000-7f3a9c`. IDs sort by start time, need no coordination between hosts, and
/// tell where in the log to look.
pub fn new_id(started: NaiveDateTime, random: u32) -> String {
    format!(
        "{}-{:06x}",
        started.format("%Y%m%d-%H%M%S"),
        random & 0xff_ffff
    )
}

/// Whether a text can be an execution ID or the start of one: `20261123`, `20261123-0200`,
/// `20261123-020000-7f`.
pub fn is_id_prefix(text: &str) -> bool {
    const SHAPE: &[u8] = b"dddddddd-dddddd-hhhhhh";
    text.len() >= 8
        && text.len() <= SHAPE.len()
        && text.bytes().zip(SHAPE).all(|(b, s)| match s {
            b'd' => b.is_ascii_digit(),
            b'h' => b.is_ascii_hexdigit(),
            _ => b == *s,
        })
}

/// The earliest wall-clock time an ID (or the start of one) can have been started at.
pub fn id_time(prefix: &str) -> Option<NaiveDateTime> {
    let digits: String = prefix
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    let padded = format!("{digits:0<14}");
    NaiveDateTime::parse_from_str(&padded, "%Y%m%d%H%M%S").ok()
}

/// Where an execution stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Started and not finished, and its `auditlog run` still alive.
    Running,
    /// Ended with exit code 0.
    Successful,
    /// Ended otherwise, was killed, timed out or could not start.
    Failed,
    /// Stopped by a signal to `auditlog run`, or refused because the job was running.
    Cancelled,
    /// Started and never finished, and its `auditlog run` is gone.
    Abandoned,
}

impl Status {
    /// The name the job audit log shows.
    pub fn name(self) -> &'static str {
        match self {
            Status::Running => "Running",
            Status::Successful => "Successful",
            Status::Failed => "Failed",
            Status::Cancelled => "Cancelled",
            Status::Abandoned => "Abandoned",
        }
    }

    fn from_name(name: &str) -> Option<Status> {
        [
            Status::Running,
            Status::Successful,
            Status::Failed,
            Status::Cancelled,
            Status::Abandoned,
        ]
        .into_iter()
        .find(|s| s.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What an execution is, as its start entry says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Started {
    /// The execution ID.
    pub id: String,
    /// The job.
    pub job: String,
    /// The space it ran in; `None` for a site-wide run.
    pub space: Option<String>,
    /// `scheduled` or `manual`.
    pub trigger: String,
    /// The host it ran on.
    pub host: String,
    /// The process ID of `auditlog run`.
    pub pid: u32,
    /// The command and its arguments.
    pub command: Vec<String>,
    /// The execution this one retries.
    pub retry_of: Option<String>,
}

impl Started {
    /// The request body of the start entry.
    pub fn body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("executionId".into(), self.id.clone().into());
        body.insert("job".into(), self.job.clone().into());
        if let Some(space) = &self.space {
            body.insert("space".into(), space.clone().into());
        }
        body.insert("trigger".into(), self.trigger.clone().into());
        body.insert("host".into(), self.host.clone().into());
        body.insert("pid".into(), self.pid.into());
        body.insert("command".into(), self.command.clone().into());
        if let Some(retry_of) = &self.retry_of {
            body.insert("retryOf".into(), retry_of.clone().into());
        }
        body
    }

    fn from_body(body: &Value) -> Option<Started> {
        let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
        Some(Started {
            id: text("executionId")?,
            job: text("job")?,
            space: text("space"),
            trigger: text("trigger").unwrap_or_default(),
            host: text("host").unwrap_or_default(),
            pid: body.get("pid").and_then(Value::as_u64).unwrap_or(0) as u32,
            command: body
                .get("command")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            retry_of: text("retryOf"),
        })
    }
}

/// How an execution ended, as its finish entry says.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    /// Successful, Failed or Cancelled.
    pub status: Status,
    /// The command's exit code, when it exited.
    pub exit_code: Option<i32>,
    /// The signal that ended the command, when one did.
    pub signal: Option<i32>,
    /// Why, when there is more to say: `timed out`, `already running: <id>`, an OS error.
    pub reason: Option<String>,
    /// When it started, ISO 8601.
    pub started: String,
    /// When it ended, ISO 8601.
    pub ended: String,
    /// How long it ran.
    pub duration_ms: u64,
    /// Counts the command reported, in the order it reported them.
    pub metrics: Vec<(String, Metric)>,
    /// The file that holds the command's captured output.
    pub output: Option<String>,
}

impl Finished {
    /// The request body of the finish entry: the start's fields and these, each metric's
    /// number as the command wrote it.
    pub fn body(&self, started: &Started) -> Result<Body, Invalid> {
        let mut body = started.body();
        body.insert("status".into(), self.status.name().into());
        if let Some(code) = self.exit_code {
            body.insert("exitCode".into(), code.into());
        }
        if let Some(signal) = self.signal {
            body.insert("signal".into(), signal.into());
        }
        if let Some(reason) = &self.reason {
            body.insert("reason".into(), reason.clone().into());
        }
        body.insert("started".into(), self.started.clone().into());
        body.insert("ended".into(), self.ended.clone().into());
        body.insert("durationMs".into(), self.duration_ms.into());
        let mut text = safe_json(&body);
        text.pop();
        let metrics: Vec<String> = self
            .metrics
            .iter()
            .map(|(name, value)| format!("{}:{}", safe_json(name), value.json()))
            .collect();
        text.push_str(&format!(",\"metrics\":{{{}}}", metrics.join(",")));
        if let Some(output) = &self.output {
            text.push_str(&format!(",\"output\":{}", safe_json(output)));
        }
        text.push('}');
        Body::parse(&text)
    }

    /// What a finish entry's body says; `text` is the body as written, for the metrics'
    /// numbers as the command wrote them.
    fn from_body(body: &Value, written: &str) -> Option<Finished> {
        let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
        Some(Finished {
            status: Status::from_name(&text("status")?)?,
            exit_code: body
                .get("exitCode")
                .and_then(Value::as_i64)
                .map(|c| c as i32),
            signal: body.get("signal").and_then(Value::as_i64).map(|s| s as i32),
            reason: text("reason"),
            started: text("started").unwrap_or_default(),
            ended: text("ended").unwrap_or_default(),
            duration_ms: body.get("durationMs").and_then(Value::as_u64).unwrap_or(0),
            metrics: serde_json::from_str::<Written>(written)
                .map(|w| w.metrics.0)
                .unwrap_or_default(),
            output: text("output"),
        })
    }
}

/// One execution: its start, and its finish once it has one.
#[derive(Clone, Debug, PartialEq)]
pub struct Execution {
    /// What the start entry says.
    pub started: Started,
    /// Who executed it: "Scheduled execution" or an account.
    pub executed_by: String,
    /// When the start entry was written.
    pub created: Stamp,
    /// Where the start entry stands.
    pub origin: Option<Origin>,
    /// What the finish entry says, and when it was written.
    pub finished: Option<(Finished, Stamp)>,
    /// The instants the start and finish entries' stamps stand for, where the reader that
    /// found them decided them (see [`crate::scan::Found::instant`]).
    pub instants: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
}

/// What decides whether an execution with a start and no finish still runs.
#[derive(Clone, Copy)]
pub struct Liveness<'a> {
    /// The host this runs on.
    pub host: &'a str,
    /// Whether the process with this ID on this host is still an `auditlog run` (the caller
    /// looks: the library never looks at processes).
    pub alive: &'a dyn Fn(u32) -> bool,
    /// Now.
    pub now: DateTime<Utc>,
    /// How long after its start an execution of another host with no finish counts as gone.
    pub stale: std::time::Duration,
    /// The zone of the log's stamps.
    pub zone: Zone,
}

impl Execution {
    /// The instant it started: as its reader decided, else the earliest its stamp in `zone`
    /// may stand for.
    pub fn started_instant(&self, zone: Zone) -> DateTime<Utc> {
        self.instants
            .0
            .unwrap_or_else(|| zone.instants(self.created).0)
    }

    /// The instant it ended, when it has: as [`Execution::started_instant`] says.
    pub fn ended_instant(&self, zone: Zone) -> Option<DateTime<Utc>> {
        let (_, ended) = self.finished.as_ref()?;
        Some(self.instants.1.unwrap_or_else(|| zone.instants(*ended).0))
    }

    /// Where the execution stands: as its finish says; without one, Running while its
    /// `auditlog run` lives and Abandoned when it does not: on this host, whether its process
    /// is still an `auditlog run`; for another host, whether its start is older than `stale`.
    pub fn status(&self, live: &Liveness<'_>) -> Status {
        if let Some((finished, _)) = &self.finished {
            return finished.status;
        }
        let running = if self.started.host == live.host {
            (live.alive)(self.started.pid)
        } else {
            let started = self.started_instant(live.zone);
            let stale = chrono::Duration::from_std(live.stale).unwrap_or(chrono::Duration::MAX);
            live.now - started <= stale
        };
        if running {
            Status::Running
        } else {
            Status::Abandoned
        }
    }
}

/// Executions gathered from entries, paired by ID, in the order they started.
#[derive(Debug, Default)]
pub struct Executions {
    list: Vec<Execution>,
    by_id: HashMap<String, usize>,
    /// Finishes seen before their starts (when reading newest first), with their instants.
    early: HashMap<String, (Finished, Stamp, Option<DateTime<Utc>>)>,
}

impl Executions {
    /// Takes an entry, in either order; entries other than starts and finishes are passed
    /// over, and so is a finish whose start never comes.
    pub fn add(&mut self, entry: &Entry) {
        self.add_at(entry, None);
    }

    /// Takes an entry as [`Executions::add`] does, with the instant its reader read its stamp
    /// as.
    pub fn add_at(&mut self, entry: &Entry, instant: Option<DateTime<Utc>>) {
        if entry.request != START && entry.request != FINISH {
            return;
        }
        let Some(body) = entry.params_json() else {
            return;
        };
        let Some(started) = Started::from_body(&body) else {
            return;
        };
        if entry.request == START {
            self.by_id.insert(started.id.clone(), self.list.len());
            let early = self.early.remove(&started.id);
            let ended = early.as_ref().and_then(|(_, _, at)| *at);
            self.list.push(Execution {
                started,
                executed_by: entry.user.clone(),
                created: entry.created,
                origin: entry.origin.clone(),
                finished: early.map(|(finished, stamp, _)| (finished, stamp)),
                instants: (instant, ended),
            });
        } else if let Some(finished) =
            Finished::from_body(&body, entry.params.as_deref().unwrap_or_default())
        {
            match self.by_id.get(&started.id) {
                Some(&i) => {
                    self.list[i].finished = Some((finished, entry.created));
                    self.list[i].instants.1 = instant;
                }
                None => {
                    self.early
                        .insert(started.id, (finished, entry.created, instant));
                }
            }
        }
    }

    /// The executions, in the order their starts were taken.
    pub fn list(&self) -> &[Execution] {
        &self.list
    }

    /// The executions, in the order their starts were taken.
    pub fn into_vec(self) -> Vec<Execution> {
        self.list
    }
}

mod metric;

use metric::Written;
pub use metric::{METRIC_NAME_RULE, Metric, is_metric_name, serialize_metrics};

#[cfg(test)]
mod tests;
