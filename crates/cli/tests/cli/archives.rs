//! Years of rotated archives: `index` keeps a summary of each gzip member, and a query opens
//! only the members that can match, with the same answer as a read of every member.

use std::fs;
use std::io::Write;
use std::os::unix::fs::MetadataExt;

use flate2::Compression;
use flate2::write::GzEncoder;

use super::*;

/// Three entries a day for `days` days from 2026-10-01; `rare` works on days 3 and 15 only.
fn day_text(d: u32) -> String {
    let mut text = String::new();
    for k in 0..3 {
        let user = match (d, k) {
            (3 | 15, 1) => "rare",
            _ => ["root", "jdoe", "ops.night"][(d as usize + k) % 3],
        };
        text.push_str(&format!(
            "2026-10-{:02}T{:02}:15:00,000 INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: \
             {{\"controllerId\":\"prod\"}} - COMMENT: - - TIMESPENT: - - TICKET: -\n",
            d + 1,
            6 + 5 * k
        ));
    }
    text
}

/// `text` as a gzip member, compressed at `level`.
fn gz(text: &str, level: Compression) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), level);
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap()
}

/// Twenty daily gzip members named as JOC rotates them, and the log itself (day 21).
pub(super) fn twenty_days(env: &Env) -> PathBuf {
    for d in 0..20 {
        let name = format!("audit-2026-10-{:02}-1.log.gz", d + 1);
        fs::write(env.path(&name), gz(&day_text(d), Compression::fast())).unwrap();
    }
    env.write("audit.log", &day_text(20))
}

fn members_dir(env: &Env) -> String {
    env.path("cache/auditlog/members").display().to_string()
}

/// The first line `index` prints, and the start of the second.
fn indexed(env: &Env, now: u32, already: u32) -> String {
    format!(
        "20 rotated files: {now} summarized now, {already} already, 0 plain (read by offset, no \
         summary needed)\nsummaries kept in {} (",
        members_dir(env)
    )
}

#[test]
fn index_summarizes_each_member_once_and_a_query_opens_only_what_can_match() {
    let env = Env::new();
    twenty_days(&env);
    let out = env.run(&["index"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert!(
        out.stdout.starts_with(&indexed(&env, 20, 0)),
        "{}",
        out.stdout
    );
    assert!(out.stdout.ends_with(" kB)\n"), "{}", out.stdout);
    assert_eq!(fs::read_dir(members_dir(&env)).unwrap().count(), 20);
    let again = env.run(&["index"]);
    assert!(
        again.stdout.starts_with(&indexed(&env, 0, 20)),
        "{}",
        again.stdout
    );

    // The same answer as a read without any summary, for a field and for time.
    let without_cache = |args: &[&str]| {
        output(
            env.cmd()
                .env_remove("HOME")
                .env_remove("XDG_CACHE_HOME")
                .args(args),
        )
    };
    for args in [
        &["--rotated", "list", "--user", "rare", "-o", "ndjson"][..],
        &["--rotated", "list", "--user", "nobody", "--count"],
        &[
            "--rotated",
            "list",
            "--since",
            "2026-10-15",
            "--until",
            "2026-10-16",
            "-o",
            "ndjson",
        ],
        &["--rotated", "report", "--by", "account", "--user", "rare"],
    ] {
        assert_eq!(env.run(args), without_cache(args), "{args:?}");
    }
    let rare = env.run(&[
        "--rotated",
        "list",
        "--user",
        "rare",
        "-o",
        "plain",
        "--oldest-first",
    ]);
    assert_eq!(
        rare.stdout,
        "prod\t2026-10-04 11:15:00.000\trare\t./orders/add\tCONTROLLER\t-\t-\t-\t20261004T111500.000\n\
         prod\t2026-10-16 11:15:00.000\trare\t./orders/add\tCONTROLLER\t-\t-\t-\t20261016T111500.000\n"
    );

    // A reference is looked up only in the members that can hold its stamp.
    let shown = env.run(&["--rotated", "show", "20261016T111500.000", "-o", "json"]);
    assert_eq!((shown.code, shown.stderr.as_str()), (0, ""), "{shown:?}");
    assert!(
        shown.stdout.contains(r#""user":"rare""#),
        "{}",
        shown.stdout
    );
}

/// Day `d`'s member written again as gzip without compression, so that an edit of the same
/// length keeps its size.
fn stored(env: &Env, d: u32, text: &str) -> PathBuf {
    let member = env.path(&format!("audit-2026-10-{:02}-1.log.gz", d + 1));
    let mut file = fs::OpenOptions::new().write(true).open(&member).unwrap();
    file.set_len(0).unwrap();
    file.write_all(&gz(text, Compression::none())).unwrap();
    member
}

#[test]
fn a_member_written_again_in_place_at_its_size_and_time_is_read_again() {
    let env = Env::new();
    twenty_days(&env);
    let member = stored(&env, 7, &day_text(7));
    env.run(&["index"]);
    let (meta, args) = (
        fs::metadata(&member).unwrap(),
        ["--rotated", "list", "--user", "rare", "--count"],
    );
    assert_eq!(env.run(&args), ok("2\n"));
    // The same inode, size and modification time (as `touch -r` sets it back): only the
    // change time tells.
    stored(
        &env,
        7,
        &day_text(7).replacen("USER: root", "USER: rare", 1),
    );
    let file = fs::File::options().write(true).open(&member).unwrap();
    file.set_modified(meta.modified().unwrap()).unwrap();
    let now = fs::metadata(&member).unwrap();
    assert_eq!(
        (now.ino(), now.len(), now.mtime(), now.mtime_nsec()),
        (meta.ino(), meta.len(), meta.mtime(), meta.mtime_nsec())
    );
    assert_eq!(env.run(&args), ok("3\n"));
}

#[test]
fn a_member_read_whole_by_any_query_is_summarized_on_the_way() {
    let env = Env::new();
    twenty_days(&env);
    assert_eq!(env.run(&["--rotated", "list", "--count"]), ok("63\n"));
    let out = env.run(&["index"]);
    assert!(
        out.stdout.starts_with(&indexed(&env, 0, 20)),
        "{}",
        out.stdout
    );
    // A member replaced by another of other content is summarized afresh.
    let other = gz(&day_text(3).replace("rare", "root"), Compression::fast());
    fs::write(env.path("audit-2026-10-04-1.log.gz"), other).unwrap();
    let out = env.run(&["index"]);
    assert!(
        out.stdout.starts_with(&indexed(&env, 1, 19)),
        "{}",
        out.stdout
    );
    assert_eq!(
        env.run(&["--rotated", "list", "--user", "rare", "--count"]),
        ok("1\n")
    );
}

#[test]
fn index_clear_empties_the_cache_and_damaged_summaries_are_made_again() {
    let env = Env::new();
    twenty_days(&env);
    env.run(&["index"]);
    for item in fs::read_dir(members_dir(&env)).unwrap() {
        fs::write(item.unwrap().path(), b"not a summary").unwrap();
    }
    // Each is ignored, and removed; the members are read, and summarized again on the way.
    assert_eq!(
        env.run(&["--rotated", "list", "--user", "rare", "--count"]),
        ok("2\n")
    );
    for item in fs::read_dir(members_dir(&env)).unwrap() {
        assert_ne!(fs::read(item.unwrap().path()).unwrap(), b"not a summary");
    }
    let out = env.run(&["index"]);
    assert!(
        out.stdout.starts_with(&indexed(&env, 0, 20)),
        "{}",
        out.stdout
    );
    assert_eq!(
        env.run(&["index", "--clear"]),
        ok(&format!(
            "removed 20 summaries from {}\n",
            members_dir(&env)
        ))
    );
    assert_eq!(fs::read_dir(members_dir(&env)).unwrap().count(), 0);
}

#[test]
fn index_shows_its_progress_on_a_terminal_and_says_what_it_cannot_do() {
    let env = Env::new();
    twenty_days(&env);
    let shown = env.run_on_terminal(&["index"], 100, true);
    assert_eq!(shown.code, 0);
    assert!(shown.screen.contains("indexing"), "{:?}", shown.screen);
    assert!(
        shown.screen.contains(&indexed(&env, 20, 0)),
        "{:?}",
        shown.screen
    );
    // Damage is named with its file, and the rest is summarized.
    let bytes = gz(&day_text(30), Compression::fast());
    fs::write(
        env.path("audit-2026-10-31-1.log.gz"),
        &bytes[..bytes.len() - 12],
    )
    .unwrap();
    let out = env.run(&["index"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .starts_with("auditlog: cannot read audit-2026-10-31-1.log.gz: incomplete deflate"),
        "{}",
        out.stderr
    );
    // Standard input has no rotated members, and without a cache directory there is nowhere
    // to keep summaries.
    let stdin = env.run(&["--file", "-", "index"]);
    assert_eq!(
        (stdin.code, stdin.stderr.as_str()),
        (
            2,
            "auditlog: standard input has no rotated members to index\n"
        )
    );
    let homeless = output(
        env.cmd()
            .env_remove("HOME")
            .env_remove("XDG_CACHE_HOME")
            .arg("index"),
    );
    assert_eq!(
        (homeless.code, homeless.stderr.as_str()),
        (
            2,
            "auditlog: there is no cache directory: set XDG_CACHE_HOME or HOME to an absolute \
             path\n"
        )
    );
}

/// While gzip compresses a rotated file, the file and its half-written `.gz` both stand beside
/// the log; reading both gave every entry of the file twice (or a damaged member's warning),
/// and a shipper with a cursor in that file shipped it all again.
#[test]
fn a_rotated_file_being_gzipped_is_read_once_from_the_file() {
    let env = Env::new();
    let (day1, day2) = (day_text(1), day_text(2));
    env.write("audit-2026-10-02-1.log", &day1);
    let whole = gz(&day1, Compression::fast());
    fs::write(
        env.path("audit-2026-10-02-1.log.gz"),
        &whole[..whole.len() / 2],
    )
    .unwrap();
    env.write("audit.log", &day2);
    let out = env.run(&[
        "--file",
        "audit.log",
        "--rotated",
        "list",
        "--oldest-first",
        "-o",
        "raw",
    ]);
    assert_eq!(out, ok(&format!("{day1}{day2}")));
    // A shipper whose cursor stands at the file's last entry reads on with the log.
    let cursor = [
        "--file",
        "audit.log",
        "--rotated",
        "tail",
        "--cursor-file",
        "c.json",
    ];
    fs::remove_file(env.path("audit-2026-10-02-1.log.gz")).unwrap();
    env.write("audit.log", "");
    let first = env.run(&[&cursor[..], &["-o", "raw"]].concat());
    assert_eq!(first, ok(&day1));
    fs::write(
        env.path("audit-2026-10-02-1.log.gz"),
        &whole[..whole.len() / 2],
    )
    .unwrap();
    env.write("audit.log", &day2);
    assert_eq!(env.run(&[&cursor[..], &["-o", "raw"]].concat()), ok(&day2));
}
