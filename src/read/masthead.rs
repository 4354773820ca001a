//! The masthead that UN documents print on their first page (and that ODS exports repeat in
//! their distribution block): "Distr.: General / 30 January 2009 / Sixty-third session /
//! Agenda item 56 (a)". Shared by the readers of formats that carry it.

use std::sync::LazyLock;

use regex::Regex;

use super::FormatHints;

/// Reads the distribution date, session, agenda item and job number (a line of its own such
/// as "08-48237") from masthead text into `hints`,
/// leaving fields the text does not give untouched.
pub fn read_masthead(text: &str, hints: &mut FormatHints) {
    static DISTR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"Distr\.:\s*\w+\s*(\d{1,2} [A-Z][a-z]+ \d{4})").unwrap());
    static SESSION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"((?:[A-Z][a-z]+-)?[A-Za-z]+(?:-[a-z]+)?) (?:special |emergency special )?session",
        )
        .unwrap()
    });
    static AGENDA: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"Agenda items? (\d+(?: ?\([a-z]\))?)").unwrap());
    static JOB: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^(\d{2}-\d{5})\s*$").unwrap());
    let capture = |re: &Regex| re.captures(text).map(|c| c[1].trim().to_owned());
    if let Some(date) = capture(&DISTR) {
        hints.distribution_date = Some(date);
    }
    if let Some(session) = capture(&SESSION) {
        hints.session = Some(format!("{session} session"));
    }
    if let Some(item) = capture(&AGENDA) {
        hints.agenda_item = Some(item);
    }
    if let Some(job) = capture(&JOB) {
        hints.job_number = Some(job);
    }
}
