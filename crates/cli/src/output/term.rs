//! Standard output, its colors, and how wide the terminal is.

use std::fmt::Display;
use std::io::{self, BufWriter, IsTerminal, StdoutLock};

use auditlog::Category;
use auditlog::execution::Status;

use super::row::Tone;

/// Standard output, locked and buffered.
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// When to color what goes to standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set to something.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Whether to color what goes to standard output.
pub fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// How many columns standard output has: the terminal's width, else `$COLUMNS`; none when
/// output is neither a terminal nor given a width (a table then takes its columns' full width).
pub fn width() -> Option<usize> {
    if io::stdout().is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
        && w > 0
    {
        return Some(usize::from(w));
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c| c > 0)
}

/// Paints text, or leaves it plain.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    color: bool,
}

impl Palette {
    /// A palette that colors when `color` is true.
    pub fn new(color: bool) -> Palette {
        Palette { color }
    }

    /// A file name.
    pub fn path(self, text: impl Display) -> String {
        self.paint("35", text)
    }

    /// A line number.
    pub fn line(self, text: impl Display) -> String {
        self.paint("32", text)
    }

    /// Something wrong.
    pub fn bad(self, text: impl Display) -> String {
        self.paint("1;31", text)
    }

    /// Text in the color of its tone.
    pub fn tone(self, tone: Tone, text: impl Display) -> String {
        match self.code(tone) {
            Some(code) => self.paint(code, text),
            None => text.to_string(),
        }
    }

    /// Appends text in the color of its tone.
    pub fn push(self, out: &mut Vec<u8>, tone: Tone, text: &str) {
        match self.code(tone) {
            Some(code) => {
                out.extend_from_slice(b"\x1b[");
                out.extend_from_slice(code.as_bytes());
                out.push(b'm');
                out.extend_from_slice(text.as_bytes());
                out.extend_from_slice(b"\x1b[0m");
            }
            None => out.extend_from_slice(text.as_bytes()),
        }
    }

    /// The SGR code of a tone, when this palette colors and the tone has one.
    fn code(self, tone: Tone) -> Option<&'static str> {
        if !self.color {
            return None;
        }
        Some(match tone {
            Tone::Plain => return None,
            Tone::Dim => "2",
            Tone::Header => "1",
            Tone::Category(category) => match category {
                Category::Deployment => "35",
                Category::Controller => "34",
                Category::Inventory => "36",
                Category::Dailyplan => "32",
                Category::Identity => "33",
                Category::Certificates => "93",
                Category::Settings => "94",
                Category::Monitoring => "96",
                Category::Others => return None,
                Category::Jobs => "95",
                Category::Unknown => "2",
            },
            Tone::Status(status) => match status {
                Status::Running => "36",
                Status::Successful => "32",
                Status::Failed => "1;31",
                Status::Cancelled => "33",
                Status::Abandoned => "35",
            },
        })
    }

    fn paint(self, code: &str, text: impl Display) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}
