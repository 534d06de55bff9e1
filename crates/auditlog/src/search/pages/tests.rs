//! Paging through every fixture, one way and the other, in pages of any size, holds every entry
//! once and in the order a listing shows them: also where stamps go backwards, in the hour
//! repeated when daylight saving ends, and across several logs.

use std::ops::ControlFlow;
use std::path::PathBuf;

use super::{Boundary, Landmark, Paged, Pages};
use crate::query::Query;
use crate::reference::Ref;
use crate::scan::{Found, Keep};
use crate::search::{Event, Search};
use crate::time::Zone;

/// An entry told apart from every other: its file, where it begins, and its reference.
type Seen = (PathBuf, u64, Ref);

fn seen(found: &Found) -> Seen {
    let origin = found.entry.origin.as_ref().unwrap();
    (origin.file.to_path_buf(), origin.offset, found.reference)
}

fn fixture(name: &str) -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    vec![root.join(name)]
}

/// What `list` shows: every entry, newest first.
fn listed(streams: &[Vec<PathBuf>], query: &Query) -> Vec<Seen> {
    let mut all = Vec::new();
    let _ = Search::new(streams, query)
        .run(&mut |event| {
            if let Event::Found(found) = event {
                all.push(seen(&found));
            }
            ControlFlow::<()>::Continue(())
        })
        .unwrap();
    all
}

fn pages(streams: &[Vec<PathBuf>]) -> Pages<'_> {
    Pages {
        streams,
        cache: None,
        keep: Keep::default(),
    }
}

/// The pages from the newest to the oldest, each read older than the one before.
fn downward(pages: &Pages, query: &Query, n: usize) -> Vec<Seen> {
    let mut page = pages.newest(query, n).unwrap();
    let mut all: Vec<Seen> = Vec::new();
    for turn in 0.. {
        assert!(page.entries.len() <= n);
        all.extend(page.entries.iter().map(seen));
        if page.at_oldest {
            break;
        }
        assert!(turn < 10_000, "paging does not end");
        page = pages.older(query, &page.older, n).unwrap();
    }
    all
}

/// The pages from the oldest to the newest, each read newer than the one before.
fn upward(pages: &Pages, query: &Query, n: usize) -> Vec<Seen> {
    let mut page: Paged = pages.oldest(query, n).unwrap();
    let mut all: Vec<Seen> = Vec::new();
    for turn in 0.. {
        assert!(page.entries.len() <= n);
        let mut above: Vec<Seen> = page.entries.iter().map(seen).collect();
        above.append(&mut all);
        all = above;
        if page.at_newest {
            break;
        }
        assert!(turn < 10_000, "paging does not end");
        page = pages.newer(query, &page.newer, n).unwrap();
    }
    all
}

const FIXTURES: [&str; 9] = [
    "backwards.log",
    "dst.log",
    "forms.log",
    "js1.log",
    "jobs.log",
    "joc.log",
    "malformed.log",
    "torn.log",
    "week.log",
];

#[test]
fn paging_either_way_shows_every_entry_once_in_the_listing_s_order() {
    for zone in ["UTC", "Europe/Berlin"] {
        let query = Query::all(Zone::parse(zone).unwrap());
        for name in FIXTURES {
            let streams = vec![fixture(name)];
            let want = listed(&streams, &query);
            assert!(!want.is_empty(), "{name}");
            let pages = pages(&streams);
            for n in [1, 2, 3, 7, 50] {
                let context = format!("{name} in {zone}, pages of {n}");
                assert_eq!(downward(&pages, &query, n), want, "older: {context}");
                assert_eq!(upward(&pages, &query, n), want, "newer: {context}");
            }
        }
    }
}

#[test]
fn a_page_at_an_entry_starts_with_it_and_one_before_an_instant_ends_there() {
    let query = Query::all(Zone::parse("Europe/Berlin").unwrap());
    for name in ["backwards.log", "dst.log", "forms.log"] {
        let streams = vec![fixture(name)];
        let want = listed(&streams, &query);
        let pages = pages(&streams);
        for (i, entry) in want.iter().enumerate() {
            let at = Landmark {
                reference: entry.2,
                offset: Some(entry.1),
                age: Some(0),
            };
            let page = pages.at(&query, at, 3).unwrap();
            let got: Vec<Seen> = page.entries.iter().map(seen).collect();
            let end = (i + 3).min(want.len());
            assert_eq!(got, want[i..end], "{name}: the page at {}", entry.2);
            // What follows it, older, is the rest.
            let rest = pages.older(&query, &page.older, want.len()).unwrap();
            let rest: Vec<Seen> = rest.entries.iter().map(seen).collect();
            assert_eq!(
                rest,
                want[end..],
                "{name}: older than the page at {}",
                entry.2
            );
        }
        // Before an instant: from the last entry, in the listing's order, at or before it.
        let all = pages.newest(&query, want.len()).unwrap().entries;
        for at in all.iter().map(|f| f.instant) {
            let first = all.iter().position(|f| f.instant <= at).unwrap();
            let page = pages.before(&query, at, 2).unwrap();
            let got: Vec<Seen> = page.entries.iter().map(seen).collect();
            assert_eq!(
                got,
                want[first..(first + 2).min(want.len())],
                "{name}: before {at}"
            );
        }
    }
}

#[test]
fn paging_merged_logs_shows_every_entry_once() {
    let query = Query::all(Zone::parse("Europe/Berlin").unwrap());
    let streams = vec![
        fixture("backwards.log"),
        fixture("dst.log"),
        fixture("week.log"),
    ];
    let want = listed(&streams, &query);
    let pages = pages(&streams);
    let mut sorted = want.clone();
    sorted.sort_by_key(|(file, offset, _)| (file.clone(), *offset));
    for n in [1, 4, 9] {
        // Older from the newest is the merge a listing makes, page after page.
        assert_eq!(downward(&pages, &query, n), want, "older, pages of {n}");
        // Newer from the oldest merges the other way: the same entries, each once.
        let mut up = upward(&pages, &query, n);
        up.sort_by_key(|(file, offset, _)| (file.clone(), *offset));
        assert_eq!(up, sorted, "newer, pages of {n}");
    }
}

#[test]
fn a_page_beside_an_entry_no_longer_in_the_log_says_so() {
    let query = Query::all(Zone::parse("UTC").unwrap());
    let streams = vec![fixture("week.log")];
    let gone = Ref::parse("20000101T000000.000").unwrap();
    let error = pages(&streams)
        .older(&query, &[Boundary::Before(Landmark::by_reference(gone))], 5)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the entry 20000101T000000.000 that the page ends beside is no longer in the log"
    );
}

#[test]
fn paging_a_quirky_night_with_a_filter_shows_what_the_listing_shows() {
    use crate::query::Matcher;
    use crate::scan::quirky::{berlin, quirky_log};
    let dir = tempfile::tempdir().unwrap();
    for seed in 1..3 {
        let path = dir.path().join(format!("{seed}.log"));
        std::fs::write(&path, quirky_log(seed, 3000)).unwrap();
        let streams = vec![vec![path]];
        let mut query = Query::all(berlin());
        let all = listed(&streams, &query);
        query.user = Matcher::new(&["root".to_owned()]).unwrap();
        let want = listed(&streams, &query);
        assert!(!want.is_empty() && want.len() < all.len());
        let pages = pages(&streams);
        for n in [7, 50] {
            assert_eq!(
                downward(&pages, &query, n),
                want,
                "seed {seed}, older by {n}"
            );
            assert_eq!(upward(&pages, &query, n), want, "seed {seed}, newer by {n}");
        }
    }
}

/// An entry at `hh:mm:ss` for `user`.
fn line(at: &str, user: &str) -> String {
    format!(
        "2026-11-23T{at},000 INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
    )
}

#[test]
fn entries_that_share_a_reference_are_told_apart_by_their_place() {
    let dir = tempfile::tempdir().unwrap();
    // A stamp met again a hundred entries later has the same reference (references number
    // within a window); and a rotated file ends with the stamps its successor begins with.
    let mut far = line("10:00:00", "a");
    for i in 0..100 {
        far.push_str(&line(
            &format!("11:{:02}:{:02}", i / 60, i % 60),
            &format!("m{i}"),
        ));
    }
    far.push_str(&line("10:00:00", "z"));
    far.push_str(&line("12:00:00", "y"));
    std::fs::write(dir.path().join("far.log"), far).unwrap();
    let mut older: String = (0..10)
        .map(|i| line(&format!("10:00:0{i}"), &format!("o{i}")))
        .collect();
    let mut newer = String::new();
    for i in 0..3 {
        older.push_str(&line("10:00:10", &format!("t{i}")));
        newer.push_str(&line("10:00:10", &format!("n{i}")));
    }
    newer.extend((11..20).map(|i| line(&format!("10:00:{i}"), &format!("u{i}"))));
    std::fs::write(dir.path().join("audit.log.1"), older).unwrap();
    std::fs::write(dir.path().join("audit.log"), newer).unwrap();
    // A rotation that copied the log and failed to empty it: the rotated file is a copy of
    // the log's beginning, the same entries at the same places.
    let copied: String = (0..30)
        .map(|i| line(&format!("09:{:02}:{:02}", i / 60, i % 60), &format!("c{i}")))
        .collect();
    std::fs::create_dir(dir.path().join("copy")).unwrap();
    std::fs::write(
        dir.path().join("copy/audit.log.1"),
        &copied[..copied.len() / 2],
    )
    .unwrap();
    std::fs::write(dir.path().join("copy/audit.log"), &copied).unwrap();
    let query = Query::all(Zone::parse("UTC").unwrap());
    for files in [
        vec![dir.path().join("far.log")],
        vec![dir.path().join("audit.log.1"), dir.path().join("audit.log")],
        vec![
            dir.path().join("copy/audit.log.1"),
            dir.path().join("copy/audit.log"),
        ],
    ] {
        let streams = vec![files];
        let want = listed(&streams, &query);
        let pages = pages(&streams);
        for n in [1, 2, 4, 10] {
            let context = format!("{:?}, pages of {n}", streams[0]);
            assert_eq!(downward(&pages, &query, n), want, "older: {context}");
            assert_eq!(upward(&pages, &query, n), want, "newer: {context}");
        }
    }
}
