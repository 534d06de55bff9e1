//! A mismatch as a row of the house's table (`-o table`): the workbook's columns, a row per
//! field that differs.

use auditlog::json::write_safe_json;

use super::xlsx::HEADERS;
use crate::output::{Cell, Column, Row};

/// One row of the mismatches' table: its cells under [`HEADERS`].
pub struct MismatchRow(pub [Option<String>; 10]);

fn cell<const N: usize>(row: &MismatchRow) -> Cell<'_> {
    row.0[N]
        .as_deref()
        .map_or(Cell::Empty, |text| Cell::Text(text.into()))
}

/// The columns, narrow ones first to go on a narrow terminal: the file and line are in the
/// text and JSON forms too.
static COLUMNS: [Column<MismatchRow>; 10] = [
    Column::new(HEADERS[0], cell::<0>),
    Column {
        drop: 2,
        ..Column::new(HEADERS[1], cell::<1>)
    },
    Column::new(HEADERS[2], cell::<2>),
    Column::new(HEADERS[3], cell::<3>),
    Column {
        drop: 1,
        ..Column::new(HEADERS[4], cell::<4>)
    },
    Column::new(HEADERS[5], cell::<5>),
    Column::new(HEADERS[6], cell::<6>),
    Column::new(HEADERS[7], cell::<7>),
    Column::new(HEADERS[8], cell::<8>),
    Column::new(HEADERS[9], cell::<9>),
];

impl Row for MismatchRow {
    const EMPTY: &'static str = "-";

    fn columns() -> &'static [Column<Self>] {
        &COLUMNS
    }

    fn json(&self, out: &mut Vec<u8>) {
        let object: serde_json::Map<String, serde_json::Value> = HEADERS
            .iter()
            .zip(&self.0)
            .map(|(h, v)| ((*h).to_owned(), v.clone().into()))
            .collect();
        write_safe_json(&object, out);
    }
}
