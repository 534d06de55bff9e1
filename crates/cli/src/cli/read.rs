//! The options of the commands that read logs: which entries (the filters), and how they are
//! shown.

use std::path::PathBuf;

use super::values::{self, PresetValue};
use auditlog::time::Preset;
use clap::{Args, ValueEnum};

use crate::output::Format;
use crate::output::export::ExportAs;

/// Which entries: time and field filters, shared by every command that reads entries.
#[derive(Debug, Args)]
pub struct Filters {
    /// A date range as in JOC
    ///
    /// all, today, yesterday, last-hour, last-12h, last-24h, last-7d, this-week (since Monday),
    /// this-month.
    #[arg(
        long,
        value_parser = values::parser::<PresetValue, Preset>(),
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
    #[arg(long, value_name = "NAME", value_parser = super::Named(super::CATEGORIES), hide_possible_values = true, help_heading = "Filtering")]
    pub category: Vec<String>,

    /// The controller named in the request body, as a pattern
    #[arg(long, value_name = "ID", help_heading = "Filtering")]
    pub controller: Vec<String>,

    /// Entries whose request body names this workflow, as a pattern
    #[arg(long, value_name = "PATH", help_heading = "Filtering")]
    pub workflow: Vec<String>,

    /// Entries whose action touched this object, as the objects log names it: a name or a
    /// path (its last segment), as a pattern
    ///
    /// Read from the objects log by the entry's ID (see --objects-file). An entry without an
    /// ID, or whose ID has no line there, is matched by the workflow paths its request body
    /// names, and the count of those is said on standard error.
    #[arg(long, value_name = "GLOB", help_heading = "Filtering")]
    pub object: Vec<String>,

    /// Only objects of this type, as the objects log writes it: workflow, order, schedule,
    /// jobresource, lock, noticeboard, … (alone: any object of the type)
    #[arg(long, value_name = "TYPE", help_heading = "Filtering")]
    pub object_type: Vec<String>,

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

impl From<OutputFormat> for Format {
    fn from(format: OutputFormat) -> Format {
        match format {
            OutputFormat::Table => Format::Table,
            OutputFormat::Plain => Format::Plain,
            OutputFormat::Json => Format::Json,
            OutputFormat::Ndjson => Format::Ndjson,
            OutputFormat::Csv => Format::Csv,
            OutputFormat::Raw => Format::Raw,
        }
    }
}

/// The order of what is listed, and how much of it.
#[derive(Debug, Args)]
pub struct Order {
    /// Oldest first (the default is newest first, as JOC shows it)
    #[arg(long, help_heading = "Output")]
    pub oldest_first: bool,

    /// Only the N newest entries (shown newest first, or oldest first with --oldest-first)
    ///
    /// As `tail -n` takes them: `-n 20 --oldest-first` prints the same entries as
    /// `auditlog tail -n 20`.
    #[arg(short = 'n', long, value_name = "N", help_heading = "Output")]
    pub limit: Option<usize>,
}

/// How what is listed is shown: its form, its order and how much of it.
#[derive(Debug, Args)]
pub struct Listing {
    /// table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for
    /// entries and plain for executions]
    ///
    /// A table prints its rows as they come, its columns fitted to the first of them and to
    /// the terminal: stamps and references whole, long values cut with `…`, ticket links
    /// shortened to their last segment, and the least useful columns left out, so that each
    /// entry keeps to one line. csv and raw are exact to a pipe or a file, and made safe on a
    /// terminal.
    #[arg(
        short,
        long,
        value_name = "FORMAT",
        hide_possible_values = true,
        help_heading = "Output"
    )]
    pub output: Option<OutputFormat>,

    #[command(flatten)]
    pub order: Order,
}

/// Options of `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The object: a workflow's path or name, an order's ID, a schedule's name, …, as a
    /// pattern (a path is matched by its last segment, as the objects log names objects)
    #[arg(value_name = "OBJECT")]
    pub name: String,

    #[command(flatten)]
    pub filters: Filters,

    #[command(flatten)]
    pub listing: Listing,

    /// Print only the number of entries
    #[arg(long, help_heading = "Output")]
    pub count: bool,
}

impl From<HistoryArgs> for ListArgs {
    /// The listing `history OBJECT` is: `list --object OBJECT`.
    fn from(args: HistoryArgs) -> ListArgs {
        let mut filters = args.filters;
        filters.object.insert(0, args.name);
        ListArgs {
            filters,
            listing: args.listing,
            count: args.count,
            cursor: CursorArgs::default(),
            strict: false,
        }
    }
}

/// Options of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: Filters,

    #[command(flatten)]
    pub listing: Listing,

    /// Print only the number of matching entries
    #[arg(long, help_heading = "Output")]
    pub count: bool,

    #[command(flatten)]
    pub cursor: CursorArgs,

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

    #[command(flatten)]
    pub cursor: CursorArgs,

    /// plain, json, ndjson, csv, raw or table (with -f, its widths fit the first entries) [default: plain on a terminal, else raw]
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
    /// A Parquet dataset in the directory OUTPUT, partitioned (see --partition).
    Parquet,
}

impl ExportFormat {
    /// The file an export of this form writes; none for a dataset.
    pub fn file(self) -> Option<ExportAs> {
        match self {
            ExportFormat::Xlsx => Some(ExportAs::Workbook),
            ExportFormat::Csv => Some(ExportAs::Csv),
            ExportFormat::Ndjson => Some(ExportAs::Ndjson),
            ExportFormat::Parquet => None,
        }
    }
}

/// How a Parquet dataset is split into directories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PartitionBy {
    /// `date=2026-11-23/`, by the day of each entry in the zone of --tz.
    Day,
    /// `month=2026-11/`.
    Month,
    /// No directories: every part in OUTPUT.
    None,
}

impl From<PartitionBy> for crate::output::parquet::Partition {
    fn from(by: PartitionBy) -> Self {
        match by {
            PartitionBy::Day => Self::Day,
            PartitionBy::Month => Self::Month,
            PartitionBy::None => Self::None,
        }
    }
}

/// Options of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write: .xlsx, .csv or .ndjson; for --format parquet, a directory
    #[arg(value_name = "OUTPUT")]
    pub output: PathBuf,

    #[command(flatten)]
    pub filters: Filters,

    /// xlsx, csv, ndjson or parquet [default: from OUTPUT's extension]
    ///
    /// parquet writes a dataset that Spark, Trino, Athena and DuckDB read: OUTPUT is a
    /// directory, split by --partition into date=YYYY-MM-DD/ directories of part-REF.parquet
    /// files (REF the part's first entry), typed columns (instant as a UTC timestamp), zstd.
    /// Each part appears whole or not at all, and none is ever rewritten: with --cursor-file,
    /// each run adds parts for the entries since the last.
    #[arg(
        long,
        value_name = "FORM",
        hide_possible_values = true,
        help_heading = "Output"
    )]
    pub format: Option<ExportFormat>,

    /// How a parquet dataset is split into directories: day, month or none [default: day]
    #[arg(
        long,
        value_name = "BY",
        hide_possible_values = true,
        help_heading = "Output"
    )]
    pub partition: Option<PartitionBy>,

    #[command(flatten)]
    pub order: Order,

    /// Add the request body as a column "Request Body" (xlsx and csv)
    #[arg(long, help_heading = "Output")]
    pub with_params: bool,

    /// Replace OUTPUT when it exists; for parquet, add parts to a directory that holds some
    #[arg(long)]
    pub force: bool,

    /// No progress bar
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub cursor: CursorArgs,
}

/// Reading on from where the last run stopped.
#[derive(Debug, Default, Args)]
pub struct CursorArgs {
    /// Print only the entries after the cursor saved in PATH, then save the new one there
    ///
    /// As journalctl's --cursor-file: the first run, with no cursor yet, prints everything.
    /// Entries come in file order, oldest first, from one log (with --rotated, its rotated
    /// files too: a cursor in a file since renamed or gzipped is found by the file's content).
    /// The cursor is saved (whole, by rename) once the output is out: a run killed in between
    /// prints its last output again next time, and never skips an entry (at least once).
    #[arg(long, value_name = "PATH", help_heading = "Cursor")]
    pub cursor_file: Option<PathBuf>,

    /// Print the cursor after the output, on standard error
    #[arg(long, requires = "cursor_file", help_heading = "Cursor")]
    pub show_cursor: bool,
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
    ///
    /// Only a regular file in the output directory, named for the execution, is read: a log
    /// that names another file is refused.
    #[arg(long)]
    pub log: bool,

    /// Where `run` kept the outputs [default: auditlog-executions/ beside the log]
    #[arg(long, value_name = "DIR", requires = "log")]
    pub output_dir: Option<std::path::PathBuf>,
}

/// When an execution with no finish is given up on.
#[derive(Debug, Args)]
pub struct Stale {
    /// An execution of another host with no finish counts as Abandoned after this long
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "24h",
        help_heading = "Executions"
    )]
    pub stale_after: String,
}

/// Options of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report time going backwards only by more than this many milliseconds
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub backwards_tolerance: u64,
}

/// Options of `index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Remove every summary kept, instead of making them
    #[arg(long)]
    pub clear: bool,
}
