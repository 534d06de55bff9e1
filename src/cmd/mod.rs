//! One module per subcommand, and the context they share: the configuration, the logs, the
//! zone, the colors, and "now", read once.

mod check;
mod executions;
pub mod export;
mod filters;
mod generate;
mod list;
mod reasons;
mod record;
mod run;
mod show;
mod tail;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use auditlog::Stamp;
use auditlog::config::{self, Config};
use auditlog::format::safe_path;
use auditlog::time::Zone;
use chrono::{DateTime, NaiveDateTime, Utc};

use crate::cli::{Cli, Command};
use crate::output::{Palette, use_color};

/// What every command may need, resolved once from flags, environment and configuration.
pub struct Context {
    /// The configuration, or the defaults when there is none.
    pub config: Config,
    /// Where the configuration was read from, when there was one.
    pub config_path: Option<PathBuf>,
    /// The logs: `--file` or `$AUDITLOG_FILE`, else `file` in the config, else ./audit.log;
    /// each once, however often it was named.
    pub files: Vec<PathBuf>,
    /// The zone of the logs' stamps.
    pub zone: Zone,
    /// Colors for standard output.
    pub palette: Palette,
    /// Whether to read each log with its rotated siblings.
    pub rotated: bool,
    /// Where line numbers of large logs are remembered: `$XDG_CACHE_HOME/auditlog/lines`
    /// (`~/.cache/auditlog/lines`); none when neither is set.
    pub line_cache: Option<PathBuf>,
}

/// "Now", read once: the instant, and the wall-clock time in the logs' zone.
#[derive(Clone, Copy, Debug)]
pub struct Now {
    /// The instant.
    pub instant: DateTime<Utc>,
    /// The wall-clock time in the logs' zone.
    pub wall: NaiveDateTime,
}

/// Runs the command the command line names.
pub fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Generate(args) = &cli.command {
        return generate::run(args);
    }
    let ctx = Context::new(&cli)?;
    match cli.command {
        Command::Record(args) => record::run(args, &ctx),
        Command::Check(args) => check::run(&args, &ctx),
        Command::Reasons => reasons::run(&ctx),
        Command::List(args) => list::run(&args, &ctx),
        Command::Show(args) => show::run(&args, &ctx),
        Command::Tail(args) => tail::run(&args, &ctx),
        Command::Run(args) => run::run(args, &ctx),
        Command::Metric(args) => run::metric(&args),
        Command::Executions(args) => executions::run(&args, &ctx),
        Command::Export(args) => export::run(&args, &ctx),
        Command::Generate(_) => unreachable!("handled above"),
    }
}

impl Context {
    fn new(cli: &Cli) -> Result<Context> {
        let (config, config_path) = load_config(cli.config.as_ref())?;
        let files = if !cli.file.is_empty() {
            once_each(&cli.file)
        } else {
            vec![config.file.clone().unwrap_or_else(|| "audit.log".into())]
        };
        let zone = match (&cli.tz, &config.timezone) {
            (Some(name), _) => Zone::parse(name).with_context(|| {
                format!("invalid zone {name:?} for --tz: use an IANA name such as Europe/Berlin, UTC, or local")
            })?,
            (None, Some(name)) => Zone::parse(name).with_context(|| {
                format!("invalid timezone {name:?} in the configuration: use an IANA name such as Europe/Berlin, UTC, or local")
            })?,
            (None, None) => Zone::System,
        };
        Ok(Context {
            config,
            config_path,
            files,
            zone,
            palette: Palette::new(use_color(cli.color)),
            rotated: cli.rotated,
            line_cache: line_cache_dir(),
        })
    }

    /// The one log a command works on; `what` says what it does with it, for the message when
    /// there are several ("writes to", "follows").
    pub fn single_file(&self, what: &str) -> Result<&PathBuf> {
        match self.files.as_slice() {
            [file] => Ok(file),
            _ => bail!(
                "this command {what} one log, but --file named {} logs",
                self.files.len()
            ),
        }
    }

    /// Fails, saying how to name a log, when a log to be read is not there.
    pub fn logs_exist(&self) -> Result<()> {
        for file in &self.files {
            if file.as_os_str() != auditlog::scan::STDIN && fs::symlink_metadata(file).is_err() {
                let config = match &self.config_path {
                    Some(path) => format!("`file` in {}", safe_path(path)),
                    None => "`file` in the configuration".to_owned(),
                };
                bail!(
                    "there is no log at {}: name the log with --file PATH, the environment variable AUDITLOG_FILE, or {config}",
                    safe_path(file)
                );
            }
        }
        Ok(())
    }

    /// Now: `$AUDITLOG_NOW` when set (a stamp such as 2026-11-23T12:00:00, wall-clock time in
    /// the logs' zone unless it has an offset), else the clock.
    pub fn now(&self) -> Result<Now> {
        let Some(text) = std::env::var_os("AUDITLOG_NOW") else {
            let instant = Utc::now();
            return Ok(Now {
                instant,
                wall: self.zone.wall_time(instant),
            });
        };
        let text = text.to_string_lossy();
        let stamp = Stamp::parse(&text).with_context(|| {
            format!("invalid AUDITLOG_NOW {text:?}: write it as 2026-11-23T12:00:00, with optional ,mmm and offset")
        })?;
        let instant = self.zone.instants(stamp).0;
        Ok(Now {
            instant,
            wall: self.zone.wall_of(stamp),
        })
    }

    /// The streams to read: each log alone, or with its rotated siblings under `--rotated`.
    pub fn streams(&self) -> Result<Vec<Vec<PathBuf>>> {
        self.streams_of(self.rotated)
    }

    /// Each log with its rotated siblings, whatever `--rotated` says: for what must be found
    /// wherever it is (a job execution's start and finish).
    pub fn streams_all(&self) -> Result<Vec<Vec<PathBuf>>> {
        self.streams_of(true)
    }

    fn streams_of(&self, rotated: bool) -> Result<Vec<Vec<PathBuf>>> {
        self.files
            .iter()
            .map(|file| {
                if rotated && file.as_os_str() != auditlog::scan::STDIN {
                    Ok(auditlog::scan::rotated_set(file)?)
                } else {
                    Ok(vec![file.clone()])
                }
            })
            .collect()
    }
}

fn line_cache_dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    var("XDG_CACHE_HOME")
        .or_else(|| var("HOME").map(|home| home.join(".cache")))
        .map(|dir| dir.join("auditlog/lines"))
}

/// The configuration named by `--config` or `$AUDITLOG_CONFIG` (which must exist), else the
/// first of the default locations that exists, else the defaults; and where it was read.
fn load_config(named: Option<&PathBuf>) -> Result<(Config, Option<PathBuf>)> {
    if let Some(path) = named {
        return Ok((Config::load(path)?, Some(path.clone())));
    }
    let xdg = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from);
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match config::default_locations(xdg.as_deref(), home.as_deref())
        .into_iter()
        .find(|p| p.exists())
    {
        Some(path) => Ok((Config::load(&path)?, Some(path))),
        None => Ok((Config::default(), None)),
    }
}

/// The logs named, each once: a file named twice (or by two names) is read once.
fn once_each(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    files
        .iter()
        .filter(|file| {
            let identity = fs::metadata(file)
                .map(|m| (m.dev(), m.ino()))
                .map_err(|_| file.to_path_buf());
            seen.insert(identity)
        })
        .cloned()
        .collect()
}
