//! Resolutions as texts cite them: "resolution 2200 A (XXI)", "its resolution 713 (1991)",
//! "resolutions 660 (1990), 661 (1990) … and 678 (1990)", "resolutions 660 (1990) to 662
//! (1990)", "its resolutions 47/19 of 24 November 1992, 48/16 of 3 November 1993",
//! "resolution ES-10/1", "Human Rights Council resolution 33/11", "World Health Assembly
//! resolution WHA69.2". The organ comes from the text, else from the citing organ ("its"),
//! else from the number's shape.

use std::sync::LazyLock;

use crate::pattern::{CaselessWord, Pattern};

use super::{reference, Cited, Context, Reference};
use crate::symbols::{roman_value, Organ, ResolutionNumber};

const ITEM: &str = r"(?:(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s[A-Z]\b)?|\d{1,4}(?:\s[A-Z](?:\s?(?:and|,)\s?[A-Z])*)?\s?\((?:\d{4}|[IVXL]+|ES-[IVXL]+|S-[IVXL]+|S-\d|1{1,3})\)|\d{1,4}[A-Z]\s?\((?:[IVXL]+|ES-[IVXL]+|S-[IVXL]+)\)|(?:WHA\s?)?\d{1,2}\.\d{1,3})";
const DATE: &str = r"(?:,?\s+of\s+\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?)?";
const SEPARATOR: &str = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+to\s+|\s*(?:-|–)\s*)";

/// The organs a list may name before its keyword; no name starts another.
const LIST_ORGANS: [&str; 9] = [
    "General Assembly",
    "Security Council",
    "Economic and Social Council",
    "Human Rights Council",
    "Commission on Human Rights",
    "World Health Assembly",
    "Trusteeship Council",
    "Assembly",
    "Council",
];

/// "General Assembly resolutions 41 (1) and 42 (1)". Only where the matches are is searched
/// for (the capture engine over this pattern costs more than the search); `ListParts` reads
/// the parts of a match.
static LIST: LazyLock<Pattern> = LazyLock::new(|| {
    let organs = LIST_ORGANS.join("|");
    Pattern::new(&format!(
        r"(?:\b(?:{organs})(?:'s)?\s+)?(?:\bits\s+)?(?:\b[Rr]esolutions?|RESOLUTIONS?)\s+{ITEM}{DATE}(?:{SEPARATOR}(?:(?:[Rr]esolutions?|its resolutions?)\s+)?{ITEM}{DATE})*"
    ))
});
/// One number of a list. A part letter glued to the number ("217A (III)") is read only before
/// a Roman session: before a year it is an OCR slip for a digit ("70S (1991)" for 705). Only
/// its matches are searched for; `Item::of` reads the groups (named here for its test).
static ONE_ITEM: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?P<slashed>(?P<first>(?:ES-|S-)?\d{1,4})/(?P<second>\d{1,4})(?:\s(?P<spart>[A-Z])\b)?)|(?P<paren>(?P<number>\d{1,4})(?:\s(?P<part>[A-Z](?:\s?(?:and|,)\s?[A-Z])*))?\s?\((?P<session>\d{4}|[IVXL]+|ES-[IVXL]+|S-[IVXL]+|S-\d|1{1,3})\))|(?P<glued>(?P<gnumber>\d{1,4})(?P<gpart>[A-Z])\s?\((?P<gsession>[IVXL]+|ES-[IVXL]+|S-[IVXL]+)\))|(?P<wha>(?:WHA\s?)?(?P<wsession>\d{1,2})\.(?P<wnumber>\d{1,3}))",
    )
});

/// A dated number standing alone in a list interrupted by a title: "resolutions 70/1 of
/// 25 September 2015, entitled “…”, 69/313 of 27 July 2015 on the Addis Ababa Action Agenda".
static DATED_ITEM: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\b((?:ES-|S-)?\d{1,3}/\d{1,4}(?:\s[A-Z]\b)?|\d{1,4} \(\d{4}\))\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}",
    )
});
/// "resolution" in any ASCII case: every reference needs the word (see `find`).
pub static KEYWORD_WORD: CaselessWord = CaselessWord::new("resolution");
static KEYWORD: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\b(resolutions?|decisions?)\b"));

/// Resolution references in a paragraph; `first_keyword` is where "resolution" first stands
/// in it, in any ASCII case (every reference needs the word).
pub fn find(text: &str, context: &Context<'_>, first_keyword: usize) -> Vec<Reference> {
    let mut found = find_lists(text, context, first_keyword);
    let covered: Vec<(usize, usize)> = found.iter().map(|r| (r.start, r.end)).collect();
    // A dated number counts only after the keyword in its sentence, so the numbers before the
    // sentence of the first keyword need not be searched for. No dated number holds a full
    // stop or a semicolon, so none straddles the sentence's start.
    let first_sentence = sentence_start(&text[..first_keyword]);
    for dated in DATED_ITEM.find_iter_at(text, first_sentence) {
        let number = dated_number(dated.as_str());
        let (number_start, number_end) = (dated.start(), dated.start() + number.len());
        if covered
            .iter()
            .any(|&(s, e)| s <= number_start && number_start < e)
        {
            continue;
        }
        // The list's keyword: the last "resolution(s)"/"decision(s)" before it in the sentence.
        let sentence_start = sentence_start(&text[..number_start]);
        let keyword = KEYWORD
            .find_iter(&text[sentence_start..number_start])
            .last()
            .map(|m| m.as_str().to_lowercase());
        if !keyword.is_some_and(|k| k.starts_with("resolution")) {
            continue;
        }
        let Some(parsed) = ONE_ITEM
            .find(number)
            .and_then(|m| parse_item(&Item::of(m.as_str())))
        else {
            continue;
        };
        let organ = organ_named_before(&text[sentence_start..number_start])
            .filter(|o| o.issues(&parsed.0))
            .or_else(|| organ_from_shape(&parsed.0, context));
        if let Some(symbol) = organ.and_then(|o| o.resolution_symbol(&parsed.0)) {
            if Some(symbol.as_str()) != context.own_symbol {
                found.push(reference(
                    number_start,
                    number_end,
                    resolution(symbol, parsed.1),
                ));
            }
        }
    }
    found
}

/// Where the sentence that `before` ends in starts: after its last full stop or semicolon
/// (a byte search, SIMD).
fn sentence_start(before: &str) -> usize {
    memchr::memrchr2(b'.', b';', before.as_bytes()).map_or(0, |stop| stop + 1)
}

/// The number of a `DATED_ITEM` match, its group: the match up to the white space before "of"
/// (a number has no lower case). Read so, the capture engine need not run.
fn dated_number(dated: &str) -> &str {
    dated.find("of").map_or("", |of| dated[..of].trim_end())
}

/// "resolution(s)" followed by a list of numbers.
fn find_lists(text: &str, context: &Context<'_>, first_keyword: usize) -> Vec<Reference> {
    let mut found = Vec::new();
    for list in lists(text, first_keyword) {
        let parts = ListParts::of(list.as_str());
        let named = parts.organ.and_then(Organ::from_name);
        let its = parts.its;
        let organ = match (named, parts.organ) {
            // "the Council" in a council's resolution is that council.
            (Some(Organ::SecurityCouncil), Some("Council")) => context
                .organ
                .filter(|o| o.name().ends_with("Council"))
                .or(named),
            (Some(organ), _) => Some(organ),
            // "the General Assembly in its resolution …": the organ named just before.
            (None, _) if its => organ_named_before(&text[..list.start()]).or(context.organ),
            (None, _) => None,
        };
        let body_start = list.start() + parts.numbers;
        let body = &text[body_start..list.end()];
        let mut previous: Option<(ResolutionNumber, Option<Organ>, usize)> = None;
        for whole in ONE_ITEM.find_iter(body) {
            let (start, end) = (body_start + whole.start(), body_start + whole.end());
            let Some((number, part)) = parse_item(&Item::of(whole.as_str())) else {
                continue;
            };
            // An organ that cannot have issued a number of this shape was misread from context.
            let item_organ = organ
                .filter(|o| o.issues(&number))
                .or_else(|| organ_from_shape(&number, context));
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

/// The matches of `LIST`, as `find_iter` finds them, searched for only from the keywords that
/// a number follows. `LIST`'s own prefilter stops at every "Council" and "its", and it runs over
/// every paragraph that has the word, mostly in "the resolution of the conflict".
///
/// Each match holds its keyword ("resolution", "Resolution" or "RESOLUTION", and the plural)
/// after at most an organ, "'s", "its" and white space, none of which holds the word in any
/// case. So a match whose keyword is the first one after the last match that a number can
/// follow (`may_open_list`) starts at `earliest_list_start` or after it, and one whose keyword
/// is a later one starts after the first: no match starts between the last one's end and the
/// search's start, and the search finds the next match of `find_iter`.
fn lists(text: &str, first_keyword: usize) -> Vec<regex::Match<'_>> {
    let mut found: Vec<regex::Match<'_>> = Vec::new();
    let mut end = 0;
    let keywords = KEYWORD_WORD
        .find_iter(&text[first_keyword..])
        .map(|at| first_keyword + at);
    for keyword in keywords {
        if keyword < end || !may_open_list(&text[keyword + "resolution".len()..]) {
            continue;
        }
        let Some(list) = LIST.find_at(text, earliest_list_start(text, keyword).max(end)) else {
            break;
        };
        end = list.end();
        found.push(list);
    }
    found
}

/// Whether a list's numbers may follow a keyword that ends where `after` starts: an optional
/// plural "s", white space, and what a number of `ITEM` starts with, a digit ("ES-", "S-" or
/// "WHA" before it); any other character than an ASCII one might be a digit of the Unicode
/// build.
fn may_open_list(after: &str) -> bool {
    let after = after.strip_prefix(['s', 'S']).unwrap_or(after);
    let number = after.trim_start();
    number.len() < after.len()
        && number
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'E' | b'S' | b'W') || !b.is_ascii())
}

/// Where at the earliest a `LIST` match whose keyword starts at `keyword` can start: at an
/// organ's name and "'s", or at "its", each followed by white space, before the keyword.
fn earliest_list_start(text: &str, keyword: usize) -> usize {
    let before_space = |at: usize| text[..at].trim_end().len();
    let organ_start = |at: usize| {
        let before = &text[..at];
        let before = before.strip_suffix("'s").unwrap_or(before);
        LIST_ORGANS
            .iter()
            .filter(|name| before.ends_with(*name))
            .map(|name| before.len() - name.len())
            .min()
    };
    let spaced = before_space(keyword);
    if spaced == keyword {
        return keyword;
    }
    let its = text[..spaced].strip_suffix("its").map(str::len);
    [
        Some(keyword),
        organ_start(spaced),
        its,
        its.filter(|&its| before_space(its) < its)
            .and_then(|its| organ_start(before_space(its))),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(keyword)
}

/// The parts of a `LIST` match, as capture groups would give them: the organ named first (its
/// name starts the match), whether "its" stands before the keyword, and where the numbers
/// start (after the keyword and the white space after it). Each part follows the one before
/// without choice: an organ name or "'s" present in the match is part of it, since nothing
/// else in the pattern can start with it.
struct ListParts<'t> {
    organ: Option<&'t str>,
    its: bool,
    numbers: usize,
}

impl<'t> ListParts<'t> {
    fn of(list: &'t str) -> ListParts<'t> {
        let skip_space = |at: usize| {
            list[at..]
                .char_indices()
                .find(|&(_, c)| !c.is_whitespace())
                .map_or(list.len(), |(i, _)| at + i)
        };
        let organ = LIST_ORGANS
            .iter()
            .find(|&name| list.starts_with(name))
            .map(|name| &list[..name.len()]);
        let mut at = 0;
        if let Some(name) = organ {
            at = name.len();
            if list[at..].starts_with("'s") {
                at += 2;
            }
            at = skip_space(at);
        }
        let its = list[at..].starts_with("its") && list[at + 3..].starts_with(char::is_whitespace);
        if its {
            at = skip_space(at + 3);
        }
        // "resolution", "Resolution" or "RESOLUTION", and its plural.
        at += "resolution".len();
        if list[at..].starts_with(['s', 'S']) {
            at += 1;
        }
        ListParts {
            organ,
            its,
            numbers: skip_space(at),
        }
    }
}

fn resolution(symbol: String, part: Option<String>) -> Cited {
    Cited::Resolution { symbol, part }
}

/// The groups of a `ONE_ITEM` match, one variant for each of its alternatives.
#[derive(Debug, PartialEq, Eq)]
enum Item<'t> {
    /// "47/19", "ES-10/1", "33/11 B".
    Slashed {
        first: &'t str,
        second: &'t str,
        part: Option<&'t str>,
    },
    /// "2200 A (XXI)", "660 (1990)", "186 (S-2)".
    Paren {
        number: &'t str,
        part: Option<&'t str>,
        session: &'t str,
    },
    /// "217A (III)".
    Glued {
        number: &'t str,
        part: &'t str,
        session: &'t str,
    },
    /// "WHA69.2".
    Dotted { session: &'t str, number: &'t str },
}

impl<'t> Item<'t> {
    /// Reads a `ONE_ITEM` match as its capture groups would (the capture engine costs more
    /// than the search). Only the slashed form has a slash, only the parenthesised and the
    /// glued forms end in a parenthesis, and of these only the glued form has a capital right
    /// after its number; within each form every part ends where the next kind of character
    /// starts (a `\d` is no space, parenthesis or capital).
    fn of(item: &'t str) -> Item<'t> {
        let number_end = |text: &str| {
            text.find(|c: char| c.is_whitespace() || c == '(' || c.is_ascii_uppercase())
                .unwrap_or(text.len())
        };
        if let Some((first, rest)) = item.split_once('/') {
            // "33/11 B": a white space and a capital after the second number.
            let (second, part) = match rest.find(char::is_whitespace) {
                Some(space) => (&rest[..space], Some(rest[space..].trim_start())),
                None => (rest, None),
            };
            return Item::Slashed {
                first,
                second,
                part,
            };
        }
        if let Some(inside) = item.strip_suffix(')') {
            let open = inside.rfind('(').unwrap_or(0);
            let session = &inside[open + 1..];
            let number = &inside[..number_end(inside)];
            let after = &inside[number.len()..open];
            if after.starts_with(|c: char| c.is_ascii_uppercase()) {
                return Item::Glued {
                    number,
                    part: &after[..1],
                    session,
                };
            }
            // " A and B (": one white space, then the part up to the white space before "(".
            let part = after
                .chars()
                .next()
                .map(|space| after[space.len_utf8()..].trim_end())
                .filter(|part| part.starts_with(|c: char| c.is_ascii_uppercase()));
            return Item::Paren {
                number,
                part,
                session,
            };
        }
        let digits = item.trim_start_matches("WHA").trim_start();
        let (session, number) = digits.split_once('.').unwrap_or((digits, ""));
        Item::Dotted { session, number }
    }
}

fn parse_item(item: &Item<'_>) -> Option<(ResolutionNumber, Option<String>)> {
    match *item {
        Item::Slashed {
            first,
            second,
            part,
        } => {
            let first = first.to_owned();
            let second = second.parse().ok()?;
            let part = part.map(str::to_owned);
            Some((ResolutionNumber::Slashed { first, second }, part))
        }
        Item::Glued {
            number,
            part,
            session,
        } => {
            let number = number.parse().ok()?;
            roman_value(session.rsplit('-').next()?)?;
            let session = session.to_owned();
            Some((
                ResolutionNumber::Roman { number, session },
                Some(part.to_owned()),
            ))
        }
        Item::Paren {
            number,
            part,
            session,
        } => {
            let number = number.parse().ok()?;
            // OCR reads the numerals I, II, III of the first sessions as 1, 11, 111.
            let session = match session {
                "1" => "I",
                "11" => "II",
                "111" => "III",
                other => other,
            };
            let part = part.map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "));
            let parsed = match session.parse::<u32>() {
                Ok(year) if (1946..=2100).contains(&year) => {
                    ResolutionNumber::Year { number, year }
                }
                Ok(_) => return None,
                Err(_) => {
                    // The first two special sessions numbered themselves in Arabic: "186 (S-2)".
                    let numeral = session.rsplit('-').next()?;
                    if !matches!(numeral, "1" | "2") {
                        roman_value(numeral)?;
                    }
                    ResolutionNumber::Roman {
                        number,
                        session: session.to_owned(),
                    }
                }
            };
            Some((parsed, part))
        }
        Item::Dotted { session, number } => {
            let session = session.parse().ok()?;
            let number = number.parse().ok()?;
            Some((ResolutionNumber::Dotted { session, number }, None))
        }
    }
}

/// The organ named at the end of the text before "its resolution", within the same clause: the
/// first organ name in the last 100 bytes that is followed by something other than a word
/// character and then by at most six words, each followed by something other than a word
/// character, up to the end (the matches of `(organ)\W+(?:\w+\W+){0,6}$`, in Unicode
/// classes). Written out, because that pattern's Unicode classes cost more than the search.
fn organ_named_before(before: &str) -> Option<Organ> {
    let before = super::tail(before, 100);
    // Every organ name contains one of these; most texts name none.
    if !["Assembly", "Council", "Commission"]
        .iter()
        .any(|word| before.contains(word))
    {
        return None;
    }
    // No two names start alike, so the first place where one fits names the organ.
    Organ::UN_NAMES
        .iter()
        .flat_map(|name| before.match_indices(name))
        .filter(|&(start, name)| few_words_to_the_end(&before[start + name.len()..]))
        .min_by_key(|&(start, _)| start)
        .and_then(|(_, name)| Organ::from_name(name))
}

/// Whether `rest` is a run of non-word characters and then at most six words, each followed
/// by non-word characters, to its end (`\W+(?:\w+\W+){0,6}$`).
fn few_words_to_the_end(rest: &str) -> bool {
    let (mut words, mut in_word) = (0, false);
    for (i, c) in rest.chars().enumerate() {
        let word = regex_syntax::is_word_character(c);
        if word && i == 0 {
            return false;
        }
        if word && !in_word {
            words += 1;
        }
        in_word = word;
    }
    !rest.is_empty() && !in_word && words <= 6
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
        let first_keyword = crate::pattern::find_ignoring_ascii_case(text, "resolution");
        find(text, &context, first_keyword.unwrap_or(0))
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
        assert_eq!(
            symbols("the concern expressed by the General Assembly in its resolutions 195 (III) of 12 December 1948", Some(Organ::SecurityCouncil)),
            vec!["A/RES/195(III)"]
        );
        // S/RES/54 (1948), a resolution of the second special session.
        assert_eq!(
            symbols("General Assembly resolution 186 (S-2) of 14 May 1948", None),
            vec!["A/RES/186(S-2)"]
        );
    }

    /// The written-out search finds what its pattern finds.
    #[test]
    fn organ_named_before_as_its_pattern() {
        let pattern = regex::Regex::new(
            r"(General Assembly|Security Council|Economic and Social Council|Human Rights Council|Commission on Human Rights|Trusteeship Council)\W+(?:\w+\W+){0,6}$",
        )
        .unwrap();
        for before in [
            "the concern expressed by the General Assembly in its ",
            "the General Assembly, in its ",
            "the General Assembly adopted on that day in plenary session its ",
            "the General Assembly adopted on that day in plenary session at last its ",
            "General Assembly",
            "General Assembly ",
            "the Commission on Human Rights Council in its ",
            "the Security Council and the General Assembly in their ",
            "XSecurity Council in its ",
            "the Security Council’s request and the Trusteeship Council’s ",
            "the Human Rights Council — in its ",
            "the Economic and Social Council in Genève its ",
            "the Economic and Social Council in Genève, d’après its ",
            "Security Council\u{a0}in its ",
            "Security Council_ in its ",
            "Security Council; its",
        ] {
            let expected = pattern
                .captures(super::super::tail(before, 100))
                .and_then(|c| Organ::from_name(&c[1]));
            assert_eq!(organ_named_before(before), expected, "{before}");
        }
    }

    /// `Item::of` reads a match as the capture groups of `ONE_ITEM` do, in either build.
    #[test]
    fn items_read_as_capture_groups() {
        fn groups<'t>(c: &regex::Captures<'t>) -> Item<'t> {
            let group = |name: &str| c.name(name).map(|m| m.as_str());
            let whole = |name: &str| c.name(name).unwrap().as_str();
            if c.name("slashed").is_some() {
                Item::Slashed {
                    first: whole("first"),
                    second: whole("second"),
                    part: group("spart"),
                }
            } else if c.name("glued").is_some() {
                Item::Glued {
                    number: whole("gnumber"),
                    part: whole("gpart"),
                    session: whole("gsession"),
                }
            } else if c.name("paren").is_some() {
                Item::Paren {
                    number: whole("number"),
                    part: group("part"),
                    session: whole("session"),
                }
            } else {
                Item::Dotted {
                    session: whole("wsession"),
                    number: whole("wnumber"),
                }
            }
        }
        let text = "47/19, ES-10/1 and S-27/2 A; 33/11 B. 2200 A (XXI), 660 (1990) to 662 (1990), \
            186 (S-2), 1 A and B (I), 2 A,B(1990), 3 A , B (XX), 41 (1), 42 (11), 43 (111), \
            70S (1991) 217A (III), 217A(III), 218 B(ES-IV), 12 A, WHA69.2, WHA 69.2 and 12.3, \
            12345/6789 B, 7 (S-V) (1990)";
        let mut items = 0;
        for text in [
            text.to_owned(),
            format!("{text}, 5\u{a0}(1990), ٤٥ (1990), 6\u{2003}A (XX)"),
        ] {
            for c in ONE_ITEM.captures_iter(&text) {
                assert_eq!(Item::of(c.get(0).unwrap().as_str()), groups(&c));
                items += 1;
            }
        }
        assert!(items > 40, "{items}");
    }

    /// `dated_number` reads a `DATED_ITEM` match as its capture group.
    #[test]
    fn dated_number_as_capture_group() {
        let text =
            "resolutions 70/1 of 25 September 2015, 69/313\nof 27 July 2015, ES-10/2 B  of 5 May \
            1997 and 1244 (1999) of 10 June 1999, 12/3\u{a0}of 4 June 2000";
        let mut numbers = 0;
        for c in DATED_ITEM.captures_iter(text) {
            assert_eq!(dated_number(c.get(0).unwrap().as_str()), &c[1]);
            numbers += 1;
        }
        assert_eq!(numbers, 5);
    }

    /// Searched for from the keywords on, the lists are those `find_iter` finds.
    #[test]
    fn lists_as_find_iter() {
        fn search(text: &str) -> Vec<regex::Match<'_>> {
            // From the first keyword on, as `find` searches, the same as from the start.
            let from_start = lists(text, 0);
            if let Some(first) = crate::pattern::find_ignoring_ascii_case(text, "resolution") {
                let from_first = lists(text, first);
                assert!(from_first
                    .iter()
                    .map(|m| m.range())
                    .eq(from_start.iter().map(|m| m.range())));
            }
            from_start
        }
        let lists_found = super::super::tests::assert_searched_as_find_iter(&LIST, &[
            "the resolution of the conflict and resolution 660 (1990), 661 (1990)",
            "the General Assembly  \n its \t resolutions 1 (I) and 2 (I); Council's resolution 5 (1946)",
            "RESOLUTION 5 (1990); rEsolution 12 (1990); resolutionS 12 (1990); Resolution\n 47/19",
            "its resolution 12/3 of 4 Resolution 2000 and resolution 5 (1990) of 3 Resolution 1990",
            "draft resolution A/C.3/55/L.2, resolution WHA69.2, resolutions ES-10/1 and S-27/2",
            "resolution\u{a0}٤٥ (1990), resolution  \u{2003}12 (1990), Economic and Social Council's resolution 1 (I)",
            "Security Council resolution resolution 5 (1990) itsresolution 6 (1990) xits resolution 7 (1990)",
            "resolution",
            "resolutions",
            "resolution 12",
            "",
        ], search);
        assert!(lists_found > 1000, "{lists_found}");
    }

    /// `ListParts` reads a match as the capture groups of its pattern do.
    #[test]
    fn list_parts_as_capture_groups() {
        let organs = LIST_ORGANS.join("|");
        let groups = Pattern::new(&format!(
            r"(?:\b(?P<organ>{organs})(?:'s)?\s+)?(?P<its>\bits\s+)?(?:\b[Rr]esolutions?|RESOLUTIONS?)\s+(?P<list>{ITEM}{DATE}(?:{SEPARATOR}(?:(?:[Rr]esolutions?|its resolutions?)\s+)?{ITEM}{DATE})*)"
        ));
        let mut lists = 0;
        for text in [
            "Recalling its resolutions 47/19 of 24 November 1992, 48/16 and 49/9,",
            "the General Assembly in its resolution 195 (III) of 12 December 1948",
            "Security Council's  resolution\n660 (1990) to 662 (1990)",
            "the Council’s resolutions 660 (1990) and resolution 661 (1990)",
            "Commission on Human Rights resolution 2005/44 and Human Rights Council resolution 33/11",
            "RESOLUTIONS 217A (III) and WHA 69.2; Resolution ES-10/1; its  \t resolution S-27/2 A",
            "World Health Assembly resolutions WHA69.2 - WHA69.4, Assembly resolution 41 (1)",
            "the Economic and Social Council resolution 1296 (XLIV), Trusteeship Council resolution 1 (I)",
            "itsresolution 12 (1990) and Councilresolution 13 (1990), xits resolution 14 (1990)",
        ] {
            assert_eq!(LIST.find_iter(text).count(), groups.captures_iter(text).count());
            for (found, captured) in LIST.find_iter(text).zip(groups.captures_iter(text)) {
                let parts = ListParts::of(found.as_str());
                assert_eq!(found.range(), captured.get(0).unwrap().range());
                assert_eq!(parts.organ, captured.name("organ").map(|m| m.as_str()));
                assert_eq!(parts.its, captured.name("its").is_some());
                let list = captured.name("list").unwrap();
                assert_eq!(found.start() + parts.numbers, list.start(), "{text}");
                lists += 1;
            }
        }
        assert!(lists >= 14, "{lists}");
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
        assert_eq!(
            symbols("Recalling its resolutions 70/1 of 25 September 2015, entitled “Transforming our world: the 2030 Agenda for Sustainable Development”, and 69/313 of 27 July 2015 on the Addis Ababa Action Agenda, and its decision 72/555 of 2 May 2018", Some(Organ::GeneralAssembly)),
            vec!["A/RES/70/1", "A/RES/69/313"]
        );
        assert_eq!(
            symbols("its resolutions 186 (1964) of 4 March 1964, 353 (1974) of 20 July and 354 (1974) of 23 July 1974", Some(Organ::SecurityCouncil)),
            vec!["S/RES/186(1964)", "S/RES/353(1974)", "S/RES/354(1974)"]
        );
        // OCR slips: "41 (1)" is 41 (I); "70S (1991)" is no resolution 70 part S.
        assert_eq!(
            symbols("General Assembly resolutions 41 (1) and 42 (1)", None),
            vec!["A/RES/41(I)", "A/RES/42(I)"]
        );
        assert!(symbols("resolution 70S (1991)", Some(Organ::SecurityCouncil)).is_empty());
        // A part letter glued to the number before a Roman session: footnote of S/RES/605 (1987).
        assert_eq!(
            symbols(
                "General Assembly resolution 217A (III).",
                Some(Organ::SecurityCouncil)
            ),
            vec!["A/RES/217(III)"]
        );
    }
}
