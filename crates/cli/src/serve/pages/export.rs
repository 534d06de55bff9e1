//! `GET /export.csv` and `GET /export.xlsx`: every entry the Audit Log shows for the same
//! filters (all its pages, newest first), written by the export's own writer exactly as
//! `auditlog export FILE` writes it, into a temporary file that is then sent and gone.

use std::fs::File;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Context as _;
use auditlog::scan::{Plan, SMALL_CHUNK};
use auditlog::search::{Search, Source};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use indicatif::ProgressBar;

use super::{Failure, Weight, searching};
use crate::output::Warnings;
use crate::output::export::{ExportAs, Exporting};
use crate::output::xlsx::Provenance;
use crate::serve::App;
use crate::serve::filters::Asked;

/// `GET /export.csv`.
pub async fn csv(state: State<Arc<App>>, pairs: Query<Vec<(String, String)>>) -> Response {
    download(state, pairs, ExportAs::Csv).await
}

/// `GET /export.xlsx`.
pub async fn xlsx(state: State<Arc<App>>, pairs: Query<Vec<(String, String)>>) -> Response {
    download(state, pairs, ExportAs::Workbook).await
}

async fn download(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
    kind: ExportAs,
) -> Response {
    let asked = match super::asked(pairs, &[]) {
        Ok(asked) => asked,
        Err(response) => return response,
    };
    let file = match searching(app, Weight::Whole, move |app| write(app, &asked, kind)).await {
        Ok(file) => file,
        Err(response) => return response,
    };
    let (mime, name) = match kind {
        ExportAs::Workbook => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "audit-log.xlsx",
        ),
        _ => ("text/csv; charset=utf-8", "audit-log.csv"),
    };
    let length = file.metadata().map_or(0, |m| m.len());
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(
        tokio::fs::File::from_std(file),
    ));
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Writes the export into a temporary file, and opens it: once the file is open, its name is
/// gone, and what is sent is what was written.
fn write(app: &App, asked: &Asked, kind: ExportAs) -> Result<File, Failure> {
    let ctx = &super::now(app)?;
    let (query, streams) = super::query(ctx, &asked.filters)?;
    let mut source = Source::Search(Search {
        read: Plan {
            keep: kind.keep(),
            chunk: SMALL_CHUNK,
            cache: ctx.cache.clone(),
            ..Plan::default()
        },
        ..Search::new(&streams, &query)
    });
    let dir = tempfile::tempdir()
        .context("cannot make a temporary directory for the export")
        .map_err(Failure::Read)?;
    let path = dir.path().join("export");
    let live = ctx.liveness(std::time::Duration::from_secs(86_400));
    let exporting = Exporting {
        kind,
        with_params: false,
        stop: &AtomicBool::new(false),
        progress: &ProgressBar::hidden(),
        // What is not an entry is the log's to tell (`check`), not a download's.
        warnings: &Warnings::new(streams.iter().flatten()),
        provenance: Provenance {
            command: format!("auditlog serve: {}", asked.link(&asked.preset, &[])),
            made: ctx.now.wall,
            files: ctx.files.clone(),
        },
        live: &live,
        zone: ctx.zone,
    };
    exporting
        .to_file(&mut source, &path)
        .map_err(Failure::Read)?;
    File::open(&path)
        .context("cannot read the export back")
        .map_err(Failure::Read)
}
