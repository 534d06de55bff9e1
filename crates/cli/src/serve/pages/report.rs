//! The Reports page: `auditlog report --by KEY --trend PERIOD` over the Audit Log's filters,
//! as a table with its chart drawn on the server.

use std::sync::Arc;

use auditlog::report::{Period, SortBy, Spec};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use clap::Parser;
use maud::{Markup, html};

use super::{Failure, Weight, frame, laid, problem, searching};
use crate::cli::values::{self, PeriodValue};
use crate::output::report::Laid;
use crate::serve::App;
use crate::serve::filters::{Asked, clap_message};
use crate::views::{self, entries_report};

/// `--by` and `--trend`, read as `report` reads them.
#[derive(Parser)]
#[command(name = "report", no_binary_name = true, disable_help_flag = true)]
struct Grouping {
    #[arg(long, value_parser = crate::cli::Named(crate::cli::KEYS), default_value = "account")]
    by: String,
    #[arg(long, value_parser = values::parser::<PeriodValue, Period>())]
    trend: Option<Period>,
}

/// `GET /report`.
pub async fn page(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let read = Asked::read(pairs, &["by", "trend"]).and_then(|asked| {
        let flags = asked.extra.iter().map(|(n, v)| format!("--{n}={v}"));
        let grouping = Grouping::try_parse_from(flags).map_err(clap_message)?;
        Ok((asked, grouping))
    });
    let (asked, grouping) = match read {
        Ok(read) => read,
        Err(error) => return problem(StatusCode::BAD_REQUEST, &format!("{error:#}")),
    };
    let (by, trend) = (grouping.by.clone(), grouping.trend);
    let made = searching(app, Weight::Whole, move |app| {
        let ctx = super::now(app)?;
        let (query, _) = super::query(&ctx, &asked.filters)?;
        let keys =
            views::keys(std::slice::from_ref(&grouping.by), false).map_err(Failure::Filter)?;
        let spec = Spec {
            objects: ctx.objects_by_id(&keys).map_err(Failure::Read)?,
            keys,
            depth: 1,
            zone: ctx.zone,
            trend: grouping.trend,
        };
        let window = views::window(&ctx, &query);
        if let Some(period) = grouping.trend {
            views::bounded(window, period, None).map_err(Failure::Filter)?;
        }
        let made = entries_report(&ctx, &query, &spec, None, SortBy::Entries, window)
            .map_err(Failure::Filter)?;
        Ok((made.laid, asked))
    })
    .await;
    match made {
        Ok((laid, asked)) => {
            frame("Reports", "/report", view(&asked, &by, trend, &laid)).into_response()
        }
        Err(response) => response,
    }
}

fn view(asked: &Asked, by: &str, trend: Option<Period>, laid: &Laid) -> Markup {
    html! {
        h1 { "Reports" }
        form.grouping method="get" action="/report" {
            @for (name, value) in &asked.pairs {
                input type="hidden" name=(name) value=(value);
            }
            input type="hidden" name="preset" value=(asked.preset);
            label { "By " select name="by" {
                // Job executions have a report of their own: `report --executions`.
                @for key in crate::cli::KEYS.iter().filter(|k| **k != "job") {
                    option value=(key) selected[*key == by] { (key) }
                }
            } }
            label { " Trend " select name="trend" {
                option value="" selected[trend.is_none()] { "none" }
                @for period in ["day", "week", "month"] {
                    option value=(period) selected[trend.is_some_and(|t| t.name() == period)] { (period) }
                }
            } }
            " " button type="submit" { "Show" }
        }
        @if laid.rows.is_empty() {
            p.none { "No entries match." }
        } @else {
            (laid::chart(laid))
            (laid::table(laid))
        }
    }
}
