//! The normalisers: symbols (idempotent) and roman numerals, on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use treatygraph::symbols::{normalise_symbol, roman_value, to_roman};

fuzz_target!(|text: &str| {
    let once = normalise_symbol(text);
    assert_eq!(normalise_symbol(&once), once);
    if let Some(value) = roman_value(text) {
        assert!(value > 0);
        let _ = to_roman(value);
    }
});
