//! Turning the filter flags into a resolved [`Query`]: absolute times, compiled patterns.
//! Runs before any file is opened, so a bad expression costs nothing.

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::Category;
use auditlog::query::{Matcher, Query, regexes};
use auditlog::time::{Edge, TimeOfDay, Weekdays, parse_time};

use super::Now;
use crate::cli::Filters;

/// The query the flags describe, with "now" and the zone fixed.
pub fn query(filters: &Filters, now: Now, zone: auditlog::time::Zone) -> Result<Query> {
    let (preset_since, preset_until) = filters.preset.range(now.instant, zone);
    let since = filters
        .since
        .as_deref()
        .map(|t| parse_time(t, now.instant, zone, Edge::Start).context("--since"))
        .transpose()?;
    let until = filters
        .until
        .as_deref()
        .map(|t| parse_time(t, now.instant, zone, Edge::End).context("--until"))
        .transpose()?;
    let time_of_day = filters
        .time_of_day
        .as_deref()
        .map(|t| TimeOfDay::parse(t).context("--time-of-day"))
        .transpose()?;
    let weekdays = filters
        .weekdays
        .as_deref()
        .map(|t| {
            Weekdays::parse(t).ok_or_else(|| {
                anyhow!("--weekdays: invalid days {t:?}: write a range or a list, such as mon-fri, sat,sun or mon,wed-fri")
            })
        })
        .transpose()?;
    let categories = filters
        .category
        .iter()
        .map(|name| {
            Category::from_name(name).ok_or_else(|| {
                let names: Vec<_> = Category::ALL
                    .iter()
                    .map(|c| c.name().to_lowercase())
                    .collect();
                anyhow!(
                    "--category: unknown category {name:?}: use one of {}",
                    names.join(", ")
                )
            })
        })
        .collect::<Result<_>>()?;
    let (since, until) = (later(preset_since, since), earlier(preset_until, until));
    if let (Some(since), Some(until)) = (since, until)
        && since > until
    {
        let shown = |t| zone.wall_time(t).format("%Y-%m-%d %H:%M:%S%.3f");
        bail!(
            "the time range is empty: it would begin at {} and end before, at {}; {}",
            shown(since),
            shown(until),
            match (&filters.since, &filters.until) {
                (Some(_), Some(_)) => "give a --since that is not later than --until",
                _ => "the preset and --since or --until leave no time between them",
            }
        );
    }
    Ok(Query {
        zone,
        since,
        until,
        time_of_day,
        weekdays,
        user: Matcher::new(&filters.user).context("--user")?,
        request: Matcher::new(&filters.request).context("--request")?,
        reason: Matcher::new(&filters.reason).context("--reason")?,
        ticket: Matcher::new(&filters.ticket).context("--ticket")?,
        controller: Matcher::new(&filters.controller).context("--controller")?,
        workflow: Matcher::new(&filters.workflow).context("--workflow")?,
        categories,
        ids: filters.id.clone(),
        has_reason: filters.has_reason,
        grep: regexes(&filters.grep).context("--grep")?,
    })
}

fn later<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn earlier<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
