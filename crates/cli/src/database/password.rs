//! Where the database's password comes from: never the command line, where `ps` shows it to
//! every user of the machine. It comes from `--db-password-file`, the driver's usual
//! environment variable (`PGPASSWORD`, `MYSQL_PWD`), or PostgreSQL's password file
//! (`~/.pgpass`, or `PGPASSFILE`), as libpq reads it. It is never printed.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::output::warn;

/// Refuses a URL that holds a password (`USER:PASSWORD@HOST`, or a `password` parameter),
/// saying where to put it instead; the URL itself is not repeated.
pub fn refuse_in_url(url: &str) -> Result<()> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (authority, query) = match rest.split_once('?') {
        Some((before, query)) => (before, query),
        None => (rest, ""),
    };
    let authority = authority.split('/').next().unwrap_or_default();
    let in_userinfo = authority
        .rsplit_once('@')
        .is_some_and(|(userinfo, _)| userinfo.contains(':'));
    let in_query = query.split('&').any(|pair| {
        let key = pair.split('=').next().unwrap_or_default();
        ["password", "pass", "pwd"]
            .iter()
            .any(|k| key.eq_ignore_ascii_case(k))
    });
    if in_userinfo || in_query {
        bail!(
            "the --db URL holds a password, which any user of this machine can read on the \
             command line: leave it out, and put it in a file given with --db-password-file, \
             in PGPASSWORD (PostgreSQL) or MYSQL_PWD (MySQL, MariaDB), or in ~/.pgpass"
        );
    }
    Ok(())
}

/// The password from `--db-password-file` (its first line), else from the environment
/// variable `var`.
pub fn given(file: Option<&Path>, var: &str) -> Result<Option<String>> {
    if let Some(file) = file {
        // Only a regular file: a FIFO or a device is refused, not waited on or read on.
        let bytes = auditlog::durable::read_small(file, 64 << 10)
            .with_context(|| format!("--db-password-file {}", auditlog::safe::safe_path(file)))?;
        let text = String::from_utf8_lossy(&bytes);
        let first = text.lines().next().unwrap_or_default();
        if first.is_empty() {
            bail!(
                "--db-password-file {}: the file holds no password on its first line",
                auditlog::safe::safe_path(file)
            );
        }
        return Ok(Some(first.to_owned()));
    }
    Ok(std::env::var(var).ok().filter(|p| !p.is_empty()))
}

/// The password PostgreSQL's password file gives for this connection, as libpq reads it:
/// `host:port:database:user:password` lines, `*` for any, `\` before `:` or `\` in a field,
/// `#` for comments; for a socket, the host is `localhost`. A file that others may read is
/// passed over with a warning, as libpq does.
pub fn pgpass(host: &str, port: u16, database: &str, user: &str) -> Result<Option<String>> {
    let Some(path) = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass")))
    else {
        return Ok(None);
    };
    let Ok(meta) = fs::metadata(&path) else {
        return Ok(None);
    };
    if !meta.is_file() {
        return Ok(None);
    }
    if meta.permissions().mode() & 0o077 != 0 {
        warn(format!(
            "{}: others may read it, so it is not used (chmod 0600 it)",
            auditlog::safe::safe_path(&path)
        ))?;
        return Ok(None);
    }
    let bytes = auditlog::durable::read_small(&path, 1 << 20)
        .with_context(|| auditlog::safe::safe_path(&path))?;
    let text = String::from_utf8_lossy(&bytes);
    let port = port.to_string();
    let wanted = [host, &port, database, user];
    Ok(text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(fields)
        .find(|f| f.len() == 5 && f.iter().zip(wanted).all(|(f, w)| f == "*" || f == w))
        .map(|mut f| f.remove(4)))
}

/// The fields of a line of the password file: split at `:`, `\` taking the next character
/// as it is.
fn fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().unwrap().extend(chars.next()),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_with_a_password_is_refused_without_repeating_it() {
        for url in [
            "postgresql://joc:s3cret@db:5432/joc",
            "mysql://joc:s3cret@db/joc",
            "postgresql://joc@db/joc?password=s3cret",
            "mysql://joc@db/joc?sslmode=disable&PASS=s3cret",
        ] {
            let error = refuse_in_url(url).unwrap_err().to_string();
            assert!(!error.contains("s3cret"), "{error}");
            assert!(error.contains("--db-password-file"), "{error}");
        }
        for url in [
            "postgresql://joc@db:5432/joc",
            "postgresql://joc@%2Frun%2Fpostgresql/joc",
            "mysql://joc@db/joc?socket=/run/mysqld/mysqld.sock",
            "postgresql:///joc?host=/tmp&user=joc",
            "mysql://db/joc",
        ] {
            refuse_in_url(url).unwrap();
        }
    }

    #[test]
    fn the_password_files_fields_are_read_as_libpq_reads_them() {
        assert_eq!(
            fields(r"db\:1:5432:*:joc:pa\:ss\\word:with:colons"),
            ["db:1", "5432", "*", "joc", r"pa:ss\word:with:colons"]
        );
        assert_eq!(
            fields("localhost:*:joc:joc:x"),
            ["localhost", "*", "joc", "joc", "x"]
        );
    }
}
