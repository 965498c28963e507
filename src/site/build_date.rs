//! The date a site is built for (SPEC §4 `--as-of`, §6): which version of each document is
//! in force. Given on the command line, else the date of `SOURCE_DATE_EPOCH` (so that a
//! reproducible build is the same on any day), else today in UTC.

use crate::content::frontmatter::Date;

/// The build date when `--as-of` is not given.
pub fn default_as_of() -> Date {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let now = match epoch.map(time::OffsetDateTime::from_unix_timestamp) {
        Some(Ok(t)) => t,
        _ => time::OffsetDateTime::now_utc(),
    };
    of(now.date())
}

fn of(d: time::Date) -> Date {
    Date { year: d.year(), month: u8::from(d.month()), day: d.day() }
}

/// Parses `--as-of`: a real date `YYYY-MM-DD`.
pub fn parse_as_of(s: &str) -> Result<Date, String> {
    Date::parse(s).filter(|_| s.trim().len() == 10).ok_or_else(|| {
        format!("`{s}` is not a date: give the day the site is built for as YYYY-MM-DD, such as 2026-01-01")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_takes_real_dates_only() {
        assert_eq!(parse_as_of("2026-01-01"), Ok(Date { year: 2026, month: 1, day: 1 }));
        assert!(parse_as_of("2023-02-30").is_err());
        assert!(parse_as_of("tomorrow").is_err());
        assert!(parse_as_of("2026-01-01T00:00").is_err());
    }

    #[test]
    fn an_epoch_is_a_day_in_utc() {
        let t = time::OffsetDateTime::from_unix_timestamp(1_767_225_599).unwrap();
        assert_eq!(of(t.date()), Date { year: 2025, month: 12, day: 31 });
    }
}
