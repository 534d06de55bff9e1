//! The Audit Log, as JOC shows it: presets along the top, the advanced search with every
//! filter of `list`, the entries newest first in JOC's columns (the row model's), each opening
//! onto its detail and pretty request body, and pages older and newer found by seeking, never
//! by reading the logs whole.

use auditlog::objects::ById;
use std::sync::Arc;

use anyhow::anyhow;
use auditlog::scan::Found;
use auditlog::search::{Boundary, Keep, Paged, Pages, SearchError};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::{Failure, Weight, cell, frame, searching};
use crate::output::{ENTRY_COLUMNS, EntryRow, Palette, detail};
use crate::serve::App;
use crate::serve::filters::{Asked, Whence, boundaries_text};
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

/// The entries a page shows, and where the newer and the older ones begin when there are any.
struct Listed {
    rows: Vec<EntryRow>,
    newer: Option<Vec<Boundary>>,
    older: Option<Vec<Boundary>>,
    /// What the objects log says the entries touched, when there is one.
    objects: Option<ById>,
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
    let read = |e: SearchError| match e {
        SearchError::Gone(_) => Failure::Gone(e.into()),
        e => Failure::Read(e.into()),
    };
    let page = match &asked.at {
        Whence::Newest => pages.newest(&query, asked.n),
        Whence::Older(cuts) | Whence::Newer(cuts) if cuts.len() != streams.len() => {
            let logs = |n: usize| format!("{n} log{}", if n == 1 { "" } else { "s" });
            return Err(Failure::Filter(anyhow!(
                "the page ends in {}, but {} served: start from the newest page",
                logs(cuts.len()),
                match streams.len() {
                    1 => "1 log is".to_owned(),
                    n => format!("{n} logs are"),
                }
            )));
        }
        Whence::Older(cuts) => pages.older(&query, cuts, asked.n),
        Whence::Newer(cuts) => pages.newer(&query, cuts, asked.n),
    }
    .map_err(read)?;
    let page = within_bytes(&pages, page, !matches!(asked.at, Whence::Newer(_)));
    let ids: Vec<u64> = page.entries.iter().filter_map(|f| f.entry.id).collect();
    let objects = ctx
        .objects_shown(&ids, &mut |_| {})
        .map_err(Failure::Read)?;
    Ok(Listed {
        newer: (!page.at_newest).then_some(page.newer),
        older: (!page.at_oldest).then_some(page.older),
        rows: page.entries.into_iter().map(EntryRow::new).collect(),
        objects,
    })
}

/// The most bytes of entries a page shows: a page of long bodies ends early, and its Older or
/// Newer link goes on from there.
const PAGE_BYTES: usize = 4 << 20;

/// `page` cut down to [`PAGE_BYTES`] of entries, at least one, kept from the side it was read
/// from: its newest when read older (`older`), else its oldest.
fn within_bytes(pages: &Pages, mut page: Paged, older: bool) -> Paged {
    let size = |f: &Found| {
        let e = &f.entry;
        let optional =
            [&e.params, &e.comment, &e.ticket].map(|t| t.as_ref().map_or(0, String::len));
        e.request.len() + e.user.len() + optional.iter().sum::<usize>()
    };
    let mut total = 0;
    let nearest: Box<dyn Iterator<Item = &Found>> = if older {
        Box::new(page.entries.iter())
    } else {
        Box::new(page.entries.iter().rev())
    };
    let fit = nearest
        .take_while(|f| {
            total += size(f);
            total <= PAGE_BYTES
        })
        .count()
        .max(1);
    if fit < page.entries.len() {
        if older {
            page.entries.truncate(fit);
            page.older = pages.moved(&page.newer, page.entries.iter(), true);
            page.at_oldest = false;
        } else {
            page.entries.drain(..page.entries.len() - fit);
            page.newer = pages.moved(&page.older, page.entries.iter(), false);
            page.at_newest = false;
        }
    }
    page
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
            (entries(&shown.rows, shown.objects.as_ref(), asked.follow.then(|| asked.link_to("/live", &asked.preset, &[]))))
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
    html! {
        nav.paging aria-label="Pages" {
            @if let Some(cuts) = &shown.newer {
                a href=(asked.link(&asked.preset, &[])) { "Newest" }
                a href=(asked.link(&asked.preset, &[("newer", boundaries_text(cuts, false))])) rel="prev" { "Newer" }
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
            @if let Some(cuts) = &shown.older {
                a href=(asked.link(&asked.preset, &[("older", boundaries_text(cuts, true))])) rel="next" { "Older" }
            }
        }
    }
}

/// The entries in JOC's columns, each opening onto its detail.
fn entries(rows: &[EntryRow], objects: Option<&ById>, live: Option<String>) -> Markup {
    html! {
        div.entries role="table" data-live=[live] {
            div.head role="row" {
                @for column in &ENTRY_COLUMNS {
                    span role="columnheader" { (column.header) }
                }
            }
            @for row in rows {
                (entry(row, objects))
            }
        }
    }
}

/// One entry: its row in JOC's columns, opening onto its detail (with the objects it touched,
/// when there is an objects log).
pub fn entry(row: &EntryRow, objects: Option<&ById>) -> Markup {
    let id = row.found.entry.id;
    let objects = objects.map(|by_id| detail::objects(id, by_id));
    html! {
        details.entry {
            summary role="row" {
                @for column in &ENTRY_COLUMNS {
                    span role="cell" data-label=(column.header) { (cell((column.cell)(row))) }
                }
            }
            pre.detail { (detail::entry(&row.found, objects, Palette::new(false))) }
        }
    }
}
