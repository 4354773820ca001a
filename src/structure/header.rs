//! Header metadata: symbol, organ, session, number, title, adoption date, committee report,
//! agenda item, meeting and distribution date — from the header lines, the trailer
//! ("70th plenary meeting / 18 December 2008") and the reader's format hints.

use std::sync::LazyLock;

use crate::pattern::{find_ignoring_ascii_case, is_ascii_space, Pattern};
use serde::Serialize;

use super::blocks::collapse_spaces;
use super::dates::parse_date;
use crate::read::FormatHints;
pub use crate::symbols::Organ;
use crate::symbols::{normalise_symbol, session_from_words, Organ as O, ResolutionNumber};

/// What the header says about a resolution. All fields are optional: early resolutions print
/// little more than a number and a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// Normalised UN symbol: "A/RES/63/156", "S/RES/827(1993)".
    pub symbol: Option<String>,
    /// Full organ name, "General Assembly".
    pub organ: Option<&'static str>,
    #[serde(skip)]
    pub organ_id: Option<Organ>,
    /// Session number (General Assembly and other sessional organs).
    pub session: Option<u32>,
    /// Printed resolution number: "63/156", "827 (1993)".
    pub number: Option<String>,
    pub title: Option<String>,
    /// Adoption date, ISO 8601.
    pub adopted: Option<String>,
    /// "Third Committee".
    pub committee: Option<String>,
    /// Symbol of the committee report the resolution was adopted on: "A/63/425".
    pub committee_report: Option<String>,
    /// "56 (a)".
    pub agenda_item: Option<String>,
    /// "70th plenary meeting", "3217th meeting".
    pub meeting: Option<String>,
    /// Distribution date, ISO 8601.
    pub distribution_date: Option<String>,
    /// Job number of the UN document production system, "08-48015".
    pub job_number: Option<String>,
}

/// "Adopted by the Security Council at its 3217th meeting, on 25 May 1993"; read by hand in
/// ASCII text ([`read_adoption`]).
static ADOPTED_BY: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"(?i)(?:resolution )?adopted by the ({})(?: at its (\d+(?:st|nd|rd|th)) (?:plenary )?meeting)?,?\s*on\s+(\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}})",
        Organ::UN_NAMES.join("|")
    ))
});

/// The organ, meeting ("3217th") and date of the first adoption line in a flattened header:
/// the groups of `ADOPTED_BY`'s first match.
///
/// In ASCII text the line is read by hand: each "adopted by the" in turn (case folding adds no
/// character to its letters) with what the pattern requires after it; elsewhere the pattern
/// reads it. The optional "resolution " before it changes where a match starts, not which
/// "adopted by the" the first match holds.
fn read_adoption(flat: &str) -> Option<(&str, Option<&str>, &str)> {
    if !flat.is_ascii() {
        let c = ADOPTED_BY.captures(flat)?;
        let group = |i| c.get(i).map(|m| m.as_str());
        return Some((group(1)?, group(2), group(3)?));
    }
    let mut from = 0;
    while let Some(at) = find_ignoring_ascii_case(&flat[from..], "adopted by the ") {
        let start = from + at + "adopted by the ".len();
        if let Some(found) = adoption_after(&flat[start..]) {
            return Some(found);
        }
        from = start;
    }
    None
}

/// What follows "adopted by the " in an ASCII adoption line, as `ADOPTED_BY` reads it.
fn adoption_after(text: &str) -> Option<(&str, Option<&str>, &str)> {
    let organ = Organ::UN_NAMES
        .iter()
        .find(|organ| starts_with_ignoring_ascii_case(text, organ))?;
    let (organ, mut rest) = text.split_at(organ.len());
    // " at its 3217th (plenary )meeting", taken whenever it is there: what follows the organ
    // otherwise (",", white space, "on") cannot begin with " at".
    let mut meeting = None;
    if let Some(after) = strip_prefix_ignoring_ascii_case(rest, " at its ") {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let suffix = after.get(digits..digits + 2).filter(|suffix| {
            ["st", "nd", "rd", "th"]
                .iter()
                .any(|s| suffix.eq_ignore_ascii_case(s))
        });
        if let Some(after_ordinal) = suffix
            .filter(|_| digits > 0)
            .and_then(|_| strip_prefix_ignoring_ascii_case(&after[digits + 2..], " "))
        {
            let after_plenary = strip_prefix_ignoring_ascii_case(after_ordinal, "plenary ")
                .unwrap_or(after_ordinal);
            if let Some(after_meeting) = strip_prefix_ignoring_ascii_case(after_plenary, "meeting")
            {
                meeting = Some(&after[..digits + 2]);
                rest = after_meeting;
            }
        }
    }
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let rest = strip_prefix_ignoring_ascii_case(rest.trim_start_matches(is_space), "on")?;
    let date = rest.trim_start_matches(is_space);
    if date.len() == rest.len() {
        return None;
    }
    Some((organ, meeting, &date[..printed_date_len(date)?]))
}

/// The text from the start of each of its lines on (a pattern anchored at a line start may read
/// on across the line's end).
fn from_each_line_start(text: &str) -> impl Iterator<Item = &str> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1))
        .map(|start| &text[start..])
}

/// ASCII white space, as `\s` sees it in ASCII text.
fn is_space(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_ascii_space)
}

/// The length of "25 May 1993" at the start of an ASCII text (`\d{1,2}\s+[A-Z][a-z]+\s+\d{4}`
/// in any case), if it starts so.
fn printed_date_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let run =
        |from: usize, test: fn(&u8) -> bool| bytes[from..].iter().take_while(|b| test(b)).count();
    let day = run(0, u8::is_ascii_digit);
    let space = run(day, |&b| is_ascii_space(b));
    let month = run(day + space, u8::is_ascii_alphabetic);
    let space_2 = run(day + space + month, |&b| is_ascii_space(b));
    let year_at = day + space + month + space_2;
    let year = run(year_at, u8::is_ascii_digit);
    ((1..=2).contains(&day) && space > 0 && month >= 2 && space_2 > 0 && year >= 4)
        .then_some(year_at + 4)
}

/// The number and year of `SC_NUMBER`'s first match ("RESOLUTION 827 (1993)" at the start of a
/// line, in any case), read by hand in ASCII text and by the pattern elsewhere.
fn security_council_number(header: &str) -> Option<(&str, &str)> {
    if !header.is_ascii() {
        return first_two_groups(&SC_NUMBER, header);
    }
    from_each_line_start(header).find_map(|line| {
        // "RESOLUTION" with white space after it is taken whenever it is there: a number
        // cannot start with "R".
        strip_prefix_ignoring_ascii_case(line, "resolution")
            .map(|after| after.trim_start_matches(is_space))
            .filter(|after| after.len() + "resolution".len() < line.len())
            .map_or_else(|| number_and_year(line), number_and_year)
    })
}

/// "827 (1993)" at the start of an ASCII text: one to four digits, white space, a bracketed
/// four-digit year.
fn number_and_year(text: &str) -> Option<(&str, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=4).contains(&digits) {
        return None;
    }
    let bracket = text[digits..]
        .trim_start_matches(is_space)
        .strip_prefix('(')?;
    let year = bracket.get(..4)?;
    (year.bytes().all(|b| b.is_ascii_digit()) && bracket[4..].starts_with(')'))
        .then(|| (&text[..digits], year))
}

/// The first two groups of a pattern's first match in `text`.
fn first_two_groups<'t>(pattern: &Pattern, text: &'t str) -> Option<(&'t str, &'t str)> {
    let c = pattern.captures(text)?;
    Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
}

fn starts_with_ignoring_ascii_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn strip_prefix_ignoring_ascii_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    starts_with_ignoring_ascii_case(text, prefix).then(|| &text[prefix.len()..])
}
static GA_NUMBER_TITLE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?m)^((?:ES-|S-)?\d{1,2}/\d{1,3}|\d{1,4} ?\([IVXL]+\))\.?\s+((?u:\S.*))$")
});
static SC_NUMBER: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?mi)^(?:RESOLUTION\s+)?(\d{1,4})\s*\((\d{4})\)"));
static PRINTED_SYMBOL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"\b((?:A|S|E)/(?:HRC/)?RES/[\w./-]+(?:\s?\(\d{4}\)|\s?\([IVXL]+\))?)")
});
static ON_THE_REPORT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\[(?:on the report of the ([\w\s,-]*?Committee)|without reference to a Main Committee)\s*\(((?u:[^)])+)\)",
    )
});
static RESOLUTION_OF: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?m)(?:^|Resolution )of (\d{1,2} [A-Z][a-z]+ \d{4})"));
static MEETING: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(\d+(?:st|nd|rd|th)) (plenary )?meeting"));
static DATE: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b"));

/// Whether a line of the header may begin as `GA_NUMBER_TITLE` needs: "63/156", "S-27/2",
/// "2200 (XXI)" — digits, then "/" or an opening bracket after at most one space. A line that
/// starts with a character outside ASCII (a digit `\d` may take) is left to the pattern.
fn may_start_ga_number(header: &str) -> bool {
    header.split('\n').any(|line| {
        let line = line
            .strip_prefix("ES-")
            .or_else(|| line.strip_prefix("S-"))
            .unwrap_or(line);
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let after = &line.as_bytes()[digits..];
        let after = after.strip_prefix(b" ").unwrap_or(after);
        let non_ascii_start = line.bytes().next().is_some_and(|b| !b.is_ascii());
        non_ascii_start
            || (digits > 0
                && after
                    .first()
                    .is_some_and(|&b| b == b'/' || b == b'(' || !b.is_ascii()))
    })
}

/// The number and title of `GA_NUMBER_TITLE`'s first match ("63/156.\tTitle" at the start of
/// a line): read by hand in ASCII text, by the pattern elsewhere.
fn ga_number_and_title(header: &str) -> Option<(&str, &str)> {
    if !header.is_ascii() {
        return may_start_ga_number(header)
            .then(|| first_two_groups(&GA_NUMBER_TITLE, header))
            .flatten();
    }
    from_each_line_start(header).find_map(|text| {
        let number_len = ga_number_len(text)?;
        Some((
            &text[..number_len],
            title_after_number(&text[number_len..])?,
        ))
    })
}

/// The length of the number at the start of an ASCII text as `GA_NUMBER_TITLE` reads it:
/// "63/156", "S-27/2", "ES-10/14" (one or two digits, "/", one to three) or "2200 (XXI)" (one
/// to four digits, an optional space, a session in Roman numerals in brackets). Each run of
/// digits must end where the pattern's count allows, as nothing after it can be a digit.
fn ga_number_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let run = |from: usize, test: fn(&u8) -> bool| {
        bytes
            .get(from..)
            .map_or(0, |rest| rest.iter().take_while(|b| test(b)).count())
    };
    let session = text
        .strip_prefix("ES-")
        .or_else(|| text.strip_prefix("S-"))
        .map_or(0, |rest| text.len() - rest.len());
    let first = run(session, u8::is_ascii_digit);
    if bytes.get(session + first) == Some(&b'/') {
        let second = run(session + first + 1, u8::is_ascii_digit);
        return ((1..=2).contains(&first) && (1..=3).contains(&second))
            .then_some(session + first + 1 + second);
    }
    if session > 0 || !(1..=4).contains(&first) {
        return None;
    }
    let space = usize::from(bytes.get(first) == Some(&b' '));
    let open = first + space;
    let numeral = run(open + 1, |b| b"IVXL".contains(b));
    (bytes.get(open) == Some(&b'(') && numeral > 0 && bytes.get(open + 1 + numeral) == Some(&b')'))
        .then_some(open + 2 + numeral)
}

/// The title after a number in ASCII text as `GA_NUMBER_TITLE` reads it: after an optional
/// ".", white space (line breaks too), then the rest of the line from its first other
/// character.
fn title_after_number(text: &str) -> Option<&str> {
    let after_point = text.strip_prefix('.').unwrap_or(text);
    let title = after_point.trim_start_matches(is_space);
    if title.len() == after_point.len() || title.is_empty() {
        return None;
    }
    Some(title.split('\n').next().unwrap_or(title))
}

/// Reads the metadata from header and trailer text and the format's hints.
pub fn parse_metadata(
    header: &str,
    trailer: &str,
    opener: Option<&str>,
    hints: &FormatHints,
) -> Metadata {
    let mut meta = Metadata {
        job_number: hints.job_number.clone(),
        agenda_item: hints.agenda_item.clone(),
        distribution_date: hints.distribution_date.as_deref().and_then(parse_date),
        ..Metadata::default()
    };
    // The patterns run only on headers with their literal parts ("adopted by the" in any ASCII
    // case, "[", "RES/", "("), which most headers lack. "adopted by the" has no letter whose
    // Unicode case folding leaves ASCII (only k and s have such), so ASCII case suffices.
    // The adoption line may wrap: it is read on one line, flattened from the header's first
    // "adopted" (a word, which flattening leaves whole) on. What `ADOPTED_BY` may match before
    // it ("resolution ") is optional and captures nothing.
    let adoption = find_ignoring_ascii_case(header, "adopted")
        .map(|at| collapse_spaces(&header[at..]))
        .and_then(|flat| {
            let at = find_ignoring_ascii_case(&flat, "adopted by the")?;
            read_adoption(&flat[at..]).map(|(organ, meeting, date)| {
                (
                    O::from_name(organ),
                    parse_date(date),
                    meeting.map(|m| [m, " meeting"].concat()),
                )
            })
        });
    if let Some((organ_id, adopted, meeting)) = adoption {
        meta.organ_id = organ_id;
        meta.adopted = adopted;
        meta.meeting = meeting;
    }
    if meta.organ_id.is_none() {
        meta.organ_id = opener
            .map(|o| o.trim_start_matches("The ").trim_end_matches([',', ':']))
            .and_then(O::from_name);
    }
    if let Some(c) = header
        .contains('[')
        .then(|| ON_THE_REPORT.captures(header))
        .flatten()
    {
        meta.committee = c.get(1).map(|m| m.as_str().trim().to_owned());
        meta.committee_report = Some(normalise_symbol(&c[2]));
    }

    let printed_symbol = hints
        .symbol
        .clone()
        .or_else(|| {
            header
                .contains("RES/")
                .then(|| printed_symbol(header))
                .flatten()
                .map(str::to_owned)
        })
        .map(|s| normalise_symbol(&s));
    if let Some(symbol) = &printed_symbol {
        meta.organ_id = meta.organ_id.or_else(|| O::of_symbol(symbol));
    }

    // Number (and title, for General Assembly style "63/156.\tTitle").
    if let Some((number, title)) = (meta.organ_id != Some(O::SecurityCouncil))
        .then(|| ga_number_and_title(header))
        .flatten()
    {
        meta.number = Some(number.to_owned());
        meta.title = Some(title.trim().to_owned());
        meta.organ_id = meta.organ_id.or(Some(O::GeneralAssembly));
    } else if let Some((number, year)) = header
        .contains('(')
        .then(|| security_council_number(header))
        .flatten()
    {
        meta.number = Some([number, " (", year, ")"].concat());
        meta.organ_id = meta.organ_id.or(Some(O::SecurityCouncil));
    }
    meta.symbol = printed_symbol.or_else(|| {
        let number = parse_printed_number(meta.number.as_deref()?)?;
        meta.organ_id?.resolution_symbol(&number)
    });
    meta.session = meta
        .number
        .as_deref()
        .and_then(|n| n.split('/').next())
        .and_then(|s| s.parse().ok())
        .filter(|_| meta.organ_id == Some(O::GeneralAssembly))
        .or_else(|| {
            let words = hints.session.as_deref()?.strip_suffix(" session")?;
            session_from_words(words.split_whitespace().last()?)
        });

    if meta.title.is_none() {
        meta.title = heading_title(header);
    }
    if meta.adopted.is_none() {
        meta.adopted = RESOLUTION_OF
            .captures(header)
            .and_then(|c| parse_date(&c[1]))
            .or_else(|| DATE.find(trailer).and_then(|m| parse_date(m.as_str())));
    }
    if meta.meeting.is_none() {
        let meeting_in = |text: &str| MEETING.captures(text).map(|c| c[0].to_owned());
        meta.meeting = meeting_in(trailer).or_else(|| {
            // In the header on one line (a match may span its line breaks), when it has the word.
            let flat = header
                .contains("meeting")
                .then(|| collapse_spaces(header))?;
            meeting_in(&flat)
        });
    }
    meta.organ = meta.organ_id.map(O::name);
    meta
}

/// The first symbol `PRINTED_SYMBOL` finds in a header ("A/RES/63/156", "S/RES/827 (1993)"),
/// read by hand in ASCII headers (where `\w`, `\s`, `\d` and `\b` are ASCII), with the
/// pattern elsewhere. Each match holds "RES/" right after "A/", "S/", "E/" or one of them and
/// "HRC/", and the match around an earlier "RES/" starts earlier, so the first "RES/" that
/// reads as a symbol gives the pattern's first match.
fn printed_symbol(header: &str) -> Option<&str> {
    if !header.is_ascii() {
        return PRINTED_SYMBOL.find(header).map(|m| m.as_str());
    }
    let bytes = header.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let is_organ = |b: u8| matches!(b, b'A' | b'S' | b'E');
    memchr::memmem::find_iter(bytes, b"RES/").find_map(|res| {
        let start = match bytes[..res] {
            [.., organ, b'/'] if is_organ(organ) => res - 2,
            [.., organ, b'/', b'H', b'R', b'C', b'/'] if is_organ(organ) => res - 6,
            _ => return None,
        };
        if start > 0 && is_word(bytes[start - 1]) {
            return None;
        }
        let body_start = res + 4;
        let body = bytes[body_start..]
            .iter()
            .take_while(|&&b| is_word(b) || matches!(b, b'.' | b'/' | b'-'))
            .count();
        if body == 0 {
            return None;
        }
        let end = body_start + body;
        Some(&header[start..end + bracketed_year_or_session(&bytes[end..])])
    })
}

/// The length of the "(1993)", " (XXI)" that may close a printed symbol (`\s?\(\d{4}\)` or
/// `\s?\([IVXL]+\)` in ASCII), or 0.
fn bracketed_year_or_session(after: &[u8]) -> usize {
    let space = usize::from(after.first().is_some_and(|&b| is_ascii_space(b)));
    let Some(inside) = after[space..].strip_prefix(b"(") else {
        return 0;
    };
    let year = inside.len() > 4 && inside[..4].iter().all(u8::is_ascii_digit) && inside[4] == b')';
    if year {
        return space + 6;
    }
    let numeral = inside
        .iter()
        .take_while(|&&b| matches!(b, b'I' | b'V' | b'X' | b'L'))
        .count();
    if numeral > 0 && inside.get(numeral) == Some(&b')') {
        space + numeral + 2
    } else {
        0
    }
}

/// "827 (1993)", "63/156", "2200 (XXI)", "S-27/2" as a structured number.
pub fn parse_printed_number(printed: &str) -> Option<ResolutionNumber> {
    static FORM: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(
            r"^(?:(\d{1,4}) ?\((\d{4})\)|(\d{1,4}) ?\(([IVXL]+)\)|((?:ES-|S-)?\d{1,4})/(\d{1,4}))$",
        )
    });
    let c = FORM.captures(printed.trim())?;
    if let (Some(n), Some(y)) = (c.get(1), c.get(2)) {
        return Some(ResolutionNumber::Year {
            number: n.as_str().parse().ok()?,
            year: y.as_str().parse().ok()?,
        });
    }
    if let (Some(n), Some(s)) = (c.get(3), c.get(4)) {
        return Some(ResolutionNumber::Roman {
            number: n.as_str().parse().ok()?,
            session: s.as_str().to_owned(),
        });
    }
    Some(ResolutionNumber::Slashed {
        first: c.get(5)?.as_str().to_owned(),
        second: c.get(6)?.as_str().parse().ok()?,
    })
}

/// An all-capitals heading line ("MILITARY STAFF COMMITTEE") as the title of early resolutions.
fn heading_title(header: &str) -> Option<String> {
    header
        .lines()
        .map(str::trim)
        .find(|line| {
            line.len() > 6
                && line.chars().any(|c| c.is_alphabetic())
                && !line.chars().any(|c| c.is_lowercase())
                && !line.starts_with("RESOLUTION")
                && !line.contains('/')
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand reading of ASCII headers finds what `PRINTED_SYMBOL` finds, on hand-made texts
    /// and on every document (and every line) of the bundled corpus.
    #[test]
    fn reads_printed_symbols_as_the_pattern_does() {
        let mut texts: Vec<String> = [
            "United Nations A/RES/63/156\n\n63/156.\tTrafficking",
            "S/RES/827 (1993)",
            "S/RES/827(1993) and",
            "S/RES/827\t(XXI)",
            "S/RES/827 (199)",
            "S/RES/827 (19934)",
            "S/RES/827 ()",
            "S/RES/827 (XIV",
            "S/RES/827  (1993)",
            "A/HRC/RES/5/1",
            "E/HRC/RES/",
            "E/HRC/RES/ then S/RES/1",
            "XA/RES/1 _S/RES/2 (S/RES/3)",
            "A/C.3/RES/1 A/RES/RES/4",
            "B/RES/1 A/RES/_x-./y",
            "A/RES/É1 S/RES/2",
            "RES/1",
            "/RES/1",
            "",
        ]
        .map(str::to_owned)
        .to_vec();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
        for path in crate::store::collect_inputs(&[corpus]).unwrap() {
            if let Ok(source) = crate::read::read_path(&path) {
                texts.extend(source.text.lines().map(str::to_owned));
                texts.push(source.text);
            }
        }
        for text in &texts {
            assert_eq!(
                printed_symbol(text),
                PRINTED_SYMBOL
                    .captures(text)
                    .map(|c| c.get(1).unwrap().as_str()),
                "{text}"
            );
        }
    }

    #[test]
    fn reads_adoption_lines_as_the_pattern_does() {
        for text in [
            "Adopted by the Security Council at its 3217th meeting, on 25 May 1993",
            "resolution adopted by the general assembly on 18 December 2008 x",
            "adopted by the General Assembly at its 70th plenary meeting on\t3 June 20011",
            "Adopted by the Security Council at its meeting, on 25 May 1993",
            "Adopted by the Security Council at its 12 meeting, on 25 May 1993",
            "Adopted by the Security Council,on25 May 1993",
            "Adopted by the Security Council on 123 May 1993",
            "Adopted by the Security Council on 12 M 1993",
            "Adopted by the Security Council on 12 May 993",
            "Adopted by the Council on 1 May 1993. Adopted by the Trusteeship Council ON 1 MAY 1950",
            "Adopted by the Economic and Social Council at its 3rd meeting  on 2 July 1946",
        ] {
            let by_pattern = ADOPTED_BY.captures(text).map(|c| {
                let group = |i| c.get(i).map(|m| m.as_str());
                (group(1).unwrap(), group(2), group(3).unwrap())
            });
            assert_eq!(read_adoption(text), by_pattern, "{text:?}");
        }
    }

    #[test]
    fn reads_security_council_numbers_as_the_pattern_does() {
        for header in [
            "RESOLUTION 827 (1993)",
            "United Nations S/RES/4692 (2011)\nResolution 4692 (2011)",
            "resolution\n827\n(1993)",
            "RESOLUTIONS 1 (1946)",
            "12345 (1993)\n1 (1946) Resolution of 25 January 1946",
            "827 (19934)\n\n828(1993)",
            "Resolution 827 (993)",
            "x 827 (1993)",
            "RESOLUTION",
            "",
        ] {
            assert_eq!(
                security_council_number(header),
                first_two_groups(&SC_NUMBER, header),
                "{header:?}"
            );
        }
    }

    #[test]
    fn reads_general_assembly_numbers_as_the_pattern_does() {
        for header in [
            "10/324. UNITED NATIONS",
            "United Nations A/RES/63/156\n\n63/156.\tTrafficking in women and girls\n",
            "63/156\n\n  Trafficking\r\nnext",
            "S-27/2. A world fit for children",
            "ES-10/14. Illegal Israeli actions",
            "ES-1/2",
            "E-10/14. x",
            "2200 (XXI). International Covenants",
            "2200(XXI) Covenants",
            "2200  (XXI) Covenants",
            "12345 (XXI) Covenants",
            "2200 (XXI)Covenants",
            "2200 (XXIV. x",
            "2200 () x",
            "123/45. x",
            "12/3456. x",
            "12/345.x",
            "12/345.",
            "12/345. \n\t ",
            "12/345 .x",
            "1/1. x\n2/2. y",
            "Agenda item 65\n\n10/324. UNITED NATIONS",
            "x 10/324. UNITED NATIONS",
            "",
        ] {
            let by_hand = ga_number_and_title(header);
            assert_eq!(
                by_hand,
                first_two_groups(&GA_NUMBER_TITLE, header),
                "{header:?}"
            );
        }
    }

    #[test]
    fn reads_a_security_council_header() {
        let header = "RESOLUTION 827 (1993)\nAdopted by the Security Council at its 3217th meeting, on\n25 May 1993";
        let meta = parse_metadata(
            header,
            "",
            Some("The Security Council,"),
            &FormatHints::default(),
        );
        assert_eq!(meta.symbol.as_deref(), Some("S/RES/827(1993)"));
        assert_eq!(meta.organ, Some("Security Council"));
        assert_eq!(meta.adopted.as_deref(), Some("1993-05-25"));
        assert_eq!(meta.meeting.as_deref(), Some("3217th meeting"));
        assert_eq!(meta.number.as_deref(), Some("827 (1993)"));
    }

    #[test]
    fn reads_an_early_security_council_header() {
        let header = "MILITARY STAFF COMMITTEE\n1 (1946) Resolution of 25 January 1946";
        let meta = parse_metadata(
            header,
            "Adopted at the 2nd meeting.",
            None,
            &FormatHints::default(),
        );
        assert_eq!(meta.symbol.as_deref(), Some("S/RES/1(1946)"));
        assert_eq!(meta.adopted.as_deref(), Some("1946-01-25"));
        assert_eq!(meta.title.as_deref(), Some("MILITARY STAFF COMMITTEE"));
        assert_eq!(meta.meeting.as_deref(), Some("2nd meeting"));
    }
}
