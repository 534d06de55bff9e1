//! The files people open, opened by a real office suite: LibreOffice (Debian's
//! libreoffice-calc-nogui) prints the workbooks to PDF, read back with poppler's pdftotext and
//! pdfinfo, and reads the CSV export. Excel itself cannot run here: that a UTF-8 byte order
//! mark is what makes Excel read a CSV file as UTF-8, and that frozen panes are the sheet's
//! `<pane state="frozen">`, are taken from Microsoft's documentation and ECMA-376.

use super::*;

/// Whether LibreOffice and poppler are here; says why not when they are not.
fn office() -> bool {
    let have = |program: &str| {
        Command::new(program)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    };
    let here = have("soffice") && have("pdftotext");
    if !here {
        eprintln!(
            "skipping: LibreOffice and poppler are not installed (Debian: apt-get install libreoffice-calc-nogui poppler-utils)"
        );
    }
    here
}

/// Converts `file` in `env` with LibreOffice to `to` (a filter spec), in a profile of the
/// test's own so that tests may convert at once; the converted file's path.
fn convert(env: &Env, file: &str, to: &str, infilter: Option<&str>) -> PathBuf {
    let profile = format!("file://{}", env.path("office-profile").display());
    let mut soffice = Command::new("soffice");
    soffice.arg(format!("-env:UserInstallation={profile}"));
    soffice.arg("--headless");
    if let Some(filter) = infilter {
        soffice.arg(format!("--infilter={filter}"));
    }
    let out = soffice
        .args(["--convert-to", to, "--outdir"])
        .arg(env.path("converted"))
        .arg(env.path(file))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stem = Path::new(file).file_stem().unwrap().to_str().unwrap();
    let ext = to.split(':').next().unwrap();
    let path = env.path("converted").join(format!("{stem}.{ext}"));
    assert!(
        path.exists(),
        "LibreOffice made no {}: {out:?}",
        path.display()
    );
    path
}

/// The text of each page of a PDF, and whether the page is landscape.
fn pages(pdf: &Path) -> Vec<(String, bool)> {
    let info = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "999"])
        .arg(pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let sizes: Vec<bool> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let size = l.split(" size: ").nth(1).unwrap();
            let mut n = size
                .split(" x ")
                .map(|x| x.split_whitespace().next().unwrap().parse::<f64>().unwrap());
            let (w, h) = (n.next().unwrap(), n.next().unwrap());
            w > h
        })
        .collect();
    sizes
        .iter()
        .enumerate()
        .map(|(i, landscape)| {
            let page = (i + 1).to_string();
            let text = Command::new("pdftotext")
                .args(["-layout", "-f", &page, "-l", &page])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap();
            (
                String::from_utf8_lossy(&text.stdout).into_owned(),
                *landscape,
            )
        })
        .collect()
}

/// A log of 150 entries over ten days, two stamps written with their offsets.
fn busy_log(env: &Env) {
    let mut text = String::new();
    for i in 0..150 {
        let (day, hour, minute) = (10 + i / 15, i % 15 + 6, (i * 7) % 60);
        let stamp = format!("2026-11-{day:02}T{hour:02}:{minute:02}:00,000");
        let stamp = match i {
            40 => "2026-11-12T03:11:00,000Z".to_owned(),
            41 => "2026-11-12T03:12:00,500+14:00".to_owned(),
            _ => stamp,
        };
        text.push_str(&format!(
            "{stamp} INFO  REQUEST: ./orders/add - USER: {} - PARAMS: {{\"controllerId\":\"prod\",\"auditLog\":{{}}}} - COMMENT: Business requirement - TIMESPENT: 15m - TICKET: https://tickets.example.com/browse/OPS-{i}\n",
            ["m.müller", "jdoe", "ops.night"][i % 3]
        ));
    }
    env.write("audit.log", &text);
}

/// The export's workbook printed: every page landscape, every sheet one page wide (the last
/// column on every page), the header on every page of the audit sheet, the summary's chart
/// axis in dates (not Excel's serial numbers), and the stamp written with an offset showing
/// it. Before, it printed portrait, two columns a page, the header once, and the axis as
/// 46000-odd numbers.
#[test]
fn the_exported_workbook_prints_readably_with_dates_on_its_chart() {
    if !office() {
        return;
    }
    let env = Env::new();
    busy_log(&env);
    let out = env.run(&["--file", "audit.log", "export", "audit.xlsx"]);
    assert_eq!(out.code, 0, "{out:?}");
    let pdf = convert(&env, "audit.xlsx", "pdf", None);
    let pages = pages(&pdf);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert!(pages.iter().all(|(_, landscape)| *landscape));
    let (audit, summary): (Vec<_>, Vec<_>) = pages
        .iter()
        .map(|(text, _)| text)
        .partition(|text| !text.contains("Audit log export"));
    assert!(audit.len() >= 2, "the audit sheet takes more than a page");
    for page in &audit {
        let header = page.lines().find(|l| !l.trim().is_empty()).unwrap();
        for column in ["Controller ID", "Created", "User Account", "Ticket Link"] {
            assert!(header.contains(column), "{header}");
        }
    }
    // The offsets stay in sight, the column wide enough for the longest (not `###`).
    assert!(audit.iter().any(|p| p.contains("2026-11-12 03:11:00.000Z")));
    assert!(
        audit
            .iter()
            .any(|p| p.contains("2026-11-12 03:12:00.500+14:00"))
    );
    assert!(audit.iter().all(|p| !p.contains("###")));
    let summary = summary
        .iter()
        .find(|p| p.contains("Entries per day"))
        .unwrap();
    let serial = regex::Regex::new(r"\b4[5-6]\d{3}\b").unwrap();
    assert!(!serial.is_match(summary), "{summary}");
    // Frozen under the header, as the sheet's XML tells Excel (ECMA-376's <pane>).
    let sheet = Command::new("python3")
        .args(["-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode())"])
        .arg(env.path("audit.xlsx"))
        .output()
        .unwrap();
    let sheet = String::from_utf8_lossy(&sheet.stdout);
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{}",
        &sheet[..sheet.len().min(2000)]
    );
}

/// The report's workbook: Share as a percentage, every column wide enough for what it
/// holds (LibreOffice prints `###` for a number that does not fit), one page wide, landscape.
#[test]
fn the_report_workbook_shows_shares_as_percentages_in_fitted_columns() {
    if !office() {
        return;
    }
    let env = Env::new();
    busy_log(&env);
    let out = env.run(&[
        "--file",
        "audit.log",
        "report",
        "--by",
        "account,ticket",
        "--xlsx",
        "report.xlsx",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let csv = convert(
        &env,
        "report.xlsx",
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        None,
    );
    let shown = fs::read_to_string(csv).unwrap();
    let mut lines = shown.lines();
    assert_eq!(
        lines.next(),
        Some(
            "\"Account\",\"Ticket\",\"Entries\",\"Share\",\"Time spent\",\"With time\",\"Tickets\""
        )
    );
    assert_eq!(
        lines.next(),
        Some("\"jdoe\",\"https://tickets.example.com/browse/OPS-1\",1,0.7%,15,1,1")
    );
    assert_eq!(
        shown.lines().last(),
        Some("\"Total\",,150,100.0%,2250,150,150")
    );
    // With a trend too: the Total row's 100.0% showed as `###` in a column fitted by
    // autofit, which measured the bare fraction.
    env.fixture("report.log");
    let trend = env.run(&[
        "--tz",
        "Europe/Berlin",
        "--file",
        "report.log",
        "report",
        "--by",
        "account",
        "--trend",
        "week",
        "--xlsx",
        "trend.xlsx",
    ]);
    assert_eq!(trend.code, 0, "{trend:?}");
    for book in ["report.xlsx", "trend.xlsx"] {
        let pdf = convert(&env, book, "pdf", None);
        let pages = pages(&pdf);
        for (text, landscape) in &pages {
            assert!(landscape);
            assert!(!text.contains("###"), "{text}");
        }
        assert!(pages.iter().any(|(text, _)| text.contains("100.0%")));
    }
}

/// A `.csv` export opens in a spreadsheet with `m.müller` intact: it begins with a UTF-8
/// byte order mark (Excel's sign of UTF-8) and ends its lines with CRLF; read as UTF-8, every
/// cell is exact, a reason's line break kept and no mark left in the first header.
/// `list -o csv` through a pipe stays as programs want it: LF, no mark.
#[test]
fn a_csv_export_opens_in_a_spreadsheet_with_its_accents() {
    let env = Env::new();
    env.write(
        "audit.log",
        "2026-11-23T10:00:00,000 INFO  REQUEST: ./inventory/store - USER: m.müller - PARAMS: {\"controllerId\":\"prod\",\"auditLog\":{\"comment\":\"first line\\nsecond\"}} - COMMENT: first line\nsecond - TIMESPENT: - - TICKET: -\n",
    );
    let out = env.run(&["--file", "audit.log", "export", "audit.csv"]);
    assert_eq!(out.code, 0, "{out:?}");
    let bytes = fs::read(env.path("audit.csv")).unwrap();
    let header =
        "Controller ID,Created,User Account,Request,Category,Reason,Time Spent,Ticket Link,Ref";
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        format!(
            "\u{feff}{header}\r\nprod,2026-11-23 10:00:00.000,m.müller,./inventory/store,INVENTORY,\"first line\nsecond\",,,20261123T100000.000\r\n"
        )
    );
    let piped = env.run(&["--file", "audit.log", "list", "-o", "csv"]);
    assert!(
        piped.stdout.starts_with(&format!("{header}\n")),
        "{piped:?}"
    );
    if !office() {
        return;
    }
    let read = convert(
        &env,
        "audit.csv",
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        Some("CSV:44,34,76,1"),
    );
    // In the workbook, the reason's second line is a line of the row, not drawn over the
    // header above it.
    let out = env.run(&["--file", "audit.log", "export", "audit.xlsx"]);
    assert_eq!(out.code, 0, "{out:?}");
    let printed = &pages(&convert(&env, "audit.xlsx", "pdf", None))[0].0;
    let lines: Vec<&str> = printed.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines[0].starts_with("Controller ID"), "{printed}");
    assert_eq!(lines[1].trim(), "first line", "{printed}");
    assert!(
        lines[2].trim_end().ends_with("INVENTORY   second"),
        "{printed}"
    );
    // Created is read as a date, a number: unquoted.
    assert_eq!(
        fs::read_to_string(read).unwrap(),
        "\"Controller ID\",\"Created\",\"User Account\",\"Request\",\"Category\",\"Reason\",\"Time Spent\",\"Ticket Link\",\"Ref\"\n\"prod\",2026-11-23 10:00:00.000,\"m.müller\",\"./inventory/store\",\"INVENTORY\",\"first line\nsecond\",,,\"20261123T100000.000\"\n"
    );
}

/// A reason of three lines kept a row of one: its second line was drawn over the next entry's
/// row, its third lost. The row is as tall as the reason.
#[test]
fn a_reason_of_several_lines_has_a_row_as_tall_as_it() {
    if !office() {
        return;
    }
    let env = Env::new();
    let entry = |time: &str, user: &str, reason: &str| {
        format!(
            "2026-11-12T{time},000 INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: - - COMMENT: {reason} - TIMESPENT: - - TICKET: -\n"
        )
    };
    env.write(
        "audit.log",
        &[
            entry("03:19:00", "before", "x"),
            entry(
                "03:20:00",
                "m.müller",
                "first line\nsecond line\nthird line",
            ),
            entry("03:21:00", "after", "y"),
        ]
        .concat(),
    );
    let out = env.run(&["--file", "audit.log", "export", "audit.xlsx"]);
    assert_eq!(out.code, 0, "{out:?}");
    let printed = &pages(&convert(&env, "audit.xlsx", "pdf", None))[0].0;
    let lines: Vec<&str> = printed
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let ends = [" y", "first line", "second line", " third line", " x"];
    for (line, end) in lines[1..6].iter().zip(ends) {
        assert!(line.ends_with(end), "{end:?} in\n{printed}");
    }
    assert_eq!(lines[2].trim(), "first line", "{printed}");
    assert_eq!(lines[3].trim(), "second line", "{printed}");
}

/// The "Job Executions" sheet showed `###` for a start or end written with a long offset:
/// its columns were as wide as a stamp without one.
#[test]
fn executions_written_with_offsets_show_them_whole() {
    if !office() {
        return;
    }
    let env = Env::new();
    let entry = |stamp: &str, request: &str, more: &str| {
        format!(
            "{stamp} INFO  REQUEST: ./job_executions/{request} - USER: Scheduled execution - PARAMS: {{\"executionId\":\"20261025-032000-cccccc\",\"job\":\"C\",\"trigger\":\"scheduled\",\"host\":\"h\",\"pid\":1,\"command\":[\"x\"]{more},\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n"
        )
    };
    env.write(
        "audit.log",
        &[
            entry("2026-10-25T03:20:00,123+01:00", "start", ""),
            entry(
                "2026-10-25T03:21:00,500+14:00",
                "finish",
                ",\"status\":\"Successful\",\"exitCode\":0,\"durationMs\":60000",
            ),
        ]
        .concat(),
    );
    let out = env.run(&["--file", "audit.log", "export", "audit.xlsx"]);
    assert_eq!(out.code, 0, "{out:?}");
    let pages = pages(&convert(&env, "audit.xlsx", "pdf", None));
    let executions = pages
        .iter()
        .map(|(text, _)| text)
        .find(|text| text.contains("Execution ID"))
        .unwrap();
    assert!(!executions.contains("###"), "{executions}");
    assert!(
        executions.contains("2026-10-25 03:20:00.123+01:00"),
        "{executions}"
    );
    assert!(
        executions.contains("2026-10-25 03:21:00.500+14:00"),
        "{executions}"
    );
}

/// The chart of a one-day export (`--preset today`) labelled its axis with a day of its own,
/// 2026-01-01: a date axis of one day has no span. The day is the axis's only label.
#[test]
fn the_chart_of_a_one_day_export_names_that_day() {
    if !office() {
        return;
    }
    let env = Env::new();
    env.fixture("sample/audit.log");
    let out = env.run(&[
        "--tz",
        "Europe/Berlin",
        "--file",
        "audit.log",
        "export",
        "one.xlsx",
        "--since",
        "2026-11-20",
        "--until",
        "2026-11-20",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let pages = pages(&convert(&env, "one.xlsx", "pdf", None));
    let summary = &pages
        .iter()
        .find(|(text, _)| text.contains("Entries per day"))
        .unwrap()
        .0;
    // Once in the table of days, once under the chart (and twice in the command line).
    let days = summary
        .lines()
        .filter(|l| !l.starts_with("Command"))
        .map(|l| l.matches("2026-11-20").count())
        .sum::<usize>();
    assert_eq!(days, 2, "{summary}");
    assert!(!summary.contains("-01-01"), "{summary}");
}
