//! `-o csv`: RFC 4180 with a header; JOC's export columns and the reference.

use std::io::{self, Write};

use super::{Found, Sink, columns};
use crate::cmd::export::COLUMNS;

pub struct Csv<W: Write> {
    out: csv::Writer<W>,
    header: bool,
}

impl<W: Write> Csv<W> {
    pub fn new(out: W) -> Csv<W> {
        Csv {
            out: csv::Writer::from_writer(out),
            header: false,
        }
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header {
            self.header = true;
            self.out.write_record(COLUMNS.iter().chain([&"Ref"]))?;
        }
        Ok(())
    }
}

impl<W: Write> Sink for Csv<W> {
    fn write(&mut self, found: &Found) -> io::Result<()> {
        self.header()?;
        let e = &found.entry;
        let mut cells = columns(found);
        // CSV holds the exact values: a reason keeps its line breaks, quoted.
        cells[5] = e.comment.clone().unwrap_or_default();
        self.out.write_record(&cells)?;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }
}
