//! Sealing against its attacker: every byte flipped, entries removed, swapped and cut, rotated
//! files deleted, seal records edited, a seal made again with the key on the host, the wrong
//! verification key; and the key moving on one way.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use super::*;

mod chain;
use crate::time::Zone;

const EPOCH: u64 = 900;

pub(super) fn at(text: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .unwrap()
        .and_utc()
}

pub(super) fn fixture(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join("fixtures")
            .join(name),
    )
    .unwrap()
}

/// A log sealed once at 2026-11-24 08:00 UTC, and its verification key.
pub(super) struct Sealed {
    dir: tempfile::TempDir,
    pub(super) key: VerificationKey,
}

impl Sealed {
    pub(super) fn new(log: &[u8]) -> Sealed {
        Sealed::in_records_of(log, write::RECORD_BYTES)
    }

    /// Sealed in records of about `limit` bytes.
    fn in_records_of(log: &[u8], limit: u64) -> Sealed {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("audit.log"), log).unwrap();
        let key = new_key(EPOCH, at("2026-11-24T08:00:00")).unwrap();
        init(
            &dir.path().join("audit.log"),
            &key,
            at("2026-11-24T08:00:00"),
            false,
        )
        .unwrap();
        let sealed = Sealed { dir, key };
        write::seal_in(&sealed.log(), at("2026-11-24T08:00:00"), limit).unwrap();
        sealed
    }

    pub(super) fn log(&self) -> PathBuf {
        self.dir.path().join("audit.log")
    }

    pub(super) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(super) fn verify_files(&self, files: &[PathBuf], head: Option<&SealHead>) -> Verified {
        let check = Check {
            key: &self.key,
            zone: Zone::Fixed(chrono::FixedOffset::east_opt(0).unwrap()),
            max_delay: Duration::seconds(2 * EPOCH as i64),
            head,
            now: at("2026-11-24T12:00:00"),
        };
        verify(&self.log(), files, &check).unwrap()
    }

    pub(super) fn verify(&self) -> Verified {
        self.verify_files(&[self.log()], None)
    }

    /// The findings as `verify` prints them, file names without the directory.
    pub(super) fn findings(&self, verified: &Verified) -> Vec<String> {
        let dir = format!("{}/", self.dir.path().display());
        verified
            .findings
            .iter()
            .map(|f| f.to_string().replace(&dir, ""))
            .collect()
    }
}

/// The line (from 1) that holds byte `at`.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

fn first_failure(verified: &Verified) -> &Finding {
    verified
        .findings
        .iter()
        .find(|f| f.failed)
        .expect("a failure")
}

#[test]
fn a_sealed_log_verifies_intact() {
    let log = fixture("forms.log");
    let sealed = Sealed::new(&log);
    let verified = sealed.verify();
    assert_eq!(sealed.findings(&verified), Vec::<String>::new());
    assert!(verified.intact());
    assert_eq!(verified.records, 1);
    assert_eq!(verified.files[0].lines, 13);
    assert_eq!(verified.files[0].entries, 11);
}

#[test]
fn a_log_sealed_in_many_records_verifies_intact() {
    let log = fixture("forms.log");
    let sealed = Sealed::in_records_of(&log, 300);
    let verified = sealed.verify();
    assert_eq!(sealed.findings(&verified), Vec::<String>::new());
    // Each record ends after the line that takes it past 300 bytes.
    let seal_file = fs::read_to_string(sealed.path("audit.log.seal")).unwrap();
    let ranges: Vec<(u64, u64)> = seal_file
        .lines()
        .map(|line| Signed::parse(line).unwrap().record)
        .map(|r| (r.from, r.to))
        .collect();
    let ends: Vec<u64> = log
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i as u64 + 1)
        .collect();
    let mut expected = Vec::new();
    let mut from = 0;
    for &end in &ends {
        if end - from > 300 || end == log.len() as u64 {
            expected.push((from, end));
            from = end;
        }
    }
    assert_eq!(ranges, expected);
    assert!(ranges.len() > 4);
}

#[test]
fn every_flipped_byte_of_a_small_log_is_named_at_its_line() {
    let log = fixture("forms.log");
    for limit in [write::RECORD_BYTES, 300] {
        every_flip_is_named(&log, &Sealed::in_records_of(&log, limit));
    }
}

fn every_flip_is_named(log: &[u8], sealed: &Sealed) {
    for flip in [0x01, 0x80] {
        for pos in 0..log.len() {
            let mut bad = log.to_vec();
            bad[pos] ^= flip;
            fs::write(sealed.log(), &bad).unwrap();
            let verified = sealed.verify();
            let failure = first_failure(&verified);
            assert_eq!(
                (failure.file.as_path(), failure.line),
                (sealed.log().as_path(), Some(line_of(log, pos))),
                "byte {pos} flipped with {flip:#x}: {:?}",
                sealed.findings(&verified)
            );
        }
    }
}

#[test]
fn flipped_bytes_in_a_large_log_are_named_at_their_lines() {
    let mut log = Vec::new();
    for i in 0..5_000u32 {
        log.extend_from_slice(
            format!(
                "2026-11-{:02}T{:02}:{:02}:{:02},{:03} INFO  REQUEST: ./orders/add - USER: u{} - PARAMS: {{\"controllerId\":\"c{}\"}} - COMMENT: - - TIMESPENT: - - TICKET: -\n",
                1 + i / 250,
                i / 60 % 24,
                i % 60,
                i * 7 % 60,
                i % 1000,
                i % 13,
                i % 3
            )
            .as_bytes(),
        );
    }
    let sealed = Sealed::new(&log);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..100 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let pos = (seed % log.len() as u64) as usize;
        let mut bad = log.clone();
        bad[pos] ^= 1 << (seed % 8);
        fs::write(sealed.log(), &bad).unwrap();
        let verified = sealed.verify();
        let failure = first_failure(&verified);
        assert_eq!(failure.line, Some(line_of(&log, pos)), "byte {pos}");
    }
}

/// An edit of a log's lines.
type Edit = Box<dyn FnOnce(&mut Vec<&[u8]>)>;

/// The forms fixture with its lines edited by `edit`.
fn edited(edit: impl FnOnce(&mut Vec<&[u8]>)) -> Vec<u8> {
    let log = fixture("forms.log");
    let mut lines: Vec<&[u8]> = log.split_inclusive(|&b| b == b'\n').collect();
    edit(&mut lines);
    lines.concat()
}

#[test]
fn removed_swapped_put_in_and_cut_entries_are_named() {
    let sealed = Sealed::new(&fixture("forms.log"));
    let cases: [(&str, Edit, &[&str]); 5] = [
        (
            "removed",
            Box::new(|l| {
                l.remove(4);
            }),
            &["audit.log:5: 1 line sealed before this line removed"],
        ),
        (
            "swapped",
            Box::new(|l| l.swap(2, 3)),
            &[
                "audit.log:3: this line and the next were sealed in the other order: entries reordered",
            ],
        ),
        (
            "put in",
            Box::new(|l| {
                l.insert(6, b"2026-11-20T10:00:00,000 INFO  REQUEST: ./x - USER: a - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n");
            }),
            &[
                "audit.log:7: 1 line from here on put in among sealed ones: the seal does not hold them",
            ],
        ),
        (
            "cut",
            Box::new(|l| l.truncate(9)),
            &["audit.log:10: the file ends here, 4 sealed lines early: truncated"],
        ),
        (
            "emptied",
            Box::new(|l| l.clear()),
            &["audit.log:1: the file ends here, 13 sealed lines early: truncated"],
        ),
    ];
    for (what, edit, expected) in cases {
        fs::write(sealed.log(), edited(edit)).unwrap();
        let verified = sealed.verify();
        assert_eq!(sealed.findings(&verified), *expected, "{what}");
        assert!(!verified.intact(), "{what}");
    }
}

#[test]
fn lines_written_after_the_last_seal_are_a_warning() {
    let sealed = Sealed::new(&fixture("forms.log"));
    let mut log = fixture("forms.log");
    log.extend_from_slice(b"2026-11-24T08:01:00,000 INFO  REQUEST: ./x - USER: a - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n");
    fs::write(sealed.log(), &log).unwrap();
    let verified = sealed.verify();
    assert_eq!(
        sealed.findings(&verified),
        [
            "audit.log:14: warning: 1 line (105 bytes) from here on not sealed yet: written after the last seal"
        ]
    );
    assert!(verified.intact());
}

#[test]
fn a_deleted_rotated_file_is_missing_and_a_gzipped_one_verifies() {
    let sealed = Sealed::new(&fixture("forms.log"));
    fs::rename(sealed.log(), sealed.path("audit.log.1")).unwrap();
    let new = b"2026-11-24T08:20:00,000 INFO  REQUEST: ./x - USER: a - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";
    fs::write(sealed.log(), new).unwrap();
    let made = seal(&sealed.log(), at("2026-11-24T08:20:00")).unwrap();
    assert_eq!(made.records.len(), 1);
    assert_eq!(made.records[0].epoch, 1);
    let rotated = sealed.path("audit.log.1");
    let gz = sealed.path("audit.log.2.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut encoder, &fs::read(&rotated).unwrap()).unwrap();
    fs::write(&gz, encoder.finish().unwrap()).unwrap();
    fs::remove_file(&rotated).unwrap();
    let verified = sealed.verify_files(&[gz.clone(), sealed.log()], None);
    assert_eq!(sealed.findings(&verified), Vec::<String>::new());
    assert_eq!(verified.files.len(), 2);
    let verified = sealed.verify_files(&[sealed.log()], None);
    assert_eq!(
        sealed.findings(&verified),
        [
            "audit.log.seal:1: the file sealed as audit.log (seal records 0 to 0, 13 lines, entries 2021-08-03T02:54:43,440 to 2021-08-03T03:14:00,000) is missing: a rotated file was deleted or moved away"
        ]
    );
}

#[test]
fn entries_sealed_long_after_their_stamps_are_late() {
    let sealed = Sealed::new(&fixture("forms.log"));
    let mut log = fixture("forms.log");
    // Stamped at 08:10, but first sealed at 09:00: more than two epochs later.
    log.extend_from_slice(b"2026-11-24T08:10:00,000 INFO  REQUEST: ./x - USER: a - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n");
    fs::write(sealed.log(), &log).unwrap();
    seal(&sealed.log(), at("2026-11-24T09:00:00")).unwrap();
    let verified = sealed.verify();
    assert_eq!(
        sealed.findings(&verified),
        [
            "audit.log:14: the entry stamped 2026-11-24T08:10:00,000 was first sealed in epoch 4, which began 2026-11-24T09:00:00Z: more than --max-delay after its stamp"
        ]
    );
}

#[test]
fn the_key_moves_on_one_way_and_the_old_one_is_gone_from_the_host() {
    let sealed = Sealed::new(&fixture("forms.log"));
    let key_file = sealed.path("audit.log.seal-key");
    seal(&sealed.log(), at("2026-11-24T08:31:00")).unwrap();
    let state = HostState::load(&key_file).unwrap();
    assert_eq!(state.epoch, 2);
    assert_eq!(state.key, sealed.key.key.next().next());
    let text = fs::read_to_string(&key_file).unwrap();
    for old in [&sealed.key.key, &sealed.key.key.next()] {
        assert!(!text.contains(&hex(&old.0)));
    }
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        sealed.key.to_string().parse::<VerificationKey>().unwrap(),
        sealed.key
    );
}
