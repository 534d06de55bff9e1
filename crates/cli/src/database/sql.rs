//! The statements both drivers send, built from the names the catalog gave, in each one's
//! dialect: how it quotes a name, what it casts text to, how it writes a parameter.

use anyhow::{Result, bail};

use super::{DETAILS, PAGE, TABLE};

/// The columns of JOC_AUDIT_LOG read, in the order read (sos-components `DBItemJocAuditLog`).
const COLUMNS: [&str; 9] = [
    "ID",
    "CREATED",
    "CONTROLLER_ID",
    "ACCOUNT",
    "REQUEST",
    "PARAMETERS",
    "COMMENT",
    "TICKET_LINK",
    "TIME_SPENT",
];

/// The columns of JOC_AUDIT_LOG_DETAILS read (sos-components `DBItemJocAuditLogDetails`).
const DETAIL_COLUMNS: [&str; 4] = ["AUDITLOG_ID", "TYPE", "NAME", "ORDER_ID"];

/// How a database writes SQL.
pub struct Dialect {
    /// A name quoted.
    pub quote: fn(&str) -> String,
    /// The type a column is cast to, to be read as text.
    pub text: &'static str,
    /// The `n`th parameter (from 1), as a whole number.
    pub param: fn(usize) -> String,
    /// Whether a table is named with its schema.
    pub qualified: bool,
}

/// The statements for the tables the catalog lists.
pub struct Statements {
    /// The table's name, `schema.table`, as the catalog has it.
    pub table: String,
    /// A page of rows after an ID: one parameter.
    pub page: String,
    /// The oldest `CREATED`.
    pub oldest: String,
    /// The details of the rows between two IDs, both included: two parameters. `None` when
    /// they were not asked for, or the table is not there.
    pub details: Option<String>,
}

impl Dialect {
    /// The statements for the columns the catalog lists (schema, table, column), of tables
    /// named as [`TABLE`] or [`DETAILS`] without regard to case; with the details only when
    /// `details`.
    pub fn statements(
        &self,
        found: &[(String, String, String)],
        details: bool,
    ) -> Result<Statements> {
        let ((schema, table), columns) = find_columns(found, TABLE, &COLUMNS)?;
        let name = self.table(&schema, &table);
        // Each column read as text under a name of its own: ORDER BY takes an output column's
        // name before a table's, and the ID as text does not sort as the ID.
        let page = format!(
            "SELECT {} FROM {name} WHERE {id} > {} ORDER BY {id} LIMIT {PAGE}",
            self.read(&columns),
            (self.param)(1),
            id = (self.quote)(&columns[0]),
        );
        let oldest = format!(
            "SELECT CAST(MIN({}) AS {}) FROM {name}",
            (self.quote)(&columns[1]),
            self.text
        );
        let details = if details
            && found
                .iter()
                .any(|(_, t, _)| t.eq_ignore_ascii_case(DETAILS))
        {
            let ((schema, table), columns) = find_columns(found, DETAILS, &DETAIL_COLUMNS)?;
            Some(format!(
                "SELECT {} FROM {} WHERE {id} >= {} AND {id} <= {} ORDER BY {id}",
                self.read(&columns),
                self.table(&schema, &table),
                (self.param)(1),
                (self.param)(2),
                id = (self.quote)(&columns[0]),
            ))
        } else {
            None
        };
        Ok(Statements {
            table: format!("{schema}.{table}"),
            page,
            oldest,
            details,
        })
    }

    fn table(&self, schema: &str, table: &str) -> String {
        if self.qualified {
            format!("{}.{}", (self.quote)(schema), (self.quote)(table))
        } else {
            (self.quote)(table)
        }
    }

    fn read(&self, columns: &[String]) -> String {
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("CAST({} AS {}) AS c{i}", (self.quote)(c), self.text))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Of the columns the catalog lists (schema, table, column), the table named `wanted` (without
/// regard to case) and the names of `columns` in their case, each one found once.
fn find_columns(
    found: &[(String, String, String)],
    wanted: &str,
    columns: &[&str],
) -> Result<((String, String), Vec<String>)> {
    let of_table: Vec<&(String, String, String)> = found
        .iter()
        .filter(|(_, t, _)| t.eq_ignore_ascii_case(wanted))
        .collect();
    let mut tables: Vec<(String, String)> = of_table
        .iter()
        .map(|(schema, table, _)| (schema.clone(), table.clone()))
        .collect();
    tables.sort();
    tables.dedup();
    let table = match tables.as_slice() {
        [] => bail!(
            "the database has no table {wanted} that this user can see: is it JOC's database, \
             and may the user read the table?"
        ),
        [one] => one.clone(),
        more => bail!(
            "the database has {} tables named {wanted}: {}; name the one to read in the URL's \
             search path or database",
            more.len(),
            more.iter()
                .map(|(s, t)| format!("{s}.{t}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut names = Vec::new();
    let mut missing = Vec::new();
    for want in columns {
        match of_table
            .iter()
            .find(|(_, _, c)| c.eq_ignore_ascii_case(want))
        {
            Some((_, _, c)) => names.push(c.clone()),
            None => missing.push(*want),
        }
    }
    if !missing.is_empty() {
        bail!(
            "the table {}.{} has no column {}: is it JOC's {wanted}?",
            table.0,
            table.1,
            missing.join(", ")
        );
    }
    Ok((table, names))
}
