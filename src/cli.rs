//! The command line, as plain data. Doc comments are the help text: the first line is the
//! short help, the rest the long help. Nothing here opens a file or reads the clock.

use std::path::PathBuf;

use auditlog::execution::Status;
use auditlog::time::Preset;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Read, follow, export, record and check JS7 JobScheduler audit logs (JOC Cockpit's audit.log).
///
/// The log is a compliance record: auditlog never rewrites or drops a line. It reads every form
/// of line that JOC and older JobScheduler versions wrote, and appends only whole, locked,
/// single-line entries in JOC's own layout. It also runs commands as job executions, recorded
/// in the same log.
#[derive(Debug, Parser)]
#[command(
    name = "auditlog",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The audit log [default: `file` in the config, else ./audit.log]
    ///
    /// May be given more than once where a command reads several logs.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "AUDITLOG_FILE",
        help_heading = "Log"
    )]
    pub file: Vec<PathBuf>,

    /// The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "AUDITLOG_CONFIG",
        help_heading = "Log"
    )]
    pub config: Option<PathBuf>,

    /// Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)
    ///
    /// Siblings in the same directory (audit.log.1, audit.log.2.gz, audit.log-20261101.gz,
    /// audit-2026-11-01-1.log.gz, …; gzip included) are read with the log as one stream, in
    /// time order.
    #[arg(long, global = true, help_heading = "Log")]
    pub rotated: bool,

    /// The zone of the log's stamps, such as Europe/Berlin [default: `timezone` in the config, else the system's]
    ///
    /// JOC writes local time without an offset. Presets and relative times are computed in this
    /// zone; a stamp with an offset carries its own.
    #[arg(long, global = true, value_name = "ZONE", help_heading = "Time")]
    pub tz: Option<String>,

    /// When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never
    #[arg(
        long,
        global = true,
        value_name = "WHEN",
        default_value = "auto",
        help_heading = "Output"
    )]
    pub color: ColorChoice,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to use colors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set to something.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

const RECORD_EXAMPLES: &str = "Examples:
  auditlog record ./orders/add --params '{\"controllerId\":\"prod\"}' --reason-number 1
  auditlog record ./controller/cluster/switchover --reason 'Patch day' \\
      --time-spent 1h30m --ticket https://tickets.example.com/OPS-7
  echo '{\"controllerId\":\"prod\"}' | auditlog record ./orders/cancel --params -";

const LIST_EXAMPLES: &str = "Examples:
  auditlog list --preset today
  auditlog list --since -2h --user jdoe --request './orders/*'
  auditlog list --since 2026-11-10 --until 2026-11-12 --time-of-day 22:00-06:00 --weekdays mon-fri
  auditlog list --category deployment --has-reason -o csv > deployments.csv
  auditlog --rotated list --workflow /finance/eod/close --oldest-first -n 50";

const TAIL_EXAMPLES: &str = "Examples:
  auditlog tail -f
  auditlog tail -f --user jdoe --request './orders/*' -o plain
  auditlog tail -f -n 0 --max 1 --request ./controller/cluster/switchover   # wait for the next switchover
  auditlog tail -f -n 0 --until 18:00 -o ndjson >> today.ndjson";

const RUN_EXAMPLES: &str = "Examples:
  auditlog run -- /usr/local/bin/archive-spaces --all
  auditlog run --job archive --space finance --timeout 2h --retries 2 --retry-delay 5m -- ./archive.sh finance
  # in the job's script: auditlog metric 'Emails sent' 3";

const EXPORT_EXAMPLES: &str = "Examples:
  auditlog export audit-2026-11.xlsx --since 2026-11-01 --until 2026-11-30
  auditlog export deployments.csv --category deployment --has-reason
  auditlog --rotated export everything.ndjson --oldest-first";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List entries, newest first, filtered by time and fields
    ///
    /// Prints a table on a terminal and the original lines otherwise. Flags of one kind are
    /// alternatives (--user a --user b: either); different flags must all hold. Exits 1 when
    /// nothing matched.
    #[command(after_long_help = LIST_EXAMPLES)]
    List(ListArgs),

    /// Show one entry in full: every field, the request body, and where it is
    ///
    /// REF is the reference `list` shows (20261123T095301.440, with ~2 for a second entry of the
    /// same stamp), any form of the stamp (2026-11-23T09:53:01,440), or the JOC ID of a line
    /// that has one. The log's rotated siblings are searched too.
    Show(ShowArgs),

    /// Print the last entries, and with -f the entries appended from then on
    ///
    /// Prints the last N matching entries oldest first, as tail does. With -f it keeps
    /// printing matching entries as they are appended, each once it is whole, following the
    /// log across rotation (rename and create) and truncation, and waiting for it when it does
    /// not exist yet. Ctrl-C ends it with exit 0; so do --until (once that time has passed)
    /// and --max.
    #[command(after_long_help = TAIL_EXAMPLES)]
    Tail(TailArgs),

    /// Export entries to .xlsx, .csv or .ndjson, exactly as list shows them
    ///
    /// The form follows OUTPUT's extension, or --format. The file appears whole or not at all:
    /// it is written beside OUTPUT and renamed into place, and an existing file is replaced
    /// only with --force. A workbook has the sheet "Audit Log" with JOC's export columns (and
    /// "Audit Log (2)" and on past Excel's 1,048,575 rows), "Job Executions" when the range
    /// holds any, and "Summary": the filters, the files, entries per day with a line chart,
    /// and counts per account, request and category.
    #[command(after_long_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),

    /// List job executions, newest first: the job audit log's table
    ///
    /// Pairs the start and finish entries `auditlog run` writes. An execution with a start and
    /// no finish is Running while its `auditlog run` lives, Abandoned when it does not (or,
    /// for another host, after --stale-after). Time filters apply to when executions started.
    #[command(visible_alias = "runs")]
    Executions(ExecutionsArgs),

    /// Run a command as a job execution, recorded in the log
    ///
    /// Writes a start entry (./job_executions/start) before the command starts and a finish
    /// entry (./job_executions/finish) when it ends, however it ends: with its status
    /// (Successful, Failed, Cancelled), exit code or signal, duration, metrics and where its
    /// output is kept. The command's output passes through unchanged and is also kept, its last
    /// --max-output bytes, in one file per execution. It reports metrics by appending NAME=VALUE
    /// lines to the file $AUDITLOG_METRICS names (or with `auditlog metric`). Only one
    /// execution of a job runs at a time on a host. Exits with the command's exit code (128 +
    /// signal when it was killed; 127 when it was not found, 126 when it could not be run; 75
    /// when the job was already running).
    #[command(after_long_help = RUN_EXAMPLES)]
    Run(RunArgs),

    /// Report a metric of the running execution (within `auditlog run`)
    ///
    /// Appends NAME=VALUE to the file $AUDITLOG_METRICS names; the execution's finish entry
    /// carries it.
    Metric(MetricArgs),

    /// Append one entry to the log, in JOC's layout
    ///
    /// The entry is checked first; nothing is written when a check fails. It is written as one
    /// line under an exclusive lock and synced to disk. Line breaks and control characters in
    /// the reason are shown on the line as visible stand-ins (␊, ␛, …), and the exact reason is
    /// kept in the request body's auditLog.comment, from where it reads back.
    #[command(after_long_help = RECORD_EXAMPLES)]
    Record(RecordArgs),

    /// Lint a log: count its entries, report malformed lines and time going backwards
    ///
    /// Prints each finding as FILE:LINE: WHY, then a summary per file. Exits 0 when the log is
    /// clean, 1 when something was found.
    Check(CheckArgs),

    /// Print the predefined reasons, numbered for `record --reason-number`
    ///
    /// JOC's ten reasons, or the `reasons` list of the configuration.
    Reasons,

    /// Write shell completions and man pages
    #[command(hide = true)]
    Generate(GenerateArgs),
}

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

    /// Do not wait for the entry to reach the disk
    #[arg(long)]
    pub no_sync: bool,
}

/// Which entries: time and field filters, shared by every command that reads entries.
#[derive(Debug, Args)]
pub struct Filters {
    /// A date range as in JOC
    ///
    /// all, today, yesterday, last-hour, last-12h, last-24h, last-7d, this-week (since Monday),
    /// this-month.
    #[arg(
        long,
        value_enum,
        default_value = "all",
        hide_possible_values = true,
        help_heading = "Time"
    )]
    pub preset: Preset,

    /// Entries at or after TIME
    ///
    /// A date (2026-11-23), a date and time (2026-11-23 09:00, 2026-11-23T09:00:00,000), a time
    /// today (09:00), a relative time (-30m, -2h, -7d, -2w, -1M, -1y, '2 hours ago'), or now,
    /// today, yesterday.
    #[arg(
        long,
        value_name = "TIME",
        allow_hyphen_values = true,
        help_heading = "Time"
    )]
    pub since: Option<String>,

    /// Entries at or before TIME; a date alone means to the end of that day
    ///
    /// Takes the forms of --since: --since 2026-11-10 --until 2026-11-12 covers three whole days.
    #[arg(
        long,
        value_name = "TIME",
        allow_hyphen_values = true,
        help_heading = "Time"
    )]
    pub until: Option<String>,

    /// Entries whose time of day lies in START-END, on every day (END not included)
    ///
    /// 09:00-18:00 for office hours; 22:00-06:00 wraps past midnight.
    #[arg(long, value_name = "START-END", help_heading = "Time")]
    pub time_of_day: Option<String>,

    /// Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)
    #[arg(long, value_name = "DAYS", help_heading = "Time")]
    pub weekdays: Option<String>,

    /// The account, as a pattern (* and ?, ignoring case)
    #[arg(long, value_name = "GLOB", help_heading = "Filtering")]
    pub user: Vec<String>,

    /// The request, as a pattern (* also matches /): './orders/*'
    #[arg(long, value_name = "GLOB", help_heading = "Filtering")]
    pub request: Vec<String>,

    /// The category: deployment, controller, inventory, dailyplan, identity, certificates,
    /// settings, monitoring, others, jobs, unknown
    #[arg(long, value_name = "NAME", help_heading = "Filtering")]
    pub category: Vec<String>,

    /// The controller named in the request body, as a pattern
    #[arg(long, value_name = "ID", help_heading = "Filtering")]
    pub controller: Vec<String>,

    /// Entries whose request body names this workflow, as a pattern
    #[arg(long, value_name = "PATH", help_heading = "Filtering")]
    pub workflow: Vec<String>,

    /// The reason, as a pattern: '*maintenance*'
    #[arg(
        long,
        value_name = "GLOB",
        allow_hyphen_values = true,
        help_heading = "Filtering"
    )]
    pub reason: Vec<String>,

    /// The ticket link, as a pattern: '*OPS-12*'
    #[arg(long, value_name = "GLOB", help_heading = "Filtering")]
    pub ticket: Vec<String>,

    /// The JOC ID
    #[arg(long, value_name = "N", help_heading = "Filtering")]
    pub id: Vec<u64>,

    /// Only entries with a reason
    #[arg(long, help_heading = "Filtering")]
    pub has_reason: bool,

    /// Entries whose text matches REGEX anywhere
    #[arg(
        long,
        value_name = "REGEX",
        allow_hyphen_values = true,
        help_heading = "Filtering"
    )]
    pub grep: Vec<String>,
}

/// How entries are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// JOC's columns, fitted to the terminal.
    Table,
    /// One entry a line, fields separated by tabs.
    Plain,
    /// A JSON array of entries.
    Json,
    /// One JSON object a line.
    Ndjson,
    /// Comma-separated values with a header (RFC 4180).
    Csv,
    /// The original lines, byte for byte.
    Raw,
}

/// Options of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: Filters,

    /// table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw]
    #[arg(
        short,
        long,
        value_name = "FORMAT",
        hide_possible_values = true,
        help_heading = "Output"
    )]
    pub output: Option<OutputFormat>,

    /// Oldest first (the default is newest first, as JOC shows it)
    #[arg(long, help_heading = "Output")]
    pub oldest_first: bool,

    /// Only the N newest entries (shown newest first, or oldest first with --oldest-first)
    ///
    /// As `tail -n` takes them: `-n 20 --oldest-first` prints the same entries as
    /// `auditlog tail -n 20`.
    #[arg(short = 'n', long, value_name = "N", help_heading = "Output")]
    pub limit: Option<usize>,

    /// Print only the number of matching entries
    #[arg(long, help_heading = "Output")]
    pub count: bool,

    /// Stop with an error at the first line that is not an entry (it is reported and skipped
    /// otherwise)
    #[arg(long)]
    pub strict: bool,
}

/// Options of `tail`.
#[derive(Debug, Args)]
pub struct TailArgs {
    #[command(flatten)]
    pub filters: Filters,

    /// How many of the last matching entries to print first
    #[arg(
        short = 'n',
        long,
        value_name = "N",
        default_value_t = 10,
        help_heading = "Output"
    )]
    pub lines: usize,

    /// Keep printing matching entries as they are appended
    #[arg(short, long)]
    pub follow: bool,

    /// End after printing N entries in all (for scripts waiting on an entry: -n 0 --max 1)
    #[arg(long, value_name = "N")]
    pub max: Option<u64>,

    /// plain, json, ndjson, csv, raw or table (not with -f) [default: plain on a terminal, else raw]
    #[arg(
        short,
        long,
        value_name = "FORMAT",
        hide_possible_values = true,
        help_heading = "Output"
    )]
    pub output: Option<OutputFormat>,
}

/// The forms of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// An Excel workbook.
    Xlsx,
    /// Comma-separated values (RFC 4180), safe to open in a spreadsheet.
    Csv,
    /// One JSON object a line, as `list -o ndjson` writes them.
    Ndjson,
}

/// Options of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write: .xlsx, .csv or .ndjson
    #[arg(value_name = "OUTPUT")]
    pub output: PathBuf,

    #[command(flatten)]
    pub filters: Filters,

    /// xlsx, csv or ndjson [default: from OUTPUT's extension]
    #[arg(
        long,
        value_name = "FORM",
        hide_possible_values = true,
        help_heading = "Output"
    )]
    pub format: Option<ExportFormat>,

    /// Oldest first (the default is newest first, as JOC shows it)
    #[arg(long, help_heading = "Output")]
    pub oldest_first: bool,

    /// Only the N newest entries
    #[arg(short = 'n', long, value_name = "N", help_heading = "Output")]
    pub limit: Option<usize>,

    /// Add the request body as a column "Request Body" (xlsx and csv)
    #[arg(long, help_heading = "Output")]
    pub with_params: bool,

    /// Replace OUTPUT when it exists
    #[arg(long)]
    pub force: bool,

    /// No progress bar
    #[arg(short, long)]
    pub quiet: bool,
}

/// How `show` prints an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Every field, the request body pretty-printed.
    Text,
    /// The entry's JSON, as `list -o json` writes it.
    Json,
}

/// Options of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry: a reference from `list`, a stamp, a JOC ID, or a job execution's ID
    #[arg(value_name = "REF")]
    pub reference: String,

    /// text or json
    #[arg(
        short,
        long,
        value_name = "FORMAT",
        default_value = "text",
        hide_possible_values = true
    )]
    pub output: ShowFormat,

    /// For a job execution: print the output it kept instead
    #[arg(long)]
    pub log: bool,
}

/// Options of `executions`.
#[derive(Debug, Args)]
pub struct ExecutionsArgs {
    #[command(flatten)]
    pub filters: Filters,

    /// Only this job (a pattern; may be given more than once)
    #[arg(long, value_name = "GLOB", help_heading = "Executions")]
    pub job: Vec<String>,

    /// Only executions in this space: the space scope (site scope, every execution, without it)
    #[arg(long, value_name = "NAME", help_heading = "Executions")]
    pub space: Vec<String>,

    /// Only executions with this status: running, successful, failed, cancelled, abandoned
    #[arg(
        long,
        value_name = "STATUS",
        help_heading = "Executions",
        hide_possible_values = true
    )]
    pub status: Vec<Status>,

    /// An execution of another host with no finish counts as Abandoned after this long
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "24h",
        help_heading = "Executions"
    )]
    pub stale_after: String,

    /// table, plain, json, ndjson or csv [default: table on a terminal, else plain]
    #[arg(
        short,
        long,
        value_name = "FORMAT",
        hide_possible_values = true,
        help_heading = "Output"
    )]
    pub output: Option<OutputFormat>,

    /// Oldest first (the default is newest first)
    #[arg(long, help_heading = "Output")]
    pub oldest_first: bool,

    /// Only the N newest executions
    #[arg(short = 'n', long, value_name = "N", help_heading = "Output")]
    pub limit: Option<usize>,
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

/// Options of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report time going backwards only by more than this many milliseconds
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub backwards_tolerance: u64,
}

/// Options of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The directory to write completions/ and man/ into
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
