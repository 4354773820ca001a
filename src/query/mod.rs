//! SPARQL: the shipped named queries (`queries/*.rq`), running a query with parameters and a
//! time limit over the union of all graphs, and writing results as a table, CSV, TSV,
//! SPARQL-results JSON or XML, or RDF for CONSTRUCT/DESCRIBE.

mod format;

use std::time::Duration;

use oxigraph::model::{GraphName, NamedNode, Term};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, SparqlEvaluator,
    Variable,
};
use oxigraph::store::Store;
use spargebra::SparqlParser;

pub use format::{
    with_prefixes as format_prefixes, write_at_most, write_results, write_table, ResultFormat,
    Written,
};

use crate::error::{Error, Result};
use crate::model::vocab;
use crate::resolve::registry::Registry;

/// A query shipped in `queries/`.
#[derive(Debug, Clone)]
pub struct NamedQuery {
    /// File stem: `resolutions-citing-palermo`.
    pub name: &'static str,
    /// The leading comment lines: what the query answers.
    pub description: String,
    pub sparql: &'static str,
    /// Parameters (`# param: name = <default>`), substitutable with `--param name=value`.
    pub params: Vec<(String, String)>,
}

const SHIPPED: [(&str, &str); 6] = [
    (
        "resolutions-citing-palermo",
        include_str!("../../queries/resolutions-citing-palermo.rq"),
    ),
    (
        "most-cited-instruments",
        include_str!("../../queries/most-cited-instruments.rq"),
    ),
    (
        "most-cited-instruments-live",
        include_str!("../../queries/most-cited-instruments-live.rq"),
    ),
    (
        "resolution-citations",
        include_str!("../../queries/resolution-citations.rq"),
    ),
    (
        "urging-ratification",
        include_str!("../../queries/urging-ratification.rq"),
    ),
    (
        "co-cited-instruments",
        include_str!("../../queries/co-cited-instruments.rq"),
    ),
];

impl NamedQuery {
    /// The query text with its parameters bound to their defaults by a `VALUES` block opening
    /// the `WHERE` clause, for clients that send plain SPARQL (the web page, load tests).
    pub fn with_defaults(&self) -> String {
        let Some(open) = where_clause_start(self.sparql) else {
            return self.sparql.to_owned();
        };
        let values: String = self
            .params
            .iter()
            .map(|(name, default)| {
                format!(
                    "\n  VALUES ?{} {{ {default} }}",
                    name.trim_start_matches(['?', '$'])
                )
            })
            .collect();
        format!("{}{values}{}", &self.sparql[..open], &self.sparql[open..])
    }
}

/// The byte offset just after the `{` that opens the first `WHERE` clause.
fn where_clause_start(sparql: &str) -> Option<usize> {
    let upper = sparql.to_ascii_uppercase();
    let at = upper.find("WHERE")?;
    let brace = sparql[at..].find('{')?;
    Some(at + brace + 1)
}

/// The shipped named queries.
pub fn shipped() -> Vec<NamedQuery> {
    SHIPPED
        .iter()
        .map(|&(name, sparql)| {
            let mut description = Vec::new();
            let mut params = Vec::new();
            for line in sparql.lines().take_while(|l| l.starts_with('#')) {
                let line = line.trim_start_matches('#').trim();
                match line.strip_prefix("param:") {
                    Some(param) => {
                        if let Some((name, default)) = param.split_once('=') {
                            params.push((name.trim().to_owned(), default.trim().to_owned()));
                        }
                    }
                    None => description.push(line),
                }
            }
            NamedQuery {
                name,
                description: description.join(" "),
                sparql,
                params,
            }
        })
        .collect()
}

/// A query ready to run: its text and the variables to bind.
#[derive(Debug, Clone)]
pub struct PreparedQuery {
    pub sparql: String,
    pub substitutions: Vec<(Variable, Term)>,
}

impl PreparedQuery {
    /// The query text with each parameter bound by a `VALUES` block at the start of the
    /// outermost group, so the binding applies before the rest of the pattern is evaluated
    /// (oxigraph's own substitution only binds projected variables).
    pub fn text(&self) -> String {
        if self.substitutions.is_empty() {
            return self.sparql.clone();
        }
        let values: String = self
            .substitutions
            .iter()
            .map(|(variable, term)| format!(" VALUES {variable} {{ {term} }}"))
            .collect();
        match first_group_brace(&self.sparql) {
            Some(at) => format!("{}{values}{}", &self.sparql[..=at], &self.sparql[at + 1..]),
            None => self.sparql.clone(),
        }
    }
}

/// Byte offset of the first `{` outside comments, IRIs and string literals.
fn first_group_brace(sparql: &str) -> Option<usize> {
    let mut chars = sparql.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '<' => {
                for (_, c) in chars.by_ref() {
                    if c == '>' || c.is_whitespace() {
                        break;
                    }
                }
            }
            '"' | '\'' => {
                for (_, d) in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
            }
            '{' => return Some(i),
            _ => {}
        }
    }
    None
}

/// Turns a `query` argument — a shipped query name, a `.rq` file or SPARQL text — and
/// `name=value` parameters into a prepared query. Parameter values may be IRIs (`<…>`),
/// UN symbols (`A/RES/63/156`), registry keys or aliases (`Palermo Protocol`) or literals.
pub fn prepare(
    argument: &str,
    params: &[(String, String)],
    registry: &Registry,
) -> Result<PreparedQuery> {
    let shipped = shipped();
    let named = shipped
        .iter()
        .find(|q| q.name == argument || q.name == argument.trim_end_matches(".rq"));
    let (sparql, mut defaults) = if let Some(named) = named {
        (named.sparql.to_owned(), named.params.clone())
    } else if argument.ends_with(".rq") || std::path::Path::new(argument).is_file() {
        let text = std::fs::read_to_string(argument)
            .map_err(|e| Error::input(argument, format!("cannot read query file: {e}")))?;
        (text, Vec::new())
    } else if looks_like_sparql(argument) {
        (argument.to_owned(), Vec::new())
    } else {
        let names: Vec<&str> = shipped.iter().map(|q| q.name).collect();
        return Err(Error::Usage(format!(
            "unknown query {argument:?}: give SPARQL text, a .rq file or one of {}",
            names.join(", ")
        )));
    };
    for (name, value) in params {
        match defaults.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.clone(),
            None => defaults.push((name.clone(), value.clone())),
        }
    }
    let substitutions = defaults
        .iter()
        .map(|(name, value)| {
            let variable = Variable::new(name.trim_start_matches(['?', '$']))
                .map_err(|e| Error::Usage(format!("invalid parameter name {name:?}: {e}")))?;
            Ok((variable, parameter_term(value, registry)?))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PreparedQuery {
        sparql,
        substitutions,
    })
}

fn looks_like_sparql(text: &str) -> bool {
    let upper = text.to_uppercase();
    ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE"]
        .iter()
        .any(|k| upper.contains(k))
}

/// Interprets a parameter value.
pub fn parameter_term(value: &str, registry: &Registry) -> Result<Term> {
    let value = value.trim();
    if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        return NamedNode::new(iri)
            .map(Term::from)
            .map_err(|e| Error::Usage(format!("invalid IRI {value}: {e}")));
    }
    if value.starts_with("http://") || value.starts_with("https://") {
        return NamedNode::new(value)
            .map(Term::from)
            .map_err(|e| Error::Usage(format!("invalid IRI {value}: {e}")));
    }
    if let Some(instrument) = registry.lookup(value) {
        return Ok(NamedNode::new_unchecked(instrument.iri()).into());
    }
    if value.contains('/') {
        let symbol = crate::symbols::normalise_symbol(value);
        return Ok(NamedNode::new_unchecked(vocab::doc_iri(&symbol)).into());
    }
    Err(Error::Usage(format!(
        "{value:?} is neither an IRI, a UN symbol nor an instrument the registry knows"
    )))
}

/// Which graphs a query sees, as the SPARQL 1.1 Protocol's `default-graph-uri` and
/// `named-graph-uri` parameters give them.
///
/// When both lists are empty the query's own `FROM`/`FROM NAMED` apply, and a query without
/// them sees the union of all graphs as its default graph (every triple the store holds is in
/// some document, registry or ontology graph). When either list is given it replaces the
/// query's dataset, as the protocol requires: the default graph is the merge of
/// `default_graphs` (empty if none) and only `named_graphs` are available to `GRAPH`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetSpec {
    pub default_graphs: Vec<NamedNode>,
    pub named_graphs: Vec<NamedNode>,
}

impl DatasetSpec {
    /// True when the request names no graph.
    pub fn is_empty(&self) -> bool {
        self.default_graphs.is_empty() && self.named_graphs.is_empty()
    }
}

/// The form of a query, which decides the result formats it can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryForm {
    Select,
    Ask,
    Construct,
    Describe,
}

impl QueryForm {
    /// True for CONSTRUCT and DESCRIBE, whose results are RDF triples.
    pub fn is_graph(self) -> bool {
        matches!(self, QueryForm::Construct | QueryForm::Describe)
    }
}

/// A parsed query, bound to its dataset and cancellation token, not yet run.
pub struct ParsedQuery {
    pub form: QueryForm,
    evaluator: PreparedSparqlQuery,
}

/// Parses a prepared query (`Error::Query` with the parser's message when it is malformed),
/// applies its substitutions and the dataset, and ties it to `token` so that another thread can
/// cancel it. `SERVICE` is refused: oxigraph is built without its HTTP client.
pub fn parse(
    query: &PreparedQuery,
    dataset: &DatasetSpec,
    token: &CancellationToken,
) -> Result<ParsedQuery> {
    let parsed = SparqlParser::new()
        .parse_query(&query.text())
        .map_err(|e| Error::Query(e.to_string()))?;
    let form = match parsed {
        spargebra::Query::Select { .. } => QueryForm::Select,
        spargebra::Query::Ask { .. } => QueryForm::Ask,
        spargebra::Query::Construct { .. } => QueryForm::Construct,
        spargebra::Query::Describe { .. } => QueryForm::Describe,
    };
    let mut evaluator = SparqlEvaluator::new()
        .with_cancellation_token(token.clone())
        .for_query(parsed);
    if !dataset.is_empty() {
        let graphs = evaluator.dataset_mut();
        graphs.set_default_graph(
            dataset
                .default_graphs
                .iter()
                .cloned()
                .map(GraphName::from)
                .collect(),
        );
        graphs.set_available_named_graphs(
            dataset
                .named_graphs
                .iter()
                .cloned()
                .map(Into::into)
                .collect(),
        );
    } else if evaluator.dataset().is_default_dataset() {
        evaluator.dataset_mut().set_default_graph_as_union();
    }
    Ok(ParsedQuery { form, evaluator })
}

impl ParsedQuery {
    /// Runs the query on a snapshot of the store. Results are computed lazily while they are
    /// iterated, so cancellation can also surface from the iterator.
    pub fn run(self, store: &Store) -> Result<QueryResults<'static>> {
        self.evaluator
            .on_store(store)
            .execute()
            .map_err(evaluation_error)
    }
}

/// Runs a query over the union of all graphs (unless it names its own dataset), cancelling it
/// after `timeout`.
pub fn execute(
    store: &Store,
    query: &PreparedQuery,
    timeout: Option<Duration>,
) -> Result<QueryResults<'static>> {
    let token = CancellationToken::new();
    let parsed = parse(query, &DatasetSpec::default(), &token)?;
    if let Some(timeout) = timeout {
        let token = token.clone();
        std::thread::spawn(move || {
            std::thread::sleep(timeout);
            token.cancel();
        });
    }
    parsed.run(store)
}

/// A cancelled query is a [`Error::Timeout`]; any other evaluation failure an [`Error::Query`].
fn evaluation_error(error: QueryEvaluationError) -> Error {
    match error {
        QueryEvaluationError::Cancelled => Error::Timeout,
        other => Error::Query(other.to_string()),
    }
}
