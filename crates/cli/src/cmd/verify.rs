//! `auditlog verify`: checks the seal of a log with the verification key, and says what failed
//! by file and line.

use std::fs;
use std::io::{self, Write};

use anyhow::{Result, anyhow, bail};
use auditlog::safe::{one_line, safe_path};
use auditlog::scan::{STDIN, rotated_set};
use auditlog::seal::{self, Check, SealHead, Verified};
use auditlog::time::parse_duration;

use crate::cli::VerifyArgs;
use crate::context::{Context, verification_key};
use crate::exit::Exit;

pub fn run(args: &VerifyArgs, ctx: &Context) -> Result<Exit> {
    let log = ctx.single_file("verifies")?;
    if log.as_os_str() == STDIN {
        bail!("a seal lies beside a log file: name one with --file PATH, not standard input");
    }
    let key = verification_key(args.key.as_deref(), args.key_file.as_deref())?
        .expect("clap requires --key or --key-file");
    let head = args
        .head
        .as_deref()
        .map(|text| text.parse::<SealHead>())
        .transpose()
        .map_err(|why| anyhow!("invalid --head: {why}"))?;
    let max_delay = match &args.max_delay {
        Some(text) => parse_duration(text).ok_or_else(|| {
            anyhow!("invalid duration {text:?} for --max-delay: write 30m, 2h or 1d")
        })?,
        None => std::time::Duration::from_secs(key.epochs.seconds.saturating_mul(2)),
    };
    if fs::metadata(log).is_ok_and(|meta| !meta.is_file()) {
        bail!("cannot verify {}: not a regular file", safe_path(log));
    }
    let mut files = rotated_set(log)?;
    files.retain(|path| fs::metadata(path).is_ok());
    let check = Check {
        key: &key,
        zone: ctx.zone,
        max_delay: chrono::Duration::from_std(max_delay).unwrap_or(chrono::Duration::MAX),
        head: head.as_ref(),
        now: ctx.now.instant,
    };
    let verified = seal::verify(log, &files, &check)?;
    io::stdout().write_all(report(&verified).as_bytes())?;
    Ok(if verified.intact() && verified.records > 0 {
        Exit::Done
    } else {
        Exit::NothingFound
    })
}

/// The findings, what the seal covers of each file, and the verdict.
fn report(verified: &Verified) -> String {
    let mut out = String::new();
    for finding in &verified.findings {
        out.push_str(&format!("{finding}\n"));
    }
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    for file in &verified.files {
        out.push_str(&format!(
            "{}: sealed by {}: {}, {}\n",
            safe_path(&file.path),
            plural(file.records, "record", "records"),
            plural(file.lines, "line", "lines"),
            plural(file.entries, "entry", "entries")
        ));
    }
    let failures = verified.findings.iter().filter(|f| f.failed).count() as u64;
    let warnings = verified.findings.len() as u64 - failures;
    if failures == 0 && verified.records == 0 {
        out.push_str(&format!(
            "NOTHING VERIFIED: no seal record covers the log yet; {}\n",
            plural(warnings, "warning", "warnings")
        ));
    } else if failures > 0 {
        out.push_str(&format!(
            "NOT INTACT: {}, {}\n",
            plural(failures, "failure", "failures"),
            plural(warnings, "warning", "warnings")
        ));
    } else {
        let newest = match &verified.last {
            Some(r) => format!(
                ", the newest made {} in epoch {}",
                one_line(&r.sealed),
                r.epoch
            ),
            None => String::new(),
        };
        out.push_str(&format!(
            "intact: {}{newest}; {}\n",
            plural(verified.records, "seal record", "seal records"),
            plural(warnings, "warning", "warnings")
        ));
    }
    out
}
