//! Spans of time as people write them: durations (`90s`, `1h30m`) and time spent in minutes
//! (`15m`, `2h`).

/// Reads a duration: `90s`, `5m`, `2h`, `1d`, or several together (`1h30m`); a bare number
/// is seconds.
pub fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let text = text.trim();
    if let Some(secs) = parse_digits(text) {
        return Some(std::time::Duration::from_secs(u64::from(secs)));
    }
    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let number = u64::from(parse_digits(&rest[..digits])?);
        let unit_len = rest[digits..]
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len() - digits);
        let unit = match &rest[digits..digits + unit_len] {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => return None,
        };
        total = total.checked_add(number.checked_mul(unit)?)?;
        rest = &rest[digits + unit_len..];
    }
    (!text.is_empty()).then(|| std::time::Duration::from_secs(total))
}

/// Reads a time spent as whole minutes: `15` or `15m` (minutes), `2h`, `1h30m`. A number too
/// large for any count comes back as `u64::MAX`, so that the caller can say it is too large.
pub fn parse_minutes(text: &str) -> Option<u64> {
    let text = text.trim();
    let number = |digits: &str| -> Option<u64> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(digits.bytes().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        }))
    };
    if let Some(minutes) = number(text) {
        return Some(minutes);
    }
    let (hours, rest) = match text.split_once('h') {
        Some((h, rest)) => (Some(h), rest),
        None => (None, text),
    };
    let minutes = match rest {
        "" => None,
        m => Some(m.strip_suffix('m')?),
    };
    if hours.is_none() && minutes.is_none() {
        return None;
    }
    let hours = hours.map(number).unwrap_or(Some(0))?;
    let minutes = minutes.map(number).unwrap_or(Some(0))?;
    Some(hours.saturating_mul(60).saturating_add(minutes))
}

pub(super) fn parse_digits(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}
