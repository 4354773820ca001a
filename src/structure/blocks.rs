//! Segmentation of the body lines into header, opener, paragraphs and trailer.
//!
//! Inputs differ: ODS exports put one paragraph on a tab-indented line; the Security Council
//! corpus wraps paragraphs over several lines, separates them by blank lines, and sometimes
//! splits one paragraph by a blank line at a page break. Blocks are therefore built from
//! blank lines and paragraph starts, then rejoined where a block plainly continues the last.

use std::sync::LazyLock;

use crate::pattern::{is_ascii_space, Literal, Pattern};

use super::phrases;

/// A paragraph-sized run of lines in the body, borrowed from the source text.
#[derive(Debug, Clone, Default)]
pub struct Block<'t> {
    pub lines: Vec<&'t str>,
    /// The printed operative number ("9." → 9), already removed from the first line.
    pub number: Option<u32>,
    /// Operative although unnumbered ("Decides …" in early resolutions).
    pub operative: bool,
    /// The opening phrase of the first line, when it was looked for to tell whether the block
    /// is operative.
    pub first_line_opening: Option<phrases::LineOpening>,
}

/// The parts of a document body, in reading order; lines are trimmed and borrowed from the
/// source text.
#[derive(Debug, Clone, Default)]
pub struct Layout<'t> {
    pub header: Vec<&'t str>,
    pub opener: Option<String>,
    pub body: Vec<Block<'t>>,
    pub trailer: Vec<&'t str>,
    /// Lines after the trailer that belong to another text (a yearbook's "Decisions", the next
    /// resolution's heading).
    pub appendix: Vec<&'t str>,
}

static OPENER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^The (?:General Assembly|Security Council|Economic and Social Council|Human Rights Council|Commission on Human Rights|Trusteeship Council|Assembly|Council|Conference of the Parties|Commission|Committee|Sub-Commission[\w ]*)\s*[,:]?$",
    )
});
static OPERATIVE_NUMBER: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^(\d{1,3})\s*[.,]\s+"));
static SUBPARAGRAPH: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^\((?:[a-z]{1,2}|[ivxl]+|\d{1,2})\)\s"));
static FURNITURE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^(?:-\s*\d+\s*-|Page \d+|\d+/\d+|[AS]/RES/(?u:\S)+(?: \(\d{4}\))?(?:\s+Page \d+)?|\*\d{7,}\*|\d{2}-\d{5}(?: \([A-Z]\))?|_{3,}|-{3,})$",
    )
});
static TRAILER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^(?:\d+(?:st|nd|rd|th) (?:plenary )?meeting|Adopted (?:at|unanimously|without|by \d|by consensus)|\d{1,2} [A-Z][a-z]+ \d{4}\.?$|by \d+ votes)",
    )
});
/// Lines that belong to the header even when no opener is printed (early resolutions).
static HEADER_LINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^(?:\d+ \(\d{4}\)|RESOLUTION|Resolution|\[|Adopted by|of \d|United Nations|Security Council|General Assembly|Distr|[A-Z][A-Z ,.'-]+$)",
    )
});

/// Splits lines (without the footnote block) into the layout of a resolution.
pub fn segment<'t>(lines: &[&'t str]) -> Layout<'t> {
    let raw = raw_blocks(lines);
    let opener_at = raw
        .iter()
        .position(|block| block.len() == 1 && is_opener(block[0]));
    let (header_end, opener, body_start) = match opener_at {
        Some(at) => (at, Some(raw[at][0].trim().to_owned()), at + 1),
        None => {
            let at = raw
                .iter()
                .position(|block| !HEADER_LINE.is_match(block[0].trim()))
                .unwrap_or(raw.len());
            (at, None, at)
        }
    };
    // The body ends at the first trailer block after a paragraph ("Adopted at the 2nd
    // meeting", "70th plenary meeting"); what follows the trailer is not this resolution's text.
    let rest = &raw[body_start..];
    let is_trailer = |block: &Vec<&str>| {
        let first = trim_line(block[0]);
        may_be_trailer(first) && TRAILER.is_match(first)
    };
    let trailer_start = (1..rest.len())
        .find(|&i| is_trailer(&rest[i]))
        .unwrap_or(rest.len());
    let trailer_end = (trailer_start..rest.len())
        .find(|&i| !is_trailer(&rest[i]))
        .unwrap_or(rest.len());
    // The blocks are moved into their parts, not copied.
    let mut blocks = raw.into_iter();
    let header = blocks.by_ref().take(header_end).flatten().collect();
    blocks.by_ref().take(body_start - header_end).for_each(drop);
    let body = classify(blocks.by_ref().take(trailer_start).collect());
    let trailer = blocks
        .by_ref()
        .take(trailer_end - trailer_start)
        .flatten()
        .collect();
    Layout {
        header,
        opener,
        body,
        trailer,
        appendix: blocks.flatten().collect(),
    }
}

/// Blocks separated by blank lines, tab-indented starts, numbered and lettered paragraph starts.
fn raw_blocks<'t>(lines: &[&'t str]) -> Vec<Vec<&'t str>> {
    // Room for the lines of most paragraphs at once, rather than growing line by line.
    let new_block = || Vec::with_capacity(8);
    let mut blocks: Vec<Vec<&str>> = Vec::with_capacity(lines.len() / 4);
    let mut current: Vec<&str> = new_block();
    for line in lines {
        let trimmed = trim_line(line);
        if trimmed.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::replace(&mut current, new_block()));
            }
            continue;
        }
        if may_be_furniture(trimmed) && FURNITURE.is_match(trimmed) {
            continue;
        }
        if is_opener(trimmed) {
            if !current.is_empty() {
                blocks.push(std::mem::replace(&mut current, new_block()));
            }
            blocks.push(vec![trimmed]);
            continue;
        }
        let starts_paragraph = line.starts_with('\t')
            || operative_number(trimmed).is_some()
            || (trimmed.starts_with('(') && SUBPARAGRAPH.is_match(trimmed));
        if starts_paragraph && !current.is_empty() {
            blocks.push(std::mem::replace(&mut current, new_block()));
        }
        current.push(trimmed);
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// Whether a line can match an anchored pattern whose first character is a digit (`\d`, which
/// in the Unicode build is also a digit outside ASCII) or one of `others`: most lines start with
/// a letter and need not go through the pattern.
fn may_start_with(line: &str, others: &[u8]) -> bool {
    line.as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_digit() || !b.is_ascii() || others.contains(&b))
}

/// Whether a line is an opener ("The General Assembly,"); it starts with "The ".
fn is_opener(line: &str) -> bool {
    let line = trim_line(line);
    line.starts_with("The ") && OPENER.is_match(line)
}

/// `str::trim`, without decoding when the line starts and ends with ASCII other than white space
/// (most lines).
fn trim_line(line: &str) -> &str {
    let plain = |b: &u8| b.is_ascii() && !is_ascii_space(*b);
    let bytes = line.as_bytes();
    if bytes.first().is_some_and(plain) && bytes.last().is_some_and(plain) {
        line
    } else {
        line.trim()
    }
}

/// Whether a line can match `FURNITURE`: its alternatives start with "-", "Page ", "A/", "S/",
/// "*", "_" or digits followed by "/" or "-". A line that
/// starts with a character outside ASCII (a digit `\d` may take) is left to the pattern.
fn may_be_furniture(line: &str) -> bool {
    let bytes = line.as_bytes();
    match bytes.first() {
        Some(b'P') => line.starts_with("Page "),
        Some(b'A' | b'S') => bytes.get(1) == Some(&b'/'),
        Some(b'-' | b'*' | b'_') => true,
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            bytes
                .get(digits)
                .is_some_and(|&after| matches!(after, b'/' | b'-') || !after.is_ascii())
        }
        Some(first) => !first.is_ascii(),
        None => false,
    }
}

/// Whether a line can match `TRAILER`: its alternatives start with "Adopted ", "by " or digits
/// followed by a space or an ordinal's "st", "nd", "rd", "th". A line that starts with a
/// character outside ASCII, or has one after its first digits (a digit `\d` may take), is left
/// to the pattern.
fn may_be_trailer(line: &str) -> bool {
    let bytes = line.as_bytes();
    match bytes.first() {
        Some(b'A') => line.starts_with("Adopted "),
        Some(b'b') => line.starts_with("by "),
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            bytes.get(digits).is_some_and(|&after| {
                matches!(after, b' ' | b's' | b'n' | b'r' | b't') || !after.is_ascii()
            })
        }
        Some(first) => !first.is_ascii(),
        None => false,
    }
}

/// The match of `OPERATIVE_NUMBER` at the start of a line ("9. ", "12 , "): the printed number
/// and the length of the match. Read by hand where the line is ASCII as far as the match looks;
/// a character outside ASCII there (a digit or white space of another script) is left to the
/// pattern.
fn operative_number(line: &str) -> Option<(&str, usize)> {
    if !may_start_with(line, b"") {
        return None;
    }
    let bytes = line.as_bytes();
    let is_space = |b: &u8| is_ascii_space(*b);
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let spaces = bytes[digits..].iter().take_while(|b| is_space(b)).count();
    let mark = digits + spaces;
    let after_mark = bytes.get(mark + 1..).unwrap_or(&[]);
    let trailing = after_mark.iter().take_while(|b| is_space(b)).count();
    let end = mark + 1 + trailing;
    let by_hand_is_exact = bytes[..mark.min(bytes.len())].is_ascii()
        && bytes.get(mark).is_none_or(u8::is_ascii)
        && bytes.get(end).is_none_or(u8::is_ascii);
    if !by_hand_is_exact {
        return OPERATIVE_NUMBER
            .captures(line)
            .map(|c| (c.get(1).map_or("", |m| m.as_str()), c[0].len()));
    }
    ((1..=3).contains(&digits) && matches!(bytes.get(mark), Some(b'.' | b',')) && trailing > 0)
        .then(|| (&line[..digits], end))
}

/// Numbers operative paragraphs, marks unnumbered operative ones and rejoins continuations.
fn classify(raw: Vec<Vec<&str>>) -> Vec<Block<'_>> {
    let mut body: Vec<Block> = Vec::new();
    let mut seen_operative = false;
    // The highest paragraph number so far (numbers only ever grow, see below).
    let mut last_number = 0;
    for mut lines in raw {
        let first = lines[0];
        let numbered = operative_number(first).and_then(|(digits, length)| {
            let n: u32 = digits.parse().ok()?;
            Some((n, length))
        });
        // A number that does not advance ("1." inside a list after paragraph 4) continues the
        // paragraph before; paragraph ids stay unique.
        let numbered = numbered.filter(|&(n, _)| n > last_number);
        if let Some((number, prefix_len)) = numbered {
            last_number = number;
            lines[0] = &lines[0][prefix_len..];
            seen_operative = true;
            body.push(Block {
                lines,
                number: Some(number),
                operative: true,
                first_line_opening: None,
            });
            continue;
        }
        if let Some(previous) = body.last_mut() {
            if continues(previous, first) {
                previous.lines.extend(lines);
                continue;
            }
        }
        let first_line_opening = (!seen_operative).then(|| phrases::LineOpening::of(first));
        let operative = seen_operative
            || first_line_opening
                .as_ref()
                .is_some_and(phrases::LineOpening::operative);
        seen_operative |= operative;
        body.push(Block {
            lines,
            number: None,
            operative,
            first_line_opening,
        });
    }
    body
}

/// A block continues the previous one when it starts in lower case or with a lettered
/// subparagraph, or when the previous one stopped without punctuation (a page break).
fn continues(previous: &Block, first_line: &str) -> bool {
    let last = previous.lines.last().copied().unwrap_or("");
    // A footnote marker glued after closing punctuation ("Court,2") does not leave it open.
    let unmarked = last.trim_end_matches(|c: char| c.is_ascii_digit());
    let last = if unmarked.len() < last.len() && unmarked.ends_with([',', ';', ':', '.']) {
        unmarked
    } else {
        last
    };
    let starts_lower = first_line.chars().next().is_some_and(char::is_lowercase);
    // A footnote marker after the final punctuation ("Women,9") does not leave it open.
    let last = last.trim_end_matches(|c: char| c.is_ascii_digit() || c == '/');
    let ends_open = last
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == '-');
    starts_lower || (first_line.starts_with('(') && SUBPARAGRAPH.is_match(first_line)) || ends_open
}

/// Joins wrapped lines into one line of text: undoes end-of-line hyphenation, keeps the hyphen
/// of compounds ("Non-\nProliferation", "post-\nconflict") and collapses white space.
pub fn join_lines<L: AsRef<str>>(lines: &[L]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.as_ref().len() + 1).sum());
    for line in lines {
        let line = trim_line(line.as_ref());
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        if out.ends_with('-') && !out.ends_with(" -") && !out.ends_with("--") {
            let next_lower = line.chars().next().is_some_and(char::is_lowercase);
            if next_lower && !ends_with_compound_prefix(&out) {
                out.pop();
            }
        } else {
            out.push(' ');
        }
        out.push_str(line);
    }
    if is_collapsed(&out) {
        out
    } else {
        collapse_spaces(&out)
    }
}

/// Whether `collapse_spaces` would leave a text as it is: its only white space is single plain
/// spaces between other characters. Most joined paragraphs are, and are then not copied again.
/// Each test is a SIMD search (memchr): two spaces, other ASCII white space, white space outside
/// ASCII.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    static TWO_SPACES: Literal = Literal::new("  ");
    if TWO_SPACES.is_in(bytes)
        || memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_some()
        || memchr::memchr2(0x0b, 0x0c, bytes).is_some()
    {
        return false;
    }
    !has_non_ascii_white_space(text)
}

/// Prefixes that form hyphenated compounds in UN texts; a line break after them keeps the hyphen.
fn ends_with_compound_prefix(text: &str) -> bool {
    const PREFIXES: [&str; 16] = [
        "non", "post", "pre", "self", "co", "anti", "inter", "multi", "ex", "cross", "counter",
        "long", "short", "well", "follow", "peace",
    ];
    let word: String = text[..text.len() - 1]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    PREFIXES.contains(&word.to_lowercase().as_str())
}

/// Collapses runs of white space to one space and trims it: the words of
/// `text.split_whitespace()` joined by single spaces.
pub fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push_word = |word: &str| {
        if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    };
    if has_non_ascii_white_space(text) {
        text.split_whitespace().for_each(push_word);
        return out;
    }
    // Only ASCII white space to split on, byte by byte.
    let bytes = text.as_bytes();
    let mut start = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if is_ascii_space(byte) {
            push_word(&text[start..at]);
            start = at + 1;
        }
    }
    push_word(&text[start..]);
    out
}

/// Whether `text` has white space outside ASCII. Such characters start with the byte 0xC2
/// (U+0085, U+00A0), 0xE1, 0xE2 or 0xE3, found with SIMD searches (memchr); only those are
/// decoded — typographic quotes and dashes share the lead byte 0xE2.
fn has_non_ascii_white_space(text: &str) -> bool {
    !text.is_ascii()
        && memchr::memchr3_iter(0xc2, 0xe1, 0xe2, text.as_bytes())
            .chain(memchr::memchr_iter(0xe3, text.as_bytes()))
            .any(|i| text[i..].starts_with(char::is_whitespace))
}

/// Whether the character at byte `at` of `text` is white space (as `char::is_whitespace` says),
/// and its length in bytes. ASCII is decided without decoding.
#[inline]
pub(super) fn white_space_at(text: &str, at: usize) -> (bool, usize) {
    match text.as_bytes()[at] {
        byte if is_ascii_space(byte) => (true, 1),
        byte if byte.is_ascii() => (false, 1),
        _ => text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        text.lines().collect()
    }

    #[test]
    fn joins_hyphenated_titles_and_page_breaks() {
        let layout = segment(&lines(
            "RESOLUTION 1 (1993)\n\nThe Security Council,\n\nNoting the recommendation by the Steering\n\nCommittee of the Conference on the Treaty on the Non-\nProliferation of Nuclear Weapons,\n\n1. Decides to remain seized of the matter.\n\nAdopted at the 2nd meeting.",
        ));
        assert_eq!(layout.opener.as_deref(), Some("The Security Council,"));
        assert_eq!(layout.body.len(), 2);
        assert_eq!(
            join_lines(&layout.body[0].lines),
            "Noting the recommendation by the Steering Committee of the Conference on the Treaty on the Non-Proliferation of Nuclear Weapons,"
        );
        assert_eq!(layout.body[1].number, Some(1));
        assert_eq!(layout.trailer, vec!["Adopted at the 2nd meeting."]);
    }

    #[test]
    fn a_marker_after_closing_punctuation_ends_the_paragraph() {
        let layout = segment(&lines(
            "The General Assembly,\n\nExpressing its appreciation to the Court,2\n\nAcknowledging the Relationship Agreement,",
        ));
        assert_eq!(layout.body.len(), 2);
    }

    /// Lines that start like numbers, in ASCII and other scripts.
    const NUMBER_LIKE: [&str; 16] = [
        "1. Calls upon",
        "12 , Decides",
        "123.\tUrges",
        "1234. x",
        "7.",
        "7. ",
        "7 .x",
        "٣. Decides",
        "1٣. x",
        "1.\u{2003}x",
        "1. \u{2003}x",
        "1\u{2003}. x",
        "12/34",
        "08-48015",
        "23 October 2011",
        "S/RES/1 (1946)",
    ];

    #[test]
    fn operative_numbers_read_by_hand_match_the_pattern() {
        for line in NUMBER_LIKE {
            let by_pattern = OPERATIVE_NUMBER
                .captures(line)
                .map(|c| (c.get(1).unwrap().as_str(), c[0].len()));
            assert_eq!(operative_number(line), by_pattern, "{line:?}");
        }
    }

    #[test]
    fn trailer_prefilter_passes_every_trailer_line() {
        let trailers = [
            "70th plenary meeting",
            "3217th meeting",
            "Adopted at the 2nd meeting.",
            "Adopted unanimously",
            "18 December 2008",
            "1 May 1993.",
            "by 9 votes to none",
            "Adopted by the Council",
            "Acting under Chapter VII",
        ];
        for line in NUMBER_LIKE.iter().chain(&trailers) {
            if TRAILER.is_match(line) {
                assert!(may_be_trailer(line), "{line:?}");
            }
        }
    }

    #[test]
    fn furniture_prefilter_passes_every_furniture_line() {
        for line in NUMBER_LIKE.iter().chain(&[
            "- 3 -",
            "Page 2",
            "*0848015*",
            "___",
            "1/2",
            "A/RES/63/156",
            "S/RES/827 (1993)",
        ]) {
            if FURNITURE.is_match(line) {
                assert!(may_be_furniture(line), "{line:?}");
            }
        }
    }

    #[test]
    fn collapsed_texts_are_those_collapse_spaces_keeps() {
        let pieces = [
            "a", " ", "  ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{1}", "é", "’", "\u{a0}",
            "\u{2003}", "\u{3000}", "\u{1680}", "—", "Council", "1",
        ];
        // Every text of up to three pieces, placed at each offset of a word boundary.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for pad in ["", "x", "xxx", "xxxxxxx", "xxxxxxxxxxx"] {
                        let text = format!("{pad}{a}{b}{c}{pad}");
                        let expected = collapse_spaces(&text) == text;
                        assert_eq!(is_collapsed(&text), expected, "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn collapses_white_space_as_split_whitespace_does() {
        for text in [
            "",
            "  ",
            "a",
            " a  b\t\nc ",
            "x\u{a0}\u{2003}y\u{85}",
            "\u{3000}é “q” ",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(collapse_spaces(text), words.join(" "), "{text:?}");
        }
    }

    #[test]
    fn undoes_hyphenation_but_keeps_compounds() {
        let joined = join_lines(&["the Organi-", "zation and post-", "conflict"]);
        assert_eq!(joined, "the Organization and post-conflict");
    }
}
