//! Anaphors that stand for an instrument named before: "the Optional Protocol thereto",
//! "the Protocols thereto", "the two Optional Protocols thereto", "the Optional Protocol thereto
//! on the sale of children, …", and short forms "the Convention", "the Covenant".

use std::sync::LazyLock;

use crate::pattern::{Literal, Pattern};

use super::{reference, Cited, Reference, INSTRUMENT_WORD};

static THERETO: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\b[Tt]he\s+(?:(?:two|three|first|second|third)\s+)?(?:(?:1[89]|20)\d\d\s+)?(?:Optional\s+|Additional\s+)?Protocol(s)?\s+(?:additional\s+)?thereto(?:,?\s+(on\s+[a-z](?u:[^;:.]){3,160})|(,?\s+(?:in particular|especially|notably|including|namely)\b))?",
    )
});
static SHORT_FORM: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\b[Tt]he\s+(Convention|Covenant|Statute|Protocol|Treaty|Agreement|Charter|Declaration)\b(\s+(?:on|for|against|relating|concerning|of|between|to|respecting|in)\s+(?:the\s+)?[A-Z])?",
    )
});

/// The matches `SHORT_FORM.captures_iter` finds. Each is "the" or "The", white space and an
/// instrument word, so the pattern is started only at such a "the" before each instrument word
/// (its own prefilter stopped at every "the" of the paragraph), skipping those inside the
/// match before.
fn short_forms(text: &str) -> Vec<regex::Captures<'_>> {
    let mut found = Vec::new();
    let mut previous_end = 0;
    let mut from = 0;
    while let Some(word) = INSTRUMENT_WORD.first(&text[from..]).map(|at| from + at) {
        // The words are ASCII: one byte on is the next character.
        from = word + 1;
        let Some(start) = article_before(text, word).filter(|&start| start >= previous_end) else {
            continue;
        };
        if let Some(c) = SHORT_FORM.captures_at(text, start) {
            let whole = c.get(0).expect("the whole match");
            if whole.start() == start {
                previous_end = whole.end();
                found.push(c);
            }
        }
    }
    found
}

/// Where "the" or "The" starts if it and white space come just before `word`.
fn article_before(text: &str, word: usize) -> Option<usize> {
    let before = text[..word].trim_end_matches(char::is_whitespace);
    let spaced = before.len() < word;
    (spaced && (before.ends_with("the") || before.ends_with("The"))).then(|| before.len() - 3)
}

/// Anaphors in a paragraph.
pub fn find(text: &str) -> Vec<Reference> {
    // Every match of `THERETO` has the word; most paragraphs do not, and a byte search costs
    // far less than the pattern (whose own prefilter stops at every "the").
    static THERETO_WORD: Literal = Literal::new("thereto");
    let has_thereto = THERETO_WORD.is_in(text.as_bytes());
    let mut found: Vec<Reference> = has_thereto
        .then(|| THERETO.captures_iter(text))
        .into_iter()
        .flatten()
        .map(|c| {
            let whole = c.get(0).unwrap();
            // The span ends before ", in particular"; the qualifier may be cut by the resolver.
            let end = c.get(3).map_or(whole.end(), |p| p.start());
            reference(
                whole.start(),
                end,
                Cited::Thereto {
                    plural: c.get(1).is_some(),
                    qualifier: c.get(2).map(|q| q.as_str().to_owned()),
                    particular: c.get(3).is_some(),
                },
            )
        })
        .collect();
    for c in short_forms(text) {
        // "the Convention on …" is a title, not an anaphor.
        if c.get(2).is_some() {
            continue;
        }
        let whole = c.get(0).unwrap();
        if found
            .iter()
            .any(|f| f.start <= whole.start() && whole.end() <= f.end)
        {
            continue;
        }
        found.push(reference(
            whole.start(),
            whole.end(),
            Cited::ShortForm {
                head: c[1].to_owned(),
            },
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short forms found from the instrument words are those of `captures_iter`, on
    /// hand-made texts and every paragraph of the corpus.
    #[test]
    fn short_forms_as_captures_iter() {
        let made = [
            "the Convention of the Charter and the Covenant",
            "The  Covenant;\u{a0}the\u{a0}Charter, the\nStatute",
            "the Conventional Treaty, Athe Charter, theCharter, the Convention on the Rights",
            "the Protocol thereto and the Agreement between the Parties",
        ];
        let matches =
            crate::recognise::tests::assert_searched_as_find_iter(&SHORT_FORM, &made, |text| {
                short_forms(text)
                    .iter()
                    .map(|c| c.get(0).unwrap())
                    .collect()
            });
        assert!(matches > 100, "{matches} matches");
    }
}
