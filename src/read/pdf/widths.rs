//! CID font widths in the form `pdf-extract` reads. The `/W` array of a CIDFont gives widths
//! in two forms: `c [w₁ w₂ …]` (consecutive CIDs from `c`) and `c_first c_last w` (one width for
//! a range). `pdf-extract` 0.12 reads only the first: it takes a range's operands from the
//! wrong places and fills an empty range, so every glyph of a range gets the font's default
//! width. Glyph positions are accumulated from widths, so the glyphs after such a glyph drift
//! right until the next positioning operator puts them back: the next word lands inside the
//! previous one ("ImmediAatcet") and a superscript marker before a word's last letter
//! ("Chil3 d"). Skia (Chromium's "Print to PDF") writes ranges for runs of equal widths.
//!
//! Before extraction each range is rewritten as the equivalent explicit list, which changes
//! nothing for a correct reader.

use pdf_extract::{Dictionary, Document, Object};

/// Most width entries written out for ranges in one document: CIDs are 16-bit in practice, so
/// this leaves room for many fonts while bounding what a hostile file can make us allocate.
const MAX_EXPANDED: usize = 1 << 20;

/// Rewrites the width ranges of every CIDFont in the document as explicit lists.
pub fn expand_ranges(doc: &mut Document) {
    let mut budget = MAX_EXPANDED;
    let ids: Vec<_> = doc.objects.keys().copied().collect();
    for id in ids {
        // The CIDFont dictionary, or a Type0 font holding it inline in /DescendantFonts.
        let Some(Object::Dictionary(dict)) = doc.objects.get(&id) else {
            continue;
        };
        let referenced = match dict.get(b"W") {
            Ok(Object::Reference(target)) if is_cid_font(dict) => Some(*target),
            _ => None,
        };
        if let Some(target) = referenced {
            if let Some(Object::Array(widths)) = doc.objects.get(&target) {
                if let Some(expanded) = expanded(widths, &mut budget) {
                    doc.objects.insert(target, Object::Array(expanded));
                }
            }
            continue;
        }
        let Some(Object::Dictionary(dict)) = doc.objects.get_mut(&id) else {
            continue;
        };
        expand_inline(dict, &mut budget);
        if let Ok(Object::Array(descendants)) = dict.get_mut(b"DescendantFonts") {
            for descendant in descendants {
                if let Object::Dictionary(font) = descendant {
                    expand_inline(font, &mut budget);
                }
            }
        }
    }
}

fn is_cid_font(dict: &Dictionary) -> bool {
    matches!(
        dict.get(b"Subtype").and_then(Object::as_name),
        Ok(b"CIDFontType0" | b"CIDFontType2")
    )
}

/// Expands the ranges of a CIDFont dictionary whose `/W` array is written inline.
fn expand_inline(dict: &mut Dictionary, budget: &mut usize) {
    if !is_cid_font(dict) {
        return;
    }
    if let Ok(Object::Array(widths)) = dict.get_mut(b"W") {
        if let Some(expanded) = expanded(widths, budget) {
            *widths = expanded;
        }
    }
}

/// The `/W` array with its ranges written as lists, or `None` when it has no range to expand
/// (or is malformed, in which case it is left to the reader as it is). A range larger than
/// what is left of the budget is kept as a range.
fn expanded(widths: &[Object], budget: &mut usize) -> Option<Vec<Object>> {
    let mut out = Vec::with_capacity(widths.len());
    let mut changed = false;
    let mut i = 0;
    while i < widths.len() {
        match widths.get(i + 1)? {
            Object::Array(_) => {
                out.extend_from_slice(&widths[i..i + 2]);
                i += 2;
            }
            last => {
                let first = widths[i].as_i64().ok()?;
                let last = last.as_i64().ok()?;
                let width = widths.get(i + 2)?;
                let count = usize::try_from(last - first + 1).ok()?;
                if count <= *budget {
                    *budget -= count;
                    out.push(Object::Integer(first));
                    out.push(Object::Array(vec![width.clone(); count]));
                    changed = true;
                } else {
                    out.extend_from_slice(&widths[i..i + 3]);
                }
                i += 3;
            }
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_become_lists() {
        let w = vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(250)]),
            Object::Integer(11),
            Object::Integer(12),
            Object::Real(333.0),
            Object::Integer(76),
            Object::Integer(77),
            Object::Integer(278),
        ];
        let mut budget = MAX_EXPANDED;
        let out = expanded(&w, &mut budget).unwrap();
        assert_eq!(
            out,
            vec![
                Object::Integer(3),
                Object::Array(vec![Object::Integer(250)]),
                Object::Integer(11),
                Object::Array(vec![Object::Real(333.0); 2]),
                Object::Integer(76),
                Object::Array(vec![Object::Integer(278); 2]),
            ]
        );
        assert_eq!(budget, MAX_EXPANDED - 4);
        // Lists only: nothing to do. Over the budget: the range stays as it is.
        assert_eq!(expanded(&w[..2], &mut budget), None);
        let huge = [
            Object::Integer(0),
            Object::Integer(1 << 30),
            Object::Integer(1),
        ];
        assert_eq!(expanded(&huge, &mut budget), None);
        // A reversed range is malformed.
        let reversed = [Object::Integer(9), Object::Integer(1), Object::Integer(1)];
        assert_eq!(expanded(&reversed, &mut budget), None);
    }
}
