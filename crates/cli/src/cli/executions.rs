//! Options of `executions`: the job audit log's filters, and its dataset.

use auditlog::execution::Status;
use clap::{Args, ValueEnum};

use super::read::{Filters, Listing, PartitionBy, Stale};
use super::values::{self, StatusValue};

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
        value_parser = values::parser::<StatusValue, Status>(),
        help_heading = "Executions",
        hide_possible_values = true
    )]
    pub status: Vec<Status>,

    #[command(flatten)]
    pub stale: Stale,

    #[command(flatten)]
    pub listing: Listing,

    /// Write the executions into DIR as a Parquet dataset, rather than list them
    ///
    /// The dataset that Spark, Trino, Athena and DuckDB read: date=YYYY-MM-DD/ directories (by
    /// each execution's start, in the zone of --tz) of part-START.parquet files, the columns of
    /// -o json typed, the metrics as maps (numbers in metrics, text in metrics_text). DIR must
    /// be new or empty; with --force, the parts are added beside those there.
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with = "output",
        help_heading = "Dataset"
    )]
    pub export: Option<std::path::PathBuf>,

    /// The dataset's form: parquet, the only one [default: parquet]
    #[arg(
        long,
        value_name = "FORM",
        requires = "export",
        hide_possible_values = true,
        help_heading = "Dataset"
    )]
    pub format: Option<DatasetFormat>,

    /// How the dataset is split into directories: day, month or none [default: day]
    #[arg(
        long,
        value_name = "BY",
        requires = "export",
        hide_possible_values = true,
        help_heading = "Dataset"
    )]
    pub partition: Option<PartitionBy>,

    /// Add parts to a dataset directory that holds some
    #[arg(long, requires = "export", help_heading = "Dataset")]
    pub force: bool,
}

/// The forms a dataset of executions is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DatasetFormat {
    /// Apache Parquet.
    Parquet,
}
