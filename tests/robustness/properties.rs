//! Properties of the normalisers, over generated inputs (proptest).

use proptest::prelude::*;
use treatygraph::symbols::{normalise_symbol, roman_value, to_roman};

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
    fn recognition_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let extractor = treatygraph::Extractor::bundled().unwrap();
        let _ = extractor.extract_bytes(std::path::Path::new("generated"), text.as_bytes());
    }
}
