//! `auditlog seal`: starts a seal (`init`), seals what is new, or prints the head.

use std::fs;
use std::io::Write;
use std::os::fd::AsFd;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::Stamp;
use auditlog::append::append_line;
use auditlog::format::render;
use auditlog::record::{Body, NewEntry};
use auditlog::safe::safe_path;
use auditlog::scan::STDIN;
use auditlog::seal::{self, SealError, SealFiles};
use auditlog::time::parse_duration;

use crate::cli::{SealArgs, SealCommand, SealInitArgs};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::warn;
use crate::recording::{default_account, reason_fields};

/// The request of the entry that records a seal begun again over an existing one.
const FORCED: &str = "./auditlog/seal/init";

pub fn run(args: SealArgs, ctx: &Context) -> Result<Exit> {
    let log = ctx.single_file("seals")?;
    if log.as_os_str() == STDIN {
        bail!("a seal lies beside a log file: name one with --file PATH, not standard input");
    }
    match args.command {
        Some(SealCommand::Init(init)) => start(init, log, ctx),
        None if args.head => {
            let head = seal::head(log)?.ok_or_else(|| {
                anyhow!(
                    "{} holds no seal record yet: run `auditlog seal` first",
                    safe_path(&SealFiles::of(log).seal)
                )
            })?;
            writeln!(std::io::stdout(), "{head}")?;
            Ok(Exit::Done)
        }
        None => {
            let sealed = seal::seal(log, ctx.now.instant)?;
            for note in &sealed.notes {
                warn(note)?;
            }
            if !args.quiet {
                let mut out = String::new();
                for r in &sealed.records {
                    out.push_str(&format!(
                        "sealed {}: bytes {} to {}, {} lines, {} entries, as seal record {} in epoch {}\n",
                        safe_path(Path::new(&r.name)),
                        r.from,
                        r.to,
                        r.lines,
                        r.entries,
                        r.seq,
                        r.epoch
                    ));
                }
                if sealed.records.is_empty() {
                    out = format!("nothing new to seal in {}\n", safe_path(log));
                }
                std::io::stdout().write_all(out.as_bytes())?;
            }
            Ok(Exit::Done)
        }
    }
}

/// `seal init`: the key, printed once, and what to do with it.
fn start(args: SealInitArgs, log: &Path, ctx: &Context) -> Result<Exit> {
    let seconds = parse_duration(&args.epoch)
        .map(|d| d.as_secs())
        .filter(|&s| s >= 1)
        .ok_or_else(|| {
            anyhow!(
                "invalid epoch {:?} for --epoch: write a duration of at least a second, such as 15m or 1h",
                args.epoch
            )
        })?;
    if fs::metadata(log).is_ok_and(|meta| !meta.is_file()) {
        bail!("cannot seal {}: not a regular file", safe_path(log));
    }
    let files = SealFiles::of(log);
    let exists = [&files.key, &files.seal]
        .into_iter()
        .find(|p| fs::symlink_metadata(p).is_ok());
    if let Some(path) = exists
        && !args.force
    {
        return Err(SealError::Exists { path: path.clone() }.into());
    }
    // The key goes out first: a key that cannot be handed out leaves no seal behind.
    let key = seal::new_key(seconds, ctx.now.instant)?;
    hand_out(&key.to_string()).context(
        "the verification key could not be written to standard output, so no seal was made",
    )?;
    let unused = "the verification key printed is not in use; nothing was changed";
    if exists.is_some() {
        record_forced(&args, log, ctx).context(unused)?;
    }
    let moved = seal::init(log, &key, ctx.now.instant, args.force).context(unused)?;
    if let Some(moved) = moved {
        warn(format!(
            "the seal it replaces was moved to {}",
            safe_path(&moved)
        ))?;
    }
    warn(format!(
        "the line on standard output is the verification key of the seal of {}. Keep it off this host, where the people who run it cannot reach it (a password safe, a vault): whoever holds it can verify the seal, and could make one. It is not kept here; without it the seal cannot be verified. Now seal from cron at least once an epoch ({}): auditlog seal --quiet",
        safe_path(log),
        args.epoch
    ))?;
    Ok(Exit::Done)
}

/// Writes the key as the only line on standard output, and makes sure it went somewhere: a
/// closed standard output (which the standard library takes silently), a reader gone and a
/// full disk are errors, never a quiet success.
fn hand_out(key: &str) -> Result<()> {
    let stdout = std::io::stdout();
    // A closed standard output is reopened on /dev/null when the program starts.
    let null = fs::metadata("/dev/null").map(|m| m.rdev()).ok();
    let device =
        nix::sys::stat::fstat(&stdout).map_err(|_| anyhow!("standard output is closed"))?;
    if device.st_mode & nix::libc::S_IFMT == nix::libc::S_IFCHR && Some(device.st_rdev) == null {
        bail!("standard output is closed, or is /dev/null, where the key would be lost");
    }
    let mut out = stdout.lock();
    // Not an `io::Error` past here: a reader gone is a failure, not the quiet end it is for a
    // listing.
    let lost = |error: std::io::Error| anyhow!("{error}");
    out.write_all(format!("{key}\n").as_bytes())
        .and_then(|()| out.flush())
        .map_err(lost)?;
    if let Ok(file) = out.as_fd().try_clone_to_owned().map(std::fs::File::from) {
        // A regular file or a disk is synced, so that the key is on it; a pipe or terminal
        // cannot be, and says so with EINVAL, which is fine.
        match file.sync_all() {
            Err(e) if e.raw_os_error() == Some(nix::libc::EINVAL) => {}
            other => other.map_err(lost)?,
        }
    }
    Ok(())
}

/// Appends the entry that says a seal was begun again, before anything is replaced.
fn record_forced(args: &SealInitArgs, log: &Path, ctx: &Context) -> Result<()> {
    let rules = ctx.config.reason_rules();
    let (reason, time_spent, ticket) = reason_fields(args.reason.clone(), &rules)?;
    let replaced = match seal::head(log) {
        Ok(head) => head.map(|h| h.to_string()),
        Err(error) => Some(format!("unreadable: {error}")),
    };
    let params = serde_json::json!({
        "force": true,
        "epoch": args.epoch,
        "replacedHead": replaced,
    });
    let entry = NewEntry {
        request: FORCED.to_owned(),
        user: default_account()?,
        params: Some(Body::parse(&params.to_string())?),
        reason,
        time_spent,
        ticket,
        id: None,
    }
    .into_entry(Stamp::local(ctx.now.wall).to_millis(), &rules)?;
    append_line(log, &render(&entry), true)?;
    Ok(())
}
