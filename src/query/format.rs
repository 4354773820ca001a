//! Writing query results: an aligned table for people, and the standard formats for tools.

use std::io::Write;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

use crate::error::{Error, Result};
use crate::model::vocab;

/// Output formats of `treatygraph query`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
pub enum ResultFormat {
    /// Aligned columns with short IRIs (default).
    Table,
    Csv,
    Tsv,
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
    /// CONSTRUCT/DESCRIBE results as Turtle.
    Turtle,
    /// CONSTRUCT/DESCRIBE results as N-Triples.
    Ntriples,
    /// CONSTRUCT/DESCRIBE results as RDF/XML.
    Rdfxml,
    /// CONSTRUCT/DESCRIBE results as JSON-LD.
    Jsonld,
}

/// What [`write_at_most`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Rows, triples, or 1 for ASK.
    pub count: usize,
    /// True when results beyond the limit were left out.
    pub truncated: bool,
}

/// Short prefixes for the table view.
const PREFIXES: [(&str, &str); 6] = [
    ("inst:", vocab::INSTRUMENT),
    ("doc:", vocab::DOC),
    ("tgfn:", vocab::FUNCTION),
    ("organ:", vocab::ORGAN),
    ("tg:", vocab::TG),
    ("graph:", vocab::GRAPH),
];

/// Writes results; returns the number of rows (or triples, or 1 for ASK).
pub fn write_results(
    results: QueryResults<'_>,
    format: ResultFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    write_at_most(results, format, usize::MAX, out).map(|written| written.count)
}

/// Writes at most `limit` rows (or triples) and says whether more were left out. Results are
/// evaluated while they are written, so a cancelled query fails here with [`Error::Timeout`].
pub fn write_at_most(
    results: QueryResults<'_>,
    format: ResultFormat,
    limit: usize,
    out: &mut dyn Write,
) -> Result<Written> {
    let io = |e: std::io::Error| Error::io("writing results", e);
    let query = super::evaluation_error;
    let mut truncated = false;
    let count = match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let standard = match format {
                ResultFormat::Csv => Some(QueryResultsFormat::Csv),
                ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
                ResultFormat::Json => Some(QueryResultsFormat::Json),
                ResultFormat::Xml => Some(QueryResultsFormat::Xml),
                _ => None,
            };
            if let Some(standard) = standard {
                let mut serializer = QueryResultsSerializer::from_format(standard)
                    .serialize_solutions_to_writer(out, variables)
                    .map_err(io)?;
                let mut n = 0;
                for solution in solutions {
                    let solution = solution.map_err(query)?;
                    if n == limit {
                        truncated = true;
                        break;
                    }
                    serializer.serialize(&solution).map_err(io)?;
                    n += 1;
                }
                serializer.finish().map_err(io)?;
                return Ok(Written {
                    count: n,
                    truncated,
                });
            }
            let mut rows: Vec<Vec<String>> = Vec::new();
            for solution in solutions {
                let solution = solution.map_err(query)?;
                if rows.len() == limit {
                    truncated = true;
                    break;
                }
                rows.push(
                    variables
                        .iter()
                        .map(|v| solution.get(v).map(short_term).unwrap_or_default())
                        .collect(),
                );
            }
            let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
            write_table(&header, &rows, out).map_err(io)?;
            rows.len()
        }
        QueryResults::Boolean(value) => {
            match format {
                ResultFormat::Json | ResultFormat::Xml | ResultFormat::Csv | ResultFormat::Tsv => {
                    let standard = match format {
                        ResultFormat::Json => QueryResultsFormat::Json,
                        ResultFormat::Xml => QueryResultsFormat::Xml,
                        ResultFormat::Csv => QueryResultsFormat::Csv,
                        _ => QueryResultsFormat::Tsv,
                    };
                    QueryResultsSerializer::from_format(standard)
                        .serialize_boolean_to_writer(out, value)
                        .map_err(io)?;
                }
                _ => writeln!(out, "{value}").map_err(io)?,
            }
            1
        }
        QueryResults::Graph(triples) => {
            let rdf = match format {
                ResultFormat::Ntriples => RdfFormat::NTriples,
                ResultFormat::Rdfxml => RdfFormat::RdfXml,
                ResultFormat::Jsonld => RdfFormat::JsonLd {
                    profile: JsonLdProfileSet::empty(),
                },
                _ => RdfFormat::Turtle,
            };
            let mut serializer = with_prefixes(RdfSerializer::from_format(rdf)).for_writer(out);
            let mut n = 0;
            for triple in triples {
                let triple = triple.map_err(query)?;
                if n == limit {
                    truncated = true;
                    break;
                }
                serializer.serialize_triple(&triple).map_err(io)?;
                n += 1;
            }
            serializer.finish().map_err(io)?;
            n
        }
    };
    Ok(Written { count, truncated })
}

/// Adds the project's prefixes to a serializer (formats that have none ignore them).
pub fn with_prefixes(serializer: RdfSerializer) -> RdfSerializer {
    let mut serializer = serializer;
    for (prefix, iri) in [
        ("tg", vocab::TG),
        ("tgfn", vocab::FUNCTION),
        ("inst", vocab::INSTRUMENT),
        ("organ", vocab::ORGAN),
        ("undo", vocab::UNDO),
        ("dcterms", vocab::DCTERMS),
        ("skos", vocab::SKOS),
        ("cito", vocab::CITO),
        ("oa", vocab::OA),
        ("prov", vocab::PROV),
        ("xsd", vocab::XSD),
        ("rdfs", vocab::RDFS),
    ] {
        serializer = serializer
            .with_prefix(prefix, iri)
            .expect("project prefixes are valid IRIs");
    }
    serializer
}

/// A term for people: literals bare, IRIs with known prefixes shortened.
fn short_term(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => {
            let iri = node.as_str();
            PREFIXES
                .iter()
                .find_map(|(prefix, ns)| iri.strip_prefix(ns).map(|rest| format!("{prefix}{rest}")))
                .unwrap_or_else(|| format!("<{iri}>"))
        }
        Term::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    }
}

/// Writes rows as aligned columns under a header, clipping long cells, with a row count.
pub fn write_table(
    header: &[String],
    rows: &[Vec<String>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    const MAX_WIDTH: usize = 60;
    let clip = |s: &str| -> String {
        if s.chars().count() > MAX_WIDTH {
            let mut clipped: String = s.chars().take(MAX_WIDTH - 1).collect();
            clipped.push('…');
            clipped
        } else {
            s.to_owned()
        }
    };
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| clip(&r[i]).chars().count())
                .chain(std::iter::once(header[i].len()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>, out: &mut dyn Write| -> std::io::Result<()> {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        writeln!(out, "{}", padded.join("  ").trim_end())
    };
    line(header.to_vec(), out)?;
    line(widths.iter().map(|w| "-".repeat(*w)).collect(), out)?;
    for row in rows {
        line(row.iter().map(|c| clip(c)).collect(), out)?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
}
