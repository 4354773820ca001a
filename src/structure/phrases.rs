//! Opening phrases of resolution paragraphs ("Recalling", "Reaffirming also", "Seriously
//! concerned", "Also urges", "Calls upon") and their normalisation to a controlled vocabulary
//! of citation functions (the SKOS scheme in `ontology/functions.ttl`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

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

/// Adverbs that may stand before the verb ("Also urges", "Seriously concerned").
const LEADING_MODIFIERS: &[&str] = &[
    "also",
    "further",
    "furthermore",
    "again",
    "once",
    "strongly",
    "deeply",
    "gravely",
    "seriously",
    "profoundly",
    "firmly",
    "earnestly",
    "solemnly",
    "fully",
    "warmly",
    "most",
    "particularly",
    "especially",
    "greatly",
    "keenly",
    "duly",
    "hereby",
    "therefore",
    "moreover",
    "likewise",
    "similarly",
    "urgently",
    "repeatedly",
    "equally",
    "still",
    "extremely",
    "increasingly",
    "highly",
    "sincerely",
];

/// Words that may follow the verb and still belong to the phrase ("Reaffirming also").
const TRAILING_MODIFIERS: &[&str] = &["also", "further", "once", "again", "furthermore"];

/// A verb phrase of `VERBS` split into words, with its function and finiteness.
type VerbPhrase = (Vec<&'static str>, Function, bool);

/// `VERBS` grouped by first word (in table order within a group), so that a paragraph is
/// compared with the few phrases that can match rather than with all of them.
static VERBS_BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<VerbPhrase>>> =
    LazyLock::new(|| {
        let mut table: HashMap<&'static str, Vec<VerbPhrase>> = HashMap::new();
        for &(phrase, function, operative) in VERBS {
            let words: Vec<&'static str> = phrase.split(' ').collect();
            table
                .entry(words[0])
                .or_default()
                .push((words, function, operative));
        }
        table
    });

/// Finds the opening phrase of a paragraph text, if it starts with a known verb phrase.
pub fn opening_phrase(text: &str) -> Option<OpeningPhrase> {
    let mut words = Words::new(text);
    let is = |word: Option<&Word<'_>>, wanted: &str| word.is_some_and(|w| w.lower == wanted);
    let mut i = 0;
    // Early resolutions: "The Security Council requests …".
    if words.get(3).is_some()
        && is(words.get(0), "the")
        && (is(words.get(2), "council") || is(words.get(2), "assembly"))
    {
        i = 3;
    }
    let phrase_start = words.get(0)?.start;
    while words
        .get(i)
        .is_some_and(|w| LEADING_MODIFIERS.contains(&&*w.lower))
    {
        i += 1;
    }
    let candidates = VERBS_BY_FIRST_WORD.get(&*words.get(i)?.lower)?;
    let (length, function, operative) = candidates
        .iter()
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
                &*w.lower,
                "deep" | "grave" | "serious" | "great" | "particular" | "profound" | "utmost"
            )
        }) {
            j += 1;
        }
        match words.get(j).map(|w| &*w.lower) {
            Some("concern") => {
                if function == Function::Notes {
                    function = Function::NotesWithConcern;
                }
                end = j + 1;
            }
            Some("appreciation" | "satisfaction") => end = j + 1,
            _ => {}
        }
    }
    while words
        .get(end)
        .is_some_and(|w| TRAILING_MODIFIERS.contains(&&*w.lower))
    {
        end += 1;
    }
    let last = words.get(end - 1)?;
    Some(OpeningPhrase {
        text: text[phrase_start..last.start + last.printed_len].to_owned(),
        function,
        operative,
    })
}

/// True when a paragraph starts with a finite verb ("Decides", "Also urges").
pub fn is_operative_start(text: &str) -> bool {
    opening_phrase(text).is_some_and(|p| p.operative)
}

/// The first words of a paragraph (at most `Words::LIMIT`), split and lower-cased only as far
/// as they are asked for: most paragraphs are settled by their first word or two.
struct Words<'t> {
    text: &'t str,
    rest: std::str::SplitWhitespace<'t>,
    read: Vec<Word<'t>>,
}

/// A word: its start offset, its lower-cased form without trailing punctuation, and the printed
/// length of that form.
struct Word<'t> {
    start: usize,
    lower: Cow<'t, str>,
    printed_len: usize,
}

impl<'t> Words<'t> {
    /// Words beyond the twelfth never belong to an opening phrase.
    const LIMIT: usize = 12;

    fn new(text: &'t str) -> Self {
        Words {
            text,
            rest: text.split_whitespace(),
            read: Vec::new(),
        }
    }

    fn get(&mut self, i: usize) -> Option<&Word<'t>> {
        while self.read.len() <= i && self.read.len() < Self::LIMIT {
            let word = self.rest.next()?;
            let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            // Lower-case ASCII words, most of them, are borrowed rather than copied.
            let lower = if trimmed
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                Cow::Borrowed(trimmed)
            } else {
                Cow::Owned(trimmed.to_lowercase())
            };
            self.read.push(Word {
                start: word.as_ptr() as usize - self.text.as_ptr() as usize,
                lower,
                printed_len: trimmed.len(),
            });
        }
        self.read.get(i)
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
}
