//! Exports the store (or one named graph) in the RDF formats oxigraph writes.

use std::collections::HashSet;
use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNodeRef, Triple};

use super::GraphStore;
use crate::error::{Error, Result};
use crate::query::{format_prefixes, Written};

/// RDF formats `treatygraph export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
}

impl ExportFormat {
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            ExportFormat::Turtle => RdfFormat::Turtle,
            ExportFormat::Ntriples => RdfFormat::NTriples,
            ExportFormat::Nquads => RdfFormat::NQuads,
            ExportFormat::Trig => RdfFormat::TriG,
            ExportFormat::Rdfxml => RdfFormat::RdfXml,
            ExportFormat::Jsonld => RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        }
    }
}

/// Writes the whole dataset, or one graph, and returns the number of statements written.
/// Formats without named graphs (Turtle, N-Triples, RDF/XML) get the distinct triples of all
/// graphs merged, unless a graph is chosen.
pub fn export(
    store: &GraphStore,
    format: ExportFormat,
    graph: Option<&str>,
    out: &mut dyn Write,
) -> Result<usize> {
    export_at_most(store, format, graph, usize::MAX, out).map(|written| written.count)
}

/// As [`export`], writing at most `limit` statements and saying whether more were left out.
pub fn export_at_most(
    store: &GraphStore,
    format: ExportFormat,
    graph: Option<&str>,
    limit: usize,
    out: &mut dyn Write,
) -> Result<Written> {
    let io = |e: std::io::Error| Error::io("writing export", e);
    let rdf_format = format.rdf_format();
    let graph_node = graph
        .map(NamedNodeRef::new)
        .transpose()
        .map_err(|e| Error::Usage(format!("invalid graph IRI: {e}")))?;
    let graph_name = graph_node.map(GraphNameRef::NamedNode);
    let mut serializer = format_prefixes(RdfSerializer::from_format(rdf_format)).for_writer(out);
    let mut written = 0;
    let mut seen: HashSet<Triple> = HashSet::new();
    let mut truncated = false;
    for quad in store
        .inner()
        .quads_for_pattern(None, None, None, graph_name)
    {
        let quad = quad?;
        if written == limit {
            truncated = true;
            break;
        }
        if rdf_format.supports_datasets() {
            serializer.serialize_quad(&quad).map_err(io)?;
            written += 1;
        } else {
            let triple = Triple::from(quad);
            if graph.is_some() || seen.insert(triple.clone()) {
                serializer.serialize_triple(&triple).map_err(io)?;
                written += 1;
            }
        }
    }
    serializer.finish().map_err(io)?;
    Ok(Written {
        count: written,
        truncated,
    })
}
