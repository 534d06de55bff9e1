//! The keys a report groups by, and the values an entry has for them.

use std::borrow::Cow;
use std::cmp::Ordering;

use chrono::{Datelike, NaiveDateTime, Timelike};

use super::Spec;
use crate::entry::{Category, controller_of, workflows_of};
use crate::format::View;
use crate::objects::Touched;

/// A key to group by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// The account.
    Account,
    /// The request.
    Request,
    /// The request's category.
    Category,
    /// The controller the body names.
    Controller,
    /// The ticket link.
    Ticket,
    /// The reason.
    Reason,
    /// Each workflow the body names.
    Workflow,
    /// The folder of each workflow the body names, to a depth.
    Folder,
    /// The day, `2026-11-23`.
    Day,
    /// The ISO week, `2026-W48`.
    Week,
    /// The month, `2026-11`.
    Month,
    /// The hour of the day, `09`.
    Hour,
    /// The day of the week, `Mon`.
    Weekday,
    /// A job execution's job.
    Job,
    /// Each object the entry's action touched, as the objects log names it (`workflow close`);
    /// for an entry it says nothing of, each workflow its body names.
    Object,
}

/// A key that is not one.
#[derive(Debug, thiserror::Error)]
#[error("--by: unknown key {0:?}: give {KEYS}")]
pub struct KeyError(String);

const KEYS: &str = "account, request, category, controller, ticket, reason, workflow, folder, object, day, week, month, hour or weekday (and job for --executions)";

const ALL: [(Key, &str); 15] = [
    (Key::Account, "account"),
    (Key::Request, "request"),
    (Key::Category, "category"),
    (Key::Controller, "controller"),
    (Key::Ticket, "ticket"),
    (Key::Reason, "reason"),
    (Key::Workflow, "workflow"),
    (Key::Folder, "folder"),
    (Key::Object, "object"),
    (Key::Day, "day"),
    (Key::Week, "week"),
    (Key::Month, "month"),
    (Key::Hour, "hour"),
    (Key::Weekday, "weekday"),
    (Key::Job, "job"),
];

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

impl Key {
    /// Reads a key by its name.
    pub fn parse(name: &str) -> Result<Key, KeyError> {
        ALL.iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(k, _)| *k)
            .ok_or_else(|| KeyError(name.to_owned()))
    }

    /// Its name, as `--by` and the JSON name it.
    pub fn name(self) -> &'static str {
        ALL.iter().find(|(k, _)| *k == self).map_or("", |(_, n)| n)
    }

    /// Whether it is a time: a day, a week, a month, an hour or a weekday.
    pub fn is_time(self) -> bool {
        matches!(
            self,
            Key::Day | Key::Week | Key::Month | Key::Hour | Key::Weekday
        )
    }

    /// The value of a time key at a wall-clock time.
    pub fn time_value(self, wall: NaiveDateTime) -> Option<String> {
        Some(match self {
            Key::Day => wall.format("%Y-%m-%d").to_string(),
            Key::Week => wall.format("%G-W%V").to_string(),
            Key::Month => wall.format("%Y-%m").to_string(),
            Key::Hour => format!("{:02}", wall.hour()),
            Key::Weekday => WEEKDAYS[wall.weekday().num_days_from_monday() as usize].to_owned(),
            _ => return None,
        })
    }

    /// How two values of this key are ordered: weekdays from Monday, everything else by its
    /// text (periods are written so that this is time order); none last.
    pub fn compare(self, a: Option<&str>, b: Option<&str>) -> Ordering {
        let weekday = |v: &str| WEEKDAYS.iter().position(|d| *d == v);
        match (a, b) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) if self == Key::Weekday => weekday(a).cmp(&weekday(b)),
            (Some(a), Some(b)) => a.cmp(b),
        }
    }
}

/// The folder of a workflow path `depth` levels deep: `/a/b/wf` is `/a` at depth 1 and
/// `/a/b` at 2 or more; a workflow at the top is in `/`.
pub fn folder(path: &str, depth: usize) -> String {
    let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
    let levels: Vec<&str> = parent.split('/').filter(|s| !s.is_empty()).collect();
    let kept = &levels[..depth.min(levels.len())];
    format!("/{}", kept.join("/"))
}

/// Hands each combination of an entry's values for the keys of `spec` to `each`, encoded as
/// one string (see [`encode`]): one combination for most entries, one per workflow named for
/// `workflow` and `folder`. `wall` gives the entry's wall-clock time, when a key asks.
pub fn each_combination(
    spec: &Spec,
    entry: &View<'_>,
    wall: &dyn Fn() -> NaiveDateTime,
    scratch: &mut String,
    each: &mut dyn FnMut(&str),
) {
    let mut body = None;
    let mut body = || {
        body.get_or_insert_with(|| {
            entry
                .params
                .filter(|p| p.starts_with('{'))
                .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        })
        .clone()
    };
    let mut each_key: Vec<Vec<Option<Cow<str>>>> = Vec::new();
    let many = spec
        .keys
        .iter()
        .any(|k| matches!(k, Key::Workflow | Key::Folder | Key::Object));
    if !many {
        scratch.clear();
    }
    for key in &spec.keys {
        let one = match key {
            Key::Account => Some(Cow::Borrowed(entry.user)),
            Key::Request => Some(Cow::Borrowed(entry.request)),
            Key::Category => Some(Cow::Borrowed(Category::of_request(entry.request).name())),
            Key::Controller => body().as_ref().and_then(controller_of).map(Cow::Owned),
            Key::Ticket => entry.ticket.map(Cow::Borrowed),
            Key::Reason => entry.comment.clone(),
            Key::Workflow | Key::Folder => {
                each_key.push(paths_of(*key, body().as_ref(), spec.depth));
                continue;
            }
            Key::Object => {
                let logged = entry.id.and_then(|id| spec.objects.as_ref()?.get(&id));
                each_key.push(match logged {
                    Some(objects) => labels(objects),
                    None => paths_of(*key, body().as_ref(), spec.depth),
                });
                continue;
            }
            time => time.time_value(wall()).map(Cow::Owned),
        };
        if many {
            each_key.push(vec![one]);
        } else {
            encode(one.as_deref(), scratch);
        }
    }
    if many {
        each_product(&each_key, scratch, each);
    } else {
        each(scratch);
    }
}

/// The workflows a body names, or their folders `depth` deep, each once; one `None` when it
/// names none.
fn paths_of(
    key: Key,
    body: Option<&serde_json::Value>,
    depth: usize,
) -> Vec<Option<Cow<'static, str>>> {
    let mut found: Vec<Option<Cow<str>>> = Vec::new();
    for path in body.map(workflows_of).unwrap_or_default() {
        let value = match key {
            Key::Folder => folder(&path, depth),
            // As the objects log names a workflow: by its name.
            Key::Object => format!("workflow {}", path.rsplit('/').next().unwrap_or(&path)),
            _ => path,
        };
        if !found.iter().any(|v| v.as_deref() == Some(value.as_str())) {
            found.push(Some(Cow::Owned(value)));
        }
    }
    if found.is_empty() {
        found.push(None);
    }
    found
}

/// The labels of the objects an entry touched, each once; one `None` when it touched none.
fn labels(objects: &[Touched]) -> Vec<Option<Cow<'static, str>>> {
    let mut found: Vec<Option<Cow<str>>> = Vec::new();
    for label in objects.iter().map(Touched::label) {
        if !found.iter().any(|v| v.as_deref() == Some(label.as_str())) {
            found.push(Some(Cow::Owned(label)));
        }
    }
    if found.is_empty() {
        found.push(None);
    }
    found
}

/// Hands out, encoded, every combination of one value of each key.
fn each_product(
    each_key: &[Vec<Option<Cow<str>>>],
    scratch: &mut String,
    each: &mut dyn FnMut(&str),
) {
    let mut all: Vec<Vec<Option<&str>>> = vec![Vec::new()];
    for values in each_key {
        all = all
            .into_iter()
            .flat_map(|prefix| {
                values.iter().map(move |v| {
                    let mut next = prefix.clone();
                    next.push(v.as_deref());
                    next
                })
            })
            .collect();
    }
    for combination in all {
        scratch.clear();
        for value in combination {
            encode(value, scratch);
        }
        each(scratch);
    }
}

/// Appends a key's value to an encoded combination: `-` for none, else its length, `:` and
/// the text, so that no text can make two combinations read alike.
pub fn encode(value: Option<&str>, out: &mut String) {
    let Some(text) = value else {
        out.push('-');
        return;
    };
    // The length's digits, written without the formatting machinery: this runs per entry.
    let mut digits = [0u8; 20];
    let (mut n, mut at) = (text.len(), digits.len());
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
    out.push(':');
    out.push_str(text);
}

/// The values of an encoded combination.
pub fn decode(mut encoded: &str) -> Vec<Option<String>> {
    let mut values = Vec::new();
    while !encoded.is_empty() {
        if let Some(rest) = encoded.strip_prefix('-') {
            values.push(None);
            encoded = rest;
            continue;
        }
        let (len, rest) = encoded.split_once(':').expect("encoded by `encode`");
        let len: usize = len.parse().expect("encoded by `encode`");
        values.push(Some(rest[..len].to_owned()));
        encoded = &rest[len..];
    }
    values
}
