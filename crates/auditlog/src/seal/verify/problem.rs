//! What verifying can find, each said once, in words for the person who reads the report.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};

use crate::safe::{one_line, safe_path};
use crate::seal::SealHead;

/// One thing verifying found, at a file (a log, or the seal file) and line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The file.
    pub file: PathBuf,
    /// The line, counting from 1, when it is about one.
    pub line: Option<u64>,
    /// Whether the seal is broken by it (else it is a warning).
    pub failed: bool,
    /// What it is.
    pub problem: Problem,
}

impl Finding {
    pub(super) fn fail(file: &Path, line: Option<u64>, problem: Problem) -> Finding {
        Finding {
            file: file.to_owned(),
            line,
            failed: true,
            problem,
        }
    }

    pub(super) fn warn(file: &Path, line: Option<u64>, problem: Problem) -> Finding {
        Finding {
            failed: false,
            ..Finding::fail(file, line, problem)
        }
    }
}

/// `FILE:LINE: WHAT`, made safe for a terminal.
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", safe_path(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let kind = if self.failed { "" } else { "warning: " };
        write!(f, ": {kind}{}", self.problem)
    }
}

/// What verifying can find.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A sealed line no longer reads as it did.
    Changed,
    /// This many sealed lines are gone from before this line.
    Removed(u64),
    /// This many lines from here on were put in among sealed ones.
    Inserted(u64),
    /// This line and the next were sealed in the other order.
    Swapped,
    /// The file ends here, this many sealed lines early.
    Truncated(u64),
    /// The bytes of record (seq) changed although no line's CRC-32 did (record's lines).
    Collided(u64, u64),
    /// An entry was first sealed too long after its stamp.
    Late {
        /// Its stamp.
        stamp: String,
        /// The epoch it was sealed in.
        epoch: u64,
        /// When that epoch began.
        began: DateTime<Utc>,
        /// How many more entries of the same record were late.
        others: u64,
        /// Whether a clock step on the sealing host reached the epoch early.
        stepped: bool,
    },
    /// More differences than are named.
    More(usize),
    /// Lines written after the last seal (a warning).
    Unsealed {
        /// How many lines.
        lines: u64,
        /// How many bytes.
        bytes: u64,
    },
    /// A file no record covers (a warning).
    NeverSealed,
    /// An entry that should have been sealed by now is not.
    NotSealed {
        /// Its stamp.
        stamp: String,
        /// How many more entries of the file are due and not sealed.
        others: u64,
    },
    /// The seal file is gone.
    NoSealFile,
    /// A file the seal covers is not among the log's files.
    MissingFile {
        /// Its identity (its first line's hash).
        id: String,
        /// Its name when it was sealed.
        name: String,
        /// The first and last record that cover it.
        records: (u64, u64),
        /// The lines sealed of it.
        lines: u64,
        /// Its first sealed entry's stamp.
        first: Option<String>,
        /// Its last sealed entry's stamp.
        last: Option<String>,
    },
    /// A file the seal covers was deleted under retention, as an entry of the log records (a
    /// warning).
    Deleted {
        /// Its name when it was sealed.
        name: String,
        /// Where the deletion is recorded: FILE:LINE.
        at: String,
    },
    /// A line of the seal file that is no record.
    Unreadable(String),
    /// The seal file's last line is unfinished (a warning).
    Torn,
    /// Record (seq) of epoch (epoch) was not made with that epoch's key.
    Forged(u64, u64),
    /// No record was made with this verification key (how many were read).
    WrongKey(u64),
    /// Record (seq) claims an epoch (epoch) that has not begun.
    Future(u64, u64),
    /// Records (first) to (last) are missing.
    Missing(u64, u64),
    /// Record (seq) comes where (expected) should.
    OutOfOrder(u64, u64),
    /// Record (seq) does not chain to the one before.
    Broken(u64),
    /// The first record was made in (epoch) without key 0.
    Restarted(u64),
    /// Record (seq) has an earlier epoch (epoch) than the one before.
    EpochBack(u64, u64),
    /// Record (seq)'s bytes do not follow the record before it.
    Discontinuous(u64),
    /// The sealing state on the host does not follow from the verification key.
    StateDiffers,
    /// Record (seq) was signed in epoch (epoch), which begins at (began), after now: the
    /// sealing host's clock was ahead (a warning).
    ClockAhead(u64, u64, DateTime<Utc>),
    /// The sealing state is in epoch (epoch), which begins at (began), after now (a warning).
    StateAhead(u64, DateTime<Utc>),
    /// The head kept elsewhere is past the seal's newest record (if any).
    HeadAhead(SealHead, Option<u64>),
    /// The record at the head's number is not the head.
    HeadDiffers(SealHead),
}

fn lines(n: u64) -> String {
    if n == 1 {
        "1 line".to_owned()
    } else {
        format!("{n} lines")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Changed => write!(f, "changed since it was sealed"),
            Problem::Removed(n) => write!(f, "{} sealed before this line removed", lines(*n)),
            Problem::Inserted(n) => write!(
                f,
                "{} from here on put in among sealed ones: the seal does not hold them",
                lines(*n)
            ),
            Problem::Swapped => write!(
                f,
                "this line and the next were sealed in the other order: entries reordered"
            ),
            Problem::Truncated(n) => {
                write!(f, "the file ends here, {} sealed lines early: truncated", n)
            }
            Problem::Collided(seq, n) => write!(
                f,
                "seal record {seq} covers the {} from here: their bytes changed, though no line's CRC-32 did (a deliberate forgery)",
                lines(*n)
            ),
            Problem::Late {
                stamp,
                epoch,
                began,
                others,
                stepped,
            } => {
                write!(
                    f,
                    "the entry stamped {} was first sealed in epoch {epoch}, which began {}: more than --max-delay after its stamp",
                    one_line(stamp),
                    began.to_rfc3339_opts(SecondsFormat::Secs, true)
                )?;
                match others {
                    0 => {}
                    n => write!(f, " ({n} more entries of the same seal record too)")?,
                }
                if *stepped {
                    write!(
                        f,
                        "; the sealing host's clock stepped ahead into that epoch early (a record was signed in it before it began), so this is a clock step, or entries written later than their stamps say: the seal cannot tell which (once the step is accounted for, `verify --max-delay` as long as the step accepts it)"
                    )?;
                }
                Ok(())
            }
            Problem::More(n) => write!(f, "more differences than the {n} named"),
            Problem::Unsealed { lines: n, bytes } => write!(
                f,
                "{} ({bytes} bytes) from here on not sealed yet: written after the last seal",
                lines(*n)
            ),
            Problem::NeverSealed => write!(
                f,
                "no seal record covers this file: it was written before `auditlog seal init`, or rotated away before it was sealed"
            ),
            Problem::NotSealed { stamp, others } => {
                write!(
                    f,
                    "the entry stamped {} is not sealed, though it was written after sealing began and more than --max-delay ago: seal records were removed, or `auditlog seal` has not run",
                    one_line(stamp)
                )?;
                match others {
                    0 => Ok(()),
                    n => write!(f, " ({n} more entries of this file too)"),
                }
            }
            Problem::NoSealFile => write!(
                f,
                "the seal file is missing: it was deleted, or this log was never sealed"
            ),
            Problem::MissingFile {
                name,
                records,
                id: _,
                lines: n,
                first,
                last,
            } => {
                write!(
                    f,
                    "the file sealed as {} (seal records {} to {}, {}",
                    safe_path(Path::new(name)),
                    records.0,
                    records.1,
                    lines(*n)
                )?;
                if let (Some(first), Some(last)) = (first, last) {
                    write!(f, ", entries {} to {}", one_line(first), one_line(last))?;
                }
                write!(f, ") is missing: a rotated file was deleted or moved away")
            }
            Problem::Deleted { name, at } => write!(
                f,
                "the file sealed as {} was deleted under retention, as recorded at {}",
                safe_path(Path::new(name)),
                one_line(at)
            ),
            Problem::Unreadable(why) => write!(f, "not a seal record: {}", one_line(why)),
            Problem::Torn => write!(
                f,
                "an unfinished seal record, left by an interrupted seal: not counted; the next `auditlog seal` cuts it"
            ),
            Problem::Forged(seq, epoch) => write!(
                f,
                "seal record {seq} was edited or forged: its MAC is not epoch {epoch}'s"
            ),
            Problem::WrongKey(1) => write!(
                f,
                "the seal record was not made with this verification key: the wrong key, or a forged record"
            ),
            Problem::WrongKey(n) => write!(
                f,
                "none of the {n} seal records was made with this verification key: the wrong key, or every record forged"
            ),
            Problem::Future(seq, epoch) => write!(
                f,
                "seal record {seq} claims epoch {epoch}, which has not begun: forged"
            ),
            Problem::Missing(first, last) if first == last => write!(
                f,
                "seal record {first} is missing: removed from the seal file"
            ),
            Problem::Missing(first, last) => write!(
                f,
                "seal records {first} to {last} are missing: removed from the seal file"
            ),
            Problem::OutOfOrder(seq, expected) => write!(
                f,
                "seal record {seq} stands where record {expected} should: seal records reordered"
            ),
            Problem::Broken(seq) => write!(
                f,
                "seal record {seq} does not follow the record before it: the chain is broken"
            ),
            Problem::Restarted(epoch) => write!(
                f,
                "the seal does not start at the initial epoch: its first record (epoch {epoch}) was not made from the verification key, so the seal records were deleted and made again with a later key"
            ),
            Problem::EpochBack(seq, epoch) => write!(
                f,
                "seal record {seq} claims epoch {epoch}, earlier than the record before it"
            ),
            Problem::Discontinuous(seq) => write!(
                f,
                "the bytes seal record {seq} covers do not follow those of the record before it"
            ),
            Problem::HeadAhead(head, last) => {
                write!(f, "the head kept elsewhere is seal record {}, ", head.seq)?;
                match last {
                    Some(last) => write!(f, "but the seal ends at record {last}")?,
                    None => write!(f, "but no seal record verifies")?,
                }
                write!(
                    f,
                    ": newer seal records, and the entries they sealed, were removed"
                )
            }
            Problem::StateDiffers => write!(
                f,
                "the sealing state does not follow from the verification key: it was replaced or wound back, or this is the wrong key"
            ),
            Problem::ClockAhead(seq, epoch, began) => write!(
                f,
                "seal record {seq} was signed in epoch {epoch}, which begins {}, after now: the sealing host's clock was ahead when it sealed (a clock step, not a forgery: its signature holds)",
                began.to_rfc3339_opts(SecondsFormat::Secs, true)
            ),
            Problem::StateAhead(epoch, began) => write!(
                f,
                "the sealing state is in epoch {epoch}, which begins {}, after now: the host's clock was ahead when it last sealed, and sealing goes on in that epoch until the clock reaches it",
                began.to_rfc3339_opts(SecondsFormat::Secs, true)
            ),
            Problem::HeadDiffers(head) => write!(
                f,
                "seal record {} is not the head kept elsewhere ({head}): the seal was made again",
                head.seq
            ),
        }
    }
}
