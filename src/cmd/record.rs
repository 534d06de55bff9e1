//! `auditlog record`: checks what is asked and appends it as one entry.

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::Stamp;
use auditlog::append::append_line;
use auditlog::format::render;
use auditlog::record::{NewEntry, ReasonRules};
use auditlog::time::parse_minutes;
use serde_json::Value;

use super::Context;
use crate::cli::{ReasonArgs, RecordArgs};

pub fn run(args: RecordArgs, ctx: &Context) -> Result<ExitCode> {
    let rules = ctx.config.reason_rules();
    let (reason, time_spent, ticket) = reason_fields(args.reason, &rules)?;
    let params = read_params(args.params, args.params_file)?;
    let new = NewEntry {
        request: args.request,
        user: args.user.map_or_else(default_account, Ok)?,
        params,
        reason,
        time_spent,
        ticket,
        id: args.id,
    };
    let entry = new.into_entry(Stamp::local(ctx.now()?.wall), &rules)?;
    append_line(ctx.single_file()?, &render(&entry), !args.no_sync)?;
    Ok(ExitCode::SUCCESS)
}

/// The reason (given, or predefined by number), time spent in minutes, and ticket link.
pub fn reason_fields(
    args: ReasonArgs,
    rules: &ReasonRules,
) -> Result<(Option<String>, Option<u32>, Option<String>)> {
    let reason = match (args.reason, args.reason_number) {
        (Some(text), _) => Some(text),
        (None, Some(n)) => match n.checked_sub(1).and_then(|i| rules.predefined.get(i)) {
            Some(text) => Some(text.clone()),
            None => bail!(
                "there is no predefined reason {n}; choose one of:\n{}",
                rules.numbered()
            ),
        },
        (None, None) => None,
    };
    let time_spent = args
        .time_spent
        .map(|text| {
            parse_minutes(&text).ok_or_else(|| {
                anyhow!("invalid time spent {text:?}: write whole minutes (15 or 15m), hours (2h) or both (1h30m)")
            })
        })
        .transpose()?;
    Ok((reason, time_spent, args.ticket))
}

/// The request body from `--params JSON`, `--params -` (standard input) or `--params-file`.
fn read_params(
    params: Option<String>,
    params_file: Option<std::path::PathBuf>,
) -> Result<Option<Value>> {
    let (text, from) = match (params, params_file) {
        (Some(dash), _) if dash == "-" => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read the request body from standard input")?;
            (text, "standard input".to_owned())
        }
        (Some(text), _) => (text, "--params".to_owned()),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read the request body from {}", path.display()))?;
            (text, path.display().to_string())
        }
        (None, None) => return Ok(None),
    };
    let value = serde_json::from_str(&text)
        .with_context(|| format!("the request body in {from} is not valid JSON"))?;
    Ok(Some(value))
}

/// The person behind the command: `$SUDO_USER` under sudo, else the real user's login name.
pub fn default_account() -> Result<String> {
    if let Some(user) = std::env::var_os("SUDO_USER").filter(|u| !u.is_empty()) {
        return Ok(user.to_string_lossy().into_owned());
    }
    let uid = nix::unistd::getuid();
    Ok(match nix::unistd::User::from_uid(uid) {
        Ok(Some(user)) => user.name,
        _ => uid.to_string(),
    })
}
