//! The syslog mirror against a real rsyslogd (Debian's rsyslog) on loopback, over UDP and TCP
//! (octet-counted), and with the collector down. Without rsyslogd the tests say so and skip.

use std::fs;
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{Env, Out};

/// An rsyslogd of its own, writing what it receives, one message a line, to `received.log`.
struct Rsyslog {
    child: Child,
    dir: PathBuf,
    udp: u16,
    tcp: u16,
}

/// What rsyslogd is told to write of each message: everything but the time and process ID.
const TEMPLATE: &str = "%syslogfacility-text%|%syslogseverity-text%|%hostname%|%app-name%|%msgid%|%structured-data%|%msg%\\n";

impl Rsyslog {
    fn start(dir: &Path) -> Option<Rsyslog> {
        let Some(binary) = ["/usr/sbin/rsyslogd", "/sbin/rsyslogd"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
        else {
            eprintln!("skipping: rsyslogd is not installed (Debian's rsyslog package)");
            return None;
        };
        let free_tcp = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let free_udp = UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let conf = format!(
            "global(workDirectory=\"{dir}\")\n\
             module(load=\"imudp\")\n\
             module(load=\"imtcp\")\n\
             module(load=\"imuxsock\" SysSock.Use=\"off\")\n\
             input(type=\"imuxsock\" Socket=\"{dir}/log.sock\" UseSpecialParser=\"off\" ParseHostname=\"on\")\n\
             input(type=\"imudp\" address=\"127.0.0.1\" port=\"{free_udp}\")\n\
             input(type=\"imtcp\" address=\"127.0.0.1\" port=\"{free_tcp}\")\n\
             template(name=\"fields\" type=\"string\" string=\"{TEMPLATE}\")\n\
             *.* action(type=\"omfile\" file=\"{dir}/received.log\" template=\"fields\")\n",
            dir = dir.display()
        );
        fs::write(dir.join("rsyslog.conf"), conf).unwrap();
        let child = Command::new(binary)
            .args(["-n", "-f"])
            .arg(dir.join("rsyslog.conf"))
            .arg("-i")
            .arg(dir.join("rsyslog.pid"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let rsyslog = Rsyslog {
            child,
            dir: dir.to_owned(),
            udp: free_udp,
            tcp: free_tcp,
        };
        // Ready once it takes TCP connections.
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", free_tcp)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "rsyslogd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(rsyslog)
    }

    /// The first `n` messages received, waiting for them as long as rsyslogd needs.
    fn received(&self, n: usize) -> Vec<String> {
        let started = Instant::now();
        loop {
            let text = fs::read_to_string(self.dir.join("received.log")).unwrap_or_default();
            let lines: Vec<String> = text.lines().map(str::to_owned).collect();
            if lines.len() >= n {
                return lines;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "rsyslogd wrote {lines:?}, waiting for {n}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Rsyslog {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn host() -> String {
    nix::unistd::gethostname()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn entries_reach_rsyslogd_over_a_unix_socket_udp_and_tcp_with_their_fields() {
    let env = Env::new();
    let Some(rsyslog) = Rsyslog::start(&env.path("")) else {
        return;
    };
    for target in [
        format!("unix:{}", env.path("log.sock").display()),
        format!("udp://127.0.0.1:{}", rsyslog.udp),
        format!("tcp://127.0.0.1:{}", rsyslog.tcp),
    ] {
        let out = env.run(&[
            "--file",
            "audit.log",
            "record",
            "./orders/add",
            "--user",
            "jdoe",
            "--params",
            r#"{"controllerId":"pr\"od]\\x"}"#,
            "--reason",
            "Patch day",
            "--time-spent",
            "15m",
            "--ticket",
            "https://tickets.example.com/OPS-7",
            "--mirror",
            &target,
        ]);
        assert_eq!(out, super::ok(""), "{target}");
    }
    // Each with the reference that finds its line: the three share a stamp.
    let expected = |reference: &str| {
        format!(
            "audit|info|{}|auditlog|./orders/add|[auditlog@32473 ref=\"{reference}\" request=\"./orders/add\" account=\"jdoe\" category=\"CONTROLLER\" controller=\"pr\\\"od\\]\\\\x\" ticket=\"https://tickets.example.com/OPS-7\" timeSpent=\"15\"]|Patch day",
            host()
        )
    };
    assert_eq!(
        rsyslog.received(3),
        [
            expected("20261123T120000.000"),
            expected("20261123T120000.000~2"),
            expected("20261123T120000.000~3")
        ]
    );
}

#[test]
fn run_mirrors_its_start_and_finish_with_the_execution_id() {
    let env = Env::new();
    let Some(rsyslog) = Rsyslog::start(&env.path("")) else {
        return;
    };
    env.write(
        "config/auditlog.toml",
        &format!("mirror = \"tcp://127.0.0.1:{}\"\n", rsyslog.tcp),
    );
    let out = env.run(&[
        "--config",
        "config/auditlog.toml",
        "--file",
        "audit.log",
        "run",
        "--job",
        "nightly",
        "--",
        "true",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let id = env
        .run(&["--file", "audit.log", "executions", "-o", "json"])
        .stdout
        .split("\"execution_id\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let received = rsyslog.received(2);
    assert_eq!(received.len(), 2);
    let head = |reference: &str, request: &str| {
        format!(
            "audit|info|{}|auditlog|{request}|[auditlog@32473 ref=\"{reference}\" request=\"{request}\" account=\"Scheduled execution\" category=\"JOBS\" executionId=\"{id}\"",
            host()
        )
    };
    assert_eq!(
        received[0],
        format!(
            "{}]|",
            head("20261123T120000.000", "./job_executions/start")
        )
    );
    // The finish says how the execution ended, and how long it took; its stamp is the start's
    // and that long.
    let reference = received[1]
        .split("ref=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("{}", received[1]));
    assert!(reference.starts_with("20261123T1200"), "{}", received[1]);
    let finish = received[1]
        .strip_prefix(&head(reference, "./job_executions/finish"))
        .unwrap_or_else(|| panic!("{}", received[1]));
    let took = finish
        .strip_prefix(" status=\"Successful\" exitCode=\"0\" durationMs=\"")
        .and_then(|rest| rest.strip_suffix("\"]|"))
        .unwrap_or_else(|| panic!("{finish}"));
    assert!(took.parse::<u64>().is_ok(), "{finish}");
}

#[test]
fn a_collector_that_is_down_is_a_warning_and_the_entry_is_written() {
    let env = Env::new();
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = env.run(&[
        "--file",
        "audit.log",
        "record",
        "./orders/add",
        "--user",
        "jdoe",
        "--mirror",
        &format!("tcp://127.0.0.1:{closed}"),
    ]);
    assert_eq!(
        out,
        Out {
            code: 0,
            stdout: String::new(),
            stderr: format!(
                "auditlog: the entry was written to audit.log, but not mirrored to tcp://127.0.0.1:{closed}: Connection refused (os error 111)\n"
            ),
        }
    );
    assert_eq!(
        env.read("audit.log"),
        "2026-11-23T12:00:00,000 INFO  REQUEST: ./orders/add - USER: jdoe - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"
    );
    let bad = env.run(&[
        "--file",
        "audit.log",
        "record",
        "./x",
        "--mirror",
        "siem:514",
    ]);
    assert_eq!(
        bad,
        super::failed(
            "auditlog: invalid mirror \"siem:514\": write unix:/dev/log, udp://HOST:PORT or tcp://HOST:PORT\n"
        )
    );
}

/// The rsyslog configuration docs/shipping.md gives is what rsyslogd accepts: each block
/// checked with `rsyslogd -N1`, the imuxsock line as the one load of the module it is.
#[test]
fn the_rsyslog_configuration_of_the_shipping_document_validates() {
    if Command::new("rsyslogd").arg("-v").output().is_err() {
        eprintln!("skipping: rsyslogd is not installed (Debian's rsyslog package)");
        return;
    }
    let doc = fs::read_to_string(super::root().join("docs/shipping.md")).unwrap();
    let blocks: Vec<&str> = doc
        .split("## rsyslog")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap()
        .split("```\n")
        .skip(1)
        .step_by(2)
        .collect();
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    let env = Env::new();
    for (i, block) in blocks.iter().enumerate() {
        // The imuxsock line stands in the system's rsyslog.conf, beside its actions.
        let text = match i {
            0 => block.to_string(),
            _ => format!("{block}*.* action(type=\"omfile\" file=\"/dev/null\")\n"),
        };
        let config = env.write(&format!("rsyslog-{i}.conf"), &text);
        let out = Command::new("rsyslogd")
            .arg("-N1")
            .arg("-f")
            .arg(&config)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && !said.contains("error"),
            "{block}\n{said}"
        );
    }
}
