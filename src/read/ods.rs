//! The text form of documents exported from the UN Official Document System (ODS).
//!
//! Such exports put `[DU1]` artefacts around the body and, after the footnotes, a distribution
//! block delimited by `<<ODS JOB NO>>`/`<<ODS DOC SYMBOL1>>` markers that repeats the symbol,
//! distribution date, session and agenda item. The body ends where that block starts.

use std::sync::LazyLock;

use regex::Regex;

use super::masthead::read_masthead;
use super::{normalise_text, FormatHints, SourceFormat, SourceText};
use crate::pattern::Literal;

const JOB_MARKER: &str = "<<ODS JOB NO>>";

/// True when the text carries ODS export markers.
pub fn is_ods_text(text: &str) -> bool {
    // SIMD substring searches (memchr) whose searchers are built once: every plain-text file
    // goes through this test, and building a searcher costs more than searching a short file.
    static JOB: Literal = Literal::new(JOB_MARKER);
    static SYMBOL: Literal = Literal::new("<<ODS DOC SYMBOL1>>");
    JOB.is_in(text.as_bytes()) || SYMBOL.is_in(text.as_bytes())
}

/// Splits the export into body and distribution block and reads the block's metadata.
pub fn read(text: &str) -> SourceText {
    let text = normalise_text(text);
    let (body, block) = match text.find(JOB_MARKER) {
        Some(at) => text.split_at(at),
        None => (text.as_str(), ""),
    };
    let body = body
        .lines()
        .map(|line| line.replace("[DU1]", ""))
        .collect::<Vec<_>>()
        .join("\n");
    SourceText {
        text: body.trim_matches('\n').to_owned(),
        format: SourceFormat::OdsText,
        hints: distribution_block_hints(block),
    }
}

fn distribution_block_hints(block: &str) -> FormatHints {
    static SYMBOL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<<ODS DOC SYMBOL1>>\s*([^<\s][^<]*?)\s*<<").unwrap());
    let mut hints = FormatHints {
        symbol: SYMBOL.captures(block).map(|c| c[1].trim().to_owned()),
        ..FormatHints::default()
    };
    read_masthead(block, &mut hints);
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_distribution_block_of_the_seed() {
        let text = "[DU1]\nResolution adopted by the General Assembly\n\n1 Ibid.\n[DU1]<<ODS JOB NO>>N0848015E<<ODS JOB NO>>\n<<ODS DOC SYMBOL1>>A/RES/63/156<<ODS DOC SYMBOL1>>\n\nUnited NationsA/RES/63/156General AssemblyDistr.: General\n30 January 2009Sixty-third session\nAgenda item 56 (a)\n\n08-48015\n";
        let read = read(text);
        assert!(read.text.ends_with("1 Ibid."));
        assert!(!read.text.contains("DU1"));
        assert_eq!(read.hints.symbol.as_deref(), Some("A/RES/63/156"));
        assert_eq!(
            read.hints.distribution_date.as_deref(),
            Some("30 January 2009")
        );
        assert_eq!(read.hints.session.as_deref(), Some("Sixty-third session"));
        assert_eq!(read.hints.agenda_item.as_deref(), Some("56 (a)"));
        assert_eq!(read.hints.job_number.as_deref(), Some("08-48015"));
    }
}
