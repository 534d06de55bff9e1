//! `auditlog check` on every fixture.

use super::*;

#[test]
fn the_sample_and_every_line_form_are_clean() {
    let env = Env::new();
    env.fixture("sample/audit.log");
    env.fixture("forms.log");
    env.fixture("encoding.log");
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "--file",
            "forms.log",
            "--file",
            "encoding.log",
            "check"
        ]),
        ok(
            "audit.log: 400 entries, 0 malformed lines, 0 steps back in time
forms.log: 11 entries, 0 malformed lines, 0 steps back in time
encoding.log: 3 entries, 0 malformed lines, 0 steps back in time
"
        )
    );
}

#[test]
fn reports_each_malformed_line_with_its_reason() {
    let env = Env::new();
    env.fixture("malformed.log");
    assert_eq!(
        env.run(&["--file", "malformed.log", "check"]),
        found(
            1,
            r#"malformed.log:1: not an entry: the line does not start with a timestamp: "JOC started, writing the audit log"
malformed.log:3: not an entry: the line does not start with a timestamp: "  stray text after a closed entry"
malformed.log:4: TIMESPENT is not a number of minutes: "1.5h": "2026-11-02T10:00:01,000 INFO  REQUEST: ./orders/add - USER: …"
malformed.log:5: no valid timestamp at the start of the line: "2026-02-30T10:00:02,000 INFO  REQUEST: ./login - USER: root …"
malformed.log:6: not an entry: the line does not start with a timestamp: an empty line
malformed.log:7: no level and 'REQUEST: ' after the timestamp: "2026-11-02T10:00:03,000 INFO  JOC Cockpit started"
malformed.log:8: the ID is not a number: "2026-11-02T10:00:04,000 INFO  REQUEST: ./login - ID: 12a - U…"
malformed.log: 2 entries, 7 malformed lines, 0 steps back in time
"#
        )
    );
}

#[test]
fn reports_time_going_back_by_more_than_the_tolerance() {
    let env = Env::new();
    env.fixture("backwards.log");
    assert_eq!(
        env.run(&["--file", "backwards.log", "check"]),
        found(1, "backwards.log:4: time goes back by 59m 58.870s: 2026-10-25T02:00:00,250 after 2026-10-25T02:59:59,120 at line 3
backwards.log:6: time goes back by 5.000s: 2026-10-25T02:29:55,000 after 2026-10-25T02:30:00,000 at line 5
backwards.log: 6 entries, 0 malformed lines, 2 steps back in time
")
    );
    assert_eq!(
        env.run(&[
            "--file",
            "backwards.log",
            "check",
            "--backwards-tolerance",
            "3600000"
        ]),
        found(
            0,
            "backwards.log: 6 entries, 0 malformed lines, 0 steps back in time\n"
        )
    );
}

#[test]
fn colors_only_when_asked_or_on_a_terminal() {
    let env = Env::new();
    env.write(
        "x.log",
        "stray\n2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n",
    );
    assert_eq!(
        env.run(&["--file", "x.log", "--color", "always", "check"]),
        found(1, "\u{1b}[35mx.log\u{1b}[0m:\u{1b}[32m1\u{1b}[0m: not an entry: the line does not start with a timestamp: \"stray\"
\u{1b}[35mx.log\u{1b}[0m: 1 entry, 1 malformed line, 0 steps back in time
")
    );
    // Not a terminal: no colors, whatever NO_COLOR says.
    assert_eq!(
        output(
            env.cmd()
                .args(["--file", "x.log", "check"])
                .env("NO_COLOR", "")
        ),
        found(
            1,
            "x.log:1: not an entry: the line does not start with a timestamp: \"stray\"
x.log: 1 entry, 1 malformed line, 0 steps back in time
"
        )
    );
}

#[test]
fn a_log_that_cannot_be_read_is_an_error_that_names_it() {
    let env = Env::new();
    assert_eq!(
        env.run(&["--file", "missing.log", "check"]),
        failed(
            "auditlog: there is no log at missing.log: name the log with --file PATH, the environment variable AUDITLOG_FILE, or `file` in the configuration\n"
        )
    );
}

#[test]
fn the_file_comes_from_the_flag_then_the_environment_then_the_config() {
    let env = Env::new();
    env.fixture("forms.log");
    env.fixture("backwards.log");
    fs::create_dir_all(env.path("config/auditlog")).unwrap();
    env.write("config/auditlog/config.toml", "file = \"forms.log\"\n");
    let forms = ok("forms.log: 11 entries, 0 malformed lines, 0 steps back in time\n");
    assert_eq!(env.run(&["check"]), forms);
    assert_eq!(
        output(env.cmd().arg("check").env("AUDITLOG_FILE", "forms.log")),
        forms
    );
    let back = output(
        env.cmd()
            .args([
                "--file",
                "backwards.log",
                "check",
                "--backwards-tolerance",
                "3600000",
            ])
            .env("AUDITLOG_FILE", "forms.log"),
    );
    assert_eq!(
        back,
        ok("backwards.log: 6 entries, 0 malformed lines, 0 steps back in time\n")
    );
    fs::remove_file(env.path("config/auditlog/config.toml")).unwrap();
    // With no log, the message says how to name one.
    assert_eq!(
        env.run(&["check"]),
        failed(
            "auditlog: there is no log at audit.log: name the log with --file PATH, the environment variable AUDITLOG_FILE, or `file` in the configuration\n"
        )
    );
}

#[test]
fn a_bad_configuration_is_an_error() {
    let env = Env::new();
    let config = env.write("bad.toml", "force_comments = true\n");
    assert_eq!(
        output(env.cmd().arg("reasons").env("AUDITLOG_CONFIG", &config)),
        failed(&format!(
            "auditlog: invalid configuration {}: line 1: unknown field `force_comments`, expected one of `file`, `timezone`, `objects_file`, `force_comments_for_audit_log`, `seal`, `mirror`, `reasons`, `jobs`\n",
            config.display()
        ))
    );
    assert_eq!(
        env.run(&["--config", "nope.toml", "reasons"]),
        failed(
            "auditlog: cannot read the configuration nope.toml: No such file or directory (os error 2)\n"
        )
    );
}

/// `AUDITLOG_FILE=`, `AUDITLOG_CONFIG=` and `TZ=` (set but empty, as `VAR= auditlog …` leaves
/// them) failed: clap asked for a value for `--file` that was never given, and the empty zone
/// named the zone directory. Empty reads as unset, as `AUDITLOG_NOW=` does; `TZ=` is UTC, as
/// the C library reads it.
#[test]
fn empty_environment_variables_read_as_unset() {
    let env = Env::new();
    env.fixture("dst.log");
    fs::create_dir(env.path("config/auditlog")).unwrap();
    env.write("config/auditlog/config.toml", "file = \"dst.log\"\n");
    let out = output(
        env.cmd()
            .args(["list", "-n", "1", "-o", "ndjson"])
            .env("AUDITLOG_FILE", "")
            .env("AUDITLOG_CONFIG", "")
            .env("TZ", ""),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.starts_with(
            "{\"ref\":\"20261025T031000.000\",\"created\":\"2026-10-25T03:10:00.000\",\"instant\":\"2026-10-25T03:10:00.000Z\""
        ),
        "{out:?}"
    );
}
