use super::*;
use auditlog::reference::Ref;
use auditlog::scan::Found;
use calamine::{Data, Reader, Xlsx, open_workbook};

fn row(line: &str) -> EntryRow {
    let entry = auditlog::format::parse(line).unwrap();
    EntryRow::new(Found {
        reference: Ref {
            stamp: entry.created,
            nth: 1,
        },
        instant: auditlog::time::Zone::System.instants(entry.created).0,
        entry,
        raw: Vec::new(),
    })
}

/// A workbook of these entries, `max_rows` rows a sheet, as export writes it; read back.
fn exported(
    dir: &Path,
    lines: &[String],
    max_rows: u32,
) -> Xlsx<std::io::BufReader<std::fs::File>> {
    let path = dir.join("export.xlsx");
    let mut book = Workbook::new(&path, false).unwrap();
    book.max_rows = max_rows;
    let mut summary = Summary::new(false);
    for line in lines {
        let row = row(line);
        summary.add(&row);
        book.write(&row).unwrap();
    }
    let about = Provenance {
        command: "auditlog export export.xlsx".into(),
        made: chrono::Utc::now().naive_utc(),
        files: vec![],
    };
    book.close(&about, &summary, &[]).unwrap();
    open_workbook(&path).unwrap()
}

#[test]
fn rows_past_a_sheet_continue_on_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..7)
        .map(|i| format!(
            "2026-11-23T10:00:0{i},000 INFO  REQUEST: ./login - USER: u{i} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -"
        ))
        .collect();
    let mut xlsx = exported(dir.path(), &lines, 4);
    assert_eq!(
        xlsx.sheet_names(),
        ["Audit Log", "Audit Log (2)", "Audit Log (3)", "Summary"]
    );
    let accounts = |name: &str, xlsx: &mut Xlsx<_>| -> Vec<Data> {
        xlsx.worksheet_range(name)
            .unwrap()
            .rows()
            .map(|r| r[2].clone())
            .collect()
    };
    let s = |t: &str| Data::String(t.to_owned());
    assert_eq!(
        accounts("Audit Log", &mut xlsx),
        [s("User Account"), s("u0"), s("u1"), s("u2")]
    );
    assert_eq!(
        accounts("Audit Log (2)", &mut xlsx),
        [s("User Account"), s("u3"), s("u4"), s("u5")]
    );
    assert_eq!(
        accounts("Audit Log (3)", &mut xlsx),
        [s("User Account"), s("u6")]
    );
}

#[test]
fn text_too_long_for_a_cell_is_cut_with_a_mark() {
    let long = "x".repeat(40_000);
    let cut = fit(&long);
    assert_eq!(
        cut.chars().count(),
        MAX_CHARS - 40 + " […cut: 7273 more characters]".chars().count()
    );
    assert!(cut.ends_with(" […cut: 7273 more characters]"));
    assert!(cut.chars().count() <= MAX_CHARS);
    assert_eq!(fit("short"), "short");
}

/// Excel counts a cell's text in UTF-16 units: 20,000 emoji are 40,000 of them, too many
/// for a cell though fewer than 32,767 characters. Such a reason once failed the export.
#[test]
fn text_is_measured_as_excel_measures_it() {
    let emoji = "\u{1F600}".repeat(20_000);
    let kept = (MAX_CHARS - 40) / 2;
    let mark = format!(" […cut: {} more characters]", 20_000 - kept);
    assert_eq!(*fit(&emoji), format!("{}{mark}", "\u{1F600}".repeat(kept)));
    assert!(fit(&emoji).encode_utf16().count() <= MAX_CHARS);
    let fits = "\u{1F600}".repeat(MAX_CHARS / 2);
    assert_eq!(fit(&fits), fits);

    let dir = tempfile::tempdir().unwrap();
    let line = format!(
        "2026-11-23T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: {emoji} - TIMESPENT: - - TICKET: -"
    );
    let mut xlsx = exported(dir.path(), &[line], MAX_ROWS);
    let sheet = xlsx.worksheet_range("Audit Log").unwrap();
    assert_eq!(
        sheet.get_value((1, 5)),
        Some(&Data::String(format!("{}{mark}", "\u{1F600}".repeat(kept))))
    );
}
