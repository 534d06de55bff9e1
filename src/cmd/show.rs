//! `auditlog show REF`: one entry in full. The reference is a stamp (found by reading up to a
//! little past that time) or a JOC ID; the log's rotated siblings are searched too, so a
//! reference stays valid after rotation.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use auditlog::format::one_line;
use auditlog::json::{EntryJson, safe_json};
use auditlog::reference::Ref;
use auditlog::scan::{Event, Scan, rotated_set};
use chrono::Duration;

use super::Context;
use crate::cli::{ShowArgs, ShowFormat};
use crate::output::{Found, created, stdout};

/// What `show` looks for.
enum Target {
    Ref(Ref),
    Id(u64),
}

pub fn run(args: &ShowArgs, ctx: &Context) -> Result<ExitCode> {
    let text = args.reference.trim();
    let target = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        Target::Id(text.parse()?)
    } else if let Some(r) = Ref::parse(text) {
        Target::Ref(r)
    } else {
        bail!(
            "invalid reference {text:?}: give a reference from list (20261123T095301.440, with ~2 for a second entry of that stamp), a stamp (2026-11-23T09:53:01,440) or a JOC ID"
        );
    };
    for file in &ctx.files {
        for path in rotated_set(file)?.iter().rev() {
            if let Some(found) = find(path, &target)? {
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
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
    let names: Vec<String> = ctx.files.iter().map(|f| f.display().to_string()).collect();
    eprintln!(
        "auditlog: no entry {text} in {} or its rotated siblings",
        names.join(", ")
    );
    Ok(ExitCode::from(1))
}

/// The entry a target names in one file. A stamp is looked for until the wall-clock times
/// written pass it by more than a day: far more than any offset, daylight saving or writers
/// racing can put between entries.
fn find(path: &Path, target: &Target) -> Result<Option<Found>> {
    let mut scan = Scan::new(vec![PathBuf::from(path)]);
    let stop = match target {
        Target::Ref(r) => Some(r.stamp.local + Duration::hours(26)),
        Target::Id(_) => None,
    };
    while let Some(event) = scan.next_event()? {
        let Event::Entry {
            entry, reference, ..
        } = event
        else {
            continue;
        };
        let hit = match target {
            Target::Ref(r) => reference == *r,
            Target::Id(id) => entry.id == Some(*id),
        };
        if hit {
            return Ok(Some(Found {
                entry,
                reference,
                raw: Vec::new(),
            }));
        }
        if stop.is_some_and(|stop| entry.created.local > stop) {
            break;
        }
    }
    Ok(None)
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
