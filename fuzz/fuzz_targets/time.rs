//! Time expressions, windows, weekdays, durations and minutes, on any text: never a panic, and
//! a range that reads is a range of instants.
#![no_main]

use auditlog::time::{Edge, TimeOfDay, Weekdays, Zone, parse_duration, parse_minutes, parse_time};
use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let now: DateTime<Utc> = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
    for zone in [
        Zone::parse("Europe/Berlin").unwrap(),
        Zone::parse("UTC").unwrap(),
        Zone::parse("+05:30").unwrap(),
    ] {
        let since = parse_time(text, now, zone, Edge::Start);
        let until = parse_time(text, now, zone, Edge::End);
        assert_eq!(since.is_ok(), until.is_ok(), "{text:?}");
        if let (Ok(since), Ok(until)) = (since, until) {
            assert!(since <= until, "{text:?}");
        }
    }
    let _ = Zone::parse(text);
    if let Ok(window) = TimeOfDay::parse(text) {
        let _ = window.to_string();
    }
    let _ = Weekdays::parse(text);
    let _ = parse_duration(text);
    let _ = parse_minutes(text);
});
