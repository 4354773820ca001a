//! PDF as the UN publishes it: pages with a masthead, running headers and footers, footnotes at
//! the foot of each page and superscript markers in the body.
//!
//! Glyphs and their positions come from `pdf-extract` (on `lopdf`), once [`widths`] has
//! rewritten the font widths it would misread; [`lines`] rebuilds lines and words from them
//! and [`layout`] turns the pages into the clean text the structure stage reads. `pdf-extract`
//! panics on some malformed files, so each document is read behind `catch_unwind`, and work is
//! bounded by the file size, decompressed size ([`inflation`]) and page count of [`Limits`].

mod glyphs;
mod inflation;
mod layout;
mod lines;
mod widths;

use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_extract::Document;

use super::{normalise_text, Limits, SourceFormat, SourceText};
use glyphs::GlyphCollector;
use layout::PageLines;

/// True when the bytes start like a PDF file.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// Reads a PDF; the error is a one-line reason (corrupt, encrypted, image-only, too large).
pub fn read(bytes: &[u8], limits: &Limits) -> Result<SourceText, String> {
    limits.check_file_size(bytes.len() as u64)?;
    inflation::check(bytes, limits)?;
    let pages =
        catch_unwind(AssertUnwindSafe(|| page_lines(bytes, limits))).map_err(|panic| {
            format!(
                "corrupt PDF: the PDF parser failed ({})",
                panic_message(&panic)
            )
        })??;
    if pages.iter().all(|p| p.lines.is_empty()) {
        return Err("image-only PDF: no text layer; run OCR first".into());
    }
    let (text, hints) = layout::lay_out(pages);
    Ok(SourceText {
        text: normalise_text(&text),
        format: SourceFormat::Pdf,
        hints,
    })
}

/// Loads the document and lays out the lines of each page.
fn page_lines(bytes: &[u8], limits: &Limits) -> Result<Vec<PageLines>, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| match e {
        pdf_extract::Error::Decryption(_) => encrypted(),
        e => format!("corrupt PDF: {}", one_line(&e.to_string())),
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(encrypted());
    }
    widths::expand_ranges(&mut doc);
    let page_count = doc.get_pages().len();
    if page_count == 0 {
        return Err("corrupt PDF: no pages".into());
    }
    limits.check_pages(page_count)?;
    let mut pages = Vec::with_capacity(page_count);
    for number in doc.get_pages().into_keys() {
        let mut collector = GlyphCollector::default();
        pdf_extract::output_doc_page(&doc, &mut collector, number).map_err(|e| {
            format!(
                "corrupt PDF: page {number}: {}",
                one_line(&format!("{e:?}"))
            )
        })?;
        pages.push(PageLines {
            height: collector.page.height,
            lines: lines::lines(&collector.page.glyphs),
        });
    }
    Ok(pages)
}

fn encrypted() -> String {
    "encrypted PDF: it needs a password to be read".into()
}

fn one_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_owned()
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".into());
    one_line(&message)
}
