//! What an execution of a job is: everything `run` resolved from its flags before anything is
//! written, and how its files are made (readable by the log's group only, as the log is).

use std::fs::{self, File};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result};
use auditlog::record::ReasonRules;
use auditlog::safe::safe_path;

use auditlog::mirror::Target;

/// The most bytes of metrics an execution records.
pub const MAX_METRICS_BYTES: u64 = 64 << 10;

/// Room kept in an entry for what a finish entry adds to the start's fields: metrics, the
/// output's path, the reason.
pub const FINISH_ROOM: usize = MAX_METRICS_BYTES as usize + (16 << 10);

/// Everything an execution of this run needs, resolved before anything is written.
pub struct Launch {
    pub log: PathBuf,
    pub dir: PathBuf,
    pub name: String,
    pub space: Option<String>,
    pub trigger: &'static str,
    pub executed_by: String,
    pub host: String,
    pub command: Vec<String>,
    pub reason: Option<String>,
    pub time_spent: Option<u64>,
    pub ticket: Option<String>,
    pub rules: ReasonRules,
    pub max_output: usize,
    pub keep_outputs: usize,
    pub timeout: Option<Duration>,
    pub kill_after: Duration,
    pub sync: bool,
    pub mirror: Option<Target>,
}

/// Where `run` keeps each execution's output unless told: `auditlog-executions/` beside the
/// log at `log`. `show --log` looks there too.
pub fn default_output_dir(log: &Path) -> PathBuf {
    log.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("auditlog-executions")
}

/// The directory of a job's kept outputs in `dir`: see [`file_name_of`].
pub fn outputs_of(dir: &Path, job: &str) -> PathBuf {
    dir.join(file_name_of(job))
}

/// A job's name as a file name, one to one: the name itself where it is a safe file name (up
/// to 64 letters, digits, `_` and `-`), else a safe form of it, a `.` and a hash of the name.
/// No plain name holds a `.`, so no job's file is another's, and none is hidden or outside
/// its directory.
pub fn file_name_of(job: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if !job.is_empty() && job.len() <= 64 && job.chars().all(plain) {
        return job.to_owned();
    }
    let mut safe: String = job
        .chars()
        .take(64)
        .map(|c| if plain(c) { c } else { '_' })
        .collect();
    if safe.is_empty() {
        safe.push('_');
    }
    let hash = <sha2::Sha256 as sha2::Digest>::digest(job.as_bytes());
    format!("{safe}.{}", auditlog::seal::hex(&hash[..8]))
}

/// Removes the kept outputs of a job beyond its `keep` latest, latest by when they were
/// written (each when its execution ended), then by ID. Only files named as outputs are
/// touched.
pub fn prune_outputs(dir: &Path, keep: usize) -> io::Result<()> {
    let mut outputs: Vec<((i64, i64), PathBuf)> = fs::read_dir(dir)?
        .flatten()
        .filter(|item| {
            item.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".log"))
                .is_some_and(|id| id.len() == 22 && auditlog::execution::is_id_prefix(id))
        })
        .filter_map(|item| {
            let meta = item.metadata().ok().filter(fs::Metadata::is_file)?;
            Some(((meta.mtime(), meta.mtime_nsec()), item.path()))
        })
        .collect();
    outputs.sort();
    for (_, old) in &outputs[..outputs.len().saturating_sub(keep)] {
        fs::remove_file(old)?;
    }
    Ok(())
}

/// Creates a directory for kept output and locks, readable by the log's group only (0750, as
/// the log is 0640).
pub fn create_dir(dir: &Path) -> Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o750)
        .create(dir)
        .with_context(|| format!("cannot create the directory {}", safe_path(dir)))
}

/// Creates a new file for the execution: never through a link, and readable by no more people
/// than the log at `log` is (0640 at most).
pub fn create_file(path: &Path, log: &Path) -> io::Result<File> {
    auditlog::durable::create_new(path, auditlog::durable::no_wider_than(log, 0o640))
}
