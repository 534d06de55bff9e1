//! Shipping across rotation, driven by the real `logrotate` (Debian's package): a shipper
//! (`tail -f --cursor-file`) runs while a writer appends and logrotate rotates the log ten
//! times, in each of the ways people configure it. Every entry the files hold is delivered, in
//! order, and only a kill makes one come twice.

use std::io::{BufRead, BufReader};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::*;

/// The real logrotate, or why there is none.
fn logrotate() -> Option<PathBuf> {
    let found = [
        "/usr/sbin/logrotate",
        "/sbin/logrotate",
        "/usr/bin/logrotate",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    if found.is_none() {
        eprintln!("skipping: logrotate is not installed (Debian's logrotate package)");
    }
    found
}

/// A shipper running: `auditlog tail -f --cursor-file cursor`, its reasons as they come.
struct Shipper {
    child: std::process::Child,
    reasons: Arc<Mutex<Vec<String>>>,
}

impl Shipper {
    fn start(env: &Env, rotated: bool) -> Shipper {
        let mut args = vec!["--file", "audit.log"];
        if rotated {
            args.push("--rotated");
        }
        args.extend(["tail", "-f", "--cursor-file", "cursor", "-o", "plain"]);
        let mut child = env
            .cmd()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(env.path("shipper.err")).unwrap())
            .spawn()
            .unwrap();
        let reasons = Arc::new(Mutex::new(Vec::new()));
        let (stdout, seen) = (child.stdout.take().unwrap(), Arc::clone(&reasons));
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let reason = line.split('\t').nth(5).unwrap_or_default().to_owned();
                seen.lock().unwrap().push(reason);
            }
        });
        Shipper { child, reasons }
    }

    fn reasons(&self) -> Vec<String> {
        self.reasons.lock().unwrap().clone()
    }

    /// Waits until the shipper has delivered `count` entries in all, or twenty seconds.
    fn wait_for(&self, count: usize) {
        let start = Instant::now();
        while self.reasons().len() < count && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn still_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn kill(mut self) -> Vec<String> {
        self.stop();
        // What was read before the kill is all there is.
        std::thread::sleep(Duration::from_millis(100));
        self.reasons()
    }
}

impl Shipper {
    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A test that fails before it stops the shipper leaves no process behind.
impl Drop for Shipper {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Appends `count` entries, `w0` on, with the real clock, a few milliseconds apart.
fn writer(env: &Env, count: usize) -> std::thread::JoinHandle<()> {
    let mut commands: Vec<Command> = (0..count)
        .map(|i| {
            let mut cmd = env.cmd();
            cmd.env_remove("AUDITLOG_NOW").args([
                "--file",
                "audit.log",
                "record",
                "./orders/add",
                "--reason",
                &format!("w{i}"),
                "--no-sync",
            ]);
            cmd
        })
        .collect();
    std::thread::spawn(move || {
        for cmd in &mut commands {
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "{out:?}");
            std::thread::sleep(Duration::from_millis(3));
        }
    })
}

/// Rotates the log `times` times with logrotate and this configuration's directives, `apart`
/// between rotations.
fn rotate(env: &Env, logrotate: &Path, directives: &str, times: usize, apart: Duration) {
    let config = env.write(
        "logrotate.conf",
        &format!(
            "{} {{\n    rotate 50\n    missingok\n    ifempty\n{directives}}}\n",
            env.path("audit.log").display()
        ),
    );
    for _ in 0..times {
        std::thread::sleep(apart);
        let out = Command::new(logrotate)
            .args(["-f", "-s"])
            .arg(env.path("logrotate.state"))
            .arg(&config)
            .output()
            .unwrap();
        assert!(out.status.success(), "logrotate: {out:?}");
    }
}

/// The reasons the log's files hold, oldest first, read as one rotated set.
fn written(env: &Env) -> Vec<String> {
    let out = env.run(&[
        "--file",
        "audit.log",
        "--rotated",
        "list",
        "--oldest-first",
        "-o",
        "plain",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    out.stdout
        .lines()
        .map(|line| line.split('\t').nth(5).unwrap_or_default().to_owned())
        .collect()
}

/// One way of rotating: the shipper runs through ten rotations while a writer appends.
fn ships_everything_across(directives: &str, rotated: bool, apart: Duration) {
    let Some(logrotate) = logrotate() else {
        return;
    };
    let env = Env::new();
    for i in 0..3 {
        let out = env.run(&[
            "--file",
            "audit.log",
            "record",
            "./login",
            "--reason",
            &format!("before {i}"),
        ]);
        assert_eq!(out.code, 0, "{out:?}");
    }
    let mut shipper = Shipper::start(&env, rotated);
    let writing = writer(&env, 150);
    rotate(&env, &logrotate, directives, 10, apart);
    writing.join().unwrap();
    let want = written(&env);
    assert!(
        want.len() >= 140,
        "the files hold what was written: {want:?}"
    );
    shipper.wait_for(want.len());
    // Entries that only the shipper saw (see copytruncate below) come on top.
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        shipper.still_running(),
        "the shipper is still running after ten rotations ({directives})"
    );
    let got = shipper.kill();
    let said = format!(
        "{directives}, --rotated: {rotated}; the shipper said: {}",
        env.read("shipper.err")
    );
    if directives.contains("copytruncate") {
        // An entry written between logrotate's copy and its truncation is in no file, but
        // the shipper may have read it: what it delivered holds every entry of the files,
        // once each, in the order written.
        let key = |reason: &String| -> (bool, u32) {
            match reason.strip_prefix('w') {
                Some(n) => (true, n.parse().unwrap()),
                None => (false, reason.trim_start_matches("before ").parse().unwrap()),
            }
        };
        assert!(
            got.windows(2).all(|w| key(&w[0]) < key(&w[1])),
            "{got:?} {said}"
        );
        let missing: Vec<&String> = want.iter().filter(|r| !got.contains(r)).collect();
        assert!(missing.is_empty(), "missing {missing:?}: {said}");
    } else {
        assert_eq!(got, want, "{said}");
    }
}

#[test]
fn a_shipper_follows_logrotate_create_with_and_without_rotated() {
    ships_everything_across("    create\n", true, Duration::from_millis(150));
    ships_everything_across("    create\n", false, Duration::from_millis(150));
}

#[test]
fn a_shipper_follows_logrotate_copytruncate() {
    ships_everything_across("    copytruncate\n", true, Duration::from_millis(150));
}

#[test]
fn a_shipper_follows_logrotate_compress_with_delaycompress() {
    ships_everything_across(
        "    create\n    compress\n    delaycompress\n",
        true,
        Duration::from_millis(150),
    );
}

#[test]
fn a_shipper_follows_logrotate_dateext() {
    // One name a second: logrotate refuses a date it has used.
    ships_everything_across(
        "    create\n    dateext\n    dateformat -%Y%m%d-%H%M%S\n",
        true,
        Duration::from_millis(1050),
    );
}

/// Killed in the middle and started again with its cursor, a shipper delivers everything;
/// what it delivered just before the kill may come twice, nothing is skipped.
#[test]
fn a_shipper_killed_between_rotations_repeats_and_never_skips() {
    let Some(logrotate) = logrotate() else {
        return;
    };
    let env = Env::new();
    let shipper = Shipper::start(&env, true);
    let writing = writer(&env, 150);
    rotate(
        &env,
        &logrotate,
        "    create\n",
        5,
        Duration::from_millis(100),
    );
    let mut got = shipper.kill();
    let shipper = Shipper::start(&env, true);
    rotate(
        &env,
        &logrotate,
        "    create\n",
        5,
        Duration::from_millis(100),
    );
    writing.join().unwrap();
    let want = written(&env);
    assert_eq!(want.len(), 150);
    let before = got.len();
    shipper.wait_for(want.len() + 20);
    got.extend(shipper.kill());
    let mut once = got.clone();
    once.dedup_by(|a, b| a == b);
    let mut seen = std::collections::HashSet::new();
    once.retain(|r| seen.insert(r.clone()));
    assert_eq!(
        once, want,
        "everything, in order, after {before} before the kill"
    );
}

/// Between a rotation and the next write there is no log, only what was rotated: a shipper run
/// from cron then reads the rotated files on from its cursor, and does not fail.
#[test]
fn a_cursor_reads_the_rotated_files_before_the_new_log_is_written() {
    let env = Env::new();
    let record = |reason: &str| {
        let out = env.run(&[
            "--file",
            "audit.log",
            "record",
            "./login",
            "--reason",
            reason,
        ]);
        assert_eq!(out.code, 0, "{out:?}");
    };
    let list = || {
        let out = env.run(&[
            "--file",
            "audit.log",
            "--rotated",
            "list",
            "--cursor-file",
            "cursor",
            "-o",
            "plain",
        ]);
        let reasons: Vec<String> = out
            .stdout
            .lines()
            .map(|l| l.split('\t').nth(5).unwrap().to_owned())
            .collect();
        (out.code, reasons, out.stderr)
    };
    record("one");
    assert_eq!(list(), (0, vec!["one".to_owned()], String::new()));
    record("two");
    fs::rename(env.path("audit.log"), env.path("audit.log.1")).unwrap();
    assert_eq!(list(), (0, vec!["two".to_owned()], String::new()));
    assert_eq!(list(), (1, vec![], String::new()));
    record("three");
    assert_eq!(list(), (0, vec!["three".to_owned()], String::new()));
}
