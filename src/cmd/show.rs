//! `auditlog show REF`: one entry in full. The reference is a stamp (found by reading up to a
//! little past that time) or a JOC ID; the log's rotated siblings are searched too, so a
//! reference stays valid after rotation.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use auditlog::Stamp;
use auditlog::format::one_line;
use auditlog::format::safe_path;
use auditlog::json::{EntryJson, safe_json};
use auditlog::query::Query;
use auditlog::reference::Ref;
use auditlog::scan::engine::{Hit, Plan, search_path};
use auditlog::scan::{Input, Malformed, STDIN, open_log, rotated_set};
use auditlog::time::Zone;

use super::Context;
use crate::cli::{ShowArgs, ShowFormat};
use crate::output::{Found, Warnings, created, stdout, warn};

/// What `show` looks for.
enum Target {
    Ref(Ref),
    Id(u64),
}

pub fn run(args: &ShowArgs, ctx: &Context) -> Result<ExitCode> {
    let text = args.reference.trim();
    if auditlog::execution::is_id_prefix(text) {
        return super::executions::show(ctx, text, args.output == ShowFormat::Json, args.log);
    }
    if args.log {
        bail!("--log is for job executions: {text:?} is not an execution ID");
    }
    let target = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        Target::Id(text.parse()?)
    } else if let Some(r) = Ref::parse(text) {
        Target::Ref(r)
    } else {
        bail!(
            "invalid reference {text:?}: give a reference from list (20261123T095301.440, with ~2 for a second entry of that stamp), a stamp (2026-11-23T09:53:01,440), a JOC ID (85941), or a job execution's ID (20261123-020000-7f3a9c, or its start)"
        );
    };
    ctx.logs_exist()?;
    let mut members = Vec::new();
    for file in &ctx.files {
        if file.as_os_str() == STDIN {
            members.push(file.clone());
        } else {
            members.extend(rotated_set(file)?.into_iter().rev());
        }
    }
    let warnings = Warnings::new(members.iter().rev());
    let mut unreadable = Vec::new();
    for path in &members {
        match find(path, &target, ctx.zone, &ctx.line_cache, &mut unreadable) {
            Ok(Some(found)) => {
                let mut out = stdout();
                match args.output {
                    ShowFormat::Json => writeln!(
                        out,
                        "{}",
                        safe_json(&EntryJson::new(&found.entry, &found.reference))
                    )?,
                    ShowFormat::Text => out.write_all(detail(&found).as_bytes())?,
                }
                out.flush()?;
                return super::list::finish(warnings, true);
            }
            Ok(None) => {}
            Err(error) => warnings.failed(format!("{error:#}")),
        }
    }
    if let Some(m) = unreadable.first() {
        warnings.failed(format!("the entry {text} cannot be shown: {m}"));
        return super::list::finish(warnings, false);
    }
    let names: Vec<String> = ctx.files.iter().map(|f| safe_path(f)).collect();
    warn(format!(
        "no entry {text} in {} or its rotated siblings",
        names.join(", ")
    ))?;
    super::list::finish(warnings, false)
}

/// The entry a target names in one file. A stamp is found by binary search on time; an ID
/// takes a full search. Only the entry found is numbered by line. Lines at the target's stamp
/// that are not entries (one too long to read, say) go to `unreadable`.
fn find(
    path: &Path,
    target: &Target,
    zone: Zone,
    line_cache: &Option<PathBuf>,
    unreadable: &mut Vec<Malformed>,
) -> Result<Option<Found>> {
    let mut query = Query::all(zone);
    match target {
        Target::Ref(r) => {
            let (earliest, latest) = zone.instants(r.stamp);
            query.since = Some(earliest);
            query.until = Some(latest);
        }
        Target::Id(id) => query.ids = vec![*id],
    }
    let plan = Plan {
        line_cache: line_cache.clone(),
        ..Plan::default()
    };
    // Several entries can share a stamp; the reference says which.
    let wanted = |f: &Found| match target {
        Target::Ref(r) => f.reference == *r,
        Target::Id(_) => true,
    };
    let at_stamp = |m: &Malformed| match target {
        Target::Ref(r) => Stamp::parse_prefix(&m.head).is_some_and(|(s, _)| s == r.stamp),
        Target::Id(_) => false,
    };
    let mut found = None;
    let outcome = search_path(path, &query, &plan, &mut |hit| match hit {
        Hit::Found(f) if wanted(&f) => {
            found = Some(*f);
            Err(io::Error::other("found"))
        }
        Hit::Malformed(m) if at_stamp(&m) => {
            unreadable.push(m);
            Ok(())
        }
        _ => Ok(()),
    });
    let Some(mut found) = found else {
        outcome?;
        return Ok(None);
    };
    if let Some(origin) = found.entry.origin.as_mut()
        && origin.line == 0
    {
        origin.line = entry_line(path, origin.offset, line_cache)?;
    }
    Ok(Some(found))
}

/// The line number of the entry at `offset`: the lines before it, plus one.
fn entry_line(path: &Path, offset: u64, line_cache: &Option<PathBuf>) -> Result<u64> {
    match open_log(path)? {
        Input::File(log) => Ok(log
            .with_line_cache(line_cache.clone())
            .lines_before(offset)?
            + 1),
        Input::Stream(_) => bail!("the entries of a stream are numbered as they are read"),
    }
}

/// The detail view: every field, then the request body.
fn detail(found: &Found) -> String {
    let e = &found.entry;
    let dash = |v: Option<String>| v.unwrap_or_else(|| "-".to_owned());
    let workflows = e.workflows();
    let location = e.origin.as_ref().map(|o| o.to_string()).unwrap_or_default();
    let fields = [
        ("Created", created(e.created)),
        ("Account", e.user.clone()),
        ("Request", e.request.clone()),
        ("Category", e.category().name().to_owned()),
        ("Controller", dash(e.controller())),
        (
            "Workflows",
            dash((!workflows.is_empty()).then(|| workflows.join(", "))),
        ),
        ("Reason", dash(e.comment.clone())),
        ("Time Spent", dash(e.time_spent.map(|m| format!("{m}m")))),
        ("Ticket Link", dash(e.ticket.clone())),
        ("ID", dash(e.id.map(|id| id.to_string()))),
        ("Level", e.level.clone()),
        ("Location", location),
    ];
    let mut out = format!("Entry {}\n", found.reference);
    for (label, value) in fields {
        for (i, line) in value.split('\n').enumerate() {
            let label = if i == 0 { label } else { "" };
            out.push_str(&format!("  {label:<12} {}\n", one_line(line)));
        }
    }
    out.push_str("\nRequest Body\n");
    match (&e.params, e.params_json()) {
        (None, _) => out.push_str("  -\n"),
        (Some(_), Some(body)) => {
            let pretty = serde_json::to_string_pretty(&body).unwrap_or_default();
            for line in pretty.lines() {
                out.push_str(&format!("  {}\n", one_line(line)));
            }
        }
        (Some(raw), None) => {
            out.push_str(&format!("  {}\n", one_line(raw)));
            let why = if raw.ends_with("...") {
                "cut by JOC, which keeps the first 4093 characters of a longer body and adds ..."
            } else {
                "not valid JSON"
            };
            out.push_str(&format!("  ({why}; shown as written)\n"));
        }
    }
    out
}
