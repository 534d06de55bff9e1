//! `auditlog serve` over HTTP, spoken byte for byte on a socket: who is let in, the headers,
//! the bounds, the Audit Log's entries and pages, and a hostile log rendered as text.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::process::{Child, ChildStdout};
use std::time::Duration;

use calamine::{Reader as _, Xlsx, open_workbook};

use super::*;

/// A server started on a free loopback port, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    /// host:port.
    pub(crate) addr: String,
    /// The address it printed, token and all.
    pub(crate) url: String,
    _stdout: BufReader<ChildStdout>,
}

impl Server {
    /// `auditlog --file week.log serve --listen 127.0.0.1:0` and `args`.
    pub(crate) fn start(env: &Env, args: &[&str]) -> Server {
        Server::spawn(env.cmd(), env, args)
    }

    /// The same with `cmd` as the command to start.
    pub(crate) fn spawn(mut cmd: Command, env: &Env, args: &[&str]) -> Server {
        let mut child = cmd
            .args(["--file", "week.log", "serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(fs::File::create(env.path("serve.err")).unwrap())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut url = String::new();
        stdout.read_line(&mut url).unwrap();
        let url = url.trim_end().to_owned();
        let rest = url
            .strip_prefix("http://")
            .or_else(|| url.strip_prefix("https://"));
        let addr = rest.unwrap().split('/').next().unwrap().to_owned();
        assert!(addr.starts_with("127.0.0.1:"), "printed {url:?}");
        Server {
            child,
            addr,
            url,
            _stdout: stdout,
        }
    }

    /// The cookie the printed address sets, named after the port.
    pub(crate) fn cookie(&self) -> String {
        let port = self.addr.rsplit_once(':').unwrap().1;
        format!("Cookie: auditlog_token_{port}={}", self.token())
    }

    /// The token of the printed address.
    pub(crate) fn token(&self) -> &str {
        self.url.split_once("?token=").unwrap().1
    }

    /// Sends `request` as written and reads the whole answer.
    fn raw(&self, request: &str) -> Answer {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        Answer::parse(&String::from_utf8(bytes).unwrap())
    }

    /// GET `target` with `headers` (each a whole line).
    fn get(&self, target: &str, headers: &[&str]) -> Answer {
        let mut request = format!("GET {target} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for line in headers {
            request.push_str(line);
            request.push_str("\r\n");
        }
        request.push_str("Connection: close\r\n\r\n");
        self.raw(&request)
    }

    /// GET `target` with the token's cookie: the status, the headers and the body's bytes.
    fn download(&self, target: &str) -> (Answer, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: x\r\n{}\r\nConnection: close\r\n\r\n",
            self.cookie()
        )
        .unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        let head = Answer::parse(std::str::from_utf8(&bytes[..end]).unwrap());
        (head, bytes[end..].to_vec())
    }

    /// GET `target` with the token's cookie.
    pub(crate) fn page(&self, target: &str) -> Answer {
        let cookie = self.cookie();
        self.get(target, &[&cookie])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, headers (names in lower case, in order), body.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Answer {
    fn parse(text: &str) -> Answer {
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.to_ascii_lowercase(), v.trim().to_owned())
            })
            .collect();
        Answer {
            status,
            headers,
            body: body.to_owned(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// What every element with this `data-label` holds, in order: a row's cell (`<td>`) or
    /// an entry's (`<span>`).
    fn cells(&self, label: &str) -> Vec<String> {
        let marker = format!("data-label=\"{label}\">");
        let pieces: Vec<&str> = self.body.split(&marker).collect();
        pieces
            .windows(2)
            .map(|pair| {
                let tag = &pair[0][pair[0].rfind('<').unwrap() + 1..];
                let close = if tag.starts_with("td") {
                    "</td>"
                } else {
                    "</span>"
                };
                pair[1][..pair[1].find(close).unwrap()].to_owned()
            })
            .collect()
    }

    /// The address of the link with this `rel`, unescaped.
    fn link(&self, rel: &str) -> Option<String> {
        let at = self.body.find(&format!("rel=\"{rel}\""))?;
        let start = self.body[..at].rfind("href=\"")? + "href=\"".len();
        let end = start + self.body[start..].find('"')?;
        Some(self.body[start..end].replace("&amp;", "&"))
    }
}

/// The references `list` shows, newest first, of the log `week.log` with `filters`.
pub(crate) fn refs(env: &Env, filters: &[&str]) -> Vec<String> {
    let out = env.run(&[&["--file", "week.log", "list", "-o", "json"], filters].concat());
    let entries: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
    entries
        .iter()
        .map(|e| e["ref"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_printed_address_lets_in_and_nothing_else_does() {
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &[]);
    let refused = server.get("/", &[]);
    assert_eq!(refused.status, 401);
    assert!(
        refused
            .body
            .contains("Open the address `auditlog serve` printed")
    );
    for wrong in [
        "Cookie: auditlog_token=0123",
        // The cookie of a server on another port is not this one's.
        &format!("Cookie: auditlog_token={}", server.token()) as &str,
        "Authorization: Bearer 0123",
        "Cookie: other=1",
    ] {
        assert_eq!(server.get("/", &[wrong]).status, 401, "{wrong}");
    }
    assert_eq!(server.get("/?token=wrong", &[]).status, 401);

    // The printed address sets the cookie and sends the browser on without the token.
    let opened = server.get(&format!("/?user=root&token={}", server.token()), &[]);
    assert_eq!(opened.status, 303);
    assert_eq!(opened.header("location"), Some("/?user=root"));
    assert_eq!(
        opened.header("set-cookie").unwrap(),
        format!(
            "auditlog_token_{}={}; HttpOnly; SameSite=Strict; Path=/",
            server.addr.rsplit_once(':').unwrap().1,
            server.token()
        )
    );
    let page = server.page("/?user=root");
    assert_eq!(page.status, 200);
    assert_eq!(page.cells("User Account"), ["root"; 4]);
    let bearer = format!("Authorization: Bearer {}", server.token());
    assert_eq!(server.get("/style.css", &[&bearer]).status, 200);

    // The access log says who, what, the status and the time, and never the token.
    let log = env.read("serve.err");
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 9, "{log}");
    let line = regex::Regex::new(
        r#"^127\.0\.0\.1 - (-|token) \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET (/\S*) HTTP/1\.1" (\d{3}) (\d+|-) \d+ms$"#,
    )
    .unwrap();
    let seen: Vec<(String, String, String)> = lines
        .iter()
        .map(|l| {
            let c = line.captures(l).unwrap_or_else(|| panic!("{l}"));
            (c[1].to_owned(), c[2].to_owned(), c[3].to_owned())
        })
        .collect();
    let want = [
        ("-", "/", "401"),
        ("-", "/", "401"),
        ("-", "/", "401"),
        ("-", "/", "401"),
        ("-", "/", "401"),
        ("-", "/?token=…", "401"),
        ("-", "/?user=root&token=…", "303"),
        ("token", "/?user=root", "200"),
        ("token", "/style.css", "200"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(seen, want);
    assert!(!log.contains(server.token()));
}

#[test]
fn every_answer_carries_the_headers_that_keep_a_page_to_itself() {
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &[]);
    for answer in [
        server.page("/"),
        server.get("/", &[]),
        server.page("/nowhere"),
    ] {
        let got: Vec<(&str, Option<&str>)> = [
            "content-security-policy",
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
            "cache-control",
        ]
        .iter()
        .map(|name| (*name, answer.header(name)))
        .collect();
        assert_eq!(
            got,
            [
                (
                    "content-security-policy",
                    Some(
                        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                         connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
                    )
                ),
                ("x-content-type-options", Some("nosniff")),
                ("x-frame-options", Some("DENY")),
                ("referrer-policy", Some("no-referrer")),
                ("cache-control", Some("no-store")),
            ],
            "{}",
            answer.status
        );
    }
    assert_eq!(server.page("/nowhere").status, 404);
}

#[test]
fn a_request_beyond_its_bounds_is_refused_with_its_reason() {
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &[]);
    let cookie = server.cookie();
    let post = server.raw(&format!(
        "POST / HTTP/1.1\r\nHost: x\r\n{cookie}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab"
    ));
    assert_eq!(
        (post.status, post.header("allow")),
        (405, Some("GET, HEAD"))
    );
    let body = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: x\r\n{cookie}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab"
    ));
    assert_eq!(body.status, 413);
    let long = format!("/?user={}", "a".repeat(8 << 10));
    assert_eq!(server.page(&long).status, 414);
    let big = format!("X-Big: {}", "a".repeat(20 << 10));
    assert_eq!(server.get("/", &[&cookie, &big]).status, 431);
    // What a request names is never a file.
    for target in ["/../../etc/passwd", "/week.log", "/?file=/etc/passwd"] {
        let answer = server.page(target);
        assert!([400, 404].contains(&answer.status), "{target}");
        assert!(!answer.body.contains("root:x:0:0"));
    }
}

#[test]
fn a_bad_filter_is_a_400_with_the_message_list_gives() {
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &[]);
    for (target, flag) in [
        ("/?since=bogus", "--since=bogus"),
        ("/?weekdays=funday", "--weekdays=funday"),
        ("/?category=nope", "--category=nope"),
    ] {
        let answer = server.page(target);
        assert_eq!(answer.status, 400, "{target}");
        let cli = env.run(&["--file", "week.log", "list", flag]);
        let first = cli.stderr.lines().next().unwrap();
        let message = first
            .strip_prefix("auditlog: ")
            .or_else(|| first.strip_prefix("error: "))
            .unwrap();
        let shown = message
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        assert!(
            answer
                .body
                .contains(&format!("<p class=\"problem\">{shown}")),
            "{target}: {message}\n{}",
            answer.body
        );
    }
}

#[test]
fn pages_older_and_newer_walk_every_entry_list_shows() {
    // Also where stamps go backwards, and in the hour repeated when daylight saving ends: a
    // page ends at a place in the file, not at a time.
    for (fixture, zone) in [
        ("week.log", "UTC"),
        ("backwards.log", "UTC"),
        ("dst.log", "Europe/Berlin"),
        ("forms.log", "UTC"),
    ] {
        let env = Env::new();
        fs::copy(root().join("fixtures").join(fixture), env.path("week.log")).unwrap();
        let server = Server::start(&env, &["--tz", zone]);
        let all = refs(&env, &["--tz", zone]);
        assert!(all.len() > 3, "{fixture}");
        for n in [1, 3] {
            let (older, newer) = walk(&server, &format!("/?n={n}"), n);
            assert_eq!(older, all, "{fixture}: older by {n}");
            assert_eq!(newer, all, "{fixture}: newer by {n}");
        }
    }
    // Long bodies: a page holds a few megabytes of them, and the links go on from there.
    let env = Env::new();
    let body = "x".repeat(900 << 10);
    let log: String = (0..12)
        .map(|i| {
            format!(
                "2026-11-23T10:00:{i:02},000 INFO  REQUEST: ./orders/add - USER: u{i} - PARAMS: \
                 {{\"a\":\"{body}\"}} - COMMENT: - - TIMESPENT: - - TICKET: -\n"
            )
        })
        .collect();
    env.write("week.log", &log);
    let server = Server::start(&env, &[]);
    let first = server.page("/");
    assert_eq!(first.cells("Ref").len(), 4);
    let all = refs(&env, &[]);
    assert_eq!(walk(&server, "/", 50), (all.clone(), all));
    // The same with a filter: only its entries, in the same order.
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &[]);
    let page = server.page("/?user=jdoe&n=2");
    assert_eq!(page.cells("Ref"), refs(&env, &["--user", "jdoe"])[..2]);
    assert_eq!(page.cells("User Account"), ["jdoe"; 2]);
}

/// The references shown following the Older links from `start` to the last page, and then the
/// Newer links back to the first, in the order shown.
fn walk(server: &Server, start: &str, n: usize) -> (Vec<String>, Vec<String>) {
    let mut older = Vec::new();
    let mut target = start.to_owned();
    loop {
        let page = server.page(&target);
        assert_eq!(page.status, 200, "{target}");
        assert!(page.cells("Ref").len() <= n);
        older.extend(page.cells("Ref"));
        match page.link("next") {
            Some(next) => target = next,
            None => break,
        }
    }
    let mut newer = Vec::new();
    loop {
        let page = server.page(&target);
        newer.splice(0..0, page.cells("Ref"));
        match page.link("prev") {
            Some(prev) => target = prev,
            None => break,
        }
    }
    (older, newer)
}

/// Whether `program` can be run; says why a test skips when not.
pub(crate) fn have(program: &str, package: &str) -> bool {
    let there = Command::new(program).arg("--version").output().is_ok();
    if !there {
        eprintln!("skipping: {program} is not installed (Debian's {package} package)");
    }
    there
}

#[test]
fn it_refuses_to_listen_beyond_loopback_without_accounts_and_https() {
    let env = Env::new();
    env.fixture("week.log");
    let serve = |args: &[&str]| env.run(&[&["--file", "week.log", "serve"], args].concat());
    env.write(
        "accounts",
        "ops:$2y$05$abcdefghijklmnopqrstuuJ1bXoJmJjS1K0K5sTq1xVv5GZCzjLnW\n",
    );
    assert_eq!(
        serve(&["--listen", "0.0.0.0:0"]),
        failed(
            "auditlog: listening on 0.0.0.0:0, beyond this host, needs --auth-file FILE (an htpasswd \
             file of bcrypt or argon2 hashes: htpasswd -B -c FILE NAME)\n"
        )
    );
    assert_eq!(
        serve(&["--listen", "0.0.0.0:0", "--auth-file", "accounts"]),
        failed(
            "auditlog: listening on 0.0.0.0:0, beyond this host, needs HTTPS: give --tls-cert FILE \
             and --tls-key FILE, or say --behind-proxy when a reverse proxy in front terminates TLS\n"
        )
    );
    for open in [&["--no-auth"][..], &["--trust-proxy-header", "X-User"]] {
        assert_eq!(
            serve(&[&["--listen", "[::]:0", "--behind-proxy"], open].concat()),
            failed(
                "auditlog: --no-auth and --trust-proxy-header are allowed only on loopback, and \
                 [::]:0 is not: listen on 127.0.0.1, or use --auth-file\n"
            )
        );
    }
    // An htpasswd file of hashes it cannot verify is refused with its line.
    env.write("md5", "ops:$apr1$x8E5dqlV$0YUQEfVdv6Etv7dMDrVe//\n");
    assert_eq!(
        serve(&["--auth-file", "md5"]),
        failed(
            "auditlog: --auth-file md5 line 1: the hash of \"ops\" is neither bcrypt nor argon2 \
             (htpasswd -B makes bcrypt)\n"
        )
    );
    let out = serve(&["--no-auth", "--auth-file", "accounts"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
}

#[test]
fn accounts_of_an_htpasswd_file_sign_in_with_basic_authentication() {
    if !have("htpasswd", "apache2-utils") {
        return;
    }
    let env = Env::new();
    env.fixture("week.log");
    let made = Command::new("htpasswd")
        .args(["-B", "-C", "5", "-b", "-c"])
        .arg(env.path("accounts"))
        .args(["ops", "s3cret:with colon"])
        .output()
        .unwrap();
    assert!(made.status.success());
    // An argon2 hash beside it, as the argon2 tools write them.
    let argon2 = {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let salt = SaltString::encode_b64(b"sixteen byte salt").unwrap();
        argon2::Argon2::default()
            .hash_password(b"night shift", &salt)
            .unwrap()
            .to_string()
    };
    let mut file = fs::OpenOptions::new()
        .append(true)
        .open(env.path("accounts"))
        .unwrap();
    writeln!(file, "night:{argon2}").unwrap();
    let server = Server::start(&env, &["--auth-file", "accounts"]);
    assert_eq!(server.url, format!("http://{}/", server.addr));
    let basic = |user: &str, password: &str| {
        use base64::Engine;
        let text = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        format!("Authorization: Basic {text}")
    };
    let refused = server.get("/", &[]);
    assert_eq!(
        (refused.status, refused.header("www-authenticate")),
        (401, Some("Basic realm=\"auditlog\", charset=\"UTF-8\""))
    );
    for (user, password, status) in [
        ("ops", "s3cret:with colon", 200),
        ("ops", "s3cret", 401),
        ("night", "night shift", 200),
        ("night", "s3cret:with colon", 401),
        ("nobody", "s3cret:with colon", 401),
    ] {
        let answer = server.get("/?n=1", &[&basic(user, password)]);
        assert_eq!(answer.status, status, "{user}:{password}");
    }
    // The token of the default access is no way in here.
    assert_eq!(server.get("/?token=x", &[]).status, 401);
    let log = env.read("serve.err");
    let who: Vec<&str> = log.lines().map(|l| l.split(' ').nth(2).unwrap()).collect();
    assert_eq!(who, ["-", "ops", "-", "night", "-", "-", "-"]);
}

#[test]
fn a_trusted_proxy_names_who_reads_and_without_its_header_no_one_does() {
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &["--trust-proxy-header", "X-Remote-User"]);
    assert_eq!(server.url, format!("http://{}/", server.addr));
    assert_eq!(server.get("/?n=1", &[]).status, 401);
    assert_eq!(server.get("/?n=1", &["X-Remote-User: "]).status, 401);
    assert_eq!(server.get("/?n=1", &["X-Remote-User: alice"]).status, 200);
    // Under a name that is not this host's loopback, the header proves nothing.
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: evil.example\r\nX-Remote-User: alice\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    assert_eq!(Answer::parse(&text).status, 421);
    let log = env.read("serve.err");
    let who: Vec<&str> = log.lines().map(|l| l.split(' ').nth(2).unwrap()).collect();
    assert_eq!(who, ["-", "-", "alice", "-"]);
}

#[test]
fn it_serves_https_with_the_certificate_it_is_given() {
    if !have("openssl", "openssl") || !have("curl", "curl") {
        return;
    }
    let env = Env::new();
    env.fixture("week.log");
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(env.path("key.pem"))
        .arg("-out")
        .arg(env.path("cert.pem"))
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let server = Server::start(&env, &["--tls-cert", "cert.pem", "--tls-key", "key.pem"]);
    assert!(
        server.url.starts_with("https://127.0.0.1:"),
        "{}",
        server.url
    );
    let curl = |extra: &[&str]| {
        let out = Command::new("curl")
            .args(["-s", "-o", "/dev/null", "-w", "%{http_code} %{scheme}"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let cacert = env.path("cert.pem");
    let cacert = cacert.to_str().unwrap();
    let bearer = format!("Authorization: Bearer {}", server.token());
    let base = server.url.split('?').next().unwrap().to_owned();
    assert_eq!(
        curl(&["--cacert", cacert, "-H", &bearer, &base]),
        "200 HTTPS"
    );
    assert_eq!(curl(&["--cacert", cacert, &base]), "401 HTTPS");
    // The cookie the token sets is Secure over HTTPS.
    let out = Command::new("curl")
        .args([
            "-s",
            "-D",
            "-",
            "-o",
            "/dev/null",
            "--cacert",
            cacert,
            &server.url,
        ])
        .output()
        .unwrap();
    let head = String::from_utf8(out.stdout).unwrap();
    assert!(head.contains("; Path=/; Secure\r\n"), "{head}");
    // Plain HTTP to the HTTPS port gets no page.
    let plain = base.replacen("https://", "http://", 1);
    assert!(!curl(&["-H", &bearer, &plain]).starts_with("200"));
}

#[test]
fn a_hostile_log_is_shown_as_text_and_only_web_tickets_are_links() {
    let env = Env::new();
    let line = |stamp: &str, user: &str, reason: &str, ticket: &str| {
        format!(
            "2026-11-23T{stamp},000 INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: \
             {{\"controllerId\":\"<script>document.title='pwned'</script>\"}} - COMMENT: {reason} - \
             TIMESPENT: - - TICKET: {ticket}\n"
        )
    };
    let log = [
        line(
            "10:00:00",
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(2)>",
            "javascript:alert(3)",
        ),
        line(
            "10:00:01",
            "mallory",
            "\u{1b}]0;owned\u{7}\u{1b}[31mred",
            "JAVASCRIPT:alert(4)",
        ),
        line(
            "10:00:02",
            "eve",
            "</pre><script src=/x.js></script>",
            "https://tickets.example.com/browse/OPS-1?a=1&b=\"2\"",
        ),
        line(
            "10:00:03",
            "trent",
            "data",
            "data:text/html,<script>alert(5)</script>",
        ),
    ]
    .concat();
    env.write("week.log", &log);
    let server = Server::start(&env, &[]);
    let page = server.page("/");
    assert_eq!(page.status, 200);
    let body = &page.body;
    for raw in ["<script", "<img", "</pre><script", "\u{1b}", "\u{7}"] {
        assert!(!body.contains(raw), "{raw:?} reached the page");
    }
    assert_eq!(
        page.cells("User Account"),
        [
            "trent",
            "eve",
            "mallory",
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        ]
    );
    assert_eq!(
        page.cells("Reason")[3],
        "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"
    );
    // Only the https ticket is a link; the others are text.
    let links: Vec<&str> = body
        .split("<a href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .filter(|href| !href.starts_with('/'))
        .collect();
    assert_eq!(
        links,
        ["https://tickets.example.com/browse/OPS-1?a=1&amp;b=&quot;2&quot;"]
    );
    assert_eq!(
        page.cells("Ticket Link"),
        [
            "data:text/html,&lt;script&gt;alert(5)&lt;/script&gt;",
            "<a href=\"https://tickets.example.com/browse/OPS-1?a=1&amp;b=&quot;2&quot;\" rel=\"noopener noreferrer nofollow\">https://tickets.example.com/browse/OPS-1?a=1&amp;b=&quot;2&quot;</a>",
            "JAVASCRIPT:alert(4)",
            "javascript:alert(3)",
        ]
    );
    // Terminal escapes show as visible stand-ins, as on a terminal.
    assert!(
        page.cells("Reason")[2].starts_with('␛'),
        "{:?}",
        page.cells("Reason")[2]
    );
}

#[test]
fn searches_beyond_the_bound_wait_a_second_then_are_answered_503() {
    let env = Env::new();
    env.fixture("week.log");
    let mut cmd = env.cmd();
    cmd.env("AUDITLOG_FAILPOINT", "serve:slow");
    let server = Server::spawn(cmd, &env, &["--max-searches", "1"]);
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let held = s.spawn(|| server.page("/").status);
        std::thread::sleep(Duration::from_millis(500));
        let second = server.page("/?user=root");
        vec![held.join().unwrap(), second.status]
    });
    let mut sorted = statuses.clone();
    sorted.sort();
    assert_eq!(sorted, [200, 503], "{statuses:?}");
    drop(server);

    // A request that takes longer than --request-timeout is answered 503 then.
    let mut cmd = env.cmd();
    cmd.env("AUDITLOG_FAILPOINT", "serve:slow");
    let server = Server::spawn(cmd, &env, &["--request-timeout", "1"]);
    let slow = server.page("/");
    assert_eq!(slow.status, 503);
    assert!(
        slow.body.contains(
            "<p class=\"problem\">The request took longer than 1 s (--request-timeout): narrow \
             the filters, or try again.</p>"
        ),
        "{}",
        slow.body
    );
    // The style sheet needs no search.
    assert_eq!(server.page("/style.css").status, 200);
}

#[test]
fn a_log_that_cannot_be_read_twice_is_refused_on_start() {
    let env = Env::new();
    nix::unistd::mkfifo(&env.path("fifo.log"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    assert_eq!(
        env.run(&["--file", "fifo.log", "serve"]),
        failed(
            "auditlog: fifo.log is not a regular file: serve reads the log again for every \
             request, which a FIFO, a device or a directory cannot give\n"
        )
    );
    assert_eq!(
        env.run(&["--file", "-", "serve"]),
        failed(
            "auditlog: serve reads log files, and every request reads them again: name one with \
             --file PATH, not standard input\n"
        )
    );
}

#[test]
fn an_export_downloads_what_export_writes_for_the_same_filters() {
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &[]);
    let page = server.page("/?user=jdoe&category=controller");
    let csv_link = page
        .body
        .split("href=\"")
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .find(|href| href.starts_with("/export.csv"))
        .unwrap()
        .replace("&amp;", "&");
    assert_eq!(csv_link, "/export.csv?user=jdoe&category=controller");
    let (head, body) = server.download(&csv_link);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        head.header("content-disposition"),
        Some("attachment; filename=\"audit-log.csv\"")
    );
    let filters = ["--user", "jdoe", "--category", "controller"];
    let cli = env.run(&[&["--file", "week.log", "export", "out.csv"][..], &filters].concat());
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let written = fs::read(env.path("out.csv")).unwrap();
    assert!(written.len() > 100);
    assert_eq!(body, written);

    // The workbook: the same sheets, cell for cell, but the summary's line that says how it
    // was made.
    let (head, body) = server.download("/export.xlsx?user=jdoe&category=controller");
    assert_eq!(head.status, 200);
    fs::write(env.path("web.xlsx"), body).unwrap();
    let cli = env.run(&[&["--file", "week.log", "export", "out.xlsx"][..], &filters].concat());
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let sheets = |name: &str| {
        let mut book: Xlsx<_> = open_workbook(env.path(name)).unwrap();
        book.worksheets()
            .into_iter()
            .map(|(sheet, range)| {
                let rows: Vec<Vec<String>> = range
                    .rows()
                    .map(|r| r.iter().map(|c| c.to_string()).collect())
                    .collect();
                (sheet, rows)
            })
            .collect::<Vec<_>>()
    };
    let (mut web, mut cli) = (sheets("web.xlsx"), sheets("out.xlsx"));
    let command = |sheets: &mut Vec<(String, Vec<Vec<String>>)>| {
        let rows = &mut sheets[1].1;
        let at = rows.iter().position(|r| r[0] == "Command").unwrap();
        rows.remove(at)[1].clone()
    };
    assert_eq!(
        command(&mut web),
        "auditlog serve: /?user=jdoe&category=controller"
    );
    assert!(
        command(&mut cli)
            .ends_with(" --file week.log export out.xlsx --user jdoe --category controller")
    );
    assert_eq!(
        web.len(),
        2,
        "{:?}",
        web.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    assert_eq!(web, cli);
    assert_eq!(web[0].1.len(), 1 + 4, "{:?}", web[0].1);
}

/// Text as the page wrote it, unescaped.
fn unescaped(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn the_job_audit_log_lists_executions_and_opens_each_one_s_results() {
    let env = Env::new();
    fs::copy(root().join("fixtures/jobs.log"), env.path("week.log")).unwrap();
    let server = Server::start(&env, &[]);
    let ids = |args: &[&str]| -> Vec<String> {
        let out = env.run(
            &[
                &["--file", "week.log", "executions", "-o", "json"][..],
                args,
            ]
            .concat(),
        );
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
        rows.iter()
            .map(|r| r["execution_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let site = server.page("/executions");
    assert_eq!(site.status, 200);
    let linked: Vec<String> = site
        .cells("Execution ID")
        .iter()
        .map(|c| c[c.find('>').unwrap() + 1..c.find("</a>").unwrap()].to_owned())
        .collect();
    assert_eq!(linked, ids(&[]));
    assert_eq!(
        server.page("/executions?space=sales").cells("Space"),
        vec!["sales"; ids(&["--space", "sales"]).len()]
    );
    // Each Results page is what `show ID` prints.
    for id in ids(&[]) {
        let page = server.page(&format!("/executions/{id}"));
        assert_eq!(page.status, 200);
        let start = page.body.find("<pre class=\"detail\">").unwrap() + 20;
        let end = page.body.find("</pre>").unwrap();
        let shown = env.run(&["--file", "week.log", "show", &id]);
        assert_eq!(unescaped(&page.body[start..end]), shown.stdout, "{id}");
    }
    assert_eq!(
        server.page("/executions/20991231-000000-000000").status,
        404
    );
    assert_eq!(server.page("/executions?spaces=x").status, 400);
}

#[test]
fn following_sends_each_new_matching_entry_as_the_page_shows_it() {
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &[]);
    let page = server.page("/?user=root&follow");
    assert!(
        page.body.contains("data-live=\"/live?user=root\""),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<script src=\"/live.js\" defer></script>")
    );
    assert!(
        page.body
            .contains("<noscript><meta http-equiv=\"refresh\" content=\"10\"></noscript>")
    );
    assert_eq!(
        server.page("/live.js").header("content-type"),
        Some("text/javascript; charset=utf-8")
    );

    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /live?user=root HTTP/1.1\r\nHost: x\r\n{}\r\n\r\n",
        server.cookie()
    )
    .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    // The answer's head first, then the entries appended from then on, and only those.
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).unwrap();
        got.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8(got.clone()).unwrap();
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(
        head.contains("content-type: text/event-stream\r\n"),
        "{head}"
    );
    let line = |stamp: &str, user: &str| {
        format!(
            "2026-11-23T{stamp},000 INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: - - \
             COMMENT: <b>late</b> - TIMESPENT: - - TICKET: -\n"
        )
    };
    let mut log = fs::OpenOptions::new()
        .append(true)
        .open(env.path("week.log"))
        .unwrap();
    // The entry sent carries its ID, and the objects log beside says what it touched: the
    // live entry lists its objects as the page does.
    env.write(
        "audit-objects.log",
        "{\"id\":4242,\"objects\":[{\"workflow\":\"close\"}]}\n",
    );
    log.write_all(line("12:00:01", "jdoe").as_bytes()).unwrap();
    log.write_all(
        line("12:00:02", "root")
            .replacen(" - USER:", " - ID: 4242 - USER:", 1)
            .as_bytes(),
    )
    .unwrap();
    let mut text = String::new();
    while !text.contains("</details>") {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "the stream ended: {text}");
        text.push_str(std::str::from_utf8(&buf[..n]).unwrap());
    }
    let data: String = text
        .lines()
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c.is_ascii_hexdigit()))
        .map(
            |l| match l.strip_prefix("data: ").or_else(|| l.strip_prefix("data:")) {
                Some(data) => format!("{data}\n"),
                None => format!("[{l}]\n"),
            },
        )
        .collect();
    let newest = server.page("/?user=root&n=1");
    let start = newest.body.find("<details class=\"entry\">").unwrap();
    let end = start + newest.body[start..].find("</details>").unwrap() + "</details>".len();
    assert_eq!(
        data,
        format!("[event: entry]\n{}\n", &newest.body[start..end])
    );
    assert!(data.contains("&lt;b&gt;late&lt;/b&gt;"));
    assert!(data.contains("workflow close"), "{data}");

    // Across a rotation: the log renamed away and a new one written.
    fs::rename(env.path("week.log"), env.path("week.log.1")).unwrap();
    env.write("week.log", &line("12:00:03", "root"));
    let mut more = String::new();
    while !more.contains("</details>") {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "the stream ended: {more}");
        more.push_str(std::str::from_utf8(&buf[..n]).unwrap());
    }
    assert!(
        more.contains("data-label=\"Created\">2026-11-23 12:00:03.000<"),
        "{more}"
    );
}

/// Every row of a table: the text of its cells, tags left out.
fn rows(html: &str) -> Vec<Vec<String>> {
    let tags = regex::Regex::new(r"<title>[^<]*</title>|<[^>]*>").unwrap();
    let body = &html[html.find("<tbody>").unwrap()..];
    let body = &body[..body.find("</table>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td ")
                .skip(1)
                .map(|cell| {
                    let cell = &cell[cell.find('>').unwrap() + 1..];
                    unescaped(
                        tags.replace_all(&cell[..cell.find("</td>").unwrap()], "")
                            .trim(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_jobs_and_reports_pages_show_what_the_commands_print() {
    let env = Env::new();
    let mut log = fs::read_to_string(root().join("fixtures/week.log")).unwrap();
    log.push_str(&fs::read_to_string(root().join("fixtures/jobs.log")).unwrap());
    env.write("week.log", &log);
    let server = Server::start(&env, &[]);
    let plain = |args: &[&str]| -> Vec<Vec<String>> {
        let out = env.run(&[&["--file", "week.log"][..], args, &["-o", "plain"]].concat());
        out.stdout
            .lines()
            .map(|l| l.split('\t').map(str::to_owned).collect())
            .collect()
    };
    let jobs = server.page("/jobs");
    assert_eq!(jobs.status, 200);
    assert_eq!(rows(&jobs.body), plain(&["jobs"]));

    let report = server.page("/report?by=account&trend=week&since=-30d");
    assert_eq!(report.status, 200);
    assert!(report.body.contains("<figure class=\"chart\"><svg"));
    let cli = plain(&[
        "report", "--by", "account", "--trend", "week", "--since", "-30d",
    ]);
    let web = rows(&report.body);
    // The rows, then the totals in the table's foot.
    assert_eq!(web.len(), cli.len());
    for (web, cli) in web.iter().zip(&cli) {
        // The trend is a line here and a sparkline there; its direction is the same.
        let (trend, rest) = web.split_last().unwrap();
        assert_eq!(rest, &cli[..cli.len() - 1]);
        let direction = cli.last().unwrap().split(' ').next_back().unwrap();
        assert_eq!(trend, direction);
    }
    let periods = "2026-W43: 0, 2026-W44: 0, 2026-W45: 0, 2026-W46: 1, 2026-W47: 1, 2026-W48: 4";
    assert!(
        report.body.contains(&format!("aria-label=\"{periods}\"")),
        "{}",
        report.body
    );
    let bad = server.page("/report?by=job");
    assert_eq!(bad.status, 400);
}

#[test]
fn without_authentication_only_a_loopback_name_is_answered() {
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &["--no-auth"]);
    assert_eq!(server.url, format!("http://{}/", server.addr));
    // A page elsewhere that made its own name point here (DNS rebinding) gets nothing.
    for host in ["evil.example", "evil.example:8080", "127.0.0.1.nip.io"] {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        assert_eq!(Answer::parse(&text).status, 421, "{host}");
    }
    for host in ["localhost:8080", "127.0.0.1", "[::1]:8080", "LOCALHOST"] {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        write!(
            stream,
            "GET /?n=1 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        assert_eq!(Answer::parse(&text).status, 200, "{host}");
    }
    assert!(
        env.read("serve.err").starts_with(
            "auditlog: --no-auth: every user of this host can now read the log at this address\n"
        ),
        "{}",
        env.read("serve.err")
    );
}

#[test]
fn a_client_that_never_finishes_its_request_is_let_go() {
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &[]);
    // A request head begun and never ended (slowloris) is cut off after 10 s, and a
    // connection that sends nothing at all, likewise.
    let mut begun = TcpStream::connect(&server.addr).unwrap();
    begun.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let silent = TcpStream::connect(&server.addr).unwrap();
    for mut stream in [begun, silent] {
        stream
            .set_read_timeout(Some(Duration::from_secs(40)))
            .unwrap();
        let mut rest = Vec::new();
        let read = stream.read_to_end(&mut rest);
        assert!(read.is_ok(), "the connection was held: {read:?}");
        let text = String::from_utf8_lossy(&rest);
        assert!(
            text.is_empty() || text.starts_with("HTTP/1.1 408"),
            "{text}"
        );
    }
    // The server goes on answering.
    assert_eq!(server.page("/?n=1").status, 200);
}

/// What an outside attack on the web view found, each refused or said now.
#[test]
fn what_an_attack_on_the_web_view_found_is_refused() {
    let env = Env::new();
    env.fixture("week.log");
    let serve = |args: &[&str]| env.run(&[&["--file", "week.log", "serve"], args].concat());
    // A header every client sends proves nothing.
    assert_eq!(
        serve(&["--trust-proxy-header", "Host"]),
        failed(
            "auditlog: --trust-proxy-header: every client sends host, so it proves nothing: name \
             the header your proxy sets, such as X-Remote-User\n"
        )
    );
    // Hashes that would make every sign-in, or every wrong password, cost minutes or gigabytes.
    env.write(
        "slow",
        "ops:$2y$31$abcdefghijklmnopqrstuuJ1bXoJmJjS1K0K5sTq1xVv5GZCzjLnW\n",
    );
    assert_eq!(
        serve(&["--auth-file", "slow"]),
        failed(
            "auditlog: --auth-file slow line 1: the hash of \"ops\" has bcrypt's cost 31: at most \
             14 (htpasswd -B -C 12)\n"
        )
    );
    // An htpasswd file that is not a regular file is refused, not waited on.
    nix::unistd::mkfifo(&env.path("fifo"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    assert_eq!(
        serve(&["--auth-file", "fifo"]),
        failed("auditlog: cannot read --auth-file fifo: not a regular file\n")
    );
    env.write("huge", "ops:$argon2id$v=19$m=4194304,t=2,p=1$c2l4dGVlbiBieXRlIHNhbHQ$3LKQCZuQ5MLpWq3wmzUmDZYhMaE3cBcHEbpyWGZ3pEY\n");
    assert_eq!(
        serve(&["--auth-file", "huge"]),
        failed(
            "auditlog: --auth-file huge line 1: the hash of \"ops\" asks argon2 for m=4194304 KiB, \
             t=2, p=1: at most m=262144, t=16, p=8\n"
        )
    );
    let server = Server::start(&env, &[]);
    // The printed address sends the browser only to this server's own paths.
    let away = server.get(&format!("//evil.example/?token={}", server.token()), &[]);
    assert_eq!((away.status, away.header("location")), (303, Some("/")));
    // A page stands at one place; has-reason is on or off.
    assert_eq!(
        server
            .page("/?older=20261123T110000.000&newer=20261123T110000.000")
            .status,
        400
    );
    assert_eq!(server.page("/?has-reason=maybe").status, 400);
    // Where a page ends: an entry's reference for each log served, and one that is still there.
    let problem = |target: &str| {
        let page = server.page(target);
        let text = page
            .body
            .split("<p class=\"problem\">")
            .nth(1)
            .unwrap_or("");
        (page.status, text.split("</p>").next().unwrap().to_owned())
    };
    assert_eq!(
        problem("/?older=yesterday"),
        (
            400,
            "older: &quot;yesterday&quot; is not where a page ends: an entry's reference for \
             each log, comma-separated"
                .to_owned()
        )
    );
    assert_eq!(
        problem("/?older=*,*"),
        (
            400,
            "the page ends in 2 logs, but 1 log is served: start from the newest page".to_owned()
        )
    );
    assert_eq!(
        problem("/?newer=20000101T000000.000"),
        (
            410,
            "the entry 20000101T000000.000 that the page ends beside is no longer in the log: \
             start again from the newest page"
                .to_owned()
        )
    );
    // A bare has-reason is on: every entry shown has a reason, and there are some.
    let reasons = server.page("/?has-reason").cells("Reason");
    assert!(!reasons.is_empty());
    assert!(reasons.iter().all(|r| !r.is_empty()), "{reasons:?}");
    assert_eq!(
        server.page("/?has-reason=false").cells("Ref").len(),
        refs(&env, &[]).len()
    );
    // A token in the address under another spelling is not written to the access log.
    server.get(&format!("/?TOKEN={}", server.token()), &[]);
    assert!(!env.read("serve.err").contains(server.token()));
    // A log deleted while serving is said to be gone, as the commands say it.
    fs::remove_file(env.path("week.log")).unwrap();
    let gone = server.page("/");
    assert_eq!(gone.status, 500);
    assert!(
        gone.body.contains("there is no log at week.log"),
        "{}",
        gone.body
    );
}
