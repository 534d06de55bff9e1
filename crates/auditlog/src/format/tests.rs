use super::*;
use chrono::NaiveDateTime;

fn stamp(text: &str) -> Stamp {
    Stamp::parse(text).unwrap()
}

fn entry(created: &str, request: &str, user: &str) -> Entry {
    Entry {
        created: stamp(created),
        level: "INFO".into(),
        request: request.into(),
        id: None,
        user: user.into(),
        params: None,
        comment: None,
        time_spent: None,
        ticket: None,
        origin: None,
    }
}

const ORDERS_ADD: &str = r#"2021-08-03T02:54:43,440 INFO  REQUEST: ./orders/add - USER: root - PARAMS: {"controllerId":"testsuite","orders":[{"workflowPath":"/ap/apWarnIfShorterThan","scheduledFor":"now"}],"auditLog":{}} - COMMENT: - - TIMESPENT: - - TICKET: -"#;
const LOGIN: &str = "2021-08-03T03:06:50,940 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: all - TIMESPENT: - - TICKET: -";
const SWITCHOVER: &str = r#"2021-05-18T12:51:52,000 INFO  REQUEST: ./controller/cluster/switchover - ID: 85941 - USER: root - PARAMS: {"controllerId":"testsuite","auditLog":{"comment":"System maintenance","timeSpent":5,"ticketLink":"https://t/1"}} - COMMENT: System maintenance - TIMESPENT: 5m - TICKET: https://t/1"#;

#[test]
fn reads_the_documented_examples() {
    let mut want = entry("2021-08-03T02:54:43,440", "./orders/add", "root");
    want.params = Some(
        r#"{"controllerId":"testsuite","orders":[{"workflowPath":"/ap/apWarnIfShorterThan","scheduledFor":"now"}],"auditLog":{}}"#
            .into(),
    );
    assert_eq!(parse(ORDERS_ADD).unwrap(), want);
    assert_eq!(want.controller().as_deref(), Some("testsuite"));
    assert_eq!(want.workflows(), ["/ap/apWarnIfShorterThan"]);

    let mut want = entry("2021-08-03T03:06:50,940", "./login", "root");
    want.comment = Some("all".into());
    assert_eq!(parse(LOGIN).unwrap(), want);

    let mut want = entry(
        "2021-05-18T12:51:52,000",
        "./controller/cluster/switchover",
        "root",
    );
    want.id = Some(85941);
    want.params = Some(r#"{"controllerId":"testsuite","auditLog":{"comment":"System maintenance","timeSpent":5,"ticketLink":"https://t/1"}}"#.into());
    want.comment = Some("System maintenance".into());
    want.time_spent = Some(5);
    want.ticket = Some("https://t/1".into());
    assert_eq!(parse(SWITCHOVER).unwrap(), want);
}

#[test]
fn writes_the_documented_examples_byte_for_byte() {
    for line in [ORDERS_ADD, LOGIN, SWITCHOVER] {
        assert_eq!(render(&parse(line).unwrap()), line);
    }
}

#[test]
fn reads_every_stamp_and_level_form() {
    let tail = "REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -";
    let cases = [
        (
            "2021-08-03 03:06:50,940 INFO  ",
            "2021-08-03T03:06:50.940",
            None,
            "INFO",
        ),
        (
            "2021-08-03T03:06:50.940 INFO  ",
            "2021-08-03T03:06:50.940",
            None,
            "INFO",
        ),
        (
            "2021-08-03T03:06:50,940Z INFO  ",
            "2021-08-03T03:06:50.940",
            Some(0),
            "INFO",
        ),
        (
            "2021-08-03T03:06:50,940+02:00 INFO ",
            "2021-08-03T03:06:50.940",
            Some(7200),
            "INFO",
        ),
        (
            "2021-08-03T03:06:50,940+0200 WARN  ",
            "2021-08-03T03:06:50.940",
            Some(7200),
            "WARN",
        ),
        (
            "2021-08-03T03:06:50,940 ERROR ",
            "2021-08-03T03:06:50.940",
            None,
            "ERROR",
        ),
        (
            "2021-08-03T03:06:50,940    DEBUG     ",
            "2021-08-03T03:06:50.940",
            None,
            "DEBUG",
        ),
    ];
    for (head, local, offset, level) in cases {
        let got = parse(&format!("{head}{tail}")).unwrap();
        let local = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S%.f").unwrap();
        assert_eq!(
            (got.created, got.level.as_str()),
            (Stamp { local, offset }, level),
            "{head}"
        );
    }
}

#[test]
fn keeps_a_body_that_joc_cut() {
    // JOC cuts bodies over 4096 characters to 4093 and `...`: not JSON, and it may hold
    // ` - COMMENT: ` inside a string that was cut. The first ` - COMMENT: ` ends it.
    let line = r#"2026-11-02T10:00:00,000 INFO  REQUEST: ./orders/add - USER: jdoe - PARAMS: {"controllerId":"prod","orders":[{"workflowPath":"/a","arguments":{"x":"ab... - COMMENT: Business requirement - TIMESPENT: 15 - TICKET: https://t/2"#;
    let got = parse(line).unwrap();
    assert_eq!(
        got.params.as_deref(),
        Some(r#"{"controllerId":"prod","orders":[{"workflowPath":"/a","arguments":{"x":"ab..."#)
    );
    assert_eq!(got.params_json(), None);
    assert_eq!(got.controller(), None);
    assert_eq!(got.comment.as_deref(), Some("Business requirement"));
    assert_eq!(got.time_spent, Some(15));
    assert_eq!(got.ticket.as_deref(), Some("https://t/2"));
}

#[test]
fn a_cut_body_ends_at_its_cut_mark_even_with_markers_inside() {
    let line = r#"2021-08-03T03:10:00,000+02:00 WARN  REQUEST: ./inventory/store - USER: m.müller - PARAMS: {"objectType":"WORKFLOW","configuration":{"jobName":"j - COMMENT: x","label":"very long... - COMMENT: Business requirement - TIMESPENT: 120m - TICKET: https://t/3"#;
    let got = parse(line).unwrap();
    assert_eq!(
        got.params.as_deref(),
        Some(
            r#"{"objectType":"WORKFLOW","configuration":{"jobName":"j - COMMENT: x","label":"very long..."#
        )
    );
    assert_eq!(got.comment.as_deref(), Some("Business requirement"));
}

#[test]
fn a_body_is_read_as_json_so_markers_inside_it_do_not_end_it() {
    let line = r#"2026-11-02T10:00:00,000 INFO  REQUEST: ./orders/add - USER: jdoe - PARAMS: {"note":"x - COMMENT: y } ] - TICKET: z","auditLog":{}} - COMMENT: - - TIMESPENT: - - TICKET: -"#;
    let got = parse(line).unwrap();
    assert_eq!(
        got.params.as_deref(),
        Some(r#"{"note":"x - COMMENT: y } ] - TICKET: z","auditLog":{}}"#)
    );
    assert_eq!(got.comment, None);
}

#[test]
fn reads_reasons_with_look_alike_markers() {
    let line = "2026-11-02T10:00:00,000 INFO  REQUEST: ./orders/cancel - USER: ops.night - PARAMS: - - COMMENT: moved - see TIMESPENT: notes - USER: x - TICKET: y - TIMESPENT: 3m - TICKET: https://t/9";
    let got = parse(line).unwrap();
    assert_eq!(
        got.comment.as_deref(),
        Some("moved - see TIMESPENT: notes - USER: x - TICKET: y")
    );
    assert_eq!(
        (got.time_spent, got.ticket.as_deref()),
        (Some(3), Some("https://t/9"))
    );
    assert_eq!(render(&got), line);
}

#[test]
fn reads_a_reason_that_goes_on_on_the_next_line() {
    let text = "2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: first line\nsecond line of the reason - TIMESPENT: - - TICKET: -";
    let got = parse(text).unwrap();
    assert_eq!(
        got.comment.as_deref(),
        Some("first line\nsecond line of the reason")
    );
}

#[test]
fn reads_js1_lines() {
    let got = parse("2019-03-01 08:00:00,000 INFO  REQUEST: ./orders/add - USER: root - PARAMS: - - COMMENT: null").unwrap();
    assert_eq!(
        (got.comment, got.time_spent, got.ticket),
        (None, None, None)
    );
    let got = parse("2019-03-01 08:00:00,000 INFO  REQUEST: ./orders/add - USER: root - PARAMS: - - COMMENT: nightly - rerun").unwrap();
    assert_eq!(got.comment.as_deref(), Some("nightly - rerun"));
    // In a JS7 line `null` is a reason like any other.
    let got = parse("2021-03-01T08:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: null - TIMESPENT: - - TICKET: -").unwrap();
    assert_eq!(got.comment.as_deref(), Some("null"));
}

#[test]
fn reads_time_spent_with_and_without_unit() {
    for (written, want) in [
        ("15m", Some(15)),
        ("15", Some(15)),
        ("0m", Some(0)),
        ("-", None),
    ] {
        let line = format!(
            "2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: x - TIMESPENT: {written} - TICKET: -"
        );
        assert_eq!(parse(&line).unwrap().time_spent, want, "{written}");
    }
}

#[test]
fn says_why_a_line_is_not_an_entry() {
    let cases = [
        ("second line of the reason", ParseError::Stamp),
        (
            "2026-02-30T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -",
            ParseError::Stamp,
        ),
        ("2026-11-02T10:00:00,000 INFO", ParseError::Request),
        (
            "2026-11-02T10:00:00,000INFO  REQUEST: ./login - USER: root",
            ParseError::Request,
        ),
        (
            "2026-11-02T10:00:00,000 INFO  started JOC",
            ParseError::Request,
        ),
        (
            "2026-11-02T10:00:00,000 INFO  REQUEST: ./login",
            ParseError::User,
        ),
        (
            "2026-11-02T10:00:00,000 INFO  REQUEST: ./login - ID: x1 - USER: root - PARAMS: - - COMMENT: -",
            ParseError::Id,
        ),
        (
            "2026-11-02T10:00:00,000 INFO  REQUEST: ./login - WHO: root",
            ParseError::User,
        ),
        (
            "2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root",
            ParseError::Params,
        ),
        (
            "2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: {}",
            ParseError::Comment,
        ),
        (
            "2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: 1.5h - TICKET: -",
            ParseError::TimeSpent("1.5h".into()),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(parse(text), Err(want), "{text}");
    }
}

#[test]
fn decodes_crlf_and_invalid_utf8() {
    assert_eq!(entry_text(b"a - x\r\nb\r\n"), "a - x\nb");
    assert_eq!(entry_text(b"a\n"), "a");
    assert_eq!(entry_text(b"a"), "a");
    assert_eq!(entry_text(b"M\xfcller\r\n"), "M\u{fffd}ller");
}

#[test]
fn tail_detection_needs_both_markers_in_order() {
    assert!(has_tail(b"x - TIMESPENT: - - TICKET: -\n"));
    assert!(!has_tail(b"x - TICKET: - - TIMESPENT: -\n"));
    assert!(!has_tail(b"x - COMMENT: first line\n"));
}

#[test]
fn a_body_cut_after_a_backslash_does_not_read_past_its_end() {
    // Regression: a body ending in a lone backslash once made the JSON scan slice past the end.
    let line = "2026-11-02T10:00:00,000 INFO  REQUEST: ./x - USER: u - PARAMS: {\"a\":\"b\\";
    assert_eq!(parse(line), Err(ParseError::Comment));
    assert_eq!(json_len(b"{\"a\":\"\\"), None);
    assert_eq!(json_len(b"{\"a\":\"\\\"}\"}"), Some(11));
    assert_eq!(json_len(b"[{\"a\":[1,{}]},\"]\"]"), Some(18));
    assert_eq!(json_len(b"{\"a\":\"x\ny\"}"), None);
}

/// Found by the frame fuzz target: a long level word of two-byte characters was cut inside a
/// character when it was named in the error.
#[test]
fn a_level_word_of_any_characters_is_named_whole() {
    let text = format!("2026-11-23T10:00:00,000 {} rest", "\u{7ed}".repeat(12));
    assert_eq!(parse(&text), Err(ParseError::Logged("\u{7ed}".repeat(12))));
}
