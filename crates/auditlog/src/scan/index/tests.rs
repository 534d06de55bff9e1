//! The stamps of a block, summed up two ways.

use super::*;
use crate::scan::quirky::quirky_log;

/// Stamps kept as bytes give what reading every stamp gives: the same lines and extremes,
/// and disorder wherever reading every stamp finds it.
#[test]
fn stamps_kept_as_bytes_sum_up_as_stamps_read_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quirky.log");
    let mut bytes = quirky_log(3, 3000);
    // A stamp an hour and a half back, and one with a thirteenth month.
    bytes.extend_from_slice(b"2026-10-26T00:00:00,000 INFO  REQUEST: ./a - USER: u - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n");
    bytes.extend_from_slice(b"2026-10-25T22:30:00,000 INFO  REQUEST: ./a - USER: u - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n");
    std::fs::write(&path, &bytes).unwrap();
    let log = LogFile::open(&path).unwrap();
    let len = bytes.len() as u64;
    let mut checked = 0;
    for (from, to) in [(0, len), (0, len / 3), (len / 3, len / 2), (len - 300, len)] {
        let mut slow = Sum {
            stamped: true,
            ..Sum::default()
        };
        let lines = log
            .read_lines(from, to, &mut |line| slow.see(line))
            .unwrap();
        let fast = log.sum(from, to).unwrap();
        assert_eq!(
            (fast.lines, fast.stamps),
            (lines, slow.stamps),
            "{from}..{to}"
        );
        assert!(fast.disordered || !slow.disordered, "{from}..{to}");
        checked += u64::from(slow.disordered);
    }
    assert!(checked > 0, "some stretch runs out of order");
    let month = dir.path().join("month.log");
    std::fs::write(
        &month,
        "2026-13-01T00:00:00,000 INFO  x\n2026-11-01T00:00:00,000 INFO  y\n",
    )
    .unwrap();
    let sum = LogFile::open(&month).unwrap().sum(0, 64).unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    assert_eq!((sum.lines, sum.stamps), (2, Some((first, first))));
}
