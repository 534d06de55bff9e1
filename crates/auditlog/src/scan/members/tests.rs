//! A year of daily gzip members, searched with every filter: the members a query opens, with
//! or without summaries, and after a member is replaced or the summaries damaged, give exactly
//! what a front-to-back read of every file gives.

use std::fs;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;

use super::to_read;
use super::{Summarized, summarize};
use crate::entry::{Category, Entry};
use crate::query::{Matcher, Query};
use crate::scan::summary::Summaries;
use crate::scan::{Item, Plan, Reader};
use crate::search::{Event, Search};
use crate::time::Zone;

const ACCOUNTS: [&str; 4] = ["root", "jdoe", "ops.night", "m.müller"];
const REQUESTS: [&str; 4] = [
    "./orders/add",
    "./inventory/store",
    "./login",
    "./inventory/deployment/deploy",
];
const WORKFLOWS: [&str; 3] = ["/finance/eod/close", "/hr/payroll/export", "/dwh/load"];

/// Day `d`'s entries: a few every day, and rarer ones (li.wei, a daily plan, the controller
/// `test`, tickets, reasons, IDs) on some days only, so that summaries have something to rule
/// out. One stamp per day carries an offset.
fn day_lines(first: NaiveDate, d: i64) -> String {
    let day = first + Duration::days(d);
    let mut out = String::new();
    for k in 0..6i64 {
        let at = day.and_hms_opt(1 + 4 * k as u32, 7, 0).unwrap();
        let n = (d * 6 + k) as usize;
        let user = if d % 40 == 7 && k == 2 {
            "li.wei"
        } else {
            ACCOUNTS[n % 4]
        };
        let request = if d % 30 == 11 && k == 3 {
            "./daily_plan/orders/generate"
        } else {
            REQUESTS[n % 4]
        };
        let controller = if d % 50 == 3 { "test" } else { "prod" };
        let workflow = WORKFLOWS[(n / 4) % 3];
        let body = format!(
            r#"{{"controllerId":"{controller}","orders":[{{"workflowPath":"{workflow}"}}]}}"#
        );
        let reason = if d % 25 == 5 && k == 1 {
            "rerun after DB failover"
        } else {
            "-"
        };
        let ticket = if d % 9 == 4 && k == 4 {
            format!("https://tickets.example.com/browse/OPS-{}", 7000 + d)
        } else {
            "-".to_owned()
        };
        let id = if d % 60 == 13 {
            format!(" - ID: {}", 100_000 + n)
        } else {
            String::new()
        };
        let stamp = if k == 5 {
            format!(
                "{}+02:00",
                (at + Duration::hours(2)).format("%Y-%m-%dT%H:%M:%S,000")
            )
        } else {
            at.format("%Y-%m-%dT%H:%M:%S,000").to_string()
        };
        out.push_str(&format!(
            "{stamp} INFO  REQUEST: {request}{id} - USER: {user} - PARAMS: {body} - COMMENT: \
             {reason} - TIMESPENT: - - TICKET: {ticket}\n"
        ));
    }
    out
}

fn gzip(path: &Path, text: &str) {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    fs::write(path, gz.finish().unwrap()).unwrap();
}

/// A year of daily members named as JOC rotates them, oldest first, and the log itself (the
/// last day's entries, plain). Member 100 holds a line that is not an entry; member 280 an
/// entry of June, written months late.
fn a_year(dir: &Path) -> Vec<PathBuf> {
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let mut files = Vec::new();
    for d in 0..365 {
        let day = first + Duration::days(d);
        let path = dir.join(format!("audit-{}-1.log.gz", day.format("%Y-%m-%d")));
        let mut text = day_lines(first, d);
        if d == 100 {
            text.push_str("this line is no entry\n");
        }
        if d == 280 {
            // Written months late, as a restored backup is.
            text.push_str(
                "2025-06-15T12:00:00,000 INFO  REQUEST: ./login - USER: late - PARAMS: - - \
                 COMMENT: - - TIMESPENT: - - TICKET: -\n",
            );
        }
        gzip(&path, &text);
        files.push(path);
    }
    let log = dir.join("audit.log");
    fs::write(&log, day_lines(first, 365)).unwrap();
    files.push(log);
    files
}

fn m(patterns: &[&str]) -> Matcher {
    Matcher::new(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap()
}

/// A query for every filter a summary knows, each alone, and some together.
fn queries() -> Vec<(&'static str, Query)> {
    let all = || Query::all(Zone::Named(chrono_tz::UTC));
    let day = |y, mo, d| Utc.with_ymd_and_hms(y, mo, d, 0, 0, 0).unwrap();
    let mut out = Vec::new();
    let mut q = all();
    q.since = Some(day(2025, 6, 1));
    q.until = Some(day(2025, 6, 30));
    out.push(("June", q.clone()));
    q.user = m(&["li.wei"]);
    out.push(("li.wei in June", q));
    let mut q = all();
    q.until = Some(day(2025, 1, 3));
    out.push(("until January 3", q));
    let mut q = all();
    q.since = Some(day(2025, 12, 31) + Duration::hours(20));
    out.push(("since the last evening", q));
    for (name, user) in [
        ("li.wei", "li.wei"),
        ("*WEI", "*WEI"),
        ("nobody", "nobody-here"),
    ] {
        let mut q = all();
        q.user = m(&[user]);
        out.push((name, q));
    }
    let mut q = all();
    q.request = m(&["./daily_plan/*"]);
    out.push(("request", q));
    let mut q = all();
    q.categories = vec![Category::Dailyplan];
    out.push(("category", q));
    let mut q = all();
    q.controller = m(&["TEST"]);
    out.push(("controller", q));
    let mut q = all();
    q.workflow = m(&["/hr/*"]);
    out.push(("workflow", q));
    let mut q = all();
    q.workflow = m(&["/nowhere/*"]);
    out.push(("no workflow", q));
    let mut q = all();
    q.ticket = m(&["*OPS-7130*"]);
    out.push(("ticket", q));
    let mut q = all();
    q.reason = m(&["*failover*"]);
    out.push(("reason", q));
    let mut q = all();
    q.has_reason = true;
    out.push(("has a reason", q));
    let mut q = all();
    q.ids = vec![100_000 + 13 * 6 + 2, 999];
    out.push(("id", q));
    let mut q = all();
    q.user = m(&["this line is no entry", "li.wei"]);
    out.push(("a malformed member", q));
    out
}

/// What a front-to-back read of every file finds, oldest first: file and entry.
fn full_read(files: &[PathBuf], query: &Query) -> Vec<(PathBuf, Entry)> {
    let mut found = Vec::new();
    for path in files {
        for item in Reader::open(path).unwrap() {
            if let Item::Entry(entry) = item.unwrap()
                && query.matches(&entry.view(), b"")
            {
                found.push(bare(entry));
            }
        }
    }
    found
}

fn bare(mut entry: Entry) -> (PathBuf, Entry) {
    let file = entry.origin.take().unwrap().file.to_path_buf();
    (file, entry)
}

/// What a search of the set finds, oldest first, with summaries kept in `cache`.
fn searched(files: &[PathBuf], query: &Query, cache: &Path) -> Vec<(PathBuf, Entry)> {
    let streams = [files.to_vec()];
    let search = Search {
        oldest_first: true,
        read: Plan {
            cache: Some(cache.to_owned()),
            ..Plan::default()
        },
        ..Search::new(&streams, query)
    };
    let mut found = Vec::new();
    let flow = search.run(&mut |event| {
        match event {
            Event::Found(f) => found.push(bare(f.entry)),
            Event::Malformed(_) | Event::Followed(_) => {}
            Event::Failed(e) => panic!("{e}"),
        }
        ControlFlow::<()>::Continue(())
    });
    assert!(flow.unwrap().is_continue());
    found
}

fn all_agree(files: &[PathBuf], cache: &Path, when: &str) {
    for (name, query) in queries() {
        let expected = full_read(files, &query);
        assert_eq!(searched(files, &query, cache), expected, "{name}, {when}");
    }
}

#[test]
fn every_filter_finds_what_a_full_read_finds_with_or_without_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    fs::create_dir(&logs).unwrap();
    let files = a_year(&logs);
    let cache = dir.path().join("cache");
    let summaries = Summaries::under(&cache);

    // No summary yet: every member is read, and each read whole leaves one.
    all_agree(&files, &cache, "before any summary");
    let kept = fs::read_dir(summaries.dir()).unwrap().count();
    assert_eq!(kept, 365, "every member read whole is summarized");
    all_agree(&files, &cache, "with every summary");

    // Summaries rule out what they can: only the members that hold a match are opened.
    let opened = |query: &Query| to_read(&files, query, Some(&cache)).len() - 1;
    let named: std::collections::HashMap<_, _> = queries().into_iter().collect();
    assert_eq!(opened(&named["li.wei"]), 10);
    assert_eq!(
        opened(&named["nobody"]),
        1,
        "only the member with a malformed line"
    );
    // The member with a line that is not an entry is opened by every field filter.
    assert_eq!(opened(&named["ticket"]), 2);
    assert_eq!(opened(&named["li.wei in June"]), 1);
    assert_eq!(opened(&named["controller"]), 9);
    assert_eq!(opened(&named["id"]), 2);
    assert_eq!(opened(&named["no workflow"]), 1);

    // A member replaced by one of other content is read again, its summary never trusted.
    let replaced = &files[10];
    let text = day_lines(NaiveDate::from_ymd_opt(2025, 1, 11).unwrap(), 0)
        .replace("USER: jdoe", "USER: li.wei")
        .replace("USER: root", "USER: nobody-here");
    gzip(replaced, &text);
    all_agree(&files, &cache, "after a member was replaced");

    // Summaries damaged in every way are ignored, and made again.
    for (k, item) in fs::read_dir(summaries.dir()).unwrap().enumerate() {
        let path = item.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        match k % 3 {
            // One larger than any summary is read.
            _ if k == 0 => fs::write(&path, vec![b'x'; 17 << 20]).unwrap(),
            0 => fs::write(&path, &bytes[..bytes.len() / 2]).unwrap(),
            1 => fs::write(&path, b"garbage").unwrap(),
            _ => {
                let mut flipped = bytes.clone();
                let middle = flipped.len() / 2;
                flipped[middle] ^= 0x55;
                fs::write(&path, flipped).unwrap();
            }
        }
    }
    all_agree(&files, &cache, "with every summary damaged");
    all_agree(&files, &cache, "with the summaries made again");
    for item in fs::read_dir(summaries.dir()).unwrap() {
        let len = item.unwrap().metadata().unwrap().len();
        assert!(
            len < 64 << 10,
            "a damaged summary was made again: {len} bytes"
        );
    }

    // The cache deleted.
    // The replaced member's old summary is there too, never used again, until trimmed.
    assert_eq!(summaries.clear().unwrap(), 366);
    all_agree(&files, &cache, "after the cache was cleared");
}

#[test]
fn summaries_made_ahead_of_time_rule_out_what_time_alone_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let files = a_year(dir.path());
    let cache = dir.path().join("cache");
    let (members, log) = files.split_at(files.len() - 1);
    for member in members {
        assert_eq!(summarize(member, &cache).unwrap(), Summarized::Made);
    }
    assert_eq!(summarize(&members[0], &cache).unwrap(), Summarized::Kept);
    assert_eq!(summarize(&log[0], &cache).unwrap(), Summarized::Plain);
    let mut q = Query::all(Zone::Named(chrono_tz::UTC));
    q.user = m(&["li.wei"]);
    let read = to_read(&files, &q, Some(&cache));
    let names: Vec<_> = read
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "audit-2025-01-08-1.log.gz",
            "audit-2025-02-17-1.log.gz",
            "audit-2025-03-29-1.log.gz",
            "audit-2025-04-11-1.log.gz",
            "audit-2025-05-08-1.log.gz",
            "audit-2025-06-17-1.log.gz",
            "audit-2025-07-27-1.log.gz",
            "audit-2025-09-05-1.log.gz",
            "audit-2025-10-15-1.log.gz",
            "audit-2025-11-24-1.log.gz",
            "audit.log",
        ]
    );
    // Without summaries, nothing is ruled out.
    assert_eq!(to_read(&files, &q, None).len(), 366);
    q.since = Some(Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap());
    assert_eq!(to_read(&files, &q, None).len(), 366);
}

#[test]
fn an_entry_written_months_late_is_found_by_time_with_or_without_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let files = a_year(dir.path());
    let cache = dir.path().join("cache");
    let mut q = Query::all(Zone::Named(chrono_tz::UTC));
    q.since = Some(Utc.with_ymd_and_hms(2025, 6, 15, 11, 0, 0).unwrap());
    q.until = Some(Utc.with_ymd_and_hms(2025, 6, 15, 13, 0, 0).unwrap());
    q.user = m(&["late"]);
    let expected = full_read(&files, &q);
    assert_eq!(expected.len(), 1, "the entry October's member holds");
    // Without summaries every member is read: its name and first entry say nothing of it.
    assert_eq!(to_read(&files, &q, Some(&cache)).len(), 366);
    assert_eq!(searched(&files, &q, &cache), expected);
    // With them, the one member whose stamps reach into the window and hold the account.
    let read = to_read(&files, &q, Some(&cache));
    let names: Vec<_> = read
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(names, ["audit-2025-10-08-1.log.gz", "audit.log"]);
    assert_eq!(searched(&files, &q, &cache), expected);
}
