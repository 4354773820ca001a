//! What the marked-up readers (DOCX, HTML, AKN4UN) share: they all walk a tree of elements and
//! must hand the structure stage the same layout the text reader produces — header lines, the
//! opener on its own line, paragraphs separated by blank lines, footnote markers glued to the
//! preceding word ("Women1"), and the notes at the end as lines "1 Text of the note".

use std::sync::LazyLock;

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::Reader;
use regex::Regex;

use super::{normalise_text, FormatHints, Limits};

/// Highest footnote number a marked-up reader records: far above any resolution (a few hundred
/// notes at most) and above the footnote limit's range, yet small enough to bound memory.
pub const MAX_NOTE_NUMBER: u32 = 100_000;

/// A document under construction: finished paragraphs, the one being filled, and the notes.
#[derive(Debug, Default)]
pub struct Builder {
    blocks: Vec<String>,
    current: String,
    /// True right after a footnote marker: a following letter must not run into the number.
    after_marker: bool,
    /// Notes by number (index = number − 1).
    notes: Vec<Option<String>>,
}

impl Builder {
    /// Appends running text; white space runs collapse to one space (markup indentation and
    /// line wrapping in the source carry no meaning).
    pub fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !self.current.is_empty() && !self.current.ends_with([' ', '\n']) {
                    self.current.push(' ');
                }
                self.after_marker = false;
                continue;
            }
            if self.after_marker && c.is_alphanumeric() {
                self.current.push(' ');
            }
            self.after_marker = false;
            self.current.push(c);
        }
    }

    /// A line break inside a paragraph (`<br>`, `w:br`, `<eol/>`).
    pub fn line_break(&mut self) {
        let trimmed = self.current.trim_end_matches(' ').len();
        self.current.truncate(trimmed);
        if !self.current.is_empty() {
            self.current.push('\n');
        }
        self.after_marker = false;
    }

    /// A footnote marker, glued to the word before it as the text reader sees it.
    pub fn marker(&mut self, number: u32) {
        let trimmed = self.current.trim_end().len();
        self.current.truncate(trimmed);
        self.current.push_str(&number.to_string());
        self.after_marker = true;
    }

    /// Ends the current paragraph (empty ones are dropped).
    pub fn end_block(&mut self) {
        let block = std::mem::take(&mut self.current);
        let block = block.trim();
        if !block.is_empty() {
            self.blocks.push(block.to_owned());
        }
        self.after_marker = false;
    }

    /// Records the text of note `number` (a later text for the same number is ignored). Notes
    /// are stored by number, so a number beyond [`MAX_NOTE_NUMBER`] is ignored rather than
    /// allowed to reserve room for billions of notes.
    pub fn note(&mut self, number: u32, text: &str) {
        if number > MAX_NOTE_NUMBER {
            return;
        }
        let index = number.saturating_sub(1) as usize;
        if self.notes.len() <= index {
            self.notes.resize(index + 1, None);
        }
        if self.notes[index].is_none() {
            self.notes[index] = Some(collapse(text));
        }
    }

    /// Number of notes recorded or reserved so far.
    pub fn note_count(&self) -> u32 {
        self.notes.len() as u32
    }

    /// The text in the layout of the text reader.
    pub fn finish(mut self) -> String {
        self.end_block();
        let mut text = self.blocks.join("\n\n");
        if !self.notes.is_empty() {
            text.push_str("\n\n");
            let notes: Vec<String> = self
                .notes
                .iter()
                .enumerate()
                .map(|(i, note)| {
                    let note = note.as_deref().filter(|n| !n.is_empty());
                    format!("{} {}", i + 1, note.unwrap_or("(text of the note missing)"))
                })
                .collect();
            text.push_str(&notes.join("\n"));
        }
        normalise_text(&text)
    }
}

/// Walks the events of an XML document, refusing nesting deeper than the limits allow (hostile
/// nesting would cost memory and time); the error is a one-line reason naming `what` is read.
pub fn walk_xml(
    xml: &str,
    what: &str,
    limits: &Limits,
    mut visit: impl FnMut(&Event<'_>) -> Result<(), String>,
) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "malformed XML in {what} near byte {}: {}",
                reader.error_position(),
                one_line(&e.to_string())
            )
        })?;
        match &event {
            Event::Start(_) => {
                depth += 1;
                limits.check_nesting(depth, what)?;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => {
                if depth > 0 {
                    return Err(format!(
                        "malformed XML in {what}: unexpected end (truncated?)"
                    ));
                }
                return Ok(());
            }
            _ => {}
        }
        visit(&event)?;
    }
}

/// The unescaped text of a text event.
pub fn text_of(text: &BytesText<'_>) -> Result<String, String> {
    text.unescape()
        .map(|t| t.into_owned())
        .map_err(|e| format!("malformed XML text: {}", one_line(&e.to_string())))
}

/// The unescaped value of an attribute, if present and well formed.
pub fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    let attribute = element.try_get_attribute(name).ok()??;
    attribute.unescape_value().ok().map(|v| v.into_owned())
}

/// Keeps an error message to one line.
pub fn one_line(message: &str) -> String {
    collapse(message)
}

/// Collapses white space (including line breaks) to single spaces.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A printed UN symbol, when `text` is one ("A/RES/63/156", "S/RES/827 (1993)").
pub fn as_symbol(text: &str) -> Option<String> {
    static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:A|S|E)/(?:[A-Z0-9.\-]+/)*\d[\w.\-]*(?:/[\w.\-]+)*(?:\s?\((?:\d{4}|[IVXL]+)\))?$",
        )
        .unwrap()
    });
    let text = collapse(text);
    let text = text.trim_end_matches(['.', ',']);
    SYMBOL.is_match(text).then(|| text.to_owned())
}

/// Hints read from a masthead ("United Nations A/RES/63/156 General Assembly Distr.: General
/// 30 January 2009 Sixty-third session Agenda item 56 (a)"): the first printed resolution
/// symbol and the distribution block's fields.
pub fn masthead_hints(masthead: &str) -> FormatHints {
    static RESOLUTION_SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b((?:A|S|E)/(?:[A-Z0-9.\-]+/)*RES/[\w./-]+(?:\s?\(\d{4}\))?)").unwrap()
    });
    let mut hints = FormatHints::default();
    super::masthead::read_masthead(masthead, &mut hints);
    hints.symbol = RESOLUTION_SYMBOL
        .captures(masthead)
        .map(|c| c[1].trim().to_owned());
    hints
}

/// Fills the hints `into` lacks from `from`.
pub fn merge_hints(into: &mut FormatHints, from: FormatHints) {
    into.symbol = into.symbol.take().or(from.symbol);
    into.distribution_date = into.distribution_date.take().or(from.distribution_date);
    into.session = into.session.take().or(from.session);
    into.agenda_item = into.agenda_item.take().or(from.agenda_item);
    into.job_number = into.job_number.take().or(from.job_number);
    into.marked_references.extend(from.marked_references);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glues_markers_and_appends_notes() {
        let mut b = Builder::default();
        b.text("The General Assembly,");
        b.end_block();
        b.text("Recalling the Convention against Women ");
        b.marker(1);
        b.text("and the Protocol thereto,");
        b.marker(2);
        b.text(" the Charter");
        b.note(2, "Ibid., vol.\n2131.");
        b.note(1, "United Nations, Treaty Series, vol. 1249, No. 20378.");
        assert_eq!(
            b.finish(),
            "The General Assembly,\n\nRecalling the Convention against Women1 and the Protocol thereto,2 the Charter\n\n1 United Nations, Treaty Series, vol. 1249, No. 20378.\n2 Ibid., vol. 2131."
        );
    }

    #[test]
    fn recognises_symbols_and_mastheads() {
        assert_eq!(
            as_symbol("S/RES/827 (1993)").as_deref(),
            Some("S/RES/827 (1993)")
        );
        assert_eq!(as_symbol("A/RES/63/156").as_deref(), Some("A/RES/63/156"));
        assert_eq!(as_symbol("63/156."), None);
        let hints = masthead_hints("United Nations A/RES/63/156 General Assembly Distr.: General 30 January 2009 Sixty-third session Agenda item 56 (a)");
        assert_eq!(hints.symbol.as_deref(), Some("A/RES/63/156"));
        assert_eq!(hints.distribution_date.as_deref(), Some("30 January 2009"));
        assert_eq!(hints.session.as_deref(), Some("Sixty-third session"));
        assert_eq!(hints.agenda_item.as_deref(), Some("56 (a)"));
    }
}
