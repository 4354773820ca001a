//! Titles, aliases and acronyms from the registry, found as the longest form (ASCII
//! case-insensitive) at each place a title can start, then checked against the text:
//! word boundaries, capitals where the label has capitals, acronyms in exact case, and short
//! aliases that are not the start of a longer, different title ("the Charter of the
//! Organization of African Unity" is not the UN Charter).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::pattern::Pattern;

use super::{reference, Cited, Reference};
use crate::resolve::registry::Registry;

/// One surface form of the index.
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

/// All registry surface forms, searched for at the places a title can start.
pub struct TitleIndex {
    /// The forms, in the order of `folded`.
    patterns: Vec<Form>,
    /// The forms' labels in one ASCII case, sorted (see [`FoldedLabels`]).
    folded: FoldedLabels,
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
                let form = single_spaced(form);
                let (label, had_article) =
                    match form.strip_prefix("the ").or(form.strip_prefix("The ")) {
                        Some(rest) => (rest.to_owned(), true),
                        None => (form, false),
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
        // Folded once per form: folding in each comparison cost ~3 M instructions.
        patterns.sort_by_cached_key(|pattern| pattern.label.to_ascii_lowercase());
        TitleIndex {
            folded: FoldedLabels::of(&patterns),
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

    /// Looks for the longest form at `start`; where one matches, adds it to `found` if
    /// `accept` counts it, and returns where the match ends.
    #[inline(never)]
    fn match_at(&self, text: &str, start: usize, found: &mut Vec<Reference>) -> Option<usize> {
        let (index, len) = self.folded.longest_at(&text.as_bytes()[start..])?;
        let end = start + len;
        let pattern = &self.patterns[index];
        if accept(text, start, end, pattern) {
            let cited = Cited::Instrument {
                key: pattern.key.clone(),
            };
            found.push(reference(start, end, cited));
        }
        Some(end)
    }
}

/// A label's bytes in one ASCII case (other bytes as they are), as the search compares them.
fn folded_bytes(label: &str) -> impl Iterator<Item = u8> + '_ {
    label.bytes().map(|b| b.to_ascii_lowercase())
}

/// Ranges of label indices under `u32` keys added in increasing order.
#[derive(Default)]
struct KeyedRanges {
    keys: Vec<u32>,
    ranges: Vec<(usize, usize)>,
}

impl KeyedRanges {
    /// Adds `index` to the range of `key` (the last key added, or a greater one).
    fn add(&mut self, key: u32, index: usize) {
        if self.keys.last() == Some(&key) {
            self.ranges.last_mut().expect("a range per key").1 = index + 1;
        } else {
            self.keys.push(key);
            self.ranges.push((index, index + 1));
        }
    }

    fn get(&self, key: u32) -> Option<(usize, usize)> {
        let at = self.keys.binary_search(&key).ok()?;
        Some(self.ranges[at])
    }
}

/// The first index of `lo..hi` where `is_past` holds, which holds from some index on.
fn first_where(mut lo: usize, mut hi: usize, is_past: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let middle = lo + (hi - lo) / 2;
        if is_past(middle) {
            hi = middle;
        } else {
            lo = middle + 1;
        }
    }
    lo
}

/// The forms' labels, ASCII lower-cased and sorted, in one buffer. The longest label a text
/// starts with is found by narrowing, byte by byte, the range of labels that start with the
/// text's bytes so far (a binary search in a sorted range); once one label is left, the rest of
/// it is compared at once. This is the anchored, leftmost-longest, ASCII case-insensitive
/// search of an Aho–Corasick automaton, which took ~90 M instructions (~30 ms) to build for
/// the bundled registry, at every start of the program; sorting the labels takes a few.
struct FoldedLabels {
    bytes: Vec<u8>,
    /// Where each label ends in `bytes` (and the next one starts).
    ends: Vec<usize>,
    /// The range of labels (of four bytes or more) starting with each four bytes.
    by_first_four: KeyedRanges,
    /// The three-byte labels (a range of one each).
    three_byte: KeyedRanges,
}

impl FoldedLabels {
    /// Of forms sorted by their folded labels.
    fn of(patterns: &[Form]) -> FoldedLabels {
        let mut labels = FoldedLabels {
            bytes: Vec::with_capacity(patterns.iter().map(|p| p.label.len()).sum()),
            ends: Vec::with_capacity(patterns.len()),
            by_first_four: KeyedRanges::default(),
            three_byte: KeyedRanges::default(),
        };
        for (index, pattern) in patterns.iter().enumerate() {
            let start = labels.bytes.len();
            labels.bytes.extend(folded_bytes(&pattern.label));
            labels.ends.push(labels.bytes.len());
            match labels.bytes[start..] {
                [a, b, c, d, ..] => labels
                    .by_first_four
                    .add(u32::from_be_bytes([a, b, c, d]), index),
                [a, b, c] => labels
                    .three_byte
                    .add(u32::from_be_bytes([a, b, c, 0]), index),
                _ => {}
            }
        }
        labels
    }

    #[inline]
    fn label(&self, index: usize) -> &[u8] {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.bytes[start..self.ends[index]]
    }

    /// The index and length of the longest label `text` starts with, ignoring ASCII case.
    fn longest_at(&self, text: &[u8]) -> Option<(usize, usize)> {
        if text.len() < 3 {
            return None;
        }
        // No label holds a zero byte, so one past the end of `text` is no label's fourth.
        let folded = |i: usize| text.get(i).map_or(0, u8::to_ascii_lowercase);
        let [a, b, c, d] = [0, 1, 2, 3].map(folded);
        let mut longest = self
            .three_byte
            .get(u32::from_be_bytes([a, b, c, 0]))
            .map(|(index, _)| (index, 3));
        let Some((mut lo, mut hi)) = self.by_first_four.get(u32::from_be_bytes([a, b, c, d]))
        else {
            return longest;
        };
        let mut depth = 4;
        // Every label in lo..hi starts with the first `depth` bytes of `text`, folded.
        while lo < hi {
            // Sorted, the labels in lo..hi all start with what the first and the last have in
            // common: compare that at once.
            let (first, last) = (self.label(lo), self.label(hi - 1));
            let common = depth
                + first[depth..]
                    .iter()
                    .zip(&last[depth..])
                    .take_while(|(a, b)| a == b)
                    .count();
            if text.len() < common
                || !text[depth..common].eq_ignore_ascii_case(&first[depth..common])
            {
                break;
            }
            depth = common;
            if first.len() == depth {
                // The shortest label sorts first.
                longest = Some((lo, depth));
            }
            if hi - lo == 1 {
                break;
            }
            let Some(&byte) = text.get(depth) else {
                break;
            };
            let byte = byte.to_ascii_lowercase();
            // The labels in lo..hi are sorted by their byte at `depth` (those that end before
            // it first): keep those where it is `byte`.
            let at_depth =
                |index: usize| self.label(index).get(depth).map_or(-1, |&b| i16::from(b));
            let byte = i16::from(byte);
            lo = first_where(lo, hi, |index| at_depth(index) >= byte);
            hi = first_where(lo, hi, |index| at_depth(index) > byte);
            depth += 1;
        }
        longest
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
/// folded, as a set of hashed bits: a place whose next bytes are not in it starts no form
/// (`FoldedLabels::longest_at` ignores ASCII case too). Two thirds of the places `Openings` lets
/// through ("Council", "1990", "General") start no form, and this test costs a few instructions
/// where a look-up in the labels costs a few hundred.
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

/// `form` with its words one space apart and no space around them: the form itself when it is
/// so already (as registry forms are), without collecting its words into a new string.
fn single_spaced(form: String) -> String {
    let is_single_spaced = form
        .split(' ')
        .all(|word| !word.is_empty() && !word.contains(char::is_whitespace));
    if is_single_spaced {
        form
    } else {
        form.split_whitespace().collect::<Vec<_>>().join(" ")
    }
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

    /// The sorted labels find, at every place of some texts and of every paragraph of the
    /// corpus, the form the anchored, leftmost-longest, ASCII case-insensitive Aho–Corasick
    /// automaton they replace finds.
    #[test]
    fn folded_labels_find_what_the_automaton_finds() {
        use aho_corasick::{AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
        let index = TitleIndex::new(&Registry::bundled().unwrap());
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(index.patterns.iter().map(|p| p.label.as_str()))
            .unwrap();
        let mut texts: Vec<String> = [
            "the CONVENTION ON THE RIGHTS OF THE CHILD and its Optional Protocol",
            "NPT",
            "npt.",
            "Np",
            "the Charter of the United Nations, the Charter",
            "Convention relating to the Status of Refugees of 1951",
        ]
        .map(str::to_owned)
        .to_vec();
        texts.extend(crate::recognise::tests::corpus_paragraphs());
        let mut found = 0;
        for text in &texts {
            for start in (0..text.len()).filter(|&start| text.is_char_boundary(start)) {
                let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                let expected = automaton
                    .find(input)
                    .map(|m| (m.pattern().as_usize(), m.end() - start));
                let longest = index.folded.longest_at(&text.as_bytes()[start..]);
                assert_eq!(longest, expected, "{start}: {text}");
                found += usize::from(expected.is_some());
            }
        }
        assert!(found > 500, "{found} forms found");
    }

    #[test]
    fn single_spaced_as_words_joined() {
        for form in [
            "Charter",
            "the Charter",
            " the  Charter",
            "the\tCharter\n",
            "",
            " ",
            "a\u{a0}b",
        ] {
            let joined = form.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(single_spaced(form.to_owned()), joined, "{form:?}");
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
