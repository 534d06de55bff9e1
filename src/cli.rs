//! The command line, as plain data. Doc comments are the help text: the first line is the
//! short help, the rest the long help. Nothing here opens a file or reads the clock.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Read, filter, record and check JS7 JobScheduler audit logs (JOC Cockpit's audit.log).
///
/// The log is a compliance record: auditlog never rewrites or drops a line. It reads every form
/// of line that JOC and older JobScheduler versions wrote, and appends only whole, locked,
/// single-line entries in JOC's own layout.
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

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
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

    /// The reason for the request (at most 2000 characters)
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

    /// Do not wait for the entry to reach the disk
    #[arg(long)]
    pub no_sync: bool,
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
