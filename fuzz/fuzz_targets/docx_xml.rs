//! The DOCX reader's XML walker: arbitrary bytes as `word/document.xml` and
//! `word/footnotes.xml` of a well-formed archive (a mutated archive mostly fails its checksums
//! before reaching the XML).
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|xml: &[u8]| {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in ["word/document.xml", "word/footnotes.xml"] {
        writer.start_file(name, options).unwrap();
        writer.write_all(xml).unwrap();
    }
    writer.finish().unwrap();
    if let Err(reason) = treatygraph::read::read_bytes(&out.into_inner()) {
        assert!(!reason.contains('\n'), "reasons are one line: {reason:?}");
    }
});
