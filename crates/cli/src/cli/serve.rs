//! The options of `serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where to listen: ADDRESS:PORT (port 0 takes a free one)
    ///
    /// Loopback by default. Any other address needs --auth-file, and --tls-cert with --tls-key
    /// or --behind-proxy.
    #[arg(long, value_name = "ADDRESS:PORT", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Accounts and their password hashes, as htpasswd writes them (bcrypt or argon2)
    ///
    /// One `name:hash` a line: `htpasswd -B -c FILE NAME` makes one. Requests then sign in
    /// with HTTP Basic authentication instead of the printed token.
    #[arg(long, value_name = "FILE", group = "auth")]
    pub auth_file: Option<PathBuf>,

    /// Trust a reverse proxy that authenticates, and names the account in header NAME
    ///
    /// Only when listening on loopback, where only the proxy on this host can connect; a
    /// request without the header is refused.
    #[arg(long, value_name = "NAME", group = "auth")]
    pub trust_proxy_header: Option<String>,

    /// Serve without authentication: only on loopback, where every local user can then read
    /// the log
    #[arg(long, group = "auth")]
    pub no_auth: bool,

    /// The certificate chain to serve HTTPS with (PEM)
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The private key of --tls-cert (PEM)
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Say that a reverse proxy in front terminates TLS, so that plain HTTP beyond loopback is
    /// allowed (with --auth-file)
    #[arg(long)]
    pub behind_proxy: bool,

    /// The longest a request may take, in seconds; a search still running then is answered 503
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,

    /// At most this many searches at once; more wait their turn up to a second, then are
    /// answered 503
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_searches: u32,
}
