//! The JSON form of an entry: a stable schema for scripts and for loading into other systems.
//! Keys and their order are part of the interface; the README documents them. Listings write
//! entries with [`write_entry`], made for this schema; everything else through serde_json.

mod write;

use std::io;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::entry::Entry;
use crate::reference::Ref;
use crate::safe::find_unsafe;
use crate::stamp::Stamp;

/// An entry as `list -o json`, `-o ndjson`, `show -o json` and `.ndjson` exports write it.
#[derive(Debug, Serialize)]
pub struct EntryJson<'a> {
    /// The reference `show` takes.
    #[serde(rename = "ref")]
    pub reference: String,
    /// ISO 8601 with `.` and milliseconds, with the offset when the stamp had one.
    pub created: String,
    /// The instant the stamp stands for, RFC 3339 in UTC with milliseconds: in the hour
    /// repeated when daylight saving ends, as the entries before it in its file decide.
    pub instant: String,
    /// The level word.
    pub level: &'a str,
    /// The web-service path.
    pub request: &'a str,
    /// JS7's database id.
    pub id: Option<u64>,
    /// The account.
    pub user: &'a str,
    /// The request body as written, or null.
    pub params: Option<&'a str>,
    /// The reason, or null.
    pub comment: Option<&'a str>,
    /// Time spent in whole minutes, or null.
    pub time_spent: Option<u32>,
    /// The ticket link, or null.
    pub ticket: Option<&'a str>,
    /// The category.
    pub category: &'static str,
    /// The controller named in the body, or null.
    pub controller: Option<String>,
    /// The file the entry was read from, or null.
    pub file: Option<String>,
    /// The number of its first line, or null.
    pub line: Option<u64>,
}

pub use write::{write_entry, write_str};

impl<'a> EntryJson<'a> {
    /// The JSON form of an entry with its reference and instant.
    pub fn new(entry: &'a Entry, reference: &Ref, instant: DateTime<Utc>) -> EntryJson<'a> {
        EntryJson::with_controller(entry, (reference, instant), entry.controller())
    }

    /// The same, with the controller its body names already read (see [`Entry::controller`]).
    pub fn with_controller(
        entry: &'a Entry,
        (reference, instant): (&Ref, DateTime<Utc>),
        controller: Option<String>,
    ) -> EntryJson<'a> {
        EntryJson {
            reference: reference.to_string(),
            created: iso8601(entry.created),
            instant: utc(instant),
            level: &entry.level,
            request: &entry.request,
            id: entry.id,
            user: &entry.user,
            params: entry.params.as_deref(),
            comment: entry.comment.as_deref(),
            time_spent: entry.time_spent,
            ticket: entry.ticket.as_deref(),
            category: entry.category().name(),
            controller,
            file: entry.origin.as_ref().map(|o| o.file.display().to_string()),
            line: entry.origin.as_ref().map(|o| o.line),
        }
    }
}

/// An instant as RFC 3339 in UTC with milliseconds, `2021-08-03T00:54:43.440Z`, or with the
/// micro- or nanoseconds a stamp had.
pub fn utc(instant: DateTime<Utc>) -> String {
    let digits = match instant.timestamp_subsec_nanos() % 1_000_000 {
        0 => chrono::SecondsFormat::Millis,
        _ => chrono::SecondsFormat::AutoSi,
    };
    instant.to_rfc3339_opts(digits, true)
}

/// `2021-08-03T02:54:43.440`, with `+02:00` or `Z` when the stamp had an offset.
pub fn iso8601(stamp: Stamp) -> String {
    stamp.to_string().replacen(',', ".", 1)
}

/// Compact JSON in which every unsafe character (see [`crate::safe::is_unsafe_char`]) is a `\uXXXX`
/// escape: no control character, line separator or bidi control leaves raw.
pub fn safe_json(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    write_safe_json(value, &mut out);
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Appends the same to `out`.
pub fn write_safe_json(value: &impl Serialize, out: &mut Vec<u8>) {
    let mut ser = serde_json::Serializer::with_formatter(out, SafeFormatter);
    value
        .serialize(&mut ser)
        .expect("these values always serialize to memory");
}

/// Writes a character as JSON's `\uXXXX` escape: two of them, a surrogate pair, past U+FFFF.
pub fn escape_unsafe(c: char, out: &mut String) {
    use std::fmt::Write as _;
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        let _ = write!(out, "\\u{unit:04x}");
    }
}

/// serde_json's compact form, with the unsafe characters it leaves raw escaped too.
struct SafeFormatter;

impl serde_json::ser::Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = find_unsafe(rest) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            let mut escape = String::with_capacity(12);
            escape_unsafe(c, &mut escape);
            writer.write_all(escape.as_bytes())?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::parse;
    use crate::time::Zone;

    #[test]
    fn writes_the_documented_schema() {
        let entry = parse(r#"2021-05-18T12:51:52,000+02:00 INFO  REQUEST: ./controller/cluster/switchover - ID: 85941 - USER: root - PARAMS: {"controllerId":"testsuite","auditLog":{"comment":"System maintenance","timeSpent":5,"ticketLink":"https://t/1"}} - COMMENT: System maintenance - TIMESPENT: 5m - TICKET: https://t/1"#).unwrap();
        let reference = Ref {
            stamp: entry.created,
            nth: 1,
        };
        assert_eq!(
            safe_json(&EntryJson::new(
                &entry,
                &reference,
                Zone::System.instants(entry.created).0
            )),
            r#"{"ref":"20210518T125152.000+0200","created":"2021-05-18T12:51:52.000+02:00","instant":"2021-05-18T10:51:52.000Z","level":"INFO","request":"./controller/cluster/switchover","id":85941,"user":"root","params":"{\"controllerId\":\"testsuite\",\"auditLog\":{\"comment\":\"System maintenance\",\"timeSpent\":5,\"ticketLink\":\"https://t/1\"}}","comment":"System maintenance","time_spent":5,"ticket":"https://t/1","category":"CONTROLLER","controller":"testsuite","file":null,"line":null}"#
        );
    }
}

#[cfg(test)]
mod safe_tests {
    use super::*;

    #[test]
    fn escapes_what_serde_json_leaves_raw() {
        let value =
            serde_json::json!({"a\u{202e}": "x\n\u{1b}\u{7f}\u{85}\u{2028}ü\u{200b}\u{e0041}"});
        assert_eq!(
            safe_json(&value),
            r#"{"a\u202e":"x\n\u001b\u007f\u0085\u2028ü\u200b\udb40\udc41"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&safe_json(&value)).unwrap();
        assert_eq!(back, value);
    }
}
