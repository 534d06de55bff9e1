//! One seal record: a line of JSON in `<log>.seal` that vouches for a byte range of one file,
//! chained to the record before it and signed with an HMAC under its epoch's key.
//!
//! The MAC covers the line's exact bytes before `,"mac":`, so any change to a record, even one
//! that leaves its JSON the same in meaning, is seen.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::key::SealKey;
use super::{hex, unhex};

/// What a seal record says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Its place in the chain, from 0.
    pub seq: u64,
    /// The epoch whose key signed it.
    pub epoch: u64,
    /// When it was made (UTC, RFC 3339), as the host's clock said.
    pub sealed: String,
    /// The file's name when it was sealed.
    pub name: String,
    /// Which file: the first 16 hexadecimal digits of SHA-256 of its first line, which stays
    /// the same when the file is renamed or compressed.
    pub file: String,
    /// The file's inode number when it was sealed: it tells the sealer a rotation (a new
    /// file) from an edit of the first line (the same file).
    pub ino: u64,
    /// The first byte of the range.
    pub from: u64,
    /// The byte after the range.
    pub to: u64,
    /// The bytes sealed by the chain up to and including this record.
    pub bytes: u64,
    /// The entries in the range: lines that begin with a stamp.
    pub entries: u64,
    /// The lines in the range.
    pub lines: u64,
    /// The stamp of the range's first entry, as written.
    pub first: Option<String>,
    /// The stamp of the range's last entry, as written.
    pub last: Option<String>,
    /// SHA-256 of the previous record's `sha256` (32 zero bytes for the first) and the range's
    /// bytes: a running hash over everything sealed.
    pub sha256: String,
    /// The previous record's MAC; for the first record, the genesis value only key 0 makes.
    pub prev: String,
    /// CRC-32 of each line of the range, 8 hexadecimal digits each: they name the line that
    /// changed. SHA-256 is what proves nothing did.
    pub crc32: String,
}

/// The MAC's place at the end of a line.
const MAC_MARK: &str = ",\"mac\":\"";

impl Record {
    /// The record as a line of `<log>.seal`, without the line end, signed with `key`; and its
    /// MAC, which the next record's `prev` holds.
    pub fn sign(&self, key: &SealKey) -> (String, [u8; 32]) {
        let body = serde_json::to_string(self).expect("a record serializes");
        let mac = key.mac(body.as_bytes());
        let mut line = body;
        line.pop();
        line.push_str(MAC_MARK);
        line.push_str(&hex(&mac));
        line.push_str("\"}");
        (line, mac)
    }

    /// The CRC-32 of each line of the range; `None` when the field is not whole.
    pub fn crcs(&self) -> Option<Vec<u32>> {
        if !self.crc32.len().is_multiple_of(8) {
            return None;
        }
        let bytes = unhex(&self.crc32)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    /// The CRC-32s written as the record keeps them.
    pub fn crc_text(crcs: &[u32]) -> String {
        let bytes: Vec<u8> = crcs.iter().flat_map(|c| c.to_be_bytes()).collect();
        hex(&bytes)
    }

    /// The head of the chain at this record.
    pub fn head(&self) -> SealHead {
        SealHead {
            seq: self.seq,
            bytes: self.bytes,
            sha256: self.sha256.clone(),
        }
    }
}

/// A line of `<log>.seal` read back: the record, the bytes its MAC covers, and the MAC.
#[derive(Clone, Debug)]
pub struct Signed {
    /// What it says.
    pub record: Record,
    /// The bytes the MAC was made over.
    pub body: String,
    /// The MAC as written.
    pub mac: [u8; 32],
}

impl Signed {
    /// Reads a line of `<log>.seal` (without its line end); `Err` says why it is no record.
    pub fn parse(line: &str) -> Result<Signed, String> {
        let at = line
            .rfind(MAC_MARK)
            .ok_or("it has no MAC at its end".to_owned())?;
        let mac = line[at + MAC_MARK.len()..]
            .strip_suffix("\"}")
            .and_then(unhex)
            .and_then(|m| <[u8; 32]>::try_from(m).ok())
            .ok_or("its MAC is not 64 hexadecimal digits closing the line".to_owned())?;
        let body = format!("{}}}", &line[..at]);
        let record: Record =
            serde_json::from_str(&body).map_err(|e| format!("it is not a seal record: {e}"))?;
        Ok(Signed { record, body, mac })
    }

    /// Whether `key` made its MAC.
    pub fn signed_by(&self, key: &SealKey) -> bool {
        key.verify(self.body.as_bytes(), &self.mac)
    }
}

/// The head of a seal chain, to be kept elsewhere: `SEQ:BYTES:SHA256`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealHead {
    /// The newest record's place in the chain.
    pub seq: u64,
    /// The bytes sealed up to it.
    pub bytes: u64,
    /// Its running SHA-256.
    pub sha256: String,
}

impl fmt::Display for SealHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.seq, self.bytes, self.sha256)
    }
}

impl FromStr for SealHead {
    type Err = String;

    fn from_str(text: &str) -> Result<SealHead, String> {
        const FORM: &str = "a head reads SEQ:BYTES:SHA256, as `auditlog seal --head` printed it";
        let mut parts = text.trim().split(':');
        let (Some(seq), Some(bytes), Some(sha256), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(FORM.to_owned());
        };
        let sha256 = sha256.to_ascii_lowercase();
        if sha256.len() != 64 || unhex(&sha256).is_none() {
            return Err(FORM.to_owned());
        }
        Ok(SealHead {
            seq: seq.parse().map_err(|_| FORM)?,
            bytes: bytes.parse().map_err(|_| FORM)?,
            sha256,
        })
    }
}
