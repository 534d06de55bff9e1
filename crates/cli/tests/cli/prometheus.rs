//! The jobs' metrics against the real Prometheus (Debian's `prometheus` and
//! `prometheus-node-exporter`): node_exporter's textfile collector reads `jobs -o prometheus`,
//! Prometheus scrapes it and evaluates the shipped alert rules, and its HTTP API says what it
//! stored. And the rules against `promtool test rules`.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::*;

/// The rules and their tests, in the repository.
fn rules_dir() -> PathBuf {
    root().join("contrib/prometheus")
}

fn installed(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_alert_rules_pass_promtool() {
    if !installed("promtool") {
        eprintln!("skipping: promtool is not installed (Debian's prometheus package)");
        return;
    }
    for args in [
        ["check", "rules", "auditlog.rules.yml"],
        ["test", "rules", "auditlog.rules.test.yml"],
    ] {
        let out = Command::new("promtool")
            .args(args)
            .current_dir(rules_dir())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "promtool {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Processes started for a test, killed when it ends however it ends.
struct Running(Vec<std::process::Child>);

impl Drop for Running {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `GET path` on 127.0.0.1:port; the body, when the server answered.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
}

/// A PromQL query's result vector, from Prometheus' HTTP API.
fn query(port: u16, promql: &str) -> Vec<Value> {
    let encoded: String = promql
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    get(port, &format!("/api/v1/query?query={encoded}"))
        .and_then(|body| serde_json::from_str::<Value>(&body).ok())
        .and_then(|json| json["data"]["result"].as_array().cloned())
        .unwrap_or_default()
}

/// Waits, up to a minute, until `promql` has `count` series.
fn wait_for(port: u16, promql: &str, count: usize) -> Vec<Value> {
    let start = Instant::now();
    loop {
        let found = query(port, promql);
        if found.len() >= count || start.elapsed() > Duration::from_secs(60) {
            return found;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// A series' label, or "" when it has none.
fn label<'a>(series: &'a Value, name: &str) -> &'a str {
    series["metric"][name].as_str().unwrap_or("")
}

#[test]
fn prometheus_scrapes_the_textfile_and_keeps_the_job_label() {
    let exporter = ["prometheus-node-exporter", "node_exporter"]
        .into_iter()
        .find(|name| installed(name));
    let (Some(exporter), true) = (exporter, installed("prometheus")) else {
        eprintln!(
            "skipping: prometheus and prometheus-node-exporter are not installed (Debian's packages of those names)"
        );
        return;
    };
    let env = Env::new();
    env.fixture("jobs.log");
    env.write(
        "config/jobs.toml",
        "timezone = \"Europe/Berlin\"\n[jobs.backup]\nschedule = \"0 9 * * *\"\nspace = \"finance\"\nsince = \"2026-11-01\"\n[jobs.report]\n",
    );
    // Two names that look alike on a screen (written by hand: `run` refuses them): made safe
    // alike, they were one series twice, and node_exporter dropped the whole file.
    let mut log = env.read("jobs.log");
    for (i, name) in ["dup\\u200bj", "dup\\u200cj"].iter().enumerate() {
        log.push_str(&format!(
            "2026-11-23T11:0{i}:00,000 INFO  REQUEST: ./job_executions/start - USER: Scheduled execution - PARAMS: {{\"executionId\":\"20261123-110{i}00-00000{i}\",\"job\":\"{name}\",\"trigger\":\"scheduled\",\"host\":\"batch09\",\"pid\":1,\"command\":[\"x\"],\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n"
        ));
    }
    env.write("jobs.log", &log);
    let metrics = env.run(&[
        "--config",
        "config/jobs.toml",
        "--file",
        "jobs.log",
        "jobs",
        "-o",
        "prometheus",
    ]);
    assert_eq!(metrics.code, 0, "{metrics:?}");
    fs::create_dir(env.path("textfile")).unwrap();
    env.write("textfile/auditlog.prom", &metrics.stdout);

    let (node, web) = (free_port(), free_port());
    env.write(
        "prometheus.yml",
        &format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - {}\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:{node}']\n",
            rules_dir().join("auditlog.rules.yml").display()
        ),
    );
    let quiet = || Stdio::null();
    let _running = Running(vec![
        Command::new(exporter)
            .arg("--collector.disable-defaults")
            .arg("--collector.textfile")
            .arg(format!(
                "--collector.textfile.directory={}",
                env.path("textfile").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{node}"))
            .stdout(quiet())
            .stderr(quiet())
            .spawn()
            .unwrap(),
        Command::new("prometheus")
            .arg(format!(
                "--config.file={}",
                env.path("prometheus.yml").display()
            ))
            .arg(format!(
                "--storage.tsdb.path={}",
                env.path("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{web}"))
            .stdout(quiet())
            .stderr(quiet())
            .spawn()
            .unwrap(),
    ]);

    // Every job's series, with our label as written and the scrape's own `job` beside it.
    let missed = wait_for(web, "auditlog_job_missed_runs", 5);
    let mut got: Vec<(String, String, String, String)> = missed
        .iter()
        .map(|s| {
            (
                label(s, "auditlog_job").to_owned(),
                label(s, "job").to_owned(),
                label(s, "space").to_owned(),
                s["value"][1].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    got.sort();
    let want = |job: &str, space: &str, value: &str| {
        (job.into(), "node".into(), space.into(), value.into())
    };
    assert_eq!(
        got,
        [
            want("archive-spaces", "", "0"),
            want("backup", "finance", "6"),
            want("dup\\u{200b}j", "", "0"),
            want("dup\\u{200c}j", "", "0"),
            want("report", "sales", "0"),
        ],
        "{missed:?}"
    );
    assert!(
        missed
            .iter()
            .all(|s| s["metric"].get("exported_job").is_none()),
        "no label was renamed: {missed:?}"
    );
    // The shipped rules are loaded and fire on what was scraped.
    let failing = wait_for(web, "ALERTS{alertname=\"AuditlogJobFailing\"}", 1);
    let firing: Vec<(&str, &str)> = failing
        .iter()
        .map(|s| (label(s, "auditlog_job"), label(s, "alertstate")))
        .collect();
    assert_eq!(firing, [("report", "firing")], "{failing:?}");
}
