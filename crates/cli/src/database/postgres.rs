//! JOC's audit table in PostgreSQL.

use std::path::Path;
use std::str::FromStr;

use ::postgres::config::Host;
use ::postgres::{Client, Config, NoTls, Statement};
use anyhow::{Context as _, Result};

use super::sql::Dialect;
use super::{DETAILS, RowPage, RowSource, TABLE, password};

pub struct Postgres {
    client: Client,
    page: Statement,
    details: Option<Statement>,
    oldest: String,
    table: String,
}

pub fn connect(url: &str, password_file: Option<&Path>, details: bool) -> Result<Postgres> {
    // The driver's message names no part of the URL.
    let mut config = Config::from_str(url).context("--db: not a PostgreSQL URL")?;
    if config.get_user().is_none() {
        // As libpq: the user of the operating system.
        if let Ok(user) = std::env::var("USER") {
            config.user(&user);
        }
    }
    if config.get_connect_timeout().is_none() {
        // A server that does not answer is said, not waited on for ever.
        config.connect_timeout(std::time::Duration::from_secs(30));
    }
    let secret = secret(&config, password_file)?;
    let given = secret.is_some();
    if let Some(secret) = secret {
        config.password(secret);
    }
    let mut client = config.connect(NoTls).with_context(|| {
        format!(
            "connecting to the PostgreSQL database of --db{}",
            if given {
                ""
            } else {
                " (no password was given: --db-password-file, PGPASSWORD or ~/.pgpass)"
            }
        )
    })?;
    // Read-only, and every time in UTC: CREATED is written as UTC.
    client.batch_execute(
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET TIME ZONE 'UTC'",
    )?;
    let found: Vec<(String, String, String)> = client
        .query(
            "SELECT table_schema::text, table_name::text, column_name::text \
             FROM information_schema.columns \
             WHERE lower(table_name) IN (lower($1), lower($2)) \
             AND table_schema = ANY (current_schemas(false)) \
             ORDER BY table_schema, table_name, ordinal_position",
            &[&TABLE, &DETAILS],
        )
        .context("reading the database's catalog")?
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    let dialect = Dialect {
        quote,
        text: "TEXT",
        param: |n| format!("CAST(${n} AS BIGINT)"),
        qualified: true,
    };
    let statements = dialect.statements(&found, details)?;
    let table = statements.table;
    let page = client
        .prepare(&statements.page)
        .with_context(|| format!("reading {table}"))?;
    let details = statements
        .details
        .map(|sql| client.prepare(&sql))
        .transpose()
        .with_context(|| format!("reading {DETAILS}"))?;
    Ok(Postgres {
        client,
        page,
        details,
        oldest: statements.oldest,
        table,
    })
}

/// The password: from `--db-password-file`, `PGPASSWORD`, or the password file for the
/// connection's host, port, database and user.
fn secret(config: &Config, password_file: Option<&Path>) -> Result<Option<String>> {
    if let Some(secret) = password::given(password_file, "PGPASSWORD")? {
        return Ok(Some(secret));
    }
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        _ => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or_default().to_owned();
    let database = config.get_dbname().unwrap_or(&user).to_owned();
    password::pgpass(&host, port, &database, &user)
}

/// An identifier as PostgreSQL quotes it.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl RowSource for Postgres {
    fn page(&mut self, after: i64) -> Result<RowPage> {
        let rows: Vec<[Option<String>; 9]> = self
            .client
            .query(&self.page, &[&after])
            .with_context(|| format!("reading {}", self.table))?
            .iter()
            .map(|row| std::array::from_fn(|i| row.get::<_, Option<String>>(i)))
            .collect();
        let details = match (&self.details, super::id_span(&rows)) {
            (Some(details), Some((first, last))) => self
                .client
                .query(details, &[&first, &last])
                .with_context(|| format!("reading {DETAILS}"))?
                .iter()
                .map(|row| std::array::from_fn(|i| row.get::<_, Option<String>>(i)))
                .collect(),
            _ => Vec::new(),
        };
        Ok((rows, details))
    }

    fn oldest(&mut self) -> Result<Option<String>> {
        let row = self
            .client
            .query_one(&self.oldest, &[])
            .with_context(|| format!("reading {}", self.table))?;
        Ok(row.get(0))
    }

    fn table(&self) -> &str {
        &self.table
    }

    fn details(&self) -> bool {
        self.details.is_some()
    }
}
