//! `jobs`: states, missed starts, one job's history, `--check`'s exit codes, JSON, and the
//! Prometheus text format checked by promtool, on `fixtures/jobs.log` at 2026-11-23 12:00.

use super::*;

const CONFIG: &str = "timezone = \"Europe/Berlin\"
[jobs.archive-spaces]
schedule = \"0 2 * * *\"
grace = \"30m\"
max_duration = \"2h\"
[jobs.backup]
schedule = \"0 9 * * *\"
space = \"finance\"
since = \"2026-11-01\"
[jobs.report]
[jobs.cleanup]
schedule = \"30 3 * * SUN\"
since = \"2026-11-01\"
";

fn env() -> Env {
    let env = Env::new();
    env.fixture("jobs.log");
    env.write("config/jobs.toml", CONFIG);
    env
}

/// A fixture's text: a whole expected output.
fn fixture_text(name: &str) -> String {
    fs::read_to_string(root().join("fixtures").join(name)).unwrap()
}

fn jobs(env: &Env, args: &[&str]) -> Out {
    let mut all = vec!["--config", "config/jobs.toml", "--file", "jobs.log", "jobs"];
    all.extend(args);
    env.run(&all)
}

#[test]
fn every_job_configured_or_seen_with_its_state_last_run_next_start_and_misses() {
    let env = env();
    assert_eq!(
        jobs(&env, &["-o", "plain"]),
        Out {
            code: 0,
            // archive-spaces first ran on the 20th: three nights since; the others were
            // configured to exist since the 1st.
            stdout: "archive-spaces\t(none)\tMissed\t20261123-103000-24a0f3\t2026-11-23 10:30\tCancelled\t11m 7s\t2026-11-24 02:00\t2\t0.0%\t11m 7s\t11m 7s\t3\t?⊘\n\
                     backup\tfinance\tRunning\t20261123-115000-9c41d2\t2026-11-23 11:50\tRunning\t–\t2026-11-24 09:00\t2\t100.0%\t4m 12s\t4m 12s\t6\t✓▶\n\
                     cleanup\t(none)\tMissed\t(none)\t(none)\t(none)\t–\t2026-11-29 03:30\t0\t–\t–\t–\t1\t\n\
                     report\tsales\tFailed\t20261123-100000-664eb9\t2026-11-23 10:00\tFailed\t3.5s\t(none)\t1\t0.0%\t3.5s\t3.5s\t0\t✗\n"
                .to_owned(),
            stderr: String::new(),
        }
    );
}

#[test]
fn check_prints_what_needs_attention_and_says_so_by_its_exit_code() {
    let env = env();
    let out = jobs(&env, &["--check", "-o", "plain"]);
    assert_eq!(out.code, 1);
    let names: Vec<&str> = out
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(names, ["archive-spaces", "cleanup", "report"]);
    // One job that ran this morning as it should: all is well.
    env.write(
        "config/ok.toml",
        "timezone = \"Europe/Berlin\"\n[jobs.backup]\nschedule = \"0 9 * * *\"\n",
    );
    let ok = env.run(&[
        "--config",
        "config/ok.toml",
        "--file",
        "jobs.log",
        "jobs",
        "backup",
        "--check",
        "--until",
        "2026-11-23 11:00",
    ]);
    assert_eq!(
        (ok.code, ok.stdout.as_str(), ok.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn one_jobs_history_matches_each_expected_start_or_marks_it_missed() {
    let env = env();
    let out = jobs(&env, &["backup", "--since", "2026-11-21", "-o", "plain"]);
    assert_eq!(
        out.stdout,
        "2026-11-21 09:00\t(none)\tMissed\t(none)\t–\n\
         2026-11-22 09:00\t(none)\tMissed\t(none)\t–\n\
         2026-11-23 09:00\t20261123-090000-622baa\tSuccessful\t2026-11-23 09:00\t4m 12s\n\
         (none)\t20261123-115000-9c41d2\tRunning\t2026-11-23 11:50\t–\n\
         Files: █ flat, last 1204\n\
         Bytes: █ flat, last 734003200\n"
    );
    let unknown = jobs(&env, &["nightly"]);
    assert_eq!(
        (unknown.code, unknown.stderr.as_str()),
        (
            2,
            "auditlog: no job \"nightly\": it is neither in the configuration nor in the log\n"
        )
    );
}

#[test]
fn json_has_the_documented_keys() {
    let env = env();
    let out = jobs(&env, &["report", "-o", "json"]);
    assert_eq!(
        out.stdout,
        "[{\"job\":\"report\",\"space\":\"sales\",\"state\":\"Failed\",\"last\":{\"execution_id\":\"20261123-100000-664eb9\",\"status\":\"Failed\",\"started\":\"2026-11-23T10:00:00.000+01:00\",\"ended\":\"2026-11-23T10:00:03.540+01:00\",\"duration_ms\":3540},\"next_expected\":null,\"missed\":[],\"executions\":1,\"success_rate\":0.0,\"duration_ms\":{\"p50\":3540,\"p95\":3540}}]\n"
    );
}

#[test]
fn prometheus_output_passes_promtool() {
    let env = env();
    let out = jobs(&env, &["-o", "prometheus"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Whole, as a collector reads it. The running backup has no metrics yet: those of its
    // last finished run are shown.
    assert_eq!(out.stdout, fixture_text("jobs.prom"));
    promtool_accepts(&out.stdout);
}

/// Hands Prometheus text to `promtool check metrics` and asserts it passes; where promtool is
/// missing, says so and checks nothing.
fn promtool_accepts(text: &str) {
    if Command::new("promtool").arg("--version").output().is_err() {
        println!(
            "promtool is not installed (Debian: apt-get install prometheus): the format was not checked by it"
        );
        return;
    }
    let mut promtool = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    promtool
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let checked = promtool.wait_with_output().unwrap();
    assert!(
        checked.status.success(),
        "promtool: {}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
}

#[test]
fn on_a_terminal_jobs_are_a_table() {
    let env = env();
    let shown = env.run_on_terminal_with(
        &[
            "--config",
            "config/jobs.toml",
            "--file",
            "jobs.log",
            "jobs",
            "--check",
        ],
        180,
        false,
        &[("NO_COLOR", Some("1"))],
    );
    assert_eq!(shown.code, 1, "{}", shown.stderr);
    assert_eq!(
        shown.screen,
        "Job             Space   State   Last execution          Started           Status     Duration  Next start        Runs  Success     p50     p95  Missed  Recent\n\
         archive-spaces  (none)  Missed  20261123-103000-24a0f3  2026-11-23 10:30  Cancelled    11m 7s  2026-11-24 02:00     2     0.0%  11m 7s  11m 7s       3  ?⊘\n\
         cleanup         (none)  Missed  (none)                  (none)            (none)            –  2026-11-29 03:30     0        –       –       –       1\n\
         report          sales   Failed  20261123-100000-664eb9  2026-11-23 10:00  Failed         3.5s  (none)               1     0.0%    3.5s    3.5s       0  ✗\n"
    );
}

#[test]
fn a_window_with_too_many_expected_starts_is_refused_not_counted() {
    let env = env();
    env.write(
        "config/minutely.toml",
        "[jobs.poll]\nschedule = \"* * * * *\"\n",
    );
    let out = env.run(&[
        "--config",
        "config/minutely.toml",
        "--file",
        "jobs.log",
        "jobs",
        "--since",
        "2000-01-01",
    ]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "auditlog: the window holds more than 105120 expected starts of job \"poll\" (* * * * *): give a shorter --since\n"
        )
    );
}

#[test]
fn hostile_job_names_are_made_safe_in_every_form() {
    let env = Env::new();
    env.write(
        "hostile.log",
        "2026-11-23T09:00:00,000 INFO  REQUEST: ./job_executions/start - USER: x - PARAMS: {\"executionId\":\"a\",\"job\":\"we\\\"ird\\\\ \\u001b]0;pwned\\u0007 job\",\"trigger\":\"manual\",\"host\":\"h\",\"pid\":1,\"command\":[\"x\"],\"auditLog\":{}} - COMMENT: - - TIMESPENT: - - TICKET: -\n",
    );
    let run = |format: &str| {
        env.run(&[
            "--file",
            "hostile.log",
            "jobs",
            "--stale-after",
            "1h",
            "-o",
            format,
        ])
    };
    assert_eq!(
        run("plain").stdout,
        "we\"ird\\ ␛]0;pwned␇ job\t(none)\tAbandoned\ta\t2026-11-23 09:00\tAbandoned\t–\t(none)\t1\t0.0%\t–\t–\t0\t?\n"
    );
    assert_eq!(
        run("json").stdout,
        "[{\"job\":\"we\\\"ird\\\\ \\u001b]0;pwned\\u0007 job\",\"space\":null,\"state\":\"Abandoned\",\"last\":{\"execution_id\":\"a\",\"status\":\"Abandoned\",\"started\":\"2026-11-23T09:00:00.000+00:00\",\"ended\":null,\"duration_ms\":null},\"next_expected\":null,\"missed\":[],\"executions\":1,\"success_rate\":0.0,\"duration_ms\":null}]\n"
    );
    let prometheus = run("prometheus").stdout;
    assert_eq!(prometheus, fixture_text("jobs-hostile.prom"));
    assert!(!prometheus.contains('\u{1b}') && !prometheus.contains('\u{7}'));
    promtool_accepts(&prometheus);
}
