//! What `record` is asked to write, whatever the fields hold: it is refused, or it is exactly
//! one safe physical line that reads back as the entry that was built.
#![no_main]

use auditlog::Stamp;
use auditlog::format::{parse, render};
use auditlog::safe::is_unsafe_char;
use auditlog::record::{Body, NewEntry, ReasonRules};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    // Fields separated by U+001F, in the order of the flags.
    let mut fields = text.split('\u{1f}');
    let mut next = || fields.next().map(str::to_owned);
    let (request, user, params, reason, ticket, minutes) =
        (next(), next(), next(), next(), next(), next());
    let params = match params.filter(|p| !p.is_empty()) {
        Some(text) => match Body::parse(&text) {
            Ok(body) => Some(body),
            Err(_) => return,
        },
        None => None,
    };
    let entry = NewEntry {
        request: request.unwrap_or_default(),
        user: user.unwrap_or_default(),
        params,
        reason: reason.filter(|r| !r.is_empty()),
        time_spent: minutes.and_then(|m| auditlog::time::parse_minutes(&m)),
        ticket: ticket.filter(|t| !t.is_empty()),
        id: None,
    };
    let created = Stamp::parse("2026-11-23T09:15:42,123").unwrap();
    let Ok(entry) = entry.into_entry(created, &ReasonRules::default()) else {
        return;
    };
    let line = render(&entry);
    assert!(!line.contains(['\n', '\r']), "{line:?}");
    assert!(!line.chars().any(is_unsafe_char), "{line:?}");
    assert!(line.len() < auditlog::record::MAX_LINE_BYTES);
    assert_eq!(parse(&line).unwrap(), entry);
});
