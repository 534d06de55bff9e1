//! The pages, as HTML that escapes everything it is given (maud): the frame every page shares,
//! the style sheet, and the page that says what went wrong. Every page works without script.

pub mod executions;
pub mod export;
pub mod jobs;
mod laid;
pub mod log;
pub mod report;

use std::path::PathBuf;
use std::sync::Arc;

use auditlog::query::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::App;
use super::filters::Asked;
use crate::cli::Filters;
use crate::context::Context;
use crate::output::{Cell, Row};

/// The style sheet.
const STYLE: &str = include_str!("style.css");

/// The script that adds live updates to a page that follows the log.
const LIVE: &str = include_str!("live.js");

/// The pages, as the header links them: path and title.
const PAGES: [(&str, &str); 4] = [
    ("/", "Audit Log"),
    ("/executions", "Job executions"),
    ("/jobs", "Jobs"),
    ("/report", "Reports"),
];

/// A whole page: its title, which of [`PAGES`] it is, and what it shows.
pub fn frame(title: &str, current: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · auditlog" }
                link rel="stylesheet" href="/style.css";
            }
            body {
                header.top {
                    span.brand { "auditlog" }
                    nav {
                        @for (path, name) in PAGES {
                            a href=(path) aria-current=[(path == current).then_some("page")] { (name) }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// The style sheet.
pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

/// The live updates' script.
pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE,
    )
        .into_response()
}

/// A page that says what went wrong, with its status.
pub fn problem(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    let page = frame(
        title,
        "",
        html! {
            h1 { (title) }
            p.problem { (message) }
        },
    );
    (status, page).into_response()
}

/// Anything but the pages is not here.
pub async fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "There is no such page.")
}

/// How long a start without a finish counts as running when its host cannot be asked.
pub const STALE: std::time::Duration = std::time::Duration::from_secs(86_400);

/// What an address asks of a page that also takes the pairs named `extra`; a 400 with the
/// reason when it does not read.
pub fn asked(pairs: Vec<(String, String)>, extra: &[&str]) -> Result<Asked, Response> {
    Asked::read(pairs, extra)
        .map_err(|error| problem(StatusCode::BAD_REQUEST, &format!("{error:#}")))
}

/// Why a page could not be shown.
pub enum Failure {
    /// The filters do not read: the message `list` gives.
    Filter(anyhow::Error),
    /// The logs could not be read, or what was made of them written.
    Read(anyhow::Error),
    /// The entry a page ends beside is no longer in the logs.
    Gone(anyhow::Error),
}

impl Failure {
    /// The page that says so.
    pub fn response(self) -> Response {
        match self {
            Failure::Filter(error) => problem(StatusCode::BAD_REQUEST, &format!("{error:#}")),
            Failure::Gone(error) => problem(
                StatusCode::GONE,
                &format!("{error:#}: start again from the newest page"),
            ),
            Failure::Read(error) => {
                problem(StatusCode::INTERNAL_SERVER_ERROR, &format!("{error:#}"))
            }
        }
    }
}

/// What a search reads: a page, found by seeking; or the whole of the logs (executions, jobs,
/// a report, an export), which waits for permits of its own so that pages are not held up.
#[derive(Clone, Copy)]
pub enum Weight {
    /// A page of entries.
    Page,
    /// Everything the filters select.
    Whole,
}

/// How long a search waits for one of the permits before it is answered 503: a burst of
/// requests is served in turn; a server kept busy says so.
const QUEUE: std::time::Duration = std::time::Duration::from_secs(1);

/// Runs `work` on a thread of its own under one of the permits to search; when none comes free
/// within [`QUEUE`], 503.
pub async fn searching<T: Send + 'static>(
    app: Arc<App>,
    weight: Weight,
    work: impl FnOnce(&App) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Response> {
    let permits = match weight {
        Weight::Page => app.searches.clone(),
        Weight::Whole => app.whole.clone(),
    };
    let waited = tokio::time::timeout(QUEUE, permits.acquire_owned()).await;
    let Ok(Ok(permit)) = waited else {
        return Err(problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many searches at once: try again in a moment.",
        ));
    };
    let done = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        // Fault injection for the tests: AUDITLOG_FAILPOINT=serve:slow holds every search 3 s.
        if std::env::var("AUDITLOG_FAILPOINT").is_ok_and(|f| f == "serve:slow") {
            std::thread::sleep(std::time::Duration::from_secs(3));
        }
        work(&app)
    })
    .await;
    match done {
        Ok(result) => result.map_err(Failure::response),
        Err(_) => Err(problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The search stopped.",
        )),
    }
}

/// The command line's context as of now: "now" moves on while a server runs.
pub fn now(app: &App) -> Result<Context, Failure> {
    let now = app.ctx.now_again().map_err(Failure::Read)?;
    Ok(Context {
        now,
        ..app.ctx.clone()
    })
}

/// The query `filters` describe, with relative times counted from `ctx`'s now, and the logs.
pub fn query(ctx: &Context, filters: &Filters) -> Result<(Query, Vec<Vec<PathBuf>>), Failure> {
    let query = ctx.query(filters).map_err(Failure::Filter)?;
    ctx.logs_exist().map_err(Failure::Read)?;
    let streams = ctx.streams().map_err(Failure::Read)?;
    Ok((query, streams))
}

/// Rows in their columns, as a table; `link` gives the address a row's first cell opens.
pub fn table<R: Row>(rows: &[R], link: impl Fn(&R) -> Option<String>) -> Markup {
    html! {
        table.rows {
            thead { tr { @for column in R::columns() { th { (column.header) } } } }
            tbody {
                @for row in rows {
                    tr {
                        @for (i, column) in R::columns().iter().enumerate() {
                            td data-label=(column.header) {
                                @match (i, link(row)) {
                                    (0, Some(href)) => a href=(href) { (cell((column.cell)(row))) },
                                    _ => (cell((column.cell)(row))),
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A cell as a page shows it: text made safe, a ticket a link only when it is http(s), a
/// category or a status in its color.
pub fn cell(cell: Cell) -> Markup {
    match &cell {
        Cell::Link(link) if is_web_link(link) => html! {
            a href=(link) rel="noopener noreferrer nofollow" { (cell.shown().unwrap_or_default()) }
        },
        Cell::Category(category) => html! {
            span class=(format!("cat {}", category.name().to_lowercase())) { (category.name()) }
        },
        Cell::Status(status) => html! {
            span class=(format!("status {}", status.name().to_lowercase())) { (status.name()) }
        },
        _ => html! { (cell.shown().unwrap_or_default()) },
    }
}

/// Whether a ticket link may be followed: http or https, nothing else.
fn is_web_link(link: &str) -> bool {
    let lower = link.get(..8).unwrap_or(link).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !link.chars().any(|c| c.is_whitespace() || c.is_control())
}
