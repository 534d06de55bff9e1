//! `-o plain`: one row a line, its columns separated by tabs, each made safe to show; an empty
//! cell as the record says (`-` for an entry's). Colored by tone when colors are on.

use std::marker::PhantomData;

use super::row::{Row, Tone};
use super::sink::Form;
use super::term::Palette;

pub struct Plain<R> {
    palette: Palette,
    record: PhantomData<fn(&R)>,
}

impl<R: Row> Plain<R> {
    pub fn new(palette: Palette) -> Plain<R> {
        Plain {
            palette,
            record: PhantomData,
        }
    }
}

impl<R: Row> Form<R> for Plain<R> {
    type Rendered = Vec<u8>;

    fn render(&self, rows: &[R]) -> Vec<u8> {
        let mut out = Vec::with_capacity(rows.len() * 160);
        for row in rows {
            for (i, column) in R::columns().iter().enumerate() {
                if i > 0 {
                    out.push(b'\t');
                }
                let cell = (column.cell)(row);
                match cell.shown() {
                    Some(text) if !text.is_empty() => {
                        self.palette.push(&mut out, cell.tone(), &text)
                    }
                    _ => self.palette.push(&mut out, Tone::Dim, R::EMPTY),
                }
            }
            out.push(b'\n');
        }
        out
    }
}
