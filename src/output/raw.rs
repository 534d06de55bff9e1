//! `-o raw`: the original lines, byte for byte. A last line that had no line end gets one, so
//! the next entry starts on a line of its own. On a terminal, each line is made safe to show
//! first (see [`one_line`]): a log's bytes may hold escape sequences. Only entries have this
//! form.

use std::io::{self, Write};
use std::marker::PhantomData;

use auditlog::format::entry_text;
use auditlog::safe::one_line;

use super::row::{Record, Sink};

pub struct Raw<W, R> {
    out: W,
    terminal: bool,
    record: PhantomData<fn(&R)>,
}

impl<W: Write, R: Record> Raw<W, R> {
    pub fn new(out: W, terminal: bool) -> Raw<W, R> {
        Raw {
            out,
            terminal,
            record: PhantomData,
        }
    }
}

impl<W: Write, R: Record> Sink<R> for Raw<W, R> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        let raw = row.raw().unwrap_or_default();
        if self.terminal {
            for line in entry_text(raw).split('\n') {
                writeln!(self.out, "{}", one_line(line))?;
            }
            return Ok(());
        }
        self.out.write_all(raw)?;
        if !raw.ends_with(b"\n") {
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.out.flush()
    }
}
