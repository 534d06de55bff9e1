//! `-o table`: the columns of what is listed, fitted to the terminal. A column that may be
//! left out (the Controller ID) shows only when its values differ from row to row.

use std::io::{self, Write};
use std::marker::PhantomData;

use comfy_table::{ContentArrangement, Table as Grid, presets};

use super::row::{Record, Sink};

pub struct Table<W, R> {
    out: W,
    rows: Vec<Vec<String>>,
    record: PhantomData<fn(&R)>,
}

impl<W: Write, R: Record> Table<W, R> {
    pub fn new(out: W) -> Table<W, R> {
        Table {
            out,
            rows: Vec::new(),
            record: PhantomData,
        }
    }
}

impl<W: Write, R: Record> Sink<R> for Table<W, R> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        let cells = R::columns()
            .iter()
            .map(|c| (c.cell)(row).shown().unwrap_or_default().into_owned())
            .collect();
        self.rows.push(cells);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        if self.rows.is_empty() {
            return self.out.flush();
        }
        let columns = R::columns();
        let shown: Vec<usize> = (0..columns.len())
            .filter(|&i| {
                !columns[i].hide_when_same || self.rows.iter().any(|r| r[i] != self.rows[0][i])
            })
            .collect();
        let mut grid = Grid::new();
        grid.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(
                shown
                    .iter()
                    .map(|&i| columns[i].short.unwrap_or(columns[i].header)),
            );
        for row in &self.rows {
            grid.add_row(shown.iter().map(|&i| &row[i]));
        }
        writeln!(self.out, "{grid}")?;
        self.out.flush()
    }
}
