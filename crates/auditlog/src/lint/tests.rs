//! Linting on every core against linting front to back: the same findings in the same order,
//! whatever the chunks and threads.

use std::ops::ControlFlow;

use super::*;
use crate::scan::quirky::{Rng, berlin, quirky_log};
use crate::scan::{CHUNK, LogFile, Plan, Scan};

/// A quirky log with entries cut short (JS7's form without the tail) here and there, and a
/// last line without a line end.
fn log_to_lint(seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed + 77);
    let mut out = Vec::new();
    for line in quirky_log(seed, 3000).split_inclusive(|&b| b == b'\n') {
        if line.len() > 24 && line[10] == b'T' && rng.below(60) == 0 {
            out.extend_from_slice(&line[..24]);
            out.extend_from_slice(b"INFO  REQUEST: ./x - USER: a - PARAMS: {} - COMMENT: -\n");
        }
        out.extend_from_slice(line);
    }
    out.extend_from_slice(
        b"2026-10-26T09:00:00,000 INFO  REQUEST: ./x - USER: a - PARAMS: {} - COMMENT: - - TIMESPENT: - - TICKET: -",
    );
    out
}

/// Each chunk starts at an entry (of 100 bytes, nearly every entry starts one), so every way a
/// chunk linted on its own can differ from a front-to-back read is met: a step back, the
/// repeated hour and an entry cut short right at its start.
#[test]
fn linting_on_every_core_finds_what_a_plain_read_finds() {
    let dir = tempfile::tempdir().unwrap();
    let said = |found: ControlFlow<(), Linted>, findings: Vec<String>| match found {
        ControlFlow::Continue(linted) => (format!("{linted:?}"), findings),
        ControlFlow::Break(()) => unreachable!("nothing stops"),
    };
    for seed in 1..=3 {
        let path = dir.path().join(format!("lint-{seed}.log"));
        std::fs::write(&path, log_to_lint(seed)).unwrap();
        for zone in [berlin(), Zone::parse("UTC").unwrap()] {
            for tolerance in [0, 5_000] {
                let mut want = Vec::new();
                let found = lint(Scan::new(vec![path.clone()]), zone, tolerance, &mut |f| {
                    want.push(format!("{f:?}"));
                    ControlFlow::Continue(())
                });
                let want = said(found, want);
                for kind in ["Malformed", "Backwards", "NoTail", "Unended"] {
                    assert!(
                        want.1.iter().any(|f| f.starts_with(kind)),
                        "seed {seed}: the log has a finding of each kind: {kind}"
                    );
                }
                for threads in [1, 3] {
                    for chunk in [100, 2_000, 50_000, CHUNK] {
                        let plan = Plan {
                            threads,
                            chunk,
                            ..Plan::default()
                        };
                        let log = LogFile::open(&path).unwrap();
                        let mut got = Vec::new();
                        let found = lint_file(&log, &plan, zone, tolerance, &mut |f| {
                            got.push(format!("{f:?}"));
                            ControlFlow::Continue(())
                        });
                        let got = said(found, got);
                        let context = format!(
                            "seed {seed}, {zone:?}, tolerance {tolerance}, {threads} threads, chunks of {chunk}"
                        );
                        assert_eq!(got.0, want.0, "{context}");
                        for (i, (g, w)) in got.1.iter().zip(&want.1).enumerate() {
                            assert_eq!(g, w, "finding {i}: {context}");
                        }
                        assert_eq!(got.1.len(), want.1.len(), "{context}");
                    }
                }
            }
        }
    }
}

/// A reader that stops: what was found before is handed out, and the summary says why.
#[test]
fn linting_stops_when_told_and_hands_out_what_came_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lint.log");
    std::fs::write(&path, log_to_lint(1)).unwrap();
    let mut want = Vec::new();
    let _ = lint(Scan::new(vec![path.clone()]), berlin(), 0, &mut |f| {
        want.push(format!("{f:?}"));
        ControlFlow::<()>::Continue(())
    });
    let plan = Plan {
        threads: 3,
        chunk: 2_000,
        ..Plan::default()
    };
    let mut got = Vec::new();
    let stopped = lint_file(
        &LogFile::open(&path).unwrap(),
        &plan,
        berlin(),
        0,
        &mut |f| {
            got.push(format!("{f:?}"));
            if got.len() == 25 {
                ControlFlow::Break("enough")
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    assert!(matches!(stopped, ControlFlow::Break("enough")));
    assert_eq!(got, want[..25]);
}
