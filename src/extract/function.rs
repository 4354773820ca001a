//! Citation function: the paragraph's verb, sharpened where the paragraph asks States to sign,
//! ratify, accede to or implement the instrument ("Also urges Governments to consider signing and
//! ratifying … the Protocol …").

use std::sync::LazyLock;

use crate::pattern::Pattern;

use crate::structure::{Function, Paragraph};

static RATIFICATION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:sign(?:ing)?|ratify(?:ing)?|ratif(?:ication|ications)|accede|acceding|accession|become part(?:y|ies)|becoming part(?:y|ies)|adhere|adhering|adherence)\b",
    )
});
static IMPLEMENTATION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:implement(?:ing|ation)?|comply with|full compliance|apply|give effect to|fully respect)\b",
    )
});

/// The function of a citation at byte `at` of a paragraph.
pub fn citation_function(paragraph: &Paragraph, at: usize) -> Function {
    let Some(opening) = &paragraph.opening else {
        return Function::Cites;
    };
    let base = opening.function;
    if !base.is_exhortation() {
        return base;
    }
    // The clause that leads to the citation: from the last ';' before it.
    let clause_start = paragraph.text[..at].rfind(';').map_or(0, |i| i + 1);
    let clause = &paragraph.text[clause_start..at];
    if RATIFICATION.is_match(clause) {
        Function::CallsForRatification
    } else if IMPLEMENTATION.is_match(clause) {
        Function::CallsForImplementation
    } else {
        base
    }
}
