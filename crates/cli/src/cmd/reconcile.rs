//! `auditlog reconcile`: the log against the database's copy of it, JOC's `JOC_AUDIT_LOG`.
//! The file's entries, oldest first, and the table's rows, by ID a page at a time, are merged
//! as they stream (see [`auditlog::reconcile`]); each mismatch is said as it is found.

use std::cell::RefCell;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Result, anyhow, bail};
use auditlog::format::render;
use auditlog::objects::Touched;
use auditlog::query::Query;
use auditlog::reconcile::{Bounds, Reconciled, Reconciler, Stored};
use auditlog::safe::safe_path;
use auditlog::scan::ReadError;
use auditlog::scan::objects::streamed::Streamed;
use auditlog::scan::{Keep, Plan};
use auditlog::search::{Event, Search, Source};
use auditlog::time::{Edge, Zone, parse_time};
use chrono::{DateTime, Duration};

use crate::cli::ReconcileArgs;
use crate::context::Context;
use crate::database::{DETAILS, Database};
use crate::exit::Exit;
use crate::output::reconcile::{Compared, Printed, Reconciliation, Sheets};
use crate::output::{Warnings, stdout, warn};

pub fn run(args: &ReconcileArgs, ctx: &Context) -> Result<Exit> {
    let query = ctx.query(&args.filters)?;
    ctx.logs_exist()?;
    let streams = ctx.streams()?;
    let [stream] = streams.as_slice() else {
        bail!(
            "reconcile compares one log, with its rotated files (--rotated), with the database: \
             give one --file"
        );
    };
    let log = stream.last().map(|f| safe_path(f)).unwrap_or_default();
    let sheets = args.xlsx.as_deref().map(Sheets::new).transpose()?;
    let (mut db, objects) = connect(args, ctx, stream)?;
    let bounds = bounds(args, ctx, &query, &mut db)?;
    let zone = ctx.zone;
    let table = db.table().to_owned();
    let printed = args.output.map_or(
        if ctx.screen.terminal {
            Printed::Table
        } else {
            Printed::Text
        },
        Printed::from,
    );
    let mut report = Reconciliation::new(stdout(), printed, (ctx.screen, zone), &table, sheets);
    let unplaced = Arc::new(AtomicU64::new(0));
    let rows = db.rows(unplaced.clone());
    let warnings = Warnings::new(streams.iter().flatten());
    // Every line and row in the window takes part; the filters decide what is counted and
    // said (a pair when either side matches), so that they can neither hide a change nor
    // invent a missing partner.
    let lines_query = Arc::new(query.clone());
    let rows_query = RowQuery::new(&query);
    let mut reconciler = Reconciler::new(rows, bounds).with_filter(
        move |line| {
            let raw = &line.raw;
            lines_query.matches_at(&line.entry.view(), raw, Some(line.instant))
        },
        move |row| rows_query.matches(row, zone),
    );
    let objects_compared = objects.is_some();
    let logged = Logged::new(objects);
    if objects_compared {
        reconciler = reconciler.with_objects(logged.lookup());
    }
    let mut seen = compare(&streams, &query, reconciler, (&warnings, &mut report))?;
    let unreadable = logged.finish()?;
    if seen.start.is_none() {
        bail!(
            "{log} holds no entry: the window compared starts at the file's first entry; give \
             --since to compare the database's rows from a time"
        );
    }
    seen.unplaced = unplaced.load(Ordering::Relaxed);
    let compared = Compared {
        log,
        table,
        start: seen.start,
        end: bounds.end,
        purged_before: bounds.purged_before,
        objects: objects_compared.then_some(unreadable),
        zone,
    };
    report.finish(&seen, &compared)?;
    let failed = warnings.finish()?;
    Ok(if failed {
        Exit::Failed
    } else if seen.agree() && unreadable == 0 {
        Exit::Done
    } else {
        Exit::NothingFound
    })
}

/// The database, with the details of its rows when the log has an objects log to compare them
/// with; that objects log, when it is compared.
fn connect(
    args: &ReconcileArgs,
    ctx: &Context,
    stream: &[PathBuf],
) -> Result<(Database, Option<Vec<PathBuf>>)> {
    let objects = objects_files(ctx, stream)?;
    let db = Database::connect(
        &args.db,
        args.db_password_file.as_deref(),
        !objects.is_empty(),
    )?;
    if !objects.is_empty() && !db.details() {
        warn(format!(
            "the database has no table {DETAILS}: the objects log is not compared with it"
        ))?;
    }
    let compared = !objects.is_empty() && db.details();
    Ok((db, compared.then_some(objects)))
}

/// The objects logs of the log `stream` ends with (and, with `--rotated`, its rotated files)
/// that are there.
fn objects_files(ctx: &Context, stream: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let Some(log) = stream.last() else {
        return Ok(Vec::new());
    };
    Ok(ctx
        .objects_files_for(log)?
        .into_iter()
        .filter(|f| f.exists())
        .collect())
}

/// The objects logs read as the pairs ask for an ID's objects (see
/// [`auditlog::scan::objects::streamed`]); their lines that cannot be read said and counted.
struct Logged {
    streamed: Rc<RefCell<Option<Streamed>>>,
    failed: Rc<RefCell<Option<ReadError>>>,
    unreadable: Arc<AtomicU64>,
}

impl Logged {
    fn new(files: Option<Vec<PathBuf>>) -> Logged {
        let unreadable = Arc::new(AtomicU64::new(0));
        let counted = unreadable.clone();
        let streamed = files.map(|files| {
            Streamed::new(
                files,
                Box::new(move |line| {
                    counted.fetch_add(1, Ordering::Relaxed);
                    let _ = warn(&line);
                }),
            )
        });
        Logged {
            streamed: Rc::new(RefCell::new(streamed)),
            failed: Rc::new(RefCell::new(None)),
            unreadable,
        }
    }

    /// The objects of an ID, for the reconciler; a read that fails is kept for `finish`.
    fn lookup(&self) -> impl FnMut(u64) -> Option<Vec<Touched>> + 'static {
        let (streamed, failed) = (self.streamed.clone(), self.failed.clone());
        move |id| match streamed.borrow_mut().as_mut()?.get(id) {
            Ok(found) => found,
            Err(error) => {
                failed.borrow_mut().get_or_insert(error);
                None
            }
        }
    }

    /// Reads the rest, so that every line that cannot be read is said; how many could not.
    fn finish(self) -> Result<u64> {
        if let Some(error) = self.failed.borrow_mut().take() {
            return Err(error.into());
        }
        if let Some(streamed) = self.streamed.borrow_mut().take() {
            streamed.finish()?;
        }
        Ok(self.unreadable.load(Ordering::Relaxed))
    }
}

/// The window compared, and how lines and rows pair: `--purged-before`, else the oldest row.
fn bounds(args: &ReconcileArgs, ctx: &Context, query: &Query, db: &mut Database) -> Result<Bounds> {
    let purged_before = match args.purged_before.as_deref() {
        Some(t) => Some(
            parse_time(t, ctx.now.instant, ctx.zone, Edge::Start)
                .map_err(|e| anyhow!("invalid time {t:?} for --purged-before: {e}"))?,
        ),
        // What lies before the oldest row is what the Cleanup Service purged.
        None => db.oldest()?,
    };
    let skew = Duration::milliseconds(i64::try_from(args.max_skew).unwrap_or(i64::MAX / 4));
    // Now, to the millisecond JOC writes.
    let now = DateTime::from_timestamp_millis(ctx.now.instant.timestamp_millis())
        .unwrap_or(ctx.now.instant);
    Ok(Bounds {
        skew,
        window: (skew * 2).max(Duration::seconds(60)),
        start: query.since,
        end: query.until.map_or(now, |u| u.min(now)),
        purged_before,
    })
}

/// Hands the log's entries, oldest first, to the reconciler, and each mismatch to `report`.
fn compare<I>(
    streams: &[Vec<PathBuf>],
    query: &Query,
    mut reconciler: Reconciler<I>,
    (warnings, report): (&Warnings, &mut Reconciliation<impl Write>),
) -> Result<Reconciled>
where
    I: Iterator<Item = Result<Stored>>,
{
    // Every entry in the window: the filters are the reconciler's.
    let window = Query {
        since: query.since,
        until: query.until,
        hole: query.hole,
        ..Query::all(query.zone)
    };
    let search = Search {
        oldest_first: true,
        read: Plan {
            keep: Keep {
                lines: true,
                raw: !query.grep.is_empty(),
                ..Keep::default()
            },
            ..Plan::default()
        },
        ..Search::new(streams, &window)
    };
    let flow = Source::Search(search).each(&mut |event| {
        // A log that cannot be read to its end would make every row after it look missing.
        if let Event::Failed(error) = event {
            return ControlFlow::Break(anyhow::Error::from(error));
        }
        let Some(found) = warnings.note(event) else {
            return ControlFlow::Continue(());
        };
        let taken = reconciler.line(found, &mut |m| report.mismatch(&m));
        match taken.err().or_else(|| report.failure()) {
            Some(error) => ControlFlow::Break(error),
            None => ControlFlow::Continue(()),
        }
    })?;
    if let ControlFlow::Break(error) = flow {
        return Err(error);
    }
    reconciler.finish(&mut |m| report.mismatch(&m))
}

/// The filters as a row answers them: as its line would, or by its own columns, the
/// controller JOC stored (`--controller`) and the objects its details name (`--object`).
struct RowQuery {
    query: Query,
    /// The same without those two, for a row that answers them by its own columns.
    others: Query,
}

impl RowQuery {
    fn new(query: &Query) -> RowQuery {
        RowQuery {
            query: query.clone(),
            others: Query {
                controller: Default::default(),
                objects: None,
                ..query.clone()
            },
        }
    }

    fn matches(&self, row: &Stored, zone: Zone) -> bool {
        let query = &self.query;
        let entry = row.entry(zone);
        let raw = if query.grep.is_empty() {
            String::new()
        } else {
            render(&entry)
        };
        let (view, raw) = (entry.view(), raw.as_bytes());
        if query.matches_at(&view, raw, Some(row.created)) {
            return true;
        }
        if query.controller.is_any() && query.objects.is_none() {
            return false;
        }
        let controller = query.controller.is_any()
            || row
                .controller
                .as_deref()
                .is_some_and(|c| query.controller.matches(Some(c)));
        let objects = query.objects.as_ref().is_none_or(|f| {
            row.objects
                .as_ref()
                .is_some_and(|o| o.iter().any(|t| f.query.matches(t)))
        });
        controller && objects && self.others.matches_at(&view, raw, Some(row.created))
    }
}
