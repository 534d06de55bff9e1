//! `auditlog check`: lints logs, every line of them. Counts entries, reports every line that is
//! not an entry, every place where time goes backwards by more than the tolerance, and what a
//! write cut short leaves: a last line without a line end, and an entry in JS7's form without
//! TIMESPENT and TICKET among entries that have them. It reads what `list` reads: gzip members, rotated sets
//! with `--rotated`, standard input and pipes.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use auditlog::Stamp;
use auditlog::format::{has_tail, safe_path};
use auditlog::scan::{Event, Scan};

use super::Context;
use crate::cli::CheckArgs;
use crate::output::{Palette, stdout, warn};

pub fn run(args: &CheckArgs, ctx: &Context) -> Result<ExitCode> {
    ctx.logs_exist()?;
    let mut out = stdout();
    let (mut clean, mut failed) = (true, false);
    for file in ctx.streams()?.iter().flatten() {
        match check_file(file, args, ctx.palette, &mut out)? {
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
    p: Palette,
    out: &mut impl Write,
) -> Result<Option<bool>> {
    let name = safe_path(file);
    let (mut entries, mut malformed, mut backwards, mut torn) = (0u64, 0u64, 0u64, 0u64);
    let mut last: Option<(Stamp, u64)> = None;
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
                if let Some((before, before_line)) = last
                    && let Some(back) = millis_back(before, entry.created)
                    && back > args.backwards_tolerance
                {
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

/// How many milliseconds `next` lies before `before`, when it does. Stamps that both carry an
/// offset compare as instants; otherwise as wall-clock times.
fn millis_back(before: Stamp, next: Stamp) -> Option<u64> {
    let delta = match (before.fixed_offset(), next.fixed_offset()) {
        (Some(a), Some(b)) => {
            let a = before.local.and_local_timezone(a).single()?;
            let b = next.local.and_local_timezone(b).single()?;
            a.signed_duration_since(b)
        }
        _ => before.local.signed_duration_since(next.local),
    };
    u64::try_from(delta.num_milliseconds())
        .ok()
        .filter(|&ms| ms > 0)
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
