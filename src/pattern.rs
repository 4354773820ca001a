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

use std::sync::OnceLock;

use regex::{CaptureMatches, Captures, Match, Matches, Regex, RegexBuilder};

/// Room for the lazy DFA of the Unicode build (the regex crate's default is 2 MiB, which large
/// patterns with Unicode classes outgrow, so that their cache is cleared again and again). It
/// is an upper bound: the cache grows only as far as a search needs.
const UNICODE_DFA_LIMIT: usize = 16 << 20;

/// One regular expression, compiled with Unicode classes and with ASCII ones. The ASCII build
/// must not be able to match invalid UTF-8: no `.`, `\S` or negated class outside `(?u:…)`
/// (which keeps its Unicode meaning in both builds: `(?u:[^)])+`, `(?u:\S.*)`) and no non-ASCII
/// character inside a class (write `(?:[\w.-]|’)`).
///
/// The Unicode build is compiled when a text first needs it: most texts never do, and compiling
/// every pattern's Unicode build up front was most of a run's start-up (~0.1 s).
#[derive(Debug, Clone)]
pub struct Pattern {
    source: Box<str>,
    unicode: OnceLock<Regex>,
    ascii: Regex,
}

impl Pattern {
    /// Compiles `pattern`; panics on a syntax error or a pattern without an ASCII build, like
    /// `Regex::new(..).unwrap()` on the constant patterns this is made for. (The ASCII build
    /// accepts fewer patterns than the Unicode one, so a pattern that compiles here has both.)
    pub fn new(pattern: &str) -> Pattern {
        let ascii = RegexBuilder::new(pattern)
            .unicode(false)
            .build()
            .unwrap_or_else(|e| panic!("pattern without an ASCII build {pattern}: {e}"));
        let pattern = Pattern {
            source: pattern.into(),
            unicode: OnceLock::new(),
            ascii,
        };
        // Unit tests build every pattern they touch (the corpus tests touch them all) in both
        // forms, so that a Unicode build over the regex size limits fails there, not in use.
        #[cfg(test)]
        pattern.unicode();
        pattern
    }

    /// The build to search `text` with: ASCII when it gives the same matches, else Unicode.
    fn on(&self, text: &str) -> &Regex {
        if ascii_equivalent(text) {
            &self.ascii
        } else {
            self.unicode()
        }
    }

    /// The ASCII build, for tests of what a fast path takes for a word character.
    #[cfg(test)]
    pub fn ascii(&self) -> &Regex {
        &self.ascii
    }

    fn unicode(&self) -> &Regex {
        self.unicode.get_or_init(|| {
            RegexBuilder::new(&self.source)
                .dfa_size_limit(UNICODE_DFA_LIMIT)
                .build()
                .unwrap_or_else(|e| panic!("invalid pattern {}: {e}", self.source))
        })
    }

    /// [`Regex::is_match`].
    pub fn is_match(&self, text: &str) -> bool {
        self.on(text).is_match(text)
    }

    /// [`Regex::find`].
    pub fn find<'h>(&self, text: &'h str) -> Option<Match<'h>> {
        self.on(text).find(text)
    }

    /// [`Regex::find_iter`].
    pub fn find_iter<'r, 'h>(&'r self, text: &'h str) -> Matches<'r, 'h> {
        self.on(text).find_iter(text)
    }

    /// [`Regex::find_at`]: the leftmost match that starts at `start` or after it; the text
    /// before `start` is still seen by look-around such as `\b`.
    pub fn find_at<'h>(&self, text: &'h str, start: usize) -> Option<Match<'h>> {
        self.on(text).find_at(text, start)
    }

    /// The matches [`Regex::find_iter`] finds that start at `start` or after it, if none it
    /// finds starts before `start` and ends after it (no match straddles `start`). For patterns
    /// that never match the empty string.
    pub fn find_iter_at<'h>(
        &self,
        text: &'h str,
        start: usize,
    ) -> impl Iterator<Item = Match<'h>> + use<'_, 'h> {
        let regex = self.on(text);
        let mut at = start;
        std::iter::from_fn(move || {
            let found = regex.find_at(text, at)?;
            assert!(!found.is_empty(), "a pattern that matches the empty string");
            at = found.end();
            Some(found)
        })
    }

    /// [`Regex::captures`].
    pub fn captures<'h>(&self, text: &'h str) -> Option<Captures<'h>> {
        self.on(text).captures(text)
    }

    /// [`Regex::captures_at`]: like [`Pattern::find_at`], with the groups.
    pub fn captures_at<'h>(&self, text: &'h str, start: usize) -> Option<Captures<'h>> {
        self.on(text).captures_at(text, start)
    }

    /// [`Regex::captures_iter`].
    pub fn captures_iter<'r, 'h>(&'r self, text: &'h str) -> CaptureMatches<'r, 'h> {
        self.on(text).captures_iter(text)
    }
}

/// A fixed string searched for with SIMD (memchr's `memmem`), its searcher built on first use:
/// building one costs more than a search in a paragraph, which `memmem::find` does every call.
pub struct Literal {
    needle: &'static str,
    finder: OnceLock<memchr::memmem::Finder<'static>>,
}

impl Literal {
    pub const fn new(needle: &'static str) -> Literal {
        Literal {
            needle,
            finder: OnceLock::new(),
        }
    }

    /// Whether `text` contains the string.
    pub fn is_in(&self, text: &[u8]) -> bool {
        self.finder().find(text).is_some()
    }

    /// Where the string starts in `text`, each place in turn (occurrences do not overlap).
    pub fn find_iter<'a>(&'a self, text: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
        self.finder().find_iter(text)
    }

    fn finder(&self) -> &memchr::memmem::Finder<'static> {
        self.finder
            .get_or_init(|| memchr::memmem::Finder::new(self.needle))
    }
}

/// Whether a text has any of a few words. The packed SIMD searcher (Teddy) looks for all of
/// them at once; an automaton with the default semantics would step through every byte, and
/// even one with leftmost semantics picks a rare-byte prefilter for some word lists (the verbs)
/// that stops at every "d" or "g". An automaton serves CPUs without the SIMD searcher.
pub struct AnyWord(WordSearcher);

/// The packed SIMD searcher where the CPU has it, else an automaton (built only then: building
/// one costs start-up time for nothing where the packed searcher serves).
enum WordSearcher {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl AnyWord {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str> + Clone) -> AnyWord {
        AnyWord(match aho_corasick::packed::Searcher::new(words.clone()) {
            Some(packed) => WordSearcher::Packed(packed),
            None => WordSearcher::Automaton(
                aho_corasick::AhoCorasickBuilder::new()
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    .build(words)
                    .expect("plain words form a valid automaton"),
            ),
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.first(text).is_some()
    }

    /// Where the first occurrence of any of the words starts.
    pub fn first(&self, text: &str) -> Option<usize> {
        match &self.0 {
            WordSearcher::Packed(packed) => packed.find(text).map(|m| m.start()),
            WordSearcher::Automaton(automaton) => automaton.find(text).map(|m| m.start()),
        }
    }
}

/// A word looked for in every paragraph in any ASCII case ("resolution", "RESOLUTION",
/// "rEsolution"), with the packed SIMD searcher (Teddy) over every ASCII case of its rarest
/// three letters ("olu"): a search for its first letter in either case (what
/// `find_ignoring_ascii_case` does) stops at every "r" and "R".
pub struct CaselessWord {
    word: &'static str,
    /// Where the three letters start in the word, and the searcher for them.
    searcher: OnceLock<(usize, AnyWord)>,
}

impl CaselessWord {
    pub const fn new(word: &'static str) -> CaselessWord {
        CaselessWord {
            word,
            searcher: OnceLock::new(),
        }
    }

    fn searcher(&self) -> &(usize, AnyWord) {
        self.searcher.get_or_init(|| {
            /// The letters from the most to the least frequent in English text.
            const BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
            let word = self.word.as_bytes();
            let width = word.len().min(3);
            let rarity = |&start: &usize| -> usize {
                word[start..start + width]
                    .iter()
                    .map(|b| {
                        let letter = b.to_ascii_lowercase();
                        BY_FREQUENCY.iter().position(|&l| l == letter).unwrap_or(0)
                    })
                    .sum()
            };
            let start = (0..=word.len() - width).max_by_key(rarity).unwrap_or(0);
            let mut cases = vec![String::new()];
            for &b in &word[start..start + width] {
                let mut both = vec![b.to_ascii_lowercase(), b.to_ascii_uppercase()];
                both.dedup();
                cases = cases
                    .iter()
                    .flat_map(|case| both.iter().map(move |&c| format!("{case}{}", c as char)))
                    .collect();
            }
            (start, AnyWord::new(cases.iter().map(String::as_str)))
        })
    }

    /// Where the word stands in `text`, in any ASCII case, each place in turn.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = usize> + 'a {
        let (offset, letters) = self.searcher();
        let word = self.word.as_bytes();
        let mut from = 0;
        std::iter::from_fn(move || loop {
            // The letters are ASCII: the byte after them starts a character.
            let at = from + letters.first(&text[from..])?;
            from = at + 1;
            let Some(start) = at.checked_sub(*offset) else {
                continue;
            };
            if text
                .as_bytes()
                .get(start..start + word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
            {
                return Some(start);
            }
        })
    }
}

/// ASCII white space as `\s` sees it in ASCII text: space, tab, line feed, vertical tab, form
/// feed, carriage return (`u8::is_ascii_whitespace` leaves out the vertical tab).
pub fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t'..=b'\r')
}

/// Where `text` first contains `word` (ASCII, starting with a letter) in any ASCII case.
pub fn find_ignoring_ascii_case(text: &str, word: &str) -> Option<usize> {
    let word = word.as_bytes();
    let (lower, upper) = (word[0].to_ascii_lowercase(), word[0].to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, text.as_bytes()).find(|&at| {
        text.as_bytes()
            .get(at..at + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    })
}

/// Whether ASCII classes see `text` as Unicode classes do: no non-ASCII character of `text` is
/// a word character (which includes letters and digits) or white space.
pub fn ascii_equivalent(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    let mut rest = text;
    // Jump from one non-ASCII character to the next; most texts have none or a few quotes.
    while let Some(i) = first_non_ascii(rest.as_bytes()) {
        let Some(c) = rest[i..].chars().next() else {
            break;
        };
        // Typographic quotes, dashes and the ellipsis (U+2010–U+2027), the usual non-ASCII
        // characters of a resolution, are neither; the general test searches Unicode tables.
        let punctuation = ('\u{2010}'..='\u{2027}').contains(&c);
        if !punctuation && (c.is_whitespace() || regex_syntax::is_word_character(c)) {
            return false;
        }
        rest = &rest[i + c.len_utf8()..];
    }
    true
}

/// Offset of the first non-ASCII byte, tested 32 bytes at a time (`is_ascii` reads whole words).
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut offset = 0;
    for chunk in bytes.chunks(32) {
        if let Some(i) = (!chunk.is_ascii())
            .then(|| chunk.iter().position(|b| !b.is_ascii()))
            .flatten()
        {
            return Some(offset + i);
        }
        offset += chunk.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The range `ascii_equivalent` lets through without a look-up holds no word character
    /// and no white space.
    #[test]
    fn typographic_punctuation_is_neither_word_nor_space() {
        for c in '\u{2010}'..='\u{2027}' {
            assert!(
                !c.is_whitespace() && !regex_syntax::is_word_character(c),
                "{c:?}"
            );
        }
    }

    /// The three letters' places give every place of the word, in any ASCII case.
    #[test]
    fn caseless_word_everywhere() {
        let text = "Resolution, RESOLUTION; resolutions and rEsOlUtIoN, resolution-resolution \
            résolution olu uresolution resolutio—resolution";
        for word in [
            "resolution",
            "Resolution",
            "olu",
            "on",
            "x",
            "adopted by the ",
        ] {
            let expected: Vec<usize> = (0..text.len())
                .filter(|&at| {
                    text.as_bytes()
                        .get(at..at + word.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
                })
                .collect();
            let caseless = CaselessWord::new(word);
            assert_eq!(
                caseless.find_iter(text).collect::<Vec<_>>(),
                expected,
                "{word}"
            );
            assert_eq!(
                find_ignoring_ascii_case(text, word),
                expected.first().copied()
            );
        }
    }

    #[test]
    fn ascii_build_only_where_it_cannot_differ() {
        let word = Pattern::new(r"\b[A-Z]\w+\s+of\b");
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
        // A negated class keeps its Unicode meaning inside (?u:…).
        let negated = Pattern::new(r"\((?u:[^)])+\)");
        assert_eq!(negated.find("(ab)").map(|m| m.end()), Some(4));
        assert_eq!(negated.find("(é)").map(|m| m.end()), Some(4));
    }
}
