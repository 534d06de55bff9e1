//! Sealing: proof that nobody edited the log, kept beside it without changing its format.
//!
//! `<log>.seal` is a chain of records (JSON lines, appended only), each vouching for the whole
//! entries written since the one before: their byte range, count, a running SHA-256 and each
//! line's CRC-32, signed with HMAC-SHA256 under the key of the epoch it was made in. The key
//! moves on one way when an epoch ends (key n+1 = SHA-256(key n)) and the old one is
//! overwritten in `<log>.seal-key`, so whoever takes the host later cannot sign for an earlier
//! epoch. Key 0, kept off the host, verifies everything. This module never writes to the log
//! itself, and reads the clock only through the `now` it is given.

mod chain;
mod diff;
mod digest;
mod key;
mod record;
mod verify;
mod write;

#[cfg(test)]
mod tests;

use std::io;
use std::path::{Path, PathBuf};

pub use crate::scan::file_id;
pub use digest::{Digest, Digester, Late, Lateness};
pub use key::{Epochs, HostState, KEY_LEN, SealKey, VerificationKey};
pub use record::{Record, SealHead, Signed};
pub use verify::{Check, Covered, Finding, Problem, Verified, verify};
pub use write::{Sealed, head, init, new_key, seal};

use crate::safe::safe_path;

/// The files that hold a log's seal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealFiles {
    /// The sealing state, with the current epoch's key: `<log>.seal-key`.
    pub key: PathBuf,
    /// The chain of seal records: `<log>.seal`.
    pub seal: PathBuf,
}

impl SealFiles {
    /// The seal files of the log at `log`.
    pub fn of(log: &Path) -> SealFiles {
        SealFiles {
            key: crate::durable::beside(log, ".seal-key"),
            seal: crate::durable::beside(log, ".seal"),
        }
    }
}

/// Why sealing could not be done.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// A file could not be read or written.
    #[error("{}: {error}", safe_path(path))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: io::Error,
    },
    /// The log has no seal yet.
    #[error(
        "{} is not sealed: there is no {}; start with `auditlog seal init`",
        safe_path(log),
        safe_path(seal)
    )]
    NotInitialized {
        /// The log.
        log: PathBuf,
        /// The seal file that is missing.
        seal: PathBuf,
    },
    /// `seal init` would replace a seal.
    #[error(
        "{} exists: the log is sealed already; `auditlog seal init --force` starts a new seal and records that it did",
        safe_path(path)
    )]
    Exists {
        /// The file that exists.
        path: PathBuf,
    },
    /// The sealing state cannot be read.
    #[error("cannot read the sealing state {}: {why}", safe_path(path))]
    HostState {
        /// The state file.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// A seal record cannot be read.
    #[error(
        "{}:{line}: the seal record cannot be read: {why}; `auditlog verify` says more",
        safe_path(path)
    )]
    Record {
        /// The seal file.
        path: PathBuf,
        /// Its line.
        line: u64,
        /// Why.
        why: String,
    },
    /// The seal file is empty, but the state has sealed before: seal records were deleted.
    #[error(
        "{} holds no seal records, but the sealing state in {} has sealed before (its key is at epoch {epoch}): the seal records were deleted. Nothing was sealed; `auditlog verify` with the verification key says what is intact, and `auditlog seal init --force` starts a new seal",
        safe_path(seal),
        safe_path(key)
    )]
    Emptied {
        /// The seal file.
        seal: PathBuf,
        /// The state file.
        key: PathBuf,
        /// The key's epoch.
        epoch: u64,
    },
    /// The log's first line changed since it was sealed.
    #[error(
        "the first line of {} changed since it was sealed, and it is the same file: it was edited. Nothing was sealed; `auditlog verify` says more",
        safe_path(log)
    )]
    FirstLine {
        /// The log.
        log: PathBuf,
    },
    /// The log is shorter than what was sealed of it.
    #[error(
        "{} is shorter ({len} bytes) than what was sealed of it ({sealed} bytes): it was cut or replaced. Nothing was sealed; `auditlog verify` says what changed",
        safe_path(log)
    )]
    Shorter {
        /// The log.
        log: PathBuf,
        /// Its length.
        len: u64,
        /// The bytes sealed of it.
        sealed: u64,
    },
}

impl SealError {
    fn io(path: &Path, error: io::Error) -> SealError {
        SealError::Io {
            path: path.to_owned(),
            error,
        }
    }
}

/// Bytes as lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    text
}

/// Hexadecimal (either case) as bytes; `None` unless it is all pairs of hexadecimal digits.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| char::from(b).to_digit(16).map(|d| d as u8);
    let text = text.as_bytes();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}
