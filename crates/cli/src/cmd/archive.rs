//! `auditlog archive --before TIME`: the old entries of a log auditlog writes, moved into a
//! gzip archive beside it, with nothing lost whenever it is stopped.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use auditlog::archive::{Step, archive};
use auditlog::safe::{one_line, safe_path};
use auditlog::scan::STDIN;
use auditlog::time::{Edge, parse_time};

use crate::cli::ArchiveArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::output::warn;

pub fn run(args: &ArchiveArgs, ctx: &Context) -> Result<Exit> {
    let log = ctx.single_file("archives")?;
    if log.as_os_str() == STDIN {
        bail!("archive moves entries out of a log file: name one with --file PATH");
    }
    ctx.logs_exist()?;
    let before = parse_time(&args.before, ctx.now.instant, ctx.zone, Edge::Start)
        .map_err(|e| anyhow!("invalid time {:?} for --before: {e}", args.before))?;
    // Fault injection for the tests: AUDITLOG_FAILPOINT=archive:STEP kills the process with
    // SIGKILL once STEP is done, as a crash or a `kill -9` would.
    let failpoint = std::env::var("AUDITLOG_FAILPOINT").ok();
    let mut step = |done: Step| {
        if failpoint.as_deref() == Some(&format!("archive:{}", done.name())) {
            let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
        }
    };
    let archived = archive(log, before, ctx.zone, &mut step)?;
    let mut out = std::io::stdout();
    match archived {
        Some(done) => {
            if done.finished_earlier {
                warn("finished an archive an earlier run had begun")?;
            }
            writeln!(
                out,
                "moved {} entries ({} lines, {} bytes) from {} into {}",
                done.entries,
                done.lines,
                done.bytes,
                safe_path(log),
                safe_path(&done.path)
            )?;
        }
        None => writeln!(
            out,
            "nothing in {} is stamped before {}",
            safe_path(log),
            one_line(&args.before)
        )?,
    }
    Ok(Exit::Done)
}
