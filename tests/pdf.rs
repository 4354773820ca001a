//! PDF input: the two bundled General Assembly resolutions read into the same structure and
//! citations as text input, and malformed PDFs refused with a reason instead of a panic.

use std::path::Path;

use pdf_extract::{
    Dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream,
    StringFormat,
};
use treatygraph::extract::Extraction;
use treatygraph::read::{read_bytes, read_bytes_with, Limits, SourceFormat};
use treatygraph::Extractor;

fn extract(name: &str) -> Extraction {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/corpus/ga")
        .join(name);
    Extractor::bundled().unwrap().extract_path(&path).unwrap()
}

/// Paragraph ids where the extraction cites a target with this label or key.
fn cited_in(extraction: &Extraction, id: &str) -> Vec<String> {
    let mut paragraphs: Vec<String> = extraction
        .citations
        .iter()
        .filter(|c| c.target.key.as_deref() == Some(id) || c.target.label == id)
        .map(|c| c.footnote.clone().unwrap_or_else(|| c.paragraph.clone()))
        .collect();
    paragraphs.dedup();
    paragraphs
}

#[test]
fn reads_the_masthead_header_and_trailer_of_a_res_73_7() {
    let extraction = extract("A_RES_73_7-EN.pdf");
    let meta = &extraction.document;
    assert_eq!(extraction.source.format, SourceFormat::Pdf);
    assert_eq!(meta.symbol.as_deref(), Some("A/RES/73/7"));
    assert_eq!(
        meta.title.as_deref(),
        Some("Report of the International Criminal Court")
    );
    assert_eq!(meta.adopted.as_deref(), Some("2018-10-29"));
    assert_eq!(meta.organ, Some("General Assembly"));
    assert_eq!(meta.distribution_date.as_deref(), Some("2018-10-31"));
    assert_eq!(meta.agenda_item.as_deref(), Some("77"));
    assert_eq!(meta.job_number.as_deref(), Some("18-18142"));
    assert_eq!(meta.meeting.as_deref(), Some("28th plenary meeting"));
    assert_eq!(
        extraction.structure.opener.as_deref(),
        Some("The General Assembly,")
    );
}

#[test]
fn pairs_superscript_markers_with_footnotes_in_a_res_73_7() {
    let extraction = extract("A_RES_73_7-EN.pdf");
    let doc = &extraction.structure;
    // Footnote 1 comes from the foot of page 1, footnote 9 from a later page.
    assert_eq!(
        doc.footnote(1).map(|p| p.text.as_str()),
        Some("United Nations, Treaty Series, vol. 2187, No. 38544.")
    );
    assert!(doc
        .footnote(9)
        .is_some_and(|p| p.text.starts_with("S/PRST/2013/2")));
    let pp2 = doc.paragraphs.iter().find(|p| p.id == "PP2").unwrap();
    assert!(
        pp2.text.starts_with("Recalling also that the Rome Statute"),
        "{}",
        pp2.text
    );
    assert_eq!(
        pp2.footnote_refs
            .iter()
            .map(|r| r.number)
            .collect::<Vec<_>>(),
        vec![1]
    );
    // Running headers, footers and the masthead leave no trace in the body.
    for p in &doc.paragraphs {
        assert!(
            !p.text.contains("18-18142") && !p.text.contains("*1818142*"),
            "{}",
            p.text
        );
    }
    // A line-final hyphen set apart by justification is closed up.
    assert!(doc
        .paragraphs
        .iter()
        .any(|p| p.text.contains("post-conflict societies")));

    let rome: Vec<_> = extraction
        .citations
        .iter()
        .filter(|c| c.target.key.as_deref() == Some("ROME-STATUTE"))
        .collect();
    assert!(rome.iter().any(|c| c.footnote.as_deref() == Some("FN1")));
    let unts = rome[0].target.unts.unwrap();
    assert_eq!((unts.volume, unts.number), (2187, 38544));
}

#[test]
fn finds_the_resolutions_a_res_73_7_cites() {
    let extraction = extract("A_RES_73_7-EN.pdf");
    assert_eq!(cited_in(&extraction, "A/RES/72/3"), vec!["PP1"]);
    // The printed document has eight preambular paragraphs on page 1; "Expressing its
    // appreciation …" (PP9) opens page 2 and "Acknowledging the Relationship Agreement … 58/318"
    // is PP10 (the gold evidence column says PP10/PP11, one off).
    assert_eq!(cited_in(&extraction, "A/RES/58/318"), vec!["PP10", "OP26"]);
    assert!(cited_in(&extraction, "UN-ICC-RELATIONSHIP").starts_with(&["PP9".to_owned()]));
}

#[test]
fn finds_the_resolutions_a_res_73_3_cites_in_text_and_footnotes() {
    let extraction = extract("A_RES_73_3-EN.pdf");
    assert_eq!(extraction.document.symbol.as_deref(), Some("A/RES/73/3"));
    assert_eq!(extraction.document.adopted.as_deref(), Some("2018-10-10"));
    for (symbol, paragraph) in [
        ("A/RES/70/1", "FN1"),
        ("A/RES/69/313", "FN2"),
        ("A/RES/55/2", "FN6"),
        ("A/RES/71/3", "part2-OP2"),
        ("A/RES/70/266", "part2-OP2"),
        ("A/RES/68/300", "part2-OP2"),
        ("A/RES/72/139", "part2-OP2"),
        ("A/RES/70/175", "part2-OP38"),
    ] {
        let found = cited_in(&extraction, symbol);
        assert!(found.contains(&paragraph.to_owned()), "{symbol}: {found:?}");
    }
    // Declarations named through the resolutions that adopted them; the one this resolution
    // adopts itself is not a citation; "resolution 69.2" keeps its decimal (no marker "2").
    for (key, paragraph) in [
        ("HIV-POLITICAL-DECL-2016", "part2-OP2"),
        ("AMR-POLITICAL-DECL-2016", "part2-OP2"),
        ("NCD-OUTCOME-2014", "part2-OP2"),
        ("WHA69.2", "part2-OP2"),
    ] {
        assert_eq!(cited_in(&extraction, key), vec![paragraph], "{key}");
    }
    assert!(cited_in(&extraction, "TB-POLITICAL-DECL-2018").is_empty());
    // The declaration's 53 operative paragraphs run across ten pages; their numbering restarts
    // after the resolution's own, so they form part 2 and keep their printed numbers.
    let declaration: Vec<u32> = extraction
        .structure
        .paragraphs
        .iter()
        .filter(|p| p.id.starts_with("part2-OP"))
        .map(|p| p.ordinal)
        .collect();
    assert_eq!(declaration, (1..=53).collect::<Vec<_>>());
}

/// A one-page A4 PDF showing `content` with the resources `resources` adds to the document.
fn one_page_pdf(content: &[u8], resources: impl FnOnce(&mut Document) -> Dictionary) -> Document {
    let mut doc = Document::with_version("1.5");
    let resources = resources(&mut doc);
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(Dictionary::new(), content.to_vec()));
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", Object::Reference(pages_id));
    page.set("Contents", Object::Reference(content_id));
    page.set("Resources", Object::Dictionary(resources));
    let media_box = [0, 0, 595, 842].map(Object::Integer).to_vec();
    page.set("MediaBox", Object::Array(media_box));
    let page_id = doc.add_object(page);
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Kids", Object::Array(vec![Object::Reference(page_id)]));
    pages.set("Count", Object::Integer(1));
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", Object::Reference(catalog_id));
    let id = Object::String(b"treatygraph-test".to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    doc
}

fn text_page() -> Document {
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    let mut fonts = Dictionary::new();
    fonts.set("F1", Object::Dictionary(font));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    one_page_pdf(
        b"BT /F1 10 Tf 72 700 Td (The General Assembly,) Tj ET",
        |_| resources,
    )
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_generated_text_pdf_is_read() {
    let source = read_bytes(&save(&mut text_page())).unwrap();
    assert_eq!(source.format, SourceFormat::Pdf);
    assert_eq!(source.text, "The General Assembly,");
}

#[test]
fn an_encrypted_pdf_is_refused_with_a_reason() {
    let mut doc = text_page();
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: "secret",
        key_length: 128,
        permissions: Permissions::default(),
    };
    let state = EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    let reason = read_bytes(&save(&mut doc)).unwrap_err();
    assert!(reason.starts_with("encrypted PDF"), "{reason}");
}

#[test]
fn an_image_only_pdf_is_refused_with_a_reason() {
    // An 8×8 grey image drawn over the page: pixels but no text layer.
    let mut image = Dictionary::new();
    image.set("Type", Object::Name(b"XObject".to_vec()));
    image.set("Subtype", Object::Name(b"Image".to_vec()));
    image.set("Width", Object::Integer(8));
    image.set("Height", Object::Integer(8));
    image.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
    image.set("BitsPerComponent", Object::Integer(8));
    let mut scanned = one_page_pdf(b"q 595 0 0 842 0 0 cm /Im1 Do Q", |doc| {
        let image_id = doc.add_object(Stream::new(image, vec![128; 64]));
        let mut xobjects = Dictionary::new();
        xobjects.set("Im1", Object::Reference(image_id));
        let mut resources = Dictionary::new();
        resources.set("XObject", Object::Dictionary(xobjects));
        resources
    });
    let reason = read_bytes(&save(&mut scanned)).unwrap_err();
    assert_eq!(reason, "image-only PDF: no text layer; run OCR first");
}

#[test]
fn empty_and_truncated_pdfs_are_refused_with_a_reason() {
    let reason = read_bytes(b"%PDF-1.7\n").unwrap_err();
    assert!(reason.starts_with("corrupt PDF"), "{reason}");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/ga/A_RES_73_7-EN.pdf");
    let bytes = std::fs::read(path).unwrap();
    for cut in [bytes.len() / 2, bytes.len() - 200, 1024] {
        let reason = read_bytes(&bytes[..cut]).unwrap_err();
        assert!(!reason.contains('\n'), "{reason}");
        assert!(reason.contains("PDF"), "{reason}");
    }
}

#[test]
fn work_is_bounded_by_the_limits() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/ga/A_RES_73_7-EN.pdf");
    let bytes = std::fs::read(path).unwrap();
    let pages = Limits {
        max_pdf_pages: 4,
        ..Limits::default()
    };
    let reason = read_bytes_with(&bytes, &pages).unwrap_err();
    assert_eq!(
        reason,
        "PDF has 5 pages, over the limit of 4 (--max-pdf-pages)"
    );
    let size = Limits {
        max_file_size: 1000,
        ..Limits::default()
    };
    assert!(read_bytes_with(&bytes, &size)
        .unwrap_err()
        .contains("over the 1000 bytes limit (--max-file-size)"));
}
