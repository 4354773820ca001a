//! The RDF model: an [`Extraction`] as quads in its document's named graph, plus the registry and
//! ontology graphs. IRIs are derived from symbols, registry keys and paragraph ids only, so two
//! machines ingesting the same file write identical triples. See `docs/MODEL.md`.

pub mod vocab;

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::error::{Error, Result};
use crate::extract::{Citation, Extraction, SpanIn};
use crate::resolve::{Target, TargetKind};
use crate::structure::{Function, Paragraph, ParagraphKind};
use vocab::*;

/// The ontology and function scheme, as shipped.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/treatygraph.ttl");
pub const FUNCTIONS_TTL: &str = include_str!("../../ontology/functions.ttl");

/// Collects quads for one named graph.
struct GraphWriter {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl GraphWriter {
    fn new(graph_iri: &str) -> Self {
        GraphWriter {
            graph: NamedNode::new_unchecked(graph_iri).into(),
            quads: Vec::new(),
        }
    }

    fn add(&mut self, subject: &str, predicate: &str, object: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(NamedNode::new_unchecked(subject)),
            NamedNode::new_unchecked(predicate),
            object,
            self.graph.clone(),
        ));
    }

    fn link(&mut self, subject: &str, predicate: &str, object: &str) {
        self.add(subject, predicate, NamedNode::new_unchecked(object));
    }

    fn types(&mut self, subject: &str, classes: &[&str]) {
        for class in classes {
            self.link(subject, RDF_TYPE, class);
        }
    }

    fn text(&mut self, subject: &str, predicate: &str, value: &str) {
        self.add(subject, predicate, Literal::new_simple_literal(value));
    }

    fn english(&mut self, subject: &str, predicate: &str, value: &str) {
        self.add(
            subject,
            predicate,
            Literal::new_language_tagged_literal_unchecked(value, "en"),
        );
    }

    fn integer(&mut self, subject: &str, predicate: &str, value: u64) {
        self.add(subject, predicate, Literal::from(value as i64));
    }

    fn date(&mut self, subject: &str, predicate: &str, iso: &str) {
        let datatype = NamedNode::new_unchecked(format!("{XSD}date"));
        self.add(
            subject,
            predicate,
            Literal::new_typed_literal(iso, datatype),
        );
    }
}

fn tg(local: &str) -> String {
    format!("{TG}{local}")
}

fn ns(namespace: &str, local: &str) -> String {
    format!("{namespace}{local}")
}

/// The CiTO characterisation of each function, read from `ontology/functions.ttl`
/// (`skos:closeMatch`), so the mapping lives in one place.
static CITO_OF_FUNCTION: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let close_match = ns(SKOS, "closeMatch");
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(FUNCTIONS_TTL.as_bytes())
        .filter_map(Result::ok)
        .filter(|t| t.predicate.as_str() == close_match)
        .filter_map(|t| {
            let function = t.subject.to_string();
            let function = function
                .trim_matches(['<', '>'])
                .strip_prefix(FUNCTION)?
                .to_owned();
            match t.object {
                Term::NamedNode(n) => Some((function, n.into_string())),
                _ => None,
            }
        })
        .collect()
});

/// The IRI of a function concept.
pub fn function_iri(function: Function) -> String {
    format!("{FUNCTION}{}", function.name())
}

/// The quads of one extraction, all in the document's named graph.
pub fn document_quads(extraction: &Extraction) -> Vec<Quad> {
    let key = extraction.graph_key();
    let doc = doc_iri(&key);
    let mut g = GraphWriter::new(&doc_graph_iri(&key));
    let meta = &extraction.document;
    let organ = meta.organ_id.map(|o| ns(ORGAN, o.code()));

    g.types(&doc, &[&tg("Resolution"), &ns(UNDO, "Resolution")]);
    g.text(&doc, &ns(DCTERMS, "identifier"), &key);
    if let Some(title) = &meta.title {
        g.english(&doc, &ns(DCTERMS, "title"), title);
    }
    if let Some(date) = &meta.adopted {
        g.date(&doc, &ns(DCTERMS, "date"), date);
    }
    if let Some(organ) = &organ {
        g.link(&doc, &tg("organ"), organ);
        g.link(&doc, &ns(DCTERMS, "creator"), organ);
    }
    if let Some(session) = meta.session {
        g.integer(&doc, &tg("session"), session.into());
    }
    if let Some(number) = &meta.number {
        g.text(&doc, &tg("resolutionNumber"), number);
    }
    if let Some(report) = &meta.committee_report {
        g.link(&doc, &tg("committeeReport"), &doc_iri(report));
    }
    for (property, value) in [
        ("committee", &meta.committee),
        ("agendaItem", &meta.agenda_item),
        ("meeting", &meta.meeting),
        ("jobNumber", &meta.job_number),
    ] {
        if let Some(value) = value {
            g.text(&doc, &tg(property), value);
        }
    }
    if let Some(date) = &meta.distribution_date {
        g.date(&doc, &tg("distributionDate"), date);
    }
    if let Some(opener) = &extraction.structure.opener {
        g.text(&doc, &tg("opener"), opener);
    }

    // Source file and provenance.
    let source = format!("{doc}#source");
    g.link(&doc, &tg("sourceFile"), &source);
    g.types(&source, &[&tg("SourceFile")]);
    g.text(&source, &tg("fileName"), &extraction.source.file_name);
    g.text(&source, &tg("sha256"), &extraction.source.sha256);
    g.text(
        &source,
        &ns(DCTERMS, "format"),
        extraction.source.format.name(),
    );
    let activity = format!(
        "urn:treatygraph:activity:{}:{}",
        &extraction.source.sha256[..16],
        crate::VERSION
    );
    g.link(&doc, &ns(PROV, "wasGeneratedBy"), &activity);
    g.types(&activity, &[&ns(PROV, "Activity")]);
    g.link(&activity, &ns(PROV, "used"), &source);
    g.text(
        &activity,
        &ns(RDFS, "label"),
        &format!("treatygraph {} extraction", crate::VERSION),
    );

    for paragraph in &extraction.structure.paragraphs {
        write_paragraph(&mut g, &doc, paragraph);
    }

    let mut cited_targets: BTreeSet<&Target> = BTreeSet::new();
    let mut per_paragraph: HashMap<&str, usize> = HashMap::new();
    for citation in &extraction.citations {
        let n = per_paragraph
            .entry(citation.paragraph.as_str())
            .or_default();
        *n += 1;
        let iri = format!("{doc}#{}-c{n}", citation.paragraph);
        write_citation(&mut g, &doc, &iri, citation, organ.as_deref());
        cited_targets.insert(&citation.target);
    }
    for target in cited_targets {
        g.link(&doc, &ns(CITO, "cites"), &target.iri);
        describe_target(&mut g, target);
    }
    g.quads
}

fn write_paragraph(g: &mut GraphWriter, doc: &str, paragraph: &Paragraph) {
    let iri = format!("{doc}#{}", paragraph.id);
    let class = match paragraph.kind {
        ParagraphKind::Header => "HeaderParagraph",
        ParagraphKind::Preambular => "PreambularParagraph",
        ParagraphKind::Operative => "OperativeParagraph",
        ParagraphKind::Footnote => "Footnote",
    };
    g.types(&iri, &[&tg(class)]);
    g.link(&iri, &ns(DCTERMS, "isPartOf"), doc);
    g.text(&iri, &tg("paragraphId"), &paragraph.id);
    g.integer(&iri, &tg("ordinal"), paragraph.ordinal.into());
    if let Some(opening) = &paragraph.opening {
        g.text(&iri, &tg("openingPhrase"), &opening.text);
        g.link(&iri, &tg("function"), &function_iri(opening.function));
    }
    g.text(&iri, &tg("text"), &paragraph.text);
}

fn write_citation(
    g: &mut GraphWriter,
    doc: &str,
    iri: &str,
    citation: &Citation,
    organ: Option<&str>,
) {
    let function = function_iri(citation.function);
    g.types(
        iri,
        &[
            &tg("Citation"),
            &ns(CITO, "Citation"),
            &ns(UNDO, "Relation"),
        ],
    );
    g.link(iri, &ns(CITO, "hasCitingEntity"), doc);
    g.link(iri, &ns(CITO, "hasCitedEntity"), &citation.target.iri);
    let paragraph = format!("{doc}#{}", citation.paragraph);
    g.link(iri, &tg("inParagraph"), &paragraph);
    g.link(iri, &tg("function"), &function);
    let characterization = CITO_OF_FUNCTION
        .get(citation.function.name())
        .cloned()
        .unwrap_or_else(|| ns(CITO, "cites"));
    g.link(
        iri,
        &ns(CITO, "hasCitationCharacterization"),
        &characterization,
    );
    if let Some(organ) = organ {
        g.link(iri, &ns(UNDO, "hasProponent"), organ);
    }
    g.link(iri, &ns(UNDO, "hasSemantics"), &function);
    g.link(iri, &ns(UNDO, "hasReceiver"), &citation.target.iri);
    g.text(iri, &tg("surfaceText"), &citation.text);
    g.integer(iri, &tg("start"), citation.start as u64);
    g.integer(iri, &tg("end"), citation.end as u64);
    for evidence in &citation.evidence {
        let name = serde_json::to_value(evidence)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned));
        g.text(iri, &tg("evidence"), &name.unwrap_or_default());
    }
    if let Some(verb) = &citation.verb {
        g.text(iri, &tg("verb"), verb);
    }
    if let Some(note) = &citation.footnote {
        g.link(iri, &tg("viaFootnote"), &format!("{doc}#{note}"));
    }
    if let Some(article) = &citation.article {
        g.text(iri, &tg("article"), article);
    }
    if let Some(part) = &citation.part {
        g.text(iri, &tg("resolutionPart"), part);
    }

    // The Web Annotation that carries the citation: its target is the citing resolution, with
    // the paragraph (or footnote) and the text position and quote as selectors.
    let annotation = format!("{iri}-annotation");
    let target = format!("{iri}-target");
    let quote = format!("{iri}-quote");
    let position = format!("{iri}-position");
    let fragment = format!("{iri}-fragment");
    let spanned = match (citation.span_in, &citation.footnote) {
        (SpanIn::Footnote, Some(note)) => note.as_str(),
        _ => citation.paragraph.as_str(),
    };
    g.types(
        &annotation,
        &[&ns(OA, "Annotation"), &ns(UNDO, "Annotation")],
    );
    g.link(&annotation, &ns(OA, "hasBody"), iri);
    g.link(&annotation, &ns(OA, "hasTarget"), &target);
    g.link(&annotation, &ns(OA, "motivatedBy"), &ns(OA, "identifying"));
    g.types(&target, &[&ns(OA, "SpecificResource")]);
    g.link(&target, &ns(OA, "hasSource"), doc);
    g.link(&target, &ns(OA, "hasScope"), &format!("{doc}#{spanned}"));
    g.link(&target, &ns(OA, "hasSelector"), &fragment);
    g.link(&target, &ns(OA, "hasSelector"), &quote);
    g.types(&fragment, &[&ns(OA, "FragmentSelector")]);
    g.text(
        &fragment,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#value",
        spanned,
    );
    g.link(&fragment, &ns(OA, "refinedBy"), &position);
    g.types(&quote, &[&ns(OA, "TextQuoteSelector")]);
    g.text(&quote, &ns(OA, "exact"), &citation.text);
    g.types(&position, &[&ns(OA, "TextPositionSelector")]);
    g.integer(&position, &ns(OA, "start"), citation.start as u64);
    g.integer(&position, &ns(OA, "end"), citation.end as u64);
}

/// Types cited resolutions and documents, and gives instruments unknown to the registry their
/// label and identifiers, in the citing document's graph.
fn describe_target(g: &mut GraphWriter, target: &Target) {
    match target.kind {
        TargetKind::Resolution => {
            g.types(&target.iri, &[&tg("Resolution"), &ns(UNDO, "Resolution")]);
            g.text(
                &target.iri,
                &ns(DCTERMS, "identifier"),
                target.symbol.as_deref().unwrap_or(&target.label),
            );
        }
        TargetKind::Document => {
            g.types(&target.iri, &[&tg("Document")]);
            g.text(
                &target.iri,
                &ns(DCTERMS, "identifier"),
                target.symbol.as_deref().unwrap_or(&target.label),
            );
        }
        _ if target.key.is_none() => {
            g.types(
                &target.iri,
                &[&tg("Instrument"), &tg("UnregisteredInstrument")],
            );
            g.english(&target.iri, &ns(SKOS, "prefLabel"), &target.label);
            if let Some(unts) = target.unts {
                g.integer(&target.iri, &tg("untsVolume"), unts.volume.into());
                g.integer(&target.iri, &tg("untsNumber"), unts.number.into());
            }
            if let Some(code) = &target.ilo {
                g.text(&target.iri, &tg("iloCode"), code);
            }
        }
        _ => {}
    }
}

/// Parses a Turtle file into quads of one named graph.
pub fn turtle_quads(turtle: &str, graph_iri: &str, what: &str) -> Result<Vec<Quad>> {
    let graph: GraphName = NamedNode::new_unchecked(graph_iri).into();
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(turtle.as_bytes())
        .map(|t| {
            t.map(|t| Quad::new(t.subject, t.predicate, t.object, graph.clone()))
                .map_err(|e| Error::Registry(format!("{what}: {e}")))
        })
        .collect()
}

/// The ontology graph: ontology and function scheme.
pub fn ontology_quads() -> Result<Vec<Quad>> {
    let mut quads = turtle_quads(ONTOLOGY_TTL, ONTOLOGY_GRAPH, "ontology/treatygraph.ttl")?;
    quads.extend(turtle_quads(
        FUNCTIONS_TTL,
        ONTOLOGY_GRAPH,
        "ontology/functions.ttl",
    )?);
    Ok(quads)
}
