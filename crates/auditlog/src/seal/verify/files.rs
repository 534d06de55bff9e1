//! The files a seal covers, found among the log's files: by their identity, else by their name
//! or the lines they share; each one found checked against its records, and the files no
//! record covers held to being sealed by now.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::content::{self, check_file, shares_lines};
use super::problem::{Finding, Problem};
use super::{Check, Link, Verified, carry, missing_file};
use crate::scan::{file_id, stream_len};
use crate::seal::SealError;

/// The records of one file the seal covers, by the file's identity: runs of links.
pub(super) type Segment<'a> = (String, Vec<Vec<&'a Link>>);

/// Which of the log's files holds each segment, and which files were taken.
pub(super) struct Owners {
    /// By segment, the index of its file.
    of: Vec<Option<usize>>,
    /// By file, whether a segment took it.
    used: Vec<bool>,
}

impl Owners {
    /// Each segment's file by its identity (its first line's hash), each file taken once.
    pub(super) fn by_identity(
        files: &[PathBuf],
        segments: &[Segment],
    ) -> Result<Owners, SealError> {
        let mut ids = Vec::new();
        for path in files {
            ids.push(file_id(path).map_err(|e| SealError::io(path, e))?);
        }
        let mut used = vec![false; files.len()];
        let mut of = vec![None; segments.len()];
        for (owner, (id, _)) in of.iter_mut().zip(segments) {
            *owner = (0..files.len()).find(|&i| !used[i] && ids[i].as_ref() == Some(id));
            if let Some(at) = *owner {
                used[at] = true;
            }
        }
        Ok(Owners { of, used })
    }

    /// Whether a segment has no file yet.
    pub(super) fn any_missing(&self) -> bool {
        self.of.iter().any(Option::is_none)
    }

    /// The segments without a file: one deleted as recorded (`deleted`) has what an archive
    /// split off it checked where it is now; another is given the file of its name, or one
    /// that holds some of its lines. Gives what was carried into which file (by file, bytes).
    pub(super) fn settle(
        &mut self,
        (log, files): (&Path, &[PathBuf]),
        segments: &[Segment],
        deleted: &HashMap<String, String>,
        findings: &mut Vec<Finding>,
    ) -> Result<HashMap<usize, u64>, SealError> {
        let mut carried_into: HashMap<usize, u64> = HashMap::new();
        for (owner, (id, runs)) in self.of.iter_mut().zip(segments) {
            if owner.is_some() {
                continue;
            }
            if deleted.contains_key(id) {
                let sealed: Vec<u32> = runs
                    .iter()
                    .flatten()
                    .flat_map(|l| l.crcs.iter().copied())
                    .collect();
                let carried = content::check_carried(files, &sealed, findings)
                    .map_err(|e| SealError::io(log, e))?;
                carried_into.extend(carried);
                continue;
            }
            // Its first line changed, or the file is gone.
            let first = runs[0][0];
            let record = &first.signed.record;
            let used = &mut self.used;
            let named = |i: usize| files[i].file_name().is_some_and(|n| *n == *record.name);
            *owner = (0..files.len())
                .find(|&i| !used[i] && named(i))
                .or_else(|| {
                    (0..files.len()).find(|&i| !used[i] && shares_lines(&files[i], &first.crcs))
                });
            if let Some(at) = *owner {
                used[at] = true;
            }
        }
        Ok(carried_into)
    }
}

/// What each file found is checked against.
pub(super) struct Against<'a> {
    pub seal: &'a Path,
    pub links: &'a [Link],
    pub stepped: HashSet<u64>,
    pub check: &'a Check<'a>,
}

/// Checks every file found against its segment's records; a segment without a file is named
/// missing.
pub(super) fn check_found(
    files: &[PathBuf],
    (owners, segments): (&Owners, &[Segment]),
    against: &Against,
    carried_into: &mut HashMap<usize, u64>,
    verified: &mut Verified,
) -> Result<(), SealError> {
    // The records of the first seal, made in the epoch of record 0: what they cover was
    // written before sealing began, however old.
    let first_run = (against.links.first())
        .filter(|l| l.signed.record.seq == 0)
        .map(|l| l.signed.record.epoch);
    for (owner, (_, runs)) in owners.of.iter().zip(segments) {
        let Some(at) = *owner else {
            verified
                .findings
                .push(missing_file(against.seal, runs, runs[0][0]));
            continue;
        };
        // A file archived part way (`auditlog archive`) holds less than was sealed of it: the
        // rest begins the next file.
        let file = &files[at];
        let sealed_to = runs
            .iter()
            .flatten()
            .map(|l| l.signed.record.to)
            .max()
            .unwrap_or(0);
        let held = stream_len(file).map_err(|e| SealError::io(file, e))?;
        let carry = carry::of(files, at, sealed_to.saturating_sub(held), carried_into)?;
        let found_before = verified.findings.len();
        let covered = check_file(
            file,
            runs,
            &carry,
            first_run,
            &against.stepped,
            against.check,
            &mut verified.findings,
        )
        .map_err(|e| SealError::io(file, e))?;
        verified.files.push(covered);
        carry::name_where_they_are(file, &carry, &mut verified.findings[found_before..])?;
    }
    Ok(())
}

/// The files no segment took, but for what an archive carried into them (checked with the
/// file it was sealed in): never sealed, and their entries due by now named.
pub(super) fn check_unsealed(
    files: &[PathBuf],
    owners: &Owners,
    carried_into: &HashMap<usize, u64>,
    check: &Check,
    findings: &mut Vec<Finding>,
) -> Result<(), SealError> {
    for (i, path) in files.iter().enumerate() {
        let len = fs::metadata(path)
            .map_err(|e| SealError::io(path, e))?
            .len();
        let carried = carried_into.get(&i).copied().unwrap_or(0);
        if !owners.used[i] && len > carried {
            if carried == 0 {
                findings.push(Finding::warn(path, None, Problem::NeverSealed));
            }
            let due =
                content::first_due(path, carried, check).map_err(|e| SealError::io(path, e))?;
            findings.extend(due);
        }
    }
    Ok(())
}
