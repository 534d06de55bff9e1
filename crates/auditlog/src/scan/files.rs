//! Logs as files: opening them (gzip included), finding a log's rotated siblings, and reading a
//! set of files as one stream in time order.

use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use flate2::read::MultiGzDecoder;
use regex::Regex;
use sha2::{Digest as _, Sha256};

use super::frame::Framer;
use super::item::read_frame;
use super::seek::LogFile;
use crate::entry::Entry;
use crate::safe::safe_path;

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
    /// How many of those matched the query, when they were counted rather than handed out.
    pub matched: u64,
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
            matched: 0,
        }
    }
}

/// A log's bytes read front to back, plain or decompressed.
pub type ByteStream = Box<dyn Read + Send>;

/// A log opened for reading.
pub enum Input {
    /// A regular, uncompressed file: searched by offset, on every core.
    File(LogFile),
    /// Anything else, read front to back: a gzip file, a pipe, a FIFO, standard input.
    Stream(ByteStream),
}

/// Opens a log once: `-` is standard input; a regular file that is not gzip-compressed is read
/// by offset; gzip (known by its first bytes) is decompressed; what cannot seek is a stream.
pub fn open_log(path: &Path) -> Result<Input, ReadError> {
    open_member(path).map(|(input, _)| input)
}

/// [`open_log`], and for a regular gzip file the file itself as well, to be told by
/// [`super::summary::MemberKey`] without a second open that could find another file.
pub(super) fn open_member(path: &Path) -> Result<(Input, Option<File>), ReadError> {
    let err = |error| ReadError::new(path, error);
    if path.as_os_str() == STDIN {
        return sniff(Box::new(io::stdin()))
            .map(|src| (Input::Stream(src), None))
            .map_err(err);
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
        return sniff(Box::new(file))
            .map(|src| (Input::Stream(src), None))
            .map_err(err);
    }
    if is_gzip(&file).map_err(err)? {
        let reading = file.try_clone().map_err(err)?;
        let src = MultiGzDecoder::new(BufReader::new(reading));
        return Ok((Input::Stream(Box::new(src)), Some(file)));
    }
    LogFile::from_file(file, path)
        .map(|log| (Input::File(log), None))
        .map_err(err)
}

/// Whether a regular file begins as every gzip file does.
pub(super) fn is_gzip(file: &File) -> io::Result<bool> {
    let mut magic = [0u8; 2];
    let n = file.read_at(&mut magic, 0)?;
    Ok(magic[..n] == GZIP)
}

/// The first bytes of every gzip file.
const GZIP: [u8; 2] = [0x1f, 0x8b];

/// A stream with its first bytes looked at: decompressed when they say gzip.
fn sniff(mut src: ByteStream) -> io::Result<ByteStream> {
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
pub fn open(path: &Path) -> Result<ByteStream, ReadError> {
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
pub(super) fn sibling_names(name: &str) -> Regex {
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
/// entry cannot be read comes first, and is reported when it is read. A sibling and its `.gz`
/// both there (gzip at work) are the sibling alone.
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
    // While gzip compresses a rotated file, the file and its `.gz` both stand here, the `.gz`
    // not yet whole: gzip removes the file only once it is. The file is the one read.
    let names: Vec<PathBuf> = siblings.iter().map(|(_, p)| p.clone()).collect();
    siblings.retain(|(_, p)| {
        p.extension().is_none_or(|ext| ext != "gz") || !names.contains(&p.with_extension(""))
    });
    siblings.sort();
    let mut files: Vec<PathBuf> = siblings.into_iter().map(|(_, p)| p).collect();
    files.push(path.to_owned());
    Ok(files)
}

/// The first entry of a file, if it has one.
pub fn first_entry(path: &Path) -> Result<Option<Entry>, ReadError> {
    let err = |error| ReadError::new(path, error);
    let mut framer = Framer::new(open(path)?).reading_little();
    let file: Arc<Path> = Arc::from(path);
    while let Some(frame) = framer.next_frame().map_err(err)? {
        if let Ok(entry) = read_frame(&frame, &file) {
            return Ok(Some(entry));
        }
    }
    Ok(None)
}

/// The identity of a file by its content: the first 16 hexadecimal digits of SHA-256 of its
/// first line (of its first 64 KiB when that holds no line end). `None` while it holds less.
pub fn file_id(path: &Path) -> io::Result<Option<String>> {
    id_of_stream(open(path).map_err(|e| e.error)?)
}

/// [`file_id`] of a plain file already open, read where it stands whatever its name now holds.
pub fn file_id_of(file: &File) -> io::Result<Option<String>> {
    id_of_stream(ReadAt { file, pos: 0 })
}

/// [`file_id`] of a gzip file already open, decompressed where it stands.
pub(super) fn gzip_id_of(file: &File) -> io::Result<Option<String>> {
    id_of_stream(MultiGzDecoder::new(BufReader::with_capacity(
        4096,
        ReadAt { file, pos: 0 },
    )))
}

/// A file read by position, leaving the offset it shares with its clones alone.
struct ReadAt<'a> {
    file: &'a File,
    pos: u64,
}

impl Read for ReadAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// How much of a file's start its identity is read from.
const ID_BYTES: usize = 64 * 1024;

/// The identity of what `src` holds, read a little at a time up to its first line end, so that
/// a gzip file is decompressed no further than its first line, and one damaged after it (a
/// checksum that no longer matches) keeps its identity.
fn id_of_stream(mut src: impl Read) -> io::Result<Option<String>> {
    let mut head = Vec::with_capacity(4096);
    let mut step = [0u8; 4096];
    while head.len() < ID_BYTES && memchr::memchr(b'\n', &head).is_none() {
        let want = step.len().min(ID_BYTES - head.len());
        let n = match src.read(&mut step[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        head.extend_from_slice(&step[..n]);
    }
    Ok(id_of_head(&head))
}

fn id_of_head(head: &[u8]) -> Option<String> {
    let line = match memchr::memchr(b'\n', head) {
        Some(at) => &head[..=at],
        None if head.len() >= ID_BYTES => &head[..ID_BYTES],
        None => return None,
    };
    let digest = Sha256::digest(line);
    let first: [u8; 8] = digest[..8].try_into().ok()?;
    // The first eight bytes of the hash, in hexadecimal.
    Some(format!("{:016x}", u64::from_be_bytes(first)))
}

/// How many bytes a log holds, decompressed: a plain file's length without reading it, a gzip
/// file's by reading it through.
pub fn stream_len(path: &Path) -> io::Result<u64> {
    match open_log(path).map_err(|e| e.error)? {
        Input::File(log) => Ok(log.len()),
        Input::Stream(mut src) => io::copy(&mut src, &mut io::sink()),
    }
}
