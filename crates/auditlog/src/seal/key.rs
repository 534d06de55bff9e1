//! The keys of sealing: key 0 (the verification key, kept off the host), the key of each epoch
//! (key n+1 = SHA-256(key n)), and the sealing state on the host, which holds only the current
//! epoch's key and overwrites the one before.

use std::fmt;
use std::fs::File;
use std::io;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, TimeZone, Utc};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{SealError, hex, unhex};

/// The length of every key, in bytes.
pub const KEY_LEN: usize = 32;

/// An epoch's key. It is never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct SealKey(pub(crate) [u8; KEY_LEN]);

impl fmt::Debug for SealKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealKey(…)")
    }
}

impl SealKey {
    /// A fresh key from the system's random source.
    pub fn random() -> io::Result<SealKey> {
        let mut key = [0; KEY_LEN];
        io::Read::read_exact(&mut File::open("/dev/urandom")?, &mut key)?;
        Ok(SealKey(key))
    }

    /// The key of the next epoch: SHA-256 of this one. There is no way back.
    pub fn next(&self) -> SealKey {
        SealKey(Sha256::digest(self.0).into())
    }

    /// The key `epochs` epochs on.
    pub fn forward(&self, epochs: u64) -> SealKey {
        (0..epochs).fold(self.clone(), |key, _| key.next())
    }

    /// HMAC-SHA256 of `message` under this key.
    pub fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .expect("HMAC takes a key of any length");
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// Whether `tag` is the MAC of `message` under this key, compared in constant time.
    pub fn verify(&self, message: &[u8], tag: &[u8]) -> bool {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .expect("HMAC takes a key of any length");
        mac.update(message);
        mac.verify_slice(tag).is_ok()
    }
}

/// When epoch 0 began and how long each lasts: public, and part of the verification key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Epochs {
    /// The start of epoch 0, in seconds since 1970 (UTC).
    pub start: i64,
    /// The length of an epoch, in seconds.
    pub seconds: u64,
}

impl Epochs {
    /// The epoch `instant` falls in; 0 before the start.
    pub fn at(&self, instant: DateTime<Utc>) -> u64 {
        let since = instant.timestamp().saturating_sub(self.start).max(0);
        since.unsigned_abs() / self.seconds.max(1)
    }

    /// The instant epoch `epoch` begins.
    pub fn start_of(&self, epoch: u64) -> DateTime<Utc> {
        let secs = i64::try_from(epoch.saturating_mul(self.seconds)).unwrap_or(i64::MAX / 2);
        Utc.timestamp_opt(self.start.saturating_add(secs), 0)
            .single()
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// The instant epoch 0 began.
    pub fn started(&self) -> DateTime<Utc> {
        self.start_of(0)
    }
}

/// The verification key: key 0 and the epochs. Whoever holds it can check every seal, and could
/// make them, so it is kept off the host. Written `KEY0HEX/START-SECONDS`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerificationKey {
    /// Key 0.
    pub key: SealKey,
    /// When epoch 0 began and how long each lasts.
    pub epochs: Epochs,
}

impl VerificationKey {
    /// The value the first seal record's `prev` holds: a MAC under key 0 that no later key can
    /// make, so a seal file begun again with a later key is told apart.
    pub fn genesis(&self) -> [u8; 32] {
        genesis(&self.key, self.epochs)
    }
}

pub(crate) fn genesis(key0: &SealKey, epochs: Epochs) -> [u8; 32] {
    let message = format!("auditlog seal genesis {} {}", epochs.start, epochs.seconds);
    key0.mac(message.as_bytes())
}

impl fmt::Display for VerificationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let epochs = self.epochs;
        write!(
            f,
            "{}/{}-{}",
            hex(&self.key.0),
            epochs.start,
            epochs.seconds
        )
    }
}

impl FromStr for VerificationKey {
    type Err = String;

    fn from_str(text: &str) -> Result<VerificationKey, String> {
        const FORM: &str = "a verification key reads KEY/START-SECONDS: 64 hexadecimal digits, a slash, the start of epoch 0 in seconds since 1970, a dash and the length of an epoch in seconds, as `auditlog seal init` printed it";
        let text = text.trim();
        let (key, rest) = text.split_once('/').ok_or(FORM)?;
        let (start, seconds) = rest.split_once('-').ok_or(FORM)?;
        let key: [u8; KEY_LEN] = unhex(key).and_then(|k| k.try_into().ok()).ok_or(FORM)?;
        let start = start.parse().map_err(|_| FORM)?;
        let seconds = seconds.parse().ok().filter(|&s| s > 0).ok_or(FORM)?;
        Ok(VerificationKey {
            key: SealKey(key),
            epochs: Epochs { start, seconds },
        })
    }
}

/// The sealing state kept on the host (`<log>.seal-key`, mode 0600): the epochs and the key of
/// the current epoch only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostState {
    /// When epoch 0 began and how long each lasts.
    pub epochs: Epochs,
    /// The epoch whose key this is.
    pub epoch: u64,
    /// That epoch's key.
    pub key: SealKey,
    /// The value the first seal record chains from, made with key 0 at `init` and kept only
    /// until that record is written: the key may move on before then.
    pub genesis: Option<[u8; 32]>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    version: u32,
    start: i64,
    seconds: u64,
    epoch: u64,
    key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    genesis: Option<String>,
}

impl HostState {
    /// The state of a new seal: epoch 0's key, and the genesis value.
    pub fn new(verification: &VerificationKey) -> HostState {
        HostState {
            epochs: verification.epochs,
            epoch: 0,
            key: verification.key.clone(),
            genesis: Some(verification.genesis()),
        }
    }

    /// Moves the key on to `epoch` (never back); the old key is gone from this value.
    pub fn advance(&mut self, epoch: u64) {
        if epoch > self.epoch {
            self.key = self.key.forward(epoch - self.epoch);
            self.epoch = epoch;
        }
    }

    /// Reads the state from `path`.
    pub fn load(path: &Path) -> Result<HostState, SealError> {
        let bytes = crate::durable::ensure_regular_or_absent(path)
            .and_then(|()| crate::durable::read_small(path, 64 * 1024))
            .map_err(|error| SealError::io(path, error))?;
        let text = String::from_utf8_lossy(&bytes);
        let bad = |why: &str| SealError::HostState {
            path: path.to_owned(),
            why: why.to_owned(),
        };
        let file: StateFile = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
        if file.version != 1 {
            return Err(bad("it is of a version this auditlog does not know"));
        }
        let key = unhex(&file.key)
            .and_then(|k| <[u8; KEY_LEN]>::try_from(k).ok())
            .ok_or_else(|| bad("its key is not 64 hexadecimal digits"))?;
        if file.seconds == 0 {
            return Err(bad("its epochs last no time"));
        }
        let genesis = match &file.genesis {
            Some(text) => Some(
                unhex(text)
                    .and_then(|g| <[u8; 32]>::try_from(g).ok())
                    .ok_or_else(|| bad("its genesis value is not 64 hexadecimal digits"))?,
            ),
            None => None,
        };
        Ok(HostState {
            epochs: Epochs {
                start: file.start,
                seconds: file.seconds,
            },
            epoch: file.epoch,
            key: SealKey(key),
            genesis,
        })
    }

    /// Writes the state to `path` as a whole (mode 0600; see [`crate::durable::replace`]), so
    /// the old key is replaced and a crash leaves one or the other.
    pub fn store(&self, path: &Path) -> Result<(), SealError> {
        let err = |error| SealError::io(path, error);
        let file = StateFile {
            version: 1,
            start: self.epochs.start,
            seconds: self.epochs.seconds,
            epoch: self.epoch,
            key: hex(&self.key.0),
            genesis: self.genesis.map(|g| hex(&g)),
        };
        let mut text = serde_json::to_string(&file).expect("the state serializes");
        text.push('\n');
        crate::durable::replace(path, text.as_bytes(), 0o600).map_err(err)
    }
}
