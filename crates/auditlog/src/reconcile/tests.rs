use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::entry::Origin;
use crate::format;
use crate::reference::Ref;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// A line of the file as the scan hands it out, its stamp read in UTC.
fn line(text: &str, n: u64) -> Found {
    let mut entry = format::parse(text).unwrap();
    entry.origin = Some(Origin {
        file: Arc::from(Path::new("audit.log")),
        line: n,
        offset: 0,
    });
    let instant = Utc.from_utc_datetime(&entry.created.local);
    Found {
        reference: Ref {
            stamp: entry.created,
            nth: 1,
        },
        entry,
        instant,
        raw: Vec::new(),
    }
}

/// The row JOC stores for a line: the same fields, `CREATED` `ms` milliseconds later.
fn row_of(found: &Found, id: u64, ms: i64) -> Stored {
    let e = &found.entry;
    Stored {
        id,
        created: found.instant + Duration::milliseconds(ms),
        controller: e.controller().or(Some("-".to_owned())),
        account: e.user.clone(),
        request: e.request.clone(),
        params: e.params.clone(),
        comment: e.comment.clone(),
        ticket: e.ticket.clone(),
        time_spent: e.time_spent.map(i64::from),
        objects: None,
    }
}

fn bounds() -> Bounds {
    Bounds {
        skew: Duration::seconds(2),
        window: Duration::seconds(60),
        start: None,
        end: at("2030-01-01T00:00:00Z"),
        purged_before: None,
    }
}

/// Reconciles `lines` against `rows` and says each mismatch in one line.
fn reconcile(lines: Vec<Found>, rows: Vec<Stored>, bounds: Bounds) -> (Vec<String>, Reconciled) {
    let mut said = Vec::new();
    let mut say = |m: Mismatch| {
        said.push(match m {
            Mismatch::NoLine(row) => format!("no line: row {}", row.id),
            Mismatch::NoRow(line) => format!("no row: line {}", line.entry.origin.unwrap().line),
            Mismatch::Differs {
                line,
                row,
                pairing,
                differences,
            } => format!(
                "line {} row {} by {pairing:?}: {}",
                line.entry.origin.unwrap().line,
                row.id,
                differences
                    .iter()
                    .map(|d| format!("{} {:?} {:?}", d.field, d.file, d.database))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        });
    };
    let mut r = Reconciler::new(rows.into_iter().map(Ok::<_, Infallible>), bounds);
    for l in lines {
        r.line(l, &mut say).unwrap();
    }
    let seen = r.finish(&mut say).unwrap();
    (said, seen)
}

const A: &str = "2026-03-29T00:59:58,100 INFO  REQUEST: ./orders/add - ID: 7 - USER: root - PARAMS: {\"controllerId\":\"prod\",\"auditLog\":{}} - COMMENT: - - TIMESPENT: - - TICKET: -";
const B: &str = "2026-03-29T01:00:00,000 INFO  REQUEST: ./orders/cancel - ID: 8 - USER: jdoe - PARAMS: {\"controllerId\":\"prod\"} - COMMENT: maintenance - TIMESPENT: 5m - TICKET: https://t/1";
const C: &str = "2026-03-29T01:00:01,000 INFO  REQUEST: ./login - USER: jdoe - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -";

#[test]
fn lines_and_rows_that_agree_pair_by_id_and_by_stamp() {
    let lines = vec![line(A, 1), line(B, 2), line(C, 3)];
    // The row of C has no ID in the file: it pairs by stamp, 40 ms apart. The rows come by
    // ID, not quite in time order.
    let rows = vec![
        row_of(&lines[1], 8, 3),
        row_of(&lines[0], 7, 1),
        row_of(&lines[2], 9, 40),
    ];
    let (said, seen) = reconcile(lines, rows, bounds());
    assert_eq!(said, Vec::<String>::new());
    assert_eq!(
        seen,
        Reconciled {
            lines: 3,
            rows: 3,
            agree: 3,
            by_id: 2,
            start: Some(at("2026-03-29T00:59:58.100Z")),
            ..Reconciled::default()
        }
    );
    assert!(seen.agree());
}

#[test]
fn each_kind_of_mismatch_is_said_once() {
    let lines = vec![line(A, 1), line(B, 2), line(C, 3)];
    let mut changed = row_of(&lines[1], 8, 0);
    changed.comment = Some("edited".to_owned());
    changed.time_spent = None;
    changed.controller = Some("test".to_owned());
    let stray = Stored {
        id: 100,
        ..row_of(&lines[2], 100, 500)
    };
    // A's row is gone; C's row is too far off in time to pair by stamp.
    let mut late = row_of(&lines[2], 9, 0);
    late.created = lines[2].instant + Duration::seconds(3);
    late.request = "./logout".to_owned();
    let (said, seen) = reconcile(lines, vec![changed, late, stray], bounds());
    assert_eq!(
        said,
        vec![
            // Line 1's ID is passed once the rows of 8 and more are read: it has no row.
            "no row: line 1",
            "line 2 row 8 by Id: reason Some(\"maintenance\") Some(\"edited\"); time spent Some(\"5\") None; controller Some(\"prod\") Some(\"test\")",
            "no line: row 9",
        ]
    );
    assert_eq!(seen.differ, 1);
    assert_eq!((seen.no_row, seen.no_line, seen.agree), (1, 1, 1));
    assert!(!seen.agree());
}

#[test]
fn a_line_older_than_the_purge_age_with_no_row_is_counted_apart() {
    let lines = vec![line(A, 1), line(B, 2)];
    let rows = vec![row_of(&lines[1], 8, 0)];
    let purged_before = Some(at("2026-03-29T01:00:00Z"));
    let (said, seen) = reconcile(
        lines,
        rows,
        Bounds {
            purged_before,
            ..bounds()
        },
    );
    assert_eq!(said, Vec::<String>::new());
    assert_eq!((seen.purged, seen.no_row, seen.agree), (1, 0, 1));
    assert!(seen.agree());
}

#[test]
fn rows_outside_the_window_both_hold_are_counted_not_compared() {
    let lines = vec![line(B, 2)];
    let mut old = row_of(&lines[0], 3, 0);
    old.created = at("2026-03-01T00:00:00Z");
    // Written while the reconciliation ran: after the window. Dated years ahead: a row with
    // no line.
    let mut new = row_of(&lines[0], 9, 0);
    new.created = at("2030-01-01T00:30:00Z");
    let mut future = row_of(&lines[0], 10, 0);
    future.created = at("2031-01-01T00:00:00Z");
    let rows = vec![old, row_of(&lines[0], 8, 0), new, future];
    let (said, seen) = reconcile(lines, rows, bounds());
    assert_eq!(said, ["no line: row 10"]);
    assert_eq!((seen.before, seen.after, seen.agree), (1, 1, 1));
}

#[test]
fn a_body_the_database_cut_agrees_and_an_edited_one_differs() {
    let body = format!(
        "{{\"controllerId\":\"prod\",\"note\":\"{}\"}}",
        "é".repeat(5000)
    );
    let text = A.replace("{\"controllerId\":\"prod\",\"auditLog\":{}}", &body);
    let lines = vec![line(&text, 1), line(&text.replace("ID: 7", "ID: 8"), 2)];
    let cut: String = body.chars().take(4093).collect::<String>() + "...";
    let mut agrees = row_of(&lines[0], 7, 0);
    agrees.params = Some(cut.clone());
    let mut edited = row_of(&lines[1], 8, 0);
    edited.params = Some(cut.replacen("é", "e", 1));
    let (said, _) = reconcile(lines, vec![agrees, edited], bounds());
    assert_eq!(said.len(), 1);
    assert!(said[0].starts_with("line 2 row 8 by Id: body "), "{said:?}");
}

#[test]
fn memory_holds_only_the_window() {
    // A day of lines a second apart, each with its row: nothing waits longer than the window.
    let start = at("2026-11-23T00:00:00Z");
    let mut r = Reconciler::new(
        (0..86_400u64).map(|i| {
            Ok::<_, Infallible>(Stored {
                id: i,
                created: start + Duration::seconds(i as i64),
                controller: None,
                account: "root".to_owned(),
                request: "./login".to_owned(),
                params: None,
                comment: None,
                ticket: None,
                time_spent: None,
                objects: None,
            })
        }),
        bounds(),
    );
    let mut said = 0;
    let mut most = 0;
    for i in 0..86_400u64 {
        let t = start + Duration::seconds(i as i64);
        let text = format!(
            "{} INFO  REQUEST: ./login - ID: {i} - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -",
            t.format("%Y-%m-%dT%H:%M:%S,%3f")
        );
        r.line(line(&text, i + 1), &mut |_| said += 1).unwrap();
        most = most.max(r.waiting());
    }
    let seen = r.finish(&mut |_| said += 1).unwrap();
    assert_eq!((said, seen.agree), (0, 86_400));
    // The window's minute, and the last sixteen rows that make the rows' front.
    assert!(most <= 80, "{most} waited at once");
}

/// Lines of `root` doing `./orders/add`, at the given seconds past 10:00, with the given IDs.
fn timed_lines(of: &[(u32, Option<u64>)]) -> Vec<Found> {
    of.iter()
        .enumerate()
        .map(|(n, (secs, id))| {
            let id = id.map_or(String::new(), |id| format!(" - ID: {id}"));
            line(
                &format!(
                    "2026-11-23T10:{:02}:{:02},000 INFO  REQUEST: ./orders/add{id} - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -",
                    secs / 60,
                    secs % 60
                ),
                n as u64 + 1,
            )
        })
        .collect()
}

#[test]
fn ids_out_of_the_order_of_time_still_pair() {
    // ID 12 is stamped two minutes before ID 11: rows by ID come out of time order by more
    // than the window.
    let lines = timed_lines(&[
        (0, Some(10)),
        (60, Some(12)),
        (180, Some(11)),
        (181, Some(13)),
    ]);
    let mut rows: Vec<Stored> = lines
        .iter()
        .map(|l| row_of(l, l.entry.id.unwrap(), 2))
        .collect();
    rows.sort_by_key(|r| r.id);
    let (said, seen) = reconcile(lines, rows, bounds());
    assert_eq!(said, Vec::<String>::new());
    assert_eq!((seen.agree, seen.by_id), (4, 4));
}

#[test]
fn one_row_far_out_of_order_costs_only_its_own_pair() {
    // The row of line 5 carries ID 0, so it comes first, stamped minutes after the rest.
    let lines = timed_lines(&[
        (0, Some(1)),
        (70, Some(2)),
        (140, Some(3)),
        (210, Some(4)),
        (280, Some(5)),
    ]);
    let mut rows: Vec<Stored> = lines
        .iter()
        .map(|l| row_of(l, l.entry.id.unwrap(), 2))
        .collect();
    rows[4].id = 0;
    rows.sort_by_key(|r| r.id);
    let (said, seen) = reconcile(lines, rows, bounds());
    assert_eq!(said, ["no row: line 5", "no line: row 0"], "{seen:?}");
    assert_eq!(seen.agree, 4);
}

#[test]
fn a_filter_neither_hides_a_change_nor_invents_a_missing_partner() {
    let lines = vec![line(A, 1), line(B, 2), line(C, 3)];
    // B's row now names another account; A's row is gone.
    let mut b = row_of(&lines[1], 8, 0);
    b.account = "mallory".to_owned();
    let rows = vec![b, row_of(&lines[2], 9, 0)];
    let run = |user: &'static str| {
        let mut said = Vec::new();
        let mut r = Reconciler::new(rows.clone().into_iter().map(Ok::<_, Infallible>), bounds())
            .with_filter(move |l| l.entry.user == user, move |r| r.account == user);
        for l in lines.clone() {
            r.line(l, &mut |m| {
                said.push(format!("{m:?}").chars().take(12).collect::<String>())
            })
            .unwrap();
        }
        let seen = r
            .finish(&mut |m| said.push(format!("{m:?}").chars().take(12).collect()))
            .unwrap();
        (said, seen)
    };
    // jdoe's line B differs from its row, whichever side names jdoe; C agrees; A is root's.
    let (said, seen) = run("jdoe");
    assert_eq!(said, ["Differs { li"]);
    assert_eq!(
        (seen.lines, seen.rows, seen.agree, seen.differ),
        (2, 1, 1, 1)
    );
    // mallory has no line, but the row that names mallory pairs, and differs.
    let (said, seen) = run("mallory");
    assert_eq!(said, ["Differs { li"]);
    assert_eq!(
        (seen.lines, seen.rows, seen.no_line, seen.no_row),
        (0, 1, 0, 0)
    );
    // root's line has no row.
    let (said, seen) = run("root");
    assert_eq!(said, ["NoRow(Found "]);
    assert_eq!((seen.lines, seen.no_row), (1, 1));
}

#[test]
fn of_two_rows_within_the_skew_a_line_takes_the_one_that_agrees() {
    let first = C.replace("COMMENT: -", "COMMENT: first");
    let second = C.replace("COMMENT: -", "COMMENT: second");
    let lines = vec![line(&first, 1), line(&second, 2)];
    // The rows come in the other order, a millisecond apart.
    let rows = vec![row_of(&lines[1], 20, 1), row_of(&lines[0], 21, 2)];
    let (said, seen) = reconcile(lines, rows, bounds());
    assert_eq!(said, Vec::<String>::new());
    assert_eq!(seen.agree, 2);
}

/// A minute of lines a second apart, each with its row, every third without an ID.
fn minute() -> (Vec<Found>, Vec<Stored>) {
    let lines = timed_lines(
        &(0..60u32)
            .map(|s| (s * 5, (s % 3 != 0).then_some(u64::from(s) + 1)))
            .collect::<Vec<_>>(),
    );
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, l)| row_of(l, i as u64 + 1, 3))
        .collect();
    (lines, rows)
}

#[test]
fn one_line_stamped_far_ahead_costs_only_its_own_time() {
    let (mut lines, rows) = minute();
    // Line 20 (ID 20) stamped half an hour late.
    let late = lines[19].entry.created;
    lines[19] = line(
        &format::render(&lines[19].entry).replace(&late.to_string(), "2026-11-23T10:31:35,000"),
        20,
    );
    let (said, seen) = reconcile(lines, rows, bounds());
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("line 20 row 20 by Id: time "),
        "{said:?}"
    );
    assert_eq!(seen.agree, 59);
}

#[test]
fn one_row_created_far_off_costs_only_its_own_time() {
    let (lines, mut rows) = minute();
    // Row 2 (its line has an ID) created minutes late; row 4's line has none.
    rows[1].created += Duration::minutes(7);
    let (said, seen) = reconcile(lines, rows, bounds());
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].starts_with("line 2 row 2 by Id: time "), "{said:?}");
    assert_eq!(seen.agree, 59);
}
