//! Where summaries are kept: one small gzip file each in the cache's `members`, written beside
//! and renamed into place, read only whole and only for the member they were made from; and
//! making one as a member is read.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};

use super::{MemberKey, MemberSummary, Summarizer};

/// The summaries kept in a directory of the cache, one small gzip file each.
#[derive(Clone, Debug)]
pub struct Summaries {
    dir: PathBuf,
}

/// The most bytes of summaries kept; past it, the oldest go.
pub const CAP: u64 = 64 << 20;

/// The most bytes one summary's file may have, and its text once decompressed (six fields of
/// at most 256 KiB each take far less).
const MAX_FILE: u64 = 16 << 20;

/// The version of the summaries' form; a summary of another is ignored.
const FORM: &str = "auditlog member summary 2";

/// A summary kept, when its bytes are one whole, of this form.
fn read_kept(bytes: &[u8]) -> Option<MemberSummary> {
    let mut text = Vec::new();
    GzDecoder::new(bytes)
        .take(MAX_FILE)
        .read_to_end(&mut text)
        .ok()?;
    let kept: Kept = serde_json::from_slice(&text).ok()?;
    (kept.form == FORM).then_some(kept.summary)
}

/// A summary as it is kept: its form's version beside it.
#[derive(Serialize, Deserialize)]
struct Kept {
    form: String,
    summary: MemberSummary,
}

impl Summaries {
    /// The summaries kept under a cache directory (in its `members`).
    pub fn under(cache: &Path) -> Summaries {
        Summaries {
            dir: cache.join("members"),
        }
    }

    /// Where they are kept.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The summary of the member `key` tells, when one is kept whole and made from it.
    /// One there that cannot be read whole is removed, so that the next read of the member
    /// makes it again.
    pub fn load(&self, key: &MemberKey) -> Option<MemberSummary> {
        let path = self.dir.join(key.file_name());
        let bytes = match crate::durable::read_small(&path, MAX_FILE) {
            Ok(bytes) => bytes,
            // Too large, a link, a FIFO: not a summary of ours.
            Err(error) => {
                if error.kind() != io::ErrorKind::NotFound {
                    let _ = fs::remove_file(&path);
                }
                return None;
            }
        };
        let summary = read_kept(&bytes).filter(|summary| summary.key == *key);
        if summary.is_none() {
            let _ = fs::remove_file(&path);
        }
        summary
    }

    /// Whether a summary of the member `key` tells is kept, whole or not (see [`Self::load`]).
    fn has(&self, key: &MemberKey) -> bool {
        fs::symlink_metadata(self.dir.join(key.file_name())).is_ok()
    }

    /// Keeps a summary: written beside, then renamed into place, so that a reader never sees
    /// half of one. A cache: a summary that cannot be kept is made again next time.
    pub fn save(&self, summary: &MemberSummary) -> io::Result<()> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)?;
        let kept = Kept {
            form: FORM.to_owned(),
            summary: summary.clone(),
        };
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        serde_json::to_writer(&mut gz, &kept)?;
        let bytes = gz.finish()?;
        let path = self.dir.join(summary.key.file_name());
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        crate::durable::create(&tmp, &bytes, 0o600)?;
        fs::rename(&tmp, &path).inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })
    }

    /// The summaries' files: modification time, size and path; none before the first is kept.
    fn files(&self) -> io::Result<Vec<(i64, u64, PathBuf)>> {
        let items = match fs::read_dir(&self.dir) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            items => items?,
        };
        let mut files = Vec::new();
        for item in items {
            let item = item?;
            let meta = item.metadata()?;
            if meta.is_file() {
                files.push((meta.mtime(), meta.len(), item.path()));
            }
        }
        Ok(files)
    }

    /// How many bytes the summaries take together.
    pub fn bytes(&self) -> io::Result<u64> {
        Ok(self.files()?.iter().map(|(_, len, _)| len).sum())
    }

    /// Removes the oldest summaries while they take more than `cap` bytes together.
    pub fn trim(&self, cap: u64) -> io::Result<()> {
        let mut kept = self.files()?;
        let mut total: u64 = kept.iter().map(|(_, len, _)| len).sum();
        kept.sort();
        for (_, len, path) in kept {
            if total <= cap {
                break;
            }
            fs::remove_file(&path)?;
            total -= len;
        }
        Ok(())
    }

    /// Removes every summary kept; returns how many there were.
    pub fn clear(&self) -> io::Result<u64> {
        let files = self.files()?;
        for (_, _, path) in &files {
            fs::remove_file(path)?;
        }
        Ok(files.len() as u64)
    }
}

/// A summary being made of a member as it is read whole, and where it is kept once made.
pub struct Pending {
    summarizer: Summarizer,
    file: File,
    summaries: Summaries,
}

impl Pending {
    /// Starts a summary of the gzip member open as `file`, unless one is kept already or the
    /// member has no first line yet.
    pub fn start(file: File, cache: &Path) -> Option<Pending> {
        let key = MemberKey::of(&file).ok()??;
        let summaries = Summaries::under(cache);
        if summaries.has(&key) {
            return None;
        }
        Some(Pending {
            summarizer: Summarizer::new(key),
            file,
            summaries,
        })
    }

    /// The summary in the making.
    pub fn summarizer(&mut self) -> &mut Summarizer {
        &mut self.summarizer
    }

    /// Keeps the summary of a member read to its end, when the member is still what it was
    /// when reading began.
    pub fn finish(self) {
        let summary = self.summarizer.finish();
        if MemberKey::of(&self.file).ok().flatten().as_ref() == Some(&summary.key) {
            let _ = self.summaries.save(&summary);
            trim_once(&self.summaries);
        }
    }
}

/// Trims the summaries to [`CAP`] once a run, after the first one it keeps.
fn trim_once(summaries: &Summaries) {
    static TRIMMED: std::sync::Once = std::sync::Once::new();
    TRIMMED.call_once(|| {
        let _ = summaries.trim(CAP);
    });
}
