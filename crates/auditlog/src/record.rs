//! Turning what a person or a script asks to record into an entry that is safe to write.
//!
//! Every check happens here, before anything touches a file: an entry that passes is exactly
//! one physical line when rendered, and reads back as exactly the entry that was built.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::entry::Entry;
use crate::format;
use crate::json::{escape_unsafe, safe_json};
use crate::safe::{is_unsafe_char, is_variation_selector};
use crate::scan::MAX_ENTRY_BYTES;
use crate::stamp::Stamp;

/// The longest reason JOC accepts, in characters.
pub const MAX_REASON_CHARS: usize = 2000;

/// The most time spent one entry may record: a year, in minutes.
pub const MAX_TIME_SPENT: u64 = 525_600;

/// The longest line an entry may take, its line end included: what the reader takes whole
/// (see [`MAX_ENTRY_BYTES`]), so that nothing written is ever skipped as too long.
pub const MAX_LINE_BYTES: usize = MAX_ENTRY_BYTES;

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
    /// The request body.
    pub params: Option<Body>,
    /// The reason.
    pub reason: Option<String>,
    /// Time spent in minutes.
    pub time_spent: Option<u64>,
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
    /// The request body is not JSON.
    #[error("the request body is not valid JSON: {0}")]
    ParamsJson(String),
    /// The request body names a key twice in one object.
    #[error("the request body names {0:?} twice in one object: give each key once")]
    ParamsDuplicateKey(String),
    /// The request body is not a JSON object.
    #[error("the request body must be a JSON object, not {0}")]
    ParamsNotObject(&'static str),
    /// The request body carries its own `auditLog`.
    #[error(
        "the request body has its own \"auditLog\": give the reason, time spent and ticket link with --reason, --time-spent and --ticket instead"
    )]
    ParamsAuditLog,
    /// The reason holds only white space, which the log would read as no reason.
    #[error("a reason of only white space reads as no reason: give one, or leave the reason out")]
    ReasonBlank,
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
    /// More time spent than an entry may record.
    #[error(
        "a time spent of {0} minutes is more than an entry may record: at most {MAX_TIME_SPENT} minutes (a year)"
    )]
    TimeSpent(u64),
    /// The entry would be longer than the reader takes whole.
    #[error(
        "the entry would take {0} bytes; at most {MAX_LINE_BYTES} are allowed, its line end included (the request body is the usual cause)"
    )]
    TooLong(usize),
    /// The entry would not read back as it was built; nothing that does not is written.
    #[error("the entry would not read back as it is written: {0}")]
    Unreadable(String),
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
        let time_spent = self.checked(rules)?;
        let audit = audit_of(self.reason.as_deref(), time_spent, self.ticket.as_deref());
        let params = match self.params {
            Some(body) => Some(body.with_audit_log(&audit)),
            None if audit == "{}" => None,
            None => Some(format!("{{\"auditLog\":{audit}}}")),
        };
        let entry = Entry {
            created: created.to_millis(),
            level: "INFO".into(),
            request: self.request,
            id: self.id,
            user: self.user,
            params,
            comment: self.reason,
            time_spent,
            ticket: self.ticket,
            origin: None,
        };
        let line = format::render(&entry);
        if line.len() + 1 > MAX_LINE_BYTES {
            return Err(Invalid::TooLong(line.len() + 1));
        }
        match format::parse(&line) {
            Ok(read) if read == entry => Ok(entry),
            Ok(read) => Err(Invalid::Unreadable(format!("{read:?}"))),
            Err(error) => Err(Invalid::Unreadable(error.to_string())),
        }
    }

    /// Checks every field as [`NewEntry::into_entry`] says; the time spent, in minutes.
    fn checked(&self, rules: &ReasonRules) -> Result<Option<u32>, Invalid> {
        if self.request.is_empty()
            || self
                .request
                .chars()
                .any(|c| c.is_whitespace() || is_unsafe_char(c))
        {
            return Err(Invalid::Request(self.request.clone()));
        }
        let marker_at = format!("{} - PARAMS: ", self.user).find(" - PARAMS: ");
        if self.user.is_empty()
            || self
                .user
                .chars()
                .any(|c| is_unsafe_char(c) || is_variation_selector(c))
            || marker_at != Some(self.user.len())
        {
            return Err(Invalid::User(self.user.clone()));
        }
        match &self.reason {
            Some(r) if r.trim().is_empty() && rules.required => {
                return Err(Invalid::ReasonRequired(rules.numbered()));
            }
            Some(r) if r.trim().is_empty() => return Err(Invalid::ReasonBlank),
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
        match self.time_spent {
            Some(minutes) if minutes > MAX_TIME_SPENT => Err(Invalid::TimeSpent(minutes)),
            Some(minutes) => Ok(Some(minutes as u32)),
            None => Ok(None),
        }
    }
}

/// The `auditLog` object JOC puts in a request body: the reason, time spent and ticket link
/// given, as compact JSON (`{}` when none is).
fn audit_of(reason: Option<&str>, time_spent: Option<u32>, ticket: Option<&str>) -> String {
    let mut audit = Map::new();
    if let Some(r) = reason {
        audit.insert("comment".into(), Value::from(r));
    }
    if let Some(minutes) = time_spent {
        audit.insert("timeSpent".into(), Value::from(minutes));
    }
    if let Some(ticket) = ticket {
        audit.insert("ticketLink".into(), Value::from(ticket));
    }
    safe_json(&Value::Object(audit))
}

/// A request body ready to be written: compact JSON exactly as it was given, apart from the
/// white space between its tokens, which goes, and unsafe characters in its strings (see
/// [`is_unsafe_char`]), which become `\uXXXX` escapes of themselves. Numbers keep their digits
/// (`1e2`, `-0`, `12345678901234567890123456789`), keys their order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body(String);

impl Body {
    /// Reads a request body: a JSON object that names no key twice in any object, and has no
    /// `auditLog` of its own (the entry's reason, time spent and ticket go there).
    pub fn parse(text: &str) -> Result<Body, Invalid> {
        let twice = RefCell::new(None);
        let mut de = serde_json::Deserializer::from_str(text);
        let read = de.deserialize_any(Keys(&twice)).and_then(|()| de.end());
        if let Some(key) = twice.into_inner() {
            return Err(Invalid::ParamsDuplicateKey(key));
        }
        read.map_err(|e| Invalid::ParamsJson(e.to_string()))?;
        let compact = compact(text);
        if !compact.starts_with('{') {
            let value: Value = serde_json::from_str(&compact).unwrap_or(Value::Null);
            return Err(Invalid::ParamsNotObject(json_kind(&value)));
        }
        let top: Map<String, Value> =
            serde_json::from_str(&compact).map_err(|e| Invalid::ParamsJson(e.to_string()))?;
        if top.contains_key("auditLog") {
            return Err(Invalid::ParamsAuditLog);
        }
        Ok(Body(compact))
    }

    /// A body this tool builds.
    pub fn of_map(map: &Map<String, Value>) -> Result<Body, Invalid> {
        Body::parse(&safe_json(map))
    }

    /// The body as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The body with `"auditLog":AUDIT` as its last key.
    fn with_audit_log(mut self, audit: &str) -> String {
        self.0.pop();
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push_str("\"auditLog\":");
        self.0.push_str(audit);
        self.0.push('}');
        self.0
    }
}

/// Visits a JSON value to its end; on an object that names a key twice it keeps the key and
/// fails.
#[derive(Clone, Copy)]
struct Keys<'a>(&'a RefCell<Option<String>>);

impl<'de> de::DeserializeSeed<'de> for Keys<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Keys<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(self)?;
            if !seen.insert(key.clone()) {
                *self.0.borrow_mut() = Some(key);
                return Err(de::Error::custom("a key named twice"));
            }
        }
        Ok(())
    }
}

/// Valid JSON without the white space between tokens, its strings copied as they are but for
/// unsafe characters, which are escaped.
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if is_unsafe_char(c) {
                escape_unsafe(c, &mut out);
                continue;
            }
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
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

#[cfg(test)]
mod tests;
