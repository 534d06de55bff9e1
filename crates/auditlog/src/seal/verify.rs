//! Verifying a seal: every record's MAC under the key its epoch derives from key 0, the chain
//! from the genesis value to the newest record, and every sealed byte of every file, found by
//! content wherever rotation put it. What fails is named by file and line.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use super::key::{HostState, SealKey, VerificationKey};
use super::record::{Record, SealHead, Signed};
use super::{SealError, SealFiles, unhex};
use crate::time::Zone;

mod carry;
mod clock;
mod content;
mod files;
mod problem;

use clock::{MAX_AHEAD, check_state, stepped_epochs};
use files::{Against, Owners};
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
    pub head: Option<&'a SealHead>,
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
    let mut owners = Owners::by_identity(files, &segments)?;
    // Files deleted under retention, read only when a file the seal covers is not found.
    let deleted = match owners.any_missing() {
        true => crate::retention::deletions(files).map_err(|e| SealError::io(&e.path, e.error))?,
        false => HashMap::new(),
    };
    // The lines an archive left at the start of the next file, checked with the file they
    // were sealed in: by file, how many bytes.
    let mut carried_into =
        owners.settle((log, files), &segments, &deleted, &mut verified.findings)?;
    let against = Against {
        seal: &seal,
        links: &links,
        stepped,
        check,
    };
    let found = (&owners, segments.as_slice());
    files::check_found(files, found, &against, &mut carried_into, &mut verified)?;
    files::check_unsealed(files, &owners, &carried_into, check, &mut verified.findings)?;
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
    let read = read_records(seal, text, findings);
    let parsed = read.len() as u64;
    let mut chain = Links {
        seal,
        check,
        present: read.iter().map(|(_, s)| s.record.seq).collect(),
        failed: HashSet::new(),
        displaced: HashSet::new(),
        keys: EpochKeys::new(check.key),
        newest: check.key.epochs.at(check.now) + 1,
        links: Vec::new(),
    };
    for (number, signed) in read {
        chain.add(number, signed, findings);
    }
    if chain.links.is_empty() && parsed > 0 {
        findings.retain(|f| !matches!(f.problem, Problem::Forged(..)));
        findings.push(Finding::fail(seal, None, Problem::WrongKey(parsed)));
    }
    chain.links
}

/// The seal's records as written, each with its line number; a line that is not one is named,
/// and a torn last line ends them.
fn read_records(seal: &Path, text: &[u8], findings: &mut Vec<Finding>) -> Vec<(u64, Signed)> {
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
    read
}

/// The chain as it is checked, record by record.
struct Links<'a> {
    seal: &'a Path,
    check: &'a Check<'a>,
    /// The sequence numbers of every record read.
    present: HashSet<u64>,
    /// Records that are there but did not verify, and records found out of their place: not
    /// missing, and reported once.
    failed: HashSet<u64>,
    displaced: HashSet<u64>,
    keys: EpochKeys,
    /// The epoch after the one the verifier's clock is in.
    newest: u64,
    /// The records that verified, in order.
    links: Vec<Link>,
}

impl Links<'_> {
    /// Checks one record, read at line `number`, and links it when it holds.
    fn add(&mut self, number: u64, signed: Signed, findings: &mut Vec<Finding>) {
        let Some(mut signed) = self.signed(number, signed, findings) else {
            return;
        };
        // Verified: the bytes the MAC covered are not needed again.
        signed.body = String::new();
        let Some(prev_sha) = self.placed(number, &signed.record, findings) else {
            return;
        };
        let record = &signed.record;
        let crcs = match record.crcs() {
            Some(crcs) if record.from <= record.to && crcs.len() as u64 == record.lines => crcs,
            _ => {
                let why = "its range or its CRC-32s do not add up".to_owned();
                findings.push(Finding::fail(
                    self.seal,
                    Some(number),
                    Problem::Unreadable(why),
                ));
                return;
            }
        };
        self.links.push(Link {
            signed,
            line: number,
            crcs,
            prev_sha,
        });
    }

    /// The record, when it is signed with its epoch's key and its epoch is not past any
    /// clock's error.
    fn signed(
        &mut self,
        number: u64,
        signed: Signed,
        findings: &mut Vec<Finding>,
    ) -> Option<Signed> {
        let fail = |problem| Finding::fail(self.seal, Some(number), problem);
        let record = &signed.record;
        // Past any clock's error, an epoch is a forgery, and its key is not worked out.
        if record.epoch > self.newest.saturating_add(MAX_AHEAD) {
            findings.push(fail(Problem::Future(record.seq, record.epoch)));
            self.failed.insert(record.seq);
            return None;
        }
        if !signed.signed_by(self.keys.of(record.epoch)) {
            findings.push(fail(Problem::Forged(record.seq, record.epoch)));
            self.failed.insert(record.seq);
            return None;
        }
        // Signed with the key of an epoch that has not begun: only the sealing host's own key
        // makes that, and it makes every later epoch's too, so nothing is forged that could not
        // be anyway. The host's clock was ahead when it sealed.
        if record.epoch > self.newest {
            let began = self.check.key.epochs.start_of(record.epoch);
            let ahead = Problem::ClockAhead(record.seq, record.epoch, began);
            findings.push(Finding::warn(self.seal, Some(number), ahead));
        }
        Some(signed)
    }

    /// Where a signed record stands in the chain: `None` when it comes after its place and
    /// is left out; else the running SHA-256 before it, when it follows the record before
    /// with nothing between.
    fn placed(
        &mut self,
        number: u64,
        record: &Record,
        findings: &mut Vec<Finding>,
    ) -> Option<Option<[u8; 32]>> {
        let fail = |problem| Finding::fail(self.seal, Some(number), problem);
        let prev = self.links.last();
        let expected = prev.map_or(0, |l| l.signed.record.seq + 1);
        let mut prev_sha = None;
        match prev {
            _ if record.seq > expected => {
                let skipped = expected..record.seq;
                let gone: Vec<u64> = (skipped.clone())
                    .filter(|seq| !self.present.contains(seq))
                    .collect();
                if let (Some(first), Some(last)) = (gone.first(), gone.last()) {
                    findings.push(fail(Problem::Missing(*first, *last)));
                }
                if (skipped.clone())
                    .any(|seq| self.present.contains(&seq) && !self.failed.contains(&seq))
                {
                    findings.push(fail(Problem::OutOfOrder(record.seq, expected)));
                    self.displaced.extend(skipped);
                }
            }
            _ if record.seq < expected => {
                if !self.displaced.contains(&record.seq) {
                    findings.push(fail(Problem::OutOfOrder(record.seq, expected)));
                }
                return None;
            }
            None => {
                if unhex(&record.prev).as_deref() != Some(&self.check.key.genesis()[..]) {
                    findings.push(fail(Problem::Restarted(record.epoch)));
                } else {
                    prev_sha = Some([0; 32]);
                }
            }
            Some(prev) => match follows(prev, record) {
                Ok(sha) => prev_sha = sha,
                Err(problem) => findings.push(fail(problem)),
            },
        }
        Some(prev_sha)
    }
}

/// Whether a record follows the one before it: chained to its MAC, in the same epoch or a
/// later one, its byte count going on from there. Gives the running SHA-256 before it.
fn follows(prev: &Link, record: &Record) -> Result<Option<[u8; 32]>, Problem> {
    let before = &prev.signed.record;
    if unhex(&record.prev).as_deref() != Some(&prev.signed.mac[..]) {
        Err(Problem::Broken(record.seq))
    } else if record.epoch < before.epoch {
        Err(Problem::EpochBack(record.seq, record.epoch))
    } else if record.bytes != before.bytes + (record.to.saturating_sub(record.from)) {
        Err(Problem::Discontinuous(record.seq))
    } else {
        Ok(unhex(&before.sha256).and_then(|s| s.try_into().ok()))
    }
}

/// Each epoch's key, derived from key 0 as the records need them.
struct EpochKeys {
    key0: SealKey,
    epoch: u64,
    key: SealKey,
}

impl EpochKeys {
    fn new(verification: &VerificationKey) -> EpochKeys {
        EpochKeys {
            key0: verification.key.clone(),
            epoch: 0,
            key: verification.key.clone(),
        }
    }

    fn of(&mut self, epoch: u64) -> &SealKey {
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

fn check_head(seal: &Path, links: &[Link], head: &SealHead, findings: &mut Vec<Finding>) {
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
