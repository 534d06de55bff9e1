//! Where a page ends, in each log: at one of its ends, or beside one of its entries, named so
//! that a later request finds the same entry again after the log grew or was rotated.

use std::fmt;

use crate::reference::Ref;

/// Where a page ends in one log: at one of its ends, or beside one of its entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Boundary {
    /// Before its first entry.
    Start,
    /// After its last entry, however many are appended.
    End,
    /// Just before this entry.
    Before(Landmark),
    /// Just after this entry.
    After(Landmark),
}

/// An entry a page ends beside: its reference; where it begins in its file, which tells apart
/// entries that share a reference (a stamp met again far apart, or in two files of a rotated
/// set), and which renaming, copying or compressing a file keeps; and which of its log's files
/// holds it, counted from the newest, which tells apart a file and a copy of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Landmark {
    /// Its reference.
    pub reference: Ref,
    /// The offset of its first byte in its file.
    pub offset: Option<u64>,
    /// How many of its log's files are newer than its own: 0 for the log itself.
    pub age: Option<usize>,
}

impl Landmark {
    /// An entry named by its reference alone: the newest that has it.
    pub fn by_reference(reference: Ref) -> Landmark {
        Landmark {
            reference,
            offset: None,
            age: None,
        }
    }

    /// Reads what it writes: `REF`, `REF@OFFSET` or `REF@AGE:OFFSET`.
    pub fn parse(text: &str) -> Option<Landmark> {
        let Some((reference, place)) = text.split_once('@') else {
            return Some(Landmark::by_reference(Ref::parse(text)?));
        };
        let (age, offset) = match place.split_once(':') {
            Some((age, offset)) => (Some(number(age)?), offset),
            None => (Some(0), place),
        };
        Some(Landmark {
            reference: Ref::parse(reference)?,
            offset: Some(number(offset)?),
            age,
        })
    }
}

/// Digits, and nothing else.
fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl fmt::Display for Landmark {
    /// `REF`, `REF@OFFSET` (in the log itself) or `REF@AGE:OFFSET` (in a rotated file).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.reference)?;
        match (self.offset, self.age) {
            (None, _) => Ok(()),
            (Some(offset), None | Some(0)) => write!(f, "@{offset}"),
            (Some(offset), Some(age)) => write!(f, "@{age}:{offset}"),
        }
    }
}
