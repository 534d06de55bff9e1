//! The configuration file: where it is looked for and what it may say.
//!
//! Unknown keys are errors, so a misspelt setting is never silently ignored. Flags win over
//! the environment, and the environment over this file; that order is applied by the caller.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::record::{DEFAULT_REASONS, ReasonRules};
use crate::schedule::Schedule;
use crate::time::{Zone, parse_duration};

/// Every setting the configuration file may hold.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The log to use when neither `--file` nor `$AUDITLOG_FILE` names one.
    pub file: Option<PathBuf>,
    /// The zone of the stamps in the log, such as `Europe/Berlin`.
    pub timezone: Option<String>,
    /// The objects log (logger `JOCAuditObjectsLog`) when it is not `audit-objects.log`
    /// beside the log.
    pub objects_file: Option<PathBuf>,
    /// JOC's setting: every recorded entry needs a reason.
    #[serde(default)]
    pub force_comments_for_audit_log: bool,
    /// `record` and `run` seal the log after appending (`auditlog seal init` first).
    #[serde(default)]
    pub seal: bool,
    /// Where `record` and `run` also send each entry as a syslog message: `unix:/dev/log`,
    /// `udp://HOST:PORT` or `tcp://HOST:PORT`.
    pub mirror: Option<String>,
    /// The predefined reasons, replacing JOC's ten.
    pub reasons: Option<Vec<String>>,
    /// The jobs `auditlog run` runs, by name: when they should start, and how long they may
    /// take.
    #[serde(default)]
    pub jobs: BTreeMap<String, JobConfig>,
}

/// A job as the configuration describes it (`[jobs.NAME]`).
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct JobConfig {
    /// When it should start: cron's five fields, or `@daily` and the like.
    pub schedule: Option<String>,
    /// The zone of the schedule; the configuration's `timezone` when not given.
    pub timezone: Option<String>,
    /// How late a start may be: `30m`.
    pub grace: Option<String>,
    /// How long a run may take: `2h`.
    pub max_duration: Option<String>,
    /// The job's space.
    pub space: Option<String>,
    /// Since when the job exists, in its zone: `2026-11-20` or `2026-11-20T08:00`, quoted or
    /// as TOML's own date. Expected starts before it are not missed; without it, the job
    /// exists from its first execution.
    #[serde(default, deserialize_with = "date_text")]
    pub since: Option<String>,
}

/// A job of the configuration, read: its schedule, grace and longest run.
#[derive(Clone, Debug)]
pub struct Job {
    /// Its name.
    pub name: String,
    /// When it should start.
    pub schedule: Option<Schedule>,
    /// How late a start may be.
    pub grace: Duration,
    /// How long a run may take.
    pub max_duration: Option<Duration>,
    /// Its space.
    pub space: Option<String>,
    /// Since when it exists, when the configuration says.
    pub since: Option<chrono::DateTime<chrono::Utc>>,
}

/// How late a start may be when the configuration does not say.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(15 * 60);

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error(
        "cannot read the configuration {}: {error}",
        crate::safe::safe_path(path)
    )]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// The file is not valid TOML or holds an unknown key or a wrong type.
    #[error("invalid configuration {}: {message}", crate::safe::safe_path(path))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, where.
        message: String,
    },
}

/// The most bytes a configuration file may hold.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

impl Config {
    /// Reads a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let read = |error| ConfigError::Read {
            path: path.to_owned(),
            error,
        };
        let bytes = crate::durable::read_small(path, MAX_CONFIG_BYTES).map_err(read)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            read(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "not UTF-8 text",
            ))
        })?;
        Config::parse(&text).map_err(|message| ConfigError::Invalid {
            path: path.to_owned(),
            message,
        })
    }

    /// Reads a configuration from its text.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| match e.span() {
            Some(span) => {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                format!("line {line}: {}", e.message())
            }
            None => e.message().to_owned(),
        })?;
        if let Some(reasons) = &config.reasons
            && (reasons.is_empty() || reasons.iter().any(|r| r.trim().is_empty()))
        {
            return Err("`reasons` must list at least one reason, none of them empty".into());
        }
        if !config.jobs.is_empty() {
            config.jobs(Zone::System)?;
        }
        Ok(config)
    }

    /// The jobs, read, each schedule in its `timezone`, else the configuration's, else `zone`.
    pub fn jobs(&self, zone: Zone) -> Result<Vec<Job>, String> {
        let zone_of = |name: &Option<String>, key: &str| -> Result<Option<Zone>, String> {
            name.as_deref()
                .map(|n| Zone::parse(n).ok_or_else(|| format!("{key}: unknown zone {n:?}")))
                .transpose()
        };
        let default_zone = zone_of(&self.timezone, "timezone")?.unwrap_or(zone);
        self.jobs
            .iter()
            .map(|(name, job)| {
                let key = |field: &str| format!("jobs.{name}.{field}");
                if name.is_empty() || name.chars().any(crate::safe::is_unsafe_char) {
                    return Err(format!(
                        "jobs: the name {name:?} is empty or holds control characters"
                    ));
                }
                let zone = zone_of(&job.timezone, &key("timezone"))?.unwrap_or(default_zone);
                let duration = |text: &Option<String>, field: &str| {
                    text.as_deref()
                        .map(|t| {
                            parse_duration(t).ok_or_else(|| {
                                format!(
                                    "{}: invalid duration {t:?}: write 90s, 30m, 2h or 1h30m",
                                    key(field)
                                )
                            })
                        })
                        .transpose()
                };
                Ok(Job {
                    name: name.clone(),
                    schedule: job
                        .schedule
                        .as_deref()
                        .map(|s| Schedule::parse(s, zone))
                        .transpose()
                        .map_err(|e| format!("{}: {e}", key("schedule")))?,
                    grace: duration(&job.grace, "grace")?.unwrap_or(DEFAULT_GRACE),
                    max_duration: duration(&job.max_duration, "max_duration")?,
                    space: job.space.clone(),
                    since: job
                        .since
                        .as_deref()
                        .map(|text| {
                            wall_clock(text).map(|wall| zone.resolve(wall).0).ok_or_else(|| {
                                format!(
                                    "{}: invalid date {text:?}: write 2026-11-20 or 2026-11-20T08:00",
                                    key("since")
                                )
                            })
                        })
                        .transpose()?,
                })
            })
            .collect()
    }

    /// How reasons are handled under this configuration.
    pub fn reason_rules(&self) -> ReasonRules {
        ReasonRules {
            required: self.force_comments_for_audit_log,
            predefined: self
                .reasons
                .clone()
                .unwrap_or_else(|| DEFAULT_REASONS.iter().map(|r| r.to_string()).collect()),
        }
    }
}

/// A date as text, whether the configuration quotes it (`"2026-11-20"`) or writes it as TOML's
/// own date or local date-time (`2026-11-20`, `2026-11-20T08:00:00`).
fn date_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(
        untagged,
        expecting = "`since` must be a date: 2026-11-20 or 2026-11-20T08:00"
    )]
    enum Text {
        Quoted(String),
        Date(toml::value::Datetime),
    }
    Ok(Some(match Text::deserialize(d)? {
        Text::Quoted(text) => text,
        Text::Date(date) => date.to_string(),
    }))
}

/// A date, or a date and a time of day, as a configuration writes them.
fn wall_clock(text: &str) -> Option<chrono::NaiveDateTime> {
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return date.and_hms_opt(0, 0, 0);
    }
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
}

/// Where the configuration is looked for when neither `--config` nor `$AUDITLOG_CONFIG` names
/// one: `$XDG_CONFIG_HOME/auditlog/config.toml` (`$HOME/.config/…` when XDG_CONFIG_HOME is not
/// set), then `/etc/auditlog/config.toml`. The first that exists is used.
pub fn default_locations(xdg_config_home: Option<&Path>, home: Option<&Path>) -> Vec<PathBuf> {
    let user_dir = xdg_config_home
        .filter(|p| p.is_absolute())
        .map(Path::to_owned)
        .or_else(|| home.map(|h| h.join(".config")));
    user_dir
        .map(|d| d.join("auditlog/config.toml"))
        .into_iter()
        .chain([PathBuf::from("/etc/auditlog/config.toml")])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let config = Config::parse(
            r#"
file = "/var/log/js7/audit.log"
timezone = "Europe/Berlin"
objects_file = "/var/log/js7/audit-objects.log"
force_comments_for_audit_log = true
seal = true
mirror = "udp://siem:514"
reasons = ["Patch day", "Incident"]
"#,
        )
        .unwrap();
        assert_eq!(
            config,
            Config {
                file: Some("/var/log/js7/audit.log".into()),
                timezone: Some("Europe/Berlin".into()),
                objects_file: Some("/var/log/js7/audit-objects.log".into()),
                force_comments_for_audit_log: true,
                seal: true,
                mirror: Some("udp://siem:514".into()),
                reasons: Some(vec!["Patch day".into(), "Incident".into()]),
                jobs: BTreeMap::new(),
            }
        );
        let rules = config.reason_rules();
        assert!(rules.required);
        assert_eq!(rules.numbered(), "  1. Patch day\n  2. Incident\n");
        assert_eq!(
            Config::parse("").unwrap().reason_rules().predefined.len(),
            10
        );
    }

    #[test]
    fn says_what_is_wrong() {
        assert_eq!(
            Config::parse("fiel = \"x\"").unwrap_err(),
            "line 1: unknown field `fiel`, expected one of `file`, `timezone`, `objects_file`, `force_comments_for_audit_log`, `seal`, `mirror`, `reasons`, `jobs`"
        );
        assert_eq!(
            Config::parse("reasons = []").unwrap_err(),
            "`reasons` must list at least one reason, none of them empty"
        );
    }

    #[test]
    fn reads_jobs_and_says_what_is_wrong_with_them() {
        let config = Config::parse(
            r#"
timezone = "Europe/Berlin"
[jobs.archive]
schedule = "0 2 * * *"
grace = "30m"
max_duration = "2h"
space = "finance"
[jobs.backup]
schedule = "@hourly"
timezone = "UTC"
[jobs.adhoc]
"#,
        )
        .unwrap();
        let jobs = config.jobs(Zone::System).unwrap();
        let said: Vec<String> = jobs
            .iter()
            .map(|j| {
                format!(
                    "{} {:?} {:?} {:?} {:?}",
                    j.name,
                    j.schedule.as_ref().map(Schedule::text),
                    j.grace,
                    j.max_duration,
                    j.space
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                "adhoc None 900s None None",
                "archive Some(\"0 2 * * *\") 1800s Some(7200s) Some(\"finance\")",
                "backup Some(\"@hourly\") 900s None None",
            ]
        );
        let refused = |text: &str| Config::parse(text).unwrap_err();
        assert_eq!(
            refused("[jobs.a]\nschedule = \"0 2 * *\""),
            "jobs.a.schedule: schedule \"0 2 * *\": cron's five fields (minute hour day-of-month month day-of-week) are needed, not 4"
        );
        assert_eq!(
            refused("[jobs.a]\ngrace = \"soon\""),
            "jobs.a.grace: invalid duration \"soon\": write 90s, 30m, 2h or 1h30m"
        );
        assert_eq!(
            refused("[jobs.a]\ntimezone = \"Mars/Base\""),
            "jobs.a.timezone: unknown zone \"Mars/Base\""
        );
        assert!(refused("[jobs.a]\nevery = \"day\"").starts_with("line 2: unknown field `every`"));
        assert_eq!(
            refused("[jobs.a]\nsince = \"20.11.2026\""),
            "jobs.a.since: invalid date \"20.11.2026\": write 2026-11-20 or 2026-11-20T08:00"
        );
        assert_eq!(
            refused("[jobs.a]\n\nsince = 20"),
            "line 3: `since` must be a date: 2026-11-20 or 2026-11-20T08:00"
        );
    }

    /// `since = 2026-11-20`, unquoted, is a TOML date: it was refused with a message that named
    /// no key. A date, quoted or not, is read as one.
    #[test]
    fn reads_since_quoted_or_as_a_toml_date() {
        let utc = Zone::Fixed(chrono::FixedOffset::east_opt(0).unwrap());
        let since = |value: &str| {
            let config = Config::parse(&format!("[jobs.a]\nsince = {value}")).unwrap();
            config.jobs(utc).unwrap()[0].since.map(|t| t.to_rfc3339())
        };
        let midnight = Some("2026-11-20T00:00:00+00:00".to_owned());
        let eight = Some("2026-11-20T08:00:00+00:00".to_owned());
        assert_eq!(since("\"2026-11-20\""), midnight);
        assert_eq!(since("2026-11-20"), midnight);
        assert_eq!(since("\"2026-11-20T08:00\""), eight);
        assert_eq!(since("2026-11-20T08:00:00"), eight);
    }

    #[test]
    fn looks_in_the_user_dir_then_etc() {
        assert_eq!(
            default_locations(Some(Path::new("/x")), Some(Path::new("/home/a"))),
            [
                PathBuf::from("/x/auditlog/config.toml"),
                "/etc/auditlog/config.toml".into()
            ]
        );
        assert_eq!(
            default_locations(None, Some(Path::new("/home/a"))),
            [
                PathBuf::from("/home/a/.config/auditlog/config.toml"),
                "/etc/auditlog/config.toml".into()
            ]
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// No text makes reading a configuration panic.
        #[test]
        fn no_text_panics(text in "(file|timezone|reasons|force_comments_for_audit_log| |=|\"|\\[|\\]|,|\n|true|x|\\PC){0,20}") {
            let _ = Config::parse(&text);
        }
    }
}
