//! The entry parser, on any text: it never panics, a view and an entry agree, and text made
//! safe for one line holds nothing unsafe.
#![no_main]

use auditlog::format::{parse, parse_head, parse_view};
use auditlog::safe::{find_unsafe, is_unsafe_char, one_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = auditlog::format::entry_text(data);
    let whole = parse(&text);
    let view = parse_view(&text);
    assert_eq!(whole.is_ok(), view.is_ok());
    if let (Ok(entry), Ok(view)) = (&whole, &view) {
        assert_eq!(&view.to_entry(), entry);
        let _ = entry.controller();
        let _ = entry.workflows();
        let _ = entry.category();
    }
    if let Ok(head) = parse_head(&text) {
        let _ = head.finish();
    }
    assert_eq!(find_unsafe(&text).is_some(), text.chars().any(is_unsafe_char));
    assert!(!one_line(&text).chars().any(is_unsafe_char));
});
