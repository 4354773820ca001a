//! The extraction pipeline (read → structure → recognise → resolve → annotate): one source file
//! in, its metadata and citations out. Stores, exports and the JSON interface all start here.

pub mod batch;
mod function;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use std::sync::LazyLock;

use crate::pattern::Pattern;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::read::{self, Limits, SourceFormat, SourceText};
use crate::recognise::{Context, Recogniser, Reference};
use crate::resolve::registry::Registry;
use crate::resolve::{Resolved, Resolver, Target, TargetKind};
use crate::structure::{self, Document, Function, Metadata, Paragraph, ParagraphKind};

pub use function::citation_function;

/// How a citation was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A registry title, alias or acronym.
    Name,
    /// A footnote identified it (Treaty Series, resolution, document).
    Footnote,
    /// "thereto", "the Convention".
    Anaphora,
    /// A group named for its members ("the Geneva Conventions").
    Group,
    /// A number: ILO convention, resolution or document symbol.
    Number,
    /// A title shape absent from the registry.
    Shape,
    /// The publisher linked it (an AKN4UN `<ref href>` to a UN symbol or a registry instrument).
    Markup,
    /// Named by the resolution that adopted it ("the 2016 political declaration on HIV and AIDS,
    /// adopted in its resolution 70/266"), which the registry knows.
    AdoptingResolution,
}

/// Where a citation's offsets point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanIn {
    Paragraph,
    Footnote,
}

/// One citation: a target, where it is cited, how and why we think so.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub target: Target,
    /// Paragraph that cites: "PP1", "OP9", "HD", or "FN6" for footnotes no marker points to.
    pub paragraph: String,
    /// Footnote that supports or carries the citation: "FN7".
    pub footnote: Option<String>,
    pub function: Function,
    /// The paragraph's opening phrase as printed ("Also urges").
    pub verb: Option<String>,
    /// Surface form.
    pub text: String,
    /// Character offsets of `text` in the paragraph (or footnote, see `span_in`).
    pub start: usize,
    pub end: usize,
    pub span_in: SpanIn,
    pub evidence: Vec<Evidence>,
    /// "article 7", "Chapter VII".
    pub article: Option<String>,
    /// Part of a resolution ("A").
    pub part: Option<String>,
}

/// The source file an extraction came from.
#[derive(Debug, Clone, Serialize)]
pub struct SourceFile {
    pub path: String,
    pub file_name: String,
    pub sha256: String,
    pub format: SourceFormat,
    pub bytes: usize,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Serialize)]
pub struct Extraction {
    pub document: Metadata,
    pub source: SourceFile,
    #[serde(skip)]
    pub structure: Document,
    pub citations: Vec<Citation>,
}

impl Extraction {
    /// Distinct targets, in a stable order.
    pub fn targets(&self) -> BTreeSet<&Target> {
        self.citations.iter().map(|c| &c.target).collect()
    }

    /// The symbol used to name the document's graph: its UN symbol, else a name derived
    /// from the file's hash (deterministic across machines).
    pub fn graph_key(&self) -> String {
        self.document
            .symbol
            .clone()
            .unwrap_or_else(|| format!("unidentified/{}", &self.source.sha256[..16]))
    }
}

/// The extractor: registry and recognisers, built once and shared across documents and threads.
pub struct Extractor {
    registry: Registry,
    recogniser: Recogniser,
    limits: Limits,
}

impl Extractor {
    pub fn new(registry: Registry) -> Self {
        let recogniser = Recogniser::new(&registry);
        Extractor {
            registry,
            recogniser,
            limits: Limits::default(),
        }
    }

    /// The same extractor with other limits on input.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The limits `extract_path` and `extract_bytes` enforce.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// An extractor over the bundled registry.
    pub fn bundled() -> Result<Self> {
        Ok(Self::new(Registry::bundled()?))
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Reads and extracts one file. Its size is checked before it is read.
    pub fn extract_path(&self, path: &Path) -> Result<Extraction> {
        use std::io::Read;
        let cannot_read =
            |e: std::io::Error| crate::Error::input(path, format!("cannot read file: {e}"));
        // One open for the size check and the read: the path is looked up once.
        let file = std::fs::File::open(path).map_err(cannot_read)?;
        let size = file.metadata().map_err(cannot_read)?.len();
        self.limits
            .check_file_size(size)
            .map_err(|reason| crate::Error::input(path, reason))?;
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Through `take`: one read of the size checked, where `File::read_to_end` would ask the
        // system for the size and position again and read once more to see the end (4 system
        // calls per file instead of 7). A file that grows meanwhile is read up to that size.
        file.take(size)
            .read_to_end(&mut bytes)
            .map_err(cannot_read)?;
        self.extract_bytes(path, &bytes)
    }

    /// Extracts from the bytes of a file (the path only names it), within the limits.
    pub fn extract_bytes(&self, path: &Path, bytes: &[u8]) -> Result<Extraction> {
        let input_error = |reason: String| crate::Error::input(path, reason);
        let source = read::read_bytes_with(bytes, &self.limits).map_err(input_error)?;
        let file = SourceFile {
            path: path.display().to_string(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: hex(&Sha256::digest(bytes)),
            format: source.format,
            bytes: bytes.len(),
        };
        let document = structure::structure(&source);
        if document.paragraphs.is_empty() {
            return Err(input_error("no text paragraphs found".into()));
        }
        self.limits
            .check_paragraphs(document.paragraphs.len())
            .and_then(|()| {
                self.limits
                    .check_footnotes(document.paragraphs_of(ParagraphKind::Footnote).count())
            })
            .map_err(input_error)?;
        Ok(self.extract_structured(&source, document, file))
    }

    /// Extracts from text already read (no limits: the caller has read the text).
    pub fn extract_text(&self, source: &SourceText, file: SourceFile) -> Extraction {
        self.extract_structured(source, structure::structure(source), file)
    }

    /// Cites a document structured from `source` (whose hints carry the publisher's links).
    fn extract_structured(
        &self,
        source: &SourceText,
        document: Document,
        file: SourceFile,
    ) -> Extraction {
        let mut citations = self.cite(&document);
        self.add_marked_references(&document, &source.hints.marked_references, &mut citations);
        Extraction {
            document: document.meta.clone(),
            source: file,
            structure: document,
            citations,
        }
    }

    /// Recognises and resolves the citations of a structured document.
    pub fn cite(&self, document: &Document) -> Vec<Citation> {
        let context = Context {
            organ: document.meta.organ_id,
            own_symbol: document.meta.symbol.as_deref(),
        };
        let mut resolver = Resolver::new(&self.registry);

        // Footnotes first, in order, so that "Ibid." follows its predecessor and markers in the
        // body can take what their footnote identifies.
        let notes: Vec<(&Paragraph, Vec<(Reference, Resolved)>)> = document
            .paragraphs_of(ParagraphKind::Footnote)
            .map(|note| {
                let mut found = self
                    .recogniser
                    .recognise(&note.text, &context)
                    .into_iter()
                    .map(|r| {
                        let resolved = resolver.resolve(&r.cited);
                        (r, resolved)
                    })
                    .collect();
                identify_titles_in_parentheses(&note.text, &mut found);
                (note, found)
            })
            .collect();
        // The first footnote of each number, as markers name them.
        let mut note_of_number: HashMap<u32, usize> = HashMap::new();
        for (i, (note, _)) in notes.iter().enumerate() {
            note_of_number.entry(note.ordinal).or_insert(i);
        }
        let mut resolver = Resolver::new(&self.registry);
        let mut citations = Vec::new();
        let mut referenced_notes = BTreeSet::new();

        for paragraph in document
            .paragraphs
            .iter()
            .filter(|p| p.kind != ParagraphKind::Footnote)
        {
            let references = self.recogniser.recognise(&paragraph.text, &context);
            let mut resolved: Vec<(Reference, Resolved)> = references
                .into_iter()
                .map(|mut r| {
                    let outcome = resolver.resolve(&r.cited);
                    r.end = thereto_end(&paragraph.text, &r, &outcome);
                    (r, outcome)
                })
                .collect();
            identify_titles_in_parentheses(&paragraph.text, &mut resolved);
            for marker in &paragraph.footnote_refs {
                let Some((note, note_refs)) =
                    note_of_number.get(&marker.number).map(|&i| &notes[i])
                else {
                    continue;
                };
                referenced_notes.insert(marker.number);
                let anchor = resolved
                    .iter_mut()
                    .filter(|(r, o)| {
                        r.end <= marker.offset
                            && marker_follows(&paragraph.text[r.end..marker.offset])
                            && (!o.targets.is_empty() || o.antecedent_missing || o.unregistered)
                    })
                    .last();
                let series_targets: Vec<&Target> = note_refs
                    .iter()
                    .filter(|(_, o)| o.treaty_series)
                    .flat_map(|(_, o)| &o.targets)
                    .collect();
                let mut anchored_by_series = false;
                if let (Some((_, outcome)), false) = (anchor, series_targets.is_empty()) {
                    anchored_by_series = true;
                    merge_footnote(outcome, &series_targets, &note.id);
                }
                for (note_ref, note_outcome) in note_refs {
                    if note_outcome.treaty_series && anchored_by_series {
                        continue;
                    }
                    for target in &note_outcome.targets {
                        citations.push(footnote_citation(
                            paragraph,
                            note,
                            note_ref,
                            target,
                            marker.offset,
                        ));
                    }
                }
            }
            for (reference, outcome) in &resolved {
                for target in &outcome.targets {
                    citations.push(paragraph_citation(paragraph, reference, outcome, target));
                }
            }
            citations.extend(self.adopted_instruments(paragraph, &resolved));
        }
        // Footnotes no marker points to still cite what they name.
        for (note, note_refs) in &notes {
            if referenced_notes.contains(&note.ordinal) {
                continue;
            }
            for (reference, outcome) in note_refs {
                for target in &outcome.targets {
                    citations.push(paragraph_citation(note, reference, outcome, target));
                }
            }
        }
        // What the document itself adopts ("Adopts the following political declaration") is
        // not something it cites; the registry's tg:adoptedBy already links the two.
        if let Some(own) = document.meta.symbol.as_deref() {
            citations.retain(|c| {
                c.target
                    .key
                    .as_deref()
                    .and_then(|key| self.registry.get(key))
                    .is_none_or(|instrument| instrument.adopted_by.as_deref() != Some(own))
            });
        }
        sort_in_reading_order(document, &mut citations);
        dedupe(citations)
    }
}

impl Extractor {
    /// Instruments named through the resolution that adopted them: "the 2016 political
    /// declaration on HIV and AIDS, adopted in its resolution 70/266", "the outcome document …,
    /// as reflected in its resolution 71/3". Cited when the clause before the resolution
    /// announces an adopted text and the registry knows exactly one instrument that resolution
    /// adopted.
    fn adopted_instruments(
        &self,
        paragraph: &Paragraph,
        resolved: &[(Reference, Resolved)],
    ) -> Vec<Citation> {
        /// "… adopted by the General Assembly in its resolution": the verb that ends the clause.
        const ADOPTION_AT_END: &str = r"\b(?:adopted|endorsed|reflected|contained|annexed|set out|approved)(?:\s+(?:by|in|to))?(?:\s+(?:the\s+)?(?:General\s+Assembly|Assembly|Council|its))?(?:\s+resolutions?)?\s*$";
        static ADOPTED_IN: LazyLock<Pattern> = LazyLock::new(|| {
            Pattern::new(&format!(
                r"(?i)\b(?:declaration|outcome document|programme of action|platform for action|plan of action|agenda|strategy|principles|framework)\b(?u:[^;]){{0,400}}?{ADOPTION_AT_END}"
            ))
        });
        // The clause's end alone, searched backwards from it, rules out most clauses before the
        // whole pattern (400 characters of lazy repetition) runs.
        static ENDS_WITH_ADOPTION: LazyLock<Pattern> =
            LazyLock::new(|| Pattern::new(&format!("(?i){ADOPTION_AT_END}")));
        let mut citations = Vec::new();
        for (reference, outcome) in resolved {
            // Only resolutions adopt instruments: other references skip the clause search.
            if !outcome
                .targets
                .iter()
                .any(|t| t.kind == TargetKind::Resolution)
            {
                continue;
            }
            let clause_start = paragraph.text[..reference.start]
                .rfind([';', ':'])
                .map_or(0, |i| i + 1);
            let clause = &paragraph.text[clause_start..reference.start];
            let Some(announced) = ENDS_WITH_ADOPTION
                .is_match(clause)
                .then(|| ADOPTED_IN.find(clause))
                .flatten()
            else {
                continue;
            };
            for target in outcome
                .targets
                .iter()
                .filter(|t| t.kind == TargetKind::Resolution)
            {
                let Some(symbol) = target.symbol.as_deref() else {
                    continue;
                };
                let mut adopted = self.registry.adopted_by(symbol);
                let (Some(instrument), None) = (adopted.next(), adopted.next()) else {
                    continue;
                };
                citations.push(span_citation(
                    paragraph,
                    Target::instrument(instrument),
                    clause_start + announced.start(),
                    reference.end,
                    Evidence::AdoptingResolution,
                ));
            }
        }
        citations
    }
}

/// Whether a footnote marker annotates the reference that ends where `gap` starts: right after
/// it, or after the date and place that complete a title ("…Warfare, signed at Geneva on
/// 17 June 1925,45", "…Time of War, of 12 August 1949, 22").
fn marker_follows(gap: &str) -> bool {
    static COMPLETION: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(
            r"^,?\s+(?:(?:signed|done|adopted|concluded|opened for signature)(?:\s+at\s+[A-Z][\w-]+)?(?:\s+on\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})?|of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|of\s+\d{4})\s*[,;.]?\s*$",
        )
    });
    gap.len() <= 3 || COMPLETION.is_match(gap)
}

/// "the Optional Protocol thereto on the sale of children, …" ends where the protocol's title
/// does; an unmatched qualifier is not part of the reference.
fn thereto_end(text: &str, reference: &Reference, outcome: &Resolved) -> usize {
    let crate::recognise::Cited::Thereto {
        qualifier: Some(_), ..
    } = &reference.cited
    else {
        return reference.end;
    };
    let span = &text[reference.start..reference.end];
    let Some(after) = span.find("thereto").map(|i| i + "thereto".len()) else {
        return reference.end;
    };
    let qualifier_start = after + span[after..].find("on").unwrap_or(0);
    let end = match outcome.qualifier_len {
        Some(len) => qualifier_start + len,
        None => after,
    };
    let mut end = (reference.start + end).min(reference.end);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

impl Extractor {
    /// Takes the citations the publisher marked up (`(href, text)`): a link to a UN symbol or a
    /// registry instrument confirms the citation recognition found at that place (evidence
    /// `markup`), or adds it where recognition missed it. Links to anything else are ignored.
    fn add_marked_references(
        &self,
        document: &Document,
        marked: &[(String, String)],
        citations: &mut Vec<Citation>,
    ) {
        let context = Context {
            organ: document.meta.organ_id,
            own_symbol: document.meta.symbol.as_deref(),
        };
        let mut added = false;
        for (href, text) in marked {
            let Some(target) = self.markup_target(href, &context) else {
                continue;
            };
            let Some((paragraph, start)) = (!text.is_empty())
                .then(|| {
                    document
                        .paragraphs
                        .iter()
                        .find_map(|p| Some((p, p.text.find(text.as_str())?)))
                })
                .flatten()
            else {
                continue;
            };
            let same = |c: &&mut Citation| {
                c.target.iri == target.iri
                    && (c.paragraph == paragraph.id
                        || c.footnote.as_deref() == Some(paragraph.id.as_str()))
            };
            if let Some(existing) = citations.iter_mut().find(same) {
                if !existing.evidence.contains(&Evidence::Markup) {
                    existing.evidence.push(Evidence::Markup);
                    existing.evidence.sort();
                }
                continue;
            }
            citations.push(span_citation(
                paragraph,
                target,
                start,
                start + text.len(),
                Evidence::Markup,
            ));
            added = true;
        }
        if added {
            sort_in_reading_order(document, citations);
        }
    }

    /// The target a link names: a registry instrument by its IRI or its MTDSG reference
    /// (`…ViewDetails.aspx?…&mtdsg_no=IV-11…`), or a UN document by symbol
    /// (`https://undocs.org/S/RES/713(1991)`, `…?symbol=A/63/425`).
    fn markup_target(&self, href: &str, context: &Context<'_>) -> Option<Target> {
        if let Some(key) = href.strip_prefix(crate::model::vocab::INSTRUMENT) {
            return self.registry.get(key).map(Target::instrument);
        }
        let query = |name: &str| {
            let (_, query) = href.split_once('?')?;
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        };
        if let Some(mtdsg) = query("mtdsg_no") {
            let mtdsg = percent_decode(mtdsg);
            return self
                .registry
                .instruments()
                .iter()
                .find(|i| i.mtdsg.as_deref() == Some(mtdsg.as_str()))
                .map(Target::instrument);
        }
        let symbol = match query("symbol") {
            Some(symbol) => symbol,
            None => {
                let path = ["undocs.org/", "docs.un.org/", "documents.un.org/"]
                    .iter()
                    .find_map(|host| href.split_once(host).map(|(_, path)| path))?;
                // An optional language segment: "undocs.org/en/A/63/425".
                match path.split_once('/') {
                    Some((lang, rest))
                        if lang.len() == 2 && lang.chars().all(|c| c.is_ascii_lowercase()) =>
                    {
                        rest
                    }
                    _ => path,
                }
            }
        };
        let symbol = percent_decode(symbol);
        let whole = self
            .recogniser
            .recognise(&symbol, context)
            .into_iter()
            .find(|r| {
                r.start == 0
                    && r.end == symbol.len()
                    && matches!(
                        r.cited,
                        crate::recognise::Cited::Resolution { .. }
                            | crate::recognise::Cited::Document { .. }
                    )
            })?;
        Resolver::new(&self.registry)
            .resolve(&whole.cited)
            .targets
            .into_iter()
            .next()
    }
}

/// Decodes the percent escapes links use in symbols (`%2F`, `%20`, `%28`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A footnote's Treaty Series targets settle or confirm the reference its marker follows.
fn merge_footnote(outcome: &mut Resolved, series: &[&Target], note_id: &str) {
    identify_by_series(outcome, series);
    outcome.footnote = Some(note_id.to_owned());
}

/// "Treaty of Guarantee (United Nations, Treaty Series, vol. 382 (1960), No. 5475)", "Geneva
/// Conventions of 12 August 1949 (United Nations, Treaty Series, vol. 75 (1950), Nos. 970-973)":
/// a Treaty Series reference in parentheses right after a title identifies that title, as a
/// footnote whose marker follows it does. The title's outcome takes the identifiers (one node, named by
/// the title) and the series reference, now part of it, is dropped. `found` is in text order.
fn identify_titles_in_parentheses(text: &str, found: &mut Vec<(Reference, Resolved)>) {
    let mut i = 1;
    while i < found.len() {
        let (before, after) = found.split_at_mut(i);
        let (title_ref, title) = &mut before[i - 1];
        let (series_ref, series) = &after[0];
        let names_instrument = !title.treaty_series
            && !title.targets.is_empty()
            && title.targets.iter().all(Target::is_instrument);
        // Right after the title, or after the date and place that complete it.
        let in_parentheses = title_ref.end <= series_ref.start
            && text[title_ref.end..series_ref.start]
                .trim_end()
                .strip_suffix('(')
                .is_some_and(marker_follows);
        if names_instrument && in_parentheses && series.treaty_series && !series.targets.is_empty()
        {
            let series_targets: Vec<&Target> = series.targets.iter().collect();
            identify_by_series(title, &series_targets);
            found.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Treaty Series targets given for a title settle or confirm what the title resolved to.
fn identify_by_series(outcome: &mut Resolved, series: &[&Target]) {
    let in_series = |t: &Target| series.iter().any(|s| s.iri == t.iri);
    let agrees = outcome.targets.iter().any(in_series);
    // A registry instrument named in the text stands against a footnote the registry cannot
    // place (an unknown UNTS or League of Nations number).
    let named_in_registry =
        !outcome.targets.is_empty() && outcome.targets.iter().all(|t| t.key.is_some());
    let footnote_unknown = series.iter().all(|s| s.key.is_none());
    if agrees {
        // "the Optional Protocols thereto" + "vols. 2171 and 2173": the footnote narrows.
        outcome.targets.retain(|t| in_series(t));
    } else if !(named_in_registry && footnote_unknown) {
        let label = outcome.targets.first().map(|t| t.label.clone());
        outcome.targets = series
            .iter()
            .map(|&s| {
                let mut target = s.clone();
                // An unregistered title identified by its UNTS footnote keeps the printed title.
                if outcome.unregistered {
                    if let Some(label) = &label {
                        target.label = label.clone();
                    }
                }
                target
            })
            .collect();
    }
    outcome.treaty_series = true;
    outcome.unregistered = false;
    outcome.antecedent_missing = false;
}

fn paragraph_citation(
    paragraph: &Paragraph,
    reference: &Reference,
    outcome: &Resolved,
    target: &Target,
) -> Citation {
    let end = reference.end;
    let text = &paragraph.text[reference.start..end];
    let mut evidence = vec![evidence_of(reference, outcome)];
    if outcome.footnote.is_some() {
        evidence.push(Evidence::Footnote);
    }
    if outcome.targets.len() > 1 && !outcome.anaphora && !outcome.treaty_series {
        evidence.push(Evidence::Group);
    }
    evidence.sort();
    evidence.dedup();
    let function = paragraph_function(paragraph, reference.start);
    let part = match &reference.cited {
        crate::recognise::Cited::Resolution { part, .. } => part.clone(),
        _ => None,
    };
    Citation {
        target: target.clone(),
        paragraph: paragraph.id.clone(),
        footnote: outcome.footnote.clone(),
        function,
        verb: paragraph.opening.as_ref().map(|o| o.text.clone()),
        text: text.to_owned(),
        start: char_offset(&paragraph.text, reference.start),
        end: char_offset(&paragraph.text, end),
        span_in: SpanIn::Paragraph,
        evidence,
        article: reference.article.clone(),
        part,
    }
}

/// The function of a citation at byte `at` of a paragraph: its verb's, sharpened for calls to
/// ratify or implement; a footnote's text has no verb and merely cites.
fn paragraph_function(paragraph: &Paragraph, at: usize) -> Function {
    if paragraph.kind == ParagraphKind::Footnote {
        Function::Cites
    } else {
        citation_function(paragraph, at)
    }
}

/// A citation of `target` by the text `start..end` (byte offsets) of a paragraph, on one kind of
/// evidence, with no footnote, article or part of its own.
fn span_citation(
    paragraph: &Paragraph,
    target: Target,
    start: usize,
    end: usize,
    evidence: Evidence,
) -> Citation {
    Citation {
        target,
        paragraph: paragraph.id.clone(),
        footnote: None,
        function: paragraph_function(paragraph, start),
        verb: paragraph.opening.as_ref().map(|o| o.text.clone()),
        text: paragraph.text[start..end].to_owned(),
        start: char_offset(&paragraph.text, start),
        end: char_offset(&paragraph.text, end),
        span_in: SpanIn::Paragraph,
        evidence: vec![evidence],
        article: None,
        part: None,
    }
}

fn footnote_citation(
    paragraph: &Paragraph,
    note: &Paragraph,
    reference: &Reference,
    target: &Target,
    marker: usize,
) -> Citation {
    let part = match &reference.cited {
        crate::recognise::Cited::Resolution { part, .. } => part.clone(),
        _ => None,
    };
    Citation {
        target: target.clone(),
        paragraph: paragraph.id.clone(),
        footnote: Some(note.id.clone()),
        function: citation_function(paragraph, marker),
        verb: paragraph.opening.as_ref().map(|o| o.text.clone()),
        text: note.text[reference.start..reference.end].to_owned(),
        start: char_offset(&note.text, reference.start),
        end: char_offset(&note.text, reference.end),
        span_in: SpanIn::Footnote,
        evidence: vec![Evidence::Footnote],
        article: reference.article.clone(),
        part,
    }
}

fn evidence_of(reference: &Reference, outcome: &Resolved) -> Evidence {
    use crate::recognise::Cited::*;
    match &reference.cited {
        Instrument { .. } => Evidence::Name,
        Thereto { .. } | ShortForm { .. } => Evidence::Anaphora,
        TreatySeries { .. } => Evidence::Footnote,
        Ilo { .. } | Resolution { .. } | Document { .. } => Evidence::Number,
        Unregistered { .. } if outcome.treaty_series => Evidence::Name,
        // A re-mention of an instrument named before in the document.
        Unregistered { .. } if outcome.anaphora => Evidence::Anaphora,
        Unregistered { .. } => Evidence::Shape,
    }
}

/// Sorts citations in reading order: paragraph by paragraph, text before footnotes, by offset.
/// Paragraph positions are looked up in a map, so the cost stays linear in the paragraphs.
fn sort_in_reading_order(document: &Document, citations: &mut [Citation]) {
    let mut order: HashMap<&str, usize> = HashMap::new();
    for (i, paragraph) in document.paragraphs.iter().enumerate() {
        order.entry(paragraph.id.as_str()).or_insert(i);
    }
    // The key (a map lookup) is computed once per citation, not once per comparison; the sort
    // stays stable.
    citations.sort_by_cached_key(|c| {
        (
            order
                .get(c.paragraph.as_str())
                .copied()
                .unwrap_or(usize::MAX),
            c.span_in == SpanIn::Footnote,
            c.start,
        )
    });
}

/// Merges citations of one target at one place (an ILO title and its number, say).
/// Candidates are looked up by target, paragraph and span kind, so the cost stays linear in the
/// number of citations.
fn dedupe(citations: Vec<Citation>) -> Vec<Citation> {
    use std::hash::BuildHasher;
    let mut out: Vec<Citation> = Vec::with_capacity(citations.len());
    // Keyed by the place's hash, not a copy of its strings: candidates are compared in full.
    let hasher = std::collections::hash_map::RandomState::new();
    let place = |c: &Citation| hasher.hash_one((&c.target.iri, &c.paragraph, c.span_in));
    let mut by_place: HashMap<u64, Vec<usize>> = HashMap::new();
    for citation in citations {
        let earlier = by_place.entry(place(&citation)).or_default();
        let found = earlier.iter().copied().find(|&i| {
            let other = &out[i];
            other.target.iri == citation.target.iri
                && other.paragraph == citation.paragraph
                && other.span_in == citation.span_in
                && other.start < citation.end
                && citation.start < other.end
        });
        if let Some(existing) = found.map(|i| &mut out[i]) {
            existing.evidence.extend(citation.evidence);
            existing.evidence.sort();
            existing.evidence.dedup();
            if citation.end - citation.start > existing.end - existing.start {
                existing.start = citation.start;
                existing.end = citation.end;
                existing.text = citation.text;
            }
            continue;
        }
        earlier.push(out.len());
        out.push(citation);
    }
    out
}

fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}
