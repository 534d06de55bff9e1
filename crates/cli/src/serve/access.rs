//! Who may read. Loopback is not trust: on a shared host every local user can reach
//! 127.0.0.1, while the log itself is readable only by its group. So every request shows who
//! it is, by default with a random token that `serve` prints in its URL, as Jupyter does; with
//! `--auth-file`, with an account of an htpasswd file (bcrypt or argon2); with
//! `--trust-proxy-header`, by the header a reverse proxy on this host sets. `--no-auth` opens
//! the view to every local user, and only on loopback.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::{Result, bail};
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use auditlog::safe::{one_line, safe_path};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::App;
use super::pages;

/// Who may read.
pub enum Access {
    /// Whoever has the token printed on start.
    Token(String),
    /// The accounts of an htpasswd file.
    Accounts(Accounts),
    /// Whoever the reverse proxy names in this header.
    Proxy(header::HeaderName),
    /// Everyone who can connect (loopback only).
    Open,
}

/// What decides who may read, and whether `serve` may listen where it was asked to.
pub struct Admission<'a> {
    pub listen: SocketAddr,
    pub auth_file: Option<&'a Path>,
    pub proxy_header: Option<&'a str>,
    pub no_auth: bool,
    pub tls: bool,
    pub behind_proxy: bool,
}

/// Headers that browsers and other clients send of their own, which a proxy's header must not
/// be.
const SENT_BY_CLIENTS: [&str; 17] = [
    "host",
    "user-agent",
    "accept",
    "accept-encoding",
    "accept-language",
    "authorization",
    "cookie",
    "connection",
    "content-length",
    "content-type",
    "origin",
    "referer",
    "te",
    "upgrade",
    "cache-control",
    "pragma",
    "if-none-match",
];

/// Who may read, or why `serve` refuses to start.
pub fn admit(a: Admission) -> Result<Access> {
    let loopback = a.listen.ip().is_loopback();
    if !loopback {
        if a.no_auth || a.proxy_header.is_some() {
            bail!(
                "--no-auth and --trust-proxy-header are allowed only on loopback, and {} is not: \
                 listen on 127.0.0.1, or use --auth-file",
                a.listen
            );
        }
        if a.auth_file.is_none() {
            bail!(
                "listening on {}, beyond this host, needs --auth-file FILE (an htpasswd file of \
                 bcrypt or argon2 hashes: htpasswd -B -c FILE NAME)",
                a.listen
            );
        }
        if !a.tls && !a.behind_proxy {
            bail!(
                "listening on {}, beyond this host, needs HTTPS: give --tls-cert FILE and \
                 --tls-key FILE, or say --behind-proxy when a reverse proxy in front terminates TLS",
                a.listen
            );
        }
    }
    if let Some(path) = a.auth_file {
        return Ok(Access::Accounts(Accounts::load(path)?));
    }
    if let Some(name) = a.proxy_header {
        let Ok(name) = header::HeaderName::try_from(name) else {
            bail!(
                "--trust-proxy-header: {:?} is not a header name",
                one_line(name)
            );
        };
        if SENT_BY_CLIENTS.contains(&name.as_str()) {
            bail!(
                "--trust-proxy-header: every client sends {}, so it proves nothing: name the header your proxy sets, such as X-Remote-User",
                name.as_str()
            );
        }
        return Ok(Access::Proxy(name));
    }
    if a.no_auth {
        return Ok(Access::Open);
    }
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("cannot make a token: {e}"))?;
    Ok(Access::Token(
        bytes.iter().map(|b| format!("{b:02x}")).collect(),
    ))
}

/// The accounts of an htpasswd file, and the credentials already verified (hashes are slow
/// by design; each is verified once).
pub struct Accounts {
    hashes: Vec<(String, String)>,
    verified: Mutex<HashSet<[u8; 32]>>,
}

/// The largest htpasswd file read: thousands of accounts.
const MAX_ACCOUNTS: u64 = 1 << 20;

/// How many verified credentials are remembered before they are forgotten all at once.
const REMEMBERED: usize = 1024;

impl Accounts {
    /// Reads an htpasswd file: `name:hash` a line, bcrypt (`$2y$`, `$2b$`, `$2a$`) or argon2.
    pub fn load(path: &Path) -> Result<Accounts> {
        let cannot = |e: &dyn std::fmt::Display| {
            anyhow::anyhow!("cannot read --auth-file {}: {e}", safe_path(path))
        };
        let bytes = auditlog::durable::read_small(path, MAX_ACCOUNTS).map_err(|e| cannot(&e))?;
        let text = String::from_utf8(bytes).map_err(|e| cannot(&e))?;
        let mut hashes = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let shown = || format!("--auth-file {} line {}", safe_path(path), i + 1);
            let Some((name, hash)) = line.split_once(':') else {
                bail!("{}: not name:hash", shown());
            };
            let bcrypt = ["$2y$", "$2b$", "$2a$"].iter().any(|p| hash.starts_with(p));
            let argon2 =
                PasswordHash::new(hash).is_ok_and(|h| h.algorithm.as_str().starts_with("argon2"));
            if let Some(why) = too_costly(hash, bcrypt) {
                bail!("{}: the hash of {:?} {why}", shown(), one_line(name));
            }
            if !bcrypt && !argon2 {
                bail!(
                    "{}: the hash of {:?} is neither bcrypt nor argon2 (htpasswd -B makes bcrypt)",
                    shown(),
                    one_line(name)
                );
            }
            hashes.push((name.to_owned(), hash.to_owned()));
        }
        if hashes.is_empty() {
            bail!("--auth-file {} holds no account", safe_path(path));
        }
        Ok(Accounts {
            hashes,
            verified: Mutex::new(HashSet::new()),
        })
    }

    /// The account that `authorization` (a Basic credential) signs in as, if any.
    fn verify(&self, authorization: &str) -> Option<String> {
        let encoded = authorization.strip_prefix("Basic ")?;
        let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
        let (name, password) = decoded.split_once(':')?;
        let key: [u8; 32] = Sha256::digest(authorization.as_bytes()).into();
        let mut verified = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        if verified.contains(&key) {
            return Some(name.to_owned());
        }
        drop(verified);
        // An unknown account costs what a known one does, so that names cannot be told by time.
        let (known, hash) = match self.hashes.iter().find(|(n, _)| n == name) {
            Some((_, hash)) => (true, hash),
            None => (false, &self.hashes[0].1),
        };
        let matches = if hash.starts_with("$2") {
            bcrypt::verify(password, hash).unwrap_or(false)
        } else {
            PasswordHash::new(hash).is_ok_and(|h| {
                argon2::Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
        };
        if !(known && matches) {
            return None;
        }
        verified = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        if verified.len() >= REMEMBERED {
            verified.clear();
        }
        verified.insert(key);
        Some(name.to_owned())
    }
}

/// Why checking a password against `hash` would cost more than a sign-in may (each request
/// that signs in pays it, and whoever does not know the password can make it pay): bcrypt's
/// cost above 14, argon2's memory above 256 MiB, its passes above 16 or its lanes above 8.
fn too_costly(hash: &str, bcrypt: bool) -> Option<String> {
    if bcrypt {
        let cost: u32 = hash.get(4..6)?.parse().ok()?;
        return (cost > 14)
            .then(|| format!("has bcrypt's cost {cost}: at most 14 (htpasswd -B -C 12)"));
    }
    let parsed = PasswordHash::new(hash).ok()?;
    let param = |name: &str| parsed.params.get_decimal(name).unwrap_or(0);
    let (memory, passes, lanes) = (param("m"), param("t"), param("p"));
    (memory > 262_144 || passes > 16 || lanes > 8).then(|| {
        format!(
            "asks argon2 for m={memory} KiB, t={passes}, p={lanes}: at most m=262144, t=16, p=8"
        )
    })
}

/// Who a request was served to, for the access log.
#[derive(Clone)]
pub struct Who(pub String);

/// The name of the cookie that carries the token once the printed URL was opened, with the
/// port after it: a browser sends a host's cookies to all its ports, and two servers must not
/// take each other's.
const COOKIE: &str = "auditlog_token";

/// Lets a request through when it shows who it is, and says who; else 401.
pub async fn check(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let who = match &app.access {
        // With nobody asked, or a header anyone may set, a page elsewhere could have the
        // browser ask under a name it made point here (DNS rebinding), and set the header too:
        // only a loopback name is answered. A proxy in front names the address it passes to.
        Access::Open | Access::Proxy(_) if !loopback_host(req.headers()) => {
            return pages::problem(
                StatusCode::MISDIRECTED_REQUEST,
                "This view answers only at 127.0.0.1, [::1] or localhost here.",
            );
        }
        Access::Open => Some("-".to_owned()),
        Access::Token(token) => {
            let cookie = format!("{COOKIE}_{}", app.port);
            if let Some(redirect) = token_in_url(&req, token, &cookie, app.secure) {
                return redirect;
            }
            shows_token(req.headers(), token, &cookie).then(|| "token".to_owned())
        }
        Access::Accounts(_) => {
            let authorization = header_text(req.headers(), &header::AUTHORIZATION);
            match authorization {
                Some(credential) => {
                    let waited = tokio::time::timeout(
                        std::time::Duration::from_secs(1),
                        app.signing_in.clone().acquire_owned(),
                    )
                    .await;
                    let Ok(Ok(permit)) = waited else {
                        return pages::problem(
                            StatusCode::SERVICE_UNAVAILABLE,
                            "Too many sign-ins at once: try again in a moment.",
                        );
                    };
                    let accounts = app.clone();
                    tokio::task::spawn_blocking(move || {
                        let _permit = permit;
                        match &accounts.access {
                            Access::Accounts(a) => a.verify(&credential),
                            _ => None,
                        }
                    })
                    .await
                    .ok()
                    .flatten()
                }
                None => None,
            }
        }
        Access::Proxy(name) => header_text(req.headers(), name).filter(|v| !v.is_empty()),
    };
    let Some(who) = who else {
        return refused(&app.access);
    };
    let mut response = next.run(req).await;
    response.extensions_mut().insert(Who(who));
    response
}

/// Whether the request names this host by a loopback name or address.
fn loopback_host(headers: &HeaderMap) -> bool {
    let Some(host) = header_text(headers, &header::HOST) else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host
            .rsplit_once(':')
            .map_or(host.as_str(), |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn header_text(headers: &HeaderMap, name: &header::HeaderName) -> Option<String> {
    headers.get(name)?.to_str().ok().map(str::to_owned)
}

/// Whether the token comes as the cookie the printed URL set, or as a bearer credential.
fn shows_token(headers: &HeaderMap, token: &str, cookie: &str) -> bool {
    let same = |given: &str| bool::from(given.as_bytes().ct_eq(token.as_bytes()));
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name == cookie && same(value));
    let bearer = header_text(headers, &header::AUTHORIZATION)
        .and_then(|v| v.strip_prefix("Bearer ").map(|t| same(t.trim())))
        .unwrap_or(false);
    cookie || bearer
}

/// The printed URL opened: the token becomes a cookie and leaves the address, so that it is
/// neither in the history nor in what is bookmarked.
fn token_in_url(req: &Request, token: &str, cookie: &str, secure: bool) -> Option<Response> {
    let query = req.uri().query()?;
    let given = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))?;
    if !bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
        return Some(refused_token());
    }
    let rest: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.starts_with("token="))
        .collect();
    // Only this server's own paths: `//host/` would send the browser elsewhere.
    let path = req.uri().path();
    let mut to = match path.starts_with("//") || path.starts_with("/\\") {
        true => "/".to_owned(),
        false => path.to_owned(),
    };
    if !rest.is_empty() {
        to = format!("{to}?{}", rest.join("&"));
    }
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{cookie}={token}; HttpOnly; SameSite=Strict; Path=/{secure}");
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Some(response)
}

fn refused(access: &Access) -> Response {
    match access {
        Access::Accounts(_) => {
            let mut response = pages::problem(
                StatusCode::UNAUTHORIZED,
                "Sign in with an account of the server's --auth-file.",
            );
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"auditlog\", charset=\"UTF-8\""),
            );
            response
        }
        Access::Proxy(_) => pages::problem(
            StatusCode::UNAUTHORIZED,
            "This view is reached through the reverse proxy that signs you in.",
        ),
        _ => refused_token(),
    }
}

fn refused_token() -> Response {
    pages::problem(
        StatusCode::UNAUTHORIZED,
        "Open the address `auditlog serve` printed when it started: it carries the token.",
    )
}
