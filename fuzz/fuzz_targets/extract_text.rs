//! Structure, recognisers and resolution on arbitrary text: never a panic.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use treatygraph::Extractor;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::bundled().expect("bundled registry"));

fuzz_target!(|text: &str| {
    let _ = EXTRACTOR.extract_bytes(Path::new("fuzz"), text.as_bytes());
});
