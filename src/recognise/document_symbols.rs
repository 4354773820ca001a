//! UN document symbols: "A/63/425", "A/C.3/55/3", "S/25704 and Add.1", "A/61/122 and Add.1
//! and Add.1/Corr.1", "E/CN.4/2005/44", "S/PV.3217", and resolution symbols written out
//! ("S/RES/1445 (2002)", "A/RES/63/156").

use std::sync::LazyLock;

use crate::pattern::Pattern;

use super::{reference, Cited, Context, Reference};
use crate::symbols::normalise_symbol;

static SYMBOL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?P<symbol>(?:(?:\$|\b(?:A|S|E|T|ST|DP|UNEP|TD|CRC|CEDAW|CERD|CCPR|CAT|HRI|ICEF|UNDP|ECE|ESCAP|ECA|ECLAC|ESCWA|CRPD|CMW|CED|SG|UNW))(?:\s?/\s?[A-Za-z0-9.\-]+)+|\b5/(?:19[4-9]\d|20\d\d)/\d{1,5}\b)(?:\s?\((?:\d{4}|[IVXL]+)\))?)(?P<additions>(?:\s*(?:,|and|,\s*and)\s*(?:Add|Corr|Rev)\.\d+(?:\s?-\s?\d+)?(?:/(?:Corr|Rev|Add)\.\d+)?)*)",
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
        let symbol = normalise_symbol(&repair_ocr(symbol_match.as_str()));
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

/// Undoes the OCR slips that leave a symbol's shape unambiguous: "$/" and "5/<year>/" for
/// "S/" (only the Security Council's dated series starts "S/<year>/"; the `SYMBOL` pattern
/// admits "5/" only in that shape), and a "Rey.1" segment for the revision "Rev.1".
fn repair_ocr(symbol: &str) -> String {
    let symbol = match symbol.strip_prefix(['$', '5']) {
        Some(rest) => format!("S{rest}"),
        None => symbol.to_owned(),
    };
    symbol
        .split('/')
        .map(|segment| match segment.strip_prefix("Rey.") {
            Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                format!("Rev.{n}")
            }
            _ => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
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

    #[test]
    fn repairs_unambiguous_ocr_slips() {
        // S/RES/1445 (2002): "5/" printed for "S/" in a dated Security Council symbol.
        assert_eq!(
            symbols("special report of 10 September 2002 (5/2002/1005)"),
            vec!["S/2002/1005"]
        );
        // S/RES/411 (1977): "Rey.1" printed for the revision "Rev.1".
        assert_eq!(
            symbols("document S/12344/Rey.1, annex V"),
            vec!["S/12344/Rev.1"]
        );
        // Other numbers with slashes stay what they are.
        assert!(symbols("a ratio of 5/12 and 15/2002/1005 or 5/1/2").is_empty());
        assert_eq!(symbols("S/Reyes.1/2"), vec!["S/Reyes.1/2"]);
    }
}
