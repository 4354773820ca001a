//! `/sparql`: the SPARQL 1.1 Protocol (query by GET, by form POST and by direct POST; update
//! by POST when enabled) and the service description when no operation is given.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::RdfSerializer;
use oxigraph::model::{BlankNode, NamedNode, NamedNodeRef, Triple};
use oxigraph::sparql::{CancellationToken, SparqlEvaluator, UpdateEvaluationError};

use super::negotiate::{self, GRAPH, SOLUTIONS};
use super::response::{negotiated, Problem};
use super::worker::Request;
use super::{graph_store, AppState};
use crate::error::Error;
use crate::query::{self, DatasetSpec, PreparedQuery};

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
enum Operation {
    /// No operation: the service description.
    Describe,
    Query {
        text: String,
        dataset: DatasetSpec,
    },
    Update {
        text: String,
    },
}

pub async fn get(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let operation = url_params(raw.as_deref()).and_then(|params| {
        if has(&params, "update") {
            return Err(Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "SPARQL Update must be sent with POST",
            ));
        }
        operation(&params, None)
    });
    respond(state, headers, operation).await
}

pub async fn post(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    let operation = post_operation(&headers, raw.as_deref(), &body);
    respond(state, headers, operation).await
}

async fn respond(
    state: Arc<AppState>,
    headers: HeaderMap,
    operation: Result<Operation, Problem>,
) -> Response {
    let outcome = match operation {
        Ok(Operation::Describe) => service_description(&state, &headers),
        Ok(Operation::Query { text, dataset }) => run_query(&state, &headers, text, dataset).await,
        Ok(Operation::Update { text }) => run_update(&state, &headers, text).await,
        Err(problem) => Err(problem),
    };
    outcome.unwrap_or_else(IntoResponse::into_response)
}

/// The operation of a POST, by its content type.
fn post_operation(
    headers: &HeaderMap,
    raw_query: Option<&str>,
    body: &[u8],
) -> Result<Operation, Problem> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let text = || {
        String::from_utf8(body.to_vec())
            .map_err(|_| Problem::bad_request("the request body is not UTF-8"))
    };
    match content_type.as_str() {
        "application/x-www-form-urlencoded" => {
            let body = std::str::from_utf8(body).map_err(|_| Problem::bad_request("the request body is not UTF-8"))?;
            let params = url_params(Some(body))?;
            if params.is_empty() || !(has(&params, "query") || has(&params, "update")) {
                return Err(Problem::bad_request("the form has neither a `query` nor an `update` field"));
            }
            operation(&params, None)
        }
        "application/sparql-query" => operation(&url_params(raw_query)?, Some(Operation::Query {
            text: text()?,
            dataset: DatasetSpec::default(),
        })),
        "application/sparql-update" => Ok(Operation::Update { text: text()? }),
        _ => Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "POST a query as application/sparql-query or application/x-www-form-urlencoded, an update as application/sparql-update",
        )),
    }
}

/// The operation named by protocol parameters; `direct` is a query from a POST body, which
/// takes its dataset from the parameters.
fn operation(params: &[(String, String)], direct: Option<Operation>) -> Result<Operation, Problem> {
    let single = |name: &str| -> Result<Option<String>, Problem> {
        let mut values = params
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone());
        let first = values.next();
        if values.next().is_some() {
            return Err(Problem::bad_request(format!(
                "more than one `{name}` parameter"
            )));
        }
        Ok(first)
    };
    let graphs = |name: &str| -> Result<Vec<NamedNode>, Problem> {
        params
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, iri)| {
                NamedNode::new(iri.as_str())
                    .map_err(|e| Problem::bad_request(format!("invalid {name} {iri:?}: {e}")))
            })
            .collect()
    };
    let dataset = DatasetSpec {
        default_graphs: graphs("default-graph-uri")?,
        named_graphs: graphs("named-graph-uri")?,
    };
    if let Some(Operation::Query { text, .. }) = direct {
        return Ok(Operation::Query { text, dataset });
    }
    match (single("query")?, single("update")?) {
        (Some(_), Some(_)) => Err(Problem::bad_request(
            "a request carries a query or an update, not both",
        )),
        (Some(text), None) => Ok(Operation::Query { text, dataset }),
        (None, Some(text)) => Ok(Operation::Update { text }),
        (None, None) => Ok(Operation::Describe),
    }
}

fn url_params(raw: Option<&str>) -> Result<Vec<(String, String)>, Problem> {
    serde_urlencoded::from_str(raw.unwrap_or_default())
        .map_err(|e| Problem::bad_request(format!("malformed parameters: {e}")))
}

fn has(params: &[(String, String)], name: &str) -> bool {
    params.iter().any(|(n, _)| n == name)
}

fn accept(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())
}

async fn run_query(
    state: &Arc<AppState>,
    headers: &HeaderMap,
    text: String,
    dataset: DatasetSpec,
) -> Result<Response, Problem> {
    let token = CancellationToken::new();
    let prepared = PreparedQuery {
        sparql: text,
        substitutions: Vec::new(),
    };
    let parsed = query::parse(&prepared, &dataset, &token)?;
    let offers = if parsed.form.is_graph() {
        GRAPH
    } else {
        SOLUTIONS
    };
    let offer = negotiate::choose(accept(headers), offers)
        .ok_or_else(|| Problem::not_acceptable(&negotiate::media_types(offers)))?;
    let (format, content_type) = (offer.format, offer.content_type);
    let limit = state.config.max_results;
    let (body, truncated) = match &state.pool {
        // The worker parses the query again: what crosses the pipe is text.
        Some(pool) => {
            let timeout = state.config.query_timeout;
            let request = Request::new(prepared.sparql, &dataset, format, limit, timeout);
            state.evaluate_in_worker(pool, request).await?
        }
        None => {
            state
                .evaluate(token, move |state| {
                    let results = parsed.run(state.store.inner())?;
                    let mut body = Vec::new();
                    let written = query::write_at_most(results, format, limit, &mut body)?;
                    Ok::<_, Error>((body, written.truncated))
                })
                .await??
        }
    };
    Ok(negotiated(content_type, body, truncated))
}

async fn run_update(
    state: &Arc<AppState>,
    headers: &HeaderMap,
    text: String,
) -> Result<Response, Problem> {
    state.authorise_write(headers, "SPARQL Update")?;
    let token = CancellationToken::new();
    let update = SparqlEvaluator::new()
        .with_cancellation_token(token.clone())
        .parse_update(&text)
        .map_err(|e| Problem::bad_request(e.to_string()))?;
    state
        .evaluate(token, move |state| {
            update.on_store(state.store.inner()).execute()
        })
        .await?
        .map_err(|error| match error {
            UpdateEvaluationError::Storage(_) | UpdateEvaluationError::Unexpected(_) => {
                Problem::internal(&error.to_string())
            }
            other => Problem::bad_request(other.to_string()),
        })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
const FORMATS: &str = "http://www.w3.org/ns/formats/";
const RDF_TYPE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(crate::model::vocab::RDF_TYPE);

/// The SPARQL 1.1 Service Description of this endpoint.
fn service_description(state: &AppState, headers: &HeaderMap) -> Result<Response, Problem> {
    let offer = negotiate::choose(accept(headers), GRAPH)
        .ok_or_else(|| Problem::not_acceptable(&negotiate::media_types(GRAPH)))?;
    let sd = |local: &str| NamedNode::new_unchecked(format!("{SD}{local}"));
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let endpoint = host
        .and_then(|host| NamedNode::new(format!("http://{host}/sparql")).ok())
        .unwrap_or_else(|| NamedNode::new_unchecked(format!("http://{}/sparql", state.addr)));
    let service = BlankNode::new_unchecked("service");
    let dataset = BlankNode::new_unchecked("dataset");
    let graph = BlankNode::new_unchecked("defaultGraph");
    let mut triples = vec![
        Triple::new(service.clone(), RDF_TYPE, sd("Service")),
        Triple::new(service.clone(), sd("endpoint"), endpoint),
        Triple::new(
            service.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Query"),
        ),
        Triple::new(service.clone(), sd("feature"), sd("UnionDefaultGraph")),
        Triple::new(service.clone(), sd("defaultDataset"), dataset.clone()),
        Triple::new(dataset.clone(), RDF_TYPE, sd("Dataset")),
        Triple::new(dataset, sd("defaultGraph"), graph.clone()),
        Triple::new(graph, RDF_TYPE, sd("Graph")),
    ];
    if state.config.allow_updates {
        triples.push(Triple::new(
            service.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Update"),
        ));
    }
    for format in [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ] {
        let format = NamedNode::new_unchecked(format!("{FORMATS}{format}"));
        triples.push(Triple::new(service.clone(), sd("resultFormat"), format));
    }
    let rdf = graph_store::export_format(offer.format).rdf_format();
    let serializer = RdfSerializer::from_format(rdf)
        .with_prefix("sd", SD)
        .and_then(|s| s.with_prefix("formats", FORMATS))
        .map_err(|_| Problem::internal("invalid service description prefix"))?;
    let mut serializer = serializer.for_writer(Vec::new());
    for triple in &triples {
        serializer
            .serialize_triple(triple)
            .map_err(|e| Problem::internal(&e.to_string()))?;
    }
    let body = serializer
        .finish()
        .map_err(|e| Problem::internal(&e.to_string()))?;
    Ok(negotiated(offer.content_type, body, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_protocol_parameters() {
        assert_eq!(operation(&[], None).unwrap(), Operation::Describe);
        let op = operation(
            &params(&[
                ("query", "ASK {}"),
                (
                    "default-graph-uri",
                    "https://w3id.org/treatygraph/graph/registry",
                ),
                (
                    "named-graph-uri",
                    "https://w3id.org/treatygraph/graph/ontology",
                ),
            ]),
            None,
        )
        .unwrap();
        let Operation::Query { text, dataset } = op else {
            panic!("expected a query, got {op:?}");
        };
        assert_eq!(text, "ASK {}");
        assert_eq!(
            dataset.default_graphs[0].as_str(),
            "https://w3id.org/treatygraph/graph/registry"
        );
        assert_eq!(
            dataset.named_graphs[0].as_str(),
            "https://w3id.org/treatygraph/graph/ontology"
        );
        assert!(operation(&params(&[("query", "ASK {}"), ("query", "ASK {}")]), None).is_err());
        assert!(operation(
            &params(&[("query", "ASK {}"), ("update", "CLEAR ALL")]),
            None
        )
        .is_err());
        assert!(operation(
            &params(&[("query", "ASK {}"), ("default-graph-uri", "not an iri")]),
            None
        )
        .is_err());
    }
}
