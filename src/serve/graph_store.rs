//! `/store`: the SPARQL 1.1 Graph Store HTTP Protocol. Reading (`GET ?graph=IRI`, `GET
//! ?default`) is always on; writing named graphs (`PUT`, `POST`, `DELETE ?graph=IRI`) needs
//! `--allow-updates` and the bearer token.
//!
//! As in `/sparql`, the default graph is the union of all graphs, so it cannot be written:
//! writes name a graph.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Quad};
use oxigraph::sparql::CancellationToken;

use super::negotiate::{self, GRAPH};
use super::response::{negotiated, Problem};
use super::AppState;
use crate::error::Error;
use crate::query::ResultFormat;
use crate::store::{export_at_most, ExportFormat};

/// The export format that writes a negotiated RDF result format.
pub fn export_format(format: ResultFormat) -> ExportFormat {
    match format {
        ResultFormat::Ntriples => ExportFormat::Ntriples,
        ResultFormat::Rdfxml => ExportFormat::Rdfxml,
        ResultFormat::Jsonld => ExportFormat::Jsonld,
        _ => ExportFormat::Turtle,
    }
}

/// The graph a request is about.
enum Target {
    /// `?default`: the union of all graphs.
    Default,
    Named(NamedNode),
}

fn target(raw: Option<&str>) -> Result<Target, Problem> {
    let params: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or_default())
        .map_err(|e| Problem::bad_request(format!("malformed parameters: {e}")))?;
    let graphs: Vec<&str> = params
        .iter()
        .filter(|(n, _)| n == "graph")
        .map(|(_, v)| v.as_str())
        .collect();
    let default = params.iter().any(|(n, _)| n == "default");
    match (graphs.as_slice(), default) {
        ([iri], false) => NamedNode::new(*iri)
            .map(Target::Named)
            .map_err(|e| Problem::bad_request(format!("invalid graph IRI {iri:?}: {e}"))),
        ([], true) => Ok(Target::Default),
        _ => Err(Problem::bad_request(
            "give exactly one of ?graph=IRI and ?default",
        )),
    }
}

fn graph_exists(state: &AppState, graph: &NamedNode) -> Result<bool, Problem> {
    state
        .store
        .inner()
        .contains_named_graph(graph.as_ref())
        .map_err(|e| Problem::from(Error::from(e)))
}

pub async fn get(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    read(state, headers, raw)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn read(
    state: Arc<AppState>,
    headers: HeaderMap,
    raw: Option<String>,
) -> Result<Response, Problem> {
    let target = target(raw.as_deref())?;
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let offer = negotiate::choose(accept, GRAPH)
        .ok_or_else(|| Problem::not_acceptable(&negotiate::media_types(GRAPH)))?;
    let graph = match target {
        Target::Default => None,
        Target::Named(graph) => {
            if !graph_exists(&state, &graph)? {
                return Err(Problem::new(
                    StatusCode::NOT_FOUND,
                    format!("no graph {graph}"),
                ));
            }
            Some(graph.into_string())
        }
    };
    let (format, content_type) = (export_format(offer.format), offer.content_type);
    let limit = state.config.max_results;
    let (body, written) = state
        .evaluate(CancellationToken::new(), move |state| {
            let mut body = Vec::new();
            let written = export_at_most(&state.store, format, graph.as_deref(), limit, &mut body)?;
            Ok::<_, Error>((body, written))
        })
        .await??;
    Ok(negotiated(content_type, body, written.truncated))
}

/// How a write changes the graph.
#[derive(Clone, Copy)]
enum Write {
    /// PUT: replace the graph.
    Replace,
    /// POST: add to the graph.
    Add,
    Delete,
}

pub async fn put(
    state: State<Arc<AppState>>,
    headers: HeaderMap,
    raw: RawQuery,
    body: Bytes,
) -> Response {
    write(state, headers, raw, body, Write::Replace).await
}

pub async fn post(
    state: State<Arc<AppState>>,
    headers: HeaderMap,
    raw: RawQuery,
    body: Bytes,
) -> Response {
    write(state, headers, raw, body, Write::Add).await
}

pub async fn delete(state: State<Arc<AppState>>, headers: HeaderMap, raw: RawQuery) -> Response {
    write(state, headers, raw, Bytes::new(), Write::Delete).await
}

async fn write(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
    kind: Write,
) -> Response {
    apply(state, headers, raw, body, kind)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn apply(
    state: Arc<AppState>,
    headers: HeaderMap,
    raw: Option<String>,
    body: Bytes,
    kind: Write,
) -> Result<Response, Problem> {
    state.authorise_write(&headers, "writing graphs")?;
    let graph = match target(raw.as_deref())? {
        Target::Named(graph) => graph,
        Target::Default => {
            return Err(Problem::bad_request(
                "the default graph is the union of all graphs and cannot be written: name a graph with ?graph=IRI",
            ))
        }
    };
    let existed = graph_exists(&state, &graph)?;
    let quads = match kind {
        Write::Delete if !existed => {
            return Err(Problem::new(
                StatusCode::NOT_FOUND,
                format!("no graph {graph}"),
            ))
        }
        Write::Delete => Vec::new(),
        Write::Replace | Write::Add => parse_body(&headers, &body, &graph)?,
    };
    state
        .evaluate(
            CancellationToken::new(),
            move |state| -> crate::Result<()> {
                match kind {
                    Write::Replace => state.store.replace_graph(graph.as_str(), &quads),
                    Write::Add => {
                        state.store.inner().insert_named_graph(graph.as_ref())?;
                        Ok(state.store.inner().extend(quads)?)
                    }
                    Write::Delete => Ok(state
                        .store
                        .inner()
                        .remove_named_graph(graph.as_ref())
                        .map(|_| ())?),
                }
            },
        )
        .await??;
    let status = match kind {
        Write::Replace | Write::Add if !existed => StatusCode::CREATED,
        _ => StatusCode::NO_CONTENT,
    };
    Ok(status.into_response())
}

/// The triples of a request body, in the format its `Content-Type` names, put in `graph`.
fn parse_body(headers: &HeaderMap, body: &[u8], graph: &NamedNode) -> Result<Vec<Quad>, Problem> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let format = RdfFormat::from_media_type(media_type).ok_or_else(|| {
        Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the graph as Turtle, N-Triples, RDF/XML or JSON-LD",
        )
    })?;
    RdfParser::from_format(format)
        .with_default_graph(graph.clone())
        .without_named_graphs()
        .for_slice(body)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Problem::bad_request(format!("the graph does not parse: {e}")))
}
