//! `-o json` (an array, one row a line) and `-o ndjson` (one row a line), in each record's
//! documented schema, with every unsafe character escaped.

use std::marker::PhantomData;

use super::row::Row;
use super::sink::{Form, Framing};

pub struct Json<R> {
    array: bool,
    record: PhantomData<fn(&R)>,
}

impl<R: Row> Json<R> {
    /// An array, one row a line.
    pub fn array() -> Json<R> {
        Json {
            array: true,
            record: PhantomData,
        }
    }

    /// One row a line.
    pub fn lines() -> Json<R> {
        Json {
            array: false,
            record: PhantomData,
        }
    }

    /// What the rows stand in.
    pub fn framing(&self) -> Framing {
        if self.array {
            Framing {
                open: b"[\n".to_vec(),
                join: b",\n",
                close: b"\n]\n",
                empty: b"[]\n".to_vec(),
            }
        } else {
            Framing::default()
        }
    }
}

impl<R: Row> Form<R> for Json<R> {
    type Rendered = Vec<u8>;

    fn render(&self, rows: &[R]) -> Vec<u8> {
        let mut out = Vec::with_capacity(rows.len() * 700);
        for (i, row) in rows.iter().enumerate() {
            if self.array && i > 0 {
                out.extend_from_slice(b",\n");
            }
            row.json(&mut out);
            if !self.array {
                out.push(b'\n');
            }
        }
        out
    }
}
