//! The objects log: the file JOC's logger `JOCAuditObjectsLog` writes beside `audit.log` (JS7
//! 2.7 and later, when configured), a line for each entry with an ID, naming the objects the
//! action touched:
//!
//! ```text
//! {"id":85942,"objects":[{"workflow":"pdwSequence"},{"order":"#2024-05-06#T1-test","workflow":"pdwSequence"}]}
//! ```
//!
//! It looks like JSON and is not: names are put in as they are, unescaped, so a name may hold
//! `"`, `,`, `]` or what looks like another object. A line is read by its fixed shape: each
//! name ends at the first `"},{"` or at the list's end, and an order's ID at the first
//! `","workflow":"`, the one reading in which no name holds what separates objects (JS7's
//! names hold no quotes). A line that cannot be read so is read every way its shape allows:
//! when exactly one is left it is taken; when more than one or none, the line is unreadable
//! and reported, never guessed at. A development build joined keys and values with `=` rather
//! than `:`; both are read. The appender's stamp and level may stand in front.

use std::fmt;

use crate::stamp::Stamp;

/// An object an entry's action touched.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Touched {
    /// Its type, lower case as JOC writes it: `workflow`, `order`, `schedule`, `jobresource`…
    pub kind: String,
    /// Its name (an order's ID, for an order), as JOC wrote it.
    pub name: String,
    /// An order's workflow.
    pub workflow: Option<String>,
}

impl fmt::Display for Touched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.name)?;
        if let Some(workflow) = &self.workflow {
            write!(f, " (workflow {workflow})")?;
        }
        Ok(())
    }
}

/// The objects entries touched, by the entries' IDs (their lines' objects together); an ID
/// with a line that names none has an empty list.
pub type ById = std::collections::BTreeMap<u64, Vec<Touched>>;

impl Touched {
    /// How a report names it: its type and its name (an order by its ID).
    pub fn label(&self) -> String {
        format!("{} {}", self.kind, self.name)
    }
}

/// One line of the objects log: an entry's ID and the objects its action touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectsLine {
    /// The `- ID: N -` of the entry in `audit.log`.
    pub id: u64,
    /// When the appender wrote it, when its stamp stands in front.
    pub stamp: Option<Stamp>,
    /// The objects, in the order written; none for an action that touched none.
    pub objects: Vec<Touched>,
}

/// Why a line of the objects log cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// It does not have the shape JOC writes.
    Shape,
    /// Its names hold what makes it read in more than one way.
    Ambiguous,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unreadable::Shape => "not a line of the objects log ({\"id\":N,\"objects\":[…]})",
            Unreadable::Ambiguous => {
                "the names it holds make it read in more than one way: not read"
            }
        })
    }
}

/// The longest line read: a longer one (more than about 100,000 objects) is unreadable.
pub const MAX_LINE: usize = 16 << 20;

/// Reads one line of the objects log (without its line break).
pub fn parse_line(line: &str) -> Result<ObjectsLine, Unreadable> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.len() > MAX_LINE {
        return Err(Unreadable::Shape);
    }
    let (stamp, message) = strip_prefix(line).ok_or(Unreadable::Shape)?;
    let rest = message.strip_prefix("{\"id\"").ok_or(Unreadable::Shape)?;
    let sep = match rest.as_bytes().first() {
        Some(&b @ (b':' | b'=')) => b as char,
        _ => return Err(Unreadable::Shape),
    };
    let rest = &rest[1..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let id = rest[..digits].parse().map_err(|_| Unreadable::Shape)?;
    let list = rest[digits..]
        .strip_prefix(&format!(",\"objects\"{sep}["))
        .and_then(|r| r.strip_suffix("]}"))
        .ok_or(Unreadable::Shape)?;
    // Two records on one line (a write torn, or two joined) read as one name: refused.
    if list.contains(&format!("]}}{{\"id\"{sep}")) {
        return Err(Unreadable::Shape);
    }
    let objects = Items::new(list, sep).read()?;
    Ok(ObjectsLine { id, stamp, objects })
}

/// The message, after the appender's stamp and level when they stand in front.
fn strip_prefix(line: &str) -> Option<(Option<Stamp>, &str)> {
    if line.starts_with('{') {
        return Some((None, line));
    }
    let (stamp, len) = Stamp::parse_prefix(line.as_bytes())?;
    let rest = line[len..].trim_start_matches(' ');
    // The level: a word, or a word in brackets (`[INFO ]`).
    let level_end = if rest.starts_with('[') {
        rest.find(']')? + 1
    } else {
        rest.find(' ')?
    };
    let word = rest[..level_end].trim_matches(['[', ']', ' ']);
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let message = rest[level_end..].trim_start_matches(' ');
    message.starts_with('{').then_some((Some(stamp), message))
}

/// The list of objects between `[` and `]`, read every way its shape allows.
struct Items<'a> {
    text: &'a str,
    sep: char,
    /// Where a name may end: each `"}` followed by `,{"` or by the list's end.
    ends: Vec<usize>,
}

/// How many ways something reads, counted up to two: all that matters is one or more.
type Ways = u8;

impl<'a> Items<'a> {
    fn new(text: &'a str, sep: char) -> Items<'a> {
        let ends = text
            .match_indices("\"}")
            .map(|(at, _)| at)
            .filter(|&at| {
                let after = &text[at + 2..];
                after.is_empty() || after.starts_with(",{\"")
            })
            .collect();
        Items { text, sep, ends }
    }

    /// The objects: as the plain reading has them, else when the list reads in exactly one
    /// way.
    fn read(&self) -> Result<Vec<Touched>, Unreadable> {
        if self.text.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(objects) = self.plain() {
            return Ok(objects);
        }
        // ways[i]: how many ways the list reads from the name end `ends[i]` on (the rest of
        // the list after it); from the last end backwards, each from those after it.
        let n = self.ends.len();
        let mut after = vec![0 as Ways; n];
        // suffix[i]: the ways summed over ends[i..].
        let mut suffix = vec![0 as Ways; n + 1];
        for i in (0..n).rev() {
            let next = self.ends[i] + 2;
            after[i] = if next == self.text.len() {
                1
            } else {
                self.item_ways(next + 1, &suffix)
            };
            suffix[i] = suffix[i + 1].saturating_add(after[i]).min(2);
        }
        match self.item_ways(0, &suffix) {
            0 => Err(Unreadable::Shape),
            1 => Ok(self.walk(&after, &suffix)),
            _ => Err(Unreadable::Ambiguous),
        }
    }

    /// The one reading in which no name or ID holds what separates objects (`"},{"`) or an
    /// order's ID from its workflow: each ends at the first place it may.
    fn plain(&self) -> Option<Vec<Touched>> {
        let joint = format!("\",\"workflow\"{}\"", self.sep);
        let clean = |text: &str| !text.contains("\"},{\"") && !text.contains(&joint);
        let mut objects = Vec::new();
        let mut at = 0;
        while at <= self.text.len() {
            let (start, (kind, order)) = self.name_starts(at).into_iter().next()?;
            let end = *self.ends.get(self.first_end(start))?;
            let name = &self.text[start..end];
            if !clean(name) || order.is_some_and(|id| !clean(id)) {
                return None;
            }
            objects.push(touched(kind, order, name));
            at = end + 3;
        }
        Some(objects)
    }

    /// How many ways the list reads from an item starting at `at`.
    fn item_ways(&self, at: usize, suffix: &[Ways]) -> Ways {
        self.name_starts(at)
            .into_iter()
            .map(|(start, _)| suffix[self.first_end(start)])
            .fold(0, |a: Ways, b| a.saturating_add(b).min(2))
    }

    /// The index of the first name end at or after `start`.
    fn first_end(&self, start: usize) -> usize {
        self.ends.partition_point(|&end| end < start)
    }

    /// Where an item starting at `at` may have its (last) name begin, with its type and, for
    /// an order, its ID: `{"TYPE":"` NAME, or `{"order":"` ID `","workflow":"` NAME.
    fn name_starts(&self, at: usize) -> Vec<(usize, (&'a str, Option<&'a str>))> {
        let Some(rest) = self.text.get(at..).and_then(|r| r.strip_prefix("{\"")) else {
            return Vec::new();
        };
        let kind_len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
        let kind = &rest[..kind_len];
        let open = format!("\"{}\"", self.sep);
        if kind.is_empty() || !rest[kind_len..].starts_with(&open) {
            return Vec::new();
        }
        let first = at + 2 + kind_len + open.len();
        if kind != "order" {
            return vec![(first, (kind, None))];
        }
        // An order's ID ends where `","workflow":"` follows: anywhere it does.
        let joint = format!("\",\"workflow\"{}\"", self.sep);
        self.text[first..]
            .match_indices(&joint)
            .map(|(i, _)| {
                let id = &self.text[first..first + i];
                (first + i + joint.len(), (kind, Some(id)))
            })
            .collect()
    }

    /// The one reading, item by item.
    fn walk(&self, after: &[Ways], suffix: &[Ways]) -> Vec<Touched> {
        let mut objects = Vec::new();
        let mut at = 0;
        loop {
            let (start, (kind, order)) = self
                .name_starts(at)
                .into_iter()
                .find(|(start, _)| suffix[self.first_end(*start)] > 0)
                .expect("the one reading goes on");
            let i = (self.first_end(start)..self.ends.len())
                .find(|&i| after[i] > 0)
                .expect("the one reading has a name end");
            objects.push(touched(kind, order, &self.text[start..self.ends[i]]));
            at = self.ends[i] + 3;
            if at > self.text.len() {
                return objects;
            }
        }
    }
}

/// An object as read: of `kind`, or an order with its ID, and the name.
fn touched(kind: &str, order: Option<&str>, name: &str) -> Touched {
    match order {
        Some(id) => Touched {
            kind: kind.to_owned(),
            name: id.to_owned(),
            workflow: Some(name.to_owned()),
        },
        None => Touched {
            kind: kind.to_owned(),
            name: name.to_owned(),
            workflow: None,
        },
    }
}

#[cfg(test)]
mod tests;
