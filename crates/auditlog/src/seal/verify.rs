//! Verifying a seal: every record's MAC under the key its epoch derives from key 0, the chain
//! from the genesis value to the newest record, and every sealed byte of every file, found by
//! content wherever rotation put it. What fails is named by file and line.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use super::key::{Key, State, VerificationKey};
use super::record::{Head, Record, Signed};
use super::{SealError, SealFiles, unhex};
use crate::scan::{file_id, stream_len};
use crate::time::Zone;

mod carry;
mod clock;
mod content;
mod problem;

use clock::{MAX_AHEAD, check_state, stepped_epochs};
use content::{check_file, shares_lines};
pub use problem::{Finding, Problem};

/// What to verify against.
#[derive(Clone, Copy, Debug)]
pub struct Check<'a> {
    /// The verification key.
    pub key: &'a VerificationKey,
    /// The zone of the log's stamps.
    pub zone: Zone,
    /// How long after its stamp an entry may first be sealed.
    pub max_delay: Duration,
    /// A head kept elsewhere, when there is one.
    pub head: Option<&'a Head>,
    /// Now: a record from a later epoch is forged.
    pub now: DateTime<Utc>,
}

/// What verifying found.
#[derive(Clone, Debug, Default)]
pub struct Verified {
    /// Every failure and warning, the seal file's first, then each file's.
    pub findings: Vec<Finding>,
    /// The records that verified.
    pub records: u64,
    /// Each file the seal covers, with what was sealed of it.
    pub files: Vec<Covered>,
    /// The newest record that verified.
    pub last: Option<Record>,
}

impl Verified {
    /// Whether nothing failed (warnings aside).
    pub fn intact(&self) -> bool {
        !self.findings.iter().any(|f| f.failed)
    }
}

/// What the seal covers of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Covered {
    /// The file.
    pub path: PathBuf,
    /// The records that cover it.
    pub records: u64,
    /// The lines sealed.
    pub lines: u64,
    /// The entries sealed.
    pub entries: u64,
}

/// A record that verified, with the line of the seal file it is on.
struct Link {
    signed: Signed,
    line: u64,
    /// The record's CRC-32s, read once.
    crcs: Vec<u32>,
    /// The running SHA-256 before it, when the record before it verified.
    prev_sha: Option<[u8; 32]>,
}

impl Link {
    /// Whether it follows the link before it in the chain, with nothing between.
    fn follows(&self) -> bool {
        self.prev_sha.is_some()
    }
}

/// Verifies the seal of `log`, whose files (the log's rotated set, the log last) are `files`.
pub fn verify(log: &Path, files: &[PathBuf], check: &Check) -> Result<Verified, SealError> {
    let seal = SealFiles::of(log).seal;
    let mut verified = Verified::default();
    let text = read_seal(&seal, &mut verified.findings)?;
    check_state(&SealFiles::of(log).key, check, &mut verified.findings);
    let links = chain(&seal, &text, check, &mut verified.findings);
    drop(text);
    verified.records = links.len() as u64;
    verified.last = links.last().map(|l| l.signed.record.clone());
    if let Some(head) = check.head {
        check_head(&seal, &links, head, &mut verified.findings);
    }
    if verified
        .findings
        .iter()
        .any(|f| matches!(f.problem, Problem::WrongKey(_)))
    {
        // Nothing verifies: the state not following from the key says nothing more.
        verified
            .findings
            .retain(|f| f.problem != Problem::StateDiffers);
        return Ok(verified);
    }
    let stepped = stepped_epochs(&links, check);
    let segments = segments(&seal, &links, &mut verified.findings);
    let mut ids = Vec::new();
    for path in files {
        ids.push(file_id(path).map_err(|e| SealError::io(path, e))?);
    }
    let mut used = vec![false; files.len()];
    let mut owners = vec![None; segments.len()];
    for (owner, (id, _)) in owners.iter_mut().zip(&segments) {
        *owner = (0..files.len()).find(|&i| !used[i] && ids[i].as_ref() == Some(id));
        if let Some(at) = *owner {
            used[at] = true;
        }
    }
    // Files deleted under retention, read only when a file the seal covers is not found.
    let deleted = match owners.iter().any(Option::is_none) {
        true => crate::retention::deletions(files).map_err(|e| SealError::io(&e.path, e.error))?,
        false => HashMap::new(),
    };
    // The lines an archive left at the start of the next file, checked with the file they
    // were sealed in: by file, how many bytes.
    let mut carried_into: HashMap<usize, u64> = HashMap::new();
    for (owner, (id, runs)) in owners.iter_mut().zip(&segments) {
        if owner.is_none() && deleted.contains_key(id) {
            // Gone as recorded; what an archive split off it and left in a later file is
            // checked line by line.
            let sealed: Vec<u32> = runs
                .iter()
                .flatten()
                .flat_map(|l| l.crcs.iter().copied())
                .collect();
            let carried = content::check_carried(files, &sealed, &mut verified.findings)
                .map_err(|e| SealError::io(log, e))?;
            carried_into.extend(carried);
            continue;
        }
        if owner.is_none() {
            // Its first line changed, or the file is gone: the file of the same name, or one
            // that holds some of its lines, is the one to name lines in.
            let first = runs[0][0];
            let record = &first.signed.record;
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
    }
    // The records of the first seal, made in the epoch of record 0: what they cover was
    // written before sealing began, however old.
    let first_run = links
        .first()
        .filter(|l| l.signed.record.seq == 0)
        .map(|l| l.signed.record.epoch);
    for (owner, (_, runs)) in owners.iter().zip(&segments) {
        let Some(at) = *owner else {
            verified
                .findings
                .push(missing_file(&seal, runs, runs[0][0]));
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
        let carry = carry::of(files, at, sealed_to.saturating_sub(held), &mut carried_into)?;
        let found_before = verified.findings.len();
        let covered = check_file(
            file,
            runs,
            &carry,
            first_run,
            &stepped,
            check,
            &mut verified.findings,
        )
        .map_err(|e| SealError::io(file, e))?;
        verified.files.push(covered);
        carry::name_where_they_are(file, &carry, &mut verified.findings[found_before..])?;
    }
    for (i, path) in files.iter().enumerate() {
        let len = fs::metadata(path)
            .map_err(|e| SealError::io(path, e))?
            .len();
        // What an archive carried into it was checked with the file it was sealed in.
        let carried = carried_into.get(&i).copied().unwrap_or(0);
        if !used[i] && len > carried {
            if carried == 0 {
                verified
                    .findings
                    .push(Finding::warn(path, None, Problem::NeverSealed));
            }
            let due =
                content::first_due(path, carried, check).map_err(|e| SealError::io(path, e))?;
            verified.findings.extend(due);
        }
    }
    excuse_deleted(&deleted, &mut verified.findings);
    Ok(verified)
}

/// The seal file's bytes, read under a shared lock so that a seal being appended is read whole
/// or not at all. A seal file that is gone is a failure, not an error: what it covered is then
/// held to the rule that every entry due by now is sealed.
fn read_seal(seal: &Path, findings: &mut Vec<Finding>) -> Result<Vec<u8>, SealError> {
    let mut file = match fs::File::open(seal) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            findings.push(Finding::fail(seal, None, Problem::NoSealFile));
            return Ok(Vec::new());
        }
        Err(error) => return Err(SealError::io(seal, error)),
    };
    let mut text = Vec::new();
    file.lock_shared()
        .and_then(|()| io::Read::read_to_end(&mut file, &mut text))
        .map_err(|e| SealError::io(seal, e))?;
    Ok(text)
}

/// A sealed file that is missing because it was deleted under retention, as an entry of the
/// log records, is a warning that says where, not a failure.
fn excuse_deleted(deleted: &HashMap<String, String>, findings: &mut [Finding]) {
    for finding in findings {
        if let Problem::MissingFile { id, name, .. } = &finding.problem
            && let Some(at) = deleted.get(id)
        {
            finding.problem = Problem::Deleted {
                name: name.clone(),
                at: at.clone(),
            };
            finding.failed = false;
        }
    }
}

/// Reads the seal file and checks its chain: what verified, in order; what did not is a finding.
fn chain(seal: &Path, text: &[u8], check: &Check, findings: &mut Vec<Finding>) -> Vec<Link> {
    let mut read = Vec::new();
    for (i, raw) in text.split_inclusive(|&b| b == b'\n').enumerate() {
        let number = i as u64 + 1;
        let Some(raw) = raw.strip_suffix(b"\n") else {
            findings.push(Finding::warn(seal, Some(number), Problem::Torn));
            break;
        };
        let signed = std::str::from_utf8(raw)
            .map_err(|_| "it is not UTF-8".to_owned())
            .and_then(Signed::parse);
        match signed {
            Ok(signed) => read.push((number, signed)),
            Err(why) => findings.push(Finding::fail(seal, Some(number), Problem::Unreadable(why))),
        }
    }
    let present: HashSet<u64> = read.iter().map(|(_, s)| s.record.seq).collect();
    let parsed = read.len() as u64;
    let mut links: Vec<Link> = Vec::new();
    let mut keys = Keys::new(check.key);
    let newest = check.key.epochs.at(check.now) + 1;
    // Records that are there but did not verify, and records found out of their place: not
    // missing, and reported once.
    let mut failed = HashSet::new();
    let mut displaced = HashSet::new();
    for (number, signed) in read {
        let fail = |problem| Finding::fail(seal, Some(number), problem);
        let record = &signed.record;
        // Past any clock's error, an epoch is a forgery, and its key is not worked out.
        if record.epoch > newest.saturating_add(MAX_AHEAD) {
            findings.push(fail(Problem::Future(record.seq, record.epoch)));
            failed.insert(record.seq);
            continue;
        }
        if !signed.signed_by(keys.of(record.epoch)) {
            findings.push(fail(Problem::Forged(record.seq, record.epoch)));
            failed.insert(record.seq);
            continue;
        }
        // Signed with the key of an epoch that has not begun: only the sealing host's own key
        // makes that, and it makes every later epoch's too, so nothing is forged that could not
        // be anyway. The host's clock was ahead when it sealed.
        if record.epoch > newest {
            let began = check.key.epochs.start_of(record.epoch);
            findings.push(Finding::warn(
                seal,
                Some(number),
                Problem::ClockAhead(record.seq, record.epoch, began),
            ));
        }
        let mut signed = signed;
        // Verified: the bytes the MAC covered are not needed again.
        signed.body = String::new();
        let record = &signed.record;
        let prev = links.last();
        let expected = prev.map_or(0, |l| l.signed.record.seq + 1);
        let mut prev_sha = None;
        match prev {
            _ if record.seq > expected => {
                let skipped = expected..record.seq;
                let gone: Vec<u64> = skipped
                    .clone()
                    .filter(|seq| !present.contains(seq))
                    .collect();
                if let (Some(first), Some(last)) = (gone.first(), gone.last()) {
                    findings.push(fail(Problem::Missing(*first, *last)));
                }
                if skipped
                    .clone()
                    .any(|seq| present.contains(&seq) && !failed.contains(&seq))
                {
                    findings.push(fail(Problem::OutOfOrder(record.seq, expected)));
                    displaced.extend(skipped);
                }
            }
            _ if record.seq < expected => {
                if !displaced.contains(&record.seq) {
                    findings.push(fail(Problem::OutOfOrder(record.seq, expected)));
                }
                continue;
            }
            None => {
                if unhex(&record.prev).as_deref() != Some(&check.key.genesis()[..]) {
                    findings.push(fail(Problem::Restarted(record.epoch)));
                } else {
                    prev_sha = Some([0; 32]);
                }
            }
            Some(prev) => {
                let before = &prev.signed.record;
                if unhex(&record.prev).as_deref() != Some(&prev.signed.mac[..]) {
                    findings.push(fail(Problem::Broken(record.seq)));
                } else if record.epoch < before.epoch {
                    findings.push(fail(Problem::EpochBack(record.seq, record.epoch)));
                } else if record.bytes != before.bytes + (record.to.saturating_sub(record.from)) {
                    findings.push(fail(Problem::Discontinuous(record.seq)));
                } else {
                    prev_sha = unhex(&before.sha256).and_then(|s| s.try_into().ok());
                }
            }
        }
        let crcs = match record.crcs() {
            Some(crcs) if record.from <= record.to && crcs.len() as u64 == record.lines => crcs,
            _ => {
                findings.push(fail(Problem::Unreadable(
                    "its range or its CRC-32s do not add up".to_owned(),
                )));
                continue;
            }
        };
        links.push(Link {
            signed,
            line: number,
            crcs,
            prev_sha,
        });
    }
    if links.is_empty() && parsed > 0 {
        findings.retain(|f| !matches!(f.problem, Problem::Forged(..)));
        findings.push(Finding::fail(seal, None, Problem::WrongKey(parsed)));
    }
    links
}

/// Each epoch's key, derived from key 0 as the records need them.
struct Keys {
    key0: Key,
    epoch: u64,
    key: Key,
}

impl Keys {
    fn new(verification: &VerificationKey) -> Keys {
        Keys {
            key0: verification.key.clone(),
            epoch: 0,
            key: verification.key.clone(),
        }
    }

    fn of(&mut self, epoch: u64) -> &Key {
        if epoch < self.epoch {
            (self.epoch, self.key) = (0, self.key0.clone());
        }
        self.key = self.key.forward(epoch - self.epoch);
        self.epoch = epoch;
        &self.key
    }
}

/// The records grouped by file, in the order the chain reached the files: runs of records whose
/// ranges follow each other.
fn segments<'a>(
    seal: &Path,
    links: &'a [Link],
    findings: &mut Vec<Finding>,
) -> Vec<(String, Vec<Vec<&'a Link>>)> {
    let mut files: Vec<(String, Vec<Vec<&Link>>)> = Vec::new();
    for link in links {
        let record = &link.signed.record;
        let same = files.last_mut().filter(|(id, _)| *id == record.file);
        match same {
            Some((_, runs)) => {
                let run = runs.last_mut().expect("a file has a run");
                if run
                    .last()
                    .is_some_and(|l| l.signed.record.to == record.from)
                {
                    run.push(link);
                } else {
                    // After a record that did not verify, the chain's finding says why.
                    if link.follows() {
                        let problem = Problem::Discontinuous(record.seq);
                        findings.push(Finding::fail(seal, Some(link.line), problem));
                    }
                    runs.push(vec![link]);
                }
            }
            None => files.push((record.file.clone(), vec![vec![link]])),
        }
    }
    files
}

fn missing_file(seal: &Path, runs: &[Vec<&Link>], first: &Link) -> Finding {
    let records: Vec<&Record> = runs.iter().flatten().map(|l| &l.signed.record).collect();
    let last = records.last().expect("a file has records");
    Finding::fail(
        seal,
        Some(first.line),
        Problem::MissingFile {
            id: first.signed.record.file.clone(),
            name: first.signed.record.name.clone(),
            records: (records[0].seq, last.seq),
            lines: records.iter().map(|r| r.lines).sum(),
            first: records.iter().find_map(|r| r.first.clone()),
            last: records.iter().rev().find_map(|r| r.last.clone()),
        },
    )
}

fn check_head(seal: &Path, links: &[Link], head: &Head, findings: &mut Vec<Finding>) {
    let at = links.iter().find(|l| l.signed.record.seq == head.seq);
    match at {
        Some(link) if link.signed.record.head() == *head => {}
        Some(link) => findings.push(Finding::fail(
            seal,
            Some(link.line),
            Problem::HeadDiffers(head.clone()),
        )),
        None => {
            let last = links.last().map(|l| l.signed.record.seq);
            findings.push(Finding::fail(
                seal,
                None,
                Problem::HeadAhead(head.clone(), last),
            ));
        }
    }
}
