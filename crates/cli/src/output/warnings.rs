//! What a command says on standard error beside its output: the lines of a log that are not
//! entries, and the logs that could not be read to their end. Lines are said in file order
//! whichever way the log was read, at most [`SHOWN`] of them and a count of the rest, so a log
//! of ten million broken lines costs one screen; `check` lists them all.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Display;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use auditlog::safe::one_line;
use auditlog::scan::{Found, Malformed};
use auditlog::search::{Event, Turn};

use crate::exit::Exit;

/// How many lines that are not entries are said; the rest are counted.
pub const SHOWN: usize = 20;

/// Writes `auditlog: MESSAGE` and a line end to standard error, made safe for a terminal line
/// by line. A closed standard error is an error like any other: the caller ends quietly, as it
/// does when standard output is closed.
pub fn warn(message: impl Display) -> io::Result<()> {
    let text = safe_lines(&message.to_string());
    io::stderr()
        .lock()
        .write_all(format!("auditlog: {text}\n").as_bytes())
}

/// Text made safe for a terminal, keeping its line breaks.
fn safe_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| one_line(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The warnings of one command, gathered from any thread; or, while a log is followed, said
/// as they come.
pub struct Warnings {
    inner: Mutex<Inner>,
    live: bool,
}

#[derive(Default)]
struct Inner {
    /// Each file's place in the order the logs are read, oldest first.
    rank: HashMap<PathBuf, usize>,
    /// The reports kept, by (file's place, byte offset): the report and how many lines it spans.
    kept: BTreeMap<(usize, u64), (String, u64)>,
    /// How many lines of reports not kept.
    more: u64,
    /// How many doubts about entries read not kept.
    doubts: u64,
    /// The logs that could not be read to their end, and why.
    failed: Vec<String>,
}

impl Warnings {
    /// Warnings about these files, in this order.
    pub fn new<'a>(files: impl IntoIterator<Item = &'a PathBuf>) -> Warnings {
        let rank = files
            .into_iter()
            .enumerate()
            .map(|(i, f)| (f.clone(), i))
            .collect();
        Warnings {
            inner: Mutex::new(Inner {
                rank,
                ..Inner::default()
            }),
            live: false,
        }
    }

    /// Warnings said as they come: following a log has no end to say them at.
    pub fn live() -> Warnings {
        Warnings {
            inner: Mutex::default(),
            live: true,
        }
    }

    /// Takes what a search hands out: an entry comes back, a problem is noted.
    pub fn note(&self, event: Event) -> Option<Found> {
        match event {
            Event::Found(found) => Some(found),
            problem => {
                // Only live warnings are written here, and pumps take those with `problem`.
                let _ = self.problem(problem);
                None
            }
        }
    }

    /// Takes what is not an entry: a problem is kept to be said at the end, or said now when
    /// the warnings are live; what happened to a log followed is said now.
    pub fn problem(&self, event: Event) -> io::Result<()> {
        match event {
            Event::Found(_) | Event::Followed(Turn::CaughtUp) => Ok(()),
            Event::Malformed(m) if self.live => warn(&m),
            Event::Failed(error) if self.live => warn(&error),
            Event::Malformed(m) => {
                self.malformed(&m);
                Ok(())
            }
            Event::Failed(error) => {
                self.failed(error);
                Ok(())
            }
            Event::Followed(change) => warn(&change),
        }
    }

    /// A line, or lines, that are not an entry.
    pub fn malformed(&self, m: &Malformed) {
        let mut inner = self.lock();
        let rank = inner
            .rank
            .get(m.origin.file.as_ref() as &Path)
            .copied()
            .unwrap_or(usize::MAX);
        inner
            .kept
            .insert((rank, m.origin.offset), (m.to_string(), m.lines));
        if inner.kept.len() > SHOWN
            && let Some((_, (_, lines))) = inner.kept.pop_last()
        {
            // A report of no lines is a doubt about an entry that was read (see `scan::item::doubt`).
            match lines {
                0 => inner.doubts += 1,
                _ => inner.more += lines,
            }
        }
    }

    /// A log that could not be read, or not to its end: the command goes on with the others,
    /// and fails at the end.
    pub fn failed(&self, error: impl Display) {
        self.lock().failed.push(error.to_string());
    }

    /// Says everything, in order; then how the command ends: 2 when a log could not be read to
    /// its end, else 0 when something was found and 1 when nothing was.
    pub fn exit(self, found: bool) -> anyhow::Result<Exit> {
        Ok(if self.finish()? {
            Exit::Failed
        } else {
            Exit::found(found)
        })
    }

    /// Says everything, in order; returns whether a log could not be read.
    pub fn finish(self) -> io::Result<bool> {
        let inner = self.inner.into_inner().unwrap_or_else(|e| e.into_inner());
        for (report, _) in inner.kept.values() {
            warn(report)?;
        }
        if inner.more > 0 {
            warn(format!(
                "… and {} more {} that {} not entries; run `auditlog check` to see them all",
                inner.more,
                if inner.more == 1 { "line" } else { "lines" },
                if inner.more == 1 { "is" } else { "are" },
            ))?;
        }
        if inner.doubts > 0 {
            warn(format!(
                "… and {} more {} read as {} after an entry left open; run `auditlog check` to see them all",
                inner.doubts,
                if inner.doubts == 1 { "line" } else { "lines" },
                if inner.doubts == 1 {
                    "an entry"
                } else {
                    "entries"
                },
            ))?;
        }
        for error in &inner.failed {
            warn(error)?;
        }
        Ok(!inner.failed.is_empty())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}
