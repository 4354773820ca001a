//! Resolutions as texts cite them: "resolution 2200 A (XXI)", "its resolution 713 (1991)",
//! "resolutions 660 (1990), 661 (1990) … and 678 (1990)", "resolutions 660 (1990) to 662
//! (1990)", "its resolutions 47/19 of 24 November 1992, 48/16 of 3 November 1993",
//! "resolution ES-10/1", "Human Rights Council resolution 33/11", "World Health Assembly
//! resolution WHA69.2". The organ comes from the text, else from the citing organ ("its"),
//! else from the number's shape.

use std::sync::LazyLock;

use regex::Regex;

use super::{reference, Cited, Context, Reference};
use crate::symbols::{roman_value, Organ, ResolutionNumber};

const ITEM: &str = r"(?:(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s?[A-Z]\b)?|\d{1,4}\s?(?:[A-Z](?:\s?(?:and|,)\s?[A-Z])*\s?)?\((?:\d{4}|[IVXL]+|ES-[IVXL]+|S-[IVXL]+)\)|WHA\s?\d{1,2}\.\d{1,3})";
const DATE: &str = r"(?:,?\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})?";
const SEPARATOR: &str = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+to\s+|\s*[-–]\s*)";

static LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:\b(?P<organ>General Assembly|Security Council|Economic and Social Council|Human Rights Council|Commission on Human Rights|World Health Assembly|Trusteeship Council|Assembly|Council)(?:'s)?\s+)?(?P<its>\bits\s+)?(?:\b[Rr]esolutions?|RESOLUTIONS?)\s+(?P<list>{ITEM}{DATE}(?:{SEPARATOR}(?:(?:[Rr]esolutions?|its resolutions?)\s+)?{ITEM}{DATE})*)"
    ))
    .unwrap()
});
static ONE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<slashed>(?P<first>(?:ES-|S-)?\d{1,4})/(?P<second>\d{1,4})(?:\s?(?P<spart>[A-Z])\b)?)|(?P<paren>(?P<number>\d{1,4})\s?(?P<part>[A-Z](?:\s?(?:and|,)\s?[A-Z])*)?\s?\((?P<session>\d{4}|[IVXL]+|ES-[IVXL]+|S-[IVXL]+)\))|(?P<wha>WHA\s?(?P<wsession>\d{1,2})\.(?P<wnumber>\d{1,3}))").unwrap()
});

/// Resolution references in a paragraph.
pub fn find(text: &str, context: &Context<'_>) -> Vec<Reference> {
    let mut found = Vec::new();
    for list in LIST.captures_iter(text) {
        let named = list
            .name("organ")
            .and_then(|m| Organ::from_name(m.as_str()));
        let its = list.name("its").is_some();
        let organ = match (named, list.name("organ").map(|m| m.as_str())) {
            // "the Council" in a council's resolution is that council.
            (Some(Organ::SecurityCouncil), Some("Council")) => context
                .organ
                .filter(|o| o.name().ends_with("Council"))
                .or(named),
            (Some(organ), _) => Some(organ),
            (None, _) if its => context.organ,
            (None, _) => None,
        };
        let body = list.name("list").unwrap();
        let mut previous: Option<(ResolutionNumber, Option<Organ>, usize)> = None;
        for item in ONE_ITEM.captures_iter(body.as_str()) {
            let whole = item.get(0).unwrap();
            let (start, end) = (body.start() + whole.start(), body.start() + whole.end());
            let Some((number, part)) = parse_item(&item) else {
                continue;
            };
            let item_organ = organ.or_else(|| organ_from_shape(&number, context));
            // "660 (1990) to 662 (1990)": expand the range.
            if let Some((previous_number, previous_organ, previous_end)) = &previous {
                let between = &text[*previous_end..start];
                if previous_organ == &item_organ && is_range_separator(between) {
                    for missing in range_between(previous_number, &number) {
                        if let Some(symbol) = item_organ.and_then(|o| o.resolution_symbol(&missing))
                        {
                            found.push(reference(*previous_end, start, resolution(symbol, None)));
                        }
                    }
                }
            }
            if let Some(symbol) = item_organ.and_then(|o| o.resolution_symbol(&number)) {
                if Some(symbol.as_str()) != context.own_symbol {
                    found.push(reference(start, end, resolution(symbol, part)));
                }
            }
            previous = Some((number, item_organ, end));
        }
    }
    found
}

fn resolution(symbol: String, part: Option<String>) -> Cited {
    Cited::Resolution { symbol, part }
}

fn parse_item(item: &regex::Captures<'_>) -> Option<(ResolutionNumber, Option<String>)> {
    if item.name("slashed").is_some() {
        let first = item.name("first")?.as_str().to_owned();
        let second = item.name("second")?.as_str().parse().ok()?;
        let part = item.name("spart").map(|m| m.as_str().to_owned());
        return Some((ResolutionNumber::Slashed { first, second }, part));
    }
    if item.name("paren").is_some() {
        let number = item.name("number")?.as_str().parse().ok()?;
        let session = item.name("session")?.as_str();
        let part = item
            .name("part")
            .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "));
        let parsed = match session.parse::<u32>() {
            Ok(year) if (1946..=2100).contains(&year) => ResolutionNumber::Year { number, year },
            Ok(_) => return None,
            Err(_) => {
                let numeral = session.rsplit('-').next()?;
                roman_value(numeral)?;
                ResolutionNumber::Roman {
                    number,
                    session: session.to_owned(),
                }
            }
        };
        return Some((parsed, part));
    }
    let session = item.name("wsession")?.as_str().parse().ok()?;
    let number = item.name("wnumber")?.as_str().parse().ok()?;
    Some((ResolutionNumber::Dotted { session, number }, None))
}

/// The organ a number's shape implies when the text names none.
fn organ_from_shape(number: &ResolutionNumber, context: &Context<'_>) -> Option<Organ> {
    match number {
        ResolutionNumber::Year { .. } => Some(Organ::SecurityCouncil),
        ResolutionNumber::Dotted { .. } => Some(Organ::WorldHealthAssembly),
        ResolutionNumber::Roman { .. } => match context.organ {
            Some(Organ::EconomicAndSocialCouncil) => Some(Organ::EconomicAndSocialCouncil),
            _ => Some(Organ::GeneralAssembly),
        },
        ResolutionNumber::Slashed { first, .. } => {
            let year_like = first.parse::<u32>().is_ok_and(|n| n >= 1946);
            match (year_like, context.organ) {
                (
                    true,
                    Some(o @ (Organ::EconomicAndSocialCouncil | Organ::CommissionOnHumanRights)),
                ) => Some(o),
                (true, _) => Some(Organ::EconomicAndSocialCouncil),
                (false, Some(Organ::HumanRightsCouncil)) => Some(Organ::HumanRightsCouncil),
                (false, _) => Some(Organ::GeneralAssembly),
            }
        }
    }
}

fn is_range_separator(between: &str) -> bool {
    let between = between.trim();
    between == "to" || between == "-" || between == "–"
}

/// Numbers strictly between two of the same shape and session ("661 (1990)" for
/// "660 (1990) to 662 (1990)"); nothing for implausible spans.
fn range_between(from: &ResolutionNumber, to: &ResolutionNumber) -> Vec<ResolutionNumber> {
    use ResolutionNumber::*;
    match (from, to) {
        (
            Year {
                number: a,
                year: y1,
            },
            Year {
                number: b,
                year: y2,
            },
        ) if y1 == y2 && b > a && b - a <= 60 => (a + 1..*b)
            .map(|number| Year { number, year: *y1 })
            .collect(),
        (
            Slashed {
                first: f1,
                second: a,
            },
            Slashed {
                first: f2,
                second: b,
            },
        ) if f1 == f2 && b > a && b - a <= 60 => (a + 1..*b)
            .map(|second| Slashed {
                first: f1.clone(),
                second,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(text: &str, organ: Option<Organ>) -> Vec<String> {
        let context = Context {
            organ,
            own_symbol: None,
        };
        find(text, &context)
            .into_iter()
            .map(|r| match r.cited {
                Cited::Resolution { symbol, .. } => symbol,
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn normalises_every_shape() {
        assert_eq!(
            symbols("Resolution 2200 A (XXI), annex.", None),
            vec!["A/RES/2200(XXI)"]
        );
        assert_eq!(
            symbols(
                "Reaffirming its resolution 713 (1991) of 25 September 1991",
                Some(Organ::SecurityCouncil)
            ),
            vec!["S/RES/713(1991)"]
        );
        assert_eq!(symbols("See resolution 55/2.", None), vec!["A/RES/55/2"]);
        assert_eq!(
            symbols("resolution ES-10/1 and resolution S-27/2", None),
            vec!["A/RES/ES-10/1", "A/RES/S-27/2"]
        );
        assert_eq!(
            symbols("Human Rights Council resolution 33/11 and Commission on Human Rights resolution 2005/44", None),
            vec!["A/HRC/RES/33/11", "E/CN.4/RES/2005/44"]
        );
        assert_eq!(
            symbols("Economic and Social Council resolution 2002/27", None),
            vec!["E/RES/2002/27"]
        );
        assert_eq!(
            symbols("World Health Assembly resolution WHA69.2", None),
            vec!["WHA69.2"]
        );
        assert_eq!(
            symbols(
                "General Assembly resolution 1514 (XV)",
                Some(Organ::SecurityCouncil)
            ),
            vec!["A/RES/1514(XV)"]
        );
    }

    #[test]
    fn expands_lists_and_ranges() {
        assert_eq!(
            symbols(
                "its resolutions 47/19 of 24 November 1992, 48/16 of 3 November 1993 and 49/9",
                Some(Organ::GeneralAssembly)
            ),
            vec!["A/RES/47/19", "A/RES/48/16", "A/RES/49/9"]
        );
        let mut range = symbols(
            "resolutions 660 (1990) to 662 (1990)",
            Some(Organ::SecurityCouncil),
        );
        range.sort();
        assert_eq!(
            range,
            vec!["S/RES/660(1990)", "S/RES/661(1990)", "S/RES/662(1990)"]
        );
        assert!(symbols("chap. I, resolution 1, annexes I and II.", None).is_empty());
    }
}
