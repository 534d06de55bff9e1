//! Reading objects logs (plain or gzip, see [`crate::objects`]): every line, or the report of
//! one that cannot be read; the objects given entries touched.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

use super::files::{ReadError, open};
use super::{HEAD_BYTES, Malformed};
use crate::entry::Origin;
use crate::objects::{ObjectsLine, Touched, parse_line};

/// What reading an objects log hands out: a line read, or the report of one that is not.
pub enum ObjectsRead {
    /// A line, and where it stands.
    Line(ObjectsLine, Origin),
    /// A line that cannot be read.
    Unreadable(Malformed),
}

/// Reads every line of the objects logs `paths`, in order, handing each to `each`.
pub fn read_objects(
    paths: &[impl AsRef<Path>],
    each: &mut dyn FnMut(ObjectsRead),
) -> Result<(), ReadError> {
    for path in paths {
        let path = path.as_ref();
        let file: Arc<Path> = Arc::from(path);
        let mut reader = BufReader::new(open(path)?);
        let mut buf = Vec::new();
        let (mut line, mut offset) = (0u64, 0u64);
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| ReadError::new(path, e))?;
            if n == 0 {
                break;
            }
            line += 1;
            let origin = Origin {
                file: Arc::clone(&file),
                line,
                offset,
            };
            offset += n as u64;
            let text = buf.strip_suffix(b"\n").unwrap_or(&buf);
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match std::str::from_utf8(text)
                .map_err(|_| None)
                .and_then(|t| parse_line(t).map_err(Some))
            {
                Ok(read) => each(ObjectsRead::Line(read, origin)),
                Err(why) => each(ObjectsRead::Unreadable(Malformed {
                    origin,
                    lines: 1,
                    why: why.map_or_else(|| "not UTF-8".to_owned(), |w| w.to_string()),
                    head: text[..text.len().min(HEAD_BYTES)].to_vec(),
                })),
            }
        }
    }
    Ok(())
}

/// The objects each of `ids` touched, from the objects logs `paths` (lines that cannot be
/// read go to `unreadable`).
pub fn objects_of(
    ids: &[u64],
    paths: &[impl AsRef<Path>],
    unreadable: &mut dyn FnMut(Malformed),
) -> Result<BTreeMap<u64, Vec<Touched>>, ReadError> {
    let mut found: BTreeMap<u64, Vec<Touched>> = BTreeMap::new();
    read_objects(paths, &mut |read| match read {
        ObjectsRead::Line(line, _) if ids.contains(&line.id) => {
            found.entry(line.id).or_default().extend(line.objects);
        }
        ObjectsRead::Line(..) => {}
        ObjectsRead::Unreadable(m) => unreadable(m),
    })?;
    Ok(found)
}
