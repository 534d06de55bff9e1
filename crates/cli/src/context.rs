//! What every command may need, resolved once from flags, environment and configuration: the
//! configuration, the logs, the zone, "now", where line numbers are remembered, the colors, and
//! the query the filter flags describe. Nothing here is read twice.

use std::fs;
use std::io::{self, IsTerminal};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::config::{self, Config};
use auditlog::execution::Liveness;
use auditlog::query::{Matcher, Query, regexes};
use auditlog::safe::safe_path;
use auditlog::scan::{STDIN, rotated_set};
use auditlog::seal::VerificationKey;
use auditlog::time::{Edge, TimeOfDay, Weekdays, Zone, time_readings};
use auditlog::{Category, Stamp};
use chrono::{DateTime, NaiveDateTime, Utc};

use crate::cli::{Cli, Filters, Stale};
use crate::output::pager::Pager;
use crate::output::{Palette, Screen, use_color, width};

mod objects;

/// What every command may need.
#[derive(Clone)]
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
    /// Now, as the command began.
    pub now: Now,
    /// Colors for standard output.
    pub palette: Palette,
    /// What standard output is, as the command began (before any pager took it).
    pub screen: Screen,
    /// Whether to print without a pager.
    pub no_pager: bool,
    /// Whether to read each log with its rotated siblings.
    pub rotated: bool,
    /// `--objects-file`.
    pub objects_file: Option<PathBuf>,
    /// Where reading remembers what it learnt between runs: `$XDG_CACHE_HOME/auditlog`
    /// (`~/.cache/auditlog`), with the line numbers of large logs in `lines` and the summaries
    /// of rotated members in `members`; none when neither is set.
    pub cache: Option<PathBuf>,
    /// The name of this host.
    pub host: String,
}

/// "Now": the instant, and the wall-clock time in the logs' zone.
#[derive(Clone, Copy, Debug)]
pub struct Now {
    /// The instant.
    pub instant: DateTime<Utc>,
    /// The wall-clock time in the logs' zone.
    pub wall: NaiveDateTime,
}

impl Context {
    /// The context of a command line.
    pub fn new(cli: &Cli) -> Result<Context> {
        check_tz()?;
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
        let palette = Palette::new(use_color(cli.color.into()));
        Ok(Context {
            now: now(zone)?,
            config,
            config_path,
            files,
            zone,
            palette,
            screen: Screen {
                terminal: io::stdout().is_terminal(),
                width: width(),
                palette,
            },
            no_pager: cli.no_pager,
            rotated: cli.rotated,
            objects_file: cli.objects_file.clone(),
            cache: cache_dir(),
            host: nix::unistd::gethostname()
                .map_or_else(|_| String::new(), |h| h.to_string_lossy().into_owned()),
        })
    }

    /// Now again, for what runs a while (an execution's start and end): `$AUDITLOG_NOW` when
    /// set, else the clock.
    pub fn now_again(&self) -> Result<Now> {
        now(self.zone)
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

    /// Fails, saying how to name a log, when a log to be read is not there. With `--rotated`,
    /// a log whose rotated files are there is there: between a rotation and the next write,
    /// the log itself may not be.
    pub fn logs_exist(&self) -> Result<()> {
        for file in &self.files {
            if file.as_os_str() != STDIN
                && fs::symlink_metadata(file).is_err()
                && !(self.rotated && rotated_set(file).is_ok_and(|set| set.len() > 1))
            {
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

    /// The streams to read: each log alone, or with its rotated siblings under `--rotated`.
    pub fn streams(&self) -> Result<Vec<Vec<PathBuf>>> {
        self.streams_of(self.rotated)
    }

    /// Each log with its rotated siblings, whatever `--rotated` says: for what must be found
    /// wherever it is (an entry by reference, a job execution's start and finish).
    pub fn streams_all(&self) -> Result<Vec<Vec<PathBuf>>> {
        self.streams_of(true)
    }

    fn streams_of(&self, rotated: bool) -> Result<Vec<Vec<PathBuf>>> {
        self.files
            .iter()
            .map(|file| {
                if rotated && file.as_os_str() != STDIN {
                    let mut set = rotated_set(file)?;
                    // Between a rotation and the next write there is no log yet, only what
                    // was rotated.
                    if set.len() > 1 && fs::symlink_metadata(file).is_err() {
                        set.pop();
                    }
                    Ok(set)
                } else {
                    Ok(vec![file.clone()])
                }
            })
            .collect()
    }

    /// Where line numbers are remembered, as the searches take it.
    pub fn cache(&self) -> Option<&Path> {
        self.cache.as_deref()
    }

    /// The pager standard output goes into from here on, when it is a terminal and the pager
    /// is not turned off (see [`Pager`]); dropping it ends the output.
    pub fn pager(&self) -> Result<Option<Pager>> {
        Ok(Pager::start(self.screen.terminal, self.no_pager)?)
    }

    /// What tells whether an execution with no finish still runs: on this host, whether its
    /// process is still an `auditlog run`; for another, whether it started less than `stale`
    /// ago.
    pub fn liveness(&self, stale: std::time::Duration) -> Liveness<'_> {
        Liveness {
            host: &self.host,
            alive: &is_auditlog_run,
            now: self.now.instant,
            stale,
            zone: self.zone,
        }
    }

    /// The same, with `--stale-after` read.
    pub fn liveness_after(&self, stale: &Stale) -> Result<Liveness<'_>> {
        let after = auditlog::time::parse_duration(&stale.stale_after).ok_or_else(|| {
            anyhow::anyhow!(
                "--stale-after: invalid duration {:?}: write 90s, 5m, 24h, 2d or 1h30m",
                stale.stale_after
            )
        })?;
        Ok(self.liveness(after))
    }

    /// The query the filter flags describe, with "now" and the zone fixed: built before any
    /// file is opened, so a bad expression costs nothing.
    pub fn query(&self, filters: &Filters) -> Result<Query> {
        self.query_at(filters, self.now)
    }

    /// The query the filter flags describe, with relative times counted from `now`.
    pub fn query_at(&self, filters: &Filters, now: Now) -> Result<Query> {
        let zone = self.zone;
        let (preset_since, preset_until) = filters.preset.range(now.instant, zone);
        let since_readings = filters
            .since
            .as_deref()
            .map(|t| time_readings(t, now.instant, zone, Edge::Start).context("--since"))
            .transpose()?;
        let until_readings = filters
            .until
            .as_deref()
            .map(|t| time_readings(t, now.instant, zone, Edge::End).context("--until"))
            .transpose()?;
        let since = since_readings.map(|(earliest, _)| earliest);
        let until = until_readings.map(|(_, latest)| latest);
        let hole = hole(since_readings, until_readings);
        let time_of_day = filters
            .time_of_day
            .as_deref()
            .map(|t| TimeOfDay::parse(t).context("--time-of-day"))
            .transpose()?;
        let weekdays = filters
            .weekdays
            .as_deref()
            .map(|t| {
                Weekdays::parse(t).ok_or_else(|| {
                    anyhow!("--weekdays: invalid days {t:?}: write a range or a list, such as mon-fri, sat,sun or mon,wed-fri")
                })
            })
            .transpose()?;
        let categories = categories(&filters.category)?;
        let (since, until) = (later(preset_since, since), earlier(preset_until, until));
        if let (Some(since), Some(until)) = (since, until)
            && since > until
        {
            let shown = |t| zone.wall_time(t).format("%Y-%m-%d %H:%M:%S%.3f");
            bail!(
                "the time range is empty: it would begin at {} and end before, at {}; {}",
                shown(since),
                shown(until),
                match (&filters.since, &filters.until) {
                    (Some(_), Some(_)) => "give a --since that is not later than --until",
                    _ => "the preset and --since or --until leave no time between them",
                }
            );
        }
        Ok(Query {
            zone,
            since,
            until,
            hole,
            time_of_day,
            weekdays,
            user: Matcher::new(&filters.user).context("--user")?,
            request: Matcher::new(&filters.request).context("--request")?,
            reason: Matcher::new(&filters.reason).context("--reason")?,
            ticket: Matcher::new(&filters.ticket).context("--ticket")?,
            controller: Matcher::new(&filters.controller).context("--controller")?,
            workflow: Matcher::new(&filters.workflow).context("--workflow")?,
            categories,
            ids: filters.id.clone(),
            has_reason: filters.has_reason,
            grep: regexes(&filters.grep).context("--grep")?,
            objects: self.object_filter(filters)?.map(Arc::new),
        })
    }
}

/// The categories `--category` names.
fn categories(names: &[String]) -> Result<Vec<Category>> {
    names
        .iter()
        .map(|name| {
            Category::from_name(name).ok_or_else(|| {
                let names: Vec<_> = Category::ALL
                    .iter()
                    .map(|c| c.name().to_lowercase())
                    .collect();
                anyhow!(
                    "--category: unknown category {name:?}: use one of {}",
                    names.join(", ")
                )
            })
        })
        .collect()
}

/// The instants a range of two wall-clock times of the repeated hour leaves out: with both
/// bounds in it and the first no later than the second in the same pass, the range is that
/// span in each pass, and what lies between the first pass's end and the second's start is
/// out.
fn hole(
    since: Option<(DateTime<Utc>, DateTime<Utc>)>,
    until: Option<(DateTime<Utc>, DateTime<Utc>)>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let ((since_first, since_second), (until_first, until_second)) = (since?, until?);
    let both_ambiguous = since_first != since_second && until_first != until_second;
    (both_ambiguous && since_first <= until_first && until_first < since_second)
        .then_some((until_first, since_second))
        .filter(|_| since_second <= until_second)
}

/// The zone file `$TZ` names, when it names one, checked before the clock library reads it:
/// a regular file of a zone file's size, so that `TZ=/dev/zero` is refused, not read whole.
fn check_tz() -> Result<()> {
    let Some(tz) = std::env::var_os("TZ") else {
        return Ok(());
    };
    let tz = tz.as_encoded_bytes();
    let name = std::ffi::OsStr::from_bytes(tz.strip_prefix(b":").unwrap_or(tz));
    // `TZ=` names no file: UTC, as the C library reads it.
    if name.is_empty() {
        return Ok(());
    }
    let file = Path::new("/usr/share/zoneinfo").join(name);
    if fs::symlink_metadata(&file).is_err() {
        return Ok(());
    }
    auditlog::durable::read_small(&file, 1 << 20)
        .map(drop)
        .with_context(|| format!("TZ names {}, which is not a zone file", safe_path(&file)))
}

/// Now: `$AUDITLOG_NOW` when set (a stamp such as 2026-11-23T12:00:00, wall-clock time in the
/// logs' zone unless it has an offset), else the clock.
fn now(zone: Zone) -> Result<Now> {
    // Set but empty, as `AUDITLOG_NOW= auditlog …` leaves it: unset.
    let Some(text) = std::env::var_os("AUDITLOG_NOW").filter(|t| !t.is_empty()) else {
        let instant = Utc::now();
        return Ok(Now {
            instant,
            wall: zone.wall_time(instant),
        });
    };
    let text = text.to_string_lossy();
    let stamp = Stamp::parse(&text).with_context(|| {
        format!("invalid AUDITLOG_NOW {text:?}: write it as 2026-11-23T12:00:00, with optional ,mmm and offset")
    })?;
    Ok(Now {
        instant: zone.instants(stamp).0,
        wall: zone.wall_of(stamp),
    })
}

/// Whether the process with this ID is an `auditlog run`.
fn is_auditlog_run(pid: u32) -> bool {
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    cmdline.split(|&b| b == 0).any(|arg| arg == b"run")
        && cmdline.windows(8).any(|w| w == b"auditlog")
}

fn later<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn earlier<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn cache_dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    var("XDG_CACHE_HOME")
        .or_else(|| var("HOME").map(|home| home.join(".cache")))
        .map(|dir| dir.join("auditlog"))
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

/// The verification key of a seal: given with --key, or read from --key-file (`-`: standard
/// input); `None` when neither is given.
pub fn verification_key(
    key: Option<&str>,
    key_file: Option<&Path>,
) -> Result<Option<VerificationKey>> {
    let text = match (key, key_file) {
        (Some(key), _) => key.to_owned(),
        (None, Some(path)) if path.as_os_str() == "-" => {
            let mut text = String::new();
            io::Read::read_to_string(&mut io::Read::take(io::stdin(), 4096), &mut text)
                .context("cannot read the verification key from standard input")?;
            text
        }
        // A pipe is fine (`--key-file <(vault read …)`), but only a key's length is read.
        (None, Some(path)) => {
            let mut text = String::new();
            fs::File::open(path)
                .and_then(|file| {
                    io::Read::read_to_string(&mut io::Read::take(file, 4096), &mut text)
                })
                .with_context(|| {
                    format!("cannot read the verification key from {}", safe_path(path))
                })?;
            text
        }
        (None, None) => return Ok(None),
    };
    text.parse()
        .map(Some)
        .map_err(|why| anyhow!("invalid verification key: {why}"))
}
