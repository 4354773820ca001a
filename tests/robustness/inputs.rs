//! Bad inputs: each fails alone with a one-line reason naming the file; the batch goes on and
//! the exit code is 1.

use treatygraph::extract::Extractor;
use treatygraph::read::{self, Limits};

use super::common::{binary, corpus, resolution_with_footnotes, SEED};

#[test]
fn a_batch_of_bad_inputs_is_reported_line_by_line_and_the_seed_goes_in() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::copy(corpus(SEED), inputs.join("seed.txt")).unwrap();
    std::fs::write(inputs.join("empty.txt"), b"").unwrap();
    std::fs::write(inputs.join("junk.bin"), [0u8, 159, 146, 150, 0, 1, 2, 0xff]).unwrap();
    std::fs::write(inputs.join("odd-utf16.txt"), [0xFF, 0xFE, b'A', 0, b'B']).unwrap();
    std::fs::write(inputs.join("truncated.pdf"), b"%PDF-1.7\n1 0 obj <<").unwrap();
    std::fs::write(inputs.join("notes.txt"), resolution_with_footnotes(5_000)).unwrap();
    // 100 MiB of text: refused from its size, before it is read.
    let big = std::fs::File::create(inputs.join("big.txt")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    let store_dir = dir.path().join("store");
    let output = binary()
        .args(["--quiet", "--max-footnotes", "500", "--store"])
        .arg(&store_dir)
        .arg("ingest")
        .arg(&inputs)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for expected in [
        "empty.txt: empty file",
        "junk.bin: binary data",
        "odd-utf16.txt: truncated UTF-16",
        "truncated.pdf: PDF input",
        // Footnote numbers have at most three digits: 999 notes are found.
        "notes.txt: document has 999 footnotes, over the limit of 500 (--max-footnotes)",
        "big.txt: file is 100 MiB, over the 64 MiB limit (--max-file-size)",
    ] {
        let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(expected)).collect();
        assert_eq!(lines.len(), 1, "{expected} in {stderr}");
    }
    let store = treatygraph::store::GraphStore::open_read_only(&store_dir).unwrap();
    assert_eq!(store.document_graphs().unwrap().len(), 1);
}

#[test]
fn limits_are_configurable_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, resolution_with_footnotes(5_000)).unwrap();
    let output = binary()
        .args(["--max-footnotes", "998", "extract", "--format", "jsonl"])
        .arg(&notes)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let output = binary()
        .args(["--max-footnotes", "999", "extract", "--format", "jsonl"])
        .arg(&notes)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let extraction: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(extraction["citations"].as_array().unwrap().len() >= 999);

    let seed = corpus(SEED);
    let output = binary()
        .args(["--max-file-size", "1K", "extract"])
        .arg(&seed)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "A_RES_63_156-EN.ods.txt: file is 22.1 KiB, over the 1 KiB limit (--max-file-size)"
        ),
        "{stderr}"
    );
    let output = binary()
        .args(["--max-file-size", "lots", "queries"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "a bad limit is a usage error"
    );
}

#[test]
fn five_thousand_footnotes_are_structured_and_paired_with_their_markers() {
    let extractor = Extractor::bundled()
        .unwrap()
        .with_limits(Limits::unlimited());
    let text = resolution_with_footnotes(5_000);
    let extraction = extractor
        .extract_bytes(std::path::Path::new("notes.txt"), text.as_bytes())
        .unwrap();
    let notes = extraction
        .structure
        .paragraphs_of(treatygraph::structure::ParagraphKind::Footnote)
        .count();
    // Footnote numbers have one to three digits; "1000 United Nations, …" continues note 999.
    assert_eq!(notes, 999);
    for (paragraph, note) in [("PP1", "FN1"), ("PP999", "FN999")] {
        let citation = extraction
            .citations
            .iter()
            .find(|c| c.paragraph == paragraph)
            .unwrap_or_else(|| panic!("{paragraph} cites"));
        assert_eq!(citation.footnote.as_deref(), Some(note));
        assert_eq!(citation.target.key.as_deref(), Some("TIP-PROTOCOL"));
    }
}

#[test]
fn encodings_decode_to_the_same_citations() {
    let seed = std::fs::read_to_string(corpus(SEED)).unwrap();
    let extractor = Extractor::bundled().unwrap();
    let path = std::path::Path::new("seed");
    let reference = extractor.extract_bytes(path, seed.as_bytes()).unwrap();
    let targets = |bytes: &[u8]| {
        let extraction = extractor.extract_bytes(path, bytes).unwrap();
        extraction
            .citations
            .iter()
            .map(|c| (c.paragraph.clone(), c.target.iri.clone()))
            .collect::<Vec<_>>()
    };
    let expected = targets(seed.as_bytes());
    assert!(!reference.citations.is_empty());
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(seed.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(seed.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let utf8_bom: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(seed.bytes()).collect();
    assert_eq!(targets(&utf16le), expected);
    assert_eq!(targets(&utf16be), expected);
    assert_eq!(targets(&utf8_bom), expected);
    // Windows-1252: the seed's typographic quotes and dashes as single bytes.
    let cp1252: Vec<u8> = seed
        .chars()
        .filter_map(|c| match c {
            '“' => Some(0x93),
            '”' => Some(0x94),
            '’' => Some(0x92),
            '–' => Some(0x96),
            '—' => Some(0x97),
            c if (c as u32) < 0x100 => Some(c as u8),
            _ => None,
        })
        .collect();
    assert!(!cp1252.is_ascii() || seed.is_ascii());
    assert_eq!(targets(&cp1252), expected);
}

#[test]
fn invalid_utf8_and_junk_get_reasons_not_panics() {
    assert!(read::read_bytes(b"\xEF\xBB\xBFRecalling \xC3\x28")
        .unwrap_err()
        .contains("invalid UTF-8"));
    assert!(read::read_bytes(&[0xFE, 0xFF, 0xD8, 0x00])
        .unwrap_err()
        .contains("UTF-16"));
    assert!(read::read_bytes(b"  \n\t ").unwrap_err().contains("empty"));
    // Invalid UTF-8 without a byte-order mark is read as Windows-1252, not refused.
    let text = read::read_bytes(b"Recalling the Convention \xE9 \xFF")
        .unwrap()
        .text;
    assert_eq!(text, "Recalling the Convention é ÿ");
    // A pseudo-random stream of bytes: an error or a text, never a panic.
    let extractor = Extractor::bundled().unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..200 {
        let bytes: Vec<u8> = (0..(round * 37) % 4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let _ = extractor.extract_bytes(std::path::Path::new("random"), &bytes);
    }
}
