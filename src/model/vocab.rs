//! IRIs of the vocabularies treatygraph writes (see `docs/MODEL.md` and `ontology/`).

pub const TG: &str = "https://w3id.org/treatygraph/ontology#";
pub const FUNCTION: &str = "https://w3id.org/treatygraph/function/";
pub const INSTRUMENT: &str = "https://w3id.org/treatygraph/id/instrument/";
pub const DOC: &str = "https://w3id.org/treatygraph/id/doc/";
pub const ORGAN: &str = "https://w3id.org/treatygraph/id/organ/";
pub const GRAPH: &str = "https://w3id.org/treatygraph/graph/";
pub const UNDO: &str = "https://w3id.org/un/ontology/undo/";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const CITO: &str = "http://purl.org/spar/cito/";
pub const OA: &str = "http://www.w3.org/ns/oa#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";

/// The named graph holding the registry.
pub const REGISTRY_GRAPH: &str = "https://w3id.org/treatygraph/graph/registry";
/// The named graph holding the ontology and the function scheme.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/treatygraph/graph/ontology";
/// The named graph holding per-instrument citation statistics (`store::statistics`).
pub const STATISTICS_GRAPH: &str = "https://w3id.org/treatygraph/graph/statistics";

pub const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
pub const SKOS_ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
pub const DCTERMS_DATE: &str = "http://purl.org/dc/terms/date";
pub const TG_MATCH_LABEL: &str = "https://w3id.org/treatygraph/ontology#matchLabel";
pub const TG_UNTS_VOLUME: &str = "https://w3id.org/treatygraph/ontology#untsVolume";
pub const TG_UNTS_NUMBER: &str = "https://w3id.org/treatygraph/ontology#untsNumber";
pub const TG_LNTS_VOLUME: &str = "https://w3id.org/treatygraph/ontology#lntsVolume";
pub const TG_LNTS_NUMBER: &str = "https://w3id.org/treatygraph/ontology#lntsNumber";
pub const TG_MTDSG_REF: &str = "https://w3id.org/treatygraph/ontology#mtdsgRef";
pub const TG_ILO_CODE: &str = "https://w3id.org/treatygraph/ontology#iloCode";
pub const TG_ADOPTED_BY: &str = "https://w3id.org/treatygraph/ontology#adoptedBy";
pub const TG_PARENT_INSTRUMENT: &str = "https://w3id.org/treatygraph/ontology#parentInstrument";
pub const TG_MEMBER_OF: &str = "https://w3id.org/treatygraph/ontology#memberOf";
pub const TG_CITING_RESOLUTION_COUNT: &str =
    "https://w3id.org/treatygraph/ontology#citingResolutionCount";
pub const TG_CITATION_COUNT: &str = "https://w3id.org/treatygraph/ontology#citationCount";
pub const TG_STATISTICS_STALE: &str = "https://w3id.org/treatygraph/ontology#statisticsStale";
pub const TG_INSTRUMENT_KIND: &str = "https://w3id.org/treatygraph/ontology#instrumentKind";

/// The IRI of a UN document by its symbol.
pub fn doc_iri(symbol: &str) -> String {
    // Built in one buffer: this runs for every resolution a text cites.
    let mut iri = String::with_capacity(DOC.len() + symbol.len());
    iri.push_str(DOC);
    push_iri_safe(&mut iri, symbol);
    iri
}

/// The IRI of the named graph of an ingested document.
pub fn doc_graph_iri(symbol: &str) -> String {
    format!("{GRAPH}doc/{}", iri_safe(symbol))
}

/// Symbols contain only IRI-safe characters but for spaces and the odd quote; keep them
/// readable and deterministic.
pub fn iri_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_iri_safe(&mut out, text);
    out
}

/// Appends [`iri_safe`]`(text)` to `out`.
fn push_iri_safe(out: &mut String, text: &str) {
    use std::fmt::Write;
    for c in text.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '/' | '.' | '-' | '_' | '(' | ')' | '~' => {
                out.push(c)
            }
            ' ' => {}
            c => {
                let mut buffer = [0; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    write!(out, "%{byte:02X}").expect("writing to a String cannot fail");
                }
            }
        }
    }
}

/// A short slug for labels of unregistered instruments.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_lowercase());
    }
    out.chars().take(120).collect()
}
