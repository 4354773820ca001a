//! Titles, aliases and acronyms from the registry, found in one pass with an Aho–Corasick
//! automaton (leftmost-longest, ASCII case-insensitive), then checked against the text:
//! word boundaries, capitals where the label has capitals, acronyms in exact case, and short
//! aliases that are not the start of a longer, different title ("the Charter of the
//! Organization of African Unity" is not the UN Charter).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::pattern::Pattern;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};

use super::{reference, Cited, Reference};
use crate::resolve::registry::Registry;

/// One surface form in the automaton.
#[derive(Debug, Clone)]
struct Form {
    key: String,
    /// The form as written in the registry, without a leading "the".
    label: String,
    /// "the Charter": only counts after "the".
    needs_article: bool,
    /// One or two words: must not continue into a longer title.
    short: bool,
    /// "CEDAW", "NPT": exact case, not part of a symbol.
    acronym: bool,
}

/// The automaton over all registry surface forms.
pub struct TitleIndex {
    automaton: AhoCorasick,
    patterns: Vec<Form>,
    /// The pairs of bytes a counted match can start with (see [`Openings`]).
    openings: Openings,
    /// The first bytes of every form, any case (see [`Prefixes`]).
    prefixes: Prefixes,
}

impl TitleIndex {
    pub fn new(registry: &Registry) -> Self {
        let mut by_form: HashMap<String, Form> = HashMap::new();
        for instrument in registry.instruments() {
            for form in instrument.surface_forms().flat_map(variants) {
                let form = form.split_whitespace().collect::<Vec<_>>().join(" ");
                let (label, had_article) =
                    match form.strip_prefix("the ").or(form.strip_prefix("The ")) {
                        Some(rest) => (rest.to_owned(), true),
                        None => (form.clone(), false),
                    };
                if label.len() < 3 {
                    continue;
                }
                let words = label.split(' ').count();
                let acronym = words == 1
                    && label
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
                let pattern = Form {
                    key: instrument.key.clone(),
                    needs_article: had_article && words <= 2,
                    short: words <= 2,
                    acronym,
                    label,
                };
                // The first instrument (by key order) keeps an ambiguous form.
                by_form
                    .entry(pattern.label.to_lowercase())
                    .or_insert(pattern);
            }
        }
        let mut patterns: Vec<Form> = by_form.into_values().collect();
        patterns.sort_by(|a, b| a.label.cmp(&b.label));
        // The default (contiguous NFA), not a DFA: the DFA counts half the instructions per
        // byte under callgrind but its ~19 MB table misses the CPU caches, so that extraction
        // was no faster in CPU time, and it took ~0.1 s to build. Anchored only: `find` starts
        // it at the few places a title can begin instead of running it over every byte.
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(patterns.iter().map(|p| p.label.as_str()))
            .expect("registry labels form a valid automaton");
        TitleIndex {
            automaton,
            openings: Openings::of(&patterns),
            prefixes: Prefixes::of(&patterns),
            patterns,
        }
    }

    /// Registry titles in a paragraph: the longest form starting at each place a counted title
    /// can start, left to right, a match's text not searched again. This is what an unanchored
    /// leftmost-longest search finds, except that it also stops at places `accept` always
    /// refuses (inside a word, a lower-case letter where every form has a capital) and lets
    /// those refused matches hide a title they overlap.
    pub fn find(&self, text: &str) -> Vec<Reference> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut next = 0;
        let try_at = |start: usize| {
            if start + 1 < bytes.len()
                && start >= next
                && self.openings.contains(bytes[start], bytes[start + 1])
                && self.prefixes.may_start(&bytes[start..])
            {
                if let Some(end) = self.match_at(text, start, &mut found) {
                    next = end;
                }
            }
        };
        each_place_after_no_alphanumeric(bytes, try_at);
        found
    }

    /// Runs the automaton at `start`; where a form matches, adds it to `found` if `accept`
    /// counts it, and returns where the match ends.
    #[inline(never)]
    fn match_at(&self, text: &str, start: usize, found: &mut Vec<Reference>) -> Option<usize> {
        let input = Input::new(text).range(start..).anchored(Anchored::Yes);
        let m = self.automaton.find(input)?;
        let pattern = &self.patterns[m.pattern().as_usize()];
        if accept(text, m.start(), m.end(), pattern) {
            let cited = Cited::Instrument {
                key: pattern.key.clone(),
            };
            found.push(reference(m.start(), m.end(), cited));
        }
        Some(m.end())
    }
}

/// The first two bytes of every form (all have three or more), as a set of 2¹⁶ bits: a place
/// whose two bytes are not in it cannot start a title `accept` counts. A lower-case letter
/// also admits its capital (the search ignores ASCII case, `accept` only wants the label's
/// capitals kept), so "of" and "on" are not openings while "Co" and "fu" ("future we want") are.
struct Openings(Vec<u64>);

impl Openings {
    fn of(patterns: &[Form]) -> Openings {
        let mut openings = Openings(vec![0; (1 << 16) / 64]);
        let cases = |b: u8| [b, b.to_ascii_uppercase()];
        for label in patterns.iter().map(|p| p.label.as_bytes()) {
            if let [first, second, ..] = *label {
                for first in cases(first) {
                    for second in cases(second) {
                        let pair = usize::from(first) << 8 | usize::from(second);
                        openings.0[pair / 64] |= 1 << (pair % 64);
                    }
                }
            }
        }
        openings
    }

    fn contains(&self, first: u8, second: u8) -> bool {
        let pair = usize::from(first) << 8 | usize::from(second);
        self.0[pair / 64] & (1 << (pair % 64)) != 0
    }
}

/// The first four bytes of every form (the first three of a three-byte form), ASCII case
/// folded, as a set of hashed bits: a place whose next bytes are not in it starts no match of
/// the automaton, which ignores ASCII case. Two thirds of the places `Openings` lets through
/// ("Council", "1990", "General") start no form, and this test costs a few instructions where
/// starting the automaton costs a few hundred.
struct Prefixes {
    bits: Vec<u64>,
    /// Whether some form has only three bytes (then a place may match on three).
    three_byte_forms: bool,
}

impl Prefixes {
    const BITS: u32 = 16;

    fn of(patterns: &[Form]) -> Prefixes {
        let mut prefixes = Prefixes {
            bits: vec![0; (1 << Self::BITS) / 64],
            three_byte_forms: false,
        };
        for label in patterns.iter().map(|p| p.label.as_bytes()) {
            let slot = match *label {
                [a, b, c, d, ..] => Self::slot(Self::folded([a, b, c, d])),
                [a, b, c] => {
                    prefixes.three_byte_forms = true;
                    Self::slot(Self::folded([a, b, c, 0]) & Self::FIRST_THREE)
                }
                _ => continue,
            };
            prefixes.bits[slot / 64] |= 1 << (slot % 64);
        }
        prefixes
    }

    /// Whether a form may match at the start of `rest` (always, with fewer than four bytes).
    fn may_start(&self, rest: &[u8]) -> bool {
        let [a, b, c, d, ..] = *rest else {
            return true;
        };
        let folded = Self::folded([a, b, c, d]);
        self.has(Self::slot(folded))
            || (self.three_byte_forms && self.has(Self::slot(folded & Self::FIRST_THREE)))
    }

    /// The first three bytes of a folded word (a zero fourth byte, which folding never gives,
    /// keys a three-byte form).
    const FIRST_THREE: u32 = 0x00ff_ffff;

    /// Four bytes in one ASCII case: setting the 0x20 bit of every byte maps a capital to its
    /// lower-case letter, and no two bytes equal but for ASCII case apart.
    fn folded(bytes: [u8; 4]) -> u32 {
        u32::from_le_bytes(bytes) | 0x2020_2020
    }

    fn slot(folded: u32) -> usize {
        (folded.wrapping_mul(0x9E37_79B1) >> (32 - Self::BITS)) as usize
    }

    fn has(&self, slot: usize) -> bool {
        self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }
}

/// Visits, in order, the places of `bytes` that no ASCII letter or digit precedes (the start,
/// and every place after another byte): the places where a title may start. The bytes are
/// tested eight at a time in a 64-bit word (a title can start after some 20% of them; testing
/// each byte in turn was most of the time `find` spent).
fn each_place_after_no_alphanumeric(bytes: &[u8], mut visit: impl FnMut(usize)) {
    // The start is visited as if a block before it ended in a space.
    let mut carried = 1;
    let mut visit_block = |block: &[u8; 64], offset: usize| {
        let mask = non_alphanumeric_mask(block);
        let mut places = mask << 1 | carried;
        carried = mask >> 63;
        while places != 0 {
            visit(offset + places.trailing_zeros() as usize);
            places &= places - 1;
        }
    };
    let mut blocks = bytes.chunks_exact(64);
    let mut offset = 0;
    for block in &mut blocks {
        visit_block(block.try_into().expect("64 bytes"), offset);
        offset += 64;
    }
    // The rest, followed by letters (no place after the end but the end itself); a text of
    // whole blocks has its end visited in a block of letters.
    let rest = blocks.remainder();
    let mut padded = [b'a'; 64];
    padded[..rest.len()].copy_from_slice(rest);
    visit_block(&padded, offset);
}

/// One bit for each byte of `block` (the lowest for its first byte): whether it is no ASCII
/// letter or digit. Each 64-bit word of eight bytes is tested at once: a byte is in a range
/// when adding the distance below its low end sets its top bit and adding the distance above
/// its high end does not (no carry crosses bytes, as every byte is first cut to seven bits);
/// a multiplication gathers the eight top bits.
fn non_alphanumeric_mask(block: &[u8; 64]) -> u64 {
    const TOP: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let in_range = |low7: u64, first: u8, last: u8| {
        (low7 + ONES * u64::from(0x80 - first)) & !(low7 + ONES * u64::from(0x7f - last)) & TOP
    };
    let mut mask = 0;
    for (k, word) in block.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let low7 = word & !TOP;
        let alphanumeric =
            (in_range(low7, b'0', b'9') | in_range(low7 | (ONES * 0x20), b'a', b'z')) & !word;
        let gathered = ((alphanumeric >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8;
        mask |= u64::from(!gathered) << (8 * k);
    }
    mask
}

/// A surface form and the shortened forms texts use for it: "Protocol against the Smuggling of
/// Migrants by Land, Sea and Air" without ", supplementing …"; "Single Convention on Narcotic
/// Drugs" without ", 1961"; "Hague Convention of 1954" for "1954 Hague Convention".
fn variants(form: &str) -> Vec<String> {
    let mut forms = vec![form.to_owned()];
    let long_enough = |s: &str| s.split_whitespace().count() >= 4;
    if let Some((head, _)) = form.split_once(", supplementing") {
        if long_enough(head) {
            forms.push(head.to_owned());
        }
    }
    if let Some((head, year)) = form.rsplit_once(", ") {
        if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) && long_enough(head) {
            forms.push(head.to_owned());
        }
    }
    if let Some((year, rest)) = form.split_once(' ') {
        if year.len() == 4
            && year.chars().all(|c| c.is_ascii_digit())
            && rest.split(' ').count() >= 2
        {
            forms.push(format!("{rest} of {year}"));
        }
    }
    // Older texts spell "Co-operation" where the registry has "Cooperation" (S/RES/580 (1985):
    // "the Declaration on Principles of International Law concerning Friendly Relations and
    // Co-operation among States").
    let hyphenated: Vec<String> = forms
        .iter()
        .filter(|f| f.contains("ooperation"))
        .map(|f| {
            f.replace("Cooperation", "Co-operation")
                .replace("cooperation", "co-operation")
        })
        .collect();
    forms.extend(hyphenated);
    forms
}

static CONTINUES_TITLE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^,?\s+(?:of|on|for|between|concerning)\s+(?:the\s+)?[A-Z]"));

fn accept(text: &str, start: usize, end: usize, pattern: &Form) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let matched = &text[start..end];
    let capitals_kept = pattern
        .label
        .bytes()
        .zip(matched.bytes())
        .all(|(l, t)| !l.is_ascii_uppercase() || t.is_ascii_uppercase());
    if !capitals_kept {
        return false;
    }
    if pattern.acronym
        && (matched != pattern.label
            || before == Some('/')
            || after == Some('/')
            || after == Some('-'))
    {
        return false;
    }
    // Only `T`/`t`, `H`/`h`, `E`/`e` and the space lower-case to these characters, so this is
    // `text[..start].to_lowercase().ends_with("the ")` without lower-casing the whole prefix.
    let after_the = start >= 4 && text.as_bytes()[start - 4..start].eq_ignore_ascii_case(b"the ");
    if pattern.needs_article && !after_the {
        return false;
    }
    if pattern.short && CONTINUES_TITLE.is_match(&text[end..]) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time test says of every byte, in every place of a block, what
    /// `is_ascii_alphanumeric` says.
    #[test]
    fn non_alphanumeric_mask_as_byte_test() {
        for first in (0..=255u8).step_by(64) {
            let block: [u8; 64] = std::array::from_fn(|i| first.wrapping_add(i as u8));
            for shift in 0..64 {
                let mut block = block;
                block.rotate_left(shift);
                let expected = block
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| !b.is_ascii_alphanumeric())
                    .fold(0u64, |mask, (i, _)| mask | 1 << i);
                assert_eq!(non_alphanumeric_mask(&block), expected, "{block:?}");
            }
        }
    }

    #[test]
    fn places_after_no_alphanumeric() {
        let text = "“Convention” on the Rights of the Child (1989), art. 7; CRC-OP-SC 2000.\n\
            A longer line, to cross the boundary of sixty-four bytes: once — and twice!";
        for end in 0..text.len() {
            let bytes = &text.as_bytes()[..end];
            let expected: Vec<usize> = (0..=end)
                .filter(|&i| i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
                .collect();
            let mut places = Vec::new();
            each_place_after_no_alphanumeric(bytes, |place| places.push(place));
            assert_eq!(places, expected);
        }
    }

    /// Every place where a form matches, in any ASCII case, passes the prefix test.
    #[test]
    fn prefixes_admit_every_form() {
        let form = |label: &str| Form {
            key: String::new(),
            label: label.to_owned(),
            needs_article: false,
            short: false,
            acronym: false,
        };
        let forms: Vec<Form> = [
            "CRC",
            "Convention on the Rights of the Child",
            "1951 Refugee",
        ]
        .into_iter()
        .map(form)
        .collect();
        let prefixes = Prefixes::of(&forms);
        for text in [
            "CRC",
            "crc ",
            "CRC-",
            "CrCx",
            "convention",
            "CONVENTION ON",
            "1951 Refugee",
            "Con",
            "",
        ] {
            assert!(prefixes.may_start(text.as_bytes()), "{text}");
        }
        assert!(!prefixes.may_start(b"Council"));
        assert!(!prefixes.may_start(b"1990 "));
        assert!(!Prefixes::of(&forms[1..]).may_start(b"CRC "));
    }
}
