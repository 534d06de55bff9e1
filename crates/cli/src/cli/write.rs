//! The options of the commands that write to logs: `record`, `run`, `metric`; and of
//! `generate`.

use std::path::PathBuf;

use clap::Args;

/// Options of `record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The web-service path of the request, such as ./orders/add
    #[arg(value_name = "REQUEST")]
    pub request: String,

    /// The account [default: $SUDO_USER under sudo, else the login name of the real user]
    #[arg(long, value_name = "ACCOUNT", help_heading = "Entry")]
    pub user: Option<String>,

    /// The request body: a JSON object, or - to read it from standard input
    #[arg(
        long,
        value_name = "JSON",
        allow_hyphen_values = true,
        conflicts_with = "params_file",
        help_heading = "Entry"
    )]
    pub params: Option<String>,

    /// Read the request body from a file
    #[arg(long, value_name = "PATH", help_heading = "Entry")]
    pub params_file: Option<PathBuf>,

    /// The database id to write as ` - ID: N`
    #[arg(long, value_name = "N", help_heading = "Entry")]
    pub id: Option<u64>,

    #[command(flatten)]
    pub reason: ReasonArgs,

    /// Also send each entry written to syslog: unix:/dev/log, udp://HOST:PORT or tcp://HOST:PORT
    /// [default: `mirror` in the config]
    ///
    /// An RFC 5424 message (facility "log audit", APP-NAME auditlog, MSGID the request, the
    /// entry's fields as structured data, the reason as MSG), octet-counted over TCP. The log
    /// is written first; a mirror that fails or takes longer than half a second is a warning.
    #[arg(long, value_name = "TARGET")]
    pub mirror: Option<String>,

    /// Do not wait for the entry to reach the disk
    #[arg(long)]
    pub no_sync: bool,
}

/// The reason, time spent and ticket link of an entry, as JOC asks for them.
#[derive(Clone, Debug, Args)]
pub struct ReasonArgs {
    /// The reason (at most 2000 characters)
    #[arg(
        long,
        value_name = "TEXT",
        allow_hyphen_values = true,
        conflicts_with = "reason_number",
        help_heading = "Reason"
    )]
    pub reason: Option<String>,

    /// Use predefined reason N (see `auditlog reasons`)
    #[arg(long, value_name = "N", help_heading = "Reason")]
    pub reason_number: Option<usize>,

    /// Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)
    #[arg(
        long,
        value_name = "DURATION",
        allow_hyphen_values = true,
        help_heading = "Reason"
    )]
    pub time_spent: Option<String>,

    /// The ticket link: an http:// or https:// URL
    #[arg(long, value_name = "URL", help_heading = "Reason")]
    pub ticket: Option<String>,
}

/// Options of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The job [default: the command's file name]
    #[arg(long, value_name = "NAME", help_heading = "Execution")]
    pub job: Option<String>,

    /// The space the job runs in [default: none, a site-wide run, shown as (multiple)]
    #[arg(long, value_name = "NAME", help_heading = "Execution")]
    pub space: Option<String>,

    /// Record a scheduled execution [default when there is no terminal, as under cron]
    #[arg(long, conflicts_with = "manual", help_heading = "Execution")]
    pub scheduled: bool,

    /// Record a manual execution, by the account [default on a terminal]
    #[arg(long, help_heading = "Execution")]
    pub manual: bool,

    #[command(flatten)]
    pub reason: ReasonArgs,

    /// Keep at most this much of the command's output, its end: 10MiB, 512KiB, 4096
    #[arg(
        long,
        value_name = "SIZE",
        default_value = "10MiB",
        help_heading = "Output"
    )]
    pub max_output: String,

    /// Where to keep each execution's output [default: auditlog-executions/ beside the log]
    #[arg(long, value_name = "DIR", help_heading = "Output")]
    pub output_dir: Option<PathBuf>,

    /// Keep the output of this many of the job's latest executions; older ones are removed
    #[arg(
        long,
        value_name = "N",
        default_value_t = 30,
        value_parser = clap::value_parser!(u32).range(1..),
        help_heading = "Output"
    )]
    pub keep_outputs: u32,

    /// Stop the command after this long (TERM, then KILL after --kill-after): 90s, 5m, 2h
    #[arg(long, value_name = "DURATION", help_heading = "Control")]
    pub timeout: Option<String>,

    /// How long a command may take to end after TERM before it is killed
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "10s",
        help_heading = "Control"
    )]
    pub kill_after: String,

    /// Wait for a running execution of the same job to end, instead of refusing to start
    #[arg(long, help_heading = "Control")]
    pub wait: bool,

    /// Run a failed execution again, up to N more times, each as a new execution
    #[arg(long, value_name = "N", default_value_t = 0, help_heading = "Control")]
    pub retries: u32,

    /// How long to wait before a retry
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "1m",
        help_heading = "Control"
    )]
    pub retry_delay: String,

    /// Also send each entry written to syslog: unix:/dev/log, udp://HOST:PORT or tcp://HOST:PORT
    /// [default: `mirror` in the config]
    ///
    /// An RFC 5424 message (facility "log audit", APP-NAME auditlog, MSGID the request, the
    /// entry's fields as structured data, the reason as MSG), octet-counted over TCP. The log
    /// is written first; a mirror that fails or takes longer than half a second is a warning.
    #[arg(long, value_name = "TARGET")]
    pub mirror: Option<String>,

    /// Do not wait for entries to reach the disk
    #[arg(long)]
    pub no_sync: bool,

    /// The command and its arguments, after --
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// Options of `metric`.
#[derive(Debug, Args)]
pub struct MetricArgs {
    /// The metric's name, such as "Emails sent"
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Its value: a number, or text
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: String,
}

/// Options of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The directory to write completions/ and man/ into
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}
