//! Time as people write it: zones, time expressions (`-2h`, `yesterday`, `2026-11-23 09:00`),
//! presets, time-of-day windows, weekdays, and time spent (`1h30m`).
//!
//! Nothing here reads the clock: "now" is always passed in. A log's stamps are wall-clock time
//! in a zone; where daylight saving makes a wall-clock time ambiguous, bounds take the widest
//! reading, so the repeated hour is neither lost nor counted twice.

use chrono::{
    DateTime, Datelike, Days, Duration, FixedOffset, Local, LocalResult, Months, NaiveDate,
    NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};

use crate::stamp::Stamp;

mod clock;
mod days;
mod spans;

pub use clock::{Clock, TOLERANCE_MS};
pub use days::{TimeOfDay, Weekdays, WindowError};
pub use spans::{parse_duration, parse_minutes};

use days::time_of_day;

/// The zone a log's stamps are written in: JOC writes local time with no offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// The system's zone.
    System,
    /// A zone of the IANA database, such as `Europe/Berlin`.
    Named(chrono_tz::Tz),
    /// A fixed offset from UTC, such as `+02:00`, with no daylight saving.
    Fixed(FixedOffset),
}

impl Zone {
    /// Reads a zone name: an IANA name such as `Europe/Berlin` or `UTC`, `local` for the
    /// system's zone, or a fixed offset (`+02:00`, `-0530`, `+01`).
    pub fn parse(name: &str) -> Option<Zone> {
        if name.eq_ignore_ascii_case("local") {
            return Some(Zone::System);
        }
        if name.starts_with(['+', '-']) {
            let stamp = Stamp::parse(&format!("2000-01-01T00:00:00{name}"))?;
            return stamp.fixed_offset().map(Zone::Fixed);
        }
        name.parse().ok().map(Zone::Named)
    }

    /// The wall-clock time in this zone at an instant.
    pub fn wall_time(self, instant: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::System => instant.with_timezone(&Local).naive_local(),
            Zone::Named(tz) => instant.with_timezone(&tz).naive_local(),
            Zone::Fixed(offset) => instant.with_timezone(&offset).naive_local(),
        }
    }

    /// Whether the hour repeated when daylight saving ends lies within three hours of `at`:
    /// near it, which pass an entry's stamp belongs to decides whether it is in a range.
    pub fn folds_near(self, at: DateTime<Utc>) -> bool {
        (-12..=12).any(|quarter| {
            let t = at + Duration::minutes(15 * quarter);
            let (earliest, latest) = self.resolve(self.wall_time(t));
            earliest != latest
        })
    }

    /// An instant as RFC 3339 in this zone, with milliseconds and its offset:
    /// `2026-10-25T02:30:00.000+01:00`, unambiguous in the hour repeated when daylight saving
    /// ends.
    pub fn rfc3339(self, instant: DateTime<Utc>) -> String {
        let millis = chrono::SecondsFormat::Millis;
        match self {
            Zone::System => instant.with_timezone(&Local).to_rfc3339_opts(millis, false),
            Zone::Named(tz) => instant.with_timezone(&tz).to_rfc3339_opts(millis, false),
            Zone::Fixed(offset) => instant
                .with_timezone(&offset)
                .to_rfc3339_opts(millis, false),
        }
    }

    /// The earliest and latest instants a wall-clock time can mean: one instant mostly, two in
    /// the hour repeated when daylight saving ends. A time that the clock skipped reads with
    /// the offset in force before the skip.
    pub fn resolve(self, wall: NaiveDateTime) -> (DateTime<Utc>, DateTime<Utc>) {
        match self {
            Zone::System => resolve_in(&Local, wall),
            Zone::Named(tz) => resolve_in(&tz, wall),
            Zone::Fixed(offset) => resolve_in(&offset, wall),
        }
    }

    /// The instants a stamp can mean: exactly one when it carries an offset, else as
    /// [`Zone::resolve`] says.
    pub fn instants(self, stamp: Stamp) -> (DateTime<Utc>, DateTime<Utc>) {
        match stamp.offset {
            Some(secs) => {
                let t = (stamp.local - Duration::seconds(i64::from(secs))).and_utc();
                (t, t)
            }
            None => self.resolve(stamp.local),
        }
    }

    /// The wall-clock time of a stamp in this zone: as written, or converted when it carries
    /// an offset.
    pub fn wall_of(self, stamp: Stamp) -> NaiveDateTime {
        match stamp.offset {
            Some(_) => self.wall_time(self.instants(stamp).0),
            None => stamp.local,
        }
    }
}

fn resolve_in<Tz: TimeZone>(tz: &Tz, wall: NaiveDateTime) -> (DateTime<Utc>, DateTime<Utc>) {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(t) => (t.to_utc(), t.to_utc()),
        LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.to_utc(), b.to_utc());
            (a.min(b), a.max(b))
        }
        LocalResult::None => {
            let before = tz.offset_from_utc_datetime(&(wall - Duration::hours(3)));
            let secs = before.fix().local_minus_utc();
            let t = (wall - Duration::seconds(i64::from(secs))).and_utc();
            (t, t)
        }
    }
}

/// Which end of a range a time expression gives: a date means its first moment as a start and
/// its last as an end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// `--since`: the earliest moment meant.
    Start,
    /// `--until`: the latest moment meant.
    End,
}

/// A time expression that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid time {text:?}: {why}")]
pub struct TimeError {
    /// What was given.
    pub text: String,
    /// What is wrong with it, and what would be right.
    pub why: String,
}

impl TimeError {
    /// An expression of none of the forms.
    fn unreadable(text: &str) -> TimeError {
        TimeError {
            text: text.to_owned(),
            why: EXPRESSION_FORMS.to_owned(),
        }
    }

    /// An expression of a right form whose time cannot be represented.
    fn out_of_range(text: &str) -> TimeError {
        TimeError {
            text: text.to_owned(),
            why: "it lies too far back to be represented (years from -262143 to 262142 are)"
                .to_owned(),
        }
    }
}

/// The forms a time expression takes, for error messages and help.
pub const EXPRESSION_FORMS: &str = "use a date (2026-11-23), a date and time (2026-11-23 09:00, \
2026-11-23T09:00:00,000), a time today (09:00), a relative time (-30m, -2h, -7d, -2w, -1M, -1y, \
'2 hours ago') or a word (now, today, yesterday)";

/// Reads a time expression as the instant it means, given "now" and the zone of the log: of
/// the two a wall-clock time of the repeated hour can mean, the earlier at the `Start` of a
/// range and the later at its `End`.
pub fn parse_time(
    text: &str,
    now: DateTime<Utc>,
    zone: Zone,
    edge: Edge,
) -> Result<DateTime<Utc>, TimeError> {
    let (earliest, latest) = time_readings(text, now, zone, edge)?;
    Ok(match edge {
        Edge::Start => earliest,
        Edge::End => latest,
    })
}

/// The earliest and latest instants a time expression can mean: one mostly, two for a
/// wall-clock time of the hour repeated when daylight saving ends. A day is its start at the
/// `Start` of a range and its end at the `End`.
pub fn time_readings(
    text: &str,
    now: DateTime<Utc>,
    zone: Zone,
    edge: Edge,
) -> Result<(DateTime<Utc>, DateTime<Utc>), TimeError> {
    let err = || no_such_day(text).unwrap_or_else(|| TimeError::unreadable(text));
    let trimmed = text.trim();
    let today = zone.wall_time(now).date();
    let day = |date: NaiveDate| match edge {
        Edge::Start => zone.resolve(date.and_time(NaiveTime::MIN)),
        Edge::End => zone.resolve(end_of_day(date)),
    };
    match trimmed.to_ascii_lowercase().as_str() {
        "now" => return Ok((now, now)),
        "today" => return Ok(day(today)),
        "yesterday" => {
            let yesterday = today.pred_opt();
            return Ok(day(yesterday.ok_or_else(|| TimeError::out_of_range(text))?));
        }
        _ => {}
    }
    if let Some(relative) = relative(trimmed) {
        let (amount, unit) = relative.ok_or_else(|| TimeError::out_of_range(text))?;
        return shift_back(now, zone, amount, unit).ok_or_else(|| TimeError::out_of_range(text));
    }
    if let Ok(date) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        return Ok(day(date));
    }
    if let Some(time) = time_of_day(trimmed) {
        return Ok(zone.resolve(today.and_time(time)));
    }
    let stamp = date_time(trimmed).ok_or_else(err)?;
    Ok(zone.instants(stamp))
}

/// The last moment of a day.
fn end_of_day(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_999).unwrap_or(NaiveTime::MIN))
}

/// `2026-11-23 09:00`, `2026-11-23T09:00:00`, `2026-11-23T09:00:00,000+01:00` and the like.
fn date_time(text: &str) -> Option<Stamp> {
    if let Some(stamp) = Stamp::parse(text) {
        return Some(stamp);
    }
    // Without seconds: insert them and read again.
    let (head, tail) = text.split_at_checked(16)?;
    Stamp::parse(&format!("{head}:00{tail}"))
}

/// A unit of relative time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// `-2h`, `-30m`, `-1M`, or `2 hours ago`: `None` for another form, `Some(None)` for this
/// form with a number too large.
fn relative(text: &str) -> Option<Option<(u32, Unit)>> {
    let (digits, unit) = if let Some(rest) = text.strip_prefix('-') {
        let split = rest.find(|c: char| !c.is_ascii_digit())?;
        let (digits, unit) = rest.split_at(split);
        let unit = match unit {
            "s" => Unit::Second,
            "m" => Unit::Minute,
            "h" => Unit::Hour,
            "d" => Unit::Day,
            "w" => Unit::Week,
            "M" => Unit::Month,
            "y" => Unit::Year,
            _ => return None,
        };
        (digits, unit)
    } else {
        let lower = text.to_ascii_lowercase();
        let mut words = lower.split_whitespace();
        let (digits, unit, ago) = (words.next()?, words.next()?, words.next()?);
        if ago != "ago" || words.next().is_some() {
            return None;
        }
        let unit = match unit.strip_suffix('s').unwrap_or(unit) {
            "sec" | "second" => Unit::Second,
            "min" | "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "year" => Unit::Year,
            _ => return None,
        };
        return amount(digits).map(|n| n.map(|n| (n, unit)));
    };
    amount(digits).map(|n| n.map(|n| (n, unit)))
}

/// A count of units: `None` when it is not digits, `Some(None)` when it is too large.
fn amount(digits: &str) -> Option<Option<u32>> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().ok())
}

/// Why a text that starts with a date of the form `YYYY-MM-DD` names no day:
/// `February 2026 has 28 days`, `there is no month 13`. `None` when the date exists, or the
/// text does not start with one.
fn no_such_day(text: &str) -> Option<TimeError> {
    let trimmed = text.trim();
    let b = trimmed.as_bytes();
    let shape = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
        && (b.len() == 10 || matches!(b[10], b' ' | b'T'));
    if !shape {
        return None;
    }
    let num = |r: std::ops::Range<usize>| trimmed[r].parse::<u32>().ok();
    let (year, month, day) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
    let why = if !(1..=12).contains(&month) {
        format!("there is no month {month}: months run from 01 to 12")
    } else {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = first.checked_add_months(Months::new(1))?;
        let days = next.signed_duration_since(first).num_days();
        if day >= 1 && i64::from(day) <= days {
            return None;
        }
        format!("{} {year} has {days} days", first.format("%B"))
    };
    Some(TimeError {
        text: text.to_owned(),
        why,
    })
}

/// `now` moved back: by exact durations for seconds, minutes and hours, by the calendar (same
/// wall-clock time) for days, weeks, months and years.
fn shift_back(
    now: DateTime<Utc>,
    zone: Zone,
    amount: u32,
    unit: Unit,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let exact = |d: Duration| now.checked_sub_signed(d).map(|t| (t, t));
    let wall = zone.wall_time(now);
    let n = u64::from(amount);
    let calendar = match unit {
        Unit::Second => return exact(Duration::seconds(n as i64)),
        Unit::Minute => return exact(Duration::minutes(n as i64)),
        Unit::Hour => return exact(Duration::hours(n as i64)),
        Unit::Day => wall.checked_sub_days(Days::new(n)),
        Unit::Week => wall.checked_sub_days(Days::new(n.checked_mul(7)?)),
        Unit::Month => wall.checked_sub_months(Months::new(amount)),
        Unit::Year => wall.checked_sub_months(Months::new(amount.checked_mul(12)?)),
    };
    Some(zone.resolve(calendar?))
}

/// The date presets: JOC's dropdown plus yesterday, this week and this month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Every entry.
    All,
    /// Since midnight.
    Today,
    /// The whole of yesterday.
    Yesterday,
    /// The last 60 minutes.
    LastHour,
    /// The last 12 hours.
    Last12h,
    /// The last 24 hours.
    Last24h,
    /// The last 7 days.
    Last7d,
    /// Since Monday, midnight.
    ThisWeek,
    /// Since the first of the month, midnight.
    ThisMonth,
}

impl Preset {
    /// Its name, as `--preset` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Preset::All => "all",
            Preset::Today => "today",
            Preset::Yesterday => "yesterday",
            Preset::LastHour => "last-hour",
            Preset::Last12h => "last-12h",
            Preset::Last24h => "last-24h",
            Preset::Last7d => "last-7d",
            Preset::ThisWeek => "this-week",
            Preset::ThisMonth => "this-month",
        }
    }

    /// The range a preset covers, given "now": a start, and an end where the preset has one.
    pub fn range(
        self,
        now: DateTime<Utc>,
        zone: Zone,
    ) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let today = zone.wall_time(now).date();
        let start = |date: NaiveDate| Some(zone.resolve(date.and_time(NaiveTime::MIN)).0);
        let back = |d: Duration| Some(now - d);
        match self {
            Preset::All => (None, None),
            Preset::Today => (start(today), None),
            Preset::Yesterday => {
                let yesterday = today.pred_opt();
                (
                    yesterday.and_then(start),
                    yesterday.map(|d| zone.resolve(end_of_day(d)).1),
                )
            }
            Preset::LastHour => (back(Duration::hours(1)), None),
            Preset::Last12h => (back(Duration::hours(12)), None),
            Preset::Last24h => (back(Duration::hours(24)), None),
            Preset::Last7d => (back(Duration::days(7)), None),
            Preset::ThisWeek => {
                let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
                (start(monday), None)
            }
            Preset::ThisMonth => (start(today.with_day(1).unwrap_or(today)), None),
        }
    }
}

#[cfg(test)]
mod tests;
