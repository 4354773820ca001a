//! Opening phrases of resolution paragraphs ("Recalling", "Reaffirming also", "Seriously
//! concerned", "Also urges", "Calls upon") and their normalisation to a controlled vocabulary
//! of citation functions (the SKOS scheme in `ontology/functions.ttl`).

use std::sync::LazyLock;

use serde::Serialize;

use super::blocks::white_space_at;

/// What a paragraph (and a citation in it) does with what it cites. The names are the
/// `skos:notation`s of `ontology/functions.ttl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    Recalls,
    Reaffirms,
    Welcomes,
    TakesNote,
    Notes,
    NotesWithConcern,
    ExpressesConcern,
    Urges,
    CallsUpon,
    Encourages,
    Invites,
    Requests,
    Decides,
    Condemns,
    Deplores,
    Demands,
    Recognizes,
    Acknowledges,
    Affirms,
    Emphasizes,
    Stresses,
    BearsInMind,
    Considers,
    Mindful,
    Convinced,
    GuidedBy,
    ActingUnder,
    Endorses,
    Approves,
    Adopts,
    Supports,
    Commends,
    Appeals,
    Determines,
    Declares,
    Reiterates,
    ExpressesAppreciation,
    /// No verb applies (footnotes, headers).
    Cites,
    /// A call to sign, ratify, accede to or become party to an instrument.
    CallsForRatification,
    /// A call to implement an instrument.
    CallsForImplementation,
}

impl Function {
    /// The vocabulary name (`recalls`, `calls_upon`, …), also the local name of its concept IRI.
    pub fn name(self) -> &'static str {
        use Function::*;
        match self {
            Recalls => "recalls",
            Reaffirms => "reaffirms",
            Welcomes => "welcomes",
            TakesNote => "takes_note",
            Notes => "notes",
            NotesWithConcern => "notes_with_concern",
            ExpressesConcern => "expresses_concern",
            Urges => "urges",
            CallsUpon => "calls_upon",
            Encourages => "encourages",
            Invites => "invites",
            Requests => "requests",
            Decides => "decides",
            Condemns => "condemns",
            Deplores => "deplores",
            Demands => "demands",
            Recognizes => "recognizes",
            Acknowledges => "acknowledges",
            Affirms => "affirms",
            Emphasizes => "emphasizes",
            Stresses => "stresses",
            BearsInMind => "bears_in_mind",
            Considers => "considers",
            Mindful => "mindful",
            Convinced => "convinced",
            GuidedBy => "guided_by",
            ActingUnder => "acting_under",
            Endorses => "endorses",
            Approves => "approves",
            Adopts => "adopts",
            Supports => "supports",
            Commends => "commends",
            Appeals => "appeals",
            Determines => "determines",
            Declares => "declares",
            Reiterates => "reiterates",
            ExpressesAppreciation => "expresses_appreciation",
            Cites => "cites",
            CallsForRatification => "calls_for_ratification",
            CallsForImplementation => "calls_for_implementation",
        }
    }

    /// Functions that ask someone to act, after which "to ratify …" is a ratification call.
    pub fn is_exhortation(self) -> bool {
        use Function::*;
        matches!(
            self,
            Urges
                | CallsUpon
                | Encourages
                | Invites
                | Requests
                | Appeals
                | Demands
                | Stresses
                | Emphasizes
                | Reiterates
                | Decides
        )
    }
}

/// The opening phrase of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpeningPhrase {
    /// As printed: "Also urges", "Reaffirming also", "Seriously concerned".
    pub text: String,
    pub function: Function,
    /// A finite verb ("Urges") rather than a participle ("Urging"): an operative paragraph.
    pub operative: bool,
}

/// Verb phrases, lower case, with their function and whether the form is finite.
const VERBS: &[(&str, Function, bool)] = {
    use Function::*;
    &[
        ("recalling", Recalls, false),
        ("recalls", Recalls, true),
        ("reminding", Recalls, false),
        ("reminds", Recalls, true),
        ("reaffirming", Reaffirms, false),
        ("reaffirms", Reaffirms, true),
        ("reiterating", Reiterates, false),
        ("reiterates", Reiterates, true),
        ("welcoming", Welcomes, false),
        ("welcomes", Welcomes, true),
        ("taking note", TakesNote, false),
        ("takes note", TakesNote, true),
        ("having taken note", TakesNote, false),
        ("noting", Notes, false),
        ("notes", Notes, true),
        ("having noted", Notes, false),
        ("observing", Notes, false),
        ("observes", Notes, true),
        ("expressing concern", ExpressesConcern, false),
        ("expressing its concern", ExpressesConcern, false),
        ("expressing its deep concern", ExpressesConcern, false),
        ("expressing its grave concern", ExpressesConcern, false),
        ("expresses concern", ExpressesConcern, true),
        ("expresses its concern", ExpressesConcern, true),
        ("expresses its deep concern", ExpressesConcern, true),
        ("expresses its grave concern", ExpressesConcern, true),
        ("concerned", ExpressesConcern, false),
        ("alarmed", ExpressesConcern, false),
        ("disturbed", ExpressesConcern, false),
        ("dismayed", ExpressesConcern, false),
        ("shocked", ExpressesConcern, false),
        ("expressing appreciation", ExpressesAppreciation, false),
        ("expressing its appreciation", ExpressesAppreciation, false),
        ("expresses appreciation", ExpressesAppreciation, true),
        ("expresses its appreciation", ExpressesAppreciation, true),
        (
            "expresses its deep appreciation",
            ExpressesAppreciation,
            true,
        ),
        ("expresses its gratitude", ExpressesAppreciation, true),
        ("urging", Urges, false),
        ("urges", Urges, true),
        ("calling upon", CallsUpon, false),
        ("calling on", CallsUpon, false),
        ("calls upon", CallsUpon, true),
        ("calls on", CallsUpon, true),
        ("calls for", CallsUpon, true),
        ("encouraging", Encourages, false),
        ("encourages", Encourages, true),
        ("inviting", Invites, false),
        ("invites", Invites, true),
        ("requesting", Requests, false),
        ("requests", Requests, true),
        ("directs", Requests, true),
        ("recommends", Requests, true),
        ("deciding", Decides, false),
        ("decides", Decides, true),
        ("authorizes", Decides, true),
        ("resolves", Decides, true),
        ("condemning", Condemns, false),
        ("condemns", Condemns, true),
        ("deploring", Deplores, false),
        ("deplores", Deplores, true),
        ("regretting", Deplores, false),
        ("regrets", Deplores, true),
        ("censures", Condemns, true),
        ("demanding", Demands, false),
        ("demands", Demands, true),
        ("insists", Demands, true),
        ("recognizing", Recognizes, false),
        ("recognising", Recognizes, false),
        ("recognizes", Recognizes, true),
        ("recognises", Recognizes, true),
        ("aware", Recognizes, false),
        ("conscious", Recognizes, false),
        ("acknowledging", Acknowledges, false),
        ("acknowledges", Acknowledges, true),
        ("affirming", Affirms, false),
        ("affirms", Affirms, true),
        ("confirms", Affirms, true),
        ("emphasizing", Emphasizes, false),
        ("emphasising", Emphasizes, false),
        ("emphasizes", Emphasizes, true),
        ("emphasises", Emphasizes, true),
        ("stressing", Stresses, false),
        ("stresses", Stresses, true),
        ("underlining", Stresses, false),
        ("underlines", Stresses, true),
        ("underscoring", Stresses, false),
        ("underscores", Stresses, true),
        ("bearing in mind", BearsInMind, false),
        ("bears in mind", BearsInMind, true),
        ("considering", Considers, false),
        ("considers", Considers, true),
        ("having considered", Considers, false),
        ("having examined", Considers, false),
        ("having heard", Considers, false),
        ("having received", Considers, false),
        ("having reviewed", Considers, false),
        ("mindful", Mindful, false),
        ("convinced", Convinced, false),
        ("believing", Convinced, false),
        ("believes", Convinced, true),
        ("determined", Convinced, false),
        ("guided by", GuidedBy, false),
        ("acting under", ActingUnder, false),
        ("acting in accordance with", ActingUnder, false),
        ("endorsing", Endorses, false),
        ("endorses", Endorses, true),
        ("approving", Approves, false),
        ("approves", Approves, true),
        ("adopting", Adopts, false),
        ("adopts", Adopts, true),
        ("supporting", Supports, false),
        ("supports", Supports, true),
        ("commending", Commends, false),
        ("commends", Commends, true),
        ("appealing", Appeals, false),
        ("appeals", Appeals, true),
        ("determining", Determines, false),
        ("determines", Determines, true),
        ("declaring", Declares, false),
        ("declares", Declares, true),
        ("proclaims", Declares, true),
    ]
};

/// Adverbs that may stand before the verb ("Also urges", "Seriously concerned"), lower case.
fn is_leading_modifier(word: &[u8]) -> bool {
    matches!(
        word,
        b"also"
            | b"further"
            | b"furthermore"
            | b"again"
            | b"once"
            | b"strongly"
            | b"deeply"
            | b"gravely"
            | b"seriously"
            | b"profoundly"
            | b"firmly"
            | b"earnestly"
            | b"solemnly"
            | b"fully"
            | b"warmly"
            | b"most"
            | b"particularly"
            | b"especially"
            | b"greatly"
            | b"keenly"
            | b"duly"
            | b"hereby"
            | b"therefore"
            | b"moreover"
            | b"likewise"
            | b"similarly"
            | b"urgently"
            | b"repeatedly"
            | b"equally"
            | b"still"
            | b"extremely"
            | b"increasingly"
            | b"highly"
            | b"sincerely"
    )
}

/// Words that may follow the verb and still belong to the phrase ("Reaffirming also").
fn is_trailing_modifier(word: &[u8]) -> bool {
    matches!(
        word,
        b"also" | b"further" | b"once" | b"again" | b"furthermore"
    )
}

/// A verb phrase of `VERBS` split into words, with its function and finiteness.
type VerbPhrase = (Vec<&'static str>, Function, bool);

/// `VERBS` grouped by the first letter of their first word (in table order within a group), so
/// that a paragraph is compared with the few phrases that can match rather than with all of them.
static VERBS_BY_INITIAL: LazyLock<[Vec<VerbPhrase>; 26]> = LazyLock::new(|| {
    let mut table: [Vec<VerbPhrase>; 26] = Default::default();
    for &(phrase, function, operative) in VERBS {
        let words: Vec<&'static str> = phrase.split(' ').collect();
        table[usize::from(words[0].as_bytes()[0] - b'a')].push((words, function, operative));
    }
    table
});

/// The verb phrases whose first word is `first` (lower case), in table order.
fn verbs_starting_with(first: &[u8]) -> impl Iterator<Item = &'static VerbPhrase> + '_ {
    let group = first
        .first()
        .copied()
        .filter(u8::is_ascii_lowercase)
        .map_or(&[][..], |initial| {
            &VERBS_BY_INITIAL[usize::from(initial - b'a')][..]
        });
    group
        .iter()
        .filter(move |(words, _, _)| same_word(words[0].as_bytes(), first))
}

/// Finds the opening phrase of a paragraph text, if it starts with a known verb phrase.
pub fn opening_phrase(text: &str) -> Option<OpeningPhrase> {
    find_opening(&mut Words::new(text)).map(|found| found.phrase_in(text))
}

/// The opening phrase of a paragraph's first line, found while the paragraph's lines are
/// grouped (to tell operative paragraphs), kept for the paragraph's text when the line settles it.
#[derive(Debug, Clone)]
pub struct LineOpening {
    found: Option<FoundOpening>,
    /// Whether the search asked for a word after the line's last: more text could change what
    /// it finds.
    read_to_end: bool,
}

impl LineOpening {
    pub fn of(line: &str) -> LineOpening {
        let mut words = Words::new(line);
        let found = find_opening(&mut words);
        LineOpening {
            found,
            read_to_end: words.read_to_end,
        }
    }

    /// True when the line starts with a finite verb ("Decides", "Also urges").
    pub fn operative(&self) -> bool {
        self.found.as_ref().is_some_and(|found| found.operative)
    }

    /// [`opening_phrase`] of `text`, which begins with `line` (the line this was found in),
    /// when the search reads the same words in both: the text is the line, or goes on after a
    /// space and the search never read past the line's last word.
    pub fn phrase_of(&self, line: &str, text: &str) -> Option<Option<OpeningPhrase>> {
        let rest = text.strip_prefix(line)?;
        let same_words = rest.is_empty() || (!self.read_to_end && rest.starts_with(' '));
        same_words.then(|| self.found.as_ref().map(|found| found.phrase_in(text)))
    }
}

/// An opening phrase where it stands in the text, not yet copied out of it.
#[derive(Debug, Clone)]
struct FoundOpening {
    printed: std::ops::Range<usize>,
    function: Function,
    operative: bool,
}

impl FoundOpening {
    fn phrase_in(&self, text: &str) -> OpeningPhrase {
        OpeningPhrase {
            text: text[self.printed.clone()].to_owned(),
            function: self.function,
            operative: self.operative,
        }
    }
}

/// [`opening_phrase`] in the words of a text, without copying the phrase.
fn find_opening(words: &mut Words) -> Option<FoundOpening> {
    let is = |word: Option<&Word>, wanted: &str| {
        word.is_some_and(|w| same_word(w.lower(), wanted.as_bytes()))
    };
    let mut i = 0;
    // Early resolutions: "The Security Council requests …".
    if is(words.get(0), "the")
        && (is(words.get(2), "council") || is(words.get(2), "assembly"))
        && words.get(3).is_some()
    {
        i = 3;
    }
    let phrase_start = words.get(0)?.start;
    while words.get(i).is_some_and(|w| is_leading_modifier(w.lower())) {
        i += 1;
    }
    let first = words.get(i)?.lower;
    let (length, function, operative) = verbs_starting_with(first.as_bytes())
        .filter_map(|(phrase, function, operative)| {
            phrase
                .iter()
                .enumerate()
                .all(|(k, p)| is(words.get(i + k), p))
                .then_some((phrase.len(), *function, *operative))
        })
        .max_by_key(|&(n, _, _)| n)?;
    let mut end = i + length;
    let mut function = function;
    // "with (deep|grave|…) concern|appreciation|satisfaction"
    if is(words.get(end), "with") {
        let mut j = end + 1;
        if words.get(j).is_some_and(|w| {
            matches!(
                w.lower(),
                b"deep"
                    | b"grave"
                    | b"serious"
                    | b"great"
                    | b"particular"
                    | b"profound"
                    | b"utmost"
            )
        }) {
            j += 1;
        }
        match words.get(j).map(Word::lower) {
            Some(b"concern") => {
                if function == Function::Notes {
                    function = Function::NotesWithConcern;
                }
                end = j + 1;
            }
            Some(b"appreciation" | b"satisfaction") => end = j + 1,
            _ => {}
        }
    }
    while words
        .get(end)
        .is_some_and(|w| is_trailing_modifier(w.lower()))
    {
        end += 1;
    }
    let last = words.get(end - 1)?;
    Some(FoundOpening {
        printed: phrase_start..last.start + last.printed_len,
        function,
        operative,
    })
}

/// Byte equality, testing length and first byte inline before comparing the rest: most words
/// compared differ there.
#[inline]
fn same_word(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.first() == b.first() && a == b
}

/// The first words of a paragraph (at most `Words::LIMIT`), split and lower-cased only as far
/// as they are asked for: most paragraphs are settled by their first word or two.
struct Words<'t> {
    text: &'t str,
    /// Where the next word may start.
    next: usize,
    read: [Word; Words::LIMIT],
    count: usize,
    /// Whether a word was asked for after the last.
    read_to_end: bool,
}

/// A word: its start offset, its lower-cased form without trailing punctuation, and the printed
/// length of that form.
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    lower: ShortLower,
    printed_len: usize,
}

impl Word {
    const NONE: Word = Word {
        start: 0,
        lower: ShortLower::NONE,
        printed_len: 0,
    };

    /// A word split from the text at `start`, without its trailing punctuation (characters
    /// other than letters and digits).
    fn of(start: usize, word: &str) -> Word {
        if word.is_ascii() {
            // In ASCII the letters and digits are the alphanumeric characters, one byte each.
            let printed_len = word
                .bytes()
                .rposition(|b| b.is_ascii_alphanumeric())
                .map_or(0, |last| last + 1);
            return Word {
                start,
                lower: ShortLower::of_ascii(&word.as_bytes()[..printed_len]),
                printed_len,
            };
        }
        let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        Word {
            start,
            lower: ShortLower::of(trimmed),
            printed_len: trimmed.len(),
        }
    }

    fn lower(&self) -> &[u8] {
        self.lower.as_bytes()
    }
}

/// The lower-cased form of a word, kept without allocation. Every word the phrases compare with
/// is ASCII and shorter than `ShortLower::CAPACITY`; a word whose lower-cased form is not (a long
/// or non-ASCII word) can equal none of them and is kept as the empty string, which none is.
#[derive(Clone, Copy)]
struct ShortLower {
    bytes: [u8; ShortLower::CAPACITY],
    len: u8,
}

impl ShortLower {
    const CAPACITY: usize = 16;
    const NONE: ShortLower = ShortLower {
        bytes: [0; ShortLower::CAPACITY],
        len: 0,
    };

    fn of(word: &str) -> ShortLower {
        if !word.is_ascii() {
            // `to_lowercase` can make a non-ASCII letter ASCII (the Kelvin sign becomes "k").
            let lower = word.to_lowercase();
            return if lower.is_ascii() {
                ShortLower::of(&lower)
            } else {
                ShortLower::NONE
            };
        }
        ShortLower::of_ascii(word.as_bytes())
    }

    /// [`ShortLower::of`] an ASCII word.
    fn of_ascii(word: &[u8]) -> ShortLower {
        if word.len() >= ShortLower::CAPACITY {
            return ShortLower::NONE;
        }
        let mut short = ShortLower::NONE;
        for (to, from) in short.bytes.iter_mut().zip(word) {
            *to = from.to_ascii_lowercase();
        }
        short.len = word.len() as u8;
        short
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl<'t> Words<'t> {
    /// Words beyond the twelfth never belong to an opening phrase.
    const LIMIT: usize = 12;

    fn new(text: &'t str) -> Self {
        Words {
            text,
            next: 0,
            read: [Word::NONE; Words::LIMIT],
            count: 0,
            read_to_end: false,
        }
    }

    /// The next white-space separated word (as `str::split_whitespace` splits) and its offset.
    fn next_word(&mut self) -> Option<(usize, &'t str)> {
        let text = self.text;
        let mut start = self.next;
        loop {
            if start >= text.len() {
                self.next = start;
                self.read_to_end = true;
                return None;
            }
            match white_space_at(text, start) {
                (true, len) => start += len,
                (false, _) => break,
            }
        }
        let mut end = start;
        while end < text.len() {
            match white_space_at(text, end) {
                (true, _) => break,
                (false, len) => end += len,
            }
        }
        self.next = end;
        Some((start, &text[start..end]))
    }

    fn get(&mut self, i: usize) -> Option<&Word> {
        while self.count <= i && self.count < Self::LIMIT {
            let (start, word) = self.next_word()?;
            self.read[self.count] = Word::of(start, word);
            self.count += 1;
        }
        self.read[..self.count].get(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(text: &str) -> (String, &'static str, bool) {
        let p = opening_phrase(text).unwrap();
        (p.text, p.function.name(), p.operative)
    }

    #[test]
    fn recognises_the_seed_phrases() {
        assert_eq!(
            phrase("Recalling all international conventions"),
            ("Recalling".into(), "recalls", false)
        );
        assert_eq!(
            phrase("Reaffirming also the commitment"),
            ("Reaffirming also".into(), "reaffirms", false)
        );
        assert_eq!(
            phrase("Seriously concerned that an increasing"),
            ("Seriously concerned".into(), "expresses_concern", false)
        );
        assert_eq!(
            phrase("Taking note also of the renewal"),
            ("Taking note also".into(), "takes_note", false)
        );
        assert_eq!(
            phrase("Also urges Governments to consider"),
            ("Also urges".into(), "urges", true)
        );
        assert_eq!(
            phrase("Calls upon Governments to discourage"),
            ("Calls upon".into(), "calls_upon", true)
        );
        assert_eq!(
            phrase("Noting with deep concern the"),
            (
                "Noting with deep concern".into(),
                "notes_with_concern",
                false
            )
        );
        assert_eq!(
            phrase("Recalling further its resolution"),
            ("Recalling further".into(), "recalls", false)
        );
        assert_eq!(
            phrase("Acting under Chapter VII of the Charter"),
            ("Acting under".into(), "acting_under", false)
        );
        assert_eq!(
            phrase("The Security Council requests the permanent members"),
            ("The Security Council requests".into(), "requests", true)
        );
        assert!(opening_phrase("Governments should act").is_none());
    }

    /// ASCII words take a path of their own; it must read them as the Unicode path would.
    #[test]
    fn reads_ascii_words_as_unicode_text_is_read() {
        for word in [
            "Recalling",
            "Council,",
            "resolutions.",
            "1990),",
            "(a)",
            "...",
            "",
            "A/RES/63/156;",
            "Non-Proliferation,",
            "Fifteen-letters",
            "Sixteen-letters,",
            "SIXTEEN-LETTERS!",
            "x\"",
        ] {
            let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let lower = trimmed.to_lowercase();
            let expected: &[u8] = if lower.len() < ShortLower::CAPACITY {
                lower.as_bytes()
            } else {
                b""
            };
            let read = Word::of(0, word);
            assert_eq!(read.printed_len, trimmed.len(), "{word:?}");
            assert_eq!(read.lower(), expected, "{word:?}");
        }
    }

    /// The phrase found in a first line is kept only for texts where the search reads the same.
    #[test]
    fn keeps_the_phrase_of_a_first_line_only_where_the_text_reads_the_same() {
        for (line, text) in [
            ("Recalling its", "Recalling its resolution"),
            ("Recalling", "Recalling its resolution"),
            ("Taking", "Taking note of the report"),
            ("Taking note", "Taking note also of the report"),
            ("Noting with", "Noting with deep concern"),
            ("Reaffirming1 its", "Reaffirming its resolution"),
            ("Decides", "Decides"),
            ("The Security", "The Security Council requests"),
            ("Governments should", "Governments should act"),
            ("Expressing its", "Expressing its-deep concern"),
        ] {
            let kept = LineOpening::of(line).phrase_of(line, text);
            if let Some(kept) = kept {
                assert_eq!(kept, opening_phrase(text), "{line:?} / {text:?}");
            }
        }
        let settled = |line: &str, text: &str| LineOpening::of(line).phrase_of(line, text);
        assert!(settled("Recalling its", "Recalling its resolution").is_some());
        assert!(settled("Taking", "Taking note of the report").is_none());
    }

    #[test]
    fn matches_the_modifiers_in_any_case() {
        for (text, printed, function) in [
            (
                "FURTHERMORE Strongly urges States",
                "FURTHERMORE Strongly urges",
                "urges",
            ),
            (
                "Recalling once again its",
                "Recalling once again",
                "recalls",
            ),
        ] {
            let found = opening_phrase(text).unwrap();
            assert_eq!(
                (found.text.as_str(), found.function.name()),
                (printed, function)
            );
        }
        assert!(opening_phrase("Further, the Council").is_none());
    }
}
