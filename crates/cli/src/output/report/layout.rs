//! A report laid out as columns of values, once, for every form it is written in: the
//! entries report's and the executions report's.

use auditlog::execution::Status;
use auditlog::report::executions::JobGroup;
use auditlog::report::{DateRange, Group, Key, Report, Spec};

use super::{Laid, Value, sparkline};

/// A key's name as a column's header: `Account`.
fn title(key: &Key) -> String {
    let name = key.name();
    name[..1].to_ascii_uppercase() + &name[1..]
}

/// A group's keys as cells; the group of the rest is "(other)".
fn keys_of(spec: &Spec, keys: &[Option<String>], other: bool) -> Vec<Value> {
    (0..spec.keys.len())
        .map(|i| match (other, i) {
            (true, 0) => Value::Key(Some("(other)".to_owned())),
            (true, _) => Value::Key(Some(String::new())),
            (false, _) => Value::Key(keys[i].clone()),
        })
        .collect()
}

/// An entries report as columns: keys, entries, share, time spent, entries with time spent,
/// tickets, trend; and the totals.
pub fn entries(tally: &Report, groups: &[Group], window: DateRange) -> Laid {
    let spec = tally.spec();
    let mut headers: Vec<String> = spec.keys.iter().map(title).collect();
    headers.extend(["Entries", "Share", "Time spent", "With time", "Tickets"].map(String::from));
    if spec.trend.is_some() {
        headers.push("Trend".to_owned());
    }
    let row = |keys: Vec<Value>, g: &Group| {
        let m = &g.measures;
        let mut row = keys;
        row.extend([
            Value::Number(m.entries as f64),
            Value::Share(g.share),
            Value::Minutes(m.time_spent),
            Value::Number(m.with_time_spent as f64),
            Value::Number(m.tickets.len() as f64),
        ]);
        if let Some(trend) = &g.trend {
            row.push(Value::Trend(trend.clone()));
        }
        row
    };
    let rows = groups
        .iter()
        .map(|g| row(keys_of(spec, &g.keys, g.other), g))
        .collect();
    let total = tally.totals(window);
    let mut total_keys = vec![Value::Key(Some(String::new())); spec.keys.len()];
    if let Some(first) = total_keys.first_mut() {
        *first = Value::Key(Some("Total".to_owned()));
    }
    Laid {
        headers,
        rows,
        total: Some(row(total_keys, &total)),
        measure: spec.keys.len(),
        bars: true,
        notes: Vec::new(),
    }
}

/// An executions report as columns.
pub fn executions(spec: &Spec, groups: &[JobGroup]) -> Laid {
    let mut metrics: Vec<String> = Vec::new();
    for g in groups {
        for (name, _, _) in &g.metrics {
            if !metrics.contains(name) {
                metrics.push(name.clone());
            }
        }
    }
    let mut headers: Vec<String> = spec.keys.iter().map(title).collect();
    headers.extend(
        [
            "Executions",
            "Share",
            "Successful",
            "Failed",
            "Cancelled",
            "Running",
            "Abandoned",
            "Success rate",
            "p50",
            "p95",
            "Longest",
        ]
        .map(String::from),
    );
    headers.extend(metrics.iter().cloned());
    if spec.trend.is_some() {
        headers.push("Trend".to_owned());
    }
    let rows = groups
        .iter()
        .map(|g| {
            let mut row = keys_of(spec, &g.keys, g.other);
            let of = |s| g.statuses.get(&s).copied().unwrap_or(0) as f64;
            row.extend([
                Value::Number(g.executions as f64),
                Value::Share(g.share),
                Value::Number(of(Status::Successful)),
                Value::Number(of(Status::Failed)),
                Value::Number(of(Status::Cancelled)),
                Value::Number(of(Status::Running)),
                Value::Number(of(Status::Abandoned)),
                Value::Rate(g.success_rate),
                Value::Millis(g.duration_ms.map(|d| d[0])),
                Value::Millis(g.duration_ms.map(|d| d[1])),
                Value::Millis(g.duration_ms.map(|d| d[2])),
            ]);
            for name in &metrics {
                let sum = g
                    .metrics
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map_or(0.0, |m| m.1);
                row.push(Value::Number(sum));
            }
            if let Some(trend) = &g.trend {
                row.push(Value::Trend(trend.clone()));
            }
            row
        })
        .collect();
    let notes = metric_notes(groups);
    Laid {
        headers,
        rows,
        total: None,
        measure: spec.keys.len(),
        bars: true,
        notes,
    }
}

/// Each metric's trend, as a line of its own: "backup: Files per week ▁▁█ rising".
fn metric_notes(groups: &[JobGroup]) -> Vec<String> {
    let mut notes = Vec::new();
    for g in groups {
        for (name, _, trend) in &g.metrics {
            if let Some(t) = trend {
                let group: Vec<&str> = match g.other {
                    true => vec!["(other)"],
                    false => g
                        .keys
                        .iter()
                        .map(|k| k.as_deref().unwrap_or("(none)"))
                        .collect(),
                };
                notes.push(format!(
                    "{}: {name} per {} {} {}",
                    group.join(", "),
                    t.period.name(),
                    sparkline(&t.counts),
                    t.direction.name()
                ));
            }
        }
    }
    notes
}
