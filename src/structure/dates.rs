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
    ((1..=31).contains(&day) && (1900..=2100).contains(&year))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
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
}
