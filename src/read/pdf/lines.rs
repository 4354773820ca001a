//! From glyphs to text lines: glyphs are grouped by baseline, superscripts are attached to the
//! line they stand over, and words are rebuilt from the gaps between glyphs rather than from
//! the PDF's own (kerning-broken) text chunks.

use super::glyphs::Glyph;

/// A superscript is set at most this share of the size of the line it belongs to…
const SUPERSCRIPT_SIZE: f64 = 0.85;
/// …and raised by at least this share of the line's size.
const SUPERSCRIPT_RISE: f64 = 0.15;
/// Glyphs whose baselines differ by less than this share of their size are on one line.
const BASELINE_TOLERANCE: f64 = 0.2;
/// A horizontal gap wider than this share of the size separates words (kerning stays below).
const WORD_GAP: f64 = 0.15;

/// One line of text on a page.
#[derive(Debug, Clone)]
pub struct Line {
    /// Baseline, measured down from the top of the page.
    pub y: f64,
    /// Left edge of the first glyph.
    pub x: f64,
    /// Right edge of the last glyph.
    pub end: f64,
    /// Right edge of the first word: whether it would have fitted at the end of the line
    /// before tells a paragraph break from a line break.
    pub first_word_end: f64,
    /// Dominant font size.
    pub size: f64,
    /// Text with words separated by single spaces and superscript digits glued to the word
    /// they follow ("Statute1").
    pub text: String,
    /// The superscript number the line starts with, as footnotes print theirs ("¹ United …").
    pub leading_marker: Option<u32>,
    /// The highest superscript number in the line.
    pub highest_marker: Option<u32>,
}

/// Glyphs on one baseline, before superscripts are attached.
struct Cluster {
    y: f64,
    size: f64,
    glyphs: Vec<(Glyph, bool)>,
}

/// Lays out the glyphs of one page as lines, top to bottom.
pub fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut sorted: Vec<&Glyph> = glyphs.iter().collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut clusters: Vec<Cluster> = Vec::new();
    for glyph in sorted {
        match clusters.last_mut() {
            Some(c) if (glyph.y - c.y).abs() <= BASELINE_TOLERANCE * glyph.size.max(c.size) => {
                c.glyphs.push((glyph.clone(), false));
            }
            _ => clusters.push(Cluster {
                y: glyph.y,
                size: 0.0,
                glyphs: vec![(glyph.clone(), false)],
            }),
        }
    }
    for c in &mut clusters {
        c.size = dominant_size(c.glyphs.iter().map(|(g, _)| g));
    }
    attach_superscripts(&mut clusters);
    clusters
        .into_iter()
        .filter_map(|c| {
            let line = build_line(c);
            (!line.text.is_empty()).then_some(line)
        })
        .collect()
}

/// The font size most of the visible glyphs are set in.
pub fn dominant_size<'a>(glyphs: impl Iterator<Item = &'a Glyph>) -> f64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for g in glyphs.filter(|g| !g.is_blank()) {
        let key = (g.size * 10.0).round() as i64;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(key, n)| (n, key))
        .map_or(0.0, |(key, _)| key as f64 / 10.0)
}

/// Moves clusters of small glyphs set just above a larger line into that line, flagged as
/// raised: superscript markers in the body and the numbers footnotes start with.
fn attach_superscripts(clusters: &mut Vec<Cluster>) {
    let mut i = 0;
    while i < clusters.len() {
        let small = clusters[i].size;
        let host = (i + 1..clusters.len())
            .take_while(|&j| clusters[j].y - clusters[i].y <= clusters[j].size * 0.7)
            .find(|&j| {
                let rise = clusters[j].y - clusters[i].y;
                small > 0.0
                    && small <= SUPERSCRIPT_SIZE * clusters[j].size
                    && rise >= SUPERSCRIPT_RISE * clusters[j].size
            });
        match host {
            Some(j) => {
                let moved = clusters.remove(i);
                clusters[j - 1]
                    .glyphs
                    .extend(moved.glyphs.into_iter().map(|(g, _)| (g, true)));
            }
            None => i += 1,
        }
    }
}

fn build_line(cluster: Cluster) -> Line {
    let size = cluster.size;
    let mut glyphs = cluster.glyphs;
    glyphs.sort_by(|a, b| a.0.x.total_cmp(&b.0.x));
    let mut text = String::new();
    let mut leading_marker = String::new();
    let mut x = None;
    let mut previous_end: Option<f64> = None;
    let mut pending_space = false;
    let mut previous_was_marker = false;
    let mut first_word_end = None;
    let mut marker_digits = String::new();
    let mut highest_marker = None;
    for (glyph, raised) in &glyphs {
        if glyph.is_blank() {
            pending_space = true;
            continue;
        }
        let gap = previous_end.map_or(0.0, |end| glyph.x - end);
        let marker = *raised && glyph.text.chars().all(|c| c.is_ascii_digit());
        let starts_word = pending_space || gap > WORD_GAP * size;
        if !text.is_empty() && starts_word && first_word_end.is_none() {
            first_word_end = previous_end;
        }
        if text.is_empty() {
            x = Some(glyph.x);
        } else if marker {
            // Markers are glued to the word they annotate ("Court 1" → "Court1").
            if !previous_was_marker && starts_word && text.ends_with(|c: char| c.is_ascii_digit()) {
                text.push(' ');
            }
        } else if starts_word
            || (previous_was_marker && glyph.text.starts_with(char::is_alphanumeric))
        {
            text.push(' ');
        }
        if marker && (text.is_empty() || text == leading_marker) {
            leading_marker.push_str(&glyph.text);
        }
        if marker {
            if !previous_was_marker {
                marker_digits.clear();
            }
            marker_digits.push_str(&glyph.text);
            highest_marker = highest_marker.max(marker_digits.parse().ok());
        }
        text.push_str(&glyph.text);
        previous_end = Some(glyph.x + glyph.advance);
        pending_space = false;
        previous_was_marker = marker;
    }
    let end = previous_end.unwrap_or(0.0);
    Line {
        y: cluster.y,
        x: x.unwrap_or(0.0),
        end,
        first_word_end: first_word_end.unwrap_or(end),
        size,
        text,
        leading_marker: leading_marker.parse().ok(),
        highest_marker,
    }
}
