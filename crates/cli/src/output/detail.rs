//! The detail views `show` prints: an entry with every field and its request body, and a job
//! execution as the job audit log's detail view shows it. Every value is made safe to show.

use std::path::{Path, PathBuf};

use auditlog::execution::{Execution, Status};
use auditlog::objects::ById;
use auditlog::safe::one_line;
use auditlog::scan::Found;

use super::row::Tone;
use super::term::Palette;
use super::text::{created, human, shell_word};

/// A field's line: its label, and its value safe to show, in the value's tone; a missing value
/// is a dim `-`.
fn field(p: Palette, label: &str, value: &str, tone: Tone) -> String {
    let mut out = String::new();
    // A label may come from a log too (a metric's name).
    let label = one_line(label);
    if value.is_empty() || value == "-" {
        return format!("  {label:<12} {}\n", p.tone(Tone::Dim, "-"));
    }
    for (i, line) in value.split('\n').enumerate() {
        let label = if i == 0 { &label } else { "" };
        out.push_str(&format!("  {label:<12} {}\n", p.tone(tone, one_line(line))));
    }
    out
}

/// What the objects log says an entry with `id` touched, one object to a line, for
/// [`entry`].
pub fn objects(id: Option<u64>, by_id: &ById) -> String {
    let Some(id) = id else {
        return "(no ID: the objects log cannot name them)".to_owned();
    };
    match by_id.get(&id) {
        None => "(no line in the objects log)".to_owned(),
        Some(objects) if objects.is_empty() => "none".to_owned(),
        Some(objects) => objects
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The detail view: every field (with `objects`, what the objects log says the entry
/// touched, one to a line, when there is an objects log to ask), then the request body.
pub fn entry(found: &Found, objects: Option<String>, p: Palette) -> String {
    let e = &found.entry;
    let dash = |v: Option<String>| v.unwrap_or_else(|| "-".to_owned());
    let workflows = e.workflows();
    let location = e.origin.as_ref().map(|o| o.to_string()).unwrap_or_default();
    let fields = [
        ("Created", created(e.created)),
        ("Account", e.user.clone()),
        ("Request", e.request.clone()),
        ("Category", e.category().name().to_owned()),
        ("Controller", dash(e.controller())),
        (
            "Workflows",
            dash((!workflows.is_empty()).then(|| workflows.join(", "))),
        ),
        ("Reason", dash(e.comment.clone())),
        ("Time Spent", dash(e.time_spent.map(|m| format!("{m}m")))),
        ("Ticket Link", dash(e.ticket.clone())),
        ("ID", dash(e.id.map(|id| id.to_string()))),
        ("Level", e.level.clone()),
        ("Location", location),
    ];
    let objects = objects.map(|o| ("Objects", o));
    let mut out = format!("{} {}\n", p.tone(Tone::Header, "Entry"), found.reference);
    for (label, value) in fields.into_iter().chain(objects) {
        let tone = if label == "Category" {
            Tone::Category(e.category())
        } else {
            Tone::Plain
        };
        out.push_str(&field(p, label, &value, tone));
    }
    out.push_str(&format!("\n{}\n", p.tone(Tone::Header, "Request Body")));
    match (&e.params, e.params_json()) {
        (None, _) => out.push_str(&format!("  {}\n", p.tone(Tone::Dim, "-"))),
        (Some(_), Some(body)) => {
            let pretty = serde_json::to_string_pretty(&body).unwrap_or_default();
            for line in pretty.lines() {
                out.push_str(&format!("  {}\n", one_line(line)));
            }
        }
        (Some(raw), None) => {
            out.push_str(&format!("  {}\n", one_line(raw)));
            let why = if raw.ends_with("...") {
                "cut by JOC, which keeps the first 4093 characters of a longer body and adds ..."
            } else {
                "not valid JSON"
            };
            let why = format!("({why}; shown as written)");
            out.push_str(&format!("  {}\n", p.tone(Tone::Dim, why)));
        }
    }
    out
}

/// The job audit log's detail view of an execution: what it is, its details, its metrics, and the
/// command that prints the output it kept (for the log `log`, from anywhere).
pub fn execution(e: &Execution, status: Status, log: &Path, p: Palette) -> String {
    let f = e.finished.as_ref().map(|(f, _)| f);
    let line = |label: &str, value: &str| field(p, label, value, Tone::Plain);
    let heading = |text: &str| format!("\n{}\n", p.tone(Tone::Header, text));
    let mut out = format!(
        "{} {}\n",
        p.tone(Tone::Header, "Job execution"),
        e.started.id
    );
    out += &line("Job", &e.started.job);
    out += &line("Space", e.started.space.as_deref().unwrap_or("(multiple)"));
    out += &field(p, "Status", status.name(), Tone::Status(status));
    if let Some(reason) = f.and_then(|f| f.reason.as_deref()) {
        out += &line("Why", reason);
    }
    out += &heading("Details");
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
    out += &heading("Metrics");
    match f.map(|f| &f.metrics).filter(|m| !m.is_empty()) {
        None => out += &format!("  {}\n", p.tone(Tone::Dim, "-")),
        Some(metrics) => {
            for (name, value) in metrics {
                out += &line(name, value.text());
            }
        }
    }
    out += &heading("Support info");
    let log: PathBuf = std::fs::canonicalize(log).unwrap_or_else(|_| log.to_owned());
    out += &format!(
        "  auditlog --file {} show {} --log\n",
        shell_word(&log.display().to_string()),
        shell_word(&e.started.id)
    );
    out
}
