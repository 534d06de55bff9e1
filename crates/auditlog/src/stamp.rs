//! The timestamp at the start of every entry: `2021-08-03T02:54:43,440`.
//!
//! JOC writes log4j2's `%d{ISO8601}`: local wall-clock time with no offset. Older files use a
//! space instead of `T`, some writers `.` instead of `,`, and a few add an offset. This module
//! reads all of them and writes JOC's own form; it never looks at the clock.

use std::fmt;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// The shortest text that can be a stamp: `YYYY-MM-DDThh:mm:ss`.
pub const MIN_LEN: usize = 19;

/// A point in time as an entry states it: wall-clock time plus the offset when one was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// The wall-clock time as written.
    pub local: NaiveDateTime,
    /// The offset east of UTC in seconds, when the stamp carried one.
    pub offset: Option<i32>,
}

impl Stamp {
    /// A stamp without an offset, as JOC writes them.
    pub fn local(local: NaiveDateTime) -> Stamp {
        Stamp {
            local,
            offset: None,
        }
    }

    /// The same wall-clock time cut to whole milliseconds, the precision JOC writes.
    pub fn to_millis(self) -> Stamp {
        let nanos = self.local.nanosecond() / 1_000_000 * 1_000_000;
        Stamp {
            local: self.local.with_nanosecond(nanos).unwrap_or(self.local),
            ..self
        }
    }

    /// The offset as chrono's type, when the stamp carried one.
    pub fn fixed_offset(self) -> Option<FixedOffset> {
        self.offset.and_then(FixedOffset::east_opt)
    }

    /// Reads a stamp at the start of `text`; returns it and the number of bytes it took.
    ///
    /// Accepts `T` or a space between date and time, `,` or `.` before 1 to 9 fractional
    /// digits (or none), and an optional `Z`, `+hh:mm`, `+hhmm` or `+hh` offset.
    pub fn parse_prefix(text: &[u8]) -> Option<(Stamp, usize)> {
        if !looks_like_stamp(text) {
            return None;
        }
        let num = |from: usize, len: usize| -> u32 {
            text[from..from + len]
                .iter()
                .fold(0, |n, d| n * 10 + u32::from(d - b'0'))
        };
        let date = NaiveDate::from_ymd_opt(num(0, 4) as i32, num(5, 2), num(8, 2))?;
        let mut pos = MIN_LEN;
        let mut nanos = 0;
        if matches!(text.get(pos), Some(b',' | b'.')) {
            let digits = text[pos + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if !(1..=9).contains(&digits) {
                return None;
            }
            nanos = num(pos + 1, digits) * 10u32.pow(9 - digits as u32);
            pos += 1 + digits;
        }
        let time = NaiveTime::from_hms_nano_opt(num(11, 2), num(14, 2), num(17, 2), nanos)?;
        let (offset, len) = parse_offset(&text[pos..])?;
        Some((
            Stamp {
                local: date.and_time(time),
                offset,
            },
            pos + len,
        ))
    }

    /// Reads a whole text as a stamp, nothing before or after it.
    pub fn parse(text: &str) -> Option<Stamp> {
        match Stamp::parse_prefix(text.as_bytes()) {
            Some((stamp, len)) if len == text.len() => Some(stamp),
            _ => None,
        }
    }
}

/// Reads the optional offset after the time: nothing, `Z`, `+hh:mm`, `+hhmm` or `+hh`.
fn parse_offset(text: &[u8]) -> Option<(Option<i32>, usize)> {
    let sign = match text.first() {
        Some(b'Z') => return Some((Some(0), 1)),
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Some((None, 0)),
    };
    let digit = |i: usize| text.get(i).filter(|b| b.is_ascii_digit()).copied();
    let pair = |i: usize| Some(i32::from(digit(i)? - b'0') * 10 + i32::from(digit(i + 1)? - b'0'));
    let hours = pair(1)?;
    let (minutes, len) = match text.get(3) {
        Some(b':') => (pair(4)?, 6),
        Some(b) if b.is_ascii_digit() => (pair(3)?, 5),
        _ => (0, 3),
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((Some(sign * (hours * 3600 + minutes * 60)), len))
}

/// Whether a line begins with the shape of a stamp: `YYYY-MM-DD[T ]hh:mm:ss`.
///
/// This decides where an entry starts, so it looks at shape only: a stamp with an impossible
/// date still starts an entry (which then reads as malformed) rather than joining the one above.
pub fn looks_like_stamp(line: &[u8]) -> bool {
    const SHAPE: &[u8; MIN_LEN] = b"dddd-dd-ddTdd:dd:dd";
    line.len() >= MIN_LEN
        && SHAPE.iter().zip(line).all(|(&s, &b)| match s {
            b'd' => b.is_ascii_digit(),
            b'T' => b == b'T' || b == b' ',
            _ => b == s,
        })
}

impl Stamp {
    /// Writes the stamp in JOC's form, `2021-08-03T02:54:43,440+02:00`, or with `basic` in
    /// ISO 8601's basic form, `20210803T025443.440+0200`. The fraction keeps 3, 6 or 9 digits,
    /// as many as it needs.
    pub fn write(&self, f: &mut impl fmt::Write, basic: bool) -> fmt::Result {
        let t = self.local;
        // Every output writes stamps; digits laid out by hand cost a fraction of `write!`.
        let mut out = Digits::default();
        let (dash, colon, comma) = if basic {
            (None, None, b'.')
        } else {
            (Some(b'-'), Some(b':'), b',')
        };
        // Four places, a sign among them when there is one, as `{:04}` pads.
        if t.year() < 0 {
            out.byte(b'-');
            out.number(t.year().unsigned_abs(), 3);
        } else {
            out.number(t.year().unsigned_abs(), 4);
        }
        out.maybe(dash);
        out.number(t.month(), 2);
        out.maybe(dash);
        out.number(t.day(), 2);
        out.byte(b'T');
        out.number(t.hour(), 2);
        out.maybe(colon);
        out.number(t.minute(), 2);
        out.maybe(colon);
        out.number(t.second(), 2);
        out.byte(comma);
        let nanos = t.nanosecond();
        if nanos.is_multiple_of(1_000_000) {
            out.number(nanos / 1_000_000, 3);
        } else if nanos.is_multiple_of(1_000) {
            out.number(nanos / 1_000, 6);
        } else {
            out.number(nanos, 9);
        }
        match self.offset {
            None => {}
            Some(0) => out.byte(b'Z'),
            Some(secs) => {
                out.byte(if secs < 0 { b'-' } else { b'+' });
                let secs = secs.unsigned_abs();
                out.number(secs / 3600, 2);
                out.maybe(colon);
                out.number(secs / 60 % 60, 2);
            }
        }
        f.write_str(out.as_str())
    }
}

/// A stamp's text, built digit by digit: the longest is `-262143-12-31T23:59:59,999999999+23:59`.
struct Digits {
    buf: [u8; 48],
    len: usize,
}

impl Default for Digits {
    fn default() -> Digits {
        Digits {
            buf: [0; 48],
            len: 0,
        }
    }
}

impl Digits {
    fn byte(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }

    fn maybe(&mut self, b: Option<u8>) {
        if let Some(b) = b {
            self.byte(b);
        }
    }

    /// `value` in decimal, zero-padded to `width` digits (more when it needs them).
    fn number(&mut self, mut value: u32, width: usize) {
        let mut digits = [0u8; 10];
        let mut n = 0;
        while value > 0 || n < width {
            digits[n] = b'0' + (value % 10) as u8;
            value /= 10;
            n += 1;
        }
        for &d in digits[..n].iter().rev() {
            self.byte(d);
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits and punctuation were written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl fmt::Display for Stamp {
    /// JOC's form: `2021-08-03T02:54:43,440`, with the offset after it when there is one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").unwrap()
    }

    #[test]
    fn reads_every_written_form() {
        type Want = Option<(&'static str, Option<i32>)>;
        let cases: &[(&str, Want)] = &[
            (
                "2021-08-03T02:54:43,440",
                Some(("2021-08-03T02:54:43.440", None)),
            ),
            (
                "2021-08-03 02:54:43,440",
                Some(("2021-08-03T02:54:43.440", None)),
            ),
            (
                "2021-08-03T02:54:43.440",
                Some(("2021-08-03T02:54:43.440", None)),
            ),
            (
                "2021-08-03T02:54:43",
                Some(("2021-08-03T02:54:43.000", None)),
            ),
            (
                "2021-08-03T02:54:43,4",
                Some(("2021-08-03T02:54:43.400", None)),
            ),
            (
                "2021-08-03T02:54:43,123456",
                Some(("2021-08-03T02:54:43.123456", None)),
            ),
            (
                "2021-08-03T02:54:43,440Z",
                Some(("2021-08-03T02:54:43.440", Some(0))),
            ),
            (
                "2021-08-03T02:54:43,440+02:00",
                Some(("2021-08-03T02:54:43.440", Some(7200))),
            ),
            (
                "2021-08-03T02:54:43,440+0530",
                Some(("2021-08-03T02:54:43.440", Some(19800))),
            ),
            (
                "2021-08-03T02:54:43,440-07",
                Some(("2021-08-03T02:54:43.440", Some(-25200))),
            ),
            ("2021-02-30T02:54:43,440", None),
            ("2021-08-03T24:54:43,440", None),
            ("2021-08-03T02:54:43,", None),
            ("2021-08-03T02:54:43,440+25:00", None),
            ("2021-08-03X02:54:43,440", None),
            ("21-08-03T02:54:43,440", None),
        ];
        for (text, want) in cases {
            let got = Stamp::parse(text).map(|s| (s.local, s.offset));
            let want = want.map(|(t, o)| (at(t), o));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn writes_joc_form_and_reads_it_back() {
        for text in [
            "2021-08-03T02:54:43,440",
            "2021-08-03T02:54:43,440Z",
            "2021-08-03T02:54:43,440+02:00",
            "2021-08-03T02:54:43,440-03:30",
            "2021-08-03T02:54:43,123456",
            "2021-08-03T02:54:43,123456789",
        ] {
            let stamp = Stamp::parse(text).unwrap();
            assert_eq!(stamp.to_string(), text);
        }
        assert_eq!(
            Stamp::parse("2021-08-03 02:54:43.4").unwrap().to_string(),
            "2021-08-03T02:54:43,400"
        );
    }

    /// The digits laid out by hand are what `write!` with padding wrote, in both forms.
    #[test]
    fn writes_what_formatting_would() {
        fn formatted(stamp: &Stamp, basic: bool) -> String {
            let t = stamp.local;
            let (dash, colon, comma) = if basic {
                ("", "", '.')
            } else {
                ("-", ":", ',')
            };
            let mut out = format!(
                "{:04}{dash}{:02}{dash}{:02}T{:02}{colon}{:02}{colon}{:02}{comma}",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            );
            let nanos = t.nanosecond();
            out += &match (nanos % 1_000_000, nanos % 1_000) {
                (0, _) => format!("{:03}", nanos / 1_000_000),
                (_, 0) => format!("{:06}", nanos / 1_000),
                _ => format!("{nanos:09}"),
            };
            match stamp.offset {
                None => {}
                Some(0) => out.push('Z'),
                Some(secs) => {
                    let sign = if secs < 0 { '-' } else { '+' };
                    let secs = secs.abs();
                    out += &format!("{sign}{:02}{colon}{:02}", secs / 3600, secs / 60 % 60);
                }
            }
            out
        }
        for year in [-262_143, -1234, -5, 0, 7, 1999, 2026, 9999, 10_000, 262_142] {
            for nanos in [0, 5, 440_000_000, 123_456_000, 123_456_789, 999_999_999] {
                for offset in [
                    None,
                    Some(0),
                    Some(7200),
                    Some(-12_600),
                    Some(-59),
                    Some(86_399),
                ] {
                    let local = NaiveDate::from_ymd_opt(year, 12, 31)
                        .unwrap()
                        .and_hms_nano_opt(23, 5, 9, nanos)
                        .unwrap();
                    let stamp = Stamp { local, offset };
                    for basic in [false, true] {
                        let mut written = String::new();
                        stamp.write(&mut written, basic).unwrap();
                        assert_eq!(written, formatted(&stamp, basic), "{stamp:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn shape_decides_where_an_entry_starts() {
        assert!(looks_like_stamp(b"2021-13-45T99:99:99 INFO"));
        assert!(looks_like_stamp(b"2021-08-03 02:54:43"));
        assert!(!looks_like_stamp(b"2021-08-03T02:54:4"));
        assert!(!looks_like_stamp(b"second line of the reason"));
        assert!(!looks_like_stamp(b""));
    }
}
