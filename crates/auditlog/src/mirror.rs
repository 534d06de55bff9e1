//! The syslog mirror: each entry `record` and `run` append, sent on as an RFC 5424 message to
//! the system's syslog (`unix:/dev/log`) or a collector (`udp://HOST:PORT`, `tcp://HOST:PORT`
//! with RFC 6587's octet counting). The log is written first; the mirror never holds it up
//! longer than [`TIMEOUT`], and a mirror that fails is a warning, never a lost entry.

use std::fmt;
use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs, UdpSocket};
use std::os::unix::net::{UnixDatagram, UnixStream};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use crate::Entry;
use crate::safe::one_line;
use fasyslog::format::SyslogContext;
use fasyslog::{Facility, SDElement, Severity};

/// The longest a mirror may take to connect or to send.
pub const TIMEOUT: Duration = Duration::from_millis(500);

/// The structured data's ID: `auditlog` under the private enterprise number of the example in
/// RFC 5424 (32473), as the issue of this format asked.
const SD_ID: &str = "auditlog@32473";

/// Where and when an entry was written: the message's TIMESTAMP, and the reference that finds
/// its line (`auditlog show REF`).
pub struct Mirrored {
    /// The instant the entry's stamp stands for.
    pub instant: chrono::DateTime<chrono::Utc>,
    /// Its reference in the log.
    pub reference: crate::reference::Ref,
}

/// Where mirrored entries go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A local syslog socket, such as /dev/log.
    Unix(PathBuf),
    /// A collector over UDP.
    Udp(String),
    /// A collector over TCP, octet-counted.
    Tcp(String),
}

impl FromStr for Target {
    type Err = String;

    fn from_str(text: &str) -> Result<Target, String> {
        let form = || {
            format!(
                "invalid mirror {text:?}: write unix:/dev/log, udp://HOST:PORT or tcp://HOST:PORT"
            )
        };
        let host_port = |rest: &str| -> Result<String, String> {
            match rest.rsplit_once(':') {
                Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
                    Ok(rest.to_owned())
                }
                _ => Err(form()),
            }
        };
        if let Some(path) = text.strip_prefix("unix:") {
            if path.is_empty() {
                return Err(form());
            }
            return Ok(Target::Unix(PathBuf::from(path)));
        }
        if let Some(rest) = text.strip_prefix("udp://") {
            return host_port(rest).map(Target::Udp);
        }
        if let Some(rest) = text.strip_prefix("tcp://") {
            return host_port(rest).map(Target::Tcp);
        }
        Err(form())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Unix(path) => write!(f, "unix:{}", path.display()),
            Target::Udp(addr) => write!(f, "udp://{addr}"),
            Target::Tcp(addr) => write!(f, "tcp://{addr}"),
        }
    }
}

/// The RFC 5424 message of an entry, as sent from `host`: facility "log audit", TIMESTAMP the
/// entry's instant, severity from the entry's level or an execution's status (err for Failed,
/// warning for Cancelled and Abandoned), APP-NAME `auditlog`, MSGID the request, the entry's
/// fields and reference as structured data (with an execution's status, exit code or signal,
/// and duration), and the reason as MSG.
pub fn message(entry: &Entry, written: &Mirrored, host: &str) -> String {
    let mut context = SyslogContext::default();
    context
        .facility(Facility::AUDIT)
        .hostname(printable(host, 255))
        .appname("auditlog")
        .procid(std::process::id().to_string());
    let body = entry.params_json();
    let field = |name: &str| body.as_ref().and_then(|b| b.get(name)).cloned();
    let status = field("status").and_then(|s| s.as_str().map(str::to_owned));
    let severity = match (entry.level.as_str(), status.as_deref()) {
        ("ERROR" | "FATAL", _) | (_, Some("Failed")) => Severity::ERROR,
        ("WARN", _) | (_, Some("Cancelled" | "Abandoned")) => Severity::WARNING,
        _ => Severity::INFORMATIONAL,
    };
    let mut element = SDElement::new(SD_ID).expect("a valid SD-ID");
    // No control character reaches a collector: a line feed would start what reads as a
    // second message, an ESC would reach whoever reads it on a terminal.
    let mut param = |name: &str, value: String| {
        let value = one_line(&value).into_owned();
        element.add_param(name, value).expect("valid PARAM-NAMEs");
    };
    param("ref", written.reference.to_string());
    param("request", entry.request.clone());
    param("account", entry.user.clone());
    param("category", entry.category().name().to_owned());
    if let Some(controller) = entry.controller() {
        param("controller", controller);
    }
    if let Some(ticket) = &entry.ticket {
        param("ticket", ticket.clone());
    }
    if let Some(minutes) = entry.time_spent {
        param("timeSpent", minutes.to_string());
    }
    if let Some(id) = field("executionId").and_then(|v| v.as_str().map(str::to_owned)) {
        param("executionId", id);
    }
    if let Some(status) = status {
        param("status", status);
    }
    for (name, key) in [
        ("exitCode", "exitCode"),
        ("signal", "signal"),
        ("durationMs", "durationMs"),
    ] {
        if let Some(value) = field(key).filter(serde_json::Value::is_number) {
            param(name, value.to_string());
        }
    }
    let msgid = printable(&entry.request, 32);
    let message = context
        .format_rfc5424(
            severity,
            Some(msgid),
            vec![element],
            entry.comment.as_deref().map(one_line),
        )
        .to_string();
    // The formatter stamps the message with the time it was made; the entry's own instant
    // goes in its place. The header's fields hold no space: TIMESTAMP is the second.
    match message
        .split_once(' ')
        .and_then(|(pri, rest)| Some((pri, rest.split_once(' ')?.1)))
    {
        Some((pri, rest)) => format!(
            "{pri} {} {rest}",
            written
                .instant
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        ),
        None => message,
    }
}

/// A header field: printable US-ASCII only (others become `_`), at most `max` characters,
/// `-` (none) when empty.
fn printable(text: &str, max: usize) -> String {
    let field: String = text
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '_' })
        .take(max)
        .collect();
    if field.is_empty() {
        "-".to_owned()
    } else {
        field
    }
}

/// Sends an entry to `target`, within [`TIMEOUT`].
pub fn send(target: &Target, entry: &Entry, written: &Mirrored, host: &str) -> io::Result<()> {
    let message = message(entry, written, host);
    match target {
        Target::Unix(path) => {
            let socket = UnixDatagram::unbound()?;
            socket.set_write_timeout(Some(TIMEOUT))?;
            match socket.send_to(message.as_bytes(), path) {
                // A stream socket, as some systems' /dev/log is: framed as over TCP.
                Err(e) if e.raw_os_error() == Some(nix::libc::EPROTOTYPE) => {
                    let mut stream = UnixStream::connect(path)?;
                    stream.set_write_timeout(Some(TIMEOUT))?;
                    stream.write_all(octet_counted(&message).as_bytes())
                }
                sent => sent.map(drop),
            }
        }
        Target::Udp(addr) => {
            let addr = resolve(addr)?;
            let local: SocketAddr = if addr.is_ipv4() {
                "0.0.0.0:0".parse().expect("an address")
            } else {
                "[::]:0".parse().expect("an address")
            };
            let socket = UdpSocket::bind(local)?;
            socket.set_write_timeout(Some(TIMEOUT))?;
            socket.send_to(message.as_bytes(), addr).map(drop)
        }
        Target::Tcp(addr) => {
            let mut stream = TcpStream::connect_timeout(&resolve(addr)?, TIMEOUT)?;
            stream.set_write_timeout(Some(TIMEOUT))?;
            stream.write_all(octet_counted(&message).as_bytes())?;
            stream.flush()
        }
    }
}

/// RFC 6587 §3.4.1: the message's length in bytes, a space, the message.
fn octet_counted(message: &str) -> String {
    format!("{} {message}", message.len())
}

fn resolve(addr: &str) -> io::Result<SocketAddr> {
    addr.to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::other(format!("{addr} names no address")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_read_and_bad_ones_said() {
        assert_eq!("unix:/dev/log".parse(), Ok(Target::Unix("/dev/log".into())));
        assert_eq!("udp://siem:514".parse(), Ok(Target::Udp("siem:514".into())));
        assert_eq!(
            "tcp://[::1]:6514".parse(),
            Ok(Target::Tcp("[::1]:6514".into()))
        );
        for bad in [
            "siem:514",
            "udp://siem",
            "tcp://:514",
            "unix:",
            "http://x:1",
        ] {
            assert_eq!(
                bad.parse::<Target>(),
                Err(format!(
                    "invalid mirror {bad:?}: write unix:/dev/log, udp://HOST:PORT or tcp://HOST:PORT"
                ))
            );
        }
    }

    /// A reason with a line feed once went out raw: one datagram held what a collector read as
    /// a second message, and an ESC reached whoever read it on a terminal.
    #[test]
    fn no_control_character_reaches_the_collector() {
        let line = "2026-11-23T10:00:00,000 INFO  REQUEST: ./orders/add - USER: mallory - PARAMS: {\"ticket\":\"a\\nb\"} - COMMENT: fine\n<13>1 2026-11-23T10:00:01Z host auditlog 1 ./login - approved by CFO\u{1b}]52;c;x\u{7} - TIMESPENT: - - TICKET: -";
        let entry = crate::format::parse(line).unwrap();
        let mut entry = entry;
        entry.ticket = Some("https://t/\u{1b}[2J".to_owned());
        let message = message(&entry, &written(&entry), "batch01");
        assert!(
            !message.chars().any(crate::safe::is_unsafe_char),
            "{message:?}"
        );
        let tail = message.split_once("] ").unwrap().1;
        assert_eq!(
            tail,
            "fine\u{240a}<13>1 2026-11-23T10:00:01Z host auditlog 1 ./login - approved by CFO\u{241b}]52;c;x\u{2407}"
        );
        assert!(
            message.contains("ticket=\"https://t/\u{241b}[2J\""),
            "{message}"
        );
    }

    /// Where and when an entry was written, as its stamp says in UTC.
    fn written(entry: &Entry) -> Mirrored {
        Mirrored {
            instant: entry.created.local.and_utc(),
            reference: crate::reference::Ref {
                stamp: entry.created,
                nth: 2,
            },
        }
    }

    /// A finish message said neither how the execution ended nor when: its severity follows
    /// the status, its TIMESTAMP is the entry's instant, and its structured data holds the
    /// status, the exit code or signal, the duration, and the reference that finds the line.
    #[test]
    fn a_finish_message_says_how_and_when_the_execution_ended() {
        let finish = |status: &str, end: &str| {
            format!(
                "2026-11-23T02:00:05,250 INFO  REQUEST: ./job_executions/finish - USER: Scheduled execution - PARAMS: {{\"executionId\":\"20261123-020000-7f3a9c\",\"job\":\"archive\",\"status\":\"{status}\",{end},\"durationMs\":5250,\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -"
            )
        };
        for (status, end, pri) in [
            ("Failed", "\"exitCode\":3", "<107>1"),
            ("Cancelled", "\"signal\":15", "<108>1"),
            ("Successful", "\"exitCode\":0", "<110>1"),
        ] {
            let entry = crate::format::parse(&finish(status, end)).unwrap();
            let message = message(&entry, &written(&entry), "batch01");
            let (head, _) = message.split_once(" batch01 ").unwrap();
            assert_eq!(head, format!("{pri} 2026-11-23T02:00:05.250Z"), "{message}");
            let code = end.replace('"', "");
            let code = code.replace(':', "=\"");
            assert!(
                message.contains(
                    "[auditlog@32473 ref=\"20261123T020005.250~2\" request=\"./job_executions/finish\""
                ) && message.contains(&format!("status=\"{status}\" {code}\" durationMs=\"5250\"]")),
                "{message}"
            );
        }
    }

    #[test]
    fn header_fields_keep_to_printable_ascii() {
        assert_eq!(printable("./orders/add", 32), "./orders/add");
        assert_eq!(printable("a b\u{1b}é", 32), "a_b__");
        assert_eq!(printable(&"x".repeat(40), 32), "x".repeat(32));
        assert_eq!(printable("", 32), "-");
    }
}
