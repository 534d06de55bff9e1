//! What a page's address asks for: list's filters, under the names of list's flags, read by the
//! same parser as the command line (so that a bad filter gets the message `list` gives), and
//! where the page stands (`older` or `newer` than an entry, and how many a page shows).

use anyhow::{Result, anyhow, bail};
use auditlog::search::{Boundary, Landmark};
use clap::Parser;

use crate::cli::Filters;

/// The filters an address may carry, as list's flags name them.
pub const NAMES: [&str; 15] = [
    "preset",
    "since",
    "until",
    "time-of-day",
    "weekdays",
    "user",
    "request",
    "category",
    "controller",
    "workflow",
    "reason",
    "ticket",
    "id",
    "has-reason",
    "grep",
];

/// Entries a page shows unless `n` says.
pub const PAGE: usize = 50;

/// The most entries a page shows.
pub const MAX_PAGE: usize = 500;

/// List's filters, parsed as the command line parses them.
#[derive(Parser)]
#[command(name = "filters", no_binary_name = true, disable_help_flag = true)]
struct FilterFlags {
    #[command(flatten)]
    filters: Filters,
}

/// What an address asks for.
pub struct Asked {
    /// The filters, as list's flags.
    pub filters: Filters,
    /// The filter pairs as given (but the preset and paging), to carry on in links.
    pub pairs: Vec<(String, String)>,
    /// The preset, as given.
    pub preset: String,
    /// Where the page stands.
    pub at: Whence,
    /// How many entries a page shows.
    pub n: usize,
    /// The pairs a page takes besides the filters (`space` for the executions).
    pub extra: Vec<(String, String)>,
    /// Whether new entries are to appear as they are appended (`?follow`).
    pub follow: bool,
}

/// Where a page stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Whence {
    /// The newest entries.
    Newest,
    /// The entries older than these cuts, one for each log.
    Older(Vec<Boundary>),
    /// The entries newer than these cuts, one for each log.
    Newer(Vec<Boundary>),
}

/// Writes the boundaries a link to the page beyond them carries (`older` with `older`, else
/// `newer`), one for each log: `REF@OFFSET` (an entry's reference, and where it begins in its
/// file, which tells apart entries that share a reference) is the boundary on the far side of
/// that entry, `_REF@OFFSET` on its near side (the entry is in that page), `*` that all of the
/// log lies beyond, `-` that none of it does. A reference alone names the newest entry that
/// has it.
pub fn boundaries_text(cuts: &[Boundary], older: bool) -> String {
    let one = |cut: &Boundary| match (*cut, older) {
        (Boundary::Before(at), true) | (Boundary::After(at), false) => at.to_string(),
        (Boundary::After(at), true) | (Boundary::Before(at), false) => format!("_{at}"),
        (Boundary::End, true) | (Boundary::Start, false) => "*".to_owned(),
        (Boundary::Start, true) | (Boundary::End, false) => "-".to_owned(),
    };
    cuts.iter().map(one).collect::<Vec<_>>().join(",")
}

/// Reads what [`boundaries_text`] writes; `None` when it does not read.
fn read_boundaries(text: &str, older: bool) -> Option<Vec<Boundary>> {
    let one = |item: &str| {
        Some(match item {
            "*" if older => Boundary::End,
            "*" => Boundary::Start,
            "-" if older => Boundary::Start,
            "-" => Boundary::End,
            _ => match (item.strip_prefix('_'), older) {
                (Some(near), true) => Boundary::After(Landmark::parse(near)?),
                (Some(near), false) => Boundary::Before(Landmark::parse(near)?),
                (None, true) => Boundary::Before(Landmark::parse(item)?),
                (None, false) => Boundary::After(Landmark::parse(item)?),
            },
        })
    };
    text.split(',').map(one).collect()
}

impl Asked {
    /// Reads an address's decoded pairs, for a page that also takes the pairs named `extra`; an
    /// unknown name or a bad value is an error that says which.
    pub fn read(pairs: Vec<(String, String)>, extra: &[&str]) -> Result<Asked> {
        let mut others = Vec::new();
        let mut flags = Vec::new();
        let mut kept = Vec::new();
        let mut preset = "all".to_owned();
        let (mut at, mut n) = (Whence::Newest, PAGE);
        let mut follow = false;
        for (name, value) in pairs {
            match name.as_str() {
                "older" | "newer" => {
                    if at != Whence::Newest {
                        bail!(
                            "older and newer: a page stands at one place; give one of them, once"
                        );
                    }
                    let older = name == "older";
                    let cuts = read_boundaries(&value, older).ok_or_else(|| {
                        anyhow!(
                            "{name}: {value:?} is not where a page ends: an entry's reference for each log, comma-separated"
                        )
                    })?;
                    at = if older {
                        Whence::Older(cuts)
                    } else {
                        Whence::Newer(cuts)
                    };
                }
                "n" => n = page_size(&value)?,
                "follow" => follow = true,
                "has-reason" if value.is_empty() => {
                    flags.push("--has-reason".to_owned());
                    kept.push((name, "on".to_owned()));
                }
                _ if extra.contains(&name.as_str()) => {
                    if !value.is_empty() {
                        others.push((name, value));
                    }
                }
                // The token is the door's, taken before.
                "token" => {}
                _ if value.is_empty() => {}
                "preset" => {
                    flags.push(format!("--preset={value}"));
                    preset = value;
                }
                "has-reason" => match value.as_str() {
                    "on" | "true" | "1" | "yes" => {
                        flags.push("--has-reason".to_owned());
                        kept.push((name, value));
                    }
                    "off" | "false" | "0" | "no" => {}
                    _ => bail!("has-reason: {value:?} is neither on nor off"),
                },
                _ if NAMES.contains(&name.as_str()) => {
                    flags.push(format!("--{name}={value}"));
                    kept.push((name, value));
                }
                _ => bail!(
                    "unknown filter {name:?}: use the names of list's flags, such as user or since"
                ),
            }
        }
        let parsed = FilterFlags::try_parse_from(flags).map_err(clap_message)?;
        Ok(Asked {
            filters: parsed.filters,
            pairs: kept,
            preset,
            at,
            n,
            extra: others,
            follow,
        })
    }

    /// Whether a filter beyond the preset is set.
    pub fn narrowed(&self) -> bool {
        !self.pairs.is_empty()
    }

    /// The value given for `name`, or nothing.
    pub fn value(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The address of this page's filters with `preset` and `extra` pairs, for a link.
    pub fn link(&self, preset: &str, extra: &[(&str, String)]) -> String {
        self.link_to("/", preset, extra)
    }

    /// The same for the page at `path`.
    pub fn link_to(&self, path: &str, preset: &str, extra: &[(&str, String)]) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if preset != "all" {
            pairs.push(("preset", preset.to_owned()));
        }
        pairs.extend(self.pairs.iter().map(|(n, v)| (n.as_str(), v.clone())));
        pairs.extend(self.extra.iter().map(|(n, v)| (n.as_str(), v.clone())));
        if self.n != PAGE {
            pairs.push(("n", self.n.to_string()));
        }
        pairs.extend(extra.iter().cloned());
        let query: Vec<String> = pairs
            .iter()
            .map(|(name, value)| match value.is_empty() {
                true => name.to_string(),
                false => format!("{name}={}", encoded(value)),
            })
            .collect();
        match query.is_empty() {
            true => path.to_owned(),
            false => format!("{path}?{}", query.join("&")),
        }
    }
}

fn page_size(value: &str) -> Result<usize> {
    match value.parse::<usize>() {
        Ok(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        _ => bail!("n: {value:?} is not a page size from 1 to {MAX_PAGE}"),
    }
}

/// Text for an address's path segment or query: everything but unreserved characters
/// percent-encoded.
pub fn encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What clap says of flags it cannot read, as one line without its `error: `.
pub fn clap_message(error: clap::Error) -> anyhow::Error {
    let text = error.to_string();
    anyhow!(
        "{}",
        text.lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn an_address_reads_as_list_s_flags_and_links_keep_them() {
        let asked = Asked::read(
            pairs(&[
                ("preset", "today"),
                ("user", "r&d ö"),
                ("since", "-2h"),
                ("reason", ""),
                ("older", "20261123T100000.000~2"),
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(asked.filters.user, ["r&d ö"]);
        assert_eq!(asked.filters.since.as_deref(), Some("-2h"));
        assert_eq!(asked.filters.reason, Vec::<String>::new());
        assert_eq!(
            asked.link("last-hour", &[]),
            "/?preset=last-hour&user=r%26d%20%C3%B6&since=-2h"
        );
        let edge = Landmark::parse("20261123T100000.000~2").unwrap();
        assert_eq!(asked.at, Whence::Older(vec![Boundary::Before(edge)]));
    }

    #[test]
    fn a_bad_filter_says_what_list_says() {
        let error =
            |list: &[(&str, &str)]| Asked::read(pairs(list), &[]).err().unwrap().to_string();
        assert_eq!(
            error(&[("file", "/etc/shadow")]),
            "unknown filter \"file\": use the names of list's flags, such as user or since"
        );
        assert_eq!(
            error(&[("id", "x")]),
            "invalid value 'x' for '--id <N>': invalid digit found in string"
        );
        assert_eq!(
            error(&[("n", "0")]),
            "n: \"0\" is not a page size from 1 to 500"
        );
    }
}
