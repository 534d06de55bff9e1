//! The values of the library's choices as the command line names and explains them: each
//! parses into the library's own enum.

use auditlog::execution::Status;
use auditlog::report::Period;
use auditlog::time::Preset;
use clap::ValueEnum;
use clap::builder::{EnumValueParser, MapValueParser, TypedValueParser};

/// The parser of an argument that names a `V` and means the library's `T`.
pub fn parser<V, T>() -> MapValueParser<EnumValueParser<V>, fn(V) -> T>
where
    V: ValueEnum + Clone + Send + Sync + 'static,
    T: From<V> + Clone + Send + Sync + 'static,
{
    EnumValueParser::<V>::new().map(T::from)
}

/// The date presets: JOC's dropdown plus yesterday, this week and this month.
#[derive(Clone, Copy, ValueEnum)]
pub enum PresetValue {
    /// Every entry.
    All,
    /// Since midnight.
    Today,
    /// The whole of yesterday.
    Yesterday,
    /// The last 60 minutes.
    LastHour,
    /// The last 12 hours.
    #[value(name = "last-12h")]
    Last12h,
    /// The last 24 hours.
    #[value(name = "last-24h")]
    Last24h,
    /// The last 7 days.
    #[value(name = "last-7d")]
    Last7d,
    /// Since Monday, midnight.
    ThisWeek,
    /// Since the first of the month, midnight.
    ThisMonth,
}

impl From<PresetValue> for Preset {
    fn from(value: PresetValue) -> Preset {
        match value {
            PresetValue::All => Preset::All,
            PresetValue::Today => Preset::Today,
            PresetValue::Yesterday => Preset::Yesterday,
            PresetValue::LastHour => Preset::LastHour,
            PresetValue::Last12h => Preset::Last12h,
            PresetValue::Last24h => Preset::Last24h,
            PresetValue::Last7d => Preset::Last7d,
            PresetValue::ThisWeek => Preset::ThisWeek,
            PresetValue::ThisMonth => Preset::ThisMonth,
        }
    }
}

/// The length of a trend's periods.
#[derive(Clone, Copy, ValueEnum)]
pub enum PeriodValue {
    /// Days.
    Day,
    /// ISO weeks, from Monday.
    Week,
    /// Months.
    Month,
}

impl From<PeriodValue> for Period {
    fn from(value: PeriodValue) -> Period {
        match value {
            PeriodValue::Day => Period::Day,
            PeriodValue::Week => Period::Week,
            PeriodValue::Month => Period::Month,
        }
    }
}

/// Where an execution stands.
#[derive(Clone, Copy, ValueEnum)]
pub enum StatusValue {
    /// Started and not finished, and its `auditlog run` still alive.
    Running,
    /// Ended with exit code 0.
    Successful,
    /// Ended otherwise, was killed, timed out or could not start.
    Failed,
    /// Stopped by a signal to `auditlog run`, or refused because the job was running.
    Cancelled,
    /// Started and never finished, and its `auditlog run` is gone.
    Abandoned,
}

impl From<StatusValue> for Status {
    fn from(value: StatusValue) -> Status {
        match value {
            StatusValue::Running => Status::Running,
            StatusValue::Successful => Status::Successful,
            StatusValue::Failed => Status::Failed,
            StatusValue::Cancelled => Status::Cancelled,
            StatusValue::Abandoned => Status::Abandoned,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_means_the_choice_of_its_name() {
        for value in PresetValue::value_variants() {
            let name = value.to_possible_value().unwrap();
            assert_eq!(name.get_name(), Preset::from(*value).name());
        }
        for value in PeriodValue::value_variants() {
            let name = value.to_possible_value().unwrap();
            assert_eq!(name.get_name(), Period::from(*value).name());
        }
        for value in StatusValue::value_variants() {
            let name = value.to_possible_value().unwrap();
            assert!(
                name.get_name()
                    .eq_ignore_ascii_case(Status::from(*value).name())
            );
        }
    }
}
