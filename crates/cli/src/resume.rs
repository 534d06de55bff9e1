//! What `list`, `tail` and `export` share to read on from a cursor (`--cursor-file`): the log's
//! files, where reading starts, and the cursor saved once the output is out.

use std::path::PathBuf;

use anyhow::{Result, bail};
use auditlog::query::Query;
use auditlog::scan::{STDIN, rotated_set};
use auditlog::search::cursor::{Cursor, Start, resume};
use auditlog::search::{After, Keep};

use crate::cli::CursorArgs;
use crate::context::Context;
use crate::output::warn;

/// Reading on from a cursor.
pub struct Resume {
    path: PathBuf,
    show: bool,
    log: PathBuf,
    rotated: bool,
    files: Vec<PathBuf>,
    start: Start,
    cursor: Option<Cursor>,
    moved: bool,
}

impl Resume {
    /// Where reading after the cursor in `--cursor-file` starts; `None` without one. What the
    /// cursor turned out to be (its file rewritten, or gone) is said on standard error.
    pub fn new(args: &CursorArgs, ctx: &Context) -> Result<Option<Resume>> {
        let Some(path) = &args.cursor_file else {
            return Ok(None);
        };
        let log = ctx.single_file("reads on from a cursor in")?;
        if log.as_os_str() == STDIN {
            bail!(
                "a cursor names a place in a log file: name one with --file PATH, not standard input"
            );
        }
        let mut resumed = Resume {
            path: path.clone(),
            show: args.show_cursor,
            log: log.clone(),
            rotated: ctx.rotated,
            files: Vec::new(),
            start: Start::default(),
            cursor: Cursor::load(path)?,
            moved: false,
        };
        resumed.again()?;
        Ok(Some(resumed))
    }

    /// Finds the log's files again, and where the cursor stands among them: after a rotation
    /// or a truncation, what was written after the cursor may be in a rotated file.
    pub fn again(&mut self) -> Result<()> {
        self.files = if self.rotated {
            rotated_set(&self.log)?
        } else {
            vec![self.log.clone()]
        };
        let (start, note) = resume(&self.files, self.cursor.as_ref())?;
        if let Some(note) = note {
            warn(note)?;
        }
        self.start = start;
        Ok(())
    }

    /// Whether the cursor is looked for among rotated files too (`--rotated`).
    pub fn rotated(&self) -> bool {
        self.rotated
    }

    /// The entries after the cursor, as a source: keeping what `keep` says, at most `limit`.
    /// Once read, [`Resume::moved_to`] moves the cursor on to the last frame read.
    pub fn after<'a>(&'a self, query: &'a Query, keep: Keep, limit: Option<u64>) -> After<'a> {
        let mut after = After::new(&self.files, self.start, query, keep);
        after.limit = limit;
        after
    }

    /// Moves the cursor on to `reached`, the last frame read (nothing, when none was).
    pub fn moved_to(&mut self, reached: Option<Cursor>) {
        if let Some(last) = reached {
            self.cursor = Some(last);
            self.moved = true;
        }
    }

    /// The cursor read on from.
    pub fn cursor(&self) -> Option<&Cursor> {
        self.cursor.as_ref()
    }

    /// Moves the cursor on to where following a log stands, and saves it when it moved.
    pub fn follows(&mut self, cursor: Option<&Cursor>) -> Result<()> {
        if let Some(cursor) = cursor
            && self.cursor.as_ref() != Some(cursor)
        {
            self.cursor = Some(cursor.clone());
            self.moved = true;
        }
        self.save()
    }

    /// The files read: the log, after its rotated files with --rotated.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Saves the cursor, when it moved, once the output is out; with `--show-cursor`, prints
    /// it on standard error.
    pub fn save(&mut self) -> Result<()> {
        if self.moved
            && let Some(cursor) = &self.cursor
        {
            cursor.save(&self.path)?;
            self.moved = false;
        }
        Ok(())
    }

    /// Prints the cursor on standard error, when `--show-cursor` asks.
    pub fn show(&self) -> Result<()> {
        if self.show {
            let text = match &self.cursor {
                Some(cursor) => format!("cursor: {cursor}\n"),
                None => "cursor: none yet (nothing read)\n".to_owned(),
            };
            std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes())?;
        }
        Ok(())
    }
}
