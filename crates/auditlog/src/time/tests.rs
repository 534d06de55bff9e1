use super::*;
use chrono::Weekday;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn berlin() -> Zone {
    Zone::parse("Europe/Berlin").unwrap()
}

/// Monday 2026-11-23, 12:00 in Berlin (11:00 UTC).
fn now() -> DateTime<Utc> {
    utc("2026-11-23T11:00:00Z")
}

#[test]
fn zones_give_wall_time() {
    let instant = utc("2026-11-23T12:00:00Z");
    assert_eq!(
        berlin().wall_time(instant).to_string(),
        "2026-11-23 13:00:00"
    );
    assert_eq!(
        Zone::parse("UTC").unwrap().wall_time(instant).to_string(),
        "2026-11-23 12:00:00"
    );
    assert_eq!(Zone::parse("local"), Some(Zone::System));
    assert_eq!(Zone::parse("Mars/Olympus"), None);
}

#[test]
fn the_repeated_hour_means_both_instants_and_the_skipped_hour_one() {
    let wall = |t: &str| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").unwrap();
    assert_eq!(
        berlin().resolve(wall("2026-10-25 02:30")),
        (utc("2026-10-25T00:30:00Z"), utc("2026-10-25T01:30:00Z"))
    );
    assert_eq!(
        berlin().resolve(wall("2026-03-29 02:30")),
        (utc("2026-03-29T01:30:00Z"), utc("2026-03-29T01:30:00Z"))
    );
    let stamp = Stamp::parse("2026-10-25T02:30:00,000+01:00").unwrap();
    assert_eq!(
        berlin().instants(stamp),
        (utc("2026-10-25T01:30:00Z"), utc("2026-10-25T01:30:00Z"))
    );
    assert_eq!(berlin().wall_of(stamp), wall("2026-10-25 02:30"));
    let stamp = Stamp::parse("2026-11-23T09:00:00,000Z").unwrap();
    assert_eq!(berlin().wall_of(stamp), wall("2026-11-23 10:00"));
}

#[test]
fn reads_every_form_of_time_expression() {
    use Edge::{End, Start};
    let cases = [
        ("now", Start, "2026-11-23T11:00:00Z"),
        ("today", Start, "2026-11-22T23:00:00Z"),
        ("today", End, "2026-11-23T22:59:59.999999999Z"),
        ("yesterday", Start, "2026-11-21T23:00:00Z"),
        ("Yesterday", End, "2026-11-22T22:59:59.999999999Z"),
        ("2026-11-10", Start, "2026-11-09T23:00:00Z"),
        ("2026-11-12", End, "2026-11-12T22:59:59.999999999Z"),
        ("2026-11-23 09:00", Start, "2026-11-23T08:00:00Z"),
        ("2026-11-23 09:00", End, "2026-11-23T08:00:00Z"),
        ("2026-11-23T09:00", Start, "2026-11-23T08:00:00Z"),
        ("2026-11-23 09:00:30", Start, "2026-11-23T08:00:30Z"),
        ("2026-11-23T09:00:00,250", Start, "2026-11-23T08:00:00.250Z"),
        (
            "2026-11-23T09:00:00.250Z",
            Start,
            "2026-11-23T09:00:00.250Z",
        ),
        ("2026-11-23 09:00+05:00", Start, "2026-11-23T04:00:00Z"),
        ("09:00", Start, "2026-11-23T08:00:00Z"),
        ("09:00:15", End, "2026-11-23T08:00:15Z"),
        ("-30m", Start, "2026-11-23T10:30:00Z"),
        ("-2h", Start, "2026-11-23T09:00:00Z"),
        ("-90s", Start, "2026-11-23T10:58:30Z"),
        ("-7d", Start, "2026-11-16T11:00:00Z"),
        ("-2w", Start, "2026-11-09T11:00:00Z"),
        ("-1M", Start, "2026-10-23T10:00:00Z"),
        ("-1y", Start, "2025-11-23T11:00:00Z"),
        ("2 hours ago", Start, "2026-11-23T09:00:00Z"),
        ("1 hour ago", Start, "2026-11-23T10:00:00Z"),
        ("30 min ago", Start, "2026-11-23T10:30:00Z"),
        ("3 Days Ago", Start, "2026-11-20T11:00:00Z"),
        ("1 week ago", Start, "2026-11-16T11:00:00Z"),
        ("2 months ago", Start, "2026-09-23T10:00:00Z"),
        ("1 year ago", Start, "2025-11-23T11:00:00Z"),
    ];
    for (text, edge, want) in cases {
        assert_eq!(
            parse_time(text, now(), berlin(), edge),
            Ok(utc(want)),
            "{text} {edge:?}"
        );
    }
}

#[test]
fn a_wall_time_in_the_repeated_hour_takes_the_widest_reading() {
    let now = utc("2026-10-26T12:00:00Z");
    assert_eq!(
        parse_time("2026-10-25 02:30", now, berlin(), Edge::Start),
        Ok(utc("2026-10-25T00:30:00Z"))
    );
    assert_eq!(
        parse_time("2026-10-25 02:30", now, berlin(), Edge::End),
        Ok(utc("2026-10-25T01:30:00Z"))
    );
}

#[test]
fn refuses_what_is_not_a_time_and_says_what_is() {
    for text in [
        "",
        "soon",
        "-2",
        "-2x",
        "2h",
        "- 2h",
        "2026-13-01",
        "2026-11-23 25:00",
        "25:00",
        "2 hours",
        "two hours ago",
        "2 fortnights ago",
        "-99999999999d",
        "2026-11-23 09",
    ] {
        let err = parse_time(text, now(), berlin(), Edge::Start).unwrap_err();
        assert_eq!(err.text, text);
    }
    assert_eq!(
        parse_time("soon", now(), berlin(), Edge::Start)
            .unwrap_err()
            .to_string(),
        "invalid time \"soon\": use a date (2026-11-23), a date and time (2026-11-23 09:00, \
2026-11-23T09:00:00,000), a time today (09:00), a relative time (-30m, -2h, -7d, -2w, -1M, -1y, \
'2 hours ago') or a word (now, today, yesterday)"
    );
}

/// `--since 2026-02-30` and `--since -99999999y` once got the message for text of no form.
#[test]
fn says_which_day_does_not_exist_and_what_is_out_of_range() {
    let why = |text: &str| {
        parse_time(text, now(), berlin(), Edge::Start)
            .unwrap_err()
            .why
    };
    assert_eq!(why("2026-02-30"), "February 2026 has 28 days");
    assert_eq!(why("2024-02-30 10:00"), "February 2024 has 29 days");
    assert_eq!(why("2026-04-31T10:00:00"), "April 2026 has 30 days");
    assert_eq!(
        why("2026-13-01"),
        "there is no month 13: months run from 01 to 12"
    );
    assert_eq!(
        why("2026-00-10"),
        "there is no month 0: months run from 01 to 12"
    );
    assert_eq!(why("2026-11-00"), "November 2026 has 30 days");
    let far = "it lies too far back to be represented (years from -262143 to 262142 are)";
    for text in [
        "-99999999y",
        "-99999999999d",
        "-4000000000w",
        "99999999999 years ago",
    ] {
        assert_eq!(why(text), far, "{text}");
    }
    assert_eq!(why("2026-11-23 25:00"), EXPRESSION_FORMS);
}

#[test]
fn fixed_offsets_are_zones() {
    let plus2 = Zone::parse("+02:00").unwrap();
    assert_eq!(Zone::parse("+0200"), Some(plus2));
    assert_eq!(
        plus2.wall_time(utc("2026-11-23T10:00:00Z")).to_string(),
        "2026-11-23 12:00:00"
    );
    assert_eq!(
        Zone::parse("-05:30")
            .unwrap()
            .resolve(NaiveDateTime::parse_from_str("2026-11-23 12:00", "%Y-%m-%d %H:%M").unwrap()),
        (utc("2026-11-23T17:30:00Z"), utc("2026-11-23T17:30:00Z"))
    );
    for bad in ["+25:00", "+2", "-", "+02:00x"] {
        assert_eq!(Zone::parse(bad), None, "{bad}");
    }
}

#[test]
fn presets_cover_jocs_ranges() {
    let cases = [
        (Preset::All, None, None),
        (Preset::Today, Some("2026-11-22T23:00:00Z"), None),
        (
            Preset::Yesterday,
            Some("2026-11-21T23:00:00Z"),
            Some("2026-11-22T22:59:59.999999999Z"),
        ),
        (Preset::LastHour, Some("2026-11-23T10:00:00Z"), None),
        (Preset::Last12h, Some("2026-11-22T23:00:00Z"), None),
        (Preset::Last24h, Some("2026-11-22T11:00:00Z"), None),
        (Preset::Last7d, Some("2026-11-16T11:00:00Z"), None),
        (Preset::ThisWeek, Some("2026-11-22T23:00:00Z"), None),
        (Preset::ThisMonth, Some("2026-10-31T23:00:00Z"), None),
    ];
    for (preset, since, until) in cases {
        assert_eq!(
            preset.range(now(), berlin()),
            (since.map(utc), until.map(utc)),
            "{preset:?}"
        );
    }
    // On a Sunday the week still began on Monday.
    let sunday = utc("2026-11-29T20:00:00Z");
    assert_eq!(
        Preset::ThisWeek.range(sunday, berlin()).0,
        Some(utc("2026-11-22T23:00:00Z"))
    );
}

#[test]
fn time_of_day_windows_wrap_past_midnight() {
    let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M:%S").unwrap();
    let office = TimeOfDay::parse("09:00-18:00").unwrap();
    assert!(office.contains(t("09:00:00")) && office.contains(t("17:59:59")));
    assert!(!office.contains(t("08:59:59")) && !office.contains(t("18:00:00")));
    let night = TimeOfDay::parse("22:00-06:00").unwrap();
    assert!(
        night.contains(t("23:30:00"))
            && night.contains(t("00:00:00"))
            && night.contains(t("05:59:59"))
    );
    assert!(!night.contains(t("06:00:00")) && !night.contains(t("12:00:00")));
    assert_eq!(
        TimeOfDay::parse("08:30:15 - 09:00").unwrap().to_string(),
        "08:30:15-09:00:00"
    );
    for bad in ["09:00", "9-18", "09:00-25:00", "", "-", "24:00-06:00"] {
        assert_eq!(
            TimeOfDay::parse(bad),
            Err(WindowError::Form(bad.into())),
            "{bad}"
        );
    }
    // The whole day, and the end of a day.
    let day = TimeOfDay::parse("00:00-24:00").unwrap();
    assert!(day.contains(t("00:00:00")) && day.contains(t("23:59:59")));
    assert_eq!(day.to_string(), "00:00:00-24:00:00");
    let evening = TimeOfDay::parse("22:00-24:00").unwrap();
    assert!(evening.contains(t("23:59:59")) && !evening.contains(t("21:59:59")));
    // A window that holds nothing once matched nothing without a word.
    assert_eq!(
        TimeOfDay::parse("06:00-06:00").unwrap_err().to_string(),
        "the window \"06:00-06:00\" is empty: its start and end are the same; for the whole day give 00:00-24:00"
    );
}

#[test]
fn weekdays_take_lists_and_ranges() {
    let set = |text: &str| {
        let w = Weekdays::parse(text).unwrap();
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .into_iter()
        .filter(|d| w.contains(*d))
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(",")
    };
    assert_eq!(set("mon-fri"), "Mon,Tue,Wed,Thu,Fri");
    assert_eq!(set("sat,sun"), "Sat,Sun");
    assert_eq!(set("Mon,wed-fri"), "Mon,Wed,Thu,Fri");
    assert_eq!(set("fri-mon"), "Mon,Fri,Sat,Sun");
    assert_eq!(set("Sunday"), "Sun");
    for bad in ["", "mo", "mon-", "funday", "mon;tue"] {
        assert_eq!(Weekdays::parse(bad), None, "{bad}");
    }
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
        ("99999999999", Some(99_999_999_999)),
        ("71582789h", Some(4_294_967_340)),
        ("123456789012345678901234567890", Some(u64::MAX)),
        ("99999999999999999999h", Some(u64::MAX)),
    ];
    for (text, want) in cases {
        assert_eq!(parse_minutes(text), want, "{text:?}");
    }
}

#[test]
fn reads_durations() {
    let secs = |t: &str| parse_duration(t).map(|d| d.as_secs());
    assert_eq!(secs("90"), Some(90));
    assert_eq!(secs("90s"), Some(90));
    assert_eq!(secs("5m"), Some(300));
    assert_eq!(secs("1h30m"), Some(5400));
    assert_eq!(secs("2d"), Some(172_800));
    assert_eq!(secs("1h0m5s"), Some(3605));
    for bad in ["", "m", "5x", "1.5h", "-5m", "h1", "5m5"] {
        assert_eq!(secs(bad), None, "{bad}");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn expression() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            proptest::sample::select(vec![
                "-",
                "2026",
                "-11-",
                "23",
                "T",
                " ",
                ":",
                "00",
                "59",
                ",",
                ".",
                "000",
                "+02:00",
                "Z",
                "h",
                "m",
                "d",
                "w",
                "M",
                "y",
                "ago",
                "hours",
                "today",
                "now",
                "99999999999",
            ])
            .prop_map(str::to_owned),
            any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// No text makes a time expression, a window, weekdays or a duration panic; what reads
        /// as a time reads at both edges, the start no later than the end.
        #[test]
        fn no_expression_panics(text in expression()) {
            for zone in [berlin(), Zone::parse("+05:30").unwrap()] {
                let since = parse_time(&text, now(), zone, Edge::Start);
                let until = parse_time(&text, now(), zone, Edge::End);
                prop_assert_eq!(since.is_ok(), until.is_ok());
                if let (Ok(since), Ok(until)) = (since, until) {
                    prop_assert!(since <= until);
                }
            }
            let _ = TimeOfDay::parse(&text);
            let _ = Weekdays::parse(&text);
            let _ = parse_duration(&text);
            let _ = parse_minutes(&text);
            let _ = Zone::parse(&text);
        }
    }
}
