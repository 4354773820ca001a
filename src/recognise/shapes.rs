//! Instruments absent from the registry, recognised from the shape of their title: capitalised
//! words around a head noun ("Peace Agreement between the Government of the Republic of Rwanda
//! and the Rwandese Patriotic Front", "Treaty of Guarantee", "Renville Truce Agreement").
//! Generic phrases ("relevant conventions", "the Agreement", "Armistice Agreements", "a draft
//! convention") are never turned into instruments.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::pattern::Pattern;

use super::{reference, Cited, Reference};
use crate::resolve::registry::InstrumentKind;

const HEADS: &str = r"Memorandum of Understanding|Convention|Conventions|Treaty|Agreement|Agreements|Accords?|Protocol|Covenant|Statute|Pact|Declaration|Charter|Programme of Action|Platform for Action|Plan of Action";

static TITLE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"(?P<prefix>(?:(?:[A-Z](?:[\w'.-]|’)*|\d{{4}}|of|and|for|on|the)\s+){{0,8}})(?P<head>{HEADS})\b(?P<tail>(?:,?\s+(?:on|of|for|between|relating to|concerning|against|respecting|regarding|among|to|in)\s+(?:the\s+)?(?:[A-Z](?:[\w'-]|’)*|\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}}|\d{{4}})(?:\s+(?:and|of|the|for|in|on|to|against|between|[A-Z](?:[\w'-]|’)*|\d{{4}})){{0,20}})?)(?P<signed>,\s+(?:signed|done|concluded|adopted)\s+at\s+[A-Z][\w-]+(?:\s+on\s+\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}})?)?"
    ))
});

/// The head nouns as plain strings: a paragraph without any of them has no title shape, and
/// finding that out is far cheaper than running `TITLE`.
static HEAD_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(HEADS.split('|').map(|h| h.strip_suffix("s?").unwrap_or(h)))
        .expect("head nouns form a valid automaton")
});

/// Words that alone do not make a title specific.
const GENERIC: &[&str] = &[
    "peace",
    "ceasefire",
    "cease-fire",
    "armistice",
    "general",
    "framework",
    "final",
    "interim",
    "basic",
    "comprehensive",
    "political",
    "trade",
    "security",
    "bilateral",
    "international",
    "regional",
    "new",
    "model",
    "optional",
    "additional",
    "this",
    "that",
    "these",
    "those",
    "such",
    "said",
    "present",
    "each",
    "any",
    "the",
    "an",
    "a",
    "relevant",
    "existing",
    "united",
    "nations",
    "its",
    "their",
    "all",
    "both",
    "two",
    "first",
    "second",
    "third",
    "fourth",
    "various",
    "other",
    "same",
    "above",
    "world",
    "global",
    "joint",
    "truce",
    "of",
    "and",
    "for",
    "on",
];
/// Words that start a sentence or a paragraph rather than a title.
const NOT_TITLE_START: &[&str] = &[
    "Recalling",
    "Reaffirming",
    "Noting",
    "Welcoming",
    "Bearing",
    "Considering",
    "Recognizing",
    "Taking",
    "Having",
    "Urges",
    "Calls",
    "Decides",
    "Requests",
    "Invites",
    "Welcomes",
    "Reaffirms",
    "Recalls",
    "Notes",
    "In",
    "By",
    "Under",
    "With",
    "Also",
    "Further",
    "Draft",
    "Acting",
    "Affirming",
    "Emphasizing",
    "Stressing",
    "Expressing",
    "Condemns",
    "Encourages",
    "Of",
    "And",
    "For",
    "On",
    "See",
    "Ibid",
    "Report",
    "Members",
    "Parties",
    "States",
];

/// Title-shaped instrument names in a paragraph.
pub fn find(text: &str) -> Vec<Reference> {
    if !HEAD_WORDS.is_match(text) {
        return Vec::new();
    }
    TITLE
        .captures_iter(text)
        .filter_map(|c| {
            let head = c.name("head")?;
            let prefix = c.name("prefix")?;
            let tail = c.name("tail").map_or("", |m| m.as_str());
            // The prefix starts at its first capitalised word that can open a title.
            let prefix_words: Vec<&str> = prefix.as_str().split_whitespace().collect();
            let first_title_word = prefix_words
                .iter()
                .rposition(|w| !starts_upper(w) && !w.chars().all(|c| c.is_ascii_digit()))
                .map_or(0, |i| i + 1);
            let mut kept: &[&str] = &prefix_words[first_title_word..];
            while let Some((first, rest)) = kept.split_first() {
                if NOT_TITLE_START.contains(first) {
                    kept = rest;
                } else {
                    break;
                }
            }
            let start = if kept.is_empty() {
                head.start()
            } else {
                prefix.start()
                    + find_nth_word_start(prefix.as_str(), prefix_words.len() - kept.len())
            };
            let tail_trimmed = trim_connectors(tail);
            let signed = c.name("signed");
            let end = match signed {
                Some(s) => s.end(),
                None => head.end() + tail_trimmed.len(),
            };
            // One specific word ("Renville Truce Agreement") or two capitalised ones ("General
            // Peace Agreement") make a name; "Peace Agreement" alone does not.
            let capitalised = kept.iter().filter(|w| starts_upper(w)).count();
            let specific_prefix = capitalised >= 2
                || kept
                    .iter()
                    .any(|w| !GENERIC.contains(&w.to_lowercase().as_str()));
            let specific_tail = tail_trimmed
                .split_whitespace()
                .skip(1)
                .any(|w| starts_upper(w) && !GENERIC.contains(&w.to_lowercase().as_str()));
            let plural = head.as_str().ends_with('s') && head.as_str() != "Accords";
            let specific = if plural {
                specific_tail
            } else {
                specific_prefix || specific_tail
            };
            if !specific {
                return None;
            }
            // "a Commonwealth Covenant": an instrument described, not cited.
            let before = text[..start].trim_end();
            if before.ends_with(" a") || before.ends_with(" an") || before == "a" || before == "an"
            {
                return None;
            }
            let label = text[start..end].trim_end_matches([',', ' ']).to_owned();
            let kind = match head.as_str() {
                "Declaration"
                | "Programme of Action"
                | "Platform for Action"
                | "Plan of Action" => InstrumentKind::Declaration,
                _ => InstrumentKind::Treaty,
            };
            Some(reference(
                start,
                start + label.len(),
                Cited::Unregistered { label, kind },
            ))
        })
        .collect()
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Byte offset of the n-th whitespace-separated word.
fn find_nth_word_start(text: &str, n: usize) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            if count == n {
                return i;
            }
            count += 1;
            in_word = true;
        }
    }
    text.len()
}

/// Drops trailing lower-case connectors ("… between Israel and") from a title tail.
fn trim_connectors(tail: &str) -> &str {
    let mut tail = tail.trim_end();
    loop {
        let Some((rest, last)) = tail.rsplit_once(char::is_whitespace) else {
            return tail;
        };
        if last.chars().next().is_some_and(char::is_lowercase) {
            tail = rest.trim_end();
        } else {
            return tail;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        find(text)
            .into_iter()
            .map(|r| match r.cited {
                Cited::Unregistered { label, .. } => label,
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn recognises_unregistered_titles() {
        assert_eq!(
            labels("Welcoming the Peace Agreement between the Government of the Republic of Rwanda and the Rwandese Patriotic Front, signed at Arusha on 4 August 1993, and"),
            vec!["Peace Agreement between the Government of the Republic of Rwanda and the Rwandese Patriotic Front, signed at Arusha on 4 August 1993"]
        );
        assert_eq!(
            labels("the provisions of the Treaty of Guarantee"),
            vec!["Treaty of Guarantee"]
        );
        assert_eq!(
            labels("the Renville Truce Agreement"),
            vec!["Renville Truce Agreement"]
        );
        assert_eq!(
            labels("the General Peace Agreement (S/24406)"),
            vec!["General Peace Agreement"]
        );
    }

    #[test]
    fn head_words_are_plain_strings() {
        // HEAD_WORDS reads HEADS as strings; only a plural "s?" may be regex syntax.
        for head in HEADS.split('|') {
            let word = head.strip_suffix("s?").unwrap_or(head);
            assert!(
                word.chars().all(|c| c.is_ascii_alphabetic() || c == ' '),
                "{head}"
            );
        }
    }

    #[test]
    fn never_invents_from_generic_phrases() {
        assert!(labels("all relevant conventions and human rights instruments").is_empty());
        assert!(labels("the Agreement and the Armistice Agreements").is_empty());
        assert!(labels("Recalling the Convention, the Peace Agreement").is_empty());
        assert!(labels("Welcoming the signature of a Commonwealth Covenant").is_empty());
    }
}
