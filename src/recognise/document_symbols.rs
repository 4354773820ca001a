//! UN document symbols: "A/63/425", "A/C.3/55/3", "S/25704 and Add.1", "A/61/122 and Add.1
//! and Add.1/Corr.1", "E/CN.4/2005/44", "S/PV.3217", and resolution symbols written out
//! ("S/RES/1445 (2002)", "A/RES/63/156").

use std::sync::LazyLock;

use crate::pattern::{Literal, Pattern};

use super::{reference, Cited, Context, Reference};
use crate::symbols::normalise_symbol;

/// A symbol and the addenda listed after it. Only its matches are searched for; `symbol_len`
/// splits them (the groups are named for its test).
static SYMBOL: LazyLock<Pattern> = LazyLock::new(|| {
    let prefixes = PREFIXES.join("|");
    Pattern::new(&format!(
        r"(?P<symbol>(?:(?:\$|\b(?:{prefixes}))(?:\s?/\s?[A-Za-z0-9.\-]+)+|\b5/(?:19[4-9]\d|20\d\d)/\d{{1,5}}\b)(?:\s?\((?:\d{{4}}|[IVXL]+)\))?)(?P<additions>(?:\s*(?:,|and|,\s*and)\s*(?:(?:Add|Corr|Rev)\.\s?)?\d+(?:\s?-\s?\d+)?(?:/(?:Corr|Rev|Add)\.\d+)?)*)",
    ))
});
/// The series a symbol's first segment names ("A/63/425", "E/CN.4/2005/44"); each ends in a
/// capital.
const PREFIXES: [&str; 26] = [
    "A", "S", "E", "T", "ST", "DP", "UNEP", "TD", "CRC", "CEDAW", "CERD", "CCPR", "CAT", "HRI",
    "ICEF", "UNDP", "ECE", "ESCAP", "ECA", "ECLAC", "ESCWA", "CRPD", "CMW", "CED", "SG", "UNW",
];
/// One item of an addenda list: "Add.1", "Add. 1", "Add.1-3", "Add.1/Corr.1", or a bare "2" that
/// continues the kind before it ("Add.1 and 2", "Corr.1, 2 and 3").
static ADDITION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?:(?P<kind>Add|Corr|Rev)\.\s?)?(?P<from>\d+)(?:\s?-\s?(?P<to>\d+))?(?P<sub>/(?:Corr|Rev|Add)\.\d+)?",
    )
});
/// The last part of a symbol that is itself an addendum: "S/11353/Add.24".
static ADDENDUM_SYMBOL: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^(?P<base>(?u:.+))/(?P<kind>Add|Corr|Rev)\.(?P<number>\d+)$"));

/// Document and resolution symbols in a paragraph.
pub fn find(text: &str, context: &Context<'_>) -> Vec<Reference> {
    let repaired = council_prefix_read_as_eight(text);
    let text = repaired.as_ref();
    let mut found = Vec::new();
    for whole in symbol_matches(text) {
        let symbol_end = whole.start() + symbol_len(whole.as_str());
        let symbol_text = &text[whole.start()..symbol_end];
        let symbol = normalise_symbol(&repair_ocr(symbol_text));
        if !plausible(&symbol) || Some(symbol.as_str()) == context.own_symbol {
            continue;
        }
        let cited = |symbol: String| {
            if symbol.contains("/RES/") {
                Cited::Resolution { symbol, part: None }
            } else {
                Cited::Document { symbol }
            }
        };
        found.push(reference(whole.start(), symbol_end, cited(symbol.clone())));
        let additions = &text[symbol_end..whole.end()];
        let after = &text[whole.end()..];
        for (start, end, added) in expand_additions(&symbol, additions, after) {
            found.push(reference(
                symbol_end + start,
                symbol_end + end,
                cited(added),
            ));
        }
    }
    found
}

/// The matches of `SYMBOL`, as `find_iter` finds them, searched for only from the slashes that
/// may end a symbol's first segment. `SYMBOL`'s prefilter stops at every "A", "E", "S" or
/// "T" that starts a word.
///
/// The first slash of a match follows "$", "5" or a series of `PREFIXES` (each ends in a
/// capital) and at most one white space character, so the match starts at most a prefix and
/// such a character before it. A match whose first slash is the first such slash after the last
/// match starts there or after; one whose first slash is a later one starts after the first
/// (else that would be its first): no match starts between the last one's end and the
/// search's start, and the search finds the next match of `find_iter`.
fn symbol_matches(text: &str) -> Vec<regex::Match<'_>> {
    let longest_prefix = PREFIXES.iter().map(|p| p.len()).max().unwrap_or(0);
    let mut found: Vec<regex::Match<'_>> = Vec::new();
    let mut end = 0;
    for slash in memchr::memchr_iter(b'/', text.as_bytes()) {
        if slash < end || !may_end_first_segment(&text[..slash]) {
            continue;
        }
        // A prefix and a white space character (at most four bytes) before the slash.
        let mut start = slash.saturating_sub(longest_prefix + 4).max(end);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let Some(symbol) = SYMBOL.find_at(text, start) else {
            break;
        };
        end = symbol.end();
        found.push(symbol);
    }
    found
}

/// Whether the text before a slash may end in what opens a symbol: "$", "5" or a capital (the
/// end of a series), then perhaps one white space character.
fn may_end_first_segment(before: &str) -> bool {
    let mut last = before.chars().rev();
    let opens = |c: Option<char>| c.is_some_and(|c| c == '$' || c == '5' || c.is_ascii_uppercase());
    match last.next() {
        Some(space) if space.is_whitespace() => opens(last.next()),
        other => opens(other),
    }
}

/// The length of the symbol that starts a `SYMBOL` match; its additions follow. The capture
/// engine would give the same (and cost more than the search): the symbol's segments and
/// the session or year after them are greedy and what follows them is optional, so each
/// takes all it can, and the additions start with neither a slash nor a parenthesis.
fn symbol_len(symbol_and_additions: &str) -> usize {
    let text = symbol_and_additions;
    let segments_end = match text.strip_prefix("5/") {
        // "5/2002/1005": the year, a slash, and digits up to the first non-word character.
        Some(rest) => {
            let number = rest.find('/').map_or(rest.len(), |slash| slash + 1);
            let digits = rest[number..]
                .find(|c| !regex_syntax::is_word_character(c))
                .unwrap_or(rest.len() - number);
            2 + number + digits
        }
        // "A/C.3/55/3", "S/ 13450": a prefix, then " / segment" as long as there are any.
        None => {
            let mut at = text
                .find(|c: char| c == '/' || c.is_whitespace())
                .unwrap_or(text.len());
            while let Some(segment) = segment_len(&text[at..]) {
                at += segment;
            }
            at
        }
    };
    // " (2002)", "(XXI)".
    let rest = &text[segments_end..];
    let after_space = rest.strip_prefix(char::is_whitespace).unwrap_or(rest);
    match after_space
        .strip_prefix('(')
        .and_then(|inside| inside.find(')'))
    {
        Some(close) => segments_end + (rest.len() - after_space.len()) + close + 2,
        None => segments_end,
    }
}

/// The length of one `\s?/\s?[A-Za-z0-9.\-]+` at the start of `text`, if there is one.
fn segment_len(text: &str) -> Option<usize> {
    let one_space = |at: usize| {
        text[at..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8)
    };
    let slash = one_space(0);
    if !text[slash..].starts_with('/') {
        return None;
    }
    let run_start = slash + 1 + one_space(slash + 1);
    let run = text[run_start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(text.len() - run_start);
    (run > 0).then_some(run_start + run)
}

/// Undoes the OCR slips that leave a symbol's shape unambiguous: "$/" and "5/<year>/" for
/// "S/" (only the Security Council's dated series starts "S/<year>/"; the `SYMBOL` pattern
/// admits "5/" only in that shape), and a "Rey.1" segment for the revision "Rev.1".
fn repair_ocr(symbol: &str) -> String {
    let symbol = match symbol.strip_prefix(['$', '5']) {
        Some(rest) => format!("S{rest}"),
        None => symbol.to_owned(),
    };
    symbol
        .split('/')
        .map(|segment| match segment.strip_prefix("Rey.") {
            Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                format!("Rev.{n}")
            }
            _ => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The symbols an addenda list after `symbol` names, with the byte span of each item in
/// `additions`: "and Add.1 and 2" → …/Add.1, …/Add.2; "and Add.1-3" → …/Add.1 to …/Add.3.
/// After a symbol that is itself an addendum ("S/7930/Add.64"), an item of the same kind is a
/// sibling ("and Add.65", "and 65" → S/7930/Add.65); one of another kind belongs to it
/// ("S/13450/Add.1 and Corr.1"). A bare number takes the kind of the item before and must be
/// the next number ("Add.1, 36" ends in a footnote marker); the list stops at the first that is
/// not, or at a bare number that is a day ("Add.1, 2 July 1964": `after` is the text past it).
fn expand_additions(symbol: &str, additions: &str, after: &str) -> Vec<(usize, usize, String)> {
    /// What a bare number continues: the symbol the last item attached to, its kind and number.
    struct Last {
        parent: String,
        kind: String,
        number: u32,
    }
    let own = ADDENDUM_SYMBOL.captures(symbol);
    let mut last: Option<Last> = own.as_ref().map(|c| Last {
        parent: c["base"].to_owned(),
        kind: c["kind"].to_owned(),
        number: c["number"].parse().unwrap_or(0),
    });
    let mut expanded = Vec::new();
    let items: Vec<_> = ADDITION.captures_iter(additions).collect();
    for (i, item) in items.iter().enumerate() {
        let whole = item.get(0).unwrap();
        let from: u32 = item["from"].parse().unwrap_or(1);
        let to: u32 = item
            .name("to")
            .and_then(|t| t.as_str().parse().ok())
            .unwrap_or(from);
        let (parent, kind) = match (item.name("kind"), &last) {
            (Some(kind), _) => {
                let sibling = own.as_ref().filter(|c| &c["kind"] == kind.as_str());
                let parent = sibling.map_or(symbol, |c| c.name("base").unwrap().as_str());
                (parent.to_owned(), kind.as_str().to_owned())
            }
            (None, Some(last)) if last.number.checked_add(1) == Some(from) => {
                let is_day = i + 1 == items.len() && starts_with_month(after);
                if is_day {
                    break;
                }
                (last.parent.clone(), last.kind.clone())
            }
            (None, _) => break,
        };
        let sub = item.name("sub").map_or("", |m| m.as_str());
        for n in from..=to.min(from + 20) {
            expanded.push((
                whole.start(),
                whole.end(),
                format!("{parent}/{kind}.{n}{sub}"),
            ));
        }
        // "Add.1/Corr.1 and 2" is ambiguous: a bare number continues only a plain item.
        last = sub.is_empty().then_some(Last {
            parent,
            kind,
            number: to,
        });
    }
    expanded
}

/// Whether text starts with a month name ("2 July": the number before it is a day).
fn starts_with_month(text: &str) -> bool {
    let word = text.split_whitespace().next().unwrap_or("");
    crate::structure::MONTHS
        .iter()
        .any(|month| word.starts_with(month))
}

/// OCR reads the "S/" of Security Council documents as "8/" ("1/ 8/24600.", "documents 8/25541,
/// S/25542 and S/25543"). An "8/" followed by a 4–5 digit number is taken for "S/" only where
/// nothing else can be meant: the text starts with it (a footnote), "document(s)" or an opening
/// bracket stands before it, or an addendum or another Council symbol follows. A year-like
/// number ("8/1993") needs "document(s)" before it or an addendum or symbol after it. The repair
/// keeps byte offsets ("8" and "S" are one byte each).
fn council_prefix_read_as_eight(text: &str) -> std::borrow::Cow<'_, str> {
    static EIGHT: LazyLock<Pattern> =
        LazyLock::new(|| Pattern::new(r"(?:^|[\s(\[])(8)/\s?(\d{4,5})\b"));
    /// What follows a symbol and nothing else: its addendum or the next Council symbol.
    static SYMBOL_CONTINUES: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(
            r"^(?:/\s?(?:Add|Corr|Rev)\.|\s+and\s+(?:Add|Corr|Rev)\.|,?\s+(?:and\s+)?S/\s?\d)",
        )
    });
    if !may_hold_eight_slash(text.as_bytes()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut repairs = Vec::new();
    for c in EIGHT.captures_iter(text) {
        let (eight, number) = (c.get(1).unwrap(), c.get(2).unwrap());
        let after = &text[number.end()..];
        let continues_as_symbol = SYMBOL_CONTINUES.is_match(after);
        // "8/12345/6" is a date or a fraction.
        if after.starts_with('/') && !continues_as_symbol {
            continue;
        }
        let before = text[..eight.start()].trim_end();
        let after_document = before
            .rsplit(|ch: char| !ch.is_alphabetic())
            .next()
            .is_some_and(|word| {
                word.eq_ignore_ascii_case("document") || word.eq_ignore_ascii_case("documents")
            });
        let year_like = number.len() == 4
            && (1940..=2030).contains(&number.as_str().parse::<u32>().unwrap_or(0));
        let cue = after_document
            || continues_as_symbol
            || (!year_like && (before.is_empty() || before.ends_with(['(', '['])));
        if cue {
            repairs.push(eight.start());
        }
    }
    if repairs.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut repaired = text.to_owned();
    for at in repairs {
        repaired.replace_range(at..at + 1, "S");
    }
    std::borrow::Cow::Owned(repaired)
}

/// Whether `text` has an "8/" where `council_prefix_read_as_eight` looks for one: at the start
/// or after white space or a bracket (a byte that is not ASCII may end a white space character
/// of the Unicode build). Most texts have none, and a byte search costs less than the pattern.
fn may_hold_eight_slash(text: &[u8]) -> bool {
    static EIGHT_SLASH: Literal = Literal::new("8/");
    EIGHT_SLASH.find_iter(text).any(|at| {
        at == 0 || {
            let before = text[at - 1];
            before.is_ascii_whitespace()
                || matches!(before, b'(' | b'[' | 0x0b)
                || !before.is_ascii()
        }
    })
}

/// A symbol has at least one digit and no trailing separator; "S/PV" alone is no symbol.
fn plausible(symbol: &str) -> bool {
    symbol.chars().any(|c| c.is_ascii_digit())
        && !symbol.ends_with('/')
        && !symbol.ends_with('-')
        && symbol.split('/').count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(text: &str) -> Vec<String> {
        find(text, &Context::default())
            .into_iter()
            .map(|r| match r.cited {
                Cited::Document { symbol } | Cited::Resolution { symbol, .. } => symbol,
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    /// Searched for from the slashes on, the symbols are those `find_iter` finds.
    #[test]
    fn symbols_as_find_iter() {
        let found = super::super::tests::assert_searched_as_find_iter(&SYMBOL, &[
            "A/63/425, A/C.3/55/3 and S/25704 and Add.1; S/RES/1445 (2002), A/RES/2200(XXI)",
            "and/or 12/3/1990 km/h S /PV.3217 5/2002/1005. $/12344/Rey.1 A/ RES/ 48/16 A/50 /2",
            "UNEP/GC.29/7 ECLAC/ x CEDAW\u{a0}/C/5 CEDAW\u{3000}/C/5 A\u{2003}/5 xA/5 Ä/5 ٤/5",
            "S/RES/1 A/1/2/3/4/5/6/7/8/9 E/CN.4/2005/44 ST/SG/AC.10/1 - 3 CRC/C/GC/14 (1990)and 3",
            "/",
            "A/",
            "",
        ], symbol_matches);
        assert!(found > 1000, "{found}");
    }

    /// `symbol_len` splits a match where the capture groups of `SYMBOL` do, in either build.
    #[test]
    fn symbol_len_as_capture_groups() {
        let text =
            "A/63/425, A/C.3/55/3 and S/25704 and Add.1; S/RES/1445 (2002), A/RES/2200(XXI) \
            and A/61/122 and Add.1 and Add.1/Corr.1. (S/ 13450 and Corr.1 and Add.1) S /PV.3217 \
            5/2002/1005. $/12344/Rey.1, E/CN.4/2005/44 , and 2 ST/SG/AC.10/1 - 3 A/ RES/ 48/16 ( \
            CRC/C/GC/14 (1990)and 3, 5/1993/12 (XX) A/51/L.2-Rev.1 UNEP/GC.29/7 S/12345 A/50 /2";
        let mut symbols = 0;
        for text in [
            text.to_owned(),
            format!("{text} 5/2002/10٥5. A/٤/5 S/7 (٢٠٠٢)"),
        ] {
            for c in SYMBOL.captures_iter(&text) {
                let whole = c.get(0).unwrap();
                let symbol = c.name("symbol").unwrap();
                assert_eq!(
                    symbol_len(whole.as_str()),
                    symbol.len(),
                    "{}",
                    whole.as_str()
                );
                symbols += 1;
            }
        }
        assert!(symbols > 30, "{symbols}");
    }

    /// The byte test lets through every text where the pattern finds an "8/".
    #[test]
    fn eight_slash_where_the_pattern_looks() {
        let pattern = Pattern::new(r"(?:^|[\s(\[])8/");
        for text in [
            "8/24600",
            " 8/1",
            "(8/1",
            "[8/1",
            "\u{b}8/1",
            "\u{a0}8/1",
            "\u{3000}8/1",
            "\u{85}8/1",
            "A/58/1",
            "x8/1",
            "18/2",
            ")8/1",
            "",
            "8",
            "/8/",
        ] {
            assert!(
                may_hold_eight_slash(text.as_bytes()) || !pattern.is_match(text),
                "{text:?}"
            );
        }
        assert!(!may_hold_eight_slash(b"A/58/1 and S/RES/48/16"));
    }

    #[test]
    fn expands_addenda_and_corrigenda() {
        assert_eq!(
            symbols("10 A/61/122 and Add.1 and Add.1/Corr.1."),
            vec!["A/61/122", "A/61/122/Add.1", "A/61/122/Add.1/Corr.1"]
        );
        assert_eq!(
            symbols("(S/25704 and Add.1)"),
            vec!["S/25704", "S/25704/Add.1"]
        );
        assert_eq!(symbols("(see A/C.3/55/3, annex)"), vec!["A/C.3/55/3"]);
        assert_eq!(
            symbols("United Nations S/RES/1445 (2002)"),
            vec!["S/RES/1445(2002)"]
        );
        assert_eq!(
            symbols("the report (S/ 13450 and Corr.1 and Add.1)"),
            vec!["S/13450", "S/13450/Corr.1", "S/13450/Add.1"]
        );
    }

    #[test]
    fn repairs_unambiguous_ocr_slips() {
        // S/RES/1445 (2002): "5/" printed for "S/" in a dated Security Council symbol.
        assert_eq!(
            symbols("special report of 10 September 2002 (5/2002/1005)"),
            vec!["S/2002/1005"]
        );
        // S/RES/411 (1977): "Rey.1" printed for the revision "Rev.1".
        assert_eq!(
            symbols("document S/12344/Rey.1, annex V"),
            vec!["S/12344/Rev.1"]
        );
        // Other numbers with slashes stay what they are.
        assert!(symbols("a ratio of 5/12 and 15/2002/1005 or 5/1/2").is_empty());
        assert_eq!(symbols("S/Reyes.1/2"), vec!["S/Reyes.1/2"]);
    }

    /// "S/" misread as "8/" in Security Council texts (S/RES/779, 863, 817, 565, 175, 188
    /// (1962–1993)); numbers that are not symbols stay numbers.
    #[test]
    fn reads_the_council_prefix_misread_as_eight() {
        assert_eq!(symbols("8/24600."), vec!["S/24600"]);
        assert_eq!(
            symbols("the Secretary-General dated 30 August 1993 (8/26385 and Add.1);"),
            vec!["S/26385", "S/26385/Add.1"]
        );
        assert_eq!(
            symbols("as set out in document 8/26385/Add.1;"),
            vec!["S/26385/Add.1"]
        );
        assert_eq!(
            symbols("the letters contained in documents 8/25541, S/25542 and S/25543 received"),
            vec!["S/25541", "S/25542", "S/25543"]
        );
        assert_eq!(symbols("[8/5167]"), vec!["S/5167"]);
        assert_eq!(
            symbols("60 Ibid., documents 8/17227 and Add.2."),
            vec!["S/17227", "S/17227/Add.2"]
        );
        for text in [
            "by 8/1993 the troops",
            "a majority of 8/10 members",
            "on 8/12/1993",
            "(8/1993)",
            "at a ratio of 1 to 8/10000 of",
        ] {
            assert!(symbols(text).is_empty(), "{text}");
        }
    }

    /// Lists of addenda as Security Council footnotes print them (S/RES/172, 214, 359, 368, 248,
    /// 814 (1962–1993)): each addendum is a document of its own.
    #[test]
    fn expands_lists_of_addenda_by_number() {
        assert_eq!(
            symbols("36 Ibid., documents S/6710 and Add.1 and 2."),
            vec!["S/6710", "S/6710/Add.1", "S/6710/Add.2"]
        );
        assert_eq!(
            symbols("11 Ibid., documents S/25354 and Add. 1 and 2."),
            vec!["S/25354", "S/25354/Add.1", "S/25354/Add.2"]
        );
        assert_eq!(
            symbols("(S/11670 and Corr.1 and 2),"),
            vec!["S/11670", "S/11670/Corr.1", "S/11670/Corr.2"]
        );
        assert_eq!(
            symbols("documents S/7930 and Add.1, 2 and 3"),
            vec!["S/7930", "S/7930/Add.1", "S/7930/Add.2", "S/7930/Add.3"]
        );
        assert_eq!(
            symbols("in particular documents S/11353/Add.24 and 25, that casualties"),
            vec!["S/11353/Add.24", "S/11353/Add.25"]
        );
        assert_eq!(
            symbols("as contained in documents S/7930/Add.64 and Add.65,"),
            vec!["S/7930/Add.64", "S/7930/Add.65"]
        );
        // A day after the list is no addendum, nor is a number out of order.
        assert_eq!(
            symbols("document S/5950 and Add.1, 2 July 1964"),
            vec!["S/5950", "S/5950/Add.1"]
        );
        assert_eq!(
            symbols("documents S/7930 and Add.3 and 2"),
            vec!["S/7930", "S/7930/Add.3"]
        );
        // S/RES/411 (1977): the marker of a footnote the transcription lost.
        assert_eq!(
            symbols("to the Secretary-General, contained in document S/12350 and Add.1, 36"),
            vec!["S/12350", "S/12350/Add.1"]
        );
    }
}
