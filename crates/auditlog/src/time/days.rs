//! Windows of the day (`09:00-18:00`, `22:00-06:00`, `00:00-24:00`) and sets of weekdays
//! (`mon-fri`), applied on every day of a range.

use std::fmt;

use chrono::{NaiveTime, Weekday};

/// `09:00` or `09:00:30`.
pub(super) fn time_of_day(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
        .filter(|_| text.len() <= 8)
}

/// A window of the day, applied on every day: `09:00-18:00`, or `22:00-06:00` across midnight.
/// It holds from its start up to, not including, its end; an end of `24:00` is the end of the
/// day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeOfDay {
    /// The first moment in the window.
    pub start: NaiveTime,
    /// The first moment after the window; `None` for `24:00`, the end of the day.
    pub end: Option<NaiveTime>,
}

/// Why a time-of-day window cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    /// Not of the form `HH:MM-HH:MM`.
    #[error(
        "invalid window {0:?}: write START-END as HH:MM-HH:MM, such as 09:00-18:00, 22:00-06:00 or 00:00-24:00"
    )]
    Form(String),
    /// START and END are the same time, so nothing lies between them.
    #[error(
        "the window {0:?} is empty: its start and end are the same; for the whole day give 00:00-24:00"
    )]
    Empty(String),
}

impl TimeOfDay {
    /// Reads `HH:MM-HH:MM` (seconds optional); the end may be `24:00`.
    pub fn parse(text: &str) -> Result<TimeOfDay, WindowError> {
        let form = || WindowError::Form(text.to_owned());
        let (start, end) = text.trim().split_once('-').ok_or_else(form)?;
        let start = time_of_day(start.trim()).ok_or_else(form)?;
        let end = match end.trim() {
            "24:00" | "24:00:00" => None,
            end => Some(time_of_day(end).ok_or_else(form)?),
        };
        if end == Some(start) {
            return Err(WindowError::Empty(text.to_owned()));
        }
        Ok(TimeOfDay { start, end })
    }

    /// Whether a time of day lies in the window.
    pub fn contains(self, t: NaiveTime) -> bool {
        match self.end {
            None => t >= self.start,
            Some(end) if self.start <= end => self.start <= t && t < end,
            Some(end) => t >= self.start || t < end,
        }
    }
}

/// A set of weekdays: `mon-fri`, `sat,sun`, `mon,wed-fri`, `fri-mon`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weekdays(u8);

impl Weekdays {
    /// Reads a list of days and ranges of days (three-letter or full English names).
    pub fn parse(text: &str) -> Option<Weekdays> {
        let mut bits = 0u8;
        for part in text.split(',') {
            let (from, to) = match part.split_once('-') {
                Some((a, b)) => (weekday(a)?, weekday(b)?),
                None => (weekday(part)?, weekday(part)?),
            };
            let mut day = from;
            loop {
                bits |= 1 << day.num_days_from_monday();
                if day == to {
                    break;
                }
                day = day.succ();
            }
        }
        Some(Weekdays(bits))
    }

    /// Whether a day is in the set.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }
}

/// A weekday by its English name, short or long, in any case.
fn weekday(name: &str) -> Option<Weekday> {
    name.trim().parse().ok()
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = self.end.map_or_else(
            || "24:00:00".to_owned(),
            |t| t.format("%H:%M:%S").to_string(),
        );
        write!(f, "{}-{end}", self.start.format("%H:%M:%S"))
    }
}
