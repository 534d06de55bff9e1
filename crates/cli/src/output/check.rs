//! How `check` says what it found: each finding as FILE:LINE: WHY, and a summary per file.

use auditlog::lint::{Flag, Linted};
use auditlog::scan::objects::Outside;

use super::Palette;

/// A finding as `check` says it: FILE:LINE: WHY.
pub fn finding(finding: &Flag, name: &str, p: Palette) -> String {
    let (line, why) = match finding {
        Flag::Malformed(m) => (m.origin.line, m.why.clone()),
        Flag::Backwards {
            line,
            stamp,
            before: (before, before_line),
            millis,
        } => (
            *line,
            format!(
                "{} by {}: {stamp} after {before} at line {before_line}",
                p.bad("time goes back"),
                human_millis(*millis)
            ),
        ),
        Flag::NoTail { line } => (
            *line,
            format!(
                "{}: the entry has no ' - TIMESPENT: … - TICKET: …', which JS7 writes (a write cut short, or a reason that goes on in what reads as the next entry)",
                p.bad("cut short?")
            ),
        ),
        Flag::Unended { line } => (
            *line,
            format!(
                "{}: the last line has no line end (a write cut short, or one still going on)",
                p.bad("cut short?")
            ),
        ),
    };
    format!("{}:{}: {why}", p.path(name), p.line(line))
}

/// The summary line of a file.
pub fn summary(linted: &Linted, name: &str, p: Palette) -> String {
    format!(
        "{}: {} {}, {} malformed {}, {} {} back in time{}{}",
        p.path(name),
        linted.entries,
        plural(linted.entries, "entry", "entries"),
        linted.malformed,
        plural(linted.malformed, "line", "lines"),
        linted.backwards,
        plural(linted.backwards, "step", "steps"),
        match linted.cut_short {
            0 => String::new(),
            1 => ", 1 sign of a write cut short".to_owned(),
            n => format!(", {n} signs of a write cut short"),
        },
        if linted.failed.is_some() {
            ", and it could not be read to its end"
        } else {
            ""
        },
    )
}

/// The summary of the join of the entries and the objects log named `name`: its lines that
/// cannot be read, its IDs no entry has, the entries with no line in it, and what each side
/// holds from before the other begins.
pub fn joins_summary(
    name: &str,
    (unreadable, no_entry, no_line): (usize, usize, usize),
    outside: Outside,
    p: Palette,
) -> String {
    let n = |n: usize| n as u64;
    let before = match outside {
        Outside {
            lines: (0, 0),
            entries: (0, 0),
        } => String::new(),
        Outside {
            lines: (lines_before, lines_after),
            entries: (entries_before, entries_after),
        } => format!(
            "; not compared, outside the other's IDs: {lines_before} {} before and {lines_after} after the log's, {entries_before} {} before and {entries_after} after the objects log's",
            plural(n(lines_before), "line", "lines"),
            plural(n(entries_before), "entry", "entries"),
        ),
    };
    format!(
        "{}: {unreadable} unreadable {}, {no_entry} {} no entry has, {no_line} {} with no line in it{before}",
        p.path(name),
        plural(n(unreadable), "line", "lines"),
        plural(n(no_entry), "ID", "IDs"),
        plural(n(no_line), "entry", "entries"),
    )
}

/// A step back in time as people read it: `1m 2.345s`.
fn human_millis(ms: u64) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms % 60_000);
    let secs = format!("{}.{:03}s", s / 1000, s % 1000);
    match (h, m) {
        (0, 0) => secs,
        (0, m) => format!("{m}m {secs}"),
        (h, m) => format!("{h}h {m}m {secs}"),
    }
}

/// The word for `n` of a thing.
fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
