//! Logs as files: opening them (gzip included), finding a log's rotated siblings, and reading a
//! set of files as one stream in time order.

use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use flate2::read::MultiGzDecoder;
use globset::{Glob, GlobSetBuilder};

use super::{Framer, Item, Kind, Malformed, read_frame};
use crate::entry::Entry;
use crate::reference::{Ref, RefCounter};
use crate::stamp::Stamp;

/// A file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}: {error}", path.display())]
pub struct ReadError {
    /// The file.
    pub path: PathBuf,
    /// What the system said.
    pub error: io::Error,
}

/// A log opened for reading, plain or decompressed.
pub type Source = Box<dyn Read + Send>;

/// Opens a log for reading; a gzip file (known by its first bytes) is decompressed.
pub fn open(path: &Path) -> io::Result<Source> {
    let mut file = File::open(path)?;
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut file, &mut magic)?;
    let head = io::Cursor::new(magic[..n].to_vec());
    let stream = head.chain(file);
    if magic[..n] == [0x1f, 0x8b] {
        Ok(Box::new(MultiGzDecoder::new(BufReader::new(stream))))
    } else {
        Ok(Box::new(stream))
    }
}

/// Whether a file is gzip-compressed, by its first two bytes.
pub fn is_gzip(path: &Path) -> io::Result<bool> {
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut File::open(path)?, &mut magic)?;
    Ok(magic[..n] == [0x1f, 0x8b])
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

/// A log and its rotated siblings in the same directory, oldest first, the log itself last.
///
/// Siblings are named as log4j and logrotate name them: `audit.log.1`, `audit.log.2.gz`,
/// `audit.log-20261101.gz`, `audit-2026-11-01-1.log.gz`, `audit.2026-11-01.log`. They are put
/// in the order of their first entry.
pub fn rotated_set(path: &Path) -> Result<Vec<PathBuf>, ReadError> {
    let err = |error| ReadError {
        path: path.to_owned(),
        error,
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| err(io::Error::other("not a file name")))?;
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let (name_e, stem_e, ext_e) = (
        globset::escape(name),
        globset::escape(stem),
        globset::escape(ext),
    );
    let mut patterns = vec![format!("{name_e}.*"), format!("{name_e}-*")];
    if !ext.is_empty() {
        patterns.extend([
            format!("{stem_e}-*.{ext_e}"),
            format!("{stem_e}-*.{ext_e}.gz"),
            format!("{stem_e}.*.{ext_e}"),
            format!("{stem_e}.*.{ext_e}.gz"),
        ]);
    }
    let mut set = GlobSetBuilder::new();
    for p in &patterns {
        set.add(Glob::new(p).map_err(|e| err(io::Error::other(e)))?);
    }
    let set = set.build().map_err(|e| err(io::Error::other(e)))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut siblings = Vec::new();
    for item in fs::read_dir(&dir).map_err(|error| ReadError {
        path: dir.clone(),
        error,
    })? {
        let item = item.map_err(|error| ReadError {
            path: dir.clone(),
            error,
        })?;
        let file_name = item.file_name();
        let Some(sibling) = file_name.to_str() else {
            continue;
        };
        if sibling != name && set.is_match(sibling) && item.file_type().is_ok_and(|t| t.is_file()) {
            let sibling = path.with_file_name(sibling);
            let first = first_entry(&sibling)?.map(|e| e.created.local);
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
    let err = |error| ReadError {
        path: path.to_owned(),
        error,
    };
    let mut framer = Framer::new(open(path).map_err(err)?);
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

/// Reads several files, one after the other, as one stream.
pub struct Scan {
    files: std::vec::IntoIter<PathBuf>,
    current: Option<(Framer<Source>, Arc<Path>)>,
    refs: RefCounter,
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

    /// The next entry or report, or `None` after the last file.
    pub fn next_event(&mut self) -> Result<Option<Event<'_>>, ReadError> {
        let span = loop {
            let (framer, file) = match &mut self.current {
                Some(current) => current,
                None => {
                    let Some(path) = self.files.next() else {
                        return Ok(None);
                    };
                    let src = open(&path).map_err(|error| ReadError {
                        path: path.clone(),
                        error,
                    })?;
                    self.refs.reset();
                    self.current
                        .insert((Framer::new(src), Arc::from(path.as_path())))
                }
            };
            match framer.next_span() {
                Ok(Some(span)) => break span,
                Ok(None) => self.current = None,
                Err(error) => {
                    return Err(ReadError {
                        path: file.to_path_buf(),
                        error,
                    });
                }
            }
        };
        let Some((framer, file)) = &self.current else {
            unreachable!("a span was just read from the current file")
        };
        let frame = framer.frame(span);
        let stamp = match frame.kind {
            Kind::Entry => Stamp::parse_prefix(frame.bytes).map(|(stamp, _)| stamp),
            _ => None,
        };
        let reference = stamp.map(|stamp| self.refs.next(stamp));
        Ok(Some(match (read_frame(&frame, file), reference) {
            (Item::Entry(entry), Some(reference)) => Event::Entry {
                reference,
                entry,
                raw: frame.bytes,
            },
            (Item::Entry(entry), None) => unreachable!("an entry always has a stamp: {entry:?}"),
            (Item::Malformed(m), _) => Event::Malformed(m),
        }))
    }
}
