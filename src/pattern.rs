//! Regular expressions that run on ASCII classes whenever that cannot change a match.
//!
//! Unicode classes (`\w`, `\d`, `\s`, `\b`, case folding) make the regex engine's automata
//! large: a title pattern with a few counted repetitions of `\w` overflows the lazy DFA's cache
//! on every paragraph and falls back to the slow PikeVM, which made it the hot spot of
//! extraction. The same pattern with ASCII classes is over twenty times faster. Both give the
//! same matches on a text whose non-ASCII characters are neither word characters nor white
//! space — the case of almost every paragraph of a UN resolution, whose non-ASCII characters
//! are typographic quotes and dashes — because then `\w`, `\d`, `\s`, `\b` and ASCII case
//! folding (which in Unicode mode also reaches the Kelvin sign and the long s, both letters)
//! see exactly the same characters. [`Pattern`] keeps both builds and picks per text.

use regex::{Regex, RegexBuilder};

/// Room for the lazy DFA of the Unicode build (the regex crate's default is 2 MiB, which large
/// patterns with Unicode classes outgrow, so that their cache is cleared again and again). It
/// is an upper bound: the cache grows only as far as a search needs.
const UNICODE_DFA_LIMIT: usize = 16 << 20;

/// One regular expression, compiled with Unicode classes and, when the pattern allows it, with
/// ASCII ones. A pattern allows it when it cannot match invalid UTF-8 in ASCII mode: no `.`,
/// no negated class and no non-ASCII character inside a class (write `(?:[\w.-]|’)`, or
/// `(?u:[^)])` for a negated class, which keeps its Unicode meaning in both builds).
#[derive(Debug, Clone)]
pub struct Pattern {
    unicode: Regex,
    ascii: Option<Regex>,
}

impl Pattern {
    /// Compiles `pattern`; panics on a syntax error, like `Regex::new(..).unwrap()` on the
    /// constant patterns this is made for.
    pub fn new(pattern: &str) -> Pattern {
        let unicode = RegexBuilder::new(pattern)
            .dfa_size_limit(UNICODE_DFA_LIMIT)
            .build()
            .unwrap_or_else(|e| panic!("invalid pattern {pattern}: {e}"));
        let ascii = RegexBuilder::new(pattern).unicode(false).build().ok();
        Pattern { unicode, ascii }
    }

    /// The build to search `text` with: ASCII when it gives the same matches, else Unicode.
    pub fn on(&self, text: &str) -> &Regex {
        match &self.ascii {
            Some(ascii) if ascii_equivalent(text) => ascii,
            _ => &self.unicode,
        }
    }

    /// Whether the pattern has an ASCII build (tests check that the hot patterns keep one).
    pub fn has_ascii_build(&self) -> bool {
        self.ascii.is_some()
    }
}

/// Whether ASCII classes see `text` as Unicode classes do: no non-ASCII character of `text` is
/// a word character (which includes letters and digits) or white space.
pub fn ascii_equivalent(text: &str) -> bool {
    text.is_ascii()
        || text
            .chars()
            .all(|c| c.is_ascii() || !(c.is_whitespace() || regex_syntax::is_word_character(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_build_only_where_it_cannot_differ() {
        let word = Pattern::new(r"\b[A-Z]\w+\s+of\b");
        assert!(word.has_ascii_build());
        // Typographic quotes and dashes keep the ASCII build; a letter or a no-break space
        // outside ASCII does not, and the Unicode build then finds what ASCII would miss.
        assert!(ascii_equivalent("the “Treaty” — of ‘2000’"));
        assert!(!ascii_equivalent("Côte d’Ivoire"));
        assert!(!ascii_equivalent("Treaty\u{a0}of"));
        let text = "Treaty\u{a0}of Côte";
        assert_eq!(
            word.on(text).find(text).map(|m| m.as_str()),
            Some("Treaty\u{a0}of")
        );
        assert_eq!(
            word.on("Treaty of").find("Treaty of").map(|m| m.end()),
            Some(9)
        );
        // A negated class cannot be built for ASCII; the pattern still works.
        let negated = Pattern::new(r"\([^)]+\)");
        assert!(!negated.has_ascii_build());
        assert_eq!(negated.on("(ab)").find("(ab)").map(|m| m.end()), Some(4));
    }
}
