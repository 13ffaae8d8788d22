//! Which join dates a person may give a customer: none before an ISP customer could have
//! joined, none after today.

use crate::{FieldError, Rule};
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The earliest join date a person may enter. Kenya's first commercial ISPs opened in the
/// mid-1990s and WiFi came to homes and hotspots after 2000, so an earlier date is a slip of the
/// keyboard (the year 1, `0202`, `1926`) rather than a customer older than the business.
pub const EARLIEST_JOIN_DATE: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");

/// How far ahead of UTC the furthest-ahead time zone is (UTC+14, the Line Islands).
const FURTHEST_AHEAD: Duration = Duration::hours(14);

/// The latest join date a person may enter at `now`: today's date in the time zone that is
/// furthest ahead. The domain sees only UTC instants and does not know the desk's zone, so it
/// allows the latest date that is "today" anywhere: that never refuses a desk its own today,
/// wherever it is, and refuses every date that is still in the future everywhere. The price is
/// small: a desk in Nairobi (UTC+3) can enter tomorrow's date from 13:00 on.
pub fn latest_join_date(now: DateTime<Utc>) -> NaiveDate {
    (now + FURTHEST_AHEAD).date_naive()
}

/// Checks a join date a person entered, as of `now`. The date is the instant's UTC date, which
/// for a plain date (`2026-11-25`, midnight UTC) is the date as typed.
pub(crate) fn check(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    let date = at.date_naive();
    if date < EARLIEST_JOIN_DATE || date > latest_join_date(now) {
        return Err(FieldError::new(
            "join_date",
            Rule::OutOfRange,
            format!("must be from {EARLIEST_JOIN_DATE} to today"),
        ));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn today_anywhere_is_the_latest_date() {
        // 09:00 UTC: it is the 25th everywhere, even at UTC+14 (23:00).
        assert_eq!(
            latest_join_date(at(2026, 11, 25, 9)),
            NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
        );
        // 10:00 UTC: the 26th has begun at UTC+14, so a desk there may enter it.
        assert_eq!(
            latest_join_date(at(2026, 11, 25, 10)),
            NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
        );
    }

    #[test]
    fn a_desks_today_is_never_refused_in_any_zone() {
        // Every hour of two days, every zone from UTC-12 to UTC+14: the desk's own date, sent
        // as a plain date (midnight UTC), passes.
        for hour in 0..48 {
            let now = at(2026, 11, 25, 0) + Duration::hours(hour);
            for offset in -12..=14 {
                let today = (now + Duration::hours(offset)).date_naive();
                let typed = today.and_hms_opt(0, 0, 0).unwrap().and_utc();
                assert!(
                    check(typed, now).is_ok(),
                    "{today} at UTC{offset:+} when it is {now} UTC"
                );
            }
        }
    }

    #[test]
    fn the_future_and_the_implausibly_old_are_out_of_range() {
        let now = at(2026, 11, 25, 9);
        for (y, m, d) in [(2031, 1, 15), (2026, 11, 26), (1, 3, 15), (1999, 12, 31)] {
            let err = check(at(y, m, d, 0), now).unwrap_err();
            assert_eq!(
                (err.field.as_str(), err.rule),
                ("join_date", Rule::OutOfRange),
                "{y}-{m}-{d} must be refused"
            );
            assert_eq!(err.message, "must be from 2000-01-01 to today");
        }
        assert!(
            check(at(2000, 1, 1, 0), now).is_ok(),
            "the first day counts"
        );
        assert!(check(at(2026, 11, 25, 0), now).is_ok(), "today counts");
    }
}
