//! Glyphs as `pdf-extract` lays them out: one record per character shown, with its position,
//! size and advance in page space (points, origin at the top left of the media box).

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// One character shown on a page.
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Left edge of the glyph.
    pub x: f64,
    /// Baseline, measured down from the top of the page.
    pub y: f64,
    /// Font size after the text and graphics matrices (points).
    pub size: f64,
    /// Horizontal advance (points).
    pub advance: f64,
    /// The character(s) the glyph stands for.
    pub text: String,
}

impl Glyph {
    /// True for a space glyph (or one that decodes to nothing visible).
    pub fn is_blank(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// The glyphs of one page in content-stream order.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub height: f64,
    pub glyphs: Vec<Glyph>,
}

/// An [`OutputDev`] that records glyphs instead of writing text, so that layout decisions
/// (superscripts, page furniture, footnote zone) can be made with positions and sizes.
#[derive(Default)]
pub struct GlyphCollector {
    pub page: Page,
    top: f64,
}

impl OutputDev for GlyphCollector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.top = media_box.ury;
        self.page = Page {
            height: (media_box.ury - media_box.lly).abs(),
            glyphs: Vec::new(),
        };
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        if !size.is_finite() || size <= 0.0 || text.is_empty() {
            return Ok(());
        }
        self.page.glyphs.push(Glyph {
            x: trm.m31,
            y: self.top - trm.m32,
            size,
            advance: width * size,
            text: text.to_owned(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
