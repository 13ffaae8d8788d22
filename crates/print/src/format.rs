//! How amounts, dates and balances read on paper: one wording for every receipt and report.

use chrono::{DateTime, FixedOffset};
use infora_domain::Money;

/// `KES 1,500.00`; a negative amount puts the sign first: `-KES 20.00`.
pub fn money(amount: Money, currency: &str) -> String {
    cents(i128::from(amount.cents()), currency)
}

/// The same wording for a sum of amounts, which may pass the range one `Money` holds.
pub fn cents(cents: i128, currency: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let units = (abs / 100).to_string();
    let mut grouped = String::with_capacity(units.len() + units.len() / 3);
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{currency} {grouped}.{:02}", abs % 100)
}

/// Day first, as Kenya writes it: `3 Dec 2026 14:05`, in the desk's own time.
pub fn date_time(at: DateTime<FixedOffset>) -> String {
    at.format("%-d %b %Y %H:%M").to_string()
}

/// What a customer's balance means, as a label and an amount without a sign: a positive balance
/// is owed by the customer, a negative one is credit, zero is neither.
pub fn balance(balance: Money, currency: &str) -> (&'static str, String) {
    let cents = i128::from(balance.cents());
    let label = match cents.signum() {
        1 => "Balance owed",
        -1 => "In credit",
        _ => "Balance",
    };
    (label, self::cents(cents.abs(), currency))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kes(raw: &str) -> String {
        money(Money::parse("amount", raw).unwrap(), "KES")
    }

    #[test]
    fn amounts_carry_currency_and_thousands() {
        assert_eq!(kes("0"), "KES 0.00");
        assert_eq!(kes("5"), "KES 5.00");
        assert_eq!(kes("999.5"), "KES 999.50");
        assert_eq!(kes("1500"), "KES 1,500.00");
        assert_eq!(kes("123456.78"), "KES 123,456.78");
        assert_eq!(kes("99999999.99"), "KES 99,999,999.99");
    }

    #[test]
    fn negative_amounts_put_the_sign_before_the_currency() {
        assert_eq!(kes("-20"), "-KES 20.00");
        assert_eq!(
            kes("-0.01"),
            "-KES 0.01",
            "a cent below zero is still negative"
        );
        assert_eq!(kes("-1234567"), "-KES 1,234,567.00");
    }

    #[test]
    fn sums_past_one_money_still_format() {
        assert_eq!(cents(12_345_678_901_234, "KES"), "KES 123,456,789,012.34");
    }

    #[test]
    fn dates_are_day_first_in_local_time() {
        let at = DateTime::parse_from_rfc3339("2026-12-03T14:05:59+03:00").unwrap();
        assert_eq!(date_time(at), "3 Dec 2026 14:05");
        let at = DateTime::parse_from_rfc3339("2026-01-21T09:00:00+03:00").unwrap();
        assert_eq!(date_time(at), "21 Jan 2026 09:00");
    }

    #[test]
    fn balances_say_who_owes_whom() {
        let of = |raw| balance(Money::parse("balance", raw).unwrap(), "KES");
        assert_eq!(of("1500"), ("Balance owed", "KES 1,500.00".into()));
        assert_eq!(
            of("-20"),
            ("In credit", "KES 20.00".into()),
            "credit is said in words, not with a minus"
        );
        assert_eq!(of("0"), ("Balance", "KES 0.00".into()));
    }
}
