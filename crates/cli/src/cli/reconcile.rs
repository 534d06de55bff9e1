//! Options of `reconcile`: the database, how the two sides are paired, and the outputs.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::read::Filters;

/// Options of `reconcile`.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// JOC's database: postgresql://USER@HOST:PORT/DATABASE or mysql://USER@HOST:PORT/DATABASE
    ///
    /// mariadb:// is taken for mysql://. A socket: postgresql://USER@%2Frun%2Fpostgresql/DB
    /// or mysql://USER@localhost/DB?socket=/run/mysqld/mysqld.sock. A URL that holds a
    /// password is refused: any user of the machine can read a command line.
    #[arg(long, value_name = "URL", help_heading = "Database")]
    pub db: String,

    /// Read the database's password from the first line of FILE
    ///
    /// Without it: PGPASSWORD or MYSQL_PWD, then (PostgreSQL) ~/.pgpass or PGPASSFILE.
    #[arg(long, value_name = "FILE", help_heading = "Database")]
    pub db_password_file: Option<PathBuf>,

    /// Lines without a row stamped before TIME were purged (JOC's Cleanup Service), and are
    /// counted apart
    ///
    /// Takes the forms of --since: -90d for the Cleanup Service's default age. Without it, the
    /// oldest row of the table marks the purge.
    #[arg(
        long,
        value_name = "TIME",
        allow_hyphen_values = true,
        help_heading = "Database"
    )]
    pub purged_before: Option<String>,

    /// The largest difference between a line's stamp and its row's CREATED, in milliseconds
    /// (at most a day), that still pairs them by stamp (lines without an ID) and is not
    /// reported as a difference of time
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 1000,
        value_parser = clap::value_parser!(u64).range(0..=86_400_000),
        help_heading = "Database"
    )]
    pub max_skew: u64,

    /// How to print: table (on a terminal), text (each mismatch as FILE:LINE: WHY; elsewhere)
    /// or json; the counts follow the mismatches
    #[arg(short, long, value_enum)]
    pub output: Option<ReconcileFormat>,

    /// Also write the mismatches and the counts to this workbook
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,

    #[command(flatten)]
    pub filters: Filters,
}

/// How `reconcile` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReconcileFormat {
    /// The mismatches as a table, a row per field that differs, then the counts.
    Table,
    /// Each mismatch as FILE:LINE: WHY, then the counts.
    Text,
    /// One JSON document: the mismatches and the counts.
    Json,
}

impl From<ReconcileFormat> for crate::output::reconcile::Printed {
    fn from(format: ReconcileFormat) -> Self {
        match format {
            ReconcileFormat::Table => Self::Table,
            ReconcileFormat::Text => Self::Text,
            ReconcileFormat::Json => Self::Json,
        }
    }
}
