//! References to entries that stay valid while the log grows and after rotation: the stamp in
//! ISO 8601's basic form, `20210803T025443.440`, with `~2`, `~3` for further entries of a file
//! that share it.
//!
//! Entries with one stamp are written close together: an entry whose stamp one of the last
//! [`WINDOW`] entries of its file also has takes the next number after that one's, and
//! otherwise `1`. A run of any length numbers on (`~70` after `~69`), memory stays bounded, and
//! every reader that reads the file in order gives the same answer.
//!
//! In the hour repeated when daylight saving ends, a stamp written without an offset stands
//! for two instants; the second pass's (as file order decides, see [`Clock`]) names its offset,
//! `20261025T021000.000+0100`, so that the passes' entries never share a reference however far
//! apart they are.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Utc};

use crate::stamp::Stamp;
use crate::time::{Clock, TOLERANCE_MS, Zone};

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

/// Gives each entry of a file its reference, and the instant its stamp stands for, in file
/// order: every frame that starts with a readable stamp counts, whether or not the rest of it
/// reads. The instant of a stamp in the hour repeated when daylight saving ends is decided by
/// the entries before it, as [`Clock`] says.
#[derive(Clone, Debug)]
pub struct RefCounter {
    /// The last stamps, as (wall-clock nanoseconds, offset), with the number each was given,
    /// in a ring.
    ring: [(Bucket, u32); WINDOW],
    len: usize,
    next: usize,
    clock: Clock,
}

/// An entry's reference and the instant its stamp stands for.
pub type Counted = (Ref, DateTime<Utc>);

/// What makes two stamps the same: the wall-clock time and the offset written.
type Bucket = (i64, i32);

fn key(stamp: Stamp) -> Bucket {
    let t = stamp.local.and_utc();
    (
        t.timestamp()
            .saturating_mul(1_000_000_000)
            .saturating_add(i64::from(t.timestamp_subsec_nanos())),
        stamp.offset.unwrap_or(i32::MIN),
    )
}

impl RefCounter {
    /// A counter for the start of a file whose stamps are written in `zone`.
    pub fn new(zone: Zone) -> RefCounter {
        RefCounter {
            ring: [((0, 0), 0); WINDOW],
            len: 0,
            next: 0,
            clock: Clock::new(zone, TOLERANCE_MS),
        }
    }

    /// The reference of the next entry, which has this stamp.
    pub fn next(&mut self, stamp: Stamp) -> Ref {
        self.clock.step(stamp);
        // A stamp of the repeated hour's second pass names its offset: the passes' entries
        // may be farther apart than the window, and must not share a reference.
        let stamp = self.clock.named().unwrap_or(stamp);
        let key = key(stamp);
        // The newest of the window with this stamp numbers on.
        let nth = (1..=self.len)
            .map(|back| self.ring[(self.next + WINDOW - back) % WINDOW])
            .find(|(k, _)| *k == key)
            .map_or(1, |(_, nth)| nth.saturating_add(1));
        self.ring[self.next] = (key, nth);
        self.next = (self.next + 1) % WINDOW;
        self.len = (self.len + 1).min(WINDOW);
        Ref { stamp, nth }
    }

    /// The reference of the next entry, which has this stamp, and the instant it stands for.
    pub fn count(&mut self, stamp: Stamp) -> Counted {
        let reference = self.next(stamp);
        let instant = self
            .clock
            .last()
            .unwrap_or_else(|| self.zone().instants(stamp).0);
        (reference, instant)
    }

    /// The instant the stamp of the entry last counted stands for.
    pub fn instant(&self) -> Option<DateTime<Utc>> {
        self.clock.last()
    }

    /// Takes up where a file before this one ended (see [`Clock::follow_on`]).
    pub fn follow_on(&mut self, state: (DateTime<Utc>, bool)) {
        self.clock.follow_on(state);
    }

    /// Where its clock stands (see [`Clock::state`]).
    pub fn clock_state(&self) -> Option<(DateTime<Utc>, bool)> {
        self.clock.state()
    }

    /// Reads the stamps from here on in `zone`: for a reader that learns it only when it
    /// starts.
    pub fn read_in(&mut self, zone: Zone) {
        if self.clock.zone() != zone {
            self.clock = Clock::new(zone, TOLERANCE_MS);
        }
    }

    /// The zone its stamps are read in.
    pub fn zone(&self) -> Zone {
        self.clock.zone()
    }

    /// Starts the numbering over for the next file of a rotated set, or the file that replaced
    /// the one followed; the instants follow on from where that one ended.
    pub fn new_file(&mut self) {
        self.len = 0;
        self.next = 0;
    }

    /// Starts over, for a new file.
    pub fn reset(&mut self) {
        self.len = 0;
        self.next = 0;
        self.clock.reset();
    }

    /// The counter as it stands after the entries with these stamps, the last entries before
    /// some point of a file; `from_start` says they are all the entries before it. `None` when
    /// they are too few to tell: a run of shared stamps may reach back past them, and more
    /// must be read.
    ///
    /// A number depends only on the entries of its window, so replaying can start at any entry
    /// that no run crosses: one whose window shares no stamp with it or any later entry. The
    /// entries of a window before that start are needed to see that, and a window after it
    /// must be replayed for the ring.
    ///
    /// The instants are replayed from the last stamp at or before that entry that reads as
    /// one instant whatever came before it (see [`Clock::is_plain`]); where there is none, all
    /// of the hour repeated when daylight saving ends, more must be read too.
    ///
    /// From the start of a file, the instants follow on from `before`, where the file before
    /// it in its rotated set ended (see [`Clock::follow_on`]).
    pub fn after(
        zone: Zone,
        stamps: &[Stamp],
        from_start: bool,
        before: Option<(DateTime<Utc>, bool)>,
    ) -> Option<RefCounter> {
        let start = if from_start {
            0
        } else {
            let n = stamps.len();
            if n < 2 * WINDOW {
                return None;
            }
            // crossed[t]: a run crosses the boundary just before entry t.
            let mut crossed = vec![false; n + 1];
            let mut last: HashMap<Bucket, usize> = HashMap::new();
            for (j, &stamp) in stamps.iter().enumerate() {
                if let Some(p) = last.insert(key(stamp), j)
                    && j - p <= WINDOW
                {
                    crossed[p + 1..=j].iter_mut().for_each(|c| *c = true);
                }
            }
            (WINDOW..=n - WINDOW).find(|&t| !crossed[t])?
        };
        // The clock starts right only at a stamp that reads as one instant; a reference's key
        // needs the clock (the second pass names its offset), so both are replayed from the
        // last such stamp at or before the start. Numbering from further back is right too:
        // no run crosses the start.
        let mut refs = RefCounter::new(zone);
        if let (true, Some(state)) = (from_start, before) {
            refs.clock.follow_on(state);
        }
        let from = match from_start {
            true => 0,
            false => stamps[..=start]
                .iter()
                .rposition(|&s| refs.clock.is_plain(s))?,
        };
        for &stamp in &stamps[from..] {
            refs.next(stamp);
        }
        Some(refs)
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
        let mut c = RefCounter::new(Zone::System);
        let nths: Vec<u32> = [a, a, b, a].into_iter().map(|s| c.next(s).nth).collect();
        assert_eq!(nths, [1, 2, 1, 3]);
        c.reset();
        assert_eq!(c.next(a).nth, 1);
        // Only the last WINDOW stamps count.
        let mut c = RefCounter::new(Zone::System);
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

    /// 70 entries with one stamp once gave the last six `~65` each, and `show …~66` found none.
    #[test]
    fn a_run_longer_than_the_window_numbers_on() {
        let a = Stamp::parse("2026-11-23T10:00:00,000").unwrap();
        let mut c = RefCounter::new(Zone::System);
        let nths: Vec<u32> = (0..200).map(|_| c.next(a).nth).collect();
        assert_eq!(nths, (1..=200).collect::<Vec<u32>>());
    }

    /// A counter rebuilt from the entries before a point numbers on as one that read the
    /// file from its start, or says it needs more.
    #[test]
    fn a_counter_rebuilt_from_a_window_agrees_with_one_from_the_start() {
        let at = |ms: u32| {
            let mut s = Stamp::parse("2026-11-23T10:00:00,000").unwrap();
            s.local += chrono::Duration::milliseconds(i64::from(ms));
            s
        };
        // Runs of every length, interleaved as racing writers interleave them.
        let stamps: Vec<Stamp> = (0..2000u32)
            .map(|i| match i % 7 {
                0 | 3 => at(i / 300),
                5 => at(i / 5),
                _ => at(i),
            })
            .collect();
        let mut whole = RefCounter::new(Zone::System);
        let want: Vec<u32> = stamps.iter().map(|s| whole.next(*s).nth).collect();
        let mut rebuilt_mid_file = 0;
        for split in [0usize, 1, 64, 127, 128, 500, 1000, 1999] {
            for back in [0, 10, 128, 300, 2000] {
                let from = split.saturating_sub(back);
                let Some(mut rebuilt) =
                    RefCounter::after(Zone::System, &stamps[from..split], from == 0, None)
                else {
                    assert!(from > 0, "from the start it always knows");
                    continue;
                };
                let got: Vec<u32> = stamps[split..]
                    .iter()
                    .map(|s| rebuilt.next(*s).nth)
                    .collect();
                assert_eq!(got, want[split..], "split {split}, back {back}");
                rebuilt_mid_file += usize::from(from > 0);
            }
        }
        assert!(rebuilt_mid_file >= 3, "{rebuilt_mid_file}");
        // One long run: only the whole of it tells.
        let run = vec![at(0); 300];
        assert!(RefCounter::after(Zone::System, &run[100..], false, None).is_none());
        let mut rebuilt = RefCounter::after(Zone::System, &run, true, None).unwrap();
        assert_eq!(rebuilt.next(at(0)).nth, 301);
    }
}
