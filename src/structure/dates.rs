//! Dates as UN documents print them ("18 December 2008", "25 May 1993").

/// English month names, in calendar order.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parses "18 December 2008" (optionally with a trailing period) into "2008-12-18".
pub fn parse_date(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    let day: u32 = words.next()?.parse().ok()?;
    let month_word = words.next()?;
    let month = MONTHS.iter().position(|m| *m == month_word)? + 1;
    let year: u32 = words
        .next()?
        .trim_end_matches(['.', ',', ';'])
        .parse()
        .ok()?;
    ((1..=31).contains(&day) && (1900..=2100).contains(&year)).then(|| iso_date(year, month, day))
}

/// "2008-12-18" from a four-digit year, a month and a day, without the formatting machinery
/// (every document has a date or two).
fn iso_date(year: u32, month: usize, day: u32) -> String {
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let month = month as u32;
    [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        '-',
        digit(month / 10),
        digit(month),
        '-',
        digit(day / 10),
        digit(day),
    ]
    .iter()
    .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_printed_dates() {
        assert_eq!(
            super::parse_date("18 December 2008").as_deref(),
            Some("2008-12-18")
        );
        assert_eq!(
            super::parse_date("1 July 2002.").as_deref(),
            Some("2002-07-01")
        );
        assert_eq!(super::parse_date("18 Decembre 2008"), None);
    }

    #[test]
    fn writes_iso_dates_as_format_does() {
        for (year, month, day) in [(1900, 1, 1), (1946, 2, 9), (2008, 12, 18), (2100, 10, 31)] {
            assert_eq!(
                super::iso_date(year, month, day),
                format!("{year:04}-{month:02}-{day:02}")
            );
        }
    }
}
