//! `auditlog run`, `executions` and the execution detail view, with real commands.

use std::process::Child;
use std::time::{Duration, Instant};

use auditlog::execution::{Execution, Executions, Metric, Status};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use super::*;

const BIN: &str = env!("CARGO_BIN_EXE_auditlog");

/// Every execution in the log, paired.
fn executions(env: &Env) -> Vec<Execution> {
    let mut all = Executions::default();
    let Ok(reader) = Reader::open(&env.path("audit.log")) else {
        return Vec::new();
    };
    for item in reader {
        if let Item::Entry(e) = item.unwrap() {
            all.add(&e);
        }
    }
    all.into_vec()
}

fn run(env: &Env, args: &[&str]) -> Out {
    env.run(&[&["--file", "audit.log", "run"], args].concat())
}

/// Waits (at most 20 s) until the log holds `n` start entries.
fn wait_for_starts(env: &Env, n: usize) {
    let start = Instant::now();
    while executions(env).len() < n {
        assert!(start.elapsed() < Duration::from_secs(20), "no start entry");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn spawn(env: &Env, args: &[&str]) -> Child {
    env.cmd()
        .args([&["--file", "audit.log", "run"], args].concat())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Replaces what changes from run to run (IDs, the host, pids, end times, durations) with
/// placeholders, so that whole outputs can be compared.
fn steady(text: &str, ids: &[&str]) -> String {
    let mut text = text.to_owned();
    for (i, id) in ids.iter().enumerate() {
        text = text.replace(id, &format!("<id{i}>"));
    }
    let host = nix::unistd::gethostname()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let text = text.replace(&format!(" {host} "), " <host> ");
    let rules = [
        (r"pid \d+", "pid <pid>"),
        (r"(?m)^(  Ended +)\S+ \S+$", "${1}<time>"),
        (r"(?m)^(  Duration +)\S+$", "${1}<time>"),
    ];
    let mut text = text;
    for (pattern, with) in rules {
        text = regex::Regex::new(pattern)
            .unwrap()
            .replace_all(&text, with)
            .into_owned();
    }
    // Rows of `-o plain`: the end time and duration columns, when there are any.
    text.lines()
        .map(|line| {
            let mut cells: Vec<&str> = line.split('\t').collect();
            if cells.len() == 8 {
                for cell in &mut cells[6..] {
                    if !cell.is_empty() {
                        *cell = "<time>";
                    }
                }
            }
            format!("{}\n", cells.join("\t"))
        })
        .collect()
}

#[test]
fn a_successful_run_with_metrics_and_its_detail_view() {
    let env = Env::new();
    // Output and errors come through separate pipes: the pause keeps their order in the kept copy.
    let script = r#"echo to-out; sleep 0.3; echo to-err >&2; echo "Emails sent=3" >> "$AUDITLOG_METRICS"; "$BIN" metric "Spaces processed" 12"#;
    let out = output(
        env.cmd()
            .args([
                "--file",
                "audit.log",
                "run",
                "--job",
                "archive",
                "--space",
                "finance",
                "--reason",
                "Nightly archive",
                "--",
                "sh",
                "-c",
                script,
            ])
            .env("BIN", BIN),
    );
    assert_eq!(
        out,
        Out {
            code: 0,
            stdout: "to-out\n".into(),
            stderr: "to-err\n".into()
        }
    );
    let all = executions(&env);
    let [e] = all.as_slice() else {
        panic!("{all:?}")
    };
    let (finished, _) = e.finished.as_ref().unwrap();
    assert_eq!(
        (
            e.started.job.as_str(),
            e.started.space.as_deref(),
            e.started.trigger.as_str(),
            e.executed_by.as_str()
        ),
        (
            "archive",
            Some("finance"),
            "scheduled",
            "Scheduled execution"
        )
    );
    assert_eq!(
        (finished.status, finished.exit_code, finished.signal),
        (Status::Successful, Some(0), None)
    );
    assert_eq!(
        finished.metrics,
        [
            ("Emails sent".to_owned(), Metric::Number("3".into())),
            ("Spaces processed".to_owned(), Metric::Number("12".into()))
        ]
    );
    let id = e.started.id.as_str();
    let log = fs::canonicalize(env.path("audit.log")).unwrap();
    let detail = env.run(&["--file", "audit.log", "show", id]);
    assert_eq!(detail.code, 0);
    assert_eq!(
        steady(&detail.stdout, &[id]),
        format!(
            "Job execution <id0>
  Job          archive
  Space        finance
  Status       Successful

Details
  Executed by  Scheduled execution
  Started      2026-11-23 12:00:00.000
  Ended        <time>
  Duration     <time>
  Ended by     exit code 0
  Host         <host> (pid <pid>)
  Command      sh -c {script}

Metrics
  Emails sent  3
  Spaces processed 12

Support info
  auditlog --file {} show <id0> --log
",
            log.display()
        ),
    );
    // The support command prints the kept output, from anywhere.
    let support = detail.stdout.lines().last().unwrap().trim().to_owned();
    let words: Vec<&str> = support.split(' ').collect();
    assert_eq!(words[0], "auditlog");
    let printed = output(
        Command::new(BIN)
            .args(&words[1..])
            .current_dir("/")
            .env("AUDITLOG_NOW", "2026-11-23T12:00:00"),
    );
    assert_eq!(printed, ok("to-out\nto-err\n"));
}

#[test]
fn failures_missing_commands_and_timeouts_are_failed() {
    let env = Env::new();
    assert_eq!(run(&env, &["--", "sh", "-c", "exit 3"]).code, 3);
    let missing = run(&env, &["--", "./no-such-command"]);
    assert_eq!(
        missing,
        Out {
            code: 127,
            stdout: String::new(),
            stderr:
                "auditlog: cannot run ./no-such-command: No such file or directory (os error 2)\n"
                    .into()
        }
    );
    env.write("not-executable.sh", "echo hi\n");
    assert_eq!(run(&env, &["--", "./not-executable.sh"]).code, 126);
    assert_eq!(
        run(
            &env,
            &["--timeout", "1s", "--kill-after", "1s", "--", "sleep", "30"]
        )
        .code,
        128 + 15
    );
    /// Status, exit code, signal, reason.
    type Ending = (Status, Option<i32>, Option<i32>, Option<String>);
    let got: Vec<Ending> = executions(&env)
        .into_iter()
        .map(|e| {
            let (f, _) = e.finished.unwrap();
            (f.status, f.exit_code, f.signal, f.reason)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (Status::Failed, Some(3), None, None),
            (
                Status::Failed,
                None,
                None,
                Some("cannot run ./no-such-command: No such file or directory (os error 2)".into())
            ),
            (
                Status::Failed,
                None,
                None,
                Some("cannot run ./not-executable.sh: Permission denied (os error 13)".into())
            ),
            (Status::Failed, None, Some(15), Some("timed out".into())),
        ]
    );
}

#[test]
fn a_terminated_run_is_cancelled_and_an_overlapping_one_refused() {
    let env = Env::new();
    let first = spawn(&env, &["--job", "nightly", "--", "sleep", "30"]);
    wait_for_starts(&env, 1);
    let running = executions(&env)[0].started.id.clone();
    let refused = run(&env, &["--job", "nightly", "--", "true"]);
    assert_eq!(
        refused,
        Out {
            code: 75,
            stdout: String::new(),
            stderr: format!("auditlog: the job \"nightly\" is already running: {running}\n")
        }
    );
    kill(Pid::from_raw(first.id() as i32), Signal::SIGTERM).unwrap();
    let status = first.wait_with_output().unwrap().status;
    assert_eq!(status.code(), Some(128 + 15));
    let got: Vec<(String, Status, Option<String>)> = executions(&env)
        .into_iter()
        .map(|e| {
            let (f, _) = e.finished.unwrap();
            (e.started.job, f.status, f.reason)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("nightly".to_owned(), Status::Cancelled, None),
            (
                "nightly".to_owned(),
                Status::Cancelled,
                Some(format!("already running: {running}"))
            ),
        ]
    );
}

#[test]
fn a_failed_run_is_retried_as_new_executions() {
    let env = Env::new();
    let out = run(
        &env,
        &[
            "--retries",
            "2",
            "--retry-delay",
            "0s",
            "--job",
            "flaky",
            "--",
            "sh",
            "-c",
            "exit 1",
        ],
    );
    assert_eq!(out.code, 1);
    let all = executions(&env);
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].started.retry_of, None);
    assert_eq!(
        all[1].started.retry_of.as_deref(),
        Some(all[0].started.id.as_str())
    );
    assert_eq!(
        all[2].started.retry_of.as_deref(),
        Some(all[1].started.id.as_str())
    );
    assert!(
        all.iter()
            .all(|e| e.finished.as_ref().unwrap().0.status == Status::Failed)
    );
}

#[test]
fn the_executions_table_scopes_and_an_abandoned_run() {
    let env = Env::new();
    assert_eq!(
        run(
            &env,
            &["--job", "archive", "--space", "finance", "--", "true"]
        )
        .code,
        0
    );
    assert_eq!(
        run(&env, &["--job", "archive", "--", "sh", "-c", "exit 2"]).code,
        2
    );
    let mut killed = spawn(&env, &["--job", "stuck", "--", "sleep", "30"]);
    wait_for_starts(&env, 3);
    let live = env.run(&[
        "--file",
        "audit.log",
        "executions",
        "--status",
        "running",
        "-o",
        "plain",
    ]);
    assert_eq!(
        live.stdout
            .lines()
            .map(|l| l.split('\t').nth(1).unwrap())
            .collect::<Vec<_>>(),
        ["stuck"]
    );
    kill(Pid::from_raw(killed.id() as i32), Signal::SIGKILL).unwrap();
    killed.wait().unwrap();
    let ids: Vec<String> = executions(&env).into_iter().map(|e| e.started.id).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let site = env.run(&["--file", "audit.log", "executions", "-o", "plain"]);
    assert_eq!(site.code, 0);
    assert_eq!(
        steady(&site.stdout, &ids),
        "<id2>\tstuck\t(multiple)\tAbandoned\tScheduled execution\t2026-11-23 12:00:00.000\t\t
<id1>\tarchive\t(multiple)\tFailed\tScheduled execution\t2026-11-23 12:00:00.000\t<time>\t<time>
<id0>\tarchive\tfinance\tSuccessful\tScheduled execution\t2026-11-23 12:00:00.000\t<time>\t<time>
"
    );
    let space = env.run(&[
        "--file",
        "audit.log",
        "runs",
        "--space",
        "finance",
        "-o",
        "plain",
    ]);
    assert_eq!(
        steady(&space.stdout, &ids),
        "<id0>\tarchive\tfinance\tSuccessful\tScheduled execution\t2026-11-23 12:00:00.000\t<time>\t<time>\n"
    );
    let failed = env.run(&[
        "--file",
        "audit.log",
        "executions",
        "--status",
        "failed",
        "--status",
        "abandoned",
        "-o",
        "plain",
    ]);
    assert_eq!(steady(&failed.stdout, &ids).lines().count(), 2);
    let none = env.run(&["--file", "audit.log", "executions", "--job", "nothing"]);
    assert_eq!(none, found(1, ""));
}

#[test]
fn wait_runs_after_the_running_execution_instead_of_refusing() {
    let env = Env::new();
    let first = spawn(&env, &["--job", "queue", "--", "sleep", "1"]);
    wait_for_starts(&env, 1);
    assert_eq!(
        run(&env, &["--job", "queue", "--wait", "--", "true"]).code,
        0
    );
    assert!(first.wait_with_output().unwrap().status.success());
    let got: Vec<(Status, bool)> = executions(&env)
        .into_iter()
        .map(|e| (e.finished.unwrap().0.status, e.started.job == "queue"))
        .collect();
    assert_eq!(
        got,
        [(Status::Successful, true), (Status::Successful, true)]
    );
}

/// `run --timeout 2s -- sh -c 'setsid sleep 25 & sleep 100'` returned after 25 s and recorded
/// 25 s: it waited for the end of an output that a process outside the job's group held open.
/// A job that starts a daemon never finished at all. The run now ends, and says what it left.
#[test]
fn a_process_that_escapes_the_group_does_not_hold_the_run_and_is_named() {
    let env = Env::new();
    let out = run(
        &env,
        &[
            "--timeout",
            "1s",
            "--kill-after",
            "1s",
            "--",
            "sh",
            "-c",
            "setsid sleep 30 & sleep 100",
        ],
    );
    assert_eq!(out.code, 143, "{out:?}");
    let done = executions(&env);
    let (finished, _) = done[0].finished.clone().unwrap();
    let reason = finished.reason.unwrap();
    let pid: i32 = reason
        .strip_prefix("timed out; left running, holding the output open: ")
        .and_then(|rest| rest.strip_suffix(" (sleep)"))
        .and_then(|pid| pid.parse().ok())
        .unwrap_or_else(|| panic!("{reason}"));
    // The run ended while what it left still runs.
    assert!(alive(pid), "{reason}");
    let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
    assert_eq!(
        (finished.status, finished.signal),
        (Status::Failed, Some(15))
    );

    // Without a timeout: a command that starts a daemon and ends is Successful, and says so.
    let out = run(&env, &["--", "sh", "-c", "setsid sleep 30 & echo started"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "started\n"), "{out:?}");
    let done = executions(&env);
    assert_eq!(done.len(), 2);
    let (finished, _) = done
        .iter()
        .find(|e| {
            e.started
                .command
                .last()
                .is_some_and(|c| c.contains("echo started"))
        })
        .and_then(|e| e.finished.clone())
        .unwrap();
    assert_eq!(finished.status, Status::Successful);
    let reason = finished.reason.unwrap();
    let pid: i32 = reason
        .strip_prefix("left running, holding the output open: ")
        .and_then(|rest| rest.strip_suffix(" (sleep)"))
        .and_then(|pid| pid.parse().ok())
        .unwrap_or_else(|| panic!("{reason}"));
    let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
}

/// `kill -9` of `auditlog run` left its command running while the execution showed Abandoned:
/// the guard beside the command hears of the run's death and stops the command's group.
///
/// Killed the moment its command starts, too: the guard is there before the command is.
#[test]
fn a_command_does_not_outlive_a_run_killed_by_sigkill() {
    for _ in 0..5 {
        killed_as_soon_as_the_command_starts();
    }
}

fn killed_as_soon_as_the_command_starts() {
    let env = Env::new();
    let mut supervisor = spawn(
        &env,
        &[
            "--kill-after",
            "1s",
            "--",
            "sh",
            "-c",
            "echo $$ > pid; exec sleep 60",
        ],
    );
    let start = Instant::now();
    while !env.path("pid").exists() || env.read("pid").trim().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the command did not start"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let command = Pid::from_raw(env.read("pid").trim().parse().unwrap());
    assert!(alive(command.as_raw()), "the command runs");
    supervisor.kill().unwrap();
    supervisor.wait().unwrap();
    let start = Instant::now();
    while alive(command.as_raw()) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the command outlived its run"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Under cron's environment (`env -i PATH=/usr/bin:/bin`), `auditlog metric` inside a job was
/// not found and the metric was lost in silence, the run still Successful. `run` puts its own
/// directory first on the command's PATH and names itself in `$AUDITLOG_BIN`; a metric it
/// cannot record exits 2 and is noted on the execution.
#[test]
fn under_crons_environment_metrics_are_recorded_and_a_refused_one_is_noted() {
    let env = Env::new();
    let binary = std::env::var_os("AUDITLOG_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_auditlog")));
    let script = "auditlog metric rows 5 && \"$AUDITLOG_BIN\" metric 'Emails sent' 3 && \
                  auditlog metric huge 1e999 && \
                  { auditlog metric '!x' 1; echo \"refused: $?\"; } && \
                  { auditlog metric ' ' 1; echo \"refused: $?\"; } && \
                  { auditlog metric \"$(printf 'a\\tb')\" 1; echo \"refused: $?\"; }";
    let out = Command::new("env")
        .args(["-i", "PATH=/usr/bin:/bin", "SHELL=/bin/sh"])
        .arg(&binary)
        .args([
            "--file",
            "audit.log",
            "run",
            "--job",
            "nightly",
            "--",
            "sh",
            "-c",
            script,
        ])
        .current_dir(env.path(""))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).as_ref()
        ),
        (Some(0), "refused: 2\nrefused: 2\nrefused: 2\n"),
        "{out:?}"
    );
    let done = executions(&env);
    let (finished, _) = done[0].finished.clone().unwrap();
    let metrics: Vec<(String, String)> = finished
        .metrics
        .iter()
        .map(|(name, value)| (name.clone(), serde_json::to_string(value).unwrap()))
        .collect();
    assert_eq!(
        metrics,
        [
            ("rows".to_owned(), "5".to_owned()),
            ("Emails sent".to_owned(), "3".to_owned()),
            // Past the largest double: kept as the text it is, not as infinity.
            ("huge".to_owned(), "\"1e999\"".to_owned()),
        ]
    );
    assert_eq!(finished.status, Status::Successful);
    let rule = auditlog::execution::METRIC_NAME_RULE;
    assert_eq!(
        finished.reason.unwrap_or_default(),
        ["\"!x\"", "\" \"", "\"a\\tb\""]
            .map(|name| format!("the metric was not recorded: invalid metric name {name}: {rule}"))
            .join("; ")
    );
}

/// `run` put only the directory of its resolved binary on the command's PATH, so where
/// `auditlog` is a link to a file named otherwise (`/usr/local/bin/auditlog` to
/// `/opt/auditlog-1.0`), `auditlog metric` was not found. The directory it was started from
/// comes first.
#[test]
fn auditlog_started_through_a_link_to_a_file_named_otherwise_is_found_by_its_command() {
    let env = Env::new();
    let binary = std::env::var_os("AUDITLOG_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_auditlog")));
    let install = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    fs::create_dir(install.path().join("opt")).unwrap();
    fs::create_dir(install.path().join("bin")).unwrap();
    let real = install.path().join("opt/auditlog-1.0");
    fs::hard_link(&binary, &real)
        .or_else(|_| fs::copy(&binary, &real).map(drop))
        .unwrap();
    let link = install.path().join("bin/auditlog");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = Command::new("env")
        .args(["-i", "PATH=/usr/bin:/bin", "SHELL=/bin/sh"])
        .arg(&link)
        .args(["--file", "audit.log", "run", "--job", "nightly", "--"])
        .args(["sh", "-c", "auditlog metric rows 5"])
        .current_dir(env.path(""))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let (finished, _) = executions(&env)[0].finished.clone().unwrap();
    assert_eq!(
        (finished.status, finished.metrics, finished.reason),
        (
            Status::Successful,
            vec![("rows".to_owned(), Metric::Number("5".to_owned()))],
            None
        )
    );
}

/// The README's crontab lines failed under cron's PATH. Each one, with its paths put in a test
/// directory, runs under `env -i PATH=/usr/bin:/bin SHELL=/bin/sh` with no terminal.
#[test]
fn every_crontab_line_of_the_readme_runs_under_crons_environment() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let cron_field = |f: &str| !f.is_empty() && f.bytes().all(|b| b"0123456789*/,-".contains(&b));
    let lines: Vec<String> = readme
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.splitn(6, ' ').collect();
            (fields.len() == 6 && fields[..5].iter().all(|f| cron_field(f)))
                .then(|| fields[5].trim_start().to_owned())
        })
        .collect();
    assert!(lines.len() >= 2, "the README's crontab lines: {lines:?}");
    // Every other command the README says to run from cron names the binary's path too.
    for line in readme.lines().filter(|l| l.contains("from cron")) {
        assert!(
            !line.starts_with("auditlog "),
            "a command for cron names the binary by its absolute path: {line}"
        );
    }
    let binary = std::env::var_os("AUDITLOG_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_auditlog")));
    for line in lines {
        assert!(
            line.starts_with("/usr/local/bin/auditlog "),
            "a crontab line names the binary by its absolute path: {line}"
        );
        let env = Env::new();
        fs::rename(env.fixture("jobs.log"), env.path("audit.log")).unwrap();
        env.write("run.sh", "#!/bin/sh\necho archived \"$1\"\n");
        let executable = std::os::unix::fs::PermissionsExt::from_mode(0o755);
        fs::set_permissions(env.path("run.sh"), executable).unwrap();
        fs::create_dir(env.path("textfile")).unwrap();
        let command = line
            .replace("/usr/local/bin/auditlog", &binary.display().to_string())
            .replace(
                "/var/log/js7/audit.log",
                &env.path("audit.log").display().to_string(),
            )
            .replace(
                "/var/lib/node_exporter/textfile",
                &env.path("textfile").display().to_string(),
            )
            .replace(
                "/opt/archive/run.sh",
                &env.path("run.sh").display().to_string(),
            );
        // cron sets SHELL, PATH, and HOME and LOGNAME from the owner's passwd line, and
        // nothing else (crontab(5)).
        let home = format!("HOME={}", env.path("").display());
        let out = Command::new("env")
            .args([
                "-i",
                "PATH=/usr/bin:/bin",
                "SHELL=/bin/sh",
                &home,
                "LOGNAME=root",
                "/bin/sh",
                "-c",
                &command,
            ])
            .current_dir(env.path(""))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{line}: {out:?}");
    }
}

/// One output file was kept per run, for ever. Each job keeps the outputs of its latest
/// `--keep-outputs` executions (30 unless told), in a directory of its own whose name no job
/// name can lead out of the output directory.
#[test]
fn each_job_keeps_the_outputs_of_its_latest_executions() {
    let env = Env::new();
    for i in 0..4 {
        let out = run(
            &env,
            &[
                "--job",
                "nightly",
                "--keep-outputs",
                "2",
                "--",
                "echo",
                &format!("run {i}"),
            ],
        );
        assert_eq!(out.code, 0, "{out:?}");
    }
    let odd = run(&env, &["--job", "../odd name", "--", "echo", "odd"]);
    assert_eq!(odd.code, 0, "{odd:?}");
    let dir = env.path("auditlog-executions");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    // The first eight bytes of the name's SHA-256 keep names that read alike apart.
    assert_eq!(names, ["___odd_name.05207af7ca581c46", "nightly"]);
    let done = executions(&env);
    let nightly: Vec<&Execution> = done.iter().filter(|e| e.started.job == "nightly").collect();
    let kept: Vec<String> = {
        let mut kept: Vec<String> = fs::read_dir(dir.join("nightly"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        kept.sort();
        kept
    };
    let mut latest: Vec<String> = nightly[2..]
        .iter()
        .map(|e| format!("{}.log", e.started.id))
        .collect();
    latest.sort();
    assert_eq!(kept, latest);
    let shown = env.run(&[
        "--file",
        "audit.log",
        "show",
        &nightly[3].started.id,
        "--log",
    ]);
    assert!(shown.stdout.contains("run 3\n"), "{shown:?}");
    let gone = env.run(&[
        "--file",
        "audit.log",
        "show",
        &nightly[0].started.id,
        "--log",
    ]);
    assert_eq!(gone.code, 2, "{gone:?}");
}

/// A job's lock was named by `%XX` escapes of varying length, so `\u{1000}` and `\u{100}0`
/// shared one and the second was refused as already running; a name of 300 characters made
/// a lock file name too long to create. Locks are named as output directories are.
#[test]
fn jobs_whose_names_escape_alike_hold_locks_of_their_own() {
    let env = Env::new();
    let first = spawn(&env, &["--job", "\u{1000}", "--", "sleep", "30"]);
    wait_for_starts(&env, 1);
    let second = run(&env, &["--job", "\u{100}0", "--", "true"]);
    let quiet = Out {
        code: 0,
        stdout: String::new(),
        stderr: String::new(),
    };
    assert_eq!(second, quiet);
    let long = "j".repeat(300);
    let third = run(&env, &["--job", &long, "--", "true"]);
    assert_eq!(third, quiet);
    kill(Pid::from_raw(first.id() as i32), Signal::SIGTERM).unwrap();
    first.wait_with_output().unwrap();
    let got: Vec<(String, Status)> = executions(&env)
        .into_iter()
        .map(|e| (e.started.job, e.finished.unwrap().0.status))
        .collect();
    assert_eq!(
        got,
        [
            ("\u{1000}".to_owned(), Status::Cancelled),
            ("\u{100}0".to_owned(), Status::Successful),
            (long, Status::Successful),
        ]
    );
}

/// A job named as another's output directory (`a_b-05207af7` for `a b`) shared it, and its
/// `--keep-outputs 1` removed the other's outputs. A name that is not a plain file name is
/// now kept apart by a `.`, which no plain name holds.
#[test]
fn a_job_named_as_another_jobs_output_directory_keeps_its_outputs_apart() {
    let env = Env::new();
    let out = run(&env, &["--job", "a b", "--", "echo", "kept"]);
    assert_eq!(out.code, 0, "{out:?}");
    let dirs = |env: &Env| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(env.path("auditlog-executions"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    let taken = dirs(&env).remove(0);
    for _ in 0..2 {
        let out = run(
            &env,
            &[
                "--job",
                &taken,
                "--keep-outputs",
                "1",
                "--",
                "echo",
                "other",
            ],
        );
        assert_eq!(out.code, 0, "{out:?}");
    }
    assert_eq!(dirs(&env).len(), 2, "{:?}", dirs(&env));
    let first = &executions(&env)[0];
    assert_eq!(first.started.job, "a b");
    let shown = env.run(&["--file", "audit.log", "show", &first.started.id, "--log"]);
    assert_eq!(shown.stdout, "kept\n", "{shown:?}");
}

/// A line the command wrote to `$AUDITLOG_METRICS` itself with no `=`, or with a name that
/// `auditlog metric` would refuse (` =3` was recorded under an empty name), is noted on the
/// execution, not recorded and not dropped in silence.
#[test]
fn a_metrics_line_that_names_no_metric_is_noted() {
    let env = Env::new();
    let script = "printf 'rows=1\\nno equals sign\\n =3\\n\\n' >> \"$AUDITLOG_METRICS\"";
    let out = run(&env, &["--job", "nightly", "--", "sh", "-c", script]);
    assert_eq!(out.code, 0, "{out:?}");
    let (finished, _) = executions(&env)[0].finished.clone().unwrap();
    assert_eq!(
        (finished.metrics, finished.reason.unwrap_or_default()),
        (
            vec![("rows".to_owned(), Metric::Number("1".to_owned()))],
            format!(
                "the metrics line \"no equals sign\" was not recorded: it holds no '='; \
                 the metrics line \" =3\" was not recorded: {}",
                auditlog::execution::METRIC_NAME_RULE
            )
        )
    );
}

/// `run --job 'ro\u{200b}ot'` and `--space ' '` were taken: a job that shows as another, and
/// a space that shows as none. A name or space must show as itself.
#[test]
fn a_job_name_or_space_that_would_not_show_as_itself_is_refused() {
    let env = Env::new();
    let rule =
        "it must not be empty, begin or end with a space, or hold a control or invisible character";
    for (flag, value, what) in [
        ("--job", "ro\u{200b}ot", "job name"),
        ("--job", " nightly", "job name"),
        ("--space", " ", "space"),
        ("--space", "fin\u{2028}ance", "space"),
        ("--job", "var\u{fe0f}x", "job name"),
    ] {
        let out = run(&env, &[flag, value, "--", "true"]);
        assert_eq!(
            (out.code, out.stderr),
            (125, format!("auditlog: invalid {what} {value:?}: {rule}\n")),
            "{flag} {value:?}"
        );
    }
    assert!(executions(&env).is_empty());
}
