//! The objects log JOC writes beside audit.log, joined to the entries by ID: `list --object`,
//! `--object-type`, `history`, `show` and `report --by object`; names holding what the line's shape uses; the appender's
//! prefix; rotated objects logs; entries it says nothing of, matched by their request body and
//! counted; lines that cannot be read, reported with file and line.

use super::*;

/// Five entries: three with an ID and a line in the objects log, one without an ID, one whose
/// ID has no line.
const AUDIT: &str = "\
2026-11-23T09:00:00,000 INFO  REQUEST: ./inventory/deployment/deploy - ID: 101 - USER: root - PARAMS: {\"controllerIds\":[\"c\"]} - COMMENT: deploy close - TIMESPENT: - - TICKET: -
2026-11-23T09:05:00,000 INFO  REQUEST: ./orders/add - ID: 102 - USER: jdoe - PARAMS: {\"controllerId\":\"c\",\"orders\":[{\"workflowPath\":\"/finance/eod/close\"}]} - COMMENT: - - TIMESPENT: - - TICKET: -
2026-11-23T09:06:00,000 INFO  REQUEST: ./inventory/store - ID: 103 - USER: jdoe - PARAMS: {\"objectType\":\"SCHEDULE\"} - COMMENT: - - TIMESPENT: - - TICKET: -
2026-11-23T09:07:00,000 INFO  REQUEST: ./orders/add - USER: old - PARAMS: {\"controllerId\":\"c\",\"orders\":[{\"workflowPath\":\"/finance/eod/close\"}]} - COMMENT: - - TIMESPENT: - - TICKET: -
2026-11-23T09:08:00,000 INFO  REQUEST: ./orders/add - ID: 105 - USER: old - PARAMS: {\"controllerId\":\"c\",\"orders\":[{\"workflowPath\":\"/hr/pay\"}]} - COMMENT: - - TIMESPENT: - - TICKET: -
";

/// The entry of `audit.log` with this ID, or without one (104), as a line.
fn entry(id: u32) -> String {
    let at = match id {
        104 => "REQUEST: ./orders/add - USER: old",
        _ => return line_with(&format!("- ID: {id} -")),
    };
    line_with(at)
}

fn line_with(text: &str) -> String {
    AUDIT.lines().find(|l| l.contains(text)).unwrap().to_owned() + "\n"
}

fn env_with(objects: &str) -> Env {
    let env = Env::new();
    env.write("audit.log", AUDIT);
    env.write("audit-objects.log", objects);
    env
}

const OBJECTS: &str = r##"2026-11-23T09:00:00,010 INFO  {"id":101,"objects":[{"workflow":"close"},{"schedule":"eod, "daily" = ]x"}]}
{"id":102,"objects":[{"order":"#2026-11-23#T1-close","workflow":"close"}]}
2026-11-23 09:06:00,020 [INFO ] {"id"=103,"objects"=[{"schedule"="eod, "daily" = ]x"},{"jobresource"="Mäil"}]}
{"id":102,"objects"
{"id":999,"objects":[{"workflow":"close"}]}
"##;

#[test]
fn history_lists_every_entry_that_touched_an_object() {
    let env = env_with(OBJECTS);
    let out = env.run(&[
        "--file",
        "audit.log",
        "history",
        "/finance/eod/close",
        "-o",
        "raw",
    ]);
    assert_eq!(
        out,
        Out {
            code: 0,
            stdout: [entry(104), entry(102), entry(101)].concat(),
            stderr: "auditlog: audit-objects.log:4: not a line of the objects log ({\"id\":N,\"objects\":[…]})\n\
                     auditlog: 1 entry had no line in the objects log: matched by the workflow paths its request body names\n"
                .to_owned(),
        }
    );
    // The same as list --object; a type narrows, and a name holding `"`, `,`, `=` and `]` is
    // read as written.
    let schedules = env.run(&[
        "--file",
        "audit.log",
        "list",
        "--object",
        "eod, \"daily\" = ]x",
        "--object-type",
        "schedule",
        "-o",
        "raw",
    ]);
    assert_eq!(schedules.stdout, [entry(103), entry(101)].concat());
    let any_resource = env.run(&[
        "--file",
        "audit.log",
        "list",
        "--object-type",
        "jobresource",
        "-o",
        "raw",
    ]);
    assert_eq!(any_resource.stdout, entry(103));
    let unicode = env.run(&["--file", "audit.log", "list", "--object", "M?il", "--count"]);
    assert_eq!(unicode.stdout, "1\n");
    // An order by its ID.
    let order = env.run(&[
        "--file",
        "audit.log",
        "history",
        "#2026-11-23#T*",
        "--object-type",
        "order",
        "-o",
        "raw",
    ]);
    assert_eq!(order.stdout, entry(102));
    // show lists them, a line each; an entry without a line says so.
    let shown = env.run(&["--file", "audit.log", "show", "101"]).stdout;
    assert!(
        shown.contains(
            "  Location     audit.log:1\n  Objects      workflow close\n               schedule eod, \"daily\" = ]x\n\n"
        ),
        "{shown}"
    );
    let shown = env.run(&["--file", "audit.log", "show", "105"]).stdout;
    assert!(
        shown.contains("  Objects      (no line in the objects log)\n"),
        "{shown}"
    );
    // A report counts the entries by each object they touched; an entry the objects log says
    // nothing of, by the workflows its body names.
    let report = env.run(&[
        "--file",
        "audit.log",
        "--tz",
        "UTC",
        "report",
        "--by",
        "object",
        "-o",
        "plain",
    ]);
    assert_eq!(
        report.stdout,
        "schedule eod, \"daily\" = ]x\t2\t40.0%\t0:00\t0\t0\n\
         workflow close\t2\t40.0%\t0:00\t0\t0\n\
         jobresource Mäil\t1\t20.0%\t0:00\t0\t0\n\
         order #2026-11-23#T1-close\t1\t20.0%\t0:00\t0\t0\n\
         workflow pay\t1\t20.0%\t0:00\t0\t0\n\
         Total\t5\t100.0%\t0:00\t0\t0\n"
    );
    // Nothing touched it: exit 1.
    let none = env.run(&[
        "--file",
        "audit.log",
        "history",
        "nothing",
        "--object-type",
        "lock",
    ]);
    assert_eq!((none.code, none.stdout.as_str()), (1, ""));
}

#[test]
fn objects_logs_are_found_named_and_rotated() {
    // Line 103 has rotated into audit-objects.log.1: read with --rotated only.
    let env = env_with("{\"id\":101,\"objects\":[{\"schedule\":\"s\"}]}\n");
    env.write(
        "audit-objects.log.1",
        "{\"id\":103,\"objects\":[{\"schedule\":\"s\"}]}\n",
    );
    let list = |rotated: bool| {
        let mut args = vec!["--file", "audit.log"];
        if rotated {
            args.push("--rotated");
        }
        args.extend(["list", "--object", "s", "-o", "raw"]);
        env.run(&args).stdout
    };
    assert_eq!(list(false), entry(101));
    assert_eq!(list(true), [entry(103), entry(101)].concat());
    // Named elsewhere, on the command line or in the configuration.
    fs::rename(env.path("audit-objects.log"), env.path("objects.txt")).unwrap();
    let named = env.run(&[
        "--file",
        "audit.log",
        "--objects-file",
        "objects.txt",
        "list",
        "--object",
        "s",
        "-o",
        "raw",
    ]);
    assert_eq!(named.stdout, entry(101));
    env.write("config.toml", "objects_file = \"objects.txt\"\n");
    let configured = env.run(&[
        "--config",
        "config.toml",
        "--file",
        "audit.log",
        "list",
        "--object",
        "s",
        "-o",
        "raw",
    ]);
    assert_eq!(configured.stdout, entry(101));
    // None at all: every entry is judged by its body, and that is said.
    fs::remove_file(env.path("objects.txt")).unwrap();
    let without = env.run(&[
        "--file",
        "audit.log",
        "history",
        "/finance/eod/close",
        "-o",
        "raw",
    ]);
    assert_eq!(
        without,
        Out {
            code: 0,
            stdout: [entry(104), entry(102)].concat(),
            stderr: "auditlog: no objects log (audit-objects.log beside the log): each entry is matched by the workflow paths its request body names\n\
                     auditlog: 2 entries had no line in the objects log: matched by the workflow paths their request bodies name\n"
                .to_owned(),
        }
    );
    let bad_type = env.run(&["--file", "audit.log", "list", "--object-type", "Workflow"]);
    assert_eq!(
        bad_type,
        failed(
            "auditlog: --object-type \"Workflow\": a type is a lower-case word as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, …\n"
        )
    );
}

#[test]
fn the_web_view_shows_each_entry_s_objects_escaped() {
    let env = env_with(OBJECTS);
    env.write("week.log", AUDIT);
    fs::rename(env.path("audit-objects.log"), env.path("objects.log")).unwrap();
    let server = super::serve::Server::start(&env, &["--objects-file", "objects.log"]);
    let page = server.page("/");
    assert_eq!(page.status, 200);
    let shown: Vec<&str> = page
        .body
        .lines()
        .filter(|l| l.contains("Objects "))
        .collect();
    // Newest first; an object's name is text from a log, and escaped.
    assert_eq!(
        shown,
        [
            "  Objects      (no line in the objects log)",
            "  Objects      (no ID: the objects log cannot name them)",
            "  Objects      schedule eod, &quot;daily&quot; = ]x",
            "  Objects      order #2026-11-23#T1-close (workflow close)",
            "  Objects      workflow close",
        ]
    );
}

#[test]
fn browse_shows_an_entry_s_objects_in_its_detail() {
    let env = env_with(OBJECTS);
    let args = ["--file", "audit.log", "--tz", "UTC", "browse"];
    let Some(tmux) = super::tmux::Tmux::start(&env, &["tmux"], &args, 120, 40) else {
        return;
    };
    tmux.wait_for(|s| s.contains("q quit"));
    // Newest first: 105, 104, then 103.
    tmux.keys("Down");
    tmux.keys("Down");
    tmux.keys("Enter");
    let detail = tmux.wait_for(|s| s.contains("Request Body"));
    assert!(
        detail.contains(
            "  Location     audit.log:3\n  Objects      schedule eod, \"daily\" = ]x\n               jobresource Mäil\n"
        ),
        "{detail}"
    );
}

#[test]
fn check_reports_the_joins_that_cannot_be_made() {
    let env = env_with(
        "{\"id\":7,\"objects\":[]}\n\
         {\"id\":101,\"objects\":[]}\n\
         {\"id\":102,\"objects\":[]}\n\
         {\"id\":104,\"objects\":[{\"lock\":\"l\"}]}\n\
         {\"id\":105,\"objects\":[]}\n\
         {\"id\":9000,\"objects\":[]}\n",
    );
    let out = env.run(&["--file", "audit.log", "--tz", "UTC", "check"]);
    // No entry has 104; 103 has no line; 7 and 9000 lie before the log's first ID and after
    // its last (rotated apart, or an appender that stopped), and are counted.
    assert_eq!(
        out,
        Out {
            code: 1,
            stdout: "audit.log: 5 entries, 0 malformed lines, 0 steps back in time\n\
                     audit.log:3: ID 103: the entry has no line in the objects log\n\
                     audit-objects.log:4: ID 104: no entry of the log has this ID\n\
                     audit-objects.log: 0 unreadable lines, 1 ID no entry has, 1 entry with no line in it; \
                     not compared, outside the other's IDs: 1 line before and 1 after the log's, 0 entries \
                     before and 0 after the objects log's\n"
                .to_owned(),
            stderr: String::new(),
        }
    );
    // Where they join, check passes.
    env.write(
        "audit-objects.log",
        "{\"id\":101,\"objects\":[]}\n{\"id\":102,\"objects\":[]}\n{\"id\":103,\"objects\":[]}\n{\"id\":105,\"objects\":[]}\n",
    );
    let out = env.run(&["--file", "audit.log", "--tz", "UTC", "check"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

/// What an outside attack found: several logs' objects logs joined across them by ID; a name
/// that missed the entries judged by their body; a named objects log that is missing or never
/// ends; a line too long to hold.
#[test]
fn what_an_attack_on_the_objects_log_found_is_refused() {
    let env = env_with(OBJECTS);
    // Two logs, each with its own objects log: IDs are each JOC's own.
    fs::create_dir(env.path("b")).unwrap();
    env.write(
        "b/audit.log",
        &entry(101).replace("USER: root", "USER: bob"),
    );
    env.write(
        "b/audit-objects.log",
        "{\"id\":101,\"objects\":[{\"workflow\":\"other\"}]}\n",
    );
    let two = env.run(&[
        "--file",
        "audit.log",
        "--file",
        "b/audit.log",
        "history",
        "close",
    ]);
    assert_eq!(
        two,
        failed(
            "auditlog: 2 logs have objects logs of their own, and an entry is joined to its \
             objects by an ID that is each JOC's own: read one log at a time, or name with \
             --objects-file the one objects log their IDs share\n"
        )
    );
    // A name matches the workflow paths a body names by their last segment, as the objects
    // log names workflows.
    let by_name = env.run(&["--file", "audit.log", "history", "close", "-o", "raw"]);
    assert_eq!(
        by_name.stdout,
        [entry(104), entry(102), entry(101)].concat()
    );
    // Named, the objects log must be there, and a regular file.
    let missing = env.run(&[
        "--file",
        "audit.log",
        "--objects-file",
        "nowhere",
        "history",
        "close",
    ]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .starts_with("auditlog: cannot read the objects log nowhere: "),
        "{}",
        missing.stderr
    );
    nix::unistd::mkfifo(&env.path("fifo"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    let fifo = env.run(&[
        "--file",
        "audit.log",
        "--objects-file",
        "fifo",
        "history",
        "close",
    ]);
    assert_eq!(
        fifo,
        failed("auditlog: the objects log fifo is not a regular file\n")
    );
    // A line past the bound is reported, and read past, without being held whole.
    let long = format!(
        "{{\"id\":101,\"objects\":[{{\"workflow\":\"{}\"}}]}}\n{{\"id\":102,\"objects\":[]}}\n",
        "x".repeat(17 << 20)
    );
    env.write("audit-objects.log", &long);
    let out = env.run(&[
        "--file",
        "audit.log",
        "list",
        "--object-type",
        "schedule",
        "--count",
    ]);
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str()),
        (
            "0\n",
            "auditlog: audit-objects.log:1: a line longer than 16 MiB: not read\n"
        )
    );
}
