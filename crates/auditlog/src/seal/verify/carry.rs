//! What a file archived part way carried on into the files after it: `archive` moves the front
//! of a log to a file of its own, so the lines one seal record covers may begin in one archive
//! and go on through later ones into the log. They are read, and named, where they are now.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::content::lines_in;
use super::problem::Finding;
use crate::scan::stream_len;
use crate::seal::SealError;

/// The files after `files[at]` that hold the `rest` bytes sealed past its end, and how many
/// bytes of each, archive by archive; each is noted in `carried_into` (by file, bytes).
pub(super) fn of<'a>(
    files: &'a [PathBuf],
    at: usize,
    mut rest: u64,
    carried_into: &mut HashMap<usize, u64>,
) -> Result<Vec<(&'a Path, u64)>, SealError> {
    let mut carry = Vec::new();
    for (next, path) in files.iter().enumerate().skip(at + 1) {
        if rest == 0 {
            break;
        }
        let take = rest.min(stream_len(path).map_err(|e| SealError::io(path, e))?);
        carry.push((path.as_path(), take));
        let before = carried_into.get(&next).copied().unwrap_or(0);
        carried_into.insert(next, before.max(take));
        rest -= take;
    }
    Ok(carry)
}

/// Names each finding about a line past `file`'s own in the file it carried on into, at its
/// line there.
pub(super) fn name_where_they_are(
    file: &Path,
    carry: &[(&Path, u64)],
    findings: &mut [Finding],
) -> Result<(), SealError> {
    if carry.is_empty() {
        return Ok(());
    }
    let own = lines_in(file, u64::MAX).map_err(|e| SealError::io(file, e))?;
    let mut spans = Vec::new();
    for (path, bytes) in carry {
        let lines = lines_in(path, *bytes).map_err(|e| SealError::io(path, e))?;
        spans.push((path.to_path_buf(), lines));
    }
    for finding in findings {
        let Some(mut line) = finding.line.filter(|&l| finding.file == file && l > own) else {
            continue;
        };
        line -= own;
        for (path, lines) in &spans {
            if line <= *lines {
                finding.file = path.clone();
                finding.line = Some(line);
                break;
            }
            line -= lines;
        }
    }
    Ok(())
}
