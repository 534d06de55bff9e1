//! Where the file before a log ended: for a log that begins inside the hour repeated when
//! daylight saving ends (rotated during it), whose first entries follow on from the last of its
//! newest rotated sibling, in the second pass if that one had reached it; and for a rotated
//! member that begins there, from the member before it in its log's set.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use regex::Regex;

use super::files::{Input, open_log, rotated_set, sibling_names};
use super::frame::{Framer, Kind};
use crate::reference::RefCounter;
use crate::stamp::Stamp;
use crate::time::Zone;

/// Where the clock stood before a log's first entry (see [`crate::time::Clock::state`]), when
/// the log begins inside the repeated hour and has a rotated sibling: where the newest sibling
/// ended, read in file order. `None` otherwise, and the log's first entry reads as the first
/// pass.
pub(super) fn state_before(path: &Path, first: Stamp, zone: Zone) -> Option<(DateTime<Utc>, bool)> {
    let (earliest, latest) = zone.instants(first);
    if earliest == latest {
        return None;
    }
    let before = newest_sibling(path).or_else(|| member_before(path))?;
    end_state(&before, zone)
}

/// The member before a rotated member in its log's set (see [`super::rotated_set`]), whether
/// the log itself is there or not (between a rotation and the next write).
fn member_before(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let set = rotated_set(&path.with_file_name(log_of(name)?)).ok()?;
    let at = set.iter().position(|p| p.file_name() == path.file_name())?;
    set.get(at.checked_sub(1)?).cloned()
}

/// The name of the log whose rotated sibling `member` is (see [`sibling_names`]):
/// `audit.log` for `audit.log.3.gz`, `audit.log-20261101.gz`, `audit-2026-11-01-1.log.gz` and
/// `audit.2026-11-01.log`.
fn log_of(member: &str) -> Option<String> {
    let numbered = Regex::new(r"^(.+?)(?:\.[0-9]+|-[0-9][0-9-]*)(?:\.gz)?$").ok()?;
    let dated = Regex::new(r"^(.+?)[-.][0-9][0-9-]*\.([^.]+)(?:\.gz)?$").ok()?;
    let candidates = [
        numbered.captures(member).map(|c| c[1].to_owned()),
        dated
            .captures(member)
            .map(|c| format!("{}.{}", &c[1], &c[2])),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|log| log != member && sibling_names(log).is_match(member))
}

/// The rotated sibling last written to: the one rotated last, the log's predecessor. A
/// directory listing and a look at each sibling's times; no sibling is read.
fn newest_sibling(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let siblings = sibling_names(name);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|item| {
            item.file_name()
                .to_str()
                .is_some_and(|n| siblings.is_match(n))
        })
        .filter_map(|item| {
            let meta = item.metadata().ok().filter(fs::Metadata::is_file)?;
            Some(((meta.mtime(), meta.mtime_nsec()), item.path()))
        })
        .max()
        .map(|(_, sibling)| sibling)
}

/// Where the clock stands after a file's last entry, read in file order.
fn end_state(path: &Path, zone: Zone) -> Option<(DateTime<Utc>, bool)> {
    match open_log(path).ok()? {
        Input::File(file) => file.refs_before(file.len(), zone).ok()?.clock_state(),
        Input::Stream(source) => {
            // Every frame that begins with a stamp counts, as a scan counts them.
            let mut framer = Framer::new(source);
            let mut refs = RefCounter::new(zone);
            while let Ok(Some(span)) = framer.next_span() {
                let bytes = framer.bytes(&span);
                let Some((stamp, _)) =
                    Stamp::parse_prefix(bytes).filter(|_| span.kind == Kind::Entry)
                else {
                    continue;
                };
                if refs.clock_state().is_none()
                    && let Some(state) = state_before(path, stamp, zone)
                {
                    refs.follow_on(state);
                }
                refs.count(stamp);
            }
            refs.clock_state()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_members_log_is_named_back_from_each_form_of_rotated_name() {
        for member in [
            "audit.log.3",
            "audit.log.3.gz",
            "audit.log-20261101.gz",
            "audit-2026-11-01-1.log.gz",
            "audit-2026-11-01-12.log",
            "audit.2026-11-01.log",
        ] {
            assert_eq!(
                super::log_of(member).as_deref(),
                Some("audit.log"),
                "{member}"
            );
        }
        assert_eq!(super::log_of("audit.log"), None);
        assert_eq!(super::log_of("audit-objects.log"), None);
    }
}
