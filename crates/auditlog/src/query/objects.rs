//! What `--object` asks of the objects log (see [`crate::objects`]): which objects, and which
//! entries touched one, by their ID; an entry the objects log says nothing of is judged by the
//! workflows its request body names.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Matcher;
use crate::objects::{ObjectsLine, Touched};

/// Which objects a query asks for: names matched by patterns, of some types or any.
#[derive(Debug)]
pub struct ObjectQuery {
    /// The names, as patterns; a pattern that is a path is matched by its last segment, as
    /// the objects log names objects.
    pub names: Matcher,
    /// The patterns as given, for the workflow paths a request body names.
    pub paths: Matcher,
    /// The types; empty for any.
    pub kinds: Vec<String>,
}

impl ObjectQuery {
    /// Whether an object is one asked for: by its name, or an order by its workflow too.
    pub fn matches(&self, object: &Touched) -> bool {
        let kind_ok = |kind: &str| self.kinds.is_empty() || self.kinds.iter().any(|k| k == kind);
        (kind_ok(&object.kind) && self.names.matches(Some(&object.name)))
            || object
                .workflow
                .as_deref()
                .is_some_and(|workflow| kind_ok("workflow") && self.names.matches(Some(workflow)))
    }

    /// Whether a workflow path named in a request body is one asked for, for an entry the
    /// objects log says nothing of: by the path, or by its last segment as the objects log
    /// would name it.
    pub fn matches_path(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        (self.kinds.is_empty() || self.kinds.iter().any(|k| k == "workflow"))
            && (self.paths.matches(Some(path)) || self.names.matches(Some(name)))
    }
}

/// The entries a query for objects keeps, by ID, as the objects log tells: those whose lines
/// name an object asked for, and which IDs have a line at all. An entry without an ID, or
/// whose ID has no line, is judged by the workflows its request body names, and counted.
#[derive(Debug)]
pub struct ObjectFilter {
    /// What is asked for.
    pub query: ObjectQuery,
    /// The IDs whose lines name an object asked for.
    touched: Vec<u64>,
    /// The IDs with a line, while lines are taken in.
    ids: Vec<u64>,
    /// The IDs with a line, as runs of consecutive IDs: first to last.
    logged: BTreeMap<u64, u64>,
    /// How many entries were judged by their request body.
    pub by_body: AtomicU64,
}

impl ObjectFilter {
    /// A filter for `query`, to be told every line of the objects logs ([`ObjectFilter::add`]).
    pub fn new(query: ObjectQuery) -> ObjectFilter {
        ObjectFilter {
            query,
            touched: Vec::new(),
            ids: Vec::new(),
            logged: BTreeMap::new(),
            by_body: AtomicU64::new(0),
        }
    }

    /// Takes in one line of the objects log.
    pub fn add(&mut self, line: &ObjectsLine) {
        self.ids.push(line.id);
        if line.objects.iter().any(|o| self.query.matches(o)) {
            self.touched.push(line.id);
        }
    }

    /// Ready to judge entries, every line taken in.
    pub fn finish(mut self) -> ObjectFilter {
        self.touched.sort_unstable();
        self.touched.dedup();
        let mut ids = std::mem::take(&mut self.ids);
        ids.sort_unstable();
        ids.dedup();
        let mut run: Option<(u64, u64)> = None;
        for id in ids {
            run = match run {
                Some((first, last)) if last + 1 == id => Some((first, id)),
                Some((first, last)) => {
                    self.logged.insert(first, last);
                    Some((id, id))
                }
                None => Some((id, id)),
            };
        }
        if let Some((first, last)) = run {
            self.logged.insert(first, last);
        }
        self
    }

    /// Whether the objects log has a line for `id`.
    pub fn logged(&self, id: u64) -> bool {
        self.logged
            .range(..=id)
            .next_back()
            .is_some_and(|(_, &last)| id <= last)
    }

    /// What the objects log says of an entry with `id`: `Some` whether it touched an object
    /// asked for, `None` when the log says nothing of it.
    pub fn said(&self, id: Option<u64>) -> Option<bool> {
        let id = id.filter(|&id| self.logged(id))?;
        Some(self.touched.binary_search(&id).is_ok())
    }

    /// Whether an entry the objects log says nothing of names a workflow asked for in its
    /// request body; counted when it does.
    pub fn by_workflows<'a>(&self, mut paths: impl Iterator<Item = &'a str>) -> bool {
        let found = paths.any(|p| self.query.matches_path(p));
        if found {
            self.by_body.fetch_add(1, Ordering::Relaxed);
        }
        found
    }
}
