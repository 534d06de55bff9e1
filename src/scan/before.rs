//! Where the file before a log ended: for a log that begins inside the hour repeated when
//! daylight saving ends (rotated during it), whose first entries follow on from the last of its
//! newest rotated sibling, in the second pass if that one had reached it.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::files::{Input, open_log, rotated_set};
use super::stream::Scan;
use crate::stamp::Stamp;
use crate::time::Zone;

/// The instant the entry before a log's first stands for, when the log begins inside the
/// repeated hour and has a rotated sibling: where the newest sibling ended, read in file order.
/// `None` otherwise, and the log's first entry reads as the first pass.
pub(super) fn instant_before(path: &Path, first: Stamp, zone: Zone) -> Option<DateTime<Utc>> {
    let (earliest, latest) = zone.instants(first);
    if earliest == latest {
        return None;
    }
    let set = rotated_set(path).ok()?;
    let [.., sibling, live] = &set[..] else {
        return None;
    };
    if live.as_path() != path {
        return None;
    }
    end_instant(sibling, zone)
}

/// The instant a file's last entry stands for, read in file order.
fn end_instant(path: &Path, zone: Zone) -> Option<DateTime<Utc>> {
    match open_log(path).ok()? {
        Input::File(file) => file.refs_before(file.len(), zone).ok()?.instant(),
        Input::Stream(source) => {
            let mut scan = Scan::of_source(source, path).read_in(zone);
            while let Ok(Some(_)) = scan.next_event() {}
            scan.instant()
        }
    }
}
