//! `-o raw`: the original lines, byte for byte. A last line that had no line end gets one, so
//! the next entry starts on a line of its own. On a terminal, each line is made safe to show
//! first (see [`one_line`]): a log's bytes may hold escape sequences. Only entries have this
//! form.

use std::marker::PhantomData;

use auditlog::format::entry_text;
use auditlog::safe::one_line;

use super::row::Row;
use super::sink::Form;

pub struct Raw<R> {
    terminal: bool,
    record: PhantomData<fn(&R)>,
}

impl<R: Row> Raw<R> {
    pub fn new(terminal: bool) -> Raw<R> {
        Raw {
            terminal,
            record: PhantomData,
        }
    }
}

impl<R: Row> Form<R> for Raw<R> {
    type Rendered = Vec<u8>;

    fn render(&self, rows: &[R]) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            rows.iter()
                .map(|r| r.raw().map_or(0, <[u8]>::len) + 1)
                .sum(),
        );
        for row in rows {
            let raw = row.raw().unwrap_or_default();
            if self.terminal {
                for line in entry_text(raw).split('\n') {
                    out.extend_from_slice(one_line(line).as_bytes());
                    out.push(b'\n');
                }
                continue;
            }
            out.extend_from_slice(raw);
            if !raw.ends_with(b"\n") {
                out.push(b'\n');
            }
        }
        out
    }
}
