//! Recognition: find the places in a paragraph where something is cited, and say what the text
//! says there — a title from the registry, "the Optional Protocol thereto", a Treaty Series
//! footnote, an ILO convention number, a resolution or a document symbol, or a title-shaped
//! phrase naming an instrument the registry does not know.
//!
//! Recognisers see one paragraph at a time and know nothing of other paragraphs; linking an
//! anaphor to its antecedent and a footnote to its marker is the resolver's work.

mod anaphora;
mod articles;
mod document_symbols;
mod ilo;
mod resolutions;
mod shapes;
mod titles;
mod treaty_series;

use std::sync::LazyLock;

use crate::pattern::AnyWord;

pub use titles::TitleIndex;
pub use treaty_series::{Series, SAME_VOLUME};

use crate::resolve::registry::{InstrumentKind, Registry};
use crate::symbols::Organ;

/// What a stretch of text cites, as the text says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cited {
    /// A registry instrument named by title, alias or acronym.
    Instrument { key: String },
    /// "the Optional Protocol thereto", "the Protocols thereto" — protocols of the instrument
    /// named before; `qualifier` is the "on the sale of children …" that picks one of several;
    /// `particular` marks "the Protocols thereto, in particular …", which names its members next.
    Thereto {
        plural: bool,
        qualifier: Option<String>,
        particular: bool,
    },
    /// "the Convention", "the Covenant": the last instrument of that kind named before.
    ShortForm { head: String },
    /// "United Nations, Treaty Series, vol. 2237, No. 39574" (or "Ibid., …").
    TreatySeries {
        series: Series,
        /// (volume, registration number) pairs.
        entries: Vec<(u32, u32)>,
    },
    /// An ILO convention or protocol by number ("C182").
    Ilo { code: String },
    /// A resolution, by normalised symbol, with its part ("A") when printed.
    Resolution {
        symbol: String,
        part: Option<String>,
    },
    /// Any other UN document symbol.
    Document { symbol: String },
    /// A title-shaped phrase naming an instrument absent from the registry.
    Unregistered { label: String, kind: InstrumentKind },
}

/// One reference found in a paragraph: byte offsets into the paragraph text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub start: usize,
    pub end: usize,
    pub cited: Cited,
    /// "article 7", "Chapter VII", "Articles 39 and 40".
    pub article: Option<String>,
}

/// What recognisers need to know about the citing document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The organ that adopted the citing resolution ("its resolution" means this organ's).
    pub organ: Option<Organ>,
    /// The citing resolution's own symbol, which is never a citation of itself.
    pub own_symbol: Option<&'a str>,
}

/// All recognisers, built once from the registry.
pub struct Recogniser {
    titles: TitleIndex,
}

impl Recogniser {
    pub fn new(registry: &Registry) -> Self {
        Recogniser {
            titles: TitleIndex::new(registry),
        }
    }

    /// Finds every reference in a paragraph, in text order, without overlaps (a longer, more
    /// specific reference wins over one inside it).
    pub fn recognise(&self, text: &str, context: &Context<'_>) -> Vec<Reference> {
        self.recognise_where(text, context, Triggers::of(text))
    }

    /// `recognise`, running only the recognisers whose trigger words the text has.
    fn recognise_where(
        &self,
        text: &str,
        context: &Context<'_>,
        triggers: Triggers,
    ) -> Vec<Reference> {
        let mut found = Vec::new();
        found.extend(self.titles.find(text));
        found.extend(treaty_series::find(text));
        if triggers.instrument_word {
            found.extend(ilo::find(text));
        }
        if let Some(first_keyword) = triggers.resolution {
            found.extend(resolutions::find(text, context, first_keyword));
        }
        if triggers.slash {
            found.extend(document_symbols::find(text, context));
        }
        // Anaphors and title shapes count only where no registry title or number was found.
        let anaphors = if triggers.instrument_word {
            anaphora::find(text)
        } else {
            Vec::new()
        };
        let fallbacks: Vec<Reference> = anaphors
            .into_iter()
            .chain(shapes::find(text, triggers.first_head_noun))
            .filter(|s| !found.iter().any(|f| overlaps(f, s)))
            .collect();
        found.extend(fallbacks);
        for reference in &mut found {
            if reference.article.is_none() && is_instrument(&reference.cited) {
                reference.article = articles::article_before(&text[..reference.start]);
            }
        }
        remove_nested(found)
    }
}

/// Words without which a recogniser cannot match, looked for with SIMD searches, so that its
/// patterns run only on the paragraphs that have them (most have none: the patterns' own
/// prefilters fire on words as common as "the", "its" or "Council"). Each trigger is exact:
/// it follows from the recogniser's patterns, and the test `triggers_never_change_a_result`
/// compares with and without them on every paragraph of the corpus.
#[derive(Debug, Clone, Copy)]
struct Triggers {
    /// A head noun of `anaphora` ("the Convention", "the Optional Protocol thereto") and of
    /// `ilo` ("Convention No. 182", "Protocol, 2014 (No. 29)"), in that case.
    instrument_word: bool,
    /// Where "resolution" first stands, in any ASCII case: `resolutions` needs "[Rr]esolution"
    /// or "RESOLUTION" before a list, or the word (case-insensitive, lower-cased to
    /// "resolution…") before a dated number.
    resolution: Option<usize>,
    /// "/": every symbol of `document_symbols` has one.
    slash: bool,
    /// Where the first head noun of a title shape starts (`shapes::first_head_noun`): the
    /// instrument words are among the head nouns, so none comes before it.
    first_head_noun: Option<usize>,
}

/// The head nouns of `anaphora` and `ilo`: capitalised words that end in lower case, so that no
/// two occurrences overlap and the first match says whether there is one. Each starts with a
/// head noun of `shapes` (see `Triggers::first_head_noun`).
const INSTRUMENT_WORDS: [&str; 8] = [
    "Convention",
    "Covenant",
    "Statute",
    "Protocol",
    "Treaty",
    "Agreement",
    "Charter",
    "Declaration",
];

/// Any of [`INSTRUMENT_WORDS`].
static INSTRUMENT_WORD: LazyLock<AnyWord> = LazyLock::new(|| AnyWord::new(INSTRUMENT_WORDS));

impl Triggers {
    fn of(text: &str) -> Triggers {
        let first_head_noun = shapes::first_head_noun(text, 0, text.len());
        Triggers {
            instrument_word: first_head_noun
                .is_some_and(|head| INSTRUMENT_WORD.is_match(&text[head..])),
            resolution: resolutions::KEYWORD_WORD.find_iter(text).next(),
            slash: memchr::memchr(b'/', text.as_bytes()).is_some(),
            first_head_noun,
        }
    }

    /// Every recogniser runs.
    #[cfg(test)]
    fn all(text: &str) -> Triggers {
        Triggers {
            instrument_word: true,
            resolution: Some(0),
            slash: true,
            first_head_noun: shapes::first_head_noun(text, 0, text.len()),
        }
    }
}

fn is_instrument(cited: &Cited) -> bool {
    matches!(
        cited,
        Cited::Instrument { .. } | Cited::ShortForm { .. } | Cited::Unregistered { .. }
    )
}

fn overlaps(a: &Reference, b: &Reference) -> bool {
    a.start < b.end && b.start < a.end
}

/// Sorts by position and drops references lying inside a longer one of the same family
/// (an anaphor inside a title, a resolution number inside a symbol).
fn remove_nested(mut found: Vec<Reference>) -> Vec<Reference> {
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut kept: Vec<Reference> = Vec::with_capacity(found.len());
    for reference in found {
        let nested = kept.iter().any(|k| {
            k.start <= reference.start
                && reference.end <= k.end
                && (k.start, k.end) != (reference.start, reference.end)
                && !compatible_nesting(&k.cited, &reference.cited)
        });
        let duplicate = kept.iter().any(|k| k == &reference);
        if !nested && !duplicate {
            kept.push(reference);
        }
    }
    kept
}

/// References that may legitimately sit inside another: a title inside an ILO reference span
/// ("Worst Forms of Child Labour Convention, 1999 (No. 182)") is merged later, and a resolution
/// named inside a title ("… adopted by resolution 2106 A (XX)") is its own citation.
fn compatible_nesting(outer: &Cited, inner: &Cited) -> bool {
    matches!(
        (outer, inner),
        (Cited::Ilo { .. }, Cited::Instrument { .. })
            | (Cited::Instrument { .. }, Cited::Ilo { .. })
            | (_, Cited::Resolution { .. })
            | (Cited::Unregistered { .. }, Cited::Document { .. })
    )
}

/// The last `max_bytes` (or fewer, at a character boundary) of a text: the window in which
/// recognisers look back for an article or an organ before a reference.
fn tail(text: &str, max_bytes: usize) -> &str {
    let start = text.len().saturating_sub(max_bytes);
    let start = (start..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    &text[start..]
}

/// Builds a reference; shared by the recognisers.
fn reference(start: usize, end: usize, cited: Cited) -> Reference {
    Reference {
        start,
        end,
        cited,
        article: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_path;
    use crate::resolve::registry::Registry;
    use crate::store::collect_inputs;

    /// The text of every paragraph and footnote of the bundled corpus.
    pub(super) fn corpus_paragraphs() -> Vec<String> {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
        let mut texts = Vec::new();
        for path in collect_inputs(&[corpus]).unwrap() {
            if let Ok(source) = read_path(&path) {
                let document = crate::structure::structure(&source);
                texts.extend(document.paragraphs.into_iter().map(|p| p.text));
            }
        }
        texts
    }

    /// Checks a search that starts a pattern only at some places against `find_iter`, on some
    /// texts and on every paragraph and footnote of the bundled corpus; the number of matches.
    pub(super) fn assert_searched_as_find_iter(
        pattern: &crate::pattern::Pattern,
        made: &[&str],
        search: impl Fn(&str) -> Vec<regex::Match<'_>>,
    ) -> usize {
        let mut texts: Vec<String> = made.iter().map(|&text| text.to_owned()).collect();
        texts.extend(corpus_paragraphs());
        let mut matches = 0;
        for text in &texts {
            let expected: Vec<_> = pattern.find_iter(text).map(|m| m.range()).collect();
            let searched: Vec<_> = search(text).into_iter().map(|m| m.range()).collect();
            assert_eq!(searched, expected, "{text}");
            matches += expected.len();
        }
        matches
    }

    /// An instrument word is found from the first head noun on only if none can come before it.
    #[test]
    fn instrument_words_start_with_head_nouns() {
        for word in INSTRUMENT_WORDS {
            assert_eq!(
                shapes::first_head_noun(word, 0, word.len()),
                Some(0),
                "{word}"
            );
        }
    }

    /// The triggers only skip work: on every paragraph and footnote of the corpus, recognition
    /// finds the same references with them as with every recogniser run. A recogniser that
    /// learns a form without its trigger word fails here.
    #[test]
    fn triggers_never_change_a_result() {
        let recogniser = Recogniser::new(&Registry::bundled().unwrap());
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
        let mut paragraphs = 0;
        for path in collect_inputs(&[corpus]).unwrap() {
            let Ok(source) = read_path(&path) else {
                continue;
            };
            let document = crate::structure::structure(&source);
            let context = Context {
                organ: document.meta.organ_id,
                own_symbol: document.meta.symbol.as_deref(),
            };
            for paragraph in &document.paragraphs {
                let text = paragraph.text.as_str();
                assert_eq!(
                    recogniser.recognise(text, &context),
                    recogniser.recognise_where(text, &context, Triggers::all(text)),
                    "{}: {text}",
                    path.display()
                );
                paragraphs += 1;
            }
        }
        assert!(paragraphs > 10_000, "{paragraphs} paragraphs");
    }
}
