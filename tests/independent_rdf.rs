//! The RDF checked by independent tools (rdflib, pyshacl) rather than by oxigraph itself:
//! the Turtle export parses with the same triple count as the store, and the data of the
//! whole bundled Security Council corpus and the seed conforms to `ontology/shapes.ttl`.
//! Requires `python3` with rdflib and pyshacl (`.ci/prerequisites` installs them).

use std::process::Command;

#[test]
fn export_parses_in_rdflib_and_conforms_to_the_shapes() {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = Command::new("python3")
        .arg(format!("{root}/tests/rdf_check.py"))
        .arg(env!("CARGO_BIN_EXE_treatygraph"))
        .arg(format!("{root}/data/corpus/ga/A_RES_63_156-EN.ods.txt"))
        .arg(format!("{root}/data/corpus/sc"))
        .output()
        .expect("python3 runs (install prerequisites with .ci/prerequisites)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("3 passed, 0 failed"), "{stdout}");
}
