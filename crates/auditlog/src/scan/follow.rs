//! Following a log as it grows, as `tail -F` does: every entry appended since the last look,
//! and only whole ones. A line still being written, or an entry whose reason may go on on the
//! next line, waits until it is complete. When the file is renamed away and a new one created,
//! the old file is read to its end before the new one is read from its start; when the file is
//! truncated, it is read again from the top.
//!
//! logrotate renames a log without its lock, so a writer that found the name still holding the
//! file may write its line there just after the rename. The old file is read to its end under
//! once a shared lock on it was had after the rename was seen: a writer holding the lock then
//! has finished, and one that takes it later finds the new file at the name
//! ([`crate::append::locked`]).
//!
//! Nothing here waits or reads the clock: the caller says when to look.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::frame::{Cut, Frame, Kind, MAX_ENTRY_BYTES, cut};
use super::item::{self, Found, read_frame};
use super::plan::{Hit, Keep};
use super::seek::LogFile;
use crate::format;
use crate::query::Query;
use crate::reference::RefCounter;
use crate::stamp::{Stamp, looks_like_stamp};

/// What following found.
#[derive(Debug)]
pub enum Followed {
    /// A matching entry, or lines that are not an entry.
    Hit(Hit),
    /// The file was renamed away and a new one is read from its start.
    Rotated,
    /// The file shrank: it is read again from its start.
    Truncated,
}

/// A log being followed.
pub struct Follower {
    path: PathBuf,
    name: Arc<Path>,
    file: Option<(File, (u64, u64))>,
    pos: u64,
    line: u64,
    pending: Vec<u8>,
    refs: RefCounter,
    /// Whether the last entry handed out leaves its reason open (see [`format::left_open`]).
    open: bool,
    /// The last frame handed out of the file open now: its offset and bytes.
    last: Option<(u64, Vec<u8>)>,
    /// The identity of what the file open now holds (see [`super::file_id`]), read once a
    /// frame of it is handed out: after a truncation the file itself no longer says.
    id: Option<String>,
    /// When the file last grew.
    grew: std::time::Instant,
    /// The bytes just before where reading stands, and their offset: to tell a file cut and
    /// written again past there from one that grew.
    witness: Option<(u64, Vec<u8>)>,
}

/// How many bytes before where reading stands witness that the file is the one read.
const WITNESS: u64 = 64;

/// Where what was read ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    /// More may come.
    More,
    /// More may come, but nothing came for [`SETTLE`].
    Settled,
    /// Nothing more comes: the file was replaced.
    Here,
}

/// Whether the entry `data` begins with has a body that says its reason goes on past `data`.
fn body_waits(data: &[u8]) -> bool {
    memchr::memchr(b'\n', data).is_some_and(|first| {
        matches!(
            crate::format::body_reach(data, first + 1, false),
            crate::format::Reach::More
        )
    })
}

/// How long whole lines that may still be an entry's beginning wait for more before they are
/// handed out as they stand: an entry of JobScheduler 1.x, or one cut short, has no tail that
/// says it is whole.
pub const SETTLE: std::time::Duration = std::time::Duration::from_secs(1);

impl Follower {
    /// Follows `path` from byte `pos`, the start of line `line` (0 when not known), with
    /// `refs` having seen the entries before it.
    pub fn new(path: &Path, pos: u64, line: u64, refs: RefCounter) -> Follower {
        Follower {
            path: path.to_owned(),
            name: Arc::from(path),
            file: None,
            pos,
            line,
            pending: Vec::new(),
            refs,
            open: false,
            last: None,
            id: None,
            grew: std::time::Instant::now(),
            witness: None,
        }
    }

    /// The file followed, and where in it the frames handed out end: what is read next starts
    /// there.
    pub fn position(&self) -> (&Path, u64) {
        (&self.path, self.pos - self.pending.len() as u64)
    }

    /// Where reading stands, as a cursor names it: the identity and inode of the file open
    /// now, and the last frame handed out of it (its offset and bytes). `None` before a frame
    /// of this file was handed out. On [`Followed::Rotated`] and [`Followed::Truncated`] it
    /// still names what was read before.
    pub fn last_frame(&self) -> Option<(&str, u64, u64, &[u8])> {
        let (_, (_, ino)) = self.file.as_ref()?;
        let (offset, bytes) = self.last.as_ref()?;
        Some((self.id.as_deref()?, *ino, *offset, bytes))
    }

    /// Reads what was appended since the last look and hands out every whole entry that
    /// matches, and every line that is not an entry, until `out` says to stop.
    pub fn poll<B>(
        &mut self,
        query: &Query,
        keep: Keep,
        out: &mut dyn FnMut(Followed) -> ControlFlow<B>,
    ) -> io::Result<ControlFlow<B>> {
        if !self.open()? {
            return Ok(ControlFlow::Continue(()));
        }
        let Some(replaced) = self.read_appended()? else {
            // Said first, while the last frame still names what was read.
            if let ControlFlow::Break(b) = out(Followed::Truncated) {
                return Ok(ControlFlow::Break(b));
            }
            self.restart();
            return self.poll(query, keep, out);
        };
        // A replaced file gets no more lines: what it holds is complete. Whole lines that
        // waited SETTLE for more are taken as they stand.
        let settled = self.pending.ends_with(b"\n") && self.grew.elapsed() >= SETTLE;
        let ends = match (replaced, settled) {
            (true, _) => End::Here,
            (false, true) => End::Settled,
            (false, false) => End::More,
        };
        if let ControlFlow::Break(b) = self.hand_out(ends, query, keep, out) {
            return Ok(ControlFlow::Break(b));
        }
        if replaced {
            if let ControlFlow::Break(b) = out(Followed::Rotated) {
                return Ok(ControlFlow::Break(b));
            }
            self.file = None;
            self.restart();
            return self.poll(query, keep, out);
        }
        Ok(ControlFlow::Continue(()))
    }

    /// Opens the file at the path unless one is open; whether one is. Opening does not wait
    /// on a FIFO put in the log's place; only a regular file is followed, and anything else
    /// is looked at again later, as a name not there yet.
    fn open(&mut self) -> io::Result<bool> {
        if self.file.is_some() {
            return Ok(true);
        }
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(nix::libc::O_NONBLOCK)
            .open(&self.path);
        match opened {
            Ok(file) => {
                let meta = file.metadata()?;
                if meta.is_file() {
                    self.file = Some((file, (meta.dev(), meta.ino())));
                }
                Ok(meta.is_file())
            }
            // Not there yet, or gone between a rename and the new file: look again later.
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Whether the path holds another file now, and no writer of ours can still write to
    /// the one open. A writer still writing to the renamed file holds its lock: look again
    /// later. Once the lock was had, no writer of ours writes to it again. Where files cannot
    /// be locked, what the file holds now is taken as complete.
    fn replaced(path: &Path, file: &File, identity: (u64, u64)) -> io::Result<bool> {
        let replaced = match std::fs::metadata(path) {
            Ok(meta) => (meta.dev(), meta.ino()) != identity,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        Ok(replaced
            && match file.try_lock_shared() {
                Ok(()) => {
                    let _ = file.unlock();
                    true
                }
                Err(std::fs::TryLockError::WouldBlock) => false,
                Err(std::fs::TryLockError::Error(_)) => true,
            })
    }

    /// Reads what was appended to the file open; whether it was replaced at its path (and so
    /// is now read whole), or `None` when it was cut.
    fn read_appended(&mut self) -> io::Result<Option<bool>> {
        let Some((file, identity)) = self.file.as_mut() else {
            return Ok(Some(false));
        };
        // Whether the name now holds another file is asked first, so that whatever was
        // written to the old one before it was renamed is read below.
        let replaced = Self::replaced(&self.path, file, *identity)?;
        let len = file.metadata()?.len();
        // Cut and written again past where reading stands (logrotate's copytruncate with a
        // busy writer): the bytes read last are no longer where they were.
        let rewritten = match &self.witness {
            Some((offset, bytes)) if len >= self.pos => {
                let mut now = vec![0u8; bytes.len()];
                file.read_exact_at(&mut now, *offset).is_err() || now != *bytes
            }
            _ => false,
        };
        if len < self.pos || rewritten {
            return Ok(None);
        }
        if len > self.pos {
            file.seek(SeekFrom::Start(self.pos))?;
            let read = file.take(len - self.pos).read_to_end(&mut self.pending)?;
            self.pos += read as u64;
            self.grew = std::time::Instant::now();
        }
        if self.pos > 0
            && self
                .witness
                .as_ref()
                .is_none_or(|(at, w)| at + w.len() as u64 != self.pos)
        {
            let from = self.pos.saturating_sub(WITNESS);
            let mut bytes = vec![0u8; (self.pos - from) as usize];
            // A file cut in the meantime has no witness yet; the next look sees the cut.
            self.witness = file
                .read_exact_at(&mut bytes, from)
                .is_ok()
                .then_some((from, bytes));
        }
        Ok(Some(replaced))
    }

    fn restart(&mut self) {
        self.pos = 0;
        self.line = 1;
        self.pending.clear();
        // The file that replaced the one followed goes on in time from where it ended.
        self.refs.new_file();
        self.open = false;
        self.last = None;
        self.id = None;
        self.witness = None;
    }

    /// Hands out the whole frames at the front of what was read; with `eof`, all of it.
    fn hand_out<B>(
        &mut self,
        ends: End,
        query: &Query,
        keep: Keep,
        out: &mut dyn FnMut(Followed) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        let mut at = 0;
        let start = self.pos - self.pending.len() as u64;
        // The last frame handed out in this look: its start and length in `pending`.
        let mut last = None;
        while at < self.pending.len() {
            let data = &self.pending[at..];
            let Some((kind, len, lines)) = next_frame(data, ends) else {
                break;
            };
            let frame = Frame {
                kind,
                bytes: &data[..len],
                line: self.line,
                lines,
                offset: start + at as u64,
                len: len as u64,
            };
            let (doubt, hit) = judge(&mut self.refs, &mut self.open, &self.name, &frame, query);
            if let Some(doubt) = doubt
                && let ControlFlow::Break(b) = out(Followed::Hit(Hit::Malformed(doubt)))
            {
                self.consume(at, last, start);
                return ControlFlow::Break(b);
            }
            let hit = hit.map(|hit| match hit {
                Hit::Found(mut found) if keep.raw => {
                    found.raw = frame.bytes.to_vec();
                    Hit::Found(found)
                }
                hit => hit,
            });
            if self.line > 0 {
                self.line += lines;
            }
            last = Some((at, len));
            at += len;
            if let Some(hit) = hit
                && let ControlFlow::Break(b) = out(Followed::Hit(hit))
            {
                self.consume(at, last, start);
                return ControlFlow::Break(b);
            }
        }
        self.consume(at, last, start);
        ControlFlow::Continue(())
    }

    /// Drops the first `at` bytes of what was read, handed out; remembers the last frame among
    /// them (its start and length there), which begins `start` bytes into the file.
    fn consume(&mut self, at: usize, last: Option<(usize, usize)>, start: u64) {
        if let Some((from, len)) = last {
            self.last = Some((start + from as u64, self.pending[from..from + len].to_vec()));
            if self.id.is_none()
                && let Some((file, _)) = self.file.as_ref()
            {
                // Without it no cursor names this file yet; the next look asks again.
                self.id = super::file_id_of(file).ok().flatten();
            }
        }
        self.pending.drain(..at);
    }
}

/// The frame `data` begins with: its kind, length and lines, or `None` while it may still
/// grow. Whole lines that waited long enough are taken as they stand, unless a body says its
/// reason goes on.
fn next_frame(data: &[u8], ends: End) -> Option<(Kind, usize, u64)> {
    let cut = match cut(data, ends == End::Here, MAX_ENTRY_BYTES) {
        Cut::More if ends == End::Settled && !body_waits(data) => cut(data, true, MAX_ENTRY_BYTES),
        cut => cut,
    };
    match cut {
        Cut::Frame { kind, len, lines } => Some((kind, len, lines)),
        Cut::Long { held, lines } => Some((Kind::TooLong, held, lines)),
        Cut::More => None,
    }
}

/// What a frame is to the query: a doubt to say first (an entry that may be the rest of the
/// reason before it), and a hit, without its raw bytes. Every entry is counted, matching or
/// not; `open` says whether the entry before left its reason open, and is set for the next.
fn judge(
    refs: &mut RefCounter,
    open: &mut bool,
    name: &Arc<Path>,
    frame: &Frame,
    query: &Query,
) -> (Option<item::Malformed>, Option<Hit>) {
    let stamp = match frame.kind {
        Kind::Entry => Stamp::parse_prefix(frame.bytes).map(|(stamp, _)| stamp),
        _ => None,
    };
    let counted = stamp.map(|stamp| refs.count(stamp));
    let left_open = std::mem::replace(
        open,
        frame.kind == Kind::Entry && format::left_open(frame.bytes),
    );
    match (read_frame(frame, name), counted) {
        (Ok(entry), Some((reference, instant)))
            if query.matches_at(&entry.view(), frame.bytes, Some(instant)) =>
        {
            let doubt = left_open.then(|| item::doubt(name, frame.line, frame.offset, frame.bytes));
            let found = Found {
                entry,
                reference,
                instant,
                raw: Vec::new(),
            };
            (doubt, Some(Hit::Found(Box::new(found))))
        }
        (Ok(_), _) => (None, None),
        (Err(m), _) => (None, Some(Hit::Malformed(m))),
    }
}

/// Where the whole entries of a log end: before a last line still being written, or a last
/// entry whose reason may still go on while the file was written in the last [`SETTLE`].
/// Following starts there.
pub fn whole_entries_end(log: &LogFile) -> io::Result<u64> {
    let len = log.len();
    let from = len.saturating_sub(MAX_ENTRY_BYTES as u64);
    let mut tail = vec![0u8; (len - from) as usize];
    std::os::unix::fs::FileExt::read_exact_at(log.file(), &mut tail, from)?;
    // Whole lines end at the last newline; a line after it is still being written.
    let whole_lines = from + tail.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) as u64;
    // The last entry starts at the last line that begins with a stamp.
    let last_entry = memchr::memrchr_iter(b'\n', &tail)
        .map(|nl| nl + 1)
        .chain((from == 0).then_some(0))
        .find(|&at| looks_like_stamp(&tail[at..]));
    // A file that has not grown for SETTLE is not being written: its last entry stands.
    let settled = log
        .file()
        .metadata()?
        .modified()?
        .elapsed()
        .is_ok_and(|quiet| quiet >= SETTLE);
    Ok(match last_entry {
        Some(at)
            if !settled
                && !matches!(cut(&tail[at..], false, MAX_ENTRY_BYTES), Cut::Frame { .. }) =>
        {
            from + at as u64
        }
        _ => whole_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Zone;

    fn entry(reason: &str) -> String {
        format!(
            "2026-12-07T05:10:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: {{}} - COMMENT: {reason} - TIMESPENT: - - TICKET: -\n"
        )
    }

    /// Polls once and says what came: reasons, and `rotated` where the file was left.
    fn look(follower: &mut Follower, zone: Zone) -> Vec<String> {
        let mut got = Vec::new();
        let query = Query::all(zone);
        let flow = follower.poll(&query, Keep::default(), &mut |followed| {
            got.push(match followed {
                Followed::Hit(Hit::Found(found)) => found.entry.comment.unwrap_or_default(),
                Followed::Hit(Hit::Malformed(m)) => format!("malformed {m:?}"),
                Followed::Rotated => "rotated".to_owned(),
                Followed::Truncated => "truncated".to_owned(),
            });
            ControlFlow::<()>::Continue(())
        });
        assert!(flow.unwrap().is_continue());
        got
    }

    #[test]
    fn a_line_written_to_the_renamed_file_after_the_rename_is_not_lost() {
        // logrotate renames the log without its lock: a writer that found the name still
        // holding the file, under the lock, writes its line there after the rename.
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.log");
        let append = |path: &Path, reason: &str| {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(path)
                .unwrap();
            file.write_all(entry(reason).as_bytes()).unwrap();
        };
        append(&log, "first");
        let zone = Zone::parse("UTC").unwrap();
        let mut follower = Follower::new(&log, 0, 1, RefCounter::new(zone));
        assert_eq!(look(&mut follower, zone), ["first"]);
        let writer = crate::append::locked(&log).unwrap();
        let rotated = dir.path().join("audit.log-1");
        std::fs::rename(&log, &rotated).unwrap();
        append(&log, "new");
        assert_eq!(look(&mut follower, zone), Vec::<String>::new());
        append(&rotated, "late");
        drop(writer);
        assert_eq!(look(&mut follower, zone), ["late", "rotated", "new"]);
    }
}
