//! The pages, as HTML that escapes everything it is given (maud): the frame every page shares,
//! the style sheet, and the page that says what went wrong. Every page works without script.

pub mod log;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

/// The style sheet, the only thing besides the pages that is served.
const STYLE: &str = include_str!("style.css");

/// The pages, as the header links them: path and title.
const PAGES: [(&str, &str); 1] = [("/", "Audit Log")];

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
