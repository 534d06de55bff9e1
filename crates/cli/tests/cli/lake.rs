//! `export DIR --format parquet` read by real engines: DuckDB (PyPI `duckdb`) and Spark in local
//! mode (PyPI `pyspark` with a Java runtime). In each, the entries and time spent by account,
//! the entries by day, the earliest and latest instant and the entries' line numbers equal what
//! `auditlog report` and `list` say of the same log; the instant is a timestamp. Also across
//! the hour repeated when daylight saving ends, with stamps that carry offsets, and when a
//! cursor adds the entries appended since the last run. An engine that cannot be had is said
//! and skipped.

use serde_json::{Value, json};

use super::*;

/// Whether Python can import `module`; says why a test skips when not.
fn python_has(module: &str, why: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipping {why}: python3 cannot import {module} (pip install {module})");
    }
    ok
}

/// The engines at hand.
fn engines() -> Vec<&'static str> {
    let mut engines = Vec::new();
    if python_has("duckdb", "DuckDB") {
        engines.push("duckdb");
    }
    let java = Command::new("java").arg("-version").output().is_ok();
    if !java {
        eprintln!("skipping Spark: no java (Debian's openjdk-17-jre-headless)");
    } else if python_has("pyspark", "Spark") {
        engines.push("spark");
    }
    engines
}

/// What an engine makes of each dataset in `dirs` (of executions, with `--executions` in
/// `how`), in one session.
fn summarized(engine: &str, how: &[&str], dirs: &[PathBuf]) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lake/summarize.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(engine)
        .args(how)
        .args(dirs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{engine}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// What auditlog itself says of `log` in `zone`, in the engines' terms.
fn reported(env: &Env, log: &str, zone: &str, instant: &str) -> Value {
    let run = |args: &[&str]| -> Vec<Value> {
        let out = env.run(&[&["--file", log, "--tz", zone], args].concat());
        serde_json::from_str(&out.stdout).unwrap()
    };
    let mut by_account: Vec<Value> = run(&["report", "--by", "account", "-o", "json"])
        .iter()
        .map(|r| json!([r["account"], r["entries"], r["time_spent"]]))
        .collect();
    by_account.sort_by_key(|r| r[0].as_str().unwrap().to_owned());
    let mut by_day: Vec<Value> = run(&["report", "--by", "day", "-o", "json"])
        .iter()
        .map(|r| json!([r["day"], r["entries"]]))
        .collect();
    by_day.sort_by_key(|r| r[0].as_str().unwrap().to_owned());
    let entries = run(&["list", "-o", "json"]);
    let mut instants: Vec<String> = entries
        .iter()
        .map(|e| e["instant"].as_str().unwrap().to_owned())
        .collect();
    instants.sort();
    let lines: u64 = entries.iter().map(|e| e["line"].as_u64().unwrap()).sum();
    json!({
        "by_account": by_account,
        "by_day": by_day,
        "first": instants.first(),
        "last": instants.last(),
        "lines": lines,
        "instant": instant,
    })
}

/// The type each engine gives the instant column.
fn timestamp(engine: &str) -> &'static str {
    match engine {
        "duckdb" => "TIMESTAMP WITH TIME ZONE",
        _ => "timestamp",
    }
}

#[test]
fn engines_read_the_dataset_as_auditlog_reports_the_log() {
    let engines = engines();
    if engines.is_empty() {
        return;
    }
    let env = Env::new();
    let quirks = Command::new(root().join("bench/gen-audit-log"))
        .args(["--lines", "3000", "--quirks", "--days", "60", "--seed", "5"])
        .output()
        .unwrap();
    env.write("quirks.log", &String::from_utf8(quirks.stdout).unwrap());
    for name in ["week.log", "dst.log", "forms.log", "js1.log"] {
        env.fixture(name);
    }
    let cases = [
        ("week.log", "UTC"),
        ("dst.log", "Europe/Berlin"),
        ("forms.log", "Europe/Berlin"),
        ("js1.log", "UTC"),
        ("quirks.log", "Europe/Berlin"),
    ];
    let mut dirs = Vec::new();
    for (log, zone) in cases {
        let dir = format!("{log}.lake");
        let out = env.run(&[
            "--file", log, "--tz", zone, "export", &dir, "--format", "parquet",
        ]);
        assert_eq!(out.code, 0, "{log}: {}", out.stderr);
        dirs.push(env.path(&dir));
    }
    dirs.push(by_cursor(&env));
    let logs = cases.iter().copied().chain([("audit.log", "UTC")]);
    for engine in &engines {
        let got = summarized(engine, &[], &dirs);
        for ((log, zone), got) in logs.clone().zip(got) {
            let want = reported(&env, log, zone, timestamp(engine));
            assert_eq!(got, want, "{engine} on {log} in {zone}");
        }
    }
}

/// A log of job executions in Europe/Berlin around the night daylight saving ends: starts in
/// both passes of the repeated hour, metrics that are numbers and text, executions that
/// failed, and one that never finished.
fn executions_log() -> String {
    let stamps = [
        "2026-10-24T23:50:00,000",
        "2026-10-25T01:40:00,000",
        "2026-10-25T02:10:00,000",
        "2026-10-25T02:40:00,000",
        // The repeated hour's second pass.
        "2026-10-25T02:05:00,000",
        "2026-10-25T02:35:00,000",
        "2026-10-25T03:20:00,000",
        "2026-10-26T08:00:00,000",
    ];
    let mut log = String::new();
    for (i, stamp) in stamps.iter().enumerate() {
        let (job, space) = [("backup", "\"space\":\"finance\","), ("report", "")][i % 2];
        let id = format!("2026102{i}-000000-{i:06x}");
        let start = format!(
            "\"executionId\":\"{id}\",\"job\":\"{job}\",{space}\"trigger\":\"scheduled\",\"host\":\"batch01\",\"pid\":{},\"command\":[\"/bin/{job}\"]",
            100 + i
        );
        let line = |request: &str, stamp: &str, body: &str| {
            format!(
                "{stamp} INFO  REQUEST: ./job_executions/{request} - USER: Scheduled execution - PARAMS: {{{body},\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n"
            )
        };
        log += &line("start", stamp, &start);
        if i == 7 {
            break;
        }
        let (status, exit, metrics) = match i % 3 {
            // A metric named twice (not as `run` writes it) is its last value, once: engines
            // refuse a map that holds a key twice.
            0 => (
                "Successful",
                0,
                format!(
                    "{{\"Files\":{i},\"Bytes\":{},\"Files\":{}}}",
                    i * 1000,
                    i + 100
                ),
            ),
            1 => (
                "Failed",
                3,
                format!("{{\"Files\":{i},\"state\":\"partial {i}\"}}"),
            ),
            _ => ("Successful", 0, "{}".to_owned()),
        };
        let end = stamp.replace(":00,000", ":30,500");
        let finish = format!(
            "{start},\"status\":\"{status}\",\"exitCode\":{exit},\"started\":\"{}\",\"ended\":\"{}\",\"durationMs\":30500,\"metrics\":{metrics}",
            stamp.replace(',', "."),
            end.replace(',', ".")
        );
        log += &line("finish", &end, &finish);
    }
    log
}

/// What auditlog itself says of the executions of `log` in Europe/Berlin, in the engines'
/// terms.
fn executions_reported(env: &Env, log: &str) -> Value {
    let run = |args: &[&str]| -> Vec<Value> {
        let out = env.run(&[&["--file", log, "--tz", "Europe/Berlin"], args].concat());
        serde_json::from_str(&out.stdout).unwrap()
    };
    let all = run(&["executions", "-o", "json"]);
    let mut each: Vec<Value> = all
        .iter()
        .map(|e| {
            json!([
                e["execution_id"],
                e["status"],
                e["started_instant"],
                e["duration_ms"]
            ])
        })
        .collect();
    each.sort_by_key(|e| e.to_string());
    let mut texts: Vec<Value> = all
        .iter()
        .flat_map(|e| {
            let id = e["execution_id"].clone();
            let metrics = e["metrics"].as_object().unwrap().clone();
            metrics
                .into_iter()
                .filter(|(_, v)| v.is_string())
                .map(move |(k, v)| json!([id, k, v]))
        })
        .collect();
    texts.sort_by_key(|t| t.to_string());
    let mut by_day: Vec<Value> = run(&["report", "--executions", "--by", "day", "-o", "json"])
        .iter()
        .map(|r| json!([r["day"], r["executions"]]))
        .collect();
    by_day.sort_by_key(|d| d.to_string());
    let mut metrics: Vec<Value> = run(&["report", "--executions", "--by", "job", "-o", "json"])
        .iter()
        .flat_map(|r| {
            let job = r["job"].clone();
            let sums = r["metrics"].as_object().unwrap().clone();
            sums.into_iter()
                .map(move |(k, v)| json!([job, k, v["sum"]]))
        })
        .collect();
    metrics.sort_by_key(|m| m.to_string());
    json!({"each": each, "by_day": by_day, "metrics": metrics, "texts": texts})
}

#[test]
fn engines_read_executions_as_auditlog_reports_them() {
    let engines = engines();
    if engines.is_empty() {
        return;
    }
    let env = Env::new();
    env.fixture("jobs.log");
    env.write("dst-jobs.log", &executions_log());
    let mut dirs = Vec::new();
    for log in ["jobs.log", "dst-jobs.log"] {
        let dir = format!("{log}.lake");
        let out = env.run(&[
            "--file",
            log,
            "--tz",
            "Europe/Berlin",
            "executions",
            "--export",
            &dir,
            "--format",
            "parquet",
        ]);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{log}");
        dirs.push(env.path(&dir));
    }
    // A second run into the same directory would hold each execution twice.
    let again = env.run(&[
        "--file",
        "jobs.log",
        "executions",
        "--export",
        "jobs.log.lake",
    ]);
    assert_eq!(
        again,
        failed(
            "auditlog: jobs.log.lake is not empty: export a dataset into a new directory, or \
             give --force to add these beside what is there\n"
        )
    );
    for engine in &engines {
        let got = summarized(engine, &["--executions"], &dirs);
        for (log, got) in ["jobs.log", "dst-jobs.log"].into_iter().zip(got) {
            let mut want = executions_reported(&env, log);
            for list in ["each", "by_day", "metrics", "texts"] {
                let sorted = {
                    let mut l = got[list].as_array().unwrap().clone();
                    l.sort_by_key(|v| v.to_string());
                    l
                };
                assert_eq!(
                    Value::Array(sorted),
                    want[list].take(),
                    "{engine} on {log}: {list}"
                );
            }
        }
    }
}

/// A dataset a cursor made in three runs: half a log, nothing new, the rest. Each run adds
/// parts and leaves those before as they were.
fn by_cursor(env: &Env) -> PathBuf {
    let week = fs::read_to_string(root().join("fixtures/week.log")).unwrap();
    let lines: Vec<&str> = week.lines().collect();
    env.write("audit.log", &(lines[..12].join("\n") + "\n"));
    let export = || {
        env.run(&[
            "--file",
            "audit.log",
            "--tz",
            "UTC",
            "export",
            "lake",
            "--format",
            "parquet",
            "--cursor-file",
            "cursor",
        ])
    };
    let parts = || {
        let mut all: Vec<(String, Vec<u8>)> = walk(&env.path("lake"))
            .iter()
            .map(|p| (p.display().to_string(), fs::read(p).unwrap()))
            .collect();
        all.sort();
        all
    };
    assert_eq!(export().code, 0);
    let before = parts();
    // Nothing new: nothing added.
    assert_eq!(export().code, 1);
    assert_eq!(parts(), before);
    env.write("audit.log", &week);
    assert_eq!(export().code, 0);
    let after = parts();
    assert!(before.iter().all(|p| after.contains(p)));
    assert!(after.len() > before.len());
    env.path("lake")
}

/// The files under `dir`, however deep.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn a_dataset_goes_only_where_it_belongs() {
    let env = Env::new();
    env.fixture("week.log");
    let export =
        |args: &[&str]| env.run(&[&["--file", "week.log", "--tz", "UTC", "export"], args].concat());
    env.write("file", "");
    assert_eq!(
        export(&["file", "--format", "parquet"]),
        failed(
            "auditlog: file is not a directory: a parquet dataset is written into a directory\n"
        )
    );
    assert_eq!(
        export(&["-", "--format", "parquet"]),
        failed("auditlog: a parquet dataset is a directory: name one, not standard output\n")
    );
    assert_eq!(
        export(&["out.csv", "--partition", "month"]),
        failed("auditlog: --partition is for --format parquet\n")
    );
    assert_eq!(export(&["lake", "--format", "parquet"]).code, 0);
    assert_eq!(
        export(&["lake", "--format", "parquet"]),
        failed(
            "auditlog: lake is not empty: export a dataset into a new directory, give \
             --cursor-file to add the entries since the last run, or --force to add these \
             beside what is there\n"
        )
    );
    // Parts partitioned otherwise than those there would make a dataset no engine reads.
    assert_eq!(
        export(&[
            "lake",
            "--format",
            "parquet",
            "--force",
            "--partition",
            "month"
        ]),
        failed(
            "auditlog: lake holds parts partitioned by day (date=2025-11-20): give --partition \
             day to add to it\n"
        )
    );
    // One run at a time writes into a dataset.
    let lock = fs::File::open(env.path("lake/.auditlog-export.lock")).unwrap();
    lock.lock().unwrap();
    assert_eq!(
        export(&["lake", "--format", "parquet", "--force"]),
        failed("auditlog: another export is writing into lake: wait for it, and run again\n")
    );
    drop(lock);
    // What a run killed outright left half written is cleared by the next, and nothing else.
    env.write(
        "lake/date=2025-11-20/.part-20251120T101500.000.4242.parquet.tmp",
        "half",
    );
    env.write("lake/date=2025-11-20/.part-notes.tmp", "mine");
    assert_eq!(export(&["lake", "--format", "parquet", "--force"]).code, 0);
    assert!(
        !env.path("lake/date=2025-11-20/.part-20251120T101500.000.4242.parquet.tmp")
            .exists()
    );
    assert!(env.path("lake/date=2025-11-20/.part-notes.tmp").exists());
    // An ID or a time spent too large for its column is null there, and said to be.
    env.write(
        "big.log",
        "2026-11-01T10:00:00,000 INFO  REQUEST: ./a - ID: 9223372036854775808 - USER: a - \
         PARAMS: - - COMMENT: - - TIMESPENT: 2147483648m - TICKET: -\n",
    );
    let big = env.run(&[
        "--file", "big.log", "--tz", "UTC", "export", "big", "--format", "parquet",
    ]);
    assert_eq!(
        (big.code, big.stderr.as_str()),
        (
            0,
            "auditlog: 1 entries have an ID past INT64 or a time spent past INT32 minutes: null \
             in those columns (list -o json shows them)\n"
        )
    );
    // A partition planted as a link to elsewhere is not written through, and the run adds
    // nothing: the parts it had put in place are taken back.
    fs::create_dir(env.path("elsewhere")).unwrap();
    fs::create_dir(env.path("planted")).unwrap();
    std::os::unix::fs::symlink(env.path("elsewhere"), env.path("planted/date=2026-11-23")).unwrap();
    let out = export(&["planted", "--format", "parquet", "--force"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.ends_with(
            "planted/date=2026-11-23 is not a directory: a partition is written only into a directory of its own\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read_dir(env.path("elsewhere")).unwrap().count(), 0);
    // What stays is the lock and the link: no part, and no partition the run had made.
    let mut left: Vec<String> = fs::read_dir(env.path("planted"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".auditlog-export.lock", "date=2026-11-23"]);
}
