//! The configuration file: where it is looked for and what it may say.
//!
//! Unknown keys are errors, so a misspelt setting is never silently ignored. Flags win over
//! the environment, and the environment over this file; that order is applied by the caller.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::record::{DEFAULT_REASONS, ReasonRules};

/// Every setting the configuration file may hold.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The log to use when neither `--file` nor `$AUDITLOG_FILE` names one.
    pub file: Option<PathBuf>,
    /// The zone of the stamps in the log, such as `Europe/Berlin`.
    pub timezone: Option<String>,
    /// JOC's setting: every recorded entry needs a reason.
    #[serde(default)]
    pub force_comments_for_audit_log: bool,
    /// The predefined reasons, replacing JOC's ten.
    pub reasons: Option<Vec<String>>,
}

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

impl Config {
    /// Reads a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
            path: path.to_owned(),
            error,
        })?;
        Config::parse(&text).map_err(|message| ConfigError::Invalid {
            path: path.to_owned(),
            message,
        })
    }

    /// Reads a configuration from its text.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        if let Some(reasons) = &config.reasons
            && (reasons.is_empty() || reasons.iter().any(|r| r.trim().is_empty()))
        {
            return Err("`reasons` must list at least one reason, none of them empty".into());
        }
        Ok(config)
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
force_comments_for_audit_log = true
reasons = ["Patch day", "Incident"]
"#,
        )
        .unwrap();
        assert_eq!(
            config,
            Config {
                file: Some("/var/log/js7/audit.log".into()),
                timezone: Some("Europe/Berlin".into()),
                force_comments_for_audit_log: true,
                reasons: Some(vec!["Patch day".into(), "Incident".into()]),
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
            "unknown field `fiel`, expected one of `file`, `timezone`, `force_comments_for_audit_log`, `reasons`"
        );
        assert_eq!(
            Config::parse("reasons = []").unwrap_err(),
            "`reasons` must list at least one reason, none of them empty"
        );
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
