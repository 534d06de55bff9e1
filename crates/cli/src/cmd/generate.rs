//! `auditlog generate`: shell completions and man pages, written from the command line's own
//! definition so they never drift from it. A test compares them with the committed copies.

use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, GenerateArgs};
use crate::exit::Exit;

pub fn run(args: &GenerateArgs) -> Result<Exit> {
    let completions = args.dir.join("completions");
    let man = args.dir.join("man");
    for dir in [&completions, &man] {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut cmd = Cli::command();
    cmd.build();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        clap_complete::generate_to(shell, &mut cmd, "auditlog", &completions).with_context(
            || {
                format!(
                    "cannot write {shell} completions to {}",
                    completions.display()
                )
            },
        )?;
    }
    write_man(&cmd, "auditlog", &man)?;
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = format!("auditlog-{}", sub.get_name());
        write_man(
            &sub.clone().name(name.clone()).display_name(name.clone()),
            &name,
            &man,
        )?;
    }
    Ok(Exit::Done)
}

fn write_man(cmd: &clap::Command, name: &str, dir: &Path) -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    page.extend_from_slice(b".SH \"EXIT STATUS\"\n");
    let codes: &[(&str, &str)] = match name {
        "auditlog-run" => RUN_CODES,
        _ => CODES,
    };
    for (code, meaning) in codes {
        page.extend_from_slice(format!(".TP\n\\fB{code}\\fR\n{}\n", roff(meaning)).as_bytes());
    }
    page.extend_from_slice(b".SH ENVIRONMENT\n");
    for (name, meaning) in ENVIRONMENT {
        page.extend_from_slice(format!(".TP\n\\fB{name}\\fR\n{}\n", roff(meaning)).as_bytes());
    }
    let path = dir.join(format!("{name}.1"));
    fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))
}

/// What each exit code says.
const CODES: &[(&str, &str)] = &[
    ("0", "Done, or something was found."),
    (
        "1",
        "Nothing was found; check found problems; verify found the seal broken.",
    ),
    (
        "2",
        "An error, said on standard error as auditlog: WHAT: WHY; also when a log could not be read to its end although the others were.",
    ),
];

/// What `auditlog run` exits with: its command's code, else its own.
const RUN_CODES: &[(&str, &str)] = &[
    ("N", "The command's exit code."),
    (
        "128+N",
        "The command was killed by signal N (a timeout's TERM is 143).",
    ),
    ("127", "The command was not found."),
    ("126", "The command could not be run."),
    (
        "125",
        "The command did not start because auditlog run failed first: the start entry could not be written, or an option was wrong.",
    ),
    (
        "124",
        "The command ran, but its finish entry could not be written; standard error says how it ended.",
    ),
    (
        "75",
        "Another execution of the job runs on this host (without --wait); it is recorded as Cancelled.",
    ),
];

/// The environment variables auditlog reads or sets.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("AUDITLOG_FILE", "The log, unless --file is given."),
    (
        "AUDITLOG_CONFIG",
        "The configuration file, unless --config is given.",
    ),
    (
        "AUDITLOG_NOW",
        "Now, as a stamp such as 2026-11-23T12:00:00; empty is unset.",
    ),
    (
        "TZ",
        "The system's zone, when neither --tz nor timezone is set.",
    ),
    (
        "XDG_CACHE_HOME",
        "Where what reading learns is remembered: the line numbers and stamps of large logs (auditlog/lines in it, else ~/.cache/auditlog/lines) and the summaries of rotated gzip members (auditlog/members).",
    ),
    (
        "NO_COLOR",
        "Set and not empty: no colors with --color auto.",
    ),
    (
        "AUDITLOG_PAGER, PAGER",
        "The pager on a terminal, the first that is set; empty or cat for none.",
    ),
    ("COLUMNS", "The terminal's width when it cannot be asked."),
    (
        "SUDO_USER",
        "The account record writes without --user, and run --manual writes.",
    ),
    (
        "AUDITLOG_METRICS, AUDITLOG_EXECUTION_ID, AUDITLOG_BIN",
        "Set by auditlog run for its command: the file its metrics go to, its execution ID, and this binary (whose directory also comes first on the command's PATH).",
    ),
];

/// Text made safe in a man page: a backslash, and a dot or quote at a line's start, mean
/// something to roff.
fn roff(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    match text.starts_with(['.', '\'']) {
        true => format!("\\&{text}"),
        false => text,
    }
}
