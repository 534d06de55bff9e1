//! `seal` and `verify` as an admin, cron and an attacker use them: the key printed once, edits
//! named by line, rotation followed, concurrent sealing writers, a sealer killed mid-way, and a
//! seal made again with the key found on the host.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;
use std::time::Duration;

use super::{Env, Out, output};

fn line(stamp: &str, user: &str) -> String {
    format!(
        "{stamp} INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: {{\"controllerId\":\"prod\"}} - COMMENT: - - TIMESPENT: - - TICKET: -\n"
    )
}

impl Env {
    /// The binary on `audit.log` in UTC at `now`.
    pub(super) fn at(&self, now: &str, args: &[&str]) -> Out {
        let mut cmd = self.cmd();
        cmd.env("AUDITLOG_NOW", now)
            .args(["--tz", "UTC", "--file", "audit.log"])
            .args(args);
        output(&mut cmd)
    }

    /// `seal init` at 08:00; the verification key is kept in `key` (as one would off the host).
    fn sealed_at_eight(&self, log: &str) -> String {
        self.write("audit.log", log);
        let out = self.at("2026-11-24T08:00:00", &["seal", "init"]);
        assert_eq!(out.code, 0, "{out:?}");
        self.write("key", &out.stdout);
        out.stdout.trim().to_owned()
    }

    fn verify(&self, now: &str) -> Out {
        self.at(now, &["verify", "--key-file", "key"])
    }
}

#[test]
fn init_prints_the_key_alone_keeps_the_state_private_and_refuses_to_run_twice() {
    let env = Env::new();
    let key = env.sealed_at_eight(&line("2026-11-24T07:59:00,000", "root"));
    let (hex, epochs) = key.split_once('/').unwrap();
    assert!(
        hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        "{key}"
    );
    // 2026-11-24T08:00:00Z, and 15 minutes.
    assert_eq!(epochs, "1795507200-900");
    let mode = |name: &str| fs::metadata(env.path(name)).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        (mode("audit.log.seal-key"), mode("audit.log.seal")),
        (0o600, 0o600)
    );
    assert_eq!(env.read("audit.log.seal"), "");
    // The host holds key 0 until epoch 0 ends, and then never again.
    assert!(
        env.read("audit.log.seal-key")
            .contains(&format!("\"epoch\":0,\"key\":\"{hex}\""))
    );
    env.at("2026-11-24T08:15:00", &["seal", "-q"]);
    assert!(!env.read("audit.log.seal-key").contains(hex));

    let again = env.at("2026-11-24T08:05:00", &["seal", "init"]);
    assert_eq!(
        again,
        Out {
            code: 2,
            stdout: String::new(),
            stderr: "auditlog: audit.log.seal-key exists: the log is sealed already; `auditlog seal init --force` starts a new seal and records that it did\n".to_owned(),
        }
    );
}

#[test]
fn init_with_force_records_who_replaced_the_seal_and_keeps_the_old_one() {
    let env = Env::new();
    env.sealed_at_eight(&line("2026-11-24T07:59:00,000", "root"));
    assert_eq!(env.at("2026-11-24T08:01:00", &["seal", "--quiet"]).code, 0);
    let old_records = env.read("audit.log.seal");
    let head = env.at("2026-11-24T08:01:00", &["seal", "--head"]).stdout;
    let forced = env
        .cmd()
        .env("AUDITLOG_NOW", "2026-11-24T09:00:00")
        .env("SUDO_USER", "jdoe")
        .args([
            "--tz",
            "UTC",
            "--file",
            "audit.log",
            "seal",
            "init",
            "--force",
            "--reason",
            "Key lost",
        ])
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(
        env.read("audit.log"),
        format!(
            "{}2026-11-24T09:00:00,000 INFO  REQUEST: ./auditlog/seal/init - USER: jdoe - PARAMS: {{\"force\":true,\"epoch\":\"15m\",\"replacedHead\":\"{}\",\"auditLog\":{{\"comment\":\"Key lost\"}}}} - COMMENT: Key lost - TIMESPENT: - - TICKET: -\n",
            line("2026-11-24T07:59:00,000", "root"),
            head.trim()
        )
    );
    assert_eq!(
        env.read("audit.log.seal.replaced-20261124T090000Z"),
        old_records
    );
    assert_eq!(env.read("audit.log.seal"), "");
    assert_ne!(
        env.read("key").trim(),
        String::from_utf8(forced.stdout).unwrap().trim()
    );
}

#[test]
fn a_sealed_log_verifies_and_an_edited_entry_is_named_by_line() {
    let env = Env::new();
    let log = [
        line("2026-11-24T07:58:00,000", "root"),
        line("2026-11-24T07:59:00,000", "jdoe"),
        line("2026-11-24T07:59:30,000", "root"),
    ]
    .concat();
    env.sealed_at_eight(&log);
    assert_eq!(
        env.at("2026-11-24T08:00:00", &["seal"]),
        super::ok(
            "sealed audit.log: bytes 0 to 417, 3 lines, 3 entries, as seal record 0 in epoch 0\n"
        )
    );
    assert_eq!(
        env.at("2026-11-24T08:01:00", &["seal"]),
        super::ok("nothing new to seal in audit.log\n")
    );
    assert_eq!(
        env.verify("2026-11-24T09:00:00"),
        super::ok(
            "audit.log: sealed by 1 record: 3 lines, 3 entries\nintact: 1 seal record, the newest made 2026-11-24T08:00:00Z in epoch 0; 0 warnings\n"
        )
    );
    env.write("audit.log", &log.replace("USER: jdoe", "USER: jdoa"));
    assert_eq!(
        env.verify("2026-11-24T09:00:00"),
        Out {
            code: 1,
            stdout: "audit.log:2: changed since it was sealed\naudit.log: sealed by 1 record: 3 lines, 3 entries\nNOT INTACT: 1 failure, 0 warnings\n".to_owned(),
            stderr: String::new(),
        }
    );
    let bad_key = env.at("2026-11-24T09:00:00", &["verify", "--key", "00ff/12"]);
    assert_eq!(
        bad_key,
        super::failed(
            "auditlog: invalid verification key: a verification key reads KEY/START-SECONDS: 64 hexadecimal digits, a slash, the start of epoch 0 in seconds since 1970, a dash and the length of an epoch in seconds, as `auditlog seal init` printed it\n"
        )
    );
}

#[test]
fn rotation_is_followed_and_a_deleted_rotated_file_is_named() {
    let env = Env::new();
    env.sealed_at_eight(&line("2026-11-24T07:59:00,000", "root"));
    env.at("2026-11-24T08:00:00", &["seal", "-q"]);
    // JOC appends, then log4j2 rotates and compresses; the new log gets a line.
    let mut old = env.read("audit.log");
    old.push_str(&line("2026-11-24T08:10:00,000", "jdoe"));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, old.as_bytes()).unwrap();
    fs::write(env.path("audit-2026-11-24-1.log.gz"), gz.finish().unwrap()).unwrap();
    env.write("audit.log", &line("2026-11-24T08:12:00,000", "root"));
    assert_eq!(
        env.at("2026-11-24T08:15:00", &["seal"]).stdout,
        "sealed audit-2026-11-24-1.log.gz: bytes 139 to 278, 1 lines, 1 entries, as seal record 1 in epoch 1\n\
         sealed audit.log: bytes 0 to 139, 1 lines, 1 entries, as seal record 2 in epoch 1\n"
    );
    assert_eq!(
        env.verify("2026-11-24T08:20:00"),
        super::ok(
            "audit-2026-11-24-1.log.gz: sealed by 2 records: 2 lines, 2 entries\naudit.log: sealed by 1 record: 1 line, 1 entry\nintact: 3 seal records, the newest made 2026-11-24T08:15:00Z in epoch 1; 0 warnings\n"
        )
    );
    fs::remove_file(env.path("audit-2026-11-24-1.log.gz")).unwrap();
    assert_eq!(
        env.verify("2026-11-24T08:20:00"),
        Out {
            code: 1,
            stdout: "audit.log.seal:1: the file sealed as audit.log (seal records 0 to 1, 2 lines, entries 2026-11-24T07:59:00,000 to 2026-11-24T08:10:00,000) is missing: a rotated file was deleted or moved away\naudit.log: sealed by 1 record: 1 line, 1 entry\nNOT INTACT: 1 failure, 0 warnings\n".to_owned(),
            stderr: String::new(),
        }
    );
}

#[test]
fn seal_records_deleted_and_made_again_with_the_key_on_the_host_are_caught() {
    let env = Env::new();
    env.sealed_at_eight(&line("2026-11-24T07:59:00,000", "root"));
    env.at("2026-11-24T08:00:00", &["seal", "-q"]);
    env.at(
        "2026-11-24T08:50:00",
        &["record", "./orders/add", "--user", "jdoe"],
    );
    env.at("2026-11-24T08:50:00", &["seal", "-q"]);
    // Root edits the first entry and deletes the seal records: the sealer will not begin again.
    env.write(
        "audit.log",
        &env.read("audit.log").replace("USER: root", "USER: rooT"),
    );
    env.write("audit.log.seal", "");
    assert_eq!(
        env.at("2026-11-24T08:55:00", &["seal"]),
        super::failed(
            "auditlog: audit.log.seal holds no seal records, but the sealing state in audit.log.seal-key has sealed before (its key is at epoch 3): the seal records were deleted. Nothing was sealed; `auditlog verify` with the verification key says what is intact, and `auditlog seal init --force` starts a new seal\n"
        )
    );
    // So root gives the state a genesis value of their own, and it seals with the key of epoch
    // 3 it holds; the first record then does not come from key 0.
    let state = env.read("audit.log.seal-key").replace(
        "\"}\n",
        &format!("\",\"genesis\":\"{}\"}}\n", "ab".repeat(32)),
    );
    env.write("audit.log.seal-key", &state);
    assert_eq!(env.at("2026-11-24T08:55:00", &["seal", "-q"]).code, 0);
    assert_eq!(
        env.verify("2026-11-24T09:00:00"),
        Out {
            code: 1,
            stdout: "audit.log.seal:1: the seal does not start at the initial epoch: its first record (epoch 3) was not made from the verification key, so the seal records were deleted and made again with a later key\n\
                     audit.log: sealed by 1 record: 2 lines, 2 entries\n\
                     NOT INTACT: 1 failure, 0 warnings\n"
                .to_owned(),
            stderr: String::new(),
        }
    );
    // Winding the state back to epoch 0 with that key only makes records no key verifies.
    let wound = env
        .read("audit.log.seal-key")
        .replace("\"epoch\":3", "\"epoch\":0");
    env.write("audit.log.seal-key", &wound);
    env.write("audit.log.seal", "");
    assert_eq!(env.at("2026-11-24T08:56:00", &["seal", "-q"]).code, 2);
}

#[test]
fn concurrent_records_that_seal_still_verify() {
    let env = Env::new();
    env.sealed_at_eight("");
    env.write("config/auditlog.toml", "seal = true\n");
    let children: Vec<_> = (0..16)
        .map(|i| {
            env.cmd()
                .env("AUDITLOG_NOW", "2026-11-24T08:05:00")
                .args([
                    "--tz",
                    "UTC",
                    "--file",
                    "audit.log",
                    "--config",
                    "config/auditlog.toml",
                ])
                .args([
                    "record",
                    "./orders/add",
                    "--user",
                    &format!("u{i}"),
                    "--no-sync",
                ])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let out = env.verify("2026-11-24T08:10:00");
    assert_eq!(out.code, 0, "{out:?}");
    let records = env.read("audit.log.seal").lines().count();
    assert!((1..=16).contains(&records));
    assert_eq!(
        out.stdout,
        format!(
            "audit.log: sealed by {records} record{}: 16 lines, 16 entries\nintact: {records} seal record{}, the newest made 2026-11-24T08:05:00Z in epoch 0; 0 warnings\n",
            if records == 1 { "" } else { "s" },
            if records == 1 { "" } else { "s" }
        )
    );
}

#[test]
fn a_sealer_killed_at_any_moment_leaves_a_seal_that_verifies() {
    let mut log = String::new();
    for i in 0..120_000 {
        let stamp = format!(
            "2026-11-24T07:{:02}:{:02},{:03}",
            i / 2000 % 60,
            i / 40 % 60,
            i % 1000
        );
        log.push_str(&line(&stamp, &format!("u{}", i % 7)));
    }
    let binary = std::env::var_os("AUDITLOG_TEST_BINARY")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_auditlog").into());
    let mut cut_short = 0;
    for delay in [0u64, 5, 10, 20, 30, 45, 60, 80, 100, 130, 160, 200] {
        let env = Env::new();
        env.sealed_at_eight(&log);
        // In epoch 1 the sealer first moves the key on, then reads and hashes the log, then
        // appends its record: it is killed somewhere along the way.
        let mut child = Command::new(&binary)
            .current_dir(env.path(""))
            .env("AUDITLOG_NOW", "2026-11-24T08:20:00")
            .args(["--tz", "UTC", "--file", "audit.log", "seal", "-q"])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let finished = !env.read("audit.log.seal").is_empty();
        if env.read("audit.log.seal-key").contains("\"epoch\":1") && !finished {
            cut_short += 1;
        }
        let made = if finished { "08:20" } else { "08:21" };
        let out = env.at("2026-11-24T08:21:00", &["seal", "-q"]);
        assert_eq!(out.code, 0, "killed after {delay} ms: {out:?}");
        assert_eq!(
            env.verify("2026-11-24T08:22:00"),
            super::ok(&format!(
                "audit.log: sealed by 1 record: 120000 lines, 120000 entries\nintact: 1 seal record, the newest made 2026-11-24T{made}:00Z in epoch 1; 0 warnings\n"
            )),
            "killed after {delay} ms"
        );
    }
    assert!(
        cut_short > 0,
        "no kill landed between moving the key on and writing the record"
    );
}

#[test]
fn a_fifo_or_standard_input_is_refused_with_a_reason() {
    let env = Env::new();
    nix::unistd::mkfifo(&env.path("audit.log"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    assert_eq!(
        env.at("2026-11-24T08:00:00", &["seal", "init"]),
        super::failed("auditlog: cannot seal audit.log: not a regular file\n")
    );
    env.write("audit.log.seal", "");
    env.write("audit.log.seal-key", "{}");
    assert_eq!(
        env.at(
            "2026-11-24T08:00:00",
            &["verify", "--key", &format!("{}/0-900", "0".repeat(64))]
        ),
        super::failed("auditlog: cannot verify audit.log: not a regular file\n")
    );
    let stdin = env.cmd().args(["--file", "-", "seal"]).output().unwrap();
    assert_eq!(
        String::from_utf8(stdin.stderr).unwrap(),
        "auditlog: a seal lies beside a log file: name one with --file PATH, not standard input\n"
    );
}

#[test]
fn file_names_and_stamps_from_the_seal_reach_the_terminal_escaped() {
    let env = Env::new();
    let log = "audit\u{1b}[31m.log";
    env.write(log, &line("2026-11-24T07:59:00,000", "root"));
    let at = |args: &[&str]| {
        let mut cmd = env.cmd();
        cmd.env("AUDITLOG_NOW", "2026-11-24T08:00:00")
            .args(["--tz", "UTC", "--file", log])
            .args(args);
        output(&mut cmd)
    };
    let key = at(&["seal", "init"]).stdout;
    assert_eq!(
        at(&["seal"]).stdout,
        "sealed audit␛[31m.log: bytes 0 to 139, 1 lines, 1 entries, as seal record 0 in epoch 0\n"
    );
    fs::remove_file(env.path(log)).unwrap();
    let out = at(&["verify", "--key", key.trim()]);
    assert_eq!(out.code, 1);
    assert!(!out.stdout.contains('\u{1b}'), "{out:?}");
    assert_eq!(
        out.stdout,
        "audit␛[31m.log.seal:1: the file sealed as audit␛[31m.log (seal records 0 to 0, 1 line, entries 2026-11-24T07:59:00,000 to 2026-11-24T07:59:00,000) is missing: a rotated file was deleted or moved away\nNOT INTACT: 1 failure, 0 warnings\n"
    );
}

/// An emptied seal file once verified as `intact: 0 seal records` (exit 0), and a deleted one
/// was an error: an edit hid behind either. Every entry written after sealing began and more
/// than --max-delay ago must be covered.
#[test]
fn an_emptied_or_deleted_seal_fails_and_names_the_first_entry_it_should_cover() {
    let env = Env::new();
    env.sealed_at_eight(&line("2026-11-24T07:59:00,000", "root"));
    for (at, user) in [("08:10", "jdoe"), ("08:40", "ops"), ("09:10", "jdoe")] {
        let now = format!("2026-11-24T{at}:00");
        env.at(&now, &["record", "./orders/add", "--user", user]);
        env.at(&now, &["seal", "-q"]);
    }
    let intact = "audit.log: sealed by 3 records: 4 lines, 4 entries\n\
                  intact: 3 seal records, the newest made 2026-11-24T09:10:00Z in epoch 4; 0 warnings\n";
    assert_eq!(env.verify("2026-11-24T10:00:00"), super::ok(intact));
    env.write(
        "audit.log",
        &env.read("audit.log").replace("USER: ops", "USER: opz"),
    );
    let due = "audit.log: warning: no seal record covers this file: it was written before `auditlog seal init`, or rotated away before it was sealed\n\
               audit.log:3: the entry stamped 2026-11-24T08:40:00,000 is not sealed, though it was written after sealing began and more than --max-delay ago: seal records were removed, or `auditlog seal` has not run (1 more entries of this file too)\n";
    env.write("audit.log.seal", "");
    assert_eq!(
        env.verify("2026-11-24T10:00:00"),
        Out {
            code: 1,
            stdout: format!("{due}NOT INTACT: 1 failure, 1 warning\n"),
            stderr: String::new(),
        }
    );
    let gone = format!(
        "audit.log.seal: the seal file is missing: it was deleted, or this log was never sealed\n{due}NOT INTACT: 2 failures, 1 warning\n"
    );
    fs::remove_file(env.path("audit.log.seal")).unwrap();
    assert_eq!(
        env.verify("2026-11-24T10:00:00"),
        Out {
            code: 1,
            stdout: gone.clone(),
            stderr: String::new(),
        }
    );
    fs::remove_file(env.path("audit.log.seal-key")).unwrap();
    assert_eq!(
        env.verify("2026-11-24T10:00:00"),
        Out {
            code: 1,
            stdout: gone,
            stderr: String::new(),
        }
    );
}

/// "intact" once stood for a seal that covered nothing.
#[test]
fn a_seal_that_covers_nothing_yet_is_not_called_intact() {
    let env = Env::new();
    env.sealed_at_eight(&line("2026-11-24T07:59:00,000", "root"));
    assert_eq!(
        env.verify("2026-11-24T08:05:00"),
        Out {
            code: 1,
            stdout: "audit.log: warning: no seal record covers this file: it was written before `auditlog seal init`, or rotated away before it was sealed\n\
                     NOTHING VERIFIED: no seal record covers the log yet; 1 warning\n"
                .to_owned(),
            stderr: String::new(),
        }
    );
}

/// `seal init` once exited 0 with its standard output closed, or with its reader gone, and
/// left the seal files behind after `>/dev/full`: a seal whose key was lost. The key now goes
/// out first, and nothing is left unless it went out.
#[test]
fn a_key_that_cannot_be_handed_out_leaves_no_seal_behind() {
    let env = Env::new();
    env.write("audit.log", &line("2026-11-24T07:59:00,000", "root"));
    let prefix = "auditlog: the verification key could not be written to standard output, so no seal was made: ";
    let cases = [
        (
            "exec \"$0\" \"$@\" >&-",
            "standard output is closed, or is /dev/null, where the key would be lost",
        ),
        (
            "exec \"$0\" \"$@\" >/dev/null",
            "standard output is closed, or is /dev/null, where the key would be lost",
        ),
        (
            "exec \"$0\" \"$@\" >/dev/full",
            "No space left on device (os error 28)",
        ),
    ];
    for (how, why) in cases {
        let cmd = env.cmd();
        let mut sh = Command::new("bash");
        for (key, value) in cmd.get_envs() {
            match value {
                Some(value) => sh.env(key, value),
                None => sh.env_remove(key),
            };
        }
        sh.current_dir(env.path(""))
            .args(["-c", how])
            .arg(cmd.get_program())
            .args(["--tz", "UTC", "--file", "audit.log", "seal", "init"]);
        let out = output(&mut sh);
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (2, format!("{prefix}{why}\n").as_str()),
            "{how}"
        );
        assert!(!env.path("audit.log.seal").exists(), "{how}");
        assert!(!env.path("audit.log.seal-key").exists(), "{how}");
    }
    // A pipe whose reader is gone before the key is written.
    let (reader, writer) = nix::unistd::pipe().unwrap();
    drop(reader);
    let mut cmd = env.cmd();
    cmd.args(["--tz", "UTC", "--file", "audit.log", "seal", "init"])
        .stdout(std::process::Stdio::from(writer))
        .stderr(std::process::Stdio::piped());
    let gone = cmd.output().unwrap();
    assert_eq!(
        (gone.status.code(), String::from_utf8_lossy(&gone.stderr)),
        (
            Some(2),
            format!("{prefix}Broken pipe (os error 32)\n").into()
        )
    );
    assert!(!env.path("audit.log.seal").exists());
    // A retry needs no --force.
    assert_eq!(env.at("2026-11-24T08:00:00", &["seal", "init"]).code, 0);
}

/// One `seal` run with the clock two days ahead made `verify` call an untouched log forged. A
/// record whose signature holds is no forgery: the step is said as what it is.
#[test]
fn a_clock_that_stepped_ahead_is_said_as_a_clock_step_not_a_forgery() {
    let env = Env::new();
    env.sealed_at_eight(&line("2026-11-24T07:59:00,000", "root"));
    env.at("2026-11-24T08:00:00", &["seal", "-q"]);
    env.at(
        "2026-11-24T08:10:00",
        &["record", "./orders/add", "--user", "jdoe"],
    );
    // The clock two days ahead for one seal, then right again.
    env.at("2026-11-26T08:12:00", &["seal", "-q"]);
    env.at(
        "2026-11-24T08:20:00",
        &["record", "./orders/add", "--user", "ops"],
    );
    env.at("2026-11-24T08:25:00", &["seal", "-q"]);
    assert_eq!(
        env.verify("2026-11-24T08:30:00"),
        Out {
            code: 1,
            stdout: "audit.log.seal-key: warning: the sealing state is in epoch 192, which begins 2026-11-26T08:00:00Z, after now: the host's clock was ahead when it last sealed, and sealing goes on in that epoch until the clock reaches it\n\
                     audit.log.seal:2: warning: seal record 1 was signed in epoch 192, which begins 2026-11-26T08:00:00Z, after now: the sealing host's clock was ahead when it sealed (a clock step, not a forgery: its signature holds)\n\
                     audit.log.seal:3: warning: seal record 2 was signed in epoch 192, which begins 2026-11-26T08:00:00Z, after now: the sealing host's clock was ahead when it sealed (a clock step, not a forgery: its signature holds)\n\
                     audit.log:2: the entry stamped 2026-11-24T08:10:00,000 was first sealed in epoch 192, which began 2026-11-26T08:00:00Z: more than --max-delay after its stamp; the sealing host's clock stepped ahead into that epoch early (a record was signed in it before it began), so this is a clock step, or entries written later than their stamps say: the seal cannot tell which (once the step is accounted for, `verify --max-delay` as long as the step accepts it)\n\
                     audit.log:3: the entry stamped 2026-11-24T08:20:00,000 was first sealed in epoch 192, which began 2026-11-26T08:00:00Z: more than --max-delay after its stamp; the sealing host's clock stepped ahead into that epoch early (a record was signed in it before it began), so this is a clock step, or entries written later than their stamps say: the seal cannot tell which (once the step is accounted for, `verify --max-delay` as long as the step accepts it)\n\
                     audit.log: sealed by 3 records: 3 lines, 3 entries\n\
                     NOT INTACT: 2 failures, 3 warnings\n"
                .to_owned(),
            stderr: String::new(),
        }
    );
    // Allowed a delay as long as the step, the untouched log verifies.
    let allowed = env.at(
        "2026-11-24T08:30:00",
        &["verify", "--key-file", "key", "--max-delay", "3d"],
    );
    assert_eq!(allowed.code, 0, "{allowed:?}");
    assert!(allowed.stdout.ends_with("; 3 warnings\n"), "{allowed:?}");
}

/// `seal` appended through a symbolic link planted at `audit.log.seal`: the seal file is
/// written only as a regular file of its own.
#[test]
fn a_seal_file_behind_a_link_is_not_written_through() {
    let env = Env::new();
    env.sealed_at_eight(&line("2026-11-24T07:00:00,000", "root"));
    fs::rename(env.path("audit.log.seal"), env.path("real.seal")).unwrap();
    std::os::unix::fs::symlink("real.seal", env.path("audit.log.seal")).unwrap();
    let before = env.read("real.seal");
    assert_eq!(
        env.at("2026-11-24T08:10:00", &["seal", "-q"]),
        super::failed("auditlog: audit.log.seal: a symbolic link: refusing to write through it\n")
    );
    assert_eq!(env.read("real.seal"), before);
    // Nor through a second hard link, which would write the records into another name too.
    fs::remove_file(env.path("audit.log.seal")).unwrap();
    fs::hard_link(env.path("real.seal"), env.path("audit.log.seal")).unwrap();
    assert_eq!(
        env.at("2026-11-24T08:10:00", &["seal", "-q"]),
        super::failed(
            "auditlog: audit.log.seal: a file with other hard links: refusing to write through it\n"
        )
    );
    assert_eq!(env.read("real.seal"), before);
}
