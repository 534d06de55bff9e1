//! References to entries that stay valid while the log grows and after rotation: the stamp in
//! ISO 8601's basic form, `20210803T025443.440`, with `~2`, `~3` for further entries of a file
//! that share it.
//!
//! Entries with one stamp are written close together, so sharing is counted among the last
//! [`WINDOW`] entries of a file: bounded memory, and the same answer from any reader that reads
//! the file in order.

use std::fmt;

use crate::stamp::Stamp;

/// How many preceding entries are looked at for a shared stamp.
pub const WINDOW: usize = 64;

/// A reference to an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ref {
    /// The entry's stamp.
    pub stamp: Stamp,
    /// Which of the entries sharing the stamp, counting from 1.
    pub nth: u32,
}

impl Ref {
    /// Reads a reference: the basic form (`20210803T025443.440~2`) or any stamp form
    /// (`2021-08-03T02:54:43,440~2`).
    pub fn parse(text: &str) -> Option<Ref> {
        let (stamp, nth) = match text.rsplit_once('~') {
            Some((stamp, nth)) => (stamp, nth.parse().ok().filter(|&n| n >= 1)?),
            None => (text, 1),
        };
        let stamp = Stamp::parse(stamp).or_else(|| Stamp::parse(&extended(stamp)?))?;
        Some(Ref { stamp, nth })
    }
}

/// `20210803T025443.440…` → `2021-08-03T02:54:43.440…`.
fn extended(basic: &str) -> Option<String> {
    let b = basic.as_bytes();
    if b.len() < 15 || b[8] != b'T' || !basic.is_char_boundary(15) {
        return None;
    }
    let (date, time, rest) = (&basic[..8], &basic[9..15], &basic[15..]);
    let rest = match rest.as_bytes() {
        [sign @ (b'+' | b'-'), ..] if rest.len() == 5 => {
            format!("{}{}:{}", *sign as char, &rest[1..3], &rest[3..])
        }
        _ => rest.to_owned(),
    };
    Some(format!(
        "{}-{}-{}T{}:{}:{}{rest}",
        &date[..4],
        &date[4..6],
        &date[6..],
        &time[..2],
        &time[2..4],
        &time[4..]
    ))
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.stamp.write(f, true)?;
        if self.nth > 1 {
            write!(f, "~{}", self.nth)?;
        }
        Ok(())
    }
}

/// Gives each entry of a file its reference, in file order: every frame that starts with a
/// readable stamp counts, whether or not the rest of it reads.
#[derive(Clone, Debug)]
pub struct RefCounter {
    /// The last stamps, as wall-clock nanoseconds and offset, in a ring.
    ring: [(i64, i32); WINDOW],
    len: usize,
    next: usize,
}

impl Default for RefCounter {
    fn default() -> RefCounter {
        RefCounter {
            ring: [(0, 0); WINDOW],
            len: 0,
            next: 0,
        }
    }
}

impl RefCounter {
    /// The reference of the next entry, which has this stamp.
    pub fn next(&mut self, stamp: Stamp) -> Ref {
        let t = stamp.local.and_utc();
        let key = (
            t.timestamp() * 1_000_000_000 + i64::from(t.timestamp_subsec_nanos()),
            stamp.offset.unwrap_or(i32::MIN),
        );
        let nth = 1 + self.ring[..self.len].iter().filter(|k| **k == key).count() as u32;
        self.ring[self.next] = key;
        self.next = (self.next + 1) % WINDOW;
        self.len = (self.len + 1).min(WINDOW);
        Ref { stamp, nth }
    }

    /// Starts over, for a new file.
    pub fn reset(&mut self) {
        self.len = 0;
        self.next = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_basic_form_and_reads_every_form() {
        let stamp = Stamp::parse("2021-08-03T02:54:43,440").unwrap();
        let r = Ref { stamp, nth: 1 };
        assert_eq!(r.to_string(), "20210803T025443.440");
        assert_eq!(Ref { stamp, nth: 3 }.to_string(), "20210803T025443.440~3");
        for text in [
            "20210803T025443.440",
            "2021-08-03T02:54:43,440",
            "2021-08-03 02:54:43.440",
        ] {
            assert_eq!(Ref::parse(text), Some(r), "{text}");
        }
        assert_eq!(
            Ref::parse("20210803T025443.440~3"),
            Some(Ref { stamp, nth: 3 })
        );
        let offset = Stamp::parse("2021-08-03T02:54:43,440+02:00").unwrap();
        let r = Ref {
            stamp: offset,
            nth: 2,
        };
        assert_eq!(r.to_string(), "20210803T025443.440+0200~2");
        assert_eq!(Ref::parse("20210803T025443.440+0200~2"), Some(r));
        let z = Ref {
            stamp: Stamp::parse("2021-08-03T02:54:43,440Z").unwrap(),
            nth: 1,
        };
        assert_eq!(Ref::parse(&z.to_string()), Some(z));
        for bad in [
            "",
            "85941",
            "20210803T025443.440~0",
            "20210803T025443.440~",
            "2021080T025443.440",
            "ü0210803T025443.440",
        ] {
            assert_eq!(Ref::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_shared_stamps_in_a_window() {
        let a = Stamp::parse("2021-08-03T02:54:43,440").unwrap();
        let b = Stamp::parse("2021-08-03T02:54:43,441").unwrap();
        let mut c = RefCounter::default();
        let nths: Vec<u32> = [a, a, b, a].into_iter().map(|s| c.next(s).nth).collect();
        assert_eq!(nths, [1, 2, 1, 3]);
        c.reset();
        assert_eq!(c.next(a).nth, 1);
        // Only the last WINDOW stamps count.
        let mut c = RefCounter::default();
        c.next(a);
        for _ in 0..WINDOW - 1 {
            c.next(b);
        }
        assert_eq!(c.next(a).nth, 2);
        for _ in 0..WINDOW {
            c.next(b);
        }
        assert_eq!(c.next(a).nth, 1);
    }
}
