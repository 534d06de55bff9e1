//! Reports of job executions: per group, how many ran and how they ended, how long they took,
//! and what their metrics add up to.

use std::collections::BTreeMap;

use super::{DateRange, Key, Period, SortBy, Spec, Trend};
use crate::execution::{Execution, Metric, Status};

/// A group of executions as a report shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct JobGroup {
    /// Its value of each key, in the spec's order. Empty for the group of the rest.
    pub keys: Vec<Option<String>>,
    /// Whether it holds the groups beyond the top N.
    pub other: bool,
    /// Executions.
    pub executions: u64,
    /// Executions by how they stand.
    pub statuses: BTreeMap<Status, u64>,
    /// Successful executions as a share of those that ended (successful, failed, cancelled or
    /// abandoned); none when none ended.
    pub success_rate: Option<f64>,
    /// The durations of those that finished: p50, p95 and the longest, in milliseconds.
    pub duration_ms: Option<[u64; 3]>,
    /// Each numeric metric summed, in the order first met, with its trend when asked for.
    pub metrics: Vec<(String, f64, Option<Trend>)>,
    /// Its share of all executions, 0 to 1.
    pub share: f64,
    /// Its count in every period of the window, when a trend was asked for.
    pub trend: Option<Trend>,
}

/// What one group gathers before it is summed up.
#[derive(Default)]
struct Gathered {
    periods: BTreeMap<i64, u64>,
    statuses: BTreeMap<Status, u64>,
    durations: Vec<u64>,
    metrics: Vec<(String, BTreeMap<i64, f64>, f64)>,
}

impl Gathered {
    fn merge(&mut self, other: Gathered) {
        for (period, n) in other.periods {
            *self.periods.entry(period).or_default() += n;
        }
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        self.durations.extend(other.durations);
        for (name, periods, sum) in other.metrics {
            self.metric(&name, periods, sum);
        }
    }

    fn metric(&mut self, name: &str, periods: BTreeMap<i64, f64>, sum: f64) {
        let at = match self.metrics.iter().position(|(n, _, _)| n == name) {
            Some(at) => at,
            None => {
                self.metrics.push((name.to_owned(), BTreeMap::new(), 0.0));
                self.metrics.len() - 1
            }
        };
        let mine = &mut self.metrics[at];
        mine.2 += sum;
        for (period, value) in periods {
            *mine.1.entry(period).or_default() += value;
        }
    }
}

/// The value of one execution for a key; `None` for keys executions do not have.
fn value(key: Key, execution: &Execution, spec: &Spec) -> Option<String> {
    match key {
        Key::Job => Some(execution.started.job.clone()),
        time => time.time_value(spec.zone.wall_of(execution.created)),
    }
}

/// The p-th percentile of sorted values, by nearest rank: the value at rank ⌈p·n/100⌉.
pub fn percentile(sorted: &[u64], p: u64) -> u64 {
    let rank = (p as usize * sorted.len()).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

/// Groups executions (each with how it stands) by the keys of `spec` (`job` and times).
pub fn report(
    spec: &Spec,
    executions: &[(Execution, Status)],
    sort: SortBy,
    top: Option<usize>,
    window: DateRange,
) -> Result<Vec<JobGroup>, i64> {
    let (groups, span) = gather(spec, executions);
    // A trend past the bound is refused with how many periods it would take.
    if let Some(period) = spec.trend {
        window.bounded(period, span)?;
    }
    let sum = Totals {
        total: executions.len() as u64,
        periods: spec.trend.map(|period| window.periods(period, span)),
    };
    let mut rows: Vec<(Vec<Option<String>>, Gathered)> = groups.into_iter().collect();
    let by_key = |a: &[Option<String>], b: &[Option<String>]| spec.compare(a, b);
    let count = |g: &Gathered| g.statuses.values().sum::<u64>();
    rows.sort_by(|(ka, a), (kb, b)| match sort {
        SortBy::Key => by_key(ka, kb),
        _ => count(b).cmp(&count(a)).then_with(|| by_key(ka, kb)),
    });
    let cut = top.unwrap_or(usize::MAX).min(rows.len());
    let rest = rows.split_off(cut);
    let mut shown: Vec<JobGroup> = rows
        .into_iter()
        .map(|(keys, g)| sum.of(keys, g, false))
        .collect();
    if !rest.is_empty() {
        let mut other = Gathered::default();
        for (_, g) in rest {
            other.merge(g);
        }
        shown.push(sum.of(Vec::new(), other, true));
    }
    Ok(shown)
}

/// Executions gathered by their keys.
type Groups = BTreeMap<Vec<Option<String>>, Gathered>;

/// The executions gathered by their keys, and the span of periods they fall in.
fn gather(spec: &Spec, executions: &[(Execution, Status)]) -> (Groups, Option<(i64, i64)>) {
    let mut groups = Groups::new();
    let mut span: Option<(i64, i64)> = None;
    for (execution, status) in executions {
        let keys: Vec<Option<String>> = spec
            .keys
            .iter()
            .map(|k| value(*k, execution, spec))
            .collect();
        let period = spec
            .trend
            .map(|p| p.index(spec.zone.wall_of(execution.created).date()));
        let group = groups.entry(keys).or_default();
        if let Some(period) = period {
            *group.periods.entry(period).or_default() += 1;
            span = Some(span.map_or((period, period), |(a, b)| (a.min(period), b.max(period))));
        }
        *group.statuses.entry(*status).or_default() += 1;
        if let Some((finished, _)) = &execution.finished {
            group.durations.push(finished.duration_ms);
            for (name, metric) in &finished.metrics {
                if let Metric::Number(text) = metric
                    && let Ok(number) = text.parse::<f64>()
                {
                    let periods = period.map(|p| BTreeMap::from([(p, number)]));
                    group.metric(name, periods.unwrap_or_default(), number);
                }
            }
        }
    }
    (groups, span)
}

/// What a group's measures are taken against: all executions, and the trend's periods.
struct Totals {
    total: u64,
    periods: Option<(Period, i64, i64)>,
}

impl Totals {
    /// A group's row.
    fn of(&self, keys: Vec<Option<String>>, mut g: Gathered, other: bool) -> JobGroup {
        let executions: u64 = g.statuses.values().sum();
        let of = |s: Status| g.statuses.get(&s).copied().unwrap_or(0);
        let ended = executions - of(Status::Running);
        g.durations.sort_unstable();
        let trend_of = |values: &BTreeMap<i64, f64>| {
            self.periods.map(|(period, first, last)| {
                Trend::of_values(period, first, last, |i| {
                    values.get(&i).copied().unwrap_or(0.0)
                })
            })
        };
        let counts: BTreeMap<i64, f64> = g.periods.iter().map(|(p, n)| (*p, *n as f64)).collect();
        JobGroup {
            keys,
            other,
            executions,
            success_rate: (ended > 0).then(|| of(Status::Successful) as f64 / ended as f64),
            duration_ms: (!g.durations.is_empty()).then(|| {
                [
                    percentile(&g.durations, 50),
                    percentile(&g.durations, 95),
                    g.durations[g.durations.len() - 1],
                ]
            }),
            metrics: g
                .metrics
                .iter()
                .map(|(name, periods, sum)| (name.clone(), *sum, trend_of(periods)))
                .collect(),
            share: if self.total == 0 {
                0.0
            } else {
                executions as f64 / self.total as f64
            },
            trend: trend_of(&counts),
            statuses: g.statuses,
        }
    }
}
