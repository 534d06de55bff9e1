//! Is the job executing at all? Each job's expected starts (from its schedule) matched to the
//! executions the log holds, and the state that follows.
//!
//! An execution answers the expected start `s` when it started between a minute before `s`
//! (clocks differ between hosts) and `s` plus the job's grace; each answers one start, the
//! earliest it can. An expected start whose grace has passed with no execution is missed.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::Job;
use crate::execution::{Execution, Status};
use crate::report::executions::percentile;
use crate::time::Zone;

/// How early an execution may start and still answer an expected start.
pub const EARLY: Duration = Duration::from_secs(60);

/// Where a job stands, in the order of what needs attention first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// An execution runs past the job's `max_duration`.
    Overrunning,
    /// The last expected start passed its grace with no execution.
    Missed,
    /// The last execution ended Failed.
    Failed,
    /// The last execution started and never finished.
    Abandoned,
    /// No execution at all.
    NeverRan,
    /// An execution is running.
    Running,
    /// None of the above.
    Ok,
}

impl State {
    /// Its name, as the table and the JSON write it.
    pub fn name(self) -> &'static str {
        match self {
            State::Overrunning => "Overrunning",
            State::Missed => "Missed",
            State::Failed => "Failed",
            State::Abandoned => "Abandoned",
            State::NeverRan => "Never ran",
            State::Running => "Running",
            State::Ok => "OK",
        }
    }

    /// Whether someone should look: everything but OK and Running.
    pub fn needs_attention(self) -> bool {
        !matches!(self, State::Ok | State::Running)
    }
}

/// An expected start, and the execution that answered it.
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    /// When it should have started.
    pub at: DateTime<Utc>,
    /// The index of the execution that answered it, in the job's executions; `None` when it
    /// was missed, or is not yet due.
    pub answered_by: Option<usize>,
    /// Whether its grace has passed.
    pub due: bool,
}

/// A job as the log shows it.
#[derive(Clone, Debug)]
pub struct JobView {
    /// Its name.
    pub name: String,
    /// Its space: the configured one, else that of its last execution.
    pub space: Option<String>,
    /// Where it stands.
    pub state: State,
    /// Its executions that started in the window, oldest first, each with where it stands.
    pub executions: Vec<(Execution, Status)>,
    /// The last execution, whenever it started.
    pub last: Option<(Execution, Status)>,
    /// The expected starts in the window, matched to the executions.
    pub expected: Vec<Expected>,
    /// The next expected start after now.
    pub next_expected: Option<DateTime<Utc>>,
    /// How its last 20 executions stand, oldest first, whenever they started.
    pub recent: Vec<Status>,
    /// When its last successful execution ended.
    pub last_success: Option<DateTime<Utc>>,
}

impl JobView {
    /// Successful executions in the window as a share of those that ended there; `None` when
    /// none ended.
    pub fn success_rate(&self) -> Option<f64> {
        let ended = self
            .executions
            .iter()
            .filter(|(_, s)| *s != Status::Running)
            .count();
        let successful = self
            .executions
            .iter()
            .filter(|(_, s)| *s == Status::Successful)
            .count();
        (ended > 0).then(|| successful as f64 / ended as f64)
    }

    /// The durations of the executions that finished in the window: p50 and p95, by nearest
    /// rank, in milliseconds.
    pub fn durations(&self) -> Option<[u64; 2]> {
        let mut ms: Vec<u64> = self
            .executions
            .iter()
            .filter_map(|(e, _)| e.finished.as_ref().map(|(f, _)| f.duration_ms))
            .collect();
        ms.sort_unstable();
        (!ms.is_empty()).then(|| [percentile(&ms, 50), percentile(&ms, 95)])
    }

    /// The expected starts that were missed.
    pub fn missed(&self) -> Vec<DateTime<Utc>> {
        self.expected
            .iter()
            .filter(|e| e.due && e.answered_by.is_none())
            .map(|e| e.at)
            .collect()
    }
}

/// Every job, configured or seen in the executions (which are oldest first, each with where it
/// stands), over the window `(from, to]`, at `now`; configured jobs first, in name order, then
/// the others.
pub fn jobs(
    configured: &[Job],
    executions: &[(Execution, Status)],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
    zone: Zone,
) -> Vec<JobView> {
    let mut names: Vec<(String, Option<&Job>)> = configured
        .iter()
        .map(|j| (j.name.clone(), Some(j)))
        .collect();
    for (execution, _) in executions {
        if !names.iter().any(|(n, _)| *n == execution.started.job) {
            names.push((execution.started.job.clone(), None));
        }
    }
    names[configured.len()..].sort_by(|a, b| a.0.cmp(&b.0));
    names
        .into_iter()
        .map(|(name, job)| view_of(name, job, executions, (from, to), now, zone))
        .collect()
}

/// One job's view: its executions in the window, its expected starts, its state.
fn view_of(
    name: String,
    job: Option<&Job>,
    executions: &[(Execution, Status)],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
    zone: Zone,
) -> JobView {
    let started = |e: &Execution| e.started_instant(zone);
    let all: Vec<&(Execution, Status)> = executions
        .iter()
        .filter(|(e, _)| e.started.job == name)
        .collect();
    let last = all.last().map(|&e| e.clone());
    let in_window: Vec<(Execution, Status)> = all
        .iter()
        .filter(|(e, _)| {
            let t = started(e);
            t > from && t <= to
        })
        .map(|&e| e.clone())
        .collect();
    let grace = job.map_or(Duration::ZERO, |j| j.grace);
    // A job exists from its `since`, else from its first execution (which answers a start up
    // to EARLY after it): no start before that was missed. Starts are counted after this
    // bound.
    let exists = job
        .and_then(|j| j.since)
        .map(|since| since - chrono::Duration::milliseconds(1))
        .or_else(|| all.first().map(|(e, _)| started(e) - EARLY));
    let expected = match (job.and_then(|j| j.schedule.as_ref()), exists) {
        (Some(schedule), Some(exists)) => {
            let times: Vec<DateTime<Utc>> = in_window.iter().map(|(e, _)| started(e)).collect();
            let from = from.max(exists);
            answer(&schedule.starts(from, to.min(now)), &times, grace, now)
        }
        _ => Vec::new(),
    };
    // Not before the job exists: a `since` ahead names its first start.
    let next_expected = job
        .and_then(|j| j.schedule.as_ref())
        .and_then(|s| s.next_after(exists.map_or(now, |e| e.max(now))));
    let state = state_of(job, last.as_ref(), &expected, now, started);
    let recent = all[all.len().saturating_sub(20)..]
        .iter()
        .map(|(_, s)| *s)
        .collect();
    let last_success = all
        .iter()
        .rev()
        .find(|(_, s)| *s == Status::Successful)
        .and_then(|(e, _)| e.ended_instant(zone));
    JobView {
        space: job
            .and_then(|j| j.space.clone())
            .or_else(|| last.as_ref().and_then(|(e, _)| e.started.space.clone())),
        name,
        state,
        executions: in_window,
        last,
        expected,
        next_expected,
        recent,
        last_success,
    }
}

/// Matches expected starts to the times executions started (both in order).
fn answer(
    starts: &[DateTime<Utc>],
    started: &[DateTime<Utc>],
    grace: Duration,
    now: DateTime<Utc>,
) -> Vec<Expected> {
    let early = chrono::Duration::from_std(EARLY).unwrap_or_default();
    let grace = chrono::Duration::from_std(grace).unwrap_or_default();
    let mut next = 0;
    starts
        .iter()
        .map(|&at| {
            while next < started.len() && started[next] < at - early {
                next += 1;
            }
            let answered_by = (next < started.len() && started[next] <= at + grace).then(|| {
                next += 1;
                next - 1
            });
            Expected {
                at,
                answered_by,
                due: at + grace <= now,
            }
        })
        .collect()
}

/// The state of a job: what needs attention first (see [`State`]).
fn state_of(
    job: Option<&Job>,
    last: Option<&(Execution, Status)>,
    expected: &[Expected],
    now: DateTime<Utc>,
    started: impl Fn(&Execution) -> DateTime<Utc>,
) -> State {
    let last_due = expected.iter().rev().find(|e| e.due);
    let missed = last_due.is_some_and(|e| e.answered_by.is_none());
    let Some((execution, status)) = last else {
        // A job that exists from its `since` and has missed its starts since.
        return if missed {
            State::Missed
        } else {
            State::NeverRan
        };
    };
    if *status == Status::Running {
        let limit = job.and_then(|j| j.max_duration);
        let ran = (now - started(execution)).to_std().unwrap_or_default();
        return match limit {
            Some(limit) if ran > limit => State::Overrunning,
            _ => State::Running,
        };
    }
    if missed {
        return State::Missed;
    }
    match status {
        Status::Failed => State::Failed,
        Status::Abandoned => State::Abandoned,
        _ => State::Ok,
    }
}

#[cfg(test)]
mod tests;
