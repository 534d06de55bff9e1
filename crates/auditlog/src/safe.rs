//! Text made safe to show: which characters could break a line, move a terminal's cursor,
//! reorder what is shown or hide in it, and the visible stand-ins that replace them. Everything
//! from a log that reaches a terminal, and every reason written on a line, passes through here.

use std::borrow::Cow;

/// Whether a character could break a line, move the terminal's cursor, reorder what is shown
/// or hide in it: C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the
/// format characters (Unicode's category Cf: the bidirectional controls, zero-width spaces and
/// joiners, the byte order mark, invisible operators and tags).
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}')
        || is_format_char(c)
        || is_blank_char(c)
}

/// Whether a character is one Unicode says to ignore in display (Default_Ignorable_Code_Point)
/// that is not a format character and not a variation selector: the combining grapheme joiner,
/// the Hangul fillers, Khmer's inherent vowels, Mongolian's free variation selectors. They
/// take no room, so `r\u{34f}oot` shows as `root`.
pub fn is_blank_char(c: char) -> bool {
    matches!(
        c,
        '\u{34f}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180b}'
            ..='\u{180d}' | '\u{180f}' | '\u{3164}' | '\u{ffa0}'
    )
}

/// Whether a character only selects how the one before it is drawn (an emoji's colour form,
/// say): harmless in a reason, but no part of a name.
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}')
}

/// Whether a character is in Unicode's category Cf (format), as of Unicode 15.1. These take no
/// room on the screen, so `ro\u{200b}ot` shows as `root`.
pub fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}'
        | '\u{890}'..='\u{891}' | '\u{8e2}' | '\u{180e}' | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{110bd}' | '\u{110cd}'
        | '\u{13430}'..='\u{1343f}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0001}' | '\u{e0020}'..='\u{e007f}')
}

/// Where the first unsafe character (see [`is_unsafe_char`]) of `text` begins. Printable ASCII
/// is passed over byte by byte; only the other bytes are decoded.
pub fn find_unsafe(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(skip) = bytes[from..]
        .iter()
        .position(|b| !(b' '..=b'~').contains(b))
    {
        let at = from + skip;
        let c = text[at..].chars().next()?;
        if is_unsafe_char(c) {
            return Some(at);
        }
        from = at + c.len_utf8();
    }
    None
}

/// The visible stand-in for an unsafe character: its Unicode control picture (`␊` for a line
/// feed, `␛` for ESC, `␡` for DEL), or `�` where Unicode has none.
fn escape_mark(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

pub(crate) fn is_escape_mark(c: char) -> bool {
    matches!(c, '\u{2400}'..='\u{2421}' | '\u{fffd}')
}

/// Text made safe for one line and a terminal: every unsafe character replaced by its visible
/// stand-in. Borrows when there is nothing to replace.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if find_unsafe(text).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_unsafe_char(c) { escape_mark(c) } else { c })
            .collect(),
    )
}

/// A file's name as text safe for a terminal: bytes that are not UTF-8 as `�`, and control
/// and format characters as their visible stand-ins (see [`one_line`]).
pub fn safe_path(path: &std::path::Path) -> String {
    one_line(&path.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_makes_every_unsafe_character_visible() {
        assert_eq!(one_line("plain – ünïcödé 🚀"), "plain – ünïcödé 🚀");
        assert!(matches!(one_line("plain"), Cow::Borrowed(_)));
        assert_eq!(one_line("a\nb\r\tc\u{1b}[31m\u{7f}"), "a␊b␍␉c␛[31m␡");
        assert_eq!(
            one_line("x\u{2028}y\u{202e}z\u{85}"),
            "x\u{fffd}y\u{fffd}z\u{fffd}"
        );
    }

    #[test]
    fn the_first_unsafe_character_is_found_past_safe_unicode() {
        assert_eq!(find_unsafe("plain ascii ~"), None);
        assert_eq!(find_unsafe("紧急修复 – ünïcödé 🚀 \u{a0}"), None);
        assert_eq!(find_unsafe(""), None);
        assert_eq!(find_unsafe("ab\u{7f}"), Some(2));
        assert_eq!(find_unsafe("\u{1b}[31m"), Some(0));
        assert_eq!(find_unsafe("紧急\u{2028}x\n"), Some(6));
        assert_eq!(find_unsafe("é\u{85}"), Some(2));
        assert_eq!(find_unsafe("🚀\u{202e}"), Some(4));
        assert_eq!(find_unsafe("x\u{61c}"), Some(1));
        // Every character from NUL to past the bidirectional controls, against the rule itself.
        for c in ('\0'..='\u{2100}').chain(['\u{fffd}', '\u{1F600}']) {
            let text = format!("ok {c}");
            assert_eq!(find_unsafe(&text), is_unsafe_char(c).then_some(3), "{c:?}");
        }
    }
}
