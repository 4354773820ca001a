//! HTML pages of resolutions, as the UN website and research libraries serve them: paragraphs
//! in `<p>` (or other block elements), footnote markers as links to the notes
//! (`<a href="#fn1"><sup>1</sup></a>`, Word's `<a href="#_ftn1">[1]</a>`) or bare superscripts,
//! the notes in a list at the end, and old documents' "1/" notes as plain paragraphs (the
//! structure stage reads those as in text). Scripts, styles, navigation, forms and footers are
//! dropped; a `<header>` or an element of class `masthead` is metadata, not body.
//!
//! Real-world HTML is rarely well formed, so it is parsed by an HTML5 parser (`scraper`, on
//! html5ever) rather than an XML one.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Node};

use super::markup::{self, Builder};
use super::{FormatHints, Limits, SourceFormat, SourceText};

/// True when the text starts like an HTML page or fragment.
pub fn is_html(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let at = |i: usize, tag: &[u8]| {
        text.as_bytes()
            .get(i..i + tag.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(tag))
    };
    if at(0, b"<!doctype html") {
        return true;
    }
    const TAGS: [&[u8]; 7] = [
        b"<html", b"<body", b"<p>", b"<p ", b"<div", b"<h1", b"<table",
    ];
    // A tag counts within the first 2048 characters. Every tag starts with "<", which plain text
    // seldom has, so the characters are counted only when there is one. The byte "<" is looked
    // for with SIMD (memchr), several times faster than the search for a char.
    let mut head_end = None;
    for i in memchr::memchr_iter(b'<', text.as_bytes()) {
        let end = *head_end.get_or_insert_with(|| {
            text.char_indices()
                .nth(2048)
                .map_or(text.len(), |(byte, _)| byte)
        });
        if i >= end {
            break;
        }
        if TAGS.iter().any(|tag| i + tag.len() <= end && at(i, tag)) {
            return true;
        }
    }
    false
}

/// Elements that never hold resolution text.
const SKIPPED: [&str; 12] = [
    "head", "script", "style", "nav", "noscript", "template", "iframe", "svg", "form", "button",
    "footer", "aside",
];
/// Elements whose start and end separate paragraphs.
const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "table",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "section",
    "article",
    "main",
    "body",
    "center",
];

/// Reads an HTML page.
pub fn read(text: &str, limits: &Limits) -> Result<SourceText, String> {
    let html = Html::parse_document(text);
    let notes = note_targets(&html);
    let mut reader = Reader {
        notes: &notes,
        limits,
        out: Builder::default(),
        masthead: String::new(),
    };
    reader.walk(html.root_element(), 0)?;
    let mut hints = head_hints(&html);
    markup::merge_hints(&mut hints, markup::masthead_hints(&reader.masthead));
    let text = reader.out.finish();
    if text.trim().is_empty() {
        return Err("HTML page without text".into());
    }
    Ok(SourceText {
        text,
        format: SourceFormat::Html,
        hints,
    })
}

/// Ids that body links with a number as their text point to, with that number: the notes.
fn note_targets(html: &Html) -> HashMap<String, u32> {
    let mut targets = HashMap::new();
    for node in html.tree.nodes() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        if element.value().name() != "a" {
            continue;
        }
        let Some(target) = element
            .value()
            .attr("href")
            .and_then(|h| h.strip_prefix('#'))
        else {
            continue;
        };
        if let Some(number) = printed_number(&element.text().collect::<String>()) {
            targets.entry(target.to_owned()).or_insert(number);
        }
    }
    targets
}

/// "1", "[1]", "1/" as a note number.
fn printed_number(text: &str) -> Option<u32> {
    let text = text
        .trim()
        .trim_start_matches('[')
        .trim_end_matches([']', '/']);
    text.parse().ok().filter(|&n| n > 0 && n < 1000)
}

struct Reader<'a> {
    notes: &'a HashMap<String, u32>,
    limits: &'a Limits,
    out: Builder,
    masthead: String,
}

impl Reader<'_> {
    fn walk(&mut self, element: ElementRef<'_>, depth: usize) -> Result<(), String> {
        self.limits.check_nesting(depth, "HTML")?;
        let name = element.value().name();
        if SKIPPED.contains(&name) {
            return Ok(());
        }
        if name == "header"
            || element
                .value()
                .classes()
                .any(|c| c.eq_ignore_ascii_case("masthead"))
        {
            self.masthead.push_str(&block_text(element));
            self.masthead.push('\n');
            return Ok(());
        }
        let block = BLOCKS.contains(&name);
        if block {
            if let Some(number) = self.note_number(element) {
                self.out.end_block();
                self.out.note(number, &note_text(element, number));
                return Ok(());
            }
            self.out.end_block();
        }
        match name {
            "br" => self.out.line_break(),
            "a" => {
                let target = element
                    .value()
                    .attr("href")
                    .and_then(|h| h.strip_prefix('#'));
                if let Some(&number) = target.and_then(|t| self.notes.get(t)) {
                    self.out.marker(number);
                    return Ok(());
                }
            }
            "sup" => {
                if let Some(number) = printed_number(&element.text().collect::<String>()) {
                    self.out.marker(number);
                    return Ok(());
                }
            }
            _ => {}
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.out.text(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.walk(child, depth + 1)?;
                    }
                }
                _ => {}
            }
        }
        if block {
            self.out.end_block();
        }
        Ok(())
    }

    /// The number of the note a block holds: its id, or the id or name of its first link
    /// (Word's `<p><a name="_ftn1" href="#_ftnref1">[1]</a> …</p>`), is a marker's target.
    fn note_number(&self, element: ElementRef<'_>) -> Option<u32> {
        fn ids(e: ElementRef<'_>) -> [Option<&str>; 2] {
            [e.value().id(), e.value().attr("name")]
        }
        let own = ids(element)
            .into_iter()
            .flatten()
            .find_map(|id| self.notes.get(id));
        let first_link = ["p", "li", "dd", "dt"]
            .contains(&element.value().name())
            .then(|| element.descendants())
            .into_iter()
            .flatten()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "a")
            .and_then(|a| {
                ids(a)
                    .into_iter()
                    .flatten()
                    .find_map(|id| self.notes.get(id))
            });
        own.or(first_link).copied()
    }
}

/// The text of a note without its back links and printed number.
fn note_text(element: ElementRef<'_>, number: u32) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        if let Node::Text(t) = node.value() {
            let in_link = node.ancestors().filter_map(ElementRef::wrap).any(|a| {
                a.value().name() == "a"
                    && a.value().attr("href").is_some_and(|h| h.starts_with('#'))
            });
            if !in_link {
                text.push_str(t);
            }
        }
    }
    let text = markup::collapse(&text);
    let printed = number.to_string();
    let text = text
        .strip_prefix(&printed)
        .map(str::trim_start)
        .unwrap_or(&text);
    text.trim_end_matches(['↩', '^', '\u{fe0e}'])
        .trim()
        .to_owned()
}

/// An element's text, with block boundaries as line breaks.
fn block_text(element: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if BLOCKS.contains(&e.name()) || e.name() == "br" => text.push('\n'),
            _ => {}
        }
    }
    text
}

/// The symbol from `<meta name="symbol">` (or Dublin Core identifier) or a `<title>` that starts
/// with one.
fn head_hints(html: &Html) -> FormatHints {
    let mut hints = FormatHints::default();
    for node in html.tree.nodes() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let e = element.value();
        let symbol = match e.name() {
            "meta" => e
                .attr("name")
                .filter(|n| {
                    ["symbol", "dc.identifier", "dcterms.identifier"]
                        .contains(&n.to_ascii_lowercase().as_str())
                })
                .and_then(|_| e.attr("content"))
                .and_then(markup::as_symbol),
            "title" => {
                let title = element.text().collect::<String>();
                let first = title
                    .split([' ', '\u{2013}', '\u{2014}', ':'])
                    .find(|w| !w.is_empty());
                markup::as_symbol(&title).or_else(|| first.and_then(markup::as_symbol))
            }
            _ => None,
        };
        if symbol.is_some() && (hints.symbol.is_none() || e.name() == "meta") {
            hints.symbol = symbol;
        }
    }
    hints
}
