//! `auditlog list`: the entries a query matches, newest first, in the form asked for.
//!
//! A single stream (one log, or one rotated set) is searched in the order it is shown: newest
//! first reads backwards, and a limit stops the search as soon as it is met. Several logs are
//! merged in time order.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use auditlog::query::Query;
use auditlog::scan::engine::{Direction, Hit, Plan, search_path};
use auditlog::scan::{Found, Malformed};
use auditlog::time::Zone;

use super::{Context, filters};
use crate::cli::{ListArgs, OutputFormat};
use crate::output::{sink, stdout};

pub fn run(args: &ListArgs, ctx: &Context) -> Result<ExitCode> {
    let query = filters::query(&args.filters, ctx.now()?, ctx.zone)?;
    let format = args.output.unwrap_or(if io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Raw
    });
    let streams = ctx.streams()?;
    // Several logs are merged, and --strict must stop at the first bad line of the file: both
    // read front to back and keep what they find.
    let merge = streams.len() > 1 || args.strict;
    let plan = Plan {
        // A limit keeps the newest entries, as tail does; --oldest-first only turns them round.
        direction: if args.count || merge || (args.oldest_first && args.limit.is_none()) {
            Direction::Forward
        } else {
            Direction::Backward
        },
        limit: if args.count || merge {
            None
        } else {
            args.limit
        },
        keep_raw: format == OutputFormat::Raw && !args.count,
        need_lines: matches!(format, OutputFormat::Json | OutputFormat::Ndjson),
        need_refs: format != OutputFormat::Raw,
        line_cache: ctx.line_cache.clone(),
        count_only: args.count,
        ..Plan::default()
    };

    if args.count {
        let mut count = 0;
        for files in &streams {
            count += search_stream(files, &query, &plan, args.strict, &mut |_| Ok(()))?;
        }
        let count = args.limit.map_or(count, |n| count.min(n as u64));
        println!("{count}");
        return Ok(exit_for(count));
    }

    let mut out = sink(format, stdout());
    let shown = if merge {
        let mut found: Vec<Vec<Found>> = Vec::new();
        for files in &streams {
            let mut kept = Vec::new();
            search_stream(files, &query, &plan, args.strict, &mut |f| {
                kept.push(f);
                Ok(())
            })?;
            found.push(kept);
        }
        let mut found = merge_by_time(found, ctx.zone);
        if !args.oldest_first {
            found.reverse();
        }
        let n = args.limit.unwrap_or(usize::MAX).min(found.len());
        let keep: Vec<Found> = if args.oldest_first {
            found.split_off(found.len() - n)
        } else {
            found.truncate(n);
            found
        };
        for f in &keep {
            out.write(f)?;
        }
        keep.len() as u64
    } else if plan.direction == Direction::Backward && args.oldest_first {
        let mut kept = Vec::new();
        search_stream(&streams[0], &query, &plan, args.strict, &mut |f| {
            kept.push(f);
            Ok(())
        })?;
        for f in kept.iter().rev() {
            out.write(f)?;
        }
        kept.len() as u64
    } else {
        search_stream(&streams[0], &query, &plan, args.strict, &mut |f| {
            out.write(&f)
        })?
    };
    out.finish()?;
    Ok(exit_for(shown))
}

fn exit_for(count: u64) -> ExitCode {
    if count == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Searches the files of one stream in the plan's order; malformed lines are reported on
/// stderr, or stop the search with `strict`. Returns how many entries matched.
fn search_stream(
    files: &[PathBuf],
    query: &Query,
    plan: &Plan,
    strict: bool,
    found: &mut dyn FnMut(Found) -> io::Result<()>,
) -> Result<u64> {
    let mut plan = plan.clone();
    let mut total = 0;
    let mut stopped_by: Option<Malformed> = None;
    let mut write_error: Option<io::Error> = None;
    let ordered: Box<dyn Iterator<Item = &PathBuf>> = match plan.direction {
        Direction::Forward => Box::new(files.iter()),
        Direction::Backward => Box::new(files.iter().rev()),
    };
    for file in ordered {
        let outcome = search_path(file, query, &plan, &mut |hit| match hit {
            Hit::Found(f) => found(*f).map_err(|e| {
                write_error = Some(e);
                io::Error::other("output failed")
            }),
            Hit::Malformed(m) if strict => {
                stopped_by = Some(m);
                Err(io::Error::other("stopped at a malformed line"))
            }
            Hit::Malformed(m) => {
                eprintln!("auditlog: {m}");
                Ok(())
            }
        });
        if let Some(m) = stopped_by.take() {
            bail!("{m}");
        }
        if let Some(e) = write_error.take() {
            return Err(e.into());
        }
        let outcome = outcome?;
        total += outcome.count;
        if let Some(n) = plan.limit.as_mut() {
            *n -= (outcome.count as usize).min(*n);
            if *n == 0 {
                break;
            }
        }
    }
    Ok(total)
}

/// Several streams as one, in time order; each stream keeps its own order.
fn merge_by_time(streams: Vec<Vec<Found>>, zone: Zone) -> Vec<Found> {
    let total = streams.iter().map(Vec::len).sum();
    let mut heads: Vec<std::iter::Peekable<std::vec::IntoIter<Found>>> = streams
        .into_iter()
        .map(|s| s.into_iter().peekable())
        .collect();
    let mut merged = Vec::with_capacity(total);
    loop {
        let next = heads
            .iter_mut()
            .enumerate()
            .filter_map(|(i, h)| h.peek().map(|f| (zone.instants(f.entry.created).0, i)))
            .min();
        let Some((_, i)) = next else { break };
        merged.extend(heads[i].next());
    }
    merged
}
