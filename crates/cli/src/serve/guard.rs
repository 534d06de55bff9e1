//! What every answer carries and every request is held to: the headers that keep a page from
//! running what it did not bring, from being framed, cached or followed with a referrer; the
//! bounds of a request (its method, its address's length, its body, its headers, the time it
//! may take to arrive); and the access log, one line a request on standard error.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::HttpBody;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use hyper_util::rt::TokioExecutor;
use hyper_util::server::conn::auto::Builder;

use super::access::Who;
use super::pages;

/// The longest request target (path and query) taken; longer is 414.
pub const MAX_TARGET: usize = 8 << 10;

/// The most bytes of a request's head (its line and headers); more is 431.
const MAX_HEAD: usize = 16 << 10;

/// How long a connection may take to send its first request, and a request its head.
pub const FIRST_REQUEST: Duration = Duration::from_secs(10);

/// The policy every page is served under: nothing runs or loads but what this server sends.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                      connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Bounds what a connection may send before it is answered.
pub fn bound_connections(builder: &mut Builder<TokioExecutor>) {
    builder
        .http1()
        .max_buf_size(MAX_HEAD)
        .header_read_timeout(FIRST_REQUEST)
        .timer(hyper_util::rt::TokioTimer::new());
}

/// Refuses what a read-only view never takes: any method but GET and HEAD, a body, a target
/// too long.
pub async fn bounds(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut response = pages::problem(
            StatusCode::METHOD_NOT_ALLOWED,
            "This view is read-only: it answers GET and HEAD.",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let target = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if target > MAX_TARGET {
        return pages::problem(
            StatusCode::URI_TOO_LONG,
            &format!("The address is longer than {MAX_TARGET} bytes."),
        );
    }
    let body = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v != "0");
    if body || req.headers().contains_key(header::TRANSFER_ENCODING) {
        return pages::problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "This view takes no request body.",
        );
    }
    next.run(req).await
}

/// Answers 503, saying why, when a request takes longer than `limit`.
pub async fn in_time(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => pages::problem(
            StatusCode::SERVICE_UNAVAILABLE,
            &format!(
                "The request took longer than {} s (--request-timeout): narrow the filters, or try again.",
                limit.as_secs()
            ),
        ),
    }
}

/// The headers every answer carries.
pub async fn headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// One line a request on standard error, in the Common Log Format and the time it took:
/// `127.0.0.1 - alice [07/Dec/2026:15:20:00 +0000] "GET /?user=x HTTP/1.1" 200 5120 3ms`.
/// A token in the address is not written.
pub async fn access_log(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "-".to_owned(), |c| c.0.ip().to_string());
    let line = format!(
        "{} {} {:?}",
        req.method(),
        shown_target(req.uri().path_and_query().map_or("", |p| p.as_str())),
        req.version()
    );
    let response = next.run(req).await;
    let who = response
        .extensions()
        .get::<Who>()
        .map_or("-", |w| w.0.as_str());
    let bytes = response
        .body()
        .size_hint()
        .exact()
        .map_or_else(|| "-".to_owned(), |n| n.to_string());
    let text = format!(
        "{peer} - {} [{}] \"{line}\" {} {bytes} {}ms\n",
        escaped(who),
        chrono::Local::now().format("%d/%b/%Y:%H:%M:%S %z"),
        response.status().as_u16(),
        started.elapsed().as_millis(),
    );
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
    response
}

/// The most of a request's target the access log writes.
const SHOWN_TARGET: usize = 1024;

/// A request's target as the access log writes it: the token's value left out, and no more
/// than [`SHOWN_TARGET`] bytes of it.
fn shown_target(target: &str) -> String {
    let mut cut = SHOWN_TARGET.min(target.len());
    while !target.is_char_boundary(cut) {
        cut -= 1;
    }
    let more = if cut < target.len() { "…" } else { "" };
    let target = &target[..cut];
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut shown = escaped(path);
    if !query.is_empty() {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) if is_token(name) => format!("{}=…", escaped(name)),
                _ => escaped(pair),
            })
            .collect();
        shown = format!("{shown}?{}", pairs.join("&"));
    }
    shown + more
}

/// Whether a query's name is `token`, however it is spelt (`TOKEN`, `%74oken`).
fn is_token(name: &str) -> bool {
    let mut decoded = Vec::new();
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                decoded.push(b);
                i += 3;
            }
            (b, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    decoded.eq_ignore_ascii_case(b"token")
}

/// Text for a log line: quotes, backslashes and what is not printable ASCII as `\xNN`.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'"' | b'\\' | ..=0x1f | 0x7f.. => {
                let _ = write!(out, "\\x{b:02X}");
            }
            _ => out.push(b as char),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_access_log_leaves_out_the_token_and_escapes_what_is_not_printable() {
        assert_eq!(
            shown_target("/?token=abc&user=r%C3%B6&x=\"\u{1b}[31m"),
            "/?token=…&user=r%C3%B6&x=\\x22\\x1B[31m"
        );
        assert_eq!(escaped("al\\ice\n"), "al\\x5Cice\\x0A");
        assert_eq!(
            shown_target("/?TOKEN=abc&%74oken=def&tokens=x"),
            "/?TOKEN=…&%74oken=…&tokens=x"
        );
    }
}
