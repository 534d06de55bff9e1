//! Time as people write it: the zone of a log's stamps, and time spent (`15`, `15m`, `1h30m`).
//!
//! Nothing here reads the clock: "now" is always passed in.

use chrono::{DateTime, Local, NaiveDateTime, Utc};

/// The zone a log's stamps are written in: JOC writes local time with no offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// The system's zone.
    System,
    /// A zone of the IANA database, such as `Europe/Berlin`.
    Named(chrono_tz::Tz),
}

impl Zone {
    /// Reads a zone name: an IANA name such as `Europe/Berlin` or `UTC`, or `local` for the
    /// system's zone.
    pub fn parse(name: &str) -> Option<Zone> {
        if name.eq_ignore_ascii_case("local") {
            return Some(Zone::System);
        }
        name.parse().ok().map(Zone::Named)
    }

    /// The wall-clock time in this zone at an instant.
    pub fn wall_time(self, instant: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::System => instant.with_timezone(&Local).naive_local(),
            Zone::Named(tz) => instant.with_timezone(&tz).naive_local(),
        }
    }
}

/// Reads a time spent as whole minutes: `15` or `15m` (minutes), `2h`, `1h30m`.
pub fn parse_minutes(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let (hours, rest) = match text.split_once('h') {
        Some((h, rest)) => (Some(h), rest),
        None => (None, text),
    };
    let minutes = match rest {
        "" => None,
        m => Some(m.strip_suffix('m')?),
    };
    let number = |digits: &str| -> Option<u32> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    let hours = hours.map(number).unwrap_or(Some(0))?;
    let minutes = minutes.map(number).unwrap_or(Some(0))?;
    hours.checked_mul(60)?.checked_add(minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_give_wall_time() {
        let instant = DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z")
            .unwrap()
            .to_utc();
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        assert_eq!(berlin.wall_time(instant).to_string(), "2026-11-23 13:00:00");
        assert_eq!(
            Zone::parse("UTC").unwrap().wall_time(instant).to_string(),
            "2026-11-23 12:00:00"
        );
        assert_eq!(Zone::parse("local"), Some(Zone::System));
        assert_eq!(Zone::parse("Mars/Olympus"), None);
    }

    #[test]
    fn reads_minutes_and_hours() {
        let cases = [
            ("15", Some(15)),
            ("15m", Some(15)),
            ("0", Some(0)),
            ("2h", Some(120)),
            ("1h30m", Some(90)),
            ("1h5m", Some(65)),
            (" 45m ", Some(45)),
            ("", None),
            ("m", None),
            ("h", None),
            ("1.5h", None),
            ("-5", None),
            ("30s", None),
            ("1h30", None),
            ("1m30m", None),
            ("99999999999", None),
            ("71582789h", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_minutes(text), want, "{text:?}");
        }
    }
}
