//! Cutting bytes into entries, whatever the bytes and however they arrive: every byte and every
//! line belongs to exactly one frame, a frame is never longer than the cap unless it is
//! reported as too long, and the frames are the same whether the bytes come in pieces or whole
//! (an entry whose body holds a reason with line breaks reaches as far in both).
#![no_main]

use std::io::{self, Read};

use auditlog::scan::{Framer, Kind, Scan};
use libfuzzer_sys::fuzz_target;

/// Hands out the input in the pieces its first byte sets.
struct Pieces<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&first, data)) = input.split_first() else {
        return;
    };
    let step = usize::from(first % 64) + 1;
    let max = 64 + usize::from(first) * 4;
    let frames = |step: usize| {
        let mut framer = Framer::new(Pieces { data, step }).with_max_entry(max);
        let mut all = Vec::new();
        while let Some(frame) = framer.next_frame().unwrap() {
            all.push((frame.kind, frame.offset, frame.len, frame.lines));
        }
        all
    };
    // Past the cap, what a piece holds decides when an entry is given up as too long; below
    // it, the pieces must not matter.
    let (pieces, whole) = (frames(step), frames(data.len().max(1)));
    let too_long = |f: &[(Kind, u64, u64, u64)]| f.iter().any(|x| x.0 == Kind::TooLong);
    if !too_long(&pieces) && !too_long(&whole) {
        assert_eq!(pieces, whole);
    }
    let mut framer = Framer::new(Pieces { data, step }).with_max_entry(max);
    let (mut bytes, mut lines, mut offset, mut line) = (0u64, 0u64, 0u64, 1u64);
    while let Some(frame) = framer.next_frame().unwrap() {
        assert_eq!(frame.offset, offset);
        assert_eq!(frame.line, line);
        assert!(frame.len > 0 && frame.lines > 0);
        if frame.kind != Kind::TooLong {
            assert!(frame.len as usize <= max);
            assert_eq!(frame.bytes.len() as u64, frame.len);
        }
        bytes += frame.len;
        lines += frame.lines;
        offset += frame.len;
        line += frame.lines;
    }
    assert_eq!(bytes, data.len() as u64);
    let newlines = data.iter().filter(|&&b| b == b'\n').count() as u64;
    let unended = u64::from(!data.is_empty() && !data.ends_with(b"\n"));
    assert_eq!(lines, newlines + unended);
    let src = Box::new(io::Cursor::new(data.to_vec()));
    let mut scan = Scan::of_source(src, std::path::Path::new("fuzz.log"));
    while scan.next_event().unwrap().is_some() {}
});
