//! The options of `seal`, `verify`, `archive` and `retention`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use super::write::ReasonArgs;

/// Options of `seal`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SealArgs {
    /// Start sealing, instead of sealing what is new
    #[command(subcommand)]
    pub command: Option<SealCommand>,

    /// Print the seal's head (SEQ:BYTES:SHA256) instead of sealing, to keep elsewhere
    ///
    /// Whoever has root on the host can delete the newest entries together with their seal
    /// records. A head kept off the host (`verify --head`) catches that.
    #[arg(long)]
    pub head: bool,

    /// Print nothing unless something is wrong (for cron)
    #[arg(short, long)]
    pub quiet: bool,
}

/// What `seal` can do besides sealing.
#[derive(Debug, Subcommand)]
pub enum SealCommand {
    /// Start sealing the log: a new key, printed once, and an empty seal
    ///
    /// Creates <log>.seal-key (mode 0600) with key 0 and an empty <log>.seal, and prints the
    /// verification key as the only line on standard output. Keep it off this host, where the
    /// people who run the host cannot reach it: whoever holds it can verify the seal, and could
    /// make one. Refuses to replace an existing seal unless --force.
    Init(SealInitArgs),
}

/// Options of `seal init`.
#[derive(Debug, Args)]
pub struct SealInitArgs {
    /// How long an epoch lasts; when one ends, the key on the host moves on and the old one is
    /// gone
    ///
    /// A shorter epoch narrows what someone who takes the host can still seal as theirs; seal
    /// at least once an epoch (from cron) so that --max-delay holds.
    #[arg(long, value_name = "DURATION", default_value = "15m")]
    pub epoch: String,

    /// Replace an existing seal; the old seal file is kept beside it, and an entry in the log
    /// records who did it
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub reason: ReasonArgs,
}

/// Options of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The verification key `seal init` printed (KEY/START-SECONDS)
    ///
    /// A key on the command line can be seen by other users of the host; --key-file is safer.
    #[arg(
        long,
        value_name = "KEY",
        required_unless_present = "key_file",
        conflicts_with = "key_file"
    )]
    pub key: Option<String>,

    /// Read the verification key from a file, or - for standard input
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,

    /// A head kept elsewhere (`seal --head`): catches the newest entries deleted together with
    /// their seal records
    #[arg(long, value_name = "HEAD")]
    pub head: Option<String>,

    /// How long after its stamp an entry may first be sealed [default: 2 epochs]
    ///
    /// An entry sealed later may have been put in by someone who took the host, sealed with the
    /// key of then. Entries written before `seal init` are exempt.
    #[arg(long, value_name = "DURATION")]
    pub max_delay: Option<String>,
}

/// Options of `archive`.
#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// Move the entries stamped before this time: 2026-01-01, -90d, -1M, "2 weeks ago"…
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub before: String,
}

/// Options of `retention`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("verification").args(["key", "key_file"])))]
pub struct RetentionArgs {
    /// How long rotated files are kept: 10y, 18mo, 400d (a year is 365 days, a month 30)
    #[arg(long, value_name = "DURATION")]
    pub keep: String,

    /// Delete the rotated files past retention that verify, each recorded as an entry in the log
    ///
    /// Needs the verification key (--key or --key-file): a file is deleted only when its seal
    /// proves it whole.
    #[arg(long, requires = "verification")]
    pub delete: bool,

    /// The verification key, to tell which rotated files are sealed and intact
    #[arg(long, value_name = "KEY", conflicts_with = "key_file")]
    pub key: Option<String>,

    /// Read the verification key from a file, or - for standard input
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
}
