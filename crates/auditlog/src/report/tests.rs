//! Each measure against answers worked out by hand on `fixtures/report.log`: ten entries over
//! six ISO weeks (one of them empty), two in the hour repeated when daylight saving ends in
//! Berlin, a JobScheduler 1.x line, entries without reason, time or ticket, and one request
//! that names two workflows.

use chrono::NaiveDate;

use super::*;
use crate::format::parse_view;

fn berlin() -> Zone {
    Zone::parse("Europe/Berlin").unwrap()
}

fn report(keys: &[Key], trend: Option<Period>) -> Report {
    let text = include_str!("../../../../fixtures/report.log");
    let mut report = Report::new(Spec {
        objects: None,
        keys: keys.to_vec(),
        depth: 1,
        zone: berlin(),
        trend,
    });
    for line in text.lines() {
        report.add_entry(&parse_view(line).unwrap());
    }
    report
}

/// A group as (keys, entries, time spent, with time spent, tickets, share in per mille).
type Row<'a> = (Vec<Option<&'a str>>, u64, u64, u64, usize, u64);

fn rows(groups: &[Group]) -> Vec<Row<'_>> {
    groups
        .iter()
        .map(|g| {
            let m = &g.measures;
            (
                g.keys.iter().map(|k| k.as_deref()).collect(),
                m.entries,
                m.time_spent,
                m.with_time_spent,
                m.tickets.len(),
                (g.share * 1000.0).round() as u64,
            )
        })
        .collect()
}

#[test]
fn accounts_add_up_entries_time_tickets_and_shares() {
    let report = report(&[Key::Account], None);
    let groups = report.groups(SortBy::Entries, None, DateRange::default());
    assert_eq!(
        rows(&groups),
        [
            (vec![Some("jdoe")], 5, 95, 4, 2, 500),
            (vec![Some("root")], 4, 180, 2, 2, 400),
            // The JobScheduler 1.x line: no reason, time or ticket.
            (vec![Some("ops")], 1, 0, 0, 0, 100),
        ]
    );
    let total = report.totals(DateRange::default());
    assert_eq!(
        (
            total.measures.entries,
            total.measures.time_spent,
            total.measures.with_time_spent
        ),
        (10, 275, 6)
    );
    assert_eq!(total.measures.tickets.len(), 3);
    let by_time = report.groups(SortBy::Time, None, DateRange::default());
    assert_eq!(by_time[0].keys, [Some("root".to_owned())]);
}

#[test]
fn the_repeated_hour_counts_both_passes_on_the_wall_clock() {
    let by_hour = report(&[Key::Hour], None);
    let groups = by_hour.groups(SortBy::Key, None, DateRange::default());
    let hours: Vec<(Option<&str>, u64)> = groups
        .iter()
        .map(|g| (g.keys[0].as_deref(), g.measures.entries))
        .collect();
    assert_eq!(
        hours,
        [
            (Some("02"), 2),
            (Some("08"), 2),
            (Some("09"), 2),
            (Some("10"), 1),
            (Some("11"), 1),
            (Some("12"), 2),
        ]
    );
    let by_day = report(&[Key::Day], None);
    let groups = by_day.groups(SortBy::Entries, Some(1), DateRange::default());
    assert_eq!(
        rows(&groups)[0],
        (vec![Some("2026-10-25")], 2, 60, 1, 1, 200)
    );
    // The rest as one group, with the tickets of all of them once.
    assert!(groups[1].other);
    assert_eq!(
        (groups[1].measures.entries, groups[1].measures.tickets.len()),
        (8, 3)
    );
}

#[test]
fn an_entry_counts_in_each_workflow_and_once_per_folder() {
    let by_workflow = report(&[Key::Workflow], None);
    assert_eq!(
        rows(&by_workflow.groups(SortBy::Key, None, DateRange::default())),
        [
            (vec![Some("/finance/eod/close")], 2, 75, 2, 2, 200),
            (vec![Some("/finance/month/close")], 1, 30, 1, 1, 100),
            (vec![Some("/ops/restart")], 2, 60, 1, 1, 200),
            (vec![None], 6, 140, 3, 2, 600),
        ]
    );
    let by_folder = report(&[Key::Folder], None);
    assert_eq!(
        rows(&by_folder.groups(SortBy::Key, None, DateRange::default())),
        [
            (vec![Some("/finance")], 2, 75, 2, 2, 200),
            (vec![Some("/ops")], 2, 60, 1, 1, 200),
            (vec![None], 6, 140, 3, 2, 600),
        ]
    );
}

#[test]
fn tickets_by_account_give_the_time_per_ticket_and_person() {
    let report = report(&[Key::Ticket, Key::Account], None);
    let groups = report.groups(SortBy::Key, None, DateRange::default());
    let ticket = |n: u8| Some(format!("https://t.example.com/OPS-{n}"));
    let got: Vec<(Option<String>, Option<String>, u64, u64)> = groups
        .iter()
        .map(|g| {
            (
                g.keys[0].clone(),
                g.keys[1].clone(),
                g.measures.entries,
                g.measures.time_spent,
            )
        })
        .collect();
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        got,
        [
            (ticket(1), some("jdoe"), 2, 35),
            (ticket(1), some("root"), 1, 60),
            (ticket(2), some("root"), 2, 120),
            (ticket(3), some("jdoe"), 1, 45),
            (None, some("jdoe"), 2, 15),
            (None, some("ops"), 1, 0),
            (None, some("root"), 1, 0),
        ]
    );
}

#[test]
fn a_weekly_trend_has_every_week_of_the_window_and_a_direction() {
    let report = report(&[Key::Account], Some(Period::Week));
    let groups = report.groups(SortBy::Entries, None, DateRange::default());
    let jdoe = groups[0].trend.as_ref().unwrap();
    assert_eq!(
        jdoe.starts,
        [
            "2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48"
        ]
    );
    assert_eq!(jdoe.counts, [2.0, 0.0, 0.0, 2.0, 0.0, 1.0]);
    // b = −1.5/17.5, mean 5/6: r = b·5/mean = −0.514.
    assert_eq!(jdoe.direction, Tendency::Falling);
    assert_eq!((jdoe.slope_ratio.unwrap() * 1000.0).round(), -514.0);
    // A window wider than the entries: empty weeks on both sides.
    let window = DateRange(
        NaiveDate::from_ymd_opt(2026, 10, 12),
        NaiveDate::from_ymd_opt(2026, 11, 30),
    );
    let ops = &report.groups(SortBy::Entries, None, window)[2];
    let trend = ops.trend.as_ref().unwrap();
    assert_eq!(trend.starts.first().map(String::as_str), Some("2026-W42"));
    assert_eq!(trend.counts, [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
    // One entry before the middle: b = −0.5/42, mean 1/8, r = b·7/mean = −2/3.
    assert_eq!(trend.direction, Tendency::Falling);
    assert_eq!((trend.slope_ratio.unwrap() * 1000.0).round(), -667.0);
    let total = report.totals(window).trend.unwrap();
    assert_eq!(total.counts, [0.0, 5.0, 0.0, 1.0, 2.0, 1.0, 1.0, 0.0]);
}

#[test]
fn the_direction_follows_the_documented_rule() {
    let cases: [(&[f64], Tendency, Option<f64>); 7] = [
        // b = 1, mean 2: r = 1·2/2.
        (&[1.0, 2.0, 3.0], Tendency::Rising, Some(1.0)),
        (&[3.0, 3.0, 3.0], Tendency::Flat, Some(0.0)),
        // b = −1, mean 3: r = −1·4/3.
        (
            &[5.0, 4.0, 3.0, 2.0, 1.0],
            Tendency::Falling,
            Some(-4.0 / 3.0),
        ),
        // b = 0.5, mean 10.5: r = 0.5·2/10.5 = 0.095, just flat.
        (&[10.0, 10.5, 11.0], Tendency::Flat, Some(1.0 / 10.5)),
        // b = 0.6, mean 10.6: r = 0.6·2/10.6 = 0.113, just rising.
        (&[10.0, 10.6, 11.2], Tendency::Rising, Some(1.2 / 10.6)),
        (&[1.0, 9.0], Tendency::Flat, None),
        (&[0.0, 0.0, 0.0], Tendency::Flat, None),
    ];
    for (counts, want, ratio) in cases {
        let (got, r) = direction(counts);
        assert_eq!(got, want, "{counts:?}");
        match (r, ratio) {
            (Some(r), Some(ratio)) => assert!((r - ratio).abs() < 1e-9, "{counts:?}: {r}"),
            (r, ratio) => assert_eq!(r, ratio, "{counts:?}"),
        }
    }
}

#[test]
fn periods_are_numbered_and_written_as_iso_weeks_months_and_days() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let week = Period::Week;
    assert_eq!(week.label(week.index(day(2026, 11, 23))), "2026-W48");
    assert_eq!(week.index(day(2026, 11, 29)), week.index(day(2026, 11, 23)));
    assert_eq!(
        week.index(day(2026, 11, 30)),
        week.index(day(2026, 11, 23)) + 1
    );
    // 3 January 2021 was a Sunday in the last ISO week of 2020.
    assert_eq!(week.label(week.index(day(2021, 1, 3))), "2020-W53");
    let month = Period::Month;
    assert_eq!(month.label(month.index(day(2026, 12, 31)) + 1), "2027-01");
    assert_eq!(
        Period::Day.label(Period::Day.index(day(2026, 2, 28)) + 1),
        "2026-03-01"
    );
    assert_eq!(
        month.last_day(month.index(day(2028, 2, 1))),
        day(2028, 2, 29)
    );
}

#[test]
fn folders_keep_the_levels_asked_for() {
    assert_eq!(folder("/a/b/wf", 1), "/a");
    assert_eq!(folder("/a/b/wf", 2), "/a/b");
    assert_eq!(folder("/a/b/wf", 9), "/a/b");
    assert_eq!(folder("/wf", 1), "/");
    assert_eq!(folder("wf", 1), "/");
    assert_eq!(folder("/a/b/wf", 0), "/");
}

#[test]
fn weekdays_sort_from_monday_and_none_sorts_last() {
    assert!(Key::Weekday.compare(Some("Mon"), Some("Sun")).is_lt());
    assert!(Key::Weekday.compare(Some("Sat"), Some("Fri")).is_gt());
    assert!(Key::Account.compare(None, Some("a")).is_gt());
    assert!(Key::parse("Weekday").is_ok());
    assert_eq!(
        Key::parse("user").unwrap_err().to_string(),
        "--by: unknown key \"user\": give account, request, category, controller, ticket, reason, workflow, folder, object, day, week, month, hour or weekday (and job for --executions)"
    );
}

#[test]
fn percentiles_are_by_nearest_rank() {
    use super::executions::percentile;
    assert_eq!(percentile(&[10, 20, 30, 40, 50], 50), 30);
    assert_eq!(percentile(&[10, 20, 30, 40, 50], 95), 50);
    assert_eq!(percentile(&[7], 95), 7);
    let hundred: Vec<u64> = (1..=100).collect();
    assert_eq!(percentile(&hundred, 95), 95);
}

#[test]
fn key_values_that_look_like_the_encoding_stay_apart() {
    let mut a = String::new();
    key::encode(Some("1:x"), &mut a);
    key::encode(None, &mut a);
    let mut b = String::new();
    key::encode(Some("1"), &mut b);
    key::encode(Some("x-"), &mut b);
    assert_ne!(a, b);
    assert_eq!(key::decode(&a), [Some("1:x".to_owned()), None]);
    assert_eq!(
        key::decode(&b),
        [Some("1".to_owned()), Some("x-".to_owned())]
    );
}

/// Added up on every core, around the prefilter's matches or frame by frame, from a gzip
/// stream or a plain file: the same groups as entry by entry from a plain read.
#[test]
fn every_way_of_adding_up_gives_the_same_groups() {
    use std::io::Write;

    use crate::query::{Matcher, Query};
    use crate::scan::quirky::quirky_log;
    use crate::scan::{CHUNK, Plan, Scan, Scanned, tally_path};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quirky.log");
    let bytes = quirky_log(4, 3000);
    std::fs::write(&path, &bytes).unwrap();
    let gz = dir.path().join("quirky.log.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    encoder.write_all(&bytes).unwrap();
    encoder.finish().unwrap();
    let spec = Spec {
        objects: None,
        keys: vec![Key::Account, Key::Folder, Key::Hour],
        depth: 1,
        zone: berlin(),
        trend: Some(Period::Day),
    };
    let mut jdoe = Query::all(berlin());
    jdoe.user = Matcher::new(&["jdoe".to_owned()]).unwrap();
    for (name, query) in [("all", Query::all(berlin())), ("jdoe", jdoe)] {
        let mut want = Report::new(spec.clone());
        let mut scan = Scan::new(vec![path.clone()]).read_in(query.zone);
        let mut want_malformed = Vec::new();
        let mut open_before;
        while let Some(event) = {
            // A matching entry after one left open is said to be in doubt.
            open_before = scan.left_open().is_some();
            scan.next_event().unwrap()
        } {
            match event {
                Scanned::Entry {
                    entry,
                    raw,
                    instant,
                    ..
                } => {
                    if query.matches_at(&entry.view(), raw, Some(instant)) {
                        if open_before {
                            want_malformed.push(entry.origin.as_ref().unwrap().line);
                        }
                        want.add_entry(&entry.view());
                    }
                }
                Scanned::Malformed(m) => {
                    if query.prefilter().is_none_or(|re| re.is_match(&m.head)) {
                        want_malformed.push(m.origin.line);
                    }
                }
            }
        }
        let want_groups = want.groups(SortBy::Key, None, DateRange::default());
        assert!(want_groups.len() > 20, "{name}: many groups");
        for file in [&path, &gz] {
            for (threads, chunk) in [(1, CHUNK), (3, 2_000), (2, 50_000)] {
                let plan = Plan {
                    threads,
                    chunk,
                    ..Plan::default()
                };
                let mut got = Report::new(spec.clone());
                let mut malformed = Vec::new();
                tally_path(file, &query, &plan, &mut got, &mut |m| malformed.push(m)).unwrap();
                let context = format!("{name}, {file:?}, {threads} threads, chunks of {chunk}");
                assert_eq!(
                    got.groups(SortBy::Key, None, DateRange::default()),
                    want_groups,
                    "{context}"
                );
                assert_eq!(
                    got.totals(DateRange::default()),
                    want.totals(DateRange::default()),
                    "{context}"
                );
                let lines: Vec<u64> = malformed.iter().map(|m| m.origin.line).collect();
                assert_eq!(lines, want_malformed, "{context}");
            }
        }
    }
}
