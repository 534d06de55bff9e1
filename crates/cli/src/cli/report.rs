//! The options of `report`.

use std::path::PathBuf;

use super::values::{self, PeriodValue};
use auditlog::report::Period;
use clap::{Args, ValueEnum};

use super::read::{Filters, Stale};
use crate::output::Format;

/// What `report` groups, adds up and shows.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub filters: Filters,

    /// Group by these keys, comma-separated (account,month)
    ///
    /// account, request, category, controller, ticket, reason, workflow, folder (the
    /// workflow's, --depth levels deep), object (as the objects log names it), day, week
    /// (ISO), month, hour, weekday; with --executions, job and the times. An entry that names
    /// several workflows (or objects) counts in each.
    #[arg(
        long,
        value_name = "KEY[,KEY]",
        value_delimiter = ',',
        value_parser = super::Named(super::KEYS),
        hide_possible_values = true,
        required_unless_present = "gaps",
        help_heading = "Report"
    )]
    pub by: Vec<String>,

    /// How many folder levels `--by folder` keeps: /a/b/wf is /a at 1, /a/b at 2
    #[arg(long, value_name = "N", default_value_t = 1, help_heading = "Report")]
    pub depth: usize,

    /// Order of the groups: most entries, most time spent, or by key
    #[arg(long, value_enum, default_value = "entries", help_heading = "Report")]
    pub sort: ReportSort,

    /// Only the first N groups, the rest as one "(other)" row
    #[arg(long, value_name = "N", help_heading = "Report")]
    pub top: Option<usize>,

    /// Each group's count per day, week or month of the window, and its direction
    ///
    /// The window is --since to --until, or the first to the last entry. Rising when the
    /// least-squares slope b of the counts over the periods 0…n−1 gives r = b·(n−1)/mean
    /// above 0.10, falling below −0.10, flat otherwise (and when the mean is 0 or n < 3).
    #[arg(
        long,
        value_parser = values::parser::<PeriodValue, Period>(),
        value_name = "PERIOD",
        help_heading = "Report"
    )]
    pub trend: Option<Period>,

    /// List the entries that need completing before they can be billed: time spent without a
    /// ticket, or a ticket without time spent
    #[arg(long, conflicts_with_all = ["by", "trend", "top", "executions", "xlsx"], help_heading = "Report")]
    pub gaps: bool,

    /// Report job executions rather than entries: per group, executions by status, success
    /// rate, duration p50/p95/max and each metric summed
    #[arg(long, help_heading = "Report")]
    pub executions: bool,

    #[command(flatten)]
    pub stale: Stale,

    /// Output: table (bars and sparklines, on a terminal), plain, csv or json
    #[arg(short = 'o', long = "output", value_enum, help_heading = "Output")]
    pub output: Option<ReportFormat>,

    /// Also write the report to a workbook with a native chart, whole or not at all
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub xlsx: Option<PathBuf>,

    /// Replace the workbook when it exists
    #[arg(long, requires = "xlsx", help_heading = "Output")]
    pub force: bool,
}

/// How the groups are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportSort {
    /// Most entries (or executions) first.
    Entries,
    /// Most time spent first.
    Time,
    /// By key: names alphabetically, times in order.
    Key,
}

/// How a report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns with bars and sparklines.
    Table,
    /// Tab-separated lines, as shown.
    Plain,
    /// CSV with a header.
    Csv,
    /// A JSON array, one object per group (see the README for the schema).
    Json,
}

impl From<ReportFormat> for Format {
    /// The form of the entries `--gaps` lists.
    fn from(format: ReportFormat) -> Format {
        match format {
            ReportFormat::Table => Format::Table,
            ReportFormat::Plain => Format::Plain,
            ReportFormat::Csv => Format::Csv,
            ReportFormat::Json => Format::Json,
        }
    }
}
