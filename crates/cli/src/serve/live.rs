//! `GET /live`: the entries the Audit Log's filters select, as they are appended to the log,
//! as server-sent events, each the page's own markup of the entry. The log is followed as
//! `tail -f` follows it, across rotation and truncation, by `search::Follow` on a thread of
//! its own, which ends when the browser goes.

use std::convert::Infallible;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Duration;

use auditlog::objects::ById;
use auditlog::scan::LogFile;
use auditlog::scan::follow::{Follower, whole_entries_end};
use auditlog::search::{Event, Follow, Source};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::sse::{self, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use super::App;
use super::pages::{self, Failure, problem};
use crate::context::Context;
use crate::output::EntryRow;

/// How often a follower looks at the log.
const LOOK_EVERY: Duration = Duration::from_millis(250);

/// `GET /live`.
pub async fn live(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let asked = match pages::asked(pairs, &[]) {
        Ok(asked) => asked,
        Err(response) => return response,
    };
    let Ok(permit) = app.followers.clone().try_acquire_owned() else {
        return problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many live views at once: reload the page without ?follow, or later.",
        );
    };
    let started = pages::now(&app)
        .and_then(|ctx| pages::query(&ctx, &asked.filters))
        .and_then(|(query, _)| Ok((query, start(&app)?)));
    let (query, follower) = match started {
        Ok(started) => started,
        Err(failure) => return failure.response(),
    };
    let (tx, rx) = mpsc::channel::<String>(64);
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        follow(&query, follower, &tx, &app.ctx)
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        let html = rx.recv().await?;
        Some((
            Ok::<_, Infallible>(sse::Event::default().event("entry").data(html)),
            rx,
        ))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// A follower of the log from where its whole entries end now.
fn start(app: &App) -> Result<Follower, Failure> {
    let ctx = &app.ctx;
    let path = ctx.single_file("follows").map_err(Failure::Filter)?;
    let log = match LogFile::open(path) {
        Ok(log) => log,
        // Rotated away and not there again yet: it is read from its start once it is.
        Err(_) => {
            let refs = auditlog::reference::RefCounter::new(ctx.zone);
            return Ok(Follower::new(path, 0, 0, refs));
        }
    };
    let read = |e: std::io::Error| Failure::Read(e.into());
    let end = whole_entries_end(&log).map_err(read)?;
    let refs = log.refs_before(end, ctx.zone).map_err(read)?;
    Ok(Follower::new(path, end, 0, refs))
}

/// Sends every entry `query` matches appended from now on, with the objects it touched when
/// there is an objects log, until the browser goes.
fn follow(
    query: &auditlog::query::Query,
    follower: Follower,
    tx: &mpsc::Sender<String>,
    ctx: &Context,
) {
    let wait = |_: Option<&auditlog::search::cursor::Cursor>| {
        std::thread::sleep(LOOK_EVERY);
        Ok(!tx.is_closed())
    };
    let follow = Follow::new(follower, query, pages::log::KEEP).waiting(Box::new(wait));
    let mut source = Source::Follow(follow);
    let _ended = source.each(&mut |event| {
        let Event::Found(found) = event else {
            return ControlFlow::Continue(());
        };
        let objects = found.entry.id.and_then(|id| objects_soon(ctx, id));
        let html = pages::log::entry(&EntryRow::new(found), objects.as_ref()).into_string();
        match tx.blocking_send(html) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    });
}

/// What the objects log says entry `id` touched: JOC writes its line just after the entry's,
/// so it is looked for a few times, a tenth of a second apart; `None` without an objects log.
fn objects_soon(ctx: &Context, id: u64) -> Option<ById> {
    let mut shown = None;
    for _ in 0..5 {
        shown = ctx.objects_shown(&[id], &mut |_| {}).ok().flatten();
        if shown.as_ref().is_none_or(|by_id| by_id.contains_key(&id)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    shown
}
