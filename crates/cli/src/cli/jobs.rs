//! The options of `jobs`.

use clap::{Args, ValueEnum};

use super::read::{Filters, Stale};

/// Which jobs, over which window, and how they are shown.
#[derive(Debug, Args)]
pub struct JobsArgs {
    /// One job's history: each expected start with the execution that answered it or as
    /// missed, and each metric per execution
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    #[command(flatten)]
    pub filters: Filters,

    /// Print only the jobs that need attention; exit 1 when there are any, 0 when all are OK
    /// or running
    #[arg(long, help_heading = "Jobs")]
    pub check: bool,

    #[command(flatten)]
    pub stale: Stale,

    /// Output: table (on a terminal), plain, json, or prometheus (node_exporter's textfile
    /// collector)
    #[arg(short = 'o', long = "output", value_enum, help_heading = "Output")]
    pub output: Option<JobsFormat>,
}

/// How jobs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum JobsFormat {
    /// Aligned columns.
    Table,
    /// Tab-separated lines, as shown.
    Plain,
    /// A JSON array, one object per job (see the README for the schema).
    Json,
    /// Prometheus' text format, for node_exporter's textfile collector.
    Prometheus,
}
