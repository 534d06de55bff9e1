//! `browse` in a real terminal (tmux, 120×40): whole screens for the opening view, a preset, a
//! filter, the detail view, paging to the end and back, and quitting. Without tmux the tests
//! say so and are skipped.

use std::time::Duration;

use super::tmux::Tmux;
use super::*;

/// The screens the tests expect, kept whole in `tests/screens/`.
fn screen(name: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/screens")
            .join(name),
    )
    .unwrap()
}

fn browse(env: &Env, args: &[&str]) -> Option<Tmux> {
    env.fixture("sample/audit.log");
    let mut all = vec!["--file", "audit.log", "--tz", "UTC", "browse"];
    all.extend(args);
    Tmux::start(env, &["tmux"], &all, 120, 40)
}

/// The screen once it shows `text`.
fn shows(tmux: &Tmux, text: &str) -> String {
    tmux.wait_for(|s| s.contains(text))
}

#[test]
fn opens_on_the_newest_entries_and_quits_on_q_giving_the_terminal_back() {
    let env = Env::new();
    let Some(tmux) = browse(&env, &[]) else {
        return;
    };
    assert_eq!(shows(&tmux, "q quit"), screen("browse-open.txt"));
    tmux.keys("q");
    assert_eq!(tmux.exit_code(Duration::from_secs(20)), Some(0));
    // The alternate screen is left: the shell's screen is back, empty.
    assert_eq!(tmux.wait_for(|s| s.is_empty()), "");
}

#[test]
fn a_preset_and_a_filter_line_narrow_the_entries() {
    let env = Env::new();
    let Some(tmux) = browse(&env, &[]) else {
        return;
    };
    shows(&tmux, "q quit");
    tmux.keys("2");
    let today = tmux.wait_for(|s| s.contains("q quit") && !s.contains("2026-11-22"));
    assert_eq!(today, screen("browse-today.txt"));
    tmux.keys("1");
    tmux.keys(":");
    tmux.text("--user jdoe --request './orders/*'");
    tmux.keys("Enter");
    let applied = tmux.wait_for(|s| {
        s.starts_with(" 1 All")
            && s.lines().next().unwrap().contains("--user jdoe")
            && s.contains("q quit")
    });
    assert_eq!(applied, screen("browse-filter.txt"));
    tmux.keys(":");
    tmux.keys("C-u");
    tmux.text("--since never");
    tmux.keys("Enter");
    assert_eq!(
        tmux.wait_for(|s| s.contains("filter not applied"))
            .lines()
            .last()
            .unwrap(),
        // The message as the status line shows it, cut at the screen's width.
        "filter not applied: --since: invalid time \"never\": use a date (2026-11-23), a date and time (2026-11-23 09:00, 2026-11-2"
    );
}

#[test]
fn enter_opens_the_entry_in_full_and_esc_goes_back() {
    let env = Env::new();
    let Some(tmux) = browse(&env, &[]) else {
        return;
    };
    shows(&tmux, "q quit");
    tmux.keys("Down");
    tmux.keys("Down");
    tmux.keys("Enter");
    assert_eq!(shows(&tmux, "Request Body"), screen("browse-detail.txt"));
    tmux.keys("Escape");
    let back = tmux.wait_for(|s| s.contains("1-6 preset"));
    assert!(
        back.contains("\n20261123T094747.973   1-6 preset"),
        "{back}"
    );
}

#[test]
fn end_and_page_up_walk_the_whole_log_holding_only_a_window() {
    let env = Env::new();
    let Some(tmux) = browse(&env, &[]) else {
        return;
    };
    shows(&tmux, "q quit");
    tmux.keys("End");
    assert_eq!(shows(&tmux, "(oldest)"), screen("browse-end.txt"));
    for _ in 0..12 {
        tmux.keys("PageUp");
    }
    assert_eq!(
        shows(&tmux, "20261123T113000.000   1-6"),
        screen("browse-open.txt")
    );
}

#[test]
fn a_search_marks_its_matches_and_n_and_shift_n_move_between_them() {
    let env = Env::new();
    let Some(tmux) = browse(&env, &[]) else {
        return;
    };
    shows(&tmux, "q quit");
    tmux.keys("/");
    tmux.text("MÜLLER");
    tmux.keys("Enter");
    assert_eq!(
        shows(&tmux, "\n20261123T093247.717   1-6"),
        screen("browse-search.txt")
    );
    // The match is marked: black on yellow.
    let colored = tmux.tmux(&["capture-pane", "-p", "-e", "-t", "0"]);
    assert!(
        colored.contains("m.\u{1b}[38;5;0m\u{1b}[48;5;3mmüller\u{1b}[39m\u{1b}[49m"),
        "{colored}"
    );
    tmux.keys("n");
    assert!(
        shows(&tmux, "\n20261122T094032.509   1-6").contains("2026-11-22 09:40:32.509  m.müller")
    );
    tmux.keys("N");
    shows(&tmux, "\n20261123T093247.717   1-6");
    tmux.keys("N");
    assert!(
        shows(&tmux, "no newer entry").ends_with("\nno newer entry holds MÜLLER\n"),
        "at the newest match there is none newer"
    );
    tmux.keys("?");
    assert_eq!(shows(&tmux, " keys "), screen("browse-help.txt"));
}

#[test]
fn f_follows_the_log_putting_appended_entries_on_top() {
    let env = Env::new();
    let Some(tmux) = browse(&env, &[]) else {
        return;
    };
    shows(&tmux, "q quit");
    tmux.keys("f");
    shows(&tmux, "following");
    let appended = env.run(&[
        "--file",
        "audit.log",
        "record",
        "./orders/add",
        "--user",
        "newcomer",
    ]);
    assert_eq!(appended.code, 0);
    assert_eq!(shows(&tmux, "newcomer"), screen("browse-follow.txt"));
}

#[test]
fn a_log_cannot_reach_the_terminal_and_sigterm_gives_the_terminal_back() {
    let env = Env::new();
    env.write(
        "audit.log",
        "2026-11-23T11:00:00,000 INFO  REQUEST: ./orders/add - USER: evil\u{1b}[2J - PARAMS: {\"controllerId\":\"p\u{1b}]0;pwned\u{7}\"} - COMMENT: x\u{1b}]0;pwned\u{7}y - TIMESPENT: - - TICKET: -\n",
    );
    let Some(tmux) = Tmux::start(&env, &["tmux"], &["--file", "audit.log", "browse"], 120, 40)
    else {
        return;
    };
    let shown = shows(&tmux, "q quit");
    assert!(shown.contains("evil␛[2J"), "{shown}");
    let colored = tmux.tmux(&["capture-pane", "-p", "-e", "-t", "0"]);
    assert!(
        !colored.contains("pwned\u{7}") && !colored.contains("\u{1b}[2J"),
        "{colored}"
    );
    tmux.keys("Enter");
    let detail = shows(&tmux, "Request Body");
    assert!(detail.contains("x␛]0;pwned␇y"), "{detail}");
    // SIGTERM ends it as q does, the terminal given back.
    let pid = browse_pid(&tmux);
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success(),
        "{pid}"
    );
    assert_eq!(tmux.exit_code(Duration::from_secs(20)), Some(0));
    assert_eq!(tmux.wait_for(|s| s.is_empty()), "");
}

/// The process ID of the browser running in the terminal.
fn browse_pid(tmux: &Tmux) -> String {
    let shell = tmux.tmux(&["list-panes", "-F", "#{pane_pid}"]);
    let browse = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&browse.stdout).trim().to_owned()
}

#[test]
fn a_terminal_that_goes_away_ends_the_browser() {
    // Regression: with its terminal gone (a window closed, tmux killed), the key reader read
    // ends of file in a loop and the browser spun on, forever.
    let env = Env::new();
    let Some(tmux) = browse(&env, &[]) else {
        return;
    };
    shows(&tmux, "q quit");
    let pid = browse_pid(&tmux);
    tmux.tmux(&["kill-server"]);
    let proc = Path::new("/proc").join(&pid);
    let start = std::time::Instant::now();
    while proc.exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !proc.exists(),
        "browse {pid} still runs without its terminal"
    );
}

#[test]
fn g_goes_to_a_time_and_e_exports_what_is_shown() {
    let env = Env::new();
    let Some(tmux) = browse(&env, &[]) else {
        return;
    };
    shows(&tmux, "q quit");
    tmux.keys("g");
    tmux.text("2026-11-10 12:00");
    tmux.keys("Enter");
    let there = shows(&tmux, "\n20261110T115023.315   1-6");
    assert_eq!(
        there.lines().nth(2).unwrap(),
        "2026-11-10 11:50:23.315  ops.night   ./inventory/dep…  DEPLOYMENT    Re-instantia…  -      -         20261110T115023.315"
    );
    tmux.keys("2");
    tmux.keys("e");
    tmux.text("today.csv");
    tmux.keys("Enter");
    shows(&tmux, "exported to today.csv");
    let listed = env.run(&[
        "--file",
        "audit.log",
        "--tz",
        "UTC",
        "list",
        "--preset",
        "today",
        "-o",
        "csv",
    ]);
    // The same cells, as a file for a spreadsheet: a byte order mark and CRLF line ends.
    assert_eq!(
        env.read("today.csv"),
        format!("\u{feff}{}", listed.stdout.replace('\n', "\r\n"))
    );
}

#[test]
fn an_entry_of_a_job_execution_opens_the_execution() {
    let env = Env::new();
    env.fixture("jobs.log");
    let Some(tmux) = Tmux::start(
        &env,
        &["tmux"],
        &["--file", "jobs.log", "--tz", "Europe/Berlin", "browse"],
        120,
        40,
    ) else {
        return;
    };
    shows(&tmux, "q quit");
    tmux.keys("Enter");
    let detail = shows(&tmux, "Esc back");
    let lines: Vec<&str> = detail.lines().collect();
    assert_eq!(
        lines[1..5],
        [
            "Job execution 20261123-115000-9c41d2",
            "  Job          backup",
            "  Space        hr",
            "  Status       Running"
        ]
    );
    assert_eq!(lines[15..17], ["Metrics", "  -"]);
    assert!(
        lines[19].starts_with("  auditlog --file ")
            && lines[19].ends_with("/jobs.log show 20261123-115000-9c41d2 --log"),
        "{detail}"
    );
}

#[test]
fn browse_without_a_terminal_says_to_use_list() {
    let env = Env::new();
    env.fixture("sample/audit.log");
    assert_eq!(
        env.run(&["--file", "audit.log", "browse"]),
        failed(
            "auditlog: browse is a full-screen view for a terminal: for a pipe or a file, use list\n"
        )
    );
}

/// At 80 columns the browser kept Ref and dropped Reason, though the status line names the
/// selected entry's reference, cut off `? help  q quit`, and cut the help's lines. It keeps
/// Reason, the keys that give way on a narrow screen are the ones help lists, and the help
/// fits.
#[test]
fn at_80_columns_reason_stays_and_the_help_key_shows() {
    let env = Env::new();
    env.fixture("sample/audit.log");
    let Some(tmux) = Tmux::start(
        &env,
        &["tmux"],
        &["--file", "audit.log", "--tz", "UTC", "browse"],
        80,
        24,
    ) else {
        return;
    };
    let screen = shows(&tmux, "q quit");
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(
        lines[1].trim_end(),
        "Created                  Account            Request            Reason"
    );
    assert_eq!(
        lines[23].trim_end(),
        "20261123T113000.000   : filter  / search  Enter detail  ? help  q quit"
    );
    // The help box fits too: its lines were cut at 80 columns.
    tmux.keys("?");
    let help = shows(&tmux, " keys ");
    for line in [
        "│ Enter       the entry in full (Esc goes back)",
        "│ :           a filter, as list takes it: --user jdoe --since -2h     │",
        "│ f           follow: new entries on top as they come (f again stops) │",
        "│ q           quit",
    ] {
        assert!(help.contains(line), "{line}\n{help}");
    }
}

#[test]
fn a_log_rotated_under_the_view_is_read_on_or_left_for_the_newest() {
    for rotated in [true, false] {
        let env = Env::new();
        let args: &[&str] = if rotated { &["--rotated"] } else { &[] };
        let Some(tmux) = browse(&env, args) else {
            return;
        };
        shows(&tmux, "q quit");
        tmux.keys("PageDown");
        shows(&tmux, "\n20261123T");
        fs::rename(env.path("audit.log"), env.path("audit.log.1")).unwrap();
        fs::write(env.path("audit.log"), "").unwrap();
        tmux.keys("PageDown");
        if rotated {
            shows(&tmux, "the log was rotated: reading on across its files");
            tmux.keys("End");
            shows(&tmux, "(oldest)");
        } else {
            let newest = shows(&tmux, "back to the newest");
            assert!(
                newest.ends_with(
                    "\nthe entries shown have left the log (rotated?): back to the newest\n"
                ),
                "{newest}"
            );
        }
        tmux.keys("q");
        assert_eq!(
            tmux.exit_code(Duration::from_secs(20)),
            Some(0),
            "{rotated}"
        );
    }
}
