//! The one way entries go from where they come from into a sink: each entry written as a row,
//! each problem said, and a failed write, a failed read or a stop ending it with its reason.

use std::io;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

use auditlog::search::{Event, SearchError, Source, Turn};
use indicatif::ProgressBar;

use super::{EntryRow, Sink, Warnings};

/// Why pumping ended before the entries did.
#[derive(Debug, thiserror::Error)]
pub enum PumpError {
    /// The entries could not be read.
    #[error(transparent)]
    Read(#[from] SearchError),
    /// A row could not be written.
    #[error(transparent)]
    Write(io::Error),
    /// A signal asked to stop.
    #[error("interrupted")]
    Interrupted,
}

/// What watches a pump: a flag a signal sets to stop it, and a bar that counts what it wrote.
#[derive(Clone, Copy, Default)]
pub struct Watch<'a> {
    pub stop: Option<&'a AtomicBool>,
    pub progress: Option<&'a ProgressBar>,
}

impl Watch<'_> {
    /// Whether a signal asked to stop.
    pub fn stopped(&self) -> bool {
        self.stop.is_some_and(|stop| stop.load(Ordering::SeqCst))
    }
}

/// Writes every entry `source` hands out into `sink` as a row, and says each problem through
/// `warnings`; how many entries it wrote. Finishing the sink is the caller's.
pub fn pump(
    source: &mut Source,
    sink: &mut dyn Sink<EntryRow>,
    warnings: &Warnings,
    watch: Watch,
) -> Result<u64, PumpError> {
    let flow = source.each(&mut |event| {
        let found = match event {
            Event::Found(found) => found,
            // Following a log: what was written is flushed each time it catches up.
            Event::Followed(Turn::CaughtUp) => return written(sink.flush()),
            problem => return written(warnings.problem(problem)),
        };
        if watch.stopped() {
            return ControlFlow::Break(PumpError::Interrupted);
        }
        written(sink.write(EntryRow::new(found)))?;
        if let Some(progress) = watch.progress {
            progress.inc(1);
        }
        ControlFlow::Continue(())
    })?;
    match flow {
        ControlFlow::Continue(count) => Ok(count),
        ControlFlow::Break(error) => Err(error),
    }
}

/// Goes on when something was written, and ends pumping with the error when not.
fn written(result: io::Result<()>) -> ControlFlow<PumpError> {
    result.map_or_else(
        |error| ControlFlow::Break(PumpError::Write(error)),
        ControlFlow::Continue,
    )
}
