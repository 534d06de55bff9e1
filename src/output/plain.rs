//! `-o plain`: one entry a line, JOC's columns separated by tabs, `-` for a missing value.

use std::io::{self, Write};

use super::{Found, Sink, columns};

pub struct Plain<W> {
    out: W,
}

impl<W: Write> Plain<W> {
    pub fn new(out: W) -> Plain<W> {
        Plain { out }
    }
}

impl<W: Write> Sink for Plain<W> {
    fn write(&mut self, found: &Found) -> io::Result<()> {
        let mut cells = columns(found);
        if !cells[6].is_empty() {
            cells[6].push('m');
        }
        let line: Vec<&str> = cells
            .iter()
            .map(|c| if c.is_empty() { "-" } else { c.as_str() })
            .collect();
        writeln!(self.out, "{}", line.join("\t"))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.out.flush()
    }
}
