//! Akoma Ntoso for UN documents (AKN4UN): `<akomaNtoso>` around one document element (`act`,
//! `doc`, `statement`, …) with `<meta>` (skipped), `<preface>` (header: `docNumber`,
//! `docTitle`, `docDate`), `<preamble>` (opener and preambular `p`/`container`s), `<mainBody>`
//! (`<paragraph><num>1.</num><content><p>…`) and `<conclusions>` (meeting and date).
//!
//! `<authorialNote marker="1">` holds a footnote where it is anchored; `<noteRef marker="6">`
//! repeats a marker. Both become markers glued to the word before, and the notes go to the end.
//! `<ref href="…">` elements keep their text inline and are listed in
//! [`FormatHints::marked_references`] so that the pipeline can use the publisher's own links. A
//! preface `container` named `masthead` (or `coverPage`) is metadata, not body text.

use quick_xml::events::{BytesStart, Event};

use super::markup::{self, attribute, text_of, walk_xml, Builder};
use super::{FormatHints, Limits, SourceFormat, SourceText};

/// True when the first element is `akomaNtoso` (with or without a namespace prefix).
pub fn is_akoma_ntoso(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if !start.starts_with('<') {
        return false;
    }
    let mut reader = quick_xml::Reader::from_str(start);
    for _ in 0..64 {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return e.local_name().as_ref() == b"akomaNtoso"
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
    false
}

/// Elements whose end closes a paragraph of the text.
const BLOCKS: [&[u8]; 8] = [
    b"p",
    b"heading",
    b"subheading",
    b"longTitle",
    b"formula",
    b"paragraph",
    b"tblock",
    b"li",
];

/// What the walker is inside of.
#[derive(Debug, Default)]
struct State {
    /// Depth inside a skipped element (`meta`), 0 when outside.
    skipped: usize,
    /// Depth inside the masthead container, 0 when outside.
    masthead: usize,
    masthead_text: String,
    /// The footnote being read: (number, depth inside it, text).
    note: Option<(u32, usize, String)>,
    /// References being read: (href, text so far), innermost last.
    refs: Vec<(String, String)>,
    symbol: Option<String>,
    in_doc_number: bool,
}

/// Reads an AKN4UN document.
pub fn read(text: &str, limits: &Limits) -> Result<SourceText, String> {
    let mut out = Builder::default();
    let mut state = State::default();
    let mut marked = Vec::new();
    walk_xml(text, "Akoma Ntoso XML", limits, |event| {
        if state.skipped > 0 {
            match event {
                Event::Start(_) => state.skipped += 1,
                Event::End(_) => state.skipped -= 1,
                _ => {}
            }
            return Ok(());
        }
        if let Some((_, depth, _)) = &mut state.note {
            match event {
                Event::Start(_) => *depth += 1,
                Event::End(_) if *depth == 0 => {
                    let (number, _, note) = state.note.take().unwrap_or_default();
                    out.note(number, &note);
                    return Ok(());
                }
                Event::End(_) => *depth -= 1,
                _ => {}
            }
        }
        if state.masthead > 0 {
            match event {
                Event::Start(_) => state.masthead += 1,
                Event::End(_) => {
                    state.masthead -= 1;
                    state.masthead_text.push('\n');
                }
                _ => {}
            }
        }
        match event {
            Event::Start(e) => open(e, &mut state, &mut out),
            Event::Empty(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"eol" | b"br" => out.line_break(),
                    b"noteRef" => {
                        if let Some(number) = marker_number(e) {
                            out.marker(number);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if name == b"ref" {
                    if let Some((href, text)) = state.refs.pop() {
                        marked.push((href, markup::collapse(&text)));
                    }
                } else if name == b"docNumber" {
                    state.in_doc_number = false;
                } else if name == b"num" {
                    out.text(" ");
                } else if BLOCKS.contains(&name) && state.note.is_none() && state.masthead == 0 {
                    out.end_block();
                }
            }
            Event::Text(t) => {
                let text = text_of(t)?;
                if state.in_doc_number && state.symbol.is_none() {
                    state.symbol = markup::as_symbol(&text);
                }
                for (_, ref_text) in &mut state.refs {
                    ref_text.push_str(&text);
                }
                if let Some((_, _, note)) = &mut state.note {
                    note.push_str(&text);
                } else if state.masthead > 0 {
                    state.masthead_text.push_str(&text);
                } else {
                    out.text(&text);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    let mut hints: FormatHints = markup::masthead_hints(&state.masthead_text);
    hints.symbol = state.symbol.or(hints.symbol);
    hints.marked_references = marked;
    let text = out.finish();
    if text.trim().is_empty() {
        return Err("Akoma Ntoso document without text".into());
    }
    Ok(SourceText {
        text,
        format: SourceFormat::AkomaNtoso,
        hints,
    })
}

/// Handles an opening tag.
fn open(e: &BytesStart<'_>, state: &mut State, out: &mut Builder) {
    let name = e.local_name();
    match name.as_ref() {
        b"meta" => state.skipped = 1,
        b"container" if state.masthead == 0 && is_masthead(e) => state.masthead = 1,
        b"authorialNote" if state.note.is_none() => {
            let number = marker_number(e).unwrap_or(out.note_count() + 1);
            out.marker(number);
            state.note = Some((number, 0, String::new()));
        }
        b"ref" => state
            .refs
            .push((attribute(e, "href").unwrap_or_default(), String::new())),
        b"docNumber" => state.in_doc_number = true,
        b"p" if state.note.is_some() => {
            if let Some((_, _, note)) = &mut state.note {
                note.push(' ');
            }
        }
        _ => {}
    }
}

/// A preface container that carries the masthead (symbol, distribution, session, agenda item).
fn is_masthead(e: &BytesStart<'_>) -> bool {
    attribute(e, "name")
        .is_some_and(|n| matches!(n.as_str(), "masthead" | "coverPage" | "distribution"))
}

/// The printed number of a note marker.
fn marker_number(e: &BytesStart<'_>) -> Option<u32> {
    attribute(e, "marker")?
        .trim()
        .trim_end_matches('/')
        .parse()
        .ok()
}
