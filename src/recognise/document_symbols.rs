//! UN document symbols: "A/63/425", "A/C.3/55/3", "S/25704 and Add.1", "A/61/122 and Add.1
//! and Add.1/Corr.1", "E/CN.4/2005/44", "S/PV.3217", and resolution symbols written out
//! ("S/RES/1445 (2002)", "A/RES/63/156").

use std::sync::LazyLock;

use crate::pattern::Pattern;

use super::{reference, Cited, Context, Reference};
use crate::symbols::normalise_symbol;

static SYMBOL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?P<symbol>(?:\$|\b(?:A|S|E|T|ST|DP|UNEP|TD|CRC|CEDAW|CERD|CCPR|CAT|HRI|ICEF|UNDP|ECE|ESCAP|ECA|ECLAC|ESCWA|CRPD|CMW|CED|SG|UNW))(?:\s?/\s?[A-Za-z0-9.\-]+)+(?:\s?\((?:\d{4}|[IVXL]+)\))?)(?P<additions>(?:\s*(?:,|and|,\s*and)\s*(?:Add|Corr|Rev)\.\d+(?:\s?-\s?\d+)?(?:/(?:Corr|Rev|Add)\.\d+)?)*)",
    )
});
static ADDITION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?P<kind>Add|Corr|Rev)\.(?P<from>\d+)(?:\s?-\s?(?P<to>\d+))?(?P<sub>/(?:Corr|Rev|Add)\.\d+)?",
    )
});

/// Document and resolution symbols in a paragraph.
pub fn find(text: &str, context: &Context<'_>) -> Vec<Reference> {
    let mut found = Vec::new();
    for c in SYMBOL.captures_iter(text) {
        let symbol_match = c.name("symbol").unwrap();
        // OCR reads "S/" as "$/".
        let symbol = normalise_symbol(&symbol_match.as_str().replacen('$', "S", 1));
        if !plausible(&symbol) || Some(symbol.as_str()) == context.own_symbol {
            continue;
        }
        let cited = |symbol: String| {
            if symbol.contains("/RES/") {
                Cited::Resolution { symbol, part: None }
            } else {
                Cited::Document { symbol }
            }
        };
        found.push(reference(
            symbol_match.start(),
            symbol_match.end(),
            cited(symbol.clone()),
        ));
        if let Some(additions) = c.name("additions") {
            for a in ADDITION.captures_iter(additions.as_str()) {
                let whole = a.get(0).unwrap();
                let (start, end) = (
                    additions.start() + whole.start(),
                    additions.start() + whole.end(),
                );
                let from: u32 = a["from"].parse().unwrap_or(1);
                let to: u32 = a
                    .name("to")
                    .and_then(|t| t.as_str().parse().ok())
                    .unwrap_or(from);
                for n in from..=to.min(from + 20) {
                    let sub = a.name("sub").map_or("", |m| m.as_str());
                    let added = format!("{symbol}/{}.{n}{sub}", &a["kind"]);
                    found.push(reference(start, end, cited(added)));
                }
            }
        }
    }
    found
}

/// A symbol has at least one digit and no trailing separator; "S/PV" alone is no symbol.
fn plausible(symbol: &str) -> bool {
    symbol.chars().any(|c| c.is_ascii_digit())
        && !symbol.ends_with('/')
        && !symbol.ends_with('-')
        && symbol.split('/').count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(text: &str) -> Vec<String> {
        find(text, &Context::default())
            .into_iter()
            .map(|r| match r.cited {
                Cited::Document { symbol } | Cited::Resolution { symbol, .. } => symbol,
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn expands_addenda_and_corrigenda() {
        assert_eq!(
            symbols("10 A/61/122 and Add.1 and Add.1/Corr.1."),
            vec!["A/61/122", "A/61/122/Add.1", "A/61/122/Add.1/Corr.1"]
        );
        assert_eq!(
            symbols("(S/25704 and Add.1)"),
            vec!["S/25704", "S/25704/Add.1"]
        );
        assert_eq!(symbols("(see A/C.3/55/3, annex)"), vec!["A/C.3/55/3"]);
        assert_eq!(
            symbols("United Nations S/RES/1445 (2002)"),
            vec!["S/RES/1445(2002)"]
        );
        assert_eq!(
            symbols("the report (S/ 13450 and Corr.1 and Add.1)"),
            vec!["S/13450", "S/13450/Corr.1", "S/13450/Add.1"]
        );
    }
}
