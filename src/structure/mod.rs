//! Structure: from clean text to the parts of a resolution — header metadata, the opener
//! ("The General Assembly,"), preambular and operative paragraphs with their opening phrases,
//! and footnotes paired with the markers glued to words in the body ("Women1", "thereto,2").

mod blocks;
mod dates;
mod footnotes;
mod header;
mod phrases;

pub use dates::{parse_date, MONTHS};
pub use header::{Metadata, Organ};
pub use phrases::{opening_phrase, Function, OpeningPhrase};

use std::collections::HashSet;

use crate::read::SourceText;

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// Lines before the opener: title, adoption line, committee report.
    Header,
    /// "Recalling …," — before the operative part.
    Preambular,
    /// "1. Welcomes …;" — numbered or not.
    Operative,
    /// A footnote at the end of the document.
    Footnote,
}

/// A footnote marker found in a paragraph: the footnote number and the offset (bytes into
/// [`Paragraph::text`]) where the marker stood, i.e. right after the word it annotates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FootnoteRef {
    pub offset: usize,
    pub number: u32,
}

/// One paragraph of a resolution, with clean single-line text.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// "HD", "PP3", "OP9", "FN6".
    pub id: String,
    pub kind: ParagraphKind,
    /// Position among paragraphs of its kind (operative: the printed number when there is one).
    pub ordinal: u32,
    /// Opening phrase and its normalised function (none for header and footnotes).
    pub opening: Option<OpeningPhrase>,
    /// Text with line breaks joined, hyphenation undone and footnote markers removed.
    pub text: String,
    /// Footnote markers that stood in the text.
    pub footnote_refs: Vec<FootnoteRef>,
}

/// A structured resolution.
#[derive(Debug, Clone)]
pub struct Document {
    pub meta: Metadata,
    /// "The General Assembly," when present.
    pub opener: Option<String>,
    /// Header, preambular and operative paragraphs in reading order, then footnotes.
    pub paragraphs: Vec<Paragraph>,
}

impl Document {
    /// The footnote with the given number, if the document has it.
    pub fn footnote(&self, number: u32) -> Option<&Paragraph> {
        self.paragraphs
            .iter()
            .find(|p| p.kind == ParagraphKind::Footnote && p.ordinal == number)
    }

    /// Paragraphs of one kind.
    pub fn paragraphs_of(&self, kind: ParagraphKind) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs.iter().filter(move |p| p.kind == kind)
    }
}

/// Structures a source text.
pub fn structure(source: &SourceText) -> Document {
    let lines = split_lines(&source.text);
    let mut footnote_block = footnotes::find_footnote_block(&lines);
    let body_end = footnote_block
        .as_ref()
        .map_or(lines.len(), |b| b.start_line);

    let mut layout = blocks::segment(&lines[..body_end]);
    // Numbered notes right after the adoption line whose markers the transcription lost belong
    // to the footnotes, not to another text.
    let first_note = footnote_block
        .as_ref()
        .and_then(|b| b.notes.first())
        .map(|n| n.number);
    if let Some(unmarked) = (!layout.trailer.is_empty())
        .then(|| footnotes::unmarked_notes(&layout.appendix, first_note))
        .flatten()
    {
        layout.appendix.clear();
        match &mut footnote_block {
            Some(block) => {
                block.notes.splice(0..0, unmarked);
            }
            None => {
                footnote_block = Some(footnotes::FootnoteBlock {
                    start_line: body_end,
                    notes: unmarked,
                })
            }
        }
    }
    let footnote_numbers: Vec<u32> = footnote_block
        .as_ref()
        .map(|b| b.notes.iter().map(|n| n.number).collect())
        .unwrap_or_default();
    let mut paragraphs = Vec::new();

    let header_text = layout.header.join("\n");
    let trailer_text = layout.trailer.join("\n");
    let meta = header::parse_metadata(
        &header_text,
        &trailer_text,
        layout.opener.as_deref(),
        &source.hints,
    );

    if !layout.header.is_empty() {
        let (text, footnote_refs) = footnotes::strip_markers(&layout.header, &footnote_numbers);
        paragraphs.push(Paragraph {
            id: "HD".into(),
            kind: ParagraphKind::Header,
            ordinal: 1,
            opening: None,
            text,
            footnote_refs,
        });
    }
    let mut preambular = 0;
    let mut last_operative = 0;
    let mut part = 1;
    for block in &layout.body {
        let (text, footnote_refs) = footnotes::strip_markers(&block.lines, &footnote_numbers);
        // The phrase of the first line, found while grouping the lines, when it holds for the
        // whole text.
        let opening = block
            .first_line_opening
            .as_ref()
            .and_then(|line_opening| line_opening.phrase_of(block.lines[0], &text))
            .unwrap_or_else(|| opening_phrase(&text));
        // Printed numbers are kept: users cite "paragraph 26 of the declaration". When the
        // numbering restarts (an annexed declaration, a part B), a new part begins so that
        // paragraph ids stay unique; unnumbered operative paragraphs take the next number.
        let (kind, ordinal) = match block.number {
            Some(n) => {
                if n <= last_operative {
                    part += 1;
                }
                last_operative = n;
                (ParagraphKind::Operative, n)
            }
            None if block.operative => {
                last_operative += 1;
                (ParagraphKind::Operative, last_operative)
            }
            None => {
                preambular += 1;
                (ParagraphKind::Preambular, preambular)
            }
        };
        let id = match (kind, part) {
            (ParagraphKind::Operative, 1) => numbered_id("OP", ordinal),
            (ParagraphKind::Operative, _) => format!("part{part}-OP{ordinal}"),
            _ => numbered_id("PP", ordinal),
        };
        paragraphs.push(Paragraph {
            id,
            kind,
            ordinal,
            opening,
            text,
            footnote_refs,
        });
    }
    if let Some(block) = footnote_block {
        let referenced: HashSet<u32> = paragraphs
            .iter()
            .flat_map(|p| p.footnote_refs.iter().map(|r| r.number))
            .collect();
        let mut unreferenced: Vec<u32> = footnote_numbers
            .iter()
            .copied()
            .filter(|n| !referenced.contains(n))
            .collect();
        unreferenced.sort_unstable();
        unreferenced.dedup();
        let in_appendix = footnotes::first_marker_lines(&layout.appendix, &unreferenced);
        for note in block.notes {
            // A note announced only in text after the trailer belongs to that text.
            if !referenced.contains(&note.number) && in_appendix.contains_key(&note.number) {
                continue;
            }
            paragraphs.push(Paragraph {
                id: numbered_id("FN", note.number),
                kind: ParagraphKind::Footnote,
                ordinal: note.number,
                opening: None,
                text: blocks::join_lines(&note.lines),
                footnote_refs: Vec::new(),
            });
        }
    }
    Document {
        meta,
        opener: layout.opener,
        paragraphs,
    }
}

/// The lines of a text as `str::lines` gives them (split at "\n", a "\r" before it dropped, no
/// empty line after a final "\n"), found with a SIMD search (memchr).
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 32);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let line = &text[start..end];
        lines.push(line.strip_suffix('\r').unwrap_or(line));
        start = end + 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// "PP3", "OP12", "FN6": a paragraph id, without the formatting machinery (one per paragraph).
fn numbered_id(prefix: &str, number: u32) -> String {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut rest = number;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(prefix.len() + digits.len() - at);
    id.push_str(prefix);
    id.extend(digits[at..].iter().map(|&d| char::from(d)));
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_as_str_lines_does() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb\r",
            "a\n\nb\r\n\r\n",
            "\r",
            "x\ry\n",
        ] {
            assert_eq!(
                split_lines(text),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn numbers_ids() {
        for n in [0, 1, 9, 10, 99, 123, u32::MAX] {
            assert_eq!(numbered_id("OP", n), format!("OP{n}"));
        }
    }
}
