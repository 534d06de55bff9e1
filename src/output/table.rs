//! `-o table`: JOC's columns, fitted to the terminal. The Controller ID column appears only
//! when the entries shown name more than one controller.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table as Grid, presets};

use super::{Found, HEADERS, Sink, columns};

pub struct Table<W> {
    out: W,
    rows: Vec<[String; 9]>,
}

impl<W: Write> Table<W> {
    pub fn new(out: W) -> Table<W> {
        Table {
            out,
            rows: Vec::new(),
        }
    }
}

impl<W: Write> Sink for Table<W> {
    fn write(&mut self, found: &Found) -> io::Result<()> {
        let mut row = columns(found);
        if !row[6].is_empty() {
            row[6].push('m');
        }
        self.rows.push(row);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        if self.rows.is_empty() {
            return self.out.flush();
        }
        let first = &self.rows[0][0];
        let skip = usize::from(self.rows.iter().all(|r| &r[0] == first));
        let mut grid = Grid::new();
        grid.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(&HEADERS[skip..]);
        for row in &self.rows {
            grid.add_row(&row[skip..]);
        }
        writeln!(self.out, "{grid}")?;
        self.out.flush()
    }
}
