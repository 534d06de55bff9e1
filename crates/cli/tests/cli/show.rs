//! `auditlog show`: one entry in full, found by its reference or JOC ID.

use super::*;

fn forms() -> Env {
    let env = Env::new();
    env.fixture("forms.log");
    env
}

fn show(env: &Env, args: &[&str]) -> Out {
    env.run(
        &[
            &["--file", "forms.log", "--tz", "Europe/Berlin", "show"],
            args,
        ]
        .concat(),
    )
}

#[test]
fn every_line_form_shows_as_it_lists() {
    let env = forms();
    let listed = env.run(&[
        "--file",
        "forms.log",
        "--tz",
        "Europe/Berlin",
        "list",
        "-o",
        "ndjson",
        "--oldest-first",
    ]);
    assert_eq!(listed.code, 0);
    let lines: Vec<&str> = listed.stdout.lines().collect();
    assert_eq!(lines.len(), 11);
    for line in lines {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let reference = value["ref"].as_str().unwrap();
        assert_eq!(
            show(&env, &[reference, "-o", "json"]),
            ok(&format!("{line}\n")),
            "{reference}"
        );
    }
}

#[test]
fn shows_every_field_and_the_body_pretty() {
    assert_eq!(
        show(&forms(), &["2021-08-03T02:54:43,440"]),
        ok("Entry 20210803T025443.440
  Created      2021-08-03 02:54:43.440
  Account      root
  Request      ./orders/add
  Category     CONTROLLER
  Controller   testsuite
  Workflows    /ap/apWarnIfShorterThan
  Reason       -
  Time Spent   -
  Ticket Link  -
  ID           -
  Level        INFO
  Location     forms.log:1

Request Body
  {
    \"controllerId\": \"testsuite\",
    \"orders\": [
      {
        \"workflowPath\": \"/ap/apWarnIfShorterThan\",
        \"scheduledFor\": \"now\"
      }
    ],
    \"auditLog\": {}
  }
")
    );
}

#[test]
fn finds_an_entry_by_its_joc_id() {
    assert_eq!(
        show(&forms(), &["85941"]),
        ok("Entry 20210803T030752.000
  Created      2021-08-03 03:07:52.000
  Account      root
  Request      ./controller/cluster/switchover
  Category     CONTROLLER
  Controller   testsuite
  Workflows    -
  Reason       System maintenance
  Time Spent   5m
  Ticket Link  https://t/1
  ID           85941
  Level        INFO
  Location     forms.log:3

Request Body
  {
    \"controllerId\": \"testsuite\",
    \"auditLog\": {
      \"comment\": \"System maintenance\",
      \"timeSpent\": 5,
      \"ticketLink\": \"https://t/1\"
    }
  }
")
    );
}

#[test]
fn shows_a_reason_over_several_lines_and_a_js1_line() {
    let env = forms();
    assert_eq!(
        show(&env, &["20210803T031200.000"]),
        ok("Entry 20210803T031200.000
  Created      2021-08-03 03:12:00.000
  Account      ops.night
  Request      ./daily_plan/orders/generate
  Category     DAILYPLAN
  Controller   prod
  Workflows    -
  Reason       Nachlauf für Quartalsabschluss
               zweite Zeile – bitte nicht abbrechen
               third line 紧急修复 🚀
  Time Spent   30m
  Ticket Link  https://tickets.example.com/browse/OPS-77
  ID           -
  Level        INFO
  Location     forms.log:9

Request Body
  {
    \"controllerId\": \"prod\",
    \"dailyPlanDate\": \"2021-08-04\",
    \"auditLog\": {}
  }
")
    );
    assert_eq!(
        show(&env, &["2021-08-03 03:08:00.000"]),
        ok("Entry 20210803T030800.000
  Created      2021-08-03 03:08:00.000
  Account      root
  Request      ./orders/cancel
  Category     CONTROLLER
  Controller   prod
  Workflows    -
  Reason       -
  Time Spent   -
  Ticket Link  -
  ID           -
  Level        INFO
  Location     forms.log:4

Request Body
  {
    \"controllerId\": \"prod\",
    \"orderIds\": [
      \"#2021-08-03#T01\"
    ]
  }
")
    );
}

#[test]
fn shows_a_cut_body_as_written_with_a_note() {
    assert_eq!(
        show(&forms(), &["20210803T031000.000+0200"]),
        ok(r#"Entry 20210803T031000.000+0200
  Created      2021-08-03 03:10:00.000+02:00
  Account      m.müller
  Request      ./inventory/store
  Category     INVENTORY
  Controller   -
  Workflows    -
  Reason       Business requirement
  Time Spent   120m
  Ticket Link  https://tickets.example.com/browse/OPS-1234
  ID           -
  Level        WARN
  Location     forms.log:7

Request Body
  {"objectType":"WORKFLOW","path":"/finance/eod/close","configuration":{"instructions":[{"TYPE":"Execute.Named","jobName":"j - COMMENT: x","label":"very long...
  (cut by JOC, which keeps the first 4093 characters of a longer body and adds ...; shown as written)
"#)
    );
}

#[test]
fn an_unknown_reference_exits_1_and_a_bad_one_2() {
    let env = forms();
    assert_eq!(
        show(&env, &["20210803T025443.441"]),
        Out {
            code: 1,
            stdout: String::new(),
            stderr: "auditlog: no entry 20210803T025443.441 in forms.log or its rotated siblings\n"
                .into(),
        }
    );
    assert_eq!(show(&env, &["20210803T025443.440~2"]).code, 1);
    assert_eq!(
        show(&env, &["yesterday"]),
        failed(
            "auditlog: invalid reference \"yesterday\": give a reference from list (20261123T095301.440, with ~2 for a second entry of that stamp), a stamp (2026-11-23T09:53:01,440), a JOC ID (85941), or a job execution's ID (20261123-020000-7f3a9c, or its start)\n"
        )
    );
}

/// `show ID --log` once read whatever path a log named: `/etc/shadow`, or `/dev/zero` until
/// memory ran out. Only `<id>.log` in the output directory, a regular file, is read.
#[test]
fn show_log_reads_only_the_execution_output_in_the_output_directory() {
    let env = Env::new();
    fs::create_dir(env.path("auditlog-executions")).unwrap();
    env.write(
        "auditlog-executions/20261123-090000-622baa.log",
        "copied 3 files\n",
    );
    env.write("secret", "root:x:0:0\n");
    let entry = |id: &str, output: &str| {
        format!(
            "2026-11-23T09:00:00,000 INFO  REQUEST: ./job_executions/start - USER: Scheduled execution - PARAMS: {{\"executionId\":\"{id}\",\"job\":\"backup\",\"trigger\":\"scheduled\",\"host\":\"h\",\"pid\":1,\"command\":[\"b\"],\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n\
             2026-11-23T09:00:01,000 INFO  REQUEST: ./job_executions/finish - USER: Scheduled execution - PARAMS: {{\"executionId\":\"{id}\",\"job\":\"backup\",\"trigger\":\"scheduled\",\"host\":\"h\",\"pid\":1,\"command\":[\"b\"],\"status\":\"Successful\",\"exitCode\":0,\"started\":\"2026-11-23T09:00:00.000\",\"ended\":\"2026-11-23T09:00:01.000\",\"durationMs\":1000,\"metrics\":{{}},\"output\":{output:?},\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n"
        )
    };
    let dir = env.path("auditlog-executions");
    let good = dir.join("20261123-090000-622baa.log");
    env.write(
        "audit.log",
        &[
            entry("20261123-090000-622baa", good.to_str().unwrap()),
            entry(
                "20261123-090000-000001",
                env.path("secret").to_str().unwrap(),
            ),
            entry("20261123-090000-000002", "/dev/zero"),
        ]
        .concat(),
    );
    assert_eq!(
        env.run(&["show", "20261123-090000-622baa", "--log"]),
        ok("copied 3 files\n")
    );
    let real = dir.canonicalize().unwrap();
    assert_eq!(
        env.run(&["show", "20261123-090000-000001", "--log"]),
        failed(&format!(
            "auditlog: cannot read the output of 20261123-090000-000001 from {}: it is not 20261123-090000-000001.log in the output directory {} (give --output-dir where `run` kept it)\n",
            env.path("secret").display(),
            real.display()
        ))
    );
    assert_eq!(
        env.run(&["show", "20261123-090000-000002", "--log"]),
        failed(&format!(
            "auditlog: cannot read the output of 20261123-090000-000002 from /dev/zero: it is not 20261123-090000-000002.log in the output directory {} (give --output-dir where `run` kept it)\n",
            real.display()
        ))
    );
    // A device planted under the execution's own name is not read either.
    std::os::unix::fs::symlink("/dev/zero", dir.join("20261123-090000-000002.log")).unwrap();
    let device = entry(
        "20261123-090000-000002",
        dir.join("20261123-090000-000002.log").to_str().unwrap(),
    );
    env.write("audit.log", &device);
    assert_eq!(
        env.run(&["show", "20261123-090000-000002", "--log"]).code,
        2
    );
}
