//! A report's JSON, in the schema the README documents: an array with one object per group.

use auditlog::report::executions::JobGroup;
use auditlog::report::{Group, Spec, Trend};
use serde_json::{Map, Value as Json, json};

fn keys_json(spec: &Spec, keys: &[Option<String>], other: bool) -> Map<String, Json> {
    let mut object = Map::new();
    for (i, key) in spec.keys.iter().enumerate() {
        let value = if other { None } else { keys[i].clone() };
        object.insert(
            key.name().to_owned(),
            value.map_or(Json::Null, Json::String),
        );
    }
    if other {
        object.insert("other".to_owned(), Json::Bool(true));
    }
    object
}

fn trend_json(trend: &Trend) -> Json {
    json!({
        "period": trend.period.name(),
        "starts": trend.starts,
        "counts": trend.counts.iter().map(|c| number_json(*c)).collect::<Vec<_>>(),
        "direction": trend.direction.name(),
        "slope_ratio": trend.slope_ratio.map(four_places),
    })
}

/// A share or a ratio as the JSON schemas write it: to four decimal places.
pub fn four_places(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A whole number as an integer, anything else as it is.
fn number_json(n: f64) -> Json {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

pub fn entries_json(spec: &Spec, groups: &[Group]) -> Json {
    Json::Array(
        groups
            .iter()
            .map(|g| {
                let mut object = keys_json(spec, &g.keys, g.other);
                let m = &g.measures;
                object.insert("entries".into(), json!(m.entries));
                object.insert("time_spent".into(), json!(m.time_spent));
                object.insert("with_time_spent".into(), json!(m.with_time_spent));
                object.insert("tickets".into(), json!(m.tickets.len()));
                object.insert("share".into(), json!(four_places(g.share)));
                if let Some(trend) = &g.trend {
                    object.insert("trend".into(), trend_json(trend));
                }
                Json::Object(object)
            })
            .collect(),
    )
}

pub fn jobs_json(spec: &Spec, groups: &[JobGroup]) -> Json {
    use auditlog::execution::Status;
    Json::Array(
        groups
            .iter()
            .map(|g| {
                let mut object = keys_json(spec, &g.keys, g.other);
                let of = |s| g.statuses.get(&s).copied().unwrap_or(0);
                object.insert("executions".into(), json!(g.executions));
                object.insert("share".into(), json!(four_places(g.share)));
                object.insert("successful".into(), json!(of(Status::Successful)));
                object.insert("failed".into(), json!(of(Status::Failed)));
                object.insert("cancelled".into(), json!(of(Status::Cancelled)));
                object.insert("running".into(), json!(of(Status::Running)));
                object.insert("abandoned".into(), json!(of(Status::Abandoned)));
                object.insert(
                    "success_rate".into(),
                    json!(g.success_rate.map(four_places)),
                );
                object.insert(
                    "duration_ms".into(),
                    g.duration_ms.map_or(
                        Json::Null,
                        |[p50, p95, max]| json!({"p50": p50, "p95": p95, "max": max}),
                    ),
                );
                let mut metrics = Map::new();
                for (name, sum, trend) in &g.metrics {
                    let mut metric = Map::new();
                    metric.insert("sum".into(), number_json(*sum));
                    if let Some(trend) = trend {
                        metric.insert("trend".into(), trend_json(trend));
                    }
                    metrics.insert(name.clone(), Json::Object(metric));
                }
                object.insert("metrics".into(), Json::Object(metrics));
                if let Some(trend) = &g.trend {
                    object.insert("trend".into(), trend_json(trend));
                }
                Json::Object(object)
            })
            .collect(),
    )
}
