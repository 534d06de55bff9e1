//! When a job should start: cron's five fields (ranges, lists, steps, month and weekday names)
//! or `@hourly`, `@daily`, `@weekly`, `@monthly`, read in a zone, as cron reads a crontab.
//!
//! Around the daylight-saving changes it behaves as cron does (the reading is croner's, held
//! by the tests below): a start the clocks skip (02:30 on the night they jump from 02:00 to
//! 03:00) happens right after the jump, at 03:00; a start at a fixed time of the hour the
//! clocks repeat happens once, in its first pass; a schedule with a step or a range in its
//! minutes or hours (`*/30 2 * * *`, `0 * * * *`) starts in both passes of the repeated hour
//! and not at all in the skipped one.

use std::str::FromStr;

use chrono::{DateTime, Local, TimeZone, Utc};
use croner::Cron;

use crate::time::Zone;

/// A job's schedule.
#[derive(Clone, Debug)]
pub struct Schedule {
    cron: Cron,
    text: String,
    zone: Zone,
}

/// Why a schedule could not be read.
#[derive(Debug, thiserror::Error)]
#[error("schedule {text:?}: {why}")]
pub struct ScheduleError {
    text: String,
    why: String,
}

const MACROS: [&str; 6] = [
    "@hourly",
    "@daily",
    "@midnight",
    "@weekly",
    "@monthly",
    "@yearly",
];

impl Schedule {
    /// Reads a schedule, its times in `zone`.
    pub fn parse(text: &str, zone: Zone) -> Result<Schedule, ScheduleError> {
        let error = |why: String| ScheduleError {
            text: text.to_owned(),
            why,
        };
        let trimmed = text.trim();
        let fields = trimmed.split_whitespace().count();
        let known_macro = MACROS.iter().any(|m| m.eq_ignore_ascii_case(trimmed));
        if trimmed.starts_with('@') && !known_macro {
            return Err(error(format!("give one of {}", MACROS.join(", "))));
        }
        if !known_macro && fields != 5 {
            return Err(error(format!(
                "cron's five fields (minute hour day-of-month month day-of-week) are needed, not {fields}"
            )));
        }
        let cron = Cron::from_str(trimmed).map_err(|e| error(e.to_string()))?;
        Ok(Schedule {
            cron,
            text: trimmed.to_owned(),
            zone,
        })
    }

    /// The schedule as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every start after `from` up to and with `to`, in order.
    pub fn starts(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        let mut starts = Vec::new();
        let mut at = from;
        while let Some(next) = self.next_after(at) {
            if next > to {
                break;
            }
            starts.push(next);
            at = next;
        }
        starts
    }

    /// Whether more than `limit` starts fall after `from` up to and with `to`; counted no
    /// further than that.
    pub fn more_than(&self, limit: usize, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        let mut at = from;
        for _ in 0..=limit {
            match self.next_after(at) {
                Some(next) if next <= to => at = next,
                _ => return false,
            }
        }
        true
    }

    /// The first start after `at`.
    pub fn next_after(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        fn next<Tz: TimeZone>(cron: &Cron, at: DateTime<Tz>) -> Option<DateTime<Utc>> {
            cron.find_next_occurrence(&at, false)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        }
        match self.zone {
            Zone::System => next(&self.cron, at.with_timezone(&Local)),
            Zone::Named(tz) => next(&self.cron, at.with_timezone(&tz)),
            Zone::Fixed(offset) => next(&self.cron, at.with_timezone(&offset)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> Zone {
        Zone::parse("Europe/Berlin").unwrap()
    }

    /// The starts between two wall-clock times in Berlin, as Berlin's wall clock with offset.
    fn starts(schedule: &str, from: &str, to: &str) -> Vec<String> {
        let zone = berlin();
        let at = |t: &str| zone.resolve(t.parse().unwrap()).0;
        let tz: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
        Schedule::parse(schedule, zone)
            .unwrap()
            .starts(at(from), at(to))
            .iter()
            .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M%:z").to_string())
            .collect()
    }

    #[test]
    fn a_start_the_clocks_skip_happens_right_after_the_jump() {
        assert_eq!(
            starts("30 2 * * *", "2026-03-28T12:00:00", "2026-03-30T12:00:00"),
            ["2026-03-29 03:00+02:00", "2026-03-30 02:30+02:00"]
        );
        // Starts every half hour in the hour the clocks skip do not happen that night.
        assert_eq!(
            starts("*/30 2 * * *", "2026-03-28T12:00:00", "2026-03-30T12:00:00"),
            ["2026-03-30 02:00+02:00", "2026-03-30 02:30+02:00"]
        );
    }

    #[test]
    fn a_fixed_start_in_the_repeated_hour_happens_once_and_steps_happen_twice() {
        assert_eq!(
            starts("30 2 * * *", "2026-10-24T12:00:00", "2026-10-26T12:00:00"),
            ["2026-10-25 02:30+02:00", "2026-10-26 02:30+01:00"]
        );
        assert_eq!(
            starts("*/30 2 * * *", "2026-10-24T12:00:00", "2026-10-25T12:00:00"),
            [
                "2026-10-25 02:00+02:00",
                "2026-10-25 02:30+02:00",
                "2026-10-25 02:00+01:00",
                "2026-10-25 02:30+01:00"
            ]
        );
    }

    #[test]
    fn names_lists_ranges_steps_and_macros_read_as_cron_reads_them() {
        assert_eq!(
            starts(
                "0 2 * * MON-FRI",
                "2026-11-20T12:00:00",
                "2026-11-24T12:00:00"
            ),
            ["2026-11-23 02:00+01:00", "2026-11-24 02:00+01:00"]
        );
        assert_eq!(
            starts(
                "15,45 9-10/1 1 jan,nov *",
                "2026-11-01T00:00:00",
                "2026-11-02T00:00:00"
            ),
            [
                "2026-11-01 09:15+01:00",
                "2026-11-01 09:45+01:00",
                "2026-11-01 10:15+01:00",
                "2026-11-01 10:45+01:00"
            ]
        );
        assert_eq!(
            starts("@daily", "2026-11-22T12:00:00", "2026-11-24T12:00:00"),
            ["2026-11-23 00:00+01:00", "2026-11-24 00:00+01:00"]
        );
    }

    #[test]
    fn counting_starts_stops_past_the_limit() {
        let zone = berlin();
        let at = |t: &str| zone.resolve(t.parse().unwrap()).0;
        let hourly = Schedule::parse("0 * * * *", zone).unwrap();
        let (from, to) = (at("2026-11-23T00:30:00"), at("2026-11-23T03:00:00"));
        assert!(hourly.more_than(2, from, to));
        assert!(!hourly.more_than(3, from, to));
    }

    #[test]
    fn what_is_not_a_five_field_schedule_is_refused() {
        let refused = |text: &str| Schedule::parse(text, berlin()).unwrap_err().to_string();
        assert_eq!(
            refused("0 0 2 * * *"),
            "schedule \"0 0 2 * * *\": cron's five fields (minute hour day-of-month month day-of-week) are needed, not 6"
        );
        assert_eq!(
            refused("@sometimes"),
            "schedule \"@sometimes\": give one of @hourly, @daily, @midnight, @weekly, @monthly, @yearly"
        );
        assert!(refused("61 * * * *").starts_with("schedule \"61 * * * *\": "));
    }
}
