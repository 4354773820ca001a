//! Per-instrument citation statistics, kept in the named graph `graph:statistics` so that "which
//! instruments are cited most" reads a few hundred triples instead of aggregating every citation
//! (700,000 at 100,000 resolutions):
//!
//! ```turtle
//! inst:TIP-PROTOCOL tg:citingResolutionCount 219 ; tg:citationCount 301 ;   # graph:statistics
//!     skos:prefLabel "Protocol to Prevent, Suppress and Punish Trafficking in Persons, …"@en .
//! ```
//!
//! The label is the registry's, or the citing document's for an instrument outside the
//! registry: the shipped query then never touches the labels every citing graph repeats.
//!
//! The counts are a function of the document graphs: for each instrument (an IRI in the `inst:`
//! namespace) the number of document graphs with a citation of it (`cito:hasCitedEntity`) and the
//! number of such citations. Each document graph holds exactly one citing resolution and its own
//! citation IRIs, so these are the distinct resolutions and citations that the live aggregation
//! (`queries/most-cited-instruments-live.rq`) counts. Instruments no longer cited have no entry.
//!
//! Invariant: the statistics agree with the document graphs whenever the graph carries no
//! `graph:statistics tg:statisticsStale true` marker. A document written in its own transaction
//! updates them in that same transaction (the old graph's contribution out, the new one in).
//! The bulk loader cannot share a transaction with anything, so the bulk path sets the marker in
//! the transaction that removes the batch's old graphs and recomputes everything from the store
//! at the end, in one transaction that also clears the marker. A process killed in between
//! leaves the marker; the next open for writing sees it and recomputes. A store written before
//! statistics existed (document graphs but no statistics graph) is recomputed the same way.

use std::collections::{BTreeSet, HashMap, HashSet};

use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef,
    Term,
};
use oxigraph::store::{Store, Transaction};

use crate::error::Result;
use crate::model::vocab;

const HAS_CITED_ENTITY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/spar/cito/hasCitedEntity");
const CITING_RESOLUTIONS: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked(vocab::TG_CITING_RESOLUTION_COUNT);
const CITATIONS: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(vocab::TG_CITATION_COUNT);
const STALE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(vocab::TG_STATISTICS_STALE);
const GRAPH: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(vocab::STATISTICS_GRAPH);
const PREF_LABEL: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(vocab::SKOS_PREF_LABEL);
const REGISTRY: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(vocab::REGISTRY_GRAPH);

/// One instrument's entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    resolutions: u64,
    citations: u64,
}

fn stale_marker() -> QuadRef<'static> {
    QuadRef::new(GRAPH, STALE, &*TRUE, GRAPH)
}

static TRUE: std::sync::LazyLock<Literal> = std::sync::LazyLock::new(|| Literal::from(true));

/// Whether `graph` is a document graph, the only graphs the statistics count.
fn is_document_graph(graph: &str) -> bool {
    graph
        .strip_prefix(vocab::GRAPH)
        .is_some_and(|rest| rest.starts_with("doc/"))
}

/// The instrument a `cito:hasCitedEntity` object names, if it is one.
fn instrument(object: &Term) -> Option<&NamedNode> {
    match object {
        Term::NamedNode(node) if node.as_str().starts_with(vocab::INSTRUMENT) => Some(node),
        _ => None,
    }
}

/// Citations per instrument among the quads of one document graph.
fn citations_per_instrument<'q>(
    quads: impl IntoIterator<Item = &'q Quad>,
) -> HashMap<NamedNode, u64> {
    let mut counts = HashMap::new();
    for quad in quads {
        if quad.predicate == HAS_CITED_ENTITY {
            if let Some(instrument) = instrument(&quad.object) {
                *counts.entry(instrument.clone()).or_default() += 1;
            }
        }
    }
    counts
}

/// Within `transaction`, which is about to replace the graph `graph_iri` by `new_quads`, moves
/// the old graph's contribution out of the statistics and the new one in.
pub(super) fn replace_graph_in(
    transaction: &mut Transaction<'_>,
    graph_iri: &str,
    new_quads: &[Quad],
) -> Result<()> {
    if !is_document_graph(graph_iri) {
        return Ok(());
    }
    let graph = NamedNodeRef::new_unchecked(graph_iri);
    let old_quads = transaction
        .quads_for_pattern(None, Some(HAS_CITED_ENTITY), None, Some(graph.into()))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let old = citations_per_instrument(&old_quads);
    let new = citations_per_instrument(new_quads);
    let touched: BTreeSet<&NamedNode> = old.keys().chain(new.keys()).collect();
    transaction.insert_named_graph(GRAPH);
    for instrument in touched {
        let before = stored(transaction, instrument.as_ref())?;
        let (old_citations, new_citations) = (
            old.get(instrument).copied().unwrap_or(0),
            new.get(instrument).copied().unwrap_or(0),
        );
        let after = Counts {
            resolutions: (before.resolutions + u64::from(new_citations > 0))
                .saturating_sub(u64::from(old_citations > 0)),
            citations: (before.citations + new_citations).saturating_sub(old_citations),
        };
        if after != before {
            write(transaction, instrument.as_ref(), before, after);
        }
        if before.resolutions == 0 && after.resolutions > 0 {
            let label = label_among(new_quads, instrument.as_ref()).map_or_else(
                || registry_label(transaction, instrument.as_ref()),
                |l| Ok(Some(l)),
            )?;
            if let Some(label) = label {
                transaction.insert(QuadRef::new(instrument, PREF_LABEL, &label, GRAPH));
            }
        } else if before.resolutions > 0 && after.resolutions == 0 {
            let labels = transaction
                .quads_for_pattern(
                    Some(instrument.as_ref().into()),
                    Some(PREF_LABEL),
                    None,
                    Some(GRAPH.into()),
                )
                .collect::<std::result::Result<Vec<_>, _>>()?;
            for quad in &labels {
                transaction.remove(quad);
            }
        }
    }
    Ok(())
}

/// The label a document graph gives an instrument outside the registry.
fn label_among(quads: &[Quad], instrument: NamedNodeRef<'_>) -> Option<Term> {
    quads
        .iter()
        .find(|q| q.predicate == PREF_LABEL && q.subject.as_ref() == instrument.into())
        .map(|q| q.object.clone())
}

/// The registry's label of an instrument.
fn registry_label(
    transaction: &Transaction<'_>,
    instrument: NamedNodeRef<'_>,
) -> Result<Option<Term>> {
    label_in(transaction, instrument, REGISTRY.into())
}

/// The first label `graph` gives an instrument.
fn label_in(
    transaction: &Transaction<'_>,
    instrument: NamedNodeRef<'_>,
    graph: GraphNameRef<'_>,
) -> Result<Option<Term>> {
    let mut labels =
        transaction.quads_for_pattern(Some(instrument.into()), Some(PREF_LABEL), None, Some(graph));
    Ok(labels.next().transpose()?.map(|q| q.object))
}

/// The stored entry of one instrument (zero when it has none).
fn stored(transaction: &Transaction<'_>, instrument: NamedNodeRef<'_>) -> Result<Counts> {
    let mut counts = Counts::default();
    for quad in
        transaction.quads_for_pattern(Some(instrument.into()), None, None, Some(GRAPH.into()))
    {
        let quad = quad?;
        let value = match &quad.object {
            Term::Literal(literal) => literal.value().parse().unwrap_or(0),
            _ => continue,
        };
        if quad.predicate == CITING_RESOLUTIONS {
            counts.resolutions = value;
        } else if quad.predicate == CITATIONS {
            counts.citations = value;
        }
    }
    Ok(counts)
}

fn entry_quads(instrument: NamedNodeRef<'_>, counts: Counts) -> [Quad; 2] {
    let quad = |property: NamedNodeRef<'_>, value: u64| {
        Quad::new(
            instrument,
            property,
            Literal::from(value as i64),
            GraphName::from(GRAPH),
        )
    };
    [
        quad(CITING_RESOLUTIONS, counts.resolutions),
        quad(CITATIONS, counts.citations),
    ]
}

fn write(
    transaction: &mut Transaction<'_>,
    instrument: NamedNodeRef<'_>,
    before: Counts,
    after: Counts,
) {
    if before != Counts::default() {
        for quad in entry_quads(instrument, before) {
            transaction.remove(&quad);
        }
    }
    if after.resolutions > 0 {
        transaction.extend(&entry_quads(instrument, after));
    }
}

/// Within `transaction`, marks the statistics as disagreeing with the graphs until the next
/// [`recompute`] (the bulk path, which writes graphs outside transactions).
pub(super) fn mark_stale(transaction: &mut Transaction<'_>) {
    transaction.insert_named_graph(GRAPH);
    transaction.insert(stale_marker());
}

/// Whether the statistics must be recomputed before they can be trusted or updated: a bulk load
/// was interrupted (the marker is there), or the store has document graphs but was written
/// before statistics existed.
pub(super) fn needs_recomputation(store: &Store) -> Result<bool> {
    if store.contains(stale_marker())? {
        return Ok(true);
    }
    if store.contains_named_graph(GRAPH)? {
        return Ok(false);
    }
    for graph in store.named_graphs() {
        if let NamedOrBlankNode::NamedNode(graph) = graph? {
            if is_document_graph(graph.as_str()) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Recounts every document graph's citations and replaces the statistics graph (clearing the
/// stale marker) in one transaction.
pub(super) fn recompute(store: &Store) -> Result<()> {
    let mut transaction = store.start_transaction()?;
    let mut graphs_per_instrument: HashMap<NamedNode, HashSet<GraphName>> = HashMap::new();
    let mut citations: HashMap<NamedNode, u64> = HashMap::new();
    for quad in transaction.quads_for_pattern(None, Some(HAS_CITED_ENTITY), None, None) {
        let quad = quad?;
        let in_document = match &quad.graph_name {
            GraphName::NamedNode(graph) => is_document_graph(graph.as_str()),
            _ => false,
        };
        let Some(instrument) = instrument(&quad.object).filter(|_| in_document) else {
            continue;
        };
        *citations.entry(instrument.clone()).or_default() += 1;
        graphs_per_instrument
            .entry(instrument.clone())
            .or_default()
            .insert(quad.graph_name);
    }
    transaction.remove_named_graph(GRAPH)?;
    transaction.insert_named_graph(GRAPH);
    for (instrument, graphs) in &graphs_per_instrument {
        let counts = Counts {
            resolutions: graphs.len() as u64,
            citations: citations[instrument],
        };
        transaction.extend(&entry_quads(instrument.as_ref(), counts));
        let label = match registry_label(&transaction, instrument.as_ref())? {
            Some(label) => Some(label),
            None => first_document_label(&transaction, instrument.as_ref(), graphs)?,
        };
        if let Some(label) = label {
            transaction.insert(QuadRef::new(instrument, PREF_LABEL, &label, GRAPH));
        }
    }
    transaction.commit()?;
    Ok(())
}

/// The label the first (in IRI order) of `graphs` gives an instrument outside the registry: the
/// same choice whatever order the graphs were written in.
fn first_document_label(
    transaction: &Transaction<'_>,
    instrument: NamedNodeRef<'_>,
    graphs: &HashSet<GraphName>,
) -> Result<Option<Term>> {
    match graphs.iter().min_by_key(|graph| graph.to_string()) {
        Some(graph) => label_in(transaction, instrument, graph.as_ref()),
        None => Ok(None),
    }
}
