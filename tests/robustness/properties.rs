//! Properties of the normalisers, over generated inputs (proptest).

use std::sync::LazyLock;

use proptest::prelude::*;
use treatygraph::recognise::{Cited, Context, Recogniser, Series};
use treatygraph::resolve::registry::Registry;
use treatygraph::symbols::{normalise_symbol, roman_value, to_roman};

static RECOGNISER: LazyLock<Recogniser> =
    LazyLock::new(|| Recogniser::new(&Registry::bundled().unwrap()));

/// The Treaty Series entries recognised in a footnote.
fn treaty_series(text: &str) -> Vec<(Series, Vec<(u32, u32)>)> {
    RECOGNISER
        .recognise(text, &Context::default())
        .into_iter()
        .filter_map(|r| match r.cited {
            Cited::TreatySeries { series, entries } => Some((series, entries)),
            _ => None,
        })
        .collect()
}

proptest! {
    #[test]
    fn roman_numerals_round_trip(value in 1u32..4000) {
        prop_assert_eq!(roman_value(&to_roman(value)), Some(value));
    }

    #[test]
    fn roman_value_never_panics(text in "[IVXLCDMivxlcdm]{0,12}") {
        let _ = roman_value(&text);
    }

    #[test]
    fn symbol_normalisation_is_idempotent(symbol in "[A-Za-z0-9/ .()\\-]{0,40}") {
        let once = normalise_symbol(&symbol);
        prop_assert_eq!(normalise_symbol(&once), once);
    }

    #[test]
    fn unts_references_give_their_volume_and_number(
        volume in 1u32..3500,
        number in 1u32..1_000_000,
        comma in prop::bool::ANY,
        lead in "[A-Z][a-z]{0,12}( [a-z]{1,10}){0,3}\\. ",
    ) {
        let series = if comma { "United Nations, Treaty Series" } else { "United Nations Treaty Series" };
        let text = format!("{lead}{series}, vol. {volume}, No. {number}.");
        prop_assert_eq!(
            treaty_series(&text),
            vec![(Series::UnitedNations, vec![(volume, number)])],
            "{}", text
        );
    }

    #[test]
    fn league_of_nations_volumes_read_in_roman_or_arabic(
        volume in 1u32..205,
        number in 1u32..5000,
        roman in prop::bool::ANY,
    ) {
        let printed = if roman { to_roman(volume) } else { volume.to_string() };
        let text = format!("League of Nations, Treaty Series, vol. {printed}, No. {number}.");
        prop_assert_eq!(
            treaty_series(&text),
            vec![(Series::LeagueOfNations, vec![(volume, number)])],
            "{}", text
        );
    }

    #[test]
    fn symbols_lose_spaces_and_trailing_punctuation(
        number in 1u32..2800,
        year in 1946u32..2030,
        spaces in "[ \t]{0,3}",
        end in "[.,;:]{0,2}",
    ) {
        let canonical = format!("S/RES/{number}({year})");
        prop_assert_eq!(normalise_symbol(&canonical), canonical.clone());
        let printed = format!("S/RES/{number}{spaces} ({year}){end}");
        prop_assert_eq!(normalise_symbol(&printed), canonical);
    }

    #[test]
    fn recognition_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let extractor = treatygraph::Extractor::bundled().unwrap();
        let _ = extractor.extract_bytes(std::path::Path::new("generated"), text.as_bytes());
    }
}
