//! Where the file before a log ended: for a log that begins inside the hour repeated when
//! daylight saving ends (rotated during it), whose first entries follow on from the last of its
//! newest rotated sibling, in the second pass if that one had reached it.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::files::{Input, open_log, sibling_names};
use super::stream::Scan;
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
    end_state(&newest_sibling(path)?, zone)
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
            let mut scan = Scan::of_source(source, path).read_in(zone);
            while let Ok(Some(_)) = scan.next_event() {}
            scan.clock_state()
        }
    }
}
