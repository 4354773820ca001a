//! Footnotes: the block of numbered notes at the end of a document, and the markers in the
//! body that refer to them — glued to a word ("Women1", "thereto,2", "Court,11"), set apart at
//! the end of a line ("1951, 16") or written "1/" in older documents.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use crate::pattern::{is_ascii_space, Pattern};

use super::blocks::join_lines;
use super::dates::MONTHS;

/// One footnote: its number and its (wrapped) lines.
#[derive(Debug, Clone)]
pub struct Note {
    pub number: u32,
    pub lines: Vec<String>,
}

/// The footnote block: where it starts and its notes.
#[derive(Debug, Clone)]
pub struct FootnoteBlock {
    pub start_line: usize,
    pub notes: Vec<Note>,
}

/// A resolution's year or session after its number: "(1990)", "(XXI)".
static RESOLUTION_YEAR: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^\((?:\d{4}|[IVXL]+)\)"));

/// The number of a footnote start line ("1 United Nations, …", "16 Ibid.", "1/ Official …"),
/// excluding dates ("18 December 2008").
///
/// The line is one to three digits after any white space, an optional "/", spaces or tabs and
/// then the note's text. Only ASCII digits count: a number with another digit (which `\d`
/// would take) cannot be parsed, so such a line was never a note start.
fn note_start(line: &str) -> Option<(u32, &str)> {
    let line = line.trim_start();
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let after_number = &line[digits..];
    let after_number = after_number.strip_prefix('/').unwrap_or(after_number);
    let rest = after_number.trim_start_matches([' ', '\t']);
    if rest.len() == after_number.len()
        || rest.starts_with(char::is_whitespace)
        || rest.is_empty()
        || rest.contains('\n')
    {
        return None;
    }
    let first_word = rest.split_whitespace().next().unwrap_or("");
    // "18 December 2008" is a date, "681 (1990), 694 (1991)" a wrapped list of resolutions.
    if MONTHS.iter().any(|m| first_word.starts_with(m)) || is_resolution_year(rest) {
        return None;
    }
    let number = line[..digits].parse().ok()?;
    Some((number, rest))
}

/// Whether `text` starts with a resolution's year or session in brackets. Only brackets with a
/// digit outside ASCII in them need the pattern.
fn is_resolution_year(text: &str) -> bool {
    let Some(inside) = text
        .strip_prefix('(')
        .and_then(|inner| inner.split_once(')'))
        .map(|(inside, _)| inside)
    else {
        return false;
    };
    if !inside.is_ascii() {
        return RESOLUTION_YEAR.is_match(text);
    }
    (inside.len() == 4 && inside.bytes().all(|b| b.is_ascii_digit()))
        || (!inside.is_empty() && inside.bytes().all(|b| b"IVXL".contains(&b)))
}

/// Finds the earliest line from which the rest of the document is a run of consecutively
/// numbered notes (with wrapped continuation lines).
///
/// Linear in the number of lines: the candidates whose following starts run on consecutively
/// form a tail of the start lines, and the markers announcing them are found in one pass.
pub fn find_footnote_block(lines: &[&str]) -> Option<FootnoteBlock> {
    let starts: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| note_start(line).map(|(n, _)| (i, n)))
        .collect();
    // The first start from which every later start numbers on by one.
    let mut tail = starts.len();
    while tail > 0
        && (tail == starts.len() || starts[tail - 1].1.checked_add(1) == Some(starts[tail].1))
    {
        tail -= 1;
    }
    let candidates = &starts[tail..];
    // A block that does not start at note 1 must be announced by its marker in the body.
    let unannounced: Vec<u32> = {
        let mut numbers: Vec<u32> = candidates
            .iter()
            .map(|&(_, n)| n)
            .filter(|&n| n != 1)
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    };
    let scan_end = candidates.last().map_or(0, |&(line, _)| line);
    // The markers are looked for only when a candidate before the first note 1 needs them:
    // most blocks start at note 1, and the scan reads the whole body.
    let mut first_markers = None;
    let &(first_line, _) = candidates.iter().find(|&&(line, number)| {
        number == 1
            || first_markers
                .get_or_insert_with(|| first_marker_lines(&lines[..scan_end], &unannounced))
                .get(&number)
                .is_some_and(|&at| at < line)
    })?;
    let mut notes: Vec<Note> = Vec::new();
    for line in &lines[first_line..] {
        match note_start(line) {
            Some((number, rest)) => notes.push(Note {
                number,
                lines: vec![rest.to_owned()],
            }),
            None if line.trim().is_empty() => {}
            None => notes.last_mut()?.lines.push(line.trim().to_owned()),
        }
    }
    Some(FootnoteBlock {
        start_line: first_line,
        notes,
    })
}

/// Notes whose markers the transcription lost ("4 Ibid., 33rd meeting (document S/39).", with
/// no "4" left in the body), read from the lines after the adoption line: they count only when
/// those lines are nothing but notes numbered on by one, up to the first note of the block
/// (`next`) when there is one. Anything else there (another resolution, a decision, a stray
/// number) leaves the lines alone.
pub fn unmarked_notes(lines: &[&str], next: Option<u32>) -> Option<Vec<Note>> {
    let mut notes: Vec<Note> = Vec::new();
    for line in lines.iter().filter(|line| !line.trim().is_empty()) {
        let expected = notes.last().map(|last| last.number.checked_add(1));
        match (note_start(line), notes.last_mut()) {
            (Some((number, rest)), _) if expected.is_none_or(|e| e == Some(number)) => {
                notes.push(Note {
                    number,
                    lines: vec![rest.to_owned()],
                });
            }
            (None, Some(last)) => last.lines.push(line.trim().to_owned()),
            _ => return None,
        }
    }
    let last = notes.last()?.number;
    match next {
        Some(next) if last.checked_add(1) != Some(next) => None,
        _ => Some(notes),
    }
}

/// For each of the (sorted) footnote numbers that has a marker in the lines, the first line
/// where one stands. One pass, whatever the count of numbers: markers of different numbers
/// are distinct digit runs, so looking for all at once finds what looking for each would.
pub fn first_marker_lines(lines: &[&str], numbers: &[u32]) -> HashMap<u32, usize> {
    let mut first = HashMap::new();
    if numbers.is_empty() {
        return first;
    }
    for (i, line) in lines.iter().enumerate() {
        if !marker_kinds(line, numbers).any() {
            continue;
        }
        let (_, refs) = strip_markers(&[line], numbers);
        for r in refs {
            first.entry(r.number).or_insert(i);
        }
    }
    first
}

/// Glued markers: a number right after a letter, closing bracket, quote or punctuation.
static GLUED_MARKER: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r#"((?u:\p{L})|[\)\]",.;:]|”|’)(\d{1,3})(/)?(?:[\s,;:.)\]]|$)"#));
/// Markers set apart by a space at the end of a line ("1951, 16") or written "1/".
static SPACED_MARKER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r#"(?:(?:[,.;:"]|”)\s(\d{1,3})/?\s*$|\s(\d{1,3})/(?:[\s,;:.]|$))"#)
});
/// Markers set apart by spaces inside a line ("negotiations 15 and report"), as the Security
/// Council yearbooks print them; accepted only with the guards in `strip_markers`.
static MID_LINE_MARKER: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"\s(\d{1,3})(?:[\s,;:.]|$)"));
/// Words after which a number is a quantity or a reference, not a marker.
const NOT_BEFORE_MARKER: &[&str] = &[
    "paragraph",
    "paragraphs",
    "article",
    "articles",
    "chapter",
    "resolution",
    "resolutions",
    "no",
    "nos",
    "of",
    "by",
    "to",
    "and",
    "the",
    "from",
    "on",
    "than",
    "some",
    "at",
    "in",
    "about",
    "over",
    "under",
    "for",
    "with",
    "page",
    "pages",
    "annex",
    "rule",
    "rules",
    "item",
    "items",
    "section",
    "part",
    "principle",
    "principles",
    "vol",
    "session",
    "meeting",
    "para",
    "until",
    "since",
    "before",
    "after",
    "or",
    "all",
    "its",
    "last",
    "first",
    "next",
    "only",
];
/// Words after which a number is no marker: "9 votes", "5 members".
const NOT_AFTER_MARKER: &[&str] = &[
    "votes",
    "vote",
    "member",
    "per",
    "(",
    "states",
    "days",
    "years",
    "months",
    "weeks",
    "countries",
    "hours",
    "persons",
    "people",
    "abstention",
    "officers",
    "troops",
    "to",
];

/// Abbreviations after which a glued number is part of a reference, not a marker.
const NUMBERED_ABBREVIATIONS: [&str; 14] = [
    "Add.", "Corr.", "Rev.", "No.", "Nos.", "vol.", "vols.", "para.", "paras.", "art.", "chap.",
    "p.", "pp.", "Suppl.",
];

/// Joins a block's lines and removes the footnote markers, recording where they stood.
/// `footnotes` holds the numbers of the document's notes, sorted.
pub fn strip_markers<L: AsRef<str>>(
    lines: &[L],
    footnotes: &[u32],
) -> (String, Vec<super::FootnoteRef>) {
    if footnotes.is_empty() {
        return (join_lines(lines), Vec::new());
    }
    debug_assert!(footnotes.is_sorted());
    // Lines before the first that may hold a marker are kept as they are, and not tested again.
    let Some((first_candidate, first_kinds)) = lines.iter().enumerate().find_map(|(i, line)| {
        let kinds = marker_kinds(line.as_ref(), footnotes);
        kinds.any().then_some((i, kinds))
    }) else {
        return (join_lines(lines), Vec::new());
    };
    let is_note = |number: &u32| footnotes.binary_search(number).is_ok();
    let mut cleaned_lines: Vec<Cow<'_, str>> = Vec::with_capacity(lines.len());
    cleaned_lines.extend(
        lines[..first_candidate]
            .iter()
            .map(|line| Cow::Borrowed(line.as_ref())),
    );
    let mut placeholders = Vec::new();
    for (k, line) in lines[first_candidate..].iter().enumerate() {
        let line = line.as_ref();
        // The first candidate's kinds are known already.
        let kinds = if k == 0 {
            first_kinds
        } else {
            marker_kinds(line, footnotes)
        };
        if !kinds.any() {
            cleaned_lines.push(Cow::Borrowed(line));
            continue;
        }
        let mut line = line.to_owned();
        // Replace each marker by a private-use character carrying its index, so that offsets can
        // be read off after lines are joined.
        let mut markers: Vec<(usize, usize, u32)> = Vec::new();
        // Each pattern runs only where a marker of its kind may stand.
        for c in captures_if(kinds.set_apart, &SPACED_MARKER, &line) {
            let m = c.get(1).or_else(|| c.get(2)).unwrap();
            let number: u32 = m.as_str().parse().unwrap_or(0);
            if is_note(&number) {
                let end = if line[m.end()..].starts_with('/') {
                    m.end() + 1
                } else {
                    m.end()
                };
                markers.push((m.start() - 1, end, number));
            }
        }
        for c in captures_if(kinds.glued, &GLUED_MARKER, &line) {
            let m = c.get(2).unwrap();
            let number: u32 = m.as_str().parse().unwrap_or(0);
            let before = &line[..m.start()];
            if !is_note(&number)
                || NUMBERED_ABBREVIATIONS.iter().any(|a| before.ends_with(a))
                || before.ends_with(|c: char| c.is_ascii_digit())
                || continues_number_or_symbol(before)
            {
                continue;
            }
            let end = c.get(3).map_or(m.end(), |slash| slash.end());
            if !markers.iter().any(|&(s, e, _)| s < end && m.start() < e) {
                markers.push((m.start(), end, number));
            }
        }
        for c in captures_if(kinds.set_apart, &MID_LINE_MARKER, &line) {
            let m = c.get(1).unwrap();
            let number: u32 = m.as_str().parse().unwrap_or(0);
            let before = line[..m.start()].trim_end();
            let previous_word = before
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("")
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            let next_word = line[m.end()..].split_whitespace().next().unwrap_or("");
            // After a word or punctuation, or after a year ("19 August 1988 50 of the missions").
            let after_year =
                previous_word.len() == 4 && previous_word.chars().all(|c| c.is_ascii_digit());
            let after_word = after_year
                || before.ends_with(|c: char| c.is_alphabetic() || ",.;:\")”’".contains(c));
            if is_note(&number)
                && after_word
                && !NOT_BEFORE_MARKER.contains(&previous_word.as_str())
                && !NOT_AFTER_MARKER
                    .iter()
                    .any(|w| next_word.to_lowercase().starts_with(w))
                && !MONTHS.iter().any(|month| next_word.starts_with(month))
                && !markers
                    .iter()
                    .any(|&(s, e, _)| s < m.end() && m.start() <= e)
            {
                markers.push((m.start() - 1, m.end(), number));
            }
        }
        markers.sort_unstable();
        for &(start, end, number) in markers.iter().rev() {
            let placeholder = char::from_u32(0xF0000 + placeholders.len() as u32).unwrap();
            placeholders.push(number);
            line.replace_range(start..end, &placeholder.to_string());
        }
        cleaned_lines.push(Cow::Owned(line));
    }
    let joined = join_lines(&cleaned_lines);
    if placeholders.is_empty() {
        return (joined, Vec::new());
    }
    let mut text = String::with_capacity(joined.len());
    let mut refs = Vec::new();
    for c in joined.chars() {
        let code = c as u32;
        if (0xF0000..0xF0000 + placeholders.len() as u32).contains(&code) {
            refs.push(super::FootnoteRef {
                offset: text.len(),
                number: placeholders[(code - 0xF0000) as usize],
            });
        } else {
            text.push(c);
        }
    }
    (text, refs)
}

/// The matches of a pattern in a line, or none when it need not run.
fn captures_if<'t>(
    wanted: bool,
    pattern: &'static Pattern,
    line: &'t str,
) -> impl Iterator<Item = regex::Captures<'t>> {
    wanted
        .then(|| pattern.captures_iter(line))
        .into_iter()
        .flatten()
}

/// Which marker patterns may find a marker of one of the (sorted) `footnotes` in a line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct MarkerKinds {
    /// `GLUED_MARKER`: a footnote's number right after a character other than white space.
    glued: bool,
    /// `SPACED_MARKER` and `MID_LINE_MARKER`: a footnote's number right after white space.
    set_apart: bool,
}

impl MarkerKinds {
    const ALL: MarkerKinds = MarkerKinds {
        glued: true,
        set_apart: true,
    };

    fn any(self) -> bool {
        self.glued || self.set_apart
    }
}

/// Whether a line can hold a marker of one of the (sorted) `footnotes`, and of which kind,
/// decided without the marker patterns. Each pattern takes its number as a whole run of one to
/// three digits after a character (a letter or punctuation for a glued marker, white space for
/// the others) and keeps it only when it is a footnote's number, so a pattern none of whose
/// places holds such a run cannot change the line. Most lines have no digit at all. A digit
/// outside ASCII, which `\d` matches in the Unicode build, or a character outside ASCII before
/// a run (white space there for the Unicode build) sends the line to every pattern.
fn marker_kinds(line: &str, footnotes: &[u32]) -> MarkerKinds {
    let bytes = line.as_bytes();
    let mut kinds = MarkerKinds::default();
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time past text without digits or non-ASCII characters (skipping
        // them never lands inside a digit run), then straight to the first byte that is one.
        if let Some(chunk) = bytes.get(i..i + 8) {
            match first_digit_or_non_ascii(chunk) {
                None => {
                    i += 8;
                    continue;
                }
                Some(at) => i += at,
            }
        }
        let byte = bytes[i];
        if byte.is_ascii_digit() {
            let start = i;
            let mut number: u32 = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                number = number
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[i] - b'0'));
                i += 1;
            }
            if i - start <= 3 && footnotes.binary_search(&number).is_ok() {
                // Every pattern needs a character before the number.
                match start.checked_sub(1).map(|before| bytes[before]) {
                    None => {}
                    Some(before) if is_ascii_space(before) => kinds.set_apart = true,
                    Some(before) if before.is_ascii() => kinds.glued = true,
                    Some(_) => return MarkerKinds::ALL,
                }
                if kinds == MarkerKinds::ALL {
                    return kinds;
                }
            }
        } else if byte.is_ascii() {
            i += 1;
        } else {
            let Some(c) = line[i..].chars().next() else {
                return MarkerKinds::ALL;
            };
            if c.is_numeric() {
                return MarkerKinds::ALL;
            }
            i += c.len_utf8();
        }
    }
    kinds
}

/// Where the first ASCII digit or byte outside ASCII of eight bytes is, found by testing them as
/// one word: digits are the bytes below 10 once XOR-ed with `'0'` (bytes outside ASCII stay
/// above 127). A borrow in the subtraction can mark a byte after a digit too, never one before
/// the first marked byte, so the lowest mark is exact.
fn first_digit_or_non_ascii(chunk: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH_BITS: u64 = ONES * 0x80;
    let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
    let digits_as_small = word ^ (ONES * u64::from(b'0'));
    let below_ten = digits_as_small.wrapping_sub(ONES * 10) & !digits_as_small & HIGH_BITS;
    let marks = below_ten | (word & HIGH_BITS);
    (marks != 0).then(|| (marks.trailing_zeros() / 8) as usize)
}

/// Numbers glued to a document symbol ("S/25704", "A/RES/63/156", "E/CN.4") or after the point
/// of a decimal number ("resolution 69.2", "article 3.1") are part of them, not markers. After a
/// symbol's closing punctuation ("2017/18;4") or a year ending a sentence ("2016.3") a marker
/// may follow.
fn continues_number_or_symbol(before: &str) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let decimal_point = word
        .strip_suffix('.')
        .is_some_and(|n| (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
    decimal_point || (word.contains('/') && !word.ends_with([';', ',', ':', ')']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_test_finds_the_first_digit_or_non_ascii_byte() {
        let first_by_bytes = |chunk: &[u8]| {
            chunk
                .iter()
                .position(|b| b.is_ascii_digit() || !b.is_ascii())
        };
        // Every byte at every place, alone and before each kind of byte that can follow it.
        for byte in 0..=255u8 {
            for at in 0..8 {
                for after in [b'x', b'0', b'9', b':', b'/', 0x80, 0xff] {
                    let mut chunk = *b"abcdefgh";
                    chunk[at] = byte;
                    chunk[(at + 1)..].fill(after);
                    assert_eq!(
                        first_digit_or_non_ascii(&chunk),
                        first_by_bytes(&chunk),
                        "{chunk:?}"
                    );
                }
            }
        }
        assert_eq!(first_digit_or_non_ascii(b" /:;(),."), None);
    }

    /// A pattern that `marker_kinds` leaves out finds no marker of a footnote in the line.
    #[test]
    fn marker_kinds_keep_every_pattern_that_finds_a_note() {
        let footnotes = [1, 2, 3, 16, 120];
        // Whether the pattern matches a footnote's number in one of its number groups.
        let note_in = |pattern: &Pattern, groups: &[usize], line: &str| {
            pattern.captures_iter(line).any(|c| {
                let number = groups.iter().find_map(|&g| c.get(g)).unwrap().as_str();
                footnotes.contains(&number.parse().unwrap_or(0))
            })
        };
        for line in [
            "against Women1 and the Optional Protocol thereto,2 the Convention on",
            "Palestine to the Security Council of 12 June 1951, 16",
            "(S/25704 and Add.1) and the Charter 3/",
            "negotiations 16 and report",
            "1 United Nations",
            "resolution 1325 (2000), paragraph 3",
            "the Court,120",
            "the “Court”2 and",
            "the ‘Court’ 2 and",
            "Côte d’Ivoire3,",
            "no-break\u{a0}2 space",
            "digit ٣ elsewhere 2",
            "",
        ] {
            let kinds = marker_kinds(line, &footnotes);
            if note_in(&GLUED_MARKER, &[2], line) {
                assert!(kinds.glued, "{line:?}");
            }
            if note_in(&SPACED_MARKER, &[1, 2], line) || note_in(&MID_LINE_MARKER, &[1], line) {
                assert!(kinds.set_apart, "{line:?}");
            }
        }
        assert_eq!(
            marker_kinds("1 United Nations", &footnotes),
            MarkerKinds::default()
        );
    }

    #[test]
    fn digits_after_a_decimal_point_or_inside_a_symbol_are_not_markers() {
        for before in ["resolution 69.", "article 3.", "(S/25704", "E/CN."] {
            assert!(continues_number_or_symbol(before), "{before}");
        }
        for before in ["in 2016.", "2017/18;", "the Court,"] {
            assert!(!continues_number_or_symbol(before), "{before}");
        }
    }

    #[test]
    fn finds_notes_after_the_dated_trailer() {
        let lines = [
            "9. Also urges Governments;",
            "70th plenary meeting",
            "18 December 2008",
            "1 United Nations, Treaty Series, vol. 1249, No. 20378.",
            "2 Ibid., vol. 2131,",
            "No. 20378.",
        ];
        let block = find_footnote_block(&lines).unwrap();
        assert_eq!(block.start_line, 3);
        assert_eq!(block.notes.len(), 2);
        assert_eq!(
            join_lines(&block.notes[1].lines),
            "Ibid., vol. 2131, No. 20378."
        );
    }

    /// Notes after the adoption line of S/RES/855 (1993) and S/RES/555 (1984), whose first
    /// markers the transcription lost.
    #[test]
    fn reads_notes_whose_markers_were_lost_only_in_sequence() {
        let notes = unmarked_notes(
            &[
                "127 Official Records of the Security Council, Forty-eighth",
                "year, Supplement for July, August and September 1993, document S/26121",
            ],
            Some(128),
        )
        .unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].number, 127);
        assert_eq!(notes[0].lines.len(), 2);
        assert!(unmarked_notes(&["27 Ibid., document S/16776."], Some(28)).is_some());
        // Alone after the adoption line, with no block after it.
        assert!(unmarked_notes(&["27 Ibid., document S/16776."], None).is_some());
        // Not followed by the block's first note, out of order, or another text.
        assert!(unmarked_notes(&["26 Ibid., document S/16776."], Some(28)).is_none());
        assert!(unmarked_notes(&["27 Ibid.", "25 Ibid., document S/16776."], None).is_none());
        assert!(unmarked_notes(
            &["Decisions", "At its 2560th meeting, the Council decided"],
            None
        )
        .is_none());
        assert!(unmarked_notes(&[], Some(1)).is_none());
    }

    #[test]
    fn strips_glued_and_spaced_markers() {
        let lines = vec![
            "against Women1 and the Optional Protocol thereto,2 the Convention on".to_owned(),
            "Palestine to the Security Council of 12 June 1951, 16".to_owned(),
            "(S/25704 and Add.1) and the Charter 3/".to_owned(),
        ];
        let (text, refs) = strip_markers(&lines, &[1, 2, 3, 16]);
        assert_eq!(
            text,
            "against Women and the Optional Protocol thereto, the Convention on Palestine to the Security Council of 12 June 1951, (S/25704 and Add.1) and the Charter"
        );
        let numbers: Vec<u32> = refs.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 16, 3]);
        assert_eq!(&text[..refs[0].offset], "against Women");
    }
}
