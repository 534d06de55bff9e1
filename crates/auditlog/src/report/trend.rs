//! Trends: a count in every period of a window, and which way it goes.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};

/// The length of a trend's periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// Days.
    Day,
    /// ISO weeks, from Monday.
    Week,
    /// Months.
    Month,
}

impl Period {
    /// Its name, as `--trend` and the JSON name it.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// A number for the period a day lies in; the next period has the next number.
    pub fn index(self, date: NaiveDate) -> i64 {
        let day = i64::from(date.num_days_from_ce());
        match self {
            Period::Day => day,
            // The first day of the common era was a Monday.
            Period::Week => (day - 1).div_euclid(7),
            Period::Month => i64::from(date.year()) * 12 + i64::from(date.month0()),
        }
    }

    /// How the period numbered `index` is written: `2026-11-23`, `2026-W48`, `2026-11`.
    pub fn label(self, index: i64) -> String {
        let day = |n: i64| {
            NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).unwrap_or(i32::MAX))
                .unwrap_or(NaiveDate::MAX)
        };
        match self {
            Period::Day => day(index).format("%Y-%m-%d").to_string(),
            Period::Week => day(index * 7 + 1).format("%G-W%V").to_string(),
            Period::Month => format!("{}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1),
        }
    }

    /// The first day of the period numbered `index`.
    pub fn first_day(self, index: i64) -> NaiveDate {
        let day = |n: i64| {
            NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).unwrap_or(i32::MAX))
                .unwrap_or(NaiveDate::MAX)
        };
        match self {
            Period::Day => day(index),
            Period::Week => day(index * 7 + 1),
            Period::Month => NaiveDate::from_ymd_opt(
                index.div_euclid(12) as i32,
                index.rem_euclid(12) as u32 + 1,
                1,
            )
            .unwrap_or(NaiveDate::MAX),
        }
    }

    /// The last day of the period numbered `index`.
    pub fn last_day(self, index: i64) -> NaiveDate {
        self.first_day(index + 1)
            .checked_sub_days(Days::new(1))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// Which way a count goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tendency {
    /// Up by more than a tenth over the window.
    Rising,
    /// Neither.
    Flat,
    /// Down by more than a tenth over the window.
    Falling,
}

impl Tendency {
    /// Its name, as the JSON and the table write it.
    pub fn name(self) -> &'static str {
        match self {
            Tendency::Rising => "rising",
            Tendency::Flat => "flat",
            Tendency::Falling => "falling",
        }
    }
}

/// Which way counts go, by one rule: take the least-squares slope b of the counts over the
/// period index 0…n−1, and r = b·(n−1)/mean, the change over the window as a share of the
/// mean. Rising when r > 0.10, falling when r < −0.10, else flat; flat, with no r, when the
/// mean is 0 or there are fewer than 3 periods.
pub fn direction(counts: &[f64]) -> (Tendency, Option<f64>) {
    let n = counts.len();
    if n < 3 {
        return (Tendency::Flat, None);
    }
    let mean = counts.iter().sum::<f64>() / n as f64;
    if mean == 0.0 {
        return (Tendency::Flat, None);
    }
    let mean_x = (n - 1) as f64 / 2.0;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, y) in counts.iter().enumerate() {
        let dx = i as f64 - mean_x;
        sxy += dx * (y - mean);
        sxx += dx * dx;
    }
    let ratio = sxy / sxx * (n - 1) as f64 / mean;
    let direction = if ratio > 0.10 {
        Tendency::Rising
    } else if ratio < -0.10 {
        Tendency::Falling
    } else {
        Tendency::Flat
    };
    (direction, Some(ratio))
}

/// A count in every period of a window, and its direction.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    /// The length of the periods.
    pub period: Period,
    /// Each period's label, in time order.
    pub starts: Vec<String>,
    /// Each period's count; 0 where nothing fell.
    pub counts: Vec<f64>,
    /// Which way the counts go.
    pub direction: Tendency,
    /// The r of [`direction`], when there is one.
    pub slope_ratio: Option<f64>,
}

impl Trend {
    /// The trend of counts per period (by [`Period::index`]) over the periods `first` to
    /// `last`.
    pub fn new(period: Period, first: i64, last: i64, counts: &BTreeMap<i64, u64>) -> Trend {
        Trend::of_values(period, first, last, |i| {
            counts.get(&i).copied().unwrap_or(0) as f64
        })
    }

    /// The trend of a value per period over the periods `first` to `last`.
    pub fn of_values(period: Period, first: i64, last: i64, value: impl Fn(i64) -> f64) -> Trend {
        let indices = first..=last;
        let counts: Vec<f64> = indices.clone().map(&value).collect();
        let (direction, slope_ratio) = direction(&counts);
        Trend {
            period,
            starts: indices.map(|i| period.label(i)).collect(),
            counts,
            direction,
            slope_ratio,
        }
    }
}
