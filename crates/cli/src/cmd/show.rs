//! `auditlog show REF`: one entry in full, found by its reference, stamp or JOC ID in the log
//! and its rotated siblings; or one job execution's detail view, its JSON, or the output it
//! kept.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use auditlog::execution::is_id_prefix;
use auditlog::safe::{one_line, safe_path};
use auditlog::search::{Lookup, Wanted, find_entry, find_execution};

use crate::cli::{ShowArgs, ShowFormat};
use crate::context::Context;
use crate::exit::Exit;
use crate::output::{EntryRow, ExecutionRow, Row, Warnings, detail, stdout, warn};
use crate::supervise::default_output_dir;

pub fn run(args: &ShowArgs, ctx: &Context) -> Result<Exit> {
    let text = args.reference.trim();
    if is_id_prefix(text) {
        return execution(args, ctx, text);
    }
    if args.log {
        bail!("--log is for job executions: {text:?} is not an execution ID");
    }
    let target = Wanted::parse(text).ok_or_else(|| {
        anyhow!(
            "invalid reference {text:?}: give a reference from list (20261123T095301.440, with ~2 for a second entry of that stamp), a stamp (2026-11-23T09:53:01,440), a JOC ID (85941), or a job execution's ID (20261123-020000-7f3a9c, or its start)"
        )
    })?;
    ctx.logs_exist()?;
    let streams = ctx.streams_all()?;
    // The last log's members first, each log's oldest first, as show has always said them.
    let warnings = Warnings::new(streams.iter().rev().flatten());
    let lookup = find_entry(&streams, &target, ctx.zone, ctx.cache(), &mut |e| {
        warnings.failed(e)
    });
    match lookup {
        Lookup::Found(found, doubt) => {
            if let Some(doubt) = doubt {
                warnings.malformed(&doubt);
            }
            let pager = ctx.pager()?;
            let mut out = stdout();
            match args.output {
                ShowFormat::Json => out.write_all(&json_line(&EntryRow::new(*found)))?,
                ShowFormat::Text => {
                    let objects = ctx.objects_text(found.entry.id, &mut |m| {
                        let _ = warn(format!("{m}"));
                    })?;
                    out.write_all(detail::entry(&found, objects, ctx.palette).as_bytes())?;
                }
            }
            out.flush()?;
            drop(out);
            drop(pager);
            warnings.exit(true)
        }
        Lookup::Unreadable(m) => {
            warnings.failed(format!("the entry {text} cannot be shown: {m}"));
            warnings.exit(false)
        }
        Lookup::Missing => {
            let names: Vec<String> = ctx.files.iter().map(|f| safe_path(f)).collect();
            warn(format!(
                "no entry {text} in {} or its rotated siblings",
                names.join(", ")
            ))?;
            warnings.exit(false)
        }
    }
}

/// `show EXECUTION-ID`: the job audit log's detail view, its JSON, or its kept output.
fn execution(args: &ShowArgs, ctx: &Context, prefix: &str) -> Result<Exit> {
    ctx.logs_exist()?;
    let streams = ctx.streams_all()?;
    let warnings = Warnings::new(streams.iter().flatten());
    let found = find_execution(&streams, prefix, ctx.zone, ctx.cache(), &mut |event| {
        warnings.note(event);
    })?;
    let Some(execution) = found else {
        let names: Vec<String> = ctx.files.iter().map(|f| safe_path(f)).collect();
        warn(format!("no job execution {prefix} in {}", names.join(", ")))?;
        return warnings.exit(false);
    };
    let status = execution.status(&ctx.liveness(std::time::Duration::from_secs(86_400)));
    let pager = ctx.pager()?;
    let mut out = stdout();
    if args.log {
        let Some(path) = execution
            .finished
            .as_ref()
            .and_then(|(f, _)| f.output.as_deref())
        else {
            bail!(
                "execution {} kept no output ({status})",
                execution.started.id
            );
        };
        let dir = args
            .output_dir
            .clone()
            .unwrap_or_else(|| default_output_dir(&ctx.files[0]));
        let bytes = kept_output(Path::new(path), &dir, &execution.started.id).map_err(|err| {
            anyhow!(
                "cannot read the output of {} from {}: {err}",
                execution.started.id,
                safe_path(Path::new(path))
            )
        })?;
        if ctx.screen.terminal {
            // A job's output may hold escape sequences: on a terminal they are shown, not run.
            for line in String::from_utf8_lossy(&bytes).split_inclusive('\n') {
                let (text, end) = line.strip_suffix('\n').map_or((line, ""), |t| (t, "\n"));
                write!(out, "{}{end}", one_line(text))?;
            }
        } else {
            out.write_all(&bytes)?;
        }
    } else if args.output == ShowFormat::Json {
        out.write_all(&json_line(&ExecutionRow {
            execution,
            status,
            zone: ctx.zone,
        }))?;
    } else {
        let view = detail::execution(&execution, status, &ctx.files[0], ctx.palette);
        out.write_all(view.as_bytes())?;
    }
    out.flush()?;
    drop(out);
    drop(pager);
    warnings.exit(true)
}

/// A row's JSON on a line of its own.
fn json_line(row: &impl Row) -> Vec<u8> {
    let mut line = Vec::new();
    row.json(&mut line);
    line.push(b'\n');
    line
}

/// The most bytes of kept output `show --log` reads: more than `run --max-output` keeps by
/// default, and a bound whatever a log says.
const MAX_KEPT: u64 = 256 << 20;

/// The output `run` kept at `path`, read only when it is a regular file named `<id>.log` in
/// `dir` (links resolved, no device, no FIFO) and no larger than [`MAX_KEPT`]: a log names the
/// file, and a log can be written by others.
fn kept_output(path: &Path, dir: &Path, id: &str) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind};
    let refuse = |why: String| Error::new(ErrorKind::InvalidInput, why);
    let dir = dir.canonicalize().map_err(|e| {
        refuse(format!(
            "the output directory {} cannot be read: {e}",
            safe_path(dir)
        ))
    })?;
    let real = path.canonicalize()?;
    // Each job's outputs are in a directory of its own there; those of earlier versions are
    // in it directly.
    let parent = real.parent();
    let inside =
        parent == Some(dir.as_path()) || parent.and_then(Path::parent) == Some(dir.as_path());
    if !inside || real.file_name() != Some(std::ffi::OsStr::new(&format!("{id}.log"))) {
        return Err(refuse(format!(
            "it is not {id}.log in the output directory {} (give --output-dir where `run` kept it)",
            safe_path(&dir)
        )));
    }
    auditlog::durable::read_small(&real, MAX_KEPT)
}
