//! What `record` and `run` share: the reason, time spent and ticket link their flags give, and
//! the account behind the command.

use std::path::Path;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::append::append_made;
use auditlog::format::render;
use auditlog::record::{Invalid, MAX_TIME_SPENT, ReasonRules};
use auditlog::safe::{one_line, safe_path};
use auditlog::time::parse_minutes;
use auditlog::{Entry, Stamp};

use crate::cli::ReasonArgs;
use crate::context::Context;
use crate::output::warn;
use auditlog::mirror::{Mirrored, Target, send};

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

/// Where entries are mirrored: `--mirror`, else `mirror` in the configuration; an invalid
/// target is an error before anything is written.
pub fn mirror_target(flag: Option<&str>, ctx: &Context) -> Result<Option<Target>> {
    flag.or(ctx.config.mirror.as_deref())
        .map(|text| text.parse().map_err(|why: String| anyhow!(why)))
        .transpose()
}

/// What follows an entry appended to `log`: the seal (`seal = true`), then the mirror. A seal
/// that fails is an error (the entry was written); a mirror that fails is a warning.
pub fn after_append(
    ctx: &Context,
    log: &Path,
    (entry, at): (&Entry, u64),
    mirror: Option<&Target>,
) -> Result<()> {
    let sealed = seal_after(ctx, log);
    if let Some(target) = mirror
        && let Err(error) = send(target, entry, &written(ctx, log, entry, at), &ctx.host)
    {
        warn(format!(
            "the entry was written to {}, but not mirrored to {}: {error}",
            safe_path(log),
            one_line(&target.to_string())
        ))?;
    }
    sealed
}

/// Where and when an entry was written, as a mirror says it: its reference in the log and
/// the instant its stamp stands for there (in the repeated hour, as the entries before it
/// decide; where the log cannot be read back, of the two a stamp can be, the one nearer now).
fn written(ctx: &Context, log: &Path, entry: &Entry, at: u64) -> Mirrored {
    let counted = auditlog::scan::LogFile::open(log)
        .and_then(|file| file.refs_before(at, ctx.zone))
        .map(|mut refs| refs.count(entry.created));
    let (reference, instant) = counted.unwrap_or_else(|_| {
        let now = ctx.now_again().map_or(ctx.now.instant, |now| now.instant);
        let (first, second) = ctx.zone.instants(entry.created);
        let nearer = match (second - now).abs() < (first - now).abs() {
            true => second,
            false => first,
        };
        let stamp = entry.created;
        (auditlog::reference::Ref { stamp, nth: 1 }, nearer)
    });
    Mirrored { instant, reference }
}

/// Seals the log after an entry was appended, when the configuration says `seal = true`.
/// An error says the entry was written but not sealed.
fn seal_after(ctx: &Context, log: &Path) -> Result<()> {
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

/// Appends `entry` to `log`, stamped with the clock read once the log is locked (never before
/// its own stamp), so that entries written at once by several of us never step back in time
/// in the file.
pub fn append_stamped(ctx: &Context, log: &Path, entry: &mut Entry, sync: bool) -> Result<u64> {
    let at = append_made(log, sync, || {
        let now = ctx.now_again().map_or(ctx.now.wall, |now| now.wall);
        entry.created = Stamp::local(now.max(entry.created.local)).to_millis();
        render(entry)
    })?;
    Ok(at)
}
