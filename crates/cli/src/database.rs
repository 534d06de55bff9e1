//! The database's copy of the audit record: JOC's `JOC_AUDIT_LOG` table in PostgreSQL or
//! MySQL/MariaDB, read page by page in the order of its IDs, on a thread of its own, and only
//! read: the session is read-only, and only SELECT is ever sent.
//!
//! The table and its columns are found in the database's catalog without regard to case, as
//! installs quote and fold JOC's names (`[ID]` in its entities) differently. The URL never
//! holds the password (see [`password`]).

mod mysql;
mod password;
mod postgres;
mod sql;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use anyhow::{Context as _, Result, bail};
use std::collections::HashMap;

use auditlog::objects::Touched;
use auditlog::reconcile::{Stored, detail_object};
use chrono::{DateTime, NaiveDateTime, Utc};

/// How many rows one page holds.
pub const PAGE: usize = 10_000;

/// The table JOC writes its audit record to, and its sister table of the objects each entry
/// touched (sos-components `DBLayer`).
pub const TABLE: &str = "JOC_AUDIT_LOG";
pub const DETAILS: &str = "JOC_AUDIT_LOG_DETAILS";

/// A page's rows, each row's fields as text (`None` for NULL), and the details of those rows:
/// `AUDITLOG_ID`, `TYPE`, `NAME`, `ORDER_ID`.
pub type RowPage = (Vec<[Option<String>; 9]>, Vec<[Option<String>; 4]>);

/// A connection that hands out the table's rows, a page at a time.
pub trait RowSource: Send {
    /// The rows whose ID is greater than `after`, at most [`PAGE`], by ID, with their details
    /// when they are read.
    fn page(&mut self, after: i64) -> Result<RowPage>;
    /// The oldest `CREATED` in the table, as text.
    fn oldest(&mut self) -> Result<Option<String>>;
    /// The table's name as the catalog has it.
    fn table(&self) -> &str;
    /// Whether the pages hold the rows' details.
    fn details(&self) -> bool;
}

/// A database the audit record is read from.
pub struct Database {
    source: Box<dyn RowSource>,
}

impl Database {
    /// Connects to the database of `url` (`postgres://`, `postgresql://`, `mysql://` or
    /// `mariadb://`), with the password from `password_file`, the driver's environment
    /// variable or `~/.pgpass`; finds the table.
    /// With `details`, each row's objects are read from [`DETAILS`] too, where it is there.
    pub fn connect(url: &str, password_file: Option<&Path>, details: bool) -> Result<Database> {
        password::refuse_in_url(url)?;
        let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
        // The scheme in any case, as URLs have it.
        let url = &format!("{}://{rest}", scheme.to_ascii_lowercase());
        let source: Box<dyn RowSource> = match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Box::new(postgres::connect(url, password_file, details)?),
            "mysql" | "mariadb" => Box::new(mysql::connect(url, password_file, details)?),
            _ => bail!(
                "--db takes a URL of PostgreSQL (postgresql://USER@HOST:PORT/DATABASE) or \
                 MySQL/MariaDB (mysql://USER@HOST:PORT/DATABASE)"
            ),
        };
        Ok(Database { source })
    }

    /// The table's name as the catalog has it.
    pub fn table(&self) -> &str {
        self.source.table()
    }

    /// Whether the rows come with their objects: [`DETAILS`] was asked for and is there.
    pub fn details(&self) -> bool {
        self.source.details()
    }

    /// The oldest `CREATED` in the table.
    pub fn oldest(&mut self) -> Result<Option<DateTime<Utc>>> {
        self.source.oldest()?.map(|t| created(&t)).transpose()
    }

    /// Every row, by ID, read a page ahead on a thread of its own. Rows without `CREATED` or
    /// with a negative ID cannot be placed: they are counted in `unplaced`, not handed out.
    pub fn rows(self, unplaced: Arc<AtomicU64>) -> impl Iterator<Item = Result<Stored>> {
        // One page is read while the one before is compared: no more in memory.
        let (tx, rx) = mpsc::sync_channel::<Result<Vec<Stored>>>(0);
        let mut source = self.source;
        let with_details = source.details();
        std::thread::spawn(move || {
            let mut after = i64::MIN;
            loop {
                let fields = match source.page(after) {
                    Ok((rows, _)) if rows.is_empty() => return,
                    Ok(fields) => fields,
                    Err(error) => {
                        let _ = tx.send(Err(error));
                        return;
                    }
                };
                let rows = convert(fields, &mut after, &unplaced, with_details);
                let failed = rows.is_err();
                if tx.send(rows).is_err() || failed {
                    return;
                }
            }
        });
        RowPages {
            rx,
            page: Vec::new().into_iter(),
        }
    }
}

struct RowPages {
    rx: mpsc::Receiver<Result<Vec<Stored>>>,
    page: std::vec::IntoIter<Stored>,
}

impl Iterator for RowPages {
    type Item = Result<Stored>;

    fn next(&mut self) -> Option<Result<Stored>> {
        loop {
            if let Some(row) = self.page.next() {
                return Some(Ok(row));
            }
            match self.rx.recv().ok()? {
                Ok(page) => self.page = page.into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

/// A page's rows from their fields, each with its objects when the details were read; `after`
/// moves to the page's last ID.
fn convert(
    (page, details): RowPage,
    after: &mut i64,
    unplaced: &AtomicU64,
    with_details: bool,
) -> Result<Vec<Stored>> {
    let mut objects: HashMap<u64, Vec<Touched>> = HashMap::new();
    for [id_text, kind, name, order] in details {
        let id = u64::try_from(id(id_text.as_deref())?).unwrap_or_default();
        let kind = kind.as_deref().and_then(|k| k.trim().parse().ok());
        let object = kind.and_then(|k| detail_object(k, name.as_deref(), order.as_deref()));
        objects.entry(id).or_default().extend(object);
    }
    let mut rows = Vec::with_capacity(page.len());
    for fields in page {
        *after = id(fields[0].as_deref())?;
        match stored(fields)? {
            Some(mut row) => {
                row.objects = with_details.then(|| objects.remove(&row.id).unwrap_or_default());
                rows.push(row);
            }
            None => {
                unplaced.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    Ok(rows)
}

/// The first and last ID of a page's rows.
fn id_span(rows: &[[Option<String>; 9]]) -> Option<(i64, i64)> {
    let first = id(rows.first()?[0].as_deref()).ok()?;
    let last = id(rows.last()?[0].as_deref()).ok()?;
    Some((first, last))
}

fn id(text: Option<&str>) -> Result<i64> {
    let text = text.context("a row has no ID")?;
    text.trim()
        .parse()
        .with_context(|| format!("a row's ID is not a whole number: {text:?}"))
}

/// A row from its fields as text; `None` when it has no `CREATED` or a negative ID.
fn stored(fields: [Option<String>; 9]) -> Result<Option<Stored>> {
    let [
        id_text,
        created_text,
        controller,
        account,
        request,
        params,
        comment,
        ticket,
        spent,
    ] = fields;
    // A negative ID or no CREATED: the row cannot be placed, and is counted.
    let Ok(id) = u64::try_from(id(id_text.as_deref())?) else {
        return Ok(None);
    };
    let Some(created_text) = created_text else {
        return Ok(None);
    };
    let time_spent = spent
        .map(|m| m.trim().parse::<i64>())
        .transpose()
        .with_context(|| format!("row {id}: TIME_SPENT is not a whole number"))?;
    Ok(Some(Stored {
        id,
        created: created(&created_text).with_context(|| format!("row {id}"))?,
        controller,
        account: account.unwrap_or_default(),
        request: request.unwrap_or_default(),
        params,
        comment,
        ticket,
        time_spent,
        objects: None,
    }))
}

/// `CREATED` as the session, set to UTC, writes it: `2026-11-23 12:00:00.123`, with `+00`
/// after it for a column with a zone.
fn created(text: &str) -> Result<DateTime<Utc>> {
    let text = text.trim();
    let wall = text
        .strip_suffix("+00")
        .or_else(|| text.strip_suffix("+00:00"))
        .unwrap_or(text);
    NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M:%S%.f")
        .map(|t| t.and_utc())
        .with_context(|| format!("CREATED is not a time: {text:?}"))
}
