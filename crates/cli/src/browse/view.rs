//! Drawing the browser: presets and the filter along the top, the entries as JOC's table, a
//! status line, and the detail and help views over them. Every text from a log arrives made
//! safe (the table's cells, the detail view); nothing else from a log is drawn.

use auditlog::Category;
use auditlog::execution::Status;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use regex::Regex;

use super::{Browsing, Mode, PRESETS};
use crate::output::row::Tone;
use crate::output::table::page;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, state: &Browsing) {
    let [top, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    frame.render_widget(Paragraph::new(presets(state)), top);
    match &state.mode {
        Mode::Detail(scroll, text) => detail(frame, body, text, *scroll),
        _ => table(frame, body, state),
    }
    frame.render_widget(
        Paragraph::new(status_line(state, status.width as usize)),
        status,
    );
    if matches!(state.mode, Mode::Help) {
        help(frame, body);
    }
}

fn presets(state: &Browsing) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (name, _)) in PRESETS.iter().enumerate() {
        let style = if state.preset == i {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!(" {} {name} ", i + 1), style));
    }
    if !state.filter.is_empty() {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            auditlog::safe::one_line(&state.filter).into_owned(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    Line::from(spans)
}

fn table(frame: &mut Frame, area: Rect, state: &Browsing) {
    let height = area.height.saturating_sub(1) as usize;
    let window = &state.window;
    let end = (window.top + height).min(window.rows.len());
    let shown = &window.rows[window.top.min(end)..end];
    if shown.is_empty() {
        frame.render_widget(Paragraph::new("no entries match"), area);
        return;
    }
    let page = page(shown, area.width as usize);
    let header: Vec<Span> = page
        .columns
        .iter()
        .map(|(name, width)| Span::raw(format!("{name:<width$}  ")))
        .collect();
    let mut lines = vec![Line::from(header).style(Style::new().add_modifier(Modifier::BOLD))];
    for (k, row) in page.rows.iter().enumerate() {
        let spans: Vec<Span> = row
            .iter()
            .zip(&page.columns)
            .flat_map(|((text, tone), (_, width))| {
                let pad =
                    width.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
                let mut spans =
                    highlighted(text, style(*tone), state.search.as_ref().map(|(_, re)| re));
                spans.push(Span::raw(format!("{}  ", " ".repeat(pad))));
                spans
            })
            .collect();
        let mut line = Line::from(spans);
        if window.top + k == window.selected {
            line = line.style(Style::new().add_modifier(Modifier::REVERSED));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A cell's text with what the search finds in it marked.
fn highlighted(text: &str, base: Style, search: Option<&Regex>) -> Vec<Span<'static>> {
    let Some(search) = search else {
        return vec![Span::styled(text.to_owned(), base)];
    };
    let mut spans = Vec::new();
    let mut at = 0;
    for found in search.find_iter(text) {
        spans.push(Span::styled(text[at..found.start()].to_owned(), base));
        spans.push(Span::styled(
            found.as_str().to_owned(),
            Style::new().fg(Color::Black).bg(Color::Yellow),
        ));
        at = found.end();
    }
    spans.push(Span::styled(text[at..].to_owned(), base));
    spans
}

fn style(tone: Tone) -> Style {
    let color = match tone {
        Tone::Plain => return Style::new(),
        Tone::Dim => return Style::new().add_modifier(Modifier::DIM),
        Tone::Header => return Style::new().add_modifier(Modifier::BOLD),
        Tone::Category(category) => match category {
            Category::Deployment => Color::Magenta,
            Category::Controller => Color::Blue,
            Category::Inventory => Color::Cyan,
            Category::Dailyplan => Color::Green,
            Category::Identity => Color::Yellow,
            Category::Certificates => Color::LightYellow,
            Category::Settings => Color::LightBlue,
            Category::Monitoring => Color::LightCyan,
            Category::Jobs => Color::LightMagenta,
            Category::Others => return Style::new(),
            Category::Unknown => return Style::new().add_modifier(Modifier::DIM),
        },
        Tone::Status(status) => match status {
            Status::Running => Color::Cyan,
            Status::Successful => Color::Green,
            Status::Failed => Color::Red,
            Status::Cancelled => Color::Yellow,
            Status::Abandoned => Color::Magenta,
        },
    };
    Style::new().fg(color)
}

fn detail(frame: &mut Frame, area: Rect, text: &str, scroll: u16) {
    let lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_owned())).collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// The keys the status line names, each with how soon it gives way on a narrow screen (the
/// highest first); help and quit never do.
const HINTS: [(&str, u8); 6] = [
    ("1-6 preset", 4),
    (": filter", 3),
    ("/ search", 2),
    ("Enter detail", 1),
    ("? help", 0),
    ("q quit", 0),
];

fn status_line(state: &Browsing, width: usize) -> Line<'static> {
    let text = match &state.mode {
        Mode::Filter(input) => format!(":{input}"),
        Mode::Search(input) => format!("/{input}"),
        Mode::Goto(input) => format!("go to (a time, as --until takes it): {input}"),
        Mode::Export(input) => format!("export to (.xlsx, .csv, .ndjson): {input}"),
        Mode::Detail(..) => "Esc back  ↑↓ scroll  q quit".to_owned(),
        _ => match &state.message {
            Some(message) => message.clone(),
            None => {
                let w = &state.window;
                let edge = if w.at_oldest && w.selected + 1 == w.rows.len() {
                    " (oldest)"
                } else {
                    ""
                };
                let edge = if state.follow.is_some() {
                    format!("{edge} following")
                } else {
                    edge.to_owned()
                };
                let at = w
                    .rows
                    .get(w.selected)
                    .map_or_else(|| "-".to_owned(), |r| r.found.reference.to_string());
                let mut hints: Vec<(&str, u8)> = HINTS.to_vec();
                let line = |hints: &[(&str, u8)]| {
                    let keys: Vec<&str> = hints.iter().map(|(h, _)| *h).collect();
                    format!("{at}{edge}   {}", keys.join("  "))
                };
                while unicode_width::UnicodeWidthStr::width(line(&hints).as_str()) > width {
                    let Some(k) = (0..hints.len())
                        .filter(|&k| hints[k].1 > 0)
                        .max_by_key(|&k| hints[k].1)
                    else {
                        break;
                    };
                    hints.remove(k);
                }
                line(&hints)
            }
        },
    };
    Line::from(Span::styled(
        text,
        Style::new().add_modifier(Modifier::REVERSED),
    ))
}

/// The keys, each line narrow enough for the box on an 80-column terminal.
const HELP: [&str; 11] = [
    " ↑ ↓ j k     one entry               PgUp PgDn   one screen",
    " Home End    the newest, the oldest",
    " Enter       the entry in full (Esc goes back)",
    " 1 … 6       All, Today, Last hour, 12 hours, 24 hours, 7 days",
    " :           a filter, as list takes it: --user jdoe --since -2h",
    " / n N       search the text; the next older, the next newer match",
    " f           follow: new entries on top as they come (f again stops)",
    " g           go to a time (2026-11-20 18:00, -2d)",
    " e           export what is shown",
    " ?           this help",
    " q           quit",
];

fn help(frame: &mut Frame, area: Rect) {
    let widest = HELP
        .iter()
        .map(|l| unicode_width::UnicodeWidthStr::width(*l))
        .max()
        .unwrap_or(0) as u16;
    let width = (widest + 3).min(area.width);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 2,
        width,
        height: (HELP.len() as u16 + 2).min(area.height),
    };
    frame.render_widget(Clear, rect);
    let lines: Vec<Line> = HELP.iter().map(|l| Line::from(*l)).collect();
    frame.render_widget(
        Paragraph::new(lines).block(ratatui::widgets::Block::bordered().title(" keys ")),
        rect,
    );
}
