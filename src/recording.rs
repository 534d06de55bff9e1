//! What `record` and `run` share: the reason, time spent and ticket link their flags give, and
//! the account behind the command.

use std::path::Path;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::record::{Invalid, MAX_TIME_SPENT, ReasonRules};
use auditlog::time::parse_minutes;

use crate::cli::ReasonArgs;
use crate::context::Context;
use crate::output::warn;

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

/// Seals the log after an entry was appended, when the configuration says `seal = true`.
/// An error says the entry was written but not sealed.
pub fn seal_after(ctx: &Context, log: &Path) -> Result<()> {
    if !ctx.config.seal {
        return Ok(());
    }
    let sealed = auditlog::seal::seal(log, ctx.now_again()?.instant)
        .context("the entry was recorded, but not sealed (`seal = true` in the configuration)")?;
    for note in sealed.notes {
        warn(note)?;
    }
    Ok(())
}
