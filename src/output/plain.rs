//! `-o plain`: one row a line, its columns separated by tabs, each made safe to show; an empty
//! cell as the record says (`-` for an entry's).

use std::io::{self, Write};
use std::marker::PhantomData;

use super::row::{Record, Sink};

pub struct Plain<W, R> {
    out: W,
    record: PhantomData<fn(&R)>,
}

impl<W: Write, R: Record> Plain<W, R> {
    pub fn new(out: W) -> Plain<W, R> {
        Plain {
            out,
            record: PhantomData,
        }
    }
}

impl<W: Write, R: Record> Sink<R> for Plain<W, R> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        let mut line = String::new();
        for (i, column) in R::columns().iter().enumerate() {
            if i > 0 {
                line.push('\t');
            }
            match (column.cell)(row).shown() {
                Some(text) if !text.is_empty() => line.push_str(&text),
                _ => line.push_str(R::EMPTY),
            }
        }
        line.push('\n');
        self.out.write_all(line.as_bytes())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.out.flush()
    }
}
