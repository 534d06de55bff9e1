//! What a seal record says about a range of bytes, computed in one pass as the bytes stream by:
//! the running SHA-256, each line's CRC-32, the entries and their first and last stamps, and,
//! when verifying, the first entry sealed too long after its stamp.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use memchr::memchr;
use sha2::{Digest as _, Sha256};

use crate::stamp::{MIN_LEN, Stamp, looks_like_stamp};
use crate::time::Zone;

/// The bytes of a line that can hold its stamp.
const HEAD_LEN: usize = 40;

/// Which entries were sealed too late: those stamped before `threshold` (the start of the
/// sealing epoch less the longest delay allowed), unless they were written before sealing
/// began (`before`, for the records of the first seal only).
#[derive(Clone, Copy, Debug)]
pub struct Lateness {
    zone: Zone,
    threshold: DateTime<Utc>,
    wall: NaiveDateTime,
    before: Option<DateTime<Utc>>,
}

impl Lateness {
    /// Entries stamped before `threshold` are late, unless stamped before `before`.
    pub fn new(zone: Zone, threshold: DateTime<Utc>, before: Option<DateTime<Utc>>) -> Lateness {
        Lateness {
            zone,
            threshold,
            wall: zone.wall_time(threshold),
            before,
        }
    }

    fn is_late(&self, stamp: Stamp) -> bool {
        // A day's margin covers every offset change: past it, the wall clock alone decides.
        if stamp.offset.is_none() && stamp.local > self.wall + Duration::days(1) {
            return false;
        }
        let latest = self.zone.instants(stamp).1;
        latest < self.threshold && self.before.is_none_or(|before| latest >= before)
    }
}

/// An entry sealed too late.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Late {
    /// Its line within the range, from 0.
    pub line: u64,
    /// Its stamp as written.
    pub stamp: String,
}

/// The running digest of a range.
pub struct Digester {
    sha: Sha256,
    crcs: Vec<u32>,
    line: crc32fast::Hasher,
    head: Vec<u8>,
    open: bool,
    entries: u64,
    first: Option<String>,
    last: ([u8; HEAD_LEN], usize),
    lateness: Option<Lateness>,
    late: Option<Late>,
    late_count: u64,
}

/// What a range holds, once digested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digest {
    /// The running SHA-256 after the range.
    pub sha256: [u8; 32],
    /// Each line's CRC-32.
    pub crcs: Vec<u32>,
    /// The lines that begin with a stamp.
    pub entries: u64,
    /// The first entry's stamp, as written.
    pub first: Option<String>,
    /// The last entry's stamp, as written.
    pub last: Option<String>,
    /// The first entry sealed too late, when lateness was judged.
    pub late: Option<Late>,
    /// How many entries were sealed too late.
    pub late_count: u64,
}

impl Digester {
    /// A digest that goes on from `prev`, the running SHA-256 before the range.
    pub fn new(prev: &[u8; 32], lateness: Option<Lateness>) -> Digester {
        let mut sha = Sha256::new();
        sha.update(prev);
        Digester {
            sha,
            crcs: Vec::new(),
            line: crc32fast::Hasher::new(),
            head: Vec::with_capacity(HEAD_LEN),
            open: false,
            entries: 0,
            first: None,
            last: ([0; HEAD_LEN], 0),
            lateness,
            late: None,
            late_count: 0,
        }
    }

    /// Takes the next bytes of the range.
    pub fn update(&mut self, bytes: &[u8]) {
        self.sha.update(bytes);
        let mut pos = 0;
        while pos < bytes.len() {
            let Some(at) = memchr(b'\n', &bytes[pos..]) else {
                self.take_part(&bytes[pos..]);
                return;
            };
            let end = pos + at + 1;
            let line = &bytes[pos..end];
            if self.open {
                self.take_part(line);
                self.end_line();
            } else {
                let crc = crc32fast::hash(line);
                self.line_done(crc, &line[..line.len().min(HEAD_LEN)]);
            }
            pos = end;
        }
    }

    /// The digest of the range; a last line without a line end counts as a line.
    pub fn finish(mut self) -> Digest {
        if self.open {
            self.end_line();
        }
        Digest {
            sha256: self.sha.finalize().into(),
            crcs: self.crcs,
            entries: self.entries,
            first: self.first,
            last: (self.last.1 > 0).then(|| stamp_text(&self.last.0[..self.last.1])),
            late: self.late,
            late_count: self.late_count,
        }
    }

    fn take_part(&mut self, part: &[u8]) {
        self.open = true;
        self.line.update(part);
        let room = HEAD_LEN - self.head.len();
        self.head.extend_from_slice(&part[..part.len().min(room)]);
    }

    fn end_line(&mut self) {
        let crc = std::mem::replace(&mut self.line, crc32fast::Hasher::new()).finalize();
        let head = std::mem::take(&mut self.head);
        self.line_done(crc, &head);
        self.head = head;
        self.head.clear();
        self.open = false;
    }

    fn line_done(&mut self, crc: u32, head: &[u8]) {
        let index = self.crcs.len() as u64;
        self.crcs.push(crc);
        if !looks_like_stamp(head) {
            return;
        }
        self.entries += 1;
        if self.first.is_none() {
            self.first = Some(stamp_text(head));
        }
        self.last.0[..head.len()].copy_from_slice(head);
        self.last.1 = head.len();
        let Some(lateness) = self.lateness else {
            return;
        };
        if Stamp::parse_prefix(head).is_some_and(|(stamp, _)| lateness.is_late(stamp)) {
            self.late_count += 1;
            if self.late.is_none() {
                self.late = Some(Late {
                    line: index,
                    stamp: stamp_text(head),
                });
            }
        }
    }
}

/// The stamp at the start of a line, as written: all of it when it reads as a stamp, else its
/// shape's 19 bytes.
fn stamp_text(head: &[u8]) -> String {
    let len = Stamp::parse_prefix(head).map_or(MIN_LEN, |(_, len)| len);
    String::from_utf8_lossy(&head[..len.min(head.len())]).into_owned()
}
