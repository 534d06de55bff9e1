//! `auditlog check`: lints logs. Counts entries, reports every line that is not an entry and
//! every place where time goes backwards by more than the tolerance.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use auditlog::Stamp;
use auditlog::scan::{Item, Reader};

use super::Context;
use crate::cli::CheckArgs;
use crate::output::stdout;

pub fn run(args: &CheckArgs, ctx: &Context) -> Result<ExitCode> {
    let p = ctx.palette;
    let mut out = stdout();
    let mut clean = true;
    for file in &ctx.files {
        let reader =
            Reader::open(file).with_context(|| format!("cannot read {}", file.display()))?;
        let (mut entries, mut malformed, mut backwards) = (0u64, 0u64, 0u64);
        let mut last: Option<(Stamp, u64)> = None;
        for item in reader {
            match item.with_context(|| format!("cannot read {}", file.display()))? {
                Item::Entry(entry) => {
                    entries += 1;
                    let line = entry.origin.as_ref().map_or(0, |o| o.line);
                    if let Some((before, before_line)) = last
                        && let Some(back) = millis_back(before, entry.created)
                        && back > args.backwards_tolerance
                    {
                        backwards += 1;
                        writeln!(
                            out,
                            "{}:{}: {} by {}: {} after {} at line {before_line}",
                            p.path(file.display()),
                            p.line(line),
                            p.bad("time goes back"),
                            human_millis(back),
                            entry.created,
                            before,
                        )?;
                    }
                    last = Some((entry.created, line));
                }
                Item::Malformed(m) => {
                    malformed += 1;
                    writeln!(
                        out,
                        "{}:{}: {}",
                        p.path(m.origin.file.display()),
                        p.line(m.origin.line),
                        m.why
                    )?;
                }
            }
        }
        clean &= malformed == 0 && backwards == 0;
        writeln!(
            out,
            "{}: {} {}, {} malformed {}, {} {} back in time",
            p.path(file.display()),
            entries,
            plural(entries, "entry", "entries"),
            malformed,
            plural(malformed, "line", "lines"),
            backwards,
            plural(backwards, "step", "steps"),
        )?;
    }
    out.flush()?;
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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
