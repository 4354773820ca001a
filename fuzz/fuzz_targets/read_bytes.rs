//! Readers on arbitrary bytes: a text or a one-line reason, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(reason) = treatygraph::read::read_bytes(bytes) {
        assert!(!reason.contains('\n'), "reasons are one line: {reason:?}");
    }
});
