//! `report`: groups and measures on `fixtures/report.log` (worked out by hand in the library's
//! tests), trends over a window, the entries not ready to bill, job executions, several logs,
//! a workbook with a chart, a terminal, and hostile bytes.

use calamine::{Reader as _, Xlsx, open_workbook};

use super::*;

const BERLIN: &str = "Europe/Berlin";

#[test]
fn accounts_add_up_with_a_totals_row() {
    let env = Env::new();
    env.fixture("report.log");
    let out = env.run(&[
        "--tz",
        BERLIN,
        "--file",
        "report.log",
        "report",
        "--by",
        "account",
        "-o",
        "plain",
    ]);
    assert_eq!(
        out,
        Out {
            code: 0,
            stdout: "jdoe\t5\t50.0%\t1:35\t4\t2\n\
                     root\t4\t40.0%\t3:00\t2\t2\n\
                     ops\t1\t10.0%\t0:00\t0\t0\n\
                     Total\t10\t100.0%\t4:35\t6\t3\n"
                .to_owned(),
            stderr: String::new(),
        }
    );
}

#[test]
fn a_trend_covers_every_week_of_the_window_and_the_rest_is_one_group() {
    let env = Env::new();
    env.fixture("report.log");
    let out = env.run(&[
        "--tz",
        BERLIN,
        "--file",
        "report.log",
        "report",
        "--by",
        "account,week",
        "--trend",
        "week",
        "--since",
        "2026-11-09",
        "--until",
        "2026-11-23",
        "--top",
        "2",
        "-o",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let trend = |counts: &str, direction: &str, ratio: &str| {
        format!(
            r#""trend":{{"period":"week","starts":["2026-W46","2026-W47","2026-W48"],"counts":[{counts}],"direction":"{direction}","slope_ratio":{ratio}}}"#
        )
    };
    let want = format!(
        "[{{\"account\":\"jdoe\",\"week\":\"2026-W46\",\"entries\":2,\"time_spent\":45,\"with_time_spent\":1,\"tickets\":1,\"share\":0.5,{}}},\
         {{\"account\":\"jdoe\",\"week\":\"2026-W48\",\"entries\":1,\"time_spent\":5,\"with_time_spent\":1,\"tickets\":1,\"share\":0.25,{}}},\
         {{\"account\":null,\"week\":null,\"other\":true,\"entries\":1,\"time_spent\":120,\"with_time_spent\":1,\"tickets\":1,\"share\":0.25,{}}}]\n",
        trend("2,0,0", "falling", "-3.0"),
        trend("0,0,1", "rising", "3.0"),
        trend("0,1,0", "flat", "0.0"),
    );
    assert_eq!(out.stdout, want);
}

#[test]
fn gaps_are_the_entries_with_time_and_no_ticket_or_a_ticket_and_no_time() {
    let env = Env::new();
    env.fixture("report.log");
    let out = env.run(&[
        "--tz",
        BERLIN,
        "--file",
        "report.log",
        "report",
        "--gaps",
        "-o",
        "plain",
    ]);
    assert_eq!(
        out.stdout,
        "prod\t2026-10-21 10:00:00.000\tjdoe\t./orders/cancel\tCONTROLLER\t-\t15m\t-\t20261021T100000.000\n\
         -\t2026-10-22 11:00:00.000\troot\t./inventory/store\tINVENTORY\t-\t-\thttps://t.example.com/OPS-2\t20261022T110000.000\n"
    );
    assert_eq!(out.code, 0);
    // Nothing to complete: exit 1.
    let none = env.run(&["--file", "report.log", "report", "--gaps", "--user", "ops"]);
    assert_eq!((none.code, none.stdout.as_str()), (1, ""));
}

#[test]
fn executions_by_job_count_statuses_durations_and_metrics() {
    let env = Env::new();
    env.fixture("jobs.log");
    let out = env.run(&[
        "--tz",
        BERLIN,
        "--file",
        "jobs.log",
        "report",
        "--executions",
        "--by",
        "job",
        "-o",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "[{\"job\":\"archive-spaces\",\"executions\":2,\"share\":0.4,\"successful\":0,\"failed\":0,\"cancelled\":1,\"running\":0,\"abandoned\":1,\"success_rate\":0.0,\"duration_ms\":{\"p50\":667002,\"p95\":667002,\"max\":667002},\"metrics\":{}},\
          {\"job\":\"backup\",\"executions\":2,\"share\":0.4,\"successful\":1,\"failed\":0,\"cancelled\":0,\"running\":1,\"abandoned\":0,\"success_rate\":1.0,\"duration_ms\":{\"p50\":252318,\"p95\":252318,\"max\":252318},\"metrics\":{\"Files\":{\"sum\":1204},\"Bytes\":{\"sum\":734003200}}},\
          {\"job\":\"report\",\"executions\":1,\"share\":0.2,\"successful\":0,\"failed\":1,\"cancelled\":0,\"running\":0,\"abandoned\":0,\"success_rate\":0.0,\"duration_ms\":{\"p50\":3540,\"p95\":3540,\"max\":3540},\"metrics\":{}}]\n"
    );
}

#[test]
fn several_logs_are_added_up_together() {
    let env = Env::new();
    env.fixture("report.log");
    env.write(
        "other.log",
        "2026-11-05T10:00:00,000 INFO  REQUEST: ./orders/add - USER: jdoe - PARAMS: - - COMMENT: - - TIMESPENT: 10m - TICKET: https://t.example.com/OPS-9\n\
         2026-11-06T10:00:00,000 INFO  REQUEST: ./orders/add - USER: eve - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n",
    );
    let out = env.run(&[
        "--tz",
        BERLIN,
        "--file",
        "report.log",
        "--file",
        "other.log",
        "report",
        "--by",
        "account",
        "-o",
        "csv",
    ]);
    assert_eq!(
        out.stdout,
        "Account,Entries,Share,Time spent,With time,Tickets\n\
         jdoe,6,0.5000,105,5,3\n\
         root,4,0.3333,180,2,2\n\
         eve,1,0.0833,0,0,0\n\
         ops,1,0.0833,0,0,0\n"
    );
}

#[test]
fn keys_and_options_that_do_not_fit_are_refused() {
    let env = Env::new();
    env.fixture("report.log");
    let out = env.run(&["--file", "report.log", "report", "--by", "user"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "auditlog: --by: unknown key \"user\": give account, request, category, controller, ticket, reason, workflow, folder, object, day, week, month, hour or weekday (and job for --executions)\n"
    );
    let out = env.run(&["--file", "report.log", "report", "--by", "job"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "auditlog: --by job: give --executions to report job executions\n"
        )
    );
    let out = env.run(&[
        "--file",
        "report.log",
        "report",
        "--executions",
        "--by",
        "account",
    ]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "auditlog: --by account: executions are grouped by job, day, week, month, hour or weekday\n"
        )
    );
}

#[test]
fn a_workbook_holds_the_report_and_a_native_chart_and_is_never_overwritten_unasked() {
    let env = Env::new();
    env.fixture("report.log");
    let args = [
        "--tz",
        BERLIN,
        "--file",
        "report.log",
        "report",
        "--by",
        "category",
        "-o",
        "plain",
        "--xlsx",
        "r.xlsx",
    ];
    let out = env.run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut book: Xlsx<_> = open_workbook(env.path("r.xlsx")).unwrap();
    let sheet = book.worksheet_range("Report").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows,
        [
            [
                "Category",
                "Entries",
                "Share",
                "Time spent",
                "With time",
                "Tickets"
            ]
            .map(String::from)
            .to_vec(),
            ["CONTROLLER", "8", "0.8", "275", "6", "3"]
                .map(String::from)
                .to_vec(),
            ["IDENTITY", "1", "0.1", "0", "0", "0"]
                .map(String::from)
                .to_vec(),
            ["INVENTORY", "1", "0.1", "0", "0", "1"]
                .map(String::from)
                .to_vec(),
            ["Total", "10", "1", "275", "6", "3"]
                .map(String::from)
                .to_vec(),
        ]
    );
    let mut zip = zip::ZipArchive::new(fs::File::open(env.path("r.xlsx")).unwrap()).unwrap();
    let mut chart = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/charts/chart1.xml").unwrap(),
        &mut chart,
    )
    .unwrap();
    assert!(chart.contains("<c:barChart>"), "{chart}");
    assert!(chart.contains("Report!$A$2:$A$4"), "{chart}");
    let again = env.run(&args);
    assert_eq!(
        (again.code, again.stderr.as_str()),
        (2, "auditlog: r.xlsx exists: give --force to replace it\n")
    );
}

#[test]
fn on_a_terminal_the_table_has_bars_and_sparklines_and_log_bytes_are_made_safe() {
    let env = Env::new();
    env.fixture("report.log");
    fs::OpenOptions::new()
        .append(true)
        .open(env.path("report.log"))
        .unwrap()
        .write_all(b"2026-11-23T09:00:00,000 INFO  REQUEST: ./orders/add - USER: \x1b]0;pwned\x07x - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n")
        .unwrap();
    let shown = env.run_on_terminal_with(
        &[
            "--tz",
            BERLIN,
            "--file",
            "report.log",
            "report",
            "--by",
            "account",
            "--trend",
            "week",
        ],
        100,
        false,
        &[("NO_COLOR", Some("1"))],
    );
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert_eq!(
        shown.screen,
        "Account      Entries                     Share  Time spent  With time  Tickets  Trend\n\
         jdoe               5  ████████████████   45.5%        1:35          4        2  █▁▁█▁▅ falling\n\
         root               4  ████████████▊      36.4%        3:00          2        2  █▁▁▁▃▁ falling\n\
         ␛]0;pwned␇x        1  ███▎                9.1%        0:00          0        0  ▁▁▁▁▁█ rising\n\
         ops                1  ███▎                9.1%        0:00          0        0  ▁▁█▁▁▁ falling\n\
         ───────────  ───────  ────────────────  ──────  ──────────  ─────────  ───────  ──────────────\n\
         Total             11                    100.0%        4:35          6        3  █▁▂▄▂▄ falling\n"
    );
}

#[test]
fn executions_trend_per_day_and_so_do_their_metrics() {
    let env = Env::new();
    env.fixture("jobs.log");
    let out = env.run(&[
        "--tz",
        BERLIN,
        "--file",
        "jobs.log",
        "report",
        "--executions",
        "--by",
        "job",
        "--trend",
        "day",
        "--since",
        "2026-11-20",
        "-o",
        "plain",
    ]);
    assert_eq!(
        out,
        Out {
            code: 0,
            stdout: "archive-spaces\t2\t40.0%\t0\t0\t1\t0\t1\t0.0%\t11m 7s\t11m 7s\t11m 7s\t0\t0\t█▁▁█ flat\n\
                     backup\t2\t40.0%\t1\t0\t0\t1\t0\t100.0%\t4m 12s\t4m 12s\t4m 12s\t1204\t734003200\t▁▁▁█ rising\n\
                     report\t1\t20.0%\t0\t1\t0\t0\t0\t0.0%\t3.5s\t3.5s\t3.5s\t0\t0\t▁▁▁█ rising\n\
                     backup: Files per day ▁▁▁█ rising\n\
                     backup: Bytes per day ▁▁▁█ rising\n"
                .to_owned(),
            stderr: String::new(),
        }
    );
}
