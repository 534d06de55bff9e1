//! Standard output and its colors.

use std::fmt::Display;
use std::io::{self, BufWriter, IsTerminal, StdoutLock};

use crate::cli::ColorChoice;

/// Standard output, locked and buffered.
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Whether to color what goes to standard output.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
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

    fn paint(self, code: &str, text: impl Display) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}
