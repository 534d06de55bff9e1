use std::borrow::Cow;

use super::*;

/// A row of a small record: a host (hidden when it is the same everywhere), a name that may be
/// cut, a fixed code, and a link.
struct Item {
    host: &'static str,
    name: &'static str,
    code: &'static str,
    link: Option<&'static str>,
}

static COLUMNS: [Column<Item>; 4] = [
    Column {
        header: "Host",
        short: None,
        cell: |r| Cell::Text(Cow::Borrowed(r.host)),
        hide_when_same: true,
        width: Width::Capped {
            cap: 10,
            min: 4,
            order: 1,
        },
        drop: 3,
        screen_drop: None,
    },
    Column {
        width: Width::Capped {
            cap: 12,
            min: 5,
            order: 0,
        },
        drop: 1,
        ..Column::new("Name", |r| Cell::Text(Cow::Borrowed(r.name)))
    },
    Column::new("Code", |r| Cell::Text(Cow::Borrowed(r.code))),
    Column {
        short: Some("Link"),
        width: Width::Capped {
            cap: 30,
            min: 6,
            order: 2,
        },
        drop: 2,
        ..Column::new("Ticket Link", |r| r.link.map_or(Cell::Empty, Cell::Link))
    },
];

impl Row for Item {
    const EMPTY: &'static str = "-";

    fn columns() -> &'static [Column<Item>] {
        &COLUMNS
    }

    fn json(&self, _: &mut Vec<u8>) {}
}

fn item(host: &'static str, name: &'static str, link: Option<&'static str>) -> Item {
    Item {
        host,
        name,
        code: "20261123T095301.440",
        link,
    }
}

/// The table of `rows`, printed in batches of `batch`, for a terminal `width` wide.
fn table(rows: Vec<Item>, width: Option<usize>, batch: usize) -> String {
    let mut out = Vec::new();
    {
        let mut printer = Table::<_, Item>::new(&mut out, Palette::new(false), width, false);
        let cells = Cells::<Item>::new();
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let batch: Vec<Item> = rows.by_ref().take(batch).collect();
            printer.print(cells.render(&batch)).unwrap();
        }
        printer.finish().unwrap();
    }
    String::from_utf8(out).unwrap()
}

fn rows() -> Vec<Item> {
    vec![
        item(
            "prod",
            "a rather long name indeed",
            Some("https://t.example.com/browse/OPS-7"),
        ),
        item("prod", "short", None),
        item(
            "prod",
            "zoë",
            Some("https://t.example.com/browse/OPS-7952/"),
        ),
    ]
}

#[test]
fn takes_every_column_its_capped_width_without_a_terminal() {
    assert_eq!(
        table(rows(), None, 100),
        "\
Name          Code                 Link
a rather lo…  20261123T095301.440  https://t.example.com/browse/…
short         20261123T095301.440  -
zoë           20261123T095301.440  https://t.example.com/browse/…
"
    );
}

#[test]
fn shortens_links_then_cuts_then_drops_on_a_narrow_terminal() {
    // Links shortened to their last segment, and names cut to fit 50 columns.
    assert_eq!(
        table(rows(), Some(50), 100),
        "\
Name          Code                 Link
a rather lo…  20261123T095301.440  OPS-7
short         20261123T095301.440  -
zoë           20261123T095301.440  OPS-7952/
"
    );
    assert_eq!(
        table(rows(), Some(38), 100),
        "\
Name    Code                 Link
a rat…  20261123T095301.440  OPS-7
short   20261123T095301.440  -
zoë     20261123T095301.440  OPS-7952/
"
    );
    // Too narrow for every column's minimum: the link goes first (its `drop` is highest), and
    // the name takes the room it leaves.
    assert_eq!(
        table(rows(), Some(30), 100),
        "\
Name       Code
a rather…  20261123T095301.440
short      20261123T095301.440
zoë        20261123T095301.440
"
    );
    // A code is never cut, however narrow.
    assert_eq!(
        table(rows(), Some(10), 100),
        "\
Code
20261123T095301.440
20261123T095301.440
20261123T095301.440
"
    );
}

#[test]
fn a_hidden_column_comes_back_under_a_new_header_when_its_value_changes() {
    // The first page is laid out from whole batches: 105 rows here.
    let first = PAGE + 10;
    let mut rows: Vec<Item> = (0..first).map(|_| item("prod", "a", None)).collect();
    rows.push(item("test", "b", None));
    rows.push(item("prod", "c", None));
    let printed = table(rows, None, 7);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 1 + first + 1 + 2);
    assert_eq!(lines[0], "Name   Code                 Link");
    assert_eq!(lines[first], "a      20261123T095301.440  -");
    assert_eq!(
        &lines[first + 1..],
        [
            "Host  Name   Code                 Link",
            "test  b      20261123T095301.440  -",
            "prod  c      20261123T095301.440  -",
        ]
    );
}

#[test]
fn every_row_shows_whatever_the_batches() {
    let many = |n| (0..n).map(|_| item("prod", "x", None)).collect::<Vec<_>>();
    for (n, batch) in [(1, 1), (PAGE - 1, 3), (PAGE, 1), (PAGE * 3 + 7, 16)] {
        let printed = table(many(n), Some(80), batch);
        assert_eq!(
            printed.lines().count(),
            n + 1,
            "{n} rows in batches of {batch}"
        );
        assert!(
            printed
                .lines()
                .skip(1)
                .all(|l| l == "x      20261123T095301.440  -")
        );
    }
    assert_eq!(table(Vec::new(), Some(80), 1), "");
}

#[test]
fn cuts_by_display_width() {
    assert_eq!(cut("abcdef", 4), "abc…");
    assert_eq!(cut("日本語テキスト", 6), "日本…");
    assert_eq!(cut("日本語", 4), "日…");
    assert_eq!(cut("abc", 1), "…");
    assert_eq!(cut("abc", 0), "");
}

#[test]
fn colors_only_with_a_palette_that_colors() {
    let mut out = Vec::new();
    {
        let mut printer = Table::<_, Item>::new(&mut out, Palette::new(true), None, false);
        let cells = Cells::<Item>::new();
        printer
            .print(cells.render(&[item("prod", "n", None)]))
            .unwrap();
        printer.finish().unwrap();
    }
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\x1b[1mName\x1b[0m   \x1b[1mCode\x1b[0m                 \x1b[1mLink\x1b[0m\n\
         n      20261123T095301.440  \x1b[2m-\x1b[0m\n"
    );
}
