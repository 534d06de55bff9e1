//! Values as people read them: times, durations, words a shell reads as they are.

use auditlog::Stamp;
use auditlog::json::iso8601;

/// `2021-08-03 02:54:43.440`, with the offset when the stamp had one.
pub fn created(stamp: Stamp) -> String {
    iso8601(stamp).replacen('T', " ", 1)
}

/// A duration as people read it: `850ms`, `3.5s`, `4m 12s`, `2h 5m`.
pub fn human(ms: u64) -> String {
    match ms {
        0..1000 => format!("{ms}ms"),
        1000..60_000 => format!("{:.1}s", ms as f64 / 1000.0),
        60_000..3_600_000 => format!("{}m {}s", ms / 60_000, ms / 1000 % 60),
        _ => format!("{}h {}m", ms / 3_600_000, ms / 60_000 % 60),
    }
}

/// A word a shell reads as it is: quoted when it holds anything but plain characters.
pub fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
