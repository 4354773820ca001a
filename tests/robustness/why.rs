//! `treatygraph why`: the sentences that justify a link, read back from the store.

use treatygraph::extract::Extractor;
use treatygraph::resolve::registry::Registry;
use treatygraph::store::GraphStore;

use super::common::{binary, corpus, SEED};

#[test]
fn why_the_seed_cites_the_palermo_protocol() {
    let store = GraphStore::in_memory().unwrap();
    let extraction = Extractor::bundled()
        .unwrap()
        .extract_path(&corpus(SEED))
        .unwrap();
    store.replace_document(&extraction).unwrap();
    let registry = Registry::bundled().unwrap();
    let reasons =
        treatygraph::why::why(&store, &registry, "A/RES/63/156", "Palermo Protocol").unwrap();
    let paragraphs: Vec<&str> = reasons.iter().map(|r| r.paragraph.as_str()).collect();
    assert!(paragraphs.starts_with(&["PP1"]), "{paragraphs:?}");
    assert!(paragraphs.contains(&"OP9"), "{paragraphs:?}");
    let op9 = reasons.iter().find(|r| r.paragraph == "OP9").unwrap();
    assert_eq!(op9.verb.as_deref(), Some("Also urges"));
    assert!(
        op9.sentence.contains("signing and ratifying"),
        "{}",
        op9.sentence
    );
    assert_eq!(
        op9.sha256.as_deref(),
        Some(extraction.source.sha256.as_str())
    );
    let pp1 = &reasons[0];
    assert!(pp1.sentence.starts_with("Recalling"), "{}", pp1.sentence);
    assert!(
        pp1.footnote.is_some(),
        "PP1's protocol is identified by its footnote"
    );
}

#[test]
fn why_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let ingest = binary()
        .args(["--quiet", "--store"])
        .arg(&store_dir)
        .arg("ingest")
        .arg(corpus(SEED))
        .output()
        .unwrap();
    assert_eq!(ingest.status.code(), Some(0));
    let why = binary()
        .arg("--store")
        .arg(&store_dir)
        .args(["why", "A/RES/63/156", "Palermo Protocol"])
        .output()
        .unwrap();
    assert_eq!(why.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&why.stdout);
    assert!(stdout.starts_with("PP1 (Recalling"), "{stdout}");
    assert!(stdout.contains("\nOP9 (Also urges"), "{stdout}");
    assert!(
        stdout.contains("source: A_RES_63_156-EN.ods.txt sha256:"),
        "{stdout}"
    );
    let none = binary()
        .arg("--store")
        .arg(&store_dir)
        .args(["why", "A/RES/63/156", "S/RES/1325(2000)"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
}
