//! The command line, as plain data. Doc comments are the help text: the first line is the
//! short help, the rest the long help. Nothing here opens a file or reads the clock.

mod browse;
mod examples;
mod executions;
mod jobs;
mod read;
mod reconcile;
mod report;
mod seal;
mod serve;
pub mod values;
mod write;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use examples::{
    ARCHIVE_EXAMPLES, EXPORT_EXAMPLES, HISTORY_EXAMPLES, INDEX_EXAMPLES, JOBS_EXAMPLES,
    LIST_EXAMPLES, RECONCILE_EXAMPLES, RECORD_EXAMPLES, REPORT_EXAMPLES, RETENTION_EXAMPLES,
    RUN_EXAMPLES, SEAL_EXAMPLES, SERVE_EXAMPLES, TAIL_EXAMPLES, VERIFY_EXAMPLES,
};

pub use browse::BrowseArgs;
pub use executions::ExecutionsArgs;
pub use jobs::{JobsArgs, JobsFormat};
pub use read::{
    CheckArgs, CursorArgs, ExportArgs, ExportFormat, Filters, HistoryArgs, IndexArgs, ListArgs,
    ShowArgs, ShowFormat, Stale, TailArgs,
};
pub use reconcile::ReconcileArgs;
pub use report::{ReportArgs, ReportFormat, ReportSort};
pub use seal::{ArchiveArgs, RetentionArgs, SealArgs, SealCommand, SealInitArgs, VerifyArgs};
pub use serve::ServeArgs;
pub use write::{GenerateArgs, MetricArgs, ReasonArgs, RecordArgs, RunArgs};

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

    /// The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default:
    /// `objects_file` in the config, else audit-objects.log beside each log, when there]
    ///
    /// Names the objects each entry's action touched, by the entry's ID: read by --object,
    /// history and show. With --rotated, its rotated siblings are read too.
    #[arg(long, global = true, value_name = "PATH", help_heading = "Log")]
    pub objects_file: Option<PathBuf>,

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

    /// Print straight to the terminal, without a pager
    ///
    /// On a terminal, list, show, executions, report, jobs and check print through
    /// $AUDITLOG_PAGER, else $PAGER, else `less -FRSX`; an empty value or `cat` turns it off
    /// too.
    #[arg(long, global = true, help_heading = "Output")]
    pub no_pager: bool,

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

impl From<ColorChoice> for crate::output::Color {
    fn from(choice: ColorChoice) -> crate::output::Color {
        match choice {
            ColorChoice::Auto => crate::output::Color::Auto,
            ColorChoice::Always => crate::output::Color::Always,
            ColorChoice::Never => crate::output::Color::Never,
        }
    }
}

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

    /// Every entry that touched one object, newest first: who, when, why and the request
    ///
    /// The objects come from the objects log JOC writes beside audit.log (--objects-file),
    /// joined to the entries by their ID: list --object OBJECT. An entry the objects log says
    /// nothing of is matched by the workflow paths its request body names, and their count
    /// is said on standard error. Exits 1 when no entry touched it.
    #[command(after_long_help = HISTORY_EXAMPLES)]
    History(HistoryArgs),

    /// JOC's Audit Log view in the terminal: newest first, presets, a filter line, the detail
    ///
    /// Full screen: the entries as JOC's table, fitted to the width, newest first; keys 1 to 6
    /// for the presets (All, Today, Last hour, 12 hours, 24 hours, 7 days), `:` for a filter
    /// line that takes list's flags, Enter for the entry in full, Home and End for the newest
    /// and oldest, `?` for the keys, `q` to leave. Only the entries around the view are held,
    /// fetched by seeking as it moves.
    Browse(BrowseArgs),

    /// JOC's Audit Log view in a browser, read-only, served from the files
    ///
    /// For operating staff while JOC or its database is down: presets, the advanced search
    /// with list's filters, the entries newest first in JOC's columns, each opening onto its
    /// request body, paged by seeking. Prints the address to open, which carries a token
    /// (every request needs it, even on loopback); --auth-file takes accounts instead.
    /// Listens on 127.0.0.1:8080; beyond loopback it needs --auth-file and HTTPS (--tls-cert
    /// and --tls-key, or --behind-proxy). An access log goes to standard error.
    #[command(after_long_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),

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

    /// Where the time went: entries (or job executions) per group, and which way they trend
    ///
    /// Groups the entries list's filters select by --by keys and adds up, per group: entries,
    /// time spent (h:mm on a terminal, minutes elsewhere), entries with time spent, distinct
    /// tickets and share of all entries, with a totals row. --trend adds each group's count
    /// per period and its direction; --gaps lists the entries not ready to bill. One pass;
    /// memory grows with the groups, not the entries. Exits 1 when nothing matched.
    #[command(after_long_help = REPORT_EXAMPLES)]
    Report(ReportArgs),

    /// Is each job executing at all: state, last run, next expected start, missed starts
    ///
    /// One row per job, configured ([jobs.NAME] in the configuration: schedule, timezone,
    /// grace, max_duration, space) or seen in the log. States, what needs attention first:
    /// Overrunning (running past max_duration), Missed (the last expected start passed its
    /// grace with no execution), Failed, Abandoned, Never ran, Running, OK. The window for
    /// counts and missed starts is the last 7 days unless --preset, --since or --until say.
    #[command(after_long_help = JOBS_EXAMPLES)]
    Jobs(JobsArgs),

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

    /// Seal what was written since the last seal, so that verify can prove nobody edited it
    ///
    /// Appends to <log>.seal one record for the whole entries written since the last one:
    /// their byte range and count, a running SHA-256, each line's CRC-32, the previous record's
    /// MAC, and an HMAC-SHA256 under the key of the current epoch. When an epoch ends, the key
    /// in <log>.seal-key moves on one way and the old one is overwritten, so whoever takes the
    /// host later cannot seal anything as of an earlier epoch. Run it from cron; record and run
    /// seal after writing when the configuration says `seal = true`. It follows the log across
    /// rotation, sealing the rest of the rotated file first. The log itself is never changed.
    #[command(after_long_help = SEAL_EXAMPLES)]
    Seal(SealArgs),

    /// Prove that nobody edited the log since it was sealed
    ///
    /// Recomputes every seal record with the verification key and every sealed byte of the log
    /// and its rotated files (found by content, renamed or gzipped). Reports by file and line
    /// the first entry that changed, truncation, entries removed or reordered, a missing
    /// rotated file, an edited or forged seal record, a seal begun again with a later key, and
    /// entries first sealed more than --max-delay after their stamps. Bytes written after the
    /// last seal are a warning. Exits 0 when intact, 1 when anything failed, 2 on an error.
    #[command(after_long_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),

    /// Move the old entries of a log auditlog writes into a gzip archive beside it
    ///
    /// For logs that auditlog itself writes, such as a cron job's (JOC rotates its own). Under
    /// the log's lock, the entries stamped before --before move into <stem>-YYYY-MM-DD-N.log.gz,
    /// the name JOC's log4j2 rotation gives, dated by the last entry it holds. The archive is
    /// written, synced and read back before the log is replaced by a new file holding the rest;
    /// a run killed at any step loses nothing, and the next run finishes it. --rotated reads
    /// the archive and the log as one stream, the log as it was.
    #[command(after_long_help = ARCHIVE_EXAMPLES)]
    Archive(ArchiveArgs),

    /// List the log's rotated files against a retention period, and delete the expired ones
    ///
    /// For logs that JOC writes and rotates: each rotated file with its first and last entry,
    /// its size, whether it is sealed and verifies (with --key or --key-file), and whether it
    /// is past --keep (its last entry older than that). --delete removes only the files past
    /// retention that verify, and records each deletion as an entry in the log.
    #[command(after_long_help = RETENTION_EXAMPLES)]
    Retention(RetentionArgs),

    /// Compare the log with JOC's database: rows with no line, lines with no row, fields that
    /// differ
    ///
    /// JOC writes each entry twice: a row of JOC_AUDIT_LOG and a line of audit.log. reconcile
    /// pairs them, by the ID a line carries or else by stamp, account and request, and
    /// compares account, request, reason, time spent, ticket, controller and body (the
    /// database keeps 4,093 characters of it; the rest is not a difference). The window
    /// compared starts at the file's first entry (or --since). Lines older than --purged-before
    /// are counted apart: JOC's Cleanup Service removes old rows. Only reads the database.
    /// Exits 0 when the two agree, 1 when anything differs, 2 on an error.
    #[command(after_long_help = RECONCILE_EXAMPLES)]
    Reconcile(ReconcileArgs),

    /// Lint a log: count its entries, report malformed lines and time going backwards
    ///
    /// Prints each finding as FILE:LINE: WHY, then a summary per file. Exits 0 when the log is
    /// clean, 1 when something was found.
    Check(CheckArgs),

    /// Summarize each gzip member of the rotated set, so that queries skip what cannot match
    ///
    /// A rotated gzip member never changes. Its summary (first and last entry, how many, the
    /// span of its stamps, and the accounts, requests, controllers, workflows, tickets and
    /// reasons it holds) is kept in $XDG_CACHE_HOME/auditlog/members, and a query with --since,
    /// --until or a field filter opens only the members that can match. Any reading command
    /// makes the summary of a member it reads whole; `index` makes them all ahead of time, on
    /// every core, for example from cron after the nightly rotation. A summary is used only for
    /// the file it was made from (its first line, size, modification time and inode); a
    /// damaged one is ignored and made again. The cache is kept under 64 MiB, oldest first;
    /// --clear empties it.
    #[command(after_long_help = INDEX_EXAMPLES)]
    Index(IndexArgs),

    /// Print the predefined reasons, numbered for `record --reason-number`
    ///
    /// JOC's ten reasons, or the `reasons` list of the configuration.
    Reasons,

    /// Write shell completions and man pages
    #[command(hide = true)]
    Generate(GenerateArgs),

    /// Watch `auditlog run` for it, and stop its command's process group should it die
    #[command(hide = true)]
    Guard(GuardArgs),
}

/// Options of the guard `run` starts beside its command; it reads the command's process group
/// from its standard input.
#[derive(Debug, clap::Args)]
pub struct GuardArgs {
    /// The process of `auditlog run`
    #[arg(long, value_name = "PID")]
    pub parent: i32,

    /// The execution's ID, which the command has in its environment
    #[arg(long, value_name = "ID")]
    pub execution: String,

    /// How long the command may take to end after TERM, once `run` is gone
    #[arg(long, value_name = "MILLISECONDS")]
    pub kill_after: u64,
}

/// A name from a known list: shell completions offer the list and help shows it, but any text
/// is taken, and checked where a message can say more than the parser's.
#[derive(Clone, Copy, Debug)]
pub struct Named(pub &'static [&'static str]);

impl clap::builder::TypedValueParser for Named {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.0
                .iter()
                .map(|name| clap::builder::PossibleValue::new(*name)),
        ))
    }
}

/// The categories `--category` takes (see [`auditlog::entry::Category`]).
pub const CATEGORIES: &[&str] = &[
    "deployment",
    "controller",
    "inventory",
    "dailyplan",
    "identity",
    "certificates",
    "settings",
    "monitoring",
    "others",
    "jobs",
    "unknown",
];

/// The keys `report --by` takes.
pub const KEYS: &[&str] = &[
    "account",
    "request",
    "category",
    "controller",
    "ticket",
    "reason",
    "workflow",
    "folder",
    "object",
    "day",
    "week",
    "month",
    "hour",
    "weekday",
    "job",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_completions_offer_are_the_ones_taken() {
        let categories: Vec<String> = auditlog::entry::Category::ALL
            .iter()
            .map(|c| c.name().to_lowercase())
            .collect();
        assert_eq!(categories, CATEGORIES);
        for key in KEYS {
            assert!(auditlog::report::Key::parse(key).is_ok(), "{key}");
        }
    }
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
