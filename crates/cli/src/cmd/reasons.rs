//! `auditlog reasons`: the predefined reasons, numbered as `record --reason-number` takes them.

use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::exit::Exit;
use crate::output::stdout;

pub fn run(ctx: &Context) -> Result<Exit> {
    let mut out = stdout();
    out.write_all(ctx.config.reason_rules().numbered().as_bytes())?;
    out.flush()?;
    Ok(Exit::Done)
}
