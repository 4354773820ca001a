//! Instruments absent from the registry, recognised from the shape of their title: capitalised
//! words around a head noun ("Peace Agreement between the Government of the Republic of Rwanda
//! and the Rwandese Patriotic Front", "Treaty of Guarantee", "Renville Truce Agreement").
//! Generic phrases ("relevant conventions", "the Agreement", "Armistice Agreements", "a draft
//! convention") are never turned into instruments.

use std::cell::LazyCell;
use std::ops::{Deref, Range};
use std::sync::LazyLock;

use crate::pattern::{AnyWord, Literal, Pattern};

use super::{reference, Cited, Reference};
use crate::resolve::registry::InstrumentKind;

const HEADS: &str = r"Memorandum of Understanding|Convention|Conventions|Treaty|Agreement|Agreements|Accords?|Protocol|Covenant|Statute|Pact|Declarations?|Charter|Programme of Action|Platform for Action|Plan of Action|Agenda|Final Act|Communiqué";

/// A capitalised word of a name; "[srael" is OCR for "Israel" (a capital I read as a bracket).
const NAME_WORD: &str = r"(?:[A-Z]|\[[a-z])(?:[\w'.-]|’)*";
/// "4 August 1993".
const DATE: &str = r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}";
/// "Arusha", "Guatemala City", "Alajuela, Costa Rica".
const PLACE: &str = r"[A-Z](?:[\w'-]|’)*(?:\s+[A-Z](?:[\w'-]|’)*){0,2}(?:,\s+[A-Z](?:[\w'-]|’)*(?:\s+[A-Z](?:[\w'-]|’)*)?)?";
/// The start of what makes a generic head specific: "signed at", "signed by the three Liberian
/// parties", "adopted by the Central American Presidents at their meeting held", "made".
const MADE: &str = r",?\s+(?:signed|done|concluded|adopted|issued|made|reached|initialled)(?:\s+by\s+(?:(?:[\w'-]|’)+\s+){0,6}?(?:[\w'-]|’)+)?(?:\s+at\s+(?:their|its|the)\s+(?:[\w-]+\s+){0,3}?held)?";

/// Capitalised words (and years, and the small words between them) before a head noun, and the
/// head noun. A title shape is this, then its `TAIL`, then its `SIGNING`; each part is found by
/// a pattern of its own, which gives the parts one pattern with capture groups would give: the
/// tail and the signing are optional and so never make the part before them backtrack, and a
/// greedy optional part takes its longest (first-preferred) match. Finding the parts one by one
/// saves the capture engine (a backtracker over a large automaton) on every title.
static PREFIX_AND_HEAD: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"(?:(?:{NAME_WORD}|\d{{4}}|of|and|for|on|the)\s+){{0,8}}(?:{HEADS})\b"
    ))
});
/// What follows the head noun in a title: "on the Cessation of the Armed Conflict", "between
/// Israel and Lebanon", "of 21 May 1990".
static TAIL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"^(?:,?\s+(?:on|of|for|between|relating to|concerning|against|respecting|regarding|among|to|in|with)\s+(?:(?:the|an?)\s+)?(?:[A-Z](?:[\w'-]|’)*|{DATE}|\d{{4}})(?:\s+(?:and|of|the|an?|for|in|on|to|against|between|concerning|among|[A-Z](?:[\w'-]|’)*|\d{{4}})\b){{0,20}})?"
    ))
});
/// Where and when a title's instrument was made: ", signed at Arusha on 4 August 1993".
static SIGNING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"^{MADE}(?:\s+(?:at|in)\s+{PLACE}|\s+on\s+{DATE}){{1,2}}"
    ))
});

/// A lower-case designation of an instrument made at a place on a date: "the joint declaration
/// of the Government of Angola and UNITA made in Namibe on 26 November 1992". Without both the
/// place and the date, "the agreement" is generic.
static DESIGNATION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"\b[Tt]he\s+(?P<name>(?:(?:joint|peace|cease-?fire|final|framework)\s+)?(?P<head>agreement|declaration|accord|communiqu(?:e|é)|protocol|memorandum\s+of\s+understanding)(?:\s+(?:of|between|on)\s+(?:the\s+)?[A-Z](?:[\w'-]|’)*(?:\s+(?:and|of|the|for|[A-Z](?:[\w'-]|’)*)){{0,12}})?{MADE}(?:\s+(?:at|in)\s+{PLACE}\s+on\s+{DATE}|\s+on\s+{DATE},?\s+(?:at|in)\s+{PLACE}))"
    ))
});

/// An instrument named by its place in lower case: "the Lancaster House agreement", "the Paris
/// agreements", "the Arusha peace agreement". The place makes it one instrument (or one set of
/// accords signed together), as "the Paris Agreements" does in capitals.
static PLACE_NAMED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\b[Tt]he\s+(?P<place>[A-Z][a-z](?:[\w'-]|’)*(?:\s+[A-Z][a-z](?:[\w'-]|’)*){0,2})\s+(?P<qualifier>(?:peace|cease-?fire|framework)\s+)?(?P<head>agreements?|accords?)\b",
    )
});
/// Capitalised words before a lower-case "agreement" that name who made it or its subject
/// rather than where it was made: "the Government agreement", "the Security Council agreement".
const NOT_PLACE: &[&str] = &[
    "Assembly",
    "Council",
    "Commission",
    "Committee",
    "Conference",
    "Court",
    "Government",
    "Governments",
    "Member",
    "Mission",
    "Organization",
    "Organisation",
    "Parties",
    "Party",
    "Secretariat",
    "Secretary-General",
    "States",
    "Union",
];

/// A title in quotation marks: "the agreement on “Procedures for the establishment of a firm
/// and lasting peace in Central America”", "the “Acordos de Paz para Angola”". The quotation is
/// an instrument when a head noun introduces it or when it names one itself, in any of the
/// languages titles are quoted in.
static QUOTED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r#"\b[Tt]he\s+(?P<intro>(?:agreement|Agreement|accord|Accord|declaration|Declaration)s?\s+(?:on|entitled|known\s+as)\s+)?(?:“|"){1,2}\s*(?P<title>[A-Z](?u:[^”"“;]){2,160}?)\s*(?:”|")"#,
    )
});
static INSTRUMENT_WORD: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\b(?:Agreements?|Accords?|Acordos?|Acuerdos?|Treaty|Tratado|Traité|Conventions?|Convenio|Protocol|Protocolo|Declarations?|Declaração|Declaración|Pact|Pacto|Charter|Covenant|Memorandum)\b",
    )
});

/// A head noun inside the prefix of a later one.
static HEAD_IN_PREFIX: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(&format!(r"\b(?:{HEADS})\b")));

/// "… and the Agreement on …": a second title starts inside the tail of the first.
static NEXT_TITLE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"^,?\s+(?:and|or)\s+(?:the\s+)?(?:[A-Z](?:[\w'-]|’)*\s+){{0,4}}(?:{HEADS})\b"
    ))
});
/// "and of …" inside a tail: the preposition is compared with the one that governs the title.
static AND_PREPOSITION: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^,?\s+and\s+(of|to|in|on|for|with|by|under)\s"));

/// The head nouns as plain strings (see [`first_head_noun`]).
static HEAD_WORDS: LazyLock<AnyWord> =
    LazyLock::new(|| AnyWord::new(head_nouns().map(|(singular, _)| singular)));

/// The head nouns of `HEADS` in the singular, each with whether `HEADS` also takes its plural
/// in "s" ("Accords?"); read from `HEADS` once.
fn head_nouns() -> impl Iterator<Item = (&'static str, bool)> + Clone {
    static HEAD_NOUNS: LazyLock<Vec<(&str, bool)>> = LazyLock::new(|| {
        HEADS
            .split('|')
            .map(|head| match head.strip_suffix("s?") {
                Some(singular) => (singular, true),
                None => (head, false),
            })
            .collect()
    });
    HEAD_NOUNS.iter().copied()
}
/// The verbs `DESIGNATION` needs, as plain strings, for the same reason.
static MADE_WORDS: LazyLock<AnyWord> = LazyLock::new(|| {
    AnyWord::new([
        "signed",
        "done",
        "concluded",
        "adopted",
        "issued",
        "made",
        "reached",
        "initialled",
    ])
});
/// The lower-case head nouns `DESIGNATION` needs, for the same reason ("adopted", one of the
/// verbs, is in many paragraphs); `PLACE_NAMED`'s are among them.
static DESIGNATION_HEADS: LazyLock<AnyWord> = LazyLock::new(|| {
    AnyWord::new([
        "agreement",
        "declaration",
        "accord",
        "communiqu",
        "protocol",
        "memorandum",
    ])
});

/// Words that alone do not make a title specific.
const GENERIC: &[&str] = &[
    "peace",
    "ceasefire",
    "cease-fire",
    "armistice",
    "general",
    "framework",
    "final",
    "interim",
    "basic",
    "comprehensive",
    "political",
    "trade",
    "security",
    "bilateral",
    "international",
    "regional",
    "new",
    "model",
    "optional",
    "additional",
    "this",
    "that",
    "these",
    "those",
    "such",
    "said",
    "present",
    "each",
    "any",
    "the",
    "an",
    "a",
    "relevant",
    "existing",
    "united",
    "nations",
    "its",
    "their",
    "all",
    "both",
    "two",
    "first",
    "second",
    "third",
    "fourth",
    "various",
    "other",
    "same",
    "above",
    "world",
    "global",
    "joint",
    "truce",
    "of",
    "and",
    "for",
    "on",
];
/// Words that start a sentence or a paragraph rather than a title.
const NOT_TITLE_START: &[&str] = &[
    "Recalling",
    "Reaffirming",
    "Noting",
    "Welcoming",
    "Bearing",
    "Considering",
    "Recognizing",
    "Taking",
    "Having",
    "Urges",
    "Calls",
    "Decides",
    "Requests",
    "Invites",
    "Welcomes",
    "Reaffirms",
    "Recalls",
    "Notes",
    "In",
    "By",
    "Under",
    "With",
    "Also",
    "Further",
    "Draft",
    "Acting",
    "Affirming",
    "Emphasizing",
    "Stressing",
    "Expressing",
    "Condemns",
    "Encourages",
    "Of",
    "And",
    "For",
    "On",
    "See",
    "Ibid",
    "Report",
    "Members",
    "Parties",
    "States",
];

/// Title-shaped instrument names in a paragraph; `first_head` is where its first head noun
/// starts (see [`first_head_noun`]).
pub fn find(text: &str, first_head: Option<usize>) -> Vec<Reference> {
    let mut found = Vec::new();
    // A byte search (SIMD) for the quotation marks; `str::contains` with a set of characters
    // decodes every character.
    let bytes = text.as_bytes();
    static OPENING_QUOTE: Literal = Literal::new("“");
    if memchr::memchr(b'"', bytes).is_some() || OPENING_QUOTE.is_in(bytes) {
        found.extend(quoted_titles(text));
    }
    // Looked for only when a designation or a title shape needs to know.
    let may_be_signed = LazyCell::new(|| MADE_WORDS.is_match(text));
    let first_lower_head = DESIGNATION_HEADS.first(text);
    if first_lower_head.is_some() && *may_be_signed {
        let designations: Vec<Reference> = designations(text)
            .filter(|d| !found.iter().any(|f| super::overlaps(f, d)))
            .collect();
        found.extend(designations);
    }
    // The heads of `PLACE_NAMED` are among those of `DESIGNATION`.
    if first_lower_head.is_some_and(|head| may_be_place_named(&bytes[head..])) {
        let named: Vec<Reference> = place_named(text)
            .filter(|p| !found.iter().any(|f| super::overlaps(f, p)))
            .collect();
        found.extend(named);
    }
    // Without a head noun (most paragraphs) this returns at once.
    let titles: Vec<Reference> = titles(text, first_head, &may_be_signed)
        .into_iter()
        .filter(|t| !found.iter().any(|f| super::overlaps(f, t)))
        .collect();
    found.extend(titles);
    found
}

/// Where the first head noun of `text[at..limit]` starts: a paragraph without any has no title
/// shape, and finding that out is far cheaper than running `PREFIX_AND_HEAD`.
pub fn first_head_noun(text: &str, at: usize, limit: usize) -> Option<usize> {
    Some(at + HEAD_WORDS.first(&text[at..limit])?)
}

/// Whether `PLACE_NAMED` may match: its head, "agreement(s)" or "accord(s)" in lower case (any
/// white space may stand before it, a line break too), ends a word, which "accordance" does
/// not. A byte that is no ASCII word character after it is taken for a word's end, as the
/// pattern's ASCII build takes it; the Unicode build takes fewer.
fn may_be_place_named(text: &[u8]) -> bool {
    static AGREEMENT: Literal = Literal::new("agreement");
    static ACCORD: Literal = Literal::new("accord");
    let ends_word = |end: usize| {
        let end = end + usize::from(text.get(end) == Some(&b's'));
        !text
            .get(end)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
    };
    AGREEMENT
        .find_iter(text)
        .any(|at| ends_word(at + "agreement".len()))
        || ACCORD
            .find_iter(text)
            .any(|at| ends_word(at + "accord".len()))
}

/// The parts of one title shape, as byte ranges of the text.
struct TitleShape {
    prefix: Range<usize>,
    head: Range<usize>,
    tail: Range<usize>,
    signing: Option<Range<usize>>,
}

impl TitleShape {
    /// The leftmost title shape in `text[at..limit]`, whose first head noun starts at
    /// `first_head`; `may_be_signed` is false when the text has none of the verbs a signing
    /// needs.
    fn find(
        text: &str,
        first_head: usize,
        at: usize,
        limit: usize,
        may_be_signed: &impl Deref<Target = bool>,
    ) -> Option<TitleShape> {
        // Every shape has a head noun, and its prefix reaches back from it only over word
        // characters, white space and a few marks: the search starts after the last other
        // character before the first head noun, rather than at `at`.
        let from = at + prefix_bound(&text[at..first_head]);
        let found = PREFIX_AND_HEAD.find(&text[from..limit])?;
        let head_end = from + found.end();
        let head = head_end - head_noun_len(&text[..head_end])?..head_end;
        let tail_end = head_end + TAIL.find(&text[head_end..limit]).map_or(0, |t| t.end());
        let signing = (**may_be_signed)
            .then(|| SIGNING.find(&text[tail_end..limit]))
            .flatten()
            .map(|s| tail_end + s.start()..tail_end + s.end());
        Some(TitleShape {
            prefix: from + found.start()..head.start,
            head,
            tail: head_end..tail_end,
            signing,
        })
    }

    fn end(&self) -> usize {
        self.signing.as_ref().map_or(self.tail.end, |s| s.end)
    }
}

/// Where in `before` (the text before a head noun) a title's prefix may start at the earliest:
/// after the last character that `PREFIX_AND_HEAD` cannot have before the head, in its Unicode
/// build (a word character, white space, an apostrophe, a full stop, a hyphen, an opening
/// bracket) and so in its ASCII build; and no further back than eight words, since the prefix
/// is at most eight words, each followed by a run of white space and holding none.
fn prefix_bound(before: &str) -> usize {
    const MAX_PREFIX_WORDS: usize = 8;
    let may_be_in_prefix = |c: char| {
        regex_syntax::is_word_character(c)
            || c.is_whitespace()
            || matches!(c, '\'' | '’' | '.' | '-' | '[')
    };
    let (mut space_runs, mut in_space) = (0, false);
    for (i, c) in before.char_indices().rev() {
        let space = c.is_whitespace();
        if space && !in_space {
            space_runs += 1;
        }
        if !may_be_in_prefix(c) || space_runs > MAX_PREFIX_WORDS {
            return i + c.len_utf8();
        }
        in_space = space;
    }
    0
}

/// The length of the head noun that ends `text`. No head noun ends another ("Accords" and
/// "Accord" end differently), so the one that ends the text is the one `HEADS` matched.
fn head_noun_len(text: &str) -> Option<usize> {
    head_nouns().find_map(|(singular, plural)| {
        if text.ends_with(singular) {
            Some(singular.len())
        } else {
            let plural_ends = plural
                && text
                    .strip_suffix('s')
                    .is_some_and(|t| t.ends_with(singular));
            plural_ends.then_some(singular.len() + 1)
        }
    })
}

/// Capitalised titles around a head noun; the first head noun of the text starts at
/// `first_head`.
fn titles(
    text: &str,
    first_head: Option<usize>,
    may_be_signed: &impl Deref<Target = bool>,
) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut at = 0;
    let mut next_head = first_head;
    while let Some(mut shape) =
        next_head.and_then(|head| TitleShape::find(text, head, at, text.len(), may_be_signed))
    {
        // "the Paris Agreements and the Mexico Agreements": the greedy prefix of the second
        // title swallows the first, which is matched alone up to its head.
        let prefix = &text[shape.prefix.clone()];
        if let Some(first_head) = HEAD_IN_PREFIX.find(prefix) {
            let limit = shape.prefix.start + first_head.end();
            match first_head_noun(text, at, limit)
                .and_then(|head| TitleShape::find(text, head, at, limit, may_be_signed))
            {
                Some(first) => shape = first,
                None => break,
            }
        }
        // "the Agreement on the Cessation of the Armed Conflict and the Agreement on …": the
        // first title ends where the second starts, and the search resumes there; so it does
        // before a complement parallel to the one the title is in ("of the Armistice Agreement
        // between Israel and Lebanon and of the Council's cease-fire resolutions"), but not
        // inside a title ("Agreement on Implementing the Cease-fire and on Modalities of …").
        let governing = governing_preposition(&text[..shape.head.start]);
        let breaks = |rest: &str| {
            // Both break patterns start with a comma or white space and then "and" or "or";
            // most places in a tail have neither, and need not run them.
            let conjunction = rest.strip_prefix(',').unwrap_or(rest).trim_start();
            (conjunction.len() < rest.len()
                && (conjunction.starts_with("and") || conjunction.starts_with("or")))
                && (NEXT_TITLE.is_match(rest)
                    || AND_PREPOSITION
                        .captures(rest)
                        .is_some_and(|c| Some(&c[1]) == governing))
        };
        let tail = &text[shape.tail.clone()];
        if let Some(cut) = tail
            .char_indices()
            .filter(|&(_, c)| c == ',' || c.is_whitespace())
            .map(|(i, _)| i)
            .find(|&i| breaks(&tail[i..]))
        {
            shape.tail.end = shape.head.end + cut;
            shape.signing = None;
        }
        if let Some(title) = title(text, &shape) {
            found.push(title);
        }
        at = shape.end();
        next_head = first_head_noun(text, at, text.len());
    }
    found
}

/// Judges one title shape (its tail and signing as cut): where the title starts, whether it is
/// specific enough to name an instrument, and its label.
fn title(text: &str, shape: &TitleShape) -> Option<Reference> {
    let (prefix_start, prefix) = (shape.prefix.start, &text[shape.prefix.clone()]);
    let (head_start, head_end, head) =
        (shape.head.start, shape.head.end, &text[shape.head.clone()]);
    let tail = &text[shape.tail.clone()];
    let signed_end = shape.signing.as_ref().map(|s| s.end);
    // The prefix starts at its first capitalised word that can open a title; "of" between
    // capitalised words belongs to it ("Status of Mission Agreement").
    let prefix_words: Vec<&str> = prefix.split_whitespace().collect();
    let inner_of = |i: usize| {
        prefix_words[i] == "of"
            && i > 0
            && i + 1 < prefix_words.len()
            && starts_upper(prefix_words[i - 1])
            && starts_upper(prefix_words[i + 1])
    };
    let first_title_word = (0..prefix_words.len())
        .rev()
        .find(|&i| {
            let w = prefix_words[i];
            !starts_upper(w) && !w.chars().all(|c| c.is_ascii_digit()) && !inner_of(i)
        })
        .map_or(0, |i| i + 1);
    let mut kept: &[&str] = &prefix_words[first_title_word..];
    while let Some((first, rest)) = kept.split_first() {
        if NOT_TITLE_START.contains(first) || *first == "of" {
            kept = rest;
        } else {
            break;
        }
    }
    let start = if kept.is_empty() {
        head_start
    } else {
        prefix_start + find_nth_word_start(prefix, prefix_words.len() - kept.len())
    };
    let tail_trimmed = trim_connectors(tail);
    let end = signed_end.unwrap_or(head_end + tail_trimmed.len());
    // One specific word ("Renville Truce Agreement") or two capitalised ones ("General
    // Peace Agreement") make a name; "Peace Agreement" alone does not, but "Peace Agreement
    // signed … in Cotonou on 25 July 1993" does.
    let is_specific = |w: &&str| starts_upper(w) && !GENERIC.contains(&w.to_lowercase().as_str());
    let capitalised = kept.iter().filter(|w| starts_upper(w)).count();
    let specific_prefix = capitalised >= 2
        || kept
            .iter()
            .any(|w| !GENERIC.contains(&w.to_lowercase().as_str()));
    let mut tail_words = tail_trimmed.split_whitespace();
    let preposition = tail_words.next().unwrap_or("").trim_start_matches(',');
    let specific_tail = tail_words.any(|w| is_specific(&w));
    let plural = head.ends_with('s') && head != "Accords";
    let specific = if plural {
        // "the Paris Agreements", "Agreements on the Settlement of the Situation Relating to
        // Afghanistan": named; "the General Armistice Agreements between Israel and the
        // neighbouring Arab States", "the Joint Declarations issued … on 16 January 1988 at
        // Alajuela … and on 14 February 1989 at Costa del Sol": groups described, not named.
        kept.iter().any(is_specific)
            || (specific_tail && !matches!(preposition, "between" | "among"))
    } else {
        specific_prefix || specific_tail || signed_end.is_some()
    };
    if !specific {
        return None;
    }
    // "a Commonwealth Covenant", "a Status of Mission Agreement": an instrument described, not
    // cited.
    if follows_indefinite_article(&text[..start]) {
        return None;
    }
    let span = text[start..end].trim_end_matches([',', ' ']);
    // The comma before the signing is optional in texts; without it in the label, one
    // instrument gets one label (and one node) in every document that names it.
    let label = match &shape.signing {
        Some(signing) if signing.start >= start => {
            let signing_text = text[signing.clone()].trim_start_matches(',');
            repair_ocr(&format!("{}{signing_text}", &text[start..signing.start]))
        }
        _ => repair_ocr(span),
    };
    let kind = match head {
        "Declaration"
        | "Declarations"
        | "Communiqué"
        | "Programme of Action"
        | "Platform for Action"
        | "Plan of Action" => InstrumentKind::Declaration,
        _ => InstrumentKind::Treaty,
    };
    Some(reference(
        start,
        start + span.len(),
        Cited::Unregistered { label, kind },
    ))
}

/// Lower-case designations of a dated, located instrument.
fn designations(text: &str) -> impl Iterator<Item = Reference> + '_ {
    DESIGNATION.captures_iter(text).filter_map(|c| {
        let name = c.name("name")?;
        let kind = match c.name("head")?.as_str() {
            "agreement" | "accord" | "protocol" => InstrumentKind::Treaty,
            _ => InstrumentKind::Declaration,
        };
        let label = name.as_str().to_owned();
        Some(reference(
            name.start(),
            name.end(),
            Cited::Unregistered { label, kind },
        ))
    })
}

/// Lower-case agreements named by a place; the label is written as the title would be
/// ("Paris Agreements"), so every spelling of one instrument gets one label.
fn place_named(text: &str) -> impl Iterator<Item = Reference> + '_ {
    PLACE_NAMED.captures_iter(text).filter_map(|c| {
        let place = c.name("place")?;
        let words: Vec<&str> = place.as_str().split_whitespace().collect();
        let names_a_place = words.iter().all(|w| {
            !GENERIC.contains(&w.to_lowercase().as_str())
                && !NOT_PLACE.contains(w)
                && !NOT_TITLE_START.contains(w)
                // "the Secretary-General's agreement": consent, not an instrument.
                && !w.ends_with("'s")
                && !w.ends_with("’s")
        });
        if !names_a_place {
            return None;
        }
        let whole = c.get(0)?;
        let capitalised = |w: &str| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        };
        let mut label = words.join(" ");
        for word in c
            .name("qualifier")
            .map_or("", |q| q.as_str())
            .split_whitespace()
            .chain([c.name("head")?.as_str()])
        {
            label.push(' ');
            label.push_str(&capitalised(word));
        }
        Some(reference(
            place.start(),
            whole.end(),
            Cited::Unregistered {
                label,
                kind: InstrumentKind::Treaty,
            },
        ))
    })
}

/// Titles in quotation marks that name an instrument.
fn quoted_titles(text: &str) -> impl Iterator<Item = Reference> + '_ {
    QUOTED.captures_iter(text).filter_map(|c| {
        let title = c.name("title")?;
        let introduced = c.name("intro");
        if introduced.is_none() && !INSTRUMENT_WORD.is_match(title.as_str()) {
            return None;
        }
        let declaration = |s: &str| s.to_lowercase().contains("declara");
        let kind =
            if introduced.is_some_and(|i| declaration(i.as_str())) || declaration(title.as_str()) {
                InstrumentKind::Declaration
            } else {
                InstrumentKind::Treaty
            };
        let trimmed = title.as_str().trim_end_matches([',', '.', ' ']);
        let label = trimmed.to_owned();
        Some(reference(
            title.start(),
            title.start() + trimmed.len(),
            Cited::Unregistered { label, kind },
        ))
    })
}

/// The preposition before a title and its capitalised words ("of" in "of the Armistice
/// Agreement").
fn governing_preposition(before_head: &str) -> Option<&str> {
    before_head
        .split_whitespace()
        .rev()
        .skip_while(|w| starts_upper(w))
        .find(|w| *w != "the")
}

fn follows_indefinite_article(before: &str) -> bool {
    let before = before.trim_end();
    before.ends_with(" a") || before.ends_with(" an") || before == "a" || before == "an"
}

/// "[srael-Jordan" → "Israel-Jordan": a bracket opening a word before a lower-case letter is
/// OCR for a capital I.
fn repair_ocr(label: &str) -> String {
    let mut repaired = String::with_capacity(label.len());
    let mut previous: Option<char> = None;
    let mut chars = label.chars().peekable();
    while let Some(c) = chars.next() {
        let word_start = previous.is_none_or(char::is_whitespace);
        if c == '[' && word_start && chars.peek().is_some_and(|n| n.is_lowercase()) {
            repaired.push('I');
        } else {
            repaired.push(c);
        }
        previous = Some(c);
    }
    repaired
}

/// A capitalised word, or one whose capital I OCR read as a bracket ("[srael").
fn starts_upper(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some('[') => chars.next().is_some_and(char::is_lowercase),
        first => first.is_some_and(char::is_uppercase),
    }
}

/// Byte offset of the n-th whitespace-separated word.
fn find_nth_word_start(text: &str, n: usize) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            if count == n {
                return i;
            }
            count += 1;
            in_word = true;
        }
    }
    text.len()
}

/// Drops trailing lower-case connectors ("… between Israel and") from a title tail.
fn trim_connectors(tail: &str) -> &str {
    let mut tail = tail.trim_end();
    loop {
        let Some((rest, last)) = tail.rsplit_once(char::is_whitespace) else {
            return tail;
        };
        if last.chars().next().is_some_and(char::is_lowercase) {
            tail = rest.trim_end();
        } else {
            return tail;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        find(text, first_head_noun(text, 0, text.len()))
            .into_iter()
            .map(|r| match r.cited {
                Cited::Unregistered { label, .. } => label,
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn recognises_unregistered_titles() {
        assert_eq!(
            labels("Welcoming the Peace Agreement between the Government of the Republic of Rwanda and the Rwandese Patriotic Front, signed at Arusha on 4 August 1993, and"),
            vec!["Peace Agreement between the Government of the Republic of Rwanda and the Rwandese Patriotic Front signed at Arusha on 4 August 1993"]
        );
        assert_eq!(
            labels("the provisions of the Treaty of Guarantee"),
            vec!["Treaty of Guarantee"]
        );
        assert_eq!(
            labels("the Renville Truce Agreement"),
            vec!["Renville Truce Agreement"]
        );
        assert_eq!(
            labels("the General Peace Agreement (S/24406)"),
            vec!["General Peace Agreement"]
        );
    }

    #[test]
    fn head_words_are_plain_strings() {
        // HEAD_WORDS reads HEADS as strings; only a plural "s?" may be regex syntax.
        for head in HEADS.split('|') {
            let word = head.strip_suffix("s?").unwrap_or(head);
            assert!(
                word.chars().all(|c| c.is_alphabetic() || c == ' '),
                "{head}"
            );
        }
    }

    #[test]
    fn no_head_noun_ends_another() {
        // `head_noun_len` reads the head back from its end, which must be unambiguous.
        let nouns: Vec<String> = head_nouns()
            .flat_map(|(singular, plural)| {
                let plural = plural.then(|| format!("{singular}s"));
                std::iter::once(singular.to_owned()).chain(plural)
            })
            .collect();
        for noun in &nouns {
            assert_eq!(head_noun_len(&format!("the {noun}")), Some(noun.len()));
            for other in &nouns {
                assert!(
                    other == noun || !noun.ends_with(other.as_str()),
                    "{other}, {noun}"
                );
            }
        }
    }

    /// The search that starts at `prefix_bound` finds the shape the whole text has.
    #[test]
    fn prefix_bound_keeps_the_leftmost_shape() {
        for text in [
            "so One Two  Three\nFour Five Six Seven Eight Nine Ten Agreement on Trade",
            "of the One Two Three Agreement",
            "(see the Final Act), the [srael-Jordan O'Neil St. John 1999 of the Treaty",
            "a\u{a0}b c d e f g h i j Convention",
            "Convention",
        ] {
            let head = HEAD_WORDS.first(text).unwrap();
            let from = prefix_bound(&text[..head]);
            let bounded = PREFIX_AND_HEAD.find(&text[from..]).unwrap();
            let whole = PREFIX_AND_HEAD.find(text).unwrap();
            assert_eq!(
                from + bounded.start()..from + bounded.end(),
                whole.range(),
                "{text}"
            );
        }
    }

    #[test]
    fn generic_heads_made_specific_by_where_and_when_they_were_made() {
        // S/RES/866 (1993): "signed by … in <place> on <date>".
        assert_eq!(
            labels("Noting that the Peace Agreement signed by the three Liberian parties in\nCotonou on 25 July 1993 calls on the United Nations"),
            vec!["Peace Agreement signed by the three Liberian parties in\nCotonou on 25 July 1993"]
        );
        // S/RES/886 (1993): "signed in <place> on <date>".
        assert_eq!(
            labels("Affirming that the General Agreement signed in Addis Ababa on 8\nJanuary 1993 31 and"),
            vec!["General Agreement signed in Addis Ababa on 8\nJanuary 1993"]
        );
        // S/RES/787 (1992): "issued on <date> at <place>".
        assert_eq!(
            labels(
                "3/ the Joint Communiqué issued on 1 November 1992 at\nZagreb by the Presidents"
            ),
            vec!["Joint Communiqué issued on 1 November 1992 at\nZagreb"]
        );
        // S/RES/637 (1989): "adopted by … at their meeting held in <place> on <date>".
        assert_eq!(
            labels("the Joint Declaration adopted by the Central American Presidents at their meeting held in El\nSalvador on 14 February 1989,"),
            vec!["Joint Declaration adopted by the Central American Presidents at their meeting held in El\nSalvador on 14 February 1989"]
        );
    }

    #[test]
    fn lower_case_agreement_named_by_its_place() {
        // S/RES/463 (1980), S/RES/783 (1992), S/RES/622 (1988).
        assert_eq!(
            labels("2. Calls upon all parties to comply with the Lancaster House agreement:"),
            vec!["Lancaster House Agreement"]
        );
        assert_eq!(
            labels("Authority in the implementation of the Paris agreements,"),
            vec!["Paris Agreements"]
        );
        assert_eq!(
            labels("in accordance\nwith the Geneva agreements."),
            vec!["Geneva Agreements"]
        );
        // S/RES/783 (1992): the head noun opens a line.
        assert_eq!(
            labels("Authority to ensure the effective implementation of the Paris\nagreements"),
            vec!["Paris Agreements"]
        );
        // Who made an agreement, or its kind, is not a name.
        assert!(labels("the Government agreement and the Security Council accord").is_empty());
        assert!(labels("the General agreement was reached").is_empty());
        // S/RES/637 (1989).
        assert!(labels("with the Secretary-General's agreement").is_empty());
    }

    #[test]
    fn lower_case_designation_of_a_dated_located_instrument() {
        // S/RES/793 (1992).
        assert_eq!(
            labels("3. Welcomes the joint declaration of the Government of Angola and UNITA\nmade in Namibe on 26 November 1992 and urges them"),
            vec!["joint declaration of the Government of Angola and UNITA\nmade in Namibe on 26 November 1992"]
        );
        // S/RES/721 (1991).
        assert_eq!(
            labels("full compliance by all parties with the\nagreement signed in Geneva on 23 November 1991 and"),
            vec!["agreement signed in Geneva on 23 November 1991"]
        );
        // Without both place and date, or as a group, a designation names nothing.
        assert!(labels(
            "the agreement signed on 23 November 1991 and the agreement reached in Geneva"
        )
        .is_empty());
        assert!(labels("the cease-fire agreements signed at Mogadishu on 3 March 1992").is_empty());
    }

    #[test]
    fn place_named_only_where_its_head_ends_a_word() {
        for text in [
            "the Lancaster House agreement",
            "the Paris agreements, and",
            "the Arusha peace accord.",
            "the Bicesse accords_",
            "the Bicesse accordsx and the Lusaka agreement",
            "in accordance with the Paris agreementé",
            "in accordance with the Paris agreementsé",
            "the Paris agreements2 and the Geneva accordance",
            "the Paris agreementss",
            "the Paris Agreement",
        ] {
            let may = may_be_place_named(text.as_bytes());
            assert!(may || !PLACE_NAMED.is_match(text), "{text}");
            assert_eq!(may, PLACE_NAMED.ascii().is_match(text), "{text}");
        }
        // `find` looks for them from the first lower-case head of a designation on.
        for head in ["agreement", "accord"] {
            assert_eq!(DESIGNATION_HEADS.first(head), Some(0));
        }
    }

    #[test]
    fn quoted_titles() {
        // S/RES/637 (1989): a head noun introduces the quoted title.
        assert_eq!(
            labels("Welcoming the agreement on “Procedures for the\nestablishment of a firm and lasting peace in Central\nAmerica” signed at Guatemala City on 7 August 1987"),
            vec!["Procedures for the\nestablishment of a firm and lasting peace in Central\nAmerica"]
        );
        // S/RES/785 (1992): the quoted title names an instrument in its own language.
        assert_eq!(
            labels(r#"entered into under the "Acordos de Paz para Angola" will be rejected"#),
            vec!["Acordos de Paz para Angola"]
        );
        // S/RES/793 (1992): doubled opening marks.
        assert_eq!(
            labels(
                "measures under the\nCharter to secure implementation of the \"“Acordos de Paz\";"
            ),
            vec!["Acordos de Paz"]
        );
        // Quoted names of other things are not instruments.
        assert!(labels("the question entitled “The situation between Iran and Iraq” and the “Adjusted timetable”").is_empty());
    }

    #[test]
    fn tails_plurals_and_inner_words() {
        // S/RES/766 (1992): "a" after the tail's preposition.
        assert_eq!(
            labels("annex 2\nof the Agreement on a Comprehensive Political Settlement of\nthe Cambodia Conflict and that"),
            vec!["Agreement on a Comprehensive Political Settlement of\nthe Cambodia Conflict"]
        );
        // S/RES/418 (1977): "against" is a word of the tail, not "a" and a cut.
        assert_eq!(
            labels("Taking note of the Lagos Declaration for Action\nagainst Apartheid, 16"),
            vec!["Lagos Declaration for Action\nagainst Apartheid"]
        );
        // S/RES/729 (1992): a second title inside the first one's tail.
        assert_eq!(
            labels("in particular the Agreement on the Cessation of the Armed\nConflict and the Agreement on the Establishment of a National\nCivil Police;"),
            vec![
                "Agreement on the Cessation of the Armed\nConflict",
                "Agreement on the Establishment of a National\nCivil Police"
            ]
        );
        // S/RES/332 (1973): a parallel complement ends the tail.
        assert_eq!(
            labels("in contravention of the Charter of the United Nations,\nof the Armistice Agreement between Israel and Lebanon and of the Council’s cease-fire resolutions;"),
            vec!["Armistice Agreement between Israel and Lebanon"]
        );
        // S/RES/16 (1947): "with" opens a tail.
        assert_eq!(
            labels("the annexes to the\nproposed Peace Treaty with Italy relating to the creation"),
            vec!["Peace Treaty with Italy"]
        );
        // S/RES/837 (1993): "and on" inside a title.
        assert_eq!(
            labels("and in particular with their Agreement\non Implementing the Cease-fire and on Modalities of Disarmament (S/25168,"),
            vec!["Agreement\non Implementing the Cease-fire and on Modalities of Disarmament"]
        );
        // S/RES/850 (1993): "of" inside a capitalised prefix.
        assert_eq!(
            labels("the signature of the Status of Forces Agreement\nbetween the Government of Mozambique and the United Nations, and"),
            vec!["Status of Forces Agreement\nbetween the Government of Mozambique and the United Nations"]
        );
        // S/RES/866 (1993): an agreement to be concluded, not cited.
        assert!(labels("to conclude expeditiously, and no\nlater than 60 days after its installation, a Status of Mission Agreement with\nthe United Nations").is_empty());
        // S/RES/840 (1993), S/RES/693 (1991): a place names a plural.
        assert_eq!(
            labels("the provisions of the Paris Agreements and the Mexico Agreements between the two parties"),
            vec!["Paris Agreements", "Mexico Agreements"]
        );
        // S/RES/95 (1951): plurals described by their parties are groups.
        assert!(labels("relating to the conclusion of Armistice Agreements\nbetween Israel and the neighbouring Arab States it drew").is_empty());
        assert!(labels(
            "the General Armistice Agreements between Israel and the neighbouring Arab States"
        )
        .is_empty());
        // S/RES/156 (1960), S/RES/693 (1991): more head nouns.
        assert_eq!(
            labels("the Final Act of the Sixth Meeting of Consultation of\nMinisters of Foreign Affairs of the American Republics, 14"),
            vec!["Final Act of the Sixth Meeting of Consultation of\nMinisters of Foreign Affairs of the American Republics"]
        );
        assert_eq!(
            labels("and the Caracas Agenda of 21 May 1990 132 concluded between"),
            vec!["Caracas Agenda of 21 May 1990"]
        );
    }

    #[test]
    fn ocr_bracket_for_a_capital_i() {
        // S/RES/127 (1958).
        assert_eq!(
            labels("4. Calls upon the parties to the [srael-Jordan General\nArmistice Agreement to co-operate"),
            vec!["Israel-Jordan General\nArmistice Agreement"]
        );
    }

    #[test]
    fn never_invents_from_generic_phrases() {
        assert!(labels("all relevant conventions and human rights instruments").is_empty());
        assert!(labels("the Agreement and the Armistice Agreements").is_empty());
        assert!(labels("Recalling the Convention, the Peace Agreement").is_empty());
        assert!(labels("Welcoming the signature of a Commonwealth Covenant").is_empty());
        assert!(labels("the peace process, an agreement and the Agreements").is_empty());
        // A/RES/63/156: an action plan is not an instrument under the annotation rules.
        assert!(labels(
            "the Action Plan for the Asia-Pacific region of the Asian Regional Initiative"
        )
        .is_empty());
    }
}
