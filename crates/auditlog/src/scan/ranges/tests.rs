//! Searches by time on logs whose stamps run far out of order, against the plain front-to-back
//! reader: a window finds what a front-to-back read finds, wherever the entry was written.

use std::io::Write;
use std::ops::ControlFlow;

use crate::query::Query;
use crate::scan::Keep;
use crate::scan::chunks::tests::{at, fast, plain, same};
use crate::scan::quirky::{berlin, quirky_log};
use crate::scan::{Direction, Hit, LogFile, Plan, search_path};

/// A log with entries written far out of order in its middle: a month ahead, and one with an
/// offset that puts it a year back.
fn out_of_order_log(seed: u64, n: usize) -> Vec<u8> {
    let bytes = quirky_log(seed, n);
    let middle = bytes.len() / 2;
    let cut = middle + bytes[middle..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut out = bytes[..cut].to_vec();
    out.extend_from_slice(b"2026-11-24T18:00:00,000 INFO  REQUEST: ./orders/add - USER: ahead - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n");
    out.extend_from_slice(b"2025-10-24T18:00:00,000+05:00 INFO  REQUEST: ./orders/add - USER: behind - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n");
    out.extend_from_slice(&bytes[cut..]);
    out
}

#[test]
fn entries_written_far_out_of_order_are_found_by_every_search_by_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out-of-order.log");
    std::fs::write(&path, out_of_order_log(5, 3000)).unwrap();
    for (since, until, user) in [
        ("2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z", "ahead"),
        ("2026-11-24T00:00:00Z", "2030-01-01T00:00:00Z", "ahead"),
        ("2025-10-24T00:00:00Z", "2025-10-25T00:00:00Z", "behind"),
        ("2020-01-01T00:00:00Z", "2025-10-25T00:00:00Z", "behind"),
    ] {
        let mut query = Query::all(berlin());
        query.since = Some(at(since));
        query.until = Some(at(until));
        let (want, _) = plain(&path, &query);
        assert_eq!(want.len(), 1, "{since}..{until}");
        assert_eq!(want[0].3.user, user);
        for direction in [Direction::Forward, Direction::Backward] {
            let plan = Plan {
                direction,
                chunk: 20_000,
                keep: Keep {
                    raw: true,
                    lines: true,
                    ..Keep::default()
                },
                ..Plan::default()
            };
            let (got, _, outcome) = fast(&path, &query, &plan);
            same(&got, &want, &format!("{since}..{until} {direction:?}"));
            assert_eq!(outcome.count, 1);
        }
    }
    // Only since, or only until, in a window that also holds entries in order.
    for (since, until) in [
        (Some("2026-10-25T01:00:00Z"), None),
        (None, Some("2026-10-24T19:00:00Z")),
    ] {
        let mut query = Query::all(berlin());
        query.since = since.map(at);
        query.until = until.map(at);
        let (want, _) = plain(&path, &query);
        let plan = Plan {
            keep: Keep {
                raw: true,
                lines: true,
                ..Keep::default()
            },
            ..Plan::default()
        };
        let (got, _, _) = fast(&path, &query, &plan);
        same(&got, &want, &format!("{since:?}..{until:?}"));
        let found = |name: &str| want.iter().any(|r| r.3.user == name);
        assert_eq!(
            (found("ahead"), found("behind")),
            (since.is_some(), until.is_some())
        );
    }
}

#[test]
fn remembered_blocks_find_entries_written_out_of_order_while_the_log_grows() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let path = dir.path().join("big.log");
    let line = b"2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";
    let stray = b"2027-01-01T10:00:00,000 INFO  REQUEST: ./login - USER: stray - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";
    let mut bytes = line.repeat((3 << 20) / line.len());
    bytes.extend_from_slice(stray);
    bytes.extend_from_slice(&line.repeat((20 << 20) / line.len()));
    std::fs::write(&path, &bytes).unwrap();
    let mut query = Query::all(berlin());
    query.since = Some(at("2027-01-01T00:00:00Z"));
    let strays = || {
        let (mut rows, mut malformed) = (Vec::new(), Vec::new());
        let plan = Plan {
            cache: Some(cache.clone()),
            keep: Keep {
                lines: true,
                ..Keep::default()
            },
            ..Plan::default()
        };
        let _ = search_path(&path, &query, &plan, &mut |hit| {
            match hit {
                Hit::Found(f) => rows.push((f.entry.user.clone(), f.entry.origin.unwrap().line)),
                Hit::Malformed(m) => malformed.push(m),
            }
            ControlFlow::<()>::Continue(())
        })
        .unwrap();
        assert!(malformed.is_empty());
        rows
    };
    let at_line = (3 << 20) / line.len() as u64 + 1;
    // Line numbers alone remember the blocks without their stamps: a search by time reads them.
    let log = LogFile::open(&path)
        .unwrap()
        .with_cache(Some(cache.clone()));
    assert_eq!(
        log.lines_before(bytes.len() as u64).unwrap(),
        at_line + (20 << 20) / line.len() as u64
    );
    assert_eq!(strays(), [("stray".to_owned(), at_line)]);
    // The first two blocks are remembered, and answer the next search.
    let index = std::fs::read_dir(cache.join("lines"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(std::fs::read_to_string(&index).unwrap().lines().count(), 4);
    assert_eq!(strays(), [("stray".to_owned(), at_line)]);
    // The log grows past another block with a second stray in it.
    let mut more = line.repeat((6 << 20) / line.len());
    more.extend_from_slice(stray);
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(&more)
        .unwrap();
    let second = at_line + (20 << 20) / line.len() as u64 + (6 << 20) / line.len() as u64 + 1;
    assert_eq!(
        strays(),
        [("stray".to_owned(), at_line), ("stray".to_owned(), second)]
    );
    assert_eq!(std::fs::read_to_string(&index).unwrap().lines().count(), 5);
}

#[test]
fn an_entry_out_of_order_in_the_block_where_a_window_begins_or_ends_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let path = dir.path().join("minutes.log");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let entry = |minute: i64, user: &str| {
        let stamp = start + chrono::Duration::minutes(minute);
        format!(
            "{} INFO  REQUEST: ./login - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n",
            stamp.format("%Y-%m-%dT%H:%M:%S,000")
        )
    };
    // About 30 MiB, a minute apart; the window is an hour in the middle of the third block.
    let n = (30 << 20) / entry(0, "root").len() as i64;
    let window = n * 5 / 8;
    let mut text = String::new();
    for i in 0..n {
        // Early in the same block as the window, an entry stamped inside it; late in the same
        // block, one stamped inside it too, after entries later than it.
        if i == window - 20_000 {
            text.push_str(&entry(window + 30, "early"));
        }
        if i == window + 20_000 {
            text.push_str(&entry(window + 40, "late"));
        }
        text.push_str(&entry(i, "root"));
    }
    std::fs::write(&path, &text).unwrap();
    let mut query = Query::all(berlin());
    let (since, until) = (
        start + chrono::Duration::minutes(window),
        start + chrono::Duration::minutes(window + 60),
    );
    query.since = Some(berlin().instants(crate::stamp::Stamp::local(since)).0);
    query.until = Some(berlin().instants(crate::stamp::Stamp::local(until)).0);
    query.user = crate::query::Matcher::new(&["early".to_owned(), "late".to_owned()]).unwrap();
    let (want, _) = plain(&path, &query);
    assert_eq!(want.len(), 2);
    for cache in [None, Some(cache.clone()), Some(cache.clone())] {
        let plan = Plan {
            keep: Keep {
                raw: true,
                lines: true,
                ..Keep::default()
            },
            cache,
            ..Plan::default()
        };
        let (got, _, _) = fast(&path, &query, &plan);
        same(&got, &want, "strays beside the window");
    }
}

/// A log written again in place at the same size (a backup restored with `cp`, an edit) keeps
/// its inode and the bytes before each block's end: what was remembered of it no longer holds.
#[test]
fn a_log_written_again_in_place_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let path = dir.path().join("big.log");
    let line = b"2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";
    let mut bytes = line.repeat((20 << 20) / line.len());
    std::fs::write(&path, &bytes).unwrap();
    let mut query = Query::all(berlin());
    query.since = Some(at("2027-01-01T00:00:00Z"));
    let count = || {
        let plan = Plan {
            cache: Some(cache.clone()),
            count_only: true,
            ..Plan::default()
        };
        let flow = search_path(&path, &query, &plan, &mut |_| {
            ControlFlow::<()>::Continue(())
        });
        let Ok(ControlFlow::Continue(outcome)) = flow else {
            panic!("{flow:?}")
        };
        outcome.count
    };
    assert_eq!(count(), 0);
    // The same bytes but one stamp, a year on, in the first block; written over the file.
    let at_line = 5000 * line.len();
    bytes[at_line..at_line + 4].copy_from_slice(b"2027");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.write_all(&bytes).unwrap();
    // Even with its time of writing set back, as `touch -d` does.
    file.set_modified(modified).unwrap();
    drop(file);
    assert_eq!(count(), 1);
}
