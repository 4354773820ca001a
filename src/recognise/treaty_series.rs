//! Treaty Series references, as footnotes print them in every era:
//! "United Nations, Treaty Series, vol. 2237, No. 39574.", "Ibid., vols. 2171 and 2173,
//! No. 27531.", "Ibid., vol. 75, Nos. 970-973.", "League of Nations, Treaty Series, vol. 94,
//! No. 2138."

use std::sync::LazyLock;

use crate::pattern::{Literal, Pattern};

use super::{reference, Cited, Reference};
use crate::symbols::roman_value;

/// Which Treaty Series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Series {
    UnitedNations,
    LeagueOfNations,
    /// "Ibid." — the series of the previous reference, settled by the resolver.
    Ibid,
}

/// The volume of an "Ibid., No. 5476" that prints none: the volume of the reference before,
/// which the resolver knows (no Treaty Series volume is numbered 0).
pub const SAME_VOLUME: u32 = 0;

// Volumes in roman numerals run to nine letters: League of Nations vol. CLXXXVIII (188).
static REFERENCE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?:(United Nations|League of Nations),?\s+Treaty\s+Series|\b([Ii]bid)\.?)(?:\s*,\s*(vols?)\.\s*((?:\d{1,4}|[IVXLCDM]{1,9})(?:\s*\(\d{4}\))?(?:\s*(?:,|and|&)\s*(?:\d{1,4}|[IVXLCDM]{1,9})(?:\s*\(\d{4}\))?)*))?\s*,\s*(?:(?:p|pp)\.\s*\d+\s*,\s*)?Nos?\.\s*(\d{1,6}(?:\s*(?:-|–|to|and|,)\s*\d{1,6})*)",
    )
});
static NUMBER: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"\d+"));
static RANGE: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"^(\d+)\s*(?:-|–|to)\s*(\d+)$"));

/// Treaty Series references in a paragraph (normally a footnote).
pub fn find(text: &str) -> Vec<Reference> {
    // Every reference names the series ("Treaty Series") or says "Ibid."/"ibid."; most
    // paragraphs do neither, and two byte searches cost far less than running the pattern.
    let bytes = text.as_bytes();
    static SERIES: Literal = Literal::new("Series");
    static IBID: Literal = Literal::new("bid");
    if !SERIES.is_in(bytes) && !IBID.is_in(bytes) {
        return Vec::new();
    }
    REFERENCE
        .captures_iter(text)
        .filter_map(|c| {
            let series = match c.get(1).map(|m| m.as_str()) {
                Some("League of Nations") => Series::LeagueOfNations,
                Some(_) => Series::UnitedNations,
                None => Series::Ibid,
            };
            // "(ibid., No. 5476)" names another treaty of the volume cited just before; only
            // an "Ibid." may leave the volume out.
            let volumes: Vec<u32> = match (c.get(4), series) {
                (Some(printed), _) => volumes(printed.as_str()),
                (None, Series::Ibid) => vec![SAME_VOLUME],
                (None, _) => return None,
            };
            let numbers_text = c[5].trim();
            let registration: Vec<u32> = match RANGE.captures(numbers_text) {
                Some(r) => {
                    let (from, to): (u32, u32) = (r[1].parse().ok()?, r[2].parse().ok()?);
                    if to < from || to - from > 20 {
                        return None;
                    }
                    (from..=to).collect()
                }
                None => numbers(numbers_text),
            };
            let entries = pair(&volumes, &registration);
            let whole = c.get(0)?;
            (!entries.is_empty()).then(|| {
                reference(
                    whole.start(),
                    whole.end(),
                    Cited::TreatySeries { series, entries },
                )
            })
        })
        .collect()
}

/// Volume numbers, arabic or roman ("vol. XCIV (1929)" in the League of Nations series); the
/// year in parentheses is not a volume.
fn volumes(text: &str) -> Vec<u32> {
    static VOLUME: LazyLock<Pattern> =
        LazyLock::new(|| Pattern::new(r"(\d{1,4}|[IVXLCDM]{1,9})(?:\s*\(\d{4}\))?"));
    VOLUME
        .captures_iter(text)
        .filter_map(|c| c[1].parse().ok().or_else(|| roman_value(&c[1])))
        .collect()
}

fn numbers(text: &str) -> Vec<u32> {
    NUMBER
        .find_iter(text)
        .filter_map(|m| m.as_str().parse().ok())
        .collect()
}

/// Pairs volumes with registration numbers: one number for several volumes (a treaty and its
/// protocols), several numbers in one volume (the Geneva Conventions), or one to one.
fn pair(volumes: &[u32], numbers: &[u32]) -> Vec<(u32, u32)> {
    match (volumes.len(), numbers.len()) {
        (0, _) | (_, 0) => Vec::new(),
        (_, 1) => volumes.iter().map(|&v| (v, numbers[0])).collect(),
        (1, _) => numbers.iter().map(|&n| (volumes[0], n)).collect(),
        _ => volumes
            .iter()
            .copied()
            .zip(numbers.iter().copied())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<(Series, Vec<(u32, u32)>)> {
        find(text)
            .into_iter()
            .map(|r| match r.cited {
                Cited::TreatySeries { series, entries } => (series, entries),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn reads_every_footnote_form() {
        assert_eq!(
            entries("United Nations, Treaty Series, vol. 1249, No. 20378."),
            vec![(Series::UnitedNations, vec![(1249, 20378)])]
        );
        assert_eq!(
            entries("Ibid., vols. 2171 and 2173, No. 27531."),
            vec![(Series::Ibid, vec![(2171, 27531), (2173, 27531)])]
        );
        assert_eq!(
            entries("Ibid., vol. 75, Nos. 970-973."),
            vec![(
                Series::Ibid,
                vec![(75, 970), (75, 971), (75, 972), (75, 973)]
            )]
        );
        assert_eq!(
            entries("League of Nations, Treaty Series, vol. 94, No. 2138."),
            vec![(Series::LeagueOfNations, vec![(94, 2138)])]
        );
        assert!(
            entries("Official Records of the General Assembly, Fifty-first Session").is_empty()
        );
        // A footnote listing treaties in parentheses, the later ones by "ibid." alone.
        assert_eq!(
            entries("(United Nations, Treaty Series, vol. 382 (1960), No. 5475); Treaty concerning the Establishment of the Republic of Cyprus (ibid., No. 5476); Treaty of Alliance (ibid., vol. 397 (1961), No. 5712)."),
            vec![
                (Series::UnitedNations, vec![(382, 5475)]),
                (Series::Ibid, vec![(SAME_VOLUME, 5476)]),
                (Series::Ibid, vec![(397, 5712)])
            ]
        );
        assert!(entries("United Nations, Treaty Series, No. 5476.").is_empty());
    }
}
