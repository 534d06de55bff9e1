//! `auditlog reasons`: the predefined reasons, numbered as `record --reason-number` takes them.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::output::stdout;

pub fn run(ctx: &Context) -> Result<ExitCode> {
    let mut out = stdout();
    out.write_all(ctx.config.reason_rules().numbered().as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
