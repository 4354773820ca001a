//! Push: sends the store's named graphs (documents, registry, ontology) to another SPARQL store
//! with the SPARQL 1.1 Graph Store HTTP Protocol: one `PUT <endpoint>?graph=<IRI>` per graph,
//! whose body replaces that graph on the server. A PUT is idempotent, so a push that failed
//! halfway can simply be run again.
//!
//! Each push records, per endpoint, a SHA-256 of the content of every graph it delivered (see
//! [`PushState`]); with [`PushOptions::changed_only`] the next push sends only the graphs whose
//! content changed since (a re-ingested document that now reads differently, a new registry).
//! Graphs deleted locally are not deleted on the server.
//!
//! A graph that cannot be delivered (4xx, or 5xx/connection errors after the retries) is reported
//! and the others still go.

mod http;
mod state;

use std::path::PathBuf;
use std::time::Duration;

use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Graph, GraphNameRef, NamedNodeRef, TermRef, Triple};
use sha2::{Digest, Sha256};

pub use http::Auth;
pub use state::{state_path, PushState};

use super::{export, ExportFormat, GraphStore};
use crate::error::Result;

/// The body format of each PUT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum PushFormat {
    /// `application/n-triples`: every store understands it; one line per triple.
    #[default]
    Ntriples,
    /// `text/turtle` with the project's prefixes: about half the bytes.
    Turtle,
}

impl PushFormat {
    fn export_format(self) -> ExportFormat {
        match self {
            PushFormat::Ntriples => ExportFormat::Ntriples,
            PushFormat::Turtle => ExportFormat::Turtle,
        }
    }

    /// The `Content-Type` of the body.
    pub fn media_type(self) -> &'static str {
        match self {
            PushFormat::Ntriples => "application/n-triples",
            PushFormat::Turtle => "text/turtle",
        }
    }
}

/// What to push, where and how.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The Graph Store endpoint (`http://localhost:3030/ds/data`); `graph=<IRI>` is appended.
    pub endpoint: String,
    pub auth: Auth,
    pub format: PushFormat,
    /// Send only the graphs whose body differs from the one last delivered to this endpoint.
    pub changed_only: bool,
    /// Retries of one PUT after a 5xx, a 429 or a connection error (never after other 4xx).
    pub retries: u32,
    /// Wait before the first retry; it doubles at each further one.
    pub retry_delay: Duration,
    /// Time limit of one request, from connecting to reading the response.
    pub timeout: Duration,
    /// Prepare every body and report what would be sent, but contact no server.
    pub dry_run: bool,
    /// Where the per-endpoint hashes live (read for `changed_only`, written after a push);
    /// `None` keeps no state.
    pub state: Option<PathBuf>,
}

impl PushOptions {
    /// Options with the CLI's defaults: N-Triples, 3 retries from 1 s, 60 s per request.
    pub fn new(endpoint: impl Into<String>) -> Self {
        PushOptions {
            endpoint: endpoint.into(),
            auth: Auth::None,
            format: PushFormat::Ntriples,
            changed_only: false,
            retries: 3,
            retry_delay: Duration::from_secs(1),
            timeout: Duration::from_secs(60),
            dry_run: false,
            state: None,
        }
    }
}

/// A graph that could not be delivered.
#[derive(Debug, Clone)]
pub struct PushFailure {
    pub graph: String,
    pub reason: String,
}

/// What a push did.
#[derive(Debug, Default)]
pub struct PushReport {
    /// Graphs delivered (or, in a dry run, that would be).
    pub sent: usize,
    /// Graphs skipped because their body is the one last delivered.
    pub unchanged: usize,
    pub failures: Vec<PushFailure>,
    /// Triples and body bytes of the graphs sent.
    pub triples: usize,
    pub bytes: usize,
}

/// What happened to one graph, for progress reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphOutcome {
    Sent,
    Unchanged,
    Failed,
}

/// Progress callbacks, so that the CLI can draw a bar and the library stays silent.
pub trait PushProgress: Sync {
    fn started(&self, _graphs: usize) {}
    fn graph_done(&self, _graph: &str, _outcome: GraphOutcome) {}
    fn failed(&self, _failure: &PushFailure) {}
}

impl PushProgress for () {}

/// Pushes every named graph of `store` to `options.endpoint`. Store and state-file errors are
/// fatal; a graph the server refuses is a [`PushFailure`] in the report.
pub fn push(
    store: &GraphStore,
    options: &PushOptions,
    progress: &dyn PushProgress,
) -> Result<PushReport> {
    let graphs = store.named_graphs()?;
    let mut state = match &options.state {
        Some(path) => PushState::load(path)?,
        None => PushState::default(),
    };
    let client = http::GspClient::new(options)?;
    let mut report = PushReport::default();
    progress.started(graphs.len());
    for graph in &graphs {
        let hash = content_hash(store, graph)?;
        let outcome = if options.changed_only
            && state.hash(&options.endpoint, graph) == Some(hash.as_str())
        {
            report.unchanged += 1;
            GraphOutcome::Unchanged
        } else {
            let mut body = Vec::new();
            let triples = export(
                store,
                options.format.export_format(),
                Some(graph),
                &mut body,
            )?;
            let delivered = if options.dry_run {
                Ok(())
            } else {
                client.put(graph, options.format.media_type(), &body)
            };
            match delivered {
                Ok(()) => {
                    report.sent += 1;
                    report.triples += triples;
                    report.bytes += body.len();
                    state.record(&options.endpoint, graph, hash);
                    GraphOutcome::Sent
                }
                Err(reason) => {
                    let failure = PushFailure {
                        graph: graph.clone(),
                        reason,
                    };
                    progress.failed(&failure);
                    report.failures.push(failure);
                    GraphOutcome::Failed
                }
            }
        };
        progress.graph_done(graph, outcome);
    }
    if let (Some(path), false) = (&options.state, options.dry_run) {
        state.save(path)?;
    }
    Ok(report)
}

/// SHA-256 of a graph's content: its triples as sorted N-Triples lines, blank nodes
/// canonicalised first. Unlike a hash of the body, it depends neither on the body format nor on
/// the blank node labels, which the store draws afresh at each ingest (the ontology has some).
fn content_hash(store: &GraphStore, graph: &str) -> Result<String> {
    let name = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(graph));
    let mut triples = Graph::new();
    for quad in store
        .inner()
        .quads_for_pattern(None, None, None, Some(name))
    {
        triples.insert(&Triple::from(quad?));
    }
    let blank = |term: TermRef<'_>| term.is_blank_node();
    if triples
        .iter()
        .any(|t| t.subject.is_blank_node() || blank(t.object))
    {
        triples.canonicalize(CanonicalizationAlgorithm::Unstable);
    }
    let mut lines: Vec<String> = triples.iter().map(|t| t.to_string()).collect();
    lines.sort_unstable();
    let mut hasher = Sha256::new();
    for line in &lines {
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
