//! The spine end to end on real documents: the seed resolution A/RES/63/156 and Security Council
//! texts from the bundled corpus.

#[path = "support/corpus.rs"]
mod corpus_files;

use std::path::Path;
use std::process::Output;

use treatygraph::extract::{Evidence, Extraction, Extractor};
use treatygraph::store::{self, GraphStore};

use corpus_files::{binary, corpus, stdout_of_success, SEED};

fn seed() -> Extraction {
    Extractor::bundled()
        .unwrap()
        .extract_path(&corpus(SEED))
        .unwrap()
}

/// `treatygraph ingest FLAGS` of the seed and S/RES/827 (1993) into `store_dir`.
fn ingest_seed_and_827(store_dir: &Path, flags: &[&str]) -> Output {
    binary()
        .args(["--quiet", "--store"])
        .arg(store_dir)
        .arg("ingest")
        .args(flags)
        .arg(corpus(SEED))
        .arg(corpus("sc/S_RES_0827_1993_EN_GOLD.txt"))
        .output()
        .unwrap()
}

/// The rows of `treatygraph query NAME --format csv EXTRA`, which must succeed.
fn query_csv(store_dir: &Path, name: &str, extra: &[&str]) -> String {
    stdout_of_success(
        binary()
            .arg("--store")
            .arg(store_dir)
            .args(["query", name, "--format", "csv"])
            .args(extra),
    )
}

#[test]
fn seed_metadata_and_structure() {
    let seed = seed();
    let meta = &seed.document;
    assert_eq!(meta.symbol.as_deref(), Some("A/RES/63/156"));
    assert_eq!(meta.organ, Some("General Assembly"));
    assert_eq!(meta.session, Some(63));
    assert_eq!(meta.number.as_deref(), Some("63/156"));
    assert_eq!(
        meta.title.as_deref(),
        Some("Trafficking in women and girls")
    );
    assert_eq!(meta.adopted.as_deref(), Some("2008-12-18"));
    assert_eq!(meta.committee_report.as_deref(), Some("A/63/425"));
    assert_eq!(meta.committee.as_deref(), Some("Third Committee"));
    assert_eq!(meta.agenda_item.as_deref(), Some("56 (a)"));
    assert_eq!(meta.meeting.as_deref(), Some("70th plenary meeting"));
    assert_eq!(meta.distribution_date.as_deref(), Some("2009-01-30"));
    let doc = &seed.structure;
    assert_eq!(doc.opener.as_deref(), Some("The General Assembly,"));
    use treatygraph::structure::ParagraphKind::*;
    // The seed prints 22 preambular paragraphs (one tab-indented line each).
    assert_eq!(doc.paragraphs_of(Preambular).count(), 22);
    assert_eq!(doc.paragraphs_of(Operative).count(), 27);
    assert_eq!(doc.paragraphs_of(Footnote).count(), 13);
    let phrase = |id: &str| {
        let p = doc.paragraphs.iter().find(|p| p.id == id).unwrap();
        p.opening.as_ref().map(|o| o.text.clone()).unwrap()
    };
    assert_eq!(phrase("PP1"), "Recalling");
    assert_eq!(phrase("PP3"), "Reaffirming also");
    assert_eq!(phrase("PP10"), "Seriously concerned");
    assert_eq!(phrase("OP1"), "Welcomes");
    assert_eq!(phrase("OP2"), "Calls upon");
    assert_eq!(phrase("OP9"), "Also urges");
    // Glued markers are paired with their footnotes and removed from the text.
    let pp1 = &doc.paragraphs[1];
    assert_eq!(pp1.id, "PP1");
    assert!(pp1
        .text
        .contains("against Women and the Optional Protocol thereto, the Convention"));
    let numbers: Vec<u32> = pp1.footnote_refs.iter().map(|r| r.number).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6, 7, 8]);
}

#[test]
fn seed_cites_the_nine_footnoted_treaties_with_their_unts_references() {
    let seed = seed();
    let expected = [
        ("CEDAW", 1249, 20378),
        ("OP-CEDAW", 2131, 20378),
        ("CRC", 1577, 27531),
        ("OPSC", 2171, 27531),
        ("TRAFFIC-1949", 96, 1342),
        ("UNTOC", 2225, 39574),
        ("TIP-PROTOCOL", 2237, 39574),
        ("SOM-PROTOCOL", 2241, 39574),
        ("ROME-STATUTE", 2187, 38544),
    ];
    for (key, volume, number) in expected {
        let citation = seed
            .citations
            .iter()
            .find(|c| {
                c.target.key.as_deref() == Some(key) && c.evidence.contains(&Evidence::Footnote)
            })
            .unwrap_or_else(|| panic!("{key} not cited with footnote evidence"));
        let unts = citation.target.unts.unwrap();
        assert_eq!((unts.volume, unts.number), (volume, number), "{key}");
        assert!(citation.footnote.is_some(), "{key} keeps its footnote");
    }
}

#[test]
fn seed_cites_ilo_conventions_resolutions_documents_and_declarations() {
    let seed = seed();
    let has =
        |predicate: &dyn Fn(&treatygraph::Citation) -> bool| seed.citations.iter().any(predicate);
    for code in ["C029", "C111", "C182"] {
        assert!(has(&|c| c.target.ilo.as_deref() == Some(code)), "{code}");
    }
    for symbol in [
        "A/RES/2200(XXI)",
        "A/63/425",
        "A/61/122",
        "A/61/122/Add.1",
        "A/61/122/Add.1/Corr.1",
        "A/C.3/55/3",
    ] {
        assert!(
            has(&|c| c.target.symbol.as_deref() == Some(symbol)),
            "{symbol}"
        );
    }
    let resolution = seed
        .citations
        .iter()
        .find(|c| c.target.symbol.as_deref() == Some("A/RES/2200(XXI)"))
        .unwrap();
    assert_eq!(resolution.part.as_deref(), Some("A"));
    assert_eq!(resolution.paragraph, "OP26");
    assert!(has(
        &|c| c.target.key.as_deref() == Some("BEIJING") && c.paragraph == "PP2"
    ));
    // "the International Covenants on Human Rights" cites both covenants.
    assert!(has(
        &|c| c.target.key.as_deref() == Some("ICCPR") && c.paragraph == "OP26"
    ));
    assert!(has(
        &|c| c.target.key.as_deref() == Some("ICESCR") && c.paragraph == "OP26"
    ));
}

#[test]
fn trafficking_protocol_is_recalled_in_pp1_and_its_ratification_urged_in_op9() {
    let seed = seed();
    let palermo: Vec<_> = seed
        .citations
        .iter()
        .filter(|c| c.target.key.as_deref() == Some("TIP-PROTOCOL"))
        .collect();
    let pp1 = palermo.iter().find(|c| c.paragraph == "PP1").unwrap();
    assert_eq!(pp1.verb.as_deref(), Some("Recalling"));
    assert_eq!(pp1.function.name(), "recalls");
    let op9 = palermo.iter().find(|c| c.paragraph == "OP9").unwrap();
    assert_eq!(op9.verb.as_deref(), Some("Also urges"));
    assert_eq!(op9.function.name(), "calls_for_ratification");
    assert!(op9
        .text
        .starts_with("Protocol to Prevent, Suppress and Punish Trafficking in Persons"));
    // "the Protocols thereto, in particular …" adds nothing the text does not name.
    assert!(!seed
        .citations
        .iter()
        .any(|c| c.target.key.as_deref() == Some("FIREARMS-PROTOCOL")));
    // Offsets are character offsets into the paragraph text.
    let paragraph = seed
        .structure
        .paragraphs
        .iter()
        .find(|p| p.id == "OP9")
        .unwrap();
    let span: String = paragraph
        .text
        .chars()
        .skip(op9.start)
        .take(op9.end - op9.start)
        .collect();
    assert_eq!(span, op9.text);
}

#[test]
fn security_council_texts_are_structured_and_cited() {
    let extractor = Extractor::bundled().unwrap();
    let sc = extractor
        .extract_path(&corpus("sc/S_RES_0827_1993_EN_GOLD.txt"))
        .unwrap();
    assert_eq!(sc.document.symbol.as_deref(), Some("S/RES/827(1993)"));
    assert_eq!(sc.document.adopted.as_deref(), Some("1993-05-25"));
    assert_eq!(sc.document.meeting.as_deref(), Some("3217th meeting"));
    assert_eq!(
        sc.structure.opener.as_deref(),
        Some("The Security Council,")
    );
    let cites = |symbol: &str| {
        sc.citations
            .iter()
            .any(|c| c.target.symbol.as_deref() == Some(symbol))
    };
    assert!(cites("S/RES/713(1991)"));
    assert!(cites("S/RES/808(1993)"));
    assert!(cites("S/25704"));
    assert!(cites("S/25704/Add.1"));
    let charter = sc
        .citations
        .iter()
        .find(|c| c.target.key.as_deref() == Some("UN-CHARTER"))
        .unwrap();
    assert_eq!(charter.article.as_deref(), Some("Chapter VII"));
    assert_eq!(charter.function.name(), "acting_under");
}

/// Footnotes whose marker the transcription lost (no "27" left in the text of S/RES/555
/// (1984), no "127" in S/RES/855 (1993)) still cite what they name, from the footnote itself:
/// no paragraph is guessed for them.
#[test]
fn footnotes_whose_marker_was_lost_still_cite() {
    let extractor = Extractor::bundled().unwrap();
    for (file, note, symbol) in [
        ("sc/S_RES_0555_1984_EN_GOLD.txt", "FN27", "S/16776"),
        ("sc/S_RES_0855_1993_EN_GOLD.txt", "FN127", "S/26121"),
        ("sc/S_RES_0604_1987_EN_GOLD.txt", "FN15", "S/19304/Add.1"),
    ] {
        let e = extractor.extract_path(&corpus(file)).unwrap();
        let citation = e
            .citations
            .iter()
            .find(|c| c.target.symbol.as_deref() == Some(symbol))
            .unwrap_or_else(|| panic!("{symbol} in {file}"));
        assert_eq!(citation.paragraph, note, "{file}");
        assert_eq!(citation.function.name(), "cites");
        // The operative paragraphs before the notes are still read as such.
        assert!(
            e.structure.paragraphs.iter().any(|p| p.id == "OP1"),
            "{file}"
        );
    }
}

#[test]
fn json_interface_has_the_documented_fields() {
    let output = binary()
        .args(["extract", "--format", "json"])
        .arg(corpus(SEED))
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let document = &json["document"];
    for field in ["symbol", "organ", "session", "title", "adopted"] {
        assert!(!document[field].is_null(), "document.{field}");
    }
    let citation = json["citations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["target"]["key"] == "TIP-PROTOCOL" && c["paragraph"] == "OP9")
        .unwrap();
    assert_eq!(citation["target"]["kind"], "treaty");
    assert_eq!(citation["target"]["unts"]["volume"], 2237);
    assert_eq!(citation["target"]["unts"]["number"], 39574);
    assert_eq!(citation["target"]["mtdsg"], "XVIII-12-a");
    assert!(citation["target"]["iri"]
        .as_str()
        .unwrap()
        .ends_with("/instrument/TIP-PROTOCOL"));
    assert_eq!(citation["function"], "calls_for_ratification");
    for field in ["text", "start", "end", "evidence", "footnote"] {
        assert!(!citation[field].is_null(), "citation.{field}");
    }
}

#[test]
fn reingest_replaces_instead_of_duplicating() {
    let dir = tempfile::tempdir().unwrap();
    let store = GraphStore::open(dir.path()).unwrap();
    let extractor = Extractor::bundled().unwrap();
    let files = vec![corpus(SEED), corpus("sc/S_RES_0827_1993_EN_GOLD.txt")];
    let registry = treatygraph::resolve::registry::BUNDLED_REGISTRY;
    let first = store::ingest(&store, &extractor, registry, &files, &()).unwrap();
    let after_first = store.len().unwrap();
    let second = store::ingest(&store, &extractor, registry, &files, &()).unwrap();
    assert_eq!(first.documents, 2);
    assert_eq!(first.quads, second.quads);
    assert_eq!(store.len().unwrap(), after_first);
    assert_eq!(store.document_graphs().unwrap().len(), 2);
}

#[test]
fn ingest_can_compact_the_store_and_answers_stay_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let output = ingest_seed_and_827(&store_dir, &["--compact"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("compacted"), "{stderr}");
    let rows = query_csv(&store_dir, "resolutions-citing-palermo", &[]);
    assert!(
        rows.lines().any(|l| l.starts_with("A/RES/63/156,")),
        "{rows}"
    );
}

#[test]
fn cli_ingests_queries_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let ingest = ingest_seed_and_827(&store_dir, &[]);
    assert!(
        ingest.status.success(),
        "{}",
        String::from_utf8_lossy(&ingest.stderr)
    );
    let query = |name: &str, extra: &[&str]| query_csv(&store_dir, name, extra);
    let palermo = query("resolutions-citing-palermo", &[]);
    assert!(
        palermo.lines().any(|l| l.starts_with("A/RES/63/156,")),
        "{palermo}"
    );
    assert!(!palermo.contains("S/RES/827"));
    let ratification = query(
        "urging-ratification",
        &["--param", "instrument=Palermo Protocol"],
    );
    assert!(
        ratification
            .lines()
            .any(|l| l.starts_with("A/RES/63/156,") && l.contains(",OP9,")),
        "{ratification}"
    );
    let cited = query(
        "resolution-citations",
        &["--param", "resolution=S/RES/827(1993)"],
    );
    assert!(cited.contains("S/RES/713(1991)"), "{cited}");
    // Malformed SPARQL is a usage error (exit code 2) with the parser's message.
    let bad = binary()
        .arg("--store")
        .arg(&store_dir)
        .args(["query", "SELECT WHERE {"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(!bad.stderr.is_empty());
    // Export parses back with the same number of distinct triples.
    let export = binary()
        .arg("--store")
        .arg(&store_dir)
        .args(["--quiet", "export", "--format", "ntriples"])
        .output()
        .unwrap();
    assert!(export.status.success());
    let lines = String::from_utf8(export.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .count();
    let count = query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }", &[]);
    assert_eq!(
        count
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse::<usize>()
            .unwrap(),
        lines
    );
}

#[test]
fn unreadable_inputs_are_reported_and_the_rest_goes_in() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::copy(corpus(SEED), inputs.join("seed.txt")).unwrap();
    std::fs::write(inputs.join("empty.txt"), b"").unwrap();
    std::fs::write(inputs.join("junk.bin"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/CORPUS-SOURCES.md"),
        inputs.join("README.md"),
    )
    .unwrap();
    let store_dir = dir.path().join("store");
    let output = binary()
        .args(["--quiet", "--store"])
        .arg(&store_dir)
        .arg("ingest")
        .arg(&inputs)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "some inputs failed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
    assert!(stderr.contains("junk.bin: binary data"), "{stderr}");
    assert!(
        stderr.contains("README.md: not a UN document: its header names no symbol and no organ"),
        "{stderr}"
    );
    let store = GraphStore::open_read_only(&store_dir).unwrap();
    assert_eq!(store.document_graphs().unwrap().len(), 1);
}
