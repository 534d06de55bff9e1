//! `-o raw`: the original lines, byte for byte. A last line that had no line end gets one, so
//! the next entry starts on a line of its own.

use std::io::{self, Write};

use super::{Found, Sink};

pub struct Raw<W> {
    out: W,
}

impl<W: Write> Raw<W> {
    pub fn new(out: W) -> Raw<W> {
        Raw { out }
    }
}

impl<W: Write> Sink for Raw<W> {
    fn write(&mut self, found: &Found) -> io::Result<()> {
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
