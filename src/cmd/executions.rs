//! `auditlog executions`: the job audit log's table of executions, and the detail view and
//! kept output `show` prints for one.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use auditlog::execution::{
    Execution, Executions, FINISH, Metric, START, Status, id_time, serialize_metrics,
};
use auditlog::format::{one_line, safe_path};
use auditlog::json::{iso8601, safe_json};
use auditlog::query::{Matcher, Query};
use auditlog::scan::engine::{DISORDER, Hit, Plan, search_path};
use auditlog::time::{Zone, parse_duration};
use chrono::{DateTime, Duration, Utc};
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use super::{Context, filters};
use crate::cli::{ExecutionsArgs, OutputFormat};
use crate::output::{Warnings, created, shell_word, stdout, warn};

pub fn run(args: &ExecutionsArgs, ctx: &Context) -> Result<ExitCode> {
    if !args.filters.request.is_empty() {
        bail!(
            "--request: executions are the requests ./job_executions/start and ./job_executions/finish; filter them with --job, --space and --status"
        );
    }
    let now = ctx.now()?;
    let query = filters::query(&args.filters, now, ctx.zone)?;
    let stale = parse_duration(&args.stale_after).ok_or_else(|| {
        anyhow::anyhow!(
            "--stale-after: invalid duration {:?}: write 90s, 5m, 24h, 2d or 1h30m",
            args.stale_after
        )
    })?;
    let jobs = Matcher::new(&args.job)?;
    let format = args.output.unwrap_or(if io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Plain
    });
    if format == OutputFormat::Raw {
        bail!(
            "executions have no raw form: list --request './job_executions/*' -o raw prints their entries"
        );
    }
    ctx.logs_exist()?;
    let host = hostname();
    let warnings = Warnings::new(ctx.streams_all()?.iter().flatten());
    let mut rows: Vec<(Execution, Status)> = gather(ctx, query.since, &query, &warnings)?
        .into_iter()
        .map(|e| {
            let status = status(&e, &host, now.instant, stale, ctx.zone);
            (e, status)
        })
        .filter(|(e, status)| {
            jobs.matches(Some(&e.started.job))
                && (args.space.is_empty()
                    || e.started
                        .space
                        .as_ref()
                        .is_some_and(|s| args.space.contains(s)))
                && (args.status.is_empty() || args.status.contains(status))
        })
        .collect();
    if !args.oldest_first {
        rows.reverse();
    }
    if let Some(n) = args.limit {
        if args.oldest_first {
            rows.drain(..rows.len().saturating_sub(n));
        } else {
            rows.truncate(n);
        }
    }
    let mut out = stdout();
    match format {
        OutputFormat::Table => write_table(&mut out, &rows)?,
        OutputFormat::Json | OutputFormat::Ndjson => {
            let array = format == OutputFormat::Json;
            if array {
                out.write_all(if rows.is_empty() { b"[]\n" } else { b"[\n" })?;
            }
            for (i, (e, status)) in rows.iter().enumerate() {
                let json = safe_json(&ExecutionJson::new(e, *status));
                let end = if !array {
                    "\n"
                } else if i + 1 < rows.len() {
                    ",\n"
                } else {
                    "\n]\n"
                };
                write!(out, "{json}{end}")?;
            }
        }
        OutputFormat::Csv => {
            let mut csv = csv::Writer::from_writer(&mut out);
            csv.write_record(HEADERS)?;
            for (e, status) in &rows {
                csv.write_record(cells(e, *status))?;
            }
            csv.flush()?;
        }
        OutputFormat::Plain | OutputFormat::Raw => {
            for (e, status) in &rows {
                writeln!(out, "{}", cells(e, *status).join("\t"))?;
            }
        }
    }
    out.flush()?;
    super::list::finish(warnings, !rows.is_empty())
}

/// The executions whose start entries `query` matches, with their finishes, from `since` on,
/// in the order they started. Every log and its rotated siblings are read.
pub fn gather(
    ctx: &Context,
    since: Option<DateTime<Utc>>,
    query: &Query,
    warnings: &Warnings,
) -> Result<Vec<Execution>> {
    let mut wanted = query.clone();
    wanted.request = Matcher::new(&[START.to_owned()])?;
    // Finishes come after the time bounds of their starts: read on to the end.
    let mut search = Query::all(ctx.zone);
    search.since = since;
    search.request = Matcher::new(&[START.to_owned(), FINISH.to_owned()])?;
    let plan = Plan {
        need_lines: true,
        line_cache: ctx.line_cache.clone(),
        ..Plan::default()
    };
    let mut executions = Executions::default();
    for path in ctx.streams_all()?.iter().flatten() {
        let searched = search_path(path, &search, &plan, &mut |hit| {
            match hit {
                Hit::Found(f) => {
                    let start = f.entry.request == START;
                    if !start || wanted.matches(&f.entry.view(), &f.raw) {
                        executions.add(&f.entry);
                    }
                }
                Hit::Malformed(m) => warnings.malformed(&m),
            }
            Ok(())
        });
        if let Err(error) = searched {
            warnings.failed(error);
        }
    }
    Ok(executions.into_vec())
}

/// The execution an ID, or the start of one, names.
pub fn find(ctx: &Context, prefix: &str, warnings: &Warnings) -> Result<Option<Execution>> {
    let since = id_time(prefix).map(|t| ctx.zone.resolve(t).0 - DISORDER);
    let all = Query::all(ctx.zone);
    let mut found: Vec<Execution> = gather(ctx, since, &all, warnings)?
        .into_iter()
        .filter(|e| e.started.id.starts_with(prefix))
        .collect();
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ => {
            let ids: Vec<&str> = found.iter().map(|e| e.started.id.as_str()).collect();
            bail!(
                "{prefix} names {} executions: {}; give more of the ID",
                ids.len(),
                ids.join(", ")
            )
        }
    }
}

/// Where an execution stands: as its finish says, else whether its `auditlog run` lives.
pub fn status(
    e: &Execution,
    host: &str,
    now: DateTime<Utc>,
    stale: std::time::Duration,
    zone: Zone,
) -> Status {
    if let Some((finished, _)) = &e.finished {
        return finished.status;
    }
    if e.started.host == host {
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", e.started.pid)).unwrap_or_default();
        let alive = cmdline.split(|&b| b == 0).any(|arg| arg == b"run")
            && cmdline.windows(8).any(|w| w == b"auditlog");
        return if alive {
            Status::Running
        } else {
            Status::Abandoned
        };
    }
    let started = zone.instants(e.created).0;
    let stale = Duration::from_std(stale).unwrap_or(Duration::MAX);
    if now - started > stale {
        Status::Abandoned
    } else {
        Status::Running
    }
}

fn hostname() -> String {
    nix::unistd::gethostname().map_or_else(|_| String::new(), |h| h.to_string_lossy().into_owned())
}

/// The columns of the job audit log's table.
pub const HEADERS: [&str; 8] = [
    "Execution ID",
    "Job",
    "Space",
    "Status",
    "Executed by",
    "Started",
    "Ended",
    "Duration",
];

fn cells(e: &Execution, status: Status) -> [String; 8] {
    let safe = |t: &str| one_line(t).into_owned();
    [
        e.started.id.clone(),
        safe(&e.started.job),
        e.started
            .space
            .as_deref()
            .map_or_else(|| "(multiple)".to_owned(), safe),
        status.name().to_owned(),
        safe(&e.executed_by),
        created(e.created),
        e.finished
            .as_ref()
            .map_or_else(String::new, |(_, at)| created(*at)),
        e.finished
            .as_ref()
            .map_or_else(String::new, |(f, _)| human(f.duration_ms)),
    ]
}

fn write_table(out: &mut impl Write, rows: &[(Execution, Status)]) -> io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(HEADERS);
    for (e, status) in rows {
        table.add_row(cells(e, *status));
    }
    writeln!(out, "{table}")
}

/// A duration as people read it: `850ms`, `3.5s`, `4m 12s`, `2h 5m`.
pub fn human(ms: u64) -> String {
    match ms {
        0..1000 => format!("{ms}ms"),
        1000..60_000 => format!("{:.1}s", ms as f64 / 1000.0),
        60_000..3_600_000 => format!("{}m {}s", ms / 60_000, ms / 1000 % 60),
        _ => format!("{}h {}m", ms / 3_600_000, ms / 60_000 % 60),
    }
}

/// An execution as `executions -o json` writes it.
#[derive(Serialize)]
struct ExecutionJson<'a> {
    execution_id: &'a str,
    job: &'a str,
    space: Option<&'a str>,
    status: &'static str,
    executed_by: &'a str,
    started: String,
    ended: Option<String>,
    duration_ms: Option<u64>,
    exit_code: Option<i32>,
    signal: Option<i32>,
    #[serde(serialize_with = "serialize_metrics")]
    metrics: &'a [(String, Metric)],
    host: &'a str,
    output: Option<&'a str>,
}

impl<'a> ExecutionJson<'a> {
    fn new(e: &'a Execution, status: Status) -> ExecutionJson<'a> {
        let f = e.finished.as_ref().map(|(f, _)| f);
        ExecutionJson {
            execution_id: &e.started.id,
            job: &e.started.job,
            space: e.started.space.as_deref(),
            status: status.name(),
            executed_by: &e.executed_by,
            started: iso8601(e.created),
            ended: e.finished.as_ref().map(|(_, at)| iso8601(*at)),
            duration_ms: f.map(|f| f.duration_ms),
            exit_code: f.and_then(|f| f.exit_code),
            signal: f.and_then(|f| f.signal),
            metrics: f.map_or(&[], |f| &f.metrics),
            host: &e.started.host,
            output: f.and_then(|f| f.output.as_deref()),
        }
    }
}

/// `show EXECUTION-ID`: the job audit log's detail view, its JSON, or its kept output.
pub fn show(ctx: &Context, prefix: &str, json: bool, log: bool) -> Result<ExitCode> {
    ctx.logs_exist()?;
    let warnings = Warnings::new(ctx.streams_all()?.iter().flatten());
    let Some(e) = find(ctx, prefix, &warnings)? else {
        warn(format!(
            "no job execution {prefix} in {}",
            ctx.files
                .iter()
                .map(|f| safe_path(f))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        return super::list::finish(warnings, false);
    };
    let status = status(
        &e,
        &hostname(),
        ctx.now()?.instant,
        std::time::Duration::from_secs(86_400),
        ctx.zone,
    );
    let mut out = stdout();
    if log {
        let Some(path) = e.finished.as_ref().and_then(|(f, _)| f.output.as_deref()) else {
            bail!("execution {} kept no output ({})", e.started.id, status);
        };
        let bytes = std::fs::read(path).map_err(|err| {
            anyhow::anyhow!(
                "cannot read the output of {} from {}: {err}",
                e.started.id,
                safe_path(Path::new(path))
            )
        })?;
        out.write_all(&bytes)?;
    } else if json {
        writeln!(out, "{}", safe_json(&ExecutionJson::new(&e, status)))?;
    } else {
        out.write_all(detail(&e, status, &ctx.files[0]).as_bytes())?;
    }
    out.flush()?;
    super::list::finish(warnings, true)
}

fn detail(e: &Execution, status: Status, log: &Path) -> String {
    let f = e.finished.as_ref().map(|(f, _)| f);
    let line = |label: &str, value: &str| format!("  {label:<12} {}\n", one_line(value));
    let mut out = format!("Job execution {}\n", e.started.id);
    out += &line("Job", &e.started.job);
    out += &line("Space", e.started.space.as_deref().unwrap_or("(multiple)"));
    out += &line("Status", status.name());
    if let Some(reason) = f.and_then(|f| f.reason.as_deref()) {
        out += &line("Why", reason);
    }
    out += "\nDetails\n";
    out += &line("Executed by", &e.executed_by);
    out += &line("Started", &created(e.created));
    out += &line(
        "Ended",
        &e.finished
            .as_ref()
            .map_or_else(|| "-".to_owned(), |(_, at)| created(*at)),
    );
    out += &line(
        "Duration",
        &f.map_or_else(|| "-".to_owned(), |f| human(f.duration_ms)),
    );
    let ended_how = match f.map(|f| (f.exit_code, f.signal)) {
        Some((Some(code), _)) => format!("exit code {code}"),
        Some((None, Some(signal))) => format!("signal {signal}"),
        _ => "-".to_owned(),
    };
    out += &line("Ended by", &ended_how);
    out += &line(
        "Host",
        &format!("{} (pid {})", e.started.host, e.started.pid),
    );
    out += &line("Command", &e.started.command.join(" "));
    if let Some(retry_of) = &e.started.retry_of {
        out += &line("Retry of", retry_of);
    }
    out += "\nMetrics\n";
    match f.map(|f| &f.metrics).filter(|m| !m.is_empty()) {
        None => out += "  -\n",
        Some(metrics) => {
            for (name, value) in metrics {
                out += &line(name, value.text());
            }
        }
    }
    out += "\nSupport info\n";
    let log: PathBuf = std::fs::canonicalize(log).unwrap_or_else(|_| log.to_owned());
    out += &format!(
        "  auditlog --file {} show {} --log\n",
        shell_word(&log.display().to_string()),
        e.started.id
    );
    out
}
