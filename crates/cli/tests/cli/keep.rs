//! Housekeeping: `archive` moving old entries into a log4j2-named gzip file (killed at each of
//! its steps, and across a seal), and `retention` listing rotated files and deleting only the
//! expired ones that verify.

use std::fs;

use super::{Env, Out};

fn line(stamp: &str, user: &str) -> String {
    format!(
        "{stamp} INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
    )
}

/// Six entries over three days, 2026-11-20 to 2026-11-22.
fn three_days() -> String {
    [
        line("2026-11-20T09:00:00,000", "a"),
        line("2026-11-20T17:00:00,000", "b"),
        line("2026-11-21T09:00:00,000", "c"),
        line("2026-11-21T17:00:00,000", "d"),
        line("2026-11-22T09:00:00,000", "e"),
        line("2026-11-22T17:00:00,000", "f"),
    ]
    .concat()
}

impl Env {
    /// The log and its rotated files read as one stream, oldest first, as they stand.
    fn whole(&self) -> String {
        self.at(
            "2026-11-23T12:00:00",
            &["--rotated", "list", "-o", "raw", "--oldest-first"],
        )
        .stdout
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.path(""))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("audit"))
            .collect();
        names.sort();
        names
    }
}

#[test]
fn archive_moves_the_old_entries_into_a_gzip_named_as_log4j2_names_it() {
    let env = Env::new();
    env.write("audit.log", &three_days());
    assert_eq!(
        env.at(
            "2026-11-23T12:00:00",
            &["archive", "--before", "2026-11-22"]
        ),
        super::ok(
            "moved 4 entries (4 lines, 456 bytes) from audit.log into audit-2026-11-21-1.log.gz\n"
        )
    );
    assert_eq!(env.names(), ["audit-2026-11-21-1.log.gz", "audit.log"]);
    assert_eq!(
        env.read("audit.log"),
        [
            line("2026-11-22T09:00:00,000", "e"),
            line("2026-11-22T17:00:00,000", "f")
        ]
        .concat()
    );
    assert_eq!(env.whole(), three_days());
    // Again for the same day: the next number.
    env.write(
        "audit.log",
        &(env.read("audit.log") + &line("2026-11-22T18:00:00,000", "g")),
    );
    assert_eq!(
        env.at(
            "2026-11-23T12:00:00",
            &["archive", "--before", "2026-11-23"]
        ),
        super::ok(
            "moved 3 entries (3 lines, 342 bytes) from audit.log into audit-2026-11-22-1.log.gz\n"
        )
    );
    assert_eq!(
        env.at(
            "2026-11-23T12:00:00",
            &["archive", "--before", "2026-11-23"]
        ),
        super::ok("nothing in audit.log is stamped before 2026-11-23\n")
    );
    assert_eq!(env.read("audit.log"), "");
}

#[test]
fn archive_killed_at_each_step_loses_nothing_and_the_next_run_finishes() {
    for step in [
        "intent", "written", "placed", "checked", "rest", "replaced", "done",
    ] {
        let env = Env::new();
        env.write("audit.log", &three_days());
        let killed = env
            .cmd()
            .env("AUDITLOG_FAILPOINT", format!("archive:{step}"))
            .args([
                "--tz",
                "UTC",
                "--file",
                "audit.log",
                "archive",
                "--before",
                "2026-11-22",
            ])
            .output()
            .unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(killed.status.signal(), Some(9), "{step}: {killed:?}");
        // Whatever the step, every line is still in the log or in a finished archive.
        let log = env.read("audit.log");
        assert!(three_days().ends_with(&log), "{step}: {log}");
        let again = env.at(
            "2026-11-23T12:00:00",
            &["archive", "--before", "2026-11-22"],
        );
        assert_eq!(again.code, 0, "{step}: {again:?}");
        assert_eq!(
            env.names(),
            ["audit-2026-11-21-1.log.gz", "audit.log"],
            "{step}"
        );
        assert_eq!(env.whole(), three_days(), "{step}");
    }
}

#[test]
fn a_sealed_log_stays_verifiable_across_an_archive() {
    let env = Env::new();
    env.write("audit.log", &three_days());
    let key = env.at("2026-11-23T12:00:00", &["seal", "init"]).stdout;
    env.write("key", &key);
    env.at("2026-11-23T12:00:00", &["seal", "-q"]);
    env.at(
        "2026-11-23T12:01:00",
        &["archive", "--before", "2026-11-22"],
    );
    env.at(
        "2026-11-23T12:02:00",
        &["record", "./orders/add", "--user", "g"],
    );
    assert_eq!(
        env.at("2026-11-23T12:03:00", &["seal"]).stdout,
        "sealed audit.log: bytes 228 to 342, 1 lines, 1 entries, as seal record 1 in epoch 0\n"
    );
    assert_eq!(
        env.at("2026-11-23T12:04:00", &["verify", "--key-file", "key"]),
        super::ok(
            "audit-2026-11-21-1.log.gz: sealed by 1 record: 6 lines, 6 entries\naudit.log: sealed by 1 record: 1 line, 1 entry\nintact: 2 seal records, the newest made 2026-11-23T12:03:00Z in epoch 0; 0 warnings\n"
        )
    );
    // An edit of a line that moved on into the live log is named where it is now.
    env.write(
        "audit.log",
        &env.read("audit.log").replace("USER: e ", "USER: E "),
    );
    let out = env.at("2026-11-23T12:04:00", &["verify", "--key-file", "key"]);
    assert_eq!(
        out,
        Out {
            code: 1,
            stdout: "audit.log:1: changed since it was sealed\n\
                     audit-2026-11-21-1.log.gz: sealed by 1 record: 6 lines, 6 entries\n\
                     audit.log: sealed by 1 record: 1 line, 1 entry\n\
                     NOT INTACT: 1 failure, 0 warnings\n"
                .to_owned(),
            stderr: String::new(),
        }
    );
}

#[test]
fn retention_lists_rotated_files_and_deletes_only_expired_ones_that_verify() {
    let env = Env::new();
    env.write("audit.log", &three_days());
    let key = env.at("2026-11-23T12:00:00", &["seal", "init"]).stdout;
    env.write("key", &key);
    env.at("2026-11-23T12:00:00", &["seal", "-q"]);
    env.at(
        "2026-11-23T12:00:00",
        &["archive", "--before", "2026-11-21"],
    );
    env.at("2026-11-23T12:00:00", &["seal", "-q"]);
    // A rotated file from before the seal: not sealed, so never deleted.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, line("2026-11-10T09:00:00,000", "old").as_bytes()).unwrap();
    fs::write(env.path("audit-2026-11-10-1.log.gz"), gz.finish().unwrap()).unwrap();
    let sizes = |name: &str| fs::metadata(env.path(name)).unwrap().len();
    let (old, archived) = (
        sizes("audit-2026-11-10-1.log.gz"),
        sizes("audit-2026-11-20-1.log.gz"),
    );
    let archived_id = auditlog::scan::file_id(&env.path("audit-2026-11-20-1.log.gz"))
        .unwrap()
        .unwrap();
    let table = format!(
        "FILE                       FIRST ENTRY          LAST ENTRY           BYTES  SEAL        RETENTION\n\
         audit-2026-11-10-1.log.gz  2026-11-10 09:00:00  2026-11-10 09:00:00  {old:<5}  not sealed  past retention\n\
         audit-2026-11-20-1.log.gz  2026-11-20 09:00:00  2026-11-20 17:00:00  {archived:<5}  intact      past retention\n"
    );
    assert_eq!(
        env.at(
            "2026-11-23T12:00:00",
            &["retention", "--keep", "2d", "--key-file", "key"]
        ),
        super::ok(&table)
    );
    let kept = env.at(
        "2026-11-23T12:00:00",
        &["retention", "--keep", "5d", "--key-file", "key"],
    );
    assert_eq!(kept.stdout.matches("past retention").count(), 1, "{kept:?}");
    let deleted = env.at(
        "2026-11-23T12:00:00",
        &["retention", "--keep", "2d", "--key-file", "key", "--delete"],
    );
    assert_eq!(
        deleted,
        Out {
            code: 1,
            stdout: format!("{table}deleted audit-2026-11-20-1.log.gz\n"),
            stderr: "auditlog: kept audit-2026-11-10-1.log.gz: it is past retention, but it is not sealed, so nothing proves it whole\n".to_owned(),
        }
    );
    assert!(
        !env.names()
            .contains(&"audit-2026-11-20-1.log.gz".to_owned())
    );
    let recorded = env.read("audit.log");
    let account = nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .map_or_else(|| nix::unistd::getuid().to_string(), |u| u.name);
    assert_eq!(
        recorded.lines().last().unwrap(),
        format!(
            "2026-11-23T12:00:00,000 INFO  REQUEST: ./auditlog/retention/delete - USER: {account} - PARAMS: {{\"file\":\"audit-2026-11-20-1.log.gz\",\"fileId\":\"{archived_id}\",\"first\":\"2026-11-20T09:00:00.000\",\"last\":\"2026-11-20T17:00:00.000\",\"entries\":2,\"bytes\":{archived},\"keep\":\"2d\",\"auditLog\":{{\"comment\":\"Retention period of 2d passed\"}}}} - COMMENT: Retention period of 2d passed - TIMESPENT: - - TICKET: -"
        )
    );
    // The deleted file is no failure of the seal: its deletion is on record.
    env.at("2026-11-23T12:01:00", &["seal", "-q"]);
    let verified = env.at("2026-11-23T12:02:00", &["verify", "--key-file", "key"]);
    assert_eq!(
        verified,
        super::ok(
            "audit.log.seal:1: warning: the file sealed as audit.log was deleted under retention, as recorded at audit.log:5\n\
             audit-2026-11-10-1.log.gz: warning: no seal record covers this file: it was written before `auditlog seal init`, or rotated away before it was sealed\n\
             audit.log: sealed by 1 record: 5 lines, 5 entries\n\
             intact: 2 seal records, the newest made 2026-11-23T12:01:00Z in epoch 0; 2 warnings\n"
        )
    );
}

/// The intent file once stored the archive's path relative to where `archive` ran: a run that
/// finished the job from another directory removed nothing it should and archived every entry
/// again. It now names the archive beside the log.
#[test]
fn an_archive_killed_midway_is_finished_from_any_directory() {
    let env = Env::new();
    env.write("audit.log", &three_days());
    let killed = env
        .cmd()
        .env("AUDITLOG_FAILPOINT", "archive:placed")
        .args(["--tz", "UTC", "--file", "audit.log"])
        .args(["archive", "--before", "2026-11-22"])
        .output()
        .unwrap();
    assert!(!killed.status.success());
    fs::create_dir(env.path("elsewhere")).unwrap();
    let again = env
        .cmd()
        .current_dir(env.path("elsewhere"))
        .args(["--tz", "UTC", "--file", "../audit.log"])
        .args(["archive", "--before", "2026-11-22"])
        .output()
        .unwrap();
    assert_eq!(
        (
            String::from_utf8_lossy(&again.stdout).into_owned(),
            String::from_utf8_lossy(&again.stderr).into_owned()
        ),
        (
            "moved 4 entries (4 lines, 456 bytes) from ../audit.log into ../audit-2026-11-21-1.log.gz\n".to_owned(),
            "auditlog: finished an archive an earlier run had begun\n".to_owned()
        )
    );
    assert_eq!(env.names(), ["audit-2026-11-21-1.log.gz", "audit.log"]);
    assert_eq!(env.whole(), three_days());
}

/// Anyone who could write the log's directory could plant an intent file naming any file, and
/// `archive` removed it. An intent now names only an archive of this log, and no file is
/// removed on an intent's word.
#[test]
fn a_planted_intent_removes_nothing() {
    use sha2::Digest;
    let env = Env::new();
    env.write("audit.log", &three_days());
    let victim = env.write("precious", "keep me\n");
    // The first two entries, as an intent of the first day would name them.
    let prefix = &three_days()[..228];
    let intent = |archive: &str| {
        format!(
            "{{\"archive\":{archive:?},\"split\":{},\"sha256\":\"{}\",\"entries\":2,\"lines\":2}}",
            prefix.len(),
            auditlog::seal::hex(&sha2::Sha256::digest(prefix.as_bytes()))
        )
    };
    env.write(
        "audit.log.archive-intent",
        &intent(victim.to_str().unwrap()),
    );
    let refused = env.at(
        "2026-11-23T12:00:00",
        &["archive", "--before", "2026-11-22"],
    );
    assert_eq!(
        refused,
        super::failed(
            "auditlog: refusing the intent file audit.log.archive-intent: it names a file that is not an archive of this log; nothing was changed. Remove it if no archive of this log is under way\n"
        )
    );
    assert_eq!(env.read("precious"), "keep me\n");
    assert_eq!(env.read("audit.log"), three_days());
    // One that names an archive of the log that is there, holding other lines: kept.
    env.write("audit-2026-11-19-1.log.gz", "not what the intent says\n");
    env.write(
        "audit.log.archive-intent",
        &intent("audit-2026-11-19-1.log.gz"),
    );
    let run = env.at(
        "2026-11-23T12:00:00",
        &["archive", "--before", "2026-11-21"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        env.read("audit-2026-11-19-1.log.gz"),
        "not what the intent says\n"
    );
    assert!(!env.path("audit.log.archive-intent").exists());
}

/// `archive` once replaced a symbolic link to the log with a regular file, leaving the entries
/// it had moved still in the link's target too.
#[test]
fn archive_refuses_a_log_that_is_a_symbolic_link() {
    let env = Env::new();
    env.write("real.log", &three_days());
    std::os::unix::fs::symlink("real.log", env.path("audit.log")).unwrap();
    assert_eq!(
        env.at(
            "2026-11-23T12:00:00",
            &["archive", "--before", "2026-11-22"]
        ),
        super::failed(
            "auditlog: refusing to archive audit.log: it is a symbolic link, and archiving replaces the file at its path; archive the file it points to (--file real.log)\n"
        )
    );
    assert_eq!(env.read("real.log"), three_days());
    assert!(
        fs::symlink_metadata(env.path("audit.log"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// `archive`, then `retention --delete` of that archive, made a sealed log fail `verify` for
/// ever ("4 lines sealed before this line removed"), where a JOC-style rotated file deleted the
/// same way is a warning. Both are now a warning, and the lines the archive left in the live log
/// are still held to their sealed CRC-32s.
#[test]
fn a_sealed_log_verifies_after_its_archive_is_deleted_under_retention() {
    let env = Env::new();
    env.write("audit.log", &three_days());
    let init = env.at("2026-11-23T08:00:00", &["seal", "init"]);
    env.write("key", &init.stdout);
    env.at("2026-11-23T08:00:00", &["seal", "-q"]);
    env.at(
        "2026-11-23T08:05:00",
        &["archive", "--before", "2026-11-22"],
    );
    let deleted = env.at(
        "2027-12-23T08:10:00",
        &["retention", "--keep", "1y", "--key-file", "key", "--delete"],
    );
    assert_eq!(deleted.code, 0, "{deleted:?}");
    let warnings = "audit.log.seal:1: warning: the file sealed as audit.log was deleted under retention, as recorded at audit.log:3\n";
    assert_eq!(
        env.at("2027-12-23T08:20:00", &["verify", "--key-file", "key"]),
        super::ok(&format!(
            "{warnings}intact: 1 seal record, the newest made 2026-11-23T08:00:00Z in epoch 0; 1 warning\n"
        ))
    );
    env.write(
        "audit.log",
        &env.read("audit.log").replace("USER: f", "USER: F"),
    );
    assert_eq!(
        env.at("2027-12-23T08:20:00", &["verify", "--key-file", "key"]),
        Out {
            code: 1,
            stdout: format!(
                "audit.log:2: changed since it was sealed\n{warnings}NOT INTACT: 1 failure, 1 warning\n"
            ),
            stderr: String::new(),
        }
    );
}

/// `archive` alone made an untouched sealed log fail `verify` for ever: the lines it left in
/// the log were sealed with the archived file, and were held to be unsealed. They are checked
/// with the file they were sealed in, before and after the archive is deleted under retention;
/// what comes after them is still held to be sealed.
#[test]
fn the_lines_an_archive_leaves_in_a_sealed_log_verify_with_the_archive() {
    let env = Env::new();
    let at = |now: &str, args: &[&str]| env.at(now, args);
    let init = at("2026-10-01T00:00:00", &["seal", "init"]);
    env.write("key", &init.stdout);
    for hour in ["01", "02", "03", "04", "05"] {
        let user = format!("u{hour}");
        let out = at(
            &format!("2026-10-01T{hour}:00:00"),
            &["record", "./orders/add", "--user", &user, "--reason", "x"],
        );
        assert_eq!(out.code, 0, "{out:?}");
        at(&format!("2026-10-01T{hour}:01:00"), &["seal", "-q"]);
    }
    let archived = at(
        "2026-10-01T05:03:00",
        &["archive", "--before", "2026-10-01T03:30:00"],
    );
    assert_eq!(archived.code, 0, "{archived:?}");
    assert_eq!(
        at("2026-10-01T05:04:00", &["verify", "--key-file", "key"]),
        super::ok(
            "audit-2026-10-01-1.log.gz: sealed by 5 records: 5 lines, 5 entries\n\
             intact: 5 seal records, the newest made 2026-10-01T05:01:00Z in epoch 20; 0 warnings\n"
        )
    );
    at(
        "2026-10-01T05:10:00",
        &["record", "./orders/add", "--user", "later", "--reason", "x"],
    );
    at("2026-10-01T05:11:00", &["seal", "-q"]);
    let deleted = at(
        "2027-12-01T00:00:00",
        &["retention", "--keep", "1y", "--key-file", "key", "--delete"],
    );
    assert_eq!(deleted.code, 0, "{deleted:?}");
    assert_eq!(
        at("2027-12-01T00:01:00", &["verify", "--key-file", "key"]),
        super::ok(
            "audit.log.seal:1: warning: the file sealed as audit.log was deleted under retention, as recorded at audit.log:4\n\
             audit.log:4: warning: 1 line (381 bytes) from here on not sealed yet: written after the last seal\n\
             audit.log: sealed by 1 record: 1 line, 1 entry\n\
             intact: 6 seal records, the newest made 2026-10-01T05:11:00Z in epoch 20; 2 warnings\n"
        )
    );
    // What comes after the carried lines is still held to be sealed: the deletion's own entry,
    // never sealed, once the allowed delay has passed.
    let unsealed = at("2027-12-01T03:00:00", &["verify", "--key-file", "key"]);
    assert_eq!(unsealed.code, 1, "{unsealed:?}");
    assert!(
        unsealed
            .stdout
            .contains("audit.log:4: the entry stamped 2027-12-01T00:00:00,000 is not sealed"),
        "{unsealed:?}"
    );
}

/// A second `archive` of a sealed log made `verify` report a truncation and `seal` refuse for
/// good: the lines one record sealed can be spread over several archives and the log. Each
/// archive, with records and seals between them, keeps an untouched sealed log intact.
#[test]
fn a_sealed_log_stays_intact_across_archive_after_archive() {
    let env = Env::new();
    let at = |now: &str, args: &[&str]| env.at(now, args);
    let init = at("2026-10-01T00:00:00", &["seal", "init"]);
    env.write("key", &init.stdout);
    for day in 1..=9 {
        for hour in ["08", "16"] {
            let now = format!("2026-10-0{day}T{hour}:00:00");
            let out = at(
                &now,
                &["record", "./orders/add", "--user", "u", "--reason", "x"],
            );
            assert_eq!(out.code, 0, "{out:?}");
            // Sealed at once on some days, so that one record spans several days of lines.
            if hour == "16" && [3, 6, 9].contains(&day) {
                let sealed = at(&format!("2026-10-0{day}T16:01:00"), &["seal", "-q"]);
                assert_eq!(sealed.code, 0, "{sealed:?}");
            }
        }
    }
    let verify = || {
        at(
            "2026-10-09T17:00:00",
            &["verify", "--key-file", "key", "--max-delay", "7d"],
        )
    };
    let intact = |out: &Out| out.code == 0 && out.stdout.contains("intact: 3 seal records");
    for before in ["2026-10-02", "2026-10-04", "2026-10-06"] {
        let archived = at("2026-10-09T16:30:00", &["archive", "--before", before]);
        assert_eq!(archived.code, 0, "{archived:?}");
        let verified = verify();
        assert!(
            intact(&verified),
            "after archiving before {before}: {verified:?}"
        );
    }
    // Sealing goes on, and an edit is still found.
    at(
        "2026-10-09T16:40:00",
        &["record", "./orders/add", "--user", "late", "--reason", "x"],
    );
    let sealed = at("2026-10-09T16:41:00", &["seal", "-q"]);
    assert_eq!(sealed.code, 0, "{sealed:?}");
    env.write(
        "audit.log",
        &env.read("audit.log").replacen("USER: u", "USER: U", 1),
    );
    // An edit of a line the first record sealed, now in the log after three archives, is
    // named where it is.
    let edited = verify();
    assert_eq!(edited.code, 1, "{edited:?}");
    assert!(
        edited
            .stdout
            .starts_with("audit.log:1: changed since it was sealed\n"),
        "{edited:?}"
    );
}
