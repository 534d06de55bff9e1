//! `auditlog browse`: JOC's Audit Log view in a terminal. Full screen, newest first, presets on
//! keys, a filter line that takes list's flags, and a row that opens onto its request body.
//! The terminal is given back as it was however the browser ends: `q`, a signal, or a panic.

mod view;
mod window;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Result, anyhow};
use auditlog::query::Query;
use std::ops::ControlFlow;

use auditlog::safe::one_line;
use auditlog::scan::LogFile;
use auditlog::scan::follow::{Follower, whole_entries_end};
use auditlog::search::{Follow, Pages, Source, find_execution};
use auditlog::time::{Edge, Preset, Zone, parse_time};
use clap::Parser;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::DefaultTerminal;
use regex::Regex;

use crate::cli::Filters;
use crate::context::Context;
use crate::output::{EntryRow, Palette, detail};
use window::{KEEP, Window, is_gone, pages};

/// The presets on keys 1 to 6, as JOC names them.
pub const PRESETS: [(&str, Preset); 6] = [
    ("All", Preset::All),
    ("Today", Preset::Today),
    ("Last hour", Preset::LastHour),
    ("12 hours", Preset::Last12h),
    ("24 hours", Preset::Last24h),
    ("7 days", Preset::Last7d),
];

/// What the screen shows.
pub enum Mode {
    /// The entries.
    List,
    /// One entry (or the job execution it belongs to) in full, scrolled so far.
    Detail(u16, String),
    /// The filter line being typed.
    Filter(String),
    /// A search being typed.
    Search(String),
    /// A time to go to, being typed.
    Goto(String),
    /// The file to export to, being typed.
    Export(String),
    /// The keys.
    Help,
}

/// Everything the browser knows.
pub struct Browsing {
    mode: Mode,
    window: Window,
    /// The preset (an index into [`PRESETS`]).
    preset: usize,
    /// The filter line as typed, applied.
    filter: String,
    message: Option<String>,
    /// What `/` searches for, as typed, and as found (shown highlighted).
    search: Option<(String, Regex)>,
    /// With `f`: the log followed, new entries put on top as they are appended.
    follow: Option<Follower>,
}

impl Browsing {
    /// Opens the selected entry in full, its line number counted now (the list does without);
    /// an entry of a job execution opens the execution's detail view.
    fn open_detail(&mut self, ctx: &Context, source: &Pages) {
        let Some(row) = self.window.rows.get_mut(self.window.selected) else {
            return;
        };
        if let Some(origin) = row.found.entry.origin.as_mut()
            && origin.line == 0
            && let Ok(log) = LogFile::open(&origin.file)
            && let Ok(before) = log
                .with_cache(ctx.cache.clone())
                .lines_before(origin.offset)
        {
            origin.line = before + 1;
        }
        // A line of the objects log that cannot be read is said by `show`, not on this screen.
        let objects = ctx.objects_text(row.found.entry.id, &mut |_| {});
        let text = execution_detail(row, ctx, source).unwrap_or_else(|| {
            detail::entry(&row.found, objects.ok().flatten(), Palette::new(false))
        });
        self.mode = Mode::Detail(0, text);
    }
}

/// The detail view of the job execution an entry belongs to, when it belongs to one.
fn execution_detail(row: &EntryRow, ctx: &Context, source: &Pages) -> Option<String> {
    let entry = &row.found.entry;
    if !entry.request.starts_with("./job_executions/") {
        return None;
    }
    let body = entry.params_json()?;
    let id = body.get("executionId")?.as_str()?;
    let execution = find_execution(source.streams, id, ctx.zone, ctx.cache(), &mut |_| {})
        .ok()
        .flatten()?;
    let status = execution.status(&ctx.liveness(Duration::from_secs(86_400)));
    Some(detail::execution(
        &execution,
        status,
        &ctx.files[0],
        Palette::new(false),
    ))
}

/// The filter line's flags: list's filters.
#[derive(Parser)]
#[command(name = ":", no_binary_name = true, disable_help_flag = true)]
struct FilterLine {
    #[command(flatten)]
    filters: Filters,
}

/// Runs the browser until `q`, a signal, or an error.
pub fn run(ctx: &Context, filters: &Filters) -> Result<()> {
    let mut streams = ctx.streams()?;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let mut query = ctx.query(filters)?;
    // A terminal that hangs up gives only ends of file, on which the key reader spins without
    // returning: a watcher of its own ends the browser then, there being no screen to restore.
    std::thread::spawn(|| {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            if terminal_gone() {
                std::process::exit(0);
            }
        }
    });
    let mut terminal = ratatui::init();
    let page = screen_rows(&terminal);
    let result = Window::newest(&pages(&streams, ctx), &query, page).and_then(|window| {
        let mut state = Browsing {
            mode: Mode::List,
            window,
            preset: PRESETS
                .iter()
                .position(|(_, p)| *p == filters.preset)
                .unwrap_or(0),
            filter: String::new(),
            message: None,
            search: None,
            follow: None,
        };
        loop {
            let source = pages(&streams, ctx);
            match event_loop(&mut terminal, &mut state, ctx, &source, &mut query, &stop) {
                Err(error) if is_gone(&error) => {
                    // The log was rotated or replaced under the view: its files are found
                    // again, and the view opens where it was, or else on the newest entries.
                    streams = ctx.streams()?;
                    let source = pages(&streams, ctx);
                    let page = screen_rows(&terminal);
                    state.message = Some(state.window.reopen(&source, &query, page)?);
                }
                done => break done,
            }
        }
    });
    ratatui::restore();
    result
}

/// The rows the entries get: the screen less the top line, the header and the status line.
fn screen_rows(terminal: &DefaultTerminal) -> usize {
    terminal
        .size()
        .map_or(20, |s| s.height.saturating_sub(3) as usize)
        .max(1)
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    state: &mut Browsing,
    ctx: &Context,
    source: &Pages,
    query: &mut Query,
    stop: &AtomicBool,
) -> Result<()> {
    loop {
        terminal.draw(|frame| view::draw(frame, state))?;
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if !event::poll(Duration::from_millis(250))? {
            if let Some(follower) = state.follow.take() {
                let page = screen_rows(terminal);
                let mut new = Vec::new();
                let mut follow = Source::Follow(Follow::new(follower, query, KEEP));
                let looked = follow.each(&mut |event| {
                    if let auditlog::search::Event::Found(found) = event {
                        new.push(EntryRow::new(found));
                    }
                    ControlFlow::<()>::Continue(())
                });
                state.follow = follow.done().1;
                let _found = looked?;
                state.window.put_on_top(new, source, page);
            }
            continue;
        }
        let page = screen_rows(terminal);
        let go_on = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                on_key(key, state, ctx, source, query, page)?
            }
            Event::Resize(..) => {
                state.window.step(0, source, query, page)?;
                true
            }
            _ => true,
        };
        if !go_on {
            return Ok(());
        }
    }
}

/// Whether the terminal hung up (its window closed, its tmux server killed): reading it would
/// only ever give an end of file.
fn terminal_gone() -> bool {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::os::fd::AsFd;
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
    poll(&mut fds, PollTimeout::ZERO).is_ok_and(|n| {
        n > 0
            && fds[0].revents().is_some_and(|r| {
                r.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL)
            })
    })
}

/// Acts on a key; `false` to leave.
fn on_key(
    key: KeyEvent,
    state: &mut Browsing,
    ctx: &Context,
    source: &Pages,
    query: &mut Query,
    page: usize,
) -> Result<bool> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Ok(false);
    }
    match &mut state.mode {
        Mode::Filter(input) | Mode::Search(input) | Mode::Goto(input) | Mode::Export(input) => {
            match key.code {
                KeyCode::Enter => {
                    let text = std::mem::take(input);
                    let mode = std::mem::replace(&mut state.mode, Mode::List);
                    entered(mode, text, state, ctx, source, query, page)?;
                }
                KeyCode::Esc => state.mode = Mode::List,
                KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    input.clear();
                }
                KeyCode::Backspace => {
                    input.pop();
                }
                KeyCode::Char(c) => input.push(c),
                _ => {}
            }
            return Ok(true);
        }
        Mode::Detail(scroll, _) => {
            match key.code {
                KeyCode::Char('q') => return Ok(false),
                KeyCode::Esc | KeyCode::Enter | KeyCode::Backspace => state.mode = Mode::List,
                KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = scroll.saturating_add(page as u16),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(page as u16),
                _ => {}
            }
            return Ok(true);
        }
        Mode::Help => {
            state.mode = Mode::List;
            return Ok(key.code != KeyCode::Char('q'));
        }
        Mode::List => {}
    }
    state.message = None;
    let window = &mut state.window;
    match key.code {
        KeyCode::Char('q') | KeyCode::Esc => return Ok(false),
        KeyCode::Down | KeyCode::Char('j') => window.step(1, source, query, page)?,
        KeyCode::Up | KeyCode::Char('k') => window.step(-1, source, query, page)?,
        KeyCode::PageDown | KeyCode::Char(' ') => {
            window.step(page as isize, source, query, page)?
        }
        KeyCode::PageUp => window.step(-(page as isize), source, query, page)?,
        KeyCode::Home => *window = Window::newest(source, query, page)?,
        KeyCode::End => *window = Window::oldest(source, query, page)?,
        KeyCode::Enter if !window.rows.is_empty() => state.open_detail(ctx, source),
        KeyCode::Char('?') => state.mode = Mode::Help,
        KeyCode::Char(':') => state.mode = Mode::Filter(state.filter.clone()),
        KeyCode::Char('/') => state.mode = Mode::Search(String::new()),
        KeyCode::Char('g') => state.mode = Mode::Goto(String::new()),
        KeyCode::Char('e') => state.mode = Mode::Export(String::new()),
        KeyCode::Char('n') => next_match(state, source, query, page, true)?,
        KeyCode::Char('f') => toggle_follow(state, ctx, source, query, page)?,
        KeyCode::Char('N') => next_match(state, source, query, page, false)?,
        KeyCode::Char(c @ '1'..='6') => {
            let preset = c as usize - '1' as usize;
            let filter = state.filter.clone();
            apply(state, ctx, source, query, page, preset, filter)?;
        }
        _ => {}
    }
    Ok(true)
}

/// Acts on a line typed: a filter, a search, a time to go to, a file to export to.
fn entered(
    mode: Mode,
    text: String,
    state: &mut Browsing,
    ctx: &Context,
    source: &Pages,
    query: &mut Query,
    page: usize,
) -> Result<()> {
    match mode {
        Mode::Filter(_) => apply(state, ctx, source, query, page, state.preset, text),
        Mode::Search(_) => {
            state.search = (!text.is_empty()).then(|| {
                let found = Regex::new(&format!("(?i){}", regex::escape(&text)))
                    .expect("an escaped text is a valid expression");
                (text, found)
            });
            next_match(state, source, query, page, true)
        }
        Mode::Goto(_) => {
            match parse_time(&text, ctx.now.instant, ctx.zone, Edge::End) {
                Ok(at) => state.window = Window::before(source, query, at, page)?,
                Err(e) => state.message = Some(format!("cannot go to {}: {e}", one_line(&text))),
            }
            Ok(())
        }
        Mode::Export(_) => {
            state.message = Some(export(&text, state, ctx));
            Ok(())
        }
        Mode::List | Mode::Detail(..) | Mode::Help => Ok(()),
    }
}

/// Exports what the view shows (its preset and filter line) with `auditlog export`, and says
/// how it went.
fn export(target: &str, state: &Browsing, ctx: &Context) -> String {
    if target.is_empty() {
        return "nothing exported: name a file, such as audit.xlsx".to_owned();
    }
    let Ok(words) = shell_words::split(&state.filter) else {
        return "nothing exported: the filter line does not read".to_owned();
    };
    let mut args: Vec<std::ffi::OsString> = Vec::new();
    for file in &ctx.files {
        args.extend(["--file".into(), file.clone().into_os_string()]);
    }
    if ctx.rotated {
        args.push("--rotated".into());
    }
    if let Some(config) = &ctx.config_path {
        args.extend(["--config".into(), config.clone().into_os_string()]);
    }
    args.extend(["--tz".into(), zone_name(ctx.zone).into()]);
    let preset = PRESETS[state.preset].1.name();
    args.extend([
        "export".into(),
        target.into(),
        "--quiet".into(),
        "--preset".into(),
        preset.into(),
    ]);
    args.extend(words.into_iter().map(Into::into));
    let ran = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .args(&args)
            .stdin(std::process::Stdio::null())
            .output()
    });
    match ran {
        Ok(out) if out.status.success() => format!("exported to {}", one_line(target)),
        Ok(out) => {
            let said = String::from_utf8_lossy(&out.stderr);
            format!(
                "not exported: {}",
                one_line(said.lines().next().unwrap_or("it failed"))
            )
        }
        Err(e) => format!("not exported: {e}"),
    }
}

/// The zone as `--tz` takes it.
fn zone_name(zone: Zone) -> String {
    match zone {
        Zone::System => "local".to_owned(),
        Zone::Named(tz) => tz.name().to_owned(),
        Zone::Fixed(offset) => offset.to_string(),
    }
}

/// Starts following the log (from the newest entries on), or stops.
fn toggle_follow(
    state: &mut Browsing,
    ctx: &Context,
    source: &Pages,
    query: &Query,
    page: usize,
) -> Result<()> {
    if state.follow.take().is_some() {
        return Ok(());
    }
    let path = ctx.single_file("follows")?.clone();
    let log = LogFile::open(&path)?;
    let end = whole_entries_end(&log)?;
    let refs = log.refs_before(end, query.zone)?;
    state.window = Window::newest(source, query, page)?;
    state.follow = Some(Follower::new(&path, end, 0, refs));
    Ok(())
}

/// Moves to the next entry the search finds, older or newer; says so when there is none.
fn next_match(
    state: &mut Browsing,
    source: &Pages,
    query: &Query,
    page: usize,
    older: bool,
) -> Result<()> {
    let Some((text, search)) = &state.search else {
        return Ok(());
    };
    match state.window.find(source, query, search, older, page)? {
        Some(window) => state.window = window,
        None => {
            let which = if older { "older" } else { "newer" };
            state.message = Some(format!("no {which} entry holds {}", one_line(text)));
        }
    }
    Ok(())
}

/// Applies a preset and a filter line; a filter line that does not read is said on the status
/// line and changes nothing.
fn apply(
    state: &mut Browsing,
    ctx: &Context,
    source: &Pages,
    query: &mut Query,
    page: usize,
    preset: usize,
    filter: String,
) -> Result<()> {
    let parsed = shell_words::split(&filter)
        .map_err(|e| anyhow!("{e}"))
        .and_then(|words| {
            FilterLine::try_parse_from(words).map_err(|e| anyhow!(first_line(&e.to_string())))
        })
        .and_then(|mut line| {
            line.filters.preset = PRESETS[preset].1;
            ctx.query(&line.filters)
        });
    match parsed {
        Ok(new) => {
            *query = new;
            state.preset = preset;
            state.filter = filter;
            state.window = Window::newest(source, query, page)?;
        }
        Err(error) => state.message = Some(format!("filter not applied: {error:#}")),
    }
    Ok(())
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    auditlog::safe::one_line(line.trim_start_matches("error: ")).into_owned()
}
