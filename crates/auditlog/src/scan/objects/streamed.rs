//! The objects logs read as the entries need them, by ID, on a thread of their own: JOC
//! writes an entry's line of the objects log as it writes the entry, so the IDs come in about
//! the order of the entries', and only those near the entries being compared are held.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread::JoinHandle;

use super::{ObjectsRead, read_objects};
use crate::objects::Touched;
use crate::scan::{Malformed, ReadError};

/// How far behind and ahead of the ID asked for the objects are held: entries come out of the
/// order of their IDs by a few, as requests run side by side.
pub const SLACK: u64 = 1024;

/// The objects logs, read ahead of the IDs asked for (see the module's text).
pub struct Streamed {
    rx: Receiver<(u64, Vec<Touched>)>,
    held: BTreeMap<u64, Vec<Touched>>,
    /// The largest ID read, and whether every line is.
    last: Option<u64>,
    done: bool,
    thread: Option<JoinHandle<Result<(), ReadError>>>,
    /// The most IDs held at once.
    #[cfg(test)]
    peak: usize,
}

impl Streamed {
    /// Starts reading `paths`, in order; a line that cannot be read goes to `unreadable`, on
    /// the reading thread.
    pub fn new(paths: Vec<PathBuf>, mut unreadable: Box<dyn FnMut(Malformed) + Send>) -> Streamed {
        let (tx, rx) = sync_channel(256);
        let thread = std::thread::spawn(move || {
            let mut gone = false;
            read_objects(&paths, &mut |read| match read {
                ObjectsRead::Line(line, _) if !gone => {
                    gone = tx.send((line.id, line.objects)).is_err();
                }
                ObjectsRead::Line(..) => {}
                ObjectsRead::Unreadable(m) => unreadable(m),
            })
        });
        Streamed {
            rx,
            held: BTreeMap::new(),
            last: None,
            done: false,
            thread: Some(thread),
            #[cfg(test)]
            peak: 0,
        }
    }

    /// The objects the lines of `id` name, together; `None` when no line of it was read within
    /// [`SLACK`] of the IDs asked for before.
    pub fn get(&mut self, id: u64) -> Result<Option<Vec<Touched>>, ReadError> {
        while !self.done && self.last.is_none_or(|last| last < id.saturating_add(SLACK)) {
            match self.rx.recv() {
                Ok((read, objects)) => {
                    // Lines far behind the ID asked for are passed over as they are read, so
                    // that an objects log of other IDs is never held whole.
                    if read >= id.saturating_sub(SLACK) {
                        self.held.entry(read).or_default().extend(objects);
                    }
                    #[cfg(test)]
                    {
                        self.peak = self.peak.max(self.held.len());
                    }
                    self.last = Some(self.last.map_or(read, |l| l.max(read)));
                }
                Err(_) => self.end()?,
            }
        }
        let found = self.held.get(&id).cloned();
        // What lies far behind is let go.
        self.held = self.held.split_off(&id.saturating_sub(SLACK));
        Ok(found)
    }

    /// Reads the rest, so that every line that cannot be read is said.
    pub fn finish(mut self) -> Result<(), ReadError> {
        while !self.done {
            if self.rx.recv().is_err() {
                self.end()?;
            }
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), ReadError> {
        self.done = true;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(read)) => read,
            // The reading thread panicked: a bug, said as a read that failed.
            Some(Err(_)) => Err(ReadError::new(
                std::path::Path::new("the objects log"),
                std::io::Error::other("its reading thread stopped"),
            )),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_objects_of_an_id_come_as_asked_and_only_those_near_are_held() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit-objects.log");
        // IDs 1 to 20,000, 6 and 5 swapped, ID 7 on two lines, and a line that cannot be read.
        let mut text = String::new();
        for id in 1..=20_000u64 {
            let id = match id {
                5 => 6,
                6 => 5,
                id => id,
            };
            text += &format!("{{\"id\":{id},\"objects\":[{{\"workflow\":\"w{id}\"}}]}}\n");
            if id == 7 {
                text += "{\"id\":7,\"objects\":[{\"lock\":\"l7\"}]}\n{\"id\":8,\"obj\n";
            }
        }
        std::fs::write(&path, text).unwrap();
        let said = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let told = said.clone();
        let mut streamed = Streamed::new(
            vec![path.clone()],
            Box::new(move |m| told.lock().unwrap().push(m.origin.line)),
        );
        let names = |found: Option<Vec<Touched>>| {
            found.map(|objects| objects.iter().map(Touched::label).collect::<Vec<_>>())
        };
        // Asked first for an ID past them all: every line is read, none held.
        let mut ahead = Streamed::new(vec![path.clone()], Box::new(|_| {}));
        assert_eq!(names(ahead.get(1_000_000).unwrap()), None);
        assert_eq!(ahead.peak, 0);
        ahead.finish().unwrap();
        assert_eq!(
            names(streamed.get(5).unwrap()),
            Some(vec!["workflow w5".to_owned()])
        );
        assert_eq!(
            names(streamed.get(6).unwrap()),
            Some(vec!["workflow w6".to_owned()])
        );
        assert_eq!(
            names(streamed.get(7).unwrap()),
            Some(vec!["workflow w7".to_owned(), "lock l7".to_owned()])
        );
        assert_eq!(names(streamed.get(20_001).unwrap()), None);
        assert!(
            streamed.held.len() as u64 <= 2 * SLACK + 1,
            "{}",
            streamed.held.len()
        );
        // Far behind what was asked last: let go.
        assert_eq!(names(streamed.get(9).unwrap()), None);
        streamed.finish().unwrap();
        assert_eq!(*said.lock().unwrap(), [9]);
    }
}
