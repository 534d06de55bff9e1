//! `auditlog serve` in a real browser: Debian's Chromium driven through chromedriver by
//! WebDriver. Each page as operating staff use it, at a desk's width and a phone's; a hostile
//! log, where no script may run. With AUDITLOG_SCREENSHOTS=DIR, the pages are photographed
//! into DIR (the README's pictures come from here).

use std::net::TcpListener;
use std::process::Child;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use super::serve::{Server, have, refs};
use super::*;

/// A headless Chromium behind chromedriver, and the runtime its client runs on.
struct Browser {
    driver: Child,
    runtime: tokio::runtime::Runtime,
    client: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A browser `width` pixels wide (a phone's, as Chromium emulates one, below 500);
    /// `None` when Chromium or chromedriver is missing.
    fn open(width: u32) -> Option<Browser> {
        if !have("chromium", "chromium") || !have("chromedriver", "chromium-driver") {
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut options = json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                format!("--window-size={width},900"),
                format!("--user-data-dir={}", profile.path().display()),
            ],
        });
        if width < 500 {
            options["mobileEmulation"] =
                json!({"deviceMetrics": {"width": width, "height": 844, "pixelRatio": 1}});
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        let started = Instant::now();
        let client = loop {
            let connected = runtime.block_on(
                ClientBuilder::new(HttpConnector::new())
                    .capabilities(capabilities.clone())
                    .connect(&format!("http://127.0.0.1:{port}")),
            );
            match connected {
                Ok(client) => break client,
                Err(_) if started.elapsed() < Duration::from_secs(30) => {
                    std::thread::sleep(Duration::from_millis(100))
                }
                Err(error) => panic!("chromedriver: {error}"),
            }
        };
        Some(Browser {
            driver,
            runtime,
            client,
            _profile: profile,
        })
    }

    fn go(&self, url: &str) {
        self.runtime.block_on(self.client.goto(url)).unwrap();
    }

    /// Runs `script` in the page and returns what it returns.
    fn eval(&self, script: &str) -> serde_json::Value {
        self.runtime
            .block_on(self.client.execute(script, vec![]))
            .unwrap()
    }

    fn click(&self, css: &str) {
        self.runtime
            .block_on(async { self.client.find(Locator::Css(css)).await?.click().await })
            .unwrap();
    }

    /// Clicks what `css` selects, which leads to another page, and waits until that page has
    /// loaded: a click returns once it is made, not once the page it asked for is there.
    fn open_by(&self, css: &str) {
        self.eval("window.before_click = true; return null;");
        self.click(css);
        self.until(
            "return window.before_click === undefined && document.readyState === 'complete';",
        );
    }

    /// The text of every element `css` selects.
    fn texts(&self, css: &str) -> Vec<String> {
        let value = self.eval(&format!(
            "return Array.from(document.querySelectorAll({css:?})).map(e => e.textContent);"
        ));
        serde_json::from_value(value).unwrap()
    }

    fn url(&self) -> String {
        self.runtime
            .block_on(self.client.current_url())
            .unwrap()
            .to_string()
    }

    /// Waits (at most 20 s) until `script` returns true.
    fn until(&self, script: &str) {
        let started = Instant::now();
        while self.eval(script) != json!(true) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "never true: {script}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A picture of the page, into $AUDITLOG_SCREENSHOTS/NAME.png when that is set.
    fn photograph(&self, name: &str) {
        let Some(dir) = std::env::var_os("AUDITLOG_SCREENSHOTS") else {
            return;
        };
        let png = self.runtime.block_on(self.client.screenshot()).unwrap();
        fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let client = self.client.clone();
        let _ = self.runtime.block_on(client.close());
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
fn operating_staff_use_the_audit_log_in_a_browser() {
    let Some(browser) = Browser::open(1280) else {
        return;
    };
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &[]);
    // The opening view: the printed address signs in, and the newest entries come first.
    browser.go(&server.url);
    assert_eq!(browser.url(), format!("http://{}/", server.addr));
    let all = refs(&env, &[]);
    assert_eq!(browser.texts("[data-label=Ref]"), all);
    browser.photograph("audit-log");

    // A preset.
    browser.open_by("nav.presets a:nth-child(2)");
    assert!(
        browser.url().ends_with("/?preset=today"),
        "{}",
        browser.url()
    );
    assert_eq!(
        browser.texts("[data-label=Ref]"),
        refs(&env, &["--preset", "today"])
    );

    // The advanced search.
    browser.go(&format!("http://{}/", server.addr));
    browser.click("details.search summary");
    browser.eval(
        "document.querySelector('input[name=user]').value = 'jdoe'; \
         document.querySelector('input[name=request]').value = './orders/*'; return null;",
    );
    browser.open_by("details.search button[type=submit]");
    let jdoe = refs(&env, &["--user", "jdoe", "--request", "./orders/*"]);
    assert!(!jdoe.is_empty());
    assert_eq!(browser.texts("[data-label=Ref]"), jdoe);
    assert_eq!(
        browser.eval("return document.querySelector('input[name=user]').value;"),
        json!("jdoe")
    );
    browser.photograph("advanced-search");

    // A row opened onto its body.
    browser.click("details.entry summary");
    assert_eq!(
        browser.eval("return document.querySelector('details.entry').open;"),
        json!(true)
    );
    let detail = &browser.texts("details.entry pre.detail")[0];
    assert!(detail.contains("Request Body\n  {\n"), "{detail}");
    browser.photograph("entry");

    // Paging, older then newer.
    browser.go(&format!("http://{}/?n=5", server.addr));
    browser.open_by("a[rel=next]");
    assert_eq!(browser.texts("[data-label=Ref]"), all[5..10]);
    browser.open_by("a[rel=prev]");
    assert_eq!(browser.texts("[data-label=Ref]"), all[..5]);

    // Live: an entry appended appears at the top, with no reload.
    browser.go(&format!("http://{}/?follow", server.addr));
    browser.eval("window.stayed = true; return null;");
    let line = "2026-11-23T12:00:01,000 INFO  REQUEST: ./orders/add - USER: night.shift - \
                PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";
    std::thread::sleep(Duration::from_millis(500));
    let mut log = fs::OpenOptions::new()
        .append(true)
        .open(env.path("week.log"))
        .unwrap();
    log.write_all(line.as_bytes()).unwrap();
    browser.until("return document.body.getAttribute('data-live-entries') === '1';");
    assert_eq!(
        browser.texts("[data-label='User Account']")[0],
        "night.shift"
    );
    assert_eq!(browser.eval("return window.stayed === true;"), json!(true));
    browser.photograph("live");
}

#[test]
fn a_hostile_log_runs_no_script_in_the_browser() {
    let Some(browser) = Browser::open(1280) else {
        return;
    };
    let env = Env::new();
    let line = |stamp: &str, user: &str, reason: &str, ticket: &str| {
        format!(
            "2026-11-23T{stamp},000 INFO  REQUEST: ./orders/add - USER: {user} - PARAMS: \
             {{\"controllerId\":\"<img src=x onerror=window.pwned=1>\"}} - COMMENT: {reason} - \
             TIMESPENT: - - TICKET: {ticket}\n"
        )
    };
    let hostile = [
        line(
            "10:00:00",
            "<script>window.pwned=2</script>",
            "\"><img src=x onerror=window.pwned=3>",
            "javascript:window.pwned=4",
        ),
        line(
            "10:00:01",
            "eve",
            "</pre><svg onload=window.pwned=5>",
            "https://tickets.example.com/OPS-1",
        ),
    ]
    .concat();
    env.write("week.log", &hostile);
    let server = Server::start(&env, &[]);
    browser.go(&server.url);
    browser.click("details.entry summary");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        browser.eval("return window.pwned === undefined;"),
        json!(true)
    );
    assert_eq!(
        browser.texts("[data-label='User Account']"),
        ["eve", "<script>window.pwned=2</script>"]
    );
    assert_eq!(
        browser.texts("[data-label=Reason]"),
        [
            "</pre><svg onload=window.pwned=5>",
            "\"><img src=x onerror=window.pwned=3>"
        ]
    );
    // No element the log named was made: only the page's own.
    assert_eq!(
        browser.eval("return document.querySelectorAll('main img, main svg, main script').length;"),
        json!(0)
    );
    let links = browser
        .eval("return Array.from(document.querySelectorAll('main .entries a')).map(a => a.href);");
    assert_eq!(links, json!(["https://tickets.example.com/OPS-1"]));
}

#[test]
fn the_pages_fit_a_phone() {
    let Some(browser) = Browser::open(390) else {
        return;
    };
    let env = Env::new();
    env.fixture("week.log");
    let server = Server::start(&env, &[]);
    browser.go(&server.url);
    assert_eq!(browser.eval("return window.innerWidth;"), json!(390));
    // Nothing is wider than the screen: no sideways scrolling.
    assert_eq!(
        browser.eval("return document.documentElement.scrollWidth <= window.innerWidth;"),
        json!(true)
    );
    browser.photograph("audit-log-phone");
    browser.go(&format!("http://{}/executions", server.addr));
    assert_eq!(
        browser.eval("return document.documentElement.scrollWidth <= window.innerWidth;"),
        json!(true)
    );
}

#[test]
fn the_job_audit_log_opens_an_execution_s_results() {
    let Some(browser) = Browser::open(1280) else {
        return;
    };
    let env = Env::new();
    fs::copy(root().join("fixtures/jobs.log"), env.path("week.log")).unwrap();
    let server = Server::start(&env, &[]);
    browser.go(&server.url);
    browser.open_by("header nav a[href='/executions']");
    let ids = browser.texts("[data-label='Execution ID']");
    assert_eq!(ids.len(), 5, "{ids:?}");
    browser.photograph("executions");
    browser.open_by("table.rows tbody tr:nth-child(3) a");
    assert!(browser.url().ends_with(&format!("/executions/{}", ids[2])));
    let shown = env.run(&["--file", "week.log", "show", &ids[2]]);
    assert_eq!(browser.texts("pre.detail"), [shown.stdout]);
    browser.photograph("results");
}

#[test]
fn the_jobs_and_reports_pages_draw_without_script() {
    let Some(browser) = Browser::open(1280) else {
        return;
    };
    let env = Env::new();
    let mut log = fs::read_to_string(root().join("fixtures/week.log")).unwrap();
    log.push_str(&fs::read_to_string(root().join("fixtures/jobs.log")).unwrap());
    env.write("week.log", &log);
    let server = Server::start(&env, &[]);
    browser.go(&server.url);
    browser.open_by("header nav a[href='/jobs']");
    let jobs = env.run(&["--file", "week.log", "jobs", "-o", "plain"]);
    let names: Vec<&str> = jobs
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(browser.texts("td[data-label=Job]"), names);
    browser.photograph("jobs");
    browser.open_by("header nav a[href='/report']");
    browser.eval("document.querySelector('select[name=trend]').value = 'week'; return null;");
    browser.open_by("form.grouping button");
    assert!(
        browser.url().contains("by=account&trend=week"),
        "{}",
        browser.url()
    );
    // The chart: one bar per group, as wide as its count is large.
    let bars = browser.eval(
        "return Array.from(document.querySelectorAll('figure.chart rect')).map(r => r.getBBox().width);",
    );
    let bars: Vec<f64> = serde_json::from_value(bars).unwrap();
    let counts: Vec<f64> = browser
        .texts("tbody td[data-label=Entries]")
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(bars.len(), counts.len());
    for (bar, count) in bars.iter().zip(&counts) {
        assert!(
            (bar / bars[0] - count / counts[0]).abs() < 0.01,
            "{bars:?} {counts:?}"
        );
    }
    assert_eq!(
        browser.eval("return document.querySelectorAll('tbody svg.trend polyline').length;"),
        json!(counts.len())
    );
    browser.photograph("report");
}
