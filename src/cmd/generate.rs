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
    let path = dir.join(format!("{name}.1"));
    fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))
}
