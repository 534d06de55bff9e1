//! `-o raw`: the original lines, byte for byte. A last line that had no line end gets one, so
//! the next entry starts on a line of its own. On a terminal, each line is made safe to show
//! first (see [`one_line`]): a log's bytes may hold escape sequences.

use std::io::{self, Write};

use auditlog::format::{entry_text, one_line};

use super::{Found, Sink};

pub struct Raw<W> {
    out: W,
    terminal: bool,
}

impl<W: Write> Raw<W> {
    pub fn new(out: W, terminal: bool) -> Raw<W> {
        Raw { out, terminal }
    }
}

impl<W: Write> Sink for Raw<W> {
    fn write(&mut self, found: &Found) -> io::Result<()> {
        if self.terminal {
            for line in entry_text(&found.raw).split('\n') {
                writeln!(self.out, "{}", one_line(line))?;
            }
            return Ok(());
        }
        self.out.write_all(&found.raw)?;
        if !found.raw.ends_with(b"\n") {
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
