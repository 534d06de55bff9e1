//! The entry's JSON written by hand, in one pass over each string: the bytes serde_json with
//! [`super::write_safe_json`] writes, at the speed of copying. Printable ASCII is copied in runs;
//! only a quote, a backslash, a control character or a byte past ASCII stops the run, and only
//! past ASCII is a character decoded, to tell whether it is unsafe on a terminal.

use std::fmt::{self, Write as _};

use chrono::{DateTime, Datelike, Timelike, Utc};

use super::escape_unsafe;
use crate::entry::Entry;
use crate::reference::Ref;
use crate::safe::is_unsafe_char;

/// Which bytes are copied as they are: printable ASCII, but the quote and the backslash.
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = b' ';
    while b <= b'~' {
        plain[b as usize] = b != b'"' && b != b'\\';
        b += 1;
    }
    plain
};

/// Appends `text` as a JSON string: JSON's own escapes as serde_json writes them, and every
/// character unsafe on a terminal as `\uXXXX`.
pub fn write_str(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let (mut run, mut at) = (0, 0);
    while at < bytes.len() {
        let b = bytes[at];
        if PLAIN[b as usize] {
            at += 1;
            continue;
        }
        out.extend_from_slice(&bytes[run..at]);
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => b"",
        };
        if !short.is_empty() {
            out.extend_from_slice(short);
            at += 1;
        } else {
            let c = text[at..].chars().next().unwrap_or_default();
            if is_unsafe_char(c) {
                let mut escape = String::with_capacity(12);
                escape_unsafe(c, &mut escape);
                out.extend_from_slice(escape.as_bytes());
            } else {
                out.extend_from_slice(&bytes[at..at + c.len_utf8()]);
            }
            at += c.len_utf8();
        }
        run = at;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// Appends a string, or `null`.
fn write_opt_str(text: Option<&str>, out: &mut Vec<u8>) {
    match text {
        Some(text) => write_str(text, out),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends a number, or `null`.
fn write_opt_number(n: Option<u64>, out: &mut Vec<u8>) {
    match n {
        Some(n) => out.extend_from_slice(n.to_string().as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends the JSON of `entry`, with its reference and instant and the controller its body
/// names: the same bytes as [`super::write_safe_json`] of [`EntryJson::with_controller`], without
/// building it.
pub fn write_entry(
    entry: &Entry,
    (reference, instant): (&Ref, DateTime<Utc>),
    controller: Option<&str>,
    out: &mut Vec<u8>,
) {
    // The reference, the stamp and the instant are digits and signs: nothing to escape.
    out.extend_from_slice(b"{\"ref\":\"");
    let _ = write!(TextInto(out), "{reference}");
    out.extend_from_slice(b"\",\"created\":\"");
    let at = out.len();
    let _ = entry.created.write(&mut TextInto(out), false);
    if let Some(comma) = out[at..].iter().position(|&b| b == b',') {
        out[at + comma] = b'.';
    }
    out.extend_from_slice(b"\",\"instant\":\"");
    write_instant(instant, out);
    out.extend_from_slice(b"\",\"level\":");
    write_str(&entry.level, out);
    out.extend_from_slice(b",\"request\":");
    write_str(&entry.request, out);
    out.extend_from_slice(b",\"id\":");
    write_opt_number(entry.id, out);
    out.extend_from_slice(b",\"user\":");
    write_str(&entry.user, out);
    out.extend_from_slice(b",\"params\":");
    write_opt_str(entry.params.as_deref(), out);
    out.extend_from_slice(b",\"comment\":");
    write_opt_str(entry.comment.as_deref(), out);
    out.extend_from_slice(b",\"time_spent\":");
    write_opt_number(entry.time_spent.map(u64::from), out);
    out.extend_from_slice(b",\"ticket\":");
    write_opt_str(entry.ticket.as_deref(), out);
    out.extend_from_slice(b",\"category\":");
    write_str(entry.category().name(), out);
    out.extend_from_slice(b",\"controller\":");
    write_opt_str(controller, out);
    let origin = entry.origin.as_ref();
    out.extend_from_slice(b",\"file\":");
    match origin {
        Some(o) => write_str(&o.file.display().to_string(), out),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"line\":");
    write_opt_number(origin.map(|o| o.line), out);
    out.push(b'}');
}

/// Appends what [`super::utc`] makes of `instant`, laid out by hand where it has whole
/// milliseconds and a year of four digits.
fn write_instant(instant: DateTime<Utc>, out: &mut Vec<u8>) {
    let nanos = instant.timestamp_subsec_nanos();
    let year = instant.year();
    if !nanos.is_multiple_of(1_000_000) || !(0..=9999).contains(&year) {
        out.extend_from_slice(super::utc(instant).as_bytes());
        return;
    }
    let fields = [
        (year as u32, 4, b'-'),
        (instant.month(), 2, b'-'),
        (instant.day(), 2, b'T'),
        (instant.hour(), 2, b':'),
        (instant.minute(), 2, b':'),
        (instant.second(), 2, b'.'),
        (nanos / 1_000_000, 3, b'Z'),
    ];
    for (value, width, then) in fields {
        let mut digits = [b'0'; 4];
        let mut v = value;
        for place in (0..width).rev() {
            digits[place] = b'0' + (v % 10) as u8;
            v /= 10;
        }
        out.extend_from_slice(&digits[..width]);
        out.push(then);
    }
}

/// A byte buffer written to as text.
struct TextInto<'a>(&'a mut Vec<u8>);

impl fmt::Write for TextInto<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::entry::Origin;
    use crate::json::{EntryJson, write_safe_json};
    use crate::stamp::Stamp;

    /// Strings of every kind: printable ASCII, JSON's escapes, controls, and what is unsafe on
    /// a terminal past ASCII (C1 controls, line separators, bidi controls, zero widths, tags,
    /// surrogate pairs' characters), and any character at all.
    fn hostile() -> impl Strategy<Value = String> {
        let pick = prop_oneof![
            4 => proptest::char::range(' ', '~'),
            1 => proptest::sample::select(vec![
                '"', '\\', '\n', '\r', '\t', '\u{8}', '\u{c}', '\u{0}', '\u{1b}', '\u{7f}',
                '\u{85}', '\u{9b}', '\u{2028}', '\u{2029}', '\u{202e}', '\u{200b}', '\u{34f}',
                '\u{feff}', '\u{e0041}', '\u{fe0f}', 'ü', '€', '😀',
            ]),
            1 => any::<char>(),
        ];
        proptest::collection::vec(pick, 0..40).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #[test]
        fn a_string_is_written_as_serde_json_writes_it(text in hostile()) {
            let (mut fast, mut serde) = (Vec::new(), Vec::new());
            write_str(&text, &mut fast);
            write_safe_json(&text, &mut serde);
            prop_assert_eq!(String::from_utf8(fast).unwrap(), String::from_utf8(serde).unwrap());
        }

        #[test]
        fn an_entry_is_written_as_serde_json_writes_it(
            texts in proptest::collection::vec(hostile(), 8),
            numbers in proptest::collection::vec(proptest::option::of(any::<u32>()), 3),
            present in proptest::collection::vec(any::<bool>(), 5),
            seconds in -62_000_000_000i64..253_402_000_000,
            nanos in prop_oneof![Just(0u32), (0u32..1000).prop_map(|n| n * 1_000_000), 0u32..1_000_000_000],
            offset in proptest::option::of(-50_000i32..50_000),
            nth in 1u32..80,
        ) {
            let local = DateTime::from_timestamp(seconds, nanos).unwrap().naive_utc();
            let entry = Entry {
                created: Stamp { local, offset },
                level: texts[0].clone(),
                request: texts[1].clone(),
                id: numbers[0].map(u64::from),
                user: texts[2].clone(),
                params: present[0].then(|| texts[3].clone()),
                comment: present[1].then(|| texts[4].clone()),
                time_spent: numbers[1],
                ticket: present[2].then(|| texts[5].clone()),
                origin: present[3].then(|| Origin {
                    file: std::path::Path::new(&texts[6]).into(),
                    line: u64::from(numbers[2].unwrap_or(0)),
                    offset: 0,
                }),
            };
            let reference = Ref { stamp: entry.created, nth };
            let instant = DateTime::from_timestamp(seconds.wrapping_neg() / 2, nanos).unwrap();
            let controller = present[4].then(|| texts[7].clone());
            let (mut fast, mut serde) = (Vec::new(), Vec::new());
            write_entry(&entry, (&reference, instant), controller.as_deref(), &mut fast);
            let json = EntryJson::with_controller(&entry, (&reference, instant), controller);
            write_safe_json(&json, &mut serde);
            prop_assert_eq!(String::from_utf8(fast).unwrap(), String::from_utf8(serde).unwrap());
        }
    }
}
