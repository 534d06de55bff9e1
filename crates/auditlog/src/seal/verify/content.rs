//! Checking a file's bytes against the records that cover it, and naming what changed.

use std::collections::HashSet;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::super::diff::{Change, diff};
use super::super::digest::{Digest, Digester, Late, Lateness};
use super::super::record::Record;
use super::super::unhex;
use super::{Check, Covered, Finding, Link, Problem};
use crate::scan::open;

/// The most differences named in one file; the rest are counted.
const MAX_NAMED: usize = 20;

/// Checks one file against the runs of records that cover it.
pub(super) fn check_file(
    path: &Path,
    runs: &[Vec<&Link>],
    carry: &[(&Path, u64)],
    first_run: Option<u64>,
    stepped: &HashSet<u64>,
    check: &Check,
    findings: &mut Vec<Finding>,
) -> io::Result<Covered> {
    let records = || runs.iter().flatten().map(|l| &l.signed.record);
    let covered = Covered {
        path: path.to_owned(),
        records: records().count() as u64,
        lines: records().map(|r| r.lines).sum(),
        entries: records().map(|r| r.entries).sum(),
    };
    let mut reader = LineReader::new(source(path, carry)?);
    for run in runs {
        reader.skip_to(run[0].signed.record.from)?;
        for (k, link) in run.iter().enumerate() {
            let record = &link.signed.record;
            let base = reader.line;
            let first = first_run == Some(record.epoch);
            let digest = reader.digest(record, link.prev_sha, first, check)?;
            let agrees = digest.as_ref().is_some_and(|d| {
                d.crcs == link.crcs
                    && d.entries == record.entries
                    && link
                        .prev_sha
                        .is_none_or(|_| unhex(&record.sha256).as_deref() == Some(&d.sha256[..]))
            });
            if !agrees {
                let sealed: Vec<u32> = run[k..]
                    .iter()
                    .flat_map(|l| l.crcs.iter().copied())
                    .collect();
                let found = crcs_from(path, carry, record.from)?;
                report_changes(path, base, &sealed, &found, run, k, findings);
                return Ok(covered);
            }
            let digest = digest.expect("a record that agrees was read");
            if let Some(late) = &digest.late {
                let stepped = stepped.contains(&record.epoch);
                let problem = Problem::Late {
                    stamp: late.stamp.clone(),
                    epoch: record.epoch,
                    began: check.key.epochs.start_of(record.epoch),
                    others: digest.late_count - 1,
                    stepped,
                };
                // Still a failure after a clock step: entries written later than their stamps
                // say would look the same, and the seal cannot tell which it was.
                findings.push(Finding::fail(path, Some(base + late.line + 1), problem));
            }
        }
    }
    let first = reader.line + 1;
    let base = reader.line;
    let (lines, bytes, due) = reader.rest(check)?;
    if bytes > 0 {
        let problem = Problem::Unsealed { lines, bytes };
        findings.push(Finding::warn(path, Some(first), problem));
    }
    findings.extend(due.map(|d| d.at(path, base)));
    Ok(covered)
}

/// The first entry of a file no record covers that should have been sealed by now.
pub(super) fn first_due(path: &Path, from: u64, check: &Check) -> io::Result<Option<Finding>> {
    let mut reader = LineReader::new(source(path, &[])?);
    reader.skip_to(from)?;
    let base = reader.line;
    let (_, _, due) = reader.rest(check)?;
    Ok(due.map(|d| d.at(path, base)))
}

/// Entries not sealed that should have been: stamped after sealing began and the allowed delay,
/// and more than the delay before now. Holding them to this is what makes an emptied or
/// deleted seal file fail, rather than pass as a seal that covers nothing.
fn due(check: &Check) -> Lateness {
    let began = check.key.epochs.started() + check.max_delay;
    Lateness::new(check.zone, check.now - check.max_delay, Some(began))
}

/// Entries that are due and not sealed: the first one, and how many.
struct Due {
    late: Late,
    count: u64,
}

impl Due {
    fn at(self, path: &Path, base: u64) -> Finding {
        let problem = Problem::NotSealed {
            stamp: self.late.stamp,
            others: self.count - 1,
        };
        Finding::fail(path, Some(base + self.late.line + 1), problem)
    }
}

/// Names the differences from `sealed` (the CRC-32s of the run's records from the `k`th on) to
/// the lines the file holds from there.
fn report_changes(
    path: &Path,
    base: u64,
    sealed: &[u32],
    found: &[u32],
    run: &[&Link],
    k: usize,
    findings: &mut Vec<Finding>,
) {
    let (changes, more) = diff(sealed, found, MAX_NAMED);
    let at = |index: usize| Some(base + index as u64 + 1);
    if changes.is_empty() {
        let record = &run[k].signed.record;
        let problem = Problem::Collided(record.seq, record.lines);
        findings.push(Finding::fail(path, at(0), problem));
    }
    for change in &changes {
        let (line, problem) = problem_of(change);
        findings.push(Finding::fail(path, at(line), problem));
    }
    if more {
        findings.push(Finding::fail(path, None, Problem::More(MAX_NAMED)));
    }
}

/// The lines an archive split off a file that was later deleted under retention left at the
/// start of a later file: found by the first line's CRC-32 among the deleted file's sealed
/// lines, and held line by line to the rest of them. (Their SHA-256 went with the deleted
/// file.)
///
/// Returns the file they were found in and how many bytes of its start they are.
pub(super) fn check_carried(
    files: &[PathBuf],
    sealed: &[u32],
    findings: &mut Vec<Finding>,
) -> io::Result<Option<(usize, u64)>> {
    for (i, path) in files.iter().enumerate() {
        let Some(first) = first_crc(path) else {
            continue;
        };
        let Some(from) = sealed.iter().skip(1).position(|&c| c == first) else {
            continue;
        };
        let sealed = &sealed[from + 1..];
        let found = first_crcs(path, sealed.len())?;
        let bytes = bytes_of_lines(path, sealed.len() as u64)?;
        if found != sealed {
            let (changes, more) = diff(sealed, &found, MAX_NAMED);
            for change in &changes {
                let (line, problem) = problem_of(change);
                findings.push(Finding::fail(path, Some(line as u64 + 1), problem));
            }
            if more {
                findings.push(Finding::fail(path, None, Problem::More(MAX_NAMED)));
            }
        }
        return Ok(Some((i, bytes)));
    }
    Ok(None)
}

/// How many line ends a file's first `bytes` bytes hold: its whole lines there, as what a seal
/// record covers always ends with a line end.
pub(super) fn lines_in(path: &Path, bytes: u64) -> io::Result<u64> {
    let mut reader = LineReader::new(source(path, &[])?);
    reader.skip_to(bytes)?;
    Ok(reader.line)
}

/// How many bytes a file's first `lines` lines take (all of it when it has fewer).
fn bytes_of_lines(path: &Path, lines: u64) -> io::Result<u64> {
    let mut reader = LineReader::new(source(path, &[])?);
    let (mut bytes, mut seen) = (0u64, 0u64);
    while seen < lines {
        let n = reader.read(u64::MAX)?;
        if n == 0 {
            break;
        }
        for end in memchr::memchr_iter(b'\n', &reader.buf[..n]) {
            seen += 1;
            if seen == lines {
                return Ok(bytes + end as u64 + 1);
            }
        }
        bytes += n as u64;
    }
    Ok(bytes)
}

/// The CRC-32s of a file's first `lines` lines (fewer when it has fewer), read no further
/// than the chunk that holds the last of them.
fn first_crcs(path: &Path, lines: usize) -> io::Result<Vec<u32>> {
    let mut reader = LineReader::new(source(path, &[])?);
    let mut digester = Digester::new(&[0; 32], None);
    while reader.line < lines as u64 {
        let n = reader.read(u64::MAX)?;
        if n == 0 {
            break;
        }
        digester.update(&reader.buf[..n]);
    }
    let mut crcs = digester.finish().crcs;
    crcs.truncate(lines);
    Ok(crcs)
}

/// The CRC-32 of a file's first line.
fn first_crc(path: &Path) -> Option<u32> {
    let mut head = Vec::new();
    open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    let end = memchr::memchr(b'\n', &head)? + 1;
    Some(crc32fast::hash(&head[..end]))
}

/// A difference as what verifying found, with the index of its line.
fn problem_of(change: &Change) -> (usize, Problem) {
    match *change {
        Change::Changed(i) => (i, Problem::Changed),
        Change::Removed(i, n) => (i, Problem::Removed(n as u64)),
        Change::Inserted(i, n) => (i, Problem::Inserted(n as u64)),
        Change::Swapped(i) => (i, Problem::Swapped),
        Change::Truncated(i, n) => (i, Problem::Truncated(n as u64)),
    }
}

/// Whether one of the first lines of the file at `path` is among the first lines sealed, whose
/// CRC-32s are `sealed`.
pub(super) fn shares_lines(path: &Path, sealed: &[u32]) -> bool {
    let sealed = &sealed[..sealed.len().min(16)];
    let Ok(src) = open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if src.take(64 * 1024).read_to_end(&mut head).is_err() {
        return false;
    }
    let mut digester = Digester::new(&[0; 32], None);
    digester.update(&head);
    let found = digester.finish().crcs;
    found.iter().take(8).any(|crc| sealed.contains(crc))
}

/// The CRC-32 of every line of a file (and what it carries on into the next) from byte `from` on.
fn crcs_from(path: &Path, carry: &[(&Path, u64)], from: u64) -> io::Result<Vec<u32>> {
    let mut reader = LineReader::new(source(path, carry)?);
    reader.skip_to(from)?;
    let mut digester = Digester::new(&[0; 32], None);
    reader.feed(u64::MAX, &mut digester)?;
    Ok(digester.finish().crcs)
}

/// A file's bytes, and the first bytes of each file it carries on into, as many as each says:
/// each `archive` of a log moves its front to a file of its own.
fn source(path: &Path, carry: &[(&Path, u64)]) -> io::Result<Box<dyn Read + Send>> {
    let mut src = open(path).map_err(|e| e.error)?;
    for (next, len) in carry {
        src = Box::new(src.chain(open(next).map_err(|e| e.error)?.take(*len)));
    }
    Ok(src)
}

/// A file read front to back, counting lines.
struct LineReader {
    src: Box<dyn Read + Send>,
    buf: Vec<u8>,
    at: u64,
    line: u64,
}

impl LineReader {
    fn new(src: Box<dyn Read + Send>) -> LineReader {
        LineReader {
            src,
            buf: vec![0; 1 << 20],
            at: 0,
            line: 0,
        }
    }

    fn read(&mut self, most: u64) -> io::Result<usize> {
        let want = usize::try_from(most)
            .unwrap_or(usize::MAX)
            .min(self.buf.len());
        loop {
            match self.src.read(&mut self.buf[..want]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Ok(n) => {
                    self.at += n as u64;
                    self.line += memchr::memchr_iter(b'\n', &self.buf[..n]).count() as u64;
                    return Ok(n);
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn skip_to(&mut self, offset: u64) -> io::Result<()> {
        while self.at < offset {
            if self.read(offset - self.at)? == 0 {
                break;
            }
        }
        Ok(())
    }

    /// Feeds up to `len` bytes to `digester`; how many there were.
    fn feed(&mut self, len: u64, digester: &mut Digester) -> io::Result<u64> {
        let mut fed = 0;
        while fed < len {
            let n = self.read(len - fed)?;
            if n == 0 {
                break;
            }
            digester.update(&self.buf[..n]);
            fed += n as u64;
        }
        Ok(fed)
    }

    /// The digest of the record's range; `None` when the file ends before it does.
    fn digest(
        &mut self,
        record: &Record,
        prev_sha: Option<[u8; 32]>,
        first: bool,
        check: &Check,
    ) -> io::Result<Option<Digest>> {
        let threshold = check.key.epochs.start_of(record.epoch) - check.max_delay;
        let before = first.then(|| check.key.epochs.started());
        let lateness = Lateness::new(check.zone, threshold, before);
        let mut digester = Digester::new(&prev_sha.unwrap_or([0; 32]), Some(lateness));
        let len = record.to - record.from;
        let fed = self.feed(len, &mut digester)?;
        Ok((fed == len).then(|| digester.finish()))
    }

    /// The lines and bytes left, and the entries among them that are due to be sealed.
    fn rest(&mut self, check: &Check) -> io::Result<(u64, u64, Option<Due>)> {
        let (line, at) = (self.line, self.at);
        let mut digester = Digester::new(&[0; 32], Some(due(check)));
        self.feed(u64::MAX, &mut digester)?;
        let digest = digester.finish();
        let due = digest.late.map(|late| Due {
            late,
            count: digest.late_count,
        });
        Ok((self.line - line, self.at - at, due))
    }
}
