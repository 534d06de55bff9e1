//! `auditlog export`: workbooks read back cell by cell, CSV and NDJSON compared with `list`.

use std::io::Read as _;

use calamine::{Data, Reader as _, Xlsx, open_workbook};

use super::*;

const FORMULAS: &str = "2026-11-23T11:59:59,999 INFO  REQUEST: ./orders/cancel - USER: eve - PARAMS: - - COMMENT: =HYPERLINK(\"http://x\",\"y\") - TIMESPENT: - - TICKET: -
2026-11-23T11:59:59,999 INFO  REQUEST: ./orders/cancel - USER: @mallory - PARAMS: - - COMMENT: +cmd|' /C calc'!A0 - TIMESPENT: - - TICKET: =1+1
";

/// week.log, two entries with formula-like text, and two job executions.
fn log_with_everything() -> Env {
    let env = Env::new();
    let mut text = include_str!("../../../../fixtures/week.log").to_owned();
    text.push_str(FORMULAS);
    env.write("audit.log", &text);
    let metrics = r#"echo "Emails sent=3" >> "$AUDITLOG_METRICS""#;
    for args in [
        &[
            "--job", "archive", "--space", "finance", "--", "sh", "-c", metrics,
        ][..],
        &["--job", "cleanup", "--", "sh", "-c", "exit 4"][..],
    ] {
        let out = env.run(&[&["--file", "audit.log", "run"], args].concat());
        assert!(out.code == 0 || out.code == 4, "{out:?}");
    }
    env
}

/// The text of one member of a workbook.
fn member(path: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut file = zip.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    Some(text)
}

fn s(text: &str) -> Data {
    Data::String(text.to_owned())
}

#[test]
fn a_workbook_holds_what_list_shows() {
    let env = log_with_everything();
    assert_eq!(
        env.run(&["--file", "audit.log", "--tz", "UTC", "export", "all.xlsx"]),
        ok("")
    );
    let listed = env.run(&["--file", "audit.log", "--tz", "UTC", "list", "-o", "ndjson"]);
    let listed: Vec<serde_json::Value> = listed
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let path = env.path("all.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Audit Log", "Job Executions", "Summary"]
    );

    let audit = book.worksheet_range("Audit Log").unwrap();
    let rows: Vec<&[Data]> = audit.rows().collect();
    assert_eq!(
        rows[0],
        [
            s("Controller ID"),
            s("Created"),
            s("User Account"),
            s("Request"),
            s("Category"),
            s("Reason"),
            s("Time Spent"),
            s("Ticket Link")
        ]
    );
    assert_eq!(rows.len(), listed.len() + 1);
    for (row, entry) in rows[1..].iter().zip(&listed) {
        let Data::DateTime(created) = &row[1] else {
            panic!("Created is not a date-time: {:?}", row[1])
        };
        let created = created
            .as_datetime()
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%S%.3f")
            .to_string();
        assert_eq!(created, entry["created"].as_str().unwrap());
        assert_eq!(row[2], s(entry["user"].as_str().unwrap()));
        assert_eq!(row[3], s(entry["request"].as_str().unwrap()));
        assert_eq!(row[4], s(entry["category"].as_str().unwrap()));
        let want_spent = entry["time_spent"]
            .as_u64()
            .map_or(Data::Empty, |m| Data::Float(m as f64));
        assert_eq!(row[6], want_spent);
        let want_reason = entry["comment"].as_str().map_or(Data::Empty, s);
        assert_eq!(row[5], want_reason);
    }
    // Formula-like text is text: the cells hold it as written, and no cell is a formula.
    let texts: Vec<&Data> = rows.iter().flat_map(|r| r.iter()).collect();
    for text in [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+cmd|' /C calc'!A0",
        "@mallory",
        "=1+1",
    ] {
        assert!(texts.contains(&&s(text)), "{text}");
    }
    // The only formulas are the links of column H, each a HYPERLINK of an http(s) link; the
    // header is frozen and filtered.
    let sheet1 = member(&path, "xl/worksheets/sheet1.xml").unwrap();
    let formulas: Vec<(String, String)> =
        regex::Regex::new(r#"<c r="([A-Z]+)\d+"[^>]*><f>([^<]*)</f>"#)
            .unwrap()
            .captures_iter(&sheet1)
            .map(|c| (c[1].to_owned(), c[2].to_owned()))
            .collect();
    let links = listed
        .iter()
        .filter(|e| {
            e["ticket"]
                .as_str()
                .is_some_and(|t| t.starts_with("https://"))
        })
        .count();
    assert_eq!(formulas.len(), links);
    for (column, formula) in &formulas {
        assert_eq!(column, "H");
        assert!(
            formula.starts_with("HYPERLINK(\"https://tickets.example.com/browse/"),
            "{formula}"
        );
    }
    assert!(sheet1.contains("<pane ySplit=\"1\"") && sheet1.contains("<autoFilter ref=\"A1:H"));
    assert!(
        member(&path, "xl/charts/chart1.xml")
            .unwrap()
            .contains("<c:lineChart>")
    );

    let runs = book.worksheet_range("Job Executions").unwrap();
    let rows: Vec<&[Data]> = runs.rows().collect();
    assert_eq!(
        rows[0],
        [
            s("Execution ID"),
            s("Job"),
            s("Space"),
            s("Status"),
            s("Executed by"),
            s("Started"),
            s("Ended"),
            s("Duration"),
            s("Emails sent")
        ]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (&rows[1][1], &rows[1][2], &rows[1][3]),
        (&s("cleanup"), &s("(multiple)"), &s("Failed"))
    );
    assert_eq!(
        (&rows[2][1], &rows[2][2], &rows[2][3]),
        (&s("archive"), &s("finance"), &s("Successful"))
    );
    assert_eq!(rows[2][8], Data::Float(3.0));
    assert!(
        matches!(
            rows[2][7],
            Data::DurationIso(_) | Data::Float(_) | Data::DateTime(_)
        ),
        "{:?}",
        rows[2][7]
    );

    let summary = book.worksheet_range("Summary").unwrap();
    let rows: Vec<&[Data]> = summary.rows().collect();
    assert_eq!(
        rows[4][..2],
        [s("Entries"), Data::Float(listed.len() as f64)]
    );
    assert_eq!(rows[6][..2], [s("Day"), s("Entries")]);
}

#[test]
fn a_filtered_workbook_and_the_body_column() {
    let env = log_with_everything();
    let out = env.run(&[
        "--file",
        "audit.log",
        "export",
        "jdoe.xlsx",
        "--user",
        "jdoe",
        "--oldest-first",
        "--with-params",
    ]);
    assert_eq!(out, ok(""));
    let mut book: Xlsx<_> = open_workbook(env.path("jdoe.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["Audit Log", "Summary"]);
    let audit = book.worksheet_range("Audit Log").unwrap();
    let rows: Vec<&[Data]> = audit.rows().collect();
    assert_eq!(rows[0][8], s("Request Body"));
    let created: Vec<String> = rows[1..].iter().map(|r| r[1].to_string()).collect();
    assert_eq!(created.len(), 5);
    assert_eq!(
        rows[1][8],
        s(
            r#"{"controllerId":"prod","orders":[{"workflowPath":"/finance/eod/close"}],"auditLog":{"comment":"Business requirement","timeSpent":15,"ticketLink":"https://tickets.example.com/browse/OPS-101"}}"#
        )
    );
    assert_eq!(
        rows[2][8],
        s(
            r#"{"controllerId":"prod","orders":[{"workflowPath":"/dwh/load/daily"},{"workflowPath":"/finance/eod/close"}],"auditLog":{}}"#
        )
    );
}

#[test]
fn csv_is_safe_for_spreadsheets_and_ndjson_is_what_list_writes() {
    let env = Env::new();
    env.write("audit.log", FORMULAS);
    assert_eq!(env.run(&["--file", "audit.log", "export", "x.csv"]), ok(""));
    let cells = r#"Controller ID,Created,User Account,Request,Category,Reason,Time Spent,Ticket Link,Ref
,2026-11-23 11:59:59.999,'@mallory,./orders/cancel,CONTROLLER,'+cmd|' /C calc'!A0,,'=1+1,20261123T115959.999~2
,2026-11-23 11:59:59.999,eve,./orders/cancel,CONTROLLER,"'=HYPERLINK(""http://x"",""y"")",,,20261123T115959.999
"#;
    // A file for a spreadsheet: a UTF-8 byte order mark, and CRLF line ends.
    assert_eq!(
        env.read("x.csv"),
        format!("\u{feff}{}", cells.replace('\n', "\r\n"))
    );
    // One CSV writer: list writes the same cells, as programs read them.
    assert_eq!(
        env.run(&["--file", "audit.log", "list", "-o", "csv"]),
        ok(cells)
    );
    assert_eq!(
        env.run(&["--file", "audit.log", "export", "x.ndjson"]),
        ok("")
    );
    let listed = env.run(&["--file", "audit.log", "list", "-o", "ndjson"]);
    assert_eq!(env.read("x.ndjson"), listed.stdout);
}

#[test]
fn an_export_appears_whole_or_not_at_all() {
    let env = Env::new();
    env.fixture("week.log");
    env.write("old.xlsx", "keep me");
    assert_eq!(
        env.run(&["--file", "week.log", "export", "old.xlsx"]),
        failed("auditlog: old.xlsx exists: give --force to replace it\n")
    );
    assert_eq!(env.read("old.xlsx"), "keep me");
    assert_eq!(
        env.run(&[
            "--file", "week.log", "export", "old.xlsx", "--force", "-n", "1"
        ]),
        ok("")
    );
    let mut book: Xlsx<_> = open_workbook(env.path("old.xlsx")).unwrap();
    assert_eq!(book.worksheet_range("Audit Log").unwrap().rows().count(), 2);
    assert_eq!(
        env.run(&["--file", "week.log", "export", "out.txt"]),
        failed(
            "auditlog: cannot tell the form of out.txt from its name: name it .xlsx, .csv or .ndjson, or give --format\n"
        )
    );
    // Errors once named the temporary file beside the target instead of the target.
    assert_eq!(
        env.run(&["--file", "week.log", "export", "no/such/dir/x.csv"]),
        failed(
            "auditlog: cannot export to no/such/dir/x.csv: No such file or directory (os error 2)\n"
        )
    );
    assert_eq!(
        env.run(&[
            "--file", "week.log", "export", "none.csv", "--user", "nobody"
        ]),
        Out {
            code: 1,
            stdout: String::new(),
            stderr: "auditlog: no entries matched; none.csv holds none\n".into()
        }
    );
    let mut names: Vec<String> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["config", "none.csv", "old.xlsx", "week.log"]);
}
