//! The pager: on a terminal, output goes through `$AUDITLOG_PAGER`, else `$PAGER`, else
//! `less -FRSX`; never when output is not a terminal; `--no-pager` turns it off. The real
//! `less` is driven in a real terminal (tmux); without tmux or less, those tests say so and are
//! skipped.

use std::time::Duration;

use super::tmux::Tmux;
use super::*;

#[test]
fn pages_through_less_which_keeps_ctrl_c_and_quits_on_q() {
    let env = Env::new();
    env.fixture("week.log");
    let args = ["--file", "week.log", "list", "-o", "raw", "--oldest-first"];
    let Some(tmux) = Tmux::start(&env, &["tmux", "less"], &args, 400, 10) else {
        return;
    };
    let lines = env.run(&args).stdout;
    // The first screen: nine lines, and less's prompt.
    let mut first: String = lines.lines().take(9).map(|l| format!("{l}\n")).collect();
    first.push_str(":\n");
    assert_eq!(tmux.wait_for(|s| s.ends_with(":\n")), first);
    // Ctrl-C is the pager's: auditlog does not die under it.
    tmux.keys("C-c");
    assert_eq!(tmux.exit_code(Duration::from_millis(500)), None);
    tmux.keys("q");
    assert_eq!(tmux.exit_code(Duration::from_secs(20)), Some(0));
}

/// `less -F` quits at once when everything fits (lines chopped by `-S` do not fit, so this is
/// the table, fitted to the terminal).
#[test]
fn less_leaves_at_once_when_everything_fits() {
    let env = Env::new();
    env.fixture("sample/audit.log");
    let Some(tmux) = Tmux::start(
        &env,
        &["tmux", "less"],
        &["--file", "audit.log", "list", "-n", "3"],
        100,
        20,
    ) else {
        return;
    };
    assert_eq!(tmux.exit_code(Duration::from_secs(20)), Some(0));
    let table = output(
        env.cmd()
            .args(["--file", "audit.log", "list", "-o", "table", "-n", "3"])
            .env("COLUMNS", "100"),
    );
    assert_eq!(tmux.screen(), table.stdout);
}

/// A search of a log that never ends (a FIFO held open) ends when the pager is quit: nobody
/// reads on.
#[test]
fn quitting_the_pager_ends_a_search_that_would_not_end() {
    let env = Env::new();
    let fifo = env.path("fifo.log");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let Some(tmux) = Tmux::start(
        &env,
        &["tmux", "less"],
        &[
            "--file",
            "fifo.log",
            "list",
            "-o",
            "plain",
            "--oldest-first",
        ],
        100,
        20,
    ) else {
        return;
    };
    // The writer keeps the FIFO open until the test ends, so the search never ends by itself;
    // what it writes fills the pipes, and blocks until the pager goes.
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let writer = std::thread::spawn(move || {
        let mut writer = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        for i in 0..3000 {
            let written = writeln!(
                writer,
                "2026-11-23T10:{:02}:{:02},000 INFO  REQUEST: ./orders/add - USER: jdoe - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -",
                i / 60 % 60,
                i % 60
            );
            if written.is_err() {
                break;
            }
        }
        let _ = writer.flush();
        let _ = wait.recv();
    });
    let screen = tmux.wait_for(|s| s.ends_with(":\n"));
    assert!(screen.ends_with(":\n"), "{screen}");
    tmux.keys("q");
    assert_eq!(tmux.exit_code(Duration::from_secs(20)), Some(0));
    done.send(()).unwrap();
    writer.join().unwrap();
}

#[test]
fn the_pager_is_auditlog_pager_else_pager_and_never_without_a_terminal() {
    let env = Env::new();
    env.fixture("week.log");
    let args = ["--file", "week.log", "list", "-o", "raw", "-n", "2"];
    let lines = env.run(&args).stdout;
    let marked = |mark: &str| -> String { lines.lines().map(|l| format!("{mark}{l}\n")).collect() };
    let shown = |vars: &[(&str, Option<&str>)], extra: &[&str]| {
        let mut all = vec![extra[0]];
        all.extend_from_slice(&args);
        all.extend_from_slice(&extra[1..]);
        all.retain(|a| !a.is_empty());
        env.run_on_terminal_with(&all, 200, false, vars)
    };
    let pager = Some("sed -e s/^/P:/");
    assert_eq!(
        shown(&[("AUDITLOG_PAGER", pager)], &[""]).screen,
        marked("P:")
    );
    assert_eq!(
        shown(
            &[("AUDITLOG_PAGER", None), ("PAGER", Some("sed -e s/^/Q:/"))],
            &[""]
        )
        .screen,
        marked("Q:")
    );
    assert_eq!(
        shown(&[("AUDITLOG_PAGER", pager)], &["--no-pager"]).screen,
        lines
    );
    for off in ["", "cat"] {
        assert_eq!(
            shown(&[("AUDITLOG_PAGER", Some(off)), ("PAGER", pager)], &[""]).screen,
            lines
        );
    }
    // Not a terminal: no pager.
    assert_eq!(
        output(env.cmd().args(args).env("AUDITLOG_PAGER", "sed -e s/^/P:/")),
        ok(&lines)
    );
}

#[test]
fn warnings_go_through_the_pager_with_the_output() {
    let env = Env::new();
    env.fixture("malformed.log");
    let args = [
        "--file",
        "malformed.log",
        "list",
        "-o",
        "raw",
        "--oldest-first",
        "-n",
        "1",
    ];
    let shown = env.run_on_terminal_with(
        &args,
        200,
        true,
        &[("AUDITLOG_PAGER", Some("sed -e s/^/P:/"))],
    );
    let direct = env.run(&args);
    let mut lines: Vec<String> = direct
        .stderr
        .lines()
        .chain(direct.stdout.lines())
        .map(|l| format!("P:{l}\n"))
        .collect();
    lines.sort();
    let mut screen: Vec<String> = shown.screen.lines().map(|l| format!("{l}\n")).collect();
    screen.sort();
    assert_eq!((shown.code, screen), (direct.code, lines));
}

#[test]
fn a_pager_that_cannot_start_is_said_and_output_goes_to_the_terminal() {
    let env = Env::new();
    env.fixture("week.log");
    let args = ["--file", "week.log", "list", "-o", "raw", "-n", "1"];
    let shown = env.run_on_terminal_with(
        &args,
        200,
        false,
        &[("AUDITLOG_PAGER", Some("/nonexistent/pager -x"))],
    );
    assert_eq!(
        shown,
        Shown {
            code: 0,
            screen: env.run(&args).stdout,
            stderr: "auditlog: cannot start the pager `/nonexistent/pager -x`: No such file or directory (os error 2); set AUDITLOG_PAGER, or give --no-pager\n".into(),
        }
    );
}
