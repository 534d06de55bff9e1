//! The line layout of JOC's audit.log: reading one entry and writing one entry.
//!
//! This is the only place that knows the layout. Reading follows the rules of real files
//! (cut request bodies, reasons with line breaks and look-alike markers, JS1 lines); writing
//! produces exactly one physical line, whatever the fields hold.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::LazyLock;

use memchr::memmem;
use serde_json::Value;

use crate::entry::Entry;
use crate::safe::{is_escape_mark, one_line};
use crate::stamp::Stamp;

pub use reach::{Reach, body_reach, left_open};

const REQUEST: &str = "REQUEST: ";
const ID: &str = "ID: ";
const USER: &str = "USER: ";
const PARAMS: &str = " - PARAMS: ";
const COMMENT: &str = " - COMMENT: ";
const TIMESPENT: &str = " - TIMESPENT: ";
const TICKET: &str = " - TICKET: ";
const SEP: &str = " - ";

/// Searchers for the markers, built once.
static TICKET_BACK: LazyLock<memmem::FinderRev<'static>> =
    LazyLock::new(|| memmem::FinderRev::new(TICKET.as_bytes()));
static TIMESPENT_BACK: LazyLock<memmem::FinderRev<'static>> =
    LazyLock::new(|| memmem::FinderRev::new(TIMESPENT.as_bytes()));
static PARAMS_AHEAD: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(PARAMS.as_bytes()));
static COMMENT_AHEAD: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(COMMENT.as_bytes()));
static CUT_AHEAD: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(b"... - COMMENT: "));

/// Why a physical line, or a run of them, is not an entry.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The text does not begin with a readable stamp.
    #[error("no valid timestamp at the start of the line")]
    Stamp,
    /// No level word and `REQUEST: ` after the stamp.
    #[error("no level and 'REQUEST: ' after the timestamp")]
    Request,
    /// The ` - ID: ` part is not a number.
    #[error("the ID is not a number")]
    Id,
    /// No `USER: ` after the request.
    #[error("no ' - USER: ' after the request")]
    User,
    /// No ` - PARAMS: ` after the account.
    #[error("no ' - PARAMS: ' after the account")]
    Params,
    /// No ` - COMMENT: ` after the request body.
    #[error("no ' - COMMENT: ' after the request body")]
    Comment,
    /// A message the audit logger wrote at another level than INFO (JOC's "Cannot write to
    /// audit log file", with its Java stack trace): not an entry.
    #[error("a message JOC's audit logger wrote at level {0}, not an entry")]
    Logged(String),
    /// TIMESPENT holds something other than minutes.
    #[error("TIMESPENT is not a number of minutes: {0:?}")]
    TimeSpent(String),
}

/// An entry read without copying: its fields borrow the entry's text. Filters run on views,
/// so only the entries that are shown are ever copied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View<'a> {
    /// When the request was made.
    pub created: Stamp,
    /// The level word.
    pub level: &'a str,
    /// The web-service path.
    pub request: &'a str,
    /// JS7's database id.
    pub id: Option<u64>,
    /// The account.
    pub user: &'a str,
    /// The request body as written; `None` for `-`.
    pub params: Option<&'a str>,
    /// The reason; owned only when it had to be recovered from the body.
    pub comment: Option<Cow<'a, str>>,
    /// Time spent in whole minutes.
    pub time_spent: Option<u32>,
    /// The ticket link.
    pub ticket: Option<&'a str>,
}

impl View<'_> {
    /// The entry this view shows, owning its fields.
    pub fn to_entry(&self) -> Entry {
        Entry {
            created: self.created,
            level: self.level.to_owned(),
            request: self.request.to_owned(),
            id: self.id,
            user: self.user.to_owned(),
            params: self.params.map(str::to_owned),
            comment: self.comment.as_deref().map(str::to_owned),
            time_spent: self.time_spent,
            ticket: self.ticket.map(str::to_owned),
            origin: None,
        }
    }
}

impl Entry {
    /// The entry as a view, for the functions that take one.
    pub fn view(&self) -> View<'_> {
        View {
            created: self.created,
            level: &self.level,
            request: &self.request,
            id: self.id,
            user: &self.user,
            params: self.params.as_deref(),
            comment: self.comment.as_deref().map(Cow::Borrowed),
            time_spent: self.time_spent,
            ticket: self.ticket.as_deref(),
        }
    }
}

/// Reads one entry from its text: the physical lines of the entry joined by `\n`, without the
/// final line end.
pub fn parse(text: &str) -> Result<Entry, ParseError> {
    parse_view(text).map(|view| view.to_entry())
}

/// Reads one entry from its text without copying it; see [`parse`].
pub fn parse_view(text: &str) -> Result<View<'_>, ParseError> {
    parse_head(text)?.finish()
}

/// The fields before the request body, read on their own: a search reads these first and
/// the rest only for the entries they let through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head<'a> {
    /// When the request was made.
    pub created: Stamp,
    /// The level word.
    pub level: &'a str,
    /// The web-service path.
    pub request: &'a str,
    /// JS7's database id.
    pub id: Option<u64>,
    /// The account.
    pub user: &'a str,
    rest: &'a str,
    /// Whether it is one of JobScheduler 1.x's first forms, which may stop after the body.
    early: bool,
}

/// Where the text of an entry's head ends: just after its first ` - PARAMS: `.
pub fn params_marker(bytes: &[u8]) -> Option<usize> {
    PARAMS_AHEAD.find(bytes).map(|at| at + PARAMS.len())
}

/// Reads the fields of an entry up to its account.
pub fn parse_head(text: &str) -> Result<Head<'_>, ParseError> {
    let (created, len) = Stamp::parse_prefix(text.as_bytes()).ok_or(ParseError::Stamp)?;
    let rest = &text[len..];
    let after_level = rest.trim_start_matches(' ');
    if after_level.len() == rest.len() {
        return Err(ParseError::Request);
    }
    let level_len = memchr::memchr(b' ', after_level.as_bytes()).ok_or(ParseError::Request)?;
    let level = &after_level[..level_len];
    let rest = after_level[level_len..].trim_start_matches(' ');
    if let Some(head) = early::head(rest) {
        let (user, request, rest) = head?;
        return Ok(Head {
            created,
            level,
            request,
            id: None,
            user,
            rest,
            early: true,
        });
    }
    let Some(rest) = rest.strip_prefix(REQUEST) else {
        return Err(match level {
            "INFO" => ParseError::Request,
            _ => ParseError::Logged(
                one_line(&level.chars().take(16).collect::<String>()).into_owned(),
            ),
        });
    };

    // The request holds no spaces, so the first space starts the separator after it.
    let space = memchr::memchr(b' ', rest.as_bytes()).ok_or(ParseError::User)?;
    let (request, rest) = (&rest[..space], &rest[space..]);
    let rest = rest.strip_prefix(SEP).ok_or(ParseError::User)?;
    if request.is_empty() {
        return Err(ParseError::Request);
    }
    let (id, rest) = match rest.strip_prefix(ID) {
        Some(rest) => {
            let (id, rest) = rest.split_once(SEP).ok_or(ParseError::User)?;
            (Some(id.parse().map_err(|_| ParseError::Id)?), rest)
        }
        None => (None, rest),
    };
    let rest = rest.strip_prefix(USER).ok_or(ParseError::User)?;
    let at = PARAMS_AHEAD
        .find(rest.as_bytes())
        .ok_or(ParseError::Params)?;
    Ok(Head {
        created,
        level,
        request,
        id,
        user: &rest[..at],
        rest: &rest[at + PARAMS.len()..],
        early: false,
    })
}

impl<'a> Head<'a> {
    /// The same head, with the text after its ` - PARAMS: ` in `rest`: for a head read from
    /// the first part of an entry's bytes, the rest read from the part after it.
    pub fn with_rest(self, rest: &'a str) -> Head<'a> {
        Head { rest, ..self }
    }

    /// Reads the rest of the entry: request body, reason, time spent and ticket link.
    pub fn finish(self) -> Result<View<'a>, ParseError> {
        let rest = self.rest;
        // JobScheduler 1.x's first forms stop after the body.
        if let Some(params) = self.early.then(|| early::body_alone(rest)).flatten() {
            return Ok(View {
                created: self.created,
                level: self.level,
                request: self.request,
                id: self.id,
                user: self.user,
                params: dash_is_none(params),
                comment: None,
                time_spent: None,
                ticket: None,
            });
        }
        let params_len = params_len(rest).ok_or(ParseError::Comment)?;
        let params = &rest[..params_len];
        let rest = &rest[params_len + COMMENT.len()..];

        let (comment, time_spent, ticket) = match split_tail(rest) {
            Some((comment, time_spent, ticket)) => (
                reason(comment),
                parse_time_spent(time_spent)?,
                dash_is_none(ticket),
            ),
            // A JS1 line: it stops after COMMENT and wrote `null` for no reason.
            None => (reason(rest).filter(|c| *c != "null"), None, None),
        };
        let params = dash_is_none(params);
        let comment = comment.map(|c| exact_comment(c, params));
        Ok(View {
            created: self.created,
            level: self.level,
            request: self.request,
            id: self.id,
            user: self.user,
            params,
            comment,
            time_spent,
            ticket,
        })
    }
}

/// The length of PARAMS in `rest`, which starts right after `PARAMS: `: the JSON value when it
/// reads as one and is followed by ` - COMMENT: `. Otherwise the body was cut by JOC (to 4093
/// characters and `...`) or is not JSON: it ends at the first ` - COMMENT: ` that follows a
/// `...`, else at the first ` - COMMENT: `.
fn params_len(rest: &str) -> Option<usize> {
    if rest.starts_with("- - COMMENT: ") {
        return Some(1);
    }
    if let Some(len) = json_len(rest.as_bytes())
        && rest[len..].starts_with(COMMENT)
    {
        return Some(len);
    }
    match CUT_AHEAD.find(rest.as_bytes()) {
        Some(at) => Some(at + 3),
        None => COMMENT_AHEAD.find(rest.as_bytes()),
    }
}

/// The length of the JSON object or array at the start of `text`, found by following strings
/// and nesting without building the value: outside strings only quotes and the outer kind of
/// bracket matter, inside them only quotes and backslashes. `None` when it is cut, or a line
/// ends first.
fn json_len(text: &[u8]) -> Option<usize> {
    let (open, close) = match text.first() {
        Some(b'{') => (b'{', b'}'),
        Some(b'[') => (b'[', b']'),
        _ => return None,
    };
    let mut depth = 0usize;
    let mut i = 0;
    let end = memchr::memchr(b'\n', text).unwrap_or(text.len());
    let text = &text[..end];
    while i < text.len() {
        match text[i] {
            b'"' => {
                // To the closing quote: the next quote not escaped by a backslash.
                i += 1;
                loop {
                    i += memchr::memchr2(b'"', b'\\', text.get(i..)?)?;
                    if text[i] == b'"' {
                        break;
                    }
                    i += 2;
                }
            }
            b if b == open => depth += 1,
            b if b == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Splits what follows `COMMENT: ` into reason, time spent and ticket, reading the markers from
/// the right: the last ` - TICKET: ` and the last ` - TIMESPENT: ` before it. `None` when the
/// text has no such tail (a JS1 line, or a reason that goes on on the next line).
fn split_tail(rest: &str) -> Option<(&str, &str, &str)> {
    let ticket_at = TICKET_BACK.rfind(rest.as_bytes())?;
    let time_at = TIMESPENT_BACK.rfind(&rest.as_bytes()[..ticket_at])?;
    Some((
        &rest[..time_at],
        &rest[time_at + TIMESPENT.len()..ticket_at],
        &rest[ticket_at + TICKET.len()..],
    ))
}

/// Whether a physical line holds the tail that closes an entry: a ` - TICKET: ` with a
/// ` - TIMESPENT: ` before it.
pub fn has_tail(line: &[u8]) -> bool {
    TICKET_BACK
        .rfind(line)
        .is_some_and(|at| TIMESPENT_BACK.rfind(&line[..at]).is_some())
}

fn dash_is_none(value: &str) -> Option<&str> {
    (value != "-").then_some(value)
}

/// A reason: `-` and nothing at all (JOC's logout writes `COMMENT:  - TIMESPENT`, JS1 a
/// trailing space) both mean none.
fn reason(value: &str) -> Option<&str> {
    dash_is_none(value).filter(|r| !r.is_empty())
}

fn parse_time_spent(text: &str) -> Result<Option<u32>, ParseError> {
    if text == "-" {
        return Ok(None);
    }
    let digits = text.strip_suffix('m').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseError::TimeSpent(text.to_owned()));
    }
    digits
        .parse()
        .map(Some)
        .map_err(|_| ParseError::TimeSpent(text.to_owned()))
}

/// The reason as it was given. This tool writes a reason on one line (see [`one_line`]) and
/// keeps the exact text in the body's `auditLog.comment`; when the line shows exactly that
/// text made safe, the exact text is the reason. JOC's own lines, written raw, read as they are.
fn exact_comment<'a>(shown: &'a str, params: Option<&str>) -> Cow<'a, str> {
    if shown.chars().any(is_escape_mark)
        && let Some(Value::String(exact)) = params
            .and_then(|p| serde_json::from_str::<Value>(p).ok())
            .and_then(|mut body| {
                body.get_mut("auditLog")?
                    .get_mut("comment")
                    .map(Value::take)
            })
        && one_line(&exact) == shown
    {
        return Cow::Owned(exact);
    }
    Cow::Borrowed(shown)
}

/// Writes an entry in JOC's layout, without a line end.
///
/// The reason goes through [`one_line`]; the other fields are written as they are, so an entry
/// must be validated (see [`crate::record`]) before it is written to a log.
pub fn render(entry: &Entry) -> String {
    let mut line = String::with_capacity(128 + entry.params.as_ref().map_or(0, String::len));
    let _ = write!(
        line,
        "{} {:<5} {REQUEST}{}",
        entry.created, entry.level, entry.request
    );
    if let Some(id) = entry.id {
        let _ = write!(line, "{SEP}{ID}{id}");
    }
    let dash = |value: Option<&str>| value.unwrap_or("-").to_owned();
    let comment = entry.comment.as_deref().map(one_line);
    let _ = write!(
        line,
        "{SEP}{USER}{}{PARAMS}{}{COMMENT}{}{TIMESPENT}{}{TICKET}{}",
        entry.user,
        dash(entry.params.as_deref()),
        dash(comment.as_deref()),
        entry
            .time_spent
            .map_or_else(|| "-".to_owned(), |m| format!("{m}m")),
        dash(entry.ticket.as_deref()),
    );
    line
}

/// Decodes the bytes of one entry as read from a file: invalid UTF-8 becomes `�`, `\r\n`
/// becomes `\n`, and the final line end goes.
pub fn entry_text(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    if memchr::memchr(b'\r', text.as_bytes()).is_some() && text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        text
    }
}

mod early;
mod reach;
#[cfg(test)]
mod tests;
