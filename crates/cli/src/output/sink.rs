//! How rows become output: a [`Form`] renders rows (on any thread, several batches at once), a
//! [`Printer`] writes what was rendered, in order, on the thread that owns the output; a
//! [`Sink`] is the two together, as a command sees it. [`Inline`] renders each row as it comes,
//! for what is printed as it happens (`tail -f`) or is small; [`Pooled`] renders batches on
//! every core while the search reads on, for listings and exports, which are written at the
//! speed of the search.

use std::collections::BTreeMap;
use std::io;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Renders rows; any thread may, several at once.
pub trait Form<R>: Send + Sync + 'static {
    /// What a batch of rows renders to.
    type Rendered: Send + 'static;
    /// Renders a batch of rows, in order.
    fn render(&self, rows: &[R]) -> Self::Rendered;
}

/// Writes what a form rendered, batch after batch, in the order of the rows.
pub trait Printer<T> {
    /// Writes a rendered batch.
    fn print(&mut self, rendered: T) -> io::Result<()>;
    /// Sends out what was written so far.
    fn flush(&mut self) -> io::Result<()>;
    /// Writes what is left after the last batch, and flushes.
    fn finish(&mut self) -> io::Result<()>;
}

/// Where rows go, as a command sees it.
pub trait Sink<R> {
    /// Takes the next row.
    fn write(&mut self, row: R) -> io::Result<()>;
    /// Sends out every row written so far (a table not yet laid out is laid out).
    fn flush(&mut self) -> io::Result<()>;
    /// Writes what is left and flushes.
    fn finish(self: Box<Self>) -> io::Result<()>;
}

/// Renders each row as it comes, on the caller's thread.
pub struct Inline<F, P> {
    form: F,
    printer: P,
}

impl<F, P> Inline<F, P> {
    pub fn new(form: F, printer: P) -> Inline<F, P> {
        Inline { form, printer }
    }
}

impl<R, F: Form<R>, P: Printer<F::Rendered>> Sink<R> for Inline<F, P> {
    fn write(&mut self, row: R) -> io::Result<()> {
        let rendered = self.form.render(std::slice::from_ref(&row));
        self.printer.print(rendered)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.printer.flush()
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.printer.finish()
    }
}

/// How many rows are rendered together: a hand-over per row would cost more in waking threads
/// than the row costs to render. The first batches are smaller, so that the first rows show at
/// once.
const BATCH: usize = 256;
const FIRST_BATCH: usize = 16;

/// How long a row may wait for its batch to fill before the batch is rendered anyway.
const WAIT: Duration = Duration::from_millis(20);

/// How many batches may be on their way per rendering thread: enough to keep every core
/// busy, few enough that memory stays flat.
const IN_FLIGHT_PER_THREAD: usize = 4;

type Batch<R> = (u64, Vec<R>);

/// Renders batches of rows on threads of their own and prints them in order on the caller's.
pub struct Pooled<R, F: Form<R>, P> {
    printer: P,
    batch: Vec<R>,
    batch_size: usize,
    first_at: Option<Instant>,
    jobs: Option<Sender<Batch<R>>>,
    done: Receiver<(u64, F::Rendered)>,
    waiting: BTreeMap<u64, F::Rendered>,
    sent: u64,
    printed: u64,
    in_flight: usize,
    threads: Vec<JoinHandle<()>>,
}

impl<R: Send + 'static, F: Form<R>, P: Printer<F::Rendered>> Pooled<R, F, P> {
    /// A sink that renders with `form` on one thread per core and prints with `printer`.
    pub fn new(form: F, printer: P) -> Pooled<R, F, P> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let form = Arc::new(form);
        let (jobs, queue) = channel::<Batch<R>>();
        let queue = Arc::new(Mutex::new(queue));
        let (done_tx, done) = channel();
        let threads = (0..threads)
            .map(|_| {
                let (form, queue, done) = (Arc::clone(&form), Arc::clone(&queue), done_tx.clone());
                std::thread::spawn(move || {
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => break,
                        };
                        let Ok((seq, rows)) = job else { break };
                        let rendered = form.render(&rows);
                        drop(rows);
                        if done.send((seq, rendered)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect::<Vec<_>>();
        Pooled {
            printer,
            batch: Vec::with_capacity(FIRST_BATCH),
            batch_size: FIRST_BATCH,
            first_at: None,
            jobs: Some(jobs),
            done,
            waiting: BTreeMap::new(),
            sent: 0,
            printed: 0,
            in_flight: IN_FLIGHT_PER_THREAD * threads.len(),
            threads,
        }
    }

    /// Sends the batch to be rendered, waiting first while too many are on their way.
    fn send(&mut self) -> io::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        while self.sent - self.printed >= self.in_flight as u64 {
            self.take(true)?;
        }
        let size = self.batch_size;
        self.batch_size = (size * 4).min(BATCH);
        let rows = std::mem::replace(&mut self.batch, Vec::with_capacity(self.batch_size));
        self.first_at = None;
        let jobs = self.jobs.as_ref().ok_or_else(stopped)?;
        jobs.send((self.sent, rows)).map_err(|_| stopped())?;
        self.sent += 1;
        Ok(())
    }

    /// Prints the rendered batches that are next in order: those that are there, or, when
    /// `wait`, at least one.
    fn take(&mut self, wait: bool) -> io::Result<()> {
        loop {
            while let Some(rendered) = self.waiting.remove(&self.printed) {
                self.printer.print(rendered)?;
                self.printed += 1;
            }
            if self.printed == self.sent {
                return Ok(());
            }
            let next = if wait {
                self.done.recv().map_err(|_| stopped())?
            } else {
                match self.done.try_recv() {
                    Ok(next) => next,
                    Err(_) => return Ok(()),
                }
            };
            self.waiting.insert(next.0, next.1);
            if wait && self.waiting.contains_key(&self.printed) {
                // One is printed; print what follows it, without waiting for more.
                return self.take(false);
            }
        }
    }

    /// Prints everything sent.
    fn drain(&mut self) -> io::Result<()> {
        self.send()?;
        while self.printed < self.sent {
            self.take(true)?;
        }
        Ok(())
    }
}

fn stopped() -> io::Error {
    io::Error::other("a rendering thread stopped")
}

impl<R: Send + 'static, F: Form<R>, P: Printer<F::Rendered>> Sink<R> for Pooled<R, F, P> {
    fn write(&mut self, row: R) -> io::Result<()> {
        self.batch.push(row);
        let first_at = *self.first_at.get_or_insert_with(Instant::now);
        if self.batch.len() >= self.batch_size || first_at.elapsed() >= WAIT {
            self.send()?;
        }
        self.take(false)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain()?;
        self.printer.flush()
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.drain()?;
        self.printer.finish()
    }
}

impl<R, F: Form<R>, P> Drop for Pooled<R, F, P> {
    fn drop(&mut self) {
        self.jobs = None;
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// What comes before the first batch of bytes, between two batches, and after the last.
#[derive(Default)]
pub struct Framing {
    /// Before the first row.
    pub open: Vec<u8>,
    /// Between two rows.
    pub join: &'static [u8],
    /// After the last row.
    pub close: &'static [u8],
    /// Instead of all of these when there is no row.
    pub empty: Vec<u8>,
}

/// Prints forms whose rows render to bytes: lines of text, CSV, JSON.
pub struct Bytes<W> {
    out: W,
    framing: Framing,
    printed: bool,
}

impl<W: io::Write> Bytes<W> {
    pub fn new(out: W, framing: Framing) -> Bytes<W> {
        Bytes {
            out,
            framing,
            printed: false,
        }
    }
}

impl<W: io::Write> Printer<Vec<u8>> for Bytes<W> {
    fn print(&mut self, rendered: Vec<u8>) -> io::Result<()> {
        if rendered.is_empty() {
            return Ok(());
        }
        if self.printed {
            self.out.write_all(self.framing.join)?;
        } else {
            self.out.write_all(&self.framing.open)?;
            self.printed = true;
        }
        self.out.write_all(&rendered)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.printed {
            self.out.write_all(self.framing.close)?;
        } else {
            self.out.write_all(&self.framing.empty)?;
        }
        self.out.flush()
    }
}
