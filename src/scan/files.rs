//! Logs as files: opening them (gzip included), finding a log's rotated siblings, and reading a
//! set of files as one stream in time order.

use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use flate2::read::MultiGzDecoder;
use regex::Regex;

use super::engine::LogFile;
use super::{Framer, Item, Kind, Malformed, read_frame};
use crate::entry::Entry;
use crate::format::safe_path;
use crate::reference::{Ref, RefCounter};
use crate::stamp::Stamp;

/// The name that stands for standard input.
pub const STDIN: &str = "-";

/// A file that could not be read, or not to its end.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}: {error}{}", safe_path(path), read_before(*entries))]
pub struct ReadError {
    /// The file.
    pub path: PathBuf,
    /// What the system said.
    pub error: io::Error,
    /// How many entries were read from it before the error.
    pub entries: u64,
}

fn read_before(entries: u64) -> String {
    match entries {
        0 => String::new(),
        1 => "; the one entry before that was read".to_owned(),
        n => format!("; the {n} entries before that were read"),
    }
}

impl ReadError {
    /// The error of a file that could not be opened or read at all.
    pub fn new(path: &Path, error: io::Error) -> ReadError {
        ReadError {
            path: path.to_owned(),
            error,
            entries: 0,
        }
    }
}

/// A log's bytes read front to back, plain or decompressed.
pub type Source = Box<dyn Read + Send>;

/// A log opened for reading.
pub enum Input {
    /// A regular, uncompressed file: searched by offset, on every core.
    File(LogFile),
    /// Anything else, read front to back: a gzip file, a pipe, a FIFO, standard input.
    Stream(Source),
}

/// Opens a log once: `-` is standard input; a regular file that is not gzip-compressed is read
/// by offset; gzip (known by its first bytes) is decompressed; what cannot seek is a stream.
pub fn open_log(path: &Path) -> Result<Input, ReadError> {
    let err = |error| ReadError::new(path, error);
    if path.as_os_str() == STDIN {
        return sniff(Box::new(io::stdin())).map(Input::Stream).map_err(err);
    }
    let file = File::open(path).map_err(err)?;
    let meta = file.metadata().map_err(err)?;
    if meta.is_dir() {
        return Err(err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a directory, not a log",
        )));
    }
    if !meta.is_file() {
        return sniff(Box::new(file)).map(Input::Stream).map_err(err);
    }
    let mut magic = [0u8; 2];
    let n = file.read_at(&mut magic, 0).map_err(err)?;
    if magic[..n] == GZIP {
        return Ok(Input::Stream(Box::new(MultiGzDecoder::new(
            BufReader::new(file),
        ))));
    }
    LogFile::from_file(file, path).map(Input::File).map_err(err)
}

/// The first bytes of every gzip file.
const GZIP: [u8; 2] = [0x1f, 0x8b];

/// A stream with its first bytes looked at: decompressed when they say gzip.
fn sniff(mut src: Source) -> io::Result<Source> {
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut src, &mut magic)?;
    let stream = io::Cursor::new(magic[..n].to_vec()).chain(src);
    if magic[..n] == GZIP {
        Ok(Box::new(MultiGzDecoder::new(BufReader::new(stream))))
    } else {
        Ok(Box::new(stream))
    }
}

/// A log's bytes front to back, whatever it is (see [`open_log`]).
pub fn open(path: &Path) -> Result<Source, ReadError> {
    Ok(match open_log(path)? {
        Input::File(log) => Box::new(log.into_file()),
        Input::Stream(src) => src,
    })
}

fn read_up_to(src: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match src.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The names a log's rotated siblings take, for a log named `name`: `audit.log.1`,
/// `audit.log.2.gz` (logrotate), `audit.log-20261101.gz` (logrotate's dateext),
/// `audit-2026-11-01-1.log.gz` (log4j2, as JOC rotates), `audit.2026-11-01.log`. What follows
/// the name is numbers, so `audit-objects.log`, `audit-trail.log` and `audit.log.seal` are not
/// siblings.
fn sibling_names(name: &str) -> Regex {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        _ => (name, None),
    };
    let numbers = r"[0-9][0-9-]*";
    let name = regex::escape(name);
    let mut forms = vec![format!(r"{name}\.[0-9]+"), format!("{name}-{numbers}")];
    if let Some(ext) = ext {
        let (stem, ext) = (regex::escape(stem), regex::escape(ext));
        forms.push(format!(r"{stem}-{numbers}\.{ext}"));
        forms.push(format!(r"{stem}\.{numbers}\.{ext}"));
    }
    Regex::new(&format!(r"^(?:{})(?:\.gz)?$", forms.join("|")))
        .expect("escaped names make a valid expression")
}

/// A log and its rotated siblings in the same directory (see [`sibling_names`]), oldest first,
/// the log itself last. Siblings are put in the order of their first entry; one whose first
/// entry cannot be read comes first, and is reported when it is read.
pub fn rotated_set(path: &Path) -> Result<Vec<PathBuf>, ReadError> {
    if path.as_os_str() == STDIN {
        return Err(ReadError::new(
            path,
            io::Error::other("standard input has no rotated siblings"),
        ));
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| ReadError::new(path, io::Error::other("not a file name")))?;
    let siblings_re = sibling_names(name);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut siblings = Vec::new();
    for item in fs::read_dir(&dir).map_err(|error| ReadError::new(&dir, error))? {
        let item = item.map_err(|error| ReadError::new(&dir, error))?;
        let file_name = item.file_name();
        let Some(sibling) = file_name.to_str() else {
            continue;
        };
        if siblings_re.is_match(sibling) && item.file_type().is_ok_and(|t| t.is_file()) {
            let sibling = path.with_file_name(sibling);
            let first = first_entry(&sibling)
                .ok()
                .flatten()
                .map(|e| e.created.local);
            siblings.push((first, sibling));
        }
    }
    siblings.sort();
    let mut files: Vec<PathBuf> = siblings.into_iter().map(|(_, p)| p).collect();
    files.push(path.to_owned());
    Ok(files)
}

/// The first entry of a file, if it has one.
pub fn first_entry(path: &Path) -> Result<Option<Entry>, ReadError> {
    let err = |error| ReadError::new(path, error);
    let mut framer = Framer::new(open(path)?);
    let file: Arc<Path> = Arc::from(path);
    while let Some(frame) = framer.next_frame().map_err(err)? {
        if frame.kind == Kind::Entry
            && let Item::Entry(entry) = read_frame(&frame, &file)
        {
            return Ok(Some(entry));
        }
    }
    Ok(None)
}

/// What a [`Scan`] reads next.
#[derive(Debug)]
pub enum Event<'a> {
    /// An entry, its reference, and its bytes as they stand in the file.
    Entry {
        /// The entry.
        entry: Entry,
        /// Its reference.
        reference: Ref,
        /// Its physical lines, with their line ends.
        raw: &'a [u8],
    },
    /// A line, or lines, that are not an entry.
    Malformed(Malformed),
}

/// Reads several files, one after the other, as one stream. A file that cannot be read, or
/// breaks off, is an error once the entries before it are handed out; the next call goes on
/// with the next file.
pub struct Scan {
    files: std::vec::IntoIter<PathBuf>,
    current: Option<Current>,
    refs: RefCounter,
}

/// The file a [`Scan`] is reading, and how many entries it has read from it.
struct Current {
    framer: Framer<Source>,
    file: Arc<Path>,
    entries: u64,
}

impl Scan {
    /// A scan of these files, in this order.
    pub fn new(files: Vec<PathBuf>) -> Scan {
        Scan {
            files: files.into_iter(),
            current: None,
            refs: RefCounter::default(),
        }
    }

    /// A scan of one log already open, named `path` in origins and reports.
    pub fn of_source(src: Source, path: &Path) -> Scan {
        Scan {
            files: Vec::new().into_iter(),
            current: Some(Current {
                framer: Framer::new(src),
                file: Arc::from(path),
                entries: 0,
            }),
            refs: RefCounter::default(),
        }
    }

    /// The next entry or report, or `None` after the last file.
    pub fn next_event(&mut self) -> Result<Option<Event<'_>>, ReadError> {
        let span = loop {
            let current = match &mut self.current {
                Some(current) => current,
                None => {
                    let Some(path) = self.files.next() else {
                        return Ok(None);
                    };
                    let src = open(&path)?;
                    self.refs.reset();
                    self.current.insert(Current {
                        framer: Framer::new(src),
                        file: Arc::from(path.as_path()),
                        entries: 0,
                    })
                }
            };
            match current.framer.next_span() {
                Ok(Some(span)) => break span,
                Ok(None) => self.current = None,
                Err(error) => {
                    let failed = ReadError {
                        path: current.file.to_path_buf(),
                        error,
                        entries: current.entries,
                    };
                    self.current = None;
                    return Err(failed);
                }
            }
        };
        let Some(current) = &mut self.current else {
            unreachable!("a span was just read from the current file")
        };
        let frame = current.framer.frame(span);
        let stamp = match frame.kind {
            Kind::Entry => Stamp::parse_prefix(frame.bytes).map(|(stamp, _)| stamp),
            _ => None,
        };
        let reference = stamp.map(|stamp| self.refs.next(stamp));
        Ok(Some(match (read_frame(&frame, &current.file), reference) {
            (Item::Entry(entry), Some(reference)) => {
                current.entries += 1;
                Event::Entry {
                    reference,
                    entry,
                    raw: frame.bytes,
                }
            }
            (Item::Entry(entry), None) => unreachable!("an entry always has a stamp: {entry:?}"),
            (Item::Malformed(m), _) => Event::Malformed(m),
        }))
    }
}
