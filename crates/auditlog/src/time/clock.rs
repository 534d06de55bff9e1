//! Time as a log's entries tell it: each stamp read as the instant that follows on from the
//! one before it in the file.

use chrono::{DateTime, Duration, NaiveDateTime, Timelike, Utc};

use super::Zone;
use crate::stamp::Stamp;

/// Time as a log's entries tell it, entry by entry: each stamp is read as the instant that
/// follows on from the one before, so that in the hour repeated when daylight saving ends the
/// second pass reads as the later instants, and only a real step back is one. From the first
/// pass, of a stamp's two instants behind the last one's the nearer is taken: a step back of
/// seconds stays in it, and the second pass begins where the wall clock goes back most of an
/// hour; in the second pass, it goes on.
#[derive(Clone, Debug)]
pub struct Clock {
    zone: Zone,
    tolerance: Duration,
    /// The last entry's stamp, and the instant it was read as.
    last: Option<(Stamp, DateTime<Utc>)>,
    /// The last wall-clock minute read in the zone, and how far its earliest and latest
    /// readings lie behind it: the zone's offsets change only on a minute's start, and
    /// entries come many a minute.
    minute: Option<(NaiveDateTime, (Duration, Duration))>,
    /// Whether the last stamp was read as the later of two instants it may stand for: the
    /// second pass of the hour repeated when daylight saving ends.
    later: bool,
}

/// How far back a stamp may be from the one before and still read as following on from it:
/// `check`'s `--backwards-tolerance` unless told.
pub const TOLERANCE_MS: u64 = 1000;

impl Clock {
    /// A clock of a log written in `zone` that lets a stamp go back up to `tolerance_ms`
    /// before reading it as a step back.
    pub fn new(zone: Zone, tolerance_ms: u64) -> Clock {
        Clock {
            zone,
            tolerance: Duration::milliseconds(tolerance_ms.min(i64::MAX as u64) as i64),
            last: None,
            minute: None,
            later: false,
        }
    }

    /// Takes the next entry's stamp: the instant it is read as, and how many milliseconds it
    /// goes back, when more than the tolerance.
    pub fn step(&mut self, next: Stamp) -> (DateTime<Utc>, Option<u64>) {
        let (earliest, latest) = self.instants(next);
        let Some((before, at)) = self.last else {
            self.last = Some((next, earliest));
            self.later = false;
            return (earliest, None);
        };
        let (read, back) = if before.offset.is_some() != next.offset.is_some() {
            // One stamp has an offset and one not: the writers disagree on the zone, and the
            // wall-clock times as written are what compare.
            (earliest, before.local - next.local)
        } else if earliest >= at - self.tolerance {
            (earliest, Duration::zero())
        } else if latest >= at - self.tolerance && (self.later || latest - at <= at - earliest) {
            // In the second pass of the repeated hour, it goes on; from the first, it begins
            // where going forward is nearer than going back.
            (latest, Duration::zero())
        } else if latest >= at - self.tolerance {
            // Nearer back: a clock stepped back a little in the first pass.
            (earliest, at - earliest)
        } else {
            (latest, at - latest)
        };
        self.last = Some((next, read));
        self.later = earliest != latest && read == latest;
        let back = u64::try_from(back.num_milliseconds())
            .ok()
            .filter(|&ms| ms > 0 && back > self.tolerance);
        (read, back)
    }
}

impl Clock {
    /// The earliest and latest instants a stamp may stand for (see [`Zone::instants`]), the
    /// zone asked once a wall-clock minute.
    fn instants(&mut self, stamp: Stamp) -> (DateTime<Utc>, DateTime<Utc>) {
        if stamp.offset.is_some() {
            return self.zone.instants(stamp);
        }
        let minute = stamp
            .local
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0));
        let Some(minute) = minute else {
            return self.zone.instants(stamp);
        };
        let (early, late) = match self.minute {
            Some((known, behind)) if known == minute => behind,
            _ => {
                let (earliest, latest) = self.zone.resolve(minute);
                let behind = (minute - earliest.naive_utc(), minute - latest.naive_utc());
                self.minute = Some((minute, behind));
                behind
            }
        };
        let at = |behind: Duration| (stamp.local - behind).and_utc();
        (at(early), at(late))
    }

    /// The zone it reads stamps in.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// The instant the last stamp was read as.
    pub fn last(&self) -> Option<DateTime<Utc>> {
        self.last.map(|(_, at)| at)
    }

    /// Takes up where a file before this one ended (see [`Clock::state`]): a log rotated in
    /// the repeated hour goes on in the pass it was in.
    pub fn follow_on(&mut self, (at, later): (DateTime<Utc>, bool)) {
        self.last = Some((Stamp::local(at.naive_utc()), at));
        self.later = later;
    }

    /// Where the clock stands: the instant the last stamp was read as, and whether it was in
    /// the repeated hour's second pass.
    pub fn state(&self) -> Option<(DateTime<Utc>, bool)> {
        self.last.map(|(_, at)| (at, self.later))
    }

    /// Forgets the stamps before: the next one starts a file.
    pub fn reset(&mut self) {
        self.last = None;
        self.later = false;
    }

    /// The last stamp as it names its instant: as written, but for one read as the later of
    /// two instants (the repeated hour's second pass), which carries the offset it was read
    /// with (`02:10:00+01:00`), so that the passes' stamps stay apart.
    pub fn named(&self) -> Option<Stamp> {
        let (stamp, at) = self.last?;
        Some(match self.later {
            true => Stamp {
                local: stamp.local,
                offset: i32::try_from((stamp.local - at.naive_utc()).num_seconds()).ok(),
            },
            false => stamp,
        })
    }

    /// Whether a stamp reads as one instant whatever came before it: all but those of the hour
    /// repeated when daylight saving ends.
    pub fn is_plain(&self, stamp: Stamp) -> bool {
        let (earliest, latest) = self.zone.instants(stamp);
        earliest == latest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asked once a minute, the zone gives what it gives asked for every stamp: across both
    /// of Berlin's changes, the skipped hour and the repeated one, and in a zone whose offset
    /// is not whole hours.
    #[test]
    fn the_zone_asked_once_a_minute_reads_every_stamp_as_asked_each_time() {
        for (zone, from) in [
            ("Europe/Berlin", "2026-03-29T01:30:00"),
            ("Europe/Berlin", "2026-10-25T01:30:00"),
            ("Australia/Lord_Howe", "2026-04-05T01:00:00"),
        ] {
            let zone = Zone::parse(zone).unwrap();
            let mut clock = Clock::new(zone, TOLERANCE_MS);
            let from: NaiveDateTime = from.parse().unwrap();
            for step in 0..(3 * 3600 / 7) {
                let stamp = Stamp::local(from + Duration::milliseconds(step * 7_001));
                assert_eq!(clock.instants(stamp), zone.instants(stamp), "{stamp}");
            }
        }
    }

    /// A clock stepping back two seconds in the first pass of the repeated hour was read as
    /// the second pass beginning, and the rest of the first pass an hour late. Of the two
    /// instants behind, the nearer is taken: the step back stays a step back, and the pass
    /// ends where the wall clock goes back most of an hour.
    #[test]
    fn a_step_back_of_seconds_stays_in_the_first_pass() {
        let zone = Zone::parse("Europe/Berlin").unwrap();
        let mut clock = Clock::new(zone, TOLERANCE_MS);
        let read: Vec<(String, Option<u64>)> = [
            "02:20:00", "02:20:05", "02:20:03", "02:50:00", "02:10:00", "02:40:00", "02:41:00",
            "03:05:00",
        ]
        .iter()
        .map(|t| {
            let stamp = Stamp::parse(&format!("2026-10-25T{t},000")).unwrap();
            let (at, back) = clock.step(stamp);
            (at.format("%H:%M:%S").to_string(), back)
        })
        .collect();
        let want = [
            ("00:20:00", None),
            ("00:20:05", None),
            ("00:20:03", Some(2000)),
            ("00:50:00", None),
            ("01:10:00", None),
            ("01:40:00", None),
            ("01:41:00", None),
            ("02:05:00", None),
        ];
        let want: Vec<(String, Option<u64>)> =
            want.iter().map(|(t, b)| (t.to_string(), *b)).collect();
        assert_eq!(read, want);
    }
}
