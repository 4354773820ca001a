//! Bad inputs: each fails alone with a one-line reason naming the file; the batch goes on and
//! the exit code is 1.

use treatygraph::extract::Extractor;
use treatygraph::read::{self, Limits};

use super::common::{binary, corpus, resolution_with_footnotes, SEED};
use crate::archive::zip;

/// A PDF whose one content stream is `inflated` bytes of spaces, Flate-compressed.
fn pdf_bomb(inflated: usize) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..inflated / chunk.len() {
        encoder.write_all(&chunk).unwrap();
    }
    let data = encoder.finish().unwrap();
    let mut pdf = format!(
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
         2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
         3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n\
         4 0 obj\n<< /Length {} /Filter /FlateDecode >>\nstream\n",
        data.len()
    )
    .into_bytes();
    pdf.extend_from_slice(&data);
    pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    pdf
}

/// Windows-1252 bytes of a text: typographic quotes and dashes as single bytes.
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .filter_map(|c| match c {
            '“' => Some(0x93),
            '”' => Some(0x94),
            '’' => Some(0x92),
            '–' => Some(0x96),
            '—' => Some(0x97),
            c if (c as u32) < 0x100 => Some(c as u8),
            _ => None,
        })
        .collect()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect()
}

#[test]
fn a_batch_of_bad_inputs_is_reported_line_by_line_and_the_good_ones_go_in() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(inputs.join(name), bytes).unwrap();
    // Good inputs, in three encodings.
    std::fs::copy(corpus(SEED), inputs.join("seed.txt")).unwrap();
    let sc = |n: &str| std::fs::read_to_string(corpus(&format!("sc/S_RES_{n}_EN_GOLD.txt")));
    write("utf16.txt", &utf16le_with_bom(&sc("0827_1993").unwrap()));
    write("cp1252.txt", &windows_1252(&sc("0898_1994").unwrap()));
    // Bad inputs.
    write("empty.txt", b"");
    write("junk.bin", &[0u8, 159, 146, 150, 0, 1, 2, 0xff]);
    write("invalid-utf8.txt", b"\xEF\xBB\xBFRecalling \xC3\x28");
    write("odd-utf16.txt", &[0xFF, 0xFE, b'A', 0, b'B']);
    write("truncated.pdf", b"%PDF-1.7\n1 0 obj <<");
    write("bomb.pdf", &pdf_bomb(256 << 20));
    let docx = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples/A_RES_63_156-EN.docx"),
    )
    .unwrap();
    write("truncated.docx", &docx[..docx.len() / 2]);
    write(
        "bomb.docx",
        &zip(&[("word/document.xml", &vec![b' '; 65 << 20])]),
    );
    write(
        "deep.akn.xml",
        format!("<akomaNtoso>{}", "<container>".repeat(100_000)).as_bytes(),
    );
    write(
        "deep.html",
        format!(
            "<!DOCTYPE html><html><body>{}<p>Recalling</p></body></html>",
            "<div>".repeat(5_000)
        )
        .as_bytes(),
    );
    write("notes.txt", resolution_with_footnotes(5_000).as_bytes());
    // 100 MiB of text: refused from its size, before it is read.
    let big = std::fs::File::create(inputs.join("big.txt")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    drop(big);

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
    let expected = [
        "big.txt: file is 100 MiB, over the 64 MiB limit (--max-file-size)",
        "bomb.docx: DOCX (at part word/document.xml) decompresses to more than 64 MiB: a decompression bomb? (--max-decompressed-size)",
        "bomb.pdf: PDF decompresses to more than 64 MiB: a decompression bomb? (--max-decompressed-size)",
        "deep.akn.xml: Akoma Ntoso XML nests deeper than 256 elements (--max-xml-depth)",
        "deep.html: HTML nests deeper than 256 elements (--max-xml-depth)",
        "empty.txt: empty file: no text",
        "invalid-utf8.txt: invalid UTF-8",
        "junk.bin: binary data",
        // Footnote numbers have at most three digits: 999 notes are found.
        "notes.txt: document has 999 footnotes, over the limit of 500 (--max-footnotes)",
        "odd-utf16.txt: truncated UTF-16",
        "truncated.docx: corrupt or truncated ZIP archive",
        "truncated.pdf: corrupt PDF",
    ];
    let skipped: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("treatygraph: skipped "))
        .collect();
    assert_eq!(skipped.len(), expected.len(), "{stderr}");
    for (line, expected) in skipped.iter().zip(expected) {
        // One line each, naming the file by its path.
        let path = inputs.join(expected.split(':').next().unwrap());
        assert!(
            line.starts_with(&format!("treatygraph: skipped {}: ", path.display())),
            "{line}"
        );
        assert!(line.contains(expected), "{expected} in {line}");
    }
    assert!(
        stderr.contains("ingested 3 documents"),
        "the good inputs go in: {stderr}"
    );
    let store = treatygraph::store::GraphStore::open_read_only(&store_dir).unwrap();
    assert_eq!(store.document_graphs().unwrap().len(), 3);
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
    let cp1252 = windows_1252(&seed);
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

#[test]
fn a_huge_note_number_in_markup_is_ignored_not_allocated_for() {
    // Notes are kept by number: marker 4000000000 once reserved room for four billion notes.
    let akn = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/samples/S_RES_0827_1993-EN.akn.xml"),
    )
    .unwrap()
    .replace(
        "Approves the report of the Secretary-General;",
        "Approves the report<authorialNote marker=\"4000000000\"><p>S/25704.</p></authorialNote>;",
    );
    let source = read::read_bytes(akn.as_bytes()).unwrap();
    assert!(
        source.text.contains("Approves the report"),
        "{}",
        source.text
    );
    assert!(!source.text.contains("S/25704."), "{}", source.text);
}
