//! How jobs are shown: a row per job (through [`super::report::Laid`]), their JSON, and the
//! Prometheus text format node_exporter's textfile collector reads.

use std::fmt::Write as _;

use auditlog::execution::{Execution, Metric, Status};
use auditlog::jobs::{JobView, State};
use auditlog::report::direction;
use auditlog::time::Zone;
use chrono::{DateTime, Utc};
use serde_json::{Value as Json, json};

use super::report::{Laid, Value, four_places, sparkline};

/// A status as one character of a job's strip of recent runs.
fn glyph(status: Status) -> char {
    match status {
        Status::Successful => '✓',
        Status::Failed => '✗',
        Status::Cancelled => '⊘',
        Status::Running => '▶',
        Status::Abandoned => '?',
    }
}

/// An instant as the log's wall clock, to the minute.
fn wall(zone: Zone, t: DateTime<Utc>) -> String {
    zone.wall_time(t).format("%Y-%m-%d %H:%M").to_string()
}

/// The jobs as rows: Job, Space, State, the last execution (ID, start, status, duration), Next
/// start, Runs, Success, p50, p95, Missed, Recent.
pub fn laid(views: &[JobView], zone: Zone) -> Laid {
    let headers = [
        "Job",
        "Space",
        "State",
        "Last execution",
        "Started",
        "Status",
        "Duration",
        "Next start",
        "Runs",
        "Success",
        "p50",
        "p95",
        "Missed",
        "Recent",
    ]
    .map(String::from)
    .to_vec();
    let rows = views
        .iter()
        .map(|v| {
            let last = v.last.as_ref();
            let durations = v.durations();
            vec![
                Value::Key(Some(v.name.clone())),
                Value::Key(v.space.clone()),
                Value::Key(Some(v.state.name().to_owned())),
                Value::Key(last.map(|(e, _)| e.started.id.clone())),
                Value::Key(last.map(|(e, _)| wall(zone, e.started_instant(zone)))),
                Value::Key(last.map(|(_, s)| s.name().to_owned())),
                Value::Millis(
                    last.and_then(|(e, _)| e.finished.as_ref())
                        .map(|(f, _)| f.duration_ms),
                ),
                Value::Key(v.next_expected.map(|t| wall(zone, t))),
                Value::Number(v.executions.len() as f64),
                Value::Rate(v.success_rate()),
                Value::Millis(durations.map(|d| d[0])),
                Value::Millis(durations.map(|d| d[1])),
                Value::Number(v.missed().len() as f64),
                Value::Key(Some(v.recent.iter().map(|s| glyph(*s)).collect())),
            ]
        })
        .collect();
    Laid {
        headers,
        rows,
        total: None,
        measure: 8,
        bars: false,
        notes: Vec::new(),
    }
}

/// An instant of the jobs view as JSON writes it: RFC 3339 in the log's zone, with its offset.
fn iso(zone: Zone, t: DateTime<Utc>) -> String {
    zone.rfc3339(t)
}

/// The jobs as JSON, in the schema the README documents.
pub fn json(views: &[JobView], zone: Zone) -> Json {
    Json::Array(
        views
            .iter()
            .map(|v| {
                let last = v.last.as_ref().map(|(e, status)| {
                    let finished = e.finished.as_ref();
                    let ended = e.ended_instant(zone);
                    json!({
                        "execution_id": e.started.id,
                        "status": status.name(),
                        "started": iso(zone, e.started_instant(zone)),
                        "ended": ended.map(|t| iso(zone, t)),
                        "duration_ms": finished.map(|(f, _)| f.duration_ms),
                    })
                });
                let durations = v.durations();
                json!({
                    "job": v.name,
                    "space": v.space,
                    "state": v.state.name(),
                    "last": last,
                    "next_expected": v.next_expected.map(|t| iso(zone, t)),
                    "missed": v.missed().iter().map(|t| iso(zone, *t)).collect::<Vec<_>>(),
                    "executions": v.executions.len(),
                    "success_rate": v.success_rate().map(four_places),
                    "duration_ms": durations.map(|[p50, p95]| json!({"p50": p50, "p95": p95})),
                })
            })
            .collect(),
    )
}

/// A label value as Prometheus' text format writes it, one to one and safe to show: a
/// backslash doubled and each unsafe character as `\u{XXXX}` (so `dup\u{200b}j` and
/// `dup\u{200c}j` stay two series, and no escape sequence reaches a terminal that shows the
/// file); then the format's own escapes of `\`, `"` and line ends.
fn label(value: &str) -> String {
    let mut text = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => text.push_str("\\\\"),
            c if auditlog::safe::is_unsafe_char(c) || auditlog::safe::is_variation_selector(c) => {
                let _ = write!(text, "\\u{{{:x}}}", c as u32);
            }
            c => text.push(c),
        }
    }
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The last execution in the window that finished: a running one has no duration or metrics
/// yet.
fn last_finished(view: &JobView) -> Option<&auditlog::execution::Finished> {
    view.executions
        .iter()
        .rev()
        .find_map(|(e, _)| e.finished.as_ref().map(|(f, _)| f))
}

/// The jobs in Prometheus' text format: each family with its HELP and TYPE lines. The job's
/// label is `auditlog_job`: a scrape attaches its own `job` label, which would rename ours.
/// Names are written as [`label`] says.
pub fn prometheus(views: &[JobView]) -> String {
    let mut out = String::new();
    let families = [
        (
            "last_success_timestamp_seconds",
            "When the job's last successful execution ended, in seconds since the epoch.",
            last_success(views),
        ),
        (
            "last_status",
            "How the job's last execution stands: 1 for its status, 0 for the others.",
            last_status(views),
        ),
        (
            "state",
            "Where the job stands, as `jobs` says it: 1 for its state, 0 for the others.",
            states(views),
        ),
        (
            "last_duration_seconds",
            "How long the job's last finished execution in the window took, in seconds.",
            (views.iter())
                .filter_map(|v| Some((labels(v), last_finished(v)?.duration_ms as f64 / 1000.0)))
                .collect(),
        ),
        (
            "missed_runs",
            "Expected starts in the window that passed their grace with no execution.",
            (views.iter())
                .map(|v| (labels(v), v.missed().len() as f64))
                .collect(),
        ),
        (
            "running",
            "1 when an execution of the job is running, else 0.",
            running(views),
        ),
        (
            "metric",
            "Each numeric metric of the job's last finished execution in the window.",
            metrics(views),
        ),
    ];
    for (name, help, samples) in families {
        let _ = writeln!(out, "# HELP auditlog_job_{name} {help}");
        let _ = writeln!(out, "# TYPE auditlog_job_{name} gauge");
        for (labels, value) in samples {
            let _ = writeln!(out, "auditlog_job_{name}{{{labels}}} {value}");
        }
    }
    out
}

/// A job's labels: its name and its space.
fn labels(v: &JobView) -> String {
    format!(
        "auditlog_job=\"{}\",space=\"{}\"",
        label(&v.name),
        label(v.space.as_deref().unwrap_or(""))
    )
}

fn last_success(views: &[JobView]) -> Vec<(String, f64)> {
    (views.iter())
        .filter_map(|v| {
            v.last_success
                .map(|t| (labels(v), t.timestamp_millis() as f64 / 1000.0))
        })
        .collect()
}

fn last_status(views: &[JobView]) -> Vec<(String, f64)> {
    let statuses = [
        Status::Successful,
        Status::Failed,
        Status::Cancelled,
        Status::Running,
        Status::Abandoned,
    ];
    (views.iter())
        .filter_map(|v| v.last.as_ref().map(|(_, s)| (v, *s)))
        .flat_map(|(v, last)| {
            statuses.iter().map(move |s| {
                (
                    format!("{},status=\"{}\"", labels(v), s.name()),
                    f64::from(u8::from(*s == last)),
                )
            })
        })
        .collect()
}

fn states(views: &[JobView]) -> Vec<(String, f64)> {
    let states = [
        State::Overrunning,
        State::Missed,
        State::Failed,
        State::Abandoned,
        State::NeverRan,
        State::Running,
        State::Ok,
    ];
    (views.iter())
        .flat_map(|v| {
            states.iter().map(move |s| {
                (
                    format!("{},state=\"{}\"", labels(v), s.name()),
                    f64::from(u8::from(*s == v.state)),
                )
            })
        })
        .collect()
}

fn running(views: &[JobView]) -> Vec<(String, f64)> {
    (views.iter())
        .map(|v| {
            let running = v.last.as_ref().is_some_and(|(_, s)| *s == Status::Running);
            (labels(v), f64::from(u8::from(running)))
        })
        .collect()
}

fn metrics(views: &[JobView]) -> Vec<(String, f64)> {
    (views.iter())
        .filter_map(|v| Some((v, last_finished(v)?)))
        .flat_map(|(v, f)| {
            f.metrics.iter().filter_map(move |(name, metric)| {
                let value: f64 = metric.text().parse().ok()?;
                matches!(metric, auditlog::execution::Metric::Number(_))
                    .then(|| (format!("{},name=\"{}\"", labels(v), label(name)), value))
            })
        })
        .collect()
}

/// One job's history: each expected start in the window with the execution that answered it,
/// or missed; the executions that answered none (run by hand, or with no schedule); and each
/// metric per execution, with its direction by `report`'s rule.
pub fn history(view: &JobView, zone: Zone) -> Laid {
    let wall = |t| zone.wall_time(t).format("%Y-%m-%d %H:%M").to_string();
    let row = |expected: Option<String>, run: Option<&(Execution, Status)>, note: &str| {
        vec![
            Value::Key(expected),
            Value::Key(run.map(|(e, _)| e.started.id.clone())),
            Value::Key(Some(
                run.map_or(note.to_owned(), |(_, s)| s.name().to_owned()),
            )),
            Value::Key(run.map(|(e, _)| wall(e.started_instant(zone)))),
            Value::Millis(
                run.and_then(|(e, _)| e.finished.as_ref())
                    .map(|(f, _)| f.duration_ms),
            ),
        ]
    };
    let mut rows: Vec<Vec<Value>> = view
        .expected
        .iter()
        .map(|x| {
            let run = x.answered_by.map(|i| &view.executions[i]);
            let note = if x.due { "Missed" } else { "Not yet due" };
            row(Some(wall(x.at)), run, note)
        })
        .collect();
    for (i, run) in view.executions.iter().enumerate() {
        if !view.expected.iter().any(|x| x.answered_by == Some(i)) {
            rows.push(row(None, Some(run), ""));
        }
    }
    Laid {
        headers: ["Expected", "Execution", "Status", "Started", "Duration"]
            .map(String::from)
            .to_vec(),
        rows,
        total: None,
        measure: 4,
        bars: false,
        notes: metric_notes(view),
    }
}

/// Each numeric metric over the window's executions: "Files: ▁▃█ rising, last 1204".
fn metric_notes(view: &JobView) -> Vec<String> {
    let mut names: Vec<&str> = Vec::new();
    let finished: Vec<_> = view
        .executions
        .iter()
        .filter_map(|(e, _)| e.finished.as_ref().map(|(f, _)| f))
        .collect();
    for f in &finished {
        for (name, metric) in &f.metrics {
            if matches!(metric, Metric::Number(_)) && !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
    }
    names
        .iter()
        .map(|name| {
            let values: Vec<f64> = finished
                .iter()
                .filter_map(|f| {
                    f.metrics
                        .iter()
                        .find(|(n, _)| n == name)
                        .and_then(|(_, m)| m.text().parse().ok())
                })
                .collect();
            let (way, _) = direction(&values);
            let last = values
                .last()
                .map_or(String::new(), |v| format!(", last {v}"));
            format!("{name}: {} {}{last}", sparkline(&values), way.name())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A variation selector was written raw, so `var\u{fe0f}x` and `varx` were two series that
    /// read alike. Every character that does not show is written as its code point.
    #[test]
    fn label_values_show_every_character_and_escape_the_format_s_own() {
        assert_eq!(label("varx"), "varx");
        assert_eq!(label("var\u{fe0f}x"), r"var\\u{fe0f}x");
        assert_eq!(label("dup\u{200b}j"), r"dup\\u{200b}j");
        assert_eq!(label("a\\b\"c\nd"), r#"a\\\\b\"c\\u{a}d"#);
        assert_eq!(label("m.müller"), "m.müller");
    }
}
