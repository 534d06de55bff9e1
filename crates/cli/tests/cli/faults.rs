//! Faults injected for real: a filesystem with no room left, one mounted read-only, a file the
//! user may not write. Each leaves the log byte for byte as it was, and ends with exit 2 (125
//! for `run`, whose own codes must not be taken for its command's) and a message that names
//! the file. Mounting takes root: without it, each test says so and is skipped.

use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;

use super::*;

/// A tmpfs mounted in the test's directory, unmounted when dropped.
struct Mount {
    point: PathBuf,
}

impl Mount {
    /// A tmpfs of `size` (such as `256k`) at `name`, or `None`, saying why, where that cannot be.
    fn tmpfs(env: &Env, name: &str, size: &str) -> Option<Mount> {
        if !nix::unistd::geteuid().is_root() {
            println!("skipped: mounting a filesystem to fill takes root");
            return None;
        }
        let point = env.path(name);
        fs::create_dir(&point).unwrap();
        let mounted = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0755"),
                "tmpfs",
            ])
            .arg(&point)
            .output();
        match mounted {
            Ok(out) if out.status.success() => Some(Mount { point }),
            Ok(out) => {
                println!(
                    "skipped: cannot mount a tmpfs here: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                println!("skipped: cannot run mount: {e}");
                None
            }
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.point.join(name)
    }

    /// Takes every free block, so that only the room left in the last block of each file is.
    fn fill(&self) {
        let mut ballast = File::create(self.path("ballast")).unwrap();
        let block = [0u8; 4096];
        while matches!(ballast.write(&block), Ok(n) if n > 0) {}
    }

    fn read_only(&self) {
        let out = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.point)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.point).status();
    }
}

/// A log of whole entries whose last block has `room` bytes free.
fn log_with_room(path: &Path, room: usize) -> Vec<u8> {
    let entry = |reason: &str| {
        format!(
            "2026-11-23T10:00:00,000 INFO  REQUEST: ./orders/add - USER: root - PARAMS: - - COMMENT: {reason} - TIMESPENT: - - TICKET: -\n"
        )
    };
    let size = 3 * 4096 - room;
    let mut text = String::new();
    while text.len() + 2 * entry("x").len() < size {
        text.push_str(&entry("x"));
    }
    let filler = size - text.len() - entry("").len();
    text.push_str(&entry(&"y".repeat(filler)));
    assert_eq!(text.len(), size);
    fs::write(path, &text).unwrap();
    text.into_bytes()
}

/// Everything in a directory, but the ballast, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "ballast")
        .collect();
    names.sort();
    names
}

/// `record` on a filesystem with a little room left once left a torn fragment
/// (`…INFO  REQUEST: ./orders/add`) that `check` reported forever.
#[test]
fn a_full_disk_leaves_the_log_as_it_was() {
    let env = Env::new();
    let Some(disk) = Mount::tmpfs(&env, "disk", "64k") else {
        return;
    };
    let log = disk.path("audit.log");
    let before = log_with_room(&log, 10);
    disk.fill();
    for sync in [&[][..], &["--no-sync"][..]] {
        let mut args = vec![
            "--file",
            log.to_str().unwrap(),
            "record",
            "./orders/add",
            "--user",
            "root",
        ];
        args.extend_from_slice(sync);
        assert_eq!(
            env.run(&args),
            failed(&format!(
                "auditlog: cannot append to {}: No space left on device (os error 28)\n",
                log.display()
            )),
            "{sync:?}"
        );
        assert_eq!(fs::read(&log).unwrap(), before);
    }
}

/// The start of an execution that cannot be written stops the command from running; an end
/// that cannot be written is said, and the log holds only whole entries.
#[test]
fn run_on_a_full_disk() {
    let env = Env::new();
    let Some(disk) = Mount::tmpfs(&env, "disk", "64k") else {
        return;
    };
    let log = disk.path("audit.log");
    let before = log_with_room(&log, 10);
    disk.fill();
    let ran = env.path("ran");
    let out = env.run(&[
        "--file",
        log.to_str().unwrap(),
        "run",
        "--job",
        "j",
        "--",
        "touch",
        ran.to_str().unwrap(),
    ]);
    assert_eq!(
        out,
        Out {
            code: 125,
            stdout: String::new(),
            stderr: format!(
                "auditlog: cannot append to {}: No space left on device (os error 28)\n",
                log.display()
            )
        }
    );
    assert!(!ran.exists(), "the command ran");
    assert_eq!(fs::read(&log).unwrap(), before);
    assert_eq!(listing(&disk.point), ["audit.log", "auditlog-executions"]);
    assert_eq!(listing(&disk.path("auditlog-executions")), [".locks"]);

    // Room for the start, and then the command takes the rest: its end cannot be written.
    let Some(disk) = Mount::tmpfs(&env, "disk2", "64k") else {
        return;
    };
    let log = disk.path("audit.log");
    let eat = format!(
        "cat /dev/zero > {} 2>/dev/null; exit 0",
        disk.path("eaten").display()
    );
    let args = ["run", "--job", "eater", "--", "sh", "-c", &eat];
    let dry = env.path("dry.log");
    let mut all = vec!["--file", dry.to_str().unwrap()];
    all.extend_from_slice(&args);
    assert_eq!(env.run(&all).code, 0);
    fs::remove_file(disk.path("eaten")).unwrap();
    let start = fs::read_to_string(&dry)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .len()
        + 1;
    let before = log_with_room(&log, start + 30);
    disk.fill();
    let mut all = vec!["--file", log.to_str().unwrap()];
    all.extend_from_slice(&args);
    let out = env.run(&all);
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
                "auditlog: execution {id} of the job \"eater\" ended Successful (exit code 0), but its end could not be recorded: cannot append to {}: No space left on device (os error 28)\n",
                log.display()
            )
        }
    );
    let after = fs::read(&log).unwrap();
    assert_eq!(after[..before.len()], before[..]);
    let added = String::from_utf8(after[before.len()..].to_vec()).unwrap();
    assert!(
        added.starts_with(&format!("2026-11-23T12:00:00,000 INFO  REQUEST: ./job_executions/start - USER: Scheduled execution - PARAMS: {{\"executionId\":\"{id}\""))
            && added.ends_with("\n")
            && added.lines().count() == 1,
        "{added}"
    );
    let check = env.run(&["--file", log.to_str().unwrap(), "check"]);
    assert_eq!(check.code, 0, "{check:?}");
}

/// An export to a full disk leaves nothing behind, and its message names the target.
#[test]
fn an_export_to_a_full_disk_leaves_nothing() {
    let env = Env::new();
    env.fixture("sample/audit.log");
    let Some(disk) = Mount::tmpfs(&env, "disk", "64k") else {
        return;
    };
    disk.fill();
    for name in ["x.xlsx", "x.csv", "x.ndjson"] {
        let target = disk.path(name);
        assert_eq!(
            env.run(&["--file", "audit.log", "export", target.to_str().unwrap()]),
            failed(&format!(
                "auditlog: cannot export to {}: No space left on device (os error 28)\n",
                target.display()
            )),
            "{name}"
        );
    }
    assert!(
        listing(&disk.point).is_empty(),
        "{:?}",
        listing(&disk.point)
    );
}

/// Line numbers that cannot be remembered are counted again the next time; `show` still
/// shows, and leaves no half-written index.
#[test]
fn line_numbers_not_remembered_on_a_full_disk() {
    let env = Env::new();
    let Some(disk) = Mount::tmpfs(&env, "cache", "64k") else {
        return;
    };
    // An entry a second for 28 hours: a show in the middle is found by a search that does not
    // start at the top, so the lines before it are counted.
    let entry = |i: usize| {
        format!(
            "2026-11-{:02}T{:02}:{:02}:{:02},000 INFO  REQUEST: ./orders/add - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n",
            22 + i / 86_400,
            i / 3600 % 24,
            i / 60 % 60,
            i % 60
        )
    };
    let text: String = (0..100_000).map(entry).collect();
    assert!(text.len() > 9 << 20);
    env.write("big.log", &text);
    let show = [
        "--file",
        "big.log",
        "show",
        "20261123T010000.000",
        "-o",
        "json",
    ];
    let normal = env.run(&show);
    assert_eq!(normal.code, 0);
    assert!(
        normal.stdout.contains("\"line\":90001"),
        "{}",
        normal.stdout
    );
    fs::remove_dir_all(env.path("cache/auditlog")).unwrap();
    disk.fill();
    assert_eq!(output(env.cmd().args(show)), normal);
    assert_eq!(listing(&disk.path("auditlog/lines")), Vec::<String>::new());
}

/// A read-only filesystem: nothing is written, and each command says where it could not.
#[test]
fn a_read_only_filesystem() {
    let env = Env::new();
    let Some(disk) = Mount::tmpfs(&env, "disk", "256k") else {
        return;
    };
    let log = disk.path("audit.log");
    let before = log_with_room(&log, 100);
    fs::create_dir(disk.path("auditlog-executions")).unwrap();
    disk.read_only();
    let path = log.to_str().unwrap();
    let erofs = format!("auditlog: cannot append to {path}: Read-only file system (os error 30)\n");
    assert_eq!(
        env.run(&["--file", path, "record", "./login", "--user", "root"]),
        failed(&erofs)
    );
    let out = env.run(&["--file", path, "run", "--job", "j", "--", "true"]);
    assert_eq!(out.code, 125);
    assert!(
        out.stderr.contains("Read-only file system"),
        "{}",
        out.stderr
    );
    let target = disk.path("x.csv");
    assert_eq!(
        env.run(&["--file", path, "export", target.to_str().unwrap()]),
        failed(&format!(
            "auditlog: cannot export to {}: Read-only file system (os error 30)\n",
            target.display()
        ))
    );
    assert_eq!(fs::read(&log).unwrap(), before);
}

/// A log the user may not write or read, and a directory the user may not write to.
#[test]
fn permission_denied() {
    let env = Env::new();
    if !nix::unistd::geteuid().is_root() {
        println!("skipped: running as another user takes root");
        return;
    }
    fs::set_permissions(env.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let log = env.fixture("week.log");
    fs::set_permissions(&log, fs::Permissions::from_mode(0o600)).unwrap();
    let before = fs::read(&log).unwrap();
    let as_nobody = |args: &[&str]| output(env.cmd().args(args).uid(65534).gid(65534));
    assert_eq!(
        as_nobody(&["--file", "week.log", "record", "./login", "--user", "x"]),
        failed("auditlog: cannot append to week.log: Permission denied (os error 13)\n")
    );
    assert_eq!(
        as_nobody(&["--file", "week.log", "list"]),
        failed("auditlog: cannot read week.log: Permission denied (os error 13)\n")
    );
    fs::set_permissions(&log, fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(
        as_nobody(&["--file", "week.log", "export", "x.csv"]),
        failed("auditlog: cannot export to x.csv: Permission denied (os error 13)\n")
    );
    let out = as_nobody(&["--file", "week.log", "run", "--job", "j", "--", "true"]);
    assert_eq!(
        out,
        Out {
            code: 125,
            stdout: String::new(),
            stderr: format!(
                "auditlog: cannot create the directory {}: Permission denied (os error 13)\n",
                fs::canonicalize(env.dir.path())
                    .unwrap()
                    .join("auditlog-executions")
                    .display()
            )
        }
    );
    assert_eq!(fs::read(&log).unwrap(), before);
}

/// `--cursor-file /dev/null` once replaced the host's `/dev/null` with a regular file, and a
/// FIFO named as a cursor hung the shipper. The files we keep beside a log (cursor, sealing
/// state, archive intent) behind a symbolic link, a device or a FIFO are refused before
/// anything is read or written, and what they point to is left as it was.
#[test]
fn our_files_behind_links_devices_and_fifos_are_refused() {
    use std::os::unix::fs::{FileTypeExt, symlink};
    let env = Env::new();
    let entry = "2026-11-23T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";
    env.write("audit.log", entry);
    env.write("victim", "keep\n");
    symlink("victim", env.path("link")).unwrap();
    nix::unistd::mkfifo(&env.path("fifo"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    let refused = |what: &str, why: &str| failed(&format!("auditlog: cursor file {what}: {why}\n"));
    for (cursor, why) in [
        ("link", "a symbolic link: refusing to write through it"),
        ("fifo", "not a regular file: refusing to write through it"),
        (
            "/dev/null",
            "not a regular file: refusing to write through it",
        ),
    ] {
        assert_eq!(
            env.run(&["--file", "audit.log", "list", "--cursor-file", cursor]),
            refused(cursor, why),
            "{cursor}"
        );
    }
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // The sealing state behind a link or a FIFO.
    let mut init = env.cmd();
    init.args(["--file", "audit.log", "seal", "init"]);
    assert_eq!(output(&mut init).code, 0);
    fs::remove_file(env.path("audit.log.seal-key")).unwrap();
    for (name, why) in [
        ("link", "a symbolic link: refusing to write through it"),
        ("fifo", "not a regular file: refusing to write through it"),
    ] {
        let _ = fs::remove_file(env.path("audit.log.seal-key"));
        fs::rename(env.path(name), env.path("audit.log.seal-key")).unwrap();
        assert_eq!(
            env.run(&["--file", "audit.log", "seal"]),
            failed(&format!("auditlog: audit.log.seal-key: {why}\n")),
            "{name}"
        );
        fs::rename(env.path("audit.log.seal-key"), env.path(name)).unwrap();
    }
    // An archive's intent behind a link or a FIFO.
    for name in ["link", "fifo"] {
        fs::rename(env.path(name), env.path("audit.log.archive-intent")).unwrap();
        assert_eq!(
            env.run(&["--file", "audit.log", "archive", "--before", "2026-11-24"]),
            failed(
                "auditlog: refusing the intent file audit.log.archive-intent: it is not a file this program wrote; nothing was changed. Remove it if no archive of this log is under way\n"
            ),
            "{name}"
        );
        fs::rename(env.path("audit.log.archive-intent"), env.path(name)).unwrap();
    }
    assert_eq!(env.read("victim"), "keep\n");
    assert_eq!(env.read("audit.log"), entry);
}

/// Summaries that cannot be written on a full disk are said once and counted; queries still
/// answer, reading the members.
#[test]
fn summaries_that_cannot_be_written_are_said_once_and_counted() {
    let env = Env::new();
    super::archives::twenty_days(&env);
    let Some(disk) = Mount::tmpfs(&env, "cache", "64k") else {
        return;
    };
    disk.fill();
    let out = env.run(&["index"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stdout.lines().next(),
        Some(
            "20 rotated files: 0 summarized now, 0 already, 0 plain (read by offset, no summary \
             needed), 20 not summarized (20 of them because their summary could not be written)"
        ),
        "{}",
        out.stdout
    );
    let members = disk.path("auditlog/members").display().to_string();
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("auditlog: cannot keep the summary of audit-2026-10-")
            && out.stderr.ends_with(&format!(
                " in {members}: No space left on device (os error 28)\n"
            )),
        "{}",
        out.stderr
    );
    assert_eq!(
        env.run(&["--rotated", "list", "--user", "rare", "--count"]),
        ok("2\n")
    );
}
