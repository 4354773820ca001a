//! From the lines of each page to the clean text the structure stage reads: page furniture
//! (running headers and footers, the first page's masthead) is removed and read for hints,
//! footnotes are moved from the foot of each page to the end, and body lines are rejoined into
//! one line per paragraph, paragraphs being told apart by their first-line indent, the space
//! above them or (across a page break) a short last line before them. A page printed from the
//! web may instead list its notes after the text; they are moved to the notes as well.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use crate::read::masthead::read_masthead;
use crate::read::FormatHints;

/// Running headers and footers live in this share of the page height at the top and bottom.
const FURNITURE_MARGIN: f64 = 0.12;

/// Lines of the first page looked past for the start of the masthead.
const MASTHEAD_LOOKAHEAD: usize = 3;

/// The lines of one page.
pub struct PageLines {
    pub height: f64,
    pub lines: Vec<Line>,
}

/// What a page's lines were sorted into.
#[derive(Default)]
struct Zones {
    body: Vec<Line>,
    notes: Vec<Line>,
}

/// The text of the document and the hints read from its furniture.
pub fn lay_out(pages: Vec<PageLines>) -> (String, FormatHints) {
    let mut hints = FormatHints::default();
    let mut body = Vec::new();
    let mut notes = Vec::new();
    let body_size = body_size(&pages);
    for (index, page) in pages.into_iter().enumerate() {
        let zones = split_page(page, index == 0, body_size, &mut hints);
        body.push(zones.body);
        notes.extend(zones.notes);
    }
    if notes.is_empty() {
        notes = listed_notes(&mut body);
    }
    let mut text = paragraphs(&body).join("\n\n");
    let notes = footnotes(&notes);
    if !notes.is_empty() {
        text.push_str("\n\n");
        text.push_str(&notes.join("\n"));
    }
    (text, hints)
}

/// The size most body text is set in, weighted by line length.
fn body_size(pages: &[PageLines]) -> f64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for line in pages.iter().flat_map(|p| &p.lines) {
        let key = (line.size * 10.0).round() as i64;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += line.text.len(),
            None => counts.push((key, line.text.len())),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(key, n)| (n, key))
        .map_or(10.0, |(key, _)| key as f64 / 10.0)
}

/// Sorts a page's lines into body and footnotes, dropping furniture (and reading the first
/// page's masthead and job number into `hints`).
fn split_page(page: PageLines, first: bool, body_size: f64, hints: &mut FormatHints) -> Zones {
    static JOB_NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{2}-\d{5})\b").unwrap());
    static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b([A-Z]{1,2}/(?:[A-Z0-9.-]+/)*[A-Z0-9.-]*\d[A-Z0-9.-]*(?: \(\d{4}\))?)")
            .unwrap()
    });
    let mut lines = page.lines;
    if first {
        // A few lines may come before the masthead (a web page's navigation printed with it):
        // they are furniture too.
        let masthead_start = lines
            .iter()
            .take(MASTHEAD_LOOKAHEAD + 1)
            .position(|l| is_masthead(&l.text))
            .unwrap_or(0);
        let masthead_end = lines[masthead_start..]
            .iter()
            .position(|l| !is_masthead(&l.text))
            .map_or(lines.len(), |n| masthead_start + n);
        let masthead: Vec<String> = lines
            .drain(..masthead_end)
            .skip(masthead_start)
            .map(|l| l.text)
            .collect();
        let masthead = masthead.join("\n");
        hints.symbol = SYMBOL.captures(&masthead).map(|c| c[1].to_owned());
        read_masthead(&masthead, hints);
    }
    let mut zones = Zones::default();
    let mut in_notes = false;
    for line in lines {
        let near_edge = line.y < page.height * FURNITURE_MARGIN
            || line.y > page.height * (1.0 - FURNITURE_MARGIN);
        // Running headers also repeat the short title, set smaller than the body text.
        let running_title =
            !first && line.y < page.height * FURNITURE_MARGIN && line.size < 0.95 * body_size;
        let furniture = near_edge && line.leading_marker.is_none() && is_furniture(&line.text);
        if running_title || furniture {
            if first && hints.job_number.is_none() {
                hints.job_number = JOB_NUMBER.captures(&line.text).map(|c| c[1].to_owned());
            }
            continue;
        }
        if is_rule(&line.text) {
            in_notes = true;
            continue;
        }
        // Without a printed rule, notes are the run of smaller lines that opens with a number.
        if !in_notes && line.leading_marker.is_some() && line.size < 0.9 * body_size {
            in_notes = true;
        }
        if in_notes {
            zones.notes.push(line);
        } else {
            zones.body.push(line);
        }
    }
    zones
}

/// Lines of the first page's masthead: "United Nations A/RES/73/7", "General Assembly Distr.:
/// General", "31 October 2018", "Seventy-third session", "Agenda item 77".
fn is_masthead(text: &str) -> bool {
    static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:United Nations|General Assembly|Security Council|Economic and Social Council|Distr\.|Original:|Agenda items? |\d{1,2} [A-Z][a-z]+ \d{4}$|(?:[A-Z][a-z]+-)?[A-Za-z]+(?:-[a-z]+)? (?:special |emergency special )?session$|[A-Z]{1,2}/\S+(?: \(\d{4}\))?$)").unwrap()
    });
    MASTHEAD.is_match(text)
}

/// Running headers and footers consist of symbols, page counters ("2/10"), job numbers
/// ("18-16895 (E) 021118") and bar codes ("*1816895*") only.
fn is_furniture(text: &str) -> bool {
    static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[A-Z]{1,2}/\S+|\(\d{4}\)|\d{1,3}/\d{1,3}|\d{2}-\d{5}|\([A-Z]\)|\d{6}|\*\d{5,}\*|Page|\d{1,3})$").unwrap()
    });
    text.split_whitespace().all(|token| TOKEN.is_match(token))
}

/// The rule printed above a page's footnotes.
fn is_rule(text: &str) -> bool {
    text.len() >= 5 && text.chars().all(|c| c == '_')
}

/// Rejoins body lines into paragraphs, one line each: a paragraph starts where a line is
/// indented from (or hangs out of) the text margin, after a wide vertical gap, or with a
/// bracket (the committee line); the meeting and date of the trailer stay on lines of their own.
fn paragraphs(pages: &[Vec<Line>]) -> Vec<String> {
    static TRAILER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d+(?:st|nd|rd|th) (?:plenary )?meeting|\d{1,2} [A-Z][a-z]+ \d{4})$")
            .unwrap()
    });
    let margin = text_margin(pages);
    let right = pages.iter().flatten().map(|l| l.end).fold(0.0, f64::max);
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut last_of_page: Option<&Line> = None;
    for page in pages {
        let mut previous: Option<&Line> = None;
        for line in page {
            let indented = (line.x - margin).abs() > 0.8 * line.size;
            let spaced = previous.is_some_and(|p| line.y - p.y > 1.8 * line.size.max(p.size));
            // Across a page break there is no gap to see: a paragraph ended on the page before
            // if the first word of this line would have fitted on its last line.
            let ended =
                previous.is_none() && last_of_page.is_some_and(|p| ended_short(p, line, right));
            let trailer = TRAILER.is_match(&line.text)
                && blocks
                    .last()
                    .is_some_and(|b| b.len() == 1 && TRAILER.is_match(&b[0]));
            let starts =
                blocks.is_empty() || indented || spaced || ended || line.text.starts_with('[');
            if trailer {
                let last = blocks.last_mut().expect("checked above");
                last[0].push('\n');
                last[0].push_str(&line.text);
            } else if starts {
                blocks.push(vec![line.text.clone()]);
            } else {
                blocks
                    .last_mut()
                    .expect("checked above")
                    .push(line.text.clone());
            }
            previous = Some(line);
        }
        last_of_page = previous.or(last_of_page);
    }
    blocks.iter().map(|b| join_printed_lines(b)).collect()
}

/// True when `last` ends short of the right edge of the text by more than the first word of
/// `next` and a space: a line is only broken when the next word does not fit, so `last` ended
/// its paragraph. A line ending in a hyphen was broken inside a compound and says nothing.
fn ended_short(last: &Line, next: &Line, right: f64) -> bool {
    let word = next.first_word_end - next.x;
    !last.text.ends_with(['-', '\u{ad}']) && last.end + 0.25 * next.size + word < right
}

/// The left edge most body lines start at.
fn text_margin(pages: &[Vec<Line>]) -> f64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for line in pages.iter().flatten() {
        let key = line.x.round() as i64;
        match counts.iter_mut().find(|(k, _)| (*k - key).abs() <= 1) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or(0.0, |(key, _)| key as f64)
}

/// Joins printed lines into one. UN documents do not divide words at line ends, so a
/// line-final hyphen belongs to a compound and is kept ("post-conflict", "seventy-fourth");
/// justification may set it apart ("post -"), which is closed up. A soft hyphen is dropped.
fn join_printed_lines(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        if let Some(stem) = out
            .strip_suffix(" -")
            .filter(|s| s.ends_with(char::is_alphabetic))
        {
            out.truncate(stem.len());
            out.push('-');
        }
        if out.ends_with('\u{ad}') {
            out.pop();
        } else if !out.is_empty() && !out.ends_with('-') && !out.ends_with('\n') {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Notes printed as a numbered list after the text ("1. United Nations, Treaty Series …"), as
/// in a web page printed to PDF: the last run of lines numbered from 1, with the lines of each
/// item set further right than the numbers, when it has as many items as the highest
/// superscript marker of the text before it (else it is the text's own numbered paragraphs).
/// The run is taken out of the body and numbered as footnotes are ("1 United Nations …"),
/// without the web page's links back to the markers ("↩").
fn listed_notes(pages: &mut [Vec<Line>]) -> Vec<Line> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,3})\. (\S.*)$").unwrap());
    let lines: Vec<&Line> = pages.iter().flatten().collect();
    let number = |line: &Line| {
        ITEM.captures(&line.text)
            .and_then(|c| c[1].parse::<u32>().ok())
    };
    let Some(start) = lines.iter().rposition(|l| number(l) == Some(1)) else {
        return Vec::new();
    };
    let mut count = 0;
    let mut indent = f64::INFINITY;
    let mut end = start;
    for line in &lines[start..] {
        match number(line) {
            Some(n) if n == count + 1 => {
                count = n;
                indent = indent.min(line.x);
            }
            _ if line.x > indent + 0.5 * line.size => {}
            _ => break,
        }
        end += 1;
    }
    let highest = lines[..start].iter().filter_map(|l| l.highest_marker).max();
    if highest != Some(count) {
        return Vec::new();
    }
    // Take lines start..end (in reading order, possibly over several pages) out of the body.
    let mut notes = Vec::new();
    let mut index = 0;
    for page in pages.iter_mut() {
        let (first, last) = (index, index + page.len());
        index = last;
        let (from, to) = (
            start.clamp(first, last) - first,
            end.clamp(first, last) - first,
        );
        for mut line in page.drain(from..to) {
            line.text = ITEM
                .replace(&line.text, "$1 $2")
                .trim_end_matches('\u{21a9}')
                .trim_end()
                .to_owned();
            notes.push(line);
        }
    }
    notes
}

/// Collects notes as "1 Text of the note" lines, continuation lines (also across pages)
/// joined to their note.
fn footnotes(lines: &[Line]) -> Vec<String> {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,3}) (\S.*)$").unwrap());
    let mut notes: Vec<(u32, Vec<String>)> = Vec::new();
    for line in lines {
        let expected = notes.last().map_or(1, |(n, _)| n + 1);
        let start = match line.leading_marker {
            Some(n) => Some((n, line.text[n.to_string().len()..].trim().to_owned())),
            None => NUMBERED
                .captures(&line.text)
                .filter(|c| c[1].parse() == Ok(expected))
                .map(|c| (expected, c[2].to_owned())),
        };
        match start {
            Some((number, text)) => notes.push((number, vec![text])),
            None => match notes.last_mut() {
                Some((_, lines)) => lines.push(line.text.clone()),
                None => continue,
            },
        }
    }
    notes
        .into_iter()
        .map(|(number, lines)| format!("{number} {}", join_printed_lines(&lines)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_furniture_from_text() {
        assert!(is_furniture("2/5 18-18142"));
        assert!(is_furniture("18-16895 (E) 241018"));
        assert!(is_furniture("*1816895*"));
        assert!(is_furniture("A/RES/73/7"));
        assert!(!is_furniture("28th plenary meeting"));
        assert!(is_masthead("General Assembly Distr.: General"));
        assert!(is_masthead("Seventy-third session"));
        assert!(!is_masthead(
            "Resolution adopted by the General Assembly on"
        ));
    }

    #[test]
    fn joins_lines_keeping_compound_hyphens() {
        let lines = [
            "in conflict and post -",
            "conflict societies, at its seventy-",
            "fourth Confer\u{ad}",
            "ence",
        ];
        let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            join_printed_lines(&lines),
            "in conflict and post-conflict societies, at its seventy-fourth Conference"
        );
    }
}
