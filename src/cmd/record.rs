//! `auditlog record`: checks what is asked and appends it as one entry.

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::Stamp;
use auditlog::append::append_line;
use auditlog::format::render;
use auditlog::format::safe_path;
use auditlog::record::{Body, Invalid, MAX_LINE_BYTES, MAX_TIME_SPENT, NewEntry, ReasonRules};
use auditlog::time::parse_minutes;

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
    append_line(
        ctx.single_file("writes to")?,
        &render(&entry),
        !args.no_sync,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The reason (given, or predefined by number), time spent in minutes, and ticket link.
pub fn reason_fields(
    args: ReasonArgs,
    rules: &ReasonRules,
) -> Result<(Option<String>, Option<u64>, Option<String>)> {
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
        .map(|text| match parse_minutes(&text) {
            Some(minutes) if minutes > MAX_TIME_SPENT => Err(Invalid::TimeSpent(minutes).into()),
            Some(minutes) => Ok(minutes),
            None => Err(anyhow!(
                "invalid time spent {text:?}: write whole minutes (15 or 15m), hours (2h) or both (1h30m)"
            )),
        })
        .transpose()?;
    Ok((reason, time_spent, args.ticket))
}

/// The request body from `--params JSON`, `--params -` (standard input) or `--params-file`;
/// more than an entry can hold is refused before it is all read.
fn read_params(
    params: Option<String>,
    params_file: Option<std::path::PathBuf>,
) -> Result<Option<Body>> {
    let (text, from) = match (params, params_file) {
        (Some(dash), _) if dash == "-" => {
            let text = read_bounded(std::io::stdin().lock(), "standard input")?;
            (text, "standard input".to_owned())
        }
        (Some(text), _) => (text, "--params".to_owned()),
        (None, Some(path)) => {
            let from = safe_path(&path);
            let file = std::fs::File::open(&path)
                .with_context(|| format!("cannot read the request body from {from}"))?;
            (read_bounded(file, &from)?, from)
        }
        (None, None) => return Ok(None),
    };
    let body = Body::parse(&text).with_context(|| from.clone())?;
    Ok(Some(body))
}

/// All of a reader as text, refused past what an entry can hold.
fn read_bounded(src: impl Read, from: &str) -> Result<String> {
    let mut bytes = Vec::new();
    src.take(MAX_LINE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the request body from {from}"))?;
    if bytes.len() > MAX_LINE_BYTES {
        bail!(
            "the request body in {from} is longer than an entry can hold: at most {MAX_LINE_BYTES} bytes"
        );
    }
    String::from_utf8(bytes).map_err(|_| anyhow!("the request body in {from} is not UTF-8 text"))
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
