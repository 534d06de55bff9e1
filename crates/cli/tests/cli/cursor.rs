//! `--cursor-file` as a shipper uses it: only what came after the last run, across appends,
//! rotation (renamed and gzipped), truncation, and a run killed between its output and saving
//! the cursor.

use std::fs;
use std::process::Stdio;
use std::time::Duration;

use super::{Env, Out, output};

fn line(stamp: &str, user: &str) -> String {
    format!(
        "{stamp} INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
    )
}

impl Env {
    fn append(&self, text: &str) {
        let mut log = fs::read_to_string(self.path("audit.log")).unwrap_or_default();
        log.push_str(text);
        self.write("audit.log", &log);
    }

    fn after(&self, args: &[&str]) -> Out {
        let mut cmd = self.cmd();
        cmd.args(["--file", "audit.log"]).args(args);
        output(&mut cmd)
    }
}

#[test]
fn list_prints_only_what_came_after_the_cursor() {
    let env = Env::new();
    env.write(
        "audit.log",
        &[
            line("2026-11-23T10:00:00,000", "a"),
            line("2026-11-23T10:01:00,000", "b"),
        ]
        .concat(),
    );
    let first = env.after(&["list", "--cursor-file", "cursor", "--show-cursor"]);
    assert_eq!(
        first.stdout,
        [
            line("2026-11-23T10:00:00,000", "a"),
            line("2026-11-23T10:01:00,000", "b")
        ]
        .concat()
    );
    let cursor = env.read("cursor");
    assert_eq!(first.stderr, format!("cursor: {cursor}"));
    assert!(
        cursor.starts_with("{\"file\":\"")
            && cursor.contains(
                "\"offset\":114,\"len\":114,\"stamp\":\"2026-11-23T10:01:00,000\",\"hash\":\""
            ),
        "{cursor}"
    );
    // Nothing new: nothing printed, exit 1, the cursor as it was.
    assert_eq!(
        env.after(&["list", "--cursor-file", "cursor"]),
        Out {
            code: 1,
            stdout: String::new(),
            stderr: String::new()
        }
    );
    assert_eq!(env.read("cursor"), cursor);
    env.append(
        &[
            line("2026-11-23T10:02:00,000", "c"),
            line("2026-11-23T10:02:00,000", "d"),
            line("2026-11-23T10:03:00,000", "e"),
        ]
        .concat(),
    );
    // -n takes the next two; the rest comes next time. References go on across runs (~2).
    assert_eq!(
        env.after(&["list", "--cursor-file", "cursor", "-n", "2", "-o", "plain"])
            .stdout,
        "-\t2026-11-23 10:02:00.000\tc\t./orders/add\tCONTROLLER\t-\t-\t-\t20261123T100200.000\n\
         -\t2026-11-23 10:02:00.000\td\t./orders/add\tCONTROLLER\t-\t-\t-\t20261123T100200.000~2\n"
    );
    assert_eq!(
        env.after(&["list", "--cursor-file", "cursor", "--user", "zz"])
            .code,
        1,
        "filtered out, and still read past"
    );
    env.append(&line("2026-11-23T10:04:00,000", "f"));
    assert_eq!(
        env.after(&["list", "--cursor-file", "cursor"]).stdout,
        line("2026-11-23T10:04:00,000", "f")
    );
}

#[test]
fn a_rotated_and_gzipped_file_is_found_by_its_content() {
    let env = Env::new();
    env.write("audit.log", &line("2026-11-23T10:00:00,000", "a"));
    env.after(&["list", "--cursor-file", "cursor"]);
    // JOC appends, rotates (renames, goes on in a new file) and compresses.
    env.append(&line("2026-11-23T10:01:00,000", "b"));
    fs::rename(env.path("audit.log"), env.path("audit.log.1")).unwrap();
    env.write("audit.log", &line("2026-11-23T10:02:00,000", "c"));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, env.read("audit.log.1").as_bytes()).unwrap();
    fs::write(env.path("audit.log.1.gz"), gz.finish().unwrap()).unwrap();
    fs::remove_file(env.path("audit.log.1")).unwrap();
    let saved = env.read("cursor");
    assert_eq!(
        env.after(&["--rotated", "list", "--cursor-file", "cursor"]),
        super::ok(
            &[
                line("2026-11-23T10:01:00,000", "b"),
                line("2026-11-23T10:02:00,000", "c")
            ]
            .concat()
        )
    );
    // Without --rotated the old file is not looked for: the new one is read from its start,
    // and what the old one got after the cursor is said to be missed.
    env.write("cursor", &saved);
    assert_eq!(
        env.after(&["list", "--cursor-file", "cursor"]),
        Out {
            code: 0,
            stdout: line("2026-11-23T10:02:00,000", "c"),
            stderr: "auditlog: no log holds the entry the cursor names (rotated away, or deleted; --rotated reads rotated files): every log is read from its start\n".to_owned(),
        }
    );
}

#[test]
fn a_truncated_log_is_said_and_read_again_from_its_start() {
    let env = Env::new();
    env.write(
        "audit.log",
        &[
            line("2026-11-23T10:00:00,000", "a"),
            line("2026-11-23T10:01:00,000", "b"),
        ]
        .concat(),
    );
    env.after(&["list", "--cursor-file", "cursor"]);
    // Cut in place (the same file) and written again.
    fs::OpenOptions::new()
        .write(true)
        .open(env.path("audit.log"))
        .unwrap()
        .set_len(0)
        .unwrap();
    env.append(&line("2026-11-23T11:00:00,000", "x"));
    assert_eq!(
        env.after(&["list", "--cursor-file", "cursor"]),
        Out {
            code: 0,
            stdout: line("2026-11-23T11:00:00,000", "x"),
            stderr: "auditlog: the entry the cursor names is no longer where it was in audit.log: it was truncated, rewritten or replaced, and is read again from its start\n".to_owned(),
        }
    );
}

#[test]
fn tail_and_export_read_on_from_the_same_kind_of_cursor() {
    let env = Env::new();
    env.write("audit.log", &line("2026-11-23T10:00:00,000", "a"));
    assert_eq!(
        env.after(&["tail", "--cursor-file", "c1"]).stdout,
        line("2026-11-23T10:00:00,000", "a")
    );
    assert_eq!(
        env.after(&["export", "x.ndjson", "--cursor-file", "c2", "-q"])
            .code,
        0
    );
    env.append(&line("2026-11-23T10:01:00,000", "b"));
    assert_eq!(
        env.after(&["tail", "--cursor-file", "c1"]).stdout,
        line("2026-11-23T10:01:00,000", "b")
    );
    assert_eq!(
        env.after(&["export", "y.ndjson", "--cursor-file", "c2", "-q"])
            .code,
        0
    );
    // The one entry after the cursor, as list writes it.
    let listed = env.after(&["list", "--since", "2026-11-23T10:01:00", "-o", "ndjson"]);
    assert_eq!(env.read("y.ndjson"), listed.stdout);
    assert_eq!(env.read("c1"), env.read("c2"));
}

#[test]
fn tail_follow_saves_the_cursor_as_it_prints() {
    let env = Env::new();
    env.write("audit.log", &line("2026-11-23T10:00:00,000", "a"));
    let mut child = env
        .cmd()
        .args([
            "--file",
            "audit.log",
            "tail",
            "-f",
            "--cursor-file",
            "cursor",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut got = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut got).unwrap();
    env.append(&line("2026-11-23T10:01:00,000", "b"));
    std::io::BufRead::read_line(&mut stdout, &mut got).unwrap();
    assert_eq!(
        got,
        [
            line("2026-11-23T10:00:00,000", "a"),
            line("2026-11-23T10:01:00,000", "b")
        ]
        .concat()
    );
    // The cursor is saved once the entry is out: give the follower its moment, then stop it.
    let mut saved = false;
    for _ in 0..100 {
        if env.read("cursor").contains("10:01:00,000") {
            saved = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(saved, "{}", env.read("cursor"));
    env.append(&line("2026-11-23T10:02:00,000", "c"));
    assert_eq!(
        env.after(&["list", "--cursor-file", "cursor"]).stdout,
        line("2026-11-23T10:02:00,000", "c")
    );
}

#[test]
fn a_run_killed_between_output_and_saving_repeats_and_never_skips() {
    let env = Env::new();
    let mut appended = Vec::new();
    let mut runs: Vec<Vec<String>> = Vec::new();
    for round in 0..30u64 {
        for k in 0..(1 + round % 4) {
            let user = format!("u{round}-{k}");
            env.append(&line(
                &format!("2026-11-23T10:{:02}:{:02},000", round, k),
                &user,
            ));
            appended.push(user);
        }
        let child = env
            .cmd()
            .args([
                "--file",
                "audit.log",
                "list",
                "--cursor-file",
                "cursor",
                "-o",
                "raw",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        std::thread::sleep(Duration::from_micros(500 * (round % 12)));
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
        let out = child.wait_with_output().unwrap();
        runs.push(users(&out.stdout));
    }
    let last = env.after(&["list", "--cursor-file", "cursor", "-o", "raw"]);
    runs.push(users(last.stdout.as_bytes()));
    // Each run starts at or before the entry after the last one seen: nothing is skipped, and
    // what repeats is only the end of what came out before.
    let mut seen = 0;
    for (i, run) in runs.iter().enumerate() {
        let Some(first) = run.first() else { continue };
        let at = appended.iter().position(|u| u == first).unwrap();
        assert!(at <= seen, "run {i} skipped from {seen} to {at}: {runs:?}");
        assert_eq!(run[..], appended[at..at + run.len()], "run {i}");
        seen = seen.max(at + run.len());
    }
    assert_eq!(seen, appended.len(), "{runs:?}");
}

/// The accounts of the whole entries in raw output (a run killed while writing may leave
/// half a line).
fn users(raw: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(raw)
        .split_inclusive('\n')
        .filter(|l| l.ends_with('\n'))
        .filter_map(|l| {
            l.split("USER: ")
                .nth(1)?
                .split(' ')
                .next()
                .map(str::to_owned)
        })
        .collect()
}

#[test]
fn a_cursor_file_that_holds_no_cursor_is_an_error_and_a_false_one_reads_from_the_start() {
    let env = Env::new();
    env.write("audit.log", &line("2026-11-23T10:00:00,000", "a"));
    env.write("cursor", "{\"file\":1}\n");
    let bad = env.after(&["list", "--cursor-file", "cursor"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .starts_with("auditlog: cursor file cursor does not hold a cursor: "),
        "{bad:?}"
    );
    // A cursor that names the log's first line but a frame it does not hold, however long.
    env.after(&["list", "--cursor-file", "good"]);
    let forged = env
        .read("good")
        .replace("\"len\":114", "\"len\":99999999999");
    env.write("cursor", &forged);
    assert_eq!(
        env.after(&["list", "--cursor-file", "cursor"]),
        Out {
            code: 0,
            stdout: line("2026-11-23T10:00:00,000", "a"),
            stderr: "auditlog: the entry the cursor names is no longer where it was in audit.log: it was truncated, rewritten or replaced, and is read again from its start\n".to_owned(),
        }
    );
}

/// A cursor file in a directory that is not there was found out only after every entry was
/// printed, so a shipper sent everything again on every run. It is refused before anything is
/// printed.
#[test]
fn a_cursor_that_cannot_be_saved_is_refused_before_anything_is_printed() {
    let env = Env::new();
    env.fixture("dst.log");
    let out = env.run(&[
        "--file",
        "dst.log",
        "list",
        "-o",
        "ndjson",
        "--cursor-file",
        "missing/ship.cursor",
    ]);
    assert_eq!(
        out,
        Out {
            code: 2,
            stdout: String::new(),
            stderr: "auditlog: cursor file missing/ship.cursor: No such file or directory (os error 2)\n"
                .to_owned()
        }
    );
}
