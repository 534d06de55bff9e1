//! JOC's audit table in MySQL or MariaDB.

use std::path::Path;

use ::mysql::prelude::Queryable;
use ::mysql::{Conn, Opts, OptsBuilder, Row, Statement};
use anyhow::{Context as _, Result};

use super::sql::Dialect;
use super::{DETAILS, RowPage, RowSource, TABLE, password};

pub struct Mysql {
    conn: Conn,
    page: Statement,
    details: Option<Statement>,
    oldest: String,
    table: String,
}

pub fn connect(url: &str, password_file: Option<&Path>, details: bool) -> Result<Mysql> {
    let url = match url.split_once("://") {
        Some((_, rest)) => format!("mysql://{rest}"),
        None => url.to_owned(),
    };
    let opts = Opts::from_url(&url)
        .map_err(|_| anyhow::anyhow!("--db: not a MySQL URL (mysql://USER@HOST:PORT/DATABASE)"))?;
    if opts.get_db_name().is_none() {
        anyhow::bail!("--db: the URL names no database: mysql://USER@HOST:PORT/DATABASE");
    }
    // A server that does not answer is said, not waited on for ever.
    let minutes = |n: u64| Some(std::time::Duration::from_secs(60 * n));
    let mut builder = OptsBuilder::from_opts(opts)
        .tcp_connect_timeout(minutes(1))
        .read_timeout(minutes(10))
        .write_timeout(minutes(10));
    let secret = password::given(password_file, "MYSQL_PWD")?;
    let given = secret.is_some();
    if let Some(secret) = secret {
        builder = builder.pass(Some(secret));
    }
    let mut conn = Conn::new(builder).with_context(|| {
        format!(
            "connecting to the MySQL database of --db{}",
            if given {
                ""
            } else {
                " (no password was given: --db-password-file or MYSQL_PWD)"
            }
        )
    })?;
    // Read-only, text as UTF-8, and every time in UTC: CREATED is written as UTC.
    for set in [
        "SET SESSION TRANSACTION READ ONLY",
        "SET NAMES utf8mb4",
        "SET SESSION time_zone = '+00:00'",
    ] {
        conn.query_drop(set).context("setting up the session")?;
    }
    let found: Vec<(String, String, String)> = conn
        .exec_map(
            "SELECT CAST(table_schema AS CHAR), CAST(table_name AS CHAR), \
             CAST(column_name AS CHAR) FROM information_schema.columns \
             WHERE lower(table_name) IN (lower(?), lower(?)) AND table_schema = DATABASE() \
             ORDER BY table_schema, table_name, ordinal_position",
            (TABLE, DETAILS),
            |(schema, table, column)| (schema, table, column),
        )
        .context("reading the database's catalog")?;
    let dialect = Dialect {
        quote,
        text: "CHAR",
        param: |_| "?".to_owned(),
        qualified: false,
    };
    let statements = dialect.statements(&found, details)?;
    let table = statements.table;
    let page = conn
        .prep(&statements.page)
        .with_context(|| format!("reading {table}"))?;
    let details = statements
        .details
        .map(|sql| conn.prep(sql))
        .transpose()
        .with_context(|| format!("reading {DETAILS}"))?;
    Ok(Mysql {
        conn,
        page,
        details,
        oldest: statements.oldest,
        table,
    })
}

/// An identifier as MySQL quotes it.
fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A column's value as text; `None` for NULL. Text that is not UTF-8 keeps its other
/// characters, the rest as `�`, so that it still differs from the file.
fn text(row: &Row, i: usize) -> Option<String> {
    row.get_opt::<Option<Vec<u8>>, usize>(i)
        .and_then(Result::ok)
        .flatten()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

impl RowSource for Mysql {
    fn page(&mut self, after: i64) -> Result<RowPage> {
        let rows: Vec<Row> = self
            .conn
            .exec(&self.page, (after,))
            .with_context(|| format!("reading {}", self.table))?;
        let rows: Vec<[Option<String>; 9]> = rows
            .iter()
            .map(|row| std::array::from_fn(|i| text(row, i)))
            .collect();
        let details = match (&self.details, super::id_span(&rows)) {
            (Some(details), Some((first, last))) => {
                let found: Vec<Row> = self
                    .conn
                    .exec(details, (first, last))
                    .with_context(|| format!("reading {DETAILS}"))?;
                found
                    .iter()
                    .map(|row| std::array::from_fn(|i| text(row, i)))
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok((rows, details))
    }

    fn oldest(&mut self) -> Result<Option<String>> {
        let oldest: Option<Option<String>> = self
            .conn
            .query_first(&self.oldest)
            .with_context(|| format!("reading {}", self.table))?;
        Ok(oldest.flatten())
    }

    fn table(&self) -> &str {
        &self.table
    }

    fn details(&self) -> bool {
        self.details.is_some()
    }
}
