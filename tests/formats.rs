//! Readers for Word, HTML, AKN4UN and PDF: the same resolution in every format gives the same
//! citations and metadata as its corpus text, and damaged input fails with a one-line reason.
//!
//! The DOCX, HTML and AKN samples in data/samples/ were made by us from the corpus texts
//! (data/corpus/ga/A_RES_63_156-EN.ods.txt, data/corpus/sc/S_RES_0827_1993_EN_GOLD.txt) with
//! tests/fixtures/make_samples.py; the PDF samples are those HTML samples printed by headless
//! Chromium (the command is in make_samples.py). None of them is a UN file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use treatygraph::extract::Evidence;
use treatygraph::read::{read_bytes, Limits, SourceFormat};
use treatygraph::{Extraction, Extractor};

#[path = "support/archive.rs"]
mod archive;
use archive::zip;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::bundled().unwrap());

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(path)
}

fn extract(path: &str) -> Extraction {
    EXTRACTOR.extract_path(&data(path)).unwrap()
}

fn cited(extraction: &Extraction) -> BTreeSet<(String, String)> {
    extraction
        .citations
        .iter()
        .map(|c| (c.target.iri.clone(), c.paragraph.clone()))
        .collect()
}

/// Every format of one resolution (samples made by us from its corpus text) yields the corpus
/// text's citation targets per paragraph, symbol, title and adoption date, and the same
/// paragraphs — of which the PDF (printed from the HTML sample) joins `pdf_breaks_lost` pairs
/// split by a page break.
fn same_as_text(text: &str, stem: &str, citations_at_least: usize, pdf_breaks_lost: usize) {
    let reference = extract(text);
    assert!(
        reference.citations.len() >= citations_at_least,
        "{:#?}",
        reference.citations
    );
    for (extension, format) in [
        ("docx", SourceFormat::Docx),
        ("html", SourceFormat::Html),
        ("akn.xml", SourceFormat::AkomaNtoso),
        ("pdf", SourceFormat::Pdf),
    ] {
        let other = extract(&format!("samples/{stem}.{extension}"));
        assert_eq!(other.source.format, format);
        assert_eq!(
            cited(&other),
            cited(&reference),
            "{extension}: citations differ"
        );
        assert_eq!(
            other.document.symbol, reference.document.symbol,
            "{extension}: symbol"
        );
        assert_eq!(
            other.document.title, reference.document.title,
            "{extension}: title"
        );
        assert_eq!(
            other.document.adopted, reference.document.adopted,
            "{extension}: adoption"
        );
        let paragraphs = |e: &Extraction| {
            e.structure
                .paragraphs
                .iter()
                .map(|p| (p.id.clone(), p.text.clone()))
                .collect::<Vec<_>>()
        };
        let mut read = paragraphs(&other);
        let expected = paragraphs(&reference);
        if format == SourceFormat::Pdf {
            // The web page's footer, printed with it, is read as a last paragraph where no
            // trailer ("70th plenary meeting") closes the resolution (S/RES/827).
            if read
                .last()
                .is_some_and(|(_, text)| text == "Copyright United Nations")
            {
                read.pop();
            }
            // Where a paragraph starts at the top of a page and the last line of the page
            // before was too full to show that its paragraph ended there, nothing on the
            // printed page tells the two apart: the words are the same, in the same order.
            let words = |paragraphs: &[(String, String)]| {
                paragraphs
                    .iter()
                    .map(|(_, text)| text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            assert_eq!(words(&read), words(&expected), "pdf: words");
            assert_eq!(
                read.len() + pdf_breaks_lost,
                expected.len(),
                "pdf: paragraphs"
            );
            if pdf_breaks_lost > 0 {
                continue;
            }
        }
        assert_eq!(read, expected, "{extension}: paragraphs");
    }
}

#[test]
fn general_assembly_resolution_reads_alike_in_every_format() {
    // Samples made by us from data/corpus/ga/A_RES_63_156-EN.ods.txt.
    // The PDF joins PP19 and PP20 (the break falls between pages 2 and 3) — no citations.
    same_as_text(
        "corpus/ga/A_RES_63_156-EN.ods.txt",
        "A_RES_63_156-EN",
        20,
        1,
    );
    let docx = extract("samples/A_RES_63_156-EN.docx");
    assert_eq!(docx.document.symbol.as_deref(), Some("A/RES/63/156"));
    assert_eq!(docx.document.adopted.as_deref(), Some("2008-12-18"));
    // Masthead fields from the first-page header, as the ODS reader takes them from its block.
    assert_eq!(
        docx.document.distribution_date.as_deref(),
        Some("2009-01-30")
    );
    assert_eq!(docx.document.agenda_item.as_deref(), Some("56 (a)"));
    assert_eq!(docx.document.session, Some(63));
    // Thirteen Word footnotes, and a marker repeated as superscript in OP9 ("Crime6").
    assert_eq!(
        docx.structure
            .paragraphs
            .iter()
            .filter(|p| p.id.starts_with("FN"))
            .count(),
        13
    );
    let op9 = docx
        .structure
        .paragraphs
        .iter()
        .find(|p| p.id == "OP9")
        .unwrap();
    assert_eq!(
        op9.footnote_refs
            .iter()
            .map(|r| r.number)
            .collect::<Vec<_>>(),
        vec![6, 7, 1, 2, 3, 4]
    );
}

#[test]
fn security_council_resolution_reads_alike_in_every_format() {
    // Samples made by us from data/corpus/sc/S_RES_0827_1993_EN_GOLD.txt.
    same_as_text(
        "corpus/sc/S_RES_0827_1993_EN_GOLD.txt",
        "S_RES_0827_1993-EN",
        5,
        0,
    );
    let html = extract("samples/S_RES_0827_1993-EN.html");
    assert_eq!(html.document.symbol.as_deref(), Some("S/RES/827(1993)"));
    // The script's text ("Recalling resolution 1 (1946)") and the navigation are not read.
    assert!(html
        .structure
        .paragraphs
        .iter()
        .all(|p| !p.text.contains("1946") && !p.text.contains("Home")));
}

#[test]
fn akn_references_are_recorded_and_confirm_citations() {
    // Sample made by us from the corpus text, with the UN-style <ref href> links we added.
    let bytes = std::fs::read(data("samples/A_RES_63_156-EN.akn.xml")).unwrap();
    let source = read_bytes(&bytes).unwrap();
    let hrefs: Vec<&str> = source
        .hints
        .marked_references
        .iter()
        .map(|(h, _)| h.as_str())
        .collect();
    assert!(hrefs.contains(&"https://undocs.org/A/63/425"), "{hrefs:?}");
    let extraction = extract("samples/A_RES_63_156-EN.akn.xml");
    let report = extraction
        .citations
        .iter()
        .find(|c| c.target.symbol.as_deref() == Some("A/63/425"))
        .unwrap();
    assert_eq!(report.paragraph, "HD");
    assert!(
        report.evidence.contains(&Evidence::Markup),
        "{:?}",
        report.evidence
    );
    // The treaty link (MTDSG IV-11) confirms the Convention on the Rights of the Child.
    assert!(extraction.citations.iter().any(|c| c.target.label
        == "Convention on the Rights of the Child"
        && c.evidence.contains(&Evidence::Markup)));
}

#[test]
fn akn_links_add_citations_recognition_misses() {
    let akn = r#"<?xml version="1.0"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">
<preface><p><docNumber>S/RES/827 (1993)</docNumber></p><p>Adopted by the Security Council at its 3217th meeting, on 25 May 1993</p></preface>
<preamble><formula><p>The Security Council,</p></formula>
<p>Having considered <ref href="https://undocs.org/en/S%2F25704">the report of the Secretary-General</ref>,</p></preamble>
<mainBody><paragraph><num>1.</num><content><p>Calls upon States to ratify <ref href="https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&amp;mtdsg_no=IV-11&amp;chapter=4">that instrument</ref>;</p></content></paragraph>
<paragraph><num>2.</num><content><p>Notes <ref href="https://example.org/elsewhere">a web page</ref>.</p></content></paragraph></mainBody>
</statement></akomaNtoso>"#;
    let extraction = EXTRACTOR
        .extract_bytes(Path::new("links.akn.xml"), akn.as_bytes())
        .unwrap();
    let found: Vec<(&str, &str, &str)> = extraction
        .citations
        .iter()
        .map(|c| {
            (
                c.paragraph.as_str(),
                c.target.label.as_str(),
                c.text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("PP1", "S/25704", "the report of the Secretary-General"),
            (
                "OP1",
                "Convention on the Rights of the Child",
                "that instrument"
            ),
        ]
    );
    assert!(extraction
        .citations
        .iter()
        .all(|c| c.evidence == vec![Evidence::Markup]));
}

fn reason(bytes: &[u8]) -> String {
    let reason = read_bytes(bytes).unwrap_err();
    assert!(!reason.contains('\n'), "not one line: {reason}");
    reason
}

#[test]
fn damaged_docx_fails_with_a_reason() {
    let bytes = std::fs::read(data("samples/A_RES_63_156-EN.docx")).unwrap();
    for cut in [bytes.len() / 2, bytes.len() - 10, 40] {
        let why = reason(&bytes[..cut]);
        assert!(why.contains("corrupt or truncated"), "{why}");
    }
    // Bytes flipped inside the compressed document part.
    let mut damaged = bytes.clone();
    let at = bytes
        .windows(17)
        .position(|w| w == b"word/document.xml")
        .unwrap()
        + 17
        + 30;
    damaged[at..at + 40].fill(0x55);
    reason(&damaged);
}

#[test]
fn zip_bombs_and_other_archives_are_refused() {
    let limit = Limits::default().max_decompressed_size;
    let inflated = vec![b' '; limit as usize + 1];
    let bomb = zip(&[("word/document.xml", &inflated)]);
    assert!(bomb.len() < 1_000_000);
    let why = reason(&bomb);
    assert_eq!(
        why,
        "DOCX (at part word/document.xml) decompresses to more than 64 MiB: a decompression \
         bomb? (--max-decompressed-size)"
    );
    let why = reason(&zip(&[("content.xml", b"<office:document/>")]));
    assert!(why.contains("not a Word document"), "{why}");
}

#[test]
fn malformed_and_deep_xml_fail_with_a_reason() {
    let why = reason(b"<akomaNtoso><act><preamble><p>Recalling</act></akomaNtoso>");
    assert!(why.starts_with("malformed XML"), "{why}");
    let why = reason(b"<akomaNtoso><act><preamble><p>Recalling the Charter");
    assert!(why.starts_with("malformed XML"), "{why}");
    let deep = format!("<akomaNtoso>{}", "<container>".repeat(100_000));
    let why = reason(deep.as_bytes());
    assert_eq!(
        why,
        "Akoma Ntoso XML nests deeper than 256 elements (--max-xml-depth)"
    );
    let deep_html = format!(
        "<!DOCTYPE html><html><body>{}<p>Recalling</p></body></html>",
        "<span>".repeat(2_000)
    );
    let why = reason(deep_html.as_bytes());
    assert_eq!(why, "HTML nests deeper than 256 elements (--max-xml-depth)");
}

#[test]
fn formats_are_detected_from_content() {
    let detected = |path: &str| {
        read_bytes(&std::fs::read(data(path)).unwrap())
            .unwrap()
            .format
    };
    assert_eq!(
        detected("samples/S_RES_0827_1993-EN.docx"),
        SourceFormat::Docx
    );
    assert_eq!(
        detected("samples/S_RES_0827_1993-EN.html"),
        SourceFormat::Html
    );
    assert_eq!(
        detected("samples/S_RES_0827_1993-EN.akn.xml"),
        SourceFormat::AkomaNtoso
    );
    assert_eq!(
        detected("corpus/sc/S_RES_0827_1993_EN_GOLD.txt"),
        SourceFormat::PlainText
    );
    // An HTML fragment of an old resolution with "1/" notes reads like the text.
    let old = read_bytes(
        b"<p>Recalling the Charter 1/,</p><p>1. Decides;</p><p>1/ Official Records.</p>",
    )
    .unwrap();
    assert_eq!(old.format, SourceFormat::Html);
    assert_eq!(
        old.text,
        "Recalling the Charter 1/,\n\n1. Decides;\n\n1/ Official Records."
    );
}
