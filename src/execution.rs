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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
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

/// A metric's value as the command reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Metric {
    /// A JSON number, as written: `3`, `1e2`, `-0`, `12345678901234567890123`.
    Number(String),
    /// Anything else, as text.
    Text(String),
}

/// Whether `name` may name a metric: 1 to 256 bytes with no `=` and no control or invisible
/// character, not beginning with `!` (which marks a note in the metrics file), and not
/// beginning or ending with a space.
pub fn is_metric_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 256
        && !name.starts_with('!')
        && !name.contains('=')
        && name.trim() == name
        && crate::safe::find_unsafe(name).is_none()
}

/// What [`is_metric_name`] asks of a name, as a sentence's end.
pub const METRIC_NAME_RULE: &str = "a name is 1 to 256 bytes with no '=' and no control or invisible character, and does not begin with '!' or begin or end with a space";

impl Metric {
    /// A value as the command wrote it: a number when it is a JSON number within a double's
    /// range (`1e999` is text: read back, it would be infinity), else text.
    pub fn parse(text: &str) -> Metric {
        let number = text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
            && serde_json::from_str::<serde_json::Number>(text).is_ok()
            && text.parse::<f64>().is_ok_and(f64::is_finite);
        if number {
            Metric::Number(text.to_owned())
        } else {
            Metric::Text(text.to_owned())
        }
    }

    /// The value as JSON: a number as written, text as a string.
    pub fn json(&self) -> String {
        match self {
            Metric::Number(n) => n.clone(),
            Metric::Text(t) => safe_json(t),
        }
    }

    /// The value as the detail view shows it.
    pub fn text(&self) -> &str {
        match self {
            Metric::Number(t) | Metric::Text(t) => t,
        }
    }
}

impl serde::Serialize for Metric {
    /// A number as it was written, text as a string.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Metric::Number(n) => serde_json::value::RawValue::from_string(n.clone())
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
            Metric::Text(t) => s.serialize_str(t),
        }
    }
}

/// Metrics as a JSON object, in their order.
pub fn serialize_metrics<S: serde::Serializer>(
    metrics: &[(String, Metric)],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(metrics.iter().map(|(k, v)| (k, v)))
}

/// The metrics of a finish entry's body, read as they are written, in their order.
#[derive(serde::Deserialize)]
struct Written {
    #[serde(default)]
    metrics: WrittenMetrics,
}

#[derive(Default)]
struct WrittenMetrics(Vec<(String, Metric)>);

impl<'de> serde::Deserialize<'de> for WrittenMetrics {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<WrittenMetrics, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = WrittenMetrics;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of metrics")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<WrittenMetrics, A::Error> {
                let mut metrics = Vec::new();
                while let Some((name, raw)) =
                    map.next_entry::<String, Box<serde_json::value::RawValue>>()?
                {
                    let raw = raw.get();
                    let metric = match serde_json::from_str::<String>(raw) {
                        Ok(text) => Metric::Text(text),
                        Err(_) => Metric::parse(raw),
                    };
                    metrics.push((name, metric));
                }
                Ok(WrittenMetrics(metrics))
            }
        }
        de.deserialize_map(Visit)
    }
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
            let started = live.zone.instants(self.created).0;
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
    /// Finishes seen before their starts (when reading newest first).
    early: HashMap<String, (Finished, Stamp)>,
}

impl Executions {
    /// Takes an entry, in either order; entries other than starts and finishes are passed
    /// over, and so is a finish whose start never comes.
    pub fn add(&mut self, entry: &Entry) {
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
            let finished = self.early.remove(&started.id);
            self.list.push(Execution {
                started,
                executed_by: entry.user.clone(),
                created: entry.created,
                origin: entry.origin.clone(),
                finished,
            });
        } else if let Some(finished) =
            Finished::from_body(&body, entry.params.as_deref().unwrap_or_default())
        {
            match self.by_id.get(&started.id) {
                Some(&i) => self.list[i].finished = Some((finished, entry.created)),
                None => {
                    self.early.insert(started.id, (finished, entry.created));
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

#[cfg(test)]
mod tests;
