//! `auditlog check`: lints logs, every line of them. Counts entries, reports every line that is
//! not an entry, every place where time goes backwards by more than the tolerance (as instants
//! in the log's zone, so the hour repeated when daylight saving ends is not a step back), and
//! what a write cut short leaves: a last line without a line end, and an entry in JS7's form
//! without TIMESPENT and TICKET among entries that have them. It reads what `list` reads: gzip
//! members, rotated sets with `--rotated`, standard input and pipes.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use auditlog::Stamp;
use auditlog::format::{has_tail, safe_path};
use auditlog::scan::{Event, Scan};
use auditlog::time::Zone;

use super::Context;
use crate::cli::CheckArgs;
use crate::output::{Palette, stdout, warn};

pub fn run(args: &CheckArgs, ctx: &Context) -> Result<ExitCode> {
    ctx.logs_exist()?;
    let mut out = stdout();
    let (mut clean, mut failed) = (true, false);
    for file in ctx.streams()?.iter().flatten() {
        match check_file(file, args, ctx.zone, ctx.palette, &mut out)? {
            Some(found) => clean &= !found,
            None => failed = true,
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Lints one file and prints what it found and a summary; `Some(found anything)`, or `None`
/// when the file could not be read to its end.
fn check_file(
    file: &Path,
    args: &CheckArgs,
    zone: Zone,
    p: Palette,
    out: &mut impl Write,
) -> Result<Option<bool>> {
    let name = safe_path(file);
    let (mut entries, mut malformed, mut backwards, mut torn) = (0u64, 0u64, 0u64, 0u64);
    let mut last: Option<(Stamp, u64)> = None;
    let mut clock = Clock::new(zone, args.backwards_tolerance);
    // Whether an entry of the file has had the tail JS7 writes, and whether the last frame
    // ended with a line end.
    let (mut tails, mut line_end) = (false, true);
    let mut last_line = 0;
    let mut scan = Scan::new(vec![file.to_owned()]);
    let mut failure = None;
    loop {
        let event = match scan.next_event() {
            Ok(Some(event)) => event,
            Ok(None) => break,
            Err(error) => {
                failure = Some(error);
                break;
            }
        };
        match event {
            Event::Entry { entry, raw, .. } => {
                entries += 1;
                let line = entry.origin.as_ref().map_or(0, |o| o.line);
                let lines = bytecount::count(raw, b'\n') as u64;
                last_line = line + lines.saturating_sub(1);
                line_end = raw.ends_with(b"\n");
                let back = clock.step(entry.created);
                if let (Some((before, before_line)), Some(back)) = (last, back) {
                    backwards += 1;
                    writeln!(
                        out,
                        "{}:{}: {} by {}: {} after {} at line {before_line}",
                        p.path(&name),
                        p.line(line),
                        p.bad("time goes back"),
                        human_millis(back),
                        entry.created,
                        before,
                    )?;
                }
                last = Some((entry.created, line));
                // JobScheduler 1.x wrote entries without the tail, with a space in the stamp;
                // JS7 writes the `T` and always the tail.
                if closed(raw) {
                    tails = true;
                } else if tails && raw.get(10) == Some(&b'T') {
                    torn += 1;
                    writeln!(
                        out,
                        "{}:{}: {}: the entry has no ' - TIMESPENT: … - TICKET: …', which JS7 writes and the entries before it have",
                        p.path(&name),
                        p.line(line),
                        p.bad("cut short?"),
                    )?;
                }
            }
            Event::Malformed(m) => {
                malformed += m.lines;
                // Reported as it is, line end or not.
                line_end = true;
                writeln!(
                    out,
                    "{}:{}: {}",
                    p.path(&name),
                    p.line(m.origin.line),
                    m.why
                )?;
            }
        }
    }
    if !line_end {
        torn += 1;
        writeln!(
            out,
            "{}:{}: {}: the last line has no line end (a write cut short, or one still going on)",
            p.path(&name),
            p.line(last_line),
            p.bad("cut short?"),
        )?;
    }
    if let Some(error) = &failure {
        warn(error)?;
    }
    writeln!(
        out,
        "{}: {} {}, {} malformed {}, {} {} back in time{}{}",
        p.path(&name),
        entries,
        plural(entries, "entry", "entries"),
        malformed,
        plural(malformed, "line", "lines"),
        backwards,
        plural(backwards, "step", "steps"),
        match torn {
            0 => String::new(),
            1 => ", 1 sign of a write cut short".to_owned(),
            n => format!(", {n} signs of a write cut short"),
        },
        if failure.is_some() {
            ", and it could not be read to its end"
        } else {
            ""
        },
    )?;
    Ok(failure
        .is_none()
        .then_some(malformed > 0 || backwards > 0 || torn > 0))
}

/// Whether an entry's last line holds the ` - TIMESPENT: … - TICKET: …` tail.
fn closed(raw: &[u8]) -> bool {
    let body = raw.strip_suffix(b"\n").unwrap_or(raw);
    let last = memchr::memrchr(b'\n', body).map_or(body, |i| &body[i + 1..]);
    has_tail(last)
}

/// Time as a log's entries tell it, entry by entry: each stamp is read as the instant that
/// follows on from the one before, so that in the hour repeated when daylight saving ends the
/// second pass reads as the later instants, and only a real step back is one.
struct Clock {
    zone: Zone,
    tolerance: chrono::Duration,
    /// The last entry's stamp, and the instant it was read as.
    last: Option<(Stamp, chrono::DateTime<chrono::Utc>)>,
}

impl Clock {
    fn new(zone: Zone, tolerance_ms: u64) -> Clock {
        Clock {
            zone,
            tolerance: chrono::Duration::milliseconds(tolerance_ms.min(i64::MAX as u64) as i64),
            last: None,
        }
    }

    /// Takes the next entry's stamp; how many milliseconds it goes back, when more than the
    /// tolerance.
    fn step(&mut self, next: Stamp) -> Option<u64> {
        let (earliest, latest) = self.zone.instants(next);
        let Some((before, at)) = self.last else {
            self.last = Some((next, earliest));
            return None;
        };
        let (read, back) = if before.offset.is_some() != next.offset.is_some() {
            // One stamp has an offset and one not: the writers disagree on the zone, and the
            // wall-clock times as written are what compare.
            (earliest, before.local - next.local)
        } else if earliest >= at - self.tolerance {
            (earliest, chrono::Duration::zero())
        } else if latest >= at - self.tolerance {
            (latest, chrono::Duration::zero())
        } else {
            (latest, at - latest)
        };
        self.last = Some((next, read));
        u64::try_from(back.num_milliseconds())
            .ok()
            .filter(|&ms| ms > 0 && back > self.tolerance)
    }
}

fn human_millis(ms: u64) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms % 60_000);
    let secs = format!("{}.{:03}s", s / 1000, s % 1000);
    match (h, m) {
        (0, 0) => secs,
        (0, m) => format!("{m}m {secs}"),
        (h, m) => format!("{h}h {m}m {secs}"),
    }
}

fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
