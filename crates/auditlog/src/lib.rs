//! Read, check and write the audit log of the JS7 JobScheduler's JOC Cockpit (`audit.log`).
//!
//! The library knows the format, time and reading; it never prints and never reads the clock:
//! the caller passes "now" in. Everything written to a log goes through [`append`].
//!
//! ```
//! use auditlog::format;
//!
//! let line = "2021-08-03T03:06:50,940 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: all - TIMESPENT: - - TICKET: -";
//! let entry = format::parse(line).unwrap();
//! assert_eq!(entry.user, "root");
//! assert_eq!(entry.comment.as_deref(), Some("all"));
//! assert_eq!(entry.category().name(), "IDENTITY");
//! assert_eq!(format::render(&entry), line);
//! ```
#![deny(missing_docs)]

pub mod append;
pub mod archive;
pub mod config;
pub mod durable;
pub mod entry;
pub mod execution;
pub mod format;
pub mod jobs;
pub mod json;
pub mod lint;
pub mod mirror;
pub mod objects;
pub mod query;
pub mod reconcile;
pub mod record;
pub mod reference;
pub mod report;
pub mod retention;
pub mod safe;
pub mod scan;
pub mod schedule;
pub mod seal;
pub mod search;
pub mod stamp;
pub mod time;

pub use entry::{Category, Entry, Origin};
pub use stamp::Stamp;
