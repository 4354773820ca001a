//! Word documents (Office Open XML, `.docx`), as the UN Official Document System distributes
//! them: a ZIP archive whose `word/document.xml` holds the body (`w:p` paragraphs of `w:r`
//! runs of `w:t` text), whose `word/footnotes.xml` holds the notes that `w:footnoteReference`
//! elements point to, and whose page headers (`word/header*.xml`) and core properties carry
//! the masthead with the symbol.
//!
//! Footnotes are numbered as Word numbers them: in the order of their references. A superscript
//! run of digits (how the UN repeats a note already cited: "Crime6" in a later paragraph) is a
//! marker too.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;

use super::markup::{self, attribute, text_of, walk_xml, Builder};
use super::{FormatHints, Limits, SourceFormat, SourceText};

/// The local file header signature that starts every ZIP archive.
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Reads a DOCX archive; a ZIP that is no Word document, or a corrupt one, gives a reason.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<SourceText, String> {
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!(
            "corrupt or truncated ZIP archive: {}",
            markup::one_line(&e.to_string())
        )
    })?;
    let mut archive = Parts {
        zip,
        inflated: 0,
        limits,
    };
    let document = archive
        .read("word/document.xml")?
        .ok_or("ZIP archive without word/document.xml: not a Word document")?;
    let footnotes = archive.read("word/footnotes.xml")?;
    let notes = match &footnotes {
        Some(xml) => footnote_texts(xml, limits)?,
        None => HashMap::new(),
    };
    let text = body_text(&document, &notes, limits)?;
    Ok(SourceText {
        text,
        format: SourceFormat::Docx,
        hints: hints(&mut archive)?,
    })
}

/// The parts of an archive, read within the decompression limit of all parts together.
struct Parts<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes inflated so far.
    inflated: u64,
    limits: &'a Limits,
}

impl Parts<'_> {
    /// Reads one part as UTF-8 (`None` when the archive has no such part).
    fn read(&mut self, name: &str) -> Result<Option<String>, String> {
        let entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(format!(
                    "corrupt DOCX part {name}: {}",
                    markup::one_line(&e.to_string())
                ))
            }
        };
        // Inflate at most one byte past what the limit leaves, whatever the entry claims.
        let left = self
            .limits
            .max_decompressed_size
            .saturating_sub(self.inflated);
        let mut bytes = Vec::new();
        entry
            .take(left.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| {
                format!(
                    "corrupt or truncated DOCX part {name}: {}",
                    markup::one_line(&e.to_string())
                )
            })?;
        self.inflated += bytes.len() as u64;
        self.limits
            .check_decompressed(self.inflated, &format!("DOCX (at part {name})"))?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| format!("DOCX part {name} is not UTF-8"))
    }
}

/// The footnotes part: the text of each real note (separators excluded) by its w:id.
fn footnote_texts(xml: &str, limits: &Limits) -> Result<HashMap<String, String>, String> {
    let mut notes = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut in_text = false;
    walk_xml(xml, "word/footnotes.xml", limits, |event| {
        match event {
            Event::Start(e) if e.name().as_ref() == b"w:footnote" => {
                let separator = attribute(e, "w:type").is_some_and(|t| t != "normal");
                current =
                    (!separator).then(|| (attribute(e, "w:id").unwrap_or_default(), String::new()));
            }
            Event::End(e) if e.name().as_ref() == b"w:footnote" => notes.extend(current.take()),
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == b"w:p" => {
                if let Some((_, text)) = &mut current {
                    text.push(' ');
                }
            }
            Event::Empty(e) if matches!(e.name().as_ref(), b"w:tab" | b"w:br") => {
                if let Some((_, text)) = &mut current {
                    text.push(' ');
                }
            }
            Event::Text(t) if in_text => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&text_of(t)?);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    let mut by_id = HashMap::with_capacity(notes.len());
    for (id, text) in notes {
        // The first note of an id counts, as Word reads it.
        by_id.entry(id).or_insert_with(|| markup::collapse(&text));
    }
    Ok(by_id)
}

/// The body: paragraphs, with footnote references numbered in order and notes appended.
fn body_text(
    xml: &str,
    notes: &HashMap<String, String>,
    limits: &Limits,
) -> Result<String, String> {
    let mut out = Builder::default();
    let mut in_text = false;
    let mut superscript = false;
    // Inside `mc:Fallback`, which repeats the content of `mc:Choice` for older readers.
    let mut fallback_depth = 0usize;
    walk_xml(xml, "word/document.xml", limits, |event| {
        if fallback_depth > 0 {
            match event {
                Event::Start(_) => fallback_depth += 1,
                Event::End(_) => fallback_depth -= 1,
                _ => {}
            }
            return Ok(());
        }
        match event {
            Event::Start(e) if e.name().as_ref() == b"mc:Fallback" => fallback_depth = 1,
            Event::Start(e) if e.name().as_ref() == b"w:r" => superscript = false,
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == b"w:p" => out.end_block(),
            Event::Empty(e) => match e.name().as_ref() {
                b"w:vertAlign" => {
                    superscript = attribute(e, "w:val").as_deref() == Some("superscript")
                }
                b"w:tab" => out.text(" "),
                b"w:br" | b"w:cr" => out.line_break(),
                b"w:footnoteReference" => {
                    let id = attribute(e, "w:id").unwrap_or_default();
                    let number = out.note_count() + 1;
                    let text = notes.get(&id).map_or("", String::as_str);
                    out.note(number, text);
                    out.marker(number);
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = text_of(t)?;
                match text.trim().parse::<u32>() {
                    Ok(number) if superscript && number > 0 => out.marker(number),
                    _ => out.text(&text),
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(out.finish())
}

/// The symbol and distribution data: from the page headers' masthead, else from the core
/// properties' title when it is a symbol.
fn hints(archive: &mut Parts<'_>) -> Result<FormatHints, String> {
    let limits = archive.limits;
    let mut names: Vec<String> = archive
        .zip
        .file_names()
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .map(str::to_owned)
        .collect();
    names.sort();
    let mut masthead = String::new();
    for name in names {
        let Some(xml) = archive.read(&name)? else {
            continue;
        };
        walk_xml(&xml, &name, limits, |event| {
            match event {
                Event::Text(t) => masthead.push_str(&text_of(t)?),
                Event::End(e) if e.name().as_ref() == b"w:p" => masthead.push('\n'),
                Event::Empty(e) if e.name().as_ref() == b"w:tab" => masthead.push(' '),
                _ => {}
            }
            Ok(())
        })?;
        masthead.push('\n');
    }
    let mut hints = markup::masthead_hints(&masthead);
    if hints.symbol.is_none() {
        if let Some(core) = archive.read("docProps/core.xml")? {
            let mut in_title = false;
            walk_xml(&core, "docProps/core.xml", limits, |event| {
                match event {
                    Event::Start(e) if e.name().as_ref() == b"dc:title" => in_title = true,
                    Event::End(e) if e.name().as_ref() == b"dc:title" => in_title = false,
                    Event::Text(t) if in_title => hints.symbol = markup::as_symbol(&text_of(t)?),
                    _ => {}
                }
                Ok(())
            })?;
        }
    }
    Ok(hints)
}
