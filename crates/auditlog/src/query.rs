//! A resolved query: absolute time bounds and compiled field matchers, and whether an entry
//! matches. Built once, before any file is opened, so a bad expression fails before work starts.
//!
//! Flags of one kind are alternatives (`--user a --user b`: either); different kinds must all
//! hold, as in journalctl.

use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use regex::{Regex, RegexSet};

use crate::entry::{Category, controller_of, workflows_of};
use crate::format::{View, entry_text};
use crate::stamp::Stamp;
use crate::time::{TimeOfDay, Weekdays, Zone};

/// Why a query cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A glob did not compile.
    #[error("invalid pattern {pattern:?}: {why}")]
    Glob {
        /// The pattern.
        pattern: String,
        /// What is wrong.
        why: String,
    },
    /// A regular expression did not compile.
    #[error("invalid regular expression {pattern:?}: {why}")]
    Regex {
        /// The expression.
        pattern: String,
        /// What is wrong.
        why: String,
    },
}

/// Patterns as JOC takes them: `*` for any text (also across `/` and line breaks), `?` for
/// one character (`m.m?ller` takes `m.müller`), ignoring case as Unicode folds it (`Ü` is
/// `ü`); everything else literal. Several patterns: any of them.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    set: Option<Compiled>,
    patterns: Vec<String>,
}

/// The patterns compiled: as one set, or, when together they are too large for one, each alone.
#[derive(Clone, Debug)]
enum Compiled {
    Set(RegexSet),
    Each(Vec<Regex>),
}

impl Compiled {
    fn is_match(&self, value: &str) -> bool {
        match self {
            Compiled::Set(set) => set.is_match(value),
            Compiled::Each(each) => each.iter().any(|re| re.is_match(value)),
        }
    }
}

impl Matcher {
    /// Compiles the patterns; none means "anything".
    pub fn new(patterns: &[String]) -> Result<Matcher, QueryError> {
        if patterns.is_empty() {
            return Ok(Matcher::default());
        }
        let whole: Vec<String> = patterns.iter().map(|p| anchored(p)).collect();
        let set = match RegexSet::new(&whole) {
            Ok(set) => Compiled::Set(set),
            Err(_) => Compiled::Each(
                whole
                    .iter()
                    .zip(patterns)
                    .map(|(re, pattern)| Regex::new(re).map_err(|e| too_large(pattern, &e)))
                    .collect::<Result<_, _>>()?,
            ),
        };
        Ok(Matcher {
            set: Some(set),
            patterns: patterns.to_vec(),
        })
    }

    /// Whether the matcher takes anything.
    pub fn is_any(&self) -> bool {
        self.set.is_none()
    }

    /// Whether a value matches; a missing value matches only when there are no patterns.
    pub fn matches(&self, value: Option<&str>) -> bool {
        match (&self.set, value) {
            (None, _) => true,
            (Some(set), Some(value)) => set.is_match(value),
            (Some(_), None) => false,
        }
    }

    /// Whether any of several values matches.
    pub fn matches_any<'a>(&self, mut values: impl Iterator<Item = &'a str>) -> bool {
        match &self.set {
            None => true,
            Some(set) => values.any(|v| set.is_match(v)),
        }
    }

    /// A regular expression for the literal start of each pattern (before its first `*` or
    /// `?`), ignoring case, that the bytes of a matching value begin with. `None` for no
    /// patterns, a pattern that starts with a wildcard, or one a byte search could miss (with
    /// `�`, which stands for bytes that are not UTF-8).
    fn literal_starts(&self) -> Option<String> {
        if self.patterns.is_empty() {
            return None;
        }
        let mut alternatives = Vec::new();
        for pattern in &self.patterns {
            let literal: String = pattern
                .chars()
                .take_while(|c| !matches!(c, '*' | '?'))
                .collect();
            if literal.is_empty() || literal.contains('\u{fffd}') {
                return None;
            }
            let whole = literal.len() == pattern.len();
            alternatives.push((regex::escape(&literal), whole));
        }
        let all_whole = alternatives.iter().all(|(_, whole)| *whole);
        let joined: Vec<String> = alternatives.into_iter().map(|(l, _)| l).collect();
        Some(if all_whole {
            format!("(?i:{}) - ", joined.join("|"))
        } else {
            format!("(?i:{})", joined.join("|"))
        })
    }
}

/// A pattern as an anchored regular expression: `*` any text, `?` one character, the rest
/// literal, ignoring case as Unicode folds it, `.` taking line breaks too.
fn anchored(pattern: &str) -> String {
    let body: String = pattern
        .chars()
        .map(|c| match c {
            '*' => ".*".to_owned(),
            '?' => ".".to_owned(),
            _ => regex::escape(c.encode_utf8(&mut [0; 4])),
        })
        .collect();
    format!("^(?is:{body})$")
}

/// Why a pattern cannot be used: said in its own terms, with no more of it than its start.
fn too_large(pattern: &str, error: &regex::Error) -> QueryError {
    let shown: String = pattern.chars().take(40).collect();
    let more = if shown.len() < pattern.len() {
        "…"
    } else {
        ""
    };
    QueryError::Glob {
        pattern: format!("{shown}{more}"),
        why: match error {
            regex::Error::CompiledTooBig(_) => format!(
                "it is too large to match ({} characters; each `?` counts for many)",
                pattern.chars().count()
            ),
            other => other.to_string(),
        },
    }
}

/// The literals one of which starts every match of any of `patterns`, as an alternation; none
/// when some pattern has no such set (it may match anywhere, or at the empty string), or a
/// literal a byte search could miss in the entry's bytes: one with a line end (`\r\n` reads as
/// `\n`) or `�` (which stands for bytes that are not UTF-8). An entry whose text a pattern
/// matches holds one of these literals, byte for byte.
fn grep_literals(patterns: &[Regex]) -> Option<String> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    if patterns.is_empty() {
        return None;
    }
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let mut alternatives = Vec::new();
    for pattern in patterns {
        let hir = regex_syntax::Parser::new().parse(pattern.as_str()).ok()?;
        let seq = extractor.extract(&hir);
        for literal in seq.literals()? {
            let text = std::str::from_utf8(literal.as_bytes()).ok()?;
            if text.is_empty() || text.contains(['\n', '\r', '\u{fffd}']) {
                return None;
            }
            alternatives.push(regex::escape(text));
        }
    }
    alternatives.sort();
    alternatives.dedup();
    Some(alternatives.join("|"))
}

/// Compiles regular expressions, any of which may match.
pub fn regexes(patterns: &[String]) -> Result<Vec<Regex>, QueryError> {
    patterns
        .iter()
        .map(|p| {
            Regex::new(p).map_err(|e| QueryError::Regex {
                pattern: p.clone(),
                why: e.to_string(),
            })
        })
        .collect()
}

/// Everything an entry must satisfy to be shown.
#[derive(Clone, Debug)]
pub struct Query {
    /// The zone of stamps without an offset.
    pub zone: Zone,
    /// The earliest instant, inclusive.
    pub since: Option<DateTime<Utc>>,
    /// The latest instant, inclusive.
    pub until: Option<DateTime<Utc>>,
    /// Instants between `since` and `until` that are out, both ends excluded: where both
    /// bounds are wall-clock times of the hour repeated when daylight saving ends (`--since
    /// 02:30 --until 02:31`), the minute of each pass is in and the time between them is not.
    pub hole: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// A window of the day, on every day.
    pub time_of_day: Option<TimeOfDay>,
    /// The days of the week.
    pub weekdays: Option<Weekdays>,
    /// The account.
    pub user: Matcher,
    /// The request.
    pub request: Matcher,
    /// The reason.
    pub reason: Matcher,
    /// The ticket link.
    pub ticket: Matcher,
    /// The controller named in the body.
    pub controller: Matcher,
    /// A workflow named in the body.
    pub workflow: Matcher,
    /// The categories; empty for any.
    pub categories: Vec<Category>,
    /// The JOC IDs; empty for any.
    pub ids: Vec<u64>,
    /// Only entries with a reason.
    pub has_reason: bool,
    /// Regular expressions, any of which must match the entry's text; empty for any.
    pub grep: Vec<Regex>,
    /// Objects the entry's action touched, as the objects log tells (see [`ObjectFilter`]).
    pub objects: Option<Arc<ObjectFilter>>,
}

impl Query {
    /// A query that every entry matches.
    pub fn all(zone: Zone) -> Query {
        Query {
            zone,
            since: None,
            until: None,
            hole: None,
            time_of_day: None,
            weekdays: None,
            user: Matcher::default(),
            request: Matcher::default(),
            reason: Matcher::default(),
            ticket: Matcher::default(),
            controller: Matcher::default(),
            workflow: Matcher::default(),
            categories: Vec::new(),
            ids: Vec::new(),
            has_reason: false,
            grep: Vec::new(),
            objects: None,
        }
    }

    fn grep_matches(&self, raw: &[u8]) -> bool {
        let text = entry_text(raw);
        self.grep.iter().any(|re| re.is_match(&text))
    }

    /// A regular expression that the bytes of every entry this query matches contain: the
    /// literal start of `--user`, ignoring case, after its marker; else the literals every
    /// match of `--grep` starts with; else the literal start of `--request` after its marker.
    /// A search can look for it and read only the entries around its matches. `None` when
    /// none of these gives one.
    pub fn prefilter(&self) -> Option<regex::bytes::Regex> {
        let needle = if let Some(user) = self.user.literal_starts() {
            format!("USER: {user}")
        } else if let Some(grep) = grep_literals(&self.grep) {
            grep
        } else {
            format!("REQUEST: {}", self.request.literal_starts()?)
        };
        regex::bytes::Regex::new(&needle).ok()
    }

    /// Whether a stamp lies in the time bounds: the instant its reader decided it stands for
    /// (see [`crate::time::Clock`]), when one did. Without, in the hour repeated when daylight
    /// saving ends a stamp without an offset can mean two instants, and it is in when either
    /// is.
    pub fn in_time(&self, created: Stamp, instant: Option<DateTime<Utc>>) -> bool {
        if self.since.is_some() || self.until.is_some() {
            let (earliest, latest) = match instant {
                Some(at) => (at, at),
                None => self.zone.instants(created),
            };
            if self.since.is_some_and(|since| latest < since)
                || self.until.is_some_and(|until| earliest > until)
                || self
                    .hole
                    .is_some_and(|(from, to)| from < earliest && latest < to)
            {
                return false;
            }
        }
        if self.time_of_day.is_some() || self.weekdays.is_some() {
            let wall = self.zone.wall_of(created);
            if self.time_of_day.is_some_and(|w| !w.contains(wall.time()))
                || self.weekdays.is_some_and(|w| !w.contains(wall.weekday()))
            {
                return false;
            }
        }
        true
    }

    /// Whether an entry matches; `raw` is the entry's bytes as read, for `--grep`.
    pub fn matches(&self, entry: &View<'_>, raw: &[u8]) -> bool {
        self.matches_at(entry, raw, None)
    }

    /// Whether an entry matches, its stamp standing for `instant` when its reader decided
    /// one (see [`Query::in_time`]).
    pub fn matches_at(&self, entry: &View<'_>, raw: &[u8], instant: Option<DateTime<Utc>>) -> bool {
        self.matches_head(entry.created, instant, entry.request, entry.id, entry.user)
            && self.matches_rest(entry, raw)
    }

    /// Whether a time bound lies near the hour repeated when daylight saving ends: then only
    /// the instants decided in file order tell which entries are in, and a reader must decide
    /// them even when it numbers no references.
    pub fn near_fold(&self) -> bool {
        [self.since, self.until]
            .into_iter()
            .flatten()
            .any(|t| self.zone.folds_near(t))
    }

    /// Whether the fields before the request body match: time (see [`Query::in_time`]),
    /// account, request, category and ID. An entry that fails here cannot match.
    pub fn matches_head(
        &self,
        created: Stamp,
        instant: Option<DateTime<Utc>>,
        request: &str,
        id: Option<u64>,
        user: &str,
    ) -> bool {
        self.in_time(created, instant)
            && self.user.matches(Some(user))
            && self.request.matches(Some(request))
            && (self.categories.is_empty()
                || self.categories.contains(&Category::of_request(request)))
            && (self.ids.is_empty() || id.is_some_and(|id| self.ids.contains(&id)))
            && self
                .objects
                .as_ref()
                .is_none_or(|f| f.said(id) != Some(false))
    }

    /// Whether the fields from the request body on match, for an entry whose head matched.
    pub fn matches_rest(&self, entry: &View<'_>, raw: &[u8]) -> bool {
        if !self.reason.matches(entry.comment.as_deref())
            || !self.ticket.matches(entry.ticket)
            || (self.has_reason && entry.comment.is_none())
            || (!self.grep.is_empty() && !self.grep_matches(raw))
        {
            return false;
        }
        // An entry the objects log says nothing of is judged by the workflows its body names.
        let by_body = self.objects.as_ref().filter(|f| f.said(entry.id).is_none());
        if self.controller.is_any() && self.workflow.is_any() && by_body.is_none() {
            return true;
        }
        let body = entry
            .params
            .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok());
        let controller = body.as_ref().and_then(controller_of);
        let workflows = body.as_ref().map(workflows_of).unwrap_or_default();
        self.controller.matches(controller.as_deref())
            && self
                .workflow
                .matches_any(workflows.iter().map(String::as_str))
            && by_body.is_none_or(|f| f.by_workflows(workflows.iter().map(String::as_str)))
    }
}

pub mod objects;

pub use objects::{ObjectFilter, ObjectQuery};

#[cfg(test)]
mod tests;
