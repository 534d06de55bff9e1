//! The fields of a line and its row, compared as JOC writes each (sos-components
//! `JocAuditLog`): the same account, request, reason, time spent and ticket; the controller the
//! row names apart from the body; and the body, which the row keeps only to 4,093 characters
//! and `...`.

use std::fmt;

use chrono::{DateTime, Duration, Utc};

use super::Stored;
use crate::entry::Entry;
use crate::objects::Touched;

/// A field of an entry that the file and the database both hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The stamp against `CREATED`, apart by more than the clock difference allowed.
    Time,
    /// `USER` against `ACCOUNT`.
    Account,
    /// `REQUEST`.
    Request,
    /// `COMMENT`.
    Reason,
    /// `TIMESPENT` against `TIME_SPENT`.
    TimeSpent,
    /// `TICKET` against `TICKET_LINK`.
    Ticket,
    /// The controller the body names against `CONTROLLER_ID`.
    Controller,
    /// `PARAMS` against `PARAMETERS`.
    Body,
    /// The objects log's line against the rows of `JOC_AUDIT_LOG_DETAILS`.
    Objects,
}

impl Field {
    /// The field's name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Field::Time => "time",
            Field::Account => "account",
            Field::Request => "request",
            Field::Reason => "reason",
            Field::TimeSpent => "time spent",
            Field::Ticket => "ticket",
            Field::Controller => "controller",
            Field::Body => "body",
            Field::Objects => "objects",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One field that differs: what the file says and what the database says (`None` for none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The field.
    pub field: Field,
    /// The file's value.
    pub file: Option<String>,
    /// The database's value.
    pub database: Option<String>,
}

/// How many UTF-16 code units of a body JOC keeps before `...` when it cuts one, and the
/// length past which it cuts.
const KEPT: usize = 4093;
const CUT_PAST: usize = 4096;

/// The fields in which `entry`, stamped for `instant`, and `row` differ; none when they agree.
pub fn differences(
    entry: &Entry,
    instant: DateTime<Utc>,
    row: &Stored,
    skew: Duration,
) -> Vec<Difference> {
    let mut found = Vec::new();
    let mut differ = |field, file: Option<&str>, database: Option<&str>| {
        found.push(Difference {
            field,
            file: file.map(str::to_owned),
            database: database.map(str::to_owned),
        });
    };
    if (instant - row.created).abs() > skew {
        let shown = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        differ(
            Field::Time,
            Some(&shown(instant)),
            Some(&shown(row.created)),
        );
    }
    if entry.user != row.account {
        differ(Field::Account, Some(&entry.user), Some(&row.account));
    }
    if entry.request != row.request {
        differ(Field::Request, Some(&entry.request), Some(&row.request));
    }
    let (file, database) = (text(entry.comment.as_deref()), text(row.comment.as_deref()));
    if file != database {
        differ(Field::Reason, file.as_deref(), database.as_deref());
    }
    if entry.time_spent.map(i64::from) != row.time_spent {
        let minutes = |m: Option<i64>| m.map(|m| m.to_string());
        differ(
            Field::TimeSpent,
            minutes(entry.time_spent.map(i64::from)).as_deref(),
            minutes(row.time_spent).as_deref(),
        );
    }
    let (file, database) = (text(entry.ticket.as_deref()), text(row.ticket.as_deref()));
    if file != database {
        differ(Field::Ticket, file.as_deref(), database.as_deref());
    }
    // JOC passes the controller to the row apart from the body, and not on every request:
    // only two that both name one can differ.
    let database = row
        .controller
        .as_deref()
        .filter(|c| !c.is_empty() && *c != "-");
    if let (Some(file), Some(database)) = (entry.controller(), database)
        && file != database
    {
        differ(Field::Controller, Some(&file), Some(database));
    }
    let (file, database) = (
        entry
            .params
            .as_deref()
            .filter(|p| !p.is_empty() && *p != "-"),
        row.params.as_deref().filter(|p| !p.is_empty()),
    );
    let same = match (file, database) {
        (Some(file), Some(database)) => file == database || cut_from(database, file),
        (file, database) => file == database,
    };
    if !same {
        differ(Field::Body, file, database);
    }
    found
}

/// The objects, when the objects log's and the details' differ: each side's, sorted, as
/// `kind name` joined by `; ` (the order of either side means nothing).
pub(super) fn objects(file: &[Touched], database: &[Touched]) -> Option<Difference> {
    let shown = |objects: &[Touched]| {
        let mut labels: Vec<String> = objects.iter().map(Touched::to_string).collect();
        labels.sort();
        labels.dedup();
        labels.join("; ")
    };
    let (file, database) = (shown(file), shown(database));
    (file != database).then_some(Difference {
        field: Field::Objects,
        file: Some(file),
        database: Some(database),
    })
}

/// A row of `JOC_AUDIT_LOG_DETAILS` as the objects log writes it (sos-components
/// `JocAuditObjectsLog.toLogString`): an order by its ID with its workflow (`NAME`), any other
/// object by its type's name in lower case and its `NAME`; a folder, an unknown type or a row
/// without a name is not written, and `None` here.
pub fn detail_object(kind: i64, name: Option<&str>, order_id: Option<&str>) -> Option<Touched> {
    // JOC's `ObjectType` (sos-components `com.sos.joc.model.audit.ObjectType`).
    let kind = match kind {
        1 => "workflow",
        2 => "jobclass",
        4 => "lock",
        60 => "workingdayscalendar",
        61 => "nonworkingdayscalendar",
        7 => "schedule",
        8 => "jobtemplate",
        9 => "fileordersource",
        10 => "jobresource",
        11 => "noticeboard",
        12 => "includescript",
        15 => "report",
        20 => "documentation",
        99 => "order",
        _ => return None,
    };
    let name = name?;
    Some(match kind {
        // JOC writes an order's ID as `null` when the row has none.
        "order" => Touched {
            kind: kind.to_owned(),
            name: order_id.unwrap_or("null").to_owned(),
            workflow: Some(name.to_owned()),
        },
        _ => Touched {
            kind: kind.to_owned(),
            name: name.to_owned(),
            workflow: None,
        },
    })
}

/// A reason or ticket as both sides mean it: none for nothing, `-`, or an empty text; line
/// ends as `\n`.
fn text(value: Option<&str>) -> Option<String> {
    value
        .filter(|v| !v.is_empty() && *v != "-")
        .map(|v| v.replace("\r\n", "\n"))
}

/// Whether `database` is `file` as JOC cuts a body for its column: the first 4,093 UTF-16
/// code units and `...`, of a body of more than 4,096. Where the cut fell inside a surrogate
/// pair, the column holds whatever the driver made of the half: only the units before it
/// count.
fn cut_from(database: &str, file: &str) -> bool {
    let Some(kept) = database.strip_suffix("...") else {
        return false;
    };
    if database.encode_utf16().count() != CUT_PAST || file.encode_utf16().count() <= CUT_PAST {
        return false;
    }
    let kept: Vec<u16> = kept.encode_utf16().collect();
    let prefix: Vec<u16> = file.encode_utf16().take(KEPT).collect();
    kept == prefix
        || (char::decode_utf16([prefix[KEPT - 1]]).all(|c| c.is_err())
            && kept[..KEPT - 1] == prefix[..KEPT - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_cut_as_joc_cuts_it_is_the_same_body() {
        let body = format!("{{\"a\":\"{}\"}}", "x".repeat(5000));
        let cut: String = format!("{}...", &body[..KEPT]);
        assert!(cut_from(&cut, &body));
        // Cut one character short, or from another body, it is not.
        assert!(!cut_from(&format!("{}...", &body[..KEPT - 1]), &body));
        let other = body.replace("{\"a\"", "{\"b\"");
        assert!(!cut_from(&cut, &other));
        // A body of 4,096 or fewer is never cut.
        let short = "y".repeat(CUT_PAST);
        assert!(!cut_from(&format!("{}...", &short[..KEPT]), &short));
    }

    #[test]
    fn a_detail_row_reads_as_the_objects_log_writes_it() {
        let touched = |k, n: &str, w: Option<&str>| Touched {
            kind: k,
            name: n.to_owned(),
            workflow: w.map(str::to_owned),
        };
        assert_eq!(
            detail_object(1, Some("close"), None),
            Some(touched("workflow".into(), "close", None))
        );
        assert_eq!(
            detail_object(99, Some("close"), Some("#T1")),
            Some(touched("order".into(), "#T1", Some("close")))
        );
        assert_eq!(
            detail_object(99, Some("close"), None),
            Some(touched("order".into(), "null", Some("close")))
        );
        assert_eq!(
            detail_object(61, Some("Holidays"), None),
            Some(touched("nonworkingdayscalendar".into(), "Holidays", None))
        );
        // A folder, an unknown type and a row without a name are not written.
        assert_eq!(detail_object(0, Some("/a"), None), None);
        assert_eq!(detail_object(3, Some("x"), None), None);
        assert_eq!(detail_object(1, None, None), None);
        // Either side's order means nothing; a difference shows both sorted.
        let a = [
            touched("workflow".into(), "b", None),
            touched("lock".into(), "a", None),
        ];
        let b = [
            touched("lock".into(), "a", None),
            touched("workflow".into(), "b", None),
        ];
        assert_eq!(objects(&a, &b), None);
        assert_eq!(
            objects(&a, &b[..1]),
            Some(Difference {
                field: Field::Objects,
                file: Some("lock a; workflow b".to_owned()),
                database: Some("lock a".to_owned()),
            })
        );
    }

    #[test]
    fn a_cut_inside_a_surrogate_pair_compares_the_units_before_it() {
        // 4,092 units, then an emoji (two units) astride the cut.
        let body = format!("{}😀{}", "z".repeat(KEPT - 1), "z".repeat(100));
        let kept: String = format!("{}\u{fffd}...", "z".repeat(KEPT - 1));
        assert!(cut_from(&kept, &body));
        let wrong = format!("{}\u{fffd}...", "q".repeat(KEPT - 1));
        assert!(!cut_from(&wrong, &body));
    }
}
