//! Anaphors that stand for an instrument named before: "the Optional Protocol thereto",
//! "the Protocols thereto", "the two Optional Protocols thereto", "the Optional Protocol thereto
//! on the sale of children, …", and short forms "the Convention", "the Covenant".

use std::sync::LazyLock;

use crate::pattern::{Literal, Pattern};

use super::{reference, Cited, Reference};

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
    for c in SHORT_FORM.captures_iter(text) {
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
