//! `-o json` (an array, one row a line) and `-o ndjson` (one row a line), in each record's
//! documented schema, with every unsafe character escaped.

use std::io::{self, Write};
use std::marker::PhantomData;

use super::row::{Record, Sink};

pub struct Json<W, R> {
    out: W,
    array: bool,
    written: u64,
    record: PhantomData<fn(&R)>,
}

impl<W: Write, R: Record> Json<W, R> {
    pub fn array(out: W) -> Json<W, R> {
        Json {
            out,
            array: true,
            written: 0,
            record: PhantomData,
        }
    }

    pub fn lines(out: W) -> Json<W, R> {
        Json {
            out,
            array: false,
            written: 0,
            record: PhantomData,
        }
    }

    fn end(&mut self) -> io::Result<()> {
        if self.array {
            let end = if self.written == 0 { "[]\n" } else { "\n]\n" };
            self.out.write_all(end.as_bytes())?;
        }
        self.out.flush()
    }
}

impl<W: Write, R: Record> Sink<R> for Json<W, R> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        let json = row.json();
        if self.array {
            let lead = if self.written == 0 { "[\n" } else { ",\n" };
            self.out.write_all(lead.as_bytes())?;
            self.out.write_all(json.as_bytes())?;
        } else {
            self.out.write_all(json.as_bytes())?;
            self.out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.end()
    }
}
