use super::*;
use crate::format::{parse, render};
use proptest::prelude::*;

fn created() -> Stamp {
    Stamp::parse("2026-11-23T09:15:42,123").unwrap()
}

fn new(request: &str, user: &str) -> NewEntry {
    NewEntry {
        request: request.into(),
        user: user.into(),
        ..NewEntry::default()
    }
}

const FORGED: &str = "x\n2026-01-01T00:00:00,000 INFO  REQUEST: ./forged - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -";

#[test]
fn builds_the_body_as_joc_writes_it() {
    let mut n = new("./orders/add", "root");
    n.params = Some(
        Body::parse(r#"{"controllerId":"testsuite","orders":[{"workflowPath":"/ap/x"}]}"#).unwrap(),
    );
    n.reason = Some("System maintenance".into());
    n.time_spent = Some(5);
    n.ticket = Some("https://t/1".into());
    n.id = Some(85941);
    let e = n.into_entry(created(), &ReasonRules::default()).unwrap();
    assert_eq!(
        render(&e),
        r#"2026-11-23T09:15:42,123 INFO  REQUEST: ./orders/add - ID: 85941 - USER: root - PARAMS: {"controllerId":"testsuite","orders":[{"workflowPath":"/ap/x"}],"auditLog":{"comment":"System maintenance","timeSpent":5,"ticketLink":"https://t/1"}} - COMMENT: System maintenance - TIMESPENT: 5m - TICKET: https://t/1"#
    );

    let mut n = new("./orders/add", "root");
    n.params = Some(Body::parse(r#"{"controllerId":"testsuite"}"#).unwrap());
    let e = n.into_entry(created(), &ReasonRules::default()).unwrap();
    assert_eq!(
        render(&e),
        r#"2026-11-23T09:15:42,123 INFO  REQUEST: ./orders/add - USER: root - PARAMS: {"controllerId":"testsuite","auditLog":{}} - COMMENT: - - TIMESPENT: - - TICKET: -"#
    );

    let e = new("./login", "root")
        .into_entry(created(), &ReasonRules::default())
        .unwrap();
    assert_eq!(
        render(&e),
        "2026-11-23T09:15:42,123 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -"
    );
}

#[test]
fn a_forged_line_in_a_reason_stays_in_the_reason() {
    let mut n = new("./orders/cancel", "jdoe");
    n.reason = Some(format!("{FORGED}\r\u{1b}[2J\u{2028}\u{202e}"));
    let e = n.into_entry(created(), &ReasonRules::default()).unwrap();
    let line = render(&e);
    assert_eq!(
        line,
        r#"2026-11-23T09:15:42,123 INFO  REQUEST: ./orders/cancel - USER: jdoe - PARAMS: {"auditLog":{"comment":"x\n2026-01-01T00:00:00,000 INFO  REQUEST: ./forged - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\r\u001b[2J\u2028\u202e"}} - COMMENT: x␊2026-01-01T00:00:00,000 INFO  REQUEST: ./forged - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -␍␛[2J�� - TIMESPENT: - - TICKET: -"#
    );
    assert_eq!(parse(&line).unwrap(), e);
}

#[test]
fn refuses_what_cannot_be_written_safely() {
    let rules = ReasonRules::default();
    let check = |n: NewEntry| n.into_entry(created(), &rules).unwrap_err();
    assert_eq!(check(new("", "root")), Invalid::Request("".into()));
    assert_eq!(
        check(new("./orders add", "root")),
        Invalid::Request("./orders add".into())
    );
    assert_eq!(
        check(new("./orders\u{1b}", "root")),
        Invalid::Request("./orders\u{1b}".into())
    );
    assert_eq!(check(new("./login", "")), Invalid::User("".into()));
    assert_eq!(check(new("./login", "a\nb")), Invalid::User("a\nb".into()));
    assert_eq!(
        check(new("./login", "a - PARAMS:")),
        Invalid::User("a - PARAMS:".into())
    );
    assert_eq!(
        check(new("./login", "a - PARAMS: b")),
        Invalid::User("a - PARAMS: b".into())
    );

    assert_eq!(
        Body::parse("[1, 2]").unwrap_err(),
        Invalid::ParamsNotObject("an array")
    );
    assert_eq!(
        Body::parse(r#"{"auditLog": {"comment": "x"}}"#).unwrap_err(),
        Invalid::ParamsAuditLog
    );
    let mut n = new("./login", "root");
    n.time_spent = Some(MAX_TIME_SPENT + 1);
    assert_eq!(check(n), Invalid::TimeSpent(525_601));
    let mut n = new("./login", "root");
    n.reason = Some("-".into());
    assert_eq!(check(n), Invalid::ReasonDash);
    let mut n = new("./login", "root");
    n.reason = Some("é".repeat(2001));
    assert_eq!(check(n), Invalid::ReasonTooLong(2001));
    for bad in [
        "ftp://x",
        "https://",
        "https://a b",
        "tickets/1",
        "https://a\nb",
    ] {
        let mut n = new("./login", "root");
        n.ticket = Some(bad.into());
        assert_eq!(check(n), Invalid::Ticket(bad.into()));
    }
}

/// Bodies were once parsed and written again: `12345678901234567890123456789` became
/// `1.2345678901234568e+28`, `1e2` became `100.0`, `-0` `-0.0`, and a key given twice lost one.
#[test]
fn a_body_is_kept_exactly_as_given() {
    let kept = |text: &str| Body::parse(text).map(|b| b.as_str().to_owned());
    assert_eq!(
        kept(r#"{"a":12345678901234567890123456789}"#),
        Ok(r#"{"a":12345678901234567890123456789}"#.to_owned())
    );
    assert_eq!(
        kept("{\"a\" : 1e2,\n \"b\":\t-0, \"c\": [ 1.50 , -2E-3 ],\"d\":\"x  y\\u0041\\\"\" }  \n"),
        Ok(r#"{"a":1e2,"b":-0,"c":[1.50,-2E-3],"d":"x  y\u0041\""}"#.to_owned())
    );
    // Unsafe characters in strings become escapes of themselves; keys keep their order.
    assert_eq!(
        kept("{\"z\":\"a\u{2028}b\u{202e}\u{200b}\u{7f}\u{e0041}\",\"a\u{85}\":1}"),
        Ok(r#"{"z":"a\u2028b\u202e\u200b\u007f\udb40\udc41","a\u0085":1}"#.to_owned())
    );
    for (text, key) in [
        (r#"{"a":1,"a":2}"#, "a"),
        (r#"{"a":1,"\u0061":2}"#, "a"),
        (r#"{"x":[{"b":1,"c":{"d":1,"d":[]}}]}"#, "d"),
    ] {
        assert_eq!(
            Body::parse(text),
            Err(Invalid::ParamsDuplicateKey(key.into())),
            "{text}"
        );
    }
    assert_eq!(
        Body::parse(r#"{"a":1,"a":2}"#).unwrap_err().to_string(),
        "the request body names \"a\" twice in one object: give each key once"
    );
    for bad in [
        "",
        "{",
        r#"{"a":1} x"#,
        "{'a':1}",
        r#"{"a":NaN}"#,
        "{\"a\":\"\u{1b}\"}",
    ] {
        assert!(
            matches!(Body::parse(bad), Err(Invalid::ParamsJson(_))),
            "{bad:?}: {:?}",
            Body::parse(bad)
        );
    }
    // With the auditLog object after the keys given.
    let mut n = new("./orders/add", "root");
    n.params = Some(Body::parse(r#"{ "n" : 1e400 , "m" : {} }"#).unwrap());
    n.time_spent = Some(MAX_TIME_SPENT);
    let e = n.into_entry(created(), &ReasonRules::default()).unwrap();
    assert_eq!(
        e.params.as_deref(),
        Some(r#"{"n":1e400,"m":{},"auditLog":{"timeSpent":525600}}"#)
    );
}

/// `record` once wrote bodies of 10 MB that every reader then skipped as too long.
#[test]
fn an_entry_is_never_longer_than_a_reader_takes() {
    let head = "2026-11-23T09:15:42,123 INFO  REQUEST: ./orders/add - USER: root - PARAMS: ";
    let tail = " - COMMENT: - - TIMESPENT: - - TICKET: -";
    let wrapper = r#"{"a":"","auditLog":{}}"#.len();
    let fits = MAX_LINE_BYTES - 1 - head.len() - tail.len() - wrapper;
    let body = |len: usize| Body::parse(&format!(r#"{{"a":"{}"}}"#, "x".repeat(len))).unwrap();
    let mut n = new("./orders/add", "root");
    n.params = Some(body(fits));
    let e = n.into_entry(created(), &ReasonRules::default()).unwrap();
    assert_eq!(render(&e).len() + 1, MAX_LINE_BYTES);
    let mut n = new("./orders/add", "root");
    n.params = Some(body(fits + 1));
    assert_eq!(
        n.into_entry(created(), &ReasonRules::default()),
        Err(Invalid::TooLong(MAX_LINE_BYTES + 1))
    );
}

/// Format characters take no room on a screen: `ro\u{200b}ot` once recorded as an account
/// that shows as `root`.
#[test]
fn format_characters_are_refused_in_accounts_and_requests() {
    let rules = ReasonRules::default();
    for user in [
        "ro\u{200b}ot",
        "\u{feff}root",
        "ro\u{200d}ot",
        "root\u{e0001}",
        "a\u{ad}b",
    ] {
        assert_eq!(
            new("./login", user).into_entry(created(), &rules),
            Err(Invalid::User(user.into())),
            "{user:?}"
        );
    }
    assert_eq!(
        new("./log\u{2060}in", "root").into_entry(created(), &rules),
        Err(Invalid::Request("./log\u{2060}in".into()))
    );
}

#[test]
fn a_required_reason_lists_the_predefined_ones() {
    let rules = ReasonRules {
        required: true,
        ..ReasonRules::default()
    };
    let mut n = new("./login", "root");
    n.reason = Some("  ".into());
    let err = n.into_entry(created(), &rules).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a reason is required (force_comments_for_audit_log is on); give --reason TEXT or --reason-number N:
  1. System maintenance
  2. Repeat execution
  3. Business requirement
  4. Restart failed execution
  5. Re-instantiate stopped object
  6. Temporary stop
  7. Change of Controller object
  8. Rerun with parameter changes
  9. Change of external dependency
 10. Application deployment and upgrade
"
    );
}

/// Pieces that make free text hard to read back: every marker, a forged entry after a line
/// break, controls, separators, bidi controls, the stand-ins the writer uses, and Unicode.
const PIECES: &[&str] = &[
    " - ",
    " - ID: 7",
    " - USER: root",
    " - PARAMS: ",
    " - PARAMS: {}",
    " - COMMENT: ",
    " - TIMESPENT: 5m",
    " - TICKET: https://x",
    " - TIMESPENT: - - TICKET: -",
    FORGED,
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{0}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "\u{2028}",
    "\u{2029}",
    "\u{202e}",
    "\u{2066}",
    "null",
    "-",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    "\\n",
    "␊",
    "␛",
    "\u{fffd}",
    "ü",
    "Nachlauf für Quartalsabschluss – bitte",
    "紧急修复",
    "🚀",
    "2026-11-23T09:00:00,000",
    "...",
];

fn free_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        proptest::sample::select(PIECES).prop_map(str::to_owned),
        any::<char>().prop_map(String::from),
        "[a-zA-Z0-9 .:/-]{1,8}",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        free_text().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::vec((free_text(), inner), 0..4).prop_map(|kv| Value::Object(
                kv.into_iter().filter(|(k, _)| k != "auditLog").collect()
            )),
        ]
    })
}

fn new_entry() -> impl Strategy<Value = NewEntry> {
    let request = "\\./[a-z_]{1,10}(/[a-zA-Z0-9_.:\\-]{1,10}){0,3}";
    let user = free_text().prop_filter("a writable account", |u| {
        !u.is_empty()
            && !u
                .chars()
                .any(|c| is_unsafe_char(c) || crate::safe::is_variation_selector(c))
            && format!("{u} - PARAMS: ").find(" - PARAMS: ") == Some(u.len())
    });
    let params = proptest::option::of(
        proptest::collection::vec((free_text(), json_value()), 0..5).prop_map(|kv| {
            let map: Map<String, Value> = kv.into_iter().filter(|(k, _)| k != "auditLog").collect();
            Body::of_map(&map).unwrap()
        }),
    );
    let reason = proptest::option::of(free_text().prop_filter("not a dash", |r| r != "-"));
    let ticket = proptest::option::of("https?://[a-zA-Z0-9.ü紧/:?=&#%-]{1,20}( - TICKET:-x)?");
    (
        request,
        user,
        params,
        reason,
        proptest::option::of(0..=MAX_TIME_SPENT),
        ticket,
        any::<Option<u64>>(),
    )
        .prop_map(
            |(request, user, params, reason, time_spent, ticket, id)| NewEntry {
                request,
                user,
                params,
                // A blank reason is refused, not written (a test of its own holds that).
                reason: reason.filter(|r| !r.trim().is_empty()),
                time_spent,
                ticket: ticket.map(|t| t.replace(' ', "")),
                id,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever the fields hold, the entry is one safe physical line and reads back whole.
    #[test]
    fn what_is_written_reads_back_exactly(n in new_entry()) {
        let e = n.into_entry(created(), &ReasonRules::default()).unwrap();
        let line = render(&e);
        prop_assert!(!line.bytes().any(|b| b == b'\n' || b == b'\r' || b == 0x1b), "{line:?}");
        prop_assert!(!line.chars().any(is_unsafe_char), "{line:?}");
        prop_assert_eq!(parse(&line).unwrap(), e);
    }

    /// No text at all makes the reader panic.
    #[test]
    fn no_input_panics(text in "\\PC*", pieces in free_text()) {
        let _ = parse(&text);
        let _ = parse(&format!("2026-11-23T09:15:42,123 INFO  REQUEST: ./x - USER: {pieces}"));
        let _ = parse(&format!("2026-11-23T09:15:42,123 INFO  REQUEST: ./x - USER: u - PARAMS: {pieces}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// No text makes reading a request body panic; a body that reads is compact JSON that means
    /// what the text meant.
    #[test]
    fn a_body_reads_or_is_refused(text in "(\\{|\\}|\\[|\\]|\"|:|,| |\n|a|1|e|-|\\.|\\\\|u|\\PC){0,40}") {
        if let Ok(body) = Body::parse(&text) {
            let given: Value = serde_json::from_str(&text).unwrap();
            let kept: Value = serde_json::from_str(body.as_str()).unwrap();
            prop_assert_eq!(kept, given);
            prop_assert!(!body.as_str().contains(['\n', ' ']) || body.as_str().contains('"'));
        }
    }
}
