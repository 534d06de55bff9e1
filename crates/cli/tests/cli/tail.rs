//! `auditlog tail`: the last entries, and following a log while another process writes it,
//! renames it, truncates it. Timeouts here are generous limits for a stuck test, never a
//! measure of speed.

use std::fs::OpenOptions;
use std::process::Child;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use super::*;

const WEEK: &str = include_str!("../../../../fixtures/week.log");

fn entry(stamp: &str, request: &str) -> String {
    format!(
        "{stamp} INFO  REQUEST: {request} - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
    )
}

/// Appends to a file as another process would: one write.
fn append(path: &Path, text: &str) {
    OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
}

/// A `tail -f` running in the background, its output going to files.
struct Following {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Following {
    fn start(env: &Env, args: &[&str]) -> Following {
        let stdout = env.path("tail.out");
        let stderr = env.path("tail.err");
        let child = env
            .cmd()
            .args(args)
            .stdout(fs::File::create(&stdout).unwrap())
            .stderr(fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        Following {
            child,
            stdout,
            stderr,
        }
    }

    /// Waits until the output holds `lines` lines (at most 20 s), and returns it.
    fn wait_for(&self, lines: usize) -> String {
        let start = Instant::now();
        loop {
            let out = fs::read_to_string(&self.stdout).unwrap();
            if out.lines().count() >= lines || start.elapsed() > Duration::from_secs(20) {
                return out;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the process to end by itself (at most 20 s).
    fn end(mut self) -> Out {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > Duration::from_secs(20) {
                self.child.kill().unwrap();
                panic!("tail -f did not end");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Out {
            code: status.code().unwrap_or(-1),
            stdout: fs::read_to_string(&self.stdout).unwrap(),
            stderr: fs::read_to_string(&self.stderr).unwrap(),
        }
    }

    fn interrupt(self) -> Out {
        kill(Pid::from_raw(self.child.id() as i32), Signal::SIGINT).unwrap();
        self.end()
    }
}

/// A test that fails before it ends the follower leaves no process behind.
impl Drop for Following {
    fn drop(&mut self) {
        if self.child.try_wait().is_ok_and(|status| status.is_none()) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn prints_the_last_matching_entries_oldest_first() {
    let env = Env::new();
    env.fixture("week.log");
    let lines: Vec<&str> = WEEK.split_inclusive('\n').collect();
    assert_eq!(
        env.run(&["--file", "week.log", "tail", "-n", "2", "-o", "raw"]),
        ok(&lines[20..].concat())
    );
    assert_eq!(
        env.run(&[
            "--file", "week.log", "tail", "-o", "raw", "--user", "jdoe", "-n", "3"
        ]),
        ok(&[lines[8], lines[16], lines[17]].concat())
    );
    assert_eq!(
        env.run(&[
            "--file", "week.log", "tail", "-o", "raw", "--user", "nobody"
        ]),
        found(1, "")
    );
}

/// A table used to be refused with -f, as it was sized to all of its rows; it is laid out from
/// the rows printed first, and grows row by row.
#[test]
fn follows_as_a_table() {
    let env = Env::new();
    let log = env.path("audit.log");
    append(&log, &entry("2026-11-23T10:00:00,000", "./login"));
    let tail = Following::start(
        &env,
        &[
            "--file",
            "audit.log",
            "tail",
            "-f",
            "-n",
            "1",
            "--max",
            "2",
            "-o",
            "table",
        ],
    );
    assert_eq!(
        tail.wait_for(2),
        "\
Created                  Account   Request           Category      Reason      Spent  Ticket    Ref
2026-11-23 10:00:00.000  root      ./login           IDENTITY      -           -      -         20261123T100000.000
"
    );
    append(&log, &entry("2026-11-23T10:00:01,000", "./orders/add"));
    assert_eq!(
        tail.end(),
        ok("\
Created                  Account   Request           Category      Reason      Spent  Ticket    Ref
2026-11-23 10:00:00.000  root      ./login           IDENTITY      -           -      -         20261123T100000.000
2026-11-23 10:00:01.000  root      ./orders/add      CONTROLLER    -           -      -         20261123T100001.000
")
    );
}

#[test]
fn follows_appends_halves_rotation_and_truncation_and_ends_on_ctrl_c() {
    let env = Env::new();
    let log = env.path("audit.log");
    let first = entry("2026-11-23T10:00:00,000", "./login");
    append(&log, &first);
    let tail = Following::start(
        &env,
        &["--file", "audit.log", "tail", "-f", "-n", "1", "-o", "raw"],
    );
    assert_eq!(tail.wait_for(1), first);

    // An entry written by another process.
    let second = entry("2026-11-23T10:00:01,000", "./orders/add");
    append(&log, &second);
    assert_eq!(tail.wait_for(2), format!("{first}{second}"));

    // An entry written in two halves, and a reason that goes on on the next line: printed
    // only once whole.
    let third = "2026-11-23T10:00:02,000 INFO  REQUEST: ./orders/cancel - USER: jdoe - PARAMS: - - COMMENT: first line\nsecond line - TIMESPENT: - - TICKET: -\n";
    append(&log, &third[..60]);
    std::thread::sleep(Duration::from_millis(400));
    append(&log, &third[60..95]);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(
        fs::read_to_string(&tail.stdout).unwrap(),
        format!("{first}{second}")
    );
    append(&log, &third[95..]);
    assert_eq!(tail.wait_for(4), format!("{first}{second}{third}"));

    // Rotation: renamed, one more entry lands in the old file, then a new file is created.
    let rotated = env.path("audit.log.1");
    fs::rename(&log, &rotated).unwrap();
    let late = entry("2026-11-23T10:00:03,000", "./late");
    append(&rotated, &late);
    let fresh = entry("2026-11-23T10:00:04,000", "./fresh");
    append(&log, &fresh);
    assert_eq!(
        tail.wait_for(6),
        format!("{first}{second}{third}{late}{fresh}")
    );

    // Truncation: read again from the top.
    fs::write(&log, "").unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let after = entry("2026-11-23T10:00:05,000", "./after");
    append(&log, &after);
    assert_eq!(
        tail.wait_for(7),
        format!("{first}{second}{third}{late}{fresh}{after}")
    );

    assert_eq!(
        tail.interrupt(),
        Out {
            code: 0,
            stdout: format!("{first}{second}{third}{late}{fresh}{after}"),
            stderr: "auditlog: audit.log was replaced: following the new file\nauditlog: audit.log was truncated: reading it from the top\n".into(),
        }
    );
}

#[test]
fn waits_for_a_log_that_does_not_exist_yet_and_ends_by_itself() {
    let env = Env::new();
    let tail = Following::start(
        &env,
        &[
            "--file",
            "later.log",
            "tail",
            "-f",
            "-n",
            "0",
            "--max",
            "1",
            "--request",
            "./orders/*",
            "-o",
            "raw",
        ],
    );
    std::thread::sleep(Duration::from_millis(300));
    let login = entry("2026-11-23T10:00:00,000", "./login");
    let order = entry("2026-11-23T10:00:01,000", "./orders/add");
    append(&env.path("later.log"), &format!("{login}{order}"));
    assert_eq!(tail.end(), ok(&order));

    // --until: once that time has passed, following ends. "Now" is AUDITLOG_NOW, 12:00:00.
    let tail = Following::start(
        &env,
        &[
            "--file",
            "later.log",
            "tail",
            "-f",
            "-n",
            "1",
            "--until",
            "2026-11-23T12:00:01",
            "-o",
            "raw",
        ],
    );
    assert_eq!(tail.end(), ok(&order));
}

/// An entry without a tail (every entry of JobScheduler 1.x, and one cut short) may still be
/// going on, so following waited for the next entry before it printed it, and `tail` without
/// `-f` never printed the last one at all. `tail` reads what `list` reads; following prints
/// such an entry once it has waited a moment for more.
#[test]
fn an_entry_without_a_tail_is_the_last_entry_and_is_followed() {
    let env = Env::new();
    let first = "2017-01-02 18:23:53,553 INFO  USER: ap - REQUEST: ./orders/suspend - PARAMS: {\"orderId\":\"5\",\"jobChain\":\"/sample/job_chain1\"}\n";
    let second = "2017-01-02 18:23:54,553 INFO  USER: ap - REQUEST: ./orders/resume - PARAMS: {\"orderId\":\"6\",\"jobChain\":\"/sample/job_chain1\"}\n";
    env.write("js1.log", &format!("{first}{second}"));
    let list = env.run(&["--file", "js1.log", "list", "-n", "1", "-o", "raw"]);
    assert_eq!(list, ok(second));
    assert_eq!(
        env.run(&["--file", "js1.log", "tail", "-n", "2", "-o", "raw"]),
        ok(&format!("{first}{second}"))
    );
    // Written long ago: its last entry is whole, and `-n 0` follows from after it.
    let touched = Command::new("touch")
        .args(["-d", "2017-01-03"])
        .arg(env.path("js1.log"))
        .status()
        .unwrap();
    assert!(touched.success());
    let following = Following::start(
        &env,
        &["--file", "js1.log", "tail", "-f", "-n", "0", "-o", "raw"],
    );
    std::thread::sleep(Duration::from_millis(300));
    let third = "2017-01-02 18:23:55,553 INFO  USER: ap - REQUEST: ./orders/remove - PARAMS: {\"orderId\":\"7\",\"jobChain\":\"/sample/job_chain1\"}\n";
    append(&env.path("js1.log"), third);
    assert_eq!(following.wait_for(1), third);
    let out = following.interrupt();
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, third, "")
    );
}

/// A writer that put a reason's second line more than a second after its first: following
/// took the first line alone and reported the second as not an entry, though the body said the
/// reason goes on. It waits for what the body says.
#[test]
fn following_waits_for_the_rest_of_a_reason_the_body_holds() {
    let env = Env::new();
    env.write("audit.log", "");
    let following = Following::start(
        &env,
        &["--file", "audit.log", "tail", "-f", "-n", "0", "-o", "raw"],
    );
    std::thread::sleep(Duration::from_millis(300));
    let first = "2026-12-07T01:00:00,000 INFO  REQUEST: ./orders/add - USER: a - PARAMS: {\"controllerId\":\"p\",\"auditLog\":{\"comment\":\"line1\\nline2\"}} - COMMENT: line1\n";
    let second = "line2 - TIMESPENT: - - TICKET: -\n";
    append(&env.path("audit.log"), first);
    // Longer than following waits for an entry without a tail.
    std::thread::sleep(Duration::from_millis(2500));
    append(&env.path("audit.log"), second);
    assert_eq!(following.wait_for(2), format!("{first}{second}"));
    let out = following.interrupt();
    assert_eq!(out.stderr, "");
}

/// A log cut and written again past where following stood (logrotate's copytruncate while a
/// writer goes on) was read on from the old offset: mid-line, or past entries. What was read
/// last is no longer where it was, and the log is read again from its start.
#[test]
fn a_log_cut_and_written_again_past_where_following_stood_is_read_from_its_start() {
    let env = Env::new();
    let path = env.path("audit.log");
    let first = entry("2026-11-23T10:00:00,000", "./a");
    env.write("audit.log", &first);
    let following = Following::start(
        &env,
        &["--file", "audit.log", "tail", "-f", "-n", "1", "-o", "raw"],
    );
    assert_eq!(following.wait_for(1), first);
    let again = format!(
        "{}{}",
        entry("2026-11-23T10:00:01,000", "./bb"),
        entry("2026-11-23T10:00:02,000", "./ccc")
    );
    // Cut and written in one go: longer than what was read.
    fs::write(&path, &again).unwrap();
    assert_eq!(following.wait_for(3), format!("{first}{again}"));
    let out = following.interrupt();
    assert_eq!(
        (out.stdout, out.stderr),
        (
            format!("{first}{again}"),
            "auditlog: audit.log was truncated: reading it from the top\n".to_owned()
        )
    );
}

/// A FIFO put where the log was made following wait in `open` for good: the entries of the
/// regular file that came after were never shipped. Only a regular file is followed; anything
/// else at the name is looked at again later.
#[test]
fn a_fifo_in_the_logs_place_does_not_stop_following() {
    let env = Env::new();
    let path = env.path("audit.log");
    let first = entry("2026-11-23T10:00:00,000", "./a");
    env.write("audit.log", &first);
    let following = Following::start(
        &env,
        &["--file", "audit.log", "tail", "-f", "-n", "1", "-o", "raw"],
    );
    assert_eq!(following.wait_for(1), first);
    fs::rename(&path, env.path("audit.log.1")).unwrap();
    nix::unistd::mkfifo(&path, nix::sys::stat::Mode::S_IRWXU).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    fs::remove_file(&path).unwrap();
    let second = entry("2026-11-23T10:00:01,000", "./b");
    env.write("audit.log", &second);
    assert_eq!(following.wait_for(2), format!("{first}{second}"));
    let out = following.interrupt();
    assert_eq!(out.code, 0, "{out:?}");
}

/// A shipper whose log path is a directory said "it is a directory, not a log", naming no
/// file. Every error names its file.
#[test]
fn a_directory_where_the_shipper_s_log_should_be_is_named() {
    let env = Env::new();
    fs::create_dir(env.path("audit.log")).unwrap();
    let out = env.run(&[
        "--file",
        "audit.log",
        "--rotated",
        "tail",
        "-f",
        "--cursor-file",
        "ship.cursor",
    ]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "auditlog: cannot read audit.log: it is a directory, not a log\n"
        )
    );
}

/// The documented shipper (`--rotated tail -f --cursor-file`) read a log rotated in the second
/// pass of the repeated hour, and created empty before its first write (logrotate's `create`),
/// from the first pass: its entries went out an hour early, with references of the first pass.
/// It goes on in the pass the rotated file had reached.
#[test]
fn a_shipper_goes_on_in_the_second_pass_after_a_rotation_in_it() {
    let env = Env::new();
    let log = env.path("audit.log");
    let line = |time: &str, user: &str| {
        format!(
            "2026-10-25T{time},000 INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
        )
    };
    append(
        &log,
        &[
            line("01:50:00", "a"),
            line("02:10:00", "b"),
            line("02:50:00", "c"),
            line("02:05:00", "d"),
        ]
        .concat(),
    );
    let tail = Following::start(
        &env,
        &[
            "--tz",
            "Europe/Berlin",
            "--file",
            "audit.log",
            "--rotated",
            "tail",
            "-f",
            "-n",
            "0",
            "--cursor-file",
            "ship.cursor",
            "-o",
            "ndjson",
        ],
    );
    std::thread::sleep(Duration::from_millis(500));
    append(&log, &line("02:20:00", "e"));
    // Without a cursor yet, the shipper starts from the top: four entries, then this one.
    tail.wait_for(5);
    fs::rename(&log, env.path("audit.log.1")).unwrap();
    fs::write(&log, "").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    append(&log, &line("02:30:00", "g"));
    let out = tail.wait_for(6);
    let got: Vec<(String, String)> = out
        .lines()
        .skip(4)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["ref"].as_str().unwrap().to_owned(),
                v["instant"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "20261025T022000.000+0100".to_owned(),
                "2026-10-25T01:20:00.000Z".to_owned()
            ),
            (
                "20261025T023000.000+0100".to_owned(),
                "2026-10-25T01:30:00.000Z".to_owned()
            ),
        ]
    );
}

/// `tail -f --cursor-file --max 1`, given two entries appended in one write, printed the first
/// and saved the cursor past the second, which the next run then never printed.
#[test]
fn following_with_a_cursor_stops_the_cursor_at_the_last_entry_it_printed() {
    let env = Env::new();
    let first = entry("2026-11-23T10:00:00,000", "./orders/add");
    append(&env.path("audit.log"), &first);
    let args = [
        "--file",
        "audit.log",
        "tail",
        "--cursor-file",
        "cursor.json",
    ];
    assert_eq!(env.run(&[&args[..], &["-o", "raw"]].concat()), ok(&first));
    let tail = Following::start(
        &env,
        &[&args[..], &["-f", "--max", "1", "-o", "raw"]].concat(),
    );
    std::thread::sleep(Duration::from_millis(300));
    let second = entry("2026-11-23T10:00:01,000", "./orders/cancel");
    let third = entry("2026-11-23T10:00:02,000", "./orders/suspend");
    append(&env.path("audit.log"), &format!("{second}{third}"));
    assert_eq!(tail.end(), ok(&second));
    assert_eq!(env.run(&[&args[..], &["-o", "raw"]].concat()), ok(&third));
}
