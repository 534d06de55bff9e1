//! `reconcile` against real servers: PostgreSQL and MariaDB, JOC's table created from the
//! columns of its entities and filled with the rows JOC would have stored for a generated log,
//! then changed as a failing appender, an edit or the Cleanup Service changes one side. The
//! reconciliation must find each change and nothing else.

use serde_json::{Value, json};

use super::databases::{Engine, READER_PASSWORD, Server};
use super::*;

pub(super) const ZONE: &str = "Europe/Berlin";

/// The ID of the first row: the IDs kept go from four digits to five, where their order as text
/// is not their order.
const BASE: u64 = 9500;

/// A row of JOC_AUDIT_LOG as the test stores it.
#[derive(Clone, Debug)]
pub(super) struct Row {
    pub(super) id: u64,
    pub(super) instant: chrono::DateTime<chrono::Utc>,
    pub(super) controller: String,
    pub(super) account: String,
    pub(super) request: String,
    pub(super) params: Option<String>,
    pub(super) comment: Option<String>,
    pub(super) ticket: Option<String>,
    pub(super) time_spent: Option<u64>,
}

/// The log JOC wrote, an entry a text, and what `list -o ndjson` reads of it.
pub(super) struct Written {
    pub(super) entries: Vec<String>,
    pub(super) read: Vec<Value>,
}

fn zone() -> auditlog::time::Zone {
    auditlog::time::Zone::parse(ZONE).unwrap()
}

fn instant(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// Writes `entries` as the log and reads them back.
pub(super) fn write_log(env: &Env, entries: &[String]) -> Written {
    env.write("joc.log", &(entries.join("\n") + "\n"));
    let out = env.run(&[
        "--tz",
        ZONE,
        "--file",
        "joc.log",
        "list",
        "--oldest-first",
        "-o",
        "ndjson",
    ]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let read: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(read.len(), entries.len());
    Written {
        entries: entries.to_vec(),
        read,
    }
}

/// A generated log of 12 days across the end of daylight saving in Berlin, with the odd
/// entries put in: the repeated hour (two entries of one account and request at 02:30, one in
/// each pass, the second after 02:10 of the second), a body JOC's column cuts, a reason of two lines, an account in Unicode. Four of
/// five entries carry their ID, as JOC writes with its objects logger on; the rest pair by
/// stamp.
fn joc_log(env: &Env) -> Written {
    let generated = Command::new(root().join("bench/gen-audit-log"))
        .args([
            "--lines",
            "1200",
            "--days",
            "12",
            "--end",
            "2026-10-30T12:00:00",
        ])
        .args(["--seed", "29"])
        .output()
        .unwrap();
    let generated = String::from_utf8(generated.stdout).unwrap();
    let tail = " - COMMENT: - - TIMESPENT: - - TICKET: -";
    let mut entries: Vec<String> = Vec::new();
    for line in generated.lines() {
        let stamp = &line[..19];
        if ("2026-10-25T01:30:00".."2026-10-25T03:30:00").contains(&stamp) {
            continue;
        }
        if stamp >= "2026-10-25T03:30:00" && !entries.iter().any(|e| e.contains("night.ops")) {
            entries.push(format!("2026-10-25T02:30:00,000 INFO  REQUEST: ./orders/cancel - USER: night.ops - PARAMS: {{\"controllerId\":\"prod\",\"orderIds\":[\"#1\"]}}{tail}"));
            entries.push(format!("2026-10-25T02:59:59,000 INFO  REQUEST: ./inventory/deploy - USER: m.müller - PARAMS: {{\"controllerId\":\"prod\",\"note\":\"{}\"}} - COMMENT: release - TIMESPENT: 5m - TICKET: https://t/9", "é".repeat(5000)));
            // Most of an hour back: the second pass begins.
            entries.push(format!(
                "2026-10-25T02:10:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: -{tail}"
            ));
            entries.push(format!("2026-10-25T02:30:00,000 INFO  REQUEST: ./orders/cancel - USER: night.ops - PARAMS: {{\"controllerId\":\"prod\",\"orderIds\":[\"#2\"]}}{tail}"));
            entries.push("2026-10-25T03:40:00,000 INFO  REQUEST: ./orders/suspend - USER: jdoe - PARAMS: {\"controllerId\":\"prod\"} - COMMENT: first line\nsecond line - TIMESPENT: - - TICKET: -".to_owned());
        }
        entries.push(line.to_owned());
    }
    let entries: Vec<String> = entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            // The entries of the repeated hour pair by stamp.
            if i % 5 == 0 || e.contains("night.ops") {
                e
            } else {
                e.replacen(
                    " - USER: ",
                    &format!(" - ID: {} - USER: ", BASE + i as u64),
                    1,
                )
            }
        })
        .collect();
    write_log(env, &entries)
}

/// The rows JOC stored for the entries: CREATED a few milliseconds after the stamp, the body
/// cut as JOC cuts it for its column.
pub(super) fn rows_of(written: &Written) -> Vec<Row> {
    let text = |v: &Value| v.as_str().map(str::to_owned);
    written
        .read
        .iter()
        .enumerate()
        .map(|(i, e)| Row {
            id: BASE + i as u64,
            instant: instant(e["instant"].as_str().unwrap())
                + chrono::Duration::milliseconds(i as i64 % 13),
            controller: text(&e["controller"]).unwrap_or_else(|| "-".to_owned()),
            account: text(&e["user"]).unwrap(),
            request: text(&e["request"]).unwrap(),
            params: text(&e["params"]).map(|p| {
                if p.encode_utf16().count() > 4096 {
                    String::from_utf16(&p.encode_utf16().take(4093).collect::<Vec<_>>()).unwrap()
                        + "..."
                } else {
                    p
                }
            }),
            comment: text(&e["comment"]),
            ticket: text(&e["ticket"]),
            time_spent: e["time_spent"].as_u64(),
        })
        .collect()
}

/// JOC's table, created as its entities name the columns, and filled with `rows`; the reader
/// may only SELECT.
pub(super) fn load(server: &Server, rows: &[Row]) {
    let n = |name| server.name(name);
    let mut sql = format!(
        "CREATE TABLE {} ({} BIGINT NOT NULL PRIMARY KEY, {} VARCHAR(100) NOT NULL, \
         {} VARCHAR(255) NOT NULL, {} VARCHAR(255) NOT NULL, {} VARCHAR(4096), \
         {} INTEGER NOT NULL, {} VARCHAR(2000), {} VARCHAR(255), {} INTEGER, {} {});\n",
        n("JOC_AUDIT_LOG"),
        n("ID"),
        n("CONTROLLER_ID"),
        n("ACCOUNT"),
        n("REQUEST"),
        n("PARAMETERS"),
        n("CATEGORY"),
        n("COMMENT"),
        n("TICKET_LINK"),
        n("TIME_SPENT"),
        n("CREATED"),
        match server.engine {
            Engine::Postgres => "TIMESTAMP",
            Engine::Mariadb => "DATETIME(3)",
        }
    );
    sql += &match server.engine {
        Engine::Postgres => format!("GRANT SELECT ON {} TO joc_ro;\n", n("JOC_AUDIT_LOG")),
        Engine::Mariadb => "GRANT SELECT ON joc.* TO 'joc_ro'@'%';\n".to_owned(),
    };
    for chunk in rows.chunks(200) {
        let values: Vec<String> = chunk
            .iter()
            .map(|r| {
                let l = |t: Option<&str>| server.literal(t);
                format!(
                    "({}, {}, {}, {}, {}, 0, {}, {}, {}, '{}')",
                    r.id,
                    l(Some(&r.controller)),
                    l(Some(&r.account)),
                    l(Some(&r.request)),
                    l(r.params.as_deref()),
                    l(r.comment.as_deref()),
                    l(r.ticket.as_deref()),
                    r.time_spent.map_or("NULL".to_owned(), |m| m.to_string()),
                    r.instant.format("%Y-%m-%d %H:%M:%S%.3f"),
                )
            })
            .collect();
        sql += &format!(
            "INSERT INTO {} VALUES {};\n",
            n("JOC_AUDIT_LOG"),
            values.join(",\n")
        );
    }
    server.sql(&sql);
}

/// A row of JOC_AUDIT_LOG_DETAILS: the entry's ID, JOC's number of the object's type, its
/// name, and an order's ID.
pub(super) type Detail = (u64, u32, String, Option<String>);

/// JOC's table of the objects each entry touched, filled with `details`.
pub(super) fn load_details(server: &Server, details: &[Detail]) {
    let n = |name| server.name(name);
    let mut sql = format!(
        "CREATE TABLE {} ({} BIGINT NOT NULL PRIMARY KEY, {} BIGINT NOT NULL, {} INTEGER NOT NULL, \
         {} VARCHAR(255) NOT NULL, {} VARCHAR(255) NOT NULL, {} VARCHAR(255), \
         {} VARCHAR(255) NOT NULL, {} {} NOT NULL);\n",
        n("JOC_AUDIT_LOG_DETAILS"),
        n("ID"),
        n("AUDITLOG_ID"),
        n("TYPE"),
        n("PATH"),
        n("NAME"),
        n("ORDER_ID"),
        n("FOLDER"),
        n("CREATED"),
        match server.engine {
            Engine::Postgres => "TIMESTAMP",
            Engine::Mariadb => "DATETIME(3)",
        }
    );
    if server.engine == Engine::Postgres {
        sql += &format!(
            "GRANT SELECT ON {} TO joc_ro;\n",
            n("JOC_AUDIT_LOG_DETAILS")
        );
    }
    for (k, chunk) in details.chunks(200).enumerate() {
        let values: Vec<String> = chunk
            .iter()
            .enumerate()
            .map(|(i, (id, kind, name, order))| {
                format!(
                    "({}, {id}, {kind}, {}, {}, {}, '/x', '2026-10-20 00:00:00')",
                    k * 200 + i + 1,
                    server.literal(Some(&format!("/x/{name}"))),
                    server.literal(Some(name)),
                    server.literal(order.as_deref()),
                )
            })
            .collect();
        sql += &format!(
            "INSERT INTO {} VALUES {};\n",
            n("JOC_AUDIT_LOG_DETAILS"),
            values.join(",\n")
        );
    }
    server.sql(&sql);
}

/// The objects log JOC wrote for the entries with an ID of every third, and the details it
/// stored: a workflow each, an order of every seventh, and a folder (which the objects log
/// leaves out). The entry `changed`'s workflow is renamed in the database.
fn objects(env: &Env, written: &Written, changed: usize) -> Vec<Detail> {
    let mut log = String::new();
    let mut details = Vec::new();
    for (i, e) in written.read.iter().enumerate() {
        let Some(id) = e["id"].as_u64().filter(|_| i % 3 == 1) else {
            continue;
        };
        let name = format!("w{i}");
        let mut line = format!("{{\"workflow\":\"{name}\"}}");
        let stored = if i == changed { "renamed" } else { &name };
        details.push((id, 1, stored.to_owned(), None));
        details.push((id, 0, "x".to_owned(), None));
        if i % 7 == 0 {
            line += &format!(",{{\"order\":\"#T{i}\",\"workflow\":\"{name}\"}}");
            details.push((id, 99, name.clone(), Some(format!("#T{i}"))));
        }
        log += &format!("{{\"id\":{id},\"objects\":[{line}]}}\n");
    }
    env.write("audit-objects.log", &log);
    details
}

/// What was done to the two sides, and what the reconciliation must say of it.
struct Case {
    env: Env,
    /// The file's entries as read after the changes.
    read: Vec<Value>,
    rows: Vec<Row>,
    purged_before: String,
    /// Of `read`: the entry whose row was deleted, the row whose line was deleted, the entry
    /// whose row's reason was changed, and the second pass of the repeated hour, whose row's
    /// ticket was changed.
    no_row: usize,
    no_line: Row,
    reason: usize,
    repeated: usize,
    /// Of `read`: the entry whose workflow was renamed in the details.
    renamed: usize,
    /// How many pairs have objects on both sides.
    with_objects: u64,
}

/// The ID of the row of the `i`th entry of the changed log: IDs were given before a line was
/// deleted.
fn id_of(i: usize) -> u64 {
    BASE + i as u64 + u64::from(i >= 502)
}

/// The log and its rows, changed: a row deleted, a line deleted, a reason changed in the
/// database, a ticket changed on the row of an entry of the repeated hour, and the rows of the
/// first 100 entries purged.
fn case(server: &Server) -> Case {
    let env = Env::new();
    let written = joc_log(&env);
    let mut rows = rows_of(&written);
    let night = |nth| {
        written
            .read
            .iter()
            .enumerate()
            .filter(|(_, e)| e["user"] == "night.ops")
            .nth(nth)
            .unwrap()
            .0
    };
    let (first_pass, second_pass) = (night(0), night(1));
    // The two entries of 02:30 are an hour apart, in order.
    assert_eq!(
        (
            written.read[first_pass]["instant"].as_str(),
            written.read[second_pass]["instant"].as_str()
        ),
        (
            Some("2026-10-25T00:30:00.000Z"),
            Some("2026-10-25T01:30:00.000Z")
        )
    );
    let (deleted_row, deleted_line, reason) = (301, 502, 703);
    rows[reason].comment = Some("changed\u{1b}[31m in the database".to_owned());
    rows[second_pass].ticket = Some("https://t/changed".to_owned());
    let purged_before = written.read[100]["created"].as_str().unwrap().to_owned();
    let no_line = rows[deleted_line].clone();
    let kept: Vec<Row> = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| *i >= 100 && *i != deleted_row)
        .map(|(_, r)| r.clone())
        .collect();
    load(server, &kept);
    let renamed = 901;
    let details = objects(&env, &written, renamed);
    let with_objects = details
        .iter()
        .map(|d| d.0)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|id| {
            let i = (id - BASE) as usize;
            i >= 100 && ![deleted_row, deleted_line].contains(&i)
        })
        .count() as u64;
    load_details(server, &details);
    let mut entries = written.entries.clone();
    entries.remove(deleted_line);
    let after = write_log(&env, &entries);
    // Past the deleted line, the entries are one earlier.
    let shifted = |i: usize| if i > deleted_line { i - 1 } else { i };
    Case {
        env,
        read: after.read,
        rows: kept,
        purged_before,
        no_row: shifted(deleted_row),
        no_line,
        reason: shifted(reason),
        repeated: shifted(second_pass),
        renamed: shifted(renamed),
        with_objects,
    }
}

impl Case {
    fn reconcile(&self, server: &Server, how: &[&str]) -> Out {
        let password = self
            .env
            .write("db-password", &format!("{READER_PASSWORD}\n"));
        let url = server.url();
        let args = [
            &["--tz", ZONE, "--file", "joc.log", "reconcile", "--db", &url][..],
            &["--db-password-file", password.to_str().unwrap()],
            &["--purged-before", &self.purged_before],
            how,
        ]
        .concat();
        self.env.run(&args)
    }

    /// The counts the reconciliation must give.
    fn counts(&self) -> (u64, u64, u64, u64) {
        let lines = self.read.len() as u64;
        let paired = lines - 100 - 1;
        let by_id = self.read[100..]
            .iter()
            .enumerate()
            .filter(|(i, e)| *i + 100 != self.no_row && !e["id"].is_null())
            .count() as u64;
        (lines, self.rows.len() as u64, paired, by_id)
    }
}

fn line_json(e: &Value) -> Value {
    json!({
        "file": "joc.log", "line": e["line"], "id": e["id"], "instant": e["instant"],
        "account": e["user"], "request": e["request"],
    })
}

fn row_json(r: &Row) -> Value {
    json!({
        "id": r.id, "created": r.instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        "account": r.account, "request": r.request,
    })
}

#[test]
fn postgres_differences_are_found_and_nothing_else() {
    let Some(server) = Server::postgres() else {
        return;
    };
    let case = case(&server);
    let out = case.reconcile(&server, &["-o", "json"]);
    assert_eq!((out.code, out.stderr.as_str()), (1, ""), "{}", out.stdout);
    let got: Value = serde_json::from_str(&out.stdout).unwrap();
    let row = |i: usize| case.rows.iter().find(|r| r.id == id_of(i)).unwrap();
    let (lines, rows, paired, by_id) = case.counts();
    let reason_entry = &case.read[case.reason];
    let expected = json!({
        "mismatches": [
            {"kind": "no_row", "line": line_json(&case.read[case.no_row])},
            {"kind": "no_line", "row": row_json(&case.no_line)},
            {"kind": "differs", "pairing": "stamp", "line": line_json(&case.read[case.repeated]),
             "row": row_json(row(case.repeated)),
             "differences": [{"field": "ticket", "file": null, "database": "https://t/changed"}]},
            {"kind": "differs", "pairing": "id", "line": line_json(reason_entry),
             "row": row_json(row(case.reason)),
             "differences": [{"field": "reason", "file": reason_entry["comment"],
                              "database": "changed\u{1b}[31m in the database"}]},
            {"kind": "differs", "pairing": "id", "line": line_json(&case.read[case.renamed]),
             "row": row_json(row(case.renamed)),
             "differences": [{"field": "objects", "file": "workflow w901",
                              "database": "workflow renamed"}]},
        ],
        "summary": {
            "log": "joc.log", "table": "public.JOC_AUDIT_LOG",
            "start": case.read[0]["instant"], "end": "2026-11-23T11:00:00.000Z",
            "purged_before": case.read[100]["instant"], "agree": false,
            "lines": lines, "rows": rows, "pairs_agreeing": paired - 3, "pairs_differing": 3,
            "paired_by_id": by_id, "rows_without_line": 1, "lines_without_row": 1,
            "lines_purged": 100, "rows_before_window": 0, "rows_after_window": 0,
            "rows_unplaced": 0, "objects_compared": case.with_objects,
            "objects_lines_unreadable": 0,
        }
    });
    assert_eq!(got, expected);
    // The control character the database holds reaches the terminal escaped.
    assert!(
        out.stdout
            .contains(r#""changed\u001b[31m in the database""#)
    );
}

#[test]
fn mariadb_differences_are_found_and_nothing_else() {
    let Some(server) = Server::mariadb() else {
        return;
    };
    let case = case(&server);
    let out = case.reconcile(&server, &[]);
    let zone = zone();
    let at = |e: &Value| e["line"].as_u64().unwrap();
    let (lines, rows, paired, by_id) = case.counts();
    let (no_row, reason, repeated) = (
        &case.read[case.no_row],
        &case.read[case.reason],
        &case.read[case.repeated],
    );
    let stamp = |e: &Value| e["created"].as_str().unwrap().replacen('.', ",", 1);
    let expected = [
        format!(
            "joc.log:{}: no row in the database for ID {}: {} {} {}",
            at(no_row),
            no_row["id"],
            stamp(no_row),
            no_row["user"].as_str().unwrap(),
            no_row["request"].as_str().unwrap()
        ),
        format!(
            "joc.JOC_AUDIT_LOG row {}: no line in the file: {} {} {}",
            case.no_line.id,
            zone.rfc3339(case.no_line.instant),
            case.no_line.account,
            case.no_line.request
        ),
        format!(
            "joc.log:{}: differs from row {} (paired by stamp, account and request): ticket: none in the file, \"https://t/changed\" in the database",
            at(repeated),
            id_of(case.repeated)
        ),
        format!(
            "joc.log:{}: differs from row {}: reason: {} in the file, \"changed␛[31m in the database\" in the database",
            at(reason),
            id_of(case.reason),
            reason["comment"]
                .as_str()
                .map_or("none".to_owned(), |c| format!("\"{c}\""))
        ),
        format!(
            "joc.log:{}: differs from row {}: objects: \"workflow w901\" in the file, \"workflow renamed\" in the database",
            at(&case.read[case.renamed]),
            id_of(case.renamed),
        ),
        format!(
            "joc.log against joc.JOC_AUDIT_LOG, {} to 2026-11-23T12:00:00.000+01:00:",
            zone.rfc3339(instant(case.read[0]["instant"].as_str().unwrap()))
        ),
        format!(
            "  {lines} lines and {rows} rows compared: {} pairs agree, 3 pairs differ ({by_id} by ID, {} by stamp)",
            paired - 3,
            paired - by_id
        ),
        "  1 line without a row, 1 row without a line".to_owned(),
        format!(
            "  100 lines without a row from before {} (purged: not a difference)",
            zone.rfc3339(instant(case.read[100]["instant"].as_str().unwrap()))
        ),
        "  0 rows before the file's first entry, 0 after the window (not compared)".to_owned(),
        format!(
            "  {} pairs' objects compared with the objects log",
            case.with_objects
        ),
        "  the file and the database DIFFER".to_owned(),
    ];
    assert_eq!(
        out,
        Out {
            code: 1,
            stdout: expected.join("\n") + "\n",
            stderr: String::new(),
        }
    );
}

/// Three entries of a JS7 2.7 log and the rows JOC stored for them.
pub(super) const AGREEING: &str = "\
2026-11-20T09:00:00,000 INFO  REQUEST: ./orders/add - ID: 1 - USER: root - PARAMS: {\"controllerId\":\"prod\",\"orders\":[{\"workflowPath\":\"/a/b\"}],\"auditLog\":{}} - COMMENT: - - TIMESPENT: - - TICKET: -
2026-11-20T09:05:00,000 INFO  REQUEST: ./orders/cancel - ID: 2 - USER: jdoe - PARAMS: {\"controllerId\":\"prod\",\"auditLog\":{\"comment\":\"stuck\"}} - COMMENT: stuck - TIMESPENT: 5m - TICKET: https://t/1
2026-11-20T09:10:00,000 INFO  REQUEST: ./login - ID: 3 - USER: jdoe - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -
";

/// The three entries of [`AGREEING`] as the log `joc.log`, and their rows (IDs 1 to 3) as
/// `change` leaves them; the reader's password in the file `pw`.
pub(super) fn agreeing(server: &Server, change: impl FnOnce(&mut Vec<Row>)) -> Env {
    let env = Env::new();
    let read = write_log(
        &env,
        &AGREEING.lines().map(str::to_owned).collect::<Vec<_>>(),
    );
    let mut rows = rows_of(&read);
    for (n, row) in rows.iter_mut().enumerate() {
        row.id = n as u64 + 1;
    }
    change(&mut rows);
    load(server, &rows);
    env.write("pw", READER_PASSWORD);
    env
}

#[test]
fn the_password_stays_off_the_command_line_and_out_of_every_message() {
    let Some(server) = Server::postgres() else {
        return;
    };
    let env = agreeing(&server, |_| {});
    let url = server.url();
    let reconcile = |args: &[&str], vars: &[(&str, &str)]| {
        let mut cmd = env.cmd();
        cmd.args(["--tz", ZONE, "--file", "joc.log", "reconcile", "--db"]);
        cmd.args(args)
            .env_remove("PGPASSWORD")
            .env_remove("PGPASSFILE");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        output(&mut cmd)
    };
    let agreed = [
        "joc.log against public.JOC_AUDIT_LOG, 2026-11-20T09:00:00.000+01:00 to 2026-11-23T12:00:00.000+01:00:",
        "  3 lines and 3 rows compared: 3 pairs agree, 0 pairs differ (3 by ID, 0 by stamp)",
        "  0 lines without a row, 0 rows without a line",
        "  0 lines without a row from before 2026-11-20T09:00:00.000+01:00 (purged: not a difference)",
        "  0 rows before the file's first entry, 0 after the window (not compared)",
        "  the file and the database agree",
        "",
    ]
    .join("\n");
    // In the URL: refused before anything is sent, and not repeated.
    let with_password = url.replace("joc_ro@", "joc_ro:hunter2@");
    assert_eq!(
        reconcile(&[&with_password], &[]),
        failed(
            "auditlog: the --db URL holds a password, which any user of this machine can read on \
             the command line: leave it out, and put it in a file given with --db-password-file, \
             in PGPASSWORD (PostgreSQL) or MYSQL_PWD (MySQL, MariaDB), or in ~/.pgpass\n"
        )
    );
    // None anywhere: the message says where one goes.
    let none = reconcile(&[&url], &[]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr
            .contains("no password was given: --db-password-file, PGPASSWORD or ~/.pgpass"),
        "{}",
        none.stderr
    );
    // A wrong one is not printed.
    let wrong = reconcile(&[&url], &[("PGPASSWORD", "wr0ng-s3cret")]);
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("password authentication failed"),
        "{}",
        wrong.stderr
    );
    assert!(!wrong.stderr.contains("wr0ng-s3cret"), "{}", wrong.stderr);
    // From the environment, and from ~/.pgpass (HOME is the test's directory), where a field
    // holding `:` is escaped as libpq reads it.
    assert_eq!(
        reconcile(&[&url], &[("PGPASSWORD", READER_PASSWORD)]),
        ok(&agreed)
    );
    let pgpass = env.write(
        ".pgpass",
        &format!(
            "# host:port:database:user:password\nother:*:*:*:nope\n127.0.0.1:{}:joc:joc_ro:{}\n",
            server.port,
            READER_PASSWORD.replace(':', "\\:")
        ),
    );
    fs::set_permissions(&pgpass, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    assert_eq!(reconcile(&[&url], &[]), ok(&agreed));
    // One that others may read is passed over, as libpq does.
    fs::set_permissions(&pgpass, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let open = reconcile(&[&url], &[]);
    assert_eq!(open.code, 2);
    assert!(
        open.stderr.starts_with(&format!(
            "auditlog: {}: others may read it, so it is not used (chmod 0600 it)\n",
            pgpass.display()
        )),
        "{}",
        open.stderr
    );
    // A FIFO named as the password file is refused, not waited on.
    let fifo = env.path("fifo");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let refused = reconcile(&[&url, "--db-password-file", "fifo"], &[]);
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .stderr
            .starts_with("auditlog: --db-password-file fifo"),
        "{}",
        refused.stderr
    );
    // A database without JOC's table says so.
    let elsewhere = format!("{}/postgres", url.strip_suffix("/joc").unwrap());
    assert_eq!(
        reconcile(&[&elsewhere], &[("PGPASSWORD", READER_PASSWORD)]),
        failed(
            "auditlog: the database has no table JOC_AUDIT_LOG that this user can see: is it \
             JOC's database, and may the user read the table?\n"
        )
    );
}

#[test]
fn the_workbook_holds_each_mismatch_and_the_counts() {
    let Some(server) = Server::postgres() else {
        return;
    };
    let env = agreeing(&server, |rows| {
        rows[1].comment = Some("=HYPERLINK(\"http://evil\")".to_owned());
        rows.remove(2);
    });
    let password = env.path("pw");
    let url = server.url();
    let out = env.run(&[
        "--tz",
        ZONE,
        "--file",
        "joc.log",
        "reconcile",
        "--db",
        &url,
        "--db-password-file",
        password.to_str().unwrap(),
        "--xlsx",
        "r.xlsx",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    // On a terminal, the same rows as a table, then the counts.
    let shown = env.run_on_terminal(
        &[
            "--tz",
            ZONE,
            "--file",
            "joc.log",
            "reconcile",
            "--db",
            &url,
            "--db-password-file",
            password.to_str().unwrap(),
        ],
        200,
        false,
    );
    assert_eq!((shown.code, shown.stderr.as_str()), (1, ""));
    assert_eq!(
        shown.screen,
        "\u{1b}[1mMismatch\u{1b}[0m  \u{1b}[1mFile\u{1b}[0m     \u{1b}[1mLine\u{1b}[0m  \u{1b}[1mID\u{1b}[0m  \u{1b}[1mTime\u{1b}[0m                           \u{1b}[1mAccount\u{1b}[0m  \u{1b}[1mRequest\u{1b}[0m          \u{1b}[1mField\u{1b}[0m   \u{1b}[1mIn the file\u{1b}[0m  \u{1b}[1mIn the database\u{1b}[0m\ndiffers   joc.log  2     2   2026-11-20T09:05:00.000+01:00  jdoe     ./orders/cancel  reason  stuck        =HYPERLINK(\"http://evil\")\nno row    joc.log  3     3   2026-11-20T09:10:00.000+01:00  jdoe     ./login          \u{1b}[2m-\u{1b}[0m       \u{1b}[2m-\u{1b}[0m            \u{1b}[2m-\u{1b}[0m\njoc.log against public.JOC_AUDIT_LOG, 2026-11-20T09:00:00.000+01:00 to 2026-11-23T12:00:00.000+01:00:\n  3 lines and 2 rows compared: 1 pair agrees, 1 pair differs (2 by ID, 0 by stamp)\n  1 line without a row, 0 rows without a line\n  0 lines without a row from before 2026-11-20T09:00:00.000+01:00 (purged: not a difference)\n  0 rows before the file's first entry, 0 after the window (not compared)\n  the file and the database DIFFER\n"
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(env.path("r.xlsx")).unwrap();
    use calamine::Reader as _;
    let mut cells = |name: &str| -> Vec<Vec<String>> {
        book.worksheet_range(name)
            .unwrap()
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    assert_eq!(
        cells("Mismatches"),
        [
            vec![
                "Mismatch",
                "File",
                "Line",
                "ID",
                "Time",
                "Account",
                "Request",
                "Field",
                "In the file",
                "In the database"
            ],
            vec![
                "differs",
                "joc.log",
                "2",
                "2",
                "2026-11-20T09:05:00.000+01:00",
                "jdoe",
                "./orders/cancel",
                "reason",
                "stuck",
                "=HYPERLINK(\"http://evil\")"
            ],
            vec![
                "no row",
                "joc.log",
                "3",
                "3",
                "2026-11-20T09:10:00.000+01:00",
                "jdoe",
                "./login",
                "",
                "",
                ""
            ],
        ]
    );
    assert_eq!(
        cells("Summary"),
        [
            [
                "joc.log against public.JOC_AUDIT_LOG, 2026-11-20T09:00:00.000+01:00 to 2026-11-23T12:00:00.000+01:00:"
            ],
            ["3 lines and 2 rows compared: 1 pair agrees, 1 pair differs (2 by ID, 0 by stamp)"],
            ["1 line without a row, 0 rows without a line"],
            [
                "0 lines without a row from before 2026-11-20T09:00:00.000+01:00 (purged: not a difference)"
            ],
            ["0 rows before the file's first entry, 0 after the window (not compared)"],
            ["the file and the database DIFFER"],
        ]
    );
}
