//! The service files in `contrib/`, checked by the programs that read them: systemd's units by
//! `systemd-analyze verify`, the logrotate example by `logrotate -d`, the lnav format by lnav's
//! own count of the entries of every fixture. Each with the test's
//! binary and directories in place of the ones it names; a program that is missing is said
//! and skipped.

use super::*;

fn contrib(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("contrib").join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn binary() -> String {
    std::env::var("AUDITLOG_TEST_BINARY")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_auditlog").to_owned())
}

#[test]
fn the_systemd_units_verify() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipping: systemd-analyze is not installed (Debian's systemd package)");
        return;
    }
    let env = Env::new();
    let units = contrib("systemd");
    assert!(units.len() >= 5, "{units:?}");
    let mut names = Vec::new();
    for unit in &units {
        let name = unit.file_name().unwrap().to_str().unwrap().to_owned();
        let text = fs::read_to_string(unit).unwrap();
        if name.ends_with(".service") {
            assert!(
                text.contains("/usr/local/bin/auditlog "),
                "{name} names the binary by its path"
            );
        }
        env.write(&name, &text.replace("/usr/local/bin/auditlog", &binary()));
        names.push(name);
    }
    // The shipper restarts on failure; the timers have services of their name.
    let ship = env.read("auditlog-ship.service");
    assert!(ship.contains("\nRestart=on-failure\n"), "{ship}");
    for timer in names.iter().filter(|n| n.ends_with(".timer")) {
        assert!(
            names.contains(&timer.replace(".timer", ".service")),
            "{timer}"
        );
    }
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .args(&names)
        .current_dir(env.path(""))
        .output()
        .unwrap();
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned()
        ),
        (Some(0), String::new(), String::new())
    );
}

#[test]
fn the_logrotate_example_reads() {
    let Some(logrotate) = [
        "/usr/sbin/logrotate",
        "/sbin/logrotate",
        "/usr/bin/logrotate",
    ]
    .into_iter()
    .find(|p| Path::new(p).exists()) else {
        eprintln!("skipping: logrotate is not installed (Debian's logrotate package)");
        return;
    };
    let env = Env::new();
    let [example] = &contrib("logrotate")[..] else {
        panic!("one logrotate example");
    };
    let text = fs::read_to_string(example).unwrap();
    env.write("audit.log", "");
    env.write(
        "logrotate.conf",
        &text.replace(
            "/var/log/batch/audit.log",
            &env.path("audit.log").display().to_string(),
        ),
    );
    let out = Command::new(logrotate)
        .arg("-d")
        .arg("-s")
        .arg(env.path("state"))
        .arg(env.path("logrotate.conf"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(&format!(
            "considering log {}",
            env.path("audit.log").display()
        )),
        "{said}"
    );
    assert!(!said.to_lowercase().contains("error"), "{said}");
}

#[test]
fn lnav_counts_the_entries_that_list_counts() {
    if Command::new("lnav").arg("-V").output().is_err() {
        eprintln!("skipping: lnav is not installed (Debian's lnav package)");
        return;
    }
    let env = Env::new();
    // lnav installs formats under $HOME: the test's own.
    let lnav = |args: &[&str]| {
        let out = Command::new("lnav")
            .env("HOME", env.path(""))
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let [format] = &contrib("lnav")[..] else {
        panic!("one format in contrib/lnav");
    };
    lnav(&["-i", format.to_str().unwrap()]);
    let installed = env.path(".lnav/formats/installed/js7_audit_log.json");
    assert_eq!(fs::read(installed).unwrap(), fs::read(format).unwrap());
    let generated = env.path("quirks.log");
    let quirks = Command::new(root().join("bench/gen-audit-log"))
        .args(["--lines", "3000", "--quirks", "--seed", "7"])
        .output()
        .unwrap();
    fs::write(&generated, quirks.stdout).unwrap();
    let mut logs: Vec<PathBuf> = fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    logs.sort();
    logs.extend([root().join("fixtures/sample/audit.log"), generated]);
    for log in &logs {
        let path = log.to_str().unwrap();
        let counted = lnav(&[
            "-n",
            "-c",
            ";SELECT count(*) AS n FROM js7_audit_log",
            "-c",
            ":write-csv-to -",
            path,
        ]);
        let listed = Command::new(binary())
            .args(["--file", path, "--tz", "UTC", "list", "--count"])
            .output()
            .unwrap();
        let listed = String::from_utf8(listed.stdout).unwrap();
        let name = log.file_name().unwrap().to_str().unwrap();
        // Where lnav cannot count as auditlog does, the format's description says why.
        let want = match name {
            "encoding.log" => "0\n".to_owned(),
            "malformed.log" => "4\n".to_owned(),
            _ => listed,
        };
        assert_eq!(counted, format!("n\n{want}"), "{name}");
    }
}
