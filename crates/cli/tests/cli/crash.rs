//! Writers killed with SIGKILL at random points, a fixed number of times each: afterwards
//! `check` is clean, no entry is torn or merged with another, and no export is half-written.
//! The points are drawn from a fixed seed, so a failure repeats.

use std::process::Child;
use std::time::Duration;

use calamine::{Reader as _, Xlsx, open_workbook};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use super::*;

/// A small deterministic random source.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Kills a child with SIGKILL after `micros`, and reaps it.
fn kill_after(mut child: Child, micros: u64) {
    std::thread::sleep(Duration::from_micros(micros));
    let _ = kill(Pid::from_raw(child.id() as i32), Signal::SIGKILL);
    let _ = child.wait();
}

fn spawn(env: &Env, args: &[&str]) -> Child {
    env.cmd()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// What `check` says of a log that must be clean, and the entries it holds.
fn clean(env: &Env, log: &str) -> Vec<serde_json::Value> {
    let check = env.run(&["--file", log, "check"]);
    assert_eq!(check.code, 0, "{check:?}");
    let listed = env.run(&["--file", log, "list", "-o", "ndjson", "--oldest-first"]);
    assert_eq!(listed.stderr, "");
    listed
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn records_killed_anywhere_leave_only_whole_entries() {
    let env = Env::new();
    let mut rng = Rng(0x5eed_0001);
    for i in 0..60 {
        let reason = format!("entry {i} {}", "x".repeat(rng.below(3000) as usize));
        let child = spawn(
            &env,
            &[
                "--file",
                "audit.log",
                "record",
                "./orders/add",
                "--user",
                "root",
                "--reason",
                &reason,
            ],
        );
        kill_after(child, rng.below(8000));
    }
    // One that is not killed, so that there is a log whatever the draws were.
    assert_eq!(
        env.run(&["--file", "audit.log", "record", "./login", "--user", "root"]),
        ok("")
    );
    // SIGKILL can cut even one write short between the pages the kernel copies (it looks for
    // a fatal signal before each): check flags such a line as cut short, and the next writer
    // starts on a fresh line. Nothing else may be wrong.
    let check = env.run(&["--file", "audit.log", "check"]);
    let torn: Vec<u64> = check
        .stdout
        .lines()
        .filter(|l| l.starts_with("audit.log:") && !l.starts_with("audit.log: "))
        .map(|l| {
            assert!(l.contains(": cut short?: the entry has no"), "{check:?}");
            l.split(':').nth(1).unwrap().parse().unwrap()
        })
        .collect();
    assert_eq!(check.code, u8::from(!torn.is_empty()) as i32, "{check:?}");
    let listed = env.run(&[
        "--file",
        "audit.log",
        "list",
        "-o",
        "ndjson",
        "--oldest-first",
    ]);
    let entries: Vec<serde_json::Value> = listed
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!((1..=61).contains(&entries.len()));
    for entry in &entries[..entries.len() - 1] {
        if torn.contains(&entry["line"].as_u64().unwrap()) {
            continue;
        }
        let reason = entry["comment"].as_str().unwrap();
        let (n, xs) = reason
            .strip_prefix("entry ")
            .and_then(|r| r.split_once(' '))
            .unwrap_or((reason, ""));
        assert!(
            n.parse::<u32>().is_ok() && xs.bytes().all(|b| b == b'x'),
            "{reason}"
        );
    }
}

#[test]
fn runs_killed_anywhere_leave_only_whole_entries() {
    let env = Env::new();
    let mut rng = Rng(0x5eed_0002);
    for _ in 0..25 {
        let child = spawn(
            &env,
            &[
                "--file",
                "audit.log",
                "run",
                "--job",
                "j",
                "--",
                "sh",
                "-c",
                "sleep 0.02",
            ],
        );
        kill_after(child, rng.below(60_000));
    }
    assert_eq!(
        env.run(&["--file", "audit.log", "run", "--job", "j", "--", "true"])
            .code,
        0
    );
    let entries = clean(&env, "audit.log");
    assert!(entries.len() >= 2);
    let executions = env.run(&["--file", "audit.log", "executions", "-o", "ndjson"]);
    for line in executions.stdout.lines() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            ["Successful", "Abandoned"].contains(&e["status"].as_str().unwrap()),
            "{line}"
        );
    }
}

#[test]
fn exports_killed_anywhere_leave_no_half_written_file() {
    let env = Env::new();
    let text: String = (0..20_000)
        .map(|i| {
            format!(
                "2026-11-23T{:02}:{:02}:{:02},000 INFO  REQUEST: ./orders/add - USER: u{} - PARAMS: {{\"controllerId\":\"prod\"}} - COMMENT: reason {i} - TIMESPENT: 5m - TICKET: https://t/{i}\n",
                i / 3600 % 24,
                i / 60 % 60,
                i % 60,
                i % 7
            )
        })
        .collect();
    env.write("audit.log", &text);
    let mut rng = Rng(0x5eed_0003);
    for i in 0..16 {
        let name = if i % 2 == 0 { "x.xlsx" } else { "x.csv" };
        let child = spawn(&env, &["--file", "audit.log", "export", name, "--force"]);
        kill_after(child, rng.below(400_000));
        if env.path("x.xlsx").exists() {
            let mut book: Xlsx<_> = open_workbook(env.path("x.xlsx")).unwrap();
            let rows = book.worksheet_range("Audit Log").unwrap().rows().count();
            assert_eq!(rows, 20_001);
        }
        if env.path("x.csv").exists() {
            assert_eq!(env.read("x.csv").lines().count(), 20_001);
        }
    }
    for name in ["x.xlsx", "x.csv"] {
        assert_eq!(
            env.run(&["--file", "audit.log", "export", name, "--force"]),
            ok("")
        );
    }
    let mut left: Vec<String> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["audit.log", "config", "x.csv", "x.xlsx"]);
}
