//! `auditlog list`: the entries a query matches, newest first, in the form asked for.
//!
//! A single stream (one log, or one rotated set) is searched in the order it is shown: newest
//! first reads backwards, and a limit stops the search as soon as it is met. Several logs are
//! merged in time order as they are read, each on a thread of its own.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use auditlog::query::Query;
use auditlog::scan::engine::{Direction, Hit, Plan, search_path};
use auditlog::scan::{Found, Malformed};
use auditlog::time::Zone;

use super::{Context, filters};
use crate::cli::{ListArgs, OutputFormat};
use crate::output::{Warnings, sink, stdout, warn};

pub fn run(args: &ListArgs, ctx: &Context) -> Result<ExitCode> {
    let query = filters::query(&args.filters, ctx.now()?, ctx.zone)?;
    ctx.logs_exist()?;
    let terminal = io::stdout().is_terminal();
    let format = args.output.unwrap_or(if terminal {
        OutputFormat::Table
    } else {
        OutputFormat::Raw
    });
    let shown = Shown {
        oldest_first: args.oldest_first,
        limit: args.limit,
        strict: args.strict,
        keep_raw: format == OutputFormat::Raw,
        need_lines: matches!(format, OutputFormat::Json | OutputFormat::Ndjson),
        need_refs: format != OutputFormat::Raw,
        steady: false,
    };
    let streams = ctx.streams()?;
    let warnings = Warnings::new(streams.iter().flatten());
    // `-n 0` shows nothing, and still says by its exit code whether anything matched.
    if args.count || args.limit == Some(0) {
        let plan = Plan {
            count_only: true,
            limit: None,
            ..shown.plan(ctx, false)
        };
        let mut count = 0;
        for files in &streams {
            count += search_stream(
                files,
                &query,
                &plan,
                args.strict,
                &warnings,
                &mut |_| Ok(()),
            )?;
        }
        if args.count {
            let mut out = stdout();
            writeln!(out, "{}", args.limit.map_or(count, |n| count.min(n as u64)))?;
            out.flush()?;
        }
        return finish(warnings, count > 0);
    }
    let mut out = sink(format, stdout(), terminal);
    let count = in_list_order(ctx, &query, &shown, &warnings, &mut |f| out.write(&f))?;
    out.finish()?;
    if count == 0 && terminal {
        warn("no entries matched")?;
    }
    finish(warnings, count > 0)
}

/// The exit code once everything is said: 2 when a log could not be read to its end, else 0
/// when something matched and 1 when nothing did.
pub fn finish(warnings: Warnings, matched: bool) -> Result<ExitCode> {
    Ok(if warnings.finish()? {
        ExitCode::from(2)
    } else if matched {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The chunks of a steady search: several hundred entries, a millisecond or two of reading.
const STEADY_CHUNK: u64 = 256 << 10;

/// Which entries are shown, in which order, with what: what `list` and `export` share.
pub struct Shown {
    /// Oldest first instead of newest first.
    pub oldest_first: bool,
    /// Only the N newest.
    pub limit: Option<usize>,
    /// Stop at the first line that is not an entry.
    pub strict: bool,
    /// Keep each entry's bytes.
    pub keep_raw: bool,
    /// Number each entry's line.
    pub need_lines: bool,
    /// Number shared stamps exactly.
    pub need_refs: bool,
    /// Hand entries on steadily, in small waves, rather than in the large ones that read
    /// fastest: for a consumer slower than the search (an export), which then never waits
    /// long and never has much waiting for it.
    pub steady: bool,
}

impl Shown {
    /// Small chunks when steady, large ones otherwise; all cores either way.
    fn pace(&self) -> Plan {
        if self.steady {
            Plan {
                chunk: STEADY_CHUNK,
                ..Plan::default()
            }
        } else {
            Plan::default()
        }
    }

    /// How to search one stream: in the order shown, and stopping at the limit, unless the
    /// entries are merged or checked strictly (`whole`), which reads front to back.
    fn plan(&self, ctx: &Context, whole: bool) -> Plan {
        Plan {
            // A limit keeps the newest entries, as tail does; --oldest-first only turns them round.
            direction: if whole || (self.oldest_first && self.limit.is_none()) {
                Direction::Forward
            } else {
                Direction::Backward
            },
            limit: if whole { None } else { self.limit },
            keep_raw: self.keep_raw,
            need_lines: self.need_lines,
            need_refs: self.need_refs,
            line_cache: ctx.line_cache.clone(),
            ..self.pace()
        }
    }
}

/// Hands every entry `list` shows to `each`, in the order it shows them; returns how many.
/// Lines that are not entries, and logs that cannot be read to their end, go to `warnings`.
pub fn in_list_order(
    ctx: &Context,
    query: &Query,
    shown: &Shown,
    warnings: &Warnings,
    each: &mut dyn FnMut(Found) -> io::Result<()>,
) -> Result<u64> {
    let streams = ctx.streams()?;
    if shown.strict {
        return strictly(ctx, query, shown, &streams, warnings, each);
    }
    let plan = shown.plan(ctx, false);
    let search = |each: &mut dyn FnMut(Found) -> io::Result<()>| match streams.as_slice() {
        [files] => search_stream(files, query, &plan, false, warnings, each),
        _ => search_merged(&streams, query, &plan, ctx.zone, warnings, each),
    };
    if plan.direction == Direction::Backward && shown.oldest_first {
        // The newest N, found newest first, shown oldest first.
        let mut kept = Vec::new();
        search(&mut |f| {
            kept.push(f);
            Ok(())
        })?;
        let count = kept.len() as u64;
        kept.into_iter().rev().try_for_each(each)?;
        Ok(count)
    } else {
        search(each)
    }
}

/// `--strict` stops at the first malformed line of a file, before anything is shown: every
/// stream is read front to back and kept, then merged.
fn strictly(
    ctx: &Context,
    query: &Query,
    shown: &Shown,
    streams: &[Vec<PathBuf>],
    warnings: &Warnings,
    each: &mut dyn FnMut(Found) -> io::Result<()>,
) -> Result<u64> {
    let plan = shown.plan(ctx, true);
    let mut found: Vec<Vec<Found>> = Vec::new();
    for files in streams {
        let mut kept = Vec::new();
        search_stream(files, query, &plan, true, warnings, &mut |f| {
            kept.push(f);
            Ok(())
        })?;
        found.push(kept);
    }
    let mut found = merge_by_time(found, ctx.zone);
    let n = shown.limit.unwrap_or(usize::MAX).min(found.len());
    let keep = found.split_off(found.len() - n);
    let count = keep.len() as u64;
    if shown.oldest_first {
        keep.into_iter().try_for_each(each)?;
    } else {
        keep.into_iter().rev().try_for_each(each)?;
    }
    Ok(count)
}

/// How many entries a merged stream hands over at a time.
const MERGE_BATCH: usize = 256;

/// One stream of a merge: what its search thread has handed over and not yet been taken.
struct Merging<'scope> {
    next: std::iter::Peekable<std::vec::IntoIter<Found>>,
    from: Option<std::sync::mpsc::Receiver<Vec<Found>>>,
    search: Option<std::thread::ScopedJoinHandle<'scope, Result<u64>>>,
}

/// Several streams merged in time order as they are read, each searched on a thread of its
/// own in the plan's direction and keeping its own order, so that memory holds only a few
/// batches of each. Reading forwards the earliest entry goes first (the first stream's, when
/// two are at the same time); reading backwards the latest (the last stream's): the same
/// order turned round, whenever each stream is in time order.
fn search_merged(
    streams: &[Vec<PathBuf>],
    query: &Query,
    plan: &Plan,
    zone: Zone,
    warnings: &Warnings,
    each: &mut dyn FnMut(Found) -> io::Result<()>,
) -> Result<u64> {
    let backward = plan.direction == Direction::Backward;
    std::thread::scope(|scope| {
        let mut merging: Vec<Merging> = streams
            .iter()
            .map(|files| {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Found>>(2);
                let search = scope.spawn(move || {
                    let mut batch = Vec::with_capacity(MERGE_BATCH);
                    // The merge hangs up when it has what it needs, or failed on its own.
                    let ended = |_| io::Error::other("the merge ended");
                    let count = search_stream(files, query, plan, false, warnings, &mut |f| {
                        batch.push(f);
                        if batch.len() == MERGE_BATCH {
                            tx.send(std::mem::take(&mut batch)).map_err(ended)?;
                        }
                        Ok(())
                    })?;
                    if !batch.is_empty() {
                        let _ = tx.send(batch);
                    }
                    Ok(count)
                });
                Merging {
                    next: Vec::new().into_iter().peekable(),
                    from: Some(rx),
                    search: Some(search),
                }
            })
            .collect();
        let mut count = 0;
        loop {
            for stream in &mut merging {
                while stream.next.peek().is_none()
                    && let Some(from) = &stream.from
                {
                    match from.recv() {
                        Ok(batch) => stream.next = batch.into_iter().peekable(),
                        Err(_) => {
                            // The stream is done: a search that failed ends the merge.
                            stream.from = None;
                            if let Some(search) = stream.search.take() {
                                search
                                    .join()
                                    .map_err(|_| anyhow::anyhow!("a search thread stopped"))??;
                            }
                        }
                    }
                }
            }
            if plan.limit.is_some_and(|n| count >= n as u64) {
                break;
            }
            let heads = merging
                .iter_mut()
                .enumerate()
                .filter_map(|(i, stream)| Some((merge_key(stream.next.peek()?, zone), i)));
            let first = if backward { heads.max() } else { heads.min() };
            let Some((_, i)) = first else { break };
            if let Some(found) = merging[i].next.next() {
                each(found)?;
                count += 1;
            }
        }
        Ok(count)
    })
}

/// Searches the files of one stream in the plan's order. Lines that are not entries go to
/// `warnings`, or stop the search with `strict`; so does a file that cannot be read to its
/// end, after which the others are searched. Returns how many entries matched.
fn search_stream(
    files: &[PathBuf],
    query: &Query,
    plan: &Plan,
    strict: bool,
    warnings: &Warnings,
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
        let mut matched = 0;
        let outcome = search_path(file, query, &plan, &mut |hit| match hit {
            Hit::Found(f) => {
                matched += 1;
                found(*f).map_err(|e| {
                    write_error = Some(e);
                    io::Error::other("output failed")
                })
            }
            Hit::Malformed(m) if strict => {
                stopped_by = Some(m);
                Err(io::Error::other("stopped at a malformed line"))
            }
            Hit::Malformed(m) => {
                warnings.malformed(&m);
                Ok(())
            }
        });
        if let Some(m) = stopped_by.take() {
            bail!("{m}");
        }
        if let Some(e) = write_error.take() {
            return Err(e.into());
        }
        let count = match outcome {
            Ok(outcome) => outcome.count,
            Err(error) if strict => return Err(error.into()),
            Err(error) => {
                warnings.failed(error);
                matched
            }
        };
        total += count;
        if let Some(n) = plan.limit.as_mut() {
            *n -= (count as usize).min(*n);
            if *n == 0 {
                break;
            }
        }
    }
    Ok(total)
}

/// What merges order entries by: the instant their stamp names (the earlier reading of a
/// repeated hour).
fn merge_key(found: &Found, zone: Zone) -> chrono::DateTime<chrono::Utc> {
    zone.instants(found.entry.created).0
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
            .filter_map(|(i, h)| h.peek().map(|f| (merge_key(f, zone), i)))
            .min();
        let Some((_, i)) = next else { break };
        merged.extend(heads[i].next());
    }
    merged
}
