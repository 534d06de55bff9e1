//! How results look where people read them: the table fitted to the terminal, one line an
//! entry, and colors that mean something, on when asked for and off when not.

use super::*;

const HAS_REASON: &[&str] = &["--file", "audit.log", "list", "-n", "6", "--has-reason"];

/// On a terminal, list prints a table fitted to its width: never wider, one line an entry,
/// stamps and references whole.
#[test]
fn the_table_fits_the_terminal_one_line_an_entry() {
    let env = Env::new();
    env.fixture("sample/audit.log");
    let screens = [
        (
            80,
            "\
Created                  Account   Request                   Ref
2026-11-23 11:30:00.000  aa_ito    ./inventory/store         20261123T113000.000
2026-11-23 09:32:47.717  m.müller  ./orders/add              20261123T093247.717
2026-11-22 14:11:47.496  jdoe      ./daily_plan/orders/gen…  20261122T141147.496
2026-11-22 13:38:46.324  jdoe      ./orders/resume           20261122T133846.324
2026-11-22 13:35:00.954  root      ./orders/add              20261122T133500.954
2026-11-22 11:51:40.876  root      ./orders/add              20261122T115140.876
",
        ),
        // The Controller column left out, the ticket link shortened, the reason cut.
        (
            100,
            "\
Created                  Account   Request           Reason            Ticket    Ref
2026-11-23 11:30:00.000  aa_ito    ./inventory/sto…  Change of exter…  -         20261123T113000.000
2026-11-23 09:32:47.717  m.müller  ./orders/add      Application dep…  OPS-8585  20261123T093247.717
2026-11-22 14:11:47.496  jdoe      ./daily_plan/or…  Change of Contr…  OPS-4034  20261122T141147.496
2026-11-22 13:38:46.324  jdoe      ./orders/resume   Change of exter…  -         20261122T133846.324
2026-11-22 13:35:00.954  root      ./orders/add      Business requir…  -         20261122T133500.954
2026-11-22 11:51:40.876  root      ./orders/add      紧急修复 produc…  -         20261122T115140.876
",
        ),
        (
            120,
            "\
Created                  Account   Request           Category      Reason           Spent  Ticket    Ref
2026-11-23 11:30:00.000  aa_ito    ./inventory/sto…  INVENTORY     Change of exte…  235m   -         20261123T113000.000
2026-11-23 09:32:47.717  m.müller  ./orders/add      CONTROLLER    Application de…  -      OPS-8585  20261123T093247.717
2026-11-22 14:11:47.496  jdoe      ./daily_plan/or…  DAILYPLAN     Change of Cont…  -      OPS-4034  20261122T141147.496
2026-11-22 13:38:46.324  jdoe      ./orders/resume   CONTROLLER    Change of exte…  -      -         20261122T133846.324
2026-11-22 13:35:00.954  root      ./orders/add      CONTROLLER    Business requi…  236m   -         20261122T133500.954
2026-11-22 11:51:40.876  root      ./orders/add      CONTROLLER    紧急修复 produ…  175m   -         20261122T115140.876
",
        ),
    ];
    for (columns, screen) in screens {
        let mut args = vec!["--color", "never"];
        args.extend_from_slice(HAS_REASON);
        let shown = env.run_on_terminal(&args, columns, false);
        assert_eq!(
            shown,
            Shown {
                code: 0,
                screen: screen.into(),
                stderr: String::new()
            },
            "{columns} columns"
        );
        for line in shown.screen.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= usize::from(columns),
                "{line:?} is wider than {columns}"
            );
        }
    }
}

#[test]
fn colors_mean_something_in_tables_plain_and_detail_views() {
    let env = Env::new();
    env.fixture("week.log");
    env.fixture("jobs.log");
    // Categories in their colors, empty values dim, headers bold.
    assert_eq!(
        env.run(&["--file", "week.log", "--color", "always", "list", "-o", "table", "-n", "2"]),
        ok("\
\x1b[1mController\x1b[0m  \x1b[1mCreated\x1b[0m                  \x1b[1mAccount\x1b[0m   \x1b[1mRequest\x1b[0m              \x1b[1mCategory\x1b[0m      \x1b[1mReason\x1b[0m              \x1b[1mSpent\x1b[0m  \x1b[1mTicket\x1b[0m    \x1b[1mRef\x1b[0m
prod        2026-11-23 11:59:59.999  root      ./workflows/suspend  \x1b[34mCONTROLLER\x1b[0m    System maintenance  \x1b[2m-\x1b[0m      \x1b[2m-\x1b[0m         20261123T115959.999
testsuite   2026-11-23 11:30:00.000  aa_ito    ./orders/add         \x1b[34mCONTROLLER\x1b[0m    \x1b[2m-\x1b[0m                   \x1b[2m-\x1b[0m      \x1b[2m-\x1b[0m         20261123T113000.000~2
")
    );
    assert_eq!(
        env.run(&[
            "--file", "week.log", "--color", "always", "list", "-o", "plain", "-n", "1"
        ]),
        ok(
            "prod\t2026-11-23 11:59:59.999\troot\t./workflows/suspend\t\x1b[34mCONTROLLER\x1b[0m\tSystem maintenance\t\x1b[2m-\x1b[0m\t\x1b[2m-\x1b[0m\t20261123T115959.999\n"
        )
    );
    // Each status in its color.
    assert_eq!(
        env.run(&["--file", "jobs.log", "--color", "always", "executions", "-o", "table"]),
        ok("\
\x1b[1mExecution ID\x1b[0m            \x1b[1mJob\x1b[0m             \x1b[1mSpace\x1b[0m       \x1b[1mStatus\x1b[0m      \x1b[1mExecuted by\x1b[0m          \x1b[1mStarted\x1b[0m                  \x1b[1mEnded\x1b[0m                    \x1b[1mDuration\x1b[0m
20261123-115000-9c41d2  backup          hr          \x1b[36mRunning\x1b[0m     Scheduled execution  2026-11-23 11:50:00.000  \x1b[2m-\x1b[0m                        \x1b[2m-\x1b[0m
20261123-103000-24a0f3  archive-spaces  (multiple)  \x1b[33mCancelled\x1b[0m   Scheduled execution  2026-11-23 10:30:00.000  2026-11-23 10:41:07.002  11m 7s
20261123-100000-664eb9  report          sales       \x1b[1;31mFailed\x1b[0m      jdoe                 2026-11-23 10:00:00.000  2026-11-23 10:00:03.540  3.5s
20261123-090000-622baa  backup          finance     \x1b[32mSuccessful\x1b[0m  Scheduled execution  2026-11-23 09:00:00.000  2026-11-23 09:04:12.318  4m 12s
20261120-020000-5d1e07  archive-spaces  (multiple)  \x1b[35mAbandoned\x1b[0m   Scheduled execution  2026-11-20 02:00:00.000  \x1b[2m-\x1b[0m                        \x1b[2m-\x1b[0m
")
    );
    let show = env.run(&[
        "--file",
        "week.log",
        "--color",
        "always",
        "show",
        "20261123T115959.999",
    ]);
    assert_eq!(
        show.stdout.lines().take(12).collect::<Vec<_>>(),
        [
            "\x1b[1mEntry\x1b[0m 20261123T115959.999",
            "  Created      2026-11-23 11:59:59.999",
            "  Account      root",
            "  Request      ./workflows/suspend",
            "  Category     \x1b[34mCONTROLLER\x1b[0m",
            "  Controller   prod",
            "  Workflows    \x1b[2m-\x1b[0m",
            "  Reason       System maintenance",
            "  Time Spent   \x1b[2m-\x1b[0m",
            "  Ticket Link  \x1b[2m-\x1b[0m",
            "  ID           \x1b[2m-\x1b[0m",
            "  Level        INFO",
        ]
    );
    let execution = env.run(&[
        "--file",
        "jobs.log",
        "--color",
        "always",
        "show",
        "20261123-100000",
    ]);
    assert!(
        execution
            .stdout
            .contains("  Status       \x1b[1;31mFailed\x1b[0m\n"),
        "{execution:?}"
    );
}

/// `--color always` used to change nothing in a table; colors are on on a terminal unless
/// NO_COLOR or `--color never` says otherwise, and off elsewhere unless `--color always`.
#[test]
fn color_choice_and_no_color_are_honoured_everywhere() {
    let env = Env::new();
    env.fixture("week.log");
    let escapes = |text: &str| text.contains('\x1b');
    for format in ["table", "plain"] {
        let args = |color: &'static str| {
            vec![
                "--file", "week.log", "--color", color, "list", "-o", format, "-n", "3",
            ]
        };
        let on_terminal = |color, vars: &[(&str, Option<&str>)]| {
            env.run_on_terminal_with(&args(color), 200, false, vars)
                .screen
        };
        assert!(
            escapes(&on_terminal("auto", &[])),
            "{format}: auto on a terminal"
        );
        assert!(
            !escapes(&on_terminal("auto", &[("NO_COLOR", Some("1"))])),
            "{format}: NO_COLOR"
        );
        assert!(
            escapes(&on_terminal("auto", &[("NO_COLOR", Some(""))])),
            "{format}: NO_COLOR empty"
        );
        assert!(!escapes(&on_terminal("never", &[])), "{format}: never");
        assert!(
            !escapes(&env.run(&args("auto")).stdout),
            "{format}: auto in a pipe"
        );
        assert!(
            escapes(&env.run(&args("always")).stdout),
            "{format}: always in a pipe"
        );
    }
}
