use super::*;
use crate::format::parse;
use crate::record::{NewEntry, ReasonRules};

fn started() -> Started {
    Started {
        id: "20261123-020000-7f3a9c".into(),
        job: "archive".into(),
        space: Some("finance".into()),
        trigger: "scheduled".into(),
        host: "joc1".into(),
        pid: 4242,
        command: vec!["/usr/local/bin/archive".into(), "--all".into()],
        retry_of: None,
    }
}

fn entry(request: &str, body: Body, at: &str) -> Entry {
    let new = NewEntry {
        request: request.into(),
        user: SCHEDULED.into(),
        params: Some(body),
        ..NewEntry::default()
    };
    let e = new
        .into_entry(Stamp::parse(at).unwrap(), &ReasonRules::default())
        .unwrap();
    parse(&crate::format::render(&e)).unwrap()
}

#[test]
fn ids_sort_by_start_and_tell_when_to_look() {
    let t = NaiveDateTime::parse_from_str("2026-11-23 02:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    assert_eq!(new_id(t, 0x7f3a9c), "20261123-020000-7f3a9c");
    assert_eq!(new_id(t, 0xff00_0001), "20261123-020000-000001");
    for ok in [
        "20261123",
        "20261123-02",
        "20261123-020000-7f3a9c",
        "20261123-020000-",
    ] {
        assert!(is_id_prefix(ok), "{ok}");
    }
    for bad in [
        "2026112",
        "20261123T020000",
        "20261123-020000-7f3a9c0",
        "20261123-02000x",
        "85941",
    ] {
        assert!(!is_id_prefix(bad), "{bad}");
    }
    assert_eq!(id_time("20261123-0200"), Some(t));
    assert_eq!(
        id_time("20261123"),
        NaiveDateTime::parse_from_str("2026-11-23 00:00:00", "%Y-%m-%d %H:%M:%S").ok()
    );
}

#[test]
fn pairs_starts_and_finishes_read_back_from_the_log() {
    let s = started();
    let finished = Finished {
        status: Status::Successful,
        exit_code: Some(0),
        signal: None,
        reason: None,
        started: "2026-11-23T02:00:00.000".into(),
        ended: "2026-11-23T02:00:03.500".into(),
        duration_ms: 3500,
        metrics: vec![
            ("Emails sent".to_owned(), Metric::Number("3".into())),
            ("Ratio".to_owned(), Metric::Number("1e2".into())),
            ("Note".to_owned(), Metric::Text("all \"fine\"".into())),
        ],
        output: Some("/var/log/js7/auditlog-executions/20261123-020000-7f3a9c.log".into()),
    };
    let mut other = started();
    other.id = "20261123-020001-000001".into();
    other.space = None;
    let mut all = Executions::default();
    all.add(&entry(
        START,
        Body::of_map(&s.body()).unwrap(),
        "2026-11-23T02:00:00,000",
    ));
    all.add(&entry(
        START,
        Body::of_map(&other.body()).unwrap(),
        "2026-11-23T02:00:01,000",
    ));
    all.add(&entry(
        "./orders/add",
        Body::of_map(&Map::new()).unwrap(),
        "2026-11-23T02:00:02,000",
    ));
    all.add(&entry(
        FINISH,
        finished.body(&s).unwrap(),
        "2026-11-23T02:00:03,500",
    ));
    let list = all.into_vec();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].started, s);
    assert_eq!(list[0].executed_by, SCHEDULED);
    assert_eq!(list[0].finished.as_ref().map(|f| &f.0), Some(&finished));
    assert_eq!(list[1].started, other);
    assert_eq!(list[1].finished, None);

    // Newest first, the finish comes before its start.
    let mut all = Executions::default();
    all.add(&entry(
        FINISH,
        finished.body(&s).unwrap(),
        "2026-11-23T02:00:03,500",
    ));
    all.add(&entry(
        START,
        Body::of_map(&s.body()).unwrap(),
        "2026-11-23T02:00:00,000",
    ));
    assert_eq!(
        all.into_vec()[0].finished.as_ref().map(|f| &f.0),
        Some(&finished)
    );
}
