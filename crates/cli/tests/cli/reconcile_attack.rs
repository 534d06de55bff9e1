//! What an outside attack on `reconcile` found, each against a real PostgreSQL: filters that
//! hid a deleted line or invented a missing row, a row no one could place that ended the
//! whole run, a closed standard output that made a difference exit 0, a directory named as
//! the log, and a clock difference too large to compute.

use super::databases::Server;
use super::reconcile::{ZONE, agreeing, load_details};
use super::*;

fn reconcile(env: &Env, server: &Server, how: &[&str]) -> Out {
    let url = server.url();
    env.run(
        &[
            &["--tz", ZONE, "--file", "joc.log", "reconcile", "--db", &url][..],
            &["--db-password-file", "pw"],
            how,
        ]
        .concat(),
    )
}

#[test]
fn a_filter_neither_hides_a_change_nor_invents_a_missing_partner() {
    let Some(server) = Server::postgres() else {
        return;
    };
    // The row of jdoe's first entry now names mallory.
    let env = agreeing(&server, |rows| rows[1].account = "mallory".to_owned());
    let summary = |lines, rows, agree: &str, differ: &str, by_id| {
        [
            "joc.log against public.JOC_AUDIT_LOG, 2026-11-20T09:00:00.000+01:00 to 2026-11-23T12:00:00.000+01:00:".to_owned(),
            format!("  {lines} and {rows} compared: {agree}, {differ} ({by_id} by ID, 0 by stamp)"),
            "  0 lines without a row, 0 rows without a line".to_owned(),
            "  0 lines without a row from before 2026-11-20T09:00:00.000+01:00 (purged: not a difference)".to_owned(),
            "  0 rows before the file's first entry, 0 after the window (not compared)".to_owned(),
            "  the file and the database DIFFER".to_owned(),
        ]
        .join("\n")
    };
    let differs =
        "joc.log:2: differs from row 2: account: \"jdoe\" in the file, \"mallory\" in the database";
    // Whichever side names the account, the pair is found, and differs; the window still
    // starts at the file's first entry, and nothing is said to be missing.
    assert_eq!(
        reconcile(&env, &server, &["--user", "jdoe"]),
        found(
            1,
            &format!(
                "{differs}\n{}\n",
                summary("2 lines", "1 row", "1 pair agrees", "1 pair differs", 2)
            )
        )
    );
    assert_eq!(
        reconcile(&env, &server, &["--user", "mallory"]),
        found(
            1,
            &format!(
                "{differs}\n{}\n",
                summary("0 lines", "1 row", "0 pairs agree", "1 pair differs", 1)
            )
        )
    );
    assert_eq!(
        reconcile(&env, &server, &["--grep", "mallory"])
            .stdout
            .lines()
            .next(),
        Some(differs)
    );
}

#[test]
fn a_row_that_cannot_be_placed_is_counted_and_the_rest_compared() {
    let Some(server) = Server::postgres() else {
        return;
    };
    // A row with a negative ID, besides the three.
    let env = agreeing(&server, |rows| {
        let mut odd = rows[0].clone();
        odd.id = 0;
        rows.push(odd);
    });
    server.sql("UPDATE \"JOC_AUDIT_LOG\" SET \"ID\" = -5 WHERE \"ID\" = 0;");
    let out = reconcile(&env, &server, &[]);
    assert_eq!((out.code, out.stderr.as_str()), (1, ""));
    assert!(
        out.stdout.contains(
            "  3 lines and 3 rows compared: 3 pairs agree, 0 pairs differ (3 by ID, 0 by stamp)\n"
        ) && out.stdout.contains(
            "  1 row without CREATED or a whole ID from 0, which cannot be compared\n  the file and the database DIFFER\n"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_difference_exits_1_even_when_no_one_reads_the_report() {
    let Some(server) = Server::postgres() else {
        return;
    };
    let env = agreeing(&server, |rows| {
        rows.remove(2);
    });
    let url = server.url();
    let mut child = env
        .cmd()
        .args(["--tz", ZONE, "--file", "joc.log", "reconcile", "--db", &url])
        .args(["--db-password-file", "pw"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before a word is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_log_that_cannot_be_read_is_an_error_not_a_report() {
    let Some(server) = Server::postgres() else {
        return;
    };
    let env = agreeing(&server, |_| {});
    fs::create_dir(env.path("dir")).unwrap();
    let url = server.url();
    let out = env.run(&[
        "--file",
        "dir",
        "reconcile",
        "--db",
        &url,
        "--db-password-file",
        "pw",
        "--since",
        "2026-11-01",
    ]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{}", out.stderr);
    assert!(out.stderr.contains("dir"), "{}", out.stderr);
    // A clock difference past a day is refused before anything is read.
    let out = reconcile(&env, &server, &["--max-skew", "9223372036854775807"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--max-skew"), "{}", out.stderr);
}

#[test]
fn the_rows_own_columns_answer_the_filters_and_a_row_from_the_future_is_a_difference() {
    let Some(server) = Server::postgres() else {
        return;
    };
    // Row 2's controller is changed, and a row dated years ahead is planted.
    let env = agreeing(&server, |rows| {
        rows[1].controller = "evil".to_owned();
        let mut planted = rows[0].clone();
        planted.id = 99;
        planted.account = "mallory".to_owned();
        planted.instant = chrono::DateTime::parse_from_rfc3339("2031-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        rows.push(planted);
    });
    // Row 1's details name a workflow the objects log does not; the objects log's line of
    // entry 3 is cut short.
    load_details(
        &server,
        &[(1, 1, "b".to_owned(), None), (2, 1, "c".to_owned(), None)],
    );
    env.write(
        "audit-objects.log",
        "{\"id\":1,\"objects\":[{\"workflow\":\"a\"}]}\n{\"id\":2,\"objects\":[{\"workflow\":\"c\"}]}\n{\"id\":3,\"objects\":[\n",
    );
    let lines = |out: &Out| out.stdout.lines().map(str::to_owned).collect::<Vec<_>>();
    // --controller finds the row by the controller it holds.
    let out = reconcile(&env, &server, &["--controller", "evil"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        lines(&out)[0],
        "joc.log:2: differs from row 2: controller: \"prod\" in the file, \"evil\" in the database"
    );
    // --object finds the row by the objects its details name.
    let out = reconcile(&env, &server, &["--object", "b"]);
    assert_eq!(
        lines(&out)[0],
        "joc.log:1: differs from row 1: objects: \"workflow a\" in the file, \"workflow b\" in the database"
    );
    // Unfiltered: the planted row has no line, and the unreadable objects line is counted.
    let out = reconcile(&env, &server, &[]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("audit-objects.log:3"), "{}", out.stderr);
    let said = lines(&out);
    assert!(
        said.iter()
            .any(|l| l.starts_with("public.JOC_AUDIT_LOG row 99: no line in the file: 2031-01-01")),
        "{said:?}"
    );
    assert!(
        said.contains(
            &"  1 line of the objects log could not be read (said above): not compared".to_owned()
        ),
        "{said:?}"
    );
}
