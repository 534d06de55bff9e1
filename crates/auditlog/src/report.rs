//! Reports: entries (or job executions) grouped by keys, with what each group adds up to, and
//! which way its count goes over the periods of a window.
//!
//! A [`Report`] adds up entries one by one (it is a [`Tally`], so a plain file is added up on
//! every core without building its entries) and keeps one set of [`Measures`] per group: its
//! memory grows with the groups, not with the entries. [`Report::groups`] then sorts them, cuts
//! them to the top N and says each trend.

pub mod executions;
mod key;
mod trend;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

pub use key::{Key, KeyError, folder};
pub use trend::{Period, Tendency, Trend, direction};

use crate::format::View;
use crate::scan::Tally;
use crate::time::Zone;

/// What a report groups by, and how.
#[derive(Clone, Debug)]
pub struct Spec {
    /// The keys, in the order given.
    pub keys: Vec<Key>,
    /// How many folder levels `folder` keeps.
    pub depth: usize,
    /// The zone the log's stamps are written in: days, weeks and hours are its wall clock.
    pub zone: Zone,
    /// The period of trends, when asked for.
    pub trend: Option<Period>,
    /// The objects each entry touched, by the entry's ID, as the objects log says, for the
    /// key `object`.
    pub objects: Option<std::sync::Arc<crate::objects::ById>>,
}

impl Spec {
    /// How two groups' key values are ordered, key by key (see [`Key::compare`]).
    pub fn compare(&self, a: &[Option<String>], b: &[Option<String>]) -> std::cmp::Ordering {
        self.keys
            .iter()
            .enumerate()
            .fold(std::cmp::Ordering::Equal, |order, (i, key)| {
                order.then_with(|| key.compare(a[i].as_deref(), b[i].as_deref()))
            })
    }
}

/// What a group adds up to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measures {
    /// Entries.
    pub entries: u64,
    /// Time spent, in minutes.
    pub time_spent: u64,
    /// Entries with time spent.
    pub with_time_spent: u64,
    /// The tickets named, by their number in the report (see [`Report::ticket`]).
    pub tickets: HashSet<u32>,
    /// Entries per period (by [`Period::index`]), when a trend is asked for.
    pub periods: BTreeMap<i64, u64>,
}

impl Measures {
    fn merge(&mut self, other: Measures) {
        self.entries += other.entries;
        self.time_spent += other.time_spent;
        self.with_time_spent += other.with_time_spent;
        self.tickets.extend(other.tickets);
        for (period, n) in other.periods {
            *self.periods.entry(period).or_default() += n;
        }
    }
}

/// Entries added up by group.
#[derive(Clone, Debug)]
pub struct Report {
    spec: Spec,
    /// Each group's key values, encoded as one string (see [`encode`]).
    groups: HashMap<String, Measures>,
    /// Every entry once, whatever its groups.
    total: Measures,
    /// The earliest and latest period an entry fell in.
    span: Option<(i64, i64)>,
    /// The key being built, kept to spare an allocation per entry.
    scratch: String,
    /// Every ticket named, each once, numbered in the order met; and the number of each.
    tickets: Vec<String>,
    ticket_numbers: HashMap<String, u32>,
}

/// A group as a report shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Its value of each key, in the spec's order; `None` where the entry has none. Empty for
    /// the group of the rest (see [`Report::groups`]).
    pub keys: Vec<Option<String>>,
    /// Whether it holds the groups beyond the top N.
    pub other: bool,
    /// What it adds up to.
    pub measures: Measures,
    /// Its share of all entries, 0 to 1.
    pub share: f64,
    /// Its count in every period of the window, when a trend was asked for.
    pub trend: Option<Trend>,
}

/// The days a trend covers, each end when it is known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateRange(pub Option<NaiveDate>, pub Option<NaiveDate>);

/// The most periods a trend shows: ten years of days.
pub const MAX_PERIODS: i64 = 3_660;

impl DateRange {
    /// Refuses a trend of more than [`MAX_PERIODS`] periods (a window from year 1000, or an
    /// entry stamped centuries away), which would otherwise be laid out period by period until
    /// memory ran out: how many it would take.
    pub fn bounded(self, period: Period, span: Option<(i64, i64)>) -> Result<(), i64> {
        let (_, first, last) = self.periods(period, span);
        let count = last.saturating_sub(first).saturating_add(1);
        if count > MAX_PERIODS {
            return Err(count);
        }
        Ok(())
    }

    /// The first and last period of the window, its unknown ends taken from `span`, the first
    /// and last period entries fell in.
    pub fn periods(self, period: Period, span: Option<(i64, i64)>) -> (Period, i64, i64) {
        let (first, last) = span.unwrap_or((i64::MAX, i64::MIN));
        let first = self.0.map_or(first, |d| period.index(d));
        let last = self.1.map_or(last, |d| period.index(d));
        if first > last {
            // No entries and no window: no periods.
            return (period, 0, -1);
        }
        (period, first, last)
    }
}

/// How groups are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    /// Most entries first.
    Entries,
    /// Most time spent first.
    Time,
    /// By key: names alphabetically, periods and weekdays in time order, none last.
    Key,
}

impl Report {
    /// An empty report.
    pub fn new(spec: Spec) -> Report {
        Report {
            spec,
            groups: HashMap::new(),
            total: Measures::default(),
            span: None,
            scratch: String::new(),
            tickets: Vec::new(),
            ticket_numbers: HashMap::new(),
        }
    }

    /// The ticket numbered `number` in the groups' [`Measures::tickets`].
    pub fn ticket(&self, number: u32) -> &str {
        &self.tickets[number as usize]
    }

    /// The number of a ticket, given it on first sight.
    fn number(&mut self, ticket: &str) -> u32 {
        if let Some(&n) = self.ticket_numbers.get(ticket) {
            return n;
        }
        let n = self.tickets.len() as u32;
        self.tickets.push(ticket.to_owned());
        self.ticket_numbers.insert(ticket.to_owned(), n);
        n
    }

    /// The spec it groups by.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// What every entry adds up to.
    pub fn total(&self) -> &Measures {
        &self.total
    }

    /// The first and last period of the entries added, when there were any.
    pub fn span(&self) -> Option<(i64, i64)> {
        self.span
    }

    /// Adds one entry: once to the total, and once to each group it belongs to (an entry that
    /// names two workflows counts in both).
    pub fn add_entry(&mut self, entry: &View<'_>) {
        let zone = self.spec.zone;
        let wall = || zone.wall_of(entry.created);
        let period = self.spec.trend.map(|p| p.index(wall().date()));
        let ticket = entry.ticket.map(|t| self.number(t));
        let count = |m: &mut Measures| {
            m.entries += 1;
            if let Some(minutes) = entry.time_spent {
                m.time_spent += u64::from(minutes);
                m.with_time_spent += 1;
            }
            if let Some(ticket) = ticket {
                m.tickets.insert(ticket);
            }
            if let Some(period) = period {
                *m.periods.entry(period).or_default() += 1;
            }
        };
        count(&mut self.total);
        if let Some(period) = period {
            self.span = Some(
                self.span
                    .map_or((period, period), |(a, b)| (a.min(period), b.max(period))),
            );
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        let groups = &mut self.groups;
        key::each_combination(
            &self.spec,
            entry,
            &wall,
            &mut scratch,
            &mut |encoded| match groups.get_mut(encoded) {
                Some(measures) => count(measures),
                None => {
                    let mut measures = Measures::default();
                    count(&mut measures);
                    groups.insert(encoded.to_owned(), measures);
                }
            },
        );
        self.scratch = scratch;
    }

    /// The groups in order, the first `top` of them and the rest as one, each with its share
    /// and, when asked for, its trend over every period of the window: from the first day of
    /// `window` (else the first period an entry fell in) to its last day (else the last).
    pub fn groups(&self, sort: SortBy, top: Option<usize>, window: DateRange) -> Vec<Group> {
        let total = self.total.entries;
        let mut groups: Vec<(Vec<Option<String>>, &Measures)> = self
            .groups
            .iter()
            .map(|(encoded, measures)| (key::decode(encoded), measures))
            .collect();
        let by_key = |a: &[Option<String>], b: &[Option<String>]| self.spec.compare(a, b);
        groups.sort_by(|(ka, a), (kb, b)| match sort {
            SortBy::Entries => b.entries.cmp(&a.entries).then_with(|| by_key(ka, kb)),
            SortBy::Time => b
                .time_spent
                .cmp(&a.time_spent)
                .then_with(|| b.entries.cmp(&a.entries))
                .then_with(|| by_key(ka, kb)),
            SortBy::Key => by_key(ka, kb),
        });
        let periods = self
            .spec
            .trend
            .map(|period| window.periods(period, self.span));
        let make = |keys, measures: Measures, other| {
            let trend = periods
                .map(|(period, first, last)| Trend::new(period, first, last, &measures.periods));
            Group {
                keys,
                other,
                share: if total == 0 {
                    0.0
                } else {
                    measures.entries as f64 / total as f64
                },
                measures,
                trend,
            }
        };
        let cut = top.unwrap_or(usize::MAX).min(groups.len());
        let rest = groups.split_off(cut);
        let mut shown: Vec<Group> = groups
            .into_iter()
            .map(|(keys, measures)| make(keys, measures.clone(), false))
            .collect();
        if !rest.is_empty() {
            let mut other = Measures::default();
            for (_, measures) in rest {
                other.merge(measures.clone());
            }
            shown.push(make(Vec::new(), other, true));
        }
        shown
    }
}

impl Report {
    /// Every entry as one group: the totals, with their trend over the same window.
    pub fn totals(&self, window: DateRange) -> Group {
        let trend = self.spec.trend.map(|period| {
            let (period, first, last) = window.periods(period, self.span);
            Trend::new(period, first, last, &self.total.periods)
        });
        Group {
            keys: Vec::new(),
            other: false,
            measures: self.total.clone(),
            share: if self.total.entries > 0 { 1.0 } else { 0.0 },
            trend,
        }
    }
}

impl Tally for Report {
    fn fresh(&self) -> Report {
        Report::new(self.spec.clone())
    }

    fn add(&mut self, entry: &View<'_>) {
        self.add_entry(entry);
    }

    fn merge(&mut self, mut other: Report) {
        // The other report's tickets, numbered as this one numbers them.
        let renumbered: Vec<u32> = other.tickets.iter().map(|t| self.number(t)).collect();
        let renumber = |m: &mut Measures| {
            m.tickets = m.tickets.iter().map(|&n| renumbered[n as usize]).collect();
        };
        renumber(&mut other.total);
        for measures in other.groups.values_mut() {
            renumber(measures);
        }
        self.total.merge(other.total);
        self.span = match (self.span, other.span) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (span, None) | (None, span) => span,
        };
        for (key, measures) in other.groups {
            match self.groups.get_mut(&key) {
                Some(mine) => mine.merge(measures),
                None => {
                    self.groups.insert(key, measures);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
