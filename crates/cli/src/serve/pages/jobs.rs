//! The Jobs page: `auditlog jobs` in a browser, each job's state, last run, next expected
//! start, missed starts, success rate and recent statuses, over the last seven days unless
//! the filters' time says.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;

use super::{Failure, Weight, frame, laid, searching};
use crate::output::jobs as form;
use crate::serve::App;
use crate::views::job_views;

/// `GET /jobs`.
pub async fn page(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let asked = match super::asked(pairs, &[]) {
        Ok(asked) => asked,
        Err(response) => return response,
    };
    let made = searching(app, Weight::Whole, move |app| {
        let ctx = super::now(app)?;
        let (query, _) = super::query(&ctx, &asked.filters)?;
        let live = ctx.liveness(super::STALE);
        let (views, _) = job_views(&ctx, &query, &live, None).map_err(Failure::Filter)?;
        Ok(form::laid(&views, ctx.zone))
    })
    .await;
    match made {
        Ok(laid) => frame(
            "Jobs",
            "/jobs",
            html! {
                h1 { "Jobs" }
                @if laid.rows.is_empty() {
                    p.none { "No jobs: none is configured, and none ran." }
                } @else {
                    (laid::table(&laid))
                }
            },
        )
        .into_response(),
        Err(response) => response,
    }
}
