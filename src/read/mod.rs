//! Reading: turn the bytes of a published UN document into clean text plus whatever metadata the
//! format carries outside the body (the ODS distribution block, …).
//!
//! The format is detected from the content, never from the file name.

mod akn;
mod decode;
mod docx;
mod html;
pub mod limits;
mod markup;
mod masthead;
mod ods;
mod pdf;

use std::path::Path;

use crate::error::{Error, Result};

pub use decode::decode_text;
pub use limits::Limits;

/// The formats treatygraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// Plain text, as in the CR-UNSC corpus.
    PlainText,
    /// Text exported from the UN Official Document System, with `<<ODS …>>` markers.
    OdsText,
    /// Word (Office Open XML) document.
    Docx,
    /// HTML page, as the UN website and research libraries serve resolutions.
    Html,
    /// Akoma Ntoso for UN documents (AKN4UN) XML.
    AkomaNtoso,
    /// PDF as published by the UN, with a text layer.
    Pdf,
}

impl SourceFormat {
    /// Short name used in the RDF (`dcterms:format`) and in messages.
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::PlainText => "text",
            SourceFormat::OdsText => "ods-text",
            SourceFormat::Docx => "docx",
            SourceFormat::Html => "html",
            SourceFormat::AkomaNtoso => "akn",
            SourceFormat::Pdf => "pdf",
        }
    }
}

/// Metadata that a format carries outside the running text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormatHints {
    /// Document symbol as printed by the publishing system (e.g. `A/RES/63/156`).
    pub symbol: Option<String>,
    /// Distribution date as printed ("30 January 2009").
    pub distribution_date: Option<String>,
    /// Session as printed ("Sixty-third session").
    pub session: Option<String>,
    /// Agenda item as printed ("56 (a)").
    pub agenda_item: Option<String>,
    /// Job number of the UN document production system ("08-48015").
    pub job_number: Option<String>,
    /// Citations the publisher marked up (AKN4UN `<ref href>`): (href, text as printed).
    pub marked_references: Vec<(String, String)>,
}

/// The text of one source document, ready for structuring.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Body text (header, paragraphs, footnotes), with format artefacts removed.
    pub text: String,
    /// Which reader produced it.
    pub format: SourceFormat,
    /// Metadata found outside the body.
    pub hints: FormatHints,
}

/// Reads one file from disk, within the default limits.
pub fn read_path(path: &Path) -> Result<SourceText> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::input(path, format!("cannot read file: {e}")))?;
    read_bytes(&bytes).map_err(|reason| Error::input(path, reason))
}

/// Reads a document from its bytes within the default limits; the error is a one-line reason.
pub fn read_bytes(bytes: &[u8]) -> std::result::Result<SourceText, String> {
    read_bytes_with(bytes, &Limits::default())
}

/// Reads a document from its bytes within the given limits; the error is a one-line reason.
pub fn read_bytes_with(bytes: &[u8], limits: &Limits) -> std::result::Result<SourceText, String> {
    limits.check_file_size(bytes.len() as u64)?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty file: no text".into());
    }
    if pdf::is_pdf(bytes) {
        return pdf::read(bytes, limits);
    }
    if bytes.starts_with(docx::ZIP_MAGIC) {
        return docx::read(bytes, limits);
    }
    let text = decode::decode_text_borrowed(bytes)?;
    // ODS markers ("<<ODS JOB NO>>"), Akoma Ntoso and HTML all need a "<": plain text, which
    // seldom has one, is told apart by one SIMD search instead of a search for each.
    if memchr::memchr(b'<', text.as_bytes()).is_none() {
        return Ok(plain_text(&text));
    }
    if ods::is_ods_text(&text) {
        Ok(ods::read(&text))
    } else if akn::is_akoma_ntoso(&text) {
        akn::read(&text, limits)
    } else if html::is_html(&text) {
        html::read(&text, limits)
    } else {
        Ok(plain_text(&text))
    }
}

fn plain_text(text: &str) -> SourceText {
    SourceText {
        text: normalise_text(text),
        format: SourceFormat::PlainText,
        hints: FormatHints::default(),
    }
}

/// Normalises line endings and typographic variants that carry no meaning for recognition:
/// CRLF, non-breaking spaces, soft hyphens and form feeds.
pub(crate) fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Spans without a character to replace are copied whole. Every such character is a carriage
    // return, a form feed, or starts with the byte 0xC2 (U+00A0, U+00AD), 0xE2 (U+2007, U+2009,
    // U+200B, U+202F) or 0xEF (U+FEFF); these bytes never occur inside another character. Both
    // kinds are found with SIMD searches (memchr), each resumed only once passed.
    let bytes = text.as_bytes();
    let find_control =
        |from: usize| memchr::memchr2(b'\r', b'\x0c', &bytes[from..]).map(|i| from + i);
    let find_lead =
        |from: usize| memchr::memchr3(0xc2, 0xe2, 0xef, &bytes[from..]).map(|i| from + i);
    let (mut next_control, mut next_lead) = (find_control(0), find_lead(0));
    let mut copied = 0;
    loop {
        let i = match (next_control, next_lead) {
            (Some(control), Some(lead)) => control.min(lead),
            (Some(at), None) | (None, Some(at)) => at,
            (None, None) => break,
        };
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let after = i + c.len_utf8();
        if next_control == Some(i) {
            next_control = find_control(after);
        }
        if next_lead == Some(i) {
            next_lead = find_lead(after);
        }
        let replacement = match c {
            '\r' if bytes.get(i + 1) == Some(&b'\n') => Some(""),
            '\r' | '\u{c}' => Some("\n"),
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' => Some(" "),
            '\u{ad}' | '\u{feff}' | '\u{200b}' => Some(""),
            _ => None,
        };
        if let Some(replacement) = replacement {
            out.push_str(&text[copied..i]);
            out.push_str(replacement);
            copied = after;
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain text is told apart by the lack of a "<": each format test needs one.
    #[test]
    fn every_marked_up_format_needs_a_less_than_sign() {
        for text in [
            "x<<ODS JOB NO>>N0848015E<<ODS JOB NO>>",
            "<<ODS DOC SYMBOL1>>A/RES/63/156<<ODS DOC SYMBOL1>>",
            "<akomaNtoso><act/></akomaNtoso>",
            "\u{feff} <!DOCTYPE html><p>Text</p>",
            "Resolution <p>text</p>",
        ] {
            let is_marked_up =
                |t: &str| ods::is_ods_text(t) || akn::is_akoma_ntoso(t) || html::is_html(t);
            assert!(is_marked_up(text), "{text}");
            assert!(!is_marked_up(&text.replace('<', "[")), "{text}");
        }
    }
}
