//! The Audit Log, as JOC shows it: presets along the top, the advanced search with every
//! filter of `list`, the entries newest first in JOC's columns (the row model's), each opening
//! onto its detail and pretty request body, and pages older and newer found by seeking, never
//! by reading the logs whole.

use std::sync::Arc;

use auditlog::scan::Found;
use auditlog::search::{Keep, Pages};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::{Failure, Weight, cell, frame, searching};
use crate::output::{ENTRY_COLUMNS, EntryRow, Palette, detail};
use crate::serve::App;
use crate::serve::filters::{Asked, Whence};
use crate::serve::pages;

/// JOC's presets, as the address names them and the page labels them.
const PRESETS: [(&str, &str); 6] = [
    ("all", "All"),
    ("today", "Today"),
    ("last-hour", "Last hour"),
    ("last-12h", "12 hours"),
    ("last-24h", "24 hours"),
    ("last-7d", "7 days"),
];

/// The advanced search's fields: list's flag, the label, a hint.
const FIELDS: [(&str, &str, &str); 13] = [
    ("since", "From", "2026-11-23 09:00, -2h, yesterday"),
    ("until", "To", "2026-11-23, now"),
    ("time-of-day", "Time of day", "09:00-18:00"),
    ("weekdays", "Weekdays", "mon-fri"),
    ("user", "Account", "root, ops*"),
    ("request", "Request", "./orders/*"),
    ("category", "Category", "inventory"),
    ("controller", "Controller", "controller*"),
    ("workflow", "Workflow", "/finance/*"),
    ("reason", "Reason", "*maintenance*"),
    ("ticket", "Ticket", "*OPS-12*"),
    ("id", "JOC ID", "1234"),
    ("grep", "Text", "a regular expression"),
];

/// What the page, and what follows it live, keep of each entry: its reference, to page from
/// and to name it.
pub const KEEP: Keep = Keep {
    raw: false,
    lines: false,
    refs: true,
};

/// The entries a page shows, and whether there are newer and older ones.
struct Listed {
    rows: Vec<EntryRow>,
    newer: bool,
    older: bool,
}

/// `GET /`: the Audit Log.
pub async fn page(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let asked = match super::asked(pairs, &[]) {
        Ok(asked) => Arc::new(asked),
        Err(response) => return response,
    };
    let wanted = asked.clone();
    match searching(app, Weight::Page, move |app| search(app, &wanted)).await {
        Ok(listed) => frame("Audit Log", "/", view(&asked, &listed)).into_response(),
        Err(response) => response,
    }
}

/// The entries the address asks for, found by seeking.
fn search(app: &App, asked: &Asked) -> Result<Listed, Failure> {
    let ctx = pages::now(app)?;
    let (query, streams) = pages::query(&ctx, &asked.filters)?;
    let pages = Pages {
        streams: &streams,
        cache: ctx.cache.clone(),
        keep: KEEP,
    };
    let n = asked.n;
    let read = |e: auditlog::search::SearchError| Failure::Read(e.into());
    let (entries, newer, older): (Vec<Found>, bool, bool) = match asked.at {
        Whence::Newest => {
            let page = pages.newest(&query, n).map_err(read)?;
            (page.entries, false, !page.at_oldest)
        }
        Whence::Older(edge) => {
            let page = pages.older(&query, edge, n).map_err(read)?;
            let more = page.entries.len() > n || !page.at_oldest;
            let mut entries = page.entries;
            entries.truncate(n);
            (entries, true, more)
        }
        Whence::Newer(edge) => {
            let page = pages.newer(&query, edge, n).map_err(read)?;
            let more = page.entries.len() > n || !page.at_newest;
            let mut entries = page.entries;
            entries.drain(..entries.len().saturating_sub(n));
            (entries, more, true)
        }
    };
    Ok(Listed {
        rows: entries.into_iter().map(EntryRow::new).collect(),
        newer,
        older,
    })
}

/// The page: presets, the search, the entries, the paging; following, the live updates.
fn view(asked: &Asked, shown: &Listed) -> Markup {
    html! {
        h1 { "Audit Log" }
        nav.presets aria-label="Presets" {
            @for (value, label) in PRESETS {
                a href=(asked.link(value, &[])) aria-current=[(asked.preset == value).then_some("page")] { (label) }
            }
        }
        (search_form(asked))
        @if asked.follow {
            (live(asked))
        }
        (paging(asked, shown))
        @if shown.rows.is_empty() && !asked.follow {
            p.none { "No entries match." }
        } @else {
            (entries(&shown.rows, asked.follow.then(|| asked.link_to("/live", &asked.preset, &[]))))
            (paging(asked, shown))
        }
    }
}

/// Following: what says so, the script that puts new entries on top, and without script a
/// page that loads itself again.
fn live(asked: &Asked) -> Markup {
    html! {
        p.live {
            span.live-status { "Following: new entries appear at the top." }
            " "
            a href=(asked.link(&asked.preset, &[])) { "Stop following" }
        }
        noscript { meta http-equiv="refresh" content="10"; }
        script src="/live.js" defer {}
    }
}

/// The advanced search: every filter of `list`, sent as the address's pairs.
fn search_form(asked: &Asked) -> Markup {
    html! {
        details.search open[asked.narrowed()] {
            summary { "Advanced search" }
            form method="get" action="/" {
                input type="hidden" name="preset" value=(asked.preset);
                div.fields {
                    @for (name, label, hint) in FIELDS {
                        label {
                            span { (label) }
                            input type="text" name=(name) value=(asked.value(name)) placeholder=(hint);
                        }
                    }
                    label.check {
                        input type="checkbox" name="has-reason" value="on" checked[!asked.value("has-reason").is_empty()];
                        span { "Only entries with a reason" }
                    }
                }
                div.actions {
                    button type="submit" { "Search" }
                    a href="/" { "Reset" }
                }
            }
        }
    }
}

/// Links to the newest, newer and older pages.
fn paging(asked: &Asked, shown: &Listed) -> Markup {
    let reference = |row: Option<&EntryRow>| row.map(|r| r.found.reference.to_string());
    html! {
        nav.paging aria-label="Pages" {
            @if shown.newer {
                a href=(asked.link(&asked.preset, &[])) { "Newest" }
                @if let Some(first) = reference(shown.rows.first()) {
                    a href=(asked.link(&asked.preset, &[("newer", first)])) rel="prev" { "Newer" }
                }
            }
            span.count {
                (shown.rows.len())
                @if shown.rows.len() == 1 { " entry" } @else { " entries, newest first" }
            }
            @if !asked.follow && asked.at == Whence::Newest {
                a href=(asked.link(&asked.preset, &[("follow", String::new())])) { "Follow" }
            }
            span.export {
                "Export all pages: "
                a href=(asked.link_to("/export.xlsx", &asked.preset, &[])) download { ".xlsx" }
                " "
                a href=(asked.link_to("/export.csv", &asked.preset, &[])) download { ".csv" }
            }
            @if shown.older && let Some(last) = reference(shown.rows.last()) {
                a href=(asked.link(&asked.preset, &[("older", last)])) rel="next" { "Older" }
            }
        }
    }
}

/// The entries in JOC's columns, each opening onto its detail.
fn entries(rows: &[EntryRow], live: Option<String>) -> Markup {
    html! {
        div.entries role="table" data-live=[live] {
            div.head role="row" {
                @for column in &ENTRY_COLUMNS {
                    span role="columnheader" { (column.header) }
                }
            }
            @for row in rows {
                (entry(row))
            }
        }
    }
}

/// One entry: its row in JOC's columns, opening onto its detail.
pub fn entry(row: &EntryRow) -> Markup {
    html! {
        details.entry {
            summary role="row" {
                @for column in &ENTRY_COLUMNS {
                    span role="cell" data-label=(column.header) { (cell((column.cell)(row))) }
                }
            }
            pre.detail { (detail::entry(&row.found, Palette::new(false))) }
        }
    }
}
