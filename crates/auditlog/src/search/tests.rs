//! Searches of small logs, whole answers: the order a listing shows, limits, merges, strictness,
//! problems on the way, stopping, and finding particular entries.

use std::fs;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use super::*;
use crate::execution::{FINISH, Finished, START, Started, Status};
use crate::format::render;
use crate::record::{Body, NewEntry, ReasonRules};
use crate::stamp::Stamp;
use crate::time::Zone;

fn utc() -> Zone {
    Zone::parse("UTC").unwrap()
}

fn entry(at: &str, user: &str) -> String {
    format!(
        "2026-11-23T{at},000 INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

/// What a search hands out, as (what, account or line) pairs, and how it ended.
fn run(search: &Search<'_>) -> (Vec<(char, String)>, u64) {
    let mut got = Vec::new();
    let flow = search
        .run(&mut |event| {
            got.push(match event {
                Event::Found(f) => ('F', f.entry.user),
                Event::Malformed(m) => ('M', m.origin.line.to_string()),
                Event::Failed(e) => ('X', e.path.file_name().unwrap().to_string_lossy().into()),
                Event::Followed(change) => ('C', change.to_string()),
            });
            ControlFlow::<()>::Continue(())
        })
        .unwrap();
    (got, flow.continue_value().unwrap())
}

fn found(users: &[&str]) -> Vec<(char, String)> {
    users.iter().map(|u| ('F', u.to_string())).collect()
}

#[test]
fn a_listing_is_newest_first_and_keeps_the_n_newest_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    let text: String = (0..6)
        .map(|i| entry(&format!("10:00:0{i}"), &format!("u{i}")))
        .collect();
    let streams = vec![vec![write(dir.path(), "a.log", &text)]];
    let query = Query::all(utc());
    let search = Search::new(&streams, &query);
    assert_eq!(
        run(&search),
        (found(&["u5", "u4", "u3", "u2", "u1", "u0"]), 6)
    );
    let oldest = Search {
        oldest_first: true,
        ..search.clone()
    };
    assert_eq!(run(&oldest).0, found(&["u0", "u1", "u2", "u3", "u4", "u5"]));
    let newest = Search {
        read: Plan {
            limit: Some(2),
            ..Plan::default()
        },
        ..search.clone()
    };
    assert_eq!(run(&newest), (found(&["u5", "u4"]), 2));
    let turned = Search {
        read: Plan {
            limit: Some(2),
            ..Plan::default()
        },
        oldest_first: true,
        ..search.clone()
    };
    assert_eq!(run(&turned), (found(&["u4", "u5"]), 2));
    assert_eq!(
        search
            .count(&mut |_| ControlFlow::<()>::Continue(()))
            .unwrap(),
        ControlFlow::Continue(6)
    );
}

#[test]
fn several_logs_merge_in_time_order_and_a_stop_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let a: String = [1, 3, 5]
        .iter()
        .map(|i| entry(&format!("10:00:0{i}"), &format!("a{i}")))
        .collect();
    let b: String = [2, 3, 4]
        .iter()
        .map(|i| entry(&format!("10:00:0{i}"), &format!("b{i}")))
        .collect();
    let streams = vec![
        vec![write(dir.path(), "a.log", &a)],
        vec![write(dir.path(), "b.log", &b)],
    ];
    let query = Query::all(utc());
    let search = Search {
        oldest_first: true,
        ..Search::new(&streams, &query)
    };
    // Entries at the same time keep the order of the logs.
    assert_eq!(run(&search).0, found(&["a1", "b2", "a3", "b3", "b4", "a5"]));
    let newest = Search::new(&streams, &query);
    assert_eq!(run(&newest).0, found(&["a5", "b4", "b3", "a3", "b2", "a1"]));
    // Whoever takes the entries can stop the search, and says why.
    let mut seen = 0;
    let stopped = newest
        .run(&mut |_| {
            seen += 1;
            if seen == 2 {
                ControlFlow::Break("enough")
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
    assert_eq!((stopped, seen), (ControlFlow::Break("enough"), 2));
}

#[test]
fn problems_come_in_the_stream_and_the_search_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let live = write(
        dir.path(),
        "audit.log",
        &format!(
            "{}garbage\n{}",
            entry("10:00:05", "new"),
            entry("10:00:06", "newer")
        ),
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(entry("10:00:01", "old").repeat(50).as_bytes())
        .unwrap();
    let gz = gz.finish().unwrap();
    let broken = dir.path().join("audit.log.1.gz");
    fs::write(&broken, &gz[..gz.len() / 2]).unwrap();
    let streams = vec![vec![broken, live]];
    let query = Query::all(utc());
    let search = Search {
        oldest_first: true,
        ..Search::new(&streams, &query)
    };
    let (got, count) = run(&search);
    let olds = got
        .iter()
        .filter(|g| *g == &('F', "old".to_owned()))
        .count();
    assert!(olds < 50, "the member breaks off");
    assert_eq!(count, olds as u64 + 2);
    // The lines of a part of a log that are not entries come before its entries.
    assert_eq!(
        got[olds..],
        [
            ('X', "audit.log.1.gz".to_owned()),
            ('M', "2".to_owned()),
            ('F', "new".to_owned()),
            ('F', "newer".to_owned())
        ]
    );
    let strict = Search {
        strict: true,
        ..search.clone()
    };
    assert!(matches!(
        strict.run(&mut |_| ControlFlow::<()>::Continue(())),
        Err(SearchError::Read(_))
    ));
}

#[test]
fn a_strict_search_stops_at_the_first_line_that_is_not_an_entry() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}garbage\n{}",
        entry("10:00:01", "a"),
        entry("10:00:02", "b")
    );
    let streams = vec![vec![write(dir.path(), "a.log", &text)]];
    let query = Query::all(utc());
    let search = Search {
        strict: true,
        ..Search::new(&streams, &query)
    };
    let mut shown = 0;
    let error = search
        .run(&mut |_| {
            shown += 1;
            ControlFlow::<()>::Continue(())
        })
        .unwrap_err();
    assert_eq!(shown, 0, "nothing is shown before the whole log is read");
    assert_eq!(
        error.to_string(),
        format!(
            "{}:2: not an entry: the line does not start with a timestamp: \"garbage\"",
            crate::safe::safe_path(&dir.path().join("a.log"))
        )
    );
}

#[test]
fn an_entry_is_found_by_reference_or_id_and_one_too_long_is_said_to_be() {
    let dir = tempfile::tempdir().unwrap();
    let huge = format!(
        "2026-11-23T10:00:09,000 INFO  REQUEST: ./x - USER: u - PARAMS: {{\"a\":\"{}\"}} - COMMENT: - - TIMESPENT: - - TICKET: -\n",
        "x".repeat(2 << 20)
    );
    let text = format!(
        "{}{}2026-11-23T10:00:01,000 INFO  REQUEST: ./login - ID: 85941 - USER: c - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n{huge}",
        entry("10:00:01", "a"),
        entry("10:00:01", "b"),
    );
    let files = vec![vec![write(dir.path(), "a.log", &text)]];
    let mut failed = |e: ReadError| panic!("{e}");
    let find = |target: &str, failed: &mut dyn FnMut(ReadError)| {
        find_entry(&files, &Wanted::parse(target).unwrap(), utc(), None, failed)
    };
    let Lookup::Found(second, _) = find("20261123T100001.000~2", &mut failed) else {
        panic!("not found");
    };
    assert_eq!(
        (
            second.entry.user.as_str(),
            second.entry.origin.unwrap().line
        ),
        ("b", 2)
    );
    let Lookup::Found(by_id, _) = find("85941", &mut failed) else {
        panic!("not found");
    };
    assert_eq!(by_id.reference.to_string(), "20261123T100001.000~3");
    assert!(matches!(
        find("20261123T100001.000~4", &mut failed),
        Lookup::Missing
    ));
    let Lookup::Unreadable(m) = find("20261123T100009.000", &mut failed) else {
        panic!("the entry too long to read");
    };
    assert_eq!(m.origin.line, 4);
}

/// An execution's start and finish entries, as `run` writes them.
fn execution(id: &str, job: &str, start: &str, end: &str) -> String {
    let started = Started {
        id: id.into(),
        job: job.into(),
        space: None,
        trigger: "scheduled".into(),
        host: "elsewhere".into(),
        pid: 1,
        command: vec!["true".into()],
        retry_of: None,
    };
    let finished = Finished {
        status: Status::Successful,
        exit_code: Some(0),
        signal: None,
        reason: None,
        started: start.into(),
        ended: end.into(),
        duration_ms: 1000,
        metrics: Vec::new(),
        output: None,
    };
    let line = |request: &str, body: Body, at: &str| {
        let new = NewEntry {
            request: request.into(),
            user: "Scheduled execution".into(),
            params: Some(body),
            ..NewEntry::default()
        };
        render(
            &new.into_entry(Stamp::parse(at).unwrap(), &ReasonRules::default())
                .unwrap(),
        ) + "\n"
    };
    line(START, Body::of_map(&started.body()).unwrap(), start)
        + &line(FINISH, finished.body(&started).unwrap(), end)
}

#[test]
fn executions_pair_up_and_an_id_start_names_one_or_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let text = execution(
        "20261123-100000-aaaaaa",
        "a",
        "2026-11-23T10:00:00,000",
        "2026-11-23T10:00:01,000",
    ) + &entry("10:00:02", "x")
        + &execution(
            "20261123-100003-bbbbbb",
            "b",
            "2026-11-23T10:00:03,000",
            "2026-11-23T10:00:04,000",
        );
    let streams = vec![vec![write(dir.path(), "a.log", &text)]];
    let mut problems = |e: Event| panic!("{e:?}");
    let all = executions(&streams, None, &Query::all(utc()), None, &mut problems).unwrap();
    let jobs: Vec<(&str, bool)> = all
        .iter()
        .map(|e| (e.started.job.as_str(), e.finished.is_some()))
        .collect();
    assert_eq!(jobs, [("a", true), ("b", true)]);
    let one = find_execution(&streams, "20261123-100003", utc(), None, &mut problems).unwrap();
    assert_eq!(one.unwrap().started.job, "b");
    let both = find_execution(&streams, "20261123-1000", utc(), None, &mut problems).unwrap_err();
    assert_eq!(
        both.to_string(),
        "20261123-1000 names 2 executions: 20261123-100000-aaaaaa, 20261123-100003-bbbbbb; give more of the ID"
    );
}
