//! `auditlog list`: every preset, time expression and filter on week.log, at "now" =
//! 2026-11-23T12:00:00 in Europe/Berlin (a Monday), and every output form.

use super::*;

const WEEK: &str = include_str!("../../../../fixtures/week.log");

/// The raw output that lists these lines of week.log, in this order.
fn week_lines(numbers: &[usize]) -> String {
    let lines: Vec<&str> = WEEK.split_inclusive('\n').collect();
    numbers.iter().map(|&n| lines[n - 1]).collect()
}

/// Runs `list` on week.log in Berlin, raw, with these arguments.
fn list_week(env: &Env, args: &[&str]) -> Out {
    let mut all = vec![
        "--file",
        "week.log",
        "--tz",
        "Europe/Berlin",
        "list",
        "-o",
        "raw",
    ];
    all.extend_from_slice(args);
    env.run(&all)
}

/// Asserts that `list` with these arguments prints these lines of week.log, newest first.
fn assert_lines(args: &[&str], oldest_first: &[usize]) {
    let env = Env::new();
    env.fixture("week.log");
    let newest_first: Vec<usize> = oldest_first.iter().rev().copied().collect();
    let want = if newest_first.is_empty() {
        found(1, "")
    } else {
        ok(&week_lines(&newest_first))
    };
    assert_eq!(list_week(&env, args), want, "{args:?}");
}

#[test]
fn every_preset() {
    let all: Vec<usize> = (1..=22).collect();
    assert_lines(&[], &all);
    assert_lines(&["--preset", "all"], &all);
    assert_lines(&["--preset", "today"], &[15, 16, 17, 18, 19, 20, 21, 22]);
    assert_lines(&["--preset", "yesterday"], &[12, 13, 14]);
    assert_lines(&["--preset", "last-hour"], &[19, 20, 21, 22]);
    assert_lines(&["--preset", "last-12h"], &[15, 16, 17, 18, 19, 20, 21, 22]);
    assert_lines(
        &["--preset", "last-24h"],
        &[14, 15, 16, 17, 18, 19, 20, 21, 22],
    );
    assert_lines(&["--preset", "last-7d"], &(10..=22).collect::<Vec<_>>());
    assert_lines(
        &["--preset", "this-week"],
        &[15, 16, 17, 18, 19, 20, 21, 22],
    );
    assert_lines(&["--preset", "this-month"], &(4..=22).collect::<Vec<_>>());
}

#[test]
fn this_week_began_on_monday_when_now_is_sunday() {
    let env = Env::new();
    env.fixture("week.log");
    let out = output(
        env.cmd()
            .args([
                "--file",
                "week.log",
                "--tz",
                "Europe/Berlin",
                "list",
                "-o",
                "raw",
                "--preset",
                "this-week",
                "--until",
                "now",
            ])
            .env("AUDITLOG_NOW", "2026-11-22T12:00:00"),
    );
    assert_eq!(out, ok(&week_lines(&[13, 12, 11, 10, 9])));
}

#[test]
fn every_form_of_time_expression() {
    assert_lines(
        &["--since", "2026-11-10", "--until", "2026-11-12"],
        &[5, 6, 7],
    );
    assert_lines(&["--since", "2026-11-23 09:00"], &[17, 18, 19, 20, 21, 22]);
    assert_lines(
        &[
            "--since",
            "2026-11-23T10:59:00,000",
            "--until",
            "2026-11-23T11:00:00,000",
        ],
        &[18, 19],
    );
    assert_lines(&["--since", "2026-11-23T10:00:00.000Z"], &[19, 20, 21, 22]);
    assert_lines(&["--since", "09:00", "--until", "11:00"], &[17, 18, 19]);
    assert_lines(&["--since", "-30m"], &[20, 21, 22]);
    assert_lines(&["--since", "-2h"], &[18, 19, 20, 21, 22]);
    assert_lines(&["--since", "2 hours ago"], &[18, 19, 20, 21, 22]);
    assert_lines(&["--since", "-7d"], &(10..=22).collect::<Vec<_>>());
    assert_lines(&["--since", "-2w"], &(5..=22).collect::<Vec<_>>());
    assert_lines(&["--since", "-1M"], &(3..=22).collect::<Vec<_>>());
    assert_lines(&["--since", "-1y"], &(2..=22).collect::<Vec<_>>());
    assert_lines(&["--since", "today"], &[15, 16, 17, 18, 19, 20, 21, 22]);
    assert_lines(
        &["--since", "yesterday", "--until", "yesterday"],
        &[12, 13, 14],
    );
    assert_lines(&["--until", "2026-11-01"], &[1, 2, 3, 4]);
    assert_lines(&["--since", "now"], &[]);
    assert_lines(
        &["--preset", "today", "--until", "-1h"],
        &[15, 16, 17, 18, 19],
    );
}

#[test]
fn time_of_day_windows_and_weekdays() {
    assert_lines(
        &["--time-of-day", "22:00-06:00"],
        &[5, 7, 8, 11, 12, 15, 16],
    );
    assert_lines(
        &["--time-of-day", "09:00-12:00"],
        &[1, 2, 3, 9, 13, 17, 18, 19, 20, 21, 22],
    );
    assert_lines(&["--weekdays", "sat,sun"], &[3, 4, 11, 12, 13, 14]);
    assert_lines(
        &["--weekdays", "mon-fri", "--time-of-day", "22:00-06:00"],
        &[5, 7, 8, 15, 16],
    );
}

#[test]
fn each_field_filter_alone_and_combined() {
    assert_lines(&["--user", "jdoe"], &[2, 7, 9, 17, 18]);
    assert_lines(
        &["--user", "OPS.*", "--user", "root"],
        &[1, 4, 8, 11, 12, 15, 16, 19, 22],
    );
    assert_lines(
        &["--request", "./orders/*"],
        &[2, 5, 7, 9, 11, 14, 16, 18, 20, 21],
    );
    assert_lines(&["--category", "deployment"], &[3]);
    assert_lines(
        &["--category", "IDENTITY", "--category", "certificates"],
        &[1, 8, 10, 17],
    );
    assert_lines(
        &["--controller", "prod"],
        &[2, 4, 7, 10, 11, 12, 16, 18, 19, 22],
    );
    assert_lines(&["--controller", "standby"], &[3, 14, 15]);
    assert_lines(&["--workflow", "/finance/eod/close"], &[2, 7]);
    assert_lines(&["--workflow", "/finance/*"], &[2, 7, 18]);
    assert_lines(&["--reason", "*maintenance*"], &[12, 22]);
    assert_lines(&["--ticket", "*OPS-20?"], &[11, 12, 18]);
    assert_lines(&["--id", "100101", "--id", "100102"], &[6, 12]);
    assert_lines(&["--has-reason"], &[2, 3, 5, 8, 9, 11, 12, 16, 18, 22]);
    assert_lines(&["--grep", "orderIds.*#2026-11-2"], &[11, 16]);
    assert_lines(
        &["--user", "jdoe", "--request", "./orders/*", "--has-reason"],
        &[2, 9, 18],
    );
    assert_lines(
        &[
            "--controller",
            "prod",
            "--preset",
            "today",
            "--user",
            "ops.night",
        ],
        &[16],
    );
}

#[test]
fn order_limit_and_count() {
    let env = Env::new();
    env.fixture("week.log");
    assert_eq!(list_week(&env, &["-n", "2"]), ok(&week_lines(&[22, 21])));
    // A limit keeps the newest entries, as tail does; --oldest-first turns them round.
    assert_eq!(
        list_week(&env, &["--oldest-first", "-n", "2"]),
        ok(&week_lines(&[21, 22]))
    );
    assert_eq!(
        list_week(&env, &["--oldest-first", "-n", "3", "--user", "jdoe"]),
        ok(&week_lines(&[9, 17, 18]))
    );
    assert_eq!(list_week(&env, &["--count", "--user", "jdoe"]), ok("5\n"));
    assert_eq!(
        list_week(&env, &["--count", "--user", "nobody"]),
        found(1, "0\n")
    );
    assert_eq!(list_week(&env, &["--user", "nobody"]), found(1, ""));
}

#[test]
fn a_bad_expression_fails_before_any_file_is_opened() {
    let env = Env::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--since", "soon"],
            "auditlog: --since: invalid time \"soon\": use a date (2026-11-23), a date and time (2026-11-23 09:00, 2026-11-23T09:00:00,000), a time today (09:00), a relative time (-30m, -2h, -7d, -2w, -1M, -1y, '2 hours ago') or a word (now, today, yesterday)\n",
        ),
        (
            &["--until", "-2x"],
            "auditlog: --until: invalid time \"-2x\": use a date (2026-11-23), a date and time (2026-11-23 09:00, 2026-11-23T09:00:00,000), a time today (09:00), a relative time (-30m, -2h, -7d, -2w, -1M, -1y, '2 hours ago') or a word (now, today, yesterday)\n",
        ),
        (
            &["--time-of-day", "9-18"],
            "auditlog: --time-of-day: invalid window \"9-18\": write START-END as HH:MM-HH:MM, such as 09:00-18:00, 22:00-06:00 or 00:00-24:00\n",
        ),
        (
            &["--weekdays", "workdays"],
            "auditlog: --weekdays: invalid days \"workdays\": write a range or a list, such as mon-fri, sat,sun or mon,wed-fri\n",
        ),
        (
            &["--category", "orders"],
            "auditlog: --category: unknown category \"orders\": use one of deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown\n",
        ),
        (
            &["--grep", "("],
            "auditlog: --grep: invalid regular expression \"(\": regex parse error:\n    (\n    ^\nerror: unclosed group\n",
        ),
    ];
    for (args, stderr) in cases {
        let mut all = vec!["--file", "missing.log", "list"];
        all.extend_from_slice(args);
        assert_eq!(env.run(&all), failed(stderr), "{args:?}");
    }
    assert_eq!(
        env.run(&["--tz", "Mars/Olympus", "--file", "missing.log", "list"]),
        failed(
            "auditlog: invalid zone \"Mars/Olympus\" for --tz: use an IANA name such as Europe/Berlin, UTC, or local\n"
        )
    );
}

#[test]
fn the_repeated_daylight_saving_hour_is_neither_lost_nor_doubled() {
    let env = Env::new();
    env.fixture("dst.log");
    let lines: Vec<&str> = include_str!("../../../../fixtures/dst.log")
        .split_inclusive('\n')
        .collect();
    let pick = |ns: &[usize]| -> String { ns.iter().map(|&n| lines[n - 1]).collect() };
    let run = |args: &[&str]| {
        let mut all = vec![
            "--file",
            "dst.log",
            "--tz",
            "Europe/Berlin",
            "list",
            "-o",
            "raw",
            "--oldest-first",
        ];
        all.extend_from_slice(args);
        output(
            env.cmd()
                .args(&all)
                .env("AUDITLOG_NOW", "2026-10-25T04:00:00"),
        )
    };
    assert_eq!(
        run(&[
            "--since",
            "2026-10-25 02:00",
            "--until",
            "2026-10-25 02:59:59"
        ]),
        ok(&pick(&[2, 3, 4, 5]))
    );
    assert_eq!(
        run(&["--time-of-day", "02:00-03:00"]),
        ok(&pick(&[2, 3, 4, 5]))
    );
    // An hour before 04:00 CET is 03:00 CET: only the last entry.
    assert_eq!(run(&["--since", "-1h"]), ok(&pick(&[6])));
    // Two hours back is 02:00 of the second pass: the first pass's entries, as file order
    // places them, were earlier and are out; the second pass's are in, each once.
    assert_eq!(run(&["--since", "-2h"]), ok(&pick(&[4, 5, 6])));
    assert_eq!(run(&["--until", "2026-10-25 01:59:59"]), ok(&pick(&[1])));
}

#[test]
fn a_rotated_set_with_a_gzipped_member_reads_as_one_stream() {
    let env = Env::new();
    let lines: Vec<&str> = WEEK.split_inclusive('\n').collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(lines[..7].concat().as_bytes()).unwrap();
    fs::write(env.path("audit.log.2.gz"), gz.finish().unwrap()).unwrap();
    env.write("audit.log.1", &lines[7..14].concat());
    env.write("audit.log", &lines[14..].concat());
    env.write("other.log", "not a sibling\n");
    let run = |args: &[&str]| {
        env.run(&[&["--file", "audit.log", "--tz", "Europe/Berlin"], args].concat())
    };
    assert_eq!(
        run(&["--rotated", "list", "-o", "raw", "--oldest-first"]),
        ok(WEEK)
    );
    assert_eq!(
        run(&["list", "-o", "raw", "--oldest-first"]),
        ok(&lines[14..].concat())
    );
    assert_eq!(
        run(&[
            "--rotated",
            "list",
            "-o",
            "raw",
            "--until",
            "2026-11-01",
            "--oldest-first"
        ]),
        ok(&week_lines(&[1, 2, 3, 4]))
    );
    // A reference stays valid after rotation: show finds it in the gzipped sibling.
    let out = run(&["show", "20261111T120000.000", "-o", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains(r#""file":"audit.log.2.gz","line":6}"#),
        "{}",
        out.stdout
    );
}

#[test]
fn several_logs_merge_in_time_order() {
    let env = Env::new();
    let lines: Vec<&str> = WEEK.split_inclusive('\n').collect();
    let odd: String = lines.iter().step_by(2).copied().collect();
    let even: String = lines.iter().skip(1).step_by(2).copied().collect();
    env.write("a.log", &odd);
    env.write("b.log", &even);
    // Lines 20 (in b.log) and 21 (in a.log) share a stamp: they keep the order of --file.
    let mut order: Vec<usize> = (1..=19).collect();
    order.extend([21, 20, 22]);
    assert_eq!(
        env.run(&[
            "--file",
            "a.log",
            "--file",
            "b.log",
            "--tz",
            "Europe/Berlin",
            "list",
            "-o",
            "raw",
            "--oldest-first"
        ]),
        ok(&week_lines(&order))
    );
}

/// Two logs merged as they are read, more entries of each than cross at a time: newest first is
/// oldest first turned round, shared stamps included, and a limit keeps the newest of both.
#[test]
fn merged_logs_read_either_way_agree() {
    let env = Env::new();
    let entry = |t: u32, user: String| {
        format!(
            "2026-11-23T{:02}:{:02}:{:02},000 INFO  REQUEST: ./login - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n",
            8 + t / 3600,
            t / 60 % 60,
            t % 60
        )
    };
    // a.log every 2 seconds, b.log every 3: every sixth second both have an entry.
    let mut all: Vec<(u32, usize, String)> = Vec::new();
    for (file, step) in [(0, 2), (1, 3)] {
        for k in 0..600 {
            let t = k * step;
            all.push((t, file, entry(t, format!("{}{k}", ["a", "b"][file]))));
        }
    }
    env.write(
        "a.log",
        &all.iter()
            .filter(|e| e.1 == 0)
            .map(|e| e.2.as_str())
            .collect::<String>(),
    );
    env.write(
        "b.log",
        &all.iter()
            .filter(|e| e.1 == 1)
            .map(|e| e.2.as_str())
            .collect::<String>(),
    );
    all.sort_by_key(|e| (e.0, e.1));
    let oldest_first: Vec<&str> = all.iter().map(|e| e.2.as_str()).collect();
    let newest_first: Vec<&str> = oldest_first.iter().rev().copied().collect();
    let list = |more: &[&str]| {
        let mut args = vec![
            "--file", "a.log", "--file", "b.log", "--tz", "UTC", "list", "-o", "raw",
        ];
        args.extend_from_slice(more);
        env.run(&args)
    };
    assert_eq!(list(&["--oldest-first"]), ok(&oldest_first.concat()));
    assert_eq!(list(&[]), ok(&newest_first.concat()));
    assert_eq!(list(&["-n", "301"]), ok(&newest_first[..301].concat()));
    assert_eq!(
        list(&["-n", "301", "--oldest-first"]),
        ok(&oldest_first[oldest_first.len() - 301..].concat())
    );
    assert_eq!(
        list(&["--user", "b*", "-n", "2"]),
        ok(&[entry(1797, "b599".into()), entry(1794, "b598".into())].concat())
    );
}

const TWO: &[&str] = &[
    "--since",
    "2026-11-23T11:30",
    "--until",
    "2026-11-23T11:30:00,000",
];

fn list_two(format: &str) -> Out {
    let env = Env::new();
    env.fixture("week.log");
    let mut args = vec![
        "--file",
        "week.log",
        "--tz",
        "Europe/Berlin",
        "list",
        "-o",
        format,
    ];
    args.extend_from_slice(TWO);
    env.run(&args)
}

#[test]
fn output_json_and_ndjson() {
    let first = r#"{"ref":"20261123T113000.000~2","created":"2026-11-23T11:30:00.000","instant":"2026-11-23T10:30:00.000Z","level":"INFO","request":"./orders/add","id":null,"user":"aa_ito","params":"{\"controllerId\":\"testsuite\",\"orders\":[{\"workflowPath\":\"/ap/apWarnIfLongerThan\"}],\"auditLog\":{}}","comment":null,"time_spent":null,"ticket":null,"category":"CONTROLLER","controller":"testsuite","file":"week.log","line":21}"#;
    let second = r#"{"ref":"20261123T113000.000","created":"2026-11-23T11:30:00.000","instant":"2026-11-23T10:30:00.000Z","level":"INFO","request":"./orders/add","id":null,"user":"aa_ito","params":"{\"controllerId\":\"testsuite\",\"orders\":[{\"workflowPath\":\"/ap/apWarnIfShorterThan\"}],\"auditLog\":{}}","comment":null,"time_spent":null,"ticket":null,"category":"CONTROLLER","controller":"testsuite","file":"week.log","line":20}"#;
    assert_eq!(list_two("ndjson"), ok(&format!("{first}\n{second}\n")));
    assert_eq!(list_two("json"), ok(&format!("[\n{first},\n{second}\n]\n")));
    let env = Env::new();
    env.fixture("week.log");
    assert_eq!(
        env.run(&["--file", "week.log", "list", "-o", "json", "--user", "x"]),
        found(1, "[]\n")
    );
}

#[test]
fn output_plain_csv_and_table() {
    assert_eq!(
        list_two("plain"),
        ok("testsuite\t2026-11-23 11:30:00.000\taa_ito\t./orders/add\tCONTROLLER\t-\t-\t-\t20261123T113000.000~2
testsuite\t2026-11-23 11:30:00.000\taa_ito\t./orders/add\tCONTROLLER\t-\t-\t-\t20261123T113000.000
")
    );
    assert_eq!(
        list_two("csv"),
        ok(
            "Controller ID,Created,User Account,Request,Category,Reason,Time Spent,Ticket Link,Ref
testsuite,2026-11-23 11:30:00.000,aa_ito,./orders/add,CONTROLLER,,,,20261123T113000.000~2
testsuite,2026-11-23 11:30:00.000,aa_ito,./orders/add,CONTROLLER,,,,20261123T113000.000
"
        )
    );
    assert_eq!(
        list_two("table"),
        ok("\
Created                  Account   Request           Category      Reason      Spent  Ticket    Ref
2026-11-23 11:30:00.000  aa_ito    ./orders/add      CONTROLLER    -           -      -         20261123T113000.000~2
2026-11-23 11:30:00.000  aa_ito    ./orders/add      CONTROLLER    -           -      -         20261123T113000.000
")
    );
}

#[test]
fn the_table_shows_the_controller_column_when_there_are_several_and_no_control_characters() {
    let env = Env::new();
    env.write(
        "joc.log",
        "2026-11-23T10:00:00,000 INFO  REQUEST: ./orders/cancel - USER: jdoe - PARAMS: {\"controllerId\":\"prod\"} - COMMENT: stop\u{1b}[2J\u{1b}]0;x\u{7}now\u{202e} - TIMESPENT: 5m - TICKET: https://t/1
2026-11-23T10:01:00,000 INFO  REQUEST: ./orders/add - USER: root - PARAMS: {\"controllerId\":\"standby\"} - COMMENT: first line
second line - TIMESPENT: - - TICKET: -
",
    );
    assert_eq!(
        env.run(&["--file", "joc.log", "list", "-o", "table"]),
        ok("\
Controller  Created                  Account   Request           Category      Reason                  Spent  Ticket       Ref
standby     2026-11-23 10:01:00.000  root      ./orders/add      CONTROLLER    first line␊second line  -      -            20261123T100100.000
prod        2026-11-23 10:00:00.000  jdoe      ./orders/cancel   CONTROLLER    stop␛[2J␛]0;x␇now�      5m     https://t/1  20261123T100000.000
")
    );
}

#[test]
fn malformed_lines_are_reported_and_strict_stops_at_the_first() {
    let env = Env::new();
    env.fixture("malformed.log");
    let out = env.run(&[
        "--file",
        "malformed.log",
        "list",
        "-o",
        "raw",
        "--oldest-first",
    ]);
    assert_eq!(
        out,
        Out {
            code: 0,
            stdout: "2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -
2026-11-02T10:00:05,000 INFO  REQUEST: ./logout - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -
"
            .into(),
            stderr: r#"auditlog: malformed.log:1: not an entry: the line does not start with a timestamp: "JOC started, writing the audit log"
auditlog: malformed.log:3: not an entry: the line does not start with a timestamp: "  stray text after a closed entry"
auditlog: malformed.log:4: TIMESPENT is not a number of minutes: "1.5h": "2026-11-02T10:00:01,000 INFO  REQUEST: ./orders/add - USER: …"
auditlog: malformed.log:5: no valid timestamp at the start of the line: "2026-02-30T10:00:02,000 INFO  REQUEST: ./login - USER: root …"
auditlog: malformed.log:6: not an entry: the line does not start with a timestamp: an empty line
auditlog: malformed.log:7: no level and 'REQUEST: ' after the timestamp: "2026-11-02T10:00:03,000 INFO  JOC Cockpit started"
auditlog: malformed.log:8: the ID is not a number: "2026-11-02T10:00:04,000 INFO  REQUEST: ./login - ID: 12a - U…"
"#
            .into(),
        }
    );
    assert_eq!(
        env.run(&["--file", "malformed.log", "list", "--strict"]),
        failed(
            "auditlog: malformed.log:1: not an entry: the line does not start with a timestamp: \"JOC started, writing the audit log\"\n"
        )
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let env = Env::new();
    env.fixture("sample/audit.log");
    for _ in 0..3 {
        let mut child = env
            .cmd()
            .args(["--file", "audit.log", "list", "-o", "raw"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 10];
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            (out.status.code(), String::from_utf8(out.stderr).unwrap()),
            (Some(0), String::new())
        );
    }
}

#[test]
fn the_sample_lists_as_a_table() {
    let env = Env::new();
    env.fixture("sample/audit.log");
    let out = env.run(&["--file", "audit.log", "list", "-o", "table", "-n", "3"]);
    assert_eq!(
        out,
        ok("\
Controller  Created                  Account     Request                        Category      Reason                         Spent  Ticket    Ref
-           2026-11-23 11:30:00.000  aa_ito      ./inventory/store              INVENTORY     Change of external dependency  235m   -         20261123T113000.000
-           2026-11-23 10:15:18.078  svc-deploy  ./login                        IDENTITY      -                              -      -         20261123T101518.078
standby     2026-11-23 09:47:47.973  jdoe        ./inventory/deployment/deploy  DEPLOYMENT    -                              -      -         20261123T094747.973
")
    );
}

/// Real files from January 2017 put USER before REQUEST with no COMMENT, and were malformed;
/// the three- and four-line forms of November 2016 and the ERROR records with a Java stack trace
/// that the same logger wrote were garbage. Every form JOC's audit file has had reads as JOC
/// wrote it, and an ERROR record is said to be what it is.
#[test]
fn every_form_jobscheduler_1x_wrote_reads_as_it_was_written() {
    let env = Env::new();
    env.fixture("js1.log");
    let errors = "js1.log:12: a message JOC's audit logger wrote at level ERROR, not an entry: \"2017-02-02 17:05:12,340 ERROR Cannot write to audit log file…\"\n\
                  js1.log:20: a message JOC's audit logger wrote at level ERROR, not an entry: \"2017-03-28 09:02:13,870 ERROR SCHEDULER-161  There is no Job…\"\n";
    assert_eq!(
        env.run(&["--tz", "UTC", "--file", "js1.log", "list", "--oldest-first", "-o", "plain"]),
        Out {
            code: 0,
            stdout: "-\t2016-11-02 13:41:07.512\troot\t./jobs/start\tCONTROLLER\t-\t-\t-\t20161102T134107.512\n\
                     -\t2016-11-14 09:12:44.031\troot\t./orders/suspend\tCONTROLLER\t-\t-\t-\t20161114T091244.031\n\
                     -\t2016-12-22 10:03:17.402\troot\t./job_chains/stop\tCONTROLLER\t-\t-\t-\t20161222T100317.402\n\
                     -\t2017-01-02 18:23:54.553\tap\t./orders/resume\tCONTROLLER\t-\t-\t-\t20170102T182354.553\n\
                     jobscheduler_1.11\t2017-01-30 11:20:03.884\troot\t./orders/suspend\tCONTROLLER\t-\t-\t-\t20170130T112003.884\n\
                     jobscheduler_1.11\t2017-01-30 11:21:40.102\troot\t./job_chains/stop\tCONTROLLER\tmaintenance window\t-\t-\t20170130T112140.102\n\
                     jobscheduler_1.11\t2017-02-10 11:54:11.731\taa_ito\t./jobs/start\tCONTROLLER\t-\t-\t-\t20170210T115411.731\n\
                     -\t2017-02-10 12:38:31.507\taa_ito\t./login\tIDENTITY\tit_operator\t-\t-\t20170210T123831.507\n\
                     jobscheduler_1.11\t2017-03-28 08:15:40.220\troot\t./orders/start\tCONTROLLER\tRepeat execution\t5m\thttps://tickets.example.com/JS-1234\t20170328T081540.220\n\
                     -\t2017-03-28 08:30:11.456\troot\t./logout\tIDENTITY\t-\t-\t-\t20170328T083011.456\n"
                .to_owned(),
            stderr: errors
                .lines()
                .map(|l| format!("auditlog: {l}\n"))
                .collect(),
        }
    );
    let body = env.run(&[
        "--tz",
        "UTC",
        "--file",
        "js1.log",
        "show",
        "20161114T091244.031",
        "-o",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&body.stdout).unwrap();
    assert_eq!(
        json["params"], "{\"orderId\":\"6\",\"jobChain\":\"/sample/job_chain1\"}",
        "{json}"
    );
    assert_eq!(
        env.run(&["--tz", "UTC", "--file", "js1.log", "check"]),
        found(
            1,
            &format!("{errors}js1.log: 10 entries, 6 malformed lines, 0 steps back in time\n")
        )
    );
}

/// The entries of `fixtures/dst.log` with their stamps as written and the instants JSON gives.
fn instants(out: &Out) -> Vec<(String, String)> {
    assert_eq!(out.code, 0, "{out:?}");
    out.stdout
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                v["created"].as_str().unwrap().to_owned(),
                v["instant"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// An NDJSON entry of the hour repeated when daylight saving ends could not be placed in time:
/// `created` is the wall clock, the same in both passes. Each entry carries its instant in UTC,
/// the pass decided by file order as `check` decides it, however the log is read: whole,
/// newest first, filtered to the second pass alone, from standard input, or its last entries.
#[test]
fn each_entry_of_the_repeated_hour_has_its_own_instant_in_file_order() {
    let env = Env::new();
    env.fixture("dst.log");
    let pair = |created: &str, instant: &str| (created.to_owned(), instant.to_owned());
    let all = [
        pair("2026-10-25T01:50:00.000", "2026-10-24T23:50:00.000Z"),
        pair("2026-10-25T02:10:00.000", "2026-10-25T00:10:00.000Z"),
        pair("2026-10-25T02:50:00.000", "2026-10-25T00:50:00.000Z"),
        pair("2026-10-25T02:05:00.000", "2026-10-25T01:05:00.000Z"),
        pair("2026-10-25T02:40:00.000", "2026-10-25T01:40:00.000Z"),
        pair("2026-10-25T03:10:00.000", "2026-10-25T02:10:00.000Z"),
    ];
    let berlin = ["--tz", "Europe/Berlin"];
    let read = |args: &[&str]| instants(&env.run(&[&berlin[..], args].concat()));
    let oldest = ["list", "-o", "ndjson", "--oldest-first"];
    assert_eq!(read(&[&["--file", "dst.log"][..], &oldest].concat()), all);
    let mut newest = all.to_vec();
    newest.reverse();
    assert_eq!(read(&["--file", "dst.log", "list", "-o", "ndjson"]), newest);
    let second_pass = read(
        &[
            &["--file", "dst.log"][..],
            &oldest,
            &["--user", "ops.night"],
        ]
        .concat(),
    );
    assert_eq!(second_pass, all[3..5]);
    assert_eq!(
        read(&["--file", "dst.log", "tail", "-n", "3", "-o", "ndjson"]),
        all[3..]
    );
    let piped = env
        .cmd()
        .args(berlin)
        .args(["--file", "-"])
        .args(oldest)
        .stdin(fs::File::open(env.path("dst.log")).unwrap())
        .output()
        .unwrap();
    let piped = Out {
        code: piped.status.code().unwrap_or(-1),
        stdout: String::from_utf8(piped.stdout).unwrap(),
        stderr: String::from_utf8(piped.stderr).unwrap(),
    };
    assert_eq!(instants(&piped), all);
}

/// An execution that starts in the first pass of the repeated hour and ends in the second
/// carries both instants: fifteen minutes apart, though its end's wall clock is before its
/// start's.
#[test]
fn an_execution_across_the_repeated_hour_carries_both_instants() {
    let env = Env::new();
    let body = r#"{"executionId":"20261025-025000-5d1e07","job":"night","trigger":"scheduled","host":"batch02","pid":41877,"command":["/usr/local/bin/night"]"#;
    env.write(
        "fold.log",
        &format!(
            "2026-10-25T02:50:00,000 INFO  REQUEST: ./job_executions/start - USER: Scheduled execution - PARAMS: {body},\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n\
             2026-10-25T02:05:00,000 INFO  REQUEST: ./job_executions/finish - USER: Scheduled execution - PARAMS: {body},\"status\":\"Successful\",\"exitCode\":0,\"started\":\"2026-10-25T02:50:00.000\",\"ended\":\"2026-10-25T02:05:00.000\",\"durationMs\":900000,\"metrics\":{{}},\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n"
        ),
    );
    let out = env.run(&[
        "--tz",
        "Europe/Berlin",
        "--file",
        "fold.log",
        "executions",
        "-o",
        "ndjson",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(
        [
            &v["started"],
            &v["started_instant"],
            &v["ended"],
            &v["ended_instant"]
        ],
        [
            "2026-10-25T02:50:00.000",
            "2026-10-25T00:50:00.000Z",
            "2026-10-25T02:05:00.000",
            "2026-10-25T01:05:00.000Z"
        ]
    );
}

/// Time bounds near the repeated hour took an entry in when either instant its stamp may
/// stand for was in: `--since 01:30Z --until 01:45Z` listed the first pass's 02:50 (00:50Z),
/// and `--since 02:30 --until 02:31` listed the whole fold. Each entry is held to the instant
/// its file order gives it, by listing, counting, reporting and reading a pipe alike; a range
/// of two wall-clock times of the repeated hour is that span in each pass.
#[test]
fn time_bounds_near_the_repeated_hour_hold_each_entry_to_its_own_instant() {
    let env = Env::new();
    env.fixture("dst.log");
    let berlin = ["--tz", "Europe/Berlin", "--file", "dst.log"];
    let listed = |bounds: &[&str]| -> Vec<String> {
        let args = [
            &berlin[..],
            &["list", "-o", "ndjson", "--oldest-first"],
            bounds,
        ]
        .concat();
        let mut out = env.run(&args);
        // Nothing found exits 1.
        if out.stdout.is_empty() && out.code == 1 {
            out.code = 0;
        }
        instants(&out).into_iter().map(|(_, at)| at).collect()
    };
    let utc = [
        "--since",
        "2026-10-25T01:00Z",
        "--until",
        "2026-10-25T01:45Z",
    ];
    assert_eq!(
        listed(&utc),
        ["2026-10-25T01:05:00.000Z", "2026-10-25T01:40:00.000Z"]
    );
    assert_eq!(
        listed(&["--since", "2026-10-25T02:30", "--until", "2026-10-25T02:31"]),
        Vec::<String>::new()
    );
    assert_eq!(
        listed(&["--since", "2026-10-25T02:00", "--until", "2026-10-25T02:45"]),
        [
            "2026-10-25T00:10:00.000Z",
            "2026-10-25T01:05:00.000Z",
            "2026-10-25T01:40:00.000Z"
        ]
    );
    let counted = env.run(&[&berlin[..], &["list", "--count"], &utc].concat());
    assert_eq!(counted, ok("2\n"));
    let reported = env.run(
        &[
            &berlin[..],
            &["report", "--by", "account", "-o", "plain"],
            &utc,
        ]
        .concat(),
    );
    assert_eq!(
        reported,
        ok("ops.night\t2\t100.0%\t0:00\t0\t0\nTotal\t2\t100.0%\t0:00\t0\t0\n")
    );
    let piped = env
        .cmd()
        .args(["--tz", "Europe/Berlin", "--file", "-", "list", "--count"])
        .args(utc)
        .stdin(fs::File::open(env.path("dst.log")).unwrap())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&piped.stdout), "2\n");
}

/// Two entries of the repeated hour with one stamp, more than 64 entries apart, shared a
/// reference: `show` could reach only the first, and a shipper keyed on `file|ref` kept one
/// of them. The second pass's reference names its offset.
#[test]
fn the_passes_of_the_repeated_hour_never_share_a_reference() {
    let env = Env::new();
    let line = |time: &str, user: &str| {
        format!(
            "2026-10-25T{time},000 INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
        )
    };
    let mut text = line("02:10:00", "first-pass");
    for i in 0..70 {
        text.push_str(&line(
            // On to the end of the first pass, as a busy log goes.
            &format!("02:{:02}:{:02}", 20 + i * 38 / 70, i % 60),
            "filler",
        ));
    }
    text.push_str(&line("02:10:00", "second-pass"));
    env.write("fold.log", &text);
    let berlin = ["--tz", "Europe/Berlin", "--file", "fold.log"];
    let out = env.run(
        &[
            &berlin[..],
            &["list", "-o", "ndjson", "--oldest-first", "--user", "*-pass"],
        ]
        .concat(),
    );
    let refs: Vec<String> = parsed_lines(&out)
        .iter()
        .map(|v| v["ref"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(refs, ["20261025T021000.000", "20261025T021000.000+0100"]);
    for (reference, user) in refs.iter().zip(["first-pass", "second-pass"]) {
        let shown = env.run(&[&berlin[..], &["show", reference, "-o", "json"]].concat());
        assert_eq!(parsed_lines(&shown)[0]["user"], user, "{reference}");
    }
}

fn parsed_lines(out: &Out) -> Vec<serde_json::Value> {
    assert_eq!(out.code, 0, "{out:?}");
    out.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A log rotated in the second pass of the repeated hour began its new file in the first pass:
/// its first entries read an hour early, their references repeated those of the rotated file,
/// and a range in UTC missed them. A log that begins inside the hour follows on from where its
/// newest rotated sibling ended, plain or gzipped, read with `--rotated` or alone.
#[test]
fn a_log_rotated_in_the_repeated_hour_goes_on_in_the_pass_it_was_in() {
    let env = Env::new();
    let line = |time: &str, user: &str| {
        format!(
            "2026-10-25T{time},000 INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
        )
    };
    env.write(
        "audit.log.1",
        &[
            line("02:10:00", "pass1"),
            line("02:50:00", "pass1"),
            line("02:05:00", "pass2"),
        ]
        .concat(),
    );
    env.write(
        "audit.log",
        // Its first entry 35 minutes after the rotated file's last: still the second pass.
        &[line("02:40:00", "pass2"), line("03:10:00", "after")].concat(),
    );
    let berlin = ["--tz", "Europe/Berlin", "--file", "audit.log"];
    let refs = |args: &[&str]| -> Vec<(String, String)> {
        parsed_lines(&env.run(&[&berlin[..], args].concat()))
            .iter()
            .map(|v| {
                (
                    v["ref"].as_str().unwrap().to_owned(),
                    v["instant"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let pair = |r: &str, at: &str| (r.to_owned(), at.to_owned());
    let live = [
        pair("20261025T024000.000+0100", "2026-10-25T01:40:00.000Z"),
        pair("20261025T031000.000", "2026-10-25T02:10:00.000Z"),
    ];
    let all = [
        &[
            pair("20261025T021000.000", "2026-10-25T00:10:00.000Z"),
            pair("20261025T025000.000", "2026-10-25T00:50:00.000Z"),
            pair("20261025T020500.000+0100", "2026-10-25T01:05:00.000Z"),
        ][..],
        &live,
    ]
    .concat();
    assert_eq!(
        refs(&["--rotated", "list", "-o", "ndjson", "--oldest-first"]),
        all
    );
    assert_eq!(refs(&["list", "-o", "ndjson", "--oldest-first"]), live);
    let utc = [
        "--since",
        "2026-10-25T01:00Z",
        "--until",
        "2026-10-25T01:59Z",
    ];
    let counted = env.run(&[&berlin[..], &["--rotated", "list", "--count"], &utc].concat());
    assert_eq!(counted, ok("2\n"));
    let shown = env.run(
        &[
            &berlin[..],
            &["--rotated", "show", "20261025T021000.000", "-o", "json"],
        ]
        .concat(),
    );
    assert_eq!(parsed_lines(&shown)[0]["user"], "pass1");
    // The rotated file gzipped, as logrotate's compress leaves it.
    let gz = Command::new("gzip")
        .arg(env.path("audit.log.1"))
        .status()
        .unwrap();
    assert!(gz.success());
    assert_eq!(
        refs(&["--rotated", "list", "-o", "ndjson", "--oldest-first"]),
        all
    );
}

/// A rotated member that begins in the second pass of the repeated hour goes on in it too, not
/// only the log itself: gzip or plain, with the log there or not.
#[test]
fn a_member_rotated_in_the_repeated_hour_goes_on_in_the_pass_it_was_in() {
    let env = Env::new();
    let line = |time: &str, user: &str| {
        format!(
            "2026-10-25T{time},000 INFO  REQUEST: ./login - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
        )
    };
    let gzip = |name: &str, text: &str| {
        env.write(name, text);
        assert!(
            Command::new("gzip")
                .arg(env.path(name))
                .status()
                .unwrap()
                .success()
        );
    };
    gzip(
        "audit-2026-10-25-1.log",
        &[
            line("00:30:00", "before"),
            line("02:10:00", "pass1"),
            line("02:50:00", "pass1"),
        ]
        .concat(),
    );
    gzip(
        "audit-2026-10-25-2.log",
        &[
            line("02:05:00", "pass2"),
            line("02:40:00", "pass2"),
            line("03:10:00", "after"),
        ]
        .concat(),
    );
    env.write(
        "audit.log",
        &line("09:00:00", "later").replace("10-25", "10-26"),
    );
    let instants = |args: &[&str]| -> Vec<String> {
        let base = [
            "--tz",
            "Europe/Berlin",
            "--file",
            "audit.log",
            "--rotated",
            "list",
        ];
        parsed_lines(&env.run(&[&base[..], args].concat()))
            .iter()
            .map(|v| {
                format!(
                    "{} {}",
                    v["ref"].as_str().unwrap(),
                    v["instant"].as_str().unwrap()
                )
            })
            .collect()
    };
    let pass2 = [
        "20261025T020500.000+0100 2026-10-25T01:05:00.000Z",
        "20261025T024000.000+0100 2026-10-25T01:40:00.000Z",
    ];
    assert_eq!(
        instants(&["--user", "pass2", "-o", "ndjson", "--oldest-first"]),
        pass2
    );
    let window = [
        "--since",
        "2026-10-25T02:00:00+01:00",
        "--until",
        "2026-10-25T02:30:00+01:00",
    ];
    assert_eq!(
        instants(&[&window[..], &["-o", "ndjson"]].concat()),
        pass2[..1]
    );
    // The same with the log gone, between a rotation and the next write.
    fs::remove_file(env.path("audit.log")).unwrap();
    assert_eq!(
        instants(&["--user", "pass2", "-o", "ndjson", "--oldest-first"]),
        pass2
    );
}
