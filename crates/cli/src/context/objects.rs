//! The objects log, as the context finds it and as `--object` asks of it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use auditlog::objects::ById;
use auditlog::query::{Matcher, ObjectFilter, ObjectQuery};
use auditlog::report::Key;
use auditlog::safe::safe_path;
use auditlog::scan::objects::{ObjectsRead, objects_of, read_objects};
use auditlog::scan::{Malformed, rotated_set};

use super::Context;
use crate::cli::Filters;
use crate::output::{detail, warn};

/// The objects log's name beside the log, when none is named.
pub const OBJECTS_LOG: &str = "audit-objects.log";

impl Context {
    /// The objects logs of the logs read: `--objects-file` or `objects_file` in the config,
    /// else `audit-objects.log` beside the logs; with `--rotated`, with its rotated siblings.
    /// IDs are each JOC's own: logs with objects logs of their own beside them are refused
    /// together, as their IDs would join one log's entries to another's objects.
    pub fn objects_files(&self) -> Result<Vec<PathBuf>> {
        let mut sets = self.object_sets()?;
        if sets.len() > 1 {
            bail!(
                "{} logs have objects logs of their own, and an entry is joined to its objects by an ID that is each JOC's own: read one log at a time, or name with --objects-file the one objects log their IDs share",
                sets.len()
            );
        }
        Ok(sets.pop().unwrap_or_default())
    }

    /// The objects logs of each log read, each set once.
    fn object_sets(&self) -> Result<Vec<Vec<PathBuf>>> {
        let mut sets: Vec<Vec<PathBuf>> = Vec::new();
        for log in &self.files {
            let set = self.objects_files_for(log)?;
            if !set.is_empty() && !sets.contains(&set) {
                sets.push(set);
            }
        }
        Ok(sets)
    }

    /// The objects logs of `log`: the one named, else `audit-objects.log` beside it when
    /// there; with `--rotated`, with its rotated siblings.
    pub fn objects_files_for(&self, log: &Path) -> Result<Vec<PathBuf>> {
        let named = self
            .objects_file
            .clone()
            .or_else(|| self.config.objects_file.clone());
        let logs: Vec<PathBuf> = match named {
            Some(path) => {
                // Named, it must be there, and a file: a FIFO or a device would never end.
                match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_file() => {}
                    Ok(_) => bail!("the objects log {} is not a regular file", safe_path(&path)),
                    Err(error) => {
                        bail!("cannot read the objects log {}: {error}", safe_path(&path))
                    }
                }
                vec![path]
            }
            None => Some(log.with_file_name(OBJECTS_LOG))
                .filter(|path| path.is_file())
                .into_iter()
                .collect(),
        };
        let mut files = Vec::new();
        for log in logs {
            if self.rotated {
                files.extend(rotated_set(&log)?);
            } else {
                files.push(log);
            }
        }
        Ok(files)
    }

    /// The objects every entry touched, by ID, for a report by `object`; `None` for one that
    /// is not. Without an objects log, each entry counts the workflows its body names, and
    /// that is said.
    pub fn objects_by_id(&self, keys: &[Key]) -> Result<Option<Arc<ById>>> {
        if !keys.contains(&Key::Object) {
            return Ok(None);
        }
        let present = self.present_objects_files()?;
        let by_id = objects_of(None, &present, &mut |unreadable| {
            let _ = warn(format!("{unreadable}"));
        })?;
        Ok(Some(Arc::new(by_id)))
    }

    /// The objects the entries `ids` touched, for their detail views; `None` when there is no
    /// objects log to ask. Lines that cannot be read go to `unreadable`.
    pub fn objects_shown(
        &self,
        ids: &[u64],
        unreadable: &mut dyn FnMut(Malformed),
    ) -> Result<Option<ById>> {
        // Several logs' objects logs cannot be told apart by ID: the detail views show none.
        let files: Vec<PathBuf> = match self.object_sets()?.as_slice() {
            [one] => one.iter().filter(|f| f.exists()).cloned().collect(),
            _ => return Ok(None),
        };
        if files.is_empty() {
            return Ok(None);
        }
        Ok(Some(objects_of(Some(ids), &files, unreadable)?))
    }

    /// What the objects log says the entry `id` touched, for its detail view (see
    /// [`detail::objects`]); `None` when there is no objects log to ask.
    pub fn objects_text(
        &self,
        id: Option<u64>,
        unreadable: &mut dyn FnMut(Malformed),
    ) -> Result<Option<String>> {
        let shown = self.objects_shown(&Vec::from_iter(id), unreadable)?;
        Ok(shown.map(|by_id| detail::objects(id, &by_id)))
    }

    /// The objects logs there are, having said so when there are none, or one named is not
    /// there: each entry is then judged by its request body.
    fn present_objects_files(&self) -> Result<Vec<PathBuf>> {
        let (present, missing): (Vec<PathBuf>, Vec<PathBuf>) =
            self.objects_files()?.into_iter().partition(|f| f.exists());
        if present.is_empty() || !missing.is_empty() {
            let named = missing
                .first()
                .map_or_else(|| format!("{OBJECTS_LOG} beside the log"), |f| safe_path(f));
            warn(format!(
                "no objects log ({named}): each entry is matched by the workflow paths its request body names"
            ))?;
        }
        Ok(present)
    }

    /// What `--object` and `--object-type` ask of the objects log, read; `None` when neither
    /// is given. Lines that cannot be read are said on standard error.
    pub(super) fn object_filter(&self, filters: &Filters) -> Result<Option<ObjectFilter>> {
        if filters.object.is_empty() && filters.object_type.is_empty() {
            return Ok(None);
        }
        for kind in &filters.object_type {
            if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_lowercase()) {
                bail!(
                    "--object-type {kind:?}: a type is a lower-case word as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, …"
                );
            }
        }
        let patterns = match filters.object.as_slice() {
            [] => vec!["*".to_owned()],
            given => given.to_vec(),
        };
        let names: Vec<String> = patterns
            .iter()
            .map(|p| p.rsplit('/').next().unwrap_or(p).to_owned())
            .collect();
        let query = ObjectQuery {
            names: Matcher::new(&names).context("--object")?,
            paths: Matcher::new(&patterns).context("--object")?,
            kinds: filters.object_type.clone(),
        };
        let present = self.present_objects_files()?;
        let mut filter = ObjectFilter::new(query);
        read_objects(&present, &mut |read| match read {
            ObjectsRead::Line(line, _) => filter.add(&line),
            ObjectsRead::Unreadable(unreadable) => {
                let _ = warn(format!("{unreadable}"));
            }
        })?;
        Ok(Some(filter.finish()))
    }
}
