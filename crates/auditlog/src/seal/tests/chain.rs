//! The seal records against their attacker: edited, removed and reordered, made again with the
//! key found on the host, checked with the wrong key or against a head kept elsewhere, left
//! unfinished, or changed under unchanged line CRC-32s.

use std::fs;

use super::super::key::genesis;
use super::super::*;
use super::{Sealed, at, fixture};

/// The forms fixture and an entry stamped `hh:mm` on 2026-11-24.
fn with_entry(time: &str) -> Vec<u8> {
    let mut log = fixture("forms.log");
    log.extend_from_slice(
        format!("2026-11-24T{time}:00,000 INFO  REQUEST: ./x - USER: a - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n")
            .as_bytes(),
    );
    log
}

#[test]
fn edited_removed_and_reordered_seal_records_are_caught() {
    let sealed = Sealed::new(&fixture("forms.log"));
    let mut log = fixture("forms.log");
    for minute in 1..=3 {
        log.extend_from_slice(format!("2026-11-24T08:{minute:02}:00,000 INFO  REQUEST: ./x - USER: a - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n").as_bytes());
        fs::write(sealed.log(), &log).unwrap();
        seal(&sealed.log(), at(&format!("2026-11-24T08:{minute:02}:30"))).unwrap();
    }
    assert!(sealed.verify().intact());
    let seal_file = sealed.path("audit.log.seal");
    let records = fs::read_to_string(&seal_file).unwrap();
    let lines: Vec<&str> = records.lines().collect();
    let cases: [(&str, String, &[&str]); 3] = [
        (
            "edited",
            records.replacen("\"entries\":1,", "\"entries\":2,", 1),
            &["audit.log.seal:2: seal record 1 was edited or forged: its MAC is not epoch 0's"],
        ),
        (
            "removed",
            format!("{}\n{}\n{}\n", lines[0], lines[1], lines[3]),
            &["audit.log.seal:3: seal record 2 is missing: removed from the seal file"],
        ),
        (
            "reordered",
            format!("{}\n{}\n{}\n{}\n", lines[0], lines[2], lines[1], lines[3]),
            &[
                "audit.log.seal:2: seal record 2 stands where record 1 should: seal records reordered",
            ],
        ),
    ];
    for (what, text, expected) in cases {
        fs::write(&seal_file, text).unwrap();
        let verified = sealed.verify();
        assert_eq!(sealed.findings(&verified), *expected, "{what}");
        assert!(!verified.intact(), "{what}");
    }
}

#[test]
fn seals_made_again_with_the_key_on_the_host_are_caught() {
    let sealed = Sealed::new(&fixture("forms.log"));
    // Later, the key on the host has moved on to epoch 3.
    let log = with_entry("08:45");
    fs::write(sealed.log(), &log).unwrap();
    seal(&sealed.log(), at("2026-11-24T08:45:00")).unwrap();
    let state = HostState::load(&sealed.path("audit.log.seal-key")).unwrap();
    assert_eq!(state.epoch, 3);
    // Whoever takes the host edits an entry, deletes the seal records and seals everything
    // again with the key they found, as the sealer would.
    let forged_log = String::from_utf8(log)
        .unwrap()
        .replace("USER: a ", "USER: b ");
    fs::write(sealed.log(), &forged_log).unwrap();
    let mut digester = Digester::new(&[0; 32], None);
    digester.update(forged_log.as_bytes());
    let digest = digester.finish();
    let record = Record {
        seq: 0,
        epoch: 3,
        sealed: "2026-11-24T08:45:00Z".into(),
        name: "audit.log".into(),
        file: file_id(&sealed.log()).unwrap().unwrap(),
        ino: 0,
        from: 0,
        to: forged_log.len() as u64,
        bytes: forged_log.len() as u64,
        entries: digest.entries,
        lines: digest.crcs.len() as u64,
        first: digest.first,
        last: digest.last,
        sha256: hex(&digest.sha256),
        prev: hex(&genesis(&state.key, state.epochs)),
        crc32: Record::crc_text(&digest.crcs),
    };
    let (line, _) = record.sign(&state.key);
    fs::write(sealed.path("audit.log.seal"), format!("{line}\n")).unwrap();
    let verified = sealed.verify();
    assert_eq!(
        sealed.findings(&verified),
        [
            "audit.log.seal:1: the seal does not start at the initial epoch: its first record (epoch 3) was not made from the verification key, so the seal records were deleted and made again with a later key"
        ]
    );
    assert!(!verified.intact());
    // The sealer itself refuses to start a seal file again once it has sealed.
    fs::write(sealed.path("audit.log.seal"), "").unwrap();
    let refused = seal(&sealed.log(), at("2026-11-24T09:00:00")).unwrap_err();
    assert!(
        matches!(refused, SealError::Emptied { epoch: 3, .. }),
        "{refused}"
    );
}

#[test]
fn the_wrong_verification_key_verifies_nothing() {
    let mut sealed = Sealed::new(&fixture("forms.log"));
    sealed.key.key = SealKey([7; KEY_LEN]);
    let verified = sealed.verify();
    assert_eq!(
        sealed.findings(&verified),
        [
            "audit.log.seal: the seal record was not made with this verification key: the wrong key, or a forged record"
        ]
    );
    assert!(!verified.intact());
}

#[test]
fn a_head_kept_elsewhere_catches_the_newest_entries_deleted_with_their_seals() {
    let sealed = Sealed::new(&fixture("forms.log"));
    let before = fs::read(sealed.path("audit.log.seal")).unwrap();
    fs::write(sealed.log(), with_entry("08:05")).unwrap();
    seal(&sealed.log(), at("2026-11-24T08:05:00")).unwrap();
    let kept = head(&sealed.log()).unwrap().unwrap();
    assert_eq!(kept.seq, 1);
    assert!(sealed.verify_files(&[sealed.log()], Some(&kept)).intact());
    // The newest entry and its seal record are deleted.
    fs::write(sealed.log(), fixture("forms.log")).unwrap();
    fs::write(sealed.path("audit.log.seal"), before).unwrap();
    assert!(sealed.verify().intact(), "without the head, nothing shows");
    let verified = sealed.verify_files(&[sealed.log()], Some(&kept));
    assert_eq!(
        sealed.findings(&verified),
        [
            "audit.log.seal: the head kept elsewhere is seal record 1, but the seal ends at record 0: newer seal records, and the entries they sealed, were removed"
        ]
    );
}

#[test]
fn a_record_left_unfinished_is_cut_by_the_next_seal() {
    let sealed = Sealed::new(&fixture("forms.log"));
    let seal_file = sealed.path("audit.log.seal");
    let whole = fs::read_to_string(&seal_file).unwrap();
    fs::write(&seal_file, format!("{whole}{{\"seq\":1,\"epo")).unwrap();
    let verified = sealed.verify();
    assert_eq!(
        sealed.findings(&verified),
        [
            "audit.log.seal:2: warning: an unfinished seal record, left by an interrupted seal: not counted; the next `auditlog seal` cuts it"
        ]
    );
    let made = seal(&sealed.log(), at("2026-11-24T08:01:00")).unwrap();
    assert_eq!(made.notes.len(), 1);
    assert_eq!(fs::read_to_string(&seal_file).unwrap(), whole);
    assert!(sealed.verify().findings.is_empty());
}

#[test]
fn bytes_changed_under_unchanged_line_crcs_are_still_caught() {
    // A record whose running SHA-256 does not match the bytes while every line's CRC-32 does:
    // what an edit made to keep the CRC-32s looks like. Made here with key 0.
    let sealed = Sealed::new(&fixture("forms.log"));
    let seal_file = sealed.path("audit.log.seal");
    let text = fs::read_to_string(&seal_file).unwrap();
    let mut record = Signed::parse(text.trim_end()).unwrap().record;
    record.sha256 = "0".repeat(64);
    fs::write(&seal_file, format!("{}\n", record.sign(&sealed.key.key).0)).unwrap();
    let verified = sealed.verify();
    assert_eq!(
        sealed.findings(&verified),
        [
            "audit.log:1: seal record 0 covers the 13 lines from here: their bytes changed, though no line's CRC-32 did (a deliberate forgery)"
        ]
    );
}
