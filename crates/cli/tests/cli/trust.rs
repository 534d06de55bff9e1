//! The promises at their edges: each case here once broke, and each test failed before its
//! fix. Writing: nothing torn, altered or forged, nothing written that the tool will not read.
//! Reading: nothing unescaped on a terminal, nothing lost without a word, memory flat. Every
//! failure a clear message. Timeouts here are limits for a stuck test, never a measure of speed.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use super::*;

const ENTRY: &str = "2026-11-23T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";

fn line(stamp: &str, user: &str, comment: &str) -> String {
    format!(
        "{stamp} INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: {{\"controllerId\":\"prod\"}} - COMMENT: {comment} - TIMESPENT: - - TICKET: -\n"
    )
}

/// A log large enough to be read in chunks on every core and sought by time: 40,000 entries a
/// second apart from 2026-11-21, and `inserted` after the 36,001st (line 36,002 on).
fn big_log_with(inserted: &str) -> String {
    let mut big = String::new();
    for i in 0..40_000 {
        let stamp = format!(
            "2026-11-2{}T{:02}:{:02}:{:02},000",
            1 + i / 20_000,
            (i / 3600) % 24,
            (i / 60) % 60,
            i % 60
        );
        big.push_str(&line(&stamp, "root", "-"));
        if i == 36_000 {
            big.push_str(inserted);
        }
    }
    big
}

/// Waits for a child, killing it and failing when it is stuck.
fn finish(mut child: std::process::Child, what: &str) -> std::process::Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{what} is stuck");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

// Writing.

/// Bodies were parsed and written again: `12345678901234567890123456789` became
/// `1.2345678901234568e+28`, `1e2` `100.0`, `-0` `-0.0`, and `{"a":1,"a":2}` lost a key.
#[test]
fn a_body_is_written_as_given_and_a_key_given_twice_is_refused() {
    let env = Env::new();
    let body =
        "{ \"big\": 12345678901234567890123456789, \"sci\": 1e2,\n \"neg\": -0, \"s\": \"a  b\" }";
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "record",
            "./orders/add",
            "--user",
            "root",
            "--params",
            body
        ]),
        ok("")
    );
    assert_eq!(
        env.read("audit.log"),
        "2026-11-23T12:00:00,000 INFO  REQUEST: ./orders/add - USER: root - PARAMS: {\"big\":12345678901234567890123456789,\"sci\":1e2,\"neg\":-0,\"s\":\"a  b\",\"auditLog\":{}} - COMMENT: - - TIMESPENT: - - TICKET: -\n"
    );
    let before = env.read("audit.log");
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "record",
            "./orders/add",
            "--user",
            "root",
            "--params",
            r#"{"a":1,"b":{"c":1,"c":2}}"#
        ]),
        failed(
            "auditlog: --params: the request body names \"c\" twice in one object: give each key once\n"
        )
    );
    assert_eq!(env.read("audit.log"), before);
}

/// `record --params-file /dev/zero` grew to 20 GiB, and a body from `yes` to 2.85 GB, before
/// anything was refused.
#[test]
fn a_body_larger_than_an_entry_is_refused_before_it_is_read_whole() {
    let env = Env::new();
    env.write("audit.log", ENTRY);
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "record",
            "./x",
            "--user",
            "u",
            "--params-file",
            "/dev/zero"
        ]),
        failed(
            "auditlog: the request body in /dev/zero is longer than an entry can hold: at most 1048576 bytes\n"
        )
    );
    let mut child = env
        .cmd()
        .args([
            "--file",
            "audit.log",
            "record",
            "./x",
            "--user",
            "u",
            "--params",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feed = std::thread::spawn(move || {
        let block = "y\n".repeat(1 << 15);
        // It stops reading, and then the pipe is closed: as `yes` would, stop too.
        while stdin.write_all(block.as_bytes()).is_ok() {}
    });
    let out = finish(child, "record reading from yes");
    feed.join().unwrap();
    assert_eq!(
        (out.status.code(), String::from_utf8(out.stderr).unwrap()),
        (
            Some(2),
            "auditlog: the request body in standard input is longer than an entry can hold: at most 1048576 bytes\n".into()
        )
    );
    assert_eq!(env.read("audit.log"), ENTRY);
}

/// A finish entry with 5 MB of metrics was written, and then skipped by every reader as too
/// long, so the execution showed as Abandoned forever. Metrics were read as floats.
#[test]
fn an_executions_metrics_are_kept_as_written_and_never_more_than_fit() {
    let env = Env::new();
    let script = env.write(
        "job.sh",
        "#!/bin/sh\nprintf 'Big=12345678901234567890123\\nSci=1e2\\nNeg=-0\\nText=a b\\n' >> \"$AUDITLOG_METRICS\"\nhead -c 5000000 /dev/zero | tr '\\0' 'x' | sed 's/^/Junk=/' >> \"$AUDITLOG_METRICS\"\n",
    );
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let out = env.run(&[
        "--file",
        "audit.log",
        "run",
        "--job",
        "big",
        "--",
        "./job.sh",
    ]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            0,
            "auditlog: the metrics past their first 65536 bytes were not recorded\n"
        )
    );
    let json = env.run(&["--file", "audit.log", "executions", "-o", "ndjson"]);
    let execution: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(execution["status"], "Successful");
    let finish = env.read("audit.log").lines().nth(1).unwrap().to_owned();
    assert!(
        finish.contains(r#""metrics":{"Big":12345678901234567890123,"Sci":1e2,"Neg":-0,"Text":"a b","Junk":"xxx"#),
        "{finish}"
    );
    // The start's wall-clock time, in milliseconds as the README says, not nanoseconds.
    assert!(
        finish.contains(r#""started":"2026-11-23T12:00:00.000","#),
        "{finish}"
    );
    assert!(finish.len() < 1 << 20);
}

/// `export --force` onto a link replaced the link with a regular file; as root, onto
/// /dev/stdout, it would have replaced the device.
#[test]
fn an_export_replaces_only_regular_files_and_writes_to_standard_output_when_asked() {
    let env = Env::new();
    env.fixture("week.log");
    env.write("target.csv", "keep");
    std::os::unix::fs::symlink("target.csv", env.path("link.csv")).unwrap();
    assert_eq!(
        env.run(&["--file", "week.log", "export", "link.csv", "--force"]),
        failed(
            "auditlog: link.csv is not a regular file: export replaces only regular files, never a link, a directory or a device\n"
        )
    );
    assert!(env.path("link.csv").is_symlink());
    assert_eq!(env.read("target.csv"), "keep");
    assert_eq!(
        env.run(&[
            "--file",
            "week.log",
            "export",
            "/dev/null",
            "--format",
            "csv",
            "--force"
        ]),
        failed(
            "auditlog: /dev/null is not a regular file: export replaces only regular files, never a link, a directory or a device\n"
        )
    );
    let to_stdout = env.run(&[
        "--file", "week.log", "export", "-", "--format", "csv", "--user", "jdoe",
    ]);
    let listed = env.run(&["--file", "week.log", "list", "-o", "csv", "--user", "jdoe"]);
    assert_eq!(to_stdout, listed);
    assert_eq!(
        env.run(&["--file", "week.log", "export", "-"]),
        failed("auditlog: give --format csv or --format ndjson to export to standard output\n")
    );
}

/// Kept output was world-readable (0644 in a 0755 directory) while the log is 0640.
#[test]
fn kept_output_is_for_the_logs_group_only() {
    let env = Env::new();
    assert_eq!(
        env.run(&["--file", "audit.log", "run", "--job", "j", "--", "true"])
            .code,
        0
    );
    let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let dir = env.path("auditlog-executions");
    // The umask may take bits away, never add them.
    assert_eq!(mode(&dir) & !0o750, 0, "{:o}", mode(&dir));
    assert_eq!(mode(&dir.join(".locks")) & !0o750, 0);
    for file in fs::read_dir(&dir).unwrap() {
        let file = file.unwrap().path();
        if file.is_file() {
            assert_eq!(
                mode(&file) & !0o640,
                0,
                "{}: {:o}",
                file.display(),
                mode(&file)
            );
        }
    }
}

/// `run --timeout` stopped only its direct child: a command it started in the background
/// outlived the timeout and the job's lock, and one that ignored TERM outlived the KILL.
#[test]
fn a_timeout_stops_everything_the_command_started() {
    let env = Env::new();
    for (script, grace, code) in [
        (
            "sleep 300 >/dev/null 2>&1 & echo $! > pid; wait",
            "10s",
            143,
        ),
        (
            "trap '' TERM; sleep 300 >/dev/null 2>&1 & echo $! > pid; wait",
            "1s",
            137,
        ),
    ] {
        let child = env
            .cmd()
            .args([
                "--file",
                "audit.log",
                "run",
                "--job",
                "sleepy",
                "--timeout",
                "1s",
                "--kill-after",
                grace,
                "--",
                "sh",
                "-c",
                script,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = finish(child, "run --timeout");
        assert_eq!(out.status.code(), Some(code), "{script}");
        let pid: i32 = env.read("pid").trim().parse().unwrap();
        assert!(
            !alive(pid),
            "the command's own child {pid} outlived the timeout: {script}"
        );
    }
    let json = env.run(&[
        "--file",
        "audit.log",
        "executions",
        "-o",
        "ndjson",
        "--oldest-first",
    ]);
    let statuses: Vec<String> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["status"].to_string())
        .collect();
    assert_eq!(statuses, ["\"Failed\"", "\"Failed\""]);
}

/// `run` when its log cannot be written: the command must not start when its start cannot be
/// recorded, and an end that cannot be recorded is said, with exit codes of their own.
#[test]
fn run_says_when_the_log_cannot_be_written() {
    let env = Env::new();
    fs::create_dir(env.path("dir.log")).unwrap();
    let out = env.run(&[
        "--file", "dir.log", "run", "--job", "j", "--", "touch", "ran",
    ]);
    assert_eq!(
        out,
        Out {
            code: 125,
            stdout: String::new(),
            stderr: "auditlog: cannot append to dir.log: not a regular file\n".into()
        }
    );
    assert!(!env.path("ran").exists(), "the command ran");
    // The command takes the log away while it runs.
    let out = env.run(&[
        "--file",
        "audit.log",
        "run",
        "--job",
        "j",
        "--",
        "sh",
        "-c",
        "rm audit.log && mkdir audit.log && exit 3",
    ]);
    let id = out
        .stderr
        .split_whitespace()
        .nth(2)
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        out,
        Out {
            code: 124,
            stdout: String::new(),
            stderr: format!(
                "auditlog: execution {id} of the job \"j\" ended Failed (exit code 3), but its end could not be recorded: cannot append to audit.log: not a regular file\n"
            )
        }
    );
}

// Reading.

/// `list -o csv` and `tail -o csv` wrote reasons raw to a terminal: an OSC sequence renamed
/// it, `ESC[2J` cleared it, U+202E and U+2028 passed; even for reasons `record` stored safely,
/// as the exact reason comes back from the body. Raw lines did the same.
#[test]
fn nothing_from_a_log_reaches_a_terminal_unescaped() {
    let env = Env::new();
    let hostile = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}gnp.exe\u{2028}x\u{200b}";
    env.write(
        "audit.log",
        &line("2026-11-23T10:00:00,000", "root", hostile),
    );
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "record",
            "./orders/add",
            "--user",
            "jdoe",
            "--reason",
            hostile
        ]),
        ok("")
    );
    let shown = "␛]0;owned␇␛[2J�gnp.exe�x�";
    for (args, want) in [
        (
            &["csv"][..],
            format!(
                "Controller ID,Created,User Account,Request,Category,Reason,Time Spent,Ticket Link,Ref\n\
                 ,2026-11-23 12:00:00.000,jdoe,./orders/add,CONTROLLER,{shown},,,20261123T120000.000\n\
                 prod,2026-11-23 10:00:00.000,root,./orders/add,CONTROLLER,{shown},,,20261123T100000.000\n"
            ),
        ),
        (
            &["raw"][..],
            format!(
                "2026-11-23T12:00:00,000 INFO  REQUEST: ./orders/add - USER: jdoe - PARAMS: {{\"auditLog\":{{\"comment\":\"\\u001b]0;owned\\u0007\\u001b[2J\\u202egnp.exe\\u2028x\\u200b\"}}}} - COMMENT: {shown} - TIMESPENT: - - TICKET: -\n\
                 2026-11-23T10:00:00,000 INFO  REQUEST: ./orders/add - USER: root - PARAMS: {{\"controllerId\":\"prod\"}} - COMMENT: {shown} - TIMESPENT: - - TICKET: -\n"
            ),
        ),
    ] {
        let out = env.run_on_terminal(&["--file", "audit.log", "list", "-o", args[0]], 200, false);
        assert_eq!(
            out,
            Shown {
                code: 0,
                screen: want.clone(),
                stderr: String::new()
            },
            "{args:?}"
        );
        let tail = env.run_on_terminal(&["--file", "audit.log", "tail", "-o", args[0]], 200, false);
        let oldest_first: String = if args[0] == "csv" {
            let mut lines: Vec<&str> = want.lines().collect();
            lines[1..].reverse();
            lines.iter().map(|l| format!("{l}\n")).collect()
        } else {
            want.lines().rev().map(|l| format!("{l}\n")).collect()
        };
        assert_eq!(tail.screen, oldest_first, "tail {args:?}");
    }
    // To a pipe, CSV holds the exact reason.
    let piped = env.run(&["--file", "audit.log", "list", "-o", "csv", "-n", "1"]);
    assert!(piped.stdout.contains(hostile), "{:?}", piped.stdout);
}

/// A file whose name holds control characters was named raw in warnings and errors.
#[test]
fn file_names_are_made_safe_in_messages() {
    let env = Env::new();
    let name = "evil\u{1b}[2J\n.log";
    env.write(name, &format!("garbage\n{ENTRY}"));
    let out = env.run(&["--file", name, "list", "-o", "raw"]);
    assert_eq!(
        out,
        Out {
            code: 0,
            stdout: ENTRY.into(),
            stderr: "auditlog: evil␛[2J␊.log:1: not an entry: the line does not start with a timestamp: \"garbage\"\n".into()
        }
    );
    assert_eq!(
        env.run(&["--file", "gone\u{1b}[2J.log", "list"]),
        failed(
            "auditlog: there is no log at gone␛[2J.log: name the log with --file PATH, the environment variable AUDITLOG_FILE, or `file` in the configuration\n"
        )
    );
}

/// U+200B, U+200D and U+FEFF passed into table, plain and show, and
/// `record --user $'ro\u200bot'` was taken and showed as `root`.
#[test]
fn format_characters_are_refused_in_accounts_and_shown_where_a_log_has_them() {
    let env = Env::new();
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "record",
            "./login",
            "--user",
            "ro\u{200b}ot"
        ]),
        failed(
            "auditlog: invalid account \"ro\\u{200b}ot\": it must not be empty, hold control characters or ' - PARAMS: '\n"
        )
    );
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "record",
            "./lo\u{feff}gin",
            "--user",
            "root"
        ]),
        failed(
            "auditlog: invalid request \"./lo\\u{feff}gin\": it must be a web-service path such as ./orders/add, with no spaces or control characters\n"
        )
    );
    assert!(!env.path("audit.log").exists());
    env.write(
        "joc.log",
        &line(
            "2026-11-23T10:00:00,000",
            "ro\u{200b}ot",
            "a\u{200d}b\u{feff}",
        ),
    );
    assert_eq!(
        env.run(&["--file", "joc.log", "list", "-o", "plain"]),
        ok(
            "prod\t2026-11-23 10:00:00.000\tro�ot\t./orders/add\tCONTROLLER\ta�b�\t-\t-\t20261123T100000.000\n"
        )
    );
    let show = env.run(&["--file", "joc.log", "show", "20261123T100000.000"]);
    assert!(
        show.stdout.contains("  Account      ro�ot\n"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("  Reason       a�b�\n"),
        "{}",
        show.stdout
    );
}

/// `auditlog --file bin.log list 2>&1 | head -1` on a log with many malformed lines exited 101:
/// "failed printing to stderr: Broken pipe".
#[test]
fn a_closed_standard_error_ends_quietly() {
    let env = Env::new();
    let mut text = "garbage\n2026-11-23T09:00:00,000 INFO  JOC started\n".repeat(5000);
    text.push_str(ENTRY);
    env.write("bin.log", &text);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = env
        .cmd()
        .args(["--file", "bin.log", "list", "-o", "raw"])
        .stdout(Stdio::piped())
        .stderr(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// `--file <(head -3 audit.log)` and `--file /dev/stdin` found nothing, and a FIFO hung: the
/// file was opened a second time after looking for gzip.
#[test]
fn pipes_fifos_and_standard_input_are_read_front_to_back() {
    let env = Env::new();
    let week = env.fixture("week.log");
    let text = fs::read_to_string(&week).unwrap();
    let newest: String = text
        .lines()
        .rev()
        .take(3)
        .map(|l| format!("{l}\n"))
        .collect();
    for file in ["-", "/dev/stdin"] {
        assert_eq!(
            env.run_with_stdin(&["--file", file, "list", "-o", "raw", "-n", "3"], &text),
            ok(&newest),
            "{file}"
        );
    }
    let fifo = env.path("fifo");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let writer = {
        let (fifo, text) = (fifo.clone(), text.clone());
        std::thread::spawn(move || fs::write(fifo, text).unwrap())
    };
    let child = env
        .cmd()
        .args(["--file", "fifo", "list", "--count", "--user", "jdoe"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = finish(child, "list on a FIFO");
    writer.join().unwrap();
    let jdoe = text.lines().filter(|l| l.contains("USER: jdoe - ")).count();
    assert_eq!(
        (out.status.code(), String::from_utf8(out.stdout).unwrap()),
        (Some(0), format!("{jdoe}\n"))
    );
    // A gzip stream is read as such.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let mut child = env
        .cmd()
        .args(["--file", "-", "check"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&gz).unwrap();
    let out = finish(child, "check of a gzip stream");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "-: 22 entries, 0 malformed lines, 0 steps back in time\n"
    );
}

/// A rotated set with a gzip member, as log4j2 names them for JOC.
fn rotated(env: &Env) {
    let text = fs::read_to_string(env.fixture("week.log")).unwrap();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(lines[..10].concat().as_bytes()).unwrap();
    fs::write(env.path("audit-2026-11-01-1.log.gz"), gz.finish().unwrap()).unwrap();
    env.write("audit-2026-11-15-1.log", &lines[10..18].concat());
    env.write("audit.log", &lines[18..].concat());
    // Beside the set, and not of it.
    env.write("audit-objects.log", "{\"id\":1,\"objects\":[]}\n");
    env.write("audit.log.seal", "{}\n");
    fs::remove_file(env.path("week.log")).unwrap();
}

/// `--rotated check` read only the live file, `check` of a `.gz` member read compressed bytes
/// as text, and `tail --rotated -n 1000` gave the live file's entries only.
#[test]
fn check_and_tail_read_what_list_reads() {
    let env = Env::new();
    rotated(&env);
    assert_eq!(
        env.run(&["--file", "audit.log", "--rotated", "check"]),
        ok(
            "audit-2026-11-01-1.log.gz: 10 entries, 0 malformed lines, 0 steps back in time\n\
            audit-2026-11-15-1.log: 8 entries, 0 malformed lines, 0 steps back in time\n\
            audit.log: 4 entries, 0 malformed lines, 0 steps back in time\n\
            audit-objects.log: 0 unreadable lines, 0 IDs no entry has, 0 entries with no line in it; \
            not compared, outside the other's IDs: 1 line before and 0 after the log's, 0 entries \
            before and 2 after the objects log's\n"
        )
    );
    // The objects log beside the log is joined to the entries with an ID: its one ID lies
    // before theirs, so nothing is compared, and that is said.
    assert_eq!(
        env.run(&["--file", "audit-2026-11-01-1.log.gz", "check"]),
        ok(
            "audit-2026-11-01-1.log.gz: 10 entries, 0 malformed lines, 0 steps back in time\n\
            audit-objects.log: 0 unreadable lines, 0 IDs no entry has, 0 entries with no line in it; \
            not compared, outside the other's IDs: 1 line before and 0 after the log's, 0 entries \
            before and 1 after the objects log's\n"
        )
    );
    let all = env.run(&[
        "--file",
        "audit.log",
        "--rotated",
        "list",
        "--oldest-first",
        "-o",
        "raw",
    ]);
    assert_eq!(all.stdout, include_str!("../../../../fixtures/week.log"));
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "--rotated",
            "tail",
            "-n",
            "1000",
            "-o",
            "raw"
        ]),
        all
    );
    let last = env.run(&[
        "--file",
        "audit.log",
        "--rotated",
        "tail",
        "-n",
        "6",
        "-o",
        "raw",
    ]);
    let six: String = all.stdout.split_inclusive('\n').skip(16).collect();
    assert_eq!(last, ok(&six));
}

/// A rotated set whose oldest gzip member is cut a third short.
fn damaged_member() -> Env {
    let env = Env::new();
    rotated(&env);
    let gz = fs::read(env.path("audit-2026-11-01-1.log.gz")).unwrap();
    fs::write(
        env.path("audit-2026-11-01-1.log.gz"),
        &gz[..gz.len() * 2 / 3],
    )
    .unwrap();
    env
}

/// With a truncated `audit.log.2.gz`, every `--rotated` query failed, even `show` of an entry
/// in a healthy file.
#[test]
fn a_damaged_member_is_named_and_the_rest_is_read() {
    let env = damaged_member();
    let out = env.run(&[
        "--file",
        "audit.log",
        "--rotated",
        "list",
        "--oldest-first",
        "-o",
        "raw",
    ]);
    let week = include_str!("../../../../fixtures/week.log");
    let entries: Vec<&str> = week.split_inclusive('\n').collect();
    assert_eq!(out.code, 2);
    assert!(
        out.stdout.ends_with(&entries[10..].concat()),
        "the healthy members: {}",
        out.stdout
    );
    let read_before = out.stdout.lines().count() - 12;
    assert!((1..10).contains(&read_before), "{read_before}");
    assert_eq!(
        out.stdout,
        entries[..read_before].concat() + &entries[10..].concat(),
        "the entries before the damage come first"
    );
    assert!(
        out.stderr
            .starts_with("auditlog: cannot read audit-2026-11-01-1.log.gz: "),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.ends_with(&format!(
            "; the {read_before} entries before that were read\n"
        )),
        "{}",
        out.stderr
    );
    let show = env.run(&[
        "--file",
        "audit.log",
        "show",
        "20261123T115959.999",
        "-o",
        "json",
    ]);
    assert_eq!((show.code, show.stderr.as_str()), (0, ""));
    let check = env.run(&["--file", "audit.log", "--rotated", "check"]);
    assert_eq!(check.code, 2);
    assert!(
        check.stdout.contains("audit-2026-11-15-1.log: 8 entries"),
        "{}",
        check.stdout
    );
}

/// A last line cut inside its reason read as a valid JobScheduler 1.x entry, and `check`
/// reported nothing.
#[test]
fn check_flags_what_a_write_cut_short_leaves() {
    let env = Env::new();
    env.fixture("torn.log");
    assert_eq!(
        env.run(&["--file", "torn.log", "check"]),
        found(
            1,
            "torn.log:2: cut short?: the entry has no ' - TIMESPENT: … - TICKET: …', which JS7 writes (a write cut short, or a reason that goes on in what reads as the next entry)\n\
             torn.log:4: cut short?: the entry has no ' - TIMESPENT: … - TICKET: …', which JS7 writes (a write cut short, or a reason that goes on in what reads as the next entry)\n\
             torn.log:4: cut short?: the last line has no line end (a write cut short, or one still going on)\n\
             torn.log: 4 entries, 0 malformed lines, 0 steps back in time, 3 signs of a write cut short\n"
        )
    );
}

/// When 70 entries shared a stamp, the last six all showed `…~65` and `show …~66` found none.
#[test]
fn every_entry_of_a_long_run_of_one_stamp_has_a_reference_of_its_own() {
    let env = Env::new();
    let text: String = (1..=70)
        .map(|i| line("2026-11-23T10:00:00,000", &format!("u{i}"), "-"))
        .collect();
    env.write("same.log", &text);
    let refs = env.run(&["--file", "same.log", "list", "-o", "json", "--oldest-first"]);
    let refs: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(&refs.stdout)
        .unwrap()
        .iter()
        .map(|e| e["ref"].as_str().unwrap().to_owned())
        .collect();
    let want: Vec<String> = std::iter::once("20261123T100000.000".to_owned())
        .chain((2..=70).map(|i| format!("20261123T100000.000~{i}")))
        .collect();
    assert_eq!(refs, want);
    let show = env.run(&[
        "--file",
        "same.log",
        "show",
        "20261123T100000.000~66",
        "-o",
        "json",
    ]);
    assert!(show.stdout.contains(r#""user":"u66""#), "{show:?}");
}

/// `list --count --user root` was silent about a huge entry that `list --user root` warned
/// about, and `show` of it said "no entry" instead of "too long".
#[test]
fn a_count_warns_as_a_listing_does_and_show_says_an_entry_is_too_long() {
    let env = Env::new();
    let huge = format!(
        "2026-11-23T10:00:01,000 INFO  REQUEST: ./inventory/store - USER: root - PARAMS: {{\"a\":\"{}\"}} - COMMENT: - - TIMESPENT: - - TICKET: -\n",
        "x".repeat(3 << 20)
    );
    env.write(
        "audit.log",
        &format!(
            "{ENTRY}{huge}garbage without the literal\n{}",
            line("2026-11-23T10:00:02,000", "root", "-")
        ),
    );
    let warning = "auditlog: audit.log:2: an entry of 3145885 bytes, longer than the limit of 1048576; skipped: \"2026-11-23T10:00:01,000 INFO  REQUEST: ./inventory/store - U…\"\n";
    let listed = env.run(&["--file", "audit.log", "list", "--user", "root", "-o", "raw"]);
    assert_eq!(listed.stderr, warning);
    assert_eq!(
        env.run(&["--file", "audit.log", "list", "--user", "root", "--count"]),
        Out {
            code: 0,
            stdout: "2\n".into(),
            stderr: warning.into()
        }
    );
    assert_eq!(
        env.run(&["--file", "audit.log", "show", "20261123T100001.000"]),
        failed(
            "auditlog: the entry 20261123T100001.000 cannot be shown: audit.log:2: an entry of 3145885 bytes, longer than the limit of 1048576; skipped: \"2026-11-23T10:00:01,000 INFO  REQUEST: ./inventory/store - U…\"\n"
        )
    );
}

/// Ten million blank lines made ten million warnings and took a minute; newest-first lists
/// printed their warnings in reverse line order.
#[test]
fn warnings_are_few_and_in_file_order() {
    let env = Env::new();
    let mut text = String::new();
    for i in 0..30 {
        text.push_str(&line(&format!("2026-11-23T10:{i:02}:00,000"), "root", "-"));
        text.push_str(&format!(
            "2026-11-23T10:{i:02}:30,000 INFO  JOC started {i}\n"
        ));
    }
    text.push_str(&"\n".repeat(1_000_000));
    text.push_str(ENTRY);
    env.write("audit.log", &text);
    let out = env.run(&["--file", "audit.log", "list", "--count"]);
    let mut want: String = (0..20)
        .map(|i| {
            format!(
                "auditlog: audit.log:{}: no level and 'REQUEST: ' after the timestamp: \"2026-11-23T10:{i:02}:30,000 INFO  JOC started {i}\"\n",
                2 * i + 2
            )
        })
        .collect();
    want.push_str("auditlog: … and 1000010 more lines that are not entries; run `auditlog check` to see them all\n");
    assert_eq!(
        out,
        Out {
            code: 0,
            stdout: "31\n".into(),
            stderr: want.clone()
        }
    );
    let newest_first = env.run(&["--file", "audit.log", "list", "-o", "raw"]);
    assert_eq!(newest_first.stderr, want);
}

/// `tail -f … | head -1` did not end until the next matching entry came.
#[test]
fn following_ends_when_its_reader_has_gone() {
    let env = Env::new();
    env.write("audit.log", ENTRY);
    let mut child = env
        .cmd()
        .args(["--file", "audit.log", "tail", "-f", "-n", "1", "-o", "raw"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = vec![0u8; ENTRY.len()];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = finish(child, "tail -f with its reader gone");
    assert_eq!(
        (out.status.code(), String::from_utf8(out.stderr).unwrap()),
        (Some(0), String::new())
    );
}

// Messages and help.

/// `list --help` said `-n` gave "the first N entries, in the order shown"; it gives the N
/// newest.
#[test]
fn the_help_says_what_n_does() {
    let env = Env::new();
    let help = env.run(&["list", "--help"]).stdout;
    let start = help.find("  -n, --limit <N>").unwrap();
    let end = start + help[start..].find("\n\n").unwrap();
    assert_eq!(
        &help[start..end],
        "  -n, --limit <N>\n          Only the N newest entries (shown newest first, or oldest first with --oldest-first)\n          \n          As `tail -n` takes them: `-n 20 --oldest-first` prints the same entries as `auditlog tail\n          -n 20`."
    );
}

/// Messages that named the wrong thing, or did not say what was wrong.
#[test]
fn each_message_says_what_is_wrong_and_names_the_file() {
    let env = Env::new();
    env.fixture("week.log");
    fs::create_dir(env.path("adir")).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--file", "week.log", "--file", "a.log", "tail"],
            "auditlog: this command follows one log, but --file named 2 logs\n",
        ),
        (
            &["--file", "adir", "tail"],
            "auditlog: cannot read adir: it is a directory, not a log\n",
        ),
        (
            &["--file", "adir", "list"],
            "auditlog: cannot read adir: it is a directory, not a log\n",
        ),
        (
            &[
                "--file",
                "x.log",
                "record",
                "./login",
                "--time-spent",
                "99999999999",
            ],
            "auditlog: a time spent of 99999999999 minutes is more than an entry may record: at most 525600 minutes (a year)\n",
        ),
        (
            &[
                "--file",
                "x.log",
                "record",
                "./login",
                "--time-spent",
                "2147483640m",
            ],
            "auditlog: a time spent of 2147483640 minutes is more than an entry may record: at most 525600 minutes (a year)\n",
        ),
        (
            &["--file", "week.log", "list", "--since", "2026-02-30"],
            "auditlog: --since: invalid time \"2026-02-30\": February 2026 has 28 days\n",
        ),
        (
            &["--file", "week.log", "list", "--since", "-99999999y"],
            "auditlog: --since: invalid time \"-99999999y\": it lies too far back to be represented (years from -262143 to 262142 are)\n",
        ),
        (
            &["--file", "week.log", "list", "--time-of-day", "06:00-06:00"],
            "auditlog: --time-of-day: the window \"06:00-06:00\" is empty: its start and end are the same; for the whole day give 00:00-24:00\n",
        ),
        (
            &[
                "--file",
                "week.log",
                "--tz",
                "UTC",
                "list",
                "--since",
                "2026-11-20",
                "--until",
                "2026-11-19",
            ],
            "auditlog: the time range is empty: it would begin at 2026-11-20 00:00:00.000 and end before, at 2026-11-19 23:59:59.999; give a --since that is not later than --until\n",
        ),
        (
            &[
                "--file",
                "week.log",
                "--tz",
                "UTC",
                "list",
                "--preset",
                "yesterday",
                "--since",
                "today",
            ],
            "auditlog: the time range is empty: it would begin at 2026-11-23 00:00:00.000 and end before, at 2026-11-22 23:59:59.999; the preset and --since or --until leave no time between them\n",
        ),
    ];
    for (args, stderr) in cases {
        assert_eq!(env.run(args), failed(stderr), "{args:?}");
    }
    assert!(!env.path("x.log").exists());
}

/// `00:00-24:00` was refused, and so were fixed offsets as zones.
#[test]
fn the_whole_day_and_fixed_offsets() {
    let env = Env::new();
    env.fixture("week.log");
    let all = env.run(&["--file", "week.log", "list", "--count"]);
    assert_eq!(all, ok("22\n"));
    assert_eq!(
        env.run(&[
            "--file",
            "week.log",
            "list",
            "--count",
            "--time-of-day",
            "00:00-24:00"
        ]),
        all
    );
    // Berlin is an hour ahead of UTC in November: +01:00 reads the log as Berlin does.
    let berlin = env.run(&[
        "--file",
        "week.log",
        "--tz",
        "Europe/Berlin",
        "list",
        "--preset",
        "today",
        "-o",
        "raw",
    ]);
    let fixed = env.run(&[
        "--file", "week.log", "--tz", "+01:00", "list", "--preset", "today", "-o", "raw",
    ]);
    assert_eq!(fixed, berlin);
    assert_eq!(fixed.stdout.lines().count(), 8);
}

/// `list -n 0` and `tail -n 0` exited 1 although entries matched.
#[test]
fn n_0_says_by_its_exit_code_whether_anything_matched() {
    let env = Env::new();
    env.fixture("week.log");
    for command in ["list", "tail"] {
        assert_eq!(
            env.run(&["--file", "week.log", command, "-n", "0"]),
            ok(""),
            "{command}"
        );
        assert_eq!(
            env.run(&["--file", "week.log", command, "-n", "0", "--user", "nobody"]),
            found(1, ""),
            "{command}"
        );
    }
}

/// The same file given twice was read twice: 44 entries instead of 22.
#[test]
fn a_file_named_twice_is_read_once() {
    let env = Env::new();
    env.fixture("week.log");
    assert_eq!(
        env.run(&[
            "--file",
            "week.log",
            "--file",
            "./week.log",
            "list",
            "--count"
        ]),
        ok("22\n")
    );
}

/// On a terminal, a list that matched nothing printed nothing at all.
#[test]
fn a_list_that_matches_nothing_says_so_on_a_terminal() {
    let env = Env::new();
    env.fixture("week.log");
    assert_eq!(
        env.run_on_terminal(
            &["--file", "week.log", "list", "--user", "nobody"],
            120,
            true
        ),
        Shown {
            code: 1,
            screen: "auditlog: no entries matched\n".into(),
            stderr: String::new()
        }
    );
}

/// The progress line of an export showed `299,378.3196/s`; on a terminal, an export ends
/// with one line saying what it wrote.
#[test]
fn an_export_ends_with_one_line_on_a_terminal() {
    let env = Env::new();
    env.fixture("week.log");
    let out = env.run_on_terminal(&["--file", "week.log", "export", "week.csv"], 120, true);
    let size = fs::metadata(env.path("week.csv")).unwrap().len();
    // The progress line, when it was drawn, is cleared before the last line.
    let last = out.screen.rsplit('\n').nth(1).unwrap_or_default();
    let last = last.rsplit("\u{1b}[2K").next().unwrap_or_default();
    let seconds = last.rsplit(" in ").next().unwrap_or_default();
    assert!(
        seconds.ends_with(" s") && seconds[..seconds.len() - 2].parse::<f64>().is_ok(),
        "{last}"
    );
    assert_eq!(
        last.replace(seconds, "T s"),
        format!(
            "auditlog: exported 22 entries to week.csv ({:.1} kB) in T s",
            size as f64 / 1e3
        )
    );
    // Each rate the progress line showed is a whole number.
    for (at, _) in out.screen.match_indices("/s, ") {
        let rate = out.screen[..at].rsplit('(').next().unwrap_or_default();
        assert!(
            rate.bytes().all(|b| b.is_ascii_digit() || b == b','),
            "a rate of {rate}"
        );
    }
}

// More forms, from JOC's own code.

/// JS7 logs in and out through `./authentication`, a logout's empty reason is two spaces, a
/// failed login says so in the reason, and JobScheduler 1.x named the controller
/// `jobschedulerId`.
#[test]
fn the_forms_joc_writes_read_as_joc_means_them() {
    let env = Env::new();
    env.fixture("joc.log");
    assert_eq!(
        env.run(&["--file", "joc.log", "list", "-o", "plain", "--oldest-first"]),
        ok(
            "jobscheduler_1.11\t2017-02-10 11:39:55.992\taa_ito\t./orders/add\tCONTROLLER\tDemo start for documentation\t-\t-\t20170210T113955.992\n\
            -\t2017-02-10 13:34:57.995\taa_ito\t./login\tIDENTITY\t-\t-\t-\t20170210T133457.995\n\
            -\t2024-03-01 09:59:59.000\troot\t./authentication/login\tIDENTITY\tadministrator,application_manager\t-\t-\t20240301T095959.000\n\
            -\t2024-03-01 10:00:00.000\troot\t./authentication/logout\tIDENTITY\t-\t-\t-\t20240301T100000.000\n\
            -\t2024-03-01 10:00:01.000\troot\t./authentication/login\tIDENTITY\t===> Failed login\t-\t-\t20240301T100001.000\n"
        )
    );
    let logout = env.run(&[
        "--file",
        "joc.log",
        "show",
        "20240301T100000.000",
        "-o",
        "json",
    ]);
    assert!(
        logout.stdout.contains(r#""comment":null"#),
        "{}",
        logout.stdout
    );
    assert_eq!(
        env.run(&[
            "--file",
            "joc.log",
            "list",
            "--controller",
            "jobscheduler_1*",
            "--count"
        ]),
        ok("1\n")
    );
    assert_eq!(
        env.run(&[
            "--file",
            "joc.log",
            "list",
            "--category",
            "identity",
            "--count"
        ]),
        ok("4\n")
    );
    assert_eq!(
        env.run(&["--file", "joc.log", "check"]),
        ok("joc.log: 5 entries, 0 malformed lines, 0 steps back in time\n")
    );
}

/// `check` took the hour repeated when daylight saving ends for time going back, so a log of
/// that night was never clean in its own zone.
#[test]
fn the_repeated_hour_is_not_time_going_back_in_the_logs_zone() {
    let env = Env::new();
    env.fixture("dst.log");
    env.fixture("backwards.log");
    assert_eq!(
        env.run(&["--file", "dst.log", "--tz", "Europe/Berlin", "check"]),
        ok("dst.log: 6 entries, 0 malformed lines, 0 steps back in time\n")
    );
    assert_eq!(
        env.run(&["--file", "backwards.log", "--tz", "Europe/Berlin", "check"]),
        found(
            1,
            "backwards.log:6: time goes back by 5.000s: 2026-10-25T02:29:55,000 after 2026-10-25T02:30:00,000 at line 5\n\
             backwards.log: 6 entries, 0 malformed lines, 1 step back in time\n"
        )
    );
}

/// `r\u{34f}oot` (a combining grapheme joiner) and `ro\u{fe0f}ot` showed as `root` and were
/// written; a reason of only spaces was dropped without a word.
#[test]
fn invisible_characters_in_accounts_and_blank_reasons_are_refused() {
    let env = Env::new();
    for (user, shown) in [
        ("r\u{34f}oot", "r\\u{34f}oot"),
        ("ro\u{fe0f}ot", "ro\\u{fe0f}ot"),
        ("roo\u{3164}t", "roo\u{fffd}t"),
    ] {
        let out = env.run(&["--file", "audit.log", "record", "./login", "--user", user]);
        assert_eq!(
            out,
            failed(&format!(
                "auditlog: invalid account \"{shown}\": it must not be empty, hold control characters or ' - PARAMS: '\n"
            ))
        );
    }
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "record",
            "./login",
            "--user",
            "root",
            "--reason",
            "   "
        ]),
        failed(
            "auditlog: a reason of only white space reads as no reason: give one, or leave the reason out\n"
        )
    );
    assert!(!env.path("audit.log").exists());
}

/// `TZ=/dev/zero` (even for `reasons`), `--config /dev/zero` and a report trend from year 1000
/// read or grew until memory ran out; a FIFO named as the configuration was waited on forever.
#[test]
fn special_files_and_huge_windows_are_refused_before_they_are_read() {
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.env("TZ", "/dev/zero").arg("reasons");
    assert_eq!(
        output(&mut cmd),
        failed("auditlog: TZ names /dev/zero, which is not a zone file: not a regular file\n")
    );
    let mut cmd = env.cmd();
    cmd.env("TZ", ":../../../../dev/zero").arg("reasons");
    assert_eq!(
        output(&mut cmd),
        failed(
            "auditlog: TZ names /usr/share/zoneinfo/../../../../dev/zero, which is not a zone file: not a regular file\n"
        )
    );
    nix::unistd::mkfifo(&env.path("fifo"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    for config in ["/dev/zero", "fifo"] {
        assert_eq!(
            env.run(&["--config", config, "reasons"]),
            failed(&format!(
                "auditlog: cannot read the configuration {config}: not a regular file\n"
            ))
        );
    }
    env.fixture("report.log");
    for (since, periods) in [("-262143y", 95_745_766), ("1000-01-01", 375_066)] {
        assert_eq!(
            env.run(&[
                "--file",
                "report.log",
                "report",
                "--by",
                "account",
                "--trend",
                "day",
                "--since",
                since
            ]),
            failed(&format!(
                "auditlog: a trend by day over this window would show {periods} periods, more than the 3660 it may: give a later --since, or a coarser --trend (week, month)\n"
            ))
        );
    }
    // An entry stamped centuries before the others makes the same window.
    env.write(
        "old.log",
        &(String::from("1000-01-01T00:00:00,000 INFO  REQUEST: ./orders/add - USER: old - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n")
            + &env.read("report.log")),
    );
    let out = env.run(&[
        "--file", "old.log", "report", "--by", "account", "--trend", "month",
    ]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        env.run(&[
            "--file",
            "old.log",
            "report",
            "--by",
            "account",
            "--trend",
            "month",
            "--since",
            "2026-01-01"
        ])
        .code,
        0
    );
}

/// `run --bogus` exited 2, a code the command itself may return.
#[test]
fn run_with_a_bad_flag_exits_125() {
    let env = Env::new();
    let out = env.run(&["run", "--bogus", "--", "true"]);
    assert_eq!(out.code, 125, "{out:?}");
    assert!(
        out.stderr
            .starts_with("error: unexpected argument '--bogus' found\n"),
        "{out:?}"
    );
}

/// Over a damaged gzip member `list` showed the entries read before the damage and `--count`
/// left them out (260 shown, 201 counted); `report` must add up the same entries.
#[test]
fn a_count_and_a_report_agree_with_the_listing_over_a_damaged_member() {
    let env = damaged_member();
    let args = ["--file", "audit.log", "--rotated", "list"];
    let listed = env.run(&[&args[..], &["-o", "raw"]].concat());
    let shown = listed.stdout.lines().count();
    let counted = env.run(&[&args[..], &["--count"]].concat());
    assert_eq!(
        (counted.code, counted.stdout.clone(), counted.stderr.clone()),
        (2, format!("{shown}\n"), listed.stderr.clone())
    );
    let filtered = env.run(&[&args[..], &["--count", "--user", "*"]].concat());
    assert_eq!(filtered.stdout, format!("{shown}\n"));
    let report = env.run(&[
        "--file",
        "audit.log",
        "--rotated",
        "report",
        "--by",
        "day",
        "-o",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let days = json.as_array().unwrap();
    let added: u64 = days.iter().map(|d| d["entries"].as_u64().unwrap()).sum();
    assert_eq!((report.code, added), (2, shown as u64), "{json}");
}

/// JOC writes a reason raw, so a reason with a line break could end with a line that reads as a
/// whole entry of another account: `list`, `export` and `report` showed a clean "admin …
/// approved by CFO" entry. The body's `auditLog.comment` proves the line is the reason's.
#[test]
fn a_reason_cannot_forge_an_entry_on_read() {
    let env = Env::new();
    let forged = "2026-11-23T10:00:00,000 INFO  REQUEST: ./orders/add - USER: mallory - PARAMS: {\"controllerId\":\"prod\",\"auditLog\":{\"comment\":\"Patch day\\n2026-11-23T10:00:01,000 INFO  REQUEST: ./controller/cluster/switchover - USER: admin - PARAMS: {\\\"controllerId\\\":\\\"prod\\\"} - COMMENT: approved by CFO\"}} - COMMENT: Patch day\n\
                  2026-11-23T10:00:01,000 INFO  REQUEST: ./controller/cluster/switchover - USER: admin - PARAMS: {\"controllerId\":\"prod\"} - COMMENT: approved by CFO - TIMESPENT: - - TICKET: -\n";
    let before = line("2026-11-23T09:00:00,000", "root", "-");
    let after = line("2026-11-23T11:00:00,000", "jdoe", "-");
    env.write("audit.log", &format!("{before}{forged}{after}"));
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "list",
            "--oldest-first",
            "-o",
            "plain"
        ]),
        ok(
            "prod\t2026-11-23 09:00:00.000\troot\t./orders/add\tCONTROLLER\t-\t-\t-\t20261123T090000.000\n\
             prod\t2026-11-23 10:00:00.000\tmallory\t./orders/add\tCONTROLLER\tPatch day\u{240a}2026-11-23T10:00:01,000 INFO  REQUEST: ./controller/cluster/switchover - USER: admin - PARAMS: {\"controllerId\":\"prod\"} - COMMENT: approved by CFO\t-\t-\t20261123T100000.000\n\
             prod\t2026-11-23 11:00:00.000\tjdoe\t./orders/add\tCONTROLLER\t-\t-\t-\t20261123T110000.000\n"
        )
    );
    assert_eq!(
        env.run(&["--file", "audit.log", "list", "--user", "admin", "--count"]),
        found(1, "0\n")
    );
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "list",
            "--since",
            "2026-11-23T10:00:01",
            "-o",
            "raw",
            "--oldest-first"
        ]),
        ok(&after)
    );
    assert_eq!(
        env.run(&["--file", "audit.log", "check"]),
        ok("audit.log: 3 entries, 0 malformed lines, 0 steps back in time\n")
    );
    // The same in a log large enough to be read in chunks on every core and sought by time.
    let big = big_log_with(&forged.replace("2026-11-23", "2026-11-22"));
    env.write("big.log", &big);
    assert_eq!(
        env.run(&["--file", "big.log", "list", "--user", "admin", "--count"]),
        found(1, "0\n")
    );
    assert_eq!(
        env.run(&["--file", "big.log", "list", "--user", "mallory", "--count"]),
        ok("1\n")
    );
    assert_eq!(
        env.run(&[
            "--file",
            "big.log",
            "list",
            "--since",
            "2026-11-22T10:00:01",
            "--until",
            "2026-11-22T10:00:01",
            "-o",
            "raw"
        ]),
        ok(&line("2026-11-22T10:00:01,000", "root", "-"))
    );
}

/// Metric names reached the terminal raw in `show`'s Metrics section and in `report
/// --executions` (ESC, BEL, U+202E). Every command and view, on a terminal, over a log that
/// holds every hostile character in every field, shows none of them.
#[test]
fn every_command_and_view_on_a_terminal_shows_no_hostile_character() {
    let env = Env::new();
    let bad = "\u{1b}]52;c;eA==\u{7}\u{1b}[2J\u{202e}x\u{2028}y\u{200b}z\u{34f}w\u{85}v";
    let json = |s: &str| serde_json::to_string(s).unwrap();
    let start = format!(
        "2026-11-23T09:00:00,000 INFO  REQUEST: ./job_executions/start - USER: Scheduled execution - PARAMS: {{\"executionId\":\"20261123-090000-622baa\",\"job\":{j},\"space\":{j},\"trigger\":\"scheduled\",\"host\":{j},\"pid\":1,\"command\":[{j}],\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n",
        j = json(bad)
    );
    let finish = format!(
        "2026-11-23T09:00:01,000 INFO  REQUEST: ./job_executions/finish - USER: Scheduled execution - PARAMS: {{\"executionId\":\"20261123-090000-622baa\",\"job\":{j},\"space\":{j},\"trigger\":\"scheduled\",\"host\":{j},\"pid\":1,\"command\":[{j}],\"status\":\"Failed\",\"exitCode\":1,\"reason\":{j},\"started\":\"2026-11-23T09:00:00.000\",\"ended\":\"2026-11-23T09:00:01.000\",\"durationMs\":1000,\"metrics\":{{{j}:{j},\"n\":1}},\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n",
        j = json(bad)
    );
    let entry = format!(
        "2026-11-23T10:00:00,000 INFO  REQUEST: ./orders/add - USER: r{bad} - PARAMS: {{\"controllerId\":{j},\"workflowPath\":{j}}} - COMMENT: {bad} - TIMESPENT: 5m - TICKET: https://t/{bad}\n",
        j = json(bad)
    );
    env.write("audit.log", &format!("{start}{finish}{entry}"));
    let runs: &[&[&str]] = &[
        &["list", "-o", "table"],
        &["list", "-o", "plain"],
        &["list", "-o", "json"],
        &["list", "-o", "ndjson"],
        &["list", "-o", "csv"],
        &["list", "-o", "raw"],
        &["tail", "-n", "3"],
        &["show", "20261123T100000.000"],
        &["show", "20261123T100000.000", "-o", "json"],
        &["show", "20261123-090000-622baa"],
        &["show", "20261123-090000-622baa", "-o", "json"],
        &["executions"],
        &["executions", "-o", "plain"],
        &["report", "--by", "account"],
        &["report", "--by", "controller,workflow", "-o", "plain"],
        &["report", "--by", "job", "--executions", "--trend", "day"],
        &["report", "--by", "job", "--executions", "-o", "plain"],
        &["check"],
    ];
    for args in runs {
        let all = [&["--color", "never", "--file", "audit.log"][..], args].concat();
        let out = env.run_on_terminal(&all, 200, true);
        let unsafe_at = out
            .screen
            .chars()
            .find(|&c| c != '\n' && c != '\t' && auditlog::safe::is_unsafe_char(c));
        assert_eq!(unsafe_at, None, "{args:?}:\n{}", out.screen);
        assert!(!out.screen.is_empty(), "{args:?}");
    }
}

/// `tail`, `tail -f` and `export` of a FIFO that no writer opens ignored Ctrl-C and SIGTERM:
/// they waited in the open, and only looked at the signal between reads.
#[test]
fn a_fifo_no_one_writes_to_gives_way_to_ctrl_c_and_sigterm() {
    use std::os::unix::process::ExitStatusExt;
    let env = Env::new();
    nix::unistd::mkfifo(&env.path("fifo"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    let cases: &[(&[&str], nix::sys::signal::Signal, i32)] = &[
        (&["tail"], nix::sys::signal::Signal::SIGTERM, 143),
        (&["tail", "-f"], nix::sys::signal::Signal::SIGINT, 130),
        (
            &["export", "out.csv"],
            nix::sys::signal::Signal::SIGTERM,
            143,
        ),
    ];
    for (args, signal, code) in cases {
        let child = env
            .cmd()
            .args([&["--file", "fifo"][..], args].concat())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Let it reach the open that waits for a writer.
        std::thread::sleep(Duration::from_millis(300));
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), *signal).unwrap();
        let out = finish(child, &format!("{args:?} after {signal}"));
        assert_eq!(
            (out.status.code(), out.status.signal()),
            (Some(*code), None),
            "{args:?}"
        );
        assert!(!env.path("out.csv").exists());
    }
}

/// Stamps mostly rise, but a clock set wrong, a restored backup or a forger can write an entry
/// far out of order: every search by time finds it in a file as it does in a stream.
#[test]
fn an_entry_written_a_month_ahead_is_found_by_time_in_a_file_as_on_standard_input() {
    let env = Env::new();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let ahead = line("2026-12-20T09:00:00,000", "ahead", "restored from a backup");
    let mut text = String::new();
    for i in 0..3000 {
        let stamp = (start + chrono::Duration::minutes(10 * i)).format("%Y-%m-%dT%H:%M:%S,000");
        text.push_str(&line(&stamp.to_string(), "root", "-"));
        if i == 1000 {
            text.push_str(&ahead);
        }
    }
    fs::write(env.path("audit.log"), &text).unwrap();
    for args in [
        &["list", "--since", "2026-12-01", "-o", "raw"][..],
        &["list", "--since", "2026-12-01", "-n", "1", "-o", "raw"],
        &[
            "list",
            "--since",
            "2026-12-15",
            "--until",
            "2026-12-31",
            "-o",
            "raw",
        ],
    ] {
        let on_stdin = [&["--file", "-"][..], args].concat();
        assert_eq!(env.run_with_stdin(&on_stdin, &text), ok(&ahead), "{args:?}");
        let on_file = [&["--file", "audit.log"][..], args].concat();
        assert_eq!(env.run(&on_file), ok(&ahead), "{args:?}");
    }
    assert_eq!(
        env.run(&[
            "--file",
            "audit.log",
            "list",
            "--since",
            "2026-12-01",
            "--count"
        ]),
        ok("1\n")
    );
}

/// Without a body that says where a reason ends, a line after an entry left open may be an
/// entry of its own or the rest of that entry's reason. Every reader reads it as an entry and
/// says both readings; none shows it as if nothing were in doubt.
#[test]
fn an_entry_that_may_be_part_of_the_reason_before_it_is_shown_with_both_readings() {
    let env = Env::new();
    let open = "2026-11-23T10:00:00,000 INFO  REQUEST: ./orders/add - USER: mallory - PARAMS: {\"controllerId\":\"prod\"} - COMMENT: Patch day\n";
    let admin = "2026-11-23T10:00:01,000 INFO  REQUEST: ./controller/cluster/switchover - USER: admin - PARAMS: {\"controllerId\":\"prod\"} - COMMENT: approved by CFO - TIMESPENT: - - TICKET: -\n";
    let before = line("2026-11-23T09:00:00,000", "root", "-");
    let after = line("2026-11-23T11:00:00,000", "jdoe", "-");
    let text = format!("{before}{open}{admin}{after}");
    env.write("audit.log", &text);
    let doubt = |file: &str, line: u64| {
        let day = if file == "big.log" { 22 } else { 23 };
        format!(
            "auditlog: {file}:{line}: read as an entry, but the entry before it has no ' - TIMESPENT: … - TICKET: …': either that entry was cut short, or its reason goes on and this line is part of it: \"2026-11-{day}T10:00:01,000 INFO  REQUEST: ./controller/cluster/…\"\n"
        )
    };
    let warned = |stdout: &str, stderr: String| Out {
        code: 0,
        stdout: stdout.to_owned(),
        stderr,
    };
    let plain_admin = "prod\t2026-11-23 10:00:01.000\tadmin\t./controller/cluster/switchover\tCONTROLLER\tapproved by CFO\t-\t-\t20261123T100001.000\n";
    for args in [
        &["list", "--user", "admin", "-o", "plain"][..],
        &["list", "--grep", "CFO", "-o", "plain"],
        &[
            "list",
            "--since",
            "2026-11-23T10:00:01",
            "--until",
            "2026-11-23T10:30",
            "-o",
            "plain",
        ],
        &[
            "list",
            "--until",
            "2026-11-23T10:30",
            "-n",
            "1",
            "-o",
            "plain",
        ],
    ] {
        let on_file = [&["--file", "audit.log"][..], args].concat();
        assert_eq!(
            env.run(&on_file),
            warned(plain_admin, doubt("audit.log", 3)),
            "{args:?}"
        );
        let on_stdin = [&["--file", "-"][..], args].concat();
        assert_eq!(
            env.run_with_stdin(&on_stdin, &text),
            warned(plain_admin, doubt("-", 3)),
            "{args:?}"
        );
    }
    assert_eq!(
        env.run(&["--file", "audit.log", "list", "--user", "admin", "--count"]),
        warned("1\n", doubt("audit.log", 3))
    );
    // Entries that follow closed ones are said nothing of.
    assert_eq!(
        env.run(&["--file", "audit.log", "list", "--user", "jdoe", "--count"]),
        ok("1\n")
    );
    // `show` warns too; `check` flags the open entry, even as the first line of a file.
    let shown = env.run(&["--file", "audit.log", "show", "20261123T100001.000"]);
    assert_eq!((shown.code, shown.stderr), (0, doubt("audit.log", 3)));
    env.write("pair.log", &format!("{open}{admin}"));
    assert_eq!(
        env.run(&["--file", "pair.log", "check"]),
        found(
            1,
            "pair.log:1: cut short?: the entry has no ' - TIMESPENT: … - TICKET: …', which JS7 writes (a write cut short, or a reason that goes on in what reads as the next entry)\n\
             pair.log: 2 entries, 0 malformed lines, 0 steps back in time, 1 sign of a write cut short\n"
        )
    );
    let report = env.run(&[
        "--file",
        "audit.log",
        "report",
        "--by",
        "account",
        "-o",
        "csv",
    ]);
    assert_eq!(report.stderr, doubt("audit.log", 3));
    let export = env.run(&["--file", "audit.log", "export", "-", "--format", "csv"]);
    assert_eq!((export.code, export.stderr), (0, doubt("audit.log", 3)));
    // In a log read in chunks on every core, and with a prefilter: the same.
    let big = big_log_with(&format!("{open}{admin}").replace("2026-11-23", "2026-11-22"));
    env.write("big.log", &big);
    for args in [
        &["list", "--user", "admin", "--count"][..],
        &["list", "--grep", "CFO", "--count"],
        &["list", "--request", "./controller/*", "--count"],
        &[
            "list",
            "--since",
            "2026-11-22T10:00:01",
            "--until",
            "2026-11-22T10:00:01",
            "--user",
            "admin",
            "--count",
        ],
    ] {
        let on_file = [&["--file", "big.log"][..], args].concat();
        assert_eq!(
            env.run(&on_file),
            warned("1\n", doubt("big.log", 36_003)),
            "{args:?}"
        );
    }
}
