//! `-o table`: the columns of what is listed, one line a row, printed as rows come, in memory
//! that does not grow with them.
//!
//! The layout is decided once, from the first page of rows: stamps and references are as wide
//! as their values, and words from a short list as the widest of them, never cut; the other
//! columns are as wide as their values between a minimum and a cap, and on
//! a terminal too narrow for them all, links are shortened to their last path segment, the
//! capped columns cut with `…` down to their minimum, and then the least useful columns left
//! out. A column hidden because every row of the first page had the same value in it (the
//! Controller ID, when there is one controller) comes back, under a new header, at the first
//! row that has another.

use std::io::{self, Write};
use std::marker::PhantomData;
use std::time::{Duration, Instant};

use unicode_width::UnicodeWidthStr;

use super::row::{Cell, Column, Row, Tone, Width};
use super::sink::{Form, Printer};
use super::term::Palette;

/// How many rows decide the layout.
const PAGE: usize = 100;

/// On a terminal, how long the first rows wait for the rest of their page before they are laid
/// out without it.
const FIRST_SCREEN: Duration = Duration::from_millis(50);

/// What stands between two columns.
const GAP: &str = "  ";

/// How a table shows an empty cell.
const EMPTY: &str = "-";

/// A cell made ready for a table: safe to show, with its width.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    text: String,
    width: usize,
    tone: Tone,
    /// Where a link's last path segment starts.
    segment: Option<usize>,
}

impl Shown {
    fn of(cell: &Cell<'_>) -> Shown {
        let text = cell.shown().map_or_else(String::new, |t| t.into_owned());
        let segment = matches!(cell, Cell::Link(_)).then(|| last_segment(&text));
        let (text, tone) = if text.is_empty() {
            (EMPTY.to_owned(), Tone::Dim)
        } else {
            (text, cell.tone())
        };
        Shown {
            width: text.width(),
            text,
            tone,
            segment,
        }
    }

    /// The cell's text and width, its link shortened when `short`.
    fn part(&self, short: bool) -> (&str, usize) {
        match self.segment {
            Some(at) if short && at > 0 => {
                let text = &self.text[at..];
                (text, text.width())
            }
            _ => (&self.text, self.width),
        }
    }
}

/// Where the last path segment of a link starts: `OPS-7952` in
/// `https://tickets.example.com/browse/OPS-7952`.
fn last_segment(link: &str) -> usize {
    let trimmed = link.trim_end_matches('/');
    trimmed.rfind('/').map_or(0, |i| i + 1)
}

/// Renders rows into cells made ready for a table.
pub struct Cells<R>(PhantomData<fn(&R)>);

impl<R: Row> Cells<R> {
    pub fn new() -> Cells<R> {
        Cells(PhantomData)
    }
}

impl<R: Row> Form<R> for Cells<R> {
    type Rendered = Vec<Vec<Shown>>;

    fn render(&self, rows: &[R]) -> Vec<Vec<Shown>> {
        rows.iter()
            .map(|row| {
                R::columns()
                    .iter()
                    .map(|c| Shown::of(&(c.cell)(row)))
                    .collect()
            })
            .collect()
    }
}

/// What the first page says about each column.
struct Basis {
    /// The widest value or header, capped.
    natural: Vec<usize>,
    /// The same with links shortened.
    short: Vec<usize>,
}

/// Which columns show, how wide, and which are hidden for having one value.
#[derive(Clone, Debug, PartialEq)]
struct Layout {
    shown: Vec<usize>,
    widths: Vec<usize>,
    short_links: bool,
    /// Hidden columns and the value they had.
    hidden: Vec<(usize, String)>,
}

/// Prints a table as its rows come.
pub struct Table<W, R: 'static> {
    out: W,
    palette: Palette,
    width: Option<usize>,
    first_screen: Option<Instant>,
    page: Vec<Vec<Shown>>,
    laid_out: Option<(Basis, Layout)>,
    record: PhantomData<fn(&R)>,
}

impl<W: Write, R: Row> Table<W, R> {
    /// A table for a terminal of `width` columns (any width when none), colored by `palette`;
    /// `terminal` lets the first rows out before their page is full.
    pub fn new(out: W, palette: Palette, width: Option<usize>, terminal: bool) -> Table<W, R> {
        Table {
            out,
            palette,
            width,
            first_screen: terminal.then(Instant::now),
            page: Vec::new(),
            laid_out: None,
            record: PhantomData,
        }
    }

    /// Lays the table out from the rows so far, and prints its header and them.
    fn lay_out(&mut self) -> io::Result<()> {
        if self.page.is_empty() {
            return Ok(());
        }
        let columns = R::columns();
        let page = std::mem::take(&mut self.page);
        let basis = basis(columns, &page);
        let hidden = columns
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                c.hide_when_same && page.iter().all(|r| r[*i].text == page[0][*i].text)
            })
            .map(|(i, _)| (i, page[0][i].text.clone()))
            .collect();
        let layout = fit(columns, &basis, hidden, self.width, false);
        self.header(&layout)?;
        for row in &page {
            self.row(&layout, row)?;
        }
        self.laid_out = Some((basis, layout));
        Ok(())
    }

    fn header(&mut self, layout: &Layout) -> io::Result<()> {
        let columns = R::columns();
        let cells: Vec<Shown> = layout
            .shown
            .iter()
            .map(|&i| {
                let text = columns[i].table_header().to_owned();
                Shown {
                    width: text.width(),
                    text,
                    tone: Tone::Header,
                    segment: None,
                }
            })
            .collect();
        let line = self.line(layout, |k| &cells[k]);
        self.out.write_all(&line)
    }

    fn row(&mut self, layout: &Layout, row: &[Shown]) -> io::Result<()> {
        let line = self.line(layout, |k| &row[layout.shown[k]]);
        self.out.write_all(&line)
    }

    /// One line of the table: each shown column's cell, padded or cut to its width.
    fn line<'c>(&self, layout: &Layout, cell: impl Fn(usize) -> &'c Shown) -> Vec<u8> {
        let mut out = Vec::with_capacity(160);
        let last = layout.shown.len().saturating_sub(1);
        for (k, &width) in layout.widths.iter().enumerate() {
            if k > 0 {
                out.extend_from_slice(GAP.as_bytes());
            }
            let shown = cell(k);
            let (text, text_width) = shown.part(layout.short_links);
            let fixed = !matches!(R::columns()[layout.shown[k]].width, Width::Capped { .. });
            let (text, text_width) = if text_width > width && !fixed {
                let cut = cut(text, width);
                let w = cut.width();
                (std::borrow::Cow::Owned(cut), w)
            } else {
                (std::borrow::Cow::Borrowed(text), text_width)
            };
            self.palette.push(&mut out, shown.tone, &text);
            if k < last {
                out.extend(std::iter::repeat_n(b' ', width.saturating_sub(text_width)));
            }
        }
        out.push(b'\n');
        out
    }
}

/// A page of rows fitted to a screen `width` columns wide, as a full-screen view draws it: the
/// shown columns' headers and widths, and each row's cells cut to fit, safe, with their tones.
pub struct Page {
    /// Each shown column's header and width.
    pub columns: Vec<(&'static str, usize)>,
    /// Each row's cells.
    pub rows: Vec<Vec<(String, Tone)>>,
}

/// Fits `rows` to `width` columns as the table fits its first page (no column hidden for
/// having one value: a screen shows what scrolls by).
pub fn page<R: Row>(rows: &[R], width: usize) -> Page {
    let cells = Cells::<R>::new().render(rows);
    let columns = R::columns();
    let layout = fit(
        columns,
        &basis(columns, &cells),
        Vec::new(),
        Some(width),
        true,
    );
    let rows = cells
        .iter()
        .map(|row| {
            layout
                .shown
                .iter()
                .zip(&layout.widths)
                .map(|(&i, &w)| {
                    let (text, text_width) = row[i].part(layout.short_links);
                    let fixed = !matches!(columns[i].width, Width::Capped { .. });
                    let text = if text_width > w && !fixed {
                        cut(text, w)
                    } else {
                        text.to_owned()
                    };
                    (text, row[i].tone)
                })
                .collect()
        })
        .collect();
    Page {
        columns: layout
            .shown
            .iter()
            .zip(&layout.widths)
            .map(|(&i, &w)| (columns[i].table_header(), w))
            .collect(),
        rows,
    }
}

/// Text cut to `width` columns, its end replaced by `…`.
fn cut(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The natural widths of the columns, from the first page.
fn basis<R>(columns: &[Column<R>], page: &[Vec<Shown>]) -> Basis {
    let widest = |i: usize, short: bool| {
        let values = page.iter().map(|r| r[i].part(short).1).max().unwrap_or(0);
        let width = values.max(columns[i].table_header().width());
        match columns[i].width {
            Width::Fixed => width,
            Width::Words(widest) => width.max(widest),
            Width::Capped { cap, min, .. } => width.clamp(min, cap),
        }
    };
    Basis {
        natural: (0..columns.len()).map(|i| widest(i, false)).collect(),
        short: (0..columns.len()).map(|i| widest(i, true)).collect(),
    }
}

/// Fits the columns to `width`: the columns with the highest `drop` (on a full `screen`, its
/// `screen_drop` where it has one) left out until the rest fit at their least, links
/// shortened, and the widest capped columns cut (the one with the lower `order` first among
/// equals) until they fit.
fn fit<R>(
    columns: &[Column<R>],
    basis: &Basis,
    hidden: Vec<(usize, String)>,
    width: Option<usize>,
    screen: bool,
) -> Layout {
    let drop = |i: usize| match (screen, columns[i].screen_drop) {
        (true, Some(drop)) => drop,
        _ => columns[i].drop,
    };
    let mut shown: Vec<usize> = (0..columns.len())
        .filter(|i| !hidden.iter().any(|(h, _)| h == i))
        .collect();
    let least = |i: usize| match columns[i].width {
        Width::Fixed | Width::Words(_) => basis.natural[i],
        Width::Capped { min, .. } => basis.short[i].min(min),
    };
    let total = |shown: &[usize], w: &dyn Fn(usize) -> usize| {
        shown.iter().map(|&i| w(i)).sum::<usize>() + GAP.len() * shown.len().saturating_sub(1)
    };
    let Some(room) = width else {
        return Layout {
            widths: shown.iter().map(|&i| basis.natural[i]).collect(),
            shown,
            short_links: false,
            hidden,
        };
    };
    while total(&shown, &least) > room {
        let Some(k) = (0..shown.len())
            .filter(|&k| drop(shown[k]) > 0)
            .max_by_key(|&k| drop(shown[k]))
        else {
            break;
        };
        shown.remove(k);
    }
    let short_links = total(&shown, &|i| basis.natural[i]) > room;
    let natural = if short_links {
        &basis.short
    } else {
        &basis.natural
    };
    let mut widths: Vec<usize> = shown.iter().map(|&i| natural[i]).collect();
    // A shortened link is an identifier: the other columns give first, and it is cut only
    // when they are all at their least.
    let whole = |i: usize| short_links && basis.short[i] < basis.natural[i];
    let mut excess = total(&shown, &|i| natural[i]).saturating_sub(room);
    let keep_links = |i: usize| if whole(i) { natural[i] } else { least(i) };
    let floors: [&dyn Fn(usize) -> usize; 2] = [&keep_links, &least];
    for floor in floors {
        // The widest column that may still give gives a column, until the columns fit: cut
        // columns end up alike, none cut to its minimum while another stays long.
        while excess > 0 {
            let Some(k) = (0..shown.len())
                .filter(|&k| matches!(columns[shown[k]].width, Width::Capped { .. }))
                .filter(|&k| widths[k] > floor(shown[k]))
                .max_by_key(|&k| {
                    let order = match columns[shown[k]].width {
                        Width::Capped { order, .. } => order,
                        Width::Fixed | Width::Words(_) => u8::MAX,
                    };
                    (widths[k], std::cmp::Reverse(order))
                })
            else {
                break;
            };
            widths[k] -= 1;
            excess -= 1;
        }
    }
    Layout {
        shown,
        widths,
        short_links,
        hidden,
    }
}

impl<W: Write, R: Row> Printer<Vec<Vec<Shown>>> for Table<W, R> {
    fn print(&mut self, rows: Vec<Vec<Shown>>) -> io::Result<()> {
        let mut rows = rows.into_iter();
        if self.laid_out.is_none() {
            self.page.extend(rows.by_ref());
            let late = self
                .first_screen
                .is_some_and(|t| t.elapsed() >= FIRST_SCREEN);
            if self.page.len() < PAGE && !late {
                return Ok(());
            }
            self.lay_out()?;
        }
        let Some((basis, mut layout)) = self.laid_out.take() else {
            return Ok(());
        };
        for row in rows {
            // A hidden column whose value changes comes back, under a new header.
            if layout
                .hidden
                .iter()
                .any(|(i, value)| row[*i].text != *value)
            {
                let hidden = layout
                    .hidden
                    .iter()
                    .filter(|(i, value)| row[*i].text == *value)
                    .cloned()
                    .collect();
                layout = fit(R::columns(), &basis, hidden, self.width, false);
                self.header(&layout)?;
            }
            self.row(&layout, &row)?;
        }
        self.laid_out = Some((basis, layout));
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.laid_out.is_none() {
            self.lay_out()?;
        }
        self.out.flush()
    }

    fn finish(&mut self) -> io::Result<()> {
        self.flush()
    }
}

#[cfg(test)]
mod tests;
