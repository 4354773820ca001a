//! ILO conventions by number: "Convention No. 182", "(Convention No. 29)", "ILO Convention
//! No. 169", "Worst Forms of Child Labour Convention, 1999 (No. 182)", "Conventions Nos. 138
//! and 182". Every number resolves to an ILO node, titled or not.

use std::sync::LazyLock;

use crate::pattern::Pattern;

use super::{reference, Cited, Reference};

static NUMBERED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?:\b(?:ILO|International Labour Organization|International Labour Organisation)\s+)?\bConventions?\s+Nos?\.\s*(\d{1,3}(?:\s*(?:,|and)\s*\d{1,3})*)",
    )
});
/// "Convention, 1999 (No. 182)" — the number in parentheses after a dated ILO title.
static DATED_TITLE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\b(Convention|Protocol)(?: \(Revised\))?,? (?:1[89]\d\d|20\d\d) \(No\. ?(\d{1,3})\)",
    )
});
static NUMBER: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"\d{1,3}"));

/// ILO conventions by number in a paragraph.
pub fn find(text: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    for c in NUMBERED.captures_iter(text) {
        let numbers = c.get(1).unwrap();
        for n in NUMBER.find_iter(numbers.as_str()) {
            let (start, end) = (numbers.start() + n.start(), numbers.start() + n.end());
            let whole = c.get(0).unwrap();
            // A single number takes the whole phrase as its span; a list, each number.
            let (start, end) = if numbers.as_str().trim() == n.as_str() {
                (whole.start(), whole.end())
            } else {
                (start, end)
            };
            found.push(reference(start, end, ilo(n.as_str(), "C")));
        }
    }
    for c in DATED_TITLE.captures_iter(text) {
        let whole = c.get(0).unwrap();
        let prefix = if &c[1] == "Protocol" { "P" } else { "C" };
        found.push(reference(whole.start(), whole.end(), ilo(&c[2], prefix)));
    }
    found
}

fn ilo(number: &str, prefix: &str) -> Cited {
    let n: u32 = number.parse().unwrap_or(0);
    Cited::Ilo {
        code: format!("{prefix}{n:03}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        find(text)
            .into_iter()
            .map(|r| match r.cited {
                Cited::Ilo { code } => code,
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn reads_ilo_numbers() {
        assert_eq!(
            codes("Forced or Compulsory Labour, 1930 (Convention No. 29)"),
            vec!["C029"]
        );
        assert_eq!(codes("ILO Convention No. 169"), vec!["C169"]);
        assert_eq!(
            codes("the Worst Forms of Child Labour Convention, 1999 (No. 182), of the"),
            vec!["C182"]
        );
        assert_eq!(codes("Conventions Nos. 138 and 182"), vec!["C138", "C182"]);
    }
}
