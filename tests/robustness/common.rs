//! Helpers shared by the robustness tests.

pub use super::corpus_files::{binary, corpus, SEED};

/// A resolution with `n` footnotes, each marked in its own preambular paragraph and each
/// citing the Palermo Protocol's Treaty Series entry.
pub fn resolution_with_footnotes(n: usize) -> String {
    let mut text = String::from(
        "A/RES/99/1\n\nResolution adopted by the General Assembly\n\nThe General Assembly,\n\n",
    );
    for i in 1..=n {
        text.push_str(&format!("Recalling the Convention,{i}\n\n"));
    }
    text.push_str("1. Decides to remain seized of the matter.\n\n");
    for i in 1..=n {
        text.push_str(&format!(
            "{i} United Nations, Treaty Series, vol. 2237, No. 39574.\n"
        ));
    }
    text
}
