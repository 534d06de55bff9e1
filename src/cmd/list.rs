//! `auditlog list`: the entries a query matches, newest first, in the form asked for.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Result, bail};
use auditlog::query::Query;
use auditlog::scan::{Event, Scan};
use auditlog::time::Zone;

use super::{Context, filters};
use crate::cli::{ListArgs, OutputFormat};
use crate::output::{Found, sink, stdout};

pub fn run(args: &ListArgs, ctx: &Context) -> Result<ExitCode> {
    let query = filters::query(&args.filters, ctx.now()?, ctx.zone)?;
    let format = args.output.unwrap_or(if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Raw
    });
    let keep_raw = format == OutputFormat::Raw && !args.count;
    let mut streams = Vec::new();
    let mut count = 0u64;
    for files in ctx.streams()? {
        let found = read_stream(files, &query, keep_raw, args.strict, args.count)?;
        count += found.1;
        streams.push(found.0);
    }
    if args.count {
        let count = args.limit.map_or(count, |n| count.min(n as u64));
        println!("{count}");
        return Ok(exit_for(count));
    }
    let mut found = merge_by_time(streams, ctx.zone);
    if !args.oldest_first {
        found.reverse();
    }
    found.truncate(args.limit.unwrap_or(usize::MAX));
    let mut sink = sink(format, stdout());
    for f in &found {
        sink.write(f)?;
    }
    sink.finish()?;
    Ok(exit_for(found.len() as u64))
}

fn exit_for(count: u64) -> ExitCode {
    if count == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The entries of one stream that match, in file order, and how many there were. With
/// `count_only`, nothing is kept.
fn read_stream(
    files: Vec<std::path::PathBuf>,
    query: &Query,
    keep_raw: bool,
    strict: bool,
    count_only: bool,
) -> Result<(Vec<Found>, u64)> {
    let mut scan = Scan::new(files);
    let mut found = Vec::new();
    let mut count = 0;
    while let Some(event) = scan.next_event()? {
        match event {
            Event::Entry {
                entry,
                reference,
                raw,
            } => {
                if !query.matches(&entry, raw) {
                    continue;
                }
                count += 1;
                if !count_only {
                    let raw = if keep_raw { raw.to_vec() } else { Vec::new() };
                    found.push(Found {
                        entry,
                        reference,
                        raw,
                    });
                }
            }
            Event::Malformed(m) if strict => bail!("{m}"),
            Event::Malformed(m) => eprintln!("auditlog: {m}"),
        }
    }
    Ok((found, count))
}

/// Several streams as one, in time order; each stream keeps its own order.
fn merge_by_time(mut streams: Vec<Vec<Found>>, zone: Zone) -> Vec<Found> {
    if streams.len() <= 1 {
        return streams.pop().unwrap_or_default();
    }
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
