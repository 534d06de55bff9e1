//! The committed completions and man pages are what the program generates now.

use super::*;

#[test]
fn completions_and_man_pages_are_current() {
    let env = Env::new();
    assert_eq!(env.run(&["generate", "--dir", "out"]), ok(""));
    let root = root();
    for dir in ["completions", "man"] {
        let mut generated: Vec<_> = fs::read_dir(env.path("out").join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        generated.sort();
        let mut committed: Vec<_> = fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        committed.sort();
        assert_eq!(generated, committed, "{dir}/: run `cargo run -- generate`");
        for name in generated {
            let now = fs::read_to_string(env.path("out").join(dir).join(&name)).unwrap();
            let then = fs::read_to_string(root.join(dir).join(&name)).unwrap();
            assert!(
                now == then,
                "{dir}/{} is stale: run `cargo run -- generate`",
                name.to_string_lossy()
            );
        }
    }
}

/// Completions offered file names for `--category` and `--by`: every flag that takes a name
/// from a list offers the list, in bash (the other shells are generated from the same
/// definitions).
#[test]
fn completions_offer_the_values_of_flags_that_take_names() {
    let bash = fs::read_to_string(root().join("completions/auditlog.bash")).unwrap();
    for (flag, values) in [
        (
            "--category",
            "deployment controller inventory dailyplan identity certificates settings monitoring others jobs unknown",
        ),
        (
            "--by",
            "account request category controller ticket reason workflow folder object day week month hour weekday job",
        ),
        (
            "--preset",
            "all today yesterday last-hour last-12h last-24h last-7d this-week this-month",
        ),
        ("-o", "table plain json ndjson csv raw"),
    ] {
        let offered = bash
            .split(&format!("                {flag})\n"))
            .skip(1)
            .map(|case| case.lines().next().unwrap_or_default().trim().to_owned())
            .collect::<Vec<_>>();
        assert!(!offered.is_empty(), "{flag}");
        assert!(
            offered
                .iter()
                .any(|line| line.contains(&format!("compgen -W \"{values}\""))),
            "{flag}: {offered:?}"
        );
        assert!(
            offered.iter().all(|line| !line.contains("compgen -f")),
            "{flag} offers file names: {offered:?}"
        );
    }
}

/// The man pages had no EXIT STATUS or ENVIRONMENT: each has both, and `run`'s names its own
/// codes.
#[test]
fn every_man_page_says_its_exit_status_and_environment() {
    let dir = root().join("man");
    for page in fs::read_dir(&dir).unwrap() {
        let path = page.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(".SH \"EXIT STATUS\"\n"), "{}", path.display());
        assert!(
            text.contains(".SH ENVIRONMENT\n.TP\n\\fBAUDITLOG_FILE\\fR\n"),
            "{}",
            path.display()
        );
    }
    let run = fs::read_to_string(dir.join("auditlog-run.1")).unwrap();
    for code in ["124", "125", "127", "126", "75"] {
        assert!(run.contains(&format!(".TP\n\\fB{code}\\fR\n")), "{code}");
    }
}
