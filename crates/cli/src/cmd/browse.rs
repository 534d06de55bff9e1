//! `auditlog browse`: the full-screen view, on a terminal only.

use std::io::IsTerminal;

use anyhow::{Result, bail};

use crate::browse;
use crate::cli::BrowseArgs;
use crate::context::Context;
use crate::exit::Exit;

pub fn run(args: &BrowseArgs, ctx: &Context) -> Result<Exit> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("browse is a full-screen view for a terminal: for a pipe or a file, use list");
    }
    ctx.logs_exist()?;
    browse::run(ctx, &args.filters)?;
    Ok(Exit::Done)
}
