//! `-o json` (an array, one entry a line) and `-o ndjson` (one entry a line), in the schema of
//! [`auditlog::json::EntryJson`], with every unsafe character escaped.

use std::io::{self, Write};

use auditlog::json::{EntryJson, safe_json};

use super::{Found, Sink};

pub struct Json<W> {
    out: W,
    array: bool,
    written: u64,
}

impl<W: Write> Json<W> {
    pub fn array(out: W) -> Json<W> {
        Json {
            out,
            array: true,
            written: 0,
        }
    }

    pub fn lines(out: W) -> Json<W> {
        Json {
            out,
            array: false,
            written: 0,
        }
    }
}

impl<W: Write> Sink for Json<W> {
    fn write(&mut self, found: &Found) -> io::Result<()> {
        let json = safe_json(&EntryJson::new(&found.entry, &found.reference));
        if self.array {
            let lead = if self.written == 0 { "[\n" } else { ",\n" };
            self.out.write_all(lead.as_bytes())?;
            self.out.write_all(json.as_bytes())?;
        } else {
            writeln!(self.out, "{json}")?;
        }
        self.written += 1;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        if self.array {
            let end = if self.written == 0 { "[]\n" } else { "\n]\n" };
            self.out.write_all(end.as_bytes())?;
        }
        self.out.flush()
    }
}
