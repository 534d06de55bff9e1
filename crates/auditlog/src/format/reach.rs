//! Where an entry whose reason holds line breaks ends, as its request body tells: JOC writes
//! a reason twice, raw after ` - COMMENT: ` and escaped in the body, so a line of the reason
//! that reads as an entry of its own is known for what it is.

use memchr::memmem;
use serde_json::Value;

use super::{COMMENT, TIMESPENT, json_len, parse_head};

/// How far an entry reaches, as its request body tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The entry ends at this offset (just past a line end, or the end of the data).
    Ends(usize),
    /// The data ends before the body's reason does: read more.
    More,
    /// The body says nothing of where the entry ends.
    Unknown,
}

/// How far an entry whose first line (`data[..first]`) has no tail reaches, by its request
/// body; its callers have looked for the tail already. JOC writes a reason raw after ` - COMMENT: `, line breaks and all, and again, escaped,
/// as the body's `auditLog.comment`. When the body holds a reason with a line break and the
/// lines after the first spell it out up to ` - TIMESPENT: `, those lines belong to the entry,
/// whatever they look like: a line among them that reads as an entry of another account is
/// part of this entry's reason, not an entry of its own.
pub fn body_reach(data: &[u8], first: usize, eof: bool) -> Reach {
    let line = &data[..first];
    // Only a body with an escaped line break can hold such a reason.
    if memmem::find(line, b"\\n").is_none() {
        return Reach::Unknown;
    }
    let Some(comment_at) = reason_start(line) else {
        return Reach::Unknown;
    };
    let Some(reason) = body_reason(&line[..comment_at]) else {
        return Reach::Unknown;
    };
    let tail_at = comment_at + reason.len();
    if data.len() < tail_at + TIMESPENT.len() {
        return if eof { Reach::Unknown } else { Reach::More };
    }
    if &data[comment_at..tail_at] != reason.as_bytes()
        || !data[tail_at..].starts_with(TIMESPENT.as_bytes())
    {
        return Reach::Unknown;
    }
    match memchr::memchr(b'\n', &data[tail_at..]) {
        Some(at) => Reach::Ends(tail_at + at + 1),
        None if eof => Reach::Ends(data.len()),
        None => Reach::More,
    }
}

/// Where the reason begins in an entry's first line: after a whole JSON body and its
/// ` - COMMENT: `.
fn reason_start(line: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(line).ok()?;
    let rest = parse_head(text).ok()?.rest;
    let len = json_len(rest.as_bytes())?;
    rest[len..]
        .starts_with(COMMENT)
        .then(|| text.len() - rest.len() + len + COMMENT.len())
}

/// The body's `auditLog.comment`, when it holds a line break; `head` ends with
/// ` - COMMENT: `, and the body is the JSON value just before it.
fn body_reason(head: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(head).ok()?.strip_suffix(COMMENT)?;
    let start = text.len() - parse_head(text).ok()?.rest.len();
    let body: Value = serde_json::from_str(&text[start..]).ok()?;
    let reason = body.get("auditLog")?.get("comment")?.as_str()?;
    reason.contains('\n').then(|| reason.to_owned())
}

/// Whether an entry's bytes leave its reason open: it is in the form JS7 writes (`T` in its
/// stamp, a ` - COMMENT: `), and its last line has no ` - TIMESPENT: … - TICKET: …` tail. Such
/// an entry was cut short, or its reason goes on in lines that were read as entries of their
/// own; a body that says which was read already (see [`body_reach`]).
pub fn left_open(entry: &[u8]) -> bool {
    let text = entry.strip_suffix(b"\n").unwrap_or(entry);
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    let last = &text[memchr::memrchr(b'\n', text).map_or(0, |i| i + 1)..];
    if last.ends_with(b" - TICKET: -") || super::has_tail(last) {
        return false;
    }
    let first = &text[..memchr::memchr(b'\n', text).unwrap_or(text.len())];
    // JS7 writes the `T` and always the tail. JobScheduler 1.x's files (a space in the stamp)
    // hold entries without the tail as a matter of course: theirs cannot be told apart.
    first.get(10) == Some(&b'T') && memmem::find(first, COMMENT.as_bytes()).is_some()
}
