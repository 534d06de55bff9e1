use super::*;

/// A reader that hands out at most `step` bytes a call, to cross every buffer boundary.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Every frame as (kind, text, line, lines, offset, len).
fn frames(input: &[u8], step: usize, max: usize) -> Vec<(Kind, String, u64, u64, u64, u64)> {
    let mut framer = Framer::new(Trickle { data: input, step }).with_max_entry(max);
    let mut out = Vec::new();
    while let Some(f) = framer.next_frame().unwrap() {
        let text = String::from_utf8_lossy(f.bytes).into_owned();
        out.push((f.kind, text, f.line, f.lines, f.offset, f.len));
    }
    out
}

const A: &str = "2026-11-02T10:00:00,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n";
const B1: &str = "2026-11-02T10:00:01,000 INFO  REQUEST: ./login - USER: root - PARAMS: - - COMMENT: first line\r\n";
const B2: &str = "second line - TIMESPENT: - - TICKET: -\r\n";
const JS1: &str = "2019-03-01 08:00:00,000 INFO  REQUEST: ./orders/add - USER: root - PARAMS: - - COMMENT: null\n";
const STRAY: &str = "stray text after a closed entry\n";

#[test]
fn cuts_entries_continuations_and_stray_lines() {
    let input = format!("{STRAY}{A}{B1}{B2}{STRAY}{JS1}more of the JS1 reason\n{A}");
    let want = vec![
        (Kind::Stray, STRAY.to_owned(), 1, 1, 0, 32),
        (Kind::Entry, A.to_owned(), 2, 1, 32, 112),
        (Kind::Entry, format!("{B1}{B2}"), 3, 2, 144, 135),
        (Kind::Stray, STRAY.to_owned(), 5, 1, 279, 32),
        (
            Kind::Entry,
            format!("{JS1}more of the JS1 reason\n"),
            6,
            2,
            311,
            116,
        ),
        (Kind::Entry, A.to_owned(), 8, 1, 427, 112),
    ];
    for step in [1, 7, 64, 1 << 20] {
        assert_eq!(frames(input.as_bytes(), step, 1 << 20), want, "step {step}");
    }
}

#[test]
fn a_last_line_without_newline_is_still_read() {
    let input = format!("{A}{}", A.trim_end());
    let got = frames(input.as_bytes(), 5, 1 << 20);
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[1],
        (
            Kind::Entry,
            A.trim_end().to_owned(),
            2,
            1,
            A.len() as u64,
            A.len() as u64 - 1
        )
    );
    assert!(frames(b"", 5, 1 << 20).is_empty());
}

#[test]
fn an_entry_over_the_cap_is_reported_and_skipped_in_bounded_steps() {
    let long = format!(
        "2026-11-02T10:00:02,000 INFO  REQUEST: ./x - USER: u - PARAMS: {{\"a\":\"{}\"}}",
        "z".repeat(5000)
    );
    let input = format!(
        "{A}{long}\nits open reason goes on\n{A}{STRAY}{}\n{A}",
        "y".repeat(3000)
    );
    let got = frames(input.as_bytes(), 100, 1000);
    let kinds: Vec<_> = got.iter().map(|f| (f.0, f.2, f.3, f.4, f.5)).collect();
    let a = A.len() as u64;
    let long_len = long.len() as u64 + 1 + 24;
    assert_eq!(
        kinds,
        vec![
            (Kind::Entry, 1, 1, 0, a),
            (Kind::TooLong, 2, 2, a, long_len),
            (Kind::Entry, 4, 1, a + long_len, a),
            (
                Kind::TooLong,
                5,
                2,
                2 * a + long_len,
                STRAY.len() as u64 + 3001
            ),
            (
                Kind::Entry,
                7,
                1,
                2 * a + long_len + STRAY.len() as u64 + 3001,
                a
            ),
        ]
    );
    assert_eq!(got[1].1, long[..256]);
    // Every byte is accounted for.
    assert_eq!(got.iter().map(|f| f.5).sum::<u64>(), input.len() as u64);
}

/// Ten million empty lines once made ten million reports and took a minute: a run of lines
/// that are not entries is one frame.
#[test]
fn a_run_of_stray_lines_is_one_frame() {
    let input = format!("\n\n{STRAY}\n{A}{STRAY}{STRAY}{STRAY}");
    let want = vec![
        (Kind::Stray, format!("\n\n{STRAY}\n"), 1, 4, 0, 35),
        (Kind::Entry, A.to_owned(), 5, 1, 35, 112),
        (Kind::Stray, STRAY.repeat(3), 6, 3, 147, 96),
    ];
    for step in [1, 7, 64, 1 << 20] {
        assert_eq!(frames(input.as_bytes(), step, 1 << 20), want, "step {step}");
    }
    // Without a line end at the end of the input.
    let input = format!("{STRAY}last");
    assert_eq!(
        frames(input.as_bytes(), 3, 1 << 20),
        vec![(Kind::Stray, input.clone(), 1, 2, 0, 36)]
    );
}

/// A source that breaks off after some bytes, as a truncated gzip member does.
struct Breaks<'a> {
    data: &'a [u8],
}

impl Read for Breaks<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.data.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "corrupt deflate stream",
            ));
        }
        let n = 10.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

#[test]
fn the_whole_lines_before_a_broken_source_are_read_and_then_the_error_says_where() {
    let input = format!("{A}{A}2026-11-02T10:00:02,000 INFO  REQUEST: ./lo");
    let mut framer = Framer::new(Breaks {
        data: input.as_bytes(),
    });
    let mut got = Vec::new();
    let error = loop {
        match framer.next_frame() {
            Ok(Some(f)) => got.push((f.kind, f.line, f.len)),
            Ok(None) => panic!("a broken source does not end quietly"),
            Err(e) => break e,
        }
    };
    assert_eq!(got, [(Kind::Entry, 1, 112), (Kind::Entry, 2, 112)]);
    assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
    assert_eq!(
        error.to_string(),
        "corrupt deflate stream: it breaks off after byte 224, in the middle of line 3 (43 bytes of it read)"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Bytes that look like logs: entry starts, markers, line ends, and anything at all.
    fn log_bytes() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(A.as_bytes().to_vec()),
            Just(B1.as_bytes().to_vec()),
            Just(B2.as_bytes().to_vec()),
            Just(JS1.as_bytes().to_vec()),
            Just(b"2026-11-02T10:00:00,000 ".to_vec()),
            Just(b" - TIMESPENT: ".to_vec()),
            Just(b" - TICKET: -".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            proptest::collection::vec(any::<u8>(), 0..40),
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// No input makes the framer panic, and every byte and every line of it is in exactly
        /// one frame, however it arrives and whatever the cap.
        #[test]
        fn every_byte_and_line_is_framed_once(data in log_bytes(), step in 1usize..70, max in 20usize..400) {
            let frames = frames(&data, step, max);
            let bytes: u64 = frames.iter().map(|f| f.5).sum();
            let lines: u64 = frames.iter().map(|f| f.3).sum();
            let newlines = data.iter().filter(|&&b| b == b'\n').count() as u64;
            let unended = u64::from(!data.is_empty() && !data.ends_with(b"\n"));
            prop_assert_eq!(bytes, data.len() as u64);
            prop_assert_eq!(lines, newlines + unended);
            let mut at = 0;
            for f in &frames {
                prop_assert_eq!(f.4, at);
                at += f.5;
            }
        }
    }
}
