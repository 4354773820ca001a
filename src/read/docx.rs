//! Word documents (Office Open XML, `.docx`), as the UN Official Document System distributes
//! them: a ZIP archive whose `word/document.xml` holds the body (`w:p` paragraphs of `w:r`
//! runs of `w:t` text), whose `word/footnotes.xml` holds the notes that `w:footnoteReference`
//! elements point to, and whose page headers (`word/header*.xml`) and core properties carry
//! the masthead with the symbol.
//!
//! Footnotes are numbered as Word numbers them: in the order of their references. A superscript
//! run of digits (how the UN repeats a note already cited: "Crime6" in a later paragraph) is a
//! marker too.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;

use super::markup::{self, attribute, text_of, walk_xml, Builder};
use super::{FormatHints, SourceFormat, SourceText};

/// The local file header signature that starts every ZIP archive.
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Most bytes the parts of one document may decompress to, all parts together. A resolution's
/// XML is well under a megabyte; the bound stops ZIP bombs.
pub const MAX_DOCX_UNPACKED: u64 = 64 * 1024 * 1024;

/// Reads a DOCX archive; a ZIP that is no Word document, or a corrupt one, gives a reason.
pub fn read(bytes: &[u8]) -> Result<SourceText, String> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!(
            "corrupt or truncated ZIP archive: {}",
            markup::one_line(&e.to_string())
        )
    })?;
    let mut budget = MAX_DOCX_UNPACKED;
    let document = read_part(&mut archive, "word/document.xml", &mut budget)?
        .ok_or("ZIP archive without word/document.xml: not a Word document")?;
    let footnotes = read_part(&mut archive, "word/footnotes.xml", &mut budget)?;
    let notes = match &footnotes {
        Some(xml) => footnote_texts(xml)?,
        None => Vec::new(),
    };
    let text = body_text(&document, &notes)?;
    Ok(SourceText {
        text,
        format: SourceFormat::Docx,
        hints: hints(&mut archive, &mut budget)?,
    })
}

/// Reads one part as UTF-8, within what is left of the decompression budget.
fn read_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<String>, String> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(format!(
                "corrupt DOCX part {name}: {}",
                markup::one_line(&e.to_string())
            ))
        }
    };
    let mut bytes = Vec::new();
    entry
        .take(*budget + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            format!(
                "corrupt or truncated DOCX part {name}: {}",
                markup::one_line(&e.to_string())
            )
        })?;
    if bytes.len() as u64 > *budget {
        return Err(format!(
            "DOCX decompresses to more than {MAX_DOCX_UNPACKED} bytes (ZIP bomb?) in {name}"
        ));
    }
    *budget -= bytes.len() as u64;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("DOCX part {name} is not UTF-8"))
}

/// The footnotes part: (w:id, text) of each real note (separators excluded).
fn footnote_texts(xml: &str) -> Result<Vec<(String, String)>, String> {
    let mut notes = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut in_text = false;
    walk_xml(xml, "word/footnotes.xml", |event| {
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
    Ok(notes
        .into_iter()
        .map(|(id, text)| (id, markup::collapse(&text)))
        .collect())
}

/// The body: paragraphs, with footnote references numbered in order and notes appended.
fn body_text(xml: &str, notes: &[(String, String)]) -> Result<String, String> {
    let mut out = Builder::default();
    let mut in_text = false;
    let mut superscript = false;
    // Inside `mc:Fallback`, which repeats the content of `mc:Choice` for older readers.
    let mut fallback_depth = 0usize;
    walk_xml(xml, "word/document.xml", |event| {
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
                    let text = notes
                        .iter()
                        .find(|(i, _)| *i == id)
                        .map_or("", |(_, t)| t.as_str());
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
fn hints(archive: &mut ZipArchive<Cursor<&[u8]>>, budget: &mut u64) -> Result<FormatHints, String> {
    let mut names: Vec<String> = archive
        .file_names()
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .map(str::to_owned)
        .collect();
    names.sort();
    let mut masthead = String::new();
    for name in names {
        let Some(xml) = read_part(archive, &name, budget)? else {
            continue;
        };
        walk_xml(&xml, &name, |event| {
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
        if let Some(core) = read_part(archive, "docProps/core.xml", budget)? {
            let mut in_title = false;
            walk_xml(&core, "docProps/core.xml", |event| {
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
