//! Each state, missed and late starts, the daylight-saving nights, jobs configured and not, and
//! two hosts, at a fixed now: 2026-11-23 12:00 in Berlin.

use chrono::{DateTime, Utc};

use super::*;
use crate::config::Config;
use crate::execution::{Executions, Liveness};
use crate::format::parse;

fn berlin() -> Zone {
    Zone::parse("Europe/Berlin").unwrap()
}

fn at(wall: &str) -> DateTime<Utc> {
    berlin().resolve(wall.parse().unwrap()).0
}

const NOW: &str = "2026-11-23T12:00:00";

/// A start entry, and with `ended` (wall time, status) a finish entry, as `auditlog run` writes
/// them.
fn run(
    job: &str,
    host: &str,
    pid: u32,
    start: &str,
    ended: Option<(&str, &str, u64)>,
) -> Vec<String> {
    let id = format!(
        "{}-{pid:06x}",
        start.replace(['-', ':'], "").replace('T', "-")
    );
    let body = format!(
        r#""executionId":"{id}","job":"{job}","trigger":"scheduled","host":"{host}","pid":{pid},"command":["/bin/{job}"]"#
    );
    let mut lines = vec![format!(
        "{start},000 INFO  REQUEST: ./job_executions/start - USER: Scheduled execution - PARAMS: {{{body},\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -"
    )];
    if let Some((end, status, ms)) = ended {
        let code = if status == "Successful" { 0 } else { 1 };
        lines.push(format!(
            "{end},000 INFO  REQUEST: ./job_executions/finish - USER: Scheduled execution - PARAMS: {{{body},\"status\":\"{status}\",\"exitCode\":{code},\"started\":\"{start}.000\",\"ended\":\"{end}.000\",\"durationMs\":{ms},\"metrics\":{{}},\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -"
        ));
    }
    lines
}

/// The jobs of `config` over the last seven days, from these log lines.
fn views(config: &str, lines: &[String]) -> Vec<JobView> {
    let jobs = Config::parse(config).unwrap().jobs(berlin()).unwrap();
    let mut executions = Executions::default();
    let mut sorted: Vec<&String> = lines.iter().collect();
    sorted.sort();
    for line in sorted {
        executions.add(&parse(line).unwrap());
    }
    let now = at(NOW);
    let live = Liveness {
        host: "batch01",
        alive: &|pid| pid == 4242,
        now,
        stale: std::time::Duration::from_secs(86_400),
        zone: berlin(),
    };
    let found: Vec<(Execution, Status)> = executions
        .into_vec()
        .into_iter()
        .map(|e| {
            let status = e.status(&live);
            (e, status)
        })
        .collect();
    super::jobs(
        &jobs,
        &found,
        (now - chrono::Duration::days(7), now),
        now,
        berlin(),
    )
}

fn states(views: &[JobView]) -> Vec<(&str, &str)> {
    views
        .iter()
        .map(|v| (v.name.as_str(), v.state.name()))
        .collect()
}

/// Nightly runs at 02:00 for the week before now, but for the nights in `skip`, each taking
/// four minutes, starting `late` minutes late.
fn nightly(job: &str, skip: &[u32], late: u32) -> Vec<String> {
    (16..=23)
        .filter(|d| !skip.contains(d))
        .flat_map(|d| {
            let start = format!("2026-11-{d:02}T02:{late:02}:00");
            let end = format!("2026-11-{d:02}T02:{:02}:00", late + 4);
            run(
                job,
                "batch01",
                1000 + d,
                &start,
                Some((&end, "Successful", 240_000)),
            )
        })
        .collect()
}

const NIGHTLY: &str = "timezone = \"Europe/Berlin\"\n[jobs.archive]\nschedule = \"0 2 * * *\"\ngrace = \"30m\"\nmax_duration = \"1h\"\n";

#[test]
fn a_job_that_ran_every_night_is_ok_and_knows_its_next_start() {
    let views = views(NIGHTLY, &nightly("archive", &[], 0));
    assert_eq!(states(&views), [("archive", "OK")]);
    let archive = &views[0];
    assert_eq!(archive.next_expected, Some(at("2026-11-24T02:00:00")));
    // The window is (16th 12:00, 23rd 12:00]: seven nights, from the 17th.
    assert_eq!(archive.expected.len(), 7);
    assert!(archive.missed().is_empty());
    assert_eq!(archive.executions.len(), 7);
}

#[test]
fn a_night_without_a_run_is_missed_and_a_later_run_does_not_hide_it() {
    let views = views(NIGHTLY, &nightly("archive", &[19], 0));
    let archive = &views[0];
    assert_eq!(archive.missed(), [at("2026-11-19T02:00:00")]);
    // The last night ran: the job is OK again, and the miss is still counted.
    assert_eq!(archive.state, State::Ok);
    let last_night = views_of_last_night_missed();
    assert_eq!(states(&last_night), [("archive", "Missed")]);
}

fn views_of_last_night_missed() -> Vec<JobView> {
    views(NIGHTLY, &nightly("archive", &[23], 0))
}

#[test]
fn a_start_ten_minutes_late_is_inside_its_grace_and_one_past_it_is_missed() {
    let late = views(NIGHTLY, &nightly("archive", &[], 10));
    assert_eq!(states(&late), [("archive", "OK")]);
    assert!(late[0].missed().is_empty());
    let too_late = views(NIGHTLY, &nightly("archive", &[], 31));
    assert_eq!(states(&too_late), [("archive", "Missed")]);
    assert_eq!(too_late[0].missed().len(), 7);
}

#[test]
fn each_state_of_the_last_execution() {
    let config = "timezone = \"Europe/Berlin\"\n\
        [jobs.failing]\n[jobs.running]\nmax_duration = \"2h\"\n[jobs.overrunning]\nmax_duration = \"1h\"\n\
        [jobs.abandoned]\n[jobs.never]\nschedule = \"0 3 * * *\"\nsince = \"2026-11-01\"\n\
        [jobs.new]\nschedule = \"0 3 * * *\"\n\
        [jobs.later]\nschedule = \"0 3 * * *\"\nsince = \"2026-12-01\"\n";
    let mut lines = Vec::new();
    lines.extend(run(
        "failing",
        "batch01",
        11,
        "2026-11-23T08:00:00",
        Some(("2026-11-23T08:01:00", "Failed", 60_000)),
    ));
    // Process 4242 on this host is alive: running.
    lines.extend(run("running", "batch01", 4242, "2026-11-23T11:00:00", None));
    // On another host, started 90 minutes ago and not stale yet: running, past its hour.
    lines.extend(run(
        "overrunning",
        "batch02",
        12,
        "2026-11-23T10:30:00",
        None,
    ));
    // On this host, its process is gone: abandoned.
    lines.extend(run("abandoned", "batch01", 13, "2026-11-23T09:00:00", None));
    // Seen in the log, not configured; from a second host.
    lines.extend(run(
        "adhoc",
        "batch02",
        14,
        "2026-11-22T09:00:00",
        Some(("2026-11-22T09:00:05", "Successful", 5_000)),
    ));
    let views = views(config, &lines);
    assert_eq!(
        states(&views),
        [
            ("abandoned", "Abandoned"),
            ("failing", "Failed"),
            // Added to exist since the 1st, and never started since: its starts were missed.
            ("later", "Never ran"),
            ("never", "Missed"),
            ("new", "Never ran"),
            ("overrunning", "Overrunning"),
            ("running", "Running"),
            ("adhoc", "OK"),
        ]
    );
    // Said to exist from a day ahead: it expects nothing before then.
    let later = &views[2];
    assert_eq!((later.missed().len(), later.expected.len()), (0, 0));
    assert_eq!(later.next_expected, Some(at("2026-12-01T03:00:00")));
    let never = &views[3];
    assert_eq!(never.missed().len(), 7);
    assert_eq!(never.next_expected, Some(at("2026-11-24T03:00:00")));
    // Without `since` and without an execution, a job has not come to exist: nothing missed.
    let new = &views[4];
    assert_eq!((new.missed().len(), new.expected.len()), (0, 0));
    assert_eq!(new.next_expected, Some(at("2026-11-24T03:00:00")));
    assert!(
        views
            .iter()
            .all(|v| v.state.needs_attention() == !matches!(v.state, State::Ok | State::Running))
    );
}

#[test]
fn the_daylight_saving_nights_expect_what_cron_would_start() {
    // 02:30 is skipped on 29 March (cron starts at 03:00) and repeated on 25 October (once).
    let config = "timezone = \"Europe/Berlin\"\n[jobs.dst]\nschedule = \"30 2 * * *\"\nsince = \"2026-01-01\"\n";
    let jobs = Config::parse(config).unwrap().jobs(berlin()).unwrap();
    let spring: Vec<(Execution, Status)> = Vec::new();
    let view = &super::jobs(
        &jobs,
        &spring,
        (at("2026-03-28T12:00:00"), at("2026-03-30T12:00:00")),
        at("2026-03-30T12:00:00"),
        berlin(),
    )[0];
    let starts: Vec<DateTime<Utc>> = view.expected.iter().map(|e| e.at).collect();
    assert_eq!(
        starts,
        [at("2026-03-29T03:00:00"), at("2026-03-30T02:30:00")]
    );
    let autumn = &super::jobs(
        &jobs,
        &spring,
        (at("2026-10-24T12:00:00"), at("2026-10-26T12:00:00")),
        at("2026-10-26T12:00:00"),
        berlin(),
    )[0];
    let starts: Vec<DateTime<Utc>> = autumn.expected.iter().map(|e| e.at).collect();
    // The first pass of 02:30 on the 25th: Berlin's earlier reading.
    assert_eq!(
        starts,
        [at("2026-10-25T02:30:00"), at("2026-10-26T02:30:00")]
    );
}

#[test]
fn one_execution_answers_one_start_and_starts_not_yet_due_are_not_missed() {
    let at_ = |h: u32, m: u32| at(&format!("2026-11-23T{h:02}:{m:02}:00"));
    let starts = [at_(9, 0), at_(10, 0), at_(11, 0), at_(11, 55)];
    // One run at 09:59:30, answering 10:00 (a minute early is allowed), none for 09:00 or 11:00.
    let expected = answer(
        &starts,
        &[at_(9, 59) + chrono::Duration::seconds(30)],
        Duration::from_secs(600),
        at_(12, 0),
    );
    let said: Vec<(bool, bool)> = expected
        .iter()
        .map(|e| (e.answered_by.is_some(), e.due))
        .collect();
    assert_eq!(
        said,
        [(false, true), (true, true), (false, true), (false, false)]
    );
}

/// A job added three minutes ago that runs every minute showed 10,077 missed starts in a week's
/// window, and its alert fired for a week: starts count from its first execution.
#[test]
fn a_new_job_misses_nothing_before_its_first_execution() {
    let config = "timezone = \"Europe/Berlin\"\n[jobs.minutely]\nschedule = \"* * * * *\"\ngrace = \"30s\"\n";
    let mut lines = Vec::new();
    for (pid, minute) in [(21, "11:57"), (22, "11:58"), (23, "11:59")] {
        let start = format!("2026-11-23T{minute}:00");
        let end = format!("2026-11-23T{minute}:01");
        lines.extend(run(
            "minutely",
            "batch01",
            pid,
            &start,
            Some((&end, "Successful", 1_000)),
        ));
    }
    let views = views(config, &lines);
    assert_eq!(states(&views), [("minutely", "OK")]);
    assert_eq!(views[0].missed(), Vec::<DateTime<Utc>>::new());
    // The three answered, and the one of now, whose grace has not passed.
    assert_eq!(views[0].expected.len(), 4);
    // Said to exist since the day before: every start since then that had no execution is missed.
    let since = format!("{config}since = \"2026-11-22T12:00\"\n");
    let views = super::tests::views(&since, &lines);
    assert_eq!(views[0].expected.len(), 24 * 60 + 1);
    assert_eq!(views[0].missed().len(), 24 * 60 + 1 - 3 - 1);
}
