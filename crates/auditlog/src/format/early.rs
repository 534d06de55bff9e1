//! The forms JobScheduler 1.x wrote in its first months (docs/format.md, forms 1 to 4): the
//! account first, on one line joined by ` - `, or each field on a physical line of its own, and
//! no reason, or one with no tail. Read so that the archives of those years read whole.

use super::{PARAMS, ParseError, REQUEST, USER, json_len};

/// The label of a body on a line of its own.
const PARAMS_LINE: &str = "PARAMS: ";
/// The request after the account, on one line.
const REQUEST_AFTER: &str = " - REQUEST: ";

/// The account, the request and what follows the body's label, when `rest` (what follows the
/// level word) is one of the early forms; `None` when it is not.
pub(super) fn head(rest: &str) -> Option<Result<(&str, &str, &str), ParseError>> {
    if let Some(after) = rest.strip_prefix(USER) {
        // Forms 3 and 4: `USER: u - REQUEST: ./p - PARAMS: …`.
        if let Some(at) = after.find(REQUEST_AFTER)
            && !after[..at].contains('\n')
        {
            let rest = &after[at + REQUEST_AFTER.len()..];
            let Some(end) = rest.find(PARAMS) else {
                return Some(Err(ParseError::Params));
            };
            let request = &rest[..end];
            if request.is_empty() || request.contains(' ') {
                return Some(Err(ParseError::Request));
            }
            return Some(Ok((&after[..at], request, &rest[end + PARAMS.len()..])));
        }
        // Form 2: three lines, `USER: u`, `REQUEST: ./p`, `PARAMS: …`.
        let (user, rest) = after.split_once('\n')?;
        let (request, params) = rest.strip_prefix(REQUEST)?.split_once('\n')?;
        return Some(Ok((user, request, params.strip_prefix(PARAMS_LINE)?)));
    }
    // Form 1: four lines, nothing after the level on the first: `REQUEST: ./p`, `PARAMS: …`,
    // `USER: u`.
    let rest = rest.strip_prefix('\n')?;
    let (request, rest) = rest.strip_prefix(REQUEST)?.split_once('\n')?;
    let (params, user) = rest.strip_prefix(PARAMS_LINE)?.split_once('\n')?;
    Some(Ok((user.strip_prefix(USER)?, request, params)))
}

/// The request body, when it is all that follows its label (a whole JSON value, or `-`), as
/// the early forms without a reason end.
pub(super) fn body_alone(rest: &str) -> Option<&str> {
    (rest == "-" || json_len(rest.as_bytes()) == Some(rest.len())).then_some(rest)
}
