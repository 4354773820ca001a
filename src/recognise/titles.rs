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
        for start in 0..bytes.len().saturating_sub(1) {
            if start < next
                || !self.openings.contains(bytes[start], bytes[start + 1])
                || (start > 0 && bytes[start - 1].is_ascii_alphanumeric())
            {
                continue;
            }
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            let Some(m) = self.automaton.find(input) else {
                continue;
            };
            next = m.end();
            let pattern = &self.patterns[m.pattern().as_usize()];
            if accept(text, m.start(), m.end(), pattern) {
                let cited = Cited::Instrument {
                    key: pattern.key.clone(),
                };
                found.push(reference(m.start(), m.end(), cited));
            }
        }
        found
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
