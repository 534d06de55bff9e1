//! `auditlog record` and `auditlog reasons`: what lands in the file, and what never does.

use super::*;

const HEAD: &str = "2026-11-23T12:00:00,000 INFO  REQUEST: ";

#[test]
fn writes_an_entry_in_jocs_layout() {
    let env = Env::new();
    let out = env.run(&[
        "--file",
        "audit.log",
        "record",
        "./controller/cluster/switchover",
        "--user",
        "root",
        "--params",
        r#"{ "controllerId": "testsuite" }"#,
        "--reason",
        "System maintenance",
        "--time-spent",
        "5",
        "--ticket",
        "https://t/1",
        "--id",
        "85941",
    ]);
    assert_eq!(out, ok(""));
    let out = env.run(&[
        "--file",
        "audit.log",
        "record",
        "./login",
        "--user",
        "aa_ito",
    ]);
    assert_eq!(out, ok(""));
    assert_eq!(
        env.read("audit.log"),
        format!(
            r#"{HEAD}./controller/cluster/switchover - ID: 85941 - USER: root - PARAMS: {{"controllerId":"testsuite","auditLog":{{"comment":"System maintenance","timeSpent":5,"ticketLink":"https://t/1"}}}} - COMMENT: System maintenance - TIMESPENT: 5m - TICKET: https://t/1
{HEAD}./login - USER: aa_ito - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -
"#
        )
    );
}

#[test]
fn takes_the_body_from_standard_input_or_a_file_and_a_predefined_reason() {
    let env = Env::new();
    let out = env.run_with_stdin(
        &[
            "--file",
            "audit.log",
            "record",
            "./orders/add",
            "--user",
            "jdoe",
            "--params",
            "-",
            "--reason-number",
            "3",
            "--time-spent",
            "1h30m",
        ],
        "{\"controllerId\":\"prod\",\n \"orders\":[{\"workflowPath\":\"/finance/eod/close\"}]}\n",
    );
    assert_eq!(out, ok(""));
    env.write(
        "body.json",
        r##"{"controllerId":"standby","orderIds":["#2026-11-23#T1"]}"##,
    );
    let out = env.run(&[
        "--file",
        "audit.log",
        "record",
        "./orders/cancel",
        "--user",
        "jdoe",
        "--params-file",
        "body.json",
        "--no-sync",
    ]);
    assert_eq!(out, ok(""));
    assert_eq!(
        env.read("audit.log"),
        format!(
            r##"{HEAD}./orders/add - USER: jdoe - PARAMS: {{"controllerId":"prod","orders":[{{"workflowPath":"/finance/eod/close"}}],"auditLog":{{"comment":"Business requirement","timeSpent":90}}}} - COMMENT: Business requirement - TIMESPENT: 90m - TICKET: -
{HEAD}./orders/cancel - USER: jdoe - PARAMS: {{"controllerId":"standby","orderIds":["#2026-11-23#T1"],"auditLog":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -
"##
        )
    );
}

#[test]
fn the_account_is_the_person_behind_sudo_or_the_real_user() {
    let env = Env::new();
    let out = output(
        env.cmd()
            .args(["--file", "a.log", "record", "./login"])
            .env("SUDO_USER", "m.müller"),
    );
    assert_eq!(out, ok(""));
    let out = env.run(&["--file", "b.log", "record", "./login"]);
    assert_eq!(out, ok(""));
    let real = nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name;
    let line = |user: &str| {
        format!(
            "{HEAD}./login - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
        )
    };
    assert_eq!(env.read("a.log"), line("m.müller"));
    assert_eq!(env.read("b.log"), line(&real));
}

#[test]
fn a_forged_entry_in_a_reason_stays_one_entry() {
    let env = Env::new();
    let reason = "x\n2026-01-01T00:00:00,000 INFO  REQUEST: ./forged - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -";
    let nasty = format!("{reason}\r\u{1b}[2J\u{1b}]0;pwned\u{7}\u{2028}\u{202e}");
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "record",
            "./orders/cancel",
            "--user",
            "jdoe",
            "--reason",
            &nasty
        ]),
        ok("")
    );
    let bytes = fs::read(env.path("audit.log")).unwrap();
    assert_eq!(bytes.iter().filter(|&&b| b == b'\n').count(), 1);
    assert!(!bytes.contains(&0x1b) && !bytes.contains(&b'\r') && !bytes.contains(&0x07));
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        format!(
            r#"{HEAD}./orders/cancel - USER: jdoe - PARAMS: {{"auditLog":{{"comment":"x\n2026-01-01T00:00:00,000 INFO  REQUEST: ./forged - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\r\u001b[2J\u001b]0;pwned\u0007\u2028\u202e"}}}} - COMMENT: x␊2026-01-01T00:00:00,000 INFO  REQUEST: ./forged - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -␍␛[2J␛]0;pwned␇�� - TIMESPENT: - - TICKET: -
"#
        )
    );
    let items: Vec<Item> = Reader::open(&env.path("audit.log"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    match items.as_slice() {
        [Item::Entry(e)] => {
            assert_eq!(e.comment.as_deref(), Some(nasty.as_str()));
            assert_eq!(e.request, "./orders/cancel");
        }
        other => panic!("expected one entry, read {other:?}"),
    }
    assert_eq!(
        env.run(&["--file", "audit.log", "check"]),
        ok("audit.log: 1 entry, 0 malformed lines, 0 steps back in time\n")
    );
}

#[test]
fn refuses_bad_input_and_leaves_the_file_untouched() {
    let env = Env::new();
    let before = "2026-11-23T11:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";
    env.write("audit.log", before);
    let cases: &[(&[&str], &str)] = &[
        (
            &["./orders add"],
            "auditlog: invalid request \"./orders add\": it must be a web-service path such as ./orders/add, with no spaces or control characters\n",
        ),
        (
            &[""],
            "auditlog: invalid request \"\": it must be a web-service path such as ./orders/add, with no spaces or control characters\n",
        ),
        (
            &["./login", "--user", "eve\n2026"],
            "auditlog: invalid account \"eve\\n2026\": it must not be empty, hold control characters or ' - PARAMS: '\n",
        ),
        (
            &["./login", "--params", "{\"a\":"],
            "auditlog: --params: the request body is not valid JSON: EOF while parsing a value at line 1 column 5\n",
        ),
        (
            &["./login", "--params", "[1]"],
            "auditlog: --params: the request body must be a JSON object, not an array\n",
        ),
        (
            &["./login", "--params", "{\"auditLog\":{}}"],
            "auditlog: --params: the request body has its own \"auditLog\": give the reason, time spent and ticket link with --reason, --time-spent and --ticket instead\n",
        ),
        (
            &["./login", "--params-file", "nope.json"],
            "auditlog: cannot read the request body from nope.json: No such file or directory (os error 2)\n",
        ),
        (
            &["./login", "--reason", "-"],
            "auditlog: a reason of '-' reads as no reason: leave the reason out instead\n",
        ),
        (
            &["./login", "--time-spent", "1.5h"],
            "auditlog: invalid time spent \"1.5h\": write whole minutes (15 or 15m), hours (2h) or both (1h30m)\n",
        ),
        (
            &["./login", "--time-spent", "-5"],
            "auditlog: invalid time spent \"-5\": write whole minutes (15 or 15m), hours (2h) or both (1h30m)\n",
        ),
        (
            &["./login", "--ticket", "ftp://t/1"],
            "auditlog: invalid ticket link \"ftp://t/1\": it must be an http:// or https:// URL with no spaces\n",
        ),
        (
            &["./login", "--reason-number", "11"],
            "auditlog: there is no predefined reason 11; choose one of:\n  1. System maintenance\n  2. Repeat execution\n  3. Business requirement\n  4. Restart failed execution\n  5. Re-instantiate stopped object\n  6. Temporary stop\n  7. Change of Controller object\n  8. Rerun with parameter changes\n  9. Change of external dependency\n 10. Application deployment and upgrade\n\n",
        ),
    ];
    for (args, stderr) in cases {
        let mut all = vec!["--file", "audit.log", "record"];
        all.extend_from_slice(args);
        assert_eq!(env.run(&all), failed(stderr), "{args:?}");
    }
    let long = "r".repeat(2001);
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "record",
            "./login",
            "--reason",
            &long
        ]),
        failed("auditlog: the reason has 2001 characters; at most 2000 are allowed\n")
    );
    assert_eq!(env.read("audit.log"), before);
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    let out = env.run(&["record"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: the following required arguments were not provided:\n  <REQUEST>\n\nUsage: auditlog record <REQUEST>\n\nFor more information, try '--help'.\n"
    );
    let out = env.run(&["record", "./login", "--reason", "a", "--reason-number", "1"]);
    assert_eq!(out.code, 2);
    assert!(!env.path("audit.log").exists());
}

#[test]
fn a_file_that_cannot_take_an_entry_is_an_error_that_says_why() {
    let env = Env::new();
    assert_eq!(
        env.run(&["--file", "/dev/full", "record", "./login", "--user", "root"]),
        failed("auditlog: cannot append to /dev/full: not a regular file\n")
    );
    assert_eq!(
        env.run(&[
            "--file",
            "no/such/dir/audit.log",
            "record",
            "./login",
            "--user",
            "root"
        ]),
        failed(
            "auditlog: cannot append to no/such/dir/audit.log: the directory no/such/dir does not exist\n"
        )
    );
    assert_eq!(
        env.run(&[
            "--file", "a.log", "--file", "b.log", "record", "./login", "--user", "root"
        ]),
        failed("auditlog: this command writes to one log, but --file named 2 logs\n")
    );
    assert!(!env.path("a.log").exists());
}

#[test]
fn a_required_reason_and_the_predefined_list_come_from_the_config() {
    let env = Env::new();
    fs::create_dir_all(env.path("config/auditlog")).unwrap();
    env.write(
        "config/auditlog/config.toml",
        "force_comments_for_audit_log = true\nreasons = [\"Patch day\", \"Incident\"]\n",
    );
    assert_eq!(env.run(&["reasons"]), ok("  1. Patch day\n  2. Incident\n"));
    assert_eq!(
        env.run(&["--file", "audit.log", "record", "./login", "--user", "root"]),
        failed(
            "auditlog: a reason is required (force_comments_for_audit_log is on); give --reason TEXT or --reason-number N:\n  1. Patch day\n  2. Incident\n\n"
        )
    );
    assert!(!env.path("audit.log").exists());
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "record",
            "./login",
            "--user",
            "root",
            "--reason-number",
            "2"
        ]),
        ok("")
    );
    assert_eq!(
        env.read("audit.log"),
        format!(
            "{HEAD}./login - USER: root - PARAMS: {{\"auditLog\":{{\"comment\":\"Incident\"}}}} - COMMENT: Incident - TIMESPENT: - - TICKET: -\n"
        )
    );
}

#[test]
fn lists_jocs_predefined_reasons() {
    assert_eq!(
        Env::new().run(&["reasons"]),
        ok("  1. System maintenance
  2. Repeat execution
  3. Business requirement
  4. Restart failed execution
  5. Re-instantiate stopped object
  6. Temporary stop
  7. Change of Controller object
  8. Rerun with parameter changes
  9. Change of external dependency
 10. Application deployment and upgrade
")
    );
}

/// 64 processes append 500 entries each to one file at once: every entry lands whole, once.
#[test]
fn many_processes_append_whole_entries() {
    let env = Env::new();
    let script = r#"i=0; while [ $i -lt 500 ]; do "$BIN" record ./orders/add --user "w$W" --no-sync --params "{\"writer\":$W,\"n\":$i}" --reason "line one
line two of writer $W" || exit 1; i=$((i+1)); done"#;
    let children: Vec<_> = (0..64)
        .map(|w| {
            let mut cmd = Command::new("sh");
            cmd.args(["-c", script])
                .current_dir(env.dir.path())
                .env("BIN", env!("CARGO_BIN_EXE_auditlog"))
                .env("W", w.to_string())
                .env("AUDITLOG_FILE", env.path("audit.log"))
                .env("AUDITLOG_NOW", "2026-11-23T12:00:00")
                .env("XDG_CONFIG_HOME", env.path("config"))
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let mut seen = vec![vec![false; 500]; 64];
    let mut entries = 0;
    for item in Reader::open(&env.path("audit.log")).unwrap() {
        let Item::Entry(e) = item.unwrap() else {
            panic!("a malformed line")
        };
        let body = e.params_json().unwrap();
        let (w, n) = (
            body["writer"].as_u64().unwrap() as usize,
            body["n"].as_u64().unwrap() as usize,
        );
        assert_eq!(e.user, format!("w{w}"));
        assert_eq!(e.comment, Some(format!("line one\nline two of writer {w}")));
        assert!(!seen[w][n], "writer {w} entry {n} twice");
        seen[w][n] = true;
        entries += 1;
    }
    assert_eq!(entries, 32_000);
}

/// `record` once took its stamp before it held the lock: with many writers at once, the log we
/// wrote stepped back in time and `check` failed on it.
#[test]
fn concurrent_writers_never_step_back_in_time() {
    let env = Env::new();
    let script = r#"i=0; while [ $i -lt 40 ]; do "$BIN" record ./orders/add --user "w$W" --no-sync || exit 1; i=$((i+1)); done"#;
    let children: Vec<_> = (0..32)
        .map(|w| {
            Command::new("sh")
                .args(["-c", script])
                .current_dir(env.dir.path())
                .env("BIN", env!("CARGO_BIN_EXE_auditlog"))
                .env("W", w.to_string())
                .env("AUDITLOG_FILE", env.path("audit.log"))
                .env_remove("AUDITLOG_NOW")
                .env("XDG_CONFIG_HOME", env.path("config"))
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    // JOC's precision: milliseconds, never more.
    for line in env.read("audit.log").lines() {
        assert_eq!(line.as_bytes()[23], b' ', "{line}");
    }
    let mut last = None;
    let mut entries = 0;
    for item in Reader::open(&env.path("audit.log")).unwrap() {
        let Item::Entry(e) = item.unwrap() else {
            panic!("a malformed line")
        };
        assert!(
            last.is_none_or(|last| last <= e.created.local),
            "{:?} after {last:?}",
            e.created
        );
        last = Some(e.created.local);
        entries += 1;
    }
    assert_eq!(entries, 32 * 40);
}

/// `record` once appended through any symbolic link, and created a dangling link's target
/// wherever it pointed. A link whose owner could not have written the log, and a link to
/// nothing, are refused; a link root made to an existing log is appended through.
#[test]
fn a_log_behind_a_symbolic_link_is_written_only_as_the_rule_says() {
    use std::os::unix::fs::symlink;
    let env = Env::new();
    symlink(env.path("nowhere.log"), env.path("audit.log")).unwrap();
    let out = env.run(&["record", "./orders/add", "--user", "root"]);
    assert_eq!(
        out,
        super::failed(
            "auditlog: cannot append to audit.log: it is a symbolic link, and it points to nothing, and a log is never created through a link\n"
        )
    );
    assert!(!env.path("nowhere.log").exists());
    fs::remove_file(env.path("audit.log")).unwrap();
    // Root's own link to an existing log: appended through.
    env.write("real.log", "");
    symlink("real.log", env.path("audit.log")).unwrap();
    assert_eq!(
        env.run(&["record", "./orders/add", "--user", "root"]).code,
        0
    );
    assert_eq!(
        env.read("real.log"),
        "2026-11-23T12:00:00,000 INFO  REQUEST: ./orders/add - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
    );
    // A link planted by another user, to a file of root's: refused.
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped the planted link: changing a link's owner takes root");
        return;
    }
    let nobody = nix::unistd::User::from_name("nobody").unwrap().unwrap();
    nix::unistd::fchownat(
        nix::fcntl::AT_FDCWD,
        &env.path("audit.log"),
        Some(nobody.uid),
        None,
        nix::fcntl::AtFlags::AT_SYMLINK_NOFOLLOW,
    )
    .unwrap();
    assert_eq!(
        env.run(&["record", "./orders/add", "--user", "root"]),
        super::failed(
            "auditlog: cannot append to audit.log: it is a symbolic link, and the link belongs neither to root nor to the log's owner\n"
        )
    );
}
