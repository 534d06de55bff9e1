//! Turning what a person or a script asks to record into an entry that is safe to write.
//!
//! Every check happens here, before anything touches a file: an entry that passes is exactly
//! one physical line when rendered, and reads back as exactly the entry that was built.

use serde_json::{Map, Value};

use crate::entry::Entry;
use crate::format::is_unsafe_char;
use crate::json::safe_json;
use crate::stamp::Stamp;

/// The longest reason JOC accepts, in characters.
pub const MAX_REASON_CHARS: usize = 2000;

/// JOC's predefined reasons, verbatim.
pub const DEFAULT_REASONS: [&str; 10] = [
    "System maintenance",
    "Repeat execution",
    "Business requirement",
    "Restart failed execution",
    "Re-instantiate stopped object",
    "Temporary stop",
    "Change of Controller object",
    "Rerun with parameter changes",
    "Change of external dependency",
    "Application deployment and upgrade",
];

/// What to record, as given.
#[derive(Clone, Debug, Default)]
pub struct NewEntry {
    /// The web-service path, such as `./orders/add`.
    pub request: String,
    /// The account.
    pub user: String,
    /// The request body: a JSON object.
    pub params: Option<Value>,
    /// The reason.
    pub reason: Option<String>,
    /// Time spent in minutes.
    pub time_spent: Option<u32>,
    /// The ticket link.
    pub ticket: Option<String>,
    /// The database id.
    pub id: Option<u64>,
}

/// Why an entry cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    /// The request is empty or holds white space or control characters.
    #[error(
        "invalid request {0:?}: it must be a web-service path such as ./orders/add, with no spaces or control characters"
    )]
    Request(String),
    /// The account is empty, holds control characters, or holds the PARAMS marker.
    #[error(
        "invalid account {0:?}: it must not be empty, hold control characters or ' - PARAMS: '"
    )]
    User(String),
    /// The request body is not a JSON object.
    #[error("the request body must be a JSON object, not {0}")]
    ParamsNotObject(&'static str),
    /// The request body carries its own `auditLog`.
    #[error(
        "the request body has its own \"auditLog\": give the reason, time spent and ticket link with --reason, --time-spent and --ticket instead"
    )]
    ParamsAuditLog,
    /// The reason is `-`, which the log reads as no reason.
    #[error("a reason of '-' reads as no reason: leave the reason out instead")]
    ReasonDash,
    /// The reason is too long.
    #[error("the reason has {0} characters; at most {MAX_REASON_CHARS} are allowed")]
    ReasonTooLong(usize),
    /// A reason is required and none was given.
    #[error(
        "a reason is required (force_comments_for_audit_log is on); give --reason TEXT or --reason-number N:\n{0}"
    )]
    ReasonRequired(String),
    /// The ticket link is not an http(s) URL.
    #[error("invalid ticket link {0:?}: it must be an http:// or https:// URL with no spaces")]
    Ticket(String),
}

/// How reasons are handled: JOC's `force_comments_for_audit_log` and the predefined list.
#[derive(Clone, Debug)]
pub struct ReasonRules {
    /// Whether every entry needs a reason.
    pub required: bool,
    /// The predefined reasons, numbered from 1.
    pub predefined: Vec<String>,
}

impl Default for ReasonRules {
    fn default() -> ReasonRules {
        ReasonRules {
            required: false,
            predefined: DEFAULT_REASONS.iter().map(|r| r.to_string()).collect(),
        }
    }
}

impl ReasonRules {
    /// The predefined reasons as a numbered list, one a line.
    pub fn numbered(&self) -> String {
        self.predefined
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{:>3}. {r}\n", i + 1))
            .collect()
    }
}

impl NewEntry {
    /// Checks everything and builds the entry to write, created at `created`.
    ///
    /// The body gets an `auditLog` object with `comment`, `timeSpent` and `ticketLink` as JOC
    /// writes it; with no body and none of those, PARAMS is `-`.
    pub fn into_entry(self, created: Stamp, rules: &ReasonRules) -> Result<Entry, Invalid> {
        if self.request.is_empty()
            || self
                .request
                .chars()
                .any(|c| c.is_whitespace() || is_unsafe_char(c))
        {
            return Err(Invalid::Request(self.request));
        }
        let marker_at = format!("{} - PARAMS: ", self.user).find(" - PARAMS: ");
        if self.user.is_empty()
            || self.user.chars().any(is_unsafe_char)
            || marker_at != Some(self.user.len())
        {
            return Err(Invalid::User(self.user));
        }
        let reason = self.reason.filter(|r| !r.trim().is_empty());
        match &reason {
            Some(r) if r == "-" => return Err(Invalid::ReasonDash),
            Some(r) if r.chars().count() > MAX_REASON_CHARS => {
                return Err(Invalid::ReasonTooLong(r.chars().count()));
            }
            None if rules.required => return Err(Invalid::ReasonRequired(rules.numbered())),
            _ => {}
        }
        if let Some(ticket) = &self.ticket
            && !is_ticket_link(ticket)
        {
            return Err(Invalid::Ticket(ticket.clone()));
        }

        let mut audit = Map::new();
        if let Some(r) = &reason {
            audit.insert("comment".into(), Value::from(r.as_str()));
        }
        if let Some(minutes) = self.time_spent {
            audit.insert("timeSpent".into(), Value::from(minutes));
        }
        if let Some(ticket) = &self.ticket {
            audit.insert("ticketLink".into(), Value::from(ticket.as_str()));
        }
        let body = match self.params {
            Some(Value::Object(mut body)) => {
                if body.contains_key("auditLog") {
                    return Err(Invalid::ParamsAuditLog);
                }
                body.insert("auditLog".into(), Value::Object(audit));
                Some(body)
            }
            Some(other) => return Err(Invalid::ParamsNotObject(json_kind(&other))),
            None if audit.is_empty() => None,
            None => Some(Map::from_iter([("auditLog".into(), Value::Object(audit))])),
        };
        Ok(Entry {
            created: created.to_millis(),
            level: "INFO".into(),
            request: self.request,
            id: self.id,
            user: self.user,
            params: body.map(|b| compact_json(&Value::Object(b))),
            comment: reason,
            time_spent: self.time_spent,
            ticket: self.ticket,
            origin: None,
        })
    }
}

/// Whether a text is an `http://` or `https://` link with something after the scheme and no
/// white space or control characters.
pub fn is_ticket_link(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty() && !text.chars().any(|c| c.is_whitespace() || is_unsafe_char(c))
    })
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Compact JSON in which every unsafe character is a `\uXXXX` escape (see [`safe_json`]).
pub fn compact_json(value: &Value) -> String {
    safe_json(value)
}

#[cfg(test)]
mod tests;
