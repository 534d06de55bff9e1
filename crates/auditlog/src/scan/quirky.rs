//! A quirky log for tests: entries across the night daylight saving ends in Berlin, with every
//! odd form real files have, in a deterministic order.

use chrono::{Duration, TimeZone, Utc};

use crate::time::Zone;

/// A small deterministic random source.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

pub fn berlin() -> Zone {
    Zone::parse("Europe/Berlin").unwrap()
}

/// A log of `n` entries across the night daylight saving ends in Berlin, written in Berlin's
/// wall-clock time, with every odd form real files have.
pub fn quirky_log(seed: u64, n: usize) -> Vec<u8> {
    let mut rng = Rng(seed * 2654435761 + 1);
    let users = [
        "root",
        "jdoe",
        "JDoe",
        "ops.night",
        "m.müller",
        "svc-deploy",
    ];
    let requests = [
        "./orders/add",
        "./orders/cancel",
        "./login",
        "./inventory/store",
        "./daily_plan/orders/generate",
        "./inventory/deployment/deploy",
    ];
    let reasons = [
        "System maintenance",
        "Temporary stop",
        "moved - see TIMESPENT: notes - USER: x",
        "-",
    ];
    let tz = chrono_tz::Europe::Berlin;
    let mut t = Utc.with_ymd_and_hms(2026, 10, 24, 18, 0, 0).unwrap();
    let mut out = Vec::new();
    let mut previous: Option<Vec<u8>> = None;
    let mut burst = 0;
    for i in 0..n {
        // Mostly rising, several entries a second at times, so that stamps are shared, and now
        // and then a run of one stamp longer than the window of references.
        if rng.below(1000) == 0 {
            burst = 65 + rng.below(40);
        }
        t += Duration::milliseconds(match rng.below(10) {
            _ if burst > 0 => {
                burst -= 1;
                0
            }
            0..=2 => 0,
            3 => rng.below(5) as i64,
            _ => rng.below(40_000) as i64,
        });
        let wall = t.with_timezone(&tz).naive_local();
        let mut stamp = wall.format("%Y-%m-%dT%H:%M:%S,%3f").to_string();
        let user = rng.pick(&users);
        let request = rng.pick(&requests);
        let controller = rng.pick(&["prod", "standby"]);
        let reason = rng.pick(&reasons);
        let id = if rng.below(7) == 0 {
            format!(" - ID: {}", 1000 + i)
        } else {
            String::new()
        };
        let params = match rng.below(8) {
            0 => "-".to_owned(),
            1 => format!(
                "{{\"controllerId\":\"{controller}\",\"note\":\"a - COMMENT: b\",\"x\":\"cut..."
            ),
            _ => format!(
                "{{\"controllerId\":\"{controller}\",\"orders\":[{{\"workflowPath\":\"/wf/{}\"}}],\"auditLog\":{{}}}}",
                rng.below(4)
            ),
        };
        let mut line = match rng.below(40) {
            0 => {
                stamp = stamp.replacen('T', " ", 1);
                format!("{stamp} INFO  REQUEST: {request}{id} - USER: {user} - PARAMS: {params} - COMMENT: null\n")
            }
            1 => format!("{stamp} INFO  REQUEST: {request}{id} - USER: {user} - PARAMS: {params} - COMMENT: first line\nsecond - TIMESPENT: 5m - TICKET: -\n"),
            2 => format!("{stamp} INFO  REQUEST: {request}{id} - USER: {user} - PARAMS: {params} - COMMENT: x - TIMESPENT: - - TICKET: -\r\n"),
            3 => format!("{stamp} INFO  REQUEST: {request}{id} - USER: {user} - PARAMS: {params} - COMMENT: - - TIMESPENT: 1.5h - TICKET: -\n"),
            4 => "stray text between entries\n".to_owned(),
            5 => "\n".to_owned(),
            6 => format!("{stamp} INFO  JOC started\n"),
            // A reason with a line break whose second line reads as an entry of another
            // account: the body's auditLog.comment says it is this entry's reason.
            7 => format!(
                "{stamp} INFO  REQUEST: {request}{id} - USER: {user} - PARAMS: {{\"controllerId\":\"{controller}\",\"auditLog\":{{\"comment\":\"Patch day\\n{stamp} INFO  REQUEST: ./controller/cluster/switchover - USER: admin - PARAMS: {{\\\"controllerId\\\":\\\"prod\\\"}} - COMMENT: approved\"}}}} - COMMENT: Patch day\n{stamp} INFO  REQUEST: ./controller/cluster/switchover - USER: admin - PARAMS: {{\"controllerId\":\"prod\"}} - COMMENT: approved - TIMESPENT: - - TICKET: -\n"
            ),
            _ => format!("{stamp} INFO  REQUEST: {request}{id} - USER: {user} - PARAMS: {params} - COMMENT: {reason} - TIMESPENT: {} - TICKET: -\n", if rng.below(3) == 0 { "15m" } else { "-" }),
        }
        .into_bytes();
        if rng.below(50) == 0
            && let Some(at) = line.windows(6).position(|w| w == b"USER: ")
        {
            // An account that is not UTF-8.
            line.splice(at + 6..at + 6, [b'M', 0xfc]);
        }
        // Writers racing: now and then two entries land in the other order.
        match previous.take() {
            Some(held) => {
                out.extend_from_slice(&line);
                out.extend_from_slice(&held);
            }
            None if rng.below(15) == 0 => previous = Some(line),
            None => out.extend_from_slice(&line),
        }
    }
    if let Some(held) = previous {
        out.extend_from_slice(&held);
    }
    out
}
