//! Articles and parts cited with an instrument: "article 7 of the International Covenant on
//! Civil and Political Rights", "Chapter VII of the Charter", "Articles 39 and 40 of the Charter".

use std::sync::LazyLock;

use regex::Regex;

static BEFORE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b((?:articles?|chapters?|parts?|annex(?:es)?|common article)\s+[0-9IVXLC]+(?:\s*\([a-z0-9]+\))*(?:(?:\s*,\s*|\s+and\s+|\s+to\s+|-)[0-9IVXLC]+(?:\s*\([a-z0-9]+\))*)*)(?:,?\s+(?:paragraph|para\.)\s+\d+(?:\s*\([a-z]\))?)?\s+of\s+(?:the\s+)?$").unwrap()
});

/// The article or part named right before an instrument title, if any.
pub fn article_before(text_before: &str) -> Option<String> {
    BEFORE_TITLE
        .captures(super::tail(text_before, 120))
        .map(|c| c[1].to_owned())
}

#[cfg(test)]
mod tests {
    use super::article_before;

    #[test]
    fn reads_articles_and_chapters() {
        assert_eq!(
            article_before("Acting under Chapter VII of the ").as_deref(),
            Some("Chapter VII")
        );
        assert_eq!(
            article_before("in violation of article 7 of the ").as_deref(),
            Some("article 7")
        );
        assert_eq!(
            article_before("Acting under Articles 39 and 40 of the ").as_deref(),
            Some("Articles 39 and 40")
        );
        assert_eq!(article_before("the provisions of the "), None);
    }
}
