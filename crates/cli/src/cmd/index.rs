//! `auditlog index`: makes the summary of every gzip member of each log's rotated set ahead of
//! time, on every core, with a progress bar on a terminal (see [`auditlog::scan::summary`]);
//! `--clear` removes them.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use auditlog::safe::safe_path;
use auditlog::scan::summary::{CAP, Summaries};
use auditlog::scan::{ReadError, STDIN, in_parallel, rotated_set};
use auditlog::scan::{SummarizeError, Summarized, summarize};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::IndexArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::output::export::{human_size, thousands};
use crate::output::{stdout, warn};

pub fn run(args: &IndexArgs, ctx: &Context) -> Result<Exit> {
    let Some(cache) = ctx.cache() else {
        bail!("there is no cache directory: set XDG_CACHE_HOME or HOME to an absolute path");
    };
    let summaries = Summaries::under(cache);
    let mut out = stdout();
    if args.clear {
        let removed = summaries.clear().with_context(|| {
            format!(
                "cannot clear the summaries in {}",
                safe_path(summaries.dir())
            )
        })?;
        writeln!(
            out,
            "removed {} summaries from {}",
            thousands(removed),
            safe_path(summaries.dir())
        )?;
        return Ok(Exit::Done);
    }
    let mut members: Vec<PathBuf> = Vec::new();
    for file in &ctx.files {
        if file.as_os_str() == STDIN {
            bail!("standard input has no rotated members to index");
        }
        let set = rotated_set(file)?;
        // The log itself changes; only what was rotated is summarized.
        members.extend(set.into_iter().filter(|member| member != file));
    }
    let mut counted = Outcomes::default();
    for result in summarize_all(&members, cache) {
        counted.take(result)?;
    }
    summaries.trim(CAP).with_context(|| {
        format!(
            "cannot trim the summaries in {}",
            safe_path(summaries.dir())
        )
    })?;
    writeln!(
        out,
        "{} rotated files: {}",
        thousands(members.len() as u64),
        counted.said()
    )?;
    writeln!(
        out,
        "summaries kept in {} ({})",
        safe_path(summaries.dir()),
        human_size(summaries.bytes().unwrap_or_default())
    )?;
    Ok(if counted.failed > 0 {
        Exit::Failed
    } else {
        Exit::Done
    })
}

/// What became of the members.
#[derive(Default)]
struct Outcomes {
    made: u64,
    kept: u64,
    plain: u64,
    unnamed: u64,
    failed: u64,
    /// Summaries that could not be written: the first is said, the rest counted.
    not_kept: u64,
}

impl Outcomes {
    /// Counts one member, and says why it failed: a member that cannot be read each time, a
    /// summary that cannot be written once.
    fn take(&mut self, result: Result<Summarized, SummarizeError>) -> io::Result<()> {
        match result {
            Ok(Summarized::Made) => self.made += 1,
            Ok(Summarized::Kept) => self.kept += 1,
            Ok(Summarized::Plain) => self.plain += 1,
            Ok(Summarized::Unnamed) => self.unnamed += 1,
            Err(error) => {
                self.failed += 1;
                if matches!(error, SummarizeError::Keep { .. }) {
                    self.not_kept += 1;
                    if self.not_kept > 1 {
                        return Ok(());
                    }
                }
                warn(&error)?;
            }
        }
        Ok(())
    }

    fn said(&self) -> String {
        let mut said = format!(
            "{} summarized now, {} already, {} plain (read by offset, no summary needed)",
            thousands(self.made),
            thousands(self.kept),
            thousands(self.plain)
        );
        if self.unnamed > 0 {
            said += &format!(", {} without a whole first line yet", self.unnamed);
        }
        if self.failed > 0 {
            said += &format!(", {} not summarized", thousands(self.failed));
        }
        if self.not_kept > 1 {
            said += &format!(
                " ({} of them because their summary could not be written)",
                thousands(self.not_kept)
            );
        }
        said
    }
}

/// Summarizes the members on every core, in their order; a bar shows how far on a terminal.
fn summarize_all(members: &[PathBuf], cache: &Path) -> Vec<Result<Summarized, SummarizeError>> {
    let bar = progress(members.len() as u64);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let done = in_parallel(members, threads, &|member| {
        let summarized = summarize(member, cache);
        bar.inc(1);
        summarized
    });
    bar.finish_and_clear();
    done.into_iter()
        .map(|result| {
            result.unwrap_or_else(|| {
                Err(ReadError::new(cache, io::Error::other("a thread stopped")).into())
            })
        })
        .collect()
}

/// The bar on a terminal: members summarized of all.
fn progress(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("indexing {bar:30} {pos}/{len} rotated files ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
