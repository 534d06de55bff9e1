//! `auditlog serve`: the Audit Log in a browser for operating staff, served from the files
//! alone, so that it works while JOC and its database do not. Read-only: no request writes or
//! names a file; the logs served are those the command line named.
//!
//! Every request passes, outermost first: the access log on standard error ([`guard`]), the
//! headers every answer carries and the bounds of a request, who may read ([`access`]), and
//! then a page ([`pages`]), whose search runs on a thread of its own, at most `max_searches`
//! at a time.

mod access;
mod filters;
mod guard;
mod live;
mod pages;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use tokio::sync::Semaphore;

pub use access::{Access, Admission, admit};

use crate::context::Context;
use crate::output::warn;

/// How `serve` was asked to run.
pub struct Settings {
    /// Where to listen.
    pub listen: SocketAddr,
    /// Who may read.
    pub access: Access,
    /// The certificate chain and key to serve HTTPS with.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// At most this many searches at once.
    pub max_searches: u32,
    /// How long a request may take, searches included.
    pub request_timeout: Duration,
}

/// What every request may use.
pub struct App {
    /// The command line's context: the logs, their zone, the cache.
    pub ctx: Context,
    /// Who may read.
    pub access: Access,
    /// Whether the server speaks HTTPS (the token's cookie is then `Secure`).
    pub secure: bool,
    /// The port it listens on, which the token's cookie is named after.
    pub port: u16,
    /// The searches that may run at once.
    pub searches: Arc<Semaphore>,
    /// The live views that may follow the log at once.
    pub followers: Arc<Semaphore>,
    /// The searches of whole logs (executions, jobs, reports, exports) that may run at once.
    pub whole: Arc<Semaphore>,
    /// The sign-ins whose password hash may be checked at once.
    pub signing_in: Arc<Semaphore>,
}

/// How many live views may follow the log at once: each holds a thread.
const MAX_FOLLOWERS: usize = 32;

/// How many searches of whole logs may run at once, beside the pages' searches.
const MAX_WHOLE: usize = 2;

/// How many password hashes may be checked at once: each is slow by design.
const MAX_SIGNING_IN: usize = 2;

/// Serves until a signal.
pub fn run(settings: Settings, ctx: Context) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let served = runtime.block_on(serve(settings, ctx));
    // A search still running (a huge log, a hash of absurd cost) does not hold the exit.
    runtime.shutdown_timeout(Duration::from_secs(1));
    served
}

async fn serve(settings: Settings, ctx: Context) -> Result<()> {
    let listener = std::net::TcpListener::bind(settings.listen)
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let bound = listener.local_addr()?;
    let app = Arc::new(App {
        ctx,
        access: settings.access,
        secure: settings.tls.is_some(),
        port: bound.port(),
        searches: Arc::new(Semaphore::new(settings.max_searches as usize)),
        followers: Arc::new(Semaphore::new(MAX_FOLLOWERS)),
        whole: Arc::new(Semaphore::new(MAX_WHOLE)),
        signing_in: Arc::new(Semaphore::new(MAX_SIGNING_IN)),
    });
    // The certificate is read before the address is given out.
    let tls = match &settings.tls {
        Some((cert, key)) => Some(
            RustlsConfig::from_pem_file(cert, key)
                .await
                .context("cannot use --tls-cert and --tls-key")?,
        ),
        None => None,
    };
    let scheme = if app.secure { "https" } else { "http" };
    announce(&app.access, &format!("{scheme}://{bound}/"))?;
    let handle = Handle::new();
    tokio::spawn(stop_on_signal(handle.clone()));
    let service =
        router(app, settings.request_timeout).into_make_service_with_connect_info::<SocketAddr>();
    match tls {
        Some(config) => {
            let mut server = axum_server::from_tcp_rustls(listener, config)?;
            guard::bound_connections(server.http_builder());
            let server = server.first_request_timeout(guard::FIRST_REQUEST);
            server.handle(handle).serve(service).await?;
        }
        None => {
            let mut server = axum_server::from_tcp(listener)?;
            guard::bound_connections(server.http_builder());
            let server = server.first_request_timeout(guard::FIRST_REQUEST);
            server.handle(handle).serve(service).await?;
        }
    }
    Ok(())
}

/// The pages, behind who may read them, the bounds and the headers, and the access log.
fn router(app: Arc<App>, request_timeout: Duration) -> Router {
    Router::new()
        .route("/", get(pages::log::page))
        .route("/executions", get(pages::executions::list))
        .route("/executions/{id}", get(pages::executions::results))
        .route("/jobs", get(pages::jobs::page))
        .route("/report", get(pages::report::page))
        .route("/export.csv", get(pages::export::csv))
        .route("/export.xlsx", get(pages::export::xlsx))
        .route("/live", get(live::live))
        .route("/live.js", get(pages::script))
        .route("/style.css", get(pages::style))
        .fallback(pages::not_found)
        .layer(from_fn_with_state(app.clone(), access::check))
        .layer(axum::middleware::from_fn(guard::bounds))
        .layer(from_fn_with_state(request_timeout, guard::in_time))
        .layer(axum::middleware::from_fn(guard::headers))
        .layer(axum::middleware::from_fn(guard::access_log))
        .with_state(app)
}

/// Says where the view is, on standard output (the URL with its token, as Jupyter does), and
/// what the access means.
fn announce(access: &Access, url: &str) -> Result<()> {
    use std::io::Write;
    let line = match access {
        Access::Token(token) => format!("{url}?token={token}"),
        _ => url.to_owned(),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    if let Access::Open = access {
        warn("--no-auth: every user of this host can now read the log at this address")?;
    }
    Ok(())
}

/// Stops serving on Ctrl-C or SIGTERM, letting the requests under way finish.
async fn stop_on_signal(handle: Handle<SocketAddr>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut term) = signal(SignalKind::terminate()) else {
        return;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    handle.graceful_shutdown(Some(Duration::from_secs(5)));
}
