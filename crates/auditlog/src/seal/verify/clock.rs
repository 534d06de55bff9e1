//! What verifying says of the clock: a record signed in an epoch that has not begun, and a
//! sealing state ahead of now, are a clock that stepped ahead, not a forgery (their signatures
//! hold); the epochs such a step reached are named where entries were sealed late in them.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::{Check, Finding, HostState, Link, Problem};

/// How many epochs past now a record may claim before it is taken for a forgery rather than a
/// clock that was ahead: a year of one-minute epochs.
pub(super) const MAX_AHEAD: u64 = 525_600;

/// Checks that the sealing state on the host, when it is there, follows from the verification
/// key: its epochs are the key's, and its key is the one its epoch derives. A state in an epoch
/// that has not begun was moved on by a clock that was ahead: said, not failed.
pub(super) fn check_state(path: &Path, check: &Check, findings: &mut Vec<Finding>) {
    let Ok(state) = HostState::load(path) else {
        return;
    };
    let newest = check.key.epochs.at(check.now) + 1;
    let follows = state.epochs == check.key.epochs
        && state.epoch <= newest.saturating_add(MAX_AHEAD)
        && state.key == check.key.key.forward(state.epoch);
    if !follows {
        findings.push(Finding::fail(path, None, Problem::StateDiffers));
    } else if state.epoch > newest {
        let began = check.key.epochs.start_of(state.epoch);
        findings.push(Finding::warn(
            path,
            None,
            Problem::StateAhead(state.epoch, began),
        ));
    }
}

/// The epochs a clock step reached: those of records signed in an epoch that had not begun
/// when they were made (their `sealed` time, by the sealer's own clock, is before it), or that
/// has not begun now. Entries sealed late in them are said to be so with that in mind.
pub(super) fn stepped_epochs(links: &[Link], check: &Check) -> HashSet<u64> {
    let newest = check.key.epochs.at(check.now) + 1;
    links
        .iter()
        .map(|l| &l.signed.record)
        .filter(|r| {
            let sealed = DateTime::parse_from_rfc3339(&r.sealed).map(|t| t.with_timezone(&Utc));
            r.epoch > newest || sealed.is_ok_and(|t| t < check.key.epochs.start_of(r.epoch))
        })
        .map(|r| r.epoch)
        .collect()
}
