//! `auditlog retention --keep 10y`: the log's rotated files against a retention period, whether
//! each is sealed and verifies, and with `--delete` the expired ones that verify removed, each
//! deletion recorded as an entry in the log first.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::Stamp;
use auditlog::append::append_line;
use auditlog::format::render;
use auditlog::record::{Body, NewEntry};
use auditlog::retention::{DELETED, Member, member};
use auditlog::safe::safe_path;
use auditlog::scan::{STDIN, rotated_set};
use auditlog::seal::{self, Check, Verified};
use chrono::{DateTime, Months, Utc};

use crate::cli::RetentionArgs;
use crate::context::{Context, verification_key};
use crate::exit::Exit;
use crate::output::warn;
use crate::recording::default_account;

/// Whether a rotated file is sealed and verifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Proof {
    Intact,
    Failed,
    Unsealed,
    NotChecked,
}

impl Proof {
    fn name(self) -> &'static str {
        match self {
            Proof::Intact => "intact",
            Proof::Failed => "FAILED",
            Proof::Unsealed => "not sealed",
            Proof::NotChecked => "not checked (no key)",
        }
    }
}

pub fn run(args: &RetentionArgs, ctx: &Context) -> Result<Exit> {
    let log = ctx.single_file("keeps")?;
    if log.as_os_str() == STDIN {
        bail!("retention looks at a log file's rotated files: name one with --file PATH");
    }
    let cutoff = keep_until(&args.keep, ctx.now.instant)?;
    let key = verification_key(args.key.as_deref(), args.key_file.as_deref())?;
    let mut files = rotated_set(log)?;
    files.retain(|p| fs::metadata(p).is_ok());
    let verified = match &key {
        Some(key) => Some(seal::verify(
            log,
            &files,
            &Check {
                key,
                zone: ctx.zone,
                max_delay: chrono::Duration::seconds((key.epochs.seconds * 2) as i64),
                head: None,
                now: ctx.now.instant,
            },
        )?),
        None => None,
    };
    let mut rows = Vec::new();
    for path in files.iter().filter(|p| p.as_path() != log.as_path()) {
        let member = member(path)?;
        let sealed = sealed(verified.as_ref(), path);
        let past = member
            .last
            .is_some_and(|last| ctx.zone.instants(last).1 < cutoff);
        rows.push((member, sealed, past));
    }
    print_rows(&rows, ctx)?;
    if !args.delete {
        return Ok(Exit::Done);
    }
    let mut kept_back = 0;
    for (member, sealed, past) in &rows {
        if !past {
            continue;
        }
        if *sealed != Proof::Intact {
            kept_back += 1;
            warn(format!(
                "kept {}: it is past retention, but {}",
                safe_path(&member.path),
                match sealed {
                    Proof::Failed => "it does not verify",
                    _ => "it is not sealed, so nothing proves it whole",
                }
            ))?;
            continue;
        }
        record_deletion(log, member, &args.keep, ctx)?;
        fs::remove_file(&member.path).with_context(|| {
            format!(
                "the deletion of {} was recorded, but the file could not be removed",
                safe_path(&member.path)
            )
        })?;
        writeln!(std::io::stdout(), "deleted {}", safe_path(&member.path))?;
    }
    Ok(if kept_back > 0 {
        Exit::NothingFound
    } else {
        Exit::Done
    })
}

/// The instant before which a rotated file's last entry is past retention: now less `keep`
/// (`10y`, `18mo`, `6w`, `400d`, `12h`: calendar years and months).
fn keep_until(keep: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let bad = || anyhow!("invalid --keep {keep:?}: write a period such as 10y, 18mo, 6w or 400d");
    let number = |suffix: &str| keep.strip_suffix(suffix)?.parse::<u32>().ok();
    if let Some(years) = number("y") {
        return now
            .checked_sub_months(Months::new(years.saturating_mul(12)))
            .ok_or_else(bad);
    }
    if let Some(months) = number("mo") {
        return now.checked_sub_months(Months::new(months)).ok_or_else(bad);
    }
    if let Some(weeks) = number("w") {
        return Ok(now - chrono::Duration::weeks(i64::from(weeks)));
    }
    let span = auditlog::time::parse_duration(keep).ok_or_else(bad)?;
    Ok(now - chrono::Duration::from_std(span).map_err(|_| bad())?)
}

fn sealed(verified: Option<&Verified>, path: &Path) -> Proof {
    let Some(verified) = verified else {
        return Proof::NotChecked;
    };
    if !verified.files.iter().any(|c| c.path == path) {
        return Proof::Unsealed;
    }
    let failed = verified.findings.iter().any(|f| f.failed && f.file == path);
    // A broken chain breaks every file's proof.
    let chain_broken = verified.findings.iter().any(|f| {
        f.failed
            && f.file
                .extension()
                .is_some_and(|e| e == "seal" || e == "seal-key")
    });
    if failed || chain_broken {
        Proof::Failed
    } else {
        Proof::Intact
    }
}

fn print_rows(rows: &[(Member, Proof, bool)], ctx: &Context) -> Result<()> {
    let stamp = |s: Option<Stamp>| {
        s.map_or_else(
            || "-".to_owned(),
            |s| ctx.zone.wall_of(s).format("%Y-%m-%d %H:%M:%S").to_string(),
        )
    };
    let table: Vec<[String; 6]> = rows
        .iter()
        .map(|(m, sealed, past)| {
            [
                safe_path(m.path.file_name().map_or(m.path.as_path(), Path::new)),
                stamp(m.first),
                stamp(m.last),
                m.size.to_string(),
                sealed.name().to_owned(),
                if *past { "past retention" } else { "kept" }.to_owned(),
            ]
        })
        .collect();
    let header = [
        "FILE",
        "FIRST ENTRY",
        "LAST ENTRY",
        "BYTES",
        "SEAL",
        "RETENTION",
    ]
    .map(str::to_owned);
    let mut widths = header.each_ref().map(|h| h.chars().count());
    for row in &table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&table) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    if table.is_empty() {
        out = "no rotated files beside the log\n".to_owned();
    }
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}

/// Appends the entry that records a rotated file's deletion, before it is deleted.
fn record_deletion(log: &Path, member: &Member, keep: &str, ctx: &Context) -> Result<()> {
    let text = |s: Option<Stamp>| {
        s.map(|s| {
            ctx.zone
                .wall_of(s)
                .format("%Y-%m-%dT%H:%M:%S%.3f")
                .to_string()
        })
    };
    let body = serde_json::json!({
        "file": member.path.file_name().map(|n| n.to_string_lossy().into_owned()),
        "fileId": member.id,
        "first": text(member.first),
        "last": text(member.last),
        "entries": member.entries,
        "bytes": member.size,
        "keep": keep,
    });
    let entry = NewEntry {
        request: DELETED.to_owned(),
        user: default_account()?,
        params: Some(Body::parse(&body.to_string())?),
        reason: Some(format!("Retention period of {keep} passed")),
        time_spent: None,
        ticket: None,
        id: None,
    }
    .into_entry(
        Stamp::local(ctx.now.wall).to_millis(),
        &ctx.config.reason_rules(),
    )?;
    append_line(log, &render(&entry), true)?;
    Ok(())
}
