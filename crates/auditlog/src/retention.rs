//! Retention of a log's rotated files: what each holds (first and last entry, size, identity),
//! and the entries that record a rotated file deleted under retention, which `verify` takes as
//! the reason a sealed file is gone.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::scan::{ReadError, Scan, file_id, open};
use crate::stamp::Stamp;

/// The request of the entry that records a rotated file deleted under retention.
pub const DELETED: &str = "./auditlog/retention/delete";

/// A rotated file, as retention sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The file.
    pub path: PathBuf,
    /// Its identity: its first line's hash (see [`file_id`]).
    pub id: Option<String>,
    /// Its size on disk.
    pub size: u64,
    /// Its first entry's stamp.
    pub first: Option<Stamp>,
    /// Its last entry's stamp.
    pub last: Option<Stamp>,
    /// How many entries it holds.
    pub entries: u64,
}

/// Reads what a rotated file holds.
pub fn member(path: &Path) -> Result<Member, ReadError> {
    let size = fs::metadata(path)
        .map_err(|e| ReadError::new(path, e))?
        .len();
    let id = file_id(path).map_err(|e| ReadError::new(path, e))?;
    let mut scan = Scan::new(vec![path.to_owned()]);
    let (mut first, mut last, mut entries) = (None, None, 0);
    while let Some(event) = scan.next_event()? {
        if let crate::scan::Scanned::Entry { entry, .. } = event {
            first.get_or_insert(entry.created);
            last = Some(entry.created);
            entries += 1;
        }
    }
    Ok(Member {
        path: path.to_owned(),
        id,
        size,
        first,
        last,
        entries,
    })
}

/// The rotated files recorded as deleted under retention in `files`: each file's identity, and
/// where the entry that records it is (`FILE:LINE`). Only files that mention the request are
/// read entry by entry.
pub fn deletions(files: &[PathBuf]) -> Result<HashMap<String, String>, ReadError> {
    let mut found = HashMap::new();
    for path in files {
        let mut bytes = Vec::new();
        open(path)?
            .read_to_end(&mut bytes)
            .map_err(|e| ReadError::new(path, e))?;
        if memchr::memmem::find(&bytes, DELETED.as_bytes()).is_none() {
            continue;
        }
        let mut scan = Scan::new(vec![path.clone()]);
        while let Some(event) = scan.next_event()? {
            let crate::scan::Scanned::Entry { entry, .. } = event else {
                continue;
            };
            if entry.request != DELETED {
                continue;
            }
            let id = entry
                .params_json()
                .and_then(|b| b.get("fileId")?.as_str().map(str::to_owned));
            if let (Some(id), Some(origin)) = (id, &entry.origin) {
                found.insert(id, origin.to_string());
            }
        }
    }
    Ok(found)
}
