//! The job audit log, as the Better Content Archiving job shows it: executions newest first,
//! in site scope or one space's (`?space=NAME`), in the columns of `executions`; each
//! execution's ID opens its Results page: its details, metrics and the command that prints the
//! output it kept.

use std::sync::Arc;

use auditlog::query::Matcher;
use auditlog::search::{executions, find_execution};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::{Failure, STALE, Weight, frame, problem, searching, table};
use crate::output::columns::Chosen;
use crate::output::{ExecutionRow, Palette, detail};
use crate::serve::App;
use crate::serve::filters::{Asked, encoded};

/// `GET /executions`: the job audit log.
pub async fn list(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let asked = match super::asked(pairs, &["space"]) {
        Ok(asked) => Arc::new(asked),
        Err(response) => return response,
    };
    let wanted = asked.clone();
    match searching(app, Weight::Whole, move |app| found(app, &wanted)).await {
        Ok(rows) => frame("Job executions", "/executions", view(&asked, &rows)).into_response(),
        Err(response) => response,
    }
}

/// The newest executions the address asks for.
fn found(app: &App, asked: &Asked) -> Result<Vec<ExecutionRow>, Failure> {
    let ctx = &super::now(app)?;
    let (query, _) = super::query(ctx, &asked.filters)?;
    let streams = ctx.streams_all().map_err(Failure::Read)?;
    let found = executions(&streams, query.since, &query, ctx.cache(), &mut |_| {})
        .map_err(|e| Failure::Read(e.into()))?;
    let spaces: Vec<String> = asked.extra.iter().map(|(_, v)| v.clone()).collect();
    let any = Matcher::new(&[]).map_err(|e| Failure::Read(e.into()))?;
    let chosen = Chosen {
        jobs: &any,
        spaces: &spaces,
        statuses: &[],
    };
    let mut rows = ExecutionRow::chosen(found, &ctx.liveness(STALE), ctx.zone, &chosen);
    rows.reverse();
    rows.truncate(asked.n);
    Ok(rows)
}

fn view(asked: &Asked, rows: &[ExecutionRow]) -> Markup {
    let space = asked.extra.first().map(|(_, v)| v.as_str());
    html! {
        h1 {
            "Job executions"
            @if let Some(space) = space { " · space " (space) } @else { " · site" }
        }
        @if space.is_some() {
            p { a href="/executions" { "All spaces" } }
        }
        @if rows.is_empty() {
            p.none { "No executions." }
        } @else {
            (table(rows, |row: &ExecutionRow| Some(format!("/executions/{}", encoded(&row.execution.started.id)))))
            p.count { (rows.len()) " executions, newest first" }
        }
    }
}

/// `GET /executions/ID`: an execution's Results.
pub async fn results(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let wanted = id.clone();
    let found = searching(app, Weight::Whole, move |app| {
        let ctx = &super::now(app)?;
        let streams = ctx.streams_all().map_err(Failure::Read)?;
        let found = find_execution(&streams, &wanted, ctx.zone, ctx.cache(), &mut |_| {})
            .map_err(|e| Failure::Filter(e.into()))?;
        Ok(found.map(|e| {
            let status = e.status(&ctx.liveness(STALE));
            detail::execution(&e, status, &ctx.files[0], Palette::new(false))
        }))
    })
    .await;
    match found {
        Ok(Some(text)) => frame(
            "Results",
            "/executions",
            html! {
                h1 { "Results · " (id) }
                pre.detail { (text) }
                p { a href="/executions" { "All executions" } }
            },
        )
        .into_response(),
        Ok(None) => problem(StatusCode::NOT_FOUND, "No execution has this ID."),
        Err(response) => response,
    }
}
