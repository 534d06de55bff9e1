//! A metric a command reports: its name's rules, and its value as it was written.

use std::fmt;

use crate::json::safe_json;

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
        && !name.chars().any(crate::safe::is_variation_selector)
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
pub(super) struct Written {
    #[serde(default)]
    pub(super) metrics: WrittenMetrics,
}

#[derive(Default)]
pub(super) struct WrittenMetrics(pub(super) Vec<(String, Metric)>);

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
                    // A metric named twice (a line `run` did not write: it keeps the last)
                    // is the last value, where first named: JSON's readers and the engines'
                    // maps hold a name once.
                    match metrics.iter_mut().find(|(n, _)| *n == name) {
                        Some(kept) => kept.1 = metric,
                        None => metrics.push((name, metric)),
                    }
                }
                Ok(WrittenMetrics(metrics))
            }
        }
        de.deserialize_map(Visit)
    }
}
