//! The fast paths (binary search by time, chunks on several threads, backwards, the literal
//! prefilter for counts) against the plain front-to-back reader, on quirky logs: every result
//! must be the same, and every path reports the same lines that are not entries (a count
//! the same as a listing).

use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::*;
use crate::query::{Matcher, regexes};
use crate::scan::Keep;
use crate::scan::item::Found;
use crate::scan::quirky::{berlin, quirky_log};
use crate::scan::{Scan, Scanned, search_path};
use crate::time::TimeOfDay;

/// What a search found, comparable across paths: reference and instant, line (0 when not
/// asked), offset, entry, raw bytes.
pub(crate) type Row = (String, u64, u64, crate::Entry, Vec<u8>);

/// Asserts two results are the same, saying first where they part.
pub(crate) fn same(got: &[Row], want: &[Row], context: &str) {
    let places = |rows: &[Row]| -> Vec<(String, u64, u64)> {
        rows.iter().map(|r| (r.0.clone(), r.1, r.2)).collect()
    };
    assert_eq!(places(got), places(want), "{context}");
    assert!(got == want, "the same places hold other entries: {context}");
}

fn row(f: Found) -> Row {
    let origin = f.entry.origin.clone().unwrap();
    (
        format!("{} {}", f.reference, crate::json::utc(f.instant)),
        origin.line,
        origin.offset,
        f.entry,
        f.raw,
    )
}

/// The plain reader: front to back, every entry judged whole; and the lines of its reports.
pub(crate) fn plain(path: &Path, query: &Query) -> (Vec<Row>, Vec<u64>) {
    let mut scan = Scan::new(vec![path.to_owned()]).read_in(query.zone);
    let (mut rows, mut malformed) = (Vec::new(), Vec::new());
    let mut open_before;
    while let Some(event) = {
        // A matching entry after one left open is said to be in doubt.
        open_before = scan.left_open().is_some();
        scan.next_event().unwrap()
    } {
        match event {
            Scanned::Entry {
                entry,
                reference,
                instant,
                raw,
            } => {
                if query.matches_at(&entry.view(), raw, Some(instant)) {
                    if open_before {
                        malformed.push(entry.origin.as_ref().unwrap().line);
                    }
                    rows.push(row(Found {
                        entry,
                        reference,
                        instant,
                        raw: raw.to_vec(),
                    }));
                }
            }
            Scanned::Malformed(m) => malformed.push(m.origin.line),
        }
    }
    (rows, malformed)
}

pub(crate) fn fast(path: &Path, query: &Query, plan: &Plan) -> (Vec<Row>, Vec<u64>, Outcome) {
    let (mut rows, mut malformed) = (Vec::new(), Vec::new());
    let outcome = search_path(path, query, plan, &mut |hit| {
        match hit {
            Hit::Found(f) => rows.push(row(*f)),
            Hit::Malformed(m) => malformed.push(m.origin.line),
        }
        ControlFlow::<()>::Continue(())
    })
    .unwrap();
    let ControlFlow::Continue(outcome) = outcome else {
        unreachable!("nothing stops it")
    };
    (rows, malformed, outcome)
}

pub(crate) fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn queries() -> Vec<(&'static str, Query)> {
    let m =
        |p: &[&str]| Matcher::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    let all = Query::all(berlin());
    let mut out = vec![("all", all.clone())];
    let mut q = all.clone();
    q.user = m(&["jdoe"]);
    out.push(("user", q));
    let mut q = all.clone();
    q.user = m(&["jdoe", "m?ller"]);
    q.request = m(&["./orders/*"]);
    q.time_of_day = TimeOfDay::parse("22:00-03:00").ok();
    out.push(("user request night", q));
    let mut q = all.clone();
    q.request = m(&["./inventory*"]);
    q.has_reason = true;
    out.push(("request reason", q));
    // Windows whose edges fall in the repeated hour and between shared stamps.
    for (name, since, until) in [
        (
            "repeated hour",
            "2026-10-25T00:30:00Z",
            "2026-10-25T01:30:00Z",
        ),
        ("evening", "2026-10-24T19:13:20Z", "2026-10-24T21:47:03Z"),
        ("morning", "2026-10-25T06:00:00Z", "2026-10-25T23:00:00Z"),
        ("before all", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z"),
    ] {
        let mut q = all.clone();
        q.since = Some(at(since));
        q.until = Some(at(until));
        out.push((name, q));
    }
    let mut q = all.clone();
    q.since = Some(at("2026-10-25T01:00:00Z"));
    q.user = m(&["JDOE"]);
    out.push(("since user", q));
    // --grep: with the literals every match starts with as the prefilter, and without one.
    for (name, patterns) in [
        ("grep literal", &["(?i)maintenance", "/wf/[12]"][..]),
        ("grep anchored", &["^2026-10-25T0[0-3]"][..]),
        ("grep lines", &["first line\nsecond"][..]),
        ("grep not utf-8", &["M\u{fffd}"][..]),
        ("grep anything", &["\\w+ - USER"][..]),
    ] {
        let mut q = all.clone();
        q.grep = regexes(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap();
        out.push((name, q));
    }
    out
}

#[test]
fn every_fast_path_finds_what_a_plain_read_finds() {
    let dir = tempfile::tempdir().unwrap();
    for seed in 1..=3 {
        let path = dir.path().join(format!("quirky-{seed}.log"));
        std::fs::File::create(&path)
            .unwrap()
            .write_all(&quirky_log(seed, 3000))
            .unwrap();
        let (all, all_malformed) = plain(&path, &Query::all(berlin()));
        assert!(all_malformed.len() > 100, "the log has its quirks");
        // Many entries of the repeated hour's second pass, read as its later instants: chunks
        // start among them, and must read back to where the hour began.
        let second_pass = all
            .iter()
            .filter(|r| {
                let (first, second) = berlin().instants(r.3.created);
                first != second && r.0.ends_with(&crate::json::utc(second))
            })
            .count();
        assert!(second_pass > 50, "{second_pass} entries in the second pass");
        for (name, query) in queries() {
            let (want, _) = plain(&path, &query);
            for threads in [1, 3] {
                for chunk in [2_000, 50_000, CHUNK] {
                    let plan = Plan {
                        threads,
                        chunk,
                        keep: Keep {
                            raw: true,
                            lines: true,
                            ..Keep::default()
                        },
                        ..Plan::default()
                    };
                    let context =
                        format!("seed {seed}, {name}, {threads} threads, chunks of {chunk}");
                    let (got, malformed, outcome) = fast(&path, &query, &plan);
                    same(&got, &want, &format!("forward: {context}"));
                    assert_eq!(outcome.count, want.len() as u64, "{context}");
                    if name == "all" {
                        assert_eq!(malformed, all_malformed, "malformed lines: {context}");
                    }

                    let backward = Plan {
                        direction: Direction::Backward,
                        ..plan.clone()
                    };
                    let (mut got, backward_malformed, _) = fast(&path, &query, &backward);
                    got.reverse();
                    same(&got, &want, &format!("backward: {context}"));
                    let mut sorted = backward_malformed.clone();
                    sorted.sort();
                    assert_eq!(sorted, malformed, "reported lines backwards: {context}");
                    for limit in [1, 7, 200] {
                        let limited = Plan {
                            limit: Some(limit),
                            ..backward.clone()
                        };
                        let (mut got, _, outcome) = fast(&path, &query, &limited);
                        got.reverse();
                        let newest = &want[want.len().saturating_sub(limit)..];
                        same(&got, newest, &format!("limit {limit}: {context}"));
                        assert_eq!(outcome.count, got.len() as u64, "{context}");
                    }
                    // Without references (raw output): the same entries, each with its stamp,
                    // read as the earliest instant it may stand for.
                    let bare = Plan {
                        keep: Keep {
                            refs: false,
                            ..plan.keep
                        },
                        ..plan.clone()
                    };
                    let stamped = |rows: Vec<Row>| -> Vec<Row> {
                        rows.into_iter()
                            .map(|mut r| {
                                let stamp = r.3.created;
                                r.0 = format!(
                                    "{} {}",
                                    crate::reference::Ref { stamp, nth: 1 },
                                    crate::json::utc(berlin().instants(stamp).0)
                                );
                                r
                            })
                            .collect()
                    };
                    // Near the repeated hour the instants decide what is in, and the
                    // references come with them.
                    let bare_want = match query.near_fold() {
                        true => want.clone(),
                        false => stamped(want.clone()),
                    };
                    let (got, bare_malformed, _) = fast(&path, &query, &bare);
                    same(&got, &bare_want, &format!("no refs: {context}"));
                    assert_eq!(
                        bare_malformed, malformed,
                        "reported lines, no refs: {context}"
                    );
                    let counting = Plan {
                        count_only: true,
                        ..plan.clone()
                    };
                    let (_, counted_malformed, outcome) = fast(&path, &query, &counting);
                    assert_eq!(outcome.count, want.len() as u64, "count: {context}");
                    let mut sorted = counted_malformed.clone();
                    sorted.sort();
                    assert_eq!(sorted, malformed, "reported lines counting: {context}");
                }
            }
        }
    }
}

#[test]
fn the_binary_search_lands_before_every_entry_of_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quirky.log");
    std::fs::write(&path, quirky_log(9, 4000)).unwrap();
    let log = LogFile::open(&path).unwrap();
    let (rows, _) = plain(&path, &Query::all(berlin()));
    // For every tenth entry: searching from its time on starts at or before it.
    for r in rows.iter().step_by(10) {
        let (earliest, _) = berlin().instants(r.3.created);
        let (start, end) = log.range(berlin(), Some(earliest), Some(earliest)).unwrap();
        assert!(
            start <= r.2 && r.2 < end,
            "{} at {} not in {start}..{end}",
            r.0,
            r.2
        );
    }
}

#[test]
fn lines_are_counted_like_a_plain_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quirky.log");
    let bytes = quirky_log(4, 2000);
    std::fs::write(&path, &bytes).unwrap();
    let log = LogFile::open(&path).unwrap();
    for offset in [
        0,
        1,
        77,
        bytes.len() as u64 / 2,
        bytes.len() as u64,
        bytes.len() as u64 + 10,
    ] {
        let want = bytes[..(offset as usize).min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        assert_eq!(log.lines_before(offset).unwrap(), want, "{offset}");
    }
}

#[test]
fn remembered_line_numbers_hold_while_the_log_grows_and_not_after_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let path = dir.path().join("big.log");
    let line = b"2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";
    let mut bytes = line.repeat((70 << 20) / line.len());
    std::fs::write(&path, &bytes).unwrap();
    let count = |bytes: &[u8], offset: u64| {
        bytes[..offset as usize]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
    };
    let open = || {
        LogFile::open(&path)
            .unwrap()
            .with_cache(Some(cache.clone()))
    };
    let offset = 69 << 20;
    assert_eq!(open().lines_before(offset).unwrap(), count(&bytes, offset));
    let index = std::fs::read_dir(cache.join("lines"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let remembered = std::fs::read_to_string(&index).unwrap();
    assert_eq!(
        remembered.lines().count(),
        10,
        "a header, the file as of then, and a point every 8 MiB: {remembered}"
    );
    // Remembered points give the same answers.
    for offset in [0, 1 << 20, (8 << 20) + 5, (32 << 20) - 1, 69 << 20] {
        assert_eq!(
            open().lines_before(offset).unwrap(),
            count(&bytes, offset),
            "{offset}"
        );
    }
    // The log grows: the points still hold.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(&line.repeat(1000))
        .unwrap();
    bytes.extend_from_slice(&line.repeat(1000));
    let end = bytes.len() as u64;
    assert_eq!(open().lines_before(end).unwrap(), count(&bytes, end));
    // The log is replaced by one with other lines before the points: they no longer hold.
    let shorter = b"2026-11-02T10:00:00,000 INFO  REQUEST: ./x - USER: u - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";
    let other = shorter.repeat((70 << 20) / shorter.len());
    std::fs::write(&path, &other).unwrap();
    assert_eq!(open().lines_before(offset).unwrap(), count(&other, offset));
}
